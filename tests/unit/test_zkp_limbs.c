/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the builder's range checks with 8- and 16-bit limbs
 * (zp_zkp_set_limb_bits, docs/spec/infer.md "Lookups"). */
// ZP_TEST_LAYER: zkml
#include "harness.h"
#include "field/gl.h"
#include "zkml/prove_train_internal.h"
#include "zkml/zkp_internal.h"

enum { LN = 9 };
/* widths of the range checks: below one limb, one 16-bit limb exactly,
 * a 4-bit top limb, two full 16-bit limbs */
static const unsigned WIDTHS[] = {5, 16, 20, 32};
#define NW (sizeof WIDTHS / sizeof WIDTHS[0])

/* Proves and verifies T_i + offset in [0, 2^WIDTHS[i]) for random T_i in
 * range, with limbs of `bits`.  bad: T_0[3] is set to 2^WIDTHS[0] (out of
 * range) and the prover cheats with forge mode `forge` (1: the overflow in
 * the top limb, 2: the top limb truncated).  *proof_len: the proof size.
 * Returns the verifier's result (ZP_ERR_ARG when the prover refused). */
static zp_err range_case(unsigned bits, int bad, int forge, size_t *proof_len) {
    const size_t N = (size_t)1 << LN;
    static zp_fe vals[NW][1 << LN];
    const int64_t off = 7;
    for (size_t i = 0; i < NW; i++)
        for (size_t x = 0; x < N; x++) {
            uint64_t v = test_rand_u64() & (((uint64_t)1 << WIDTHS[i]) - 1);
            if (x == 0) v = ((uint64_t)1 << WIDTHS[i]) - 1; /* the top value */
            if (x == 1) v = 0;
            vals[i][x] = zp_fe_from_i64((int64_t)v - off);
        }
    if (bad) vals[0][3] = zp_fe_from_i64(((int64_t)1 << WIDTHS[0]) - off);
    zp_err e = ZP_OK;
    zp_bytes pf;
    zp_bytes_init(&pf);
    for (int side = 0; side < 2 && e == ZP_OK; side++) {
        zp_reader rd;
        zp_transcript tr;
        zp_transcript_init(&tr, "test/zkp-limbs");
        zp_rng r;
        zp_rng_init_u64(&r, 5);
        zp_zkp *z = NULL;
        if (side) zp_reader_init(&rd, pf.data, pf.len);
        e = zp_zkp_create(&z, &tr, side ? NULL : &pf, side ? &rd : NULL, side ? NULL : &r);
        if (e == ZP_OK && side == 0 && bad) {
            zp_zkp_set_unchecked(z);
            zp_zkp_set_forge(z, forge);
        }
        if (e == ZP_OK) e = zp_zkp_set_limb_bits(z, bits);
        /* a truncated top limb breaks the decomposition zero-check, which
         * only a committed T has: a tensor defined by its views is their
         * combination by definition (test_zkp_vdef.c forges its limbs
         * against another relation that reads it) */
        if (e == ZP_OK && forge == 2) e = zp_zkp_set_view_defined(z, 0);
        for (int pass = 0; pass < 2 && e == ZP_OK; pass++) {
            for (size_t i = 0; i < NW && e == ZP_OK; i++) {
                size_t id;
                e = zp_zkp_witness(z, &id, LN, side ? NULL : vals[i]);
                if (e == ZP_OK) e = zp_zkp_range(z, id, off, WIDTHS[i]);
            }
            if (e == ZP_OK) e = pass ? zp_zkp_finish(z) : zp_zkp_commit(z);
        }
        zp_zkp_free(z);
    }
    if (proof_len) *proof_len = pf.len;
    zp_bytes_free(&pf);
    return e;
}

TEST(zkp_range_limbs_honest_8_and_16) {
    size_t l8 = 0, l16 = 0;
    CHECK_OK(range_case(8, 0, 0, &l8));
    CHECK_OK(range_case(16, 0, 0, &l16));
    CHECK(l8 > 0 && l16 > 0);
}

/* An out-of-range value: the honest prover refuses; the two cheating
 * provers' proofs are rejected with either limb width (the lookup for an
 * oversized top limb, the limb relation for a truncated one). */
TEST(zkp_range_limbs_out_of_range_rejected) {
    for (unsigned bits = 8; bits <= 16; bits += 8) {
        CHECK(range_case(bits, 1, 0, NULL) == ZP_ERR_ARG);
        CHECK(range_case(bits, 1, 1, NULL) == ZP_ERR_VERIFY);
        CHECK(range_case(bits, 1, 2, NULL) == ZP_ERR_VERIFY);
    }
}

/* Only 8 or 16, and only before the first range request of the plan. */
TEST(zkp_range_limbs_setter_contract) {
    zp_transcript tr;
    zp_transcript_init(&tr, "test/zkp-limbs");
    zp_bytes pf;
    zp_bytes_init(&pf);
    zp_rng r;
    zp_rng_init_u64(&r, 1);
    zp_zkp *z = NULL;
    CHECK_OK(zp_zkp_create(&z, &tr, &pf, NULL, &r));
    CHECK(zp_zkp_set_limb_bits(z, 12) == ZP_ERR_ARG);
    zp_zkp_free(z);
    z = NULL;
    CHECK_OK(zp_zkp_create(&z, &tr, &pf, NULL, &r));
    zp_fe v[4] = {1, 2, 3, 4};
    size_t id;
    CHECK_OK(zp_zkp_witness(z, &id, 2, v));
    CHECK_OK(zp_zkp_range(z, id, 0, 4));
    CHECK(zp_zkp_set_limb_bits(z, 16) == ZP_ERR_ARG);
    zp_zkp_free(z);
    zp_bytes_free(&pf);
}

/* A training step whose first weight matrix has 2^14 entries (256-64-4)
 * is proven with 16-bit limbs (prove_train.c, train_limb_bits): the honest
 * proof verifies, a changed W_after is rejected. */
static zp_err train_case(int tamper, size_t *len) {
    static const uint32_t dims[] = {256, 64, 4};
    const size_t n = 4, N = 9;
    zp_train_config cfg;
    zp_mlp m;
    memset(&m, 0, sizeof m);
    CHECK_OK(zp_train_config_default(&cfg, dims, 2));
    cfg.batch_size = (uint32_t)n;
    cfg.lr_num = 209715;
    CHECK_OK(zp_mlp_alloc(&m, &cfg));
    uint8_t seed[ZP_ZKML_SEED_BYTES] = {9};
    CHECK_OK(zp_mlp_init_seeded(&m, &cfg, seed));
    int64_t *x = malloc(N * dims[0] * sizeof(int64_t));
    int32_t *lab = malloc(N * sizeof(int32_t));
    CHECK(x && lab);
    for (size_t i = 0; i < N * dims[0]; i++) x[i] = (int64_t)(test_rand_u64() % 1024) - 512;
    for (size_t i = 0; i < N; i++) lab[i] = (int32_t)(test_rand_u64() % dims[2]);
    zp_fxdata ds = {N, dims[0], x, lab, NULL};
    uint32_t idx[4];
    CHECK_OK(zp_sampler_batch(seed, 0, (uint32_t)n, N, idx));
    uint8_t *pf = NULL;
    zp_rng r;
    zp_rng_init_u64(&r, 3);
    zp_err e = zp_train_step_prove_ex(&pf, len, NULL, &cfg, &m, &ds, 0, idx, n, &r, tamper);
    if (e == ZP_OK) e = zp_train_step_verify(&cfg, 0, idx, n, pf, *len);
    zp_train_proof_free(pf);
    zp_mlp_free(&m);
    free(x);
    free(lab);
    return e;
}

TEST(train_proof_16bit_limbs) {
    size_t len = 0;
    CHECK_OK(train_case(ZP_TRAIN_HONEST, &len));
    CHECK(len > 0);
    CHECK(train_case(ZP_TRAIN_TAMPER_WAFTER, &len) == ZP_ERR_VERIFY);
}
