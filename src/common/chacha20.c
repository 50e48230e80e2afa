/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * ChaCha20 keystream (RFC 8439): the portable reference and the backend choice. */
#include <string.h>

#include "common/chacha20.h"
#include "common/cpu.h"
#include "zkprov/common.h"

/* RFC 8439 section 2.1: a += b; d ^= a; d <<<= 16; c += d; b ^= c;
 * b <<<= 12; a += b; d ^= a; d <<<= 8; c += d; b ^= c; b <<<= 7. */
#define ROTL32(v, n) (((v) << (n)) | ((v) >> (32 - (n))))
#define QR(a, b, c, d)                                                      \
    do {                                                                    \
        a += b;                                                             \
        d ^= a;                                                             \
        d = ROTL32(d, 16);                                                  \
        c += d;                                                             \
        b ^= c;                                                             \
        b = ROTL32(b, 12);                                                  \
        a += b;                                                             \
        d ^= a;                                                             \
        d = ROTL32(d, 8);                                                   \
        c += d;                                                             \
        b ^= c;                                                             \
        b = ROTL32(b, 7);                                                   \
    } while (0)

void zp_chacha20_block_portable(uint8_t out[ZP_CHACHA20_BLOCK], const uint32_t key[8],
                                uint32_t ctr, const uint32_t nonce[3]) {
    /* RFC 8439 section 2.3: constants, key, counter, nonce. */
    uint32_t in[16] = {0x61707865u, 0x3320646eu, 0x79622d32u, 0x6b206574u,
                       key[0],      key[1],      key[2],      key[3],
                       key[4],      key[5],      key[6],      key[7],
                       ctr,         nonce[0],    nonce[1],    nonce[2]};
    uint32_t x[16];
    memcpy(x, in, sizeof x);
    /* 20 rounds: 10 times a column round and a diagonal round. */
    for (int i = 0; i < 10; i++) {
        QR(x[0], x[4], x[8], x[12]);
        QR(x[1], x[5], x[9], x[13]);
        QR(x[2], x[6], x[10], x[14]);
        QR(x[3], x[7], x[11], x[15]);
        QR(x[0], x[5], x[10], x[15]);
        QR(x[1], x[6], x[11], x[12]);
        QR(x[2], x[7], x[8], x[13]);
        QR(x[3], x[4], x[9], x[14]);
    }
    /* Add the input state, serialise little-endian. */
    for (int i = 0; i < 16; i++) zp_store32_le(out + 4 * i, x[i] + in[i]);
    zp_memzero(x, sizeof x);
    zp_memzero(in, sizeof in);
}

void zp_chacha20_stream_portable(uint8_t *out, size_t len, const uint32_t key[8], uint32_t ctr,
                                 const uint32_t nonce[3]) {
    for (; len >= ZP_CHACHA20_BLOCK; len -= ZP_CHACHA20_BLOCK, out += ZP_CHACHA20_BLOCK)
        zp_chacha20_block_portable(out, key, ctr++, nonce);
    if (len) {
        uint8_t b[ZP_CHACHA20_BLOCK];
        zp_chacha20_block_portable(b, key, ctr, nonce);
        memcpy(out, b, len);
        zp_memzero(b, sizeof b);
    }
}

void zp_chacha20_many_portable(uint8_t *out, size_t stride, size_t len_each, size_t count,
                               const uint32_t key[8], const uint32_t nonce0[3]) {
    if (len_each == 0) return;
    uint64_t idx = (uint64_t)nonce0[1] | (uint64_t)nonce0[2] << 32;
    uint8_t b[ZP_CHACHA20_BLOCK];
    for (size_t i = 0; i < count; i++, idx++) {
        const uint32_t nonce[3] = {nonce0[0], (uint32_t)idx, (uint32_t)(idx >> 32)};
        zp_chacha20_block_portable(b, key, 0, nonce);
        memcpy(out + i * stride, b, len_each);
    }
    zp_memzero(b, sizeof b);
}

/* Below these sizes the 16-lane kernel computes more blocks than asked
 * for and the portable code is as fast (bench `rng.`, this file's A/B on
 * a Xeon with AVX-512: one portable block costs about a quarter of a
 * 16-lane call). */
#define STREAM_MIN_AVX512 (4 * ZP_CHACHA20_BLOCK)
#define MANY_MIN_AVX512 4

static int use_avx512(void) {
#ifndef ZP_NO_AVX512
    return (zp_cpu_features() & ZP_CPU_AVX512F) != 0;
#else
    return 0;
#endif
}

void zp_chacha20_stream(uint8_t *out, size_t len, const uint32_t key[8], uint32_t ctr,
                        const uint32_t nonce[3]) {
#ifndef ZP_NO_AVX512
    if (len >= STREAM_MIN_AVX512 && use_avx512()) {
        zp_chacha20_stream_avx512(out, len, key, ctr, nonce);
        return;
    }
#endif
    zp_chacha20_stream_portable(out, len, key, ctr, nonce);
}

void zp_chacha20_many(uint8_t *out, size_t stride, size_t len_each, size_t count,
                      const uint32_t key[8], const uint32_t nonce0[3]) {
#ifndef ZP_NO_AVX512
    if (count >= MANY_MIN_AVX512 && use_avx512()) {
        zp_chacha20_many_avx512(out, stride, len_each, count, key, nonce0);
        return;
    }
#endif
    zp_chacha20_many_portable(out, stride, len_each, count, key, nonce0);
}

const char *zp_chacha20_backend(void) { return use_avx512() ? "avx512" : "portable"; }

zp_chacha20_stream_fn zp_chacha20_stream_avx512_fn(void) {
#ifndef ZP_NO_AVX512
    if (use_avx512()) return zp_chacha20_stream_avx512;
#endif
    return NULL;
}

zp_chacha20_many_fn zp_chacha20_many_avx512_fn(void) {
#ifndef ZP_NO_AVX512
    if (use_avx512()) return zp_chacha20_many_avx512;
#endif
    return NULL;
}
