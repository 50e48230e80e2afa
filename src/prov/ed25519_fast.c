/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Fast edwards25519 arithmetic for ECVRF-EDWARDS25519-SHA512-TAI outputs. */
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "common/cpu.h"
#include "prov/ed25519_fast.h"

// References:
//  - RFC 8032 (Josefsson, Liusvaara, "Edwards-Curve Digital Signature
//    Algorithm (EdDSA)", 2017): section 5.1 (parameters, encoding 5.1.2,
//    decoding 5.1.3, addition and doubling formulas 5.1.4).
//  - Hisil, Wong, Carter, Dawson, "Twisted Edwards Curves Revisited",
//    ASIACRYPT 2008: extended coordinates, a = -1 formulas.
//  - Bernstein, Duif, Lange, Schwabe, Yang, "High-speed high-security
//    signatures" (CHES 2011): radix 2^51 field representation, signed
//    radix-16 scalar recoding with constant-time table lookups.
//  - RFC 9381 sections 5.1, 5.2, 5.4.1.1: what is computed.
//  - Montgomery, "Speeding the Pollard and elliptic curve methods of
//    factorization" (1987): simultaneous inversion.
//
// Only the VRF OUTPUT is computed here: beta = SHA-512(0x03 || 0x03 ||
// point_to_string(8*Gamma) || 0x00), Gamma = x*H.  H (the output of
// encode_to_curve, already multiplied by the cofactor) lies in the
// prime-order subgroup, so 8*Gamma = (8x mod L)*H: one constant-time scalar
// multiplication by the secret s8 = 8x mod L per output.  No nonce,
// challenge or s are needed for beta.

typedef unsigned __int128 u128;
typedef zp_fe25519 fe;
typedef zp_ge25519 ge;

#define M51 ((uint64_t)0x7ffffffffffff) /* 2^51 - 1 */

/* ---- field GF(p), p = 2^255 - 19 ----------------------------------------
 * Limb bounds: fe_mul/fe_sq accept limbs < 2^56 and return limbs < 2^51
 * (limb 1 < 2^51 + 2^22).  fe_add of two such outputs is < 2^53; fe_sub(f,
 * g) adds 8p (limbs 2^54 - 152, 2^54 - 8) so g must be < 2^54 - 152, and
 * returns < 2^54 + f.  Every formula below keeps mul inputs < 2^56. */

static const fe fe_one = {{1, 0, 0, 0, 0}};

static inline void fe_add(fe *h, const fe *f, const fe *g) {
    for (int i = 0; i < 5; i++) h->v[i] = f->v[i] + g->v[i];
}

static inline void fe_sub(fe *h, const fe *f, const fe *g) {
    h->v[0] = f->v[0] + 0x3fffffffffff68u - g->v[0]; /* 8*(2^51 - 19) */
    for (int i = 1; i < 5; i++) h->v[i] = f->v[i] + 0x3ffffffffffff8u - g->v[i];
}

/* Carries limbs < 2^63 down to < 2^51 (limb 0 < 2^51 + 2^18). */
static inline void fe_carry(fe *h) {
    for (int i = 0; i < 4; i++) {
        h->v[i + 1] += h->v[i] >> 51;
        h->v[i] &= M51;
    }
    h->v[0] += 19 * (h->v[4] >> 51);
    h->v[4] &= M51;
}

static inline void fe_neg(fe *h, const fe *f) {
    static const fe zero = {{0, 0, 0, 0, 0}};
    fe_sub(h, &zero, f);
}

static inline void fe_reduce128(fe *h, u128 r0, u128 r1, u128 r2, u128 r3, u128 r4) {
    r1 += (uint64_t)(r0 >> 51);
    uint64_t h0 = (uint64_t)r0 & M51;
    r2 += (uint64_t)(r1 >> 51);
    uint64_t h1 = (uint64_t)r1 & M51;
    r3 += (uint64_t)(r2 >> 51);
    h->v[2] = (uint64_t)r2 & M51;
    r4 += (uint64_t)(r3 >> 51);
    h->v[3] = (uint64_t)r3 & M51;
    h->v[4] = (uint64_t)r4 & M51;
    u128 t = (r4 >> 51) * 19 + h0; /* 2^255 = 19 mod p */
    h->v[0] = (uint64_t)t & M51;
    h->v[1] = h1 + (uint64_t)(t >> 51);
}

static inline void fe_mul(fe *h, const fe *f, const fe *g) {
    uint64_t f0 = f->v[0], f1 = f->v[1], f2 = f->v[2], f3 = f->v[3], f4 = f->v[4];
    uint64_t g0 = g->v[0], g1 = g->v[1], g2 = g->v[2], g3 = g->v[3], g4 = g->v[4];
    uint64_t g1_19 = 19 * g1, g2_19 = 19 * g2, g3_19 = 19 * g3, g4_19 = 19 * g4;
    u128 r0 = (u128)f0 * g0 + (u128)f1 * g4_19 + (u128)f2 * g3_19 + (u128)f3 * g2_19 +
              (u128)f4 * g1_19;
    u128 r1 = (u128)f0 * g1 + (u128)f1 * g0 + (u128)f2 * g4_19 + (u128)f3 * g3_19 +
              (u128)f4 * g2_19;
    u128 r2 = (u128)f0 * g2 + (u128)f1 * g1 + (u128)f2 * g0 + (u128)f3 * g4_19 +
              (u128)f4 * g3_19;
    u128 r3 = (u128)f0 * g3 + (u128)f1 * g2 + (u128)f2 * g1 + (u128)f3 * g0 +
              (u128)f4 * g4_19;
    u128 r4 = (u128)f0 * g4 + (u128)f1 * g3 + (u128)f2 * g2 + (u128)f3 * g1 +
              (u128)f4 * g0;
    fe_reduce128(h, r0, r1, r2, r3, r4);
}

static inline void fe_sq(fe *h, const fe *f) {
    uint64_t f0 = f->v[0], f1 = f->v[1], f2 = f->v[2], f3 = f->v[3], f4 = f->v[4];
    uint64_t f0_2 = 2 * f0, f1_2 = 2 * f1, f1_38 = 38 * f1, f2_38 = 38 * f2,
             f3_38 = 38 * f3, f3_19 = 19 * f3, f4_19 = 19 * f4;
    u128 r0 = (u128)f0 * f0 + (u128)f1_38 * f4 + (u128)f2_38 * f3;
    u128 r1 = (u128)f0_2 * f1 + (u128)f2_38 * f4 + (u128)f3_19 * f3;
    u128 r2 = (u128)f0_2 * f2 + (u128)f1 * f1 + (u128)f3_38 * f4;
    u128 r3 = (u128)f0_2 * f3 + (u128)f1_2 * f2 + (u128)f4_19 * f4;
    u128 r4 = (u128)f0_2 * f4 + (u128)f1_2 * f3 + (u128)f2 * f2;
    fe_reduce128(h, r0, r1, r2, r3, r4);
}

static inline void fe_sqn(fe *h, const fe *f, int n) {
    fe_sq(h, f);
    for (int i = 1; i < n; i++) fe_sq(h, h);
}

/* h = f if b = 1, unchanged if b = 0 (b in {0, 1}; no branch). */
static inline void fe_cmov(fe *h, const fe *f, uint64_t b) {
    uint64_t m = (uint64_t)0 - b;
    for (int i = 0; i < 5; i++) h->v[i] ^= m & (h->v[i] ^ f->v[i]);
}

/* Reads bits 0..254 of s (bit 255 ignored). */
static void fe_frombytes(fe *h, const uint8_t s[32]) {
    uint64_t w0 = zp_load64_le(s), w1 = zp_load64_le(s + 8);
    uint64_t w2 = zp_load64_le(s + 16), w3 = zp_load64_le(s + 24);
    h->v[0] = w0 & M51;
    h->v[1] = ((w0 >> 51) | (w1 << 13)) & M51;
    h->v[2] = ((w1 >> 38) | (w2 << 26)) & M51;
    h->v[3] = ((w2 >> 25) | (w3 << 39)) & M51;
    h->v[4] = (w3 >> 12) & M51;
}

/* Canonical little-endian bytes of h mod p (constant time). */
static void fe_tobytes(uint8_t s[32], const fe *f) {
    uint64_t h[5];
    memcpy(h, f->v, sizeof h);
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < 4; i++) {
            h[i + 1] += h[i] >> 51;
            h[i] &= M51;
        }
        h[0] += 19 * (h[4] >> 51);
        h[4] &= M51;
    }
    // Now h < 2^255 + 2^18, limbs < 2^51 except h0 < 2^51 + 2^18.
    // q = floor((h + 19) / 2^255) is 1 iff h >= p.
    uint64_t q = (h[0] + 19) >> 51;
    q = (h[1] + q) >> 51;
    q = (h[2] + q) >> 51;
    q = (h[3] + q) >> 51;
    q = (h[4] + q) >> 51;
    h[0] += 19 * q;
    for (int i = 0; i < 4; i++) {
        h[i + 1] += h[i] >> 51;
        h[i] &= M51;
    }
    h[4] &= M51;
    zp_store64_le(s, h[0] | (h[1] << 51));
    zp_store64_le(s + 8, (h[1] >> 13) | (h[2] << 38));
    zp_store64_le(s + 16, (h[2] >> 26) | (h[3] << 25));
    zp_store64_le(s + 24, (h[3] >> 39) | (h[4] << 12));
}

static int fe_iszero_var(const fe *f) {
    uint8_t s[32];
    fe_tobytes(s, f);
    uint8_t a = 0;
    for (int i = 0; i < 32; i++) a |= s[i];
    return a == 0;
}

static int fe_isodd(const fe *f) {
    uint8_t s[32];
    fe_tobytes(s, f);
    return s[0] & 1;
}

/* z^(2^250 - 1) into t250, z^11 into z11 (the common part of the
 * exponentiation chains, as in Bernstein et al.'s ref10). */
static void fe_pow_2_250_1(fe *t250, fe *z11, const fe *z) {
    fe z2, z9, t0, t1, t2;
    fe_sq(&z2, z);            /* 2 */
    fe_sqn(&t0, &z2, 2);      /* 8 */
    fe_mul(&z9, &t0, z);      /* 9 */
    fe_mul(z11, &z9, &z2);    /* 11 */
    fe_sq(&t0, z11);          /* 22 */
    fe_mul(&t0, &t0, &z9);    /* 31 = 2^5 - 1 */
    fe_sqn(&t1, &t0, 5);
    fe_mul(&t0, &t1, &t0);    /* 2^10 - 1 */
    fe_sqn(&t1, &t0, 10);
    fe_mul(&t1, &t1, &t0);    /* 2^20 - 1 */
    fe_sqn(&t2, &t1, 20);
    fe_mul(&t1, &t2, &t1);    /* 2^40 - 1 */
    fe_sqn(&t1, &t1, 10);
    fe_mul(&t0, &t1, &t0);    /* 2^50 - 1 */
    fe_sqn(&t1, &t0, 50);
    fe_mul(&t1, &t1, &t0);    /* 2^100 - 1 */
    fe_sqn(&t2, &t1, 100);
    fe_mul(&t1, &t2, &t1);    /* 2^200 - 1 */
    fe_sqn(&t1, &t1, 50);
    fe_mul(t250, &t1, &t0);   /* 2^250 - 1 */
}

/* z^(p-2) = z^(2^255 - 21) = 1/z (0 for z = 0). */
static void fe_invert(fe *out, const fe *z) {
    fe t, z11;
    fe_pow_2_250_1(&t, &z11, z);
    fe_sqn(&t, &t, 5);        /* 2^255 - 32 */
    fe_mul(out, &t, &z11);    /* 2^255 - 21 */
}

/* z^((p-5)/8) = z^(2^252 - 3). */
static void fe_pow22523(fe *out, const fe *z) {
    fe t, z11;
    fe_pow_2_250_1(&t, &z11, z);
    fe_sqn(&t, &t, 2);        /* 2^252 - 4 */
    fe_mul(out, &t, z);       /* 2^252 - 3 */
}

/* Curve constants, derived rather than transcribed: d = -121665/121666
 * (RFC 8032 section 5.1), 2d, and sqrt(-1) = 2^((p-1)/4) (RFC 8032 section
 * 5.1.3 step 3).  Computed once; the same on every thread. */
static fe c_d, c_2d, c_sqrtm1;
static pthread_once_t c_once = PTHREAD_ONCE_INIT;

static void consts_compute(void) {
    fe a = {{121665, 0, 0, 0, 0}}, b = {{121666, 0, 0, 0, 0}}, t, d, d2, sm;
    fe_invert(&t, &b);
    fe_mul(&t, &t, &a);
    fe_neg(&d, &t);
    fe_add(&d2, &d, &d);
    // 2^((p-1)/4) = 2^(2^253 - 5) = (2^(2^252 - 3))^2 * 2.
    fe two = {{2, 0, 0, 0, 0}};
    fe_pow22523(&t, &two);
    fe_sq(&t, &t);
    fe_mul(&sm, &t, &two);
    // Stored fully reduced.
    uint8_t bd[32], bd2[32], bsm[32];
    fe_tobytes(bd, &d);
    fe_tobytes(bd2, &d2);
    fe_tobytes(bsm, &sm);
    fe_frombytes(&c_d, bd);
    fe_frombytes(&c_2d, bd2);
    fe_frombytes(&c_sqrtm1, bsm);
}

static void consts_init(void) { (void)pthread_once(&c_once, consts_compute); }

/* ---- points ------------------------------------------------------------- */

/* (Y+X, Y-X, 2Z, 2dT): the second operand of an addition. */
typedef struct {
    fe ypx, ymx, z2, t2d;
} ge_cached;

static void ge_identity(ge *p) {
    memset(p, 0, sizeof *p);
    p->Y.v[0] = 1;
    p->Z.v[0] = 1;
}

static void ge_to_cached(ge_cached *c, const ge *p) {
    fe_add(&c->ypx, &p->Y, &p->X);
    fe_sub(&c->ymx, &p->Y, &p->X);
    fe_add(&c->z2, &p->Z, &p->Z);
    fe_mul(&c->t2d, &p->T, &c_2d);
}

/* r = p + q (RFC 8032 section 5.1.4 addition, a = -1; complete). */
static void ge_add(ge *r, const ge *p, const ge_cached *q) {
    fe a, b, c, d, e, f, g, h;
    fe_sub(&a, &p->Y, &p->X);
    fe_mul(&a, &a, &q->ymx);
    fe_add(&b, &p->Y, &p->X);
    fe_mul(&b, &b, &q->ypx);
    fe_mul(&c, &p->T, &q->t2d);
    fe_mul(&d, &p->Z, &q->z2);
    fe_sub(&e, &b, &a);
    fe_sub(&f, &d, &c);
    fe_add(&g, &d, &c);
    fe_add(&h, &b, &a);
    fe_mul(&r->X, &e, &f);
    fe_mul(&r->Y, &g, &h);
    fe_mul(&r->T, &e, &h);
    fe_mul(&r->Z, &f, &g);
}

/* r = 2p (RFC 8032 section 5.1.4 doubling); T computed only if with_t. */
static void ge_dbl(ge *r, const ge *p, int with_t) {
    fe a, b, c, h, e, g, f, t;
    fe_sq(&a, &p->X);
    fe_sq(&b, &p->Y);
    fe_sq(&c, &p->Z);
    fe_add(&c, &c, &c);
    fe_add(&h, &a, &b);
    fe_add(&t, &p->X, &p->Y);
    fe_sq(&t, &t);
    fe_sub(&e, &h, &t);
    fe_sub(&g, &a, &b);
    fe_add(&f, &c, &g);
    fe_mul(&r->X, &e, &f);
    fe_mul(&r->Y, &g, &h);
    if (with_t) fe_mul(&r->T, &e, &h);
    fe_mul(&r->Z, &f, &g);
}

void zp_ge25519_mul8(ge *r, const ge *p) {
    ge t;
    ge_dbl(&t, p, 1);
    ge_dbl(&t, &t, 1);
    ge_dbl(r, &t, 1);
}

static int ge_is_identity_var(const ge *p) {
    fe t;
    fe_sub(&t, &p->Y, &p->Z);
    return fe_iszero_var(&p->X) && fe_iszero_var(&t);
}

/* RFC 8032 section 5.1.3 step 1: 1 iff the y of s is < p, i.e. bits
 * 0..254 are not in [2^255 - 19, 2^255 - 1]. */
static int y_canonical(const uint8_t s[32]) {
    if ((s[31] & 0x7f) == 0x7f && s[0] >= 0xed) {
        int all = 1;
        for (int i = 1; i < 31; i++) all &= s[i] == 0xff;
        if (all) return 0;
    }
    return 1;
}

/* Steps 3 and 4, given y, the candidate root x, v x^2 and u (step 2). */
static int decode_finish(ge *p, const uint8_t s[32], const fe *y, const fe *xr, const fe *vxx,
                         const fe *u) {
    fe t, x = *xr;
    int sign = s[31] >> 7;
    // Step 3: v x^2 = u: x is a root; v x^2 = -u: x *= sqrt(-1); else fail.
    fe_sub(&t, vxx, u);
    if (!fe_iszero_var(&t)) {
        fe_add(&t, vxx, u);
        if (!fe_iszero_var(&t)) return 0;
        fe_mul(&x, &x, &c_sqrtm1);
    }
    // Step 4: x = 0 with sign 1 is rejected; pick the root of the sign.
    if (fe_iszero_var(&x)) {
        if (sign) return 0;
    } else if (fe_isodd(&x) != sign) {
        fe_neg(&x, &x);
        fe_carry(&x);
    }
    p->X = x;
    p->Y = *y;
    p->Z = fe_one;
    fe_mul(&p->T, &x, y);
    return 1;
}

int zp_ge25519_decode_var(ge *p, const uint8_t s[32]) {
    consts_init();
    if (!y_canonical(s)) return 0;
    fe y, u, v, v3, t, x, vxx;
    fe_frombytes(&y, s);
    // Step 2: u = y^2 - 1, v = d y^2 + 1, x = u v^3 (u v^7)^((p-5)/8).
    fe_sq(&u, &y);
    fe_mul(&v, &u, &c_d);
    fe_sub(&u, &u, &fe_one);
    fe_carry(&u); /* u is subtracted later */
    fe_add(&v, &v, &fe_one);
    fe_sq(&v3, &v);
    fe_mul(&v3, &v3, &v);      /* v^3 */
    fe_sq(&t, &v3);
    fe_mul(&t, &t, &v);        /* v^7 */
    fe_mul(&t, &t, &u);        /* u v^7 */
    fe_pow22523(&t, &t);
    fe_mul(&t, &t, &v3);
    fe_mul(&x, &t, &u);
    fe_sq(&vxx, &x);
    fe_mul(&vxx, &vxx, &v);
    return decode_finish(p, s, &y, &x, &vxx, &u);
}

static void encode_with_zinv(uint8_t s[32], const ge *p, const fe *zinv) {
    fe x, y;
    uint8_t bx[32];
    fe_mul(&x, &p->X, zinv);
    fe_mul(&y, &p->Y, zinv);
    fe_tobytes(s, &y);
    fe_tobytes(bx, &x);
    s[31] |= (uint8_t)((bx[0] & 1) << 7);
}

void zp_ge25519_encode(uint8_t s[32], const ge *p) {
    fe zi;
    fe_invert(&zi, &p->Z);
    encode_with_zinv(s, p, &zi);
}

/* t = table[|b| - 1] (identity for b = 0), negated for b < 0; b in [-8, 8].
 * Every entry is read; the index only enters through masks. */
static void table_select(ge_cached *t, const ge_cached table[8], int8_t b) {
    uint64_t neg = (uint64_t)((uint8_t)b >> 7);
    uint64_t babs = (uint64_t)(uint8_t)(b - (int8_t)(((uint8_t)(0u - neg) & (uint8_t)b) << 1));
    memset(t, 0, sizeof *t);
    t->ypx.v[0] = 1;
    t->ymx.v[0] = 1;
    t->z2.v[0] = 2;
    for (uint64_t j = 0; j < 8; j++) {
        uint64_t eq = ((babs ^ (j + 1)) - 1) >> 63; /* 1 iff babs = j + 1 */
        fe_cmov(&t->ypx, &table[j].ypx, eq);
        fe_cmov(&t->ymx, &table[j].ymx, eq);
        fe_cmov(&t->z2, &table[j].z2, eq);
        fe_cmov(&t->t2d, &table[j].t2d, eq);
    }
    // -(x, y) = (-x, y): swap Y+X and Y-X, negate 2dT.
    fe nt, a = t->ypx;
    fe_cmov(&t->ypx, &t->ymx, neg);
    fe_cmov(&t->ymx, &a, neg);
    fe_neg(&nt, &t->t2d);
    fe_cmov(&t->t2d, &nt, neg);
}

void zp_ge25519_scalarmult(ge *r, const uint8_t k[32], const ge *p) {
    consts_init();
    // Signed radix 16: k = sum e[i] 16^i, e[i] in [-8, 8) for i < 63 and
    // e[63] in [0, 2] (k < 2^253).  Arithmetic only, no branches on k.
    int8_t e[64];
    for (int i = 0; i < 32; i++) {
        e[2 * i] = (int8_t)(k[i] & 15);
        e[2 * i + 1] = (int8_t)(k[i] >> 4);
    }
    int8_t carry = 0;
    for (int i = 0; i < 63; i++) {
        e[i] = (int8_t)(e[i] + carry);
        carry = (int8_t)((e[i] + 8) >> 4);
        e[i] = (int8_t)(e[i] - (carry << 4));
    }
    e[63] = (int8_t)(e[63] + carry);

    // table[j] = (j+1) * p.
    ge_cached table[8], sel;
    ge acc, t;
    ge_to_cached(&table[0], p);
    ge_dbl(&t, p, 1);
    ge_to_cached(&table[1], &t);
    for (int j = 2; j < 8; j++) {
        ge_add(&t, &t, &table[0]);
        ge_to_cached(&table[j], &t);
    }
    ge_identity(&acc);
    for (int i = 63; i >= 0; i--) {
        if (i != 63) {
            ge_dbl(&acc, &acc, 0);
            ge_dbl(&acc, &acc, 0);
            ge_dbl(&acc, &acc, 0);
            ge_dbl(&acc, &acc, 1);
        }
        table_select(&sel, table, e[i]);
        ge_add(&acc, &acc, &sel);
    }
    *r = acc;
    zp_memzero(e, sizeof e);
    zp_memzero(&carry, sizeof carry);
    zp_memzero(&acc, sizeof acc);
    zp_memzero(&sel, sizeof sel);
}

int zp_ge25519_have_x8_avx512(void) {
#ifdef ZP_NO_AVX512
    return 0;
#else
    unsigned need = ZP_CPU_AVX512F | ZP_CPU_AVX512IFMA;
    return (zp_cpu_features() & need) == need;
#endif
}

void zp_ge25519_scalarmult_x8(ge r[8], const uint8_t k[32], const ge p[8]) {
    consts_init();
#ifndef ZP_NO_AVX512
    if (zp_ge25519_have_x8_avx512()) {
        zp_ge25519_scalarmult_x8_avx512(r, k, p, &c_2d);
        return;
    }
#endif
    for (int i = 0; i < 8; i++) zp_ge25519_scalarmult(&r[i], k, &p[i]);
}

/* ---- VRF output ----------------------------------------------------------- */

zp_err zp_vrfo_key_init(zp_vrfo_key *k, const uint8_t sk[64]) {
    uint8_t h[64], x[32], w[64], y[32];
    zp_err err = ZP_OK;
    consts_init();
    // RFC 8032 section 5.1.5 (RFC 9381 section 5.5): x = clamp(SHA-512(seed)
    // [0..32)).  8x < 2^258 is reduced mod L as a 64-byte integer.
    crypto_hash_sha512(h, sk, 32);
    h[0] &= 248;
    h[31] &= 127;
    h[31] |= 64;
    memset(w, 0, sizeof w);
    for (int i = 0; i < 32; i++) {
        w[i] |= (uint8_t)(h[i] << 3);
        w[i + 1] = (uint8_t)(h[i] >> 5);
    }
    crypto_core_ed25519_scalar_reduce(k->s8, w);
    memcpy(w, h, 32);
    memset(w + 32, 0, 32);
    crypto_core_ed25519_scalar_reduce(x, w);
    // Y = x*B must be the stored public key (as zp_vrf_prove checks).
    if (crypto_scalarmult_ed25519_base_noclamp(y, x) != 0 || !zp_memeq(y, sk + 32, 32)) {
        zp_memzero(k, sizeof *k);
        err = ZP_ERR_ARG;
    } else {
        memcpy(k->pk, sk + 32, 32);
    }
    zp_memzero(h, sizeof h);
    zp_memzero(x, sizeof x);
    zp_memzero(w, sizeof w);
    return err;
}

int zp_vrfo_encode_to_curve_var(ge *h, const uint8_t pk[32], const void *alpha,
                                size_t alpha_len) {
    static const uint8_t front[2] = {0x03, 0x01};
    crypto_hash_sha512_state base, st;
    // The prefix suite || 0x01 || PK || alpha is the same for every ctr:
    // hash it once and copy the state.
    crypto_hash_sha512_init(&base);
    crypto_hash_sha512_update(&base, front, 2);
    crypto_hash_sha512_update(&base, pk, 32);
    if (alpha_len) crypto_hash_sha512_update(&base, alpha, alpha_len);
    for (unsigned ctr = 0; ctr < 256; ctr++) {
        uint8_t back[2] = {(uint8_t)ctr, 0x00}, hs[64];
        ge cand;
        st = base;
        crypto_hash_sha512_update(&st, back, 2);
        crypto_hash_sha512_final(&st, hs);
        if (!zp_ge25519_decode_var(&cand, hs)) continue;
        zp_ge25519_mul8(h, &cand);
        if (!ge_is_identity_var(h)) return 0;
    }
    return -1;
}

int zp_vrfo_encode_to_curve_x8_var(ge h[8], const uint8_t pk[32],
                                   const uint8_t *const alphas[8], size_t alpha_len, size_t m) {
    if (m > 8) return -1;
    consts_init();
#ifndef ZP_NO_AVX512
    if (m > 1 && (zp_cpu_features() & ZP_CPU_AVX512F)) {
        zp_vrfo_tai_x8 st;
        const uint8_t *ap[8];
        for (size_t l = 0; l < 8; l++) ap[l] = alphas[l < m ? l : 0];
        zp_vrfo_tai_init_x8_avx512(&st, pk, ap, alpha_len);
        unsigned pending = (1u << m) - 1;
        // All lanes step through ctr = 0, 1, ... together; a lane leaves
        // at its first valid, non-identity candidate, as in the RFC loop.
        int ifma = zp_ge25519_have_x8_avx512();
        for (unsigned ctr = 0; ctr < 256 && pending; ctr++) {
            uint8_t hs[8][32];
            fe y[8], x[8], vxx[8], u[8];
            zp_vrfo_tai_hash_x8_avx512(hs, &st, (uint8_t)ctr);
            if (ifma) { /* step 2 of the eight decodings at once */
                for (size_t l = 0; l < 8; l++) fe_frombytes(&y[l], hs[l]);
                zp_ge25519_decode_root_x8_avx512(x, vxx, u, y, &c_d);
            }
            for (size_t l = 0; l < m; l++) {
                ge cand;
                if (!(pending >> l & 1)) continue;
                int ok = ifma ? y_canonical(hs[l]) &&
                                    decode_finish(&cand, hs[l], &y[l], &x[l], &vxx[l], &u[l])
                              : zp_ge25519_decode_var(&cand, hs[l]);
                if (!ok) continue;
                zp_ge25519_mul8(&h[l], &cand);
                if (!ge_is_identity_var(&h[l])) pending &= ~(1u << l);
            }
        }
        zp_memzero(&st, sizeof st);
        return pending ? -1 : 0;
    }
#endif
    for (size_t l = 0; l < m; l++)
        if (zp_vrfo_encode_to_curve_var(&h[l], pk, alphas[l], alpha_len) != 0) return -1;
    return 0;
}

int zp_vrfo_eval_batch(uint8_t *betas, const zp_vrfo_key *k, const uint8_t *const *alphas,
                       const size_t *alpha_lens, size_t n) {
    ge h[ZP_VRFO_BATCH], g[ZP_VRFO_BATCH];
    fe acc[ZP_VRFO_BATCH], inv, zi;
    if (n > ZP_VRFO_BATCH) return -1;
    if (n == 0) return 0;
    // H per alpha; groups of eight alphas of one length share the hashing.
    for (size_t i = 0; i < n;) {
        size_t m = 1;
        while (m < 8 && i + m < n && alpha_lens[i + m] == alpha_lens[i]) m++;
        if (zp_vrfo_encode_to_curve_x8_var(&h[i], k->pk, &alphas[i], alpha_lens[i], m) != 0) {
            memset(betas, 0, 64 * n);
            return -1;
        }
        i += m;
    }
    // 8*Gamma = (8x mod L) H, eight points per call (a short last group is
    // padded with copies of its first point).
    for (size_t i = 0; i < n; i += 8) {
        if (n - i >= 8) {
            zp_ge25519_scalarmult_x8(&g[i], k->s8, &h[i]);
        } else {
            ge hp[8], gp[8];
            for (size_t j = 0; j < 8; j++) hp[j] = h[i + (i + j < n ? j : 0)];
            zp_ge25519_scalarmult_x8(gp, k->s8, hp);
            memcpy(&g[i], gp, (n - i) * sizeof *gp);
            zp_memzero(gp, sizeof gp);
        }
    }
    // Montgomery's trick: acc[i] = Z_0 ... Z_i, one inversion for all.
    acc[0] = g[0].Z;
    for (size_t i = 1; i < n; i++) fe_mul(&acc[i], &acc[i - 1], &g[i].Z);
    fe_invert(&inv, &acc[n - 1]);
    for (size_t i = n; i-- > 0;) {
        uint8_t enc[32];
        static const uint8_t front[2] = {0x03, 0x03}, back[1] = {0x00};
        if (i) {
            fe_mul(&zi, &inv, &acc[i - 1]);
            fe_mul(&inv, &inv, &g[i].Z);
        } else {
            zi = inv;
        }
        encode_with_zinv(enc, &g[i], &zi);
        // RFC 9381 section 5.2: beta = SHA-512(suite || 0x03 || 8*Gamma || 0x00).
        crypto_hash_sha512_state st;
        crypto_hash_sha512_init(&st);
        crypto_hash_sha512_update(&st, front, 2);
        crypto_hash_sha512_update(&st, enc, 32);
        crypto_hash_sha512_update(&st, back, 1);
        crypto_hash_sha512_final(&st, betas + 64 * i);
    }
    zp_memzero(g, n * sizeof *g);
    return 0;
}
