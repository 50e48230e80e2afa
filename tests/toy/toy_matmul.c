/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Exhaustive soundness of the matrix-product verifier (2 x 2 times 2 x 2)
 * over F_97: every cheating sumcheck message against every challenge. */
#include "toy_common.h"

/* C = A B, A, B 2 x 2 row-major; statement C~(r_j, r_i) = claim. */
typedef struct {
    zp_fe A[4], B[4];
    zp_fe2 r_i, r_j;
} mm_inst;

static zp_fe2 true_claim(const mm_inst *I) {
    zp_fe C[4];
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
            C[2 * i + j] = (I->A[2 * i] * I->B[j] + I->A[2 * i + 1] * I->B[2 + j]) % P;
    zp_fe2 z[2] = {I->r_j, I->r_i};
    return toy_mle(C, 2, z);
}

static zp_transcript TR0;
static long n_bad;

/* Runs the real zp_matmul_verify (plain) on the sumcheck message msg[m]
 * with the challenge s, the cheater then sending the TRUE evaluations
 * A~(s, r_i), B~(r_j, s) (every other value fails the caller's openings,
 * checked below for a sample).  Returns 1 iff the verifier accepts and
 * both claims it leaves are true. */
static int mm_accepts(const mm_inst *I, const zp_fe2 *msg, unsigned m, zp_fe2 claim, zp_fe2 s,
                      const zp_fe2 *ab_override) {
    zp_fe2 za[2] = {s, I->r_i}, zb[2] = {I->r_j, s};
    zp_fe2 a = toy_mle(I->A, 2, za), b = toy_mle(I->B, 2, zb);
    if (ab_override) {
        a = ab_override[0];
        b = ab_override[1];
    }
    toy_proof pf = {.len = 0};
    for (unsigned k = 0; k < m; k++) toy_put(&pf, msg[k]);
    toy_put(&pf, a);
    toy_put(&pf, b);
    zp_transcript tr = TR0;
    zp_reader rd;
    zp_reader_init(&rd, pf.buf, pf.len);
    zp_matmul_claims out;
    zp_transcript_toy_feed(&s, 1);
    zp_err e = zp_matmul_verify(&tr, &rd, &out, 1, 1, 1, &I->r_i, &I->r_j, claim, 0);
    size_t left = zp_transcript_toy_fed_left();
    zp_transcript_toy_feed(NULL, 0);
    if (e != ZP_OK) return 0;
    if (left != 0 || zp_reader_finish(&rd) != ZP_OK) n_bad++;
    /* the claims name the points the protocol says */
    if (out.a.n_vars != 2 || !gl2_eq(out.a.point[0], s) || !gl2_eq(out.a.point[1], I->r_i) ||
        out.b.n_vars != 2 || !gl2_eq(out.b.point[0], I->r_j) || !gl2_eq(out.b.point[1], s))
        n_bad++;
    return gl2_eq(out.a.value, toy_mle(I->A, 2, out.a.point)) &&
           gl2_eq(out.b.value, toy_mle(I->B, 2, out.b.point));
}

/* For every message in F_97^m (s(0), s(2) or, weakened, s(0), s(1), s(2))
 * the number of challenges s in F_97 (ext = 0) or F_97^2 (ext = 1) that
 * pass; returns the largest.  n_sample > 0: that many random F_97^2
 * messages instead. */
static unsigned mm_max(const mm_inst *I, zp_fe2 claim, unsigned m, int ext, size_t n_sample) {
    size_t n_msg = 1;
    for (unsigned k = 0; k < m; k++) n_msg *= P;
    if (n_sample) n_msg = n_sample;
    unsigned best = 0;
    for (size_t idx = 0; idx < n_msg; idx++) {
        zp_fe2 msg[3];
        size_t v = idx;
        for (unsigned k = 0; k < m; k++) {
            msg[k] = n_sample ? fe2(toy_rand(), toy_rand()) : fe2_of(v % P);
            v /= P;
        }
        unsigned cnt = 0;
        for (size_t c = 0; c < (ext ? P2 : P); c++)
            cnt += (unsigned)mm_accepts(I, msg, m, claim, toy_challenge(c, ext), NULL);
        if (cnt > best) best = cnt;
    }
    return best;
}

static void inst_rand(mm_inst *I, int ext) {
    for (int k = 0; k < 4; k++) {
        I->A[k] = toy_rand();
        I->B[k] = toy_rand();
    }
    I->r_i = fe2(toy_rand(), ext ? toy_rand() : 0);
    I->r_j = fe2(toy_rand(), ext ? toy_rand() : 0);
}

/* Completeness over the toy field (Fiat-Shamir, the library's prover),
 * 2 x 2 x 2 and 2 x 4 x 2. */
TEST(mm_honest_toy) {
    for (unsigned log_n = 1; log_n <= 2; log_n++) {
        for (int it = 0; it < 50; it++) {
            size_t n = (size_t)1 << log_n;
            zp_fe A[8], B[8], C[4];
            for (size_t k = 0; k < 2 * n; k++) {
                A[k] = toy_rand();
                B[k] = toy_rand();
            }
            zp_matmul_compute(C, A, B, 2, n, 2);
            zp_fe2 ri = fe2(toy_rand(), toy_rand()), rj = fe2(toy_rand(), toy_rand());
            zp_fe2 z[2] = {rj, ri};
            zp_fe2 claim = toy_mle(C, 2, z);
            zp_piop_tensor tA = {A, NULL, 0}, tB = {B, NULL, 0};
            zp_transcript tp, tv;
            zp_transcript_init(&tp, "toy/mm");
            tv = tp;
            zp_bytes proof;
            zp_bytes_init(&proof);
            zp_matmul_claims pc, vc;
            CHECK_OK(zp_matmul_prove(&tp, &proof, &pc, &tA, &tB, 1, log_n, 1, &ri, &rj, claim,
                                     NULL, NULL));
            CHECK(proof.len == zp_matmul_proof_bytes(log_n, 0));
            zp_reader rd;
            zp_reader_init(&rd, proof.data, proof.len);
            CHECK_OK(zp_matmul_verify(&tv, &rd, &vc, 1, log_n, 1, &ri, &rj, claim, 0));
            CHECK_OK(zp_reader_finish(&rd));
            CHECK(gl2_eq(vc.a.value, toy_mle(A, log_n + 1, vc.a.point)));
            CHECK(gl2_eq(vc.b.value, toy_mle(B, log_n + 1, vc.b.point)));
            zp_bytes_free(&proof);
        }
    }
}

/* Every base message (s(0), s(2)) in F_97^2 against every challenge in
 * F_97, for false claims on random 2 x 2 instances (4 of them; with
 * ZP_TOY_ALL 24): at most 2 challenges pass (degree 2); the bound is
 * reached.  Then challenges in all of F_97^2 (instance and claim in
 * F_97^2, 40 random F_97^2 messages): at most 2 of 9409. */
TEST(mm_exhaustive) {
    zp_transcript_init(&TR0, "toy/mm1");
    n_bad = 0;
    const int n_inst = getenv("ZP_TOY_ALL") ? 24 : 4;
    unsigned worst = 0;
    for (int it = 0; it < n_inst; it++) {
        mm_inst I;
        inst_rand(&I, 0);
        zp_fe2 claim = gl2_add(true_claim(&I), fe2_of(1 + toy_rand() % (P - 1)));
        unsigned m = mm_max(&I, claim, 2, 0, 0);
        if (m > worst) worst = m;
    }
    CHECK(worst == 2);
    printf("  2x2 matmul, %d instances x 9409 messages x 97 challenges: best cheater "
           "passes %u/97 (bound 2/97)\n", n_inst, worst);
    unsigned worst_x = 0;
    for (int it = 0; it < 2; it++) {
        mm_inst I;
        inst_rand(&I, 1);
        zp_fe2 claim = gl2_add(true_claim(&I), fe2(toy_rand(), 1 + toy_rand() % (P - 1)));
        unsigned m = mm_max(&I, claim, 2, 1, 40);
        if (m > worst_x) worst_x = m;
    }
    CHECK(worst_x <= 2);
    printf("  2x2 matmul, r in F_97^2, 2 instances x 40 sampled messages: best %u/9409 "
           "(bound 2/9409)\n", worst_x);
    /* the evaluations: for sampled (message, challenge) pairs, of all
     * (a, b) in F_97^2 only the true pair passes the openings */
    mm_inst I;
    inst_rand(&I, 0);
    zp_fe2 claim = gl2_add(true_claim(&I), fe2(7, 0));
    for (int k = 0; k < 4; k++) {
        zp_fe2 msg[2] = {fe2_of(toy_rand()), fe2_of(toy_rand())};
        zp_fe2 s = fe2_of(toy_rand());
        unsigned pass = 0;
        for (size_t ab = 0; ab < P2; ab++) {
            zp_fe2 v[2] = {fe2_of(ab % P), fe2_of(ab / P)};
            pass += (unsigned)mm_accepts(&I, msg, 2, claim, s, v);
        }
        CHECK(pass <= 1);
    }
    CHECK(n_bad == 0);
}

/* The counts can fail: without the final check (zp_toy_weak_skip_final)
 * or without the round check (zp_toy_weak_sc_round = 0) some message
 * passes every challenge. */
TEST(mm_weak_verifier_caught) {
    zp_transcript_init(&TR0, "toy/mmw");
    n_bad = 0;
    mm_inst I;
    inst_rand(&I, 0);
    zp_fe2 claim = gl2_add(true_claim(&I), fe2(1, 0));
    zp_toy_weak_skip_final = 1;
    unsigned m1 = mm_max(&I, claim, 2, 0, 0);
    zp_toy_weak_skip_final = 0;
    /* no round check: messages (s(0), s(1), s(2)); the cheater's family
     * s(0), s(2) of the true g(X) = A~(X, r_i) B~(r_j, X), s(1) free */
    zp_fe2 g[3];
    for (unsigned x = 0; x < 3; x++) {
        zp_fe2 za[2] = {fe2_of(x), I.r_i}, zb[2] = {I.r_j, fe2_of(x)};
        g[x] = gl2_mul(toy_mle(I.A, 2, za), toy_mle(I.B, 2, zb));
    }
    zp_toy_weak_sc_round = 0;
    unsigned m2 = 0;
    for (size_t s1 = 0; s1 < P; s1++) {
        zp_fe2 msg[3] = {g[0], fe2_of(s1), g[2]};
        unsigned cnt = 0;
        for (size_t c = 0; c < P; c++)
            cnt += (unsigned)mm_accepts(&I, msg, 3, claim, fe2_of(c), NULL);
        if (cnt > m2) m2 = cnt;
    }
    zp_toy_weak_sc_round = -1;
    unsigned m0 = mm_max(&I, claim, 2, 0, 0);
    CHECK(m1 == P && m2 == P && m0 <= 2);
    CHECK(n_bad == 0);
    printf("  weakened: no final check %u/97, no round check %u/97 (real verifier %u/97)\n",
           m1, m2, m0);
}

/* Hadamard product C = A o B over one variable (2 values): claim =
 * C~(r) = sum_x eq(r, x) A(x) B(x), one sumcheck round of degree 3.  The
 * real zp_hadamard_verify with the cheater's message (s(0), s(2), s(3))
 * and the true A~(s), B~(s) afterwards.  s(0), s(2) take every value in
 * F_97 and s(3) 4 random ones (all 97 with ZP_TOY_ALL: 88.5 million
 * runs); at most 3 of the 97 challenges pass (degree 3). */
static int had_accepts(const zp_fe *A, const zp_fe *B, zp_fe2 r, const zp_fe2 *msg,
                       zp_fe2 claim, zp_fe2 s) {
    zp_fe2 a = toy_mle(A, 1, &s), b = toy_mle(B, 1, &s);
    toy_proof pf = {.len = 0};
    for (int k = 0; k < 3; k++) toy_put(&pf, msg[k]);
    toy_put(&pf, a);
    toy_put(&pf, b);
    zp_transcript tr = TR0;
    zp_reader rd;
    zp_reader_init(&rd, pf.buf, pf.len);
    zp_hadamard_claims out;
    zp_transcript_toy_feed(&s, 1);
    zp_err e = zp_hadamard_verify(&tr, &rd, &out, 1, &r, claim, 0);
    size_t left = zp_transcript_toy_fed_left();
    zp_transcript_toy_feed(NULL, 0);
    if (e != ZP_OK) return 0;
    if (left != 0 || zp_reader_finish(&rd) != ZP_OK || !gl2_eq(out.a.point[0], s) ||
        !gl2_eq(out.b.point[0], s))
        n_bad++;
    return gl2_eq(out.a.value, toy_mle(A, 1, out.a.point)) &&
           gl2_eq(out.b.value, toy_mle(B, 1, out.b.point));
}

TEST(hadamard_exhaustive) {
    zp_transcript_init(&TR0, "toy/had");
    n_bad = 0;
    zp_fe A[2] = {toy_rand(), toy_rand()}, B[2] = {toy_rand(), toy_rand()};
    zp_fe2 r = fe2_of(toy_rand()), C[1];
    zp_fe Cv[2] = {gl_mul(A[0], B[0]), gl_mul(A[1], B[1])};
    C[0] = toy_mle(Cv, 1, &r);
    zp_fe2 claim = gl2_add(C[0], fe2_of(1 + toy_rand() % (P - 1)));
    const int all = getenv("ZP_TOY_ALL") != NULL;
    unsigned worst = 0;
    for (size_t idx = 0; idx < P2 * (all ? P : 4); idx++) {
        zp_fe2 msg[3] = {fe2_of(idx % P), fe2_of((idx / P) % P),
                         fe2_of(all ? idx / P2 : toy_rand())};
        unsigned cnt = 0;
        for (size_t c = 0; c < P; c++) cnt += (unsigned)had_accepts(A, B, r, msg, claim, fe2_of(c));
        if (cnt > worst) worst = cnt;
    }
    CHECK(worst <= 3 && worst >= 2);
    /* the same count without the final check */
    zp_toy_weak_skip_final = 1;
    zp_fe2 msg[3] = {fe2(0, 0), fe2(0, 0), fe2(0, 0)};
    unsigned weak = 0;
    for (size_t c = 0; c < P; c++) weak += (unsigned)had_accepts(A, B, r, msg, claim, fe2_of(c));
    zp_toy_weak_skip_final = 0;
    CHECK(weak == P);
    CHECK(n_bad == 0);
    printf("  Hadamard, one variable, %s messages x 97 challenges: best cheater passes %u/97 "
           "(bound 3/97); no final check: %u/97\n", all ? "all 97^3" : "97^2 x 4", worst, weak);
}
