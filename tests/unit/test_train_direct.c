/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of linked steps that read W_before from C_t directly
 * (docs/spec/train-step.md section 4, "Reading W_before"). */
// ZP_TEST_LAYER: zkml
#include "harness.h"
#include "zkml/prove_train_internal.h"
#include "zkml/zkml_internal.h"

/* two weight matrices of 2^16 values: both read from C_t at t >= 1 */
static const uint32_t DIMS3[] = {256, 256, 256, 4};
/* with momentum: W_0 (2^16) read from C_t, W_1 (2^10) tied */
static const uint32_t DIMS2[] = {200, 256, 4};
#define NREC 11
#define BATCH 4

typedef struct {
    zp_train_config cfg;
    zp_mlp w0, w1, w2, v1;
    zp_fxdata ds;
    uint32_t idx0[BATCH], idx1[BATCH];
    zp_model_prover *P0, *P1, *P2;
} chain;

static void mlp_dup(zp_mlp *dst, const zp_mlp *src, const zp_train_config *cfg) {
    CHECK_OK(zp_mlp_alloc(dst, cfg));
    for (unsigned l = 0; l < cfg->n_layers; l++) {
        memcpy(dst->w[l], src->w[l], (size_t)cfg->dims[l] * cfg->dims[l + 1] * sizeof(int64_t));
        memcpy(dst->b[l], src->b[l], cfg->dims[l + 1] * sizeof(int64_t));
    }
}

/* C_1 (the same commitment on every call: a fresh prover whose openings
 * are all unused) */
static void make_p1(const chain *c, zp_model_prover **P) {
    zp_rng r;
    zp_rng_init_u64(&r, 6);
    CHECK_OK(zp_model_commit_create_v(P, &c->cfg, &c->w1, c->cfg.mom_num ? &c->v1 : NULL, 2, &r));
}

/* C_0 (base), C_1 (after step 0; with momentum also M_1), C_2 (after
 * step 1), each with 2 openings, from the trainer. */
static void chain_setup(chain *c, const uint32_t *dims, unsigned L, int64_t mom) {
    memset(c, 0, sizeof *c);
    CHECK_OK(zp_train_config_default(&c->cfg, dims, L));
    c->cfg.batch_size = BATCH;
    c->cfg.lr_num = 209715;
    c->cfg.mom_num = mom;
    CHECK_OK(zp_train_config_check(&c->cfg, NULL));
    CHECK_OK(zp_mlp_alloc(&c->w0, &c->cfg));
    uint8_t seed[ZP_ZKML_SEED_BYTES];
    for (size_t i = 0; i < sizeof seed; i++) seed[i] = (uint8_t)test_rand_u64();
    CHECK_OK(zp_mlp_init_seeded(&c->w0, &c->cfg, seed));
    c->ds.n = NREC;
    c->ds.n_features = dims[0];
    c->ds.x = malloc(NREC * dims[0] * sizeof(int64_t));
    c->ds.label = malloc(NREC * sizeof(int32_t));
    for (size_t i = 0; i < NREC * dims[0]; i++)
        c->ds.x[i] = (int64_t)(test_rand_u64() % 1024) - 512;
    for (size_t i = 0; i < NREC; i++) c->ds.label[i] = (int32_t)(test_rand_u64() % dims[L]);
    for (uint32_t r = 0; r < BATCH; r++) {
        c->idx0[r] = r;
        c->idx1[r] = (r * 3 + 5) % NREC;
    }
    zp_trainer *t = NULL;
    CHECK_OK(zp_trainer_new(&t, &c->cfg));
    mlp_dup(&c->w1, &c->w0, &c->cfg);
    CHECK_OK(zp_trainer_step(t, &c->w1, &c->ds, c->idx0, BATCH, NULL));
    if (mom) {
        zp_mlp v;
        memset(&v, 0, sizeof v);
        v.n_layers = L;
        for (unsigned l = 0; l <= L; l++) v.dims[l] = dims[l];
        for (unsigned l = 0; l < L; l++) {
            v.w[l] = t->mw[l];
            v.b[l] = t->mb[l];
        }
        mlp_dup(&c->v1, &v, &c->cfg);
    }
    mlp_dup(&c->w2, &c->w1, &c->cfg);
    CHECK_OK(zp_trainer_step(t, &c->w2, &c->ds, c->idx1, BATCH, NULL));
    zp_trainer_free(t);
    zp_rng r;
    zp_rng_init_u64(&r, 5);
    CHECK_OK(zp_model_commit_create(&c->P0, &c->cfg, &c->w0, 2, &r));
    make_p1(c, &c->P1);
    CHECK_OK(zp_model_commit_create(&c->P2, &c->cfg, &c->w2, 2, &r));
}

static void chain_free(chain *c) {
    zp_model_prover_free(c->P0);
    zp_model_prover_free(c->P1);
    zp_model_prover_free(c->P2);
    zp_mlp_free(&c->w0);
    zp_mlp_free(&c->w1);
    zp_mlp_free(&c->w2);
    if (c->cfg.mom_num) zp_mlp_free(&c->v1);
    free(c->ds.x);
    free(c->ds.label);
}

/* Step 1 of the chain from C_1 (opening 1) on W_before m (NULL: C_1's
 * weights) with tamper, to C_2 (opening 0) or, when m is given, to the
 * commitment of the trainer's step 1 from m (the cheater computes
 * honestly from its own W_before; only C_1 disagrees).  Returns the
 * verifier's answer, and the proof if p != NULL. */
static zp_err step1(chain *c, const zp_mlp *m, int tamper, uint8_t **p, size_t *pl) {
    zp_model_prover *after = c->P2, *before = NULL;
    make_p1(c, &before);
    zp_rng r;
    zp_rng_init_u64(&r, 9);
    if (m) {
        /* replay: step 0 from w0 gives the trainer C_1's velocity */
        zp_trainer *t = NULL;
        zp_mlp x, y;
        CHECK_OK(zp_trainer_new(&t, &c->cfg));
        mlp_dup(&x, &c->w0, &c->cfg);
        mlp_dup(&y, m, &c->cfg);
        CHECK_OK(zp_trainer_step(t, &x, &c->ds, c->idx0, BATCH, NULL));
        CHECK_OK(zp_trainer_step(t, &y, &c->ds, c->idx1, BATCH, NULL));
        CHECK_OK(zp_model_commit_create(&after, &c->cfg, &y, 2, &r));
        zp_trainer_free(t);
        zp_mlp_free(&x);
        zp_mlp_free(&y);
    }
    uint8_t *q = NULL;
    size_t ql = 0;
    zp_err e = zp_train_step_prove_linked_ex(&q, &ql, &c->cfg, before, 1, after, 0, &c->ds, 1,
                                             c->idx1, BATCH, &r, tamper, m);
    CHECK_OK(e);
    if (e == ZP_OK)
        e = zp_train_step_verify_linked(&c->cfg, zp_model_prover_public(c->P1), 1,
                                        zp_model_prover_public(after), 0, 1, c->idx1, BATCH, q,
                                        ql);
    if (after != c->P2) zp_model_prover_free(after);
    zp_model_prover_free(before);
    if (p) {
        *p = q;
        *pl = ql;
    } else {
        zp_train_proof_free(q);
    }
    return e;
}

/* The plan: step 0 and small matrices keep the tie; at t >= 1 the
 * weight matrices of 2^16 values are read from C_t. */
TEST(direct_plan) {
    chain c;
    chain_setup(&c, DIMS3, 3, 0);
    const zp_model_commit *c0 = zp_model_prover_public(c.P0);
    CHECK(zp_train_linked_direct(&c.cfg, c0, 0) == 0);
    CHECK(zp_train_linked_direct(&c.cfg, c0, 1) == 3);
    CHECK(zp_train_linked_direct(&c.cfg, c0, 7) == 3);
    CHECK(zp_train_linked_direct(NULL, c0, 1) == 0);
    chain_free(&c);
    /* a small model: nothing read directly */
    static const uint32_t small[] = {16, 8, 4};
    zp_train_config cfg;
    CHECK_OK(zp_train_config_default(&cfg, small, 2));
    cfg.batch_size = BATCH;
    CHECK_OK(zp_train_config_check(&cfg, NULL));
    zp_mlp m;
    CHECK_OK(zp_mlp_alloc(&m, &cfg));
    uint8_t seed[ZP_ZKML_SEED_BYTES] = {1};
    CHECK_OK(zp_mlp_init_seeded(&m, &cfg, seed));
    zp_model_prover *P = NULL;
    zp_rng r;
    zp_rng_init_u64(&r, 3);
    CHECK_OK(zp_model_commit_create(&P, &cfg, &m, 2, &r));
    CHECK(zp_train_linked_direct(&cfg, zp_model_prover_public(P), 1) == 0);
    zp_model_prover_free(P);
    zp_mlp_free(&m);
}

/* An honest step 1 reading W_0 and W_1 from C_1 verifies; a step whose
 * W_before differs from C_1 in one entry (of W_0, read directly by the
 * forward product and the update; of W_1, also read by the backward
 * product; of b_0, tied) is rejected; every flipped proof byte tried is
 * rejected; step 0 (tied, with ranges) verifies from C_0. */
TEST(direct_step_binds_w_before) {
    chain c;
    chain_setup(&c, DIMS3, 3, 0);
    uint8_t *p = NULL;
    size_t pl = 0;
    CHECK_OK(step1(&c, NULL, ZP_TRAIN_HONEST, &p, &pl));
    /* one entry off */
    zp_mlp o;
    mlp_dup(&o, &c.w1, &c.cfg);
    o.w[0][257] += 1;
    CHECK(step1(&c, &o, ZP_TRAIN_TAMPER_BEFORE, NULL, NULL) == ZP_ERR_VERIFY);
    o.w[0][257] -= 1;
    o.w[1][3 * 256 + 17] -= 1;
    CHECK(step1(&c, &o, ZP_TRAIN_TAMPER_BEFORE, NULL, NULL) == ZP_ERR_VERIFY);
    o.w[1][3 * 256 + 17] += 1;
    o.b[0][9] += 1;
    CHECK(step1(&c, &o, ZP_TRAIN_TAMPER_BEFORE, NULL, NULL) == ZP_ERR_VERIFY);
    /* the honest prover refuses other weights than C_1's */
    uint8_t *q = NULL;
    size_t ql = 0;
    zp_rng r;
    zp_rng_init_u64(&r, 2);
    CHECK(zp_train_step_prove_linked_ex(&q, &ql, &c.cfg, c.P1, 1, c.P2, 0, &c.ds, 1, c.idx1,
                                        BATCH, &r, ZP_TRAIN_HONEST, &o) == ZP_ERR_ARG);
    CHECK(q == NULL);
    zp_mlp_free(&o);
    /* tampered bytes, spread over the proof (the end: C_1's opening) */
    const zp_model_commit *c1 = zp_model_prover_public(c.P1), *c2 = zp_model_prover_public(c.P2);
    for (size_t k = 0; k < 24 && pl; k++) {
        const size_t pos = k < 20 ? k * (pl / 20) + 7 : pl - 1 - (k - 20) * 997;
        p[pos] ^= (uint8_t)(1u << (k & 7));
        CHECK(zp_train_step_verify_linked(&c.cfg, c1, 1, c2, 0, 1, c.idx1, BATCH, p, pl) !=
              ZP_OK);
        p[pos] ^= (uint8_t)(1u << (k & 7));
    }
    CHECK_OK(zp_train_step_verify_linked(&c.cfg, c1, 1, c2, 0, 1, c.idx1, BATCH, p, pl));
    /* read as step 0 (ties, ranges) it does not verify */
    CHECK(zp_train_step_verify_linked(&c.cfg, c1, 1, c2, 0, 0, c.idx1, BATCH, p, pl) ==
          ZP_ERR_VERIFY);
    zp_train_proof_free(p);
    /* step 0 from C_0 */
    p = NULL;
    CHECK_OK(zp_train_step_prove_linked_ex(&p, &pl, &c.cfg, c.P0, 1, c.P1, 0, &c.ds, 0, c.idx0,
                                           BATCH, &r, ZP_TRAIN_HONEST, NULL));
    CHECK_OK(zp_train_step_verify_linked(&c.cfg, zp_model_prover_public(c.P0), 1, c1, 0, 0,
                                         c.idx0, BATCH, p, pl));
    zp_train_proof_free(p);
    chain_free(&c);
}

/* With momentum: C_1 holds M_1 (velocity claims share C_1's opening);
 * W_0 is read from C_1, W_1 tied; the honest step verifies, one entry of
 * W_0 off is rejected. */
TEST(direct_step_momentum) {
    chain c;
    chain_setup(&c, DIMS2, 2, 58982);
    CHECK(zp_train_linked_direct(&c.cfg, zp_model_prover_public(c.P1), 1) == 1);
    CHECK_OK(step1(&c, NULL, ZP_TRAIN_HONEST, NULL, NULL));
    zp_mlp o;
    mlp_dup(&o, &c.w1, &c.cfg);
    o.w[0][1] += 1;
    CHECK(step1(&c, &o, ZP_TRAIN_TAMPER_BEFORE, NULL, NULL) == ZP_ERR_VERIFY);
    zp_mlp_free(&o);
    chain_free(&c);
}
