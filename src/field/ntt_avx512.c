/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * AVX-512 NTT kernels (8 lanes), tested bit-for-bit against ntt.c. */
#include <immintrin.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "field/gl.h"
#include "field/ntt_internal.h"

/*
 * Goldilocks multiply on 8 lanes: the 128-bit product from four 32x32
 * partial products (_mm512_mul_epu32), then the reduction of gl.h:
 * hi:lo = H1 2^96 + H0 2^64 + lo = lo - H1 + H0 (2^32 - 1) (mod p), since
 * 2^64 = 2^32 - 1 and 2^96 = -1 mod p.  Every result is canonical, so the
 * kernels agree bit for bit with the portable reference.
 */

#include "gl_avx512.h"

static inline V v_eps(void) { return _mm512_set1_epi64((long long)GL_EPS); }
static inline V v_p(void) { return _mm512_set1_epi64((long long)GL_P); }

/* a + b for canonical a, b. */
static inline V gl512_add(V a, V b) {
    V nb = _mm512_sub_epi64(v_p(), b);       /* p - b in [1, p] */
    V d = _mm512_sub_epi64(a, nb);
    __mmask8 lt = _mm512_cmplt_epu64_mask(a, nb);
    return _mm512_mask_add_epi64(d, lt, d, v_p());
}

/* a - b for canonical a, b. */
static inline V gl512_sub(V a, V b) {
    V d = _mm512_sub_epi64(a, b);
    __mmask8 lt = _mm512_cmplt_epu64_mask(a, b);
    return _mm512_mask_add_epi64(d, lt, d, v_p());
}

/* Canonical form of s < 2^64: s - p if s >= p, by the add+min of
 * gl512_mul. */
static inline V gl512_canon(V s) { return _mm512_min_epu64(s, _mm512_add_epi64(s, v_eps())); }

/*
 * Products by the powers of two that are the 4th and 8th roots of unity
 * (2^96 = -1 mod p, so 2 has order 192 and 8 order 64: with the
 * generator 7, w_4 = 2^48, w_8 = 2^120 = -2^24 and w_8^3 = 2^168 =
 * -2^72), by shifts and the reductions 2^64 = 2^32 - 1, 2^96 = -1 and no
 * multiplication.  Inputs < 2^64, outputs canonical.  (The small-root
 * structure of this field is the one used by Plonky2's FFTs; see also
 * "Goldilocks" in Polygon Zero's Plonky2 paper, 2022.)
 */

/* x 2^24 = (x << 24) + h 2^64, h = x >> 40 < 2^24, h 2^64 = h (2^32 - 1). */
static inline V gl512_mul_2e24(V x) {
    const V eps = v_eps();
    V a = _mm512_slli_epi64(x, 24);
    V h = _mm512_srli_epi64(x, 40);
    V he = _mm512_sub_epi64(_mm512_slli_epi64(h, 32), h);
    V s = _mm512_add_epi64(a, he);
    /* a carry drops 2^64 = eps mod p; s < he < 2^56, so s + eps fits */
    __mmask8 cy = _mm512_cmplt_epu64_mask(s, he);
    s = _mm512_mask_add_epi64(s, cy, s, eps);
    return gl512_canon(s);
}

/* x 2^48 = lo + hi 2^64 with lo = x << 48, hi = x >> 16 = H1 2^32 + H0:
 * the reduction of gl512_mul, lo - H1 + H0 (2^32 - 1), with H0 (2^32 - 1)
 * by a shift. */
static inline V gl512_mul_2e48(V x) {
    const V eps = v_eps();
    V lo = _mm512_slli_epi64(x, 48);
    V h1 = _mm512_srli_epi64(x, 48);
    V h0 = _mm512_and_si512(_mm512_srli_epi64(x, 16), eps);
    __mmask8 bor = _mm512_cmplt_epu64_mask(lo, h1);
    V t = _mm512_sub_epi64(lo, h1);
    t = _mm512_mask_sub_epi64(t, bor, t, eps);
    V he = _mm512_sub_epi64(_mm512_slli_epi64(h0, 32), h0);
    V s = _mm512_add_epi64(t, he);
    __mmask8 cy = _mm512_cmplt_epu64_mask(s, he);
    s = _mm512_mask_add_epi64(s, cy, s, eps);
    return gl512_canon(s);
}

/* x = xh 2^32 + xl: x 2^72 = xh 2^104 + xl 2^72 = -xh 2^8 + xl 2^8 (2^64)
 * = xl 2^40 - (xl + xh) 2^8, and xl 2^40 = A + B (2^32 - 1) with
 * A = x << 40 (mod 2^64), B = (x >> 24) & 0xff.  So x 2^72 = S - T with
 * S = A + B 2^32 (disjoint bits) and T = B + (xl + xh) 2^8 < 2^42. */
static inline V gl512_mul_2e72(V x) {
    const V eps = v_eps();
    V b = _mm512_and_si512(_mm512_srli_epi64(x, 24), _mm512_set1_epi64(0xff));
    V sv = _mm512_or_si512(_mm512_slli_epi64(x, 40), _mm512_slli_epi64(b, 32));
    V xs = _mm512_add_epi64(_mm512_and_si512(x, eps), _mm512_srli_epi64(x, 32));
    V tv = _mm512_add_epi64(b, _mm512_slli_epi64(xs, 8));
    /* a borrow: S - T + p is in (p - 2^42, p), canonical */
    __mmask8 bor = _mm512_cmplt_epu64_mask(sv, tv);
    V r = _mm512_sub_epi64(sv, tv);
    r = _mm512_mask_add_epi64(r, bor, r, v_p());
    return gl512_canon(r);
}

/* Cooley-Tukey: (x, y) -> (x + w y, x - w y). */
static inline void bf_ct(V *x, V *y, V w, V w_hi) {
    V t = gl512_mul(*y, w, w_hi);
    *y = gl512_sub(*x, t);
    *x = gl512_add(*x, t);
}
/* (x, y) -> (x + t, x - t) for t = w y computed by the caller. */
static inline void bf_ct_t(V *x, V *y, V t) {
    *y = gl512_sub(*x, t);
    *x = gl512_add(*x, t);
}
/* Gentleman-Sande: (x, y) -> (x + y, (x - y) w). */
static inline void bf_gs(V *x, V *y, V w, V w_hi) {
    V d = gl512_sub(*x, *y);
    *x = gl512_add(*x, *y);
    *y = gl512_mul(d, w, w_hi);
}

static inline V bcast(zp_fe w) { return _mm512_set1_epi64((long long)w); }
static inline V hi32(V w) { return _mm512_srli_epi64(w, 32); }

/* r levels on 2^r vectors x[], with twiddles c[(1 << l) - 1 + u]. */
/* b0: the block index is 0, so every sub-block u = 0 has twiddle R[0] = 1
 * and its butterflies need no multiplication. */
static inline __attribute__((always_inline)) void
levels_ct(V *x, const V *c, const V *ch, unsigned r, int b0) {
    unsigned nt = 1u << r;
    for (unsigned l = 0; l < r; l++) {
        unsigned half = nt >> (l + 1);
        for (unsigned u = 0; u < (1u << l); u++)
            for (unsigned k = 0; k < half; k++) {
                unsigned i0 = u * 2 * half + k;
                if (b0 && u == 0) {
                    V t = x[i0 + half];
                    x[i0 + half] = gl512_sub(x[i0], t);
                    x[i0] = gl512_add(x[i0], t);
                } else {
                    bf_ct(&x[i0], &x[i0 + half], c[(1u << l) - 1 + u], ch[(1u << l) - 1 + u]);
                }
            }
    }
}
static inline __attribute__((always_inline)) void
levels_gs(V *x, const V *c, const V *ch, unsigned r, int b0) {
    unsigned nt = 1u << r;
    for (unsigned l = r; l-- > 0;) {
        unsigned half = nt >> (l + 1);
        for (unsigned u = 0; u < (1u << l); u++)
            for (unsigned k = 0; k < half; k++) {
                unsigned i0 = u * 2 * half + k;
                if (b0 && u == 0) {
                    V y = x[i0 + half];
                    x[i0 + half] = gl512_sub(x[i0], y);
                    x[i0] = gl512_add(x[i0], y);
                } else {
                    bf_gs(&x[i0], &x[i0 + half], c[(1u << l) - 1 + u], ch[(1u << l) - 1 + u]);
                }
            }
    }
}

/* (x, y) -> (x + y, x - y) and (x, y) -> (x - y, x + y). */
static inline void bf_plain(V *x, V *y) {
    V t = *y;
    *y = gl512_sub(*x, t);
    *x = gl512_add(*x, t);
}
static inline void bf_swap(V *x, V *y, V t) {
    *y = gl512_add(*x, t);
    *x = gl512_sub(*x, t);
}

/*
 * Three forward levels on x[0..8) of block b, "twisted": with v = R[4b],
 * the sub-block twiddles are R[b] = v^4, R[2b + u] = v^2 w_4^u and
 * R[4b + u] = v w_8^rev2(u) (ntt_internal.h: R[c] = w_{2^(s+1)}^rev_s(c)).
 * Multiplying x[t] by v^t first leaves every level's twiddle a power of
 * w_8 (the levels of block 0): after level 0 the value at position i
 * carries the factor v^(i mod 4), after level 1 v^(i mod 2), after level
 * 2 none, so the outputs are those of levels_ct, exactly (the field
 * arithmetic is exact and every result canonical).  This is the radix-8
 * butterfly of the split-radix literature (Duhamel and Hollmann, 1984)
 * in the block-constant twiddle order: 7 general products and 5 by
 * powers of two (gl512_mul_2e*) instead of 12 general ones.  vp[t - 1],
 * vh[t - 1] = v^t and its high half; vp == NULL for v = 1 (block 0).
 */
static inline __attribute__((always_inline)) void
levels_ct8_twisted(V *x, const V *vp, const V *vh) {
    if (vp)
        for (unsigned t = 1; t < 8; t++) x[t] = gl512_mul(x[t], vp[t - 1], vh[t - 1]);
    for (unsigned t = 0; t < 4; t++) bf_plain(&x[t], &x[t + 4]);
    /* level 1: sub-block 0 twiddle 1, sub-block 1 twiddle w_4 = 2^48 */
    bf_plain(&x[0], &x[2]);
    bf_plain(&x[1], &x[3]);
    bf_ct_t(&x[4], &x[6], gl512_mul_2e48(x[6]));
    bf_ct_t(&x[5], &x[7], gl512_mul_2e48(x[7]));
    /* level 2: twiddles 1, w_4 = 2^48, w_8 = -2^24, w_8^3 = -2^72 */
    bf_plain(&x[0], &x[1]);
    bf_ct_t(&x[2], &x[3], gl512_mul_2e48(x[3]));
    bf_swap(&x[4], &x[5], gl512_mul_2e24(x[5]));
    bf_swap(&x[6], &x[7], gl512_mul_2e72(x[7]));
}

/* The twisted radix-8 twiddles of block b != 0 (p_t for t = 1..7 from
 * tw[b], tw[2b], tw[4b]) broadcast into vp[t - 1], their high halves in
 * vh[t - 1]. */
static inline __attribute__((always_inline)) void
twisted8_twiddles(V vp[7], V vh[7], size_t b, const zp_fe *tw) {
    zp_fe p[8];
    p[1] = tw[4 * b];
    p[2] = tw[2 * b];
    p[4] = tw[b];
    p[3] = gl_mul(p[2], p[1]);
    p[5] = gl_mul(p[4], p[1]);
    p[6] = gl_mul(p[4], p[2]);
    p[7] = gl_mul(p[4], p[3]);
    for (unsigned t = 1; t < 8; t++) {
        vp[t - 1] = bcast(p[t]);
        vh[t - 1] = hi32(vp[t - 1]);
    }
}

/* Three forward levels of block b for j in [j0, j1), twisted form. */
static inline __attribute__((always_inline)) void
pass3_fwd_twisted(zp_fe *a, unsigned lm, size_t b, size_t j0, size_t j1, const zp_fe *tw) {
    size_t q = (size_t)1 << (lm - 3);
    V vp[7], vh[7];
    if (b != 0) twisted8_twiddles(vp, vh, b, tw);
    for (size_t j = j0; j < j1; j += 8) {
        V x[8];
        for (unsigned t = 0; t < 8; t++) x[t] = _mm512_loadu_si512((const void *)(a + j + t * q));
        levels_ct8_twisted(x, b != 0 ? vp : NULL, vh);
        for (unsigned t = 0; t < 8; t++) _mm512_storeu_si512((void *)(a + j + t * q), x[t]);
    }
}

static inline __attribute__((always_inline)) void
pass_r(zp_fe *a, unsigned lm, size_t b, size_t j0, size_t j1, const zp_fe *tw,
       unsigned r, int inverse, int b0) {
    size_t q = (size_t)1 << (lm - r);
    unsigned nt = 1u << r;
    V c[7], ch[7];
    for (unsigned l = 0; l < r; l++)
        for (unsigned u = 0; u < (1u << l); u++) {
            c[(1u << l) - 1 + u] = bcast(tw[(b << l) + u]);
            ch[(1u << l) - 1 + u] = hi32(c[(1u << l) - 1 + u]);
        }
    for (size_t j = j0; j < j1; j += 8) {
        V x[8];
        for (unsigned t = 0; t < nt; t++) x[t] = _mm512_loadu_si512((const void *)(a + j + t * q));
        if (inverse) levels_gs(x, c, ch, r, b0);
        else levels_ct(x, c, ch, r, b0);
        for (unsigned t = 0; t < nt; t++) _mm512_storeu_si512((void *)(a + j + t * q), x[t]);
    }
}

void zp_ntt_fwd_levels_avx512(zp_fe *a, unsigned lm, size_t b, unsigned r,
                              size_t j0, size_t j1, const zp_fe *tw) {
    if (lm < r + 3 || (j0 & 7) || (j1 & 7)) {
        zp_ntt_fwd_levels_portable(a, lm, b, r, j0, j1, tw);
        return;
    }
    if (r >= 3) {
        if (b == 0) pass3_fwd_twisted(a, lm, 0, j0, j1, tw);
        else pass3_fwd_twisted(a, lm, b, j0, j1, tw);
        return;
    }
    if (r == 1 && b == 1) {
        /* R[1] = w_4 = 2^48 */
        size_t q = (size_t)1 << (lm - 1);
        for (size_t j = j0; j < j1; j += 8) {
            V x = _mm512_loadu_si512((const void *)(a + j));
            V y = _mm512_loadu_si512((const void *)(a + j + q));
            bf_ct_t(&x, &y, gl512_mul_2e48(y));
            _mm512_storeu_si512((void *)(a + j), x);
            _mm512_storeu_si512((void *)(a + j + q), y);
        }
        return;
    }
    if (b == 0) {
        if (r == 1) pass_r(a, lm, b, j0, j1, tw, 1, 0, 1);
        else pass_r(a, lm, b, j0, j1, tw, 2, 0, 1);
        return;
    }
    if (r == 1) pass_r(a, lm, b, j0, j1, tw, 1, 0, 0);
    else pass_r(a, lm, b, j0, j1, tw, 2, 0, 0);
}

/* The value at position i of a block that starts as the zero-padded
 * coefficients c[i] * T[i] (i < nc), 8 lanes from i. */
static inline __attribute__((always_inline)) V
lde_load(const zp_fe *c, const zp_fe *T, size_t nc, size_t i) {
    if (i + 8 <= nc) {
        V t = _mm512_loadu_si512((const void *)(T + i));
        return gl512_mul(_mm512_loadu_si512((const void *)(c + i)), t, hi32(t));
    }
    if (i >= nc) return _mm512_setzero_si512();
    __mmask8 k = (__mmask8)((1u << (nc - i)) - 1);
    V t = _mm512_maskz_loadu_epi64(k, (const void *)(T + i));
    return gl512_mul(_mm512_maskz_loadu_epi64(k, (const void *)(c + i)), t, hi32(t));
}

/* zp_ntt_lde_levels_avx512 for r levels (1..3) and block b (b0: b == 0). */
static inline __attribute__((always_inline)) void
lde_pass(zp_fe *a, unsigned lm, size_t b, size_t j0, size_t j1, const zp_fe *tw,
         const zp_fe *c, const zp_fe *T, size_t nc, unsigned r, int b0) {
    size_t q = (size_t)1 << (lm - r);
    unsigned nt = 1u << r;
    V cv[7], ch[7];
    if (r == 3) {
        /* twisted radix-8 twiddles, as in pass3_fwd_twisted */
        if (!b0) twisted8_twiddles(cv, ch, b, tw);
    } else {
        for (unsigned l = 0; l < r; l++)
            for (unsigned u = 0; u < (1u << l); u++) {
                cv[(1u << l) - 1 + u] = bcast(tw[(b << l) + u]);
                ch[(1u << l) - 1 + u] = hi32(cv[(1u << l) - 1 + u]);
            }
    }
    /* plain twiddles for the levels after a copied first level */
    V pc[7], ph[7];
    for (unsigned l = 1; l < r; l++)
        for (unsigned u = 0; u < (1u << l); u++) {
            pc[(1u << l) - 1 + u] = bcast(tw[(b << l) + u]);
            ph[(1u << l) - 1 + u] = hi32(pc[(1u << l) - 1 + u]);
        }
    unsigned half = nt / 2;
    for (size_t j = j0; j < j1; j += 8) {
        V x[8];
        if (j + half * q >= nc) {
            /* the upper half of the first level is zero: its butterflies
             * (x + w 0, x - w 0) are copies (the sparse level of the LDE) */
            for (unsigned t = 0; t < half; t++) {
                x[t] = lde_load(c, T, nc, j + t * q);
                x[t + half] = x[t];
            }
            if (r >= 2) {
                /* levels 1.. of levels_ct on each half */
                for (unsigned l = 1; l < r; l++) {
                    unsigned hl = nt >> (l + 1);
                    for (unsigned u = 0; u < (1u << l); u++)
                        for (unsigned k = 0; k < hl; k++) {
                            unsigned i0 = u * 2 * hl + k;
                            if (b0 && u == 0) bf_plain(&x[i0], &x[i0 + hl]);
                            else bf_ct(&x[i0], &x[i0 + hl], pc[(1u << l) - 1 + u], ph[(1u << l) - 1 + u]);
                        }
                }
            }
        } else {
            for (unsigned t = 0; t < nt; t++) x[t] = lde_load(c, T, nc, j + t * q);
            if (r == 3) levels_ct8_twisted(x, b0 ? NULL : cv, ch);
            else levels_ct(x, cv, ch, r, b0);
        }
        for (unsigned t = 0; t < nt; t++) _mm512_storeu_si512((void *)(a + j + t * q), x[t]);
    }
}

void zp_ntt_lde_levels_avx512(zp_fe *a, unsigned lm, size_t b, unsigned r, size_t j0,
                              size_t j1, const zp_fe *tw, const zp_fe *c, const zp_fe *T,
                              size_t nc) {
    if (r < 1 || r > 3 || lm < r + 3 || (j0 & 7) || (j1 & 7)) {
        zp_ntt_lde_levels_portable(a, lm, b, r, j0, j1, tw, c, T, nc);
        return;
    }
    if (b == 0) {
        switch (r) {
        case 1: lde_pass(a, lm, 0, j0, j1, tw, c, T, nc, 1, 1); break;
        case 2: lde_pass(a, lm, 0, j0, j1, tw, c, T, nc, 2, 1); break;
        default: lde_pass(a, lm, 0, j0, j1, tw, c, T, nc, 3, 1); break;
        }
        return;
    }
    switch (r) {
    case 1: lde_pass(a, lm, b, j0, j1, tw, c, T, nc, 1, 0); break;
    case 2: lde_pass(a, lm, b, j0, j1, tw, c, T, nc, 2, 0); break;
    default: lde_pass(a, lm, b, j0, j1, tw, c, T, nc, 3, 0); break;
    }
}

void zp_ntt_inv_levels_avx512(zp_fe *a, unsigned lm, size_t b, unsigned r,
                              size_t j0, size_t j1, const zp_fe *tw) {
    if (lm < r + 3 || (j0 & 7) || (j1 & 7)) {
        zp_ntt_inv_levels_portable(a, lm, b, r, j0, j1, tw);
        return;
    }
    if (b == 0) {
        switch (r) {
        case 1: pass_r(a, lm, b, j0, j1, tw, 1, 1, 1); break;
        case 2: pass_r(a, lm, b, j0, j1, tw, 2, 1, 1); break;
        default: pass_r(a, lm, b, j0, j1, tw, 3, 1, 1); break;
        }
        return;
    }
    switch (r) {
    case 1: pass_r(a, lm, b, j0, j1, tw, 1, 1, 0); break;
    case 2: pass_r(a, lm, b, j0, j1, tw, 2, 1, 0); break;
    default: pass_r(a, lm, b, j0, j1, tw, 3, 1, 0); break;
    }
}

/* In-register 8x8 transpose of 64-bit elements: r[i][j] -> r[j][i]. */
static inline void transpose8(V *r) {
    V t[8], u[8];
    for (unsigned i = 0; i < 4; i++) {
        t[2 * i] = _mm512_unpacklo_epi64(r[2 * i], r[2 * i + 1]);
        t[2 * i + 1] = _mm512_unpackhi_epi64(r[2 * i], r[2 * i + 1]);
    }
    /* t[0] = r0[0] r1[0] r0[2] r1[2] r0[4] r1[4] r0[6] r1[6], t[1] odd */
    for (unsigned k = 0; k < 2; k++) {
        u[4 * k + 0] = _mm512_shuffle_i64x2(t[k], t[k + 2], 0x88);
        u[4 * k + 1] = _mm512_shuffle_i64x2(t[k], t[k + 2], 0xDD);
        u[4 * k + 2] = _mm512_shuffle_i64x2(t[k + 4], t[k + 6], 0x88);
        u[4 * k + 3] = _mm512_shuffle_i64x2(t[k + 4], t[k + 6], 0xDD);
    }
    for (unsigned k = 0; k < 2; k++) {
        r[k + 0] = _mm512_shuffle_i64x2(u[4 * k + 0], u[4 * k + 2], 0x88);
        r[k + 4] = _mm512_shuffle_i64x2(u[4 * k + 0], u[4 * k + 2], 0xDD);
        r[k + 2] = _mm512_shuffle_i64x2(u[4 * k + 1], u[4 * k + 3], 0x88);
        r[k + 6] = _mm512_shuffle_i64x2(u[4 * k + 1], u[4 * k + 3], 0xDD);
    }
}

/* Twiddle vectors for levels 3, 4, 5 of a 64-block b, lane t = sub-block t:
 * w[0] = T[8b + t]; w[1], w[2] = T[16b + 2t + {0,1}];
 * w[3 + u] = T[32b + 4t + u]. */
static inline void leaf_twiddles(const zp_fe *T, size_t b, V *w) {
    w[0] = _mm512_loadu_si512((const void *)(T + 8 * b));
    V l0 = _mm512_loadu_si512((const void *)(T + 16 * b));
    V l1 = _mm512_loadu_si512((const void *)(T + 16 * b + 8));
    w[1] = _mm512_permutex2var_epi64(l0, _mm512_setr_epi64(0, 2, 4, 6, 8, 10, 12, 14), l1);
    w[2] = _mm512_permutex2var_epi64(l0, _mm512_setr_epi64(1, 3, 5, 7, 9, 11, 13, 15), l1);
    V q0 = _mm512_loadu_si512((const void *)(T + 32 * b));
    V q1 = _mm512_loadu_si512((const void *)(T + 32 * b + 8));
    V q2 = _mm512_loadu_si512((const void *)(T + 32 * b + 16));
    V q3 = _mm512_loadu_si512((const void *)(T + 32 * b + 24));
    const V i01 = _mm512_setr_epi64(0, 4, 8, 12, 1, 5, 9, 13);
    const V i23 = _mm512_setr_epi64(2, 6, 10, 14, 3, 7, 11, 15);
    V A = _mm512_permutex2var_epi64(q0, i01, q1), B = _mm512_permutex2var_epi64(q0, i23, q1);
    V C = _mm512_permutex2var_epi64(q2, i01, q3), D = _mm512_permutex2var_epi64(q2, i23, q3);
    w[3] = _mm512_shuffle_i64x2(A, C, 0x44);
    w[4] = _mm512_shuffle_i64x2(A, C, 0xEE);
    w[5] = _mm512_shuffle_i64x2(B, D, 0x44);
    w[6] = _mm512_shuffle_i64x2(B, D, 0xEE);
}

/*
 * Twiddle powers of the forward leaves, b < 2^LEAF_TAB_LOG (transforms of
 * up to 2^(LEAF_TAB_LOG + 6) points, the PCS rows): 64 words per leaf b,
 * words 1..7 the scalars v^1..v^7 of its first three levels (v = R[4b]),
 * words 8 + 8k + t the lane-t power v_t^(k+1) of its last three
 * (v_t = R[32b + 4t]).  The values are those leaf64_fwd computes by
 * products (the same field elements), read instead of recomputed: 4
 * vector and 4 scalar products and the gathers of leaf_twiddles per leaf.
 * Built once (pthread_once); NULL if the twiddles or memory fail, and
 * then the leaves compute their powers.
 */
#define LEAF_TAB_LOG 10
static pthread_once_t leaf_once = PTHREAD_ONCE_INIT;
static _Atomic(const zp_fe *) leaf_tab = NULL;

static zp_fe pow_small(zp_fe v, unsigned k) {
    zp_fe r = 1;
    while (k--) r = gl_mul(r, v);
    return r;
}

static void leaf_tab_build(void) {
    const zp_fe *R, *Ri;
    if (zp_ntt_twiddles(LEAF_TAB_LOG + 6, &R, &Ri) != ZP_OK) return;
    size_t nb = (size_t)1 << LEAF_TAB_LOG;
    zp_fe *t = aligned_alloc(64, nb * 64 * sizeof(zp_fe));
    if (t == NULL) return;
    for (size_t b = 0; b < nb; b++) {
        zp_fe *e = t + 64 * b;
        e[0] = 0;
        for (unsigned k = 1; k < 8; k++) e[k] = pow_small(R[4 * b], k);
        for (unsigned k = 0; k < 7; k++)
            for (unsigned l = 0; l < 8; l++) e[8 + 8 * k + l] = pow_small(R[32 * b + 4 * l], k + 1);
    }
    atomic_store_explicit(&leaf_tab, t, memory_order_release);
}

/* All six levels of a 64-element block, powers from the table entry e. */
static void leaf64_fwd_tab(zp_fe *a, const zp_fe *e, int b0) {
    V x[8], c[7], ch[7];
    for (unsigned t = 0; t < 8; t++) x[t] = _mm512_loadu_si512((const void *)(a + 8 * t));
    if (!b0) {
        for (unsigned t = 1; t < 8; t++) {
            c[t - 1] = bcast(e[t]);
            ch[t - 1] = hi32(c[t - 1]);
        }
        levels_ct8_twisted(x, c, ch);
    } else {
        levels_ct8_twisted(x, NULL, NULL);
    }
    transpose8(x);
    for (unsigned k = 0; k < 7; k++) {
        c[k] = _mm512_load_si512((const void *)(e + 8 + 8 * k));
        ch[k] = hi32(c[k]);
    }
    levels_ct8_twisted(x, c, ch);
    transpose8(x);
    for (unsigned t = 0; t < 8; t++) _mm512_storeu_si512((void *)(a + 8 * t), x[t]);
}

/* All six levels of a 64-element block (index b at its level). */
static void leaf64_fwd(zp_fe *a, size_t b, const zp_fe *tw) {
    if (b < ((size_t)1 << LEAF_TAB_LOG)) {
        const zp_fe *lt = atomic_load_explicit(&leaf_tab, memory_order_acquire);
        if (lt != NULL) {
            leaf64_fwd_tab(a, lt + 64 * b, b == 0);
            return;
        }
    }
    V x[8], c[7], ch[7];
    for (unsigned t = 0; t < 8; t++) x[t] = _mm512_loadu_si512((const void *)(a + 8 * t));
    /* levels 0..2 (stride 8): twisted, v = R[4b] (levels_ct8_twisted) */
    if (b != 0) {
        twisted8_twiddles(c, ch, b, tw);
        levels_ct8_twisted(x, c, ch);
    } else {
        levels_ct8_twisted(x, NULL, NULL);
    }
    transpose8(x);
    /* x[e] lane t = element e of sub-block t, whose v = R[32b + 4t]:
     * v^4 = R[8b + t], v^2 = R[16b + 2t] (leaf_twiddles' w[0], w[1],
     * w[3]); the other powers by products */
    leaf_twiddles(tw, b, c);
    {
        V q[7], qh[7];
        V v1 = c[3], v2 = c[1], v4 = c[0];
        V v1h = hi32(v1), v2h = hi32(v2), v4h = hi32(v4);
        V v3 = gl512_mul(v2, v1, v1h), v3h = hi32(v3);
        q[0] = v1; qh[0] = v1h;
        q[1] = v2; qh[1] = v2h;
        q[2] = v3; qh[2] = v3h;
        q[3] = v4; qh[3] = v4h;
        q[4] = gl512_mul(v4, v1, v1h); qh[4] = hi32(q[4]);
        q[5] = gl512_mul(v4, v2, v2h); qh[5] = hi32(q[5]);
        q[6] = gl512_mul(v4, v3, v3h); qh[6] = hi32(q[6]);
        levels_ct8_twisted(x, q, qh);
    }
    transpose8(x);
    for (unsigned t = 0; t < 8; t++) _mm512_storeu_si512((void *)(a + 8 * t), x[t]);
}

static void leaf64_inv(zp_fe *a, size_t b, const zp_fe *tw) {
    V x[8], c[7], ch[7];
    for (unsigned t = 0; t < 8; t++) x[t] = _mm512_loadu_si512((const void *)(a + 8 * t));
    transpose8(x);
    leaf_twiddles(tw, b, c);
    for (unsigned i = 0; i < 7; i++) ch[i] = hi32(c[i]);
    levels_gs(x, c, ch, 3, 0);
    transpose8(x);
    for (unsigned l = 0; l < 3; l++)
        for (unsigned u = 0; u < (1u << l); u++) {
            c[(1u << l) - 1 + u] = bcast(tw[(b << l) + u]);
            ch[(1u << l) - 1 + u] = hi32(c[(1u << l) - 1 + u]);
        }
    levels_gs(x, c, ch, 3, 0);
    for (unsigned t = 0; t < 8; t++) _mm512_storeu_si512((void *)(a + 8 * t), x[t]);
}

/* Levels taken by the pass above a block of 2^lm (lm > 6): 3, 2 or 1 so
 * that the recursion ends exactly on 64-element leaves. */
static unsigned top_levels(unsigned lm) {
    unsigned r = (lm - 6) % 3;
    return r ? r : 3;
}

void zp_ntt_fwd_block_avx512(zp_fe *a, unsigned lm, size_t b, const zp_fe *tw) {
    pthread_once(&leaf_once, leaf_tab_build);
    if (lm < 6) {
        zp_ntt_fwd_block_portable(a, lm, b, tw);
        return;
    }
    if (lm == 6) {
        leaf64_fwd(a, b, tw);
        return;
    }
    unsigned r = top_levels(lm);
    size_t q = (size_t)1 << (lm - r);
    zp_ntt_fwd_levels_avx512(a, lm, b, r, 0, q, tw);
    for (size_t u = 0; u < ((size_t)1 << r); u++)
        zp_ntt_fwd_block_avx512(a + u * q, lm - r, (b << r) + u, tw);
}

void zp_ntt_inv_block_avx512(zp_fe *a, unsigned lm, size_t b, const zp_fe *tw) {
    if (lm < 6) {
        zp_ntt_inv_block_portable(a, lm, b, tw);
        return;
    }
    if (lm == 6) {
        leaf64_inv(a, b, tw);
        return;
    }
    unsigned r = top_levels(lm);
    size_t q = (size_t)1 << (lm - r);
    for (size_t u = 0; u < ((size_t)1 << r); u++)
        zp_ntt_inv_block_avx512(a + u * q, lm - r, (b << r) + u, tw);
    zp_ntt_inv_levels_avx512(a, lm, b, r, 0, q, tw);
}

static inline size_t rev_bits(size_t v, unsigned k) {
    uint32_t x = (uint32_t)v;
    x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
    x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
    x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
    x = ((x >> 8) & 0x00FF00FFu) | ((x & 0x00FF00FFu) << 8);
    x = (x >> 16) | (x << 16);
    return k == 0 ? 0 : (size_t)(x >> (32 - k));
}

/* Bit-reversal tiles m in [m0, m1) of a 2^L array (L >= 6), as in
 * ntt.c's bitrev_scale: tile m' = rev(m) receives T'[r][c] =
 * A[rev3(c)][rev3(r)], i.e. row r of T' is row rev3(r) of the transpose of
 * A's rows taken in the order rev3(c).  Each element is multiplied by s
 * unless s = 1. */
void zp_ntt_bitrev_tiles_avx512(zp_fe *a, unsigned L, size_t m0, size_t m1, zp_fe s) {
    static const unsigned char r3[8] = {0, 4, 2, 6, 1, 5, 3, 7};
    unsigned km = L - 6;
    size_t rs = (size_t)1 << (L - 3);
    int scale = s != 1;
    V sv = bcast(s), sh = hi32(sv);
    for (size_t m = m0; m < m1; m++) {
        size_t mr = rev_bits(m, km);
        if (mr < m) continue;
        zp_fe *pa = a + m * 8, *pb = a + mr * 8;
        V A[8], B[8];
        for (unsigned c = 0; c < 8; c++) {
            A[c] = _mm512_loadu_si512((const void *)(pa + r3[c] * rs));
            B[c] = _mm512_loadu_si512((const void *)(pb + r3[c] * rs));
        }
        transpose8(A);
        transpose8(B);
        if (scale)
            for (unsigned c = 0; c < 8; c++) {
                A[c] = gl512_mul(A[c], sv, sh);
                B[c] = gl512_mul(B[c], sv, sh);
            }
        for (unsigned r = 0; r < 8; r++) {
            _mm512_storeu_si512((void *)(pb + r * rs), A[r3[r]]);
            _mm512_storeu_si512((void *)(pa + r * rs), B[r3[r]]);
        }
    }
}

void zp_ntt_scale_powers_avx512(zp_fe *out, const zp_fe *c, size_t n, zp_fe p0, zp_fe s) {
    /* Four independent chains (the multiplication's latency, not its
     * throughput, bounds one chain): lane t of P[v] holds p0 s^(j + 8v + t),
     * one multiplication by s^32 per vector and step. */
    zp_fe pw[32];
    pw[0] = p0;
    for (unsigned t = 1; t < 32; t++) pw[t] = gl_mul(pw[t - 1], s);
    zp_fe s32 = s;
    for (unsigned t = 0; t < 5; t++) s32 = gl_mul(s32, s32);
    V P[4], S = bcast(s32), Sh = hi32(S);
    for (unsigned v = 0; v < 4; v++) P[v] = _mm512_loadu_si512((const void *)(pw + 8 * v));
    size_t j = 0;
    for (; j + 32 <= n; j += 32)
        for (unsigned v = 0; v < 4; v++) {
            V x = _mm512_loadu_si512((const void *)(c + j + 8 * v));
            _mm512_storeu_si512((void *)(out + j + 8 * v), gl512_mul(x, P[v], hi32(P[v])));
            P[v] = gl512_mul(P[v], S, Sh);
        }
    for (unsigned v = 0; v < 4; v++) _mm512_storeu_si512((void *)(pw + 8 * v), P[v]);
    for (unsigned t = 0; j < n; j++, t++) out[j] = gl_mul(c[j], pw[t]);
}

void zp_ntt_mul_pow2_avx512(zp_fe *out, const zp_fe *x, size_t n, unsigned k) {
    size_t j = 0;
    for (; j + 8 <= n; j += 8) {
        V v = _mm512_loadu_si512((const void *)(x + j));
        v = k == 24 ? gl512_mul_2e24(v) : k == 48 ? gl512_mul_2e48(v) : gl512_mul_2e72(v);
        _mm512_storeu_si512((void *)(out + j), v);
    }
    zp_fe m = 1;
    for (unsigned i = 0; i < (k == 24 || k == 48 ? k : 72); i++) m = gl_add(m, m);
    for (; j < n; j++) out[j] = gl_mul(x[j], m);
}
