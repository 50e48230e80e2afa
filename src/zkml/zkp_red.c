/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * The claim reduction's K-table kernel: portable reference and dispatch. */
#include <string.h>

#include "common/cpu.h"
#include "field/gl.h"
#include "zkp_red.h"

/* Lazy sum of base products: hi 2^128 + lo, reduced once (2^128 = -2^32
 * mod p). */
typedef struct {
    unsigned __int128 lo;
    uint64_t hi;
} red_acc;
static inline void red_mac(red_acc *a, uint64_t x, uint64_t y) {
    const unsigned __int128 p = (unsigned __int128)x * y;
    a->lo += p;
    a->hi += (uint64_t)(a->lo < p);
}
static inline zp_fe red_reduce(const red_acc *a) {
    return gl_sub(gl_reduce128(a->lo), gl_mul(gl_from_u64(a->hi), (zp_fe)1 << 32));
}

/* Per column the terms' products summed lazily as
 * (w0 b0 + 7 w1 b1) + (w0 b1 + w1 b0) u, reduced once: exact. */
void zp_red_chunk_portable(zp_fe2 *out, size_t j0, size_t j1, const zp_red_term *t, size_t nt) {
    red_acc acc[2 * ZP_RED_CHUNK];
    memset(acc, 0, 2 * (j1 - j0) * sizeof(red_acc));
    for (size_t i = 0; i < nt; i++) {
        const zp_fe2 w = t[i].w, *b = t[i].b;
        const zp_fe w7 = gl_mul7(w.c1);
        for (size_t col = t[i].lo; col < t[i].hi; col++) {
            red_acc *x = acc + 2 * (col - j0);
            red_mac(&x[0], w.c0, b[col].c0);
            red_mac(&x[0], w7, b[col].c1);
            red_mac(&x[1], w.c0, b[col].c1);
            red_mac(&x[1], w.c1, b[col].c0);
        }
    }
    for (size_t col = j0; col < j1; col++) {
        const red_acc *x = acc + 2 * (col - j0);
        const zp_fe2 v = {red_reduce(&x[0]), red_reduce(&x[1])};
        out[col - j0] = v;
    }
}

zp_red_chunk_fn zp_red_chunk_avx512_fn(void) {
#if !defined(ZP_NO_AVX512) && ZP_FIELD_P == 0xFFFFFFFF00000001ULL /* Goldilocks kernels */
    const unsigned need = ZP_CPU_AVX512F | ZP_CPU_BMI2; /* pdep for the lane masks */
    if ((zp_cpu_features() & need) == need) return zp_red_chunk_avx512;
#endif
    return NULL;
}

zp_red_chunk_fn zp_red_chunk_best(void) {
    zp_red_chunk_fn f = zp_red_chunk_avx512_fn();
    return f ? f : zp_red_chunk_portable;
}
