/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * One SGD step of the fixed-point MLP as a circuit (docs/spec/train-step.md):
 * the exact witness of zp_trainer_step, the circuit written once against a
 * constraint backend, and the relation checker backend. */
#include <stdlib.h>
#include <string.h>

#include "common/ctime.h"
#include "field/gl.h"
#include "prove_train_internal.h"
#include "wit_kern.h"
#include "zkml_internal.h"

#define TW_MAX_BUFS 512

struct zp_train_wit {
    unsigned L, ld[ZP_ZKML_MAX_LAYERS + 1], lb, de;
    size_t n, Bp, D[ZP_ZKML_MAX_LAYERS + 1];
    uint32_t d[ZP_ZKML_MAX_LAYERS + 1];
    unsigned sa, sw, sg, ab, wb, bg, se, ush, bsh;
    /* plain SGD (mom = 0): the learning-rate fold G' = rdiv2(lr G, fc)
     * with G' + 2^(kg-1) in [0, 2^kg), and ush, bsh the shifts after it
     * (docs/spec/train-step.md 2.3; zp_zkml_update_shifts); momentum: fc =
     * kg = 0 and the full shifts */
    unsigned fc, kg;
    int64_t lr;
    /* public */
    zp_fe *o, *I[ZP_ZKML_MAX_LAYERS + 1], *onesD, *onesB, *Ocol, *OcolF, *Orow, *Vrow;
    zp_fe *PX, *PW[ZP_ZKML_MAX_LAYERS], *Pb[ZP_ZKML_MAX_LAYERS], *tidx, *texp;
    /* forward (FM: feature x batch); every clamp (clamp_rel) holds U+ in
     * Up* and S = U+ + U- in Us* */
    zp_fe *X0, *W[ZP_ZKML_MAX_LAYERS], *b[ZP_ZKML_MAX_LAYERS];
    zp_fe *Y[ZP_ZKML_MAX_LAYERS], *Up[ZP_ZKML_MAX_LAYERS], *Us[ZP_ZKML_MAX_LAYERS],
        *Rm[ZP_ZKML_MAX_LAYERS];
    /* softmax (BM: batch x class) */
    zp_fe *ZB, *mx, *Dm, *Sel, *dd, *Cu, *e, *Em, *S, *h, *t, *SB, *PS, *P, *rr, *Rc, *Yoh;
    /* backward (BM) and update */
    zp_fe *G[ZP_ZKML_MAX_LAYERS];
    zp_fe *Gu[ZP_ZKML_MAX_LAYERS], *Rgu[ZP_ZKML_MAX_LAYERS]; /* G', its remainder */
    zp_fe *Wn[ZP_ZKML_MAX_LAYERS], *Ru[ZP_ZKML_MAX_LAYERS];
    zp_fe *bn[ZP_ZKML_MAX_LAYERS], *Rb[ZP_ZKML_MAX_LAYERS];
    zp_fe *Gs[ZP_ZKML_MAX_LAYERS], *UpG[ZP_ZKML_MAX_LAYERS], *UsG[ZP_ZKML_MAX_LAYERS],
        *Rg[ZP_ZKML_MAX_LAYERS];
    zp_fe *YB[ZP_ZKML_MAX_LAYERS], *UpB[ZP_ZKML_MAX_LAYERS], *Ey[ZP_ZKML_MAX_LAYERS],
        *Iy[ZP_ZKML_MAX_LAYERS], *Eu[ZP_ZKML_MAX_LAYERS], *Iu[ZP_ZKML_MAX_LAYERS],
        *Mk[ZP_ZKML_MAX_LAYERS];
    /* every buffer, for wiping (those of public values only: not wiped) */
    zp_fe *buf[TW_MAX_BUFS];
    size_t buf_len[TW_MAX_BUFS], n_buf;
    uint8_t buf_pub[TW_MAX_BUFS];
    int oom;
    /* chaining (docs/spec/train-step.md, section 4): W_after and b_after
     * live in this model layout (NULL: in the step's own layout), read
     * through opening xj (external commitment 0); linked steps: W_before
     * and b_before live in layout mlb (C_t), read through opening xjb
     * (external commitment 1; NULL: in the step's own layout) */
    const zp_model_layout *ml, *mlb;
    unsigned xj, xjb;
    /* a linked step t >= 1 (mlb != NULL): W_before and b_before are C_t's
     * tensors, range-checked by step t - 1 as its W_after, so this step
     * omits their weight_bits ranges (docs/spec/train-step.md, section 4,
     * "Range of W_before") */
    int wb_chained;
    /* max_claims of C_t's PCS (mlb != NULL): the claim budget of opening
     * xjb, which decides which W_before a linked step t >= 1 reads from C_t
     * directly (wb_direct) instead of through a tie zero-check */
    unsigned mlb_claims;
    /* MSE loss (docs/spec/train-step.md 2.6): one-hot targets at act
     * scale, G = sat_bg of the scaled difference (clamp U+, S; rounding
     * remainder Rq when grad_scale < act_scale) */
    int mse;
    zp_fe *UpQ, *UsQ, *Rq;
    /* momentum (2.6): index 0 the weights, 1 the biases of layer l; Mv the
     * buffer before the step (present iff has_v, else zero), Mn after, Rmm
     * the remainder of rdiv2(mom Mv, ms), Ml / Mh the 32-bit limbs of
     * Mn + 2^(kv-1) when kv > 32 */
    int64_t mom;
    unsigned ms, kv[2];
    int has_v;
    zp_fe *Mv[2][ZP_ZKML_MAX_LAYERS], *Mn[2][ZP_ZKML_MAX_LAYERS], *Rmm[2][ZP_ZKML_MAX_LAYERS],
        *Ml[2][ZP_ZKML_MAX_LAYERS], *Mh[2][ZP_ZKML_MAX_LAYERS];
    /* records bound to the run's record layout (docs/spec/train-step.md
     * 7.3; rec != NULL): Q_t (B' x W, external commitment 2) at rec's
     * offsets; XB = X_0^T = rescale(Q_t SelT) with the shift rsh (> 0:
     * rdiv2 by 2^rsh with remainder XRm; <= 0: SelT carries 2^-rsh), clamp
     * XUp / XUs (U+ and S, batch-major); the labels Lab = Q_t e_label = Yoh Cls */
    const zp_train_rec *rec;
    const zp_fe *Qt;
    unsigned lw;
    int rsh;
    size_t idQ;
    zp_fe *SelT, *Elab, *Cls, *Lab, *XB, *XUp, *XUs, *XRm;
};

static unsigned lgc(size_t v) {
    unsigned k = 0;
    while (((size_t)1 << k) < v) k++;
    return k;
}

static zp_fe fe(int64_t v) { return gl_from_i64(v); }
static zp_fe2 c2(int64_t v) { return gl2_from_fe(gl_from_i64(v)); }

static zp_fe *nw(zp_train_wit *w, size_t n) {
    if (w->oom || w->n_buf == TW_MAX_BUFS) { w->oom = 1; return NULL; }
    zp_fe *p = calloc(n ? n : 1, sizeof(zp_fe));
    if (!p) { w->oom = 1; return NULL; }
    w->buf[w->n_buf] = p;
    w->buf_pub[w->n_buf] = 0;
    w->buf_len[w->n_buf++] = n;
    return p;
}

/* nw for a tensor of public values (fixed by the statement: identities,
 * padding masks, tables), which zp_train_wit_free does not wipe. */
static zp_fe *nw_pub(zp_train_wit *w, size_t n) {
    zp_fe *p = nw(w, n);
    if (p) w->buf_pub[w->n_buf - 1] = 1;
    return p;
}

void zp_train_wit_free(zp_train_wit *w) {
    if (!w) return;
    /* buffers independent: wiped and freed by all threads (megabytes in
     * all, between two serial steps of the prover) */
    const long long nb = (long long)w->n_buf;
    #pragma omp parallel for schedule(dynamic, 1) if (nb >= 16)
    for (long long i = 0; i < nb; i++) {
        if (!w->buf_pub[i]) zp_memzero(w->buf[i], w->buf_len[i] * sizeof(zp_fe));
        free(w->buf[i]);
    }
    zp_memzero(w, sizeof *w);
    free(w);
}

/* ------------------------------------------------------------------ */
/* The circuit (docs/spec/train-step.md, "Circuit").                    */

#define TRY(x) do { zp_err e_ = (x); if (e_ != ZP_OK) return e_; } while (0)

static zp_err wit(const zp_trc_ops *op, size_t *id, unsigned ls, const zp_fe *v) {
    return op->witness(op->ctx, id, ls, v);
}
static zp_err pub(const zp_trc_ops *op, size_t *id, unsigned ls, const zp_fe *v) {
    return op->pub(op->ctx, id, ls, v);
}
static zp_err zc(const zp_trc_ops *op, unsigned ln, const zp_zkp_term *t, size_t k) {
    return op->zerocheck(op->ctx, ln, t, k);
}
static zp_err rg(const zp_trc_ops *op, size_t id, int64_t off, unsigned k) {
    return op->range(op->ctx, id, off, k);
}
static zp_err mm(const zp_trc_ops *op, size_t a, size_t b, unsigned lm, unsigned ln, unsigned lp,
                 unsigned fl, const zp_zkp_tail *t, size_t nt, zp_fe2 c0, const zp_fe *o) {
    return op->matmul(op->ctx, a, b, lm, ln, lp, fl, t, nt, c0, o);
}

/* Proven clamp Vn = clamp(q, lo, hi) (docs/spec/train-step.md, section 2,
 * "clamp"): the committed U+ and S = U+ + U- give the unclamped value
 * q = Vn + 2 U+ - S (U- = S - U+ is implicit, linear), with
 *   U+ (hi - Vn) + lambda (S - U+) (Vn - lo) = 0,  S in [0, 2^32),
 *   Vn - lo in [0, 2^bits);
 * an optional padding indicator forces Vn = 0 there (lambda^2 term).  As
 * lo < hi, Vn cannot be both, so the two products vanish only with U+ = 0
 * (Vn != hi) or U+ = S (Vn = hi != lo): U+ and U- are in {0, S}, so both
 * are in [0, 2^32) and at most one is non-zero, the statement of the two
 * ranges U+-, in [0, 2^32) that this relation replaces.  Expanded:
 *   (hi + lambda lo) U+ - (1 + lambda) U+ Vn + lambda S Vn - lambda lo S. */
static zp_err clamp_rel(const zp_trc_ops *op, unsigned ln, size_t vn, size_t up, size_t us,
                        int64_t lo, int64_t hi, unsigned bits, const size_t *pad) {
    if (lo >= hi) return ZP_ERR_INTERNAL;
    zp_fe2 lam = op->challenge(op->ctx, "train/clamp");
    zp_zkp_term t[5] = {{gl2_add(c2(hi), gl2_mul(lam, c2(lo))), 1, {up, 0}},
                        {gl2_neg(gl2_add(c2(1), lam)), 2, {up, vn}},
                        {lam, 2, {us, vn}},
                        {gl2_mul(lam, c2(-lo)), 1, {us, 0}},
                        {gl2_mul(lam, lam), 2, {vn, pad ? *pad : 0}}};
    TRY(zc(op, ln, t, pad ? 5 : 4));
    TRY(rg(op, vn, -lo, bits));
    return rg(op, us, 0, 32);
}

/* The range of a value after the checked update (docs/spec/train-step.md
 * 2.3): V + 2^(bits-1) in [0, 2^bits), and V = 0 where the optional public
 * padding indicator pad (of 2^ln values) is 1. */
static zp_err new_range(const zp_trc_ops *op, const zp_fe *pad, unsigned ln, size_t v,
                        int64_t half, unsigned bits) {
    if (pad) {
        size_t id;
        TRY(pub(op, &id, ln, pad));
        zp_zkp_term t = {c2(1), 2, {id, v}};
        TRY(zc(op, ln, &t, 1));
    }
    return rg(op, v, half, bits);
}

/* Records from the record block Q_t (docs/spec/train-step.md 7.3): Q_t
 * (external commitment 2, deferred; the A operand of a product, which the
 * builder requires to be committed), the batch-major XB = sat_ab(rescale
 * of the feature columns) by ONE product with the public selection Sel,
 *   0 = Q_t Sel + 2^(s-1) - 2^s (XB + U+ - U-) - Rm   (s = rsh > 0),
 *   0 = Q_t Sel - (XB + U+ - U-)                      (rsh <= 0, Sel
 *                                                      carries 2^-rsh),
 * U- = S - U+ (clamp_rel), Rm in [0, 2^s), the clamp of (XB, U+, S) to
 * act_bits (which also range-checks XB), and X_0 = XB^T
 * (0 = X_0^T I - XB). */
static zp_err records_input(const zp_trc_ops *op, zp_train_wit *w, size_t idX0, size_t idI0) {
    const unsigned lb = w->lb, l0 = w->ld[0];
    const int64_t A = (int64_t)1 << (w->ab - 1);
    size_t idSel, idXB, idUp, idUs, idRm = 0;
    TRY(op->external(op->ctx, 2, &w->idQ, lb + w->lw, w->Qt, w->rec->offset,
                     w->rec->mask_offset));
    TRY(pub(op, &idSel, w->lw + l0, w->SelT));
    TRY(wit(op, &idXB, lb + l0, w->XB));
    TRY(wit(op, &idUp, lb + l0, w->XUp));
    TRY(wit(op, &idUs, lb + l0, w->XUs));
    if (w->rsh > 0) TRY(wit(op, &idRm, lb + l0, w->XRm));
    const int64_t S = w->rsh > 0 ? (int64_t)1 << w->rsh : 1;
    /* XB + U+ - U- = XB + 2 U+ - S (the clamp's representation) */
    zp_zkp_tail t[4] = {{idXB, c2(-S), 0}, {idUp, c2(-2 * S), 0}, {idUs, c2(S), 0},
                        {idRm, c2(-1), 0}};
    const zp_fe2 c0 = w->rsh > 0 ? c2((int64_t)1 << (w->rsh - 1)) : (zp_fe2){0, 0};
    TRY(mm(op, w->idQ, idSel, lb, w->lw, l0, 0, t, w->rsh > 0 ? 4 : 3, c0, NULL));
    TRY(clamp_rel(op, lb + l0, idXB, idUp, idUs, -A, A - 1, w->ab, NULL));
    if (w->rsh > 0) TRY(rg(op, idRm, 0, (unsigned)w->rsh));
    zp_zkp_tail tx = {idXB, c2(-1), 0};
    return mm(op, idX0, idI0, lb, l0, l0, ZP_TRC_AT, &tx, 1, (zp_fe2){0, 0}, NULL);
}

/* The labels of Q_t (7.3): Lab = Q_t e_label = Yoh Cls, Cls = (0, 1, ..,
 * d_L - 1, 0 ..): with Yoh's one-hot rows, row r of Yoh is the one-hot of
 * record r's label column. */
static zp_err records_label(const zp_trc_ops *op, zp_train_wit *w, size_t idYoh) {
    const unsigned lb = w->lb, lD = w->ld[w->L];
    const zp_fe2 zero = {0, 0};
    size_t idLab, idE, idC;
    TRY(wit(op, &idLab, lb, w->Lab));
    TRY(pub(op, &idE, w->lw, w->Elab));
    TRY(pub(op, &idC, lD, w->Cls));
    zp_zkp_tail t = {idLab, c2(-1), 0};
    TRY(mm(op, w->idQ, idE, lb, w->lw, 0, 0, &t, 1, zero, NULL));
    return mm(op, idYoh, idC, lb, lD, 0, 0, &t, 1, zero, NULL);
}

/* Softmax cross-entropy gradient (batch-major; docs/spec/train-step.md
 * 2.2): from the logits Y[L-1] to G_{L-1}, id in *idGo. */
static zp_err softmax_grad(const zp_trc_ops *op, zp_train_wit *w, const size_t *idY,
                           const size_t *idI, size_t idOnesD, size_t idOcolF, size_t idOrow,
                           size_t idVrow, size_t *idGo) {
    const unsigned L = w->L, lb = w->lb, lD = w->ld[L];
    const zp_fe2 one = c2(1), mone = c2(-1);
    const zp_fe2 zero = {0, 0};
    const unsigned lz = lb + lD;
    size_t idZB, idmx, idDm, idSel, iddd, idCu, ide, idEm, idS, idh, idt, idSB, idPS, idP,
        idrr, idRc, idYoh, idG;
    TRY(wit(op, &idZB, lz, w->ZB));
    /* ZB = Z^T: 0 = Z^T I - ZB */
    {
        zp_zkp_tail t = {idZB, mone, 0};
        TRY(mm(op, idY[L - 1], idI[L], lb, lD, lD, ZP_TRC_AT, &t, 1, zero, NULL));
    }
    TRY(wit(op, &idmx, lb, w->mx));
    TRY(wit(op, &idDm, lz, w->Dm));
    {   /* Dm = mx o^T - ZB  (o = real classes) */
        zp_zkp_tail t[2] = {{idZB, one, 0}, {idmx, mone, 1}};
        TRY(mm(op, idDm, idI[L], lb, lD, lD, 0, t, 2, zero, w->Ocol));
    }
    TRY(rg(op, idDm, 0, w->ab + 1));
    /* the maximum is attained: a one-hot selector on a zero of Dm */
    TRY(wit(op, &idSel, lz, w->Sel));
    {
        zp_fe2 lam = op->challenge(op->ctx, "train/sel");
        zp_fe2 l2 = gl2_mul(lam, lam);
        zp_zkp_term t[5] = {{one, 2, {idSel, idSel}}, {mone, 1, {idSel, 0}},
                            {lam, 2, {idSel, idDm}}, {l2, 1, {idSel, 0}},
                            {gl2_neg(l2), 2, {idSel, idOcolF}}};
        TRY(zc(op, lz, t, 5));
        zp_zkp_tail tv = {idVrow, mone, 1};
        TRY(mm(op, idSel, idOnesD, lb, lD, 0, 0, &tv, 1, zero, NULL));
    }
    /* dd = min(Dm, 2^de - 1): Dm = dd + Cu, Cu (H - dd) = 0 */
    TRY(wit(op, &iddd, lz, w->dd));
    TRY(wit(op, &idCu, lz, w->Cu));
    {
        const int64_t H = ((int64_t)1 << w->de) - 1;
        zp_fe2 lam = op->challenge(op->ctx, "train/clip");
        zp_zkp_term t[5] = {{one, 1, {idDm, 0}}, {mone, 1, {iddd, 0}}, {mone, 1, {idCu, 0}},
                            {gl2_mul(lam, c2(H)), 1, {idCu, 0}},
                            {gl2_neg(lam), 2, {idCu, iddd}}};
        TRY(zc(op, lz, t, 5));
        TRY(rg(op, iddd, 0, w->de));
        TRY(rg(op, idCu, 0, w->ab + 1));
    }
    /* e = EXP[dd] */
    TRY(wit(op, &ide, lz, w->e));
    TRY(op->lookup2(op->ctx, iddd, ide, w->tidx, w->texp, w->de));
    TRY(wit(op, &idEm, lz, w->Em));
    {
        zp_zkp_term t[2] = {{one, 1, {idEm, 0}}, {mone, 2, {ide, idOcolF}}};
        TRY(zc(op, lz, t, 2));
    }
    /* S = row sums of Em; S = 2h + t, t a bit */
    TRY(wit(op, &idS, lb, w->S));
    TRY(wit(op, &idh, lb, w->h));
    TRY(wit(op, &idt, lb, w->t));
    {
        zp_zkp_tail tv = {idS, mone, 1};
        TRY(mm(op, idEm, idOnesD, lb, lD, 0, 0, &tv, 1, zero, NULL));
        zp_fe2 lam = op->challenge(op->ctx, "train/half");
        zp_zkp_term t[5] = {{one, 1, {idS, 0}}, {c2(-2), 1, {idh, 0}}, {mone, 1, {idt, 0}},
                            {lam, 2, {idt, idt}}, {gl2_neg(lam), 1, {idt, 0}}};
        TRY(zc(op, lb, t, 5));
        TRY(rg(op, idh, 0, 31));
    }
    /* P = rdiv(2^sg Em, S): PS = P SB, PS = 2^sg Em + h o^T - rr,
     * 0 <= rr, Rc = SB - o - rr >= 0 */
    TRY(wit(op, &idSB, lz, w->SB));
    TRY(wit(op, &idP, lz, w->P));
    TRY(wit(op, &idPS, lz, w->PS));
    TRY(wit(op, &idrr, lz, w->rr));
    TRY(wit(op, &idRc, lz, w->Rc));
    {
        zp_zkp_tail tv = {idS, mone, 1};
        TRY(mm(op, idSB, idI[L], lb, lD, lD, 0, &tv, 1, zero, w->Ocol));
        zp_fe2 lam = op->challenge(op->ctx, "train/div");
        zp_zkp_term t[6] = {{one, 1, {idPS, 0}}, {mone, 2, {idP, idSB}},
                            {lam, 1, {idRc, 0}}, {gl2_neg(lam), 1, {idSB, 0}},
                            {lam, 1, {idOcolF, 0}}, {lam, 1, {idrr, 0}}};
        TRY(zc(op, lz, t, 6));
        zp_zkp_tail td[3] = {{idEm, c2(-((int64_t)1 << w->sg)), 0}, {idrr, one, 0},
                             {idh, mone, 1}};
        TRY(mm(op, idPS, idI[L], lb, lD, lD, 0, td, 3, zero, w->Ocol));
        TRY(rg(op, idrr, 0, 32));
        TRY(rg(op, idRc, 0, 32));
        TRY(rg(op, idP, 0, w->sg + 1));
    }
    /* labels: one-hot rows on the real batch; G = P Orow - 2^sg Yoh */
    TRY(wit(op, &idYoh, lz, w->Yoh));
    if (w->rec) TRY(records_label(op, w, idYoh));
    TRY(wit(op, &idG, lz, w->G[L - 1]));
    {
        zp_fe2 lam = op->challenge(op->ctx, "train/label");
        zp_fe2 l2 = gl2_mul(lam, lam);
        zp_zkp_term t[7] = {{one, 2, {idYoh, idYoh}}, {mone, 1, {idYoh, 0}},
                            {lam, 1, {idYoh, 0}}, {gl2_neg(lam), 2, {idYoh, idOrow}},
                            {l2, 1, {idG, 0}}, {gl2_neg(l2), 2, {idP, idOrow}},
                            {gl2_mul(l2, c2((int64_t)1 << w->sg)), 1, {idYoh, 0}}};
        TRY(zc(op, lz, t, 7));
        zp_zkp_tail tv = {idVrow, mone, 1};
        TRY(mm(op, idYoh, idOnesD, lb, lD, 0, 0, &tv, 1, zero, NULL));
    }
    *idGo = idG;
    return ZP_OK;
}

/* Label one-hot rows (shared by both losses): Yoh boolean, zero off the
 * real rows and classes, row sums = the batch indicator. */
static zp_err label_onehot(const zp_trc_ops *op, zp_train_wit *w, size_t idYoh, size_t idOnesD,
                           size_t idOrow, size_t idVrow) {
    const unsigned lb = w->lb, lD = w->ld[w->L];
    const zp_fe2 one = c2(1), mone = c2(-1);
    const zp_fe2 zero = {0, 0};
    zp_fe2 lam = op->challenge(op->ctx, "train/label");
    zp_zkp_term t[4] = {{one, 2, {idYoh, idYoh}}, {mone, 1, {idYoh, 0}},
                        {lam, 1, {idYoh, 0}}, {gl2_neg(lam), 2, {idYoh, idOrow}}};
    TRY(zc(op, lb + lD, t, 4));
    zp_zkp_tail tv = {idVrow, mone, 1};
    return mm(op, idYoh, idOnesD, lb, lD, 0, 0, &tv, 1, zero, NULL);
}

/* MSE gradient (docs/spec/train-step.md 2.6), batch-major, targets the
 * one-hot rows of the labels at act scale (as zp_trainer_step without
 * dataset targets): with k = |sg - sa|,
 *   sg >= sa: 2^k (ZB - 2^sa Yoh) = G + U+ - U-,
 *   sg <  sa: ZB - 2^sa Yoh + 2^(k-1) = 2^k (G + U+ - U-) + Rq, Rq in [0, 2^k),
 * with U- = S - U+, and clamp(G; U+, S; -2^(bg-1), 2^(bg-1) - 1).  Off the real rows and
 * classes ZB and Yoh vanish (forward padding), so G does too. */
static zp_err mse_grad(const zp_trc_ops *op, zp_train_wit *w, const size_t *idY,
                       const size_t *idI, size_t idOnesD, size_t idOrow, size_t idVrow,
                       size_t *idGo) {
    const unsigned L = w->L, lb = w->lb, lD = w->ld[L], lz = lb + lD;
    const zp_fe2 one = c2(1), mone = c2(-1);
    const zp_fe2 zero = {0, 0};
    const int64_t Hg = (int64_t)1 << (w->bg - 1);
    size_t idZB, idYoh, idG, idUp, idUs, idRq = 0;
    TRY(wit(op, &idZB, lz, w->ZB));
    {   /* ZB = Z^T: 0 = Z^T I - ZB */
        zp_zkp_tail t = {idZB, mone, 0};
        TRY(mm(op, idY[L - 1], idI[L], lb, lD, lD, ZP_TRC_AT, &t, 1, zero, NULL));
    }
    TRY(wit(op, &idYoh, lz, w->Yoh));
    if (w->rec) TRY(records_label(op, w, idYoh));
    TRY(label_onehot(op, w, idYoh, idOnesD, idOrow, idVrow));
    TRY(wit(op, &idG, lz, w->G[L - 1]));
    TRY(wit(op, &idUp, lz, w->UpQ));
    TRY(wit(op, &idUs, lz, w->UsQ));
    if (w->sg >= w->sa) {
        const unsigned k = w->sg - w->sa;
        zp_zkp_term t[5] = {{c2((int64_t)1 << k), 1, {idZB, 0}},
                            {c2(-((int64_t)1 << w->sg)), 1, {idYoh, 0}},
                            {mone, 1, {idG, 0}}, {c2(-2), 1, {idUp, 0}}, {one, 1, {idUs, 0}}};
        TRY(zc(op, lz, t, 5));
    } else {
        const unsigned k = w->sa - w->sg;
        const zp_fe2 s = c2((int64_t)1 << k);
        TRY(wit(op, &idRq, lz, w->Rq));
        zp_zkp_term t[7] = {{one, 1, {idZB, 0}}, {c2(-((int64_t)1 << w->sa)), 1, {idYoh, 0}},
                            {c2((int64_t)1 << (k - 1)), 0, {0, 0}}, {gl2_neg(s), 1, {idG, 0}},
                            {gl2_neg(gl2_add(s, s)), 1, {idUp, 0}}, {s, 1, {idUs, 0}},
                            {mone, 1, {idRq, 0}}};
        TRY(zc(op, lz, t, 7));
        TRY(rg(op, idRq, 0, k));
    }
    TRY(clamp_rel(op, lz, idG, idUp, idUs, -Hg, Hg - 1, w->bg, NULL));
    *idGo = idG;
    return ZP_OK;
}

/* Momentum update of part (0: W_l, 1: b_l) of layer l in place of the
 * plain update product (docs/spec/train-step.md 2.6):
 *   0 = op(G) op(B) - Mn + (mom Mv - Rmm + 2^(ms-1)) / 2^ms   (product;
 *       the Mv and Rmm tails only with a velocity before the step),
 *   Rmm in [0, 2^ms), Mn + 2^(kv-1) in [0, 2^kv) (one range, or 32-bit
 *       limbs Ml + 2^32 Mh),
 *   0 = lr Mn + 2^(sh-1) - 2^sh (Old - New) - R   (zero-check; New is
 *       range-checked by the caller: the checked update).
 * Mn is read from the after commitment and Mv from the before commitment
 * when their layouts hold momentum buffers (external 0 and 1). */
static zp_err mom_update(const zp_trc_ops *op, zp_train_wit *w, unsigned l, unsigned part,
                         size_t idGl, size_t idB, unsigned lm, unsigned ln, unsigned lp,
                         unsigned fl, size_t idOld, size_t idNew, size_t idR, unsigned sh) {
    const unsigned ls = lm + lp, ti = 2 * w->L + 2 * l + part, kv = w->kv[part];
    const zp_fe2 one = c2(1), mone = c2(-1);
    size_t idMn, idMv, idRmm = 0;
    if (w->ml && w->ml->velocity)
        TRY(op->external(op->ctx, 0, &idMn, ls, w->Mn[part][l], w->ml->off[ti],
                         zp_model_mask_offset(w->ml, ti, w->xj)));
    else
        TRY(wit(op, &idMn, ls, w->Mn[part][l]));
    zp_zkp_tail t[3] = {{idMn, mone, 0}};
    size_t nt = 1;
    zp_fe2 c0 = {0, 0};
    if (w->has_v) {
        if (w->mlb && w->mlb->velocity)
            TRY(op->external(op->ctx, 1, &idMv, ls, w->Mv[part][l], w->mlb->off[ti],
                             zp_model_mask_offset(w->mlb, ti, w->xjb)));
        else
            TRY(wit(op, &idMv, ls, w->Mv[part][l]));
        TRY(wit(op, &idRmm, ls, w->Rmm[part][l]));
        const zp_fe2 ims = gl2_from_fe(zp_fe_inv(fe((int64_t)1 << w->ms)));
        t[1] = (zp_zkp_tail){idMv, gl2_mul(c2(w->mom), ims), 0};
        t[2] = (zp_zkp_tail){idRmm, gl2_neg(ims), 0};
        nt = 3;
        c0 = gl2_from_fe(zp_fe_inv(2));
    }
    TRY(mm(op, idGl, idB, lm, ln, lp, fl, t, nt, c0, NULL));
    if (w->has_v) TRY(rg(op, idRmm, 0, w->ms));
    if (kv <= 32) {
        TRY(rg(op, idMn, (int64_t)1 << (kv - 1), kv));
    } else {
        size_t idMl, idMh;
        TRY(wit(op, &idMl, ls, w->Ml[part][l]));
        TRY(wit(op, &idMh, ls, w->Mh[part][l]));
        zp_zkp_term tl[4] = {{one, 1, {idMn, 0}}, {c2((int64_t)1 << (kv - 1)), 0, {0, 0}},
                             {mone, 1, {idMl, 0}}, {c2(-((int64_t)1 << 32)), 1, {idMh, 0}}};
        TRY(zc(op, ls, tl, 4));
        TRY(rg(op, idMl, 0, 32));
        TRY(rg(op, idMh, 0, kv - 32));
    }
    const zp_fe2 S = c2((int64_t)1 << sh);
    zp_zkp_term tu[5] = {{c2(w->lr), 1, {idMn, 0}}, {c2((int64_t)1 << (sh - 1)), 0, {0, 0}},
                         {gl2_neg(S), 1, {idOld, 0}}, {S, 1, {idNew, 0}}, {mone, 1, {idR, 0}}};
    return zc(op, ls, tu, 5);
}

/* Which W_before of a linked step t >= 1 every relation reads from C_t
 * directly (docs/spec/train-step.md, section 4, "Reading W_before"): the
 * weight matrices of at least 2^ZP_TRAIN_DIRECT_MIN_LOG values, largest
 * first, while C_t's opening stays within its claim bound. A direct W_l
 * leaves 2 claims on C_t (the forward product and the update's tail) plus
 * 1 for l >= 1 (the backward product G W); a tied tensor 1 (its tie
 * zero-check); each velocity tensor Mv 2 (2.6). Step 0 and the other
 * tensors keep the tie: step 0's range and padding checks would add one
 * claim per tensor, and a small tensor saves less of the step's layout
 * than one more claim of C_t costs. Public: shapes and C_t's parameters. */
#define ZP_TRAIN_DIRECT_MIN_LOG 16

static void wb_direct(const zp_train_wit *w, int dir[ZP_ZKML_MAX_LAYERS]) {
    const unsigned L = w->L;
    for (unsigned l = 0; l < L; l++) dir[l] = 0;
    if (!w->mlb || !w->wb_chained) return;
    long budget = (long)w->mlb_claims - 2 * (long)L;
    if (w->has_v && w->mlb->velocity) budget -= 4 * (long)L;
    for (;;) {
        unsigned best = L, bs = 0;
        for (unsigned l = 0; l < L; l++) {
            const unsigned ls = w->ld[l + 1] + w->ld[l];
            if (!dir[l] && ls >= ZP_TRAIN_DIRECT_MIN_LOG && ls > bs) {
                best = l;
                bs = ls;
            }
        }
        if (best == L || budget < 1 + (best > 0)) return;
        dir[best] = 1;
        budget -= 1 + (best > 0);
    }
}

zp_err zp_train_circuit(const zp_trc_ops *op, zp_train_wit *w) {
    const unsigned L = w->L, lb = w->lb;
    const unsigned lD = w->ld[L];
    const int64_t A = (int64_t)1 << (w->ab - 1), Hw = (int64_t)1 << (w->wb - 1),
                  Hg = (int64_t)1 << (w->bg - 1);
    const zp_fe2 one = c2(1), mone = c2(-1);
    const zp_fe2 zero = {0, 0};
    size_t idX[ZP_ZKML_MAX_LAYERS + 1], idW[ZP_ZKML_MAX_LAYERS], idb[ZP_ZKML_MAX_LAYERS],
        idY[ZP_ZKML_MAX_LAYERS], idUp[ZP_ZKML_MAX_LAYERS], id;
    size_t idI[ZP_ZKML_MAX_LAYERS + 1];
    int dir[ZP_ZKML_MAX_LAYERS];
    wb_direct(w, dir);
    /* public tables (I[0] with records only: records_input reads it) */
    idI[0] = 0;
    if (w->I[0]) TRY(pub(op, &idI[0], 2 * w->ld[0], w->I[0]));
    for (unsigned l = 1; l <= L; l++) TRY(pub(op, &idI[l], 2 * w->ld[l], w->I[l]));
    size_t idOnesD, idOnesB, idOcolF, idOrow, idVrow;
    TRY(pub(op, &idOnesD, lD, w->onesD));
    TRY(pub(op, &idOnesB, lb, w->onesB));
    TRY(pub(op, &idOcolF, lb + lD, w->OcolF));
    TRY(pub(op, &idOrow, lb + lD, w->Orow));
    TRY(pub(op, &idVrow, lb, w->Vrow));

    /* ---- input ---- */
    TRY(wit(op, &idX[0], w->ld[0] + lb, w->X0));
    if (w->rec && !w->I[0]) return ZP_ERR_INTERNAL;
    if (w->rec) TRY(records_input(op, w, idX[0], idI[0]));
    else TRY(rg(op, idX[0], A, w->ab));
    if (w->PX) {
        TRY(pub(op, &id, w->ld[0] + lb, w->PX));
        zp_zkp_term t = {one, 2, {id, idX[0]}};
        TRY(zc(op, w->ld[0] + lb, &t, 1));
    }
    /* ---- forward (as docs/spec/infer.md, logits private) ---- */
    for (unsigned l = 0; l < L; l++) {
        const unsigned lo_ = w->ld[l + 1], li = w->ld[l], lz = lo_ + lb;
        const int last = l + 1 == L;
        size_t idUs, idRm;
        if (dir[l]) {
            /* linked t >= 1: W_before is C_t's tensor (external commitment
             * 1, opening xjb), read there by every relation */
            TRY(op->external(op->ctx, 1, &idW[l], lo_ + li, w->W[l], w->mlb->off[2 * l],
                             zp_model_mask_offset(w->mlb, 2 * l, w->xjb)));
        } else {
            TRY(wit(op, &idW[l], lo_ + li, w->W[l]));
        }
        TRY(wit(op, &idb[l], lo_, w->b[l]));
        if (w->mlb) {
            /* linked: a W_before or b_before of the step's layout equals
             * C_t's tensor by ONE tie zero-check, so that C_t's opening
             * carries 1 claim for it (the model's claim bound,
             * docs/spec/model-commit.md) */
            size_t idXW, idXb;
            if (!dir[l]) {
                TRY(op->external(op->ctx, 1, &idXW, lo_ + li, w->W[l], w->mlb->off[2 * l],
                                 zp_model_mask_offset(w->mlb, 2 * l, w->xjb)));
                zp_zkp_term tw[2] = {{one, 1, {idXW, 0}}, {mone, 1, {idW[l], 0}}};
                TRY(zc(op, lo_ + li, tw, 2));
            }
            TRY(op->external(op->ctx, 1, &idXb, lo_, w->b[l], w->mlb->off[2 * l + 1],
                             zp_model_mask_offset(w->mlb, 2 * l + 1, w->xjb)));
            zp_zkp_term tb[2] = {{one, 1, {idXb, 0}}, {mone, 1, {idb[l], 0}}};
            TRY(zc(op, lo_, tb, 2));
        }
        TRY(wit(op, &idRm, lz, w->Rm[l]));
        TRY(wit(op, &idUp[l], lz, w->Up[l]));
        TRY(wit(op, &idUs, lz, w->Us[l]));
        TRY(wit(op, &idY[l], lz, w->Y[l]));
        const int64_t S = (int64_t)1 << w->sw;
        zp_zkp_tail tl[5] = {{idY[l], c2(-S), 0}, {idUp[l], c2(-2 * S), 0}, {idUs, c2(S), 0},
                             {idRm, mone, 0}, {idb[l], c2((int64_t)1 << w->sa), 1}};
        TRY(mm(op, idW[l], idX[l], lo_, li, lb, 0, tl, 5, c2((int64_t)1 << (w->sw - 1)), w->o));
        TRY(clamp_rel(op, lz, idY[l], idUp[l], idUs, last ? -A : 0, A - 1,
                      last ? w->ab : w->ab - 1, NULL));
        TRY(rg(op, idRm, 0, w->sw));
        /* W_before and b_before: weight_bits wide with zero padding (unless
         * C_t's step t - 1 range-checked them and zeroed their padding) */
        if (!w->wb_chained) {
            TRY(rg(op, idW[l], Hw, w->wb));
            TRY(rg(op, idb[l], Hw, w->wb));
            if (w->PW[l]) {
                TRY(pub(op, &id, lo_ + li, w->PW[l]));
                zp_zkp_term t = {one, 2, {id, idW[l]}};
                TRY(zc(op, lo_ + li, &t, 1));
            }
            if (w->Pb[l]) {
                TRY(pub(op, &id, lo_, w->Pb[l]));
                zp_zkp_term t = {one, 2, {id, idb[l]}};
                TRY(zc(op, lo_, &t, 1));
            }
        }
        idX[l + 1] = idY[l];
    }

    /* ---- loss gradient (batch-major): MSE or softmax cross-entropy ---- */
    size_t idG;
    if (w->mse)
        TRY(mse_grad(op, w, idY, idI, idOnesD, idOrow, idVrow, &idG));
    else
        TRY(softmax_grad(op, w, idY, idI, idOnesD, idOcolF, idOrow, idVrow, &idG));

    /* ---- backward and update ---- */
    size_t idGl = idG;
    for (unsigned l = L; l-- > 0;) {
        const unsigned lo_ = w->ld[l + 1], li = w->ld[l];
        size_t idWn, idRu = 0, idbn, idRb = 0, idGu = idGl;
        if (!w->mom) {
            /* the learning-rate fold (docs/spec/train-step.md 2.3): G'
             * (BM, as G), lr G + 2^(c-1) = 2^c G' + Rg', Rg' in [0, 2^c),
             * G' + 2^(kg-1) in [0, 2^kg); G's padding zeros give G''s */
            const unsigned lgz = lb + lo_, c = w->fc;
            size_t idRgu = 0;
            TRY(wit(op, &idGu, lgz, w->Gu[l]));
            if (c) TRY(wit(op, &idRgu, lgz, w->Rgu[l]));
            zp_zkp_term t[4] = {{c2(w->lr), 1, {idGl, 0}}, {c2(-((int64_t)1 << c)), 1, {idGu, 0}},
                                {mone, 1, {idRgu, 0}},
                                {c2(c ? (int64_t)1 << (c - 1) : 0), 0, {0, 0}}};
            TRY(zc(op, lgz, t, c ? 4 : 2));
            if (c) TRY(rg(op, idRgu, 0, c));
            TRY(rg(op, idGu, (int64_t)1 << (w->kg - 1), w->kg));
        }
        /* dW = G'^T X; dW + 2^(ush-1) = 2^ush (W - Wn) + Ru, Ru in
         * [0, 2^ush) (absent when ush = 0), Wn in weight_bits: the checked
         * update, no saturation (docs/spec/train-step.md 2.3; momentum:
         * mom_update, 2.6) */
        if (w->ml)
            TRY(op->external(op->ctx, 0, &idWn, lo_ + li, w->Wn[l], w->ml->off[2 * l],
                             zp_model_mask_offset(w->ml, 2 * l, w->xj)));
        else
            TRY(wit(op, &idWn, lo_ + li, w->Wn[l]));
        if (w->ush) TRY(wit(op, &idRu, lo_ + li, w->Ru[l]));
        {
            const zp_fe2 s = c2((int64_t)1 << w->ush);
            zp_zkp_tail t[3] = {{idW[l], gl2_neg(s), 0}, {idWn, s, 0}, {idRu, mone, 0}};
            if (w->mom)
                TRY(mom_update(op, w, l, 0, idGl, idX[l], lo_, lb, li, ZP_TRC_AT | ZP_TRC_BT,
                               idW[l], idWn, idRu, w->ush));
            else
                TRY(mm(op, idGu, idX[l], lo_, lb, li, ZP_TRC_AT | ZP_TRC_BT, t, w->ush ? 3 : 2,
                       w->ush ? c2((int64_t)1 << (w->ush - 1)) : zero, NULL));
            TRY(new_range(op, w->PW[l], lo_ + li, idWn, Hw, w->wb));
            if (w->ush) TRY(rg(op, idRu, 0, w->ush));
        }
        /* db = G'^T 1; the same update for the biases */
        if (w->ml)
            TRY(op->external(op->ctx, 0, &idbn, lo_, w->bn[l], w->ml->off[2 * l + 1],
                             zp_model_mask_offset(w->ml, 2 * l + 1, w->xj)));
        else
            TRY(wit(op, &idbn, lo_, w->bn[l]));
        if (w->bsh) TRY(wit(op, &idRb, lo_, w->Rb[l]));
        {
            const zp_fe2 s = c2((int64_t)1 << w->bsh);
            zp_zkp_tail t[3] = {{idb[l], gl2_neg(s), 0}, {idbn, s, 0}, {idRb, mone, 0}};
            if (w->mom)
                TRY(mom_update(op, w, l, 1, idGl, idOnesB, lo_, lb, 0, ZP_TRC_AT, idb[l], idbn,
                               idRb, w->bsh));
            else
                TRY(mm(op, idGu, idOnesB, lo_, lb, 0, ZP_TRC_AT, t, w->bsh ? 3 : 2,
                       w->bsh ? c2((int64_t)1 << (w->bsh - 1)) : zero, NULL));
            TRY(new_range(op, w->Pb[l], lo_, idbn, Hw, w->wb));
            if (w->bsh) TRY(rg(op, idRb, 0, w->bsh));
        }
        if (l == 0) break;
        /* G_{l-1} = mask(q_{l-1}) sat_bg(rdiv2(G W, sw)) */
        const unsigned lgz = lb + li;
        size_t idGs, idUpG, idUsG, idRg, idYB, idUpB, idEy, idIy, idEu, idIu, idMk, idGp;
        TRY(wit(op, &idGs, lgz, w->Gs[l]));
        TRY(wit(op, &idUpG, lgz, w->UpG[l]));
        TRY(wit(op, &idUsG, lgz, w->UsG[l]));
        TRY(wit(op, &idRg, lgz, w->Rg[l]));
        {
            const int64_t S = (int64_t)1 << w->sw;
            zp_zkp_tail t[4] = {{idGs, c2(-S), 0}, {idUpG, c2(-2 * S), 0}, {idUsG, c2(S), 0},
                                {idRg, mone, 0}};
            TRY(mm(op, idGl, idW[l], lb, lo_, li, 0, t, 4, c2((int64_t)1 << (w->sw - 1)), NULL));
            TRY(clamp_rel(op, lgz, idGs, idUpG, idUsG, -Hg, Hg - 1, w->bg, NULL));
            TRY(rg(op, idRg, 0, w->sw));
        }
        /* the ReLU mask from the forward pre-activation of layer l-1:
         * mask = [Y != 0][U+ = 0], by two is-zero gadgets on the transposes */
        TRY(wit(op, &idYB, lgz, w->YB[l]));
        TRY(wit(op, &idUpB, lgz, w->UpB[l]));
        {
            zp_zkp_tail t = {idYB, mone, 0};
            TRY(mm(op, idY[l - 1], idI[l], lb, li, li, ZP_TRC_AT, &t, 1, zero, NULL));
            zp_zkp_tail t2 = {idUpB, mone, 0};
            TRY(mm(op, idUp[l - 1], idI[l], lb, li, li, ZP_TRC_AT, &t2, 1, zero, NULL));
        }
        TRY(wit(op, &idEy, lgz, w->Ey[l]));
        TRY(wit(op, &idIy, lgz, w->Iy[l]));
        TRY(wit(op, &idEu, lgz, w->Eu[l]));
        TRY(wit(op, &idIu, lgz, w->Iu[l]));
        TRY(wit(op, &idMk, lgz, w->Mk[l]));
        TRY(wit(op, &idGp, lgz, w->G[l - 1]));
        {
            zp_fe2 lam = op->challenge(op->ctx, "train/mask");
            zp_fe2 l2 = gl2_mul(lam, lam), l3 = gl2_mul(l2, lam);
            zp_zkp_term t[8] = {{one, 1, {idEy, 0}}, {mone, 2, {idYB, idIy}},
                                {lam, 1, {idYB, 0}}, {gl2_neg(lam), 2, {idYB, idEy}},
                                {l2, 1, {idEu, 0}}, {gl2_neg(l2), 2, {idUpB, idIu}},
                                {l3, 1, {idUpB, 0}}, {gl2_neg(l3), 2, {idUpB, idEu}}};
            TRY(zc(op, lgz, t, 8));
            zp_zkp_term t2[5] = {{one, 1, {idMk, 0}}, {mone, 1, {idEy, 0}},
                                 {one, 2, {idEy, idEu}}, {lam, 1, {idGp, 0}},
                                 {gl2_neg(lam), 2, {idMk, idGs}}};
            TRY(zc(op, lgz, t2, 5));
        }
        idGl = idGp;
    }
    return ZP_OK;
}

/* ------------------------------------------------------------------ */
/* The witness.                                                         */

/* Bits kv of the momentum range [-2^(kv-1), 2^(kv-1)) for gradients of
 * magnitude <= dmax, and the no-wrap conditions of the two momentum
 * relations (docs/spec/train-step.md 2.6): 1 if they hold. */
static int mom_bits(unsigned *kv, const zp_train_config *cfg, __int128 dmax, unsigned sh,
                    unsigned wb) {
    __int128 mb;
    if (zp_zkml_momentum_bound(cfg, dmax, &mb)) return 0;
    unsigned k = 1;
    while (k < 63 && ((__int128)1 << (k - 1)) <= mb) k++;
    *kv = k;
    const __int128 P = (__int128)GL_P, M = (__int128)1 << (k - 1);
    const __int128 ms = (__int128)1 << cfg->mom_shift;
    /* 2^ms (dW - Mn) + mom Mv + 2^(ms-1) - Rmm */
    __int128 r1 = ms * (dmax + M) + (__int128)cfg->mom_num * M + ms;
    /* lr Mn + 2^(sh-1) - 2^sh Qu - Ru, |Qu| <= 2^wb + 2^33 */
    __int128 r2 = (__int128)cfg->lr_num * M + ((__int128)1 << sh) * (((__int128)1 << wb) +
                                                                    ((__int128)1 << 33) + 2);
    return k <= 62 && r1 < P && r2 < P;
}

static zp_err wit_shapes(zp_train_wit *w, const zp_train_config *cfg, size_t n) {
    if (zp_train_config_check(cfg, NULL) != ZP_OK || n < 1 || n > cfg->batch_size)
        return ZP_ERR_ARG;
    w->L = cfg->n_layers;
    w->n = n;
    w->lb = lgc(n) ? lgc(n) : 1;
    w->Bp = (size_t)1 << w->lb;
    for (unsigned l = 0; l <= w->L; l++) {
        w->d[l] = cfg->dims[l];
        w->ld[l] = lgc(cfg->dims[l]) ? lgc(cfg->dims[l]) : 1;
        w->D[l] = (size_t)1 << w->ld[l];
        if (w->ld[l] + w->ld[l] > 28 || w->ld[l] + w->lb > 28) return ZP_ERR_UNSUPPORTED;
    }
    w->sa = cfg->act_scale; w->sw = cfg->weight_scale; w->sg = cfg->grad_scale;
    w->ab = cfg->act_bits; w->wb = cfg->weight_bits; w->bg = cfg->grad_bits;
    w->se = cfg->exp_scale; w->de = cfg->exp_domain_bits;
    w->lr = cfg->lr_num;
    zp_zkml_upd u;
    zp_zkml_update_shifts(cfg, &u);
    w->ush = u.ush;
    w->bsh = u.bsh;
    w->fc = u.c;
    w->kg = u.kg;
    /* the range checks of the circuit are at most 32 bits wide (spec,
     * "Bounds"); zp_train_config_check gives the quotient bounds */
    if (w->ush > 32 || w->bsh > 32 || w->sw > 32 || w->de > 24 || w->ab + 1 > 32 ||
        w->sg + 1 > 32 || w->lr <= 0 || (!cfg->mom_num && w->kg > 32))
        return ZP_ERR_UNSUPPORTED;
    if (!cfg->mom_num) {
        /* the fold and the update relations hold over Z (2.3): with |G| <
         * 2^(bg-1), |G'| <= 2^(kg-1), |X| <= 2^(ab-1) over B' rows and
         * |W - Wn| < 2^bw, every integer relation is below p in magnitude */
        const __int128 P = (__int128)GL_P, c = (__int128)1 << w->fc;
        const __int128 Gq = (__int128)1 << (w->kg - 1);
        const __int128 r1 = (__int128)w->lr * ((__int128)1 << (w->bg - 1)) + c / 2 + c * (Gq + 1);
        const __int128 wq = ((__int128)1 << w->wb) + 1;
        const __int128 r2 = (__int128)w->Bp * Gq * ((__int128)1 << (w->ab - 1)) +
                            ((__int128)1 << w->ush) * (wq + 1);
        const __int128 r3 = (__int128)w->Bp * Gq + ((__int128)1 << w->bsh) * (wq + 1);
        if (r1 >= P || r2 >= P || r3 >= P) return ZP_ERR_UNSUPPORTED;
    }
    w->mse = cfg->loss == ZP_LOSS_MSE;
    /* MSE: the clamp's U+- (32 bits) hold the scaled difference, |z - y|
     * < 2^ab; the rounding shift sa - sg is a range of at most 32 bits */
    if (w->mse && (w->sg >= w->sa ? w->ab + (w->sg - w->sa) > 31 : w->sa - w->sg > 32))
        return ZP_ERR_UNSUPPORTED;
    w->mom = cfg->mom_num;
    w->ms = cfg->mom_shift;
    if (w->mom) {
        const __int128 A = (__int128)1 << (w->ab - 1), G = (__int128)1 << (w->bg - 1),
                       B = cfg->batch_size;
        if (!mom_bits(&w->kv[0], cfg, B * G * A, w->ush, w->wb) ||
            !mom_bits(&w->kv[1], cfg, B * G, w->bsh, w->wb))
            return ZP_ERR_UNSUPPORTED;
    }
    return ZP_OK;
}

static zp_err wit_public(zp_train_wit *w) {
    const size_t Bp = w->Bp, DL = w->D[w->L];
    const unsigned L = w->L;
    w->o = nw_pub(w, Bp);
    w->onesB = nw_pub(w, Bp);
    w->Vrow = nw_pub(w, Bp);
    w->onesD = nw_pub(w, DL);
    w->Ocol = nw_pub(w, DL);
    w->OcolF = nw_pub(w, Bp * DL);
    w->Orow = nw_pub(w, Bp * DL);
    /* I[0] (D[0] x D[0], 8 MiB for 1024 features) is read by the records'
     * transpose only (records_input): zp_train_wit_records builds it */
    for (unsigned l = 1; l <= L; l++) w->I[l] = nw_pub(w, w->D[l] * w->D[l]);
    w->tidx = nw_pub(w, (size_t)1 << w->de);
    w->texp = nw_pub(w, (size_t)1 << w->de);
    if (w->oom) return ZP_ERR_NOMEM;
    for (size_t r = 0; r < Bp; r++) {
        w->o[r] = r < w->n;
        w->onesB[r] = 1;
        w->Vrow[r] = r < w->n;
    }
    for (size_t j = 0; j < DL; j++) {
        w->onesD[j] = j < w->d[L];
        w->Ocol[j] = j < w->d[L];
    }
    for (size_t r = 0; r < Bp; r++)
        for (size_t j = 0; j < DL; j++) {
            w->OcolF[r * DL + j] = j < w->d[L];
            w->Orow[r * DL + j] = j < w->d[L] && r < w->n;
        }
    for (unsigned l = 1; l <= L; l++)
        for (size_t j = 0; j < w->D[l]; j++) w->I[l][j * w->D[l] + j] = 1;
    const size_t T = (size_t)1 << w->de;
    int64_t *tab = malloc(T * sizeof(int64_t));
    if (!tab) return ZP_ERR_NOMEM;
    zp_err e = zp_fx_exp_table(tab, w->de, w->se, w->sa);
    for (size_t k = 0; k < T && e == ZP_OK; k++) {
        w->tidx[k] = k;
        w->texp[k] = fe(tab[k]);
    }
    free(tab);
    if (e != ZP_OK) return e;
    if (w->d[0] != w->D[0] || w->n != Bp) {
        w->PX = nw_pub(w, w->D[0] * Bp);
        if (!w->PX) return ZP_ERR_NOMEM;
        for (size_t k = 0; k < w->D[0]; k++)
            for (size_t r = 0; r < Bp; r++) w->PX[k * Bp + r] = k >= w->d[0] || r >= w->n;
    }
    for (unsigned l = 0; l < L; l++) {
        const size_t Do = w->D[l + 1], Di = w->D[l];
        if (w->d[l + 1] != Do || w->d[l] != Di) {
            if (!(w->PW[l] = nw_pub(w, Do * Di))) return ZP_ERR_NOMEM;
            for (size_t j = 0; j < Do; j++)
                for (size_t k = 0; k < Di; k++) w->PW[l][j * Di + k] = j >= w->d[l + 1] || k >= w->d[l];
        }
        if (w->d[l + 1] != Do) {
            if (!(w->Pb[l] = nw_pub(w, Do))) return ZP_ERR_NOMEM;
            for (size_t j = w->d[l + 1]; j < Do; j++) w->Pb[l][j] = 1;
        }
    }
    return ZP_OK;
}

static int64_t fe_signed(zp_fe v);

/* Saturation witness: v -> (sat, U+, S = U+ + U-) (clamp_rel). */
static void sat3(int64_t v, int64_t lo, int64_t hi, zp_fe *s, zp_fe *up, zp_fe *us, int64_t *out) {
    int64_t c = zp_fx_clamp(v, lo, hi);
    *s = fe(c);
    *up = fe(zp_fx_pos(v - c)); /* constant time (zkml.h helpers) */
    *us = fe(zp_fx_pos(v - c) + zp_fx_pos(c - v));
    if (out) *out = c;
}

/* Momentum witness of entry i of part (0: W, 1: b) of layer l: Mv = mv,
 * Mn = rdiv2(mom mv, ms) + d with remainder Rmm, limbs of Mn + 2^(kv-1);
 * returns Mn (d itself without momentum). */
static int64_t mom_entry(zp_train_wit *w, unsigned part, unsigned l, size_t i, int64_t mv,
                         int64_t d, int64_t mom) {
    if (!w->mom) return d;
    int64_t rm = 0, qm = 0;
    if (w->has_v) {
        qm = zp_fx_rdiv2(mom * mv, w->ms, &rm);
        w->Mv[part][l][i] = fe(mv);
        w->Rmm[part][l][i] = fe(rm);
    }
    const int64_t mn = qm + d;
    w->Mn[part][l][i] = fe(mn);
    if (w->kv[part] > 32) {
        const uint64_t u = (uint64_t)(mn + ((int64_t)1 << (w->kv[part] - 1)));
        w->Ml[part][l][i] = u & 0xffffffffu;
        w->Mh[part][l][i] = u >> 32;
    }
    return mn;
}

/* MSE witness (docs/spec/train-step.md 2.6): ZB, the one-hot Yoh, the
 * clamp witnesses and remainders; the gradient into gi (batch-major). z:
 * the logits, feature-major. */
static void mse_values(zp_train_wit *w, const int64_t *z, const zp_fxdata *ds,
                       const uint32_t *idx, int64_t *gi, int tamper) {
    const size_t Bp = w->Bp, DL = w->D[w->L], dL = w->d[w->L];
    const int64_t Hg = (int64_t)1 << (w->bg - 1);
    for (size_t r = 0; r < Bp; r++) {
        const int32_t y = r < w->n ? ds->label[idx[r]] : -1;
        for (size_t j = 0; j < DL; j++) {
            const size_t i = r * DL + j;
            const int64_t zv = z[j * Bp + r];
            int64_t oh = (r < w->n && j < dL) ? (int64_t)(zp_fx_eq_mask((int64_t)j, y) & 1) : 0;
            if (tamper == ZP_TRAIN_TAMPER_TARGET && r == 0) oh *= 2;
            w->ZB[i] = fe(zv);
            w->Yoh[i] = fe(oh);
            const int64_t diff = zv - oh * ((int64_t)1 << w->sa);
            int64_t q, rq = 0, g;
            if (w->sg >= w->sa) q = diff * ((int64_t)1 << (w->sg - w->sa));
            else q = zp_fx_rdiv2(diff, w->sa - w->sg, &rq);
            if (w->Rq) w->Rq[i] = fe(rq);
            zp_fe gs;
            sat3(q, -Hg, Hg - 1, &gs, &w->UpQ[i], &w->UsQ[i], &g);
            gi[i] = g;
        }
    }
}

/* Examples per block of the forward products, entries of dW per block of
 * the backward ones (wit_values). */
#define WIT_RB 64
#define WIT_KB 128

static zp_err wit_values(zp_train_wit *w, zp_mlp *w_after, zp_mlp *v_after, const zp_mlp *m,
                         const zp_mlp *v, const zp_fxdata *ds, const uint32_t *idx,
                         int tamper) {
    const unsigned L = w->L;
    const size_t n = w->n, Bp = w->Bp;
    const int64_t A = (int64_t)1 << (w->ab - 1), Hw = (int64_t)1 << (w->wb - 1);
    zp_err e = ZP_OK;
    const zp_wit_colsum_fn colsum = zp_wit_colsum_best();
    const zp_wit_dots_fn dots = zp_wit_dots_best();
    const zp_wit_lookup_fn lookup = zp_wit_lookup_best();
    int over = 0; /* a checked update left weight_bits */
    int64_t *xi[ZP_ZKML_MAX_LAYERS + 1] = {0}, *upi[ZP_ZKML_MAX_LAYERS] = {0};
    int64_t *gi = NULL, *gprev = NULL, *gu = NULL, *gt = NULL, *tab = NULL;
    for (unsigned l = 0; l <= L; l++)
        if (!(xi[l] = calloc(w->D[l] * Bp, sizeof(int64_t)))) e = ZP_ERR_NOMEM;
    for (unsigned l = 0; l < L; l++)
        if (!(upi[l] = calloc(w->D[l + 1] * Bp, sizeof(int64_t)))) e = ZP_ERR_NOMEM;
    size_t Dmax = 0;
    for (unsigned l = 0; l <= L; l++) Dmax = w->D[l] > Dmax ? w->D[l] : Dmax;
    gi = calloc(Bp * Dmax, sizeof(int64_t));
    gprev = calloc(Bp * Dmax, sizeof(int64_t));
    gu = calloc(Bp * Dmax, sizeof(int64_t));
    gt = malloc(Bp * Dmax * sizeof(int64_t));
    tab = malloc(((size_t)1 << w->de) * sizeof(int64_t));
    int64_t *emr = malloc(w->D[L] * sizeof(int64_t)), *ddr = malloc(w->D[L] * sizeof(int64_t));
    if (!gi || !gprev || !gu || !gt || !tab || !emr || !ddr) e = ZP_ERR_NOMEM;
    if (e == ZP_OK) e = zp_fx_exp_table(tab, w->de, w->se, w->sa);
    /* input, feature-major */
    w->X0 = nw(w, w->D[0] * Bp);
    if (w->oom) e = ZP_ERR_NOMEM;
    /* The batch indices are public; a record's label and values are not:
     * their range checks are branch-free and only the outcome (the error
     * return) is declassified (src/common/ctime.h).  A label is in range
     * exactly when it is below d[L] as an unsigned value; x in [-A, A)
     * exactly when x + A (mod 2^64) is below 2^ab. */
    uint64_t bad = 0;
    for (size_t r = 0; r < n && e == ZP_OK; r++) {
        if (idx[r] >= ds->n) {
            e = ZP_ERR_ARG;
            break;
        }
        bad |= (uint64_t)((uint32_t)ds->label[idx[r]] >= w->d[L]);
        for (size_t k = 0; k < w->d[0]; k++) {
            int64_t xv = ds->x[(size_t)idx[r] * w->d[0] + k];
            bad |= ((uint64_t)xv + (uint64_t)A) >> w->ab;
            xi[0][k * Bp + r] = xv;
            w->X0[k * Bp + r] = fe(xv);
        }
    }
    ZP_DECLASSIFY(&bad, sizeof bad);
    if (e == ZP_OK && bad) e = ZP_ERR_ARG;
    /* forward */
    for (unsigned l = 0; l < L && e == ZP_OK; l++) {
        const size_t Do = w->D[l + 1], Di = w->D[l], dout = w->d[l + 1], din = w->d[l];
        const int last = l + 1 == L;
        w->W[l] = nw(w, Do * Di);
        w->b[l] = nw(w, Do);
        w->Y[l] = nw(w, Do * Bp);
        w->Up[l] = nw(w, Do * Bp);
        w->Us[l] = nw(w, Do * Bp);
        w->Rm[l] = nw(w, Do * Bp);
        if (w->oom) { e = ZP_ERR_NOMEM; break; }
        for (size_t j = 0; j < dout; j++) {
            for (size_t k = 0; k < din; k++) w->W[l][j * Di + k] = fe(m->w[l][j * din + k]);
            w->b[l][j] = fe(m->b[l][j]);
        }
        /* entries independent: parallel over the output features (the
         * integers are the same for any thread count).  A block of WIT_RB
         * examples at a time, by the colsum kernel along contiguous rows of
         * the feature-major input (wit_kern.h: exact sums, the same words
         * on every backend) */
        #pragma omp parallel for schedule(static)
        for (size_t j = 0; j < Do; j++) {
            int64_t acc[WIT_RB];
            for (size_t r0 = 0; r0 < n; r0 += WIT_RB) {
                const size_t nb = n - r0 < WIT_RB ? n - r0 : WIT_RB;
                for (size_t rr = 0; rr < nb; rr++) acc[rr] = 0;
                if (j < dout) {
                    colsum(acc, m->w[l] + j * din, din, xi[l] + r0, Bp, nb);
                    const int64_t bj = m->b[l][j] * ((int64_t)1 << w->sa);
                    for (size_t rr = 0; rr < nb; rr++) acc[rr] += bj;
                }
                for (size_t rr = 0; rr < nb; rr++) {
                    int64_t rem, q = zp_fx_rdiv2(acc[rr], w->sw, &rem), y;
                    size_t i = j * Bp + r0 + rr;
                    w->Rm[l][i] = fe(rem);
                    sat3(q, last ? -A : 0, A - 1, &w->Y[l][i], &w->Up[l][i], &w->Us[l][i], &y);
                    xi[l + 1][i] = y;
                    upi[l][i] = zp_fx_pos(q - y);
                }
            }
            zp_memzero(acc, sizeof acc);
        }
    }
    /* softmax, batch-major */
    const size_t DL = w->D[L], dL = w->d[L];
    const size_t nz = Bp * DL;
    zp_fe **sm[] = {&w->ZB, &w->Dm, &w->Sel, &w->dd, &w->Cu, &w->e, &w->Em, &w->SB,
                    &w->PS, &w->P, &w->rr, &w->Rc, &w->Yoh};
    for (size_t i = 0; i < sizeof sm / sizeof *sm && e == ZP_OK; i++) *sm[i] = nw(w, nz);
    if (e == ZP_OK) {
        w->mx = nw(w, Bp); w->S = nw(w, Bp); w->h = nw(w, Bp); w->t = nw(w, Bp);
        w->G[L - 1] = nw(w, nz);
        if (w->oom) e = ZP_ERR_NOMEM;
    }
    if (e == ZP_OK && w->mse) {
        w->UpQ = nw(w, nz);
        w->UsQ = nw(w, nz);
        if (w->sg < w->sa) w->Rq = nw(w, nz);
        if (w->oom) e = ZP_ERR_NOMEM;
        else mse_values(w, xi[L], ds, idx, gi, tamper);
    }
    const int64_t Hd = ((int64_t)1 << w->de) - 1, one = (int64_t)1 << w->sg;
    for (size_t r = 0; r < Bp && e == ZP_OK && !w->mse; r++) {
        const int real = r < n;
        int64_t mxv = 0;
        size_t am = 0;
        if (real) { /* constant time: masked argmax, max and one-hot */
            am = zp_fx_argmax(xi[L] + r, dL, Bp);
            for (size_t j = 0; j < dL; j++) {
                const uint64_t s = zp_fx_eq_mask((int64_t)j, (int64_t)am);
                mxv = zp_fx_select(s, xi[L][j * Bp + r], mxv);
                w->Sel[r * DL + j] = s & 1;
            }
            if (tamper == ZP_TRAIN_TAMPER_MAX && r == 0) mxv += 1;
        }
        w->mx[r] = fe(mxv);
        int64_t S = 0;
        for (size_t j = 0; j < DL; j++) {
            size_t i = r * DL + j;
            int64_t z = xi[L][j * Bp + r];
            w->ZB[i] = fe(z);
            int64_t dm = (real && j < dL) ? mxv - z : 0;
            int64_t ddv = zp_fx_select(zp_fx_lt_mask(Hd, dm), Hd, dm);
            w->Dm[i] = fe(dm);
            w->dd[i] = fe(ddv);
            w->Cu[i] = fe(dm - ddv);
            ddr[j] = ddv;
        }
        /* exp by table scans where the index is witness; at the padding
         * (j >= dL or r >= n, public) dm = 0, so the index is 0 */
        const size_t nl = real ? dL : 0;
        lookup(emr, tab, (size_t)Hd + 1, ddr, nl);
        for (size_t j = nl; j < DL; j++) emr[j] = tab[0];
        for (size_t j = 0; j < DL; j++) {
            size_t i = r * DL + j;
            w->e[i] = fe(emr[j]);
            emr[j] = j < dL ? emr[j] : 0;
            w->Em[i] = fe(emr[j]);
            S += emr[j];
        }
        w->S[r] = fe(S);
        w->h[r] = fe(S / 2);
        w->t[r] = fe(S & 1);
        const int32_t y = real ? ds->label[idx[r]] : -1;
        for (size_t j = 0; j < dL; j++) {
            size_t i = r * DL + j;
            const int64_t em = emr[j];
            int64_t rem, p = zp_fx_rdiv(em * one, S, &rem);
            w->SB[i] = fe(S);
            w->P[i] = fe(p);
            w->PS[i] = fe(p * S);
            w->rr[i] = fe(rem);
            w->Rc[i] = fe(S - 1 - rem);
            int64_t g = 0;
            if (real) {
                const uint64_t oh = zp_fx_eq_mask((int64_t)j, y);
                g = p - (one & (int64_t)oh);
                w->Yoh[i] = oh & 1;
            }
            gi[r * DL + j] = g;
        }
    }
    if (e == ZP_OK && tamper == ZP_TRAIN_TAMPER_GRAD) gi[0] += 1;
    if (e == ZP_OK)
        for (size_t i = 0; i < nz; i++) w->G[L - 1][i] = fe(gi[i]);

    /* backward and update */
    for (unsigned l = L; l-- > 0 && e == ZP_OK;) {
        const size_t Do = w->D[l + 1], Di = w->D[l], dout = w->d[l + 1], din = w->d[l];
        const int64_t lr = (tamper == ZP_TRAIN_TAMPER_LR && l + 1 == L) ? w->lr + 1 : w->lr;
        w->Wn[l] = nw(w, Do * Di); w->Ru[l] = nw(w, Do * Di);
        w->bn[l] = nw(w, Do); w->Rb[l] = nw(w, Do);
        const int64_t mom = (tamper == ZP_TRAIN_TAMPER_MOM && l + 1 == L) ? w->mom + 1 : w->mom;
        for (unsigned part = 0; part < 2 && w->mom; part++) {
            const size_t sz = part ? Do : Do * Di;
            w->Mn[part][l] = nw(w, sz);
            if (w->has_v) { w->Mv[part][l] = nw(w, sz); w->Rmm[part][l] = nw(w, sz); }
            if (w->kv[part] > 32) { w->Ml[part][l] = nw(w, sz); w->Mh[part][l] = nw(w, sz); }
        }
        if (!w->mom) {
            w->Gu[l] = nw(w, Bp * Do);
            if (w->fc) w->Rgu[l] = nw(w, Bp * Do);
        }
        if (w->oom) { e = ZP_ERR_NOMEM; break; }
        /* plain SGD: the fold G' = rdiv2(lr G, c) (2.3) over every entry
         * (the padding of G is zero, so G' is 0 and Rg' = 2^(c-1) there);
         * the update then multiplies by 1 */
        const int64_t *gd = gi, lrm = w->mom ? lr : 1;
        if (!w->mom) {
            for (size_t i = 0; i < Bp * Do; i++) {
                int64_t rg;
                gu[i] = zp_zkml_rdiv2z(lr * gi[i], w->fc, &rg);
                if (w->fc) w->Rgu[l][i] = fe(rg);
            }
            if (tamper == ZP_TRAIN_TAMPER_GU && l + 1 == L && w->fc) {
                /* G' + 1 with Rg' - 2^c: the fold relation holds */
                gu[0] += 1;
                w->Rgu[l][0] = gl_sub(w->Rgu[l][0], (zp_fe)1 << w->fc);
            }
            for (size_t i = 0; i < Bp * Do; i++) w->Gu[l][i] = fe(gu[i]);
            gd = gu;
        }
        /* gd transposed (feature-major, as xi): the entries of dW below
         * are then dot products of contiguous rows, WIT_KB at a time by
         * the dots kernel (wit_kern.h) */
        for (size_t r = 0; r < Bp; r++)
            for (size_t j = 0; j < Do; j++) gt[j * Bp + r] = gd[r * Do + j];
        #pragma omp parallel for schedule(static) reduction(| : over)
        for (size_t j = 0; j < Do; j++) {
            const int64_t *gj = gt + j * Bp;
            int64_t dwb[WIT_KB];
            for (size_t k = 0; k < Di; k++) {
                const int real = j < dout && k < din;
                /* padded inputs (k >= din, public) are zero */
                if (k % WIT_KB == 0 && k < din)
                    dots(dwb, gj, Bp, xi[l] + k * Bp, Bp, din - k < WIT_KB ? din - k : WIT_KB);
                int64_t dw = k < din ? dwb[k % WIT_KB] : 0;
                dw = mom_entry(w, 0, l, j * Di + k, (real && v) ? v->w[l][j * din + k] : 0, dw,
                               mom);
                if (v_after && real) v_after->w[l][j * din + k] = dw;
                int64_t ru, qu = zp_zkml_rdiv2z(lrm * dw, w->ush, &ru);
                int64_t wold = (j < dout && k < din) ? m->w[l][j * din + k] : 0;
                size_t i = j * Di + k;
                const int64_t wn = wold - qu;
                over |= (wn < -Hw) | (wn >= Hw);
                w->Ru[l][i] = fe(ru);
                w->Wn[l][i] = fe(wn);
                if (w_after && j < dout && k < din) w_after->w[l][j * din + k] = wn;
            }
            int64_t db = 0;
            for (size_t r = 0; r < Bp; r++) db += gj[r];
            db = mom_entry(w, 1, l, j, (j < dout && v) ? v->b[l][j] : 0, db, mom);
            if (v_after && j < dout) v_after->b[l][j] = db;
            int64_t rb, qb = zp_zkml_rdiv2z(lrm * db, w->bsh, &rb);
            int64_t bold = j < dout ? m->b[l][j] : 0;
            const int64_t bnv = bold - qb;
            over |= (bnv < -Hw) | (bnv >= Hw);
            w->Rb[l][j] = fe(rb);
            w->bn[l][j] = fe(bnv);
            if (w_after && j < dout) w_after->b[l][j] = bnv;
            zp_memzero(dwb, sizeof dwb);
        }
        if (l == 0) break;
        const size_t nzl = Bp * Di;
        const int64_t Hg = (int64_t)1 << (w->bg - 1);
        zp_fe **bl[] = {&w->Gs[l], &w->UpG[l], &w->UsG[l], &w->Rg[l], &w->YB[l], &w->UpB[l],
                        &w->Ey[l], &w->Iy[l], &w->Eu[l], &w->Iu[l], &w->Mk[l], &w->G[l - 1]};
        for (size_t i = 0; i < sizeof bl / sizeof *bl; i++) *bl[i] = nw(w, nzl);
        if (w->oom) { e = ZP_ERR_NOMEM; break; }
        #pragma omp parallel for schedule(static)
        for (size_t r = 0; r < Bp; r++)
            for (size_t k = 0; k < Di; k++) {
                int64_t u = 0;
                for (size_t j = 0; j < dout; j++)
                    if (k < din) u += gi[r * Do + j] * m->w[l][j * din + k];
                int64_t rgv, qg = zp_fx_rdiv2(u, w->sw, &rgv), gs;
                size_t i = r * Di + k;
                w->Rg[l][i] = fe(rgv);
                sat3(qg, -Hg, Hg - 1, &w->Gs[l][i], &w->UpG[l][i], &w->UsG[l][i], &gs);
                int64_t yv = xi[l][k * Bp + r], uv = upi[l - 1][k * Bp + r];
                w->YB[l][i] = fe(yv);
                w->UpB[l][i] = fe(uv);
                /* the inverses (0 for 0) by one batch inversion below */
                const uint64_t zy = zp_fx_eq_mask(yv, 0), zu = zp_fx_eq_mask(uv, 0);
                w->Ey[l][i] = ~zy & 1;
                w->Iy[l][i] = fe(yv);
                w->Eu[l][i] = ~zu & 1;
                w->Iu[l][i] = fe(uv);
                const uint64_t mk = ~zy & zu;
                w->Mk[l][i] = mk & 1;
                gprev[i] = gs & (int64_t)mk;
                w->G[l - 1][i] = fe(gprev[i]);
            }
        {
            /* Iy = 1/YB, Iu = 1/UpB (zero to zero): Montgomery's trick,
             * constant time (zp_fe_batch_inv); the scratch holds products
             * of witness values and is wiped */
            zp_fe *scr = malloc(nzl * sizeof(zp_fe));
            if (!scr) { e = ZP_ERR_NOMEM; break; }
            zp_fe_batch_inv(w->Iy[l], w->Iy[l], nzl, scr);
            zp_fe_batch_inv(w->Iu[l], w->Iu[l], nzl, scr);
            zp_memzero(scr, nzl * sizeof(zp_fe));
            free(scr);
        }
        int64_t *tmp = gi; gi = gprev; gprev = tmp;
    }
    if (e == ZP_OK && tamper == ZP_TRAIN_TAMPER_WAFTER) {
        w->Wn[0][0] = gl_add(w->Wn[0][0], 1);
        if (w_after) w_after->w[0][0] += 1;
    }
    /* the checked update (docs/spec/train-step.md 2.3): a weight or bias
     * outside weight_bits refuses the step, as zp_trainer_step does; the
     * cheating witness ZP_TRAIN_TAMPER_WOVER keeps it */
    ZP_DECLASSIFY(&over, sizeof over); /* public: the step is refused */
    if (e == ZP_OK && over && tamper != ZP_TRAIN_TAMPER_WOVER) e = ZP_ERR_UNSUPPORTED;
    if (e == ZP_OK && tamper == ZP_TRAIN_TAMPER_RU) {
        /* W_after[0][0] + 1 with Ru + 2^ush: the update relation holds */
        w->Wn[0][0] = gl_add(w->Wn[0][0], 1);
        w->Ru[0][0] = gl_add(w->Ru[0][0], (zp_fe)1 << w->ush);
        if (w_after) w_after->w[0][0] += 1;
    }
    if (e == ZP_OK && tamper == ZP_TRAIN_TAMPER_GUWIDE && !w->mom && w->fc) {
        /* Rg' off by one but in range, G' the field quotient (lr G +
         * 2^(c-1) - Rg') / 2^c: the fold relation holds, G' is no integer */
        const unsigned l = L - 1;
        const zp_fe ic = zp_fe_inv((zp_fe)1 << w->fc);
        const int up = w->Rgu[l][0] + 1 < ((zp_fe)1 << w->fc);
        w->Rgu[l][0] = up ? gl_add(w->Rgu[l][0], 1) : gl_sub(w->Rgu[l][0], 1);
        w->Gu[l][0] = up ? gl_sub(w->Gu[l][0], ic) : gl_add(w->Gu[l][0], ic);
    }
    if (e == ZP_OK && tamper == ZP_TRAIN_TAMPER_VAFTER && w->mom) {
        w->Mn[0][0][0] = gl_add(w->Mn[0][0][0], 1);
        if (w->kv[0] > 32) w->Ml[0][0][0] = gl_add(w->Ml[0][0][0], 1); /* limbs agree */
        if (v_after) v_after->w[0][0] += 1;
    }
    for (unsigned l = 0; l <= L; l++) { if (xi[l]) zp_memzero(xi[l], w->D[l] * Bp * sizeof(int64_t)); free(xi[l]); }
    for (unsigned l = 0; l < L; l++) free(upi[l]);
    if (gi) zp_memzero(gi, Bp * Dmax * sizeof(int64_t));
    if (gprev) zp_memzero(gprev, Bp * Dmax * sizeof(int64_t));
    if (gu) zp_memzero(gu, Bp * Dmax * sizeof(int64_t));
    if (gt) zp_memzero(gt, Bp * Dmax * sizeof(int64_t));
    if (emr) zp_memzero(emr, w->D[L] * sizeof(int64_t));
    if (ddr) zp_memzero(ddr, w->D[L] * sizeof(int64_t));
    free(gi); free(gprev); free(gu); free(gt); free(tab); free(emr); free(ddr);
    return e;
}

zp_err zp_train_wit_build(zp_train_wit **out, zp_mlp *w_after, const zp_train_config *cfg,
                          const zp_mlp *m, const zp_fxdata *ds, const uint32_t *idx,
                          size_t n, int tamper) {
    return zp_train_wit_build_v(out, w_after, NULL, cfg, m, NULL, ds, idx, n, tamper);
}

zp_err zp_train_wit_build_v(zp_train_wit **out, zp_mlp *w_after, zp_mlp *v_after,
                            const zp_train_config *cfg, const zp_mlp *m, const zp_mlp *v,
                            const zp_fxdata *ds, const uint32_t *idx, size_t n, int tamper) {
    if (!out) return ZP_ERR_ARG;
    *out = NULL;
    if (!cfg || !m || !ds || !ds->x || !ds->label || !idx || m->n_layers != cfg->n_layers ||
        ds->n_features != cfg->dims[0] || (v && (!cfg->mom_num || v->n_layers != cfg->n_layers)) ||
        (v_after && (!cfg->mom_num || v_after->n_layers != cfg->n_layers)))
        return ZP_ERR_ARG;
    for (unsigned l = 0; l <= cfg->n_layers; l++)
        if (m->dims[l] != cfg->dims[l] || (w_after && w_after->dims[l] != cfg->dims[l]) ||
            (v && v->dims[l] != cfg->dims[l]) || (v_after && v_after->dims[l] != cfg->dims[l]))
            return ZP_ERR_ARG;
    /* MSE targets other than the labels' one-hot rows are not proven */
    if (cfg->loss == ZP_LOSS_MSE && ds->targets) return ZP_ERR_UNSUPPORTED;
    zp_train_wit *w = calloc(1, sizeof *w);
    if (!w) return ZP_ERR_NOMEM;
    zp_err e = wit_shapes(w, cfg, n);
    w->has_v = v != NULL;
    if (e == ZP_OK) e = wit_public(w);
    if (e == ZP_OK && tamper == ZP_TRAIN_TAMPER_RECORD) {
        /* the honest W_after of this batch, then the step on a batch whose
         * first record is another one, claiming that W_after */
        zp_train_wit *hw = NULL;
        uint32_t *idx2 = malloc(n * sizeof *idx2);
        if (!idx2) e = ZP_ERR_NOMEM;
        if (e == ZP_OK)
            e = zp_train_wit_build_v(&hw, NULL, NULL, cfg, m, v, ds, idx, n, ZP_TRAIN_HONEST);
        if (e == ZP_OK) {
            memcpy(idx2, idx, n * sizeof *idx2);
            idx2[0] = (uint32_t)((idx2[0] + 1) % ds->n);
            e = wit_values(w, NULL, NULL, m, v, ds, idx2, ZP_TRAIN_HONEST);
        }
        for (unsigned l = 0; l < w->L && e == ZP_OK; l++) {
            memcpy(w->Wn[l], hw->Wn[l], w->D[l + 1] * w->D[l] * sizeof(zp_fe));
            memcpy(w->bn[l], hw->bn[l], w->D[l + 1] * sizeof(zp_fe));
        }
        zp_train_wit_free(hw);
        free(idx2);
    } else if (e == ZP_OK) {
        e = wit_values(w, w_after, v_after, m, v, ds, idx, tamper);
    }
    if (e != ZP_OK) {
        zp_train_wit_free(w);
        return e;
    }
    *out = w;
    return ZP_OK;
}

/* A field element as the signed integer of least magnitude (records are
 * encoded with zp_fe_from_i64); branch-free. */
static int64_t fe_signed(zp_fe v) {
    v = gl_canon(v);
    return (int64_t)(v - (GL_P & (0 - (uint64_t)(v > GL_P / 2))));
}

zp_err zp_train_wit_records(zp_train_wit *w, const zp_train_rec *rec, const zp_fe *Qt) {
    if (!w || !rec || !rec->ds) return ZP_ERR_ARG;
    const zp_train_dataset *ds = rec->ds;
    const unsigned lw = ds->log_width;
    if (lw < 1 || lw > 20 || ds->n_features != w->d[0] || rec->log_size != w->lb + lw)
        return ZP_ERR_ARG;
    const size_t W = (size_t)1 << lw, Bp = w->Bp, D0 = w->D[0], d0 = w->d[0];
    const size_t DL = w->D[w->L], dL = w->d[w->L];
    if ((uint64_t)ds->feature_col + d0 > W || ds->label_col >= W) return ZP_ERR_ARG;
    /* the rescale's field identity must not wrap (7.3): |2^s v + Rm| and
     * |2^-s q| stay far below p for |v - X_0| < 2^32 */
    const int rsh = (int)ds->feature_scale - (int)w->sa;
    if (rsh > 28 || rsh < -28 || w->lb + lw > 28) return ZP_ERR_UNSUPPORTED;
    w->rec = rec;
    w->lw = lw;
    w->rsh = rsh;
    w->SelT = nw_pub(w, D0 * W);
    w->Elab = nw_pub(w, W);
    w->Cls = nw_pub(w, DL);
    if (!w->I[0]) w->I[0] = nw_pub(w, D0 * D0);
    if (w->oom) return ZP_ERR_NOMEM;
    for (size_t j = 0; j < D0; j++) w->I[0][j * D0 + j] = 1;
    for (size_t f = 0; f < d0; f++) /* W x D0: column feature_col + f -> f */
        w->SelT[(ds->feature_col + f) * D0 + f] = rsh < 0 ? (zp_fe)1 << -rsh : 1;
    w->Elab[ds->label_col] = 1;
    for (size_t j = 0; j < dL; j++) w->Cls[j] = j;
    if (!Qt) return ZP_OK; /* verifier: the tables only */
    w->Qt = Qt;
    w->Lab = nw(w, Bp);
    w->XB = nw(w, D0 * Bp);
    w->XUp = nw(w, D0 * Bp);
    w->XUs = nw(w, D0 * Bp);
    if (rsh > 0) w->XRm = nw(w, D0 * Bp);
    if (w->oom) return ZP_ERR_NOMEM;
    const int64_t A = (int64_t)1 << (w->ab - 1), lim = (int64_t)1 << 61;
    zp_err e = ZP_OK;
    for (size_t r = 0; r < Bp; r++) {
        const zp_fe *row = Qt + r * W;
        const int real = r < w->n;
        if (!real) { /* padding rows of Q_t are zero (the gather forces it) */
            for (size_t c = 0; c < W; c++) e = row[c] ? ZP_ERR_ARG : e;
        }
        for (size_t f = 0; f < D0; f++) {
            const int64_t q = (real && f < d0) ? fe_signed(row[ds->feature_col + f]) : 0;
            int64_t v, rm = 0;
            if (q >= lim || q <= -lim) { e = ZP_ERR_UNSUPPORTED; v = 0; }
            else if (rsh > 0) v = zp_fx_rdiv2(q, (unsigned)rsh, &rm);
            else {
                const __int128 t = (__int128)q * ((int64_t)1 << -rsh);
                v = t >= lim ? lim : (t <= -lim ? -lim : (int64_t)t);
            }
            const int64_t x = zp_fx_clamp(v, -A, A - 1);
            const int64_t up = zp_fx_pos(v - x), um = zp_fx_pos(x - v);
            /* the clamp's S = U+ + U- is a 32-bit range: records beyond it
             * cannot be proven */
            if (up + um >= ((int64_t)1 << 32)) e = ZP_ERR_UNSUPPORTED;
            /* the step's input is exactly the rescaled record */
            if (real && f < d0 && x != zp_fx_rescale(q, ds->feature_scale, w->sa, w->ab))
                e = ZP_ERR_INTERNAL;
            const size_t i = r * D0 + f;
            if (fe(x) != w->X0[f * Bp + r]) e = e == ZP_OK ? ZP_ERR_ARG : e;
            w->XB[i] = fe(x);
            w->XUp[i] = fe(up);
            w->XUs[i] = fe(up + um);
            if (rsh > 0) w->XRm[i] = fe(rm);
        }
        const int64_t lab = real ? fe_signed(row[ds->label_col]) : 0;
        if (real && (lab < 0 || (uint64_t)lab >= dL || w->Yoh[r * DL + (size_t)lab] != 1))
            e = e == ZP_OK ? ZP_ERR_ARG : e;
        w->Lab[r] = fe(lab);
    }
    return e;
}

/* ------------------------------------------------------------------ */
/* The relation checker backend (a "mock prover": every relation is     */
/* evaluated entrywise; nothing is proven).                             */

typedef struct {
    unsigned ls;
    const zp_fe *v;
} ck_t;

typedef struct {
    ck_t *t;
    size_t n, cap, calls, failed;
    zp_rng rng;
    uint64_t ctr;
} ck;

static int ck_planning(void *c) { (void)c; return 0; }

static zp_err ck_add(void *cv, size_t *id, unsigned ls, const zp_fe *v) {
    ck *c = cv;
    if (!v || ls < 1 || ls > 30) return ZP_ERR_ARG;
    if (c->n == c->cap) {
        size_t nc = c->cap ? 2 * c->cap : 64;
        ck_t *p = realloc(c->t, nc * sizeof *p);
        if (!p) return ZP_ERR_NOMEM;
        c->t = p;
        c->cap = nc;
    }
    c->t[c->n] = (ck_t){ls, v};
    *id = c->n++;
    return ZP_OK;
}

static zp_err ck_ext(void *cv, unsigned xk, size_t *id, unsigned ls, const zp_fe *v,
                     uint64_t off, uint64_t moff) {
    (void)xk;
    (void)off;
    (void)moff;
    return ck_add(cv, id, ls, v);
}

static zp_fe2 ck_challenge(void *cv, const char *label) {
    ck *c = cv;
    (void)label;
    uint8_t b[16];
    zp_rng_stream(&c->rng, 0x636b6368u, c->ctr++, b, sizeof b);
    return (zp_fe2){gl_canon(zp_load64_le(b)), gl_canon(zp_load64_le(b + 8))};
}

static zp_err ck_fail(ck *c) {
    c->failed = c->calls;
    return ZP_ERR_VERIFY;
}

static zp_err ck_matmul(void *cv, size_t a, size_t b, unsigned lm, unsigned ln, unsigned lp,
                        unsigned fl, const zp_zkp_tail *tails, size_t nt, zp_fe2 c0,
                        const zp_fe *o) {
    ck *c = cv;
    if (a >= c->n || b >= c->n || c->t[a].ls != lm + ln || c->t[b].ls != ln + lp ||
        nt > ZP_ZKP_MAX_TAILS)
        return ZP_ERR_ARG;
    for (size_t i = 0; i < nt; i++)
        if (tails[i].id >= c->n || c->t[tails[i].id].ls != (tails[i].rows ? lm : lm + lp))
            return ZP_ERR_ARG;
    const size_t M = (size_t)1 << lm, N = (size_t)1 << ln, P = (size_t)1 << lp;
    const zp_fe *Av = c->t[a].v, *Bv = c->t[b].v;
    int bad = 0;
    for (size_t i = 0; i < M && !bad; i++)
        for (size_t j = 0; j < P && !bad; j++) {
            zp_fe s = 0;
            for (size_t k = 0; k < N; k++) {
                zp_fe x = (fl & ZP_TRC_AT) ? Av[k * M + i] : Av[i * N + k];
                zp_fe y = (fl & ZP_TRC_BT) ? Bv[j * N + k] : Bv[k * P + j];
                s = gl_add(s, gl_mul(x, y));
            }
            zp_fe2 acc = gl2_from_fe(s), row = c0;
            for (size_t t = 0; t < nt; t++) {
                const zp_fe *T = c->t[tails[t].id].v;
                if (tails[t].rows) row = gl2_add(row, gl2_mul_fe(tails[t].coeff, T[i]));
                else acc = gl2_add(acc, gl2_mul_fe(tails[t].coeff, T[i * P + j]));
            }
            acc = gl2_add(acc, gl2_mul_fe(row, o ? o[j] : 1));
            bad = acc.c0 != 0 || acc.c1 != 0;
        }
    zp_err e = bad ? ck_fail(c) : ZP_OK;
    c->calls++;
    return e;
}

static zp_err ck_zerocheck(void *cv, unsigned log_n, const zp_zkp_term *terms, size_t k) {
    ck *c = cv;
    if (k < 1 || k > ZP_ZKP_MAX_TERMS) return ZP_ERR_ARG;
    for (size_t i = 0; i < k; i++)
        for (unsigned f = 0; f < terms[i].n_f; f++)
            if (terms[i].n_f > 2 || terms[i].f[f] >= c->n || c->t[terms[i].f[f]].ls != log_n)
                return ZP_ERR_ARG;
    int bad = 0;
    for (size_t x = 0; x < ((size_t)1 << log_n) && !bad; x++) {
        zp_fe2 acc = {0, 0};
        for (size_t i = 0; i < k; i++) {
            zp_fe p = 1;
            for (unsigned f = 0; f < terms[i].n_f; f++) p = gl_mul(p, c->t[terms[i].f[f]].v[x]);
            acc = gl2_add(acc, gl2_mul_fe(terms[i].coeff, p));
        }
        bad = acc.c0 != 0 || acc.c1 != 0;
    }
    zp_err e = bad ? ck_fail(c) : ZP_OK;
    c->calls++;
    return e;
}

static zp_err ck_range(void *cv, size_t id, int64_t off, unsigned kb) {
    ck *c = cv;
    if (id >= c->n || kb < 1 || kb > 32) return ZP_ERR_ARG;
    int bad = 0;
    for (size_t x = 0; x < ((size_t)1 << c->t[id].ls) && !bad; x++) {
        zp_fe v = c->t[id].v[x];
        int64_t sv = v > GL_P / 2 ? -(int64_t)(GL_P - v) : (int64_t)v;
        __int128 s = (__int128)sv + off;
        bad = s < 0 || s >= ((__int128)1 << kb);
    }
    zp_err e = bad ? ck_fail(c) : ZP_OK;
    c->calls++;
    return e;
}

static int cmp_pair(const void *a, const void *b) {
    const zp_fe *x = a, *y = b;
    if (x[0] != y[0]) return x[0] < y[0] ? -1 : 1;
    return (x[1] > y[1]) - (x[1] < y[1]);
}

static zp_err ck_lookup2(void *cv, size_t c0, size_t c1, const zp_fe *t0, const zp_fe *t1,
                         unsigned log_t) {
    ck *c = cv;
    if (c0 >= c->n || c1 >= c->n || c->t[c0].ls != c->t[c1].ls || !t0 || !t1) return ZP_ERR_ARG;
    const size_t T = (size_t)1 << log_t, n = (size_t)1 << c->t[c0].ls;
    zp_fe *tab = malloc(2 * T * sizeof(zp_fe));
    if (!tab) return ZP_ERR_NOMEM;
    for (size_t y = 0; y < T; y++) {
        tab[2 * y] = t0[y];
        tab[2 * y + 1] = t1[y];
    }
    qsort(tab, T, 2 * sizeof(zp_fe), cmp_pair);
    int bad = 0;
    for (size_t x = 0; x < n && !bad; x++) {
        zp_fe key[2] = {c->t[c0].v[x], c->t[c1].v[x]};
        bad = bsearch(key, tab, T, 2 * sizeof(zp_fe), cmp_pair) == NULL;
    }
    free(tab);
    zp_err e = bad ? ck_fail(c) : ZP_OK;
    c->calls++;
    return e;
}

zp_err zp_train_circuit_check(zp_train_wit *w, uint64_t seed, size_t *failed) {
    if (failed) *failed = (size_t)-1;
    if (!w) return ZP_ERR_ARG;
    ck c;
    memset(&c, 0, sizeof c);
    zp_rng_init_u64(&c.rng, seed);
    zp_trc_ops ops = {&c, ck_planning, ck_add, ck_add, ck_challenge, ck_matmul,
                      ck_zerocheck, ck_range, ck_lookup2, ck_ext};
    zp_err e = zp_train_circuit(&ops, w);
    if (e == ZP_ERR_VERIFY && failed) *failed = c.failed;
    free(c.t);
    zp_memzero(&c.rng, sizeof c.rng);
    return e;
}

/* ------------------------------------------------------------------ */
/* The builder backend: the circuit proven with zp_zkp_* (plan pass,    */
/* commit, run pass, finish; docs/spec/train-step.md, "Proof").         */

typedef struct {
    zp_zkp *z;
} bk;

static int bk_planning(void *c) { return zp_zkp_planning(((bk *)c)->z); }

static zp_err bk_witness(void *c, size_t *id, unsigned ls, const zp_fe *v) {
    zp_zkp *z = ((bk *)c)->z;
    return zp_zkp_witness(z, id, ls, zp_zkp_is_prover(z) ? v : NULL);
}

static zp_err bk_pub(void *c, size_t *id, unsigned ls, const zp_fe *v) {
    return zp_zkp_public(((bk *)c)->z, id, ls, v);
}

static zp_fe2 bk_challenge(void *c, const char *label) {
    return zp_zkp_challenge(((bk *)c)->z, label);
}

static zp_err bk_matmul(void *c, size_t a, size_t b, unsigned lm, unsigned ln, unsigned lp,
                        unsigned fl, const zp_zkp_tail *tails, size_t nt, zp_fe2 c0,
                        const zp_fe *o) {
    /* ZP_TRC_AT / ZP_TRC_BT are ZP_ZKP_AT / ZP_ZKP_BT */
    return zp_zkp_matmul_ex(((bk *)c)->z, a, b, lm, ln, lp, fl, tails, nt, c0, o);
}

static zp_err bk_zerocheck(void *c, unsigned log_n, const zp_zkp_term *t, size_t k) {
    return zp_zkp_zerocheck(((bk *)c)->z, log_n, t, k);
}

static zp_err bk_range(void *c, size_t id, int64_t off, unsigned kb) {
    return zp_zkp_range(((bk *)c)->z, id, off, kb);
}

static zp_err bk_lookup2(void *c, size_t c0, size_t c1, const zp_fe *t0, const zp_fe *t1,
                         unsigned log_t) {
    size_t src[2] = {c0, c1};
    return zp_zkp_lookup(((bk *)c)->z, src, 2, t0, t1, log_t);
}

static zp_err bk_ext(void *c, unsigned xk, size_t *id, unsigned ls, const zp_fe *v,
                     uint64_t off, uint64_t moff) {
    zp_zkp *z = ((bk *)c)->z;
    return zp_zkp_external_at(z, xk, id, ls, zp_zkp_is_prover(z) ? v : NULL, off, moff);
}

/* The statement (docs/spec/train-step.md, "Statement"): the config fields
 * the circuit depends on, the step index, the batch size and indices. */
static void absorb_step(zp_transcript *tr, const zp_train_config *cfg, uint64_t step,
                        const uint32_t *idx, size_t n) {
    zp_transcript_absorb_u64(tr, "train/layers", cfg->n_layers);
    for (unsigned l = 0; l <= cfg->n_layers; l++)
        zp_transcript_absorb_u64(tr, "train/dim", cfg->dims[l]);
    const uint64_t f[] = {cfg->act_scale, cfg->act_bits, cfg->weight_scale, cfg->weight_bits,
                          cfg->grad_scale, cfg->grad_bits, cfg->exp_scale,
                          cfg->exp_domain_bits, (uint64_t)cfg->loss, (uint64_t)cfg->lr_num,
                          cfg->lr_shift, (uint64_t)cfg->mom_num, cfg->mom_shift};
    for (size_t i = 0; i < sizeof f / sizeof *f; i++)
        zp_transcript_absorb_u64(tr, "train/format", f[i]);
    zp_transcript_absorb_u64(tr, "train/step", step);
    zp_transcript_absorb_u64(tr, "train/batch", n);
    for (size_t i = 0; i < n; i++) zp_transcript_absorb_u64(tr, "train/index", idx[i]);
}

/* Range limbs of the step (docs/spec/train-step.md, section 6): 16 bits
 * (table [0, 2^16)) once a range-checked tensor (the input or a weight
 * matrix, padded) has 2^14 values or more, where the stacked limb column
 * (~20 limbs per weight for 8-bit limbs) dwarfs the 2^16 table; 8 bits
 * below.  A function of the shapes only: both sides agree. */
static unsigned train_limb_bits(const zp_train_wit *w) {
    unsigned mx = w->ld[0] + w->lb;
    for (unsigned l = 0; l < w->L; l++)
        if (w->ld[l] + w->ld[l + 1] > mx) mx = w->ld[l] + w->ld[l + 1];
    return mx >= 14 ? 16 : 8;
}

static zp_err bk_run(zp_zkp *z, zp_train_wit *w) {
    bk c = {z};
    zp_trc_ops ops = {&c, bk_planning, bk_witness, bk_pub, bk_challenge, bk_matmul,
                      bk_zerocheck, bk_range, bk_lookup2, bk_ext};
    zp_err e = zp_zkp_set_limb_bits(z, train_limb_bits(w));
    if (e == ZP_OK) e = zp_train_circuit(&ops, w);
    if (e == ZP_OK) e = zp_zkp_commit(z);
    if (e == ZP_OK) e = zp_train_circuit(&ops, w);
    if (e == ZP_OK) e = zp_zkp_finish(z);
    return e;
}

/* cfg and the commitment's config agree on the architecture and formats. */
static int same_arch(const zp_train_config *a, const zp_train_config *b) {
    if (a->n_layers != b->n_layers || a->act_scale != b->act_scale ||
        a->act_bits != b->act_bits || a->weight_scale != b->weight_scale ||
        a->weight_bits != b->weight_bits)
        return 0;
    for (unsigned l = 0; l <= a->n_layers; l++)
        if (a->dims[l] != b->dims[l]) return 0;
    return 1;
}

void zp_train_proof_free(uint8_t *proof) { free(proof); }

/* The chaining values of a bound step (docs/spec/train-step.md, section 4):
 * the digests of C_t (W_before) and C_{t+1} (W_after) and the opening index
 * of C_{t+1} this proof uses. */
static void absorb_chain(zp_transcript *tr, const uint8_t before[ZP_MODEL_DIGEST_BYTES],
                         const uint8_t after[ZP_MODEL_DIGEST_BYTES], unsigned after_index) {
    zp_transcript_absorb_bytes(tr, "train/before", before, ZP_MODEL_DIGEST_BYTES);
    zp_transcript_absorb_bytes(tr, "train/after", after, ZP_MODEL_DIGEST_BYTES);
    zp_transcript_absorb_u64(tr, "train/after-index", after_index);
}

/* A linked step (section 4, "Linked steps") also reads W_before from C_t:
 * the opening index of C_t it uses. */
static void absorb_link(zp_transcript *tr, unsigned before_index) {
    zp_transcript_absorb_u64(tr, "train/before-index", before_index);
}

/* The committed weights of cm equal the field embeddings of W (padded
 * D[l+1] x D[l]) and b of layer l, for every layer: 1 if so. */
static int same_weights(const zp_train_wit *w, const zp_mlp *cm, zp_fe *const *W,
                        zp_fe *const *b) {
    int ok = 1;
    for (unsigned l = 0; l < w->L; l++) {
        const size_t din = w->d[l], dout = w->d[l + 1];
        /* every entry compared (no early exit), the output rows split
         * between the threads */
        const long long nj = (long long)dout;
        #pragma omp parallel for schedule(static) reduction(& : ok) if (nj * (long long)din >= 65536)
        for (long long jj = 0; jj < nj; jj++) {
            const size_t j = (size_t)jj;
            int eq = fe(cm->b[l][j]) == b[l][j];
            for (size_t k = 0; k < din; k++) eq &= fe(cm->w[l][j * din + k]) == W[l][j * w->D[l] + k];
            ok &= eq;
        }
    }
    return ok;
}

/* Copies the committed polynomial's tensors of the momentum buffers (after
 * the weights, docs/spec/model-commit.md) into M[0] (M_W) and M[1] (M_b). */
static void copy_velocity(zp_train_wit *w, const zp_model_prover *p, zp_fe *(*M)[ZP_ZKML_MAX_LAYERS]) {
    const zp_model_layout *ly = &p->pub.lay;
    for (unsigned l = 0; l < w->L; l++) {
        memcpy(M[0][l], p->evals + ly->off[2 * w->L + 2 * l],
               w->D[l + 1] * w->D[l] * sizeof(zp_fe));
        memcpy(M[1][l], p->evals + ly->off[2 * w->L + 2 * l + 1], w->D[l + 1] * sizeof(zp_fe));
    }
}

/* The statement's velocity flag (momentum configs only): whether the step
 * starts from a velocity M (1) or from zero (0, the first step). */
static void absorb_velocity(zp_transcript *tr, const zp_train_config *cfg, int has_v) {
    if (cfg->mom_num) zp_transcript_absorb_u64(tr, "train/velocity", has_v ? 1 : 0);
}

/* The records statement of a bound step (7.3): the record layout's root,
 * the block's place and the dataset columns the public tables encode. */
static void absorb_records(zp_transcript *tr, const zp_train_rec *rec) {
    zp_transcript_absorb_digest(tr, "train/records", rec->root);
    const uint64_t f[] = {rec->offset, rec->mask_offset, rec->log_size, rec->ds->log_width,
                          rec->ds->feature_col, rec->ds->n_features, rec->ds->label_col,
                          rec->ds->feature_scale};
    for (size_t i = 0; i < sizeof f / sizeof *f; i++)
        zp_transcript_absorb_u64(tr, "train/records-place", f[i]);
}

/* The deferred claims of a bound step on Q_t (both sides). */
static zp_err take_records_claims(zp_zkp *z, zp_train_rec *rec) {
    rec->n_claims = zp_zkp_deferred_claims(z, 2, rec->claims, ZP_TRAIN_REC_CLAIMS);
    return rec->n_claims == ZP_TRAIN_REC_CLAIMS ? ZP_OK : ZP_ERR_INTERNAL;
}

static zp_err prove_core(uint8_t **proof, size_t *proof_len, zp_mlp *w_after,
                         const zp_train_config *cfg, const zp_mlp *m, const zp_fxdata *ds,
                         uint64_t step, const uint32_t *idx, size_t n, const zp_rng *rng,
                         int tamper, const uint8_t *before, zp_model_prover *mp,
                         unsigned xj, zp_model_prover *bp, unsigned xjb, const zp_mlp *v,
                         zp_mlp *v_after, zp_train_rec *rec) {
    if (proof) *proof = NULL;
    if (proof_len) *proof_len = 0;
    if (!proof || !proof_len || !cfg || !idx) return ZP_ERR_ARG;
    /* records from the record layout: external commitment 2 after C_{t+1}
     * and C_t */
    if (rec && (!mp || !bp || !rec->ext.evals)) return ZP_ERR_ARG;
    /* the commitments' momentum buffers: only with momentum; the step
     * reads its velocity from C_t when C_t holds one */
    if ((bp && bp->pub.lay.velocity && (!cfg->mom_num || !v)) ||
        (mp && mp->pub.lay.velocity && !cfg->mom_num))
        return ZP_ERR_ARG;
    zp_train_wit *w = NULL;
    zp_err e = zp_train_wit_build_v(&w, w_after, v_after, cfg, m, v, ds, idx, n, tamper);
    if (e != ZP_OK) return e;
    if (bp && bp->pub.lay.velocity) {
        /* the velocity of C_t, unless a test runs the step on another one */
        if (!same_weights(w, &bp->v, w->Mv[0], w->Mv[1])) {
            if (tamper == ZP_TRAIN_HONEST) e = ZP_ERR_ARG;
        } else {
            copy_velocity(w, bp, w->Mv);
        }
    }
    if (mp && mp->pub.lay.velocity && e == ZP_OK) {
        if (!same_weights(w, &mp->v, w->Mn[0], w->Mn[1]) && tamper == ZP_TRAIN_HONEST)
            e = ZP_ERR_ARG;
        if (e == ZP_OK) copy_velocity(w, mp, w->Mn);
    }
    if (e != ZP_OK) { zp_train_wit_free(w); return e; }
    if (bp) {
        /* linked: C_t must hold this step's W_before; a cheating test keeps
         * its own W_before in the circuit (the opening of C_t then
         * disagrees with the claims) */
        if (!same_weights(w, &bp->m, w->W, w->b)) {
            if (tamper == ZP_TRAIN_HONEST) e = ZP_ERR_ARG;
        } else {
            for (unsigned l = 0; l < w->L; l++) {
                const zp_model_layout *ly = &bp->pub.lay;
                memcpy(w->W[l], bp->evals + ly->off[2 * l],
                       w->D[l + 1] * w->D[l] * sizeof(zp_fe));
                memcpy(w->b[l], bp->evals + ly->off[2 * l + 1], w->D[l + 1] * sizeof(zp_fe));
            }
        }
        w->mlb = &bp->pub.lay;
        w->xjb = xjb;
        w->wb_chained = step > 0;
        w->mlb_claims = bp->pub.pp.max_claims;
    }
    if (mp && e == ZP_OK) {
        /* the committed weights must be this step's W_after (field
         * embeddings, zero padding) unless a test cheats */
        if (!same_weights(w, &mp->m, w->Wn, w->bn) && tamper == ZP_TRAIN_HONEST)
            e = ZP_ERR_ARG;
        if (e == ZP_OK) {
            /* the external tensors read the committed polynomial */
            for (unsigned l = 0; l < w->L; l++) {
                const zp_model_layout *ly = &mp->pub.lay;
                memcpy(w->Wn[l], mp->evals + ly->off[2 * l],
                       w->D[l + 1] * w->D[l] * sizeof(zp_fe));
                memcpy(w->bn[l], mp->evals + ly->off[2 * l + 1], w->D[l + 1] * sizeof(zp_fe));
            }
            w->ml = &mp->pub.lay;
            w->xj = xj;
        }
    }
    if (rec && e == ZP_OK) {
        /* a cheating test may run the step on other records than Q_t's */
        e = zp_train_wit_records(w, rec, rec->ext.evals + rec->offset);
        if (e == ZP_ERR_ARG && tamper != ZP_TRAIN_HONEST) e = ZP_OK;
    }
    zp_rng r0;
    if (e == ZP_OK) {
        if (rng) r0 = *rng;
        else if (zp_rng_init_os(&r0) != ZP_OK) e = ZP_ERR_INTERNAL;
    }
    if (e != ZP_OK) { zp_train_wit_free(w); return e; }
    zp_bytes pf;
    zp_bytes_init(&pf);
    zp_transcript tr;
    zp_transcript_init(&tr, "zkprov-v1/train-step");
    absorb_step(&tr, cfg, step, idx, n);
    absorb_velocity(&tr, cfg, v != NULL);
    if (mp) absorb_chain(&tr, bp ? bp->pub.digest : before, mp->pub.digest, xj);
    if (bp) absorb_link(&tr, xjb);
    if (rec) absorb_records(&tr, rec);
    zp_zkp *z = NULL;
    e = zp_zkp_create(&z, &tr, &pf, NULL, &r0);
    if (e == ZP_OK && mp) {
        zp_zkp_ext ext = {&mp->pub.pp, &mp->pub.root, xj, mp->pub.lay.log_cols, mp->pcs,
                          mp->evals};
        e = zp_zkp_set_external(z, &ext);
    }
    if (e == ZP_OK && bp) {
        zp_zkp_ext ext = {&bp->pub.pp, &bp->pub.root, xjb, bp->pub.lay.log_cols, bp->pcs,
                          bp->evals};
        e = zp_zkp_set_external(z, &ext);
    }
    if (e == ZP_OK && rec) e = zp_zkp_set_external_deferred(z, &rec->ext);
    if (e == ZP_OK && tamper != ZP_TRAIN_HONEST) {
        /* a cheating prover: it opens what it committed and puts an
         * out-of-range value's overflow in its top range limb instead of
         * refusing (the range lookup must then fail) */
        zp_zkp_set_unchecked(z);
        zp_zkp_set_forge(z, 1);
    }
    if (e == ZP_OK) e = bk_run(z, w);
    if (e == ZP_OK && rec) e = take_records_claims(z, rec);
    zp_zkp_free(z);
    zp_train_wit_free(w);
    zp_memzero(&r0, sizeof r0);
    if (e == ZP_OK && pf.failed) e = ZP_ERR_NOMEM;
    if (e != ZP_OK) {
        zp_bytes_free(&pf);
        return e;
    }
    *proof = pf.data;
    *proof_len = pf.len;
    return ZP_OK;
}

zp_err zp_train_step_prove_ex(uint8_t **proof, size_t *proof_len, zp_mlp *w_after,
                              const zp_train_config *cfg, const zp_mlp *m,
                              const zp_fxdata *ds, uint64_t step, const uint32_t *idx,
                              size_t n, const zp_rng *rng, int tamper) {
    return prove_core(proof, proof_len, w_after, cfg, m, ds, step, idx, n, rng, tamper, NULL,
                      NULL, 0, NULL, 0, NULL, NULL, NULL);
}

zp_err zp_train_step_prove_v(uint8_t **proof, size_t *proof_len, zp_mlp *w_after,
                             zp_mlp *v_after, const zp_train_config *cfg, const zp_mlp *m,
                             const zp_mlp *v, const zp_fxdata *ds, uint64_t step,
                             const uint32_t *idx, size_t n, const zp_rng *rng, int tamper) {
    return prove_core(proof, proof_len, w_after, cfg, m, ds, step, idx, n, rng, tamper, NULL,
                      NULL, 0, NULL, 0, v, v_after, NULL);
}

zp_err zp_train_step_prove(uint8_t **proof, size_t *proof_len, zp_mlp *w_after,
                           const zp_train_config *cfg, const zp_mlp *m, const zp_fxdata *ds,
                           uint64_t step, const uint32_t *idx, size_t n, const zp_rng *rng) {
    return zp_train_step_prove_ex(proof, proof_len, w_after, cfg, m, ds, step, idx, n, rng,
                                  ZP_TRAIN_HONEST);
}

zp_err zp_train_step_prove_chained_ex(uint8_t **proof, size_t *proof_len,
                                      const zp_train_config *cfg,
                                      const uint8_t before[ZP_MODEL_DIGEST_BYTES],
                                      zp_model_prover *after, unsigned after_index,
                                      const zp_mlp *m, const zp_fxdata *ds, uint64_t step,
                                      const uint32_t *idx, size_t n, const zp_rng *rng,
                                      int tamper) {
    if (proof) *proof = NULL;
    if (proof_len) *proof_len = 0;
    if (!cfg || !before || !after || !after->pcs || !same_arch(cfg, &after->pub.cfg) ||
        after_index >= after->pub.pp.max_openings)
        return ZP_ERR_ARG;
    if (after->next <= after_index) after->next = after_index + 1; /* consumed */
    return prove_core(proof, proof_len, NULL, cfg, m, ds, step, idx, n, rng, tamper, before,
                      after, after_index, NULL, 0, NULL, NULL, NULL);
}

zp_err zp_train_step_prove_linked_ex(uint8_t **proof, size_t *proof_len,
                                     const zp_train_config *cfg, zp_model_prover *before,
                                     unsigned before_index, zp_model_prover *after,
                                     unsigned after_index, const zp_fxdata *ds, uint64_t step,
                                     const uint32_t *idx, size_t n, const zp_rng *rng,
                                     int tamper, const zp_mlp *m) {
    return zp_train_step_prove_linked_v(proof, proof_len, cfg, before, before_index, after,
                                        after_index, ds, step, idx, n, rng, tamper, m, NULL);
}

/* The velocity rule of linked steps (docs/spec/train-step.md 2.6): with
 * momentum, C_t holds momentum buffers exactly when the step is not the
 * first (step 0 starts from zero velocity); without momentum no
 * commitment holds any. */
static int velocity_rule(const zp_train_config *cfg, uint64_t step, const zp_model_layout *b,
                         const zp_model_layout *a) {
    if (!cfg->mom_num) return !b->velocity && !a->velocity;
    return (b->velocity != 0) == (step > 0);
}

zp_err zp_train_step_prove_linked_v(uint8_t **proof, size_t *proof_len,
                                    const zp_train_config *cfg, zp_model_prover *before,
                                    unsigned before_index, zp_model_prover *after,
                                    unsigned after_index, const zp_fxdata *ds, uint64_t step,
                                    const uint32_t *idx, size_t n, const zp_rng *rng,
                                    int tamper, const zp_mlp *m, const zp_mlp *v) {
    return zp_train_step_prove_linked_r(proof, proof_len, cfg, before, before_index, after,
                                        after_index, ds, step, idx, n, rng, tamper, m, v, NULL);
}

zp_err zp_train_step_prove_linked_r(uint8_t **proof, size_t *proof_len,
                                    const zp_train_config *cfg, zp_model_prover *before,
                                    unsigned before_index, zp_model_prover *after,
                                    unsigned after_index, const zp_fxdata *ds, uint64_t step,
                                    const uint32_t *idx, size_t n, const zp_rng *rng,
                                    int tamper, const zp_mlp *m, const zp_mlp *v,
                                    zp_train_rec *rec) {
    if (proof) *proof = NULL;
    if (proof_len) *proof_len = 0;
    if (!cfg || !before || !after || !before->pcs || !after->pcs || before == after ||
        !same_arch(cfg, &before->pub.cfg) || !same_arch(cfg, &after->pub.cfg) ||
        before_index >= before->pub.pp.max_openings ||
        after_index >= after->pub.pp.max_openings ||
        !velocity_rule(cfg, step, &before->pub.lay, &after->pub.lay))
        return ZP_ERR_ARG;
    if (!m) m = &before->m;
    if (!before->pub.lay.velocity) v = NULL; /* zero velocity */
    else if (!v) v = &before->v;
    if (before->next <= before_index) before->next = before_index + 1; /* consumed */
    if (after->next <= after_index) after->next = after_index + 1;
    return prove_core(proof, proof_len, NULL, cfg, m, ds, step, idx, n, rng, tamper, NULL,
                      after, after_index, before, before_index, v, NULL, rec);
}

zp_err zp_train_step_prove_chained(uint8_t **proof, size_t *proof_len,
                                   const zp_train_config *cfg,
                                   const uint8_t before[ZP_MODEL_DIGEST_BYTES],
                                   zp_model_prover *after, unsigned after_index,
                                   const zp_mlp *m, const zp_fxdata *ds, uint64_t step,
                                   const uint32_t *idx, size_t n, const zp_rng *rng) {
    return zp_train_step_prove_chained_ex(proof, proof_len, cfg, before, after, after_index, m,
                                          ds, step, idx, n, rng, ZP_TRAIN_HONEST);
}

static zp_err verify_core(const zp_train_config *cfg, uint64_t step, const uint32_t *idx,
                          size_t n, const uint8_t *proof, size_t len, const uint8_t *before,
                          const zp_model_commit *mc, unsigned xj, const zp_model_commit *bc,
                          unsigned xjb, int has_v, zp_train_rec *rec) {
    if (!cfg || !idx || !proof || (rec && (!mc || !bc))) return ZP_ERR_ARG;
    if ((has_v && !cfg->mom_num) || (mc && mc->lay.velocity && !cfg->mom_num))
        return ZP_ERR_VERIFY;
    zp_train_wit *w = calloc(1, sizeof *w);
    if (!w) return ZP_ERR_NOMEM;
    zp_err e = wit_shapes(w, cfg, n);
    w->has_v = has_v;
    if (e == ZP_OK) e = wit_public(w);
    if (mc) {
        w->ml = &mc->lay;
        w->xj = xj;
    }
    if (bc) {
        w->mlb = &bc->lay;
        w->xjb = xjb;
        w->wb_chained = step > 0;
        w->mlb_claims = bc->pp.max_claims;
    }
    if (e == ZP_OK && rec) e = zp_train_wit_records(w, rec, NULL);
    zp_zkp *z = NULL;
    zp_reader rd;
    zp_reader_init(&rd, proof, len);
    if (e == ZP_OK) {
        zp_transcript tr;
        zp_transcript_init(&tr, "zkprov-v1/train-step");
        absorb_step(&tr, cfg, step, idx, n);
        absorb_velocity(&tr, cfg, has_v);
        if (mc) absorb_chain(&tr, bc ? bc->digest : before, mc->digest, xj);
        if (bc) absorb_link(&tr, xjb);
        if (rec) absorb_records(&tr, rec);
        e = zp_zkp_create(&z, &tr, NULL, &rd, NULL);
        if (e == ZP_OK && mc) {
            zp_zkp_ext ext = {&mc->pp, &mc->root, xj, mc->lay.log_cols, NULL, NULL};
            e = zp_zkp_set_external(z, &ext);
        }
        if (e == ZP_OK && bc) {
            zp_zkp_ext ext = {&bc->pp, &bc->root, xjb, bc->lay.log_cols, NULL, NULL};
            e = zp_zkp_set_external(z, &ext);
        }
        if (e == ZP_OK && rec) e = zp_zkp_set_external_deferred(z, &rec->ext);
        if (e == ZP_OK) e = bk_run(z, w);
        if (e == ZP_OK) e = zp_reader_finish(&rd);
        if (e == ZP_OK && rec && take_records_claims(z, rec) != ZP_OK) e = ZP_ERR_VERIFY;
    }
    zp_zkp_free(z);
    zp_train_wit_free(w);
    return e;
}

unsigned zp_train_linked_direct(const zp_train_config *cfg, const zp_model_commit *before,
                                uint64_t step) {
    if (!cfg || !before || !same_arch(cfg, &before->cfg)) return 0;
    zp_train_wit *w = calloc(1, sizeof *w);
    if (!w) return 0;
    unsigned mask = 0;
    if (wit_shapes(w, cfg, cfg->batch_size) == ZP_OK) {
        int dir[ZP_ZKML_MAX_LAYERS];
        w->mlb = &before->lay;
        w->wb_chained = step > 0;
        w->mlb_claims = before->pp.max_claims;
        w->has_v = before->lay.velocity != 0;
        wb_direct(w, dir);
        for (unsigned l = 0; l < w->L; l++) mask |= dir[l] ? 1u << l : 0u;
    }
    zp_train_wit_free(w);
    return mask;
}

zp_err zp_train_step_verify(const zp_train_config *cfg, uint64_t step, const uint32_t *idx,
                            size_t n, const uint8_t *proof, size_t len) {
    return verify_core(cfg, step, idx, n, proof, len, NULL, NULL, 0, NULL, 0, 0, NULL);
}

zp_err zp_train_step_verify_v(const zp_train_config *cfg, int has_v, uint64_t step,
                              const uint32_t *idx, size_t n, const uint8_t *proof, size_t len) {
    return verify_core(cfg, step, idx, n, proof, len, NULL, NULL, 0, NULL, 0, has_v != 0, NULL);
}

zp_err zp_train_step_verify_chained(const zp_train_config *cfg,
                                    const uint8_t before[ZP_MODEL_DIGEST_BYTES],
                                    const zp_model_commit *after, unsigned after_index,
                                    uint64_t step, const uint32_t *idx, size_t n,
                                    const uint8_t *proof, size_t len) {
    if (!cfg || !before || !after || !proof || !idx) return ZP_ERR_ARG;
    if (!same_arch(cfg, &after->cfg)) return ZP_ERR_VERIFY;
    if (after_index >= after->pp.max_openings) return ZP_ERR_VERIFY;
    return verify_core(cfg, step, idx, n, proof, len, before, after, after_index, NULL, 0, 0,
                       NULL);
}

zp_err zp_train_step_verify_linked(const zp_train_config *cfg, const zp_model_commit *before,
                                   unsigned before_index, const zp_model_commit *after,
                                   unsigned after_index, uint64_t step, const uint32_t *idx,
                                   size_t n, const uint8_t *proof, size_t len) {
    return zp_train_step_verify_linked_r(cfg, before, before_index, after, after_index, step,
                                         idx, n, proof, len, NULL);
}

zp_err zp_train_step_verify_linked_r(const zp_train_config *cfg, const zp_model_commit *before,
                                     unsigned before_index, const zp_model_commit *after,
                                     unsigned after_index, uint64_t step, const uint32_t *idx,
                                     size_t n, const uint8_t *proof, size_t len,
                                     zp_train_rec *rec) {
    if (!cfg || !before || !after || !proof || !idx) return ZP_ERR_ARG;
    if (!same_arch(cfg, &before->cfg) || !same_arch(cfg, &after->cfg)) return ZP_ERR_VERIFY;
    if (before_index >= before->pp.max_openings || after_index >= after->pp.max_openings)
        return ZP_ERR_VERIFY;
    /* the same opening of one commitment cannot serve twice */
    if (before_index == after_index && !memcmp(&before->root, &after->root, sizeof before->root))
        return ZP_ERR_VERIFY;
    /* a step cannot reset or invent the velocity */
    if (!velocity_rule(cfg, step, &before->lay, &after->lay)) return ZP_ERR_VERIFY;
    return verify_core(cfg, step, idx, n, proof, len, NULL, after, after_index, before,
                       before_index, before->lay.velocity != 0, rec);
}
