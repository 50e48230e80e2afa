/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * ChaCha20 keystream (RFC 8439): portable reference, AVX-512 16-lane kernels, dispatch. */
#ifndef ZP_COMMON_CHACHA20_H
#define ZP_COMMON_CHACHA20_H

#include <stddef.h>
#include <stdint.h>

/*
 * ChaCha20 as in RFC 8439 section 2.3: the state is the four constants
 * "expand 32-byte k", the key (8 words, little-endian), a 32-bit block
 * counter and a 96-bit nonce (3 words).  Only the keystream is produced
 * (zkprov uses ChaCha20 as a PRG, never to encrypt).  The counter wraps
 * modulo 2^32 past 256 GiB in one stream (RFC 8439 forbids such streams;
 * libsodium's crypto_stream_chacha20_ietf refuses them, and zkprov never
 * asks for more than a few MiB per stream).
 *
 * The portable code is the reference; the AVX-512 kernels are
 * bit-identical to it (tests/unit/test_rng.c).  All of it is ARX on the
 * key and state words: no branch or memory index depends on the key.
 */

#define ZP_CHACHA20_BLOCK 64

/* One keystream block: out[64] = ChaCha20 block (key, ctr, nonce). */
void zp_chacha20_block_portable(uint8_t out[ZP_CHACHA20_BLOCK], const uint32_t key[8],
                                uint32_t ctr, const uint32_t nonce[3]);

/* The keystream of (key, nonce) from block counter ctr on: out[len]. */
void zp_chacha20_stream_portable(uint8_t *out, size_t len, const uint32_t key[8], uint32_t ctr,
                                 const uint32_t nonce[3]);

/* For the streams (n0, n1 + i, n2 + carry) with n1 + i taken as a 64-bit
 * n1 | n2 << 32 plus i, i = 0 .. count - 1, counter 0: the first len_each
 * (<= 64) bytes of stream i at out + i * stride. */
void zp_chacha20_many_portable(uint8_t *out, size_t stride, size_t len_each, size_t count,
                               const uint32_t key[8], const uint32_t nonce0[3]);

#ifndef ZP_NO_AVX512
/* AVX-512 (F only): 16 blocks at once, one per 32-bit lane.  Same
 * contracts as the portable functions; call only if zp_cpu_features()
 * has ZP_CPU_AVX512F. */
void zp_chacha20_stream_avx512(uint8_t *out, size_t len, const uint32_t key[8], uint32_t ctr,
                               const uint32_t nonce[3]);
void zp_chacha20_many_avx512(uint8_t *out, size_t stride, size_t len_each, size_t count,
                             const uint32_t key[8], const uint32_t nonce0[3]);
#endif

/* Dispatched versions: the AVX-512 kernel where the CPU has it and the
 * request is long enough to fill its lanes, the portable code otherwise.
 * The bytes do not depend on the choice. */
void zp_chacha20_stream(uint8_t *out, size_t len, const uint32_t key[8], uint32_t ctr,
                        const uint32_t nonce[3]);
void zp_chacha20_many(uint8_t *out, size_t stride, size_t len_each, size_t count,
                      const uint32_t key[8], const uint32_t nonce0[3]);

/* Backend in use for long requests: "avx512" or "portable". */
const char *zp_chacha20_backend(void);

/* The AVX-512 kernels where this build has them and the CPU supports them
 * (after ZP_FORCE_BACKEND), NULL otherwise.  For tests and benchmarks,
 * which are compiled without the build's ZP_NO_* definitions. */
typedef void (*zp_chacha20_stream_fn)(uint8_t *out, size_t len, const uint32_t key[8],
                                      uint32_t ctr, const uint32_t nonce[3]);
typedef void (*zp_chacha20_many_fn)(uint8_t *out, size_t stride, size_t len_each, size_t count,
                                    const uint32_t key[8], const uint32_t nonce0[3]);
zp_chacha20_stream_fn zp_chacha20_stream_avx512_fn(void);
zp_chacha20_many_fn zp_chacha20_many_avx512_fn(void);

#endif
