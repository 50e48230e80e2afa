/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Proof-composition layer: the two-pass circuit builder (one layout
 * commitment, ZK sub-protocols, one merged PCS opening; docs/spec/infer.md). */
#include <stdlib.h>
#include <string.h>

#include "field/gl.h"
#include "piop/matmul_internal.h"
#include "zkp_internal.h"

/* Code soundness of the layout commitment (the same level as the lookups'
 * internal commitments, docs/spec/logup.md). */
#define ZKP_PCS_SECURITY 100
#define ZKP_MIN_LOG_COLS 8

typedef struct {
    unsigned log_size;
    int pub;
    const zp_fe *vals;
    size_t lid; /* layout id (witness) */
} zkp_tensor;

typedef struct {
    unsigned nv, deg;
    size_t width, lid;
    zp_fe *g0, *g1;
} zkp_gmask;

typedef struct {
    int is_g;
    size_t idx; /* tensor index, or g-mask index */
    unsigned n_vars;
    zp_fe2 point[ZP_SC_MAX_VARS];
    zp_fe2 r_b, value;
} zkp_claim;

struct zp_zkp {
    int prover, pass;
    zp_err err;
    zp_transcript *tr;
    zp_bytes *proof;
    zp_reader *in;
    zp_rng rng;
    zkp_tensor *t;
    size_t n_t, cap_t, cur_t;
    zkp_gmask *g;
    size_t n_g, cap_g, cur_g;
    size_t plan_claims;
    zkp_claim *c;
    size_t n_c, cap_c;
    zp_layout *L;
    unsigned n_vars, log_cols;
    zp_fe *evals;
    size_t n_evals;
    zp_pcs_params pp;
    zp_digest root;
    zp_pcs_prover *pcs;
    int unchecked; /* tests: skip the prover's self-check of the claims */
};

void zp_zkp_set_unchecked(zp_zkp *z) { z->unchecked = 1; }

static int grow(void **p, size_t *cap, size_t n, size_t elt) {
    if (n < *cap) return 1;
    size_t nc = *cap ? 2 * *cap : 16;
    void *q = realloc(*p, nc * elt);
    if (!q) return 0;
    *p = q;
    *cap = nc;
    return 1;
}

static zp_err fail(zp_zkp *z, zp_err e) {
    if (z->err == ZP_OK) z->err = e;
    return z->err;
}

zp_err zp_zkp_create(zp_zkp **out, zp_transcript *tr, zp_bytes *proof, zp_reader *in,
                     const zp_rng *rng) {
    if (!out) return ZP_ERR_ARG;
    *out = NULL;
    if (!tr || (proof == NULL) == (in == NULL) || (proof && !rng)) return ZP_ERR_ARG;
    zp_zkp *z = calloc(1, sizeof *z);
    if (!z) return ZP_ERR_NOMEM;
    z->prover = proof != NULL;
    z->tr = tr;
    z->proof = proof;
    z->in = in;
    if (rng) z->rng = *rng;
    *out = z;
    return ZP_OK;
}

void zp_zkp_free(zp_zkp *z) {
    if (!z) return;
    for (size_t i = 0; i < z->n_g; i++) {
        if (z->g[i].g0) zp_memzero(z->g[i].g0, z->g[i].width * sizeof(zp_fe));
        if (z->g[i].g1) zp_memzero(z->g[i].g1, z->g[i].width * sizeof(zp_fe));
        free(z->g[i].g0);
        free(z->g[i].g1);
    }
    if (z->evals) zp_memzero(z->evals, z->n_evals * sizeof(zp_fe));
    free(z->evals);
    zp_pcs_prover_free(z->pcs);
    zp_layout_free(z->L);
    free(z->t);
    free(z->g);
    free(z->c);
    zp_memzero(&z->rng, sizeof z->rng);
    free(z);
}

int zp_zkp_planning(const zp_zkp *z) { return z->pass == 0; }
int zp_zkp_is_prover(const zp_zkp *z) { return z->prover; }

static zp_err declare(zp_zkp *z, size_t *id, unsigned log_size, const zp_fe *vals, int pub) {
    if (z->err != ZP_OK) return z->err;
    if (!id || log_size < 1 || log_size > ZP_PCS_MAX_VARS) return fail(z, ZP_ERR_ARG);
    if ((pub || z->prover) && !vals) return fail(z, ZP_ERR_ARG);
    if (z->pass == 0) {
        if (!grow((void **)&z->t, &z->cap_t, z->n_t, sizeof *z->t)) return fail(z, ZP_ERR_NOMEM);
        z->t[z->n_t] = (zkp_tensor){log_size, pub, vals, 0};
        *id = z->n_t++;
        return ZP_OK;
    }
    if (z->cur_t >= z->n_t || z->t[z->cur_t].log_size != log_size || z->t[z->cur_t].pub != pub)
        return fail(z, ZP_ERR_INTERNAL); /* the two passes differ */
    z->t[z->cur_t].vals = vals;
    *id = z->cur_t++;
    return ZP_OK;
}

zp_err zp_zkp_witness(zp_zkp *z, size_t *id, unsigned log_size, const zp_fe *vals) {
    return declare(z, id, log_size, vals, 0);
}
zp_err zp_zkp_public(zp_zkp *z, size_t *id, unsigned log_size, const zp_fe *vals) {
    return declare(z, id, log_size, vals, 1);
}

zp_fe2 zp_zkp_challenge(zp_zkp *z, const char *label) {
    zp_fe2 zero = {0, 0};
    if (z->pass == 0 || z->err != ZP_OK) return zero;
    return zp_transcript_challenge_fe2(z->tr, label);
}

/* Plan: reserve the g mask of one ZK sumcheck; run: take the next one. */
static zp_err take_g(zp_zkp *z, size_t *gi, unsigned nv, unsigned deg) {
    if (z->pass == 0) {
        if (!grow((void **)&z->g, &z->cap_g, z->n_g, sizeof *z->g)) return fail(z, ZP_ERR_NOMEM);
        memset(&z->g[z->n_g], 0, sizeof *z->g);
        z->g[z->n_g].nv = nv;
        z->g[z->n_g].deg = deg;
        z->g[z->n_g].width = zp_sc_zk_mask_width(nv, deg);
        *gi = z->n_g++;
        z->plan_claims++;
        return ZP_OK;
    }
    if (z->cur_g >= z->n_g || z->g[z->cur_g].nv != nv || z->g[z->cur_g].deg != deg)
        return fail(z, ZP_ERR_INTERNAL);
    *gi = z->cur_g++;
    return ZP_OK;
}

static zp_err add_claim(zp_zkp *z, int is_g, size_t idx, const zp_fe2 *point, unsigned n,
                        zp_fe2 r_b, zp_fe2 value) {
    if (!grow((void **)&z->c, &z->cap_c, z->n_c, sizeof *z->c)) return fail(z, ZP_ERR_NOMEM);
    zkp_claim *c = &z->c[z->n_c++];
    memset(c, 0, sizeof *c);
    c->is_g = is_g;
    c->idx = idx;
    c->n_vars = n;
    if (n) memcpy(c->point, point, n * sizeof(zp_fe2));
    c->r_b = r_b;
    c->value = value;
    return ZP_OK;
}

/* Multilinear extension of vals[2^n] at z (n may be 0). */
static zp_fe2 mle(const zp_fe *vals, const zp_fe2 *zz, unsigned n) {
    return n ? zp_mle_eval(vals, zz, n) : gl2_from_fe(vals[0]);
}

static unsigned lg(size_t v) {
    unsigned k = 0;
    while (((size_t)1 << k) < v) k++;
    return k;
}

static const zp_fe *mask_of(const zp_zkp *z, size_t ti, size_t *len) {
    return zp_layout_mask_ptr(z->L, z->evals, z->t[ti].lid, len);
}

/* Exchange of the masked values of the witness tables (prover sends,
 * verifier receives), in table order. */
static zp_err xchg(zp_zkp *z, zp_fe2 *v) {
    if (z->prover) {
        zp_fs_send_fe2(z->tr, z->proof, "zkp/eval", v, 1);
        return ZP_OK;
    }
    return zp_fs_recv_fe2(z->tr, z->in, "zkp/eval", v, 1);
}

static zp_fe2 eq_eval(const zp_fe2 *a, const zp_fe2 *b, unsigned n) {
    zp_fe2 acc = gl2_from_fe(1), one = gl2_from_fe(1);
    for (unsigned i = 0; i < n; i++) {
        zp_fe2 t = gl2_add(gl2_mul(a[i], b[i]),
                           gl2_mul(gl2_sub(one, a[i]), gl2_sub(one, b[i])));
        acc = gl2_mul(acc, t);
    }
    return acc;
}

/* ------------------------------------------------------------------ */

zp_err zp_zkp_matmul_affine(zp_zkp *z, size_t a, size_t b, unsigned lm, unsigned ln,
                            unsigned lp, const zp_zkp_tail *tails, size_t n_tails,
                            zp_fe2 c0, const zp_fe *o) {
    if (z->err != ZP_OK) return z->err;
    if (a >= z->n_t || b >= z->n_t || ln < 1 || n_tails > ZP_ZKP_MAX_TAILS ||
        (n_tails && !tails) || z->t[a].pub || z->t[a].log_size != lm + ln ||
        z->t[b].log_size != ln + lp || lm + ln > ZP_SC_MAX_VARS || ln + lp > ZP_SC_MAX_VARS)
        return fail(z, ZP_ERR_ARG);
    for (size_t i = 0; i < n_tails; i++)
        if (tails[i].id >= z->n_t ||
            z->t[tails[i].id].log_size != (tails[i].rows ? lm : lm + lp) ||
            (tails[i].rows && lm == 0))
            return fail(z, ZP_ERR_ARG);
    size_t gi;
    zp_err e = take_g(z, &gi, ln, 2);
    if (e != ZP_OK) return e;
    if (z->pass == 0) {
        z->plan_claims += 1 + !z->t[b].pub;
        for (size_t i = 0; i < n_tails; i++) z->plan_claims += !z->t[tails[i].id].pub;
        return ZP_OK;
    }
    const size_t m = (size_t)1 << lm, n = (size_t)1 << ln, p = (size_t)1 << lp;
    const size_t nt = 3 + n_tails;
    zp_fe2 r[2 * ZP_SC_MAX_VARS];
    zp_transcript_challenge_fe2_vec(z->tr, "zkp/mm/r", r, lp + lm);
    const zp_fe2 *rj = r, *ri = r + lp;
    zp_fe2 of = o ? mle(o, rj, lp) : gl2_from_fe(1);

    zp_sc_table tab[3 + ZP_ZKP_MAX_TAILS];
    zp_sc_term terms[4 + ZP_ZKP_MAX_TAILS];
    memset(tab, 0, sizeof tab);
    memset(terms, 0, sizeof terms);
    size_t n_terms = 0;
    terms[n_terms++] = (zp_sc_term){gl2_from_fe(1), 2, {0, 1}};
    zp_fe2 tail_val[ZP_ZKP_MAX_TAILS], tail_mask[ZP_ZKP_MAX_TAILS];
    zp_fe2 tail_pt[ZP_ZKP_MAX_TAILS][2 * ZP_SC_MAX_VARS];
    unsigned tail_n[ZP_ZKP_MAX_TAILS];
    for (size_t i = 0; i < n_tails; i++) {
        zp_fe2 cf = tails[i].coeff;
        if (tails[i].rows) {
            cf = gl2_mul(cf, of);
            memcpy(tail_pt[i], ri, lm * sizeof(zp_fe2));
            tail_n[i] = lm;
        } else {
            memcpy(tail_pt[i], r, (lp + lm) * sizeof(zp_fe2));
            tail_n[i] = lp + lm;
        }
        terms[n_terms++] = (zp_sc_term){cf, 2, {2, (uint32_t)(3 + i)}};
    }
    terms[n_terms++] = (zp_sc_term){gl2_mul(c0, of), 1, {2}};

    zp_fe2 evals[3 + ZP_ZKP_MAX_TAILS];
    zp_fe2 s[ZP_SC_MAX_VARS];
    zp_sc_zk_result res;
    const zkp_tensor *TA = &z->t[a], *TB = &z->t[b];
    if (z->prover) {
        /* tables */
        zp_fe2 *buf = calloc((size_t)(4 + n_tails) * n + m + p + n, sizeof(zp_fe2));
        if (!buf) return fail(z, ZP_ERR_NOMEM);
        zp_fe2 *Af = buf, *Bf = Af + n, *e0 = Bf + n, *cst = e0 + n;
        zp_fe2 *eqi = cst + n_tails * n, *eqj = eqi + m, *Amf = eqj + p;
        zp_eq_table(eqi, ri, lm);
        zp_eq_table(eqj, rj, lp);
        zp_mm_fold_rows(Af, TA->vals, m, n, eqi);
        zp_mm_fold_cols(Bf, TB->vals, n, p, eqj);
        e0[0] = gl2_from_fe(1);
        tab[0].ext = Af;
        size_t ml;
        const zp_fe *mk = mask_of(z, a, &ml);
        unsigned k = lg(ml);
        zp_fe2 *Bmf = NULL, bm1;
        size_t bmf_len = 0;
        if (k >= ln) {
            zp_fe2 *eqt = malloc(((size_t)1 << (k - ln)) * sizeof(zp_fe2));
            if (!eqt) { free(buf); return fail(z, ZP_ERR_NOMEM); }
            zp_eq_table(eqt, ri, k - ln);
            zp_mm_fold_rows(Amf, mk, (size_t)1 << (k - ln), n, eqt);
            free(eqt);
            tab[0].mask_ext = Amf;
            tab[0].mask_len = n;
        } else {
            tab[0].mask_base = mk;
            tab[0].mask_len = ml;
        }
        tab[1].ext = Bf;
        if (!TB->pub) {
            mk = mask_of(z, b, &ml);
            k = lg(ml);
            if (k >= lp) {
                size_t rows = (size_t)1 << (k - lp);
                bmf_len = rows;
                Bmf = malloc(rows * sizeof(zp_fe2));
                if (!Bmf) { free(buf); return fail(z, ZP_ERR_NOMEM); }
                zp_mm_fold_cols(Bmf, mk, rows, p, eqj);
                tab[1].mask_ext = Bmf;
                tab[1].mask_len = rows;
            } else {
                bm1 = mle(mk, rj, k);
                tab[1].mask_ext = &bm1;
                tab[1].mask_len = 1;
            }
        }
        tab[2].ext = e0;
        for (size_t i = 0; i < n_tails; i++) {
            const zkp_tensor *T = &z->t[tails[i].id];
            tail_val[i] = mle(T->vals, tail_pt[i], tail_n[i]);
            for (size_t x = 0; x < n; x++) cst[i * n + x] = tail_val[i];
            tab[3 + i].ext = cst + i * n;
            if (!T->pub) {
                mk = mask_of(z, tails[i].id, &ml);
                tail_mask[i] = mle(mk, tail_pt[i], lg(ml));
                tab[3 + i].mask_ext = &tail_mask[i];
                tab[3 + i].mask_len = 1;
            }
        }
        zp_sc_instance inst = {ln, nt, tab, n_terms, terms};
        const zkp_gmask *G = &z->g[gi];
        e = zp_sumcheck_zk_prove(z->tr, z->proof, &res, s, evals, &inst, (zp_fe2){0, 0},
                                 G->g0, G->g1, NULL, 0);
        zp_memzero(buf, ((size_t)(4 + n_tails) * n + m + p + n) * sizeof(zp_fe2));
        free(buf);
        if (Bmf) { zp_memzero(Bmf, bmf_len * sizeof(zp_fe2)); free(Bmf); }
        zp_memzero(tail_mask, sizeof tail_mask);
        if (e != ZP_OK) return fail(z, e);
        for (size_t i = 0; i < nt; i++) {
            if (i == 2 || (i == 1 && TB->pub) || (i >= 3 && z->t[tails[i - 3].id].pub)) continue;
            e = xchg(z, &evals[i]);
            if (e != ZP_OK) return fail(z, e);
        }
    } else {
        e = zp_sumcheck_zk_verify(z->tr, z->in, &res, s, ln, 2, (zp_fe2){0, 0});
        if (e != ZP_OK) return fail(z, e);
        zp_fe2 pt[2 * ZP_SC_MAX_VARS];
        for (size_t i = 0; i < nt; i++) {
            if (i == 2) {
                zp_fe2 zero[ZP_SC_MAX_VARS];
                memset(zero, 0, sizeof zero);
                evals[2] = eq_eval(zero, s, ln);
            } else if (i == 1 && TB->pub) {
                memcpy(pt, rj, lp * sizeof(zp_fe2));
                memcpy(pt + lp, s, ln * sizeof(zp_fe2));
                evals[1] = mle(TB->vals, pt, lp + ln);
            } else if (i >= 3 && z->t[tails[i - 3].id].pub) {
                evals[i] = mle(z->t[tails[i - 3].id].vals, tail_pt[i - 3], tail_n[i - 3]);
            } else {
                e = xchg(z, &evals[i]);
                if (e != ZP_OK) return fail(z, e);
            }
        }
        e = zp_sumcheck_zk_check_final(&res, terms, n_terms, evals, nt);
        if (e != ZP_OK) return fail(z, e);
    }
    /* claims */
    zp_fe2 pt[2 * ZP_SC_MAX_VARS];
    memcpy(pt, s, ln * sizeof(zp_fe2));
    memcpy(pt + ln, ri, lm * sizeof(zp_fe2));
    e = add_claim(z, 0, a, pt, ln + lm, res.r_b, evals[0]);
    if (e == ZP_OK && !TB->pub) {
        memcpy(pt, rj, lp * sizeof(zp_fe2));
        memcpy(pt + lp, s, ln * sizeof(zp_fe2));
        e = add_claim(z, 0, b, pt, lp + ln, res.r_b, evals[1]);
    }
    for (size_t i = 0; i < n_tails && e == ZP_OK; i++)
        if (!z->t[tails[i].id].pub)
            e = add_claim(z, 0, tails[i].id, tail_pt[i], tail_n[i], res.r_b, evals[3 + i]);
    if (e == ZP_OK) e = add_claim(z, 1, gi, s, ln, res.r_b, res.g_eval);
    return e == ZP_OK ? ZP_OK : fail(z, e);
}

zp_err zp_zkp_zerocheck(zp_zkp *z, unsigned log_n, const zp_zkp_term *terms, size_t n_terms) {
    if (z->err != ZP_OK) return z->err;
    if (log_n < 1 || log_n > ZP_SC_MAX_VARS || n_terms < 1 || n_terms > ZP_ZKP_MAX_TERMS || !terms)
        return fail(z, ZP_ERR_ARG);
    /* distinct tensors -> tables 1.. */
    size_t tid[2 * ZP_ZKP_MAX_TERMS], nt = 1;
    zp_sc_term st[ZP_ZKP_MAX_TERMS];
    unsigned deg = 1;
    for (size_t i = 0; i < n_terms; i++) {
        if (terms[i].n_f > 2) return fail(z, ZP_ERR_ARG);
        st[i].coeff = terms[i].coeff;
        st[i].n_factors = 1 + terms[i].n_f;
        st[i].factors[0] = 0;
        if (1 + terms[i].n_f > deg) deg = 1 + terms[i].n_f;
        for (unsigned f = 0; f < terms[i].n_f; f++) {
            size_t id = terms[i].f[f];
            if (id >= z->n_t || z->t[id].log_size != log_n) return fail(z, ZP_ERR_ARG);
            size_t j = 1;
            while (j < nt && tid[j] != id) j++;
            if (j == nt) tid[nt++] = id;
            st[i].factors[1 + f] = (uint32_t)j;
        }
    }
    size_t gi;
    zp_err e = take_g(z, &gi, log_n, deg);
    if (e != ZP_OK) return e;
    if (z->pass == 0) {
        for (size_t j = 1; j < nt; j++) z->plan_claims += !z->t[tid[j]].pub;
        return ZP_OK;
    }
    const size_t n = (size_t)1 << log_n;
    zp_fe2 r[ZP_SC_MAX_VARS], s[ZP_SC_MAX_VARS], evals[1 + 2 * ZP_ZKP_MAX_TERMS];
    zp_transcript_challenge_fe2_vec(z->tr, "zkp/zc/r", r, log_n);
    zp_sc_zk_result res;
    if (z->prover) {
        zp_fe2 *eq = malloc(n * sizeof(zp_fe2));
        if (!eq) return fail(z, ZP_ERR_NOMEM);
        zp_eq_table(eq, r, log_n);
        zp_sc_table tab[1 + 2 * ZP_ZKP_MAX_TERMS];
        memset(tab, 0, sizeof tab);
        tab[0].ext = eq;
        for (size_t j = 1; j < nt; j++) {
            tab[j].base = z->t[tid[j]].vals;
            if (!z->t[tid[j]].pub) tab[j].mask_base = mask_of(z, tid[j], &tab[j].mask_len);
        }
        zp_sc_instance inst = {log_n, nt, tab, n_terms, st};
        e = zp_sumcheck_zk_prove(z->tr, z->proof, &res, s, evals, &inst, (zp_fe2){0, 0},
                                 z->g[gi].g0, z->g[gi].g1, NULL, 0);
        free(eq);
        if (e != ZP_OK) return fail(z, e);
        for (size_t j = 1; j < nt; j++)
            if (!z->t[tid[j]].pub) (void)xchg(z, &evals[j]);
    } else {
        e = zp_sumcheck_zk_verify(z->tr, z->in, &res, s, log_n, deg, (zp_fe2){0, 0});
        if (e != ZP_OK) return fail(z, e);
        evals[0] = eq_eval(r, s, log_n);
        for (size_t j = 1; j < nt; j++) {
            if (z->t[tid[j]].pub) evals[j] = mle(z->t[tid[j]].vals, s, log_n);
            else if ((e = xchg(z, &evals[j])) != ZP_OK) return fail(z, e);
        }
        e = zp_sumcheck_zk_check_final(&res, st, n_terms, evals, nt);
        if (e != ZP_OK) return fail(z, e);
    }
    for (size_t j = 1; j < nt && e == ZP_OK; j++)
        if (!z->t[tid[j]].pub) e = add_claim(z, 0, tid[j], s, log_n, res.r_b, evals[j]);
    if (e == ZP_OK) e = add_claim(z, 1, gi, s, log_n, res.r_b, res.g_eval);
    return e == ZP_OK ? ZP_OK : fail(z, e);
}

zp_err zp_zkp_range(zp_zkp *z, size_t id, int64_t offset, unsigned k_bits) {
    if (z->err != ZP_OK) return z->err;
    if (id >= z->n_t || k_bits < 1 || k_bits > ZP_RANGE_MAX_BITS) return fail(z, ZP_ERR_ARG);
    const zkp_tensor *T = &z->t[id];
    if (z->pass == 0) {
        z->plan_claims += !T->pub;
        return ZP_OK;
    }
    const size_t n = (size_t)1 << T->log_size;
    const zp_fe off = zp_fe_from_i64(offset);
    if (T->pub) {
        /* checked directly, by both sides */
        for (size_t x = 0; x < n; x++) {
            zp_fe v = T->vals[x];
            int64_t sv = v > GL_P / 2 ? -(int64_t)(GL_P - v) : (int64_t)v;
            __int128 w = (__int128)sv + offset;
            if (w < 0 || w >= ((__int128)1 << k_bits))
                return fail(z, z->prover ? ZP_ERR_ARG : ZP_ERR_VERIFY);
        }
        return ZP_OK;
    }
    zp_piop_claim cl;
    zp_err e;
    if (z->prover) {
        zp_fe *v = NULL;
        zp_piop_tensor pt;
        pt.vals = T->vals;
        pt.mask = mask_of(z, id, &pt.mask_len);
        if (off != 0) {
            v = malloc(n * sizeof(zp_fe));
            if (!v) return fail(z, ZP_ERR_NOMEM);
            for (size_t x = 0; x < n; x++) v[x] = gl_add(T->vals[x], off);
            pt.vals = v;
        }
        zp_rng child;
        zp_rng_derive(&child, &z->rng, "zkprov-v1/zkp/range");
        e = zp_range_prove(z->tr, z->proof, &cl, &pt, T->log_size, k_bits, 1, &child);
        zp_memzero(&child, sizeof child);
        if (v) { zp_memzero(v, n * sizeof(zp_fe)); free(v); }
    } else {
        e = zp_range_verify(z->tr, z->in, &cl, T->log_size, k_bits, 1);
    }
    if (e != ZP_OK) return fail(z, e);
    /* masked (T + off) = masked T + (1 - r_b) off */
    zp_fe2 adj = gl2_mul_fe(gl2_sub(gl2_from_fe(1), cl.r_b), off);
    e = add_claim(z, 0, id, cl.point, cl.n_vars, cl.r_b, gl2_sub(cl.value, adj));
    return e == ZP_OK ? ZP_OK : fail(z, e);
}

/* ------------------------------------------------------------------ */

/* Row/column split: minimise the approximate opening size
 * 16 (C + t)(claims + 2) + 8 t R  (docs/spec/pcs.md, proof length). */
static unsigned choose_log_cols(unsigned total_log, size_t claims, unsigned min_c) {
    unsigned best = min_c;
    double best_cost = -1;
    for (unsigned c = min_c; c <= total_log || c == min_c; c++) {
        double C = (double)((uint64_t)1 << c);
        double R = total_log > c ? (double)((uint64_t)1 << (total_log - c)) : 1.0;
        R += 2.0 * (double)claims + 4;
        double cost = 16.0 * (C + 150) * (double)(claims + 2) + 8.0 * 150 * R;
        if (best_cost < 0 || cost < best_cost) { best_cost = cost; best = c; }
        if (c >= ZP_PCS_MAX_VARS) break;
    }
    return best;
}

zp_err zp_zkp_commit(zp_zkp *z) {
    if (z->err != ZP_OK) return z->err;
    if (z->pass != 0) return fail(z, ZP_ERR_ARG);
    /* sizes */
    unsigned min_c = ZKP_MIN_LOG_COLS;
    uint64_t total = 0;
    for (size_t i = 0; i < z->n_g; i++) {
        unsigned lw = lg(z->g[i].width);
        if (lw + 1 > min_c) min_c = lw + 1;
        total += 2 * z->g[i].width;
    }
    for (size_t i = 0; i < z->n_t; i++)
        if (!z->t[i].pub) total += (uint64_t)2 << z->t[i].log_size;
    if (total == 0) total = 1;
    unsigned tl = lg(total);
    z->log_cols = choose_log_cols(tl, z->plan_claims, min_c);
    zp_err e = zp_layout_create(&z->L, z->log_cols);
    for (size_t i = 0; i < z->n_t && e == ZP_OK; i++)
        if (!z->t[i].pub) e = zp_layout_add(z->L, &z->t[i].lid, z->t[i].log_size, 1);
    for (size_t i = 0; i < z->n_g && e == ZP_OK; i++)
        e = zp_layout_add(z->L, &z->g[i].lid, lg(z->g[i].width), 1);
    if (e == ZP_OK) e = zp_layout_finalize(z->L, &z->n_vars);
    if (e == ZP_OK) e = zp_layout_pcs_params(z->L, &z->pp, 1, ZKP_PCS_SECURITY);
    if (e != ZP_OK) return fail(z, e);
    size_t mc = z->plan_claims < 1 ? 1 : z->plan_claims;
    z->pp.max_claims = (unsigned)(mc > ZP_PCS_MAX_CLAIMS ? ZP_PCS_MAX_CLAIMS : mc);
    if (zp_pcs_params_check(&z->pp) != ZP_OK) return fail(z, ZP_ERR_UNSUPPORTED);
    if (z->prover) {
        z->n_evals = (size_t)1 << z->n_vars;
        z->evals = calloc(z->n_evals, sizeof(zp_fe));
        if (!z->evals) return fail(z, ZP_ERR_NOMEM);
        for (size_t i = 0; i < z->n_t && e == ZP_OK; i++)
            if (!z->t[i].pub)
                e = zp_layout_put(z->L, z->evals, z->t[i].lid, z->t[i].vals,
                                  (size_t)1 << z->t[i].log_size);
        zp_rng rm, rg, rp;
        zp_rng_derive(&rm, &z->rng, "zkprov-v1/zkp/masks");
        zp_rng_derive(&rg, &z->rng, "zkprov-v1/zkp/g");
        zp_rng_derive(&rp, &z->rng, "zkprov-v1/zkp/pcs");
        if (e == ZP_OK) e = zp_layout_fill_masks(z->L, z->evals, &rm);
        for (size_t i = 0; i < z->n_g && e == ZP_OK; i++) {
            zkp_gmask *G = &z->g[i];
            G->g0 = malloc(G->width * sizeof(zp_fe));
            G->g1 = malloc(G->width * sizeof(zp_fe));
            if (!G->g0 || !G->g1) { e = ZP_ERR_NOMEM; break; }
            zp_sc_zk_mask_sample(G->g0, G->g1, G->nv, G->deg, &rg);
            uint64_t off, moff;
            unsigned ls, mls;
            e = zp_layout_tensor_info(z->L, G->lid, &off, &ls, &moff, &mls);
            if (e == ZP_OK && (ls != mls || ((off ^ moff) & (((uint64_t)1 << z->log_cols) - 1))))
                e = ZP_ERR_INTERNAL;
            if (e == ZP_OK) {
                memcpy(z->evals + off, G->g0, G->width * sizeof(zp_fe));
                memcpy(z->evals + moff, G->g1, G->width * sizeof(zp_fe));
            }
        }
        if (e == ZP_OK) e = zp_pcs_commit(&z->pcs, &z->root, &z->pp, z->evals, &rp);
        zp_memzero(&rm, sizeof rm);
        zp_memzero(&rg, sizeof rg);
        zp_memzero(&rp, sizeof rp);
        if (e != ZP_OK) return fail(z, e);
        zp_fs_send_digest(z->tr, z->proof, "zkp/root", &z->root, 1);
    } else {
        e = zp_fs_recv_digest(z->tr, z->in, "zkp/root", &z->root, 1);
        if (e != ZP_OK) return fail(z, e);
    }
    z->pass = 1;
    return ZP_OK;
}

zp_err zp_zkp_finish(zp_zkp *z) {
    if (z->err != ZP_OK) return z->err;
    if (z->pass != 1 || z->cur_t != z->n_t || z->cur_g != z->n_g) return fail(z, ZP_ERR_INTERNAL);
    const unsigned lc = z->log_cols, lr = z->n_vars - lc;
    const size_t R = (size_t)1 << lr, C = (size_t)1 << lc;
    zp_claims *cs = NULL;
    zp_fe2 *a = calloc(R, sizeof(zp_fe2)), *b = calloc(C, sizeof(zp_fe2));
    zp_fe2 *bg = NULL;
    zp_err e = (a && b) ? zp_claims_create(&cs, lr, lc) : ZP_ERR_NOMEM;
    for (size_t i = 0; i < z->n_c && e == ZP_OK; i++) {
        const zkp_claim *c = &z->c[i];
        if (!c->is_g) {
            e = zp_layout_functional(z->L, a, b, z->t[c->idx].lid, c->point, 1, c->r_b);
        } else {
            const zkp_gmask *G = &z->g[c->idx];
            uint64_t off, moff;
            unsigned ls, mls;
            e = zp_layout_tensor_info(z->L, G->lid, &off, &ls, &moff, &mls);
            if (e != ZP_OK) break;
            free(bg);
            bg = malloc(G->width * sizeof(zp_fe2));
            if (!bg) { e = ZP_ERR_NOMEM; break; }
            zp_sc_zk_mask_functional(bg, G->nv, G->deg, c->r_b, c->point);
            memset(a, 0, R * sizeof(zp_fe2));
            memset(b, 0, C * sizeof(zp_fe2));
            a[off >> lc] = gl2_from_fe(1);
            a[moff >> lc] = (zp_fe2){0, 1};
            memcpy(b + (off & (C - 1)), bg, G->width * sizeof(zp_fe2));
        }
        if (e == ZP_OK) e = zp_claims_add(cs, a, b, c->value);
    }
    free(a);
    free(b);
    free(bg);
    size_t n_out = 0;
    const zp_fe2 *const *A = NULL, *const *B = NULL;
    const zp_fe2 *Y = NULL;
    if (e == ZP_OK) e = zp_claims_finish(cs, z->tr, &n_out, &A, &B, &Y);
    if (e == ZP_OK && n_out > z->pp.max_claims) e = ZP_ERR_UNSUPPORTED;
    if (e == ZP_OK) {
        if (z->prover) {
            zp_fe2 *y = malloc(n_out * sizeof(zp_fe2));
            if (!y) e = ZP_ERR_NOMEM;
            if (e == ZP_OK) e = zp_pcs_open(z->pcs, z->tr, z->proof, n_out, A, B, y);
            for (size_t i = 0; i < n_out && e == ZP_OK && !z->unchecked; i++)
                if (!gl2_eq(y[i], Y[i])) e = ZP_ERR_INTERNAL; /* a sub-protocol bug */
            free(y);
        } else {
            e = zp_pcs_verify(&z->pp, &z->root, z->tr, z->in, n_out, A, B, Y);
        }
    }
    zp_claims_free(cs);
    if (z->prover && z->evals) {
        zp_memzero(z->evals, z->n_evals * sizeof(zp_fe));
        free(z->evals);
        z->evals = NULL;
    }
    z->pass = 2;
    return e == ZP_OK ? ZP_OK : fail(z, e);
}
