/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Multilinear helpers (src/pcs/mle.c): eq tables and MLE evaluations by backend. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "field/gl.h"
#include "pcs/mle_kern.h"
#include "zkprov/pcs.h"

/* Names: mle.eval.<backend> (F), mle.eval2.<backend> (K), mle.eq_table.<backend>,
 * n = entries, value = ns per entry (median over ZP_BENCH_ITERS runs of
 * >= 2^22 entries each).  Backends: the vector kernels this CPU has (ifma
 * dot products, avx512 eq rows; left out where they are the portable
 * ones), portable, fold (the reference). */
static uint64_t bm_state = 0x243F6A8885A308D3ULL;
static zp_fe bm_rand(void) {
    bm_state ^= bm_state << 13;
    bm_state ^= bm_state >> 7;
    bm_state ^= bm_state << 17;
    return gl_from_u64(bm_state);
}

BENCH(bench_mle) {
    static const unsigned sizes[] = {10, 13, 16, 20};
    const int nsz = (int)(sizeof sizes / sizeof sizes[0]);
    const size_t maxlen = (size_t)1 << 20;
    zp_mle_dot_fn da, dp;
    zp_mle_scale_fn sa, sp;
    zp_mle_kernels(&da, NULL, &sa, ZP_MLE_AUTO);
    zp_mle_kernels(&dp, NULL, &sp, ZP_MLE_PORTABLE);
    const char *vname[3] = {da != dp ? "ifma" : NULL, "portable", "fold"};
    const char *ename[3] = {sa != sp ? "avx512" : NULL, "portable", "fold"};
    int any = 0;
    for (int kind = 0; kind < 3; kind++)
        for (int be = ZP_MLE_AUTO; be <= ZP_MLE_FOLD; be++) {
            const char *bn = kind == 2 ? ename[be] : vname[be];
            char name[64];
            snprintf(name, sizeof name, "mle.%s.%s",
                     kind == 0 ? "eval" : kind == 1 ? "eval2" : "eq_table", bn ? bn : "");
            any |= bn && zp_bench_want(name);
        }
    if (!any) return;
    zp_fe *f = malloc(maxlen * sizeof *f);
    zp_fe2 *f2 = malloc(maxlen * sizeof *f2), *tab = malloc(maxlen * sizeof *tab);
    const int iters = zp_bench_iters();
    double *t = malloc((size_t)iters * sizeof(double));
    if (!f || !f2 || !tab || !t) goto out;
    for (size_t i = 0; i < maxlen; i++) {
        f[i] = bm_rand();
        f2[i].c0 = bm_rand();
        f2[i].c1 = bm_rand();
    }
    zp_fe2 z[20];
    for (unsigned i = 0; i < 20; i++) z[i] = (zp_fe2){bm_rand(), bm_rand()};
    volatile uint64_t sink = 0;
    for (int kind = 0; kind < 3; kind++)
        for (int be = ZP_MLE_AUTO; be <= ZP_MLE_FOLD; be++) {
            const char *bn = kind == 2 ? ename[be] : vname[be];
            if (!bn) continue;
            char name[64];
            snprintf(name, sizeof name, "mle.%s.%s",
                     kind == 0 ? "eval" : kind == 1 ? "eval2" : "eq_table", bn);
            if (!zp_bench_want(name)) continue;
            for (int si = 0; si < nsz; si++) {
                const unsigned n = sizes[si];
                const size_t len = (size_t)1 << n, reps = ((size_t)1 << 22) >> n;
                for (int it = 0; it < iters; it++) {
                    double t0 = zp_bench_now();
                    for (size_t r = 0; r < reps; r++) {
                        if (kind == 2) {
                            zp_eq_table_backend(tab, z, n, be);
                            sink += tab[len - 1].c0;
                        } else {
                            zp_fe2 v = kind ? zp_mle_eval_backend(NULL, f2, z, n, be)
                                            : zp_mle_eval_backend(f, NULL, z, n, be);
                            sink += v.c0;
                        }
                    }
                    t[it] = 1e9 * (zp_bench_now() - t0) / (double)(reps * len);
                }
                zp_bench_emit(name, len, zp_bench_median(t, iters), "ns/entry");
            }
        }
    (void)sink;
out:
    free(f);
    free(f2);
    free(tab);
    free(t);
}
