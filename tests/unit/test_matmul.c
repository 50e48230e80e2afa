/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the matrix-product and element-wise product protocols (src/piop/matmul.c, eltwise.c). */
// ZP_TEST_LAYER: piop
#include <omp.h>

#include "harness.h"
#include "field/gl.h"
#include "zkprov/piop.h"
#include "piop/matmul_internal.h"

static zp_fe2 rand_fe2(void) {
    zp_fe2 r = {gl_from_u64(test_rand_u64()), gl_from_u64(test_rand_u64())};
    return r;
}

/* int8 values embedded mod p, as the fixed-point layers use them. */
static void rand_int8(zp_fe *v, size_t n) {
    for (size_t i = 0; i < n; i++)
        v[i] = zp_fe_from_i64((int64_t)(int8_t)(test_rand_u64() & 0xff));
}
static void rand_fe(zp_fe *v, size_t n) {
    for (size_t i = 0; i < n; i++) v[i] = gl_from_u64(test_rand_u64());
}

/* The value the caller would prove with the PCS: (1 - r_b) X~(z) + r_b R~(z)
 * with R periodic (mask NULL: plain evaluation). */
static zp_fe2 oracle(const zp_fe *x, const zp_fe *mask, size_t mask_len,
                     const zp_piop_claim *cl) {
    zp_fe2 v = cl->n_vars ? zp_mle_eval(x, cl->point, cl->n_vars) : gl2_from_fe(x[0]);
    if (mask == NULL) return v;
    int k = 0;
    while (((size_t)1 << k) < mask_len) k++;
    zp_fe2 rv = k ? zp_mle_eval(mask, cl->point, (unsigned)k) : gl2_from_fe(mask[0]);
    zp_fe2 one = gl2_from_fe(1);
    return gl2_add(gl2_mul(gl2_sub(one, cl->r_b), v), gl2_mul(cl->r_b, rv));
}

typedef struct {
    unsigned lm, ln, lp;
    zp_fe *A, *B, *C, *mA, *mB, *g0, *g1;
    size_t LA, LB;
    zp_fe2 ri[ZP_SC_MAX_VARS], rj[ZP_SC_MAX_VARS];
    int zk;
} mm_case;

static void mm_setup(mm_case *c, unsigned lm, unsigned ln, unsigned lp, int zk) {
    memset(c, 0, sizeof *c);
    c->lm = lm; c->ln = ln; c->lp = lp; c->zk = zk;
    size_t m = (size_t)1 << lm, n = (size_t)1 << ln, p = (size_t)1 << lp;
    c->A = malloc(m * n * sizeof(zp_fe));
    c->B = malloc(n * p * sizeof(zp_fe));
    c->C = malloc(m * p * sizeof(zp_fe));
    rand_int8(c->A, m * n);
    rand_int8(c->B, n * p);
    zp_matmul_compute(c->C, c->A, c->B, m, n, p);
    for (unsigned i = 0; i < lm; i++) c->ri[i] = rand_fe2();
    for (unsigned i = 0; i < lp; i++) c->rj[i] = rand_fe2();
    if (zk) {
        /* mask lengths: every power of two up to the size, by the seed */
        /* A base-field mask needs at least two values (one value leaks a
         * witness-dependent combination: docs/spec/sumcheck.md, review
         * notes), so a one-entry tensor cannot be masked at all. */
        c->LA = (lm + ln) ? (size_t)2 << (test_rand_u64() % (lm + ln)) : 1;
        c->LB = (ln + lp) ? (size_t)2 << (test_rand_u64() % (ln + lp)) : 1;
        c->mA = malloc(c->LA * sizeof(zp_fe));
        c->mB = malloc(c->LB * sizeof(zp_fe));
        rand_fe(c->mA, c->LA);
        rand_fe(c->mB, c->LB);
        size_t w = zp_sc_zk_mask_width(zp_matmul_sc_vars(ln), 2);
        c->g0 = malloc(w * sizeof(zp_fe));
        c->g1 = malloc(w * sizeof(zp_fe));
        zp_sc_zk_mask_sample(c->g0, c->g1, zp_matmul_sc_vars(ln), 2, test_rng());
    }
}

static void mm_free(mm_case *c) {
    free(c->A); free(c->B); free(c->C); free(c->mA); free(c->mB);
    free(c->g0); free(c->g1);
}

static zp_fe2 mm_claim(const mm_case *c) {
    zp_fe2 z[2 * ZP_SC_MAX_VARS];
    memcpy(z, c->rj, c->lp * sizeof(zp_fe2));
    memcpy(z + c->lp, c->ri, c->lm * sizeof(zp_fe2));
    unsigned nz = c->lm + c->lp;
    return nz ? zp_mle_eval(c->C, z, nz) : gl2_from_fe(c->C[0]);
}

static zp_err mm_prove(const mm_case *c, zp_bytes *pf, zp_matmul_claims *out,
                       zp_fe2 claim) {
    zp_transcript tr;
    zp_transcript_init(&tr, "zkprov-test/matmul");
    zp_piop_tensor A = {c->A, c->mA, c->LA}, B = {c->B, c->mB, c->LB};
    return zp_matmul_prove(&tr, pf, out, &A, &B, c->lm, c->ln, c->lp, c->ri, c->rj,
                           claim, c->g0, c->g1);
}

/* Full check: the protocol, then the claims against the tensors (standing
 * in for the PCS openings).  Returns ZP_OK or the first failure. */
static zp_err mm_verify(const mm_case *c, const uint8_t *pf, size_t len,
                        zp_fe2 claim, zp_matmul_claims *out) {
    zp_transcript tr;
    zp_transcript_init(&tr, "zkprov-test/matmul");
    zp_reader rd;
    zp_reader_init(&rd, pf, len);
    zp_err e = zp_matmul_verify(&tr, &rd, out, c->lm, c->ln, c->lp, c->ri, c->rj,
                                claim, c->zk);
    if (e != ZP_OK) return e;
    if (zp_reader_finish(&rd) != ZP_OK) return ZP_ERR_PARSE;
    if (!gl2_eq(out->a.value, oracle(c->A, c->mA, c->LA, &out->a))) return ZP_ERR_VERIFY;
    if (!gl2_eq(out->b.value, oracle(c->B, c->mB, c->LB, &out->b))) return ZP_ERR_VERIFY;
    if (c->zk) {
        zp_fe2 g = zp_sc_zk_mask_eval(c->g0, c->g1, out->sc.n_vars, out->sc.degree,
                                      out->sc.res.r_b, out->sc.point);
        if (!gl2_eq(g, out->sc.res.g_eval)) return ZP_ERR_VERIFY;
    }
    return ZP_OK;
}

static const unsigned MM_SIZES[][3] = {
    {0, 0, 0}, {0, 1, 0}, {1, 0, 2}, {2, 3, 1}, {3, 1, 4}, {4, 4, 4},
    {5, 6, 3}, {6, 5, 6}, {6, 6, 6},
};

static void mm_complete(int zk) {
    for (size_t t = 0; t < sizeof MM_SIZES / sizeof MM_SIZES[0]; t++) {
        mm_case c;
        mm_setup(&c, MM_SIZES[t][0], MM_SIZES[t][1], MM_SIZES[t][2], zk);
        zp_fe2 claim = mm_claim(&c);
        zp_bytes pf;
        zp_bytes_init(&pf);
        zp_matmul_claims pc, vc;
        if (zk && (c.LA < 2 || c.LB < 2)) {
            /* ZK mode refuses a one-entry mask. */
            CHECK(mm_prove(&c, &pf, &pc, claim) == ZP_ERR_ARG);
            zp_bytes_free(&pf);
            mm_free(&c);
            continue;
        }
        CHECK_OK(mm_prove(&c, &pf, &pc, claim));
        CHECK(!pf.failed);
        CHECK(pf.len == zp_matmul_proof_bytes(c.ln, zk));
        CHECK_OK(mm_verify(&c, pf.data, pf.len, claim, &vc));
        CHECK(memcmp(&pc.a, &vc.a, sizeof pc.a) == 0);
        CHECK(memcmp(&pc.b, &vc.b, sizeof pc.b) == 0);
        CHECK(vc.a.n_vars == c.lm + c.ln && vc.b.n_vars == c.ln + c.lp);
        zp_bytes_free(&pf);
        mm_free(&c);
    }
}

TEST(matmul_complete_plain) { mm_complete(0); }
TEST(matmul_complete_zk) { mm_complete(1); }

TEST(matmul_compute_matches_naive) {
    mm_case c;
    mm_setup(&c, 3, 4, 2, 0);
    size_t m = 8, n = 16, p = 4;
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < p; j++) {
            zp_fe acc = 0;
            for (size_t k = 0; k < n; k++)
                acc = gl_add(acc, gl_mul(c.A[i * n + k], c.B[k * p + j]));
            CHECK(acc == c.C[i * p + j]);
        }
    /* full-range entries exercise the 192-bit accumulators */
    rand_fe(c.A, m * n);
    rand_fe(c.B, n * p);
    zp_matmul_compute(c.C, c.A, c.B, m, n, p);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < p; j++) {
            zp_fe acc = 0;
            for (size_t k = 0; k < n; k++)
                acc = gl_add(acc, gl_mul(c.A[i * n + k], c.B[k * p + j]));
            CHECK(acc == c.C[i * p + j]);
        }
    mm_free(&c);
}

/* A wrong entry of C: the claim no longer matches A B and the proof fails. */
TEST(matmul_wrong_entry_rejected) {
    for (int zk = 0; zk < 2; zk++) {
        mm_case c;
        mm_setup(&c, 3, 4, 3, zk);
        size_t idx = test_rand_u64() % 64;
        c.C[idx] = gl_add(c.C[idx], 1);
        zp_fe2 claim = mm_claim(&c);
        zp_bytes pf;
        zp_bytes_init(&pf);
        zp_matmul_claims pc, vc;
        zp_err e = mm_prove(&c, &pf, &pc, claim);
        if (e == ZP_OK) CHECK(mm_verify(&c, pf.data, pf.len, claim, &vc) != ZP_OK);
        /* and an honest proof of the right C fails against the wrong claim */
        zp_bytes_free(&pf);
        zp_bytes_init(&pf);
        zp_matmul_claims pc2;
        zp_fe2 good = claim; /* the claim of the wrong C */
        c.C[idx] = gl_sub(c.C[idx], 1);
        zp_fe2 right = mm_claim(&c);
        CHECK(!gl2_eq(good, right));
        CHECK_OK(mm_prove(&c, &pf, &pc2, right));
        CHECK(mm_verify(&c, pf.data, pf.len, good, &vc) != ZP_OK);
        CHECK_OK(mm_verify(&c, pf.data, pf.len, right, &vc));
        zp_bytes_free(&pf);
        mm_free(&c);
    }
}

TEST(matmul_byte_flips_rejected) {
    mm_case c;
    mm_setup(&c, 2, 2, 2, 1);
    zp_fe2 claim = mm_claim(&c);
    zp_bytes pf;
    zp_bytes_init(&pf);
    zp_matmul_claims pc, vc;
    CHECK_OK(mm_prove(&c, &pf, &pc, claim));
    CHECK_OK(mm_verify(&c, pf.data, pf.len, claim, &vc));
    int accepted = 0;
    for (size_t i = 0; i < pf.len; i++) {
        pf.data[i] ^= (uint8_t)(1u << (i % 8));
        if (mm_verify(&c, pf.data, pf.len, claim, &vc) == ZP_OK) accepted++;
        pf.data[i] ^= (uint8_t)(1u << (i % 8));
    }
    CHECK(accepted == 0);
    /* truncated and extended proofs */
    CHECK(mm_verify(&c, pf.data, pf.len - 1, claim, &vc) != ZP_OK);
    zp_bytes_append(&pf, "", 1);
    CHECK(mm_verify(&c, pf.data, pf.len, claim, &vc) != ZP_OK);
    zp_bytes_free(&pf);
    mm_free(&c);
}

TEST(matmul_proof_size_witness_independent) {
    mm_case c1, c2;
    mm_setup(&c1, 4, 5, 3, 1);
    mm_setup(&c2, 4, 5, 3, 1);
    zp_bytes p1, p2;
    zp_bytes_init(&p1);
    zp_bytes_init(&p2);
    zp_matmul_claims o1, o2;
    CHECK_OK(mm_prove(&c1, &p1, &o1, mm_claim(&c1)));
    CHECK_OK(mm_prove(&c2, &p2, &o2, mm_claim(&c2)));
    CHECK(p1.len == p2.len);
    CHECK(p1.len == zp_matmul_proof_bytes(5, 1));
    CHECK(memcmp(p1.data, p2.data, p1.len) != 0);
    zp_bytes_free(&p1);
    zp_bytes_free(&p2);
    mm_free(&c1);
    mm_free(&c2);
}

TEST(matmul_threads_identical) {
    mm_case c;
    mm_setup(&c, 6, 7, 5, 1);
    zp_fe2 claim = mm_claim(&c);
    zp_bytes p1, p2;
    zp_bytes_init(&p1);
    zp_bytes_init(&p2);
    zp_matmul_claims o1, o2;
    int saved = omp_get_max_threads();
    omp_set_num_threads(1);
    CHECK_OK(mm_prove(&c, &p1, &o1, claim));
    omp_set_num_threads(2);
    CHECK_OK(mm_prove(&c, &p2, &o2, claim));
    omp_set_num_threads(saved);
    CHECK(p1.len == p2.len && memcmp(p1.data, p2.data, p1.len) == 0);
    zp_bytes_free(&p1);
    zp_bytes_free(&p2);
    mm_free(&c);
}

/* The folds against gl2 sums, on one thread and on two: one column block
 * (n <= 64, rows split between the threads), several blocks, and sizes
 * on both sides of the parallel threshold; full-range entries. */
TEST(matmul_folds_match_naive_any_threads) {
    static const size_t shapes[][2] = {{2, 8}, {256, 64}, {1024, 48}, {128, 1024}, {33, 200},
                                       {4096, 2}};
    int saved = omp_get_max_threads();
    for (size_t sh = 0; sh < sizeof shapes / sizeof shapes[0]; sh++) {
        const size_t m = shapes[sh][0], n = shapes[sh][1];
        zp_fe *A = malloc(m * n * sizeof(zp_fe));
        zp_fe2 *eqm = malloc(m * sizeof(zp_fe2)), *eqn = malloc(n * sizeof(zp_fe2));
        zp_fe2 *r1 = malloc(n * sizeof(zp_fe2)), *r2 = malloc(n * sizeof(zp_fe2));
        zp_fe2 *c1 = malloc(m * sizeof(zp_fe2)), *c2 = malloc(m * sizeof(zp_fe2));
        CHECK(A && eqm && eqn && r1 && r2 && c1 && c2);
        rand_fe(A, m * n);
        for (size_t i = 0; i < m; i++) eqm[i] = rand_fe2();
        for (size_t k = 0; k < n; k++) eqn[k] = rand_fe2();
        omp_set_num_threads(1);
        zp_mm_fold_rows(r1, A, m, n, eqm);
        zp_mm_fold_cols(c1, A, m, n, eqn);
        omp_set_num_threads(2);
        zp_mm_fold_rows(r2, A, m, n, eqm);
        zp_mm_fold_cols(c2, A, m, n, eqn);
        CHECK(memcmp(r1, r2, n * sizeof(zp_fe2)) == 0);
        CHECK(memcmp(c1, c2, m * sizeof(zp_fe2)) == 0);
        for (size_t k = 0; k < n; k++) {
            zp_fe2 acc = {0, 0};
            for (size_t i = 0; i < m; i++) acc = gl2_add(acc, gl2_mul_fe(eqm[i], A[i * n + k]));
            CHECK(gl2_eq(acc, r2[k]));
        }
        for (size_t i = 0; i < m; i++) {
            zp_fe2 acc = {0, 0};
            for (size_t k = 0; k < n; k++) acc = gl2_add(acc, gl2_mul_fe(eqn[k], A[i * n + k]));
            CHECK(gl2_eq(acc, c2[i]));
        }
        free(A);
        free(eqm);
        free(eqn);
        free(r1);
        free(r2);
        free(c1);
        free(c2);
    }
    omp_set_num_threads(saved);
}

/* ---------------- Hadamard ---------------- */

static zp_err had_run(unsigned ln, const zp_fe *A, const zp_fe *B, const zp_fe *C,
                      const zp_fe *mA, const zp_fe *mB, size_t L, int zk,
                      int flip, size_t *len_out) {
    size_t w = zp_sc_zk_mask_width(zp_hadamard_sc_vars(ln), 3);
    zp_fe *g0 = malloc(w * sizeof(zp_fe)), *g1 = malloc(w * sizeof(zp_fe));
    zp_sc_zk_mask_sample(g0, g1, zp_hadamard_sc_vars(ln), 3, test_rng());
    zp_fe2 r[ZP_SC_MAX_VARS];
    for (unsigned i = 0; i < ln; i++) r[i] = rand_fe2();
    zp_fe2 claim = ln ? zp_mle_eval(C, r, ln) : gl2_from_fe(C[0]);
    zp_piop_tensor tA = {A, mA, L}, tB = {B, mB, L};
    zp_transcript tr;
    zp_transcript_init(&tr, "zkprov-test/hadamard");
    zp_bytes pf;
    zp_bytes_init(&pf);
    zp_hadamard_claims pc, vc;
    zp_err e = zp_hadamard_prove(&tr, &pf, &pc, &tA, &tB, ln, r, claim,
                                 zk ? g0 : NULL, zk ? g1 : NULL);
    if (e == ZP_OK) {
        *len_out = pf.len;
        if (flip) pf.data[test_rand_u64() % pf.len] ^= 4;
        zp_transcript_init(&tr, "zkprov-test/hadamard");
        zp_reader rd;
        zp_reader_init(&rd, pf.data, pf.len);
        e = zp_hadamard_verify(&tr, &rd, &vc, ln, r, claim, zk);
        if (e == ZP_OK) e = zp_reader_finish(&rd);
        if (e == ZP_OK && (!gl2_eq(vc.a.value, oracle(A, zk ? mA : NULL, L, &vc.a)) ||
                           !gl2_eq(vc.b.value, oracle(B, zk ? mB : NULL, L, &vc.b))))
            e = ZP_ERR_VERIFY;
        if (e == ZP_OK && zk &&
            !gl2_eq(vc.sc.res.g_eval, zp_sc_zk_mask_eval(g0, g1, vc.sc.n_vars, 3,
                                                         vc.sc.res.r_b, vc.sc.point)))
            e = ZP_ERR_VERIFY;
    }
    zp_bytes_free(&pf);
    free(g0);
    free(g1);
    return e;
}

TEST(hadamard_complete_and_sound) {
    for (unsigned ln = 0; ln <= 10; ln += (ln < 3 ? 1 : 3)) {
        size_t n = (size_t)1 << ln;
        zp_fe *A = malloc(n * sizeof(zp_fe)), *B = malloc(n * sizeof(zp_fe));
        zp_fe *C = malloc(n * sizeof(zp_fe)), *mA = malloc(n * sizeof(zp_fe));
        zp_fe *mB = malloc(n * sizeof(zp_fe));
        rand_int8(A, n);
        rand_fe(B, n);
        rand_fe(mA, n);
        rand_fe(mB, n);
        zp_fe_mul_batch(C, A, B, n);
        size_t L = ln ? (size_t)2 << (test_rand_u64() % ln) : 1, len0 = 0, len1 = 0;
        for (int zk = 0; zk < 2; zk++) {
            if (zk && L < 2) {
                /* ZK mode refuses a one-entry mask. */
                CHECK(had_run(ln, A, B, C, mA, mB, L, zk, 0, &len0) == ZP_ERR_ARG);
                continue;
            }
            CHECK_OK(had_run(ln, A, B, C, mA, mB, L, zk, 0, &len0));
            CHECK(len0 == zp_hadamard_proof_bytes(ln, zk));
            CHECK(had_run(ln, A, B, C, mA, mB, L, zk, 1, &len1) != ZP_OK);
            /* squares: A o A with the same tensor twice */
            zp_fe_mul_batch(C, A, A, n);
            CHECK_OK(had_run(ln, A, A, C, mA, mA, L, zk, 0, &len0));
            zp_fe_mul_batch(C, A, B, n);
            size_t i = test_rand_u64() % n;
            C[i] = gl_add(C[i], 1);
            CHECK(had_run(ln, A, B, C, mA, mB, L, zk, 0, &len0) != ZP_OK);
            C[i] = gl_sub(C[i], 1);
        }
        free(A); free(B); free(C); free(mA); free(mB);
    }
}
