/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Training-proof files of federated rounds: UPD.train and NEXT.train framing (docs/formats/fl.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zkprov/prov.h"

#define TRAIN_MAGIC_V1 "ZPFLTRN1"

/* Fixed texts: nothing of the file is echoed, so a reason is one line. */
static void seterr(char *err, const char *msg) {
    if (err) snprintf(err, ZP_CERT_ERR_BYTES, "%s", msg);
}

/* One chunk at d[*pos..len): u64 length, then that many bytes. */
static int get_chunk(const uint8_t **p, size_t *n, const uint8_t *d, size_t len, size_t *pos) {
    if (len - *pos < 8) return 0;
    uint64_t l = zp_load64_le(d + *pos);
    *pos += 8;
    if (l > len - *pos) return 0;
    *p = l ? d + *pos : NULL;
    *n = (size_t)l;
    *pos += (size_t)l;
    return 1;
}

static uint8_t *put_chunk(uint8_t *q, const uint8_t *d, size_t n) {
    zp_store64_le(q, n);
    if (n) memcpy(q + 8, d, n);
    return q + 8 + n;
}

zp_err zp_fl_train_file_decode(zp_fl_train_file *out, char err[ZP_CERT_ERR_BYTES],
                               const uint8_t *data, size_t len) {
    static const char *const what[5] = {
        "training-proof file: truncated in the training config",
        "training-proof file: truncated in the certificate",
        "training-proof file: truncated in the dataset commitment",
        "training-proof file: truncated in the run proof",
        "training-proof file: truncated in the link proof"};
    if (err) err[0] = 0;
    if (!out) return ZP_ERR_ARG;
    memset(out, 0, sizeof *out);
    if (!data && len) return ZP_ERR_ARG;
    if (len >= 8 && memcmp(data, TRAIN_MAGIC_V1, 8) == 0) {
        seterr(err, "training-proof file: version 1 (ZPFLTRN1), an unbound run: refused");
        return ZP_ERR_UNSUPPORTED;
    }
    if (len < 8 || memcmp(data, ZP_FL_TRAIN_MAGIC, 8) != 0) {
        seterr(err, "not a training-proof file (magic ZPFLTRN2)");
        return ZP_ERR_PARSE;
    }
    const uint8_t **p[5] = {&out->config, &out->cert, &out->commit, &out->run, &out->link};
    size_t *n[5] = {&out->config_len, &out->cert_len, &out->commit_len, &out->run_len,
                    &out->link_len};
    size_t pos = 8;
    for (int i = 0; i < 5; i++)
        if (!get_chunk(p[i], n[i], data, len, &pos)) {
            memset(out, 0, sizeof *out);
            seterr(err, what[i]);
            return ZP_ERR_PARSE;
        }
    if (pos != len) {
        memset(out, 0, sizeof *out);
        seterr(err, "training-proof file: bytes after the link proof");
        return ZP_ERR_PARSE;
    }
    return ZP_OK;
}

zp_err zp_fl_train_file_encode(uint8_t **out, size_t *len, const zp_fl_train_file *t) {
    if (out) *out = NULL;
    if (len) *len = 0;
    if (!out || !len || !t) return ZP_ERR_ARG;
    const uint8_t *p[5] = {t->config, t->cert, t->commit, t->run, t->link};
    const size_t n[5] = {t->config_len, t->cert_len, t->commit_len, t->run_len, t->link_len};
    size_t total = 8;
    for (int i = 0; i < 5; i++) {
        if (!p[i] && n[i]) return ZP_ERR_ARG;
        if (n[i] > SIZE_MAX - total - 8) return ZP_ERR_ARG;
        total += 8 + n[i];
    }
    uint8_t *b = malloc(total), *q = b;
    if (!b) return ZP_ERR_NOMEM;
    memcpy(q, ZP_FL_TRAIN_MAGIC, 8);
    q += 8;
    for (int i = 0; i < 5; i++) q = put_chunk(q, p[i], n[i]);
    *out = b;
    *len = total;
    return ZP_OK;
}

zp_err zp_fl_train_set_decode(const uint8_t **files, size_t *lens, uint32_t n_updates,
                              char err[ZP_CERT_ERR_BYTES], const uint8_t *data, size_t len) {
    if (err) err[0] = 0;
    if (!files || !lens || n_updates < 1 || n_updates > ZP_FL_MAX_CLIENTS || (!data && len))
        return ZP_ERR_ARG;
    memset(files, 0, n_updates * sizeof *files);
    memset(lens, 0, n_updates * sizeof *lens);
    if (len < 12 || memcmp(data, ZP_FL_TRAIN_SET_MAGIC, 8) != 0) {
        seterr(err, "not a training-proof set (magic ZPFLTRS1)");
        return ZP_ERR_PARSE;
    }
    if (zp_load32_le(data + 8) != n_updates) {
        seterr(err, "the training-proof set is not of this aggregate (update count)");
        return ZP_ERR_PARSE;
    }
    size_t pos = 12;
    for (uint32_t k = 0; k < n_updates; k++)
        if (!get_chunk(&files[k], &lens[k], data, len, &pos)) {
            memset(files, 0, n_updates * sizeof *files);
            memset(lens, 0, n_updates * sizeof *lens);
            seterr(err, "the training-proof set is truncated");
            return ZP_ERR_PARSE;
        }
    if (pos != len) {
        memset(files, 0, n_updates * sizeof *files);
        memset(lens, 0, n_updates * sizeof *lens);
        seterr(err, "bytes after the training proofs of the set");
        return ZP_ERR_PARSE;
    }
    return ZP_OK;
}

zp_err zp_fl_train_set_encode(uint8_t **out, size_t *len, const uint8_t *const *files,
                              const size_t *lens, uint32_t n_updates) {
    if (out) *out = NULL;
    if (len) *len = 0;
    if (!out || !len || !files || !lens || n_updates < 1 || n_updates > ZP_FL_MAX_CLIENTS)
        return ZP_ERR_ARG;
    size_t total = 12;
    for (uint32_t k = 0; k < n_updates; k++) {
        if (!files[k] && lens[k]) return ZP_ERR_ARG;
        if (lens[k] > SIZE_MAX - total - 8) return ZP_ERR_ARG;
        total += 8 + lens[k];
    }
    uint8_t *b = malloc(total), *q = b;
    if (!b) return ZP_ERR_NOMEM;
    memcpy(q, ZP_FL_TRAIN_SET_MAGIC, 8);
    zp_store32_le(q + 8, n_updates);
    q += 12;
    for (uint32_t k = 0; k < n_updates; k++) q = put_chunk(q, files[k], lens[k]);
    *out = b;
    *len = total;
    return ZP_OK;
}
