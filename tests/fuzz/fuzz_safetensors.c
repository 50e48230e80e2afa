/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Fuzz target: safetensors (zp_st_parse, src/io/safetensors.c): every
 * tensor is found by name with its size, and the MLP loader runs on it. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char err[ZP_ST_ERR_BYTES] = "";
    zp_safetensors *st = NULL;
    zp_err e = zp_st_parse(&st, err, data, size);
    fz_check_err(err, sizeof err, e);
    if (e != ZP_OK) {
        FZ_ASSERT(st == NULL);
        return 0;
    }
    size_t n = zp_st_n_tensors(st), total = 0;
    for (size_t i = 0; i < n; i++) {
        zp_st_tensor t, u;
        FZ_ASSERT(zp_st_tensor_at(st, i, &t) == ZP_OK);
        FZ_ASSERT(t.n_dims <= ZP_ST_MAX_DIMS && zp_st_dtype_size(t.dtype) != 0);
        uint64_t elems = 1;
        for (size_t d = 0; d < t.n_dims; d++) elems *= t.shape[d];
        FZ_ASSERT(elems * zp_st_dtype_size(t.dtype) == t.len);
        FZ_ASSERT(zp_st_find(st, t.name, &u) == ZP_OK && u.data == t.data && u.len == t.len);
        volatile uint8_t acc = 0; /* touch every byte: bounds under ASan */
        for (size_t k = 0; k < t.len; k++) acc ^= t.data[k];
        (void)acc;
        total += t.len;
    }
    FZ_ASSERT(total <= size);
    (void)zp_st_metadata(st, "format");
    (void)zp_st_metadata(st, "layers");
    /* the model loader, for the architecture of the seed corpus */
    static const uint32_t dims[] = {30, 2};
    zp_train_config cfg;
    zp_mlp m;
    if (zp_train_config_default(&cfg, dims, 1) == ZP_OK) {
        if (zp_mlp_alloc(&m, &cfg) == ZP_OK) {
            err[0] = 0;
            e = zp_mlp_from_safetensors(&m, err, st, &cfg);
            fz_check_err(err, sizeof err, e);
            zp_mlp_free(&m);
        }
        zp_train_config_free(&cfg);
    }
    zp_st_free(st);
    return 0;
}
