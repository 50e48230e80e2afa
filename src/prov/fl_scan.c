/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Federated rounds, aggregator side: one pass over the client updates and
 * the small-value rounds of the squared-norm sumcheck (docs/spec/fl.md,
 * "Prover cost"). */
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "field/gl.h"
#include "prov/fl_internal.h"

/* Values per work item of the scan: a multiple of 2^ZP_FL_SMALL_ROUNDS. */
#define SCAN_CHUNK ((size_t)1 << 12)

static inline zp_fe fe_s(int64_t v) {
    return v >= 0 ? (zp_fe)v : gl_neg((zp_fe)(0 - (uint64_t)v));
}

/* A signed 128-bit integer (|x| < 2^127) reduced mod p. */
static inline zp_fe red_s128(__int128 x) {
    if (x >= 0) return gl_reduce128((unsigned __int128)x);
    return gl_neg(gl_reduce128((unsigned __int128)(-x)));
}

static size_t tri(size_t m) { return m * (m + 1) / 2; }

size_t zp_fl_scan_acc_offset(unsigned j) {
    size_t o = 0;
    for (unsigned i = 0; i < j; i++) o += 2 * tri((size_t)1 << i);
    return o;
}

void zp_fl_scan_free(zp_fl_scan *s) {
    if (!s) return;
    free(s->acc);
    free(s->colsum);
    free(s->norm);
    memset(s, 0, sizeof *s);
}

/* The products of one block of 2^k values w (k <= ZP_FL_SMALL_ROUNDS),
 * for every small round j < k: with x = b + 2^j t + 2^(j+1) y inside the
 * block, v0[b] = w(b, 0, y), v2[b] = 2 w(b, 1, y) - w(b, 0, y) (the
 * round polynomial's points 0 and 2), A_j[t][b <= b'] += v_t[b] v_t[b'].
 * Two's complement arithmetic mod 2^64 (exact for in-range values);
 * wide: field arithmetic instead (any values). */
static inline __attribute__((always_inline)) void block_products(uint64_t *acc, const int64_t *w,
                                                                   unsigned k, int wide) {
    uint64_t *A = acc;
    for (unsigned j = 0; j < k; j++) {
        const size_t m = (size_t)1 << j, tm = tri(m);
        uint64_t *A0 = A, *A2 = A + tm;
        for (size_t sb = 0; sb < ((size_t)1 << k) >> (j + 1); sb++) {
            const int64_t *x = w + (sb << (j + 1));
            uint64_t v0[1u << (ZP_FL_SMALL_ROUNDS - 1)], v2[1u << (ZP_FL_SMALL_ROUNDS - 1)];
            for (size_t b = 0; b < m; b++) {
                if (wide) {
                    v0[b] = fe_s(x[b]);
                    v2[b] = gl_sub(gl_add(fe_s(x[m + b]), fe_s(x[m + b])), v0[b]);
                } else {
                    v0[b] = (uint64_t)x[b];
                    v2[b] = 2 * (uint64_t)x[m + b] - (uint64_t)x[b];
                }
            }
            size_t idx = 0;
            for (size_t b = 0; b < m; b++)
                for (size_t c = b; c < m; c++, idx++) {
                    if (wide) {
                        A0[idx] = gl_add(A0[idx], gl_mul(v0[b], v0[c]));
                        A2[idx] = gl_add(A2[idx], gl_mul(v2[b], v2[c]));
                    } else {
                        A0[idx] += v0[b] * v0[c];
                        A2[idx] += v2[b] * v2[c];
                    }
                }
        }
        A += 2 * tm;
    }
}

/* One client's slice u[0..len) at offset x0 (len a multiple of 2^k). */
static inline __attribute__((always_inline)) void scan_slice(uint64_t *acc, uint64_t *col,
                                                               uint64_t *nrm, uint64_t *bad,
                                                               uint64_t *sacc, uint64_t wgt,
                                                               const int64_t *u, size_t x0,
                                                               size_t len, size_t cmask,
                                                               uint64_t half, unsigned k, int wide) {
    uint64_t s2 = *nrm, out = 0;
    if (wide) {
        for (size_t x = 0; x < len; x++) {
            zp_fe v = fe_s(u[x]);
            s2 = gl_add(s2, gl_sqr(v));
            col[(x0 + x) & cmask] = gl_add(col[(x0 + x) & cmask], v);
            sacc[x] += wgt * (uint64_t)u[x];
        }
    } else {
        for (size_t x = 0; x < len; x++) {
            uint64_t v = (uint64_t)u[x];
            s2 += v * v;
            out |= (uint64_t)((v + half) >= 2 * half);
            col[(x0 + x) & cmask] += v;
            sacc[x] += wgt * v;
        }
    }
    for (size_t b0 = 0; b0 < len; b0 += (size_t)1 << k) block_products(acc, u + b0, k, wide);
    *nrm = s2;
    *bad |= out;
}

zp_err zp_fl_scan_run(zp_fl_scan *s, const int64_t *const *values, size_t n, unsigned lp,
                      unsigned clc, unsigned k, uint64_t half, int wide, const uint64_t *wgt,
                      int64_t *sacc) {
    memset(s, 0, sizeof *s);
    if (!values || !wgt || !sacc || n == 0 || k > ZP_FL_SMALL_ROUNDS || k > clc || clc >= lp)
        return ZP_ERR_ARG;
    const size_t P = (size_t)1 << lp, C = (size_t)1 << clc;
    const size_t al = zp_fl_scan_acc_offset(k), per = al + C + 2;
    int nthr = 1;
#ifdef _OPENMP
    nthr = omp_get_max_threads();
#endif
    s->n = n, s->lp = lp, s->clc = clc, s->k = k, s->wide = wide, s->acc_len = al;
    s->acc = calloc(n * (al ? al : 1), sizeof(uint64_t));
    s->colsum = calloc(n * C, sizeof(uint64_t));
    s->norm = calloc(n, sizeof(uint64_t));
    /* per thread and client: acc, colsum, norm, out-of-range flag */
    uint64_t *th = calloc((size_t)nthr * n * per, sizeof(uint64_t));
    if (!s->acc || !s->colsum || !s->norm || !th) {
        free(th);
        zp_fl_scan_free(s);
        return ZP_ERR_NOMEM;
    }
    memset(sacc, 0, P * sizeof *sacc);
    const size_t chunk = P < SCAN_CHUNK ? P : SCAN_CHUNK, nch = P / chunk;
#pragma omp parallel num_threads(nthr)
    {
        int tid = 0;
#ifdef _OPENMP
        tid = omp_get_thread_num();
#endif
        uint64_t *mine = th + (size_t)tid * n * per;
#pragma omp for schedule(static)
        for (size_t ch = 0; ch < nch; ch++) {
            size_t x0 = ch * chunk;
            uint64_t *sa = (uint64_t *)(sacc + x0);
            for (size_t i = 0; i < n; i++) {
                uint64_t *b = mine + i * per;
                if (wide)
                    scan_slice(b, b + al, b + al + C, b + al + C + 1, sa, wgt[i], values[i] + x0, x0,
                               chunk, C - 1, half, k, 1);
                else if (k == ZP_FL_SMALL_ROUNDS)
                    scan_slice(b, b + al, b + al + C, b + al + C + 1, sa, wgt[i], values[i] + x0, x0,
                               chunk, C - 1, half, ZP_FL_SMALL_ROUNDS, 0);
                else
                    scan_slice(b, b + al, b + al + C, b + al + C + 1, sa, wgt[i], values[i] + x0, x0,
                               chunk, C - 1, half, k, 0);
            }
        }
    }
    /* merge: integer sums are exact and field sums commute, so the result
     * does not depend on the thread count */
    for (int t = 0; t < nthr; t++)
        for (size_t i = 0; i < n; i++) {
            const uint64_t *b = th + ((size_t)t * n + i) * per;
            for (size_t q = 0; q < al; q++)
                s->acc[i * al + q] = wide ? gl_add(s->acc[i * al + q], b[q]) : s->acc[i * al + q] + b[q];
            for (size_t c = 0; c < C; c++)
                s->colsum[i * C + c] =
                    wide ? gl_add(s->colsum[i * C + c], b[al + c]) : s->colsum[i * C + c] + b[al + c];
            s->norm[i] = wide ? gl_add(s->norm[i], b[al + C]) : s->norm[i] + b[al + C];
            if (b[al + C + 1]) s->out_of_range = 1;
        }
    free(th);
    return ZP_OK;
}

zp_fe zp_fl_scan_value(const zp_fl_scan *s, uint64_t w) {
    return s->wide ? (zp_fe)w : fe_s((int64_t)w);
}

void zp_fl_eq_weights(zp_fe2 *e, const zp_fe2 *r, unsigned j, zp_fe2 scale) {
    const zp_fe2 one = {1, 0};
    e[0] = scale;
    for (unsigned v = 0; v < j; v++) {
        size_t m = (size_t)1 << v;
        for (size_t b = 0; b < m; b++) {
            e[b + m] = gl2_mul(e[b], r[v]);
            e[b] = gl2_mul(e[b], gl2_sub(one, r[v]));
        }
    }
}

void zp_fl_pair_weights(zp_fe2 *ee, const zp_fe2 *e, unsigned j) {
    size_t m = (size_t)1 << j, idx = 0;
    for (size_t b = 0; b < m; b++)
        for (size_t c = b; c < m; c++, idx++) {
            zp_fe2 w = gl2_mul(e[b], e[c]);
            ee[idx] = b == c ? w : gl2_add(w, w);
        }
}

void zp_fl_small_sums(zp_fe2 *q0, zp_fe2 *q2, const zp_fl_scan *s, size_t i, unsigned j,
                      const zp_fe2 *ee) {
    const uint64_t *A0 = s->acc + i * s->acc_len + zp_fl_scan_acc_offset(j);
    const size_t tm = tri((size_t)1 << j);
    const uint64_t *A2 = A0 + tm;
    zp_fe2 a = {0, 0}, b = {0, 0};
    for (size_t q = 0; q < tm; q++) {
        a = gl2_add(a, gl2_mul_fe(ee[q], zp_fl_scan_value(s, A0[q])));
        b = gl2_add(b, gl2_mul_fe(ee[q], zp_fl_scan_value(s, A2[q])));
    }
    *q0 = a;
    *q2 = b;
}

void zp_fl_small_fold(zp_fe2 *T, const int64_t *u, unsigned lp, unsigned k, const zp_fe2 *e,
                      const zp_fe2 *cR, size_t rmask, int wide) {
    const size_t Y = (size_t)1 << (lp - k), B = (size_t)1 << k;
    if (wide) {
        for (size_t y = 0; y < Y; y++) {
            zp_fe2 acc = cR[y & rmask];
            for (size_t b = 0; b < B; b++) acc = gl2_add(acc, gl2_mul_fe(e[b], fe_s(u[(y << k) + b])));
            T[y] = acc;
        }
        return;
    }
    /* |u| < 2^23 (checked by the scan): |e.c u| < 2^87, a sum of 2^k <= 16
     * such products fits a signed 128-bit accumulator; reduce once. */
    for (size_t y = 0; y < Y; y++) {
        const int64_t *x = u + (y << k);
        __int128 a0 = 0, a1 = 0;
        for (size_t b = 0; b < B; b++) {
            a0 += (__int128)e[b].c0 * x[b];
            a1 += (__int128)e[b].c1 * x[b];
        }
        zp_fe2 v = {red_s128(a0), red_s128(a1)};
        T[y] = gl2_add(v, cR[y & rmask]);
    }
}
