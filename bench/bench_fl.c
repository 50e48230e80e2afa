/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Benchmarks of federated rounds: the aggregator's proof, its verification
 * and its size (the clients' own commitments are made outside the timing). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "zkprov/prov.h"

/* One configuration: nc clients of 2^lp parameters.  ZP_BENCH_FL_FULL=1
 * adds 100 x 2^20 (about 150 MB of prover state per client). */
static void run(uint32_t nc, unsigned lp) {
    char np[64], nv[64], nb[64];
    snprintf(np, sizeof np, "fl.aggregate.prove.p%u", lp);
    snprintf(nv, sizeof nv, "fl.verify.p%u", lp);
    snprintf(nb, sizeof nb, "fl.proof_bytes.p%u", lp);
    if (!zp_bench_want(np) && !zp_bench_want(nv) && !zp_bench_want(nb)) return;
    size_t P = (size_t)1 << lp, ml = zp_fl_client_mask_len(lp);
    zp_fl_round r;
    memset(&r, 0, sizeof r);
    r.round_id = 1;
    r.log_params = lp;
    r.update_bits = 12;
    r.bound = (uint64_t)1 << 22;
    r.n_clients = nc;
    r.client_pk = malloc(32 * (size_t)nc);
    r.global = calloc(P, 8);
    uint8_t (*sk)[64] = malloc(64 * (size_t)nc);
    int64_t **vals = calloc(nc, sizeof *vals);
    zp_fe **masks = calloc(nc, sizeof *masks);
    zp_fl_update *upd = calloc(nc, sizeof *upd);
    zp_pcs_prover **pr = calloc(nc, sizeof *pr);
    if (!r.client_pk || !r.global || !sk || !vals || !masks || !upd || !pr) return;
    zp_rng rng;
    zp_rng_init_u64(&rng, 42);
    for (uint32_t c = 0; c < nc; c++)
        if (zp_auth_keypair(r.client_pk + 32 * c, sk[c]) != ZP_OK) return;
    int iters = zp_bench_iters();
    double *tp = calloc((size_t)iters, sizeof(double)), *tv = calloc((size_t)iters, sizeof(double));
    size_t bytes = 0;
    for (int it = 0; it < iters; it++) {
        for (uint32_t c = 0; c < nc; c++) {
            if (!vals[c]) vals[c] = malloc(8 * P), masks[c] = malloc(8 * ml);
            for (size_t x = 0; x < P; x++) {
                uint64_t w;
                zp_rng_bytes(&rng, &w, 8);
                vals[c][x] = (int64_t)(w % 2001) - 1000;
            }
            zp_rng cr;
            zp_rng_derive(&cr, &rng, "client");
            if (zp_fl_update_create(&upd[c], &pr[c], &r, c, sk[c], vals[c], 100 + c, NULL, masks[c], &cr) != ZP_OK) {
                fprintf(stderr, "bench_fl: update failed\n");
                return;
            }
        }
        zp_fl_aggregate a;
        zp_rng ar;
        zp_rng_derive(&ar, &rng, "agg");
        double t0 = zp_bench_now();
        zp_err e = zp_fl_aggregate_prove(&a, &r, upd, (const int64_t *const *)vals,
                                         (const zp_fe *const *)masks, pr, nc, &ar);
        double t1 = zp_bench_now();
        for (uint32_t c = 0; c < nc; c++) zp_pcs_prover_free(pr[c]), pr[c] = NULL;
        if (e != ZP_OK) {
            fprintf(stderr, "bench_fl: prove failed: %s\n", zp_strerror(e));
            return;
        }
        double t2 = zp_bench_now();
        e = zp_fl_aggregate_verify(NULL, &r, &a);
        double t3 = zp_bench_now();
        if (e != ZP_OK) {
            fprintf(stderr, "bench_fl: verify failed\n");
            return;
        }
        tp[it] = (t1 - t0) * 1e3;
        tv[it] = (t3 - t2) * 1e3;
        bytes = a.proof_len;
        zp_fl_aggregate_clear(&a);
    }
    if (zp_bench_want(np)) zp_bench_emit(np, nc, zp_bench_median(tp, iters), "ms");
    if (zp_bench_want(nv)) zp_bench_emit(nv, nc, zp_bench_median(tv, iters), "ms");
    if (zp_bench_want(nb)) zp_bench_emit(nb, nc, (double)bytes, "bytes");
    for (uint32_t c = 0; c < nc; c++) free(vals[c]), free(masks[c]);
    free(vals), free(masks), free(upd), free(pr), free(sk), free(tp), free(tv);
    zp_fl_round_clear(&r);
}

BENCH(bench_fl) {
    run(10, 16);
    run(100, 16);
    run(10, 20);
    const char *full = getenv("ZP_BENCH_FL_FULL");
    if (full && full[0] == '1') run(100, 20);
}
