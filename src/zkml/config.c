/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Training configs: defaults, strict JSON parsing (docs/formats/
 * training-config.md) and the no-wrap bound check (docs/spec/fixed-point.md,
 * "Bounds"). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "zkml_internal.h"

static void seterr(char *err, const char *fmt, ...) {
    if (!err) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, ZP_ZKML_ERR_BYTES, fmt, ap);
    va_end(ap);
    /* keys from the file are echoed: keep the reason on one printable line */
    for (char *q = err; *q; q++)
        if ((unsigned char)*q < 0x20 || *q == 0x7f) *q = '?';
}

zp_err zp_train_config_default(zp_train_config *cfg, const uint32_t *dims,
                               unsigned n_layers) {
    if (!cfg) return ZP_ERR_ARG;
    memset(cfg, 0, sizeof *cfg);
    if (!dims || n_layers < 1 || n_layers > ZP_ZKML_MAX_LAYERS) return ZP_ERR_ARG;
    cfg->n_layers = n_layers;
    for (unsigned l = 0; l <= n_layers; l++) cfg->dims[l] = dims[l];
    cfg->act_scale = 8;
    cfg->act_bits = 16;
    cfg->weight_scale = 16;
    cfg->weight_bits = 20;
    cfg->grad_scale = 14;
    cfg->grad_bits = 18;
    cfg->exp_scale = 16;
    cfg->exp_domain_bits = 12;
    cfg->loss = ZP_LOSS_SOFTMAX_CE;
    cfg->lr_shift = 24;
    cfg->lr_num = 0;
    cfg->mom_shift = 16;
    cfg->batch_size = 1;
    cfg->steps = 1;
    cfg->init = ZP_INIT_SEEDED;
    return ZP_OK;
}

void zp_train_config_free(zp_train_config *cfg) {
    if (!cfg) return;
    free(cfg->base_model);
    for (size_t i = 0; i < cfg->n_datasets; i++) free(cfg->datasets ? cfg->datasets[i] : NULL);
    free(cfg->datasets);
    memset(cfg, 0, sizeof *cfg);
}

uint64_t zp_train_config_n_steps(const zp_train_config *cfg, uint64_t n_records) {
    if (!cfg) return 0;
    if (cfg->steps) return cfg->steps;
    if (cfg->batch_size == 0) return 0;
    return (uint64_t)cfg->epochs * ((n_records + cfg->batch_size - 1) / cfg->batch_size);
}

/* ---- bounds ---- */

typedef __int128 i128;
static const i128 LIM = (i128)1 << ZP_ZKML_ACC_LOG2;
static const i128 QLIM = (i128)1 << 31;

static int too_big(char *err, const char *what, unsigned l, i128 v, i128 lim) {
    if (v < lim) return 0;
    seterr(err, "bound violated: %s of layer %u reaches 2^%.1f (limit 2^%.0f)",
           what, l, log2((double)v), log2((double)lim));
    return 1;
}

/* |rdiv2(a, s)| <= (A + 2^(s-1)) / 2^s for |a| <= A. */
static i128 qbound(i128 a, unsigned s) {
    return (a + ((i128)1 << (s - 1))) >> s;
}

/* Q(a, s) with Q(a, 0) = a (a shift of 0 divides by 1). */
static i128 qbound0(i128 a, unsigned s) { return s ? qbound(a, s) : a; }

void zp_zkml_update_shifts(const zp_train_config *cfg, zp_zkml_upd *u) {
    const unsigned sa = cfg->act_scale, sw = cfg->weight_scale, sg = cfg->grad_scale;
    memset(u, 0, sizeof *u);
    u->ush = cfg->lr_shift + sg + sa - sw;
    u->bsh = cfg->lr_shift + sg - sw;
    if (cfg->mom_num) return;
    /* F8: the smallest c <= min(ush, bsh) with |G'| <= Q(lr G, c) < 2^15 */
    const i128 lg = (i128)cfg->lr_num * ((i128)1 << (cfg->grad_bits - 1));
    const unsigned cap = u->bsh < u->ush ? u->bsh : u->ush;
    unsigned c = 0;
    while (c < cap && qbound0(lg, c) >= ((i128)1 << 15)) c++;
    u->c = c;
    u->gp = qbound0(lg, c);
    unsigned k = 16;
    while (k < 64 && u->gp >= ((i128)1 << (k - 1))) k++;
    u->kg = k;
    u->ush -= c;
    u->bsh -= c;
}

int zp_zkml_momentum_bound(const zp_train_config *cfg, i128 dmax, i128 *out) {
    if (cfg->mom_num == 0) { *out = dmax; return 0; }
    i128 den = ((i128)1 << cfg->mom_shift) - cfg->mom_num;
    if (den <= 0) return 1;
    i128 num = (dmax + 1) << cfg->mom_shift;
    *out = (num + den - 1) / den;
    return 0;
}

zp_err zp_train_config_check(const zp_train_config *cfg, char err[ZP_ZKML_ERR_BYTES]) {
    if (err) err[0] = 0;
    if (!cfg) { seterr(err, "no config"); return ZP_ERR_PARSE; }
    if (cfg->n_layers < 1 || cfg->n_layers > ZP_ZKML_MAX_LAYERS) {
        seterr(err, "layers: need 1..%d dense layers", ZP_ZKML_MAX_LAYERS);
        return ZP_ERR_PARSE;
    }
    for (unsigned l = 0; l <= cfg->n_layers; l++)
        if (cfg->dims[l] < 1 || cfg->dims[l] > ZP_ZKML_MAX_WIDTH) {
            seterr(err, "layers: width %u of entry %u outside 1..%d", cfg->dims[l], l,
                   ZP_ZKML_MAX_WIDTH);
            return ZP_ERR_PARSE;
        }
    const unsigned sa = cfg->act_scale, ba = cfg->act_bits, sw = cfg->weight_scale,
                   bw = cfg->weight_bits, sg = cfg->grad_scale, bg = cfg->grad_bits,
                   se = cfg->exp_scale, de = cfg->exp_domain_bits;
    if (sa > 24 || ba < 2 || ba > 32 || sa >= ba) { seterr(err, "act_scale/act_bits: need act_scale <= 24, act_scale < act_bits <= 32"); return ZP_ERR_PARSE; }
    if (sw < 1 || sw > ZP_ZKML_MAX_SHIFT || bw < 2 || bw > 32) { seterr(err, "weight_scale/weight_bits: need 1 <= weight_scale <= 32, 2 <= weight_bits <= 32"); return ZP_ERR_PARSE; }
    if (sg > 24 || bg < 2 || bg > 32 || sg + 2 > bg) { seterr(err, "grad_scale/grad_bits: need grad_scale <= 24, grad_scale + 2 <= grad_bits <= 32"); return ZP_ERR_PARSE; }
    if (se < 1 || se > 30 || de < 1 || de > 24) { seterr(err, "exp_scale/exp_domain_bits: need 1..30 and 1..24"); return ZP_ERR_PARSE; }
    if (cfg->loss != ZP_LOSS_SOFTMAX_CE && cfg->loss != ZP_LOSS_MSE) { seterr(err, "loss: unknown"); return ZP_ERR_PARSE; }
    if (cfg->loss == ZP_LOSS_SOFTMAX_CE && cfg->dims[cfg->n_layers] < 2) { seterr(err, "loss: softmax needs >= 2 outputs"); return ZP_ERR_PARSE; }
    if (cfg->batch_size < 1 || cfg->batch_size > ZP_ZKML_MAX_BATCH) { seterr(err, "batch_size: need 1..%d", ZP_ZKML_MAX_BATCH); return ZP_ERR_PARSE; }
    if ((cfg->steps == 0) == (cfg->epochs == 0)) { seterr(err, "steps/epochs: give exactly one, > 0"); return ZP_ERR_PARSE; }
    if (cfg->lr_num < 0 || cfg->lr_num >= ((int64_t)1 << 32)) { seterr(err, "optimizer: lr_num outside 0..2^32-1"); return ZP_ERR_PARSE; }
    if (cfg->lr_shift + sg + sa <= sw || cfg->lr_shift + sg + sa - sw > ZP_ZKML_MAX_SHIFT ||
        cfg->lr_shift + sg <= sw) {
        seterr(err, "optimizer: need 1 <= lr_shift+grad_scale-weight_scale and lr_shift+grad_scale+act_scale-weight_scale <= 32");
        return ZP_ERR_PARSE;
    }
    if (cfg->mom_num < 0 || cfg->mom_shift < 1 || cfg->mom_shift > ZP_ZKML_MAX_SHIFT ||
        cfg->mom_num >= ((int64_t)1 << cfg->mom_shift)) {
        seterr(err, "optimizer: need 0 <= momentum_num < 2^momentum_shift, 1 <= momentum_shift <= 32");
        return ZP_ERR_PARSE;
    }
    if (cfg->init != ZP_INIT_SEEDED && cfg->init != ZP_INIT_SAFETENSORS) { seterr(err, "base_model: unknown init"); return ZP_ERR_PARSE; }
    if (cfg->init == ZP_INIT_SAFETENSORS && !cfg->base_model) { seterr(err, "base_model: safetensors path missing"); return ZP_ERR_PARSE; }

    const i128 A = (i128)1 << (ba - 1), W = (i128)1 << (bw - 1), G = (i128)1 << (bg - 1);
    const i128 B = cfg->batch_size;
    for (unsigned l = 0; l < cfg->n_layers; l++) {
        const i128 din = cfg->dims[l], dout = cfg->dims[l + 1];
        /* F1 forward: t = sum_k x_k w_jk + b_j 2^sa + 2^(sw-1) */
        i128 f1 = din * A * W + (W << sa) + ((i128)1 << (sw - 1));
        if (too_big(err, "forward accumulator", l, f1, LIM)) return ZP_ERR_PARSE;
        if (too_big(err, "forward quotient", l, qbound(f1, sw), QLIM)) return ZP_ERR_PARSE;
        /* F2 backward data (layers above the first) */
        if (l > 0) {
            i128 f2 = dout * G * W + ((i128)1 << (sw - 1));
            if (too_big(err, "backward accumulator", l, f2, LIM)) return ZP_ERR_PARSE;
            if (too_big(err, "backward quotient", l, qbound(f2, sw), QLIM)) return ZP_ERR_PARSE;
        }
        /* F3 weight and bias gradients, F4 momentum, F5 update */
        i128 dw = B * G * A, db = B * G, mw, mb;
        if (zp_zkml_momentum_bound(cfg, dw, &mw) || zp_zkml_momentum_bound(cfg, db, &mb)) {
            seterr(err, "optimizer: momentum must be < 1");
            return ZP_ERR_PARSE;
        }
        if (too_big(err, "weight gradient (with momentum)", l, mw, LIM)) return ZP_ERR_PARSE;
        if (cfg->mom_num && too_big(err, "momentum product", l, (i128)cfg->mom_num * mw + ((i128)1 << (cfg->mom_shift - 1)), LIM)) return ZP_ERR_PARSE;
        /* F5 update: lr M with momentum; plain SGD the folded G'^T H and
         * colsum G' (F8: G' = rdiv2(lr G, c), |G'| <= gp) */
        zp_zkml_upd u;
        zp_zkml_update_shifts(cfg, &u);
        i128 uw, ub;
        if (cfg->mom_num) {
            uw = (i128)cfg->lr_num * mw;
            ub = (i128)cfg->lr_num * mb;
        } else {
            const i128 lg = (i128)cfg->lr_num * G + (u.c ? ((i128)1 << (u.c - 1)) : 0);
            if (too_big(err, "learning-rate fold product", l, lg, LIM)) return ZP_ERR_PARSE;
            if (too_big(err, "learning-rate fold quotient", l, u.gp, QLIM)) return ZP_ERR_PARSE;
            uw = B * u.gp * A;
            ub = B * u.gp;
        }
        uw += u.ush ? ((i128)1 << (u.ush - 1)) : 0;
        ub += u.bsh ? ((i128)1 << (u.bsh - 1)) : 0;
        if (too_big(err, "weight update product", l, uw, LIM)) return ZP_ERR_PARSE;
        if (too_big(err, "bias update product", l, ub, LIM)) return ZP_ERR_PARSE;
        if (too_big(err, "weight update quotient", l, qbound0(uw, u.ush) + W, QLIM)) return ZP_ERR_PARSE;
        if (too_big(err, "bias update quotient", l, qbound0(ub, u.bsh) + W, QLIM)) return ZP_ERR_PARSE;
    }
    const i128 dout = cfg->dims[cfg->n_layers];
    if (cfg->loss == ZP_LOSS_SOFTMAX_CE) {
        /* F6: e <= 2^se, S <= dout 2^se, e 2^sg + S/2 */
        i128 S = dout << se;
        if (too_big(err, "softmax sum", cfg->n_layers - 1, S, (i128)1 << ZP_ZKML_MAX_SHIFT)) return ZP_ERR_PARSE;
        if (too_big(err, "softmax numerator", cfg->n_layers - 1, ((i128)1 << (se + sg)) + S, LIM)) return ZP_ERR_PARSE;
    } else {
        /* F7: |z - y| <= 2^ba, scaled to the gradient scale */
        i128 d = (i128)1 << ba;
        if (sg > sa) d <<= (sg - sa);
        if (too_big(err, "mse difference", cfg->n_layers - 1, d, LIM)) return ZP_ERR_PARSE;
    }
    return ZP_OK;
}

/* ---- JSON ---- */

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

static int parse_seed(uint8_t out[32], const cJSON *j) {
    if (!cJSON_IsString(j) || strlen(j->valuestring) != 64) return 1;
    for (int i = 0; i < 32; i++) {
        int h = hexval(j->valuestring[2 * i]), l = hexval(j->valuestring[2 * i + 1]);
        if (h < 0 || l < 0) return 1;
        out[i] = (uint8_t)(h << 4 | l);
    }
    return 0;
}

/* A JSON integer in [lo, hi]. */
static int get_int(int64_t *out, const cJSON *j, int64_t lo, int64_t hi) {
    if (!cJSON_IsNumber(j)) return 1;
    double v = j->valuedouble;
    if (!(v >= (double)lo && v <= (double)hi) || v != floor(v)) return 1;
    *out = (int64_t)v;
    return 0;
}

static int keys_only(char *err, const cJSON *obj, const char *where,
                     const char *const *allowed) {
    for (const cJSON *c = obj->child; c; c = c->next) {
        int ok = 0;
        for (const char *const *a = allowed; *a; a++)
            if (c->string && !strcmp(c->string, *a)) ok = 1;
        if (!ok) {
            seterr(err, "%s: unknown key \"%.40s\"", where, c->string ? c->string : "");
            return 1;
        }
    }
    return 0;
}

static char *dupstr(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

#define FAIL(...) do { seterr(err, __VA_ARGS__); e = ZP_ERR_PARSE; goto done; } while (0)

static zp_err from_json(zp_train_config *cfg, char *err, const cJSON *root) {
    zp_err e = ZP_OK;
    int64_t v;
    static const char *const top_keys[] = {"format", "model", "fixed_point", "loss", "optimizer",
                                           "batch_size", "steps", "epochs", "base_model",
                                           "sampler_seed", "datasets", NULL};
    if (!cJSON_IsObject(root)) FAIL("config: not a JSON object");
    if (keys_only(err, root, "config", top_keys)) return ZP_ERR_PARSE;
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, "zkprov-train-config-v1"))
        FAIL("format: expected \"zkprov-train-config-v1\"");

    /* model */
    const cJSON *model = cJSON_GetObjectItemCaseSensitive(root, "model");
    static const char *const model_keys[] = {"layers", "activation", NULL};
    if (!cJSON_IsObject(model)) FAIL("model: missing or not an object");
    if (keys_only(err, model, "model", model_keys)) return ZP_ERR_PARSE;
    const cJSON *act = cJSON_GetObjectItemCaseSensitive(model, "activation");
    if (act && (!cJSON_IsString(act) || strcmp(act->valuestring, "relu")))
        FAIL("model.activation: only \"relu\" is supported");
    const cJSON *layers = cJSON_GetObjectItemCaseSensitive(model, "layers");
    if (!cJSON_IsArray(layers)) FAIL("model.layers: missing or not an array");
    int nl = cJSON_GetArraySize(layers);
    if (nl < 2 || nl > ZP_ZKML_MAX_LAYERS + 1) FAIL("model.layers: need 2..%d widths", ZP_ZKML_MAX_LAYERS + 1);
    uint32_t dims[ZP_ZKML_MAX_LAYERS + 1];
    int i = 0;
    for (const cJSON *c = layers->child; c; c = c->next, i++) {
        if (get_int(&v, c, 1, ZP_ZKML_MAX_WIDTH)) FAIL("model.layers[%d]: need an integer in 1..%d", i, ZP_ZKML_MAX_WIDTH);
        dims[i] = (uint32_t)v;
    }
    if (zp_train_config_default(cfg, dims, (unsigned)nl - 1) != ZP_OK) FAIL("model.layers: invalid");

    /* fixed point */
    const cJSON *fp = cJSON_GetObjectItemCaseSensitive(root, "fixed_point");
    if (fp) {
        static const char *const fp_keys[] = {"act_scale", "act_bits", "weight_scale", "weight_bits",
                                              "grad_scale", "grad_bits", "exp_scale",
                                              "exp_domain_bits", NULL};
        unsigned *dst[] = {&cfg->act_scale, &cfg->act_bits, &cfg->weight_scale, &cfg->weight_bits,
                           &cfg->grad_scale, &cfg->grad_bits, &cfg->exp_scale, &cfg->exp_domain_bits};
        if (!cJSON_IsObject(fp)) FAIL("fixed_point: not an object");
        if (keys_only(err, fp, "fixed_point", fp_keys)) return ZP_ERR_PARSE;
        for (int k = 0; fp_keys[k]; k++) {
            const cJSON *c = cJSON_GetObjectItemCaseSensitive(fp, fp_keys[k]);
            if (!c) continue;
            if (get_int(&v, c, 0, 32)) FAIL("fixed_point.%s: need an integer in 0..32", fp_keys[k]);
            *dst[k] = (unsigned)v;
        }
    }

    /* loss */
    const cJSON *loss = cJSON_GetObjectItemCaseSensitive(root, "loss");
    if (!cJSON_IsString(loss)) FAIL("loss: missing or not a string");
    if (!strcmp(loss->valuestring, "softmax_cross_entropy")) cfg->loss = ZP_LOSS_SOFTMAX_CE;
    else if (!strcmp(loss->valuestring, "mse")) cfg->loss = ZP_LOSS_MSE;
    else FAIL("loss: expected \"softmax_cross_entropy\" or \"mse\"");

    /* batch, steps/epochs */
    if (get_int(&v, cJSON_GetObjectItemCaseSensitive(root, "batch_size"), 1, ZP_ZKML_MAX_BATCH))
        FAIL("batch_size: need an integer in 1..%d", ZP_ZKML_MAX_BATCH);
    cfg->batch_size = (uint32_t)v;
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(root, "steps");
    const cJSON *ep = cJSON_GetObjectItemCaseSensitive(root, "epochs");
    if ((st != NULL) == (ep != NULL)) FAIL("steps/epochs: give exactly one");
    cfg->steps = 0;
    if (st) {
        if (get_int(&v, st, 1, (int64_t)1 << 40)) FAIL("steps: need an integer in 1..2^40");
        cfg->steps = (uint64_t)v;
    } else {
        if (get_int(&v, ep, 1, 1 << 20)) FAIL("epochs: need an integer in 1..2^20");
        cfg->epochs = (uint32_t)v;
    }

    /* optimizer */
    const cJSON *opt = cJSON_GetObjectItemCaseSensitive(root, "optimizer");
    static const char *const opt_keys[] = {"type", "learning_rate", "lr_num", "lr_shift",
                                           "momentum", "momentum_num", "momentum_shift", NULL};
    if (!cJSON_IsObject(opt)) FAIL("optimizer: missing or not an object");
    if (keys_only(err, opt, "optimizer", opt_keys)) return ZP_ERR_PARSE;
    const cJSON *ty = cJSON_GetObjectItemCaseSensitive(opt, "type");
    if (!cJSON_IsString(ty) || strcmp(ty->valuestring, "sgd")) FAIL("optimizer.type: only \"sgd\" is supported");
    const cJSON *c;
    if ((c = cJSON_GetObjectItemCaseSensitive(opt, "lr_shift"))) {
        if (get_int(&v, c, 0, 48)) FAIL("optimizer.lr_shift: need an integer in 0..48");
        cfg->lr_shift = (unsigned)v;
    }
    const cJSON *lr = cJSON_GetObjectItemCaseSensitive(opt, "learning_rate");
    const cJSON *ln = cJSON_GetObjectItemCaseSensitive(opt, "lr_num");
    if ((lr != NULL) == (ln != NULL)) FAIL("optimizer: give exactly one of learning_rate, lr_num");
    if (lr) {
        if (!cJSON_IsNumber(lr) || !(lr->valuedouble > 0 && lr->valuedouble <= 1024))
            FAIL("optimizer.learning_rate: need a number in (0, 1024]");
        cfg->lr = lr->valuedouble;
        /* lr_num = round(lr 2^lr_shift / batch): the mean loss's 1/B */
        cfg->lr_num = (int64_t)llround(ldexp(cfg->lr, (int)cfg->lr_shift) / cfg->batch_size);
        if (cfg->lr_num < 1) FAIL("optimizer.learning_rate: rounds to 0 at lr_shift %u", cfg->lr_shift);
    } else {
        if (get_int(&v, ln, 1, ((int64_t)1 << 32) - 1)) FAIL("optimizer.lr_num: need an integer in 1..2^32-1");
        cfg->lr_num = v;
        cfg->lr = ldexp((double)v * cfg->batch_size, -(int)cfg->lr_shift);
    }
    if ((c = cJSON_GetObjectItemCaseSensitive(opt, "momentum_shift"))) {
        if (get_int(&v, c, 1, 32)) FAIL("optimizer.momentum_shift: need an integer in 1..32");
        cfg->mom_shift = (unsigned)v;
    }
    const cJSON *mo = cJSON_GetObjectItemCaseSensitive(opt, "momentum");
    const cJSON *mn = cJSON_GetObjectItemCaseSensitive(opt, "momentum_num");
    if (mo && mn) FAIL("optimizer: give at most one of momentum, momentum_num");
    if (mo) {
        if (!cJSON_IsNumber(mo) || !(mo->valuedouble >= 0 && mo->valuedouble < 1))
            FAIL("optimizer.momentum: need a number in [0, 1)");
        cfg->momentum = mo->valuedouble;
        cfg->mom_num = (int64_t)llround(ldexp(cfg->momentum, (int)cfg->mom_shift));
    } else if (mn) {
        if (get_int(&v, mn, 0, ((int64_t)1 << cfg->mom_shift) - 1)) FAIL("optimizer.momentum_num: need an integer in 0..2^momentum_shift-1");
        cfg->mom_num = v;
        cfg->momentum = ldexp((double)v, -(int)cfg->mom_shift);
    }

    /* base model */
    const cJSON *bm = cJSON_GetObjectItemCaseSensitive(root, "base_model");
    static const char *const bm_keys[] = {"init", "seed", "safetensors", NULL};
    if (!cJSON_IsObject(bm)) FAIL("base_model: missing or not an object");
    if (keys_only(err, bm, "base_model", bm_keys)) return ZP_ERR_PARSE;
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(bm, "init");
    const cJSON *sd = cJSON_GetObjectItemCaseSensitive(bm, "seed");
    const cJSON *sf = cJSON_GetObjectItemCaseSensitive(bm, "safetensors");
    if (!cJSON_IsString(in)) FAIL("base_model.init: missing");
    if (!strcmp(in->valuestring, "seeded")) {
        if (sf) FAIL("base_model: \"safetensors\" not allowed with init \"seeded\"");
        if (parse_seed(cfg->init_seed, sd)) FAIL("base_model.seed: need 64 lower-case hex digits");
        cfg->init = ZP_INIT_SEEDED;
    } else if (!strcmp(in->valuestring, "safetensors")) {
        if (sd) FAIL("base_model: \"seed\" not allowed with init \"safetensors\"");
        if (!cJSON_IsString(sf) || !sf->valuestring[0] || strlen(sf->valuestring) > 4096)
            FAIL("base_model.safetensors: need a path");
        cfg->init = ZP_INIT_SAFETENSORS;
        if (!(cfg->base_model = dupstr(sf->valuestring))) { e = ZP_ERR_NOMEM; goto done; }
    } else FAIL("base_model.init: expected \"seeded\" or \"safetensors\"");

    if (parse_seed(cfg->sampler_seed, cJSON_GetObjectItemCaseSensitive(root, "sampler_seed")))
        FAIL("sampler_seed: need 64 lower-case hex digits");

    const cJSON *ds = cJSON_GetObjectItemCaseSensitive(root, "datasets");
    if (!cJSON_IsArray(ds)) FAIL("datasets: missing or not an array");
    int nd = cJSON_GetArraySize(ds);
    if (nd > ZP_ZKML_MAX_DATASETS) FAIL("datasets: at most %d", ZP_ZKML_MAX_DATASETS);
    if (nd > 0) {
        cfg->datasets = calloc((size_t)nd, sizeof(char *));
        if (!cfg->datasets) { e = ZP_ERR_NOMEM; goto done; }
        i = 0;
        for (c = ds->child; c; c = c->next, i++) {
            if (!cJSON_IsString(c) || !c->valuestring[0] || strlen(c->valuestring) > 4096)
                FAIL("datasets[%d]: need a non-empty path", i);
            if (!(cfg->datasets[i] = dupstr(c->valuestring))) { e = ZP_ERR_NOMEM; goto done; }
            cfg->n_datasets = (size_t)i + 1;
        }
    }
    e = zp_train_config_check(cfg, err);
done:
    return e;
}

zp_err zp_train_config_parse(zp_train_config *cfg, char err[ZP_ZKML_ERR_BYTES], const char *json,
                             size_t len) {
    if (err) err[0] = 0;
    if (!cfg) return ZP_ERR_ARG;
    memset(cfg, 0, sizeof *cfg);
    if (!json) return ZP_ERR_ARG;
    if (len > ((size_t)1 << 20)) { seterr(err, "config: larger than 1 MiB"); return ZP_ERR_PARSE; }
    cJSON *root = cJSON_ParseWithLength(json, len);
    if (!root) { seterr(err, "config: not valid JSON"); return ZP_ERR_PARSE; }
    zp_err e = from_json(cfg, err, root);
    cJSON_Delete(root);
    if (e != ZP_OK) zp_train_config_free(cfg);
    return e;
}
