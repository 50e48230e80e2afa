/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Internal interface of the NTT: twiddle tables, per-backend kernels. */
#ifndef ZP_FIELD_NTT_INTERNAL_H
#define ZP_FIELD_NTT_INTERNAL_H

#include <stddef.h>

#include "zkprov/field.h"

/*
 * Layout (see docs/spec/ntt.md).  The forward transform is the
 * Cooley-Tukey "block constant twiddle" form: level s (0-based) splits each
 * of the 2^s blocks of size m = 2^lm into halves x, y and maps
 * (x, y) -> (x + c*y, x - c*y) with one constant c = R[b] per block b.
 * R[b] = w_{2^(s+1)}^{rev_s(b)} does not depend on s or on n (for b < 2^s),
 * so one table R serves every level and every size; Rinv[b] = R[b]^-1.
 * Natural order in, bit-reversed order out; the inverse (Gentleman-Sande,
 * (x, y) -> (x + y, (x - y)*Rinv[b])) takes bit-reversed order to natural.
 *
 * A block kernel receives a pointer to a block of 2^lm elements and its
 * index b among the blocks of that size (the twiddle of its first level is
 * R[b], of the sub-blocks of level l inside it R[(b << l) + u]).
 */

/* Twiddle tables covering transforms of up to 2^log_n points (R and Rinv,
 * 2^(log_n-1) entries each, at least 1).  Thread-safe; the returned
 * pointers stay valid for the life of the process.  Returns ZP_ERR_NOMEM
 * if the tables cannot be grown. */
zp_err zp_ntt_twiddles(unsigned log_n, const zp_fe **fwd, const zp_fe **inv);

/* Top r (1..3) levels of a block, for j in [j0, j1) (j < 2^(lm-r)). */
void zp_ntt_fwd_levels_portable(zp_fe *a, unsigned lm, size_t b, unsigned r,
                                size_t j0, size_t j1, const zp_fe *tw);
void zp_ntt_inv_levels_portable(zp_fe *a, unsigned lm, size_t b, unsigned r,
                                size_t j0, size_t j1, const zp_fe *tw);
/* The first r (1..3) forward levels of a block of 2^lm that starts as the
 * zero-padded products c[i] * T[i] (i < nc <= 2^lm; T: powers of the coset
 * shift), for j in [j0, j1): writes a[j + t 2^(lm-r)] (t < 2^r) with the
 * values fwd_levels would give on that block.  Reads c and T only. */
void zp_ntt_lde_levels_portable(zp_fe *a, unsigned lm, size_t b, unsigned r, size_t j0,
                                size_t j1, const zp_fe *tw, const zp_fe *c, const zp_fe *T,
                                size_t nc);
/* All levels of a block (forward: natural -> bit-reversed). */
void zp_ntt_fwd_block_portable(zp_fe *a, unsigned lm, size_t b, const zp_fe *tw);
void zp_ntt_inv_block_portable(zp_fe *a, unsigned lm, size_t b, const zp_fe *tw);

#ifndef ZP_NO_AVX512
/* Same contracts; j0, j1 multiples of 8 and 2^(lm-r) >= 8 (else they
 * fall back to the portable kernels). */
void zp_ntt_fwd_levels_avx512(zp_fe *a, unsigned lm, size_t b, unsigned r,
                              size_t j0, size_t j1, const zp_fe *tw);
void zp_ntt_inv_levels_avx512(zp_fe *a, unsigned lm, size_t b, unsigned r,
                              size_t j0, size_t j1, const zp_fe *tw);
void zp_ntt_lde_levels_avx512(zp_fe *a, unsigned lm, size_t b, unsigned r, size_t j0,
                              size_t j1, const zp_fe *tw, const zp_fe *c, const zp_fe *T,
                              size_t nc);
void zp_ntt_fwd_block_avx512(zp_fe *a, unsigned lm, size_t b, const zp_fe *tw);
void zp_ntt_inv_block_avx512(zp_fe *a, unsigned lm, size_t b, const zp_fe *tw);
/* Bit reversal of a 2^L array (L >= 6), 8x8 tiles m in [m0, m1) and their
 * partners rev(m) >= m, each element times s (s = 1: plain). */
void zp_ntt_bitrev_tiles_avx512(zp_fe *a, unsigned L, size_t m0, size_t m1, zp_fe s);
/* out[j] = c[j] * p0 * s^j for j < n (canonical, as the portable
 * scale_powers of ntt.c); out and c may be equal. */
void zp_ntt_scale_powers_avx512(zp_fe *out, const zp_fe *c, size_t n, zp_fe p0, zp_fe s);
/* out[j] = x[j] * 2^k for k in {24, 48, 72} (any other k reads as 72) by
 * the shift-only products of the radix-8 passes (tests); x[j] < 2^64,
 * outputs canonical. */
void zp_ntt_mul_pow2_avx512(zp_fe *out, const zp_fe *x, size_t n, unsigned k);
#endif

/* Backend choice for the entry points below. */
enum { ZP_NTT_PORTABLE = 0, ZP_NTT_AVX512 = 1 };
/* Returns: ZP_NTT_AVX512 if this CPU and build run the AVX-512 kernels
 * (and ZP_FORCE_BACKEND does not pin portable), else ZP_NTT_PORTABLE. */
int zp_ntt_default_backend(void);
/* The public transforms with an explicit backend (tests, benchmarks).
 * Asking for ZP_NTT_AVX512 where it is unavailable runs the portable one. */
zp_err zp_ntt_forward_backend(zp_fe *a, unsigned log_n, int backend);
zp_err zp_ntt_inverse_backend(zp_fe *a, unsigned log_n, int backend);
/* Powers 1, g, g^2, .. of g = ZP_FIELD_GENERATOR (the PCS coset shift),
 * at least n of them: a process-wide table, computed once and shared
 * (thread-safe, valid for the life of the process).  NULL if n exceeds
 * 2^ZP_NTT_POW_MAX_LOG or the table cannot be grown.  The LDE uses it up
 * to 2^ZP_NTT_POW_MAX_LOG points (the PCS rows, inside L2); larger ones
 * scale by power chains. */
#define ZP_NTT_POW_MAX_LOG 17
const zp_fe *zp_ntt_gen_powers(size_t n);
zp_err zp_ntt_coset_lde_backend(zp_fe *out, unsigned log_n_out,
                                const zp_fe *coeffs, size_t n_coeffs,
                                zp_fe shift, int backend);

#endif
