/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Kernels of the row-masked product sumcheck (sc_prod.c): b pass, first fold. */
#ifndef ZP_PIOP_SC_PROD_KERN_H
#define ZP_PIOP_SC_PROD_KERN_H

#include <stddef.h>

#include "zkprov/field.h"

/** The b pass with two variables (sc_prod.c, prod_b_round with pre) on
 *  the columns [c0, c0 + cb) of rows 0 .. rows - 1 (M base and K
 *  extension tables, row stride C; cb a multiple of 4): per quad of
 *  columns (m0..m3, k0..k3), with b_j = m_{2j+1} - m_{2j}, d_j = k_{2j+1}
 *  - k_{2j} and at2(x, y) = 2 y - x, the nine sums
 *    q[0..2] of m0 k0, m1 k1, b0 d0;  q[3..5] of m2 k2, m3 k3, b1 d1;
 *    q[6..8] of at2(m0, m2) at2(k0, k2), at2(m1, m3) at2(k1, k3),
 *               at2(b0, b1) at2(d0, d1)
 *  (base times extension products), and kc[j] = sum over the rows of
 *  K[row][c0 + j] (kc overwritten).  Exact field sums: every backend gives
 *  the same values. */
typedef void (*zp_prod_bblock_fn)(zp_fe2 q[9], zp_fe2 *kc, const zp_fe *M, const zp_fe2 *K,
                                  size_t C, size_t c0, size_t cb, size_t rows);

void zp_prod_bblock_portable(zp_fe2 q[9], zp_fe2 *kc, const zp_fe *M, const zp_fe2 *K, size_t C,
                             size_t c0, size_t cb, size_t rows);
#if !defined(ZP_NO_AVX512) && ZP_FIELD_P == 0xFFFFFFFF00000001ULL /* Goldilocks kernels */
/* cb a multiple of 32. */
void zp_prod_bblock_avx512(zp_fe2 q[9], zp_fe2 *kc, const zp_fe *M, const zp_fe2 *K, size_t C,
                           size_t c0, size_t cb, size_t rows);
#endif

/** The first fold of the M and K tables after the b pass (sc_prod.c,
 *  prod_mk_fold with two pending variables, M still in the base field,
 *  and the next round's sums), on one row: for j < nc,
 *    kr[j] = sum_t w[t] kr[4 j + t],  mo[j] = sum_t w[t] mb[4 j + t]
 *  (kr in place), and over the groups of four folded values (m, k)_0..3,
 *  with bm_i = m_{2i+1} - m_{2i}, dk_i = k_{2i+1} - k_{2i}, the nine
 *  extension sums s[0..2] of m0 k0, m1 k1, bm0 dk0; s[3..5] of m2 k2,
 *  m3 k3, bm1 dk1; s[6..8] of at2(m0, m2) at2(k0, k2), at2(m1, m3)
 *  at2(k1, k3), at2(bm0, bm1) at2(dk0, dk1) (s overwritten).  nc a
 *  multiple of 4.  Exact: every backend gives the same values. */
typedef void (*zp_prod_fold4_fn)(zp_fe2 s[9], zp_fe2 *kr, zp_fe2 *mo, const zp_fe *mb, size_t nc,
                                 const zp_fe2 w[4]);

void zp_prod_fold4_row_portable(zp_fe2 s[9], zp_fe2 *kr, zp_fe2 *mo, const zp_fe *mb, size_t nc,
                                const zp_fe2 w[4]);
#if !defined(ZP_NO_AVX512) && ZP_FIELD_P == 0xFFFFFFFF00000001ULL /* Goldilocks kernels */
/* nc a multiple of 8. */
void zp_prod_fold4_row_avx512(zp_fe2 s[9], zp_fe2 *kr, zp_fe2 *mo, const zp_fe *mb, size_t nc,
                              const zp_fe2 w[4]);
#endif

/** The fold kernel for this CPU and nc (AVX-512 where present and
 *  nc % 8 == 0). */
zp_prod_fold4_fn zp_prod_fold4_best(size_t nc);

/** The AVX-512 kernels, or NULL where compiled out or this CPU lacks them
 *  (for tests that compare backends). */
zp_prod_bblock_fn zp_prod_bblock_avx512_fn(void);
zp_prod_fold4_fn zp_prod_fold4_avx512_fn(void);

/** The kernel for this CPU and block width cb (AVX-512 where present and
 *  cb % 32 == 0; ZP_FORCE_BACKEND=portable pins the portable one). */
zp_prod_bblock_fn zp_prod_bblock_best(size_t cb);

#endif
