/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Gather sub-protocol of the builder: Q = S D for a public selection S
 * (docs/spec/train-step.md section 7). */
#include <stdlib.h>
#include <string.h>

#include "field/gl.h"
#include "zkp_internal.h"

/* eq(s, k) for the integer k (bits of k, variable 0 low). */
static zp_fe2 eq_int(const zp_fe2 *s, unsigned n, uint64_t k) {
    const zp_fe2 one = gl2_from_fe(1);
    zp_fe2 acc = one;
    for (unsigned i = 0; i < n; i++)
        acc = gl2_mul(acc, (k >> i) & 1 ? s[i] : gl2_sub(one, s[i]));
    return acc;
}

static unsigned lg2(size_t v) {
    unsigned k = 0;
    while (((size_t)1 << k) < v) k++;
    return k;
}

/* Multilinear extension of vals[2^n] at pt (n may be 0). */
static zp_fe2 mle0(const zp_fe *vals, const zp_fe2 *pt, unsigned n) {
    return n ? zp_mle_eval(vals, pt, n) : gl2_from_fe(vals[0]);
}

enum { GT_W, GT_D, GT_E0, GT_Q, GT_N };

/* Prover tables: w (sparse sum of eq(r_row, q) at the selected records),
 * Dc(k) = D~(k, r_col) over every row k (one pass over D per run), its
 * mask fold, and Q's masked tail value.  Fills tab[GT_N] and the claim
 * value check; the buffers are owned by the caller through *buf, *rc. */
static zp_err gather_tables(zp_zkp *z, zp_sc_table *tab, zp_fe2 **buf, zp_fe2 **rc,
                            zp_fe2 *qv, zp_fe2 *qm, size_t q, size_t d, unsigned lq_rows,
                            unsigned ld_rows, unsigned lw, const uint32_t *sel, size_t n_sel,
                            const zp_fe2 *eqr, const zp_fe2 *r) {
    const size_t N = (size_t)1 << ld_rows, W = (size_t)1 << lw;
    const zp_fe *D = zp_zkp_values(z, d), *Q = zp_zkp_values(z, q);
    const zp_fe *dm, *qmk;
    size_t dml, qml;
    zp_err e = zp_zkp_mask(z, d, &dm, &dml);
    if (e == ZP_OK) e = zp_zkp_mask(z, q, &qmk, &qml);
    if (e != ZP_OK || !D || !Q) return ZP_ERR_INTERNAL;
    *buf = calloc(3 * N + W, sizeof(zp_fe2));
    const size_t P = dml > W ? dml / W : 1;
    *rc = calloc(P, sizeof(zp_fe2));
    if (!*buf || !*rc) return ZP_ERR_NOMEM;
    zp_fe2 *w = *buf, *dc = w + N, *e0 = dc + N, *ec = e0 + N;
    zp_eq_table(ec, r, lw);
    for (size_t i = 0; i < n_sel; i++)
        if (sel[i] != ZP_GATHER_NONE) w[sel[i]] = gl2_add(w[sel[i]], eqr[i]);
    const long long NN = (long long)N;
#pragma omp parallel for schedule(static) if (NN * (long long)W >= 65536)
    for (long long k = 0; k < NN; k++) {
        const zp_fe *row = D + (size_t)k * W;
        zp_fe2 acc = {0, 0};
        for (size_t c = 0; c < W; c++) acc = gl2_add(acc, gl2_mul_fe(ec[c], row[c]));
        dc[k] = acc;
    }
    /* D's mask R (dml values, periodic over D's index k W + c): its fold
     * at r_col is periodic in k with period P = dml / W, or the constant
     * R~(r_col) when dml <= W */
    if (dml > W) {
        for (size_t k = 0; k < P; k++) {
            zp_fe2 acc = {0, 0};
            for (size_t c = 0; c < W; c++) acc = gl2_add(acc, gl2_mul_fe(ec[c], dm[k * W + c]));
            (*rc)[k] = acc;
        }
    } else {
        (*rc)[0] = mle0(dm, r, lg2(dml));
    }
    e0[0] = gl2_from_fe(1);
    *qv = mle0(Q, r, lw + lq_rows);
    *qm = mle0(qmk, r, lg2(qml));
    memset(tab, 0, GT_N * sizeof *tab);
    tab[GT_W].ext = w;
    tab[GT_D].ext = dc;
    tab[GT_D].mask_ext = *rc;
    tab[GT_D].mask_len = P;
    tab[GT_E0].ext = e0;
    tab[GT_Q].ext = ec; /* replaced below by the constant table */
    return ZP_OK;
}

zp_err zp_zkp_gather(zp_zkp *z, size_t q, size_t d, unsigned lq_rows, unsigned ld_rows,
                     unsigned lw, const uint32_t *sel, size_t n_sel) {
    if (lw < 1 || ld_rows < 1 || lw + lq_rows > ZP_SC_MAX_VARS || ld_rows > ZP_SC_MAX_VARS ||
        lw + ld_rows > ZP_PCS_MAX_VARS || n_sel > ((size_t)1 << lq_rows) || (n_sel && !sel))
        return zp_zkp_fail(z, ZP_ERR_ARG);
    for (size_t i = 0; i < n_sel; i++)
        if (sel[i] != ZP_GATHER_NONE && sel[i] >= ((uint64_t)1 << ld_rows))
            return zp_zkp_fail(z, ZP_ERR_ARG);
    size_t gi;
    zp_err e = zp_zkp_take_g(z, &gi, ld_rows, 2);
    if (e != ZP_OK) return e;
    if (zp_zkp_planning(z)) {
        zp_zkp_plan_eval(z, q);
        zp_zkp_plan_eval(z, d);
        return ZP_OK;
    }
    zp_transcript *tr = zp_zkp_transcript(z);
    const unsigned lq = lw + lq_rows;
    const size_t NQ = (size_t)1 << lq_rows;
    zp_fe2 r[ZP_SC_MAX_VARS], s[ZP_SC_MAX_VARS], pd[ZP_PCS_MAX_VARS], ev[GT_N];
    zp_transcript_challenge_fe2_vec(tr, "zkp/gather/r", r, lq);
    zp_fe2 *eqr = malloc(NQ * sizeof(zp_fe2));
    if (!eqr) return zp_zkp_fail(z, ZP_ERR_NOMEM);
    if (lq_rows) zp_eq_table(eqr, r + lw, lq_rows);
    else eqr[0] = gl2_from_fe(1);
    const zp_fe2 one = gl2_from_fe(1);
    const zp_sc_term terms[2] = {{one, 2, {GT_W, GT_D}}, {gl2_neg(one), 2, {GT_E0, GT_Q}}};
    zp_sc_zk_result res;
    memset(&res, 0, sizeof res);
    if (zp_zkp_is_prover(z)) {
        zp_sc_table tab[GT_N];
        zp_fe2 *buf = NULL, *rc = NULL, *cst = NULL, qv, qm;
        e = gather_tables(z, tab, &buf, &rc, &qv, &qm, q, d, lq_rows, ld_rows, lw, sel, n_sel,
                          eqr, r);
        const size_t N = (size_t)1 << ld_rows;
        if (e == ZP_OK && !(cst = malloc(N * sizeof(zp_fe2)))) e = ZP_ERR_NOMEM;
        if (e == ZP_OK) {
            for (size_t k = 0; k < N; k++) cst[k] = qv;
            tab[GT_Q].ext = cst;
            tab[GT_Q].mask_ext = &qm;
            tab[GT_Q].mask_len = 1;
            /* honest prover: refuse records that are not the selected rows */
            zp_fe2 acc = {0, 0};
            for (size_t k = 0; k < N; k++)
                if (!gl2_is_zero(tab[GT_W].ext[k]))
                    acc = gl2_add(acc, gl2_mul(tab[GT_W].ext[k], tab[GT_D].ext[k]));
            if (!gl2_eq(acc, qv) && !zp_zkp_unchecked(z)) e = ZP_ERR_ARG;
        }
        if (e == ZP_OK) {
            const zp_fe *g0, *g1;
            zp_zkp_g_rows(z, gi, &g0, &g1);
            zp_sc_instance inst = {ld_rows, GT_N, tab, 2, terms};
            e = zp_sumcheck_zk_prove(tr, zp_zkp_proof(z), &res, s, ev, &inst, (zp_fe2){0, 0}, g0,
                                     g1, NULL, 0);
        }
        if (buf) zp_memzero(buf, (3 * N + ((size_t)1 << lw)) * sizeof(zp_fe2));
        free(buf);
        free(rc);
        if (cst) zp_memzero(cst, N * sizeof(zp_fe2));
        free(cst);
        zp_memzero(&qv, sizeof qv);
        zp_memzero(&qm, sizeof qm);
        if (e == ZP_OK) e = zp_zkp_send_eval(z, &ev[GT_D]);
        if (e == ZP_OK) e = zp_zkp_send_eval(z, &ev[GT_Q]);
    } else {
        e = zp_sumcheck_zk_verify(tr, zp_zkp_reader(z), &res, s, ld_rows, 2, (zp_fe2){0, 0});
        if (e == ZP_OK) e = zp_zkp_send_eval(z, &ev[GT_D]);
        if (e == ZP_OK) e = zp_zkp_send_eval(z, &ev[GT_Q]);
        if (e == ZP_OK) {
            /* w~(s): O(n_sel ld_rows), the selection is sparse */
            zp_fe2 ws = {0, 0}, e0 = one;
            for (size_t i = 0; i < n_sel; i++)
                if (sel[i] != ZP_GATHER_NONE)
                    ws = gl2_add(ws, gl2_mul(eqr[i], eq_int(s, ld_rows, sel[i])));
            for (unsigned i = 0; i < ld_rows; i++) e0 = gl2_mul(e0, gl2_sub(one, s[i]));
            ev[GT_W] = ws;
            ev[GT_E0] = e0;
            e = zp_sumcheck_zk_check_final(&res, terms, 2, ev, GT_N);
        }
    }
    free(eqr);
    if (e != ZP_OK) return zp_zkp_fail(z, e);
    /* claims: D at (r_col, s), Q at (r_col, r_row), g at s */
    memcpy(pd, r, lw * sizeof(zp_fe2));
    memcpy(pd + lw, s, ld_rows * sizeof(zp_fe2));
    e = zp_zkp_tensor_claim(z, d, pd, res.r_b, ev[GT_D]);
    if (e == ZP_OK) e = zp_zkp_tensor_claim(z, q, r, res.r_b, ev[GT_Q]);
    if (e == ZP_OK) e = zp_zkp_g_claim(z, gi, s, ld_rows, res.r_b, res.g_eval);
    return e;
}
