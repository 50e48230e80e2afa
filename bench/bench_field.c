/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Benchmarks of the field vector kernels (single thread, L1-resident). */
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "zkprov/field.h"
#include "field/batch.h"

#define BN 4096
/* Repetitions per timed run: about 2^24 element operations. */
#define REPS 4096

static zp_fe ba[BN], bb[BN], bc[BN], bs[BN];
static zp_fe2 b2a[BN], b2b[BN], b2c[BN];

static void fill(void) {
    uint64_t x = 0x243F6A8885A308D3ULL; /* splitmix64 */
    for (size_t i = 0; i < BN; i++) {
        uint64_t v[4];
        for (int k = 0; k < 4; k++) {
            x += 0x9E3779B97F4A7C15ULL;
            uint64_t z = x;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
            v[k] = zp_fe_from_u64(z ^ (z >> 31));
        }
        ba[i] = v[0] | 1; /* nonzero, for the inversion */
        bb[i] = v[1];
        b2a[i].c0 = v[0]; b2a[i].c1 = v[1];
        b2b[i].c0 = v[2]; b2b[i].c1 = v[3];
    }
}

typedef void (*mul_fn)(zp_fe *, const zp_fe *, const zp_fe *, size_t);

/* ns per element of out[i] = a[i]*b[i]; the output feeds the next pass's
 * input so that nothing can be hoisted out of the loop. */
static double time_mul(mul_fn f) {
    int it = zp_bench_iters();
    double v[64];
    if (it > 64) it = 64;
    f(bc, ba, bb, BN); /* warm up */
    for (int r = 0; r < it; r++) {
        memcpy(bc, ba, sizeof bc);
        double t0 = zp_bench_now();
        for (int k = 0; k < REPS; k++) f(bc, bc, bb, BN);
        v[r] = (zp_bench_now() - t0) * 1e9 / ((double)REPS * BN);
    }
    return zp_bench_median(v, it);
}

static void emit_mul(const char *name, mul_fn f) {
    if (!zp_bench_want(name)) return;
    zp_bench_emit(name, BN, time_mul(f), "ns/op");
}

BENCH(bench_field_mul) {
    fill();
    emit_mul("field.mul", zp_fe_mul_batch);
    emit_mul("field.mul_portable", zp_fe_mul_batch_portable);
    if (zp_field_backend_by_name("avx512"))
        emit_mul("field.mul_avx512", zp_field_backend_by_name("avx512")->mul);
}

BENCH(bench_field_add) {
    if (!zp_bench_want("field.add")) return;
    fill();
    int it = zp_bench_iters();
    double v[64];
    if (it > 64) it = 64;
    for (int r = 0; r < it; r++) {
        memcpy(bc, ba, sizeof bc);
        double t0 = zp_bench_now();
        for (int k = 0; k < REPS; k++) zp_fe_add_batch(bc, bc, bb, BN);
        v[r] = (zp_bench_now() - t0) * 1e9 / ((double)REPS * BN);
    }
    zp_bench_emit("field.add", BN, zp_bench_median(v, it), "ns/op");
}

BENCH(bench_field_dot) {
    if (!zp_bench_want("field.dot")) return;
    fill();
    int it = zp_bench_iters();
    double v[64];
    if (it > 64) it = 64;
    volatile zp_fe sink = 0;
    for (int r = 0; r < it; r++) {
        double t0 = zp_bench_now();
        for (int k = 0; k < REPS; k++) {
            ba[0] = zp_fe_dot(ba, bb, BN) | 1;
        }
        v[r] = (zp_bench_now() - t0) * 1e9 / ((double)REPS * BN);
    }
    sink = ba[0];
    (void)sink;
    zp_bench_emit("field.dot", BN, zp_bench_median(v, it), "ns/op");
}

BENCH(bench_field2_mul) {
    if (!zp_bench_want("field2.mul")) return;
    fill();
    int it = zp_bench_iters();
    double v[64];
    if (it > 64) it = 64;
    const int reps = REPS / 4;
    for (int r = 0; r < it; r++) {
        memcpy(b2c, b2a, sizeof b2c);
        double t0 = zp_bench_now();
        for (int k = 0; k < reps; k++) zp_fe2_mul_batch(b2c, b2c, b2b, BN);
        v[r] = (zp_bench_now() - t0) * 1e9 / ((double)reps * BN);
    }
    zp_bench_emit("field2.mul", BN, zp_bench_median(v, it), "ns/op");
}

BENCH(bench_field_inv_batch) {
    if (!zp_bench_want("field.inv_batch")) return;
    fill();
    int it = zp_bench_iters();
    double v[64];
    if (it > 64) it = 64;
    const int reps = REPS / 16;
    for (int r = 0; r < it; r++) {
        double t0 = zp_bench_now();
        for (int k = 0; k < reps; k++) zp_fe_batch_inv(ba, ba, BN, bs);
        v[r] = (zp_bench_now() - t0) * 1e9 / ((double)reps * BN);
    }
    zp_bench_emit("field.inv_batch", BN, zp_bench_median(v, it), "ns/element");
}

BENCH(bench_field2_inv_batch) {
    if (!zp_bench_want("field2.inv_batch")) return;
    fill();
    int it = zp_bench_iters();
    double v[64];
    if (it > 64) it = 64;
    const int reps = REPS / 64;
    static zp_fe2 s2[BN];
    for (int r = 0; r < it; r++) {
        double t0 = zp_bench_now();
        for (int k = 0; k < reps; k++) zp_fe2_batch_inv(b2c, b2a, BN, s2);
        v[r] = (zp_bench_now() - t0) * 1e9 / ((double)reps * BN);
    }
    zp_bench_emit("field2.inv_batch", BN, zp_bench_median(v, it), "ns/element");
}
