/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Constant-time check (valgrind) of the hiding PCS: commit and open a secret polynomial. */
#include <stdlib.h>
#include <string.h>

#include "ctime.h"
#include "pcs/pcs_internal.h"
#include "zkprov/pcs.h"

CT_REQUIRE_VALGRIND()

#define DOMAIN "zkprov-test/ctime-pcs"
#define NV 8 /* 256 evaluations: small, every code path of the commit */

typedef struct {
    zp_digest root;
    zp_bytes proof;
    zp_fe2 y[2];
    zp_err e;
    int still_secret;
} run_t;

/* Commits (keep_max selects the kept or the streaming encoder) and opens
 * opening j at two points.  With secret set, the evaluations and the rng
 * key (salts, hiding coefficients, mask rows) are marked undefined first;
 * the library declassifies only the root, the prover messages and what it
 * absorbs; the test declassifies the returned claimed values. */
static void run(run_t *o, const zp_pcs_params *p, const zp_fe *evals_in, uint64_t seed,
                size_t keep_max, unsigned j, const zp_fe2 *const *pts, int secret) {
    size_t n = (size_t)1 << p->n_vars;
    zp_fe *evals = malloc(n * sizeof *evals);
    zp_bytes_init(&o->proof);
    o->e = ZP_ERR_NOMEM;
    o->still_secret = 0;
    if (!evals) return;
    memcpy(evals, evals_in, n * sizeof *evals);
    zp_rng rng;
    zp_rng_init_u64(&rng, seed);
    if (secret) {
        CT_SECRET(evals, n * sizeof *evals);
        CT_SECRET(rng.key, sizeof rng.key);
    }
    zp_pcs_prover *pr = NULL;
    o->e = zp_pcs_commit_keep(&pr, &o->root, p, evals, &rng, keep_max);
    if (o->e == ZP_OK) {
        zp_transcript tr;
        zp_transcript_init(&tr, DOMAIN);
        zp_transcript_absorb_digest(&tr, "root", &o->root);
        o->e = zp_pcs_open_mle_at(pr, j, &tr, &o->proof, 2, pts, o->y);
        /* the prover absorbed (declassified) y; the witness and the key
         * must still be secret: no declassification point covers them */
        if (secret)
            o->still_secret = ct_is_secret(evals, n * sizeof *evals) &&
                              ct_is_secret(rng.key, sizeof rng.key);
        CT_PUBLIC(o->y, sizeof o->y);
    }
    zp_pcs_prover_free(pr);
    zp_memzero(evals, n * sizeof *evals);
    free(evals);
}

static void one_config(const zp_pcs_params *p, size_t keep_max, unsigned j) {
    size_t n = (size_t)1 << p->n_vars;
    zp_fe *evals = malloc(n * sizeof *evals);
    CHECK(evals != NULL);
    if (!evals) return;
    size_t used = p->rows_used ? (size_t)p->rows_used << p->log_cols : n;
    for (size_t i = 0; i < n; i++) evals[i] = i < used ? zp_fe_from_u64(test_rand_u64()) : 0;
    zp_fe2 z0[NV], z1[NV];
    for (unsigned v = 0; v < NV; v++) {
        z0[v] = (zp_fe2){zp_fe_from_u64(test_rand_u64()), zp_fe_from_u64(test_rand_u64())};
        z1[v] = (zp_fe2){zp_fe_from_u64(test_rand_u64()), zp_fe_from_u64(test_rand_u64())};
    }
    const zp_fe2 *pts[2] = {z0, z1};
    uint64_t seed = test_rand_u64();
    run_t w, g;
    run(&w, p, evals, seed, keep_max, j, pts, 0);
    run(&g, p, evals, seed, keep_max, j, pts, 1);
    CHECK_OK(w.e);
    CHECK_OK(g.e);
    CHECK(g.still_secret);
    /* the same bytes as on public inputs */
    CHECK(memcmp(&g.root, &w.root, sizeof g.root) == 0);
    CHECK(g.proof.len == w.proof.len && g.proof.len == zp_pcs_proof_bytes(p, 2));
    CHECK(g.proof.len == w.proof.len && memcmp(g.proof.data, w.proof.data, g.proof.len) == 0);
    CHECK(memcmp(g.y, w.y, sizeof g.y) == 0);
    CHECK(zp_fe2_sub(g.y[0], zp_mle_eval(evals, z0, NV)).c0 == 0 &&
          zp_fe2_sub(g.y[0], zp_mle_eval(evals, z0, NV)).c1 == 0);
    /* and the proof verifies (the verifier sees public data only) */
    zp_transcript tr;
    zp_transcript_init(&tr, DOMAIN);
    zp_transcript_absorb_digest(&tr, "root", &g.root);
    zp_reader rd;
    zp_reader_init(&rd, g.proof.data, g.proof.len);
    CHECK_OK(zp_pcs_verify_mle_at(p, &g.root, j, &tr, &rd, 2, pts, g.y));
    CHECK_OK(zp_reader_finish(&rd));
    zp_bytes_free(&w.proof);
    zp_bytes_free(&g.proof);
    free(evals);
}

TEST(ct_pcs_commit_open_kept) {
    zp_pcs_params p;
    CHECK_OK(zp_pcs_params_default(&p, NV, 1, 100));
    one_config(&p, (size_t)1 << 30, 0);
}

TEST(ct_pcs_commit_open_streamed) {
    zp_pcs_params p;
    CHECK_OK(zp_pcs_params_default(&p, NV, 0, 100)); /* tight code too */
    one_config(&p, 0, 0);
}

TEST(ct_pcs_multi_opening_elided_rows) {
    zp_pcs_params p;
    CHECK_OK(zp_pcs_params_default_multi(&p, NV, 1, 100, 2));
    p.rows_used = ((1u << (NV - p.log_cols)) + 1) / 2; /* half the rows */
    CHECK_OK(zp_pcs_params_check(&p));
    one_config(&p, (size_t)1 << 30, 1);
}

/* A value >= p is refused; the refusal is the one declassified bit. */
TEST(ct_pcs_bad_input_refused) {
    zp_pcs_params p;
    CHECK_OK(zp_pcs_params_default(&p, NV, 1, 100));
    size_t n = (size_t)1 << NV;
    zp_fe *evals = calloc(n, sizeof *evals);
    CHECK(evals != NULL);
    if (!evals) return;
    evals[n / 2] = ZP_FIELD_P;
    zp_rng rng;
    zp_rng_init_u64(&rng, test_rand_u64());
    CT_SECRET(evals, n * sizeof *evals);
    CT_SECRET(rng.key, sizeof rng.key);
    zp_pcs_prover *pr = NULL;
    zp_digest root;
    zp_err e = zp_pcs_commit(&pr, &root, &p, evals, &rng);
    CHECK(e == ZP_ERR_ARG && pr == NULL);
    free(evals);
}

/* The replacement of a rejected mask word (zp_pcs_sample's redraw) on
 * secret words: masked selection, so nothing is reported. */
TEST(ct_pcs_redraw_pick) {
    uint8_t more[ZP_PCS_REDRAW_WORDS * 8];
    for (size_t k = 0; k <= ZP_PCS_REDRAW_WORDS; k += 7) {
        zp_rng_bytes(test_rng(), more, sizeof more);
        for (size_t j = 0; j < k && j < ZP_PCS_REDRAW_WORDS; j++)
            zp_store64_le(more + 8 * j, ZP_FIELD_P + j); /* rejected */
        zp_fe want = zp_pcs_redraw_pick(more);
        CT_SECRET(more, sizeof more);
        zp_fe got = zp_pcs_redraw_pick(more);
        CHECK(ct_is_secret(&got, sizeof got));
        CT_PUBLIC(&got, sizeof got);
        CHECK(got == want && got < ZP_FIELD_P);
    }
}
