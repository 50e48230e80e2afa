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
#include "io/dsio_internal.h"

/* The io layer's reader (plain or gzip through zlib). */
static uint8_t *read_gz(const char *path, size_t *len) {
    uint8_t *b;
    return zp_io_read_all(&b, len, NULL, path, (size_t)1 << 28) == ZP_OK ? b : NULL;
}

static uint32_t be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Fashion-MNIST split, pixels -> round(p 256 / 255), rows zero-padded to width. */
static int load_fmnist(zp_fxdata *d, const char *split, size_t width) {
    char pi[256], pl[256];
    snprintf(pi, sizeof pi, "/usr/share/datasets/fashion-mnist/%s-images-idx3-ubyte.gz", split);
    snprintf(pl, sizeof pl, "/usr/share/datasets/fashion-mnist/%s-labels-idx1-ubyte.gz", split);
    size_t li = 0, ll = 0;
    uint8_t *im = read_gz(pi, &li), *lb = read_gz(pl, &ll);
    int ok = im && lb && li >= 16 && ll >= 8 && be32(im) == 0x803 && be32(lb) == 0x801;
    size_t n = ok ? be32(im + 4) : 0, px = ok ? (size_t)be32(im + 8) * be32(im + 12) : 0;
    ok = ok && be32(lb + 4) == n && li == 16 + n * px && ll == 8 + n && width >= px;
    if (ok) {
        d->n = n; d->n_features = width; d->targets = NULL;
        d->x = calloc(n * width, sizeof(int64_t));
        d->label = malloc(n * sizeof(int32_t));
        ok = d->x && d->label;
        for (size_t i = 0; ok && i < n; i++) {
            for (size_t k = 0; k < px; k++) d->x[i * width + k] = ((int64_t)im[16 + i * px + k] * 256 + 127) / 255;
            d->label[i] = lb[8 + i];
        }
    }
    free(im); free(lb);
    return ok;
}

static void fx_free(zp_fxdata *d) { free(d->x); free(d->label); memset(d, 0, sizeof *d); }

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
    if (!load_fmnist(&tr, "train", in) || !setup(&cfg, &m, in, hid, batch) ||
        zp_trainer_new(&t, &cfg) != ZP_OK) {
        fprintf(stderr, "%s: setup failed (Fashion-MNIST missing?)\n", name);
        fx_free(&tr);
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
    fx_free(&tr);
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
    if (!load_fmnist(&tr, "train", 784) || !load_fmnist(&te, "t10k", 784) ||
        !setup(&cfg, &m, 784, 128, 64) || zp_trainer_new(&t, &cfg) != ZP_OK ||
        zp_fmlp_from_fixed(&f, &m, &cfg) != ZP_OK) {
        fprintf(stderr, "train.acc: setup failed (Fashion-MNIST missing?)\n");
        fx_free(&tr); fx_free(&te);
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
    fx_free(&tr); fx_free(&te);
}
