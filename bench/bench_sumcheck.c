/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Sumcheck benchmarks: sum_x A(x) B(x) over 2^n base-field tables. */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "zkprov/piop.h"

/* ZP_BENCH_SC_LOG overrides the size (default 2^24). */
static unsigned sc_log(void) {
    const char *e = getenv("ZP_BENCH_SC_LOG");
    int v = e ? atoi(e) : 24;
    return v < 2 || v > 28 ? 24 : (unsigned)v;
}

static double time_prove(const zp_sc_instance *inst, zp_fe2 H, void *scratch,
                         size_t scratch_len, int zk, const zp_fe *g0, const zp_fe *g1) {
    zp_fe2 point[ZP_SC_MAX_VARS], evals[2];
    zp_sc_zk_result res;
    int iters = zp_bench_iters();
    double *t = malloc((size_t)iters * sizeof *t);
    if (!t) return -1;
    for (int it = 0; it < iters; it++) {
        zp_transcript tr;
        zp_bytes proof;
        zp_transcript_init(&tr, "zkprov-bench/sumcheck");
        zp_bytes_init(&proof);
        double t0 = zp_bench_now();
        zp_err e = zk ? zp_sumcheck_zk_prove(&tr, &proof, &res, point, evals, inst, H, g0, g1,
                                             scratch, scratch_len)
                      : zp_sumcheck_prove(&tr, &proof, point, evals, inst, H, scratch,
                                          scratch_len);
        t[it] = 1e3 * (zp_bench_now() - t0);
        zp_bytes_free(&proof);
        if (e != ZP_OK) {
            free(t);
            return -1;
        }
    }
    double m = zp_bench_median(t, iters);
    free(t);
    return m;
}

BENCH(bench_sumcheck_prod2) {
    const int want1 = zp_bench_want("sumcheck.prod2"),
              wantt = zp_bench_want("sumcheck.prod2.threads"),
              wantz = zp_bench_want("sumcheck.prod2.zk");
    if (!want1 && !wantt && !wantz) return;
    const unsigned n = sc_log();
    const size_t size = (size_t)1 << n, mlen = 1024;
    zp_fe *A = malloc(size * sizeof *A), *B = malloc(size * sizeof *B);
    zp_fe *RA = malloc(mlen * sizeof *RA), *RB = malloc(mlen * sizeof *RB);
    if (!A || !B || !RA || !RB) goto out;
    for (size_t i = 0; i < size; i++) {
        A[i] = (zp_fe)(i * 0x9E3779B97F4A7C15ULL % 0xFFFFFFFF00000001ULL);
        B[i] = (zp_fe)((i + 17) * 0xC2B2AE3D27D4EB4FULL % 0xFFFFFFFF00000001ULL);
    }
    for (size_t i = 0; i < mlen; i++) {
        RA[i] = (zp_fe)(i * 31 + 5);
        RB[i] = (zp_fe)(i * 77 + 3);
    }
    zp_sc_table tab[2] = {{A, NULL, RA, NULL, mlen}, {B, NULL, RB, NULL, mlen}};
    zp_sc_term term = {{1, 0}, 2, {0, 1}};
    zp_sc_instance inst = {n, 2, tab, 1, &term};
    size_t slen = zp_sumcheck_scratch_size(&inst);
    void *scratch = malloc(slen);
    if (!scratch) goto out;
    zp_fe2 H = zp_sc_instance_sum(&inst);
    int nthr = omp_get_max_threads();
    if (want1) {
        omp_set_num_threads(1);
        double ms = time_prove(&inst, H, scratch, slen, 0, NULL, NULL);
        omp_set_num_threads(nthr);
        if (ms >= 0) zp_bench_emit("sumcheck.prod2", size, ms, "ms");
    }
    if (wantt) {
        double ms = time_prove(&inst, H, scratch, slen, 0, NULL, NULL);
        if (ms >= 0) zp_bench_emit("sumcheck.prod2.threads", size, ms, "ms");
    }
    if (wantz) {
        size_t w = zp_sc_zk_mask_width(n, 2);
        zp_fe *g0 = malloc(w * sizeof *g0), *g1 = malloc(w * sizeof *g1);
        zp_rng rng;
        zp_rng_init_u64(&rng, 1);
        if (g0 && g1) {
            zp_sc_zk_mask_sample(g0, g1, n, 2, &rng);
            omp_set_num_threads(1);
            double ms = time_prove(&inst, H, scratch, slen, 1, g0, g1);
            omp_set_num_threads(nthr);
            if (ms >= 0) zp_bench_emit("sumcheck.prod2.zk", size, ms, "ms");
            ms = time_prove(&inst, H, scratch, slen, 1, g0, g1);
            if (ms >= 0) zp_bench_emit("sumcheck.prod2.zk.threads", size, ms, "ms");
        }
        free(g0);
        free(g1);
    }
    free(scratch);
out:
    free(A);
    free(B);
    free(RA);
    free(RB);
}
