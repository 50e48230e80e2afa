/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Fuzz target: the dataset certificate, a DSSE envelope (zp_cert_verify,
 * zp_dsse_open, src/prov/cert.c).  Input: the 32-byte authority public key,
 * then the envelope JSON. */
#include "fuzz_common.h"

/* 2100-01-01T00:00:00Z: after every seed's issue time (no expiry set) */
#define FZ_NOW 4102444800LL

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < ZP_AUTH_PUBLICKEYBYTES) return 0;
    const uint8_t *pk = data;
    const char *json = (const char *)data + ZP_AUTH_PUBLICKEYBYTES;
    size_t len = size - ZP_AUTH_PUBLICKEYBYTES;
    char err[ZP_CERT_ERR_BYTES] = "";
    zp_cert_info ci;
    zp_err e = zp_cert_verify(&ci, err, json, len, pk, FZ_NOW);
    fz_check_err(err, sizeof err, e);
    if (e == ZP_OK) {
        FZ_ASSERT(ci.subject_name && ci.schema_json && ci.license && ci.source);
        FZ_ASSERT(ci.records >= 1);
        zp_ds_schema *s = NULL;
        char se[ZP_DS_ERR_BYTES];
        if (zp_ds_schema_parse(&s, se, ci.schema_json, strlen(ci.schema_json)) == ZP_OK)
            zp_ds_schema_free(s);
    }
    zp_cert_info_clear(&ci);
    uint8_t *payload = NULL;
    size_t pl = 0;
    err[0] = 0;
    e = zp_dsse_open(&payload, &pl, err, json, len, ZP_CERT_PAYLOAD_TYPE, pk);
    fz_check_err(err, sizeof err, e);
    free(payload);
    return 0;
}
