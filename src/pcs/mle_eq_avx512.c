/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Rows of the eq tables (mle.c) on 8 lanes (AVX-512F): a row times a constant. */
#include <immintrin.h>
#include <stdint.h>

#include "field/gl.h"
#include "pcs/mle_kern.h"

#include "field/gl_avx512.h"

/* out[i] = src[i] h for 8 values per step: with a = a0 + a1 u, h = h0 +
 * h1 u (u^2 = 7), a h = (a0 h0 + a1 (7 h1)) + (a0 h1 + a1 h0) u, four
 * lane products against broadcast constants (their high halves hoisted).
 * Exact: the canonical values of gl2_mul. */
void zp_mle_scale_avx512(zp_fe2 *out, const zp_fe2 *src, size_t m, zp_fe2 h) {
    const V ie = _mm512_set_epi64(14, 12, 10, 8, 6, 4, 2, 0);
    const V io = _mm512_set_epi64(15, 13, 11, 9, 7, 5, 3, 1);
    const V il = _mm512_set_epi64(11, 3, 10, 2, 9, 1, 8, 0);
    const V ih = _mm512_set_epi64(15, 7, 14, 6, 13, 5, 12, 4);
    const V h0 = _mm512_set1_epi64((long long)h.c0), h1 = _mm512_set1_epi64((long long)h.c1);
    const V h7 = _mm512_set1_epi64((long long)gl_mul7(h.c1));
    const V h0h = _mm512_srli_epi64(h0, 32), h1h = _mm512_srli_epi64(h1, 32),
            h7h = _mm512_srli_epi64(h7, 32);
    for (size_t i = 0; i < m; i += 8) {
        V w0 = _mm512_loadu_si512((const void *)(src + i));
        V w1 = _mm512_loadu_si512((const void *)(src + i + 4));
        V a0 = _mm512_permutex2var_epi64(w0, ie, w1);
        V a1 = _mm512_permutex2var_epi64(w0, io, w1);
        V c0 = addp(gl512_mul(a0, h0, h0h), gl512_mul(a1, h7, h7h));
        V c1 = addp(gl512_mul(a0, h1, h1h), gl512_mul(a1, h0, h0h));
        _mm512_storeu_si512((void *)(out + i), _mm512_permutex2var_epi64(c0, il, c1));
        _mm512_storeu_si512((void *)(out + i + 4), _mm512_permutex2var_epi64(c0, ih, c1));
    }
}
