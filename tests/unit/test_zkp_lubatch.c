/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the builder's batched LogUp helper (docs/spec/logup.md "Batched helpers"). */
// ZP_TEST_LAYER: zkml
#include <omp.h>

#include "harness.h"
#include "field/gl.h"
#include "zkml/zkp_internal.h"

/* NR range requests on tensors of 2^LS values in KB bits with 8-bit limbs
 * (two limbs: 8 bits, then a 4-bit top limb): the stacked column holds
 * NR x 2 views of 2^LS values, request i's two views side by side, so with
 * K = 4 blocks block i holds request i, with K = 2 block i / 2. */
enum { NR = 4, KB = 12 };

typedef struct {
    unsigned ls, kappa;
    int bad;      /* request holding an out-of-range value (-1: none) */
    int forge;    /* the prover's cheat (zp_zkp_set_forge), 0: honest */
    size_t flip;  /* 1 + the proof byte to flip before verifying; 0: none */
    int threads;  /* prover threads (0: the default) */
    int ref;      /* prover: the helper by inversion (zp_zkp_set_helper_ref) */
    int limb16;   /* 16-bit limbs (one 12-bit limb per value) */
} lb_case;

/* Proves and verifies one case; *pf_out (if not NULL) receives the proof
 * (caller frees with zp_bytes_free).  Returns the verifier's result, or
 * the prover's error. */
static zp_err run_case(const lb_case *c, zp_bytes *pf_out) {
    static zp_fe v[NR][1 << 12];
    const size_t n = (size_t)1 << c->ls;
    zp_rng vr;
    zp_rng_init_u64(&vr, 77); /* the same witness in every run */
    for (unsigned i = 0; i < NR; i++)
        for (size_t x = 0; x < n; x++) {
            uint8_t b[8];
            zp_rng_bytes(&vr, b, sizeof b);
            uint64_t w = 0;
            for (int k = 0; k < 8; k++) w = w << 8 | b[k];
            v[i][x] = w & (((uint64_t)1 << KB) - 1);
        }
    if (c->bad >= 0) v[c->bad][3] = (zp_fe)1 << KB;
    zp_err e = ZP_OK;
    zp_bytes pf;
    zp_bytes_init(&pf);
    const int keep = omp_get_max_threads();
    for (int side = 0; side < 2 && e == ZP_OK; side++) {
        zp_reader rd;
        zp_transcript tr;
        zp_transcript_init(&tr, "test/zkp-lubatch");
        zp_rng r;
        zp_rng_init_u64(&r, 5);
        zp_zkp *z = NULL;
        if (side && c->flip) pf.data[(c->flip - 1) % pf.len] ^= 0x21;
        if (side) zp_reader_init(&rd, pf.data, pf.len);
        if (!side && c->threads) omp_set_num_threads(c->threads);
        e = zp_zkp_create(&z, &tr, side ? NULL : &pf, side ? &rd : NULL, side ? NULL : &r);
        if (e == ZP_OK && side == 0 && c->forge) {
            zp_zkp_set_unchecked(z);
            zp_zkp_set_forge(z, c->forge);
        }
        if (e == ZP_OK && side == 0 && c->ref) zp_zkp_set_helper_ref(z);
        if (e == ZP_OK && c->limb16) e = zp_zkp_set_limb_bits(z, 16);
        if (e == ZP_OK) e = zp_zkp_set_lookup_batch(z, c->kappa);
        for (int pass = 0; pass < 2 && e == ZP_OK; pass++) {
            size_t id[NR];
            for (unsigned i = 0; i < NR && e == ZP_OK; i++)
                e = zp_zkp_witness(z, &id[i], c->ls, side ? NULL : v[i]);
            for (unsigned i = 0; i < NR && e == ZP_OK; i++) e = zp_zkp_range(z, id[i], 0, KB);
            if (e == ZP_OK) e = pass ? zp_zkp_finish(z) : zp_zkp_commit(z);
        }
        if (e == ZP_OK && side) e = zp_reader_finish(&rd);
        zp_zkp_free(z);
        omp_set_num_threads(keep);
    }
    if (pf_out) *pf_out = pf;
    else zp_bytes_free(&pf);
    return e;
}

static int rejected(zp_err e) { return e == ZP_ERR_VERIFY || e == ZP_ERR_PARSE; }

/* Honest proofs verify for K = 1, 2, 4; batching shrinks the proof (the
 * helper's commitment has half / a quarter of the rows; the opening of
 * the smaller helper layout); the size depends on the plan only. */
TEST(zkp_lubatch_honest_sizes) {
    size_t len[3] = {0, 0, 0};
    for (unsigned kap = 0; kap <= 2; kap++) {
        lb_case c = {8, kap, -1, 0, 0, 0, 0, 0};
        zp_bytes pf;
        CHECK_OK(run_case(&c, &pf));
        len[kap] = pf.len;
        zp_bytes_free(&pf);
        c.forge = 0;
        zp_bytes pf2;
        CHECK_OK(run_case(&c, &pf2));
        CHECK(pf2.len == len[kap]);
        zp_bytes_free(&pf2);
    }
    CHECK(len[0] > 0 && len[1] > 0 && len[2] > 0);
    CHECK(len[1] != len[0] && len[2] != len[1]);
}

/* (a) An out-of-range value in each block in turn: the prover puts the
 * overflow in the top limb (forge 1: the limb relation holds, the limb
 * 2^4 is outside its tag's range [0, 2^4)) or counts it at the full-width
 * entry (forge 3): rejected for K = 1, 2, 4 and every request (block). */
TEST(zkp_lubatch_bad_limb_each_block) {
    for (unsigned kap = 0; kap <= 2; kap++)
        for (int bad = 0; bad < NR; bad++) {
            lb_case c = {8, kap, bad, 0, 0, 0, 0, 0};
            CHECK(run_case(&c, NULL) == ZP_ERR_ARG); /* the honest prover refuses */
            for (int forge = 1; forge <= 3; forge += 2) {
                c.forge = forge;
                zp_err e = run_case(&c, NULL);
                CHECK(rejected(e));
                if (!rejected(e))
                    fprintf(stderr, "  accepted: kappa %u request %d forge %d\n", kap, bad,
                            forge);
            }
        }
}

/* (b) The honest helper plus 1 at one position (forge 4) is rejected. */
TEST(zkp_lubatch_helper_tampered) {
    for (unsigned kap = 0; kap <= 2; kap++) {
        lb_case c = {8, kap, -1, 4, 0, 0, 0, 0};
        CHECK(run_case(&c, NULL) == ZP_ERR_VERIFY);
    }
}

/* (c) Flipping a byte anywhere in an honest proof is rejected: the first
 * bytes, 28 positions spread over the whole proof (roots, sumcheck rounds,
 * sent values, openings) and 8 random ones. */
TEST(zkp_lubatch_flipped_bytes_rejected) {
    for (unsigned kap = 1; kap <= 2; kap++) {
        lb_case c = {8, kap, -1, 0, 0, 0, 0, 0};
        zp_bytes pf;
        CHECK_OK(run_case(&c, &pf));
        const size_t len = pf.len;
        zp_bytes_free(&pf);
        CHECK(len > 1000);
        for (int t = 0; t < 40; t++) {
            const size_t pos = t < 4 ? (size_t)t
                               : t < 32 ? (size_t)(t - 4) * len / 28 + (size_t)(t * 37) % 97
                                        : (size_t)(test_rand_u64() % len);
            c.flip = 1 + pos % len;
            zp_err e = run_case(&c, NULL);
            CHECK(rejected(e));
            if (!rejected(e)) fprintf(stderr, "  flip at %zu accepted (kappa %u)\n", pos, kap);
        }
    }
}

/* Larger blocks (2^13 positions each with K = 4: the kernel's parallel
 * loops and eq blocks): 1 and 2 threads give the same proof, which
 * verifies; a bad limb in the last block is rejected. */
TEST(zkp_lubatch_threads_identical) {
    for (unsigned kap = 1; kap <= 2; kap++) {
        lb_case c = {12, kap, -1, 0, 0, 1, 0, 0};
        zp_bytes p1, p2;
        CHECK_OK(run_case(&c, &p1));
        c.threads = 2;
        CHECK_OK(run_case(&c, &p2));
        CHECK(p1.len == p2.len && memcmp(p1.data, p2.data, p1.len) == 0);
        zp_bytes_free(&p1);
        zp_bytes_free(&p2);
        lb_case b = {12, kap, NR - 1, 1, 0, 0, 0, 0};
        CHECK(rejected(run_case(&b, NULL)));
    }
}

/* The helper read from the table side's W (helpers_tag_var) gives the
 * proof of the reference (every position inverted), byte for byte, and
 * the proofs verify: K = 1, 2, 4 with 8-bit limbs (tags 4 and 8) on 1 and
 * 2 threads; 16-bit limbs (tags 12 and 16; the 2^17-entry table keeps
 * K = 1 at this size) on one thread.  The forged limbs of the tests above
 * (outside their tag's range) take the inversion path. */
TEST(zkp_lubatch_helpers_from_table_equal_inversion) {
    for (unsigned kap = 0; kap <= 2; kap++)
        for (int l16 = 0; l16 < 2; l16++)
            for (int th = 1; th <= 2 - l16; th++) {
                lb_case c = {9, kap, -1, 0, 0, th, 0, l16};
                zp_bytes p1, p2;
                CHECK_OK(run_case(&c, &p1));
                c.ref = 1;
                CHECK_OK(run_case(&c, &p2));
                CHECK(p1.len == p2.len && memcmp(p1.data, p2.data, p1.len) == 0);
                zp_bytes_free(&p1);
                zp_bytes_free(&p2);
            }
}

/* The setter's contract: kappa <= 2, before the commit. */
TEST(zkp_lubatch_setter_contract) {
    zp_transcript tr;
    zp_transcript_init(&tr, "test/zkp-lubatch-setter");
    zp_rng r;
    zp_rng_init_u64(&r, 1);
    zp_bytes pf;
    zp_bytes_init(&pf);
    zp_zkp *z = NULL;
    CHECK_OK(zp_zkp_create(&z, &tr, &pf, NULL, &r));
    CHECK(zp_zkp_set_lookup_batch(z, 3) == ZP_ERR_ARG);
    zp_zkp_free(z);
    CHECK_OK(zp_zkp_create(&z, &tr, &pf, NULL, &r));
    CHECK_OK(zp_zkp_set_lookup_batch(z, 2));
    zp_zkp_free(z);
    zp_bytes_free(&pf);
}
