/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of proven inference (src/zkml/prove_infer.c, zkp_builder.c). */
// ZP_TEST_LAYER: zkml
#include <omp.h>

#include "harness.h"
#include "field/gl.h"
#include "zkml/zkml_internal.h"
#include "zkml/zkp_internal.h"

#include "infer_common.h"

TEST(infer_honest_16_8_4_batch1) { honest(D16, 2, 1, 0, 1); }
TEST(infer_honest_16_8_4_batch8) { honest(D16, 2, 8, 0, 1); }
static zp_err tampered(int kind, int *proved) {
    inf_case c;
    case_setup(&c, D16, 2, 4, 1);
    int64_t lg[16];
    uint8_t *pf = NULL;
    size_t len = 0;
    zp_rng r = seeded(11);
    zp_err e = zp_infer_prove_ex(&pf, &len, lg, &c.cfg, &c.m, c.x, 4, NULL, &r, kind);
    *proved = e == ZP_OK;
    if (e == ZP_OK) e = zp_infer_verify(&c.cfg, c.x, 4, lg, NULL, pf, len);
    else e = ZP_ERR_VERIFY;
    zp_infer_proof_free(pf);
    case_free(&c);
    return e;
}

TEST(infer_weight_changed_after_commit_rejected) {
    int proved;
    CHECK(tampered(ZP_INFER_TAMPER_WEIGHT, &proved) == ZP_ERR_VERIFY);
    CHECK(proved); /* the proof exists; the PCS opening catches it */
}

TEST(infer_wrong_relu_rejected) {
    int proved;
    CHECK(tampered(ZP_INFER_TAMPER_RELU, &proved) == ZP_ERR_VERIFY);
    CHECK(proved); /* the clamp zero-check catches it */
}

/* The clamp with one range (U+ and Sm = U+ + U-): U+ = U- = 1 at an
 * unsaturated entry, and Y = q + 1 with U+ = 0, Sm = 1 (only the lambda
 * term (Sm - U+)(Y - lo) sees it); both keep the product relation. */
TEST(infer_clamp_both_sides_rejected) {
    int proved;
    CHECK(tampered(ZP_INFER_TAMPER_CLAMP_BOTH, &proved) == ZP_ERR_VERIFY);
    CHECK(proved);
}

TEST(infer_clamp_lambda_term_rejected) {
    int proved;
    CHECK(tampered(ZP_INFER_TAMPER_CLAMP_LO, &proved) == ZP_ERR_VERIFY);
    CHECK(proved);
}

/* A cheating range prover: the remainder is 2^s + r (q one too small); its
 * limbs are forged so that either the top limb leaves the table (the batched
 * lookup must fail) or the limbs stay in the table and their sum is wrong
 * (the limb relation must fail). */
TEST(infer_remainder_out_of_range_forged_limb_rejected) {
    int proved;
    CHECK(tampered(ZP_INFER_TAMPER_REM, &proved) == ZP_ERR_VERIFY);
    CHECK(proved);
}

TEST(infer_remainder_out_of_range_forged_sum_rejected) {
    int proved;
    CHECK(tampered(ZP_INFER_TAMPER_REM_TRUNC, &proved) == ZP_ERR_VERIFY);
    CHECK(proved);
}

/* The builder's public-table lookup, 1 and 2 columns: honest proofs verify;
 * a value outside the table is refused by the honest prover. */
static zp_err lookup_case(int two, int bad, int *proved) {
    enum { LN = 6, LT = 5 };
    const size_t N = (size_t)1 << LN, T = (size_t)1 << LT;
    zp_fe t1[1 << LT], t2[1 << LT], s1[1 << LN], s2[1 << LN], sq[1 << LN];
    for (size_t j = 0; j < T; j++) {
        t1[j] = (zp_fe)(3 * j + 1);
        t2[j] = zp_fe_from_i64((int64_t)(j * j) - 40);
    }
    for (size_t x = 0; x < N; x++) {
        size_t j = test_rand_u64() % T;
        s1[x] = t1[j];
        s2[x] = t2[j];
        sq[x] = (zp_fe)x;
    }
    if (bad) s2[7] = gl_add(s2[7], 1);
    zp_err e = ZP_OK;
    for (int side = 0; side < 2 && e == ZP_OK; side++) {
        static zp_bytes pf;
        zp_reader rd;
        zp_transcript tr;
        zp_transcript_init(&tr, "test/zkp-lookup");
        zp_rng r = seeded(3);
        zp_zkp *z = NULL;
        if (side == 0) zp_bytes_init(&pf);
        else zp_reader_init(&rd, pf.data, pf.len);
        e = zp_zkp_create(&z, &tr, side ? NULL : &pf, side ? &rd : NULL, side ? NULL : &r);
        for (int pass = 0; pass < 2 && e == ZP_OK; pass++) {
            size_t id[3], src[2];
            e = zp_zkp_witness(z, &id[0], LN, side ? NULL : s1);
            if (e == ZP_OK) e = zp_zkp_witness(z, &id[1], LN, side ? NULL : s2);
            if (e == ZP_OK) e = zp_zkp_witness(z, &id[2], LN, side ? NULL : sq);
            src[0] = id[0];
            src[1] = id[1];
            if (e == ZP_OK) e = zp_zkp_lookup(z, src, two ? 2 : 1, t1, two ? t2 : NULL, LT);
            if (e == ZP_OK) e = zp_zkp_range(z, id[2], 0, LN); /* x < 2^LN */
            if (e == ZP_OK) e = pass ? zp_zkp_finish(z) : zp_zkp_commit(z);
        }
        if (side == 0) *proved = e == ZP_OK;
        zp_zkp_free(z);
        if (side == 1 || e != ZP_OK) zp_bytes_free(&pf);
    }
    return e;
}

TEST(zkp_lookup_one_and_two_columns) {
    int proved;
    CHECK_OK(lookup_case(0, 0, &proved));
    CHECK_OK(lookup_case(1, 0, &proved));
    CHECK(lookup_case(1, 1, &proved) == ZP_ERR_ARG);
    CHECK(!proved);
    CHECK_OK(lookup_case(0, 1, &proved)); /* the first column alone is in t1 */
}

