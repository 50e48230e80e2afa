/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Bound training runs whose record layout is smaller than one row of the
 * bind proof's commitment: 4 or 1 features,
 * batch 4, 1 and 2 steps (docs/spec/train-step.md 7.2: Q padded to a
 * layout row): honest runs prove and verify and end at the plain trainer's
 * weights; a changed batch index, flipped bytes of the bind proof, a
 * non-zero padding row of Q and another dataset are rejected, records that
 * are not the certified rows refused; a block below the mask budget (1
 * feature, batch 2) is refused. */
// ZP_TEST_LAYER: prov
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "field/gl.h"
#include "zkprov/prov.h"
#include "zkml/prove_train_internal.h"
#include "zkml/train_bind_internal.h"

#define NREC 9
#define NCLS 2
#define BATCH 4
#define FSCALE 8

static const uint8_t SEED[32] = {4, 4, 1};

typedef struct {
    size_t nf;
    zp_ds_schema *s;
    zp_fe *rows;
    zp_dataset_commit *c;
    zp_dataset_secret *sec;
    zp_train_dataset v;
    zp_fxdata fx;
} dset;

static zp_ds_schema *mk_schema(size_t nf) {
    zp_ds_schema *s = calloc(1, sizeof *s);
    s->format = ZP_DS_CSV;
    s->n_columns = nf;
    s->columns = calloc(nf, sizeof *s->columns);
    for (size_t i = 0; i < nf; i++) {
        s->columns[i].name = malloc(24);
        snprintf(s->columns[i].name, 24, "f%zu", i);
        s->columns[i].count = 1;
        s->columns[i].scale = FSCALE;
        s->columns[i].bound = 1u << 12;
    }
    s->has_label = 1;
    s->label_name = malloc(8);
    strcpy(s->label_name, "y");
    s->label_bound = NCLS - 1;
    char err[ZP_DS_ERR_BYTES];
    if (zp_ds_schema_finish(s, err) != ZP_OK) { zp_ds_schema_free(s); return NULL; }
    return s;
}

static zp_dataset_builder *fill(const zp_ds_schema *s, const zp_fe *rows) {
    zp_dataset_builder *b = NULL;
    char err[ZP_DS_ERR_BYTES];
    if (zp_dataset_builder_new(&b, s) != ZP_OK) return NULL;
    for (size_t i = 0; i < NREC; i++)
        if (zp_dataset_builder_add(b, err, rows + i * s->width) != ZP_OK) {
            zp_dataset_builder_free(b);
            return NULL;
        }
    return b;
}

static void mk_dset(dset *S, size_t nf, uint64_t salt) {
    memset(S, 0, sizeof *S);
    S->nf = nf;
    S->s = mk_schema(nf);
    CHECK(S->s != NULL);
    const size_t w = S->s->width;
    S->rows = calloc(NREC * w, sizeof(zp_fe));
    S->fx.n = NREC;
    S->fx.n_features = (uint32_t)nf;
    S->fx.x = malloc(NREC * nf * sizeof(int64_t));
    S->fx.label = malloc(NREC * sizeof(int32_t));
    zp_rng r;
    zp_rng_init_u64(&r, 300 + salt);
    for (size_t i = 0; i < NREC; i++) {
        for (size_t c = 0; c < nf; c++) {
            uint8_t b[4];
            zp_rng_bytes(&r, b, 4);
            const int64_t q = (int64_t)(zp_load32_le(b) % (1u << 11)) - (1 << 10);
            S->rows[i * w + c] = zp_ds_fe_from_i64(q);
            S->fx.x[i * nf + c] = zp_fx_rescale(q, FSCALE, 8, 16);
        }
        uint8_t b;
        zp_rng_bytes(&r, &b, 1);
        S->rows[i * w + nf] = b % NCLS;
        S->fx.label[i] = b % NCLS;
    }
    char err[ZP_DS_ERR_BYTES] = "";
    zp_dataset_builder *b0 = fill(S->s, S->rows);
    CHECK(b0 != NULL);
    CHECK_OK(zp_dataset_builder_finish(b0, err, &S->c, &S->sec, SEED));
    zp_dataset_builder_free(b0);
    CHECK_OK(zp_dataset_train_view(&S->v, err, S->c));
}

static void free_dset(dset *S) {
    zp_dataset_commit_free(S->c);
    zp_dataset_secret_free(S->sec);
    zp_ds_schema_free(S->s);
    free(S->rows);
    free(S->fx.x);
    free(S->fx.label);
}

static const uint8_t CERT[32] = {7, 7, 7};

static void mk_cfg(zp_train_config *cfg, zp_mlp *base, size_t nf, uint32_t batch, uint64_t steps) {
    const uint32_t dims[] = {(uint32_t)nf, 4, NCLS};
    CHECK_OK(zp_train_config_default(cfg, dims, 2));
    cfg->batch_size = batch;
    cfg->lr_num = 209715;
    cfg->steps = steps;
    CHECK_OK(zp_train_config_check(cfg, NULL));
    CHECK_OK(zp_mlp_alloc(base, cfg));
    uint8_t seed[ZP_ZKML_SEED_BYTES];
    for (size_t i = 0; i < sizeof seed; i++) seed[i] = (uint8_t)(i * 7 + 1);
    CHECK_OK(zp_mlp_init_seeded(base, cfg, seed));
}

/* A bound run on S with opening j (a fresh matrix prover: the run consumes
 * the opening). */
static zp_err prove(uint8_t **run, size_t *len, zp_model_prover **fin, const zp_train_config *cfg,
                    const zp_mlp *base, dset *S, unsigned j, uint64_t seed) {
    zp_rng r;
    zp_rng_init_u64(&r, seed);
    char err[ZP_DS_ERR_BYTES] = "";
    zp_pcs_prover *pcs = NULL;
    zp_fe *D = NULL;
    zp_dataset_builder *b = fill(S->s, S->rows);
    zp_err e = zp_dataset_matrix_prover(&pcs, &D, err, S->c, S->sec, b);
    zp_dataset_builder_free(b);
    if (e != ZP_OK) return e;
    zp_run_records rec = {&S->v, j, pcs, D};
    e = zp_train_run_prove_bound(run, len, fin, cfg, base, &S->fx, CERT, &rec, 2, 2, 1, NULL,
                                 NULL, &r);
    zp_memzero(D, ((size_t)1 << S->v.pp.n_vars) * sizeof(zp_fe));
    free(D);
    zp_pcs_prover_free(pcs);
    return e;
}

/* The offset of the bind proof's length in a version-3 run file of T steps. */
static size_t bind_pos(const uint8_t *run, size_t len, uint64_t T) {
    size_t p = 8 + 4 + 32 + 4 + 32 + 8 + 4 + 8 + 4;
    for (uint64_t t = 0; t <= T + 1 && p + 4 <= len; t++) p += 4 + zp_load32_le(run + p);
    return p;
}

/* One tiny bound run: proves, verifies, ends at the plain trainer's
 * weights; tampering is rejected. */
static void tiny_run(size_t nf, uint64_t steps) {
    dset S, S2;
    mk_dset(&S, nf, nf * 10 + steps);
    mk_dset(&S2, nf, nf * 10 + steps + 100);
    /* the record layout is below one row of the builder (2^8 values) */
    CHECK(((uint64_t)steps << (2 + S.v.log_width)) < 256);
    zp_train_config cfg;
    zp_mlp base;
    mk_cfg(&cfg, &base, nf, BATCH, steps);
    uint8_t *run = NULL;
    size_t len = 0;
    zp_model_prover *fin = NULL;
    CHECK_OK(prove(&run, &len, &fin, &cfg, &base, &S, 0, 11));
    char err[ZP_ZKML_ERR_BYTES] = "";
    zp_run_info info;
    CHECK_OK(zp_train_run_verify_bound(&info, NULL, err, &cfg, &base, CERT, &S.v, run, len));
    CHECK(info.records_bound == 1 && info.n_steps == steps && info.base_checked == 1);
    /* the released model is the plain trainer's on the sampled batches */
    zp_trainer *tr = NULL;
    zp_mlp m;
    CHECK_OK(zp_mlp_alloc(&m, &cfg));
    for (unsigned l = 0; l < cfg.n_layers; l++) {
        memcpy(m.w[l], base.w[l], (size_t)cfg.dims[l] * cfg.dims[l + 1] * sizeof(int64_t));
        memcpy(m.b[l], base.b[l], (size_t)cfg.dims[l + 1] * sizeof(int64_t));
    }
    CHECK_OK(zp_trainer_new(&tr, &cfg));
    for (uint64_t t = 0; t < steps; t++) {
        uint32_t idx[BATCH];
        CHECK_OK(zp_sampler_batch(info.sampler_seed, t, BATCH, NREC, idx));
        CHECK_OK(zp_trainer_step(tr, &m, &S.fx, idx, BATCH, NULL));
    }
    const zp_mlp *fm = zp_model_prover_mlp(fin);
    for (unsigned l = 0; l < cfg.n_layers; l++)
        CHECK(memcmp(fm->w[l], m.w[l], (size_t)cfg.dims[l] * cfg.dims[l + 1] * sizeof(int64_t)) ==
              0);
    zp_trainer_free(tr);
    zp_mlp_free(&m);
    /* another dataset commitment of the same shape */
    CHECK(zp_train_run_verify_bound(NULL, NULL, err, &cfg, NULL, CERT, &S2.v, run, len) ==
          ZP_ERR_VERIFY);
    /* flipped bytes of the bind proof: the record layout's root, its run pass */
    const size_t pb = bind_pos(run, len, steps);
    const uint64_t bl = zp_load64_le(run + pb);
    CHECK(bl > 64 && pb + 8 + bl <= len);
    uint8_t *mix = malloc(len);
    const size_t at[3] = {pb + 8 + 3, pb + 8 + bl / 2, pb + 8 + bl - 40};
    for (int k = 0; k < 3; k++) {
        memcpy(mix, run, len);
        mix[at[k]] ^= 1;
        CHECK(zp_train_run_verify_bound(NULL, NULL, err, &cfg, NULL, CERT, &S.v, mix, len) !=
              ZP_OK);
    }
    free(mix);
    /* a changed batch index (the steps train on another record) */
    uint8_t *run2 = NULL;
    size_t len2 = 0;
    zp_train_run_set_tamper(1);
    zp_err e = prove(&run2, &len2, NULL, &cfg, &base, &S, 1, 12);
    zp_train_run_set_tamper(0);
    CHECK_OK(e);
    CHECK(zp_train_run_verify_bound(NULL, NULL, err, &cfg, NULL, CERT, &S.v, run2, len2) ==
          ZP_ERR_VERIFY);
    /* a non-zero value in Q's padding (the zero blocks that fill the row) */
    free(run2);
    run2 = NULL;
    zp_train_bind_set_tamper(3);
    e = prove(&run2, &len2, NULL, &cfg, &base, &S, 3, 15);
    zp_train_bind_set_tamper(0);
    CHECK_OK(e);
    CHECK(zp_train_run_verify_bound(NULL, NULL, err, &cfg, NULL, CERT, &S.v, run2, len2) ==
          ZP_ERR_VERIFY);
    /* records that are not the certified rows: refused by the prover */
    dset S3 = S;
    S3.fx = S2.fx;
    free(run2);
    run2 = NULL;
    CHECK(prove(&run2, &len2, NULL, &cfg, &base, &S3, 2, 13) == ZP_ERR_ARG);
    CHECK(run2 == NULL);
    free(run);
    zp_model_prover_free(fin);
    zp_mlp_free(&base);
    zp_train_config_free(&cfg);
    free_dset(&S);
    free_dset(&S2);
}

TEST(tiny_bound_run_4_features_1_step) { tiny_run(4, 1); }
TEST(tiny_bound_run_4_features_2_steps) { tiny_run(4, 2); }
TEST(tiny_bound_run_1_feature_1_step) { tiny_run(1, 1); }
TEST(tiny_bound_run_1_feature_2_steps) { tiny_run(1, 2); }

TEST(tiny_bound_run_below_the_mask_budget_refused) {
    /* 1 feature, batch 2: a block Q_t of B' W = 4 values cannot hide a
     * step's 2 claims with margin 2 (docs/spec/train-step.md 7.6) */
    dset S;
    mk_dset(&S, 1, 77);
    CHECK(S.v.log_width == 1);
    zp_train_config cfg;
    zp_mlp base;
    mk_cfg(&cfg, &base, 1, 2, 1);
    uint8_t *run = NULL;
    size_t len = 0;
    CHECK(prove(&run, &len, NULL, &cfg, &base, &S, 0, 14) == ZP_ERR_UNSUPPORTED);
    CHECK(run == NULL);
    zp_mlp_free(&base);
    zp_train_config_free(&cfg);
    free_dset(&S);
}
