/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Library initialisation and secure memory helpers (libsodium). */
#include <sodium.h>

#include "zkprov/common.h"

zp_err zp_init(void) {
    /* sodium_init is thread-safe and returns 1 when already initialised. */
    return sodium_init() < 0 ? ZP_ERR_INTERNAL : ZP_OK;
}

void zp_memzero(void *p, size_t len) {
    if (p && len) sodium_memzero(p, len);
}

int zp_memeq(const void *a, const void *b, size_t len) {
    const volatile uint8_t *x = a, *y = b;
    uint8_t d = 0;
    for (size_t i = 0; i < len; i++) d |= x[i] ^ y[i];
    return d == 0;
}
