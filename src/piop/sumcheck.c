/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Sumcheck prover and verifier, plain and zero-knowledge (docs/spec/sumcheck.md). */
#include <stdlib.h>
#include <string.h>

#include "sumcheck_internal.h"
#include "piop/toy_weak.h"

#define MAXK (ZP_SC_MAX_FACTORS + 2) /* evaluation points 0 .. D+1 */
/* Sums over fewer values than this run on one thread: below it the
 * parallel region's fork and barrier cost more than the loop (the sums
 * are exact field additions, so the result is the same either way). */
#define ZP_SC_PAR_MIN 2048
/* A generic round's pass (over K) runs on the threads when pairs x tables
 * x points reaches this: about 15-25 us of one thread (a pass costs 6-12 ns per table and
 * point of a pair), well above the 1-3 us of a parallel region.  Many
 * small instances (a matrix product's 8 tables over 2^10 pairs: 0.2 ms a
 * round) are far below ZP_SC_PAR_MIN pairs and above this. */
#define ZP_SC_PAR_WORK 2048

size_t zp_sc_max_factors(void) { return ZP_SC_MAX_FACTORS; }
size_t zp_sc_max_terms(void) { return ZP_SC_MAX_TERMS; }
size_t zp_sc_max_tables(void) { return ZP_SC_MAX_TABLES; }

static const zp_fe2 FE2_ZERO = {0, 0};
static const zp_fe2 FE2_ONE = {1, 0};

unsigned zp_sc_degree(const zp_sc_instance *inst) {
    unsigned d = 0;
    if (!inst || !inst->terms) return 0;
    for (size_t t = 0; t < inst->n_terms; t++)
        if (inst->terms[t].n_factors > d) d = inst->terms[t].n_factors;
    return d;
}

static int is_pow2(size_t v) { return v && !(v & (v - 1)); }

zp_err zp_sc_instance_check(const zp_sc_instance *inst) {
    if (!inst || !inst->tables || !inst->terms) return ZP_ERR_ARG;
    if (inst->n_vars < 1 || inst->n_vars > ZP_SC_MAX_VARS) return ZP_ERR_ARG;
    if (inst->n_tables < 1 || inst->n_tables > ZP_SC_MAX_TABLES) return ZP_ERR_ARG;
    if (inst->n_terms < 1 || inst->n_terms > ZP_SC_MAX_TERMS) return ZP_ERR_ARG;
    size_t size = (size_t)1 << inst->n_vars;
    for (size_t j = 0; j < inst->n_tables; j++) {
        const zp_sc_table *t = &inst->tables[j];
        if ((t->base == NULL) == (t->ext == NULL)) return ZP_ERR_ARG;
        if (t->mask_base && t->mask_ext) return ZP_ERR_ARG;
        if (t->mask_base || t->mask_ext) {
            if (!is_pow2(t->mask_len) || t->mask_len > size) return ZP_ERR_ARG;
            /* A base-field mask of one value is constant in F: the masked
             * evaluation (1 - r_b) T(r) + r_b R[0] (in F_p2, 2 coordinates)
             * then reveals an F-linear functional of T(r).  Two base values
             * (or one uniform F_p2 value) are the minimum. */
            if (t->mask_base && t->mask_len < 2) return ZP_ERR_ARG;
        }
    }
    for (size_t t = 0; t < inst->n_terms; t++) {
        const zp_sc_term *tm = &inst->terms[t];
        if (tm->n_factors < 1 || tm->n_factors > ZP_SC_MAX_FACTORS) return ZP_ERR_ARG;
        for (unsigned k = 0; k < tm->n_factors; k++)
            if (tm->factors[k] >= inst->n_tables) return ZP_ERR_ARG;
    }
    return ZP_OK;
}

zp_fe2 zp_sc_terms_eval(const zp_sc_term *terms, size_t n_terms,
                        const zp_fe2 *evals, size_t n_tables) {
    zp_fe2 acc = FE2_ZERO;
    for (size_t t = 0; t < n_terms; t++) {
        zp_fe2 p = terms[t].coeff;
        for (unsigned k = 0; k < terms[t].n_factors && k < ZP_SC_MAX_FACTORS; k++) {
            uint32_t f = terms[t].factors[k];
            p = gl2_mul(p, f < n_tables ? evals[f] : FE2_ZERO);
        }
        acc = gl2_add(acc, p);
    }
    return acc;
}

/* ------------------------------------------------------------------ */
/* Table sources.  A round reads pairs (lo, hi) of every table: */
enum {
    M_IN,  /* input tables, pair (T[2p], T[2p+1])                        */
    M_B,   /* ZK masking variable: pair (T[p], R[p mod L]) (R = T if none) */
    M_INB, /* input tables bound at b = rb on the fly, pair (2p, 2p+1)    */
    M_BUF  /* folded extension buffers, pair (buf[2p], buf[2p+1])         */
};

typedef struct {
    const zp_sc_instance *inst;
    int mode;
    zp_fe2 rb;
    zp_fe2 *const *cur; /* M_BUF source */
} zp_sc_src;

static inline zp_fe2 tab_at(const zp_sc_table *t, size_t k) {
    if (t->base) return gl2_from_fe(t->base[k]);
    return t->ext[k];
}
static inline int has_mask(const zp_sc_table *t) {
    return t->mask_base != NULL || t->mask_ext != NULL;
}
static inline zp_fe2 mask_at(const zp_sc_table *t, size_t k) {
    k &= t->mask_len - 1;
    if (t->mask_base) return gl2_from_fe(t->mask_base[k]);
    return t->mask_ext[k];
}
/* T^(rb, k) = T[k] + rb (R[k] - T[k]). */
static inline zp_fe2 tab_bound(const zp_sc_table *t, size_t k, zp_fe2 rb) {
    zp_fe2 v = tab_at(t, k);
    if (!has_mask(t)) return v;
    if (t->base && t->mask_base) {
        zp_fe d = gl_sub(t->mask_base[k & (t->mask_len - 1)], t->base[k]);
        return gl2_add(v, gl2_mul_fe(rb, d));
    }
    return gl2_add(v, gl2_mul(rb, gl2_sub(mask_at(t, k), v)));
}

static inline void load_pair(const zp_sc_src *s, size_t j, size_t p,
                             zp_fe2 *lo, zp_fe2 *hi) {
    const zp_sc_table *t = &s->inst->tables[j];
    switch (s->mode) {
    case M_IN:
        *lo = tab_at(t, 2 * p);
        *hi = tab_at(t, 2 * p + 1);
        break;
    case M_B:
        *lo = tab_at(t, p);
        *hi = has_mask(t) ? mask_at(t, p) : *lo;
        break;
    case M_INB:
        *lo = tab_bound(t, 2 * p, s->rb);
        *hi = tab_bound(t, 2 * p + 1, s->rb);
        break;
    default:
        *lo = s->cur[j][2 * p];
        *hi = s->cur[j][2 * p + 1];
        break;
    }
}

/* Lazy accumulation of products: a 192-bit sum hi * 2^128 + lo, reduced
 * once at the end (2^128 = -2^32 mod p).  Exact, so the order of the
 * additions (and the thread count) does not matter. */
typedef struct {
    unsigned __int128 lo;
    uint64_t hi;
} zp_acc;
static inline void acc_mac(zp_acc *a, uint64_t x, uint64_t y) {
    unsigned __int128 p = (unsigned __int128)x * y;
    a->lo += p;
    a->hi += (uint64_t)(a->lo < p);
}
static inline void acc_add(zp_acc *a, const zp_acc *b) {
    a->lo += b->lo;
    a->hi += b->hi + (uint64_t)(a->lo < b->lo);
}
static inline zp_fe acc_reduce(const zp_acc *a) {
    return gl_sub(gl_reduce128(a->lo), gl_mul(gl_from_u64(a->hi), GL_NEG_2POW128));
}
/* Extension products: x y = (x0 y0 + 7 x1 y1) + (x0 y1 + x1 y0) u. */
typedef struct {
    zp_acc s00, s11, s01;
} zp_acc2;
static inline void acc2_mac(zp_acc2 *a, zp_fe2 x, zp_fe2 y) {
    acc_mac(&a->s00, x.c0, y.c0);
    acc_mac(&a->s11, x.c1, y.c1);
    acc_mac(&a->s01, x.c0, y.c1);
    acc_mac(&a->s01, x.c1, y.c0);
}
static inline void acc2_add(zp_acc2 *a, const zp_acc2 *b) {
    acc_add(&a->s00, &b->s00);
    acc_add(&a->s11, &b->s11);
    acc_add(&a->s01, &b->s01);
}
static inline zp_fe2 acc2_reduce(const zp_acc2 *a) {
    zp_fe2 r = {gl_add(acc_reduce(&a->s00), gl_mul7(acc_reduce(&a->s11))),
                acc_reduce(&a->s01)};
    return r;
}

/* 1 if the instance is one term of two factors (the unrolled fast path). */
static int is_prod2(const zp_sc_instance *inst) {
    return inst->n_terms == 1 && inst->terms[0].n_factors == 2;
}

/* 1 for the ZK fast path: A B with A, B base tables with base masks. */
static int zk_prod2_ok(const zp_sc_instance *inst) {
    if (!is_prod2(inst) || inst->n_tables != 2) return 0;
    if (inst->terms[0].factors[0] == inst->terms[0].factors[1]) return 0;
    for (size_t j = 0; j < 2; j++)
        if (!inst->tables[j].base || !inst->tables[j].mask_base) return 0;
    return 1;
}

/* Accumulates, for every term t and point k in {0, 2, .., D}, the product
 * of the factor tables' values lo + k (hi - lo) over the pair (lo, hi). */
static inline void eval_pair(zp_fe2 acc[][MAXK], const zp_sc_instance *inst,
                             zp_fe2 v[][MAXK], unsigned D) {
    for (size_t t = 0; t < inst->n_terms; t++) {
        const zp_sc_term *tm = &inst->terms[t];
        for (unsigned k = 0; k <= D; k++) {
            if (k == 1) continue;
            zp_fe2 p = v[tm->factors[0]][k];
            for (unsigned f = 1; f < tm->n_factors; f++) p = gl2_mul(p, v[tm->factors[f]][k]);
            acc[t][k] = gl2_add(acc[t][k], p);
        }
    }
}

static inline void expand(zp_fe2 *v, zp_fe2 lo, zp_fe2 hi, unsigned D) {
    zp_fe2 d = gl2_sub(hi, lo);
    v[0] = lo;
    v[1] = hi;
    for (unsigned k = 2; k <= D; k++) v[k] = gl2_add(v[k - 1], d);
}

/* Sums acc[t][k] into out[k] = sum_t c_t acc[t][k]. */
static void combine_terms(zp_fe2 *out, const zp_sc_instance *inst,
                          zp_fe2 S[][MAXK], unsigned D) {
    for (unsigned k = 0; k <= D; k++) {
        zp_fe2 a = FE2_ZERO;
        for (size_t t = 0; t < inst->n_terms; t++)
            a = gl2_add(a, gl2_mul(inst->terms[t].coeff, S[t][k]));
        out[k] = a;
    }
}

/* ---- base-field first round (all tables, and masks in mode M_B, base) ---- */
/* 1: the generic round's pass over npairs pairs of the instance's tables
 * (a fold counts twice) is worth a parallel region.  The unrolled
 * two-table paths (a few ns a pair) keep ZP_SC_PAR_MIN. */
static int par_round(const zp_sc_instance *inst, size_t npairs, unsigned D) {
    return npairs >= 16 && npairs * inst->n_tables * (D + 1) >= ZP_SC_PAR_WORK;
}

static int all_base(const zp_sc_instance *inst, int mode) {
    for (size_t j = 0; j < inst->n_tables; j++) {
        const zp_sc_table *t = &inst->tables[j];
        if (!t->base) return 0;
        if (mode == M_B && t->mask_ext) return 0;
    }
    return mode == M_IN || mode == M_B;
}

static void eval_round_base(zp_fe2 *out, const zp_sc_instance *inst, int mode,
                            size_t npairs, unsigned D) {
    zp_fe S[ZP_SC_MAX_TERMS][MAXK];
    memset(S, 0, sizeof S);
    const size_t nt = inst->n_tables, nterms = inst->n_terms;
    if (is_prod2(inst) && D == 2 && mode == M_IN) {
        const zp_fe *A = inst->tables[inst->terms[0].factors[0]].base;
        const zp_fe *B = inst->tables[inst->terms[0].factors[1]].base;
        zp_acc s0 = {0, 0}, s2 = {0, 0};
#pragma omp parallel if (npairs >= ZP_SC_PAR_MIN)
        {
            zp_acc l0 = {0, 0}, l2 = {0, 0};
#pragma omp for schedule(static)
            for (size_t p = 0; p < npairs; p++) {
                zp_fe a0 = A[2 * p], a1 = A[2 * p + 1];
                zp_fe b0 = B[2 * p], b1 = B[2 * p + 1];
                acc_mac(&l0, a0, b0);
                zp_fe a2 = gl_sub(gl_add(a1, a1), a0), b2 = gl_sub(gl_add(b1, b1), b0);
                acc_mac(&l2, a2, b2);
            }
#pragma omp critical
            {
                acc_add(&s0, &l0);
                acc_add(&s2, &l2);
            }
        }
        S[0][0] = acc_reduce(&s0);
        S[0][2] = acc_reduce(&s2);
    } else if (mode == M_B && D == 3 && zk_prod2_ok(inst)) {
        /* masking variable b: values T + k (R - T) at k = 0, 2, 3 */
        const zp_sc_table *ta = &inst->tables[inst->terms[0].factors[0]];
        const zp_sc_table *tb = &inst->tables[inst->terms[0].factors[1]];
        const zp_fe *A = ta->base, *B = tb->base, *RA = ta->mask_base, *RB = tb->mask_base;
        const size_t ma = ta->mask_len - 1, mb = tb->mask_len - 1;
        zp_acc s0 = {0, 0}, s2 = {0, 0}, s3 = {0, 0};
#pragma omp parallel if (npairs >= ZP_SC_PAR_MIN)
        {
            zp_acc l0 = {0, 0}, l2 = {0, 0}, l3 = {0, 0};
#pragma omp for schedule(static)
            for (size_t p = 0; p < npairs; p++) {
                zp_fe a = A[p], b = B[p];
                zp_fe da = gl_sub(RA[p & ma], a), db = gl_sub(RB[p & mb], b);
                zp_fe a2 = gl_add(gl_add(a, da), da), b2 = gl_add(gl_add(b, db), db);
                acc_mac(&l0, a, b);
                acc_mac(&l2, a2, b2);
                acc_mac(&l3, gl_add(a2, da), gl_add(b2, db));
            }
#pragma omp critical
            {
                acc_add(&s0, &l0);
                acc_add(&s2, &l2);
                acc_add(&s3, &l3);
            }
        }
        S[0][0] = acc_reduce(&s0);
        S[0][2] = acc_reduce(&s2);
        S[0][3] = acc_reduce(&s3);
    } else {
#pragma omp parallel if (npairs >= ZP_SC_PAR_MIN)
        {
            zp_fe acc[ZP_SC_MAX_TERMS][MAXK];
            zp_fe v[ZP_SC_MAX_TABLES][MAXK];
            memset(acc, 0, sizeof acc);
#pragma omp for schedule(static)
            for (size_t p = 0; p < npairs; p++) {
                for (size_t j = 0; j < nt; j++) {
                    const zp_sc_table *t = &inst->tables[j];
                    zp_fe lo, hi;
                    if (mode == M_IN) {
                        lo = t->base[2 * p];
                        hi = t->base[2 * p + 1];
                    } else {
                        lo = t->base[p];
                        hi = t->mask_base ? t->mask_base[p & (t->mask_len - 1)] : lo;
                    }
                    zp_fe d = gl_sub(hi, lo);
                    v[j][0] = lo;
                    v[j][1] = hi;
                    for (unsigned k = 2; k <= D; k++) v[j][k] = gl_add(v[j][k - 1], d);
                }
                for (size_t t = 0; t < nterms; t++) {
                    const zp_sc_term *tm = &inst->terms[t];
                    for (unsigned k = 0; k <= D; k++) {
                        if (k == 1) continue;
                        zp_fe pr = v[tm->factors[0]][k];
                        for (unsigned f = 1; f < tm->n_factors; f++)
                            pr = gl_mul(pr, v[tm->factors[f]][k]);
                        acc[t][k] = gl_add(acc[t][k], pr);
                    }
                }
            }
#pragma omp critical
            for (size_t t = 0; t < nterms; t++)
                for (unsigned k = 0; k <= D; k++) S[t][k] = gl_add(S[t][k], acc[t][k]);
        }
    }
    zp_fe2 S2[ZP_SC_MAX_TERMS][MAXK];
    for (size_t t = 0; t < nterms; t++)
        for (unsigned k = 0; k <= D; k++) S2[t][k] = gl2_from_fe(S[t][k]);
    combine_terms(out, inst, S2, D);
}

/* ---- extension-field round without folding ---- */
static void eval_round(zp_fe2 *out, const zp_sc_src *src, size_t npairs, unsigned D) {
    const zp_sc_instance *inst = src->inst;
    if (all_base(inst, src->mode)) {
        eval_round_base(out, inst, src->mode, npairs, D);
        return;
    }
    zp_fe2 S[ZP_SC_MAX_TERMS][MAXK];
    memset(S, 0, sizeof S);
    const int par = par_round(inst, npairs, D);
    if (src->mode == M_INB && D == 2 && zk_prod2_ok(inst)) {
        /* T^ = (1 - rb) T + rb R, so A^_k B^_k = w0^2 A_k B_k + w0 w1 (A_k RB_k +
         * RA_k B_k) + w1^2 RA_k RB_k: base-field sums, weighted once. */
        const zp_sc_table *ta = &inst->tables[inst->terms[0].factors[0]];
        const zp_sc_table *tb = &inst->tables[inst->terms[0].factors[1]];
        const zp_fe *A = ta->base, *B = tb->base, *RA = ta->mask_base, *RB = tb->mask_base;
        const size_t ma = ta->mask_len - 1, mb = tb->mask_len - 1;
        zp_acc g[2][3];
        memset(g, 0, sizeof g);
#pragma omp parallel if (npairs >= ZP_SC_PAR_MIN)
        {
            zp_acc l[2][3];
            memset(l, 0, sizeof l);
#pragma omp for schedule(static)
            for (size_t p = 0; p < npairs; p++) {
                zp_fe a0 = A[2 * p], a1 = A[2 * p + 1], b0 = B[2 * p], b1 = B[2 * p + 1];
                zp_fe ra0 = RA[(2 * p) & ma], ra1 = RA[(2 * p + 1) & ma];
                zp_fe rb0 = RB[(2 * p) & mb], rb1 = RB[(2 * p + 1) & mb];
                acc_mac(&l[0][0], a0, b0);
                acc_mac(&l[0][1], a0, rb0);
                acc_mac(&l[0][1], ra0, b0);
                acc_mac(&l[0][2], ra0, rb0);
                zp_fe a2 = gl_sub(gl_add(a1, a1), a0), b2 = gl_sub(gl_add(b1, b1), b0);
                zp_fe ra2 = gl_sub(gl_add(ra1, ra1), ra0), rb2 = gl_sub(gl_add(rb1, rb1), rb0);
                acc_mac(&l[1][0], a2, b2);
                acc_mac(&l[1][1], a2, rb2);
                acc_mac(&l[1][1], ra2, b2);
                acc_mac(&l[1][2], ra2, rb2);
            }
#pragma omp critical
            for (int k = 0; k < 2; k++)
                for (int c = 0; c < 3; c++) acc_add(&g[k][c], &l[k][c]);
        }
        zp_fe2 w1 = src->rb, w0 = gl2_sub(FE2_ONE, w1);
        zp_fe2 c0 = gl2_mul(w0, w0), c1 = gl2_mul(w0, w1), c2 = gl2_mul(w1, w1);
        for (int k = 0; k < 2; k++) {
            zp_fe2 v = gl2_mul_fe(c0, acc_reduce(&g[k][0]));
            v = gl2_add(v, gl2_mul_fe(c1, acc_reduce(&g[k][1])));
            v = gl2_add(v, gl2_mul_fe(c2, acc_reduce(&g[k][2])));
            S[0][k == 0 ? 0 : 2] = v;
        }
        combine_terms(out, inst, S, D);
        return;
    }
    const size_t nt = inst->n_tables, nterms = inst->n_terms;
#pragma omp parallel if (par)
    {
        zp_fe2 acc[ZP_SC_MAX_TERMS][MAXK];
        zp_fe2 v[ZP_SC_MAX_TABLES][MAXK];
        memset(acc, 0, sizeof acc);
#pragma omp for schedule(static)
        for (size_t p = 0; p < npairs; p++) {
            for (size_t j = 0; j < nt; j++) {
                zp_fe2 lo, hi;
                load_pair(src, j, p, &lo, &hi);
                expand(v[j], lo, hi, D);
            }
            eval_pair(acc, inst, v, D);
        }
#pragma omp critical
        for (size_t t = 0; t < nterms; t++)
            for (unsigned k = 0; k <= D; k++) S[t][k] = gl2_add(S[t][k], acc[t][k]);
    }
    combine_terms(out, inst, S, D);
}

/* ---- fused: fold the source with r into dst, then evaluate dst's pairs ----
 * dst[j] receives 2 * npairs_new values. */
static void fold_eval_round(zp_fe2 *out, const zp_sc_src *src, zp_fe2 r,
                            zp_fe2 *const *dst, size_t npairs_new, unsigned D) {
    const zp_sc_instance *inst = src->inst;
    zp_fe2 S[ZP_SC_MAX_TERMS][MAXK];
    memset(S, 0, sizeof S);
    const size_t nt = inst->n_tables, nterms = inst->n_terms;
    const int par = par_round(inst, 2 * npairs_new, D);
    if (is_prod2(inst) && D == 2 && src->mode == M_BUF && nt == 2 &&
        inst->terms[0].factors[0] != inst->terms[0].factors[1]) {
        /* Unrolled degree-2 product on extension buffers. */
        const uint32_t ia = inst->terms[0].factors[0], ib = inst->terms[0].factors[1];
        const zp_fe2 *A = src->cur[ia], *B = src->cur[ib];
        zp_fe2 *NA = dst[ia], *NB = dst[ib];
        zp_acc2 s0, s2;
        memset(&s0, 0, sizeof s0);
        memset(&s2, 0, sizeof s2);
#pragma omp parallel if (npairs_new >= ZP_SC_PAR_MIN)
        {
            zp_acc2 l0, l2;
            memset(&l0, 0, sizeof l0);
            memset(&l2, 0, sizeof l2);
#pragma omp for schedule(static)
            for (size_t q = 0; q < npairs_new; q++) {
                zp_fe2 a0 = gl2_add(A[4 * q], gl2_mul(r, gl2_sub(A[4 * q + 1], A[4 * q])));
                zp_fe2 a1 = gl2_add(A[4 * q + 2], gl2_mul(r, gl2_sub(A[4 * q + 3], A[4 * q + 2])));
                zp_fe2 b0 = gl2_add(B[4 * q], gl2_mul(r, gl2_sub(B[4 * q + 1], B[4 * q])));
                zp_fe2 b1 = gl2_add(B[4 * q + 2], gl2_mul(r, gl2_sub(B[4 * q + 3], B[4 * q + 2])));
                NA[2 * q] = a0;
                NA[2 * q + 1] = a1;
                NB[2 * q] = b0;
                NB[2 * q + 1] = b1;
                acc2_mac(&l0, a0, b0);
                zp_fe2 a2 = gl2_sub(gl2_add(a1, a1), a0), b2 = gl2_sub(gl2_add(b1, b1), b0);
                acc2_mac(&l2, a2, b2);
            }
#pragma omp critical
            {
                acc2_add(&s0, &l0);
                acc2_add(&s2, &l2);
            }
        }
        S[0][0] = acc2_reduce(&s0);
        S[0][2] = acc2_reduce(&s2);
    } else if (D == 2 && src->mode == M_INB && zk_prod2_ok(inst)) {
        /* A'[j] = fold_r(A)[j] + rb fold_r(RA - A)[j] */
        const uint32_t ia = inst->terms[0].factors[0], ib = inst->terms[0].factors[1];
        const zp_sc_table *ta = &inst->tables[ia], *tb = &inst->tables[ib];
        const zp_fe *A = ta->base, *B = tb->base, *RA = ta->mask_base, *RB = tb->mask_base;
        const size_t ma = ta->mask_len - 1, mb = tb->mask_len - 1;
        const zp_fe2 rb = src->rb;
        zp_fe2 *NA = dst[ia], *NB = dst[ib];
        zp_acc2 s0, s2;
        memset(&s0, 0, sizeof s0);
        memset(&s2, 0, sizeof s2);
#pragma omp parallel if (npairs_new >= ZP_SC_PAR_MIN)
        {
            zp_acc2 l0, l2;
            memset(&l0, 0, sizeof l0);
            memset(&l2, 0, sizeof l2);
#pragma omp for schedule(static)
            for (size_t q = 0; q < npairs_new; q++) {
                zp_fe2 v[2][2];
                for (int h = 0; h < 2; h++) {
                    size_t i0 = 4 * q + 2 * (size_t)h, i1 = i0 + 1;
                    zp_fe x0 = A[i0], x1 = A[i1];
                    zp_fe d0 = gl_sub(RA[i0 & ma], x0), d1 = gl_sub(RA[i1 & ma], x1);
                    zp_fe2 f = gl2_mul_fe(r, gl_sub(x1, x0));
                    f.c0 = gl_add(f.c0, x0);
                    zp_fe2 fd = gl2_mul_fe(r, gl_sub(d1, d0));
                    fd.c0 = gl_add(fd.c0, d0);
                    v[0][h] = gl2_add(f, gl2_mul(rb, fd));
                    x0 = B[i0];
                    x1 = B[i1];
                    d0 = gl_sub(RB[i0 & mb], x0);
                    d1 = gl_sub(RB[i1 & mb], x1);
                    f = gl2_mul_fe(r, gl_sub(x1, x0));
                    f.c0 = gl_add(f.c0, x0);
                    fd = gl2_mul_fe(r, gl_sub(d1, d0));
                    fd.c0 = gl_add(fd.c0, d0);
                    v[1][h] = gl2_add(f, gl2_mul(rb, fd));
                }
                zp_fe2 a0 = v[0][0], a1 = v[0][1], b0 = v[1][0], b1 = v[1][1];
                NA[2 * q] = a0;
                NA[2 * q + 1] = a1;
                NB[2 * q] = b0;
                NB[2 * q + 1] = b1;
                acc2_mac(&l0, a0, b0);
                zp_fe2 a2 = gl2_sub(gl2_add(a1, a1), a0), b2 = gl2_sub(gl2_add(b1, b1), b0);
                acc2_mac(&l2, a2, b2);
            }
#pragma omp critical
            {
                acc2_add(&s0, &l0);
                acc2_add(&s2, &l2);
            }
        }
        S[0][0] = acc2_reduce(&s0);
        S[0][2] = acc2_reduce(&s2);
    } else if (is_prod2(inst) && D == 2 && src->mode == M_IN &&
               inst->tables[inst->terms[0].factors[0]].base &&
               inst->tables[inst->terms[0].factors[1]].base &&
               inst->terms[0].factors[0] != inst->terms[0].factors[1] && nt == 2) {
        /* Base-field input folded into the first extension buffers. */
        const uint32_t ia = inst->terms[0].factors[0], ib = inst->terms[0].factors[1];
        const zp_fe *A = inst->tables[ia].base, *B = inst->tables[ib].base;
        zp_fe2 *NA = dst[ia], *NB = dst[ib];
        zp_acc2 s0, s2;
        memset(&s0, 0, sizeof s0);
        memset(&s2, 0, sizeof s2);
#pragma omp parallel if (npairs_new >= ZP_SC_PAR_MIN)
        {
            zp_acc2 l0, l2;
            memset(&l0, 0, sizeof l0);
            memset(&l2, 0, sizeof l2);
#pragma omp for schedule(static)
            for (size_t q = 0; q < npairs_new; q++) {
                zp_fe2 a0 = gl2_mul_fe(r, gl_sub(A[4 * q + 1], A[4 * q]));
                a0.c0 = gl_add(a0.c0, A[4 * q]);
                zp_fe2 a1 = gl2_mul_fe(r, gl_sub(A[4 * q + 3], A[4 * q + 2]));
                a1.c0 = gl_add(a1.c0, A[4 * q + 2]);
                zp_fe2 b0 = gl2_mul_fe(r, gl_sub(B[4 * q + 1], B[4 * q]));
                b0.c0 = gl_add(b0.c0, B[4 * q]);
                zp_fe2 b1 = gl2_mul_fe(r, gl_sub(B[4 * q + 3], B[4 * q + 2]));
                b1.c0 = gl_add(b1.c0, B[4 * q + 2]);
                NA[2 * q] = a0;
                NA[2 * q + 1] = a1;
                NB[2 * q] = b0;
                NB[2 * q + 1] = b1;
                acc2_mac(&l0, a0, b0);
                zp_fe2 a2 = gl2_sub(gl2_add(a1, a1), a0), b2 = gl2_sub(gl2_add(b1, b1), b0);
                acc2_mac(&l2, a2, b2);
            }
#pragma omp critical
            {
                acc2_add(&s0, &l0);
                acc2_add(&s2, &l2);
            }
        }
        S[0][0] = acc2_reduce(&s0);
        S[0][2] = acc2_reduce(&s2);
    } else {
#pragma omp parallel if (par)
        {
            zp_fe2 acc[ZP_SC_MAX_TERMS][MAXK];
            zp_fe2 v[ZP_SC_MAX_TABLES][MAXK];
            memset(acc, 0, sizeof acc);
#pragma omp for schedule(static)
            for (size_t q = 0; q < npairs_new; q++) {
                for (size_t j = 0; j < nt; j++) {
                    zp_fe2 lo, hi, n0, n1;
                    load_pair(src, j, 2 * q, &lo, &hi);
                    n0 = gl2_add(lo, gl2_mul(r, gl2_sub(hi, lo)));
                    load_pair(src, j, 2 * q + 1, &lo, &hi);
                    n1 = gl2_add(lo, gl2_mul(r, gl2_sub(hi, lo)));
                    dst[j][2 * q] = n0;
                    dst[j][2 * q + 1] = n1;
                    expand(v[j], n0, n1, D);
                }
                eval_pair(acc, inst, v, D);
            }
#pragma omp critical
            for (size_t t = 0; t < nterms; t++)
                for (unsigned k = 0; k <= D; k++) S[t][k] = gl2_add(S[t][k], acc[t][k]);
        }
    }
    combine_terms(out, inst, S, D);
}

/* Final fold of a single remaining pair: evals[j] = lo + r (hi - lo). */
static void fold_last(zp_fe2 *evals, const zp_sc_src *src, zp_fe2 r) {
    for (size_t j = 0; j < src->inst->n_tables; j++) {
        zp_fe2 lo, hi;
        load_pair(src, j, 0, &lo, &hi);
        evals[j] = gl2_add(lo, gl2_mul(r, gl2_sub(hi, lo)));
    }
}

/* ------------------------------------------------------------------ */
zp_fe2 zp_sc_instance_sum(const zp_sc_instance *inst) {
    zp_fe2 tot = FE2_ZERO;
    if (zp_sc_instance_check(inst) != ZP_OK) return tot;
    const size_t size = (size_t)1 << inst->n_vars;
#pragma omp parallel if (size >= ZP_SC_PAR_MIN)
    {
        zp_fe2 acc = FE2_ZERO;
        zp_fe2 v[ZP_SC_MAX_TABLES];
#pragma omp for schedule(static)
        for (size_t x = 0; x < size; x++) {
            for (size_t j = 0; j < inst->n_tables; j++) v[j] = tab_at(&inst->tables[j], x);
            acc = gl2_add(acc, zp_sc_terms_eval(inst->terms, inst->n_terms, v, inst->n_tables));
        }
#pragma omp critical
        tot = gl2_add(tot, acc);
    }
    return tot;
}

/* Scratch: per table two ping-pong buffers of 2^(n-1) and 2^(n-2) values. */
static void buf_sizes(unsigned n, size_t *half, size_t *quarter) {
    *half = (size_t)1 << (n - 1);
    *quarter = n >= 2 ? (size_t)1 << (n - 2) : 1;
}

size_t zp_sumcheck_scratch_size(const zp_sc_instance *inst) {
    if (zp_sc_instance_check(inst) != ZP_OK) return 0;
    size_t h, q;
    buf_sizes(inst->n_vars, &h, &q);
    return inst->n_tables * (h + q) * sizeof(zp_fe2);
}

size_t zp_sumcheck_proof_bytes(unsigned n_vars, unsigned degree) {
    return (size_t)n_vars * degree * ZP_FE2_BYTES;
}

size_t zp_sumcheck_zk_proof_bytes(unsigned n_vars, unsigned degree) {
    return ((size_t)2 + (degree + 1) + (size_t)n_vars * degree) * ZP_FE2_BYTES;
}

/* Sends s(0), s(2), .., s(D). */
static void send_round(zp_transcript *tr, zp_bytes *proof, const char *label,
                       const zp_fe2 *s, unsigned D) {
    zp_fe2 m[MAXK];
    m[0] = s[0];
    for (unsigned k = 2; k <= D; k++) m[k - 1] = s[k];
    zp_fs_send_fe2(tr, proof, label, m, D);
}

typedef struct {
    zp_fe2 *bufs;             /* owned if alloc != NULL */
    void *alloc;
    zp_fe2 *A[ZP_SC_MAX_TABLES], *B[ZP_SC_MAX_TABLES];
} zp_sc_work;

static zp_err work_init(zp_sc_work *w, const zp_sc_instance *inst, void *scratch,
                        size_t scratch_len) {
    size_t need = zp_sumcheck_scratch_size(inst), h, q;
    w->alloc = NULL;
    if (need == 0) return ZP_ERR_ARG;
    if (scratch) {
        if (scratch_len < need) return ZP_ERR_ARG;
        w->bufs = scratch;
    } else {
        w->alloc = malloc(need);
        if (!w->alloc) return ZP_ERR_NOMEM;
        w->bufs = w->alloc;
    }
    buf_sizes(inst->n_vars, &h, &q);
    for (size_t j = 0; j < inst->n_tables; j++) {
        w->A[j] = w->bufs + j * (h + q);
        w->B[j] = w->A[j] + h;
    }
    return ZP_OK;
}

static void work_done(zp_sc_work *w, const zp_sc_instance *inst) {
    size_t h, q;
    buf_sizes(inst->n_vars, &h, &q);
    /* Folded tables are functions of the witness: wipe them. */
    zp_memzero(w->bufs, inst->n_tables * (h + q) * sizeof(zp_fe2));
    free(w->alloc);
}

/* Runs the x rounds of the engine from a first source mode (M_IN or M_INB).
 * round_hook adds the mask part and scaling; it receives the raw term sums
 * out[0..D] and the round index and returns the values to send in out. */
typedef void (*zp_sc_round_fn)(void *ctx, zp_fe2 *s, unsigned round, unsigned D);

static void run_x_rounds(zp_transcript *tr, zp_bytes *proof, zp_fe2 *point,
                         zp_fe2 *evals, const zp_sc_instance *inst, zp_sc_work *w,
                         int first_mode, zp_fe2 rb, unsigned D, const char *lab_round,
                         const char *lab_r, zp_sc_round_fn hook, void *hctx) {
    const unsigned n = inst->n_vars;
    zp_sc_src src = {inst, first_mode, rb, NULL};
    zp_fe2 s[MAXK];
    size_t size = (size_t)1 << n;
    for (unsigned i = 0; i < n; i++) {
        if (i == 0) {
            eval_round(s, &src, size / 2, D);
        } else {
            zp_fe2 *const *dst = (i & 1) ? w->A : w->B;
            fold_eval_round(s, &src, point[i - 1], dst, size / 4, D);
            src.mode = M_BUF;
            src.cur = dst;
            size /= 2;
        }
        if (hook) hook(hctx, s, i, D);
        send_round(tr, proof, lab_round, s, D);
        point[i] = zp_transcript_challenge_fe2(tr, lab_r);
    }
    fold_last(evals, &src, point[n - 1]);
    zp_memzero(s, sizeof s);
}

zp_err zp_sumcheck_prove(zp_transcript *tr, zp_bytes *proof, zp_fe2 *point,
                         zp_fe2 *evals, const zp_sc_instance *inst, zp_fe2 claim,
                         void *scratch, size_t scratch_len) {
    if (!tr || !proof || !point || !evals) return ZP_ERR_ARG;
    zp_err e = zp_sc_instance_check(inst);
    if (e != ZP_OK) return e;
    unsigned D = zp_sc_degree(inst);
    zp_sc_work w;
    e = work_init(&w, inst, scratch, scratch_len);
    if (e != ZP_OK) {
        memset(point, 0, inst->n_vars * sizeof(zp_fe2));
        memset(evals, 0, inst->n_tables * sizeof(zp_fe2));
        return e;
    }
    zp_transcript_absorb_u64(tr, "sc/n", inst->n_vars);
    zp_transcript_absorb_u64(tr, "sc/deg", D);
    zp_transcript_absorb_fe2(tr, "sc/claim", &claim, 1);
    run_x_rounds(tr, proof, point, evals, inst, &w, M_IN, FE2_ZERO, D, "sc/round",
                 "sc/r", NULL, NULL);
    work_done(&w, inst);
    return ZP_OK;
}

/* Verifier side of one round: reads D values, derives s(1), draws r. */
static zp_err recv_round(zp_transcript *tr, zp_reader *proof, const char *lab_round,
                         const char *lab_r, zp_fe2 *claim, zp_fe2 *r, unsigned D) {
    zp_fe2 m[MAXK], s[MAXK];
    zp_err e = zp_fs_recv_fe2(tr, proof, lab_round, m, D);
    if (e != ZP_OK) return e;
    s[0] = m[0];
    s[1] = gl2_sub(*claim, m[0]);
    for (unsigned k = 2; k <= D; k++) s[k] = m[k - 1];
    *r = zp_transcript_challenge_fe2(tr, lab_r);
    *claim = zp_sc_interp(s, D, *r);
    return ZP_OK;
}

#ifdef ZP_TOY_FIELD
int zp_toy_weak_sc_round = -1;
int zp_toy_weak_skip_final = 0;

/* The weakened round (src/piop/toy_weak.h): s(1) read, not derived. */
static zp_err recv_round_weak(zp_transcript *tr, zp_reader *proof, zp_fe2 *claim, zp_fe2 *r,
                              unsigned D) {
    zp_fe2 s[MAXK];
    zp_err e = zp_fs_recv_fe2(tr, proof, "sc/round", s, D + 1);
    if (e != ZP_OK) return e;
    *r = zp_transcript_challenge_fe2(tr, "sc/r");
    *claim = zp_sc_interp(s, D, *r);
    return ZP_OK;
}
#endif

zp_err zp_sumcheck_verify(zp_transcript *tr, zp_reader *proof, zp_fe2 *point,
                          zp_fe2 *final_claim, unsigned n_vars, unsigned degree,
                          zp_fe2 claim) {
    if (!tr || !proof || !point || !final_claim) return ZP_ERR_ARG;
    if (n_vars < 1 || n_vars > ZP_SC_MAX_VARS || degree < 1 || degree > ZP_SC_MAX_FACTORS)
        return ZP_ERR_ARG;
    zp_transcript_absorb_u64(tr, "sc/n", n_vars);
    zp_transcript_absorb_u64(tr, "sc/deg", degree);
    zp_transcript_absorb_fe2(tr, "sc/claim", &claim, 1);
    for (unsigned i = 0; i < n_vars; i++) {
#ifdef ZP_TOY_FIELD
        zp_err e = (int)i == zp_toy_weak_sc_round
                       ? recv_round_weak(tr, proof, &claim, &point[i], degree)
                       : recv_round(tr, proof, "sc/round", "sc/r", &claim, &point[i], degree);
#else
        zp_err e = recv_round(tr, proof, "sc/round", "sc/r", &claim, &point[i], degree);
#endif
        if (e != ZP_OK) {
            memset(point, 0, n_vars * sizeof(zp_fe2));
            *final_claim = FE2_ZERO;
            return e;
        }
    }
    *final_claim = claim;
    return ZP_OK;
}

/* ------------------------------------------------------------------ */
/* Zero knowledge. */

typedef struct {
    const zp_fe *g0, *g1;
    unsigned n, D;
    zp_fe2 rho, scale;  /* scale = 1 - r_b for the x rounds */
    zp_fe2 prefix;      /* a_0 + sum of g_w(r_w) over bound variables */
    zp_fe2 *suffix;     /* suffix[v] = sum_{w > v} (g_w(0) + g_w(1)), v = 0..n */
    const zp_fe2 *point;
} zp_sc_zk_ctx;

/* Partial sum of g over the variables after v, with g_v at the integer k. */
static zp_fe2 gpart(const zp_sc_zk_ctx *c, unsigned v, unsigned k) {
    zp_fe2 kk = gl2_from_fe(k);
    zp_fe2 t = gl2_add(c->prefix, zp_sc_zk_univ_eval(c->g0, c->g1, c->D, v, kk));
    zp_fe2 r = gl2_mul_fe(t, zp_sc_pow2(c->n - v));
    if (c->n - v >= 1) r = gl2_add(r, gl2_mul_fe(c->suffix[v], zp_sc_pow2(c->n - v - 1)));
    return r;
}

/* x round i (variable v = 1 + i): s(k) = (1 - r_b) S(k) + rho gpart. */
static void zk_hook(void *ctx, zp_fe2 *s, unsigned i, unsigned D) {
    zp_sc_zk_ctx *c = ctx;
    unsigned v = 1 + i;
    if (i > 0) {
        /* variable v - 1 = x_{i-1} was bound to point[i-1] */
        c->prefix = gl2_add(c->prefix,
                            zp_sc_zk_univ_eval(c->g0, c->g1, c->D, v - 1, c->point[i - 1]));
    }
    for (unsigned k = 0; k <= D; k++) {
        if (k == 1) continue;
        s[k] = gl2_add(gl2_mul(c->scale, s[k]), gl2_mul(c->rho, gpart(c, v, k)));
    }
}

/* The generic engine as a kernel (eval_round / fold_eval_round over the
 * instance's tables, ping-pong buffers in w). */
typedef struct {
    const zp_sc_instance *inst;
    zp_sc_work w;
    zp_sc_src src;
    size_t size;
} zp_sc_generic;

static zp_err gen_b_round(void *ctx, zp_fe2 *s, unsigned D1, zp_fe2 claim) {
    zp_sc_generic *g = ctx;
    (void)claim;
    zp_sc_src src = {g->inst, M_B, FE2_ZERO, NULL};
    eval_round(s, &src, g->size, D1);
    s[1] = FE2_ZERO; /* not computed: this kernel does not use raw claims */
    return ZP_OK;
}

static zp_err gen_x_round(void *ctx, unsigned i, zp_fe2 rb, zp_fe2 r_prev, zp_fe2 raw_claim,
                          zp_fe2 *s, unsigned D) {
    zp_sc_generic *g = ctx;
    (void)raw_claim;
    if (i == 0) {
        g->src = (zp_sc_src){g->inst, M_INB, rb, NULL};
        eval_round(s, &g->src, g->size / 2, D);
    } else {
        zp_fe2 *const *dst = (i & 1) ? g->w.A : g->w.B;
        fold_eval_round(s, &g->src, r_prev, dst, g->size / 4, D);
        g->src.mode = M_BUF;
        g->src.cur = dst;
        g->size /= 2;
    }
    return ZP_OK;
}

static zp_err gen_finish(void *ctx, zp_fe2 r_last, zp_fe2 *evals) {
    zp_sc_generic *g = ctx;
    fold_last(evals, &g->src, r_last);
    return ZP_OK;
}

/* R_j(point) of every masked table: its periodic mask's MLE on the low
 * log2(mask_len) variables. */
static zp_err gen_mask_evals(void *ctx, const zp_fe2 *point, zp_fe2 *rv) {
    zp_sc_generic *g = ctx;
    for (size_t j = 0; j < g->inst->n_tables; j++) {
        const zp_sc_table *t = &g->inst->tables[j];
        if (!has_mask(t)) continue;
        unsigned l = 0;
        while (((size_t)1 << l) < t->mask_len) l++;
        rv[j] = t->mask_base ? zp_mle_eval(t->mask_base, point, l)
                             : zp_mle_eval2(t->mask_ext, point, l);
    }
    return ZP_OK;
}

static const zp_sc_kernel GENERIC_KERNEL = {gen_b_round, gen_x_round, gen_finish, 0,
                                            gen_mask_evals};

/* suffix[v] = sum over the x variables w > v (g's variables 1 .. n; 0 is
 * b) of g_w(0) + g_w(1), v = 0 .. n: the partial sums of both orders. */
static void zk_suffix(zp_fe2 *suffix, const zp_fe *g0, const zp_fe *g1, unsigned n,
                      unsigned D) {
    suffix[n] = FE2_ZERO;
    for (unsigned v = n; v-- > 0;) {
        zp_fe2 e01 = gl2_add(zp_sc_zk_univ_eval(g0, g1, D, v + 1, FE2_ZERO),
                             zp_sc_zk_univ_eval(g0, g1, D, v + 1, FE2_ONE));
        suffix[v] = gl2_add(suffix[v + 1], e01);
    }
}

/* The driver's checks of inst (its tables are the kernel's business). */
static int kern_inst_ok(const zp_sc_instance *inst) {
    if (!inst || inst->n_vars < 1 || inst->n_vars > ZP_SC_MAX_VARS || !inst->terms ||
        inst->n_terms < 1 || inst->n_terms > ZP_SC_MAX_TERMS || inst->n_tables < 1 ||
        inst->n_tables > ZP_SC_MAX_TABLES)
        return 0;
    for (size_t t = 0; t < inst->n_terms; t++) {
        const zp_sc_term *tm = &inst->terms[t];
        if (tm->n_factors < 1 || tm->n_factors > ZP_SC_MAX_FACTORS) return 0;
        for (unsigned k = 0; k < tm->n_factors; k++)
            if (tm->factors[k] >= inst->n_tables) return 0;
    }
    return 1;
}

zp_err zp_sumcheck_zk_prove_kernel(zp_transcript *tr, zp_bytes *proof, zp_sc_zk_result *res,
                                   zp_fe2 *point, zp_fe2 *evals, const zp_sc_instance *inst,
                                   zp_fe2 claim, const zp_fe *g0, const zp_fe *g1,
                                   const zp_sc_kernel *kern, void *kctx) {
    if (!tr || !proof || !res || !point || !evals || !g0 || !g1 || !kern || !kern_inst_ok(inst))
        return ZP_ERR_ARG;
    const unsigned n = inst->n_vars, D = zp_sc_degree(inst);
    memset(res, 0, sizeof *res);
    zp_fe2 suffix[ZP_SC_MAX_VARS + 2];
    zp_sc_zk_ctx c = {g0, g1, n, D, FE2_ZERO, FE2_ZERO, FE2_ZERO, suffix, point};
    zk_suffix(suffix, g0, g1, n, D);

    zp_transcript_absorb_u64(tr, "sczk/n", n);
    zp_transcript_absorb_u64(tr, "sczk/deg", D);
    zp_transcript_absorb_fe2(tr, "sczk/claim", &claim, 1);
    zp_fe2 G = zp_sc_zk_total(g0, g1, n, D);
    zp_fs_send_fe2(tr, proof, "sczk/G", &G, 1);
    c.rho = zp_transcript_challenge_fe2(tr, "sczk/rho");
    res->rho = c.rho;

    /* Round b: s(k) = (1 - k) sum_x F(T^(k, x)) + rho gpart_0(k), deg D+1. */
    zp_fe2 s[MAXK], raw[MAXK];
    memset(raw, 0, sizeof raw);
    zp_err e = kern->b_round(kctx, raw, D + 1, claim);
    if (e != ZP_OK) goto out;
    c.prefix = zp_sc_zk_const(g0, g1);
    for (unsigned k = 0; k <= D + 1; k++) {
        if (k == 1) continue;
        zp_fe2 one_minus_k = gl2_from_fe(gl_sub(1, k));
        s[k] = gl2_add(gl2_mul(one_minus_k, raw[k]), gl2_mul(c.rho, gpart(&c, 0, k)));
    }
    send_round(tr, proof, "sczk/round", s, D + 1);
    zp_fe2 rb = zp_transcript_challenge_fe2(tr, "sczk/r");
    res->r_b = rb;
    c.prefix = gl2_add(c.prefix, zp_sc_zk_univ_eval(g0, g1, D, 0, rb));
    c.scale = gl2_sub(FE2_ONE, rb);
    /* raw claims: sum_x F(T^(rb, point_<i, x_>=i)), for kernels that use
     * the relation s_i(0) + s_i(1) = claim_i */
    zp_fe2 raw_claim = kern->needs_claim ? zp_sc_interp(raw, D + 1, rb) : FE2_ZERO;

    for (unsigned i = 0; i < n; i++) {
        memset(raw, 0, sizeof raw);
        e = kern->x_round(kctx, i, rb, i ? point[i - 1] : FE2_ZERO, raw_claim, raw, D);
        if (e != ZP_OK) goto out;
        if (kern->needs_claim) {
            raw[1] = gl2_sub(raw_claim, raw[0]);
        }
        for (unsigned k = 0; k <= D; k++) s[k] = raw[k];
        zk_hook(&c, s, i, D);
        send_round(tr, proof, "sczk/round", s, D);
        point[i] = zp_transcript_challenge_fe2(tr, "sczk/r");
        if (kern->needs_claim) raw_claim = zp_sc_interp(raw, D, point[i]);
    }
    e = kern->finish(kctx, point[n - 1], evals);
    if (e != ZP_OK) goto out;
    res->g_eval = zp_sc_zk_mask_eval(g0, g1, n, D, rb, point);
    zp_fs_send_fe2(tr, proof, "sczk/gr", &res->g_eval, 1);
    /* final claim on F, as the verifier computes it */
    res->final_claim = gl2_mul(c.scale, zp_sc_terms_eval(inst->terms, inst->n_terms,
                                                         evals, inst->n_tables));
out:
    if (e != ZP_OK) {
        memset(res, 0, sizeof *res);
        memset(point, 0, n * sizeof(zp_fe2));
        memset(evals, 0, inst->n_tables * sizeof(zp_fe2));
    }
    zp_memzero(s, sizeof s);
    zp_memzero(raw, sizeof raw);
    zp_memzero(&c, sizeof c);
    zp_memzero(suffix, sizeof suffix);
    return e;
}

/* The generic engine as the ZK prover, b first or last (bl). */
static zp_err gen_zk_prove(zp_transcript *tr, zp_bytes *proof, zp_sc_zk_result *res,
                           zp_fe2 *point, zp_fe2 *evals, const zp_sc_instance *inst,
                           zp_fe2 claim, const zp_fe *g0, const zp_fe *g1, void *scratch,
                           size_t scratch_len, int bl) {
    if (!tr || !proof || !res || !point || !evals || !g0 || !g1) return ZP_ERR_ARG;
    zp_err e = zp_sc_instance_check(inst);
    if (e != ZP_OK) return e;
    zp_sc_generic g = {inst, {0}, {inst, M_B, FE2_ZERO, NULL}, (size_t)1 << inst->n_vars};
    memset(res, 0, sizeof *res);
    e = work_init(&g.w, inst, scratch, scratch_len);
    if (e != ZP_OK) {
        memset(point, 0, inst->n_vars * sizeof(zp_fe2));
        memset(evals, 0, inst->n_tables * sizeof(zp_fe2));
        return e;
    }
    e = bl ? zp_sumcheck_zk_prove_kernel_bl(tr, proof, res, point, evals, inst, claim, g0, g1,
                                            &GENERIC_KERNEL, &g)
           : zp_sumcheck_zk_prove_kernel(tr, proof, res, point, evals, inst, claim, g0, g1,
                                         &GENERIC_KERNEL, &g);
    work_done(&g.w, inst);
    return e;
}

zp_err zp_sumcheck_zk_prove(zp_transcript *tr, zp_bytes *proof, zp_sc_zk_result *res,
                            zp_fe2 *point, zp_fe2 *evals, const zp_sc_instance *inst,
                            zp_fe2 claim, const zp_fe *g0, const zp_fe *g1,
                            void *scratch, size_t scratch_len) {
    return gen_zk_prove(tr, proof, res, point, evals, inst, claim, g0, g1, scratch,
                        scratch_len, 0);
}

/* b last (sumcheck_internal.h): x round i is variable v = 1 + i of g, b
 * (v = 0) comes last; after x_i the free variables are x_(i+1) .. x_(n-1)
 * and b. */
static zp_fe2 gpart_bl(const zp_sc_zk_ctx *c, unsigned i, unsigned k, zp_fe2 gb01) {
    const unsigned v = 1 + i, rest = c->n - i; /* free variables after x_i */
    zp_fe2 t = gl2_add(c->prefix, zp_sc_zk_univ_eval(c->g0, c->g1, c->D, v, gl2_from_fe(k)));
    zp_fe2 r = gl2_mul_fe(t, zp_sc_pow2(rest));
    return gl2_add(r, gl2_mul_fe(gl2_add(c->suffix[v], gb01), zp_sc_pow2(rest - 1)));
}

zp_err zp_sumcheck_zk_prove_kernel_bl(zp_transcript *tr, zp_bytes *proof, zp_sc_zk_result *res,
                                      zp_fe2 *point, zp_fe2 *evals, const zp_sc_instance *inst,
                                      zp_fe2 claim, const zp_fe *g0, const zp_fe *g1,
                                      const zp_sc_kernel *kern, void *kctx) {
    if (!tr || !proof || !res || !point || !evals || !g0 || !g1 || !kern ||
        !kern->mask_evals || !kern_inst_ok(inst))
        return ZP_ERR_ARG;
    const unsigned n = inst->n_vars, D = zp_sc_degree(inst);
    const size_t nt = inst->n_tables;
    memset(res, 0, sizeof *res);
    zp_fe2 suffix[ZP_SC_MAX_VARS + 2];
    zp_sc_zk_ctx c = {g0, g1, n, D, FE2_ZERO, FE2_ONE, FE2_ZERO, suffix, point};
    zk_suffix(suffix, g0, g1, n, D);
    const zp_fe2 gb01 = gl2_add(zp_sc_zk_univ_eval(g0, g1, D, 0, FE2_ZERO),
                                zp_sc_zk_univ_eval(g0, g1, D, 0, FE2_ONE));

    zp_transcript_absorb_u64(tr, "sczk/n", n);
    zp_transcript_absorb_u64(tr, "sczk/deg", D);
    zp_transcript_absorb_fe2(tr, "sczk/claim", &claim, 1);
    zp_transcript_absorb_u64(tr, "sczk/order", 1);
    zp_fe2 G = zp_sc_zk_total(g0, g1, n, D);
    zp_fs_send_fe2(tr, proof, "sczk/G", &G, 1);
    c.rho = zp_transcript_challenge_fe2(tr, "sczk/rho");
    res->rho = c.rho;
    c.prefix = zp_sc_zk_const(g0, g1);

    zp_fe2 s[MAXK], raw[MAXK], tv[ZP_SC_MAX_TABLES], rv[ZP_SC_MAX_TABLES], xv[ZP_SC_MAX_TABLES];
    zp_fe2 raw_claim = claim;
    zp_err e = ZP_OK;
    for (unsigned i = 0; i < n; i++) {
        memset(raw, 0, sizeof raw);
        if (i > 0)
            c.prefix = gl2_add(c.prefix, zp_sc_zk_univ_eval(g0, g1, D, i, point[i - 1]));
        e = kern->x_round(kctx, i, FE2_ZERO, i ? point[i - 1] : FE2_ZERO, raw_claim, raw, D);
        if (e != ZP_OK) goto out;
        if (kern->needs_claim) raw[1] = gl2_sub(raw_claim, raw[0]);
        for (unsigned k = 0; k <= D; k++)
            s[k] = k == 1 ? raw[k] : gl2_add(raw[k], gl2_mul(c.rho, gpart_bl(&c, i, k, gb01)));
        send_round(tr, proof, "sczk/round", s, D);
        point[i] = zp_transcript_challenge_fe2(tr, "sczk/r");
        if (kern->needs_claim) raw_claim = zp_sc_interp(raw, D, point[i]);
    }
    c.prefix = gl2_add(c.prefix, zp_sc_zk_univ_eval(g0, g1, D, n, point[n - 1]));
    e = kern->finish(kctx, point[n - 1], tv);
    if (e != ZP_OK) goto out;
    memcpy(rv, tv, nt * sizeof(zp_fe2));
    e = kern->mask_evals(kctx, point, rv);
    if (e != ZP_OK) goto out;
    /* b round: s(k) = (1 - k) F(T + k (R - T)) + rho (prefix + g_b(k)) */
    for (unsigned k = 0; k <= D + 1; k++) {
        if (k == 1) continue;
        const zp_fe2 kk = gl2_from_fe(k);
        for (size_t j = 0; j < nt; j++) xv[j] = gl2_add(tv[j], gl2_mul(kk, gl2_sub(rv[j], tv[j])));
        const zp_fe2 f = zp_sc_terms_eval(inst->terms, inst->n_terms, xv, nt);
        s[k] = gl2_add(gl2_mul(gl2_from_fe(gl_sub(1, k)), f),
                       gl2_mul(c.rho, gl2_add(c.prefix,
                                              zp_sc_zk_univ_eval(g0, g1, D, 0, kk))));
    }
    send_round(tr, proof, "sczk/round", s, D + 1);
    const zp_fe2 rb = zp_transcript_challenge_fe2(tr, "sczk/r");
    res->r_b = rb;
    for (size_t j = 0; j < nt; j++) evals[j] = gl2_add(tv[j], gl2_mul(rb, gl2_sub(rv[j], tv[j])));
    res->g_eval = zp_sc_zk_mask_eval(g0, g1, n, D, rb, point);
    zp_fs_send_fe2(tr, proof, "sczk/gr", &res->g_eval, 1);
    res->final_claim = gl2_mul(gl2_sub(FE2_ONE, rb),
                               zp_sc_terms_eval(inst->terms, inst->n_terms, evals, nt));
out:
    if (e != ZP_OK) {
        memset(res, 0, sizeof *res);
        memset(point, 0, n * sizeof(zp_fe2));
        memset(evals, 0, nt * sizeof(zp_fe2));
    }
    zp_memzero(s, sizeof s);
    zp_memzero(raw, sizeof raw);
    zp_memzero(tv, sizeof tv);
    zp_memzero(rv, sizeof rv);
    zp_memzero(xv, sizeof xv);
    zp_memzero(&c, sizeof c);
    zp_memzero(suffix, sizeof suffix);
    return e;
}

zp_err zp_sumcheck_zk_prove_bl(zp_transcript *tr, zp_bytes *proof, zp_sc_zk_result *res,
                               zp_fe2 *point, zp_fe2 *evals, const zp_sc_instance *inst,
                               zp_fe2 claim, const zp_fe *g0, const zp_fe *g1) {
    return gen_zk_prove(tr, proof, res, point, evals, inst, claim, g0, g1, NULL, 0, 1);
}

/* The ZK verifier in either order (bl: b last, 2.3). */
static zp_err zk_verify_ord(zp_transcript *tr, zp_reader *proof, zp_sc_zk_result *res,
                            zp_fe2 *point, unsigned n_vars, unsigned degree, zp_fe2 claim,
                            int bl) {
    if (!tr || !proof || !res || !point) return ZP_ERR_ARG;
    if (n_vars < 1 || n_vars > ZP_SC_MAX_VARS || degree < 1 || degree > ZP_SC_MAX_FACTORS)
        return ZP_ERR_ARG;
    memset(res, 0, sizeof *res);
    zp_transcript_absorb_u64(tr, "sczk/n", n_vars);
    zp_transcript_absorb_u64(tr, "sczk/deg", degree);
    zp_transcript_absorb_fe2(tr, "sczk/claim", &claim, 1);
    if (bl) zp_transcript_absorb_u64(tr, "sczk/order", 1);
    zp_fe2 G;
    zp_err e = zp_fs_recv_fe2(tr, proof, "sczk/G", &G, 1);
    if (e != ZP_OK) goto fail;
    res->rho = zp_transcript_challenge_fe2(tr, "sczk/rho");
    claim = gl2_add(claim, gl2_mul(res->rho, G));
    if (!bl) e = recv_round(tr, proof, "sczk/round", "sczk/r", &claim, &res->r_b, degree + 1);
    for (unsigned i = 0; i < n_vars && e == ZP_OK; i++)
        e = recv_round(tr, proof, "sczk/round", "sczk/r", &claim, &point[i], degree);
    if (bl && e == ZP_OK)
        e = recv_round(tr, proof, "sczk/round", "sczk/r", &claim, &res->r_b, degree + 1);
    if (e != ZP_OK) goto fail;
    e = zp_fs_recv_fe2(tr, proof, "sczk/gr", &res->g_eval, 1);
    if (e != ZP_OK) goto fail;
    res->final_claim = gl2_sub(claim, gl2_mul(res->rho, res->g_eval));
    return ZP_OK;
fail:
    memset(res, 0, sizeof *res);
    memset(point, 0, n_vars * sizeof(zp_fe2));
    return e;
}

zp_err zp_sumcheck_zk_verify_bl(zp_transcript *tr, zp_reader *proof, zp_sc_zk_result *res,
                                zp_fe2 *point, unsigned n_vars, unsigned degree,
                                zp_fe2 claim) {
    return zk_verify_ord(tr, proof, res, point, n_vars, degree, claim, 1);
}

zp_err zp_sumcheck_zk_verify(zp_transcript *tr, zp_reader *proof, zp_sc_zk_result *res,
                             zp_fe2 *point, unsigned n_vars, unsigned degree,
                             zp_fe2 claim) {
    return zk_verify_ord(tr, proof, res, point, n_vars, degree, claim, 0);
}

zp_err zp_sumcheck_zk_check_final(const zp_sc_zk_result *res, const zp_sc_term *terms,
                                  size_t n_terms, const zp_fe2 *evals, size_t n_tables) {
    if (!res || !terms || !evals) return ZP_ERR_ARG;
    zp_fe2 v = gl2_mul(gl2_sub(FE2_ONE, res->r_b),
                       zp_sc_terms_eval(terms, n_terms, evals, n_tables));
    return gl2_eq(v, res->final_claim) ? ZP_OK : ZP_ERR_VERIFY;
}
