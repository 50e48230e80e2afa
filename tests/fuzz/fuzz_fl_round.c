/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Fuzz target: the ROUND file of a federated round (zp_fl_round_decode,
 * src/prov/fl_round.c): a decoded round re-encodes to the input bytes. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    zp_fl_round r;
    memset(&r, 0, sizeof r);
    zp_err e = zp_fl_round_decode(&r, data, size);
    if (e == ZP_OK) {
        uint8_t *out = NULL;
        size_t len = 0;
        FZ_ASSERT(zp_fl_round_check(&r) == ZP_OK);
        FZ_ASSERT(zp_fl_round_encode(&out, &len, &r) == ZP_OK);
        FZ_ASSERT(len == size && memcmp(out, data, size) == 0);
        zp_digest d;
        FZ_ASSERT(zp_fl_round_digest(&d, &r) == ZP_OK);
        free(out);
    }
    zp_fl_round_clear(&r);
    return 0;
}
