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

/** Wipes the first `bytes` bytes of p (zp_memzero: every byte the caller
 *  may have written, which is at most what it asked zp_big_alloc for) and
 *  frees it, or keeps it for a later zp_big_alloc.  p NULL: nothing.
 *  Thread-safe. */
void zp_big_free(void *p, size_t bytes);

#endif
