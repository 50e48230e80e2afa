/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Prover kernel of the ZK sumcheck of a row-masked product (docs/spec/sumcheck.md, 6). */
#include <stdlib.h>
#include <string.h>

#include "common/ctime.h"
#include "common/cpu.h"
#include "sc_prod_kern.h"
#include "sumcheck_internal.h"

/* Below this many pairs a pass runs on one thread (the sums are exact, so
 * the thread count never changes a value). */
#define PROD_PAR_MIN 2048
/* The folds of the late column rounds with fewer rows x new columns than
 * this (about 0.1 ms of one thread: 20-25 ns each) stay on one thread: a
 * parallel region costs 1-3 us, more on a shared machine where it can wait
 * for the second thread's time slice. */
#define PROD_PAR_FOLD 4096
/* Columns per block of the b-round pass (a multiple of 2). */
#define PROD_COL_BLOCK 1024

/* Lazy sums of 64 x 64-bit products: hi 2^128 + lo, reduced once
 * (2^128 = -2^32 mod p).  Exact: any order of additions, any thread count. */
typedef struct {
    unsigned __int128 lo;
    uint64_t hi;
} pacc;
static inline void pacc_mac(pacc *a, uint64_t x, uint64_t y) {
    const unsigned __int128 p = (unsigned __int128)x * y;
    a->lo += p;
    a->hi += (uint64_t)(a->lo < p);
}
static inline void pacc_add(pacc *a, const pacc *b) {
    a->lo += b->lo;
    a->hi += b->hi + (uint64_t)(a->lo < b->lo);
}
static inline zp_fe pacc_reduce(const pacc *a) {
    return gl_sub(gl_reduce128(a->lo), gl_mul(gl_from_u64(a->hi), GL_NEG_2POW128));
}

/* Extension sums: x y = (x0 y0 + 7 x1 y1) + (x0 y1 + x1 y0) u; a base x
 * extension product m y uses s00 (m y0) and s01 (m y1) only. */
typedef struct {
    pacc s00, s11, s01;
} pacc2;
static inline void pacc2_mac(pacc2 *a, zp_fe2 x, zp_fe2 y) {
    pacc_mac(&a->s00, x.c0, y.c0);
    pacc_mac(&a->s11, x.c1, y.c1);
    pacc_mac(&a->s01, x.c0, y.c1);
    pacc_mac(&a->s01, x.c1, y.c0);
}
static inline void pacc2_mac_fe(pacc2 *a, zp_fe m, zp_fe2 y) {
    pacc_mac(&a->s00, m, y.c0);
    pacc_mac(&a->s01, m, y.c1);
}
static inline void pacc2_add(pacc2 *a, const pacc2 *b) {
    pacc_add(&a->s00, &b->s00);
    pacc_add(&a->s11, &b->s11);
    pacc_add(&a->s01, &b->s01);
}
static inline zp_fe2 pacc2_reduce(const pacc2 *a) {
    zp_fe2 r = {gl_add(pacc_reduce(&a->s00), gl_mul7(pacc_reduce(&a->s11))),
                pacc_reduce(&a->s01)};
    return r;
}

/* A pacc of at most a few products (hi small): hi 2^128 = -hi 2^32. */
static inline zp_fe pacc_reduce_small(const pacc *a) {
    return gl_sub(gl_reduce128(a->lo), gl_mul_neg2pow128_u32(a->hi));
}

/* lo + r (hi - lo) for extension values: c0 = lo0 + r0 d0 + 7 r1 d1,
 * c1 = lo1 + r0 d1 + r1 d0 (r17 = 7 r1), one reduction per coordinate. */
static inline zp_fe2 fold2(zp_fe2 lo, zp_fe2 hi, zp_fe2 r, zp_fe r17) {
    const zp_fe d0 = gl_sub(hi.c0, lo.c0), d1 = gl_sub(hi.c1, lo.c1);
    pacc a = {lo.c0, 0}, b = {lo.c1, 0};
    pacc_mac(&a, r.c0, d0);
    pacc_mac(&a, r17, d1);
    pacc_mac(&b, r.c0, d1);
    pacc_mac(&b, r.c1, d0);
    zp_fe2 v = {pacc_reduce_small(&a), pacc_reduce_small(&b)};
    return v;
}
/* lo + r (hi - lo) for base values (lo + r0 d < 2^128: no carry). */
static inline zp_fe2 fold_fe(zp_fe lo, zp_fe hi, zp_fe2 r) {
    const zp_fe d = gl_sub(hi, lo);
    zp_fe2 v = {gl_reduce128((unsigned __int128)r.c0 * d + lo), gl_mul(r.c1, d)};
    return v;
}
/* 2 hi - lo: the value at 2 of the line through (0, lo), (1, hi). */
static inline zp_fe2 at2(zp_fe2 lo, zp_fe2 hi) { return gl2_sub(gl2_add(hi, hi), lo); }
static inline zp_fe at2_fe(zp_fe lo, zp_fe hi) { return gl_sub(gl_add(hi, hi), lo); }

/* Two variables at once: sum_t w[t] v[t] (t = x0 + 2 x1, w = eq weights
 * of (r0, r1)); w7[t] = 7 w[t].c1. */
static inline zp_fe2 fold4_fe(const zp_fe *v, const zp_fe2 *w) {
    pacc a = {0, 0}, b = {0, 0};
    for (int t = 0; t < 4; t++) {
        pacc_mac(&a, v[t], w[t].c0);
        pacc_mac(&b, v[t], w[t].c1);
    }
    zp_fe2 o = {pacc_reduce_small(&a), pacc_reduce_small(&b)};
    return o;
}
static inline zp_fe2 fold4(const zp_fe2 *v, const zp_fe2 *w, const zp_fe *w7) {
    pacc a = {0, 0}, b = {0, 0};
    for (int t = 0; t < 4; t++) {
        pacc_mac(&a, v[t].c0, w[t].c0);
        pacc_mac(&a, v[t].c1, w7[t]);
        pacc_mac(&b, v[t].c0, w[t].c1);
        pacc_mac(&b, v[t].c1, w[t].c0);
    }
    zp_fe2 o = {pacc_reduce_small(&a), pacc_reduce_small(&b)};
    return o;
}

typedef struct {
    const zp_fe *M;   /* rows x C base values, stride C                      */
    const zp_fe *Rm;  /* the mask row, C base values                         */
    zp_fe2 *K;        /* rows x C, folded in place (stride C)                */
    zp_fe2 *Mf;       /* M folded: rows x sM, stride sM                      */
    zp_fe2 *Rf;       /* Rm folded, C/2                                      */
    zp_fe2 *Kc;       /* column sums of K, C, folded in place                */
    zp_fe2 *Mr, *Kr;  /* row tables after the column rounds, rows + 1       */
    unsigned lr, lc;
    size_t C, rows, sM;
    size_t cc;        /* columns of the M and K tables                       */
    size_t ccol;      /* columns of Rf and Kc                                */
    size_t ra;        /* active rows of the row tables                       */
    int mbase;        /* M still unfolded (base field)                       */
    int pre;          /* round 1 from the b pass (lc >= 2)                   */
    int pend;         /* a variable bound at r_pend, M and K not folded yet  */
    int havep;        /* the next round's sums are in p1 (no pass)           */
    int check;
    zp_fe2 r_pend;
    zp_fe2 w0, w1;    /* 1 - r_b, r_b                                        */
    zp_fe2 sm0, sm2;  /* b pass: sum M K at x_0 = 0 and 2                    */
    zp_fe2 p1[2][3];  /* the next round at x = 0, 2: coefficient of r^e     */
} prod_ctx;

/* ---- b round: one pass over M and K (column blocks in parallel) ----
 * Sums over the active rows, and the column sums Kc.  Without pre: M K at
 * x_0 = 0, 1, 2 (the b round and round 0).  With pre (lc >= 2), per
 * x_1 = j in {0, 1, 2}: with x_0 free, M = a + x_0 b and K = c + x_0 d
 * (a, b base; c, d extension), so P_j(r) = sum (a + r b)(c + r d) =
 * q_j0 + r q_j1 + r^2 q_j2 with q_j0 = P_j(0) = sum a c, q_j2 = sum b d
 * (the leading coefficient) and q_j1 = P_j(1) - q_j0 - q_j2: 18
 * multiplications per 4 columns.  Round 0 at x_0 = t is P_0(t) + P_1(t),
 * the total is that at t = 0 plus t = 1, and round 1 at x_1 = k (0, 2) is
 * P_k(r_0): the b round, rounds 0 and 1 from one pass. */
typedef struct {
    pacc2 s0, s1, s2, q[3][3];
} bsums;

static void bsums_add(bsums *a, const bsums *b) {
    pacc2_add(&a->s0, &b->s0);
    pacc2_add(&a->s1, &b->s1);
    pacc2_add(&a->s2, &b->s2);
    for (int k = 0; k < 3; k++)
        for (int e = 0; e < 3; e++) pacc2_add(&a->q[k][e], &b->q[k][e]);
}

/* one row of a column block: width cb (a multiple of 4 when pre) */
static inline void brow(bsums *l, zp_fe2 *kc, const zp_fe *m, const zp_fe2 *kk, size_t cb,
                        int pre) {
    if (!pre) {
        for (size_t j = 0; j < cb; j += 2) {
            const zp_fe m0 = m[j], m1 = m[j + 1];
            const zp_fe2 k0 = kk[j], k1 = kk[j + 1];
            pacc2_mac_fe(&l->s0, m0, k0);
            pacc2_mac_fe(&l->s1, m1, k1);
            pacc2_mac_fe(&l->s2, at2_fe(m0, m1), at2(k0, k1));
            kc[j] = gl2_add(kc[j], k0);
            kc[j + 1] = gl2_add(kc[j + 1], k1);
        }
        return;
    }
    for (size_t j = 0; j < cb; j += 4) {
        const zp_fe m0 = m[j], m1 = m[j + 1], m2 = m[j + 2], m3 = m[j + 3];
        const zp_fe2 k0 = kk[j], k1 = kk[j + 1], k2 = kk[j + 2], k3 = kk[j + 3];
        /* P_j at 0 (a c), 1 ((a + b)(c + d)) and infinity (b d) for
         * x_1 = j = 0, 1, 2 (the values at x_1 = 2: 2 v(1) - v(0)) */
        const zp_fe b0 = gl_sub(m1, m0), b1 = gl_sub(m3, m2);
        const zp_fe2 d0 = gl2_sub(k1, k0), d1 = gl2_sub(k3, k2);
        pacc2_mac_fe(&l->q[0][0], m0, k0);
        pacc2_mac_fe(&l->q[0][1], m1, k1);
        pacc2_mac_fe(&l->q[0][2], b0, d0);
        pacc2_mac_fe(&l->q[1][0], m2, k2);
        pacc2_mac_fe(&l->q[1][1], m3, k3);
        pacc2_mac_fe(&l->q[1][2], b1, d1);
        pacc2_mac_fe(&l->q[2][0], at2_fe(m0, m2), at2(k0, k2));
        pacc2_mac_fe(&l->q[2][1], at2_fe(m1, m3), at2(k1, k3));
        pacc2_mac_fe(&l->q[2][2], at2_fe(b0, b1), at2(d0, d1));
        kc[j] = gl2_add(kc[j], k0);
        kc[j + 1] = gl2_add(kc[j + 1], k1);
        kc[j + 2] = gl2_add(kc[j + 2], k2);
        kc[j + 3] = gl2_add(kc[j + 3], k3);
    }
}

void zp_prod_bblock_portable(zp_fe2 q[9], zp_fe2 *kc, const zp_fe *M, const zp_fe2 *K, size_t C,
                             size_t c0, size_t cb, size_t rows) {
    bsums l;
    memset(&l, 0, sizeof l);
    memset(kc, 0, cb * sizeof(zp_fe2));
    for (size_t row = 0; row < rows; row++) brow(&l, kc, M + row * C + c0, K + row * C + c0, cb, 1);
    for (int j = 0; j < 3; j++)
        for (int e = 0; e < 3; e++) q[3 * j + e] = pacc2_reduce(&l.q[j][e]);
    zp_memzero(&l, sizeof l);
}

zp_prod_bblock_fn zp_prod_bblock_avx512_fn(void) {
#if !defined(ZP_NO_AVX512) && ZP_FIELD_P == 0xFFFFFFFF00000001ULL /* Goldilocks kernels */
    if (zp_cpu_features() & ZP_CPU_AVX512F) return zp_prod_bblock_avx512;
#endif
    return NULL;
}

zp_prod_bblock_fn zp_prod_bblock_best(size_t cb) {
    zp_prod_bblock_fn f = zp_prod_bblock_avx512_fn();
    return f && cb % 32 == 0 ? f : zp_prod_bblock_portable;
}

static zp_err prod_b_round(void *vctx, zp_fe2 *s, unsigned D1, zp_fe2 claim) {
    prod_ctx *k = vctx;
    if (D1 != 3) return ZP_ERR_ARG;
    const size_t C = k->C, rows = k->rows;
    const size_t cb = C < PROD_COL_BLOCK ? C : PROD_COL_BLOCK, nb = C / cb;
    const int pre = k->pre;
    bsums t;
    memset(&t, 0, sizeof t);
    zp_fe2 tq[9];
    memset(tq, 0, sizeof tq);
    const zp_fe *M = k->M;
    const zp_fe2 *K = k->K;
    zp_fe2 *Kc = k->Kc;
    const long long NB = (long long)nb;
    /* with pre: the block kernel (AVX-512 where present), its reduced
     * sums added per thread; the field sums are exact, so the values are
     * those of one lazy sum over everything */
    const zp_prod_bblock_fn bfn = zp_prod_bblock_best(cb);
#pragma omp parallel if (nb >= 2 && rows * C / 2 >= PROD_PAR_MIN)
    {
        bsums l;
        zp_fe2 lq[9], bq[9];
        memset(&l, 0, sizeof l);
        memset(lq, 0, sizeof lq);
#pragma omp for schedule(dynamic, 1)
        for (long long b = 0; b < NB; b++) {
            const size_t c0 = (size_t)b * cb;
            zp_fe2 *kc = Kc + c0;
            if (pre) {
                bfn(bq, kc, M, K, C, c0, cb, rows);
                for (int e = 0; e < 9; e++) lq[e] = gl2_add(lq[e], bq[e]);
                continue;
            }
            memset(kc, 0, cb * sizeof(zp_fe2));
            for (size_t row = 0; row < rows; row++)
                brow(&l, kc, M + row * C + c0, K + row * C + c0, cb, 0);
        }
#pragma omp critical
        {
            bsums_add(&t, &l);
            for (int e = 0; e < 9; e++) tq[e] = gl2_add(tq[e], lq[e]);
        }
        zp_memzero(&l, sizeof l);
        zp_memzero(lq, sizeof lq);
        zp_memzero(bq, sizeof bq);
    }
    zp_fe2 H;
    if (pre) {
        /* P_j(r) = q_j0 + r q_j1 + r^2 q_j2 at x_1 = j: round 0 sums
         * P_0(x_0) + P_1(x_0), the total at x_0 = 0 and 1 */
        zp_fe2 q[3][3];
        for (int j = 0; j < 3; j++) {
            /* from the values at 0, 1, infinity to coefficients */
            const zp_fe2 v0 = tq[3 * j], v1 = tq[3 * j + 1], vi = tq[3 * j + 2];
            q[j][0] = v0;
            q[j][1] = gl2_sub(gl2_sub(v1, v0), vi);
            q[j][2] = vi;
        }
        const zp_fe2 c0 = gl2_add(q[0][0], q[1][0]), c1 = gl2_add(q[0][1], q[1][1]);
        const zp_fe2 c2 = gl2_add(q[0][2], q[1][2]);
        k->sm0 = c0;
        k->sm2 = gl2_add(gl2_add(c0, gl2_mul_fe(c1, 2)), gl2_mul_fe(c2, 4));
        H = gl2_add(gl2_add(gl2_add(c0, c0), c1), c2);
        for (int e = 0; e < 3; e++) {
            k->p1[0][e] = q[0][e];
            k->p1[1][e] = q[2][e];
        }
        zp_memzero(q, sizeof q);
        zp_memzero(tq, sizeof tq);
        k->havep = 1;
    } else {
        k->sm0 = pacc2_reduce(&t.s0);
        k->sm2 = pacc2_reduce(&t.s2);
        H = gl2_add(k->sm0, pacc2_reduce(&t.s1));
    }
    zp_memzero(&t, sizeof t);
    /* sum_x R(x) K(x) = sum_col R[col] Kc[col] */
    pacc2 sr;
    memset(&sr, 0, sizeof sr);
    for (size_t c = 0; c < C; c++) pacc2_mac_fe(&sr, k->Rm[c], Kc[c]);
    const zp_fe2 SR = pacc2_reduce(&sr);
    zp_memzero(&sr, sizeof sr);
    /* M^(k) = M + k (R - M), K constant in b: s(k) = (1 - k) H + k SR */
    for (unsigned j = 0; j <= 3; j++)
        s[j] = gl2_add(gl2_mul_fe(H, gl_sub(1, j)), gl2_mul_fe(SR, j));
    /* the prover's self-check: the claim holds on these tables (the
     * outcome is the one bit an error return reveals, src/common/ctime.h) */
    int bad = k->check && !gl2_eq(H, claim);
    ZP_DECLASSIFY(&bad, sizeof bad);
    if (bad) return ZP_ERR_INTERNAL;
    return ZP_OK;
}

/* sum over column pairs of Rf_k Kc_k, k = 0, 2 (the mask part of a column
 * round: R depends on the column only, so summing K over the rows first
 * gives the same sum). */
static void prod_sr(const prod_ctx *k, zp_fe2 *r0, zp_fe2 *r2) {
    pacc2 a0, a2;
    memset(&a0, 0, sizeof a0);
    memset(&a2, 0, sizeof a2);
    const size_t cc = k->ccol;
    for (size_t j = 0; j < cc; j += 2) {
        const zp_fe2 q0 = k->Kc[j], q2 = at2(k->Kc[j], k->Kc[j + 1]);
        if (cc == k->C) {
            pacc2_mac_fe(&a0, k->Rm[j], q0);
            pacc2_mac_fe(&a2, at2_fe(k->Rm[j], k->Rm[j + 1]), q2);
        } else {
            pacc2_mac(&a0, k->Rf[j], q0);
            pacc2_mac(&a2, at2(k->Rf[j], k->Rf[j + 1]), q2);
        }
    }
    *r0 = pacc2_reduce(&a0);
    *r2 = pacc2_reduce(&a2);
    zp_memzero(&a0, sizeof a0); /* sums of the secret mask row */
    zp_memzero(&a2, sizeof a2);
}

/* Folds the column tables R and Kc at r (ccol -> ccol / 2). */
static void prod_colarr_fold(prod_ctx *k, zp_fe2 r) {
    const size_t nc = k->ccol / 2;
    const zp_fe r17 = gl_mul7(r.c1);
    for (size_t j = 0; j < nc; j++) {
        k->Rf[j] = k->ccol == k->C ? fold_fe(k->Rm[2 * j], k->Rm[2 * j + 1], r)
                                   : fold2(k->Rf[2 * j], k->Rf[2 * j + 1], r, r17);
        k->Kc[j] = fold2(k->Kc[2 * j], k->Kc[2 * j + 1], r, r17);
    }
    k->ccol = nc;
}

/* Coefficients (e0, e1, e2) of a quadratic from its values at 0, 1 and
 * its leading coefficient vi. */
static void quad_coeffs(zp_fe2 *e, zp_fe2 v0, zp_fe2 v1, zp_fe2 vi) {
    e[0] = v0;
    e[1] = gl2_sub(gl2_sub(v1, v0), vi);
    e[2] = vi;
}

void zp_prod_fold4_row_portable(zp_fe2 s[9], zp_fe2 *kr, zp_fe2 *mo, const zp_fe *mb, size_t nc,
                                const zp_fe2 w[4]) {
    zp_fe w7[4];
    for (int t = 0; t < 4; t++) w7[t] = gl_mul7(w[t].c1);
    pacc2 l[9];
    memset(l, 0, sizeof l);
    for (size_t j = 0; j < nc; j += 4) {
        zp_fe2 kf[4], mf[4];
        for (size_t h = 0; h < 4; h++) {
            kf[h] = fold4(kr + 4 * (j + h), w, w7);
            mf[h] = fold4_fe(mb + 4 * (j + h), w);
        }
        for (size_t h = 0; h < 4; h++) {
            kr[j + h] = kf[h];
            mo[j + h] = mf[h];
        }
        const zp_fe2 bm0 = gl2_sub(mf[1], mf[0]), bm1 = gl2_sub(mf[3], mf[2]);
        const zp_fe2 dk0 = gl2_sub(kf[1], kf[0]), dk1 = gl2_sub(kf[3], kf[2]);
        pacc2_mac(&l[0], mf[0], kf[0]);
        pacc2_mac(&l[1], mf[1], kf[1]);
        pacc2_mac(&l[2], bm0, dk0);
        pacc2_mac(&l[3], mf[2], kf[2]);
        pacc2_mac(&l[4], mf[3], kf[3]);
        pacc2_mac(&l[5], bm1, dk1);
        pacc2_mac(&l[6], at2(mf[0], mf[2]), at2(kf[0], kf[2]));
        pacc2_mac(&l[7], at2(mf[1], mf[3]), at2(kf[1], kf[3]));
        pacc2_mac(&l[8], at2(bm0, bm1), at2(dk0, dk1));
    }
    for (int e = 0; e < 9; e++) s[e] = pacc2_reduce(&l[e]);
    zp_memzero(l, sizeof l);
}

zp_prod_fold4_fn zp_prod_fold4_avx512_fn(void) {
#if !defined(ZP_NO_AVX512) && ZP_FIELD_P == 0xFFFFFFFF00000001ULL /* Goldilocks kernels */
    if (zp_cpu_features() & ZP_CPU_AVX512F) return zp_prod_fold4_row_avx512;
#endif
    return NULL;
}

zp_prod_fold4_fn zp_prod_fold4_best(size_t nc) {
    zp_prod_fold4_fn f = zp_prod_fold4_avx512_fn();
    return f && nc % 8 == 0 ? f : zp_prod_fold4_row_portable;
}

/* Folds the M and K tables at r (and first at the pending r_pend when
 * pend: two variables in one pass): cc -> cc / 2 or cc / 4.  When the new
 * cc >= 2, also sums M_k K_k over the new column pairs (the round of the
 * new low column bit x_i) into (*m0, *m2).  With next (new cc >= 4), it
 * instead sums, per x_{i+1} = j in {0, 1, 2}, the quadratic P_j(r) =
 * sum M K with x_i = r (values at 0, 1 and the leading coefficient, as
 * the b pass): round i is P_0 + P_1 at 0 and 2, and round i + 1 is
 * P_0(r_i), P_2(r_i) (stored in k->p1, no pass), folded with the next.
 * In place within each row for K and, once folded, for Mf: outputs j..
 * are written after every input they come from (inputs >= j) was read. */
static void prod_mk_fold(prod_ctx *k, zp_fe2 r, zp_fe2 *m0, zp_fe2 *m2, int next) {
    const size_t C = k->C, sM = k->sM, rows = k->rows;
    const int pend = k->pend, mbase = k->mbase;
    const size_t nc = pend ? k->cc / 4 : k->cc / 2;
    const int eval = nc >= 2;
    next = next && nc >= 4;
    const size_t grp = next ? 4 : eval ? 2 : 1; /* outputs per group */
    const zp_fe *M = k->M;
    zp_fe2 *K = k->K, *Mf = k->Mf;
    const zp_fe r17 = gl_mul7(r.c1);
    zp_fe2 w[4] = {{0, 0}, {0, 0}, {0, 0}, {0, 0}};
    zp_fe w7[4] = {0, 0, 0, 0};
    if (pend) {
        const zp_fe2 one = gl2_from_fe(1), a = k->r_pend;
        const zp_fe2 na = gl2_sub(one, a), nr = gl2_sub(one, r);
        w[0] = gl2_mul(na, nr);
        w[1] = gl2_mul(a, nr);
        w[2] = gl2_mul(na, r);
        w[3] = gl2_mul(a, r);
        for (int t = 0; t < 4; t++) w7[t] = gl_mul7(w[t].c1);
    }
    const size_t step = pend ? 4 : 2; /* inputs per output */
    pacc2 t[3][3];
    memset(t, 0, sizeof t);
    const long long RW = (long long)rows;
    /* the first fold (two variables, M in the base field, with the next
     * round's sums): the row kernel (AVX-512 where present) */
    const int rowk = pend && mbase && next && nc % 4 == 0;
    const zp_prod_fold4_fn f4 = zp_prod_fold4_best(nc);
#pragma omp parallel if (rows >= 2 && rows * nc >= PROD_PAR_FOLD)
    {
        pacc2 l[3][3];
        zp_fe2 rs[9];
        memset(l, 0, sizeof l);
#pragma omp for schedule(dynamic, 1)
        for (long long q = 0; q < RW; q++) {
            const size_t row = (size_t)q;
            zp_fe2 *kr = K + row * C, *mo = Mf + row * sM;
            const zp_fe *mb = M + row * C;
            if (rowk) {
                f4(rs, kr, mo, mb, nc, w);
                for (int e = 0; e < 9; e++) {
                    const pacc v0 = {rs[e].c0, 0}, v1 = {rs[e].c1, 0};
                    pacc_add(&l[e / 3][e % 3].s00, &v0);
                    pacc_add(&l[e / 3][e % 3].s01, &v1);
                }
                continue;
            }
            for (size_t j = 0; j < nc; j += grp) {
                zp_fe2 kf[4], mf[4];
                for (size_t h = 0; h < grp; h++) {
                    const size_t x = (j + h) * step;
                    if (pend) {
                        kf[h] = fold4(kr + x, w, w7);
                        mf[h] = mbase ? fold4_fe(mb + x, w) : fold4(mo + x, w, w7);
                    } else {
                        kf[h] = fold2(kr[x], kr[x + 1], r, r17);
                        mf[h] = mbase ? fold_fe(mb[x], mb[x + 1], r)
                                      : fold2(mo[x], mo[x + 1], r, r17);
                    }
                }
                for (size_t h = 0; h < grp; h++) {
                    kr[j + h] = kf[h];
                    mo[j + h] = mf[h];
                }
                if (next) {
                    /* x_{i+1} = 0: (0, 1), = 1: (2, 3), = 2: 2 (2, 3) - (0, 1) */
                    const zp_fe2 bm0 = gl2_sub(mf[1], mf[0]), bm1 = gl2_sub(mf[3], mf[2]);
                    const zp_fe2 dk0 = gl2_sub(kf[1], kf[0]), dk1 = gl2_sub(kf[3], kf[2]);
                    pacc2_mac(&l[0][0], mf[0], kf[0]);
                    pacc2_mac(&l[0][1], mf[1], kf[1]);
                    pacc2_mac(&l[0][2], bm0, dk0);
                    pacc2_mac(&l[1][0], mf[2], kf[2]);
                    pacc2_mac(&l[1][1], mf[3], kf[3]);
                    pacc2_mac(&l[1][2], bm1, dk1);
                    pacc2_mac(&l[2][0], at2(mf[0], mf[2]), at2(kf[0], kf[2]));
                    pacc2_mac(&l[2][1], at2(mf[1], mf[3]), at2(kf[1], kf[3]));
                    pacc2_mac(&l[2][2], at2(bm0, bm1), at2(dk0, dk1));
                } else if (eval) {
                    pacc2_mac(&l[0][0], mf[0], kf[0]);
                    pacc2_mac(&l[0][1], at2(mf[0], mf[1]), at2(kf[0], kf[1]));
                }
            }
        }
#pragma omp critical
        for (int a = 0; a < 3; a++)
            for (int e = 0; e < 3; e++) pacc2_add(&t[a][e], &l[a][e]);
        zp_memzero(l, sizeof l);
        zp_memzero(rs, sizeof rs);
    }
    k->mbase = 0;
    k->pend = 0;
    k->cc = nc;
    if (next) {
        zp_fe2 e[3][3];
        for (int a = 0; a < 3; a++)
            quad_coeffs(e[a], pacc2_reduce(&t[a][0]), pacc2_reduce(&t[a][1]),
                        pacc2_reduce(&t[a][2]));
        const zp_fe2 c0 = gl2_add(e[0][0], e[1][0]), c1 = gl2_add(e[0][1], e[1][1]);
        const zp_fe2 c2 = gl2_add(e[0][2], e[1][2]);
        *m0 = c0;
        *m2 = gl2_add(gl2_add(c0, gl2_mul_fe(c1, 2)), gl2_mul_fe(c2, 4));
        for (int a = 0; a < 3; a++) {
            k->p1[0][a] = e[0][a];
            k->p1[1][a] = e[2][a];
        }
        k->havep = 1;
        zp_memzero(e, sizeof e);
    } else {
        *m0 = pacc2_reduce(&t[0][0]);
        *m2 = pacc2_reduce(&t[0][1]);
    }
    zp_memzero(t, sizeof t);
}

/* Row tables after the last column fold: one value per active row. */
static void prod_gather(prod_ctx *k) {
    for (size_t row = 0; row < k->rows; row++) {
        k->Mr[row] = k->Mf[row * k->sM];
        k->Kr[row] = k->K[row * k->C];
    }
    k->ra = k->rows;
}

/* Folds the current row variable at r: ra -> ceil(ra / 2), rows beyond ra
 * are zero in both M and K. */
static void prod_row_fold(prod_ctx *k, zp_fe2 r) {
    const zp_fe2 z = {0, 0};
    const zp_fe r17 = gl_mul7(r.c1);
    const size_t ra = k->ra, nr = (ra + 1) / 2;
    for (size_t p = 0; p < nr; p++) {
        const int has = 2 * p + 1 < ra;
        k->Mr[p] = fold2(k->Mr[2 * p], has ? k->Mr[2 * p + 1] : z, r, r17);
        k->Kr[p] = fold2(k->Kr[2 * p], has ? k->Kr[2 * p + 1] : z, r, r17);
    }
    k->ra = nr;
}

/* Raw round sums of a row variable: w0 sum Mr_k Kr_k + w1 R~ sum Kr_k. */
static void prod_row_eval(const prod_ctx *k, zp_fe2 *s) {
    const zp_fe2 z = {0, 0};
    pacc2 m0, m2;
    memset(&m0, 0, sizeof m0);
    memset(&m2, 0, sizeof m2);
    zp_fe2 k0s = z, k2s = z;
    for (size_t p = 0; 2 * p < k->ra; p++) {
        const int has = 2 * p + 1 < k->ra;
        const zp_fe2 ml = k->Mr[2 * p], mh = has ? k->Mr[2 * p + 1] : z;
        const zp_fe2 kl = k->Kr[2 * p], kh = has ? k->Kr[2 * p + 1] : z;
        const zp_fe2 k2 = at2(kl, kh);
        pacc2_mac(&m0, ml, kl);
        pacc2_mac(&m2, at2(ml, mh), k2);
        k0s = gl2_add(k0s, kl);
        k2s = gl2_add(k2s, k2);
    }
    const zp_fe2 wr = gl2_mul(k->w1, k->Rf[0]);
    s[0] = gl2_add(gl2_mul(k->w0, pacc2_reduce(&m0)), gl2_mul(wr, k0s));
    s[2] = gl2_add(gl2_mul(k->w0, pacc2_reduce(&m2)), gl2_mul(wr, k2s));
    zp_memzero(&m0, sizeof m0);
    zp_memzero(&m2, sizeof m2);
}

static zp_err prod_x_round(void *vctx, unsigned i, zp_fe2 rb, zp_fe2 r_prev,
                           zp_fe2 raw_claim, zp_fe2 *s, unsigned D) {
    prod_ctx *k = vctx;
    (void)raw_claim;
    if (D != 2) return ZP_ERR_ARG;
    zp_fe2 m0, m2, r0, r2;
    if (i == 0) {
        k->w1 = rb;
        k->w0 = gl2_sub(gl2_from_fe(1), rb);
        m0 = k->sm0;
        m2 = k->sm2;
    } else if (k->havep) {
        /* x_{i-1} bound at r_prev: the previous pass's polynomials */
        const zp_fe2 sq = gl2_mul(r_prev, r_prev);
        m0 = gl2_add(gl2_add(k->p1[0][0], gl2_mul(r_prev, k->p1[0][1])),
                     gl2_mul(sq, k->p1[0][2]));
        m2 = gl2_add(gl2_add(k->p1[1][0], gl2_mul(r_prev, k->p1[1][1])),
                     gl2_mul(sq, k->p1[1][2]));
        k->havep = 0;
        k->pend = 1;
        k->r_pend = r_prev;
        prod_colarr_fold(k, r_prev);
    } else if (i - 1 < k->lc) {
        prod_colarr_fold(k, r_prev);
        prod_mk_fold(k, r_prev, &m0, &m2, 1);
        if (i == k->lc) {
            prod_gather(k);
            prod_row_eval(k, s);
            return ZP_OK;
        }
    } else {
        prod_row_fold(k, r_prev);
        prod_row_eval(k, s);
        return ZP_OK;
    }
    prod_sr(k, &r0, &r2);
    s[0] = gl2_add(gl2_mul(k->w0, m0), gl2_mul(k->w1, r0));
    s[2] = gl2_add(gl2_mul(k->w0, m2), gl2_mul(k->w1, r2));
    return ZP_OK;
}

static zp_err prod_finish(void *vctx, zp_fe2 r_last, zp_fe2 *evals) {
    prod_ctx *k = vctx;
    zp_fe2 m, kk;
    if (k->lr == 0) {
        zp_fe2 u0, u2;
        prod_colarr_fold(k, r_last);
        prod_mk_fold(k, r_last, &u0, &u2, 0);
        m = k->Mf[0];
        kk = k->K[0];
    } else {
        prod_row_fold(k, r_last);
        m = k->Mr[0];
        kk = k->Kr[0];
    }
    evals[0] = gl2_add(gl2_mul(k->w0, m), gl2_mul(k->w1, k->Rf[0]));
    evals[1] = kk;
    return ZP_OK;
}

static const zp_sc_kernel PROD_KERNEL = {prod_b_round, prod_x_round, prod_finish, 1, NULL};

zp_err zp_sc_prod_zk_prove(zp_transcript *tr, zp_bytes *proof, zp_sc_zk_result *res,
                           zp_fe2 *point, zp_fe2 *evals, const zp_fe *M, const zp_fe *Rm,
                           zp_fe2 *K, unsigned lr, unsigned lc, size_t rows, zp_fe2 claim,
                           int check, const zp_fe *g0, const zp_fe *g1) {
    if (!tr || !proof || !res || !point || !evals || !M || !Rm || !K || !g0 || !g1)
        return ZP_ERR_ARG;
    const unsigned n = lr + lc;
    if (lc < 1 || n > ZP_SC_MAX_VARS || rows < 1 || rows > ((size_t)1 << lr))
        return ZP_ERR_ARG;
    const size_t C = (size_t)1 << lc;
    prod_ctx k;
    memset(&k, 0, sizeof k);
    k.M = M;
    k.Rm = Rm;
    k.K = K;
    k.lr = lr;
    k.lc = lc;
    k.C = C;
    k.rows = rows;
    k.cc = C;
    k.ccol = C;
    k.mbase = 1;
    k.pre = lc >= 2;
    k.sM = k.pre ? C / 4 : C / 2;
    k.check = check;
    const size_t nmf = rows * k.sM, ncol = C / 2 + C, nrow = 2 * (rows + 1);
    zp_fe2 *buf = malloc((nmf + ncol + nrow) * sizeof(zp_fe2));
    if (!buf) {
        memset(res, 0, sizeof *res);
        memset(point, 0, n * sizeof(zp_fe2));
        memset(evals, 0, 2 * sizeof(zp_fe2));
        return ZP_ERR_NOMEM;
    }
    k.Mf = buf;
    k.Rf = buf + nmf;
    k.Kc = k.Rf + C / 2;
    k.Mr = k.Kc + C;
    k.Kr = k.Mr + rows + 1;
    /* the instance the proof is about (the driver reads n_vars and terms) */
    zp_sc_table tab[2];
    memset(tab, 0, sizeof tab);
    tab[0].base = M;
    tab[0].mask_base = Rm;
    tab[0].mask_len = C;
    tab[1].ext = K;
    const zp_sc_term term = {gl2_from_fe(1), 2, {0, 1}};
    const zp_sc_instance inst = {n, 2, tab, 1, &term};
    zp_err e = zp_sumcheck_zk_prove_kernel(tr, proof, res, point, evals, &inst, claim, g0, g1,
                                           &PROD_KERNEL, &k);
    /* folded M, R and the row tables derive from the witness and masks */
    zp_memzero(buf, (nmf + ncol + nrow) * sizeof(zp_fe2));
    free(buf);
    zp_memzero(&k, sizeof k);
    return e;
}
