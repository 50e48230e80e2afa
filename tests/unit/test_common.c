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
 * concurrent use (the limits: test_big_keep_policy). */
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
    /* a zero tail: only the written prefix (and a dirty prefix handed
     * out) is wiped, and the kept buffer is zero everywhere */
    uint8_t *t = zp_big_calloc(2 * M);
    CHECK(t != NULL);
    memset(t, 0x55, M / 2);
    zp_big_free_zero_tail(t, 2 * M, M / 2);
    uint8_t *t2 = zp_big_alloc(2 * M);
    CHECK(t2 == t && all_zero(t2, 2 * M));
    memset(t2, 0x66, 2 * M);
    zp_big_free_public(t2, 2 * M);             /* dirty: all 2M bytes */
    uint8_t *t3 = zp_big_calloc(2 * M);        /* cleared; dirty recorded */
    CHECK(t3 == t && all_zero(t3, 2 * M));
    memset(t3, 0x77, 100);
    zp_big_free_zero_tail(t3, 2 * M, 100);     /* wipes the dirty 2M too */
    uint8_t *t4 = zp_big_alloc(2 * M);
    CHECK(t4 == t && all_zero(t4, 2 * M));
    zp_big_free_zero_tail(t4, 2 * M, 4 * M);   /* written > bytes: clamped */
    uint8_t *t5 = zp_big_calloc(100);          /* small: the prefix wiped */
    CHECK(t5 != NULL);
    memset(t5, 0x11, 10);
    zp_big_free_zero_tail(t5, 100, 10);
    zp_big_free_zero_tail(NULL, 5, 5); /* no-op */
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

/* The free list's limits (bigmem.h): with every slot taken, a freed
 * buffer pushes out the one freed longest ago and is kept itself; over
 * the byte limit, the oldest kept buffers go until the freed one fits;
 * the limit follows the peak of the bytes in use (twice it, at least
 * ZP_BIG_KEEP_MAX); zp_mem_release forgets the peak.  The buffers are
 * never written (zp_big_alloc, zp_big_free_public), so no page is
 * touched and the test needs no memory beyond address space. */
static int in_set(void *p, uint8_t *const *set, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (set[i] == p) return 1;
    return 0;
}

TEST(test_big_keep_policy) {
    const size_t M = ZP_BIG_MIN, MiB = (size_t)1 << 20;
    zp_big_stats st;
    zp_mem_release();
    zp_big_stats_get(&st);
    CHECK(st.kept_buffers == 0 && st.kept_bytes == 0 && st.live_bytes == 0);
    CHECK(st.peak_bytes == 0 && st.limit == ZP_BIG_KEEP_MAX);
    /* slots: ZP_BIG_SLOTS + 1 buffers freed in order; the first goes */
    enum { NB = ZP_BIG_SLOTS + 1 };
    uint8_t *b[NB], *got[NB];
    int ok = 1;
    for (int i = 0; i < NB; i++) ok &= (b[i] = zp_big_alloc(M)) != NULL;
    CHECK(ok);
    zp_big_stats_get(&st);
    CHECK(st.live_bytes == NB * M && st.peak_bytes == NB * M);
    for (int i = 0; i < NB; i++) zp_big_free_public(b[i], M);
    zp_big_stats_get(&st);
    CHECK(st.kept_buffers == ZP_BIG_SLOTS && st.kept_bytes == ZP_BIG_SLOTS * M);
    CHECK(st.live_bytes == 0 && st.peak_bytes == NB * M);
    /* the kept ones are b[1..]: each request gets one of them */
    for (int i = 0; i < ZP_BIG_SLOTS; i++) {
        got[i] = zp_big_alloc(M);
        ok &= got[i] != NULL && in_set(got[i], b + 1, NB - 1) && !in_set(got[i], got, (size_t)i);
    }
    CHECK(ok);
    zp_big_stats_get(&st);
    CHECK(st.kept_buffers == 0 && st.live_bytes == ZP_BIG_SLOTS * M);
    for (int i = 0; i < ZP_BIG_SLOTS; i++) zp_big_free_public(got[i], M);
    /* release: nothing kept, the peak is what is in use (nothing) */
    zp_mem_release();
    zp_big_stats_get(&st);
    CHECK(st.kept_buffers == 0 && st.kept_bytes == 0 && st.peak_bytes == 0);
    /* bytes: 100, 110, ..., 200 MiB, each freed before the next (none can
     * serve a larger one): 1 650 MiB freed against a limit of
     * ZP_BIG_KEEP_MAX (2 * peak = 400 MiB is below it) */
    uint8_t *last = NULL;
    size_t sum = 0;
    for (size_t mb = 100; mb <= 200; mb += 10) {
        last = zp_big_alloc(mb * MiB);
        ok &= last != NULL;
        zp_big_free_public(last, mb * MiB);
        zp_big_stats_get(&st);
        sum += mb * MiB;
        ok &= st.kept_bytes <= st.limit && st.limit == ZP_BIG_KEEP_MAX;
        ok &= st.kept_bytes == (sum <= ZP_BIG_KEEP_MAX ? sum : st.kept_bytes);
    }
    CHECK(ok);
    zp_big_stats_get(&st);
    /* kept: the newest ones that fit under 1 GiB with the last one,
     * 160 + 170 + 180 + 190 + 200 = 900 MiB (with 150: 1 050 MiB) */
    CHECK(st.kept_buffers == 5 && st.kept_bytes == 900 * MiB);
    uint8_t *again = zp_big_alloc(200 * MiB);
    CHECK(again == last); /* the last freed one is kept */
    zp_big_free_public(again, 200 * MiB);
    /* the limit follows the peak: 3 x 400 MiB in use at once make it
     * 2 * 1 200 MiB (if a quarter of memory allows), and all three stay */
    zp_mem_release();
    uint8_t *q[3];
    for (int i = 0; i < 3; i++) ok &= (q[i] = zp_big_alloc(400 * MiB)) != NULL;
    CHECK(ok);
    for (int i = 0; i < 3; i++) zp_big_free_public(q[i], 400 * MiB);
    zp_big_stats_get(&st);
    CHECK(st.peak_bytes == 1200 * MiB);
    CHECK(st.limit >= ZP_BIG_KEEP_MAX && st.limit <= 2400 * MiB);
    CHECK(st.kept_bytes == (st.limit >= 1200 * MiB ? 1200 * MiB : 800 * MiB));
    zp_mem_release();
    zp_big_stats_get(&st);
    CHECK(st.kept_buffers == 0 && st.peak_bytes == 0 && st.limit == ZP_BIG_KEEP_MAX);
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
