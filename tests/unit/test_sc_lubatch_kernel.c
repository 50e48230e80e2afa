/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the batched LogUp sumcheck kernel (src/zkml/zkp_lookup_sc.c) against the engine. */
// ZP_TEST_LAYER: zkml
#include "harness.h"

#include "field/gl.h"
#include "piop/sumcheck_internal.h"
#include "zkml/zkp_internal.h"

static zp_fe rand_fe(void) { return gl_from_u64(test_rand_u64()); }
static zp_fe2 rand_fe2(void) {
    zp_fe2 r = {rand_fe(), rand_fe()};
    return r;
}
static size_t rand_pow2_le(unsigned log_max) {
    return (size_t)1 << (test_rand_u64() % (log_max + 1));
}

enum { EQ, W, M, H, Q0 };
#define MAXK 6

/* One instance of lookup_run_batch's shape (zkp_builder.c): over m
 * variables, tables EQ, W, M, H, Q_0 .. Q_(K-1), terms H, lam EQ H prod Q,
 * -lam EQ prod_(l != j) Q_l, -W M. */
typedef struct {
    unsigned m, tau, K;
    zp_fe2 r[ZP_SC_MAX_VARS], lam, claim;
    zp_fe2 *eq, *w, *h, *q[MAXK], *rh, *rq[MAXK], *rme;
    zp_fe *mv, *rmb;
    /* flag 32: the Q tables of the range lookup's form (zp_zkp_lu_qsrc) */
    zp_fe *L, *RL[MAXK];
    uint8_t *tg;
    zp_fe2 beta, gamma;
    zp_sc_table tab[4 + MAXK];
    zp_sc_term terms[MAXK + 3];
    zp_sc_instance inst;
    zp_fe *g0, *g1;
} lb_inst;

/* flags: 1 = M with an extension mask, 2 = some r_i = 0, 4 = lambda = 0,
 * 8 = mask periods at their maximum, 16 = h = sum_j 1/Q_j (an honest
 * helper: the zero-check part sums to 0), 32 = Q_j = beta - gamma tag - L
 * with tags 1 .. 16 and masks beta - R (R base; 64: tags up to 20, which
 * the tq form does not take) */
static void inst_make(lb_inst *I, unsigned m, unsigned tau, unsigned K, unsigned flags) {
    memset(I, 0, sizeof *I);
    I->m = m;
    I->tau = tau;
    I->K = K;
    const size_t NM = (size_t)1 << m, T = (size_t)1 << tau;
    for (unsigned i = 0; i < m; i++) I->r[i] = rand_fe2();
    if (flags & 2) I->r[test_rand_u64() % m] = (zp_fe2){0, 0};
    I->lam = (flags & 4) ? (zp_fe2){0, 0} : rand_fe2();
    size_t lh = (flags & 8) ? NM : rand_pow2_le(m), lm = (flags & 8) ? T : rand_pow2_le(tau);
    if (!(flags & 1) && lm < 2) lm = 2;
    I->eq = calloc(NM, sizeof(zp_fe2));
    I->w = calloc(NM, sizeof(zp_fe2));
    I->h = calloc(NM, sizeof(zp_fe2));
    I->mv = calloc(NM, sizeof(zp_fe));
    I->rh = calloc(lh, sizeof(zp_fe2));
    zp_eq_table(I->eq, I->r, m);
    if (flags & 32) {
        I->beta = rand_fe2();
        I->gamma = rand_fe2();
        I->L = calloc(K * NM, sizeof(zp_fe));
        I->tg = calloc(K * NM, 1);
        for (size_t x = 0; x < K * NM; x++) {
            I->L[x] = test_rand_u64() % 3 ? test_rand_u64() % 65536 : rand_fe();
            I->tg[x] = (uint8_t)(1 + test_rand_u64() % ((flags & 64) ? 20 : 16));
        }
    }
    for (unsigned j = 0; j < K; j++) {
        size_t lq = (flags & 8) ? NM : rand_pow2_le(m);
        I->q[j] = calloc(NM, sizeof(zp_fe2));
        I->rq[j] = calloc(lq, sizeof(zp_fe2));
        for (size_t x = 0; x < NM; x++) I->q[j][x] = rand_fe2();
        for (size_t y = 0; y < lq; y++) I->rq[j][y] = rand_fe2();
        if (flags & 32) {
            I->RL[j] = calloc(lq, sizeof(zp_fe));
            for (size_t x = 0; x < NM; x++)
                I->q[j][x] = gl2_sub(gl2_sub(I->beta, gl2_mul_fe(I->gamma, I->tg[j * NM + x])),
                                     gl2_from_fe(I->L[j * NM + x]));
            for (size_t y = 0; y < lq; y++) {
                I->RL[j][y] = rand_fe();
                I->rq[j][y] = gl2_sub(I->beta, gl2_from_fe(I->RL[j][y]));
            }
        }
        I->tab[Q0 + j].ext = I->q[j];
        I->tab[Q0 + j].mask_ext = I->rq[j];
        I->tab[Q0 + j].mask_len = lq;
    }
    for (size_t x = 0; x < NM; x++) {
        if (flags & 16) {
            zp_fe2 a = {0, 0};
            for (unsigned j = 0; j < K; j++) a = gl2_add(a, zp_fe2_inv(I->q[j][x]));
            I->h[x] = a;
        } else {
            I->h[x] = rand_fe2();
        }
        if (x < T) {
            I->w[x] = rand_fe2();
            I->mv[x] = test_rand_u64() % 5 ? test_rand_u64() % 100 : rand_fe();
        }
    }
    for (size_t y = 0; y < lh; y++) I->rh[y] = rand_fe2();
    I->tab[EQ].ext = I->eq;
    I->tab[W].ext = I->w;
    I->tab[M].base = I->mv;
    I->tab[M].mask_len = lm;
    if (flags & 1) {
        I->rme = calloc(lm, sizeof(zp_fe2));
        for (size_t y = 0; y < lm; y++) I->rme[y] = rand_fe2();
        I->tab[M].mask_ext = I->rme;
    } else {
        I->rmb = calloc(lm, sizeof(zp_fe));
        for (size_t y = 0; y < lm; y++) I->rmb[y] = rand_fe();
        I->tab[M].mask_base = I->rmb;
    }
    I->tab[H].ext = I->h;
    I->tab[H].mask_ext = I->rh;
    I->tab[H].mask_len = lh;
    const zp_fe2 one = {1, 0};
    memset(I->terms, 0, sizeof I->terms);
    I->terms[0] = (zp_sc_term){one, 1, {H}};
    I->terms[1].coeff = I->lam;
    I->terms[1].n_factors = K + 2;
    I->terms[1].factors[0] = EQ;
    I->terms[1].factors[1] = H;
    for (unsigned j = 0; j < K; j++) {
        I->terms[1].factors[2 + j] = Q0 + j;
        zp_sc_term *t = &I->terms[2 + j];
        t->coeff = gl2_neg(I->lam);
        t->n_factors = K;
        t->factors[0] = EQ;
        for (unsigned l = 0, f = 1; l < K; l++)
            if (l != j) t->factors[f++] = Q0 + l;
    }
    I->terms[K + 2] = (zp_sc_term){gl2_neg(one), 2, {W, M}};
    I->inst = (zp_sc_instance){m, 4 + K, I->tab, K + 3, I->terms};
    I->claim = zp_sc_instance_sum(&I->inst);
    size_t width = zp_sc_zk_mask_width(m, K + 2);
    I->g0 = calloc(width, sizeof(zp_fe));
    I->g1 = calloc(width, sizeof(zp_fe));
    zp_sc_zk_mask_sample(I->g0, I->g1, m, K + 2, test_rng());
}

static void inst_free(lb_inst *I) {
    free(I->eq); free(I->w); free(I->h); free(I->mv);
    free(I->rh); free(I->rme); free(I->rmb);
    for (unsigned j = 0; j < I->K; j++) { free(I->q[j]); free(I->rq[j]); free(I->RL[j]); }
    free(I->L); free(I->tg);
    free(I->g0); free(I->g1);
}

typedef struct {
    zp_bytes pf;
    zp_sc_zk_result res;
    zp_fe2 point[ZP_SC_MAX_VARS], evals[4 + MAXK];
    zp_err e;
} run_out;

static void start(zp_transcript *tr, const lb_inst *I) {
    zp_transcript_init(tr, "test/lu-batch-kernel");
    zp_transcript_absorb_u64(tr, "m", I->m);
}

static void run_generic(run_out *o, const lb_inst *I) {
    zp_transcript tr;
    start(&tr, I);
    zp_bytes_init(&o->pf);
    memset(o->evals, 0, sizeof o->evals);
    /* the batched lookup binds b last (docs/spec/sumcheck.md 2.3) */
    o->e = zp_sumcheck_zk_prove_bl(&tr, &o->pf, &o->res, o->point, o->evals, &I->inst,
                                   I->claim, I->g0, I->g1);
    zp_fe2 c = zp_transcript_challenge_fe2(&tr, "after");
    zp_bytes_append(&o->pf, &c, sizeof c); /* the transcript states must agree too */
}

static void run_kernel(run_out *o, const lb_inst *I, const zp_sc_instance *inst) {
    zp_transcript tr;
    start(&tr, I);
    zp_bytes_init(&o->pf);
    memset(o->evals, 0, sizeof o->evals);
    o->e = zp_zkp_lookup_batch_sc_prove(&tr, &o->pf, &o->res, o->point, o->evals, inst,
                                        I->claim, I->g0, I->g1, I->r, I->K, I->tau);
    zp_fe2 c = zp_transcript_challenge_fe2(&tr, "after");
    zp_bytes_append(&o->pf, &c, sizeof c);
}

/* The kernel with the Q tables given by their sources (flag 32): inst's
 * Q entries keep only their mask periods. */
static void run_kernel_q(run_out *o, const lb_inst *I) {
    zp_transcript tr;
    start(&tr, I);
    zp_bytes_init(&o->pf);
    memset(o->evals, 0, sizeof o->evals);
    zp_sc_table tab[4 + MAXK];
    memcpy(tab, I->tab, sizeof tab);
    tab[EQ].ext = NULL;
    for (unsigned j = 0; j < I->K; j++) tab[Q0 + j].ext = tab[Q0 + j].mask_ext = NULL;
    zp_sc_instance in2 = I->inst;
    in2.tables = tab;
    zp_zkp_lu_qsrc qs;
    memset(&qs, 0, sizeof qs);
    qs.L = I->L;
    qs.tag = I->tg;
    for (unsigned j = 0; j < I->K; j++) qs.R[j] = I->RL[j];
    qs.beta = I->beta;
    qs.gamma = I->gamma;
    o->e = zp_zkp_lookup_batch_sc_prove_q(&tr, &o->pf, &o->res, o->point, o->evals, &in2,
                                          I->claim, I->g0, I->g1, I->r, I->K, I->tau, &qs);
    zp_fe2 c = zp_transcript_challenge_fe2(&tr, "after");
    zp_bytes_append(&o->pf, &c, sizeof c);
}

static int same(const run_out *a, const run_out *b, unsigned m) {
    return a->e == ZP_OK && b->e == ZP_OK && a->pf.len == b->pf.len &&
           memcmp(a->pf.data, b->pf.data, a->pf.len) == 0 &&
           memcmp(a->point, b->point, m * sizeof(zp_fe2)) == 0 &&
           memcmp(a->evals, b->evals, sizeof a->evals) == 0 &&
           memcmp(&a->res, &b->res, sizeof a->res) == 0;
}

/* ZP_OK if the proof (without the appended challenge) verifies with evals. */
static zp_err verify(const lb_inst *I, const uint8_t *pf, size_t len, const zp_fe2 *evals) {
    zp_transcript tr;
    zp_reader rd;
    zp_sc_zk_result res;
    zp_fe2 point[ZP_SC_MAX_VARS];
    start(&tr, I);
    zp_reader_init(&rd, pf, len);
    zp_err e = zp_sumcheck_zk_verify_bl(&tr, &rd, &res, point, I->m, I->K + 2, I->claim);
    if (e == ZP_OK) e = zp_reader_finish(&rd);
    if (e == ZP_OK) e = zp_sumcheck_zk_check_final(&res, I->terms, I->K + 3, evals, 4 + I->K);
    if (e == ZP_OK &&
        !gl2_eq(res.g_eval, zp_sc_zk_mask_eval(I->g0, I->g1, I->m, I->K + 2, res.r_b, point)))
        e = ZP_ERR_VERIFY;
    return e;
}

/* Kernel == generic on one instance, with and without the EQ table; the
 * proof verifies and a flipped byte fails. */
static void check_one(unsigned m, unsigned tau, unsigned K, unsigned flags) {
    lb_inst I;
    inst_make(&I, m, tau, K, flags);
    run_out g, k, k2;
    run_generic(&g, &I);
    run_kernel(&k, &I, &I.inst);
    zp_sc_table tab2[4 + MAXK];
    memcpy(tab2, I.tab, sizeof tab2);
    tab2[EQ].ext = NULL;
    zp_sc_instance in2 = I.inst;
    in2.tables = tab2;
    run_kernel(&k2, &I, &in2);
    int ok = same(&g, &k, m) && same(&g, &k2, m);
    if (flags & 32) {
        run_out kq;
        run_kernel_q(&kq, &I);
        ok &= same(&g, &kq, m);
        zp_bytes_free(&kq.pf);
    }
    CHECK(ok);
    if (!ok)
        fprintf(stderr, "  mismatch: m %u tau %u K %u flags %u (e %d %d %d)\n", m, tau, K, flags,
                (int)g.e, (int)k.e, (int)k2.e);
    size_t len = k.pf.len - sizeof(zp_fe2);
    CHECK_OK(verify(&I, k.pf.data, len, k.evals));
    size_t pos = test_rand_u64() % len;
    k.pf.data[pos] ^= (uint8_t)(1 + test_rand_u64() % 255);
    CHECK(verify(&I, k.pf.data, len, k.evals) != ZP_OK);
    zp_bytes_free(&g.pf);
    zp_bytes_free(&k.pf);
    zp_bytes_free(&k2.pf);
    inst_free(&I);
}

/* Small shapes: every tau <= m <= 5, K = 2 .. 6 (3: the split stacked
 * column's; 5, 6: the run-time K loops), all flags. */
TEST(lubatch_kernel_equals_generic_small) {
    for (unsigned K = 2; K <= 6; K++)
        for (unsigned m = 1; m <= 5; m++)
            for (unsigned tau = 1; tau <= m; tau++)
                for (unsigned flags = 0; flags < 32; flags += 1 + (m > 2) * 2)
                    check_one(m, tau, K, flags);
}

/* Larger shapes: eq weight blocks (m > 10), parallel loops (>= 2048 pairs),
 * masks of every period. */
TEST(lubatch_kernel_equals_generic_sizes) {
    static const unsigned shapes[][2] = {{7, 7}, {8, 3}, {11, 6}, {12, 12}, {13, 9}};
    for (unsigned K = 2; K <= 4; K++)
        for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
            for (int it = 0; it < test_iters(); it++)
                check_one(shapes[s][0], shapes[s][1], K, (unsigned)(test_rand_u64() % 32));
}

/* The Q tables given by the range lookup's sources (limbs, tags, base
 * masks; zp_zkp_lookup_batch_sc_prove_q): the generic engine's proof on
 * the materialized tables, for K = 2 .. 6 (the kernel reads the sources;
 * tags beyond 16: it builds the tables); small and larger shapes (the
 * AVX-512 blocks), masks of every period. */
TEST(lubatch_kernel_q_sources_equal_generic) {
    for (unsigned K = 2; K <= 6; K++)
        for (unsigned m = 1; m <= 5; m++)
            for (unsigned tau = 1; tau <= m; tau += 2)
                check_one(m, tau, K, 32 | (unsigned)(test_rand_u64() % 32));
    static const unsigned shapes[][2] = {{8, 3}, {11, 6}, {13, 9}};
    for (size_t sh = 0; sh < sizeof shapes / sizeof shapes[0]; sh++)
        for (int it = 0; it < test_iters(); it++) {
            for (unsigned K = 2; K <= 6; K++) {
                check_one(shapes[sh][0], shapes[sh][1], K, 32 | (unsigned)(test_rand_u64() % 32));
                check_one(shapes[sh][0], shapes[sh][1], K, 32 | 8);
            }
        }
    check_one(9, 5, 2, 32 | 64);
    check_one(9, 5, 3, 32 | 64);
    check_one(9, 5, 5, 32 | 64);
    check_one(6, 4, 4, 32 | 16);
}

/* r_i = 0 and lambda = 0: the value at X = 1 summed directly. */
TEST(lubatch_kernel_division_fallback) {
    for (unsigned K = 2; K <= 4; K++)
        for (unsigned m = 3; m <= 12; m += 3) {
            check_one(m, m > 2 ? m - 2 : m, K, 2);
            check_one(m, m, K, 4 | 16);
        }
}

/* An honest helper makes the zero-check part vanish: the claim is
 * sum H - sum W M exactly (the identity the builder's claim 0 rests on). */
TEST(lubatch_kernel_honest_helper_claim) {
    for (unsigned K = 2; K <= 6; K++) {
        lb_inst I;
        inst_make(&I, 6, 4, K, 16);
        zp_fe2 sh = {0, 0}, swm = {0, 0};
        for (size_t x = 0; x < 64; x++) sh = gl2_add(sh, I.h[x]);
        for (size_t x = 0; x < 16; x++) swm = gl2_add(swm, gl2_mul_fe(I.w[x], I.mv[x]));
        CHECK(gl2_eq(I.claim, gl2_sub(sh, swm)));
        /* one helper value off: the claim moves by 1 + lam (eq(r, x) prod Q) */
        I.h[5] = gl2_add(I.h[5], (zp_fe2){1, 0});
        zp_fe2 c2 = zp_sc_instance_sum(&I.inst);
        CHECK(!gl2_eq(c2, gl2_sub(gl2_add(sh, (zp_fe2){1, 0}), swm)));
        inst_free(&I);
    }
}
