/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Benchmarks of SHA-256 and of the Merkle commitment to 1 KiB leaves. */
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "hash/sha256_internal.h"
#include "zkprov/hash.h"

#define MSG_BYTES ((size_t)64 << 20)
#define LEAF_BYTES ((size_t)1024)

static uint8_t *bench_data(size_t n) {
    uint8_t *p = malloc(n);
    if (!p) return NULL;
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        p[i] = (uint8_t)x;
    }
    return p;
}

/* Throughput in MB/s (10^6 bytes) of fn over the 64 MiB message. */
static double time_blocks(zp_sha256_compress_fn fn, const uint8_t *m) {
    int k = zp_bench_iters();
    double *t = malloc((size_t)k * sizeof *t);
    if (!t) return 0;
    for (int i = 0; i < k; i++) {
        uint8_t out[32];
        double t0 = zp_bench_now();
        if (fn) {
            uint32_t h[8];
            memcpy(h, zp_sha256_iv, sizeof h);
            fn(h, m, MSG_BYTES / 64);
            memcpy(out, h, sizeof out);
        } else {
            zp_sha256(out, m, MSG_BYTES);
        }
        t[i] = zp_bench_now() - t0;
        __asm__ volatile("" : : "r"(out) : "memory");
    }
    double s = zp_bench_median(t, k);
    free(t);
    return (double)MSG_BYTES / s / 1e6;
}

BENCH(bench_sha256) {
    int want = zp_bench_want("sha256"), want_p = zp_bench_want("sha256_portable");
    if (!want && !want_p) return;
    uint8_t *m = bench_data(MSG_BYTES);
    if (!m) return;
    if (want) zp_bench_emit("sha256", MSG_BYTES, time_blocks(NULL, m), "MB/s");
    if (want_p)
        zp_bench_emit("sha256_portable", MSG_BYTES,
                      time_blocks(zp_sha256_backend_fn(0), m), "MB/s");
    free(m);
}

/* Commit to 64 MiB as 65536 leaves of 1 KiB: hash the leaves, build the
 * tree.  MB/s of leaf data. */
static double time_merkle(const uint8_t *data, zp_digest *leaves, int threads) {
    size_t n = MSG_BYTES / LEAF_BYTES;
    int saved = omp_get_max_threads();
    omp_set_num_threads(threads);
    int k = zp_bench_iters();
    double *t = malloc((size_t)k * sizeof *t);
    double mbs = 0;
    if (t) {
        for (int i = 0; i < k; i++) {
            double t0 = zp_bench_now();
            zp_hash_leaves(leaves, data, LEAF_BYTES, n);
            zp_merkle_tree *tree = NULL;
            if (zp_merkle_build(&tree, leaves, n) != ZP_OK) {
                free(t);
                omp_set_num_threads(saved);
                return 0;
            }
            t[i] = zp_bench_now() - t0;
            zp_merkle_free(tree);
        }
        mbs = (double)MSG_BYTES / zp_bench_median(t, k) / 1e6;
        free(t);
    }
    omp_set_num_threads(saved);
    return mbs;
}

BENCH(bench_merkle_sha256) {
    int want1 = zp_bench_want("merkle.sha256");
    int wantn = zp_bench_want("merkle.sha256.threads");
    if (!want1 && !wantn) return;
    uint8_t *data = bench_data(MSG_BYTES);
    zp_digest *leaves = malloc(MSG_BYTES / LEAF_BYTES * sizeof *leaves);
    if (data && leaves) {
        if (want1) zp_bench_emit("merkle.sha256", MSG_BYTES, time_merkle(data, leaves, 1), "MB/s");
        if (wantn)
            zp_bench_emit("merkle.sha256.threads", MSG_BYTES,
                          time_merkle(data, leaves, zp_bench_threads()), "MB/s");
    }
    free(data);
    free(leaves);
}
