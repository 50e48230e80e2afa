/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the streaming commit (encoded matrix not kept, the opening
 * encodes the rows again): roots and proofs byte-identical to the kept
 * matrix, for any thread count, rate, row count and opening index. */
// ZP_TEST_LAYER: pcs
#include <omp.h>

#include "harness.h"
#include "pcs/pcs_internal.h"
#include "zkprov/pcs.h"

#define DOMAIN "zkprov-v1/test-pcs-stream"

static zp_fe *rand_evals(unsigned n) {
    size_t len = (size_t)1 << n;
    zp_fe *e = malloc(len * sizeof *e);
    for (size_t i = 0; e && i < len; i++) e[i] = zp_fe_from_u64(test_rand_u64());
    return e;
}

/* Commits with keep_max, opens index j at the point z (MLE claim), returns
 * the root and proof; 0 on any failure. */
static int commit_open(zp_digest *root, zp_bytes *proof, zp_fe2 *y, const zp_pcs_params *p,
                       const zp_fe *f, uint64_t seed, size_t keep_max, unsigned j,
                       const zp_fe2 *z) {
    zp_rng rng;
    zp_rng_init_u64(&rng, seed);
    zp_pcs_prover *pr = NULL;
    if (zp_pcs_commit_keep(&pr, root, p, f, &rng, keep_max) != ZP_OK) return 0;
    zp_transcript tr;
    zp_transcript_init(&tr, DOMAIN);
    zp_bytes_init(proof);
    const zp_fe2 *pts[1] = {z};
    zp_err e = zp_pcs_open_mle_at(pr, j, &tr, proof, 1, pts, y);
    zp_pcs_prover_free(pr);
    return e == ZP_OK && !proof->failed;
}

static int verify(const zp_pcs_params *p, const zp_digest *root, unsigned j,
                  const zp_bytes *proof, const zp_fe2 *z, const zp_fe2 *y) {
    zp_transcript tr;
    zp_transcript_init(&tr, DOMAIN);
    zp_reader rd;
    zp_reader_init(&rd, proof->data, proof->len);
    const zp_fe2 *pts[1] = {z};
    return zp_pcs_verify_mle_at(p, root, j, &tr, &rd, 1, pts, y) == ZP_OK &&
           zp_reader_finish(&rd) == ZP_OK;
}

/* Kept (default) vs streamed with 1 and 2 threads: same root, same proof,
 * and the streamed proof verifies. */
static void check_same(const zp_pcs_params *p, unsigned j) {
    zp_fe *f = rand_evals(p->n_vars);
    zp_fe2 z[24];
    for (unsigned i = 0; i < p->n_vars; i++) {
        z[i].c0 = zp_fe_from_u64(test_rand_u64());
        z[i].c1 = zp_fe_from_u64(test_rand_u64());
    }
    CHECK(f != NULL);
    if (!f) return;
    uint64_t seed = test_rand_u64();
    zp_digest r_keep, r_s1, r_s2;
    zp_bytes pf_keep, pf_s1, pf_s2;
    zp_fe2 y_keep, y_s1, y_s2;
    int nt = omp_get_max_threads();
    CHECK(commit_open(&r_keep, &pf_keep, &y_keep, p, f, seed, (size_t)1 << 30, j, z));
    omp_set_num_threads(1);
    CHECK(commit_open(&r_s1, &pf_s1, &y_s1, p, f, seed, 0, j, z));
    omp_set_num_threads(2);
    CHECK(commit_open(&r_s2, &pf_s2, &y_s2, p, f, seed, 0, j, z));
    omp_set_num_threads(nt);
    CHECK(memcmp(r_keep.b, r_s1.b, 32) == 0);
    CHECK(memcmp(r_keep.b, r_s2.b, 32) == 0);
    CHECK(pf_keep.len == pf_s1.len && pf_keep.len == pf_s2.len);
    CHECK(pf_keep.len == pf_s1.len && memcmp(pf_keep.data, pf_s1.data, pf_keep.len) == 0);
    CHECK(pf_keep.len == pf_s2.len && memcmp(pf_keep.data, pf_s2.data, pf_keep.len) == 0);
    CHECK(y_keep.c0 == y_s2.c0 && y_keep.c1 == y_s2.c1);
    CHECK(verify(p, &r_s2, j, &pf_s2, z, &y_s2));
    /* A different seed gives another root (the salts and masks count). */
    zp_digest r_other;
    zp_bytes pf_other;
    zp_fe2 y_other;
    CHECK(commit_open(&r_other, &pf_other, &y_other, p, f, seed + 1, 0, j, z));
    CHECK(memcmp(r_keep.b, r_other.b, 32) != 0);
    zp_bytes_free(&pf_keep);
    zp_bytes_free(&pf_s1);
    zp_bytes_free(&pf_s2);
    zp_bytes_free(&pf_other);
    free(f);
}

TEST(test_stream_default_params) {
    for (unsigned rate = 0; rate <= 2; rate++) {
        zp_pcs_params p;
        CHECK_OK(zp_pcs_params_default(&p, 12, rate, 100));
        check_same(&p, 0);
    }
}

TEST(test_stream_odd_rows) {
    /* 2^6 data rows + 6 mask rows: the last 16-row round is partial and
     * the last hash update of each column is shorter than a block. */
    zp_pcs_params p = {10, 4, 1, 20, 2, 1, 1, 0};
    check_same(&p, 0);
    p.n_vars = 9; /* 2^5 + 6 rows */
    check_same(&p, 0);
}

TEST(test_stream_multi_opening) {
    zp_pcs_params p;
    CHECK_OK(zp_pcs_params_default_multi(&p, 11, 1, 100, 4));
    check_same(&p, 3);
}

TEST(test_stream_open_rejects_tamper) {
    /* A streamed proof with one column value changed is rejected. */
    zp_pcs_params p = {10, 4, 1, 20, 2, 1, 1, 0};
    zp_fe *f = rand_evals(p.n_vars);
    zp_fe2 z[10];
    for (unsigned i = 0; i < 10; i++) {
        z[i].c0 = zp_fe_from_u64(test_rand_u64());
        z[i].c1 = 0;
    }
    zp_digest root;
    zp_bytes pf;
    zp_fe2 y;
    CHECK(commit_open(&root, &pf, &y, &p, f, 5, 0, 0, z));
    CHECK(verify(&p, &root, 0, &pf, z, &y));
    size_t at = pf.len - 32 * 40; /* inside the column values, before the path */
    if (pf.len > 32 * 40) {
        pf.data[at] ^= 1;
        CHECK(!verify(&p, &root, 0, &pf, z, &y));
    }
    zp_bytes_free(&pf);
    free(f);
}
