/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of tensors defined by their limb views (docs/spec/infer.md). */
// ZP_TEST_LAYER: zkml
#include <stdio.h>

#include "harness.h"
#include "field/gl.h"
#include "zkml/zkp_internal.h"

/* The circuit: T (2^6 x 2^6, T + OFF in [0, 2^K)) read by two relations,
 * a zero-check S - T = 0 against a committed copy S and the product
 * A T - C = 0 (A, C witnesses; T as the B operand); U (2^8 values, below
 * every row width used here) in [0, 2^KU) read by a zero-check U - V = 0.
 * The stacked column holds 2^12 positions or more with either limb width,
 * so T and U are defined by their views. */
enum { LM = 6, LT = 2 * LM, LU = 8, K = 20, KU = 13, OFF = 5 };

typedef enum {
    V_HONEST,
    V_OUT_OF_RANGE, /* T[3] + OFF = 2^K: the honest prover refuses */
    V_FORGE_TOP,    /* the same, the overflow in the top limb (forge 1) */
    V_FORGE_TRUNC,  /* the same, the top limb truncated (forge 2) */
    V_FORGE_VIEWS,  /* honest witness, the view values of T (2 or 3 views)
                     * shifted, T's value kept (forge 5) */
    V_T_CHANGED,    /* T[7] + 1 in the run pass (S, C follow it): T's
                     * claims no longer match its committed views */
} vmode;

typedef struct {
    unsigned bits;
    vmode mode;
    int vdef;    /* zp_zkp_set_view_defined (both sides) */
    size_t flip; /* 1 + the proof byte to flip before verifying; 0: none */
    size_t len, n_vdef[2], bad_budget;
} vcase;

static void budget_hook(const zp_zkp *z, void *ctx) {
    vcase *c = ctx;
    for (size_t i = 0; i < zp_zkp_n_tensors(z); i++) {
        unsigned ev;
        uint64_t ml;
        int ph;
        if (zp_zkp_mask_info(z, i, &ev, &ml, &ph) && ml < 4 * (uint64_t)ev) c->bad_budget++;
    }
}

/* C = A T over F (A 2^LM x 2^LM, T stored 2^LM x 2^LM, k the row of T). */
static void product(zp_fe *C, const zp_fe *A, const zp_fe *T) {
    const size_t n = (size_t)1 << LM;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            zp_fe acc = 0;
            for (size_t k = 0; k < n; k++) acc = gl_add(acc, gl_mul(A[i * n + k], T[k * n + j]));
            C[i * n + j] = acc;
        }
}

/* Proves (side 0) and verifies (side 1) the circuit; returns the
 * verifier's result (ZP_ERR_ARG when the prover refused). */
static zp_err run(vcase *c) {
    static zp_fe T[1 << LT], T2[1 << LT], A[1 << LT], C[1 << LT], U[1 << LU];
    for (size_t x = 0; x < ((size_t)1 << LT); x++) {
        T[x] = zp_fe_from_i64((int64_t)(test_rand_u64() & (((uint64_t)1 << K) - 1)) - OFF);
        A[x] = test_rand_u64() & 0xff;
    }
    T[0] = zp_fe_from_i64(((int64_t)1 << K) - 1 - OFF); /* both ends */
    T[1] = zp_fe_from_i64(-OFF);
    for (size_t x = 0; x < ((size_t)1 << LU); x++)
        U[x] = test_rand_u64() & (((uint64_t)1 << KU) - 1);
    if (c->mode == V_OUT_OF_RANGE || c->mode == V_FORGE_TOP || c->mode == V_FORGE_TRUNC)
        T[3] = zp_fe_from_i64(((int64_t)1 << K) - OFF);
    memcpy(T2, T, sizeof T);
    if (c->mode == V_T_CHANGED) T2[7] = gl_add(T2[7], 1);
    /* S = T2 and C = A T2: every relation holds on the run pass's T2 */
    product(C, A, T2);
    zp_zkp_set_plan_hook(budget_hook, c);
    zp_err e = ZP_OK;
    zp_bytes pf;
    zp_bytes_init(&pf);
    for (int side = 0; side < 2 && e == ZP_OK; side++) {
        zp_reader rd;
        zp_transcript tr;
        zp_transcript_init(&tr, "test/zkp-vdef");
        zp_rng r;
        zp_rng_init_u64(&r, 21);
        zp_zkp *z = NULL;
        if (side && c->flip) pf.data[(c->flip - 1) % pf.len] ^= 0x21;
        if (side) zp_reader_init(&rd, pf.data, pf.len);
        e = zp_zkp_create(&z, &tr, side ? NULL : &pf, side ? &rd : NULL, side ? NULL : &r);
        if (e == ZP_OK && side == 0 && c->mode >= V_FORGE_TOP) {
            zp_zkp_set_unchecked(z);
            if (c->mode == V_FORGE_TOP) zp_zkp_set_forge(z, 1);
            if (c->mode == V_FORGE_TRUNC) zp_zkp_set_forge(z, 2);
            if (c->mode == V_FORGE_VIEWS) zp_zkp_set_forge(z, 5);
        }
        if (e == ZP_OK) e = zp_zkp_set_limb_bits(z, c->bits);
        if (e == ZP_OK) e = zp_zkp_set_view_defined(z, c->vdef);
        for (int pass = 0; pass < 2 && e == ZP_OK; pass++) {
            const int pr = side == 0;
            size_t it, is, ia, ic, iu, iv;
            e = zp_zkp_witness(z, &it, LT, pr ? (pass ? T2 : T) : NULL);
            if (e == ZP_OK) e = zp_zkp_witness(z, &is, LT, pr ? T2 : NULL);
            if (e == ZP_OK) e = zp_zkp_witness(z, &ia, LT, pr ? A : NULL);
            if (e == ZP_OK) e = zp_zkp_witness(z, &ic, LT, pr ? C : NULL);
            if (e == ZP_OK) e = zp_zkp_witness(z, &iu, LU, pr ? U : NULL);
            if (e == ZP_OK) e = zp_zkp_witness(z, &iv, LU, pr ? U : NULL);
            if (e == ZP_OK) e = zp_zkp_range(z, it, OFF, K);
            if (e == ZP_OK) e = zp_zkp_range(z, iu, 0, KU);
            const zp_fe2 one = gl2_from_fe(1), mone = gl2_neg(one);
            zp_zkp_term ts[2] = {{one, 1, {is, 0}}, {mone, 1, {it, 0}}};
            if (e == ZP_OK) e = zp_zkp_zerocheck(z, LT, ts, 2);
            zp_zkp_term tu[2] = {{one, 1, {iu, 0}}, {mone, 1, {iv, 0}}};
            if (e == ZP_OK) e = zp_zkp_zerocheck(z, LU, tu, 2);
            zp_zkp_tail tl = {ic, mone, 0};
            if (e == ZP_OK)
                e = zp_zkp_matmul_affine(z, ia, it, LM, LM, LM, &tl, 1, (zp_fe2){0, 0}, NULL);
            if (e == ZP_OK) e = pass ? zp_zkp_finish(z) : zp_zkp_commit(z);
            if (e == ZP_OK && !pass) c->n_vdef[side] = zp_zkp_n_view_defined(z);
        }
        if (e == ZP_OK && side) e = zp_reader_finish(&rd);
        zp_zkp_free(z);
    }
    zp_zkp_set_plan_hook(NULL, NULL);
    c->len = pf.len;
    zp_bytes_free(&pf);
    return e;
}

static int rejected(zp_err e) { return e == ZP_ERR_VERIFY || e == ZP_ERR_PARSE; }

/* Honest proofs verify with either limb width, with T and U defined by
 * their views (both sides agree) or committed; the mask budget holds. */
TEST(zkp_vdef_honest) {
    for (unsigned bits = 8; bits <= 16; bits += 8) {
        vcase on = {bits, V_HONEST, 1, 0, 0, {0, 0}, 0};
        CHECK_OK(run(&on));
        CHECK(on.n_vdef[0] == 2 && on.n_vdef[1] == 2);
        CHECK(on.bad_budget == 0);
        vcase off = {bits, V_HONEST, 0, 0, 0, {0, 0}, 0};
        CHECK_OK(run(&off));
        CHECK(off.n_vdef[0] == 0 && off.n_vdef[1] == 0);
        CHECK(off.bad_budget == 0);
        CHECK(on.len > 0 && off.len > 0 && on.len != off.len);
        /* the size depends on the plan only */
        vcase again = on;
        CHECK_OK(run(&again));
        CHECK(again.len == on.len);
    }
}

/* An out-of-range limb of a tensor defined by its views: the honest
 * prover refuses; the overflow kept in the top limb fails the tagged
 * lookup; a truncated top limb leaves views whose combination is not the
 * T that the relations read. */
TEST(zkp_vdef_out_of_range_rejected) {
    for (unsigned bits = 8; bits <= 16; bits += 8) {
        vcase c = {bits, V_OUT_OF_RANGE, 1, 0, 0, {0, 0}, 0};
        CHECK(run(&c) == ZP_ERR_ARG);
        c.mode = V_FORGE_TOP;
        CHECK(rejected(run(&c)));
        CHECK(c.n_vdef[0] == 2);
        c.mode = V_FORGE_TRUNC;
        CHECK(rejected(run(&c)));
    }
}

/* View values that keep T's value but not the views' own (forge 5), and
 * a T whose claims do not match its committed views (T changed after the
 * commit, every relation consistent with the new T), are rejected. */
TEST(zkp_vdef_wrong_view_claims_rejected) {
    for (unsigned bits = 8; bits <= 16; bits += 8) {
        vcase c = {bits, V_FORGE_VIEWS, 1, 0, 0, {0, 0}, 0};
        CHECK(run(&c) == ZP_ERR_VERIFY);
        c.mode = V_T_CHANGED;
        CHECK(run(&c) == ZP_ERR_VERIFY);
        /* the same change with T committed: its own zero-check fails */
        c.vdef = 0;
        CHECK(run(&c) == ZP_ERR_VERIFY);
    }
}

/* Flipping a byte anywhere in an honest proof is rejected. */
TEST(zkp_vdef_flipped_bytes_rejected) {
    vcase c = {16, V_HONEST, 1, 0, 0, {0, 0}, 0};
    CHECK_OK(run(&c));
    const size_t len = c.len;
    CHECK(len > 64);
    for (int t = 0; t < 8; t++) {
        c.flip = 1 + (t < 2 ? (size_t)t : (size_t)(test_rand_u64() % len));
        CHECK(rejected(run(&c)));
    }
}

/* The switch is a plan rule: after the commit it is refused. */
TEST(zkp_vdef_switch_contract) {
    zp_transcript tr;
    zp_transcript_init(&tr, "test/zkp-vdef");
    zp_bytes pf;
    zp_bytes_init(&pf);
    zp_rng r;
    zp_rng_init_u64(&r, 1);
    zp_zkp *z = NULL;
    CHECK_OK(zp_zkp_create(&z, &tr, &pf, NULL, &r));
    zp_fe v[4] = {1, 2, 3, 4};
    size_t id;
    CHECK_OK(zp_zkp_witness(z, &id, 2, v));
    CHECK_OK(zp_zkp_range(z, id, 0, 3));
    CHECK_OK(zp_zkp_commit(z));
    CHECK(zp_zkp_n_view_defined(z) == 0); /* a stacked column below 2^12 */
    CHECK(zp_zkp_set_view_defined(z, 0) == ZP_ERR_ARG);
    zp_zkp_free(z);
    zp_bytes_free(&pf);
}
