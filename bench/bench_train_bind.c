/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Benchmark of a run's bind proof (src/zkml/train_bind.c,
 * docs/spec/train-step.md section 7): 100 steps of batch 64 from a
 * synthetic dataset commitment of 2^16 records of 1024 columns (the
 * Fashion-MNIST shape: 784 pixels and a label), 2 deferred claims per
 * step.  train.bind.prove is the bind proof's own work (record layout
 * built and committed, claims absorbed, gather, reduction, openings; the
 * first part alone: train.bind.prove.commit); the steps' claims are made
 * outside the timing.  n = steps. */
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "field/gl.h"
#include "zkml/train_bind_internal.h"

#define BB_LROWS 16
#define BB_LW 10
#define BB_K 8
#define BB_T 100
#define BB_N 64
#define BB_CPS 2

static int bb_dataset(zp_train_dataset *ds, zp_fe **D, zp_pcs_prover **pcs) {
    memset(ds, 0, sizeof *ds);
    if (zp_pcs_params_default_multi(&ds->pp, BB_LROWS + BB_LW, 0, 100, BB_K) != ZP_OK)
        return 0;
    ds->pp.max_claims = 4;
    ds->log_rows = BB_LROWS;
    ds->log_width = BB_LW;
    ds->n_records = 60000;
    ds->n_features = 784;
    ds->label_col = 784;
    ds->mask_log_rows = ds->pp.log_cols > BB_LW ? ds->pp.log_cols - BB_LW : 0;
    const uint64_t blk = (uint64_t)1 << ds->mask_log_rows;
    ds->mask_row = (ds->n_records + blk - 1) / blk * blk;
    if (zp_train_dataset_check(ds) != ZP_OK) return 0;
    const size_t N = (size_t)1 << (BB_LROWS + BB_LW), W = (size_t)1 << BB_LW;
    *D = calloc(N, sizeof(zp_fe));
    if (!*D) return 0;
    for (size_t k = 0; k < ds->n_records; k++) {
        for (size_t c = 0; c < 784; c++) (*D)[k * W + c] = (k * 2654435761u + c * 40503u) % 256;
        (*D)[k * W + 784] = k % 10;
    }
    for (size_t x = ds->mask_row * W; x < (ds->mask_row + BB_K * blk) * W; x++)
        (*D)[x] = (x * 0x9E3779B97F4A7C15ull) % GL_P;
    zp_rng r;
    zp_rng_init_u64(&r, 7);
    return zp_pcs_commit(pcs, &ds->root, &ds->pp, *D, &r) == ZP_OK;
}

/* Honest deferred claims on Q_t at points of the step's choosing. */
static int bb_claims(const zp_train_bind *b, uint64_t t, zp_zkp_dclaim *c) {
    zp_zkp_ext x;
    uint64_t off, moff;
    unsigned ls;
    if (zp_train_bind_block(b, t, &x, &off, &moff, &ls) != ZP_OK) return 0;
    for (int k = 0; k < BB_CPS; k++) {
        memset(&c[k], 0, sizeof c[k]);
        c[k].offset = off;
        c[k].mask_offset = moff;
        c[k].log_size = ls;
        for (unsigned v = 0; v < ls; v++)
            c[k].point[v] = (zp_fe2){(t * 131 + v * 17 + (unsigned)k) % GL_P, v + 1};
        c[k].r_b = (zp_fe2){t + 3, (unsigned)k + 1};
        const zp_fe2 one = gl2_from_fe(1);
        c[k].value = gl2_add(gl2_mul(gl2_sub(one, c[k].r_b), zp_mle_eval(x.evals + off, c[k].point, ls)),
                             gl2_mul(c[k].r_b, zp_mle_eval(x.evals + moff, c[k].point, ls)));
    }
    return 1;
}

BENCH(bench_train_bind) {
    if (!zp_bench_want("train.bind.prove") && !zp_bench_want("train.bind.verify") &&
        !zp_bench_want("train.bind.proof_bytes"))
        return;
    zp_train_dataset ds;
    zp_fe *D = NULL;
    zp_pcs_prover *pcs = NULL;
    uint32_t *idx = malloc(BB_T * BB_N * sizeof *idx);
    zp_zkp_dclaim *cl = malloc(BB_T * BB_CPS * sizeof *cl);
    if (!idx || !cl || !bb_dataset(&ds, &D, &pcs)) goto out;
    for (size_t t = 0; t < BB_T; t++)
        if (zp_sampler_batch(ds.digest, t, BB_N, ds.n_records, idx + t * BB_N) != ZP_OK) goto out;
    const int it = zp_bench_iters();
    double tp[16], tv[16], tb[16];
    size_t bytes = 0;
    for (int r = 0; r < it && r < 16; r++) {
        /* every run consumes its own opening of the dataset: recommit */
        zp_pcs_prover_free(pcs);
        pcs = NULL;
        zp_rng rr;
        zp_rng_init_u64(&rr, 7);
        if (zp_pcs_recommit(&pcs, &ds.pp, D, &rr, &ds.root) != ZP_OK) goto out;
        zp_rng rng;
        zp_rng_init_u64(&rng, 100 + (uint64_t)r);
        zp_bytes out;
        zp_bytes_init(&out);
        zp_train_bind *b = NULL;
        double t0 = zp_bench_now(), tc = 0;
        zp_err e = zp_train_bind_begin(&b, &ds, 0, BB_T, BB_N, idx, BB_CPS, pcs, D, &out, NULL,
                                       0, &rng);
        tb[r] = zp_bench_now() - t0;
        for (uint64_t t = 0; t < BB_T && e == ZP_OK; t++) {
            double c0 = zp_bench_now();
            if (!bb_claims(b, t, cl + t * BB_CPS)) e = ZP_ERR_INTERNAL;
            tc += zp_bench_now() - c0;
            if (e == ZP_OK) e = zp_train_bind_step_claims(b, t, cl + t * BB_CPS, BB_CPS);
        }
        if (e == ZP_OK) e = zp_train_bind_finish(b);
        tp[r] = zp_bench_now() - t0 - tc;
        zp_train_bind_free(b);
        if (e != ZP_OK) { zp_bytes_free(&out); goto out; }
        bytes = out.len;
        t0 = zp_bench_now();
        e = zp_train_bind_begin(&b, &ds, 0, BB_T, BB_N, idx, BB_CPS, NULL, NULL, NULL, out.data,
                                out.len, NULL);
        for (uint64_t t = 0; t < BB_T && e == ZP_OK; t++)
            e = zp_train_bind_step_claims(b, t, cl + t * BB_CPS, BB_CPS);
        if (e == ZP_OK) e = zp_train_bind_finish(b);
        tv[r] = zp_bench_now() - t0;
        zp_train_bind_free(b);
        zp_bytes_free(&out);
        if (e != ZP_OK) goto out;
    }
    const int n = it < 16 ? it : 16;
    if (zp_bench_want("train.bind.prove"))
        zp_bench_emit("train.bind.prove", BB_T, 1e3 * zp_bench_median(tp, n), "ms");
    if (zp_bench_want("train.bind.prove.commit"))
        zp_bench_emit("train.bind.prove.commit", BB_T, 1e3 * zp_bench_median(tb, n), "ms");
    if (zp_bench_want("train.bind.verify"))
        zp_bench_emit("train.bind.verify", BB_T, 1e3 * zp_bench_median(tv, n), "ms");
    if (zp_bench_want("train.bind.proof_bytes"))
        zp_bench_emit("train.bind.proof_bytes", BB_T, (double)bytes, "bytes");
out:
    zp_pcs_prover_free(pcs);
    free(D);
    free(idx);
    free(cl);
}
