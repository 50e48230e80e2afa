/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * LogUp lookups into fixed tables with multiplicities (Haboeck, ePrint 2022/1530), docs/spec/logup.md. */
#include <stdlib.h>
#include <string.h>

#include "field/gl.h"
#include "piop/matmul_internal.h"

/* Soundness target of the commitments made inside a LogUp proof. */
#define LU_PCS_SECURITY 100
#define LU_PCS_LOG_INV_RATE 1
#define LU_MIN_LOG_COLS 8
#define LU_MAX_LOG 24
#define LU_DEGREE 3

size_t zp_logup_max_cols(void) { return ZP_LOGUP_MAX_COLS; }

/* ---------------- prover kernels ---------------- */

void zp_logup_inv_shift(zp_fe2 *out, const zp_fe *a, size_t n, zp_fe2 beta,
                        zp_fe *scratch) {
    /* 1/(b0 - a + b1 u) = (b0 - a - b1 u) / ((b0 - a)^2 - 7 b1^2). */
    zp_fe *norm = scratch, *tmp = scratch + n;
    zp_fe b1sq7 = gl_mul7(gl_sqr(beta.c1));
    #pragma omp parallel for schedule(static) if (n >= 4096)
    for (size_t i = 0; i < n; i++) {
        zp_fe d = gl_sub(beta.c0, a[i]);
        norm[i] = gl_sub(gl_sqr(d), b1sq7);
    }
    zp_fe_batch_inv(norm, norm, n, tmp);
    zp_fe nb1 = gl_neg(beta.c1);
    #pragma omp parallel for schedule(static) if (n >= 4096)
    for (size_t i = 0; i < n; i++) {
        out[i].c0 = gl_mul(gl_sub(beta.c0, a[i]), norm[i]);
        out[i].c1 = gl_mul(nb1, norm[i]);
    }
}

int zp_logup_table_is_contiguous(const zp_fe *t, size_t T) {
    for (size_t j = 0; j < T; j++)
        if (t[j] != gl_add(t[0], gl_from_u64(j))) return 0;
    return 1;
}

typedef struct { zp_fe v; size_t idx; } lu_pair;
static int pair_cmp(const void *x, const void *y) {
    const lu_pair *a = x, *b = y;
    if (a->v != b->v) return a->v < b->v ? -1 : 1;
    return (a->idx > b->idx) - (a->idx < b->idx);
}

zp_err zp_logup_counts_var(zp_fe *m, const zp_fe *const *cols, size_t n_cols,
                           size_t n, const zp_fe *t, size_t T) {
    if (m == NULL || cols == NULL || t == NULL || T == 0) return ZP_ERR_ARG;
    memset(m, 0, T * sizeof(zp_fe));
    if (zp_logup_table_is_contiguous(t, T)) {
        for (size_t c = 0; c < n_cols; c++)
            for (size_t i = 0; i < n; i++) {
                uint64_t j = gl_sub(cols[c][i], t[0]);
                if (j >= T) { memset(m, 0, T * sizeof(zp_fe)); return ZP_ERR_ARG; }
                m[j]++;
            }
        return ZP_OK;
    }
    lu_pair *srt = malloc(T * sizeof(lu_pair));
    if (srt == NULL) return ZP_ERR_NOMEM;
    for (size_t j = 0; j < T; j++) { srt[j].v = t[j]; srt[j].idx = j; }
    qsort(srt, T, sizeof(lu_pair), pair_cmp);
    for (size_t c = 0; c < n_cols; c++)
        for (size_t i = 0; i < n; i++) {
            zp_fe v = cols[c][i];
            size_t lo = 0, hi = T; /* first position with srt.v >= v */
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (srt[mid].v < v) lo = mid + 1; else hi = mid;
            }
            if (lo == T || srt[lo].v != v) {
                free(srt);
                memset(m, 0, T * sizeof(zp_fe));
                return ZP_ERR_ARG;
            }
            m[srt[lo].idx]++;
        }
    free(srt);
    return ZP_OK;
}

/* ---------------- commitments inside the proof ---------------- */

/* Phase 1: m (log_t) and the internal sources (log_n).  Phase 2: the two
 * components of every h_c (log_n), of g (log_t) and, in ZK mode, the
 * sumcheck mask rows [g0 | g1] as one tensor of one row. */
typedef struct {
    zp_layout *L[2];
    size_t id_m, id_src[ZP_LU_MAX_SRC], id_h[ZP_LOGUP_MAX_COLS][2], id_g[2], id_mask;
    zp_pcs_params pp[2];
    size_t n_claims[2];
    unsigned nv;       /* sumcheck variables */
    size_t mask_w;     /* ZK sumcheck mask width */
} lu_shape;

static void shape_free(lu_shape *s) {
    for (int i = 0; i < 2; i++) zp_layout_free(s->L[i]);
}

static unsigned ceil_log2(uint64_t v) {
    unsigned k = 0;
    while (((uint64_t)1 << k) < v) k++;
    return k;
}

static zp_err layout_open(zp_layout **L, uint64_t est_size) {
    zp_pcs_params p;
    unsigned est = ceil_log2(est_size);
    if (est > ZP_PCS_MAX_VARS) return ZP_ERR_ARG;
    unsigned lc = LU_MIN_LOG_COLS;
    if (est > LU_MIN_LOG_COLS &&
        zp_pcs_params_default(&p, est, LU_PCS_LOG_INV_RATE, LU_PCS_SECURITY) == ZP_OK &&
        p.log_cols > lc)
        lc = p.log_cols;
    return zp_layout_create(L, lc);
}

static zp_err layout_params(zp_pcs_params *pp, const zp_layout *L, size_t n_claims) {
    unsigned nv = zp_layout_n_vars(L);
    zp_err e = zp_pcs_params_default(pp, nv, LU_PCS_LOG_INV_RATE, LU_PCS_SECURITY);
    if (e != ZP_OK) return e;
    pp->log_cols = zp_layout_log_cols(L);
    pp->max_claims = (unsigned)n_claims;
    return zp_pcs_params_check(pp);
}

static zp_err shape_build(lu_shape *s, const zp_lu_inst *in) {
    memset(s, 0, sizeof *s);
    unsigned mr = in->zk ? 1 : 0;
    uint64_t N = (uint64_t)1 << in->log_n, T = (uint64_t)1 << in->log_t;
    s->nv = in->log_n > in->log_t ? in->log_n : in->log_t;
    if (s->nv == 0) s->nv = 1;
    s->mask_w = in->zk ? zp_sc_zk_mask_width(s->nv, LU_DEGREE) : 0;
    size_t n_int = 0;
    for (size_t i = 0; i < in->n_src; i++) n_int += in->internal[i] != 0;
    zp_err e = layout_open(&s->L[0], (T + n_int * N) * (1 + mr));
    if (e == ZP_OK) e = zp_layout_add(s->L[0], &s->id_m, in->log_t, mr);
    s->n_claims[0] = 1;
    for (size_t i = 0; e == ZP_OK && i < in->n_src; i++)
        if (in->internal[i]) {
            e = zp_layout_add(s->L[0], &s->id_src[i], in->log_n, mr);
            s->n_claims[0]++;
        }
    unsigned dummy;
    if (e == ZP_OK) e = zp_layout_finalize(s->L[0], &dummy);
    if (e == ZP_OK) e = layout_params(&s->pp[0], s->L[0], s->n_claims[0]);
    if (e == ZP_OK)
        e = layout_open(&s->L[1], (2 * in->n_cols * N + 2 * T) * (1 + mr) + 2 * s->mask_w);
    for (size_t c = 0; e == ZP_OK && c < in->n_cols; c++) {
        e = zp_layout_add(s->L[1], &s->id_h[c][0], in->log_n, mr);
        if (e == ZP_OK) e = zp_layout_add(s->L[1], &s->id_h[c][1], in->log_n, mr);
        s->n_claims[1] += 2;
    }
    if (e == ZP_OK) e = zp_layout_add(s->L[1], &s->id_g[0], in->log_t, mr);
    if (e == ZP_OK) e = zp_layout_add(s->L[1], &s->id_g[1], in->log_t, mr);
    s->n_claims[1] += 2;
    if (e == ZP_OK && in->zk) {
        unsigned lw = ceil_log2(2 * s->mask_w);
        if (lw > zp_layout_log_cols(s->L[1])) e = ZP_ERR_INTERNAL;
        if (e == ZP_OK) e = zp_layout_add(s->L[1], &s->id_mask, lw, 0);
        s->n_claims[1]++;
    }
    if (e == ZP_OK) e = zp_layout_finalize(s->L[1], &dummy);
    if (e == ZP_OK) e = layout_params(&s->pp[1], s->L[1], s->n_claims[1]);
    if (e != ZP_OK) shape_free(s);
    return e;
}

/* One pending claim on a layout tensor. */
typedef struct {
    size_t id;
    unsigned n_z;
    const zp_fe2 *z;
    zp_fe2 r_b, y;
    int raw;              /* the one-row sumcheck mask functional */
} lu_item;

/* Builds the claims of one commitment, merges them (absorbing every value)
 * and either opens (pr != NULL) or verifies. */
static zp_err claims_run(const lu_shape *s, int w, const zp_lu_inst *in,
                         const lu_item *it, size_t n_it, const zp_piop_sc_info *sc,
                         zp_transcript *tr, zp_pcs_prover *pr, zp_bytes *proof,
                         const zp_digest *root, zp_reader *rd) {
    const zp_layout *L = s->L[w];
    unsigned lc = zp_layout_log_cols(L), lr = zp_layout_n_vars(L) - lc;
    size_t R = (size_t)1 << lr, C = (size_t)1 << lc;
    zp_claims *cl = NULL;
    zp_err e = zp_claims_create(&cl, lr, lc);
    if (e != ZP_OK) return e;
    zp_fe2 *a = malloc((R + C + s->mask_w) * sizeof(zp_fe2));
    if (a == NULL) { zp_claims_free(cl); return ZP_ERR_NOMEM; }
    zp_fe2 *b = a + R, *bf = b + C;
    for (size_t i = 0; e == ZP_OK && i < n_it; i++) {
        if (it[i].raw) {
            uint64_t off, moff;
            unsigned ls, mls;
            e = zp_layout_tensor_info(L, it[i].id, &off, &ls, &moff, &mls);
            if (e != ZP_OK) break;
            memset(a, 0, (R + C) * sizeof(zp_fe2));
            a[off >> lc] = gl2_from_fe(1);
            zp_sc_zk_mask_functional(bf, sc->n_vars, sc->degree, sc->res.r_b, sc->point);
            size_t col = (size_t)(off & (C - 1));
            zp_fe2 u = {0, 1};
            for (size_t j = 0; j < s->mask_w; j++) {
                b[col + j] = bf[j];
                b[col + s->mask_w + j] = gl2_mul(bf[j], u);
            }
        } else {
            e = zp_layout_functional(L, a, b, it[i].id, it[i].z, in->zk, it[i].r_b);
        }
        if (e == ZP_OK) e = zp_claims_add(cl, a, b, it[i].y);
    }
    size_t n_out = 0;
    const zp_fe2 *const *A = NULL, *const *B = NULL;
    const zp_fe2 *Y = NULL;
    if (e == ZP_OK) e = zp_claims_finish(cl, tr, &n_out, &A, &B, &Y);
    if (e == ZP_OK) {
        if (pr != NULL) {
            zp_fe2 *yo = malloc((n_out ? n_out : 1) * sizeof(zp_fe2));
            if (yo == NULL) e = ZP_ERR_NOMEM;
            if (e == ZP_OK) e = zp_pcs_open(pr, tr, proof, n_out, A, B, yo);
            if (e == ZP_OK)
                for (size_t i = 0; i < n_out; i++)
                    if (!gl2_eq(yo[i], Y[i])) e = ZP_ERR_INTERNAL;
            free(yo);
        } else {
            e = zp_pcs_verify(&s->pp[w], root, tr, rd, n_out, A, B, Y);
        }
    }
    free(a);
    zp_claims_free(cl);
    return e;
}

/* ---------------- the sumcheck instance ----------------
 * Tables: 0 eq_h = eq((r_<log_n, 0..), .), 1 eq_g = eq((r_<log_t, 0..), .),
 * 2 t', 3 g', 4 m', 5 .. 5+n_src-1 sources, then h_c.  Primes: zero-padded
 * to 2^nv entries.  F = sum_c [h_c + l_c eq_h h_c (beta - s_c S_c) - l_c eq_h]
 *   - g' + mu eq_g (g' (beta - t') - m') + nu eq_h (S_0 - sum 2^16l S_1+l),
 * l_c = lambda^(c+1), mu = lambda^(C+1), nu = lambda^(C+2); sum_x F = 0. */
#define T_EQH 0
#define T_EQG 1
#define T_T 2
#define T_G 3
#define T_M 4
#define T_SRC 5

static size_t build_terms(zp_sc_term *tm, const zp_lu_inst *in, zp_fe2 beta,
                          zp_fe2 lambda) {
    size_t n = 0;
    zp_fe2 one = gl2_from_fe(1), lc = lambda;
    size_t t_h = T_SRC + in->n_src;
#define TERM(cf, nf, f0, f1, f2)                                            \
    do {                                                                    \
        memset(&tm[n], 0, sizeof tm[n]);                                    \
        tm[n].coeff = (cf);                                                 \
        tm[n].n_factors = (nf);                                             \
        tm[n].factors[0] = (uint32_t)(f0);                                  \
        tm[n].factors[1] = (uint32_t)(f1);                                  \
        tm[n].factors[2] = (uint32_t)(f2);                                  \
        n++;                                                                \
    } while (0)
    for (size_t c = 0; c < in->n_cols; c++) {
        size_t h = t_h + c;
        TERM(one, 1, h, 0, 0);
        TERM(gl2_mul(lc, beta), 2, T_EQH, h, 0);
        TERM(gl2_neg(gl2_mul_fe(lc, in->col_scale[c])), 3, T_EQH, h, T_SRC + in->col_src[c]);
        TERM(gl2_neg(lc), 1, T_EQH, 0, 0);
        lc = gl2_mul(lc, lambda);
    }
    TERM(gl2_neg(one), 1, T_G, 0, 0);
    TERM(gl2_mul(lc, beta), 2, T_EQG, T_G, 0);
    TERM(gl2_neg(lc), 3, T_EQG, T_G, T_T);
    TERM(gl2_neg(lc), 2, T_EQG, T_M, 0);
    lc = gl2_mul(lc, lambda);
    if (in->decomp) {
        TERM(lc, 2, T_EQH, T_SRC, 0);
        for (size_t l = 1; l < in->n_src; l++) {
            zp_fe p16 = (zp_fe)1 << (16 * (l - 1));
            TERM(gl2_neg(gl2_mul_fe(lc, p16)), 2, T_EQH, T_SRC + l, 0);
        }
    }
#undef TERM
    return n;
}

static zp_err inst_check(const zp_lu_inst *in) {
    if (in == NULL || in->table == NULL || in->log_n > LU_MAX_LOG || in->log_t > LU_MAX_LOG ||
        in->n_src == 0 || in->n_src > ZP_LU_MAX_SRC || in->n_cols == 0 ||
        in->n_cols > ZP_LOGUP_MAX_COLS || (in->decomp && in->n_src < 2))
        return ZP_ERR_ARG;
    for (size_t c = 0; c < in->n_cols; c++)
        if (in->col_src[c] >= in->n_src) return ZP_ERR_ARG;
    return ZP_OK;
}

/* t~ at z (log_t coordinates): O(log_t) for a contiguous table. */
static zp_fe2 table_mle(const zp_fe *t, unsigned log_t, const zp_fe2 *z) {
    size_t T = (size_t)1 << log_t;
    if (log_t == 0) return gl2_from_fe(t[0]);
    if (zp_logup_table_is_contiguous(t, T)) {
        zp_fe2 acc = gl2_from_fe(t[0]);
        for (unsigned i = 0; i < log_t; i++)
            acc = gl2_add(acc, gl2_mul_fe(z[i], (zp_fe)1 << i));
        return acc;
    }
    return zp_mle_eval(t, z, log_t);
}

/* Rebuilds the verifier's view of the sumcheck tables' values at s from the
 * tensor claims sent: vals = [src.., h0,h1 per col.., g0, g1, m]. */
static zp_err fill_evals(zp_fe2 *ev, const zp_lu_inst *in, const zp_piop_sc_info *sc,
                         const zp_fe2 *r, const zp_fe2 *vals) {
    unsigned nv = sc->n_vars;
    const zp_fe2 *s = sc->point;
    zp_fe2 one = gl2_from_fe(1), zero = gl2_from_fe(0), u = {0, 1};
    zp_fe2 r_b = sc->zk ? sc->res.r_b : zero;
    zp_fe2 cn = zp_piop_pad_factor(s, in->log_n, nv), ct = zp_piop_pad_factor(s, in->log_t, nv);
    zp_fe2 kn = gl2_add(gl2_mul(gl2_sub(one, r_b), cn), r_b);
    zp_fe2 kt = gl2_add(gl2_mul(gl2_sub(one, r_b), ct), r_b);
    ev[T_EQH] = gl2_mul(zp_piop_eq_eval(r, s, in->log_n), cn);
    ev[T_EQG] = gl2_mul(zp_piop_eq_eval(r, s, in->log_t), ct);
    ev[T_T] = gl2_mul(table_mle(in->table, in->log_t, s), ct);
    size_t k = 0;
    for (size_t i = 0; i < in->n_src; i++) ev[T_SRC + i] = gl2_mul(kn, vals[k++]);
    for (size_t c = 0; c < in->n_cols; c++, k += 2)
        ev[T_SRC + in->n_src + c] = gl2_mul(kn, gl2_add(vals[k], gl2_mul(u, vals[k + 1])));
    ev[T_G] = gl2_mul(kt, gl2_add(vals[k], gl2_mul(u, vals[k + 1])));
    ev[T_M] = gl2_mul(kt, vals[k + 2]);
    return (gl2_is_zero(kn) || gl2_is_zero(kt)) ? ZP_ERR_VERIFY : ZP_OK;
}

/* The tensor claims (point, r_b') of both phases, in the order of vals. */
static void items_build(lu_item *it1, size_t *n1, lu_item *it2, size_t *n2,
                        zp_piop_claim *ext, const lu_shape *sh, const zp_lu_inst *in,
                        const zp_piop_sc_info *sc, const zp_fe2 *vals) {
    zp_fe2 zero = gl2_from_fe(0), r_b = sc->zk ? sc->res.r_b : zero;
    zp_piop_claim cn, ct;
    memset(&cn, 0, sizeof cn);
    memset(&ct, 0, sizeof ct);
    zp_fe2 one = gl2_from_fe(1);
    (void)zp_piop_unpad(&cn, one, r_b, zp_piop_pad_factor(sc->point, in->log_n, sc->n_vars));
    (void)zp_piop_unpad(&ct, one, r_b, zp_piop_pad_factor(sc->point, in->log_t, sc->n_vars));
    *n1 = *n2 = 0;
    size_t k = 0;
    for (size_t i = 0; i < in->n_src; i++, k++) {
        if (in->internal[i]) {
            lu_item x = {sh->id_src[i], in->log_n, sc->point, cn.r_b, vals[k], 0};
            it1[(*n1)++] = x;
            memset(&ext[i], 0, sizeof ext[i]);
        } else {
            ext[i].n_vars = in->log_n;
            memcpy(ext[i].point, sc->point, in->log_n * sizeof(zp_fe2));
            ext[i].r_b = cn.r_b;
            ext[i].value = vals[k];
        }
    }
    for (size_t c = 0; c < in->n_cols; c++)
        for (int j = 0; j < 2; j++, k++) {
            lu_item x = {sh->id_h[c][j], in->log_n, sc->point, cn.r_b, vals[k], 0};
            it2[(*n2)++] = x;
        }
    for (int j = 0; j < 2; j++, k++) {
        lu_item x = {sh->id_g[j], in->log_t, sc->point, ct.r_b, vals[k], 0};
        it2[(*n2)++] = x;
    }
    lu_item xm = {sh->id_m, in->log_t, sc->point, ct.r_b, vals[k], 0};
    it1[(*n1)++] = xm;
    if (in->zk) {
        lu_item xg = {sh->id_mask, 0, NULL, zero, sc->res.g_eval, 1};
        it2[(*n2)++] = xg;
    }
}

#define LU_MAX_TABLES (T_SRC + ZP_LU_MAX_SRC + ZP_LOGUP_MAX_COLS)
#define LU_MAX_TERMS (4 * ZP_LOGUP_MAX_COLS + 4 + ZP_LU_MAX_SRC)
#define LU_MAX_VALS (ZP_LU_MAX_SRC + 2 * ZP_LOGUP_MAX_COLS + 3)
#define LU_MAX_ITEMS (ZP_LU_MAX_SRC + 2 * ZP_LOGUP_MAX_COLS + 4)

static size_t n_vals(const zp_lu_inst *in) { return in->n_src + 2 * in->n_cols + 3; }

/* The statement: shape and the public table. */
static void absorb_statement(zp_transcript *tr, const zp_lu_inst *in) {
    zp_transcript_absorb_u64(tr, "logup/log-n", in->log_n);
    zp_transcript_absorb_u64(tr, "logup/log-t", in->log_t);
    zp_transcript_absorb_u64(tr, "logup/n-cols", in->n_cols);
    zp_transcript_absorb_u64(tr, "logup/zk", (uint64_t)(in->zk != 0));
    zp_transcript_absorb_fe(tr, "logup/table", in->table, (size_t)1 << in->log_t);
}

/* Challenges after both commitments: r (nv coordinates) and lambda. */
static void draw_challenges(zp_transcript *tr, zp_fe2 *r, unsigned nv, zp_fe2 *lambda) {
    zp_transcript_challenge_fe2_vec(tr, "logup/r", r, nv);
    *lambda = zp_transcript_challenge_fe2(tr, "logup/lambda");
}

/* Value of the masked, periodic-masked base tensor at (r_b', z). */
static zp_fe2 masked_eval(const zp_fe *x, const zp_fe *mask, size_t mask_len,
                          unsigned n, const zp_fe2 *z, zp_fe2 r_b, int zk) {
    zp_fe2 v = n ? zp_mle_eval(x, z, n) : gl2_from_fe(x[0]);
    if (!zk) return v;
    zp_fe2 one = gl2_from_fe(1);
    return gl2_add(gl2_mul(gl2_sub(one, r_b), v),
                   gl2_mul(r_b, zp_piop_periodic_eval(mask, mask_len, z)));
}

zp_err zp_lu_prove(zp_transcript *tr, zp_bytes *proof, zp_piop_claim *out_claims,
                   const zp_lu_inst *in, const zp_fe *m_override, zp_rng *rng) {
    zp_err e = inst_check(in);
    if (e != ZP_OK) return e;
    if (tr == NULL || proof == NULL || out_claims == NULL || rng == NULL) return ZP_ERR_ARG;
    for (size_t i = 0; i < in->n_src; i++) {
        const zp_piop_tensor *t = &in->src[i];
        if (t->vals == NULL) return ZP_ERR_ARG;
        if (in->zk && !in->internal[i]) {
            int k = zp_piop_log2(t->mask_len);
            if (t->mask == NULL || k < 0 || (unsigned)k > in->log_n) return ZP_ERR_ARG;
        }
    }
    lu_shape sh;
    e = shape_build(&sh, in);
    if (e != ZP_OK) return e;
    unsigned nv = sh.nv;
    size_t N = (size_t)1 << in->log_n, T = (size_t)1 << in->log_t, NV = (size_t)1 << nv;
    size_t nc = in->n_cols, ns = in->n_src;
    size_t NT = N > T ? N : T;

    /* buffers: looked-up columns a_c (nc N), m (T), inversion scratch (2 NT),
     * h (nc N ext), g (T ext), component scratch (NT), sumcheck tables */
    zp_fe *acol = NULL, *m = NULL, *scr = NULL, *comp = NULL, *ev1 = NULL, *ev2 = NULL;
    zp_fe2 *h = NULL, *g = NULL, *tab_e = NULL, *mk = NULL;
    zp_fe *tab_b = NULL, *g0 = NULL, *g1 = NULL;
    zp_pcs_prover *pr1 = NULL, *pr2 = NULL;
    acol = malloc(nc * N * sizeof(zp_fe));
    m = malloc(T * sizeof(zp_fe));
    scr = malloc(2 * NT * sizeof(zp_fe));
    comp = malloc((NT > 2 * sh.mask_w ? NT : 2 * sh.mask_w) * sizeof(zp_fe));
    h = malloc(nc * N * sizeof(zp_fe2));
    g = malloc(T * sizeof(zp_fe2));
    ev1 = calloc((size_t)1 << zp_layout_n_vars(sh.L[0]), sizeof(zp_fe));
    ev2 = calloc((size_t)1 << zp_layout_n_vars(sh.L[1]), sizeof(zp_fe));
    /* ext tables: eq_h, eq_g, g', h'_c; masks of g and h_c */
    tab_e = calloc((3 + nc) * NV, sizeof(zp_fe2));
    mk = calloc((1 + nc) * NT, sizeof(zp_fe2));
    /* base tables: t', m', padded sources */
    tab_b = calloc((2 + ns) * NV, sizeof(zp_fe));
    if (in->zk) {
        g0 = calloc(sh.mask_w, sizeof(zp_fe));
        g1 = calloc(sh.mask_w, sizeof(zp_fe));
    }
    if (!acol || !m || !scr || !comp || !h || !g || !ev1 || !ev2 || !tab_e || !mk ||
        !tab_b || (in->zk && (!g0 || !g1))) {
        e = ZP_ERR_NOMEM;
        goto done;
    }
    /* looked-up values a_c = scale_c S_src */
    const zp_fe *cols[ZP_LOGUP_MAX_COLS];
    for (size_t c = 0; c < nc; c++) {
        zp_fe_scale_batch(acol + c * N, in->src[in->col_src[c]].vals, in->col_scale[c], N);
        cols[c] = acol + c * N;
    }
    if (m_override) memcpy(m, m_override, T * sizeof(zp_fe));
    else if ((e = zp_logup_counts_var(m, cols, nc, N, in->table, T)) != ZP_OK) goto done;

    zp_rng rm1, rp1, rm2, rp2, rsc;
    zp_rng_derive(&rm1, rng, "logup/masks1");
    zp_rng_derive(&rp1, rng, "logup/pcs1");
    zp_rng_derive(&rm2, rng, "logup/masks2");
    zp_rng_derive(&rp2, rng, "logup/pcs2");
    zp_rng_derive(&rsc, rng, "logup/sumcheck-mask");

    /* phase 1: m and internal sources */
    absorb_statement(tr, in);
    zp_digest root;
    if ((e = zp_layout_put(sh.L[0], ev1, sh.id_m, m, T)) != ZP_OK) goto done;
    for (size_t i = 0; i < ns; i++)
        if (in->internal[i] &&
            (e = zp_layout_put(sh.L[0], ev1, sh.id_src[i], in->src[i].vals, N)) != ZP_OK)
            goto done;
    if (in->zk && (e = zp_layout_fill_masks(sh.L[0], ev1, &rm1)) != ZP_OK) goto done;
    if ((e = zp_pcs_commit(&pr1, &root, &sh.pp[0], ev1, &rp1)) != ZP_OK) goto done;
    zp_fs_send_digest(tr, proof, "logup/root-m", &root, 1);

    zp_fe2 beta = zp_transcript_challenge_fe2(tr, "logup/beta");
    if (beta.c1 == 0) { e = ZP_ERR_INTERNAL; goto done; }
    for (size_t c = 0; c < nc; c++) zp_logup_inv_shift(h + c * N, cols[c], N, beta, scr);
    zp_logup_inv_shift(g, in->table, T, beta, scr);
    for (size_t j = 0; j < T; j++) g[j] = gl2_mul_fe(g[j], m[j]);

    /* phase 2: h_c, g and the sumcheck mask */
    for (size_t c = 0; c < nc; c++)
        for (int k = 0; k < 2; k++) {
            for (size_t i = 0; i < N; i++) comp[i] = k ? h[c * N + i].c1 : h[c * N + i].c0;
            if ((e = zp_layout_put(sh.L[1], ev2, sh.id_h[c][k], comp, N)) != ZP_OK) goto done;
        }
    for (int k = 0; k < 2; k++) {
        for (size_t j = 0; j < T; j++) comp[j] = k ? g[j].c1 : g[j].c0;
        if ((e = zp_layout_put(sh.L[1], ev2, sh.id_g[k], comp, T)) != ZP_OK) goto done;
    }
    if (in->zk) {
        zp_sc_zk_mask_sample(g0, g1, nv, LU_DEGREE, &rsc);
        memcpy(comp, g0, sh.mask_w * sizeof(zp_fe));
        memcpy(comp + sh.mask_w, g1, sh.mask_w * sizeof(zp_fe));
        if ((e = zp_layout_put(sh.L[1], ev2, sh.id_mask, comp, 2 * sh.mask_w)) != ZP_OK)
            goto done;
        if ((e = zp_layout_fill_masks(sh.L[1], ev2, &rm2)) != ZP_OK) goto done;
    }
    if ((e = zp_pcs_commit(&pr2, &root, &sh.pp[1], ev2, &rp2)) != ZP_OK) goto done;
    zp_fs_send_digest(tr, proof, "logup/root-h", &root, 1);

    zp_fe2 r[ZP_SC_MAX_VARS], lambda;
    draw_challenges(tr, r, nv, &lambda);

    /* sumcheck tables */
    zp_sc_table tabs[LU_MAX_TABLES];
    memset(tabs, 0, sizeof tabs);
    zp_fe2 *eqh = tab_e, *eqg = tab_e + NV, *gp = tab_e + 2 * NV, *hp = tab_e + 3 * NV;
    zp_fe *tp = tab_b, *mp = tab_b + NV, *sp = tab_b + 2 * NV;
    zp_piop_eq_table(eqh, r, in->log_n);
    zp_piop_eq_table(eqg, r, in->log_t);
    memcpy(tp, in->table, T * sizeof(zp_fe));
    memcpy(mp, m, T * sizeof(zp_fe));
    memcpy(gp, g, T * sizeof(zp_fe2));
    for (size_t c = 0; c < nc; c++) memcpy(hp + c * NV, h + c * N, N * sizeof(zp_fe2));
    tabs[T_EQH].ext = eqh;
    tabs[T_EQG].ext = eqg;
    tabs[T_T].base = tp;
    tabs[T_G].ext = gp;
    tabs[T_M].base = mp;
    for (size_t i = 0; i < ns; i++) {
        zp_sc_table *tb = &tabs[T_SRC + i];
        if (N == NV) tb->base = in->src[i].vals;
        else {
            memcpy(sp + i * NV, in->src[i].vals, N * sizeof(zp_fe));
            tb->base = sp + i * NV;
        }
        if (!in->zk) continue;
        if (in->internal[i]) tb->mask_base = zp_layout_mask_ptr(sh.L[0], ev1, sh.id_src[i], &tb->mask_len);
        else { tb->mask_base = in->src[i].mask; tb->mask_len = in->src[i].mask_len; }
    }
    for (size_t c = 0; c < nc; c++) tabs[T_SRC + ns + c].ext = hp + c * NV;
    if (in->zk) {
        tabs[T_M].mask_base = zp_layout_mask_ptr(sh.L[0], ev1, sh.id_m, &tabs[T_M].mask_len);
        /* ext masks R0 + u R1 of g and of each h_c */
        for (size_t c = 0; c <= nc; c++) {
            size_t l0, l1;
            const zp_fe *r0 = c < nc ? zp_layout_mask_ptr(sh.L[1], ev2, sh.id_h[c][0], &l0)
                                     : zp_layout_mask_ptr(sh.L[1], ev2, sh.id_g[0], &l0);
            const zp_fe *r1 = c < nc ? zp_layout_mask_ptr(sh.L[1], ev2, sh.id_h[c][1], &l1)
                                     : zp_layout_mask_ptr(sh.L[1], ev2, sh.id_g[1], &l1);
            if (r0 == NULL || r1 == NULL || l0 != l1 || l0 > NT) { e = ZP_ERR_INTERNAL; goto done; }
            zp_fe2 *dst = mk + c * NT;
            for (size_t j = 0; j < l0; j++) { dst[j].c0 = r0[j]; dst[j].c1 = r1[j]; }
            zp_sc_table *tb = c < nc ? &tabs[T_SRC + ns + c] : &tabs[T_G];
            tb->mask_ext = dst;
            tb->mask_len = l0;
        }
        if (tabs[T_M].mask_base == NULL) { e = ZP_ERR_INTERNAL; goto done; }
    }
    zp_sc_term terms[LU_MAX_TERMS];
    size_t n_terms = build_terms(terms, in, beta, lambda);
    zp_sc_instance inst = {nv, T_SRC + ns + nc, tabs, n_terms, terms};
    zp_piop_sc_info sc;
    zp_fe2 evs[LU_MAX_TABLES];
    e = zp_piop_sc_prove(tr, proof, &sc, evs, &inst, gl2_from_fe(0), g0, g1);
    if (e != ZP_OK) goto done;

    /* tensor claims: values at (r_b', s_low) */
    zp_fe2 vals[LU_MAX_VALS];
    {
        zp_fe2 zero = gl2_from_fe(0), r_b = sc.zk ? sc.res.r_b : zero, one = gl2_from_fe(1);
        zp_piop_claim cn, ct;
        memset(&cn, 0, sizeof cn);
        memset(&ct, 0, sizeof ct);
        if (zp_piop_unpad(&cn, one, r_b, zp_piop_pad_factor(sc.point, in->log_n, nv)) != ZP_OK ||
            zp_piop_unpad(&ct, one, r_b, zp_piop_pad_factor(sc.point, in->log_t, nv)) != ZP_OK) {
            e = ZP_ERR_INTERNAL;
            goto done;
        }
        size_t k = 0;
        for (size_t i = 0; i < ns; i++) vals[k++] = gl2_mul(evs[T_SRC + i], cn.value);
        zp_fe2 uinv = {0, zp_fe_inv(7)}; /* 1/u = u/7 */
        for (size_t c = 0; c <= nc; c++) {
            const zp_fe2 *src = c < nc ? h + c * N : g;
            size_t len = c < nc ? N : T;
            unsigned ln = c < nc ? in->log_n : in->log_t;
            zp_piop_claim *cc = c < nc ? &cn : &ct;
            zp_fe2 full = gl2_mul(c < nc ? evs[T_SRC + ns + c] : evs[T_G], cc->value);
            for (size_t i = 0; i < len; i++) comp[i] = src[i].c0;
            size_t ml = 0;
            const zp_fe *msk = NULL;
            if (in->zk)
                msk = zp_layout_mask_ptr(sh.L[1], ev2, c < nc ? sh.id_h[c][0] : sh.id_g[0], &ml);
            zp_fe2 y0 = masked_eval(comp, msk, ml, ln, sc.point, cc->r_b, in->zk);
            vals[k++] = y0;
            vals[k++] = gl2_mul(gl2_sub(full, y0), uinv);
        }
        vals[k++] = gl2_mul(evs[T_M], ct.value);
    }
    size_t nvals = n_vals(in);
    zp_fs_send_fe2(tr, proof, "logup/evals", vals, nvals);

    lu_item it1[LU_MAX_ITEMS], it2[LU_MAX_ITEMS];
    size_t n1, n2;
    items_build(it1, &n1, it2, &n2, out_claims, &sh, in, &sc, vals);
    e = claims_run(&sh, 0, in, it1, n1, &sc, tr, pr1, proof, NULL, NULL);
    if (e == ZP_OK) e = claims_run(&sh, 1, in, it2, n2, &sc, tr, pr2, proof, NULL, NULL);
    if (e == ZP_ERR_ARG) e = ZP_ERR_INTERNAL;

done:
    if (ev1) zp_memzero(ev1, ((size_t)1 << zp_layout_n_vars(sh.L[0])) * sizeof(zp_fe));
    if (ev2) zp_memzero(ev2, ((size_t)1 << zp_layout_n_vars(sh.L[1])) * sizeof(zp_fe));
    free(acol); free(m); free(scr); free(comp); free(h); free(g); free(ev1); free(ev2);
    free(tab_e); free(mk); free(tab_b); free(g0); free(g1);
    zp_pcs_prover_free(pr1);
    zp_pcs_prover_free(pr2);
    shape_free(&sh);
    if (e != ZP_OK) memset(out_claims, 0, in->n_src * sizeof(zp_piop_claim));
    return e;
}

zp_err zp_lu_verify(zp_transcript *tr, zp_reader *proof, zp_piop_claim *out_claims,
                    const zp_lu_inst *in) {
    zp_err e = inst_check(in);
    if (e != ZP_OK) return e;
    if (tr == NULL || proof == NULL || out_claims == NULL) return ZP_ERR_ARG;
    lu_shape sh;
    e = shape_build(&sh, in);
    if (e != ZP_OK) return e;
    zp_digest root1, root2;
    zp_fe2 beta, r[ZP_SC_MAX_VARS], lambda, vals[LU_MAX_VALS], evs[LU_MAX_TABLES];
    zp_sc_term terms[LU_MAX_TERMS];
    zp_piop_sc_info sc;
    absorb_statement(tr, in);
    e = zp_fs_recv_digest(tr, proof, "logup/root-m", &root1, 1);
    if (e != ZP_OK) goto done;
    beta = zp_transcript_challenge_fe2(tr, "logup/beta");
    if (beta.c1 == 0) { e = ZP_ERR_VERIFY; goto done; }
    if ((e = zp_fs_recv_digest(tr, proof, "logup/root-h", &root2, 1)) != ZP_OK) goto done;
    draw_challenges(tr, r, sh.nv, &lambda);
    size_t n_terms = build_terms(terms, in, beta, lambda);
    e = zp_piop_sc_verify(tr, proof, &sc, sh.nv, LU_DEGREE, gl2_from_fe(0), in->zk);
    if (e != ZP_OK) goto done;
    if ((e = zp_fs_recv_fe2(tr, proof, "logup/evals", vals, n_vals(in))) != ZP_OK) goto done;
    if ((e = fill_evals(evs, in, &sc, r, vals)) != ZP_OK) goto done;
    if ((e = zp_piop_sc_check(&sc, terms, n_terms, evs, T_SRC + in->n_src + in->n_cols)) != ZP_OK)
        goto done;
    lu_item it1[LU_MAX_ITEMS], it2[LU_MAX_ITEMS];
    size_t n1, n2;
    items_build(it1, &n1, it2, &n2, out_claims, &sh, in, &sc, vals);
    e = claims_run(&sh, 0, in, it1, n1, &sc, tr, NULL, NULL, &root1, proof);
    if (e == ZP_OK) e = claims_run(&sh, 1, in, it2, n2, &sc, tr, NULL, NULL, &root2, proof);
done:
    shape_free(&sh);
    if (e != ZP_OK) memset(out_claims, 0, in->n_src * sizeof(zp_piop_claim));
    return e;
}

/* ---------------- public wrappers ---------------- */

static zp_err lu_from_cols(zp_lu_inst *in, const zp_piop_tensor *cols, size_t n_cols,
                           unsigned log_n, const zp_fe *table, unsigned log_t, int zk) {
    memset(in, 0, sizeof *in);
    if (n_cols == 0 || n_cols > ZP_LOGUP_MAX_COLS || n_cols > ZP_LU_MAX_SRC) return ZP_ERR_ARG;
    in->log_n = log_n;
    in->log_t = log_t;
    in->zk = zk != 0;
    in->n_src = in->n_cols = n_cols;
    in->table = table;
    for (size_t c = 0; c < n_cols; c++) {
        if (cols) in->src[c] = cols[c];
        in->col_src[c] = (unsigned)c;
        in->col_scale[c] = 1;
    }
    return ZP_OK;
}

zp_err zp_logup_prove(zp_transcript *tr, zp_bytes *proof, zp_logup_claims *out,
                      const zp_piop_tensor *cols, size_t n_cols, unsigned log_n,
                      const zp_fe *table, unsigned log_t, int zk, zp_rng *rng) {
    if (out == NULL) return ZP_ERR_ARG;
    memset(out, 0, sizeof *out);
    if (cols == NULL) return ZP_ERR_ARG;
    zp_lu_inst in;
    zp_err e = lu_from_cols(&in, cols, n_cols, log_n, table, log_t, zk);
    if (e == ZP_OK) e = zp_lu_prove(tr, proof, out->col, &in, NULL, rng);
    if (e == ZP_OK) out->n_cols = n_cols;
    return e;
}

zp_err zp_logup_verify(zp_transcript *tr, zp_reader *proof, zp_logup_claims *out,
                       size_t n_cols, unsigned log_n, const zp_fe *table,
                       unsigned log_t, int zk) {
    if (out == NULL) return ZP_ERR_ARG;
    memset(out, 0, sizeof *out);
    zp_lu_inst in;
    zp_err e = lu_from_cols(&in, NULL, n_cols, log_n, table, log_t, zk);
    if (e == ZP_OK) e = zp_lu_verify(tr, proof, out->col, &in);
    if (e == ZP_OK) out->n_cols = n_cols;
    return e;
}
