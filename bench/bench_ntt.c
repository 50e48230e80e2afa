/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * NTT benchmarks: forward transform (dispatched and portable), threads,
 * and the coset LDE used by the Reed-Solomon encoder. */
#include <stdlib.h>
#include <omp.h>

#include "bench.h"
#include "field/ntt_internal.h"
#include "zkprov/field.h"

static zp_fe *bench_vec(size_t n) {
    zp_fe *v = aligned_alloc(64, n * sizeof(zp_fe));
    if (v == NULL) return NULL;
    uint64_t s = 0x9E3779B97F4A7C15ULL;
    for (size_t i = 0; i < n; i++) {
        s ^= s << 13; s ^= s >> 7; s ^= s << 17;
        v[i] = s % ZP_FIELD_P;
    }
    return v;
}

/* Median wall time (ms) of forward transforms of 2^L points. */
static double time_forward(unsigned L, int backend) {
    size_t n = (size_t)1 << L;
    zp_fe *a = bench_vec(n);
    if (a == NULL) return -1;
    if (zp_ntt_forward_backend(a, L, backend) != ZP_OK) { free(a); return -1; }
    int it = zp_bench_iters();
    double *t = malloc((size_t)it * sizeof(double));
    for (int i = 0; i < it; i++) {
        double t0 = zp_bench_now();
        zp_err e = zp_ntt_forward_backend(a, L, backend);
        t[i] = 1e3 * (zp_bench_now() - t0);
        if (e != ZP_OK) t[i] = -1;
    }
    double med = zp_bench_median(t, it);
    free(t);
    free(a);
    return med;
}

BENCH(bench_ntt) {
    int saved = omp_get_max_threads();
    unsigned sizes[2] = {20, 24};
    omp_set_num_threads(1);
    for (int i = 0; i < 2; i++)
        if (zp_bench_want("ntt"))
            zp_bench_emit("ntt", (uint64_t)1 << sizes[i],
                          time_forward(sizes[i], zp_ntt_default_backend()), "ms");
    for (int i = 0; i < 2; i++)
        if (zp_bench_want("ntt_portable"))
            zp_bench_emit("ntt_portable", (uint64_t)1 << sizes[i],
                          time_forward(sizes[i], ZP_NTT_PORTABLE), "ms");
    omp_set_num_threads(saved);
    if (zp_bench_want("ntt.threads"))
        zp_bench_emit("ntt.threads", (uint64_t)1 << 24,
                      time_forward(24, zp_ntt_default_backend()), "ms");
}

BENCH(bench_ntt_lde) {
    if (!zp_bench_want("ntt.coset_lde")) return;
    int saved = omp_get_max_threads();
    omp_set_num_threads(1);
    size_t nc = (size_t)1 << 20;
    unsigned L = 22;
    zp_fe *c = bench_vec(nc), *out = aligned_alloc(64, ((size_t)1 << L) * sizeof(zp_fe));
    if (c != NULL && out != NULL && zp_ntt_coset_lde(out, L, c, nc, ZP_FIELD_GENERATOR) == ZP_OK) {
        int it = zp_bench_iters();
        double *t = malloc((size_t)it * sizeof(double));
        for (int i = 0; i < it; i++) {
            double t0 = zp_bench_now();
            zp_err e = zp_ntt_coset_lde(out, L, c, nc, ZP_FIELD_GENERATOR);
            t[i] = 1e3 * (zp_bench_now() - t0);
            if (e != ZP_OK) t[i] = -1;
        }
        /* n = number of coefficients (2^20), output 2^22 points */
        zp_bench_emit("ntt.coset_lde", nc, zp_bench_median(t, it), "ms");
        free(t);
    }
    free(c);
    free(out);
    omp_set_num_threads(saved);
}

/* The PCS row encodings of the linked training step: 64 rows of k + h
 * coefficients to 2^L points, one thread, median ms per 64 rows. */
static void time_rows(const char *name, unsigned L, size_t nc) {
    const size_t rows = 64;
    size_t n = (size_t)1 << L;
    zp_fe *c = bench_vec(rows * nc), *out = aligned_alloc(64, n * sizeof(zp_fe));
    int it = zp_bench_iters();
    double *t = malloc((size_t)it * sizeof(double));
    if (c != NULL && out != NULL && t != NULL) {
        for (int i = 0; i < it; i++) {
            zp_err e = ZP_OK;
            double t0 = zp_bench_now();
            for (size_t r = 0; r < rows; r++)
                if (zp_ntt_coset_lde(out, L, c + r * nc, nc, ZP_FIELD_GENERATOR) != ZP_OK)
                    e = ZP_ERR_INTERNAL;
            t[i] = 1e3 * (zp_bench_now() - t0);
            if (e != ZP_OK) t[i] = -1;
        }
        zp_bench_emit(name, rows, zp_bench_median(t, it), "ms");
    }
    free(t);
    free(c);
    free(out);
}

BENCH(bench_ntt_lde_rows) {
    int saved = omp_get_max_threads();
    omp_set_num_threads(1);
    if (zp_bench_want("ntt.coset_lde.row14")) time_rows("ntt.coset_lde.row14", 14, 8192 + 250);
    if (zp_bench_want("ntt.coset_lde.row13")) time_rows("ntt.coset_lde.row13", 13, 2048 + 316);
    omp_set_num_threads(saved);
}
