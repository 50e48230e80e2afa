/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the row-masked product kernel (src/piop/sc_prod.c) against the generic ZK sumcheck. */
// ZP_TEST_LAYER: piop
#include <omp.h>

#include "harness.h"
#include "zkprov/piop.h"
#include "field/gl.h"
#include "piop/sumcheck_internal.h"

static zp_fe rand_fe(void) { return gl_from_u64(test_rand_u64()); }
static zp_fe2 rand_fe2(void) {
    zp_fe2 r = {rand_fe(), rand_fe()};
    return r;
}

/* One instance of the claim reduction's shape: M (base, zero on rows >=
 * rows, a few zero rows inside too), its mask row Rm, K (ext, zero on rows
 * >= rows and on some rows inside), H = sum M K. */
typedef struct {
    unsigned lr, lc, n;
    size_t rows, N, C;
    zp_fe *M, *Rm, *g0, *g1;
    zp_fe2 *K;
    zp_sc_table tab[2];
    zp_sc_term term;
    zp_sc_instance inst;
    zp_fe2 H;
} prod_t;

static void prod_new(prod_t *P, unsigned lr, unsigned lc, size_t rows) {
    memset(P, 0, sizeof *P);
    P->lr = lr;
    P->lc = lc;
    P->n = lr + lc;
    P->rows = rows;
    P->N = (size_t)1 << P->n;
    P->C = (size_t)1 << lc;
    P->M = calloc(P->N, sizeof(zp_fe));
    P->K = calloc(P->N, sizeof(zp_fe2));
    P->Rm = malloc(P->C * sizeof(zp_fe));
    for (size_t row = 0; row < rows; row++) {
        const int mz = row > 0 && test_rand_u64() % 5 == 0;
        const int kz = row > 0 && row + 1 < rows && test_rand_u64() % 4 == 0;
        for (size_t c = 0; c < P->C; c++) {
            if (!mz) P->M[row * P->C + c] = rand_fe();
            if (!kz) P->K[row * P->C + c] = rand_fe2();
        }
    }
    for (size_t c = 0; c < P->C; c++) P->Rm[c] = rand_fe();
    const size_t w = zp_sc_zk_mask_width(P->n, 2);
    P->g0 = malloc(w * sizeof(zp_fe));
    P->g1 = malloc(w * sizeof(zp_fe));
    zp_sc_zk_mask_sample(P->g0, P->g1, P->n, 2, test_rng());
    P->tab[0].base = P->M;
    P->tab[0].mask_base = P->Rm;
    P->tab[0].mask_len = P->C;
    P->tab[1].ext = P->K;
    P->term = (zp_sc_term){gl2_from_fe(1), 2, {0, 1}};
    P->inst = (zp_sc_instance){P->n, 2, P->tab, 1, &P->term};
    P->H = zp_sc_instance_sum(&P->inst);
}

static void prod_free(prod_t *P) {
    free(P->M);
    free(P->K);
    free(P->Rm);
    free(P->g0);
    free(P->g1);
}

typedef struct {
    zp_bytes pf;
    zp_sc_zk_result res;
    zp_fe2 pt[ZP_SC_MAX_VARS], ev[2];
    zp_err e;
} run_t;

static void tr_start(zp_transcript *tr) {
    zp_transcript_init(tr, "test/sc-reduce");
    const zp_fe2 x = {5, 9};
    zp_transcript_absorb_fe2(tr, "test/data", &x, 1);
}

static void run_generic(run_t *o, const prod_t *P, zp_fe2 claim) {
    zp_transcript tr;
    tr_start(&tr);
    zp_bytes_init(&o->pf);
    o->e = zp_sumcheck_zk_prove(&tr, &o->pf, &o->res, o->pt, o->ev, &P->inst, claim, P->g0,
                                P->g1, NULL, 0);
}

static void run_kernel(run_t *o, const prod_t *P, zp_fe2 claim, int check) {
    zp_transcript tr;
    tr_start(&tr);
    zp_bytes_init(&o->pf);
    const size_t nk = P->rows * P->C;
    zp_fe2 *K = malloc(nk * sizeof(zp_fe2));
    memcpy(K, P->K, nk * sizeof(zp_fe2));
    o->e = zp_sc_prod_zk_prove(&tr, &o->pf, &o->res, o->pt, o->ev, P->M, P->Rm, K, P->lr,
                               P->lc, P->rows, claim, check, P->g0, P->g1);
    free(K);
}

static int same_run(const run_t *a, const run_t *b, unsigned n) {
    return a->e == ZP_OK && b->e == ZP_OK && a->pf.len == b->pf.len &&
           memcmp(a->pf.data, b->pf.data, a->pf.len) == 0 &&
           memcmp(a->pt, b->pt, n * sizeof(zp_fe2)) == 0 &&
           memcmp(a->ev, b->ev, sizeof a->ev) == 0 &&
           gl2_eq(a->res.r_b, b->res.r_b) && gl2_eq(a->res.rho, b->res.rho) &&
           gl2_eq(a->res.g_eval, b->res.g_eval) &&
           gl2_eq(a->res.final_claim, b->res.final_claim);
}

/* The verifier: the sumcheck, its final check on the claimed evals, y_g,
 * and the evals themselves against the tables (what the PCS would check). */
static zp_err verify(const zp_bytes *pf, size_t len, const prod_t *P, zp_fe2 claim,
                     const zp_fe2 *ev) {
    zp_transcript tr;
    tr_start(&tr);
    zp_reader rd;
    zp_reader_init(&rd, pf->data, len);
    zp_sc_zk_result res;
    zp_fe2 pt[ZP_SC_MAX_VARS];
    zp_err e = zp_sumcheck_zk_verify(&tr, &rd, &res, pt, P->n, 2, claim);
    if (e != ZP_OK) return e;
    if (zp_reader_finish(&rd) != ZP_OK) return ZP_ERR_PARSE;
    e = zp_sumcheck_zk_check_final(&res, &P->term, 1, ev, 2);
    if (e != ZP_OK) return e;
    if (!gl2_eq(res.g_eval, zp_sc_zk_mask_eval(P->g0, P->g1, P->n, 2, res.r_b, pt)))
        return ZP_ERR_VERIFY;
    return ZP_OK;
}

/* (lr, lc) shapes incl. n = 1, 2, 3, odd and even, masks of period 2..2^7
 * (lc = 1: no round 1 in the b pass; lc >= 4: passes of two variables,
 * ending in a column round (lr = 0) or in the row rounds) */
static const unsigned SHAPES[][2] = {{0, 1}, {1, 1}, {0, 2}, {2, 1}, {1, 2}, {0, 3},
                                     {3, 2}, {2, 3}, {4, 1}, {4, 3}, {3, 4}, {5, 4},
                                     {0, 4}, {0, 5}, {1, 5}, {2, 6}, {6, 2}, {1, 7}};

TEST(kernel_matches_generic_bytes) {
    for (size_t s = 0; s < sizeof SHAPES / sizeof SHAPES[0]; s++) {
        const unsigned lr = SHAPES[s][0], lc = SHAPES[s][1];
        const size_t R = (size_t)1 << lr;
        /* active rows: 1, all, and odd / even prefixes in between */
        size_t rows_list[4] = {1, R, R > 2 ? R - 1 : R, R > 4 ? R / 2 + 1 : R};
        for (int t = 0; t < 4; t++) {
            prod_t P;
            prod_new(&P, lr, lc, rows_list[t]);
            run_t a, b;
            run_generic(&a, &P, P.H);
            run_kernel(&b, &P, P.H, 1);
            CHECK(same_run(&a, &b, P.n));
            CHECK(a.pf.len == zp_sumcheck_zk_proof_bytes(P.n, 2));
            CHECK(verify(&b.pf, b.pf.len, &P, P.H, b.ev) == ZP_OK);
            zp_bytes_free(&a.pf);
            zp_bytes_free(&b.pf);
            prod_free(&P);
        }
    }
}

TEST(kernel_proof_rejects_flipped_bytes) {
    prod_t P;
    prod_new(&P, 3, 3, 5);
    run_t b;
    run_kernel(&b, &P, P.H, 1);
    CHECK_OK(b.e);
    CHECK(verify(&b.pf, b.pf.len, &P, P.H, b.ev) == ZP_OK);
    for (size_t i = 0; i < b.pf.len; i += 7) {
        b.pf.data[i] ^= 0x10;
        CHECK(verify(&b.pf, b.pf.len, &P, P.H, b.ev) != ZP_OK);
        b.pf.data[i] ^= 0x10;
    }
    /* wrong claimed evaluations, a wrong claim, a truncated proof */
    zp_fe2 ev[2] = {b.ev[0], gl2_add(b.ev[1], gl2_from_fe(1))};
    CHECK(verify(&b.pf, b.pf.len, &P, P.H, ev) != ZP_OK);
    CHECK(verify(&b.pf, b.pf.len, &P, gl2_add(P.H, gl2_from_fe(1)), b.ev) != ZP_OK);
    CHECK(verify(&b.pf, b.pf.len - 1, &P, P.H, b.ev) != ZP_OK);
    zp_bytes_free(&b.pf);
    prod_free(&P);
}

TEST(kernel_evals_are_the_masked_mles) {
    /* evals[0] = (1 - r_b) M~(s) + r_b R~(s_col), evals[1] = K~(s), by a
     * direct reference fold */
    prod_t P;
    prod_new(&P, 4, 3, 11);
    run_t b;
    run_kernel(&b, &P, P.H, 1);
    CHECK_OK(b.e);
    zp_fe2 *v = malloc(P.N * sizeof(zp_fe2)), *w = malloc(P.N * sizeof(zp_fe2));
    for (size_t x = 0; x < P.N; x++) {
        zp_fe2 m = gl2_from_fe(P.M[x]), r = gl2_from_fe(P.Rm[x & (P.C - 1)]);
        v[x] = gl2_add(m, gl2_mul(b.res.r_b, gl2_sub(r, m)));
        w[x] = P.K[x];
    }
    for (size_t len = P.N, i = 0; len > 1; len /= 2, i++)
        for (size_t q = 0; q < len / 2; q++) {
            v[q] = gl2_add(v[2 * q], gl2_mul(b.pt[i], gl2_sub(v[2 * q + 1], v[2 * q])));
            w[q] = gl2_add(w[2 * q], gl2_mul(b.pt[i], gl2_sub(w[2 * q + 1], w[2 * q])));
        }
    CHECK(gl2_eq(v[0], b.ev[0]));
    CHECK(gl2_eq(w[0], b.ev[1]));
    free(v);
    free(w);
    zp_bytes_free(&b.pf);
    prod_free(&P);
}

TEST(kernel_self_check_and_dishonest_claim) {
    prod_t P;
    prod_new(&P, 3, 2, 6);
    const zp_fe2 bad = gl2_add(P.H, gl2_from_fe(3));
    run_t a, b;
    run_kernel(&b, &P, bad, 1);
    CHECK(b.e == ZP_ERR_INTERNAL);
    CHECK(gl2_is_zero(b.ev[0]) && gl2_is_zero(b.ev[1]) && gl2_is_zero(b.res.r_b));
    zp_bytes_free(&b.pf);
    /* unchecked: the same (rejected) proof as the generic engine's */
    run_generic(&a, &P, bad);
    run_kernel(&b, &P, bad, 0);
    CHECK(same_run(&a, &b, P.n));
    CHECK(verify(&b.pf, b.pf.len, &P, bad, b.ev) != ZP_OK);
    zp_bytes_free(&a.pf);
    zp_bytes_free(&b.pf);
    prod_free(&P);
}

TEST(kernel_threads_and_large_blocks) {
    /* big enough for every parallel pass (b pass: 2 column blocks; folds:
     * rows x columns >= 2 * 2048), identical for 1 and 2 threads */
    const unsigned shapes[2][2] = {{4, 11}, {7, 8}};
    const size_t rows[2] = {11, 100};
    for (int s = 0; s < 2; s++) {
        prod_t P;
        prod_new(&P, shapes[s][0], shapes[s][1], rows[s]);
        run_t a, b, c;
        run_generic(&a, &P, P.H);
        omp_set_num_threads(1);
        run_kernel(&b, &P, P.H, 1);
        omp_set_num_threads(2);
        run_kernel(&c, &P, P.H, 1);
        CHECK(same_run(&a, &b, P.n));
        CHECK(same_run(&a, &c, P.n));
        zp_bytes_free(&a.pf);
        zp_bytes_free(&b.pf);
        zp_bytes_free(&c.pf);
        prod_free(&P);
    }
}

TEST(kernel_bad_arguments) {
    prod_t P;
    prod_new(&P, 2, 2, 3);
    zp_transcript tr;
    tr_start(&tr);
    zp_bytes pf;
    zp_bytes_init(&pf);
    zp_sc_zk_result res;
    zp_fe2 pt[8], ev[2];
    CHECK(zp_sc_prod_zk_prove(&tr, &pf, &res, pt, ev, P.M, P.Rm, P.K, 2, 2, 0, P.H, 1, P.g0,
                              P.g1) == ZP_ERR_ARG);
    CHECK(zp_sc_prod_zk_prove(&tr, &pf, &res, pt, ev, P.M, P.Rm, P.K, 2, 2, 5, P.H, 1, P.g0,
                              P.g1) == ZP_ERR_ARG);
    CHECK(zp_sc_prod_zk_prove(&tr, &pf, &res, pt, ev, P.M, P.Rm, P.K, 4, 0, 1, P.H, 1, P.g0,
                              P.g1) == ZP_ERR_ARG);
    CHECK(zp_sc_prod_zk_prove(&tr, &pf, &res, pt, ev, NULL, P.Rm, P.K, 2, 2, 3, P.H, 1, P.g0,
                              P.g1) == ZP_ERR_ARG);
    CHECK(pf.len == 0);
    zp_bytes_free(&pf);
    prod_free(&P);
}
