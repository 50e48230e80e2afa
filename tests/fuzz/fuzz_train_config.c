/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Fuzz target: training config JSON (zp_train_config_parse,
 * src/zkml/config.c), which a verifier reads next to a run file. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char err[ZP_ZKML_ERR_BYTES] = "";
    zp_train_config cfg;
    zp_err e = zp_train_config_parse(&cfg, err, (const char *)data, size);
    fz_check_err(err, sizeof err, e);
    if (e == ZP_OK) {
        uint8_t d[32];
        FZ_ASSERT(zp_train_config_check(&cfg, err) == ZP_OK);
        zp_train_config_digest(d, &cfg);
        (void)zp_train_config_n_steps(&cfg, 1000);
    }
    zp_train_config_free(&cfg);
    return 0;
}
