/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * ChaCha20 keystream (RFC 8439) with AVX-512: 16 blocks at once, one per 32-bit lane. */
#include <immintrin.h>
#include <string.h>

#include "common/chacha20.h"
#include "zkprov/common.h"

/*
 * The layout is the "vertical" one of Goll and Gueron (Vectorization of
 * ChaCha stream cipher, ITNG 2014) and of libsodium's dolbeau AVX2/AVX-512
 * code: state word w of the 16 blocks sits in register x[w], lane L being
 * block L, so the quarter rounds of RFC 8439 section 2.1 run unchanged on
 * whole registers (vpaddd, vpxord, vprold: no shuffles between rounds).
 * Lanes differ in the counter (consecutive blocks of one stream) or in the
 * nonce (block 0 of consecutive streams).  A 16x16 transpose of 32-bit
 * words at the end turns x[] into one register per block, stored as is.
 * Every operation is data-independent (ARX, fixed shuffles); the only
 * branches are on the public lengths.  Only AVX512F instructions.
 */

#define VQR(a, b, c, d)                                                     \
    do {                                                                    \
        a = _mm512_add_epi32(a, b);                                         \
        d = _mm512_rol_epi32(_mm512_xor_si512(d, a), 16);                   \
        c = _mm512_add_epi32(c, d);                                         \
        b = _mm512_rol_epi32(_mm512_xor_si512(b, c), 12);                   \
        a = _mm512_add_epi32(a, b);                                         \
        d = _mm512_rol_epi32(_mm512_xor_si512(d, a), 8);                    \
        c = _mm512_add_epi32(c, d);                                         \
        b = _mm512_rol_epi32(_mm512_xor_si512(b, c), 7);                    \
    } while (0)

/* y[L] = the 64-byte block of lane L: words 0..11 from the constants and
 * the key (same for all lanes), 12 = ctr, 13..15 = n0, n1, n2 (per lane). */
static inline __attribute__((always_inline)) void blocks16(__m512i y[16], const uint32_t key[8],
                                                           __m512i ctr, __m512i n0, __m512i n1,
                                                           __m512i n2) {
    __m512i in[16], x[16];
    in[0] = _mm512_set1_epi32(0x61707865);
    in[1] = _mm512_set1_epi32(0x3320646e);
    in[2] = _mm512_set1_epi32(0x79622d32);
    in[3] = _mm512_set1_epi32(0x6b206574);
    for (int i = 0; i < 8; i++) in[4 + i] = _mm512_set1_epi32((int)key[i]);
    in[12] = ctr;
    in[13] = n0;
    in[14] = n1;
    in[15] = n2;
    for (int i = 0; i < 16; i++) x[i] = in[i];
    for (int r = 0; r < 10; r++) {
        VQR(x[0], x[4], x[8], x[12]);
        VQR(x[1], x[5], x[9], x[13]);
        VQR(x[2], x[6], x[10], x[14]);
        VQR(x[3], x[7], x[11], x[15]);
        VQR(x[0], x[5], x[10], x[15]);
        VQR(x[1], x[6], x[11], x[12]);
        VQR(x[2], x[7], x[8], x[13]);
        VQR(x[3], x[4], x[9], x[14]);
    }
    for (int i = 0; i < 16; i++) x[i] = _mm512_add_epi32(x[i], in[i]);
    /* Transpose.  Within each 128-bit quarter q (blocks 4q..4q+3), words
     * 4g..4g+3: unpack 32 then 64 gives b[g][r] = words 4g..4g+3 of block
     * 4q+r in quarter q. */
    __m512i b[4][4];
    for (int g = 0; g < 4; g++) {
        __m512i a0 = _mm512_unpacklo_epi32(x[4 * g], x[4 * g + 1]);
        __m512i a1 = _mm512_unpackhi_epi32(x[4 * g], x[4 * g + 1]);
        __m512i a2 = _mm512_unpacklo_epi32(x[4 * g + 2], x[4 * g + 3]);
        __m512i a3 = _mm512_unpackhi_epi32(x[4 * g + 2], x[4 * g + 3]);
        b[g][0] = _mm512_unpacklo_epi64(a0, a2);
        b[g][1] = _mm512_unpackhi_epi64(a0, a2);
        b[g][2] = _mm512_unpacklo_epi64(a1, a3);
        b[g][3] = _mm512_unpackhi_epi64(a1, a3);
    }
    /* Then a 4x4 transpose of 128-bit quarters for each r: block 4q+r is
     * quarter q of b[0][r], b[1][r], b[2][r], b[3][r]. */
    for (int r = 0; r < 4; r++) {
        __m512i c0 = _mm512_shuffle_i32x4(b[0][r], b[1][r], 0x44);
        __m512i c1 = _mm512_shuffle_i32x4(b[0][r], b[1][r], 0xEE);
        __m512i c2 = _mm512_shuffle_i32x4(b[2][r], b[3][r], 0x44);
        __m512i c3 = _mm512_shuffle_i32x4(b[2][r], b[3][r], 0xEE);
        y[r] = _mm512_shuffle_i32x4(c0, c2, 0x88);
        y[4 + r] = _mm512_shuffle_i32x4(c0, c2, 0xDD);
        y[8 + r] = _mm512_shuffle_i32x4(c1, c3, 0x88);
        y[12 + r] = _mm512_shuffle_i32x4(c1, c3, 0xDD);
    }
}

/* Tails shorter than this many blocks go to the portable code (the
 * kernel would compute 16 blocks for them). */
#define TAIL_PORTABLE_BLOCKS 4

void zp_chacha20_stream_avx512(uint8_t *out, size_t len, const uint32_t key[8], uint32_t ctr,
                               const uint32_t nonce[3]) {
    const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const __m512i n0 = _mm512_set1_epi32((int)nonce[0]);
    const __m512i n1 = _mm512_set1_epi32((int)nonce[1]);
    const __m512i n2 = _mm512_set1_epi32((int)nonce[2]);
    __m512i y[16];
    for (; len >= 16 * ZP_CHACHA20_BLOCK; len -= 16 * ZP_CHACHA20_BLOCK) {
        blocks16(y, key, _mm512_add_epi32(_mm512_set1_epi32((int)ctr), lane), n0, n1, n2);
        for (int i = 0; i < 16; i++) _mm512_storeu_si512((void *)(out + 64 * i), y[i]);
        out += 16 * ZP_CHACHA20_BLOCK;
        ctr += 16;
    }
    if (len < TAIL_PORTABLE_BLOCKS * ZP_CHACHA20_BLOCK) {
        zp_chacha20_stream_portable(out, len, key, ctr, nonce);
        return;
    }
    blocks16(y, key, _mm512_add_epi32(_mm512_set1_epi32((int)ctr), lane), n0, n1, n2);
    size_t full = len / ZP_CHACHA20_BLOCK, rest = len % ZP_CHACHA20_BLOCK;
    for (size_t i = 0; i < full; i++) _mm512_storeu_si512((void *)(out + 64 * i), y[i]);
    if (rest) {
        uint8_t t[ZP_CHACHA20_BLOCK];
        _mm512_storeu_si512((void *)t, y[full]);
        memcpy(out + 64 * full, t, rest);
        zp_memzero(t, sizeof t);
    }
}

void zp_chacha20_many_avx512(uint8_t *out, size_t stride, size_t len_each, size_t count,
                             const uint32_t key[8], const uint32_t nonce0[3]) {
    if (len_each == 0) return;
    const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const __m512i zero = _mm512_setzero_si512(), one = _mm512_set1_epi32(1);
    const __m512i n0 = _mm512_set1_epi32((int)nonce0[0]);
    uint64_t idx = (uint64_t)nonce0[1] | (uint64_t)nonce0[2] << 32;
    /* Whole words go out with a masked store; other lengths through t. */
    const __mmask16 words = (__mmask16)((1u << (len_each / 4)) - 1);
    const int direct = len_each % 4 == 0;
    uint8_t t[ZP_CHACHA20_BLOCK];
    __m512i y[16];
    while (count >= TAIL_PORTABLE_BLOCKS) {
        size_t m = count < 16 ? count : 16;
        /* Nonce words 1, 2 of lane L: the 64-bit index idx + L (mod 2^64). */
        __m512i lo = _mm512_add_epi32(_mm512_set1_epi32((int)(uint32_t)idx), lane);
        __mmask16 carry = _mm512_cmplt_epu32_mask(lo, lane);
        __m512i hi = _mm512_set1_epi32((int)(uint32_t)(idx >> 32));
        hi = _mm512_mask_add_epi32(hi, carry, hi, one);
        blocks16(y, key, zero, n0, lo, hi);
        for (size_t i = 0; i < m; i++) {
            uint8_t *o = out + i * stride;
            if (direct) {
                _mm512_mask_storeu_epi32((void *)o, words, y[i]);
            } else {
                _mm512_storeu_si512((void *)t, y[i]);
                memcpy(o, t, len_each);
            }
        }
        out += m * stride;
        count -= m;
        idx += m;
    }
    zp_memzero(t, sizeof t);
    if (count) {
        const uint32_t nonce[3] = {nonce0[0], (uint32_t)idx, (uint32_t)(idx >> 32)};
        zp_chacha20_many_portable(out, stride, len_each, count, key, nonce);
    }
}
