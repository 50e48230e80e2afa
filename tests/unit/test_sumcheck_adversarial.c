/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Cheating provers against the plain and zero-knowledge sumcheck, the
 * layout functionals and claim merging: a brute-force test-side prover
 * (byte-identical to the library when honest) that keeps every round
 * consistent with a false claim by shifting s(0). */
// ZP_TEST_LAYER: piop
#include "harness.h"
#include "field/gl.h"
#include "piop/sumcheck_internal.h"
#include "zkprov/piop.h"

static zp_fe rand_fe(void) { return gl_from_u64(test_rand_u64()); }
static zp_fe2 rand_fe2(void) {
    zp_fe2 r = {rand_fe(), rand_fe()};
    return r;
}
static const zp_fe2 ZERO = {0, 0}, ONE = {1, 0};

/* Instance: n_tab base tables over n variables, each with a mask of
 * mask_len values (ZK), and random terms of up to D factors. */
#define NT 3
typedef struct {
    unsigned n, D;
    zp_fe *tab[NT], *mask[NT];
    size_t mask_len;
    zp_sc_table t[NT];
    zp_sc_term terms[2];
    zp_sc_instance inst;
} inst_t;

static void inst_new(inst_t *I, unsigned n, unsigned D, size_t mask_len) {
    memset(I, 0, sizeof *I);
    I->n = n;
    I->D = D;
    I->mask_len = mask_len;
    for (int j = 0; j < NT; j++) {
        I->tab[j] = malloc(((size_t)1 << n) * sizeof(zp_fe));
        I->mask[j] = malloc(mask_len * sizeof(zp_fe));
        for (size_t i = 0; i < ((size_t)1 << n); i++) I->tab[j][i] = rand_fe();
        for (size_t i = 0; i < mask_len; i++) I->mask[j][i] = rand_fe();
        zp_sc_table t = {I->tab[j], NULL, I->mask[j], NULL, mask_len};
        I->t[j] = t;
    }
    I->terms[0].coeff = rand_fe2();
    I->terms[0].n_factors = D;
    for (unsigned k = 0; k < D; k++) I->terms[0].factors[k] = k % NT;
    I->terms[1].coeff = rand_fe2();
    I->terms[1].n_factors = 1;
    I->terms[1].factors[0] = 2;
    zp_sc_instance in = {n, NT, I->t, 2, I->terms};
    I->inst = in;
}

static void inst_free(inst_t *I) {
    for (int j = 0; j < NT; j++) {
        free(I->tab[j]);
        free(I->mask[j]);
    }
}

/* Multilinear extension of v[len] (len a power of two) at z (low variable
 * first; only the first log2(len) coordinates are used: the broadcast). */
static zp_fe2 mle(const zp_fe *v0, size_t len, const zp_fe2 *z) {
    zp_fe2 *v = malloc(len * sizeof *v);
    for (size_t i = 0; i < len; i++) v[i] = gl2_from_fe(v0[i]);
    for (unsigned i = 0; len > 1; i++) {
        len /= 2;
        for (size_t k = 0; k < len; k++)
            v[k] = gl2_add(v[2 * k], gl2_mul(z[i], gl2_sub(v[2 * k + 1], v[2 * k])));
    }
    zp_fe2 r = v[0];
    free(v);
    return r;
}

/* Table evaluations at (b, x): masked T^ = (1 - b) T(x) + b R(x). */
static void tab_evals(zp_fe2 *ev, const inst_t *I, int zk, zp_fe2 b, const zp_fe2 *x) {
    for (int j = 0; j < NT; j++) {
        zp_fe2 t = mle(I->tab[j], (size_t)1 << I->n, x);
        if (zk) {
            zp_fe2 r = mle(I->mask[j], I->mask_len, x);
            t = gl2_add(gl2_mul(gl2_sub(ONE, b), t), gl2_mul(b, r));
        }
        ev[j] = t;
    }
}

/* The summand at (b, x): plain F(T(x)); ZK (1 - b) F(T^(b, x)) + rho g. */
typedef struct {
    const inst_t *I;
    int zk;
    zp_fe2 rho;
    const zp_fe *g0, *g1;
} summand_t;

static zp_fe2 summand(const summand_t *S, zp_fe2 b, const zp_fe2 *x) {
    zp_fe2 ev[NT];
    tab_evals(ev, S->I, S->zk, b, x);
    zp_fe2 f = zp_sc_terms_eval(S->I->terms, 2, ev, NT);
    if (!S->zk) return f;
    f = gl2_mul(gl2_sub(ONE, b), f);
    return gl2_add(f, gl2_mul(S->rho, zp_sc_zk_mask_eval(S->g0, S->g1, S->I->n, S->I->D, b, x)));
}

/* s(k) for the variable number v (ZK: v = 0 is b, v = 1 + i is x_i; plain:
 * v = i), earlier variables bound to pt (ZK: pt[0] = r_b), later summed. */
static zp_fe2 round_value(const summand_t *S, unsigned v, const zp_fe2 *pt, unsigned k) {
    unsigned nv = S->I->n + (S->zk ? 1 : 0);
    zp_fe2 z[ZP_SC_MAX_VARS + 1], acc = ZERO;
    for (unsigned w = 0; w < v; w++) z[w] = pt[w];
    z[v] = gl2_from_fe(k);
    size_t rest = (size_t)1 << (nv - v - 1);
    for (size_t m = 0; m < rest; m++) {
        for (unsigned w = v + 1; w < nv; w++) z[w] = gl2_from_fe((m >> (w - v - 1)) & 1);
        acc = gl2_add(acc, S->zk ? summand(S, z[0], z + 1) : summand(S, ZERO, z));
    }
    return acc;
}

/* Test-side prover.  shift != 0: claims H + shift and keeps every round
 * consistent with the running false claim by moving s(0).  Returns the
 * prover's final running claim; point receives all challenges (ZK: r_b
 * first).  y_g_shift is added to the y_g it sends. */
static zp_fe2 cheat_prove(zp_transcript *tr, zp_bytes *pf, const inst_t *I, int zk,
                          const zp_fe *g0, const zp_fe *g1, zp_fe2 H, zp_fe2 shift,
                          zp_fe2 *point, zp_fe2 *rho_out) {
    summand_t S = {I, zk, ZERO, g0, g1};
    const char *lr = zk ? "sczk/round" : "sc/round", *lc = zk ? "sczk/r" : "sc/r";
    zp_fe2 claim = gl2_add(H, shift), honest = H;
    zp_transcript_absorb_u64(tr, zk ? "sczk/n" : "sc/n", I->n);
    zp_transcript_absorb_u64(tr, zk ? "sczk/deg" : "sc/deg", I->D);
    zp_transcript_absorb_fe2(tr, zk ? "sczk/claim" : "sc/claim", &claim, 1);
    if (zk) {
        zp_fe2 G = zp_sc_zk_total(g0, g1, I->n, I->D);
        zp_fs_send_fe2(tr, pf, "sczk/G", &G, 1);
        S.rho = zp_transcript_challenge_fe2(tr, "sczk/rho");
        claim = gl2_add(claim, gl2_mul(S.rho, G));
        honest = gl2_add(honest, gl2_mul(S.rho, G));
        *rho_out = S.rho;
    }
    unsigned nv = I->n + (zk ? 1 : 0);
    for (unsigned v = 0; v < nv; v++) {
        unsigned D = zk && v == 0 ? I->D + 1 : I->D;
        zp_fe2 s[ZP_SC_MAX_FACTORS + 2], sh[ZP_SC_MAX_FACTORS + 2], m[ZP_SC_MAX_FACTORS + 2];
        for (unsigned k = 0; k <= D; k++) s[k] = sh[k] = round_value(&S, v, point, k);
        CHECK(gl2_eq(gl2_add(s[0], s[1]), honest)); /* the oracle is right */
        /* cheat: s'(0) = s(0) + (claim - honest); the verifier's s'(1) is
         * then claim - s'(0) = s(1) */
        sh[0] = gl2_add(s[0], gl2_sub(claim, honest));
        m[0] = sh[0];
        for (unsigned k = 2; k <= D; k++) m[k - 1] = sh[k];
        zp_fs_send_fe2(tr, pf, lr, m, D);
        point[v] = zp_transcript_challenge_fe2(tr, lc);
        claim = zp_sc_interp(sh, D, point[v]);
        honest = zp_sc_interp(s, D, point[v]);
    }
    if (zk) {
        zp_fe2 yg = zp_sc_zk_mask_eval(g0, g1, I->n, I->D, point[0], point + 1);
        zp_fs_send_fe2(tr, pf, "sczk/gr", &yg, 1);
    }
    return claim;
}

/* Plain: a false H, every round consistent with it (s(0) moved).  The
 * verifier follows the cheater to a final claim that differs from F at the
 * point computed from the true evaluations.  Control: shift 0 is the
 * library's proof byte for byte. */
TEST(adv_plain_consistent_rounds_false_claim) {
    for (unsigned D = 1; D <= 4; D++)
        for (uint64_t it = 0; it < 3; it++) {
            inst_t I;
            inst_new(&I, 4, D, 4);
            zp_fe2 H = zp_sc_instance_sum(&I.inst), pt[8], rho;
            /* honest control: identical to the library */
            zp_transcript t1, t2;
            zp_transcript_init(&t1, "adv/sc");
            zp_transcript_init(&t2, "adv/sc");
            zp_bytes p1, p2;
            zp_bytes_init(&p1);
            zp_bytes_init(&p2);
            zp_fe2 lpt[8], lev[NT];
            CHECK_OK(zp_sumcheck_prove(&t1, &p1, lpt, lev, &I.inst, H, NULL, 0));
            (void)cheat_prove(&t2, &p2, &I, 0, NULL, NULL, H, ZERO, pt, &rho);
            CHECK(p1.len == p2.len && memcmp(p1.data, p2.data, p1.len) == 0);
            /* cheater */
            zp_bytes_free(&p2);
            zp_bytes_init(&p2);
            zp_transcript_init(&t2, "adv/sc");
            zp_fe2 shift = rand_fe2();
            zp_fe2 fin = cheat_prove(&t2, &p2, &I, 0, NULL, NULL, H, shift, pt, &rho);
            zp_transcript tv;
            zp_transcript_init(&tv, "adv/sc");
            zp_reader rd;
            zp_reader_init(&rd, p2.data, p2.len);
            zp_fe2 vpt[8], vfin, ev[NT];
            CHECK_OK(zp_sumcheck_verify(&tv, &rd, vpt, &vfin, 4, D, gl2_add(H, shift)));
            CHECK_OK(zp_reader_finish(&rd));
            CHECK(gl2_eq(vfin, fin)); /* the verifier followed the cheater */
            tab_evals(ev, &I, 0, ZERO, vpt);
            CHECK(!gl2_eq(vfin, zp_sc_terms_eval(I.terms, 2, ev, NT))); /* caught */
            /* the verifier's degree and round count are its own: the same
             * bytes read with another degree do not parse to the end */
            zp_transcript_init(&tv, "adv/sc");
            zp_reader_init(&rd, p2.data, p2.len);
            zp_err e = zp_sumcheck_verify(&tv, &rd, vpt, &vfin, 4, D + 1, gl2_add(H, shift));
            if (e == ZP_OK) e = zp_reader_finish(&rd);
            CHECK(e != ZP_OK);
            zp_bytes_free(&p1);
            zp_bytes_free(&p2);
            inst_free(&I);
        }
}

/* ZK: a false H with every round (b round included) consistent with it.
 * Honest y_g: zp_sumcheck_zk_check_final rejects.  A y_g fitted to pass
 * the final check is possible (nothing follows it in the sumcheck), but it
 * differs from g(r_b, r), the value the PCS opening of g proves: that
 * opening is what makes the ZK sumcheck sound.  Control: shift 0 gives
 * the library's proof byte for byte. */
TEST(adv_zk_consistent_rounds_false_claim) {
    for (unsigned D = 1; D <= 3; D++)
        for (uint64_t it = 0; it < 3; it++) {
            inst_t I;
            inst_new(&I, 3, D, 2);
            size_t w = zp_sc_zk_mask_width(3, D);
            zp_fe *g0 = malloc(w * sizeof(zp_fe)), *g1 = malloc(w * sizeof(zp_fe));
            zp_sc_zk_mask_sample(g0, g1, 3, D, test_rng());
            zp_fe2 H = zp_sc_instance_sum(&I.inst), pt[8], rho;
            zp_transcript t1, t2;
            zp_transcript_init(&t1, "adv/zk");
            zp_transcript_init(&t2, "adv/zk");
            zp_bytes p1, p2;
            zp_bytes_init(&p1);
            zp_bytes_init(&p2);
            zp_sc_zk_result res;
            zp_fe2 lpt[8], lev[NT];
            CHECK_OK(zp_sumcheck_zk_prove(&t1, &p1, &res, lpt, lev, &I.inst, H, g0, g1, NULL, 0));
            (void)cheat_prove(&t2, &p2, &I, 1, g0, g1, H, ZERO, pt, &rho);
            CHECK(p1.len == p2.len && memcmp(p1.data, p2.data, p1.len) == 0);
            zp_bytes_free(&p2);
            zp_bytes_init(&p2);
            zp_transcript_init(&t2, "adv/zk");
            zp_fe2 shift = rand_fe2();
            (void)cheat_prove(&t2, &p2, &I, 1, g0, g1, H, shift, pt, &rho);
            zp_transcript tv;
            zp_transcript_init(&tv, "adv/zk");
            zp_reader rd;
            zp_reader_init(&rd, p2.data, p2.len);
            zp_sc_zk_result vr;
            zp_fe2 vpt[8], ev[NT];
            CHECK_OK(zp_sumcheck_zk_verify(&tv, &rd, &vr, vpt, 3, D, gl2_add(H, shift)));
            CHECK_OK(zp_reader_finish(&rd));
            tab_evals(ev, &I, 1, vr.r_b, vpt);
            CHECK(zp_sumcheck_zk_check_final(&vr, I.terms, 2, ev, NT) == ZP_ERR_VERIFY);
            /* fitted y_g: passes the final check, but is not g(r_b, r) */
            zp_fe2 want = gl2_mul(gl2_sub(ONE, vr.r_b), zp_sc_terms_eval(I.terms, 2, ev, NT));
            zp_sc_zk_result fit = vr;
            zp_fe2 claim_end = gl2_add(vr.final_claim, gl2_mul(vr.rho, vr.g_eval));
            fit.g_eval = gl2_mul(gl2_sub(claim_end, want), zp_fe2_inv(vr.rho));
            fit.final_claim = gl2_sub(claim_end, gl2_mul(vr.rho, fit.g_eval));
            CHECK_OK(zp_sumcheck_zk_check_final(&fit, I.terms, 2, ev, NT));
            CHECK(!gl2_eq(fit.g_eval, zp_sc_zk_mask_eval(g0, g1, 3, D, vr.r_b, vpt)));
            /* the final check uses (1 - r_b): the b = 1 half (masks) must
             * not count.  The unscaled sum is not what the verifier
             * accepts from an honest proof. */
            zp_sc_zk_result hr;
            zp_transcript_init(&tv, "adv/zk");
            zp_reader_init(&rd, p1.data, p1.len);
            CHECK_OK(zp_sumcheck_zk_verify(&tv, &rd, &hr, vpt, 3, D, H));
            tab_evals(ev, &I, 1, hr.r_b, vpt);
            CHECK_OK(zp_sumcheck_zk_check_final(&hr, I.terms, 2, ev, NT));
            CHECK(!gl2_eq(hr.final_claim, zp_sc_terms_eval(I.terms, 2, ev, NT)));
            free(g0);
            free(g1);
            zp_bytes_free(&p1);
            zp_bytes_free(&p2);
            inst_free(&I);
        }
}

/* ZK: false H' and G' = G + (H - H') / rho fitted to the rho of the honest
 * run.  G is absorbed before rho, so the verifier draws another rho and
 * the proof fails the final check. */
TEST(adv_zk_false_claim_fitted_G) {
    for (uint64_t it = 0; it < 4; it++) {
        inst_t I;
        inst_new(&I, 4, 2, 4);
        size_t w = zp_sc_zk_mask_width(4, 2);
        zp_fe *g0 = malloc(w * sizeof(zp_fe)), *g1 = malloc(w * sizeof(zp_fe));
        zp_sc_zk_mask_sample(g0, g1, 4, 2, test_rng());
        zp_fe2 H = zp_sc_instance_sum(&I.inst), Hf = gl2_add(H, rand_fe2());
        zp_transcript tp;
        zp_transcript_init(&tp, "adv/zkG");
        zp_bytes pf;
        zp_bytes_init(&pf);
        zp_sc_zk_result res;
        zp_fe2 pt[8], ev[NT];
        CHECK_OK(zp_sumcheck_zk_prove(&tp, &pf, &res, pt, ev, &I.inst, H, g0, g1, NULL, 0));
        zp_fe2 G;
        G.c0 = zp_load64_le(pf.data);
        G.c1 = zp_load64_le(pf.data + 8);
        CHECK(gl2_eq(G, zp_sc_zk_total(g0, g1, 4, 2)));
        zp_fe2 Gf = gl2_add(G, gl2_mul(gl2_sub(H, Hf), zp_fe2_inv(res.rho)));
        /* with the old rho the claim would be unchanged */
        CHECK(gl2_eq(gl2_add(Hf, gl2_mul(res.rho, Gf)), gl2_add(H, gl2_mul(res.rho, G))));
        zp_store64_le(pf.data, Gf.c0);
        zp_store64_le(pf.data + 8, Gf.c1);
        zp_transcript tv;
        zp_transcript_init(&tv, "adv/zkG");
        zp_reader rd;
        zp_reader_init(&rd, pf.data, pf.len);
        zp_sc_zk_result vr;
        zp_fe2 vpt[8];
        CHECK_OK(zp_sumcheck_zk_verify(&tv, &rd, &vr, vpt, 4, 2, Hf));
        CHECK(!gl2_eq(vr.rho, res.rho));
        tab_evals(ev, &I, 1, vr.r_b, vpt);
        CHECK(zp_sumcheck_zk_check_final(&vr, I.terms, 2, ev, NT) == ZP_ERR_VERIFY);
        free(g0);
        free(g1);
        zp_bytes_free(&pf);
        inst_free(&I);
    }
}

/* a^T M b on the row-major matrix evals. */
static zp_fe2 apply(const zp_fe *evals, unsigned n_vars, unsigned lc, const zp_fe2 *a,
                    const zp_fe2 *b) {
    size_t rows = (size_t)1 << (n_vars - lc), C = (size_t)1 << lc;
    zp_fe2 acc = ZERO;
    for (size_t r = 0; r < rows; r++) {
        zp_fe2 row = ZERO;
        for (size_t c = 0; c < C; c++) row = gl2_add(row, gl2_mul_fe(b[c], evals[r * C + c]));
        acc = gl2_add(acc, gl2_mul(a[r], row));
    }
    return acc;
}

/* Layout: a masked value claimed at another r_b (or the plain value) is
 * not what the verifier's functional (built from its own r_b) opens to;
 * the functional of a big and of a small masked tensor touches T's rows
 * with weight (1 - r_b) and R's rows with r_b, with the same b. */
TEST(adv_layout_masked_claim_rb) {
    zp_layout *L;
    CHECK_OK(zp_layout_create(&L, 3));
    size_t idb, ids;
    CHECK_OK(zp_layout_add(L, &idb, 5, 1));
    CHECK_OK(zp_layout_add(L, &ids, 2, 1));
    unsigned nv;
    CHECK_OK(zp_layout_finalize(L, &nv));
    size_t N = (size_t)1 << nv, rows = N >> 3;
    zp_fe *ev = calloc(N, sizeof(zp_fe));
    zp_fe data[32];
    for (int i = 0; i < 32; i++) data[i] = rand_fe();
    CHECK_OK(zp_layout_put(L, ev, idb, data, 32));
    CHECK_OK(zp_layout_put(L, ev, ids, data, 4));
    zp_rng rng;
    zp_rng_init_u64(&rng, 9);
    CHECK_OK(zp_layout_fill_masks(L, ev, &rng));
    zp_fe2 *a = malloc(rows * sizeof *a), b[8], z[5];
    for (int i = 0; i < 5; i++) z[i] = rand_fe2();
    size_t ids_[2] = {idb, ids};
    unsigned lg[2] = {5, 2};
    for (int k = 0; k < 2; k++) {
        zp_fe2 rb = rand_fe2(), rb2 = rand_fe2();
        size_t ml;
        const zp_fe *R = zp_layout_mask_ptr(L, ev, ids_[k], &ml);
        zp_fe2 T = mle(data, (size_t)1 << lg[k], z), Rz = mle(R, ml, z);
        zp_fe2 at_rb = gl2_add(gl2_mul(gl2_sub(ONE, rb), T), gl2_mul(rb, Rz));
        zp_fe2 at_rb2 = gl2_add(gl2_mul(gl2_sub(ONE, rb2), T), gl2_mul(rb2, Rz));
        CHECK_OK(zp_layout_functional(L, a, b, ids_[k], z, 1, rb));
        CHECK(gl2_eq(apply(ev, nv, 3, a, b), at_rb));
        CHECK(!gl2_eq(apply(ev, nv, 3, a, b), at_rb2)); /* r_b replaced */
        CHECK(!gl2_eq(apply(ev, nv, 3, a, b), T));       /* unmasked value */
        /* the masked functional differs from the plain one only on rows
         * (same b) */
        zp_fe2 b2[8];
        zp_fe2 *a2 = malloc(rows * sizeof *a2);
        CHECK_OK(zp_layout_functional(L, a2, b2, ids_[k], z, 0, rb));
        CHECK(memcmp(b, b2, sizeof b) == 0);
        free(a2);
    }
    free(a);
    free(ev);
    zp_layout_free(L);
}

/* Claim merging: lambda is drawn after every value is absorbed, so a
 * cheater who swaps two values (or reorders claims on its side) gets a
 * merged claim that is false; and the values are bound: changing one value
 * changes lambda. */
TEST(adv_claims_reordered) {
    const unsigned lr = 2, lc = 3;
    zp_fe M[32];
    for (int i = 0; i < 32; i++) M[i] = rand_fe();
    zp_fe2 a[3][4], b[8];
    for (int c = 0; c < 8; c++) b[c] = rand_fe2();
    zp_fe2 y[3];
    for (int i = 0; i < 3; i++) {
        for (int r = 0; r < 4; r++) a[i][r] = rand_fe2();
        y[i] = apply(M, 5, lc, a[i], b);
    }
    for (int mode = 0; mode < 3; mode++) {
        zp_claims *cl;
        CHECK_OK(zp_claims_create(&cl, lr, lc));
        for (int i = 0; i < 3; i++) {
            int j = i;
            if (mode == 1) j = i == 0 ? 1 : (i == 1 ? 0 : 2); /* values swapped */
            CHECK_OK(zp_claims_add(cl, a[i], b, y[j]));
        }
        zp_transcript tr;
        zp_transcript_init(&tr, "adv/claims");
        size_t n;
        const zp_fe2 *const *ma, *const *mb;
        const zp_fe2 *my;
        CHECK_OK(zp_claims_finish(cl, &tr, &n, &ma, &mb, &my));
        CHECK(n == 1);
        int ok = gl2_eq(apply(M, 5, lc, ma[0], mb[0]), my[0]);
        CHECK(ok == (mode != 1));
        if (mode == 2) {
            /* lambda depends on the values: a different last value gives
             * another transcript state */
            zp_claims *c2;
            CHECK_OK(zp_claims_create(&c2, lr, lc));
            for (int i = 0; i < 3; i++)
                CHECK_OK(zp_claims_add(c2, a[i], b, i == 2 ? gl2_add(y[2], ONE) : y[i]));
            zp_transcript t2;
            zp_transcript_init(&t2, "adv/claims");
            const zp_fe2 *const *ma2, *const *mb2;
            const zp_fe2 *my2;
            CHECK_OK(zp_claims_finish(c2, &t2, &n, &ma2, &mb2, &my2));
            CHECK(memcmp(ma[0], ma2[0], 4 * sizeof(zp_fe2)) != 0);
            CHECK(memcmp(tr.state, t2.state, sizeof tr.state) != 0);
            zp_claims_free(c2);
        }
        zp_claims_free(cl);
    }
}

/* psi(z) = z.c0 c.c1 - z.c1 c.c0: the F-linear functional that vanishes on
 * the F-line c F. */
static zp_fe psi(zp_fe2 z, zp_fe2 c) { return gl_sub(gl_mul(z.c0, c.c1), gl_mul(z.c1, c.c0)); }

/* Finding (fixed): a mask of ONE base-field value.  Then T^(r_b, r) =
 * (1 - r_b) T(r) + r_b R0 with R0 in F, so y / (1 - r_b) = T(r) + R0 c,
 * c = r_b / (1 - r_b), and psi_c(y / (1 - r_b)) = psi_c(T(r)) is a value
 * the verifier computes that depends on the witness only.  The leak is
 * shown with the equivalent F-valued extension mask; base masks of one
 * value, and masked scalars in the layout, are now refused. */
TEST(adv_zk_one_value_base_mask) {
    const unsigned n = 3;
    zp_fe A[8], B[8], R0 = rand_fe();
    for (int i = 0; i < 8; i++) {
        A[i] = rand_fe();
        B[i] = rand_fe();
    }
    zp_fe mb[2] = {rand_fe(), rand_fe()};
    for (int kind = 0; kind < 3; kind++) {
        /* 0: base mask of one value (refused); 1: F-valued ext mask (leaks);
         * 2: uniform ext mask of one value (hides) */
        zp_fe2 me = {R0, kind == 2 ? rand_fe() : 0};
        zp_sc_table t[2] = {{A, NULL, kind == 0 ? &R0 : NULL, kind == 0 ? NULL : &me, 1},
                            {B, NULL, mb, NULL, 2}};
        zp_sc_term term = {{1, 0}, 2, {0, 1}};
        zp_sc_instance inst = {n, 2, t, 1, &term};
        size_t w = zp_sc_zk_mask_width(n, 2);
        zp_fe g0[64], g1[64];
        CHECK(w <= 64);
        zp_sc_zk_mask_sample(g0, g1, n, 2, test_rng());
        zp_transcript tr;
        zp_transcript_init(&tr, "adv/onemask");
        zp_bytes pf;
        zp_bytes_init(&pf);
        zp_sc_zk_result res;
        zp_fe2 pt[8], ev[2];
        zp_fe2 H = zp_sc_instance_sum(&inst);
        zp_err e = zp_sumcheck_zk_prove(&tr, &pf, &res, pt, ev, &inst, H, g0, g1, NULL, 0);
        if (kind == 0) {
            CHECK(zp_sc_instance_check(&inst) == ZP_ERR_ARG);
            CHECK(e == ZP_ERR_ARG);
        } else {
            CHECK_OK(e);
            zp_fe2 omr = gl2_sub(ONE, res.r_b), inv = zp_fe2_inv(omr);
            zp_fe2 c = gl2_mul(res.r_b, inv);
            zp_fe2 seen = gl2_mul(ev[0], inv); /* public: from the claim */
            zp_fe2 secret = mle(A, 8, pt);       /* the witness A~(r) */
            CHECK((psi(seen, c) == psi(secret, c)) == (kind == 1));
        }
        zp_bytes_free(&pf);
    }
    zp_layout *L;
    CHECK_OK(zp_layout_create(&L, 2));
    size_t id;
    CHECK(zp_layout_add(L, &id, 0, 1) == ZP_ERR_ARG); /* masked scalar */
    CHECK_OK(zp_layout_add(L, &id, 0, 0));              /* public scalar */
    CHECK_OK(zp_layout_add(L, &id, 1, 1));
    zp_layout_free(L);
}
