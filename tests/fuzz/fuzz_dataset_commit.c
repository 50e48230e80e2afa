/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Fuzz target: dataset commitment JSON (zp_dataset_commit_parse,
 * src/prov/dataset.c): a parsed commitment re-encodes to a file that parses
 * to the same digest. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char err[ZP_DS_ERR_BYTES] = "";
    zp_dataset_commit *c = NULL, *c2 = NULL;
    zp_err e = zp_dataset_commit_parse(&c, err, (const char *)data, size);
    fz_check_err(err, sizeof err, e);
    if (e != ZP_OK) {
        FZ_ASSERT(c == NULL);
        return 0;
    }
    char *js = NULL;
    size_t jl = 0;
    FZ_ASSERT(zp_dataset_commit_to_json(&js, &jl, c) == ZP_OK);
    FZ_ASSERT(zp_dataset_commit_parse(&c2, err, js, jl) == ZP_OK);
    FZ_ASSERT(memcmp(c->digest.b, c2->digest.b, 32) == 0);
    zp_digest d;
    FZ_ASSERT(zp_dataset_commit_compute_digest(&d, c) == ZP_OK);
    FZ_ASSERT(memcmp(d.b, c->digest.b, 32) == 0);
    free(js);
    zp_dataset_commit_free(c2);
    zp_dataset_commit_free(c);
    return 0;
}
