/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Errors, export macros, secure memory helpers, randomness. */
#ifndef ZKPROV_COMMON_H
#define ZKPROV_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "version.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(ZP_BUILDING_LIBRARY) && defined(__GNUC__)
#define ZP_API __attribute__((visibility("default")))
#else
#define ZP_API
#endif

#if defined(__GNUC__)
#define ZP_WARN_UNUSED __attribute__((warn_unused_result))
#else
#define ZP_WARN_UNUSED
#endif

/* One error enum for the whole library.  Always compare with ZP_OK. */
typedef enum {
    ZP_OK = 0,
    ZP_ERR_ARG,         /* caller misuse: bad argument, size out of range  */
    ZP_ERR_PARSE,       /* malformed input: truncated, non-canonical, ...  */
    ZP_ERR_VERIFY,      /* a proof, signature or certificate is rejected   */
    ZP_ERR_NOMEM,       /* allocation failed                               */
    ZP_ERR_IO,          /* file or OS error                                */
    ZP_ERR_UNSUPPORTED, /* valid but not supported by this build           */
    ZP_ERR_INTERNAL     /* broken internal invariant (a bug)               */
} zp_err;

/** Returns: a static, human-readable name of err (never NULL). */
ZP_API const char *zp_strerror(zp_err err);

/** Returns: the library version string, e.g. "0.1.0". */
ZP_API const char *zp_version_string(void);
/** Returns: ZP_ABI_VERSION of the library actually linked. */
ZP_API int zp_abi_version(void);

/** Initialises libsodium (idempotent, thread-safe).  Returns ZP_OK or
 *  ZP_ERR_INTERNAL.  Every entry point that needs randomness calls it. */
ZP_API zp_err zp_init(void) ZP_WARN_UNUSED;

/** Wipes len bytes at p in a way the compiler cannot elide. */
ZP_API void zp_memzero(void *p, size_t len);
/** Returns: 1 if the len bytes at a and b are equal, else 0 (constant time). */
ZP_API int zp_memeq(const void *a, const void *b, size_t len);

#define ZP_WIPE(p) zp_memzero((p), sizeof(*(p)))

/** Releases the big prover buffers (16 MiB and more) that the library
 *  keeps, wiped, for the next proof (a prover reuses them instead of
 *  faulting in fresh pages).  Without this call the library keeps at
 *  most 32 buffers and max(1 GiB, min(2 * peak, memory / 4)) bytes, peak
 *  being the most bytes of such buffers in use at once since the last
 *  release (a prover's working set: about 0.4 GiB for the 784-128-10
 *  step at batch 64, 2.5 GiB for 1024-1024-10 at batch 256).
 *  Thread-safe; a later proof allocates again. */
ZP_API void zp_mem_release(void);

/* Little-endian loads and stores (encodings are endian-explicit). */
static inline uint64_t zp_load64_le(const uint8_t *p) {
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
           (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 |
           (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}
static inline void zp_store64_le(uint8_t *p, uint64_t v) {
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static inline uint32_t zp_load32_le(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}
static inline void zp_store32_le(uint8_t *p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

/* ---------------------------------------------------------------------
 * Randomness.  A zp_rng is either the OS generator (libsodium randombytes)
 * or a deterministic ChaCha20 stream keyed by a 32-byte seed, for tests and
 * reproducible proofs.  zp_rng_stream() gives independent, position-
 * addressed streams so that parallel code draws the same bytes whatever
 * the thread count (DESIGN: determinism).
 * ------------------------------------------------------------------- */
#define ZP_RNG_SEED_BYTES 32
ZP_API size_t zp_rng_seed_bytes(void);

typedef struct {
    uint8_t key[ZP_RNG_SEED_BYTES];
    uint64_t counter; /* next stream id handed out by zp_rng_bytes */
} zp_rng;

/** Seeds rng from the OS.  Returns: ZP_OK or ZP_ERR_INTERNAL. */
ZP_API zp_err zp_rng_init_os(zp_rng *rng) ZP_WARN_UNUSED;
/** Seeds rng deterministically from seed[32]. */
ZP_API void zp_rng_init_seed(zp_rng *rng, const uint8_t seed[ZP_RNG_SEED_BYTES]);
/** Seeds rng deterministically from a 64-bit test seed. */
ZP_API void zp_rng_init_u64(zp_rng *rng, uint64_t seed);
/** Fills out[len] with the next bytes of rng (sequential use only). */
ZP_API void zp_rng_bytes(zp_rng *rng, void *out, size_t len);
/** Fills out[len] from the stream (domain, index) of rng without changing
 *  rng: safe to call from many threads at once.  The stream is the ChaCha20
 *  keystream of RFC 8439 with key rng->key, nonce LE32(domain) ||
 *  LE64(index) and block counter 0 (libsodium's
 *  crypto_stream_chacha20_ietf; len below 256 GiB). */
ZP_API void zp_rng_stream(const zp_rng *rng, uint32_t domain, uint64_t index,
                          void *out, size_t len);
/** Derives a child rng for a sub-protocol (domain-separated). */
ZP_API void zp_rng_derive(zp_rng *child, zp_rng *parent, const char *label);

#ifdef __cplusplus
}
#endif
#endif
