/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Lazy weighted row sums of the commitment's coefficient matrix with AVX-512 IFMA. */
#include <immintrin.h>
#include <stdint.h>

#include "pcs/pcs_internal.h"

/* The kernel of the lazy path of zp_pcs_rowcomb (src/pcs/rs.c).  A row
 * value x and a weight limb y (both < 2^64) are split at bit 52:
 * x = x0 + 2^52 x1, y = y0 + 2^52 y1 (x1, y1 < 2^12).  vpmadd52luq /
 * vpmadd52huq add the low / high 52 bits of a 52 x 52-bit product to a
 * 64-bit lane (Intel 64 and IA-32 Architectures Software Developer's
 * Manual, vol. 2, "VPMADD52LUQ", "VPMADD52HUQ"), so
 *   x y = lo(x0 y0) + 2^52 (hi(x0 y0) + lo(x0 y1) + lo(x1 y0))
 *       + 2^104 (hi(x0 y1) + hi(x1 y0) + lo(x1 y1))
 * (x1 y1 < 2^24 has no high part) lands in three accumulators with seven
 * fused multiply-adds and no carry handling: each gets at most three
 * addends below 2^52 per row, so ZP_RC_LAZY_ROWS = 1024 rows stay below
 * 3 * 2^62 < 2^64.
 *
 * The accumulators live in memory (3 nk ZP_RC_LAZY_BLOCK words, in the
 * first-level cache) and are loaded and stored once per group of four
 * rows: the four rows' x0, x1 stay in registers and each row is read
 * front to back, four streams at a time.  Lanes past len load as 0. */
static inline __attribute__((always_inline)) void
rc_rows(uint64_t *acc, const uint64_t *wy, const uint32_t *ri, int nr, const uint32_t *pf,
        int npf, size_t nk, const zp_fe *c, size_t r0, size_t L, size_t j0, size_t len) {
    const __m512i m52 = _mm512_set1_epi64((long long)((1ull << 52) - 1));
    const zp_fe *row[4];
    const uint64_t *wr[4];
    for (int q = 0; q < nr; q++) {
        row[q] = c + (r0 + ri[q]) * L + j0;
        wr[q] = wy + 2 * nk * ri[q];
    }
    const zp_fe *next[4];
    for (int q = 0; q < npf; q++) next[q] = c + (r0 + pf[q]) * L + j0;
    for (size_t j = 0; j < len; j += 8) {
        /* the next group's rows, one line each per step: each row chunk
         * starts L words past the last, beyond the hardware prefetcher */
        for (int q = 0; q < npf; q++) _mm_prefetch((const char *)(next[q] + j), _MM_HINT_T0);
        __mmask8 mk = len - j >= 8 ? (__mmask8)0xFF : (__mmask8)((1u << (len - j)) - 1);
        __m512i x0[4], x1[4];
        for (int q = 0; q < nr; q++) {
            __m512i x = _mm512_maskz_loadu_epi64(mk, row[q] + j);
            x0[q] = _mm512_and_si512(x, m52);
            x1[q] = _mm512_srli_epi64(x, 52);
        }
        for (size_t k = 0; k < nk; k++) {
            uint64_t *a = acc + 3 * k * ZP_RC_LAZY_BLOCK + j;
            __m512i a0 = _mm512_loadu_si512((const void *)a);
            __m512i a1 = _mm512_loadu_si512((const void *)(a + ZP_RC_LAZY_BLOCK));
            __m512i a2 = _mm512_loadu_si512((const void *)(a + 2 * ZP_RC_LAZY_BLOCK));
            for (int q = 0; q < nr; q++) {
                __m512i y0 = _mm512_set1_epi64((long long)wr[q][2 * k]);
                __m512i y1 = _mm512_set1_epi64((long long)wr[q][2 * k + 1]);
                a0 = _mm512_madd52lo_epu64(a0, x0[q], y0);
                a1 = _mm512_madd52hi_epu64(a1, x0[q], y0);
                a1 = _mm512_madd52lo_epu64(a1, x0[q], y1);
                a1 = _mm512_madd52lo_epu64(a1, x1[q], y0);
                a2 = _mm512_madd52hi_epu64(a2, x0[q], y1);
                a2 = _mm512_madd52hi_epu64(a2, x1[q], y0);
                a2 = _mm512_madd52lo_epu64(a2, x1[q], y1);
            }
            _mm512_storeu_si512((void *)a, a0);
            _mm512_storeu_si512((void *)(a + ZP_RC_LAZY_BLOCK), a1);
            _mm512_storeu_si512((void *)(a + 2 * ZP_RC_LAZY_BLOCK), a2);
        }
    }
}

void zp_pcs_rowcomb_lazy_ifma(uint64_t *acc, const uint64_t *wy, const uint32_t *nzr,
                              size_t nk, const zp_fe *c, size_t r0, size_t r1, size_t L,
                              size_t j0, size_t len) {
    for (size_t i = 0; i < 3 * nk * ZP_RC_LAZY_BLOCK; i++) acc[i] = 0;
    /* the rows with a nonzero weight (public), four at a time */
    uint32_t ri[ZP_RC_LAZY_ROWS];
    size_t n = 0;
    for (size_t r = r0; r < r1; r++)
        if (nzr[r - r0]) ri[n++] = (uint32_t)(r - r0);
    size_t g = 0;
    for (; g + 4 <= n; g += 4) {
        size_t left = n - g - 4;
        rc_rows(acc, wy, ri + g, 4, ri + g + 4, left < 4 ? (int)left : 4, nk, c, r0, L, j0,
                len);
    }
    for (; g < n; g++) rc_rows(acc, wy, ri + g, 1, ri, 0, nk, c, r0, L, j0, len);
}
