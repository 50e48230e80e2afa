/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * float32 reference trainer: the same MLP, initialisation (dequantised),
 * batches, loss and SGD as the fixed-point trainer, in ordinary floats, to
 * report how much accuracy the fixed-point semantics costs. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "zkml_internal.h"

void zp_fmlp_free(zp_fmlp *f) {
    if (!f) return;
    for (unsigned l = 0; l < ZP_ZKML_MAX_LAYERS; l++) {
        free(f->w[l]); free(f->b[l]); free(f->vw[l]); free(f->vb[l]);
    }
    free(f->buf);
    memset(f, 0, sizeof *f);
}

zp_err zp_fmlp_from_fixed(zp_fmlp *f, const zp_mlp *m, const zp_train_config *cfg) {
    if (!f) return ZP_ERR_ARG;
    memset(f, 0, sizeof *f);
    if (!m || !cfg || m->n_layers != cfg->n_layers || cfg->batch_size == 0) return ZP_ERR_ARG;
    f->n_layers = m->n_layers;
    memcpy(f->dims, m->dims, sizeof f->dims);
    size_t tot = 0;
    for (unsigned l = 0; l < f->n_layers; l++) {
        size_t nw = (size_t)f->dims[l] * f->dims[l + 1], o = f->dims[l + 1];
        f->w[l] = malloc(nw * sizeof(float));
        f->vw[l] = calloc(nw, sizeof(float));
        f->b[l] = malloc(o * sizeof(float));
        f->vb[l] = calloc(o, sizeof(float));
        if (!f->w[l] || !f->vw[l] || !f->b[l] || !f->vb[l]) { zp_fmlp_free(f); return ZP_ERR_NOMEM; }
        for (size_t i = 0; i < nw; i++) f->w[l][i] = (float)ldexp((double)m->w[l][i], -(int)cfg->weight_scale);
        for (size_t j = 0; j < o; j++) f->b[l][j] = (float)ldexp((double)m->b[l][j], -(int)cfg->weight_scale);
    }
    /* activations (L+1 layers) and gradients (L layers) for a batch */
    for (unsigned l = 0; l <= f->n_layers; l++) tot += 2 * (size_t)f->dims[l];
    f->buf_len = tot * cfg->batch_size;
    f->buf = malloc(f->buf_len * sizeof(float));
    if (!f->buf) { zp_fmlp_free(f); return ZP_ERR_NOMEM; }
    return ZP_OK;
}

static void ffwd(const zp_fmlp *f, float **h, size_t n) {
    for (unsigned l = 0; l < f->n_layers; l++) {
        const size_t din = f->dims[l], dout = f->dims[l + 1];
        const int relu = l + 1 < f->n_layers;
        #pragma omp parallel for schedule(static)
        for (size_t r = 0; r < n; r++) {
            const float *x = h[l] + r * din;
            for (size_t j = 0; j < dout; j++) {
                const float *w = f->w[l] + j * din;
                float acc = 0;
                for (size_t k = 0; k < din; k++) acc += x[k] * w[k];
                acc += f->b[l][j];
                h[l + 1][r * dout + j] = relu && acc < 0 ? 0 : acc;
            }
        }
    }
}

static void layout(const zp_fmlp *f, size_t cap, float **h, float **g) {
    float *p = f->buf;
    for (unsigned l = 0; l <= f->n_layers; l++) { h[l] = p; p += cap * f->dims[l]; }
    for (unsigned l = 0; l <= f->n_layers; l++) { g[l] = p; p += cap * f->dims[l]; }
}

zp_err zp_fmlp_step(zp_fmlp *f, const zp_train_config *cfg, const zp_fxdata *ds,
                    const uint32_t *idx, size_t n, zp_step_stats *st) {
    if (st) memset(st, 0, sizeof *st);
    if (!f || !cfg || !ds || !idx || n == 0 || n > cfg->batch_size ||
        ds->n_features != f->dims[0] || f->n_layers != cfg->n_layers)
        return ZP_ERR_ARG;
    const unsigned L = f->n_layers;
    const size_t d0 = f->dims[0], dL = f->dims[L];
    float *h[ZP_ZKML_MAX_LAYERS + 1], *g[ZP_ZKML_MAX_LAYERS + 1];
    layout(f, cfg->batch_size, h, g);
    const float xs = (float)ldexp(1.0, -(int)cfg->act_scale);
    for (size_t r = 0; r < n; r++) {
        if (idx[r] >= ds->n) return ZP_ERR_ARG;
        int32_t y = ds->label[idx[r]];
        if ((y < 0 || (size_t)y >= dL) && !(cfg->loss == ZP_LOSS_MSE && ds->targets)) return ZP_ERR_ARG;
        for (size_t k = 0; k < d0; k++) h[0][r * d0 + k] = (float)ds->x[(size_t)idx[r] * d0 + k] * xs;
    }
    ffwd(f, h, n);
    /* gradient of the mean loss over the batch size */
    const float invb = 1.0f / (float)cfg->batch_size;
    double loss = 0;
    uint32_t correct = 0;
    for (size_t r = 0; r < n; r++) {
        const float *z = h[L] + r * dL;
        float *gr = g[L] + r * dL;
        int32_t y = ds->label[idx[r]];
        size_t am = 0;
        for (size_t j = 1; j < dL; j++) if (z[j] > z[am]) am = j;
        correct += (int32_t)am == y;
        if (cfg->loss == ZP_LOSS_SOFTMAX_CE) {
            float s = 0;
            for (size_t j = 0; j < dL; j++) { gr[j] = expf(z[j] - z[am]); s += gr[j]; }
            loss += log((double)s) - (double)(z[y] - z[am]);
            for (size_t j = 0; j < dL; j++) gr[j] = (gr[j] / s - ((int32_t)j == y ? 1.0f : 0.0f)) * invb;
        } else {
            for (size_t j = 0; j < dL; j++) {
                float tj = ds->targets ? (float)ds->targets[(size_t)idx[r] * dL + j] * xs
                                       : ((int32_t)j == y ? 1.0f : 0.0f);
                gr[j] = (z[j] - tj) * invb;
                loss += 0.5 * (double)(z[j] - tj) * (double)(z[j] - tj);
            }
        }
    }
    const float lr = (float)cfg->lr, mu = (float)cfg->momentum;
    for (unsigned l = L; l-- > 0;) {
        const size_t din = f->dims[l], dout = f->dims[l + 1];
        const float *G = g[l + 1], *H = h[l];
        if (l > 0) {
            #pragma omp parallel for schedule(static)
            for (size_t r = 0; r < n; r++) {
                float *acc = g[l] + r * din;
                memset(acc, 0, din * sizeof(float));
                for (size_t j = 0; j < dout; j++) {
                    const float gv = G[r * dout + j];
                    if (gv == 0) continue;
                    const float *wj = f->w[l] + j * din;
                    for (size_t k = 0; k < din; k++) acc[k] += gv * wj[k];
                }
                for (size_t k = 0; k < din; k++)
                    if (!(h[l][r * din + k] > 0)) acc[k] = 0;
            }
        }
        #pragma omp parallel for schedule(static)
        for (size_t j = 0; j < dout; j++) {
            float *wj = f->w[l] + j * din, *vj = f->vw[l] + j * din;
            float db = 0;
            for (size_t r = 0; r < n; r++) db += G[r * dout + j];
            for (size_t k = 0; k < din; k++) {
                float s = 0;
                for (size_t r = 0; r < n; r++) s += G[r * dout + j] * H[r * din + k];
                vj[k] = mu * vj[k] + s;
                wj[k] -= lr * vj[k];
            }
            f->vb[l][j] = mu * f->vb[l][j] + db;
            f->b[l][j] -= lr * f->vb[l][j];
        }
    }
    if (st) {
        st->loss = loss / (double)n;
        st->n_correct = correct;
    }
    return ZP_OK;
}

zp_err zp_fmlp_accuracy(double *acc, const zp_fmlp *f, const zp_train_config *cfg,
                        const zp_fxdata *ds) {
    if (!acc || !f || !cfg || !ds || ds->n == 0 || ds->n_features != f->dims[0]) return ZP_ERR_ARG;
    *acc = 0;
    const unsigned L = f->n_layers;
    const size_t cap = cfg->batch_size;
    float *h[ZP_ZKML_MAX_LAYERS + 1], *g[ZP_ZKML_MAX_LAYERS + 1];
    layout(f, cap, h, g);
    const float xs = (float)ldexp(1.0, -(int)cfg->act_scale);
    size_t ok = 0;
    for (size_t s = 0; s < ds->n; s += cap) {
        size_t c = ds->n - s < cap ? ds->n - s : cap;
        for (size_t r = 0; r < c; r++)
            for (size_t k = 0; k < f->dims[0]; k++)
                h[0][r * f->dims[0] + k] = (float)ds->x[(s + r) * f->dims[0] + k] * xs;
        ffwd(f, h, c);
        for (size_t r = 0; r < c; r++) {
            const float *z = h[L] + r * f->dims[L];
            size_t am = 0;
            for (size_t j = 1; j < f->dims[L]; j++) if (z[j] > z[am]) am = j;
            ok += (int32_t)am == ds->label[s + r];
        }
    }
    *acc = (double)ok / (double)ds->n;
    return ZP_OK;
}
