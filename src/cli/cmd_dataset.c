/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * `zkprov dataset commit | prove-member | prove-absent | check`
 * (docs/formats/dataset.md).  Exit codes: 0 success / accept, 1 reject,
 * 2 usage, bad input or I/O error. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "zkprov/io.h"
#include "zkprov/prov.h"
#include "zkprov/zkprov.h"

enum { EX_OK = 0, EX_REJECT = 1, EX_USAGE = 2 };

/* Proof-file section holding the DS.commit JSON text (docs/formats/dataset.md). */

static void usage_dataset(FILE *f) {
    fprintf(f,
            "usage: zkprov dataset <verb> ...\n"
            "  commit DATA --format csv|idx|jsonl [--schema FILE] [--labels FILE]\n"
            "         --out DS [--force] [--progress] [--seed HEX64] [--openings K]\n"
            "      commit to a dataset: writes DS.commit (public) and DS.secret (0600);\n"
            "      the commitment serves K training runs (default 8, 1..64)\n"
            "  prove-member DS RECORD --out P [--force]\n"
            "      prove that RECORD is in the dataset committed in DS.commit\n"
            "  prove-absent DS RECORD --out P [--force]\n"
            "      prove that RECORD is not in it\n"
            "  check P (--cert DS.cert --authority A.pub | --commit DS.commit)\n"
            "      verify a membership / non-membership proof (exit 0 accept, 1 reject)\n"
            "  certify ... / verify ...   dataset certificates (zkprov dataset certify -h)\n");
}

static void hexstr(char *out, const uint8_t *b, size_t n) {
    static const char h[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = h[b[i] >> 4];
        out[2 * i + 1] = h[b[i] & 15];
    }
    out[2 * n] = 0;
}

/* ---- atomic outputs ----
 * Each output is written to a new temporary file (O_CREAT | O_EXCL, its
 * final mode) in the target's directory, flushed, then renamed (--force)
 * or hard-linked (never replacing an existing file). */
typedef struct {
    const char *path;
    char tmp[4096];
    int have_tmp;
} outfile;

static int write_tmp(outfile *o, const void *data, size_t len, mode_t mode, char *err,
                     size_t errlen) {
    for (int attempt = 0; attempt < 100; attempt++) {
        uint8_t r[6];
        char rh[13];
        zp_rng rng;
        if (zp_rng_init_os(&rng) != ZP_OK) break;
        zp_rng_bytes(&rng, r, sizeof r);
        hexstr(rh, r, sizeof r);
        if ((size_t)snprintf(o->tmp, sizeof o->tmp, "%s.tmp-%s", o->path, rh) >= sizeof o->tmp) {
            snprintf(err, errlen, "%s: path too long", o->path);
            return -1;
        }
        int fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL, mode);
        if (fd < 0) {
            if (errno == EEXIST) continue;
            snprintf(err, errlen, "%s: cannot create: %s", o->path, strerror(errno));
            return -1;
        }
        o->have_tmp = 1;
        const uint8_t *p = data;
        size_t left = len;
        while (left) {
            ssize_t w = write(fd, p, left);
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) {
                snprintf(err, errlen, "%s: write failed: %s", o->path, strerror(errno));
                close(fd);
                return -1;
            }
            p += w;
            left -= (size_t)w;
        }
        if (fsync(fd) != 0 || close(fd) != 0) {
            snprintf(err, errlen, "%s: write failed: %s", o->path, strerror(errno));
            return -1;
        }
        return 0;
    }
    snprintf(err, errlen, "%s: cannot create a temporary file", o->path);
    return -1;
}

static void drop_tmp(outfile *o) {
    if (o->have_tmp) unlink(o->tmp);
    o->have_tmp = 0;
}

/* Publishes every tmp to its path; on failure nothing new is left behind. */
static int publish(outfile *o, size_t n, int force, char *err, size_t errlen) {
    size_t done = 0;
    for (; done < n; done++) {
        int r = force ? rename(o[done].tmp, o[done].path) : link(o[done].tmp, o[done].path);
        if (r != 0) {
            snprintf(err, errlen, "%s: %s", o[done].path,
                     errno == EEXIST ? "exists (use --force to replace it)" : strerror(errno));
            break;
        }
        if (force) o[done].have_tmp = 0;
    }
    if (done < n && !force)
        for (size_t i = 0; i < done; i++) unlink(o[i].path);
    for (size_t i = 0; i < n; i++) drop_tmp(&o[i]);
    return done == n ? 0 : -1;
}

static int exists(const char *path) {
    struct stat st;
    return lstat(path, &st) == 0;
}

/* ---- commit ---- */
typedef struct {
    zp_dataset_builder *b;
    char *err;
} add_ctx;

static zp_err add_row(void *ctx, const zp_fe *row, uint64_t index) {
    add_ctx *a = ctx;
    (void)index;
    return zp_dataset_builder_add(a->b, a->err, row);
}

typedef struct {
    const char *what;
    double last;
} progress_ctx;

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void progress(void *ctx, uint64_t records, uint64_t bytes, uint64_t total) {
    progress_ctx *p = ctx;
    double t = now_s();
    if (t - p->last < 0.1 && bytes < total) return;
    p->last = t;
    if (total)
        fprintf(stderr, "\rzkprov: reading %s: %llu records (%.0f%%)   ", p->what,
                (unsigned long long)records, 100.0 * (double)(bytes > total ? total : bytes) / (double)total);
    else
        fprintf(stderr, "\rzkprov: reading %s: %llu records   ", p->what, (unsigned long long)records);
    fflush(stderr);
}

static void finish_progress(void *ctx, const char *phase, uint64_t done, uint64_t total) {
    progress_ctx *p = ctx;
    double t = now_s();
    if (t - p->last < 0.1 && done < total && done > 0) return;
    p->last = t;
    fprintf(stderr, "\rzkprov: %s: %llu of %llu   ", phase, (unsigned long long)done,
            (unsigned long long)total);
    if (done == total && !strcmp(phase, "matrix commitment")) fprintf(stderr, "\n");
    fflush(stderr);
}

static int parse_seed(uint8_t seed[32], const char *hex) {
    if (strlen(hex) != 64) return -1;
    for (int i = 0; i < 32; i++) {
        unsigned v;
        if (sscanf(hex + 2 * i, "%2x", &v) != 1) return -1;
        seed[i] = (uint8_t)v;
    }
    return 0;
}

static int cmd_commit(int argc, char **argv) {
    const char *data = NULL, *fmt = NULL, *schema_path = NULL, *labels = NULL, *out = NULL,
               *seed_hex = NULL, *openings = NULL;
    int force = 0, want_progress = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--force")) force = 1;
        else if (!strcmp(a, "--progress")) want_progress = 1;
        else if ((!strcmp(a, "--format") || !strcmp(a, "--schema") || !strcmp(a, "--labels") ||
                  !strcmp(a, "--out") || !strcmp(a, "--seed") || !strcmp(a, "--openings")) &&
                 i + 1 < argc) {
            const char *v = argv[++i];
            if (!strcmp(a, "--format")) fmt = v;
            else if (!strcmp(a, "--openings")) openings = v;
            else if (!strcmp(a, "--schema")) schema_path = v;
            else if (!strcmp(a, "--labels")) labels = v;
            else if (!strcmp(a, "--out")) out = v;
            else seed_hex = v;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "zkprov dataset commit: unknown or incomplete option '%s'\n", a);
            return EX_USAGE;
        } else if (data) {
            fprintf(stderr, "zkprov dataset commit: more than one DATA file\n");
            return EX_USAGE;
        } else data = a;
    }
    if (!data || !fmt || !out) {
        fprintf(stderr, "usage: zkprov dataset commit DATA --format csv|idx|jsonl [--schema FILE] "
                        "[--labels FILE] --out DS [--force] [--progress] [--seed HEX64] "
                        "[--openings K]\n");
        return EX_USAGE;
    }
    zp_ds_format f;
    if (zp_ds_format_from_name(&f, fmt) != ZP_OK) {
        fprintf(stderr, "zkprov: unknown format '%s' (csv, idx or jsonl)\n", fmt);
        return EX_USAGE;
    }
    if (f == ZP_DS_IDX && !labels) {
        fprintf(stderr, "zkprov: --format idx needs --labels FILE (the IDX label file)\n");
        return EX_USAGE;
    }
    if (f != ZP_DS_IDX && labels) {
        fprintf(stderr, "zkprov: --labels is for --format idx only\n");
        return EX_USAGE;
    }
    uint8_t seed[32];
    if (seed_hex && parse_seed(seed, seed_hex) != 0) {
        fprintf(stderr, "zkprov: --seed takes 64 hex digits\n");
        return EX_USAGE;
    }
    unsigned n_open = ZP_DS_DEFAULT_OPENINGS;
    if (openings) {
        char *end = NULL;
        unsigned long k = strtoul(openings, &end, 10);
        if (!end || *end || openings[0] < '0' || openings[0] > '9' || k < 1 ||
            k > ZP_DS_MAX_OPENINGS) {
            fprintf(stderr, "zkprov: --openings takes an integer in 1..%d\n", ZP_DS_MAX_OPENINGS);
            return EX_USAGE;
        }
        n_open = (unsigned)k;
    }
    size_t ol = strlen(out);
    char *commit_path = malloc(ol + 8), *secret_path = malloc(ol + 8);
    if (!commit_path || !secret_path) { free(commit_path); free(secret_path); return EX_USAGE; }
    snprintf(commit_path, ol + 8, "%s.commit", out);
    snprintf(secret_path, ol + 8, "%s.secret", out);
    int rc = EX_USAGE;
    zp_ds_schema *schema = NULL;
    zp_dataset_builder *b = NULL;
    zp_dataset_commit *c = NULL;
    zp_dataset_secret *sec = NULL;
    char *cj = NULL;
    uint8_t *sb = NULL;
    size_t cl = 0, sl = 0;
    char err[ZP_IO_ERR_BYTES] = "";
    outfile o[2] = {{commit_path, "", 0}, {secret_path, "", 0}};
    if (!force && (exists(commit_path) || exists(secret_path))) {
        fprintf(stderr, "zkprov: %s: exists (use --force to replace it)\n",
                exists(commit_path) ? commit_path : secret_path);
        goto done;
    }
    zp_err e = schema_path ? zp_io_schema_load(&schema, err, schema_path)
                           : zp_io_schema_default(&schema, err, f, data, labels);
    if (e != ZP_OK) {
        fprintf(stderr, "zkprov: %s\n", err[0] ? err : zp_strerror(e));
        goto done;
    }
    if (schema->format != f) {
        fprintf(stderr, "zkprov: %s: schema is for format %s, not %s\n", schema_path,
                zp_ds_format_name(schema->format), fmt);
        goto done;
    }
    if ((e = zp_dataset_builder_new(&b, schema)) != ZP_OK ||
        (e = zp_dataset_builder_set_openings(b, n_open)) != ZP_OK) {
        fprintf(stderr, "zkprov: cannot start the dataset: %s\n", zp_strerror(e));
        goto done;
    }
    int show = want_progress || isatty(2);
    progress_ctx pc = {data, 0};
    char aerr[ZP_DS_ERR_BYTES] = "";
    add_ctx ac = {b, aerr};
    uint64_t n = 0;
    e = zp_io_records_read(&n, err, schema, data, labels, add_row, &ac, show ? progress : NULL, &pc);
    if (show) fprintf(stderr, "\n");
    if (e != ZP_OK) {
        if (aerr[0]) fprintf(stderr, "zkprov: %s: %s\n", data, aerr);
        else fprintf(stderr, "zkprov: %s\n", err[0] ? err : zp_strerror(e));
        goto done;
    }
    if (show) zp_dataset_builder_set_progress(b, finish_progress, &pc);
    e = zp_dataset_builder_finish(b, aerr, &c, &sec, seed_hex ? seed : NULL);
    if (e != ZP_OK) {
        fprintf(stderr, "zkprov: %s: %s\n", data, aerr[0] ? aerr : zp_strerror(e));
        goto done;
    }
    if ((e = zp_dataset_commit_to_json(&cj, &cl, c)) != ZP_OK ||
        (e = zp_dataset_secret_serialize(&sb, &sl, sec)) != ZP_OK) {
        fprintf(stderr, "zkprov: %s\n", zp_strerror(e));
        goto done;
    }
    char werr[512];
    if (write_tmp(&o[0], cj, cl, 0644, werr, sizeof werr) != 0 ||
        write_tmp(&o[1], sb, sl, 0600, werr, sizeof werr) != 0 ||
        publish(o, 2, force, werr, sizeof werr) != 0) {
        fprintf(stderr, "zkprov: %s\n", werr);
        goto done;
    }
    char dh[65];
    hexstr(dh, c->digest.b, 32);
    printf("dataset %s: %llu records, width %zu, digest %s\n", data,
           (unsigned long long)c->n_records, c->schema->width, dh);
    printf("wrote %s and %s\n", commit_path, secret_path);
    printf("the commitment serves %u training runs (one opening of the record matrix each)\n",
           c->pcs.max_openings);
    rc = EX_OK;
done:
    drop_tmp(&o[0]);
    drop_tmp(&o[1]);
    if (sb) { zp_memzero(sb, sl); free(sb); }
    free(cj);
    zp_dataset_secret_free(sec);
    zp_dataset_commit_free(c);
    zp_dataset_builder_free(b);
    zp_ds_schema_free(schema);
    free(commit_path);
    free(secret_path);
    return rc;
}

/* ---- prove-member / prove-absent ---- */
static int cmd_prove(int argc, char **argv, int member) {
    const char *verb = member ? "prove-member" : "prove-absent";
    const char *ds = NULL, *record = NULL, *out = NULL;
    int force = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--force")) force = 1;
        else if (!strcmp(argv[i], "--out") && i + 1 < argc) out = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "zkprov dataset %s: unknown or incomplete option '%s'\n", verb, argv[i]);
            return EX_USAGE;
        } else if (!ds) ds = argv[i];
        else if (!record) record = argv[i];
        else {
            fprintf(stderr, "zkprov dataset %s: too many arguments\n", verb);
            return EX_USAGE;
        }
    }
    if (!ds || !record || !out) {
        fprintf(stderr, "usage: zkprov dataset %s DS RECORD --out P [--force]\n", verb);
        return EX_USAGE;
    }
    if (!force && exists(out)) {
        fprintf(stderr, "zkprov: %s: exists (use --force to replace it)\n", out);
        return EX_USAGE;
    }
    size_t dl = strlen(ds);
    char *cp = malloc(dl + 8), *sp = malloc(dl + 8);
    int rc = EX_USAGE;
    zp_dataset_commit *c = NULL;
    zp_dataset_secret *sec = NULL;
    zp_fe *row = NULL;
    char *craw = NULL;
    size_t crl = 0;
    zp_bytes pb;
    zp_bytes_init(&pb);
    zp_proof_file *pf = NULL;
    char err[ZP_IO_ERR_BYTES] = "";
    if (!cp || !sp) goto done;
    snprintf(cp, dl + 8, "%s.commit", ds);
    snprintf(sp, dl + 8, "%s.secret", ds);
    zp_err e;
    if ((e = zp_dataset_commit_load(&c, err, cp)) != ZP_OK ||
        (e = zp_dataset_secret_load(&sec, err, sp, c)) != ZP_OK) {
        fprintf(stderr, "zkprov: %s\n", err[0] ? err : zp_strerror(e));
        goto done;
    }
    /* The canonical DS.commit text travels in the proof. */
    if ((e = zp_dataset_commit_to_json(&craw, &crl, c)) != ZP_OK) {
        fprintf(stderr, "zkprov: %s: %s\n", cp, zp_strerror(e));
        goto done;
    }
    row = calloc(c->schema->width, sizeof *row);
    if (!row) goto done;
    if ((e = zp_io_record_read_one(row, err, c->schema, record)) != ZP_OK) {
        fprintf(stderr, "zkprov: %s\n", err[0] ? err : zp_strerror(e));
        goto done;
    }
    e = zp_dataset_prove_membership(&pb, c, sec, row, member);
    if (e == ZP_ERR_VERIFY) {
        fprintf(stderr, "zkprov: %s: the record is %s the dataset; no proof written\n", record,
                member ? "NOT in" : "in");
        rc = EX_REJECT;
        goto done;
    }
    if (e != ZP_OK) {
        fprintf(stderr, "zkprov: %s: cannot prove: %s\n", record, zp_strerror(e));
        goto done;
    }
    size_t w = c->schema->width;
    size_t stl = 8 + 8 * w;
    uint8_t *st = malloc(stl);
    if (!st) goto done;
    st[0] = member ? 1 : 0;
    st[1] = st[2] = st[3] = 0;
    zp_store32_le(st + 4, (uint32_t)w);
    for (size_t i = 0; i < w; i++) zp_store64_le(st + 8 + 8 * i, row[i]);
    char perr[ZP_PROOF_ERR_BYTES] = "";
    e = zp_proof_file_new(&pf, ZP_STMT_DATASET_MEMBERSHIP);
    if (e == ZP_OK) e = zp_proof_file_add_section(pf, ZP_SECTION_STATEMENT, st, stl);
    if (e == ZP_OK) e = zp_proof_file_add_section(pf, ZP_SECTION_PROOF, pb.data, pb.len);
    if (e == ZP_OK) e = zp_proof_file_add_section(pf, ZP_SECTION_DATASET_COMMITMENT, craw, crl);
    if (e == ZP_OK) e = zp_proof_file_write(pf, perr, out, force);
    free(st);
    if (e != ZP_OK) {
        fprintf(stderr, "zkprov: %s: %s\n", out, perr[0] ? perr : zp_strerror(e));
        goto done;
    }
    char dh[65];
    hexstr(dh, c->digest.b, 32);
    printf("wrote %s: record %s dataset %s\n", out, member ? "IS in" : "is NOT in", dh);
    rc = EX_OK;
done:
    zp_proof_file_free(pf);
    zp_bytes_free(&pb);
    free(row);
    free(craw);
    zp_dataset_secret_free(sec);
    zp_dataset_commit_free(c);
    free(cp);
    free(sp);
    return rc;
}

/* ---- check ---- */
static int cmd_check(int argc, char **argv) {
    const char *pfile = NULL, *cert = NULL, *auth = NULL, *commit = NULL;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--cert") && i + 1 < argc) cert = argv[++i];
        else if (!strcmp(argv[i], "--authority") && i + 1 < argc) auth = argv[++i];
        else if (!strcmp(argv[i], "--commit") && i + 1 < argc) commit = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "zkprov dataset check: unknown or incomplete option '%s'\n", argv[i]);
            return EX_USAGE;
        } else if (!pfile) pfile = argv[i];
        else {
            fprintf(stderr, "zkprov dataset check: more than one proof file\n");
            return EX_USAGE;
        }
    }
    if (!pfile || (!cert && !commit) || (cert && commit) || (cert && !auth) || (auth && !cert)) {
        fprintf(stderr, "usage: zkprov dataset check P --cert DS.cert --authority A.pub\n"
                        "       zkprov dataset check P --commit DS.commit   (no certificate)\n");
        return EX_USAGE;
    }
    int rc = EX_REJECT;
    zp_proof_file *pf = NULL;
    zp_dataset_commit *c = NULL, *ref = NULL;
    zp_fe *row = NULL;
    zp_cert_info ci;
    memset(&ci, 0, sizeof ci);
    char perr[ZP_PROOF_ERR_BYTES] = "", err[ZP_IO_ERR_BYTES] = "";
    const char *why = NULL;
    zp_err e = zp_proof_file_read(&pf, perr, pfile, 0);
    if (e != ZP_OK) {
        if (e == ZP_ERR_IO || e == ZP_ERR_NOMEM) {
            fprintf(stderr, "zkprov: %s: %s\n", pfile, perr[0] ? perr : zp_strerror(e));
            return EX_USAGE;
        }
        printf("record proof REJECTED: %s: %s\n", pfile, perr[0] ? perr : zp_strerror(e));
        return EX_REJECT;
    }
    static const uint32_t tags[] = {ZP_SECTION_STATEMENT, ZP_SECTION_PROOF, ZP_SECTION_DATASET_COMMITMENT};
    const uint8_t *st, *pr, *cj;
    size_t stl, prl, cjl;
    if (zp_proof_file_expect(pf, perr, ZP_STMT_DATASET_MEMBERSHIP, tags, 3) != ZP_OK ||
        zp_proof_file_section(pf, ZP_SECTION_STATEMENT, &st, &stl) != ZP_OK ||
        zp_proof_file_section(pf, ZP_SECTION_PROOF, &pr, &prl) != ZP_OK ||
        zp_proof_file_section(pf, ZP_SECTION_DATASET_COMMITMENT, &cj, &cjl) != ZP_OK) {
        why = perr[0] ? perr : "not a dataset membership proof";
        goto done;
    }
    char cerr[ZP_DS_ERR_BYTES] = "";
    if (zp_dataset_commit_parse(&c, cerr, (const char *)cj, cjl) != ZP_OK) {
        snprintf(err, sizeof err, "embedded %s", cerr);
        why = err;
        goto done;
    }
    /* The embedded text must be the canonical one (no malleable bytes). */
    char *canon = NULL;
    size_t canon_len = 0;
    if (zp_dataset_commit_to_json(&canon, &canon_len, c) != ZP_OK) {
        rc = EX_USAGE;
        why = "out of memory";
        goto done;
    }
    int same = canon_len == cjl && !memcmp(canon, cj, cjl);
    free(canon);
    if (!same) {
        why = "the embedded dataset commitment is not in canonical form";
        goto done;
    }
    size_t w = c->schema->width;
    if (stl != 8 + 8 * w || st[0] > 1 || st[1] || st[2] || st[3] || zp_load32_le(st + 4) != w) {
        why = "malformed statement section";
        goto done;
    }
    int member = st[0];
    row = malloc(w * sizeof *row);
    if (!row) { rc = EX_USAGE; why = "out of memory"; goto done; }
    for (size_t i = 0; i < w; i++) {
        row[i] = zp_load64_le(st + 8 + 8 * i);
        if (row[i] >= ZP_FIELD_P) { why = "non-canonical field element in the record"; goto done; }
    }
    e = zp_dataset_verify_membership(c, row, member, pr, prl);
    if (e != ZP_OK) {
        why = e == ZP_ERR_PARSE ? "malformed membership proof"
                                : "the proof does not verify against the dataset commitment";
        goto done;
    }
    char dh[65];
    hexstr(dh, c->digest.b, 32);
    if (cert) {
        uint8_t pk[ZP_AUTH_PUBLICKEYBYTES];
        char kerr[ZP_CERT_ERR_BYTES] = "";
        e = zp_auth_public_load(pk, kerr, auth);
        if (e != ZP_OK) {
            fprintf(stderr, "zkprov: %s: %s\n", auth, kerr[0] ? kerr : zp_strerror(e));
            rc = EX_USAGE;
            goto done;
        }
        e = zp_cert_verify_file(&ci, kerr, cert, pk, (int64_t)time(NULL));
        if (e == ZP_ERR_IO) {
            fprintf(stderr, "zkprov: %s: %s\n", cert, kerr[0] ? kerr : zp_strerror(e));
            rc = EX_USAGE;
            goto done;
        }
        if (e != ZP_OK) {
            snprintf(err, sizeof err, "certificate %s: %s", cert, kerr[0] ? kerr : zp_strerror(e));
            why = err;
            goto done;
        }
        if (zp_cert_check_commit(kerr, &ci, c) != ZP_OK) {
            snprintf(err, sizeof err, "the certificate %s is for another dataset (%s)", cert, kerr);
            why = err;
            goto done;
        }
        char kh[65];
        hexstr(kh, ci.authority_key_id, 32);
        printf("record %s dataset %s (certified by authority %s, subject \"%s\")\n",
               member ? "IS in" : "is NOT in", dh, kh, ci.subject_name ? ci.subject_name : "");
    } else {
        char cerr2[ZP_DS_ERR_BYTES] = "";
        e = zp_dataset_commit_load(&ref, cerr2, commit);
        if (e == ZP_ERR_IO) {
            fprintf(stderr, "zkprov: %s\n", cerr2);
            rc = EX_USAGE;
            goto done;
        }
        if (e != ZP_OK) { snprintf(err, sizeof err, "%s", cerr2); why = err; goto done; }
        if (!zp_memeq(ref->digest.b, c->digest.b, 32)) {
            snprintf(err, sizeof err, "the proof is for another dataset than %s", commit);
            why = err;
            goto done;
        }
        printf("record %s dataset %s (matches %s; no certificate checked)\n",
               member ? "IS in" : "is NOT in", dh, commit);
    }
    rc = EX_OK;
done:
    if (why) printf("record proof REJECTED: %s\n", why);
    zp_cert_info_clear(&ci);
    free(row);
    zp_dataset_commit_free(ref);
    zp_dataset_commit_free(c);
    zp_proof_file_free(pf);
    return rc;
}

int cmd_dataset_main(int argc, char **argv) {
    if (argc < 1 || !strcmp(argv[0], "-h") || !strcmp(argv[0], "--help") ||
        !strcmp(argv[0], "help")) {
        usage_dataset(argc < 1 ? stderr : stdout);
        return argc < 1 ? EX_USAGE : EX_OK;
    }
    const char *verb = argv[0];
    if (!strcmp(verb, "commit")) return cmd_commit(argc - 1, argv + 1);
    if (!strcmp(verb, "prove-member")) return cmd_prove(argc - 1, argv + 1, 1);
    if (!strcmp(verb, "prove-absent")) return cmd_prove(argc - 1, argv + 1, 0);
    if (!strcmp(verb, "check")) return cmd_check(argc - 1, argv + 1);
    if (!strcmp(verb, "certify") || !strcmp(verb, "verify"))
        return cmd_cert_dataset_main(argc, argv); /* src/cli/cmd_cert.c */
    fprintf(stderr, "zkprov: unknown command 'dataset %s'\n", verb);
    usage_dataset(stderr);
    return EX_USAGE;
}
