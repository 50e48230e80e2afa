/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Fuzz target: the run file header and final commitment
 * (zp_train_run_header, src/zkml/train_run.c). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char err[ZP_ZKML_ERR_BYTES] = "";
    zp_run_header h;
    zp_err e = zp_train_run_header(&h, err, data, size);
    fz_check_err(err, sizeof err, e);
    if (e == ZP_OK) {
        FZ_ASSERT(h.n_datasets <= ZP_ZKML_MAX_DATASETS);
        FZ_ASSERT(h.n_steps >= 1 && h.n_steps <= ZP_RUN_MAX_STEPS);
    }
    return 0;
}
