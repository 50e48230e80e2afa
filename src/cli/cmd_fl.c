/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * `zkprov fl init|update|aggregate|verify`: a thin shell over
 * src/prov/fl_round.c (docs/spec/fl.md, docs/formats/fl.md).  Exit codes:
 * 0 accept, 1 reject, 2 usage or I/O error. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "prov/cert_internal.h"
#include "prov/fl_internal.h"
#include "zkprov/io.h"
#include "zkprov/prov.h"
#include "zkprov/zkml.h"
#include "io/verify_internal.h"

enum { EX_OK = 0, EX_REJECT = 1, EX_USAGE = 2 };
#define UPS_MAGIC "ZPFLUPS1"
#define MAX_FILE ((size_t)1 << 31)

static void usage(FILE *f) {
    fprintf(f, "usage: zkprov fl <verb> ...\n"
               "  init --global MODEL | --global-config CONFIG   --clients FILE --bound B --out ROUND\n"
               "         [--update-bits K] [--round-id N] [--force]   (CONFIG: its seeded base model,\n"
               "         in the flat order of trained updates)\n"
               "  update ROUND --key CLIENT.key --out UPD [--force]\n"
               "         --train CONFIG --cert DS.cert --authority A.pub --secret DS.secret [--commit DS.commit]\n"
               "           --data DATA [--format csv|idx] [--labels FILE] [--dataset-opening J]\n"
               "           (proven local training from the round's model on the certified shard, every\n"
               "            batch record proven a row of its dataset commitment DS.commit (default: the\n"
               "            certificate's path with .commit), with its opening J (default 0; one per run);\n"
               "            writes UPD and its training proofs UPD.train)\n"
               "       | --update FILE --samples N   (an update without a training proof)\n"
               "  aggregate ROUND UPD... --prove --out NEXT [--authorities FILE] [--skip-training-proofs]\n"
               "         [--allow-untrained] [--force]   (an update without a training proof is refused\n"
               "         unless --allow-untrained)\n"
               "        (checks every update's range proof and, for trained updates, UPD.train: the\n"
               "         certificate under the client's authority, the dataset commitment it names, the\n"
               "         run bound to it and the link; writes NEXT.train)\n"
               "  verify NEXT --prev ROUND [--skip-range-proofs] [--authorities FILE] [--train FILE]\n"
               "         [--skip-training-proofs] [--allow-untrained]   (by default every client's range proof and every\n"
               "        included client's training proof (NEXT.train) are re-checked; the --skip flags\n"
               "        trust their signed digests; a round including an update without a training\n"
               "        proof is rejected unless --allow-untrained)\n"
               "MODEL and FILE of an update: whitespace-separated integers (fixed point; for trained\n"
               "updates the flat order of docs/spec/fl.md); the clients and authorities FILEs list one\n"
               "public key file per line (line i: client i's key, the authority of client i's data).\n");
}

/* Reads whitespace-separated integers, padded with zeros to a power of two
 * (at least 64).  Returns the count (power of two) or 0 on error. */
static size_t read_ints(int64_t **out, const char *path, size_t want) {
    char err[ZP_CERT_ERR_BYTES];
    char *txt;
    size_t len;
    *out = NULL;
    if (zp_cert_read_file(&txt, &len, err, path, (size_t)1 << 30) != ZP_OK) {
        fprintf(stderr, "zkprov: %s\n", err);
        return 0;
    }
    size_t cap = 1024, n = 0;
    int64_t *v = malloc(cap * 8);
    char *p = txt, *end;
    while (v) {
        while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r' || *p == ',') p++;
        if (!*p) break;
        long long x = strtoll(p, &end, 10);
        if (end == p) {
            fprintf(stderr, "zkprov: %s: not an integer at byte %zu\n", path, (size_t)(p - txt));
            free(v), free(txt);
            return 0;
        }
        p = end;
        if (n == cap) {
            int64_t *nv = realloc(v, 2 * cap * 8);
            if (!nv) break;
            v = nv, cap *= 2;
        }
        v[n++] = x;
    }
    free(txt);
    if (!v || n == 0) {
        free(v);
        fprintf(stderr, "zkprov: %s: no values\n", path);
        return 0;
    }
    size_t P = 64;
    while (P < n) P *= 2;
    if (want && P != want) {
        if (n > want) {
            fprintf(stderr, "zkprov: %s: %zu values, the round has %zu parameters\n", path, n, want);
            free(v);
            return 0;
        }
        P = want;
    }
    int64_t *w = calloc(P, 8);
    if (!w) {
        free(v);
        return 0;
    }
    memcpy(w, v, n * 8);
    free(v);
    *out = w;
    return P;
}

static int load_round(zp_fl_round *r, const char *path) {
    char reason[ZP_VERIFY_REASON_BYTES] = "";
    if (zp_verify_load_round(r, reason, path) == ZP_OK) return 1;
    fprintf(stderr, "zkprov: %s\n", reason);
    return 0;
}

static int write_out(const char *path, const void *d, size_t n, unsigned mode, int force) {
    char err[ZP_CERT_ERR_BYTES];
    if (zp_cert_write_file(err, path, d, n, mode, force) != ZP_OK) {
        fprintf(stderr, "zkprov: %s\n", err);
        return 0;
    }
    return 1;
}

/* ---- trained updates: the certified shard and the training evidence ---- */

/* The training evidence of one update (UPD.train, docs/formats/fl.md),
 * framed by zp_fl_train_file_decode: f points into buf (owned). */
typedef struct {
    uint8_t *buf;
    size_t len;
    zp_fl_train_file f;
} trn;

/* Parses a UPD.train held in buf[len] (taken over by t, freed on failure).
 * Returns 1, 0 (malformed) or -1 (a version-1 file: an unbound run). */
static int trn_parse(trn *t, uint8_t *buf, size_t len) {
    memset(t, 0, sizeof *t);
    zp_err e = zp_fl_train_file_decode(&t->f, NULL, buf, len);
    if (e != ZP_OK) {
        free(buf);
        memset(t, 0, sizeof *t);
        return e == ZP_ERR_UNSUPPORTED ? -1 : 0;
    }
    t->buf = buf;
    t->len = len;
    return 1;
}

/* Reads the public key files listed in path (one a line) into *out[*n]. */
static int read_keys(uint8_t **out, uint32_t *n, const char *path) {
    char reason[ZP_VERIFY_REASON_BYTES] = "";
    if (zp_verify_read_keys(out, n, reason, path) == ZP_OK) return 1;
    fprintf(stderr, "zkprov: %s\n", reason);
    return 0;
}

static char *path_plus(const char *path, const char *ext) {
    size_t n = strlen(path), m = strlen(ext);
    char *s = malloc(n + m + 1);
    if (s) memcpy(s, path, n), memcpy(s + n, ext, m + 1);
    return s;
}

/* The global model of a training config (its seeded initialisation) in
 * the flat order, 2^lp >= max(64, model size) values.  Returns P or 0. */
static size_t global_from_config(int64_t **out, const char *path) {
    size_t len = 0, P = 0;
    uint8_t *cj = cli_read_all(path, &len, (size_t)1 << 24);
    zp_train_config cfg;
    char ce[ZP_ZKML_ERR_BYTES] = "";
    zp_mlp m;
    memset(&m, 0, sizeof m);
    *out = NULL;
    if (!cj) {
        fprintf(stderr, "zkprov: cannot read %s\n", path);
        return 0;
    }
    if (zp_train_config_parse(&cfg, ce, (const char *)cj, len) != ZP_OK) {
        fprintf(stderr, "zkprov: %s: %s\n", path, ce);
        free(cj);
        return 0;
    }
    free(cj);
    if (cfg.init != ZP_INIT_SEEDED) {
        fprintf(stderr, "zkprov: %s: --global-config takes a seeded base model (else --global "
                        "with the flat values)\n", path);
        goto done;
    }
    size_t E = zp_fl_model_size(&cfg);
    P = 64;
    while (P < E) P *= 2;
    if (!(*out = calloc(P, 8)) || zp_mlp_alloc(&m, &cfg) != ZP_OK ||
        zp_mlp_init_seeded(&m, &cfg, cfg.init_seed) != ZP_OK ||
        zp_fl_model_flatten(*out, P, &cfg, &m) != ZP_OK) {
        free(*out);
        *out = NULL;
        P = 0;
    }
done:
    zp_mlp_free(&m);
    zp_train_config_free(&cfg);
    return P;
}

static int cmd_init(int argc, char **argv) {
    const char *model = NULL, *clients = NULL, *out = NULL, *gcfg = NULL;
    uint64_t bound = 0, rid = 0, ubits = 16;
    int force = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--force")) force = 1;
        else if (i + 1 < argc && !strcmp(a, "--global")) model = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--global-config")) gcfg = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--clients")) clients = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--out")) out = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--bound")) bound = strtoull(argv[++i], NULL, 10);
        else if (i + 1 < argc && !strcmp(a, "--round-id")) rid = strtoull(argv[++i], NULL, 10);
        else if (i + 1 < argc && !strcmp(a, "--update-bits")) ubits = strtoull(argv[++i], NULL, 10);
        else {
            usage(stderr);
            return EX_USAGE;
        }
    }
    if (!model == !gcfg || !clients || !out || !bound) {
        usage(stderr);
        return EX_USAGE;
    }
    zp_fl_round r;
    memset(&r, 0, sizeof r);
    size_t P = model ? read_ints(&r.global, model, 0) : global_from_config(&r.global, gcfg);
    if (!P) return EX_USAGE;
    unsigned lp = 0;
    while (((size_t)1 << lp) < P) lp++;
    r.log_params = lp;
    r.round_id = rid;
    r.update_bits = (uint32_t)ubits;
    r.bound = bound;
    FILE *f = fopen(clients, "r");
    if (!f) {
        fprintf(stderr, "zkprov: cannot open %s\n", clients);
        zp_fl_round_clear(&r);
        return EX_USAGE;
    }
    char line[4096];
    r.client_pk = malloc(32 * ZP_FL_MAX_CLIENTS);
    while (r.client_pk && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0] || line[0] == '#') continue;
        char err[ZP_CERT_ERR_BYTES];
        if (r.n_clients == ZP_FL_MAX_CLIENTS ||
            zp_auth_public_load(r.client_pk + 32 * r.n_clients, err, line) != ZP_OK) {
            fprintf(stderr, "zkprov: %s: %s\n", line, r.n_clients == ZP_FL_MAX_CLIENTS ? "too many clients" : err);
            fclose(f);
            zp_fl_round_clear(&r);
            return EX_USAGE;
        }
        r.n_clients++;
    }
    fclose(f);
    uint8_t *b;
    size_t n;
    if (zp_fl_round_encode(&b, &n, &r) != ZP_OK) {
        fprintf(stderr, "zkprov: invalid round (limits: docs/formats/fl.md)\n");
        zp_fl_round_clear(&r);
        return EX_USAGE;
    }
    int ok = write_out(out, b, n, 0644, force);
    zp_digest d;
    if (ok && zp_fl_round_digest(&d, &r) == ZP_OK) {
        printf("round %" PRIu64 ": %u clients, 2^%u parameters, digest ", r.round_id, r.n_clients, lp);
        for (int i = 0; i < 32; i++) printf("%02x", d.b[i]);
        printf("\n");
    }
    free(b);
    zp_fl_round_clear(&r);
    return ok ? EX_OK : EX_USAGE;
}

static int cmd_update(int argc, char **argv) {
    const char *rpath = NULL, *key = NULL, *upd = NULL, *out = NULL;
    const char *trainp = NULL, *certp = NULL, *authp = NULL, *data = NULL, *fmt = "csv",
               *labels = NULL, *secp = NULL, *commp = NULL;
    uint64_t samples = 0;
    unsigned dsj = 0;
    int force = 0, have_j = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--force")) force = 1;
        else if (i + 1 < argc && !strcmp(a, "--key")) key = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--update")) upd = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--out")) out = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--samples")) samples = strtoull(argv[++i], NULL, 10);
        else if (i + 1 < argc && !strcmp(a, "--train")) trainp = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--cert")) certp = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--authority")) authp = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--data")) data = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--format")) fmt = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--labels")) labels = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--secret")) secp = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--commit")) commp = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--dataset-opening"))
            dsj = (unsigned)strtoul(argv[++i], NULL, 10), have_j = 1;
        else if (a[0] != '-' && !rpath) rpath = a;
        else {
            usage(stderr);
            return EX_USAGE;
        }
    }
    int trained = trainp != NULL;
    if (!rpath || !key || !out ||
        (trained ? (!certp || !authp || !data || upd || samples)
                 : (!upd || !samples || secp || commp || have_j))) {
        usage(stderr);
        return EX_USAGE;
    }
    if (trained && !secp) {
        fprintf(stderr, "zkprov: fl update --train proves a run bound to the certified shard: "
                        "give the shard's dataset secret (--secret DS.secret; unbound training "
                        "runs are not accepted)\n");
        return EX_USAGE;
    }
    zp_fl_round r;
    if (!load_round(&r, rpath)) return EX_USAGE;
    int rc = EX_USAGE;
    uint8_t sk[64];
    char err[ZP_CERT_ERR_BYTES];
    int64_t *vals = NULL;
    zp_fe *mask = NULL;
    zp_pcs_prover *pr = NULL;
    zp_bytes sec, rp, run, link;
    zp_bytes_init(&sec);
    zp_bytes_init(&rp);
    zp_bytes_init(&run);
    zp_bytes_init(&link);
    uint8_t *file = NULL, *tfile = NULL, *cj = NULL;
    char *cert_json = NULL, *tpath = NULL, *dcj = NULL;
    size_t cert_len = 0, cj_len = 0, n = 0, tn = 0, dcl = 0;
    zp_train_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cli_bound_data bd;
    memset(&bd, 0, sizeof bd);
    if (zp_auth_secret_load(sk, err, key) != ZP_OK) {
        fprintf(stderr, "zkprov: %s\n", err);
        goto out;
    }
    uint32_t client = r.n_clients;
    for (uint32_t c = 0; c < r.n_clients; c++)
        if (!memcmp(r.client_pk + 32 * c, sk + 32, 32)) client = c;
    if (client == r.n_clients) {
        fprintf(stderr, "zkprov: this key is not a client of the round\n");
        rc = EX_REJECT;
        goto out;
    }
    size_t P = (size_t)1 << r.log_params;
    size_t ml = zp_fl_client_mask_len(r.log_params);
    mask = malloc(ml * sizeof(zp_fe));
    zp_rng rng;
    if (!mask || zp_rng_init_os(&rng) != ZP_OK) goto out;
    zp_fl_update h;
    zp_err e;
    if (trained) {
        /* the config, the certified shard with its dataset commitment and
         * secret, then the proven local run bound to that commitment */
        char ce[ZP_ZKML_ERR_BYTES] = "";
        if (!(cj = cli_read_all(trainp, &cj_len, (size_t)1 << 24))) {
            fprintf(stderr, "zkprov: cannot read %s\n", trainp);
            goto out;
        }
        if (zp_train_config_parse(&cfg, ce, (const char *)cj, cj_len) != ZP_OK) {
            fprintf(stderr, "zkprov: %s: %s\n", trainp, ce);
            goto out;
        }
        if ((rc = cli_bound_data_load(&bd, certp, authp, commp, secp, data, fmt, labels, dsj,
                                      &cfg)) != EX_OK)
            goto out;
        rc = EX_USAGE;
        /* TRN carries the certificate as signed and the commitment it names */
        if (zp_cert_read_file(&cert_json, &cert_len, err, certp, ZP_CERT_MAX_BYTES) != ZP_OK) {
            fprintf(stderr, "zkprov: %s\n", err);
            goto out;
        }
        if (zp_dataset_commit_to_json(&dcj, &dcl, bd.dc) != ZP_OK) goto out;
        size_t E = zp_fl_model_size(&cfg);
        if (E == 0 || E > P) {
            fprintf(stderr, "zkprov: the config's model has %zu values; the round has %zu\n", E, P);
            goto out;
        }
        if (!(vals = malloc(8 * P))) goto out;
        samples = bd.ds.n;
        zp_run_records rrec = {&bd.view, dsj, bd.pcs, bd.evals};
        e = zp_fl_update_create_trained(&h, &pr, &rp, &run, &link, vals, &r, client, sk, &cfg,
                                        &bd.ds, bd.ci.payload_digest.b, &rrec, mask, &rng);
        if (e != ZP_OK) {
            fprintf(stderr,
                    "zkprov: cannot create the trained update: %s (the round's model must be a "
                    "model of the config in the flat order, and the trained model minus it must "
                    "lie in [-2^%u, 2^%u))\n",
                    zp_strerror(e), r.update_bits - 1, r.update_bits - 1);
            if (e == ZP_ERR_UNSUPPORTED) rc = EX_REJECT;
            goto out;
        }
    } else {
        if (read_ints(&vals, upd, P) != P) goto out;
        e = zp_fl_update_create(&h, &pr, &rp, &r, client, sk, vals, samples, NULL, mask,
                                &rng);
        if (e != ZP_OK) {
            fprintf(stderr,
                    "zkprov: cannot create the update: %s (values must lie in [-2^%u, 2^%u))\n",
                    zp_strerror(e), r.update_bits - 1, r.update_bits - 1);
            goto out;
        }
    }
    if (zp_pcs_prover_export(pr, &sec) != ZP_OK || sec.failed) goto out;
    /* UPD: magic, header, values, mask rows, PCS secret, range proof
     * (SECRET: mode 0600) */
    n = 8 + ZP_FL_UPDATE_BYTES + 8 * P + 8 * ml + 8 + sec.len + 8 + rp.len;
    file = malloc(n);
    if (!file) goto out;
    uint8_t *p = file;
    memcpy(p, UPS_MAGIC, 8), p += 8;
    size_t hl = zp_fl_update_signed_bytes(p, &h);
    memcpy(p + hl, h.sig, 64), p += ZP_FL_UPDATE_BYTES;
    for (size_t x = 0; x < P; x++) zp_store64_le(p, (uint64_t)vals[x]), p += 8;
    for (size_t x = 0; x < ml; x++) zp_store64_le(p, mask[x]), p += 8;
    zp_store64_le(p, sec.len), p += 8;
    memcpy(p, sec.data, sec.len), p += sec.len;
    zp_store64_le(p, rp.len), p += 8;
    memcpy(p, rp.data, rp.len);
    if (trained) {
        /* UPD.train (public): config, certificate, dataset commitment,
         * bound run proof, link proof */
        zp_fl_train_file tf = {.config = (const uint8_t *)cj, .config_len = cj_len,
                               .cert = (const uint8_t *)cert_json, .cert_len = cert_len,
                               .commit = (const uint8_t *)dcj, .commit_len = dcl,
                               .run = run.data, .run_len = run.len,
                               .link = link.data, .link_len = link.len};
        if (zp_fl_train_file_encode(&tfile, &tn, &tf) != ZP_OK ||
            !(tpath = path_plus(out, ".train")))
            goto out;
        if (!write_out(tpath, tfile, tn, 0644, force)) goto out;
    }
    if (write_out(out, file, n, 0600, force)) {
        printf("update of client %u: %" PRIu64 " samples, range proof %zu bytes, signed\n", client,
               samples, rp.len);
        if (trained)
            printf("trained: %" PRIu64 " steps from the round's model on the certified shard "
                   "(%s), run proof %zu bytes, link proof %zu bytes -> %s\n"
                   "the batch records are bound to the shard's dataset commitment (opening %u "
                   "of %u: do not use it for another run)\n",
                   zp_train_config_n_steps(&cfg, bd.ds.n),
                   bd.ci.subject_name ? bd.ci.subject_name : "?", run.len, link.len, tpath, dsj,
                   (unsigned)bd.dc->pcs.max_openings);
        rc = EX_OK;
    }
out:
    if (file) zp_memzero(file, n);
    free(file), free(tfile), free(tpath), free(cj), free(cert_json), free(dcj);
    if (sec.data) zp_memzero(sec.data, sec.len);
    zp_bytes_free(&sec);
    zp_bytes_free(&rp);
    zp_bytes_free(&run);
    zp_bytes_free(&link);
    zp_pcs_prover_free(pr);
    zp_memzero(sk, sizeof sk);
    if (vals) zp_memzero(vals, 8 * ((size_t)1 << r.log_params));
    free(vals), free(mask);
    cli_bound_data_free(&bd);
    zp_train_config_free(&cfg);
    zp_fl_round_clear(&r);
    return rc;
}

static int cmd_aggregate(int argc, char **argv) {
    const char *rpath = NULL, *out = NULL, *authsp = NULL;
    const char **ups = calloc((size_t)argc + 1, sizeof *ups);
    size_t nu = 0;
    int prove = 0, force = 0, skip_train = 0, allow_untrained = 0;
    if (!ups) return EX_USAGE;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--prove")) prove = 1;
        else if (!strcmp(a, "--force")) force = 1;
        else if (!strcmp(a, "--skip-training-proofs")) skip_train = 1;
        else if (!strcmp(a, "--allow-untrained")) allow_untrained = 1;
        else if (i + 1 < argc && !strcmp(a, "--authorities")) authsp = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--out")) out = argv[++i];
        else if (a[0] != '-' && !rpath) rpath = a;
        else if (a[0] != '-') ups[nu++] = a;
        else {
            free(ups);
            usage(stderr);
            return EX_USAGE;
        }
    }
    if (!rpath || !out || !nu || !prove || nu > ZP_FL_MAX_CLIENTS) {
        free(ups);
        usage(stderr);
        return EX_USAGE;
    }
    zp_fl_round r;
    if (!load_round(&r, rpath)) {
        free(ups);
        return EX_USAGE;
    }
    int rc = EX_USAGE;
    size_t P = (size_t)1 << r.log_params, ml = zp_fl_client_mask_len(r.log_params);
    zp_fl_update *hs = calloc(nu, sizeof *hs);
    int64_t **vals = calloc(nu, sizeof *vals);
    zp_fe **masks = calloc(nu, sizeof *masks);
    zp_pcs_prover **prs = calloc(nu, sizeof *prs);
    uint8_t **rps = calloc(nu, sizeof *rps);
    size_t *rls = calloc(nu, sizeof *rls);
    zp_fe *ev = calloc(2 * P, sizeof(zp_fe));
    trn *tr = calloc(nu, sizeof *tr);
    uint8_t *auths = NULL, *tsf = NULL;
    char *tsp = NULL;
    uint32_t n_auths = 0;
    size_t n_trained = 0, tsn = 0;
    zp_fl_aggregate a;
    memset(&a, 0, sizeof a);
    if (!hs || !vals || !masks || !prs || !rps || !rls || !ev || !tr) goto out;
    if (authsp && !read_keys(&auths, &n_auths, authsp)) goto out;
    for (size_t i = 0; i < nu; i++) {
        char err[ZP_CERT_ERR_BYTES];
        char *b;
        size_t len;
        if (zp_cert_read_file(&b, &len, err, ups[i], MAX_FILE) != ZP_OK) {
            fprintf(stderr, "zkprov: %s\n", err);
            goto out;
        }
        const uint8_t *d = (const uint8_t *)b;
        size_t need = 8 + ZP_FL_UPDATE_BYTES + 8 * P + 8 * ml + 8 + 8; /* + 2 lengths */
        int okf = len >= need && !memcmp(d, UPS_MAGIC, 8);
        zp_err e = okf ? zp_fl_update_decode(&hs[i], d + 8) : ZP_ERR_PARSE;
        if (e == ZP_OK && zp_fl_update_check(&hs[i], &r) != ZP_OK) {
            fprintf(stderr, "zkprov: %s: update rejected (signature, key or round)\n", ups[i]);
            zp_memzero(b, len), free(b);
            rc = EX_REJECT;
            goto out;
        }
        vals[i] = malloc(8 * P);
        masks[i] = malloc(8 * ml);
        if (e != ZP_OK || !vals[i] || !masks[i]) {
            fprintf(stderr, "zkprov: %s: not an update file\n", ups[i]);
            zp_memzero(b, len), free(b);
            goto out;
        }
        const uint8_t *p = d + 8 + ZP_FL_UPDATE_BYTES;
        for (size_t x = 0; x < P; x++) vals[i][x] = (int64_t)zp_load64_le(p + 8 * x);
        p += 8 * P;
        for (size_t x = 0; x < ml; x++) masks[i][x] = zp_load64_le(p + 8 * x);
        p += 8 * ml;
        uint64_t sl = zp_load64_le(p);
        p += 8;
        uint64_t rl = 0;
        if (sl <= len - need) rl = zp_load64_le(p + sl);
        if (sl > len - need || rl != len - need - sl || !(rps[i] = malloc(rl ? rl : 1))) {
            fprintf(stderr, "zkprov: %s: not an update file\n", ups[i]);
            zp_memzero(b, len), free(b);
            goto out;
        }
        memcpy(rps[i], p + sl + 8, (size_t)rl);
        rls[i] = (size_t)rl;
        if (zp_fl_update_verify(&hs[i], &r, rps[i], rls[i]) != ZP_OK) {
            fprintf(stderr, "zkprov: %s: the range proof of the update is rejected\n", ups[i]);
            zp_memzero(b, len), free(b);
            rc = EX_REJECT;
            goto out;
        }
        memset(ev, 0, 16 * P);
        for (size_t x = 0; x < P; x++) ev[x] = zp_fe_from_i64(vals[i][x]);
        memcpy(ev + P, masks[i], 8 * ml);
        if (zp_pcs_prover_import(&prs[i], NULL, p, (size_t)sl, ev, 2 * P) != ZP_OK) {
            fprintf(stderr, "zkprov: %s: the commitment does not match the values\n", ups[i]);
            zp_memzero(b, len), free(b);
            rc = EX_REJECT;
            goto out;
        }
        zp_memzero(b, len), free(b);
        if (!hs[i].has_train_proof) {
            if (allow_untrained) continue;
            fprintf(stderr, "zkprov: %s: REJECTED: the update carries no training proof "
                            "(--allow-untrained to include it anyway)\n", ups[i]);
            rc = EX_REJECT;
            goto out;
        }
        /* a trained update: its training proofs (UPD.train) */
        char *tp = path_plus(ups[i], ".train");
        size_t tl = 0;
        uint8_t *tb = tp ? cli_read_all(tp, &tl, MAX_FILE) : NULL;
        int pt = tb ? trn_parse(&tr[i], tb, tl) : 0;
        if (pt != 1) {
            fprintf(stderr, "zkprov: %s: %s\n", tp ? tp : ups[i],
                    pt < 0 ? "the training proof is rejected: an unbound run (ZPFLTRN1: its "
                             "batch records are not proven to be rows of the certified shard)"
                           : "not a training-proof file (the update names one)");
            free(tp);
            rc = tb ? EX_REJECT : EX_USAGE;
            goto out;
        }
        n_trained++;
        if (!skip_train) {
            if (!auths || hs[i].client >= n_auths) {
                fprintf(stderr, "zkprov: %s: checking its training proof needs the authority of "
                                "client %u (--authorities FILE, or --skip-training-proofs)\n",
                        ups[i], hs[i].client);
                free(tp);
                goto out;
            }
            char why[ZP_CERT_ERR_BYTES];
            zp_err c = zp_verify_fl_training(why, &hs[i], &r, &tr[i].f,
                                             auths + 32 * (size_t)hs[i].client, -1);
            if (c != ZP_OK) {
                fprintf(stderr, "zkprov: %s: the training proof is rejected: %s\n", tp, why);
                free(tp);
                rc = cli_exit_code(c);
                goto out;
            }
        }
        free(tp);
    }
    zp_rng rng;
    if (zp_rng_init_os(&rng) != ZP_OK) goto out;
    /* every range proof was checked above (zp_fl_update_verify) */
    zp_err e = zp_fl_aggregate_prove_ex(&a, &r, hs, (const uint8_t *const *)rps, rls,
                                        (const int64_t *const *)vals,
                                        (const zp_fe *const *)masks, prs, nu, &rng,
                                        ZP_FL_RANGES_CHECKED);
    if (e != ZP_OK) {
        fprintf(stderr, "zkprov: aggregation failed: %s\n", zp_strerror(e));
        goto out;
    }
    uint8_t *b;
    size_t n;
    if (zp_fl_aggregate_encode(&b, &n, &a) != ZP_OK) goto out;
    /* NEXT.train: the training proofs of the updates, in NEXT's order */
    if (n_trained) {
        const uint8_t **tfs = calloc(a.n_updates, sizeof *tfs);
        size_t *tls = calloc(a.n_updates, sizeof *tls);
        int ok = tfs && tls;
        for (uint32_t k = 0; ok && k < a.n_updates; k++) {
            size_t i = 0;
            while (i < nu && hs[i].client != a.updates[k].client) i++;
            if (i == nu) ok = 0;
            else tfs[k] = tr[i].buf, tls[k] = tr[i].buf ? tr[i].len : 0;
        }
        ok = ok && zp_fl_train_set_encode(&tsf, &tsn, tfs, tls, a.n_updates) == ZP_OK &&
             (tsp = path_plus(out, ".train")) != NULL;
        free(tfs), free(tls);
        if (!ok) {
            free(b);
            goto out;
        }
        if (!write_out(tsp, tsf, tsn, 0644, force)) {
            free(b);
            goto out;
        }
    }
    if (write_out(out, b, n, 0644, force)) {
        size_t inc = 0;
        for (size_t i = 0; i < nu; i++) inc += a.included[i];
        printf("round %" PRIu64 " aggregated: %zu of %zu updates included, proof %zu bytes\n",
               r.round_id, inc, nu, a.proof_len);
        for (size_t i = 0; i < nu; i++)
            if (!a.included[i]) printf("excluded: client %u (norm over the bound, proven)\n", hs[i].client);
        if (n_trained)
            printf("training proofs: %zu of %zu updates trained, %s; written to %s\n", n_trained,
                   nu,
                   skip_train ? "NOT checked (--skip-training-proofs)"
                              : "checked (each run's batch records are rows of the client's "
                                "certified shard)",
                   tsp);
        else
            printf("training proofs: none (no update names one)\n");
        rc = EX_OK;
    }
    free(b);
out:
    if (tr)
        for (size_t i = 0; i < nu; i++) free(tr[i].buf);
    free(tr), free(auths), free(tsf), free(tsp);
    zp_fl_aggregate_clear(&a);
    for (size_t i = 0; i < nu; i++) {
        if (vals && vals[i]) zp_memzero(vals[i], 8 * P), free(vals[i]);
        if (masks && masks[i]) zp_memzero(masks[i], 8 * ml), free(masks[i]);
        if (prs) zp_pcs_prover_free(prs[i]);
        if (rps) free(rps[i]);
    }
    free(rps), free(rls);
    if (ev) zp_memzero(ev, 16 * P);
    free(ev), free(hs), free(vals), free(masks), free(prs), free(ups);
    zp_fl_round_clear(&r);
    return rc;
}

static int cmd_verify(int argc, char **argv) {
    const char *next = NULL, *prev = NULL, *authsp = NULL, *trainp = NULL;
    unsigned flags = 0;
    for (int i = 0; i < argc; i++) {
        if (i + 1 < argc && !strcmp(argv[i], "--prev")) prev = argv[++i];
        else if (i + 1 < argc && !strcmp(argv[i], "--authorities")) authsp = argv[++i];
        else if (i + 1 < argc && !strcmp(argv[i], "--train")) trainp = argv[++i];
        else if (!strcmp(argv[i], "--full")) flags &= ~ZP_VERIFY_FL_SKIP_RANGE_PROOFS;
        else if (!strcmp(argv[i], "--skip-range-proofs")) flags |= ZP_VERIFY_FL_SKIP_RANGE_PROOFS;
        else if (!strcmp(argv[i], "--skip-training-proofs")) flags |= ZP_VERIFY_FL_SKIP_TRAINING_PROOFS;
        else if (!strcmp(argv[i], "--allow-untrained")) flags |= ZP_VERIFY_FL_ALLOW_UNTRAINED;
        else if (argv[i][0] != '-' && !next) next = argv[i];
        else {
            usage(stderr);
            return EX_USAGE;
        }
    }
    if (!next || !prev) {
        usage(stderr);
        return EX_USAGE;
    }
    zp_fl_verified *v = malloc(sizeof *v);
    if (!v) {
        fprintf(stderr, "zkprov: out of memory\n");
        return EX_USAGE;
    }
    /* the round's checks: src/io/verify.c (docs/spec/fl.md) */
    zp_err e = zp_verify_fl_round_files(v, next, prev, authsp, trainp, flags, -1);
    if (e != ZP_OK) {
        fprintf(stderr, "zkprov: %s\n", v->reason);
        free(v);
        return cli_exit_code(e);
    }
    printf("OK: round %" PRIu64 " -> %" PRIu64 ", %u of %u updates included\n", v->round_id,
           v->next_round_id, v->n_included, v->n_updates);
    printf("range proofs: %s\n", v->range_proofs_checked
                                     ? "re-checked"
                                     : "NOT re-checked (--skip-range-proofs): taken as checked "
                                       "at aggregation, named by signed digest");
    if (!v->training_proofs_checked)
        printf("training proofs: NOT checked (--skip-training-proofs): %u of %u included "
               "updates name one by signed digest only\n", v->n_trained, v->n_included);
    else
        printf("training proofs: %u of %u included updates trained from the round's model "
               "on a certified shard, checked (run and link)%s\n"
               "  each checked run is bound to its client's certified shard: every batch "
               "record is a row of the dataset commitment the certificate names\n",
               v->n_checked, v->n_included,
               v->n_trained < v->n_included ? "; the others carry NO training proof" : "");
    for (uint32_t i = 0; i < v->n_updates; i++)
        if (!v->included[i]) printf("excluded: client %u (norm over the bound)\n", v->client[i]);
    free(v);
    return EX_OK;
}

int cmd_fl_main(int argc, char **argv) {
    if (argc < 1) {
        usage(stderr);
        return EX_USAGE;
    }
    if (!strcmp(argv[0], "init")) return cmd_init(argc - 1, argv + 1);
    if (!strcmp(argv[0], "update")) return cmd_update(argc - 1, argv + 1);
    if (!strcmp(argv[0], "aggregate")) return cmd_aggregate(argc - 1, argv + 1);
    if (!strcmp(argv[0], "verify")) return cmd_verify(argc - 1, argv + 1);
    if (!strcmp(argv[0], "help") || !strcmp(argv[0], "--help")) {
        usage(stdout);
        return EX_OK;
    }
    usage(stderr);
    return EX_USAGE;
}
