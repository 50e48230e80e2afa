/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Fuzz target: model commitment JSON (zp_model_commit_from_json,
 * src/zkml/model_commit.c): a parsed commitment re-encodes to JSON that
 * parses to the same digest. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char err[ZP_ZKML_ERR_BYTES] = "";
    zp_model_commit *mc = NULL, *mc2 = NULL;
    zp_err e = zp_model_commit_from_json(&mc, err, (const char *)data, size);
    fz_check_err(err, sizeof err, e);
    if (e != ZP_OK) {
        FZ_ASSERT(mc == NULL);
        return 0;
    }
    char *js = NULL;
    size_t jl = 0;
    FZ_ASSERT(zp_model_commit_to_json(&js, &jl, mc) == ZP_OK);
    FZ_ASSERT(zp_model_commit_from_json(&mc2, err, js, jl) == ZP_OK);
    uint8_t d1[ZP_MODEL_DIGEST_BYTES], d2[ZP_MODEL_DIGEST_BYTES];
    zp_train_config cfg;
    unsigned mo = 0;
    memset(&cfg, 0, sizeof cfg);
    zp_model_commit_info(mc, d1, &cfg, &mo);
    zp_model_commit_info(mc2, d2, NULL, NULL);
    FZ_ASSERT(memcmp(d1, d2, sizeof d1) == 0);
    FZ_ASSERT(mo >= 1 && mo <= ZP_MODEL_MAX_OPENINGS);
    zp_train_config_free(&cfg);
    free(js);
    zp_model_commit_free(mc2);
    zp_model_commit_free(mc);
    return 0;
}
