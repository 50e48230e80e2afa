/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Reed-Solomon helpers of the commitment: uniform sampling from rng
 * streams, evaluation of an encoded message at a few code positions, and
 * weighted row combinations of the coefficient matrix. */
#include <stdlib.h>
#include <string.h>

#include "common/cpu.h"
#include "common/ctime.h"
#include "field/acc192.h"
#include "field/gl.h"
#include "pcs/pcs_internal.h"

zp_fe zp_pcs_redraw_pick(const uint8_t more[ZP_PCS_REDRAW_WORDS * 8]) {
    uint64_t v = gl_from_u64(zp_load64_le(more)), found = 0;
    for (size_t j = 0; j < ZP_PCS_REDRAW_WORDS; j++) {
        uint64_t w = zp_load64_le(more + 8 * j);
        uint64_t ok = (uint64_t)(w < ZP_FIELD_P);
        uint64_t take = 0 - (ok & ~found);
        v = (w & take) | (v & ~take);
        found |= ok;
    }
    return v;
}

void zp_pcs_sample(zp_fe *out, size_t n, const zp_rng *rng, uint32_t domain,
                   uint64_t index) {
    if (n == 0) return;
    zp_rng_stream(rng, domain, index, out, n * sizeof(zp_fe));
    /* Rejection sampling keeps the values exactly uniform.  A word is
     * rejected with probability 2^-32.  The pass below is branch-free; only
     * the fact that some word of the stream was >= p is declassified
     * (src/common/ctime.h), and then, word by word, which one: it reveals
     * that a discarded random word was >= p, nothing about the kept ones
     * or the witness. */
    uint64_t any = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t v = zp_load64_le((const uint8_t *)&out[i]);
        any |= (uint64_t)(v >= ZP_FIELD_P);
        out[i] = v;
    }
    ZP_DECLASSIFY(&any, sizeof any);
    if (!any) return;
    for (size_t i = 0; i < n; i++) {
        uint64_t bad = (uint64_t)(out[i] >= ZP_FIELD_P);
        ZP_DECLASSIFY(&bad, sizeof bad);
        if (!bad) continue;
        uint8_t more[ZP_PCS_REDRAW_WORDS * 8];
        zp_rng_stream(rng, domain | 0x80000000u, (index << 32) | (uint64_t)i, more,
                      sizeof more);
        out[i] = zp_pcs_redraw_pick(more);
        zp_memzero(more, sizeof more);
    }
}

/* ---- evaluation of an encoded message at code positions ---- */

void zp_rs_eval_at_horner(zp_fe2 *out, const zp_fe2 *u, size_t L, unsigned log_n,
                          const size_t *idx, size_t q) {
    zp_fe w = zp_fe_root_of_unity(log_n);
    long long nq = (long long)q;
#pragma omp parallel for schedule(static) if (q * L >= ((size_t)1 << 16))
    for (long long i = 0; i < nq; i++) {
        zp_fe x = gl_mul(ZP_PCS_SHIFT, zp_fe_pow(w, idx[i]));
        zp_fe2 acc = {0, 0};
        for (size_t j = L; j-- > 0;) acc = gl2_add(gl2_mul_fe(acc, x), u[j]);
        out[i] = acc;
    }
}

zp_err zp_rs_eval_at(zp_fe2 *out, const zp_fe2 *u, size_t L, unsigned log_n,
                     const size_t *idx, size_t q) {
    if (!out || !u || !idx || log_n > ZP_NTT_MAX_LOG || L > ((size_t)1 << log_n))
        return ZP_ERR_ARG;
    size_t n = (size_t)1 << log_n;
    for (size_t i = 0; i < q; i++)
        if (idx[i] >= n) return ZP_ERR_ARG;
    /* Horner: 2 base multiplications per coefficient and point; the coset
     * NTT of the two limbs: about N log N multiplications in all. */
    if (2 * q * L <= n * log_n) {
        zp_rs_eval_at_horner(out, u, L, log_n, idx, q);
        return ZP_OK;
    }
    zp_fe *buf = malloc((2 * n + 2 * L) * sizeof(zp_fe));
    if (!buf) return ZP_ERR_NOMEM;
    zp_fe *e0 = buf, *e1 = buf + n, *c0 = buf + 2 * n, *c1 = c0 + L;
    for (size_t j = 0; j < L; j++) {
        c0[j] = u[j].c0;
        c1[j] = u[j].c1;
    }
    /* The points are in F_p, so U(x) = U.c0(x) + X * U.c1(x) limb-wise. */
    zp_err e = zp_ntt_coset_lde(e0, log_n, c0, L, ZP_PCS_SHIFT);
    if (e == ZP_OK) e = zp_ntt_coset_lde(e1, log_n, c1, L, ZP_PCS_SHIFT);
    if (e == ZP_OK)
        for (size_t i = 0; i < q; i++) {
            out[i].c0 = e0[idx[i]];
            out[i].c1 = e1[idx[i]];
        }
    free(buf);
    return e;
}

/* ---- weighted row combinations ---- */

/* Columns per parallel block of zp_pcs_rowcomb (the block's sums, two
 * limbs of n_out outputs, stay in the first-level cache for n_out <= 4). */
#define RC_BLOCK 512

/* The sums of a block are kept limb by limb (acc[2 m] the c0 limbs of
 * output m, acc[2 m + 1] the c1 limbs), so each row adds w.c0 row and
 * w.c1 row with zp_fe_axpy_batch (the field's vector backend); the block
 * is then interleaved into out.  Field sums are exact: the result is the
 * same for any block order and thread count. */
static void rowcomb_axpy(zp_fe2 *out, size_t n_out, const zp_fe2 *w, size_t w_stride,
                         const zp_fe *c, size_t n_rows, size_t L) {
    long long nb = (long long)((L + RC_BLOCK - 1) / RC_BLOCK);
    int par = n_rows * L * n_out >= ((size_t)1 << 16);
    /* scratch: 2 n_out limbs of RC_BLOCK words per thread */
#pragma omp parallel if (par)
    {
        zp_fe *acc = malloc(2 * (n_out ? n_out : 1) * RC_BLOCK * sizeof(zp_fe));
#pragma omp for schedule(dynamic, 1)
        for (long long b = 0; b < nb; b++) {
            size_t j0 = (size_t)b * RC_BLOCK;
            size_t len = L - j0 < RC_BLOCK ? L - j0 : RC_BLOCK;
            if (!acc) {
                /* no scratch: the scalar loop on out directly */
                for (size_t m = 0; m < n_out; m++)
                    memset(out + m * L + j0, 0, len * sizeof(zp_fe2));
                for (size_t r = 0; r < n_rows; r++)
                    for (size_t m = 0; m < n_out; m++) {
                        zp_fe2 wm = w[m * w_stride + r];
                        if (gl2_is_zero(wm)) continue;
                        const zp_fe *row = c + r * L + j0;
                        zp_fe2 *o = out + m * L + j0;
                        for (size_t j = 0; j < len; j++) {
                            o[j].c0 = gl_add(o[j].c0, gl_mul(wm.c0, row[j]));
                            o[j].c1 = gl_add(o[j].c1, gl_mul(wm.c1, row[j]));
                        }
                    }
                continue;
            }
            memset(acc, 0, 2 * n_out * RC_BLOCK * sizeof(zp_fe));
            for (size_t r = 0; r < n_rows; r++) {
                const zp_fe *row = c + r * L + j0;
                for (size_t m = 0; m < n_out; m++) {
                    zp_fe2 wm = w[m * w_stride + r];
                    /* Weights are public (eq tables, challenges): skipping
                     * the zero ones branches on public data only. */
                    if (wm.c0) zp_fe_axpy_batch(acc + 2 * m * RC_BLOCK, row, wm.c0, len);
                    if (wm.c1) zp_fe_axpy_batch(acc + (2 * m + 1) * RC_BLOCK, row, wm.c1, len);
                }
            }
            for (size_t m = 0; m < n_out; m++) {
                const zp_fe *a0 = acc + 2 * m * RC_BLOCK, *a1 = a0 + RC_BLOCK;
                zp_fe2 *o = out + m * L + j0;
                for (size_t j = 0; j < len; j++) {
                    o[j].c0 = a0[j];
                    o[j].c1 = a1[j];
                }
            }
        }
        if (acc) zp_memzero(acc, 2 * (n_out ? n_out : 1) * RC_BLOCK * sizeof(zp_fe));
        free(acc);
    }
}

/* ---- lazy row combinations ---- */

/* Overflow bounds: a 52-bit-split accumulator gets at most three addends
 * below 2^52 per row (src/pcs/rowcomb_avx512.c); a 192-bit one holds 2^64
 * products. */
_Static_assert(3ull * ZP_RC_LAZY_ROWS * (1ull << 52) < UINT64_MAX,
               "lazy accumulators overflow");

int zp_pcs_rowcomb_has_ifma(void) {
#ifndef ZP_NO_AVX512
    unsigned need = ZP_CPU_AVX512F | ZP_CPU_AVX512IFMA;
    return (zp_cpu_features() & need) == need;
#else
    return 0;
#endif
}

#ifndef ZP_NO_AVX512
/* a0 + 2^52 a1 + 2^104 a2 mod p (each a_i < 2^64), as a 192-bit sum. */
static zp_fe rc_reduce52(uint64_t a0, uint64_t a1, uint64_t a2) {
    unsigned __int128 lo = (unsigned __int128)a0 + ((unsigned __int128)a1 << 52);
    unsigned __int128 t = (unsigned __int128)(a2 & ((1ull << 24) - 1)) << 104;
    lo += t;
    zp_acc192 s = {(uint64_t)lo, (uint64_t)(lo >> 64), (a2 >> 24) + (uint64_t)(lo < t)};
    return zp_acc192_reduce(&s);
}
#endif

/* One column block [j0, j0 + len) of every output: rows in rounds of
 * ZP_RC_LAZY_ROWS summed without reduction, each round reduced once and
 * added to out.  acc: 3 nk ZP_RC_LAZY_BLOCK words; wl: the weight limbs
 * of a round split at bit 52 (wl[2 (nk r + k) + i]), nzr: how many of a
 * row's limbs are nonzero.  Limb k = 2 m + i is limb c_i of w[m]. */
static void rowcomb_lazy_block(zp_fe2 *out, size_t n_out, const zp_fe2 *w, size_t w_stride,
                               const zp_fe *c, size_t n_rows, size_t L, size_t j0,
                               size_t len, int ifma, uint64_t *acc, uint64_t *wl,
                               uint32_t *nzr) {
    size_t nk = 2 * n_out;
    for (size_t r0 = 0; r0 < n_rows; r0 += ZP_RC_LAZY_ROWS) {
        size_t r1 = n_rows - r0 < ZP_RC_LAZY_ROWS ? n_rows : r0 + ZP_RC_LAZY_ROWS;
        /* Weights are public (eq tables, challenges): skipping the zero
         * ones branches on public data only. */
        for (size_t r = r0; r < r1; r++) {
            uint64_t *wr = wl + 2 * nk * (r - r0);
            uint32_t nz = 0;
            for (size_t k = 0; k < nk; k++) {
                zp_fe2 wm = w[(k >> 1) * w_stride + r];
                uint64_t y = (k & 1) ? wm.c1 : wm.c0;
                wr[2 * k] = y & ((1ull << 52) - 1);
                wr[2 * k + 1] = y >> 52;
                nz += y != 0;
            }
            nzr[r - r0] = nz;
        }
#ifndef ZP_NO_AVX512
        if (ifma) {
            zp_pcs_rowcomb_lazy_ifma(acc, wl, nzr, nk, c, r0, r1, L, j0, len);
            for (size_t k = 0; k < nk; k++) {
                const uint64_t *a = acc + 3 * k * ZP_RC_LAZY_BLOCK;
                for (size_t j = 0; j < len; j++) {
                    zp_fe v = rc_reduce52(a[j], a[j + ZP_RC_LAZY_BLOCK],
                                          a[j + 2 * ZP_RC_LAZY_BLOCK]);
                    zp_fe *o = (k & 1) ? &out[(k >> 1) * L + j0 + j].c1
                                       : &out[(k >> 1) * L + j0 + j].c0;
                    *o = r0 ? gl_add(*o, v) : v;
                }
            }
            continue;
        }
#else
        (void)ifma;
#endif
        /* portable: 192-bit sums (l0, l1, hi) of the full products */
        memset(acc, 0, 3 * nk * ZP_RC_LAZY_BLOCK * sizeof(uint64_t));
        for (size_t r = r0; r < r1; r++) {
            const zp_fe *row = c + r * L + j0;
            const uint64_t *wr = wl + 2 * nk * (r - r0);
            for (size_t k = 0; k < nk; k++) {
                uint64_t y = wr[2 * k] | (wr[2 * k + 1] << 52);
                if (!y) continue;
                uint64_t *a = acc + 3 * k * ZP_RC_LAZY_BLOCK;
                for (size_t j = 0; j < len; j++) {
                    zp_acc192 s = {a[j], a[j + ZP_RC_LAZY_BLOCK], a[j + 2 * ZP_RC_LAZY_BLOCK]};
                    zp_acc192_mac(&s, row[j], y);
                    a[j] = s.l0;
                    a[j + ZP_RC_LAZY_BLOCK] = s.l1;
                    a[j + 2 * ZP_RC_LAZY_BLOCK] = s.hi;
                }
            }
        }
        for (size_t k = 0; k < nk; k++) {
            const uint64_t *a = acc + 3 * k * ZP_RC_LAZY_BLOCK;
            for (size_t j = 0; j < len; j++) {
                zp_acc192 s = {a[j], a[j + ZP_RC_LAZY_BLOCK], a[j + 2 * ZP_RC_LAZY_BLOCK]};
                zp_fe v = zp_acc192_reduce(&s);
                zp_fe *o = (k & 1) ? &out[(k >> 1) * L + j0 + j].c1
                                   : &out[(k >> 1) * L + j0 + j].c0;
                *o = r0 ? gl_add(*o, v) : v;
            }
        }
    }
}

/* Parallel over column blocks; field sums are exact, so the result is the
 * same for any block order and thread count.  Falls back to the axpy path
 * when the scratch cannot be allocated. */
static void rowcomb_lazy(zp_fe2 *out, size_t n_out, const zp_fe2 *w, size_t w_stride,
                         const zp_fe *c, size_t n_rows, size_t L, int ifma) {
    if (n_out == 0 || L == 0) return;
    if (n_rows == 0) {
        memset(out, 0, n_out * L * sizeof(zp_fe2));
        return;
    }
    long long nb = (long long)((L + ZP_RC_LAZY_BLOCK - 1) / ZP_RC_LAZY_BLOCK);
    size_t nk = 2 * n_out, rr = n_rows < ZP_RC_LAZY_ROWS ? n_rows : ZP_RC_LAZY_ROWS;
    size_t acc_n = 3 * nk * ZP_RC_LAZY_BLOCK, wl_n = 2 * nk * (rr ? rr : 1);
    int par = n_rows * L * n_out >= ((size_t)1 << 16);
    int failed = 0;
#pragma omp parallel if (par) reduction(| : failed)
    {
        uint64_t *acc = malloc(acc_n * sizeof(uint64_t));
        uint64_t *wl = malloc(wl_n * sizeof(uint64_t));
        uint32_t *nzr = malloc((rr ? rr : 1) * sizeof(uint32_t));
        int ok = acc && wl && nzr;
        if (!ok) failed = 1;
#pragma omp for schedule(dynamic, 1)
        for (long long b = 0; b < nb; b++) {
            if (!ok) continue;
            size_t j0 = (size_t)b * ZP_RC_LAZY_BLOCK;
            size_t len = L - j0 < ZP_RC_LAZY_BLOCK ? L - j0 : ZP_RC_LAZY_BLOCK;
            rowcomb_lazy_block(out, n_out, w, w_stride, c, n_rows, L, j0, len, ifma, acc,
                               wl, nzr);
        }
        if (acc) zp_memzero(acc, acc_n * sizeof(uint64_t));
        free(acc);
        free(wl);
        free(nzr);
    }
    if (failed) rowcomb_axpy(out, n_out, w, w_stride, c, n_rows, L);
}

void zp_pcs_rowcomb_path(zp_fe2 *out, size_t n_out, const zp_fe2 *w, size_t w_stride,
                         const zp_fe *c, size_t n_rows, size_t L, int path, int use_ifma) {
    int ifma = use_ifma && zp_pcs_rowcomb_has_ifma();
    if (path == ZP_RC_PATH_AUTO) {
#ifndef ZP_NO_AVX512
        path = ifma || !(zp_cpu_features() & ZP_CPU_AVX512F) ? ZP_RC_PATH_LAZY
                                                              : ZP_RC_PATH_AXPY;
#else
        path = ZP_RC_PATH_LAZY;
#endif
    }
    if (path == ZP_RC_PATH_AXPY)
        rowcomb_axpy(out, n_out, w, w_stride, c, n_rows, L);
    else
        rowcomb_lazy(out, n_out, w, w_stride, c, n_rows, L, ifma);
}

void zp_pcs_rowcomb(zp_fe2 *out, size_t n_out, const zp_fe2 *w, size_t w_stride,
                    const zp_fe *c, size_t n_rows, size_t L) {
    zp_pcs_rowcomb_path(out, n_out, w, w_stride, c, n_rows, L, ZP_RC_PATH_AUTO, 1);
}
