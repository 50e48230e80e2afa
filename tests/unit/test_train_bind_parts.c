/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the bind proof's record layout split into power-of-two parts
 * (src/zkml/train_bind.c, zkp_gather.c zp_zkp_gather_parts,
 * docs/spec/train-step.md 7.2): T = 7 steps are 4 + 2 + 1 blocks, each
 * part with its own periodic mask.  Honest deferred claims (computed from
 * the record layout) verify; a tampered claim on the last part, a record
 * outside the dataset in the first or the last part, and flipped bytes are
 * rejected; proofs are deterministic. */
// ZP_TEST_LAYER: zkml
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "field/gl.h"
#include "zkml/train_bind_internal.h"
#include "train_bind_common.h"

#define LW 4       /* record width 16 */
#define LROWS 8    /* 256 dataset rows */
#define NREC 40
#define KOPEN 2
#define TSTEPS 7   /* parts of 4, 2 and 1 blocks */
#define NB 100     /* records per step, B' = 128: blocks of 2^11 values */
#define CPS 2

typedef struct {
    zp_train_dataset ds;
    zp_fe *D;
    zp_pcs_prover *pcs;
} dataset;

static void make_dataset(dataset *S) {
    memset(S, 0, sizeof *S);
    CHECK_OK(zp_pcs_params_default_multi(&S->ds.pp, LROWS + LW, 1, 100, KOPEN));
    S->ds.pp.max_claims = 4;
    CHECK_OK(zp_pcs_params_check(&S->ds.pp));
    S->ds.log_rows = LROWS;
    S->ds.log_width = LW;
    S->ds.n_records = NREC;
    S->ds.n_features = 5;
    S->ds.label_col = 7;
    S->ds.mask_log_rows = S->ds.pp.log_cols > LW ? S->ds.pp.log_cols - LW : 0;
    const uint64_t blk = (uint64_t)1 << S->ds.mask_log_rows;
    S->ds.mask_row = (NREC + blk - 1) / blk * blk;
    CHECK_OK(zp_train_dataset_check(&S->ds));
    const size_t N = (size_t)1 << (LROWS + LW), W = (size_t)1 << LW;
    S->D = calloc(N, sizeof(zp_fe));
    CHECK(S->D != NULL);
    for (size_t k = 0; k < NREC; k++)
        for (size_t c = 0; c < W; c++) S->D[k * W + c] = (zp_fe)((k * 37 + c * 11) % 251);
    for (size_t x = S->ds.mask_row * W; x < (S->ds.mask_row + KOPEN * blk) * W; x++)
        S->D[x] = test_rand_u64() % GL_P;
    zp_rng r;
    zp_rng_init_u64(&r, 5);
    CHECK_OK(zp_pcs_commit(&S->pcs, &S->ds.root, &S->ds.pp, S->D, &r));
    for (int i = 0; i < 32; i++) S->ds.digest[i] = (uint8_t)(3 * i + 1);
}

/* Honest deferred claims on block t at points of the "step"'s choosing. */
static int make_claims(const zp_train_bind *b, uint64_t t, zp_zkp_dclaim *c) {
    zp_zkp_ext x;
    uint64_t off, moff;
    unsigned ls;
    if (zp_train_bind_block(b, t, &x, &off, &moff, &ls) != ZP_OK || !x.evals) return 0;
    for (int k = 0; k < CPS; k++) {
        tb_claim_init(&c[k], off, moff, ls);
        for (unsigned v = 0; v < ls; v++)
            c[k].point[v] = (zp_fe2){(t * 977 + v * 31 + (unsigned)k * 5 + 2) % GL_P, v + 3};
        c[k].r_b = (zp_fe2){t * 13 + 7, (unsigned)k + 2};
        c[k].value = tb_claim_value(x.evals, &c[k]);
    }
    return 1;
}

static dataset S0;
static uint32_t idx[TSTEPS * NB];
static zp_zkp_dclaim cl[TSTEPS * CPS];
static int ready;

static void setup(void) {
    if (ready) return;
    ready = 1;
    make_dataset(&S0);
    for (size_t i = 0; i < TSTEPS * NB; i++) idx[i] = (uint32_t)((i * 13 + 5) % NREC);
}

/* Proves a run (tamper mode as zp_train_bind_set_tamper); the claims go to
 * cl.  *out owns the proof on success. */
static zp_err prove(zp_bytes *out, int tamper, uint64_t seed) {
    zp_train_bind_set_tamper(tamper);
    zp_rng rng;
    zp_rng_init_u64(&rng, seed);
    zp_bytes_init(out);
    zp_pcs_prover *pcs = NULL;
    zp_rng rr;
    zp_rng_init_u64(&rr, 5);
    zp_err e = zp_pcs_recommit(&pcs, &S0.ds.pp, S0.D, &rr, &S0.ds.root);
    zp_train_bind *b = NULL;
    if (e == ZP_OK)
        e = zp_train_bind_begin(&b, &S0.ds, 0, TSTEPS, NB, idx, CPS, pcs, S0.D, out, NULL, 0,
                                &rng);
    for (uint64_t t = 0; t < TSTEPS && e == ZP_OK; t++) {
        if (!make_claims(b, t, cl + t * CPS)) e = ZP_ERR_INTERNAL;
        if (e == ZP_OK) e = zp_train_bind_step_claims(b, t, cl + t * CPS, CPS);
    }
    if (e == ZP_OK) e = zp_train_bind_finish(b);
    zp_train_bind_free(b);
    zp_pcs_prover_free(pcs);
    zp_train_bind_set_tamper(0);
    if (e != ZP_OK) zp_bytes_free(out);
    return e;
}

static zp_err verify(const uint8_t *p, size_t len, const zp_zkp_dclaim *c) {
    zp_train_bind *b = NULL;
    zp_err e = zp_train_bind_begin(&b, &S0.ds, 0, TSTEPS, NB, idx, CPS, NULL, NULL, NULL, p,
                                   len, NULL);
    for (uint64_t t = 0; t < TSTEPS && e == ZP_OK; t++)
        e = zp_train_bind_step_claims(b, t, c + t * CPS, CPS);
    if (e == ZP_OK) e = zp_train_bind_finish(b);
    zp_train_bind_free(b);
    return e;
}

TEST(bind_parts_layout) {
    setup();
    zp_bytes out;
    zp_bytes_init(&out);
    zp_rng rng;
    zp_rng_init_u64(&rng, 1);
    zp_pcs_prover *pcs = NULL;
    zp_rng rr;
    zp_rng_init_u64(&rr, 5);
    CHECK_OK(zp_pcs_recommit(&pcs, &S0.ds.pp, S0.D, &rr, &S0.ds.root));
    zp_train_bind *b = NULL;
    CHECK_OK(zp_train_bind_begin(&b, &S0.ds, 0, TSTEPS, NB, idx, CPS, pcs, S0.D, &out, NULL, 0,
                                 &rng));
    uint64_t off[TSTEPS], moff[TSTEPS];
    for (uint64_t t = 0; t < TSTEPS; t++) {
        zp_zkp_ext x;
        unsigned ls;
        CHECK_OK(zp_train_bind_block(b, t, &x, &off[t], &moff[t], &ls));
        CHECK(ls == 7 + LW);
        /* block t holds step t's records */
        const size_t W = (size_t)1 << LW;
        for (size_t i = 0; i < NB; i += 33)
            CHECK(memcmp(x.evals + off[t] + i * W, S0.D + (size_t)idx[t * NB + i] * W,
                         W * sizeof(zp_fe)) == 0);
        for (size_t c = 0; c < W; c++) CHECK(x.evals[off[t] + NB * W + c] == 0);
    }
    /* one periodic mask per part: blocks 0-3, 4-5 and 6 */
    CHECK(moff[0] == moff[1] && moff[0] == moff[3]);
    CHECK(moff[4] == moff[5]);
    CHECK(moff[4] != moff[0] && moff[6] != moff[0] && moff[6] != moff[4]);
    zp_train_bind_free(b);
    zp_pcs_prover_free(pcs);
    zp_bytes_free(&out);
}

TEST(bind_parts_honest_verifies_and_deterministic) {
    setup();
    zp_bytes a, b2;
    CHECK_OK(prove(&a, 0, 21));
    CHECK_OK(verify(a.data, a.len, cl));
    CHECK_OK(prove(&b2, 0, 21));
    CHECK(a.len == b2.len && memcmp(a.data, b2.data, a.len) == 0);
    /* flipped bytes anywhere are rejected */
    for (size_t k = 0; k < 24; k++) {
        const size_t at = (size_t)(test_rand_u64() % a.len);
        a.data[at] ^= 0x10;
        CHECK(verify(a.data, a.len, cl) != ZP_OK);
        a.data[at] ^= 0x10;
    }
    /* a tampered claim on the last part's block */
    zp_zkp_dclaim bad[TSTEPS * CPS];
    memcpy(bad, cl, sizeof bad);
    bad[6 * CPS + 1].value = gl2_add(bad[6 * CPS + 1].value, gl2_from_fe(1));
    CHECK(verify(a.data, a.len, bad) == ZP_ERR_VERIFY);
    /* a claim of block 6 presented as block 5's is refused */
    memcpy(bad, cl, sizeof bad);
    bad[5 * CPS] = cl[6 * CPS];
    CHECK(verify(a.data, a.len, bad) == ZP_ERR_VERIFY);
    zp_bytes_free(&a);
    zp_bytes_free(&b2);
}

TEST(bind_parts_record_outside_dataset_rejected) {
    setup();
    for (int mode = 1; mode <= 2; mode++) {
        zp_bytes p;
        CHECK_OK(prove(&p, mode, 30 + (uint64_t)mode));
        CHECK(verify(p.data, p.len, cl) == ZP_ERR_VERIFY);
        zp_bytes_free(&p);
    }
}
