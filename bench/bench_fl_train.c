/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Benchmarks of trained federated updates (src/prov/fl_train.c): one
 * client's trained update (training-run proof + commitment + range proof +
 * link proof) and its check (run + link), for a 30-8-2 MLP in a round of
 * 2^9 parameters, batch 16, T steps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "zkprov/prov.h"

static void run(uint64_t steps) {
    char name[64];
    snprintf(name, sizeof name, "fl_train.update_t%llu", (unsigned long long)steps);
    if (!zp_bench_want(name)) return;
    static const uint32_t dims[] = {30, 8, 2};
    const unsigned lp = 9;
    const size_t P = (size_t)1 << lp, NREC = 91;
    zp_train_config cfg;
    zp_fl_round r;
    memset(&r, 0, sizeof r);
    uint8_t sk[64];
    zp_fxdata ds = {NREC, 30, malloc(NREC * 30 * 8), malloc(NREC * 4), NULL};
    uint8_t dsd[1][32];
    zp_mlp m;
    zp_rng rng;
    zp_rng_init_u64(&rng, 5);
    if (zp_train_config_default(&cfg, dims, 2) != ZP_OK || !ds.x || !ds.label) return;
    cfg.batch_size = 16;
    cfg.steps = steps;
    cfg.lr_num = 209715;
    r.log_params = lp;
    r.update_bits = 20;
    r.bound = (uint64_t)1 << 22;
    r.n_clients = 1;
    r.client_pk = malloc(32);
    r.global = calloc(P, 8);
    uint8_t seed[ZP_ZKML_SEED_BYTES] = {7};
    if (!r.client_pk || !r.global || zp_auth_keypair(r.client_pk, sk) != ZP_OK ||
        zp_mlp_alloc(&m, &cfg) != ZP_OK || zp_mlp_init_seeded(&m, &cfg, seed) != ZP_OK ||
        zp_fl_model_flatten(r.global, P, &cfg, &m) != ZP_OK)
        return;
    zp_mlp_free(&m);
    for (size_t i = 0; i < NREC * 30; i++) {
        uint8_t b[2];
        zp_rng_bytes(&rng, b, 2);
        ds.x[i] = (int64_t)(b[0] | (b[1] << 8)) % 512 - 256;
    }
    for (size_t i = 0; i < NREC; i++) ds.label[i] = (int32_t)(i % 2);
    memset(dsd, 0x5a, sizeof dsd);
    int it = zp_bench_iters();
    double *tp = calloc((size_t)it, sizeof(double)), *tv = calloc((size_t)it, sizeof(double));
    int64_t *vals = malloc(8 * P);
    zp_fe *mask = malloc(zp_fl_client_mask_len(lp) * sizeof(zp_fe));
    size_t run_len = 0, link_len = 0;
    int ok = tp && tv && vals && mask;
    for (int k = 0; k < it && ok; k++) {
        zp_fl_update h;
        zp_pcs_prover *pr = NULL;
        zp_bytes rp, rb, lb;
        zp_bytes_init(&rp), zp_bytes_init(&rb), zp_bytes_init(&lb);
        double t0 = zp_bench_now();
        ok = zp_fl_update_create_trained(&h, &pr, &rp, &rb, &lb, vals, &r, 0, sk, &cfg, &ds,
                                         (const uint8_t(*)[32])dsd, 1, mask, &rng) == ZP_OK;
        double t1 = zp_bench_now();
        ok = ok && zp_fl_train_verify(NULL, &h, &r, &cfg, (const uint8_t(*)[32])dsd, 1, NREC,
                                      rb.data, rb.len, lb.data, lb.len) == ZP_OK;
        double t2 = zp_bench_now();
        tp[k] = (t1 - t0) * 1e3;
        tv[k] = (t2 - t1) * 1e3;
        run_len = rb.len, link_len = lb.len;
        zp_pcs_prover_free(pr);
        zp_bytes_free(&rp), zp_bytes_free(&rb), zp_bytes_free(&lb);
    }
    if (ok) {
        zp_bench_emit(name, steps, zp_bench_median(tp, it), "ms");
        snprintf(name, sizeof name, "fl_train.verify_t%llu", (unsigned long long)steps);
        zp_bench_emit(name, steps, zp_bench_median(tv, it), "ms");
        snprintf(name, sizeof name, "fl_train.run_proof_t%llu", (unsigned long long)steps);
        zp_bench_emit(name, steps, (double)run_len, "bytes");
        snprintf(name, sizeof name, "fl_train.link_proof_t%llu", (unsigned long long)steps);
        zp_bench_emit(name, steps, (double)link_len, "bytes");
    } else {
        fprintf(stderr, "fl_train: the trained update failed\n");
    }
    free(tp), free(tv), free(vals), free(mask), free(ds.x), free(ds.label);
    zp_fl_round_clear(&r);
    zp_train_config_free(&cfg);
}

BENCH(bench_fl_train) {
    run(1);
    run(4);
}
