/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Block kernels of the batched LogUp sumcheck for K = 2 .. 6 (zkp_lookup_sc.c). */
#ifndef ZP_ZKML_ZKP_LOOKUP_KERN_H
#define ZP_ZKML_ZKP_LOOKUP_KERN_H

#include <stddef.h>

#include "zkprov/field.h"

/* The tables of one round: T[0] = H, T[1 .. K] = Q_0 .. Q_(K-1)
 * (extension; K = 2 .. ZP_LB_KERN_MAXK blocks), R[c] their masks, of
 * period ml[c] + 1 (a power of two); K: the blocks, read by the K = 3 ..
 * ZP_LB_KERN_MAXK kernels (the K = 2 ones ignore it).
 * tq (the range lookup's inputs: the b round and round 0 only): the Q
 * tables come from the stacked limbs and their public tags instead, and
 * T[1 .. K], R[1 .. K] are not read:
 *   Q_j(x) = qc[tg[j][x] & 15] - L[j][x],  R_Q,j(y) = beta - RL[j][y]
 * (qc[c & 15] = beta - gamma c for the tags c = 1 .. 16; docs/spec/logup.md
 * "Helpers from the table side"): 9 bytes a position instead of 16, and
 * 8 instead of 16 for the masks. */
#define ZP_LB_KERN_MAXK 6
typedef struct {
    const zp_fe2 *T[ZP_LB_KERN_MAXK + 1], *R[ZP_LB_KERN_MAXK + 1];
    size_t ml[ZP_LB_KERN_MAXK + 1];
    int tq;
    const zp_fe *L[ZP_LB_KERN_MAXK], *RL[ZP_LB_KERN_MAXK];
    const uint8_t *tg[ZP_LB_KERN_MAXK];
    zp_fe2 qc[16], beta;
    unsigned K;
} zp_lb_tabs;

/** x round block (zkp_lookup_sc.c, lb_hq_round) over the pairs p = p0 +
 *  lo, lo < B: bind (round 0) t_e = T[e] + rb (R[e & ml] - T[e]) (rb = 0,
 *  the b-last order: t_e = T[e], no mask read), or
 *  fold (rounds >= 1) t_e = T[2e] + r (T[2e+1] - T[2e]), for e = 2p,
 *  2p + 1, written to dst[c][e]; with t(X) = t_2p + X (t_2p+1 - t_2p),
 *    out[X] = sum_lo elo[lo] G(t(X)) for X = 0, 2, 3 and, when direct,
 *    X = 1 (out[1] = 0 otherwise);
 *    hs[0], hs[1] = sums of the H values written at even / odd e.
 *  Exact field sums: every backend gives the same values. */
typedef void (*zp_lb_xblock_fn)(zp_fe2 out[4], zp_fe2 hs[2], zp_fe2 *const dst[3],
                                const zp_lb_tabs *V, int bind, int direct, zp_fe2 r, zp_fe2 rb,
                                size_t p0, size_t B, const zp_fe2 *elo);

void zp_lb_xblock_portable(zp_fe2 out[4], zp_fe2 hs[2], zp_fe2 *const dst[3],
                           const zp_lb_tabs *V, int bind, int direct, zp_fe2 r, zp_fe2 rb,
                           size_t p0, size_t B, const zp_fe2 *elo);
#if !defined(ZP_NO_AVX512) && ZP_FIELD_P == 0xFFFFFFFF00000001ULL /* Goldilocks kernels */
/* B and p0 multiples of 8; bind with rb != 0: every period >= 16. */
void zp_lb_xblock_avx512(zp_fe2 out[4], zp_fe2 hs[2], zp_fe2 *const dst[3], const zp_lb_tabs *V,
                         int bind, int direct, zp_fe2 r, zp_fe2 rb, size_t p0, size_t B,
                         const zp_fe2 *elo);
#endif

/* The W M part of a round (zkp_lookup_sc.c, wm_round): W extension, M
 * the round-0 base table with its mask (base RMb or, when RMb is NULL,
 * extension RMe) of period ml + 1 (a power of two); Mx the current
 * extension table of M in the rounds >= 1. */
typedef struct {
    const zp_fe2 *W, *Mx, *RMe;
    const zp_fe *M, *RMb;
    size_t ml;
} zp_lb_wm;

/** W M block over the pairs p = p0 + lo, lo < B: bind (round 0) w_e =
 *  W[e], m_e = M[e] + rb (RM[e & ml] - M[e]), or fold (rounds >= 1) w_e =
 *  W[2e] + r (W[2e+1] - W[2e]), m_e likewise from Mx, for e = 2p, 2p + 1,
 *  written to dW[e], dM[e]; with t(X) = t_2p + X (t_2p+1 - t_2p),
 *    out[X] = sum_lo (w m)(X) for X = 0, 1, 2.
 *  Exact field sums: every backend gives the same values. */
typedef void (*zp_lb_wmblock_fn)(zp_fe2 out[3], zp_fe2 *dW, zp_fe2 *dM, const zp_lb_wm *S,
                                 int bind, zp_fe2 r, zp_fe2 rb, size_t p0, size_t B);
void zp_lb_wmblock_portable(zp_fe2 out[3], zp_fe2 *dW, zp_fe2 *dM, const zp_lb_wm *S, int bind,
                            zp_fe2 r, zp_fe2 rb, size_t p0, size_t B);
#if !defined(ZP_NO_AVX512) && ZP_FIELD_P == 0xFFFFFFFF00000001ULL /* Goldilocks kernels */
/* B and p0 multiples of 8; bind: the period ml + 1 >= 16. */
void zp_lb_wmblock_avx512(zp_fe2 out[3], zp_fe2 *dW, zp_fe2 *dM, const zp_lb_wm *S, int bind,
                          zp_fe2 r, zp_fe2 rb, size_t p0, size_t B);
#endif
zp_lb_wmblock_fn zp_lb_wmblock_avx512_fn(void);

/** The same block kernels for K = V->K = 3 .. ZP_LB_KERN_MAXK blocks
 *  (a split stacked column, zkp_builder.c lk_split), one copy of the loop
 *  per K: G(h, q_0 .. q_(K-1)) = h prod_j q_j - e_(K-1)(q) (e_(K-1) the sum
 *  of the K products of K - 1 of the q_j; K = 3: h a b c - (a b + a c +
 *  b c)), T[0 .. K] and R[0 .. K] (tq: L, RL, tg[0 .. K-1]), dst[0 .. K];
 *    x round: out[X] for X = 0 .. K + 1 (out[1] = 0 unless direct).
 *  The same alignment conditions as K = 2 for the AVX-512 ones; another
 *  V->K leaves out and hs untouched (the caller passes 3 .. MAXK). */
void zp_lb_xblockk_portable(zp_fe2 *out, zp_fe2 hs[2], zp_fe2 *const *dst,
                            const zp_lb_tabs *V, int bind, int direct, zp_fe2 r, zp_fe2 rb,
                            size_t p0, size_t B, const zp_fe2 *elo);
#if !defined(ZP_NO_AVX512) && ZP_FIELD_P == 0xFFFFFFFF00000001ULL /* Goldilocks kernels */
void zp_lb_xblockk_avx512(zp_fe2 *out, zp_fe2 hs[2], zp_fe2 *const *dst,
                          const zp_lb_tabs *V, int bind, int direct, zp_fe2 r, zp_fe2 rb,
                          size_t p0, size_t B, const zp_fe2 *elo);
#endif

/** The AVX-512 kernels, or NULL where compiled out or this CPU lacks them
 *  (ZP_FORCE_BACKEND=portable: NULL); for the kernel and for tests that
 *  compare backends.  The caller checks the alignment conditions above. */
zp_lb_xblock_fn zp_lb_xblock_avx512_fn(void);
zp_lb_xblock_fn zp_lb_xblockk_avx512_fn(void);

#endif
