/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * CSV dataset reader: a header line naming the columns, then one record per
 * line (RFC 4180 quoting without embedded line breaks; docs/formats/dataset.md). */
#include <stdlib.h>
#include <string.h>

#include "io/dsio_internal.h"

zp_err zp_io_csv_split(char *line, size_t len, char **fields, size_t *flen, size_t cap,
                       size_t *n, const char **why) {
    size_t i = 0, k = 0;
    *n = 0;
    for (;;) {
        char *start = line + i, *w = start;
        if (i < len && line[i] == '"') {
            /* Quoted: "" is a quote; the field ends at the closing quote. */
            i++;
            start = w = line + i;
            for (;;) {
                if (i >= len) { *why = "unterminated quoted field"; return ZP_ERR_PARSE; }
                if (line[i] == '"') {
                    if (i + 1 < len && line[i + 1] == '"') { *w++ = '"'; i += 2; continue; }
                    i++;
                    break;
                }
                *w++ = line[i++];
            }
            if (i < len && line[i] != ',') { *why = "text after a closing quote"; return ZP_ERR_PARSE; }
        } else {
            while (i < len && line[i] != ',') {
                if (line[i] == '"') { *why = "quote inside an unquoted field"; return ZP_ERR_PARSE; }
                i++;
            }
            w = line + i;
        }
        if (k < cap) {
            fields[k] = start;
            flen[k] = (size_t)(w - start);
        }
        k++;
        if (i >= len) break;
        line[i] = 0; /* the comma */
        i++;
    }
    for (size_t j = 0; j < k && j < cap; j++) fields[j][flen[j]] = 0;
    *n = k;
    return ZP_OK;
}

/* Splits the header; *names points into r's buffer, copied by the caller. */
static zp_err read_header(zp_io_lines *r, char *err, char ***names, size_t *n_names) {
    char *line;
    size_t len;
    zp_err e;
    do {
        e = zp_io_lines_next(r, err, &line, &len);
        if (e != ZP_OK) return e;
        if (!line) {
            zp_io_seterr(err, "%s: empty file (no header line)", r->path);
            return ZP_ERR_PARSE;
        }
    } while (len == 0);
    size_t n;
    const char *why;
    /* Count first, then split for real. */
    char *copy = malloc(len + 1);
    if (!copy) return ZP_ERR_NOMEM;
    memcpy(copy, line, len + 1);
    if (zp_io_csv_split(copy, len, NULL, NULL, 0, &n, &why) != ZP_OK) {
        free(copy);
        zp_io_seterr(err, "%s:%llu: header: %s", r->path, (unsigned long long)r->line, why);
        return ZP_ERR_PARSE;
    }
    free(copy);
    char **f = malloc(n * sizeof *f);
    size_t *fl = malloc(n * sizeof *fl);
    char **out = calloc(n, sizeof *out);
    if (!f || !fl || !out) { free(f); free(fl); free(out); return ZP_ERR_NOMEM; }
    (void)zp_io_csv_split(line, len, f, fl, n, &n, &why);
    for (size_t i = 0; i < n; i++) {
        out[i] = malloc(fl[i] + 1);
        if (!out[i]) {
            for (size_t j = 0; j < i; j++) free(out[j]);
            free(out); free(f); free(fl);
            return ZP_ERR_NOMEM;
        }
        memcpy(out[i], f[i], fl[i] + 1);
    }
    free(f);
    free(fl);
    *names = out;
    *n_names = n;
    return ZP_OK;
}

static void free_names(char **names, size_t n) {
    if (!names) return;
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
}

zp_err zp_io_csv_default(zp_ds_schema **out, char *err, const char *path) {
    zp_io_lines r;
    zp_err e = zp_io_lines_open(&r, err, path);
    if (e != ZP_OK) return e;
    char **names = NULL;
    size_t n = 0;
    e = read_header(&r, err, &names, &n);
    zp_io_lines_close(&r);
    if (e != ZP_OK) return e;
    if (n < 2) {
        zp_io_seterr(err, "%s:1: the default csv schema needs at least two columns "
                     "(features, then the label)", path);
        free_names(names, n);
        return ZP_ERR_PARSE;
    }
    zp_ds_schema *s = calloc(1, sizeof *s);
    if (!s) { free_names(names, n); return ZP_ERR_NOMEM; }
    s->format = ZP_DS_CSV;
    s->columns = calloc(n - 1, sizeof *s->columns);
    if (!s->columns) { free(s); free_names(names, n); return ZP_ERR_NOMEM; }
    s->n_columns = n - 1;
    for (size_t i = 0; i + 1 < n; i++) {
        s->columns[i].name = names[i];
        s->columns[i].count = 1;
        s->columns[i].scale = 16;
        s->columns[i].bound = (uint64_t)1 << 47;
    }
    s->has_label = 1;
    s->label_name = names[n - 1];
    s->label_bound = 0xffffffffu;
    free(names);
    char sub[ZP_DS_ERR_BYTES];
    if (zp_ds_schema_finish(s, sub) != ZP_OK) {
        zp_io_seterr(err, "%s:1: %s", path, sub);
        zp_ds_schema_free(s);
        return ZP_ERR_PARSE;
    }
    *out = s;
    return ZP_OK;
}

zp_err zp_io_csv_read(uint64_t *n_out, char *err, const zp_ds_schema *s, const char *path,
                      zp_io_record_fn fn, void *ctx, zp_io_progress_fn pf, void *pctx,
                      uint64_t max_records) {
    *n_out = 0;
    zp_io_lines r;
    zp_err e = zp_io_lines_open(&r, err, path);
    if (e != ZP_OK) return e;
    char **names = NULL, **f = NULL;
    size_t n_names = 0, *fl = NULL, *pos = NULL;
    zp_fe *row = NULL;
    uint64_t count = 0;
    e = read_header(&r, err, &names, &n_names);
    if (e != ZP_OK) goto done;
    /* Map each schema column (then the label) to its header position. */
    size_t n_map = s->n_columns + (s->has_label ? 1 : 0);
    pos = malloc(n_map * sizeof *pos);
    f = malloc(n_names * sizeof *f);
    fl = malloc(n_names * sizeof *fl);
    row = calloc(s->width, sizeof *row);
    if (!pos || !f || !fl || !row) { e = ZP_ERR_NOMEM; goto done; }
    for (size_t c = 0; c < n_map; c++) {
        const char *want = c < s->n_columns ? s->columns[c].name : s->label_name;
        size_t hit = n_names;
        for (size_t j = 0; j < n_names; j++) {
            if (strcmp(names[j], want)) continue;
            if (hit != n_names) {
                zp_io_seterr(err, "%s:%llu: column '%s' appears twice in the header", path,
                             (unsigned long long)r.line, want);
                e = ZP_ERR_PARSE;
                goto done;
            }
            hit = j;
        }
        if (hit == n_names) {
            zp_io_seterr(err, "%s:%llu: header has no column '%s' (named in the schema)", path,
                         (unsigned long long)r.line, want);
            e = ZP_ERR_PARSE;
            goto done;
        }
        pos[c] = hit;
    }
    for (;;) {
        char *line;
        size_t len;
        e = zp_io_lines_next(&r, err, &line, &len);
        if (e != ZP_OK) goto done;
        if (!line) break;
        if (len == 0) continue; /* blank lines are skipped */
        size_t nf;
        const char *why;
        if (zp_io_csv_split(line, len, f, fl, n_names, &nf, &why) != ZP_OK) {
            zp_io_seterr(err, "%s:%llu: %s", path, (unsigned long long)r.line, why);
            e = ZP_ERR_PARSE;
            goto done;
        }
        if (nf != n_names) {
            zp_io_seterr(err, "%s:%llu: ragged row: %zu fields, the header has %zu", path,
                         (unsigned long long)r.line, nf, n_names);
            e = ZP_ERR_PARSE;
            goto done;
        }
        if (max_records && count == max_records) {
            zp_io_seterr(err, "%s:%llu: more than %llu record(s); a record file holds exactly one",
                         path, (unsigned long long)r.line, (unsigned long long)max_records);
            e = ZP_ERR_PARSE;
            goto done;
        }
        for (size_t c = 0; c < n_map; c++) {
            int is_label = c >= s->n_columns;
            unsigned scale = is_label ? 0 : s->columns[c].scale;
            uint64_t bound = is_label ? s->label_bound : s->columns[c].bound;
            int64_t q;
            if (zp_io_parse_fixed(&q, &why, f[pos[c]], fl[pos[c]], scale, bound, is_label) != ZP_OK) {
                zp_io_seterr(err, "%s:%llu: column '%s': '%.40s': %s", path,
                             (unsigned long long)r.line, names[pos[c]], f[pos[c]], why);
                e = ZP_ERR_PARSE;
                goto done;
            }
            row[is_label ? s->width - 1 : c] = zp_ds_fe_from_i64(q);
        }
        if ((e = fn(ctx, row, count)) != ZP_OK) {
            if (err && !err[0]) zp_io_seterr(err, "%s:%llu: record rejected", path, (unsigned long long)r.line);
            goto done;
        }
        count++;
        if (pf && (count & 1023) == 0) pf(pctx, count, zp_io_lines_offset(&r), r.total);
    }
    if (count == 0) {
        zp_io_seterr(err, "%s: empty dataset (a header and no records)", path);
        e = ZP_ERR_PARSE;
        goto done;
    }
    if (pf) pf(pctx, count, r.total, r.total);
    *n_out = count;
done:
    if (row) { zp_memzero(row, s->width * sizeof *row); free(row); }
    free(pos);
    free(f);
    free(fl);
    free_names(names, n_names);
    zp_io_lines_close(&r);
    return e;
}
