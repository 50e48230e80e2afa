/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Multilinear helpers: eq tables and O(2^n) evaluation of multilinear
 * extensions (variable 0 = lowest index bit). */
#include "common/cpu.h"
#include "field/acc192.h"
#include "field/gl.h"
#include "pcs/mle_kern.h"
#include "zkprov/pcs.h"

/* Entries at or above which the loops below run on several threads. */
#define MLE_PAR_MIN ((size_t)1 << 15)
/* Elements folded at once on the stack by fold_block_*. */
#define FOLD_B 6
/* Chunks of the top-level parallel split of the fold (2^MLE_SPLIT). */
#define MLE_SPLIT 6
/* Bits of the eq tables on the stack: 2^10 entries (ZP_MLE_DOT_MAX). */
#define MLE_EQ_BITS 10
_Static_assert(((size_t)1 << MLE_EQ_BITS) == ZP_MLE_DOT_MAX, "eq table size");
/* Eq tables up to 2^MLE_EQ_LEVEL variables are built level by level. */
#define MLE_EQ_LEVEL 4
/* Tensors below 2^MLE_DOT_MIN entries are folded (too small for blocks). */
#define MLE_DOT_MIN 6
/* mle_dot's blocks have >= 2^(MLE_DOT_MIN - 2) entries: a multiple of the
 * 8 lanes of the vector kernels. */
_Static_assert(MLE_DOT_MIN - 2 >= 3, "dot blocks of 8 lanes");

/* ---- backends ---- */

static zp_fe2 dot_portable(const zp_fe *f, const zp_fe2 *e, size_t B);
static zp_fe2 dot2_portable(const zp_fe2 *f, const zp_fe2 *e, size_t B);
static void scale_portable(zp_fe2 *out, const zp_fe2 *src, size_t m, zp_fe2 h);

typedef struct {
    zp_mle_dot_fn dot;
    zp_mle_dot2_fn dot2;
    zp_mle_scale_fn scale;
} mle_kern;

/* The kernels of a backend (ZP_MLE_AUTO: the vector ones this CPU has;
 * the dot products need IFMA, the eq rows AVX-512F). */
static mle_kern kern_of(int backend) {
    mle_kern k = {dot_portable, dot2_portable, scale_portable};
#if !defined(ZP_NO_AVX512) && ZP_FIELD_P == 0xFFFFFFFF00000001ULL /* Goldilocks kernels */
    if (backend == ZP_MLE_AUTO) {
        unsigned f = zp_cpu_features();
        if (f & ZP_CPU_AVX512F) k.scale = zp_mle_scale_avx512;
        if ((f & (ZP_CPU_AVX512F | ZP_CPU_AVX512IFMA)) == (ZP_CPU_AVX512F | ZP_CPU_AVX512IFMA)) {
            k.dot = zp_mle_dot_ifma;
            k.dot2 = zp_mle_dot2_ifma;
        }
    }
#else
    (void)backend;
#endif
    return k;
}

void zp_mle_kernels(zp_mle_dot_fn *dot, zp_mle_dot2_fn *dot2, zp_mle_scale_fn *scale,
                    int backend) {
    const mle_kern k = kern_of(backend);
    if (dot) *dot = k.dot;
    if (dot2) *dot2 = k.dot2;
    if (scale) *scale = k.scale;
}

/* ---- eq tables ---- */

/* After step i, out[x] = eq(z[0..i], x) for x < 2^(i+1); variable i
 * becomes bit i: out[x + 2^i] = out[x] z_i, out[x] = out[x] (1 - z_i). */
static void eq_levels(zp_fe2 *out, const zp_fe2 *z, unsigned n) {
    out[0].c0 = 1;
    out[0].c1 = 0;
    for (unsigned i = 0; i < n; i++) {
        size_t h = (size_t)1 << i;
        zp_fe2 zi = z[i];
        long long hh = (long long)h;
        if (h < MLE_PAR_MIN) { /* no parallel region: its setup outweighs small levels */
            for (size_t j = 0; j < h; j++) {
                zp_fe2 hi = gl2_mul(out[j], zi);
                out[j + h] = hi;
                out[j] = gl2_sub(out[j], hi);
            }
            continue;
        }
#pragma omp parallel for schedule(static)
        for (long long j = 0; j < hh; j++) {
            zp_fe2 hi = gl2_mul(out[j], zi);
            out[(size_t)j + h] = hi;
            out[j] = gl2_sub(out[j], hi);
        }
    }
}

static void scale_portable(zp_fe2 *out, const zp_fe2 *src, size_t m, zp_fe2 h) {
    for (size_t i = 0; i < m; i++) out[i] = gl2_mul(src[i], h);
}

/* eq(z, x) = eq(z_lo, x_lo) eq(z_hi, x_hi) with x_lo the a = n - b low
 * bits, b = min(n / 2, MLE_EQ_BITS): E_lo is built in out[0, 2^a)
 * (recursively), E_hi on the stack, and row x_hi of out is E_lo E_hi[x_hi],
 * row 0 last (it overwrites E_lo).  One pass over out and 2^n + O(2^a)
 * multiplications, as many as level by level, which reads and writes
 * the upper levels twice. */
static void eq_build(zp_fe2 *out, const zp_fe2 *z, unsigned n, const mle_kern *k) {
    if (n <= MLE_EQ_LEVEL) {
        eq_levels(out, z, n);
        return;
    }
    const unsigned b = n / 2 < MLE_EQ_BITS ? n / 2 : MLE_EQ_BITS, a = n - b;
    zp_fe2 ehi[(size_t)1 << MLE_EQ_BITS];
    eq_build(out, z, a, k);
    eq_build(ehi, z + a, b, k);
    const size_t len = (size_t)1 << a;
    const long long rows = (long long)1 << b;
    if (((size_t)1 << n) >= MLE_PAR_MIN) {
#pragma omp parallel for schedule(static)
        for (long long r = 1; r < rows; r++) k->scale(out + (size_t)r * len, out, len, ehi[r]);
    } else {
        for (long long r = 1; r < rows; r++) k->scale(out + (size_t)r * len, out, len, ehi[r]);
    }
    k->scale(out, out, len, ehi[0]);
}

void zp_eq_table_backend(zp_fe2 *out, const zp_fe2 *z, unsigned n, int backend) {
    if (!out || (n && !z)) return;
    if (backend == ZP_MLE_FOLD) {
        eq_levels(out, z, n);
        return;
    }
    const mle_kern k = kern_of(backend);
    eq_build(out, z, n, &k);
}

void zp_eq_table(zp_fe2 *out, const zp_fe2 *z, unsigned n) {
    zp_eq_table_backend(out, z, n, ZP_MLE_AUTO);
}

/* ---- evaluation by folding (the reference, and tensors below 2^MLE_DOT_MIN) ---- */

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

/* f~(z) by folding: below 2^15 entries in one pass, else 2^MLE_SPLIT
 * chunks folded over the low variables in parallel, then the chunk values
 * over the top MLE_SPLIT variables (a fixed split: the same result for
 * any thread count). */
static zp_fe2 mle_fold(const zp_fe *fb, const zp_fe2 *fe, const zp_fe2 *z, unsigned n) {
    if (((size_t)1 << n) < MLE_PAR_MIN)
        return fb ? fold_range_fe(fb, z, n) : fold_range_fe2(fe, z, n);
    zp_fe2 part[(size_t)1 << MLE_SPLIT];
    unsigned low = n - MLE_SPLIT;
    long long nc = (long long)1 << MLE_SPLIT;
#pragma omp parallel for schedule(static)
    for (long long c = 0; c < nc; c++)
        part[c] = fb ? fold_range_fe(fb + ((size_t)c << low), z, low)
                     : fold_range_fe2(fe + ((size_t)c << low), z, low);
    return fold_block_fe2(part, z + low, MLE_SPLIT);
}

/* ---- evaluation as a dot product with split eq weights ----
 * f~(z) = sum_x eq(z, x) f(x) with eq(z, x) = E_lo(x_lo) E_mid(x_mid)
 * E_top(x_top) over the bits [0, bl), [bl, bl + bm), [bl + bm, n), each
 * table of <= 2^MLE_EQ_BITS entries (on the stack).  Inside a block of 2^bl
 * entries the products f(x) E_lo(x_lo) are summed exactly and reduced once
 * (192-bit sums in portable C, the lazy reduction of the sumcheck kernels,
 * docs/spec/sumcheck.md 6; 52-bit limb sums with IFMA, mle_dot_avx512.c),
 * then weighted by E_mid, and the sum of a block row by E_top.  Exact field
 * arithmetic: the value is that of the fold above, for any thread count
 * and backend. */

/* One block: sum_lo f(lo) E_lo(lo), f base or extension. */
static zp_fe2 dot_portable(const zp_fe *f, const zp_fe2 *e, size_t B) {
    zp_acc192 s0 = {0, 0, 0}, s1 = {0, 0, 0};
    for (size_t lo = 0; lo < B; lo++) {
        zp_acc192_mac(&s0, f[lo], e[lo].c0);
        zp_acc192_mac(&s1, f[lo], e[lo].c1);
    }
    zp_fe2 r = {zp_acc192_reduce(&s0), zp_acc192_reduce(&s1)};
    return r;
}

static zp_fe2 dot2_portable(const zp_fe2 *f, const zp_fe2 *e, size_t B) {
    zp_acc192 s00 = {0, 0, 0}, s11 = {0, 0, 0}, s01 = {0, 0, 0};
    for (size_t lo = 0; lo < B; lo++) {
        zp_acc192_mac(&s00, f[lo].c0, e[lo].c0);
        zp_acc192_mac(&s11, f[lo].c1, e[lo].c1);
        zp_acc192_mac(&s01, f[lo].c0, e[lo].c1);
        zp_acc192_mac(&s01, f[lo].c1, e[lo].c0);
    }
    zp_fe2 r = {gl_add(zp_acc192_reduce(&s00), gl_mul7(zp_acc192_reduce(&s11))),
                zp_acc192_reduce(&s01)};
    return r;
}

/* f~(z) for 2^n entries, MLE_DOT_MIN <= n <= 3 MLE_EQ_BITS.  Blocks of
 * 2^bl entries, bl = min(n - 2, MLE_EQ_BITS) (>= 4 blocks: a smaller E_lo
 * table where the table would cost as much as the products). */
static zp_fe2 mle_dot(const zp_fe *fb, const zp_fe2 *fe, const zp_fe2 *z, unsigned n,
                      const mle_kern *k) {
    const unsigned bl = n - 2 < MLE_EQ_BITS ? n - 2 : MLE_EQ_BITS,
                   bm = n - bl < MLE_EQ_BITS ? n - bl : MLE_EQ_BITS, bt = n - bl - bm;
    zp_fe2 elo[(size_t)1 << MLE_EQ_BITS], emid[(size_t)1 << MLE_EQ_BITS],
        etop[(size_t)1 << MLE_EQ_BITS];
    eq_build(elo, z, bl, k);
    eq_build(emid, z + bl, bm, k);
    eq_build(etop, z + bl + bm, bt, k);
    const size_t B = (size_t)1 << bl, mm = ((size_t)1 << bm) - 1;
    const long long nb = (long long)1 << (n - bl);
    zp_fe2 acc = {0, 0};
    if (((size_t)1 << n) < MLE_PAR_MIN) {
        for (size_t b = 0; b < (size_t)nb; b++) {
            zp_fe2 v = fb ? k->dot(fb + b * B, elo, B) : k->dot2(fe + b * B, elo, B);
            acc = gl2_add(acc, gl2_mul(v, gl2_mul(emid[b & mm], etop[b >> bm])));
        }
        return acc;
    }
    /* the split over threads does not change the value */
#pragma omp parallel
    {
        zp_fe2 part = {0, 0};
#pragma omp for schedule(static)
        for (long long hb = 0; hb < nb; hb++) {
            const size_t b = (size_t)hb;
            zp_fe2 v = fb ? k->dot(fb + b * B, elo, B) : k->dot2(fe + b * B, elo, B);
            part = gl2_add(part, gl2_mul(v, gl2_mul(emid[b & mm], etop[b >> bm])));
        }
#pragma omp critical
        acc = gl2_add(acc, part);
    }
    return acc;
}

zp_fe2 zp_mle_eval_backend(const zp_fe *fb, const zp_fe2 *fe, const zp_fe2 *z, unsigned n,
                           int backend) {
    zp_fe2 zero = {0, 0};
    if ((!fb && !fe) || (n && !z) || n > 40) return zero;
    if (backend == ZP_MLE_FOLD || n < MLE_DOT_MIN) return mle_fold(fb, fe, z, n);
    const mle_kern k = kern_of(backend);
    if (n <= 3 * MLE_EQ_BITS) return mle_dot(fb, fe, z, n, &k);
    /* 2^(n - 30) chunks of 2^30 entries, each a dot product (parallel
     * inside), then the chunk values folded over the top variables. */
    zp_fe2 part[(size_t)1 << (40 - 3 * MLE_EQ_BITS)];
    const unsigned low = 3 * MLE_EQ_BITS;
    for (size_t c = 0; c < ((size_t)1 << (n - low)); c++)
        part[c] = fb ? mle_dot(fb + (c << low), NULL, z, low, &k)
                     : mle_dot(NULL, fe + (c << low), z, low, &k);
    return fold_range_fe2(part, z + low, n - low);
}

zp_fe2 zp_mle_eval(const zp_fe *evals, const zp_fe2 *z, unsigned n) {
    zp_fe2 zero = {0, 0};
    if (!evals) return zero;
    return zp_mle_eval_backend(evals, NULL, z, n, ZP_MLE_AUTO);
}

zp_fe2 zp_mle_eval2(const zp_fe2 *evals, const zp_fe2 *z, unsigned n) {
    zp_fe2 zero = {0, 0};
    if (!evals) return zero;
    return zp_mle_eval_backend(NULL, evals, z, n, ZP_MLE_AUTO);
}
