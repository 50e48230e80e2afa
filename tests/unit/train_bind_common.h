/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Fixtures shared by the dataset and bound-run tests (test_dataset.c,
 * test_train_bind_ds.c, test_train_bind_run.c, test_train_bind_tiny.c): a
 * CSV-style schema, a dataset commitment of seeded records with its
 * training view and matrix prover, proving a bound run, checking that its
 * released model is the plain trainer's, and honest deferred claims on a
 * bind proof's block (test_train_bind_parts.c too). */
#ifndef ZP_TESTS_TRAIN_BIND_COMMON_H
#define ZP_TESTS_TRAIN_BIND_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "field/gl.h"
#include "zkprov/prov.h"
#include "zkml/train_bind_internal.h"

/* A CSV-style schema of nf feature columns "f<i>" (one value each, of the
 * given scale and bound) and a label "y" in [0, label_bound]. */
static inline zp_ds_schema *tb_schema(size_t nf, uint32_t scale, uint64_t bound,
                                      uint64_t label_bound) {
    zp_ds_schema *s = calloc(1, sizeof *s);
    s->format = ZP_DS_CSV;
    s->n_columns = nf;
    s->columns = calloc(nf, sizeof *s->columns);
    for (size_t i = 0; i < nf; i++) {
        s->columns[i].name = malloc(24);
        snprintf(s->columns[i].name, 24, "f%zu", i);
        s->columns[i].count = 1;
        s->columns[i].scale = scale;
        s->columns[i].bound = bound;
    }
    s->has_label = 1;
    s->label_name = malloc(8);
    strcpy(s->label_name, "y");
    s->label_bound = label_bound;
    char err[ZP_DS_ERR_BYTES];
    if (zp_ds_schema_finish(s, err) != ZP_OK) { zp_ds_schema_free(s); return NULL; }
    return s;
}

/* A builder holding the nrec records rows (s->width values each). */
static inline zp_dataset_builder *tb_fill(const zp_ds_schema *s, const zp_fe *rows, size_t nrec) {
    zp_dataset_builder *b = NULL;
    char err[ZP_DS_ERR_BYTES];
    if (zp_dataset_builder_new(&b, s) != ZP_OK) return NULL;
    for (size_t i = 0; i < nrec; i++)
        if (zp_dataset_builder_add(b, err, rows + i * s->width) != ZP_OK) {
            zp_dataset_builder_free(b);
            return NULL;
        }
    return b;
}

/* The shape of a seeded dataset: nrec records of nf features drawn in
 * [-qrange/2, qrange/2) (columns of scale fscale and the given bound) and a
 * label in [0, ncls). */
typedef struct {
    size_t nf, nrec;
    uint32_t ncls, fscale;
    uint64_t bound, qrange;
} tb_shape;

typedef struct {
    size_t nf, nrec;
    zp_ds_schema *s;
    zp_fe *rows;
    zp_dataset_commit *c;
    zp_dataset_secret *sec;
    zp_train_dataset v;
    zp_pcs_prover *pcs; /* with_prover only */
    zp_fe *D;
    zp_fxdata fx; /* the records as the CLI loads them (zp_fx_rescale) */
} tb_dset;

/* Commits to records drawn from a zp_rng seeded with rng_seed (DS.commit
 * seed ds_seed) and takes the training view; with_prover also re-creates
 * the matrix prover from the records and DS.secret. */
static inline void tb_dset_make(tb_dset *S, const tb_shape *sh, uint64_t rng_seed,
                                const uint8_t ds_seed[32], int with_prover) {
    const size_t nf = sh->nf, nrec = sh->nrec;
    memset(S, 0, sizeof *S);
    S->nf = nf;
    S->nrec = nrec;
    S->s = tb_schema(nf, sh->fscale, sh->bound, sh->ncls - 1);
    CHECK(S->s != NULL);
    const size_t w = S->s->width;
    S->rows = calloc(nrec * w, sizeof(zp_fe));
    S->fx.n = nrec;
    S->fx.n_features = (uint32_t)nf;
    S->fx.x = malloc(nrec * nf * sizeof(int64_t));
    S->fx.label = malloc(nrec * sizeof(int32_t));
    zp_rng r;
    zp_rng_init_u64(&r, rng_seed);
    for (size_t i = 0; i < nrec; i++) {
        for (size_t c = 0; c < nf; c++) {
            uint8_t b[4];
            zp_rng_bytes(&r, b, 4);
            const int64_t q = (int64_t)(zp_load32_le(b) % sh->qrange) - (int64_t)(sh->qrange / 2);
            S->rows[i * w + c] = zp_ds_fe_from_i64(q);
            S->fx.x[i * nf + c] = zp_fx_rescale(q, sh->fscale, 8, 16);
        }
        uint8_t b;
        zp_rng_bytes(&r, &b, 1);
        S->rows[i * w + nf] = b % sh->ncls;
        S->fx.label[i] = (int32_t)(b % sh->ncls);
    }
    char err[ZP_DS_ERR_BYTES] = "";
    zp_dataset_builder *b0 = tb_fill(S->s, S->rows, nrec);
    CHECK(b0 != NULL);
    CHECK_OK(zp_dataset_builder_finish(b0, err, &S->c, &S->sec, ds_seed));
    zp_dataset_builder_free(b0);
    CHECK_OK(zp_dataset_train_view(&S->v, err, S->c));
    if (with_prover) {
        zp_dataset_builder *b1 = tb_fill(S->s, S->rows, nrec);
        CHECK_OK(zp_dataset_matrix_prover(&S->pcs, &S->D, err, S->c, S->sec, b1));
        zp_dataset_builder_free(b1);
    }
}

static inline void tb_dset_free(tb_dset *S) {
    if (S->D) zp_memzero(S->D, ((size_t)1 << S->v.pp.n_vars) * sizeof(zp_fe));
    free(S->D);
    zp_pcs_prover_free(S->pcs);
    zp_dataset_commit_free(S->c);
    zp_dataset_secret_free(S->sec);
    zp_ds_schema_free(S->s);
    free(S->rows);
    free(S->fx.x);
    free(S->fx.label);
}

/* A bound run on S's records with opening j, training on fx (a fresh
 * matrix prover: the run consumes the opening). */
static inline zp_err tb_prove(uint8_t **run, size_t *len, zp_model_prover **fin,
                              const zp_train_config *cfg, const zp_mlp *base, const zp_fxdata *fx,
                              const uint8_t *cert, const tb_dset *S, unsigned j, uint64_t seed) {
    zp_rng r;
    zp_rng_init_u64(&r, seed);
    char err[ZP_DS_ERR_BYTES] = "";
    zp_pcs_prover *pcs = NULL;
    zp_fe *D = NULL;
    zp_dataset_builder *b = tb_fill(S->s, S->rows, S->nrec);
    zp_err e = zp_dataset_matrix_prover(&pcs, &D, err, S->c, S->sec, b);
    zp_dataset_builder_free(b);
    if (e != ZP_OK) return e;
    zp_run_records rec = {&S->v, j, pcs, D};
    e = zp_train_run_prove_bound(run, len, fin, cfg, base, fx, cert, &rec, 2, 2, 1, NULL, NULL,
                                 &r);
    zp_memzero(D, ((size_t)1 << S->v.pp.n_vars) * sizeof(zp_fe));
    free(D);
    zp_pcs_prover_free(pcs);
    return e;
}

/* The offset of the bind proof's length in a version-3 run file of T
 * steps: after the header and T + 1 commitments. */
static inline size_t tb_bind_pos(const uint8_t *run, size_t len, uint64_t T) {
    size_t p = 8 + 4 + 32 + 4 + 32 + 8 + 4 + 8 + 4;
    for (uint64_t t = 0; t <= T + 1 && p + 4 <= len; t++) p += 4 + zp_load32_le(run + p);
    return p;
}

/* Checks that fin's weights are the plain trainer's from base after steps
 * steps on fx with the batches zp_sampler_batch draws from sseed. */
static inline void tb_check_plain_trainer(const zp_train_config *cfg, const zp_mlp *base,
                                          const zp_fxdata *fx, const uint8_t *sseed,
                                          uint64_t steps, const zp_model_prover *fin) {
    zp_trainer *tr = NULL;
    zp_mlp m;
    CHECK_OK(zp_mlp_alloc(&m, cfg));
    for (unsigned l = 0; l < cfg->n_layers; l++) {
        memcpy(m.w[l], base->w[l], (size_t)cfg->dims[l] * cfg->dims[l + 1] * sizeof(int64_t));
        memcpy(m.b[l], base->b[l], (size_t)cfg->dims[l + 1] * sizeof(int64_t));
    }
    CHECK_OK(zp_trainer_new(&tr, cfg));
    uint32_t *idx = malloc(cfg->batch_size * sizeof(uint32_t));
    for (uint64_t t = 0; t < steps; t++) {
        CHECK_OK(zp_sampler_batch(sseed, t, cfg->batch_size, fx->n, idx));
        CHECK_OK(zp_trainer_step(tr, &m, fx, idx, cfg->batch_size, NULL));
    }
    free(idx);
    const zp_mlp *fm = zp_model_prover_mlp(fin);
    for (unsigned l = 0; l < cfg->n_layers; l++)
        CHECK(memcmp(fm->w[l], m.w[l], (size_t)cfg->dims[l] * cfg->dims[l + 1] * sizeof(int64_t)) ==
              0);
    zp_trainer_free(tr);
    zp_mlp_free(&m);
}

/* A deferred claim on the block at off (its mask at moff) of 2^ls values,
 * point and r_b left zero for the caller to choose. */
static inline void tb_claim_init(zp_zkp_dclaim *c, uint64_t off, uint64_t moff, unsigned ls) {
    memset(c, 0, sizeof *c);
    c->offset = off;
    c->mask_offset = moff;
    c->log_size = ls;
}

/* The honest value of claim c on the record layout evals (what a step
 * proof leaves, docs/spec/train-step.md 7): (1 - r_b) Q_t(point) +
 * r_b M_t(point), Q_t at c->offset and its mask M_t at c->mask_offset. */
static inline zp_fe2 tb_claim_value(const zp_fe *evals, const zp_zkp_dclaim *c) {
    const zp_fe2 one = gl2_from_fe(1);
    return gl2_add(
        gl2_mul(gl2_sub(one, c->r_b), zp_mle_eval(evals + c->offset, c->point, c->log_size)),
        gl2_mul(c->r_b, zp_mle_eval(evals + c->mask_offset, c->point, c->log_size)));
}

#endif
