/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * The product sumcheck's b-pass block on 8 lanes (AVX-512), tested value
 * for value against zp_prod_bblock_portable. */
#include <immintrin.h>
#include <string.h>

#include "field/gl.h"
#include "sc_prod_kern.h"

/* Goldilocks only (the products below reduce mod 2^64 - 2^32 + 1). */
#if ZP_FIELD_P == 0xFFFFFFFF00000001ULL

#include "field/gl_avx512.h"

/* 2 y - x */
static inline V at2p(V x, V y) { return subp(addp(y, y), x); }

/* Lanes are 8 consecutive quads (32 columns).  m_t = the t-th column of
 * each quad (a 4 x 8 transpose of the base row), k_t limbs from the 8 x 8
 * transpose of the quads' 64 words; products and at2 values as in
 * sc_prod.c's brow; kc adds the untransposed words (limb-wise adds). */
void zp_prod_bblock_avx512(zp_fe2 q[9], zp_fe2 *kc, const zp_fe *M, const zp_fe2 *K, size_t C,
                           size_t c0, size_t cb, size_t rows) {
    vacc acc[9][2];
    memset(acc, 0, sizeof acc);
    memset(kc, 0, cb * sizeof(zp_fe2));
    /* (v0, v1) -> columns t, 4 + t, 8 + t, 12 + t in lanes 0..3 */
    const V sel[4] = {_mm512_set_epi64(12, 8, 4, 0, 12, 8, 4, 0),
                      _mm512_set_epi64(13, 9, 5, 1, 13, 9, 5, 1),
                      _mm512_set_epi64(14, 10, 6, 2, 14, 10, 6, 2),
                      _mm512_set_epi64(15, 11, 7, 3, 15, 11, 7, 3)};
    const V lohalf = _mm512_set_epi64(11, 10, 9, 8, 3, 2, 1, 0);
    for (size_t row = 0; row < rows; row++) {
        const zp_fe *m = M + row * C + c0;
        const uint64_t *kk = (const uint64_t *)(K + row * C + c0);
        uint64_t *kcw = (uint64_t *)kc;
        for (size_t g = 0; g < cb; g += 32) {
            V mv[4], z[8], T[8], mt[4];
            for (int i = 0; i < 4; i++) mv[i] = _mm512_loadu_si512((const void *)(m + g + 8 * i));
            for (int t = 0; t < 4; t++) {
                V lo = _mm512_permutex2var_epi64(mv[0], sel[t], mv[1]);
                V hi = _mm512_permutex2var_epi64(mv[2], sel[t], mv[3]);
                mt[t] = _mm512_permutex2var_epi64(lo, lohalf, hi);
            }
            for (int l = 0; l < 8; l++) {
                z[l] = _mm512_loadu_si512((const void *)(kk + 2 * g + 8 * l));
                V *cw = (V *)(kcw + 2 * g + 8 * l);
                _mm512_storeu_si512((void *)cw, addp(_mm512_loadu_si512((const void *)cw), z[l]));
            }
            gl512_transpose8(T, z);
            /* k_t = (T[2t], T[2t + 1]) */
            const V b0 = subp(mt[1], mt[0]), b1 = subp(mt[3], mt[2]);
            const V d00 = subp(T[2], T[0]), d01 = subp(T[3], T[1]);
            const V d10 = subp(T[6], T[4]), d11 = subp(T[7], T[5]);
            V mm[9], k0[9], k1[9];
            mm[0] = mt[0], k0[0] = T[0], k1[0] = T[1];
            mm[1] = mt[1], k0[1] = T[2], k1[1] = T[3];
            mm[2] = b0, k0[2] = d00, k1[2] = d01;
            mm[3] = mt[2], k0[3] = T[4], k1[3] = T[5];
            mm[4] = mt[3], k0[4] = T[6], k1[4] = T[7];
            mm[5] = b1, k0[5] = d10, k1[5] = d11;
            mm[6] = at2p(mt[0], mt[2]), k0[6] = at2p(T[0], T[4]), k1[6] = at2p(T[1], T[5]);
            mm[7] = at2p(mt[1], mt[3]), k0[7] = at2p(T[2], T[6]), k1[7] = at2p(T[3], T[7]);
            mm[8] = at2p(b0, b1), k0[8] = at2p(d00, d10), k1[8] = at2p(d01, d11);
            for (int e = 0; e < 9; e++) {
                vacc_add(&acc[e][0], mulp(mm[e], k0[e]));
                vacc_add(&acc[e][1], mulp(mm[e], k1[e]));
            }
        }
    }
    for (int e = 0; e < 9; e++) {
        q[e].c0 = vacc_sum(&acc[e][0]);
        q[e].c1 = vacc_sum(&acc[e][1]);
    }
    zp_memzero(acc, sizeof acc); /* sums of the secret witness rows */
}

/* Lazy extension products a b = (a0 b0 + 7 a1 b1) + (a0 b1 + a1 b0) u:
 * three sums per lane (s00, s11, s01). */
typedef struct {
    vacc s00, s11, s01;
} vacc2;
static inline void vacc2_mac(vacc2 *a, V x0, V x1, V y0, V y1) {
    vacc_add(&a->s00, mulp(x0, y0));
    vacc_add(&a->s11, mulp(x1, y1));
    vacc_add(&a->s01, mulp(x0, y1));
    vacc_add(&a->s01, mulp(x1, y0));
}
/* The extension sum of the lanes in mask `lanes` (bit i: lane i). */
static zp_fe2 vacc2_lanes(const vacc2 *a, unsigned lanes) {
    uint64_t v[3][2][8];
    const vacc *acc[3] = {&a->s00, &a->s11, &a->s01};
    for (int i = 0; i < 3; i++) {
        _mm512_storeu_si512((void *)v[i][0], acc[i]->lo);
        _mm512_storeu_si512((void *)v[i][1], acc[i]->hi);
    }
    zp_fe r[3] = {0, 0, 0};
    for (int i = 0; i < 3; i++)
        for (int l = 0; l < 8; l++)
            if ((lanes >> l) & 1)
                r[i] = gl_add(r[i], gl_add(gl_from_u64(v[i][0][l]),
                                           gl_from_u64(v[i][1][l] * GL_EPS)));
    zp_memzero(v, sizeof v);
    zp_fe2 o = {gl_add(r[0], gl_mul7(r[1])), r[2]};
    return o;
}

/* Interleaves limbs c0, c1 of 8 values into 16 words at dst. */
static inline void store_pairs(uint64_t *dst, V c0, V c1) {
    const V ia = _mm512_set_epi64(11, 3, 10, 2, 9, 1, 8, 0);
    const V ib = _mm512_set_epi64(15, 7, 14, 6, 13, 5, 12, 4);
    _mm512_storeu_si512((void *)dst, _mm512_permutex2var_epi64(c0, ia, c1));
    _mm512_storeu_si512((void *)(dst + 8), _mm512_permutex2var_epi64(c0, ib, c1));
}

/* Lanes are 8 consecutive outputs (two groups of four).  Each output's
 * four K inputs are one vector of 8 words (8 x 8 transpose: k_t limbs
 * across the outputs), its four M inputs come from a 4 x 8 transpose.
 * The group sums use lane-wise products on permuted copies: mf kf gives
 * (m0 k0, m1 k1, m2 k2, m3 k3) in lanes 0..3 of each group; the pair
 * differences (lane h^1 minus lane h) are valid in lanes 0 and 2, at2 with
 * lane h^2 in lanes 0 and 1; unused lanes are computed and dropped. */
void zp_prod_fold4_row_avx512(zp_fe2 s[9], zp_fe2 *kr, zp_fe2 *mo, const zp_fe *mb, size_t nc,
                              const zp_fe2 w[4]) {
    const V sel[4] = {_mm512_set_epi64(12, 8, 4, 0, 12, 8, 4, 0),
                      _mm512_set_epi64(13, 9, 5, 1, 13, 9, 5, 1),
                      _mm512_set_epi64(14, 10, 6, 2, 14, 10, 6, 2),
                      _mm512_set_epi64(15, 11, 7, 3, 15, 11, 7, 3)};
    const V lohalf = _mm512_set_epi64(11, 10, 9, 8, 3, 2, 1, 0);
    const V sw1 = _mm512_set_epi64(6, 7, 4, 5, 2, 3, 0, 1);
    const V sw2 = _mm512_set_epi64(5, 4, 7, 6, 1, 0, 3, 2);
    V w0[4], w1[4], w7[4];
    for (int t = 0; t < 4; t++) {
        w0[t] = _mm512_set1_epi64((long long)w[t].c0);
        w1[t] = _mm512_set1_epi64((long long)w[t].c1);
        w7[t] = _mm512_set1_epi64((long long)gl_mul7(w[t].c1));
    }
    vacc2 pa, pd, p2, p3;
    memset(&pa, 0, sizeof pa);
    memset(&pd, 0, sizeof pd);
    memset(&p2, 0, sizeof p2);
    memset(&p3, 0, sizeof p3);
    uint64_t *kw = (uint64_t *)kr, *mw = (uint64_t *)mo;
    for (size_t j = 0; j < nc; j += 8) {
        V z[8], T[8], mv[4], mt[4];
        for (int l = 0; l < 8; l++) z[l] = _mm512_loadu_si512((const void *)(kw + 8 * (j + l)));
        for (int i = 0; i < 4; i++) mv[i] = _mm512_loadu_si512((const void *)(mb + 4 * j + 8 * i));
        gl512_transpose8(T, z);
        for (int t = 0; t < 4; t++) {
            V lo = _mm512_permutex2var_epi64(mv[0], sel[t], mv[1]);
            V hi = _mm512_permutex2var_epi64(mv[2], sel[t], mv[3]);
            mt[t] = _mm512_permutex2var_epi64(lo, lohalf, hi);
        }
        /* folds: k = sum_t w_t k_t (7 w1 on k.c1 in c0), m = sum_t w_t m_t */
        vacc a0, a1, b0, b1;
        memset(&a0, 0, sizeof a0);
        memset(&a1, 0, sizeof a1);
        memset(&b0, 0, sizeof b0);
        memset(&b1, 0, sizeof b1);
        for (int t = 0; t < 4; t++) {
            vacc_add(&a0, mulp(T[2 * t], w0[t]));
            vacc_add(&a0, mulp(T[2 * t + 1], w7[t]));
            vacc_add(&a1, mulp(T[2 * t], w1[t]));
            vacc_add(&a1, mulp(T[2 * t + 1], w0[t]));
            vacc_add(&b0, mulp(mt[t], w0[t]));
            vacc_add(&b1, mulp(mt[t], w1[t]));
        }
        const V k0 = acc_red(a0.lo, a0.hi), k1 = acc_red(a1.lo, a1.hi);
        const V m0 = acc_red(b0.lo, b0.hi), m1 = acc_red(b1.lo, b1.hi);
        /* outputs j..j+7 lie before this step's inputs (4j..): in place */
        store_pairs(kw + 2 * j, k0, k1);
        store_pairs(mw + 2 * j, m0, m1);
        vacc2_mac(&pa, m0, m1, k0, k1);
        const V dm0 = subp(_mm512_permutexvar_epi64(sw1, m0), m0);
        const V dm1 = subp(_mm512_permutexvar_epi64(sw1, m1), m1);
        const V dk0 = subp(_mm512_permutexvar_epi64(sw1, k0), k0);
        const V dk1 = subp(_mm512_permutexvar_epi64(sw1, k1), k1);
        vacc2_mac(&pd, dm0, dm1, dk0, dk1);
        vacc2_mac(&p2, at2p(m0, _mm512_permutexvar_epi64(sw2, m0)),
                  at2p(m1, _mm512_permutexvar_epi64(sw2, m1)),
                  at2p(k0, _mm512_permutexvar_epi64(sw2, k0)),
                  at2p(k1, _mm512_permutexvar_epi64(sw2, k1)));
        vacc2_mac(&p3, at2p(dm0, _mm512_permutexvar_epi64(sw2, dm0)),
                  at2p(dm1, _mm512_permutexvar_epi64(sw2, dm1)),
                  at2p(dk0, _mm512_permutexvar_epi64(sw2, dk0)),
                  at2p(dk1, _mm512_permutexvar_epi64(sw2, dk1)));
    }
    s[0] = vacc2_lanes(&pa, 0x11);
    s[1] = vacc2_lanes(&pa, 0x22);
    s[2] = vacc2_lanes(&pd, 0x11);
    s[3] = vacc2_lanes(&pa, 0x44);
    s[4] = vacc2_lanes(&pa, 0x88);
    s[5] = vacc2_lanes(&pd, 0x44);
    s[6] = vacc2_lanes(&p2, 0x11);
    s[7] = vacc2_lanes(&p2, 0x22);
    s[8] = vacc2_lanes(&p3, 0x11);
    zp_memzero(&pa, sizeof pa);
    zp_memzero(&pd, sizeof pd);
    zp_memzero(&p2, sizeof p2);
    zp_memzero(&p3, sizeof p3);
}

#endif
