/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Slow tests of LogUp (src/piop/logup.c): a bit flip in every byte of a proof. */
// ZP_TEST_LAYER: piop
#include "harness.h"
#include "field/gl.h"
#include "piop/matmul_internal.h"

/* 2^3 lookups into a contiguous table of 2^2 values, as the default suite's
 * strided test, but every byte of the proof is flipped (one bit each, the
 * bit index cycling), in ZK and plain mode.  The verifier also checks the
 * returned claim against the column (the caller's PCS stand-in). */
static zp_err sl_verify(const uint8_t *p, size_t len, const zp_fe *a, const zp_fe *mask,
                        size_t mask_len, const zp_fe *table, int zk) {
    zp_transcript tr;
    zp_transcript_init(&tr, "zkprov-test/logup-slow");
    zp_reader rd;
    zp_reader_init(&rd, p, len);
    zp_logup_claims out;
    zp_err e = zp_logup_verify(&tr, &rd, &out, 1, 3, table, 2, zk);
    if (e != ZP_OK) return e;
    if (zp_reader_finish(&rd) != ZP_OK) return ZP_ERR_PARSE;
    const zp_piop_claim *cl = &out.col[0];
    zp_fe2 v = zp_mle_eval(a, cl->point, 3);
    if (zk) {
        zp_fe2 one = gl2_from_fe(1);
        v = gl2_add(gl2_mul(gl2_sub(one, cl->r_b), v),
                    gl2_mul(cl->r_b, zp_piop_periodic_eval(mask, mask_len, cl->point)));
    }
    return gl2_eq(v, cl->value) ? ZP_OK : ZP_ERR_VERIFY;
}

TEST(logup_every_byte_flip_rejected) {
    for (int zk = 0; zk < 2; zk++) {
        zp_fe table[4], a[8], mask[4];
        zp_fe base = gl_from_u64(test_rand_u64());
        for (size_t j = 0; j < 4; j++) table[j] = gl_add(base, j);
        for (size_t i = 0; i < 8; i++) a[i] = table[test_rand_u64() % 4];
        for (size_t i = 0; i < 4; i++) mask[i] = gl_from_u64(test_rand_u64());
        zp_piop_tensor col = {a, zk ? mask : NULL, zk ? 4 : 0};
        zp_transcript tr;
        zp_transcript_init(&tr, "zkprov-test/logup-slow");
        zp_rng rng;
        zp_rng_init_u64(&rng, 13);
        zp_bytes pf;
        zp_bytes_init(&pf);
        zp_logup_claims pc;
        CHECK_OK(zp_logup_prove(&tr, &pf, &pc, &col, 1, 3, table, 2, zk, &rng));
        CHECK_OK(sl_verify(pf.data, pf.len, a, mask, 4, table, zk));
        size_t accepted = 0;
        for (size_t i = 0; i < pf.len; i++) {
            pf.data[i] ^= (uint8_t)(1u << (i % 8));
            if (sl_verify(pf.data, pf.len, a, mask, 4, table, zk) == ZP_OK) accepted++;
            pf.data[i] ^= (uint8_t)(1u << (i % 8));
        }
        CHECK(accepted == 0);
        CHECK_OK(sl_verify(pf.data, pf.len, a, mask, 4, table, zk));
        printf("  zk %d: %zu bytes, every byte flipped, %zu accepted\n", zk, pf.len, accepted);
        zp_bytes_free(&pf);
    }
}
