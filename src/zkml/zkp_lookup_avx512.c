/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * The batched LogUp sumcheck's K = 2 .. 6 block kernels on 8 lanes (AVX-512). */
#include <immintrin.h>
#include <string.h>

#include "field/gl.h"
#include "zkp_lookup_kern.h"

/* Goldilocks only (the products below reduce mod 2^64 - 2^32 + 1). */
#if !defined(ZP_NO_AVX512) && ZP_FIELD_P == 0xFFFFFFFF00000001ULL

#include "field/gl_avx512.h"

/* every helper inlined (out of line, the V2 values go through memory) */
#define INL static inline __attribute__((always_inline))

/* Eight extension values as their c0 and c1 lanes. */
typedef struct {
    V a, b;
} V2;

INL V2 add2(V2 x, V2 y) { return (V2){addp(x.a, y.a), addp(x.b, y.b)}; }
INL V2 sub2(V2 x, V2 y) { return (V2){subp(x.a, y.a), subp(x.b, y.b)}; }
/* x y in F_p[u]/(u^2 - 7), Karatsuba as gl2_mul: v0 = x0 y0, v1 = x1 y1,
 * (v0 + 7 v1) + ((x0 + x1)(y0 + y1) - v0 - v1) u. */
INL V2 mul2(V2 x, V2 y) {
    const V v0 = mulp(x.a, y.a), v1 = mulp(x.b, y.b);
    const V s = mulp(addp(x.a, x.b), addp(y.a, y.b));
    const V v2 = addp(v1, v1), v4 = addp(v2, v2), v8 = addp(v4, v4);
    return (V2){addp(v0, subp(v8, v1)), subp(s, addp(v0, v1))};
}
/* G(h, a, b) = h a b - (a + b). */
INL V2 g2(V2 h, V2 a, V2 b) {
    return sub2(mul2(h, mul2(a, b)), add2(a, b));
}

/* Loads / stores of 8 consecutive extension values (16 words). */
INL V2 ld8(const zp_fe2 *p) {
    const V ev = _mm512_set_epi64(14, 12, 10, 8, 6, 4, 2, 0);
    const V od = _mm512_set_epi64(15, 13, 11, 9, 7, 5, 3, 1);
    const V u = _mm512_loadu_si512((const void *)p), v = _mm512_loadu_si512((const void *)(p + 4));
    return (V2){_mm512_permutex2var_epi64(u, ev, v), _mm512_permutex2var_epi64(u, od, v)};
}
INL void st8(zp_fe2 *p, V2 x) {
    const V ia = _mm512_set_epi64(11, 3, 10, 2, 9, 1, 8, 0);
    const V ib = _mm512_set_epi64(15, 7, 14, 6, 13, 5, 12, 4);
    _mm512_storeu_si512((void *)p, _mm512_permutex2var_epi64(x.a, ia, x.b));
    _mm512_storeu_si512((void *)(p + 4), _mm512_permutex2var_epi64(x.a, ib, x.b));
}
/* Lanes 0..7 of (x, y) (16 values) at even / odd positions. */
INL V2 even2(V2 x, V2 y) {
    const V ev = _mm512_set_epi64(14, 12, 10, 8, 6, 4, 2, 0);
    return (V2){_mm512_permutex2var_epi64(x.a, ev, y.a), _mm512_permutex2var_epi64(x.b, ev, y.b)};
}
INL V2 odd2(V2 x, V2 y) {
    const V od = _mm512_set_epi64(15, 13, 11, 9, 7, 5, 3, 1);
    return (V2){_mm512_permutex2var_epi64(x.a, od, y.a), _mm512_permutex2var_epi64(x.b, od, y.b)};
}
/* The 16 values x_0, y_0, x_1, y_1, .. as two vectors (inverse of even2,
 * odd2). */
INL void zip2(V2 *lo, V2 *hi, V2 x, V2 y) {
    const V ia = _mm512_set_epi64(11, 3, 10, 2, 9, 1, 8, 0);
    const V ib = _mm512_set_epi64(15, 7, 14, 6, 13, 5, 12, 4);
    lo->a = _mm512_permutex2var_epi64(x.a, ia, y.a);
    lo->b = _mm512_permutex2var_epi64(x.b, ia, y.b);
    hi->a = _mm512_permutex2var_epi64(x.a, ib, y.a);
    hi->b = _mm512_permutex2var_epi64(x.b, ib, y.b);
}

INL V2 bcast2(zp_fe2 r) {
    return (V2){_mm512_set1_epi64((long long)r.c0), _mm512_set1_epi64((long long)r.c1)};
}
/* The field sum of the 8 lanes of each coordinate (canonical lanes). */
static zp_fe2 hsum2(V2 x) {
    uint64_t a[8], b[8];
    _mm512_storeu_si512((void *)a, x.a);
    _mm512_storeu_si512((void *)b, x.b);
    zp_fe2 s = {0, 0};
    for (int i = 0; i < 8; i++) {
        s.c0 = gl_add(s.c0, a[i]);
        s.c1 = gl_add(s.c1, b[i]);
    }
    zp_memzero(a, sizeof a);
    zp_memzero(b, sizeof b);
    return s;
}

/* Lanes are 8 consecutive x; sums as canonical field sums per lane
 * (addp), so the accumulators take two registers each. */
/* The tq form (zkp_lookup_kern.h): the constants qc as c0 / c1 lanes of
 * entries 0..7 and 8..15, beta's coordinates broadcast. */
typedef struct {
    V2 lo, hi;
    V b0, b1;
} tqc;
INL tqc tq_consts(const zp_lb_tabs *Vt) {
    tqc c;
    c.lo = ld8(Vt->qc);
    c.hi = ld8(Vt->qc + 8);
    c.b0 = _mm512_set1_epi64((long long)Vt->beta.c0);
    c.b1 = _mm512_set1_epi64((long long)Vt->beta.c1);
    return c;
}
/* Q_j at x .. x + 7: qc[tag & 15] (a permute of the 16 constants by the
 * tag's low 4 bits) minus the limb. */
INL V2 ldq8(const zp_lb_tabs *Vt, const tqc *c, unsigned j, size_t x) {
    const V idx = _mm512_cvtepu8_epi64(_mm_loadl_epi64((const __m128i *)(Vt->tg[j] + x)));
    const V lv = _mm512_loadu_si512((const void *)(Vt->L[j] + x));
    const V q0 = _mm512_permutex2var_epi64(c->lo.a, idx, c->hi.a);
    const V q1 = _mm512_permutex2var_epi64(c->lo.b, idx, c->hi.b);
    return (V2){subp(q0, lv), q1};
}
/* Q_j's mask at y .. y + 7: beta - R. */
INL V2 ldqr8(const zp_lb_tabs *Vt, const tqc *c, unsigned j, size_t y) {
    return (V2){subp(c->b0, _mm512_loadu_si512((const void *)(Vt->RL[j] + y))), c->b1};
}

/* Lanes are 8 consecutive pairs p: the 16 values at e = 2p0 .. 2p0 + 15
 * (bind) or the 32 at 4p0 .. 4p0 + 31 (fold) loaded and split by parity. */
INL void xpair(V2 *t0, V2 *t1, const zp_fe2 *X, const zp_fe2 *R, size_t ml, int bind, V2 r,
               V2 rb, size_t p) {
    if (bind == 2) {
        /* b bound last: round 0 reads the tables alone (b = 0) */
        const V2 u = ld8(X + 2 * p), v = ld8(X + 2 * p + 8);
        (void)R;
        (void)ml;
        (void)rb;
        *t0 = even2(u, v);
        *t1 = odd2(u, v);
    } else if (bind) {
        const V2 u = ld8(X + 2 * p), v = ld8(X + 2 * p + 8);
        const size_t m0 = (2 * p) & ml;
        const V2 ru = ld8(R + m0), rv = ld8(R + m0 + 8);
        const V2 x0 = even2(u, v), x1 = odd2(u, v), r0 = even2(ru, rv), r1 = odd2(ru, rv);
        *t0 = add2(x0, mul2(rb, sub2(r0, x0)));
        *t1 = add2(x1, mul2(rb, sub2(r1, x1)));
    } else {
        const V2 u0 = ld8(X + 4 * p), u1 = ld8(X + 4 * p + 8);
        const V2 u2 = ld8(X + 4 * p + 16), u3 = ld8(X + 4 * p + 24);
        const V2 e01 = even2(u0, u1), o01 = odd2(u0, u1), e23 = even2(u2, u3), o23 = odd2(u2, u3);
        const V2 a0 = even2(e01, e23), a2 = odd2(e01, e23); /* 4p, 4p + 2 */
        const V2 a1 = even2(o01, o23), a3 = odd2(o01, o23); /* 4p + 1, 4p + 3 */
        *t0 = add2(a0, mul2(r, sub2(a1, a0)));
        *t1 = add2(a2, mul2(r, sub2(a3, a2)));
    }
}

/* xpair's bind of Q_j in the tq form. */
INL void xpair_tq(V2 *t0, V2 *t1, const zp_lb_tabs *Vt, const tqc *c, unsigned j, V2 rb,
                  size_t p, int bind) {
    const size_t ml = Vt->ml[1 + j];
    const V2 u = ldq8(Vt, c, j, 2 * p), v = ldq8(Vt, c, j, 2 * p + 8);
    if (bind == 2) {
        *t0 = even2(u, v);
        *t1 = odd2(u, v);
        return;
    }
    const size_t m0 = (2 * p) & ml;
    const V2 ru = ldqr8(Vt, c, j, m0), rv = ldqr8(Vt, c, j, m0 + 8);
    const V2 x0 = even2(u, v), x1 = odd2(u, v), r0 = even2(ru, rv), r1 = odd2(ru, rv);
    *t0 = add2(x0, mul2(rb, sub2(r0, x0)));
    *t1 = add2(x1, mul2(rb, sub2(r1, x1)));
}

INL void xstore(zp_fe2 *D, size_t p, V2 t0, V2 t1) {
    V2 lo, hi;
    zip2(&lo, &hi, t0, t1);
    st8(D + 2 * p, lo);
    st8(D + 2 * p + 8, hi);
}

INL void xblock(zp_fe2 out[4], zp_fe2 hs[2], zp_fe2 *const dst[3], const zp_lb_tabs *Vt,
                int tq, int bind, int direct, zp_fe2 r, zp_fe2 rbv, size_t p0, size_t B,
                const zp_fe2 *elo) {
    const V z = _mm512_setzero_si512();
    const V2 vr = bcast2(r), vrb = bcast2(rbv);
    tqc qc;
    if (tq) qc = tq_consts(Vt);
    V2 l0 = {z, z}, l1 = l0, l2 = l0, l3 = l0, s0 = l0, s1 = l0;
    for (size_t lo = 0; lo < B; lo += 8) {
        const size_t p = p0 + lo;
        V2 h0, h1, a0, a1, b0, b1;
        xpair(&h0, &h1, Vt->T[0], Vt->R[0], Vt->ml[0], bind, vr, vrb, p);
        if (tq) {
            xpair_tq(&a0, &a1, Vt, &qc, 0, vrb, p, bind);
            xpair_tq(&b0, &b1, Vt, &qc, 1, vrb, p, bind);
        } else {
            xpair(&a0, &a1, Vt->T[1], Vt->R[1], Vt->ml[1], bind, vr, vrb, p);
            xpair(&b0, &b1, Vt->T[2], Vt->R[2], Vt->ml[2], bind, vr, vrb, p);
        }
        xstore(dst[0], p, h0, h1);
        xstore(dst[1], p, a0, a1);
        xstore(dst[2], p, b0, b1);
        s0 = add2(s0, h0);
        s1 = add2(s1, h1);
        const V2 w = ld8(elo + lo);
        l0 = add2(l0, mul2(w, g2(h0, a0, b0)));
        if (direct) l1 = add2(l1, mul2(w, g2(h1, a1, b1)));
        const V2 dh = sub2(h1, h0), da = sub2(a1, a0), db = sub2(b1, b0);
        const V2 h2 = add2(h1, dh), a2 = add2(a1, da), b2 = add2(b1, db);
        l2 = add2(l2, mul2(w, g2(h2, a2, b2)));
        l3 = add2(l3, mul2(w, g2(add2(h2, dh), add2(a2, da), add2(b2, db))));
    }
    out[0] = hsum2(l0);
    out[1] = hsum2(l1);
    out[2] = hsum2(l2);
    out[3] = hsum2(l3);
    hs[0] = hsum2(s0);
    hs[1] = hsum2(s1);
}

void zp_lb_xblock_avx512(zp_fe2 out[4], zp_fe2 hs[2], zp_fe2 *const dst[3], const zp_lb_tabs *Vt,
                         int bind, int direct, zp_fe2 r, zp_fe2 rb, size_t p0, size_t B,
                         const zp_fe2 *elo) {
    /* one copy per (tq, bind, direct): the branches leave the loop; tq
     * only when binding; bind at rb = 0 (b bound last) reads no mask */
    if (bind && gl2_is_zero(rb)) {
        if (Vt->tq) {
            if (direct) xblock(out, hs, dst, Vt, 1, 2, 1, r, rb, p0, B, elo);
            else xblock(out, hs, dst, Vt, 1, 2, 0, r, rb, p0, B, elo);
        } else {
            if (direct) xblock(out, hs, dst, Vt, 0, 2, 1, r, rb, p0, B, elo);
            else xblock(out, hs, dst, Vt, 0, 2, 0, r, rb, p0, B, elo);
        }
    } else if (bind && Vt->tq) {
        if (direct) xblock(out, hs, dst, Vt, 1, 1, 1, r, rb, p0, B, elo);
        else xblock(out, hs, dst, Vt, 1, 1, 0, r, rb, p0, B, elo);
    } else if (bind) {
        if (direct) xblock(out, hs, dst, Vt, 0, 1, 1, r, rb, p0, B, elo);
        else xblock(out, hs, dst, Vt, 0, 1, 0, r, rb, p0, B, elo);
    } else {
        if (direct) xblock(out, hs, dst, Vt, 0, 0, 1, r, rb, p0, B, elo);
        else xblock(out, hs, dst, Vt, 0, 0, 0, r, rb, p0, B, elo);
    }
}

/* K = 3 .. ZP_LB_KERN_MAXK (zkp_lookup_kern.h), v[0] = h, v[1 .. K] =
 * q_0 .. q_(K-1): G = h P - E with (P, E) = (prod q, e_(K-1)(q)) built
 * as the portable lb_g does: a pair gives (q q', q + q'), a pair added to
 * (P, E) gives (P p, P e + p E), a last single q gives (P q, P + E q);
 * 2 K - 2 products (K = 3: 4, 5: 8), the eq weight one more. */
INL V2 gk(const V2 *v, unsigned K) {
    V2 P = mul2(v[1], v[2]), E = add2(v[1], v[2]);
    unsigned j = 3;
    for (; j + 1 <= K; j += 2) {
        const V2 p = mul2(v[j], v[j + 1]), e = add2(v[j], v[j + 1]);
        E = add2(mul2(P, e), mul2(p, E));
        P = mul2(P, p);
    }
    if (j == K) {
        E = add2(P, mul2(E, v[K]));
        P = mul2(P, v[K]);
    }
    return sub2(mul2(v[0], P), E);
}

/* The x block for K blocks. */
INL void xblockk(zp_fe2 *out, zp_fe2 hs[2], zp_fe2 *const *dst, const zp_lb_tabs *Vt, int tq,
                 unsigned K, int bind, int direct, zp_fe2 r, zp_fe2 rbv, size_t p0, size_t B,
                 const zp_fe2 *elo) {
    const V z = _mm512_setzero_si512();
    const V2 vr = bcast2(r), vrb = bcast2(rbv);
    tqc qc;
    if (tq) qc = tq_consts(Vt);
    V2 l[ZP_LB_KERN_MAXK + 2], s0 = {z, z}, s1 = {z, z};
    for (unsigned j = 0; j < K + 2; j++) l[j] = s0;
    for (size_t lo = 0; lo < B; lo += 8) {
        const size_t p = p0 + lo;
        V2 t0[ZP_LB_KERN_MAXK + 1], t1[ZP_LB_KERN_MAXK + 1], d[ZP_LB_KERN_MAXK + 1];
        xpair(&t0[0], &t1[0], Vt->T[0], Vt->R[0], Vt->ml[0], bind, vr, vrb, p);
#pragma GCC unroll 8
        for (unsigned c = 1; c <= K; c++) {
            if (tq) xpair_tq(&t0[c], &t1[c], Vt, &qc, c - 1, vrb, p, bind);
            else xpair(&t0[c], &t1[c], Vt->T[c], Vt->R[c], Vt->ml[c], bind, vr, vrb, p);
        }
#pragma GCC unroll 8
        for (unsigned c = 0; c <= K; c++) xstore(dst[c], p, t0[c], t1[c]);
        s0 = add2(s0, t0[0]);
        s1 = add2(s1, t1[0]);
        const V2 w = ld8(elo + lo);
        l[0] = add2(l[0], mul2(w, gk(t0, K)));
        if (direct) l[1] = add2(l[1], mul2(w, gk(t1, K)));
#pragma GCC unroll 8
        for (unsigned c = 0; c <= K; c++) d[c] = sub2(t1[c], t0[c]);
        /* X = 2 .. K + 1 */
#pragma GCC unroll 8
        for (unsigned j = 2; j < K + 2; j++) {
#pragma GCC unroll 8
            for (unsigned c = 0; c <= K; c++) t1[c] = add2(t1[c], d[c]);
            l[j] = add2(l[j], mul2(w, gk(t1, K)));
        }
    }
    for (unsigned j = 0; j < K + 2; j++) out[j] = hsum2(l[j]);
    hs[0] = hsum2(s0);
    hs[1] = hsum2(s1);
}

/* One copy per (K, tq, bind, direct) of the x block: the branches leave
 * the loops (tq only when binding). */
#define LB_XCASE(KK)                                                                           \
    case KK:                                                                                   \
        if (bind && gl2_is_zero(rb)) {                                                         \
            if (Vt->tq && direct) xblockk(out, hs, dst, Vt, 1, KK, 2, 1, r, rb, p0, B, elo);   \
            else if (Vt->tq) xblockk(out, hs, dst, Vt, 1, KK, 2, 0, r, rb, p0, B, elo);        \
            else if (direct) xblockk(out, hs, dst, Vt, 0, KK, 2, 1, r, rb, p0, B, elo);        \
            else xblockk(out, hs, dst, Vt, 0, KK, 2, 0, r, rb, p0, B, elo);                    \
        } else if (bind && Vt->tq) {                                                           \
            if (direct) xblockk(out, hs, dst, Vt, 1, KK, 1, 1, r, rb, p0, B, elo);             \
            else xblockk(out, hs, dst, Vt, 1, KK, 1, 0, r, rb, p0, B, elo);                    \
        } else if (bind) {                                                                     \
            if (direct) xblockk(out, hs, dst, Vt, 0, KK, 1, 1, r, rb, p0, B, elo);             \
            else xblockk(out, hs, dst, Vt, 0, KK, 1, 0, r, rb, p0, B, elo);                    \
        } else {                                                                               \
            if (direct) xblockk(out, hs, dst, Vt, 0, KK, 0, 1, r, rb, p0, B, elo);             \
            else xblockk(out, hs, dst, Vt, 0, KK, 0, 0, r, rb, p0, B, elo);                    \
        }                                                                                      \
        break;
void zp_lb_xblockk_avx512(zp_fe2 *out, zp_fe2 hs[2], zp_fe2 *const *dst, const zp_lb_tabs *Vt,
                          int bind, int direct, zp_fe2 r, zp_fe2 rb, size_t p0, size_t B,
                          const zp_fe2 *elo) {
    switch (Vt->K) {
        LB_XCASE(3)
        LB_XCASE(4)
        LB_XCASE(5)
        LB_XCASE(6)
    default: break;
    }
}
#undef LB_XCASE

/* The W M block (zkp_lookup_kern.h): lanes are 8 consecutive pairs p, as
 * in xblock; M's round-0 values are base (its base mask: rb (RM - M) is
 * two base products). */
INL V2 mulfe2(V2 x, V y) { return (V2){mulp(x.a, y), mulp(x.b, y)}; }
INL void wmpair_bind(V2 *w0, V2 *w1, V2 *m0, V2 *m1, const zp_lb_wm *S, V2 rb, size_t p) {
    const V2 u = ld8(S->W + 2 * p), v = ld8(S->W + 2 * p + 8);
    *w0 = even2(u, v);
    *w1 = odd2(u, v);
    const V ev = _mm512_set_epi64(14, 12, 10, 8, 6, 4, 2, 0);
    const V od = _mm512_set_epi64(15, 13, 11, 9, 7, 5, 3, 1);
    const V mu = _mm512_loadu_si512((const void *)(S->M + 2 * p));
    const V mv = _mm512_loadu_si512((const void *)(S->M + 2 * p + 8));
    const V a0 = _mm512_permutex2var_epi64(mu, ev, mv), a1 = _mm512_permutex2var_epi64(mu, od, mv);
    const size_t q = (2 * p) & S->ml;
    if (S->RMb) {
        const V ru = _mm512_loadu_si512((const void *)(S->RMb + q));
        const V rv = _mm512_loadu_si512((const void *)(S->RMb + q + 8));
        const V r0 = _mm512_permutex2var_epi64(ru, ev, rv), r1 = _mm512_permutex2var_epi64(ru, od, rv);
        const V2 d0 = mulfe2(rb, subp(r0, a0)), d1 = mulfe2(rb, subp(r1, a1));
        *m0 = (V2){addp(a0, d0.a), d0.b};
        *m1 = (V2){addp(a1, d1.a), d1.b};
    } else {
        const V2 ru = ld8(S->RMe + q), rv = ld8(S->RMe + q + 8);
        const V2 r0 = even2(ru, rv), r1 = odd2(ru, rv);
        const V z = _mm512_setzero_si512();
        const V2 b0 = {a0, z}, b1 = {a1, z};
        *m0 = add2(b0, mul2(rb, sub2(r0, b0)));
        *m1 = add2(b1, mul2(rb, sub2(r1, b1)));
    }
}

INL void wmblock(zp_fe2 out[3], zp_fe2 *dW, zp_fe2 *dM, const zp_lb_wm *S, int bind, zp_fe2 r,
                 zp_fe2 rbv, size_t p0, size_t B) {
    const V z = _mm512_setzero_si512();
    const V2 vr = bcast2(r), vrb = bcast2(rbv);
    V2 l0 = {z, z}, l1 = l0, l2 = l0;
    for (size_t lo = 0; lo < B; lo += 8) {
        const size_t p = p0 + lo;
        V2 w0, w1, m0, m1;
        if (bind) {
            wmpair_bind(&w0, &w1, &m0, &m1, S, vrb, p);
        } else {
            xpair(&w0, &w1, S->W, NULL, 0, 0, vr, vrb, p);
            xpair(&m0, &m1, S->Mx, NULL, 0, 0, vr, vrb, p);
        }
        xstore(dW, p, w0, w1);
        xstore(dM, p, m0, m1);
        l0 = add2(l0, mul2(w0, m0));
        l1 = add2(l1, mul2(w1, m1));
        l2 = add2(l2, mul2(sub2(add2(w1, w1), w0), sub2(add2(m1, m1), m0)));
    }
    out[0] = hsum2(l0);
    out[1] = hsum2(l1);
    out[2] = hsum2(l2);
}

void zp_lb_wmblock_avx512(zp_fe2 out[3], zp_fe2 *dW, zp_fe2 *dM, const zp_lb_wm *S, int bind,
                          zp_fe2 r, zp_fe2 rb, size_t p0, size_t B) {
    if (bind) wmblock(out, dW, dM, S, 1, r, rb, p0, B);
    else wmblock(out, dW, dM, S, 0, r, rb, p0, B);
}

#endif
