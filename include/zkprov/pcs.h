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
    unsigned max_openings; /* openings the commitment allows, O: 1 ..
                            * ZP_PCS_MAX_OPENINGS; 0 means 1 (so brace
                            * initialisers written before this member
                            * existed keep their meaning).  Each data row
                            * then carries O * n_queries hiding
                            * coefficients (message length k + O *
                            * n_queries) and there are O groups of claim
                            * and proximity mask rows.  O = 1 is the
                            * single-opening scheme, byte for byte. */
    unsigned rows_used;    /* data rows committed, R_u: 0 means all
                            * 2^(n_vars - log_cols) (initialisers written
                            * before this member keep their meaning).  A
                            * smaller R_u >= 1 commits the first R_u rows
                            * only: the rows after them are zero by
                            * definition of the committed polynomial, cost
                            * nothing to encode, hash or open, and the
                            * opened columns are R_u + mask rows long.
                            * zp_pcs_commit refuses evals that are not
                            * zero there (docs/spec/pcs.md, "Elided zero
                            * rows"). */
} zp_pcs_params;

#define ZP_PCS_MAX_VARS 30
#define ZP_PCS_MAX_CLAIMS 64
#define ZP_PCS_MAX_PROX 4
#define ZP_PCS_MAX_QUERIES 4096
#define ZP_PCS_MAX_OPENINGS 1024
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
/** As zp_pcs_params_default, for a commitment that will be opened up to
 *  max_openings times (1 .. ZP_PCS_MAX_OPENINGS): the soundness target is
 *  met by each opening on its own, with the longer message k + O *
 *  n_queries, and the split minimises the size of one one-claim opening.
 *  max_openings = 1 gives exactly zp_pcs_params_default.  Returns ZP_OK or
 *  ZP_ERR_ARG. */
ZP_API zp_err zp_pcs_params_default_multi(zp_pcs_params *p, unsigned n_vars,
                                          unsigned log_inv_rate,
                                          unsigned security_bits,
                                          unsigned max_openings) ZP_WARN_UNUSED;
/** Returns: ZP_OK if p is usable, else ZP_ERR_ARG (verifiers call it on
 *  parameters they did not choose; it bounds every size the verifier
 *  allocates). */
ZP_API zp_err zp_pcs_params_check(const zp_pcs_params *p) ZP_WARN_UNUSED;
/** Returns: -log2 of the code soundness error of p (proximity gaps term +
 *  (1 - delta)^n_queries, docs/spec/pcs.md), or 0 if p is invalid.  The
 *  field terms (max_claims + n_queries) / p^2, about 2^-120, come on top. */
ZP_API double zp_pcs_params_security(const zp_pcs_params *p);
/** Returns: the exact length in bytes of an opening with n_claims claims
 *  (the same for every polynomial and every opening index), or 0 if p or
 *  n_claims is invalid. */
ZP_API size_t zp_pcs_proof_bytes(const zp_pcs_params *p, size_t n_claims);

typedef struct zp_pcs_prover zp_pcs_prover;

/** Commits to evals[2^p->n_vars] (canonical; a value >= p gives
 *  ZP_ERR_ARG).  Randomness (salts, masking rows, code padding) is drawn
 *  from rng's position-addressed streams (domains 0x50435301..03 and their
 *  0x80000000 twins), so the commitment is the same for any thread count.
 *  rng must not serve another commitment: derive a child per commitment
 *  (zp_rng_derive), or hiding is lost.  The prover keeps a copy of the
 *  coefficient and encoded matrices (about 8 (2^log_inv_rate * 2 + 1)
 *  bytes per evaluation for O = 1; both grow with the message length
 *  k + O * n_queries and the O groups of mask rows) and of rng, until
 *  every one of the O openings is done or the prover is freed.  Returns
 *  ZP_OK, ZP_ERR_ARG, ZP_ERR_NOMEM. */
ZP_API zp_err zp_pcs_commit(zp_pcs_prover **out, zp_digest *root,
                            const zp_pcs_params *p, const zp_fe *evals,
                            const zp_rng *rng) ZP_WARN_UNUSED;
ZP_API void zp_pcs_prover_free(zp_pcs_prover *pr);

/** Rebuilds the prover of an earlier commitment in another process: the
 *  same p, evals and rng (the same seed; the rng's position-addressed
 *  streams make the commitment deterministic) give the same root.
 *  Returns ZP_OK, ZP_ERR_VERIFY (*out = NULL) if the root differs from
 *  expected_root, or as zp_pcs_commit.  The new prover has no opening
 *  marked used: the caller must persist which opening indices it has
 *  used and re-mark them (zp_pcs_prover_mark_used), because opening an
 *  index twice (in any process) breaks hiding. */
ZP_API zp_err zp_pcs_recommit(zp_pcs_prover **out, const zp_pcs_params *p,
                              const zp_fe *evals, const zp_rng *rng,
                              const zp_digest *expected_root) ZP_WARN_UNUSED;
/** Marks opening j (< O) used, so that zp_pcs_open_at refuses it.  Returns
 *  ZP_OK or ZP_ERR_ARG (pr NULL or j >= O). */
ZP_API zp_err zp_pcs_prover_mark_used(zp_pcs_prover *pr,
                                      unsigned j) ZP_WARN_UNUSED;
/** Returns: 1 if opening j of pr is used (or j >= O, or pr is NULL), else
 *  0.  Openings are marked before anything about them is revealed, also
 *  when the opening fails afterwards. */
ZP_API int zp_pcs_prover_used(const zp_pcs_prover *pr, unsigned j);
/** Writes the prover's secret state to out: parameters, the 32-byte rng
 *  key, the root, a SHA-256 digest of the evaluations and the set of used
 *  openings (zp_pcs_secret_bytes(p) bytes, format in docs/spec/pcs.md).
 *  The blob is SECRET (it re-derives every mask): store it like a key.
 *  It is a snapshot: export again after each opening, or persist the used
 *  indices yourself, since importing a stale blob would allow an index to
 *  be opened twice.  Returns ZP_OK, ZP_ERR_ARG (pr NULL, or every opening
 *  already done: nothing left to open) or ZP_ERR_NOMEM. */
ZP_API zp_err zp_pcs_prover_export(const zp_pcs_prover *pr,
                                   zp_bytes *out) ZP_WARN_UNUSED;
/** Returns: the length of an exported prover state for p, or 0 if p is
 *  invalid. */
ZP_API size_t zp_pcs_secret_bytes(const zp_pcs_params *p);
/** Rebuilds a prover from an exported state and the evaluations (the
 *  caller re-supplies them: 2^n_vars values, checked against the stored
 *  digest, then re-committed and checked against the stored root), with
 *  the used openings of the blob marked.  Returns ZP_OK, ZP_ERR_PARSE (bad
 *  blob), ZP_ERR_VERIFY (other evaluations, or root mismatch), ZP_ERR_ARG,
 *  ZP_ERR_NOMEM; *out = NULL on failure.  The root is written to root if
 *  it is not NULL. */
ZP_API zp_err zp_pcs_prover_import(zp_pcs_prover **out, zp_digest *root,
                                   const uint8_t *data, size_t len,
                                   const zp_fe *evals,
                                   size_t n_evals) ZP_WARN_UNUSED;

/* Openings prove claims y_c = a_c^T M b_c on the committed matrix M, for
 * public row coefficients a_c (2^log_rows entries) and column coefficients
 * b_c (2^log_cols entries).  A multilinear evaluation at z is the case
 * a = eq(z_high), b = eq(z_low).  The proof reveals nothing about M beyond
 * the claimed values (docs/spec/pcs.md). */
/** Prover: writes the opening to proof through tr and the claimed values to
 *  y[n_claims] (n_claims <= max_claims).  Absorbs the parameters, the root,
 *  every a_c, b_c and y_c first; y is not written to the proof (the
 *  verifier is given it).  This is opening 0 (zp_pcs_open_at(pr, 0, ...)):
 *  with max_openings 1 the commitment can be opened ONCE (a second
 *  opening would reveal more than n_queries evaluations of each row), so
 *  a second call returns ZP_ERR_ARG.  The big buffers are wiped and freed
 *  after the last opening.  Returns ZP_OK, ZP_ERR_ARG, ZP_ERR_NOMEM. */
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

/** Opening j (0 <= j < O) of a multi-opening commitment: the same as
 *  zp_pcs_open, using only mask group j; j (and O) are absorbed into tr
 *  when O > 1, and the column indices come from tr.  Each j may be opened
 *  once: a used j (zp_pcs_prover_used) returns ZP_ERR_ARG.  Openings may
 *  come in any order; each is sound on its own and the O of them together
 *  reveal nothing beyond their claimed values (docs/spec/pcs.md).  With
 *  O = 1, zp_pcs_open_at(pr, 0, ...) is zp_pcs_open, byte for byte.  Not
 *  thread-safe on one pr.  Returns ZP_OK, ZP_ERR_ARG, ZP_ERR_NOMEM. */
ZP_API zp_err zp_pcs_open_at(zp_pcs_prover *pr, unsigned j, zp_transcript *tr,
                             zp_bytes *proof, size_t n_claims,
                             const zp_fe2 *const *a, const zp_fe2 *const *b,
                             zp_fe2 *y) ZP_WARN_UNUSED;
/** Verifier of opening j (j < O, else ZP_ERR_ARG); zp_pcs_verify is
 *  zp_pcs_verify_at(..., 0, ...).  Same returns as zp_pcs_verify. */
ZP_API zp_err zp_pcs_verify_at(const zp_pcs_params *p, const zp_digest *root,
                               unsigned j, zp_transcript *tr, zp_reader *proof,
                               size_t n_claims, const zp_fe2 *const *a,
                               const zp_fe2 *const *b,
                               const zp_fe2 *y) ZP_WARN_UNUSED;

/* Batched opening j of n commitments with the same parameters, one claim
 * each: y_i = a_i^T M_i b (row functionals a_i, 2^log_rows entries, may be
 * the same pointer; ONE column functional b, 2^log_cols entries).  One
 * proof: the n values v_i, one claim row and n_prox proximity rows
 * (random combinations over all n commitments), shared column queries,
 * and per commitment its opened columns and Merkle path; the verifier
 * encodes one row combination instead of n (docs/spec/pcs.md "Batched
 * openings": the same code soundness as one opening; each commitment's
 * mask group j masks its rows, so hiding is as for n separate openings
 * j).  n <= ZP_PCS_MAX_BATCH. */
#define ZP_PCS_MAX_BATCH 65536
/** Returns: the exact length in bytes of a batched opening of n
 *  commitments, or 0 if p or n is invalid. */
ZP_API size_t zp_pcs_batch_proof_bytes(const zp_pcs_params *p, size_t n);
/** Prover: prs[n] distinct provers of equal parameters, opening j unused
 *  on each (marked used on all of them before anything is revealed), the
 *  claimed values y[n] (inputs: the caller knows them, e.g. from a
 *  sumcheck).  Returns ZP_OK, ZP_ERR_ARG (bad arguments, or some y_i is
 *  not the committed value: caught with probability 1 - 2/|E|; the
 *  proof bytes written are then garbage), ZP_ERR_NOMEM.  Not thread-safe
 *  on one prover. */
ZP_API zp_err zp_pcs_open_batch(zp_pcs_prover *const *prs, size_t n, unsigned j,
                                zp_transcript *tr, zp_bytes *proof,
                                const zp_fe2 *const *a, const zp_fe2 *b,
                                const zp_fe2 *y) ZP_WARN_UNUSED;
/** Verifier: reads exactly zp_pcs_batch_proof_bytes(p, n) bytes.
 *  Returns ZP_OK, ZP_ERR_VERIFY, ZP_ERR_PARSE, ZP_ERR_ARG, ZP_ERR_NOMEM. */
ZP_API zp_err zp_pcs_verify_batch(const zp_pcs_params *p, const zp_digest *const *roots,
                                  size_t n, unsigned j, zp_transcript *tr,
                                  zp_reader *proof, const zp_fe2 *const *a,
                                  const zp_fe2 *b, const zp_fe2 *y) ZP_WARN_UNUSED;
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
/* The same for opening j (see zp_pcs_open_at / zp_pcs_verify_at). */
ZP_API zp_err zp_pcs_open_mle_at(zp_pcs_prover *pr, unsigned j,
                                 zp_transcript *tr, zp_bytes *proof,
                                 size_t n_points, const zp_fe2 *const *points,
                                 zp_fe2 *y) ZP_WARN_UNUSED;
ZP_API zp_err zp_pcs_verify_mle_at(const zp_pcs_params *p,
                                   const zp_digest *root, unsigned j,
                                   zp_transcript *tr, zp_reader *proof,
                                   size_t n_points, const zp_fe2 *const *points,
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
