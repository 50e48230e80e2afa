/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Big prover buffers (tens of MiB) kept for reuse after they are wiped. */
#ifndef ZP_COMMON_BIGMEM_H
#define ZP_COMMON_BIGMEM_H

#include <stddef.h>

/* Buffers of at least this many bytes are 2 MiB aligned, asked to use
 * transparent huge pages, and kept for reuse when freed. */
#define ZP_BIG_MIN ((size_t)1 << 24)
/* The floor of the free list's byte limit: it keeps at most
 * max(ZP_BIG_KEEP_MAX, min(2 * peak, memory / 4)) bytes, peak being the
 * most bytes of big buffers handed out at once since the last
 * zp_mem_release (bigmem.c, keep_limit).  Beyond, a freed buffer pushes
 * out the kept buffers freed longest ago. */
#define ZP_BIG_KEEP_MAX ((size_t)1 << 30)
/* Most buffers the free list keeps (the 1024-1024-10 step at batch 256
 * frees 9 per proof, a run's step 8; a process alternating such shapes
 * keeps each one's set). */
#define ZP_BIG_SLOTS 32

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

/** zp_big_free of a buffer whose bytes from `written` on (up to `bytes`)
 *  are all zero (the caller wrote nothing there, or zeros only): wipes
 *  the first `written` bytes and the dirty prefix it was handed, not the
 *  zero tail, which keeps the kept-buffer invariant (bigmem.c).  For a
 *  big table of which a prefix is used.  p NULL: nothing.  Thread-safe. */
void zp_big_free_zero_tail(void *p, size_t bytes, size_t written);

/** zp_big_free without the wipe, for a buffer of public data only (kept
 *  with its contents; a later zp_big_calloc clears them, a later
 *  zp_big_free wipes them). */
void zp_big_free_public(void *p, size_t bytes);

/** zp_memzero(p, bytes), split between the OpenMP threads (slices of 2
 *  MiB) when bytes >= 4 MiB and the caller is not in a parallel region:
 *  for wiping (or clearing) big buffers between the prover's parallel
 *  phases.  p NULL or bytes 0: nothing.  Thread-safe. */
void zp_big_wipe(void *p, size_t bytes);

/* What the free list holds now (for tests and diagnostics). */
typedef struct {
    size_t kept_buffers; /* buffers kept for reuse                   */
    size_t kept_bytes;   /* their mapped bytes                       */
    size_t live_bytes;   /* mapped bytes of the buffers handed out   */
    size_t peak_bytes;   /* most live_bytes since zp_mem_release     */
    size_t limit;        /* most kept_bytes now (bigmem.c keep_limit) */
} zp_big_stats;

/** Fills *st (not NULL) with the free list's state.  Thread-safe. */
void zp_big_stats_get(zp_big_stats *st);

#endif
