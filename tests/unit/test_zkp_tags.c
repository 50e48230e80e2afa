/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the builder's tagged range table (docs/spec/infer.md "Lookups"). */
// ZP_TEST_LAYER: zkml
#include "harness.h"
#include "field/gl.h"
#include "zkml/zkp_internal.h"

/* The tested tensor: 2^LN values (two layout rows and more); a companion
 * of 2^LS values (below one row: its views have row slack) range-checked
 * in 20 bits, so that the table holds several widths. */
enum { LN = 9, LS = 5, KC = 20 };
static const unsigned WIDTHS[] = {1, 4, 15, 16, 17, 20, 30, 31, 32};
#define NW (sizeof WIDTHS / sizeof WIDTHS[0])

/* Out-of-range values put at T[3]: 2^k, -1 (= p - 1) and -2^k. */
enum { BAD_NONE, BAD_TOP, BAD_MINUS1, BAD_MINUS_2K };

typedef struct {
    unsigned bits, k, k_verify; /* limb width, the range, the verifier's range */
    int bad, forge;
    size_t flip; /* 1 + the proof byte to flip before verifying; 0: none */
} tag_case;

/* Proves T + 0 in [0, 2^k) and C in [0, 2^KC) with limbs of c->bits, then
 * verifies the proof as a check of T in [0, 2^k_verify).  T holds random
 * values in range with both ends (0 and 2^k - 1); c->bad puts an
 * out-of-range value at T[3], and the prover cheats with forge mode
 * c->forge.  *len: the proof size.  Returns the verifier's result
 * (ZP_ERR_ARG when the prover refused). */
static zp_err run_case(const tag_case *c, size_t *len) {
    static zp_fe vt[1 << LN], vc[1 << LS];
    const uint64_t top = (uint64_t)1 << c->k;
    for (size_t x = 0; x < ((size_t)1 << LN); x++) vt[x] = test_rand_u64() & (top - 1);
    vt[0] = top - 1;
    vt[1] = 0;
    for (size_t x = 0; x < ((size_t)1 << LS); x++)
        vc[x] = test_rand_u64() & (((uint64_t)1 << KC) - 1);
    if (c->bad == BAD_TOP) vt[3] = gl_from_u64(top);
    if (c->bad == BAD_MINUS1) vt[3] = GL_P - 1;
    if (c->bad == BAD_MINUS_2K) vt[3] = GL_P - top;
    zp_err e = ZP_OK;
    zp_bytes pf;
    zp_bytes_init(&pf);
    for (int side = 0; side < 2 && e == ZP_OK; side++) {
        zp_reader rd;
        zp_transcript tr;
        zp_transcript_init(&tr, "test/zkp-tags");
        zp_rng r;
        zp_rng_init_u64(&r, 11);
        zp_zkp *z = NULL;
        if (side && c->flip) pf.data[(c->flip - 1) % pf.len] ^= 0x5a;
        if (side) zp_reader_init(&rd, pf.data, pf.len);
        e = zp_zkp_create(&z, &tr, side ? NULL : &pf, side ? &rd : NULL, side ? NULL : &r);
        if (e == ZP_OK && side == 0 && c->bad && c->forge) {
            zp_zkp_set_unchecked(z);
            zp_zkp_set_forge(z, c->forge);
        }
        if (e == ZP_OK) e = zp_zkp_set_limb_bits(z, c->bits);
        /* a truncated top limb breaks the decomposition zero-check, which
         * only a committed T has: a tensor defined by its views is their
         * combination by definition (test_zkp_vdef.c forges its limbs
         * against another relation that reads it) */
        if (e == ZP_OK && c->forge == 2) e = zp_zkp_set_view_defined(z, 0);
        for (int pass = 0; pass < 2 && e == ZP_OK; pass++) {
            size_t it, ic;
            e = zp_zkp_witness(z, &it, LN, side ? NULL : vt);
            if (e == ZP_OK) e = zp_zkp_witness(z, &ic, LS, side ? NULL : vc);
            if (e == ZP_OK) e = zp_zkp_range(z, it, 0, side ? c->k_verify : c->k);
            if (e == ZP_OK) e = zp_zkp_range(z, ic, 0, KC);
            if (e == ZP_OK) e = pass ? zp_zkp_finish(z) : zp_zkp_commit(z);
        }
        if (e == ZP_OK && side) e = zp_reader_finish(&rd);
        zp_zkp_free(z);
    }
    if (len) *len = pf.len;
    zp_bytes_free(&pf);
    return e;
}

static int rejected(zp_err e) { return e == ZP_ERR_VERIFY || e == ZP_ERR_PARSE; }

/* Every width with 8- and 16-bit limbs: in-range values (both ends) are
 * accepted; the same proof does not pass as a check of the next narrower
 * range (its top value 2^k - 1 is out of it: another tag, another table). */
TEST(zkp_tags_honest_all_widths) {
    for (unsigned bits = 8; bits <= 16; bits += 8)
        for (size_t i = 0; i < NW; i++) {
            const unsigned k = WIDTHS[i];
            tag_case c = {bits, k, k, BAD_NONE, 0, 0};
            size_t len = 0;
            CHECK_OK(run_case(&c, &len));
            CHECK(len > 0);
            if (k > 1) {
                c.k_verify = k - 1;
                CHECK(rejected(run_case(&c, NULL)));
            }
        }
}

/* Out-of-range values (2^k, -1, -2^k): the honest prover refuses each; a
 * prover that puts the overflow in the top limb (forge 1), truncates the
 * top limb to its b bits (forge 2) or counts a top limb in [2^b, 2^w) at
 * the full-width table entry (forge 3: the shift-free check without tags)
 * is rejected: every forge for 2^k, and one of forges 1, 2 for -1 or -2^k
 * in turn (their top limbs are far above 2^w: forge 3 is forge 1 there). */
TEST(zkp_tags_out_of_range_rejected) {
    for (unsigned bits = 8; bits <= 16; bits += 8)
        for (size_t i = 0; i < NW; i++) {
            const unsigned k = WIDTHS[i];
            for (int bad = BAD_TOP; bad <= BAD_MINUS_2K; bad++) {
                tag_case c = {bits, k, k, bad, 0, 0};
                CHECK(run_case(&c, NULL) == ZP_ERR_ARG);
            }
            for (int forge = 1; forge <= 3; forge++) {
                tag_case c = {bits, k, k, BAD_TOP, forge, 0};
                CHECK(rejected(run_case(&c, NULL)));
            }
            tag_case c = {bits, k, k, i % 2 ? BAD_MINUS1 : BAD_MINUS_2K, 1 + (int)(i / 2 % 2), 0};
            CHECK(rejected(run_case(&c, NULL)));
        }
}

/* The case the tag exists for: a top limb of b < w bits holding 2^b (in
 * [0, 2^w), so the untagged table [0, 2^w) would accept it), counted at
 * the full-width entry.  k = 15 and 20 with 16-bit limbs (b = 15, 4), 4
 * and 20 with 8-bit limbs (b = 4). */
TEST(zkp_tags_narrow_top_limb_forged) {
    static const unsigned cases[][2] = {{16, 15}, {16, 20}, {8, 4}, {8, 20}};
    for (size_t i = 0; i < 4; i++) {
        tag_case c = {cases[i][0], cases[i][1], cases[i][1], BAD_TOP, 3, 0};
        CHECK(run_case(&c, NULL) == ZP_ERR_VERIFY);
    }
}

/* Flipping a byte anywhere in an honest proof is rejected. */
TEST(zkp_tags_flipped_bytes_rejected) {
    for (unsigned bits = 8; bits <= 16; bits += 8) {
        tag_case c = {bits, 20, 20, BAD_NONE, 0, 0};
        size_t len = 0;
        CHECK_OK(run_case(&c, &len));
        CHECK(len > 64);
        for (int t = 0; t < 12; t++) {
            c.flip = 1 + (t < 4 ? (size_t)t : (size_t)(test_rand_u64() % len));
            CHECK(rejected(run_case(&c, NULL)));
        }
    }
}

/* The proof size depends on the plan only (the tag column is public). */
TEST(zkp_tags_size_witness_independent) {
    size_t l1 = 0, l2 = 0;
    tag_case c = {16, 30, 30, BAD_NONE, 0, 0};
    CHECK_OK(run_case(&c, &l1));
    CHECK_OK(run_case(&c, &l2));
    CHECK(l1 == l2 && l1 > 0);
}

/* The tag column's geometry: five range requests of different sizes (one
 * value pair up to four layout rows, three of them smaller than a row, so
 * their segments carry row slack at non-zero offsets of the stacked
 * column) and different top-limb widths.  The honest proof verifies (the
 * verifier's tag~ from the plan agrees with the prover's column for every
 * segment); for each request in turn, 2^k at its position 1 counted as
 * a full-width limb (forge 3) is rejected, so every segment's tag is
 * enforced where it lies. */
enum { NG = 5 };
static const unsigned G_LOG[NG] = {1, 3, 8, 10, 2}, G_K[NG] = {3, 13, 21, 7, 1};

static zp_err run_geometry(unsigned bits, int bad) {
    static zp_fe v[NG][1 << 10];
    for (unsigned i = 0; i < NG; i++)
        for (size_t x = 0; x < ((size_t)1 << G_LOG[i]); x++)
            v[i][x] = test_rand_u64() & (((uint64_t)1 << G_K[i]) - 1);
    if (bad >= 0) v[bad][1] = (zp_fe)1 << G_K[bad];
    zp_err e = ZP_OK;
    zp_bytes pf;
    zp_bytes_init(&pf);
    for (int side = 0; side < 2 && e == ZP_OK; side++) {
        zp_reader rd;
        zp_transcript tr;
        zp_transcript_init(&tr, "test/zkp-tags-geometry");
        zp_rng r;
        zp_rng_init_u64(&r, 12);
        zp_zkp *z = NULL;
        if (side) zp_reader_init(&rd, pf.data, pf.len);
        e = zp_zkp_create(&z, &tr, side ? NULL : &pf, side ? &rd : NULL, side ? NULL : &r);
        if (e == ZP_OK && side == 0 && bad >= 0) {
            zp_zkp_set_unchecked(z);
            zp_zkp_set_forge(z, 3);
        }
        if (e == ZP_OK) e = zp_zkp_set_limb_bits(z, bits);
        for (int pass = 0; pass < 2 && e == ZP_OK; pass++) {
            size_t id[NG];
            for (unsigned i = 0; i < NG && e == ZP_OK; i++)
                e = zp_zkp_witness(z, &id[i], G_LOG[i], side ? NULL : v[i]);
            for (unsigned i = 0; i < NG && e == ZP_OK; i++) e = zp_zkp_range(z, id[i], 0, G_K[i]);
            if (e == ZP_OK) e = pass ? zp_zkp_finish(z) : zp_zkp_commit(z);
        }
        if (e == ZP_OK && side) e = zp_reader_finish(&rd);
        zp_zkp_free(z);
    }
    zp_bytes_free(&pf);
    return e;
}

TEST(zkp_tags_segment_geometry) {
    for (unsigned bits = 8; bits <= 16; bits += 8) {
        CHECK_OK(run_geometry(bits, -1));
        for (int i = 0; i < NG; i++) {
            /* 2^k < 2^w is what forge 3 can count at the full-width entry
             * (k = 21 with 8-bit limbs: its top limb 2^5 < 2^8) */
            CHECK(run_geometry(bits, i) == ZP_ERR_VERIFY);
        }
    }
}
