/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * JSONL dataset reader: one record per line, either an array of token ids
 * [t0, t1, ...] or an object {"tokens": [...], "label": k}
 * (docs/formats/dataset.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "io/dsio_internal.h"

/* A JSON number holding an integer in [0, max]. */
static int json_index(const cJSON *x, uint64_t max, uint64_t *v) {
    if (!cJSON_IsNumber(x)) return 0;
    double d = x->valuedouble;
    if (!(d >= 0) || d > (double)max || d != (double)(uint64_t)d) return 0;
    *v = (uint64_t)d;
    return 1;
}

/* One JSON value filling line[len] exactly (see json_parse_exact in
 * src/prov/dataset.c for why the tail is checked by hand). */
static cJSON *parse_line(const char *line, size_t len) {
    const char *end = NULL;
    cJSON *r = cJSON_ParseWithLengthOpts(line, len, &end, 0);
    if (!r) return NULL;
    for (const char *p = end; p && p < line + len; p++)
        if (*p != ' ' && *p != '\t' && *p != '\r') {
            cJSON_Delete(r);
            return NULL;
        }
    return r;
}

/* Splits a parsed line into its token array and label (NULL if none). */
static const char *line_parts(const cJSON *root, const cJSON **tokens, const cJSON **label) {
    *tokens = NULL;
    *label = NULL;
    if (cJSON_IsArray(root)) { *tokens = root; return NULL; }
    if (!cJSON_IsObject(root)) return "a record is a JSON array or object";
    for (const cJSON *c = root->child; c; c = c->next) {
        if (!strcmp(c->string, "tokens") && !*tokens) *tokens = c;
        else if (!strcmp(c->string, "label") && !*label) *label = c;
        else return "unknown or repeated field in a record object (only \"tokens\", \"label\")";
    }
    if (!cJSON_IsArray(*tokens)) return "record object without a \"tokens\" array";
    return NULL;
}

zp_err zp_io_jsonl_line(zp_fe *row, const char **why, char *whybuf, size_t whylen,
                        const zp_ds_schema *s, const char *line, size_t len) {
    cJSON *root = parse_line(line, len);
    if (!root) { *why = "not valid JSON"; return ZP_ERR_PARSE; }
    const cJSON *tok, *lab;
    zp_err e = ZP_ERR_PARSE;
    *why = line_parts(root, &tok, &lab);
    if (*why) goto done;
    const zp_ds_column *c = &s->columns[0];
    int n = cJSON_GetArraySize(tok);
    if ((uint64_t)n > c->count) {
        snprintf(whybuf, whylen, "%d tokens, the schema allows %u", n, c->count);
        *why = whybuf;
        goto done;
    }
    memset(row, 0, s->width * sizeof *row);
    row[0] = (zp_fe)n;
    int i = 0;
    for (const cJSON *t = tok->child; t; t = t->next, i++) {
        uint64_t v;
        if (!json_index(t, c->bound, &v)) {
            snprintf(whybuf, whylen, "token %d is not an integer in [0, %llu]", i,
                     (unsigned long long)c->bound);
            *why = whybuf;
            goto done;
        }
        row[1 + i] = v;
    }
    if (s->has_label) {
        uint64_t v;
        if (!lab) { *why = "record has no \"label\" (the schema has one)"; goto done; }
        if (!json_index(lab, s->label_bound, &v)) {
            snprintf(whybuf, whylen, "label is not an integer in [0, %llu]",
                     (unsigned long long)s->label_bound);
            *why = whybuf;
            goto done;
        }
        row[s->width - 1] = v;
    } else if (lab) {
        *why = "record has a \"label\" but the schema has none";
        goto done;
    }
    e = ZP_OK;
done:
    cJSON_Delete(root);
    return e;
}

zp_err zp_io_jsonl_default(zp_ds_schema **out, char *err, const char *path) {
    zp_io_lines r;
    zp_err e = zp_io_lines_open(&r, err, path);
    if (e != ZP_OK) return e;
    uint64_t max_tok = 0, count = 0;
    int any_label = 0;
    for (;;) {
        char *line;
        size_t len;
        if ((e = zp_io_lines_next(&r, err, &line, &len)) != ZP_OK) goto done;
        if (!line) break;
        if (len == 0) continue;
        cJSON *root = parse_line(line, len);
        const cJSON *tok, *lab;
        const char *why = root ? line_parts(root, &tok, &lab) : "not valid JSON";
        if (why) {
            zp_io_seterr(err, "%s:%llu: %s", path, (unsigned long long)r.line, why);
            cJSON_Delete(root);
            e = ZP_ERR_PARSE;
            goto done;
        }
        uint64_t n = (uint64_t)cJSON_GetArraySize(tok);
        if (n > max_tok) max_tok = n;
        if (lab) any_label = 1;
        cJSON_Delete(root);
        count++;
    }
    if (count == 0) {
        zp_io_seterr(err, "%s: empty dataset (no records)", path);
        e = ZP_ERR_PARSE;
        goto done;
    }
    if (max_tok == 0) max_tok = 1;
    if (max_tok > ZP_DS_MAX_WIDTH - 2) {
        zp_io_seterr(err, "%s: a record has %llu tokens (at most %zu)", path,
                     (unsigned long long)max_tok, ZP_DS_MAX_WIDTH - 2);
        e = ZP_ERR_PARSE;
        goto done;
    }
    zp_ds_schema *s = calloc(1, sizeof *s);
    zp_ds_column *c = calloc(1, sizeof *c);
    char *nm = malloc(7), *ln = malloc(6);
    if (!s || !c || !nm || !ln) {
        free(s); free(c); free(nm); free(ln);
        e = ZP_ERR_NOMEM;
        goto done;
    }
    memcpy(nm, "tokens", 7);
    memcpy(ln, "label", 6);
    c->name = nm;
    c->count = (uint32_t)max_tok;
    c->bound = 0xffffffffu;
    s->format = ZP_DS_JSONL;
    s->n_columns = 1;
    s->columns = c;
    if (any_label) {
        s->has_label = 1;
        s->label_name = ln;
        s->label_bound = 0xffffffffu;
    } else free(ln);
    if (zp_ds_schema_finish(s, NULL) != ZP_OK) { zp_ds_schema_free(s); e = ZP_ERR_INTERNAL; goto done; }
    *out = s;
done:
    zp_io_lines_close(&r);
    return e;
}

zp_err zp_io_jsonl_read(uint64_t *n_out, char *err, const zp_ds_schema *s, const char *path,
                        zp_io_record_fn fn, void *ctx, zp_io_progress_fn pf, void *pctx,
                        uint64_t max_records) {
    *n_out = 0;
    zp_io_lines r;
    zp_err e = zp_io_lines_open(&r, err, path);
    if (e != ZP_OK) return e;
    uint64_t count = 0;
    zp_fe *row = calloc(s->width, sizeof *row);
    if (!row) { zp_io_lines_close(&r); return ZP_ERR_NOMEM; }
    for (;;) {
        char *line;
        size_t len;
        if ((e = zp_io_lines_next(&r, err, &line, &len)) != ZP_OK) goto done;
        if (!line) break;
        if (len == 0) continue;
        if (max_records && count == max_records) {
            zp_io_seterr(err, "%s:%llu: more than %llu record(s); a record file holds exactly one",
                         path, (unsigned long long)r.line, (unsigned long long)max_records);
            e = ZP_ERR_PARSE;
            goto done;
        }
        const char *why;
        char wb[128];
        if (zp_io_jsonl_line(row, &why, wb, sizeof wb, s, line, len) != ZP_OK) {
            zp_io_seterr(err, "%s:%llu: %s", path, (unsigned long long)r.line, why);
            e = ZP_ERR_PARSE;
            goto done;
        }
        if ((e = fn(ctx, row, count)) != ZP_OK) goto done;
        count++;
        if (pf && (count & 1023) == 0) pf(pctx, count, zp_io_lines_offset(&r), r.total);
    }
    if (count == 0) {
        zp_io_seterr(err, "%s: empty dataset (no records)", path);
        e = ZP_ERR_PARSE;
        goto done;
    }
    if (pf) pf(pctx, count, r.total, r.total);
    *n_out = count;
done:
    zp_memzero(row, s->width * sizeof *row);
    free(row);
    zp_io_lines_close(&r);
    return e;
}
