/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Integer product kernels of the training-step witness on 8 lanes
 * (AVX-512F/DQ: vpmullq, the low 64 bits of each product), tested word
 * for word against the portable ones (wit_kern.c). */
#include <immintrin.h>

#include "wit_kern.h"

/* Lanes of the last vector of a row of n values (n > 0). */
static inline __mmask8 tail_mask(size_t n) {
    const size_t t = n & 7;
    return (__mmask8)(t ? (1u << t) - 1 : 0xffu);
}

/* Up to 64 columns at a time, their sums in 8 registers; masked loads
 * read no byte past a row's nb values. */
void zp_wit_colsum_avx512(int64_t *acc, const int64_t *w, size_t nk, const int64_t *x,
                          size_t stride, size_t nb) {
    for (size_t r0 = 0; r0 < nb; r0 += 64) {
        const size_t cnt = nb - r0 < 64 ? nb - r0 : 64, nv = (cnt + 7) / 8;
        __mmask8 m[8];
        for (size_t v = 0; v < 8; v++)
            m[v] = v + 1 < nv ? (__mmask8)0xff : v + 1 == nv ? tail_mask(cnt) : (__mmask8)0;
        __m512i s[8];
        for (size_t v = 0; v < 8; v++) s[v] = _mm512_setzero_si512();
        for (size_t k = 0; k < nk; k++) {
            const __m512i wk = _mm512_set1_epi64(w[k]);
            const int64_t *xk = x + k * stride + r0;
            for (size_t v = 0; v < 8; v++)
                s[v] = _mm512_add_epi64(
                    s[v], _mm512_mullo_epi64(wk, _mm512_maskz_loadu_epi64(m[v], xk + 8 * v)));
        }
        for (size_t v = 0; v < nv; v++) _mm512_mask_storeu_epi64(acc + r0 + 8 * v, m[v], s[v]);
    }
}

/* The lane sum mod 2^64 (the kernels wrap as the portable ones do):
 * vector adds, which wrap, then unsigned adds of the last lanes.  (GCC's
 * _mm512_reduce_add_epi64 adds as signed long long in C, undefined on
 * overflow: UBSan reports it.) */
static inline int64_t hsum_wrap(__m512i v) {
    const __m256i h = _mm256_add_epi64(_mm512_castsi512_si256(v), _mm512_extracti64x4_epi64(v, 1));
    const __m128i q = _mm_add_epi64(_mm256_castsi256_si128(h), _mm256_extracti128_si256(h, 1));
    const uint64_t lo = (uint64_t)_mm_cvtsi128_si64(q), hi = (uint64_t)_mm_extract_epi64(q, 1);
    return (int64_t)(lo + hi);
}

/* Four rows at a time against the same g. */
void zp_wit_dots_avx512(int64_t *out, const int64_t *g, size_t n, const int64_t *x,
                        size_t stride, size_t nk) {
    const __mmask8 mt = tail_mask(n);
    size_t k = 0;
    for (; k + 4 <= nk; k += 4) {
        const int64_t *x0 = x + k * stride, *x1 = x0 + stride, *x2 = x1 + stride,
                      *x3 = x2 + stride;
        __m512i s0 = _mm512_setzero_si512(), s1 = s0, s2 = s0, s3 = s0;
        for (size_t r = 0; r < n; r += 8) {
            const __mmask8 mr = r + 8 <= n ? (__mmask8)0xff : mt;
            const __m512i gv = _mm512_maskz_loadu_epi64(mr, g + r);
            s0 = _mm512_add_epi64(s0, _mm512_mullo_epi64(gv, _mm512_maskz_loadu_epi64(mr, x0 + r)));
            s1 = _mm512_add_epi64(s1, _mm512_mullo_epi64(gv, _mm512_maskz_loadu_epi64(mr, x1 + r)));
            s2 = _mm512_add_epi64(s2, _mm512_mullo_epi64(gv, _mm512_maskz_loadu_epi64(mr, x2 + r)));
            s3 = _mm512_add_epi64(s3, _mm512_mullo_epi64(gv, _mm512_maskz_loadu_epi64(mr, x3 + r)));
        }
        out[k] = hsum_wrap(s0);
        out[k + 1] = hsum_wrap(s1);
        out[k + 2] = hsum_wrap(s2);
        out[k + 3] = hsum_wrap(s3);
    }
    for (; k < nk; k++) {
        const int64_t *xk = x + k * stride;
        __m512i s = _mm512_setzero_si512();
        for (size_t r = 0; r < n; r += 8) {
            const __mmask8 mr = r + 8 <= n ? (__mmask8)0xff : mt;
            s = _mm512_add_epi64(s, _mm512_mullo_epi64(_mm512_maskz_loadu_epi64(mr, g + r),
                                                       _mm512_maskz_loadu_epi64(mr, xk + r)));
        }
        out[k] = hsum_wrap(s);
    }
}

/* Eight entries a time, every entry loaded (the load mask is public): a
 * lane keeps its entry where its position equals the index (vpcmpeqq into
 * a mask, a zero-masked move: no branch, no index by the value); the lanes
 * are or-ed, at most one of them non-zero. */
void zp_wit_lookup_avx512(int64_t *out, const int64_t *t, size_t n, const int64_t *idx,
                          size_t m) {
    const __m512i step = _mm512_set1_epi64(8), iota = _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0);
    const __mmask8 mt = tail_mask(n);
    for (size_t q = 0; q < m; q++) {
        const __m512i iq = _mm512_set1_epi64(idx[q]);
        __m512i pos = iota, acc = _mm512_setzero_si512();
        for (size_t k = 0; k < n; k += 8) {
            const __mmask8 mk = k + 8 <= n ? (__mmask8)0xff : mt;
            const __m512i v = _mm512_maskz_loadu_epi64(mk, t + k);
            const __mmask8 hit = _mm512_mask_cmpeq_epi64_mask(mk, pos, iq);
            acc = _mm512_or_si512(acc, _mm512_maskz_mov_epi64(hit, v));
            pos = _mm512_add_epi64(pos, step);
        }
        out[q] = (int64_t)_mm512_reduce_or_epi64(acc);
    }
}
