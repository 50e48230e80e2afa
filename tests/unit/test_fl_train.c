/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of trained federated updates (src/prov/fl_train.c, docs/spec/fl.md
 * "Training proofs") on real dataset commitments (src/prov/dataset.c): an
 * honest round of trained updates, whose runs are bound to the clients'
 * certified shards, verifies and aggregates; an update that is not the
 * trained model minus g, a training proof of another client or of another
 * run, a run that did not start from g, a run bound to another shard's
 * commitment and an unbound (version-2) run are rejected; the prover
 * refuses to train on a data file that is not the certified shard. */
// ZP_TEST_LAYER: prov
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "harness.h"
#include "prov/fl_internal.h"
#include "prov/fl_train_internal.h"
#include "zkprov/prov.h"

/* 16 features: a record row of 2^5 values, so that the record layout of
 * a run (2^(log T + log B + 5) values) fills whole rows of the bind
 * proof's commitment */
static const uint32_t DIMS[] = {16, 4, 2};
#define LP 7
#define PP ((size_t)1 << LP)
#define NC 2
#define NREC 9

typedef struct {
    zp_bytes rp, run, link;
    zp_fl_update h;
    zp_pcs_prover *pr;
    int64_t *vals;
    zp_fe *mask;
} trained;

/* A client's certified shard: its rows, dataset commitment and secret,
 * the training view of the commitment, and the records as the CLI loads
 * them (zp_fx_rescale). */
typedef struct {
    zp_ds_schema *s;
    zp_fe *rows;
    size_t n;
    zp_dataset_commit *c;
    zp_dataset_secret *sec;
    zp_train_dataset v;
    unsigned next_j; /* the next unused dataset opening */
} shard;

typedef struct {
    zp_train_config cfg;
    zp_fl_round r;
    uint8_t sk[NC][64];
    zp_fxdata ds[NC];
    shard sh[NC];
    uint8_t dsd[NC][32]; /* the certified shards' certificate digests */
    trained t[NC];
} world;

static world W;
static int W_ready;

static zp_ds_schema *mk_schema(void) {
    zp_ds_schema *s = calloc(1, sizeof *s);
    s->format = ZP_DS_CSV;
    s->n_columns = DIMS[0];
    s->columns = calloc(DIMS[0], sizeof *s->columns);
    for (size_t i = 0; i < DIMS[0]; i++) {
        s->columns[i].name = malloc(24);
        snprintf(s->columns[i].name, 24, "f%zu", i);
        s->columns[i].count = 1;
        s->columns[i].scale = W.cfg.act_scale;
        s->columns[i].bound = 1u << 12;
    }
    s->has_label = 1;
    s->label_name = malloc(8);
    strcpy(s->label_name, "y");
    s->label_bound = DIMS[2] - 1;
    char err[ZP_DS_ERR_BYTES];
    if (zp_ds_schema_finish(s, err) != ZP_OK) {
        zp_ds_schema_free(s);
        return NULL;
    }
    return s;
}

static zp_dataset_builder *fill(const shard *S) {
    zp_dataset_builder *b = NULL;
    char err[ZP_DS_ERR_BYTES];
    if (zp_dataset_builder_new(&b, S->s) != ZP_OK) return NULL;
    for (size_t i = 0; i < S->n; i++)
        if (zp_dataset_builder_add(b, err, S->rows + i * S->s->width) != ZP_OK) {
            zp_dataset_builder_free(b);
            return NULL;
        }
    return b;
}

/* Shard of n random records, committed (seeded) and viewed; ds: its
 * records as the CLI loads them. */
static void make_shard(shard *S, zp_fxdata *ds, size_t n, uint8_t salt) {
    memset(S, 0, sizeof *S);
    S->s = mk_schema();
    CHECK(S->s != NULL);
    const size_t w = S->s->width;
    S->n = n;
    S->rows = calloc(n * w, sizeof(zp_fe));
    ds->n = n;
    ds->n_features = DIMS[0];
    ds->x = malloc(n * DIMS[0] * sizeof(int64_t));
    ds->label = malloc(n * sizeof(int32_t));
    ds->targets = NULL;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < DIMS[0]; k++) {
            const int64_t q = (int64_t)(test_rand_u64() % 512) - 256;
            S->rows[i * w + k] = zp_ds_fe_from_i64(q);
            ds->x[i * DIMS[0] + k] =
                zp_fx_rescale(q, W.cfg.act_scale, W.cfg.act_scale, W.cfg.act_bits);
        }
        const uint32_t y = (uint32_t)(test_rand_u64() % DIMS[2]);
        S->rows[i * w + DIMS[0]] = y;
        ds->label[i] = (int32_t)y;
    }
    uint8_t seed[32] = {salt, 7};
    char err[ZP_DS_ERR_BYTES] = "";
    zp_dataset_builder *b = fill(S);
    CHECK(b != NULL);
    CHECK_OK(zp_dataset_builder_finish(b, err, &S->c, &S->sec, seed));
    zp_dataset_builder_free(b);
    CHECK_OK(zp_dataset_train_view(&S->v, err, S->c));
}

static void free_shard(shard *S) {
    zp_dataset_commit_free(S->c);
    zp_dataset_secret_free(S->sec);
    zp_ds_schema_free(S->s);
    free(S->rows);
    memset(S, 0, sizeof *S);
}

static void trained_init(trained *t) {
    memset(t, 0, sizeof *t);
    zp_bytes_init(&t->rp);
    zp_bytes_init(&t->run);
    zp_bytes_init(&t->link);
    t->vals = malloc(8 * PP);
    t->mask = malloc(zp_fl_client_mask_len(LP) * sizeof(zp_fe));
}

static void trained_free(trained *t) {
    zp_bytes_free(&t->rp);
    zp_bytes_free(&t->run);
    zp_bytes_free(&t->link);
    zp_pcs_prover_free(t->pr);
    free(t->vals);
    free(t->mask);
    memset(t, 0, sizeof *t);
}

/* Client c's trained update on the records fx (W.ds[c]: its certified
 * shard), bound to shard c's commitment with its next opening (a fresh
 * matrix prover per run: each run consumes an opening). */
static zp_err make_trained_on(trained *t, uint32_t c, const zp_fxdata *fx, uint64_t seed,
                              unsigned cheat) {
    trained_init(t);
    shard *S = &W.sh[c];
    char err[ZP_DS_ERR_BYTES] = "";
    zp_pcs_prover *pcs = NULL;
    zp_fe *D = NULL;
    zp_dataset_builder *b = fill(S);
    if (!b) return ZP_ERR_NOMEM;
    zp_err e = zp_dataset_matrix_prover(&pcs, &D, err, S->c, S->sec, b);
    zp_dataset_builder_free(b);
    if (e != ZP_OK) return e;
    zp_run_records rec = {&S->v, S->next_j++ % S->v.pp.max_openings, pcs, D};
    zp_rng rr;
    zp_rng_init_u64(&rr, seed);
    e = zp_fl_update_create_trained_ex(&t->h, &t->pr, &t->rp, &t->run, &t->link, t->vals, &W.r, c,
                                       W.sk[c], &W.cfg, fx, W.dsd[c], &rec, t->mask, &rr, cheat);
    zp_memzero(D, ((size_t)1 << S->v.pp.n_vars) * sizeof(zp_fe));
    free(D);
    zp_pcs_prover_free(pcs);
    return e;
}

static zp_err make_trained(trained *t, uint32_t c, uint64_t seed, unsigned cheat) {
    return make_trained_on(t, c, &W.ds[c], seed, cheat);
}

static char last_err[ZP_CERT_ERR_BYTES];

/* Checks the proofs under h against shard s's certificate digest and
 * commitment. */
static zp_err verify_with(const zp_fl_update *h, uint32_t s, const trained *proofs) {
    return zp_fl_train_verify(last_err, h, &W.r, &W.cfg, W.dsd[s], &W.sh[s].v, proofs->run.data,
                              proofs->run.len, proofs->link.data, proofs->link.len);
}

static void setup(void) {
    if (W_ready) return;
    W_ready = 1;
    CHECK_OK(zp_train_config_default(&W.cfg, DIMS, 2));
    W.cfg.batch_size = 4;
    W.cfg.lr_num = 209715;
    W.cfg.steps = 2;
    CHECK_OK(zp_train_config_check(&W.cfg, NULL));
    zp_mlp m;
    CHECK_OK(zp_mlp_alloc(&m, &W.cfg));
    uint8_t seed[ZP_ZKML_SEED_BYTES];
    for (size_t i = 0; i < sizeof seed; i++) seed[i] = (uint8_t)(3 * i + 5);
    CHECK_OK(zp_mlp_init_seeded(&m, &W.cfg, seed));
    W.r.round_id = 3;
    W.r.log_params = LP;
    W.r.update_bits = 20;
    W.r.bound = (uint64_t)1 << 22;
    W.r.n_clients = NC;
    W.r.client_pk = malloc(32 * NC);
    W.r.global = calloc(PP, 8);
    CHECK_OK(zp_fl_model_flatten(W.r.global, PP, &W.cfg, &m));
    zp_mlp_free(&m);
    for (int c = 0; c < NC; c++) {
        CHECK_OK(zp_auth_keypair(W.r.client_pk + 32 * c, W.sk[c]));
        make_shard(&W.sh[c], &W.ds[c], NREC + (size_t)c, (uint8_t)c);
        for (size_t i = 0; i < 32; i++) W.dsd[c][i] = (uint8_t)test_rand_u64();
    }
    CHECK_OK(zp_fl_round_check(&W.r));
    for (uint32_t c = 0; c < NC; c++) CHECK_OK(make_trained(&W.t[c], c, 100 + c, 0));
}

TEST(flatten_roundtrip_and_padding) {
    setup();
    size_t E = zp_fl_model_size(&W.cfg);
    /* W_0 4x16 (64), b_0 4, W_1 2x4 (8), b_1 2 */
    CHECK(E == 78);
    zp_mlp m;
    CHECK_OK(zp_fl_model_unflatten(&m, &W.cfg, W.r.global, PP));
    int64_t *v = calloc(PP, 8);
    CHECK_OK(zp_fl_model_flatten(v, PP, &W.cfg, &m));
    CHECK(memcmp(v, W.r.global, 8 * PP) == 0);
    /* a value beyond the model, or too few values, is refused */
    v[E] = 1;
    zp_mlp m2;
    CHECK(zp_fl_model_unflatten(&m2, &W.cfg, v, PP) == ZP_ERR_ARG);
    CHECK(zp_fl_model_unflatten(&m2, &W.cfg, W.r.global, E - 1) == ZP_ERR_ARG);
    CHECK(zp_fl_model_flatten(v, E - 1, &W.cfg, &m) == ZP_ERR_ARG);
    zp_mlp_free(&m);
    free(v);
}

TEST(honest_trained_updates_verify_and_aggregate) {
    setup();
    for (uint32_t c = 0; c < NC; c++) {
        trained *t = &W.t[c];
        CHECK(t->h.has_train_proof == 1);
        CHECK(t->h.samples == W.ds[c].n);
        CHECK(zp_fl_update_verify(&t->h, &W.r, t->rp.data, t->rp.len) == ZP_OK);
        CHECK(verify_with(&t->h, c, t) == ZP_OK);
        if (last_err[0]) fprintf(stderr, "unexpected: %s\n", last_err);
        /* the update is the trained model minus g: not zero */
        int nz = 0;
        for (size_t x = 0; x < PP; x++) nz |= t->vals[x] != 0;
        CHECK(nz);
        /* and zero outside the model */
        for (size_t x = zp_fl_model_size(&W.cfg); x < PP; x++) CHECK(t->vals[x] == 0);
    }
    /* the aggregator uses opening 1 of each commitment after openings 0
     * and 2 */
    const zp_fl_update hs[NC] = {W.t[0].h, W.t[1].h};
    const uint8_t *rps[NC] = {W.t[0].rp.data, W.t[1].rp.data};
    const size_t rls[NC] = {W.t[0].rp.len, W.t[1].rp.len};
    const int64_t *vals[NC] = {W.t[0].vals, W.t[1].vals};
    const zp_fe *masks[NC] = {W.t[0].mask, W.t[1].mask};
    zp_pcs_prover *prs[NC] = {W.t[0].pr, W.t[1].pr};
    zp_fl_aggregate a;
    zp_rng ar;
    zp_rng_init_u64(&ar, 77);
    CHECK_OK(zp_fl_aggregate_prove(&a, &W.r, hs, rps, rls, vals, masks, prs, NC, &ar));
    char err[ZP_CERT_ERR_BYTES];
    CHECK(zp_fl_aggregate_verify(err, &W.r, &a) == ZP_OK);
    /* the next round's model is still a model of the config */
    zp_mlp m;
    CHECK_OK(zp_fl_model_unflatten(&m, &W.cfg, a.next.global, PP));
    zp_mlp_free(&m);
    zp_fl_aggregate_clear(&a);
}

TEST(update_not_trained_model_minus_g_rejected) {
    setup();
    trained t;
    CHECK_OK(make_trained(&t, 0, 200, ZP_FL_TRAIN_CHEAT_UPDATE));
    /* its range proof and signature are fine */
    CHECK(zp_fl_update_verify(&t.h, &W.r, t.rp.data, t.rp.len) == ZP_OK);
    CHECK(verify_with(&t.h, 0, &t) == ZP_ERR_VERIFY);
    CHECK(strstr(last_err, "not the trained model minus") != NULL);
    trained_free(&t);
    /* a non-zero value outside the model's positions */
    CHECK_OK(make_trained(&t, 0, 201, ZP_FL_TRAIN_CHEAT_TAIL));
    CHECK(t.vals[PP - 1] == 1);
    CHECK(verify_with(&t.h, 0, &t) == ZP_ERR_VERIFY);
    CHECK(strstr(last_err, "not the trained model minus") != NULL);
    trained_free(&t);
}

/* hdr re-signed by client c with a train digest of other proofs */
static zp_fl_update resign(const zp_fl_update *h, uint32_t c, const trained *proofs) {
    zp_fl_update f = *h;
    zp_fl_train_digest(&f.train_proof, proofs->run.data, proofs->run.len, proofs->link.data,
                       proofs->link.len);
    uint8_t m[ZP_FL_SIGNED_BYTES];
    size_t ml = zp_fl_update_signed_bytes(m, &f);
    crypto_sign_detached(f.sig, NULL, m, ml, W.sk[c]);
    return f;
}

TEST(training_proof_of_another_client_rejected) {
    setup();
    /* client 1 presents client 0's proofs: not the digest it signed */
    CHECK(verify_with(&W.t[1].h, 0, &W.t[0]) == ZP_ERR_VERIFY);
    CHECK(strstr(last_err, "not the one the client signed") != NULL);
    /* client 1 signs client 0's proofs: the run verifies (client 0's
     * certified shard), the link is about client 0's commitment */
    zp_fl_update f = resign(&W.t[1].h, 1, &W.t[0]);
    CHECK(zp_fl_update_check(&f, &W.r) == ZP_OK);
    W.t[1].h.samples = W.ds[0].n; /* so that the sample count is not what fails */
    f = resign(&W.t[1].h, 1, &W.t[0]);
    W.t[1].h.samples = W.ds[1].n;
    CHECK(verify_with(&f, 0, &W.t[0]) == ZP_ERR_VERIFY);
    CHECK(strstr(last_err, "link proof") != NULL);
}

TEST(training_proof_of_another_run_rejected) {
    setup();
    trained b;
    CHECK_OK(make_trained(&b, 0, 300, 0)); /* the same client, another run */
    CHECK(verify_with(&b.h, 0, &b) == ZP_OK);
    /* run of b, link of t[0], under t[0]'s header re-signed */
    trained mix = W.t[0];
    mix.run = b.run;
    zp_fl_update f = resign(&W.t[0].h, 0, &mix);
    CHECK(verify_with(&f, 0, &mix) == ZP_ERR_VERIFY);
    CHECK(strstr(last_err, "link proof") != NULL);
    /* the link of b with the run of t[0] */
    mix = b;
    mix.run = W.t[0].run;
    f = resign(&b.h, 0, &mix);
    CHECK(verify_with(&f, 0, &mix) == ZP_ERR_VERIFY);
    trained_free(&b);
}

TEST(run_not_from_global_model_rejected) {
    setup();
    trained t;
    CHECK_OK(make_trained(&t, 0, 400, ZP_FL_TRAIN_CHEAT_BASE));
    CHECK(verify_with(&t.h, 0, &t) == ZP_ERR_VERIFY);
    CHECK(strstr(last_err, "training run") != NULL);
    trained_free(&t);
}

TEST(run_on_uncertified_shard_rejected) {
    setup();
    /* the verifier's certificate digest names another shard */
    CHECK(zp_fl_train_verify(last_err, &W.t[0].h, &W.r, &W.cfg, W.dsd[1], &W.sh[0].v,
                             W.t[0].run.data, W.t[0].run.len, W.t[0].link.data,
                             W.t[0].link.len) == ZP_ERR_VERIFY);
    CHECK(strstr(last_err, "training run") != NULL);
    /* a shard record count other than the samples claimed */
    zp_train_dataset v = W.sh[0].v;
    v.n_records++;
    CHECK(zp_fl_train_verify(last_err, &W.t[0].h, &W.r, &W.cfg, W.dsd[0], &v, W.t[0].run.data,
                             W.t[0].run.len, W.t[0].link.data, W.t[0].link.len) == ZP_ERR_VERIFY);
    CHECK(strstr(last_err, "samples") != NULL);
}

TEST(run_bound_to_another_shard_rejected) {
    setup();
    /* client 0's proofs checked against client 1's commitment (a shard
     * of the same size, so that only the binding can fail) */
    zp_train_dataset v = W.sh[1].v;
    CHECK(v.n_records != W.sh[0].v.n_records);
    v.n_records = W.sh[0].v.n_records;
    CHECK(zp_fl_train_verify(last_err, &W.t[0].h, &W.r, &W.cfg, W.dsd[0], &v, W.t[0].run.data,
                             W.t[0].run.len, W.t[0].link.data, W.t[0].link.len) == ZP_ERR_VERIFY);
    CHECK(strstr(last_err, "training run") != NULL);
    /* and the honest pairing still verifies */
    CHECK(verify_with(&W.t[0].h, 0, &W.t[0]) == ZP_OK);
}

TEST(prover_refuses_uncertified_data) {
    setup();
    /* client 0 trains on a data file whose records differ from the rows
     * of its certified shard in one feature (whichever the batches pick) */
    zp_fxdata fx = W.ds[0];
    int64_t *x = malloc(fx.n * fx.n_features * sizeof(int64_t));
    memcpy(x, W.ds[0].x, fx.n * fx.n_features * sizeof(int64_t));
    for (size_t i = 0; i < fx.n; i++) x[i * fx.n_features + 1] += 1;
    fx.x = x;
    trained t;
    CHECK(make_trained_on(&t, 0, &fx, 500, 0) == ZP_ERR_ARG);
    CHECK(t.pr == NULL && t.h.has_train_proof == 0 && t.run.len == 0);
    trained_free(&t);
    /* client 1's records (as many as client 0 has) as client 0's data */
    fx = W.ds[1];
    fx.n = W.ds[0].n;
    CHECK(make_trained_on(&t, 0, &fx, 501, 0) == ZP_ERR_ARG);
    trained_free(&t);
    free(x);
}

TEST(unbound_run_rejected) {
    setup();
    /* a version-2 run of the same config from g on client 0's records,
     * signed in place of the bound run: refused as unbound */
    zp_mlp g;
    CHECK_OK(zp_fl_model_unflatten(&g, &W.cfg, W.r.global, PP));
    uint8_t *rb = NULL;
    size_t rl = 0;
    zp_rng rr;
    zp_rng_init_u64(&rr, 600);
    CHECK_OK(zp_train_run_prove(&rb, &rl, NULL, &W.cfg, &g, &W.ds[0],
                                (const uint8_t (*)[32])W.dsd[0], 1, 2, 2, 1, NULL, NULL, &rr));
    zp_mlp_free(&g);
    trained mix = W.t[0];
    mix.run.data = rb;
    mix.run.len = rl;
    zp_fl_update f = resign(&W.t[0].h, 0, &mix);
    CHECK(verify_with(&f, 0, &mix) == ZP_ERR_VERIFY);
    CHECK(strstr(last_err, "not bound to the certified shard") != NULL);
    zp_train_proof_free(rb);
}

TEST(link_proof_bytes_bound) {
    setup();
    trained *t = &W.t[0];
    /* flip bytes of the link proof (re-signed so the digest matches) */
    size_t pos[] = {0, 40, t->link.len / 2, t->link.len - 1};
    for (size_t k = 0; k < sizeof pos / sizeof pos[0]; k++) {
        trained mix = *t;
        uint8_t *copy = malloc(t->link.len);
        memcpy(copy, t->link.data, t->link.len);
        copy[pos[k]] ^= 0x10;
        mix.link.data = copy;
        zp_fl_update f = resign(&t->h, 0, &mix);
        CHECK(verify_with(&f, 0, &mix) != ZP_OK);
        free(copy);
    }
    /* a header without a training proof */
    zp_fl_update f = t->h;
    f.has_train_proof = 0;
    uint8_t m[ZP_FL_SIGNED_BYTES];
    size_t ml = zp_fl_update_signed_bytes(m, &f);
    crypto_sign_detached(f.sig, NULL, m, ml, W.sk[0]);
    CHECK(verify_with(&f, 0, t) == ZP_ERR_VERIFY);
}

TEST(teardown) {
    if (!W_ready) return;
    for (int c = 0; c < NC; c++) {
        trained_free(&W.t[c]);
        free_shard(&W.sh[c]);
        free(W.ds[c].x);
        free(W.ds[c].label);
    }
    zp_fl_round_clear(&W.r);
    zp_train_config_free(&W.cfg);
}
