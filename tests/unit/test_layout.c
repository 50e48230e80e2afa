/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the witness layout, claim batching, and a ZK sumcheck whose
 * final claims are opened with the PCS on one layout commitment. */
// ZP_TEST_LAYER: piop
#include "harness.h"
#include "zkprov/piop.h"
#include "field/gl.h"
#include "piop/sumcheck_internal.h"

static zp_fe rand_fe(void) { return gl_from_u64(test_rand_u64()); }
static zp_fe2 rand_fe2(void) {
    zp_fe2 r = {rand_fe(), rand_fe()};
    return r;
}

static zp_fe2 ref_mle(const zp_fe *v0, size_t len, const zp_fe2 *z) {
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

/* a^T M b on the row-major matrix evals. */
static zp_fe2 apply(const zp_fe *evals, unsigned n_vars, unsigned lc, const zp_fe2 *a,
                    const zp_fe2 *b) {
    size_t rows = (size_t)1 << (n_vars - lc), C = (size_t)1 << lc;
    zp_fe2 acc = {0, 0};
    for (size_t r = 0; r < rows; r++) {
        if (gl2_is_zero(a[r])) continue;
        zp_fe2 row = {0, 0};
        for (size_t c = 0; c < C; c++) row = gl2_add(row, gl2_mul_fe(b[c], evals[r * C + c]));
        acc = gl2_add(acc, gl2_mul(a[r], row));
    }
    return acc;
}


/* The mask sampler of zp_layout_fill_masks, as it was before it was made
 * constant-time: the new one must give the same values, also when words
 * are rejected and when the spare words run out. */
static void mask_chunk_ref(zp_fe *out, size_t cnt, const uint8_t *buf) {
    size_t w = 0, lim = ZP_LAYOUT_CHUNK + ZP_LAYOUT_SPARE;
    for (size_t i = 0; i < cnt; i++) {
        uint64_t v = GL_P;
        while (w < lim && v >= GL_P) v = zp_load64_le(buf + 8 * w++);
        out[i] = gl_from_u64(v);
    }
}

TEST(mask_chunk_rejections) {
    enum { W = ZP_LAYOUT_CHUNK + ZP_LAYOUT_SPARE };
    static uint8_t buf[W * 8];
    static zp_fe got[ZP_LAYOUT_CHUNK], want[ZP_LAYOUT_CHUNK];
    /* 0, 1, a few, all the spare, more than the spare rejected words */
    static const size_t n_rej[] = {0, 1, 3, ZP_LAYOUT_SPARE, ZP_LAYOUT_SPARE + 5, W};
    for (size_t k = 0; k < sizeof n_rej / sizeof n_rej[0]; k++) {
        for (int it = 0; it < 3; it++) {
            for (size_t j = 0; j < W; j++) zp_store64_le(buf + 8 * j, rand_fe());
            for (size_t r = 0; r < n_rej[k]; r++) {
                size_t j = (size_t)(test_rand_u64() % W);
                zp_store64_le(buf + 8 * j, GL_P + (test_rand_u64() % GL_EPS));
            }
            size_t cnt = it == 2 ? 37 : ZP_LAYOUT_CHUNK; /* a short last chunk */
            zp_layout_mask_chunk(got, cnt, buf);
            mask_chunk_ref(want, cnt, buf);
            int same = 1;
            for (size_t i = 0; i < cnt; i++) same &= got[i] == want[i] && got[i] < GL_P;
            CHECK(same);
        }
    }
}

TEST(layout_functional_matches_mle) {
    const unsigned lc = 4;
    zp_layout *L;
    CHECK_OK(zp_layout_create(&L, lc));
    unsigned logs[] = {7, 1, 3, 5, 4, 2, 0, 6, 3, 2};
    unsigned masks[] = {2, 1, 1, 0, 1, 0, 0, 1, 0, 1}; /* a scalar cannot be masked */
    const size_t nt = sizeof logs / sizeof logs[0];
    size_t ids[16];
    for (size_t i = 0; i < nt; i++) CHECK_OK(zp_layout_add(L, &ids[i], logs[i], masks[i]));
    unsigned nv;
    CHECK_OK(zp_layout_finalize(L, &nv));
    CHECK(zp_layout_add(L, &ids[15], 3, 0) == ZP_ERR_ARG);
    size_t N = (size_t)1 << nv;
    /* regions are disjoint and inside the polynomial */
    uint8_t *used = calloc(N, 1);
    for (size_t i = 0; i < nt; i++) {
        uint64_t off, moff;
        unsigned lg, mlg;
        CHECK_OK(zp_layout_tensor_info(L, ids[i], &off, &lg, &moff, &mlg));
        CHECK(off % ((uint64_t)1 << lg) == 0);
        for (uint64_t k = 0; k < ((uint64_t)1 << lg); k++) {
            CHECK(off + k < N && !used[off + k]);
            if (off + k < N) used[off + k] = 1;
        }
        if (masks[i]) {
            for (uint64_t k = 0; k < ((uint64_t)1 << mlg); k++) {
                CHECK(moff + k < N && !used[moff + k]);
                if (moff + k < N) used[moff + k] = 1;
            }
            /* same column layout */
            CHECK((off & 15) == (moff & 15));
        }
    }
    free(used);
    zp_fe *ev = calloc(N, sizeof *ev);
    zp_fe *data[16];
    for (size_t i = 0; i < nt; i++) {
        size_t sz = (size_t)1 << logs[i];
        data[i] = malloc(sz * sizeof(zp_fe));
        for (size_t k = 0; k < sz; k++) data[i][k] = rand_fe();
        CHECK_OK(zp_layout_put(L, ev, ids[i], data[i], sz));
    }
    zp_rng rng;
    zp_rng_init_u64(&rng, 99);
    CHECK_OK(zp_layout_fill_masks(L, ev, &rng));
    size_t rows = (size_t)1 << (nv - lc);
    zp_fe2 *a = malloc(rows * sizeof *a), b[16], z[8];
    for (size_t i = 0; i < nt; i++) {
        for (unsigned k = 0; k < logs[i]; k++) z[k] = rand_fe2();
        zp_fe2 rb = rand_fe2(), one = {1, 0};
        zp_fe2 t = ref_mle(data[i], (size_t)1 << logs[i], z);
        CHECK_OK(zp_layout_functional(L, a, b, ids[i], z, 0, rb));
        CHECK(gl2_eq(apply(ev, nv, lc, a, b), t));
        if (masks[i]) {
            size_t ml;
            const zp_fe *R = zp_layout_mask_ptr(L, ev, ids[i], &ml);
            CHECK(R != NULL && ml >= 1);
            zp_fe2 rm = ref_mle(R, ml, z);
            zp_fe2 want = gl2_add(gl2_mul(gl2_sub(one, rb), t), gl2_mul(rb, rm));
            CHECK_OK(zp_layout_functional(L, a, b, ids[i], z, 1, rb));
            CHECK(gl2_eq(apply(ev, nv, lc, a, b), want));
        } else {
            CHECK(zp_layout_functional(L, a, b, ids[i], z, 1, rb) == ZP_ERR_ARG);
        }
    }
    /* the mask is a different draw for another rng */
    zp_fe *ev2 = calloc(N, sizeof *ev2);
    zp_rng rng2;
    zp_rng_init_u64(&rng2, 100);
    CHECK_OK(zp_layout_fill_masks(L, ev2, &rng2));
    size_t ml;
    const zp_fe *R1 = zp_layout_mask_ptr(L, ev, ids[0], &ml);
    const zp_fe *R2 = zp_layout_mask_ptr(L, ev2, ids[0], &ml);
    CHECK(memcmp(R1, R2, ml * sizeof(zp_fe)) != 0);
    free(ev2);
    for (size_t i = 0; i < nt; i++) free(data[i]);
    free(a);
    free(ev);
    zp_layout_free(L);
}

TEST(claims_merge_same_column_vector) {
    const unsigned lr = 3, lc = 3;
    size_t R = 8, C = 8;
    zp_fe M[64];
    for (size_t i = 0; i < 64; i++) M[i] = rand_fe();
    zp_claims *cl;
    CHECK_OK(zp_claims_create(&cl, lr, lc));
    zp_fe2 a[6][8], b[2][8];
    for (size_t j = 0; j < 2; j++)
        for (size_t c = 0; c < C; c++) b[j][c] = rand_fe2();
    for (size_t i = 0; i < 6; i++) {
        for (size_t r = 0; r < R; r++) a[i][r] = rand_fe2();
        CHECK_OK(zp_claims_add(cl, a[i], b[i % 2], apply(M, 6, lc, a[i], b[i % 2])));
    }
    CHECK(zp_claims_count(cl) == 6);
    zp_transcript tr;
    zp_transcript_init(&tr, "test/claims");
    size_t n;
    const zp_fe2 *const *ma, *const *mb;
    const zp_fe2 *my;
    CHECK_OK(zp_claims_finish(cl, &tr, &n, &ma, &mb, &my));
    CHECK(n == 2);
    for (size_t k = 0; k < n; k++) CHECK(gl2_eq(apply(M, 6, lc, ma[k], mb[k]), my[k]));
    CHECK(zp_claims_add(cl, a[0], b[0], my[0]) == ZP_ERR_ARG);
    zp_claims_free(cl);
    /* a wrong claim value makes its merged claim wrong */
    CHECK_OK(zp_claims_create(&cl, lr, lc));
    for (size_t i = 0; i < 3; i++) {
        zp_fe2 y = apply(M, 6, lc, a[i], b[0]);
        if (i == 1) y.c0 = gl_add(y.c0, 1);
        CHECK_OK(zp_claims_add(cl, a[i], b[0], y));
    }
    zp_transcript_init(&tr, "test/claims");
    CHECK_OK(zp_claims_finish(cl, &tr, &n, &ma, &mb, &my));
    CHECK(n == 1);
    CHECK(!gl2_eq(apply(M, 6, lc, ma[0], mb[0]), my[0]));
    zp_claims_free(cl);
}

/* End to end: A, B and their masks and the sumcheck mask g in one layout
 * commitment; ZK sumcheck for sum A B; every final claim opened by one PCS
 * proof; tampering is rejected. */
typedef struct {
    unsigned n, lc, nv;
    zp_layout *L;
    size_t idA, idB, idG;
    zp_fe *ev;
    zp_pcs_params pp;
} e2e_t;

static void e2e_setup(e2e_t *S, unsigned n, uint64_t seed) {
    S->n = n;
    S->lc = 5;
    CHECK_OK(zp_layout_create(&S->L, S->lc));
    CHECK_OK(zp_layout_add(S->L, &S->idA, n, 2));
    CHECK_OK(zp_layout_add(S->L, &S->idB, n, 2));
    CHECK(zp_sc_zk_mask_width(n, 2) <= ((size_t)1 << S->lc));
    CHECK_OK(zp_layout_add(S->L, &S->idG, S->lc + 1, 0));
    CHECK_OK(zp_layout_finalize(S->L, &S->nv));
    CHECK_OK(zp_layout_pcs_params(S->L, &S->pp, 1, 100));
    size_t N = (size_t)1 << S->nv, sz = (size_t)1 << n, C = (size_t)1 << S->lc;
    S->ev = calloc(N, sizeof(zp_fe));
    zp_fe *tmp = calloc(2 * C > sz ? 2 * C : sz, sizeof(zp_fe));
    for (size_t i = 0; i < sz; i++) tmp[i] = rand_fe();
    CHECK_OK(zp_layout_put(S->L, S->ev, S->idA, tmp, sz));
    for (size_t i = 0; i < sz; i++) tmp[i] = rand_fe();
    CHECK_OK(zp_layout_put(S->L, S->ev, S->idB, tmp, sz));
    zp_rng rng;
    zp_rng_init_u64(&rng, seed);
    memset(tmp, 0, 2 * C * sizeof(zp_fe));
    zp_sc_zk_mask_sample(tmp, tmp + C, n, 2, &rng);
    CHECK_OK(zp_layout_put(S->L, S->ev, S->idG, tmp, 2 * C));
    CHECK_OK(zp_layout_fill_masks(S->L, S->ev, &rng));
    free(tmp);
}

/* Functional of g(r) in the layout: rows (1, u) of the g tensor. */
static void g_functional(const e2e_t *S, zp_fe2 *a, zp_fe2 *b, const zp_sc_zk_result *res,
                         const zp_fe2 *pt) {
    size_t rows = (size_t)1 << (S->nv - S->lc), C = (size_t)1 << S->lc;
    uint64_t off;
    CHECK_OK(zp_layout_tensor_info(S->L, S->idG, &off, NULL, NULL, NULL));
    memset(a, 0, rows * sizeof *a);
    memset(b, 0, C * sizeof *b);
    a[off >> S->lc].c0 = 1;
    a[(off >> S->lc) + 1].c1 = 1;
    zp_sc_zk_mask_functional(b, S->n, 2, res->r_b, pt);
}

static zp_err e2e_prove(e2e_t *S, zp_bytes *pf, const char *dom, zp_rng *rng) {
    zp_transcript tr;
    zp_transcript_init(&tr, dom);
    zp_bytes_init(pf);
    zp_pcs_prover *pr = NULL;
    zp_digest root;
    zp_err e = zp_pcs_commit(&pr, &root, &S->pp, S->ev, rng);
    if (e != ZP_OK) return e;
    zp_fs_send_digest(&tr, pf, "e2e/root", &root, 1);
    uint64_t oA, oB, oG;
    size_t mlA, mlB, C = (size_t)1 << S->lc, rows = (size_t)1 << (S->nv - S->lc);
    CHECK_OK(zp_layout_tensor_info(S->L, S->idA, &oA, NULL, NULL, NULL));
    CHECK_OK(zp_layout_tensor_info(S->L, S->idB, &oB, NULL, NULL, NULL));
    CHECK_OK(zp_layout_tensor_info(S->L, S->idG, &oG, NULL, NULL, NULL));
    zp_sc_table tab[2] = {
        {S->ev + oA, NULL, zp_layout_mask_ptr(S->L, S->ev, S->idA, &mlA), NULL, 0},
        {S->ev + oB, NULL, zp_layout_mask_ptr(S->L, S->ev, S->idB, &mlB), NULL, 0}};
    tab[0].mask_len = mlA;
    tab[1].mask_len = mlB;
    zp_sc_term term = {{1, 0}, 2, {0, 1}};
    zp_sc_instance inst = {S->n, 2, tab, 1, &term};
    zp_fe2 H = zp_sc_instance_sum(&inst);
    zp_fs_send_fe2(&tr, pf, "e2e/H", &H, 1);
    zp_sc_zk_result res;
    zp_fe2 pt[ZP_SC_MAX_VARS], evs[2];
    e = zp_sumcheck_zk_prove(&tr, pf, &res, pt, evs, &inst, H, S->ev + oG, S->ev + oG + C,
                             NULL, 0);
    if (e == ZP_OK) {
        zp_fs_send_fe2(&tr, pf, "e2e/evals", evs, 2);
        zp_claims *cl;
        CHECK_OK(zp_claims_create(&cl, S->nv - S->lc, S->lc));
        zp_fe2 *a = malloc(rows * sizeof *a), *b = malloc(C * sizeof *b);
        CHECK_OK(zp_layout_functional(S->L, a, b, S->idA, pt, 1, res.r_b));
        CHECK_OK(zp_claims_add(cl, a, b, evs[0]));
        CHECK_OK(zp_layout_functional(S->L, a, b, S->idB, pt, 1, res.r_b));
        CHECK_OK(zp_claims_add(cl, a, b, evs[1]));
        g_functional(S, a, b, &res, pt);
        CHECK_OK(zp_claims_add(cl, a, b, res.g_eval));
        size_t n;
        const zp_fe2 *const *ma, *const *mb;
        const zp_fe2 *my;
        CHECK_OK(zp_claims_finish(cl, &tr, &n, &ma, &mb, &my));
        CHECK(n == 2); /* A^ and B^ share b; g has its own */
        zp_fe2 y[4];
        e = zp_pcs_open(pr, &tr, pf, n, ma, mb, y);
        for (size_t k = 0; k < n; k++) CHECK(gl2_eq(y[k], my[k]));
        free(a);
        free(b);
        zp_claims_free(cl);
    }
    zp_pcs_prover_free(pr);
    return e;
}

static zp_err e2e_verify(const e2e_t *S, const zp_bytes *pf, const char *dom) {
    zp_transcript tr;
    zp_reader rd;
    zp_transcript_init(&tr, dom);
    zp_reader_init(&rd, pf->data, pf->len);
    zp_digest root;
    zp_fe2 H, evs[2], pt[ZP_SC_MAX_VARS];
    zp_sc_zk_result res;
    size_t C = (size_t)1 << S->lc, rows = (size_t)1 << (S->nv - S->lc);
    zp_err e = zp_fs_recv_digest(&tr, &rd, "e2e/root", &root, 1);
    if (e == ZP_OK) e = zp_fs_recv_fe2(&tr, &rd, "e2e/H", &H, 1);
    if (e == ZP_OK) e = zp_sumcheck_zk_verify(&tr, &rd, &res, pt, S->n, 2, H);
    if (e == ZP_OK) e = zp_fs_recv_fe2(&tr, &rd, "e2e/evals", evs, 2);
    zp_sc_term term = {{1, 0}, 2, {0, 1}};
    if (e == ZP_OK) e = zp_sumcheck_zk_check_final(&res, &term, 1, evs, 2);
    if (e != ZP_OK) return e;
    zp_claims *cl;
    CHECK_OK(zp_claims_create(&cl, S->nv - S->lc, S->lc));
    zp_fe2 *a = malloc(rows * sizeof *a), *b = malloc(C * sizeof *b);
    CHECK_OK(zp_layout_functional(S->L, a, b, S->idA, pt, 1, res.r_b));
    CHECK_OK(zp_claims_add(cl, a, b, evs[0]));
    CHECK_OK(zp_layout_functional(S->L, a, b, S->idB, pt, 1, res.r_b));
    CHECK_OK(zp_claims_add(cl, a, b, evs[1]));
    g_functional(S, a, b, &res, pt);
    CHECK_OK(zp_claims_add(cl, a, b, res.g_eval));
    size_t n;
    const zp_fe2 *const *ma, *const *mb;
    const zp_fe2 *my;
    CHECK_OK(zp_claims_finish(cl, &tr, &n, &ma, &mb, &my));
    e = zp_pcs_verify(&S->pp, &root, &tr, &rd, n, ma, mb, my);
    if (e == ZP_OK) e = zp_reader_finish(&rd);
    free(a);
    free(b);
    zp_claims_free(cl);
    return e;
}

TEST(layout_zk_sumcheck_end_to_end) {
    e2e_t S;
    e2e_setup(&S, 7, 11);
    zp_rng rng;
    zp_rng_init_u64(&rng, 12);
    zp_bytes pf;
    CHECK_OK(e2e_prove(&S, &pf, "test/e2e", &rng));
    CHECK_OK(e2e_verify(&S, &pf, "test/e2e"));
    CHECK(e2e_verify(&S, &pf, "test/e2e-other") == ZP_ERR_VERIFY);
    /* flip one bit in a sample of positions covering every section */
    size_t step = pf.len / 97 + 1;
    for (size_t i = 0; i < pf.len; i += step) {
        pf.data[i] ^= 0x04;
        zp_err e = e2e_verify(&S, &pf, "test/e2e");
        CHECK(e == ZP_ERR_VERIFY || e == ZP_ERR_PARSE);
        pf.data[i] ^= 0x04;
    }
    /* same statement shape, other witness and seeds: same proof size */
    e2e_t S2;
    e2e_setup(&S2, 7, 13);
    zp_rng_init_u64(&rng, 14);
    zp_bytes pf2;
    CHECK_OK(e2e_prove(&S2, &pf2, "test/e2e", &rng));
    CHECK_OK(e2e_verify(&S2, &pf2, "test/e2e"));
    CHECK(pf.len == pf2.len);
    zp_bytes_free(&pf);
    zp_bytes_free(&pf2);
    free(S.ev);
    free(S2.ev);
    zp_layout_free(S.L);
    zp_layout_free(S2.L);
}
