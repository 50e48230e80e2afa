/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Fixtures shared by the inference tests (test_infer.c, test_infer_slow.c):
 * a seeded MLP with random biases and inputs, proving and verifying helpers. */
#ifndef ZP_TESTS_INFER_COMMON_H
#define ZP_TESTS_INFER_COMMON_H

#include "harness.h"
#include "zkml/zkml_internal.h"

typedef struct {
    zp_train_config cfg;
    zp_mlp m;
    int64_t *x;
    size_t n;
} inf_case;

static void case_setup(inf_case *c, const uint32_t *dims, unsigned L, size_t n, int bias) {
    memset(c, 0, sizeof *c);
    CHECK_OK(zp_train_config_default(&c->cfg, dims, L));
    CHECK_OK(zp_mlp_alloc(&c->m, &c->cfg));
    uint8_t seed[ZP_ZKML_SEED_BYTES];
    for (size_t i = 0; i < sizeof seed; i++) seed[i] = (uint8_t)test_rand_u64();
    CHECK_OK(zp_mlp_init_seeded(&c->m, &c->cfg, seed));
    if (bias)
        for (unsigned l = 0; l < L; l++)
            for (size_t j = 0; j < dims[l + 1]; j++)
                c->m.b[l][j] = (int64_t)(test_rand_u64() % 20001) - 10000;
    c->n = n;
    c->x = malloc(n * dims[0] * sizeof(int64_t));
    for (size_t i = 0; i < n * dims[0]; i++) c->x[i] = (int64_t)(test_rand_u64() % 1024) - 512;
}

static void case_free(inf_case *c) {
    zp_mlp_free(&c->m);
    free(c->x);
}

/* Reference logits from the trainer's forward pass. */
static int64_t *ref_logits(const inf_case *c) {
    const unsigned L = c->cfg.n_layers;
    int64_t *h[ZP_ZKML_MAX_LAYERS + 1] = {0}, *q[ZP_ZKML_MAX_LAYERS] = {0};
    h[0] = c->x;
    for (unsigned l = 0; l < L; l++) {
        h[l + 1] = malloc(c->n * c->cfg.dims[l + 1] * sizeof(int64_t));
        q[l] = malloc(c->n * c->cfg.dims[l + 1] * sizeof(int64_t));
    }
    uint64_t sat = 0;
    CHECK_OK(zp_zkml_forward(&c->cfg, &c->m, h, q, c->n, &sat));
    for (unsigned l = 0; l < L; l++) {
        free(q[l]);
        if (l + 1 < L) free(h[l + 1]);
    }
    return h[L];
}

static zp_rng seeded(uint64_t s) {
    zp_rng r;
    zp_rng_init_u64(&r, s);
    return r;
}

static void honest(const uint32_t *dims, unsigned L, size_t n, int priv, int bias) {
    inf_case c;
    case_setup(&c, dims, L, n, bias);
    zp_infer_opts o;
    zp_infer_opts_default(&o);
    o.private_input = priv;
    size_t dout = dims[L];
    int64_t *lg = malloc(n * dout * sizeof(int64_t));
    uint8_t *pf = NULL;
    size_t len = 0;
    zp_rng r = seeded(test_rand_u64());
    CHECK_OK(zp_infer_prove(&pf, &len, lg, &c.cfg, &c.m, c.x, n, &o, &r));
    int64_t *ref = ref_logits(&c);
    CHECK(memcmp(ref, lg, n * dout * sizeof(int64_t)) == 0);
    /* the predictions of zp_mlp_predict are the argmax of these logits */
    zp_fxdata ds = {n, dims[0], c.x, NULL, NULL};
    int32_t *pred = malloc(n * sizeof(int32_t));
    CHECK_OK(zp_mlp_predict(pred, &c.m, &c.cfg, &ds, NULL, n));
    for (size_t i = 0; i < n; i++) {
        size_t best = 0;
        for (size_t j = 1; j < dout; j++)
            if (lg[i * dout + j] > lg[i * dout + best]) best = j;
        CHECK(pred[i] == (int32_t)best);
    }
    CHECK_OK(zp_infer_verify(&c.cfg, priv ? NULL : c.x, n, lg, &o, pf, len));
    /* a changed logit is rejected */
    lg[test_rand_u64() % (n * dout)] += 1;
    CHECK(zp_infer_verify(&c.cfg, priv ? NULL : c.x, n, lg, &o, pf, len) != ZP_OK);
    free(pred);
    free(ref);
    free(lg);
    zp_infer_proof_free(pf);
    case_free(&c);
}

static const uint32_t D16[] = {16, 8, 4};

#endif
