/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the aggregator's pass over the updates (fl_scan.c) against a
 * direct computation of the norm sumcheck's tables. */
// ZP_TEST_LAYER: prov
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "field/gl.h"
#include "harness.h"
#include "prov/fl_internal.h"

#define LP 10
#define CLC 5
#define NCL 3
#define KB 12 /* entry width: values in [-2^11, 2^11) */
#define PN ((size_t)1 << LP)
#define CN ((size_t)1 << CLC)

static zp_fe2 rand_fe2(void) {
    zp_fe2 r = {gl_from_u64(test_rand_u64()), gl_from_u64(test_rand_u64())};
    return r;
}

static zp_fe fe_of(int64_t v) { return zp_fe_from_i64(v); }

typedef struct {
    int64_t *vals[NCL];
    uint64_t wgt[NCL];
} updates;

static void make(updates *u, int64_t amp) {
    for (int i = 0; i < NCL; i++) {
        u->vals[i] = malloc(PN * sizeof(int64_t));
        for (size_t x = 0; x < PN; x++)
            u->vals[i][x] = (int64_t)(test_rand_u64() % (uint64_t)(2 * amp)) - amp;
        u->wgt[i] = 1 + test_rand_u64() % 1000;
    }
}

static void drop(updates *u) {
    for (int i = 0; i < NCL; i++) free(u->vals[i]);
}

/* Folds F[0..len) once at r in place. */
static void fold(zp_fe2 *F, size_t len, zp_fe2 r) {
    for (size_t p = 0; p < len / 2; p++) F[p] = gl2_add(F[2 * p], gl2_mul(r, gl2_sub(F[2 * p + 1], F[2 * p])));
}

TEST(scan_sums_match_direct) {
    updates u;
    make(&u, (int64_t)1 << (KB - 1));
    int64_t *sacc = malloc(PN * sizeof(int64_t));
    zp_fl_scan s;
    CHECK_OK(zp_fl_scan_run(&s, (const int64_t *const *)u.vals, NCL, LP, CLC, ZP_FL_SMALL_ROUNDS,
                            (uint64_t)1 << (KB - 1), 0, u.wgt, sacc));
    CHECK(!s.out_of_range);
    for (int i = 0; i < NCL; i++) {
        CHECK(s.norm[i] == (uint64_t)zp_fl_norm2(u.vals[i], PN));
        for (size_t c = 0; c < CN; c++) {
            int64_t cs = 0;
            for (size_t x = c; x < PN; x += CN) cs += u.vals[i][x];
            CHECK((int64_t)s.colsum[i * CN + c] == cs);
        }
    }
    for (size_t x = 0; x < PN; x++) {
        int64_t w = 0;
        for (int i = 0; i < NCL; i++) w += (int64_t)u.wgt[i] * u.vals[i][x];
        CHECK(sacc[x] == w);
    }
    /* round j's sums of squares at 0 and 2 from the folded table */
    zp_fe2 rho[ZP_FL_SMALL_ROUNDS], one = {1, 0};
    for (int j = 0; j < ZP_FL_SMALL_ROUNDS; j++) rho[j] = rand_fe2();
    zp_fe2 *F = malloc(PN * sizeof(zp_fe2));
    for (int i = 0; i < NCL; i++) {
        for (size_t x = 0; x < PN; x++) F[x] = gl2_from_fe(fe_of(u.vals[i][x]));
        size_t len = PN;
        for (unsigned j = 0; j < ZP_FL_SMALL_ROUNDS; j++) {
            zp_fe2 w0 = {0, 0}, w2 = {0, 0};
            for (size_t p = 0; p < len / 2; p++) {
                zp_fe2 t0 = F[2 * p], t2 = gl2_sub(gl2_add(F[2 * p + 1], F[2 * p + 1]), t0);
                w0 = gl2_add(w0, gl2_sqr(t0));
                w2 = gl2_add(w2, gl2_sqr(t2));
            }
            zp_fe2 e[1u << ZP_FL_SMALL_ROUNDS], ee[64], q0, q2;
            zp_fl_eq_weights(e, rho, j, one);
            zp_fl_pair_weights(ee, e, j);
            zp_fl_small_sums(&q0, &q2, &s, (size_t)i, j, ee);
            CHECK(gl2_eq(q0, w0));
            CHECK(gl2_eq(q2, w2));
            fold(F, len, rho[j]);
            len /= 2;
        }
    }
    free(F);
    free(sacc);
    zp_fl_scan_free(&s);
    drop(&u);
}

TEST(small_fold_matches_direct) {
    updates u;
    make(&u, (int64_t)1 << (KB - 1));
    zp_fe R[CN];
    for (size_t c = 0; c < CN; c++) R[c] = gl_from_u64(test_rand_u64());
    zp_fe2 rb = rand_fe2(), one = {1, 0}, omrb = gl2_sub(one, rb);
    zp_fe2 rho[ZP_FL_SMALL_ROUNDS];
    for (int j = 0; j < ZP_FL_SMALL_ROUNDS; j++) rho[j] = rand_fe2();
    const unsigned k = ZP_FL_SMALL_ROUNDS;
    /* the fold of (1 - r_b) u + r_b R, directly */
    zp_fe2 *F = malloc(PN * sizeof(zp_fe2)), *T = malloc((PN >> k) * sizeof(zp_fe2));
    zp_fe2 Rf[CN], e[1u << ZP_FL_SMALL_ROUNDS];
    for (int wide = 0; wide <= 1; wide++) {
        for (size_t x = 0; x < PN; x++)
            F[x] = gl2_add(gl2_mul_fe(omrb, fe_of(u.vals[0][x])), gl2_mul_fe(rb, R[x & (CN - 1)]));
        for (size_t c = 0; c < CN; c++) Rf[c] = gl2_from_fe(R[c]);
        size_t len = PN, rl = CN;
        for (unsigned j = 0; j < k; j++, len /= 2, rl /= 2) {
            fold(F, len, rho[j]);
            fold(Rf, rl, rho[j]);
        }
        for (size_t c = 0; c < rl; c++) Rf[c] = gl2_mul(rb, Rf[c]);
        zp_fl_eq_weights(e, rho, k, omrb);
        zp_fl_small_fold(T, u.vals[0], LP, k, e, Rf, rl - 1, wide);
        int same = 1;
        for (size_t y = 0; y < (PN >> k); y++) same &= gl2_eq(T[y], F[y]);
        CHECK(same);
    }
    free(F), free(T);
    drop(&u);
}

TEST(wide_scan_agrees_and_range_flag) {
    updates u;
    make(&u, (int64_t)1 << (KB - 1));
    int64_t *sacc = malloc(PN * sizeof(int64_t)), *sacc2 = malloc(PN * sizeof(int64_t));
    zp_fl_scan s, w;
    CHECK_OK(zp_fl_scan_run(&s, (const int64_t *const *)u.vals, NCL, LP, CLC, 3,
                            (uint64_t)1 << (KB - 1), 0, u.wgt, sacc));
    CHECK_OK(zp_fl_scan_run(&w, (const int64_t *const *)u.vals, NCL, LP, CLC, 3,
                            (uint64_t)1 << (KB - 1), 1, u.wgt, sacc2));
    CHECK(memcmp(sacc, sacc2, PN * sizeof(int64_t)) == 0);
    int same = 1;
    for (size_t q = 0; q < NCL * s.acc_len; q++)
        same &= zp_fl_scan_value(&s, s.acc[q]) == zp_fl_scan_value(&w, w.acc[q]);
    for (size_t q = 0; q < NCL * CN; q++)
        same &= zp_fl_scan_value(&s, s.colsum[q]) == zp_fl_scan_value(&w, w.colsum[q]);
    for (int i = 0; i < NCL; i++) same &= zp_fl_scan_value(&s, s.norm[i]) == w.norm[i];
    CHECK(same);
    zp_fl_scan_free(&s);
    zp_fl_scan_free(&w);
    /* one entry just outside the range, at a random place */
    size_t at = test_rand_u64() % PN;
    u.vals[1][at] = (int64_t)1 << (KB - 1);
    CHECK_OK(zp_fl_scan_run(&s, (const int64_t *const *)u.vals, NCL, LP, CLC, 3,
                            (uint64_t)1 << (KB - 1), 0, u.wgt, sacc));
    CHECK(s.out_of_range);
    zp_fl_scan_free(&s);
    u.vals[1][at] = -((int64_t)1 << (KB - 1)) - 1;
    CHECK_OK(zp_fl_scan_run(&s, (const int64_t *const *)u.vals, NCL, LP, CLC, 3,
                            (uint64_t)1 << (KB - 1), 0, u.wgt, sacc));
    CHECK(s.out_of_range);
    zp_fl_scan_free(&s);
    CHECK(zp_fl_scan_run(&s, (const int64_t *const *)u.vals, NCL, LP, CLC, CLC + 1,
                         (uint64_t)1 << (KB - 1), 0, u.wgt, sacc) == ZP_ERR_ARG);
    free(sacc), free(sacc2);
    drop(&u);
}

#ifdef _OPENMP
TEST(scan_same_for_1_and_2_threads) {
    updates u;
    make(&u, (int64_t)1 << (KB - 1));
    int64_t *s1 = malloc(PN * sizeof(int64_t)), *s2 = malloc(PN * sizeof(int64_t));
    zp_fl_scan a, b;
    int before = omp_get_max_threads();
    omp_set_num_threads(1);
    CHECK_OK(zp_fl_scan_run(&a, (const int64_t *const *)u.vals, NCL, LP, CLC, ZP_FL_SMALL_ROUNDS,
                            (uint64_t)1 << (KB - 1), 0, u.wgt, s1));
    omp_set_num_threads(2);
    CHECK_OK(zp_fl_scan_run(&b, (const int64_t *const *)u.vals, NCL, LP, CLC, ZP_FL_SMALL_ROUNDS,
                            (uint64_t)1 << (KB - 1), 0, u.wgt, s2));
    omp_set_num_threads(before);
    CHECK(memcmp(s1, s2, PN * sizeof(int64_t)) == 0);
    CHECK(memcmp(a.acc, b.acc, NCL * a.acc_len * sizeof(uint64_t)) == 0);
    CHECK(memcmp(a.colsum, b.colsum, NCL * CN * sizeof(uint64_t)) == 0);
    CHECK(memcmp(a.norm, b.norm, NCL * sizeof(uint64_t)) == 0);
    zp_fl_scan_free(&a);
    zp_fl_scan_free(&b);
    free(s1), free(s2);
    drop(&u);
}
#endif
