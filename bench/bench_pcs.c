/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Benchmarks of the hiding tensor-code commitment: commit, open (one MLE
 * claim), verify and proof size at 2^20 and 2^24 evaluations, 100-bit
 * parameters, and the same at 2^20 for a commitment allowing 16 openings
 * ("pcs.multi16.*": open and verify of one opening, index 5).
 * ZP_PCS_LOG_INV_RATE=0|1|2 picks the rate (default 1; 0 is the tight
 * code of the dataset commitment). */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "zkprov/pcs.h"

#define BENCH_SECURITY 100

static unsigned bench_rate(void) {
    const char *e = getenv("ZP_PCS_LOG_INV_RATE");
    if (!e || !*e) return 1;
    int r = atoi(e);
    return r == 0 || r == 2 ? (unsigned)r : 1;
}

/* Names: <prefix>.commit, .open, .verify, .proof_bytes. */
static void bench_one(unsigned n_vars, unsigned n_open, const char *prefix) {
    uint64_t n = (uint64_t)1 << n_vars;
    char nm_commit[64], nm_open[64], nm_verify[64], nm_bytes[64];
    snprintf(nm_commit, sizeof nm_commit, "%s.commit", prefix);
    snprintf(nm_open, sizeof nm_open, "%s.open", prefix);
    snprintf(nm_verify, sizeof nm_verify, "%s.verify", prefix);
    snprintf(nm_bytes, sizeof nm_bytes, "%s.proof_bytes", prefix);
    int want_commit = zp_bench_want(nm_commit), want_open = zp_bench_want(nm_open);
    int want_verify = zp_bench_want(nm_verify), want_bytes = zp_bench_want(nm_bytes);
    if (!want_commit && !want_open && !want_verify && !want_bytes) return;
    zp_pcs_params p;
    if (zp_pcs_params_default_multi(&p, n_vars, bench_rate(), BENCH_SECURITY, n_open) != ZP_OK)
        return;
    unsigned jo = n_open > 5 ? 5 : 0; /* any index: all cost the same */
    fprintf(stderr,
            "%s: n_vars %u log_cols %u log_inv_rate %u n_queries %u max_claims %u n_prox %u "
            "max_openings %u security %.1f bits, %d threads\n",
            prefix, p.n_vars, p.log_cols, p.log_inv_rate, p.n_queries, p.max_claims, p.n_prox,
            p.max_openings, zp_pcs_params_security(&p), zp_bench_threads());
    zp_fe *evals = malloc(n * sizeof *evals);
    zp_fe2 *z = malloc(n_vars * sizeof *z);
    if (!evals || !z) goto out;
    zp_rng rng;
    zp_rng_init_u64(&rng, 1);
    zp_rng_stream(&rng, 1, 0, evals, n * sizeof *evals);
    for (uint64_t i = 0; i < n; i++) evals[i] = zp_fe_from_u64(evals[i]);
    for (unsigned i = 0; i < n_vars; i++) {
        z[i].c0 = zp_fe_from_u64(0x1234567ULL * (i + 1));
        z[i].c1 = zp_fe_from_u64(0x89abcdefULL * (i + 3));
    }
    const zp_fe2 *pts[1] = {z};
    int iters = zp_bench_iters();
    double *t_commit = calloc((size_t)iters, sizeof(double));
    double *t_open = calloc((size_t)iters, sizeof(double));
    double *t_verify = calloc((size_t)iters, sizeof(double));
    zp_bytes proof;
    zp_bytes_init(&proof);
    zp_digest root;
    zp_fe2 y;
    int ok = t_commit && t_open && t_verify;
    for (int it = 0; ok && it < iters; it++) {
        zp_pcs_prover *pr = NULL;
        zp_rng r;
        zp_rng_init_u64(&r, 1000 + (uint64_t)it);
        double t0 = zp_bench_now();
        ok = zp_pcs_commit(&pr, &root, &p, evals, &r) == ZP_OK;
        t_commit[it] = 1e3 * (zp_bench_now() - t0);
        if (!ok) break;
        if (want_open || want_verify || want_bytes) {
            zp_transcript tr;
            zp_transcript_init(&tr, "zkprov-v1/bench-pcs");
            zp_bytes_free(&proof);
            zp_bytes_init(&proof);
            t0 = zp_bench_now();
            ok = zp_pcs_open_mle_at(pr, jo, &tr, &proof, 1, pts, &y) == ZP_OK;
            t_open[it] = 1e3 * (zp_bench_now() - t0);
        }
        zp_pcs_prover_free(pr);
        if (!want_open && !want_verify && !want_bytes) continue;
        zp_transcript tr;
        zp_transcript_init(&tr, "zkprov-v1/bench-pcs");
        zp_reader rd;
        zp_reader_init(&rd, proof.data, proof.len);
        t0 = zp_bench_now();
        ok = ok && zp_pcs_verify_mle_at(&p, &root, jo, &tr, &rd, 1, pts, &y) == ZP_OK &&
             zp_reader_finish(&rd) == ZP_OK;
        t_verify[it] = 1e3 * (zp_bench_now() - t0);
    }
    if (!ok) {
        fprintf(stderr, "%s: benchmark run failed at n_vars %u\n", prefix, n_vars);
    } else {
        if (want_commit) zp_bench_emit(nm_commit, n, zp_bench_median(t_commit, iters), "ms");
        if (want_open) zp_bench_emit(nm_open, n, zp_bench_median(t_open, iters), "ms");
        if (want_verify) zp_bench_emit(nm_verify, n, zp_bench_median(t_verify, iters), "ms");
        if (want_bytes) zp_bench_emit(nm_bytes, n, (double)proof.len, "bytes");
    }
    zp_bytes_free(&proof);
    free(t_commit);
    free(t_open);
    free(t_verify);
out:
    free(evals);
    free(z);
}

BENCH(bench_pcs) {
    bench_one(20, 1, "pcs");
    bench_one(24, 1, "pcs");
    bench_one(20, 16, "pcs.multi16");
}
