/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * safetensors reader and writer (format: github.com/huggingface/safetensors
 * README), bounds-checked, and MLP weights to and from it. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "zkprov/io.h"

size_t zp_st_max_dims(void) { return ZP_ST_MAX_DIMS; }

static const struct { const char *name; size_t size; } DT[] = {
    {NULL, 0},   {"BOOL", 1}, {"U8", 1},  {"I8", 1},  {"I16", 2}, {"U16", 2}, {"F16", 2},
    {"BF16", 2}, {"I32", 4},  {"U32", 4}, {"F32", 4}, {"F64", 8}, {"I64", 8}, {"U64", 8}};
#define N_DT (sizeof DT / sizeof DT[0])

size_t zp_st_dtype_size(zp_st_dtype d) {
    return (unsigned)d > 0 && (unsigned)d < N_DT ? DT[d].size : 0;
}
const char *zp_st_dtype_name(zp_st_dtype d) {
    return (unsigned)d > 0 && (unsigned)d < N_DT ? DT[d].name : NULL;
}

typedef struct {
    char *name;
    zp_st_dtype dtype;
    size_t n_dims;
    uint64_t shape[ZP_ST_MAX_DIMS];
    uint64_t begin, end;
} st_entry;

struct zp_safetensors {
    uint8_t *bytes; /* the whole file */
    size_t len;
    const uint8_t *buf; /* byte buffer after the header */
    size_t n;
    st_entry *e;
    size_t n_meta;
    char **meta; /* 2 * n_meta */
};

static void seterr(char *err, const char *fmt, ...) {
    if (!err) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, ZP_ST_ERR_BYTES, fmt, ap);
    va_end(ap);
    /* text from the input may be echoed: keep the reason on one line */
    for (char *q = err; *q; q++)
        if ((unsigned char)*q < 0x20 || *q == 0x7f) *q = '?';
}

void zp_st_free(zp_safetensors *st) {
    if (!st) return;
    for (size_t i = 0; i < st->n; i++) free(st->e[i].name);
    for (size_t i = 0; i < 2 * st->n_meta; i++) free(st->meta[i]);
    free(st->e);
    free(st->meta);
    free(st->bytes);
    free(st);
}

static char *dupstr(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

/* A JSON number that is an exact integer in [0, 2^53]. */
static int get_u53(uint64_t *out, const cJSON *j) {
    if (!cJSON_IsNumber(j)) return 1;
    double v = j->valuedouble;
    if (!(v >= 0 && v <= 9007199254740992.0) || v != floor(v)) return 1;
    *out = (uint64_t)v;
    return 0;
}

static int cmp_begin(const void *a, const void *b) {
    const st_entry *x = a, *y = b;
    return x->begin < y->begin ? -1 : x->begin > y->begin ? 1 : (x->end > y->end) - (x->end < y->end);
}

#define FAIL(...) do { seterr(err, __VA_ARGS__); e = ZP_ERR_PARSE; goto done; } while (0)

zp_err zp_st_parse(zp_safetensors **out, char err[ZP_ST_ERR_BYTES], const uint8_t *data,
                   size_t len) {
    if (err) err[0] = 0;
    if (!out) return ZP_ERR_ARG;
    *out = NULL;
    if (!data && len) return ZP_ERR_ARG;
    zp_err e = ZP_OK;
    cJSON *root = NULL;
    zp_safetensors *st = calloc(1, sizeof *st);
    if (!st) return ZP_ERR_NOMEM;
    if (len < 8) FAIL("safetensors: shorter than 8 bytes");
    uint64_t N = zp_load64_le(data);
    if (N < 2 || N > ZP_ST_MAX_HEADER_BYTES) FAIL("safetensors: header length %llu out of range", (unsigned long long)N);
    if (N > len - 8) FAIL("safetensors: header past the end of the file");
    if (data[8] != '{') FAIL("safetensors: header does not start with '{'");
    size_t hl = (size_t)N;
    while (hl > 0 && data[8 + hl - 1] == ' ') hl--; /* trailing padding */
    for (size_t i = 0; i < hl; i++)
        if (data[8 + i] == 0) FAIL("safetensors: NUL byte in header");
    st->len = len;
    st->bytes = malloc(len ? len : 1);
    if (!st->bytes) { e = ZP_ERR_NOMEM; goto done; }
    memcpy(st->bytes, data, len);
    st->buf = st->bytes + 8 + N;
    const uint64_t blen = len - 8 - N;
    const char *hdr = (const char *)st->bytes + 8, *hend = NULL;
    root = cJSON_ParseWithLengthOpts(hdr, hl, &hend, 0);
    if (!root || !cJSON_IsObject(root)) FAIL("safetensors: header is not a JSON object");
    if (hend != hdr + hl) FAIL("safetensors: bytes after the header's JSON object");
    size_t cnt = 0;
    for (const cJSON *c = root->child; c; c = c->next) cnt++;
    st->e = calloc(cnt ? cnt : 1, sizeof *st->e);
    if (!st->e) { e = ZP_ERR_NOMEM; goto done; }
    int seen_meta = 0;
    for (const cJSON *c = root->child; c; c = c->next) {
        if (!c->string) FAIL("safetensors: unnamed entry");
        if (!strcmp(c->string, "__metadata__")) {
            if (seen_meta++) FAIL("safetensors: duplicate __metadata__");
            if (!cJSON_IsObject(c)) FAIL("safetensors: __metadata__ is not an object");
            size_t m = 0;
            for (const cJSON *k = c->child; k; k = k->next) m++;
            st->meta = calloc(2 * m + 1, sizeof(char *));
            if (!st->meta) { e = ZP_ERR_NOMEM; goto done; }
            for (const cJSON *k = c->child; k; k = k->next) {
                if (!cJSON_IsString(k)) FAIL("safetensors: __metadata__ value of \"%.40s\" is not a string", k->string);
                for (size_t i = 0; i < st->n_meta; i++)
                    if (!strcmp(st->meta[2 * i], k->string)) FAIL("safetensors: duplicate metadata key");
                st->meta[2 * st->n_meta] = dupstr(k->string);
                st->meta[2 * st->n_meta + 1] = dupstr(k->valuestring);
                st->n_meta++;
                if (!st->meta[2 * st->n_meta - 2] || !st->meta[2 * st->n_meta - 1]) { e = ZP_ERR_NOMEM; goto done; }
            }
            continue;
        }
        if (!c->string[0]) FAIL("safetensors: empty tensor name");
        for (size_t i = 0; i < st->n; i++)
            if (!strcmp(st->e[i].name, c->string)) FAIL("safetensors: duplicate tensor \"%.40s\"", c->string);
        if (!cJSON_IsObject(c)) FAIL("safetensors: tensor \"%.40s\" is not an object", c->string);
        st_entry *t = &st->e[st->n];
        if (!(t->name = dupstr(c->string))) { e = ZP_ERR_NOMEM; goto done; }
        st->n++;
        const cJSON *dt = NULL, *sh = NULL, *of = NULL;
        for (const cJSON *k = c->child; k; k = k->next) {
            const cJSON **slot = !strcmp(k->string, "dtype") ? &dt : !strcmp(k->string, "shape") ? &sh
                               : !strcmp(k->string, "data_offsets") ? &of : NULL;
            if (!slot) FAIL("safetensors: tensor \"%.40s\": unknown key \"%.20s\"", t->name, k->string);
            if (*slot) FAIL("safetensors: tensor \"%.40s\": duplicate key", t->name);
            *slot = k;
        }
        if (!cJSON_IsString(dt)) FAIL("safetensors: tensor \"%.40s\": dtype missing", t->name);
        t->dtype = 0;
        for (unsigned d = 1; d < N_DT; d++)
            if (!strcmp(dt->valuestring, DT[d].name)) t->dtype = (zp_st_dtype)d;
        if (!t->dtype) FAIL("safetensors: tensor \"%.40s\": unknown dtype \"%.12s\"", t->name, dt->valuestring);
        if (!cJSON_IsArray(sh)) FAIL("safetensors: tensor \"%.40s\": shape missing", t->name);
        unsigned __int128 bytes = zp_st_dtype_size(t->dtype);
        for (const cJSON *k = sh->child; k; k = k->next) {
            if (t->n_dims == ZP_ST_MAX_DIMS) FAIL("safetensors: tensor \"%.40s\": more than %d dims", t->name, ZP_ST_MAX_DIMS);
            if (get_u53(&t->shape[t->n_dims], k)) FAIL("safetensors: tensor \"%.40s\": bad shape", t->name);
            bytes *= t->shape[t->n_dims++];
            if (bytes > ((unsigned __int128)1 << 64)) FAIL("safetensors: tensor \"%.40s\": size overflows", t->name);
        }
        if (!cJSON_IsArray(of) || cJSON_GetArraySize(of) != 2 || get_u53(&t->begin, of->child) ||
            get_u53(&t->end, of->child->next))
            FAIL("safetensors: tensor \"%.40s\": bad data_offsets", t->name);
        if (t->begin > t->end || t->end > blen) FAIL("safetensors: tensor \"%.40s\": offsets outside the buffer", t->name);
        if ((unsigned __int128)(t->end - t->begin) != bytes)
            FAIL("safetensors: tensor \"%.40s\": shape and offsets disagree", t->name);
    }
    /* sort by offset: contiguous from 0, no overlap, no hole, no tail */
    qsort(st->e, st->n, sizeof *st->e, cmp_begin);
    uint64_t pos = 0;
    for (size_t i = 0; i < st->n; i++) {
        if (st->e[i].begin != pos) FAIL("safetensors: tensors overlap or leave a hole at byte %llu", (unsigned long long)pos);
        pos = st->e[i].end;
    }
    if (pos != blen) FAIL("safetensors: %llu trailing bytes after the tensors", (unsigned long long)(blen - pos));
done:
    cJSON_Delete(root);
    if (e != ZP_OK) { zp_st_free(st); return e; }
    *out = st;
    return ZP_OK;
}

size_t zp_st_n_tensors(const zp_safetensors *st) { return st ? st->n : 0; }

static void fill(const zp_safetensors *st, const st_entry *s, zp_st_tensor *t) {
    t->name = s->name;
    t->dtype = s->dtype;
    t->n_dims = s->n_dims;
    memcpy(t->shape, s->shape, sizeof t->shape);
    t->data = st->buf + s->begin;
    t->len = (size_t)(s->end - s->begin);
}

zp_err zp_st_tensor_at(const zp_safetensors *st, size_t i, zp_st_tensor *t) {
    if (!t) return ZP_ERR_ARG;
    memset(t, 0, sizeof *t);
    if (!st || i >= st->n) return ZP_ERR_ARG;
    fill(st, &st->e[i], t);
    return ZP_OK;
}

zp_err zp_st_find(const zp_safetensors *st, const char *name, zp_st_tensor *t) {
    if (!t) return ZP_ERR_ARG;
    memset(t, 0, sizeof *t);
    if (!st || !name) return ZP_ERR_ARG;
    for (size_t i = 0; i < st->n; i++)
        if (!strcmp(st->e[i].name, name)) { fill(st, &st->e[i], t); return ZP_OK; }
    return ZP_ERR_PARSE;
}

const char *zp_st_metadata(const zp_safetensors *st, const char *key) {
    if (!st || !key) return NULL;
    for (size_t i = 0; i < st->n_meta; i++)
        if (!strcmp(st->meta[2 * i], key)) return st->meta[2 * i + 1];
    return NULL;
}

zp_err zp_st_serialize(uint8_t **out, size_t *len, const zp_st_tensor *t, size_t n,
                       const char *const *kv, size_t n_kv) {
    if (!out || !len) return ZP_ERR_ARG;
    *out = NULL;
    *len = 0;
    if ((n && !t) || (n_kv && !kv)) return ZP_ERR_ARG;
    zp_err e = ZP_OK;
    cJSON *root = cJSON_CreateObject();
    char *js = NULL;
    if (!root) return ZP_ERR_NOMEM;
    uint64_t off = 0;
    if (n_kv) {
        cJSON *m = cJSON_AddObjectToObject(root, "__metadata__");
        if (!m) { e = ZP_ERR_NOMEM; goto done; }
        for (size_t i = 0; i < n_kv; i++) {
            if (!kv[2 * i] || !kv[2 * i + 1] || cJSON_GetObjectItemCaseSensitive(m, kv[2 * i])) { e = ZP_ERR_ARG; goto done; }
            if (!cJSON_AddStringToObject(m, kv[2 * i], kv[2 * i + 1])) { e = ZP_ERR_NOMEM; goto done; }
        }
    }
    for (size_t i = 0; i < n; i++) {
        const zp_st_tensor *x = &t[i];
        size_t es = zp_st_dtype_size(x->dtype);
        if (!x->name || !x->name[0] || !strcmp(x->name, "__metadata__") || !es ||
            x->n_dims > ZP_ST_MAX_DIMS || (x->len && !x->data) ||
            cJSON_GetObjectItemCaseSensitive(root, x->name)) { e = ZP_ERR_ARG; goto done; }
        unsigned __int128 b = es;
        for (size_t d = 0; d < x->n_dims; d++) b *= x->shape[d];
        if (b != x->len) { e = ZP_ERR_ARG; goto done; }
        cJSON *o = cJSON_AddObjectToObject(root, x->name);
        cJSON *sh = o ? cJSON_AddArrayToObject(o, "shape") : NULL;
        cJSON *of = o ? cJSON_AddArrayToObject(o, "data_offsets") : NULL;
        if (!o || !cJSON_AddStringToObject(o, "dtype", zp_st_dtype_name(x->dtype)) || !sh || !of) { e = ZP_ERR_NOMEM; goto done; }
        for (size_t d = 0; d < x->n_dims; d++)
            if (!cJSON_AddItemToArray(sh, cJSON_CreateNumber((double)x->shape[d]))) { e = ZP_ERR_NOMEM; goto done; }
        if (!cJSON_AddItemToArray(of, cJSON_CreateNumber((double)off)) ||
            !cJSON_AddItemToArray(of, cJSON_CreateNumber((double)(off + x->len)))) { e = ZP_ERR_NOMEM; goto done; }
        off += x->len;
    }
    js = cJSON_PrintUnformatted(root);
    if (!js) { e = ZP_ERR_NOMEM; goto done; }
    size_t hl = strlen(js), hp = (hl + 7) & ~(size_t)7;
    *len = 8 + hp + (size_t)off;
    *out = malloc(*len);
    if (!*out) { *len = 0; e = ZP_ERR_NOMEM; goto done; }
    zp_store64_le(*out, hp);
    memcpy(*out + 8, js, hl);
    memset(*out + 8 + hl, ' ', hp - hl);
    uint8_t *p = *out + 8 + hp;
    for (size_t i = 0; i < n; i++) { if (t[i].len) memcpy(p, t[i].data, t[i].len); p += t[i].len; }
done:
    free(js);
    cJSON_Delete(root);
    return e;
}

zp_err zp_mlp_to_safetensors(uint8_t **out, size_t *len, const zp_mlp *m,
                             const zp_train_config *cfg) {
    if (!out || !len) return ZP_ERR_ARG;
    *out = NULL;
    *len = 0;
    if (!m || !cfg || m->n_layers != cfg->n_layers || m->n_layers > ZP_ZKML_MAX_LAYERS ||
        cfg->weight_bits > 32)
        return ZP_ERR_ARG;
    zp_st_tensor t[2 * ZP_ZKML_MAX_LAYERS];
    char names[2 * ZP_ZKML_MAX_LAYERS][32];
    uint8_t *bufs[2 * ZP_ZKML_MAX_LAYERS] = {0};
    zp_err e = ZP_OK;
    char dims[ZP_ZKML_MAX_LAYERS * 12 + 1] = "", ws[16], wb[16], as[16];
    for (unsigned l = 0; l <= m->n_layers; l++)
        snprintf(dims + strlen(dims), sizeof dims - strlen(dims), l ? ",%u" : "%u", m->dims[l]);
    snprintf(ws, sizeof ws, "%u", cfg->weight_scale);
    snprintf(wb, sizeof wb, "%u", cfg->weight_bits);
    snprintf(as, sizeof as, "%u", cfg->act_scale);
    const char *kv[] = {"format", "zkprov-mlp-v1", "layers", dims, "weight_scale", ws,
                        "weight_bits", wb, "act_scale", as};
    for (unsigned l = 0; l < m->n_layers && e == ZP_OK; l++) {
        for (int k = 0; k < 2; k++) {
            zp_st_tensor *x = &t[2 * l + k];
            size_t cnt = k ? m->dims[l + 1] : (size_t)m->dims[l] * m->dims[l + 1];
            const int64_t *src = k ? m->b[l] : m->w[l];
            snprintf(names[2 * l + k], sizeof names[0], "layers.%u.%s", l, k ? "bias" : "weight");
            memset(x, 0, sizeof *x);
            x->name = names[2 * l + k];
            x->dtype = ZP_ST_I32;
            x->n_dims = k ? 1 : 2;
            x->shape[0] = m->dims[l + 1];
            x->shape[1] = m->dims[l];
            x->len = cnt * 4;
            bufs[2 * l + k] = malloc(x->len ? x->len : 1);
            if (!bufs[2 * l + k]) { e = ZP_ERR_NOMEM; break; }
            for (size_t i = 0; i < cnt; i++) {
                if (src[i] < INT32_MIN || src[i] > INT32_MAX) e = ZP_ERR_ARG;
                zp_store32_le(bufs[2 * l + k] + 4 * i, (uint32_t)(int32_t)src[i]);
            }
            x->data = bufs[2 * l + k];
        }
    }
    if (e == ZP_OK) e = zp_st_serialize(out, len, t, 2 * m->n_layers, kv, 5);
    for (unsigned i = 0; i < 2 * m->n_layers; i++) free(bufs[i]);
    return e;
}

zp_err zp_mlp_from_safetensors(zp_mlp *m, char err[ZP_ST_ERR_BYTES], const zp_safetensors *st,
                               const zp_train_config *cfg) {
    if (err) err[0] = 0;
    if (!m || !st || !cfg || m->n_layers != cfg->n_layers || cfg->weight_bits < 2 ||
        cfg->weight_bits > 32)
        return ZP_ERR_ARG;
    zp_err e = ZP_OK;
    const char *ws = zp_st_metadata(st, "weight_scale");
    char buf[16];
    snprintf(buf, sizeof buf, "%u", cfg->weight_scale);
    if (ws && strcmp(ws, buf)) FAIL("safetensors: weight_scale %.8s, config says %s", ws, buf);
    const int64_t h = (int64_t)1 << (cfg->weight_bits - 1);
    for (unsigned l = 0; l < m->n_layers; l++) {
        for (int k = 0; k < 2; k++) {
            char name[32];
            zp_st_tensor t;
            snprintf(name, sizeof name, "layers.%u.%s", l, k ? "bias" : "weight");
            if (zp_st_find(st, name, &t) != ZP_OK) FAIL("safetensors: tensor %s missing", name);
            int shape_ok = k ? (t.n_dims == 1 && t.shape[0] == m->dims[l + 1])
                             : (t.n_dims == 2 && t.shape[0] == m->dims[l + 1] && t.shape[1] == m->dims[l]);
            if (!shape_ok) FAIL("safetensors: tensor %s has the wrong shape", name);
            size_t cnt = k ? m->dims[l + 1] : (size_t)m->dims[l] * m->dims[l + 1];
            int64_t *dst = k ? m->b[l] : m->w[l];
            for (size_t i = 0; i < cnt; i++) {
                int64_t v;
                const uint8_t *p = t.data + i * zp_st_dtype_size(t.dtype);
                if (t.dtype == ZP_ST_I32) v = (int32_t)zp_load32_le(p);
                else if (t.dtype == ZP_ST_I64) v = (int64_t)zp_load64_le(p);
                else if (t.dtype == ZP_ST_F32 || t.dtype == ZP_ST_F64) {
                    double d;
                    if (t.dtype == ZP_ST_F32) { uint32_t u = zp_load32_le(p); float f; memcpy(&f, &u, 4); d = f; }
                    else { uint64_t u = zp_load64_le(p); memcpy(&d, &u, 8); }
                    if (!isfinite(d)) FAIL("safetensors: tensor %s holds a non-finite value", name);
                    if (fabs(ldexp(d, (int)cfg->weight_scale)) >= (double)h) FAIL("safetensors: tensor %s out of weight range", name);
                    v = zp_fx_from_double(d, cfg->weight_scale, cfg->weight_bits);
                } else FAIL("safetensors: tensor %s has dtype %s (need I32, I64, F32, F64)", name, zp_st_dtype_name(t.dtype));
                if (v < -h || v >= h) FAIL("safetensors: tensor %s exceeds weight_bits", name);
                dst[i] = v;
            }
        }
    }
done:
    return e;
}
