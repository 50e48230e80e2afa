/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the eq-weighted zero-check prover kernel (src/piop/sc_eq.c) against the generic ZK sumcheck. */
// ZP_TEST_LAYER: piop
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "field/gl.h"
#include "piop/sumcheck_internal.h"

#define MAXT 24

static zp_fe rand_fe(void) { return gl_from_u64(test_rand_u64()); }
static zp_fe2 rand_fe2(void) {
    zp_fe2 r = {rand_fe(), rand_fe()};
    return r;
}

/* An instance of the builder's zero-check shape: table 0 = eq(r, x),
 * tables 1.. base (some extension) values with base masks of several
 * periods, extension masks or none, terms c EQ, c EQ T_a, c EQ T_a T_b. */
typedef struct {
    unsigned n;
    zp_fe2 r[ZP_SC_MAX_VARS];
    zp_sc_instance inst;
    zp_sc_table tab[MAXT];
    zp_sc_term term[ZP_SC_MAX_TERMS];
    void *mem[4 * MAXT];
    int n_mem;
    zp_fe2 claim;
    zp_fe *g0, *g1;
} zc_t;

static void *zc_alloc(zc_t *I, size_t bytes) {
    void *p = calloc(1, bytes);
    I->mem[I->n_mem++] = p;
    return p;
}

static void zc_free(zc_t *I) {
    for (int i = 0; i < I->n_mem; i++) free(I->mem[i]);
    I->n_mem = 0;
}

/* (Re)samples the ZK mask rows g0, g1 for the instance's degree. */
static void zc_mask(zc_t *I) {
    unsigned D = zp_sc_degree(&I->inst);
    size_t w = zp_sc_zk_mask_width(I->n, D);
    I->g0 = zc_alloc(I, w * sizeof(zp_fe));
    I->g1 = zc_alloc(I, w * sizeof(zp_fe));
    zp_sc_zk_mask_sample(I->g0, I->g1, I->n, D, test_rng());
}

/* Base masks of period >= 2^(1 + zc_minlog) (the AVX-512 rounds of
 * sc_eq.c take periods >= 16 and 32). */
static unsigned zc_minlog;

/* zero_sum: the last terms cancel the sum (a zero-check that holds);
 * base_only: every table and mask over F (the kernel's fused b pass). */
static void zc_random(zc_t *I, unsigned n, unsigned nt, unsigned n_terms, int zero_sum,
                      int base_only) {
    memset(I, 0, sizeof *I);
    I->n = n;
    const size_t N = (size_t)1 << n;
    for (unsigned i = 0; i < n; i++) I->r[i] = rand_fe2();
    zp_fe2 *eq = zc_alloc(I, N * sizeof(zp_fe2));
    zp_eq_table(eq, I->r, n);
    I->tab[0].ext = eq;
    for (unsigned j = 1; j < nt; j++) {
        zp_sc_table *t = &I->tab[j];
        unsigned kind = (unsigned)(test_rand_u64() % 8);
        if (base_only && kind >= 4) kind = kind == 7 ? 6 : (unsigned)(test_rand_u64() % 4);
        /* zero tail: values vanish from a random cut on */
        size_t cut = (test_rand_u64() & 1) ? N : (size_t)(test_rand_u64() % (N + 1));
        if (kind == 7) {
            zp_fe2 *v = zc_alloc(I, N * sizeof(zp_fe2));
            for (size_t x = 0; x < cut; x++) v[x] = rand_fe2();
            t->ext = v;
        } else {
            zp_fe *v = zc_alloc(I, N * sizeof(zp_fe));
            for (size_t x = 0; x < cut; x++) v[x] = rand_fe();
            t->base = v;
        }
        if (kind <= 3) { /* base mask, period 2 .. N */
            size_t L = (size_t)2 << (zc_minlog + test_rand_u64() % (n - zc_minlog));
            zp_fe *m = zc_alloc(I, L * sizeof(zp_fe));
            for (size_t x = 0; x < L; x++) m[x] = rand_fe();
            t->mask_base = m;
            t->mask_len = L;
        } else if (kind <= 5) { /* extension mask, full or periodic */
            size_t L = kind == 4 ? N : (size_t)1 << (test_rand_u64() % (n + 1));
            zp_fe2 *m = zc_alloc(I, L * sizeof(zp_fe2));
            for (size_t x = 0; x < L; x++) m[x] = rand_fe2();
            t->mask_ext = m;
            t->mask_len = L;
        }
    }
    size_t ns = 0;
    for (unsigned k = 0; k < n_terms; k++) {
        zp_sc_term *tm = &I->term[ns++];
        tm->coeff = rand_fe2();
        tm->n_factors = 1 + (unsigned)(test_rand_u64() % 3);
        if (nt == 1) tm->n_factors = 1;
        for (unsigned f = 1; f < tm->n_factors; f++)
            tm->factors[f] = 1 + (uint32_t)(test_rand_u64() % (nt - 1));
    }
    I->inst = (zp_sc_instance){n, nt, I->tab, ns, I->term};
    I->claim = zp_sc_instance_sum(&I->inst);
    if (zero_sum) {
        /* c EQ with c = -sum makes the total 0 (sum_x eq(r, x) = 1) */
        zp_sc_term *tm = &I->term[ns++];
        memset(tm, 0, sizeof *tm);
        tm->coeff = gl2_neg(I->claim);
        tm->n_factors = 1;
        I->inst.n_terms = ns;
        I->claim = zp_sc_instance_sum(&I->inst);
    }
    zc_mask(I);
}

typedef struct {
    zp_bytes pf;
    zp_sc_zk_result res;
    zp_fe2 pt[ZP_SC_MAX_VARS], ev[MAXT];
} run_t;

/* The same transcript prefix for both provers. */
static void tr_start(zp_transcript *tr) {
    zp_transcript_init(tr, "test/sc-eq");
    zp_transcript_absorb_u64(tr, "test/x", 42);
}

static void run_generic(const zc_t *I, run_t *o) {
    zp_transcript tr;
    tr_start(&tr);
    zp_bytes_init(&o->pf);
    CHECK_OK(zp_sumcheck_zk_prove(&tr, &o->pf, &o->res, o->pt, o->ev, &I->inst, I->claim, I->g0,
                                  I->g1, NULL, 0));
}

static void run_kernel(const zc_t *I, run_t *o) {
    zp_transcript tr;
    tr_start(&tr);
    zp_bytes_init(&o->pf);
    CHECK_OK(zp_sumcheck_zk_prove_eq(&tr, &o->pf, &o->res, o->pt, o->ev, &I->inst, I->r,
                                     I->claim, I->g0, I->g1));
}

static int same_run(const zc_t *I, const run_t *a, const run_t *b) {
    return a->pf.len == b->pf.len && !memcmp(a->pf.data, b->pf.data, a->pf.len) &&
           !memcmp(a->pt, b->pt, I->n * sizeof(zp_fe2)) &&
           !memcmp(a->ev, b->ev, I->inst.n_tables * sizeof(zp_fe2)) &&
           !memcmp(&a->res, &b->res, sizeof a->res);
}

/* Verifier side; evals are taken as given (the PCS opens them in the
 * protocols) and g(r) is checked against the mask rows directly. */
static zp_err verify(const zc_t *I, const uint8_t *pf, size_t len, const zp_fe2 *ev) {
    zp_transcript tr;
    zp_reader rd;
    zp_sc_zk_result res;
    zp_fe2 pt[ZP_SC_MAX_VARS];
    tr_start(&tr);
    zp_reader_init(&rd, pf, len);
    const unsigned D = zp_sc_degree(&I->inst);
    zp_err e = zp_sumcheck_zk_verify(&tr, &rd, &res, pt, I->n, D, I->claim);
    if (e != ZP_OK) return e;
    if ((e = zp_reader_finish(&rd)) != ZP_OK) return e;
    if ((e = zp_sumcheck_zk_check_final(&res, I->term, I->inst.n_terms, ev, I->inst.n_tables)) !=
        ZP_OK)
        return e;
    if (!gl2_eq(res.g_eval, zp_sc_zk_mask_eval(I->g0, I->g1, I->n, D, res.r_b, pt)))
        return ZP_ERR_VERIFY;
    return ZP_OK;
}

static void compare_one(zc_t *I) {
    run_t a, b;
    run_generic(I, &a);
    run_kernel(I, &b);
    CHECK(same_run(I, &a, &b));
    CHECK_OK(verify(I, b.pf.data, b.pf.len, b.ev));
    zp_bytes_free(&a.pf);
    zp_bytes_free(&b.pf);
}

/* Byte-identical proofs, points, evaluations and results on random
 * instances of every small size, odd and even. */
TEST(kernel_equals_generic_small) {
    for (unsigned n = 1; n <= 9; n++) {
        for (int it = 0; it < 6; it++) {
            zc_t I;
            zc_random(&I, n, 1 + (unsigned)(test_rand_u64() % 9), 1 + (unsigned)(test_rand_u64() % 12),
                      it & 1, it >= 2);
            compare_one(&I);
            zc_free(&I);
        }
    }
}

/* Larger instances (parallel rounds) with many tables and terms, one over
 * F only (the builder's common case), one mixed. */
TEST(kernel_equals_generic_large) {
    for (int base_only = 0; base_only < 2; base_only++) {
        zc_t I;
        zc_random(&I, 13, 20, 24, 1, base_only);
        compare_one(&I);
        zc_free(&I);
    }
}

/* Instances whose rounds the AVX-512 kernels take (where present): tables
 * over F, masks of period >= 32, many merged into V; 1 and 2 threads. */
TEST(kernel_equals_generic_simd) {
    const int nth = omp_get_max_threads();
    zc_minlog = 4;
    for (int th = 1; th <= 2; th++) {
        omp_set_num_threads(th);
        for (unsigned n = 5; n <= 12; n += 7) {
            zc_t I;
            zc_random(&I, n, 20, 24, 1, 1);
            compare_one(&I);
            zc_free(&I);
        }
    }
    zc_minlog = 0;
    omp_set_num_threads(nth);
}

/* A satisfied zero-check of the builder's form: EQ (A B - C) + EQ (D - E)
 * with C = A B and E = D, claim 0. */
TEST(kernel_true_zerocheck) {
    for (unsigned n = 1; n <= 10; n += 3) {
        zc_t I;
        zc_random(&I, n, 6, 1, 0, n & 1);
        const size_t N = (size_t)1 << n;
        zp_fe *C = (zp_fe *)I.tab[3].base, *E = (zp_fe *)I.tab[5].base;
        for (unsigned j = 1; j <= 5; j++) {
            if (!I.tab[j].base) { /* make every table base valued */
                zp_fe *v = zc_alloc(&I, N * sizeof(zp_fe));
                for (size_t x = 0; x < N; x++) v[x] = rand_fe();
                I.tab[j].base = v;
                I.tab[j].ext = NULL;
            }
        }
        C = (zp_fe *)I.tab[3].base;
        E = (zp_fe *)I.tab[5].base;
        for (size_t x = 0; x < N; x++) {
            C[x] = gl_mul(I.tab[1].base[x], I.tab[2].base[x]);
            E[x] = I.tab[4].base[x];
        }
        zp_fe2 one = {1, 0};
        zp_sc_term t[4] = {{one, 3, {0, 1, 2}}, {gl2_neg(one), 2, {0, 3}},
                           {one, 2, {0, 4}}, {gl2_neg(one), 2, {0, 5}}};
        memcpy(I.term, t, sizeof t);
        I.inst.n_terms = 4;
        I.claim = zp_sc_instance_sum(&I.inst);
        CHECK(gl2_is_zero(I.claim));
        zc_mask(&I);
        compare_one(&I);
        zc_free(&I);
    }
}

/* r_i = 0 and r_i = 1 (eq(r_i, 1) or eq(r_i, 0) vanishes): the kernel
 * evaluates P(1) directly where it cannot divide by r_i. */
TEST(kernel_degenerate_r) {
    for (unsigned n = 2; n <= 6; n += 2) {
        zc_t I;
        zc_random(&I, n, 6, 10, 0, n == 4);
        zp_fe2 zero = {0, 0}, one = {1, 0};
        I.r[0] = zero;
        I.r[n - 1] = one;
        if (n > 2) I.r[1] = zero;
        zp_eq_table((zp_fe2 *)I.tab[0].ext, I.r, n);
        I.claim = zp_sc_instance_sum(&I.inst);
        compare_one(&I);
        zc_free(&I);
    }
}

/* A flipped byte anywhere in the kernel's proof is rejected. */
TEST(kernel_proof_flip_rejected) {
    zc_t I;
    zc_random(&I, 5, 7, 9, 1, 1);
    run_t b;
    run_kernel(&I, &b);
    CHECK_OK(verify(&I, b.pf.data, b.pf.len, b.ev));
    for (size_t pos = 0; pos < b.pf.len; pos += 7) {
        b.pf.data[pos] ^= (uint8_t)(1u << (pos % 8));
        CHECK(verify(&I, b.pf.data, b.pf.len, b.ev) != ZP_OK);
        b.pf.data[pos] ^= (uint8_t)(1u << (pos % 8));
    }
    /* a wrong evaluation is rejected too (of EQ, a factor of every term) */
    b.ev[0].c0 = gl_add(b.ev[0].c0, 1);
    CHECK(verify(&I, b.pf.data, b.pf.len, b.ev) != ZP_OK);
    zp_bytes_free(&b.pf);
    zc_free(&I);
}

/* 1 thread and 2 threads give the same proof. */
TEST(kernel_thread_determinism) {
    zc_t I;
    zc_random(&I, 14, 8, 12, 1, 1);
    run_t a, b;
    int nth = omp_get_max_threads();
    omp_set_num_threads(1);
    run_kernel(&I, &a);
    omp_set_num_threads(2);
    run_kernel(&I, &b);
    omp_set_num_threads(nth);
    CHECK(same_run(&I, &a, &b));
    zp_bytes_free(&a.pf);
    zp_bytes_free(&b.pf);
    zc_free(&I);
}

/* Instances outside the kernel's shape are refused, outputs untouched. */
TEST(kernel_rejects_other_shapes) {
    zc_t I;
    zc_random(&I, 3, 4, 4, 0, 0);
    run_t o;
    zp_transcript tr;
    tr_start(&tr);
    zp_bytes_init(&o.pf);
    I.term[0].factors[0] = 1; /* a term without the eq factor first */
    I.term[0].n_factors = 2;
    CHECK(zp_sumcheck_zk_prove_eq(&tr, &o.pf, &o.res, o.pt, o.ev, &I.inst, I.r, I.claim, I.g0,
                                  I.g1) == ZP_ERR_ARG);
    I.term[0].factors[0] = 0;
    I.term[0].n_factors = 4; /* degree 3 in the tables */
    I.term[0].factors[3] = 1;
    CHECK(zp_sumcheck_zk_prove_eq(&tr, &o.pf, &o.res, o.pt, o.ev, &I.inst, I.r, I.claim, I.g0,
                                  I.g1) == ZP_ERR_ARG);
    CHECK(o.pf.len == 0);
    /* outputs are zeroed on failure */
    o.pt[0] = o.ev[1] = o.res.r_b = (zp_fe2){1, 1};
    CHECK(zp_sumcheck_zk_prove_eq(&tr, &o.pf, &o.res, o.pt, o.ev, &I.inst, I.r, I.claim, I.g0,
                                  I.g1) == ZP_ERR_ARG);
    CHECK(gl2_is_zero(o.pt[0]) && gl2_is_zero(o.ev[1]) && gl2_is_zero(o.res.r_b));
    zp_bytes_free(&o.pf);
    zc_free(&I);
}
