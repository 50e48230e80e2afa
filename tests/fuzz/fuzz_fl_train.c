/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Fuzz target: the training-proof files of federated rounds, read by `fl
 * aggregate` (UPD.train of each client) and `fl verify` (NEXT.train):
 * zp_fl_train_file_decode and zp_fl_train_set_decode
 * (src/prov/fl_train_file.c).  Input: a UPD.train, or a NEXT.train
 * ("ZPFLTRS1", decoded for the update count it names, and each non-empty
 * entry as a UPD.train).  A decoded file re-encodes to the input. */
#include <stddef.h>

#include "fuzz_common.h"

/* A UPD.train in d[n]; returns the decoder's result. */
static zp_err one_file(const uint8_t *d, size_t n) {
    char err[ZP_CERT_ERR_BYTES] = "";
    zp_fl_train_file t;
    zp_err e = zp_fl_train_file_decode(&t, err, d, n);
    fz_check_err(err, sizeof err, e);
    if (e != ZP_OK) {
        FZ_ASSERT(e == ZP_ERR_PARSE || e == ZP_ERR_UNSUPPORTED);
        FZ_ASSERT(!t.config && !t.cert && !t.commit && !t.run && !t.link && !t.config_len &&
                  !t.cert_len && !t.commit_len && !t.run_len && !t.link_len);
        return e;
    }
    /* every chunk lies inside the input */
    const uint8_t *p[5] = {t.config, t.cert, t.commit, t.run, t.link};
    const size_t l[5] = {t.config_len, t.cert_len, t.commit_len, t.run_len, t.link_len};
    for (int i = 0; i < 5; i++)
        FZ_ASSERT(l[i] == 0 ? p[i] == NULL : p[i] >= d && l[i] <= n && p[i] - d <= (ptrdiff_t)(n - l[i]));
    uint8_t *out = NULL;
    size_t ol = 0;
    FZ_ASSERT(zp_fl_train_file_encode(&out, &ol, &t) == ZP_OK);
    FZ_ASSERT(ol == n && memcmp(out, d, n) == 0);
    free(out);
    return ZP_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 12 || memcmp(data, ZP_FL_TRAIN_SET_MAGIC, 8) != 0) {
        (void)one_file(data, size);
        return 0;
    }
    uint32_t n = zp_load32_le(data + 8);
    if (n < 1 || n > ZP_FL_MAX_CLIENTS) return 0;
    const uint8_t **fs = malloc(n * sizeof *fs);
    size_t *ls = malloc(n * sizeof *ls);
    FZ_ASSERT(fs && ls);
    char err[ZP_CERT_ERR_BYTES] = "";
    zp_err e = zp_fl_train_set_decode(fs, ls, n, err, data, size);
    fz_check_err(err, sizeof err, e);
    /* a set of another update count is refused */
    char err2[ZP_CERT_ERR_BYTES] = "";
    const uint8_t **fs2 = malloc(n * sizeof *fs2);
    size_t *ls2 = malloc(n * sizeof *ls2);
    FZ_ASSERT(fs2 && ls2);
    if (n > 1) FZ_ASSERT(zp_fl_train_set_decode(fs2, ls2, n - 1, err2, data, size) == ZP_ERR_PARSE);
    free(fs2);
    free(ls2);
    if (e == ZP_OK) {
        for (uint32_t k = 0; k < n; k++) {
            FZ_ASSERT(ls[k] == 0 ? fs[k] == NULL : fs[k] > data && ls[k] <= size);
            if (ls[k]) (void)one_file(fs[k], ls[k]);
        }
        uint8_t *out = NULL;
        size_t ol = 0;
        FZ_ASSERT(zp_fl_train_set_encode(&out, &ol, fs, ls, n) == ZP_OK);
        FZ_ASSERT(ol == size && memcmp(out, data, size) == 0);
        free(out);
    } else {
        FZ_ASSERT(e == ZP_ERR_PARSE);
    }
    free(fs);
    free(ls);
    return 0;
}
