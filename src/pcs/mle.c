/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Multilinear helpers: eq tables and O(2^n) evaluation of multilinear
 * extensions (variable 0 = lowest index bit). */
#include "field/gl.h"
#include "zkprov/pcs.h"

/* Entries at or above which the loops below run on several threads. */
#define MLE_PAR_MIN ((size_t)1 << 15)
/* Elements folded at once on the stack by fold_block_*. */
#define FOLD_B 6
/* Chunks of the top-level parallel split (2^MLE_SPLIT). */
#define MLE_SPLIT 6

void zp_eq_table(zp_fe2 *out, const zp_fe2 *z, unsigned n) {
    if (!out || (n && !z)) return;
    out[0].c0 = 1;
    out[0].c1 = 0;
    /* After step i, out[x] = eq(z[0..i], x) for x < 2^(i+1); variable i
     * becomes bit i: out[x + 2^i] = out[x] z_i, out[x] = out[x] (1 - z_i). */
    for (unsigned i = 0; i < n; i++) {
        size_t h = (size_t)1 << i;
        zp_fe2 zi = z[i];
        long long hh = (long long)h;
#pragma omp parallel for schedule(static) if (h >= MLE_PAR_MIN)
        for (long long j = 0; j < hh; j++) {
            zp_fe2 hi = gl2_mul(out[j], zi);
            out[(size_t)j + h] = hi;
            out[j] = gl2_sub(out[j], hi);
        }
    }
}

/* f0 + z (f1 - f0) */
static inline zp_fe2 lerp2(zp_fe2 f0, zp_fe2 f1, zp_fe2 z) {
    return gl2_add(f0, gl2_mul(z, gl2_sub(f1, f0)));
}

/* Folds the 2^b (b <= FOLD_B) entries of f over variables z[0..b). */
static zp_fe2 fold_block_fe(const zp_fe *f, const zp_fe2 *z, unsigned b) {
    zp_fe2 t[(size_t)1 << (FOLD_B - 1)];
    if (b == 0) return gl2_from_fe(f[0]);
    size_t h = (size_t)1 << (b - 1);
    for (size_t i = 0; i < h; i++)
        t[i] = gl2_add(gl2_from_fe(f[2 * i]), gl2_mul_fe(z[0], gl_sub(f[2 * i + 1], f[2 * i])));
    for (unsigned v = 1; v < b; v++) {
        h >>= 1;
        for (size_t i = 0; i < h; i++) t[i] = lerp2(t[2 * i], t[2 * i + 1], z[v]);
    }
    return t[0];
}

static zp_fe2 fold_block_fe2(const zp_fe2 *f, const zp_fe2 *z, unsigned b) {
    zp_fe2 t[(size_t)1 << (FOLD_B - 1)];
    if (b == 0) return f[0];
    size_t h = (size_t)1 << (b - 1);
    for (size_t i = 0; i < h; i++) t[i] = lerp2(f[2 * i], f[2 * i + 1], z[0]);
    for (unsigned v = 1; v < b; v++) {
        h >>= 1;
        for (size_t i = 0; i < h; i++) t[i] = lerp2(t[2 * i], t[2 * i + 1], z[v]);
    }
    return t[0];
}

/* Folds 2^m entries over z[0..m) with O(m) memory: blocks of 2^FOLD_B are
 * folded on the stack, then merged like a binary counter (pend[l] holds
 * the pending left half at level l). */
#define DEFINE_FOLD_RANGE(NAME, T, BLOCK)                                      \
    static zp_fe2 NAME(const T *f, const zp_fe2 *z, unsigned m) {             \
        if (m <= FOLD_B) return BLOCK(f, z, m);                               \
        zp_fe2 pend[64];                                                      \
        size_t nb = (size_t)1 << (m - FOLD_B);                                \
        for (size_t blk = 0; blk < nb; blk++) {                               \
            zp_fe2 v = BLOCK(f + (blk << FOLD_B), z, FOLD_B);                 \
            unsigned lvl = FOLD_B;                                            \
            for (size_t c = blk; c & 1; c >>= 1, lvl++) v = lerp2(pend[lvl], v, z[lvl]); \
            pend[lvl] = v;                                                    \
        }                                                                     \
        return pend[m];                                                       \
    }
DEFINE_FOLD_RANGE(fold_range_fe, zp_fe, fold_block_fe)
DEFINE_FOLD_RANGE(fold_range_fe2, zp_fe2, fold_block_fe2)

zp_fe2 zp_mle_eval(const zp_fe *evals, const zp_fe2 *z, unsigned n) {
    zp_fe2 zero = {0, 0};
    if (!evals || (n && !z) || n > 40) return zero;
    size_t total = (size_t)1 << n;
    if (total < MLE_PAR_MIN) return fold_range_fe(evals, z, n);
    /* 2^MLE_SPLIT chunks folded over the low variables in parallel, then
     * the chunk values over the top MLE_SPLIT variables: a fixed split,
     * so the result is the same for any thread count. */
    zp_fe2 part[(size_t)1 << MLE_SPLIT];
    unsigned low = n - MLE_SPLIT;
    long long nc = (long long)1 << MLE_SPLIT;
#pragma omp parallel for schedule(static)
    for (long long c = 0; c < nc; c++) part[c] = fold_range_fe(evals + ((size_t)c << low), z, low);
    return fold_block_fe2(part, z + low, MLE_SPLIT);
}

zp_fe2 zp_mle_eval2(const zp_fe2 *evals, const zp_fe2 *z, unsigned n) {
    zp_fe2 zero = {0, 0};
    if (!evals || (n && !z) || n > 40) return zero;
    size_t total = (size_t)1 << n;
    if (total < MLE_PAR_MIN) return fold_range_fe2(evals, z, n);
    zp_fe2 part[(size_t)1 << MLE_SPLIT];
    unsigned low = n - MLE_SPLIT;
    long long nc = (long long)1 << MLE_SPLIT;
#pragma omp parallel for schedule(static)
    for (long long c = 0; c < nc; c++) part[c] = fold_range_fe2(evals + ((size_t)c << low), z, low);
    return fold_block_fe2(part, z + low, MLE_SPLIT);
}
