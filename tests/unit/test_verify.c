/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of verification from files (src/io/verify.c): real artifacts made here, and tampered, truncated, missing ones. */
// ZP_TEST_LAYER: io
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "field/gl.h"
#include "prov/fl_internal.h"
#include "zkprov/hash.h"
#include "zkprov/io.h"
#include "zkprov/sizes.h"
#include "zkprov/verify.h"
#include "io/verify_internal.h"
#include "zkml/train_bind_internal.h"
#include "train_bind_common.h"

#define NF 4
#define NREC 9

static char D[64]; /* the temporary folder of the artifacts */

/* The path of name in D (a ring of buffers: short-lived; long-lived
 * paths are copied with PATH). */
static char *P(const char *name) {
    static char buf[16][160];
    static int k;
    k = (k + 1) % 16;
    snprintf(buf[k], sizeof buf[k], "%s/%s", D, name);
    return buf[k];
}

#define PATH(var, name)                                                     \
    char var[160];                                                          \
    snprintf(var, sizeof var, "%s/%s", D, name)

static void put(const char *name, const void *data, size_t len) {
    FILE *f = fopen(P(name), "wb");
    CHECK(f != NULL);
    if (!f) return;
    CHECK(fwrite(data, 1, len, f) == len);
    fclose(f);
}

static uint8_t *get(const char *name, size_t *len) {
    FILE *f = fopen(P(name), "rb");
    CHECK(f != NULL);
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc((size_t)n + 1);
    CHECK(fread(b, 1, (size_t)n, f) == (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return b;
}

/* A copy of file src named dst with byte pos xor-ed with x (pos == len:
 * none), cut to cut bytes (cut == 0: whole). */
static const char *variant(const char *src, const char *dst, size_t pos, uint8_t x, size_t cut) {
    size_t len = 0;
    uint8_t *b = get(src, &len);
    if (!b) return P(dst);
    if (pos < len) b[pos] ^= x;
    put(dst, b, cut ? cut : len);
    free(b);
    return P(dst);
}

static void one_line(const char *reason) {
    CHECK(reason[0] != 0);
    CHECK(strchr(reason, '\n') == NULL);
}

/* ---- the artifacts: keys, two certified datasets, a bound run, an answer, a round ---- */

static const char CFG_JSON[] =
    "{\"format\": \"zkprov-train-config-v1\", \"model\": {\"layers\": [4, 4, 2]},\n"
    " \"loss\": \"softmax_cross_entropy\", \"batch_size\": 4, \"steps\": 2,\n"
    " \"optimizer\": {\"type\": \"sgd\", \"learning_rate\": 0.05},\n"
    " \"sampler_seed\": \"0000000000000000000000000000000000000000000000000000000000000002\",\n"
    " \"datasets\": [\"ds.cert\"],\n"
    " \"base_model\": {\"init\": \"seeded\", \"seed\": "
    "\"0000000000000000000000000000000000000000000000000000000000000001\"}}\n";

static tb_dset S1, S2;
static uint8_t cert_digest[32];
static size_t run_len;

static void certify(const tb_dset *S, const char *commit_name, const char *cert_name,
                    const uint8_t *sk, uint8_t digest[32]) {
    char *js = NULL, *schema = NULL, *cert = NULL, err[ZP_CERT_ERR_BYTES] = "";
    size_t jl = 0, sl = 0, cl = 0;
    CHECK_OK(zp_dataset_commit_to_json(&js, &jl, S->c));
    put(commit_name, js, jl);
    CHECK_OK(zp_ds_schema_canonical(&schema, &sl, S->c->schema));
    zp_cert_request req;
    memset(&req, 0, sizeof req);
    req.subject_name = commit_name;
    req.dataset_digest = S->c->digest;
    req.records = S->c->n_records;
    req.schema_json = schema;
    req.schema_digest = S->c->schema_digest;
    req.license = "CC-BY-4.0";
    req.source = "test_verify";
    req.issued_at = (int64_t)time(NULL) - 60;
    CHECK_OK(zp_cert_issue(&cert, &cl, err, &req, sk));
    put(cert_name, cert, cl);
    zp_cert_info ci;
    uint8_t pk[ZP_AUTH_PUBLICKEYBYTES];
    memcpy(pk, sk + 32, 32);
    CHECK_OK(zp_cert_verify(&ci, err, cert, cl, pk, (int64_t)time(NULL)));
    memcpy(digest, ci.payload_digest.b, 32);
    zp_cert_info_clear(&ci);
    free(js);
    free(schema);
    free(cert);
}

static void make_artifacts(void) {
    snprintf(D, sizeof D, "%s/zp_verify_XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    CHECK(mkdtemp(D) != NULL);
    CHECK(mkdir(P("RUN"), 0755) == 0);
    uint8_t pk[ZP_AUTH_PUBLICKEYBYTES], sk[ZP_AUTH_SECRETKEYBYTES];
    char err[ZP_CERT_ERR_BYTES] = "";
    CHECK_OK(zp_auth_keygen_files(pk, err, P("evil"), 0));
    CHECK_OK(zp_auth_keygen_files(pk, err, P("auth"), 0));
    CHECK_OK(zp_auth_secret_load(sk, err, P("auth.key")));
    /* two datasets of NREC records of NF features (scale 8) */
    static const uint8_t seed[32] = {9, 1};
    const tb_shape sh = {NF, NREC, 2, 8, 1u << 12, 1u << 11};
    tb_dset_make(&S1, &sh, 501, seed, 0);
    tb_dset_make(&S2, &sh, 502, seed, 0);
    uint8_t d2[32];
    certify(&S1, "ds.commit", "ds.cert", sk, cert_digest);
    certify(&S2, "ds2.commit", "ds2.cert", sk, d2);
    zp_memzero(sk, sizeof sk);
    /* the run: 2 proven steps bound to ds (opening 0), the model with 2 openings */
    put("RUN/config.json", CFG_JSON, strlen(CFG_JSON));
    zp_train_config cfg;
    char ze[ZP_ZKML_ERR_BYTES] = "";
    CHECK_OK(zp_train_config_parse(&cfg, ze, CFG_JSON, strlen(CFG_JSON)));
    CHECK(cfg.act_scale == 8 && cfg.act_bits == 16); /* the scale of tb_dset_make's fx */
    zp_mlp base;
    CHECK_OK(zp_mlp_alloc(&base, &cfg));
    CHECK_OK(zp_mlp_init_seeded(&base, &cfg, cfg.init_seed));
    uint8_t *run = NULL;
    zp_model_prover *fin = NULL;
    CHECK_OK(tb_prove(&run, &run_len, &fin, &cfg, &base, &S1.fx, cert_digest, &S1, 0, 77));
    put("RUN/run.proof", run, run_len);
    char *mj = NULL;
    size_t ml = 0;
    CHECK_OK(zp_model_commit_to_json(&mj, &ml, zp_model_prover_public(fin)));
    put("RUN/model.commit", mj, ml);
    /* an answer with opening 1, naming the run and its certificate */
    int64_t x[NF] = {100, -50, 7, 3}, lg[2];
    uint8_t *pf = NULL;
    size_t pl = 0;
    unsigned j = 0;
    zp_infer_opts o;
    zp_infer_opts_default(&o);
    CHECK_OK(zp_infer_prove_model(&pf, &pl, lg, &j, fin, x, 1, &o, NULL));
    CHECK(j == 1);
    zp_infer_answer an;
    memset(&an, 0, sizeof an);
    zp_model_commit_info(zp_model_prover_public(fin), an.model, NULL, NULL);
    an.opening = j;
    an.batch = 1;
    an.d_in = NF;
    an.d_out = 2;
    an.input = x;
    an.scores = lg;
    an.proof = pf;
    an.proof_len = pl;
    an.has_chain = 1;
    zp_sha256(an.run_proof, run, run_len);
    an.n_certs = 1;
    memcpy(an.cert_digests[0], cert_digest, 32);
    char *aj = NULL;
    size_t al = 0;
    CHECK_OK(zp_infer_answer_to_json(&aj, &al, &an));
    put("ans.json", aj, al);
    free(aj);
    zp_infer_proof_free(pf);
    free(mj);
    free(run);
    zp_model_prover_free(fin);
    zp_mlp_free(&base);
    zp_train_config_free(&cfg);
    /* a federated round of two clients (updates without training proofs) */
    enum { LP = 6, NC = 2 };
    zp_fl_round r;
    memset(&r, 0, sizeof r);
    r.round_id = 3;
    r.log_params = LP;
    r.update_bits = 8;
    r.bound = 1000;
    r.n_clients = NC;
    r.client_pk = malloc(32 * NC);
    r.global = malloc(8 << LP);
    uint8_t csk[NC][64];
    for (int c = 0; c < NC; c++) CHECK_OK(zp_auth_keypair(r.client_pk + 32 * c, csk[c]));
    for (size_t i = 0; i < ((size_t)1 << LP); i++) r.global[i] = (int64_t)(i * 37 % 201) - 100;
    const size_t mlen = zp_fl_client_mask_len(LP);
    int64_t *vals[NC];
    zp_fe *masks[NC];
    zp_fl_update upd[NC];
    zp_pcs_prover *pr[NC];
    zp_bytes rp[NC];
    const uint8_t *rps[NC];
    size_t rls[NC];
    for (int c = 0; c < NC; c++) {
        vals[c] = malloc(8 << LP);
        masks[c] = malloc(mlen * sizeof(zp_fe));
        for (size_t i = 0; i < ((size_t)1 << LP); i++) vals[c][i] = (int64_t)((i * (5 + 2 * c)) % 21) - 10;
        zp_rng rr;
        zp_rng_derive(&rr, test_rng(), "client");
        zp_bytes_init(&rp[c]);
        CHECK_OK(zp_fl_update_create(&upd[c], &pr[c], &rp[c], &r, (uint32_t)c, csk[c], vals[c],
                                     50 + 10 * (uint64_t)c, NULL, masks[c], &rr));
        rps[c] = rp[c].data;
        rls[c] = rp[c].len;
    }
    zp_fl_aggregate a;
    zp_rng rr;
    zp_rng_derive(&rr, test_rng(), "agg");
    CHECK_OK(zp_fl_aggregate_prove(&a, &r, upd, rps, rls, (const int64_t *const *)vals,
                                   (const zp_fe *const *)masks, pr, NC, &rr));
    uint8_t *b = NULL;
    size_t bl = 0;
    CHECK_OK(zp_fl_round_encode(&b, &bl, &r));
    put("r0.bin", b, bl);
    free(b);
    CHECK_OK(zp_fl_aggregate_encode(&b, &bl, &a));
    put("r1.agg", b, bl);
    free(b);
    /* another round 3 with the same clients and another global model */
    r.global[0] += 1;
    CHECK_OK(zp_fl_round_encode(&b, &bl, &r));
    put("other.bin", b, bl);
    free(b);
    zp_fl_aggregate_clear(&a);
    for (int c = 0; c < NC; c++) {
        free(vals[c]);
        free(masks[c]);
        zp_pcs_prover_free(pr[c]);
        zp_bytes_free(&rp[c]);
    }
    zp_memzero(csk, sizeof csk);
    zp_fl_round_clear(&r);
}

static void remove_artifacts(void) {
    static const char *names[] = {
        "auth.key", "auth.pub", "evil.key", "evil.pub", "ds.commit", "ds.cert", "ds2.commit",
        "ds2.cert", "RUN/config.json", "RUN/run.proof", "RUN/model.commit", "ans.json",
        "r0.bin", "r1.agg", "other.bin", "t.cert", "t.commit", "t.pub", "t.proof", "t.json",
        "t.model", "t.agg", "t.bin", "t.cfg", "RUN/t.proof"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) unlink(P(names[i]));
    rmdir(P("RUN"));
    rmdir(D);
    tb_dset_free(&S1);
    tb_dset_free(&S2);
}

/* ---- certificates ---- */

static void test_certs(void) {
    zp_cert_info ci;
    char reason[ZP_VERIFY_REASON_BYTES];
    CHECK_OK(zp_verify_cert_files(&ci, reason, P("ds.cert"), P("auth.pub"), P("ds.commit"), -1));
    CHECK(reason[0] == 0 && ci.records == NREC && !strcmp(ci.license, "CC-BY-4.0"));
    CHECK(memcmp(ci.payload_digest.b, cert_digest, 32) == 0);
    zp_cert_info_clear(&ci);
    /* rejected: another key, another commitment, flipped and truncated files */
    CHECK(zp_verify_cert_files(&ci, reason, P("ds.cert"), P("evil.pub"), NULL, -1) == ZP_ERR_VERIFY);
    one_line(reason);
    CHECK(strstr(reason, "rejected") != NULL);
    CHECK(zp_verify_cert_files(&ci, reason, P("ds.cert"), P("auth.pub"), P("ds2.commit"), -1) ==
          ZP_ERR_VERIFY);
    one_line(reason);
    size_t len = 0;
    uint8_t *raw = get("ds.cert", &len);
    const char *pay = strstr((const char *)raw, "\"payload\":\"");
    CHECK(pay != NULL);
    const size_t at[3] = {(size_t)(pay - (const char *)raw) + 20, len / 2, len - 5};
    for (int k = 0; k < 3; k++) {
        CHECK(zp_verify_cert_files(&ci, reason, variant("ds.cert", "t.cert", at[k], 1, 0),
                                   P("auth.pub"), NULL, -1) == ZP_ERR_VERIFY);
        one_line(reason);
        CHECK(ci.subject_name == NULL); /* zeroed on failure */
    }
    free(raw);
    CHECK(zp_verify_cert_files(&ci, reason, variant("ds.cert", "t.cert", 0, 0, len / 2),
                               P("auth.pub"), NULL, -1) == ZP_ERR_VERIFY);
    one_line(reason);
    /* a changed dataset commitment */
    raw = get("ds.commit", &len);
    free(raw);
    CHECK(zp_verify_cert_files(&ci, reason, P("ds.cert"), P("auth.pub"),
                               variant("ds.commit", "t.commit", len / 2, 1, 0), -1) == ZP_ERR_VERIFY);
    one_line(reason);
    /* a changed key file: not a key (parse) or another key (rejected) */
    raw = get("auth.pub", &len);
    free(raw);
    for (size_t pos = 2; pos < len; pos += len / 7) {
        zp_err e = zp_verify_cert_files(&ci, reason, P("ds.cert"),
                                        variant("auth.pub", "t.pub", pos, 4, 0), NULL, -1);
        CHECK(e == ZP_ERR_PARSE || e == ZP_ERR_VERIFY);
        one_line(reason);
    }
    /* missing files, the authority's secret key file, misuse */
    CHECK(zp_verify_cert_files(&ci, reason, P("none.cert"), P("auth.pub"), NULL, -1) == ZP_ERR_IO);
    one_line(reason);
    CHECK(zp_verify_cert_files(&ci, reason, P("ds.cert"), P("none.pub"), NULL, -1) == ZP_ERR_IO);
    CHECK(zp_verify_cert_files(&ci, reason, P("ds.cert"), P("auth.pub"), P("none.commit"), -1) ==
          ZP_ERR_IO);
    CHECK(zp_verify_cert_files(&ci, reason, P("ds.cert"), P("auth.key"), NULL, -1) == ZP_ERR_PARSE);
    one_line(reason);
    CHECK(zp_verify_cert_files(&ci, reason, NULL, P("auth.pub"), NULL, -1) == ZP_ERR_ARG);
    /* expired: verified at a time before it was issued is "not yet valid" */
    CHECK(zp_verify_cert_files(&ci, reason, P("ds.cert"), P("auth.pub"), NULL, 1000) ==
          ZP_ERR_VERIFY);
}

/* ---- training runs ---- */

static zp_err vrun(zp_run_verified *v, const char *run, const char *cert, const char *auth,
                   const char *cfg, const char *model, const char *commit) {
    const char *certs[1] = {cert};
    zp_err e = zp_verify_run_files(v, run, certs, 1, auth, cfg, model, commit, -1);
    if (e != ZP_OK) one_line(v->reason);
    else CHECK(v->reason[0] == 0);
    return e;
}

static void test_runs(void) {
    zp_run_verified *v = malloc(sizeof *v);
    PATH(run, "RUN/run.proof");
    PATH(cert, "ds.cert");
    PATH(auth, "auth.pub");
    CHECK_OK(vrun(v, run, cert, auth, NULL, NULL, NULL));
    CHECK(v->n_steps == 2 && v->batch_size == 4 && v->n_records == NREC && v->n_certs == 1);
    CHECK(v->records_bound == 1 && v->base_checked == 1 && v->model_checked == 1);
    CHECK(v->ds_index == 0 && v->ds_openings == S1.c->pcs.max_openings);
    CHECK(v->not_proven[0] == 0);
    CHECK(memcmp(v->certs[0].digest, cert_digest, 32) == 0 && v->certs[0].given == 0);
    CHECK(memcmp(v->certs[0].dataset_digest, S1.c->digest.b, 32) == 0);
    CHECK(v->certs[0].records == NREC && !strcmp(v->certs[0].license, "CC-BY-4.0"));
    CHECK(!strcmp(v->certs[0].subject, "ds.commit"));
    size_t len = 0;
    uint8_t *raw = get("RUN/run.proof", &len), dg[32];
    zp_sha256(dg, raw, len);
    free(raw);
    CHECK(memcmp(v->run_digest, dg, 32) == 0);
    /* explicit paths give the same */
    CHECK_OK(vrun(v, run, cert, auth, P("RUN/config.json"), P("RUN/model.commit"), P("ds.commit")));
    /* flipped bytes of the run proof, everywhere, and a truncated one */
    for (int k = 0; k < 8; k++) {
        size_t pos = k == 0 ? 20 : k == 7 ? len - 1 : (size_t)(test_rand_u64() % len);
        CHECK(vrun(v, variant("RUN/run.proof", "t.proof", pos, 1, 0), cert, auth,
                   P("RUN/config.json"), P("RUN/model.commit"), NULL) == ZP_ERR_VERIFY);
    }
    CHECK(vrun(v, variant("RUN/run.proof", "t.proof", 0, 0, len - 100), cert, auth,
               P("RUN/config.json"), P("RUN/model.commit"), NULL) == ZP_ERR_VERIFY);
    CHECK(vrun(v, variant("RUN/run.proof", "t.proof", 0, 0, 10), cert, auth,
               P("RUN/config.json"), P("RUN/model.commit"), NULL) == ZP_ERR_VERIFY);
    /* another key, another certificate, another commitment */
    CHECK(vrun(v, run, cert, P("evil.pub"), NULL, NULL, NULL) == ZP_ERR_VERIFY);
    CHECK(vrun(v, run, P("ds2.cert"), auth, NULL, NULL, NULL) == ZP_ERR_VERIFY);
    CHECK(strstr(v->reason, "does not rest on the certificate") != NULL);
    CHECK(vrun(v, run, cert, auth, NULL, NULL, P("ds2.commit")) == ZP_ERR_VERIFY);
    raw = get("ds.commit", &len);
    free(raw);
    CHECK(vrun(v, run, cert, auth, NULL, NULL, variant("ds.commit", "t.commit", len / 3, 1, 0)) ==
          ZP_ERR_VERIFY);
    /* a changed certificate byte */
    raw = get("ds.cert", &len);
    free(raw);
    CHECK(vrun(v, run, variant("ds.cert", "t.cert", len / 2, 1, 0), auth, NULL, NULL, NULL) ==
          ZP_ERR_VERIFY);
    /* another config: a changed learning rate, a broken file */
    char *c2 = strdup(CFG_JSON);
    memcpy(strstr(c2, "0.05"), "0.07", 4);
    put("t.cfg", c2, strlen(c2));
    free(c2);
    CHECK(vrun(v, run, cert, auth, P("t.cfg"), NULL, NULL) == ZP_ERR_VERIFY);
    CHECK(strstr(v->reason, "config") != NULL);
    put("t.cfg", CFG_JSON, 20);
    CHECK(vrun(v, run, cert, auth, P("t.cfg"), NULL, NULL) == ZP_ERR_PARSE);
    /* a changed model commitment, another model */
    raw = get("RUN/model.commit", &len);
    free(raw);
    for (int k = 1; k < 4; k++)
        CHECK(vrun(v, run, cert, auth, NULL, variant("RUN/model.commit", "t.model", k * len / 4, 1, 0),
                   NULL) == ZP_ERR_VERIFY);
    /* missing files (a missing default model.commit is not checked; a given one must exist) */
    CHECK(vrun(v, P("none.proof"), cert, auth, P("RUN/config.json"), NULL, NULL) == ZP_ERR_IO);
    CHECK(vrun(v, run, P("none.cert"), auth, NULL, NULL, NULL) == ZP_ERR_IO);
    CHECK(vrun(v, run, cert, P("none.pub"), NULL, NULL, NULL) == ZP_ERR_IO);
    CHECK(vrun(v, run, cert, auth, P("none.json"), NULL, NULL) == ZP_ERR_IO);
    CHECK(vrun(v, run, cert, auth, NULL, P("none.commit"), NULL) == ZP_ERR_IO);
    CHECK(vrun(v, run, cert, auth, NULL, NULL, P("none.commit")) == ZP_ERR_IO);
    CHECK(vrun(v, run, P("ds2.cert"), auth, NULL, NULL, NULL) == ZP_ERR_VERIFY);
    /* misuse: a certificate twice, none, NULL */
    const char *twice[2] = {cert, cert};
    CHECK(zp_verify_run_files(v, run, twice, 2, auth, NULL, NULL, NULL, -1) == ZP_ERR_ARG);
    one_line(v->reason);
    CHECK(zp_verify_run_files(v, run, twice, 0, auth, NULL, NULL, NULL, -1) == ZP_ERR_ARG);
    CHECK(zp_verify_run_files(v, run, twice, 1, NULL, NULL, NULL, NULL, -1) == ZP_ERR_ARG);
    CHECK(zp_verify_run_files(NULL, run, twice, 1, auth, NULL, NULL, NULL, -1) == ZP_ERR_ARG);
    /* the result is zeroed on failure */
    CHECK(v->n_steps == 0 && v->n_certs == 0);
    free(v);
}

/* ---- answers ---- */

static zp_err vans(zp_answer_verified *v, const char *ans, const char *model, const char *run,
                   const char *cert, const char *auth) {
    const char *certs[1] = {cert};
    zp_err e = zp_verify_answer_files(v, ans, model, run, cert ? certs : NULL, cert ? 1 : 0, auth,
                                      NULL, NULL, -1);
    if (e != ZP_OK) {
        one_line(v->reason);
        CHECK(v->scores == NULL);
    }
    return e;
}

static void test_answers(void) {
    zp_answer_verified *v = malloc(sizeof *v);
    PATH(ans, "ans.json");
    PATH(model, "RUN/model.commit");
    PATH(run, "RUN/run.proof");
    PATH(cert, "ds.cert");
    PATH(auth, "auth.pub");
    CHECK_OK(vans(v, ans, model, NULL, NULL, NULL));
    CHECK(v->opening == 1 && v->max_openings == 2 && v->batch == 1 && v->d_in == NF && v->d_out == 2);
    CHECK(v->names_run == 1 && v->chain_checked == 0 && v->n_certs == 1);
    CHECK(memcmp(v->cert_digests[0], cert_digest, 32) == 0 && v->scores != NULL);
    zp_answer_verified_clear(v);
    /* the chain: certificate -> run -> released model -> answer */
    CHECK_OK(vans(v, ans, NULL, run, cert, auth));
    CHECK(v->chain_checked == 1 && v->run.n_steps == 2 && v->run.records_bound == 1);
    CHECK(memcmp(v->run.final_digest, v->model, 32) == 0);
    CHECK(memcmp(v->run.run_digest, v->run_digest, 32) == 0);
    zp_answer_verified_clear(v);
    /* flipped bytes and a truncated answer */
    size_t len = 0;
    uint8_t *raw = get("ans.json", &len);
    const char *pr = strstr((const char *)raw, "\"proof\"");
    CHECK(pr != NULL);
    const size_t pp = (size_t)(pr - (const char *)raw);
    free(raw);
    const size_t at[4] = {2, pp + 30, pp + 400, len - 3};
    for (int k = 0; k < 4; k++)
        CHECK(vans(v, variant("ans.json", "t.json", at[k], 1, 0), model, NULL, NULL, NULL) ==
              ZP_ERR_VERIFY);
    CHECK(vans(v, variant("ans.json", "t.json", 0, 0, len / 2), model, NULL, NULL, NULL) ==
          ZP_ERR_VERIFY);
    /* a changed model commitment; the chain under another key, certificate */
    raw = get("RUN/model.commit", &len);
    free(raw);
    CHECK(vans(v, ans, variant("RUN/model.commit", "t.model", len / 2, 1, 0), NULL, NULL, NULL) ==
          ZP_ERR_VERIFY);
    CHECK(vans(v, ans, NULL, run, cert, P("evil.pub")) == ZP_ERR_VERIFY);
    CHECK(vans(v, ans, NULL, run, P("ds2.cert"), auth) == ZP_ERR_VERIFY);
    CHECK(vans(v, ans, NULL, variant("RUN/run.proof", "RUN/t.proof", run_len / 2, 1, 0), cert, auth) ==
          ZP_ERR_VERIFY);
    /* missing files; misuse */
    CHECK(vans(v, P("none.json"), model, NULL, NULL, NULL) == ZP_ERR_IO);
    CHECK(vans(v, ans, P("none.commit"), NULL, NULL, NULL) == ZP_ERR_IO);
    CHECK(vans(v, ans, NULL, NULL, NULL, NULL) == ZP_ERR_ARG);
    CHECK(vans(v, ans, NULL, run, NULL, auth) == ZP_ERR_ARG);
    zp_answer_verified_clear(v);
    zp_answer_verified_clear(NULL);
    free(v);
}

/* ---- federated rounds ---- */

static void test_rounds(void) {
    zp_fl_verified *v = malloc(sizeof *v);
    PATH(r0, "r0.bin");
    PATH(r1, "r1.agg");
    CHECK_OK(zp_verify_fl_round_files(v, r1, r0, NULL, NULL, ZP_VERIFY_FL_ALLOW_UNTRAINED, -1));
    CHECK(v->reason[0] == 0 && v->round_id == 3 && v->next_round_id == 4 && v->n_updates == 2);
    CHECK(v->n_included == 2 && v->n_trained == 0 && v->n_checked == 0);
    CHECK(v->range_proofs_checked == 1 && v->training_proofs_checked == 1);
    CHECK(v->client[0] + v->client[1] == 1 && v->included[0] && v->included[1]);
    CHECK_OK(zp_verify_fl_round_files(v, r1, r0, NULL, NULL,
                                      ZP_VERIFY_FL_ALLOW_UNTRAINED | ZP_VERIFY_FL_SKIP_RANGE_PROOFS |
                                          ZP_VERIFY_FL_SKIP_TRAINING_PROOFS, -1));
    CHECK(v->range_proofs_checked == 0 && v->training_proofs_checked == 0);
    /* the next round of a NEXT file chains: r1.agg is a valid previous round */
    uint8_t nd[32];
    memcpy(nd, v->next_digest, 32);
    zp_fl_round r;
    char reason[ZP_VERIFY_REASON_BYTES];
    CHECK_OK(zp_verify_load_round(&r, reason, r1));
    zp_digest d;
    CHECK_OK(zp_fl_round_digest(&d, &r));
    CHECK(memcmp(d.b, nd, 32) == 0);
    zp_fl_round_clear(&r);
    /* untrained updates are refused unless allowed */
    CHECK(zp_verify_fl_round_files(v, r1, r0, NULL, NULL, 0, -1) == ZP_ERR_VERIFY);
    one_line(v->reason);
    CHECK(strstr(v->reason, "no training proof") != NULL);
    /* flipped and truncated aggregates, another previous round */
    size_t len = 0;
    uint8_t *raw = get("r1.agg", &len);
    free(raw);
    const size_t at[5] = {9, 40, len / 2, len - 100, len - 1};
    for (int k = 0; k < 5; k++) {
        zp_err e = zp_verify_fl_round_files(v, variant("r1.agg", "t.agg", at[k], 1, 0), r0, NULL,
                                            NULL, ZP_VERIFY_FL_ALLOW_UNTRAINED, -1);
        CHECK(e == ZP_ERR_VERIFY);
        one_line(v->reason);
    }
    CHECK(zp_verify_fl_round_files(v, variant("r1.agg", "t.agg", 0, 0, len - 7), r0, NULL, NULL,
                                   ZP_VERIFY_FL_ALLOW_UNTRAINED, -1) == ZP_ERR_VERIFY);
    CHECK(zp_verify_fl_round_files(v, r1, P("other.bin"), NULL, NULL,
                                   ZP_VERIFY_FL_ALLOW_UNTRAINED, -1) == ZP_ERR_VERIFY);
    one_line(v->reason);
    /* a broken previous round is not a round file */
    raw = get("r0.bin", &len);
    free(raw);
    zp_err e = zp_verify_fl_round_files(v, r1, variant("r0.bin", "t.bin", 0, 0, len / 2), NULL,
                                        NULL, ZP_VERIFY_FL_ALLOW_UNTRAINED, -1);
    CHECK(e == ZP_ERR_PARSE);
    one_line(v->reason);
    /* missing files, misuse */
    CHECK(zp_verify_fl_round_files(v, P("none.agg"), r0, NULL, NULL, ZP_VERIFY_FL_ALLOW_UNTRAINED,
                                   -1) == ZP_ERR_IO);
    CHECK(zp_verify_fl_round_files(v, r1, P("none.bin"), NULL, NULL, ZP_VERIFY_FL_ALLOW_UNTRAINED,
                                   -1) == ZP_ERR_IO);
    CHECK(zp_verify_fl_round_files(v, r1, r0, P("none.txt"), NULL, ZP_VERIFY_FL_ALLOW_UNTRAINED,
                                   -1) == ZP_ERR_IO);
    CHECK(zp_verify_fl_round_files(v, r1, NULL, NULL, NULL, 0, -1) == ZP_ERR_ARG);
    CHECK(zp_verify_fl_round_files(v, r1, r0, NULL, NULL, 64, -1) == ZP_ERR_ARG);
    CHECK(v->n_updates == 0);
    free(v);
}

TEST(verify_from_files) {
    CHECK(zp_run_verified_sizeof() == sizeof(zp_run_verified));
    CHECK(zp_answer_verified_sizeof() == sizeof(zp_answer_verified));
    CHECK(zp_fl_verified_sizeof() == sizeof(zp_fl_verified));
    CHECK(zp_verified_cert_sizeof() == sizeof(zp_verified_cert));
    CHECK(zp_verify_reason_bytes() == ZP_VERIFY_REASON_BYTES);
    make_artifacts();
    test_certs();
    test_runs();
    test_answers();
    test_rounds();
    remove_artifacts();
}
