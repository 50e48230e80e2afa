/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Slow tests of proven inference: padding, private inputs, three layers,
 * sizes, threads and byte flips of a whole small proof. */
// ZP_TEST_LAYER: zkml
#include <omp.h>

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
static const uint32_t DPAD[] = {12, 6, 3};
static const uint32_t D3[] = {8, 8, 4, 2};

TEST(infer_honest_padded_dims_batch5) { honest(DPAD, 2, 5, 0, 1); }
TEST(infer_honest_private_input) { honest(D16, 2, 4, 1, 1); }
TEST(infer_honest_private_padded) { honest(DPAD, 2, 3, 1, 0); }
TEST(infer_honest_three_layers) { honest(D3, 3, 2, 0, 1); }

TEST(infer_wrong_input_rejected) {
    inf_case c;
    case_setup(&c, D16, 2, 2, 1);
    int64_t lg[8];
    uint8_t *pf;
    size_t len;
    zp_rng r = seeded(7);
    CHECK_OK(zp_infer_prove(&pf, &len, lg, &c.cfg, &c.m, c.x, 2, NULL, &r));
    CHECK_OK(zp_infer_verify(&c.cfg, c.x, 2, lg, NULL, pf, len));
    c.x[5] += 1;
    CHECK(zp_infer_verify(&c.cfg, c.x, 2, lg, NULL, pf, len) != ZP_OK);
    c.x[5] -= 1;
    /* another statement: other batch size, other options */
    zp_infer_opts o;
    zp_infer_opts_default(&o);
    o.check_weights = 1;
    CHECK(zp_infer_verify(&c.cfg, c.x, 2, lg, &o, pf, len) != ZP_OK);
    CHECK(zp_infer_verify(&c.cfg, c.x, 1, lg, NULL, pf, len) != ZP_OK);
    CHECK(zp_infer_verify(&c.cfg, c.x, 2, lg, NULL, pf, len - 1) != ZP_OK);
    zp_infer_proof_free(pf);
    case_free(&c);
}

/* Cheating provers: each produces the logits of its own (wrong) witness. */
TEST(infer_same_size_any_witness) {
    size_t len0 = 0;
    for (int t = 0; t < 3; t++) {
        inf_case c;
        case_setup(&c, D16, 2, 2, t);
        int64_t lg[8];
        uint8_t *pf;
        size_t len;
        zp_rng r = seeded(100 + (uint64_t)t);
        CHECK_OK(zp_infer_prove(&pf, &len, lg, &c.cfg, &c.m, c.x, 2, NULL, &r));
        if (t == 0) len0 = len;
        CHECK(len == len0);
        zp_infer_proof_free(pf);
        case_free(&c);
    }
}

TEST(infer_threads_identical) {
    inf_case c;
    case_setup(&c, D16, 2, 8, 1);
    int64_t lg[32];
    uint8_t *p1, *p2;
    size_t l1, l2;
    int nt = omp_get_max_threads();
    omp_set_num_threads(1);
    zp_rng r = seeded(5);
    CHECK_OK(zp_infer_prove(&p1, &l1, lg, &c.cfg, &c.m, c.x, 8, NULL, &r));
    omp_set_num_threads(2);
    CHECK_OK(zp_infer_prove(&p2, &l2, lg, &c.cfg, &c.m, c.x, 8, NULL, &r));
    omp_set_num_threads(nt);
    CHECK(l1 == l2 && memcmp(p1, p2, l1) == 0);
    zp_infer_proof_free(p1);
    zp_infer_proof_free(p2);
    case_free(&c);
}

TEST(infer_byte_flips_rejected) {
    static const uint32_t dims[] = {4, 2, 2};
    inf_case c;
    case_setup(&c, dims, 2, 1, 1);
    int64_t lg[2];
    uint8_t *pf;
    size_t len;
    zp_rng r = seeded(9);
    CHECK_OK(zp_infer_prove(&pf, &len, lg, &c.cfg, &c.m, c.x, 1, NULL, &r));
    size_t step = len / 24 + 1;
    for (size_t i = test_rand_u64() % step; i < len; i += step) {
        uint8_t sv = pf[i];
        pf[i] ^= (uint8_t)(1u << (test_rand_u64() % 8));
        CHECK(zp_infer_verify(&c.cfg, c.x, 1, lg, NULL, pf, len) != ZP_OK);
        pf[i] = sv;
    }
    CHECK_OK(zp_infer_verify(&c.cfg, c.x, 1, lg, NULL, pf, len));
    zp_infer_proof_free(pf);
    case_free(&c);
}

