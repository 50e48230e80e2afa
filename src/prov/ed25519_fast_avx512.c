/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Eight edwards25519 scalar multiplications at once with AVX-512 IFMA, and
 * eight-message SHA-512 for try-and-increment (AVX-512). */
#include <string.h>

#include "prov/ed25519_fast.h"

#ifndef ZP_NO_AVX512
#pragma GCC target("avx512f,avx512dq,avx512ifma")
#include <immintrin.h>

// Same algorithm as zp_ge25519_scalarmult in ed25519_fast.c (the portable
// reference it is tested against: tests/unit/test_vrf.c), with lane i of
// every vector holding point i.  Field elements are 5 limbs of radix 2^51
// in 64-bit lanes; products use vpmadd52luq / vpmadd52huq, which read the
// low 52 bits of each operand, so every operand of fe8_mul is kept below
// 2^52 (fe8_add / fe8_sub carry their result).  For the 52-bit split of a
// product f_i g_j = lo + hi 2^52 = lo + 2 hi 2^51, so the high halves are
// accumulated one limb up and doubled.  (IFMA for 2^255 - 19: Intel, "New
// Instructions Supporting Large Integer Arithmetic on Intel Architecture
// Processors", 2012; the 8-way layout follows de Valence and Lovecruft's
// curve25519-dalek IFMA backend, here in radix 2^51.)
//
// Constant time in k: the digit schedule is the same for all lanes, and
// table entries are picked with full-width masks from arithmetic on the
// digit, never with a branch or a secret index.

typedef struct {
    __m512i l[5];
} fe8;
typedef struct {
    fe8 X, Y, Z, T;
} ge8;
typedef struct {
    fe8 ypx, ymx, z2, t2d;
} cached8;

#define M51V _mm512_set1_epi64(0x7ffffffffffff)

/* Parallel carry: limbs < 2^63 -> limbs < 2^51 + 2^17. */
static inline void fe8_carry(fe8 *h) {
    __m512i m = M51V, c[5];
    for (int i = 0; i < 5; i++) c[i] = _mm512_srli_epi64(h->l[i], 51);
    __m512i c19 = _mm512_mullo_epi64(c[4], _mm512_set1_epi64(19));
    h->l[0] = _mm512_add_epi64(_mm512_and_si512(h->l[0], m), c19);
    for (int i = 1; i < 5; i++) h->l[i] = _mm512_add_epi64(_mm512_and_si512(h->l[i], m), c[i - 1]);
}

static inline void fe8_add(fe8 *h, const fe8 *f, const fe8 *g) {
    for (int i = 0; i < 5; i++) h->l[i] = _mm512_add_epi64(f->l[i], g->l[i]);
    fe8_carry(h);
}

/* f + 2p - g; g limbs < 2^52 - 38. */
static inline void fe8_sub(fe8 *h, const fe8 *f, const fe8 *g) {
    __m512i p0 = _mm512_set1_epi64(0xfffffffffffdaLL), pi = _mm512_set1_epi64(0xffffffffffffeLL);
    h->l[0] = _mm512_sub_epi64(_mm512_add_epi64(f->l[0], p0), g->l[0]);
    for (int i = 1; i < 5; i++) h->l[i] = _mm512_sub_epi64(_mm512_add_epi64(f->l[i], pi), g->l[i]);
    fe8_carry(h);
}

static inline void fe8_neg(fe8 *h, const fe8 *f) {
    fe8 z;
    for (int i = 0; i < 5; i++) z.l[i] = _mm512_setzero_si512();
    fe8_sub(h, &z, f);
}

static inline void fe8_mul(fe8 *h, const fe8 *f, const fe8 *g) {
    __m512i lo[10], hi[11];
    for (int k = 0; k < 10; k++) lo[k] = _mm512_setzero_si512();
    for (int k = 0; k < 11; k++) hi[k] = _mm512_setzero_si512();
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++) {
            lo[i + j] = _mm512_madd52lo_epu64(lo[i + j], f->l[i], g->l[j]);
            hi[i + j + 1] = _mm512_madd52hi_epu64(hi[i + j + 1], f->l[i], g->l[j]);
        }
    // z_k = lo_k + 2 hi_k (k = 0..10; lo_10 = 0, hi_0 = 0), each < 2^56.
    __m512i z[11];
    z[0] = lo[0];
    for (int k = 1; k < 10; k++) z[k] = _mm512_add_epi64(lo[k], _mm512_slli_epi64(hi[k], 1));
    z[10] = _mm512_slli_epi64(hi[10], 1);
    // 2^510 = 19 * 2^255 * 2^255 -> fold z10 into z5, then z5..z9 into
    // z0..z4 (2^255 = 19): each < 2^63.
    __m512i n19 = _mm512_set1_epi64(19);
    z[5] = _mm512_add_epi64(z[5], _mm512_mullo_epi64(z[10], n19));
    fe8 r;
    for (int k = 0; k < 5; k++) r.l[k] = _mm512_add_epi64(z[k], _mm512_mullo_epi64(z[k + 5], n19));
    fe8_carry(&r);
    *h = r;
}

static inline void fe8_cmov(fe8 *h, const fe8 *f, __m512i mask) {
    for (int i = 0; i < 5; i++)
        h->l[i] = _mm512_or_si512(_mm512_andnot_si512(mask, h->l[i]),
                                  _mm512_and_si512(mask, f->l[i]));
}

static void ge8_to_cached(cached8 *c, const ge8 *p, const fe8 *d2) {
    fe8_add(&c->ypx, &p->Y, &p->X);
    fe8_sub(&c->ymx, &p->Y, &p->X);
    fe8_add(&c->z2, &p->Z, &p->Z);
    fe8_mul(&c->t2d, &p->T, d2);
}

static void ge8_add(ge8 *r, const ge8 *p, const cached8 *q) {
    fe8 a, b, c, d, e, f, g, h;
    fe8_sub(&a, &p->Y, &p->X);
    fe8_mul(&a, &a, &q->ymx);
    fe8_add(&b, &p->Y, &p->X);
    fe8_mul(&b, &b, &q->ypx);
    fe8_mul(&c, &p->T, &q->t2d);
    fe8_mul(&d, &p->Z, &q->z2);
    fe8_sub(&e, &b, &a);
    fe8_sub(&f, &d, &c);
    fe8_add(&g, &d, &c);
    fe8_add(&h, &b, &a);
    fe8_mul(&r->X, &e, &f);
    fe8_mul(&r->Y, &g, &h);
    fe8_mul(&r->T, &e, &h);
    fe8_mul(&r->Z, &f, &g);
}

static void ge8_dbl(ge8 *r, const ge8 *p, int with_t) {
    fe8 a, b, c, h, e, g, f, t;
    fe8_mul(&a, &p->X, &p->X);
    fe8_mul(&b, &p->Y, &p->Y);
    fe8_mul(&c, &p->Z, &p->Z);
    fe8_add(&c, &c, &c);
    fe8_add(&h, &a, &b);
    fe8_add(&t, &p->X, &p->Y);
    fe8_mul(&t, &t, &t);
    fe8_sub(&e, &h, &t);
    fe8_sub(&g, &a, &b);
    fe8_add(&f, &c, &g);
    fe8_mul(&r->X, &e, &f);
    fe8_mul(&r->Y, &g, &h);
    if (with_t) fe8_mul(&r->T, &e, &h);
    fe8_mul(&r->Z, &f, &g);
}

void zp_ge25519_scalarmult_x8_avx512(zp_ge25519 r[8], const uint8_t k[32],
                                     const zp_ge25519 p[8], const zp_fe25519 *d2) {
    // Signed radix-16 digits, as in the portable version.
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

    // Transpose the eight points into lanes (limbs carried below 2^52).
    ge8 P, acc, t;
    fe8 D2;
    uint64_t buf[8];
    const zp_fe25519 *src[4];
    fe8 *dst[4] = {&P.X, &P.Y, &P.Z, &P.T};
    for (int c = 0; c < 4; c++) {
        for (int l = 0; l < 5; l++) {
            for (int i = 0; i < 8; i++) {
                src[0] = &p[i].X;
                src[1] = &p[i].Y;
                src[2] = &p[i].Z;
                src[3] = &p[i].T;
                buf[i] = src[c]->v[l];
            }
            dst[c]->l[l] = _mm512_loadu_si512(buf);
        }
        fe8_carry(dst[c]);
    }
    for (int l = 0; l < 5; l++) D2.l[l] = _mm512_set1_epi64((long long)d2->v[l]);
    fe8_carry(&D2);

    cached8 table[8], sel;
    ge8_to_cached(&table[0], &P, &D2);
    ge8_dbl(&t, &P, 1);
    ge8_to_cached(&table[1], &t, &D2);
    for (int j = 2; j < 8; j++) {
        ge8_add(&t, &t, &table[0]);
        ge8_to_cached(&table[j], &t, &D2);
    }
    for (int l = 0; l < 5; l++) {
        acc.X.l[l] = acc.T.l[l] = _mm512_setzero_si512();
        acc.Y.l[l] = acc.Z.l[l] = _mm512_set1_epi64(l == 0);
    }
    for (int i = 63; i >= 0; i--) {
        if (i != 63) {
            ge8_dbl(&acc, &acc, 0);
            ge8_dbl(&acc, &acc, 0);
            ge8_dbl(&acc, &acc, 0);
            ge8_dbl(&acc, &acc, 1);
        }
        int8_t b = e[i];
        uint64_t neg = (uint64_t)((uint8_t)b >> 7);
        uint64_t babs =
            (uint64_t)(uint8_t)(b - (int8_t)(((uint8_t)(0u - neg) & (uint8_t)b) << 1));
        for (int l = 0; l < 5; l++) {
            sel.ypx.l[l] = sel.ymx.l[l] = _mm512_set1_epi64(l == 0);
            sel.z2.l[l] = _mm512_set1_epi64(l == 0 ? 2 : 0);
            sel.t2d.l[l] = _mm512_setzero_si512();
        }
        for (uint64_t j = 0; j < 8; j++) {
            uint64_t eq = ((babs ^ (j + 1)) - 1) >> 63;
            __m512i m = _mm512_set1_epi64((long long)(0 - eq));
            fe8_cmov(&sel.ypx, &table[j].ypx, m);
            fe8_cmov(&sel.ymx, &table[j].ymx, m);
            fe8_cmov(&sel.z2, &table[j].z2, m);
            fe8_cmov(&sel.t2d, &table[j].t2d, m);
        }
        __m512i mneg = _mm512_set1_epi64((long long)(0 - neg));
        fe8 a = sel.ypx, nt;
        fe8_cmov(&sel.ypx, &sel.ymx, mneg);
        fe8_cmov(&sel.ymx, &a, mneg);
        fe8_neg(&nt, &sel.t2d);
        fe8_cmov(&sel.t2d, &nt, mneg);
        ge8_add(&acc, &acc, &sel);
    }

    // Back to eight scalar points.
    fe8 *out[4] = {&acc.X, &acc.Y, &acc.Z, &acc.T};
    for (int c = 0; c < 4; c++)
        for (int l = 0; l < 5; l++) {
            _mm512_storeu_si512(buf, out[c]->l[l]);
            for (int i = 0; i < 8; i++) {
                zp_fe25519 *f = c == 0 ? &r[i].X : c == 1 ? &r[i].Y : c == 2 ? &r[i].Z : &r[i].T;
                f->v[l] = buf[i];
            }
        }
    zp_memzero(e, sizeof e);
    zp_memzero(&carry, sizeof carry);
    zp_memzero(&acc, sizeof acc);
    zp_memzero(&sel, sizeof sel);
    zp_memzero(buf, sizeof buf);
}

/* z^(2^252 - 3), the exponentiation chain of fe_pow22523 (ref10). */
static void fe8_sqn(fe8 *h, const fe8 *f, int n) {
    fe8_mul(h, f, f);
    for (int i = 1; i < n; i++) fe8_mul(h, h, h);
}

static void fe8_pow22523(fe8 *out, const fe8 *z) {
    fe8 z2, z9, z11, t0, t1, t2;
    fe8_mul(&z2, z, z);
    fe8_sqn(&t0, &z2, 2);
    fe8_mul(&z9, &t0, z);
    fe8_mul(&z11, &z9, &z2);
    fe8_mul(&t0, &z11, &z11);
    fe8_mul(&t0, &t0, &z9);   /* 2^5 - 1 */
    fe8_sqn(&t1, &t0, 5);
    fe8_mul(&t0, &t1, &t0);   /* 2^10 - 1 */
    fe8_sqn(&t1, &t0, 10);
    fe8_mul(&t1, &t1, &t0);   /* 2^20 - 1 */
    fe8_sqn(&t2, &t1, 20);
    fe8_mul(&t1, &t2, &t1);   /* 2^40 - 1 */
    fe8_sqn(&t1, &t1, 10);
    fe8_mul(&t0, &t1, &t0);   /* 2^50 - 1 */
    fe8_sqn(&t1, &t0, 50);
    fe8_mul(&t1, &t1, &t0);   /* 2^100 - 1 */
    fe8_sqn(&t2, &t1, 100);
    fe8_mul(&t1, &t2, &t1);   /* 2^200 - 1 */
    fe8_sqn(&t1, &t1, 50);
    fe8_mul(&t0, &t1, &t0);   /* 2^250 - 1 */
    fe8_sqn(&t0, &t0, 2);     /* 2^252 - 4 */
    fe8_mul(out, &t0, z);     /* 2^252 - 3 */
}

static void fe8_load(fe8 *h, const zp_fe25519 f[8]) {
    uint64_t buf[8];
    for (int l = 0; l < 5; l++) {
        for (int i = 0; i < 8; i++) buf[i] = f[i].v[l];
        h->l[l] = _mm512_loadu_si512(buf);
    }
    fe8_carry(h);
}

static void fe8_store(zp_fe25519 f[8], const fe8 *h) {
    uint64_t buf[8];
    for (int l = 0; l < 5; l++) {
        _mm512_storeu_si512(buf, h->l[l]);
        for (int i = 0; i < 8; i++) f[i].v[l] = buf[i];
    }
}

void zp_ge25519_decode_root_x8_avx512(zp_fe25519 x[8], zp_fe25519 vxx[8], zp_fe25519 u[8],
                                      const zp_fe25519 y[8], const zp_fe25519 *d) {
    // RFC 8032 section 5.1.3 step 2 for eight y at once:
    // u = y^2 - 1, v = d y^2 + 1, x = u v^3 (u v^7)^((p-5)/8), and v x^2.
    fe8 Y, D, U, V, V3, T, X, one;
    fe8_load(&Y, y);
    for (int l = 0; l < 5; l++) {
        D.l[l] = _mm512_set1_epi64((long long)d->v[l]);
        one.l[l] = _mm512_set1_epi64(l == 0);
    }
    fe8_carry(&D);
    fe8_mul(&U, &Y, &Y);
    fe8_mul(&V, &U, &D);
    fe8_sub(&U, &U, &one);
    fe8_add(&V, &V, &one);
    fe8_mul(&V3, &V, &V);
    fe8_mul(&V3, &V3, &V);
    fe8_mul(&T, &V3, &V3);
    fe8_mul(&T, &T, &V);
    fe8_mul(&T, &T, &U);
    fe8_pow22523(&T, &T);
    fe8_mul(&T, &T, &V3);
    fe8_mul(&X, &T, &U);
    fe8_store(x, &X);
    fe8_store(u, &U);
    fe8_mul(&T, &X, &X);
    fe8_mul(&T, &T, &V);
    fe8_store(vxx, &T);
}

/* ---- SHA-512, eight messages per vector (FIPS 180-4 section 6.4) ---------
 * K512 and IV512 are FIPS 180-4 sections 4.2.3 and 5.3.5 (first 64 bits of
 * the fractional parts of the cube roots of the first 80 primes and of the
 * square roots of the first 8 primes); regenerated with exact integer
 * roots.  Tested through encode_to_curve against libsodium's SHA-512. */
static const uint64_t K512[80] = {
    0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL, 0xe9b5dba58189dbbcULL,
    0x3956c25bf348b538ULL, 0x59f111f1b605d019ULL, 0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL,
    0xd807aa98a3030242ULL, 0x12835b0145706fbeULL, 0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL,
    0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL, 0xc19bf174cf692694ULL,
    0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL, 0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL,
    0x2de92c6f592b0275ULL, 0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL,
    0x983e5152ee66dfabULL, 0xa831c66d2db43210ULL, 0xb00327c898fb213fULL, 0xbf597fc7beef0ee4ULL,
    0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL, 0x06ca6351e003826fULL, 0x142929670a0e6e70ULL,
    0x27b70a8546d22ffcULL, 0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL, 0x53380d139d95b3dfULL,
    0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL, 0x92722c851482353bULL,
    0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL, 0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL,
    0xd192e819d6ef5218ULL, 0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL,
    0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL, 0x2748774cdf8eeb99ULL, 0x34b0bcb5e19b48a8ULL,
    0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL, 0x5b9cca4f7763e373ULL, 0x682e6ff3d6b2b8a3ULL,
    0x748f82ee5defb2fcULL, 0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
    0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL, 0xc67178f2e372532bULL,
    0xca273eceea26619cULL, 0xd186b8c721c0c207ULL, 0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL,
    0x06f067aa72176fbaULL, 0x0a637dc5a2c898a6ULL, 0x113f9804bef90daeULL, 0x1b710b35131c471bULL,
    0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL, 0x431d67c49c100d4cULL,
    0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL, 0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL,
};
static const uint64_t IV512[8] = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

#define ROR(x, n) _mm512_ror_epi64((x), (n))
#define XOR3(a, b, c) _mm512_ternarylogic_epi64((a), (b), (c), 0x96)

static void sha512_compress_x8(__m512i s[8], const __m512i win[16]) {
    __m512i w[16];
    for (int t = 0; t < 16; t++) w[t] = win[t];
    __m512i a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
    for (int t = 0; t < 80; t++) {
        if (t >= 16) {
            __m512i w2 = w[(t - 2) & 15], w15 = w[(t - 15) & 15];
            __m512i s1 = XOR3(ROR(w2, 19), ROR(w2, 61), _mm512_srli_epi64(w2, 6));
            __m512i s0 = XOR3(ROR(w15, 1), ROR(w15, 8), _mm512_srli_epi64(w15, 7));
            w[t & 15] = _mm512_add_epi64(_mm512_add_epi64(w[t & 15], s0),
                                         _mm512_add_epi64(s1, w[(t - 7) & 15]));
        }
        __m512i S1 = XOR3(ROR(e, 14), ROR(e, 18), ROR(e, 41));
        __m512i ch = _mm512_ternarylogic_epi64(e, f, g, 0xca); /* e ? f : g */
        __m512i t1 = _mm512_add_epi64(_mm512_add_epi64(h, S1),
                                      _mm512_add_epi64(ch, _mm512_add_epi64(
                                          _mm512_set1_epi64((long long)K512[t]), w[t & 15])));
        __m512i S0 = XOR3(ROR(a, 28), ROR(a, 34), ROR(a, 39));
        __m512i maj = _mm512_ternarylogic_epi64(a, b, c, 0xe8); /* majority */
        __m512i t2 = _mm512_add_epi64(S0, maj);
        h = g;
        g = f;
        f = e;
        e = _mm512_add_epi64(d, t1);
        d = c;
        c = b;
        b = a;
        a = _mm512_add_epi64(t1, t2);
    }
    s[0] = _mm512_add_epi64(s[0], a);
    s[1] = _mm512_add_epi64(s[1], b);
    s[2] = _mm512_add_epi64(s[2], c);
    s[3] = _mm512_add_epi64(s[3], d);
    s[4] = _mm512_add_epi64(s[4], e);
    s[5] = _mm512_add_epi64(s[5], f);
    s[6] = _mm512_add_epi64(s[6], g);
    s[7] = _mm512_add_epi64(s[7], h);
}

/* Byte swap of each 64-bit lane with AVX512F only (no vpshufb: the SHA-512
 * path needs AVX512F, not BW). */
static inline __m512i bswap64x8(__m512i x) {
    const __m512i m8 = _mm512_set1_epi64(0x00ff00ff00ff00ffLL);
    const __m512i m16 = _mm512_set1_epi64(0x0000ffff0000ffffLL);
    x = _mm512_or_si512(_mm512_slli_epi64(_mm512_and_si512(x, m8), 8),
                        _mm512_and_si512(_mm512_srli_epi64(x, 8), m8));
    x = _mm512_or_si512(_mm512_slli_epi64(_mm512_and_si512(x, m16), 16),
                        _mm512_and_si512(_mm512_srli_epi64(x, 16), m16));
    return _mm512_ror_epi64(x, 32);
}

/* w[t] = big-endian word t of the 128-byte block at p[lane]. */
static void load_block_x8(__m512i w[16], const uint8_t *const p[8]) {
    __m512i addr = _mm512_set_epi64((long long)(uintptr_t)p[7], (long long)(uintptr_t)p[6],
                                    (long long)(uintptr_t)p[5], (long long)(uintptr_t)p[4],
                                    (long long)(uintptr_t)p[3], (long long)(uintptr_t)p[2],
                                    (long long)(uintptr_t)p[1], (long long)(uintptr_t)p[0]);
    for (int t = 0; t < 16; t++) {
        __m512i a = _mm512_add_epi64(addr, _mm512_set1_epi64(8 * t));
        w[t] = bswap64x8(_mm512_i64gather_epi64(a, (const void *)0, 1));
    }
}

void zp_vrfo_tai_init_x8_avx512(zp_vrfo_tai_x8 *st, const uint8_t pk[32],
                                const uint8_t *const alphas[8], size_t alpha_len) {
    // Message: 0x03 0x01 || pk (32) || alpha || ctr || 0x00, then FIPS 180-4
    // padding (0x80, zeros, 128-bit big-endian bit length).
    size_t ltot = 36 + alpha_len, ctr_pos = 34 + alpha_len;
    size_t padded = ((ltot + 16) / 128 + 1) * 128;
    size_t j_ctr = ctr_pos / 128;
    __m512i s[8], w[16];
    for (int i = 0; i < 8; i++) s[i] = _mm512_set1_epi64((long long)IV512[i]);
    uint8_t first[8][128];
    for (size_t j = 0; j < j_ctr; j++) {
        const uint8_t *p[8];
        for (int l = 0; l < 8; l++) {
            if (j == 0) {
                first[l][0] = 0x03;
                first[l][1] = 0x01;
                memcpy(first[l] + 2, pk, 32);
                memcpy(first[l] + 34, alphas[l], 94); /* j_ctr > 0: alpha_len >= 94 */
                p[l] = first[l];
            } else {
                p[l] = alphas[l] + 128 * j - 34;
            }
        }
        load_block_x8(w, p);
        sha512_compress_x8(s, w);
    }
    for (int i = 0; i < 8; i++) _mm512_storeu_si512(st->mid[i], s[i]);
    // Tail blocks j_ctr .. padded/128 - 1.
    size_t base = 128 * j_ctr;
    st->tail_len = padded - base;
    st->ctr_off = ctr_pos - base;
    for (int l = 0; l < 8; l++) {
        uint8_t *t = st->tail[l];
        memset(t, 0, sizeof st->tail[l]);
        for (size_t q = base; q < ctr_pos; q++)
            t[q - base] = q < 2 ? (q ? 0x01 : 0x03) : q < 34 ? pk[q - 2] : alphas[l][q - 34];
        t[ltot - base] = 0x80; /* ctr and the 0x00 after it stay 0 for now */
        uint64_t bits = (uint64_t)ltot * 8;
        for (int b = 0; b < 8; b++) t[st->tail_len - 1 - b] = (uint8_t)(bits >> (8 * b));
    }
    zp_memzero(first, sizeof first);
}

void zp_vrfo_tai_hash_x8_avx512(uint8_t out[8][32], zp_vrfo_tai_x8 *st, uint8_t ctr) {
    __m512i s[8], w[16];
    for (int i = 0; i < 8; i++) s[i] = _mm512_loadu_si512(st->mid[i]);
    for (int l = 0; l < 8; l++) st->tail[l][st->ctr_off] = ctr;
    for (size_t off = 0; off < st->tail_len; off += 128) {
        const uint8_t *p[8];
        for (int l = 0; l < 8; l++) p[l] = st->tail[l] + off;
        load_block_x8(w, p);
        sha512_compress_x8(s, w);
    }
    uint64_t d[4][8];
    for (int i = 0; i < 4; i++) _mm512_storeu_si512(d[i], s[i]);
    for (int l = 0; l < 8; l++)
        for (int i = 0; i < 4; i++)
            for (int b = 0; b < 8; b++) out[l][8 * i + b] = (uint8_t)(d[i][l] >> (56 - 8 * b));
}
#endif
