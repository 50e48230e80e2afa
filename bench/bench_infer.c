/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Benchmarks of proven inference: 784-128-10 MLP, batch 1 and 256. */
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "zkprov/zkml.h"

static int cmp_d(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void infer_case(size_t n) {
    static const uint32_t dims[] = {784, 128, 10};
    zp_train_config cfg;
    zp_mlp m;
    zp_model_prover *mp = NULL;
    if (zp_train_config_default(&cfg, dims, 2) != ZP_OK || zp_mlp_alloc(&m, &cfg) != ZP_OK)
        return;
    uint8_t seed[ZP_ZKML_SEED_BYTES] = {1};
    int64_t *x = malloc(n * 784 * sizeof(int64_t));
    int64_t *lg = malloc(n * 10 * sizeof(int64_t));
    size_t iters = (size_t)(zp_bench_iters() > 0 ? zp_bench_iters() : 1);
    double *tp = malloc(iters * sizeof(double)), *tv = malloc(iters * sizeof(double));
    if (!x || !lg || !tp || !tv || zp_mlp_init_seeded(&m, &cfg, seed) != ZP_OK) goto out;
    for (size_t i = 0; i < n * 784; i++) x[i] = (int64_t)((i * 2654435761u) % 512) - 256;
    /* bound to a model commitment (docs/spec/model-commit.md): one commit
     * (a one-off of the provider, reported apart), then one opening index
     * per proof; the proofs include the model opening */
    size_t len = 0;
    unsigned O = iters > ZP_MODEL_DEFAULT_OPENINGS ? (unsigned)iters : ZP_MODEL_DEFAULT_OPENINGS;
    if (O > ZP_MODEL_MAX_OPENINGS) { O = ZP_MODEL_MAX_OPENINGS; iters = O; }
    zp_rng rc;
    zp_rng_init_u64(&rc, 99);
    double tc0 = zp_bench_now();
    if (zp_model_commit_create(&mp, &cfg, &m, O, &rc) != ZP_OK) goto out;
    double tc = zp_bench_now() - tc0;
    const zp_model_commit *mc = zp_model_prover_public(mp);
    for (size_t it = 0; it < iters; it++) {
        zp_rng r;
        zp_rng_init_u64(&r, it + 1);
        uint8_t *pf = NULL;
        unsigned j;
        double t0 = zp_bench_now();
        if (zp_infer_prove_model(&pf, &len, lg, &j, mp, x, n, NULL, &r) != ZP_OK) goto out;
        double t1 = zp_bench_now();
        zp_err e = zp_infer_verify_model(mc, j, x, n, lg, NULL, pf, len);
        double t2 = zp_bench_now();
        zp_infer_proof_free(pf);
        if (e != ZP_OK) goto out;
        tp[it] = t1 - t0;
        tv[it] = t2 - t1;
    }
    qsort(tp, iters, sizeof *tp, cmp_d);
    qsort(tv, iters, sizeof *tv, cmp_d);
    if (zp_bench_want("infer.prove")) zp_bench_emit("infer.prove", n, tp[iters / 2] * 1e3, "ms");
    if (zp_bench_want("infer.verify")) zp_bench_emit("infer.verify", n, tv[iters / 2] * 1e3, "ms");
    if (zp_bench_want("infer.proof_bytes")) zp_bench_emit("infer.proof_bytes", n, (double)len, "bytes");
    if (n == 1 && zp_bench_want("infer.model_commit"))
        zp_bench_emit("infer.model_commit", O, tc * 1e3, "ms");
    /* the same proof without the binding (weights committed in the proof) */
    if (zp_bench_want("infer.unbound")) {
        for (size_t it = 0; it < iters; it++) {
            zp_rng r;
            zp_rng_init_u64(&r, it + 1);
            uint8_t *pf = NULL;
            double t0 = zp_bench_now();
            if (zp_infer_prove(&pf, &len, lg, &cfg, &m, x, n, NULL, &r) != ZP_OK) goto out;
            double t1 = zp_bench_now();
            zp_err e = zp_infer_verify(&cfg, x, n, lg, NULL, pf, len);
            double t2 = zp_bench_now();
            zp_infer_proof_free(pf);
            if (e != ZP_OK) goto out;
            tp[it] = t1 - t0;
            tv[it] = t2 - t1;
        }
        qsort(tp, iters, sizeof *tp, cmp_d);
        qsort(tv, iters, sizeof *tv, cmp_d);
        zp_bench_emit("infer.unbound.prove", n, tp[iters / 2] * 1e3, "ms");
        zp_bench_emit("infer.unbound.verify", n, tv[iters / 2] * 1e3, "ms");
        zp_bench_emit("infer.unbound.proof_bytes", n, (double)len, "bytes");
    }
out:
    free(x); free(lg); free(tp); free(tv);
    zp_model_prover_free(mp);
    zp_mlp_free(&m);
}

BENCH(bench_infer) {
    if (!zp_bench_want("infer.prove") && !zp_bench_want("infer.verify") &&
        !zp_bench_want("infer.proof_bytes") && !zp_bench_want("infer.model_commit") &&
        !zp_bench_want("infer.unbound"))
        return;
    infer_case(1);
    infer_case(256);
}
