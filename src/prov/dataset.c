/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Datasets: schemas, the streaming commitment builder, DS.commit / DS.secret. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "field/gl.h"
#include "prov/dataset_internal.h"
#include "prov/ed25519_fast.h"
#include "zkprov/prov.h"

size_t zp_ds_err_bytes(void) { return ZP_DS_ERR_BYTES; }

void zp_ds_seterr(char *err, const char *fmt, ...) {
    if (!err) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, ZP_DS_ERR_BYTES, fmt, ap);
    va_end(ap);
    /* text from the input may be echoed: keep the reason on one line */
    for (char *q = err; *q; q++)
        if ((unsigned char)*q < 0x20 || *q == 0x7f) *q = '?';
}

/* ------------------------------------------------------------------ */
/* Growable text buffer (JSON writers). */
typedef struct {
    char *p;
    size_t len, cap;
    int failed;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n) {
    if (b->failed) return;
    if (b->len + n + 1 > b->cap) {
        size_t c = b->cap ? b->cap : 256;
        while (c < b->len + n + 1) c *= 2;
        char *q = realloc(b->p, c);
        if (!q) { b->failed = 1; return; }
        b->p = q;
        b->cap = c;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}
static void sb_str(sbuf *b, const char *s) { sb_put(b, s, strlen(s)); }
static void sb_fmt(sbuf *b, const char *fmt, ...) {
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp) { b->failed = 1; return; }
    sb_put(b, tmp, (size_t)n);
}
/* JSON string: '"' and '\\' escaped, bytes < 0x20 and 0x7f as \u00XX,
 * everything else (UTF-8) verbatim. */
static void sb_jstr(sbuf *b, const char *s) {
    sb_put(b, "\"", 1);
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '"' || *c == '\\') {
            char e[2] = {'\\', (char)*c};
            sb_put(b, e, 2);
        } else if (*c < 0x20 || *c == 0x7f) {
            sb_fmt(b, "\\u%04x", *c);
        } else {
            sb_put(b, (const char *)c, 1);
        }
    }
    sb_put(b, "\"", 1);
}
static void sb_hex(sbuf *b, const uint8_t *d, size_t n) {
    static const char h[] = "0123456789abcdef";
    sb_put(b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        char t[2] = {h[d[i] >> 4], h[d[i] & 15]};
        sb_put(b, t, 2);
    }
    sb_put(b, "\"", 1);
}

/* ------------------------------------------------------------------ */
/* Schemas. */

const char *zp_ds_format_name(zp_ds_format f) {
    switch (f) {
    case ZP_DS_CSV: return "csv";
    case ZP_DS_IDX: return "idx";
    case ZP_DS_JSONL: return "jsonl";
    }
    return NULL;
}

zp_err zp_ds_format_from_name(zp_ds_format *f, const char *name) {
    if (!f || !name) return ZP_ERR_ARG;
    if (!strcmp(name, "csv")) *f = ZP_DS_CSV;
    else if (!strcmp(name, "idx")) *f = ZP_DS_IDX;
    else if (!strcmp(name, "jsonl")) *f = ZP_DS_JSONL;
    else return ZP_ERR_ARG;
    return ZP_OK;
}

static int name_ok(const char *s) {
    if (!s) return 0;
    size_t n = strlen(s);
    return n >= 1 && n <= ZP_DS_MAX_NAME;
}

zp_err zp_ds_schema_finish(zp_ds_schema *s, char err[ZP_DS_ERR_BYTES]) {
    if (!s) return ZP_ERR_ARG;
    if (!zp_ds_format_name(s->format)) {
        zp_ds_seterr(err, "schema: unknown format");
        return ZP_ERR_ARG;
    }
    if (s->n_columns < 1 || s->n_columns > ZP_DS_MAX_COLUMNS || !s->columns) {
        zp_ds_seterr(err, "schema: needs 1..%d columns", ZP_DS_MAX_COLUMNS);
        return ZP_ERR_ARG;
    }
    if ((s->format == ZP_DS_IDX || s->format == ZP_DS_JSONL) && s->n_columns != 1) {
        zp_ds_seterr(err, "schema: format %s takes exactly one column group",
                     zp_ds_format_name(s->format));
        return ZP_ERR_ARG;
    }
    size_t w = 0;
    for (size_t i = 0; i < s->n_columns; i++) {
        const zp_ds_column *c = &s->columns[i];
        if (!name_ok(c->name)) {
            zp_ds_seterr(err, "schema: column %zu: name must have 1..%d bytes", i,
                         ZP_DS_MAX_NAME);
            return ZP_ERR_ARG;
        }
        if (c->count < 1 || c->scale > ZP_DS_MAX_SCALE || c->bound > ZP_DS_MAX_BOUND) {
            zp_ds_seterr(err, "schema: column '%s': count >= 1, scale <= %d, bound <= 2^53-1",
                         c->name, ZP_DS_MAX_SCALE);
            return ZP_ERR_ARG;
        }
        if (s->format == ZP_DS_CSV && c->count != 1) {
            zp_ds_seterr(err, "schema: column '%s': csv columns have count 1", c->name);
            return ZP_ERR_ARG;
        }
        if (s->format != ZP_DS_CSV && c->scale != 0) {
            zp_ds_seterr(err, "schema: column '%s': %s values are integers (scale 0)",
                         c->name, zp_ds_format_name(s->format));
            return ZP_ERR_ARG;
        }
        for (size_t j = 0; j < i; j++)
            if (!strcmp(s->columns[j].name, c->name)) {
                zp_ds_seterr(err, "schema: duplicate column '%s'", c->name);
                return ZP_ERR_ARG;
            }
        w += c->count;
        if (w > ZP_DS_MAX_WIDTH) {
            zp_ds_seterr(err, "schema: record wider than %zu values", ZP_DS_MAX_WIDTH);
            return ZP_ERR_ARG;
        }
    }
    if (s->format == ZP_DS_IDX && !s->has_label) {
        zp_ds_seterr(err, "schema: idx datasets have a label");
        return ZP_ERR_ARG;
    }
    if (s->has_label) {
        if (!name_ok(s->label_name) || s->label_bound > ZP_DS_MAX_BOUND) {
            zp_ds_seterr(err, "schema: label needs a name and a bound <= 2^53-1");
            return ZP_ERR_ARG;
        }
        for (size_t j = 0; j < s->n_columns; j++)
            if (!strcmp(s->columns[j].name, s->label_name)) {
                zp_ds_seterr(err, "schema: label '%s' is also a feature column", s->label_name);
                return ZP_ERR_ARG;
            }
        w++;
    }
    if (s->format == ZP_DS_JSONL) w++;
    s->width = w;
    return ZP_OK;
}

void zp_ds_schema_free(zp_ds_schema *s) {
    if (!s) return;
    if (s->columns)
        for (size_t i = 0; i < s->n_columns; i++) free(s->columns[i].name);
    free(s->columns);
    free(s->label_name);
    free(s);
}

static char *xstrdup(const char *s) {
    size_t n = strlen(s);
    char *d = malloc(n + 1);
    if (d) memcpy(d, s, n + 1);
    return d;
}

zp_err zp_ds_schema_copy(zp_ds_schema **out, const zp_ds_schema *s) {
    if (!out || !s) return ZP_ERR_ARG;
    *out = NULL;
    zp_ds_schema *d = calloc(1, sizeof *d);
    if (!d) return ZP_ERR_NOMEM;
    *d = *s;
    d->columns = calloc(s->n_columns ? s->n_columns : 1, sizeof *d->columns);
    d->label_name = NULL;
    if (!d->columns) { d->n_columns = 0; zp_ds_schema_free(d); return ZP_ERR_NOMEM; }
    for (size_t i = 0; i < s->n_columns; i++) {
        d->columns[i] = s->columns[i];
        d->columns[i].name = s->columns[i].name ? xstrdup(s->columns[i].name) : NULL;
        if (s->columns[i].name && !d->columns[i].name) { zp_ds_schema_free(d); return ZP_ERR_NOMEM; }
    }
    if (s->label_name) {
        d->label_name = xstrdup(s->label_name);
        if (!d->label_name) { zp_ds_schema_free(d); return ZP_ERR_NOMEM; }
    }
    *out = d;
    return ZP_OK;
}

zp_err zp_ds_schema_canonical(char **out, size_t *len, const zp_ds_schema *s) {
    if (!out || !len || !s || !zp_ds_format_name(s->format)) return ZP_ERR_ARG;
    *out = NULL;
    *len = 0;
    sbuf b = {0};
    sb_str(&b, "{\"columns\":[");
    for (size_t i = 0; i < s->n_columns; i++) {
        const zp_ds_column *c = &s->columns[i];
        sb_fmt(&b, "%s{\"bound\":%llu,\"count\":%u,\"name\":", i ? "," : "",
               (unsigned long long)c->bound, c->count);
        sb_jstr(&b, c->name ? c->name : "");
        sb_fmt(&b, ",\"scale\":%u}", c->scale);
    }
    sb_str(&b, "],\"format\":");
    sb_jstr(&b, zp_ds_format_name(s->format));
    if (s->has_label) {
        sb_fmt(&b, ",\"label\":{\"bound\":%llu,\"name\":", (unsigned long long)s->label_bound);
        sb_jstr(&b, s->label_name ? s->label_name : "");
        sb_str(&b, "}");
    }
    sb_str(&b, ",\"type\":\"zkprov/dataset-schema\",\"version\":1}");
    if (b.failed) { free(b.p); return ZP_ERR_NOMEM; }
    *out = b.p;
    *len = b.len;
    return ZP_OK;
}

zp_err zp_ds_schema_digest(zp_digest *out, const zp_ds_schema *s) {
    char *c;
    size_t n;
    zp_err e = zp_ds_schema_canonical(&c, &n, s);
    if (e != ZP_OK) return e;
    zp_sha256(out->b, c, n);
    free(c);
    return ZP_OK;
}

/* JSON helpers: integers must be exact, in [0, max]. */
static int json_uint(const cJSON *o, const char *key, uint64_t max, uint64_t *v) {
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(x)) return 0;
    double d = x->valuedouble;
    if (!(d >= 0) || d > (double)max || d != (double)(uint64_t)d) return 0;
    *v = (uint64_t)d;
    return 1;
}
static const char *json_string(const cJSON *o, const char *key) {
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(x) ? x->valuestring : NULL;
}
/* Every key of o is one of keys[n] (strict parsing: no unread fields). */
static const char *json_unknown_key(const cJSON *o, const char *const *keys, size_t n) {
    for (const cJSON *c = o->child; c; c = c->next) {
        size_t i = 0;
        while (i < n && strcmp(c->string, keys[i])) i++;
        if (i == n) return c->string;
    }
    return NULL;
}
/* Duplicate keys would make the object ambiguous. */
static int json_dup_keys(const cJSON *o) {
    for (const cJSON *a = o->child; a; a = a->next)
        for (const cJSON *b = a->next; b; b = b->next)
            if (!strcmp(a->string, b->string)) return 1;
    return 0;
}

/* Parses exactly json[len] as one JSON value: no NUL bytes, only
 * whitespace after the value.  (cJSON 1.7.15's require_null_terminated
 * flag rejects valid input when a length is given, so the tail is checked
 * here.) */
static cJSON *json_parse_exact(const char *json, size_t len) {
    if (!json || memchr(json, 0, len)) return NULL;
    const char *end = NULL;
    cJSON *r = cJSON_ParseWithLengthOpts(json, len, &end, 0);
    if (!r) return NULL;
    for (const char *p = end; p && p < json + len; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') {
            cJSON_Delete(r);
            return NULL;
        }
    return r;
}

static zp_err schema_from_cjson(zp_ds_schema **out, char *err, const cJSON *root) {
    *out = NULL;
    if (!cJSON_IsObject(root)) { zp_ds_seterr(err, "schema: not a JSON object"); return ZP_ERR_PARSE; }
    static const char *const keys[] = {"type", "version", "format", "columns", "label"};
    const char *bad = json_unknown_key(root, keys, 5);
    if (bad) { zp_ds_seterr(err, "schema: unknown field '%s'", bad); return ZP_ERR_PARSE; }
    if (json_dup_keys(root)) { zp_ds_seterr(err, "schema: duplicate field"); return ZP_ERR_PARSE; }
    const char *type = json_string(root, "type");
    uint64_t ver;
    if (!type || strcmp(type, "zkprov/dataset-schema")) {
        zp_ds_seterr(err, "schema: type must be \"zkprov/dataset-schema\"");
        return ZP_ERR_PARSE;
    }
    if (!json_uint(root, "version", 1000, &ver) || ver != 1) {
        zp_ds_seterr(err, "schema: version must be 1");
        return ZP_ERR_PARSE;
    }
    const char *fmt = json_string(root, "format");
    zp_ds_schema *s = calloc(1, sizeof *s);
    if (!s) return ZP_ERR_NOMEM;
    zp_err e = ZP_ERR_PARSE;
    if (!fmt || zp_ds_format_from_name(&s->format, fmt) != ZP_OK) {
        zp_ds_seterr(err, "schema: format must be \"csv\", \"idx\" or \"jsonl\"");
        goto fail;
    }
    const cJSON *cols = cJSON_GetObjectItemCaseSensitive(root, "columns");
    int nc = cJSON_IsArray(cols) ? cJSON_GetArraySize(cols) : -1;
    if (nc < 1 || nc > ZP_DS_MAX_COLUMNS) {
        zp_ds_seterr(err, "schema: columns must be an array of 1..%d objects", ZP_DS_MAX_COLUMNS);
        goto fail;
    }
    s->columns = calloc((size_t)nc, sizeof *s->columns);
    if (!s->columns) { e = ZP_ERR_NOMEM; goto fail; }
    s->n_columns = (size_t)nc;
    size_t i = 0;
    for (const cJSON *c = cols->child; c; c = c->next, i++) {
        static const char *const ck[] = {"name", "count", "scale", "bound"};
        const char *nm = cJSON_IsObject(c) ? json_string(c, "name") : NULL;
        uint64_t count = 1, scale = 0, bound;
        if (!nm || json_unknown_key(c, ck, 4) || json_dup_keys(c) ||
            (cJSON_GetObjectItemCaseSensitive(c, "count") &&
             !json_uint(c, "count", ZP_DS_MAX_WIDTH, &count)) ||
            (cJSON_GetObjectItemCaseSensitive(c, "scale") &&
             !json_uint(c, "scale", ZP_DS_MAX_SCALE, &scale)) ||
            !json_uint(c, "bound", ZP_DS_MAX_BOUND, &bound)) {
            zp_ds_seterr(err, "schema: column %zu: needs \"name\", \"bound\" (integer "
                         "<= 2^53-1), optional \"count\", \"scale\" (0..%d), nothing else",
                         i, ZP_DS_MAX_SCALE);
            goto fail;
        }
        s->columns[i].name = xstrdup(nm);
        if (!s->columns[i].name) { e = ZP_ERR_NOMEM; goto fail; }
        s->columns[i].count = (uint32_t)count;
        s->columns[i].scale = (uint32_t)scale;
        s->columns[i].bound = bound;
    }
    const cJSON *lab = cJSON_GetObjectItemCaseSensitive(root, "label");
    if (lab) {
        static const char *const lk[] = {"name", "bound"};
        const char *nm = cJSON_IsObject(lab) ? json_string(lab, "name") : NULL;
        if (!nm || json_unknown_key(lab, lk, 2) || json_dup_keys(lab) ||
            !json_uint(lab, "bound", ZP_DS_MAX_BOUND, &s->label_bound)) {
            zp_ds_seterr(err, "schema: label needs \"name\" and \"bound\" (integer <= 2^53-1)");
            goto fail;
        }
        s->label_name = xstrdup(nm);
        if (!s->label_name) { e = ZP_ERR_NOMEM; goto fail; }
        s->has_label = 1;
    }
    if (zp_ds_schema_finish(s, err) != ZP_OK) goto fail;
    *out = s;
    return ZP_OK;
fail:
    zp_ds_schema_free(s);
    return e;
}

zp_err zp_ds_schema_parse(zp_ds_schema **out, char err[ZP_DS_ERR_BYTES], const char *json, size_t len) {
    if (!out || (!json && len)) return ZP_ERR_ARG;
    *out = NULL;
    cJSON *root = json_parse_exact(json, len);
    if (!root) { zp_ds_seterr(err, "schema: not valid JSON"); return ZP_ERR_PARSE; }
    zp_err e = schema_from_cjson(out, err, root);
    cJSON_Delete(root);
    return e;
}

zp_fe zp_ds_fe_from_i64(int64_t q) {
    return q >= 0 ? (zp_fe)q : ZP_FIELD_P - (zp_fe)(-q);
}

zp_err zp_ds_i64_from_fe(int64_t *q, zp_fe x, uint64_t bound) {
    if (x <= bound) { *q = (int64_t)x; return ZP_OK; }
    if (x < ZP_FIELD_P && ZP_FIELD_P - x <= bound) { *q = -(int64_t)(ZP_FIELD_P - x); return ZP_OK; }
    return ZP_ERR_PARSE;
}

zp_err zp_ds_row_check(const zp_ds_schema *s, const zp_fe *row, char err[ZP_DS_ERR_BYTES]) {
    if (!s || !row) return ZP_ERR_ARG;
    size_t k = 0;
    int64_t q;
    uint64_t ntok = 0;
    if (s->format == ZP_DS_JSONL) {
        if (zp_ds_i64_from_fe(&q, row[0], s->columns[0].count) != ZP_OK || q < 0) {
            zp_ds_seterr(err, "record: token count out of range");
            return ZP_ERR_PARSE;
        }
        ntok = (uint64_t)q;
        k = 1;
    }
    for (size_t c = 0; c < s->n_columns; c++) {
        const zp_ds_column *col = &s->columns[c];
        for (uint32_t j = 0; j < col->count; j++, k++) {
            if (zp_ds_i64_from_fe(&q, row[k], col->bound) != ZP_OK) {
                zp_ds_seterr(err, "record: value %zu ('%s') outside its bound", k, col->name);
                return ZP_ERR_PARSE;
            }
            if (s->format == ZP_DS_JSONL && (q < 0 || (j >= ntok && q != 0))) {
                zp_ds_seterr(err, "record: bad token slot %u", j);
                return ZP_ERR_PARSE;
            }
            if (s->format == ZP_DS_IDX && q < 0) {
                zp_ds_seterr(err, "record: negative pixel %u", j);
                return ZP_ERR_PARSE;
            }
        }
    }
    if (s->has_label) {
        if (row[k] > s->label_bound) {
            zp_ds_seterr(err, "record: label outside [0, %llu]", (unsigned long long)s->label_bound);
            return ZP_ERR_PARSE;
        }
    }
    return ZP_OK;
}

size_t zp_ds_record_bytes_len(size_t width) {
    return sizeof ZP_DS_RECORD_DOMAIN + ZP_DIGEST_BYTES + 4 + 8 * width;
}

void zp_ds_record_bytes(uint8_t *out, const zp_digest *schema_digest, const zp_fe *row,
                        size_t width) {
    memcpy(out, ZP_DS_RECORD_DOMAIN, sizeof ZP_DS_RECORD_DOMAIN); /* NUL included */
    out += sizeof ZP_DS_RECORD_DOMAIN;
    memcpy(out, schema_digest->b, ZP_DIGEST_BYTES);
    out += ZP_DIGEST_BYTES;
    zp_store32_le(out, (uint32_t)width);
    out += 4;
    for (size_t i = 0; i < width; i++) zp_store64_le(out + 8 * i, row[i]);
}

/* ------------------------------------------------------------------ */
/* DS.commit. */

static unsigned ceil_log2_u64(uint64_t v) {
    unsigned l = 0;
    while (l < 63 && ((uint64_t)1 << l) < v) l++;
    return l;
}

size_t zp_ds_default_openings(void) { return ZP_DS_DEFAULT_OPENINGS; }

/* Mask blocks (docs/formats/dataset.md, "Record matrix"): block j holds
 * rows [mask_row + (j << m), + 2^m).  m is the smallest with 2^(m + lw)
 * >= 16 values (room for a few masked evaluations, docs/spec/infer.md
 * "Zero knowledge" item 3) and >= 2^log_cols (a block is one or more whole
 * PCS rows, so a mask read as rows of the PCS matrix never straddles two
 * openings); mask_row is n_records rounded up to 2^m (aligned). */
static unsigned mask_log_rows_for(unsigned lw, unsigned log_cols) {
    unsigned m = 0;
    while (m + lw < 4 || m + lw < log_cols) m++;
    return m;
}
static uint64_t round_up_log(uint64_t n, unsigned m) {
    return ((n + ((uint64_t)1 << m) - 1) >> m) << m;
}
static int mask_layout_ok(const zp_dataset_commit *c) {
    const unsigned k = c->pcs.max_openings;
    if (k < 1 || k > ZP_DS_MAX_OPENINGS || c->log_rows > 40) return 0;
    if (c->mask_log_rows != mask_log_rows_for(c->log_width, c->pcs.log_cols)) return 0;
    if (c->mask_row != round_up_log(c->n_records, c->mask_log_rows)) return 0;
    return c->mask_row + ((uint64_t)k << c->mask_log_rows) <= (uint64_t)1 << c->log_rows;
}
/* Chooses log_rows, the PCS parameters and the mask layout of c (n_records
 * and log_width set) for k openings: the smallest log_rows whose padding
 * rows hold the k mask blocks, for the parameters chosen at that size. */
static zp_err mask_layout_choose(zp_dataset_commit *c, unsigned k) {
    for (unsigned lr = ceil_log2_u64(c->n_records); lr + c->log_width <= ZP_PCS_MAX_VARS; lr++) {
        zp_pcs_params p;
        zp_err e = zp_pcs_params_default_multi(&p, lr + c->log_width, ZP_DS_PCS_LOG_INV_RATE,
                                               ZP_DS_PCS_SECURITY, k);
        if (e != ZP_OK) return e;
        c->pcs = p;
        c->log_rows = lr;
        c->mask_log_rows = mask_log_rows_for(c->log_width, p.log_cols);
        c->mask_row = round_up_log(c->n_records, c->mask_log_rows);
        if (mask_layout_ok(c)) return ZP_OK;
    }
    return ZP_ERR_ARG;
}

static void put32(zp_sha256_ctx *h, uint32_t v) {
    uint8_t b[4];
    zp_store32_le(b, v);
    zp_sha256_update(h, b, 4);
}
static void put64(zp_sha256_ctx *h, uint64_t v) {
    uint8_t b[8];
    zp_store64_le(b, v);
    zp_sha256_update(h, b, 8);
}
static void putstr(zp_sha256_ctx *h, const char *s, size_t n) {
    put32(h, (uint32_t)n);
    zp_sha256_update(h, s, n);
}

zp_err zp_dataset_commit_compute_digest(zp_digest *out, const zp_dataset_commit *c) {
    if (!out || !c || !c->schema) return ZP_ERR_ARG;
    char *sc;
    size_t sn;
    zp_err e = zp_ds_schema_canonical(&sc, &sn, c->schema);
    if (e != ZP_OK) return e;
    zp_sha256_ctx h;
    zp_sha256_init(&h);
    putstr(&h, ZP_DS_COMMIT_TYPE, strlen(ZP_DS_COMMIT_TYPE));
    put32(&h, c->version);
    put64(&h, c->n_records);
    put32(&h, (uint32_t)c->schema->format);
    putstr(&h, sc, sn);
    zp_sha256_update(&h, c->schema_digest.b, 32);
    put32(&h, (uint32_t)c->schema->width);
    put32(&h, c->log_rows);
    put32(&h, c->log_width);
    put64(&h, c->mask_row);
    put32(&h, c->mask_log_rows);
    put32(&h, c->pcs.n_vars);
    put32(&h, c->pcs.log_cols);
    put32(&h, c->pcs.log_inv_rate);
    put32(&h, c->pcs.n_queries);
    put32(&h, c->pcs.max_claims);
    put32(&h, c->pcs.n_prox);
    put32(&h, c->pcs.max_openings);
    zp_sha256_update(&h, c->pcs_root.b, 32);
    putstr(&h, ZP_DS_VRF_SUITE, strlen(ZP_DS_VRF_SUITE));
    zp_sha256_update(&h, c->vrf_pk, ZP_VRF_PUBLICKEYBYTES);
    zp_sha256_update(&h, c->key_root.b, 32);
    zp_sha256_final(&h, out->b);
    free(sc);
    return ZP_OK;
}

void zp_dataset_commit_free(zp_dataset_commit *c) {
    if (!c) return;
    zp_ds_schema_free(c->schema);
    free(c);
}

zp_err zp_dataset_commit_to_json(char **out, size_t *len, const zp_dataset_commit *c) {
    if (!out || !len || !c || !c->schema) return ZP_ERR_ARG;
    *out = NULL;
    *len = 0;
    char *sc;
    size_t sn;
    zp_err e = zp_ds_schema_canonical(&sc, &sn, c->schema);
    if (e != ZP_OK) return e;
    sbuf b = {0};
    sb_str(&b, "{\n  \"type\": \"" ZP_DS_COMMIT_TYPE "\",\n");
    sb_fmt(&b, "  \"version\": %u,\n", c->version);
    sb_fmt(&b, "  \"records\": %llu,\n", (unsigned long long)c->n_records);
    sb_fmt(&b, "  \"format\": \"%s\",\n", zp_ds_format_name(c->schema->format));
    sb_str(&b, "  \"schema\": ");
    sb_put(&b, sc, sn);
    sb_str(&b, ",\n  \"schema_digest\": ");
    sb_hex(&b, c->schema_digest.b, 32);
    /* (sb_fmt formats at most 127 bytes per call) */
    sb_fmt(&b, ",\n  \"matrix\": {\"width\": %zu, \"log_rows\": %u, \"log_width\": %u, ",
           c->schema->width, c->log_rows, c->log_width);
    sb_fmt(&b, "\"mask_row\": %llu, \"mask_log_rows\": %u},\n",
           (unsigned long long)c->mask_row, c->mask_log_rows);
    sb_fmt(&b, "  \"pcs\": {\"n_vars\": %u, \"log_cols\": %u, \"log_inv_rate\": %u, ",
           c->pcs.n_vars, c->pcs.log_cols, c->pcs.log_inv_rate);
    sb_fmt(&b, "\"n_queries\": %u, \"max_claims\": %u, \"n_prox\": %u, \"max_openings\": %u, "
           "\"root\": ", c->pcs.n_queries, c->pcs.max_claims, c->pcs.n_prox, c->pcs.max_openings);
    sb_hex(&b, c->pcs_root.b, 32);
    sb_str(&b, "},\n  \"vrf\": {\"suite\": \"" ZP_DS_VRF_SUITE "\", \"public_key\": ");
    sb_hex(&b, c->vrf_pk, ZP_VRF_PUBLICKEYBYTES);
    sb_str(&b, "},\n  \"keys\": {\"order\": \"ascending\", \"root\": ");
    sb_hex(&b, c->key_root.b, 32);
    sb_str(&b, "},\n  \"digest\": ");
    sb_hex(&b, c->digest.b, 32);
    sb_str(&b, "\n}\n");
    free(sc);
    if (b.failed) { free(b.p); return ZP_ERR_NOMEM; }
    *out = b.p;
    *len = b.len;
    return ZP_OK;
}

static int unhex(uint8_t *out, size_t n, const char *s) {
    if (!s || strlen(s) != 2 * n) return 0;
    for (size_t i = 0; i < 2 * n; i++) {
        int c = s[i], v;
        if (c >= '0' && c <= '9') v = c - '0';
        else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
        else return 0; /* lower-case only: one encoding */
        if (i & 1) out[i / 2] = (uint8_t)(out[i / 2] | v);
        else out[i / 2] = (uint8_t)(v << 4);
    }
    return 1;
}

zp_err zp_dataset_commit_parse(zp_dataset_commit **out, char err[ZP_DS_ERR_BYTES], const char *json,
                               size_t len) {
    if (!out || (!json && len)) return ZP_ERR_ARG;
    *out = NULL;
    cJSON *root = json_parse_exact(json, len);
    if (!root) { zp_ds_seterr(err, "dataset commitment: not valid JSON"); return ZP_ERR_PARSE; }
    zp_err e = ZP_ERR_PARSE;
    zp_dataset_commit *c = calloc(1, sizeof *c);
    if (!c) { cJSON_Delete(root); return ZP_ERR_NOMEM; }
    static const char *const keys[] = {"type", "version", "records", "format", "schema",
                                       "schema_digest", "matrix", "pcs", "vrf", "keys",
                                       "digest"};
    const char *bad = cJSON_IsObject(root) ? json_unknown_key(root, keys, 11) : "(not an object)";
    if (bad) { zp_ds_seterr(err, "dataset commitment: unknown field '%s'", bad); goto done; }
    if (json_dup_keys(root)) { zp_ds_seterr(err, "dataset commitment: duplicate field"); goto done; }
    const char *type = json_string(root, "type");
    uint64_t v;
    if (!type || strcmp(type, ZP_DS_COMMIT_TYPE)) {
        zp_ds_seterr(err, "dataset commitment: type must be \"" ZP_DS_COMMIT_TYPE "\"");
        goto done;
    }
    if (json_uint(root, "version", 1000, &v) && v == 1) {
        zp_ds_seterr(err, "dataset commitment: version 1 (no opening masks, cannot bind "
                     "training runs) is no longer accepted; re-run `zkprov dataset commit`");
        e = ZP_ERR_UNSUPPORTED;
        goto done;
    }
    if (!json_uint(root, "version", 1000, &v) || v != ZP_DS_COMMIT_VERSION) {
        zp_ds_seterr(err, "dataset commitment: unsupported version (this build reads "
                     "version %d)", ZP_DS_COMMIT_VERSION);
        e = ZP_ERR_UNSUPPORTED;
        goto done;
    }
    c->version = (uint32_t)v;
    if (!json_uint(root, "records", (uint64_t)1 << 40, &c->n_records) || c->n_records < 1) {
        zp_ds_seterr(err, "dataset commitment: bad \"records\"");
        goto done;
    }
    e = schema_from_cjson(&c->schema, err, cJSON_GetObjectItemCaseSensitive(root, "schema"));
    if (e != ZP_OK) { if (e == ZP_ERR_ARG) e = ZP_ERR_PARSE; goto done; }
    e = ZP_ERR_PARSE;
    const char *fmt = json_string(root, "format");
    if (!fmt || strcmp(fmt, zp_ds_format_name(c->schema->format))) {
        zp_ds_seterr(err, "dataset commitment: format differs from the schema's");
        goto done;
    }
    zp_digest sd;
    if (!unhex(c->schema_digest.b, 32, json_string(root, "schema_digest"))) {
        zp_ds_seterr(err, "dataset commitment: bad \"schema_digest\"");
        goto done;
    }
    if ((e = zp_ds_schema_digest(&sd, c->schema)) != ZP_OK) goto done;
    e = ZP_ERR_PARSE;
    if (!zp_memeq(sd.b, c->schema_digest.b, 32)) {
        zp_ds_seterr(err, "dataset commitment: schema_digest does not match the schema");
        e = ZP_ERR_VERIFY;
        goto done;
    }
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(root, "matrix");
    uint64_t w, lr, lw, mrow, mlog;
    static const char *const mk[] = {"width", "log_rows", "log_width", "mask_row",
                                     "mask_log_rows"};
    if (!cJSON_IsObject(m) || json_unknown_key(m, mk, 5) || json_dup_keys(m) ||
        !json_uint(m, "width", ZP_DS_MAX_WIDTH, &w) || !json_uint(m, "log_rows", 40, &lr) ||
        !json_uint(m, "log_width", 40, &lw) || !json_uint(m, "mask_row", (uint64_t)1 << 40, &mrow) ||
        !json_uint(m, "mask_log_rows", 40, &mlog) || w != c->schema->width ||
        lr < ceil_log2_u64(c->n_records) || lw != ceil_log2_u64(w)) {
        zp_ds_seterr(err, "dataset commitment: \"matrix\" does not match records and schema");
        goto done;
    }
    c->log_rows = (uint32_t)lr;
    c->log_width = (uint32_t)lw;
    c->mask_row = mrow;
    c->mask_log_rows = (uint32_t)mlog;
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(root, "pcs");
    static const char *const pk[] = {"n_vars", "log_cols", "log_inv_rate", "n_queries",
                                     "max_claims", "n_prox", "max_openings", "root"};
    uint64_t pv[7];
    int ok = cJSON_IsObject(p) && !json_unknown_key(p, pk, 8) && !json_dup_keys(p);
    for (int i = 0; ok && i < 7; i++) ok = json_uint(p, pk[i], 1u << 20, &pv[i]);
    if (!ok || !unhex(c->pcs_root.b, 32, json_string(p, "root"))) {
        zp_ds_seterr(err, "dataset commitment: bad \"pcs\"");
        goto done;
    }
    c->pcs.n_vars = (unsigned)pv[0];
    c->pcs.log_cols = (unsigned)pv[1];
    c->pcs.log_inv_rate = (unsigned)pv[2];
    c->pcs.n_queries = (unsigned)pv[3];
    c->pcs.max_claims = (unsigned)pv[4];
    c->pcs.n_prox = (unsigned)pv[5];
    c->pcs.max_openings = (unsigned)pv[6];
    c->pcs.rows_used = 0;
    if (zp_pcs_params_check(&c->pcs) != ZP_OK || c->pcs.n_vars != lr + lw) {
        zp_ds_seterr(err, "dataset commitment: PCS parameters invalid or not %u variables",
                     (unsigned)(lr + lw));
        goto done;
    }
    if (!mask_layout_ok(c)) {
        zp_ds_seterr(err, "dataset commitment: mask layout (mask_row, mask_log_rows, "
                     "max_openings 1..%d) is not the canonical one", ZP_DS_MAX_OPENINGS);
        goto done;
    }
    const cJSON *vr = cJSON_GetObjectItemCaseSensitive(root, "vrf");
    static const char *const vk[] = {"suite", "public_key"};
    const char *suite = cJSON_IsObject(vr) ? json_string(vr, "suite") : NULL;
    if (!suite || strcmp(suite, ZP_DS_VRF_SUITE) || json_unknown_key(vr, vk, 2) ||
        json_dup_keys(vr) ||
        !unhex(c->vrf_pk, ZP_VRF_PUBLICKEYBYTES, json_string(vr, "public_key"))) {
        zp_ds_seterr(err, "dataset commitment: bad \"vrf\"");
        goto done;
    }
    const cJSON *ks = cJSON_GetObjectItemCaseSensitive(root, "keys");
    static const char *const kk[] = {"order", "root"};
    const char *ord = cJSON_IsObject(ks) ? json_string(ks, "order") : NULL;
    if (!ord || strcmp(ord, "ascending") || json_unknown_key(ks, kk, 2) || json_dup_keys(ks) ||
        !unhex(c->key_root.b, 32, json_string(ks, "root"))) {
        zp_ds_seterr(err, "dataset commitment: bad \"keys\"");
        goto done;
    }
    zp_digest d;
    if (!unhex(c->digest.b, 32, json_string(root, "digest"))) {
        zp_ds_seterr(err, "dataset commitment: bad \"digest\"");
        goto done;
    }
    if ((e = zp_dataset_commit_compute_digest(&d, c)) != ZP_OK) goto done;
    if (!zp_memeq(d.b, c->digest.b, 32)) {
        zp_ds_seterr(err, "dataset commitment: digest does not match its fields");
        e = ZP_ERR_VERIFY;
        goto done;
    }
    e = ZP_OK;
done:
    cJSON_Delete(root);
    if (e == ZP_OK) *out = c;
    else zp_dataset_commit_free(c);
    return e;
}

zp_err zp_ds_read_file(uint8_t **out, size_t *len, char *err, const char *path, size_t max) {
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) { zp_ds_seterr(err, "%s: cannot open", path); return ZP_ERR_IO; }
    size_t cap = 4096, n = 0;
    uint8_t *b = malloc(cap + 1);
    if (!b) { fclose(f); return ZP_ERR_NOMEM; }
    for (;;) {
        if (n == cap) {
            if (cap >= max) {
                zp_ds_seterr(err, "%s: larger than %zu bytes", path, max);
                free(b); fclose(f);
                return ZP_ERR_PARSE;
            }
            cap *= 2;
            uint8_t *q = realloc(b, cap + 1);
            if (!q) { free(b); fclose(f); return ZP_ERR_NOMEM; }
            b = q;
        }
        size_t r = fread(b + n, 1, cap - n, f);
        n += r;
        if (r == 0) break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) { zp_ds_seterr(err, "%s: read error", path); free(b); return ZP_ERR_IO; }
    if (n > max) { zp_ds_seterr(err, "%s: larger than %zu bytes", path, max); free(b); return ZP_ERR_PARSE; }
    b[n] = 0;
    *out = b;
    *len = n;
    return ZP_OK;
}

zp_err zp_dataset_commit_load(zp_dataset_commit **out, char err[ZP_DS_ERR_BYTES], const char *path) {
    if (!out || !path) return ZP_ERR_ARG;
    *out = NULL;
    uint8_t *b;
    size_t n;
    zp_err e = zp_ds_read_file(&b, &n, err, path, (size_t)16 << 20);
    if (e != ZP_OK) return e;
    char sub[ZP_DS_ERR_BYTES] = "";
    e = zp_dataset_commit_parse(out, sub, (const char *)b, n);
    if (e != ZP_OK) zp_ds_seterr(err, "%s: %s", path, sub);
    free(b);
    return e;
}

/* ------------------------------------------------------------------ */
/* DS.secret. */

void zp_dataset_secret_free(zp_dataset_secret *s) {
    if (!s) return;
    if (s->keys) { zp_memzero(s->keys, s->n * 32); free(s->keys); }
    free(s->index);
    ZP_WIPE(s);
    free(s);
}

const uint8_t *zp_dataset_secret_pcs_seed(const zp_dataset_secret *s) {
    return s ? s->pcs_seed : NULL;
}

static size_t secret_len(uint64_t n) {
    return 8 + 4 + 32 + 8 + 32 + ZP_VRF_SECRETKEYBYTES + (size_t)n * 40 + 32;
}

zp_err zp_dataset_secret_serialize(uint8_t **out, size_t *len, const zp_dataset_secret *s) {
    if (!out || !len || !s) return ZP_ERR_ARG;
    *out = NULL;
    *len = 0;
    size_t n = secret_len(s->n);
    uint8_t *b = malloc(n), *p = b;
    if (!b) return ZP_ERR_NOMEM;
    memcpy(p, ZP_DS_SECRET_MAGIC, 8); p += 8;
    zp_store32_le(p, ZP_DS_SECRET_VERSION); p += 4;
    memcpy(p, s->commit_digest.b, 32); p += 32;
    zp_store64_le(p, s->n); p += 8;
    memcpy(p, s->pcs_seed, 32); p += 32;
    memcpy(p, s->vrf_sk, ZP_VRF_SECRETKEYBYTES); p += ZP_VRF_SECRETKEYBYTES;
    for (uint64_t i = 0; i < s->n; i++) {
        memcpy(p, s->keys + 32 * i, 32);
        zp_store64_le(p + 32, s->index[i]);
        p += 40;
    }
    zp_sha256(p, b, (size_t)(p - b));
    *out = b;
    *len = n;
    return ZP_OK;
}

zp_err zp_ds_key_tree(zp_merkle_tree **out, const uint8_t *keys, uint64_t n) {
    zp_digest *lv = malloc((size_t)n * sizeof *lv);
    if (!lv) return ZP_ERR_NOMEM;
    zp_hash_leaves(lv, keys, 32, (size_t)n);
    zp_err e = zp_merkle_build(out, lv, (size_t)n);
    free(lv);
    return e;
}

zp_err zp_dataset_secret_parse(zp_dataset_secret **out, char err[ZP_DS_ERR_BYTES], const uint8_t *data,
                               size_t len, const zp_dataset_commit *c) {
    if (!out || !c || (!data && len)) return ZP_ERR_ARG;
    *out = NULL;
    if (len < secret_len(0) || memcmp(data, ZP_DS_SECRET_MAGIC, 8)) {
        zp_ds_seterr(err, "dataset secret: bad magic or truncated");
        return ZP_ERR_PARSE;
    }
    if (zp_load32_le(data + 8) != ZP_DS_SECRET_VERSION) {
        zp_ds_seterr(err, "dataset secret: unsupported version");
        return ZP_ERR_UNSUPPORTED;
    }
    uint64_t n = zp_load64_le(data + 44);
    if (n != c->n_records || len != secret_len(n)) {
        zp_ds_seterr(err, "dataset secret: record count or length does not match the commitment");
        return ZP_ERR_PARSE;
    }
    uint8_t h[32];
    zp_sha256(h, data, len - 32);
    if (!zp_memeq(h, data + len - 32, 32)) {
        zp_ds_seterr(err, "dataset secret: checksum mismatch (corrupted file)");
        return ZP_ERR_PARSE;
    }
    if (!zp_memeq(data + 12, c->digest.b, 32)) {
        zp_ds_seterr(err, "dataset secret: belongs to another dataset commitment");
        return ZP_ERR_VERIFY;
    }
    zp_dataset_secret *s = calloc(1, sizeof *s);
    if (!s) return ZP_ERR_NOMEM;
    s->n = n;
    memcpy(s->commit_digest.b, data + 12, 32);
    memcpy(s->pcs_seed, data + 52, 32);
    memcpy(s->vrf_sk, data + 84, ZP_VRF_SECRETKEYBYTES);
    s->keys = malloc((size_t)n * 32);
    s->index = malloc((size_t)n * sizeof *s->index);
    zp_err e = ZP_OK;
    if (!s->keys || !s->index) { e = ZP_ERR_NOMEM; goto fail; }
    const uint8_t *p = data + 84 + ZP_VRF_SECRETKEYBYTES;
    for (uint64_t i = 0; i < n; i++, p += 40) {
        memcpy(s->keys + 32 * i, p, 32);
        s->index[i] = zp_load64_le(p + 32);
        if (s->index[i] >= n || (i && memcmp(s->keys + 32 * (i - 1), p, 32) > 0)) {
            zp_ds_seterr(err, "dataset secret: key list not sorted or bad index");
            e = ZP_ERR_PARSE;
            goto fail;
        }
    }
    uint8_t pk[ZP_VRF_PUBLICKEYBYTES], sk[ZP_VRF_SECRETKEYBYTES];
    e = zp_vrf_keypair_from_seed(pk, sk, s->vrf_sk);
    int same = e == ZP_OK && zp_memeq(sk, s->vrf_sk, sizeof sk) &&
               zp_memeq(pk, c->vrf_pk, sizeof pk);
    zp_memzero(sk, sizeof sk);
    if (!same) {
        zp_ds_seterr(err, "dataset secret: VRF key does not match the commitment");
        e = ZP_ERR_VERIFY;
        goto fail;
    }
    zp_merkle_tree *t = NULL;
    if ((e = zp_ds_key_tree(&t, s->keys, n)) != ZP_OK) goto fail;
    zp_digest r;
    zp_merkle_root(t, &r);
    zp_merkle_free(t);
    if (!zp_memeq(r.b, c->key_root.b, 32)) {
        zp_ds_seterr(err, "dataset secret: key tree root does not match the commitment");
        e = ZP_ERR_VERIFY;
        goto fail;
    }
    *out = s;
    return ZP_OK;
fail:
    zp_dataset_secret_free(s);
    return e;
}

zp_err zp_dataset_secret_load(zp_dataset_secret **out, char err[ZP_DS_ERR_BYTES], const char *path,
                              const zp_dataset_commit *c) {
    if (!out || !path || !c) return ZP_ERR_ARG;
    *out = NULL;
    uint8_t *b;
    size_t n;
    zp_err e = zp_ds_read_file(&b, &n, err, path, secret_len(c->n_records));
    if (e != ZP_OK) return e;
    char sub[ZP_DS_ERR_BYTES] = "";
    e = zp_dataset_secret_parse(out, sub, b, n, c);
    if (e != ZP_OK) zp_ds_seterr(err, "%s: %s", path, sub);
    zp_memzero(b, n);
    free(b);
    return e;
}

/* ------------------------------------------------------------------ */
/* Builder. */

struct zp_dataset_builder {
    zp_ds_schema *schema;
    size_t width, width_p; /* width padded to a power of two */
    unsigned log_width;
    zp_fe *m;              /* cap_rows x width_p, row-major, zero padded */
    uint64_t n, cap_rows;
    unsigned openings;     /* K */
    int finished;
    zp_dataset_progress_fn progress;
    void *progress_ctx;
};

void zp_dataset_builder_set_progress(zp_dataset_builder *b, zp_dataset_progress_fn fn,
                                     void *ctx) {
    if (!b) return;
    b->progress = fn;
    b->progress_ctx = ctx;
}

zp_err zp_dataset_builder_new(zp_dataset_builder **out, const zp_ds_schema *s) {
    if (!out || !s) return ZP_ERR_ARG;
    *out = NULL;
    zp_ds_schema *sc;
    zp_err e = zp_ds_schema_copy(&sc, s);
    if (e != ZP_OK) return e;
    if (zp_ds_schema_finish(sc, NULL) != ZP_OK) { zp_ds_schema_free(sc); return ZP_ERR_ARG; }
    zp_dataset_builder *b = calloc(1, sizeof *b);
    if (!b) { zp_ds_schema_free(sc); return ZP_ERR_NOMEM; }
    b->schema = sc;
    b->width = sc->width;
    b->log_width = ceil_log2_u64(b->width);
    b->width_p = (size_t)1 << b->log_width;
    b->openings = ZP_DS_DEFAULT_OPENINGS;
    *out = b;
    return ZP_OK;
}

zp_err zp_dataset_builder_set_openings(zp_dataset_builder *b, unsigned k) {
    if (!b || b->finished || k < 1 || k > ZP_DS_MAX_OPENINGS) return ZP_ERR_ARG;
    b->openings = k;
    return ZP_OK;
}

/* Grows the zero-padded matrix to rows rows (a power of two). */
static zp_err grow_rows(zp_dataset_builder *b, uint64_t rows) {
    if (rows <= b->cap_rows) return ZP_OK;
    size_t bytes = (size_t)rows * b->width_p * sizeof(zp_fe);
    size_t old = (size_t)b->cap_rows * b->width_p;
    zp_fe *q = malloc(bytes);
    if (!q) return ZP_ERR_NOMEM;
    if (old) memcpy(q, b->m, old * sizeof(zp_fe));
    memset(q + old, 0, bytes - old * sizeof(zp_fe));
    if (b->m) { zp_memzero(b->m, old * sizeof(zp_fe)); free(b->m); }
    b->m = q;
    b->cap_rows = rows;
    return ZP_OK;
}

uint64_t zp_dataset_builder_count(const zp_dataset_builder *b) { return b ? b->n : 0; }

zp_err zp_dataset_builder_add(zp_dataset_builder *b, char err[ZP_DS_ERR_BYTES], const zp_fe *row) {
    if (!b || !row || b->finished) return ZP_ERR_ARG;
    if (zp_ds_row_check(b->schema, row, err) != ZP_OK) return ZP_ERR_ARG;
    if (b->n == b->cap_rows) {
        uint64_t nc = b->cap_rows ? 2 * b->cap_rows : 1;
        if (b->log_width + ceil_log2_u64(nc) > ZP_PCS_MAX_VARS) {
            zp_ds_seterr(err, "dataset larger than 2^%d field elements", ZP_PCS_MAX_VARS);
            return ZP_ERR_ARG;
        }
        size_t bytes = (size_t)nc * b->width_p * sizeof(zp_fe);
        zp_fe *q = realloc(b->m, bytes);
        if (!q) return ZP_ERR_NOMEM;
        size_t old = (size_t)b->cap_rows * b->width_p;
        memset(q + old, 0, bytes - old * sizeof(zp_fe));
        b->m = q;
        b->cap_rows = nc;
    }
    memcpy(b->m + (size_t)b->n * b->width_p, row, b->width * sizeof(zp_fe));
    b->n++;
    return ZP_OK;
}

void zp_dataset_builder_free(zp_dataset_builder *b) {
    if (!b) return;
    if (b->m) {
        zp_memzero(b->m, (size_t)b->cap_rows * b->width_p * sizeof(zp_fe));
        free(b->m);
    }
    zp_ds_schema_free(b->schema);
    free(b);
}

typedef struct {
    uint8_t key[32];
    uint64_t idx;
} keyrec;

static int keyrec_cmp(const void *a, const void *b) {
    const keyrec *x = a, *y = b;
    int c = memcmp(x->key, y->key, 32);
    if (c) return c;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static void derive(uint8_t out[32], const uint8_t master[32], const char *label) {
    zp_sha256_ctx h;
    zp_sha256_init(&h);
    zp_sha256_update(&h, label, strlen(label) + 1);
    zp_sha256_update(&h, master, 32);
    zp_sha256_final(&h, out);
}

/* The mask blocks of c's layout, in place in the matrix m (2^log_rows x
 * 2^log_width): every value of block j (all 2^log_width columns, padding
 * columns included) is (hi * 2^64 + lo) mod p of two words of stream
 * (ZP_DS_MASK_DOMAIN, (j << 32) | chunk) of the rng keyed by
 * SHA-256("zkprov-v1/dataset/mask-rows" || 0x00 || pcs_seed): statistically
 * uniform (distance 2^-64), and recomputable from DS.secret. */
#define ZP_DS_MASK_DOMAIN 0x44534d31u /* "DSM1" */
#define MASK_CHUNK 1024
static void fill_masks(zp_fe *m, const zp_dataset_commit *c, const uint8_t pcs_seed[32]) {
    uint8_t key[32];
    derive(key, pcs_seed, "zkprov-v1/dataset/mask-rows");
    zp_rng base;
    zp_rng_init_seed(&base, key);
    zp_memzero(key, sizeof key);
    const size_t blk = (size_t)1 << (c->mask_log_rows + c->log_width);
    const unsigned k = c->pcs.max_openings;
#pragma omp parallel
    {
        uint64_t w[2 * MASK_CHUNK];
#pragma omp for schedule(static)
        for (int64_t jj = 0; jj < (int64_t)k; jj++) {
            const uint64_t j = (uint64_t)jj;
            zp_fe *dst = m + ((c->mask_row + (j << c->mask_log_rows)) << c->log_width);
            for (size_t ch = 0; ch * MASK_CHUNK < blk; ch++) {
                const size_t len = blk - ch * MASK_CHUNK < MASK_CHUNK ? blk - ch * MASK_CHUNK
                                                                      : MASK_CHUNK;
                zp_rng_stream(&base, ZP_DS_MASK_DOMAIN, (j << 32) | ch, w,
                              2 * len * sizeof(uint64_t));
                for (size_t x = 0; x < len; x++)
                    dst[ch * MASK_CHUNK + x] =
                        gl_reduce128(((unsigned __int128)w[2 * x + 1] << 64) | w[2 * x]);
            }
        }
        zp_memzero(w, sizeof w);
    }
    zp_memzero(&base, sizeof base);
}

/* Pads b's matrix to c's 2^log_rows rows, writes the mask blocks and
 * commits with the seed's rng: a fresh commitment (expected NULL: the root
 * goes to c->pcs_root) or a re-commitment checked against expected. */
static zp_err commit_matrix(zp_pcs_prover **pr, zp_dataset_builder *b, zp_dataset_commit *c,
                            const uint8_t pcs_seed[32], const zp_digest *expected) {
    *pr = NULL;
    if (b->log_width != c->log_width) return ZP_ERR_INTERNAL;
    zp_err e = grow_rows(b, (uint64_t)1 << c->log_rows);
    if (e != ZP_OK) return e;
    if (b->cap_rows != ((uint64_t)1 << c->log_rows)) return ZP_ERR_INTERNAL;
    fill_masks(b->m, c, pcs_seed);
    zp_rng rng;
    zp_rng_init_seed(&rng, pcs_seed);
    if (expected) e = zp_pcs_recommit(pr, &c->pcs, b->m, &rng, expected);
    else e = zp_pcs_commit(pr, &c->pcs_root, &c->pcs, b->m, &rng);
    ZP_WIPE(&rng);
    return e;
}

zp_err zp_dataset_builder_finish(zp_dataset_builder *b, char err[ZP_DS_ERR_BYTES], zp_dataset_commit **commit,
                                 zp_dataset_secret **secret, const uint8_t seed[32]) {
    if (!b || !commit || !secret || b->finished) return ZP_ERR_ARG;
    *commit = NULL;
    *secret = NULL;
    if (b->n == 0) { zp_ds_seterr(err, "empty dataset (no records)"); return ZP_ERR_ARG; }
    b->finished = 1;
    zp_err e = zp_init();
    if (e != ZP_OK) return e;
    uint8_t master[32], pcs_seed[32], vrf_seed[32];
    if (seed) memcpy(master, seed, 32);
    else {
        zp_rng os;
        if ((e = zp_rng_init_os(&os)) != ZP_OK) return e;
        zp_rng_bytes(&os, master, 32);
        ZP_WIPE(&os);
    }
    derive(pcs_seed, master, "zkprov-v1/dataset/pcs-seed");
    derive(vrf_seed, master, "zkprov-v1/dataset/vrf-seed");
    zp_memzero(master, sizeof master);

    zp_dataset_commit *c = calloc(1, sizeof *c);
    zp_dataset_secret *s = calloc(1, sizeof *s);
    keyrec *kr = NULL;
    zp_fe *rowbuf = NULL;
    int said = 0;
    if (!c || !s) { e = ZP_ERR_NOMEM; goto fail; }
    c->version = ZP_DS_COMMIT_VERSION;
    c->n_records = b->n;
    c->log_width = b->log_width;
    if ((e = zp_ds_schema_copy(&c->schema, b->schema)) != ZP_OK) goto fail;
    c->schema->width = b->width;
    if ((e = zp_ds_schema_digest(&c->schema_digest, c->schema)) != ZP_OK) goto fail;

    /* Record keys first (they read the matrix), then the PCS commitment.
     * Only the VRF OUTPUT is needed for a key (beta = proof_to_hash(prove)):
     * ed25519_fast.c computes it without the proof, ZP_VRFO_BATCH records
     * per call (one inversion), chunks scheduled dynamically; every key
     * depends only on its record, so the result is thread-count
     * independent. */
    kr = malloc((size_t)b->n * sizeof *kr);
    if (!kr) { e = ZP_ERR_NOMEM; goto fail; }
    if ((e = zp_vrf_keypair_from_seed(c->vrf_pk, s->vrf_sk, vrf_seed)) != ZP_OK) goto fail;
    zp_vrfo_key vk;
    if ((e = zp_vrfo_key_init(&vk, s->vrf_sk)) != ZP_OK) { e = ZP_ERR_INTERNAL; goto fail; }
    size_t alen = zp_ds_record_bytes_len(b->width);
    int64_t n_chunks = (int64_t)((b->n + ZP_VRFO_BATCH - 1) / ZP_VRFO_BATCH);
    int bad = 0;
    uint64_t n_done = 0;
#pragma omp parallel reduction(| : bad)
    {
        uint8_t *abuf = malloc(alen * ZP_VRFO_BATCH);
        if (!abuf) bad = 1;
#pragma omp for schedule(dynamic, 1)
        for (int64_t ch = 0; ch < n_chunks; ch++) {
            if (!abuf) continue;
            const uint8_t *ptrs[ZP_VRFO_BATCH];
            size_t lens[ZP_VRFO_BATCH];
            uint8_t betas[ZP_VRFO_BATCH * ZP_VRF_OUTPUTBYTES];
            uint64_t lo = (uint64_t)ch * ZP_VRFO_BATCH;
            size_t m = (size_t)(b->n - lo < ZP_VRFO_BATCH ? b->n - lo : ZP_VRFO_BATCH);
            for (size_t j = 0; j < m; j++) {
                zp_ds_record_bytes(abuf + j * alen, &c->schema_digest,
                                   b->m + (size_t)(lo + j) * b->width_p, b->width);
                ptrs[j] = abuf + j * alen;
                lens[j] = alen;
            }
            if (zp_vrfo_eval_batch(betas, &vk, ptrs, lens, m) != 0) {
                bad = 1;
                continue;
            }
            for (size_t j = 0; j < m; j++) {
                memcpy(kr[lo + j].key, betas + j * ZP_VRF_OUTPUTBYTES, 32);
                kr[lo + j].idx = lo + j;
            }
            if (b->progress && (ch & 7) == 7) {
                uint64_t d;
#pragma omp atomic capture
                d = n_done += 8 * ZP_VRFO_BATCH;
#ifdef _OPENMP
                if (omp_get_thread_num() == 0)
#endif
                    b->progress(b->progress_ctx, "record keys", d < b->n ? d : b->n, b->n);
            }
        }
        if (abuf) { zp_memzero(abuf, alen * ZP_VRFO_BATCH); free(abuf); }
    }
    ZP_WIPE(&vk);
    if (bad) { e = ZP_ERR_INTERNAL; goto fail; }
    if (b->progress) b->progress(b->progress_ctx, "record keys", b->n, b->n);
    qsort(kr, (size_t)b->n, sizeof *kr, keyrec_cmp);
    s->n = b->n;
    s->keys = malloc((size_t)b->n * 32);
    s->index = malloc((size_t)b->n * sizeof *s->index);
    if (!s->keys || !s->index) { e = ZP_ERR_NOMEM; goto fail; }
    for (uint64_t i = 0; i < b->n; i++) {
        memcpy(s->keys + 32 * i, kr[i].key, 32);
        s->index[i] = kr[i].idx;
    }
    free(kr);
    kr = NULL;
    zp_merkle_tree *t = NULL;
    if ((e = zp_ds_key_tree(&t, s->keys, b->n)) != ZP_OK) goto fail;
    zp_merkle_root(t, &c->key_root);
    zp_merkle_free(t);

    /* The record matrix as one multilinear polynomial: records, zero
     * padding, the K mask blocks, zero padding to 2^log_rows rows. */
    if ((e = mask_layout_choose(c, b->openings)) != ZP_OK) {
        if (e == ZP_ERR_ARG) {
            zp_ds_seterr(err, "dataset with its %u mask blocks larger than 2^%d field elements",
                         b->openings, ZP_PCS_MAX_VARS);
            said = 1;
        }
        goto fail;
    }
    memcpy(s->pcs_seed, pcs_seed, 32);
    zp_pcs_prover *pr = NULL;
    if (b->progress) b->progress(b->progress_ctx, "matrix commitment", 0, 1);
    e = commit_matrix(&pr, b, c, pcs_seed, NULL);
    if (e == ZP_OK && b->progress) b->progress(b->progress_ctx, "matrix commitment", 1, 1);
    zp_pcs_prover_free(pr);
    if (e != ZP_OK) goto fail;
    zp_memzero(b->m, (size_t)b->cap_rows * b->width_p * sizeof(zp_fe));
    free(b->m);
    b->m = NULL;
    b->cap_rows = 0;

    if ((e = zp_dataset_commit_compute_digest(&c->digest, c)) != ZP_OK) goto fail;
    s->commit_digest = c->digest;
    zp_memzero(pcs_seed, sizeof pcs_seed);
    zp_memzero(vrf_seed, sizeof vrf_seed);
    *commit = c;
    *secret = s;
    return ZP_OK;
fail:
    zp_memzero(pcs_seed, sizeof pcs_seed);
    zp_memzero(vrf_seed, sizeof vrf_seed);
    free(kr);
    free(rowbuf);
    zp_dataset_commit_free(c);
    zp_dataset_secret_free(s);
    if (e == ZP_ERR_ARG && !said) zp_ds_seterr(err, "cannot commit (bad parameters)");
    return e;
}

/* ------------------------------------------------------------------ */
/* The record matrix seen by training proofs. */

zp_err zp_dataset_train_view(zp_train_dataset *out, char err[ZP_DS_ERR_BYTES],
                             const zp_dataset_commit *c) {
    if (!out) return ZP_ERR_ARG;
    memset(out, 0, sizeof *out);
    if (!c || !c->schema || !mask_layout_ok(c)) return ZP_ERR_ARG;
    const zp_ds_schema *s = c->schema;
    if (s->format == ZP_DS_JSONL) {
        zp_ds_seterr(err, "JSONL datasets (token sequences) cannot feed an MLP training run");
        return ZP_ERR_UNSUPPORTED;
    }
    if (!s->has_label) {
        zp_ds_seterr(err, "the dataset has no label column (a training run needs one)");
        return ZP_ERR_UNSUPPORTED;
    }
    uint64_t nf = 0;
    for (size_t i = 0; i < s->n_columns; i++) {
        if (s->columns[i].scale != s->columns[0].scale) {
            zp_ds_seterr(err, "feature columns '%s' (scale %u) and '%s' (scale %u) do not share "
                         "one scale", s->columns[0].name, s->columns[0].scale,
                         s->columns[i].name, s->columns[i].scale);
            return ZP_ERR_UNSUPPORTED;
        }
        nf += s->columns[i].count;
    }
    if (nf + 1 != s->width) return ZP_ERR_ARG;
    out->pp = c->pcs;
    out->root = c->pcs_root;
    memcpy(out->digest, c->digest.b, 32);
    out->log_rows = c->log_rows;
    out->log_width = c->log_width;
    out->n_records = c->n_records;
    out->feature_col = 0;
    out->n_features = (uint32_t)nf;
    out->label_col = (uint32_t)nf;
    out->feature_scale = s->columns[0].scale;
    out->mask_row = c->mask_row;
    out->mask_log_rows = c->mask_log_rows;
    return ZP_OK;
}

zp_err zp_dataset_matrix_prover(zp_pcs_prover **pcs, zp_fe **evals, char err[ZP_DS_ERR_BYTES],
                                const zp_dataset_commit *c, const zp_dataset_secret *s,
                                zp_dataset_builder *b) {
    if (pcs) *pcs = NULL;
    if (evals) *evals = NULL;
    if (!pcs || !evals || !c || !c->schema || !s || !b || b->finished || !mask_layout_ok(c))
        return ZP_ERR_ARG;
    if (!zp_memeq(s->commit_digest.b, c->digest.b, 32)) {
        zp_ds_seterr(err, "the dataset secret belongs to another dataset commitment");
        return ZP_ERR_ARG;
    }
    zp_digest sd;
    zp_err e = zp_ds_schema_digest(&sd, b->schema);
    if (e != ZP_OK) return e;
    if (!zp_memeq(sd.b, c->schema_digest.b, 32) || b->log_width != c->log_width) {
        zp_ds_seterr(err, "the data file is not the certified dataset (read under another schema)");
        return ZP_ERR_VERIFY;
    }
    if (b->n != c->n_records) {
        zp_ds_seterr(err, "the data file is not the certified dataset (%llu records, the "
                     "commitment has %llu)", (unsigned long long)b->n,
                     (unsigned long long)c->n_records);
        return ZP_ERR_VERIFY;
    }
    b->finished = 1;
    zp_dataset_commit tmp = *c; /* commit_matrix reads the layout only */
    e = commit_matrix(pcs, b, &tmp, s->pcs_seed, &c->pcs_root);
    if (e == ZP_ERR_VERIFY) {
        zp_ds_seterr(err, "the data file is not the certified dataset (its record matrix does "
                     "not have the committed root)");
    }
    if (e != ZP_OK) {
        *pcs = NULL;
        return e;
    }
    *evals = b->m; /* 2^log_rows x 2^log_width, the committed polynomial */
    b->m = NULL;
    b->cap_rows = 0;
    return ZP_OK;
}
