/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * The claim reduction's K-table kernel on 8 lanes (AVX-512), tested
 * value for value against zp_red_chunk_portable. */
#include <immintrin.h>

#include "field/gl.h"
#include "zkp_red.h"

/* Goldilocks only (the products below reduce mod 2^64 - 2^32 + 1). */
#if ZP_FIELD_P == 0xFFFFFFFF00000001ULL

#include "field/gl_avx512.h"

/* lo += a (mod 2^64), hi += carry: a sum of canonical products as
 * hi 2^64 + lo. */
static inline void acc_add(V *lo, V *hi, V a) {
    *lo = _mm512_add_epi64(*lo, a);
    *hi = _mm512_mask_add_epi64(*hi, _mm512_cmplt_epu64_mask(*lo, a), *hi, _mm512_set1_epi64(1));
}

/* Word masks (two 64-bit words per pair) of the pairs of mask k: pairs
 * 0..3 in *a, 4..7 in *b. */
static inline void pair_masks(unsigned k, __mmask8 *a, __mmask8 *b) {
    *a = (__mmask8)(_pdep_u32(k & 0xfu, 0x55u) * 3u);
    *b = (__mmask8)(_pdep_u32((k >> 4) & 0xfu, 0x55u) * 3u);
}

/* Eight columns at a time, every term in registers: per column four sums
 * (c0: w0 b0 and 7 w1 b1; c1: w0 b1 and w1 b0) of canonical products,
 * each as a 64-bit word and a carry count (at most 2 nt carries per
 * limb, nt < 2^30), reduced once and interleaved into (c0, c1) pairs.
 * b[col] is read as 8 (c0, c1) pairs and split into limbs; columns a term
 * does not cover are masked off (read as zero, adding zero). */
void zp_red_chunk_avx512(zp_fe2 *out, size_t j0, size_t j1, const zp_red_term *t, size_t nt) {
    const V ev = _mm512_set_epi64(14, 12, 10, 8, 6, 4, 2, 0);
    const V od = _mm512_set_epi64(15, 13, 11, 9, 7, 5, 3, 1);
    const V ia = _mm512_set_epi64(11, 3, 10, 2, 9, 1, 8, 0);
    const V ib = _mm512_set_epi64(15, 7, 14, 6, 13, 5, 12, 4);
    uint64_t *dst = (uint64_t *)out;
    for (size_t g = j0; g < j1; g += 8) {
        const size_t ge = j1 - g < 8 ? j1 : g + 8;
        V l0 = _mm512_setzero_si512(), h0 = l0, l1 = l0, h1 = l0;
        for (size_t i = 0; i < nt; i++) {
            const size_t lo = t[i].lo > g ? t[i].lo : g, hi = t[i].hi < ge ? t[i].hi : ge;
            if (lo >= hi) continue;
            const unsigned k = ((1u << (hi - g)) - 1) & ~((1u << (lo - g)) - 1);
            __mmask8 ka, kb;
            pair_masks(k, &ka, &kb);
            const uint64_t *b = (const uint64_t *)t[i].b + 2 * g;
            const V xa = _mm512_maskz_loadu_epi64(ka, b);
            const V xb = _mm512_maskz_loadu_epi64(kb, b + 8);
            const V b0 = _mm512_permutex2var_epi64(xa, ev, xb);
            const V b1 = _mm512_permutex2var_epi64(xa, od, xb);
            const zp_fe2 ww = t[i].w;
            const V w0 = _mm512_set1_epi64((long long)ww.c0);
            const V w1 = _mm512_set1_epi64((long long)ww.c1);
            const V w7 = _mm512_set1_epi64((long long)gl_mul7(ww.c1));
            const V w0h = _mm512_srli_epi64(w0, 32);
            acc_add(&l0, &h0, gl512_mul(b0, w0, w0h));
            acc_add(&l0, &h0, gl512_mul(b1, w7, _mm512_srli_epi64(w7, 32)));
            acc_add(&l1, &h1, gl512_mul(b1, w0, w0h));
            acc_add(&l1, &h1, gl512_mul(b0, w1, _mm512_srli_epi64(w1, 32)));
        }
        const V c0 = acc_red(l0, h0), c1 = acc_red(l1, h1);
        const V pa = _mm512_permutex2var_epi64(c0, ia, c1);
        const V pb = _mm512_permutex2var_epi64(c0, ib, c1);
        __mmask8 ka, kb;
        pair_masks((1u << (ge - g)) - 1, &ka, &kb);
        _mm512_mask_storeu_epi64(dst + 2 * (g - j0), ka, pa);
        _mm512_mask_storeu_epi64(dst + 2 * (g - j0) + 8, kb, pb);
    }
}

#endif
