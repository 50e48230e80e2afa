/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of SHA-256: FIPS 180-4 example vectors, libsodium cross-checks,
 * streaming vs one-shot, and every backend against the portable one. */
// ZP_TEST_LAYER: hash
#include <sodium.h>

#include "harness.h"
#include "hash/sha256_internal.h"
#include "zkprov/hash.h"

static void hex_to(uint8_t *out, const char *hex) {
    for (size_t i = 0; hex[2 * i]; i++) {
        unsigned v;
        sscanf(hex + 2 * i, "%2x", &v);
        out[i] = (uint8_t)v;
    }
}

static void rand_bytes(uint8_t *p, size_t n) { zp_rng_bytes(test_rng(), p, n); }

/* SHA-256 with an explicit compression backend; padding written here
 * independently of src/hash/sha256.c (FIPS 180-4 section 5.1.1). */
static void sha256_with(zp_sha256_compress_fn fn, uint8_t out[32], const uint8_t *m,
                        size_t len) {
    uint32_t h[8];
    memcpy(h, zp_sha256_iv, sizeof h);
    fn(h, m, len / 64);
    uint8_t tail[128] = {0};
    size_t r = len % 64;
    memcpy(tail, m + len - r, r);
    tail[r] = 0x80;
    size_t nb = r < 56 ? 1 : 2;
    uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; i++) tail[64 * nb - 1 - i] = (uint8_t)(bits >> (8 * i));
    fn(h, tail, nb);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)(h[i] >> 24);
        out[4 * i + 1] = (uint8_t)(h[i] >> 16);
        out[4 * i + 2] = (uint8_t)(h[i] >> 8);
        out[4 * i + 3] = (uint8_t)h[i];
    }
}

/* Example vectors of FIPS 180-2 appendix B / NIST "Cryptographic
 * Standards and Guidelines: Examples with Intermediate Values" (SHA256.pdf). */
static const struct { const char *msg; const char *digest; } fips_vectors[] = {
    {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnop"
     "jklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
     "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
};

TEST(test_fips_vectors) {
    const char *million_a = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    size_t big = 1000000;
    uint8_t *a = malloc(big);
    CHECK(a != NULL);
    if (!a) return;
    memset(a, 'a', big);
    for (int shani = 0; shani < 2; shani++) {
        zp_sha256_compress_fn fn = zp_sha256_backend_fn(shani);
        if (!fn) continue; /* this CPU or build has no SHA-NI */
        uint8_t want[32], got[32];
        for (size_t v = 0; v < sizeof fips_vectors / sizeof fips_vectors[0]; v++) {
            hex_to(want, fips_vectors[v].digest);
            sha256_with(fn, got, (const uint8_t *)fips_vectors[v].msg,
                        strlen(fips_vectors[v].msg));
            CHECK(memcmp(got, want, 32) == 0);
        }
        hex_to(want, million_a);
        sha256_with(fn, got, a, big);
        CHECK(memcmp(got, want, 32) == 0);
    }
    /* The dispatched API too, one-shot and streamed in odd chunks. */
    uint8_t want[32], got[32];
    for (size_t v = 0; v < sizeof fips_vectors / sizeof fips_vectors[0]; v++) {
        hex_to(want, fips_vectors[v].digest);
        zp_sha256(got, fips_vectors[v].msg, strlen(fips_vectors[v].msg));
        CHECK(memcmp(got, want, 32) == 0);
    }
    hex_to(want, million_a);
    zp_sha256(got, a, big);
    CHECK(memcmp(got, want, 32) == 0);
    zp_sha256_ctx c;
    zp_sha256_init(&c);
    for (size_t off = 0; off < big;) {
        size_t step = 1 + (size_t)(test_rand_u64() % 1000);
        if (step > big - off) step = big - off;
        zp_sha256_update(&c, a + off, step);
        off += step;
    }
    zp_sha256_final(&c, got);
    CHECK(memcmp(got, want, 32) == 0);
    free(a);
}

TEST(test_backend_name) {
    const char *b = zp_sha256_backend();
    CHECK(strcmp(b, "shani") == 0 || strcmp(b, "portable") == 0);
    CHECK((strcmp(b, "shani") == 0) == (zp_sha256_use_shani() != 0));
    CHECK((zp_sha256_backend_fn(1) != NULL) == (zp_sha256_use_shani() != 0));
    CHECK(zp_sha256_backend_fn(0) == zp_sha256_compress_portable);
    CHECK(zp_digest_bytes() == 32);
    printf("  sha256 backend: %s\n", b);
}

TEST(test_vs_libsodium) {
    uint8_t *m = malloc(300 + (1u << 20) + 77);
    CHECK(m != NULL);
    if (!m) return;
    uint8_t want[32], got[32];
    for (size_t len = 0; len <= 300; len++) {
        rand_bytes(m, len);
        crypto_hash_sha256(want, m, len);
        zp_sha256(got, m, len);
        CHECK(memcmp(got, want, 32) == 0);
    }
    static const size_t longs[] = {511, 512, 4096, 4097, 65536 + 63, (1u << 20) + 77};
    for (size_t i = 0; i < sizeof longs / sizeof longs[0]; i++) {
        rand_bytes(m, longs[i]);
        crypto_hash_sha256(want, m, longs[i]);
        zp_sha256(got, m, longs[i]);
        CHECK(memcmp(got, want, 32) == 0);
        /* Unaligned input. */
        crypto_hash_sha256(want, m + 3, longs[i] - 3);
        zp_sha256(got, m + 3, longs[i] - 3);
        CHECK(memcmp(got, want, 32) == 0);
    }
    free(m);
}

TEST(test_streaming_every_split) {
    static const size_t lens[] = {0, 1, 55, 56, 63, 64, 65, 127, 128, 200, 333};
    uint8_t m[333], want[32], got[32];
    for (size_t li = 0; li < sizeof lens / sizeof lens[0]; li++) {
        size_t len = lens[li];
        rand_bytes(m, len);
        zp_sha256(want, m, len);
        for (size_t s = 0; s <= len; s++) {
            zp_sha256_ctx c;
            zp_sha256_init(&c);
            zp_sha256_update(&c, m, s);
            zp_sha256_update(&c, m + s, len - s);
            zp_sha256_final(&c, got);
            CHECK(memcmp(got, want, 32) == 0);
        }
        /* Three pieces at random split points. */
        for (int k = 0; k < 50 && len; k++) {
            size_t s1 = (size_t)(test_rand_u64() % (len + 1));
            size_t s2 = s1 + (size_t)(test_rand_u64() % (len - s1 + 1));
            zp_sha256_ctx c;
            zp_sha256_init(&c);
            zp_sha256_update(&c, m, s1);
            zp_sha256_update(&c, m + s1, s2 - s1);
            zp_sha256_update(&c, m + s2, len - s2);
            zp_sha256_final(&c, got);
            CHECK(memcmp(got, want, 32) == 0);
        }
    }
}

TEST(test_backends_equal) {
    zp_sha256_compress_fn shani = zp_sha256_backend_fn(1);
    if (!shani) {
        printf("  (SHA-NI absent, compiled out or disabled: only portable to test)\n");
        CHECK(zp_sha256_backend_x2_fn() == NULL);
        CHECK(strcmp(zp_sha256_backend(), "portable") == 0);
        return;
    }
    uint8_t blocks[64 * 40 + 5];
    for (int it = 0; it < 200 * test_iters(); it++) {
        size_t nb = 1 + (size_t)(test_rand_u64() % 40);
        size_t off = (size_t)(test_rand_u64() % 6); /* unaligned too */
        uint32_t s1[8], s2[8];
        rand_bytes((uint8_t *)s1, sizeof s1);
        memcpy(s2, s1, sizeof s1);
        rand_bytes(blocks, sizeof blocks);
        zp_sha256_compress_portable(s1, blocks + off, nb);
        shani(s2, blocks + off, nb);
        CHECK(memcmp(s1, s2, sizeof s1) == 0);
    }
    /* The two-stream kernel equals two portable calls. */
    zp_sha256_compress_x2_fn x2 = zp_sha256_backend_x2_fn();
    CHECK(x2 != NULL);
    if (!x2) return;
    uint8_t other[64 * 40];
    for (int it = 0; it < 100 * test_iters(); it++) {
        size_t nb = (size_t)(test_rand_u64() % 40);
        uint32_t a1[8], b1[8], a2[8], b2[8];
        rand_bytes((uint8_t *)a1, sizeof a1);
        rand_bytes((uint8_t *)b1, sizeof b1);
        memcpy(a2, a1, sizeof a1);
        memcpy(b2, b1, sizeof b1);
        rand_bytes(blocks, sizeof blocks);
        rand_bytes(other, sizeof other);
        zp_sha256_compress_portable(a1, blocks + 1, nb);
        zp_sha256_compress_portable(b1, other, nb);
        x2(a2, b2, blocks + 1, other, nb);
        CHECK(memcmp(a1, a2, sizeof a1) == 0);
        CHECK(memcmp(b1, b2, sizeof b1) == 0);
    }
}

/* SHA-256(prefix || data) through the one- and two-stream fast paths
 * equals libsodium on the concatenation, for every short length. */
TEST(test_prefixed) {
    uint8_t a[1100], b[1100], cat[1101], want_a[32], want_b[32], ga[32], gb[32], g1[32];
    for (size_t len = 0; len <= 1100; len = len < 300 ? len + 1 : len + 97) {
        uint8_t prefix = (uint8_t)test_rand_u64();
        rand_bytes(a, len);
        rand_bytes(b, len);
        cat[0] = prefix;
        memcpy(cat + 1, a, len);
        crypto_hash_sha256(want_a, cat, len + 1);
        memcpy(cat + 1, b, len);
        crypto_hash_sha256(want_b, cat, len + 1);
        zp_sha256_prefixed(g1, prefix, a, len, (int)(len & 1));
        CHECK(memcmp(g1, want_a, 32) == 0);
        zp_sha256_prefixed_x2(ga, gb, prefix, a, b, len, (int)(len & 1));
        CHECK(memcmp(ga, want_a, 32) == 0);
        CHECK(memcmp(gb, want_b, 32) == 0);
    }
}
