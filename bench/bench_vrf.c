/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Benchmarks of ECVRF-EDWARDS25519-SHA512-TAI prove, verify and output-only
 * evaluation (zp_vrf_output, src/prov/ed25519_fast.c), us/op, one thread. */
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "zkprov/prov.h"

#define VRF_OPS 200 /* operations per timed run */

BENCH(bench_vrf) {
    int want_p = zp_bench_want("vrf.prove"), want_v = zp_bench_want("vrf.verify");
    int want_o = zp_bench_want("vrf.output");
    if (!want_p && !want_v && !want_o) return;
    uint8_t seed[32], pk[32], sk[64], beta[64];
    static uint8_t alpha[VRF_OPS][32], pi[VRF_OPS][80];
    for (int i = 0; i < 32; i++) seed[i] = (uint8_t)(i * 29 + 1);
    for (int j = 0; j < VRF_OPS; j++)
        for (int i = 0; i < 32; i++) alpha[j][i] = (uint8_t)(j * 131 + i * 7);
    if (zp_vrf_keypair_from_seed(pk, sk, seed) != ZP_OK) return;
    int k = zp_bench_iters();
    double *tp = malloc((size_t)k * sizeof *tp), *tv = malloc((size_t)k * sizeof *tv);
    double *to = malloc((size_t)k * sizeof *to);
    if (!tp || !tv || !to) {
        free(tp);
        free(tv);
        free(to);
        return;
    }
    int bad = 0;
    for (int r = 0; r < k; r++) {
        double t0 = zp_bench_now();
        for (int j = 0; j < VRF_OPS; j++) bad |= zp_vrf_prove(pi[j], sk, alpha[j], 32) != ZP_OK;
        tp[r] = (zp_bench_now() - t0) / VRF_OPS * 1e6;
        t0 = zp_bench_now();
        for (int j = 0; j < VRF_OPS; j++)
            bad |= zp_vrf_verify(beta, pk, pi[j], alpha[j], 32) != ZP_OK;
        tv[r] = (zp_bench_now() - t0) / VRF_OPS * 1e6;
        t0 = zp_bench_now();
        for (int j = 0; j < VRF_OPS; j++) bad |= zp_vrf_output(beta, sk, alpha[j], 32) != ZP_OK;
        to[r] = (zp_bench_now() - t0) / VRF_OPS * 1e6;
    }
    if (!bad) {
        if (want_p) zp_bench_emit("vrf.prove", 32, zp_bench_median(tp, k), "us/op");
        if (want_v) zp_bench_emit("vrf.verify", 32, zp_bench_median(tv, k), "us/op");
        if (want_o) zp_bench_emit("vrf.output", 32, zp_bench_median(to, k), "us/op");
    }
    free(tp);
    free(tv);
    free(to);
}
