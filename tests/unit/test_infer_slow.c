/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Slow tests of proven inference: padding, private inputs, three layers,
 * sizes, threads and byte flips of a whole small proof. */
// ZP_TEST_LAYER: zkml
#include <omp.h>

#include "harness.h"
#include "zkml/zkml_internal.h"

#include "infer_common.h"

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

