/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of range checks [0, 2^k) by 16-bit limbs and LogUp (src/piop/range.c). */
// ZP_TEST_LAYER: piop
#include "harness.h"
#include "field/gl.h"
#include "piop/matmul_internal.h"

static zp_err rc_verify(const uint8_t *p, size_t len, unsigned log_n, unsigned k, int zk,
                        const zp_fe *v, const zp_fe *mask, size_t mask_len) {
    zp_transcript tr;
    zp_transcript_init(&tr, "zkprov-test/range");
    zp_reader rd;
    zp_reader_init(&rd, p, len);
    zp_piop_claim cl;
    zp_err e = zp_range_verify(&tr, &rd, &cl, log_n, k, zk);
    if (e != ZP_OK) return e;
    if (zp_reader_finish(&rd) != ZP_OK) return ZP_ERR_PARSE;
    zp_fe2 x = log_n ? zp_mle_eval(v, cl.point, log_n) : gl2_from_fe(v[0]);
    if (zk) {
        zp_fe2 one = gl2_from_fe(1);
        x = gl2_add(gl2_mul(gl2_sub(one, cl.r_b), x),
                    gl2_mul(cl.r_b, zp_piop_periodic_eval(mask, mask_len, cl.point)));
    }
    return gl2_eq(x, cl.value) ? ZP_OK : ZP_ERR_VERIFY;
}

static zp_err rc_prove(zp_bytes *pf, unsigned log_n, unsigned k, int zk, const zp_fe *v,
                       const zp_fe *mask, size_t mask_len, const zp_fe *limbs,
                       const zp_fe *m) {
    zp_transcript tr;
    zp_transcript_init(&tr, "zkprov-test/range");
    zp_rng rng;
    zp_rng_init_u64(&rng, 42);
    zp_piop_tensor t = {v, mask, mask_len};
    zp_piop_claim cl;
    return zp_range_prove_limbs(&tr, pf, &cl, &t, log_n, k, zk, &rng, limbs, m);
}

TEST(range_complete) {
    static const unsigned ks[] = {1, 8, 12, 16, 17, 24, 31, 32};
    for (size_t t = 0; t < sizeof ks / sizeof ks[0]; t++) {
        unsigned k = ks[t], log_n = (unsigned)(t % 3) * 3 + 2;
        size_t N = (size_t)1 << log_n, L = 2; /* ZK masks: two values at least */
        zp_fe *v = malloc(N * sizeof(zp_fe));
        zp_fe mask[2] = {gl_from_u64(test_rand_u64()), gl_from_u64(test_rand_u64())};
        for (size_t i = 0; i < N; i++) v[i] = test_rand_u64() & (((uint64_t)1 << k) - 1);
        v[0] = ((uint64_t)1 << k) - 1; /* the largest value in range */
        v[1] = 0;
        for (int zk = 0; zk < 2; zk++) {
            zp_bytes pf;
            zp_bytes_init(&pf);
            CHECK_OK(rc_prove(&pf, log_n, k, zk, v, mask, L, NULL, NULL));
            CHECK_OK(rc_verify(pf.data, pf.len, log_n, k, zk, v, mask, L));
            /* the same proof does not pass as a check of a narrower range */
            if (k > 1) CHECK(rc_verify(pf.data, pf.len, log_n, k - 1, zk, v, mask, L) != ZP_OK);
            zp_bytes_free(&pf);
        }
        /* a one-value mask would leak: refused in ZK mode */
        zp_bytes pf;
        zp_bytes_init(&pf);
        CHECK(rc_prove(&pf, log_n, k, 1, v, mask, 1, NULL, NULL) == ZP_ERR_ARG);
        zp_bytes_free(&pf);
        free(v);
    }
}

/* v = 2^k: the honest prover refuses; cheating provers are rejected. */
TEST(range_value_too_large_rejected) {
    static const unsigned ks[] = {8, 16, 24, 32};
    for (size_t t = 0; t < 4; t++) {
        unsigned k = ks[t], log_n = 4, L = (k + 15) / 16, b = k - 16 * (L - 1);
        size_t N = 16;
        zp_fe v[16], mask[2] = {gl_from_u64(test_rand_u64()), gl_from_u64(test_rand_u64())};
        for (size_t i = 0; i < N; i++) v[i] = test_rand_u64() & (((uint64_t)1 << k) - 1);
        size_t bad = test_rand_u64() % N;
        v[bad] = (uint64_t)1 << k;
        zp_bytes pf;
        zp_bytes_init(&pf);
        CHECK(rc_prove(&pf, log_n, k, 1, v, mask, 2, NULL, NULL) == ZP_ERR_ARG);
        /* cheat 1: honest limbs of v mod 2^k (decomposition fails) */
        zp_fe limbs[32], m[65536];
        memset(m, 0, sizeof m);
        for (size_t i = 0; i < N; i++)
            for (unsigned l = 0; l < L; l++) {
                uint64_t x = (v[i] & (((uint64_t)1 << k) - 1)) >> (16 * l);
                limbs[l * N + i] = x & 0xffff;
            }
        for (unsigned l = 0; l < L; l++)
            for (size_t i = 0; i < N; i++) m[limbs[l * N + i]]++;
        if (b < 16)
            for (size_t i = 0; i < N; i++) m[limbs[(L - 1) * N + i] << (16 - b)]++;
        CHECK_OK(rc_prove(&pf, log_n, k, 1, v, mask, 2, limbs, m));
        CHECK(rc_verify(pf.data, pf.len, log_n, k, 1, v, mask, 2) != ZP_OK);
        /* cheat 2: a top limb of 2^b (sum right, limb out of range) */
        zp_bytes_free(&pf);
        zp_bytes_init(&pf);
        if (k < 32) {
            limbs[(L - 1) * N + bad] = (uint64_t)1 << b;
            for (unsigned l = 0; l + 1 < L; l++) limbs[l * N + bad] = 0;
            memset(m, 0, sizeof m);
            for (unsigned l = 0; l < L; l++)
                for (size_t i = 0; i < N; i++)
                    if (limbs[l * N + i] < 65536) m[limbs[l * N + i]]++;
            if (b < 16)
                for (size_t i = 0; i < N; i++) {
                    uint64_t s = limbs[(L - 1) * N + i] << (16 - b);
                    if (s < 65536) m[s]++;
                }
            CHECK_OK(rc_prove(&pf, log_n, k, 1, v, mask, 2, limbs, m));
            CHECK(rc_verify(pf.data, pf.len, log_n, k, 1, v, mask, 2) != ZP_OK);
        }
        zp_bytes_free(&pf);
    }
}

TEST(range_proof_size_witness_independent) {
    zp_fe v1[64], v2[64], mask[4];
    for (size_t i = 0; i < 64; i++) {
        v1[i] = test_rand_u64() & 0xffffff;
        v2[i] = test_rand_u64() & 0xff;
    }
    for (size_t i = 0; i < 4; i++) mask[i] = gl_from_u64(test_rand_u64());
    zp_bytes p1, p2;
    zp_bytes_init(&p1);
    zp_bytes_init(&p2);
    CHECK_OK(rc_prove(&p1, 6, 24, 1, v1, mask, 4, NULL, NULL));
    CHECK_OK(rc_prove(&p2, 6, 24, 1, v2, mask, 4, NULL, NULL));
    CHECK(p1.len == p2.len);
    zp_bytes_free(&p1);
    zp_bytes_free(&p2);
}
