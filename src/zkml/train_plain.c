/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * The plain fixed-point trainer: forward, loss gradient (softmax cross-
 * entropy by exp table and rounding division, or MSE), backward by
 * transposed products, SGD with optional momentum.  It computes exactly the
 * integers of docs/spec/fixed-point.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/ctime.h"
#include "wit_kern.h"
#include "zkml_internal.h"

void zp_trainer_free(zp_trainer *t) {
    if (!t) return;
    for (unsigned l = 0; l <= ZP_ZKML_MAX_LAYERS; l++) free(t->h[l]);
    for (unsigned l = 0; l < ZP_ZKML_MAX_LAYERS; l++) {
        free(t->q[l]); free(t->g[l]); free(t->dw[l]); free(t->db[l]);
        free(t->mw[l]); free(t->mb[l]); free(t->wn[l]); free(t->bn[l]);
    }
    free(t->exp_table);
    free(t->row);
    free(t->gt);
    free(t);
}

zp_err zp_trainer_new(zp_trainer **out, const zp_train_config *cfg) {
    if (!out) return ZP_ERR_ARG;
    *out = NULL;
    if (!cfg || zp_train_config_check(cfg, NULL) != ZP_OK) return ZP_ERR_ARG;
    zp_trainer *t = calloc(1, sizeof *t);
    if (!t) return ZP_ERR_NOMEM;
    t->cfg = *cfg;
    t->cfg.base_model = NULL;
    t->cfg.datasets = NULL;
    t->cfg.n_datasets = 0;
    t->cap = cfg->batch_size;
    const unsigned L = cfg->n_layers;
    size_t wmax = 0;
    int ok = 1;
    for (unsigned l = 0; l <= L; l++) {
        if (cfg->dims[l] > wmax) wmax = cfg->dims[l];
        ok &= (t->h[l] = malloc(t->cap * cfg->dims[l] * sizeof(int64_t))) != NULL;
    }
    for (unsigned l = 0; l < L; l++) {
        size_t o = cfg->dims[l + 1], nw = (size_t)cfg->dims[l] * o;
        ok &= (t->q[l] = malloc(t->cap * o * sizeof(int64_t))) != NULL;
        ok &= (t->g[l] = malloc(t->cap * o * sizeof(int64_t))) != NULL;
        ok &= (t->dw[l] = malloc(nw * sizeof(int64_t))) != NULL;
        ok &= (t->db[l] = malloc(o * sizeof(int64_t))) != NULL;
        ok &= (t->wn[l] = malloc(nw * sizeof(int64_t))) != NULL;
        ok &= (t->bn[l] = malloc(o * sizeof(int64_t))) != NULL;
        if (cfg->mom_num) {
            ok &= (t->mw[l] = calloc(nw, sizeof(int64_t))) != NULL;
            ok &= (t->mb[l] = calloc(o, sizeof(int64_t))) != NULL;
        }
    }
    ok &= (t->row = malloc(wmax * sizeof(int64_t))) != NULL;
    ok &= (t->gt = malloc(wmax * t->cap * sizeof(int64_t))) != NULL;
    if (ok && cfg->loss == ZP_LOSS_SOFTMAX_CE) {
        ok &= (t->exp_table = malloc(((size_t)1 << cfg->exp_domain_bits) * sizeof(int64_t))) != NULL;
        if (ok && zp_fx_exp_table(t->exp_table, cfg->exp_domain_bits, cfg->exp_scale,
                                  cfg->act_scale) != ZP_OK)
            ok = 0;
    }
    if (!ok) {
        zp_trainer_free(t);
        return ZP_ERR_NOMEM;
    }
    *out = t;
    return ZP_OK;
}

/* Loss gradient of the logits z[n x d] into g (scale 2^sg); returns the
 * real-valued mean loss (reporting only). */
static double loss_grad(zp_trainer *t, const zp_fxdata *ds, const uint32_t *idx,
                        size_t n, const int64_t *z, int64_t *g, uint32_t *n_correct) {
    const zp_train_config *c = &t->cfg;
    const size_t d = c->dims[c->n_layers];
    const unsigned sa = c->act_scale, sg = c->grad_scale;
    const int64_t one = (int64_t)1 << sg;
    const int64_t dmax = ((int64_t)1 << c->exp_domain_bits) - 1;
    double loss = 0;
    uint32_t correct = 0;
    for (size_t r = 0; r < n; r++) {
        const int64_t *zr = z + r * d;
        int64_t *gr = g + r * d;
        const int32_t y = ds->label[idx[r]];
        const size_t am = zp_fx_argmax(zr, d, 1);
        correct += (uint32_t)(zp_fx_eq_mask((int64_t)am, y) & 1);
        if (c->loss == ZP_LOSS_SOFTMAX_CE) {
            const int64_t mx = zr[am];
            int64_t S = 0;
            double se = 0;
            for (size_t j = 0; j < d; j++) {
                int64_t dd = mx - zr[j]; /* >= 0 */
                dd = zp_fx_select(zp_fx_lt_mask(dmax, dd), dmax, dd);
                t->row[j] = zp_fx_lookup(t->exp_table, (size_t)dmax + 1, (size_t)dd);
                S += t->row[j];
                se += exp(-ldexp((double)(mx - zr[j]), -(int)sa));
            }
            /* reporting only: libm's exp/log are not constant time (see
             * docs/security.md); the label's logit is read by a scan */
            loss += log(se) + ldexp((double)(mx - zp_fx_lookup(zr, d, (size_t)y)), -(int)sa);
            for (size_t j = 0; j < d; j++) {
                int64_t p = zp_fx_rdiv(t->row[j] * one, S, NULL);
                gr[j] = p - (one & (int64_t)zp_fx_eq_mask((int64_t)j, y));
            }
        } else {
            const unsigned bg = c->grad_bits;
            double l2 = 0;
            for (size_t j = 0; j < d; j++) {
                int64_t tj = ds->targets ? ds->targets[(size_t)idx[r] * d + j]
                                         : (((int64_t)1 << sa) & (int64_t)zp_fx_eq_mask((int64_t)j, y));
                int64_t diff = zr[j] - tj;
                int64_t v = sg >= sa ? diff * ((int64_t)1 << (sg - sa))
                                     : zp_fx_rdiv2(diff, sa - sg, NULL);
                gr[j] = zp_fx_sat(v, bg);
                double df = ldexp((double)diff, -(int)sa);
                l2 += 0.5 * df * df;
            }
            loss += l2;
        }
    }
    *n_correct = correct;
    return n ? loss / (double)n : 0;
}

zp_err zp_trainer_step(zp_trainer *t, zp_mlp *m, const zp_fxdata *ds,
                       const uint32_t *idx, size_t n, zp_step_stats *st) {
    if (st) memset(st, 0, sizeof *st);
    if (!t || !m || !ds || !ds->x || !ds->label || !idx || n == 0 || n > t->cap)
        return ZP_ERR_ARG;
    const zp_train_config *c = &t->cfg;
    const unsigned L = c->n_layers;
    if (m->n_layers != L || ds->n_features != c->dims[0]) return ZP_ERR_ARG;
    for (unsigned l = 0; l <= L; l++)
        if (m->dims[l] != c->dims[l]) return ZP_ERR_ARG;
    const int64_t A = (int64_t)1 << (c->act_bits - 1);
    const size_t d0 = c->dims[0], dL = c->dims[L];
    /* gather the batch; inputs must be ba-bit values, labels classes */
    for (size_t r = 0; r < n; r++) {
        if (idx[r] >= ds->n) return ZP_ERR_ARG;
        int32_t y = ds->label[idx[r]];
        if (y < 0 || (size_t)y >= dL) {
            if (c->loss == ZP_LOSS_SOFTMAX_CE || !ds->targets) return ZP_ERR_ARG;
        }
        const int64_t *xr = ds->x + (size_t)idx[r] * d0;
        for (size_t k = 0; k < d0; k++) {
            if (xr[k] < -A || xr[k] >= A) return ZP_ERR_ARG;
            t->h[0][r * d0 + k] = xr[k];
        }
        if (c->loss == ZP_LOSS_MSE && ds->targets)
            for (size_t j = 0; j < dL; j++) {
                int64_t v = ds->targets[(size_t)idx[r] * dL + j];
                if (v < -A || v >= A) return ZP_ERR_ARG;
            }
    }
    uint64_t sat = 0;
    zp_err e = zp_zkml_forward(c, m, t->h, t->q, n, &sat);
    if (e != ZP_OK) return e;
    uint32_t correct = 0;
    double loss = loss_grad(t, ds, idx, n, t->h[L], t->g[L - 1], &correct);

    const unsigned sw = c->weight_scale, bg = c->grad_bits, bw = c->weight_bits;
    /* the update's shifts and, for plain SGD, the learning-rate fold c
     * (docs/spec/fixed-point.md, "Update") */
    zp_zkml_upd u;
    zp_zkml_update_shifts(c, &u);
    const unsigned ush = u.ush, bsh = u.bsh;
    /* the update multiplies its operand by lr_num (momentum) or by 1 (plain
     * SGD: lr_num is in G') */
    const int64_t lrm = c->mom_num ? c->lr_num : 1;
    int bad = 0, overflow = 0;
    (void)bad;
    for (unsigned l = L; l-- > 0;) {
        const size_t din = c->dims[l], dout = c->dims[l + 1];
        const int64_t *G = t->g[l], *H = t->h[l];
        int64_t *W = m->w[l];
        /* dW = G^T H, db = column sums of G; plain SGD: of G' = rdiv2(lr
         * G, c), the small per-example tensor that carries the learning
         * rate, computed entry by entry here (gm G with shift gc: G itself
         * with momentum) */
        const int64_t gm = c->mom_num ? 1 : c->lr_num;
        const unsigned gc = c->mom_num ? 0 : u.c;
        /* column j of G' into row j of gt, then dW_j = sum_r G'_rj H_r by
         * the witness's exact kernel (sums mod 2^64, as in dense_fwd) */
        const zp_wit_colsum_fn colsum = zp_wit_colsum_best();
        int64_t *gt = t->gt;
        #pragma omp parallel for schedule(static)
        for (size_t j = 0; j < dout; j++) {
            int64_t *gj = gt + j * n;
            int64_t s = 0;
            for (size_t r = 0; r < n; r++) {
                gj[r] = zp_zkml_rdiv2z(gm * G[r * dout + j], gc, NULL);
                s += gj[r]; /* no zero-skip: it would leak the sparsity of G */
            }
            colsum(t->dw[l] + j * din, gj, n, H, din, din);
            t->db[l][j] = s;
        }
        /* G_{l-1} = mask(q_{l-1}) * sat_bg(rdiv2(G W, sw)), with the old W */
        if (l > 0) {
            int64_t *Gp = t->g[l - 1];
            const int64_t *Qp = t->q[l - 1];
            uint64_t s2 = 0;
            #pragma omp parallel for schedule(static) reduction(+ : s2) reduction(| : bad)
            for (size_t r = 0; r < n; r++) {
                int64_t *acc = Gp + r * din;
                colsum(acc, G + r * dout, dout, W, din, din); /* G_r W */
                for (size_t k = 0; k < din; k++) {
#ifdef ZP_VERIFY
                    if (acc[k] >= ZP_ZKML_ACC_LIMIT || acc[k] <= -ZP_ZKML_ACC_LIMIT) bad = 1;
#endif
                    const int64_t qv = Qp[r * din + k];
                    /* ReLU derivative: 1 iff 0 < q < A (masks, no branch) */
                    const uint64_t mk = zp_fx_lt_mask(0, qv) & zp_fx_lt_mask(qv, A);
                    int64_t v = zp_fx_rdiv2(acc[k], sw, NULL);
                    int64_t sv = zp_fx_sat(v, bg);
                    s2 += ~zp_fx_eq_mask(sv, v) & mk & 1;
                    acc[k] = sv & (int64_t)mk;
                }
            }
            sat += s2;
        }
        /* update (docs/spec/fixed-point.md, "Update"): with momentum M' =
         * rdiv2(mu M, ms) + dW (into dw/db: the velocity buffers are written
         * only below, once every layer fits) and the candidate W' = W -
         * rdiv2(lr M', ush); plain SGD W' = W - rdiv2(G'^T H, ush - c) (into
         * wn/bn); a W' outside weight_bits refuses the step */
        const size_t nw = din * dout;
        const int64_t Hw = (int64_t)1 << (bw - 1);
        if (c->mom_num) {
            for (size_t i = 0; i < nw; i++)
                t->dw[l][i] += zp_fx_rdiv2(c->mom_num * t->mw[l][i], c->mom_shift, NULL);
            for (size_t j = 0; j < dout; j++)
                t->db[l][j] += zp_fx_rdiv2(c->mom_num * t->mb[l][j], c->mom_shift, NULL);
        }
        const int64_t *src = t->dw[l], *srcb = t->db[l];
        int64_t *wn = t->wn[l], *bn = t->bn[l];
        int over = 0;
        #pragma omp parallel for schedule(static) reduction(| : bad, over)
        for (size_t i = 0; i < nw; i++) {
#ifdef ZP_VERIFY
            if (src[i] >= ZP_ZKML_ACC_LIMIT / (lrm + 1) || src[i] <= -ZP_ZKML_ACC_LIMIT / (lrm + 1)) bad = 1;
#endif
            const int64_t v = W[i] - zp_zkml_rdiv2z(lrm * src[i], ush, NULL);
            over |= (v < -Hw) | (v >= Hw);
            wn[i] = v;
        }
        for (size_t j = 0; j < dout; j++) {
            const int64_t v = m->b[l][j] - zp_zkml_rdiv2z(lrm * srcb[j], bsh, NULL);
            over |= (v < -Hw) | (v >= Hw);
            bn[j] = v;
        }
        overflow |= over;
    }
    if (bad) return ZP_ERR_INTERNAL;
    ZP_DECLASSIFY(&overflow, sizeof overflow); /* public: the step is refused */
    if (overflow) return ZP_ERR_UNSUPPORTED;   /* m and the velocity unchanged */
    for (unsigned l = 0; l < L; l++) {
        const size_t din = c->dims[l], dout = c->dims[l + 1];
        memcpy(m->w[l], t->wn[l], din * dout * sizeof(int64_t));
        memcpy(m->b[l], t->bn[l], dout * sizeof(int64_t));
        if (c->mom_num) {
            memcpy(t->mw[l], t->dw[l], din * dout * sizeof(int64_t));
            memcpy(t->mb[l], t->db[l], dout * sizeof(int64_t));
        }
    }
    if (st) {
        st->loss = loss;
        st->n_sat = sat;
        st->n_correct = correct;
    }
    return ZP_OK;
}

zp_err zp_train_run(zp_trainer *t, zp_mlp *m, const zp_fxdata *ds, uint64_t first,
                    uint64_t count, zp_step_stats *st) {
    if (st) memset(st, 0, sizeof *st);
    if (!t || !ds) return ZP_ERR_ARG;
    uint32_t *idx = malloc(t->cap * sizeof *idx);
    if (!idx) return ZP_ERR_NOMEM;
    zp_err e = ZP_OK;
    for (uint64_t s = first; s < first + count && e == ZP_OK; s++) {
        e = zp_sampler_batch(t->cfg.sampler_seed, s, t->cfg.batch_size, ds->n, idx);
        if (e == ZP_OK) e = zp_trainer_step(t, m, ds, idx, t->cfg.batch_size, st);
    }
    free(idx);
    return e;
}
