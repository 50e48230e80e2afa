/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Internal declarations of the field vector backends (portable, AVX-512). */
#ifndef ZP_FIELD_BATCH_H
#define ZP_FIELD_BATCH_H

#include <stddef.h>
#include "zkprov/field.h"

/* Every backend implements the same contract as the public zp_fe_*_batch
 * function of the same name (see include/zkprov/field.h) and returns results
 * bit-identical to the portable reference, for any 64-bit inputs of mul and
 * canonical inputs elsewhere.  out may alias an input. */
#define ZP_FIELD_BACKEND_DECL(sfx)                                              \
    void zp_fe_add_batch_##sfx(zp_fe *out, const zp_fe *a, const zp_fe *b,     \
                               size_t n);                                      \
    void zp_fe_sub_batch_##sfx(zp_fe *out, const zp_fe *a, const zp_fe *b,     \
                               size_t n);                                      \
    void zp_fe_mul_batch_##sfx(zp_fe *out, const zp_fe *a, const zp_fe *b,     \
                               size_t n);                                      \
    void zp_fe_scale_batch_##sfx(zp_fe *out, const zp_fe *a, zp_fe s,          \
                                 size_t n);                                    \
    void zp_fe_axpy_batch_##sfx(zp_fe *acc, const zp_fe *a, zp_fe s,           \
                                size_t n);                                     \
    zp_fe zp_fe_dot_##sfx(const zp_fe *a, const zp_fe *b, size_t n);           \
    void zp_fe2_mul_batch_##sfx(zp_fe2 *out, const zp_fe2 *a,                  \
                                const zp_fe2 *b, size_t n);                    \
    void zp_fe_batch_inv_##sfx(zp_fe *out, const zp_fe *in, size_t n,          \
                               zp_fe *scratch);                                \
    void zp_fe2_batch_inv_##sfx(zp_fe2 *out, const zp_fe2 *in, size_t n,       \
                                zp_fe2 *scratch);

ZP_FIELD_BACKEND_DECL(portable)
#ifndef ZP_NO_AVX512
ZP_FIELD_BACKEND_DECL(avx512)
#endif

/* Scalar inversion shared by the backends (a^(p-2), constant time). */
zp_fe zp_gl_inv(zp_fe a);

/* The backend pointers chosen at run time. */
typedef struct {
    const char *name;
    void (*add)(zp_fe *, const zp_fe *, const zp_fe *, size_t);
    void (*sub)(zp_fe *, const zp_fe *, const zp_fe *, size_t);
    void (*mul)(zp_fe *, const zp_fe *, const zp_fe *, size_t);
    void (*scale)(zp_fe *, const zp_fe *, zp_fe, size_t);
    void (*axpy)(zp_fe *, const zp_fe *, zp_fe, size_t);
    zp_fe (*dot)(const zp_fe *, const zp_fe *, size_t);
    void (*mul2)(zp_fe2 *, const zp_fe2 *, const zp_fe2 *, size_t);
    void (*inv)(zp_fe *, const zp_fe *, size_t, zp_fe *);
    void (*inv2)(zp_fe2 *, const zp_fe2 *, size_t, zp_fe2 *);
} zp_field_backend_t;

/* The backend in use (cached after the first call). */
const zp_field_backend_t *zp_field_backend_get(void);
/* A named backend ("portable", "avx512"), or NULL if it is compiled out or
 * this CPU lacks it.  For tests and benchmarks that compare backends. */
const zp_field_backend_t *zp_field_backend_by_name(const char *name);

#endif
