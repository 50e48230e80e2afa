/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of elided zero rows in the tensor commitment (zp_pcs_params.rows_used)
 * and of the layout's used extent (zp_layout_used, zp_layout_pcs_elide). */
// ZP_TEST_LAYER: piop
#include "harness.h"
#include "field/gl.h"
#include "pcs/pcs_internal.h"
#include "zkprov/pcs.h"
#include "zkprov/piop.h"

#define DOMAIN "zkprov-v1/test-pcs-elide"

static zp_fe2 rand_fe2(void) {
    zp_fe2 r = {zp_fe_from_u64(test_rand_u64()), zp_fe_from_u64(test_rand_u64())};
    return r;
}

/* 2^n evaluations: random in the first used_rows rows of 2^lc, zero after. */
static zp_fe *tail_zero_evals(unsigned n, unsigned lc, size_t used_rows) {
    size_t len = (size_t)1 << n, live = used_rows << lc;
    zp_fe *e = calloc(len, sizeof *e);
    for (size_t i = 0; i < live && i < len; i++) e[i] = zp_fe_from_u64(test_rand_u64());
    return e;
}

typedef struct {
    zp_digest root;
    zp_bytes proof;
    zp_fe2 y[4];
} opened;

static zp_err commit_open(opened *o, const zp_pcs_params *p, const zp_fe *ev, size_t n_pts,
                          const zp_fe2 *const *pts) {
    zp_rng rng;
    zp_rng_init_u64(&rng, 7);
    zp_pcs_prover *pr = NULL;
    zp_bytes_init(&o->proof);
    zp_err e = zp_pcs_commit(&pr, &o->root, p, ev, &rng);
    if (e != ZP_OK) return e;
    zp_transcript tr;
    zp_transcript_init(&tr, DOMAIN);
    e = zp_pcs_open_mle(pr, &tr, &o->proof, n_pts, pts, o->y);
    zp_pcs_prover_free(pr);
    return e;
}

static zp_err verify(const zp_pcs_params *p, const opened *o, const uint8_t *data, size_t len,
                     size_t n_pts, const zp_fe2 *const *pts) {
    zp_transcript tr;
    zp_transcript_init(&tr, DOMAIN);
    zp_reader rd;
    zp_reader_init(&rd, data, len);
    zp_err e = zp_pcs_verify_mle(p, &o->root, &tr, &rd, n_pts, pts, o->y);
    return e != ZP_OK ? e : zp_reader_finish(&rd);
}

TEST(test_elided_open_verify) {
    /* several shapes: rows_used from 1 to all rows minus one */
    const unsigned shapes[][3] = {{8, 4, 1}, {8, 4, 9}, {8, 4, 15}, {10, 5, 17}, {9, 3, 40}};
    for (size_t t = 0; t < sizeof shapes / sizeof shapes[0]; t++) {
        const unsigned n = shapes[t][0], lc = shapes[t][1], ru = shapes[t][2];
        zp_pcs_params p = {n, lc, 1, 12, 2, 1, 1, ru};
        CHECK_OK(zp_pcs_params_check(&p));
        zp_fe *ev = tail_zero_evals(n, lc, ru);
        zp_fe2 z0[16], z1[16];
        for (unsigned i = 0; i < n; i++) {
            z0[i] = rand_fe2();
            z1[i] = rand_fe2();
        }
        const zp_fe2 *pts[2] = {z0, z1};
        opened o;
        CHECK_OK(commit_open(&o, &p, ev, 2, pts));
        /* the values are those of the whole polynomial, zero tail included */
        CHECK(gl2_eq(o.y[0], zp_mle_eval(ev, z0, n)));
        CHECK(gl2_eq(o.y[1], zp_mle_eval(ev, z1, n)));
        CHECK_OK(verify(&p, &o, o.proof.data, o.proof.len, 2, pts));
        /* the proof is the predicted size, and smaller than the full one */
        CHECK(o.proof.len == zp_pcs_proof_bytes(&p, 2));
        zp_pcs_params full = p;
        full.rows_used = 0;
        CHECK(zp_pcs_proof_bytes(&p, 2) < zp_pcs_proof_bytes(&full, 2));
        /* another row count (the statement differs) rejects it */
        CHECK(verify(&full, &o, o.proof.data, o.proof.len, 2, pts) != ZP_OK);
        zp_pcs_params more = p;
        more.rows_used = ru + 1;
        CHECK(verify(&more, &o, o.proof.data, o.proof.len, 2, pts) != ZP_OK);
        /* a wrong value is rejected */
        opened bad = o;
        bad.y[1].c0 = gl_add(bad.y[1].c0, 1);
        CHECK(verify(&p, &bad, o.proof.data, o.proof.len, 2, pts) != ZP_OK);
        zp_bytes_free(&o.proof);
        free(ev);
    }
}

TEST(test_elided_every_byte) {
    zp_pcs_params p = {6, 3, 1, 4, 2, 1, 1, 3};
    zp_fe *ev = tail_zero_evals(6, 3, 3);
    zp_fe2 z[6];
    for (int i = 0; i < 6; i++) z[i] = rand_fe2();
    const zp_fe2 *pts[1] = {z};
    opened o;
    CHECK_OK(commit_open(&o, &p, ev, 1, pts));
    CHECK_OK(verify(&p, &o, o.proof.data, o.proof.len, 1, pts));
    uint8_t *cp = malloc(o.proof.len);
    size_t rejected = 0;
    for (size_t i = 0; i < o.proof.len; i++) {
        memcpy(cp, o.proof.data, o.proof.len);
        cp[i] ^= 0x01;
        rejected += verify(&p, &o, cp, o.proof.len, 1, pts) != ZP_OK;
    }
    CHECK(rejected == o.proof.len);
    CHECK(verify(&p, &o, o.proof.data, o.proof.len - 1, 1, pts) != ZP_OK);
    free(cp);
    zp_bytes_free(&o.proof);
    free(ev);
}

TEST(test_elided_refusals) {
    /* more rows than the polynomial has */
    zp_pcs_params p = {8, 4, 1, 12, 2, 1, 1, 17};
    CHECK(zp_pcs_params_check(&p) == ZP_ERR_ARG);
    p.rows_used = 16; /* all rows: the same as 0 */
    CHECK_OK(zp_pcs_params_check(&p));
    /* data in an elided row is refused, nothing is committed */
    p.rows_used = 5;
    zp_fe *ev = tail_zero_evals(8, 4, 5);
    ev[(5 << 4) + 3] = 1;
    zp_rng rng;
    zp_rng_init_u64(&rng, 1);
    zp_pcs_prover *pr = (zp_pcs_prover *)&rng; /* overwritten with NULL */
    zp_digest root;
    CHECK(zp_pcs_commit(&pr, &root, &p, ev, &rng) == ZP_ERR_ARG);
    CHECK(pr == NULL);
    ev[(5 << 4) + 3] = 0;
    ev[255] = 2; /* the very last value */
    CHECK(zp_pcs_commit(&pr, &root, &p, ev, &rng) == ZP_ERR_ARG);
    ev[255] = 0;
    CHECK_OK(zp_pcs_commit(&pr, &root, &p, ev, &rng));
    /* the secret export has no field for elided rows: refused, not lost */
    zp_bytes out;
    zp_bytes_init(&out);
    CHECK(zp_pcs_prover_export(pr, &out) == ZP_ERR_UNSUPPORTED);
    CHECK(out.len == 0);
    zp_bytes_free(&out);
    zp_pcs_prover_free(pr);
    free(ev);
}

TEST(test_elided_same_as_full_rows) {
    /* rows_used = all rows is the full scheme byte for byte */
    zp_pcs_params a = {8, 4, 1, 12, 2, 1, 1, 0}, b = a;
    b.rows_used = 16;
    zp_fe *ev = tail_zero_evals(8, 4, 16);
    zp_fe2 z[8];
    for (int i = 0; i < 8; i++) z[i] = rand_fe2();
    const zp_fe2 *pts[1] = {z};
    opened oa, ob;
    CHECK_OK(commit_open(&oa, &a, ev, 1, pts));
    CHECK_OK(commit_open(&ob, &b, ev, 1, pts));
    CHECK(oa.proof.len == ob.proof.len);
    CHECK(memcmp(oa.proof.data, ob.proof.data, oa.proof.len) == 0);
    CHECK(memcmp(oa.root.b, ob.root.b, sizeof oa.root.b) == 0);
    zp_bytes_free(&oa.proof);
    zp_bytes_free(&ob.proof);
    free(ev);
}

TEST(test_layout_used) {
    zp_layout *L = NULL;
    CHECK_OK(zp_layout_create(&L, 4));
    size_t id0, id1, id2;
    CHECK_OK(zp_layout_add(L, &id0, 6, 1)); /* 64 values + a 16-value mask row */
    CHECK_OK(zp_layout_add(L, &id1, 5, 0)); /* 32 values */
    CHECK_OK(zp_layout_add(L, &id2, 2, 1)); /* small: a super-block of 2 rows */
    CHECK(zp_layout_used(L) == 0);          /* not finalized */
    unsigned nv;
    CHECK_OK(zp_layout_finalize(L, &nv));
    uint64_t used = zp_layout_used(L);
    CHECK(used == 64 + 32 + 16 + 32);
    CHECK(nv == 8);
    /* every entry lies below used */
    const size_t ids[3] = {id0, id1, id2};
    for (int i = 0; i < 3; i++) {
        uint64_t off, moff;
        unsigned ls, mls;
        CHECK_OK(zp_layout_tensor_info(L, ids[i], &off, &ls, &moff, &mls));
        CHECK(off + ((uint64_t)1 << ls) <= used);
        if (mls) CHECK(moff + ((uint64_t)1 << mls) <= used);
    }
    zp_pcs_params p;
    CHECK_OK(zp_layout_pcs_params(L, &p, 1, 100));
    CHECK_OK(zp_layout_pcs_elide(L, &p));
    CHECK(p.rows_used == (used + 15) / 16);
    CHECK_OK(zp_pcs_params_check(&p));
    zp_pcs_params q = p;
    q.log_cols++;
    CHECK(zp_layout_pcs_elide(L, &q) == ZP_ERR_ARG);
    zp_layout_free(L);
}
