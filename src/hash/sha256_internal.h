/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * SHA-256 internals shared by the dispatcher and its backends. */
#ifndef ZP_HASH_SHA256_INTERNAL_H
#define ZP_HASH_SHA256_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/* Initial hash value H(0) of FIPS 180-4 section 5.3.3. */
extern const uint32_t zp_sha256_iv[8];
/* Round constants K of FIPS 180-4 section 4.2.2. */
extern const uint32_t zp_sha256_k[64];

/* Compresses n_blocks consecutive 64-byte blocks (any alignment) into
 * state.  The portable version is the reference; every backend is
 * bit-identical to it. */
void zp_sha256_compress_portable(uint32_t state[8], const uint8_t *blocks,
                                 size_t n_blocks);
#ifndef ZP_NO_SHANI
/* Intel SHA extensions; call only if zp_cpu_features() has ZP_CPU_SHANI. */
void zp_sha256_compress_shani(uint32_t state[8], const uint8_t *blocks,
                              size_t n_blocks);
/* Two independent streams interleaved (hides the latency of
 * sha256rnds2): compresses n_blocks blocks of a into sa and n_blocks
 * blocks of b into sb. */
void zp_sha256_compress_x2_shani(uint32_t sa[8], uint32_t sb[8],
                                 const uint8_t *a, const uint8_t *b,
                                 size_t n_blocks);
/* Fused SHA-256(prefix || data[len]) for len >= 64 (one stream, and two
 * streams of equal length), state kept in registers throughout. */
void zp_sha256_prefixed_shani(uint8_t out[32], uint8_t prefix, const uint8_t *data,
                              size_t len, int wipe);
void zp_sha256_prefixed_x2_shani(uint8_t out_a[32], uint8_t out_b[32], uint8_t prefix,
                                 const uint8_t *a, const uint8_t *b, size_t len,
                                 int wipe);
#endif

/* 1 if the SHA-NI backend is in use. */
int zp_sha256_use_shani(void);

/* A compression backend: the portable one, or SHA-NI where this build has
 * it and the CPU supports it (NULL otherwise).  For tests and benchmarks. */
typedef void (*zp_sha256_compress_fn)(uint32_t state[8], const uint8_t *blocks,
                                      size_t n_blocks);
zp_sha256_compress_fn zp_sha256_backend_fn(int shani);
/* The two-stream SHA-NI kernel, or NULL where unavailable. */
typedef void (*zp_sha256_compress_x2_fn)(uint32_t sa[8], uint32_t sb[8],
                                         const uint8_t *a, const uint8_t *b,
                                         size_t n_blocks);
zp_sha256_compress_x2_fn zp_sha256_backend_x2_fn(void);

/* SHA-256(prefix || data[len]) in one call, without the streaming
 * context: the first block is assembled from prefix and data, the middle
 * blocks are compressed straight from data in one backend call.  If wipe,
 * the stack copies of data are wiped afterwards. */
void zp_sha256_prefixed(uint8_t out[32], uint8_t prefix, const uint8_t *data,
                        size_t len, int wipe);
/* The same for two messages of equal length (two streams interleaved with
 * SHA-NI; two plain calls otherwise).  Results are bit-identical to
 * zp_sha256_prefixed on each message. */
void zp_sha256_prefixed_x2(uint8_t out_a[32], uint8_t out_b[32], uint8_t prefix,
                           const uint8_t *a, const uint8_t *b, size_t len,
                           int wipe);

#endif
