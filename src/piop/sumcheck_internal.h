/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Internal helpers shared by the sumcheck prover/verifier and the ZK mask. */
#ifndef ZP_PIOP_SUMCHECK_INTERNAL_H
#define ZP_PIOP_SUMCHECK_INTERNAL_H

#include "zkprov/piop.h"
#include "field/gl.h"

/* Coefficient c of g_v (v = 0 is the masking variable b, degree D+1;
 * v = 1 + i is x_i, degree D) as an extension element g0 + u g1. */
zp_fe2 zp_sc_zk_coeff(const zp_fe *g0, const zp_fe *g1, unsigned degree,
                      unsigned v, unsigned c);
/* a_0 + u-part. */
zp_fe2 zp_sc_zk_const(const zp_fe *g0, const zp_fe *g1);
/* g_v evaluated at x. */
zp_fe2 zp_sc_zk_univ_eval(const zp_fe *g0, const zp_fe *g1, unsigned degree,
                          unsigned v, zp_fe2 x);
/* G = sum over {0,1}^(n+1) of g. */
zp_fe2 zp_sc_zk_total(const zp_fe *g0, const zp_fe *g1, unsigned n_vars,
                      unsigned degree);

/* PCS parameters with a forced log_cols, raised to security_bits. */
zp_err zp_sc_pcs_params_cols(zp_pcs_params *p, unsigned n_vars, unsigned log_cols,
                             unsigned log_inv_rate, unsigned security_bits);

/* Mask sampling of zp_layout_fill_masks: chunks of ZP_LAYOUT_CHUNK values,
 * each from a stream of ZP_LAYOUT_CHUNK + ZP_LAYOUT_SPARE words. */
#define ZP_LAYOUT_CHUNK 256
#define ZP_LAYOUT_SPARE 16
/* out[i] = the i-th word of buf[] below p, for i < cnt (<= ZP_LAYOUT_CHUNK);
 * if the stream runs out, the last word drawn, reduced mod p.  Branch-free
 * unless a word is rejected (docs/security.md, "Constant-time code"). */
void zp_layout_mask_chunk(zp_fe *out, size_t cnt,
                          const uint8_t buf[(ZP_LAYOUT_CHUNK + ZP_LAYOUT_SPARE) * 8]);

/* Lagrange interpolation: s[0..deg] are the values at 0..deg; returns s(r). */
zp_fe2 zp_sc_interp(const zp_fe2 *s, unsigned deg, zp_fe2 r);

/* zp_claims_add with b borrowed, not copied: the caller keeps b (2^log_cols
 * values, zero outside [lo, hi)) alive and unchanged until zp_claims_free.
 * key 0: the claim merges as with zp_claims_add (equal values; the same
 * pointer needs no comparison).  key != 0: it merges with the claims of
 * the same key only; the caller guarantees that equal keys mean equal b
 * (merging is then sound: claims on the same b), and b may be NULL (the
 * merged claim's b is then the NULL of its first claim).  Merging fewer
 * claims than possible is sound, only larger (src/piop/batch.c). */
zp_err zp_claims_add_ref(zp_claims *c, const zp_fe2 *a, const zp_fe2 *b, size_t lo, size_t hi,
                         size_t key, zp_fe2 y) ZP_WARN_UNUSED;
/* After zp_claims_finish: the key of each merged claim's b (0: none). */
const size_t *zp_claims_keys(const zp_claims *c);

/* A prover engine for zp_sumcheck_zk_prove_kernel: it computes the raw
 * round sums of one instance (before the ZK scaling and the mask g), the
 * same polynomials as the generic engine, from whatever structure it knows
 * of its tables (a closed form, an eq factor, a zero tail).  The proofs are
 * then byte-identical to zp_sumcheck_zk_prove's on the same instance.
 *  b_round: s[k] = sum_x F(T^(k, x)), T^(k) = T + k (R - T), for k = 0,
 *    2, .., D1 = D + 1; when needs_claim, also s[1] (claim is the
 *    instance's claim, = s[0] for an honest prover).
 *  x_round i (0 .. n-1): i = 0 binds b = rb; i > 0 first folds variable
 *    i - 1 at r_prev.  s[k] = sum over the free variables of F at x_i = k,
 *    k = 0, 2, .., D (s[1] is derived by the driver when needs_claim from
 *    raw_claim = s_{i-1}(r_prev), or s_b(rb) for i = 0; 0 otherwise).
 *  finish: folds the last variable at r_last; evals[j] = T^_j(rb, point)
 *    for the instance's n_tables tables (zp_sumcheck_zk_prove's evals).
 * Each returns ZP_OK or an error (the driver then stops and clears its
 * outputs). */
typedef struct {
    zp_err (*b_round)(void *ctx, zp_fe2 *s, unsigned D1, zp_fe2 claim);
    zp_err (*x_round)(void *ctx, unsigned i, zp_fe2 rb, zp_fe2 r_prev, zp_fe2 raw_claim,
                      zp_fe2 *s, unsigned D);
    zp_err (*finish)(void *ctx, zp_fe2 r_last, zp_fe2 *evals);
    int needs_claim;
    /* b bound last (zp_sumcheck_zk_prove_kernel_bl): rv[j] = R_j(point),
     * the MLE of table j's mask at the point (periodic: its low variables);
     * on entry rv[j] = T_j(point), left as is for public tables */
    zp_err (*mask_evals)(void *ctx, const zp_fe2 *point, zp_fe2 *rv);
} zp_sc_kernel;

/* zp_sumcheck_zk_prove with the rounds computed by kern (ctx kctx): the
 * same transcript and proof.  inst gives n_vars, the degree and the terms
 * (the final claim is computed from them and evals); its tables are not
 * read here (the kernel holds its own data). */
zp_err zp_sumcheck_zk_prove_kernel(zp_transcript *tr, zp_bytes *proof, zp_sc_zk_result *res,
                                   zp_fe2 *point, zp_fe2 *evals, const zp_sc_instance *inst,
                                   zp_fe2 claim, const zp_fe *g0, const zp_fe *g1,
                                   const zp_sc_kernel *kern, void *kctx);

/* The ZK sumcheck with the mask variable b bound LAST (docs/spec/sumcheck.md
 * 2.3): the same polynomial (1 - b) F(T^(b, x)) + rho g(b, x), the same
 * mask g, the same final claim (1 - r_b) F(T^(r_b, r)), with the n x
 * rounds (degree D) first, on the unmasked tables (b = 0: the factor
 * 1 - b removes b = 1), then the b round (degree D + 1) from the values
 * T_j(r) and R_j(r).  The kernel's x_round is called with rb = 0 (tables
 * bound at b = 0 are the tables), raw_claim = claim at round 0, its finish
 * gives T_j(r) and its mask_evals R_j(r); b_round is not called.  Label
 * "sczk/order" = 1 absorbed after the claim.  Verifier:
 * zp_sumcheck_zk_verify_bl (same result fields). */
zp_err zp_sumcheck_zk_prove_kernel_bl(zp_transcript *tr, zp_bytes *proof, zp_sc_zk_result *res,
                                      zp_fe2 *point, zp_fe2 *evals, const zp_sc_instance *inst,
                                      zp_fe2 claim, const zp_fe *g0, const zp_fe *g1,
                                      const zp_sc_kernel *kern, void *kctx);
/* The generic engine with b last (inst's tables and periodic masks). */
zp_err zp_sumcheck_zk_prove_bl(zp_transcript *tr, zp_bytes *proof, zp_sc_zk_result *res,
                               zp_fe2 *point, zp_fe2 *evals, const zp_sc_instance *inst,
                               zp_fe2 claim, const zp_fe *g0, const zp_fe *g1);
zp_err zp_sumcheck_zk_verify_bl(zp_transcript *tr, zp_reader *proof, zp_sc_zk_result *res,
                                zp_fe2 *point, unsigned n_vars, unsigned degree,
                                zp_fe2 claim) ZP_WARN_UNUSED;

/* Kernel prover of the row-masked product (src/piop/sc_prod.c, the claim
 * reduction's shape): the same proof, point, evals and res as
 * zp_sumcheck_zk_prove on n = lr + lc variables (x = row 2^lc + col),
 * one term T0 T1 with T0 = M (base, mask_base = Rm, mask_len = 2^lc) and
 * T1 = K (ext, no mask), where M and K are zero on every row >= rows
 * (1 <= rows <= 2^lr).  In: M (at least rows 2^lc values read), Rm (2^lc),
 * claim, g0/g1; K (rows 2^lc values) is used as scratch and overwritten.
 * check: return ZP_ERR_INTERNAL when sum_x M K != claim (the prover's
 * self-check).  Returns ZP_OK, ZP_ERR_ARG, ZP_ERR_NOMEM, ZP_ERR_INTERNAL. */
zp_err zp_sc_prod_zk_prove(zp_transcript *tr, zp_bytes *proof, zp_sc_zk_result *res,
                           zp_fe2 *point, zp_fe2 *evals, const zp_fe *M, const zp_fe *Rm,
                           zp_fe2 *K, unsigned lr, unsigned lc, size_t rows, zp_fe2 claim,
                           int check, const zp_fe *g0, const zp_fe *g1) ZP_WARN_UNUSED;

/* zp_sumcheck_zk_prove for an eq-weighted zero-check (src/piop/sc_eq.c,
 * docs/spec/sumcheck.md "Prover kernels"): table 0 is eq(r, x) (only r is
 * read; tables[0] itself is not), every term is c EQ, c EQ T_a or
 * c EQ T_a T_b (factors[0] = 0, the others >= 1), tables 1.. have base or
 * extension values with a base, an extension or no mask.  claim must be
 * the true sum (an honest prover's): the b round's s_b(0) is taken from
 * it.  The proof is byte-identical to zp_sumcheck_zk_prove's.  Returns
 * ZP_OK, ZP_ERR_ARG (not of this shape), ZP_ERR_NOMEM. */
zp_err zp_sumcheck_zk_prove_eq(zp_transcript *tr, zp_bytes *proof, zp_sc_zk_result *res,
                               zp_fe2 *point, zp_fe2 *evals, const zp_sc_instance *inst,
                               const zp_fe2 *r, zp_fe2 claim, const zp_fe *g0,
                               const zp_fe *g1) ZP_WARN_UNUSED;

/* 2^e as a base element, e < 64. */
static inline zp_fe zp_sc_pow2(unsigned e) { return gl_from_u64((uint64_t)1 << e); }

#endif
