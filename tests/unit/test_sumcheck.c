/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the sumcheck engine, plain and zero-knowledge. */
// ZP_TEST_LAYER: piop
#include <omp.h>

#include "harness.h"
#include "zkprov/piop.h"
#include "piop/sumcheck_internal.h"
#include "field/gl.h"

static zp_fe rand_fe(void) { return gl_from_u64(test_rand_u64()); }
static zp_fe2 rand_fe2(void) {
    zp_fe2 r = {rand_fe(), rand_fe()};
    return r;
}

/* Reference multilinear evaluation (variable 0 = low bit), by folding. */
static zp_fe2 ref_mle(const zp_sc_table *t, size_t len, const zp_fe2 *z, unsigned nz) {
    zp_fe2 *v = malloc(len * sizeof *v);
    for (size_t i = 0; i < len; i++) v[i] = t->base ? gl2_from_fe(t->base[i]) : t->ext[i];
    for (unsigned i = 0; i < nz && len > 1; i++) {
        len /= 2;
        for (size_t k = 0; k < len; k++)
            v[k] = gl2_add(v[2 * k], gl2_mul(z[i], gl2_sub(v[2 * k + 1], v[2 * k])));
    }
    zp_fe2 r = v[0];
    free(v);
    return r;
}
static zp_fe2 ref_mask_mle(const zp_sc_table *t, const zp_fe2 *z) {
    zp_sc_table m = {t->mask_base, t->mask_ext, NULL, NULL, 0};
    unsigned k = 0;
    while (((size_t)1 << k) < t->mask_len) k++;
    return ref_mle(&m, t->mask_len, z, k);
}

/* A random instance: tables (some base, some ext), terms with 1..maxf factors. */
typedef struct {
    zp_sc_instance inst;
    zp_sc_table tab[8];
    zp_sc_term term[4];
    void *mem[16];
    int n_mem;
} inst_t;

static void inst_free(inst_t *I) {
    for (int i = 0; i < I->n_mem; i++) free(I->mem[i]);
    I->n_mem = 0;
}

static void inst_random(inst_t *I, unsigned n, unsigned n_tab, unsigned n_terms,
                        unsigned maxf, int masks) {
    memset(I, 0, sizeof *I);
    size_t size = (size_t)1 << n;
    for (unsigned j = 0; j < n_tab; j++) {
        zp_sc_table *t = &I->tab[j];
        if (j % 3 != 2) {
            zp_fe *b = malloc(size * sizeof *b);
            for (size_t i = 0; i < size; i++) b[i] = rand_fe();
            t->base = b;
            I->mem[I->n_mem++] = b;
        } else {
            zp_fe2 *e = malloc(size * sizeof *e);
            for (size_t i = 0; i < size; i++) e[i] = rand_fe2();
            t->ext = e;
            I->mem[I->n_mem++] = e;
        }
        if (masks && j % 2 == 0) {
            size_t ml = (size_t)1 << (test_rand_u64() % (n + 1));
            /* a base mask needs at least two values (one value in F_p
             * would not hide T(r), docs/spec/sumcheck.md Review notes) */
            if (j % 4 == 0 && ml < 2) ml = 2;
            if (j % 4 == 0) {
                zp_fe *m = malloc(ml * sizeof *m);
                for (size_t i = 0; i < ml; i++) m[i] = rand_fe();
                t->mask_base = m;
                I->mem[I->n_mem++] = m;
            } else {
                zp_fe2 *m = malloc(ml * sizeof *m);
                for (size_t i = 0; i < ml; i++) m[i] = rand_fe2();
                t->mask_ext = m;
                I->mem[I->n_mem++] = m;
            }
            t->mask_len = ml;
        }
    }
    for (unsigned t = 0; t < n_terms; t++) {
        zp_sc_term *tm = &I->term[t];
        tm->coeff = rand_fe2();
        tm->n_factors = t == 0 ? maxf : 1 + (unsigned)(test_rand_u64() % maxf);
        for (unsigned f = 0; f < tm->n_factors; f++)
            tm->factors[f] = (uint32_t)(test_rand_u64() % n_tab);
    }
    I->inst.n_vars = n;
    I->inst.n_tables = n_tab;
    I->inst.tables = I->tab;
    I->inst.n_terms = n_terms;
    I->inst.terms = I->term;
}

/* Full plain verification: sumcheck + final check on reference evaluations. */
static zp_err verify_plain(const zp_bytes *pf, const char *dom, const inst_t *I,
                           zp_fe2 claim) {
    zp_transcript tr;
    zp_reader rd;
    zp_fe2 pt[ZP_SC_MAX_VARS], fin, ev[8];
    zp_transcript_init(&tr, dom);
    zp_reader_init(&rd, pf->data, pf->len);
    unsigned n = I->inst.n_vars;
    zp_err e = zp_sumcheck_verify(&tr, &rd, pt, &fin, n, zp_sc_degree(&I->inst), claim);
    if (e != ZP_OK) return e;
    e = zp_reader_finish(&rd);
    if (e != ZP_OK) return e;
    for (size_t j = 0; j < I->inst.n_tables; j++) ev[j] = ref_mle(&I->tab[j], (size_t)1 << n, pt, n);
    zp_fe2 want = zp_sc_terms_eval(I->term, I->inst.n_terms, ev, I->inst.n_tables);
    return gl2_eq(want, fin) ? ZP_OK : ZP_ERR_VERIFY;
}

static void prove_plain(zp_bytes *pf, const char *dom, const inst_t *I, zp_fe2 claim,
                        zp_fe2 *pt, zp_fe2 *ev) {
    zp_transcript tr;
    zp_transcript_init(&tr, dom);
    zp_bytes_init(pf);
    CHECK_OK(zp_sumcheck_prove(&tr, pf, pt, ev, &I->inst, claim, NULL, 0));
    CHECK(!pf->failed);
}

TEST(plain_completeness) {
    for (unsigned n = 1; n <= 12; n++) {
        for (unsigned f = 1; f <= 5; f++) {
            inst_t I;
            inst_random(&I, n, 1 + (n + f) % 5, 1 + (n * f) % 3, f, 0);
            zp_fe2 H = zp_sc_instance_sum(&I.inst);
            zp_bytes pf;
            zp_fe2 pt[ZP_SC_MAX_VARS], ev[8];
            prove_plain(&pf, "test/sc", &I, H, pt, ev);
            CHECK(pf.len == zp_sumcheck_proof_bytes(n, zp_sc_degree(&I.inst)));
            for (size_t j = 0; j < I.inst.n_tables; j++)
                CHECK(gl2_eq(ev[j], ref_mle(&I.tab[j], (size_t)1 << n, pt, n)));
            CHECK(verify_plain(&pf, "test/sc", &I, H) == ZP_OK);
            zp_bytes_free(&pf);
            inst_free(&I);
        }
    }
}

TEST(plain_wrong_claim_rejected) {
    for (unsigned n = 1; n <= 8; n += 3) {
        inst_t I;
        inst_random(&I, n, 3, 2, 3, 0);
        zp_fe2 H = zp_sc_instance_sum(&I.inst), bad = H;
        bad.c0 = gl_add(bad.c0, 1);
        zp_bytes pf;
        zp_fe2 pt[ZP_SC_MAX_VARS], ev[8];
        /* a prover that claims the wrong sum */
        prove_plain(&pf, "test/sc", &I, bad, pt, ev);
        CHECK(verify_plain(&pf, "test/sc", &I, bad) == ZP_ERR_VERIFY);
        zp_bytes_free(&pf);
        /* an honest proof checked against another claim */
        prove_plain(&pf, "test/sc", &I, H, pt, ev);
        CHECK(verify_plain(&pf, "test/sc", &I, bad) == ZP_ERR_VERIFY);
        CHECK(verify_plain(&pf, "test/sc", &I, H) == ZP_OK);
        zp_bytes_free(&pf);
        inst_free(&I);
    }
}

TEST(plain_wrong_final_eval_rejected) {
    inst_t I;
    inst_random(&I, 6, 4, 2, 4, 0);
    zp_fe2 H = zp_sc_instance_sum(&I.inst);
    zp_bytes pf;
    zp_fe2 pt[ZP_SC_MAX_VARS], ev[8], fin;
    prove_plain(&pf, "test/sc", &I, H, pt, ev);
    zp_transcript tr;
    zp_reader rd;
    zp_transcript_init(&tr, "test/sc");
    zp_reader_init(&rd, pf.data, pf.len);
    CHECK_OK(zp_sumcheck_verify(&tr, &rd, pt, &fin, 6, zp_sc_degree(&I.inst), H));
    CHECK(gl2_eq(fin, zp_sc_terms_eval(I.term, 2, ev, 4)));
    for (size_t j = 0; j < 4; j++) {
        zp_fe2 e2[8];
        memcpy(e2, ev, sizeof e2);
        e2[j].c1 = gl_add(e2[j].c1, 1);
        int used = 0;
        for (size_t t = 0; t < 2; t++)
            for (unsigned f = 0; f < I.term[t].n_factors; f++) used |= I.term[t].factors[f] == j;
        if (used) CHECK(!gl2_eq(fin, zp_sc_terms_eval(I.term, 2, e2, 4)));
    }
    zp_bytes_free(&pf);
    inst_free(&I);
}

TEST(plain_tamper_every_byte) {
    inst_t I;
    inst_random(&I, 3, 3, 2, 3, 0);
    zp_fe2 H = zp_sc_instance_sum(&I.inst);
    zp_bytes pf;
    zp_fe2 pt[ZP_SC_MAX_VARS], ev[8];
    prove_plain(&pf, "test/sc", &I, H, pt, ev);
    CHECK(verify_plain(&pf, "test/sc", &I, H) == ZP_OK);
    for (size_t i = 0; i < pf.len; i++) {
        for (int bit = 0; bit < 8; bit += 3) {
            pf.data[i] ^= (uint8_t)(1u << bit);
            zp_err e = verify_plain(&pf, "test/sc", &I, H);
            CHECK(e == ZP_ERR_VERIFY || e == ZP_ERR_PARSE);
            pf.data[i] ^= (uint8_t)(1u << bit);
        }
    }
    /* truncated and extended proofs */
    zp_bytes tr2 = pf;
    tr2.len = pf.len - 1;
    CHECK(verify_plain(&tr2, "test/sc", &I, H) == ZP_ERR_PARSE);
    zp_bytes ext;
    zp_bytes_init(&ext);
    zp_bytes_append(&ext, pf.data, pf.len);
    zp_bytes_append(&ext, "x", 1);
    CHECK(verify_plain(&ext, "test/sc", &I, H) == ZP_ERR_PARSE);
    zp_bytes_free(&ext);
    zp_bytes_free(&pf);
    inst_free(&I);
}

TEST(plain_replay_other_statement_rejected) {
    inst_t I;
    inst_random(&I, 5, 2, 1, 2, 0);
    zp_fe2 H = zp_sc_instance_sum(&I.inst);
    zp_bytes pf;
    zp_fe2 pt[ZP_SC_MAX_VARS], ev[8];
    prove_plain(&pf, "test/sc/statement-A", &I, H, pt, ev);
    CHECK(verify_plain(&pf, "test/sc/statement-A", &I, H) == ZP_OK);
    CHECK(verify_plain(&pf, "test/sc/statement-B", &I, H) == ZP_ERR_VERIFY);
    zp_bytes_free(&pf);
    inst_free(&I);
}

/* Base and extension representations, fast and generic paths: same proof. */
TEST(plain_fast_paths_match_generic) {
    for (unsigned n = 1; n <= 10; n += 3) {
        size_t size = (size_t)1 << n;
        zp_fe *A = malloc(size * sizeof *A), *B = malloc(size * sizeof *B);
        zp_fe2 *Ae = malloc(size * sizeof *Ae), *Be = malloc(size * sizeof *Be);
        for (size_t i = 0; i < size; i++) {
            A[i] = rand_fe();
            B[i] = rand_fe();
            Ae[i] = gl2_from_fe(A[i]);
            Be[i] = gl2_from_fe(B[i]);
        }
        zp_sc_table tb[3] = {{A, NULL, NULL, NULL, 0}, {B, NULL, NULL, NULL, 0},
                             {A, NULL, NULL, NULL, 0}};
        zp_sc_table te[2] = {{NULL, Ae, NULL, NULL, 0}, {NULL, Be, NULL, NULL, 0}};
        zp_sc_term term = {{3, 5}, 2, {0, 1}};
        zp_sc_instance ib = {n, 2, tb, 1, &term}, ie = {n, 2, te, 1, &term},
                       i3 = {n, 3, tb, 1, &term};
        zp_fe2 H = zp_sc_instance_sum(&ib);
        zp_bytes p[3];
        const zp_sc_instance *is[3] = {&ib, &ie, &i3};
        for (int k = 0; k < 3; k++) {
            zp_transcript tr;
            zp_fe2 pt[ZP_SC_MAX_VARS], ev[3];
            zp_transcript_init(&tr, "test/sc");
            zp_bytes_init(&p[k]);
            CHECK_OK(zp_sumcheck_prove(&tr, &p[k], pt, ev, is[k], H, NULL, 0));
        }
        CHECK(p[0].len == p[1].len && !memcmp(p[0].data, p[1].data, p[0].len));
        CHECK(p[0].len == p[2].len && !memcmp(p[0].data, p[2].data, p[0].len));
        for (int k = 0; k < 3; k++) zp_bytes_free(&p[k]);
        free(A);
        free(B);
        free(Ae);
        free(Be);
    }
}

TEST(plain_bad_arguments) {
    zp_sc_term term = {{1, 0}, 2, {0, 5}};
    zp_fe A[4] = {1, 2, 3, 4};
    zp_sc_table t = {A, NULL, NULL, NULL, 0};
    zp_sc_instance in = {2, 1, &t, 1, &term};
    CHECK(zp_sc_instance_check(&in) == ZP_ERR_ARG);
    term.factors[1] = 0;
    CHECK_OK(zp_sc_instance_check(&in));
    t.mask_base = A;
    t.mask_len = 3;
    CHECK(zp_sc_instance_check(&in) == ZP_ERR_ARG);
    t.mask_len = 8;
    CHECK(zp_sc_instance_check(&in) == ZP_ERR_ARG);
    t.mask_len = 4;
    CHECK_OK(zp_sc_instance_check(&in));
    in.n_vars = 0;
    CHECK(zp_sc_instance_check(&in) == ZP_ERR_ARG);
    in.n_vars = 2;
    zp_transcript tr;
    zp_bytes pf;
    zp_fe2 pt[2], ev[1];
    zp_transcript_init(&tr, "x");
    zp_bytes_init(&pf);
    CHECK(zp_sumcheck_prove(&tr, &pf, pt, ev, &in, ev[0], pt, 1) == ZP_ERR_ARG);
    zp_bytes_free(&pf);
    zp_reader rd;
    zp_reader_init(&rd, NULL, 0);
    zp_fe2 fin;
    CHECK(zp_sumcheck_verify(&tr, &rd, pt, &fin, 2, 0, fin) == ZP_ERR_ARG);
    CHECK(zp_sumcheck_verify(&tr, &rd, pt, &fin, 2, 2, pt[0]) == ZP_ERR_PARSE);
}

TEST(plain_threads_identical) {
    inst_t I;
    inst_random(&I, 12, 3, 2, 3, 0);
    zp_fe2 H = zp_sc_instance_sum(&I.inst);
    zp_bytes p1, p2;
    zp_fe2 pt[ZP_SC_MAX_VARS], ev[8];
    int nt = omp_get_max_threads();
    omp_set_num_threads(1);
    prove_plain(&p1, "test/sc", &I, H, pt, ev);
    omp_set_num_threads(2);
    prove_plain(&p2, "test/sc", &I, H, pt, ev);
    omp_set_num_threads(nt);
    CHECK(p1.len == p2.len && !memcmp(p1.data, p2.data, p1.len));
    zp_bytes_free(&p1);
    zp_bytes_free(&p2);
    inst_free(&I);
    /* the fast path too */
    inst_random(&I, 13, 2, 1, 2, 0);
    I.term[0].factors[0] = 0;
    I.term[0].factors[1] = 1;
    H = zp_sc_instance_sum(&I.inst);
    omp_set_num_threads(1);
    prove_plain(&p1, "test/sc", &I, H, pt, ev);
    omp_set_num_threads(2);
    prove_plain(&p2, "test/sc", &I, H, pt, ev);
    omp_set_num_threads(nt);
    CHECK(p1.len == p2.len && !memcmp(p1.data, p2.data, p1.len));
    CHECK(verify_plain(&p1, "test/sc", &I, H) == ZP_OK);
    zp_bytes_free(&p1);
    zp_bytes_free(&p2);
    inst_free(&I);
}

/* ------------------------------------------------------------------ */
/* Zero knowledge */

typedef struct {
    zp_fe *g0, *g1;
} mask_t;

static void mask_new(mask_t *m, unsigned n, unsigned D, uint64_t seed) {
    size_t w = zp_sc_zk_mask_width(n, D);
    m->g0 = malloc(w * sizeof(zp_fe));
    m->g1 = malloc(w * sizeof(zp_fe));
    zp_rng rng;
    zp_rng_init_u64(&rng, seed);
    zp_sc_zk_mask_sample(m->g0, m->g1, n, D, &rng);
}
static void mask_free(mask_t *m) {
    free(m->g0);
    free(m->g1);
}

/* The order of the ZK sumcheck under test: 0 = b first
 * (zp_sumcheck_zk_prove), 1 = b last (zp_sumcheck_zk_prove_bl,
 * docs/spec/sumcheck.md 2.3); every ZK test below runs in both. */
static int g_bl = 0;
static zp_err zkprove(zp_transcript *tr, zp_bytes *pf, zp_sc_zk_result *res, zp_fe2 *pt,
                      zp_fe2 *ev, const zp_sc_instance *inst, zp_fe2 claim, const zp_fe *g0,
                      const zp_fe *g1) {
    return g_bl ? zp_sumcheck_zk_prove_bl(tr, pf, res, pt, ev, inst, claim, g0, g1)
                : zp_sumcheck_zk_prove(tr, pf, res, pt, ev, inst, claim, g0, g1, NULL, 0);
}
static zp_err zkverify(zp_transcript *tr, zp_reader *rd, zp_sc_zk_result *res, zp_fe2 *pt,
                       unsigned n, unsigned D, zp_fe2 claim) {
    return g_bl ? zp_sumcheck_zk_verify_bl(tr, rd, res, pt, n, D, claim)
                : zp_sumcheck_zk_verify(tr, rd, res, pt, n, D, claim);
}

static void prove_zk(zp_bytes *pf, const char *dom, const inst_t *I, zp_fe2 claim,
                     const mask_t *m, zp_sc_zk_result *res, zp_fe2 *pt, zp_fe2 *ev) {
    zp_transcript tr;
    zp_transcript_init(&tr, dom);
    zp_bytes_init(pf);
    CHECK_OK(zkprove(&tr, pf, res, pt, ev, &I->inst, claim, m->g0, m->g1));
}

/* ZK verification: the verifier gets the masked evaluations from the proof
 * (here: appended after the sumcheck part) and the mask value g(r) is
 * checked against the mask directly (the PCS does it in the protocol). */
static zp_err verify_zk(const zp_bytes *pf, const char *dom, const inst_t *I,
                        zp_fe2 claim, const mask_t *m, zp_fe2 *pt_out) {
    zp_transcript tr;
    zp_reader rd;
    zp_fe2 pt[ZP_SC_MAX_VARS], ev[8];
    zp_sc_zk_result res;
    zp_transcript_init(&tr, dom);
    zp_reader_init(&rd, pf->data, pf->len);
    unsigned n = I->inst.n_vars, D = zp_sc_degree(&I->inst);
    zp_err e = zkverify(&tr, &rd, &res, pt, n, D, claim);
    if (e != ZP_OK) return e;
    e = zp_fs_recv_fe2(&tr, &rd, "test/evals", ev, I->inst.n_tables);
    if (e != ZP_OK) return e;
    e = zp_reader_finish(&rd);
    if (e != ZP_OK) return e;
    e = zp_sumcheck_zk_check_final(&res, I->term, I->inst.n_terms, ev, I->inst.n_tables);
    if (e != ZP_OK) return e;
    /* stands in for the PCS openings of g(r) and of the masked tables */
    if (!gl2_eq(res.g_eval, zp_sc_zk_mask_eval(m->g0, m->g1, n, D, res.r_b, pt)))
        return ZP_ERR_VERIFY;
    zp_fe2 one = {1, 0};
    for (size_t j = 0; j < I->inst.n_tables; j++) {
        const zp_sc_table *t = &I->tab[j];
        zp_fe2 want = ref_mle(t, (size_t)1 << n, pt, n);
        if (t->mask_base || t->mask_ext)
            want = gl2_add(gl2_mul(gl2_sub(one, res.r_b), want),
                           gl2_mul(res.r_b, ref_mask_mle(t, pt)));
        if (!gl2_eq(want, ev[j])) return ZP_ERR_VERIFY;
    }
    if (pt_out) memcpy(pt_out, pt, n * sizeof *pt);
    return ZP_OK;
}

static void prove_zk_full(zp_bytes *pf, const char *dom, const inst_t *I, zp_fe2 claim,
                          const mask_t *m) {
    zp_transcript tr;
    zp_sc_zk_result res;
    zp_fe2 pt[ZP_SC_MAX_VARS], ev[8];
    zp_transcript_init(&tr, dom);
    zp_bytes_init(pf);
    CHECK_OK(zkprove(&tr, pf, &res, pt, ev, &I->inst, claim, m->g0, m->g1));
    zp_fs_send_fe2(&tr, pf, "test/evals", ev, I->inst.n_tables);
}

static void zk_completeness_body(void) {
    for (unsigned n = 1; n <= 12; n++) {
        for (unsigned f = 1; f <= 5; f++) {
            inst_t I;
            inst_random(&I, n, 1 + (n + f) % 5, 1 + (n * f) % 3, f, 1);
            unsigned D = zp_sc_degree(&I.inst);
            zp_fe2 H = zp_sc_instance_sum(&I.inst);
            mask_t m;
            mask_new(&m, n, D, test_rand_u64());
            zp_bytes pf;
            zp_sc_zk_result res;
            zp_fe2 pt[ZP_SC_MAX_VARS], ev[8], pt2[ZP_SC_MAX_VARS];
            prove_zk(&pf, "test/zk", &I, H, &m, &res, pt, ev);
            CHECK(pf.len == zp_sumcheck_zk_proof_bytes(n, D));
            CHECK(gl2_eq(res.g_eval, zp_sc_zk_mask_eval(m.g0, m.g1, n, D, res.r_b, pt)));
            CHECK_OK(zp_sumcheck_zk_check_final(&res, I.term, I.inst.n_terms, ev,
                                                I.inst.n_tables));
            zp_bytes_free(&pf);
            prove_zk_full(&pf, "test/zk", &I, H, &m);
            CHECK(verify_zk(&pf, "test/zk", &I, H, &m, pt2) == ZP_OK);
            CHECK(!memcmp(pt, pt2, n * sizeof *pt));
            zp_bytes_free(&pf);
            mask_free(&m);
            inst_free(&I);
        }
    }
}
TEST(zk_completeness) {
    g_bl = 0;
    zk_completeness_body();
}
TEST(zk_completeness_b_last) {
    g_bl = 1;
    zk_completeness_body();
    g_bl = 0;
}

static void zk_soundness_body(void) {
    inst_t I;
    inst_random(&I, 4, 4, 2, 3, 1);
    unsigned D = zp_sc_degree(&I.inst);
    zp_fe2 H = zp_sc_instance_sum(&I.inst), bad = H;
    bad.c1 = gl_add(bad.c1, 1);
    mask_t m;
    mask_new(&m, 4, D, 7);
    zp_bytes pf;
    /* wrong claimed sum, and an honest proof checked against another claim */
    prove_zk_full(&pf, "test/zk", &I, bad, &m);
    CHECK(verify_zk(&pf, "test/zk", &I, bad, &m, NULL) == ZP_ERR_VERIFY);
    zp_bytes_free(&pf);
    prove_zk_full(&pf, "test/zk", &I, H, &m);
    CHECK(verify_zk(&pf, "test/zk", &I, H, &m, NULL) == ZP_OK);
    CHECK(verify_zk(&pf, "test/zk", &I, bad, &m, NULL) == ZP_ERR_VERIFY);
    /* replay under another statement */
    CHECK(verify_zk(&pf, "test/zk-other", &I, H, &m, NULL) == ZP_ERR_VERIFY);
    /* the proof read in the other round order (b first / b last) */
    g_bl = !g_bl;
    CHECK(verify_zk(&pf, "test/zk", &I, H, &m, NULL) != ZP_OK);
    g_bl = !g_bl;
    /* every byte (sumcheck part and claimed evaluations) */
    for (size_t i = 0; i < pf.len; i++) {
        pf.data[i] ^= 0x10;
        zp_err e = verify_zk(&pf, "test/zk", &I, H, &m, NULL);
        CHECK(e == ZP_ERR_VERIFY || e == ZP_ERR_PARSE);
        pf.data[i] ^= 0x10;
    }
    /* a wrong final evaluation: the check on evals fails */
    {
        zp_transcript tr;
        zp_reader rd;
        zp_sc_zk_result res;
        zp_fe2 pt[ZP_SC_MAX_VARS], ev[8];
        zp_transcript_init(&tr, "test/zk");
        zp_reader_init(&rd, pf.data, pf.len);
        CHECK_OK(zkverify(&tr, &rd, &res, pt, 4, D, H));
        CHECK_OK(zp_fs_recv_fe2(&tr, &rd, "test/evals", ev, 4));
        CHECK_OK(zp_sumcheck_zk_check_final(&res, I.term, 2, ev, 4));
        ev[I.term[0].factors[0]].c0 ^= 1;
        CHECK(zp_sumcheck_zk_check_final(&res, I.term, 2, ev, 4) == ZP_ERR_VERIFY);
    }
    /* a wrong mask value g(r): the proof verifies only if g(r) is right */
    {
        mask_t m2;
        mask_new(&m2, 4, D, 8);
        CHECK(verify_zk(&pf, "test/zk", &I, H, &m2, NULL) == ZP_ERR_VERIFY);
        mask_free(&m2);
    }
    zp_bytes_free(&pf);
    mask_free(&m);
    inst_free(&I);
}
TEST(zk_soundness) {
    g_bl = 0;
    zk_soundness_body();
}
TEST(zk_soundness_b_last) {
    g_bl = 1;
    zk_soundness_body();
    g_bl = 0;
}

/* Proofs for two witnesses of the same statement (same claim, same shape)
 * have the same size and layout; round messages differ (masking active). */
static void zk_same_shape_and_masking_active_body(void) {
    const unsigned n = 8;
    const size_t size = (size_t)1 << n;
    zp_fe *A1 = malloc(size * sizeof(zp_fe)), *B1 = malloc(size * sizeof(zp_fe));
    zp_fe *A2 = malloc(size * sizeof(zp_fe)), *B2 = malloc(size * sizeof(zp_fe));
    zp_fe RA1[64], RB1[64], RA2[64], RB2[64];
    for (size_t i = 0; i < size; i++) {
        A1[i] = rand_fe();
        B1[i] = rand_fe();
        A2[i] = rand_fe();
    }
    for (size_t i = 0; i < 64; i++) {
        RA1[i] = rand_fe();
        RB1[i] = rand_fe();
        RA2[i] = rand_fe();
        RB2[i] = rand_fe();
    }
    /* witness 2 has the same sum: B2 = B1 except one entry fixed up */
    memcpy(B2, B1, size * sizeof(zp_fe));
    {
        zp_fe s1 = 0, s2 = 0;
        for (size_t i = 0; i < size; i++) {
            s1 = gl_add(s1, gl_mul(A1[i], B1[i]));
            if (i) s2 = gl_add(s2, gl_mul(A2[i], B2[i]));
        }
        /* A2[0] * B2[0] = s1 - s2 */
        A2[0] = 1;
        B2[0] = gl_sub(s1, s2);
    }
    zp_sc_table t1[2] = {{A1, NULL, RA1, NULL, 64}, {B1, NULL, RB1, NULL, 64}};
    zp_sc_table t2[2] = {{A2, NULL, RA2, NULL, 64}, {B2, NULL, RB2, NULL, 64}};
    zp_sc_term term = {{1, 0}, 2, {0, 1}};
    zp_sc_instance i1 = {n, 2, t1, 1, &term}, i2 = {n, 2, t2, 1, &term};
    zp_fe2 H1 = zp_sc_instance_sum(&i1), H2 = zp_sc_instance_sum(&i2);
    CHECK(gl2_eq(H1, H2));
    mask_t m1, m2, m3;
    mask_new(&m1, n, 2, 101);
    mask_new(&m2, n, 2, 202);
    mask_new(&m3, n, 2, 303);
    zp_bytes p1, p2, p3;
    zp_sc_zk_result r1, r2, r3;
    zp_fe2 pt[ZP_SC_MAX_VARS], ev[2], ev2[2];
    zp_transcript tr;
    zp_transcript_init(&tr, "test/zk");
    zp_bytes_init(&p1);
    CHECK_OK(zkprove(&tr, &p1, &r1, pt, ev, &i1, H1, m1.g0, m1.g1));
    zp_transcript_init(&tr, "test/zk");
    zp_bytes_init(&p2);
    CHECK_OK(zkprove(&tr, &p2, &r2, pt, ev2, &i2, H2, m2.g0, m2.g1));
    /* same witness, another mask */
    zp_transcript_init(&tr, "test/zk");
    zp_bytes_init(&p3);
    CHECK_OK(zkprove(&tr, &p3, &r3, pt, ev, &i1, H1, m3.g0, m3.g1));
    CHECK(p1.len == p2.len && p1.len == p3.len);
    CHECK(p1.len == zp_sumcheck_zk_proof_bytes(n, 2));
    /* every 16-byte element of the round messages differs */
    size_t n_el = p1.len / 16, diff12 = 0, diff13 = 0;
    for (size_t k = 0; k < n_el; k++) {
        diff12 += memcmp(p1.data + 16 * k, p2.data + 16 * k, 16) != 0;
        diff13 += memcmp(p1.data + 16 * k, p3.data + 16 * k, 16) != 0;
    }
    CHECK(diff12 == n_el);
    CHECK(diff13 == n_el);
    /* both verify */
    zp_reader rd;
    zp_fe2 pv[ZP_SC_MAX_VARS];
    zp_sc_zk_result rv;
    zp_transcript_init(&tr, "test/zk");
    zp_reader_init(&rd, p2.data, p2.len);
    CHECK_OK(zkverify(&tr, &rd, &rv, pv, n, 2, H2));
    CHECK_OK(zp_reader_finish(&rd));
    CHECK_OK(zp_sumcheck_zk_check_final(&rv, &term, 1, ev2, 2));
    /* the evaluations of witness 1 do not pass for proof 2 */
    CHECK(zp_sumcheck_zk_check_final(&rv, &term, 1, ev, 2) == ZP_ERR_VERIFY);
    zp_bytes_free(&p1);
    zp_bytes_free(&p2);
    zp_bytes_free(&p3);
    mask_free(&m1);
    mask_free(&m2);
    mask_free(&m3);
    free(A1);
    free(B1);
    free(A2);
    free(B2);
}
TEST(zk_same_shape_and_masking_active) {
    g_bl = 0;
    zk_same_shape_and_masking_active_body();
}
TEST(zk_same_shape_and_masking_active_b_last) {
    g_bl = 1;
    zk_same_shape_and_masking_active_body();
    g_bl = 0;
}

static void zk_threads_identical_body(void) {
    inst_t I;
    inst_random(&I, 12, 4, 2, 3, 1);
    unsigned D = zp_sc_degree(&I.inst);
    zp_fe2 H = zp_sc_instance_sum(&I.inst);
    mask_t m;
    mask_new(&m, 12, D, 5);
    zp_bytes p1, p2;
    zp_sc_zk_result r;
    zp_fe2 pt[ZP_SC_MAX_VARS], ev[8];
    int nt = omp_get_max_threads();
    omp_set_num_threads(1);
    prove_zk(&p1, "test/zk", &I, H, &m, &r, pt, ev);
    omp_set_num_threads(2);
    prove_zk(&p2, "test/zk", &I, H, &m, &r, pt, ev);
    omp_set_num_threads(nt);
    CHECK(p1.len == p2.len && !memcmp(p1.data, p2.data, p1.len));
    zp_bytes_free(&p1);
    zp_bytes_free(&p2);
    mask_free(&m);
    inst_free(&I);
}
TEST(zk_threads_identical) {
    g_bl = 0;
    zk_threads_identical_body();
}
TEST(zk_threads_identical_b_last) {
    g_bl = 1;
    zk_threads_identical_body();
    g_bl = 0;
}

/* The mask functional reproduces g(r) = (1, u) [g0; g1] b. */
TEST(zk_mask_functional) {
    for (unsigned n = 1; n <= 6; n++) {
        for (unsigned D = 1; D <= 4; D++) {
            mask_t m;
            mask_new(&m, n, D, test_rand_u64());
            size_t w = zp_sc_zk_mask_width(n, D);
            CHECK(w >= zp_sc_zk_mask_len(n, D));
            zp_fe2 pt[8], rb = rand_fe2();
            for (unsigned i = 0; i < n; i++) pt[i] = rand_fe2();
            zp_fe2 *b = malloc(w * sizeof *b);
            zp_sc_zk_mask_functional(b, n, D, rb, pt);
            zp_fe2 y0 = {0, 0}, y1 = {0, 0}, u = {0, 1};
            for (size_t i = 0; i < w; i++) {
                y0 = gl2_add(y0, gl2_mul_fe(b[i], m.g0[i]));
                y1 = gl2_add(y1, gl2_mul_fe(b[i], m.g1[i]));
            }
            zp_fe2 y = gl2_add(y0, gl2_mul(u, y1));
            CHECK(gl2_eq(y, zp_sc_zk_mask_eval(m.g0, m.g1, n, D, rb, pt)));
            free(b);
            mask_free(&m);
        }
    }
}

/* The ZK fast path (base tables, base masks, A B) gives the same proof as
 * the generic extension-field path. */
TEST(zk_fast_path_matches_generic) {
    for (unsigned n = 1; n <= 9; n += 2) {
        size_t size = (size_t)1 << n, ml = (size_t)1 << (n / 2 > 0 ? n / 2 : 1);
        zp_fe *A = malloc(size * sizeof *A), *B = malloc(size * sizeof *B);
        zp_fe2 *Ae = malloc(size * sizeof *Ae), *Be = malloc(size * sizeof *Be);
        zp_fe RA[32], RB[32];
        zp_fe2 RAe[32], RBe[32];
        for (size_t i = 0; i < size; i++) {
            A[i] = rand_fe();
            B[i] = rand_fe();
            Ae[i] = gl2_from_fe(A[i]);
            Be[i] = gl2_from_fe(B[i]);
        }
        for (size_t i = 0; i < ml; i++) {
            RA[i] = rand_fe();
            RB[i] = rand_fe();
            RAe[i] = gl2_from_fe(RA[i]);
            RBe[i] = gl2_from_fe(RB[i]);
        }
        zp_sc_table tb[2] = {{A, NULL, RA, NULL, ml}, {B, NULL, RB, NULL, ml}};
        zp_sc_table te[2] = {{NULL, Ae, NULL, RAe, ml}, {NULL, Be, NULL, RBe, ml}};
        zp_sc_term term = {{9, 2}, 2, {1, 0}};
        zp_sc_instance ib = {n, 2, tb, 1, &term}, ie = {n, 2, te, 1, &term};
        zp_fe2 H = zp_sc_instance_sum(&ib);
        mask_t m;
        mask_new(&m, n, 2, 77);
        zp_bytes p[2];
        zp_fe2 ev[2][2], pt[ZP_SC_MAX_VARS];
        const zp_sc_instance *is[2] = {&ib, &ie};
        for (int k = 0; k < 2; k++) {
            zp_transcript tr;
            zp_sc_zk_result res;
            zp_transcript_init(&tr, "test/zk");
            zp_bytes_init(&p[k]);
            CHECK_OK(zp_sumcheck_zk_prove(&tr, &p[k], &res, pt, ev[k], is[k], H, m.g0, m.g1,
                                          NULL, 0));
        }
        CHECK(p[0].len == p[1].len && !memcmp(p[0].data, p[1].data, p[0].len));
        CHECK(!memcmp(ev[0], ev[1], sizeof ev[0]));
        for (int k = 0; k < 2; k++) zp_bytes_free(&p[k]);
        mask_free(&m);
        free(A);
        free(B);
        free(Ae);
        free(Be);
    }
}

/* zp_sc_zk_mask_sample draws, in the order g0[0], g1[0], g0[1], ..., one
 * 8-byte zp_rng_bytes word per candidate, rejected unless (masked) below
 * p: the batched draws give these exact values and leave the rng at the
 * same counter (a rejection is likely in the toy field). */
TEST(test_mask_sample_sequential) {
    static const unsigned nv[] = {1, 2, 5, 13, 21};
    static const unsigned deg[] = {1, 2, 3, 5};
    for (size_t a = 0; a < sizeof nv / sizeof *nv; a++)
        for (size_t b = 0; b < sizeof deg / sizeof *deg; b++) {
            const size_t len = zp_sc_zk_mask_len(nv[a], deg[b]);
            const size_t w = zp_sc_zk_mask_width(nv[a], deg[b]);
            zp_fe *g0 = malloc(w * sizeof *g0), *g1 = malloc(w * sizeof *g1);
            zp_fe *u = malloc(2 * len * sizeof *u);
            CHECK(g0 && g1 && u);
            if (!g0 || !g1 || !u) return;
            zp_rng r1, r2;
            zp_rng_init_u64(&r1, test_rand_u64());
            r2 = r1;
            for (size_t i = 0; i < 2 * len;) {
                uint8_t by[8];
                zp_rng_bytes(&r1, by, 8);
                uint64_t v = zp_load64_le(by) & GL_SAMPLE_MASK;
                if (v < GL_P) u[i++] = v;
            }
            for (size_t i = 0; i < w; i++) g0[i] = g1[i] = 12345;
            zp_sc_zk_mask_sample(g0, g1, nv[a], deg[b], &r2);
            int ok = r1.counter == r2.counter;
            for (size_t i = 0; i < w; i++)
                ok &= g0[i] == (i < len ? u[2 * i] : 0) && g1[i] == (i < len ? u[2 * i + 1] : 0);
            CHECK(ok);
            free(g0);
            free(g1);
            free(u);
        }
}
