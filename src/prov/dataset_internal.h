/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Internals shared by src/prov/dataset.c and src/prov/membership.c. */
#ifndef ZKPROV_PROV_DATASET_INTERNAL_H
#define ZKPROV_PROV_DATASET_INTERNAL_H

#include "zkprov/prov.h"

#define ZP_DS_COMMIT_TYPE "zkprov/dataset-commitment"
#define ZP_DS_VRF_SUITE "ECVRF-EDWARDS25519-SHA512-TAI"
#define ZP_DS_RECORD_DOMAIN "zkprov-v1/dataset-record"
#define ZP_DS_SECRET_MAGIC "ZKDSSEC\0"
#define ZP_DS_SECRET_VERSION 1u
/* PCS of the record matrix: the tight code (log_inv_rate 0, rate about
 * 1/2 + n_queries/2k: half the commit work and memory of rate 1/2, more
 * queries for the same soundness), 100-bit code soundness (the library's
 * default level, docs/security.md). */
#define ZP_DS_PCS_LOG_INV_RATE 0
#define ZP_DS_PCS_SECURITY 100

struct zp_dataset_secret {
    zp_digest commit_digest;
    uint64_t n;
    uint8_t pcs_seed[32];
    uint8_t vrf_sk[ZP_VRF_SECRETKEYBYTES];
    uint8_t *keys;   /* n x 32, ascending */
    uint64_t *index; /* record index of each sorted key */
};

void zp_ds_seterr(char *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Reads a whole file (at most max bytes; NUL appended). */
zp_err zp_ds_read_file(uint8_t **out, size_t *len, char *err, const char *path, size_t max);
/* Merkle tree over the n sorted 32-byte keys (leaf = H(0x00 || key)). */
zp_err zp_ds_key_tree(zp_merkle_tree **out, const uint8_t *keys, uint64_t n);

#endif
