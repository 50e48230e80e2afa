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

/* 2^e as a base element, e < 64. */
static inline zp_fe zp_sc_pow2(unsigned e) { return gl_from_u64((uint64_t)1 << e); }

#endif
