/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * End-to-end tests of the proof core: protocols, witness layout, claim batching and PCS together. */
// ZP_TEST_LAYER: piop
#include "harness.h"
#include "field/gl.h"
#include "zkprov/piop.h"

/* The path a training-step prover takes (DESIGN "Witness layout"):
 *   1. every private tensor (A, B of a product C = A B, a tensor V that must
 *      lie in [0, 2^K)), each with its mask companion, and the ZK sumcheck
 *      mask g of the matmul sit in ONE layout commitment;
 *   2. the matmul protocol (ZK) proves C = A B for the public C at a random
 *      point and the range protocol (ZK) proves V in range; both leave masked
 *      claims on the committed tensors (and the matmul one on g);
 *   3. the verifier's claims become PCS functionals (zp_layout_functional,
 *      zp_sc_zk_mask_functional), are merged (zp_claims_*) and opened ONCE
 *      (zp_pcs_open / zp_pcs_verify).
 * The statement is (dimensions, C, K); the commitment root is in the proof. */

#define E2E_LM 3
#define E2E_LN 4
#define E2E_LP 3
#define E2E_LV 6
#define E2E_K 20
#define E2E_LC 5

typedef struct {
    zp_layout *L;
    size_t idA, idB, idG, idV;
    unsigned nv;
    zp_pcs_params pp;
    size_t mask_w; /* width of one row of g */
} e2e_shape;

typedef struct {
    zp_fe A[1 << (E2E_LM + E2E_LN)], B[1 << (E2E_LN + E2E_LP)];
    zp_fe C[1 << (E2E_LM + E2E_LP)], V[1 << E2E_LV];
} e2e_wit;

static void shape_make(e2e_shape *S) {
    memset(S, 0, sizeof *S);
    unsigned sv = zp_matmul_sc_vars(E2E_LN);
    S->mask_w = zp_sc_zk_mask_width(sv, 2);
    CHECK(S->mask_w <= ((size_t)1 << E2E_LC));
    CHECK_OK(zp_layout_create(&S->L, E2E_LC));
    CHECK_OK(zp_layout_add(S->L, &S->idA, E2E_LM + E2E_LN, 1));
    CHECK_OK(zp_layout_add(S->L, &S->idB, E2E_LN + E2E_LP, 1));
    CHECK_OK(zp_layout_add(S->L, &S->idV, E2E_LV, 1));
    /* g0 and g1 as two rows of one tensor of 2 x 2^E2E_LC values */
    CHECK_OK(zp_layout_add(S->L, &S->idG, E2E_LC + 1, 0));
    CHECK_OK(zp_layout_finalize(S->L, &S->nv));
    CHECK_OK(zp_layout_pcs_params(S->L, &S->pp, 1, 100));
}

static void wit_make(e2e_wit *W) {
    for (size_t i = 0; i < sizeof W->A / sizeof W->A[0]; i++)
        W->A[i] = zp_fe_from_i64((int8_t)(test_rand_u64() & 0xff));
    for (size_t i = 0; i < sizeof W->B / sizeof W->B[0]; i++)
        W->B[i] = zp_fe_from_i64((int8_t)(test_rand_u64() & 0xff));
    zp_matmul_compute(W->C, W->A, W->B, 1u << E2E_LM, 1u << E2E_LN, 1u << E2E_LP);
    for (size_t i = 0; i < sizeof W->V / sizeof W->V[0]; i++)
        W->V[i] = test_rand_u64() & ((1u << E2E_K) - 1);
}

/* The committed polynomial: A, B, V, their masks and g, from rng. */
static zp_fe *evals_make(const e2e_shape *S, const e2e_wit *W, zp_rng *rng) {
    zp_fe *ev = calloc((size_t)1 << S->nv, sizeof(zp_fe));
    size_t C = (size_t)1 << E2E_LC;
    zp_fe g[2 << E2E_LC];
    memset(g, 0, sizeof g);
    zp_rng rg, rm;
    zp_rng_derive(&rg, rng, "e2e/g");
    zp_rng_derive(&rm, rng, "e2e/masks");
    zp_sc_zk_mask_sample(g, g + C, zp_matmul_sc_vars(E2E_LN), 2, &rg);
    CHECK_OK(zp_layout_put(S->L, ev, S->idA, W->A, sizeof W->A / sizeof W->A[0]));
    CHECK_OK(zp_layout_put(S->L, ev, S->idB, W->B, sizeof W->B / sizeof W->B[0]));
    CHECK_OK(zp_layout_put(S->L, ev, S->idV, W->V, sizeof W->V / sizeof W->V[0]));
    CHECK_OK(zp_layout_put(S->L, ev, S->idG, g, 2 * C));
    CHECK_OK(zp_layout_fill_masks(S->L, ev, &rm));
    return ev;
}

/* Public part of the transcript: the statement. */
static void absorb_statement(zp_transcript *tr, const zp_fe *C) {
    zp_transcript_absorb_u64(tr, "e2e/lm", E2E_LM);
    zp_transcript_absorb_u64(tr, "e2e/ln", E2E_LN);
    zp_transcript_absorb_u64(tr, "e2e/lp", E2E_LP);
    zp_transcript_absorb_u64(tr, "e2e/lv", E2E_LV);
    zp_transcript_absorb_u64(tr, "e2e/k", E2E_K);
    zp_transcript_absorb_fe(tr, "e2e/C", C, (size_t)1 << (E2E_LM + E2E_LP));
}

/* C~(r_j, r_i): the claim of the matmul protocol (C's variable 0 is the low
 * bit of the column index). */
static zp_fe2 c_claim(const zp_fe *C, const zp_fe2 *ri, const zp_fe2 *rj) {
    zp_fe2 z[E2E_LM + E2E_LP];
    memcpy(z, rj, E2E_LP * sizeof(zp_fe2));
    memcpy(z + E2E_LP, ri, E2E_LM * sizeof(zp_fe2));
    return zp_mle_eval(C, z, E2E_LM + E2E_LP);
}

/* Collects the claims of both protocols into a merged claim set (prover and
 * verifier run the same code). */
static zp_err claims_collect(zp_claims **out, const e2e_shape *S,
                             const zp_matmul_claims *mm, const zp_piop_claim *rc) {
    unsigned lc = E2E_LC, lr = S->nv - lc;
    size_t R = (size_t)1 << lr, C = (size_t)1 << lc;
    zp_fe2 *a = calloc(R, sizeof *a), *b = calloc(C, sizeof *b);
    zp_claims *cl = NULL;
    zp_err e = zp_claims_create(&cl, lr, lc);
    if (e == ZP_OK) e = zp_layout_functional(S->L, a, b, S->idA, mm->a.point, 1, mm->a.r_b);
    if (e == ZP_OK) e = zp_claims_add(cl, a, b, mm->a.value);
    if (e == ZP_OK) e = zp_layout_functional(S->L, a, b, S->idB, mm->b.point, 1, mm->b.r_b);
    if (e == ZP_OK) e = zp_claims_add(cl, a, b, mm->b.value);
    if (e == ZP_OK) e = zp_layout_functional(S->L, a, b, S->idV, rc->point, 1, rc->r_b);
    if (e == ZP_OK) e = zp_claims_add(cl, a, b, rc->value);
    if (e == ZP_OK) {
        /* g(r_b, s) = (1, u) [g0; g1] b_g: rows g0, g1 of tensor G */
        uint64_t off;
        e = zp_layout_tensor_info(S->L, S->idG, &off, NULL, NULL, NULL);
        if (e == ZP_OK) {
            memset(a, 0, R * sizeof *a);
            memset(b, 0, C * sizeof *b);
            a[off >> lc].c0 = 1;
            a[(off >> lc) + 1].c1 = 1;
            zp_sc_zk_mask_functional(b, mm->sc.n_vars, mm->sc.degree, mm->sc.res.r_b,
                                     mm->sc.point);
            e = zp_claims_add(cl, a, b, mm->sc.res.g_eval);
        }
    }
    free(a);
    free(b);
    if (e != ZP_OK) {
        zp_claims_free(cl);
        return e;
    }
    *out = cl;
    return ZP_OK;
}

/* Prover.  ev is the committed polynomial; Wp the witness the protocols are
 * run on (an honest prover: the one committed), C the claimed product. */
static zp_err e2e_prove(zp_bytes *pf, const e2e_shape *S, const zp_fe *ev, const e2e_wit *Wp,
                        const zp_fe *C, uint64_t seed, int *consistent) {
    zp_rng rng, rp, rr;
    zp_rng_init_u64(&rng, seed);
    zp_rng_derive(&rp, &rng, "e2e/pcs");
    zp_rng_derive(&rr, &rng, "e2e/range");
    zp_transcript tr;
    zp_transcript_init(&tr, "zkprov-test/piop-e2e");
    zp_bytes_init(pf);
    absorb_statement(&tr, C);
    zp_pcs_prover *pr = NULL;
    zp_digest root;
    zp_err e = zp_pcs_commit(&pr, &root, &S->pp, ev, &rp);
    if (e != ZP_OK) return e;
    zp_fs_send_digest(&tr, pf, "e2e/root", &root, 1);
    zp_fe2 ri[E2E_LM], rj[E2E_LP];
    zp_transcript_challenge_fe2_vec(&tr, "e2e/r-i", ri, E2E_LM);
    zp_transcript_challenge_fe2_vec(&tr, "e2e/r-j", rj, E2E_LP);
    size_t mlA, mlB, mlV;
    const zp_fe *mA = zp_layout_mask_ptr(S->L, ev, S->idA, &mlA);
    const zp_fe *mB = zp_layout_mask_ptr(S->L, ev, S->idB, &mlB);
    const zp_fe *mV = zp_layout_mask_ptr(S->L, ev, S->idV, &mlV);
    uint64_t oG;
    CHECK_OK(zp_layout_tensor_info(S->L, S->idG, &oG, NULL, NULL, NULL));
    zp_piop_tensor tA = {Wp->A, mA, mlA}, tB = {Wp->B, mB, mlB}, tV = {Wp->V, mV, mlV};
    zp_matmul_claims mm;
    zp_piop_claim rc;
    e = zp_matmul_prove(&tr, pf, &mm, &tA, &tB, E2E_LM, E2E_LN, E2E_LP, ri, rj,
                        c_claim(C, ri, rj), ev + oG, ev + oG + ((size_t)1 << E2E_LC));
    if (e == ZP_OK) e = zp_range_prove(&tr, pf, &rc, &tV, E2E_LV, E2E_K, 1, &rr);
    zp_claims *cl = NULL;
    if (e == ZP_OK) e = claims_collect(&cl, S, &mm, &rc);
    if (e == ZP_OK) {
        size_t n;
        const zp_fe2 *const *ma, *const *mb;
        const zp_fe2 *my;
        e = zp_claims_finish(cl, &tr, &n, &ma, &mb, &my);
        zp_fe2 y[ZP_PCS_MAX_CLAIMS];
        if (e == ZP_OK) e = zp_pcs_open(pr, &tr, pf, n, ma, mb, y);
        *consistent = 1;
        for (size_t k = 0; e == ZP_OK && k < n; k++) *consistent &= gl2_eq(y[k], my[k]);
        /* the PCS allows one opening per commitment */
        if (e == ZP_OK) CHECK(zp_pcs_open(pr, &tr, pf, n, ma, mb, y) == ZP_ERR_ARG);
    }
    zp_claims_free(cl);
    zp_pcs_prover_free(pr);
    return e;
}

static zp_err e2e_verify(const zp_bytes *pf, size_t len, const e2e_shape *S, const zp_fe *C) {
    zp_transcript tr;
    zp_transcript_init(&tr, "zkprov-test/piop-e2e");
    zp_reader rd;
    zp_reader_init(&rd, pf->data, len);
    absorb_statement(&tr, C);
    zp_digest root;
    zp_err e = zp_fs_recv_digest(&tr, &rd, "e2e/root", &root, 1);
    if (e != ZP_OK) return e;
    zp_fe2 ri[E2E_LM], rj[E2E_LP];
    zp_transcript_challenge_fe2_vec(&tr, "e2e/r-i", ri, E2E_LM);
    zp_transcript_challenge_fe2_vec(&tr, "e2e/r-j", rj, E2E_LP);
    zp_matmul_claims mm;
    zp_piop_claim rc;
    e = zp_matmul_verify(&tr, &rd, &mm, E2E_LM, E2E_LN, E2E_LP, ri, rj, c_claim(C, ri, rj), 1);
    if (e == ZP_OK) e = zp_range_verify(&tr, &rd, &rc, E2E_LV, E2E_K, 1);
    zp_claims *cl = NULL;
    if (e == ZP_OK) e = claims_collect(&cl, S, &mm, &rc);
    if (e == ZP_OK) {
        size_t n;
        const zp_fe2 *const *ma, *const *mb;
        const zp_fe2 *my;
        e = zp_claims_finish(cl, &tr, &n, &ma, &mb, &my);
        if (e == ZP_OK) e = zp_pcs_verify(&S->pp, &root, &tr, &rd, n, ma, mb, my);
    }
    if (e == ZP_OK) e = zp_reader_finish(&rd);
    zp_claims_free(cl);
    return e;
}

TEST(piop_e2e_matmul_range_one_commitment) {
    e2e_shape S;
    shape_make(&S);
    e2e_wit *W = malloc(sizeof *W);
    wit_make(W);
    zp_rng rng;
    zp_rng_init_u64(&rng, test_rand_u64());
    zp_fe *ev = evals_make(&S, W, &rng);
    zp_bytes pf;
    int consistent = 0;
    CHECK_OK(e2e_prove(&pf, &S, ev, W, W->C, 21, &consistent));
    CHECK(consistent);
    CHECK_OK(e2e_verify(&pf, pf.len, &S, W->C));
    CHECK(e2e_verify(&pf, pf.len - 1, &S, W->C) != ZP_OK);
    /* a statement with another C: the transcript and the claim differ */
    zp_fe C2[1 << (E2E_LM + E2E_LP)];
    memcpy(C2, W->C, sizeof C2);
    C2[test_rand_u64() % (sizeof C2 / sizeof C2[0])] ^= 1;
    CHECK(e2e_verify(&pf, pf.len, &S, C2) != ZP_OK);
    /* a sample of bit flips across every section */
    size_t step = pf.len / 151 + 1, accepted = 0;
    for (size_t i = 0; i < pf.len; i += step) {
        pf.data[i] ^= (uint8_t)(1u << (i % 8));
        if (e2e_verify(&pf, pf.len, &S, W->C) == ZP_OK) accepted++;
        pf.data[i] ^= (uint8_t)(1u << (i % 8));
    }
    CHECK(accepted == 0);
    printf("  matmul %ux%ux%u + range 2^%u in [0, 2^%u): layout 2^%u, proof %zu bytes\n",
           1u << E2E_LM, 1u << E2E_LN, 1u << E2E_LP, E2E_LV, E2E_K, S.nv, pf.len);
    /* another witness, same shape: same proof length */
    e2e_wit *W2 = malloc(sizeof *W2);
    wit_make(W2);
    zp_fe *ev2 = evals_make(&S, W2, &rng);
    zp_bytes pf2;
    CHECK_OK(e2e_prove(&pf2, &S, ev2, W2, W2->C, 22, &consistent));
    CHECK_OK(e2e_verify(&pf2, pf2.len, &S, W2->C));
    CHECK(pf2.len == pf.len);
    zp_bytes_free(&pf);
    zp_bytes_free(&pf2);
    free(ev);
    free(ev2);
    free(W);
    free(W2);
    zp_layout_free(S.L);
}

/* A wrong product entry in the statement: prover and verifier agree on C',
 * the prover runs the protocol honestly on the committed A, B. */
TEST(piop_e2e_wrong_product_rejected) {
    e2e_shape S;
    shape_make(&S);
    e2e_wit *W = malloc(sizeof *W);
    wit_make(W);
    zp_rng rng;
    zp_rng_init_u64(&rng, test_rand_u64());
    zp_fe *ev = evals_make(&S, W, &rng);
    zp_fe C2[1 << (E2E_LM + E2E_LP)];
    memcpy(C2, W->C, sizeof C2);
    size_t j = test_rand_u64() % (sizeof C2 / sizeof C2[0]);
    C2[j] = gl_add(C2[j], 1);
    zp_bytes pf;
    int consistent = 0;
    CHECK_OK(e2e_prove(&pf, &S, ev, W, C2, 23, &consistent));
    CHECK(e2e_verify(&pf, pf.len, &S, C2) == ZP_ERR_VERIFY);
    zp_bytes_free(&pf);
    free(ev);
    free(W);
    zp_layout_free(S.L);
}

/* Witness changed after the commitment: the protocols run on A' (and a
 * statement C' = A' B that is true for A') or on V' (still in range), but
 * the PCS opening is of the committed A / V. */
TEST(piop_e2e_modified_witness_rejected) {
    e2e_shape S;
    shape_make(&S);
    e2e_wit *W = malloc(sizeof *W), *W2 = malloc(sizeof *W2);
    wit_make(W);
    zp_rng rng;
    zp_rng_init_u64(&rng, test_rand_u64());
    zp_fe *ev = evals_make(&S, W, &rng);
    for (int which = 0; which < 2; which++) {
        memcpy(W2, W, sizeof *W);
        if (which == 0) {
            size_t i = test_rand_u64() % (sizeof W2->A / sizeof W2->A[0]);
            W2->A[i] = gl_add(W2->A[i], 1);
            zp_matmul_compute(W2->C, W2->A, W2->B, 1u << E2E_LM, 1u << E2E_LN,
                              1u << E2E_LP);
        } else {
            size_t i = test_rand_u64() % (sizeof W2->V / sizeof W2->V[0]);
            W2->V[i] = (W2->V[i] + 1) & ((1u << E2E_K) - 1);
        }
        zp_bytes pf;
        int consistent = 1;
        CHECK_OK(e2e_prove(&pf, &S, ev, W2, W2->C, 24, &consistent));
        CHECK(!consistent); /* the committed values differ from the claims */
        CHECK(e2e_verify(&pf, pf.len, &S, W2->C) == ZP_ERR_VERIFY);
        zp_bytes_free(&pf);
    }
    free(ev);
    free(W);
    free(W2);
    zp_layout_free(S.L);
}
