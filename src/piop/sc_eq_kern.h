/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Kernels of the eq-weighted zero-check prover (sc_eq.c): the fused b pass. */
#ifndef ZP_PIOP_SC_EQ_KERN_H
#define ZP_PIOP_SC_EQ_KERN_H

#include <stddef.h>
#include <stdint.h>

#include "zkprov/field.h"
#include "zkprov/piop.h"

/* A degree-1 term on V (the merged linear table, summed in v[] instead). */
#define ZP_EQ_ON_V 0xFFFFFFFFu

/** The inputs of the fused b pass (sc_eq.c, b_pass_fused): E_0, the folded
 *  tables over F with their F masks (m NULL: public; ml the period, a power
 *  of two >= 2), V over K with its K mask of period vl (v NULL: no V), and
 *  the terms: a1 (positions in t, or ZP_EQ_ON_V), a2/b2 (positions in t). */
typedef struct {
    const zp_fe2 *E0;
    size_t nb;
    const zp_fe *t[ZP_SC_MAX_TABLES];
    const zp_fe *m[ZP_SC_MAX_TABLES];
    size_t ml[ZP_SC_MAX_TABLES];
    const zp_fe2 *v, *vm;
    size_t vl;
    size_t n1, n2;
    uint32_t a1[ZP_SC_MAX_TERMS + 1], a2[ZP_SC_MAX_TERMS], b2[ZP_SC_MAX_TERMS];
} zp_eq_bpass_args;

/** The sums over pairs y of the b pass, e = E_0[y], x = 2y, with T, d =
 *  R - T (0 if public) at x (T, d) and at x + 1 (U, F):
 *    l[t] = sum e T_a, sum e d_a, sum e F_a       (a = a1[t], not on V)
 *    p[t] = sum e of  U_a F_b + F_a U_b,  F_a F_b,  T_a T_b,
 *           T_a d_b + d_a T_b,  d_a d_b,  X_a X_b,  X_a Y_b + Y_a X_b,
 *           Y_a Y_b   (X = U - T, Y = F - d; a = a2[t], b = b2[t])
 *    v    = sum e V(x), sum e (R_V(x) - V(x)), sum e (R_V(x+1) - V(x+1))
 *  Over F x K the sums e y are (e.c0 y, e.c1 y); v are products in K.
 *  Exact field sums: every backend gives the same values. */
typedef struct {
    zp_fe2 l[ZP_SC_MAX_TERMS + 1][3];
    zp_fe2 p[ZP_SC_MAX_TERMS][8];
    zp_fe2 v[3];
} zp_eq_bpass_sums;

/** The sums over the pairs y0 <= y < y1 (out overwritten: l[t] for
 *  t < n1, p[t] for t < n2, v). */
typedef void (*zp_eq_bpass_fn)(zp_eq_bpass_sums *out, const zp_eq_bpass_args *a, size_t y0,
                               size_t y1);

void zp_eq_bpass_portable(zp_eq_bpass_sums *out, const zp_eq_bpass_args *a, size_t y0,
                          size_t y1);
#if !defined(ZP_NO_AVX512) && ZP_FIELD_P == 0xFFFFFFFF00000001ULL /* Goldilocks kernels */
/* y0 and y1 multiples of 8; every mask period (ml, vl) >= 16. */
void zp_eq_bpass_avx512(zp_eq_bpass_sums *out, const zp_eq_bpass_args *a, size_t y0, size_t y1);
#endif

/** The AVX-512 kernel, or NULL where compiled out or this CPU lacks it
 *  (for tests that compare backends). */
zp_eq_bpass_fn zp_eq_bpass_avx512_fn(void);

/** The kernel for this CPU and these arguments over blocks of a multiple
 *  of 8 pairs when step % 8 == 0 (AVX-512 where present and the periods
 *  allow; ZP_FORCE_BACKEND=portable pins the portable one). */
zp_eq_bpass_fn zp_eq_bpass_best(const zp_eq_bpass_args *a, size_t step);

/* Table kinds of the fold kernel. */
enum {
    ZP_EQ_F_PUB, /* first fold: values over F, no mask */
    ZP_EQ_F_BM,  /* first fold: values over F, F mask of period ml */
    ZP_EQ_F_XM,  /* first fold: values over K, K mask of period ml */
    ZP_EQ_F_SRC  /* a later fold: the folded values over K in src */
};

/** The inputs of an x round i >= 1 (sc_eq.c, eval_pairs with fold, r_i !=
 *  0): E = E_i, the active tables (kind, values tb or tx, masks mb or mx
 *  of period ml, or src; dst the folded values; wt: E-weighted), the
 *  challenges rb, rf, and the terms: a1 (positions), a2/b2. */
typedef struct {
    const zp_fe2 *E;
    size_t nq;
    unsigned char kind[ZP_SC_MAX_TABLES + 1], wt[ZP_SC_MAX_TABLES + 1];
    const zp_fe *tb[ZP_SC_MAX_TABLES + 1], *mb[ZP_SC_MAX_TABLES + 1];
    const zp_fe2 *tx[ZP_SC_MAX_TABLES + 1], *mx[ZP_SC_MAX_TABLES + 1];
    size_t ml[ZP_SC_MAX_TABLES + 1];
    const zp_fe2 *src[ZP_SC_MAX_TABLES + 1];
    zp_fe2 *dst[ZP_SC_MAX_TABLES + 1];
    zp_fe2 rb, rf;
    size_t n1, n2;
    uint32_t a1[ZP_SC_MAX_TERMS + 1], a2[ZP_SC_MAX_TERMS], b2[ZP_SC_MAX_TERMS];
} zp_eq_xfold_args;

/** Over the pairs y0 <= y < y1 (multiples of 8; masks of period >= 32):
 *  with B(x) = T(x) + rb (R(x mod ml) - T(x)) (T at x = src[x] for
 *  ZP_EQ_F_SRC, which takes rb = 0 and no mask), the folds
 *  dst[2y + h] = B(4y + 2h) + rf (B(4y + 2h + 1) - B(4y + 2h)) (h = 0, 1;
 *  lo = dst[2y], dl = dst[2y + 1] - dst[2y]) and with e = E[y] the sums
 *    l0[t] = sum e lo_a,  q0[t] = sum (e lo_a) lo_b,  qi[t] = sum (e dl_a) dl_b
 *  (a = a1[t], or a = a2[t], b = b2[t]; out overwritten for t < n1, n2).
 *  Exact field values: the same as sc_eq.c's portable rounds. */
typedef struct {
    zp_fe2 l0[ZP_SC_MAX_TERMS + 1], q0[ZP_SC_MAX_TERMS], qi[ZP_SC_MAX_TERMS];
} zp_eq_xfold_sums;

#if !defined(ZP_NO_AVX512) && ZP_FIELD_P == 0xFFFFFFFF00000001ULL /* Goldilocks kernels */
void zp_eq_xfold_avx512(zp_eq_xfold_sums *out, const zp_eq_xfold_args *a, size_t y0, size_t y1);
#endif

/** The AVX-512 fold kernel, or NULL where compiled out or this CPU lacks
 *  it (ZP_FORCE_BACKEND=portable gives NULL). */
typedef void (*zp_eq_xfold_fn)(zp_eq_xfold_sums *out, const zp_eq_xfold_args *a, size_t y0,
                               size_t y1);
zp_eq_xfold_fn zp_eq_xfold_avx512_fn(void);

/** Linear combinations over F x K (sc_eq.c, build_v): for x0 <= x < x1,
 *  out[x] = sum_m c[m] src[m][x mod per[m]] (per[m] powers of two >= 8;
 *  x0, x1 multiples of 8).  Exact: as the portable sums. */
typedef void (*zp_eq_lincomb_fn)(zp_fe2 *out, const zp_fe *const *src, const size_t *per,
                                 const zp_fe2 *c, size_t nm, size_t x0, size_t x1);
/** Weighted sums (sc_eq.c, t_at_point): out[q] = sum_{x0 <= x < x1} e[x]
 *  src[q][x] for q < nf (x0, x1 multiples of 8; out overwritten). */
typedef void (*zp_eq_dots_fn)(zp_fe2 *out, const zp_fe2 *e, const zp_fe *const *src, size_t nf,
                              size_t x0, size_t x1);
#if !defined(ZP_NO_AVX512) && ZP_FIELD_P == 0xFFFFFFFF00000001ULL /* Goldilocks kernels */
void zp_eq_lincomb_avx512(zp_fe2 *out, const zp_fe *const *src, const size_t *per,
                          const zp_fe2 *c, size_t nm, size_t x0, size_t x1);
void zp_eq_dots_avx512(zp_fe2 *out, const zp_fe2 *e, const zp_fe *const *src, size_t nf,
                       size_t x0, size_t x1);
#endif
/** The AVX-512 kernels, or NULL where compiled out or this CPU lacks them
 *  (ZP_FORCE_BACKEND=portable gives NULL). */
zp_eq_lincomb_fn zp_eq_lincomb_avx512_fn(void);
zp_eq_dots_fn zp_eq_dots_avx512_fn(void);

#endif
