/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Benchmarks of the training-step circuit (src/zkml/prove_train.c): the
 * witness of one step of 784-128-10 at batch 64 next to the plain step it
 * reproduces, and the proof of that step (prove, verify, proof bytes). */
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "zkml/prove_train_internal.h"

BENCH(bench_train_proof) {
    if (!zp_bench_want("train.step.witness") && !zp_bench_want("train.step.plain") &&
        !zp_bench_want("train.step.prove") && !zp_bench_want("train.step.verify") &&
        !zp_bench_want("train.step.proof_bytes"))
        return;
    static const uint32_t dims[] = {784, 128, 10};
    const size_t B = 64, N = 1024;
    zp_train_config cfg;
    zp_mlp m, after;
    zp_trainer *t = NULL;
    memset(&m, 0, sizeof m);
    memset(&after, 0, sizeof after);
    if (zp_train_config_default(&cfg, dims, 2) != ZP_OK) return;
    cfg.batch_size = (uint32_t)B;
    cfg.lr_num = 26214; /* lr 0.1 / 64 at 2^24 */
    uint8_t seed[ZP_ZKML_SEED_BYTES] = {3};
    int64_t *x = malloc(N * 784 * sizeof(int64_t));
    int32_t *lab = malloc(N * sizeof(int32_t));
    int iters = zp_bench_iters() > 0 ? zp_bench_iters() : 1;
    double *tw = malloc((size_t)iters * sizeof(double)), *tp = malloc((size_t)iters * sizeof(double));
    uint32_t idx[64];
    if (!x || !lab || !tw || !tp || zp_mlp_alloc(&m, &cfg) != ZP_OK ||
        zp_mlp_alloc(&after, &cfg) != ZP_OK || zp_mlp_init_seeded(&m, &cfg, seed) != ZP_OK ||
        zp_trainer_new(&t, &cfg) != ZP_OK)
        goto out;
    for (size_t i = 0; i < N * 784; i++) x[i] = (int64_t)((i * 2654435761u) % 512) - 256;
    for (size_t i = 0; i < N; i++) lab[i] = (int32_t)(i % 10);
    zp_fxdata ds = {N, 784, x, lab, NULL};
    if (zp_sampler_batch(seed, 0, (uint32_t)B, N, idx) != ZP_OK) goto out;
    for (int it = 0; it < iters; it++) {
        zp_train_wit *w = NULL;
        double t0 = zp_bench_now();
        zp_err e = zp_train_wit_build(&w, &after, &cfg, &m, &ds, idx, B, ZP_TRAIN_HONEST);
        double t1 = zp_bench_now();
        zp_train_wit_free(w);
        if (e != ZP_OK) goto out;
        for (unsigned l = 0; l < 2; l++) {
            memcpy(after.w[l], m.w[l], (size_t)dims[l] * dims[l + 1] * sizeof(int64_t));
            memcpy(after.b[l], m.b[l], dims[l + 1] * sizeof(int64_t));
        }
        double t2 = zp_bench_now();
        if (zp_trainer_step(t, &after, &ds, idx, B, NULL) != ZP_OK) goto out;
        double t3 = zp_bench_now();
        tw[it] = t1 - t0;
        tp[it] = t3 - t2;
    }
    if (zp_bench_want("train.step.witness"))
        zp_bench_emit("train.step.witness", B, zp_bench_median(tw, iters) * 1e3, "ms");
    if (zp_bench_want("train.step.plain"))
        zp_bench_emit("train.step.plain", B, zp_bench_median(tp, iters) * 1e3, "ms");
    if (zp_bench_want("train.step.prove") || zp_bench_want("train.step.verify") ||
        zp_bench_want("train.step.proof_bytes")) {
        size_t len = 0;
        for (int it = 0; it < iters; it++) {
            uint8_t *pf = NULL;
            zp_rng r;
            zp_rng_init_u64(&r, (uint64_t)it + 1);
            double t0 = zp_bench_now();
            zp_err e = zp_train_step_prove(&pf, &len, NULL, &cfg, &m, &ds, 0, idx, B, &r);
            double t1 = zp_bench_now();
            if (e == ZP_OK) e = zp_train_step_verify(&cfg, 0, idx, B, pf, len);
            double t2 = zp_bench_now();
            zp_train_proof_free(pf);
            if (e != ZP_OK) goto out;
            tw[it] = t1 - t0;
            tp[it] = t2 - t1;
        }
        if (zp_bench_want("train.step.prove"))
            zp_bench_emit("train.step.prove", B, zp_bench_median(tw, iters) * 1e3, "ms");
        if (zp_bench_want("train.step.verify"))
            zp_bench_emit("train.step.verify", B, zp_bench_median(tp, iters) * 1e3, "ms");
        if (zp_bench_want("train.step.proof_bytes"))
            zp_bench_emit("train.step.proof_bytes", B, (double)len, "bytes");
    }
out:
    zp_trainer_free(t);
    zp_mlp_free(&m);
    zp_mlp_free(&after);
    free(x); free(lab); free(tw); free(tp);
}
