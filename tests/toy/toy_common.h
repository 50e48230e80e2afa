/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Shared helpers of the toy-field tests (tests/toy, ZP_TOY_FIELD = 97). */
#ifndef ZP_TESTS_TOY_COMMON_H
#define ZP_TESTS_TOY_COMMON_H

#include "harness.h"
#include "field/gl.h"
#include "hash/toy_feed.h"
#include "piop/toy_weak.h"
#include "zkprov/piop.h"

#if !defined(ZP_TOY_FIELD) || ZP_TOY_FIELD != 97
#error "tests/toy build with -DZP_TOY_FIELD=97 only"
#endif

#define P 97u
/* |F_97^2 \ F_97| and |F_97^2|. */
#define P2 (P * P)

static inline zp_fe2 fe2(uint64_t a, uint64_t b) {
    zp_fe2 r = {a % P, b % P};
    return r;
}
static inline zp_fe2 fe2_of(zp_fe a) { return fe2(a, 0); }
static inline zp_fe toy_rand(void) { return test_rand_u64() % P; }

/* The multilinear extension of tab[2^n] at z (variable 0 = the low index
 * bit), by the definition sum_x tab[x] prod_i (z_i or 1 - z_i): test-side
 * code, independent of the library's MLE and sumcheck kernels. */
static inline zp_fe2 toy_mle(const zp_fe *tab, unsigned n, const zp_fe2 *z) {
    zp_fe2 acc = {0, 0};
    for (size_t x = 0; x < ((size_t)1 << n); x++) {
        zp_fe2 w = {1, 0};
        for (unsigned i = 0; i < n; i++) {
            zp_fe2 zi = ((x >> i) & 1) ? z[i] : gl2_sub(fe2(1, 0), z[i]);
            w = gl2_mul(w, zi);
        }
        acc = gl2_add(acc, gl2_mul_fe(w, tab[x]));
    }
    return acc;
}

/* Values of a univariate polynomial of degree d given by s[0..d] at
 * 0..d, at the point r (Lagrange, test-side). */
static inline zp_fe2 toy_interp(const zp_fe2 *s, unsigned d, zp_fe2 r) {
    zp_fe2 acc = {0, 0};
    for (unsigned k = 0; k <= d; k++) {
        zp_fe2 num = {1, 0};
        zp_fe den = 1;
        for (unsigned m = 0; m <= d; m++) {
            if (m == k) continue;
            num = gl2_mul(num, gl2_sub(r, fe2_of(m)));
            den = gl_mul(den, gl_sub(k, m));
        }
        acc = gl2_add(acc, gl2_mul(s[k], gl2_mul_fe(num, zp_fe_inv(den))));
    }
    return acc;
}

/* A proof byte string built value by value. */
typedef struct {
    uint8_t buf[16 * 64];
    size_t len;
} toy_proof;
static inline void toy_put(toy_proof *p, zp_fe2 v) {
    zp_fe2_to_bytes_le(p->buf + p->len, v);
    p->len += 16;
}

/* The i-th element of the challenge set: F_97 (ext = 0, i < 97) or all of
 * F_97^2 (ext = 1, i < 97^2). */
static inline zp_fe2 toy_challenge(size_t i, int ext) {
    return ext ? fe2(i % P, i / P) : fe2(i, 0);
}

#endif
