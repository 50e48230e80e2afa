/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Fuzz target: the certificate statement (the in-toto payload parser of
 * src/prov/cert.c behind the signature).  Input: a 32-byte Ed25519 seed,
 * then the payload, which the target signs with that key so that every
 * input reaches the statement parser. */
#include "fuzz_common.h"

#include <sodium.h>

#define FZ_NOW 4102444800LL

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 32) return 0;
    uint8_t pk[ZP_AUTH_PUBLICKEYBYTES], sk[ZP_AUTH_SECRETKEYBYTES];
    if (crypto_sign_seed_keypair(pk, sk, data) != 0) return 0;
    char *env = NULL;
    size_t env_len = 0;
    if (zp_dsse_sign(&env, &env_len, ZP_CERT_PAYLOAD_TYPE, data + 32, size - 32, sk) != ZP_OK)
        return 0;
    char err[ZP_CERT_ERR_BYTES] = "";
    zp_cert_info ci;
    zp_err e = zp_cert_verify(&ci, err, env, env_len, pk, FZ_NOW);
    fz_check_err(err, sizeof err, e);
    FZ_ASSERT(e != ZP_ERR_VERIFY || strstr(err, "signature") == NULL);
    if (e == ZP_OK) {
        FZ_ASSERT(ci.subject_name && ci.schema_json && ci.license && ci.source);
        FZ_ASSERT(ci.n_attrs <= ZP_CERT_MAX_ATTRS);
        for (size_t i = 0; i < ci.n_attrs; i++)
            FZ_ASSERT(ci.attr_keys[i] && ci.attr_values[i]);
    }
    zp_cert_info_clear(&ci);
    free(env);
    sodium_memzero(sk, sizeof sk);
    return 0;
}
