/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Fuzz target: the signed update header of a federated round
 * (zp_fl_update_decode, src/prov/fl_round.c).  Input: an update file
 * ("ZPFLUPS1" then the 256-byte header, the rest ignored) or a bare header:
 * a decoded header re-encodes to the same bytes. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size >= 8 && memcmp(data, "ZPFLUPS1", 8) == 0) {
        data += 8;
        size -= 8;
    }
    if (size < ZP_FL_UPDATE_BYTES) return 0;
    zp_fl_update u;
    if (zp_fl_update_decode(&u, data) != ZP_OK) return 0;
    uint8_t out[ZP_FL_UPDATE_BYTES], sb[ZP_FL_SIGNED_BYTES];
    zp_fl_update_encode(out, &u);
    FZ_ASSERT(memcmp(out, data, ZP_FL_UPDATE_BYTES) == 0);
    FZ_ASSERT(zp_fl_update_signed_bytes(sb, &u) == ZP_FL_SIGNED_BYTES);
    FZ_ASSERT(memcmp(sb, data, ZP_FL_SIGNED_BYTES) == 0);
    return 0;
}
