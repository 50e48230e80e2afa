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

/* Field helpers as src/piop/sc_prod_avx512.c. */
#define V __m512i

static inline V vp(void) { return _mm512_set1_epi64((long long)GL_P); }
static inline V veps(void) { return _mm512_set1_epi64((long long)GL_EPS); }

/* x * y mod p (canonical), y_hi = y >> 32: four 32 x 32-bit products and
 * the reduction of gl_reduce128 (as src/field/ntt_avx512.c). */
static inline V mulp(V x, V y) {
    const V eps = veps(), p = vp();
    V y_hi = _mm512_srli_epi64(y, 32);
    V x_hi = _mm512_shuffle_epi32(x, _MM_PERM_DDBB);
    V ll = _mm512_mul_epu32(x, y);
    V lh = _mm512_mul_epu32(x, y_hi);
    V hl = _mm512_mul_epu32(x_hi, y);
    V hh = _mm512_mul_epu32(x_hi, y_hi);
    V t0 = _mm512_add_epi64(hl, _mm512_srli_epi64(ll, 32));
    V t1 = _mm512_add_epi64(lh, _mm512_and_si512(t0, eps));
    V hi = _mm512_add_epi64(hh, _mm512_srli_epi64(t0, 32));
    hi = _mm512_add_epi64(hi, _mm512_srli_epi64(t1, 32));
    V lo = _mm512_mask_blend_epi32((__mmask16)0xAAAA, ll, _mm512_slli_epi64(t1, 32));
    V h1 = _mm512_srli_epi64(hi, 32);
    __mmask8 bor = _mm512_cmplt_epu64_mask(lo, h1);
    V t = _mm512_sub_epi64(lo, h1);
    t = _mm512_mask_sub_epi64(t, bor, t, eps);
    V h0e = _mm512_mul_epu32(hi, eps);
    V s = _mm512_add_epi64(t, h0e);
    __mmask8 cy = _mm512_cmplt_epu64_mask(s, h0e);
    s = _mm512_mask_add_epi64(s, cy, s, eps);
    __mmask8 ge = _mm512_cmpge_epu64_mask(s, p);
    return _mm512_mask_sub_epi64(s, ge, s, p);
}

/* a + b, a - b for canonical a, b. */
static inline V addp(V a, V b) {
    V nb = _mm512_sub_epi64(vp(), b);
    V d = _mm512_sub_epi64(a, nb);
    return _mm512_mask_add_epi64(d, _mm512_cmplt_epu64_mask(a, nb), d, vp());
}
static inline V subp(V a, V b) {
    V d = _mm512_sub_epi64(a, b);
    return _mm512_mask_add_epi64(d, _mm512_cmplt_epu64_mask(a, b), d, vp());
}

/* Lazy sum of canonical values: lo + 2^64 hi (hi counts carries). */
typedef struct {
    V lo, hi;
} vacc;
static inline void vacc_add(vacc *a, V x) {
    a->lo = _mm512_add_epi64(a->lo, x);
    a->hi = _mm512_mask_add_epi64(a->hi, _mm512_cmplt_epu64_mask(a->lo, x), a->hi,
                                  _mm512_set1_epi64(1));
}
/* The sum of the lanes of a mod p (hi < 2^32 per lane). */
static zp_fe vacc_sum(const vacc *a) {
    uint64_t lo[8], hi[8];
    _mm512_storeu_si512((void *)lo, a->lo);
    _mm512_storeu_si512((void *)hi, a->hi);
    zp_fe s = 0;
    for (int i = 0; i < 8; i++)
        s = gl_add(s, gl_add(gl_from_u64(lo[i]), gl_from_u64(hi[i] * GL_EPS)));
    zp_memzero(lo, sizeof lo);
    zp_memzero(hi, sizeof hi);
    return s;
}

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

#endif
