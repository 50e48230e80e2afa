/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Internal interface of the training-step circuit (docs/spec/train-step.md):
 * the witness of one SGD step and the circuit written once against a
 * constraint backend (the proof builder, or the relation checker). */
#ifndef ZKPROV_PROVE_TRAIN_INTERNAL_H
#define ZKPROV_PROVE_TRAIN_INTERNAL_H

#include "zkp_internal.h"

/* Operand orientation of a product (docs/spec/train-step.md, "Builder
 * requirements"): with ZP_TRC_AT the tensor a is stored 2^ln x 2^lm and
 * enters as its transpose; with ZP_TRC_BT, b is stored 2^lp x 2^ln. */
#define ZP_TRC_AT 1u
#define ZP_TRC_BT 2u

/* A constraint backend: the calls of zkp_internal.h, plus operand
 * transposition and 2-column lookups into public tables.  The circuit calls
 * them in an order that depends only on public data. */
typedef struct {
    void *ctx;
    int (*planning)(void *ctx);
    zp_err (*witness)(void *ctx, size_t *id, unsigned log_size, const zp_fe *vals);
    zp_err (*pub)(void *ctx, size_t *id, unsigned log_size, const zp_fe *vals);
    zp_fe2 (*challenge)(void *ctx, const char *label);
    zp_err (*matmul)(void *ctx, size_t a, size_t b, unsigned lm, unsigned ln, unsigned lp,
                     unsigned flags, const zp_zkp_tail *tails, size_t n_tails, zp_fe2 c0,
                     const zp_fe *o);
    zp_err (*zerocheck)(void *ctx, unsigned log_n, const zp_zkp_term *terms, size_t n_terms);
    zp_err (*range)(void *ctx, size_t id, int64_t offset, unsigned k_bits);
    /* (c0[x], c1[x]) is a row of the public table (t0, t1) of 2^log_t rows. */
    zp_err (*lookup2)(void *ctx, size_t c0, size_t c1, const zp_fe *t0, const zp_fe *t1,
                      unsigned log_t);
    /* A witness tensor stored in external (model) commitment xk (0: C_{t+1},
     * 1: C_t) at offset, its mask at mask_offset (zp_zkp_external_at). */
    zp_err (*external)(void *ctx, unsigned xk, size_t *id, unsigned log_size,
                       const zp_fe *vals, uint64_t offset, uint64_t mask_offset);
} zp_trc_ops;

/* Cheating witnesses for the tests (0: honest). */
enum {
    ZP_TRAIN_HONEST = 0,
    ZP_TRAIN_TAMPER_LR = 1,      /* update computed with lr_num + 1       */
    ZP_TRAIN_TAMPER_WAFTER = 2,  /* one weight of W_after changed         */
    ZP_TRAIN_TAMPER_GRAD = 3,    /* one entry of the loss gradient + 1    */
    ZP_TRAIN_TAMPER_RECORD = 4,  /* the step computed on another record,
                                  * W_after kept from the honest step     */
    ZP_TRAIN_TAMPER_MAX = 5,     /* the row max is not the maximum        */
    ZP_TRAIN_TAMPER_BEFORE = 6,  /* honest witness; a linked step may run
                                  * on other weights than C_t's           */
    /* momentum and MSE (docs/spec/train-step.md 2.6) */
    ZP_TRAIN_TAMPER_MOM = 20,    /* velocity of the last layer updated
                                  * with mom_num + 1                      */
    ZP_TRAIN_TAMPER_VAFTER = 21, /* one entry of M_after changed          */
    ZP_TRAIN_TAMPER_TARGET = 22, /* MSE: row 0's target is twice the
                                  * one-hot (gradient consistent with it) */
    /* the checked update of W_after[0][0] (docs/spec/train-step.md 2.3) */
    ZP_TRAIN_TAMPER_WOVER = 23,  /* the exact update kept although a weight
                                  * leaves weight_bits (the honest builder
                                  * refuses): only the range of W_after
                                  * sees it                                */
    ZP_TRAIN_TAMPER_RU = 24,     /* W_after[0][0] + 1 and its remainder
                                  * Ru + 2^s (s the update's shift: ush - c
                                  * for plain SGD): the update relation
                                  * holds, only the range of Ru sees it    */
    /* the learning-rate fold of plain SGD, entry 0 of the last layer's G'
     * (docs/spec/train-step.md 2.3; ZP_TRAIN_TAMPER_LR: a G' of another
     * lr_num, caught by the fold relation) */
    ZP_TRAIN_TAMPER_GU = 25,     /* G' + 1 and its remainder Rg' - 2^c, the
                                  * update computed from that G': only the
                                  * range of Rg' sees it                   */
    ZP_TRAIN_TAMPER_GUWIDE = 26  /* Rg' +- 1 (in range) and G' the field
                                  * quotient, not an integer: the fold
                                  * relation holds, the range of G' is the
                                  * first relation that sees it            */
};

typedef struct zp_train_wit zp_train_wit;

/* Builds the witness of one step of cfg (softmax cross-entropy or MSE with
 * the labels' one-hot targets, SGD with or without momentum, dims and
 * batch within the circuit's limits) on rows idx[n] of ds from model m
 * (not modified), from zero velocity, with a tampering mode of the tests.
 * Out: *out; w_after (may be NULL, allocated like m) the proven weights.
 * Returns ZP_OK, ZP_ERR_ARG, ZP_ERR_UNSUPPORTED (MSE with dataset targets,
 * or a bound beyond the circuit's ranges: see the spec, 2.6), ZP_ERR_NOMEM. */
zp_err zp_train_wit_build(zp_train_wit **out, zp_mlp *w_after, const zp_train_config *cfg,
                          const zp_mlp *m, const zp_fxdata *ds, const uint32_t *idx,
                          size_t n, int tamper);
/* The same with momentum buffers (an MLP-shaped pair per layer: M_W in
 * w[l], M_b in b[l]): v the velocity before the step (NULL: zero, the
 * first step; non-NULL only with momentum), v_after (may be NULL) the
 * proven velocity after it. */
zp_err zp_train_wit_build_v(zp_train_wit **out, zp_mlp *w_after, zp_mlp *v_after,
                            const zp_train_config *cfg, const zp_mlp *m, const zp_mlp *v,
                            const zp_fxdata *ds, const uint32_t *idx, size_t n, int tamper);
void zp_train_wit_free(zp_train_wit *w);

/* Runs the step circuit on backend ops (both passes are the caller's:
 * this is one pass). */
zp_err zp_train_circuit(const zp_trc_ops *ops, zp_train_wit *w);

/* The relation checker: a backend that evaluates every relation of the
 * circuit directly on the witness (entrywise, in the field; challenges
 * from rng) and returns ZP_ERR_VERIFY at the first violated one, with its
 * index in *failed (the number of the sub-protocol call, from 0). */
zp_err zp_train_circuit_check(zp_train_wit *w, uint64_t seed, size_t *failed);

/* zp_train_step_prove with a cheating witness (tamper, see above; the
 * prover then skips its self-check of the claims). */
zp_err zp_train_step_prove_ex(uint8_t **proof, size_t *proof_len, zp_mlp *w_after,
                              const zp_train_config *cfg, const zp_mlp *m,
                              const zp_fxdata *ds, uint64_t step, const uint32_t *idx,
                              size_t n, const zp_rng *rng, int tamper);

/* zp_train_step_prove_ex from velocity v (NULL: zero; non-NULL only with
 * momentum; a private witness of the proof, which then proves that SOME
 * velocity gives W_after: a run reads it from C_t instead), v_after (may
 * be NULL) the proven velocity.  The statement adds the flag
 * "train/velocity" = (v != NULL) for momentum configs. */
zp_err zp_train_step_prove_v(uint8_t **proof, size_t *proof_len, zp_mlp *w_after,
                             zp_mlp *v_after, const zp_train_config *cfg, const zp_mlp *m,
                             const zp_mlp *v, const zp_fxdata *ds, uint64_t step,
                             const uint32_t *idx, size_t n, const zp_rng *rng, int tamper);
/* Its verifier (has_v: the proof starts from a private velocity). */
zp_err zp_train_step_verify_v(const zp_train_config *cfg, int has_v, uint64_t step,
                              const uint32_t *idx, size_t n, const uint8_t *proof, size_t len);

/* zp_train_step_prove_chained with a cheating witness (tamper as above; the
 * committed W_after is used as is, not checked against the step's). */
zp_err zp_train_step_prove_chained_ex(uint8_t **proof, size_t *proof_len,
                                      const zp_train_config *cfg,
                                      const uint8_t before[ZP_MODEL_DIGEST_BYTES],
                                      zp_model_prover *after, unsigned after_index,
                                      const zp_mlp *m, const zp_fxdata *ds, uint64_t step,
                                      const uint32_t *idx, size_t n, const zp_rng *rng,
                                      int tamper);

/* Linked step (docs/spec/train-step.md section 4, "Linked steps"): as the
 * chained step, and W_before / b_before are read from C_t = before's
 * commitment through its opening before_index (consumed; the statement
 * names C_t's digest and before_index), so that the proof shows the step
 * started from C_t's weights.  m: the step's W_before (NULL: before's own
 * weights); it must equal before's weights (ZP_ERR_ARG) unless tamper is
 * set (then the step runs on m and the opening of C_t disagrees).  W_after
 * as in zp_train_step_prove_chained_ex.  before and after are distinct
 * provers.  Returns as zp_train_step_prove. */
zp_err zp_train_step_prove_linked_ex(uint8_t **proof, size_t *proof_len,
                                     const zp_train_config *cfg, zp_model_prover *before,
                                     unsigned before_index, zp_model_prover *after,
                                     unsigned after_index, const zp_fxdata *ds, uint64_t step,
                                     const uint32_t *idx, size_t n, const zp_rng *rng,
                                     int tamper, const zp_mlp *m);
/* zp_train_step_prove_linked_ex with momentum buffers (docs/spec/train-step.md
 * 2.6): a momentum step reads its velocity M_t from C_t's buffers (a
 * version-2 commitment) and writes M_{t+1} into C_{t+1}'s when C_{t+1} has
 * them (a run's last step ends in a version-1 model).  Velocity rule
 * (ZP_ERR_ARG here, ZP_ERR_VERIFY in the verifier): with momentum C_t holds
 * buffers iff step > 0; without momentum neither commitment does.  v: the
 * step's velocity (NULL: C_t's own); it must equal C_t's unless tamper is
 * set (the opening of C_t then disagrees). */
zp_err zp_train_step_prove_linked_v(uint8_t **proof, size_t *proof_len,
                                    const zp_train_config *cfg, zp_model_prover *before,
                                    unsigned before_index, zp_model_prover *after,
                                    unsigned after_index, const zp_fxdata *ds, uint64_t step,
                                    const uint32_t *idx, size_t n, const zp_rng *rng,
                                    int tamper, const zp_mlp *m, const zp_mlp *v);
/* The records of a step bound to the run's record layout
 * (docs/spec/train-step.md 7.3): the step reads its record block Q_t (a
 * deferred external commitment, k = 2) and derives X_0 (the features,
 * rescaled from ds->feature_scale to act_scale by zp_fx_rescale) and the
 * labels (the label column) from it by proven relations instead of taking
 * them as private witnesses.  In: ds (the dataset description: columns,
 * feature scale, log_width), ext / offset / mask_offset / log_size (from
 * zp_train_bind_block), root (the record layout's root, absorbed in the
 * step's statement).  Out (both sides, after the step): the deferred claims
 * on Q_t, for zp_train_bind_step_claims. */
#define ZP_TRAIN_REC_CLAIMS 2 /* the feature product and the label product */
typedef struct {
    const zp_train_dataset *ds;
    zp_zkp_ext ext;
    uint64_t offset, mask_offset;
    unsigned log_size;
    const zp_digest *root;
    zp_zkp_dclaim claims[ZP_TRAIN_REC_CLAIMS];
    size_t n_claims;
} zp_train_rec;

/* Binds witness w (built on the ds rows idx, or only shaped on the
 * verifier) to the record block of rec: the record relations' public
 * tables and, on the prover (Qt: the block's B' x 2^ds->log_width encoded
 * values; NULL on the verifier), their witnesses.  Prover: ZP_ERR_ARG when
 * X_0 or a label is not what Qt's rows give; both: ZP_ERR_UNSUPPORTED
 * beyond the relations' bounds (7.3), ZP_ERR_ARG for a dataset that does
 * not fit cfg. */
zp_err zp_train_wit_records(zp_train_wit *w, const zp_train_rec *rec, const zp_fe *Qt);

/* zp_train_step_prove_linked_v whose records come from rec (non-NULL; the
 * prover's ds rows idx[i] must be the rescaled records of Q_t's rows,
 * ZP_ERR_ARG otherwise), and its verifier (for step >= 1 only meaningful
 * with the proof of step - 1, as zp_train_step_verify_linked). */
zp_err zp_train_step_prove_linked_r(uint8_t **proof, size_t *proof_len,
                                    const zp_train_config *cfg, zp_model_prover *before,
                                    unsigned before_index, zp_model_prover *after,
                                    unsigned after_index, const zp_fxdata *ds, uint64_t step,
                                    const uint32_t *idx, size_t n, const zp_rng *rng,
                                    int tamper, const zp_mlp *m, const zp_mlp *v,
                                    zp_train_rec *rec);
zp_err zp_train_step_verify_linked_r(const zp_train_config *cfg, const zp_model_commit *before,
                                     unsigned before_index, const zp_model_commit *after,
                                     unsigned after_index, uint64_t step, const uint32_t *idx,
                                     size_t n, const uint8_t *proof, size_t len,
                                     zp_train_rec *rec);

/* Tests only: on != 0 lets zp_model_commit_create(_v) commit weights
 * outside weight_bits (the C_t of a cheating trainer, which a linked step
 * t >= 1 does not range-check: the step t - 1 that wrote it does,
 * docs/spec/train-step.md section 4); 0 restores the check.  Process-wide,
 * not thread-safe. */
void zp_model_commit_set_unchecked(int on);

/* Tests only: a cheating bound-run prover (zp_train_run_prove_bound):
 * mode 1 proves step 0 (its record block and its step proof, consistently)
 * on batch index idx_0 + 1 instead of the sampler's idx_0; 0 honest. */
void zp_train_run_set_tamper(int mode);

/* Verifier of a linked step: (cfg, step, idx[n], before, before_index,
 * after, after_index).  For step >= 1 the proof does not range-check
 * W_before, b_before nor check that their padding is zero
 * (docs/spec/train-step.md section 4, "Range of W_before"): they are in
 * weight_bits with zero padding only if the caller also accepts the proof
 * of step - 1 that wrote before's commitment, as the run verifier does for
 * every step of a chain from step 0; alone, such a step says nothing about
 * the range or padding of before's weights.  Returns ZP_OK,
 * ZP_ERR_VERIFY, ZP_ERR_PARSE, ZP_ERR_ARG, ZP_ERR_UNSUPPORTED,
 * ZP_ERR_NOMEM. */
zp_err zp_train_step_verify_linked(const zp_train_config *cfg, const zp_model_commit *before,
                                   unsigned before_index, const zp_model_commit *after,
                                   unsigned after_index, uint64_t step, const uint32_t *idx,
                                   size_t n, const uint8_t *proof, size_t len);

/* The W_before a linked step reads from C_t directly (bit l set: W_l is
 * an external tensor of before's commitment in every relation; clear: a
 * tensor of the step's layout tied to C_t by one zero-check), for
 * (cfg, before, step) with a velocity iff before holds one
 * (docs/spec/train-step.md section 4, "Reading W_before").  0 for step 0,
 * on bad arguments, or when no weight matrix qualifies. */
unsigned zp_train_linked_direct(const zp_train_config *cfg, const zp_model_commit *before,
                                uint64_t step);

#endif
