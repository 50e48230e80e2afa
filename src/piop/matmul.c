/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Matrix-product protocol (Thaler, ePrint 2013/351, section 4): one sumcheck over the inner dimension. */
#include <stdlib.h>
#include <string.h>

#include "field/gl.h"
#include "zkprov/common.h"
#include "piop/matmul_internal.h"

/* ---------------------------------------------------------------------
 * Folding kernels.  A product of a 64-bit extension limb and a canonical
 * entry is < 2^128; up to 2^64 of them are summed exactly in a 192-bit
 * accumulator (128-bit low part + 64-bit carry count), then reduced with
 * 2^128 = -2^32 (mod p).  Exact integer sums are order-independent, which
 * makes the folds deterministic for any thread count.
 * ------------------------------------------------------------------- */
typedef struct {
    unsigned __int128 lo;
    uint64_t top;
} acc192;

static inline void acc_add(acc192 *a, unsigned __int128 v) {
    unsigned __int128 s = a->lo + v;
    a->top += (uint64_t)(s < v);
    a->lo = s;
}

static inline zp_fe acc_reduce(const acc192 *a) {
    /* 2^128 mod p = (2^32 - 1)^2 mod p = p - 2^32. */
    zp_fe hi = gl_mul(gl_from_u64(a->top), GL_2POW128);
    return gl_add(gl_reduce128(a->lo), hi);
}

static inline void acc_merge(acc192 *a, const acc192 *b) {
    acc_add(a, b->lo);
    a->top += b->top;
}

#define MM_BLOCK 64
/* Folds of fewer entries (about 10 us of one thread) run on one thread. */
#define MM_PAR_MIN 8192

/* zp_mm_fold_rows with n <= MM_BLOCK (one column block): the rows are
 * split between the threads, each summing its rows into its own exact
 * accumulators, merged as integers (so any split gives the same values). */
static void fold_rows_narrow(zp_fe2 *out, const zp_fe *A, size_t m, size_t n,
                             const zp_fe2 *eq) {
    acc192 t0[MM_BLOCK], t1[MM_BLOCK];
    memset(t0, 0, sizeof t0);
    memset(t1, 0, sizeof t1);
    #pragma omp parallel if (m >= 2 && m * n >= MM_PAR_MIN)
    {
        acc192 a0[MM_BLOCK], a1[MM_BLOCK];
        memset(a0, 0, sizeof a0);
        memset(a1, 0, sizeof a1);
        #pragma omp for schedule(static)
        for (size_t i = 0; i < m; i++) {
            const zp_fe *row = A + i * n;
            uint64_t e0 = eq[i].c0, e1 = eq[i].c1;
            for (size_t k = 0; k < n; k++) {
                acc_add(&a0[k], (unsigned __int128)e0 * row[k]);
                acc_add(&a1[k], (unsigned __int128)e1 * row[k]);
            }
        }
        #pragma omp critical
        for (size_t k = 0; k < n; k++) {
            acc_merge(&t0[k], &a0[k]);
            acc_merge(&t1[k], &a1[k]);
        }
        zp_memzero(a0, sizeof a0);
        zp_memzero(a1, sizeof a1);
    }
    for (size_t k = 0; k < n; k++) {
        out[k].c0 = acc_reduce(&t0[k]);
        out[k].c1 = acc_reduce(&t1[k]);
    }
    zp_memzero(t0, sizeof t0);
    zp_memzero(t1, sizeof t1);
}

void zp_mm_fold_rows(zp_fe2 *out, const zp_fe *A, size_t m, size_t n,
                     const zp_fe2 *eq) {
    size_t n_blocks = (n + MM_BLOCK - 1) / MM_BLOCK;
    if (n_blocks == 1) {
        fold_rows_narrow(out, A, m, n, eq);
        return;
    }
    #pragma omp parallel for schedule(static) if (m * n >= MM_PAR_MIN)
    for (size_t bk = 0; bk < n_blocks; bk++) {
        acc192 a0[MM_BLOCK], a1[MM_BLOCK];
        size_t k0 = bk * MM_BLOCK;
        size_t w = n - k0 < MM_BLOCK ? n - k0 : MM_BLOCK;
        memset(a0, 0, sizeof a0);
        memset(a1, 0, sizeof a1);
        for (size_t i = 0; i < m; i++) {
            const zp_fe *row = A + i * n + k0;
            uint64_t e0 = eq[i].c0, e1 = eq[i].c1;
            for (size_t k = 0; k < w; k++) {
                acc_add(&a0[k], (unsigned __int128)e0 * row[k]);
                acc_add(&a1[k], (unsigned __int128)e1 * row[k]);
            }
        }
        for (size_t k = 0; k < w; k++) {
            out[k0 + k].c0 = acc_reduce(&a0[k]);
            out[k0 + k].c1 = acc_reduce(&a1[k]);
        }
    }
}

void zp_mm_fold_cols(zp_fe2 *out, const zp_fe *B, size_t n, size_t p,
                     const zp_fe2 *eq) {
    #pragma omp parallel for schedule(static) if (n >= 2 && n * p >= MM_PAR_MIN)
    for (size_t k = 0; k < n; k++) {
        const zp_fe *row = B + k * p;
        acc192 a0 = {0, 0}, a1 = {0, 0};
        for (size_t j = 0; j < p; j++) {
            acc_add(&a0, (unsigned __int128)eq[j].c0 * row[j]);
            acc_add(&a1, (unsigned __int128)eq[j].c1 * row[j]);
        }
        out[k].c0 = acc_reduce(&a0);
        out[k].c1 = acc_reduce(&a1);
    }
}

/* Plain product in the field: i-k-j order over 64-column strips of B, so a
 * strip (n x 64 entries) stays in cache while every row of A passes over it;
 * the 192-bit accumulators make each output a single reduction. */
static void zp_mm_compute(zp_fe *C, const zp_fe *A, const zp_fe *B, size_t m,
                   size_t n, size_t p) {
    size_t n_strips = (p + MM_BLOCK - 1) / MM_BLOCK;
    for (size_t s = 0; s < n_strips; s++) {
        size_t j0 = s * MM_BLOCK;
        size_t w = p - j0 < MM_BLOCK ? p - j0 : MM_BLOCK;
        #pragma omp parallel for schedule(static) if (m * n >= 16384)
        for (size_t i = 0; i < m; i++) {
            acc192 acc[MM_BLOCK];
            memset(acc, 0, sizeof acc);
            const zp_fe *arow = A + i * n;
            for (size_t k = 0; k < n; k++) {
                uint64_t a = arow[k];
                const zp_fe *brow = B + k * p + j0;
                for (size_t j = 0; j < w; j++)
                    acc_add(&acc[j], (unsigned __int128)a * brow[j]);
            }
            for (size_t j = 0; j < w; j++) C[i * p + j0 + j] = acc_reduce(&acc[j]);
        }
    }
}

void zp_matmul_compute(zp_fe *C, const zp_fe *A, const zp_fe *B, size_t m,
                       size_t n, size_t p) {
    zp_mm_compute(C, A, B, m, n, p);
}

/* ---------------------------------------------------------------------
 * The protocol.  With a(k) = A~(k, r_i) = sum_i eq(r_i, i) A[i][k] and
 * b(k) = B~(r_j, k) = sum_j B[k][j] eq(r_j, j) (both computed by one pass
 * over A and B), C~(r_j, r_i) = sum_k a(k) b(k): a degree-2 sumcheck over
 * the log_n inner variables ends at s with a(s) = A~(s, r_i) and
 * b(s) = B~(r_j, s).  ZK mode: the mask companions of the folded tables
 * are the same folds of the periodic masks of A and B, so the masked
 * values the sumcheck ends with are exactly the masked values of A at
 * (s, r_i) and of B at (r_j, s) (docs/spec/matmul.md).
 * ------------------------------------------------------------------- */

static const zp_sc_term MM_TERM = {{1, 0}, 2, {0, 1, 0, 0, 0, 0, 0, 0}};

unsigned zp_matmul_sc_vars(unsigned log_n) { return log_n ? log_n : 1; }

size_t zp_matmul_proof_bytes(unsigned log_n, int zk) {
    unsigned nv = zp_matmul_sc_vars(log_n);
    size_t sc = zk ? zp_sumcheck_zk_proof_bytes(nv, 2) : zp_sumcheck_proof_bytes(nv, 2);
    return sc + 2 * ZP_FE2_BYTES;
}

static int mm_tensor_ok(const zp_piop_tensor *t, unsigned log_size, int zk) {
    if (t == NULL || t->vals == NULL) return 0;
    if (!zk) return 1;
    int k = zp_piop_log2(t->mask_len);
    /* k >= 1: a one-value base mask, even folded into F_p2, lies in one
     * F-line and leaks a witness-dependent value (docs/spec/sumcheck.md). */
    return t->mask != NULL && k >= 1 && (unsigned)k <= log_size;
}

static zp_err mm_claims(zp_matmul_claims *out, const zp_fe2 *ev, unsigned log_m,
                        unsigned log_n, unsigned log_p, const zp_fe2 *r_i,
                        const zp_fe2 *r_j) {
    const zp_fe2 *s = out->sc.point;
    zp_fe2 c = zp_piop_pad_factor(s, log_n, out->sc.n_vars);
    zp_fe2 r_b = out->sc.zk ? out->sc.res.r_b : gl2_from_fe(0);
    out->a.n_vars = log_n + log_m;
    memcpy(out->a.point, s, log_n * sizeof(zp_fe2));
    if (log_m) memcpy(out->a.point + log_n, r_i, log_m * sizeof(zp_fe2));
    out->b.n_vars = log_p + log_n;
    if (log_p) memcpy(out->b.point, r_j, log_p * sizeof(zp_fe2));
    memcpy(out->b.point + log_p, s, log_n * sizeof(zp_fe2));
    zp_err e = zp_piop_unpad(&out->a, ev[0], r_b, c);
    if (e == ZP_OK) e = zp_piop_unpad(&out->b, ev[1], r_b, c);
    return e;
}

zp_err zp_matmul_prove(zp_transcript *tr, zp_bytes *proof,
                       zp_matmul_claims *out, const zp_piop_tensor *A,
                       const zp_piop_tensor *B, unsigned log_m,
                       unsigned log_n, unsigned log_p, const zp_fe2 *r_i,
                       const zp_fe2 *r_j, zp_fe2 claim, const zp_fe *g0,
                       const zp_fe *g1) {
    if (out == NULL) return ZP_ERR_ARG;
    memset(out, 0, sizeof *out);
    int zk = g0 != NULL;
    if (tr == NULL || proof == NULL || log_m + log_n > ZP_SC_MAX_VARS ||
        log_n + log_p > ZP_SC_MAX_VARS || (log_m && r_i == NULL) ||
        (log_p && r_j == NULL) || !mm_tensor_ok(A, log_m + log_n, zk) ||
        !mm_tensor_ok(B, log_n + log_p, zk) || (zk && g1 == NULL))
        return ZP_ERR_ARG;
    unsigned nv = zp_matmul_sc_vars(log_n);
    size_t M = (size_t)1 << log_m, N = (size_t)1 << log_n, P = (size_t)1 << log_p;
    size_t NV = (size_t)1 << nv;
    /* eq_i[M] | eq_j[P] | a[NV] | b[NV] | mask folds ma[N] | mb[N] */
    size_t n_el = M + P + 2 * NV + 2 * N;
    zp_fe2 *buf = malloc(n_el * sizeof(zp_fe2));
    if (buf == NULL) return ZP_ERR_NOMEM;
    memset(buf, 0, n_el * sizeof(zp_fe2));
    zp_fe2 *eqi = buf, *eqj = eqi + M, *av = eqj + P, *bv = av + NV;
    zp_fe2 *ma = bv + NV, *mb = ma + N;
    zp_piop_eq_table(eqi, r_i, log_m);
    zp_piop_eq_table(eqj, r_j, log_p);
    zp_mm_fold_rows(av, A->vals, M, N, eqi);
    zp_mm_fold_cols(bv, B->vals, N, P, eqj);

    zp_sc_table tabs[2];
    memset(tabs, 0, sizeof tabs);
    tabs[0].ext = av;
    tabs[1].ext = bv;
    zp_err e = ZP_OK;
    if (zk) {
        /* A's mask R(x) = mask[x mod L], x = i*N + k. */
        size_t L = A->mask_len;
        if (L >= N) {
            size_t rows = L / N;
            zp_fe2 *eqr = malloc(rows * sizeof(zp_fe2));
            if (eqr == NULL) { e = ZP_ERR_NOMEM; goto done; }
            zp_piop_eq_table(eqr, r_i, (unsigned)zp_piop_log2(rows));
            zp_mm_fold_rows(ma, A->mask, rows, N, eqr);
            free(eqr);
            tabs[0].mask_ext = ma;
            tabs[0].mask_len = N;
        } else {
            tabs[0].mask_base = A->mask;
            tabs[0].mask_len = L;
        }
        /* B's mask, x = k*P + j. */
        L = B->mask_len;
        if (L >= P) {
            zp_mm_fold_cols(mb, B->mask, L / P, P, eqj);
            tabs[1].mask_ext = mb;
            tabs[1].mask_len = L / P;
        } else {
            zp_fe2 *eqr = malloc(L * sizeof(zp_fe2));
            if (eqr == NULL) { e = ZP_ERR_NOMEM; goto done; }
            zp_piop_eq_table(eqr, r_j, (unsigned)zp_piop_log2(L));
            zp_mm_fold_cols(mb, B->mask, 1, L, eqr);
            free(eqr);
            tabs[1].mask_ext = mb;
            tabs[1].mask_len = 1;
        }
    }
    zp_sc_instance inst = {nv, 2, tabs, 1, &MM_TERM};
    zp_fe2 ev[2];
    e = zp_piop_sc_prove(tr, proof, &out->sc, ev, &inst, claim, g0, g1);
    if (e == ZP_OK) {
        zp_fs_send_fe2(tr, proof, "matmul/evals", ev, 2);
        if (mm_claims(out, ev, log_m, log_n, log_p, r_i, r_j) != ZP_OK)
            e = ZP_ERR_INTERNAL;
    }
done:
    zp_memzero(buf, n_el * sizeof(zp_fe2));
    free(buf);
    if (e != ZP_OK) memset(out, 0, sizeof *out);
    return e;
}

zp_err zp_matmul_verify(zp_transcript *tr, zp_reader *proof,
                        zp_matmul_claims *out, unsigned log_m,
                        unsigned log_n, unsigned log_p, const zp_fe2 *r_i,
                        const zp_fe2 *r_j, zp_fe2 claim, int zk) {
    if (out == NULL) return ZP_ERR_ARG;
    memset(out, 0, sizeof *out);
    if (tr == NULL || proof == NULL || log_m + log_n > ZP_SC_MAX_VARS ||
        log_n + log_p > ZP_SC_MAX_VARS || (log_m && r_i == NULL) ||
        (log_p && r_j == NULL) ||
        (zk && (log_m + log_n == 0 || log_n + log_p == 0))) /* unmaskable */
        return ZP_ERR_ARG;
    unsigned nv = zp_matmul_sc_vars(log_n);
    zp_fe2 ev[2];
    zp_err e = zp_piop_sc_verify(tr, proof, &out->sc, nv, 2, claim, zk);
    if (e == ZP_OK) e = zp_fs_recv_fe2(tr, proof, "matmul/evals", ev, 2);
    if (e == ZP_OK) e = zp_piop_sc_check(&out->sc, &MM_TERM, 1, ev, 2);
    if (e == ZP_OK) e = mm_claims(out, ev, log_m, log_n, log_p, r_i, r_j);
    if (e != ZP_OK) memset(out, 0, sizeof *out);
    return e;
}
