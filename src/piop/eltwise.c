/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Element-wise (Hadamard) products by an eq-weighted sumcheck, and the helpers the protocols share. */
#include <stdlib.h>
#include <string.h>

#include "field/gl.h"
#include "piop/matmul_internal.h"
#include "piop/toy_weak.h"

/* ---------------- shared helpers ---------------- */

zp_fe2 zp_piop_eq_eval(const zp_fe2 *a, const zp_fe2 *b, unsigned n) {
    zp_fe2 acc = gl2_from_fe(1), one = gl2_from_fe(1);
    for (unsigned i = 0; i < n; i++) {
        zp_fe2 ab = gl2_mul(a[i], b[i]);
        zp_fe2 t = gl2_mul(gl2_sub(one, a[i]), gl2_sub(one, b[i]));
        acc = gl2_mul(acc, gl2_add(ab, t));
    }
    return acc;
}

void zp_piop_eq_table(zp_fe2 *out, const zp_fe2 *z, unsigned n) {
    if (n == 0) {
        out[0] = gl2_from_fe(1);
        return;
    }
    zp_eq_table(out, z, n);
}

int zp_piop_log2(size_t v) {
    if (v == 0 || (v & (v - 1)) != 0) return -1;
    int k = 0;
    while (((size_t)1 << k) < v) k++;
    return k;
}

zp_fe2 zp_piop_periodic_eval(const zp_fe *mask, size_t len, const zp_fe2 *z) {
    int k = zp_piop_log2(len);
    if (k <= 0) return gl2_from_fe(mask[0]);
    return zp_mle_eval(mask, z, (unsigned)k);
}

zp_fe2 zp_piop_pad_factor(const zp_fe2 *s, unsigned k, unsigned n) {
    zp_fe2 c = gl2_from_fe(1), one = gl2_from_fe(1);
    for (unsigned i = k; i < n; i++) c = gl2_mul(c, gl2_sub(one, s[i]));
    return c;
}

zp_err zp_piop_unpad(zp_piop_claim *cl, zp_fe2 y, zp_fe2 r_b, zp_fe2 c) {
    zp_fe2 one = gl2_from_fe(1);
    zp_fe2 kappa = gl2_add(gl2_mul(gl2_sub(one, r_b), c), r_b);
    if (gl2_is_zero(kappa)) return ZP_ERR_VERIFY;
    zp_fe2 ki = zp_fe2_inv(kappa);
    cl->r_b = gl2_mul(r_b, ki);
    cl->value = gl2_mul(y, ki);
    return ZP_OK;
}

zp_err zp_piop_sc_prove(zp_transcript *tr, zp_bytes *proof, zp_piop_sc_info *sc,
                        zp_fe2 *evals, const zp_sc_instance *inst,
                        zp_fe2 claim, const zp_fe *g0, const zp_fe *g1) {
    memset(sc, 0, sizeof *sc);
    sc->zk = g0 != NULL;
    sc->n_vars = inst->n_vars;
    sc->degree = zp_sc_degree(inst);
    if (sc->zk) {
        if (g1 == NULL) return ZP_ERR_ARG;
        return zp_sumcheck_zk_prove(tr, proof, &sc->res, sc->point, evals, inst,
                                    claim, g0, g1, NULL, 0);
    }
    return zp_sumcheck_prove(tr, proof, sc->point, evals, inst, claim, NULL, 0);
}

zp_err zp_piop_sc_verify(zp_transcript *tr, zp_reader *proof, zp_piop_sc_info *sc,
                         unsigned n_vars, unsigned degree, zp_fe2 claim, int zk) {
    memset(sc, 0, sizeof *sc);
    sc->zk = zk != 0;
    sc->n_vars = n_vars;
    sc->degree = degree;
    if (sc->zk)
        return zp_sumcheck_zk_verify(tr, proof, &sc->res, sc->point, n_vars,
                                     degree, claim);
    return zp_sumcheck_verify(tr, proof, sc->point, &sc->res.final_claim, n_vars,
                              degree, claim);
}

zp_err zp_piop_sc_check(const zp_piop_sc_info *sc, const zp_sc_term *terms,
                        size_t n_terms, const zp_fe2 *evals, size_t n_tables) {
#ifdef ZP_TOY_FIELD
    if (zp_toy_weak_skip_final) return ZP_OK;
#endif
    if (sc->zk) return zp_sumcheck_zk_check_final(&sc->res, terms, n_terms, evals, n_tables);
    zp_fe2 v = zp_sc_terms_eval(terms, n_terms, evals, n_tables);
    return gl2_eq(v, sc->res.final_claim) ? ZP_OK : ZP_ERR_VERIFY;
}

/* ---------------- Hadamard product ----------------
 * claim = C~(r) = sum_x eq(r, x) A(x) B(x) (the multilinear extension of
 * the pointwise product, evaluated at r).  Tables: 0 = eq(r, .) (public),
 * 1 = A, 2 = B (masked in ZK mode).  A tensor of 2^0 values is padded to
 * one variable with a zero, which the claims undo (zp_piop_unpad). */

static const zp_sc_term HAD_TERM = {{1, 0}, 3, {0, 1, 2, 0, 0, 0, 0, 0}};

unsigned zp_hadamard_sc_vars(unsigned log_n) { return log_n ? log_n : 1; }

size_t zp_hadamard_proof_bytes(unsigned log_n, int zk) {
    unsigned nv = zp_hadamard_sc_vars(log_n);
    size_t sc = zk ? zp_sumcheck_zk_proof_bytes(nv, 3) : zp_sumcheck_proof_bytes(nv, 3);
    return sc + 2 * ZP_FE2_BYTES;
}

static zp_err tensor_check(const zp_piop_tensor *t, unsigned log_size, int zk) {
    if (t == NULL || t->vals == NULL) return ZP_ERR_ARG;
    if (zk) {
        int k = zp_piop_log2(t->mask_len);
        /* k >= 1: a one-value base mask leaks (docs/spec/sumcheck.md). */
        if (t->mask == NULL || k < 1 || (unsigned)k > log_size) return ZP_ERR_ARG;
    }
    return ZP_OK;
}

/* Fills the claims on A and B at the sumcheck point (first log_n coords). */
static zp_err had_claims(zp_hadamard_claims *out, const zp_fe2 *ev,
                         unsigned log_n) {
    zp_fe2 c = zp_piop_pad_factor(out->sc.point, log_n, out->sc.n_vars);
    zp_fe2 r_b = out->sc.zk ? out->sc.res.r_b : gl2_from_fe(0);
    out->a.n_vars = out->b.n_vars = log_n;
    memcpy(out->a.point, out->sc.point, log_n * sizeof(zp_fe2));
    memcpy(out->b.point, out->sc.point, log_n * sizeof(zp_fe2));
    zp_err e = zp_piop_unpad(&out->a, ev[1], r_b, c);
    if (e == ZP_OK) e = zp_piop_unpad(&out->b, ev[2], r_b, c);
    return e;
}

zp_err zp_hadamard_prove(zp_transcript *tr, zp_bytes *proof,
                         zp_hadamard_claims *out, const zp_piop_tensor *A,
                         const zp_piop_tensor *B, unsigned log_n,
                         const zp_fe2 *r, zp_fe2 claim, const zp_fe *g0,
                         const zp_fe *g1) {
    if (out == NULL) return ZP_ERR_ARG;
    memset(out, 0, sizeof *out);
    int zk = g0 != NULL;
    if (tr == NULL || proof == NULL || log_n > ZP_SC_MAX_VARS ||
        (log_n > 0 && r == NULL) || tensor_check(A, log_n, zk) != ZP_OK ||
        tensor_check(B, log_n, zk) != ZP_OK || (zk && g1 == NULL))
        return ZP_ERR_ARG;
    unsigned nv = zp_hadamard_sc_vars(log_n);
    size_t N = (size_t)1 << log_n, NV = (size_t)1 << nv;
    zp_fe2 *eq = malloc(NV * sizeof(zp_fe2));
    zp_fe *pad = NULL;
    if (eq == NULL) return ZP_ERR_NOMEM;
    memset(eq, 0, NV * sizeof(zp_fe2));
    zp_piop_eq_table(eq, r, log_n);
    const zp_fe *av = A->vals, *bv = B->vals;
    if (NV != N) { /* log_n = 0: pad both to two entries */
        pad = calloc(4, sizeof(zp_fe));
        if (pad == NULL) { free(eq); return ZP_ERR_NOMEM; }
        pad[0] = A->vals[0];
        pad[2] = B->vals[0];
        av = pad;
        bv = pad + 2;
    }
    zp_sc_table tabs[3];
    memset(tabs, 0, sizeof tabs);
    tabs[0].ext = eq;
    tabs[1].base = av;
    tabs[2].base = bv;
    if (zk) {
        tabs[1].mask_base = A->mask;
        tabs[1].mask_len = A->mask_len;
        tabs[2].mask_base = B->mask;
        tabs[2].mask_len = B->mask_len;
    }
    zp_sc_instance inst = {nv, 3, tabs, 1, &HAD_TERM};
    zp_fe2 ev[3];
    zp_err e = zp_piop_sc_prove(tr, proof, &out->sc, ev, &inst, claim, g0, g1);
    if (e == ZP_OK) {
        zp_fs_send_fe2(tr, proof, "hadamard/evals", ev + 1, 2);
        e = had_claims(out, ev, log_n);
        if (e != ZP_OK) e = ZP_ERR_INTERNAL;
    }
    free(eq);
    free(pad);
    if (e != ZP_OK) memset(out, 0, sizeof *out);
    return e;
}

zp_err zp_hadamard_verify(zp_transcript *tr, zp_reader *proof,
                          zp_hadamard_claims *out, unsigned log_n,
                          const zp_fe2 *r, zp_fe2 claim, int zk) {
    if (out == NULL) return ZP_ERR_ARG;
    memset(out, 0, sizeof *out);
    if (tr == NULL || proof == NULL || log_n > ZP_SC_MAX_VARS ||
        (log_n > 0 && r == NULL) || (zk && log_n == 0)) /* unmaskable */
        return ZP_ERR_ARG;
    unsigned nv = zp_hadamard_sc_vars(log_n);
    zp_fe2 ev[3];
    zp_err e = zp_piop_sc_verify(tr, proof, &out->sc, nv, 3, claim, zk);
    if (e == ZP_OK) e = zp_fs_recv_fe2(tr, proof, "hadamard/evals", ev + 1, 2);
    if (e == ZP_OK) {
        /* eq((r, 0), s): the padding coordinate of log_n = 0 is 0. */
        zp_fe2 rr[ZP_SC_MAX_VARS];
        memset(rr, 0, sizeof rr);
        if (log_n) memcpy(rr, r, log_n * sizeof(zp_fe2));
        ev[0] = zp_piop_eq_eval(rr, out->sc.point, nv);
        e = zp_piop_sc_check(&out->sc, &HAD_TERM, 1, ev, 3);
    }
    if (e == ZP_OK) e = had_claims(out, ev, log_n);
    if (e != ZP_OK) memset(out, 0, sizeof *out);
    return e;
}
