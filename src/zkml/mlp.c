/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Fixed-point MLP models: allocation, the seeded initialisation, the forward
 * pass and predictions (docs/spec/fixed-point.md). */
#include <stdlib.h>
#include <string.h>

#include "wit_kern.h"
#include "zkml_internal.h"

zp_err zp_mlp_alloc(zp_mlp *m, const zp_train_config *cfg) {
    if (!m) return ZP_ERR_ARG;
    memset(m, 0, sizeof *m);
    if (!cfg || cfg->n_layers < 1 || cfg->n_layers > ZP_ZKML_MAX_LAYERS) return ZP_ERR_ARG;
    for (unsigned l = 0; l <= cfg->n_layers; l++)
        if (cfg->dims[l] < 1 || cfg->dims[l] > ZP_ZKML_MAX_WIDTH) return ZP_ERR_ARG;
    m->n_layers = cfg->n_layers;
    memcpy(m->dims, cfg->dims, sizeof m->dims);
    for (unsigned l = 0; l < m->n_layers; l++) {
        m->w[l] = calloc((size_t)m->dims[l] * m->dims[l + 1], sizeof(int64_t));
        m->b[l] = calloc(m->dims[l + 1], sizeof(int64_t));
        if (!m->w[l] || !m->b[l]) {
            zp_mlp_free(m);
            return ZP_ERR_NOMEM;
        }
    }
    return ZP_OK;
}

void zp_mlp_free(zp_mlp *m) {
    if (!m) return;
    for (unsigned l = 0; l < ZP_ZKML_MAX_LAYERS; l++) {
        free(m->w[l]);
        free(m->b[l]);
    }
    memset(m, 0, sizeof *m);
}

static uint64_t isqrt_u128(unsigned __int128 n) {
    uint64_t lo = 0, hi = (uint64_t)1 << 40; /* n < 2^70 here */
    while (lo < hi) { /* largest r with r^2 <= n */
        uint64_t mid = lo + (hi - lo + 1) / 2;
        if ((unsigned __int128)mid * mid <= n) lo = mid;
        else hi = mid - 1;
    }
    return lo;
}

zp_err zp_mlp_init_seeded(zp_mlp *m, const zp_train_config *cfg,
                          const uint8_t seed[ZP_ZKML_SEED_BYTES]) {
    if (!m || !cfg || !seed || m->n_layers != cfg->n_layers || cfg->weight_scale > 32 ||
        cfg->weight_bits < 2 || cfg->weight_bits > 32)
        return ZP_ERR_ARG;
    for (unsigned l = 0; l <= m->n_layers; l++)
        if (m->dims[l] != cfg->dims[l]) return ZP_ERR_ARG;
    zp_rng rng;
    zp_rng_init_seed(&rng, seed);
    for (unsigned l = 0; l < m->n_layers; l++) {
        size_t n = (size_t)m->dims[l] * m->dims[l + 1];
        unsigned __int128 v = ((unsigned __int128)6 << (2 * cfg->weight_scale)) / m->dims[l];
        uint64_t R = isqrt_u128(v);
        uint64_t wmax = ((uint64_t)1 << (cfg->weight_bits - 1)) - 1;
        if (R > wmax) R = wmax;
        uint64_t mod = 2 * R + 1;
        uint64_t rem = (uint64_t)(-mod) % mod, lim = (uint64_t)0 - rem;
        size_t nw = n + 64, used = 0, got = 0;
        uint8_t *buf = NULL;
        while (got < n) {
            if (!buf || used == nw) {
                if (buf) nw *= 2;
                free(buf);
                buf = malloc(nw * 8);
                if (!buf) {
                    zp_memzero(&rng, sizeof rng);
                    return ZP_ERR_NOMEM;
                }
                /* the stream of (domain, l) is a prefix-stable sequence:
                 * re-deriving a longer one repeats the words already used */
                zp_rng_stream(&rng, 0x696e6974u, l, buf, nw * 8);
            }
            uint64_t u = zp_load64_le(buf + 8 * used++);
            if (rem != 0 && u >= lim) continue;
            m->w[l][got++] = (int64_t)(u % mod) - (int64_t)R;
        }
        free(buf);
        memset(m->b[l], 0, m->dims[l + 1] * sizeof(int64_t));
    }
    zp_memzero(&rng, sizeof rng);
    return ZP_OK;
}

/* y = act(rdiv2(x W^T + b 2^sa, sw)) for n rows. */
static zp_err dense_fwd(const zp_train_config *cfg, const int64_t *x, size_t n,
                        size_t din, const int64_t *w, const int64_t *b, size_t dout,
                        int64_t *q, int64_t *y, int relu, uint64_t *n_sat) {
    const unsigned sa = cfg->act_scale, sw = cfg->weight_scale;
    const int64_t A = (int64_t)1 << (cfg->act_bits - 1);
    const int64_t lo = relu ? 0 : -A;
    uint64_t sat = 0;
    int bad = 0;
    (void)bad;
    /* the row's products x_r W^T by the witness's exact kernel (sums mod
     * 2^64: the integers themselves within the no-wrap bounds, for every
     * backend), written into q's row and rescaled in place */
    const zp_wit_dots_fn dots = zp_wit_dots_best();
    #pragma omp parallel for schedule(static) reduction(+ : sat) reduction(| : bad)
    for (size_t r = 0; r < n; r++) {
        int64_t *qr = q + r * dout;
        dots(qr, x + r * din, din, w, din, dout);
        for (size_t j = 0; j < dout; j++) {
            int64_t acc = qr[j];
            acc += b[j] * ((int64_t)1 << sa);
#ifdef ZP_VERIFY
            if (acc >= ZP_ZKML_ACC_LIMIT || acc <= -ZP_ZKML_ACC_LIMIT) bad = 1;
#endif
            int64_t qq = zp_fx_rdiv2(acc, sw, NULL);
            int64_t hh = zp_fx_clamp(qq, lo, A - 1);
            /* a ReLU zeroing a negative value is not a saturation;
             * counted with masks, not short-circuit branches */
            const uint64_t ch = ~zp_fx_eq_mask(hh, qq);
            sat += ch & (zp_fx_lt_mask(0, qq) | (0 - (uint64_t)!relu)) & 1;
            q[r * dout + j] = qq;
            y[r * dout + j] = hh;
        }
    }
    *n_sat += sat;
    return bad ? ZP_ERR_INTERNAL : ZP_OK;
}

zp_err zp_zkml_forward(const zp_train_config *cfg, const zp_mlp *m,
                       int64_t *const *h, int64_t *const *q, size_t n,
                       uint64_t *n_sat) {
    for (unsigned l = 0; l < m->n_layers; l++) {
        zp_err e = dense_fwd(cfg, h[l], n, m->dims[l], m->w[l], m->b[l], m->dims[l + 1],
                             q[l], h[l + 1], l + 1 < m->n_layers, n_sat);
        if (e != ZP_OK) return e;
    }
    return ZP_OK;
}

static int32_t argmax_row(const int64_t *z, size_t d) {
    return (int32_t)zp_fx_argmax(z, d, 1); /* first maximum, constant time */
}

zp_err zp_mlp_predict(int32_t *pred, const zp_mlp *m, const zp_train_config *cfg,
                      const zp_fxdata *ds, const uint32_t *idx, size_t n) {
    if (!pred || !m || !cfg || !ds || !ds->x || m->n_layers != cfg->n_layers ||
        ds->n_features != m->dims[0])
        return ZP_ERR_ARG;
    const unsigned L = m->n_layers;
    const size_t chunk = 256;
    int64_t *h[ZP_ZKML_MAX_LAYERS + 1] = {0}, *q[ZP_ZKML_MAX_LAYERS] = {0};
    zp_err e = ZP_OK;
    h[0] = malloc(chunk * m->dims[0] * sizeof(int64_t));
    if (!h[0]) e = ZP_ERR_NOMEM;
    for (unsigned l = 0; l < L && e == ZP_OK; l++) {
        h[l + 1] = malloc(chunk * m->dims[l + 1] * sizeof(int64_t));
        q[l] = malloc(chunk * m->dims[l + 1] * sizeof(int64_t));
        if (!h[l + 1] || !q[l]) e = ZP_ERR_NOMEM;
    }
    const int64_t A = (int64_t)1 << (cfg->act_bits - 1);
    for (size_t s = 0; s < n && e == ZP_OK; s += chunk) {
        size_t c = n - s < chunk ? n - s : chunk;
        for (size_t r = 0; r < c && e == ZP_OK; r++) {
            size_t i = idx ? idx[s + r] : s + r;
            if (i >= ds->n) { e = ZP_ERR_ARG; break; }
            for (size_t k = 0; k < m->dims[0]; k++) {
                int64_t v = ds->x[i * m->dims[0] + k];
                if (v < -A || v >= A) e = ZP_ERR_ARG;
                h[0][r * m->dims[0] + k] = v;
            }
        }
        uint64_t sat = 0;
        if (e == ZP_OK) e = zp_zkml_forward(cfg, m, h, q, c, &sat);
        for (size_t r = 0; r < c && e == ZP_OK; r++)
            pred[s + r] = argmax_row(h[L] + r * m->dims[L], m->dims[L]);
    }
    for (unsigned l = 0; l <= L; l++) free(h[l]);
    for (unsigned l = 0; l < L; l++) free(q[l]);
    if (e != ZP_OK) memset(pred, 0, n * sizeof *pred);
    return e;
}

zp_err zp_mlp_accuracy(double *acc, const zp_mlp *m, const zp_train_config *cfg,
                       const zp_fxdata *ds) {
    if (!acc || !ds || ds->n == 0) return ZP_ERR_ARG;
    *acc = 0;
    int32_t *pred = malloc(ds->n * sizeof *pred);
    if (!pred) return ZP_ERR_NOMEM;
    zp_err e = zp_mlp_predict(pred, m, cfg, ds, NULL, ds->n);
    if (e == ZP_OK) {
        size_t ok = 0;
        for (size_t i = 0; i < ds->n; i++) ok += pred[i] == ds->label[i];
        *acc = (double)ok / (double)ds->n;
    }
    free(pred);
    return e;
}
