/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Kernel of the claim reduction's K table (zkp_builder.c, red_table). */
#ifndef ZP_ZKML_ZKP_RED_H
#define ZP_ZKML_ZKP_RED_H

#include <stddef.h>

#include "zkprov/field.h"

/* One claim's share of a chunk of one row of K: w b[col] for col in
 * [lo, hi) (w = c_i A_i[row], b = B_i, indexed by the absolute column). */
typedef struct {
    zp_fe2 w;
    const zp_fe2 *b;
    size_t lo, hi;
} zp_red_term;

/* Columns per chunk (at most). */
#define ZP_RED_CHUNK 128

/** out[col - j0] = sum over the terms t with t.lo <= col < t.hi of
 *  t.w t.b[col], for j0 <= col < j1 (0 where no term covers col);
 *  j1 - j0 <= ZP_RED_CHUNK, j0 <= t.lo <= t.hi <= j1.  Exact field sums:
 *  every backend gives the same values. */
typedef void (*zp_red_chunk_fn)(zp_fe2 *out, size_t j0, size_t j1, const zp_red_term *t,
                                size_t nt);

void zp_red_chunk_portable(zp_fe2 *out, size_t j0, size_t j1, const zp_red_term *t, size_t nt);
#if !defined(ZP_NO_AVX512) && ZP_FIELD_P == 0xFFFFFFFF00000001ULL /* Goldilocks kernels */
void zp_red_chunk_avx512(zp_fe2 *out, size_t j0, size_t j1, const zp_red_term *t, size_t nt);
#endif

/** The kernel for this CPU (AVX-512 where present, else portable;
 *  ZP_FORCE_BACKEND=portable pins the portable one). */
zp_red_chunk_fn zp_red_chunk_best(void);

/** The AVX-512 kernel, or NULL where it is compiled out or this CPU lacks
 *  it (for tests that compare backends). */
zp_red_chunk_fn zp_red_chunk_avx512_fn(void);

#endif
