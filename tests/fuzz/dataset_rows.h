/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Shared body of the dataset-loader fuzz targets (CSV, IDX, JSONL). */
#ifndef ZP_TESTS_FUZZ_DATASET_ROWS_H
#define ZP_TESTS_FUZZ_DATASET_ROWS_H

#include "fuzz_common.h"

typedef struct {
    const zp_ds_schema *s;
    uint64_t n;
} fz_rows_ctx;

static zp_err fz_on_row(void *ctx, const zp_fe *row, uint64_t index) {
    fz_rows_ctx *c = ctx;
    char err[ZP_DS_ERR_BYTES];
    FZ_ASSERT(index == c->n);
    FZ_ASSERT(zp_ds_row_check(c->s, row, err) == ZP_OK);
    c->n++;
    return ZP_OK;
}

/* The default schema of the file(s) (a one-line reason if refused), then
 * every record in order, each a valid row of that schema; at least one
 * record when the whole read succeeds. */
static void fz_dataset_rows(zp_ds_format fmt, const char *path, const char *labels) {
    char err[ZP_IO_ERR_BYTES] = "";
    zp_ds_schema *s = NULL;
    zp_err e = zp_io_schema_default(&s, err, fmt, path, labels);
    fz_check_err(err, sizeof err, e);
    if (e != ZP_OK) return;
    fz_rows_ctx c = {s, 0};
    uint64_t n = 0;
    err[0] = 0;
    e = zp_io_records_read(&n, err, s, path, labels, fz_on_row, &c, NULL, NULL);
    fz_check_err(err, sizeof err, e);
    if (e == ZP_OK) FZ_ASSERT(n == c.n && n >= 1);
    zp_ds_schema_free(s);
}

#endif
