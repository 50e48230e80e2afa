/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Membership and non-membership of a record in a committed dataset: the
 * record's ECVRF key (RFC 9381) and the opened leaves of the sorted key tree. */
#include <stdlib.h>
#include <string.h>

#include "prov/dataset_internal.h"
#include "zkprov/prov.h"

/* Proof bytes (little-endian):
 *   vrf proof (80) | u32 n_open (1 or 2) | n_open x (u64 index | key 32) |
 *   u32 n_path | n_path x digest (32)                                    */

static zp_err record_key(uint8_t key[32], uint8_t pi[ZP_VRF_PROOFBYTES],
                         const zp_dataset_commit *c, const zp_dataset_secret *s,
                         const zp_fe *row) {
    size_t alen = zp_ds_record_bytes_len(c->schema->width);
    uint8_t *alpha = malloc(alen), beta[ZP_VRF_OUTPUTBYTES];
    if (!alpha) return ZP_ERR_NOMEM;
    zp_ds_record_bytes(alpha, &c->schema_digest, row, c->schema->width);
    zp_err e = zp_vrf_prove(pi, s->vrf_sk, alpha, alen);
    if (e == ZP_OK) e = zp_vrf_proof_to_hash(beta, pi);
    free(alpha);
    if (e != ZP_OK) return ZP_ERR_INTERNAL;
    memcpy(key, beta, 32);
    return ZP_OK;
}

zp_err zp_dataset_prove_membership(zp_bytes *out, const zp_dataset_commit *c,
                                   const zp_dataset_secret *s, const zp_fe *row,
                                   int member) {
    if (!out || !c || !s || !row || !c->schema) return ZP_ERR_ARG;
    if (!zp_memeq(s->commit_digest.b, c->digest.b, 32) || s->n != c->n_records)
        return ZP_ERR_ARG;
    if (zp_ds_row_check(c->schema, row, NULL) != ZP_OK) return ZP_ERR_PARSE;
    uint8_t key[32], pi[ZP_VRF_PROOFBYTES];
    zp_err e = record_key(key, pi, c, s, row);
    if (e != ZP_OK) return e;
    /* lo = first sorted index with keys[lo] >= key. */
    uint64_t lo = 0, hi = s->n;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (memcmp(s->keys + 32 * mid, key, 32) < 0) lo = mid + 1;
        else hi = mid;
    }
    int present = lo < s->n && !memcmp(s->keys + 32 * lo, key, 32);
    if (present != (member != 0)) return ZP_ERR_VERIFY;
    size_t idx[2], n_open;
    if (member) { idx[0] = (size_t)lo; n_open = 1; }
    else if (lo == 0) { idx[0] = 0; n_open = 1; }
    else if (lo == s->n) { idx[0] = (size_t)(s->n - 1); n_open = 1; }
    else { idx[0] = (size_t)(lo - 1); idx[1] = (size_t)lo; n_open = 2; }
    zp_merkle_tree *t = NULL;
    if ((e = zp_ds_key_tree(&t, s->keys, s->n)) != ZP_OK) return e;
    size_t cap = zp_merkle_batch_max((size_t)s->n, n_open), n_path = 0;
    zp_digest *path = malloc((cap ? cap : 1) * sizeof *path);
    if (!path) { zp_merkle_free(t); return ZP_ERR_NOMEM; }
    e = zp_merkle_prove_batch(t, idx, n_open, path, cap, &n_path);
    zp_merkle_free(t);
    if (e != ZP_OK) { free(path); return ZP_ERR_INTERNAL; }
    uint8_t b[44];
    zp_bytes_append(out, pi, sizeof pi);
    zp_store32_le(b, (uint32_t)n_open);
    zp_bytes_append(out, b, 4);
    for (size_t i = 0; i < n_open; i++) {
        zp_store64_le(b, idx[i]);
        memcpy(b + 8, s->keys + 32 * idx[i], 32);
        zp_bytes_append(out, b, 40);
    }
    zp_store32_le(b, (uint32_t)n_path);
    zp_bytes_append(out, b, 4);
    zp_bytes_append(out, path, n_path * sizeof *path);
    free(path);
    return out->failed ? ZP_ERR_NOMEM : ZP_OK;
}

zp_err zp_dataset_verify_membership(const zp_dataset_commit *c, const zp_fe *row, int member,
                                    const uint8_t *proof, size_t len) {
    if (!c || !row || !c->schema || (!proof && len)) return ZP_ERR_ARG;
    if (zp_ds_row_check(c->schema, row, NULL) != ZP_OK) return ZP_ERR_PARSE;
    size_t pos = 0;
    if (len < ZP_VRF_PROOFBYTES + 4) return ZP_ERR_PARSE;
    const uint8_t *pi = proof;
    pos = ZP_VRF_PROOFBYTES;
    uint32_t n_open = zp_load32_le(proof + pos);
    pos += 4;
    if (n_open < 1 || n_open > 2 || (member && n_open != 1)) return ZP_ERR_PARSE;
    if (len - pos < (size_t)n_open * 40 + 4) return ZP_ERR_PARSE;
    size_t idx[2];
    uint8_t keys[2][32];
    for (uint32_t i = 0; i < n_open; i++) {
        uint64_t x = zp_load64_le(proof + pos);
        if (x >= c->n_records) return ZP_ERR_PARSE;
        idx[i] = (size_t)x;
        memcpy(keys[i], proof + pos + 8, 32);
        pos += 40;
    }
    uint32_t n_path = zp_load32_le(proof + pos);
    pos += 4;
    if ((len - pos) / 32 != n_path || (len - pos) % 32) return ZP_ERR_PARSE;
    if (n_open == 2 && idx[1] != idx[0] + 1) return ZP_ERR_VERIFY;
    if (n_path != zp_merkle_batch_count((size_t)c->n_records, idx, n_open))
        return ZP_ERR_PARSE;

    /* The record's key, recomputed: the holder cannot choose it. */
    size_t alen = zp_ds_record_bytes_len(c->schema->width);
    uint8_t *alpha = malloc(alen), beta[ZP_VRF_OUTPUTBYTES];
    if (!alpha) return ZP_ERR_NOMEM;
    zp_ds_record_bytes(alpha, &c->schema_digest, row, c->schema->width);
    zp_err e = zp_vrf_verify(beta, c->vrf_pk, pi, alpha, alen);
    free(alpha);
    if (e != ZP_OK) return ZP_ERR_VERIFY;
    const uint8_t *key = beta;

    if (member) {
        if (!zp_memeq(keys[0], key, 32)) return ZP_ERR_VERIFY;
    } else if (n_open == 1) {
        /* Outside the range: below the first key or above the last. */
        if (idx[0] == 0 && memcmp(key, keys[0], 32) < 0) {
        } else if (idx[0] == c->n_records - 1 && memcmp(key, keys[0], 32) > 0) {
        } else {
            return ZP_ERR_VERIFY;
        }
    } else {
        if (!(memcmp(keys[0], key, 32) < 0 && memcmp(key, keys[1], 32) < 0))
            return ZP_ERR_VERIFY;
    }
    zp_digest leaves[2], *path = malloc((n_path ? n_path : 1) * sizeof *path);
    if (!path) return ZP_ERR_NOMEM;
    for (uint32_t i = 0; i < n_open; i++) zp_hash_leaf(&leaves[i], keys[i], 32);
    memcpy(path, proof + pos, (size_t)n_path * 32);
    e = zp_merkle_verify_batch(&c->key_root, (size_t)c->n_records, idx, leaves, n_open, path,
                               n_path);
    free(path);
    return e == ZP_OK ? ZP_OK : (e == ZP_ERR_NOMEM ? e : ZP_ERR_VERIFY);
}
