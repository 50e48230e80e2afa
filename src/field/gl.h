/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Internal inline Goldilocks arithmetic used by every layer's hot loops
 * (F_97 in the toy build, ZP_TOY_FIELD).  Constant time: no branch or
 * index depends on values. */
#ifndef ZP_FIELD_GL_H
#define ZP_FIELD_GL_H

#include <stdint.h>
#include "zkprov/field.h"

#define GL_P ZP_FIELD_P

#ifndef ZP_TOY_FIELD
/* ---- Goldilocks: reductions that use 2^64 = 2^32 - 1 and 2^96 = -1 ---- */
#define GL_EPS 0xFFFFFFFFULL /* 2^64 mod p = 2^32 - 1 */

/* x >= p ? x - p : x without a branch.  x >= p exactly when x + (2^32 - 1)
 * carries out of 64 bits, and then x - p = x + (2^32 - 1) mod 2^64. */
static inline zp_fe gl_canon(uint64_t x) {
    uint64_t t;
    uint64_t c = (uint64_t)__builtin_add_overflow(x, GL_EPS, &t);
    (void)t;
    return x + (GL_EPS & (0 - c));
}

static inline zp_fe gl_add(zp_fe a, zp_fe b) {
    uint64_t s = a + b;
    uint64_t carry = s < a;               /* wrapped past 2^64 */
    s += GL_EPS & (0 - carry);            /* + 2^64 mod p      */
    /* s < 2^64; now fold once more into [0, p). */
    return gl_canon(s);
}

static inline zp_fe gl_sub(zp_fe a, zp_fe b) {
    uint64_t d = a - b;
    uint64_t borrow = a < b;
    return d - (GL_EPS & (0 - borrow));   /* - 2^64 mod p */
}

static inline zp_fe gl_neg(zp_fe a) { return gl_sub(0, a); }

/* Reduces a 128-bit product hi:lo, using 2^64 = 2^32 - 1 and 2^96 = -1. */
static inline zp_fe gl_reduce128(unsigned __int128 x) {
    uint64_t lo = (uint64_t)x, hi = (uint64_t)(x >> 64);
    uint64_t hi_hi = hi >> 32, hi_lo = hi & GL_EPS;
    uint64_t t0 = lo - hi_hi;             /* lo - hi_hi*2^96 */
    uint64_t borrow = lo < hi_hi;
    t0 -= GL_EPS & (0 - borrow);
    uint64_t t1 = hi_lo * GL_EPS;         /* hi_lo * 2^64 */
    uint64_t s = t0 + t1;
    uint64_t carry = s < t0;
    s += GL_EPS & (0 - carry);
    return gl_canon(s);
}

static inline zp_fe gl_mul(zp_fe a, zp_fe b) {
    return gl_reduce128((unsigned __int128)a * b);
}
static inline zp_fe gl_sqr(zp_fe a) { return gl_mul(a, a); }

/* Reduces any uint64 into [0, p). */
static inline zp_fe gl_from_u64(uint64_t v) { return gl_canon(v); }

static inline zp_fe gl_mul7(zp_fe a) {
    /* 7a = hi*2^64 + lo with hi < 7, and 2^64 = 2^32 - 1: the reduction of
     * gl_reduce128 with hi_hi = 0. */
    unsigned __int128 x = (unsigned __int128)a * 7;
    uint64_t lo = (uint64_t)x, hi = (uint64_t)(x >> 64);
    uint64_t t1 = hi * GL_EPS;
    uint64_t s = lo + t1;
    uint64_t carry = s < t1;
    s += GL_EPS & (0 - carry);
    return gl_canon(s);
}

/* 2^128 mod p (= -2^32) and -2^128 mod p (= 2^32): the lazy 192-bit product
 * sums (field/acc192.h, src/piop) fold their top word hi as hi * 2^128. */
#define GL_2POW128 (GL_P - 0x100000000ULL)
#define GL_NEG_2POW128 0x100000000ULL
/* hi * (-2^128) mod p for hi < 2^32: a shift, already canonical. */
static inline zp_fe gl_mul_neg2pow128_u32(uint64_t hi) { return hi << 32; }
/* Rejection samplers compare (word & GL_SAMPLE_MASK) with p: every bit. */
#define GL_SAMPLE_MASK (~(uint64_t)0)

#else /* ZP_TOY_FIELD */
/* ---- toy field F_97 (tests/toy only): portable reductions by `%`, for
 * any 64- or 128-bit input, so every caller that relies on the Goldilocks
 * identities above gets the same function of its inputs mod p.  `%` is not
 * constant time on every CPU: the toy build serves soundness tests only. */
#define GL_EPS ((uint64_t)(((unsigned __int128)1 << 64) % GL_P)) /* 2^64 mod p */
static inline zp_fe gl_canon(uint64_t x) { return x % GL_P; }
static inline zp_fe gl_add(zp_fe a, zp_fe b) { return (a % GL_P + b % GL_P) % GL_P; }
static inline zp_fe gl_sub(zp_fe a, zp_fe b) { return (a % GL_P + GL_P - b % GL_P) % GL_P; }
static inline zp_fe gl_neg(zp_fe a) { return gl_sub(0, a); }
static inline zp_fe gl_reduce128(unsigned __int128 x) { return (zp_fe)(x % GL_P); }
static inline zp_fe gl_mul(zp_fe a, zp_fe b) { return (a % GL_P) * (b % GL_P) % GL_P; }
static inline zp_fe gl_sqr(zp_fe a) { return gl_mul(a, a); }
static inline zp_fe gl_from_u64(uint64_t v) { return v % GL_P; }
static inline zp_fe gl_mul7(zp_fe a) { return gl_mul(a, 7); }
#define GL_2POW128 ((zp_fe)((((unsigned __int128)1 << 127) % GL_P) * 2 % GL_P))
#define GL_NEG_2POW128 ((GL_P - GL_2POW128) % GL_P)
static inline zp_fe gl_mul_neg2pow128_u32(uint64_t hi) { return gl_mul(hi % GL_P, GL_NEG_2POW128); }
/* The smallest all-ones mask covering p - 1 (127): a masked word is below
 * p with probability 97/128, so rejection sampling ends quickly. */
#define GL_SAMPLE_MASK ((uint64_t)127)
#endif /* ZP_TOY_FIELD */

/* A signed integer mod p (zp_fe_from_i64, inline for hot loops): as a
 * uint64 a negative v reads v + 2^64, and 2^64 = GL_EPS mod p. */
static inline zp_fe gl_from_i64(int64_t v) {
    const uint64_t u = (uint64_t)v;
    return gl_sub(gl_from_u64(u), GL_EPS & (0 - (u >> 63)));
}

/* ---- extension F_p[x]/(x^2 - 7) ---- */
static inline zp_fe2 gl2_add(zp_fe2 a, zp_fe2 b) {
    zp_fe2 r = {gl_add(a.c0, b.c0), gl_add(a.c1, b.c1)};
    return r;
}
static inline zp_fe2 gl2_sub(zp_fe2 a, zp_fe2 b) {
    zp_fe2 r = {gl_sub(a.c0, b.c0), gl_sub(a.c1, b.c1)};
    return r;
}
static inline zp_fe2 gl2_neg(zp_fe2 a) {
    zp_fe2 r = {gl_neg(a.c0), gl_neg(a.c1)};
    return r;
}
static inline zp_fe2 gl2_mul(zp_fe2 a, zp_fe2 b) {
    zp_fe v0 = gl_mul(a.c0, b.c0), v1 = gl_mul(a.c1, b.c1);
    zp_fe2 r;
    r.c0 = gl_add(v0, gl_mul7(v1));
    r.c1 = gl_sub(gl_mul(gl_add(a.c0, a.c1), gl_add(b.c0, b.c1)), gl_add(v0, v1));
    return r;
}
static inline zp_fe2 gl2_mul_fe(zp_fe2 a, zp_fe b) {
    zp_fe2 r = {gl_mul(a.c0, b), gl_mul(a.c1, b)};
    return r;
}
static inline zp_fe2 gl2_sqr(zp_fe2 a) { return gl2_mul(a, a); }
static inline zp_fe2 gl2_from_fe(zp_fe a) {
    zp_fe2 r = {a, 0};
    return r;
}
static inline int gl2_eq(zp_fe2 a, zp_fe2 b) {
    return ((a.c0 ^ b.c0) | (a.c1 ^ b.c1)) == 0;
}
static inline int gl2_is_zero(zp_fe2 a) { return (a.c0 | a.c1) == 0; }

#endif
