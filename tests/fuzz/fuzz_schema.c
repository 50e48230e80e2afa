/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Fuzz target: dataset schema JSON (zp_ds_schema_parse, src/prov/dataset.c;
 * zp_io_schema_load, src/io/schema.c): the canonical form of a parsed schema
 * parses back to the same canonical form. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char err[ZP_DS_ERR_BYTES] = "";
    zp_ds_schema *s = NULL, *s2 = NULL;
    zp_err e = zp_ds_schema_parse(&s, err, (const char *)data, size);
    fz_check_err(err, sizeof err, e);
    if (e != ZP_OK) {
        FZ_ASSERT(s == NULL);
        return 0;
    }
    char *c1 = NULL, *c2 = NULL;
    size_t l1 = 0, l2 = 0;
    FZ_ASSERT(zp_ds_schema_canonical(&c1, &l1, s) == ZP_OK);
    FZ_ASSERT(zp_ds_schema_parse(&s2, err, c1, l1) == ZP_OK);
    FZ_ASSERT(zp_ds_schema_canonical(&c2, &l2, s2) == ZP_OK);
    FZ_ASSERT(l1 == l2 && memcmp(c1, c2, l1) == 0);
    free(c1);
    free(c2);
    zp_ds_schema_free(s2);
    zp_ds_schema_free(s);
    /* the file loader on the same bytes */
    char ierr[ZP_IO_ERR_BYTES] = "";
    const char *path = fz_tmpfile(0, data, size, ".json");
    e = zp_io_schema_load(&s, ierr, path);
    fz_check_err(ierr, sizeof ierr, e);
    FZ_ASSERT(e == ZP_OK);
    zp_ds_schema_free(s);
    return 0;
}
