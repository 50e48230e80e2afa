/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the training-step circuit (src/zkml/prove_train.c): its witness
 * is exactly zp_trainer_step, the honest witness satisfies every relation,
 * and cheating witnesses violate one. */
// ZP_TEST_LAYER: zkml
#include "harness.h"
#include "zkml/prove_train_internal.h"
#include "zkml/zkml_internal.h"

typedef struct {
    zp_train_config cfg;
    zp_mlp m;
    zp_fxdata ds;
    uint32_t idx[64];
    size_t n;
} tcase;

static void tcase_setup(tcase *c, const uint32_t *dims, unsigned L, size_t n, int64_t lr_num,
                        unsigned wbits) {
    memset(c, 0, sizeof *c);
    CHECK_OK(zp_train_config_default(&c->cfg, dims, L));
    c->cfg.batch_size = (uint32_t)n;
    c->cfg.lr_num = lr_num;
    if (wbits) c->cfg.weight_bits = wbits;
    CHECK_OK(zp_train_config_check(&c->cfg, NULL));
    CHECK_OK(zp_mlp_alloc(&c->m, &c->cfg));
    uint8_t seed[ZP_ZKML_SEED_BYTES];
    for (size_t i = 0; i < sizeof seed; i++) seed[i] = (uint8_t)test_rand_u64();
    CHECK_OK(zp_mlp_init_seeded(&c->m, &c->cfg, seed));
    for (unsigned l = 0; l < L; l++)
        for (size_t j = 0; j < dims[l + 1]; j++)
            c->m.b[l][j] = (int64_t)(test_rand_u64() % 20001) - 10000;
    const size_t N = 3 * n + 1;
    c->ds.n = N;
    c->ds.n_features = dims[0];
    c->ds.x = malloc(N * dims[0] * sizeof(int64_t));
    c->ds.label = malloc(N * sizeof(int32_t));
    for (size_t i = 0; i < N * dims[0]; i++) c->ds.x[i] = (int64_t)(test_rand_u64() % 1024) - 512;
    for (size_t i = 0; i < N; i++) c->ds.label[i] = (int32_t)(test_rand_u64() % dims[L]);
    c->n = n;
    CHECK_OK(zp_sampler_batch(seed, 0, (uint32_t)n, N, c->idx));
}

static void tcase_free(tcase *c) {
    zp_mlp_free(&c->m);
    free(c->ds.x);
    free(c->ds.label);
}

/* The witness's W_after equals zp_trainer_step's and the circuit holds. */
static void honest(const uint32_t *dims, unsigned L, size_t n, int64_t lr_num, unsigned wbits) {
    tcase c;
    tcase_setup(&c, dims, L, n, lr_num, wbits);
    zp_mlp after, plain;
    CHECK_OK(zp_mlp_alloc(&after, &c.cfg));
    CHECK_OK(zp_mlp_alloc(&plain, &c.cfg));
    for (unsigned l = 0; l < L; l++) {
        memcpy(plain.w[l], c.m.w[l], (size_t)dims[l] * dims[l + 1] * sizeof(int64_t));
        memcpy(plain.b[l], c.m.b[l], dims[l + 1] * sizeof(int64_t));
    }
    zp_train_wit *w = NULL;
    CHECK_OK(zp_train_wit_build(&w, &after, &c.cfg, &c.m, &c.ds, c.idx, n, ZP_TRAIN_HONEST));
    zp_trainer *t = NULL;
    CHECK_OK(zp_trainer_new(&t, &c.cfg));
    zp_step_stats st;
    CHECK_OK(zp_trainer_step(t, &plain, &c.ds, c.idx, n, &st));
    int changed = 0;
    for (unsigned l = 0; l < L; l++) {
        size_t nw = (size_t)dims[l] * dims[l + 1];
        CHECK(memcmp(after.w[l], plain.w[l], nw * sizeof(int64_t)) == 0);
        CHECK(memcmp(after.b[l], plain.b[l], dims[l + 1] * sizeof(int64_t)) == 0);
        changed |= memcmp(after.w[l], c.m.w[l], nw * sizeof(int64_t)) != 0;
    }
    CHECK(changed); /* the step did something */
    if (wbits) CHECK(st.n_sat > 0);
    size_t failed = 0;
    CHECK_OK(zp_train_circuit_check(w, test_rand_u64(), &failed));
    zp_train_wit_free(w);
    zp_trainer_free(t);
    zp_mlp_free(&after);
    zp_mlp_free(&plain);
    tcase_free(&c);
}

static const uint32_t D16[] = {16, 8, 4};
static const uint32_t D3L[] = {16, 8, 8, 4};
static const uint32_t DODD[] = {12, 6, 3};

TEST(train_circuit_honest_16_8_4_batch4) { honest(D16, 2, 4, 209715, 0); }
TEST(train_circuit_honest_16_8_4_batch1) { honest(D16, 2, 1, 838861, 0); }
TEST(train_circuit_honest_three_layers) { honest(D3L, 3, 4, 209715, 0); }
TEST(train_circuit_honest_padded_dims_batch3) { honest(DODD, 2, 3, 279620, 0); }
/* narrow weights and a large learning rate: weights saturate */
TEST(train_circuit_honest_saturating) { honest(D16, 2, 4, (int64_t)1 << 26, 16); }

static zp_err tampered(int kind, size_t *failed) {
    tcase c;
    tcase_setup(&c, D16, 2, 4, 209715, 0);
    zp_train_wit *w = NULL;
    CHECK_OK(zp_train_wit_build(&w, NULL, &c.cfg, &c.m, &c.ds, c.idx, 4, kind));
    zp_err e = zp_train_circuit_check(w, 7, failed);
    zp_train_wit_free(w);
    tcase_free(&c);
    return e;
}

TEST(train_circuit_other_learning_rate_caught) {
    size_t f;
    CHECK(tampered(ZP_TRAIN_TAMPER_LR, &f) == ZP_ERR_VERIFY);
}
TEST(train_circuit_changed_w_after_caught) {
    size_t f;
    CHECK(tampered(ZP_TRAIN_TAMPER_WAFTER, &f) == ZP_ERR_VERIFY);
}
TEST(train_circuit_wrong_gradient_entry_caught) {
    size_t f;
    CHECK(tampered(ZP_TRAIN_TAMPER_GRAD, &f) == ZP_ERR_VERIFY);
}
TEST(train_circuit_other_record_caught) {
    size_t f;
    CHECK(tampered(ZP_TRAIN_TAMPER_RECORD, &f) == ZP_ERR_VERIFY);
}
TEST(train_circuit_false_row_max_caught) {
    size_t f;
    CHECK(tampered(ZP_TRAIN_TAMPER_MAX, &f) == ZP_ERR_VERIFY);
}

/* Each cheat is caught by a different relation: the failing call index
 * differs, so no single check catches everything by accident. */
TEST(train_circuit_cheats_caught_where_expected) {
    size_t f_lr, f_w, f_g, f_m;
    CHECK(tampered(ZP_TRAIN_TAMPER_LR, &f_lr) == ZP_ERR_VERIFY);
    CHECK(tampered(ZP_TRAIN_TAMPER_WAFTER, &f_w) == ZP_ERR_VERIFY);
    CHECK(tampered(ZP_TRAIN_TAMPER_GRAD, &f_g) == ZP_ERR_VERIFY);
    CHECK(tampered(ZP_TRAIN_TAMPER_MAX, &f_m) == ZP_ERR_VERIFY);
    /* the max and the gradient are caught in the softmax, before the
     * update relations that catch lr and W_after */
    CHECK(f_m < f_g);
    CHECK(f_g < f_lr);
    CHECK(f_lr != (size_t)-1 && f_w != (size_t)-1);
}

TEST(train_circuit_unsupported_configs) {
    tcase c;
    tcase_setup(&c, D16, 2, 4, 209715, 0);
    zp_train_wit *w = NULL;
    c.cfg.mom_num = 58982;
    CHECK(zp_train_wit_build(&w, NULL, &c.cfg, &c.m, &c.ds, c.idx, 4, 0) == ZP_ERR_UNSUPPORTED);
    c.cfg.mom_num = 0;
    c.cfg.loss = ZP_LOSS_MSE;
    CHECK(zp_train_wit_build(&w, NULL, &c.cfg, &c.m, &c.ds, c.idx, 4, 0) == ZP_ERR_UNSUPPORTED);
    c.cfg.loss = ZP_LOSS_SOFTMAX_CE;
    uint32_t bad[4] = {0, 1, 2, (uint32_t)c.ds.n};
    CHECK(zp_train_wit_build(&w, NULL, &c.cfg, &c.m, &c.ds, bad, 4, 0) == ZP_ERR_ARG);
    CHECK(w == NULL);
    tcase_free(&c);
}
