/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of src/field (all but the NTT) against GMP as an independent oracle. */
// ZP_TEST_LAYER: field
#include <gmp.h>

#include "harness.h"
#include "zkprov/field.h"
#include "field/batch.h"

#define P ZP_FIELD_P

/* ---------------- GMP oracle ---------------- */
static mpz_t g_p;
static int g_init = 0;

static void oracle_init(void) {
    if (g_init) return;
    mpz_init(g_p);
    mpz_ui_pow_ui(g_p, 2, 64);
    mpz_t t;
    mpz_init(t);
    mpz_ui_pow_ui(t, 2, 32);
    mpz_sub(g_p, g_p, t);
    mpz_add_ui(g_p, g_p, 1);
    mpz_clear(t);
    g_init = 1;
}

static void mz_set(mpz_t z, uint64_t v) { mpz_import(z, 1, -1, sizeof v, 0, 0, &v); }
static uint64_t mz_get(const mpz_t z) {
    uint64_t v = 0;
    size_t cnt = 0;
    if (mpz_sizeinbase(z, 2) > 64 || mpz_sgn(z) < 0) return ~0ULL; /* never a valid fe */
    mpz_export(&v, &cnt, -1, sizeof v, 0, 0, z);
    return v;
}

typedef enum { O_ADD, O_SUB, O_MUL } op_kind;
static uint64_t o_bin(op_kind k, uint64_t a, uint64_t b) {
    mpz_t x, y;
    mpz_inits(x, y, NULL);
    mz_set(x, a);
    mz_set(y, b);
    if (k == O_ADD) mpz_add(x, x, y);
    else if (k == O_SUB) mpz_sub(x, x, y);
    else mpz_mul(x, x, y);
    mpz_mod(x, x, g_p);
    uint64_t r = mz_get(x);
    mpz_clears(x, y, NULL);
    return r;
}
static uint64_t o_add(uint64_t a, uint64_t b) { return o_bin(O_ADD, a, b); }
static uint64_t o_sub(uint64_t a, uint64_t b) { return o_bin(O_SUB, a, b); }
static uint64_t o_mul(uint64_t a, uint64_t b) { return o_bin(O_MUL, a, b); }
static uint64_t o_pow(uint64_t a, uint64_t e) {
    mpz_t x, y;
    mpz_inits(x, y, NULL);
    mz_set(x, a);
    mz_set(y, e);
    mpz_powm(x, x, y, g_p);
    uint64_t r = mz_get(x);
    mpz_clears(x, y, NULL);
    return r;
}
/* Inverse, or 0 when none exists. */
static uint64_t o_inv(uint64_t a) {
    mpz_t x;
    mpz_init(x);
    mz_set(x, a);
    uint64_t r = mpz_invert(x, x, g_p) ? mz_get(x) : 0;
    mpz_clear(x);
    return r;
}
static uint64_t o_mod(uint64_t a) { return o_add(a, 0); }

/* Extension oracle: polynomials mod (x^2 - 7), each step in GMP integers. */
static zp_fe2 o2_mul(zp_fe2 a, zp_fe2 b) {
    mpz_t a0, a1, b0, b1, t, u;
    mpz_inits(a0, a1, b0, b1, t, u, NULL);
    mz_set(a0, a.c0);
    mz_set(a1, a.c1);
    mz_set(b0, b.c0);
    mz_set(b1, b.c1);
    mpz_mul(t, a1, b1); /* x^2 term -> 7 */
    mpz_mul_ui(t, t, 7);
    mpz_addmul(t, a0, b0);
    mpz_mod(t, t, g_p);
    mpz_mul(u, a0, b1);
    mpz_addmul(u, a1, b0);
    mpz_mod(u, u, g_p);
    zp_fe2 r = {mz_get(t), mz_get(u)};
    mpz_clears(a0, a1, b0, b1, t, u, NULL);
    return r;
}
static zp_fe2 o2_pow(zp_fe2 a, uint64_t e) {
    zp_fe2 r = {1, 0};
    while (e) {
        if (e & 1) r = o2_mul(r, a);
        a = o2_mul(a, a);
        e >>= 1;
    }
    return r;
}
static int fe2_eq(zp_fe2 a, zp_fe2 b) { return a.c0 == b.c0 && a.c1 == b.c1; }

/* ---------------- inputs ---------------- */
static const uint64_t EDGES[] = {
    0, 1, 2, 3, 7, P - 1, P - 2, P - 3, (P - 1) / 2, (P + 1) / 2,
    1ULL << 32, (1ULL << 32) - 1, (1ULL << 32) + 1, 0xFFFFFFFF00000000ULL,
    1ULL << 63, (1ULL << 63) - 1, 1ULL << 31, 0xFFFFFFFEFFFFFFFFULL,
    0x00000000FFFFFFFEULL, 0x7FFFFFFF80000000ULL, 0xFFFFFFFE00000001ULL,
    0xFFFFFFFE00000000ULL, 0x8000000000000001ULL,
};
#define N_EDGES (sizeof EDGES / sizeof EDGES[0])

/* Values >= p (not canonical), for parsing and for the mul kernel. */
static const uint64_t NONCANON[] = {
    P, P + 1, P + 2, P + 0x7FFFFFFFULL, 0xFFFFFFFFFFFFFFFEULL, 0xFFFFFFFFFFFFFFFFULL,
    0xFFFFFFFF80000000ULL, 0xFFFFFFFFFFFF0000ULL, P + 0xFFFFFFFDULL,
};
#define N_NONCANON (sizeof NONCANON / sizeof NONCANON[0])

/* A canonical element: an edge value a quarter of the time, else uniform. */
static zp_fe rand_fe(void) {
    uint64_t r = test_rand_u64();
    if ((r & 3) == 0) return EDGES[(r >> 2) % N_EDGES];
    uint64_t v;
    do v = test_rand_u64(); while (v >= P);
    return v;
}
static zp_fe2 rand_fe2(void) {
    zp_fe2 r = {rand_fe(), rand_fe()};
    return r;
}

/* ---------------- scalar base field ---------------- */
TEST(test_sizes) {
    CHECK(zp_fe_bytes() == 8 && ZP_FE_BYTES == 8);
    CHECK(zp_fe2_bytes() == 16 && ZP_FE2_BYTES == 16);
    oracle_init();
    CHECK(mz_get(g_p) == P);
}

static void check_scalar_pair(uint64_t a, uint64_t b) {
    CHECK(zp_fe_add(a, b) == o_add(a, b));
    CHECK(zp_fe_sub(a, b) == o_sub(a, b));
    CHECK(zp_fe_mul(a, b) == o_mul(a, b));
}

TEST(test_scalar_edges_vs_gmp) {
    oracle_init();
    for (size_t i = 0; i < N_EDGES; i++) {
        uint64_t a = EDGES[i];
        CHECK(zp_fe_neg(a) == o_sub(0, a));
        CHECK(zp_fe_sqr(a) == o_mul(a, a));
        for (size_t j = 0; j < N_EDGES; j++) check_scalar_pair(a, EDGES[j]);
    }
}

TEST(test_scalar_random_vs_gmp) {
    oracle_init();
    for (int it = 0; it < 200000 * test_iters(); it++) {
        uint64_t a = rand_fe(), b = rand_fe();
        check_scalar_pair(a, b);
        CHECK(zp_fe_neg(a) == o_sub(0, a));
        CHECK(zp_fe_sqr(a) == o_mul(a, a));
    }
}

TEST(test_mul_noncanonical_inputs) {
    /* gl_mul reduces any 128-bit product, so any uint64 inputs work. */
    oracle_init();
    for (size_t i = 0; i < N_NONCANON; i++) {
        for (size_t j = 0; j < N_EDGES; j++) CHECK(zp_fe_mul(NONCANON[i], EDGES[j]) == o_mul(NONCANON[i], EDGES[j]));
        for (size_t j = 0; j < N_NONCANON; j++) CHECK(zp_fe_mul(NONCANON[i], NONCANON[j]) == o_mul(NONCANON[i], NONCANON[j]));
    }
    for (int it = 0; it < 50000; it++) {
        uint64_t a = test_rand_u64(), b = test_rand_u64();
        CHECK(zp_fe_mul(a, b) == o_mul(a, b));
    }
}

TEST(test_pow_vs_gmp) {
    oracle_init();
    const uint64_t exps[] = {0, 1, 2, 3, P - 1, P - 2, P, ~0ULL, 1ULL << 63, (P - 1) / 2, 1ULL << 32};
    for (size_t i = 0; i < N_EDGES; i++)
        for (size_t j = 0; j < sizeof exps / sizeof exps[0]; j++)
            CHECK(zp_fe_pow(EDGES[i], exps[j]) == o_pow(EDGES[i], exps[j]));
    for (int it = 0; it < 20000 * test_iters(); it++) {
        uint64_t a = rand_fe(), e = test_rand_u64();
        CHECK(zp_fe_pow(a, e) == o_pow(a, e));
    }
}

TEST(test_inv_vs_gmp) {
    oracle_init();
    CHECK(zp_fe_inv(0) == 0);
    for (size_t i = 0; i < N_EDGES; i++) {
        CHECK(zp_fe_inv(EDGES[i]) == o_inv(EDGES[i]));
        if (EDGES[i]) CHECK(o_mul(zp_fe_inv(EDGES[i]), EDGES[i]) == 1);
    }
    for (int it = 0; it < 30000 * test_iters(); it++) {
        uint64_t a = rand_fe();
        zp_fe r = zp_fe_inv(a);
        CHECK(r == o_inv(a));
        CHECK(a == 0 || o_mul(r, a) == 1);
    }
}

TEST(test_from_u64_i64) {
    oracle_init();
    for (size_t i = 0; i < N_EDGES; i++) CHECK(zp_fe_from_u64(EDGES[i]) == EDGES[i]);
    for (size_t i = 0; i < N_NONCANON; i++) CHECK(zp_fe_from_u64(NONCANON[i]) == o_mod(NONCANON[i]));
    const int64_t iv[] = {0, 1, -1, 2, -2, 7, -7, INT64_MAX, INT64_MIN, INT64_MIN + 1,
                          (int64_t)1 << 32, -((int64_t)1 << 32), ((int64_t)1 << 32) - 1,
                          -(((int64_t)1 << 32) - 1), 1000000007, -1000000007};
    mpz_t z;
    mpz_init(z);
    for (int it = 0; it < (int)(sizeof iv / sizeof iv[0]) + 5000; it++) {
        int64_t v = it < (int)(sizeof iv / sizeof iv[0]) ? iv[it] : (int64_t)test_rand_u64();
        if (it >= (int)(sizeof iv / sizeof iv[0]) && (it & 1)) v >>= (it % 60); /* small magnitudes */
        /* z = |v| via two steps (INT64_MIN has no positive int64). */
        uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
        mz_set(z, mag);
        if (v < 0) mpz_neg(z, z);
        mpz_mod(z, z, g_p);
        CHECK(zp_fe_from_i64(v) == mz_get(z));
        uint64_t u = test_rand_u64();
        CHECK(zp_fe_from_u64(u) == o_mod(u));
    }
    mpz_clear(z);
}

TEST(test_bytes_roundtrip_and_rejection) {
    uint8_t b[8];
    zp_fe x;
    for (size_t i = 0; i < N_EDGES; i++) {
        zp_fe_to_bytes_le(b, EDGES[i]);
        for (int k = 0; k < 8; k++) CHECK(b[k] == (uint8_t)(EDGES[i] >> (8 * k)));
        CHECK_OK(zp_fe_from_bytes_le(&x, b));
        CHECK(x == EDGES[i]);
    }
    /* The edges of [p, 2^64), every value p .. p+4095 and 2^64-4096 .. 2^64-1,
     * and random values in the interval, are all rejected, output zeroed. */
    for (uint64_t d = 0; d < 4096; d++) {
        const uint64_t vs[2] = {P + d, ~0ULL - d};
        for (int k = 0; k < 2; k++) {
            zp_store64_le(b, vs[k]);
            x = 12345;
            CHECK(zp_fe_from_bytes_le(&x, b) == ZP_ERR_PARSE);
            CHECK(x == 0);
        }
    }
    for (int it = 0; it < 10000; it++) {
        uint64_t v = P + test_rand_u64() % (0 - P); /* uniform in [p, 2^64) */
        zp_store64_le(b, v);
        x = 1;
        CHECK(zp_fe_from_bytes_le(&x, b) == ZP_ERR_PARSE && x == 0);
        uint64_t w = test_rand_u64() % P;
        zp_store64_le(b, w);
        CHECK(zp_fe_from_bytes_le(&x, b) == ZP_OK && x == w);
    }
    zp_store64_le(b, P - 1);
    CHECK_OK(zp_fe_from_bytes_le(&x, b));
    CHECK(x == P - 1);
}

TEST(test_generator_7) {
    /* p - 1 = 2^32 * 3 * 5 * 17 * 257 * 65537 with each factor prime, and
     * 7^((p-1)/q) != 1 for each prime q: 7 generates F_p^*. */
    oracle_init();
    const unsigned long q[] = {2, 3, 5, 17, 257, 65537};
    mpz_t m, t, g;
    mpz_inits(m, t, g, NULL);
    mpz_ui_pow_ui(m, 2, 32);
    for (int i = 1; i < 6; i++) mpz_mul_ui(m, m, q[i]);
    mpz_sub_ui(t, g_p, 1);
    CHECK(mpz_cmp(m, t) == 0);
    mpz_set_ui(g, 7);
    for (int i = 0; i < 6; i++) {
        mpz_set_ui(t, q[i]);
        CHECK(mpz_probab_prime_p(t, 30) == 2);
        mpz_sub_ui(t, g_p, 1);
        CHECK(mpz_divisible_ui_p(t, q[i]));
        mpz_divexact_ui(t, t, q[i]);
        mpz_powm(t, g, t, g_p);
        CHECK(mpz_cmp_ui(t, 1) != 0);
        CHECK(zp_fe_pow(ZP_FIELD_GENERATOR, (P - 1) / q[i]) != 1);
    }
    CHECK(ZP_FIELD_GENERATOR == 7);
    /* 7 is a quadratic non-residue, so x^2 - 7 is irreducible. */
    CHECK(mpz_legendre(g, g_p) == -1);
    CHECK(zp_fe_pow(ZP_FE2_W, (P - 1) / 2) == P - 1);
    mpz_clears(m, t, g, NULL);
}

TEST(test_roots_of_unity) {
    oracle_init();
    for (unsigned k = 0; k <= 32; k++) {
        zp_fe w = zp_fe_root_of_unity(k);
        CHECK(w == o_pow(7, (P - 1) >> k));
        /* order exactly 2^k */
        zp_fe t = w;
        for (unsigned j = 0; j < k; j++) {
            if (j + 1 == k) CHECK(t == P - 1); /* w^(2^(k-1)) = -1 */
            t = o_mul(t, t);
        }
        CHECK(t == 1); /* w^(2^k) = 1 */
        if (k > 0) CHECK(o_mul(w, w) == zp_fe_root_of_unity(k - 1));
    }
    CHECK(zp_fe_root_of_unity(1) == P - 1);
    CHECK(zp_fe_root_of_unity(33) == 0);
    CHECK(zp_fe_root_of_unity(1000) == 0);
}

/* ---------------- extension ---------------- */
TEST(test_fe2_vs_gmp) {
    oracle_init();
    for (int it = 0; it < 50000 * test_iters(); it++) {
        zp_fe2 a = rand_fe2(), b = rand_fe2();
        zp_fe s = rand_fe();
        zp_fe2 r;
        r = zp_fe2_add(a, b);
        CHECK(r.c0 == o_add(a.c0, b.c0) && r.c1 == o_add(a.c1, b.c1));
        r = zp_fe2_sub(a, b);
        CHECK(r.c0 == o_sub(a.c0, b.c0) && r.c1 == o_sub(a.c1, b.c1));
        r = zp_fe2_neg(a);
        CHECK(r.c0 == o_sub(0, a.c0) && r.c1 == o_sub(0, a.c1));
        CHECK(fe2_eq(zp_fe2_mul(a, b), o2_mul(a, b)));
        CHECK(fe2_eq(zp_fe2_sqr(a), o2_mul(a, a)));
        zp_fe2 sf = {s, 0};
        CHECK(fe2_eq(zp_fe2_mul_fe(a, s), o2_mul(a, sf)));
    }
    /* (a x) * x = 7a: exercises the multiplication by the non-residue */
    zp_fe2 xx = {0, 1};
    for (size_t i = 0; i < N_EDGES + 2000; i++) {
        zp_fe a = i < N_EDGES ? EDGES[i] : rand_fe();
        zp_fe2 ax = {0, a};
        zp_fe2 r = zp_fe2_mul(ax, xx);
        CHECK(r.c0 == o_mul(a, 7) && r.c1 == 0);
        zp_fe2 r8[8], ax8[8], xx8[8];
        for (int k = 0; k < 8; k++) { ax8[k] = ax; xx8[k] = xx; }
        zp_fe2_mul_batch(r8, ax8, xx8, 8);
        CHECK(r8[5].c0 == o_mul(a, 7) && r8[5].c1 == 0);
    }
    /* x * x = 7 */
    zp_fe2 x = {0, 1};
    zp_fe2 seven = {7, 0};
    CHECK(fe2_eq(zp_fe2_mul(x, x), seven));
    /* all edge pairs */
    for (size_t i = 0; i < N_EDGES; i++)
        for (size_t j = 0; j < N_EDGES; j++) {
            zp_fe2 a = {EDGES[i], EDGES[j]}, b = {EDGES[j], EDGES[(i + j) % N_EDGES]};
            CHECK(fe2_eq(zp_fe2_mul(a, b), o2_mul(a, b)));
            CHECK(fe2_eq(zp_fe2_sqr(a), o2_mul(a, a)));
        }
}

TEST(test_fe2_pow_inv_vs_gmp) {
    oracle_init();
    zp_fe2 zero = {0, 0}, one = {1, 0};
    CHECK(fe2_eq(zp_fe2_inv(zero), zero));
    CHECK(fe2_eq(zp_fe2_pow(zero, 0), one));
    for (int it = 0; it < 3000 * test_iters(); it++) {
        zp_fe2 a = rand_fe2();
        uint64_t e = test_rand_u64();
        if (it < 8) e = (uint64_t[]){0, 1, 2, P - 1, P, ~0ULL, 1ULL << 63, 3}[it];
        CHECK(fe2_eq(zp_fe2_pow(a, e), o2_pow(a, e)));
        zp_fe2 r = zp_fe2_inv(a);
        if (a.c0 == 0 && a.c1 == 0) {
            CHECK(fe2_eq(r, zero));
        } else {
            CHECK(fe2_eq(o2_mul(a, r), one));
        }
    }
    /* Frobenius: a^p = a0 + a1 x^p = a0 - a1 x, since x^(p-1) = 7^((p-1)/2)
     * = -1 (7 is a non-residue). */
    for (int it = 0; it < 200; it++) {
        zp_fe2 a = rand_fe2();
        zp_fe2 conj = {a.c0, o_sub(0, a.c1)};
        CHECK(fe2_eq(zp_fe2_pow(a, P), conj));
    }
}

TEST(test_fe2_bytes) {
    uint8_t b[16];
    zp_fe2 x;
    for (int it = 0; it < 2000; it++) {
        zp_fe2 a = rand_fe2();
        zp_fe2_to_bytes_le(b, a);
        CHECK(zp_load64_le(b) == a.c0 && zp_load64_le(b + 8) == a.c1);
        CHECK_OK(zp_fe2_from_bytes_le(&x, b));
        CHECK(fe2_eq(x, a));
        /* one bad limb (either one) is rejected, output zeroed */
        uint64_t bad = NONCANON[(size_t)it % N_NONCANON];
        zp_store64_le(b + 8 * (size_t)(it & 1), bad);
        x.c0 = x.c1 = 99;
        CHECK(zp_fe2_from_bytes_le(&x, b) == ZP_ERR_PARSE);
        CHECK(x.c0 == 0 && x.c1 == 0);
    }
}

/* ---------------- vector kernels ---------------- */
static const zp_field_backend_t *backends[2];
static int n_backends(void) {
    int k = 0;
    backends[k++] = zp_field_backend_by_name("portable");
    const zp_field_backend_t *v = zp_field_backend_by_name("avx512");
    if (v) backends[k++] = v;
    return k;
}

TEST(test_backend_choice) {
    const char *name = zp_field_backend();
    CHECK(strcmp(name, "portable") == 0 || strcmp(name, "avx512") == 0);
    CHECK(zp_field_backend_by_name("portable") != NULL);
    CHECK(zp_field_backend_by_name("nonsense") == NULL);
    const zp_field_backend_t *cur = zp_field_backend_get();
    CHECK(cur == zp_field_backend_by_name(name));
    const char *force = getenv("ZP_FORCE_BACKEND");
    if (force && strcmp(force, "portable") == 0) CHECK(strcmp(name, "portable") == 0);
#ifdef ZP_NO_AVX512
    CHECK(strcmp(name, "portable") == 0);
#endif
    printf("  field backend: %s (%d available)\n", name, n_backends());
}

static const size_t LENS[] = {0, 1, 2, 3, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 65, 97, 129, 255, 1001};
#define N_LENS (sizeof LENS / sizeof LENS[0])
#define MAXN 1001

static zp_fe va[MAXN], vb[MAXN], vc[MAXN], vd[MAXN], vs[MAXN];

TEST(test_batch_vs_gmp_and_backends) {
    oracle_init();
    int nb = n_backends();
    for (int rep = 0; rep < 5 * test_iters(); rep++) {
        for (size_t li = 0; li < N_LENS; li++) {
            size_t n = LENS[li];
            for (size_t i = 0; i < n; i++) { va[i] = rand_fe(); vb[i] = rand_fe(); }
            if (n >= N_EDGES) /* all edge values at the head of a vector */
                for (size_t i = 0; i < N_EDGES; i++) va[i] = EDGES[i];
            zp_fe s = rand_fe();
            for (int k = 0; k < nb; k++) {
                const zp_field_backend_t *be = backends[k];
                int ok = 1;
                be->add(vc, va, vb, n);
                for (size_t i = 0; i < n; i++) ok &= vc[i] == o_add(va[i], vb[i]);
                be->sub(vc, va, vb, n);
                for (size_t i = 0; i < n; i++) ok &= vc[i] == o_sub(va[i], vb[i]);
                be->mul(vc, va, vb, n);
                for (size_t i = 0; i < n; i++) ok &= vc[i] == o_mul(va[i], vb[i]);
                be->scale(vc, va, s, n);
                for (size_t i = 0; i < n; i++) ok &= vc[i] == o_mul(va[i], s);
                memcpy(vc, vb, n * sizeof *vc);
                be->axpy(vc, va, s, n);
                for (size_t i = 0; i < n; i++) ok &= vc[i] == o_add(vb[i], o_mul(va[i], s));
                uint64_t d = 0;
                for (size_t i = 0; i < n; i++) d = o_add(d, o_mul(va[i], vb[i]));
                ok &= be->dot(va, vb, n) == d;
                CHECK(ok);
                if (!ok) printf("  backend %s failed at n=%zu\n", be->name, n);
            }
        }
    }
}

TEST(test_batch_backends_bit_identical) {
    int nb = n_backends();
    for (int rep = 0; rep < 300 * test_iters(); rep++) {
        size_t n = (size_t)(test_rand_u64() % MAXN);
        for (size_t i = 0; i < n; i++) { va[i] = rand_fe(); vb[i] = rand_fe(); }
        zp_fe s = rand_fe();
        for (int k = 1; k < nb; k++) {
            const zp_field_backend_t *r = backends[0], *v = backends[k];
            r->add(vc, va, vb, n); v->add(vd, va, vb, n);
            CHECK(memcmp(vc, vd, n * sizeof *vc) == 0);
            r->sub(vc, va, vb, n); v->sub(vd, va, vb, n);
            CHECK(memcmp(vc, vd, n * sizeof *vc) == 0);
            r->scale(vc, va, s, n); v->scale(vd, va, s, n);
            CHECK(memcmp(vc, vd, n * sizeof *vc) == 0);
            CHECK(r->dot(va, vb, n) == v->dot(va, vb, n));
            /* mul is defined on any 64-bit inputs */
            for (size_t i = 0; i < n; i++) {
                uint64_t u = test_rand_u64();
                if ((u & 7) == 0) va[i] = NONCANON[(u >> 3) % N_NONCANON];
                else if ((u & 7) == 1) va[i] = u;
            }
            r->mul(vc, va, vb, n); v->mul(vd, va, vb, n);
            CHECK(memcmp(vc, vd, n * sizeof *vc) == 0);
        }
    }
}

TEST(test_batch_aliasing) {
    oracle_init();
    size_t n = 77;
    for (size_t i = 0; i < n; i++) { va[i] = rand_fe(); vb[i] = rand_fe(); }
    zp_fe s = rand_fe();
    memcpy(vc, va, n * sizeof *vc);
    zp_fe_mul_batch(vc, vc, vb, n); /* out == a */
    for (size_t i = 0; i < n; i++) CHECK(vc[i] == o_mul(va[i], vb[i]));
    memcpy(vc, vb, n * sizeof *vc);
    zp_fe_add_batch(vc, va, vc, n); /* out == b */
    for (size_t i = 0; i < n; i++) CHECK(vc[i] == o_add(va[i], vb[i]));
    memcpy(vc, vb, n * sizeof *vc);
    zp_fe_sub_batch(vc, va, vc, n);
    for (size_t i = 0; i < n; i++) CHECK(vc[i] == o_sub(va[i], vb[i]));
    memcpy(vc, va, n * sizeof *vc);
    zp_fe_scale_batch(vc, vc, s, n);
    for (size_t i = 0; i < n; i++) CHECK(vc[i] == o_mul(va[i], s));
    memcpy(vc, va, n * sizeof *vc);
    zp_fe_axpy_batch(vc, vc, s, n); /* acc == a: acc = a + a*s */
    for (size_t i = 0; i < n; i++) CHECK(vc[i] == o_add(va[i], o_mul(va[i], s)));
    /* dispatched entry points agree with the chosen backend */
    zp_fe_mul_batch(vc, va, vb, n);
    zp_field_backend_get()->mul(vd, va, vb, n);
    CHECK(memcmp(vc, vd, n * sizeof *vc) == 0);
    CHECK(zp_fe_dot(va, vb, n) == zp_field_backend_get()->dot(va, vb, n));
}

TEST(test_dot_long) {
    /* Long enough for the 192-bit accumulator's carry word to be used. */
    oracle_init();
    static zp_fe a[20000], b[20000];
    for (size_t i = 0; i < 20000; i++) {
        a[i] = P - 1 - (test_rand_u64() & 0xFF);
        b[i] = P - 1 - (test_rand_u64() & 0xFF);
    }
    uint64_t d = 0;
    for (size_t i = 0; i < 20000; i++) d = o_add(d, o_mul(a[i], b[i]));
    int nb = n_backends();
    for (int k = 0; k < nb; k++) CHECK(backends[k]->dot(a, b, 20000) == d);
    CHECK(zp_fe_dot(a, b, 20000) == d);
}

static zp_fe2 wa[MAXN], wb[MAXN], wc[MAXN], wd[MAXN], ws[MAXN];

TEST(test_fe2_mul_batch) {
    oracle_init();
    int nb = n_backends();
    for (size_t li = 0; li < N_LENS; li++) {
        size_t n = LENS[li];
        for (size_t i = 0; i < n; i++) { wa[i] = rand_fe2(); wb[i] = rand_fe2(); }
        for (int k = 0; k < nb; k++) {
            backends[k]->mul2(wc, wa, wb, n);
            int ok = 1;
            for (size_t i = 0; i < n; i++) ok &= fe2_eq(wc[i], o2_mul(wa[i], wb[i]));
            CHECK(ok);
            if (k > 0) {
                backends[0]->mul2(wd, wa, wb, n);
                CHECK(memcmp(wc, wd, n * sizeof *wc) == 0);
            }
        }
        memcpy(wc, wa, n * sizeof *wc);
        zp_fe2_mul_batch(wc, wc, wb, n); /* aliasing */
        for (size_t i = 0; i < n; i++) CHECK(fe2_eq(wc[i], o2_mul(wa[i], wb[i])));
    }
}

TEST(test_batch_inv) {
    oracle_init();
    int nb = n_backends();
    for (size_t li = 0; li < N_LENS; li++) {
        size_t n = LENS[li];
        for (size_t i = 0; i < n; i++) {
            va[i] = rand_fe();
            if ((test_rand_u64() & 7) == 0) va[i] = 0; /* zeros map to zero */
        }
        for (int k = 0; k < nb; k++) {
            backends[k]->inv(vc, va, n, vs);
            int ok = 1;
            for (size_t i = 0; i < n; i++) ok &= vc[i] == zp_fe_inv(va[i]) && vc[i] == o_inv(va[i]);
            CHECK(ok);
            memcpy(vd, va, n * sizeof *vd);
            backends[k]->inv(vd, vd, n, vs); /* in place */
            CHECK(memcmp(vc, vd, n * sizeof *vc) == 0);
        }
        zp_fe_batch_inv(vd, va, n, vs);
        CHECK(memcmp(vc, vd, n * sizeof *vc) == 0);
    }
    /* all zeros, and a single nonzero among zeros */
    memset(va, 0, sizeof va);
    for (int k = 0; k < nb; k++) {
        backends[k]->inv(vc, va, 100, vs);
        int z = 1;
        for (size_t i = 0; i < 100; i++) z &= vc[i] == 0;
        CHECK(z);
        va[37] = 5;
        backends[k]->inv(vc, va, 100, vs);
        CHECK(vc[37] == o_inv(5) && vc[36] == 0 && vc[38] == 0);
        va[37] = 0;
    }
}

TEST(test_fe2_batch_inv) {
    oracle_init();
    zp_fe2 one = {1, 0};
    int nb = n_backends();
    for (size_t li = 0; li < N_LENS; li++) {
        size_t n = LENS[li];
        for (size_t i = 0; i < n; i++) {
            wa[i] = rand_fe2();
            uint64_t u = test_rand_u64() & 7;
            if (u == 0) wa[i].c0 = wa[i].c1 = 0;
            else if (u == 1) wa[i].c1 = 0;
            else if (u == 2) wa[i].c0 = 0;
        }
        for (int k = 0; k < nb; k++) {
            backends[k]->inv2(wc, wa, n, ws);
            int ok = 1;
            for (size_t i = 0; i < n; i++) {
                ok &= fe2_eq(wc[i], zp_fe2_inv(wa[i]));
                if (wa[i].c0 | wa[i].c1) ok &= fe2_eq(o2_mul(wc[i], wa[i]), one);
                else ok &= (wc[i].c0 | wc[i].c1) == 0;
            }
            CHECK(ok);
            if (!ok) printf("  backend %s failed at n=%zu\n", backends[k]->name, n);
            memcpy(wd, wa, n * sizeof *wd);
            backends[k]->inv2(wd, wd, n, ws); /* in place */
            CHECK(memcmp(wc, wd, n * sizeof *wc) == 0);
        }
        zp_fe2_batch_inv(wd, wa, n, ws);
        CHECK(memcmp(wc, wd, n * sizeof *wc) == 0);
    }
}
