/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Benchmarks of SHA-256, of the Merkle commitment to 1 KiB leaves and of
 * the ChaCha20 keystream behind zp_rng. */
#include <omp.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "common/chacha20.h"
#include "common/rng_internal.h"
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

/* The prover's two uses of zp_rng_stream (one thread): many short streams
 * (the PCS column salts: RNG_SALTS streams of 32 bytes, consecutive
 * indices), ns per stream; and bulk masks (RNG_BULK bytes in requests of
 * RNG_CHUNK bytes, the layout-mask chunk), MB/s.  `.one` draws each salt
 * with its own zp_rng_stream call, `.many` with zp_rng_stream_many (16
 * per kernel call); `.libsodium` is crypto_stream_chacha20_ietf, which
 * zp_rng_stream called before, `.portable` the portable kernel. */
#define RNG_SALTS 65536
#define RNG_SALT_BYTES 32
#define RNG_BULK ((size_t)8 << 20)
#define RNG_CHUNK ((size_t)2176)

enum { RNG_ONE, RNG_MANY, RNG_SODIUM, RNG_PORTABLE };

static double time_rng(int salts, int how, uint8_t *out) {
    zp_rng r;
    zp_rng_init_u64(&r, 1);
    uint32_t k[8];
    for (int i = 0; i < 8; i++) k[i] = zp_load32_le(r.key + 4 * i);
    int iters = zp_bench_iters();
    double *t = malloc((size_t)iters * sizeof *t);
    if (!t) return 0;
    for (int it = 0; it < iters; it++) {
        double t0 = zp_bench_now();
        size_t n = salts ? RNG_SALTS : RNG_BULK / RNG_CHUNK;
        size_t len = salts ? RNG_SALT_BYTES : RNG_CHUNK;
        if (how == RNG_MANY) {
            if (zp_rng_stream_many(&r, 7, 0, n, out, len, len) != ZP_OK) n = 0;
        } else {
            for (size_t i = 0; i < n; i++) {
                uint8_t nb[12];
                zp_store32_le(nb, 7);
                zp_store64_le(nb + 4, i);
                const uint32_t nw[3] = {7, (uint32_t)i, 0};
                if (how == RNG_ONE)
                    zp_rng_stream(&r, 7, i, out + i * len, len);
                else if (how == RNG_SODIUM)
                    crypto_stream_chacha20_ietf(out + i * len, len, nb, r.key);
                else
                    zp_chacha20_stream_portable(out + i * len, len, k, 0, nw);
            }
        }
        t[it] = zp_bench_now() - t0;
        __asm__ volatile("" : : "r"(out) : "memory");
    }
    double s = zp_bench_median(t, iters);
    free(t);
    return salts ? s * 1e9 / RNG_SALTS : (double)(RNG_BULK / RNG_CHUNK * RNG_CHUNK) / s / 1e6;
}

BENCH(bench_rng) {
    static const struct {
        const char *name;
        int salts, how;
    } v[] = {
        {"rng.salts.one", 1, RNG_ONE},         {"rng.salts.many", 1, RNG_MANY},
        {"rng.salts.libsodium", 1, RNG_SODIUM}, {"rng.salts.portable", 1, RNG_PORTABLE},
        {"rng.stream", 0, RNG_ONE},            {"rng.stream.libsodium", 0, RNG_SODIUM},
        {"rng.stream.portable", 0, RNG_PORTABLE},
    };
    int any = 0;
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) any |= zp_bench_want(v[i].name);
    if (!any || sodium_init() < 0) return;
    uint8_t *out = malloc(RNG_BULK > RNG_SALTS * RNG_SALT_BYTES ? RNG_BULK : RNG_SALTS * RNG_SALT_BYTES);
    if (!out) return;
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        if (!zp_bench_want(v[i].name)) continue;
        int salts = v[i].salts;
        zp_bench_emit(v[i].name, salts ? RNG_SALTS : RNG_BULK, time_rng(salts, v[i].how, out),
                      salts ? "ns/stream" : "MB/s");
    }
    free(out);
}
