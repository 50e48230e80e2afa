/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Benchmarks of trained federated updates (src/prov/fl_train.c): one
 * client's trained update (training-run proof + commitment + range proof +
 * link proof) and its check (run + link), for a 30-8-2 MLP in a round of
 * 2^9 parameters, batch 16, T steps; the run is bound to the shard's
 * dataset commitment (a real DS.commit of 91 records, the matrix prover
 * re-made before each timed update, outside the timing). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "zkprov/prov.h"

/* The shard's schema: 30 features at the config's act_scale and a 0/1
 * label. */
static zp_ds_schema *shard_schema(unsigned scale) {
    zp_ds_schema *s = calloc(1, sizeof *s);
    if (!s || !(s->columns = calloc(30, sizeof *s->columns))) {
        free(s);
        return NULL;
    }
    s->format = ZP_DS_CSV;
    s->n_columns = 30;
    for (size_t i = 0; i < 30; i++) {
        s->columns[i].name = malloc(24);
        if (s->columns[i].name) snprintf(s->columns[i].name, 24, "f%zu", i);
        s->columns[i].count = 1;
        s->columns[i].scale = scale;
        s->columns[i].bound = 1u << 12;
    }
    s->has_label = 1;
    s->label_name = malloc(8);
    if (s->label_name) strcpy(s->label_name, "y");
    s->label_bound = 1;
    char err[ZP_DS_ERR_BYTES];
    if (zp_ds_schema_finish(s, err) != ZP_OK) {
        zp_ds_schema_free(s);
        return NULL;
    }
    return s;
}

static zp_dataset_builder *shard_rows(const zp_ds_schema *s, const zp_fe *rows, size_t n) {
    zp_dataset_builder *b = NULL;
    char err[ZP_DS_ERR_BYTES];
    if (zp_dataset_builder_new(&b, s) != ZP_OK) return NULL;
    for (size_t i = 0; i < n; i++)
        if (zp_dataset_builder_add(b, err, rows + i * s->width) != ZP_OK) {
            zp_dataset_builder_free(b);
            return NULL;
        }
    return b;
}

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
    zp_ds_schema *sch = shard_schema(cfg.act_scale);
    zp_fe *rows = sch ? calloc(NREC * sch->width, sizeof(zp_fe)) : NULL;
    if (!rows) return;
    for (size_t i = 0; i < NREC * 30; i++) {
        uint8_t b[2];
        zp_rng_bytes(&rng, b, 2);
        ds.x[i] = (int64_t)(b[0] | (b[1] << 8)) % 512 - 256;
        rows[(i / 30) * sch->width + i % 30] = zp_ds_fe_from_i64(ds.x[i]);
    }
    for (size_t i = 0; i < NREC; i++) {
        ds.label[i] = (int32_t)(i % 2);
        rows[i * sch->width + 30] = (zp_fe)(i % 2);
    }
    memset(dsd, 0x5a, sizeof dsd);
    zp_dataset_commit *dc = NULL;
    zp_dataset_secret *dsec = NULL;
    zp_train_dataset view;
    char derr[ZP_DS_ERR_BYTES];
    const uint8_t dseed[32] = {4, 2};
    zp_dataset_builder *b0 = shard_rows(sch, rows, NREC);
    if (!b0 || zp_dataset_builder_finish(b0, derr, &dc, &dsec, dseed) != ZP_OK ||
        zp_dataset_train_view(&view, derr, dc) != ZP_OK) {
        fprintf(stderr, "fl_train: the shard's commitment failed\n");
        zp_dataset_builder_free(b0);
        return;
    }
    zp_dataset_builder_free(b0);
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
        zp_pcs_prover *dp = NULL;
        zp_fe *D = NULL;
        zp_dataset_builder *b1 = shard_rows(sch, rows, NREC);
        ok = b1 && zp_dataset_matrix_prover(&dp, &D, derr, dc, dsec, b1) == ZP_OK;
        zp_dataset_builder_free(b1);
        zp_run_records rec = {&view, (unsigned)k % view.pp.max_openings, dp, D};
        double t0 = zp_bench_now();
        ok = ok && zp_fl_update_create_trained(&h, &pr, &rp, &rb, &lb, vals, &r, 0, sk, &cfg, &ds,
                                               dsd[0], &rec, mask, &rng) == ZP_OK;
        double t1 = zp_bench_now();
        ok = ok && zp_fl_train_verify(NULL, &h, &r, &cfg, dsd[0], &view, rb.data, rb.len, lb.data,
                                      lb.len) == ZP_OK;
        if (D) zp_memzero(D, ((size_t)1 << view.pp.n_vars) * sizeof(zp_fe));
        free(D);
        zp_pcs_prover_free(dp);
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
    free(tp), free(tv), free(vals), free(mask), free(ds.x), free(ds.label), free(rows);
    zp_dataset_commit_free(dc);
    zp_dataset_secret_free(dsec);
    zp_ds_schema_free(sch);
    zp_fl_round_clear(&r);
    zp_train_config_free(&cfg);
}

BENCH(bench_fl_train) {
    run(1);
    run(4);
}
