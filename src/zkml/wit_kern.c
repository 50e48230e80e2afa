/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Integer product kernels of the training-step witness: the portable
 * reference and the choice of backend (wit_kern.h). */
#include "common/cpu.h"
#include "wit_kern.h"
#include "zkprov/zkml.h"

/* Unsigned arithmetic: the sums wrap modulo 2^64 by definition. */
void zp_wit_colsum_portable(int64_t *acc, const int64_t *w, size_t nk, const int64_t *x,
                            size_t stride, size_t nb) {
    for (size_t r = 0; r < nb; r++) acc[r] = 0;
    for (size_t k = 0; k < nk; k++) {
        const uint64_t wk = (uint64_t)w[k];
        const int64_t *xk = x + k * stride;
        for (size_t r = 0; r < nb; r++) acc[r] = (int64_t)((uint64_t)acc[r] + wk * (uint64_t)xk[r]);
    }
}

void zp_wit_dots_portable(int64_t *out, const int64_t *g, size_t n, const int64_t *x,
                          size_t stride, size_t nk) {
    for (size_t k = 0; k < nk; k++) {
        const int64_t *xk = x + k * stride;
        uint64_t s = 0;
        for (size_t r = 0; r < n; r++) s += (uint64_t)g[r] * (uint64_t)xk[r];
        out[k] = (int64_t)s;
    }
}

void zp_wit_lookup_portable(int64_t *out, const int64_t *t, size_t n, const int64_t *idx,
                            size_t m) {
    for (size_t q = 0; q < m; q++) out[q] = zp_fx_lookup(t, n, (size_t)idx[q]);
}

zp_wit_colsum_fn zp_wit_colsum_avx512_fn(void) {
#if !defined(ZP_NO_AVX512)
    if (zp_cpu_features() & ZP_CPU_AVX512F) return zp_wit_colsum_avx512; /* with DQ: vpmullq */
#endif
    return NULL;
}

zp_wit_dots_fn zp_wit_dots_avx512_fn(void) {
#if !defined(ZP_NO_AVX512)
    if (zp_cpu_features() & ZP_CPU_AVX512F) return zp_wit_dots_avx512;
#endif
    return NULL;
}

zp_wit_lookup_fn zp_wit_lookup_avx512_fn(void) {
#if !defined(ZP_NO_AVX512)
    if (zp_cpu_features() & ZP_CPU_AVX512F) return zp_wit_lookup_avx512;
#endif
    return NULL;
}

zp_wit_colsum_fn zp_wit_colsum_best(void) {
    zp_wit_colsum_fn f = zp_wit_colsum_avx512_fn();
    return f ? f : zp_wit_colsum_portable;
}

zp_wit_dots_fn zp_wit_dots_best(void) {
    zp_wit_dots_fn f = zp_wit_dots_avx512_fn();
    return f ? f : zp_wit_dots_portable;
}

zp_wit_lookup_fn zp_wit_lookup_best(void) {
    zp_wit_lookup_fn f = zp_wit_lookup_avx512_fn();
    return f ? f : zp_wit_lookup_portable;
}
