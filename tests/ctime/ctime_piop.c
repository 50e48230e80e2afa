/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Constant-time check (valgrind) of the ZK matrix and Hadamard products and the witness layout. */
#include <stdlib.h>
#include <string.h>

#include "ctime.h"
#include "zkprov/pcs.h"
#include "zkprov/piop.h"

CT_REQUIRE_VALGRIND()

#define DOMAIN "zkprov-test/ctime-piop"
#define LM 2
#define LN 3
#define LP 2
#define MASK_LEN 4

static zp_fe rnd(void) { return zp_fe_from_u64(test_rand_u64()); }
static zp_fe2 rnd2(void) { return (zp_fe2){rnd(), rnd()}; }
static void fill(zp_fe *v, size_t n) {
    for (size_t i = 0; i < n; i++) v[i] = rnd();
}

/* Witness of the products: A (2^LM x 2^LN), B (2^LN x 2^LP), their masks,
 * and the random points of the statements. */
typedef struct {
    zp_fe A[1 << (LM + LN)], B[1 << (LN + LP)], mA[MASK_LEN], mB[MASK_LEN];
} wit_t;
typedef struct {
    zp_fe2 r_i[LM], r_j[LP], r_h[LM + LN];
    uint64_t seed;
} pub_t;

typedef struct {
    zp_bytes proof;
    zp_matmul_claims mm;
    zp_hadamard_claims hd;
    zp_err e;
    int still_secret;
} run_t;

/* C~(r_j, r_i) for C = A B and (A o A')~(r) with A' = A: the statements,
 * public by definition (the caller declassifies them). */
static zp_fe2 mm_claim(const wit_t *w, const pub_t *q) {
    zp_fe C[1 << (LM + LP)];
    zp_matmul_compute(C, w->A, w->B, 1u << LM, 1u << LN, 1u << LP);
    zp_fe2 z[LM + LP];
    memcpy(z, q->r_j, sizeof q->r_j);
    memcpy(z + LP, q->r_i, sizeof q->r_i);
    return zp_mle_eval(C, z, LM + LP);
}
static zp_fe2 hd_claim(const wit_t *w, const pub_t *q) {
    zp_fe C[1 << (LM + LN)];
    for (size_t i = 0; i < (1u << (LM + LN)); i++) C[i] = zp_fe_mul(w->A[i], w->A[i]);
    return zp_mle_eval(C, q->r_h, LM + LN);
}

static void run(run_t *o, const wit_t *w_in, const pub_t *q, int secret) {
    zp_bytes_init(&o->proof);
    o->e = ZP_ERR_NOMEM;
    o->still_secret = 0;
    wit_t *w = malloc(sizeof *w);
    unsigned nv_m = zp_matmul_sc_vars(LN), nv_h = zp_hadamard_sc_vars(LM + LN);
    size_t wm = zp_sc_zk_mask_width(nv_m, 2), wh = zp_sc_zk_mask_width(nv_h, 3);
    zp_fe *g = malloc(2 * (wm + wh) * sizeof *g);
    if (!w || !g) goto done;
    memcpy(w, w_in, sizeof *w);
    zp_rng rng;
    zp_rng_init_u64(&rng, q->seed);
    if (secret) {
        CT_SECRET(w, sizeof *w);
        CT_SECRET(rng.key, sizeof rng.key);
    }
    zp_sc_zk_mask_sample(g, g + wm, nv_m, 2, &rng);
    zp_sc_zk_mask_sample(g + 2 * wm, g + 2 * wm + wh, nv_h, 3, &rng);
    zp_piop_tensor A = {w->A, w->mA, MASK_LEN}, B = {w->B, w->mB, MASK_LEN};
    zp_transcript tr;
    zp_transcript_init(&tr, DOMAIN);
    zp_fe2 cm = mm_claim(w, q), ch = hd_claim(w, q);
    CT_PUBLIC(&cm, sizeof cm);
    CT_PUBLIC(&ch, sizeof ch);
    o->e = zp_matmul_prove(&tr, &o->proof, &o->mm, &A, &B, LM, LN, LP, q->r_i, q->r_j, cm, g,
                           g + wm);
    if (o->e == ZP_OK)
        o->e = zp_hadamard_prove(&tr, &o->proof, &o->hd, &A, &A, LM + LN, q->r_h, ch,
                                 g + 2 * wm, g + 2 * wm + wh);
    if (secret)
        o->still_secret = ct_is_secret(w->A, sizeof w->A) && ct_is_secret(w->mB, sizeof w->mB) &&
                          ct_is_secret(g, 2 * (wm + wh) * sizeof *g);
    /* the claims left for the caller are masked values it will open: the
     * caller's declassification */
    CT_PUBLIC(&o->mm, sizeof o->mm);
    CT_PUBLIC(&o->hd, sizeof o->hd);
done:
    if (w) zp_memzero(w, sizeof *w);
    if (g) zp_memzero(g, 2 * (wm + wh) * sizeof *g);
    free(w);
    free(g);
}

static int claim_eq(const zp_piop_claim *x, const zp_piop_claim *y) {
    return x->n_vars == y->n_vars && x->value.c0 == y->value.c0 && x->value.c1 == y->value.c1 &&
           x->r_b.c0 == y->r_b.c0 && x->r_b.c1 == y->r_b.c1 &&
           memcmp(x->point, y->point, x->n_vars * sizeof x->point[0]) == 0;
}

TEST(ct_matmul_hadamard_zk) {
    wit_t *w = malloc(sizeof *w);
    CHECK(w != NULL);
    if (!w) return;
    fill(w->A, sizeof w->A / sizeof w->A[0]);
    fill(w->B, sizeof w->B / sizeof w->B[0]);
    fill(w->mA, MASK_LEN);
    fill(w->mB, MASK_LEN);
    pub_t q;
    for (int i = 0; i < LM; i++) q.r_i[i] = rnd2();
    for (int i = 0; i < LP; i++) q.r_j[i] = rnd2();
    for (int i = 0; i < LM + LN; i++) q.r_h[i] = rnd2();
    q.seed = test_rand_u64();
    run_t pub, sec;
    run(&pub, w, &q, 0);
    run(&sec, w, &q, 1);
    CHECK_OK(pub.e);
    CHECK_OK(sec.e);
    CHECK(sec.still_secret);
    CHECK(sec.proof.len == pub.proof.len &&
          memcmp(sec.proof.data, pub.proof.data, sec.proof.len) == 0);
    CHECK(claim_eq(&sec.mm.a, &pub.mm.a) && claim_eq(&sec.mm.b, &pub.mm.b));
    CHECK(claim_eq(&sec.hd.a, &pub.hd.a) && claim_eq(&sec.hd.b, &pub.hd.b));
    /* the verifier accepts and derives the same claims */
    zp_transcript tr;
    zp_reader rd;
    zp_transcript_init(&tr, DOMAIN);
    zp_reader_init(&rd, sec.proof.data, sec.proof.len);
    zp_matmul_claims mm;
    zp_hadamard_claims hd;
    CHECK_OK(zp_matmul_verify(&tr, &rd, &mm, LM, LN, LP, q.r_i, q.r_j, mm_claim(w, &q), 1));
    CHECK_OK(zp_hadamard_verify(&tr, &rd, &hd, LM + LN, q.r_h, hd_claim(w, &q), 1));
    CHECK_OK(zp_reader_finish(&rd));
    CHECK(claim_eq(&mm.a, &sec.mm.a) && claim_eq(&mm.b, &sec.mm.b));
    CHECK(claim_eq(&hd.a, &sec.hd.a));
    /* the masked claim on A is (1 - r_b) A~(z) + r_b R~(z) */
    zp_fe2 one = {1, 0}, rb = mm.a.r_b;
    zp_fe2 want = zp_fe2_add(zp_fe2_mul(zp_fe2_sub(one, rb), zp_mle_eval(w->A, mm.a.point, LM + LN)),
                             zp_fe2_mul(rb, zp_mle_eval(w->mA, mm.a.point, 2)));
    CHECK(want.c0 == mm.a.value.c0 && want.c1 == mm.a.value.c1);
    zp_bytes_free(&pub.proof);
    zp_bytes_free(&sec.proof);
    free(w);
}

/* The witness layout: tensors placed, masks filled from a secret rng, a
 * masked functional evaluated on the secret polynomial. */
TEST(ct_layout_masks) {
    zp_layout *L = NULL;
    CHECK_OK(zp_layout_create(&L, 3));
    if (!L) return;
    size_t id0, id1;
    unsigned nv;
    CHECK_OK(zp_layout_add(L, &id0, 5, 1));
    CHECK_OK(zp_layout_add(L, &id1, 2, 1));
    CHECK_OK(zp_layout_finalize(L, &nv));
    size_t n = (size_t)1 << nv;
    zp_fe *ev_w = calloc(n, sizeof(zp_fe)), *ev_g = calloc(n, sizeof(zp_fe));
    zp_fe t0[32], t1[4];
    fill(t0, 32);
    fill(t1, 4);
    uint64_t seed = test_rand_u64();
    zp_fe2 z[5];
    for (int i = 0; i < 5; i++) z[i] = rnd2();
    zp_fe2 rb = rnd2();
    unsigned lr = nv - 3;
    zp_fe2 *a = malloc(((size_t)1 << lr) * sizeof *a), *b = malloc(8 * sizeof *b);
    CHECK(ev_w && ev_g && a && b);
    if (ev_w && ev_g && a && b) {
        for (int pass = 0; pass < 2; pass++) {
            zp_fe *ev = pass ? ev_g : ev_w;
            zp_rng rng;
            zp_rng_init_u64(&rng, seed);
            if (pass) {
                CT_SECRET(t0, sizeof t0);
                CT_SECRET(t1, sizeof t1);
                CT_SECRET(rng.key, sizeof rng.key);
            }
            CHECK_OK(zp_layout_put(L, ev, id0, t0, 32));
            CHECK_OK(zp_layout_put(L, ev, id1, t1, 4));
            CHECK_OK(zp_layout_fill_masks(L, ev, &rng));
            if (pass) {
                CHECK(ct_is_secret(ev, n * sizeof *ev));
                CT_PUBLIC(t0, sizeof t0);
                CT_PUBLIC(t1, sizeof t1);
            }
        }
        /* y = a^T M b on the secret matrix, the value a PCS opening
         * would claim */
        CHECK_OK(zp_layout_functional(L, a, b, id0, z, 1, rb));
        zp_fe2 yw = {0, 0}, yg = {0, 0};
        for (size_t r = 0; r < ((size_t)1 << lr); r++)
            for (size_t c = 0; c < 8; c++) {
                zp_fe2 ab = zp_fe2_mul(a[r], b[c]);
                yw = zp_fe2_add(yw, zp_fe2_mul_fe(ab, ev_w[r * 8 + c]));
                yg = zp_fe2_add(yg, zp_fe2_mul_fe(ab, ev_g[r * 8 + c]));
            }
        CHECK(ct_is_secret(&yg, sizeof yg));
        CT_PUBLIC(&yg, sizeof yg);
        CT_PUBLIC(ev_g, n * sizeof *ev_g);
        CHECK(yg.c0 == yw.c0 && yg.c1 == yw.c1);
        CHECK(memcmp(ev_g, ev_w, n * sizeof *ev_g) == 0);
        size_t ml = 0;
        const zp_fe *mk = zp_layout_mask_ptr(L, ev_w, id0, &ml);
        CHECK(mk != NULL && ml >= 2);
        if (mk) {
            zp_fe2 one = {1, 0};
            zp_fe2 want = zp_fe2_add(zp_fe2_mul(zp_fe2_sub(one, rb), zp_mle_eval(t0, z, 5)),
                                     zp_fe2_mul(rb, zp_mle_eval(mk, z, (unsigned)__builtin_ctzll(ml))));
            CHECK(want.c0 == yw.c0 && want.c1 == yw.c1);
        }
    }
    free(ev_w);
    free(ev_g);
    free(a);
    free(b);
    zp_layout_free(L);
}
