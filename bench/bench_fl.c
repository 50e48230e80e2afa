/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Benchmarks of federated rounds: a client's update (commitment and range
 * proof), the aggregator's proof, its verification (the round verifier,
 * fl.verify; with the clients' range proofs re-checked, fl.verify_full)
 * and its size. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "zkprov/prov.h"

/* One configuration: nc clients of 2^lp parameters.  ZP_BENCH_FL_FULL=1
 * adds 100 x 2^20 (about 150 MB of prover state per client). */
static void run(uint32_t nc, unsigned lp) {
    char np[64], nv[64], nf[64], nb[64], nu[64], nr[64];
    snprintf(nr, sizeof nr, "fl.range_proof_bytes.p%u", lp);
    snprintf(nu, sizeof nu, "fl.update.prove.p%u", lp);
    snprintf(np, sizeof np, "fl.aggregate.prove.p%u", lp);
    snprintf(nv, sizeof nv, "fl.verify.p%u", lp);
    snprintf(nf, sizeof nf, "fl.verify_full.p%u", lp);
    snprintf(nb, sizeof nb, "fl.proof_bytes.p%u", lp);
    if (!zp_bench_want(np) && !zp_bench_want(nv) && !zp_bench_want(nb) && !zp_bench_want(nu) &&
        !zp_bench_want(nr) && !zp_bench_want(nf))
        return;
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
    zp_bytes *rp = calloc(nc, sizeof *rp);
    const uint8_t **rpd = calloc(nc, sizeof *rpd);
    size_t *rpl = calloc(nc, sizeof *rpl);
    if (!r.client_pk || !r.global || !sk || !vals || !masks || !upd || !pr || !rp || !rpd || !rpl)
        return;
    zp_rng rng;
    zp_rng_init_u64(&rng, 42);
    for (uint32_t c = 0; c < nc; c++)
        if (zp_auth_keypair(r.client_pk + 32 * c, sk[c]) != ZP_OK) return;
    int iters = zp_bench_iters();
    double *tp = calloc((size_t)iters, sizeof(double)), *tv = calloc((size_t)iters, sizeof(double));
    double *tu = calloc((size_t)iters, sizeof(double)), *tf = calloc((size_t)iters, sizeof(double));
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
            zp_bytes_free(&rp[c]);
            zp_bytes_init(&rp[c]);
            double u0 = zp_bench_now();
            if (zp_fl_update_create(&upd[c], &pr[c], &rp[c], &r, c, sk[c], vals[c], 100 + c, NULL,
                                    masks[c], &cr) != ZP_OK) {
                fprintf(stderr, "bench_fl: update failed\n");
                return;
            }
            if (c == 0) tu[it] = (zp_bench_now() - u0) * 1e3;
            rpd[c] = rp[c].data, rpl[c] = rp[c].len;
        }
        zp_fl_aggregate a;
        zp_rng ar;
        zp_rng_derive(&ar, &rng, "agg");
        double t0 = zp_bench_now();
        zp_err e = zp_fl_aggregate_prove(&a, &r, upd, rpd, rpl, (const int64_t *const *)vals,
                                         (const zp_fe *const *)masks, pr, nc, &ar);
        double t1 = zp_bench_now();
        for (uint32_t c = 0; c < nc; c++) zp_pcs_prover_free(pr[c]), pr[c] = NULL;
        if (e != ZP_OK) {
            fprintf(stderr, "bench_fl: prove failed: %s\n", zp_strerror(e));
            return;
        }
        double t2 = zp_bench_now();
        e = zp_fl_aggregate_verify_round(NULL, &r, &a);
        double t3 = zp_bench_now();
        if (e == ZP_OK && zp_bench_want(nf)) e = zp_fl_aggregate_verify(NULL, &r, &a);
        tf[it] = (zp_bench_now() - t3) * 1e3;
        if (e != ZP_OK) {
            fprintf(stderr, "bench_fl: verify failed\n");
            return;
        }
        tp[it] = (t1 - t0) * 1e3;
        tv[it] = (t3 - t2) * 1e3;
        bytes = a.proof_len;
        zp_fl_aggregate_clear(&a);
    }
    if (zp_bench_want(nu)) zp_bench_emit(nu, nc, zp_bench_median(tu, iters), "ms");
    if (zp_bench_want(np)) zp_bench_emit(np, nc, zp_bench_median(tp, iters), "ms");
    if (zp_bench_want(nv)) zp_bench_emit(nv, nc, zp_bench_median(tv, iters), "ms");
    if (zp_bench_want(nf)) zp_bench_emit(nf, nc, zp_bench_median(tf, iters), "ms");
    if (zp_bench_want(nb)) zp_bench_emit(nb, nc, (double)bytes, "bytes");
    if (zp_bench_want(nr)) zp_bench_emit(nr, nc, (double)rp[0].len, "bytes");
    for (uint32_t c = 0; c < nc; c++) free(vals[c]), free(masks[c]), zp_bytes_free(&rp[c]);
    free(vals), free(masks), free(upd), free(pr), free(sk), free(tp), free(tv), free(tu), free(tf);
    free(rp), free(rpd), free(rpl);
    zp_fl_round_clear(&r);
}

BENCH(bench_fl) {
    run(10, 16);
    run(100, 16);
    run(10, 20);
    const char *full = getenv("ZP_BENCH_FL_FULL");
    if (full && full[0] == '1') run(100, 20);
}
