/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Benchmarks of the dataset commitment on Fashion-MNIST (train: 60,000 x 784,
 * /usr/share/datasets/fashion-mnist, Debian package dataset-fashion-mnist):
 *   dataset.commit        whole commit (parse + record keys + PCS), seconds
 *   dataset.commit_mbps   the same as MB/s of uncompressed IDX input
 *   dataset.parse         streaming the .gz files into the builder, seconds
 *   dataset.finish        record keys + sort + key tree + PCS commit, seconds
 *   dataset.vrf_prove     one full ECVRF prove + proof_to_hash of a record, us
 *   dataset.vrf_output    one record key as commit computes it (zp_vrf_output_batch,
 *                         output only, one thread), us
 *   dataset.pcs_commit    the PCS commit of the padded 2^16 x 2^10 matrix, s
 * ZP_BENCH_DATASET=t10k selects the 10,000-image test set instead;
 * ZP_BENCH_DS_OPENINGS=K commits for K openings (default
 * ZP_DS_DEFAULT_OPENINGS: K mask blocks, a K-opening PCS). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "bench.h"
#include "zkprov/io.h"
#include "zkprov/pcs.h"
#include "zkprov/prov.h"

#define FM_DIR "/usr/share/datasets/fashion-mnist"

static zp_err add_row(void *ctx, const zp_fe *row, uint64_t index) {
    (void)index;
    return zp_dataset_builder_add((zp_dataset_builder *)ctx, NULL, row);
}

BENCH(bench_dataset) {
    int w_commit = zp_bench_want("dataset.commit"), w_mbps = zp_bench_want("dataset.commit_mbps");
    int w_parse = zp_bench_want("dataset.parse"), w_fin = zp_bench_want("dataset.finish");
    int w_vrf = zp_bench_want("dataset.vrf_prove"), w_pcs = zp_bench_want("dataset.pcs_commit");
    int w_out = zp_bench_want("dataset.vrf_output");
    if (!w_commit && !w_mbps && !w_parse && !w_fin && !w_vrf && !w_pcs && !w_out) return;
    const char *set = getenv("ZP_BENCH_DATASET");
    int small = set && !strcmp(set, "t10k");
    const char *ko = getenv("ZP_BENCH_DS_OPENINGS");
    unsigned k_open = ko ? (unsigned)atoi(ko) : ZP_DS_DEFAULT_OPENINGS;
    char ip[256], lp[256];
    snprintf(ip, sizeof ip, FM_DIR "/%s-images-idx3-ubyte.gz", small ? "t10k" : "train");
    snprintf(lp, sizeof lp, FM_DIR "/%s-labels-idx1-ubyte.gz", small ? "t10k" : "train");
    char err[ZP_IO_ERR_BYTES] = "";
    zp_ds_schema *s = NULL;
    if (zp_io_schema_default(&s, err, ZP_DS_IDX, ip, lp) != ZP_OK) {
        fprintf(stderr, "dataset: %s (tools/install-deps.sh installs dataset-fashion-mnist)\n", err);
        return;
    }
    int iters = zp_bench_iters();
    double *tc = calloc((size_t)iters, sizeof(double)), *tp = calloc((size_t)iters, sizeof(double));
    double *tf = calloc((size_t)iters, sizeof(double));
    uint64_t n = 0;
    zp_dataset_commit *keep = NULL;
    int ok = tc && tp && tf;
    for (int it = 0; ok && it < iters && (w_commit || w_mbps || w_parse || w_fin); it++) {
        zp_dataset_builder *b = NULL;
        zp_dataset_commit *c = NULL;
        zp_dataset_secret *sec = NULL;
        uint8_t seed[32] = {(uint8_t)it};
        double t0 = zp_bench_now();
        ok = zp_dataset_builder_new(&b, s) == ZP_OK &&
             zp_dataset_builder_set_openings(b, k_open) == ZP_OK &&
             zp_io_records_read(&n, err, s, ip, lp, add_row, b, NULL, NULL) == ZP_OK;
        double t1 = zp_bench_now();
        ok = ok && zp_dataset_builder_finish(b, NULL, &c, &sec, seed) == ZP_OK;
        double t2 = zp_bench_now();
        tp[it] = t1 - t0;
        tf[it] = t2 - t1;
        tc[it] = t2 - t0;
        zp_dataset_builder_free(b);
        zp_dataset_secret_free(sec);
        if (ok && !keep) keep = c;
        else zp_dataset_commit_free(c);
        if (!ok) fprintf(stderr, "dataset: commit failed: %s\n", err);
    }
    if (ok && keep) {
        /* Raw input: the uncompressed IDX bytes (headers included). */
        double mb = (double)(16 + n * 784 + 8 + n) / 1e6;
        double t = zp_bench_median(tc, iters);
        fprintf(stderr, "dataset: %llu records of width %zu (%u x %u padded), pcs n_vars %u "
                "log_cols %u n_queries %u, %u openings (mask blocks of 2^%u rows from row "
                "%llu), %d threads\n", (unsigned long long)n, keep->schema->width,
                1u << keep->log_rows, 1u << keep->log_width, keep->pcs.n_vars,
                keep->pcs.log_cols, keep->pcs.n_queries, keep->pcs.max_openings,
                keep->mask_log_rows, (unsigned long long)keep->mask_row, zp_bench_threads());
        if (w_commit) zp_bench_emit("dataset.commit", n, t, "s");
        if (w_mbps) zp_bench_emit("dataset.commit_mbps", n, mb / t, "MB/s");
        if (w_parse) zp_bench_emit("dataset.parse", n, zp_bench_median(tp, iters), "s");
        if (w_fin) zp_bench_emit("dataset.finish", n, zp_bench_median(tf, iters), "s");
    }
    if (w_vrf) {
        /* One thread's cost per record key, on 785-element records. */
        uint8_t pk[32], sk[64], seed[32] = {1}, pi[80], beta[64];
        size_t alen = zp_ds_record_bytes_len(785);
        uint8_t *alpha = calloc(1, alen);
        int m = 500;
        double *tv = calloc((size_t)iters, sizeof(double));
        if (alpha && tv && zp_vrf_keypair_from_seed(pk, sk, seed) == ZP_OK) {
            for (int it = 0; it < iters; it++) {
                double t0 = zp_bench_now();
                for (int i = 0; i < m; i++) {
                    alpha[100] = (uint8_t)i;
                    alpha[101] = (uint8_t)(i >> 8);
                    if (zp_vrf_prove(pi, sk, alpha, alen) != ZP_OK ||
                        zp_vrf_proof_to_hash(beta, pi) != ZP_OK) break;
                }
                tv[it] = 1e6 * (zp_bench_now() - t0) / m;
            }
            zp_bench_emit("dataset.vrf_prove", (uint64_t)m, zp_bench_median(tv, iters), "us");
        }
        free(alpha);
        free(tv);
    }
    if (w_out) {
        /* Output-only record keys, one thread, 1024 records of width 785. */
        uint8_t pk[32], sk[64], seed[32] = {1};
        size_t alen = zp_ds_record_bytes_len(785), m = 1024;
        uint8_t *alphas = calloc(m, alen), *betas = malloc(m * 64);
        double *tv = calloc((size_t)iters, sizeof(double));
        int nt = zp_bench_threads();
        if (alphas && betas && tv && zp_vrf_keypair_from_seed(pk, sk, seed) == ZP_OK) {
            for (size_t i = 0; i < m; i++) {
                alphas[i * alen + 100] = (uint8_t)i;
                alphas[i * alen + 101] = (uint8_t)(i >> 8);
            }
#ifdef _OPENMP
            omp_set_num_threads(1);
#endif
            int okv = 1;
            for (int it = 0; it < iters && okv; it++) {
                double t0 = zp_bench_now();
                okv = zp_vrf_output_batch(betas, sk, alphas, alen, m) == ZP_OK;
                tv[it] = 1e6 * (zp_bench_now() - t0) / (double)m;
            }
#ifdef _OPENMP
            omp_set_num_threads(nt);
#endif
            if (okv) zp_bench_emit("dataset.vrf_output", (uint64_t)m, zp_bench_median(tv, iters), "us");
        }
        (void)nt;
        free(alphas);
        free(betas);
        free(tv);
    }
    if (w_pcs && keep) {
        size_t nn = (size_t)1 << keep->pcs.n_vars;
        zp_fe *ev = malloc(nn * sizeof *ev);
        double *tq = calloc((size_t)iters, sizeof(double));
        if (ev && tq) {
            for (size_t i = 0; i < nn; i++) ev[i] = (zp_fe)(i * 2654435761u) & 255;
            for (int it = 0; it < iters; it++) {
                zp_rng r;
                zp_rng_init_u64(&r, (uint64_t)it);
                zp_pcs_prover *pr = NULL;
                zp_digest root;
                double t0 = zp_bench_now();
                zp_err e = zp_pcs_commit(&pr, &root, &keep->pcs, ev, &r);
                tq[it] = zp_bench_now() - t0;
                zp_pcs_prover_free(pr);
                if (e != ZP_OK) break;
            }
            zp_bench_emit("dataset.pcs_commit", nn, zp_bench_median(tq, iters), "s");
        }
        free(ev);
        free(tq);
    }
    zp_dataset_commit_free(keep);
    free(tc);
    free(tp);
    free(tf);
    zp_ds_schema_free(s);
}
