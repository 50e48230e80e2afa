/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * The zero-check prover's fused b pass on 8 pairs per step (AVX-512),
 * tested value for value against zp_eq_bpass_portable. */
#include <immintrin.h>
#include <string.h>

#include "field/gl.h"
#include "sc_eq_kern.h"

/* Goldilocks only (the products below reduce mod 2^64 - 2^32 + 1). */
#if ZP_FIELD_P == 0xFFFFFFFF00000001ULL

#include "field/gl_avx512.h"

/* e y over F x K: (e.c0 y, e.c1 y) lazily summed. */
typedef struct {
    vacc c0, c1;
} vaccb;
static inline void vmacb(vaccb *a, V e0, V e1, V y) {
    vacc_add(&a->c0, mulp(e0, y));
    vacc_add(&a->c1, mulp(e1, y));
}
static zp_fe2 vaccb_sum(const vaccb *a) {
    zp_fe2 r = {vacc_sum(&a->c0), vacc_sum(&a->c1)};
    return r;
}
/* e v over K: s00 = e0 v0, s11 = e1 v1, s01 = e0 v1 + e1 v0. */
typedef struct {
    vacc s00, s11, s01;
} vacc2;
static inline void vmac2(vacc2 *a, V e0, V e1, V v0, V v1) {
    vacc_add(&a->s00, mulp(e0, v0));
    vacc_add(&a->s11, mulp(e1, v1));
    vacc_add(&a->s01, mulp(e0, v1));
    vacc_add(&a->s01, mulp(e1, v0));
}
static zp_fe2 vacc2_sum(const vacc2 *a) {
    zp_fe2 r = {gl_add(vacc_sum(&a->s00), gl_mul7(vacc_sum(&a->s11))), vacc_sum(&a->s01)};
    return r;
}

/* Even and odd words of 16 at p: the values at x = 2y, 2y + 1 of 8 pairs. */
static inline void load_pairs(V *ev, V *od, const uint64_t *p) {
    const V ie = _mm512_set_epi64(14, 12, 10, 8, 6, 4, 2, 0);
    const V io = _mm512_set_epi64(15, 13, 11, 9, 7, 5, 3, 1);
    V w0 = _mm512_loadu_si512((const void *)p), w1 = _mm512_loadu_si512((const void *)(p + 8));
    *ev = _mm512_permutex2var_epi64(w0, ie, w1);
    *od = _mm512_permutex2var_epi64(w0, io, w1);
}
/* 16 extension values at p (8 pairs): the words t, 4 + t, .. of 32, i.e.
 * o[0] = c0 at 2y, o[1] = c1 at 2y, o[2] = c0 at 2y + 1, o[3] = c1 at 2y + 1. */
static inline void load_pairs2(V o[4], const uint64_t *p) {
    const V lohalf = _mm512_set_epi64(11, 10, 9, 8, 3, 2, 1, 0);
    V z[4];
    for (int i = 0; i < 4; i++) z[i] = _mm512_loadu_si512((const void *)(p + 8 * i));
    for (int t = 0; t < 4; t++) {
        const V sel = _mm512_set_epi64(12 + t, 8 + t, 4 + t, t, 12 + t, 8 + t, 4 + t, t);
        V lo = _mm512_permutex2var_epi64(z[0], sel, z[1]);
        V hi = _mm512_permutex2var_epi64(z[2], sel, z[3]);
        o[t] = _mm512_permutex2var_epi64(lo, lohalf, hi);
    }
}

enum { KB_B1, KB_C1, KP_0, KP_1, KP_2, KI_0, KI_1, KI_2, KB_N };

/* Lanes are 8 consecutive pairs; the sums as zp_eq_bpass_portable, per
 * lane, then over the lanes. */
void zp_eq_bpass_avx512(zp_eq_bpass_sums *out, const zp_eq_bpass_args *a, size_t y0, size_t y1) {
    const size_t n1 = a->n1, n2 = a->n2, nb = a->nb;
    vaccb ll[ZP_SC_MAX_TERMS + 1][3], lp[ZP_SC_MAX_TERMS][KB_N];
    vacc2 lv[3];
    V t0[ZP_SC_MAX_TABLES], t1[ZP_SC_MAX_TABLES], d0[ZP_SC_MAX_TABLES], d1[ZP_SC_MAX_TABLES];
    memset(ll, 0, n1 * sizeof ll[0]);
    memset(lp, 0, n2 * sizeof lp[0]);
    memset(lv, 0, sizeof lv);
    const V zero = _mm512_setzero_si512();
    for (size_t y = y0; y < y1; y += 8) {
        const size_t x = 2 * y;
        V e0, e1;
        load_pairs(&e0, &e1, (const uint64_t *)(a->E0 + y));
        for (size_t q = 0; q < nb; q++) {
            load_pairs(&t0[q], &t1[q], a->t[q] + x);
            if (!a->m[q]) {
                d0[q] = d1[q] = zero;
            } else {
                V m0, m1;
                load_pairs(&m0, &m1, a->m[q] + (x & (a->ml[q] - 1)));
                d0[q] = subp(m0, t0[q]);
                d1[q] = subp(m1, t1[q]);
            }
        }
        if (a->v) {
            V v[4], r[4];
            load_pairs2(v, (const uint64_t *)(a->v + x));
            load_pairs2(r, (const uint64_t *)(a->vm + (x & (a->vl - 1))));
            vmac2(&lv[0], e0, e1, v[0], v[1]);
            vmac2(&lv[1], e0, e1, subp(r[0], v[0]), subp(r[1], v[1]));
            vmac2(&lv[2], e0, e1, subp(r[2], v[2]), subp(r[3], v[3]));
        }
        for (size_t t = 0; t < n1; t++) {
            const uint32_t q = a->a1[t];
            if (q == ZP_EQ_ON_V) continue;
            vmacb(&ll[t][0], e0, e1, t0[q]);
            vmacb(&ll[t][1], e0, e1, d0[q]);
            vmacb(&ll[t][2], e0, e1, d1[q]);
        }
        for (size_t t = 0; t < n2; t++) {
            const uint32_t qa = a->a2[t], qb = a->b2[t];
            const V ta = t0[qa], tb = t0[qb], da = d0[qa], db = d0[qb];
            const V ua = t1[qa], ub = t1[qb], ea = d1[qa], eb = d1[qb];
            const V m0 = addp(mulp(ta, db), mulp(da, tb));
            const V m1 = addp(mulp(ua, eb), mulp(ea, ub));
            vmacb(&lp[t][KB_B1], e0, e1, m1);
            vmacb(&lp[t][KB_C1], e0, e1, mulp(ea, eb));
            vmacb(&lp[t][KP_0], e0, e1, mulp(ta, tb));
            vmacb(&lp[t][KP_1], e0, e1, m0);
            vmacb(&lp[t][KP_2], e0, e1, mulp(da, db));
            const V xa = subp(ua, ta), xb = subp(ub, tb);
            const V ya = subp(ea, da), yb = subp(eb, db);
            vmacb(&lp[t][KI_0], e0, e1, mulp(xa, xb));
            vmacb(&lp[t][KI_1], e0, e1, addp(mulp(xa, yb), mulp(ya, xb)));
            vmacb(&lp[t][KI_2], e0, e1, mulp(ya, yb));
        }
    }
    for (size_t t = 0; t < n1; t++)
        for (int c = 0; c < 3; c++) out->l[t][c] = vaccb_sum(&ll[t][c]);
    for (size_t t = 0; t < n2; t++)
        for (int c = 0; c < KB_N; c++) out->p[t][c] = vaccb_sum(&lp[t][c]);
    for (int c = 0; c < 3; c++) out->v[c] = vacc2_sum(&lv[c]);
    /* witness values and their weighted sums */
    zp_memzero(t0, nb * sizeof t0[0]);
    zp_memzero(t1, nb * sizeof t1[0]);
    zp_memzero(d0, nb * sizeof d0[0]);
    zp_memzero(d1, nb * sizeof d1[0]);
    zp_memzero(ll, n1 * sizeof ll[0]);
    zp_memzero(lp, n2 * sizeof lp[0]);
    zp_memzero(lv, sizeof lv);
}

/* A K vector: 8 extension values. */
typedef struct {
    V c0, c1;
} V2;
static inline V mul7p(V x) { return mulp(x, _mm512_set1_epi64(7)); }
static inline V2 add2(V2 a, V2 b) { return (V2){addp(a.c0, b.c0), addp(a.c1, b.c1)}; }
static inline V2 sub2(V2 a, V2 b) { return (V2){subp(a.c0, b.c0), subp(a.c1, b.c1)}; }
/* a b in K; b7 = 7 b.c1 */
static inline V2 mul2c(V2 a, V b0, V b1, V b7) {
    return (V2){addp(mulp(a.c0, b0), mulp(a.c1, b7)), addp(mulp(a.c0, b1), mulp(a.c1, b0))};
}
static inline V2 mul2(V2 a, V2 b) { return mul2c(a, b.c0, b.c1, mul7p(b.c1)); }
/* x0 + f (x1 - x0), f = (f0, f1), f7 = 7 f1 */
static inline V2 fold2v(V2 x0, V2 x1, V f0, V f1, V f7) {
    return add2(x0, mul2c(sub2(x1, x0), f0, f1, f7));
}
/* Words 4i + h of 32 at p (h = 0..3) -> o[h]: as load_pairs2. */
static inline void load_quads(V o[4], const uint64_t *p) { load_pairs2(o, p); }
/* 8 consecutive runs of 8 words at p (the 4 K values of 8 pairs) -> t[k]
 * = word k of each run. */
static inline void load_runs8(V t[8], const uint64_t *p) {
    V z[8];
    for (int l = 0; l < 8; l++) z[l] = _mm512_loadu_si512((const void *)(p + 8 * l));
    gl512_transpose8(t, z);
}
/* Word 4i + k of the 32 at p = lane i of w[k]. */
static inline void store_quads(uint64_t *p, V w0, V w1, V w2, V w3) {
    const V i0 = _mm512_setr_epi64(0, 8, 1, 9, 2, 10, 3, 11);
    const V i1 = _mm512_setr_epi64(4, 12, 5, 13, 6, 14, 7, 15);
    const V j0 = _mm512_setr_epi64(0, 1, 8, 9, 2, 3, 10, 11);
    const V j1 = _mm512_setr_epi64(4, 5, 12, 13, 6, 7, 14, 15);
    V al = _mm512_permutex2var_epi64(w0, i0, w1), ah = _mm512_permutex2var_epi64(w0, i1, w1);
    V bl = _mm512_permutex2var_epi64(w2, i0, w3), bh = _mm512_permutex2var_epi64(w2, i1, w3);
    _mm512_storeu_si512((void *)p, _mm512_permutex2var_epi64(al, j0, bl));
    _mm512_storeu_si512((void *)(p + 8), _mm512_permutex2var_epi64(al, j1, bl));
    _mm512_storeu_si512((void *)(p + 16), _mm512_permutex2var_epi64(ah, j0, bh));
    _mm512_storeu_si512((void *)(p + 24), _mm512_permutex2var_epi64(ah, j1, bh));
}
static inline void vmac2v(vacc2 *a, V2 x, V2 y) { vmac2(a, x.c0, x.c1, y.c0, y.c1); }

/* Lanes are 8 consecutive pairs; per table the two folded values of each
 * pair (lo, hi), then the sums as sc_eq.c's eval_pairs, per lane. */
void zp_eq_xfold_avx512(zp_eq_xfold_sums *out, const zp_eq_xfold_args *a, size_t y0, size_t y1) {
    const size_t n1 = a->n1, n2 = a->n2, nq = a->nq;
    const zp_fe2 rs = gl2_mul(a->rb, a->rf);
    const V f0 = _mm512_set1_epi64((long long)a->rf.c0), f1 = _mm512_set1_epi64((long long)a->rf.c1);
    const V f7 = _mm512_set1_epi64((long long)gl_mul7(a->rf.c1));
    const V b0 = _mm512_set1_epi64((long long)a->rb.c0), b1 = _mm512_set1_epi64((long long)a->rb.c1);
    const V b7 = _mm512_set1_epi64((long long)gl_mul7(a->rb.c1));
    const V s0 = _mm512_set1_epi64((long long)rs.c0), s1 = _mm512_set1_epi64((long long)rs.c1);
    vacc2 l0[ZP_SC_MAX_TERMS + 1], q0[ZP_SC_MAX_TERMS], qi[ZP_SC_MAX_TERMS];
    V2 lo[ZP_SC_MAX_TABLES + 1], dl[ZP_SC_MAX_TABLES + 1], u[ZP_SC_MAX_TABLES + 1],
        w[ZP_SC_MAX_TABLES + 1];
    memset(l0, 0, n1 * sizeof l0[0]);
    memset(q0, 0, n2 * sizeof q0[0]);
    memset(qi, 0, n2 * sizeof qi[0]);
    for (size_t y = y0; y < y1; y += 8) {
        V2 e;
        load_pairs(&e.c0, &e.c1, (const uint64_t *)(a->E + y));
        const size_t x = 4 * y;
        for (size_t q = 0; q < nq; q++) {
            V2 v[2];
            const int kind = a->kind[q];
            if (kind == ZP_EQ_F_PUB || kind == ZP_EQ_F_BM) {
                V o[4], m[4];
                load_quads(o, a->tb[q] + x);
                if (kind == ZP_EQ_F_BM) load_quads(m, a->mb[q] + (x & (a->ml[q] - 1)));
                for (int h = 0; h < 2; h++) {
                    const V t0 = o[2 * h], t1 = o[2 * h + 1], dt = subp(t1, t0);
                    if (kind == ZP_EQ_F_PUB) {
                        v[h] = (V2){addp(t0, mulp(f0, dt)), mulp(f1, dt)};
                        continue;
                    }
                    const V d0 = subp(m[2 * h], t0);
                    const V dd = subp(subp(m[2 * h + 1], t1), d0);
                    V c0 = addp(addp(t0, mulp(f0, dt)), addp(mulp(b0, d0), mulp(s0, dd)));
                    V c1 = addp(mulp(f1, dt), addp(mulp(b1, d0), mulp(s1, dd)));
                    v[h] = (V2){c0, c1};
                }
            } else {
                V t[8];
                load_runs8(t, (const uint64_t *)(kind == ZP_EQ_F_SRC ? a->src[q] + x : a->tx[q] + x));
                V2 B[4];
                for (int k = 0; k < 4; k++) B[k] = (V2){t[2 * k], t[2 * k + 1]};
                if (kind == ZP_EQ_F_XM) {
                    V r[8];
                    load_runs8(r, (const uint64_t *)(a->mx[q] + (x & (a->ml[q] - 1))));
                    for (int k = 0; k < 4; k++)
                        B[k] = add2(B[k], mul2c(sub2((V2){r[2 * k], r[2 * k + 1]}, B[k]), b0, b1, b7));
                }
                v[0] = fold2v(B[0], B[1], f0, f1, f7);
                v[1] = fold2v(B[2], B[3], f0, f1, f7);
            }
            store_quads((uint64_t *)(a->dst[q] + 2 * y), v[0].c0, v[0].c1, v[1].c0, v[1].c1);
            lo[q] = v[0];
            dl[q] = sub2(v[1], v[0]);
            if (a->wt[q]) {
                u[q] = mul2(e, lo[q]);
                w[q] = mul2(e, dl[q]);
            }
        }
        for (size_t t = 0; t < n1; t++) vmac2v(&l0[t], e, lo[a->a1[t]]);
        for (size_t t = 0; t < n2; t++) {
            const uint32_t qa = a->a2[t], qb = a->b2[t];
            vmac2v(&q0[t], u[qa], lo[qb]);
            vmac2v(&qi[t], w[qa], dl[qb]);
        }
    }
    for (size_t t = 0; t < n1; t++) out->l0[t] = vacc2_sum(&l0[t]);
    for (size_t t = 0; t < n2; t++) {
        out->q0[t] = vacc2_sum(&q0[t]);
        out->qi[t] = vacc2_sum(&qi[t]);
    }
    /* witness-derived values and sums */
    zp_memzero(lo, nq * sizeof lo[0]);
    zp_memzero(dl, nq * sizeof dl[0]);
    zp_memzero(u, nq * sizeof u[0]);
    zp_memzero(w, nq * sizeof w[0]);
    zp_memzero(l0, n1 * sizeof l0[0]);
    zp_memzero(q0, n2 * sizeof q0[0]);
    zp_memzero(qi, n2 * sizeof qi[0]);
}

/* Lanes are 8 consecutive x; per lane the lazy sums of c_m t (one
 * reduction per output coordinate). */
void zp_eq_lincomb_avx512(zp_fe2 *out, const zp_fe *const *src, const size_t *per,
                          const zp_fe2 *c, size_t nm, size_t x0, size_t x1) {
    const V ia = _mm512_setr_epi64(0, 8, 1, 9, 2, 10, 3, 11);
    const V ib = _mm512_setr_epi64(4, 12, 5, 13, 6, 14, 7, 15);
    for (size_t x = x0; x < x1; x += 8) {
        vacc a0, a1;
        memset(&a0, 0, sizeof a0);
        memset(&a1, 0, sizeof a1);
        for (size_t m = 0; m < nm; m++) {
            const V t = _mm512_loadu_si512((const void *)(src[m] + (x & (per[m] - 1))));
            vacc_add(&a0, mulp(_mm512_set1_epi64((long long)c[m].c0), t));
            vacc_add(&a1, mulp(_mm512_set1_epi64((long long)c[m].c1), t));
        }
        const V r0 = acc_red(a0.lo, a0.hi), r1 = acc_red(a1.lo, a1.hi);
        uint64_t *o = (uint64_t *)(out + x);
        _mm512_storeu_si512((void *)o, _mm512_permutex2var_epi64(r0, ia, r1));
        _mm512_storeu_si512((void *)(o + 8), _mm512_permutex2var_epi64(r0, ib, r1));
    }
}

/* Lanes are 8 consecutive x; per table the lazy sums of e.c0 t, e.c1 t. */
void zp_eq_dots_avx512(zp_fe2 *out, const zp_fe2 *e, const zp_fe *const *src, size_t nf,
                       size_t x0, size_t x1) {
    vaccb acc[ZP_SC_MAX_TABLES + 1];
    memset(acc, 0, nf * sizeof acc[0]);
    for (size_t x = x0; x < x1; x += 8) {
        V e0, e1;
        load_pairs(&e0, &e1, (const uint64_t *)(e + x));
        for (size_t q = 0; q < nf; q++)
            vmacb(&acc[q], e0, e1, _mm512_loadu_si512((const void *)(src[q] + x)));
    }
    for (size_t q = 0; q < nf; q++) out[q] = vaccb_sum(&acc[q]);
    zp_memzero(acc, nf * sizeof acc[0]);
}

#endif
