/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Fuzz target: CSV dataset loader (src/io/csv.c): default schema of the file, then every record, each checked with zp_ds_row_check. */
#include "dataset_rows.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fz_dataset_rows(ZP_DS_CSV, fz_tmpfile(0, data, size, ".csv"), NULL);
    return 0;
}
