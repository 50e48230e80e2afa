/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the LogUp sumcheck kernel (src/zkml/zkp_lookup_sc.c) against the generic engine. */
// ZP_TEST_LAYER: zkml
#include "harness.h"

#include "field/gl.h"
#include "zkml/zkp_internal.h"

static zp_fe rand_fe(void) { return gl_from_u64(test_rand_u64()); }
static zp_fe2 rand_fe2(void) {
    zp_fe2 r = {rand_fe(), rand_fe()};
    return r;
}
static size_t rand_pow2_le(unsigned log_max) {
    return (size_t)1 << (test_rand_u64() % (log_max + 1));
}

enum { EQ, W, M, H, Q };

/* One instance of lookup_run's shape (zkp_builder.c). */
typedef struct {
    unsigned nv, n, tau;
    zp_fe2 r[ZP_SC_MAX_VARS], lam, claim;
    zp_fe2 *eq, *w, *h, *q, *rh, *rq, *rme;
    zp_fe *m, *rmb;
    zp_sc_table tab[5];
    zp_sc_term terms[3];
    zp_sc_instance inst;
    zp_fe *g0, *g1;
} lu_inst;

/* flags: 1 = M with an extension mask, 2 = some r_i = 0, 4 = lambda = 0,
 * 8 = nonzero constant tail of H, 16 = mask periods at their maximum */
static void inst_make(lu_inst *I, unsigned nv, unsigned n, unsigned tau, unsigned flags) {
    memset(I, 0, sizeof *I);
    I->nv = nv;
    I->n = n;
    I->tau = tau;
    const size_t NV = (size_t)1 << nv, N = (size_t)1 << n, T = (size_t)1 << tau;
    for (unsigned i = 0; i < n; i++) I->r[i] = rand_fe2();
    if ((flags & 2) && n > 0) I->r[test_rand_u64() % n] = (zp_fe2){0, 0};
    I->lam = (flags & 4) ? (zp_fe2){0, 0} : rand_fe2();
    size_t lh = (flags & 16) ? N : rand_pow2_le(n), lq = (flags & 16) ? N : rand_pow2_le(n);
    size_t lm = (flags & 16) ? T : rand_pow2_le(tau);
    if (!(flags & 1) && lm < 2) lm = 2; /* a base mask has two values at least */
    I->eq = calloc(NV, sizeof(zp_fe2));
    I->w = calloc(NV, sizeof(zp_fe2));
    I->h = calloc(NV, sizeof(zp_fe2));
    I->q = calloc(NV, sizeof(zp_fe2));
    I->m = calloc(NV, sizeof(zp_fe));
    I->rh = calloc(lh, sizeof(zp_fe2));
    I->rq = calloc(lq, sizeof(zp_fe2));
    zp_eq_table(I->eq, I->r, n);
    zp_fe2 beta = rand_fe2(), htail = (flags & 8) ? rand_fe2() : (zp_fe2){0, 0};
    for (size_t x = 0; x < NV; x++) {
        I->h[x] = x < N ? rand_fe2() : htail;
        I->q[x] = x < N ? rand_fe2() : beta;
        if (x < T) {
            I->w[x] = rand_fe2();
            I->m[x] = test_rand_u64() % 5 ? test_rand_u64() % 100 : rand_fe();
        }
    }
    for (size_t y = 0; y < lh; y++) I->rh[y] = rand_fe2();
    for (size_t y = 0; y < lq; y++) I->rq[y] = rand_fe2();
    I->tab[EQ].ext = I->eq;
    I->tab[W].ext = I->w;
    I->tab[M].base = I->m;
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
    I->tab[Q].ext = I->q;
    I->tab[Q].mask_ext = I->rq;
    I->tab[Q].mask_len = lq;
    zp_fe2 one = {1, 0};
    I->terms[0] = (zp_sc_term){one, 1, {H}};
    I->terms[1] = (zp_sc_term){I->lam, 3, {EQ, H, Q}};
    I->terms[2] = (zp_sc_term){gl2_neg(one), 2, {W, M}};
    I->inst = (zp_sc_instance){nv, 5, I->tab, 3, I->terms};
    I->claim = zp_sc_instance_sum(&I->inst);
    size_t width = zp_sc_zk_mask_width(nv, 3);
    I->g0 = calloc(width, sizeof(zp_fe));
    I->g1 = calloc(width, sizeof(zp_fe));
    zp_sc_zk_mask_sample(I->g0, I->g1, nv, 3, test_rng());
}

static void inst_free(lu_inst *I) {
    free(I->eq); free(I->w); free(I->h); free(I->q); free(I->m);
    free(I->rh); free(I->rq); free(I->rme); free(I->rmb);
    free(I->g0); free(I->g1);
}

typedef struct {
    zp_bytes pf;
    zp_sc_zk_result res;
    zp_fe2 point[ZP_SC_MAX_VARS], evals[5];
    zp_err e;
} run_out;

static void start(zp_transcript *tr, const lu_inst *I) {
    zp_transcript_init(tr, "test/lu-kernel");
    zp_transcript_absorb_u64(tr, "n", I->n);
}

static void run_generic(run_out *o, const lu_inst *I) {
    zp_transcript tr;
    start(&tr, I);
    zp_bytes_init(&o->pf);
    o->e = zp_sumcheck_zk_prove(&tr, &o->pf, &o->res, o->point, o->evals, &I->inst, I->claim,
                                I->g0, I->g1, NULL, 0);
    zp_fe2 c = zp_transcript_challenge_fe2(&tr, "after");
    zp_bytes_append(&o->pf, &c, sizeof c); /* the transcript states must agree too */
}

static void run_kernel(run_out *o, const lu_inst *I, const zp_sc_instance *inst) {
    zp_transcript tr;
    start(&tr, I);
    zp_bytes_init(&o->pf);
    o->e = zp_zkp_lookup_sc_prove(&tr, &o->pf, &o->res, o->point, o->evals, inst, I->claim,
                                  I->g0, I->g1, I->r, I->n, I->tau);
    zp_fe2 c = zp_transcript_challenge_fe2(&tr, "after");
    zp_bytes_append(&o->pf, &c, sizeof c);
}

static int same(const run_out *a, const run_out *b, unsigned nv) {
    return a->e == ZP_OK && b->e == ZP_OK && a->pf.len == b->pf.len &&
           memcmp(a->pf.data, b->pf.data, a->pf.len) == 0 &&
           memcmp(a->point, b->point, nv * sizeof(zp_fe2)) == 0 &&
           memcmp(a->evals, b->evals, sizeof a->evals) == 0 &&
           memcmp(&a->res, &b->res, sizeof a->res) == 0;
}

/* T^_j(r_b, point) computed directly from the tables (an oracle for evals). */
static void direct_evals(zp_fe2 *ev, const lu_inst *I, zp_fe2 rb, const zp_fe2 *pt) {
    const unsigned nv = I->nv;
    const zp_fe2 one = {1, 0}, w0 = gl2_sub(one, rb);
    ev[EQ] = zp_mle_eval2(I->eq, pt, nv);
    ev[W] = zp_mle_eval2(I->w, pt, nv);
    for (int j = M; j <= Q; j++) {
        const zp_sc_table *t = &I->tab[j];
        unsigned l = 0;
        while (((size_t)1 << l) < t->mask_len) l++;
        zp_fe2 v = t->base ? zp_mle_eval(t->base, pt, nv) : zp_mle_eval2(t->ext, pt, nv);
        zp_fe2 rv = t->mask_base ? zp_mle_eval(t->mask_base, pt, l)
                                 : zp_mle_eval2(t->mask_ext, pt, l);
        ev[j] = gl2_add(gl2_mul(w0, v), gl2_mul(rb, rv));
    }
}

/* ZP_OK if the proof (without the appended challenge) verifies with the
 * evaluations evals and the mask value g(r_b, point) recomputed. */
static zp_err verify(const lu_inst *I, const uint8_t *pf, size_t len, const zp_fe2 *evals) {
    zp_transcript tr;
    zp_reader rd;
    zp_sc_zk_result res;
    zp_fe2 point[ZP_SC_MAX_VARS];
    start(&tr, I);
    zp_reader_init(&rd, pf, len);
    zp_err e = zp_sumcheck_zk_verify(&tr, &rd, &res, point, I->nv, 3, I->claim);
    if (e == ZP_OK) e = zp_reader_finish(&rd);
    if (e == ZP_OK) e = zp_sumcheck_zk_check_final(&res, I->terms, 3, evals, 5);
    if (e == ZP_OK &&
        !gl2_eq(res.g_eval, zp_sc_zk_mask_eval(I->g0, I->g1, I->nv, 3, res.r_b, point)))
        e = ZP_ERR_VERIFY;
    return e;
}

/* Kernel == generic on one instance, with and without the EQ table; the
 * proof verifies, its evals are the tables' values, a flipped byte fails. */
static void check_one(unsigned nv, unsigned n, unsigned tau, unsigned flags) {
    lu_inst I;
    inst_make(&I, nv, n, tau, flags);
    run_out g, k, k2;
    run_generic(&g, &I);
    run_kernel(&k, &I, &I.inst);
    zp_sc_table tab2[5];
    memcpy(tab2, I.tab, sizeof tab2);
    tab2[EQ].ext = NULL;
    zp_sc_instance in2 = I.inst;
    in2.tables = tab2;
    run_kernel(&k2, &I, &in2);
    int ok = same(&g, &k, nv) && same(&g, &k2, nv);
    CHECK(ok);
    if (!ok)
        fprintf(stderr, "  mismatch: nv %u n %u tau %u flags %u (e %d %d %d)\n", nv, n, tau,
                flags, (int)g.e, (int)k.e, (int)k2.e);
    zp_fe2 ev[5];
    direct_evals(ev, &I, k.res.r_b, k.point);
    CHECK(memcmp(ev, k.evals, sizeof ev) == 0);
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

/* Small shapes, every (n, tau) <= nv, all flag combinations. */
TEST(kernel_equals_generic_small) {
    for (unsigned nv = 1; nv <= 4; nv++)
        for (unsigned n = 0; n <= nv; n++)
            for (unsigned tau = 0; tau <= nv; tau++) {
                if (n < nv && tau < nv) continue; /* nv = max(n, tau) */
                for (unsigned flags = 0; flags < 32; flags += 1 + (nv > 2) * 2)
                    check_one(nv, n, tau, flags);
            }
}

/* Larger shapes: odd and even nv, n < tau, n > tau, blocks of eq weights
 * (n > 10), parallel loops (>= 2048 pairs), masks of every period. */
TEST(kernel_equals_generic_sizes) {
    static const unsigned shapes[][3] = {{5, 5, 3}, {6, 3, 6}, {7, 7, 7}, {8, 8, 2},
                                         {9, 4, 9}, {11, 11, 6}, {12, 12, 12}, {13, 13, 8},
                                         {14, 9, 14}, {15, 15, 10}};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++)
        for (int it = 0; it < test_iters(); it++) {
            unsigned flags = (unsigned)(test_rand_u64() % 32);
            check_one(shapes[s][0], shapes[s][1], shapes[s][2], flags);
        }
}

/* The degenerate round paths: r_i = 0 and lambda = 0 force the direct
 * evaluation of the value at X = 1 (no division). */
TEST(kernel_division_fallback) {
    for (unsigned nv = 3; nv <= 12; nv += 3) {
        check_one(nv, nv, nv > 2 ? nv - 2 : nv, 2);
        check_one(nv, nv, nv, 4);
        check_one(nv, nv - 1, nv, 2 | 4 | 8);
    }
}

/* A shape outside the kernel's (H's mask longer than 2^n: not periodic
 * within its region) runs the generic engine: still the same proof. */
TEST(kernel_fallback_shape) {
    lu_inst I;
    inst_make(&I, 5, 3, 5, 0);
    zp_fe2 *rh = calloc(16, sizeof(zp_fe2));
    for (size_t y = 0; y < 16; y++) rh[y] = rand_fe2();
    I.tab[H].mask_ext = rh;
    I.tab[H].mask_len = 16;
    I.claim = zp_sc_instance_sum(&I.inst);
    run_out g, k;
    run_generic(&g, &I);
    run_kernel(&k, &I, &I.inst);
    CHECK(same(&g, &k, 5));
    zp_bytes_free(&g.pf);
    zp_bytes_free(&k.pf);
    free(rh);
    inst_free(&I);
}
