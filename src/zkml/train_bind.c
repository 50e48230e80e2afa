/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Bind proof of a training run: the record layout Q (every step's batch
 * records), the gather Q = S D from the certified dataset commitment D and
 * the opening of every step's deferred claims (docs/spec/train-step.md
 * section 7). */
#include <stdlib.h>
#include <string.h>

#include "field/gl.h"
#include "train_bind_internal.h"

/* Parts of Q (docs/spec/train-step.md 7.2): at most this many power-of-two
 * groups of blocks, the last one rounded up. */
#define BIND_MAX_PARTS 3

struct zp_train_bind {
    zp_transcript tr;
    zp_reader in;
    zp_bytes *proof;
    zp_zkp *z;
    zp_train_dataset ds;
    unsigned j, lb, lt, lw, cps;
    unsigned lq_rows; /* rows of the stacked parts, padded: log2 */
    uint64_t T;
    uint32_t n;
    uint32_t *sel;   /* the record of row (t, i), or NONE, for the parts' rows */
    size_t n_sel;
    zp_fe *q;        /* prover: Q, the parts back to back (q_len values) */
    size_t q_len;
    const zp_fe *ds_evals;
    /* Q stored as n_part witnesses of 2^part_lb[g] blocks each (first block
     * part_blk0[g]): T = 100 is 64 + 32 + 4 blocks, no padding to 128 */
    size_t n_part;
    unsigned part_lb[BIND_MAX_PARTS];
    uint64_t part_blk0[BIND_MAX_PARTS];
    size_t q_id[BIND_MAX_PARTS], d_id, *view;
    unsigned qrows[BIND_MAX_PARTS]; /* rows of each part: part_lb + lb */
    zp_zkp_dclaim *claims; /* T * cps */
    uint8_t *got;          /* per step: claims given */
    int prover;
};

static int bind_tamper;
void zp_train_bind_set_tamper(int mode) { bind_tamper = mode; }

static unsigned lg(uint64_t v) {
    unsigned k = 0;
    while (((uint64_t)1 << k) < v) k++;
    return k;
}

/* The parts of T blocks: the binary digits of T from the top, at most
 * BIND_MAX_PARTS, the last one the power of two covering the remainder
 * (sizes non-increasing, both sides from T alone).  Returns the count. */
static size_t plan_parts(uint64_t T, unsigned *lbk, uint64_t *blk0) {
    size_t n = 0;
    uint64_t rem = T, at = 0;
    while (rem) {
        unsigned k = lg(rem);
        if (((uint64_t)1 << k) > rem && n + 1 < BIND_MAX_PARTS) k--; /* floor */
        lbk[n] = k;
        blk0[n++] = at;
        at += (uint64_t)1 << k;
        rem = ((uint64_t)1 << k) >= rem ? 0 : rem - ((uint64_t)1 << k);
    }
    return n;
}

/* The part of block t. */
static size_t part_of(const zp_train_bind *b, uint64_t t) {
    size_t g = 0;
    while (g + 1 < b->n_part && t >= b->part_blk0[g + 1]) g++;
    return g;
}

zp_err zp_train_dataset_check(const zp_train_dataset *ds) {
    if (!ds || zp_pcs_params_check(&ds->pp) != ZP_OK || ds->log_width < 1 ||
        ds->log_rows < 1 || ds->log_rows + ds->log_width != ds->pp.n_vars ||
        ds->log_rows > 31 || ds->n_records < 1 || ds->n_records > ((uint64_t)1 << ds->log_rows))
        return ZP_ERR_ARG;
    const uint64_t W = (uint64_t)1 << ds->log_width;
    if (ds->n_features < 1 || (uint64_t)ds->feature_col + ds->n_features > W ||
        ds->label_col >= W ||
        (ds->label_col >= ds->feature_col && ds->label_col < ds->feature_col + ds->n_features))
        return ZP_ERR_ARG;
    const unsigned K = ds->pp.max_openings ? ds->pp.max_openings : 1;
    const unsigned m = ds->mask_log_rows;
    if (m > ds->log_rows || m + ds->log_width < ds->pp.log_cols) return ZP_ERR_ARG;
    /* mask blocks: aligned to whole PCS rows, after the records, inside */
    const uint64_t blk = (uint64_t)1 << m;
    if (ds->mask_row < ds->n_records || (ds->mask_row & (blk - 1)) ||
        ds->mask_row + (uint64_t)K * blk > ((uint64_t)1 << ds->log_rows))
        return ZP_ERR_ARG;
    return ZP_OK;
}

void zp_train_bind_free(zp_train_bind *b) {
    if (!b) return;
    zp_zkp_free(b->z);
    if (b->q) zp_memzero(b->q, b->q_len * sizeof(zp_fe));
    free(b->q);
    free(b->sel);
    free(b->view);
    if (b->claims) zp_memzero(b->claims, b->T * b->cps * sizeof *b->claims);
    free(b->claims);
    free(b->got);
    zp_memzero(b, sizeof *b);
    free(b);
}

/* Declarations of the circuit (both passes): Q's parts, D, the views Q_t. */
static zp_err declare_all(zp_train_bind *b) {
    zp_zkp *z = b->z;
    const unsigned lblk = b->lb + b->lw;
    zp_err e = ZP_OK;
    for (size_t g = 0; g < b->n_part && e == ZP_OK; g++) {
        const uint64_t b0 = b->part_blk0[g], nb = (uint64_t)1 << b->part_lb[g];
        e = zp_zkp_witness(z, &b->q_id[g], b->part_lb[g] + lblk,
                           b->q ? b->q + (b0 << lblk) : NULL);
        /* never in the small-tensor group: its views are placed */
        if (e == ZP_OK) e = zp_zkp_set_whole_rows(z, b->q_id[g]);
        /* one mask period per block when it hides every evaluation of the
         * part with margin 2 (docs/spec/train-step.md 7.6): the claims of
         * its steps and the gather's */
        const uint64_t used = b->T - b0 < nb ? b->T - b0 : nb;
        if (e == ZP_OK && 4 * (used * b->cps + 1) <= ((uint64_t)1 << lblk))
            e = zp_zkp_set_mask_period(z, b->q_id[g], lblk);
    }
    const uint64_t moff = (b->ds.mask_row + ((uint64_t)b->j << b->ds.mask_log_rows))
                          << b->ds.log_width;
    if (e == ZP_OK) e = zp_zkp_external_at(z, 0, &b->d_id, b->ds.pp.n_vars, b->ds_evals, 0, moff);
    for (uint64_t t = 0; t < b->T && e == ZP_OK; t++) {
        const size_t g = part_of(b, t);
        e = zp_zkp_view(z, &b->view[t], b->q_id[g], lblk, (t - b->part_blk0[g]) << lblk);
    }
    return e;
}

static zp_err gather(zp_train_bind *b) {
    return zp_zkp_gather_parts(b->z, b->q_id, b->qrows, b->n_part, b->d_id, b->lq_rows,
                               b->ds.log_rows, b->lw, b->sel, b->n_sel);
}

zp_err zp_train_bind_begin(zp_train_bind **out, const zp_train_dataset *ds, unsigned ds_index,
                           uint64_t n_steps, uint32_t n, const uint32_t *idx,
                           unsigned claims_per_step, zp_pcs_prover *ds_pcs,
                           const zp_fe *ds_evals, zp_bytes *proof, const uint8_t *in,
                           size_t in_len, const zp_rng *rng) {
    if (!out) return ZP_ERR_ARG;
    *out = NULL;
    const int prover = proof != NULL;
    if (zp_train_dataset_check(ds) != ZP_OK || !idx || n < 1 || n_steps < 1 ||
        n_steps > ZP_RUN_MAX_STEPS || n > ZP_ZKML_MAX_BATCH || claims_per_step < 1 ||
        claims_per_step > 64 || (prover == (in != NULL)) ||
        (prover && (!ds_pcs || !ds_evals || !rng)))
        return ZP_ERR_ARG;
    const unsigned K = ds->pp.max_openings ? ds->pp.max_openings : 1;
    if (ds_index >= K) return ZP_ERR_ARG; /* the dataset's ZK budget is spent */
    const unsigned lb = lg(n < 2 ? 2 : n), lt = lg(n_steps);
    if (lt + lb + ds->log_width > 26 || lt + lb > ZP_SC_MAX_VARS) return ZP_ERR_UNSUPPORTED;
    /* a step's claims on its block Q_t are masked by the block's slice of
     * B' W values alone: it hides them with margin 2 only when 4
     * claims_per_step <= B' W (the step's builder refuses less, 7.6) */
    if (4 * (uint64_t)claims_per_step > ((uint64_t)1 << (lb + ds->log_width)))
        return ZP_ERR_UNSUPPORTED;
    for (uint64_t i = 0; i < n_steps * n; i++)
        if (idx[i] >= ds->n_records) return ZP_ERR_ARG;
    zp_train_bind *b = calloc(1, sizeof *b);
    if (!b) return ZP_ERR_NOMEM;
    b->prover = prover;
    b->ds = *ds;
    b->j = ds_index;
    b->lb = lb;
    b->lt = lt;
    b->lw = ds->log_width;
    b->T = n_steps;
    b->n = n;
    b->cps = claims_per_step;
    b->proof = proof;
    b->ds_evals = ds_evals;
    b->n_part = plan_parts(n_steps, b->part_lb, b->part_blk0);
    {
        /* every part must fill whole rows of the layout (a tensor below one
         * row joins the builder's small-tensor group, which has no views;
         * zp_zkp_set_whole_rows caps the row width at the smallest part):
         * the builder's row width is at most 2^((lq + 8) / 2) for a plan
         * whose witnesses total at most 2^lq values (choose_log_cols), so
         * smaller parts fall back to one part, as does a part whose
         * full-size mask would not hide its evaluations with margin 2
         * (7.6) */
        const unsigned lq = lt + lb + ds->log_width, thr = (lq + 9) / 2 > 8 ? (lq + 9) / 2 : 8;
        const uint64_t BW = (uint64_t)1 << (lb + ds->log_width);
        for (size_t g = 0; g < b->n_part; g++) {
            const uint64_t nb = (uint64_t)1 << b->part_lb[g];
            const uint64_t used = n_steps - b->part_blk0[g] < nb ? n_steps - b->part_blk0[g] : nb;
            const uint64_t ev4 = 4 * (used * claims_per_step + 1);
            if (b->part_lb[g] + lb + ds->log_width < thr || (ev4 > BW && ev4 > nb * BW)) {
                b->n_part = 1;
                b->part_lb[0] = lt;
                b->part_blk0[0] = 0;
                break;
            }
        }
        /* one part: padded with zero blocks to at least one row of the
         * narrowest layout and, when its mask is its full size, to 4 x its
         * evaluations (7.2, 7.6); larger runs are unchanged */
        if (b->n_part == 1) {
            unsigned lmin = ZP_ZKP_MIN_LOG_COLS;
            const uint64_t ev4 = 4 * (n_steps * claims_per_step + 1);
            if (ev4 > BW)
                while (((uint64_t)1 << lmin) < ev4) lmin++;
            while (b->part_lb[0] + lb + ds->log_width < lmin) b->part_lb[0]++;
        }
    }
    for (size_t g = 0; g < b->n_part; g++) b->qrows[g] = b->part_lb[g] + lb;
    const uint64_t n_blk = b->part_blk0[b->n_part - 1] + ((uint64_t)1 << b->part_lb[b->n_part - 1]);
    b->lq_rows = lg(n_blk) + lb; /* lt + lb unless one padded part */
    b->n_sel = (size_t)n_blk << lb;
    b->q_len = b->n_sel << b->lw;
    const size_t W = (size_t)1 << b->lw;
    b->sel = malloc(b->n_sel * sizeof *b->sel);
    b->view = calloc(n_steps, sizeof *b->view);
    b->claims = calloc(n_steps * claims_per_step, sizeof *b->claims);
    b->got = calloc(n_steps, 1);
    if (prover) b->q = calloc(b->q_len, sizeof(zp_fe));
    if (!b->sel || !b->view || !b->claims || !b->got || (prover && !b->q)) {
        zp_train_bind_free(b);
        return ZP_ERR_NOMEM;
    }
    for (uint64_t t = 0; t < n_blk; t++)
        for (size_t i = 0; i < ((size_t)1 << lb); i++)
            b->sel[(t << lb) + i] = t < n_steps && i < n ? idx[t * n + i] : ZP_GATHER_NONE;
    if (prover) {
        for (size_t r = 0; r < b->n_sel; r++)
            if (b->sel[r] != ZP_GATHER_NONE)
                memcpy(b->q + r * W, ds_evals + (size_t)b->sel[r] * W, W * sizeof(zp_fe));
        /* a record that is no row of D: step 0's first (1), the last
         * step's first (2) */
        const size_t tq = bind_tamper == 2 ? (size_t)(n_steps - 1) << (lb + b->lw) : 0;
        if (bind_tamper == 1 || bind_tamper == 2)
            for (size_t c = 0; c < W; c++) b->q[tq + c] = gl_add(b->q[tq + c], 1);
        for (size_t r = 0; bind_tamper == 3 && r < b->n_sel; r++)
            if (b->sel[r] == ZP_GATHER_NONE) {
                b->q[r * W] = 1;
                break;
            }
    }
    /* statement */
    zp_transcript_init(&b->tr, "zkprov-v1/train-bind");
    zp_transcript_absorb_bytes(&b->tr, "bind/dataset", ds->digest, 32);
    zp_transcript_absorb_digest(&b->tr, "bind/dataset-root", &ds->root);
    zp_transcript_absorb_u64(&b->tr, "bind/dataset-index", ds_index);
    zp_transcript_absorb_u64(&b->tr, "bind/dataset-openings", K);
    zp_transcript_absorb_u64(&b->tr, "bind/log-rows", ds->log_rows);
    zp_transcript_absorb_u64(&b->tr, "bind/log-width", ds->log_width);
    zp_transcript_absorb_u64(&b->tr, "bind/records", ds->n_records);
    zp_transcript_absorb_u64(&b->tr, "bind/steps", n_steps);
    zp_transcript_absorb_u64(&b->tr, "bind/batch", n);
    zp_transcript_absorb_u64(&b->tr, "bind/claims-per-step", claims_per_step);
    {
        uint8_t buf[4 * 256];
        const uint64_t tot = n_steps * n;
        for (uint64_t i = 0; i < tot; i += 256) {
            const size_t k = tot - i < 256 ? (size_t)(tot - i) : 256;
            for (size_t q = 0; q < k; q++) zp_store32_le(buf + 4 * q, idx[i + q]);
            zp_transcript_absorb_bytes(&b->tr, "bind/indices", buf, 4 * k);
        }
    }
    if (!prover) zp_reader_init(&b->in, in, in_len);
    zp_rng child, parent;
    if (prover) {
        parent = *rng;
        zp_rng_derive(&child, &parent, "zkprov-v1/train-bind");
        zp_memzero(&parent, sizeof parent);
    }
    zp_err e = zp_zkp_create(&b->z, &b->tr, proof, prover ? NULL : &b->in,
                             prover ? &child : NULL);
    if (prover) zp_memzero(&child, sizeof child);
    if (e == ZP_OK && bind_tamper) zp_zkp_set_unchecked(b->z);
    zp_zkp_ext x = {&b->ds.pp, &b->ds.root, ds_index, ds->pp.log_cols, ds_pcs, ds_evals};
    if (e == ZP_OK) e = zp_zkp_set_external(b->z, &x);
    if (e == ZP_OK) e = declare_all(b);
    for (uint64_t t = 0; t < n_steps && e == ZP_OK; t++)
        for (unsigned c = 0; c < claims_per_step && e == ZP_OK; c++)
            e = zp_zkp_claim(b->z, b->view[t], NULL, (zp_fe2){0, 0}, (zp_fe2){0, 0});
    if (e == ZP_OK) e = gather(b);
    if (e == ZP_OK) e = zp_zkp_commit(b->z);
    if (e != ZP_OK) {
        zp_train_bind_free(b);
        return e;
    }
    *out = b;
    return ZP_OK;
}

zp_err zp_train_bind_block(const zp_train_bind *b, uint64_t t, zp_zkp_ext *ext,
                           uint64_t *offset, uint64_t *mask_offset, unsigned *log_size) {
    if (!b || t >= b->T || !log_size) return ZP_ERR_ARG;
    *log_size = b->lb + b->lw;
    return zp_zkp_tensor_place(b->z, b->view[t], ext, offset, mask_offset);
}

const zp_digest *zp_train_bind_root(const zp_train_bind *b) {
    zp_zkp_ext x;
    uint64_t o, m;
    if (!b || zp_zkp_tensor_place(b->z, b->q_id[0], &x, &o, &m) != ZP_OK) return NULL;
    return x.root;
}

zp_err zp_train_bind_step_claims(zp_train_bind *b, uint64_t t, const zp_zkp_dclaim *c,
                                 size_t n_claims) {
    if (!b || t >= b->T || b->got[t] || (n_claims && !c)) return ZP_ERR_ARG;
    if (n_claims != b->cps) return b->prover ? ZP_ERR_ARG : ZP_ERR_VERIFY;
    zp_zkp_ext x;
    uint64_t off, moff;
    unsigned ls;
    zp_err e = zp_train_bind_block(b, t, &x, &off, &moff, &ls);
    if (e != ZP_OK) return e;
    for (size_t i = 0; i < n_claims; i++)
        if (c[i].offset != off || c[i].mask_offset != moff || c[i].log_size != ls)
            return b->prover ? ZP_ERR_ARG : ZP_ERR_VERIFY; /* a claim on another block */
    memcpy(b->claims + t * b->cps, c, n_claims * sizeof *c);
    b->got[t] = 1;
    return ZP_OK;
}

zp_err zp_train_bind_finish(zp_train_bind *b) {
    if (!b) return ZP_ERR_ARG;
    for (uint64_t t = 0; t < b->T; t++)
        if (!b->got[t]) return ZP_ERR_ARG;
    /* every deferred claim, before any challenge of the run pass */
    const unsigned ls = b->lb + b->lw;
    for (uint64_t i = 0; i < b->T * b->cps; i++) {
        const zp_zkp_dclaim *c = &b->claims[i];
        zp_transcript_absorb_fe2(&b->tr, "bind/claim/point", c->point, ls);
        zp_transcript_absorb_fe2(&b->tr, "bind/claim/r_b", &c->r_b, 1);
        zp_transcript_absorb_fe2(&b->tr, "bind/claim/value", &c->value, 1);
    }
    zp_err e = declare_all(b);
    for (uint64_t t = 0; t < b->T && e == ZP_OK; t++)
        for (unsigned k = 0; k < b->cps && e == ZP_OK; k++) {
            const zp_zkp_dclaim *c = &b->claims[t * b->cps + k];
            e = zp_zkp_claim(b->z, b->view[t], c->point, c->r_b, c->value);
        }
    if (e == ZP_OK) e = gather(b);
    if (e == ZP_OK) e = zp_zkp_finish(b->z);
    if (e == ZP_OK && !b->prover) e = zp_reader_finish(&b->in);
    if (e == ZP_ERR_PARSE && !b->prover) e = ZP_ERR_VERIFY;
    return e;
}
