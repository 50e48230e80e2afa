/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Runs whose batch records are bound to a certified dataset commitment
 * (run file version 3, src/zkml/train_run.c, docs/spec/train-step.md
 * section 7) on a real DS.commit of src/prov/dataset.c: the step circuit
 * reads its records from the record layout (relation checker and proofs),
 * an honest run verifies and ends at the trainer's weights; a data file
 * that is not the certified one and records that are not the certified
 * rows are refused by the prover; a changed batch index, a replaced bind
 * proof or record-layout root, another dataset commitment and another
 * opening index are rejected by the verifier. */
// ZP_TEST_LAYER: prov
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "field/gl.h"
#include "zkprov/prov.h"
#include "zkml/prove_train_internal.h"
#include "zkml/train_bind_internal.h"
#include "train_bind_common.h"

#define NREC 23
#define NF 16
#define NCLS 4
#define T_STEPS 2
#define BATCH 3
#define FSCALE 10 /* the features' scale: act_scale 8, so rdiv2 by 2^2 */

static const uint32_t DIMS[] = {NF, 8, NCLS};
static const uint8_t SEED[32] = {9, 1, 9};

/* features mostly in range, some saturating after the rescale */
static const tb_shape SHAPE = {NF, NREC, NCLS, FSCALE, 1u << 20, 1u << 19};

static tb_dset S0, S1;
static zp_train_config cfg;
static zp_mlp base;
static uint8_t cert[32];
static uint8_t *run0;
static size_t len0;
static zp_model_prover *fin0;
static int ready;

/* A bound run on S (a fresh matrix prover per run: each run consumes an
 * opening of the dataset PCS). */
static zp_err prove(uint8_t **run, size_t *len, zp_model_prover **fin, const tb_dset *S,
                    unsigned j, const zp_fxdata *fx, uint64_t seed) {
    return tb_prove(run, len, fin, &cfg, &base, fx, cert, S, j, seed);
}

static char last_err[ZP_ZKML_ERR_BYTES];
static zp_err verify(const uint8_t *run, size_t len, const zp_train_dataset *v) {
    return zp_train_run_verify_bound(NULL, NULL, last_err, &cfg, NULL, cert, v, run, len);
}

static void setup(void) {
    if (ready) return;
    ready = 1;
    CHECK_OK(zp_train_config_default(&cfg, DIMS, 2));
    cfg.batch_size = BATCH;
    cfg.lr_num = 209715;
    cfg.steps = T_STEPS;
    CHECK_OK(zp_train_config_check(&cfg, NULL));
    CHECK_OK(zp_mlp_alloc(&base, &cfg));
    uint8_t seed[ZP_ZKML_SEED_BYTES];
    for (size_t i = 0; i < sizeof seed; i++) seed[i] = (uint8_t)(i * 5 + 3);
    CHECK_OK(zp_mlp_init_seeded(&base, &cfg, seed));
    tb_dset_make(&S0, &SHAPE, 100, SEED, 1);
    tb_dset_make(&S1, &SHAPE, 101, SEED, 1);
    for (int i = 0; i < 32; i++) cert[i] = (uint8_t)(i * 3 + 1);
    CHECK_OK(prove(&run0, &len0, &fin0, &S0, 1, &S0.fx, 7));
}

TEST(bound_step_relations_hold) {
    setup();
    /* the step circuit on Q_t (the relation checker): honest passes, a
     * step on another record than Q_t's fails */
    uint32_t idx[BATCH] = {4, 9, 17};
    const size_t W = (size_t)1 << S0.v.log_width, Bp = 4;
    zp_fe *Q = calloc(Bp * W, sizeof(zp_fe));
    for (size_t i = 0; i < BATCH; i++) memcpy(Q + i * W, S0.D + idx[i] * W, W * sizeof(zp_fe));
    for (int tamper = 0; tamper < 2; tamper++) {
        zp_train_wit *w = NULL;
        CHECK_OK(zp_train_wit_build(&w, NULL, &cfg, &base, &S0.fx, idx, BATCH,
                                    tamper ? ZP_TRAIN_TAMPER_RECORD : ZP_TRAIN_HONEST));
        zp_train_rec rec;
        memset(&rec, 0, sizeof rec);
        rec.ds = &S0.v;
        rec.log_size = 2 + S0.v.log_width;
        zp_err e = zp_train_wit_records(w, &rec, Q);
        CHECK(tamper ? e == ZP_ERR_ARG : e == ZP_OK);
        size_t failed = 0;
        e = zp_train_circuit_check(w, 3, &failed);
        CHECK(tamper ? e == ZP_ERR_VERIFY : e == ZP_OK);
        zp_train_wit_free(w);
    }
    free(Q);
}

TEST(bound_run_verifies) {
    setup();
    zp_run_info info;
    zp_model_commit *fin = NULL;
    CHECK_OK(zp_train_run_verify_bound(&info, &fin, last_err, &cfg, &base, cert, &S0.v, run0,
                                       len0));
    CHECK(info.records_bound == 1 && info.ds_index == 1 && info.ds_openings == S0.v.pp.max_openings);
    CHECK(info.n_steps == T_STEPS && info.base_checked == 1);
    /* the released model is the plain trainer's */
    uint8_t cdig[32], sseed[ZP_ZKML_SEED_BYTES];
    zp_train_config_digest(cdig, &cfg);
    zp_train_run_seed(sseed, (const uint8_t (*)[32])cert, 1, info.base_digest, cdig, NREC);
    CHECK(memcmp(sseed, info.sampler_seed, sizeof sseed) == 0);
    tb_check_plain_trainer(&cfg, &base, &S0.fx, sseed, T_STEPS, fin0);
    zp_model_commit_free(fin);
    /* the header says so; the version-2 verifier refuses the file */
    zp_run_header h;
    CHECK_OK(zp_train_run_header(&h, last_err, run0, len0));
    CHECK(h.records_bound == 1 && h.ds_index == 1);
    CHECK(zp_train_run_verify(NULL, NULL, last_err, &cfg, NULL, (const uint8_t (*)[32])cert, 1,
                              NREC, run0, len0) == ZP_ERR_ARG);
}

TEST(bound_prover_refuses_uncertified_data) {
    setup();
    /* a data file with one record swapped in from another dataset: the
     * re-commitment does not reach the certified root */
    zp_fe *rows = malloc(NREC * S0.s->width * sizeof(zp_fe));
    memcpy(rows, S0.rows, NREC * S0.s->width * sizeof(zp_fe));
    memcpy(rows + 5 * S0.s->width, S1.rows + 5 * S1.s->width, S0.s->width * sizeof(zp_fe));
    char err[ZP_DS_ERR_BYTES] = "";
    zp_pcs_prover *pcs = NULL;
    zp_fe *D = NULL;
    zp_dataset_builder *b = tb_fill(S0.s, rows, NREC);
    CHECK(zp_dataset_matrix_prover(&pcs, &D, err, S0.c, S0.sec, b) == ZP_ERR_VERIFY);
    CHECK(pcs == NULL && D == NULL);
    zp_dataset_builder_free(b);
    free(rows);
    /* training data that are not the certified rows (every record of the
     * other dataset, so that every batch meets one) */
    uint8_t *run = NULL;
    size_t len = 0;
    CHECK(prove(&run, &len, NULL, &S0, 2, &S1.fx, 8) == ZP_ERR_ARG);
    CHECK(run == NULL);
}

TEST(bound_changed_batch_index_rejected) {
    setup();
    uint8_t *run = NULL;
    size_t len = 0;
    zp_train_run_set_tamper(1);
    zp_err e = prove(&run, &len, NULL, &S0, 3, &S0.fx, 9);
    zp_train_run_set_tamper(0);
    CHECK_OK(e);
    CHECK(verify(run, len, &S0.v) == ZP_ERR_VERIFY);
    free(run);
}

TEST(bound_bind_proof_or_root_replaced_rejected) {
    setup();
    uint8_t *run = NULL;
    size_t len = 0;
    CHECK_OK(prove(&run, &len, NULL, &S0, 1, &S0.fx, 10)); /* same statement, other coins */
    CHECK_OK(verify(run, len, &S0.v));
    const size_t p0 = tb_bind_pos(run0, len0, T_STEPS), p1 = tb_bind_pos(run, len, T_STEPS);
    const uint64_t b0 = zp_load64_le(run0 + p0), b1 = zp_load64_le(run + p1);
    CHECK(b0 == b1 && p0 == p1 && len0 == len && b0 > 64);
    /* run0's step proofs with the other run's bind proof */
    uint8_t *mix = malloc(len0);
    memcpy(mix, run0, len0);
    memcpy(mix + p0 + 8, run + p1 + 8, b0);
    CHECK(verify(mix, len0, &S0.v) == ZP_ERR_VERIFY);
    /* the record layout's root (the bind proof's first bytes) changed */
    memcpy(mix, run0, len0);
    mix[p0 + 8 + 3] ^= 1;
    CHECK(verify(mix, len0, &S0.v) == ZP_ERR_VERIFY);
    /* a byte of the bind proof's run pass */
    memcpy(mix, run0, len0);
    mix[p0 + 8 + b0 - 40] ^= 1;
    CHECK(verify(mix, len0, &S0.v) != ZP_OK);
    free(mix);
    free(run);
}

TEST(bound_other_dataset_or_opening_rejected) {
    setup();
    /* another dataset commitment of the same shape */
    CHECK(verify(run0, len0, &S1.v) == ZP_ERR_VERIFY);
    /* the dataset opening index of the file changed (another of the K) */
    uint8_t *mix = malloc(len0);
    memcpy(mix, run0, len0);
    const size_t pj = 8 + 4 + 32 + 4 + 32 + 8 + 4 + 8;
    CHECK(zp_load32_le(mix + pj) == 1);
    zp_store32_le(mix + pj, 0);
    CHECK(verify(mix, len0, &S0.v) == ZP_ERR_VERIFY);
    zp_store32_le(mix + pj, S0.v.pp.max_openings); /* beyond K */
    CHECK(verify(mix, len0, &S0.v) == ZP_ERR_VERIFY);
    free(mix);
    /* the prover refuses an opening beyond K (the dataset's ZK budget) */
    uint8_t *run = NULL;
    size_t len = 0;
    CHECK(prove(&run, &len, NULL, &S0, S0.v.pp.max_openings, &S0.fx, 11) == ZP_ERR_ARG);
}

TEST(bound_cleanup) {
    setup();
    free(run0);
    zp_model_prover_free(fin0);
    zp_mlp_free(&base);
    zp_train_config_free(&cfg);
    tb_dset_free(&S0);
    tb_dset_free(&S1);
    CHECK(1);
}
