/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Kernels of the multilinear helpers (mle.c): eq-weighted dot products and
 * scaled eq rows, with their backends (internal). */
#ifndef ZP_PCS_MLE_KERN_H
#define ZP_PCS_MLE_KERN_H

#include <stddef.h>

#include "zkprov/field.h"

/* Largest block of one dot product: 2^10 entries (the bound on the lazy
 * accumulators of mle_dot_avx512.c and the eq tables on mle.c's stack). */
#define ZP_MLE_DOT_MAX 1024

/** sum_{i < B} f[i] e[i] over F x K (f base) or K x K (f2), exact: every
 *  backend gives the same canonical value.  B <= ZP_MLE_DOT_MAX. */
typedef zp_fe2 (*zp_mle_dot_fn)(const zp_fe *f, const zp_fe2 *e, size_t B);
typedef zp_fe2 (*zp_mle_dot2_fn)(const zp_fe2 *f, const zp_fe2 *e, size_t B);
/** out[i] = src[i] h over K for i < m (out == src allowed). */
typedef void (*zp_mle_scale_fn)(zp_fe2 *out, const zp_fe2 *src, size_t m, zp_fe2 h);

#if !defined(ZP_NO_AVX512) && ZP_FIELD_P == 0xFFFFFFFF00000001ULL /* Goldilocks kernels */
/* AVX-512 IFMA (mle_dot_avx512.c): B a multiple of 8. */
zp_fe2 zp_mle_dot_ifma(const zp_fe *f, const zp_fe2 *e, size_t B);
zp_fe2 zp_mle_dot2_ifma(const zp_fe2 *f, const zp_fe2 *e, size_t B);
/* AVX-512F (mle_eq_avx512.c): m a multiple of 8. */
void zp_mle_scale_avx512(zp_fe2 *out, const zp_fe2 *src, size_t m, zp_fe2 h);
#endif

/* Backends of zp_eq_table / zp_mle_eval / zp_mle_eval2, for the tests and
 * benchmarks that compare them:
 *   ZP_MLE_AUTO      the vector kernels this CPU has (AVX-512 IFMA dot
 *                    products, AVX-512F eq rows; ZP_FORCE_BACKEND=portable
 *                    gives the portable ones), what the public calls use;
 *   ZP_MLE_PORTABLE  the same algorithm in portable C;
 *   ZP_MLE_FOLD      the reference: eq tables level by level and
 *                    evaluation by folding one variable at a time.
 * Exact field arithmetic: all three give the same values. */
enum { ZP_MLE_AUTO = 0, ZP_MLE_PORTABLE = 1, ZP_MLE_FOLD = 2 };

/** The kernels a backend uses (dot: F x K, dot2: K x K, scale: eq rows);
 *  for the tests that compare them with the portable ones. */
void zp_mle_kernels(zp_mle_dot_fn *dot, zp_mle_dot2_fn *dot2, zp_mle_scale_fn *scale,
                    int backend);
/** zp_eq_table by the given backend. */
void zp_eq_table_backend(zp_fe2 *out, const zp_fe2 *z, unsigned n, int backend);
/** zp_mle_eval (fb != NULL) or zp_mle_eval2 (fe) by the given backend;
 *  (0, 0) on bad arguments as they. */
zp_fe2 zp_mle_eval_backend(const zp_fe *fb, const zp_fe2 *fe, const zp_fe2 *z, unsigned n,
                           int backend);

#endif
