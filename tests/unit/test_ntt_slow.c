/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Slow NTT tests: 2^24 and 2^26 round trips, spot checks, backends. */
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
static zp_fe t_root(unsigned k) { return t_pow(7, (GL_P - 1) >> k); }

static zp_fe horner(const zp_fe *c, size_t n, zp_fe x) {
    zp_fe acc = 0;
    for (size_t j = n; j-- > 0;) acc = gl_add(gl_mul(acc, x), c[j]);
    return acc;
}

/* Pseudo-random canonical vector from the test seed (fast for 2^26). */
static zp_fe *big_vec(size_t n) {
    zp_fe *v = malloc(n * sizeof(zp_fe));
    if (v == NULL) return NULL;
    uint64_t s = test_rand_u64() | 1;
    for (size_t i = 0; i < n; i++) {
        s ^= s << 13; s ^= s >> 7; s ^= s << 17;
        v[i] = gl_from_u64(s);
    }
    return v;
}

static void roundtrip_and_spot(unsigned L, int spots) {
    size_t n = (size_t)1 << L;
    zp_fe *a = big_vec(n), *x = malloc(n * sizeof(zp_fe));
    CHECK(a != NULL && x != NULL);
    if (a == NULL || x == NULL) { free(a); free(x); return; }
    memcpy(x, a, n * sizeof(zp_fe));
    CHECK_OK(zp_ntt_forward(x, L));
    zp_fe w = t_root(L);
    for (int k = 0; k < spots; k++) {
        size_t i = k == 0 ? 0 : k == 1 ? n - 1 : (size_t)(test_rand_u64() % n);
        CHECK(x[i] == horner(a, n, t_pow(w, i)));
    }
    CHECK_OK(zp_ntt_inverse(x, L));
    CHECK(memcmp(x, a, n * sizeof(zp_fe)) == 0);
    free(a);
    free(x);
}

TEST(roundtrip_2_24) { roundtrip_and_spot(24, 6); }

TEST(roundtrip_2_26) { roundtrip_and_spot(26, 3); }

TEST(backends_and_threads_2_24) {
    unsigned L = 24;
    size_t n = (size_t)1 << L;
    int saved = omp_get_max_threads();
    zp_fe *a = big_vec(n), *x = malloc(n * sizeof(zp_fe)), *y = malloc(n * sizeof(zp_fe));
    CHECK(a != NULL && x != NULL && y != NULL);
    if (a && x && y) {
        memcpy(x, a, n * sizeof(zp_fe));
        memcpy(y, a, n * sizeof(zp_fe));
        omp_set_num_threads(1);
        CHECK_OK(zp_ntt_forward_backend(x, L, ZP_NTT_PORTABLE));
        omp_set_num_threads(2);
        CHECK_OK(zp_ntt_forward_backend(y, L, ZP_NTT_AVX512));
        CHECK(memcmp(x, y, n * sizeof(zp_fe)) == 0);
        CHECK_OK(zp_ntt_inverse_backend(x, L, ZP_NTT_AVX512));
        omp_set_num_threads(1);
        CHECK_OK(zp_ntt_inverse_backend(y, L, ZP_NTT_PORTABLE));
        CHECK(memcmp(x, y, n * sizeof(zp_fe)) == 0);
        CHECK(memcmp(x, a, n * sizeof(zp_fe)) == 0);
    }
    omp_set_num_threads(saved);
    free(a);
    free(x);
    free(y);
}

TEST(coset_lde_2_20_to_2_22) {
    size_t nc = ((size_t)1 << 20) + 123;
    unsigned L = 22;
    size_t n = (size_t)1 << L;
    zp_fe *c = big_vec(nc), *out = malloc(n * sizeof(zp_fe)), *ref = malloc(n * sizeof(zp_fe));
    CHECK(c != NULL && out != NULL && ref != NULL);
    if (c && out && ref) {
        CHECK_OK(zp_ntt_coset_lde_backend(out, L, c, nc, ZP_FIELD_GENERATOR, ZP_NTT_AVX512));
        CHECK_OK(zp_ntt_coset_lde_backend(ref, L, c, nc, ZP_FIELD_GENERATOR, ZP_NTT_PORTABLE));
        CHECK(memcmp(out, ref, n * sizeof(zp_fe)) == 0);
        zp_fe w = t_root(L);
        for (int k = 0; k < 6; k++) {
            size_t i = k == 0 ? 0 : (size_t)(test_rand_u64() % n);
            CHECK(out[i] == horner(c, nc, gl_mul(ZP_FIELD_GENERATOR, t_pow(w, i))));
        }
    }
    free(c);
    free(out);
    free(ref);
}
