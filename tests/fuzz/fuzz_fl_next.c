/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Fuzz target: the NEXT file of a federated round (zp_fl_aggregate_decode,
 * src/prov/fl_round.c): a decoded record re-encodes to the input bytes. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    zp_fl_aggregate a;
    memset(&a, 0, sizeof a);
    zp_err e = zp_fl_aggregate_decode(&a, data, size);
    if (e == ZP_OK) {
        uint8_t *out = NULL;
        size_t len = 0;
        FZ_ASSERT(zp_fl_aggregate_encode(&out, &len, &a) == ZP_OK);
        FZ_ASSERT(len == size && memcmp(out, data, size) == 0);
        free(out);
    }
    zp_fl_aggregate_clear(&a);
    return 0;
}
