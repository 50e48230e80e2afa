/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Verification from files (include/zkprov/verify.h): certificates, training runs, answers, federated rounds. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "io/verify_internal.h"
#include "prov/cert_internal.h"
#include "zkprov/hash.h"
#include "zkprov/io.h"
#include "zkprov/sizes.h"

#define MAX_CONFIG ((size_t)1 << 24)
#define MAX_MODEL ((size_t)1 << 24)
#define MAX_RUN ((size_t)1 << 32)
#define MAX_BASE ((size_t)1 << 32)
#define MAX_ANSWER ((size_t)1 << 30)
#define MAX_FL ((size_t)1 << 31)

size_t zp_verify_reason_bytes(void) { return ZP_VERIFY_REASON_BYTES; }
size_t zp_verify_max_certs(void) { return ZP_VERIFY_MAX_CERTS; }
size_t zp_verify_name_bytes(void) { return ZP_VERIFY_NAME_BYTES; }
size_t zp_verify_license_bytes(void) { return ZP_VERIFY_LICENSE_BYTES; }
size_t zp_verify_not_proven_bytes(void) { return ZP_VERIFY_NOT_PROVEN_BYTES; }
size_t zp_verify_max_clients(void) { return ZP_VERIFY_MAX_CLIENTS; }
size_t zp_verified_cert_sizeof(void) { return sizeof(zp_verified_cert); }
size_t zp_run_verified_sizeof(void) { return sizeof(zp_run_verified); }
size_t zp_answer_verified_sizeof(void) { return sizeof(zp_answer_verified); }
size_t zp_fl_verified_sizeof(void) { return sizeof(zp_fl_verified); }

/* Writes one line into reason (newlines become spaces) and returns e. */
static zp_err say(char reason[ZP_VERIFY_REASON_BYTES], zp_err e, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, ZP_VERIFY_REASON_BYTES, fmt, ap);
    va_end(ap);
    for (char *p = reason; *p; p++)
        if (*p == '\n' || *p == '\r') *p = ' ';
    return e;
}

static int64_t now_or(int64_t now) { return now < 0 ? (int64_t)time(NULL) : now; }

static void hex32(char out[65], const uint8_t *b) { zp_cert_hex_encode(out, b, 32); }

/* Reads path (at most max bytes) into a malloc'ed buffer with a trailing
 * NUL.  Returns ZP_OK, or ZP_ERR_IO / ZP_ERR_NOMEM with reason set. */
static zp_err read_file(uint8_t **out, size_t *len, char reason[ZP_VERIFY_REASON_BYTES],
                        const char *path, size_t max) {
    char err[ZP_CERT_ERR_BYTES] = "";
    char *b = NULL;
    zp_err e = zp_cert_read_file(&b, len, err, path, max);
    *out = (uint8_t *)b;
    if (e != ZP_OK) return say(reason, e, "%s", err[0] ? err : zp_strerror(e));
    return ZP_OK;
}

/* The directory part of p ("." when none), malloc'ed. */
static char *dir_of(const char *p) {
    size_t n = strlen(p);
    char *d = malloc(n + 2);
    if (!d) return NULL;
    memcpy(d, p, n + 1);
    char *sl = strrchr(d, '/');
    if (sl && sl != d) *sl = 0;
    else if (sl) d[1] = 0;
    else strcpy(d, ".");
    return d;
}

static char *join(const char *dir, const char *name) {
    size_t n = strlen(dir) + strlen(name) + 2;
    char *s = malloc(n);
    if (s) snprintf(s, n, "%s/%s", dir, name);
    return s;
}

/* path with suffix `from` replaced by `to` (appended when absent). */
static char *sibling(const char *path, const char *from, const char *to) {
    size_t n = strlen(path), f = strlen(from);
    if (n >= f && !strcmp(path + n - f, from)) n -= f;
    char *s = malloc(n + strlen(to) + 1);
    if (s) {
        memcpy(s, path, n);
        strcpy(s + n, to);
    }
    return s;
}

/* An authority public key file.  Returns ZP_OK, ZP_ERR_IO, ZP_ERR_PARSE
 * ("PATH: why"), ZP_ERR_ARG, ZP_ERR_NOMEM. */
static zp_err load_pk(uint8_t pk[ZP_AUTH_PUBLICKEYBYTES], char reason[ZP_VERIFY_REASON_BYTES],
                      const char *path) {
    char err[ZP_CERT_ERR_BYTES] = "";
    zp_err e = zp_auth_public_load(pk, err, path);
    if (e == ZP_OK) return ZP_OK;
    if (e == ZP_ERR_IO || e == ZP_ERR_NOMEM) return say(reason, e, "%s", err[0] ? err : zp_strerror(e));
    if (e == ZP_ERR_VERIFY) e = ZP_ERR_PARSE;
    return say(reason, e, "%s: %s", path, err[0] ? err : zp_strerror(e));
}

/* ---------------------------------------------------------------- certificates */

zp_err zp_verify_cert_files(zp_cert_info *out, char reason[ZP_VERIFY_REASON_BYTES],
                            const char *cert, const char *authority, const char *commit,
                            int64_t now) {
    if (out) memset(out, 0, sizeof *out);
    if (!reason) return ZP_ERR_ARG;
    reason[0] = 0;
    if (!out || !cert || !authority)
        return say(reason, ZP_ERR_ARG, "a certificate and an authority key are needed");
    uint8_t pk[ZP_AUTH_PUBLICKEYBYTES];
    zp_err e = load_pk(pk, reason, authority);
    if (e != ZP_OK) return e;
    char err[ZP_CERT_ERR_BYTES] = "";
    e = zp_cert_verify_file(out, err, cert, pk, now_or(now));
    if (e == ZP_ERR_PARSE || e == ZP_ERR_VERIFY)
        return say(reason, ZP_ERR_VERIFY, "%s: rejected: %s", cert, err[0] ? err : zp_strerror(e));
    if (e != ZP_OK) return say(reason, e, "%s", err[0] ? err : zp_strerror(e));
    if (commit) {
        zp_dataset_commit *c = NULL;
        char derr[ZP_DS_ERR_BYTES] = "";
        e = zp_dataset_commit_load(&c, derr, commit);
        if (e != ZP_OK) {
            say(reason, e == ZP_ERR_PARSE || e == ZP_ERR_VERIFY ? ZP_ERR_VERIFY : e, "%s: %s",
                commit, derr[0] ? derr : zp_strerror(e));
            e = e == ZP_ERR_PARSE || e == ZP_ERR_VERIFY ? ZP_ERR_VERIFY : e;
        } else if ((e = zp_cert_check_commit(err, out, c)) != ZP_OK) {
            e = say(reason, e == ZP_ERR_NOMEM ? e : ZP_ERR_VERIFY, "%s: rejected: %s (%s)", cert,
                    err[0] ? err : zp_strerror(e), commit);
        }
        zp_dataset_commit_free(c);
        if (e != ZP_OK) {
            zp_cert_info_clear(out);
            memset(out, 0, sizeof *out);
            return e;
        }
    }
    return ZP_OK;
}

/* ---------------------------------------------------------------- training runs */

/* The config's base model into *m (allocated): its seeded initialisation,
 * or the safetensors file it names.  Returns 1, or 0 when unavailable. */
static int build_base(zp_mlp *m, const zp_train_config *cfg) {
    if (zp_mlp_alloc(m, cfg) != ZP_OK) return 0;
    if (cfg->init != ZP_INIT_SAFETENSORS) return zp_mlp_init_seeded(m, cfg, cfg->init_seed) == ZP_OK;
    uint8_t *bw = NULL;
    size_t bl = 0;
    char ignored[ZP_VERIFY_REASON_BYTES];
    if (!cfg->base_model || read_file(&bw, &bl, ignored, cfg->base_model, MAX_BASE) != ZP_OK) return 0;
    zp_safetensors *st = NULL;
    char se[ZP_ST_ERR_BYTES] = "";
    zp_err e = zp_st_parse(&st, se, bw, bl);
    if (e == ZP_OK) e = zp_mlp_from_safetensors(m, se, st, cfg);
    zp_st_free(st);
    free(bw);
    return e == ZP_OK;
}

/* The training view of the dataset commitment at path cp, checked to be
 * the one certificate ci names. */
static zp_err load_view(zp_train_dataset *v, char reason[ZP_VERIFY_REASON_BYTES],
                        const zp_cert_info *ci, const char *cp) {
    char de[ZP_CERT_ERR_BYTES > ZP_DS_ERR_BYTES ? ZP_CERT_ERR_BYTES : ZP_DS_ERR_BYTES] = "";
    zp_dataset_commit *dc = NULL;
    zp_err e = zp_dataset_commit_load(&dc, de, cp);
    if (e == ZP_ERR_IO || e == ZP_ERR_NOMEM)
        return say(reason, e, "%s: %s (the run binds its records to the dataset commitment the "
                              "certificate names: give its DS.commit)", cp, de[0] ? de : zp_strerror(e));
    if (e == ZP_OK) e = zp_cert_check_commit(de, ci, dc);
    if (e == ZP_OK) e = zp_dataset_train_view(v, de, dc);
    zp_dataset_commit_free(dc);
    if (e == ZP_OK) return ZP_OK;
    return say(reason, e == ZP_ERR_NOMEM ? e : ZP_ERR_VERIFY, "REJECTED: %s: %s", cp,
               de[0] ? de : zp_strerror(e));
}

static void fill_cert(zp_verified_cert *o, const zp_cert_info *ci, uint32_t given) {
    memcpy(o->digest, ci->payload_digest.b, 32);
    memcpy(o->dataset_digest, ci->dataset_digest.b, 32);
    memcpy(o->authority_key_id, ci->authority_key_id, 32);
    o->records = ci->records;
    o->given = given;
    snprintf(o->subject, sizeof o->subject, "%s", ci->subject_name ? ci->subject_name : "");
    snprintf(o->license, sizeof o->license, "%s", ci->license ? ci->license : "?");
}

static const char NP_DATA[] =
    "  - that the batch records are the certified dataset's records: this run\n"
    "    (version 2) does not open them from the dataset commitment\n";
static const char NP_BASE[] =
    "  - that C_0 holds the config's base model (hidden, or its file is missing)\n";

/* The run check proper; out->reason and the return value as the API's. */
static zp_err run_files(zp_run_verified *out, const char *runp, const char *const *certs,
                        size_t n_certs, const char *auth, const char *cfgp, const char *modelp,
                        const char *commitp, int64_t now) {
    char *reason = out->reason;
    if (!runp || !certs || !auth)
        return say(reason, ZP_ERR_ARG, "a run, certificates and an authority key are needed");
    if (n_certs < 1 || n_certs > ZP_VERIFY_MAX_CERTS)
        return say(reason, ZP_ERR_ARG, "1 to %d certificates", ZP_VERIFY_MAX_CERTS);
    for (size_t i = 0; i < n_certs; i++)
        if (!certs[i]) return say(reason, ZP_ERR_ARG, "certificate %zu is NULL", i);
    now = now_or(now);
    char *dir = dir_of(runp), *dcfg = NULL, *dmod = NULL, *dcom = NULL;
    const int model_default = modelp == NULL;
    if (dir && !cfgp) cfgp = dcfg = join(dir, "config.json");
    if (dir && !modelp) modelp = dmod = join(dir, "model.commit");
    zp_err e = ZP_ERR_NOMEM;
    zp_train_config cfg;
    memset(&cfg, 0, sizeof cfg);
    int have_base = 0;
    zp_cert_info *ci = calloc(n_certs, sizeof *ci);
    size_t *ord = calloc(n_certs, sizeof *ord);
    uint8_t(*dd)[32] = calloc(n_certs, 32);
    zp_run_header *hd = calloc(1, sizeof *hd);
    zp_model_commit *fin = NULL, *named = NULL;
    zp_mlp base;
    memset(&base, 0, sizeof base);
    uint8_t *cj = NULL, *run = NULL, *mj = NULL;
    size_t len = 0, rl = 0, ml = 0;
    char err[ZP_ZKML_ERR_BYTES] = "", h[65];
    if (!dir || !cfgp || !modelp || !ci || !ord || !dd || !hd) {
        say(reason, e, "out of memory");
        goto done;
    }
    if ((e = read_file(&cj, &len, reason, cfgp, MAX_CONFIG)) != ZP_OK) goto done;
    if ((e = zp_train_config_parse(&cfg, err, (const char *)cj, len)) != ZP_OK) {
        e = say(reason, e == ZP_ERR_NOMEM ? e : ZP_ERR_PARSE, "%s: %s", cfgp, err[0] ? err : zp_strerror(e));
        goto done;
    }
    uint8_t pk[ZP_AUTH_PUBLICKEYBYTES];
    if ((e = load_pk(pk, reason, auth)) != ZP_OK) goto done;
    for (size_t i = 0; i < n_certs; i++) {
        char ce[ZP_CERT_ERR_BYTES] = "";
        e = zp_cert_verify_file(&ci[i], ce, certs[i], pk, now);
        if (e == ZP_ERR_IO || e == ZP_ERR_NOMEM) {
            say(reason, e, "%s", ce[0] ? ce : zp_strerror(e));
            goto done;
        }
        if (e != ZP_OK) {
            e = say(reason, ZP_ERR_VERIFY, "REJECTED: %s: %s", certs[i], ce[0] ? ce : zp_strerror(e));
            goto done;
        }
    }
    if ((e = read_file(&run, &rl, reason, runp, MAX_RUN)) != ZP_OK) goto done;
    e = zp_train_run_header(hd, err, run, rl);
    if (e != ZP_OK) {
        e = say(reason, e == ZP_ERR_NOMEM ? e : ZP_ERR_VERIFY, "REJECTED: %s: %s", runp,
                err[0] ? err : zp_strerror(e));
        goto done;
    }
    /* the certificates in the run's order: each given one named, each named one given */
    for (size_t i = 0; i < n_certs; i++) {
        size_t k = 0;
        while (k < hd->n_datasets && memcmp(hd->ds_digests[k], ci[i].payload_digest.b, 32)) k++;
        if (k == hd->n_datasets) {
            e = say(reason, ZP_ERR_VERIFY, "REJECTED: %s: the run does not rest on the certificate %s",
                    runp, certs[i]);
            goto done;
        }
        for (size_t j = 0; j < i; j++)
            if (ord[j] == k) {
                e = say(reason, ZP_ERR_ARG, "%s is given twice", certs[i]);
                goto done;
            }
        ord[i] = k;
    }
    if (hd->n_datasets != n_certs) {
        for (size_t k = 0; k < hd->n_datasets; k++) {
            size_t i = 0;
            while (i < n_certs && ord[i] != k) i++;
            if (i == n_certs) {
                hex32(h, hd->ds_digests[k]);
                e = say(reason, ZP_ERR_VERIFY,
                        "REJECTED: %s rests on the certificate %s, which is not given", runp, h);
                goto done;
            }
        }
    }
    uint64_t n_records = 0;
    for (size_t i = 0; i < n_certs; i++) {
        fill_cert(&out->certs[ord[i]], &ci[i], (uint32_t)i);
        memcpy(dd[ord[i]], ci[i].payload_digest.b, 32);
        n_records += ci[i].records;
    }
    have_base = build_base(&base, &cfg);
    zp_train_dataset tds;
    memset(&tds, 0, sizeof tds);
    if (hd->records_bound) {
        /* one dataset per bound run (docs/formats/run.md, version 3) */
        if (n_certs != 1) {
            e = say(reason, ZP_ERR_VERIFY, "REJECTED: %s binds its records to one dataset; %zu "
                                           "certificates given", runp, n_certs);
            goto done;
        }
        const char *cp = commitp ? commitp : (dcom = sibling(certs[0], ".cert", ".commit"));
        if (!cp) {
            e = say(reason, ZP_ERR_NOMEM, "out of memory");
            goto done;
        }
        if ((e = load_view(&tds, reason, &ci[0], cp)) != ZP_OK) goto done;
    }
    zp_run_info info;
    memset(&info, 0, sizeof info);
    for (int pass = 0; pass < 2; pass++) {
        const zp_mlp *bm = have_base ? &base : NULL;
        err[0] = 0;
        e = hd->records_bound
                ? zp_train_run_verify_bound(&info, &fin, err, &cfg, bm, dd[0], &tds, run, rl)
                : zp_train_run_verify(&info, &fin, err, &cfg, bm, (const uint8_t(*)[32])dd,
                                      n_certs, n_records, run, rl);
        /* a run that keeps its base model hidden: verified without it */
        if (!(e == ZP_ERR_VERIFY && have_base && strstr(err, "not revealed"))) break;
        have_base = 0;
    }
    if (e != ZP_OK) {
        e = say(reason, e == ZP_ERR_NOMEM || e == ZP_ERR_ARG ? e : ZP_ERR_VERIFY,
                "REJECTED: %s: %s", runp, err[0] ? err : zp_strerror(e));
        goto done;
    }
    /* the model commitment file: C_T (the default one only when present) */
    e = read_file(&mj, &ml, reason, modelp, MAX_MODEL);
    if (e != ZP_OK && !(model_default && e == ZP_ERR_IO)) goto done;
    if (e == ZP_OK) {
        uint8_t nd[32];
        if ((e = zp_model_commit_from_json(&named, err, (const char *)mj, ml)) != ZP_OK) {
            e = say(reason, e == ZP_ERR_NOMEM ? e : ZP_ERR_VERIFY, "REJECTED: %s: %s", modelp,
                    err[0] ? err : zp_strerror(e));
            goto done;
        }
        zp_model_commit_info(named, nd, NULL, NULL);
        if (memcmp(nd, info.final_digest, 32) != 0) {
            e = say(reason, ZP_ERR_VERIFY, "REJECTED: %s is not the run's final model", modelp);
            goto done;
        }
        out->model_checked = 1;
    }
    reason[0] = 0;
    out->n_steps = info.n_steps;
    out->n_records = n_records;
    out->batch_size = info.batch_size;
    out->n_certs = (uint32_t)n_certs;
    memcpy(out->config_digest, info.config_digest, 32);
    memcpy(out->base_digest, info.base_digest, 32);
    memcpy(out->final_digest, info.final_digest, 32);
    zp_sha256(out->run_digest, run, rl);
    out->base_checked = info.base_checked != 0;
    out->records_bound = info.records_bound != 0;
    out->ds_index = info.ds_index;
    out->ds_openings = info.ds_openings;
    snprintf(out->not_proven, sizeof out->not_proven, "%s%s", info.records_bound ? "" : NP_DATA,
             info.base_checked ? "" : NP_BASE);
    e = ZP_OK;
done:
    free(cj);
    free(run);
    free(mj);
    free(dir);
    free(dcfg);
    free(dmod);
    free(dcom);
    free(ord);
    free(dd);
    free(hd);
    zp_model_commit_free(fin);
    zp_model_commit_free(named);
    zp_mlp_free(&base);
    for (size_t i = 0; ci && i < n_certs; i++) zp_cert_info_clear(&ci[i]);
    free(ci);
    zp_train_config_free(&cfg);
    return e;
}

zp_err zp_verify_run_files(zp_run_verified *out, const char *run, const char *const *certs,
                           size_t n_certs, const char *authority, const char *config,
                           const char *model, const char *commit, int64_t now) {
    if (!out) return ZP_ERR_ARG;
    memset(out, 0, sizeof *out);
    zp_err e = run_files(out, run, certs, n_certs, authority, config, model, commit, now);
    if (e != ZP_OK) {
        char keep[ZP_VERIFY_REASON_BYTES];
        memcpy(keep, out->reason, sizeof keep);
        memset(out, 0, sizeof *out);
        memcpy(out->reason, keep, sizeof keep);
        if (!out->reason[0]) say(out->reason, e, "%s", zp_strerror(e));
    }
    return e;
}

/* ---------------------------------------------------------------- answers */

void zp_answer_verified_clear(zp_answer_verified *out) {
    if (!out) return;
    free(out->scores);
    memset(out, 0, sizeof *out);
}

static zp_err answer_files(zp_answer_verified *out, const char *ans, const char *mp,
                           const char *runp, const char *const *certs, size_t n_certs,
                           const char *auth, const char *cfgp, const char *commitp,
                           int64_t now) {
    char *reason = out->reason;
    if (!ans || (!mp && !runp))
        return say(reason, ZP_ERR_ARG, "an answer and a model commitment or a run are needed");
    if (runp && (!certs || !n_certs || !auth))
        return say(reason, ZP_ERR_ARG, "checking the chain needs certificates and an authority key");
    char *dmp = NULL;
    if (!mp) {
        char *rdir = dir_of(runp);
        dmp = rdir ? join(rdir, "model.commit") : NULL;
        free(rdir);
        if (!dmp) return say(reason, ZP_ERR_NOMEM, "out of memory");
        mp = dmp;
    }
    zp_model_commit *mc = NULL;
    zp_train_config cfg;
    memset(&cfg, 0, sizeof cfg);
    int have_cfg = 0;
    zp_infer_answer an;
    memset(&an, 0, sizeof an);
    uint8_t *d = NULL, *mj = NULL;
    size_t len = 0, ml = 0;
    char why[ZP_ZKML_ERR_BYTES] = "";
    zp_err e = read_file(&mj, &ml, reason, mp, MAX_ANSWER);
    if (e != ZP_OK) goto done;
    if ((e = zp_model_commit_from_json(&mc, why, (const char *)mj, ml)) != ZP_OK) {
        e = say(reason, e == ZP_ERR_NOMEM ? e : ZP_ERR_VERIFY, "%s: %s", mp, why[0] ? why : zp_strerror(e));
        goto done;
    }
    if ((e = read_file(&d, &len, reason, ans, MAX_ANSWER)) != ZP_OK) goto done;
    uint8_t dg[32];
    unsigned MO = 0;
    zp_model_commit_info(mc, dg, &cfg, &MO);
    have_cfg = 1;
    /* shapes and ranges (src/zkml/answer.c); the model and the proof here */
    const char *bad = NULL;
    e = zp_infer_answer_parse(&an, why, (const char *)d, len);
    if (e != ZP_OK) {
        if (e != ZP_ERR_NOMEM && e != ZP_ERR_ARG) e = ZP_ERR_VERIFY;
        bad = why[0] ? why : zp_strerror(e);
        goto reject;
    }
    e = ZP_ERR_VERIFY;
    if (memcmp(an.model, dg, 32) != 0) {
        bad = runp ? "the answer names another model than the run's released model"
                   : "the answer names another model commitment";
        goto reject;
    }
    if (an.d_out != cfg.dims[cfg.n_layers]) { bad = "bad scores"; goto reject; }
    if (!an.private_input && an.d_in != cfg.dims[0]) { bad = "bad input"; goto reject; }
    zp_infer_opts o;
    zp_infer_opts_default(&o);
    o.private_input = an.private_input;
    e = zp_infer_verify_model(mc, an.opening, an.input, an.batch, an.scores, &o, an.proof,
                              an.proof_len);
    if (e != ZP_OK) {
        if (e == ZP_ERR_NOMEM) { bad = "out of memory"; goto reject; }
        e = ZP_ERR_VERIFY;
        bad = "the proof does not verify";
        goto reject;
    }
    memcpy(out->model, dg, 32);
    out->opening = an.opening;
    out->max_openings = MO;
    out->batch = an.batch;
    out->d_in = an.d_in;
    out->d_out = an.d_out;
    out->private_input = an.private_input != 0;
    out->names_run = an.has_chain != 0;
    if (an.has_chain) {
        memcpy(out->run_digest, an.run_proof, 32);
        out->n_certs = (uint32_t)an.n_certs;
        memcpy(out->cert_digests, an.cert_digests, 32 * an.n_certs);
    }
    out->scores = an.scores; /* taken over */
    an.scores = NULL;
    e = ZP_OK;
    if (!runp) goto done;
    /* ---- the chain: certificates -> run -> released model -> this answer ---- */
    e = ZP_ERR_VERIFY;
    static const char OTHER_CERTS[] = "the answer names other dataset certificates than the run";
    if (!an.has_chain) {
        bad = "the answer names no training run (made from a bare model, not RUN/)";
        goto reject;
    }
    if (an.opening == 0) {
        bad = "opening 0 of the released model is the run's own, not an answer's";
        goto reject;
    }
    e = zp_verify_run_files(&out->run, runp, certs, n_certs, auth, cfgp, mp, commitp, now);
    if (e != ZP_OK) {
        say(reason, e, "%s", out->run.reason); /* the run's one line */
        goto done;
    }
    e = ZP_ERR_VERIFY;
    if (memcmp(out->run.run_digest, an.run_proof, 32) != 0) {
        bad = "the answer rests on another training run than the run given";
        goto reject;
    }
    if (memcmp(out->run.final_digest, dg, 32) != 0) { bad = "the run released another model"; goto reject; }
    if (an.n_certs != out->run.n_certs) { bad = OTHER_CERTS; goto reject; }
    for (size_t k = 0; k < an.n_certs; k++)
        if (memcmp(an.cert_digests[k], out->run.certs[k].digest, 32) != 0) {
            bad = OTHER_CERTS;
            goto reject;
        }
    out->chain_checked = 1;
    e = ZP_OK;
    goto done;
reject:
    say(reason, e, "REJECTED: %s: %s", ans, bad);
done:
    zp_infer_answer_clear(&an);
    free(d);
    free(mj);
    free(dmp);
    if (have_cfg) zp_train_config_free(&cfg);
    zp_model_commit_free(mc);
    return e;
}

zp_err zp_verify_answer_files(zp_answer_verified *out, const char *answer, const char *model,
                              const char *run, const char *const *certs, size_t n_certs,
                              const char *authority, const char *config, const char *commit,
                              int64_t now) {
    if (!out) return ZP_ERR_ARG;
    memset(out, 0, sizeof *out);
    zp_err e = answer_files(out, answer, model, run, certs, n_certs, authority, config, commit, now);
    if (e != ZP_OK) {
        char keep[ZP_VERIFY_REASON_BYTES];
        memcpy(keep, out->reason, sizeof keep);
        zp_answer_verified_clear(out);
        memcpy(out->reason, keep, sizeof keep);
        if (!out->reason[0]) say(out->reason, e, "%s", zp_strerror(e));
    }
    return e;
}

/* ---------------------------------------------------------------- federated rounds */

zp_err zp_verify_read_keys(uint8_t **out, uint32_t *n, char reason[ZP_VERIFY_REASON_BYTES],
                           const char *path) {
    *out = NULL;
    *n = 0;
    FILE *f = fopen(path, "r");
    if (!f) return say(reason, ZP_ERR_IO, "cannot open %s", path);
    char line[4096];
    uint8_t *k = malloc(32 * (size_t)ZP_FL_MAX_CLIENTS);
    zp_err e = k ? ZP_OK : say(reason, ZP_ERR_NOMEM, "out of memory");
    while (e == ZP_OK && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0] || line[0] == '#') continue;
        if (*n == ZP_FL_MAX_CLIENTS) {
            e = say(reason, ZP_ERR_PARSE, "%s: more than %d keys", path, ZP_FL_MAX_CLIENTS);
            break;
        }
        char err[ZP_CERT_ERR_BYTES] = "";
        e = zp_auth_public_load(k + 32 * (size_t)*n, err, line);
        if (e != ZP_OK) {
            say(reason, e, "%s: %s", line, err[0] ? err : zp_strerror(e));
            if (e == ZP_ERR_VERIFY) e = ZP_ERR_PARSE;
            break;
        }
        (*n)++;
    }
    if (e == ZP_OK && ferror(f)) e = say(reason, ZP_ERR_IO, "cannot read %s", path);
    fclose(f);
    if (e != ZP_OK) {
        free(k);
        *n = 0;
        return e;
    }
    *out = k;
    return ZP_OK;
}

zp_err zp_verify_load_round(zp_fl_round *r, char reason[ZP_VERIFY_REASON_BYTES], const char *path) {
    memset(r, 0, sizeof *r);
    uint8_t *b = NULL;
    size_t len = 0;
    zp_err e = read_file(&b, &len, reason, path, MAX_FL);
    if (e != ZP_OK) return e;
    e = zp_fl_round_decode(r, b, len);
    if (e != ZP_OK) {
        /* a NEXT file carries the next round: rounds chain */
        zp_fl_aggregate a;
        e = zp_fl_aggregate_decode(&a, b, len);
        if (e == ZP_OK) {
            *r = a.next;
            memset(&a.next, 0, sizeof a.next);
            zp_fl_aggregate_clear(&a);
        }
    }
    free(b);
    if (e != ZP_OK)
        return say(reason, e == ZP_ERR_NOMEM ? e : ZP_ERR_PARSE, "%s: not a round file (%s)", path,
                   zp_strerror(e));
    return ZP_OK;
}

zp_err zp_verify_fl_training(char why[ZP_CERT_ERR_BYTES], const zp_fl_update *h,
                             const zp_fl_round *r, const zp_fl_train_file *t,
                             const uint8_t auth[ZP_AUTH_PUBLICKEYBYTES], int64_t now) {
    zp_train_config cfg;
    char ce[ZP_ZKML_ERR_BYTES] = "";
    why[0] = 0;
    if (zp_train_config_parse(&cfg, ce, (const char *)t->config, t->config_len) != ZP_OK) {
        snprintf(why, ZP_CERT_ERR_BYTES, "training config: %s", ce);
        return ZP_ERR_VERIFY;
    }
    zp_cert_info ci;
    memset(&ci, 0, sizeof ci);
    zp_dataset_commit *dc = NULL;
    zp_train_dataset view;
    char err[ZP_CERT_ERR_BYTES] = "";
    zp_err e = zp_cert_verify(&ci, err, (const char *)t->cert, t->cert_len, auth, now_or(now));
    if (e != ZP_OK) {
        snprintf(why, ZP_CERT_ERR_BYTES,
                 "the certificate is not one of the client's data authority: %s",
                 err[0] ? err : zp_strerror(e));
        e = e == ZP_ERR_NOMEM ? e : ZP_ERR_VERIFY;
        goto done;
    }
    /* the shard's dataset commitment: the one the certificate names */
    e = zp_dataset_commit_parse(&dc, err, (const char *)t->commit, t->commit_len);
    if (e == ZP_OK) e = zp_cert_check_commit(err, &ci, dc);
    if (e == ZP_OK) e = zp_dataset_train_view(&view, err, dc);
    if (e != ZP_OK) {
        snprintf(why, ZP_CERT_ERR_BYTES, "the shard's dataset commitment: %s",
                 err[0] ? err : zp_strerror(e));
        e = e == ZP_ERR_NOMEM ? e : ZP_ERR_VERIFY;
        goto done;
    }
    e = zp_fl_train_verify(why, h, r, &cfg, ci.payload_digest.b, &view, t->run, t->run_len,
                           t->link, t->link_len);
    if (e != ZP_OK && e != ZP_ERR_NOMEM) e = ZP_ERR_VERIFY;
done:
    zp_dataset_commit_free(dc);
    zp_cert_info_clear(&ci);
    zp_train_config_free(&cfg);
    return e;
}

/* The training proofs of the included updates of a, in the NEXT.train
 * file tsp, under the authorities auths[n_auths]. */
static zp_err fl_training(zp_fl_verified *out, const zp_fl_round *r, const zp_fl_aggregate *a,
                          const char *tsp, const uint8_t *auths, uint32_t n_auths, int64_t now) {
    char *reason = out->reason;
    if (out->n_trained == 0) return ZP_OK;
    uint8_t *d = NULL;
    size_t len = 0;
    zp_err e = read_file(&d, &len, reason, tsp, MAX_FL);
    if (e != ZP_OK) {
        char why[ZP_VERIFY_REASON_BYTES];
        memcpy(why, reason, sizeof why);
        if (e == ZP_ERR_IO) say(reason, e, "%s (the training proofs of the round)", why);
        return e;
    }
    const uint8_t **fs = calloc(a->n_updates, sizeof *fs);
    size_t *ls = calloc(a->n_updates, sizeof *ls);
    char err[ZP_CERT_ERR_BYTES] = "";
    if (!fs || !ls) {
        e = say(reason, ZP_ERR_NOMEM, "out of memory");
    } else if ((e = zp_fl_train_set_decode(fs, ls, a->n_updates, err, d, len)) != ZP_OK) {
        e = say(reason, ZP_ERR_VERIFY, "REJECTED: %s: %s", tsp,
                err[0] ? err : "not the training-proof file of this aggregate");
    }
    for (uint32_t k = 0; k < a->n_updates && e == ZP_OK; k++) {
        const zp_fl_update *h = &a->updates[k];
        if (!a->included[k] || !h->has_train_proof) continue;
        if (!auths || h->client >= n_auths) {
            e = say(reason, ZP_ERR_ARG, "checking the training proofs needs the authority of "
                                        "client %u (the authorities file)", h->client);
            break;
        }
        zp_fl_train_file t;
        zp_err pe = zp_fl_train_file_decode(&t, NULL, fs[k], ls[k]);
        if (pe != ZP_OK) {
            e = say(reason, ZP_ERR_VERIFY, "REJECTED: client %u: %s", h->client,
                    pe == ZP_ERR_UNSUPPORTED
                        ? "an unbound training run (its batch records are not proven to be "
                          "rows of the certified shard)"
                        : "malformed training proofs");
            break;
        }
        char why[ZP_CERT_ERR_BYTES];
        e = zp_verify_fl_training(why, h, r, &t, auths + 32 * (size_t)h->client, now);
        if (e != ZP_OK) say(reason, e, "REJECTED: client %u: training proof: %s", h->client, why);
        else out->n_checked++;
    }
    free(fs);
    free(ls);
    free(d);
    return e;
}

static zp_err fl_files(zp_fl_verified *out, const char *next, const char *prev,
                       const char *authsp, const char *trainp, unsigned flags, int64_t now) {
    char *reason = out->reason;
    if (!next || !prev)
        return say(reason, ZP_ERR_ARG, "an aggregate (NEXT) and the previous round are needed");
    if (flags & ~7u) return say(reason, ZP_ERR_ARG, "unknown flags");
    const int full = !(flags & ZP_VERIFY_FL_SKIP_RANGE_PROOFS);
    const int skip_train = (flags & ZP_VERIFY_FL_SKIP_TRAINING_PROOFS) != 0;
    const int allow_untrained = (flags & ZP_VERIFY_FL_ALLOW_UNTRAINED) != 0;
    zp_fl_round r;
    zp_fl_aggregate a;
    memset(&a, 0, sizeof a);
    uint8_t *b = NULL, *auths = NULL;
    uint32_t n_auths = 0;
    size_t len = 0;
    char *dflt = NULL;
    zp_err e = zp_verify_load_round(&r, reason, prev);
    if (e != ZP_OK) return e;
    if ((e = read_file(&b, &len, reason, next, MAX_FL)) != ZP_OK) goto done;
    e = zp_fl_aggregate_decode(&a, b, len);
    free(b);
    if (e != ZP_OK) {
        memset(&a, 0, sizeof a);
        e = say(reason, e == ZP_ERR_PARSE ? ZP_ERR_VERIFY : e, "REJECTED: %s: not an aggregate file (%s)",
                next, zp_strerror(e));
        goto done;
    }
    if (authsp && (e = zp_verify_read_keys(&auths, &n_auths, reason, authsp)) != ZP_OK) goto done;
    /* By default the clients' range proofs are re-checked (sound against any
     * coalition); SKIP_RANGE_PROOFS takes them as checked at aggregation,
     * named by their signed digests (docs/spec/fl.md, "Two verifiers"). */
    char err[ZP_CERT_ERR_BYTES] = "";
    e = full ? zp_fl_aggregate_verify(err, &r, &a) : zp_fl_aggregate_verify_round(err, &r, &a);
    if (e != ZP_OK) {
        e = say(reason, e == ZP_ERR_NOMEM || e == ZP_ERR_ARG ? e : ZP_ERR_VERIFY, "REJECTED: %s",
                err[0] ? err : zp_strerror(e));
        goto done;
    }
    if (a.n_updates > ZP_VERIFY_MAX_CLIENTS) {
        e = say(reason, ZP_ERR_VERIFY, "REJECTED: %s: more than %d updates", next, ZP_VERIFY_MAX_CLIENTS);
        goto done;
    }
    out->round_id = r.round_id;
    out->next_round_id = a.next.round_id;
    out->n_updates = a.n_updates;
    for (uint32_t i = 0; i < a.n_updates; i++) {
        out->client[i] = a.updates[i].client;
        out->included[i] = a.included[i] != 0;
        out->trained[i] = a.updates[i].has_train_proof != 0;
        out->n_included += out->included[i];
        out->n_trained += out->included[i] && out->trained[i];
    }
    out->range_proofs_checked = full;
    if (out->n_trained < out->n_included && !allow_untrained) {
        e = say(reason, ZP_ERR_VERIFY,
                "REJECTED: %u of %u included updates carry no training proof (such a round "
                "is accepted only when untrained updates are allowed)", out->n_included - out->n_trained,
                out->n_included);
        goto done;
    }
    if (!skip_train) {
        /* every included client's training proof (docs/spec/fl.md,
         * "Training proofs"): certificates, run from g, link */
        if (!trainp && !(trainp = dflt = sibling(next, "", ".train"))) {
            e = say(reason, ZP_ERR_NOMEM, "out of memory");
            goto done;
        }
        if ((e = fl_training(out, &r, &a, trainp, auths, n_auths, now)) != ZP_OK) goto done;
        out->training_proofs_checked = 1;
    }
    zp_digest nd;
    if ((e = zp_fl_round_digest(&nd, &a.next)) != ZP_OK) {
        say(reason, e, "%s: the next round: %s", next, zp_strerror(e));
        goto done;
    }
    memcpy(out->next_digest, nd.b, 32);
    reason[0] = 0;
done:
    free(dflt);
    free(auths);
    zp_fl_aggregate_clear(&a);
    zp_fl_round_clear(&r);
    return e;
}

zp_err zp_verify_fl_round_files(zp_fl_verified *out, const char *next, const char *prev,
                                const char *authorities, const char *train, unsigned flags,
                                int64_t now) {
    if (!out) return ZP_ERR_ARG;
    memset(out, 0, sizeof *out);
    zp_err e = fl_files(out, next, prev, authorities, train, flags, now);
    if (e != ZP_OK) {
        char keep[ZP_VERIFY_REASON_BYTES];
        memcpy(keep, out->reason, sizeof keep);
        memset(out, 0, sizeof *out);
        memcpy(out->reason, keep, sizeof keep);
        if (!out->reason[0]) say(out->reason, e, "%s", zp_strerror(e));
    }
    return e;
}
