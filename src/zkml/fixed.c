/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Fixed-point primitives, the softmax exp table and the batch sampler
 * (docs/spec/fixed-point.md). */
#include <math.h>
#include <string.h>

#include "zkprov/hash.h"
#include "zkprov/zkml.h"

size_t zp_zkml_max_layers(void) { return ZP_ZKML_MAX_LAYERS; }
size_t zp_zkml_max_width(void) { return ZP_ZKML_MAX_WIDTH; }
size_t zp_zkml_max_batch(void) { return ZP_ZKML_MAX_BATCH; }
size_t zp_zkml_err_bytes(void) { return ZP_ZKML_ERR_BYTES; }

int64_t zp_fx_from_double(double v, unsigned s, unsigned b) {
    int64_t h = (int64_t)1 << (b - 1);
    if (v != v) return 0; /* NaN */
    double x = ldexp(v, (int)s);
    if (x >= (double)h) return h - 1;
    if (x <= -(double)h) return -h;
    return zp_fx_sat((int64_t)llround(x), b);
}

zp_err zp_fx_exp_table(int64_t *t, unsigned domain_bits, unsigned exp_scale,
                       unsigned act_scale) {
    if (!t || domain_bits < 1 || domain_bits > 24 || exp_scale < 1 ||
        exp_scale > 30 || act_scale > 30)
        return ZP_ERR_ARG;
    size_t n = (size_t)1 << domain_bits;
    for (size_t d = 0; d < n; d++) {
        /* exp is accurate to < 1 ulp in glibc; test_zkml checks that no
         * entry is within 1e-6 of a rounding boundary, so every
         * conforming libm gives the same table. */
        double v = ldexp(exp(-ldexp((double)d, -(int)act_scale)), (int)exp_scale);
        t[d] = (int64_t)llround(v);
    }
    return ZP_OK;
}

/* Candidate block k of a step: SHA-256(tag || seed || LE64(step) || LE64(k)). */
static void sampler_block(uint64_t out[4], const uint8_t seed[32], uint64_t step,
                          uint64_t k) {
    static const char tag[] = "zkprov-v1/sampler";
    uint8_t buf[sizeof tag - 1 + 32 + 16], h[32];
    memcpy(buf, tag, sizeof tag - 1);
    memcpy(buf + sizeof tag - 1, seed, 32);
    zp_store64_le(buf + sizeof tag - 1 + 32, step);
    zp_store64_le(buf + sizeof tag - 1 + 40, k);
    zp_sha256(h, buf, sizeof buf);
    for (int i = 0; i < 4; i++) out[i] = zp_load64_le(h + 8 * i);
}

zp_err zp_sampler_batch(const uint8_t seed[ZP_ZKML_SEED_BYTES], uint64_t step,
                        uint32_t batch_size, uint64_t n_records,
                        uint32_t *out_indices) {
    if (!seed || !out_indices || batch_size == 0 ||
        batch_size > ZP_ZKML_MAX_BATCH || n_records == 0 ||
        n_records >= ((uint64_t)1 << 32) || batch_size > n_records)
        return ZP_ERR_ARG;
    /* Rejection bound: 2^64 - (2^64 mod n), so u mod n is uniform. */
    uint64_t rem = (uint64_t)(-n_records) % n_records; /* 2^64 mod n */
    uint64_t lim = (uint64_t)0 - rem;                  /* 0 means "all" */
    uint64_t blk[4];
    uint64_t j = 0;
    uint32_t got = 0;
    while (got < batch_size) {
        if ((j & 3) == 0) sampler_block(blk, seed, step, j >> 2);
        uint64_t u = blk[j & 3];
        j++;
        if (rem != 0 && u >= lim) continue;
        uint32_t v = (uint32_t)(u % n_records);
        uint32_t i;
        for (i = 0; i < got; i++)
            if (out_indices[i] == v) break;
        if (i < got) continue;
        out_indices[got++] = v;
    }
    return ZP_OK;
}
