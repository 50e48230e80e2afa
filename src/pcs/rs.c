/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Reed-Solomon helpers of the commitment: uniform sampling from rng
 * streams, evaluation of an encoded message at a few code positions, and
 * weighted row combinations of the coefficient matrix. */
#include <stdlib.h>
#include <string.h>

#include "common/ctime.h"
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
void zp_pcs_rowcomb(zp_fe2 *out, size_t n_out, const zp_fe2 *w, size_t w_stride,
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
