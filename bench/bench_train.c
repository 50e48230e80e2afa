/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Benchmarks of the plain fixed-point trainer: one SGD step (one thread)
 * for 784-128-10 / batch 64 and 1024-1024-10 / batch 256 on Fashion-MNIST
 * rows, and the test accuracy of a one-epoch run, fixed vs float. */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "zkprov/zkml.h"
#include "bench_data.h"

static int setup(zp_train_config *cfg, zp_mlp *m, uint32_t in, uint32_t hid, uint32_t batch) {
    uint32_t dims[3] = {in, hid, 10};
    if (zp_train_config_default(cfg, dims, 2) != ZP_OK) return 0;
    cfg->batch_size = batch;
    cfg->lr = 0.05;
    cfg->lr_num = (int64_t)((0.05 * (1 << 24)) / batch + 0.5);
    cfg->momentum = 0.9;
    cfg->mom_num = 58982;
    memset(cfg->sampler_seed, 42, 32);
    memset(cfg->init_seed, 7, 32);
    if (zp_train_config_check(cfg, NULL) != ZP_OK) return 0;
    if (zp_mlp_alloc(m, cfg) != ZP_OK) return 0;
    return zp_mlp_init_seeded(m, cfg, cfg->init_seed) == ZP_OK;
}

static void step_bench(const char *name, uint32_t in, uint32_t hid, uint32_t batch) {
    zp_fxdata tr = {0};
    zp_train_config cfg;
    zp_mlp m;
    zp_trainer *t = NULL;
    if (!zp_bench_fmnist(&tr, "train", in, 0) || !setup(&cfg, &m, in, hid, batch) ||
        zp_trainer_new(&t, &cfg) != ZP_OK) {
        fprintf(stderr, "%s: setup failed (Fashion-MNIST missing?)\n", name);
        zp_bench_fxdata_free(&tr);
        return;
    }
    int saved = omp_get_max_threads();
    omp_set_num_threads(1);
    int iters = zp_bench_iters();
    double *v = malloc((size_t)iters * sizeof *v);
    uint32_t *idx = malloc(batch * sizeof *idx);
    for (int i = 0; v && idx && i < iters; i++) {
        if (zp_sampler_batch(cfg.sampler_seed, (uint64_t)i, batch, tr.n, idx) != ZP_OK) break;
        double t0 = zp_bench_now();
        if (zp_trainer_step(t, &m, &tr, idx, batch, NULL) != ZP_OK) { fprintf(stderr, "step failed\n"); break; }
        v[i] = (zp_bench_now() - t0) * 1e3;
        if (i == iters - 1) zp_bench_emit(name, (uint64_t)in * hid * batch, zp_bench_median(v, iters), "ms");
    }
    omp_set_num_threads(saved);
    free(v); free(idx);
    zp_trainer_free(t);
    zp_mlp_free(&m);
    zp_bench_fxdata_free(&tr);
}

BENCH(bench_train_step) {
    if (zp_bench_want("train.step.plain")) {
        step_bench("train.step.plain.784-128-10.b64", 784, 128, 64);
        step_bench("train.step.plain.1024-1024-10.b256", 1024, 1024, 256);
    }
}

BENCH(bench_train_acc) {
    if (!zp_bench_want("train.acc.fixed") && !zp_bench_want("train.acc.float")) return;
    zp_fxdata tr = {0}, te = {0};
    zp_train_config cfg;
    zp_mlp m;
    zp_fmlp f;
    zp_trainer *t = NULL;
    if (!zp_bench_fmnist(&tr, "train", 784, 0) || !zp_bench_fmnist(&te, "t10k", 784, 0) ||
        !setup(&cfg, &m, 784, 128, 64) || zp_trainer_new(&t, &cfg) != ZP_OK ||
        zp_fmlp_from_fixed(&f, &m, &cfg) != ZP_OK) {
        fprintf(stderr, "train.acc: setup failed (Fashion-MNIST missing?)\n");
        zp_bench_fxdata_free(&tr); zp_bench_fxdata_free(&te);
        return;
    }
    uint64_t steps = (tr.n + 63) / 64; /* one epoch */
    uint32_t idx[64];
    int ok = 1;
    for (uint64_t s = 0; ok && s < steps; s++) {
        ok = zp_sampler_batch(cfg.sampler_seed, s, 64, tr.n, idx) == ZP_OK &&
             zp_trainer_step(t, &m, &tr, idx, 64, NULL) == ZP_OK &&
             zp_fmlp_step(&f, &cfg, &tr, idx, 64, NULL) == ZP_OK;
    }
    double a = 0, b = 0;
    if (ok && zp_mlp_accuracy(&a, &m, &cfg, &te) == ZP_OK && zp_fmlp_accuracy(&b, &f, &cfg, &te) == ZP_OK) {
        if (zp_bench_want("train.acc.fixed")) zp_bench_emit("train.acc.fixed", steps, 100 * a, "%");
        if (zp_bench_want("train.acc.float")) zp_bench_emit("train.acc.float", steps, 100 * b, "%");
    }
    zp_trainer_free(t); zp_mlp_free(&m); zp_fmlp_free(&f);
    zp_bench_fxdata_free(&tr); zp_bench_fxdata_free(&te);
}
