/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Internal interface of the proof-composition layer (circuit builder) of
 * zkml: one layout commitment, sub-protocols, one merged PCS opening. */
#ifndef ZKPROV_ZKP_INTERNAL_H
#define ZKPROV_ZKP_INTERNAL_H

#include "zkprov/piop.h"
#include "zkprov/zkml.h"

/* The builder (docs/spec/infer.md, "Builder").  A circuit is a function that
 * calls, in a fixed order that depends only on public data,
 *   zp_zkp_witness / zp_zkp_public   (declare tensors)
 *   zp_zkp_challenge                 (public randomness)
 *   zp_zkp_matmul_affine / zp_zkp_zerocheck / zp_zkp_range (sub-protocols)
 * and is run twice: a plan pass (zp_zkp_planning() == 1: nothing is proven,
 * sizes and the ZK sumcheck masks are recorded), then zp_zkp_commit (the
 * prover commits every witness tensor, its mask companion and every mask
 * polynomial g in ONE layout and sends the root; the verifier reads it),
 * then the run pass (same calls: the sub-protocols are proven or verified
 * and leave claims), then zp_zkp_finish (claims merged, one PCS opening).
 * Everything runs in zero-knowledge mode. */
typedef struct zp_zkp zp_zkp;

/* Creates a prover (proof != NULL, rng != NULL) or a verifier (in != NULL).
 * tr is the caller's transcript (the statement absorbed already). */
zp_err zp_zkp_create(zp_zkp **out, zp_transcript *tr, zp_bytes *proof,
                     zp_reader *in, const zp_rng *rng);
void zp_zkp_free(zp_zkp *z);
int zp_zkp_planning(const zp_zkp *z);
int zp_zkp_is_prover(const zp_zkp *z);

/* Tensors of 2^log_size base values (1 <= log_size <= 30).  Witness: vals
 * on the prover (kept by pointer until zp_zkp_finish), NULL on the
 * verifier.  Public: vals on both sides (the caller absorbs them in the
 * statement).  *id is the same in both passes. */
zp_err zp_zkp_witness(zp_zkp *z, size_t *id, unsigned log_size, const zp_fe *vals);
zp_err zp_zkp_public(zp_zkp *z, size_t *id, unsigned log_size, const zp_fe *vals);
/* External commitments (phases 3 + k; docs/spec/model-commit.md): tensors
 * that live in a polynomial committed outside this proof (a model
 * commitment) with a multi-opening PCS; the claims on commitment k are
 * merged and proven by opening number `index` of that commitment, after the
 * proof's own openings, in the order k = 0, 1, ...  Each call to
 * zp_zkp_set_external adds the next one, k = 0, 1, .. ZP_ZKP_MAX_EXT - 1
 * (ZP_ERR_ARG beyond, or for an opening already set: same root and index),
 * before the plan pass.  pp, root: the public commitment (kept by pointer);
 * prover: pcs (its opening `index` is consumed) and evals (the committed
 * polynomial, kept by pointer). */
#define ZP_ZKP_MAX_EXT 3
typedef struct {
    const zp_pcs_params *pp;
    const zp_digest *root;
    unsigned index, log_cols;
    zp_pcs_prover *pcs;
    const zp_fe *evals;
} zp_zkp_ext;
zp_err zp_zkp_set_external(zp_zkp *z, const zp_zkp_ext *ext);
/* A witness tensor of 2^log_size values stored in external polynomial xk
 * (< the number set) at `offset` (aligned to 2^log_size), with its mask of
 * 2^min(log_size, log_cols) values at `mask_offset` (aligned, same
 * columns, another row).  vals: prover only (must equal the committed
 * values).  zp_zkp_external: xk = 0. */
zp_err zp_zkp_external_at(zp_zkp *z, unsigned xk, size_t *id, unsigned log_size,
                          const zp_fe *vals, uint64_t offset, uint64_t mask_offset);
zp_err zp_zkp_external(zp_zkp *z, size_t *id, unsigned log_size, const zp_fe *vals,
                       uint64_t offset, uint64_t mask_offset);
/* Deferred external commitment (docs/spec/train-step.md section 7): like
 * zp_zkp_set_external, but the claims on its tensors are NOT opened by
 * this proof: zp_zkp_finish leaves them, and zp_zkp_deferred_claims
 * returns them (both sides, after zp_zkp_finish) for another proof to
 * prove (the run's bind proof).  Its tensors (zp_zkp_external_at) have
 * FULL-size masks at mask_offset (2^log_size values, same columns); ext's
 * index and pcs are ignored, evals is needed on the prover. */
typedef struct {
    uint64_t offset, mask_offset; /* of the tensor in the external polynomial */
    unsigned log_size;
    zp_fe2 point[ZP_SC_MAX_VARS];
    zp_fe2 r_b, value; /* value = (1 - r_b) T~(point) + r_b R~(point) */
} zp_zkp_dclaim;
zp_err zp_zkp_set_external_deferred(zp_zkp *z, const zp_zkp_ext *ext);
/* Claims on deferred commitment xk, in proof order: their number; the
 * first min(n, cap) are written to out (may be NULL). */
size_t zp_zkp_deferred_claims(const zp_zkp *z, unsigned xk, zp_zkp_dclaim *out, size_t cap);
/* A view: tensor of 2^log_size values at offset (aligned) inside the
 * main-layout witness tensor parent; its claims are claims on parent, and
 * a parent with views gets a mask of its own full size (each view masked
 * by its own slice). */
zp_err zp_zkp_view(zp_zkp *z, size_t *id, size_t parent, unsigned log_size, uint64_t offset);
/* Plan pass: the mask of main-layout witness tensor id (one with views)
 * is periodic with 2^log_period values (>= one layout row) instead of its
 * full size, so views of 2^log_period values share one mask: use it only
 * when every view is evaluated at independent points (docs/spec/
 * train-step.md section 7.6) and 4 x the evaluations of id stay within
 * 2^log_period.  A no-op in the run pass. */
zp_err zp_zkp_set_mask_period(zp_zkp *z, size_t id, unsigned log_period);
/* The narrowest row of the builder's main layout (log2 of its columns). */
#define ZP_ZKP_MIN_LOG_COLS 8
/* Plan pass: main-layout witness tensor id must fill whole rows of the
 * layout (never join the small-tensor group, so that it can be placed by
 * zp_zkp_tensor_place and its views read as deferred externals): the row
 * width is capped at 2^log_size(id) (ZP_ERR_UNSUPPORTED at commit when the
 * plan needs wider rows, e.g. log_size(id) < ZP_ZKP_MIN_LOG_COLS).  Changes
 * no plan where id already fills whole rows.  A no-op in the run pass. */
zp_err zp_zkp_set_whole_rows(zp_zkp *z, size_t id);
/* An injected claim on witness tensor id (a main-layout tensor or a view,
 * not grouped): value = (1 - r_b) T~(point) + r_b R~(point), made by
 * another proof (a deferred claim); plan pass: counted (point ignored),
 * run pass: added to the claims proven by zp_zkp_finish.  The caller
 * absorbs the claim in the transcript before any later challenge. */
zp_err zp_zkp_claim(zp_zkp *z, size_t id, const zp_fe2 *point, zp_fe2 r_b, zp_fe2 value);
/* After zp_zkp_commit: the committed main layout as an external
 * commitment (pp, root, log_cols, evals on the prover; pointers into z)
 * and the offsets of tensor id (a view allowed) and of its mask (the slice,
 * or the period, of the parent's mask: 2^log_size values), for another
 * proof's zp_zkp_set_external_deferred / zp_zkp_external_at.  Returns
 * ZP_OK or ZP_ERR_ARG (id grouped, or its mask smaller than id). */
zp_err zp_zkp_tensor_place(const zp_zkp *z, size_t id, zp_zkp_ext *ext, uint64_t *offset,
                           uint64_t *mask_offset);
/* Hooks for sub-protocols written outside zkp_builder.c (zkp_gather.c):
 * the transcript, the error latch, the reservation of a ZK sumcheck mask
 * g (plan: reserve; run: take the next, same shape) and its rows
 * (prover), the plan's count of one masked evaluation of a tensor, claims
 * on a tensor (not grouped) and on g, the exchange of one masked value,
 * the prover's values and mask companion of a tensor (an external
 * tensor's mask per zp_zkp_external_at). */
zp_transcript *zp_zkp_transcript(zp_zkp *z);
zp_bytes *zp_zkp_proof(zp_zkp *z);   /* prover, else NULL */
zp_reader *zp_zkp_reader(zp_zkp *z); /* verifier, else NULL */
zp_err zp_zkp_fail(zp_zkp *z, zp_err e);
int zp_zkp_unchecked(const zp_zkp *z);
const zp_fe *zp_zkp_values(const zp_zkp *z, size_t id);
zp_err zp_zkp_take_g(zp_zkp *z, size_t *gi, unsigned nv, unsigned deg);
void zp_zkp_g_rows(const zp_zkp *z, size_t gi, const zp_fe **g0, const zp_fe **g1);
void zp_zkp_plan_eval(zp_zkp *z, size_t id);
zp_err zp_zkp_tensor_claim(zp_zkp *z, size_t id, const zp_fe2 *point, zp_fe2 r_b,
                           zp_fe2 value);
zp_err zp_zkp_g_claim(zp_zkp *z, size_t gi, const zp_fe2 *point, unsigned n, zp_fe2 r_b,
                      zp_fe2 g_eval);
zp_err zp_zkp_send_eval(zp_zkp *z, zp_fe2 *v);
zp_err zp_zkp_mask(const zp_zkp *z, size_t id, const zp_fe **mask, size_t *len);

/* Gather (src/zkml/zkp_gather.c, docs/spec/train-step.md section 7):
 * proves Q = S D for the main-layout witness Q (2^lq_rows x 2^lw, row
 * (t, i) = record sel[t * stride + i]; rows with no selection, and
 * sel[] == ZP_GATHER_NONE, are zero) and the external tensor D (the whole
 * polynomial of its commitment: 2^ld_rows x 2^lw): at a random point
 * (r_col, r_row), 0 = sum_k w(k) D~(k, r_col) - Q~(r_row, r_col) with
 * w(k) = sum_{rows q: sel[q] = k} eq(r_row, q), by one ZK sumcheck of
 * degree 2 over ld_rows variables.  sel[n_sel] lists the record of every
 * row q < n_sel (n_sel <= 2^lq_rows).  The prover refuses (ZP_ERR_ARG) a
 * Q that is not S D unless zp_zkp_set_unchecked. */
#define ZP_GATHER_NONE UINT32_MAX
zp_err zp_zkp_gather(zp_zkp *z, size_t q, size_t d, unsigned lq_rows, unsigned ld_rows,
                     unsigned lw, const uint32_t *sel, size_t n_sel);
/* The same with Q stored as n_parts witnesses q[g] of 2^q_rows[g] rows
 * (q_rows non-increasing), stacked in order in the 2^lq_rows row space:
 * part g holds rows [sum_{h<g} 2^q_rows[h], + 2^q_rows[g]); rows after the
 * parts are zero (no tensor), so a run of T blocks needs no power-of-two
 * padding.  One claim per part at (r_col, r_row's low q_rows[g] bits). */
#define ZP_GATHER_MAX_PARTS 4
zp_err zp_zkp_gather_parts(zp_zkp *z, const size_t *q, const unsigned *q_rows, size_t n_parts,
                           size_t d, unsigned lq_rows, unsigned ld_rows, unsigned lw,
                           const uint32_t *sel, size_t n_sel);

/* A transcript challenge (run pass; 0 in the plan pass). */
zp_fe2 zp_zkp_challenge(zp_zkp *z, const char *label);

/* Affine matrix product: proves, for all (i, j),
 *   0 = sum_k A[i][k] B[k][j] + sum_t c_t T_t[i][j] + o_j (sum_r c_r V_r[i] + c0)
 * for A (2^lm x 2^ln, witness), B (2^ln x 2^lp, witness or public), FULL
 * tails T_t (2^lm x 2^lp), ROW tails V_r (2^lm) and the public column
 * weights o (2^lp values, NULL = all ones), at a random point (r_j, r_i):
 * one ZK sumcheck over ln >= 1 variables whose claim is 0, the tail values
 * entering as constant tables against eq(0, k) (docs/spec/infer.md). */
#define ZP_ZKP_MAX_TAILS 8
typedef struct {
    size_t id;
    zp_fe2 coeff;
    int rows; /* 0: FULL (2^(lm+lp) values), 1: ROW (2^lm values, times o) */
} zp_zkp_tail;
zp_err zp_zkp_matmul_affine(zp_zkp *z, size_t a, size_t b, unsigned lm, unsigned ln,
                            unsigned lp, const zp_zkp_tail *tails, size_t n_tails,
                            zp_fe2 c0, const zp_fe *o);
/* The same with op(A) op(B) in place of A B (docs/spec/train-step.md,
 * "Builder requirements"): with ZP_ZKP_AT the tensor a is stored 2^ln x
 * 2^lm (A[k][i] at k 2^lm + i) and enters as its transpose; with ZP_ZKP_BT,
 * b is stored 2^lp x 2^ln.  No tensor is copied: the prover folds the stored
 * operand with the row and column roles swapped and the claim lands on the
 * stored tensor at the swapped point (the MLE of X^T at (u, v) is the MLE of
 * X at (v, u)); masks fold the same way. */
#define ZP_ZKP_AT 1u
#define ZP_ZKP_BT 2u
zp_err zp_zkp_matmul_ex(zp_zkp *z, size_t a, size_t b, unsigned lm, unsigned ln, unsigned lp,
                        unsigned flags, const zp_zkp_tail *tails, size_t n_tails, zp_fe2 c0,
                        const zp_fe *o);

/* Zero-check: proves sum_t c_t prod_{f < n_f} T_{f}(x) = 0 for every x of
 * {0,1}^log_n (tensors of 2^log_n values, witness or public; n_f 0..2), by
 * a ZK sumcheck of sum_x eq(r, x) (...) = 0 at a random r.  Deferred: the
 * checks of one size are batched with random coefficients and proven
 * together in zp_zkp_finish (same statement, fewer sumchecks and claims). */
#define ZP_ZKP_MAX_TERMS 8
typedef struct {
    zp_fe2 coeff;
    unsigned n_f;
    size_t f[2];
} zp_zkp_term;
zp_err zp_zkp_zerocheck(zp_zkp *z, unsigned log_n, const zp_zkp_term *terms,
                        size_t n_terms);

/* Range check: T[x] + offset in [0, 2^k_bits) for every x (1 <= k <= 32).
 * Batched (docs/spec/infer.md, "Lookups"): the prover splits T + offset into
 * L = ceil(k/w) limbs of w bits (w = 8, or 16 by zp_zkp_set_limb_bits; the
 * top limb has b = k - w (L - 1) bits); the limbs of EVERY range check of
 * the circuit are stacked in one committed column (phase 1, the main
 * layout), looked up ONCE at the end as pairs (width, limb) in the public
 * table {(c, v) : 0 <= v < 2^c} of the plan's widths c (a public tag column
 * gives each position's width; a large column batches its LogUp helper
 * over two blocks, docs/spec/logup.md "Batched helpers"); here a
 * zero-check ties T + offset to its limbs.  A
 * public tensor is checked by the verifier directly (signed values).  The
 * prover refuses (ZP_ERR_ARG at zp_zkp_commit) a value out of range. */
zp_err zp_zkp_range(zp_zkp *z, size_t id, int64_t offset, unsigned k_bits);

/* Lookup into a public table: for every x of the sources' cube,
 *   (S1[x], S2[x]) = (t1[j], t2[j]) for some j < 2^log_t   (n_src = 2), or
 *   S1[x] = t1[j]                                          (n_src = 1, t2 NULL).
 * src[n_src]: witness tensors of one size 2^n (n <= 26); t1, t2: 2^log_t
 * public values (1 <= log_t <= 26), the same on both sides, kept by pointer
 * until zp_zkp_finish; the caller makes them part of the statement (fixed
 * constants of the circuit, or absorbed).  A value listed twice in the table
 * is counted at its first position.  Protocol (docs/spec/infer.md,
 * "Lookups", docs/spec/logup.md): the prover commits the multiplicities m
 * (2^log_t values) with the witness in phase 1; after beta and gamma
 * (transcript) the helper h = 1/(beta - S1 - gamma S2) goes into the
 * phase-2 commitment shared by all lookups, and one ZK sumcheck of degree 3
 * over max(n, log_t) variables proves sum h = sum_j m_j / (beta - t1_j -
 * gamma t2_j) and h (beta - S1 - gamma S2) = 1, run at zp_zkp_finish.  The
 * verifier's cost includes O(2^log_t) for W = 1/(beta - t).  The witness
 * values of S1, S2 must be final when zp_zkp_commit runs (prover).  The
 * prover refuses (ZP_ERR_ARG at zp_zkp_commit) a value not in the table. */
zp_err zp_zkp_lookup(zp_zkp *z, const size_t *src, size_t n_src, const zp_fe *t1,
                     const zp_fe *t2, unsigned log_t);

/* The LogUp sumcheck of a lookup (src/zkml/zkp_lookup_sc.c): the same
 * transcript, proof bytes, res, point and evals as zp_sumcheck_zk_prove(tr,
 * proof, res, point, evals, inst, claim, g0, g1, NULL, 0), computed by a
 * prover kernel that uses the instance's structure (docs/spec/sumcheck.md,
 * "Prover kernels").  inst: nv = n_vars >= max(n, tau) variables, tables
 * EQ, W, M, H, Q (indices 0..4) and terms c_H H, c_E EQ H Q, c_W W M (in
 * this order), where EQ(x) = eq(r, x_<n) [x_>=n = 0] (r[n]; its table is
 * not read and may be NULL), W is an unmasked extension table and M a
 * base table, both zero at x >= 2^tau, M with a base or extension mask of
 * period <= 2^tau, H and Q extension tables constant at x >= 2^n, with
 * extension masks of period <= 2^n.  Other shapes run the generic engine
 * (with an EQ table built here when it is NULL).  Returns ZP_OK,
 * ZP_ERR_ARG, ZP_ERR_NOMEM. */
zp_err zp_zkp_lookup_sc_prove(zp_transcript *tr, zp_bytes *proof, zp_sc_zk_result *res,
                              zp_fe2 *point, zp_fe2 *evals, const zp_sc_instance *inst,
                              zp_fe2 claim, const zp_fe *g0, const zp_fe *g1, const zp_fe2 *r,
                              unsigned n, unsigned tau);

/* The batched LogUp sumcheck (docs/spec/logup.md, "Batched helpers"):
 * the same outputs as zp_sumcheck_zk_prove on inst, computed by a kernel.
 * inst: m = n_vars >= tau >= 1 variables, tables EQ, W, M, H, Q_0 ..
 * Q_(K-1) (indices 0 .. 3 + K, K = 2 .. 6) and the K + 3 terms
 *   c_H H, c_E EQ H Q_0 .. Q_(K-1), then for j < K: -c_E EQ prod_(l != j)
 *   Q_l (factors EQ and the Q_l in increasing l), then c_W W M,
 * where EQ = eq(r, .) (r[m]; its table is not read and may be NULL), W an
 * unmasked extension table and M a base table, both zero at x >= 2^tau, M
 * with a base or extension mask of period <= 2^tau, H and the Q_j
 * extension tables with extension masks of period <= 2^m.  Other shapes
 * run the generic engine (with an EQ table built here when it is NULL).
 * Returns ZP_OK, ZP_ERR_ARG, ZP_ERR_NOMEM. */
zp_err zp_zkp_lookup_batch_sc_prove(zp_transcript *tr, zp_bytes *proof, zp_sc_zk_result *res,
                                    zp_fe2 *point, zp_fe2 *evals, const zp_sc_instance *inst,
                                    zp_fe2 claim, const zp_fe *g0, const zp_fe *g1,
                                    const zp_fe2 *r, unsigned K, unsigned tau);

/* The Q tables of the range lookup by their sources (prover): block j of
 * the stacked column at L + j 2^m, its public tags (1 .. 16) at tag + j
 * 2^m, R[j] block j's base mask; Q_j = beta - gamma tag - L, its mask
 * beta - R[j]. */
#define ZP_ZKP_LU_QSRC_MAXK 6
typedef struct {
    const zp_fe *L;
    const uint8_t *tag;
    const zp_fe *R[ZP_ZKP_LU_QSRC_MAXK];
    zp_fe2 beta, gamma;
} zp_zkp_lu_qsrc;
/* zp_zkp_lookup_batch_sc_prove on inst whose Q_j tables are given by qs
 * (inst's Q_j entries: only mask_len, the period of R[j], is read): the
 * same outputs as with the tables beta - gamma tag - L (masks beta -
 * R[j]) in inst.  For K = 2 the kernel reads qs directly (9 bytes a
 * position instead of 16; zkp_lookup_kern.h "tq"); otherwise it builds
 * the tables.  Returns ZP_OK, ZP_ERR_ARG, ZP_ERR_NOMEM. */
zp_err zp_zkp_lookup_batch_sc_prove_q(zp_transcript *tr, zp_bytes *proof, zp_sc_zk_result *res,
                                      zp_fe2 *point, zp_fe2 *evals, const zp_sc_instance *inst,
                                      zp_fe2 claim, const zp_fe *g0, const zp_fe *g1,
                                      const zp_fe2 *r, unsigned K, unsigned tau,
                                      const zp_zkp_lu_qsrc *qs);

/* Tests only (docs/spec/infer.md, "Zero knowledge"): a process-wide hook
 * called at the end of every zp_zkp_commit (both sides; NULL to remove; not
 * thread-safe), and per-tensor plan data for it: tensor i (< n_tensors) is
 * a committed witness tensor (not public, not a view) when
 * zp_zkp_mask_info returns 1, with its planned number of masked
 * evaluations, the number of base values of its mask (of the group rows at
 * its columns for a small tensor, whose evaluations are then those of
 * every grouped tensor placed inside its columns, its own included: the
 * block that shares the mask; for the stacked range column masked by
 * shared rows, one row and the evaluations of its busiest row: its
 * objects' and the column's own; for a large tensor with a shared row, one
 * row and that row's evaluations) and its phase (1 main layout, 2 lookup
 * helpers, 3 an external commitment). */
void zp_zkp_set_plan_hook(void (*hook)(const zp_zkp *z, void *ctx), void *ctx);
size_t zp_zkp_n_tensors(const zp_zkp *z);
int zp_zkp_mask_info(const zp_zkp *z, size_t i, unsigned *n_evals, uint64_t *mask_len,
                     int *phase);
/* Tests: 1 when tensor i is in the small-tensor group, with its place
 * (row < 2^gj, first column), its log size, the group's log2 rows gj and
 * the layout's log_cols. */
int zp_zkp_group_place(const zp_zkp *z, size_t i, unsigned *row, uint64_t *col,
                       unsigned *log_size, unsigned *gj, unsigned *log_cols);

/* Tests (docs/spec/infer.md, "Zero knowledge", item 1): after
 * zp_zkp_commit, the number of shared mask rows (colours) of the stacked
 * range column's objects and the large tensors (0: none), and the number
 * of masked objects when n_objects != NULL; zp_zkp_mask_colour: 1 and the
 * colour of tensor id when it is a limb view of the stacked column or a
 * large tensor with a shared row, else 0. */
size_t zp_zkp_mask_rows(const zp_zkp *z, size_t *n_objects);
int zp_zkp_mask_colour(const zp_zkp *z, size_t id, uint32_t *colour);

/* Ends the plan pass: lays out, commits (prover) or reads the root. */
zp_err zp_zkp_commit(zp_zkp *z);
/* Ends the run pass: merges the claims, opens / verifies the PCS. */
zp_err zp_zkp_finish(zp_zkp *z);
/* Tests of cheating provers: let the prover open claims that its
 * sub-protocols computed from a different witness than the committed one. */
void zp_zkp_set_unchecked(zp_zkp *z);
/* Tests of cheating range provers (with zp_zkp_set_unchecked): mode 1 puts
 * an out-of-range value's overflow in its top limb (the lookup must fail),
 * mode 2 truncates the top limb to its b bits (the limb relation must
 * fail), mode 3 is mode 1 with a top limb below 2^w counted in the table
 * at the full-width entry (w, limb), as if its tag were w (the tagged
 * lookup must fail); the prover no longer refuses out-of-range values.
 * Mode 4 keeps the witness honest and adds 1 to every lookup's helper at
 * position 1 (h(1) + 1: the helper's zero-check must fail).  Mode 5 keeps
 * the witness honest and, for every tensor defined by its views, sends
 * the view values of each evaluation shifted by (+2^w, -1) on views 0 and
 * 1 (tensors of one view: unchanged), which keeps their combination (the
 * tensor's value): the views' claims must fail. */
void zp_zkp_set_forge(zp_zkp *z, int mode);
/* Tensors defined by their limb views (docs/spec/infer.md, "Tensors
 * defined by their limb views"): a range-checked witness tensor that only
 * this builder's sub-protocols read is not committed; its claims become
 * claims on its limb views and its decomposition zero-check is dropped.
 * On by default; tests switch it off (on = 0) on both sides before
 * zp_zkp_commit (ZP_ERR_ARG after).  zp_zkp_n_view_defined: how many
 * tensors the plan defines by their views (after zp_zkp_commit). */
zp_err zp_zkp_set_view_defined(zp_zkp *z, int on);
size_t zp_zkp_n_view_defined(const zp_zkp *z);
/* Tests: the range lookup's helper batched over K = 2^kappa blocks of the
 * stacked column (docs/spec/logup.md, "Batched helpers"), kappa 0..2, in
 * place of the plan's rule (cut, as the rule is, until the blocks keep at
 * least the table's number of variables).  Both sides call it with the
 * same value before zp_zkp_commit (ZP_ERR_ARG otherwise). */
zp_err zp_zkp_set_lookup_batch(zp_zkp *z, unsigned kappa);
/* Tests: the range lookup in K blocks (2..6, whatever the rule's choice;
 * docs/spec/infer.md, "Split stacked column"): blocks of 2^m positions, m
 * the smallest with K 2^m >= the used positions, 2^m >= the largest view
 * and m >= the table's variables; the column is committed as the used
 * positions rounded up to 2^max(m - 3, 8) (2^m if m < 8), in power-of-two
 * columns.  Takes precedence over zp_zkp_set_lookup_batch.  Both sides,
 * before zp_zkp_commit (ZP_ERR_ARG otherwise). */
zp_err zp_zkp_set_lookup_blocks(zp_zkp *z, unsigned K);
/* After zp_zkp_commit: the number of committed columns of the stacked
 * range column (0: no range check; 1: one column; more: split, at most
 * ZP_ZKP_LK_MAX_COLUMNS) and, when log_sizes != NULL, their sizes (log2
 * of the positions, decreasing). */
#define ZP_ZKP_LK_MAX_COLUMNS 6
unsigned zp_zkp_lk_columns(const zp_zkp *z, unsigned *log_sizes);
/* After zp_zkp_commit: the blocks K the range lookup reads (0: no range
 * check; 1: not batched) and, when log_block != NULL, their size (log2 of
 * the positions of one block). */
unsigned zp_zkp_lk_blocks(const zp_zkp *z, unsigned *log_block);
/* Tests (prover, after zp_zkp_finish): the bytes [*begin, *end) of the
 * proof that the range lookup's sumcheck and sent values occupy (0, 0:
 * no range check). */
void zp_zkp_lk_proof_range(const zp_zkp *z, size_t *begin, size_t *end);
/* Tests (prover only): the range lookup's helper by inverting every
 * position of the stacked column (the reference) instead of reading it
 * from the table side's W; the proof must be byte-identical. */
void zp_zkp_set_helper_ref(zp_zkp *z);
/* Width of the range checks' limbs and of their table [0, 2^bits): 8 (the
 * default) or 16 (docs/spec/infer.md, "Lookups"): half as many limbs for a
 * 2^16-entry table, worth it when the stacked column is large.  Both sides
 * call it with the same value, before the first zp_zkp_range of the plan
 * pass (ZP_ERR_ARG otherwise). */
zp_err zp_zkp_set_limb_bits(zp_zkp *z, unsigned bits);

/* The model polynomial (docs/spec/model-commit.md, "Layout").  Tensor i
 * (i = 2l: W_l, i = 2l + 1: b_l, zero-padded as in the circuit; a
 * training-state commitment (version 2) adds the momentum buffers
 * i = 2L + 2l: M_W l, i = 2L + 2l + 1: M_b l) has 2^logsz[i] values at
 * off[i]; its mask for opening j sits at zp_model_mask_offset(lay, i, j). */
#define ZP_MODEL_SECURITY 100
typedef struct {
    unsigned n_t, log_cols, n_vars;
    unsigned logsz[4 * ZP_ZKML_MAX_LAYERS];
    uint64_t off[4 * ZP_ZKML_MAX_LAYERS];
    unsigned slot[4 * ZP_ZKML_MAX_LAYERS];
    unsigned n_slots, max_openings;
    unsigned mask_log_rows; /* mask rows per slot and opening: 2^this */
    uint64_t data_rows;
    unsigned velocity;      /* 1: momentum buffers follow (n_t = 4L)   */
} zp_model_layout;
/* Fills lay for cfg's architecture, log_cols and O openings.  Returns
 * ZP_OK, ZP_ERR_ARG or ZP_ERR_UNSUPPORTED (more than 2^ZP_PCS_MAX_VARS). */
zp_err zp_model_layout_compute(zp_model_layout *lay, const zp_train_config *cfg,
                               unsigned log_cols, unsigned max_openings);
/* The same with the momentum buffers when velocity is 1 (n_t = 4L). */
zp_err zp_model_layout_compute_v(zp_model_layout *lay, const zp_train_config *cfg,
                                 unsigned log_cols, unsigned max_openings, int velocity);
/* 1 if the layout holds momentum buffers (a training-state commitment). */
static inline int zp_model_has_velocity(const zp_model_layout *lay) {
    return lay->velocity != 0;
}
uint64_t zp_model_mask_offset(const zp_model_layout *lay, unsigned i, unsigned j);
/* Mask rows of tensor i per opening (docs/spec/infer.md, "Zero
 * knowledge"): a tensor below one row (2^k < 2^log_cols values) has
 * 2^g mask rows at its columns, g the smallest with 2^(k + g) >= 4
 * ZP_MODEL_MAX_EVALS, so that up to ZP_MODEL_MAX_EVALS masked evaluations
 * per opening (each at its own mask point w) keep margin 2; a larger
 * tensor one row (2^log_cols >= 64 values).  The builder refuses a plan
 * that evaluates an external tensor more often than its mask allows. */
#define ZP_MODEL_MAX_EVALS 4
static inline unsigned zp_model_mask_log_rows(unsigned log_size, unsigned log_cols) {
    unsigned g = 0;
    if (log_size >= log_cols) return 0;
    while (((uint64_t)1 << (log_size + g)) < 4 * ZP_MODEL_MAX_EVALS) g++;
    return g;
}

struct zp_model_commit {
    zp_train_config cfg; /* architecture and formats only (no strings) */
    zp_pcs_params pp;
    zp_digest root;
    uint8_t digest[32];
    zp_model_layout lay;
};
struct zp_model_prover {
    zp_model_commit pub;
    zp_mlp m;
    zp_mlp v; /* momentum buffers (M_W in w, M_b in b) of a version-2
               * (training-state) commitment; n_layers 0 otherwise */
    zp_fe *evals; /* the model polynomial (2^n_vars) */
    zp_pcs_prover *pcs;
    uint8_t key[32];
    unsigned next;
};
/* zp_model_commit_create for a training state (docs/spec/model-commit.md,
 * "Training state"): the weights m and the momentum buffers v (M_W in
 * v->w, M_b in v->b, architecture of cfg) in one version-2 commitment;
 * v NULL: a version-1 model commitment.  Returns as zp_model_commit_create. */
zp_err zp_model_commit_create_v(zp_model_prover **out, const zp_train_config *cfg,
                                const zp_mlp *m, const zp_mlp *v, unsigned max_openings,
                                const zp_rng *rng);

/* Proven inference with a cheating prover for the tests (0: honest):
 * 1 a weight changed after the commitment, 2 a wrong ReLU (a positive
 * pre-activation of layer 0 set to 0, later layers recomputed), 3 a
 * remainder out of range (q - 1 with remainder + 2^s, later layers
 * recomputed; the range prover forges its limbs, zp_zkp_set_forge mode 1),
 * 4 the same with forge mode 2. */
enum { ZP_INFER_HONEST = 0, ZP_INFER_TAMPER_WEIGHT = 1, ZP_INFER_TAMPER_RELU = 2,
       ZP_INFER_TAMPER_REM = 3, ZP_INFER_TAMPER_REM_TRUNC = 4,
       ZP_INFER_TAMPER_CLAMP_BOTH = 5, ZP_INFER_TAMPER_CLAMP_LO = 6 };
zp_err zp_infer_prove_ex(uint8_t **proof, size_t *proof_len, int64_t *logits,
                         const zp_train_config *cfg, const zp_mlp *m, const int64_t *x,
                         size_t n, const zp_infer_opts *opts, const zp_rng *rng,
                         int tamper);
/* The same, bound to the model commitment of mp (opening mp->next). */
zp_err zp_infer_prove_model_ex(uint8_t **proof, size_t *proof_len, int64_t *logits,
                               unsigned *index, zp_model_prover *mp, const int64_t *x,
                               size_t n, const zp_infer_opts *opts, const zp_rng *rng,
                               int tamper);

#endif
