/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Slow tests of src/pcs: completeness and soundness of the commitment at
 * 2^22 .. 2^24 evaluations with the default 100-bit parameters. */
// ZP_TEST_LAYER: pcs
#include "harness.h"
#include "field/gl.h"
#include "zkprov/pcs.h"

#define DOMAIN "zkprov-v1/test-pcs-slow"

TEST(test_pcs_large) {
    for (unsigned n = 22; n <= 24; n++) {
        size_t len = (size_t)1 << n;
        zp_fe *f = malloc(len * sizeof *f);
        CHECK(f != NULL);
        if (!f) return;
        zp_rng_stream(test_rng(), 7, n, f, len * sizeof *f);
        for (size_t i = 0; i < len; i++) f[i] = zp_fe_from_u64(f[i]);
        zp_pcs_params p;
        CHECK_OK(zp_pcs_params_default(&p, n, 1, 100));
        zp_fe2 z[2][24];
        for (int c = 0; c < 2; c++)
            for (unsigned i = 0; i < n; i++) {
                z[c][i].c0 = zp_fe_from_u64(test_rand_u64());
                z[c][i].c1 = zp_fe_from_u64(test_rand_u64());
            }
        const zp_fe2 *pts[2] = {z[0], z[1]};
        zp_rng rng;
        zp_rng_init_u64(&rng, n);
        zp_pcs_prover *pr = NULL;
        zp_digest root;
        CHECK_OK(zp_pcs_commit(&pr, &root, &p, f, &rng));
        zp_transcript tr;
        zp_transcript_init(&tr, DOMAIN);
        zp_bytes proof;
        zp_bytes_init(&proof);
        zp_fe2 y[2];
        CHECK_OK(zp_pcs_open_mle(pr, &tr, &proof, 2, pts, y));
        zp_pcs_prover_free(pr);
        for (int c = 0; c < 2; c++) {
            zp_fe2 want = zp_mle_eval(f, z[c], n);
            CHECK(want.c0 == y[c].c0 && want.c1 == y[c].c1);
        }
        CHECK(proof.len == zp_pcs_proof_bytes(&p, 2));
        printf("n_vars %u: log_cols %u, %u queries, proof %zu bytes\n", n, p.log_cols,
               p.n_queries, proof.len);
        zp_reader rd;
        zp_transcript_init(&tr, DOMAIN);
        zp_reader_init(&rd, proof.data, proof.len);
        CHECK_OK(zp_pcs_verify_mle(&p, &root, &tr, &rd, 2, pts, y));
        CHECK_OK(zp_reader_finish(&rd));
        /* A wrong value, and a flipped byte in the middle of the columns. */
        zp_fe2 bad[2] = {y[0], y[1]};
        bad[1].c0 = gl_add(bad[1].c0, 1);
        zp_transcript_init(&tr, DOMAIN);
        zp_reader_init(&rd, proof.data, proof.len);
        CHECK(zp_pcs_verify_mle(&p, &root, &tr, &rd, 2, pts, bad) == ZP_ERR_VERIFY);
        proof.data[proof.len - proof.len / 3] ^= 4;
        zp_transcript_init(&tr, DOMAIN);
        zp_reader_init(&rd, proof.data, proof.len);
        zp_err e = zp_pcs_verify_mle(&p, &root, &tr, &rd, 2, pts, y);
        CHECK(e == ZP_ERR_VERIFY || e == ZP_ERR_PARSE);
        zp_bytes_free(&proof);
        free(f);
    }
}
