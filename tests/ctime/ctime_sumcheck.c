/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Constant-time check (valgrind) of the zero-knowledge sumcheck prover and its mask polynomial. */
#include <stdlib.h>
#include <string.h>

#include "ctime.h"
#include "zkprov/pcs.h"
#include "zkprov/piop.h"

CT_REQUIRE_VALGRIND()

#define DOMAIN "zkprov-test/ctime-sumcheck"
#define NV 6
#define NT 3
#define MASK_LEN 4

/* Witness tables A (base), B (base), E (extension), their masks, and a
 * public extension table C (no mask). */
typedef struct {
    zp_fe A[1 << NV], B[1 << NV], mA[MASK_LEN], mB[MASK_LEN];
    zp_fe2 E[1 << NV], mE[MASK_LEN], C[1 << NV];
} wit_t;

static zp_fe rnd(void) { return zp_fe_from_u64(test_rand_u64()); }
static zp_fe2 rnd2(void) { return (zp_fe2){rnd(), rnd()}; }

static void wit_random(wit_t *w) {
    for (size_t i = 0; i < (1u << NV); i++) {
        w->A[i] = rnd();
        w->B[i] = rnd();
        w->E[i] = rnd2();
        w->C[i] = rnd2();
    }
    for (size_t i = 0; i < MASK_LEN; i++) {
        w->mA[i] = rnd();
        w->mB[i] = rnd();
        w->mE[i] = rnd2();
    }
}

/* kind 0: A * B (the two-base-table fast path); kind 1: 3 A B C + E + A E
 * (generic engine: extension tables, a public table, several terms). */
static void inst_make(zp_sc_instance *in, zp_sc_table *t, zp_sc_term *tm, const wit_t *w,
                      int kind) {
    memset(t, 0, NT * sizeof *t);
    memset(tm, 0, 3 * sizeof *tm);
    t[0] = (zp_sc_table){w->A, NULL, w->mA, NULL, MASK_LEN};
    t[1] = (zp_sc_table){w->B, NULL, w->mB, NULL, MASK_LEN};
    t[2] = (zp_sc_table){NULL, w->E, NULL, w->mE, MASK_LEN};
    tm[0].coeff = (zp_fe2){1, 0};
    tm[0].n_factors = 2;
    tm[0].factors[0] = 0;
    tm[0].factors[1] = 1;
    in->n_vars = NV;
    in->tables = t;
    in->terms = tm;
    if (kind == 0) {
        in->n_tables = 2;
        in->n_terms = 1;
        return;
    }
    t[1].base = NULL; /* table 1 becomes the public C */
    t[1].ext = w->C;
    t[1].mask_base = NULL;
    t[1].mask_len = 0;
    tm[0].coeff = (zp_fe2){3, 0};
    tm[0].n_factors = 3;
    tm[0].factors[2] = 2;
    tm[1].coeff = (zp_fe2){1, 0};
    tm[1].n_factors = 1;
    tm[1].factors[0] = 2;
    tm[2].coeff = (zp_fe2){5, 1};
    tm[2].n_factors = 2;
    tm[2].factors[0] = 0;
    tm[2].factors[1] = 2;
    in->n_tables = 3;
    in->n_terms = 3;
}

typedef struct {
    zp_digest root;
    zp_bytes proof;
    zp_fe2 point[NV], evals[NT];
    zp_sc_zk_result res;
    zp_pcs_params gp; /* chosen by zp_sc_zk_mask_commit: public */
    zp_err e;
    int still_secret;
} run_t;

/* Mask sampling and commitment, ZK sumcheck, the masked evaluations sent,
 * and the PCS opening of g at the sumcheck's point.  With secret set, the
 * witness tables, their masks and the rng key are undefined; the claim H
 * (the public statement) is declassified by the caller's code here, every
 * prover message by the library. */
static void run(run_t *o, const wit_t *w_in, int kind, uint64_t seed, int secret) {
    wit_t *w = malloc(sizeof *w);
    zp_bytes_init(&o->proof);
    o->e = ZP_ERR_NOMEM;
    o->still_secret = 0;
    if (!w) return;
    memcpy(w, w_in, sizeof *w);
    zp_sc_instance in;
    zp_sc_table t[NT];
    zp_sc_term tm[3];
    inst_make(&in, t, tm, w, kind);
    unsigned D = zp_sc_degree(&in);
    size_t width = zp_sc_zk_mask_width(NV, D);
    zp_fe *g0 = malloc(width * sizeof *g0), *g1 = malloc(width * sizeof *g1);
    zp_fe2 *bfun = malloc(width * sizeof *bfun);
    zp_rng rng, child;
    zp_rng_init_u64(&rng, seed);
    zp_pcs_prover *pr = NULL;
    if (!g0 || !g1 || !bfun) goto done;
    if (secret) {
        CT_SECRET(w->A, sizeof w->A);
        CT_SECRET(w->B, sizeof w->B);
        CT_SECRET(w->E, sizeof w->E);
        CT_SECRET(w->mA, sizeof w->mA);
        CT_SECRET(w->mB, sizeof w->mB);
        CT_SECRET(w->mE, sizeof w->mE);
        CT_SECRET(rng.key, sizeof rng.key);
    }
    zp_fe2 H = zp_sc_instance_sum(&in);
    CT_PUBLIC(&H, sizeof H); /* the statement: public by definition */
    zp_sc_zk_mask_sample(g0, g1, NV, D, &rng);
    zp_rng_derive(&child, &rng, "ctime/g");
    o->e = zp_sc_zk_mask_commit(&pr, &o->root, &o->gp, g0, g1, NV, D, &child);
    if (o->e != ZP_OK) goto done;
    zp_transcript tr;
    zp_transcript_init(&tr, DOMAIN);
    zp_fs_send_digest(&tr, &o->proof, "g/root", &o->root, 1);
    o->e = zp_sumcheck_zk_prove(&tr, &o->proof, &o->res, o->point, o->evals, &in, H, g0, g1,
                                NULL, 0);
    if (o->e != ZP_OK) goto done;
    zp_fs_send_fe2(&tr, &o->proof, "evals", o->evals, in.n_tables);
    /* y_g = (1, u) [g0; g1] b with b from the public point */
    zp_sc_zk_mask_functional(bfun, NV, D, o->res.r_b, o->point);
    const zp_fe2 arow[2] = {{1, 0}, {0, 1}};
    const zp_fe2 *a[1] = {arow}, *b[1] = {bfun};
    zp_fe2 y;
    o->e = zp_pcs_open(pr, &tr, &o->proof, 1, a, b, &y);
    CT_PUBLIC(&y, sizeof y);
    if (o->e == ZP_OK && !(y.c0 == o->res.g_eval.c0 && y.c1 == o->res.g_eval.c1))
        o->e = ZP_ERR_INTERNAL;
    if (secret)
        o->still_secret = ct_is_secret(w->A, sizeof w->A) && ct_is_secret(w->mE, sizeof w->mE) &&
                          ct_is_secret(g0, width * sizeof *g0) &&
                          ct_is_secret(rng.key, sizeof rng.key);
    CT_PUBLIC(&o->res, sizeof o->res); /* r_b, rho, g_eval: all in the proof */
done:
    zp_pcs_prover_free(pr);
    if (g0) zp_memzero(g0, width * sizeof *g0);
    if (g1) zp_memzero(g1, width * sizeof *g1);
    zp_memzero(w, sizeof *w);
    free(g0);
    free(g1);
    free(bfun);
    free(w);
}

/* The verifier on the (public) proof, and the masked evaluations against
 * the tables computed directly. */
static void verify(const run_t *g, const wit_t *w, int kind) {
    zp_sc_instance in;
    zp_sc_table t[NT];
    zp_sc_term tm[3];
    inst_make(&in, t, tm, w, kind);
    unsigned D = zp_sc_degree(&in);
    zp_fe2 H = zp_sc_instance_sum(&in);
    zp_transcript tr;
    zp_reader rd;
    zp_transcript_init(&tr, DOMAIN);
    zp_reader_init(&rd, g->proof.data, g->proof.len);
    zp_digest root;
    zp_sc_zk_result res;
    zp_fe2 pt[NV], ev[NT];
    CHECK_OK(zp_fs_recv_digest(&tr, &rd, "g/root", &root, 1));
    CHECK_OK(zp_sumcheck_zk_verify(&tr, &rd, &res, pt, NV, D, H));
    CHECK_OK(zp_fs_recv_fe2(&tr, &rd, "evals", ev, in.n_tables));
    CHECK_OK(zp_sumcheck_zk_check_final(&res, tm, in.n_terms, ev, in.n_tables));
    size_t width = zp_sc_zk_mask_width(NV, D);
    unsigned lw = 0;
    while (((size_t)1 << lw) < width) lw++;
    zp_fe2 *bfun = malloc(width * sizeof *bfun);
    CHECK(bfun != NULL);
    if (!bfun) return;
    zp_sc_zk_mask_functional(bfun, NV, D, res.r_b, pt);
    const zp_fe2 arow[2] = {{1, 0}, {0, 1}};
    const zp_fe2 *a[1] = {arow}, *b[1] = {bfun};
    CHECK(g->gp.n_vars == lw + 1 && g->gp.log_cols == lw);
    CHECK_OK(zp_pcs_verify(&g->gp, &root, &tr, &rd, 1, a, b, &res.g_eval));
    CHECK_OK(zp_reader_finish(&rd));
    free(bfun);
    /* masked evaluations: (1 - r_b) T(z) + r_b R(z), R periodic in the low
     * log2(MASK_LEN) variables */
    zp_fe2 one = {1, 0}, omr = zp_fe2_sub(one, res.r_b);
    zp_fe2 wantA = zp_fe2_add(zp_fe2_mul(omr, zp_mle_eval(w->A, pt, NV)),
                              zp_fe2_mul(res.r_b, zp_mle_eval(w->mA, pt, 2)));
    CHECK(ev[0].c0 == wantA.c0 && ev[0].c1 == wantA.c1);
    if (kind == 1) {
        zp_fe2 wantE = zp_fe2_add(zp_fe2_mul(omr, zp_mle_eval2(w->E, pt, NV)),
                                  zp_fe2_mul(res.r_b, zp_mle_eval2(w->mE, pt, 2)));
        zp_fe2 wantC = zp_mle_eval2(w->C, pt, NV); /* public: unmasked */
        CHECK(ev[2].c0 == wantE.c0 && ev[2].c1 == wantE.c1);
        CHECK(ev[1].c0 == wantC.c0 && ev[1].c1 == wantC.c1);
    }
}

static void one_kind(int kind) {
    wit_t *w = malloc(sizeof *w);
    CHECK(w != NULL);
    if (!w) return;
    wit_random(w);
    uint64_t seed = test_rand_u64();
    run_t pub, sec;
    run(&pub, w, kind, seed, 0);
    run(&sec, w, kind, seed, 1);
    CHECK_OK(pub.e);
    CHECK_OK(sec.e);
    CHECK(sec.still_secret);
    CHECK(sec.proof.len == pub.proof.len &&
          memcmp(sec.proof.data, pub.proof.data, sec.proof.len) == 0);
    if (sec.e == ZP_OK) verify(&sec, w, kind);
    zp_bytes_free(&pub.proof);
    zp_bytes_free(&sec.proof);
    free(w);
}

TEST(ct_zk_sumcheck_prod2) { one_kind(0); }
TEST(ct_zk_sumcheck_generic) { one_kind(1); }
