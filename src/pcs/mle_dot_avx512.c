/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Eq-weighted dot products of the MLE evaluation with AVX-512 IFMA. */
#include <immintrin.h>
#include <stdint.h>

#include "field/acc192.h"
#include "field/gl.h"
#include "pcs/mle_kern.h"

/* The lazy products of src/pcs/rowcomb_avx512.c: x, y < 2^64 split at bit
 * 52 (x = x0 + 2^52 x1, x1 < 2^12), and vpmadd52luq / vpmadd52huq (Intel
 * SDM vol. 2, "VPMADD52LUQ", "VPMADD52HUQ") add the low / high 52 bits of
 * the 52 x 52-bit products to three accumulators:
 *   x y = lo(x0 y0) + 2^52 (hi(x0 y0) + lo(x0 y1) + lo(x1 y0))
 *       + 2^104 (hi(x0 y1) + hi(x1 y0) + lo(x1 y1)),
 * seven fused multiply-adds, no carries.  A lane sums B / 8 <= 128 entries
 * (ZP_MLE_DOT_MAX = 1024) of at most two products each (f0 e1 + f1 e0 of
 * the extension kernel, merged before the reduction), so an accumulator
 * gets at most 3 * 2 * 128 addends below 2^52: < 2^62, no overflow.  No
 * branch or index depends on the values (they are witness data). */
_Static_assert(6ull * (ZP_MLE_DOT_MAX / 8) * (1ull << 52) < UINT64_MAX,
               "lazy dot accumulators overflow");

typedef struct {
    __m512i a0, a1, a2;
} acc52;

static inline __attribute__((always_inline)) void mac52(acc52 *a, __m512i x0, __m512i x1,
                                                        __m512i y0, __m512i y1) {
    a->a0 = _mm512_madd52lo_epu64(a->a0, x0, y0);
    a->a1 = _mm512_madd52hi_epu64(a->a1, x0, y0);
    a->a1 = _mm512_madd52lo_epu64(a->a1, x0, y1);
    a->a1 = _mm512_madd52lo_epu64(a->a1, x1, y0);
    a->a2 = _mm512_madd52hi_epu64(a->a2, x0, y1);
    a->a2 = _mm512_madd52hi_epu64(a->a2, x1, y0);
    a->a2 = _mm512_madd52lo_epu64(a->a2, x1, y1);
}

/* The same products on seven accumulators (one per multiply-add): the
 * chains of three dependent multiply-adds of mac52 would bound a step by
 * their latency, not by the multiply-add throughput. */
typedef struct {
    __m512i a0, a1[3], a2[3];
} acc52x;

static inline __attribute__((always_inline)) void mac52x(acc52x *a, __m512i x0, __m512i x1,
                                                         __m512i y0, __m512i y1) {
    a->a0 = _mm512_madd52lo_epu64(a->a0, x0, y0);
    a->a1[0] = _mm512_madd52hi_epu64(a->a1[0], x0, y0);
    a->a1[1] = _mm512_madd52lo_epu64(a->a1[1], x0, y1);
    a->a1[2] = _mm512_madd52lo_epu64(a->a1[2], x1, y0);
    a->a2[0] = _mm512_madd52hi_epu64(a->a2[0], x0, y1);
    a->a2[1] = _mm512_madd52hi_epu64(a->a2[1], x1, y0);
    a->a2[2] = _mm512_madd52lo_epu64(a->a2[2], x1, y1);
}

static inline acc52 merge52x(const acc52x *a) {
    acc52 r = {a->a0, _mm512_add_epi64(_mm512_add_epi64(a->a1[0], a->a1[1]), a->a1[2]),
               _mm512_add_epi64(_mm512_add_epi64(a->a2[0], a->a2[1]), a->a2[2])};
    return r;
}
static inline acc52 add52(const acc52 *a, const acc52 *b) {
    acc52 r = {_mm512_add_epi64(a->a0, b->a0), _mm512_add_epi64(a->a1, b->a1),
               _mm512_add_epi64(a->a2, b->a2)};
    return r;
}

/* The sum over the lanes of a0 + 2^52 a1 + 2^104 a2, mod p.  Carries are
 * first moved up (a0, a1 < 2^52 after), so the lane sums S0, S1 < 2^55 do
 * not overflow, and S2 < 2^35 since the exact sum is below 2 B 2^128 <=
 * 2^139.  Then
 * S0 + 2^52 S1 + 2^104 S2 is split into 192-bit words, as rc_reduce52 of
 * src/pcs/rs.c, and reduced once. */
static inline zp_fe red52(const acc52 *a) {
    const __m512i m52 = _mm512_set1_epi64((long long)((1ull << 52) - 1));
    __m512i a0 = a->a0, a1 = a->a1, a2 = a->a2;
    a1 = _mm512_add_epi64(a1, _mm512_srli_epi64(a0, 52));
    a0 = _mm512_and_si512(a0, m52);
    a2 = _mm512_add_epi64(a2, _mm512_srli_epi64(a1, 52));
    a1 = _mm512_and_si512(a1, m52);
    uint64_t s0 = (uint64_t)_mm512_reduce_add_epi64(a0);
    uint64_t s1 = (uint64_t)_mm512_reduce_add_epi64(a1);
    uint64_t s2 = (uint64_t)_mm512_reduce_add_epi64(a2);
    unsigned __int128 lo = (unsigned __int128)s0 + ((unsigned __int128)s1 << 52);
    unsigned __int128 t = (unsigned __int128)(s2 & ((1ull << 24) - 1)) << 104;
    lo += t;
    zp_acc192 s = {(uint64_t)lo, (uint64_t)(lo >> 64), (s2 >> 24) + (uint64_t)(lo < t)};
    return zp_acc192_reduce(&s);
}

/* Even (c0) and odd (c1) words of 8 extension values at p. */
static inline __attribute__((always_inline)) void load_fe2(__m512i *c0, __m512i *c1,
                                                           const zp_fe2 *p) {
    const __m512i ie = _mm512_set_epi64(14, 12, 10, 8, 6, 4, 2, 0);
    const __m512i io = _mm512_set_epi64(15, 13, 11, 9, 7, 5, 3, 1);
    __m512i w0 = _mm512_loadu_si512((const void *)p);
    __m512i w1 = _mm512_loadu_si512((const void *)(p + 4));
    *c0 = _mm512_permutex2var_epi64(w0, ie, w1);
    *c1 = _mm512_permutex2var_epi64(w0, io, w1);
}

zp_fe2 zp_mle_dot_ifma(const zp_fe *f, const zp_fe2 *e, size_t B) {
    const __m512i m52 = _mm512_set1_epi64((long long)((1ull << 52) - 1));
    const __m512i z = _mm512_setzero_si512();
    acc52x s0 = {z, {z, z, z}, {z, z, z}}, s1 = {z, {z, z, z}, {z, z, z}};
    for (size_t i = 0; i < B; i += 8) {
        __m512i x = _mm512_loadu_si512((const void *)(f + i));
        __m512i x0 = _mm512_and_si512(x, m52), x1 = _mm512_srli_epi64(x, 52);
        __m512i e0, e1;
        load_fe2(&e0, &e1, e + i);
        mac52x(&s0, x0, x1, _mm512_and_si512(e0, m52), _mm512_srli_epi64(e0, 52));
        mac52x(&s1, x0, x1, _mm512_and_si512(e1, m52), _mm512_srli_epi64(e1, 52));
    }
    acc52 r0 = merge52x(&s0), r1 = merge52x(&s1);
    zp_fe2 r = {red52(&r0), red52(&r1)};
    return r;
}

/* (f0 + f1 u)(e0 + e1 u) = f0 e0 + 7 f1 e1 + (f0 e1 + f1 e0) u (u^2 = 7);
 * f0 e1 and f1 e0 on separate accumulators (chains of three). */
zp_fe2 zp_mle_dot2_ifma(const zp_fe2 *f, const zp_fe2 *e, size_t B) {
    const __m512i m52 = _mm512_set1_epi64((long long)((1ull << 52) - 1));
    const __m512i z = _mm512_setzero_si512();
    acc52 s00 = {z, z, z}, s11 = {z, z, z}, s01 = {z, z, z}, s10 = {z, z, z};
    for (size_t i = 0; i < B; i += 8) {
        __m512i f0, f1, e0, e1;
        load_fe2(&f0, &f1, f + i);
        load_fe2(&e0, &e1, e + i);
        __m512i f00 = _mm512_and_si512(f0, m52), f01 = _mm512_srli_epi64(f0, 52);
        __m512i f10 = _mm512_and_si512(f1, m52), f11 = _mm512_srli_epi64(f1, 52);
        __m512i e00 = _mm512_and_si512(e0, m52), e01 = _mm512_srli_epi64(e0, 52);
        __m512i e10 = _mm512_and_si512(e1, m52), e11 = _mm512_srli_epi64(e1, 52);
        mac52(&s00, f00, f01, e00, e01);
        mac52(&s11, f10, f11, e10, e11);
        mac52(&s01, f00, f01, e10, e11);
        mac52(&s10, f10, f11, e00, e01);
    }
    acc52 sx = add52(&s01, &s10);
    zp_fe2 r = {gl_add(red52(&s00), gl_mul7(red52(&s11))), red52(&sx)};
    return r;
}
