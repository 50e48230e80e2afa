/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Integer product kernels of the training-step witness (prove_train.c). */
#ifndef ZP_ZKML_WIT_KERN_H
#define ZP_ZKML_WIT_KERN_H

#include <stddef.h>
#include <stdint.h>

/* Both kernels compute sums of products of signed 64-bit integers modulo
 * 2^64 (two's complement, no undefined overflow): where the true sum fits
 * in 63 bits, as every sum of the witness does (the no-wrap bounds of
 * docs/spec/train-step.md), it is the exact integer, and every backend
 * gives the same words whatever the order of its additions.  Neither
 * branches on nor indexes by the values (constant time). */

/** Forward block: acc[r] = sum_{k < nk} w[k] x[k stride + r] for r < nb
 *  (x holds nk rows of at least nb values, `stride` apart). */
typedef void (*zp_wit_colsum_fn)(int64_t *acc, const int64_t *w, size_t nk, const int64_t *x,
                                 size_t stride, size_t nb);

/** Backward block: out[k] = sum_{r < n} g[r] x[k stride + r] for k < nk. */
typedef void (*zp_wit_dots_fn)(int64_t *out, const int64_t *g, size_t n, const int64_t *x,
                               size_t stride, size_t nk);

/** Table reads: out[q] = t[idx[q]] for q < m, each by a scan of all n
 *  entries (idx[q] < n is witness: no index by it).  As zp_fx_lookup. */
typedef void (*zp_wit_lookup_fn)(int64_t *out, const int64_t *t, size_t n, const int64_t *idx,
                                 size_t m);

void zp_wit_colsum_portable(int64_t *acc, const int64_t *w, size_t nk, const int64_t *x,
                            size_t stride, size_t nb);
void zp_wit_dots_portable(int64_t *out, const int64_t *g, size_t n, const int64_t *x,
                          size_t stride, size_t nk);
void zp_wit_lookup_portable(int64_t *out, const int64_t *t, size_t n, const int64_t *idx,
                            size_t m);
#if !defined(ZP_NO_AVX512)
void zp_wit_colsum_avx512(int64_t *acc, const int64_t *w, size_t nk, const int64_t *x,
                          size_t stride, size_t nb);
void zp_wit_dots_avx512(int64_t *out, const int64_t *g, size_t n, const int64_t *x,
                        size_t stride, size_t nk);
void zp_wit_lookup_avx512(int64_t *out, const int64_t *t, size_t n, const int64_t *idx,
                          size_t m);
#endif

/** The kernels for this CPU (AVX-512 where present, else portable;
 *  ZP_FORCE_BACKEND=portable pins the portable ones). */
zp_wit_colsum_fn zp_wit_colsum_best(void);
zp_wit_dots_fn zp_wit_dots_best(void);
zp_wit_lookup_fn zp_wit_lookup_best(void);

/** The AVX-512 kernels, or NULL where compiled out or this CPU lacks them
 *  (for tests that compare backends). */
zp_wit_colsum_fn zp_wit_colsum_avx512_fn(void);
zp_wit_dots_fn zp_wit_dots_avx512_fn(void);
zp_wit_lookup_fn zp_wit_lookup_avx512_fn(void);

#endif
