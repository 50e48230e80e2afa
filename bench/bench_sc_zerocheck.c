/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Eq-weighted zero-check ZK sumcheck: the kernel (src/piop/sc_eq.c) against the generic engine. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "field/gl.h"
#include "piop/sumcheck_internal.h"

/* The shape of the largest zero-check batch of a 784-128-10 batch-64
 * training step: n = 17, 18 base-masked tables (mask 2^10 values) and 2
 * public ones, 18 terms c EQ T_a, 4 terms c EQ T_a T_b and one c EQ. */
#define ZB_N 17
#define ZB_MASKED 18
#define ZB_PUB 2
#define ZB_TABLES (1 + ZB_MASKED + ZB_PUB)

static uint64_t zb_state = 0x243F6A8885A308D3ULL;
static zp_fe zb_rand(void) {
    zb_state ^= zb_state << 13;
    zb_state ^= zb_state >> 7;
    zb_state ^= zb_state << 17;
    return gl_from_u64(zb_state);
}

BENCH(bench_sc_zerocheck) {
    const int wk = zp_bench_want("sc.zerocheck.kernel"), wg = zp_bench_want("sc.zerocheck.generic");
    if (!wk && !wg) return;
    const size_t N = (size_t)1 << ZB_N, L = 1024;
    zp_sc_table tab[ZB_TABLES];
    zp_sc_term terms[23];
    zp_fe2 r[ZB_N], *eq = malloc(N * sizeof(zp_fe2));
    zp_fe *vals = malloc((ZB_TABLES - 1) * N * sizeof(zp_fe));
    zp_fe *masks = malloc(ZB_MASKED * L * sizeof(zp_fe));
    const unsigned D = 3;
    const size_t w = zp_sc_zk_mask_width(ZB_N, D);
    zp_fe *g0 = malloc(w * sizeof(zp_fe)), *g1 = malloc(w * sizeof(zp_fe));
    const int iters = zp_bench_iters();
    double *t = malloc((size_t)iters * sizeof(double)), *tc = malloc((size_t)iters * sizeof(double));
    if (!eq || !vals || !masks || !g0 || !g1 || !t || !tc) goto out;
    memset(tab, 0, sizeof tab);
    memset(terms, 0, sizeof terms);
    for (unsigned i = 0; i < ZB_N; i++) r[i] = (zp_fe2){zb_rand(), zb_rand()};
    zp_eq_table(eq, r, ZB_N);
    tab[0].ext = eq;
    for (size_t j = 1; j < ZB_TABLES; j++) {
        zp_fe *v = vals + (j - 1) * N;
        for (size_t x = 0; x < N; x++) v[x] = zb_rand();
        tab[j].base = v;
        if (j <= ZB_MASKED) {
            zp_fe *m = masks + (j - 1) * L;
            for (size_t x = 0; x < L; x++) m[x] = zb_rand();
            tab[j].mask_base = m;
            tab[j].mask_len = L;
        }
    }
    size_t nterms = 0;
    for (uint32_t j = 1; j <= 18; j++)
        terms[nterms++] = (zp_sc_term){{zb_rand(), zb_rand()}, 2, {0, j}};
    for (uint32_t k = 0; k < 4; k++)
        terms[nterms++] = (zp_sc_term){{zb_rand(), zb_rand()}, 3, {0, 1 + k, 19 + (k & 1)}};
    terms[nterms++] = (zp_sc_term){{zb_rand(), zb_rand()}, 1, {0}};
    zp_sc_instance inst = {ZB_N, ZB_TABLES, tab, nterms, terms};
    zp_fe2 claim = zp_sc_instance_sum(&inst);
    zp_rng rng;
    zp_rng_init_u64(&rng, 7);
    zp_sc_zk_mask_sample(g0, g1, ZB_N, D, &rng);
    for (int kern = 0; kern < 2; kern++) {
        if (!(kern ? wk : wg)) continue;
        int ok = 1;
        for (int it = 0; it < iters; it++) {
            zp_transcript tr;
            zp_bytes pf;
            zp_sc_zk_result res;
            zp_fe2 pt[ZB_N], ev[ZB_TABLES];
            zp_transcript_init(&tr, "zkprov-bench/sc-zerocheck");
            zp_bytes_init(&pf);
            double t0 = zp_bench_now();
            clock_t c0 = clock();
            zp_err e = kern ? zp_sumcheck_zk_prove_eq(&tr, &pf, &res, pt, ev, &inst, r, claim,
                                                      g0, g1)
                            : zp_sumcheck_zk_prove(&tr, &pf, &res, pt, ev, &inst, claim, g0, g1,
                                                   NULL, 0);
            t[it] = 1e3 * (zp_bench_now() - t0);
            tc[it] = 1e3 * (double)(clock() - c0) / CLOCKS_PER_SEC;
            zp_bytes_free(&pf);
            if (e != ZP_OK) ok = 0;
        }
        if (ok)
            zp_bench_emit_wall_cpu(kern ? "sc.zerocheck.kernel" : "sc.zerocheck.generic", N, t,
                                   tc, iters);
    }
out:
    free(eq);
    free(vals);
    free(masks);
    free(g0);
    free(g1);
    free(t);
    free(tc);
}
