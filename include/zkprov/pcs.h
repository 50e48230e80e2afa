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
    unsigned log_inv_rate; /* 0 (tight), 1 (rate 1/2) or 2 (rate 1/4),
                            * before the n_queries hiding coefficients: the
                            * code has message length k + n_queries
                            * (k = 2^log_cols) and length 2^ceil(log2((k +
                            * n_queries) << log_inv_rate)), so the effective
                            * rate is about 1/2 + n_queries/2k (tight), 1/4
                            * or 1/8.  Tight halves the commit cost and takes
                            * more queries for the same security. */
    unsigned n_queries;    /* column queries (also the hiding degree) */
    unsigned max_claims;   /* claims one opening may carry, 1 ..
                            * ZP_PCS_MAX_CLAIMS (2 mask rows each) */
    unsigned n_prox;       /* independent proximity tests, 1 ..
                            * ZP_PCS_MAX_PROX (2 mask rows each) */
} zp_pcs_params;

#define ZP_PCS_MAX_VARS 30
#define ZP_PCS_MAX_CLAIMS 64
#define ZP_PCS_MAX_PROX 4
#define ZP_PCS_MAX_QUERIES 4096
/* max_claims chosen by zp_pcs_params_default. */
#define ZP_PCS_DEFAULT_CLAIMS 8
/** Fills p for a polynomial of n_vars variables at the given rate
 *  (log_inv_rate 0, 1 or 2), with max_claims = ZP_PCS_DEFAULT_CLAIMS, and
 *  n_prox, n_queries such that the code soundness error (proximity +
 *  consistency, docs/spec/pcs.md) is at most 2^-security_bits
 *  (1 <= security_bits <= 256), with the row/column split that minimises
 *  the proof size of one claim.  Returns ZP_OK or ZP_ERR_ARG. */
ZP_API zp_err zp_pcs_params_default(zp_pcs_params *p, unsigned n_vars,
                                    unsigned log_inv_rate,
                                    unsigned security_bits) ZP_WARN_UNUSED;
/** Returns: ZP_OK if p is usable, else ZP_ERR_ARG (verifiers call it on
 *  parameters they did not choose; it bounds every size the verifier
 *  allocates). */
ZP_API zp_err zp_pcs_params_check(const zp_pcs_params *p) ZP_WARN_UNUSED;
/** Returns: -log2 of the code soundness error of p (proximity gaps term +
 *  (1 - delta)^n_queries, docs/spec/pcs.md), or 0 if p is invalid.  The
 *  field terms (max_claims + n_queries) / p^2, about 2^-120, come on top. */
ZP_API double zp_pcs_params_security(const zp_pcs_params *p);
/** Returns: the exact length in bytes of an opening with n_claims claims
 *  (the same for every polynomial), or 0 if p or n_claims is invalid. */
ZP_API size_t zp_pcs_proof_bytes(const zp_pcs_params *p, size_t n_claims);

typedef struct zp_pcs_prover zp_pcs_prover;

/** Commits to evals[2^p->n_vars] (canonical; a value >= p gives
 *  ZP_ERR_ARG).  Randomness (salts, masking rows, code padding) is drawn
 *  from rng's position-addressed streams (domains 0x50435301..03 and their
 *  0x80000000 twins), so the commitment is the same for any thread count.
 *  rng must not serve another commitment: derive a child per commitment
 *  (zp_rng_derive), or hiding is lost.  The prover keeps a copy of the
 *  coefficient and encoded matrices (about 8 (2^log_inv_rate * 2 + 1)
 *  bytes per evaluation).  Returns ZP_OK, ZP_ERR_ARG, ZP_ERR_NOMEM. */
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
 *  y[n_claims] (n_claims <= max_claims).  Absorbs the parameters, the root,
 *  every a_c, b_c and y_c first; y is not written to the proof (the
 *  verifier is given it).  A commitment can be opened ONCE (a second
 *  opening would reveal more than n_queries evaluations of each row):
 *  a second call returns ZP_ERR_ARG.  The big buffers are wiped and freed
 *  after the opening.  Returns ZP_OK, ZP_ERR_ARG, ZP_ERR_NOMEM. */
ZP_API zp_err zp_pcs_open(zp_pcs_prover *pr, zp_transcript *tr, zp_bytes *proof,
                          size_t n_claims, const zp_fe2 *const *a,
                          const zp_fe2 *const *b, zp_fe2 *y) ZP_WARN_UNUSED;
/** Verifier.  Reads exactly zp_pcs_proof_bytes(p, n_claims) bytes from
 *  proof (the caller checks the end with zp_reader_finish).  Returns ZP_OK,
 *  ZP_ERR_VERIFY, ZP_ERR_PARSE, ZP_ERR_ARG (bad p or arguments) or
 *  ZP_ERR_NOMEM. */
ZP_API zp_err zp_pcs_verify(const zp_pcs_params *p, const zp_digest *root,
                            zp_transcript *tr, zp_reader *proof, size_t n_claims,
                            const zp_fe2 *const *a, const zp_fe2 *const *b,
                            const zp_fe2 *y) ZP_WARN_UNUSED;

/* Multilinear convenience: points[c] has n_vars coordinates, variable 0
 * being the lowest bit of the index; a = eq(z[log_cols..n_vars)),
 * b = eq(z[0..log_cols)).  Same returns as zp_pcs_open / zp_pcs_verify. */
ZP_API zp_err zp_pcs_open_mle(zp_pcs_prover *pr, zp_transcript *tr, zp_bytes *proof,
                              size_t n_points, const zp_fe2 *const *points,
                              zp_fe2 *y) ZP_WARN_UNUSED;
ZP_API zp_err zp_pcs_verify_mle(const zp_pcs_params *p, const zp_digest *root,
                                zp_transcript *tr, zp_reader *proof, size_t n_points,
                                const zp_fe2 *const *points,
                                const zp_fe2 *y) ZP_WARN_UNUSED;

/** eq(z, x) for all x in {0,1}^n: out[2^n], z[n] (variable 0 = low bit). */
ZP_API void zp_eq_table(zp_fe2 *out, const zp_fe2 *z, unsigned n);
/** Evaluates the multilinear extension of evals[2^n] at z[n] (n <= 40),
 *  in O(2^n) time and O(n) memory; the result does not depend on the
 *  thread count. */
ZP_API zp_fe2 zp_mle_eval(const zp_fe *evals, const zp_fe2 *z, unsigned n);
ZP_API zp_fe2 zp_mle_eval2(const zp_fe2 *evals, const zp_fe2 *z, unsigned n);

#ifdef __cplusplus
}
#endif
#endif
