/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Benchmarks of training-step proofs with momentum and with MSE loss
 * (docs/spec/train-step.md 2.6), 784-128-10 at batch 64, next to the same
 * step without momentum (compare with train.step.prove of
 * bench_train_proof.c): train.mom.prove / .verify / .proof_bytes (a step
 * that starts from a velocity), train.mse.prove / .verify / .proof_bytes
 * (MSE, no momentum). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "zkml/prove_train_internal.h"
#include "zkml/zkml_internal.h"

static const uint32_t DIMS[3] = {784, 128, 10};
#define BM 64
#define NREC 256

static int want3(const char *base) {
    char n[64];
    static const char *const suf[] = {".prove", ".verify", ".proof_bytes"};
    for (int i = 0; i < 3; i++) {
        snprintf(n, sizeof n, "%s%s", base, suf[i]);
        if (zp_bench_want(n)) return 1;
    }
    return 0;
}

static void emit3(const char *base, const char *suf, double v, const char *unit) {
    char n[64];
    snprintf(n, sizeof n, "%s%s", base, suf);
    if (zp_bench_want(n)) zp_bench_emit(n, BM, v, unit);
}

/* One configuration: loss, mom_num; with momentum the proven step starts
 * from the velocity of one earlier trainer step. */
static void run(const char *base, zp_loss loss, int64_t mom) {
    if (!want3(base)) return;
    zp_train_config cfg;
    zp_mlp m, v;
    zp_trainer *t = NULL;
    memset(&m, 0, sizeof m);
    memset(&v, 0, sizeof v);
    int64_t *x = malloc((size_t)NREC * DIMS[0] * sizeof(int64_t));
    int32_t *lab = malloc(NREC * sizeof(int32_t));
    int iters = zp_bench_iters() > 0 ? zp_bench_iters() : 1;
    double *tp = malloc((size_t)iters * sizeof(double)), *tv = malloc((size_t)iters * sizeof(double));
    uint32_t idx[BM], idx0[BM];
    uint8_t seed[ZP_ZKML_SEED_BYTES] = {5};
    size_t len = 0;
    if (!x || !lab || !tp || !tv || zp_train_config_default(&cfg, DIMS, 2) != ZP_OK) goto out;
    for (size_t i = 0; i < (size_t)NREC * DIMS[0]; i++)
        x[i] = (int64_t)((i * 2654435761u) % 512) - 256;
    for (size_t i = 0; i < NREC; i++) lab[i] = (int32_t)(i % 10);
    zp_fxdata ds = {NREC, DIMS[0], x, lab, NULL};
    cfg.batch_size = BM;
    cfg.lr_num = 26214;
    cfg.loss = loss;
    cfg.mom_num = mom;
    if (zp_train_config_check(&cfg, NULL) != ZP_OK || zp_mlp_alloc(&m, &cfg) != ZP_OK ||
        zp_mlp_init_seeded(&m, &cfg, seed) != ZP_OK || zp_trainer_new(&t, &cfg) != ZP_OK ||
        zp_sampler_batch(seed, 0, BM, NREC, idx0) != ZP_OK ||
        zp_sampler_batch(seed, 1, BM, NREC, idx) != ZP_OK)
        goto out;
    const zp_mlp *vp = NULL;
    if (mom) { /* a velocity from one earlier step */
        if (zp_trainer_step(t, &m, &ds, idx0, BM, NULL) != ZP_OK) goto out;
        v.n_layers = 2;
        memcpy(v.dims, cfg.dims, sizeof v.dims);
        for (unsigned l = 0; l < 2; l++) {
            v.w[l] = t->mw[l];
            v.b[l] = t->mb[l];
        }
        vp = &v;
    }
    for (int it = 0; it < iters; it++) {
        uint8_t *pf = NULL;
        zp_rng r;
        zp_rng_init_u64(&r, (uint64_t)it + 1);
        double t0 = zp_bench_now();
        zp_err e = zp_train_step_prove_v(&pf, &len, NULL, NULL, &cfg, &m, vp, &ds, 1, idx, BM,
                                         &r, ZP_TRAIN_HONEST);
        double t1 = zp_bench_now();
        if (e == ZP_OK) e = zp_train_step_verify_v(&cfg, vp != NULL, 1, idx, BM, pf, len);
        double t2 = zp_bench_now();
        free(pf);
        if (e != ZP_OK) {
            fprintf(stderr, "%s: %s\n", base, zp_strerror(e));
            goto out;
        }
        tp[it] = (t1 - t0) * 1e3;
        tv[it] = (t2 - t1) * 1e3;
    }
    emit3(base, ".prove", zp_bench_median(tp, iters), "ms");
    emit3(base, ".verify", zp_bench_median(tv, iters), "ms");
    emit3(base, ".proof_bytes", (double)len, "bytes");
out:
    zp_trainer_free(t);
    zp_mlp_free(&m);
    free(x);
    free(lab);
    free(tp);
    free(tv);
}

BENCH(bench_train_mom) {
    run("train.mom", ZP_LOSS_SOFTMAX_CE, 58982);
    run("train.mse", ZP_LOSS_MSE, 0);
}
