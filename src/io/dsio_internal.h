/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Internals of the dataset readers (src/io/csv.c, idx.c, jsonl.c, schema.c). */
#ifndef ZKPROV_IO_DSIO_INTERNAL_H
#define ZKPROV_IO_DSIO_INTERNAL_H

#include <zlib.h>

#include "zkprov/io.h"

void zp_io_seterr(char *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Buffered line reader over a plain or gzip file. */
typedef struct {
    gzFile f;
    const char *path;
    char *buf;
    size_t cap;
    uint64_t line;  /* 1-based number of the line last returned */
    uint64_t total; /* file size in bytes (0 if unknown) */
} zp_io_lines;

/* Opens path; ZP_ERR_IO with a message on failure. */
zp_err zp_io_lines_open(zp_io_lines *r, char *err, const char *path);
/* Next line without its "\n" / "\r\n": ZP_OK with *line, *len (at the
 * end of the file: ZP_OK with *line NULL); ZP_ERR_IO on a read error;
 * ZP_ERR_PARSE for a line over ZP_IO_MAX_LINE or holding a NUL byte. */
zp_err zp_io_lines_next(zp_io_lines *r, char *err, char **line, size_t *len);
uint64_t zp_io_lines_offset(const zp_io_lines *r);
void zp_io_lines_close(zp_io_lines *r);
/* Opens a binary file (gzip or plain); *total = its size (0 if unknown). */
zp_err zp_io_gz_open(gzFile *f, uint64_t *total, char *err, const char *path);
/* Reads a whole file (gzip or plain) of at most max decompressed bytes into
 * a malloc'ed *out of *len bytes.  Returns ZP_OK, ZP_ERR_IO, ZP_ERR_PARSE
 * (corrupt gzip or larger than max), ZP_ERR_NOMEM; *out NULL on failure. */
zp_err zp_io_read_all(uint8_t **out, size_t *len, char *err, const char *path, size_t max);

/* Splits a CSV line (RFC 4180 quoting, no embedded newlines) in place into
 * at most cap fields; *n = number of fields (which may exceed cap: then
 * only the first cap are stored).  Returns ZP_OK or ZP_ERR_PARSE (bad
 * quoting) with a reason in *why. */
zp_err zp_io_csv_split(char *line, size_t len, char **fields, size_t *flen, size_t cap,
                       size_t *n, const char **why);

/* Format readers (same contract as zp_io_records_read; max_records > 0
 * stops with an error after that many, for zp_io_record_read_one). */
zp_err zp_io_csv_read(uint64_t *n, char *err, const zp_ds_schema *s, const char *path,
                      zp_io_record_fn fn, void *ctx, zp_io_progress_fn pf, void *pctx,
                      uint64_t max_records);
zp_err zp_io_jsonl_read(uint64_t *n, char *err, const zp_ds_schema *s, const char *path,
                        zp_io_record_fn fn, void *ctx, zp_io_progress_fn pf, void *pctx,
                        uint64_t max_records);
zp_err zp_io_idx_read(uint64_t *n, char *err, const zp_ds_schema *s, const char *images,
                      const char *labels, zp_io_record_fn fn, void *ctx,
                      zp_io_progress_fn pf, void *pctx);
/* IDX header: magic 0x00000803 (images: n, rows, cols) or 0x00000801
 * (labels: n). */
zp_err zp_io_idx_header(gzFile f, char *err, const char *path, int images, uint32_t *n,
                        uint32_t *rows, uint32_t *cols);
zp_err zp_io_csv_default(zp_ds_schema **out, char *err, const char *path);
zp_err zp_io_jsonl_default(zp_ds_schema **out, char *err, const char *path);
/* Parses one JSONL record line into row (schema s); why gets the reason. */
zp_err zp_io_jsonl_line(zp_fe *row, const char **why, char *whybuf, size_t whylen,
                        const zp_ds_schema *s, const char *line, size_t len);

#endif
