/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Big prover buffers (tens of MiB) kept for reuse after they are wiped. */
#ifndef ZP_COMMON_BIGMEM_H
#define ZP_COMMON_BIGMEM_H

#include <stddef.h>

/* Buffers of at least this many bytes are 2 MiB aligned, asked to use
 * transparent huge pages, and kept for reuse when freed. */
#define ZP_BIG_MIN ((size_t)1 << 24)
/* Most bytes the free list keeps (beyond, a freed buffer is released). */
#define ZP_BIG_KEEP_MAX ((size_t)1 << 30)
/* Most buffers the free list keeps. */
#define ZP_BIG_SLOTS 8

/** A buffer of `bytes` bytes (64-byte aligned; 2 MiB aligned from
 *  ZP_BIG_MIN), contents unspecified: a fresh one, or the smallest kept
 *  one that is large enough.  NULL when out of memory.  Thread-safe. */
void *zp_big_alloc(size_t bytes);

/** zp_big_alloc, all bytes zero. */
void *zp_big_calloc(size_t bytes);

/** Frees p, a buffer of zp_big_alloc / zp_big_calloc of `bytes` bytes
 *  (the size asked for; the caller wrote no byte beyond), or keeps it for
 *  a later request, after a wipe (zp_memzero) of every byte it may hold
 *  that is not zero.  p NULL: nothing.  Thread-safe. */
void zp_big_free(void *p, size_t bytes);

/** zp_big_free without the wipe, for a buffer of public data only (kept
 *  with its contents; a later zp_big_calloc clears them, a later
 *  zp_big_free wipes them). */
void zp_big_free_public(void *p, size_t bytes);

#endif
