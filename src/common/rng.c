/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Randomness: OS-seeded or deterministic ChaCha20 (IETF) streams addressed
 * by (domain, index), so that parallel code draws the same bytes whatever
 * the thread count. */
#include <string.h>
#include <sodium.h>

#include "zkprov/common.h"

size_t zp_rng_seed_bytes(void) { return ZP_RNG_SEED_BYTES; }

zp_err zp_rng_init_os(zp_rng *rng) {
    if (zp_init() != ZP_OK) return ZP_ERR_INTERNAL;
    randombytes_buf(rng->key, sizeof rng->key);
    rng->counter = 0;
    return ZP_OK;
}

void zp_rng_init_seed(zp_rng *rng, const uint8_t seed[ZP_RNG_SEED_BYTES]) {
    memcpy(rng->key, seed, ZP_RNG_SEED_BYTES);
    rng->counter = 0;
}

void zp_rng_init_u64(zp_rng *rng, uint64_t seed) {
    uint8_t s[ZP_RNG_SEED_BYTES] = {0};
    /* Hash so that nearby test seeds give unrelated keys. */
    uint8_t in[8 + 16] = "zkprov-test-seed";
    zp_store64_le(in + 16, seed);
    crypto_hash_sha256(s, in, sizeof in);
    zp_rng_init_seed(rng, s);
}

void zp_rng_stream(const zp_rng *rng, uint32_t domain, uint64_t index,
                   void *out, size_t len) {
    /* 12-byte nonce: domain (4) || index (8).  crypto_stream_chacha20_ietf
     * handles up to 256 GiB per stream, far beyond any single request. */
    uint8_t nonce[crypto_stream_chacha20_ietf_NONCEBYTES];
    zp_store32_le(nonce, domain);
    zp_store64_le(nonce + 4, index);
    crypto_stream_chacha20_ietf((uint8_t *)out, len, nonce, rng->key);
}

void zp_rng_bytes(zp_rng *rng, void *out, size_t len) {
    zp_rng_stream(rng, 0xFFFFFFFFu, rng->counter++, out, len);
}

void zp_rng_derive(zp_rng *child, zp_rng *parent, const char *label) {
    uint8_t k[32];
    zp_rng_bytes(parent, k, sizeof k);
    crypto_generichash(child->key, sizeof child->key, (const uint8_t *)label,
                       strlen(label), k, sizeof k);
    child->counter = 0;
    sodium_memzero(k, sizeof k);
}
