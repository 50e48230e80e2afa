/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Dataset schemas from files, default schemas, exact fixed-point decoding,
 * the line reader and the reader dispatch (docs/formats/dataset.md). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/dsio_internal.h"

/* Significant digits kept (27 allowed, one more to detect overflow). */
#define ZP_IO_MAX_DIGITS_BUF 28

size_t zp_io_err_bytes(void) { return ZP_IO_ERR_BYTES; }

void zp_io_seterr(char *err, const char *fmt, ...) {
    if (!err) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, ZP_IO_ERR_BYTES, fmt, ap);
    va_end(ap);
    /* text from the input may be echoed: keep the reason on one line */
    for (char *q = err; *q; q++)
        if ((unsigned char)*q < 0x20 || *q == 0x7f) *q = '?';
}

static uint64_t file_size(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) return 0;
    return (uint64_t)st.st_size;
}

zp_err zp_io_gz_open(gzFile *f, uint64_t *total, char *err, const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) {
        zp_io_seterr(err, "%s: cannot open (no such file or not readable)", path);
        return ZP_ERR_IO;
    }
    if (S_ISDIR(st.st_mode)) {
        zp_io_seterr(err, "%s: is a directory", path);
        return ZP_ERR_IO;
    }
    *f = gzopen(path, "rb");
    if (!*f) {
        zp_io_seterr(err, "%s: cannot open", path);
        return ZP_ERR_IO;
    }
    gzbuffer(*f, 1 << 17);
    if (total) *total = file_size(path);
    return ZP_OK;
}

zp_err zp_io_read_all(uint8_t **out, size_t *len, char *err, const char *path, size_t max) {
    *out = NULL;
    *len = 0;
    gzFile f;
    zp_err e = zp_io_gz_open(&f, NULL, err, path);
    if (e != ZP_OK) return e;
    size_t cap = 1 << 20, n = 0;
    uint8_t *b = malloc(cap);
    for (;;) {
        if (!b) { e = ZP_ERR_NOMEM; break; }
        if (n == cap) {
            if (cap >= max) {
                zp_io_seterr(err, "%s: larger than %zu bytes", path, max);
                e = ZP_ERR_PARSE;
                break;
            }
            uint8_t *nb = realloc(b, 2 * cap);
            if (!nb) { e = ZP_ERR_NOMEM; break; }
            b = nb;
            cap *= 2;
        }
        size_t want = cap - n > (1u << 30) ? (1u << 30) : cap - n;
        int r = gzread(f, b + n, (unsigned)want);
        if (r < 0) {
            zp_io_seterr(err, "%s: byte offset %zu: corrupt or truncated gzip data", path, n);
            e = ZP_ERR_PARSE;
            break;
        }
        if (r == 0) break;
        n += (size_t)r;
    }
    gzclose(f);
    if (e != ZP_OK) {
        free(b);
        return e;
    }
    *out = b;
    *len = n;
    return ZP_OK;
}

zp_err zp_io_lines_open(zp_io_lines *r, char *err, const char *path) {
    memset(r, 0, sizeof *r);
    r->path = path;
    zp_err e = zp_io_gz_open(&r->f, &r->total, err, path);
    if (e != ZP_OK) return e;
    r->cap = 4096;
    r->buf = malloc(r->cap);
    if (!r->buf) { gzclose(r->f); r->f = NULL; return ZP_ERR_NOMEM; }
    return ZP_OK;
}

void zp_io_lines_close(zp_io_lines *r) {
    if (r->f) gzclose(r->f);
    free(r->buf);
    memset(r, 0, sizeof *r);
}

uint64_t zp_io_lines_offset(const zp_io_lines *r) {
    z_off_t o = gzoffset(r->f);
    return o > 0 ? (uint64_t)o : 0;
}

zp_err zp_io_lines_next(zp_io_lines *r, char *err, char **line, size_t *len) {
    *line = NULL;
    *len = 0;
    size_t n = 0;
    for (;;) {
        if (r->cap - n < 2) {
            if (r->cap >= ZP_IO_MAX_LINE) {
                zp_io_seterr(err, "%s:%llu: line longer than %zu bytes", r->path,
                             (unsigned long long)r->line + 1, ZP_IO_MAX_LINE);
                return ZP_ERR_PARSE;
            }
            char *q = realloc(r->buf, r->cap * 2);
            if (!q) return ZP_ERR_NOMEM;
            r->buf = q;
            r->cap *= 2;
        }
        /* gzgets stops after a newline or cap - n - 1 bytes (chunks of at
         * most 1 GiB: its length argument is an int). */
        size_t room = r->cap - n > (size_t)1 << 30 ? (size_t)1 << 30 : r->cap - n;
        char *got = gzgets(r->f, r->buf + n, (int)room);
        if (!got) {
            int zerr;
            const char *msg = gzerror(r->f, &zerr);
            if (zerr != Z_OK && zerr != Z_BUF_ERROR) {
                zp_io_seterr(err, "%s:%llu: read error (%s)", r->path,
                             (unsigned long long)r->line + 1, msg);
                return ZP_ERR_IO;
            }
            if (n == 0) return ZP_OK; /* end of file: *line stays NULL */
            break;
        }
        size_t k = strlen(r->buf + n);
        n += k;
        if (n > 0 && r->buf[n - 1] == '\n') break;
        if (gzeof(r->f)) break; /* last line without a newline */
        if (k + 1 < room) {
            /* gzgets filled less than it could without reaching a newline or
             * the end: the chunk holds a NUL byte. */
            zp_io_seterr(err, "%s:%llu: NUL byte in text", r->path,
                         (unsigned long long)r->line + 1);
            return ZP_ERR_PARSE;
        }
    }
    r->line++;
    if (n > 0 && r->buf[n - 1] == '\n') n--;
    if (n > 0 && r->buf[n - 1] == '\r') n--;
    r->buf[n] = 0;
    *line = r->buf;
    *len = n;
    return ZP_OK;
}

/* ------------------------------------------------------------------ */

zp_err zp_io_parse_fixed(int64_t *q, const char **why, const char *s, size_t len,
                         unsigned scale, uint64_t bound, int integer) {
    static const char *const e_syntax = "not a decimal number";
    static const char *const e_range = "out of range for the declared scale and bound";
    size_t i = 0, end = len;
    *q = 0;
    if (scale > ZP_DS_MAX_SCALE || bound > ZP_DS_MAX_BOUND) { *why = "bad scale or bound"; return ZP_ERR_PARSE; }
    while (i < end && (s[i] == ' ' || s[i] == '\t')) i++;
    while (end > i && (s[end - 1] == ' ' || s[end - 1] == '\t')) end--;
    int neg = 0;
    if (i < end && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    size_t int0 = i;
    while (i < end && s[i] >= '0' && s[i] <= '9') i++;
    size_t int1 = i, frac0 = i, frac1 = i;
    if (i < end && s[i] == '.') {
        frac0 = ++i;
        while (i < end && s[i] >= '0' && s[i] <= '9') i++;
        frac1 = i;
    }
    if (int1 - int0 + frac1 - frac0 == 0) { *why = e_syntax; return ZP_ERR_PARSE; }
    long long ex = 0;
    if (i < end && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        int eneg = 0;
        if (i < end && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
        size_t st = i;
        for (; i < end && s[i] >= '0' && s[i] <= '9'; i++)
            if (ex < 100000) ex = ex * 10 + (s[i] - '0');
        if (i == st) { *why = e_syntax; return ZP_ERR_PARSE; }
        if (eneg) ex = -ex;
    }
    if (i != end) { *why = e_syntax; return ZP_ERR_PARSE; }
    /* value = D * 10^-k with D the digit string int || frac. */
    char digs[ZP_IO_MAX_DIGITS_BUF];
    size_t nd = 0;
    long long k = (long long)(frac1 - frac0) - ex;
    int started = 0;
    size_t zeros = 0; /* zeros seen after the first significant digit, not yet stored */
    for (size_t j = int0; j < frac1; j++) {
        if (j == int1) { j = frac0 - 1; continue; }
        char c = s[j];
        if (!started && c == '0') continue; /* leading zeros */
        started = 1;
        if (c == '0') { zeros++; continue; }
        if (nd + zeros + 1 > sizeof digs) { *why = "more than 27 significant digits"; return ZP_ERR_PARSE; }
        while (zeros) { digs[nd++] = '0'; zeros--; }
        digs[nd++] = c;
    }
    k -= (long long)zeros; /* trailing zeros: value = D' * 10^zeros * 10^-k */
    if (nd == 0) return ZP_OK;                            /* zero */
    if (nd > 27) { *why = "more than 27 significant digits"; return ZP_ERR_PARSE; }
    unsigned __int128 m = 0, v;
    for (size_t j = 0; j < nd; j++) m = m * 10 + (unsigned)(digs[j] - '0');
    if (integer && (neg || k > 0)) { *why = neg ? "negative label" : "not an integer"; return ZP_ERR_PARSE; }
    if (k <= 0) {
        v = m;
        if (v > bound) { *why = e_range; return ZP_ERR_PARSE; }
        for (long long j = 0; j < -k; j++) {
            v *= 10;
            if (v > bound) { *why = e_range; return ZP_ERR_PARSE; }
        }
        v <<= scale;
    } else {
        unsigned __int128 num = m << scale; /* m < 10^27 < 2^90 */
        if (k > 38) v = 0;                  /* num < 2^122 < 10^38 / 2 */
        else {
            unsigned __int128 d = 1;
            for (long long j = 0; j < k; j++) d *= 10;
            v = (num + d / 2) / d; /* halves away from zero (on |value|) */
        }
    }
    if (v > bound) { *why = e_range; return ZP_ERR_PARSE; }
    *q = neg ? -(int64_t)v : (int64_t)v;
    return ZP_OK;
}

/* ------------------------------------------------------------------ */

zp_err zp_io_schema_load(zp_ds_schema **out, char err[ZP_IO_ERR_BYTES], const char *path) {
    if (!out || !path) return ZP_ERR_ARG;
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) { zp_io_seterr(err, "%s: cannot open schema", path); return ZP_ERR_IO; }
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    if (!b) { fclose(f); return ZP_ERR_NOMEM; }
    for (;;) {
        if (n == cap) {
            if (cap >= (size_t)16 << 20) {
                free(b); fclose(f);
                zp_io_seterr(err, "%s: schema larger than 16 MiB", path);
                return ZP_ERR_PARSE;
            }
            char *q = realloc(b, cap * 2);
            if (!q) { free(b); fclose(f); return ZP_ERR_NOMEM; }
            b = q;
            cap *= 2;
        }
        size_t r = fread(b + n, 1, cap - n, f);
        if (r == 0) break;
        n += r;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) { free(b); zp_io_seterr(err, "%s: read error", path); return ZP_ERR_IO; }
    char sub[ZP_DS_ERR_BYTES] = "";
    zp_err e = zp_ds_schema_parse(out, sub, b, n);
    free(b);
    if (e != ZP_OK) zp_io_seterr(err, "%s: %s", path, sub);
    return e;
}

zp_err zp_io_schema_default(zp_ds_schema **out, char err[ZP_IO_ERR_BYTES], zp_ds_format fmt, const char *data,
                            const char *labels) {
    if (!out || !data) return ZP_ERR_ARG;
    *out = NULL;
    switch (fmt) {
    case ZP_DS_CSV: return zp_io_csv_default(out, err, data);
    case ZP_DS_JSONL: return zp_io_jsonl_default(out, err, data);
    case ZP_DS_IDX: {
        gzFile f;
        zp_err e = zp_io_gz_open(&f, NULL, err, data);
        if (e != ZP_OK) return e;
        uint32_t n, rows, cols;
        e = zp_io_idx_header(f, err, data, 1, &n, &rows, &cols);
        gzclose(f);
        if (e != ZP_OK) return e;
        (void)labels;
        if ((uint64_t)rows * cols == 0 || (uint64_t)rows * cols > ZP_DS_MAX_WIDTH - 1) {
            zp_io_seterr(err, "%s: byte offset 8: image size %ux%u unsupported", data, rows, cols);
            return ZP_ERR_PARSE;
        }
        zp_ds_schema *s = calloc(1, sizeof *s);
        zp_ds_column *c = calloc(1, sizeof *c);
        char *nm = malloc(6), *ln = malloc(6);
        if (!s || !c || !nm || !ln) { free(s); free(c); free(nm); free(ln); return ZP_ERR_NOMEM; }
        memcpy(nm, "pixel", 6);
        memcpy(ln, "label", 6);
        c->name = nm;
        c->count = rows * cols;
        c->scale = 0;
        c->bound = 255;
        s->format = ZP_DS_IDX;
        s->n_columns = 1;
        s->columns = c;
        s->has_label = 1;
        s->label_name = ln;
        s->label_bound = 255;
        if (zp_ds_schema_finish(s, NULL) != ZP_OK) { zp_ds_schema_free(s); return ZP_ERR_INTERNAL; }
        *out = s;
        return ZP_OK;
    }
    }
    zp_io_seterr(err, "unknown dataset format");
    return ZP_ERR_ARG;
}

zp_err zp_io_records_read(uint64_t *n_records, char err[ZP_IO_ERR_BYTES], const zp_ds_schema *s,
                          const char *data, const char *labels, zp_io_record_fn fn, void *ctx,
                          zp_io_progress_fn progress, void *progress_ctx) {
    if (!n_records || !s || !data || !fn || !s->width) return ZP_ERR_ARG;
    *n_records = 0;
    switch (s->format) {
    case ZP_DS_CSV:
        return zp_io_csv_read(n_records, err, s, data, fn, ctx, progress, progress_ctx, 0);
    case ZP_DS_JSONL:
        return zp_io_jsonl_read(n_records, err, s, data, fn, ctx, progress, progress_ctx, 0);
    case ZP_DS_IDX:
        if (!labels) { zp_io_seterr(err, "%s: idx images need a label file", data); return ZP_ERR_ARG; }
        return zp_io_idx_read(n_records, err, s, data, labels, fn, ctx, progress, progress_ctx);
    }
    zp_io_seterr(err, "unknown dataset format");
    return ZP_ERR_ARG;
}

static zp_err copy_row(void *ctx, const zp_fe *row, uint64_t index) {
    const zp_ds_schema *s = ((const void **)ctx)[0];
    zp_fe *dst = ((void **)ctx)[1];
    (void)index;
    memcpy(dst, row, s->width * sizeof *row);
    return ZP_OK;
}

zp_err zp_io_record_read_one(zp_fe *row, char err[ZP_IO_ERR_BYTES], const zp_ds_schema *s, const char *path) {
    if (!row || !s || !path || !s->width) return ZP_ERR_ARG;
    const void *ctx[2] = {s, row};
    uint64_t n = 0;
    zp_err e;
    if (s->format == ZP_DS_CSV)
        e = zp_io_csv_read(&n, err, s, path, copy_row, (void *)ctx, NULL, NULL, 1);
    else if (s->format == ZP_DS_JSONL)
        e = zp_io_jsonl_read(&n, err, s, path, copy_row, (void *)ctx, NULL, NULL, 1);
    else if (s->format == ZP_DS_IDX) {
        /* rows*cols pixel bytes, then one label byte. */
        size_t npx = s->columns[0].count;
        gzFile f;
        uint64_t total;
        e = zp_io_gz_open(&f, &total, err, path);
        if (e != ZP_OK) return e;
        uint8_t *b = malloc(npx + 2);
        if (!b) { gzclose(f); return ZP_ERR_NOMEM; }
        int r = gzread(f, b, (unsigned)(npx + 2));
        gzclose(f);
        if (r != (int)(npx + 1)) {
            zp_io_seterr(err, "%s: byte offset %d: an idx record is exactly %zu bytes "
                         "(%zu pixels and a label byte)", path, r < 0 ? 0 : r, npx + 1, npx);
            free(b);
            return ZP_ERR_PARSE;
        }
        for (size_t i = 0; i < npx; i++) row[i] = b[i];
        row[npx] = b[npx];
        free(b);
        char sub[ZP_DS_ERR_BYTES];
        if (zp_ds_row_check(s, row, sub) != ZP_OK) {
            zp_io_seterr(err, "%s: %s", path, sub);
            return ZP_ERR_PARSE;
        }
        return ZP_OK;
    } else return ZP_ERR_ARG;
    if (e == ZP_OK && n != 1) {
        zp_io_seterr(err, "%s: holds %llu records; a record file holds exactly one", path,
                     (unsigned long long)n);
        e = ZP_ERR_PARSE;
    }
    if (e != ZP_OK) memset(row, 0, s->width * sizeof *row);
    return e;
}
