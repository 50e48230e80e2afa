/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Fuzz target: IDX dataset loader (src/io/idx.c).  Input: a big-endian
 * u16 n, then n bytes of image file, then the label file. */
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
    if (size < 2) return 0;
    size_t n = (size_t)data[0] << 8 | data[1];
    if (n > size - 2) n = size - 2;
    const char *img = fz_tmpfile(0, data + 2, n, ".idx");
    const char *lab = fz_tmpfile(1, data + 2 + n, size - 2 - n, ".idx");
    char err[ZP_IO_ERR_BYTES] = "";
    zp_ds_schema *s = NULL;
    zp_err e = zp_io_schema_default(&s, err, ZP_DS_IDX, img, lab);
    fz_check_err(err, sizeof err, e);
    if (e != ZP_OK) return 0;
    rows_ctx c = {s, 0};
    uint64_t nr = 0;
    err[0] = 0;
    e = zp_io_records_read(&nr, err, s, img, lab, on_row, &c, NULL, NULL);
    fz_check_err(err, sizeof err, e);
    if (e == ZP_OK) FZ_ASSERT(nr == c.n && nr >= 1);
    zp_ds_schema_free(s);
    return 0;
}
