/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Fuzz target: JSONL dataset loader (src/io/jsonl.c): default schema,
 * then every record, each checked with zp_ds_row_check. */
#include "dataset_rows.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fz_dataset_rows(ZP_DS_JSONL, fz_tmpfile(0, data, size, ".jsonl"), NULL);
    return 0;
}
