/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * AVX-512 field vector kernels (8 Goldilocks elements per register). */
#include <immintrin.h>

#include "field/gl.h"
#include "field/batch.h"

/* The 64x64 -> 128-bit product is assembled from four 32x32 -> 64-bit
 * partial products (vpmuludq), and reduced with 2^64 = 2^32 - 1 and
 * 2^96 = -1 mod p, the method of Plonky2's AVX-512 Goldilocks field
 * (plonky2/field/src/arch/x86_64/avx512_goldilocks_field.rs) and of
 * gl_reduce128 in gl.h.  Each step below mirrors gl_reduce128 exactly, so
 * results are bit-identical to the portable backend for any 64-bit inputs;
 * AVX-512's unsigned compares make the sign-shift trick of AVX2 versions
 * unnecessary.  No lane-dependent branches: masks only. */

#define EPS_V _mm512_set1_epi64((long long)GL_EPS)

/* x >= p ? x - p : x, as min(x, x - p): when x < p, x - p wraps to
 * x + 2^32 - 1 > x. */
static inline __m512i canon(__m512i x, __m512i eps) {
    return _mm512_min_epu64(x, _mm512_add_epi64(x, eps));
}

static inline __m512i add_v(__m512i a, __m512i b, __m512i eps) {
    __m512i s = _mm512_add_epi64(a, b);
    __mmask8 c = _mm512_cmplt_epu64_mask(s, a);
    s = _mm512_mask_add_epi64(s, c, s, eps);
    return canon(s, eps);
}

static inline __m512i sub_v(__m512i a, __m512i b, __m512i eps) {
    __m512i d = _mm512_sub_epi64(a, b);
    __mmask8 bw = _mm512_cmplt_epu64_mask(a, b);
    return _mm512_mask_sub_epi64(d, bw, d, eps);
}

/* Reduces hi:lo (128 bits per lane) into [0, p). */
static inline __m512i reduce_v(__m512i hi, __m512i lo, __m512i eps) {
    __m512i hh = _mm512_srli_epi64(hi, 32);
    __m512i t0 = _mm512_sub_epi64(lo, hh);            /* lo - hi_hi*2^96 */
    __mmask8 bw = _mm512_cmplt_epu64_mask(lo, hh);
    t0 = _mm512_mask_sub_epi64(t0, bw, t0, eps);
    __m512i t1 = _mm512_mul_epu32(hi, eps);          /* hi_lo*(2^32-1) */
    __m512i s = _mm512_add_epi64(t0, t1);
    __mmask8 c = _mm512_cmplt_epu64_mask(s, t1);
    s = _mm512_mask_add_epi64(s, c, s, eps);
    return canon(s, eps);
}

/* Full product of x and y, given yh = y >> 32 (hoisted for a constant y). */
static inline __m512i mul_v2(__m512i x, __m512i y, __m512i yh, __m512i eps) {
    __m512i xh = _mm512_srli_epi64(x, 32);
    __m512i ll = _mm512_mul_epu32(x, y);
    __m512i lh = _mm512_mul_epu32(x, yh);
    __m512i hl = _mm512_mul_epu32(xh, y);
    __m512i hh = _mm512_mul_epu32(xh, yh);
    /* middle: hl + (ll >> 32) < 2^64, then + lh's low half */
    __m512i t0 = _mm512_add_epi64(hl, _mm512_srli_epi64(ll, 32));
    __m512i t1 = _mm512_add_epi64(lh, _mm512_and_si512(t0, eps));
    __m512i hi = _mm512_add_epi64(hh, _mm512_srli_epi64(t0, 32));
    hi = _mm512_add_epi64(hi, _mm512_srli_epi64(t1, 32));
    /* lo = (t1 << 32) | (ll & 0xffffffff): odd 32-bit words from t1 << 32 */
    __m512i lo = _mm512_mask_blend_epi32(0xAAAA, ll, _mm512_slli_epi64(t1, 32));
    return reduce_v(hi, lo, eps);
}

static inline __m512i mul_v(__m512i x, __m512i y, __m512i eps) {
    return mul_v2(x, y, _mm512_srli_epi64(y, 32), eps);
}

/* 7x for canonical x: 8x - x as a 128-bit value hi:lo with hi < 8, then
 * the reduction with hi_hi = 0: lo + hi*(2^32 - 1). */
static inline __m512i mul7_v(__m512i x, __m512i eps) {
    __m512i lo8 = _mm512_slli_epi64(x, 3);
    __m512i hi = _mm512_srli_epi64(x, 61);
    __m512i lo = _mm512_sub_epi64(lo8, x);
    __mmask8 bw = _mm512_cmplt_epu64_mask(lo8, x);
    hi = _mm512_mask_sub_epi64(hi, bw, hi, _mm512_set1_epi64(1));
    __m512i t1 = _mm512_mul_epu32(hi, eps);
    __m512i s = _mm512_add_epi64(lo, t1);
    __mmask8 c = _mm512_cmplt_epu64_mask(s, t1);
    s = _mm512_mask_add_epi64(s, c, s, eps);
    return canon(s, eps);
}

static inline __m512i ld(const zp_fe *p) { return _mm512_loadu_si512((const void *)p); }
static inline void st(zp_fe *p, __m512i v) { _mm512_storeu_si512((void *)p, v); }

/* Loads/stores the first m (< 8) lanes; the others read as 0. */
static inline __m512i ld_n(const zp_fe *p, size_t m) {
    return _mm512_maskz_loadu_epi64((__mmask8)((1u << m) - 1), (const void *)p);
}
static inline void st_n(zp_fe *p, __m512i v, size_t m) {
    _mm512_mask_storeu_epi64((void *)p, (__mmask8)((1u << m) - 1), v);
}

void zp_fe_add_batch_avx512(zp_fe *out, const zp_fe *a, const zp_fe *b, size_t n) {
    const __m512i eps = EPS_V;
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m512i r0 = add_v(ld(a + i), ld(b + i), eps);
        __m512i r1 = add_v(ld(a + i + 8), ld(b + i + 8), eps);
        st(out + i, r0);
        st(out + i + 8, r1);
    }
    for (; i < n; i += 8) {
        size_t m = n - i < 8 ? n - i : 8;
        st_n(out + i, add_v(ld_n(a + i, m), ld_n(b + i, m), eps), m);
    }
}

void zp_fe_sub_batch_avx512(zp_fe *out, const zp_fe *a, const zp_fe *b, size_t n) {
    const __m512i eps = EPS_V;
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m512i r0 = sub_v(ld(a + i), ld(b + i), eps);
        __m512i r1 = sub_v(ld(a + i + 8), ld(b + i + 8), eps);
        st(out + i, r0);
        st(out + i + 8, r1);
    }
    for (; i < n; i += 8) {
        size_t m = n - i < 8 ? n - i : 8;
        st_n(out + i, sub_v(ld_n(a + i, m), ld_n(b + i, m), eps), m);
    }
}

void zp_fe_mul_batch_avx512(zp_fe *out, const zp_fe *a, const zp_fe *b, size_t n) {
    const __m512i eps = EPS_V;
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m512i r0 = mul_v(ld(a + i), ld(b + i), eps);
        __m512i r1 = mul_v(ld(a + i + 8), ld(b + i + 8), eps);
        __m512i r2 = mul_v(ld(a + i + 16), ld(b + i + 16), eps);
        __m512i r3 = mul_v(ld(a + i + 24), ld(b + i + 24), eps);
        st(out + i, r0);
        st(out + i + 8, r1);
        st(out + i + 16, r2);
        st(out + i + 24, r3);
    }
    for (; i < n; i += 8) {
        size_t m = n - i < 8 ? n - i : 8;
        st_n(out + i, mul_v(ld_n(a + i, m), ld_n(b + i, m), eps), m);
    }
}

void zp_fe_scale_batch_avx512(zp_fe *out, const zp_fe *a, zp_fe s, size_t n) {
    const __m512i eps = EPS_V;
    const __m512i y = _mm512_set1_epi64((long long)s);
    const __m512i yh = _mm512_srli_epi64(y, 32);
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m512i r0 = mul_v2(ld(a + i), y, yh, eps);
        __m512i r1 = mul_v2(ld(a + i + 8), y, yh, eps);
        __m512i r2 = mul_v2(ld(a + i + 16), y, yh, eps);
        __m512i r3 = mul_v2(ld(a + i + 24), y, yh, eps);
        st(out + i, r0);
        st(out + i + 8, r1);
        st(out + i + 16, r2);
        st(out + i + 24, r3);
    }
    for (; i < n; i += 8) {
        size_t m = n - i < 8 ? n - i : 8;
        st_n(out + i, mul_v2(ld_n(a + i, m), y, yh, eps), m);
    }
}

void zp_fe_axpy_batch_avx512(zp_fe *acc, const zp_fe *a, zp_fe s, size_t n) {
    const __m512i eps = EPS_V;
    const __m512i y = _mm512_set1_epi64((long long)s);
    const __m512i yh = _mm512_srli_epi64(y, 32);
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m512i r0 = add_v(ld(acc + i), mul_v2(ld(a + i), y, yh, eps), eps);
        __m512i r1 = add_v(ld(acc + i + 8), mul_v2(ld(a + i + 8), y, yh, eps), eps);
        st(acc + i, r0);
        st(acc + i + 8, r1);
    }
    for (; i < n; i += 8) {
        size_t m = n - i < 8 ? n - i : 8;
        st_n(acc + i, add_v(ld_n(acc + i, m), mul_v2(ld_n(a + i, m), y, yh, eps), eps), m);
    }
}

/* Reduced products are summed exactly per lane in 128 bits (a carry count
 * in hi); the lanes are reduced and added at the end.  Missing tail lanes
 * load as 0 and add nothing. */
zp_fe zp_fe_dot_avx512(const zp_fe *a, const zp_fe *b, size_t n) {
    const __m512i eps = EPS_V;
    const __m512i one = _mm512_set1_epi64(1);
    __m512i lo0 = _mm512_setzero_si512(), hi0 = lo0, lo1 = lo0, hi1 = lo0;
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m512i p0 = mul_v(ld(a + i), ld(b + i), eps);
        __m512i p1 = mul_v(ld(a + i + 8), ld(b + i + 8), eps);
        lo0 = _mm512_add_epi64(lo0, p0);
        hi0 = _mm512_mask_add_epi64(hi0, _mm512_cmplt_epu64_mask(lo0, p0), hi0, one);
        lo1 = _mm512_add_epi64(lo1, p1);
        hi1 = _mm512_mask_add_epi64(hi1, _mm512_cmplt_epu64_mask(lo1, p1), hi1, one);
    }
    for (; i < n; i += 8) {
        size_t m = n - i < 8 ? n - i : 8;
        __m512i p0 = mul_v(ld_n(a + i, m), ld_n(b + i, m), eps);
        lo0 = _mm512_add_epi64(lo0, p0);
        hi0 = _mm512_mask_add_epi64(hi0, _mm512_cmplt_epu64_mask(lo0, p0), hi0, one);
    }
    __m512i r = add_v(reduce_v(hi0, lo0, eps), reduce_v(hi1, lo1, eps), eps);
    zp_fe lanes[8];
    st(lanes, r);
    zp_fe s = 0;
    for (int j = 0; j < 8; j++) s = gl_add(s, lanes[j]);
    return s;
}

/* Karatsuba on limbs: (a0 + a1 x)(b0 + b1 x) with x^2 = 7. */
static inline void mul2_soa(__m512i *c0, __m512i *c1, __m512i a0, __m512i a1,
                            __m512i b0, __m512i b1, __m512i eps) {
    __m512i v0 = mul_v(a0, b0, eps);
    __m512i v1 = mul_v(a1, b1, eps);
    __m512i v2 = mul_v(add_v(a0, a1, eps), add_v(b0, b1, eps), eps);
    *c0 = add_v(v0, mul7_v(v1, eps), eps);
    *c1 = sub_v(v2, add_v(v0, v1, eps), eps);
}

/* Two registers hold 8 interleaved (c0, c1) pairs; unpacklo/hi split them
 * into the c0 and c1 limbs (in the lane order 0,4,1,5,2,6,3,7, which the
 * same unpacks undo), so no cross-lane shuffle is needed. */
static inline void ld2(__m512i *c0, __m512i *c1, const zp_fe2 *p) {
    __m512i lo = ld(&p[0].c0), hi = ld(&p[4].c0);
    *c0 = _mm512_unpacklo_epi64(lo, hi);
    *c1 = _mm512_unpackhi_epi64(lo, hi);
}
static inline void st2(zp_fe2 *p, __m512i c0, __m512i c1) {
    st(&p[0].c0, _mm512_unpacklo_epi64(c0, c1));
    st(&p[4].c0, _mm512_unpackhi_epi64(c0, c1));
}

static inline void mul2_v(zp_fe2 *out, const zp_fe2 *a, const zp_fe2 *b, __m512i eps) {
    __m512i a0, a1, b0, b1, c0, c1;
    ld2(&a0, &a1, a);
    ld2(&b0, &b1, b);
    mul2_soa(&c0, &c1, a0, a1, b0, b1, eps);
    st2(out, c0, c1);
}

void zp_fe2_mul_batch_avx512(zp_fe2 *out, const zp_fe2 *a, const zp_fe2 *b, size_t n) {
    const __m512i eps = EPS_V;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) mul2_v(out + i, a + i, b + i, eps);
    for (; i < n; i++) out[i] = gl2_mul(a[i], b[i]);
}

/* Montgomery's trick with 32 chains: lane l of register k (k < 4) takes
 * the elements i = 32 j + 8 k + l.  The n mod 32 tail forms one more scalar
 * chain; the 33 chain products are inverted together by the portable
 * routine.  Zeros are replaced by 1 and masked back to 0. */
void zp_fe_batch_inv_avx512(zp_fe *out, const zp_fe *in, size_t n, zp_fe *scratch) {
    const __m512i eps = EPS_V;
    const __m512i one = _mm512_set1_epi64(1);
    const __m512i zero = _mm512_setzero_si512();
    size_t nb = n - n % 32;
    __m512i acc[4] = {one, one, one, one};
    for (size_t i = 0; i < nb; i += 32) {
        for (int k = 0; k < 4; k++) {
            __m512i x = ld(in + i + 8 * k);
            x = _mm512_mask_mov_epi64(x, _mm512_cmpeq_epu64_mask(x, zero), one);
            st(scratch + i + 8 * k, acc[k]);
            acc[k] = mul_v(acc[k], x, eps);
        }
    }
    zp_fe t = 1;
    for (size_t i = nb; i < n; i++) {
        uint64_t x = in[i];
        x |= (uint64_t)(x == 0);
        scratch[i] = t;
        t = gl_mul(t, x);
    }
    zp_fe lane[33], tmp[33];
    for (int k = 0; k < 4; k++) st(lane + 8 * k, acc[k]);
    lane[32] = t;
    zp_fe_batch_inv_portable(lane, lane, 33, tmp);
    t = lane[32];
    for (size_t i = n; i-- > nb;) {
        uint64_t x = in[i];
        uint64_t nz = 0 - (uint64_t)(x != 0);
        zp_fe y = gl_mul(t, scratch[i]);
        t = gl_mul(t, x | (1 & ~nz));
        out[i] = y & nz;
    }
    for (int k = 0; k < 4; k++) acc[k] = ld(lane + 8 * k);
    for (size_t i = nb; i > 0;) {
        i -= 32;
        for (int k = 0; k < 4; k++) {
            __m512i x = ld(in + i + 8 * k);
            __mmask8 z = _mm512_cmpeq_epu64_mask(x, zero);
            __m512i y = mul_v(acc[k], ld(scratch + i + 8 * k), eps);
            acc[k] = mul_v(acc[k], _mm512_mask_mov_epi64(x, z, one), eps);
            st(out + i + 8 * k, _mm512_maskz_mov_epi64((__mmask8)~z, y));
        }
    }
    zp_memzero(lane, sizeof lane);
    zp_memzero(tmp, sizeof tmp);
}

/* Extension batch inversion: 16 chains (two register pairs of 8 lanes, in
 * the unpacked lane order) plus one scalar chain for the n mod 16 tail.
 * scratch[i..i+8) holds a chain prefix in the interleaved layout of st2. */
void zp_fe2_batch_inv_avx512(zp_fe2 *out, const zp_fe2 *in, size_t n, zp_fe2 *scratch) {
    const __m512i eps = EPS_V;
    const __m512i one = _mm512_set1_epi64(1);
    const __m512i zero = _mm512_setzero_si512();
    size_t nb = n - n % 16;
    __m512i a0[2] = {one, one}, a1[2] = {zero, zero};
    for (size_t i = 0; i < nb; i += 16) {
        for (int k = 0; k < 2; k++) {
            __m512i x0, x1;
            ld2(&x0, &x1, in + i + 8 * k);
            __mmask8 z = _mm512_cmpeq_epu64_mask(_mm512_or_si512(x0, x1), zero);
            x0 = _mm512_mask_mov_epi64(x0, z, one);
            st2(scratch + i + 8 * k, a0[k], a1[k]);
            mul2_soa(&a0[k], &a1[k], a0[k], a1[k], x0, x1, eps);
        }
    }
    zp_fe2 t = {1, 0};
    for (size_t i = nb; i < n; i++) {
        zp_fe2 x = in[i];
        x.c0 |= (uint64_t)((x.c0 | x.c1) == 0);
        scratch[i] = t;
        t = gl2_mul(t, x);
    }
    zp_fe l0[16], l1[16];
    zp_fe2 lane[17], tmp[17];
    for (int k = 0; k < 2; k++) {
        st(l0 + 8 * k, a0[k]);
        st(l1 + 8 * k, a1[k]);
    }
    for (int j = 0; j < 16; j++) {
        lane[j].c0 = l0[j];
        lane[j].c1 = l1[j];
    }
    lane[16] = t;
    zp_fe2_batch_inv_portable(lane, lane, 17, tmp);
    t = lane[16];
    for (size_t i = n; i-- > nb;) {
        zp_fe2 x = in[i];
        uint64_t nz = 0 - (uint64_t)((x.c0 | x.c1) != 0);
        zp_fe2 y = gl2_mul(t, scratch[i]);
        x.c0 |= 1 & ~nz;
        t = gl2_mul(t, x);
        out[i].c0 = y.c0 & nz;
        out[i].c1 = y.c1 & nz;
    }
    for (int j = 0; j < 16; j++) {
        l0[j] = lane[j].c0;
        l1[j] = lane[j].c1;
    }
    for (int k = 0; k < 2; k++) {
        a0[k] = ld(l0 + 8 * k);
        a1[k] = ld(l1 + 8 * k);
    }
    for (size_t i = nb; i > 0;) {
        i -= 16;
        for (int k = 0; k < 2; k++) {
            __m512i x0, x1, s0, s1, y0, y1;
            ld2(&x0, &x1, in + i + 8 * k);
            ld2(&s0, &s1, scratch + i + 8 * k);
            __mmask8 z = _mm512_cmpeq_epu64_mask(_mm512_or_si512(x0, x1), zero);
            x0 = _mm512_mask_mov_epi64(x0, z, one);
            mul2_soa(&y0, &y1, a0[k], a1[k], s0, s1, eps);
            mul2_soa(&a0[k], &a1[k], a0[k], a1[k], x0, x1, eps);
            st2(out + i + 8 * k, _mm512_maskz_mov_epi64((__mmask8)~z, y0),
                _mm512_maskz_mov_epi64((__mmask8)~z, y1));
        }
    }
    zp_memzero(lane, sizeof lane);
    zp_memzero(tmp, sizeof tmp);
    zp_memzero(l0, sizeof l0);
    zp_memzero(l1, sizeof l1);
}
