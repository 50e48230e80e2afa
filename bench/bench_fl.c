/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Benchmarks of federated rounds: a client's update (commitment and range
 * proof), the aggregator's proof, its verification (the round verifier,
 * fl.verify; with the clients' range proofs re-checked, fl.verify_full)
 * and its size.  The aggregator checks each update when it receives it
 * (fl.aggregate.receive: all n of them, zp_fl_update_verify), then proves
 * (fl.aggregate.prove, ZP_FL_RANGES_CHECKED: the checks are not repeated);
 * the clients' own commitments and range proofs (fl.update.prove, one
 * client) are not part of either.  The aggregate does not carry the
 * range proofs (ZP_FL_NO_RANGE_COPY): fl.verify_full attaches them from
 * the updates, as a full verifier holding the update files does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "prov/fl_internal.h"
#include "zkprov/prov.h"

/* Bytes of memory available (MemAvailable), or 0 if unknown. */
static unsigned long long mem_available(void) {
    FILE *f = fopen("/proc/meminfo", "r");
    if (!f) return 0;
    char line[256];
    unsigned long long kb = 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1) break;
    fclose(f);
    return kb * 1024ull;
}

/* One configuration: nc clients of 2^lp parameters. */
static void run(uint32_t nc, unsigned lp) {
    char np[64], nv[64], nf[64], nb[64], nu[64], nr[64], nk[64];
    snprintf(nk, sizeof nk, "fl.aggregate.receive.p%u", lp);
    snprintf(nr, sizeof nr, "fl.range_proof_bytes.p%u", lp);
    snprintf(nu, sizeof nu, "fl.update.prove.p%u", lp);
    snprintf(np, sizeof np, "fl.aggregate.prove.p%u", lp);
    snprintf(nv, sizeof nv, "fl.verify.p%u", lp);
    snprintf(nf, sizeof nf, "fl.verify_full.p%u", lp);
    snprintf(nb, sizeof nb, "fl.proof_bytes.p%u", lp);
    if (!zp_bench_want(np) && !zp_bench_want(nv) && !zp_bench_want(nb) && !zp_bench_want(nu) &&
        !zp_bench_want(nr) && !zp_bench_want(nf) && !zp_bench_want(nk))
        return;
    size_t P = (size_t)1 << lp, ml = zp_fl_client_mask_len(lp);
    /* Peak memory: per client what the aggregator holds, its update (8
     * bytes a parameter), its range proof and its PCS prover state (the
     * coefficient and encoded matrices and the Merkle tree of its
     * commitment, which the aggregator opens once more), plus about 1.5
     * KB a parameter for the aggregator's own proof (measured: 18.9 GB in
     * all at 100 x 2^20 before the batched opening). */
    zp_pcs_params cp;
    if (zp_fl_client_pcs_params(&cp, lp) != ZP_OK) return;
    unsigned long long rows = ((unsigned long long)1 << (cp.n_vars - cp.log_cols)) +
                              (unsigned long long)cp.max_openings * (2 * cp.max_claims + 2 * cp.n_prox);
    unsigned long long Lc = ((unsigned long long)1 << cp.log_cols) +
                            (unsigned long long)cp.max_openings * cp.n_queries, Nc = 1;
    while (Nc < (Lc << cp.log_inv_rate)) Nc <<= 1;
    unsigned long long per = 8 * rows * (Nc + Lc) + 64 * Nc + 8ull * P + ((unsigned long long)P >> 2);
    unsigned long long need = (unsigned long long)nc * per + 1536ull * P, have = mem_available();
    if (have && need > have) {
        fprintf(stderr,
                "bench_fl: %u clients x 2^%u skipped: needs about %.1f GB of memory, %.1f GB "
                "available\n",
                nc, lp, (double)need / 1e9, (double)have / 1e9);
        return;
    }
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
    /* every iteration creates all the updates again (the aggregator uses
     * each client's last opening): one for the largest configuration */
    if ((size_t)nc * P >= ((size_t)1 << 26) && iters > 1) {
        fprintf(stderr, "bench_fl: %u clients x 2^%u: 1 iteration\n", nc, lp);
        iters = 1;
    }
    double *tp = calloc((size_t)iters, sizeof(double)), *tv = calloc((size_t)iters, sizeof(double));
    double *tu = calloc((size_t)iters, sizeof(double)), *tf = calloc((size_t)iters, sizeof(double));
    double *tk = calloc((size_t)iters, sizeof(double));
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
        double k0 = zp_bench_now();
        for (uint32_t c = 0; c < nc; c++)
            if (zp_fl_update_verify(&upd[c], &r, rpd[c], rpl[c]) != ZP_OK) {
                fprintf(stderr, "bench_fl: update rejected\n");
                return;
            }
        tk[it] = (zp_bench_now() - k0) * 1e3;
        double t0 = zp_bench_now();
        zp_err e = zp_fl_aggregate_prove_ex(&a, &r, upd, rpd, rpl, (const int64_t *const *)vals,
                                            (const zp_fe *const *)masks, pr, nc, &ar,
                                            ZP_FL_RANGES_CHECKED | ZP_FL_NO_RANGE_COPY);
        double t1 = zp_bench_now();
        for (uint32_t c = 0; c < nc; c++) zp_pcs_prover_free(pr[c]), pr[c] = NULL;
        if (e != ZP_OK) {
            fprintf(stderr, "bench_fl: prove failed: %s\n", zp_strerror(e));
            return;
        }
        double t2 = zp_bench_now();
        e = zp_fl_aggregate_verify_round(NULL, &r, &a);
        double t3 = zp_bench_now();
        if (e == ZP_OK && zp_bench_want(nf)) {
            /* the full verifier: the range proofs attached from the updates */
            for (uint32_t c = 0; c < nc; c++) a.range_proofs[c] = rp[c].data, a.range_lens[c] = rp[c].len;
            e = zp_fl_aggregate_verify(NULL, &r, &a);
            for (uint32_t c = 0; c < nc; c++) a.range_proofs[c] = NULL, a.range_lens[c] = 0;
        }
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
    if (zp_bench_want(nk)) zp_bench_emit(nk, nc, zp_bench_median(tk, iters), "ms");
    if (zp_bench_want(np)) zp_bench_emit(np, nc, zp_bench_median(tp, iters), "ms");
    if (zp_bench_want(nv)) zp_bench_emit(nv, nc, zp_bench_median(tv, iters), "ms");
    if (zp_bench_want(nf)) zp_bench_emit(nf, nc, zp_bench_median(tf, iters), "ms");
    if (zp_bench_want(nb)) zp_bench_emit(nb, nc, (double)bytes, "bytes");
    if (zp_bench_want(nr)) zp_bench_emit(nr, nc, (double)rp[0].len, "bytes");
    for (uint32_t c = 0; c < nc; c++) free(vals[c]), free(masks[c]), zp_bytes_free(&rp[c]);
    free(vals), free(masks), free(upd), free(pr), free(sk), free(tp), free(tv), free(tu), free(tf);
    free(tk);
    free(rp), free(rpd), free(rpl);
    zp_fl_round_clear(&r);
}

BENCH(bench_fl) {
    run(10, 16);
    run(100, 16);
    run(10, 20);
    /* issue 6's size: minutes of client work first, about 19 GB; skipped
     * with a note where the memory is not there */
    run(100, 20);
}
