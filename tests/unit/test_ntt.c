/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the NTT: naive DFT, round trips, coset LDE, backends, threads. */
// ZP_TEST_LAYER: field
#include <omp.h>

#include "harness.h"
#include "field/gl.h"
#include "field/ntt_internal.h"
#include "zkprov/field.h"

static zp_fe t_pow(zp_fe a, uint64_t e) {
    zp_fe r = 1;
    for (; e; e >>= 1, a = gl_mul(a, a))
        if (e & 1) r = gl_mul(r, a);
    return r;
}
/* Independent of the library: 7^((p-1)/2^k). */
static zp_fe t_root(unsigned k) { return t_pow(7, (GL_P - 1) >> k); }

static zp_fe rand_fe(void) {
    for (;;) {
        uint64_t v = test_rand_u64();
        if (v < GL_P) return v;
    }
}
static zp_fe *rand_vec(size_t n) {
    zp_fe *v = malloc((n ? n : 1) * sizeof(zp_fe));
    for (size_t i = 0; i < n; i++) v[i] = rand_fe();
    return v;
}
static zp_fe *dup_vec(const zp_fe *a, size_t n) {
    zp_fe *v = malloc((n ? n : 1) * sizeof(zp_fe));
    memcpy(v, a, n * sizeof(zp_fe));
    return v;
}

/* O(n^2) DFT: out[i] = sum_j a[j] w^(ij). */
static void naive_dft(zp_fe *out, const zp_fe *a, unsigned log_n, zp_fe w) {
    size_t n = (size_t)1 << log_n;
    zp_fe wi = 1;
    for (size_t i = 0; i < n; i++) {
        zp_fe acc = 0, x = 1;
        for (size_t j = 0; j < n; j++) {
            acc = gl_add(acc, gl_mul(a[j], x));
            x = gl_mul(x, wi);
        }
        out[i] = acc;
        wi = gl_mul(wi, w);
    }
}

static zp_fe horner(const zp_fe *c, size_t n, zp_fe x) {
    zp_fe acc = 0;
    for (size_t j = n; j-- > 0;) acc = gl_add(gl_mul(acc, x), c[j]);
    return acc;
}

static const int backends[2] = {ZP_NTT_PORTABLE, ZP_NTT_AVX512};

TEST(forward_matches_naive_dft) {
    for (unsigned L = 0; L <= 10; L++) {
        size_t n = (size_t)1 << L;
        zp_fe *a = rand_vec(n), *ref = malloc(n * sizeof(zp_fe));
        naive_dft(ref, a, L, t_root(L));
        for (int bi = 0; bi < 2; bi++) {
            zp_fe *x = dup_vec(a, n);
            CHECK_OK(zp_ntt_forward_backend(x, L, backends[bi]));
            CHECK(memcmp(x, ref, n * sizeof(zp_fe)) == 0);
            free(x);
        }
        zp_fe *x = dup_vec(a, n);
        CHECK_OK(zp_ntt_forward(x, L));
        CHECK(memcmp(x, ref, n * sizeof(zp_fe)) == 0);
        free(x);
        free(a);
        free(ref);
    }
}

TEST(inverse_matches_naive_dft) {
    for (unsigned L = 0; L <= 10; L++) {
        size_t n = (size_t)1 << L;
        zp_fe *a = rand_vec(n), *ref = malloc(n * sizeof(zp_fe));
        /* inverse = (1/n) DFT with w^-1 */
        naive_dft(ref, a, L, t_pow(t_root(L), n - 1));
        zp_fe ninv = t_pow(n % GL_P, GL_P - 2);
        for (size_t i = 0; i < n; i++) ref[i] = gl_mul(ref[i], ninv);
        for (int bi = 0; bi < 2; bi++) {
            zp_fe *x = dup_vec(a, n);
            CHECK_OK(zp_ntt_inverse_backend(x, L, backends[bi]));
            CHECK(memcmp(x, ref, n * sizeof(zp_fe)) == 0);
            free(x);
        }
        free(a);
        free(ref);
    }
}

TEST(root_matches_field_layer) {
    /* forward(delta_1)[i] = w^i with w = zp_fe_root_of_unity(L) */
    for (unsigned L = 1; L <= 12; L++) {
        size_t n = (size_t)1 << L;
        zp_fe *x = calloc(n, sizeof(zp_fe));
        x[1] = 1;
        CHECK_OK(zp_ntt_forward(x, L));
        CHECK(x[1] == zp_fe_root_of_unity(L));
        CHECK(x[1] == t_root(L));
        CHECK(t_pow(x[1], n / 2) == GL_P - 1);
        free(x);
    }
}

TEST(roundtrip_up_to_2_18) {
    for (unsigned L = 0; L <= 18; L++) {
        size_t n = (size_t)1 << L;
        zp_fe *a = rand_vec(n), *x = dup_vec(a, n);
        CHECK_OK(zp_ntt_forward(x, L));
        if (L >= 2) CHECK(memcmp(x, a, n * sizeof(zp_fe)) != 0);
        CHECK_OK(zp_ntt_inverse(x, L));
        CHECK(memcmp(x, a, n * sizeof(zp_fe)) == 0);
        free(a);
        free(x);
    }
}

TEST(forward_spot_check_large) {
    /* Points of a 2^17 and 2^20 transform against Horner evaluation. */
    unsigned sizes[2] = {17, 20};
    for (int si = 0; si < 2; si++) {
        unsigned L = sizes[si];
        size_t n = (size_t)1 << L;
        zp_fe *a = rand_vec(n), *x = dup_vec(a, n);
        CHECK_OK(zp_ntt_forward(x, L));
        zp_fe w = t_root(L);
        for (int k = 0; k < 8; k++) {
            size_t i = k == 0 ? 0 : k == 1 ? n - 1 : (size_t)(test_rand_u64() % n);
            CHECK(x[i] == horner(a, n, t_pow(w, i)));
        }
        free(a);
        free(x);
    }
}

TEST(convolution_theorem) {
    /* NTT(a) * NTT(b) = NTT(a (*) b), cyclic convolution, n = 64. */
    unsigned L = 6;
    size_t n = (size_t)1 << L;
    zp_fe *a = rand_vec(n), *b = rand_vec(n), *c = calloc(n, sizeof(zp_fe));
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            c[(i + j) % n] = gl_add(c[(i + j) % n], gl_mul(a[i], b[j]));
    CHECK_OK(zp_ntt_forward(a, L));
    CHECK_OK(zp_ntt_forward(b, L));
    for (size_t i = 0; i < n; i++) a[i] = gl_mul(a[i], b[i]);
    CHECK_OK(zp_ntt_inverse(a, L));
    CHECK(memcmp(a, c, n * sizeof(zp_fe)) == 0);
    free(a);
    free(b);
    free(c);
}

static void check_lde(unsigned L, size_t nc, zp_fe shift, int samples) {
    size_t n = (size_t)1 << L;
    zp_fe *c = rand_vec(nc), *out = malloc(n * sizeof(zp_fe));
    zp_fe *ref = NULL;
    CHECK_OK(zp_ntt_coset_lde(out, L, c, nc, shift));
    zp_fe w = t_root(L);
    if (samples < 0 || (size_t)samples >= n) {
        for (size_t i = 0; i < n; i++)
            CHECK(out[i] == horner(c, nc, gl_mul(shift, t_pow(w, i))));
    } else {
        for (int k = 0; k < samples; k++) {
            size_t i = k == 0 ? 0 : k == 1 ? n - 1 : (size_t)(test_rand_u64() % n);
            CHECK(out[i] == horner(c, nc, gl_mul(shift, t_pow(w, i))));
        }
    }
    for (int bi = 0; bi < 2; bi++) {
        ref = malloc(n * sizeof(zp_fe));
        CHECK_OK(zp_ntt_coset_lde_backend(ref, L, c, nc, shift, backends[bi]));
        CHECK(memcmp(ref, out, n * sizeof(zp_fe)) == 0);
        free(ref);
    }
    free(c);
    free(out);
}

TEST(coset_lde_small_exhaustive) {
    for (unsigned L = 0; L <= 8; L++) {
        size_t n = (size_t)1 << L;
        size_t ncs[6] = {0, 1, n / 4 + 1, n / 2, n / 2 + 3, n};
        for (int k = 0; k < 6; k++) {
            if (ncs[k] > n) continue;
            check_lde(L, ncs[k], ZP_FIELD_GENERATOR, -1);
            check_lde(L, ncs[k], rand_fe(), -1);
        }
    }
}

TEST(coset_lde_rs_shapes) {
    /* The Reed-Solomon encoder's shapes: k + t coefficients (not a power
     * of two), rate 1/2 and 1/4, shift = the generator 7. */
    for (unsigned lk = 8; lk <= 16; lk += 4) {
        size_t k = (size_t)1 << lk, t = 37 + lk;
        check_lde(lk + 1, k + t, ZP_FIELD_GENERATOR, 24);
        check_lde(lk + 2, k + t, ZP_FIELD_GENERATOR, 24);
        check_lde(lk + 2, k - 5, rand_fe(), 24);
    }
    /* big enough for the breadth-first passes (2^17 coefficients, 2^19 out) */
    check_lde(19, ((size_t)1 << 17) + 61, ZP_FIELD_GENERATOR, 16);
}

TEST(coset_lde_shift_one_is_ntt) {
    unsigned L = 12;
    size_t n = (size_t)1 << L;
    zp_fe *a = rand_vec(n), *out = malloc(n * sizeof(zp_fe));
    CHECK_OK(zp_ntt_coset_lde(out, L, a, n, 1));
    CHECK_OK(zp_ntt_forward(a, L));
    CHECK(memcmp(a, out, n * sizeof(zp_fe)) == 0);
    free(a);
    free(out);
}

TEST(avx512_matches_portable) {
    for (unsigned L = 0; L <= 18; L++) {
        size_t n = (size_t)1 << L;
        zp_fe *a = rand_vec(n), *x = dup_vec(a, n), *y = dup_vec(a, n);
        CHECK_OK(zp_ntt_forward_backend(x, L, ZP_NTT_PORTABLE));
        CHECK_OK(zp_ntt_forward_backend(y, L, ZP_NTT_AVX512));
        CHECK(memcmp(x, y, n * sizeof(zp_fe)) == 0);
        memcpy(x, a, n * sizeof(zp_fe));
        memcpy(y, a, n * sizeof(zp_fe));
        CHECK_OK(zp_ntt_inverse_backend(x, L, ZP_NTT_PORTABLE));
        CHECK_OK(zp_ntt_inverse_backend(y, L, ZP_NTT_AVX512));
        CHECK(memcmp(x, y, n * sizeof(zp_fe)) == 0);
        free(a);
        free(x);
        free(y);
    }
    printf("  (default backend: %s)\n",
           zp_ntt_default_backend() == ZP_NTT_AVX512 ? "avx512" : "portable");
}

TEST(one_vs_two_threads) {
    int saved = omp_get_max_threads();
    unsigned sizes[2] = {17, 20};
    for (int si = 0; si < 2; si++) {
        unsigned L = sizes[si];
        size_t n = (size_t)1 << L;
        zp_fe *a = rand_vec(n), *x = dup_vec(a, n), *y = dup_vec(a, n);
        zp_fe *l1 = malloc(2 * n * sizeof(zp_fe)), *l2 = malloc(2 * n * sizeof(zp_fe));
        omp_set_num_threads(1);
        CHECK_OK(zp_ntt_forward(x, L));
        CHECK_OK(zp_ntt_coset_lde(l1, L + 1, a, n / 2 + 11, ZP_FIELD_GENERATOR));
        omp_set_num_threads(2);
        CHECK_OK(zp_ntt_forward(y, L));
        CHECK_OK(zp_ntt_coset_lde(l2, L + 1, a, n / 2 + 11, ZP_FIELD_GENERATOR));
        CHECK(memcmp(x, y, n * sizeof(zp_fe)) == 0);
        CHECK(memcmp(l1, l2, 2 * n * sizeof(zp_fe)) == 0);
        omp_set_num_threads(1);
        CHECK_OK(zp_ntt_inverse(x, L));
        omp_set_num_threads(2);
        CHECK_OK(zp_ntt_inverse(y, L));
        CHECK(memcmp(x, y, n * sizeof(zp_fe)) == 0);
        CHECK(memcmp(x, a, n * sizeof(zp_fe)) == 0);
        free(a);
        free(x);
        free(y);
        free(l1);
        free(l2);
    }
    omp_set_num_threads(saved);
}

TEST(argument_errors) {
    zp_fe buf[8] = {1, 2, 3, 4, 5, 6, 7, 8}, out[8];
    CHECK(zp_ntt_forward(buf, ZP_NTT_MAX_LOG + 1) == ZP_ERR_ARG);
    CHECK(zp_ntt_inverse(buf, ZP_NTT_MAX_LOG + 1) == ZP_ERR_ARG);
    CHECK(zp_ntt_forward(buf, 40) == ZP_ERR_ARG);
    CHECK(buf[0] == 1 && buf[7] == 8); /* untouched */
    CHECK(zp_ntt_forward(NULL, 3) == ZP_ERR_ARG);
    CHECK(zp_ntt_inverse(NULL, 3) == ZP_ERR_ARG);
    CHECK(zp_ntt_coset_lde(out, ZP_NTT_MAX_LOG + 1, buf, 8, 7) == ZP_ERR_ARG);
    CHECK(zp_ntt_coset_lde(NULL, 3, buf, 8, 7) == ZP_ERR_ARG);
    CHECK(zp_ntt_coset_lde(out, 3, NULL, 8, 7) == ZP_ERR_ARG);
    out[0] = 5;
    CHECK(zp_ntt_coset_lde(out, 2, buf, 5, 7) == ZP_ERR_ARG); /* 5 > 4 */
    CHECK(out[0] == 0 && out[3] == 0);                     /* zeroed */
    CHECK_OK(zp_ntt_coset_lde(out, 3, NULL, 0, 7));
    for (int i = 0; i < 8; i++) CHECK(out[i] == 0);
    /* size 1 is the identity */
    zp_fe one = 12345;
    CHECK_OK(zp_ntt_forward(&one, 0));
    CHECK_OK(zp_ntt_inverse(&one, 0));
    CHECK(one == 12345);
}
