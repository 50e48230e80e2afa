/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Proof byte streams: a growable output buffer and a bounds-checked reader. */
#include <stdlib.h>
#include <string.h>

#include "zkprov/hash.h"

void zp_bytes_init(zp_bytes *b) {
    if (!b) return;
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->failed = 0;
}

/* Proofs are public: nothing to wipe. */
void zp_bytes_free(zp_bytes *b) {
    if (!b) return;
    free(b->data);
    zp_bytes_init(b);
}

void zp_bytes_reserve(zp_bytes *b, size_t cap) {
    if (!b || b->failed || cap <= b->cap) return;
    uint8_t *p = realloc(b->data, cap);
    if (!p) {
        b->failed = 1;
        return;
    }
    b->data = p;
    b->cap = cap;
}

void zp_bytes_append(zp_bytes *b, const void *data, size_t len) {
    if (!b || b->failed || len == 0) return;
    if (!data || len > SIZE_MAX - b->len) {
        b->failed = 1;
        return;
    }
    size_t need = b->len + len;
    if (need > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
        zp_bytes_reserve(b, cap);
        if (b->failed) return;
    }
    memcpy(b->data + b->len, data, len);
    b->len = need;
}

void zp_reader_init(zp_reader *r, const void *data, size_t len) {
    if (!r) return;
    r->data = data;
    r->len = data ? len : 0;
    r->pos = 0;
}

zp_err zp_reader_finish(const zp_reader *r) {
    if (!r) return ZP_ERR_ARG;
    return r->pos == r->len ? ZP_OK : ZP_ERR_PARSE;
}
