/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Exact lazy sums of 64x64-bit products, reduced mod p once (internal). */
#ifndef ZP_FIELD_ACC192_H
#define ZP_FIELD_ACC192_H

#include <stdint.h>

#include "field/gl.h"

/* A 192-bit sum hi 2^128 + l1 2^64 + l0 in three 64-bit words (not an
 * unsigned __int128 field: compilers move those through vector registers,
 * and spilled accumulators then stall on store forwarding).  It holds up
 * to 2^64 products of canonical values; the sumcheck kernels and the MLE
 * evaluation sum blocks of at most 2^20 (docs/spec/sumcheck.md 6). */
typedef struct {
    uint64_t l0, l1, hi;
} zp_acc192;

static inline void zp_acc192_mac(zp_acc192 *a, uint64_t x, uint64_t y) {
    unsigned __int128 p = (unsigned __int128)x * y;
    uint64_t pl = (uint64_t)p, ph = (uint64_t)(p >> 64); /* ph <= 2^64 - 2 */
    a->l0 += pl;
    ph += (uint64_t)(a->l0 < pl);
    a->l1 += ph;
    a->hi += (uint64_t)(a->l1 < ph);
}

/* hi 2^128 + l1 2^64 + l0 mod p, with 2^128 = -2^32 mod p. */
static inline zp_fe zp_acc192_reduce(const zp_acc192 *a) {
    unsigned __int128 lo = ((unsigned __int128)a->l1 << 64) | a->l0;
    return gl_sub(gl_reduce128(lo), gl_mul(gl_from_u64(a->hi), GL_NEG_2POW128));
}

#endif
