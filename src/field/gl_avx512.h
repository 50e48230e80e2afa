/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Goldilocks helpers on 8 lanes (AVX-512) shared by the vector kernels
 * (NTT, sumchecks, claim reduction, lookup); include inside a
 * Goldilocks-only block of a file compiled with AVX-512 enabled. */
#ifndef ZP_FIELD_GL_AVX512_H
#define ZP_FIELD_GL_AVX512_H

#include <immintrin.h>

#include "gl.h"

#define V __m512i

static inline __attribute__((always_inline)) V vp(void) { return _mm512_set1_epi64((long long)GL_P); }
static inline __attribute__((always_inline)) V veps(void) { return _mm512_set1_epi64((long long)GL_EPS); }

/* x * y mod p (canonical) with y_hi = y >> 32 precomputed, inputs < 2^64:
 * four 32 x 32-bit products and the reduction of gl_reduce128 (hi:lo =
 * H1 2^96 + H0 2^64 + lo = lo - H1 + H0 (2^32 - 1) mod p). */
static inline __attribute__((always_inline)) V gl512_mul(V x, V y, V y_hi) {
    const V eps = _mm512_set1_epi64((long long)GL_EPS);
    V x_hi = _mm512_shuffle_epi32(x, _MM_PERM_DDBB); /* high halves; low ones ignored */
    V ll = _mm512_mul_epu32(x, y);
    V lh = _mm512_mul_epu32(x, y_hi);
    V hl = _mm512_mul_epu32(x_hi, y);
    V hh = _mm512_mul_epu32(x_hi, y_hi);
    V t0 = _mm512_add_epi64(hl, _mm512_srli_epi64(ll, 32));
    V t1 = _mm512_add_epi64(lh, _mm512_and_si512(t0, eps));
    V hi = _mm512_add_epi64(hh, _mm512_srli_epi64(t0, 32));
    hi = _mm512_add_epi64(hi, _mm512_srli_epi64(t1, 32));
    V lo = _mm512_mask_blend_epi32((__mmask16)0xAAAA, ll, _mm512_slli_epi64(t1, 32));
    /* lo - H1 */
    V h1 = _mm512_srli_epi64(hi, 32);
    __mmask8 bor = _mm512_cmplt_epu64_mask(lo, h1);
    V t = _mm512_sub_epi64(lo, h1);
    t = _mm512_mask_sub_epi64(t, bor, t, eps);
    /* + H0 (2^32 - 1) */
    V h0e = _mm512_mul_epu32(hi, eps);
    V s = _mm512_add_epi64(t, h0e);
    __mmask8 cy = _mm512_cmplt_epu64_mask(s, h0e);
    s = _mm512_mask_add_epi64(s, cy, s, eps);
    /* s - p if s >= p: then s + eps wraps to s - p < s, else s + eps > s
     * (an add and a min, sparing the compare unit). */
    return _mm512_min_epu64(s, _mm512_add_epi64(s, eps));
}
/* x * y mod p (canonical). */
static inline __attribute__((always_inline)) V mulp(V x, V y) {
    return gl512_mul(x, y, _mm512_srli_epi64(y, 32));
}

/* a + b, a - b for canonical a, b. */
static inline __attribute__((always_inline)) V addp(V a, V b) {
    V nb = _mm512_sub_epi64(vp(), b);
    V d = _mm512_sub_epi64(a, nb);
    return _mm512_mask_add_epi64(d, _mm512_cmplt_epu64_mask(a, nb), d, vp());
}
static inline __attribute__((always_inline)) V subp(V a, V b) {
    V d = _mm512_sub_epi64(a, b);
    return _mm512_mask_add_epi64(d, _mm512_cmplt_epu64_mask(a, b), d, vp());
}

/* Lazy sum of canonical values: lo + 2^64 hi (hi counts carries). */
typedef struct {
    V lo, hi;
} vacc;
static inline void vacc_add(vacc *a, V x) {
    a->lo = _mm512_add_epi64(a->lo, x);
    a->hi = _mm512_mask_add_epi64(a->hi, _mm512_cmplt_epu64_mask(a->lo, x), a->hi,
                                  _mm512_set1_epi64(1));
}
/* hi 2^64 + lo mod p per lane (hi < 2^32): lo + hi (2^32 - 1), canonical. */
static inline V acc_red(V lo, V hi) {
    const V eps = veps(), p = vp();
    V l = _mm512_min_epu64(lo, _mm512_add_epi64(lo, eps)); /* lo mod p */
    V t = _mm512_mul_epu32(hi, eps);
    V s = _mm512_add_epi64(l, t);
    s = _mm512_mask_add_epi64(s, _mm512_cmplt_epu64_mask(s, t), s, eps);
    return _mm512_mask_sub_epi64(s, _mm512_cmpge_epu64_mask(s, p), s, p);
}

/* The sum of the lanes of a mod p (hi < 2^32 per lane). */
static inline zp_fe vacc_sum(const vacc *a) {
    uint64_t lo[8], hi[8];
    _mm512_storeu_si512((void *)lo, a->lo);
    _mm512_storeu_si512((void *)hi, a->hi);
    zp_fe s = 0;
    for (int i = 0; i < 8; i++)
        s = gl_add(s, gl_add(gl_from_u64(lo[i]), gl_from_u64(hi[i] * GL_EPS)));
    zp_memzero(lo, sizeof lo);
    zp_memzero(hi, sizeof hi);
    return s;
}

/* 8 x 8 transpose of 64-bit words: t[w][l] = z[l][w]. */
static inline void gl512_transpose8(V t[8], const V z[8]) {
    const V i0 = _mm512_set_epi64(14, 6, 12, 4, 10, 2, 8, 0);
    const V i1 = _mm512_set_epi64(15, 7, 13, 5, 11, 3, 9, 1);
    const V j0 = _mm512_set_epi64(13, 12, 5, 4, 9, 8, 1, 0);
    const V j1 = _mm512_set_epi64(15, 14, 7, 6, 11, 10, 3, 2);
    const V k0 = _mm512_set_epi64(11, 10, 9, 8, 3, 2, 1, 0);
    const V k1 = _mm512_set_epi64(15, 14, 13, 12, 7, 6, 5, 4);
    V a[8], b[8];
    /* a[2i] = (z[2i][0], z[2i+1][0], z[2i][2], z[2i+1][2], ..4.., ..6..),
     * a[2i+1] the odd words */
    for (int i = 0; i < 4; i++) {
        a[2 * i] = _mm512_permutex2var_epi64(z[2 * i], i0, z[2 * i + 1]);
        a[2 * i + 1] = _mm512_permutex2var_epi64(z[2 * i], i1, z[2 * i + 1]);
    }
    /* b: four rows per word pair: (z0..z3 of words w, w + 4) */
    for (int i = 0; i < 2; i++)
        for (int h = 0; h < 2; h++) {
            b[4 * i + 2 * h] = _mm512_permutex2var_epi64(a[4 * i + h], j0, a[4 * i + 2 + h]);
            b[4 * i + 2 * h + 1] = _mm512_permutex2var_epi64(a[4 * i + h], j1, a[4 * i + 2 + h]);
        }
    /* b[0]: z0..3 of words 0, 4; b[1]: words 2, 6; b[2]: words 1, 5; b[3]:
     * words 3, 7; b[4..7] the same for z4..7 */
    static const int wlo[4] = {0, 2, 1, 3};
    for (int h = 0; h < 4; h++) {
        t[wlo[h]] = _mm512_permutex2var_epi64(b[h], k0, b[4 + h]);
        t[wlo[h] + 4] = _mm512_permutex2var_epi64(b[h], k1, b[4 + h]);
    }
}

#endif
