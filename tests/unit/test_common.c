/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of src/common: errors, memory helpers, deterministic randomness. */
// ZP_TEST_LAYER: common
#include "harness.h"

TEST(test_strerror) {
    for (int e = ZP_OK; e <= ZP_ERR_INTERNAL; e++) CHECK(zp_strerror((zp_err)e)[0] != 0);
    CHECK(strcmp(zp_strerror(ZP_ERR_VERIFY), "verification failed") == 0);
}

TEST(test_memeq_memzero) {
    uint8_t a[33], b[33];
    for (int i = 0; i < 33; i++) a[i] = b[i] = (uint8_t)i;
    CHECK(zp_memeq(a, b, 33));
    b[32] ^= 1;
    CHECK(!zp_memeq(a, b, 33));
    zp_memzero(a, sizeof a);
    int z = 1;
    for (int i = 0; i < 33; i++) z &= a[i] == 0;
    CHECK(z);
}

TEST(test_rng_deterministic) {
    zp_rng r1, r2;
    zp_rng_init_u64(&r1, 42);
    zp_rng_init_u64(&r2, 42);
    uint8_t x[100], y[100];
    zp_rng_bytes(&r1, x, sizeof x);
    zp_rng_bytes(&r2, y, sizeof y);
    CHECK(memcmp(x, y, sizeof x) == 0);
    zp_rng_bytes(&r1, x, sizeof x); /* next draw differs */
    CHECK(memcmp(x, y, sizeof x) != 0);
    /* Streams are position-addressed and independent of call order. */
    uint8_t s1[64], s2[64];
    zp_rng_stream(&r1, 3, 7, s1, 64);
    zp_rng_stream(&r2, 3, 7, s2, 64);
    CHECK(memcmp(s1, s2, 64) == 0);
    zp_rng_stream(&r2, 3, 8, s2, 64);
    CHECK(memcmp(s1, s2, 64) != 0);
    zp_rng os;
    CHECK_OK(zp_rng_init_os(&os));
}

TEST(test_load_store) {
    uint8_t b[8];
    zp_store64_le(b, 0x0102030405060708ULL);
    CHECK(b[0] == 8 && b[7] == 1);
    CHECK(zp_load64_le(b) == 0x0102030405060708ULL);
}
