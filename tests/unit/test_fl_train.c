/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of trained federated updates (src/prov/fl_train.c, docs/spec/fl.md
 * "Training proofs"): an honest round of trained updates verifies and
 * aggregates; an update that is not the trained model minus g, a training
 * proof of another client or of another run, a run that did not start from
 * g and a run on an uncertified shard are rejected. */
// ZP_TEST_LAYER: prov
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "harness.h"
#include "prov/fl_internal.h"
#include "prov/fl_train_internal.h"
#include "zkprov/prov.h"

static const uint32_t DIMS[] = {4, 4, 2};
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

typedef struct {
    zp_train_config cfg;
    zp_fl_round r;
    uint8_t sk[NC][64];
    zp_fxdata ds[NC];
    uint8_t dsd[NC][32]; /* the certified shards' digests */
    trained t[NC];
} world;

static world W;
static int W_ready;

static void make_shard(zp_fxdata *ds, size_t n) {
    ds->n = n;
    ds->n_features = DIMS[0];
    ds->x = malloc(n * DIMS[0] * sizeof(int64_t));
    ds->label = malloc(n * sizeof(int32_t));
    ds->targets = NULL;
    for (size_t i = 0; i < n * DIMS[0]; i++) ds->x[i] = (int64_t)(test_rand_u64() % 512) - 256;
    for (size_t i = 0; i < n; i++) ds->label[i] = (int32_t)(test_rand_u64() % DIMS[2]);
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

static zp_err make_trained(trained *t, uint32_t c, uint64_t seed, unsigned cheat) {
    trained_init(t);
    zp_rng rr;
    zp_rng_init_u64(&rr, seed);
    return zp_fl_update_create_trained_ex(&t->h, &t->pr, &t->rp, &t->run, &t->link, t->vals, &W.r,
                                          c, W.sk[c], &W.cfg, &W.ds[c],
                                          (const uint8_t (*)[32])W.dsd[c], 1, t->mask, &rr, cheat);
}

static char last_err[ZP_CERT_ERR_BYTES];

static zp_err verify_with(const zp_fl_update *h, uint32_t shard, const trained *proofs) {
    return zp_fl_train_verify(last_err, h, &W.r, &W.cfg, (const uint8_t (*)[32])W.dsd[shard], 1,
                              W.ds[shard].n, proofs->run.data, proofs->run.len, proofs->link.data,
                              proofs->link.len);
}

static void setup(void) {
    if (W_ready) return;
    W_ready = 1;
    CHECK_OK(zp_train_config_default(&W.cfg, DIMS, 2));
    W.cfg.batch_size = 4;
    W.cfg.lr_num = 209715;
    W.cfg.steps = 1;
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
        make_shard(&W.ds[c], NREC + (size_t)c);
        for (size_t i = 0; i < 32; i++) W.dsd[c][i] = (uint8_t)test_rand_u64();
    }
    CHECK_OK(zp_fl_round_check(&W.r));
    for (uint32_t c = 0; c < NC; c++) CHECK_OK(make_trained(&W.t[c], c, 100 + c, 0));
}

TEST(flatten_roundtrip_and_padding) {
    setup();
    size_t E = zp_fl_model_size(&W.cfg);
    /* W_0 4x4 (16), b_0 4, W_1 2x4 (8), b_1 2 */
    CHECK(E == 30);
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
    /* the verifier's certificates name another shard */
    CHECK(zp_fl_train_verify(last_err, &W.t[0].h, &W.r, &W.cfg,
                             (const uint8_t (*)[32])W.dsd[1], 1, W.ds[0].n, W.t[0].run.data,
                             W.t[0].run.len, W.t[0].link.data, W.t[0].link.len) == ZP_ERR_VERIFY);
    CHECK(strstr(last_err, "training run") != NULL);
    /* a certified record count other than the samples claimed */
    CHECK(zp_fl_train_verify(last_err, &W.t[0].h, &W.r, &W.cfg,
                             (const uint8_t (*)[32])W.dsd[0], 1, W.ds[0].n + 1, W.t[0].run.data,
                             W.t[0].run.len, W.t[0].link.data, W.t[0].link.len) == ZP_ERR_VERIFY);
    CHECK(strstr(last_err, "samples") != NULL);
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
        free(W.ds[c].x);
        free(W.ds[c].label);
    }
    zp_fl_round_clear(&W.r);
    zp_train_config_free(&W.cfg);
}
