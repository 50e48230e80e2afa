/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of a run's bind proof (src/zkml/train_bind.c, zkp_gather.c,
 * docs/spec/train-step.md section 7) on a synthetic dataset commitment in
 * the layout of zp_train_dataset (records, then K mask blocks) and toy
 * steps that read their record block Q_t as a deferred external: honest
 * runs verify; a record outside the dataset, a changed batch index, a
 * tampered deferred claim, another opening index of the dataset and a bind
 * proof of another run are rejected. */
// ZP_TEST_LAYER: zkml
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "field/gl.h"
#include "zkml/train_bind_internal.h"

#define LW 4      /* record width 16: 5 features, label at 7 */
#define LROWS 8   /* 256 rows */
#define NREC 20
#define KOPEN 4
#define TSTEPS 3
#define NB 3      /* records per step, B' = 4 */
#define CPS 2     /* deferred claims per toy step */
#define LP 2      /* the toy step extracts 4 columns */

typedef struct {
    zp_train_dataset ds;
    zp_fe *D;
    zp_pcs_prover *pcs;
} dataset;

static void make_dataset(dataset *S, uint64_t seed) {
    memset(S, 0, sizeof *S);
    const unsigned nv = LROWS + LW;
    CHECK_OK(zp_pcs_params_default_multi(&S->ds.pp, nv, 1, 100, KOPEN));
    S->ds.pp.max_claims = 4;
    CHECK_OK(zp_pcs_params_check(&S->ds.pp));
    S->ds.log_rows = LROWS;
    S->ds.log_width = LW;
    S->ds.n_records = NREC;
    S->ds.feature_col = 0;
    S->ds.n_features = 5;
    S->ds.label_col = 7;
    S->ds.feature_scale = 0;
    S->ds.mask_log_rows = S->ds.pp.log_cols > LW ? S->ds.pp.log_cols - LW : 0;
    const uint64_t blk = (uint64_t)1 << S->ds.mask_log_rows;
    S->ds.mask_row = (NREC + blk - 1) / blk * blk;
    CHECK_OK(zp_train_dataset_check(&S->ds));
    const size_t N = (size_t)1 << nv, W = (size_t)1 << LW;
    S->D = calloc(N, sizeof(zp_fe));
    CHECK(S->D != NULL);
    zp_rng r;
    zp_rng_init_u64(&r, seed);
    for (size_t k = 0; k < NREC; k++) {
        for (size_t c = 0; c < 5; c++) S->D[k * W + c] = (zp_fe)(k * 31 + c * 7 + seed % 5) % 256;
        S->D[k * W + 7] = k % 3;
    }
    for (size_t k = S->ds.mask_row; k < S->ds.mask_row + KOPEN * blk; k++)
        for (size_t c = 0; c < W; c++) {
            uint8_t by[8];
            zp_rng_bytes(&r, by, 8);
            uint64_t v = 0;
            for (int i = 7; i >= 0; i--) v = (v << 8) | by[i];
            S->D[k * W + c] = v % GL_P;
        }
    CHECK_OK(zp_pcs_commit(&S->pcs, &S->ds.root, &S->ds.pp, S->D, &r));
    for (int i = 0; i < 32; i++) S->ds.digest[i] = (uint8_t)(i + seed);
}

static void free_dataset(dataset *S) {
    zp_pcs_prover_free(S->pcs);
    free(S->D);
}

/* The toy step t: F = Q_t Sel (the first 4 columns of its records) as a
 * product whose A operand is the deferred external Q_t, and the padding
 * rows of Q_t zero (a zero-check): two deferred claims on Q_t. */
static zp_err toy_step(zp_train_bind *b, uint64_t t, uint8_t **proof, size_t *len,
                       const zp_rng *rng) {
    const int prover = *proof == NULL;
    zp_zkp_ext x;
    uint64_t off, moff;
    unsigned ls;
    zp_err e = zp_train_bind_block(b, t, &x, &off, &moff, &ls);
    if (e != ZP_OK) return e;
    const unsigned lb = ls - LW;
    const size_t Bp = (size_t)1 << lb, W = (size_t)1 << LW, P = (size_t)1 << LP;
    zp_fe sel[(1 << LW) << LP], pad[(1 << LW) * 8], F[8 << LP];
    memset(sel, 0, sizeof sel);
    memset(F, 0, sizeof F);
    for (size_t c = 0; c < P; c++) sel[c * P + c] = 1;
    for (size_t i = 0; i < Bp; i++)
        for (size_t c = 0; c < W; c++) pad[i * W + c] = i >= NB;
    const zp_fe *qv = prover ? x.evals + off : NULL;
    if (prover)
        for (size_t i = 0; i < Bp; i++)
            for (size_t c = 0; c < P; c++) F[i * P + c] = qv[i * W + c];
    zp_transcript tr;
    zp_transcript_init(&tr, "zkprov-test/toy-step");
    zp_transcript_absorb_u64(&tr, "t", t);
    zp_transcript_absorb_digest(&tr, "records", zp_train_bind_root(b));
    zp_bytes out;
    zp_reader in;
    zp_bytes_init(&out);
    if (!prover) zp_reader_init(&in, *proof, *len);
    zp_zkp *z = NULL;
    e = zp_zkp_create(&z, &tr, prover ? &out : NULL, prover ? NULL : &in, rng);
    if (e == ZP_OK) e = zp_zkp_set_external_deferred(z, &x);
    for (int pass = 0; pass < 2 && e == ZP_OK; pass++) {
        size_t q, s, f, p;
        e = zp_zkp_external_at(z, 0, &q, ls, qv, off, moff);
        if (e == ZP_OK) e = zp_zkp_public(z, &s, LW + LP, sel);
        if (e == ZP_OK) e = zp_zkp_witness(z, &f, lb + LP, prover ? F : NULL);
        if (e == ZP_OK) e = zp_zkp_public(z, &p, ls, pad);
        zp_zkp_tail tl = {f, gl2_neg(gl2_from_fe(1)), 0};
        if (e == ZP_OK) e = zp_zkp_matmul_affine(z, q, s, lb, LW, LP, &tl, 1, (zp_fe2){0, 0}, NULL);
        zp_zkp_term term = {gl2_from_fe(1), 2, {p, q}};
        if (e == ZP_OK) e = zp_zkp_zerocheck(z, ls, &term, 1);
        if (e == ZP_OK) e = pass == 0 ? zp_zkp_commit(z) : zp_zkp_finish(z);
    }
    zp_zkp_dclaim dc[8];
    size_t nd = 0;
    if (e == ZP_OK) nd = zp_zkp_deferred_claims(z, 0, dc, 8);
    if (e == ZP_OK && !prover) e = zp_reader_finish(&in);
    zp_zkp_free(z);
    if (e == ZP_OK && nd > 8) e = ZP_ERR_INTERNAL;
    if (e == ZP_OK) e = zp_train_bind_step_claims(b, t, dc, nd);
    if (prover && e == ZP_OK) {
        *proof = out.data;
        *len = out.len;
    } else {
        zp_bytes_free(&out);
    }
    return e;
}

typedef struct {
    uint8_t *bind, *step[TSTEPS];
    size_t bind_len, step_len[TSTEPS];
    uint32_t idx[TSTEPS * NB];
} run_proof;

static void default_idx(uint32_t *idx) {
    for (size_t i = 0; i < TSTEPS * NB; i++) idx[i] = (uint32_t)((i * 7 + 3) % NREC);
}

static zp_err prove_run(run_proof *R, dataset *S, unsigned j, uint64_t seed) {
    memset(R->step, 0, sizeof R->step);
    zp_rng rng;
    zp_rng_init_u64(&rng, seed);
    zp_bytes out;
    zp_bytes_init(&out);
    zp_train_bind *b = NULL;
    zp_err e = zp_train_bind_begin(&b, &S->ds, j, TSTEPS, NB, R->idx, CPS, S->pcs, S->D, &out,
                                   NULL, 0, &rng);
    for (uint64_t t = 0; t < TSTEPS && e == ZP_OK; t++) {
        zp_rng sr;
        zp_rng_init_u64(&sr, seed * 100 + t);
        e = toy_step(b, t, &R->step[t], &R->step_len[t], &sr);
    }
    if (e == ZP_OK) e = zp_train_bind_finish(b);
    zp_train_bind_free(b);
    R->bind = out.data;
    R->bind_len = out.len;
    return e;
}

/* Verifies R against the dataset S, its opening j and the batches idx. */
static zp_err verify_run(const run_proof *R, const dataset *S, unsigned j, const uint32_t *idx) {
    zp_train_bind *b = NULL;
    zp_err e = zp_train_bind_begin(&b, &S->ds, j, TSTEPS, NB, idx, CPS, NULL, NULL, NULL,
                                   R->bind, R->bind_len, NULL);
    for (uint64_t t = 0; t < TSTEPS && e == ZP_OK; t++) {
        uint8_t *p = R->step[t];
        size_t len = R->step_len[t];
        e = toy_step(b, t, &p, &len, NULL);
    }
    if (e == ZP_OK) e = zp_train_bind_finish(b);
    zp_train_bind_free(b);
    return e;
}

static void free_run(run_proof *R) {
    free(R->bind);
    for (int t = 0; t < TSTEPS; t++) free(R->step[t]);
}

static dataset S0;
static run_proof R0;
static int ready;
static void setup(void) {
    if (ready) return;
    ready = 1;
    make_dataset(&S0, 1);
    default_idx(R0.idx);
    CHECK_OK(prove_run(&R0, &S0, 0, 11));
}

TEST(bind_honest_run_verifies) {
    setup();
    CHECK_OK(verify_run(&R0, &S0, 0, R0.idx));
    CHECK(R0.bind_len > 0);
}

TEST(bind_changed_batch_index_rejected) {
    setup();
    uint32_t idx[TSTEPS * NB];
    memcpy(idx, R0.idx, sizeof idx);
    idx[4] = (idx[4] + 1) % NREC;
    CHECK(verify_run(&R0, &S0, 0, idx) == ZP_ERR_VERIFY);
}

TEST(bind_other_dataset_index_rejected) {
    setup();
    CHECK(verify_run(&R0, &S0, 1, R0.idx) == ZP_ERR_VERIFY);
    /* beyond the dataset's K openings: refused */
    zp_train_bind *b = NULL;
    CHECK(zp_train_bind_begin(&b, &S0.ds, KOPEN, TSTEPS, NB, R0.idx, CPS, NULL, NULL, NULL,
                              R0.bind, R0.bind_len, NULL) == ZP_ERR_ARG);
    CHECK(b == NULL);
}

TEST(bind_flipped_byte_rejected) {
    setup();
    run_proof R = R0;
    uint8_t *copy = malloc(R0.bind_len);
    CHECK(copy != NULL);
    for (int k = 0; k < 4; k++) {
        memcpy(copy, R0.bind, R0.bind_len);
        const size_t at = (size_t)(test_rand_u64() % R0.bind_len);
        copy[at] ^= 1;
        R.bind = copy;
        CHECK(verify_run(&R, &S0, 0, R0.idx) == ZP_ERR_VERIFY);
    }
    free(copy);
}

TEST(bind_proof_of_other_run_rejected) {
    setup();
    run_proof R1;
    memcpy(R1.idx, R0.idx, sizeof R1.idx);
    dataset S1;
    make_dataset(&S1, 1); /* the same dataset, committed again: same root */
    CHECK(memcmp(&S1.ds.root, &S0.ds.root, sizeof S0.ds.root) == 0);
    CHECK_OK(prove_run(&R1, &S1, 1, 12));
    CHECK_OK(verify_run(&R1, &S0, 1, R1.idx));
    /* run 0's steps with run 1's bind proof, and the reverse */
    run_proof M = R0;
    M.bind = R1.bind;
    M.bind_len = R1.bind_len;
    CHECK(verify_run(&M, &S0, 0, R0.idx) == ZP_ERR_VERIFY);
    CHECK(verify_run(&M, &S0, 1, R0.idx) == ZP_ERR_VERIFY);
    free_run(&R1);
    free_dataset(&S1);
}

/* A record that is not a row of the dataset: the honest prover refuses
 * (its dataset values differ from the commitment), and a cheating prover
 * (Q not S D, own checks off) is rejected by the verifier. */
TEST(bind_record_outside_dataset_rejected) {
    setup();
    dataset S;
    make_dataset(&S, 1);
    const size_t W = (size_t)1 << LW;
    run_proof R;
    memcpy(R.idx, R0.idx, sizeof R.idx);
    S.D[(size_t)R.idx[0] * W + 1] ^= 1; /* the provider's file differs */
    CHECK(prove_run(&R, &S, 0, 13) == ZP_ERR_INTERNAL);
    free_run(&R);
    S.D[(size_t)R.idx[0] * W + 1] ^= 1;
    zp_train_bind_set_tamper(1);
    zp_err e = prove_run(&R, &S, 1, 14);
    zp_train_bind_set_tamper(0);
    CHECK_OK(e);
    CHECK(verify_run(&R, &S0, 1, R.idx) == ZP_ERR_VERIFY);
    free_run(&R);
    free_dataset(&S);
}

/* A deferred claim changed between a step and the bind proof. */
TEST(bind_tampered_deferred_claim_rejected) {
    setup();
    zp_train_bind *b = NULL;
    CHECK_OK(zp_train_bind_begin(&b, &S0.ds, 0, TSTEPS, NB, R0.idx, CPS, NULL, NULL, NULL,
                                 R0.bind, R0.bind_len, NULL));
    zp_zkp_dclaim dc[CPS];
    zp_zkp_ext x;
    uint64_t off, moff;
    unsigned ls;
    CHECK_OK(zp_train_bind_block(b, 0, &x, &off, &moff, &ls));
    for (uint64_t t = 1; t < TSTEPS; t++) {
        uint8_t *p = R0.step[t];
        size_t len = R0.step_len[t];
        CHECK_OK(toy_step(b, t, &p, &len, NULL));
    }
    /* step 0's claims replaced by forged ones on the right block (a point
     * and value of the forger's choosing) */
    for (int k = 0; k < CPS; k++) {
        memset(&dc[k], 0, sizeof dc[k]);
        dc[k].offset = off;
        dc[k].mask_offset = moff;
        dc[k].log_size = ls;
        for (unsigned v = 0; v < ls; v++) dc[k].point[v] = gl2_from_fe(v + 2 + k);
        dc[k].r_b = gl2_from_fe(5);
        dc[k].value = gl2_from_fe(77);
    }
    CHECK_OK(zp_train_bind_step_claims(b, 0, dc, CPS));
    CHECK(zp_train_bind_finish(b) == ZP_ERR_VERIFY);
    zp_train_bind_free(b);
    /* a claim on another block is refused at once */
    CHECK_OK(zp_train_bind_begin(&b, &S0.ds, 0, TSTEPS, NB, R0.idx, CPS, NULL, NULL, NULL,
                                 R0.bind, R0.bind_len, NULL));
    dc[0].offset += (uint64_t)1 << ls;
    CHECK(zp_train_bind_step_claims(b, 0, dc, CPS) == ZP_ERR_VERIFY);
    CHECK(zp_train_bind_step_claims(b, 0, dc, 1) == ZP_ERR_VERIFY);
    zp_train_bind_free(b);
}

TEST(bind_deterministic) {
    setup();
    run_proof R;
    memcpy(R.idx, R0.idx, sizeof R.idx);
    dataset S;
    make_dataset(&S, 1);
    CHECK_OK(prove_run(&R, &S, 0, 11));
    CHECK(R.bind_len == R0.bind_len && memcmp(R.bind, R0.bind, R.bind_len) == 0);
    free_run(&R);
    free_dataset(&S);
}

/* The shared rescale of records to act_scale (zkml.h): rounding division
 * with ties up, exact up-scaling, saturation. */
TEST(bind_rescale_helper) {
    CHECK(zp_fx_rescale(5, 1, 0, 8) == 3);
    CHECK(zp_fx_rescale(-5, 1, 0, 8) == -2);
    CHECK(zp_fx_rescale(-6, 1, 0, 8) == -3);
    CHECK(zp_fx_rescale(1000, 3, 0, 8) == 125);
    CHECK(zp_fx_rescale(1100, 3, 0, 8) == 127);
    CHECK(zp_fx_rescale(200, 0, 1, 8) == 127);
    CHECK(zp_fx_rescale(-200, 0, 1, 8) == -128);
    CHECK(zp_fx_rescale(-17, 2, 2, 16) == -17);
    CHECK(zp_fx_rescale(7, 70, 0, 16) == 0);
    for (int k = 0; k < 200; k++) {
        const int64_t q = (int64_t)(test_rand_u64() % 2000001) - 1000000;
        const unsigned d = 1 + (unsigned)(test_rand_u64() % 12);
        const int64_t r = zp_fx_rescale(q, d + 4, 4, 12);
        /* r = clamp(floor((q + 2^(d-1)) / 2^d)) */
        const int64_t t = q + ((int64_t)1 << (d - 1));
        int64_t fl = t >= 0 ? t / ((int64_t)1 << d) : -((-t + ((int64_t)1 << d) - 1) / ((int64_t)1 << d));
        if (fl > 2047) fl = 2047;
        if (fl < -2048) fl = -2048;
        CHECK(r == fl);
    }
}
