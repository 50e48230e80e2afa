/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Hiding multilinear polynomial commitment of the tensor-code family
 * (Ligero / Brakedown style) over a Reed-Solomon code on Goldilocks.
 * Specification and security argument: docs/spec/pcs.md. */
#ifndef ZKPROV_PCS_H
#define ZKPROV_PCS_H

#include "common.h"
#include "field.h"
#include "hash.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Parameters, fixed at commit time and known to the verifier.  The
 * committed polynomial has n_vars = log_rows + log_cols variables; its
 * 2^n_vars evaluations are read row-major as a 2^log_rows x 2^log_cols
 * matrix (index = row * 2^log_cols + col, so the low log_cols variables
 * select the column). */
typedef struct {
    unsigned n_vars;       /* 0 .. ZP_PCS_MAX_VARS */
    unsigned log_cols;     /* <= n_vars */
    unsigned log_inv_rate; /* 1 (rate 1/2) or 2 (rate 1/4) */
    unsigned n_queries;    /* column queries */
    unsigned max_claims;   /* openings (claims) one proof may carry */
} zp_pcs_params;

#define ZP_PCS_MAX_VARS 30
/** Fills p for a polynomial of n_vars variables at the given rate and at
 *  least security_bits of soundness (docs/spec/pcs.md), with the row/column
 *  split that minimises proof size.  Returns ZP_OK or ZP_ERR_ARG. */
ZP_API zp_err zp_pcs_params_default(zp_pcs_params *p, unsigned n_vars,
                                    unsigned log_inv_rate,
                                    unsigned security_bits) ZP_WARN_UNUSED;
/** Returns: ZP_OK if p is usable, else ZP_ERR_ARG (verifiers call it on
 *  parameters they did not choose). */
ZP_API zp_err zp_pcs_params_check(const zp_pcs_params *p) ZP_WARN_UNUSED;

typedef struct zp_pcs_prover zp_pcs_prover;

/** Commits to evals[2^p->n_vars] (canonical).  Randomness (salts, masking
 *  rows, code padding) is drawn from rng's position-addressed streams, so
 *  the commitment is the same for any thread count.  Returns ZP_OK,
 *  ZP_ERR_ARG, ZP_ERR_NOMEM. */
ZP_API zp_err zp_pcs_commit(zp_pcs_prover **out, zp_digest *root,
                            const zp_pcs_params *p, const zp_fe *evals,
                            const zp_rng *rng) ZP_WARN_UNUSED;
ZP_API void zp_pcs_prover_free(zp_pcs_prover *pr);

/* Openings prove claims y_c = a_c^T M b_c on the committed matrix M, for
 * public row coefficients a_c (2^log_rows entries) and column coefficients
 * b_c (2^log_cols entries).  A multilinear evaluation at z is the case
 * a = eq(z_high), b = eq(z_low).  The proof reveals nothing about M beyond
 * the claimed values (docs/spec/pcs.md). */
/** Prover: writes the opening to proof through tr and the claimed values to
 *  y[n_claims] (n_claims <= max_claims). */
ZP_API zp_err zp_pcs_open(zp_pcs_prover *pr, zp_transcript *tr, zp_bytes *proof,
                          size_t n_claims, const zp_fe2 *const *a,
                          const zp_fe2 *const *b, zp_fe2 *y) ZP_WARN_UNUSED;
/** Verifier.  Returns ZP_OK, ZP_ERR_VERIFY or ZP_ERR_PARSE. */
ZP_API zp_err zp_pcs_verify(const zp_pcs_params *p, const zp_digest *root,
                            zp_transcript *tr, zp_reader *proof, size_t n_claims,
                            const zp_fe2 *const *a, const zp_fe2 *const *b,
                            const zp_fe2 *y) ZP_WARN_UNUSED;

/* Multilinear convenience: points[c] has n_vars coordinates, variable 0
 * being the lowest bit of the index. */
ZP_API zp_err zp_pcs_open_mle(zp_pcs_prover *pr, zp_transcript *tr, zp_bytes *proof,
                              size_t n_points, const zp_fe2 *const *points,
                              zp_fe2 *y) ZP_WARN_UNUSED;
ZP_API zp_err zp_pcs_verify_mle(const zp_pcs_params *p, const zp_digest *root,
                                zp_transcript *tr, zp_reader *proof, size_t n_points,
                                const zp_fe2 *const *points,
                                const zp_fe2 *y) ZP_WARN_UNUSED;

/** eq(z, x) for all x in {0,1}^n: out[2^n], z[n] (variable 0 = low bit). */
ZP_API void zp_eq_table(zp_fe2 *out, const zp_fe2 *z, unsigned n);
/** Evaluates the multilinear extension of evals[2^n] at z[n]. */
ZP_API zp_fe2 zp_mle_eval(const zp_fe *evals, const zp_fe2 *z, unsigned n);
ZP_API zp_fe2 zp_mle_eval2(const zp_fe2 *evals, const zp_fe2 *z, unsigned n);

#ifdef __cplusplus
}
#endif
#endif
