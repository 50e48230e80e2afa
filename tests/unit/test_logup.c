/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of LogUp lookups (src/piop/logup.c). */
// ZP_TEST_LAYER: piop
#include <omp.h>

#include "harness.h"
#include "field/gl.h"
#include "piop/matmul_internal.h"

static void rand_fe(zp_fe *v, size_t n) {
    for (size_t i = 0; i < n; i++) v[i] = gl_from_u64(test_rand_u64());
}

/* (1 - r_b) X~(z) + r_b R~(z), R periodic; the caller's PCS stand-in. */
static zp_fe2 oracle(const zp_fe *x, const zp_fe *mask, size_t mask_len,
                     const zp_piop_claim *cl) {
    zp_fe2 v = cl->n_vars ? zp_mle_eval(x, cl->point, cl->n_vars) : gl2_from_fe(x[0]);
    if (mask == NULL) return v;
    zp_fe2 one = gl2_from_fe(1);
    return gl2_add(gl2_mul(gl2_sub(one, cl->r_b), v),
                   gl2_mul(cl->r_b, zp_piop_periodic_eval(mask, mask_len, cl->point)));
}

typedef struct {
    unsigned log_n, log_t;
    size_t n_cols;
    int zk;
    zp_fe *table, *a[ZP_LOGUP_MAX_COLS], *mask[ZP_LOGUP_MAX_COLS];
    size_t mask_len;
} lu_case;

/* A table of distinct values (contiguous or random) and columns drawn from it. */
static void lu_setup(lu_case *c, unsigned log_n, unsigned log_t, size_t n_cols, int zk,
                     int contiguous) {
    memset(c, 0, sizeof *c);
    c->log_n = log_n; c->log_t = log_t; c->n_cols = n_cols; c->zk = zk;
    size_t N = (size_t)1 << log_n, T = (size_t)1 << log_t;
    c->table = malloc(T * sizeof(zp_fe));
    zp_fe base = gl_from_u64(test_rand_u64());
    for (size_t j = 0; j < T; j++)
        c->table[j] = contiguous ? gl_add(base, j) : gl_from_u64(test_rand_u64());
    /* ZK masks: two values at least (a one-value base mask leaks) */
    c->mask_len = (size_t)1 << (log_n ? 1 + test_rand_u64() % log_n : 0);
    for (size_t k = 0; k < n_cols; k++) {
        c->a[k] = malloc(N * sizeof(zp_fe));
        for (size_t i = 0; i < N; i++) c->a[k][i] = c->table[test_rand_u64() % T];
        c->mask[k] = malloc(c->mask_len * sizeof(zp_fe));
        rand_fe(c->mask[k], c->mask_len);
    }
}

static void lu_free(lu_case *c) {
    free(c->table);
    for (size_t k = 0; k < c->n_cols; k++) { free(c->a[k]); free(c->mask[k]); }
}

static void lu_inst_of(zp_lu_inst *in, const lu_case *c) {
    memset(in, 0, sizeof *in);
    in->log_n = c->log_n; in->log_t = c->log_t; in->zk = c->zk;
    in->n_src = in->n_cols = c->n_cols;
    in->table = c->table;
    for (size_t k = 0; k < c->n_cols; k++) {
        zp_piop_tensor t = {c->a[k], c->mask[k], c->mask_len};
        in->src[k] = t;
        in->col_src[k] = (unsigned)k;
        in->col_scale[k] = 1;
    }
}

static zp_err lu_prove(const lu_case *c, zp_bytes *pf, const zp_fe *m_override,
                       uint64_t seed) {
    zp_lu_inst in;
    lu_inst_of(&in, c);
    zp_transcript tr;
    zp_transcript_init(&tr, "zkprov-test/logup");
    zp_rng rng;
    zp_rng_init_u64(&rng, seed);
    zp_piop_claim cl[ZP_LU_MAX_SRC];
    return zp_lu_prove(&tr, pf, cl, &in, m_override, &rng);
}

static zp_err lu_verify(const lu_case *c, const uint8_t *p, size_t len) {
    zp_transcript tr;
    zp_transcript_init(&tr, "zkprov-test/logup");
    zp_reader rd;
    zp_reader_init(&rd, p, len);
    zp_logup_claims out;
    zp_err e = zp_logup_verify(&tr, &rd, &out, c->n_cols, c->log_n, c->table, c->log_t, c->zk);
    if (e != ZP_OK) return e;
    if (zp_reader_finish(&rd) != ZP_OK) return ZP_ERR_PARSE;
    for (size_t k = 0; k < c->n_cols; k++)
        if (!gl2_eq(out.col[k].value,
                    oracle(c->a[k], c->zk ? c->mask[k] : NULL, c->mask_len, &out.col[k])))
            return ZP_ERR_VERIFY;
    return ZP_OK;
}

TEST(logup_counts) {
    lu_case c;
    lu_setup(&c, 6, 4, 2, 0, 0);
    zp_fe m[16];
    const zp_fe *cols[2] = {c.a[0], c.a[1]};
    CHECK_OK(zp_logup_counts_var(m, cols, 2, 64, c.table, 16));
    for (size_t j = 0; j < 16; j++) {
        zp_fe cnt = 0;
        for (size_t k = 0; k < 2; k++)
            for (size_t i = 0; i < 64; i++) cnt += c.a[k][i] == c.table[j];
        CHECK(m[j] == cnt);
    }
    c.a[1][5] = gl_add(c.a[1][5], 0x123456789ULL);
    int in_t = 0;
    for (size_t j = 0; j < 16; j++) in_t |= c.table[j] == c.a[1][5];
    if (!in_t) CHECK(zp_logup_counts_var(m, cols, 2, 64, c.table, 16) == ZP_ERR_ARG);
    lu_free(&c);
}

TEST(logup_complete) {
    /* (log_n, log_t, cols, zk, contiguous) */
    static const unsigned cases[][5] = {
        {4, 4, 1, 0, 1}, {4, 4, 1, 1, 0}, {4, 16, 1, 1, 1}, {0, 3, 1, 0, 0},
        {8, 2, 2, 1, 0}, {10, 6, 3, 0, 1}, {12, 8, 4, 1, 1}, {14, 16, 1, 1, 1},
        {3, 0, 1, 1, 1}, {9, 11, 2, 1, 0},
    };
    for (size_t t = 0; t < sizeof cases / sizeof cases[0]; t++) {
        lu_case c;
        lu_setup(&c, cases[t][0], cases[t][1], cases[t][2], (int)cases[t][3], (int)cases[t][4]);
        zp_bytes pf;
        zp_bytes_init(&pf);
        zp_err e = lu_prove(&c, &pf, NULL, 7);
        CHECK_OK(e);
        if (e != ZP_OK) fprintf(stderr, "case %zu: prove %s\n", t, zp_strerror(e));
        e = lu_verify(&c, pf.data, pf.len);
        CHECK_OK(e);
        if (e != ZP_OK) fprintf(stderr, "case %zu: verify %s\n", t, zp_strerror(e));
        zp_bytes_free(&pf);
        lu_free(&c);
    }
}

/* ZK needs masks of two values at least: a column of one value (log_n = 0)
 * or a one-value mask is refused. */
TEST(logup_zk_one_value_mask_refused) {
    lu_case c;
    lu_setup(&c, 4, 3, 1, 1, 1);
    zp_bytes pf;
    zp_bytes_init(&pf);
    c.mask_len = 1;
    CHECK(lu_prove(&c, &pf, NULL, 3) == ZP_ERR_ARG);
    c.mask_len = 2;
    CHECK_OK(lu_prove(&c, &pf, NULL, 3));
    CHECK_OK(lu_verify(&c, pf.data, pf.len));
    zp_bytes_free(&pf);
    lu_free(&c);
    lu_setup(&c, 0, 3, 1, 0, 1);
    zp_bytes_init(&pf);
    c.zk = 1;
    c.mask_len = 1;
    CHECK(lu_prove(&c, &pf, NULL, 3) == ZP_ERR_ARG);
    CHECK(lu_verify(&c, pf.data, pf.len) == ZP_ERR_ARG);
    zp_bytes_free(&pf);
    lu_free(&c);
}

TEST(logup_public_api_roundtrip) {
    lu_case c;
    lu_setup(&c, 6, 5, 2, 1, 0);
    zp_piop_tensor cols[2] = {{c.a[0], c.mask[0], c.mask_len}, {c.a[1], c.mask[1], c.mask_len}};
    zp_transcript tr;
    zp_transcript_init(&tr, "zkprov-test/logup");
    zp_rng rng;
    zp_rng_init_u64(&rng, 1);
    zp_bytes pf;
    zp_bytes_init(&pf);
    zp_logup_claims pc;
    CHECK_OK(zp_logup_prove(&tr, &pf, &pc, cols, 2, 6, c.table, 5, 1, &rng));
    CHECK(pc.n_cols == 2);
    CHECK_OK(lu_verify(&c, pf.data, pf.len));
    /* a value outside the table: the honest prover refuses */
    zp_bytes_free(&pf);
    zp_bytes_init(&pf);
    c.a[0][3] = gl_add(c.a[0][3], 0xdeadbeefULL);
    zp_transcript_init(&tr, "zkprov-test/logup");
    CHECK(zp_logup_prove(&tr, &pf, &pc, cols, 2, 6, c.table, 5, 1, &rng) == ZP_ERR_ARG);
    zp_bytes_free(&pf);
    lu_free(&c);
}

/* A value outside the table, proven with the multiplicities of the others. */
TEST(logup_value_outside_table_rejected) {
    for (int zk = 0; zk < 2; zk++) {
        lu_case c;
        lu_setup(&c, 7, 5, 1, zk, 1);
        size_t T = 32;
        zp_fe m[32];
        const zp_fe *cols[1] = {c.a[0]};
        CHECK_OK(zp_logup_counts_var(m, cols, 1, 128, c.table, T));
        size_t i = test_rand_u64() % 128;
        size_t j = (size_t)gl_sub(c.a[0][i], c.table[0]);
        c.a[0][i] = gl_add(c.table[0], 32 + test_rand_u64() % 1000); /* not in t */
        m[j] = gl_sub(m[j], 1);
        zp_bytes pf;
        zp_bytes_init(&pf);
        CHECK_OK(lu_prove(&c, &pf, m, 3)); /* the cheating prover goes on */
        CHECK(lu_verify(&c, pf.data, pf.len) != ZP_OK);
        /* same with the multiplicity moved to another entry */
        zp_bytes_free(&pf);
        zp_bytes_init(&pf);
        m[(j + 1) % T] = gl_add(m[(j + 1) % T], 1);
        CHECK_OK(lu_prove(&c, &pf, m, 3));
        CHECK(lu_verify(&c, pf.data, pf.len) != ZP_OK);
        zp_bytes_free(&pf);
        lu_free(&c);
    }
}

TEST(logup_wrong_multiplicity_rejected) {
    for (int zk = 0; zk < 2; zk++) {
        lu_case c;
        lu_setup(&c, 8, 6, 2, zk, 0);
        size_t T = 64;
        zp_fe m[64];
        const zp_fe *cols[2] = {c.a[0], c.a[1]};
        CHECK_OK(zp_logup_counts_var(m, cols, 2, 256, c.table, T));
        size_t j = test_rand_u64() % T;
        m[j] = gl_add(m[j], 1 + test_rand_u64() % 5);
        zp_bytes pf;
        zp_bytes_init(&pf);
        CHECK_OK(lu_prove(&c, &pf, m, 5));
        CHECK(lu_verify(&c, pf.data, pf.len) != ZP_OK);
        zp_bytes_free(&pf);
        lu_free(&c);
    }
}

TEST(logup_byte_flips_rejected) {
    lu_case c;
    lu_setup(&c, 3, 2, 1, 1, 1);
    zp_bytes pf;
    zp_bytes_init(&pf);
    CHECK_OK(lu_prove(&c, &pf, NULL, 9));
    CHECK_OK(lu_verify(&c, pf.data, pf.len));
    size_t accepted = 0;
    /* a stride keeps the default suite short (about 12000 verifications);
     * test_logup_slow.c flips every byte */
    size_t step = pf.len > 12000 ? pf.len / 12000 + 1 : 1;
    for (size_t i = 0; i < pf.len; i += step) {
        pf.data[i] ^= (uint8_t)(1u << (i % 8));
        if (lu_verify(&c, pf.data, pf.len) == ZP_OK) accepted++;
        pf.data[i] ^= (uint8_t)(1u << (i % 8));
    }
    CHECK(accepted == 0);
    CHECK(lu_verify(&c, pf.data, pf.len - 1) != ZP_OK);
    printf("  logup proof of 2^3 lookups into 2^2: %zu bytes, step %zu\n", pf.len, step);
    zp_bytes_free(&pf);
    lu_free(&c);
}

TEST(logup_size_witness_independent_and_threads) {
    lu_case c1, c2;
    lu_setup(&c1, 11, 9, 1, 1, 0);
    lu_setup(&c2, 11, 9, 1, 1, 0);
    zp_bytes p1, p2, p3;
    zp_bytes_init(&p1);
    zp_bytes_init(&p2);
    zp_bytes_init(&p3);
    int saved = omp_get_max_threads();
    omp_set_num_threads(1);
    CHECK_OK(lu_prove(&c1, &p1, NULL, 11));
    omp_set_num_threads(2);
    CHECK_OK(lu_prove(&c1, &p3, NULL, 11));
    CHECK_OK(lu_prove(&c2, &p2, NULL, 11));
    omp_set_num_threads(saved);
    CHECK(p1.len == p2.len);
    CHECK(p1.len == p3.len && memcmp(p1.data, p3.data, p1.len) == 0);
    zp_bytes_free(&p1);
    zp_bytes_free(&p2);
    zp_bytes_free(&p3);
    lu_free(&c1);
    lu_free(&c2);
}
