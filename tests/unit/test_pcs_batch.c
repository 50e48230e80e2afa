/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the batched opening of same-shape commitments (zp_pcs_open_batch). */
// ZP_TEST_LAYER: pcs
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "harness.h"
#include "field/gl.h"
#include "zkprov/pcs.h"

#define NB 3
#define NV 10

typedef struct {
    zp_pcs_params p;
    zp_fe *evals[NB];
    zp_pcs_prover *pr[NB];
    zp_digest root[NB];
    const zp_digest *roots[NB];
    zp_fe2 z[NB][NV]; /* points: the low log_cols coordinates shared */
    zp_fe2 *a[NB], *b;
    zp_fe2 y[NB];
} batch;

static zp_fe2 rand_fe2(void) {
    zp_fe2 r = {zp_fe_from_u64(test_rand_u64()), zp_fe_from_u64(test_rand_u64())};
    return r;
}

static void make_batch(batch *B, unsigned openings, uint64_t seed) {
    memset(B, 0, sizeof *B);
    CHECK_OK(zp_pcs_params_default_multi(&B->p, NV, 2, 100, openings));
    unsigned lc = B->p.log_cols;
    size_t R = (size_t)1 << (NV - lc), C = (size_t)1 << lc;
    zp_fe2 zlow[NV];
    for (unsigned v = 0; v < lc; v++) zlow[v] = rand_fe2();
    B->b = malloc(C * sizeof(zp_fe2));
    zp_eq_table(B->b, zlow, lc);
    for (int i = 0; i < NB; i++) {
        B->evals[i] = malloc(sizeof(zp_fe) << NV);
        for (size_t x = 0; x < ((size_t)1 << NV); x++) B->evals[i][x] = zp_fe_from_u64(test_rand_u64());
        zp_rng rng;
        zp_rng_init_u64(&rng, seed + (uint64_t)i);
        CHECK_OK(zp_pcs_commit(&B->pr[i], &B->root[i], &B->p, B->evals[i], &rng));
        B->roots[i] = &B->root[i];
        memcpy(B->z[i], zlow, lc * sizeof(zp_fe2));
        for (unsigned v = lc; v < NV; v++) B->z[i][v] = rand_fe2();
        /* commitment 1 shares commitment 0's row functional (same pointer) */
        if (i == 1) {
            memcpy(B->z[1], B->z[0], sizeof B->z[0]);
            B->a[1] = B->a[0];
        } else {
            B->a[i] = malloc(R * sizeof(zp_fe2));
            zp_eq_table(B->a[i], B->z[i] + lc, NV - lc);
        }
        B->y[i] = zp_mle_eval(B->evals[i], B->z[i], NV);
    }
}

static void free_batch(batch *B) {
    for (int i = 0; i < NB; i++) {
        free(B->evals[i]);
        zp_pcs_prover_free(B->pr[i]);
        if (i != 1) free(B->a[i]);
    }
    free(B->b);
}

static zp_err prove(batch *B, unsigned j, zp_bytes *pf, const zp_fe2 *y) {
    zp_transcript tr;
    zp_transcript_init(&tr, "test/batch");
    return zp_pcs_open_batch(B->pr, NB, j, &tr, pf, (const zp_fe2 *const *)B->a, B->b, y);
}

static zp_err verify(const batch *B, unsigned j, const uint8_t *d, size_t len, const zp_fe2 *y,
                     const zp_digest *const *roots) {
    zp_transcript tr;
    zp_transcript_init(&tr, "test/batch");
    zp_reader rd;
    zp_reader_init(&rd, d, len);
    zp_err e = zp_pcs_verify_batch(&B->p, roots, NB, j, &tr, &rd, (const zp_fe2 *const *)B->a, B->b, y);
    if (e == ZP_OK) e = zp_reader_finish(&rd);
    return e;
}

TEST(batch_honest_verifies_with_exact_length) {
    batch B;
    make_batch(&B, 2, 7);
    zp_bytes pf;
    zp_bytes_init(&pf);
    CHECK_OK(prove(&B, 1, &pf, B.y));
    CHECK(pf.len == zp_pcs_batch_proof_bytes(&B.p, NB));
    CHECK(verify(&B, 1, pf.data, pf.len, B.y, B.roots) == ZP_OK);
    /* wrong index, a truncated or extended proof */
    CHECK(verify(&B, 0, pf.data, pf.len, B.y, B.roots) != ZP_OK);
    CHECK(verify(&B, 1, pf.data, pf.len - 1, B.y, B.roots) != ZP_OK);
    zp_bytes_append(&pf, "x", 1);
    CHECK(verify(&B, 1, pf.data, pf.len, B.y, B.roots) != ZP_OK);
    zp_bytes_free(&pf);
    free_batch(&B);
}

TEST(batch_wrong_values_rejected) {
    batch B;
    make_batch(&B, 2, 8);
    zp_fe2 y[NB];
    memcpy(y, B.y, sizeof y);
    y[2].c1 = gl_add(y[2].c1, 1);
    zp_bytes pf;
    zp_bytes_init(&pf);
    /* the prover refuses a value that is not the committed one */
    CHECK(prove(&B, 0, &pf, y) == ZP_ERR_ARG);
    zp_bytes_free(&pf);
    /* an honest proof does not verify against other values, or other roots */
    zp_bytes_init(&pf);
    CHECK_OK(prove(&B, 1, &pf, B.y));
    CHECK(verify(&B, 1, pf.data, pf.len, y, B.roots) == ZP_ERR_VERIFY);
    const zp_digest *sw[NB] = {B.roots[1], B.roots[0], B.roots[2]};
    CHECK(verify(&B, 1, pf.data, pf.len, B.y, sw) != ZP_OK);
    zp_bytes_free(&pf);
    free_batch(&B);
}

TEST(batch_every_region_bound) {
    /* one flipped bit in v, in the rows, in each commitment's columns and
     * in each path is rejected */
    batch B;
    make_batch(&B, 1, 9);
    zp_bytes pf;
    zp_bytes_init(&pf);
    CHECK_OK(prove(&B, 0, &pf, B.y));
    size_t head = zp_pcs_batch_proof_bytes(&B.p, NB) - NB * ((zp_pcs_batch_proof_bytes(&B.p, 2) -
                                                              zp_pcs_batch_proof_bytes(&B.p, 1)) -
                                                             16);
    size_t blk = (pf.len - head) / NB;
    size_t pos[] = {3, 16 * NB + 5, head - 9, head + 40, head + blk - 7, head + blk + 100,
                    head + 2 * blk + blk / 2, pf.len - 33};
    int rejected = 0, n = (int)(sizeof pos / sizeof pos[0]);
    for (int k = 0; k < n; k++) {
        pf.data[pos[k]] ^= 0x10;
        rejected += verify(&B, 0, pf.data, pf.len, B.y, B.roots) != ZP_OK;
        pf.data[pos[k]] ^= 0x10;
    }
    CHECK(rejected == n);
    CHECK(verify(&B, 0, pf.data, pf.len, B.y, B.roots) == ZP_OK);
    zp_bytes_free(&pf);
    free_batch(&B);
}

TEST(batch_marks_openings_used) {
    batch B;
    make_batch(&B, 3, 10);
    zp_bytes pf;
    zp_bytes_init(&pf);
    CHECK_OK(prove(&B, 2, &pf, B.y));
    for (int i = 0; i < NB; i++) CHECK(zp_pcs_prover_used(B.pr[i], 2) == 1);
    for (int i = 0; i < NB; i++) CHECK(zp_pcs_prover_used(B.pr[i], 0) == 0);
    zp_bytes_free(&pf);
    zp_bytes_init(&pf);
    CHECK(prove(&B, 2, &pf, B.y) == ZP_ERR_ARG);
    /* the same prover twice in one batch is refused */
    zp_pcs_prover *dup[NB] = {B.pr[0], B.pr[0], B.pr[2]};
    zp_transcript tr;
    zp_transcript_init(&tr, "test/batch");
    CHECK(zp_pcs_open_batch(dup, NB, 1, &tr, &pf, (const zp_fe2 *const *)B.a, B.b, B.y) == ZP_ERR_ARG);
    zp_bytes_free(&pf);
    free_batch(&B);
}

TEST(batch_same_bytes_any_thread_count) {
    zp_bytes pf[2];
    const zp_rng saved = *test_rng();
    for (int t = 0; t < 2; t++) {
        *test_rng() = saved; /* the same commitments both times */
#ifdef _OPENMP
        omp_set_num_threads(t + 1);
#endif
        batch B;
        make_batch(&B, 1, 11);
        zp_bytes_init(&pf[t]);
        CHECK_OK(prove(&B, 0, &pf[t], B.y));
        CHECK(verify(&B, 0, pf[t].data, pf[t].len, B.y, B.roots) == ZP_OK);
        free_batch(&B);
    }
#ifdef _OPENMP
    omp_set_num_threads(2);
#endif
    CHECK(pf[0].len == pf[1].len && memcmp(pf[0].data, pf[1].data, pf[0].len) == 0);
    zp_bytes_free(&pf[0]);
    zp_bytes_free(&pf[1]);
}
