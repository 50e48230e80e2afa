/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Poseidon2 over Goldilocks, AVX-512 (F, DQ, VL) backend. */
#include <immintrin.h>

#include "hash/poseidon2_internal.h"

/*
 * Layout: lanes 0..7 in one zmm register A, lanes 8..11 (width 12 only) in
 * one ymm register B.  Lanes are lazily reduced 64-bit values, exactly as in
 * the portable code; the result is made canonical at the end, so this
 * backend is bit-identical to zp_poseidon2_w*_portable (tested).
 *
 * Multiplication: the 128-bit product from four 32x32-bit vpmuludq, then
 * the reduction of poseidon2_internal.h (2^64 = 2^32 - 1, 2^96 = -1), with
 * carries and borrows as mask registers.  The same scheme is used by the
 * AVX-512 Goldilocks field of plonky2
 * (plonky2/field/src/arch/x86_64/avx512_goldilocks_field.rs).
 *
 * M_E: each lane is split into 32-bit halves; M4 is applied to each half as
 * sum_j broadcast(z_j) * column_j (vpermq + vpmuludq, entries <= 7), the
 * block sums are added, and every lane is recombined as
 * L + H * 2^32 with H < 2^38:  H * 2^32 = (H >> 32) * 2^64 + (H << 32 mod
 * 2^64) = (H >> 32) * (2^32 - 1) + (H << 32 mod 2^64)  (mod p).
 */

#define EPS_U 0xFFFFFFFFULL

/* ---------- 8 lanes (zmm) ---------- */
static inline __m512i z_red(__m512i hi, __m512i lo) {
    const __m512i eps = _mm512_set1_epi64((long long)EPS_U);
    __m512i hh = _mm512_srli_epi64(hi, 32);
    __m512i t1 = _mm512_mul_epu32(hi, eps); /* (hi mod 2^32) * (2^32 - 1) */
    __mmask8 bw = _mm512_cmplt_epu64_mask(lo, hh);
    __m512i t0 = _mm512_sub_epi64(lo, hh);
    t0 = _mm512_mask_sub_epi64(t0, bw, t0, eps);
    __m512i s = _mm512_add_epi64(t0, t1);
    __mmask8 cy = _mm512_cmplt_epu64_mask(s, t1);
    return _mm512_mask_add_epi64(s, cy, s, eps);
}

static inline __m512i z_mul(__m512i a, __m512i b) {
    __m512i ah = _mm512_srli_epi64(a, 32), bh = _mm512_srli_epi64(b, 32);
    __m512i ll = _mm512_mul_epu32(a, b);
    __m512i lh = _mm512_mul_epu32(a, bh);
    __m512i hl = _mm512_mul_epu32(ah, b);
    __m512i hh = _mm512_mul_epu32(ah, bh);
    __m512i t = _mm512_add_epi64(hl, _mm512_srli_epi64(ll, 32)); /* < 2^64 */
    __m512i u = _mm512_add_epi64(lh, _mm512_and_si512(t, _mm512_set1_epi64((long long)EPS_U)));
    __m512i lo = _mm512_mask_blend_epi32(0xAAAA, ll, _mm512_slli_epi64(u, 32));
    __m512i hi = _mm512_add_epi64(_mm512_add_epi64(hh, _mm512_srli_epi64(t, 32)),
                                  _mm512_srli_epi64(u, 32));
    return z_red(hi, lo);
}

static inline __m512i z_sbox(__m512i x) {
    __m512i x2 = z_mul(x, x);
    __m512i x3 = z_mul(x2, x);
    __m512i x4 = z_mul(x2, x2);
    return z_mul(x3, x4);
}

/* x + c (mod p), c < p: one carry. */
static inline __m512i z_add_rc(__m512i x, __m512i c) {
    __m512i s = _mm512_add_epi64(x, c);
    __mmask8 cy = _mm512_cmplt_epu64_mask(s, c);
    return _mm512_mask_add_epi64(s, cy, s, _mm512_set1_epi64((long long)EPS_U));
}

/* M4 on each 4-lane block of h (lanes < 2^32): outputs < 16 * 2^32. */
static inline __m512i z_m4(__m512i h) {
    const __m512i c0 = _mm512_setr_epi64(5, 4, 1, 1, 5, 4, 1, 1);
    const __m512i c1 = _mm512_setr_epi64(7, 6, 3, 1, 7, 6, 3, 1);
    const __m512i c2 = _mm512_setr_epi64(1, 1, 5, 4, 1, 1, 5, 4);
    const __m512i c3 = _mm512_setr_epi64(3, 1, 7, 6, 3, 1, 7, 6);
    __m512i r = _mm512_mul_epu32(_mm512_permutex_epi64(h, 0x00), c0);
    r = _mm512_add_epi64(r, _mm512_mul_epu32(_mm512_permutex_epi64(h, 0x55), c1));
    r = _mm512_add_epi64(r, _mm512_mul_epu32(_mm512_permutex_epi64(h, 0xAA), c2));
    r = _mm512_add_epi64(r, _mm512_mul_epu32(_mm512_permutex_epi64(h, 0xFF), c3));
    return r;
}

/* L + H * 2^32 (mod p) for L, H < 2^39. */
static inline __m512i z_recombine(__m512i l, __m512i h) {
    const __m512i eps = _mm512_set1_epi64((long long)EPS_U);
    __m512i a = _mm512_add_epi64(l, _mm512_mul_epu32(_mm512_srli_epi64(h, 32), eps));
    __m512i b = _mm512_slli_epi64(h, 32);
    __m512i s = _mm512_add_epi64(a, b);
    __mmask8 cy = _mm512_cmplt_epu64_mask(s, b);
    return _mm512_mask_add_epi64(s, cy, s, eps);
}

/* ---------- 4 lanes (ymm, AVX-512VL) ---------- */
static inline __m256i y_red(__m256i hi, __m256i lo) {
    const __m256i eps = _mm256_set1_epi64x((long long)EPS_U);
    __m256i hh = _mm256_srli_epi64(hi, 32);
    __m256i t1 = _mm256_mul_epu32(hi, eps);
    __mmask8 bw = _mm256_cmplt_epu64_mask(lo, hh);
    __m256i t0 = _mm256_sub_epi64(lo, hh);
    t0 = _mm256_mask_sub_epi64(t0, bw, t0, eps);
    __m256i s = _mm256_add_epi64(t0, t1);
    __mmask8 cy = _mm256_cmplt_epu64_mask(s, t1);
    return _mm256_mask_add_epi64(s, cy, s, eps);
}

static inline __m256i y_mul(__m256i a, __m256i b) {
    __m256i ah = _mm256_srli_epi64(a, 32), bh = _mm256_srli_epi64(b, 32);
    __m256i ll = _mm256_mul_epu32(a, b);
    __m256i lh = _mm256_mul_epu32(a, bh);
    __m256i hl = _mm256_mul_epu32(ah, b);
    __m256i hh = _mm256_mul_epu32(ah, bh);
    __m256i t = _mm256_add_epi64(hl, _mm256_srli_epi64(ll, 32));
    __m256i u = _mm256_add_epi64(lh, _mm256_and_si256(t, _mm256_set1_epi64x((long long)EPS_U)));
    __m256i lo = _mm256_blend_epi32(ll, _mm256_slli_epi64(u, 32), 0xAA);
    __m256i hi = _mm256_add_epi64(_mm256_add_epi64(hh, _mm256_srli_epi64(t, 32)),
                                  _mm256_srli_epi64(u, 32));
    return y_red(hi, lo);
}

static inline __m256i y_sbox(__m256i x) {
    __m256i x2 = y_mul(x, x);
    __m256i x3 = y_mul(x2, x);
    __m256i x4 = y_mul(x2, x2);
    return y_mul(x3, x4);
}

static inline __m256i y_add_rc(__m256i x, __m256i c) {
    __m256i s = _mm256_add_epi64(x, c);
    __mmask8 cy = _mm256_cmplt_epu64_mask(s, c);
    return _mm256_mask_add_epi64(s, cy, s, _mm256_set1_epi64x((long long)EPS_U));
}

static inline __m256i y_m4(__m256i h) {
    const __m256i c0 = _mm256_setr_epi64x(5, 4, 1, 1);
    const __m256i c1 = _mm256_setr_epi64x(7, 6, 3, 1);
    const __m256i c2 = _mm256_setr_epi64x(1, 1, 5, 4);
    const __m256i c3 = _mm256_setr_epi64x(3, 1, 7, 6);
    __m256i r = _mm256_mul_epu32(_mm256_permute4x64_epi64(h, 0x00), c0);
    r = _mm256_add_epi64(r, _mm256_mul_epu32(_mm256_permute4x64_epi64(h, 0x55), c1));
    r = _mm256_add_epi64(r, _mm256_mul_epu32(_mm256_permute4x64_epi64(h, 0xAA), c2));
    r = _mm256_add_epi64(r, _mm256_mul_epu32(_mm256_permute4x64_epi64(h, 0xFF), c3));
    return r;
}

static inline __m256i y_recombine(__m256i l, __m256i h) {
    const __m256i eps = _mm256_set1_epi64x((long long)EPS_U);
    __m256i a = _mm256_add_epi64(l, _mm256_mul_epu32(_mm256_srli_epi64(h, 32), eps));
    __m256i b = _mm256_slli_epi64(h, 32);
    __m256i s = _mm256_add_epi64(a, b);
    __mmask8 cy = _mm256_cmplt_epu64_mask(s, b);
    return _mm256_mask_add_epi64(s, cy, s, eps);
}

/* ---------- M_E ---------- */
/* Width 8: blocks 0 and 1 in a.  out_b = y_b + (y_0 + y_1), y = M4 blocks. */
static inline __m512i ext8(__m512i a) {
    const __m512i m32 = _mm512_set1_epi64((long long)EPS_U);
    __m512i yl = z_m4(_mm512_and_si512(a, m32));
    __m512i yh = z_m4(_mm512_srli_epi64(a, 32));
    __m512i sl = _mm512_add_epi64(yl, _mm512_shuffle_i64x2(yl, yl, 0x4E));
    __m512i sh = _mm512_add_epi64(yh, _mm512_shuffle_i64x2(yh, yh, 0x4E));
    return z_recombine(_mm512_add_epi64(yl, sl), _mm512_add_epi64(yh, sh));
}

/* Width 12: blocks 0, 1 in *a, block 2 in *b. */
static inline void ext12(__m512i *a, __m256i *b) {
    const __m512i m32 = _mm512_set1_epi64((long long)EPS_U);
    const __m256i m32y = _mm256_set1_epi64x((long long)EPS_U);
    __m512i yl = z_m4(_mm512_and_si512(*a, m32));
    __m512i yh = z_m4(_mm512_srli_epi64(*a, 32));
    __m256i bl = y_m4(_mm256_and_si256(*b, m32y));
    __m256i bh = y_m4(_mm256_srli_epi64(*b, 32));
    __m256i cl = _mm256_add_epi64(_mm256_add_epi64(_mm512_castsi512_si256(yl),
                                                   _mm512_extracti64x4_epi64(yl, 1)), bl);
    __m256i ch = _mm256_add_epi64(_mm256_add_epi64(_mm512_castsi512_si256(yh),
                                                   _mm512_extracti64x4_epi64(yh, 1)), bh);
    *a = z_recombine(_mm512_add_epi64(yl, _mm512_broadcast_i64x4(cl)),
                     _mm512_add_epi64(yh, _mm512_broadcast_i64x4(ch)));
    *b = y_recombine(_mm256_add_epi64(bl, cl), _mm256_add_epi64(bh, ch));
}

/* ---------- partial rounds ----------
 * Lane 0 runs on the scalar chain of p2_partial_rounds (three dependent
 * multiplications per round).  Lanes 1..t-1 stay in the vectors: with
 * sum = x_0' + rest (x_0' the S-box output, rest = sum_{i>0} x_i), the new
 * lanes are P_i + sum with P_i = (mu_i - 1) x_i, and the next round's rest
 * is sum_{i>0} P_i + (t - 1) sum.  The horizontal sum of P does not wait for
 * lane 0, so it overlaps the scalar chain.  Lane 0 of the vectors is a
 * don't-care here (its diagonal entry is replaced by 0). */

/* sum of the 64-bit lanes of p (mod p, lazily reduced), via 32-bit halves
 * so that nothing overflows. */
static inline uint64_t hsum_lanes(__m512i pl, __m512i ph) {
    uint64_t l = (uint64_t)_mm512_reduce_add_epi64(pl);
    uint64_t h = (uint64_t)_mm512_reduce_add_epi64(ph);
    return p2_red_small(((u128)h << 32) + l); /* l, h < 16 * 2^32 */
}

static inline uint64_t partial_round(uint64_t *s0, uint64_t rest, uint64_t rc,
                                     uint64_t mu0, __m512i *a, __m256i *b,
                                     __m512i da, __m256i db, int t) {
    const __m512i m32 = _mm512_set1_epi64((long long)EPS_U);
    /* vector part that does not need this round's S-box */
    __m512i pa = z_mul(*a, da);
    __m512i pl = _mm512_and_si512(pa, m32), ph = _mm512_srli_epi64(pa, 32);
    __m256i pb = _mm256_setzero_si256();
    if (t == 12) {
        pb = y_mul(*b, db);
        pl = _mm512_add_epi64(pl, _mm512_zextsi256_si512(_mm256_and_si256(pb, _mm512_castsi512_si256(m32))));
        ph = _mm512_add_epi64(ph, _mm512_zextsi256_si512(_mm256_srli_epi64(pb, 32)));
    }
    uint64_t ds = hsum_lanes(pl, ph);
    /* scalar chain (as p2_partial_rounds) */
    uint64_t v = p2_red_small((u128)*s0 + rc);
    uint64_t v2 = p2_mul(v, v);
    uint64_t mv = p2_mul(v, mu0);
    uint64_t v3 = p2_mul(v2, v);
    uint64_t v4 = p2_mul(v2, v2);
    uint64_t mv3 = p2_mul(mv, v2);
    uint64_t v7 = p2_mul(v3, v4);
    *s0 = p2_red128((u128)mv3 * v4 + rest);
    uint64_t sum = gl_from_u64(p2_red_small((u128)rest + v7)); /* canonical */
    *a = z_add_rc(pa, _mm512_set1_epi64((long long)sum));
    if (t == 12) *b = y_add_rc(pb, _mm256_set1_epi64x((long long)sum));
    return p2_red_small((u128)sum * (uint64_t)(t - 1) + ds);
}

static inline void partial_rounds(uint64_t *state, __m512i *a, __m256i *b, int t,
                                  const uint64_t *rc, const uint64_t *diag) {
    _mm512_storeu_si512((void *)state, *a);
    if (t == 12) _mm256_storeu_si256((__m256i *)(state + 8), *b);
    __m512i da = _mm512_mask_loadu_epi64(_mm512_setzero_si512(), 0xFE, diag);
    __m256i db = t == 12 ? _mm256_loadu_si256((const __m256i *)(diag + 8)) : _mm256_setzero_si256();
    const uint64_t mu0 = gl_add(diag[0], 1);
    u128 rest128 = 0;
    for (int i = 1; i < t; i++) rest128 += state[i];
    uint64_t rest = p2_red_small(rest128);
    uint64_t s0 = state[0];
    for (int r = 0; r < 22; r++) rest = partial_round(&s0, rest, rc[r], mu0, a, b, da, db, t);
    *a = _mm512_mask_set1_epi64(*a, 1, (long long)s0);
}

/* ---------- permutations ---------- */
void zp_poseidon2_w12_avx512(uint64_t state[12]) {
    __m512i a = _mm512_loadu_si512((const void *)state);
    __m256i b = _mm256_loadu_si256((const __m256i *)(state + 8));
    ext12(&a, &b);
    for (int r = 0; r < 4; r++) {
        const uint64_t *rc = ZP_P2_RC12_INITIAL[r];
        a = z_sbox(z_add_rc(a, _mm512_loadu_si512((const void *)rc)));
        b = y_sbox(y_add_rc(b, _mm256_loadu_si256((const __m256i *)(rc + 8))));
        ext12(&a, &b);
    }
    partial_rounds(state, &a, &b, 12, ZP_P2_RC12_PARTIAL, ZP_P2_DIAG12_M1);
    for (int r = 0; r < 4; r++) {
        const uint64_t *rc = ZP_P2_RC12_TERMINAL[r];
        a = z_sbox(z_add_rc(a, _mm512_loadu_si512((const void *)rc)));
        b = y_sbox(y_add_rc(b, _mm256_loadu_si256((const __m256i *)(rc + 8))));
        ext12(&a, &b);
    }
    _mm512_storeu_si512((void *)state, a);
    _mm256_storeu_si256((__m256i *)(state + 8), b);
    for (int i = 0; i < 12; i++) state[i] = gl_from_u64(state[i]);
}

void zp_poseidon2_w8_avx512(uint64_t state[8]) {
    __m512i a = _mm512_loadu_si512((const void *)state);
    a = ext8(a);
    for (int r = 0; r < 4; r++)
        a = ext8(z_sbox(z_add_rc(a, _mm512_loadu_si512((const void *)ZP_P2_RC8_INITIAL[r]))));
    __m256i unused = _mm256_setzero_si256();
    partial_rounds(state, &a, &unused, 8, ZP_P2_RC8_PARTIAL, ZP_P2_DIAG8_M1);
    for (int r = 0; r < 4; r++)
        a = ext8(z_sbox(z_add_rc(a, _mm512_loadu_si512((const void *)ZP_P2_RC8_TERMINAL[r]))));
    _mm512_storeu_si512((void *)state, a);
    for (int i = 0; i < 8; i++) state[i] = gl_from_u64(state[i]);
}
