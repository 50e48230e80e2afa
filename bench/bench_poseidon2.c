/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Benchmarks of Poseidon2 (widths 12 and 8) and of a Fiat-Shamir
 * challenge. */
#include <stdio.h>

#include "bench.h"
#include "hash/poseidon2_internal.h"
#include "zkprov/hash.h"

/* Chained permutations (each input is the previous output), so the time is
 * the latency of one permutation on one thread. */
#define PERM_N 20000

typedef void (*perm_fn)(zp_fe *);

static void bench_perm(const char *name, perm_fn f, int width) {
    if (!zp_bench_want(name)) return;
    int k = zp_bench_iters();
    double t[64];
    if (k > 64) k = 64;
    zp_fe s[12];
    for (int i = 0; i < width; i++) s[i] = (zp_fe)i;
    for (int i = 0; i < 1000; i++) f(s); /* warm up */
    for (int r = 0; r < k; r++) {
        double t0 = zp_bench_now();
        for (int i = 0; i < PERM_N; i++) f(s);
        t[r] = (zp_bench_now() - t0) * 1e9 / PERM_N;
    }
    if (s[0] == 1) printf("#\n"); /* keep the result alive */
    zp_bench_emit(name, PERM_N, zp_bench_median(t, k), "ns/perm");
}

static void w12(zp_fe *s) { zp_poseidon2_w12(s); }
static void w8(zp_fe *s) { zp_poseidon2_w8(s); }
static void w12_portable(zp_fe *s) { zp_poseidon2_w12_portable(s); }
static void w8_portable(zp_fe *s) { zp_poseidon2_w8_portable(s); }

/* "poseidon2.w12" / "poseidon2.w8" time the dispatched permutation (the
 * backend in use is printed by test_poseidon2); the ".portable" lines time
 * the portable reference on the same machine. */
BENCH(bench_poseidon2) {
    bench_perm("poseidon2.w12", w12, 12);
    bench_perm("poseidon2.w8", w8, 8);
    if (zp_poseidon2_use_avx512()) {
        bench_perm("poseidon2.w12.portable", w12_portable, 12);
        bench_perm("poseidon2.w8.portable", w8_portable, 8);
    }
}

/* One extension-field challenge (zp_transcript_challenge_fe2): two SHA-256
 * calls, one for the state update and one output block. */
BENCH(bench_transcript_challenge) {
    if (!zp_bench_want("transcript.challenge")) return;
    enum { N = 20000 };
    int k = zp_bench_iters();
    double t[64];
    if (k > 64) k = 64;
    zp_transcript tr;
    zp_transcript_init(&tr, "zkprov-v1/bench");
    zp_fe2 c = {1, 2};
    for (int r = 0; r < k; r++) {
        double t0 = zp_bench_now();
        for (int i = 0; i < N; i++) c = zp_transcript_challenge_fe2(&tr, "r");
        t[r] = (zp_bench_now() - t0) * 1e9 / N;
    }
    if (c.c0 == 1) printf("#\n");
    zp_bench_emit("transcript.challenge", N, zp_bench_median(t, k), "ns");
}
