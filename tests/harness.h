/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Minimal test harness: CHECK, a registry of test functions, iteration
 * count (--iters / ZP_TEST_ITERS) and a printed, replayable seed
 * (ZP_TEST_SEED).  Include from exactly one .c file per test binary. */
#ifndef ZP_TESTS_HARNESS_H
#define ZP_TESTS_HARNESS_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "zkprov/common.h"

static int zp_t_failures = 0;
static int zp_t_checks = 0;
static int zp_t_iters = 1;
static uint64_t zp_t_seed = 0;
static zp_rng zp_t_rng;

#define CHECK(cond)                                                         \
    do {                                                                    \
        zp_t_checks++;                                                      \
        if (!(cond)) {                                                      \
            zp_t_failures++;                                                \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, \
                    #cond);                                                 \
        }                                                                   \
    } while (0)

#define CHECK_OK(expr) CHECK((expr) == ZP_OK)

typedef void (*zp_test_fn)(void);
#define ZP_MAX_TESTS 256
static struct { const char *tname; zp_test_fn fn; } zp_t_reg[ZP_MAX_TESTS];
static int zp_t_n = 0;

#define TEST(name)                                                          \
    static void name(void);                                                 \
    __attribute__((constructor)) static void zp_t_reg_##name(void) {        \
        if (zp_t_n < ZP_MAX_TESTS) {                                        \
            zp_t_reg[zp_t_n].tname = #name;                                  \
            zp_t_reg[zp_t_n++].fn = name;                                   \
        }                                                                   \
    }                                                                       \
    static void name(void)

/* Deterministic randomness for the current run (seeded from ZP_TEST_SEED). */
static inline uint64_t test_rand_u64(void) {
    uint8_t b[8];
    zp_rng_bytes(&zp_t_rng, b, 8);
    return zp_load64_le(b);
}
static inline zp_rng *test_rng(void) { return &zp_t_rng; }
static inline int test_iters(void) { return zp_t_iters; }

int main(int argc, char **argv) {
    const char *only = NULL;
    const char *e = getenv("ZP_TEST_ITERS");
    if (e) zp_t_iters = atoi(e);
    e = getenv("ZP_TEST_SEED");
    zp_t_seed = e ? strtoull(e, NULL, 0) : (uint64_t)time(NULL);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--iters") && i + 1 < argc) zp_t_iters = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc) zp_t_seed = strtoull(argv[++i], NULL, 0);
        else only = argv[i];
    }
    if (zp_t_iters < 1) zp_t_iters = 1;
    if (zp_init() != ZP_OK) { fprintf(stderr, "zp_init failed\n"); return 1; }
    printf("seed %" PRIu64 " (replay with ZP_TEST_SEED=%" PRIu64 "), iters %d\n",
           zp_t_seed, zp_t_seed, zp_t_iters);
    int ran = 0;
    for (int i = 0; i < zp_t_n; i++) {
        if (only && !strstr(zp_t_reg[i].tname, only)) continue;
        zp_rng_init_u64(&zp_t_rng, zp_t_seed ^ (uint64_t)i * 0x9E3779B97F4A7C15ULL);
        int before = zp_t_failures;
        clock_t t0 = clock();
        zp_t_reg[i].fn();
        double ms = 1000.0 * (double)(clock() - t0) / CLOCKS_PER_SEC;
        printf("%-40s %s (%.0f ms cpu)\n", zp_t_reg[i].tname,
               zp_t_failures == before ? "ok" : "FAILED", ms);
        ran++;
    }
    printf("%d tests, %d checks, %d failures\n", ran, zp_t_checks, zp_t_failures);
    if (ran == 0) return 1;
    return zp_t_failures ? 1 : 0;
}

#endif
