/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Benchmarks of the matrix-product and LogUp protocols (src/piop). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "field/gl.h"
#include "zkprov/piop.h"

static uint64_t bp_state = 0x9E3779B97F4A7C15ULL;
static uint64_t bp_rand(void) { /* splitmix64: bench data only */
    uint64_t z = (bp_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static zp_fe2 bp_fe2(void) {
    zp_fe2 r = {gl_from_u64(bp_rand()), gl_from_u64(bp_rand())};
    return r;
}

/* 1024 x 1024 times 1024 x 1024, int8 entries, ZK mode; the commitments to
 * A and B (and to the sumcheck mask) are not part of the timing. */
BENCH(bench_matmul) {
    if (!zp_bench_want("matmul.prove") && !zp_bench_want("matmul.verify") &&
        !zp_bench_want("matmul.proof_bytes") && !zp_bench_want("matmul.compute"))
        return;
    const unsigned lg = 10;
    const size_t n = (size_t)1 << lg, nn = n * n;
    zp_fe *A = malloc(nn * sizeof(zp_fe)), *B = malloc(nn * sizeof(zp_fe));
    zp_fe *C = malloc(nn * sizeof(zp_fe)), *mA = malloc(n * sizeof(zp_fe)), *mB = malloc(n * sizeof(zp_fe));
    size_t w = zp_sc_zk_mask_width(zp_matmul_sc_vars(lg), 2);
    zp_fe *g0 = malloc(w * sizeof(zp_fe)), *g1 = malloc(w * sizeof(zp_fe));
    if (!A || !B || !C || !mA || !mB || !g0 || !g1) { fprintf(stderr, "bench_matmul: out of memory\n"); goto out; }
    for (size_t i = 0; i < nn; i++) {
        A[i] = zp_fe_from_i64((int8_t)(bp_rand() & 0xff));
        B[i] = zp_fe_from_i64((int8_t)(bp_rand() & 0xff));
    }
    for (size_t i = 0; i < n; i++) { mA[i] = gl_from_u64(bp_rand()); mB[i] = gl_from_u64(bp_rand()); }
    zp_rng rng;
    zp_rng_init_u64(&rng, 1);
    zp_sc_zk_mask_sample(g0, g1, zp_matmul_sc_vars(lg), 2, &rng);
    int it = zp_bench_iters();
    double t[64];
    if (it > 64) it = 64;
    int itc = it < 3 ? it : 3;
    for (int r = 0; r < itc; r++) {
        double t0 = zp_bench_now();
        zp_matmul_compute(C, A, B, n, n, n);
        t[r] = zp_bench_now() - t0;
    }
    if (zp_bench_want("matmul.compute")) zp_bench_emit("matmul.compute", n, 1e3 * zp_bench_median(t, itc), "ms");
    zp_fe2 ri[10], rj[10], z[20];
    for (int i = 0; i < 10; i++) { ri[i] = bp_fe2(); rj[i] = bp_fe2(); }
    memcpy(z, rj, sizeof rj);
    memcpy(z + 10, ri, sizeof ri);
    zp_fe2 claim = zp_mle_eval(C, z, 20);
    zp_piop_tensor tA = {A, mA, n}, tB = {B, mB, n};
    zp_bytes pf;
    zp_bytes_init(&pf);
    for (int r = 0; r < it; r++) {
        zp_bytes_free(&pf);
        zp_bytes_init(&pf);
        zp_transcript tr;
        zp_transcript_init(&tr, "zkprov-bench/matmul");
        zp_matmul_claims out;
        double t0 = zp_bench_now();
        zp_err e = zp_matmul_prove(&tr, &pf, &out, &tA, &tB, lg, lg, lg, ri, rj, claim, g0, g1);
        t[r] = zp_bench_now() - t0;
        if (e != ZP_OK) { fprintf(stderr, "matmul.prove: %s\n", zp_strerror(e)); goto out2; }
    }
    if (zp_bench_want("matmul.prove")) zp_bench_emit("matmul.prove", n, 1e3 * zp_bench_median(t, it), "ms");
    for (int r = 0; r < it; r++) {
        zp_transcript tr;
        zp_transcript_init(&tr, "zkprov-bench/matmul");
        zp_reader rd;
        zp_reader_init(&rd, pf.data, pf.len);
        zp_matmul_claims out;
        double t0 = zp_bench_now();
        zp_err e = zp_matmul_verify(&tr, &rd, &out, lg, lg, lg, ri, rj, claim, 1);
        t[r] = zp_bench_now() - t0;
        if (e != ZP_OK) { fprintf(stderr, "matmul.verify: %s\n", zp_strerror(e)); goto out2; }
    }
    if (zp_bench_want("matmul.verify")) zp_bench_emit("matmul.verify", n, 1e3 * zp_bench_median(t, it), "ms");
    if (zp_bench_want("matmul.proof_bytes")) zp_bench_emit("matmul.proof_bytes", n, (double)pf.len, "bytes");
out2:
    zp_bytes_free(&pf);
out:
    free(A); free(B); free(C); free(mA); free(mB); free(g0); free(g1);
}

/* 2^20 lookups into the table [0, 2^16), ZK mode; the timing includes the
 * commitments to m and the helper columns and their openings. */
BENCH(bench_logup) {
    if (!zp_bench_want("logup.prove") && !zp_bench_want("logup.verify") &&
        !zp_bench_want("logup.proof_bytes"))
        return;
    const unsigned ln = 20, lt = 16;
    const size_t N = (size_t)1 << ln, T = (size_t)1 << lt;
    zp_fe *a = malloc(N * sizeof(zp_fe)), *t = malloc(T * sizeof(zp_fe)), mask[1024];
    if (!a || !t) { fprintf(stderr, "bench_logup: out of memory\n"); free(a); free(t); return; }
    for (size_t j = 0; j < T; j++) t[j] = j;
    for (size_t i = 0; i < N; i++) a[i] = bp_rand() & (T - 1);
    for (size_t i = 0; i < 1024; i++) mask[i] = gl_from_u64(bp_rand());
    zp_piop_tensor col = {a, mask, 1024};
    int it = zp_bench_iters();
    double tm[64];
    if (it > 64) it = 64;
    zp_bytes pf;
    zp_bytes_init(&pf);
    for (int r = 0; r < it; r++) {
        zp_bytes_free(&pf);
        zp_bytes_init(&pf);
        zp_transcript tr;
        zp_transcript_init(&tr, "zkprov-bench/logup");
        zp_rng rng;
        zp_rng_init_u64(&rng, 2);
        zp_logup_claims out;
        double t0 = zp_bench_now();
        zp_err e = zp_logup_prove(&tr, &pf, &out, &col, 1, ln, t, lt, 1, &rng);
        tm[r] = zp_bench_now() - t0;
        if (e != ZP_OK) { fprintf(stderr, "logup.prove: %s\n", zp_strerror(e)); goto out; }
    }
    if (zp_bench_want("logup.prove")) zp_bench_emit("logup.prove", N, 1e3 * zp_bench_median(tm, it), "ms");
    for (int r = 0; r < it; r++) {
        zp_transcript tr;
        zp_transcript_init(&tr, "zkprov-bench/logup");
        zp_reader rd;
        zp_reader_init(&rd, pf.data, pf.len);
        zp_logup_claims out;
        double t0 = zp_bench_now();
        zp_err e = zp_logup_verify(&tr, &rd, &out, 1, ln, t, lt, 1);
        tm[r] = zp_bench_now() - t0;
        if (e != ZP_OK) { fprintf(stderr, "logup.verify: %s\n", zp_strerror(e)); goto out; }
    }
    if (zp_bench_want("logup.verify")) zp_bench_emit("logup.verify", N, 1e3 * zp_bench_median(tm, it), "ms");
    if (zp_bench_want("logup.proof_bytes")) zp_bench_emit("logup.proof_bytes", N, (double)pf.len, "bytes");
out:
    zp_bytes_free(&pf);
    free(a);
    free(t);
}
