/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Run-time choice of the field vector backend (portable or AVX-512). */
#include <stdatomic.h>
#include <string.h>

#include "common/cpu.h"
#include "field/batch.h"

static const zp_field_backend_t backend_portable = {
    "portable",
    zp_fe_add_batch_portable,
    zp_fe_sub_batch_portable,
    zp_fe_mul_batch_portable,
    zp_fe_scale_batch_portable,
    zp_fe_axpy_batch_portable,
    zp_fe_dot_portable,
    zp_fe2_mul_batch_portable,
    zp_fe_batch_inv_portable,
    zp_fe2_batch_inv_portable,
};

#ifndef ZP_NO_AVX512
static const zp_field_backend_t backend_avx512 = {
    "avx512",
    zp_fe_add_batch_avx512,
    zp_fe_sub_batch_avx512,
    zp_fe_mul_batch_avx512,
    zp_fe_scale_batch_avx512,
    zp_fe_axpy_batch_avx512,
    zp_fe_dot_avx512,
    zp_fe2_mul_batch_avx512,
    zp_fe_batch_inv_avx512,
    zp_fe2_batch_inv_avx512,
};
#endif

/* zp_cpu_features() already applies ZP_FORCE_BACKEND=portable and the
 * compile-time ZP_NO_AVX512 mask. */
static const zp_field_backend_t *select_backend(void) {
#ifndef ZP_NO_AVX512
    if (zp_cpu_features() & ZP_CPU_AVX512F) return &backend_avx512;
#endif
    return &backend_portable;
}

static _Atomic(const zp_field_backend_t *) cached_backend = NULL;

const zp_field_backend_t *zp_field_backend_get(void) {
    const zp_field_backend_t *b =
        atomic_load_explicit(&cached_backend, memory_order_acquire);
    if (b == NULL) {
        /* Every thread computes the same answer, so a race is harmless. */
        b = select_backend();
        atomic_store_explicit(&cached_backend, b, memory_order_release);
    }
    return b;
}

const zp_field_backend_t *zp_field_backend_by_name(const char *name) {
    if (name == NULL) return NULL;
    if (strcmp(name, "portable") == 0) return &backend_portable;
#ifndef ZP_NO_AVX512
    /* Probe the CPU itself: ZP_FORCE_BACKEND only pins the default. */
    if (strcmp(name, "avx512") == 0) {
#if defined(__GNUC__)
        __builtin_cpu_init();
        if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
            __builtin_cpu_supports("avx512vl"))
            return &backend_avx512;
#endif
        return NULL;
    }
#endif
    return NULL;
}

const char *zp_field_backend(void) { return zp_field_backend_get()->name; }

void zp_fe_add_batch(zp_fe *out, const zp_fe *a, const zp_fe *b, size_t n) {
    zp_field_backend_get()->add(out, a, b, n);
}
void zp_fe_sub_batch(zp_fe *out, const zp_fe *a, const zp_fe *b, size_t n) {
    zp_field_backend_get()->sub(out, a, b, n);
}
void zp_fe_mul_batch(zp_fe *out, const zp_fe *a, const zp_fe *b, size_t n) {
    zp_field_backend_get()->mul(out, a, b, n);
}
void zp_fe_scale_batch(zp_fe *out, const zp_fe *a, zp_fe s, size_t n) {
    zp_field_backend_get()->scale(out, a, s, n);
}
void zp_fe_axpy_batch(zp_fe *acc, const zp_fe *a, zp_fe s, size_t n) {
    zp_field_backend_get()->axpy(acc, a, s, n);
}
zp_fe zp_fe_dot(const zp_fe *a, const zp_fe *b, size_t n) {
    return zp_field_backend_get()->dot(a, b, n);
}
void zp_fe2_mul_batch(zp_fe2 *out, const zp_fe2 *a, const zp_fe2 *b, size_t n) {
    zp_field_backend_get()->mul2(out, a, b, n);
}
void zp_fe_batch_inv(zp_fe *out, const zp_fe *in, size_t n, zp_fe *scratch) {
    zp_field_backend_get()->inv(out, in, n, scratch);
}
void zp_fe2_batch_inv(zp_fe2 *out, const zp_fe2 *in, size_t n, zp_fe2 *scratch) {
    zp_field_backend_get()->inv2(out, in, n, scratch);
}
