/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Fuzz target: IDX dataset loader (src/io/idx.c).  Input: a big-endian
 * u16 n, then n bytes of image file, then the label file. */
#include "dataset_rows.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 2) return 0;
    size_t n = (size_t)data[0] << 8 | data[1];
    if (n > size - 2) n = size - 2;
    const char *img = fz_tmpfile(0, data + 2, n, ".idx");
    const char *lab = fz_tmpfile(1, data + 2 + n, size - 2 - n, ".idx");
    fz_dataset_rows(ZP_DS_IDX, img, lab);
    return 0;
}
