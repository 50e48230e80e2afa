/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the split stacked range column (docs/spec/infer.md, "Lookups"). */
// ZP_TEST_LAYER: zkml
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "field/gl.h"
#include "zkml/zkp_internal.h"

/* The circuit: nr witnesses X_i of 2^ls[i] values with X_i in [0, 2^KB)
 * (two limbs of 8 bits: 8, then a 4-bit top limb; one 12-bit limb with
 * 16-bit limbs), each read by a zero-check X_i - S_i = 0 against a
 * committed copy S_i, so that X_i may be defined by its limb views.  Views
 * are stacked by decreasing size in declaration order: with NR requests of
 * 2^8 values (2 views each, 2560 positions) the last request lies in the
 * second committed column for K = 3 (2^11 + 2^10), 5 (2^11 + 2^9) and
 * 6 (2^11 + 2^10). */
enum { NR = 5, KB = 12, MAXR = 8, MAXC = ZP_ZKP_LK_MAX_COLUMNS };

typedef struct {
    unsigned K;      /* zp_zkp_set_lookup_blocks (0: the plan's rule) */
    unsigned nr, ls[MAXR];
    int bad;         /* request holding an out-of-range value (-1: none) */
    int forge;       /* the prover's cheat (zp_zkp_set_forge), 0: honest */
    size_t flip;     /* 1 + the proof byte to flip before verifying; 0: none */
    int threads;     /* prover threads (0: the default) */
    int limb16;      /* 16-bit limbs */
    uint64_t seed;   /* witness */
    /* out (prover): the committed columns, the tensors defined by their
     * views, mask budget violations, mask values shared by two views */
    unsigned ncol, clog[MAXC];
    size_t n_vdef, bad_budget, shared, n_masks;
    /* the range lookup's blocks K of 2^lkm positions, and (after the
     * proof) its bytes [pf0, pf1) */
    unsigned lkK, lkm;
    size_t pf0, pf1;
    size_t mrows, mobj; /* shared mask rows (colours) and masked objects */
} sp_case;

static void budget_hook(const zp_zkp *z, void *ctx) {
    sp_case *c = ctx;
    for (size_t i = 0; i < zp_zkp_n_tensors(z); i++) {
        unsigned ev;
        uint64_t ml;
        int ph;
        if (zp_zkp_mask_info(z, i, &ev, &ml, &ph) && ml < 4 * (uint64_t)ev) c->bad_budget++;
    }
    c->mrows = zp_zkp_mask_rows(z, &c->mobj);
}

static int fe_cmp(const void *a, const void *b) {
    const zp_fe *x = a, *y = b;
    return *x < *y ? -1 : *x > *y;
}

/* Views' masks (prover, after the commit): no value shared by two views
 * (uniform values: a repeat by chance has probability ~ n^2 / p; a view
 * whose mask is periodic repeats its own values, so each view's distinct
 * values are counted once). */
static void check_masks(zp_zkp *z, sp_case *c, const size_t *v0, const size_t *v1) {
    size_t cap = 0, n = 0;
    for (unsigned i = 0; i < c->nr; i++) cap += (v1[i] - v0[i]) << (c->ls[i] < 8 ? 8 : c->ls[i]);
    zp_fe *all = malloc(cap * sizeof *all);
    if (!all) { c->shared = SIZE_MAX; return; }
    for (unsigned i = 0; i < c->nr; i++)
        for (size_t v = v0[i]; v < v1[i]; v++) {
            const zp_fe *mk = NULL;
            size_t ml = 0;
            if (zp_zkp_mask(z, v, &mk, &ml) != ZP_OK || !mk || ml < 2) { c->shared++; continue; }
            const size_t n0 = n;
            for (size_t x = 0; x < ml && n < cap; x++) all[n++] = mk[x];
            qsort(all + n0, n - n0, sizeof *all, fe_cmp);
            size_t u = n0;
            for (size_t k = n0; k < n; k++)
                if (k == n0 || all[k] != all[k - 1]) all[u++] = all[k];
            n = u;
            c->n_masks++;
        }
    qsort(all, n, sizeof *all, fe_cmp);
    for (size_t k = 1; k < n; k++) c->shared += all[k] == all[k - 1];
    free(all);
}

/* Proves and verifies one case; *pf_out (if not NULL) receives the proof
 * (caller frees).  Returns the verifier's result, or the prover's error. */
static zp_err run_case(sp_case *c, zp_bytes *pf_out) {
    zp_fe *x[MAXR];
    for (unsigned i = 0; i < c->nr; i++) {
        const size_t n = (size_t)1 << c->ls[i];
        x[i] = malloc(n * sizeof(zp_fe));
        if (!x[i]) return ZP_ERR_NOMEM;
        zp_rng vr;
        zp_rng_init_u64(&vr, c->seed + 101 * i);
        for (size_t k = 0; k < n; k++) {
            uint8_t b[8];
            zp_rng_bytes(&vr, b, sizeof b);
            uint64_t w = 0;
            for (int j = 0; j < 8; j++) w = w << 8 | b[j];
            x[i][k] = w & (((uint64_t)1 << KB) - 1);
        }
        x[i][0] = ((uint64_t)1 << KB) - 1; /* the top of the range */
        if ((int)i == c->bad) x[i][3] = (zp_fe)1 << KB;
    }
    zp_err e = ZP_OK;
    zp_bytes pf;
    zp_bytes_init(&pf);
    const int keep = omp_get_max_threads();
    for (int side = 0; side < 2 && e == ZP_OK; side++) {
        zp_reader rd;
        zp_transcript tr;
        zp_transcript_init(&tr, "test/zkp-lksplit");
        zp_rng r;
        zp_rng_init_u64(&r, 9);
        zp_zkp *z = NULL;
        if (side && c->flip) pf.data[(c->flip - 1) % pf.len] ^= 0x10;
        if (side) zp_reader_init(&rd, pf.data, pf.len);
        if (!side && c->threads) omp_set_num_threads(c->threads);
        if (!side) zp_zkp_set_plan_hook(budget_hook, c);
        e = zp_zkp_create(&z, &tr, side ? NULL : &pf, side ? &rd : NULL, side ? NULL : &r);
        if (e == ZP_OK && side == 0 && c->forge) {
            zp_zkp_set_unchecked(z);
            zp_zkp_set_forge(z, c->forge);
        }
        if (e == ZP_OK && c->limb16) e = zp_zkp_set_limb_bits(z, 16);
        if (e == ZP_OK && c->K) e = zp_zkp_set_lookup_blocks(z, c->K);
        size_t v0[MAXR], v1[MAXR];
        for (int pass = 0; pass < 2 && e == ZP_OK; pass++) {
            for (unsigned i = 0; i < c->nr && e == ZP_OK; i++) {
                size_t xi, si;
                const zp_fe *vals = side ? NULL : x[i];
                e = zp_zkp_witness(z, &xi, c->ls[i], vals);
                if (e == ZP_OK) e = zp_zkp_witness(z, &si, c->ls[i], vals);
                /* the limb views: the tensors the plan's range call adds */
                if (pass == 0) v0[i] = zp_zkp_n_tensors(z);
                if (e == ZP_OK) e = zp_zkp_range(z, xi, 0, KB);
                if (pass == 0) v1[i] = zp_zkp_n_tensors(z);
                const zp_zkp_term t[2] = {{gl2_from_fe(1), 1, {xi, 0}},
                                          {gl2_neg(gl2_from_fe(1)), 1, {si, 0}}};
                if (e == ZP_OK) e = zp_zkp_zerocheck(z, c->ls[i], t, 2);
            }
            if (pass == 0) {
                if (e == ZP_OK) e = zp_zkp_commit(z);
                if (e == ZP_OK && !side) {
                    c->ncol = zp_zkp_lk_columns(z, c->clog);
                    c->n_vdef = zp_zkp_n_view_defined(z);
                    c->lkK = zp_zkp_lk_blocks(z, &c->lkm);
                }
            } else {
                if (e == ZP_OK && !side && !c->forge) check_masks(z, c, v0, v1);
                if (e == ZP_OK) e = zp_zkp_finish(z);
                if (e == ZP_OK && !side) zp_zkp_lk_proof_range(z, &c->pf0, &c->pf1);
            }
        }
        if (e == ZP_OK && side) e = zp_reader_finish(&rd);
        zp_zkp_set_plan_hook(NULL, NULL);
        zp_zkp_free(z);
        omp_set_num_threads(keep);
    }
    for (unsigned i = 0; i < c->nr; i++) free(x[i]);
    if (pf_out) *pf_out = pf;
    else zp_bytes_free(&pf);
    return e;
}

static int rejected(zp_err e) { return e == ZP_ERR_VERIFY || e == ZP_ERR_PARSE; }

/* The case c, already proven with c->threads = 1 into *p1 (freed here):
 * 2 threads give the same bytes; witness seed2 gives a proof of the same
 * size and other bytes. */
static void same_bytes_other_witness(sp_case *c, zp_bytes *p1, uint64_t seed2) {
    zp_bytes p2, p3;
    c->threads = 2;
    CHECK_OK(run_case(c, &p2));
    CHECK(p1->len == p2.len && memcmp(p1->data, p2.data, p1->len) == 0);
    c->seed = seed2;
    CHECK_OK(run_case(c, &p3));
    CHECK(p3.len == p1->len && memcmp(p1->data, p3.data, p1->len) != 0);
    zp_bytes_free(p1);
    zp_bytes_free(&p2);
    zp_bytes_free(&p3);
}

static sp_case base_case(unsigned K) {
    sp_case c;
    memset(&c, 0, sizeof c);
    c.K = K;
    c.nr = NR;
    for (unsigned i = 0; i < NR; i++) c.ls[i] = 8;
    c.bad = -1;
    c.seed = 1;
    return c;
}

/* Honest proofs verify for K = 2 .. 6 blocks of 2^m (the smallest m >= 9,
 * the table's variables, with K 2^m >= 2560: 2^11, 2^10, 2^10, 2^9, 2^9;
 * the last block, or two, partly or wholly public zeros); the 2560 used
 * positions are committed as 2^11 + 2^9; the views' masks share no value,
 * every mask keeps the 4x budget; 1 and 2 threads give the same bytes,
 * and the size depends on the plan only. */
TEST(zkp_lksplit_honest_columns) {
    for (unsigned K = 2; K <= 6; K++) {
        sp_case c = base_case(K);
        c.threads = 1;
        zp_bytes p1;
        CHECK_OK(run_case(&c, &p1));
        CHECK(c.ncol == 2 && c.clog[0] == 11 && c.clog[1] == 9);
        if (c.ncol != 2 || c.clog[0] != 11)
            fprintf(stderr, "  K %u: %u columns, 2^%u 2^%u\n", K, c.ncol, c.clog[0], c.clog[1]);
        CHECK(c.n_vdef == NR);
        CHECK(c.bad_budget == 0);
        CHECK(c.shared == 0 && c.n_masks == 2 * NR);
        /* the 2 NR views are evaluated by one zero-check batch (one event):
         * as many shared rows, at most one per masked object */
        CHECK(c.mrows >= 2 * NR && c.mrows <= c.mobj);
        same_bytes_other_witness(&c, &p1, 7);
    }
}

/* An out-of-range value in the first request (first column) and in the
 * last (the second column): the honest prover refuses; the
 * overflow in the top limb (forge 1: outside its tag's range), counted at
 * the full-width entry as if the tag were w (forge 3: a forged tag) or
 * the top limb truncated (forge 2: the view's limb changed, X no longer
 * its limbs' combination) is rejected. */
TEST(zkp_lksplit_bad_limb_each_column) {
    const int reqs[2] = {0, NR - 1};
    for (unsigned K = 2; K <= 6; K++)
        for (int b = 0; b < 2; b++) {
            sp_case c = base_case(K);
            c.bad = reqs[b];
            CHECK(run_case(&c, NULL) == ZP_ERR_ARG);
            for (int forge = 1; forge <= 3; forge++) {
                c.forge = forge;
                zp_err e = run_case(&c, NULL);
                CHECK(rejected(e));
                if (!rejected(e))
                    fprintf(stderr, "  accepted: K %u request %d forge %d\n", K, c.bad, forge);
            }
        }
}

/* Honest witness, cheating messages: the helper plus 1 at one position
 * (forge 4) and the views' values shifted with their combination kept
 * (forge 5: the claims on the views, in both columns, fail). */
TEST(zkp_lksplit_forged_messages) {
    for (unsigned K = 2; K <= 6; K++)
        for (int forge = 4; forge <= 5; forge++) {
            sp_case c = base_case(K);
            c.forge = forge;
            zp_err e = run_case(&c, NULL);
            CHECK(rejected(e));
            if (!rejected(e)) fprintf(stderr, "  accepted: K %u forge %d\n", K, forge);
        }
}

/* Flipping a byte anywhere in an honest split proof is rejected: the
 * first bytes, 40 positions spread over the proof (the roots, the
 * degree-5 (K = 3) and degree-7 (K = 5) lookup rounds, the blocks' values,
 * the openings) and 8 random ones. */
TEST(zkp_lksplit_flipped_bytes_rejected) {
    const unsigned Ks[2] = {3, 5};
    for (int ki = 0; ki < 2; ki++) {
        sp_case c = base_case(Ks[ki]);
        zp_bytes pf;
        CHECK_OK(run_case(&c, &pf));
        const size_t len = pf.len;
        zp_bytes_free(&pf);
        CHECK(len > 1000);
        for (int t = 0; t < 52; t++) {
            const size_t pos = t < 4 ? (size_t)t
                               : t < 44 ? (size_t)(t - 4) * len / 40 + (size_t)(t * 37) % 97
                                        : (size_t)(test_rand_u64() % len);
            c.flip = 1 + pos % len;
            zp_err e = run_case(&c, NULL);
            CHECK(rejected(e));
            if (!rejected(e)) fprintf(stderr, "  flip at %zu accepted (K %u)\n", pos, c.K);
        }
    }
}

/* The plan's rule (no forced K; zkp_builder.c lk_split, its cost model):
 * 10 240 used positions (2 x 2^12 + 2^11 limbs: two requests of 2^11
 * values and one of 2^10) are read as K = 3 blocks of 2^12 (>= the 2^12
 * least block; 5 blocks would need 2^12 too and cost more), committed
 * whole (the grain 2^max(m - 3, 13) is capped at the block) as 2^13 +
 * 2^12; 16 384 positions (four requests of 2^11) fill 2^14: K = 2 blocks
 * of 2^13, one column.  Both verify; 16-bit limbs (one view a request,
 * 2^13 positions, a 2^13-entry table) never split (K = 1).  2^17 + 2^13
 * positions (four requests of 2^14, one of 2^12): K = 5 blocks of 2^15
 * (2^15 >= the 2^14 views), the used positions committed as 2^17 + 2^13
 * (grain 2^13), the last block mostly public zeros; a bad limb there is
 * rejected. */
TEST(zkp_lksplit_rule) {
    sp_case c;
    memset(&c, 0, sizeof c);
    c.nr = 3;
    c.ls[0] = c.ls[1] = 11;
    c.ls[2] = 10;
    c.bad = -1;
    c.seed = 3;
    CHECK_OK(run_case(&c, NULL));
    CHECK(c.ncol == 2 && c.clog[0] == 13 && c.clog[1] == 12);
    CHECK(c.lkK == 3 && c.lkm == 12);
    CHECK(c.bad_budget == 0 && c.shared == 0 && c.n_masks == 6);
    c.bad = 2; /* in the second column */
    c.forge = 1;
    CHECK(rejected(run_case(&c, NULL)));
    sp_case d;
    memset(&d, 0, sizeof d);
    d.nr = 4;
    for (unsigned i = 0; i < 4; i++) d.ls[i] = 11;
    d.bad = -1;
    d.seed = 4;
    CHECK_OK(run_case(&d, NULL));
    CHECK(d.ncol == 1 && d.clog[0] == 14);
    CHECK(d.lkK == 2 && d.lkm == 13);
    c.bad = -1;
    c.forge = 0;
    c.limb16 = 1;
    CHECK_OK(run_case(&c, NULL));
    CHECK(c.ncol == 1 && c.lkK == 1);
    sp_case b;
    memset(&b, 0, sizeof b);
    b.nr = 5;
    for (unsigned i = 0; i < 4; i++) b.ls[i] = 14;
    b.ls[4] = 12;
    b.bad = -1;
    b.seed = 5;
    b.threads = 2;
    zp_bytes p1, p2;
    CHECK_OK(run_case(&b, &p1));
    CHECK(b.ncol == 2 && b.clog[0] == 17 && b.clog[1] == 13);
    CHECK(b.lkK == 5 && b.lkm == 15);
    CHECK(b.bad_budget == 0 && b.shared == 0 && b.n_masks == 10);
    b.threads = 1;
    CHECK_OK(run_case(&b, &p2));
    CHECK(p1.len == p2.len && memcmp(p1.data, p2.data, p1.len) == 0);
    zp_bytes_free(&p1);
    zp_bytes_free(&p2);
    b.bad = 4;
    b.forge = 1;
    CHECK(rejected(run_case(&b, NULL)));
}

/* The rule's K = 5 blocks (lk_split): four requests of 2^11 values and one
 * of 2^10 (18 432 positions, nA = 15: block j holds request j, the last
 * block half public zeros) are read as K = 5 blocks of 2^12 (cheaper than
 * 3 of 2^13: half the helper), committed as 2^14 + 2^12.  Honest proofs
 * verify, 1 and 2 threads byte-identical, another witness gives another
 * proof of the same size; a bad limb in every block is refused by the
 * honest prover and rejected when forced (forge 1: outside its tag's
 * range; 3: a forged tag); a forged helper (forge 4) and forged view
 * values (forge 5) are rejected; flipping any of 48 bytes spread over the
 * lookup's own part of the proof (its degree-7 rounds and sent values)
 * is rejected. */
static sp_case five_case(void) {
    sp_case c;
    memset(&c, 0, sizeof c);
    c.nr = 5;
    for (unsigned i = 0; i < 4; i++) c.ls[i] = 11;
    c.ls[4] = 10;
    c.bad = -1;
    c.seed = 11;
    return c;
}

TEST(zkp_lksplit_rule_five_blocks) {
    sp_case c = five_case();
    c.threads = 1;
    zp_bytes p1;
    CHECK_OK(run_case(&c, &p1));
    CHECK(c.lkK == 5 && c.lkm == 12);
    CHECK(c.ncol == 2 && c.clog[0] == 14 && c.clog[1] == 12);
    CHECK(c.bad_budget == 0 && c.shared == 0 && c.n_masks == 10);
    CHECK(c.pf0 > 0 && c.pf1 > c.pf0 + 200 && c.pf1 <= p1.len);
    same_bytes_other_witness(&c, &p1, 12);
}

TEST(zkp_lksplit_rule_five_blocks_cheats) {
    for (int b = 0; b < 5; b++) {
        sp_case c = five_case();
        c.bad = b; /* request b: block b */
        CHECK(run_case(&c, NULL) == ZP_ERR_ARG);
        for (int forge = 1; forge <= 3; forge += 2) {
            c.forge = forge;
            zp_err e = run_case(&c, NULL);
            CHECK(rejected(e) && c.lkK == 5);
            if (!rejected(e)) fprintf(stderr, "  accepted: block %d forge %d\n", b, forge);
        }
    }
    for (int forge = 4; forge <= 5; forge++) {
        sp_case c = five_case();
        c.forge = forge;
        zp_err e = run_case(&c, NULL);
        CHECK(rejected(e));
        if (!rejected(e)) fprintf(stderr, "  accepted: forge %d\n", forge);
    }
    sp_case c = five_case();
    CHECK_OK(run_case(&c, NULL));
    const size_t b0 = c.pf0, len = c.pf1 - c.pf0;
    CHECK(len > 200);
    for (int t = 0; t < 48 && len > 200; t++) {
        const size_t pos = b0 + (t < 40 ? (size_t)t * len / 40 + (size_t)(t * 37) % 5
                                        : (size_t)(test_rand_u64() % len));
        c.flip = 1 + pos;
        zp_err e = run_case(&c, NULL);
        CHECK(rejected(e));
        if (!rejected(e)) fprintf(stderr, "  flip at %zu (lookup %zu..%zu) accepted\n", pos, b0, c.pf1);
    }
}

/* Three committed columns: seven requests of 2^8 values (3584 positions,
 * committed as 2^11 + 2^10 + 2^9) read as K = 2, 3, 4 blocks; honest
 * proofs verify (1 and 2 threads byte-identical), a bad limb in the last
 * request (the third column) is rejected (forge 1: outside its tag's
 * range; forge 3: a forged tag), and the views' masks share no value. */
TEST(zkp_lksplit_three_columns) {
    for (unsigned K = 2; K <= 4; K++) {
        sp_case c = base_case(K);
        c.nr = 7;
        for (unsigned i = 0; i < 7; i++) c.ls[i] = 8;
        c.threads = 1;
        zp_bytes p1, p2;
        CHECK_OK(run_case(&c, &p1));
        CHECK(c.ncol == 3 && c.clog[0] == 11 && c.clog[1] == 10 && c.clog[2] == 9);
        CHECK(c.bad_budget == 0 && c.shared == 0 && c.n_masks == 14);
        c.threads = 2;
        CHECK_OK(run_case(&c, &p2));
        CHECK(p1.len == p2.len && memcmp(p1.data, p2.data, p1.len) == 0);
        zp_bytes_free(&p1);
        zp_bytes_free(&p2);
        c.bad = 6;
        for (int forge = 1; forge <= 3; forge += 2) {
            c.forge = forge;
            CHECK(rejected(run_case(&c, NULL)));
        }
    }
}

/* The setter's contract: K in 2 .. 6, before the commit. */
TEST(zkp_lksplit_setter_contract) {
    zp_transcript tr;
    zp_transcript_init(&tr, "test/zkp-lksplit-setter");
    zp_rng r;
    zp_rng_init_u64(&r, 1);
    zp_bytes pf;
    zp_bytes_init(&pf);
    const unsigned bad[3] = {0, 1, 7};
    for (int i = 0; i < 3; i++) {
        zp_zkp *z = NULL;
        CHECK_OK(zp_zkp_create(&z, &tr, &pf, NULL, &r));
        CHECK(zp_zkp_set_lookup_blocks(z, bad[i]) == ZP_ERR_ARG);
        zp_zkp_free(z);
    }
    zp_zkp *z = NULL;
    CHECK_OK(zp_zkp_create(&z, &tr, &pf, NULL, &r));
    CHECK_OK(zp_zkp_set_lookup_blocks(z, 6));
    CHECK(zp_zkp_lk_columns(z, NULL) == 0); /* no range check yet */
    zp_zkp_free(z);
    zp_bytes_free(&pf);
}
