/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Randomness: OS-seeded or deterministic ChaCha20 (IETF) streams addressed
 * by (domain, index), so that parallel code draws the same bytes whatever
 * the thread count. */
#include <string.h>
#include <sodium.h>

#include "common/chacha20.h"
#include "common/rng_internal.h"
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

/* The key as the 8 little-endian words of RFC 8439 section 2.3. */
static void key_words(uint32_t k[8], const zp_rng *rng) {
    for (int i = 0; i < 8; i++) k[i] = zp_load32_le(rng->key + 4 * i);
}

void zp_rng_stream(const zp_rng *rng, uint32_t domain, uint64_t index,
                   void *out, size_t len) {
    /* ChaCha20 (RFC 8439), nonce domain (LE32) || index (LE64), counter
     * from 0: the bytes of libsodium's crypto_stream_chacha20_ietf, which
     * zkprov used before its own kernels (tests/unit/test_rng.c compares
     * the two).  Requests are far below the 256 GiB of one stream. */
    if (len == 0) return;
    uint32_t k[8];
    const uint32_t nonce[3] = {domain, (uint32_t)index, (uint32_t)(index >> 32)};
    key_words(k, rng);
    zp_chacha20_stream((uint8_t *)out, len, k, 0, nonce);
    zp_memzero(k, sizeof k);
}

zp_err zp_rng_stream_many(const zp_rng *rng, uint32_t domain, uint64_t index0, size_t count,
                          void *out, size_t stride, size_t len_each) {
    if (len_each > ZP_RNG_MANY_MAX || (count > 1 && stride < len_each)) return ZP_ERR_ARG;
    if (count == 0 || len_each == 0) return ZP_OK;
    if (!rng || !out) return ZP_ERR_ARG;
    uint32_t k[8];
    const uint32_t nonce[3] = {domain, (uint32_t)index0, (uint32_t)(index0 >> 32)};
    key_words(k, rng);
    zp_chacha20_many((uint8_t *)out, stride, len_each, count, k, nonce);
    zp_memzero(k, sizeof k);
    return ZP_OK;
}

/* The domain of the streams zp_rng_bytes hands out one by one. */
#define RNG_SEQ_DOMAIN 0xFFFFFFFFu

void zp_rng_bytes(zp_rng *rng, void *out, size_t len) {
    zp_rng_stream(rng, RNG_SEQ_DOMAIN, rng->counter++, out, len);
}

zp_err zp_rng_bytes_many(zp_rng *rng, void *out, size_t count, size_t len_each) {
    if (len_each > ZP_RNG_MANY_MAX) return ZP_ERR_ARG;
    if (count == 0) return ZP_OK;
    if (!rng || (len_each && !out)) return ZP_ERR_ARG;
    zp_err e = zp_rng_stream_many(rng, RNG_SEQ_DOMAIN, rng->counter, count, out, len_each,
                                  len_each);
    if (e == ZP_OK) rng->counter += count;
    return e;
}

void zp_rng_derive(zp_rng *child, zp_rng *parent, const char *label) {
    uint8_t k[32];
    zp_rng_bytes(parent, k, sizeof k);
    crypto_generichash(child->key, sizeof child->key, (const uint8_t *)label,
                       strlen(label), k, sizeof k);
    child->counter = 0;
    sodium_memzero(k, sizeof k);
}
