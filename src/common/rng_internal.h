/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Internal randomness helpers: many short position-addressed streams in one call. */
#ifndef ZP_COMMON_RNG_INTERNAL_H
#define ZP_COMMON_RNG_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "zkprov/common.h"

/* Largest len_each of zp_rng_stream_many: one ChaCha20 block. */
#define ZP_RNG_MANY_MAX 64

/* The first len_each bytes of the streams (domain, index0 + i) of rng,
 * i = 0 .. count - 1 (indices mod 2^64), stream i at out + i * stride:
 * the bytes zp_rng_stream(rng, domain, index0 + i, out + i * stride,
 * len_each) writes, 16 streams per kernel call where the CPU has AVX-512.
 * Returns ZP_ERR_ARG (writing nothing) unless len_each <= ZP_RNG_MANY_MAX
 * and, for count > 1, stride >= len_each; rng and out may be NULL only
 * if count or len_each is 0. */
zp_err zp_rng_stream_many(const zp_rng *rng, uint32_t domain, uint64_t index0, size_t count,
                          void *out, size_t stride, size_t len_each) ZP_WARN_UNUSED;

/* count successive zp_rng_bytes(rng, out + i * len_each, len_each) calls,
 * i = 0 .. count - 1, in one: the same bytes (streams rng->counter + i of
 * zp_rng_bytes' domain), 16 streams per kernel call where the CPU has
 * AVX-512; rng->counter advances by count.  For the many short draws of a
 * rejection sampler.  Returns ZP_ERR_ARG (writing nothing) unless len_each
 * <= ZP_RNG_MANY_MAX; rng and out may be NULL only if count is 0 (out
 * also if len_each is 0). */
zp_err zp_rng_bytes_many(zp_rng *rng, void *out, size_t count, size_t len_each) ZP_WARN_UNUSED;

#endif
