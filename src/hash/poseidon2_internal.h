/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Poseidon2 internals shared by the portable permutation and its AVX-512
 * backend: scalar arithmetic on lazily reduced lanes, the rounds, and the
 * backend entry points. */
#ifndef ZP_HASH_POSEIDON2_INTERNAL_H
#define ZP_HASH_POSEIDON2_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "field/gl.h"
#include "hash/poseidon2_constants.h"

/* Portable permutations: the reference every backend is tested against. */
void zp_poseidon2_w12_portable(uint64_t state[12]);
void zp_poseidon2_w8_portable(uint64_t state[8]);
#ifndef ZP_NO_AVX512
/* AVX-512 (F, DQ, VL) permutations, bit-identical to the portable ones;
 * call only if zp_cpu_features() has ZP_CPU_AVX512F. */
void zp_poseidon2_w12_avx512(uint64_t state[12]);
void zp_poseidon2_w8_avx512(uint64_t state[8]);
#endif
/* 1 if zp_poseidon2_w12 / _w8 use the AVX-512 backend. */
int zp_poseidon2_use_avx512(void);

/*
 * The permutation of Grassi, Khovratovich, Schofnegger, "Poseidon2: A
 * Faster Version of the Poseidon Hash Function" (ePrint 2023/323), exactly
 * as the HorizenLabs reference computes it
 * (plain_implementations/src/poseidon2/poseidon2.rs, fn permutation):
 *
 *   x <- M_E x
 *   4 full rounds:     x <- M_E sbox(x + rc_r)          (all t lanes)
 *   22 partial rounds: x_0 <- sbox(x_0 + rc_r); x <- M_I x
 *   4 full rounds:     x <- M_E sbox(x + rc_r)
 *
 * with sbox(v) = v^7, M_E = circ(2 M4, M4, ..., M4) built from
 * M4 = [[5,7,1,3],[4,6,1,1],[1,3,5,7],[1,1,4,6]] (paper section 5.1), and
 * M_I = J + diag(mu - 1) (paper section 5.2; J is all ones).
 *
 * Speed.  Lanes are kept as arbitrary 64-bit values congruent to the true
 * state mod p (not necessarily canonical) and only made canonical at the
 * end.  Linear layers run on 128-bit integers with one reduction per lane
 * (M_E has small entries, so its outputs stay below 2^70).  Everything is
 * branch-free (no data-dependent branches or indices), so Poseidon2 may
 * hash secret data.
 */

typedef unsigned __int128 u128;

/* x mod p as a 64-bit value (any u128 input; result < 2^64, not canonical).
 * Uses 2^64 = 2^32 - 1 and 2^96 = -1 (mod p). */
static inline uint64_t p2_red128(u128 x) {
    uint64_t lo = (uint64_t)x, hi = (uint64_t)(x >> 64);
    uint64_t hi_hi = hi >> 32, hi_lo = hi & GL_EPS;
    uint64_t t0 = lo - hi_hi;
    t0 -= GL_EPS & (0 - (uint64_t)(lo < hi_hi)); /* borrow of 2^64 */
    uint64_t t1 = hi_lo * GL_EPS;
    uint64_t s = t0 + t1;
    s += GL_EPS & (0 - (uint64_t)(s < t1)); /* carry of 2^64 */
    return s;
}

/* x mod p for x < 2^96 (high word below 2^32): one product, one carry. */
static inline uint64_t p2_red_small(u128 x) {
    uint64_t lo = (uint64_t)x, hi = (uint64_t)(x >> 64);
    uint64_t s = lo + hi * GL_EPS;
    s += GL_EPS & (0 - (uint64_t)(s < lo));
    return s;
}

static inline uint64_t p2_mul(uint64_t a, uint64_t b) { return p2_red128((u128)a * b); }

static inline uint64_t p2_sbox(uint64_t x) {
    uint64_t x2 = p2_mul(x, x);
    uint64_t x3 = p2_mul(x2, x);
    uint64_t x4 = p2_mul(x2, x2);
    return p2_mul(x3, x4);
}

/* s <- M_E s for t = 4B.  M_E = circ(2 M4, M4, ..., M4), so block b of the
 * output is M4 (x_b + c) with c = sum_b' x_b' the column sums (linearity of
 * M4).  M4 is the addition chain of the reference (poseidon2.rs,
 * matmul_external) on 128-bit integers: its inputs are below 4 * 2^64 and
 * its entries at most 7, so every output is below 2^70 and takes a single
 * reduction. */
static inline void p2_external(uint64_t *s, int B) {
    u128 c[4];
    for (int l = 0; l < 4; l++) {
        c[l] = s[l];
        for (int b = 1; b < B; b++) c[l] += s[4 * b + l];
    }
    for (int b = 0; b < B; b++) {
        uint64_t *x = s + 4 * b;
        u128 z0 = c[0] + x[0], z1 = c[1] + x[1], z2 = c[2] + x[2], z3 = c[3] + x[3];
        u128 t0 = z0 + z1;
        u128 t1 = z2 + z3;
        u128 t2 = (z1 << 1) + t1;
        u128 t3 = (z3 << 1) + t0;
        u128 t4 = (t1 << 2) + t3;
        u128 t5 = (t0 << 2) + t2;
        x[0] = p2_red_small(t3 + t5);
        x[1] = p2_red_small(t5);
        x[2] = p2_red_small(t2 + t4);
        x[3] = p2_red_small(t4);
    }
}

/* One full round: s <- M_E sbox(s + rc). */
static inline void p2_full_round(uint64_t *s, int B, const uint64_t *rc) {
    for (int i = 0; i < 4 * B; i++) s[i] = p2_sbox(p2_red_small((u128)s[i] + rc[i]));
    p2_external(s, B);
}

/* The 22 partial rounds: x_0 <- sbox(x_0 + rc_r); x <- M_I x, with
 * M_I = J + diag(mu - 1) and mu = diag_m1 + 1.
 *
 * Lane 0 is the critical path (each round's S-box waits for the previous
 * round's lane 0).  With v = x_0 + rc, rest = sum_{i>0} x_i:
 *   new x_0 = mu_0 * v^7 + rest = (mu_0 v^3) * v^4 + rest,
 * and mu_0 v^3 = (mu_0 v) * v^2 is ready together with v^4, so lane 0 takes
 * three multiplications per round instead of four; v^7 itself (for the sum
 * the other lanes need) is computed beside it.  rest does not depend on
 * lane 0 and is summed while the S-box runs. */
static inline void p2_partial_rounds(uint64_t *s, int T, const uint64_t *rc,
                                     const uint64_t *diag) {
    const uint64_t mu0 = gl_add(diag[0], 1);
    for (int r = 0; r < 22; r++) {
        u128 rest128 = 0;
        for (int i = 1; i < T; i++) rest128 += s[i];
        uint64_t rest = p2_red_small(rest128); /* < 11 * 2^64 before */
        uint64_t v = p2_red_small((u128)s[0] + rc[r]);
        uint64_t v2 = p2_mul(v, v);
        uint64_t mv = p2_mul(v, mu0);
        uint64_t v3 = p2_mul(v2, v);
        uint64_t v4 = p2_mul(v2, v2);
        uint64_t mv3 = p2_mul(mv, v2);
        uint64_t v7 = p2_mul(v3, v4);
        /* (2^64 - 1)^2 + (2^64 - 1) < 2^128 */
        s[0] = p2_red128((u128)mv3 * v4 + rest);
        uint64_t sum = p2_red_small((u128)rest + v7);
        for (int i = 1; i < T; i++) s[i] = p2_red128((u128)s[i] * diag[i] + sum);
    }
}

/* The whole permutation for width T = 4B.  rc_init/rc_term are [4][T]
 * arrays flattened, rc_part the 22 partial-round constants. */
static inline void p2_permute_portable(uint64_t *s, int B, const uint64_t *rc_init,
                                       const uint64_t *rc_part, const uint64_t *rc_term,
                                       const uint64_t *diag) {
    const int T = 4 * B;
    p2_external(s, B);
    for (int r = 0; r < 4; r++) p2_full_round(s, B, rc_init + r * T);
    p2_partial_rounds(s, T, rc_part, diag);
    for (int r = 0; r < 4; r++) p2_full_round(s, B, rc_term + r * T);
    for (int i = 0; i < T; i++) s[i] = gl_from_u64(s[i]);
}

#endif
