/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * The model commitment: an MLP's quantised weights in one multi-opening PCS
 * commitment, its public JSON and its secret file (docs/spec/model-commit.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "field/gl.h"
#include "zkp_internal.h"

#define MODEL_SECRET_MAGIC "ZPMODSK1"
#define MODEL_MASK_DOMAIN 0x4d4f444du /* "MODM" */
#define MODEL_TYPE "zkprov/model-commitment"

size_t zp_model_default_openings(void) { return ZP_MODEL_DEFAULT_OPENINGS; }
size_t zp_model_max_openings(void) { return ZP_MODEL_MAX_OPENINGS; }

static void seterr(char *err, const char *msg) {
    if (err) snprintf(err, ZP_ZKML_ERR_BYTES, "%s", msg);
}

static unsigned lgc(uint64_t v) {
    unsigned k = 0;
    while (((uint64_t)1 << k) < v) k++;
    return k;
}

/* log2 of the padded width of layer boundary l, at least 1 (as the circuit). */
static unsigned ldim(const zp_train_config *cfg, unsigned l) {
    unsigned k = lgc(cfg->dims[l]);
    return k < 1 ? 1 : k;
}

zp_err zp_model_layout_compute(zp_model_layout *lay, const zp_train_config *cfg,
                               unsigned log_cols, unsigned max_openings) {
    return zp_model_layout_compute_v(lay, cfg, log_cols, max_openings, 0);
}

zp_err zp_model_layout_compute_v(zp_model_layout *lay, const zp_train_config *cfg,
                                 unsigned log_cols, unsigned max_openings, int velocity) {
    memset(lay, 0, sizeof *lay);
    if (!cfg || cfg->n_layers < 1 || cfg->n_layers > ZP_ZKML_MAX_LAYERS || log_cols < 1 ||
        log_cols > ZP_PCS_MAX_VARS || max_openings < 1 || max_openings > ZP_MODEL_MAX_OPENINGS)
        return ZP_ERR_ARG;
    for (unsigned l = 0; l <= cfg->n_layers; l++)
        if (cfg->dims[l] < 1 || cfg->dims[l] > ZP_ZKML_MAX_WIDTH) return ZP_ERR_ARG;
    const unsigned L = cfg->n_layers, nt = (velocity ? 4 : 2) * L;
    lay->n_t = nt;
    lay->log_cols = log_cols;
    lay->max_openings = max_openings;
    lay->velocity = velocity ? 1 : 0;
    for (unsigned l = 0; l < L; l++) {
        lay->logsz[2 * l] = ldim(cfg, l + 1) + ldim(cfg, l);
        lay->logsz[2 * l + 1] = ldim(cfg, l + 1);
        if (velocity) { /* the momentum buffers have the shapes of W_l, b_l */
            lay->logsz[2 * L + 2 * l] = lay->logsz[2 * l];
            lay->logsz[2 * L + 2 * l + 1] = lay->logsz[2 * l + 1];
        }
    }
    /* data: largest first (stable), consecutive, so every offset is aligned */
    unsigned order[4 * ZP_ZKML_MAX_LAYERS];
    for (unsigned i = 0; i < nt; i++) order[i] = i;
    for (unsigned i = 1; i < nt; i++)
        for (unsigned j = i; j > 0 && lay->logsz[order[j - 1]] < lay->logsz[order[j]]; j--) {
            unsigned t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    const uint64_t C = (uint64_t)1 << log_cols;
    uint64_t pos = 0;
    for (unsigned q = 0; q < nt; q++) {
        unsigned i = order[q];
        lay->off[i] = pos;
        pos += (uint64_t)1 << lay->logsz[i];
    }
    lay->data_rows = (pos + C - 1) / C;
    /* mask slots: one per distinct first row of a tensor */
    uint64_t first[4 * ZP_ZKML_MAX_LAYERS];
    unsigned ns = 0;
    for (unsigned q = 0; q < nt; q++) {
        unsigned i = order[q];
        uint64_t fr = lay->off[i] / C;
        unsigned s = 0;
        while (s < ns && first[s] != fr) s++;
        if (s == ns) first[ns++] = fr;
        lay->slot[i] = s;
    }
    lay->n_slots = ns;
    /* every slot has 2^G mask rows per opening (zp_model_mask_log_rows) */
    unsigned G = 0;
    for (unsigned i = 0; i < nt; i++) {
        unsigned g = zp_model_mask_log_rows(lay->logsz[i], log_cols);
        if (g > G) G = g;
    }
    lay->mask_log_rows = G;
    uint64_t rows = lay->data_rows + ((uint64_t)max_openings * ns << G);
    unsigned lr = lgc(rows);
    if (log_cols + lr > ZP_PCS_MAX_VARS) return ZP_ERR_UNSUPPORTED;
    lay->n_vars = log_cols + lr;
    return ZP_OK;
}

uint64_t zp_model_mask_offset(const zp_model_layout *lay, unsigned i, unsigned j) {
    const uint64_t C = (uint64_t)1 << lay->log_cols;
    const uint64_t row = ((uint64_t)j * lay->n_slots + lay->slot[i]) << lay->mask_log_rows;
    return (lay->data_rows + row) * C + (lay->off[i] & (C - 1));
}

/* Claims one bound proof may leave on the model: per layer W and b at the
 * affine product's point and at their zero-check batch (docs/spec/model-commit.md);
 * a training state (velocity) adds M_W and M_b, each read at the same two
 * kinds of points. */
static unsigned model_max_claims(unsigned n_layers, int velocity) {
    unsigned mc = (velocity ? 8 : 4) * n_layers + 2;
    return mc > ZP_PCS_MAX_CLAIMS ? ZP_PCS_MAX_CLAIMS : mc;
}

/* PCS parameters for log_cols: zp_pcs_params_default_multi's n_prox,
 * n_queries raised until the code soundness reaches ZP_MODEL_SECURITY. */
static zp_err params_for(zp_pcs_params *p, const zp_model_layout *lay, unsigned n_layers) {
    zp_err e = zp_pcs_params_default_multi(p, lay->n_vars, 1, ZP_MODEL_SECURITY,
                                           lay->max_openings);
    if (e != ZP_OK) return e;
    p->log_cols = lay->log_cols;
    while (zp_pcs_params_security(p) < ZP_MODEL_SECURITY) {
        if (p->n_queries >= ZP_PCS_MAX_QUERIES) return ZP_ERR_UNSUPPORTED;
        p->n_queries++;
    }
    p->max_claims = model_max_claims(n_layers, lay->velocity);
    return zp_pcs_params_check(p) == ZP_OK ? ZP_OK : ZP_ERR_UNSUPPORTED;
}

/* Row/column split with the smallest opening of max_claims / 2 claims. */
static zp_err choose(zp_model_layout *lay, zp_pcs_params *pp, const zp_train_config *cfg,
                     unsigned O, int velocity) {
    size_t best = 0;
    zp_err last = ZP_ERR_UNSUPPORTED;
    for (unsigned lc = 6; lc <= 16; lc++) {
        zp_model_layout l2;
        zp_pcs_params p2;
        zp_err e = zp_model_layout_compute_v(&l2, cfg, lc, O, velocity);
        if (e == ZP_ERR_ARG) return e;
        if (e == ZP_OK) e = params_for(&p2, &l2, cfg->n_layers);
        if (e != ZP_OK) { last = e; continue; }
        size_t bytes = zp_pcs_proof_bytes(&p2, p2.max_claims / 2);
        if (bytes && (best == 0 || bytes < best)) {
            best = bytes;
            *lay = l2;
            *pp = p2;
        }
    }
    return best ? ZP_OK : last;
}

static void put32(uint8_t *p, uint32_t v) {
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static uint32_t get32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* SHA-256 of the canonical serialisation (docs/spec/model-commit.md). */
static void model_digest(uint8_t out[32], const zp_model_commit *mc) {
    static const char tag[] = "zkprov-v1/model-commitment";
    zp_sha256_ctx h;
    uint8_t w[4];
    zp_sha256_init(&h);
    zp_sha256_update(&h, tag, sizeof tag); /* with the NUL */
    const zp_train_config *c = &mc->cfg;
    uint32_t v[1 + 1 + ZP_ZKML_MAX_LAYERS + 1 + 4 + 7];
    size_t n = 0;
    v[n++] = 1 + mc->lay.velocity; /* version: 2 for a training state */
    v[n++] = c->n_layers;
    for (unsigned l = 0; l <= c->n_layers; l++) v[n++] = c->dims[l];
    v[n++] = c->act_scale;
    v[n++] = c->act_bits;
    v[n++] = c->weight_scale;
    v[n++] = c->weight_bits;
    const zp_pcs_params *p = &mc->pp;
    v[n++] = p->n_vars;
    v[n++] = p->log_cols;
    v[n++] = p->log_inv_rate;
    v[n++] = p->n_queries;
    v[n++] = p->max_claims;
    v[n++] = p->n_prox;
    v[n++] = p->max_openings;
    for (size_t i = 0; i < n; i++) {
        put32(w, v[i]);
        zp_sha256_update(&h, w, 4);
    }
    zp_sha256_update(&h, mc->root.b, 32);
    zp_sha256_final(&h, out);
}

/* The model polynomial: padded weights and biases at their offsets, masks
 * of every opening from the key's stream (MODEL_MASK_DOMAIN, j * 64 + i):
 * value = (hi * 2^64 + lo) mod p of two words, statistically uniform. */
static zp_err build_evals(zp_fe **out, const zp_model_commit *mc, const zp_mlp *m,
                          const zp_mlp *v, const uint8_t key[32]) {
    const zp_model_layout *lay = &mc->lay;
    const size_t N = (size_t)1 << lay->n_vars;
    zp_fe *ev = calloc(N, sizeof(zp_fe));
    uint64_t *wbuf = malloc(((size_t)2 << lay->log_cols) * sizeof(uint64_t));
    *out = NULL;
    if (!ev || !wbuf) { free(ev); free(wbuf); return ZP_ERR_NOMEM; }
    const zp_train_config *cfg = &mc->cfg;
    for (unsigned l = 0; l < cfg->n_layers; l++) {
        const size_t dout = cfg->dims[l + 1], din = cfg->dims[l];
        const size_t Di = (size_t)1 << ldim(cfg, l);
        for (unsigned part = 0; part < 1u + lay->velocity; part++) {
            const zp_mlp *src = part ? v : m; /* part 1: the momentum buffers */
            const unsigned i = 2 * (part * cfg->n_layers + l);
            zp_fe *W = ev + lay->off[i], *b = ev + lay->off[i + 1];
            for (size_t j = 0; j < dout; j++) {
                for (size_t k = 0; k < din; k++)
                    W[j * Di + k] = zp_fe_from_i64(src->w[l][j * din + k]);
                b[j] = zp_fe_from_i64(src->b[l][j]);
            }
        }
    }
    zp_rng base;
    zp_rng_init_seed(&base, key);
    for (unsigned j = 0; j < lay->max_openings; j++)
        for (unsigned i = 0; i < lay->n_t; i++) {
            const unsigned k = lay->logsz[i] < lay->log_cols ? lay->logsz[i] : lay->log_cols;
            const unsigned g = zp_model_mask_log_rows(lay->logsz[i], lay->log_cols);
            const size_t len = (size_t)1 << k, C = (size_t)1 << lay->log_cols;
            /* 2^g rows of len values (g = 0: the stream as before) */
            zp_rng_stream(&base, MODEL_MASK_DOMAIN, (uint64_t)j * 64 + i, wbuf,
                          (2 * len * sizeof(uint64_t)) << g);
            zp_fe *dst = ev + zp_model_mask_offset(lay, i, j);
            for (size_t y = 0; y < ((size_t)1 << g); y++)
                for (size_t x = 0; x < len; x++) {
                    const uint64_t *wv = wbuf + 2 * (y * len + x);
                    dst[y * C + x] = gl_reduce128(((unsigned __int128)wv[1] << 64) | wv[0]);
                }
        }
    zp_memzero(wbuf, ((size_t)2 << lay->log_cols) * sizeof(uint64_t));
    zp_memzero(&base, sizeof base);
    free(wbuf);
    *out = ev;
    return ZP_OK;
}

static void pcs_rng(zp_rng *r, const uint8_t key[32]) {
    zp_rng base;
    zp_rng_init_seed(&base, key);
    zp_rng_derive(r, &base, "zkprov-v1/model/pcs");
    zp_memzero(&base, sizeof base);
}

/* Architecture and formats of cfg the circuit accepts (as icirc_init). */
static zp_err check_arch(const zp_train_config *cfg) {
    if (cfg->n_layers < 1 || cfg->n_layers > ZP_ZKML_MAX_LAYERS || cfg->act_bits < 2 ||
        cfg->act_bits > 32 || cfg->weight_bits < 2 || cfg->weight_bits > 32 ||
        cfg->weight_scale < 1 || cfg->weight_scale > 32 || cfg->act_scale > 32)
        return ZP_ERR_ARG;
    for (unsigned l = 0; l <= cfg->n_layers; l++)
        if (cfg->dims[l] < 1 || cfg->dims[l] > ZP_ZKML_MAX_WIDTH) return ZP_ERR_ARG;
    return ZP_OK;
}

static void copy_arch(zp_train_config *dst, const zp_train_config *src) {
    zp_err e = zp_train_config_default(dst, src->dims, src->n_layers);
    (void)e; /* checked by check_arch before */
    dst->act_scale = src->act_scale;
    dst->act_bits = src->act_bits;
    dst->weight_scale = src->weight_scale;
    dst->weight_bits = src->weight_bits;
}

static zp_err mlp_copy(zp_mlp *dst, const zp_mlp *src, const zp_train_config *cfg) {
    zp_err e = zp_mlp_alloc(dst, cfg);
    if (e != ZP_OK) return e;
    for (unsigned l = 0; l < cfg->n_layers; l++) {
        memcpy(dst->w[l], src->w[l], (size_t)cfg->dims[l + 1] * cfg->dims[l] * sizeof(int64_t));
        memcpy(dst->b[l], src->b[l], (size_t)cfg->dims[l + 1] * sizeof(int64_t));
    }
    return ZP_OK;
}

static int commit_unchecked;
void zp_model_commit_set_unchecked(int on) { commit_unchecked = on != 0; }

static int weights_in_range(const zp_mlp *m, const zp_train_config *cfg) {
    const int64_t H = (int64_t)1 << (cfg->weight_bits - 1);
    for (unsigned l = 0; l < cfg->n_layers; l++) {
        const size_t nw = (size_t)cfg->dims[l + 1] * cfg->dims[l];
        for (size_t i = 0; i < nw; i++)
            if (m->w[l][i] < -H || m->w[l][i] >= H) return 0;
        for (size_t i = 0; i < cfg->dims[l + 1]; i++)
            if (m->b[l][i] < -H || m->b[l][i] >= H) return 0;
    }
    return 1;
}

void zp_model_prover_free(zp_model_prover *mp) {
    if (!mp) return;
    if (mp->evals) {
        zp_memzero(mp->evals, ((size_t)1 << mp->pub.lay.n_vars) * sizeof(zp_fe));
        free(mp->evals);
    }
    zp_pcs_prover_free(mp->pcs);
    for (unsigned l = 0; l < mp->m.n_layers; l++) {
        if (mp->m.w[l])
            zp_memzero(mp->m.w[l], (size_t)mp->m.dims[l + 1] * mp->m.dims[l] * sizeof(int64_t));
        if (mp->m.b[l]) zp_memzero(mp->m.b[l], (size_t)mp->m.dims[l + 1] * sizeof(int64_t));
    }
    for (unsigned l = 0; l < mp->v.n_layers; l++) {
        if (mp->v.w[l])
            zp_memzero(mp->v.w[l], (size_t)mp->v.dims[l + 1] * mp->v.dims[l] * sizeof(int64_t));
        if (mp->v.b[l]) zp_memzero(mp->v.b[l], (size_t)mp->v.dims[l + 1] * sizeof(int64_t));
    }
    zp_mlp_free(&mp->m);
    zp_mlp_free(&mp->v);
    zp_train_config_free(&mp->pub.cfg);
    zp_memzero(mp, sizeof *mp);
    free(mp);
}

/* Builds the prover's state from the architecture in mp->pub (layout and
 * params chosen or given), mp->m and mp->key. */
static zp_err prover_commit(zp_model_prover *mp) {
    zp_err e = build_evals(&mp->evals, &mp->pub, &mp->m, &mp->v, mp->key);
    if (e != ZP_OK) return e;
    zp_rng r;
    pcs_rng(&r, mp->key);
    e = zp_pcs_commit(&mp->pcs, &mp->pub.root, &mp->pub.pp, mp->evals, &r);
    zp_memzero(&r, sizeof r);
    if (e == ZP_OK) model_digest(mp->pub.digest, &mp->pub);
    return e;
}

zp_err zp_model_commit_create(zp_model_prover **out, const zp_train_config *cfg,
                              const zp_mlp *m, unsigned max_openings, const zp_rng *rng) {
    return zp_model_commit_create_v(out, cfg, m, NULL, max_openings, rng);
}

/* Momentum buffers are below 2^62 in magnitude (docs/spec/fixed-point.md,
 * F4), so their field embeddings are injective. */
static int velocity_in_range(const zp_mlp *v, const zp_train_config *cfg) {
    const int64_t H = (int64_t)1 << 62;
    for (unsigned l = 0; l < cfg->n_layers; l++) {
        const size_t nw = (size_t)cfg->dims[l + 1] * cfg->dims[l];
        for (size_t i = 0; i < nw; i++)
            if (v->w[l][i] <= -H || v->w[l][i] >= H) return 0;
        for (size_t i = 0; i < cfg->dims[l + 1]; i++)
            if (v->b[l][i] <= -H || v->b[l][i] >= H) return 0;
    }
    return 1;
}

zp_err zp_model_commit_create_v(zp_model_prover **out, const zp_train_config *cfg,
                                const zp_mlp *m, const zp_mlp *v, unsigned max_openings,
                                const zp_rng *rng) {
    if (!out) return ZP_ERR_ARG;
    *out = NULL;
    if (!cfg || !m || m->n_layers != cfg->n_layers || check_arch(cfg) != ZP_OK)
        return ZP_ERR_ARG;
    for (unsigned l = 0; l <= cfg->n_layers; l++)
        if (m->dims[l] != cfg->dims[l]) return ZP_ERR_ARG;
    if (max_openings == 0) max_openings = ZP_MODEL_DEFAULT_OPENINGS;
    /* commit_unchecked: a cheating trainer's commitment (tests only) */
    if (max_openings > ZP_MODEL_MAX_OPENINGS || (!commit_unchecked && !weights_in_range(m, cfg)))
        return ZP_ERR_ARG;
    if (v) {
        if (v->n_layers != cfg->n_layers) return ZP_ERR_ARG;
        for (unsigned l = 0; l <= cfg->n_layers; l++)
            if (v->dims[l] != cfg->dims[l]) return ZP_ERR_ARG;
        if (!velocity_in_range(v, cfg)) return ZP_ERR_ARG;
    }
    zp_model_prover *mp = calloc(1, sizeof *mp);
    if (!mp) return ZP_ERR_NOMEM;
    copy_arch(&mp->pub.cfg, cfg);
    zp_err e = choose(&mp->pub.lay, &mp->pub.pp, cfg, max_openings, v != NULL);
    if (e == ZP_OK) e = mlp_copy(&mp->m, m, cfg);
    if (e == ZP_OK && v) e = mlp_copy(&mp->v, v, cfg);
    if (e == ZP_OK) {
        zp_rng r;
        if (rng) r = *rng;
        else if (zp_rng_init_os(&r) != ZP_OK) e = ZP_ERR_INTERNAL;
        if (e == ZP_OK) {
            zp_rng child;
            zp_rng_derive(&child, &r, "zkprov-v1/model/key");
            zp_rng_bytes(&child, mp->key, sizeof mp->key);
            zp_memzero(&child, sizeof child);
        }
        zp_memzero(&r, sizeof r);
    }
    if (e == ZP_OK) e = prover_commit(mp);
    if (e != ZP_OK) { zp_model_prover_free(mp); return e; }
    *out = mp;
    return ZP_OK;
}

const zp_model_commit *zp_model_prover_public(const zp_model_prover *mp) {
    return mp ? &mp->pub : NULL;
}
unsigned zp_model_prover_next_index(const zp_model_prover *mp) { return mp ? mp->next : 0; }
const zp_mlp *zp_model_prover_mlp(const zp_model_prover *mp) { return mp ? &mp->m : NULL; }

void zp_model_commit_info(const zp_model_commit *mc, uint8_t digest[ZP_MODEL_DIGEST_BYTES],
                          zp_train_config *cfg, unsigned *max_openings) {
    if (!mc) return;
    if (digest) memcpy(digest, mc->digest, 32);
    if (cfg) copy_arch(cfg, &mc->cfg);
    if (max_openings) *max_openings = mc->pp.max_openings;
}

void zp_model_commit_free(zp_model_commit *mc) {
    if (!mc) return;
    zp_train_config_free(&mc->cfg);
    free(mc);
}

static void hex32(char out[65], const uint8_t *b) {
    static const char hx[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = hx[b[i] >> 4];
        out[2 * i + 1] = hx[b[i] & 15];
    }
    out[64] = 0;
}

zp_err zp_model_commit_to_json(char **json, size_t *len, const zp_model_commit *mc) {
    if (json) *json = NULL;
    if (len) *len = 0;
    if (!json || !len || !mc) return ZP_ERR_ARG;
    const size_t cap = 1024 + 12 * (ZP_ZKML_MAX_LAYERS + 1);
    char *s = malloc(cap), root[65], dig[65];
    if (!s) return ZP_ERR_NOMEM;
    hex32(root, mc->root.b);
    hex32(dig, mc->digest);
    size_t n = (size_t)snprintf(s, cap, "{\n  \"type\": \"%s\",\n  \"version\": %u,\n  \"dims\": [",
                                MODEL_TYPE, 1 + mc->lay.velocity);
    for (unsigned l = 0; l <= mc->cfg.n_layers; l++)
        n += (size_t)snprintf(s + n, cap - n, "%s%u", l ? ", " : "", (unsigned)mc->cfg.dims[l]);
    const zp_pcs_params *p = &mc->pp;
    n += (size_t)snprintf(
        s + n, cap - n,
        "],\n  \"act_scale\": %u,\n  \"act_bits\": %u,\n  \"weight_scale\": %u,\n"
        "  \"weight_bits\": %u,\n  \"pcs\": {\"n_vars\": %u, \"log_cols\": %u, "
        "\"log_inv_rate\": %u, \"n_queries\": %u, \"max_claims\": %u, \"n_prox\": %u, "
        "\"max_openings\": %u},\n  \"root\": \"%s\",\n  \"digest\": \"%s\"\n}\n",
        mc->cfg.act_scale, mc->cfg.act_bits, mc->cfg.weight_scale, mc->cfg.weight_bits,
        p->n_vars, p->log_cols, p->log_inv_rate, p->n_queries, p->max_claims, p->n_prox,
        p->max_openings, root, dig);
    if (n >= cap) { free(s); return ZP_ERR_INTERNAL; }
    *json = s;
    *len = n;
    return ZP_OK;
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

static int parse_hex32(uint8_t out[32], const cJSON *j) {
    if (!cJSON_IsString(j) || strlen(j->valuestring) != 64) return 0;
    for (int i = 0; i < 32; i++) {
        int h = hexval(j->valuestring[2 * i]), l = hexval(j->valuestring[2 * i + 1]);
        if (h < 0 || l < 0) return 0;
        out[i] = (uint8_t)(h << 4 | l);
    }
    return 1;
}

static int get_uint(unsigned *out, const cJSON *j, unsigned lo, unsigned hi) {
    if (!cJSON_IsNumber(j)) return 0;
    double v = j->valuedouble;
    if (v < lo || v > hi || v != (double)(unsigned)v) return 0;
    *out = (unsigned)v;
    return 1;
}

/* Every key of obj is in keys[], and every key of keys[] is present. */
static int exact_keys(const cJSON *obj, const char *const *keys) {
    size_t n = 0, want = 0;
    while (keys[want]) want++;
    for (const cJSON *c = obj->child; c; c = c->next, n++) {
        size_t k = 0;
        while (keys[k] && (!c->string || strcmp(keys[k], c->string) != 0)) k++;
        if (!keys[k]) return 0;
        for (const cJSON *d = obj->child; d != c; d = d->next)
            if (strcmp(d->string, c->string) == 0) return 0; /* duplicate */
    }
    return n == want;
}

#define JFAIL(msg) do { seterr(err, msg); e = ZP_ERR_PARSE; goto done; } while (0)

zp_err zp_model_commit_from_json(zp_model_commit **out, char err[ZP_ZKML_ERR_BYTES],
                                 const char *json, size_t len) {
    if (err) err[0] = 0;
    if (!out) return ZP_ERR_ARG;
    *out = NULL;
    if (!json) return ZP_ERR_ARG;
    static const char *const top[] = {"type", "version", "dims", "act_scale", "act_bits",
                                      "weight_scale", "weight_bits", "pcs", "root", "digest",
                                      NULL};
    static const char *const pk[] = {"n_vars", "log_cols", "log_inv_rate", "n_queries",
                                     "max_claims", "n_prox", "max_openings", NULL};
    zp_err e = ZP_OK;
    zp_model_commit *mc = calloc(1, sizeof *mc);
    cJSON *root = cJSON_ParseWithLength(json, len);
    if (!mc) { cJSON_Delete(root); return ZP_ERR_NOMEM; }
    if (!root || !cJSON_IsObject(root)) JFAIL("model commitment: not a JSON object");
    if (!exact_keys(root, top)) JFAIL("model commitment: unknown, missing or repeated key");
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(root, "type");
    if (!cJSON_IsString(t) || strcmp(t->valuestring, MODEL_TYPE) != 0)
        JFAIL("model commitment: type is not zkprov/model-commitment");
    unsigned ver;
    if (!get_uint(&ver, cJSON_GetObjectItemCaseSensitive(root, "version"), 1, 2))
        JFAIL("model commitment: unsupported version");
    const cJSON *dims = cJSON_GetObjectItemCaseSensitive(root, "dims");
    int nd = cJSON_IsArray(dims) ? cJSON_GetArraySize(dims) : 0;
    if (nd < 2 || nd > ZP_ZKML_MAX_LAYERS + 1) JFAIL("model commitment: dims: 2..9 widths");
    uint32_t d[ZP_ZKML_MAX_LAYERS + 1];
    for (int i = 0; i < nd; i++) {
        unsigned v;
        if (!get_uint(&v, cJSON_GetArrayItem(dims, i), 1, ZP_ZKML_MAX_WIDTH))
            JFAIL("model commitment: dims: widths are integers in 1..65536");
        d[i] = v;
    }
    if (zp_train_config_default(&mc->cfg, d, (unsigned)nd - 1) != ZP_OK)
        JFAIL("model commitment: dims invalid");
    if (!get_uint(&mc->cfg.act_scale, cJSON_GetObjectItemCaseSensitive(root, "act_scale"), 0, 32) ||
        !get_uint(&mc->cfg.act_bits, cJSON_GetObjectItemCaseSensitive(root, "act_bits"), 2, 32) ||
        !get_uint(&mc->cfg.weight_scale, cJSON_GetObjectItemCaseSensitive(root, "weight_scale"), 1,
                  32) ||
        !get_uint(&mc->cfg.weight_bits, cJSON_GetObjectItemCaseSensitive(root, "weight_bits"), 2,
                  32))
        JFAIL("model commitment: scales and bits out of range");
    const cJSON *pj = cJSON_GetObjectItemCaseSensitive(root, "pcs");
    if (!cJSON_IsObject(pj) || !exact_keys(pj, pk)) JFAIL("model commitment: pcs: bad keys");
    unsigned *pv[] = {&mc->pp.n_vars, &mc->pp.log_cols, &mc->pp.log_inv_rate, &mc->pp.n_queries,
                      &mc->pp.max_claims, &mc->pp.n_prox, &mc->pp.max_openings};
    for (int i = 0; pk[i]; i++)
        if (!get_uint(pv[i], cJSON_GetObjectItemCaseSensitive(pj, pk[i]), 0, 1u << 20))
            JFAIL("model commitment: pcs: values are small integers");
    if (mc->pp.max_openings < 1 || mc->pp.max_openings > ZP_MODEL_MAX_OPENINGS ||
        zp_pcs_params_check(&mc->pp) != ZP_OK ||
        zp_pcs_params_security(&mc->pp) < ZP_MODEL_SECURITY ||
        mc->pp.max_claims != model_max_claims(mc->cfg.n_layers, ver == 2))
        JFAIL("model commitment: pcs parameters rejected");
    if (zp_model_layout_compute_v(&mc->lay, &mc->cfg, mc->pp.log_cols, mc->pp.max_openings,
                                  ver == 2) != ZP_OK ||
        mc->lay.n_vars != mc->pp.n_vars)
        JFAIL("model commitment: pcs n_vars does not match the architecture");
    uint8_t dig[32];
    if (!parse_hex32(mc->root.b, cJSON_GetObjectItemCaseSensitive(root, "root")) ||
        !parse_hex32(dig, cJSON_GetObjectItemCaseSensitive(root, "digest")))
        JFAIL("model commitment: root and digest are 64 lower-case hex digits");
    model_digest(mc->digest, mc);
    if (memcmp(dig, mc->digest, 32) != 0) JFAIL("model commitment: digest mismatch");
done:
    cJSON_Delete(root);
    if (e != ZP_OK) { zp_model_commit_free(mc); return e; }
    *out = mc;
    return ZP_OK;
}

/* ---- secret file ---- */

static void put64(uint8_t *p, uint64_t v) {
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static uint64_t get64(const uint8_t *p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = v << 8 | p[i];
    return v;
}

static size_t n_weights(const zp_train_config *cfg) {
    size_t n = 0;
    for (unsigned l = 0; l < cfg->n_layers; l++)
        n += (size_t)cfg->dims[l + 1] * cfg->dims[l] + cfg->dims[l + 1];
    return n;
}

void zp_model_secret_free(uint8_t *secret, size_t len) {
    if (secret) zp_memzero(secret, len);
    free(secret);
}

zp_err zp_model_secret_export(uint8_t **out, size_t *len, const zp_model_prover *mp) {
    if (out) *out = NULL;
    if (len) *len = 0;
    if (!out || !len || !mp) return ZP_ERR_ARG;
    zp_bytes blob;
    zp_bytes_init(&blob);
    zp_err e = ZP_OK;
    if (mp->pcs && mp->next < mp->pub.pp.max_openings) e = zp_pcs_prover_export(mp->pcs, &blob);
    if (e == ZP_OK && blob.failed) e = ZP_ERR_NOMEM;
    const size_t nw = n_weights(&mp->pub.cfg) * (1 + mp->pub.lay.velocity);
    const size_t total = 8 + 32 + 4 + 32 + 8 + 8 * nw + 4 + blob.len;
    uint8_t *s = e == ZP_OK ? malloc(total) : NULL;
    if (e == ZP_OK && !s) e = ZP_ERR_NOMEM;
    if (e == ZP_OK) {
        uint8_t *p = s;
        memcpy(p, MODEL_SECRET_MAGIC, 8); p += 8;
        memcpy(p, mp->pub.digest, 32); p += 32;
        put32(p, mp->next); p += 4;
        memcpy(p, mp->key, 32); p += 32;
        put64(p, nw); p += 8;
        for (unsigned part = 0; part < 1u + mp->pub.lay.velocity; part++) {
            const zp_mlp *src = part ? &mp->v : &mp->m; /* weights, then momentum */
            for (unsigned l = 0; l < src->n_layers; l++) {
                const size_t a = (size_t)src->dims[l + 1] * src->dims[l];
                for (size_t i = 0; i < a; i++, p += 8) put64(p, (uint64_t)src->w[l][i]);
                for (size_t i = 0; i < src->dims[l + 1]; i++, p += 8)
                    put64(p, (uint64_t)src->b[l][i]);
            }
        }
        put32(p, (uint32_t)blob.len); p += 4;
        if (blob.len) memcpy(p, blob.data, blob.len);
        *out = s;
        *len = total;
    }
    if (blob.data) zp_memzero(blob.data, blob.len);
    zp_bytes_free(&blob);
    return e;
}

#define SFAIL(code, msg) do { seterr(err, msg); e = code; goto done; } while (0)

zp_err zp_model_prover_load(zp_model_prover **out, char err[ZP_ZKML_ERR_BYTES],
                            const zp_model_commit *mc, const uint8_t *s, size_t len) {
    if (err) err[0] = 0;
    if (!out) return ZP_ERR_ARG;
    *out = NULL;
    if (!mc || !s) return ZP_ERR_ARG;
    zp_err e = ZP_OK;
    zp_model_prover *mp = calloc(1, sizeof *mp);
    if (!mp) return ZP_ERR_NOMEM;
    mp->pub = *mc;
    copy_arch(&mp->pub.cfg, &mc->cfg);
    const size_t nw = n_weights(&mc->cfg) * (1 + mc->lay.velocity);
    const size_t fixed = 8 + 32 + 4 + 32 + 8;
    if (len < fixed + 4 || memcmp(s, MODEL_SECRET_MAGIC, 8) != 0)
        SFAIL(ZP_ERR_PARSE, "model secret: bad magic or length");
    if (memcmp(s + 8, mc->digest, 32) != 0)
        SFAIL(ZP_ERR_PARSE, "model secret: belongs to another model commitment");
    mp->next = get32(s + 40);
    memcpy(mp->key, s + 44, 32);
    if (mp->next > mc->pp.max_openings) SFAIL(ZP_ERR_PARSE, "model secret: bad next index");
    if (get64(s + 76) != nw || (len - fixed - 4) / 8 < nw)
        SFAIL(ZP_ERR_PARSE, "model secret: weight count does not match the architecture");
    const uint8_t *p = s + fixed;
    if ((e = zp_mlp_alloc(&mp->m, &mp->pub.cfg)) != ZP_OK) goto done;
    if (mc->lay.velocity && (e = zp_mlp_alloc(&mp->v, &mp->pub.cfg)) != ZP_OK) goto done;
    for (unsigned part = 0; part < 1u + mc->lay.velocity; part++) {
        zp_mlp *dst = part ? &mp->v : &mp->m; /* weights, then momentum */
        for (unsigned l = 0; l < dst->n_layers; l++) {
            const size_t a = (size_t)dst->dims[l + 1] * dst->dims[l];
            for (size_t i = 0; i < a; i++, p += 8) dst->w[l][i] = (int64_t)get64(p);
            for (size_t i = 0; i < dst->dims[l + 1]; i++, p += 8) dst->b[l][i] = (int64_t)get64(p);
        }
    }
    if (!weights_in_range(&mp->m, &mp->pub.cfg))
        SFAIL(ZP_ERR_PARSE, "model secret: a weight is out of weight_bits");
    if (mc->lay.velocity && !velocity_in_range(&mp->v, &mp->pub.cfg))
        SFAIL(ZP_ERR_PARSE, "model secret: a momentum value is out of range");
    const size_t bl = get32(p);
    p += 4;
    if ((size_t)(s + len - p) != bl) SFAIL(ZP_ERR_PARSE, "model secret: bad length");
    if ((bl == 0) != (mp->next == mc->pp.max_openings))
        SFAIL(ZP_ERR_PARSE, "model secret: PCS state missing or unexpected");
    if ((e = build_evals(&mp->evals, &mp->pub, &mp->m, &mp->v, mp->key)) != ZP_OK) goto done;
    if (bl) {
        zp_digest r;
        e = zp_pcs_prover_import(&mp->pcs, &r, p, bl, mp->evals,
                                 (size_t)1 << mp->pub.lay.n_vars);
        if (e == ZP_ERR_PARSE) SFAIL(ZP_ERR_PARSE, "model secret: bad PCS state");
        if (e != ZP_OK) SFAIL(e, "model secret: weights or key do not match the commitment");
        if (!zp_memeq(r.b, mc->root.b, 32))
            SFAIL(ZP_ERR_VERIFY, "model secret: PCS state of another commitment");
        for (unsigned j = 0; j < mp->next && e == ZP_OK; j++)
            if (!zp_pcs_prover_used(mp->pcs, j)) e = zp_pcs_prover_mark_used(mp->pcs, j);
        while (mp->next < mc->pp.max_openings && zp_pcs_prover_used(mp->pcs, mp->next))
            mp->next++;
    }
done:
    if (e != ZP_OK) { zp_model_prover_free(mp); return e; }
    *out = mp;
    return ZP_OK;
}
