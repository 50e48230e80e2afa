/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of src/common: errors, memory helpers, deterministic randomness. */
// ZP_TEST_LAYER: common
#include "harness.h"
#include "common/bigmem.h"

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

/* The big-buffer free list (src/common/bigmem.h): reuse of a kept buffer,
 * zero contents after any use (the wipe invariant zp_big_calloc relies
 * on), a larger kept buffer serving a smaller request and remembered at
 * its full size, small buffers, more buffers than slots, release, and
 * concurrent use. */
static int all_zero(const uint8_t *p, size_t n) {
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++) acc |= p[i];
    return acc == 0;
}

TEST(test_big_alloc_reuse) {
    const size_t M = ZP_BIG_MIN;
    zp_mem_release();
    uint8_t *a = zp_big_alloc(M + 100);
    CHECK(a != NULL && ((uintptr_t)a & (((size_t)1 << 21) - 1)) == 0);
    memset(a, 0xab, M + 100);
    zp_big_free(a, M + 100);
    uint8_t *b = zp_big_calloc(M + 50);
    CHECK(b == a); /* the kept buffer, not fresh pages */
    CHECK(all_zero(b, M + 50));
    memset(b, 0x5c, M + 50);
    zp_big_free(b, M + 50);
    /* a 3M buffer serves a 2M request, and comes back whole */
    uint8_t *c = zp_big_alloc(3 * M);
    memset(c, 0x11, 3 * M);
    zp_big_free(c, 3 * M);
    uint8_t *d = zp_big_calloc(2 * M);
    CHECK(d == c);
    CHECK(all_zero(d, 2 * M));
    memset(d, 0x22, 2 * M);
    zp_big_free(d, 2 * M);
    uint8_t *e = zp_big_calloc(3 * M);
    CHECK(e == c);
    CHECK(all_zero(e, 3 * M));
    /* a kept buffer more than twice a request is not handed to it */
    zp_mem_release(); /* drops the (M + 100)-byte one */
    zp_big_free(e, 3 * M);
    uint8_t *f = zp_big_alloc(M);
    CHECK(f != NULL && f != e);
    zp_big_free(f, M);
    /* small buffers: 64-byte aligned, calloc zero */
    uint8_t *s = zp_big_calloc(100);
    CHECK(s != NULL && ((uintptr_t)s & 63) == 0 && all_zero(s, 100));
    zp_big_free(s, 100);
    zp_big_free(NULL, 5); /* no-op */
    /* more buffers than slots: the extra ones are released */
    uint8_t *many[ZP_BIG_SLOTS + 2];
    for (int i = 0; i < ZP_BIG_SLOTS + 2; i++) {
        many[i] = zp_big_alloc(M);
        CHECK(many[i] != NULL);
        if (many[i]) many[i][M - 1] = (uint8_t)(i + 1);
    }
    for (int i = 0; i < ZP_BIG_SLOTS + 2; i++) zp_big_free(many[i], M);
    for (int i = 0; i < ZP_BIG_SLOTS + 2; i++) {
        many[i] = zp_big_calloc(M);
        CHECK(many[i] != NULL && all_zero(many[i], M));
    }
    for (int i = 0; i < ZP_BIG_SLOTS + 2; i++) zp_big_free(many[i], M);
    zp_mem_release();
    /* public buffers: kept unwiped, cleared by a later calloc, and wiped
     * by a later zp_big_free even beyond that user's request */
    uint8_t *u = zp_big_alloc(2 * M);
    memset(u, 0x33, 2 * M);
    zp_big_free_public(u, 2 * M);
    uint8_t *v = zp_big_alloc(2 * M - 4096); /* the same buffer, still dirty */
    CHECK(v == u);
    zp_big_free(v, 2 * M - 4096); /* wipes all 2M dirty bytes */
    uint8_t *x = zp_big_alloc(2 * M);
    CHECK(x == u && all_zero(x, 2 * M));
    memset(x, 0x44, 2 * M);
    zp_big_free_public(x, 2 * M);
    uint8_t *y = zp_big_calloc(2 * M);
    CHECK(y == u && all_zero(y, 2 * M));
    zp_big_free(y, 2 * M);
    zp_mem_release();
    /* concurrent use: every buffer zero when handed out */
    int bad = 0;
#pragma omp parallel for reduction(| : bad)
    for (int i = 0; i < 16; i++) {
        size_t n = M + (size_t)(i % 3) * M / 2;
        uint8_t *p = zp_big_calloc(n);
        if (!p || !all_zero(p, n)) bad = 1;
        if (p) memset(p, 0x77, n);
        zp_big_free(p, n);
    }
    CHECK(!bad);
    zp_mem_release();
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
