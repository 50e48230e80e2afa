/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Fuzz target: JSONL dataset loader (src/io/jsonl.c): default schema,
 * then every record, each checked with zp_ds_row_check. */
#include "fuzz_common.h"

typedef struct { const zp_ds_schema *s; uint64_t n; } rows_ctx;

static zp_err on_row(void *ctx, const zp_fe *row, uint64_t index) {
    rows_ctx *c = ctx;
    char err[ZP_DS_ERR_BYTES];
    FZ_ASSERT(index == c->n);
    FZ_ASSERT(zp_ds_row_check(c->s, row, err) == ZP_OK);
    c->n++;
    return ZP_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *path = fz_tmpfile(0, data, size, ".jsonl");
    char err[ZP_IO_ERR_BYTES] = "";
    zp_ds_schema *s = NULL;
    zp_err e = zp_io_schema_default(&s, err, ZP_DS_JSONL, path, NULL);
    fz_check_err(err, sizeof err, e);
    if (e != ZP_OK) return 0;
    rows_ctx c = {s, 0};
    uint64_t n = 0;
    err[0] = 0;
    e = zp_io_records_read(&n, err, s, path, NULL, on_row, &c, NULL, NULL);
    fz_check_err(err, sizeof err, e);
    if (e == ZP_OK) FZ_ASSERT(n == c.n && n >= 1);
    zp_ds_schema_free(s);
    return 0;
}
