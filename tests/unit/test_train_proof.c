/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the training-step circuit (src/zkml/prove_train.c): its witness
 * is exactly zp_trainer_step, the honest witness satisfies every relation,
 * and cheating witnesses violate one. */
// ZP_TEST_LAYER: zkml
#include <omp.h>

#include "harness.h"
#include "field/gl.h"
#include "zkml/prove_train_internal.h"
#include "zkml/zkml_internal.h"

typedef struct {
    zp_train_config cfg;
    zp_mlp m;
    zp_fxdata ds;
    uint32_t idx[64];
    size_t n;
} tcase;

static void tcase_setup(tcase *c, const uint32_t *dims, unsigned L, size_t n, int64_t lr_num,
                        unsigned wbits) {
    memset(c, 0, sizeof *c);
    CHECK_OK(zp_train_config_default(&c->cfg, dims, L));
    c->cfg.batch_size = (uint32_t)n;
    c->cfg.lr_num = lr_num;
    if (wbits) c->cfg.weight_bits = wbits;
    CHECK_OK(zp_train_config_check(&c->cfg, NULL));
    CHECK_OK(zp_mlp_alloc(&c->m, &c->cfg));
    uint8_t seed[ZP_ZKML_SEED_BYTES];
    for (size_t i = 0; i < sizeof seed; i++) seed[i] = (uint8_t)test_rand_u64();
    CHECK_OK(zp_mlp_init_seeded(&c->m, &c->cfg, seed));
    for (unsigned l = 0; l < L; l++)
        for (size_t j = 0; j < dims[l + 1]; j++)
            c->m.b[l][j] = (int64_t)(test_rand_u64() % 20001) - 10000;
    const size_t N = 3 * n + 1;
    c->ds.n = N;
    c->ds.n_features = dims[0];
    c->ds.x = malloc(N * dims[0] * sizeof(int64_t));
    c->ds.label = malloc(N * sizeof(int32_t));
    for (size_t i = 0; i < N * dims[0]; i++) c->ds.x[i] = (int64_t)(test_rand_u64() % 1024) - 512;
    for (size_t i = 0; i < N; i++) c->ds.label[i] = (int32_t)(test_rand_u64() % dims[L]);
    c->n = n;
    CHECK_OK(zp_sampler_batch(seed, 0, (uint32_t)n, N, c->idx));
}

static void tcase_free(tcase *c) {
    zp_mlp_free(&c->m);
    free(c->ds.x);
    free(c->ds.label);
}

/* The witness's W_after equals zp_trainer_step's and the circuit holds.
 * Returns whether the step changed a weight (with one record of random
 * data the gradient can round to zero everywhere). */
static int honest_once(const uint32_t *dims, unsigned L, size_t n, int64_t lr_num,
                       unsigned wbits) {
    tcase c;
    tcase_setup(&c, dims, L, n, lr_num, wbits);
    zp_mlp after, plain;
    CHECK_OK(zp_mlp_alloc(&after, &c.cfg));
    CHECK_OK(zp_mlp_alloc(&plain, &c.cfg));
    for (unsigned l = 0; l < L; l++) {
        memcpy(plain.w[l], c.m.w[l], (size_t)dims[l] * dims[l + 1] * sizeof(int64_t));
        memcpy(plain.b[l], c.m.b[l], dims[l + 1] * sizeof(int64_t));
    }
    zp_train_wit *w = NULL;
    CHECK_OK(zp_train_wit_build(&w, &after, &c.cfg, &c.m, &c.ds, c.idx, n, ZP_TRAIN_HONEST));
    zp_trainer *t = NULL;
    CHECK_OK(zp_trainer_new(&t, &c.cfg));
    zp_step_stats st;
    CHECK_OK(zp_trainer_step(t, &plain, &c.ds, c.idx, n, &st));
    int changed = 0;
    for (unsigned l = 0; l < L; l++) {
        size_t nw = (size_t)dims[l] * dims[l + 1];
        CHECK(memcmp(after.w[l], plain.w[l], nw * sizeof(int64_t)) == 0);
        CHECK(memcmp(after.b[l], plain.b[l], dims[l + 1] * sizeof(int64_t)) == 0);
        changed |= memcmp(after.w[l], c.m.w[l], nw * sizeof(int64_t)) != 0;
    }
    if (wbits) CHECK(st.n_sat > 0);
    size_t failed = 0;
    CHECK_OK(zp_train_circuit_check(w, test_rand_u64(), &failed));
    zp_train_wit_free(w);
    zp_trainer_free(t);
    zp_mlp_free(&after);
    zp_mlp_free(&plain);
    tcase_free(&c);
    return changed;
}

/* honest_once on fresh random cases until one changes the weights (the
 * check must not pass vacuously on a step that did nothing). */
static void honest(const uint32_t *dims, unsigned L, size_t n, int64_t lr_num, unsigned wbits) {
    int changed = 0;
    for (int k = 0; k < 8 && !changed; k++) changed = honest_once(dims, L, n, lr_num, wbits);
    CHECK(changed);
}

static const uint32_t D16[] = {16, 8, 4};
static const uint32_t D3L[] = {16, 8, 8, 4};
static const uint32_t DODD[] = {12, 6, 3};

TEST(train_circuit_honest_16_8_4_batch4) { honest(D16, 2, 4, 209715, 0); }
TEST(train_circuit_honest_16_8_4_batch1) { honest(D16, 2, 1, 838861, 0); }
TEST(train_circuit_honest_three_layers) { honest(D3L, 3, 4, 209715, 0); }
TEST(train_circuit_honest_padded_dims_batch3) { honest(DODD, 2, 3, 279620, 0); }
/* the learning-rate fold at its cap (docs/spec/fixed-point.md, F8): c =
 * bsh = 22, so the bias update has shift 0 (no remainder Rb) and G' needs
 * 17 bits (two range limbs) */
TEST(train_circuit_honest_fold_capped) { honest(D16, 2, 4, (int64_t)1 << 20, 0); }
static zp_err tampered(int kind, size_t *failed) {
    tcase c;
    tcase_setup(&c, D16, 2, 4, 209715, 0);
    zp_train_wit *w = NULL;
    CHECK_OK(zp_train_wit_build(&w, NULL, &c.cfg, &c.m, &c.ds, c.idx, 4, kind));
    zp_err e = zp_train_circuit_check(w, 7, failed);
    zp_train_wit_free(w);
    tcase_free(&c);
    return e;
}

TEST(train_circuit_other_learning_rate_caught) {
    size_t f;
    CHECK(tampered(ZP_TRAIN_TAMPER_LR, &f) == ZP_ERR_VERIFY);
}
TEST(train_circuit_changed_w_after_caught) {
    size_t f;
    CHECK(tampered(ZP_TRAIN_TAMPER_WAFTER, &f) == ZP_ERR_VERIFY);
}
TEST(train_circuit_wrong_gradient_entry_caught) {
    size_t f;
    CHECK(tampered(ZP_TRAIN_TAMPER_GRAD, &f) == ZP_ERR_VERIFY);
}
TEST(train_circuit_other_record_caught) {
    size_t f;
    CHECK(tampered(ZP_TRAIN_TAMPER_RECORD, &f) == ZP_ERR_VERIFY);
}
TEST(train_circuit_false_row_max_caught) {
    size_t f;
    CHECK(tampered(ZP_TRAIN_TAMPER_MAX, &f) == ZP_ERR_VERIFY);
}

/* Each cheat is caught by a different relation: the failing call index
 * differs, so no single check catches everything by accident. */
TEST(train_circuit_cheats_caught_where_expected) {
    size_t f_lr, f_w, f_g, f_m;
    CHECK(tampered(ZP_TRAIN_TAMPER_LR, &f_lr) == ZP_ERR_VERIFY);
    CHECK(tampered(ZP_TRAIN_TAMPER_WAFTER, &f_w) == ZP_ERR_VERIFY);
    CHECK(tampered(ZP_TRAIN_TAMPER_GRAD, &f_g) == ZP_ERR_VERIFY);
    CHECK(tampered(ZP_TRAIN_TAMPER_MAX, &f_m) == ZP_ERR_VERIFY);
    /* the max and the gradient are caught in the softmax, before the
     * update relations that catch lr and W_after */
    CHECK(f_m < f_g);
    CHECK(f_g < f_lr);
    CHECK(f_lr != (size_t)-1 && f_w != (size_t)-1);
}

/* The learning-rate fold of plain SGD (docs/spec/train-step.md 2.3), in
 * the last layer (the first update of the circuit): a G' of another lr_num
 * (ZP_TRAIN_TAMPER_LR) fails the fold relation; G' + 1 with Rg' - 2^c
 * keeps it and fails the next relation, the range of Rg'; Rg' +- 1 in
 * range with G' the field quotient keeps both and fails the one after,
 * the range of G' (so that range is needed). */
TEST(train_circuit_fold_cheats_caught) {
    size_t f_lr, f_gu, f_wide, f_ru;
    CHECK(tampered(ZP_TRAIN_TAMPER_LR, &f_lr) == ZP_ERR_VERIFY);
    CHECK(tampered(ZP_TRAIN_TAMPER_GU, &f_gu) == ZP_ERR_VERIFY);
    CHECK(tampered(ZP_TRAIN_TAMPER_GUWIDE, &f_wide) == ZP_ERR_VERIFY);
    CHECK(tampered(ZP_TRAIN_TAMPER_RU, &f_ru) == ZP_ERR_VERIFY);
    CHECK(f_lr != (size_t)-1);
    CHECK(f_gu == f_lr + 1);
    CHECK(f_wide == f_lr + 2);
    CHECK(f_ru > f_wide); /* layer 0's Ru, after the last layer's update */
}

TEST(train_circuit_unsupported_configs) {
    tcase c;
    tcase_setup(&c, D16, 2, 4, 209715, 0);
    zp_train_wit *w = NULL;
    /* momentum and MSE are proven (tests/unit/test_train_mom.c); MSE with
     * dataset targets instead of the labels' one-hot rows is not */
    c.cfg.loss = ZP_LOSS_MSE;
    int64_t *tg = calloc(c.ds.n * 4, sizeof(int64_t));
    c.ds.targets = tg;
    CHECK(zp_train_wit_build(&w, NULL, &c.cfg, &c.m, &c.ds, c.idx, 4, 0) == ZP_ERR_UNSUPPORTED);
    c.ds.targets = NULL;
    free(tg);
    c.cfg.loss = ZP_LOSS_SOFTMAX_CE;
    uint32_t bad[4] = {0, 1, 2, (uint32_t)c.ds.n};
    CHECK(zp_train_wit_build(&w, NULL, &c.cfg, &c.m, &c.ds, bad, 4, 0) == ZP_ERR_ARG);
    CHECK(w == NULL);
    tcase_free(&c);
}

/* ---- transposed products in the builder (zp_zkp_matmul_ex) ---- */

/* Proves and verifies 0 = op(A) op(B) - C for random A (2^lm x 2^ln), B
 * (2^ln x 2^lp) stored as the flags say; cheat 1: one entry of C off by one
 * (the prover skips its self-check), cheat 2: one entry of the stored A
 * changed after C was computed.  The verifier runs with flags ^ vflip.
 * Returns the verifier's result. */
static zp_err mmt_case(unsigned lm, unsigned ln, unsigned lp, unsigned flags, int bpub,
                       int cheat, unsigned vflip) {
    const size_t m = (size_t)1 << lm, n = (size_t)1 << ln, p = (size_t)1 << lp;
    zp_fe *As = malloc(m * n * sizeof(zp_fe)), *Bs = malloc(n * p * sizeof(zp_fe));
    zp_fe *C = calloc(m * p, sizeof(zp_fe));
    int64_t *A = malloc(m * n * sizeof(int64_t)), *B = malloc(n * p * sizeof(int64_t));
    CHECK(As && Bs && C && A && B);
    for (size_t i = 0; i < m * n; i++) A[i] = (int64_t)(test_rand_u64() % 2001) - 1000;
    for (size_t i = 0; i < n * p; i++) B[i] = (int64_t)(test_rand_u64() % 2001) - 1000;
    for (size_t i = 0; i < m; i++)
        for (size_t k = 0; k < n; k++)
            As[(flags & ZP_ZKP_AT) ? k * m + i : i * n + k] = zp_fe_from_i64(A[i * n + k]);
    for (size_t k = 0; k < n; k++)
        for (size_t j = 0; j < p; j++)
            Bs[(flags & ZP_ZKP_BT) ? j * n + k : k * p + j] = zp_fe_from_i64(B[k * p + j]);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < p; j++) {
            int64_t acc = 0;
            for (size_t k = 0; k < n; k++) acc += A[i * n + k] * B[k * p + j];
            C[i * p + j] = zp_fe_from_i64(acc);
        }
    if (cheat == 1) C[(m * p) / 2 + 1] = gl_add(C[(m * p) / 2 + 1], 1);
    if (cheat == 2) As[n + 1] = gl_add(As[n + 1], 1);
    zp_bytes pf;
    zp_reader rd;
    zp_err e = ZP_OK;
    const zp_fe2 mone = gl2_from_fe(zp_fe_from_i64(-1)), zero = {0, 0};
    for (int side = 0; side < 2 && e == ZP_OK; side++) {
        zp_transcript tr;
        zp_transcript_init(&tr, "test/zkp-mm-transposed");
        zp_rng r;
        zp_rng_init_u64(&r, 11);
        zp_zkp *z = NULL;
        if (side == 0) zp_bytes_init(&pf);
        else zp_reader_init(&rd, pf.data, pf.len);
        e = zp_zkp_create(&z, &tr, side ? NULL : &pf, side ? &rd : NULL, side ? NULL : &r);
        if (e == ZP_OK && side == 0 && cheat) zp_zkp_set_unchecked(z);
        for (int pass = 0; pass < 2 && e == ZP_OK; pass++) {
            size_t ia, ib, ic;
            e = zp_zkp_witness(z, &ia, lm + ln, side ? NULL : As);
            if (e == ZP_OK)
                e = bpub ? zp_zkp_public(z, &ib, ln + lp, Bs)
                         : zp_zkp_witness(z, &ib, ln + lp, side ? NULL : Bs);
            if (e == ZP_OK) e = zp_zkp_witness(z, &ic, lm + lp, side ? NULL : C);
            zp_zkp_tail t = {ic, mone, 0};
            if (e == ZP_OK) e = zp_zkp_matmul_ex(z, ia, ib, lm, ln, lp, side ? flags ^ vflip : flags,
                                          &t, 1, zero, NULL);
            if (e == ZP_OK) e = pass ? zp_zkp_finish(z) : zp_zkp_commit(z);
        }
        zp_zkp_free(z);
        if (side == 1 || e != ZP_OK) zp_bytes_free(&pf);
    }
    free(As); free(Bs); free(C); free(A); free(B);
    return e;
}

/* Shapes reaching every mask branch: whole-tensor masks (small), a mask
 * shorter than the free index of a transposed A (lm large), and one
 * shorter than the contracted index (ln large). */
static const unsigned MMT_SHAPES[][3] = {{3, 4, 2}, {10, 1, 1}, {1, 10, 2}};

TEST(zkp_matmul_transposed_honest_verifies) {
    for (size_t s = 0; s < 3; s++)
        for (unsigned fl = 0; fl < 4; fl++) {
            const unsigned *d = MMT_SHAPES[s];
            CHECK_OK(mmt_case(d[0], d[1], d[2], fl, 0, 0, 0));
            CHECK_OK(mmt_case(d[0], d[1], d[2], fl, 1, 0, 0));
        }
}

TEST(zkp_matmul_transposed_wrong_entry_rejected) {
    for (size_t s = 0; s < 3; s++)
        for (unsigned fl = 0; fl < 4; fl++) {
            const unsigned *d = MMT_SHAPES[s];
            CHECK(mmt_case(d[0], d[1], d[2], fl, 0, 1, 0) == ZP_ERR_VERIFY);
            CHECK(mmt_case(d[0], d[1], d[2], fl, 0, 2, 0) == ZP_ERR_VERIFY);
        }
}

/* A product proven with one orientation does not verify as the other. */
TEST(zkp_matmul_flags_bound_to_storage) {
    for (unsigned fl = 0; fl < 4; fl++) {
        CHECK(mmt_case(3, 3, 3, fl, 0, 0, ZP_ZKP_AT) == ZP_ERR_VERIFY);
        CHECK(mmt_case(3, 3, 3, fl, 0, 0, ZP_ZKP_BT) == ZP_ERR_VERIFY);
    }
}

/* ---- the proof of one step (zp_train_step_prove / _verify) ---- */

static zp_rng seeded_rng(uint64_t s) {
    zp_rng r;
    zp_rng_init_u64(&r, s);
    return r;
}

/* Honest proof of c's step: verifies, and its W_after is the trainer's. */
static size_t prove_honest(tcase *c, unsigned L, uint64_t step) {
    zp_mlp after, plain;
    CHECK_OK(zp_mlp_alloc(&after, &c->cfg));
    CHECK_OK(zp_mlp_alloc(&plain, &c->cfg));
    for (unsigned l = 0; l < L; l++) {
        memcpy(plain.w[l], c->m.w[l], (size_t)c->cfg.dims[l] * c->cfg.dims[l + 1] * sizeof(int64_t));
        memcpy(plain.b[l], c->m.b[l], c->cfg.dims[l + 1] * sizeof(int64_t));
    }
    uint8_t *pf = NULL;
    size_t len = 0;
    zp_rng r = seeded_rng(step + 5);
    CHECK_OK(zp_train_step_prove(&pf, &len, &after, &c->cfg, &c->m, &c->ds, step, c->idx, c->n,
                                 &r));
    CHECK_OK(zp_train_step_verify(&c->cfg, step, c->idx, c->n, pf, len));
    zp_trainer *t = NULL;
    CHECK_OK(zp_trainer_new(&t, &c->cfg));
    CHECK_OK(zp_trainer_step(t, &plain, &c->ds, c->idx, c->n, NULL));
    for (unsigned l = 0; l < L; l++) {
        CHECK(memcmp(after.w[l], plain.w[l],
                     (size_t)c->cfg.dims[l] * c->cfg.dims[l + 1] * sizeof(int64_t)) == 0);
        CHECK(memcmp(after.b[l], plain.b[l], c->cfg.dims[l + 1] * sizeof(int64_t)) == 0);
    }
    /* the statement is bound: another step index, another batch index */
    CHECK(zp_train_step_verify(&c->cfg, step + 1, c->idx, c->n, pf, len) == ZP_ERR_VERIFY);
    uint32_t idx2[64];
    memcpy(idx2, c->idx, c->n * sizeof(uint32_t));
    idx2[0] ^= 1;
    CHECK(zp_train_step_verify(&c->cfg, step, idx2, c->n, pf, len) == ZP_ERR_VERIFY);
    /* a flipped byte */
    pf[len / 2] ^= 4;
    CHECK(zp_train_step_verify(&c->cfg, step, c->idx, c->n, pf, len) != ZP_OK);
    zp_train_proof_free(pf);
    zp_trainer_free(t);
    zp_mlp_free(&after);
    zp_mlp_free(&plain);
    return len;
}

TEST(train_proof_honest_verifies_and_matches_trainer) {
    tcase c;
    tcase_setup(&c, D16, 2, 4, 209715, 0);
    prove_honest(&c, 2, 3);
    tcase_free(&c);
}

TEST(train_proof_padded_dims_batch3) {
    tcase c;
    tcase_setup(&c, DODD, 2, 3, 279620, 0);
    prove_honest(&c, 2, 0);
    tcase_free(&c);
}

/* Determinism: one thread and two give the same proof bytes and W_after,
 * on a step large enough for the prover's parallel witness and builder
 * paths (padded input 200 -> 256 features, batch 40 in 64 rows, 10 -> 16
 * classes: the transposes, the softmax rows, the tensors' placement, the
 * batched masked evaluations and column vectors). */
TEST(train_proof_same_bytes_any_thread_count) {
    static const uint32_t dims[] = {200, 64, 10};
    tcase c;
    tcase_setup(&c, dims, 2, 40, 26214, 0);
    const int keep = omp_get_max_threads();
    uint8_t *pf[2] = {NULL, NULL};
    size_t len[2] = {0, 0};
    zp_mlp after[2];
    for (int k = 0; k < 2; k++) {
        CHECK_OK(zp_mlp_alloc(&after[k], &c.cfg));
        omp_set_num_threads(k + 1);
        zp_rng r = seeded_rng(11);
        CHECK_OK(zp_train_step_prove(&pf[k], &len[k], &after[k], &c.cfg, &c.m, &c.ds, 1, c.idx,
                                     c.n, &r));
    }
    omp_set_num_threads(keep);
    CHECK(len[0] == len[1] && len[0] > 0);
    CHECK(memcmp(pf[0], pf[1], len[0]) == 0);
    for (unsigned l = 0; l < 2; l++) {
        const size_t nw = (size_t)dims[l] * dims[l + 1];
        CHECK(memcmp(after[0].w[l], after[1].w[l], nw * sizeof(int64_t)) == 0);
        CHECK(memcmp(after[0].b[l], after[1].b[l], dims[l + 1] * sizeof(int64_t)) == 0);
    }
    CHECK_OK(zp_train_step_verify(&c.cfg, 1, c.idx, c.n, pf[1], len[1]));
    for (int k = 0; k < 2; k++) {
        zp_train_proof_free(pf[k]);
        zp_mlp_free(&after[k]);
    }
    tcase_free(&c);
}

/* Zero knowledge (shape): two witnesses of one shape give one proof size. */
TEST(train_proof_size_independent_of_witness) {
    tcase c1, c2;
    tcase_setup(&c1, D16, 2, 4, 209715, 0);
    tcase_setup(&c2, D16, 2, 4, 209715, 0);
    size_t a = prove_honest(&c1, 2, 1), b = prove_honest(&c2, 2, 1);
    CHECK(a == b);
    tcase_free(&c1);
    tcase_free(&c2);
}

/* A cheating prover either refuses (a value out of a range it checks) or
 * produces a proof that does not verify. */
static void cheat_rejected(int kind) {
    tcase c;
    tcase_setup(&c, D16, 2, 4, 209715, 0);
    uint8_t *pf = NULL;
    size_t len = 0;
    zp_rng r = seeded_rng(9);
    zp_err e = zp_train_step_prove_ex(&pf, &len, NULL, &c.cfg, &c.m, &c.ds, 2, c.idx, c.n, &r,
                                      kind);
    if (e == ZP_OK) {
        CHECK(zp_train_step_verify(&c.cfg, 2, c.idx, c.n, pf, len) == ZP_ERR_VERIFY);
    } else {
        CHECK(e == ZP_ERR_ARG || e == ZP_ERR_INTERNAL);
        CHECK(pf == NULL);
    }
    zp_train_proof_free(pf);
    tcase_free(&c);
}

TEST(train_proof_other_learning_rate_rejected) { cheat_rejected(ZP_TRAIN_TAMPER_LR); }
TEST(train_proof_changed_w_after_rejected) { cheat_rejected(ZP_TRAIN_TAMPER_WAFTER); }
TEST(train_proof_wrong_gradient_entry_rejected) { cheat_rejected(ZP_TRAIN_TAMPER_GRAD); }
TEST(train_proof_other_record_rejected) { cheat_rejected(ZP_TRAIN_TAMPER_RECORD); }
TEST(train_proof_false_row_max_rejected) { cheat_rejected(ZP_TRAIN_TAMPER_MAX); }

/* The checked update (docs/spec/train-step.md 2.3): W_after[0][0] + 1
 * with its remainder Ru + 2^ush keeps the update relation
 * lr dW + 2^(ush-1) = 2^ush (W - Wn) + Ru in the field and is caught by
 * the range of Ru alone; an exact update that leaves weight_bits, kept
 * (the honest builder refuses it), is caught by the range of W_after
 * alone, which comes before Ru's in each layer (the forged W_after is
 * checked to be out of range: not a vacuous test).  This range is what a
 * linked step t >= 1 relies on instead of its own range of W_before
 * (docs/spec/train-step.md section 4). */
TEST(train_circuit_forged_updates_caught) {
    size_t f_ru = 0, f_over = 0;
    CHECK(tampered(ZP_TRAIN_TAMPER_RU, &f_ru) == ZP_ERR_VERIFY);
    CHECK(f_ru != (size_t)-1);
    tcase c;
    tcase_setup(&c, D16, 2, 4, (int64_t)1 << 26, 16);
    zp_mlp after;
    CHECK_OK(zp_mlp_alloc(&after, &c.cfg));
    zp_train_wit *w = NULL;
    CHECK_OK(zp_train_wit_build(&w, &after, &c.cfg, &c.m, &c.ds, c.idx, 4,
                                ZP_TRAIN_TAMPER_WOVER));
    CHECK(zp_train_circuit_check(w, 7, &f_over) == ZP_ERR_VERIFY);
    const int64_t H = (int64_t)1 << (c.cfg.weight_bits - 1);
    int found = 0;
    for (unsigned l = 0; l < 2; l++)
        for (size_t i = 0; i < (size_t)D16[l] * D16[l + 1]; i++)
            found |= after.w[l][i] < -H || after.w[l][i] >= H;
    CHECK(found);
    CHECK(f_over != (size_t)-1 && f_over < f_ru);
    zp_train_wit_free(w);
    zp_mlp_free(&after);
    tcase_free(&c);
}

/* A cheating prover's step proof (tamper kind, on the 16-8-4 case with
 * learning rate lr_num and weight-bits cut wcut): it does not check its
 * claims, so it makes a proof; the verifier rejects it. */
static void cheat_proof_rejected(int64_t lr_num, unsigned wcut, int kind) {
    tcase c;
    tcase_setup(&c, D16, 2, 4, lr_num, wcut);
    uint8_t *pf = NULL;
    size_t len = 0;
    zp_rng r = seeded_rng(9);
    CHECK_OK(zp_train_step_prove_ex(&pf, &len, NULL, &c.cfg, &c.m, &c.ds, 2, c.idx, c.n, &r,
                                    kind));
    CHECK(pf != NULL);
    if (pf) CHECK(zp_train_step_verify(&c.cfg, 2, c.idx, c.n, pf, len) == ZP_ERR_VERIFY);
    zp_train_proof_free(pf);
    tcase_free(&c);
}

/* The same forged updates in a proof (the overflow in the top range
 * limb): rejected. */
TEST(train_proof_forged_remainder_rejected) {
    cheat_proof_rejected(209715, 0, ZP_TRAIN_TAMPER_RU);
}

/* The fold cheats in a proof. */
TEST(train_proof_forged_fold_remainder_rejected) {
    cheat_proof_rejected(209715, 0, ZP_TRAIN_TAMPER_GU);
}
TEST(train_proof_non_integer_fold_rejected) {
    cheat_proof_rejected(209715, 0, ZP_TRAIN_TAMPER_GUWIDE);
}

/* The fold at its cap (bias shift 0, G' in 17 bits) in a proof. */
TEST(train_proof_fold_capped) {
    tcase c;
    tcase_setup(&c, D16, 2, 4, (int64_t)1 << 20, 0);
    prove_honest(&c, 2, 1);
    tcase_free(&c);
}

/* The overflowing W_after in a proof (the overflow of Wn + 2^(wb-1) in
 * its top range limb): rejected. */
TEST(train_proof_overflowing_w_after_rejected) {
    cheat_proof_rejected((int64_t)1 << 26, 16, ZP_TRAIN_TAMPER_WOVER);
}

/* Narrow weights and a large learning rate: the exact update leaves
 * weight_bits, and the checked update (docs/spec/train-step.md 2.3)
 * refuses the step in the plain trainer (the model and the velocity left
 * unchanged), in the witness builder and in the prover. */
TEST(train_overflowing_update_refused) {
    tcase c;
    tcase_setup(&c, D16, 2, 4, (int64_t)1 << 26, 16);
    zp_mlp plain;
    CHECK_OK(zp_mlp_alloc(&plain, &c.cfg));
    for (unsigned l = 0; l < 2; l++) {
        memcpy(plain.w[l], c.m.w[l], (size_t)D16[l] * D16[l + 1] * sizeof(int64_t));
        memcpy(plain.b[l], c.m.b[l], D16[l + 1] * sizeof(int64_t));
    }
    zp_trainer *t = NULL;
    CHECK_OK(zp_trainer_new(&t, &c.cfg));
    CHECK(zp_trainer_step(t, &plain, &c.ds, c.idx, c.n, NULL) == ZP_ERR_UNSUPPORTED);
    for (unsigned l = 0; l < 2; l++) {
        CHECK(memcmp(plain.w[l], c.m.w[l], (size_t)D16[l] * D16[l + 1] * sizeof(int64_t)) == 0);
        CHECK(memcmp(plain.b[l], c.m.b[l], D16[l + 1] * sizeof(int64_t)) == 0);
    }
    zp_train_wit *w = NULL;
    CHECK(zp_train_wit_build(&w, NULL, &c.cfg, &c.m, &c.ds, c.idx, c.n, ZP_TRAIN_HONEST) ==
          ZP_ERR_UNSUPPORTED);
    CHECK(w == NULL);
    uint8_t *pf = NULL;
    size_t len = 0;
    zp_rng r = seeded_rng(3);
    CHECK(zp_train_step_prove_ex(&pf, &len, NULL, &c.cfg, &c.m, &c.ds, 2, c.idx, c.n, &r,
                                 ZP_TRAIN_HONEST) == ZP_ERR_UNSUPPORTED);
    CHECK(pf == NULL);
    zp_trainer_free(t);
    zp_mlp_free(&plain);
    tcase_free(&c);
}
