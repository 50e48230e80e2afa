/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * SHA-256 compression with the Intel SHA extensions (SHA-NI).
 *
 * Follows the instruction sequence of Intel's white paper "Intel SHA
 * Extensions: New Instructions Supporting the Secure Hash Algorithm on
 * Intel Architecture Processors" (Gulley et al., 2013): the state is kept
 * as the two registers ABEF and CDGH across all blocks of one call, each
 * sha256rnds2 performs two rounds, and sha256msg1/sha256msg2 compute the
 * message schedule four words at a time.  The x2 variant runs two
 * independent messages instruction by instruction so that the latency of
 * sha256rnds2 on one stream is hidden by the other. */
#include <immintrin.h>
#include <string.h>

#include "hash/sha256_internal.h"
#include "zkprov/common.h"

#define KV(i) _mm_loadu_si128((const __m128i *)(zp_sha256_k + 4 * (i)))

/* Byte order: SHA-256 words are big-endian. */
#define BSWAP_MASK _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL)

/* Four rounds (group i, 0..15).  mc = W[4i..4i+3], mp the previous group,
 * mn the next one; sha256msg2 finishes mn for groups 3..14 and sha256msg1
 * starts the schedule of group i+3 for groups 1..12. */
#define QR(i, s0, s1, mc, mp, mn)                                          \
    do {                                                                   \
        __m128i msg_ = _mm_add_epi32(mc, KV(i));                           \
        s1 = _mm_sha256rnds2_epu32(s1, s0, msg_);                          \
        if ((i) >= 3 && (i) <= 14) {                                       \
            mn = _mm_add_epi32(mn, _mm_alignr_epi8(mc, mp, 4));            \
            mn = _mm_sha256msg2_epu32(mn, mc);                             \
        }                                                                  \
        msg_ = _mm_shuffle_epi32(msg_, 0x0E);                              \
        s0 = _mm_sha256rnds2_epu32(s0, s1, msg_);                          \
        if ((i) >= 1 && (i) <= 12) mp = _mm_sha256msg1_epu32(mp, mc);      \
    } while (0)

/* The 16 groups, with the message registers rotating. */
#define ALL_ROUNDS(QRX)                                                    \
    QRX(0, m0, m3, m1); QRX(1, m1, m0, m2); QRX(2, m2, m1, m3);            \
    QRX(3, m3, m2, m0); QRX(4, m0, m3, m1); QRX(5, m1, m0, m2);            \
    QRX(6, m2, m1, m3); QRX(7, m3, m2, m0); QRX(8, m0, m3, m1);            \
    QRX(9, m1, m0, m2); QRX(10, m2, m1, m3); QRX(11, m3, m2, m0);          \
    QRX(12, m0, m3, m1); QRX(13, m1, m0, m2); QRX(14, m2, m1, m3);         \
    QRX(15, m3, m2, m0)

/* state[0..7] = A..H  <->  (ABEF, CDGH) as used by sha256rnds2. */
static inline void load_state(const uint32_t state[8], __m128i *abef, __m128i *cdgh) {
    __m128i t = _mm_loadu_si128((const __m128i *)state);      /* DCBA */
    __m128i s1 = _mm_loadu_si128((const __m128i *)(state + 4)); /* HGFE */
    t = _mm_shuffle_epi32(t, 0xB1);                            /* CDAB */
    s1 = _mm_shuffle_epi32(s1, 0x1B);                          /* EFGH */
    *abef = _mm_alignr_epi8(t, s1, 8);                         /* ABEF */
    *cdgh = _mm_blend_epi16(s1, t, 0xF0);                      /* CDGH */
}
static inline void store_state(uint32_t state[8], __m128i abef, __m128i cdgh) {
    __m128i t = _mm_shuffle_epi32(abef, 0x1B);  /* FEBA */
    cdgh = _mm_shuffle_epi32(cdgh, 0xB1);       /* DCHG */
    abef = _mm_blend_epi16(t, cdgh, 0xF0);      /* DCBA */
    cdgh = _mm_alignr_epi8(cdgh, t, 8);         /* HGFE */
    _mm_storeu_si128((__m128i *)state, abef);
    _mm_storeu_si128((__m128i *)(state + 4), cdgh);
}

void zp_sha256_compress_shani(uint32_t state[8], const uint8_t *blocks,
                              size_t n_blocks) {
    if (n_blocks == 0) return;
    const __m128i mask = BSWAP_MASK;
    __m128i s0, s1;
    load_state(state, &s0, &s1);
    for (; n_blocks; n_blocks--, blocks += 64) {
        __m128i save0 = s0, save1 = s1;
        __m128i m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)blocks), mask);
        __m128i m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(blocks + 16)), mask);
        __m128i m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(blocks + 32)), mask);
        __m128i m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(blocks + 48)), mask);
#define QR1(i, mc, mp, mn) QR(i, s0, s1, mc, mp, mn)
        ALL_ROUNDS(QR1);
#undef QR1
        s0 = _mm_add_epi32(s0, save0);
        s1 = _mm_add_epi32(s1, save1);
    }
    store_state(state, s0, s1);
}

/* Two streams: the same sequence on (a0, a1, am*) and (b0, b1, bm*). */
#define QR2(i, mc, mp, mn)                                                 \
    do {                                                                   \
        __m128i ka_ = _mm_add_epi32(a##mc, KV(i));                         \
        __m128i kb_ = _mm_add_epi32(b##mc, KV(i));                         \
        a1 = _mm_sha256rnds2_epu32(a1, a0, ka_);                           \
        b1 = _mm_sha256rnds2_epu32(b1, b0, kb_);                           \
        if ((i) >= 3 && (i) <= 14) {                                       \
            a##mn = _mm_add_epi32(a##mn, _mm_alignr_epi8(a##mc, a##mp, 4));\
            b##mn = _mm_add_epi32(b##mn, _mm_alignr_epi8(b##mc, b##mp, 4));\
            a##mn = _mm_sha256msg2_epu32(a##mn, a##mc);                    \
            b##mn = _mm_sha256msg2_epu32(b##mn, b##mc);                    \
        }                                                                  \
        ka_ = _mm_shuffle_epi32(ka_, 0x0E);                                \
        kb_ = _mm_shuffle_epi32(kb_, 0x0E);                                \
        a0 = _mm_sha256rnds2_epu32(a0, a1, ka_);                           \
        b0 = _mm_sha256rnds2_epu32(b0, b1, kb_);                           \
        if ((i) >= 1 && (i) <= 12) {                                       \
            a##mp = _mm_sha256msg1_epu32(a##mp, a##mc);                    \
            b##mp = _mm_sha256msg1_epu32(b##mp, b##mc);                    \
        }                                                                  \
    } while (0)

void zp_sha256_compress_x2_shani(uint32_t sa[8], uint32_t sb[8],
                                 const uint8_t *a, const uint8_t *b,
                                 size_t n_blocks) {
    if (n_blocks == 0) return;
    const __m128i mask = BSWAP_MASK;
    __m128i a0, a1, b0, b1;
    load_state(sa, &a0, &a1);
    load_state(sb, &b0, &b1);
    for (; n_blocks; n_blocks--, a += 64, b += 64) {
        __m128i sa0 = a0, sa1 = a1, sb0 = b0, sb1 = b1;
        __m128i am0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)a), mask);
        __m128i am1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(a + 16)), mask);
        __m128i am2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(a + 32)), mask);
        __m128i am3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(a + 48)), mask);
        __m128i bm0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)b), mask);
        __m128i bm1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(b + 16)), mask);
        __m128i bm2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(b + 32)), mask);
        __m128i bm3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(b + 48)), mask);
        ALL_ROUNDS(QR2);
        a0 = _mm_add_epi32(a0, sa0);
        a1 = _mm_add_epi32(a1, sa1);
        b0 = _mm_add_epi32(b0, sb0);
        b1 = _mm_add_epi32(b1, sb1);
    }
    store_state(sa, a0, a1);
    store_state(sb, b0, b1);
}

/* ---- fused SHA-256(prefix || data[len]) for len >= 64 ----
 * The state stays in registers from the first block to the digest.  The
 * first block is prefix || data[0..63) assembled in registers (palignr of
 * the loads of data[0..64) by one byte): copying it through a stack buffer
 * made the CPU wait on the cache miss of the copy, halving the speed on
 * data not in cache.  Only the last, padded block(s) go through a buffer. */

#define LOADM(p, off) _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)((p) + (off))), mask)

/* The four message words of prefix || p[0..63), byte-swapped. */
#define LOAD_HEAD(m0, m1, m2, m3, p)                                       \
    do {                                                                   \
        __m128i r0_ = _mm_loadu_si128((const __m128i *)(p));               \
        __m128i r1_ = _mm_loadu_si128((const __m128i *)((p) + 16));        \
        __m128i r2_ = _mm_loadu_si128((const __m128i *)((p) + 32));        \
        __m128i r3_ = _mm_loadu_si128((const __m128i *)((p) + 48));        \
        m0 = _mm_shuffle_epi8(_mm_alignr_epi8(r0_, pre, 15), mask);        \
        m1 = _mm_shuffle_epi8(_mm_alignr_epi8(r1_, r0_, 15), mask);        \
        m2 = _mm_shuffle_epi8(_mm_alignr_epi8(r2_, r1_, 15), mask);        \
        m3 = _mm_shuffle_epi8(_mm_alignr_epi8(r3_, r2_, 15), mask);        \
    } while (0)

/* Final block(s) of prefix || data[len], len >= 64: the last
 * r = (len - 63) mod 64 data bytes, 0x80, zeros, the bit length. */
static size_t tail_blocks(uint8_t t[128], const uint8_t *data, size_t len) {
    size_t r = (len - 63) % 64;
    size_t nb = r + 9 <= 64 ? 1 : 2;
    memcpy(t, data + len - r, r);
    t[r] = 0x80;
    memset(t + r + 1, 0, 64 * nb - r - 1 - 8);
    uint64_t bits = ((uint64_t)len + 1) * 8;
    for (int i = 0; i < 8; i++) t[64 * nb - 1 - i] = (uint8_t)(bits >> (8 * i));
    return nb;
}

/* Digest bytes (big-endian words A..H) from (ABEF, CDGH). */
static inline void digest_out(uint8_t out[32], __m128i abef, __m128i cdgh, __m128i mask) {
    __m128i t = _mm_shuffle_epi32(abef, 0x1B);
    cdgh = _mm_shuffle_epi32(cdgh, 0xB1);
    abef = _mm_blend_epi16(t, cdgh, 0xF0);
    cdgh = _mm_alignr_epi8(cdgh, t, 8);
    _mm_storeu_si128((__m128i *)out, _mm_shuffle_epi8(abef, mask));
    _mm_storeu_si128((__m128i *)(out + 16), _mm_shuffle_epi8(cdgh, mask));
}

void zp_sha256_prefixed_shani(uint8_t out[32], uint8_t prefix, const uint8_t *data,
                              size_t len, int wipe) {
    const __m128i mask = BSWAP_MASK;
    const __m128i pre = _mm_slli_si128(_mm_cvtsi32_si128(prefix), 15);
    __m128i s0, s1, m0, m1, m2, m3, save0, save1;
    load_state(zp_sha256_iv, &s0, &s1);
#define QR1(i, mc, mp, mn) QR(i, s0, s1, mc, mp, mn)
#define BLOCK1()                                                           \
    do {                                                                   \
        save0 = s0;                                                        \
        save1 = s1;                                                        \
        ALL_ROUNDS(QR1);                                                   \
        s0 = _mm_add_epi32(s0, save0);                                     \
        s1 = _mm_add_epi32(s1, save1);                                     \
    } while (0)
    LOAD_HEAD(m0, m1, m2, m3, data);
    BLOCK1();
    const uint8_t *p = data + 63;
    for (size_t k = (len - 63) / 64; k; k--, p += 64) {
        m0 = LOADM(p, 0);
        m1 = LOADM(p, 16);
        m2 = LOADM(p, 32);
        m3 = LOADM(p, 48);
        BLOCK1();
    }
    uint8_t t[128];
    size_t nb = tail_blocks(t, data, len);
    for (size_t k = 0; k < nb; k++) {
        m0 = LOADM(t, 64 * k);
        m1 = LOADM(t, 64 * k + 16);
        m2 = LOADM(t, 64 * k + 32);
        m3 = LOADM(t, 64 * k + 48);
        BLOCK1();
    }
#undef BLOCK1
#undef QR1
    digest_out(out, s0, s1, mask);
    if (wipe) zp_memzero(t, sizeof t);
}

void zp_sha256_prefixed_x2_shani(uint8_t out_a[32], uint8_t out_b[32], uint8_t prefix,
                                 const uint8_t *a, const uint8_t *b, size_t len, int wipe) {
    const __m128i mask = BSWAP_MASK;
    const __m128i pre = _mm_slli_si128(_mm_cvtsi32_si128(prefix), 15);
    __m128i a0, a1, b0, b1, am0, am1, am2, am3, bm0, bm1, bm2, bm3;
    __m128i sa0, sa1, sb0, sb1;
    load_state(zp_sha256_iv, &a0, &a1);
    b0 = a0;
    b1 = a1;
#define BLOCK2()                                                           \
    do {                                                                   \
        sa0 = a0;                                                          \
        sa1 = a1;                                                          \
        sb0 = b0;                                                          \
        sb1 = b1;                                                          \
        ALL_ROUNDS(QR2);                                                   \
        a0 = _mm_add_epi32(a0, sa0);                                       \
        a1 = _mm_add_epi32(a1, sa1);                                       \
        b0 = _mm_add_epi32(b0, sb0);                                       \
        b1 = _mm_add_epi32(b1, sb1);                                       \
    } while (0)
    LOAD_HEAD(am0, am1, am2, am3, a);
    LOAD_HEAD(bm0, bm1, bm2, bm3, b);
    BLOCK2();
    const uint8_t *pa = a + 63, *pb = b + 63;
    for (size_t k = (len - 63) / 64; k; k--, pa += 64, pb += 64) {
        am0 = LOADM(pa, 0);
        am1 = LOADM(pa, 16);
        am2 = LOADM(pa, 32);
        am3 = LOADM(pa, 48);
        bm0 = LOADM(pb, 0);
        bm1 = LOADM(pb, 16);
        bm2 = LOADM(pb, 32);
        bm3 = LOADM(pb, 48);
        BLOCK2();
    }
    uint8_t ta[128], tb[128];
    size_t nb = tail_blocks(ta, a, len);
    (void)tail_blocks(tb, b, len);
    for (size_t k = 0; k < nb; k++) {
        am0 = LOADM(ta, 64 * k);
        am1 = LOADM(ta, 64 * k + 16);
        am2 = LOADM(ta, 64 * k + 32);
        am3 = LOADM(ta, 64 * k + 48);
        bm0 = LOADM(tb, 64 * k);
        bm1 = LOADM(tb, 64 * k + 16);
        bm2 = LOADM(tb, 64 * k + 32);
        bm3 = LOADM(tb, 64 * k + 48);
        BLOCK2();
    }
#undef BLOCK2
    digest_out(out_a, a0, a1, mask);
    digest_out(out_b, b0, b1, mask);
    if (wipe) {
        zp_memzero(ta, sizeof ta);
        zp_memzero(tb, sizeof tb);
    }
}
