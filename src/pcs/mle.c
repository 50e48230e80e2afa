/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Multilinear helpers: eq tables and O(2^n) evaluation of multilinear
 * extensions (variable 0 = lowest index bit). */
#include "field/acc192.h"
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

/* ---- evaluation as a dot product with split eq weights ----
 * f~(z) = sum_x eq(z, x) f(x) with eq(z, x) = E_lo(x_lo) E_mid(x_mid)
 * E_top(x_top) over the bits [0, bl), [bl, bl + bm), [bl + bm, n), each
 * table of <= 2^MLE_EQ_BITS entries (on the stack).  Inside a block of 2^bl
 * entries the products f(x) E_lo(x_lo) are summed as exact 192-bit
 * integers and reduced once (the lazy reduction of the sumcheck kernels,
 * docs/spec/sumcheck.md 6), then weighted by E_mid, and the sum of a
 * block row by E_top.  Exact field arithmetic: the value is that of the
 * fold above, for any thread count. */
#define MLE_EQ_BITS 10

/* One block: sum_lo f(base + lo) E_lo(lo), f base (fb) or extension (fe). */
static zp_fe2 dot_block(const zp_fe *fb, const zp_fe2 *fe, size_t base, const zp_fe2 *elo,
                        size_t B) {
    zp_acc192 s00 = {0, 0, 0}, s11 = {0, 0, 0}, s01 = {0, 0, 0};
    if (fb) {
        const zp_fe *f = fb + base;
        for (size_t lo = 0; lo < B; lo++) {
            zp_acc192_mac(&s00, f[lo], elo[lo].c0);
            zp_acc192_mac(&s01, f[lo], elo[lo].c1);
        }
        zp_fe2 r = {zp_acc192_reduce(&s00), zp_acc192_reduce(&s01)};
        return r;
    }
    const zp_fe2 *f = fe + base;
    for (size_t lo = 0; lo < B; lo++) {
        zp_acc192_mac(&s00, f[lo].c0, elo[lo].c0);
        zp_acc192_mac(&s11, f[lo].c1, elo[lo].c1);
        zp_acc192_mac(&s01, f[lo].c0, elo[lo].c1);
        zp_acc192_mac(&s01, f[lo].c1, elo[lo].c0);
    }
    zp_fe2 r = {gl_add(zp_acc192_reduce(&s00), gl_mul7(zp_acc192_reduce(&s11))), zp_acc192_reduce(&s01)};
    return r;
}

/* f~(z) for 2^n entries, MLE_EQ_BITS <= n <= 3 MLE_EQ_BITS. */
static zp_fe2 mle_dot(const zp_fe *fb, const zp_fe2 *fe, const zp_fe2 *z, unsigned n) {
    const unsigned bl = MLE_EQ_BITS, bm = n - bl < MLE_EQ_BITS ? n - bl : MLE_EQ_BITS,
                   bt = n - bl - bm;
    zp_fe2 elo[(size_t)1 << MLE_EQ_BITS], emid[(size_t)1 << MLE_EQ_BITS],
        etop[(size_t)1 << MLE_EQ_BITS];
    zp_eq_table(elo, z, bl);
    zp_eq_table(emid, z + bl, bm);
    zp_eq_table(etop, z + bl + bm, bt);
    const size_t B = (size_t)1 << bl, mm = ((size_t)1 << bm) - 1;
    const long long nb = (long long)1 << (n - bl);
    zp_fe2 acc = {0, 0};
    /* blocks of 2^bl entries; the split does not change the value */
#pragma omp parallel if (nb >= 8)
    {
        zp_fe2 part = {0, 0};
#pragma omp for schedule(static)
        for (long long hb = 0; hb < nb; hb++) {
            const size_t b = (size_t)hb;
            zp_fe2 v = dot_block(fb, fe, b * B, elo, B);
            part = gl2_add(part, gl2_mul(v, gl2_mul(emid[b & mm], etop[b >> bm])));
        }
#pragma omp critical
        acc = gl2_add(acc, part);
    }
    return acc;
}

zp_fe2 zp_mle_eval(const zp_fe *evals, const zp_fe2 *z, unsigned n) {
    zp_fe2 zero = {0, 0};
    if (!evals || (n && !z) || n > 40) return zero;
    size_t total = (size_t)1 << n;
    if (total < MLE_PAR_MIN) return fold_range_fe(evals, z, n);
    if (n <= 3 * MLE_EQ_BITS) return mle_dot(evals, NULL, z, n);
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
    if (n <= 3 * MLE_EQ_BITS) return mle_dot(NULL, evals, z, n);
    zp_fe2 part[(size_t)1 << MLE_SPLIT];
    unsigned low = n - MLE_SPLIT;
    long long nc = (long long)1 << MLE_SPLIT;
#pragma omp parallel for schedule(static)
    for (long long c = 0; c < nc; c++) part[c] = fold_range_fe2(evals + ((size_t)c << low), z, low);
    return fold_block_fe2(part, z + low, MLE_SPLIT);
}
