/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Mask budget of the zkml builder (docs/spec/infer.md, "Zero knowledge"). */
// ZP_TEST_LAYER: zkml
#include <stdio.h>

#include "harness.h"
#include "zkml/zkml_internal.h"
#include "zkml/zkp_internal.h"

/* What the plan hook saw over every commit of one proof (both sides). */
typedef struct {
    size_t commits, tensors, small, bad;
    unsigned max_evals;
} budget;

static void hook(const zp_zkp *z, void *ctx) {
    budget *b = ctx;
    b->commits++;
    for (size_t i = 0; i < zp_zkp_n_tensors(z); i++) {
        unsigned ev;
        uint64_t ml;
        int ph;
        if (!zp_zkp_mask_info(z, i, &ev, &ml, &ph)) continue;
        b->tensors++;
        if (ev > b->max_evals) b->max_evals = ev;
        if (ml <= 4) b->small++;
        if (getenv("ZKP_MASK_DUMP")) /* diagnostics: the whole budget */
            fprintf(stderr, "  t%zu ph%d ev%u mask%llu\n", i, ph, ev, (unsigned long long)ml);
        if (ml < 4 * (uint64_t)ev) {
            b->bad++;
            fprintf(stderr, "  tensor %zu (phase %d): %u evaluations, mask %llu\n", i, ph, ev,
                    (unsigned long long)ml);
        }
    }
}

static void model(zp_train_config *cfg, zp_mlp *m, const uint32_t *dims, unsigned L, size_t n) {
    CHECK_OK(zp_train_config_default(cfg, dims, L));
    cfg->batch_size = (uint32_t)n;
    CHECK_OK(zp_train_config_check(cfg, NULL));
    CHECK_OK(zp_mlp_alloc(m, cfg));
    uint8_t seed[ZP_ZKML_SEED_BYTES];
    for (size_t i = 0; i < sizeof seed; i++) seed[i] = (uint8_t)test_rand_u64();
    CHECK_OK(zp_mlp_init_seeded(m, cfg, seed));
    for (unsigned l = 0; l < L; l++)
        for (size_t j = 0; j < dims[l + 1]; j++)
            m->b[l][j] = (int64_t)(test_rand_u64() % 20001) - 10000;
}

/* Proves and verifies one inference; every committed tensor's mask holds
 * at least 4 base values per planned evaluation. */
static void infer_budget(const uint32_t *dims, unsigned L, size_t n) {
    zp_train_config cfg;
    zp_mlp m;
    model(&cfg, &m, dims, L, 1);
    int64_t *x = malloc(n * dims[0] * sizeof(int64_t));
    int64_t *lg = malloc(n * dims[L] * sizeof(int64_t));
    for (size_t i = 0; i < n * dims[0]; i++) x[i] = (int64_t)(test_rand_u64() % 1024) - 512;
    zp_infer_opts o;
    zp_infer_opts_default(&o);
    zp_rng r;
    zp_rng_init_u64(&r, test_rand_u64());
    budget b = {0};
    zp_zkp_set_plan_hook(hook, &b);
    uint8_t *pf = NULL;
    size_t len = 0;
    CHECK_OK(zp_infer_prove(&pf, &len, lg, &cfg, &m, x, n, &o, &r));
    CHECK_OK(zp_infer_verify(&cfg, x, n, lg, &o, pf, len));
    zp_zkp_set_plan_hook(NULL, NULL);
    CHECK(b.commits == 2);
    CHECK(b.tensors > 0);
    CHECK(b.max_evals >= 2);
    CHECK(b.bad == 0);
    free(pf);
    free(x);
    free(lg);
    zp_mlp_free(&m);
}

static const uint32_t D30[3] = {30, 32, 2}, D16[3] = {16, 8, 4};

TEST(zkp_mask_budget_infer_30_32_2_batch1) { infer_budget(D30, 2, 1); }
TEST(zkp_mask_budget_infer_16_8_4_batch1) { infer_budget(D16, 2, 1); }
TEST(zkp_mask_budget_infer_16_8_4_batch8) { infer_budget(D16, 2, 8); }

TEST(zkp_mask_budget_train_16_8_4_batch4) {
    const size_t n = 4;
    zp_train_config cfg;
    zp_mlp m, after;
    model(&cfg, &m, D16, 2, n);
    cfg.lr_num = 209715; /* a rate the step circuit supports (test_train_proof.c) */
    CHECK_OK(zp_mlp_alloc(&after, &cfg));
    const size_t N = 3 * n + 1;
    zp_fxdata ds = {N, D16[0], malloc(N * D16[0] * sizeof(int64_t)), malloc(N * sizeof(int32_t)),
                    NULL};
    for (size_t i = 0; i < N * D16[0]; i++) ds.x[i] = (int64_t)(test_rand_u64() % 1024) - 512;
    for (size_t i = 0; i < N; i++) ds.label[i] = (int32_t)(test_rand_u64() % D16[2]);
    uint32_t idx[4];
    uint8_t seed[ZP_ZKML_SEED_BYTES] = {7};
    CHECK_OK(zp_sampler_batch(seed, 0, (uint32_t)n, N, idx));
    zp_rng r;
    zp_rng_init_u64(&r, test_rand_u64());
    budget b = {0};
    zp_zkp_set_plan_hook(hook, &b);
    uint8_t *pf = NULL;
    size_t len = 0;
    zp_err e = zp_train_step_prove(&pf, &len, &after, &cfg, &m, &ds, 3, idx, n, &r);
    if (e != ZP_OK) fprintf(stderr, "  train step prove: %d\n", (int)e);
    CHECK_OK(e);
    CHECK_OK(zp_train_step_verify(&cfg, 3, idx, n, pf, len));
    zp_zkp_set_plan_hook(NULL, NULL);
    CHECK(b.commits == 2);
    CHECK(b.max_evals >= 3);
    CHECK(b.bad == 0);
    free(pf);
    free(ds.x);
    free(ds.label);
    zp_mlp_free(&m);
    zp_mlp_free(&after);
}

/* Bound to a model commitment: the 2-value output bias lives in the model
 * polynomial (phase 3) with 2^3 mask rows per opening; two answers from
 * one commitment verify, each within its budget. */
TEST(zkp_mask_budget_infer_model_30_32_2) {
    zp_train_config cfg;
    zp_mlp m;
    model(&cfg, &m, D30, 2, 1);
    zp_rng r;
    zp_rng_init_u64(&r, test_rand_u64());
    zp_model_prover *mp = NULL;
    CHECK_OK(zp_model_commit_create(&mp, &cfg, &m, 4, &r));
    int64_t x[30], lg[2];
    zp_infer_opts o;
    zp_infer_opts_default(&o);
    for (int q = 0; q < 2; q++) {
        for (size_t i = 0; i < 30; i++) x[i] = (int64_t)(test_rand_u64() % 1024) - 512;
        budget b = {0};
        zp_zkp_set_plan_hook(hook, &b);
        uint8_t *pf = NULL;
        size_t len = 0;
        unsigned idx = 99;
        CHECK_OK(zp_infer_prove_model(&pf, &len, lg, &idx, mp, x, 1, &o, &r));
        CHECK(idx == (unsigned)q);
        CHECK_OK(zp_infer_verify_model(zp_model_prover_public(mp), idx, x, 1, lg, &o, pf, len));
        zp_zkp_set_plan_hook(NULL, NULL);
        CHECK(b.commits == 2);
        CHECK(b.bad == 0);
        free(pf);
    }
    zp_model_prover_free(mp);
    zp_mlp_free(&m);
}
