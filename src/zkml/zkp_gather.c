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

enum { GT_W, GT_D, GT_E0, GT_Q };

/* Lazy sum of base products: hi 2^128 + lo, reduced once (2^128 = -2^32
 * mod p); exact, so the result does not depend on the order.  The fold of
 * D at r_col is one pass over the dataset per run: a multiply-add without
 * a reduction per term. */
typedef struct {
    unsigned __int128 lo;
    uint64_t hi;
} lazy_acc;
static inline void lazy_mac(lazy_acc *a, uint64_t x, uint64_t y) {
    const unsigned __int128 p = (unsigned __int128)x * y;
    a->lo += p;
    a->hi += (uint64_t)(a->lo < p);
}
static inline zp_fe lazy_reduce(const lazy_acc *a) {
    return gl_sub(gl_reduce128(a->lo), gl_mul(gl_from_u64(a->hi), (zp_fe)1 << 32));
}

/* Prover tables: w (sparse sum of eq(r_row, q) at the selected records),
 * Dc(k) = D~(k, r_col) over every row k (one pass over D per run) and its
 * mask fold.  The buffers are owned by the caller through *buf, *rc. */
static zp_err gather_tables(zp_zkp *z, zp_sc_table *tab, zp_fe2 **buf, zp_fe2 **rc, size_t d,
                            unsigned ld_rows, unsigned lw, const uint32_t *sel, size_t n_sel,
                            const zp_fe2 *eqr, const zp_fe2 *r) {
    const size_t N = (size_t)1 << ld_rows, W = (size_t)1 << lw;
    const zp_fe *D = zp_zkp_values(z, d);
    const zp_fe *dm;
    size_t dml;
    zp_err e = zp_zkp_mask(z, d, &dm, &dml);
    if (e != ZP_OK || !D) return ZP_ERR_INTERNAL;
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
        lazy_acc a0 = {0, 0}, a1 = {0, 0};
        for (size_t c = 0; c < W; c++) {
            lazy_mac(&a0, ec[c].c0, row[c]);
            lazy_mac(&a1, ec[c].c1, row[c]);
        }
        dc[k] = (zp_fe2){lazy_reduce(&a0), lazy_reduce(&a1)};
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
    tab[GT_W].ext = w;
    tab[GT_D].ext = dc;
    tab[GT_D].mask_ext = *rc;
    tab[GT_D].mask_len = P;
    tab[GT_E0].ext = e0;
    return ZP_OK;
}

/* Row offset of part g (parts stacked in order, each aligned to its size
 * since the sizes do not increase). */
static zp_err part_offsets(uint64_t *off, const unsigned *lr, size_t n_parts, unsigned lq_rows) {
    uint64_t o = 0;
    for (size_t g = 0; g < n_parts; g++) {
        if (lr[g] > lq_rows || (g && lr[g] > lr[g - 1])) return ZP_ERR_ARG;
        off[g] = o;
        o += (uint64_t)1 << lr[g];
    }
    return o <= ((uint64_t)1 << lq_rows) ? ZP_OK : ZP_ERR_ARG;
}

zp_err zp_zkp_gather(zp_zkp *z, size_t q, size_t d, unsigned lq_rows, unsigned ld_rows,
                     unsigned lw, const uint32_t *sel, size_t n_sel) {
    return zp_zkp_gather_parts(z, &q, &lq_rows, 1, d, lq_rows, ld_rows, lw, sel, n_sel);
}

zp_err zp_zkp_gather_parts(zp_zkp *z, const size_t *q, const unsigned *q_rows, size_t n_parts,
                           size_t d, unsigned lq_rows, unsigned ld_rows, unsigned lw,
                           const uint32_t *sel, size_t n_sel) {
    uint64_t poff[ZP_GATHER_MAX_PARTS];
    if (lw < 1 || ld_rows < 1 || lw + lq_rows > ZP_SC_MAX_VARS || ld_rows > ZP_SC_MAX_VARS ||
        lw + ld_rows > ZP_PCS_MAX_VARS || n_parts < 1 || n_parts > ZP_GATHER_MAX_PARTS ||
        !q || !q_rows || part_offsets(poff, q_rows, n_parts, lq_rows) != ZP_OK ||
        n_sel > poff[n_parts - 1] + ((uint64_t)1 << q_rows[n_parts - 1]) || (n_sel && !sel))
        return zp_zkp_fail(z, ZP_ERR_ARG);
    for (size_t i = 0; i < n_sel; i++)
        if (sel[i] != ZP_GATHER_NONE && sel[i] >= ((uint64_t)1 << ld_rows))
            return zp_zkp_fail(z, ZP_ERR_ARG);
    size_t gi;
    zp_err e = zp_zkp_take_g(z, &gi, ld_rows, 2);
    if (e != ZP_OK) return e;
    if (zp_zkp_planning(z)) {
        for (size_t g = 0; g < n_parts; g++) zp_zkp_plan_eval(z, q[g]);
        zp_zkp_plan_eval(z, d);
        return ZP_OK;
    }
    zp_transcript *tr = zp_zkp_transcript(z);
    const unsigned lq = lw + lq_rows;
    const size_t NQ = (size_t)1 << lq_rows, NT = GT_Q + n_parts;
    zp_fe2 r[ZP_SC_MAX_VARS], s[ZP_SC_MAX_VARS], pd[ZP_PCS_MAX_VARS], ev[GT_Q + ZP_GATHER_MAX_PARTS];
    zp_fe2 eqp[ZP_GATHER_MAX_PARTS];
    zp_transcript_challenge_fe2_vec(tr, "zkp/gather/r", r, lq);
    zp_fe2 *eqr = malloc(NQ * sizeof(zp_fe2));
    if (!eqr) return zp_zkp_fail(z, ZP_ERR_NOMEM);
    if (lq_rows) zp_eq_table(eqr, r + lw, lq_rows);
    else eqr[0] = gl2_from_fe(1);
    const zp_fe2 one = gl2_from_fe(1);
    /* Q~(r_row, r_col) = sum_g eq(r_row's high bits, part g's offset)
     * Q_g~(r_col, r_row's low q_rows[g] bits) (zero rows after the parts) */
    zp_sc_term terms[1 + ZP_GATHER_MAX_PARTS];
    terms[0] = (zp_sc_term){one, 2, {GT_W, GT_D}};
    for (size_t g = 0; g < n_parts; g++) {
        eqp[g] = one;
        for (unsigned k = q_rows[g]; k < lq_rows; k++)
            eqp[g] = gl2_mul(eqp[g], (poff[g] >> k) & 1 ? r[lw + k] : gl2_sub(one, r[lw + k]));
        terms[1 + g] = (zp_sc_term){gl2_neg(eqp[g]), 2, {GT_E0, (uint32_t)(GT_Q + g)}};
    }
    zp_sc_zk_result res;
    memset(&res, 0, sizeof res);
    if (zp_zkp_is_prover(z)) {
        zp_sc_table tab[GT_Q + ZP_GATHER_MAX_PARTS];
        memset(tab, 0, sizeof tab);
        zp_fe2 *buf = NULL, *rc = NULL, *cst = NULL, qv[ZP_GATHER_MAX_PARTS],
               qm[ZP_GATHER_MAX_PARTS];
        e = gather_tables(z, tab, &buf, &rc, d, ld_rows, lw, sel, n_sel, eqr, r);
        const size_t N = (size_t)1 << ld_rows;
        if (e == ZP_OK && !(cst = malloc(n_parts * N * sizeof(zp_fe2)))) e = ZP_ERR_NOMEM;
        zp_fe2 qsum = {0, 0};
        for (size_t g = 0; g < n_parts && e == ZP_OK; g++) {
            const zp_fe *Q = zp_zkp_values(z, q[g]), *qmk;
            size_t qml;
            e = zp_zkp_mask(z, q[g], &qmk, &qml);
            if (e != ZP_OK || !Q) { e = ZP_ERR_INTERNAL; break; }
            qv[g] = mle0(Q, r, lw + q_rows[g]);
            qm[g] = mle0(qmk, r, lg2(qml));
            qsum = gl2_add(qsum, gl2_mul(eqp[g], qv[g]));
            for (size_t k = 0; k < N; k++) cst[g * N + k] = qv[g];
            tab[GT_Q + g].ext = cst + g * N;
            tab[GT_Q + g].mask_ext = &qm[g];
            tab[GT_Q + g].mask_len = 1;
        }
        if (e == ZP_OK) {
            /* honest prover: refuse records that are not the selected rows */
            zp_fe2 acc = {0, 0};
            for (size_t k = 0; k < N; k++)
                if (!gl2_is_zero(tab[GT_W].ext[k]))
                    acc = gl2_add(acc, gl2_mul(tab[GT_W].ext[k], tab[GT_D].ext[k]));
            if (!gl2_eq(acc, qsum) && !zp_zkp_unchecked(z)) e = ZP_ERR_ARG;
        }
        if (e == ZP_OK) {
            const zp_fe *g0, *g1;
            zp_zkp_g_rows(z, gi, &g0, &g1);
            zp_sc_instance inst = {ld_rows, NT, tab, 1 + n_parts, terms};
            e = zp_sumcheck_zk_prove(tr, zp_zkp_proof(z), &res, s, ev, &inst, (zp_fe2){0, 0}, g0,
                                     g1, NULL, 0);
        }
        if (buf) zp_memzero(buf, (3 * N + ((size_t)1 << lw)) * sizeof(zp_fe2));
        free(buf);
        free(rc);
        if (cst) zp_memzero(cst, n_parts * N * sizeof(zp_fe2));
        free(cst);
        zp_memzero(qv, sizeof qv);
        zp_memzero(qm, sizeof qm);
        zp_memzero(&qsum, sizeof qsum);
        if (e == ZP_OK) e = zp_zkp_send_eval(z, &ev[GT_D]);
        for (size_t g = 0; g < n_parts && e == ZP_OK; g++) e = zp_zkp_send_eval(z, &ev[GT_Q + g]);
    } else {
        e = zp_sumcheck_zk_verify(tr, zp_zkp_reader(z), &res, s, ld_rows, 2, (zp_fe2){0, 0});
        if (e == ZP_OK) e = zp_zkp_send_eval(z, &ev[GT_D]);
        for (size_t g = 0; g < n_parts && e == ZP_OK; g++) e = zp_zkp_send_eval(z, &ev[GT_Q + g]);
        if (e == ZP_OK) {
            /* w~(s): O(n_sel ld_rows), the selection is sparse */
            zp_fe2 ws = {0, 0}, e0 = one;
            for (size_t i = 0; i < n_sel; i++)
                if (sel[i] != ZP_GATHER_NONE)
                    ws = gl2_add(ws, gl2_mul(eqr[i], eq_int(s, ld_rows, sel[i])));
            for (unsigned i = 0; i < ld_rows; i++) e0 = gl2_mul(e0, gl2_sub(one, s[i]));
            ev[GT_W] = ws;
            ev[GT_E0] = e0;
            e = zp_sumcheck_zk_check_final(&res, terms, 1 + n_parts, ev, NT);
        }
    }
    free(eqr);
    if (e != ZP_OK) return zp_zkp_fail(z, e);
    /* claims: D at (r_col, s), every part at (r_col, its rows of r_row), g at s */
    memcpy(pd, r, lw * sizeof(zp_fe2));
    memcpy(pd + lw, s, ld_rows * sizeof(zp_fe2));
    e = zp_zkp_tensor_claim(z, d, pd, res.r_b, ev[GT_D]);
    for (size_t g = 0; g < n_parts && e == ZP_OK; g++)
        e = zp_zkp_tensor_claim(z, q[g], r, res.r_b, ev[GT_Q + g]);
    if (e == ZP_OK) e = zp_zkp_g_claim(z, gi, s, ld_rows, res.r_b, res.g_eval);
    return e;
}
