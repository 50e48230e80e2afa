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

/* 2^e as a base element, e < 64. */
static inline zp_fe zp_sc_pow2(unsigned e) { return gl_from_u64((uint64_t)1 << e); }

#endif
