/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * LogUp lookups into fixed tables with multiplicities (Haboeck, ePrint 2022/1530), docs/spec/logup.md. */
#include <stdlib.h>
#include <string.h>

#include "field/gl.h"
#include "piop/matmul_internal.h"

/* Soundness target of the commitments made inside a LogUp proof. */
#ifndef ZP_TOY_FIELD
#define LU_PCS_SECURITY 100
#define LU_MIN_LOG_COLS 8
#else
/* Toy build (tests/toy): over F_97 a code has at most 32 positions, so a
 * commitment reaches a few bits only, and its rows must be short. */
#define LU_PCS_SECURITY 4
#define LU_MIN_LOG_COLS 1
#endif
#define LU_PCS_LOG_INV_RATE 1
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
 * components of every h_c (log_n) and, in ZK mode, the sumcheck mask rows
 * [g0 | g1] as one tensor of one row.  (No column g = m/(beta - t) is
 * committed: the verifier evaluates the public 1/(beta - t) itself.) */
typedef struct {
    zp_layout *L[2];
    size_t id_m, id_src[ZP_LU_MAX_SRC], id_h[ZP_LOGUP_MAX_COLS][2], id_mask;
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

/* log2 of m's tensor in the layout: in ZK mode a masked tensor needs two
 * values at least (a one-value base mask leaks, docs/spec/sumcheck.md), so
 * a table of one entry gives m = [m_0, 0]. */
static unsigned lt_m(const zp_lu_inst *in) {
    return (in->zk && in->log_t == 0) ? 1 : in->log_t;
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
    if (e == ZP_OK) e = zp_layout_add(s->L[0], &s->id_m, lt_m(in), mr);
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
        e = layout_open(&s->L[1], 2 * in->n_cols * N * (1 + mr) + 2 * s->mask_w);
    for (size_t c = 0; e == ZP_OK && c < in->n_cols; c++) {
        e = zp_layout_add(s->L[1], &s->id_h[c][0], in->log_n, mr);
        if (e == ZP_OK) e = zp_layout_add(s->L[1], &s->id_h[c][1], in->log_n, mr);
        s->n_claims[1] += 2;
    }
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
 * One sumcheck over nv = max(log_n, log_t, 1) variables.  Tables (primes:
 * zero-padded to 2^nv entries):
 *   0 eq_h = eq((r_<log_n, 0..), .)            public
 *   1 W'   = 1/(beta - t), zero beyond T        public
 *   2 m'                                        committed (phase 1)
 *   3 .. S_i, only for a decomposition (range checks)
 *   then Q_c = beta - s_c S'_(src_c) (derived from the source, with mask
 *   beta - s_c R), then h'_c.
 * F = sum_c [h'_c + l_c eq_h h'_c Q_c] - W' m' + nu eq_h (S_0 - sum 2^16l S_1+l),
 * l_c = lambda^(c+1), nu = lambda^(C+1); the claim is sum_x F = sum_c l_c
 * (the zero-checks' constant -l_c eq_h sums to -l_c, sum_x eq_h = 1). */
#define T_EQH 0
#define T_W 1
#define T_M 2
#define T_SRC 3

static size_t n_stab(const zp_lu_inst *in) { return in->decomp ? in->n_src : 0; }
static size_t t_q(const zp_lu_inst *in, size_t c) { return T_SRC + n_stab(in) + c; }
static size_t t_h(const zp_lu_inst *in, size_t c) {
    return T_SRC + n_stab(in) + in->n_cols + c;
}
static size_t n_tables(const zp_lu_inst *in) { return T_SRC + n_stab(in) + 2 * in->n_cols; }

static size_t build_terms(zp_sc_term *tm, zp_fe2 *claim, const zp_lu_inst *in,
                          zp_fe2 lambda) {
    size_t n = 0;
    zp_fe2 one = gl2_from_fe(1), lc = lambda;
    *claim = gl2_from_fe(0);
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
        TERM(one, 1, t_h(in, c), 0, 0);
        TERM(lc, 3, T_EQH, t_h(in, c), t_q(in, c));
        *claim = gl2_add(*claim, lc);
        lc = gl2_mul(lc, lambda);
    }
    TERM(gl2_neg(one), 2, T_W, T_M, 0);
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
    /* ZK: every source carries a mask of two values at least */
    if (in->zk && in->log_n == 0) return ZP_ERR_ARG;
    unsigned used = 0;
    for (size_t c = 0; c < in->n_cols; c++) {
        if (in->col_src[c] >= in->n_src || in->col_scale[c] == 0 ||
            in->col_scale[c] >= GL_P)
            return ZP_ERR_ARG;
        used |= 1u << in->col_src[c];
    }
    /* without a decomposition a source is seen only through its columns */
    if (!in->decomp && used != (1u << in->n_src) - 1) return ZP_ERR_ARG;
    return ZP_OK;
}

/* W~(z) for W = 1/(beta - t) (log_t coordinates): O(T), the verifier's
 * main cost besides absorbing the table. */
static zp_err inv_table_mle(zp_fe2 *out, const zp_fe *t, unsigned log_t, zp_fe2 beta,
                            const zp_fe2 *z) {
    size_t T = (size_t)1 << log_t;
    zp_fe2 *w = malloc(T * sizeof(zp_fe2));
    zp_fe *scr = malloc(2 * T * sizeof(zp_fe));
    if (w == NULL || scr == NULL) { free(w); free(scr); return ZP_ERR_NOMEM; }
    zp_logup_inv_shift(w, t, T, beta, scr);
    *out = log_t ? zp_mle_eval2(w, z, log_t) : w[0];
    free(w);
    free(scr);
    return ZP_OK;
}

/* The first column reading source i (-1: none). */
static int col_of_src(const zp_lu_inst *in, size_t i) {
    for (size_t c = 0; c < in->n_cols; c++)
        if (in->col_src[c] == i) return (int)c;
    return -1;
}

/* Rebuilds the verifier's view of the sumcheck tables' values at s from the
 * tensor claims sent: vals = [src.., h0,h1 per col.., m]. */
static zp_err fill_evals(zp_fe2 *ev, const zp_lu_inst *in, const zp_piop_sc_info *sc,
                         const zp_fe2 *r, zp_fe2 beta, const zp_fe2 *vals) {
    unsigned nv = sc->n_vars;
    const zp_fe2 *s = sc->point;
    zp_fe2 one = gl2_from_fe(1), zero = gl2_from_fe(0), u = {0, 1};
    zp_fe2 r_b = sc->zk ? sc->res.r_b : zero;
    zp_fe2 cn = zp_piop_pad_factor(s, in->log_n, nv), ct = zp_piop_pad_factor(s, lt_m(in), nv);
    zp_fe2 kn = gl2_add(gl2_mul(gl2_sub(one, r_b), cn), r_b);
    zp_fe2 kt = gl2_add(gl2_mul(gl2_sub(one, r_b), ct), r_b);
    if (gl2_is_zero(kn) || gl2_is_zero(kt)) return ZP_ERR_VERIFY;
    zp_fe2 w;
    zp_err e = inv_table_mle(&w, in->table, in->log_t, beta, s);
    if (e != ZP_OK) return e;
    ev[T_EQH] = gl2_mul(zp_piop_eq_eval(r, s, in->log_n), cn);
    ev[T_W] = gl2_mul(w, zp_piop_pad_factor(s, in->log_t, nv));
    size_t ns = in->n_src, nc = in->n_cols;
    for (size_t i = 0; i < n_stab(in); i++) ev[T_SRC + i] = gl2_mul(kn, vals[i]);
    for (size_t c = 0; c < nc; c++) {
        zp_fe2 sv = gl2_mul(kn, vals[in->col_src[c]]);
        ev[t_q(in, c)] = gl2_sub(beta, gl2_mul_fe(sv, in->col_scale[c]));
        const zp_fe2 *hv = vals + ns + 2 * c;
        ev[t_h(in, c)] = gl2_mul(kn, gl2_add(hv[0], gl2_mul(u, hv[1])));
    }
    ev[T_M] = gl2_mul(kt, vals[ns + 2 * nc]);
    return ZP_OK;
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
    (void)zp_piop_unpad(&ct, one, r_b, zp_piop_pad_factor(sc->point, lt_m(in), sc->n_vars));
    *n1 = *n2 = 0;
    size_t k = 0;
    for (size_t i = 0; i < in->n_src; i++, k++) {
        if (in->internal[i]) {
            lu_item x = {sh->id_src[i], in->log_n, sc->point, cn.r_b, vals[k], 0};
            it1[(*n1)++] = x;
            memset(&ext[i], 0, sizeof ext[i]);
        } else {
            memset(&ext[i], 0, sizeof ext[i]);
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
    lu_item xm = {sh->id_m, lt_m(in), sc->point, ct.r_b, vals[k], 0};
    it1[(*n1)++] = xm;
    if (in->zk) {
        lu_item xg = {sh->id_mask, 0, NULL, zero, sc->res.g_eval, 1};
        it2[(*n2)++] = xg;
    }
}

#define LU_MAX_TABLES (T_SRC + ZP_LU_MAX_SRC + 2 * ZP_LOGUP_MAX_COLS)
#define LU_MAX_TERMS (2 * ZP_LOGUP_MAX_COLS + 1 + ZP_LU_MAX_SRC)
#define LU_MAX_VALS (ZP_LU_MAX_SRC + 2 * ZP_LOGUP_MAX_COLS + 1)
#define LU_MAX_ITEMS (ZP_LU_MAX_SRC + 2 * ZP_LOGUP_MAX_COLS + 2)

static size_t n_vals(const zp_lu_inst *in) { return in->n_src + 2 * in->n_cols + 1; }

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

/* Source i's mask (ZK mode): the caller's, or the layout's for an
 * internal source. */
static const zp_fe *src_mask(const zp_lu_inst *in, const lu_shape *sh, const zp_fe *ev1,
                             size_t i, size_t *len) {
    if (in->internal[i]) return zp_layout_mask_ptr(sh->L[0], ev1, sh->id_src[i], len);
    *len = in->src[i].mask_len;
    return in->src[i].mask;
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
            if (t->mask == NULL || k < 1 || (unsigned)k > in->log_n) return ZP_ERR_ARG;
        }
    }
    lu_shape sh;
    e = shape_build(&sh, in);
    if (e != ZP_OK) return e;
    unsigned nv = sh.nv;
    size_t N = (size_t)1 << in->log_n, T = (size_t)1 << in->log_t, NV = (size_t)1 << nv;
    size_t nc = in->n_cols, ns = in->n_src, nst = n_stab(in);
    size_t NT = N > T ? N : T;
    int padn = N < NV;

    /* buffers: looked-up columns a_c (nc N), m (T), inversion scratch (2 NT),
     * h (nc N ext), component scratch, the sumcheck tables */
    zp_fe *acol = NULL, *m = NULL, *scr = NULL, *comp = NULL, *ev1 = NULL, *ev2 = NULL;
    zp_fe2 *h = NULL, *tab_e = NULL, *mk = NULL;
    zp_fe *tab_b = NULL, *g0 = NULL, *g1 = NULL;
    zp_pcs_prover *pr1 = NULL, *pr2 = NULL;
    size_t mk_len = 0; /* longest mask: of a source or of an h component */
    acol = malloc(nc * N * sizeof(zp_fe));
    m = malloc(T * sizeof(zp_fe));
    scr = malloc(2 * NT * sizeof(zp_fe));
    comp = malloc((N > 2 * sh.mask_w ? N : 2 * sh.mask_w) * sizeof(zp_fe));
    h = malloc(nc * N * sizeof(zp_fe2));
    ev1 = calloc((size_t)1 << zp_layout_n_vars(sh.L[0]), sizeof(zp_fe));
    ev2 = calloc((size_t)1 << zp_layout_n_vars(sh.L[1]), sizeof(zp_fe));
    /* ext tables: eq_h, W', Q_c and, when padded, h'_c */
    tab_e = calloc((2 + nc + (padn ? nc : 0)) * NV, sizeof(zp_fe2));
    /* base tables: m' when padded, padded sources of a decomposition */
    tab_b = calloc(((T < NV ? 1 : 0) + (padn ? nst : 0)) * NV + 1, sizeof(zp_fe));
    if (in->zk) {
        g0 = calloc(sh.mask_w, sizeof(zp_fe));
        g1 = calloc(sh.mask_w, sizeof(zp_fe));
        for (size_t i = 0; i < ns; i++)
            if (!in->internal[i] && in->src[i].mask_len > mk_len) mk_len = in->src[i].mask_len;
        if (N > mk_len) mk_len = N; /* bounds every layout mask of a log_n tensor */
        mk = calloc(2 * nc * mk_len, sizeof(zp_fe2));
    }
    if (!acol || !m || !scr || !comp || !h || !ev1 || !ev2 || !tab_e || !tab_b ||
        (in->zk && (!g0 || !g1 || !mk))) {
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
    zp_fe2 *eqh = tab_e, *wt = tab_e + NV, *qt = tab_e + 2 * NV;
    zp_logup_inv_shift(wt, in->table, T, beta, scr); /* W' (zeros beyond T) */

    /* phase 2: h_c and the sumcheck mask */
    for (size_t c = 0; c < nc; c++)
        for (int k = 0; k < 2; k++) {
            const zp_fe2 *hc = h + c * N;
            #pragma omp parallel for schedule(static) if (N >= 4096)
            for (size_t i = 0; i < N; i++) comp[i] = k ? hc[i].c1 : hc[i].c0;
            if ((e = zp_layout_put(sh.L[1], ev2, sh.id_h[c][k], comp, N)) != ZP_OK) goto done;
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
    zp_piop_eq_table(eqh, r, in->log_n);
    zp_fe *tb_next = tab_b;
    tabs[T_EQH].ext = eqh;
    tabs[T_W].ext = wt;
    if (T < NV) {
        memcpy(tb_next, m, T * sizeof(zp_fe));
        tabs[T_M].base = tb_next;
        tb_next += NV;
    } else {
        tabs[T_M].base = m;
    }
    const zp_fe *sv[ZP_LU_MAX_SRC]; /* sources, zero-padded to NV */
    for (size_t i = 0; i < ns; i++) sv[i] = in->src[i].vals;
    for (size_t i = 0; i < nst; i++) {
        zp_sc_table *tb = &tabs[T_SRC + i];
        if (padn) {
            memcpy(tb_next, in->src[i].vals, N * sizeof(zp_fe));
            sv[i] = tb_next;
            tb_next += NV;
        }
        tb->base = sv[i];
        if (in->zk) tb->mask_base = src_mask(in, &sh, ev1, i, &tb->mask_len);
    }
    for (size_t c = 0; c < nc; c++) {
        /* Q_c = beta - s_c S (beta beyond N, where S' = 0) */
        zp_fe2 *q = qt + c * NV;
        const zp_fe *S = in->src[in->col_src[c]].vals;
        zp_fe sc_ = in->col_scale[c];
        #pragma omp parallel for schedule(static) if (NV >= 4096)
        for (size_t x = 0; x < NV; x++) {
            q[x].c0 = x < N ? gl_sub(beta.c0, gl_mul(sc_, S[x])) : beta.c0;
            q[x].c1 = beta.c1;
        }
        tabs[t_q(in, c)].ext = q;
        zp_fe2 *hp = h + c * N;
        if (padn) {
            hp = qt + (nc + c) * NV;
            memcpy(hp, h + c * N, N * sizeof(zp_fe2));
        }
        tabs[t_h(in, c)].ext = hp;
    }
    if (in->zk) {
        tabs[T_M].mask_base = zp_layout_mask_ptr(sh.L[0], ev1, sh.id_m, &tabs[T_M].mask_len);
        if (tabs[T_M].mask_base == NULL) { e = ZP_ERR_INTERNAL; goto done; }
        for (size_t c = 0; c < nc; c++) {
            /* mask of Q_c: beta - s_c R_src */
            size_t ls;
            const zp_fe *rs = src_mask(in, &sh, ev1, in->col_src[c], &ls);
            if (rs == NULL || ls > mk_len) { e = ZP_ERR_INTERNAL; goto done; }
            zp_fe2 *dq = mk + 2 * c * mk_len, *dh = dq + mk_len;
            for (size_t j = 0; j < ls; j++) {
                dq[j].c0 = gl_sub(beta.c0, gl_mul(in->col_scale[c], rs[j]));
                dq[j].c1 = beta.c1;
            }
            tabs[t_q(in, c)].mask_ext = dq;
            tabs[t_q(in, c)].mask_len = ls;
            /* mask of h_c: R0 + u R1 */
            size_t l0, l1;
            const zp_fe *r0 = zp_layout_mask_ptr(sh.L[1], ev2, sh.id_h[c][0], &l0);
            const zp_fe *r1 = zp_layout_mask_ptr(sh.L[1], ev2, sh.id_h[c][1], &l1);
            if (r0 == NULL || r1 == NULL || l0 != l1 || l0 > mk_len) { e = ZP_ERR_INTERNAL; goto done; }
            for (size_t j = 0; j < l0; j++) { dh[j].c0 = r0[j]; dh[j].c1 = r1[j]; }
            tabs[t_h(in, c)].mask_ext = dh;
            tabs[t_h(in, c)].mask_len = l0;
        }
    }
    zp_sc_term terms[LU_MAX_TERMS];
    zp_fe2 claim;
    size_t n_terms = build_terms(terms, &claim, in, lambda);
    zp_sc_instance inst = {nv, n_tables(in), tabs, n_terms, terms};
    zp_piop_sc_info sc;
    zp_fe2 evs[LU_MAX_TABLES];
    e = zp_piop_sc_prove(tr, proof, &sc, evs, &inst, claim, g0, g1);
    if (e != ZP_OK) goto done;

    /* tensor claims: values at (r_b', s_low) */
    zp_fe2 vals[LU_MAX_VALS];
    {
        zp_fe2 zero = gl2_from_fe(0), r_b = sc.zk ? sc.res.r_b : zero, one = gl2_from_fe(1);
        zp_piop_claim cn, ct;
        memset(&cn, 0, sizeof cn);
        memset(&ct, 0, sizeof ct);
        if (zp_piop_unpad(&cn, one, r_b, zp_piop_pad_factor(sc.point, in->log_n, nv)) != ZP_OK ||
            zp_piop_unpad(&ct, one, r_b, zp_piop_pad_factor(sc.point, lt_m(in), nv)) != ZP_OK) {
            e = ZP_ERR_INTERNAL;
            goto done;
        }
        size_t k = 0;
        for (size_t i = 0; i < ns; i++) {
            if (in->decomp) {
                vals[k++] = gl2_mul(evs[T_SRC + i], cn.value);
            } else {
                /* S^ = (beta - Q^_c) / s_c */
                int c = col_of_src(in, i);
                zp_fe2 d = gl2_sub(beta, evs[t_q(in, (size_t)c)]);
                zp_fe is = zp_fe_inv(in->col_scale[c]);
                vals[k++] = gl2_mul(gl2_mul_fe(d, is), cn.value);
            }
        }
        zp_fe2 uinv = {0, zp_fe_inv(7)}; /* 1/u = u/7 */
        for (size_t c = 0; c < nc; c++) {
            const zp_fe2 *src = h + c * N;
            zp_fe2 full = gl2_mul(evs[t_h(in, c)], cn.value);
            #pragma omp parallel for schedule(static) if (N >= 4096)
            for (size_t i = 0; i < N; i++) comp[i] = src[i].c0;
            size_t ml = 0;
            const zp_fe *msk = NULL;
            if (in->zk) msk = zp_layout_mask_ptr(sh.L[1], ev2, sh.id_h[c][0], &ml);
            zp_fe2 y0 = masked_eval(comp, msk, ml, in->log_n, sc.point, cn.r_b, in->zk);
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
    if (h) zp_memzero(h, nc * N * sizeof(zp_fe2));
    if (m) zp_memzero(m, T * sizeof(zp_fe));
    free(acol); free(m); free(scr); free(comp); free(h); free(ev1); free(ev2);
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
    zp_fe2 beta, r[ZP_SC_MAX_VARS], lambda, vals[LU_MAX_VALS], evs[LU_MAX_TABLES], claim;
    zp_sc_term terms[LU_MAX_TERMS];
    zp_piop_sc_info sc;
    absorb_statement(tr, in);
    e = zp_fs_recv_digest(tr, proof, "logup/root-m", &root1, 1);
    if (e != ZP_OK) goto done;
    beta = zp_transcript_challenge_fe2(tr, "logup/beta");
    if (beta.c1 == 0) { e = ZP_ERR_VERIFY; goto done; }
    if ((e = zp_fs_recv_digest(tr, proof, "logup/root-h", &root2, 1)) != ZP_OK) goto done;
    draw_challenges(tr, r, sh.nv, &lambda);
    size_t n_terms = build_terms(terms, &claim, in, lambda);
    e = zp_piop_sc_verify(tr, proof, &sc, sh.nv, LU_DEGREE, claim, in->zk);
    if (e != ZP_OK) goto done;
    if ((e = zp_fs_recv_fe2(tr, proof, "logup/evals", vals, n_vals(in))) != ZP_OK) goto done;
    if ((e = fill_evals(evs, in, &sc, r, beta, vals)) != ZP_OK) goto done;
    if ((e = zp_piop_sc_check(&sc, terms, n_terms, evs, n_tables(in))) != ZP_OK) goto done;
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
