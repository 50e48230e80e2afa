/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Claim-reduction ZK sumcheck: the row-masked product kernel (src/piop/sc_prod.c) against the generic engine. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "field/gl.h"
#include "piop/sumcheck_internal.h"

/* The shape of a 784-128-10 batch-64 training step's reduction: 2^9 rows
 * of 2^14 columns, M and K non-zero on the first 378 rows. */
#define BR_LR 9
#define BR_LC 14
#define BR_ROWS 378

static uint64_t br_state = 0x13198A2E03707344ULL;
static zp_fe br_rand(void) {
    br_state ^= br_state << 13;
    br_state ^= br_state >> 7;
    br_state ^= br_state << 17;
    return gl_from_u64(br_state);
}

BENCH(bench_sc_reduce) {
    const int wk = zp_bench_want("sc.reduce.kernel"), wg = zp_bench_want("sc.reduce.generic");
    if (!wk && !wg) return;
    const unsigned n = BR_LR + BR_LC;
    const size_t N = (size_t)1 << n, C = (size_t)1 << BR_LC, act = (size_t)BR_ROWS * C;
    zp_fe *M = calloc(N, sizeof(zp_fe)), *Rm = malloc(C * sizeof(zp_fe));
    zp_fe2 *K = calloc(N, sizeof(zp_fe2)), *Ks = malloc(act * sizeof(zp_fe2));
    const size_t w = zp_sc_zk_mask_width(n, 2);
    zp_fe *g0 = malloc(w * sizeof(zp_fe)), *g1 = malloc(w * sizeof(zp_fe));
    const int iters = zp_bench_iters();
    double *t = malloc((size_t)iters * sizeof(double)), *tc = malloc((size_t)iters * sizeof(double));
    if (!M || !Rm || !K || !Ks || !g0 || !g1 || !t || !tc) goto out;
    for (size_t x = 0; x < act; x++) {
        M[x] = br_rand();
        K[x] = (zp_fe2){br_rand(), br_rand()};
    }
    for (size_t c = 0; c < C; c++) Rm[c] = br_rand();
    zp_sc_table tab[2];
    memset(tab, 0, sizeof tab);
    tab[0].base = M;
    tab[0].mask_base = Rm;
    tab[0].mask_len = C;
    tab[1].ext = K;
    const zp_sc_term term = {{1, 0}, 2, {0, 1}};
    const zp_sc_instance inst = {n, 2, tab, 1, &term};
    const zp_fe2 claim = zp_sc_instance_sum(&inst);
    zp_rng rng;
    zp_rng_init_u64(&rng, 11);
    zp_sc_zk_mask_sample(g0, g1, n, 2, &rng);
    for (int kern = 0; kern < 2; kern++) {
        if (!(kern ? wk : wg)) continue;
        int ok = 1;
        for (int it = 0; it < iters; it++) {
            zp_transcript tr;
            zp_bytes pf;
            zp_sc_zk_result res;
            zp_fe2 pt[BR_LR + BR_LC], ev[2];
            zp_transcript_init(&tr, "zkprov-bench/sc-reduce");
            zp_bytes_init(&pf);
            if (kern) memcpy(Ks, K, act * sizeof(zp_fe2)); /* the kernel folds K in place */
            double t0 = zp_bench_now();
            clock_t c0 = clock();
            zp_err e = kern ? zp_sc_prod_zk_prove(&tr, &pf, &res, pt, ev, M, Rm, Ks, BR_LR, BR_LC,
                                                  BR_ROWS, claim, 1, g0, g1)
                            : zp_sumcheck_zk_prove(&tr, &pf, &res, pt, ev, &inst, claim, g0, g1,
                                                   NULL, 0);
            t[it] = 1e3 * (zp_bench_now() - t0);
            tc[it] = 1e3 * (double)(clock() - c0) / CLOCKS_PER_SEC;
            zp_bytes_free(&pf);
            if (e != ZP_OK) ok = 0;
        }
        if (ok)
            zp_bench_emit_wall_cpu(kern ? "sc.reduce.kernel" : "sc.reduce.generic", N, t, tc,
                                   iters);
    }
out:
    free(M);
    free(Rm);
    free(K);
    free(Ks);
    free(g0);
    free(g1);
    free(t);
    free(tc);
}
