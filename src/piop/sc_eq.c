/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * ZK sumcheck prover kernel for eq-weighted zero-checks (docs/spec/sumcheck.md, "Prover kernels"). */
#include <stdlib.h>
#include <string.h>

#include "common/cpu.h"
#include "sc_eq_kern.h"
#include "sumcheck_internal.h"

/* Below this many pairs a loop runs on one thread (as ZP_SC_PAR_MIN). */
#define EQK_PAR_MIN 2048
/* An x round's pass over the folded tables runs on the threads when pairs
 * x folded tables reaches this: about 20-30 us of one thread (10-15 ns a
 * table and pair), far above the 1-3 us of a parallel region.  An
 * instance with 14 folded tables has 0.2 ms rounds at 2^10 pairs. */
#define EQK_PAR_WORK 2048
/* The instance's tables plus the merged linear table V. */
#define EQK_MAXT (ZP_SC_MAX_TABLES + 1)

static const zp_fe2 Z2 = {0, 0};
static const zp_fe2 ONE2 = {1, 0};

/* Lazy sums of 128-bit products: hi * 2^128 + lo (2^128 = -2^32 mod p),
 * reduced once per round.  Exact, so the order of the additions and the
 * thread count do not change the result. */
typedef struct {
    unsigned __int128 lo;
    uint64_t hi;
} eqk_acc;
static inline void mac(eqk_acc *a, uint64_t x, uint64_t y) {
    unsigned __int128 p = (unsigned __int128)x * y;
    a->lo += p;
    a->hi += (uint64_t)(a->lo < p);
}
static inline void acc_add(eqk_acc *a, const eqk_acc *b) {
    a->lo += b->lo;
    a->hi += b->hi + (uint64_t)(a->lo < b->lo);
}
/* hi counts carries, at most one per product: one sum gets at most 2^31
 * products (2^30 values or pairs, two products each into s01), so
 * hi 2^32 < p is already reduced. */
static inline zp_fe acc_red(const eqk_acc *a) {
    return gl_sub(gl_reduce128(a->lo), gl_mul_neg2pow128_u32(a->hi));
}
/* Extension sums: x y = (x0 y0 + 7 x1 y1) + (x0 y1 + x1 y0) u. */
typedef struct {
    eqk_acc s00, s11, s01;
} eqk_acc2;
static inline void mac2(eqk_acc2 *a, zp_fe2 x, zp_fe2 y) {
    mac(&a->s00, x.c0, y.c0);
    mac(&a->s11, x.c1, y.c1);
    mac(&a->s01, x.c0, y.c1);
    mac(&a->s01, x.c1, y.c0);
}
static inline void acc2_add(eqk_acc2 *a, const eqk_acc2 *b) {
    acc_add(&a->s00, &b->s00);
    acc_add(&a->s11, &b->s11);
    acc_add(&a->s01, &b->s01);
}
static inline zp_fe2 acc2_red(const eqk_acc2 *a) {
    zp_fe2 r = {gl_add(acc_red(&a->s00), gl_mul7(acc_red(&a->s11))), acc_red(&a->s01)};
    return r;
}
/* K times F sums: (c0, c1) of sum e_k y_k. */
typedef struct {
    eqk_acc c0, c1;
} eqk_accb;
static inline void macb(eqk_accb *a, zp_fe2 e, zp_fe y) {
    mac(&a->c0, e.c0, y);
    mac(&a->c1, e.c1, y);
}
static inline void accb_add(eqk_accb *a, const eqk_accb *b) {
    acc_add(&a->c0, &b->c0);
    acc_add(&a->c1, &b->c1);
}
static inline zp_fe2 accb_red(const eqk_accb *a) {
    zp_fe2 r = {acc_red(&a->c0), acc_red(&a->c1)};
    return r;
}

/* Round sums over pairs: Q0/Q1/QI per term of degree 2 (P at 0, at 1, its
 * leading coefficient), L0/L1 per term of degree 1. */
typedef struct {
    eqk_acc2 Q0[ZP_SC_MAX_TERMS], Q1[ZP_SC_MAX_TERMS], QI[ZP_SC_MAX_TERMS];
    eqk_acc2 L0[ZP_SC_MAX_TERMS + 1], L1[ZP_SC_MAX_TERMS + 1];
} eqk_sums;

/* Table kinds (tables 1..): public (no mask), base mask, extension mask. */
enum { K_PUB, K_BM, K_XM };

typedef struct {
    unsigned n, D;
    size_t nt;                  /* the instance's tables, EQ (index 0) included */
    zp_sc_table tab[EQK_MAXT];  /* the instance's tables, then V (index vj) */
    const zp_fe2 *r;            /* eq point r[n] */
    zp_fe2 claim;
    unsigned char kind[EQK_MAXT];
    unsigned char wt[EQK_MAXT]; /* 1: E-weighted values needed */
    unsigned char act[EQK_MAXT]; /* 1: folded through the rounds */
    size_t nact;
    uint32_t al[EQK_MAXT];      /* the folded tables */
    size_t vj;                  /* V, the merged linear terms (0: none) */
    int fused;                  /* the b round and round 0 in one pass */
    zp_fe2 c0;                  /* sum of the coefficients of the terms c EQ */
    size_t n1, n2, nm;          /* terms c EQ T_a (folded), c EQ T_a T_b, merged */
    uint32_t a1[ZP_SC_MAX_TERMS + 1], a2[ZP_SC_MAX_TERMS], b2[ZP_SC_MAX_TERMS];
    uint32_t am[ZP_SC_MAX_TERMS];
    zp_fe2 c1[ZP_SC_MAX_TERMS + 1], c2[ZP_SC_MAX_TERMS], cm[ZP_SC_MAX_TERMS];
    zp_fe2 *mem;                /* E tables, V and its mask, fold buffers */
    size_t mem_len;
    zp_fe2 *E[ZP_SC_MAX_VARS];  /* E[i][y] = eq(r_{i+1..n-1}, y) */
    zp_fe2 *A[EQK_MAXT], *B[EQK_MAXT];
    zp_fe2 *const *cur;         /* folded tables (NULL: the inputs bound at rb) */
    zp_fe2 pt[ZP_SC_MAX_VARS];  /* the challenges so far */
    zp_fe2 rb, bB, bC;          /* b round: s_b(k) = claim + k bB + k^2 bC */
    zp_fe2 cl;                  /* P-claim: sum_y eq(r_{>=i}, y) G(point_<i, y) */
    zp_fe2 alpha;               /* eq(r_<i, point_<i) */
    zp_fe2 p0, p1, pinf;        /* P_{i-1}(0), P_{i-1}(1), leading coefficient */
    unsigned round;
    eqk_sums S;                 /* round sums (one per sumcheck, not per round) */
    /* fused b pass (sums over pairs y weighted by E_0[y], at x = 2y):
     * lt/ld: T, d of each degree-1 term's table; kp[t][0..2]: T_a T_b,
     * T_a d_b + d_a T_b, d_a d_b; kp[t][3..5]: the same of the pair
     * differences (the leading coefficient of round 0) */
    zp_fe2 lt[ZP_SC_MAX_TERMS + 1], ld[ZP_SC_MAX_TERMS + 1], kp[ZP_SC_MAX_TERMS][6];
} eqk;

/* T_j(x) and the b-direction difference R_j(x) - T_j(x), over K. */
static inline zp_fe2 tval(const zp_sc_table *t, size_t x) {
    return t->base ? gl2_from_fe(t->base[x]) : t->ext[x];
}
static inline zp_fe2 dval(const zp_sc_table *t, int kind, size_t x) {
    if (kind == K_PUB) return Z2;
    size_t m = x & (t->mask_len - 1);
    zp_fe2 R = kind == K_BM ? gl2_from_fe(t->mask_base[m]) : t->mask_ext[m];
    return gl2_sub(R, tval(t, x));
}
/* T^_j(rb, x) = T_j(x) + rb (R_j(x) - T_j(x)). */
static inline zp_fe2 bound(const eqk *k, size_t j, size_t x) {
    const zp_sc_table *t = &k->tab[j];
    const int kind = k->kind[j];
    if (kind == K_PUB) return tval(t, x);
    if (kind == K_BM && t->base) {
        zp_fe d = gl_sub(t->mask_base[x & (t->mask_len - 1)], t->base[x]);
        zp_fe2 v = gl2_mul_fe(k->rb, d);
        v.c0 = gl_add(v.c0, t->base[x]);
        return v;
    }
    return gl2_add(tval(t, x), gl2_mul(k->rb, dval(t, kind, x)));
}

/* x0 + rf (x1 - x0) with lazy products (rf7 = 7 rf.c1): two reductions. */
static inline zp_fe2 fold2(zp_fe2 x0, zp_fe2 x1, zp_fe2 rf, zp_fe rf7) {
    const zp_fe d0 = gl_sub(x1.c0, x0.c0), d1 = gl_sub(x1.c1, x0.c1);
    eqk_acc a0 = {x0.c0, 0}, a1 = {x0.c1, 0};
    mac(&a0, rf.c0, d0);
    mac(&a0, rf7, d1);
    mac(&a1, rf.c0, d1);
    mac(&a1, rf.c1, d0);
    zp_fe2 v = {acc_red(&a0), acc_red(&a1)};
    return v;
}

/* T^(rb, .) folded at rf over the pair (x, x + 1):
 * T0 + rf (T1 - T0) + rb d0 + (rb rf) (d1 - d0), rs = rb rf, with the
 * products in F x K summed lazily (three per coordinate, one reduction). */
static inline zp_fe2 fold_base(const eqk *k, size_t j, size_t x, zp_fe2 rf, zp_fe2 rs) {
    const zp_sc_table *t = &k->tab[j];
    const int kind = k->kind[j];
    if (t->base && kind != K_XM) {
        const zp_fe t0 = t->base[x], t1 = t->base[x + 1], dt = gl_sub(t1, t0);
        if (kind == K_PUB) {
            zp_fe2 v = gl2_mul_fe(rf, dt);
            v.c0 = gl_add(v.c0, t0);
            return v;
        }
        const size_t m = t->mask_len - 1;
        const zp_fe d0 = gl_sub(t->mask_base[x & m], t0);
        const zp_fe dd = gl_sub(gl_sub(t->mask_base[(x + 1) & m], t1), d0);
        eqk_acc a0 = {t0, 0}, a1 = {0, 0};
        mac(&a0, rf.c0, dt);
        mac(&a0, k->rb.c0, d0);
        mac(&a0, rs.c0, dd);
        mac(&a1, rf.c1, dt);
        mac(&a1, k->rb.c1, d0);
        mac(&a1, rs.c1, dd);
        zp_fe2 v = {acc_red(&a0), acc_red(&a1)};
        return v;
    }
    zp_fe2 x0 = bound(k, j, x), x1 = bound(k, j, x + 1);
    return gl2_add(x0, gl2_mul(rf, gl2_sub(x1, x0)));
}

/* V = sum over the merged terms c_m T_m (their tables are in no product
 * and masked): V(x) = sum c_m T_m(x), its mask R_V(x) = sum c_m R_m(x mod
 * L_m) of period Lmax = max L_m, so that V^(b, x) = sum c_m T^_m(b, x). */
zp_eq_lincomb_fn zp_eq_lincomb_avx512_fn(void) {
#if !defined(ZP_NO_AVX512) && ZP_FIELD_P == 0xFFFFFFFF00000001ULL /* Goldilocks kernels */
    if (zp_cpu_features() & ZP_CPU_AVX512F) return zp_eq_lincomb_avx512;
#endif
    return NULL;
}

zp_eq_dots_fn zp_eq_dots_avx512_fn(void) {
#if !defined(ZP_NO_AVX512) && ZP_FIELD_P == 0xFFFFFFFF00000001ULL /* Goldilocks kernels */
    if (zp_cpu_features() & ZP_CPU_AVX512F) return zp_eq_dots_avx512;
#endif
    return NULL;
}

/* Values per kernel call (a multiple of 8). */
#define EQK_XBLK 2048

/* build_v by the AVX-512 kernel when the merged tables and their masks are
 * over F with periods >= 8 (1), else 0 (nothing done). */
static int build_v_kernel(eqk *k) {
    const zp_eq_lincomb_fn fn = zp_eq_lincomb_avx512_fn();
    zp_sc_table *tv = &k->tab[k->vj];
    const size_t N = (size_t)1 << k->n, L = tv->mask_len, nm = k->nm;
    if (!fn || N % 8 || L % 8) return 0;
    const zp_fe *vs[ZP_SC_MAX_TERMS], *ms[ZP_SC_MAX_TERMS];
    size_t vp[ZP_SC_MAX_TERMS], mp[ZP_SC_MAX_TERMS];
    for (size_t m = 0; m < nm; m++) {
        const zp_sc_table *t = &k->tab[k->am[m]];
        if (!t->base || !t->mask_base || t->mask_len < 8) return 0;
        vs[m] = t->base;
        vp[m] = N;
        ms[m] = t->mask_base;
        mp[m] = t->mask_len;
    }
    zp_fe2 *V = (zp_fe2 *)tv->ext, *RV = (zp_fe2 *)tv->mask_ext;
    const long long nv = (long long)((N + EQK_XBLK - 1) / EQK_XBLK);
    const long long nr = (long long)((L + EQK_XBLK - 1) / EQK_XBLK);
#pragma omp parallel for schedule(static) if (N >= EQK_PAR_MIN)
    for (long long b = 0; b < nv + nr; b++) {
        const int mask = b >= nv;
        const size_t x0 = (size_t)(mask ? b - nv : b) * EQK_XBLK, len = mask ? L : N;
        const size_t x1 = x0 + EQK_XBLK < len ? x0 + EQK_XBLK : len;
        if (mask) fn(RV, ms, mp, k->cm, nm, x0, x1);
        else fn(V, vs, vp, k->cm, nm, x0, x1);
    }
    return 1;
}

static void build_v(eqk *k) {
    if (build_v_kernel(k)) return;
    zp_sc_table *tv = &k->tab[k->vj];
    zp_fe2 *V = (zp_fe2 *)tv->ext, *RV = (zp_fe2 *)tv->mask_ext;
    const size_t N = (size_t)1 << k->n, L = tv->mask_len, nm = k->nm;
#pragma omp parallel for schedule(static) if (N >= EQK_PAR_MIN)
    for (size_t x = 0; x < N; x++) {
        eqk_acc2 a, b;
        memset(&a, 0, sizeof a);
        memset(&b, 0, sizeof b);
        for (size_t m = 0; m < nm; m++) {
            const zp_sc_table *t = &k->tab[k->am[m]];
            const zp_fe2 c = k->cm[m];
            if (t->base) {
                mac(&a.s00, c.c0, t->base[x]);
                mac(&a.s01, c.c1, t->base[x]);
            } else {
                mac2(&a, c, t->ext[x]);
            }
            if (x < L) {
                const size_t i = x & (t->mask_len - 1);
                if (t->mask_base) {
                    mac(&b.s00, c.c0, t->mask_base[i]);
                    mac(&b.s01, c.c1, t->mask_base[i]);
                } else {
                    mac2(&b, c, t->mask_ext[i]);
                }
            }
        }
        V[x] = acc2_red(&a);
        if (x < L) RV[x] = acc2_red(&b);
    }
}

/* s_b(k) = claim + k bB + k^2 bC for k = 0 .. D1 (s_b(0) = sum_x F(T(x))
 * = claim for an honest prover). */
static void b_fill(zp_fe2 *s, unsigned D1, zp_fe2 claim, zp_fe2 bB, zp_fe2 bC) {
    for (unsigned i = 0; i <= D1; i++) {
        zp_fe2 kk = gl2_from_fe(i);
        s[i] = gl2_add(claim, gl2_mul(kk, gl2_add(bB, gl2_mul(kk, bC))));
    }
}

/* The b round and round 0 in one pass over the inputs (the tables of the
 * products and of the folded degree-1 terms over F, V over K).  With
 * e = E_0[y] and x = 2y (even), 2y + 1 (odd):
 *   sum_x eq(r, x) d(x) = (1 - r_0) sum_y e d(2y) + r_0 sum_y e d(2y+1),
 * the b round's linear coefficient of a term c EQ T_a; for c EQ T_a T_b
 * the b round needs sum eq (T_a d_b + d_a T_b) and sum eq d_a d_b the same
 * way.  Round 0 (after b = rb) needs P_0(0) = sum_y e G(T^(rb, 2y)) and the
 * leading coefficient sum_y e (dT^_a dT^_b) (dT = the pair difference),
 * polynomials in rb whose coefficients are sums over the inputs: all of
 * them are computed here, before rb is known.  Products in F are reduced,
 * then weighted by e (two multiplications each, lazily summed). */
enum { KB_B1, KB_C1, KP_0, KP_1, KP_2, KI_0, KI_1, KI_2, KB_N };

void zp_eq_bpass_portable(zp_eq_bpass_sums *out, const zp_eq_bpass_args *a, size_t y0,
                          size_t y1) {
    const size_t n1 = a->n1, n2 = a->n2, nb = a->nb;
    eqk_accb ll[ZP_SC_MAX_TERMS + 1][3], lp[ZP_SC_MAX_TERMS][KB_N];
    eqk_acc2 lv[3];
    zp_fe t0[ZP_SC_MAX_TABLES], t1[ZP_SC_MAX_TABLES], d0[ZP_SC_MAX_TABLES], d1[ZP_SC_MAX_TABLES];
    memset(ll, 0, n1 * sizeof ll[0]);
    memset(lp, 0, n2 * sizeof lp[0]);
    memset(lv, 0, sizeof lv);
    for (size_t y = y0; y < y1; y++) {
        const zp_fe2 e = a->E0[y];
        const size_t x = 2 * y;
        for (size_t q = 0; q < nb; q++) {
            t0[q] = a->t[q][x];
            t1[q] = a->t[q][x + 1];
            if (!a->m[q]) {
                d0[q] = d1[q] = 0;
            } else {
                const size_t m = a->ml[q] - 1;
                d0[q] = gl_sub(a->m[q][x & m], t0[q]);
                d1[q] = gl_sub(a->m[q][(x + 1) & m], t1[q]);
            }
        }
        if (a->v) {
            const size_t m = a->vl - 1;
            const zp_fe2 v0 = a->v[x], v1 = a->v[x + 1];
            mac2(&lv[0], e, v0);
            mac2(&lv[1], e, gl2_sub(a->vm[x & m], v0));
            mac2(&lv[2], e, gl2_sub(a->vm[(x + 1) & m], v1));
        }
        for (size_t t = 0; t < n1; t++) {
            const uint32_t q = a->a1[t];
            if (q == ZP_EQ_ON_V) continue;
            macb(&ll[t][0], e, t0[q]);
            macb(&ll[t][1], e, d0[q]);
            macb(&ll[t][2], e, d1[q]);
        }
        for (size_t t = 0; t < n2; t++) {
            const uint32_t qa = a->a2[t], qb = a->b2[t];
            const zp_fe ta = t0[qa], tb = t0[qb], da = d0[qa], db = d0[qb];
            const zp_fe ua = t1[qa], ub = t1[qb], ea = d1[qa], eb = d1[qb];
            zp_fe m0 = gl_add(gl_mul(ta, db), gl_mul(da, tb));
            zp_fe m1 = gl_add(gl_mul(ua, eb), gl_mul(ea, ub));
            macb(&lp[t][KB_B1], e, m1);
            macb(&lp[t][KB_C1], e, gl_mul(ea, eb));
            macb(&lp[t][KP_0], e, gl_mul(ta, tb));
            macb(&lp[t][KP_1], e, m0);
            macb(&lp[t][KP_2], e, gl_mul(da, db));
            const zp_fe xa = gl_sub(ua, ta), xb = gl_sub(ub, tb);
            const zp_fe ya = gl_sub(ea, da), yb = gl_sub(eb, db);
            macb(&lp[t][KI_0], e, gl_mul(xa, xb));
            macb(&lp[t][KI_1], e, gl_add(gl_mul(xa, yb), gl_mul(ya, xb)));
            macb(&lp[t][KI_2], e, gl_mul(ya, yb));
        }
    }
    for (size_t t = 0; t < n1; t++)
        for (int c = 0; c < 3; c++) out->l[t][c] = accb_red(&ll[t][c]);
    for (size_t t = 0; t < n2; t++)
        for (int c = 0; c < KB_N; c++) out->p[t][c] = accb_red(&lp[t][c]);
    for (int c = 0; c < 3; c++) out->v[c] = acc2_red(&lv[c]);
    zp_memzero(t0, nb * sizeof t0[0]);
    zp_memzero(t1, nb * sizeof t1[0]);
    zp_memzero(d0, nb * sizeof d0[0]);
    zp_memzero(d1, nb * sizeof d1[0]);
    zp_memzero(ll, n1 * sizeof ll[0]);
    zp_memzero(lp, n2 * sizeof lp[0]);
    zp_memzero(lv, sizeof lv);
}

zp_eq_bpass_fn zp_eq_bpass_avx512_fn(void) {
#if !defined(ZP_NO_AVX512) && ZP_FIELD_P == 0xFFFFFFFF00000001ULL /* Goldilocks kernels */
    if (zp_cpu_features() & ZP_CPU_AVX512F) return zp_eq_bpass_avx512;
#endif
    return NULL;
}

zp_eq_bpass_fn zp_eq_bpass_best(const zp_eq_bpass_args *a, size_t step) {
    zp_eq_bpass_fn f = zp_eq_bpass_avx512_fn();
    if (!f || step % 8 || (a->v && a->vl < 16)) return zp_eq_bpass_portable;
    for (size_t q = 0; q < a->nb; q++)
        if (a->m[q] && a->ml[q] < 16) return zp_eq_bpass_portable;
    return f;
}

/* Pairs per kernel call (a multiple of 8). */
#define EQK_BBLK 1024

static void sums_acc(zp_eq_bpass_sums *a, const zp_eq_bpass_sums *b, size_t n1, size_t n2) {
    for (size_t t = 0; t < n1; t++)
        for (int c = 0; c < 3; c++) a->l[t][c] = gl2_add(a->l[t][c], b->l[t][c]);
    for (size_t t = 0; t < n2; t++)
        for (int c = 0; c < KB_N; c++) a->p[t][c] = gl2_add(a->p[t][c], b->p[t][c]);
    for (int c = 0; c < 3; c++) a->v[c] = gl2_add(a->v[c], b->v[c]);
}

static zp_err b_pass_fused(eqk *k, zp_fe2 *bB, zp_fe2 *bC) {
    const size_t npairs = (size_t)1 << (k->n - 1);
    const size_t n1 = k->n1, n2 = k->n2, nact = k->nact, vj = k->vj;
    /* the kernel's arguments: the folded tables other than V, by position */
    zp_eq_bpass_args *A = calloc(1, sizeof *A);
    zp_eq_bpass_sums *T = calloc(1, sizeof *T);
    uint32_t pos[EQK_MAXT];
    int nomem = !A || !T;
    if (nomem) {
        free(A);
        free(T);
        return ZP_ERR_NOMEM;
    }
    A->E0 = k->E[0];
    for (size_t q = 0; q < nact; q++) {
        const size_t j = k->al[q];
        if (j == vj) continue;
        const zp_sc_table *t = &k->tab[j];
        pos[j] = (uint32_t)A->nb;
        A->t[A->nb] = t->base;
        A->m[A->nb] = k->kind[j] == K_PUB ? NULL : t->mask_base;
        A->ml[A->nb++] = t->mask_len;
    }
    if (vj) {
        A->v = k->tab[vj].ext;
        A->vm = k->tab[vj].mask_ext;
        A->vl = k->tab[vj].mask_len;
    }
    A->n1 = n1;
    A->n2 = n2;
    for (size_t t = 0; t < n1; t++) A->a1[t] = k->a1[t] == vj ? ZP_EQ_ON_V : pos[k->a1[t]];
    for (size_t t = 0; t < n2; t++) {
        A->a2[t] = pos[k->a2[t]];
        A->b2[t] = pos[k->b2[t]];
    }
    /* blocks of EQK_BBLK pairs, or at least 8 blocks of >= 8 pairs */
    size_t step = npairs / 8 < EQK_BBLK ? npairs / 8 : EQK_BBLK;
    if (step < 8 || step % 8 || npairs % step) step = npairs;
    const zp_eq_bpass_fn fn = zp_eq_bpass_best(A, step);
    const long long nblk = (long long)(npairs / step);
    /* per block the kernel's reduced sums, added per thread: the field sums
     * are exact, so the totals do not depend on the blocks, the threads or
     * the schedule */
#pragma omp parallel if (nblk >= 2 && npairs * nact >= EQK_PAR_WORK)
    {
        zp_eq_bpass_sums *L = calloc(1, sizeof *L), *bs = malloc(sizeof *bs);
        int ok = L && bs;
#pragma omp for schedule(dynamic, 1)
        for (long long b = 0; b < nblk; b++) {
            if (!ok) continue;
            fn(bs, A, (size_t)b * step, (size_t)(b + 1) * step);
            sums_acc(L, bs, n1, n2);
        }
#pragma omp critical
        {
            if (ok) sums_acc(T, L, n1, n2);
            else nomem = 1;
        }
        if (L) zp_memzero(L, sizeof *L);
        if (bs) zp_memzero(bs, sizeof *bs);
        free(L);
        free(bs);
    }
    if (nomem) {
        zp_memzero(T, sizeof *T);
        free(A);
        free(T);
        return ZP_ERR_NOMEM;
    }
    const zp_fe2 r0 = k->r[0], r0c = gl2_sub(ONE2, k->r[0]);
    zp_fe2 B = Z2, C = Z2;
    for (size_t t = 0; t < n1; t++) {
        const zp_fe2 *l = k->a1[t] == vj ? T->v : T->l[t];
        k->lt[t] = l[0];
        k->ld[t] = l[1];
        zp_fe2 b1 = gl2_add(gl2_mul(r0c, k->ld[t]), gl2_mul(r0, l[2]));
        B = gl2_add(B, gl2_mul(k->c1[t], b1));
    }
    for (size_t t = 0; t < n2; t++) {
        const zp_fe2 *p = T->p[t];
        for (int c = 0; c < 3; c++) {
            k->kp[t][c] = p[KP_0 + c];
            k->kp[t][3 + c] = p[KI_0 + c];
        }
        zp_fe2 b1 = gl2_add(gl2_mul(r0c, k->kp[t][1]), gl2_mul(r0, p[KB_B1]));
        zp_fe2 c1 = gl2_add(gl2_mul(r0c, k->kp[t][2]), gl2_mul(r0, p[KB_C1]));
        B = gl2_add(B, gl2_mul(k->c2[t], b1));
        C = gl2_add(C, gl2_mul(k->c2[t], c1));
    }
    *bB = B;
    *bC = C;
    zp_memzero(T, sizeof *T);
    free(A);
    free(T);
    return ZP_OK;
}

/* ---- the b round: per term, sums of eq (T_a d_b + d_a T_b) and eq d_a d_b ---- */
static zp_err eqk_b_round(void *ctx, zp_fe2 *s, unsigned D1, zp_fe2 claim) {
    eqk *k = ctx;
    if (k->fused) {
        zp_err e = b_pass_fused(k, &k->bB, &k->bC);
        if (e != ZP_OK) return e;
        b_fill(s, D1, claim, k->bB, k->bC);
        return ZP_OK;
    }
    const size_t npairs = (size_t)1 << (k->n - 1);
    const zp_fe2 *E0 = k->E[0];
    const zp_fe2 r0 = k->r[0], r0c = gl2_sub(ONE2, k->r[0]);
    eqk_acc2 SB1[ZP_SC_MAX_TERMS + 1], SB2[ZP_SC_MAX_TERMS], SC2[ZP_SC_MAX_TERMS];
    memset(SB1, 0, sizeof SB1);
    memset(SB2, 0, sizeof SB2);
    memset(SC2, 0, sizeof SC2);
    const size_t n1 = k->n1, n2 = k->n2, nact = k->nact;
#pragma omp parallel if (npairs >= 16 && npairs * nact >= EQK_PAR_WORK)
    {
        eqk_acc2 lb1[ZP_SC_MAX_TERMS + 1], lb2[ZP_SC_MAX_TERMS], lc2[ZP_SC_MAX_TERMS];
        zp_fe2 tv[EQK_MAXT], dv[EQK_MAXT];
        memset(lb1, 0, sizeof lb1);
        memset(lb2, 0, sizeof lb2);
        memset(lc2, 0, sizeof lc2);
        memset(tv, 0, sizeof tv);
        memset(dv, 0, sizeof dv);
#pragma omp for schedule(static)
        for (size_t y = 0; y < npairs; y++) {
            zp_fe2 ey = E0[y];
            for (size_t h = 0; h < 2; h++) {
                const size_t x = 2 * y + h;
                zp_fe2 e = gl2_mul(ey, h ? r0 : r0c); /* eq(r, x) */
                for (size_t q = 0; q < nact; q++) {
                    const size_t j = k->al[q];
                    tv[j] = tval(&k->tab[j], x);
                    dv[j] = dval(&k->tab[j], k->kind[j], x);
                }
                for (size_t t = 0; t < n1; t++) mac2(&lb1[t], e, dv[k->a1[t]]);
                for (size_t t = 0; t < n2; t++) {
                    const uint32_t a = k->a2[t], b = k->b2[t];
                    zp_fe2 p1 = gl2_add(gl2_mul(tv[a], dv[b]), gl2_mul(dv[a], tv[b]));
                    mac2(&lb2[t], e, p1);
                    mac2(&lc2[t], e, gl2_mul(dv[a], dv[b]));
                }
            }
        }
#pragma omp critical
        {
            for (size_t t = 0; t < n1; t++) acc2_add(&SB1[t], &lb1[t]);
            for (size_t t = 0; t < n2; t++) {
                acc2_add(&SB2[t], &lb2[t]);
                acc2_add(&SC2[t], &lc2[t]);
            }
        }
        zp_memzero(lb1, sizeof lb1);
        zp_memzero(lb2, sizeof lb2);
        zp_memzero(lc2, sizeof lc2);
        zp_memzero(tv, sizeof tv);
        zp_memzero(dv, sizeof dv);
    }
    zp_fe2 bB = Z2, bC = Z2;
    for (size_t t = 0; t < n1; t++) bB = gl2_add(bB, gl2_mul(k->c1[t], acc2_red(&SB1[t])));
    for (size_t t = 0; t < n2; t++) {
        bB = gl2_add(bB, gl2_mul(k->c2[t], acc2_red(&SB2[t])));
        bC = gl2_add(bC, gl2_mul(k->c2[t], acc2_red(&SC2[t])));
    }
    k->bB = bB;
    k->bC = bC;
    b_fill(s, D1, claim, bB, bC);
    zp_memzero(SB1, sizeof SB1);
    zp_memzero(SB2, sizeof SB2);
    zp_memzero(SC2, sizeof SC2);
    return ZP_OK;
}

/* ---- x rounds: P_i(0), P_i(inf) (and P_i(1) when r_i = 0) over pairs ---- */

static void sums_add(eqk_sums *a, const eqk_sums *b, size_t n1, size_t n2, int direct) {
    for (size_t t = 0; t < n2; t++) {
        acc2_add(&a->Q0[t], &b->Q0[t]);
        acc2_add(&a->QI[t], &b->QI[t]);
        if (direct) acc2_add(&a->Q1[t], &b->Q1[t]);
    }
    for (size_t t = 0; t < n1; t++) {
        acc2_add(&a->L0[t], &b->L0[t]);
        if (direct) acc2_add(&a->L1[t], &b->L1[t]);
    }
}

zp_eq_xfold_fn zp_eq_xfold_avx512_fn(void) {
#if !defined(ZP_NO_AVX512) && ZP_FIELD_P == 0xFFFFFFFF00000001ULL /* Goldilocks kernels */
    if (zp_cpu_features() & ZP_CPU_AVX512F) return zp_eq_xfold_avx512;
#endif
    return NULL;
}

/* A reduced extension value as a lazy sum. */
static void acc2_set(eqk_acc2 *a, zp_fe2 v) {
    memset(a, 0, sizeof *a);
    a->s00.lo = v.c0;
    a->s01.lo = v.c1;
}

/* A fold round (i >= 1, r_i != 0) by the AVX-512 kernel when it is there
 * and the tables' kinds and periods allow (1), else 0 (nothing done).  The
 * kernel's reduced sums per block are added per thread: the field sums are
 * exact, so S holds the values of eval_pairs. */
static int eval_pairs_kernel(eqk *k, eqk_sums *S, const zp_fe2 *E, size_t npairs, zp_fe2 rf,
                             zp_fe2 *const *src, zp_fe2 *const *dst) {
    const zp_eq_xfold_fn fn = zp_eq_xfold_avx512_fn();
    if (!fn || npairs % 8) return 0;
    zp_eq_xfold_args A;
    uint32_t pos[EQK_MAXT];
    memset(&A, 0, sizeof A);
    A.E = E;
    A.rb = k->rb;
    A.rf = rf;
    for (size_t q = 0; q < k->nact; q++) {
        const size_t j = k->al[q];
        const zp_sc_table *t = &k->tab[j];
        pos[j] = (uint32_t)q;
        A.dst[q] = dst[j];
        A.wt[q] = k->wt[j];
        if (src) {
            A.kind[q] = ZP_EQ_F_SRC;
            A.src[q] = src[j];
            continue;
        }
        if (t->base && k->kind[j] == K_PUB) {
            A.kind[q] = ZP_EQ_F_PUB;
            A.tb[q] = t->base;
        } else if (t->base && k->kind[j] == K_BM && t->mask_len >= 32) {
            A.kind[q] = ZP_EQ_F_BM;
            A.tb[q] = t->base;
            A.mb[q] = t->mask_base;
            A.ml[q] = t->mask_len;
        } else if (t->ext && k->kind[j] == K_XM && t->mask_len >= 32) {
            A.kind[q] = ZP_EQ_F_XM;
            A.tx[q] = t->ext;
            A.mx[q] = t->mask_ext;
            A.ml[q] = t->mask_len;
        } else {
            return 0;
        }
    }
    A.nq = k->nact;
    A.n1 = k->n1;
    A.n2 = k->n2;
    for (size_t t = 0; t < k->n1; t++) A.a1[t] = pos[k->a1[t]];
    for (size_t t = 0; t < k->n2; t++) {
        A.a2[t] = pos[k->a2[t]];
        A.b2[t] = pos[k->b2[t]];
    }
    const size_t n1 = k->n1, n2 = k->n2;
    /* blocks of EQK_BBLK pairs, or at least 8 blocks of >= 8 pairs (a
     * small round is split between the threads too) */
    size_t step = npairs / 8 < EQK_BBLK ? npairs / 8 : EQK_BBLK;
    if (step < 8 || step % 8 || npairs % step) step = npairs;
    const long long nblk = (long long)(npairs / step);
    zp_eq_xfold_sums T;
    memset(&T, 0, sizeof T);
#pragma omp parallel if (nblk >= 2 && npairs * k->nact >= EQK_PAR_WORK)
    {
        zp_eq_xfold_sums L, bs;
        memset(&L, 0, sizeof L);
#pragma omp for schedule(dynamic, 1)
        for (long long b = 0; b < nblk; b++) {
            fn(&bs, &A, (size_t)b * step, (size_t)(b + 1) * step);
            for (size_t t = 0; t < n1; t++) L.l0[t] = gl2_add(L.l0[t], bs.l0[t]);
            for (size_t t = 0; t < n2; t++) {
                L.q0[t] = gl2_add(L.q0[t], bs.q0[t]);
                L.qi[t] = gl2_add(L.qi[t], bs.qi[t]);
            }
        }
#pragma omp critical
        {
            for (size_t t = 0; t < n1; t++) T.l0[t] = gl2_add(T.l0[t], L.l0[t]);
            for (size_t t = 0; t < n2; t++) {
                T.q0[t] = gl2_add(T.q0[t], L.q0[t]);
                T.qi[t] = gl2_add(T.qi[t], L.qi[t]);
            }
        }
        zp_memzero(&L, sizeof L);
        zp_memzero(&bs, sizeof bs);
    }
    memset(S, 0, sizeof *S);
    for (size_t t = 0; t < n1; t++) acc2_set(&S->L0[t], T.l0[t]);
    for (size_t t = 0; t < n2; t++) {
        acc2_set(&S->Q0[t], T.q0[t]);
        acc2_set(&S->QI[t], T.qi[t]);
    }
    zp_memzero(&T, sizeof T);
    return 1;
}

/* Evaluates the pairs of the current (folded) tables: the inputs bound at
 * rb when fold is 0, else src (NULL: the inputs bound at rb) folded at rf
 * into dst first. */
static void eval_pairs(eqk *k, eqk_sums *S, const zp_fe2 *E, size_t npairs, int fold,
                       zp_fe2 rf, zp_fe2 *const *src, zp_fe2 *const *dst, int direct) {
    const size_t n1 = k->n1, n2 = k->n2, nact = k->nact;
    if (fold && !direct && eval_pairs_kernel(k, S, E, npairs, rf, src, dst)) return;
    const zp_fe2 rs = gl2_mul(k->rb, rf);
    const zp_fe rf7 = gl_mul7(rf.c1);
    memset(S, 0, sizeof *S);
#pragma omp parallel if (npairs >= 16 && npairs * nact >= EQK_PAR_WORK)
    {
        eqk_sums L;
        zp_fe2 lo[EQK_MAXT], hi[EQK_MAXT], dl[EQK_MAXT];
        zp_fe2 u[EQK_MAXT], w[EQK_MAXT], u1[EQK_MAXT];
        memset(&L, 0, sizeof L);
        memset(u, 0, sizeof u);
        memset(w, 0, sizeof w);
        memset(u1, 0, sizeof u1);
#pragma omp for schedule(static)
        for (size_t y = 0; y < npairs; y++) {
            const zp_fe2 e = E[y];
            for (size_t q = 0; q < nact; q++) {
                const size_t j = k->al[q];
                zp_fe2 v0, v1;
                if (!fold) {
                    v0 = bound(k, j, 2 * y);
                    v1 = bound(k, j, 2 * y + 1);
                } else {
                    if (src) {
                        const zp_fe2 *sj = src[j] + 4 * y;
                        v0 = fold2(sj[0], sj[1], rf, rf7);
                        v1 = fold2(sj[2], sj[3], rf, rf7);
                    } else {
                        v0 = fold_base(k, j, 4 * y, rf, rs);
                        v1 = fold_base(k, j, 4 * y + 2, rf, rs);
                    }
                    dst[j][2 * y] = v0;
                    dst[j][2 * y + 1] = v1;
                }
                lo[j] = v0;
                hi[j] = v1;
                dl[j] = gl2_sub(v1, v0);
                if (k->wt[j]) {
                    u[j] = gl2_mul(e, v0);
                    w[j] = gl2_mul(e, dl[j]);
                    if (direct) u1[j] = gl2_mul(e, v1);
                }
            }
            for (size_t t = 0; t < n1; t++) {
                const uint32_t a = k->a1[t];
                mac2(&L.L0[t], e, lo[a]);
                if (direct) mac2(&L.L1[t], e, hi[a]);
            }
            for (size_t t = 0; t < n2; t++) {
                const uint32_t a = k->a2[t], b = k->b2[t];
                mac2(&L.Q0[t], u[a], lo[b]);
                mac2(&L.QI[t], w[a], dl[b]);
                if (direct) mac2(&L.Q1[t], u1[a], hi[b]);
            }
        }
#pragma omp critical
        sums_add(S, &L, n1, n2, direct);
        zp_memzero(&L, sizeof L);
        zp_memzero(lo, sizeof lo);
        zp_memzero(hi, sizeof hi);
        zp_memzero(dl, sizeof dl);
        zp_memzero(u, sizeof u);
        zp_memzero(w, sizeof w);
        zp_memzero(u1, sizeof u1);
    }
}

/* P(x) = p0 + (p1 - p0 - pinf) x + pinf x^2 */
static zp_fe2 p_at(const eqk *k, zp_fe2 x) {
    zp_fe2 lin = gl2_sub(gl2_sub(k->p1, k->p0), k->pinf);
    return gl2_add(k->p0, gl2_mul(x, gl2_add(lin, gl2_mul(x, k->pinf))));
}

/* eq(a, x) = (1 - a)(1 - x) + a x */
static zp_fe2 eq1(zp_fe2 a, zp_fe2 x) {
    zp_fe2 ax = gl2_mul(a, x);
    return gl2_add(gl2_sub(gl2_sub(ONE2, a), x), gl2_add(ax, ax));
}

/* Round i's raw values from P(0), P's leading coefficient and (direct)
 * P(1), else P(1) from cl = (1 - r_i) P(0) + r_i P(1). */
static zp_err x_finish(eqk *k, zp_fe2 *s, unsigned D, zp_fe2 p0, zp_fe2 p1, zp_fe2 pinf,
                       int direct) {
    const zp_fe2 ri = k->r[k->round];
    if (!direct) p1 = gl2_mul(gl2_sub(k->cl, gl2_mul(gl2_sub(ONE2, ri), p0)), zp_fe2_inv(ri));
    k->p0 = p0;
    k->p1 = p1;
    k->pinf = pinf;
    /* raw s_i(x) = alpha eq(r_i, x) P(x) */
    for (unsigned x = 0; x <= D; x++) {
        if (x == 1) continue;
        zp_fe2 xx = gl2_from_fe(x);
        s[x] = gl2_mul(k->alpha, gl2_mul(eq1(ri, xx), p_at(k, xx)));
    }
    k->round++;
    return ZP_OK;
}

static zp_err eqk_x_round(void *ctx, unsigned i, zp_fe2 rb, zp_fe2 r_prev, zp_fe2 raw_claim,
                          zp_fe2 *s, unsigned D) {
    eqk *k = ctx;
    (void)raw_claim;
    if (i != k->round) return ZP_ERR_INTERNAL;
    if (i == 0) {
        k->rb = rb;
        k->cl = gl2_add(k->claim, gl2_mul(rb, gl2_add(k->bB, gl2_mul(rb, k->bC))));
        k->alpha = ONE2;
    } else {
        k->pt[i - 1] = r_prev;
        k->cl = p_at(k, r_prev);
        k->alpha = gl2_mul(k->alpha, eq1(k->r[i - 1], r_prev));
    }
    const int direct = gl2_is_zero(k->r[i]);
    const size_t npairs = (size_t)1 << (k->n - 1 - i);
    eqk_sums *S = &k->S;
    if (i == 0 && k->fused) {
        /* from the b pass: polynomials in rb */
        zp_fe2 p0 = k->c0, pinf = Z2;
        for (size_t t = 0; t < k->n1; t++)
            p0 = gl2_add(p0, gl2_mul(k->c1[t], gl2_add(k->lt[t], gl2_mul(rb, k->ld[t]))));
        for (size_t t = 0; t < k->n2; t++) {
            const zp_fe2 *q = k->kp[t];
            zp_fe2 v0 = gl2_add(q[0], gl2_mul(rb, gl2_add(q[1], gl2_mul(rb, q[2]))));
            zp_fe2 vi = gl2_add(q[3], gl2_mul(rb, gl2_add(q[4], gl2_mul(rb, q[5]))));
            p0 = gl2_add(p0, gl2_mul(k->c2[t], v0));
            pinf = gl2_add(pinf, gl2_mul(k->c2[t], vi));
        }
        return x_finish(k, s, D, p0, Z2, pinf, 0);
    }
    if (i == 0) {
        eval_pairs(k, S, k->E[0], npairs, 0, Z2, NULL, NULL, direct);
    } else {
        zp_fe2 *const *dst = (i & 1) ? k->A : k->B;
        eval_pairs(k, S, k->E[i], npairs, 1, r_prev, k->cur, dst, direct);
        k->cur = dst;
    }
    zp_fe2 p0 = k->c0, p1 = k->c0, pinf = Z2;
    for (size_t t = 0; t < k->n1; t++) {
        p0 = gl2_add(p0, gl2_mul(k->c1[t], acc2_red(&S->L0[t])));
        if (direct) p1 = gl2_add(p1, gl2_mul(k->c1[t], acc2_red(&S->L1[t])));
    }
    for (size_t t = 0; t < k->n2; t++) {
        p0 = gl2_add(p0, gl2_mul(k->c2[t], acc2_red(&S->Q0[t])));
        pinf = gl2_add(pinf, gl2_mul(k->c2[t], acc2_red(&S->QI[t])));
        if (direct) p1 = gl2_add(p1, gl2_mul(k->c2[t], acc2_red(&S->Q1[t])));
    }
    zp_memzero(S, sizeof *S);
    return x_finish(k, s, D, p0, p1, pinf, direct);
}

static unsigned log2_of(size_t v) {
    unsigned l = 0;
    while (((size_t)1 << l) < v) l++;
    return l;
}

/* tp[j] = T_j(point) for the tables that are not folded, in one pass:
 * sum_x eq(point, x) T_j(x) (eq(point, .) in the E tables' memory, no
 * longer used), lazily summed. */
static void t_at_point(eqk *k, zp_fe2 *tp) {
    uint32_t fl[EQK_MAXT];
    size_t nf = 0;
    for (size_t j = 1; j < k->nt; j++)
        if (!k->act[j]) fl[nf++] = (uint32_t)j;
    if (!nf) return;
    const size_t N = (size_t)1 << k->n;
    zp_fe2 *eqp = k->mem;
    zp_eq_table(eqp, k->pt, k->n);
    const zp_eq_dots_fn dfn = zp_eq_dots_avx512_fn();
    int simd = dfn && N % 8 == 0;
    const zp_fe *src[EQK_MAXT];
    for (size_t q = 0; q < nf; q++) {
        src[q] = k->tab[fl[q]].base;
        if (!src[q]) simd = 0;
    }
    if (simd) {
        /* the kernel's reduced sums per block, added per thread (exact) */
        zp_fe2 T[EQK_MAXT];
        memset(T, 0, nf * sizeof T[0]);
        const long long nb = (long long)((N + EQK_XBLK - 1) / EQK_XBLK);
#pragma omp parallel if (N >= EQK_PAR_MIN)
        {
            zp_fe2 l[EQK_MAXT], bs[EQK_MAXT];
            memset(l, 0, nf * sizeof l[0]);
#pragma omp for schedule(dynamic, 1)
            for (long long b = 0; b < nb; b++) {
                const size_t x0 = (size_t)b * EQK_XBLK;
                dfn(bs, eqp, src, nf, x0, x0 + EQK_XBLK < N ? x0 + EQK_XBLK : N);
                for (size_t q = 0; q < nf; q++) l[q] = gl2_add(l[q], bs[q]);
            }
#pragma omp critical
            for (size_t q = 0; q < nf; q++) T[q] = gl2_add(T[q], l[q]);
            zp_memzero(l, nf * sizeof l[0]);
            zp_memzero(bs, nf * sizeof bs[0]);
        }
        for (size_t q = 0; q < nf; q++) tp[fl[q]] = T[q];
        zp_memzero(T, nf * sizeof T[0]);
        return;
    }
    eqk_acc2 S[EQK_MAXT];
    memset(S, 0, sizeof S);
#pragma omp parallel if (N >= EQK_PAR_MIN)
    {
        eqk_acc2 l[EQK_MAXT];
        memset(l, 0, sizeof l);
#pragma omp for schedule(static)
        for (size_t x = 0; x < N; x++) {
            const zp_fe2 e = eqp[x];
            for (size_t q = 0; q < nf; q++) {
                const zp_sc_table *t = &k->tab[fl[q]];
                if (t->base) {
                    mac(&l[q].s00, e.c0, t->base[x]);
                    mac(&l[q].s01, e.c1, t->base[x]);
                } else {
                    mac2(&l[q], e, t->ext[x]);
                }
            }
        }
#pragma omp critical
        for (size_t q = 0; q < nf; q++) acc2_add(&S[q], &l[q]);
        zp_memzero(l, sizeof l);
    }
    for (size_t q = 0; q < nf; q++) tp[fl[q]] = acc2_red(&S[q]);
    zp_memzero(S, sizeof S);
}

/* evals[j] = T^_j(rb, point): the folded tables from their last pair, the
 * others (merged into V, or in no term) as (1 - rb) T_j(point) + rb
 * R_j(point) by multilinear evaluation (R_j periodic: its extension
 * depends on the low log2 L_j coordinates only). */
static zp_err eqk_finish(void *ctx, zp_fe2 r_last, zp_fe2 *evals) {
    eqk *k = ctx;
    if (k->round != k->n) return ZP_ERR_INTERNAL;
    k->pt[k->n - 1] = r_last;
    evals[0] = gl2_mul(k->alpha, eq1(k->r[k->n - 1], r_last));
    zp_fe2 tp[EQK_MAXT];
    t_at_point(k, tp);
    for (size_t j = 1; j < k->nt; j++) {
        const zp_sc_table *t = &k->tab[j];
        if (k->act[j]) {
            zp_fe2 lo, hi;
            if (k->cur) {
                lo = k->cur[j][0];
                hi = k->cur[j][1];
            } else {
                lo = bound(k, j, 0);
                hi = bound(k, j, 1);
            }
            evals[j] = gl2_add(lo, gl2_mul(r_last, gl2_sub(hi, lo)));
            continue;
        }
        zp_fe2 v = tp[j];
        if (k->kind[j] != K_PUB) {
            const unsigned l = log2_of(t->mask_len);
            zp_fe2 m = t->mask_base ? zp_mle_eval(t->mask_base, k->pt, l)
                                    : zp_mle_eval2(t->mask_ext, k->pt, l);
            v = gl2_add(v, gl2_mul(k->rb, gl2_sub(m, v)));
        }
        evals[j] = v;
    }
    zp_memzero(tp, sizeof tp);
    return ZP_OK;
}

static const zp_sc_kernel EQ_KERNEL = {eqk_b_round, eqk_x_round, eqk_finish, 0, NULL};

/* Reads the instance's terms; 0 if it is not of the kernel's shape. */
static int eqk_setup(eqk *k, const zp_sc_instance *inst) {
    const size_t nt = inst->n_tables;
    memcpy(k->tab, inst->tables, nt * sizeof(zp_sc_table));
    for (size_t j = 1; j < nt; j++) {
        const zp_sc_table *t = &inst->tables[j];
        if ((t->base == NULL) == (t->ext == NULL) || (t->mask_base && t->mask_ext)) return 0;
        if (t->mask_base || t->mask_ext) {
            size_t L = t->mask_len;
            if (!L || (L & (L - 1)) || L > ((size_t)1 << inst->n_vars)) return 0;
            if (t->mask_base && L < 2) return 0;
        }
        k->kind[j] = t->mask_base ? K_BM : t->mask_ext ? K_XM : K_PUB;
    }
    unsigned cnt[EQK_MAXT];
    uint32_t la[ZP_SC_MAX_TERMS];
    zp_fe2 lc[ZP_SC_MAX_TERMS];
    size_t nl = 0;
    memset(cnt, 0, sizeof cnt);
    for (size_t i = 0; i < inst->n_terms; i++) {
        const zp_sc_term *tm = &inst->terms[i];
        if (tm->n_factors < 1 || tm->n_factors > 3 || tm->factors[0] != 0) return 0;
        for (unsigned f = 1; f < tm->n_factors; f++)
            if (tm->factors[f] == 0 || tm->factors[f] >= nt) return 0;
        if (tm->n_factors == 1) {
            k->c0 = gl2_add(k->c0, tm->coeff);
        } else if (tm->n_factors == 2) {
            la[nl] = tm->factors[1];
            lc[nl++] = tm->coeff;
        } else {
            k->a2[k->n2] = tm->factors[1];
            k->b2[k->n2] = tm->factors[2];
            k->c2[k->n2++] = tm->coeff;
            cnt[tm->factors[1]]++;
            cnt[tm->factors[2]]++;
            k->act[tm->factors[1]] = k->act[tm->factors[2]] = 1;
        }
    }
    /* Degree-1 terms on masked tables that are in no product merge into V
     * (one folded table instead of many); the others are folded. */
    size_t Lmax = 0;
    for (size_t t = 0; t < nl; t++) {
        const uint32_t a = la[t];
        if (k->kind[a] != K_PUB && !cnt[a]) {
            k->am[k->nm] = a;
            k->cm[k->nm++] = lc[t];
            if (k->tab[a].mask_len > Lmax) Lmax = k->tab[a].mask_len;
        } else {
            k->a1[k->n1] = a;
            k->c1[k->n1++] = lc[t];
            k->act[a] = 1;
        }
    }
    if (k->nm) {
        k->vj = nt;
        k->kind[nt] = K_XM;
        k->tab[nt] = (zp_sc_table){NULL, NULL, NULL, NULL, Lmax}; /* buffers later */
        k->act[nt] = 1;
        k->a1[k->n1] = (uint32_t)nt;
        k->c1[k->n1++] = ONE2;
    }
    for (size_t j = 1; j < nt + (k->vj ? 1 : 0); j++)
        if (k->act[j]) k->al[k->nact++] = (uint32_t)j;
    /* The E-weighted factor of each product: one already weighted, else the
     * one in more products (fewer weighted tables per pair). */
    for (size_t t = 0; t < k->n2; t++) {
        uint32_t a = k->a2[t], b = k->b2[t];
        if (!k->wt[a] && (k->wt[b] || cnt[b] > cnt[a])) {
            k->a2[t] = b;
            k->b2[t] = a;
            a = b;
        }
        k->wt[a] = 1;
    }
    /* fused: the folded tables other than V over F with F masks, r_0 != 0
     * (round 0 then needs no P(1)) */
    k->fused = !gl2_is_zero(k->r[0]);
    for (size_t q = 0; q < k->nact; q++) {
        const size_t j = k->al[q];
        if (j != k->vj && (!k->tab[j].base || k->kind[j] == K_XM)) k->fused = 0;
    }
    return 1;
}

zp_err zp_sumcheck_zk_prove_eq(zp_transcript *tr, zp_bytes *proof, zp_sc_zk_result *res,
                               zp_fe2 *point, zp_fe2 *evals, const zp_sc_instance *inst,
                               const zp_fe2 *r, zp_fe2 claim, const zp_fe *g0, const zp_fe *g1) {
    if (!tr || !proof || !res || !point || !evals || !inst || !r || !g0 || !g1 ||
        !inst->tables || !inst->terms)
        return ZP_ERR_ARG;
    if (inst->n_vars < 1 || inst->n_vars > ZP_SC_MAX_VARS || inst->n_tables < 1 ||
        inst->n_tables > ZP_SC_MAX_TABLES || inst->n_terms < 1 || inst->n_terms > ZP_SC_MAX_TERMS)
        return ZP_ERR_ARG;
    memset(res, 0, sizeof *res);
    memset(point, 0, inst->n_vars * sizeof(zp_fe2));
    memset(evals, 0, inst->n_tables * sizeof(zp_fe2));
    eqk *k = calloc(1, sizeof *k);
    if (!k) return ZP_ERR_NOMEM;
    k->n = inst->n_vars;
    k->D = zp_sc_degree(inst);
    k->nt = inst->n_tables;
    k->r = r;
    k->claim = claim;
    if (!eqk_setup(k, inst)) {
        free(k);
        return ZP_ERR_ARG;
    }
    const unsigned n = k->n;
    const size_t N = (size_t)1 << n, half = N / 2, quarter = n >= 2 ? half / 2 : 1;
    const size_t Lv = k->vj ? k->tab[k->vj].mask_len : 0;
    /* E[0] (2^(n-1)) .. E[n-1] (1): 2^n - 1 values; V and its mask; per
     * folded table 2^(n-1) + 2^(n-2) fold values */
    k->mem_len = N + (k->vj ? N + Lv : 0) + k->nact * (half + quarter);
    k->mem = malloc(k->mem_len * sizeof(zp_fe2));
    if (!k->mem) {
        free(k);
        return ZP_ERR_NOMEM;
    }
    zp_fe2 *m = k->mem;
    for (unsigned i = 0; i < n; i++) {
        k->E[i] = m;
        m += (size_t)1 << (n - 1 - i);
    }
    m = k->mem + N;
    if (k->vj) {
        k->tab[k->vj].ext = m;
        k->tab[k->vj].mask_ext = m + N;
        m += N + Lv;
    }
    for (size_t q = 0; q < k->nact; q++) {
        const size_t j = k->al[q];
        k->A[j] = m;
        k->B[j] = m + half;
        m += half + quarter;
    }
    zp_eq_table(k->E[0], r + 1, n - 1);
    for (unsigned i = 1; i < n; i++) {
        const size_t h = (size_t)1 << (n - 1 - i);
        for (size_t y = 0; y < h; y++) k->E[i][y] = gl2_add(k->E[i - 1][2 * y], k->E[i - 1][2 * y + 1]);
    }
    if (k->vj) build_v(k);
    zp_err e = zp_sumcheck_zk_prove_kernel(tr, proof, res, point, evals, inst, claim, g0, g1,
                                           &EQ_KERNEL, k);
    /* V and the fold buffers hold witness-derived values */
    zp_memzero(k->mem, k->mem_len * sizeof(zp_fe2));
    free(k->mem);
    zp_memzero(k, sizeof *k);
    free(k);
    return e;
}
