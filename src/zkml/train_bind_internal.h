/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Internal interface of a run's bind proof (src/zkml/train_bind.c,
 * docs/spec/train-step.md section 7): the record layout Q and the gather
 * of the batch records from the certified dataset commitment. */
#ifndef ZKPROV_TRAIN_BIND_INTERNAL_H
#define ZKPROV_TRAIN_BIND_INTERNAL_H

#include "zkp_internal.h"

/* Checks a dataset description (zkml.h): PCS parameters, shape
 * (log_rows + log_width = pp.n_vars), records and mask blocks inside the
 * matrix and disjoint, each mask block covering whole PCS rows.  Returns
 * ZP_OK or ZP_ERR_ARG. */
zp_err zp_train_dataset_check(const zp_train_dataset *ds);

/* The bind proof of a run of T steps, batches idx[T * n] (records of ds).
 * Lifecycle (both sides, same order):
 *   zp_train_bind_begin   statement absorbed; the record layout planned and
 *                         committed (prover: Q built from the dataset rows
 *                         and committed, root written to proof; verifier:
 *                         root read from in[in_len])
 *   zp_train_bind_block   the record block Q_t of step t as a deferred
 *                         external commitment for step t's proof
 *   zp_train_bind_step_claims  the deferred claims step t's proof left on
 *                         Q_t (zp_zkp_deferred_claims), claims_per_step each
 *   zp_train_bind_finish  every claim absorbed, the gather Q = S D proven,
 *                         Q's claims reduced and opened, D opened at ds_index
 *                         (prover: appended to proof; verifier: checked,
 *                         and in must be consumed exactly)
 * Prover: proof != NULL, ds_pcs (opening ds_index unused; consumed),
 * ds_evals (D, 2^pp.n_vars values), rng; verifier: in != NULL. */
typedef struct zp_train_bind zp_train_bind;
zp_err zp_train_bind_begin(zp_train_bind **out, const zp_train_dataset *ds, unsigned ds_index,
                           uint64_t n_steps, uint32_t n, const uint32_t *idx,
                           unsigned claims_per_step, zp_pcs_prover *ds_pcs,
                           const zp_fe *ds_evals, zp_bytes *proof, const uint8_t *in,
                           size_t in_len, const zp_rng *rng);
/* Q_t: ext (pointers into b; evals on the prover), offsets of the block
 * and of its full-size mask, log_size = log2(B') + log_width (row i of the
 * block = record idx[t n + i] for i < n, zero rows after). */
zp_err zp_train_bind_block(const zp_train_bind *b, uint64_t t, zp_zkp_ext *ext,
                           uint64_t *offset, uint64_t *mask_offset, unsigned *log_size);
/* The record layout's root (every step absorbs it in its statement). */
const zp_digest *zp_train_bind_root(const zp_train_bind *b);
zp_err zp_train_bind_step_claims(zp_train_bind *b, uint64_t t, const zp_zkp_dclaim *c,
                                 size_t n_claims);
zp_err zp_train_bind_finish(zp_train_bind *b);
void zp_train_bind_free(zp_train_bind *b);
/* Tests only: a cheating prover (set before zp_train_bind_begin through
 * this flag): 1 replaces the first record of step 0 in Q by another
 * vector (not S D), 2 the first record of the last step, 3 puts a
 * non-zero value in the first row of Q that holds no record (a padding row
 * or block); the prover's own checks are skipped. */
void zp_train_bind_set_tamper(int mode);

#endif
