/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Fuzz target: authority key files (zp_auth_public_parse,
 * zp_auth_secret_parse, src/prov/keys.c). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char err[ZP_CERT_ERR_BYTES] = "";
    uint8_t pk[ZP_AUTH_PUBLICKEYBYTES], sk[ZP_AUTH_SECRETKEYBYTES];
    zp_err e = zp_auth_public_parse(pk, err, (const char *)data, size);
    fz_check_err(err, sizeof err, e);
    err[0] = 0;
    e = zp_auth_secret_parse(sk, err, (const char *)data, size);
    fz_check_err(err, sizeof err, e);
    if (e == ZP_OK) {
        char *js = NULL;
        size_t jl = 0;
        uint8_t sk2[ZP_AUTH_SECRETKEYBYTES];
        FZ_ASSERT(zp_auth_secret_to_json(&js, &jl, sk) == ZP_OK);
        FZ_ASSERT(zp_auth_secret_parse(sk2, err, js, jl) == ZP_OK);
        FZ_ASSERT(memcmp(sk, sk2, sizeof sk) == 0);
        free(js);
    }
    return 0;
}
