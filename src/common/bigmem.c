/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Big prover buffers kept for reuse: a small free list of wiped buffers. */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif
#if defined(__unix__) || defined(__APPLE__)
#include <unistd.h>
#endif
#ifdef _OPENMP
#include <omp.h>
#endif

#include "common/bigmem.h"
#include "zkprov/common.h"

/* Why: a prover commits to tens of MiB of encoded rows and frees them at
 * the end of the proof; the next proof asks for the same sizes again.  A
 * fresh buffer costs a page fault and a kernel page clear per page (and,
 * under a hypervisor that takes back freed guest pages, a host fault too:
 * measured at about 3 GB/s on the project's VM against 40 GB/s for a
 * memset of a resident buffer), so the prover keeps freed buffers, wiped,
 * for the next request of a similar size.
 *
 * Invariant: every kept buffer is zero beyond its `dirty` prefix, and the
 * prefix holds public data only.  Fresh memory is zero (mmap) or cleared
 * (elsewhere); zp_big_free wipes every byte its caller may have written
 * (the bytes it asked for, and the dirty prefix it was handed); only
 * zp_big_free_public leaves a (public) dirty prefix.  So zp_big_calloc
 * clears at most the dirty prefix, and a kept buffer holds no secret.
 *
 * What is kept (bigmem.h): at most ZP_BIG_SLOTS buffers and keep_limit()
 * bytes.  A freed buffer that does not fit pushes out the kept buffers
 * freed longest ago (least recently used), not itself: a process that
 * changes what it proves (the first step of a run commits to the base
 * model with buffers no later step asks for) then keeps what its current
 * work asks for, instead of unmapping and faulting in one of those
 * buffers on every proof (the 100-step run did, 24 MiB a step, before). */

#define BIG_ALIGN ((size_t)1 << 21)

typedef struct {
    void *p;
    size_t cap;    /* bytes mapped */
    size_t dirty;  /* bytes from the start that may be non-zero (public
                    * data of zp_big_free_public; 0: all zero) */
    uint64_t used; /* kept slots: when it was freed (larger: later) */
} big_slot;

/* Most big buffers handed out at once whose mapped size is remembered
 * (a kept buffer may be larger than the request it serves). */
#define BIG_LIVE 64

static big_slot slots[ZP_BIG_SLOTS]; /* kept (free) buffers          */
static big_slot live[BIG_LIVE];      /* handed-out buffers, by size   */
static size_t kept_bytes;            /* sum of the kept caps          */
static size_t live_bytes;            /* sum of the handed-out caps    */
static size_t peak_bytes;            /* most live_bytes since release */
static size_t phys_quarter;          /* memory / 4 (0: not read yet)  */
static uint64_t tick;                /* frees so far, for slots[].used */
static atomic_flag lock = ATOMIC_FLAG_INIT;

static void lock_take(void) {
    while (atomic_flag_test_and_set_explicit(&lock, memory_order_acquire)) {
    }
}
static void lock_give(void) { atomic_flag_clear_explicit(&lock, memory_order_release); }

static size_t round_cap(size_t bytes) { return (bytes + BIG_ALIGN - 1) & ~(BIG_ALIGN - 1); }

/* A quarter of the machine's memory (ZP_BIG_KEEP_MAX where unknown). */
static size_t read_phys_quarter(void) {
#if (defined(__unix__) || defined(__APPLE__)) && defined(_SC_PHYS_PAGES) && defined(_SC_PAGESIZE)
    long n = sysconf(_SC_PHYS_PAGES), ps = sysconf(_SC_PAGESIZE);
    if (n > 0 && ps > 0 && (size_t)n / 4 <= SIZE_MAX / (size_t)ps) return (size_t)n / 4 * (size_t)ps;
#endif
    return ZP_BIG_KEEP_MAX;
}

/* Most bytes the kept buffers may hold (under the lock):
 * max(ZP_BIG_KEEP_MAX, min(2 * peak, memory / 4)).  Why it adapts: the
 * kept set must cover a proof's big buffers, or every proof maps, faults
 * and clears the ones that do not fit; the 1024-1024-10 step at batch 256
 * hands out up to 2.5 GiB at once and frees 3 GiB of buffers per proof
 * (a buffer freed before a larger request cannot serve it, hence more
 * than the peak: the factor 2); under the former fixed 1 GiB each of
 * its proofs mapped 1.9 GiB afresh (1 830 page faults, the prover's CPU
 * time 5.0-6.6 s against 3.3-3.5 s with the buffers kept, one thread).
 * The bounds: kept bytes never exceed twice the most bytes the process
 * had in big buffers at once since the last zp_mem_release, nor a quarter
 * of memory (unless below ZP_BIG_KEEP_MAX, the floor). */
static size_t keep_limit(void) {
    if (!phys_quarter) phys_quarter = read_phys_quarter();
    size_t lim = peak_bytes > SIZE_MAX / 2 ? SIZE_MAX : 2 * peak_bytes;
    if (lim > phys_quarter) lim = phys_quarter;
    return lim > ZP_BIG_KEEP_MAX ? lim : ZP_BIG_KEEP_MAX;
}

/* A fresh zero buffer of cap bytes (a multiple of BIG_ALIGN), 2 MiB
 * aligned, asked to use transparent huge pages. */
static void *big_map(size_t cap) {
#if defined(__linux__) && defined(MAP_ANONYMOUS)
    size_t len = cap + BIG_ALIGN;
    uint8_t *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) return NULL;
    uintptr_t a = ((uintptr_t)m + BIG_ALIGN - 1) & ~(uintptr_t)(BIG_ALIGN - 1);
    size_t head = (size_t)(a - (uintptr_t)m), tail = len - head - cap;
    if (head) (void)munmap(m, head);
    if (tail) (void)munmap((uint8_t *)a + cap, tail);
#ifdef MADV_HUGEPAGE
    (void)madvise((void *)a, cap, MADV_HUGEPAGE);
#endif
    return (void *)a;
#else
    void *p = aligned_alloc(BIG_ALIGN, cap);
    if (p) memset(p, 0, cap);
    return p;
#endif
}

static void big_unmap(void *p, size_t cap) {
#if defined(__linux__) && defined(MAP_ANONYMOUS)
    (void)munmap(p, cap);
#else
    (void)cap;
    free(p);
#endif
}

/* Small buffers: ordinary heap, 64-byte aligned (cap rounded to 64). */
static void *small_alloc(size_t bytes) {
    size_t cap = (bytes + 63) & ~(size_t)63;
    return aligned_alloc(64, cap ? cap : 64);
}

/* A big wipe outside a parallel region is split between the threads, in
 * slices of BIG_WIPE_SLICE bytes: the prover frees its big buffers
 * (encoded rows, the layout's table, the lookup's tables: tens of MiB a
 * proof) between parallel phases, where one thread would wipe them while
 * the others wait. */
#define BIG_WIPE_SLICE ((size_t)1 << 21)
void zp_big_wipe(void *p, size_t n) {
    if (!p || !n) return;
#ifdef _OPENMP
    if (n >= 2 * BIG_WIPE_SLICE && !omp_in_parallel() && omp_get_max_threads() > 1) {
        const long long ns = (long long)((n + BIG_WIPE_SLICE - 1) / BIG_WIPE_SLICE);
#pragma omp parallel for schedule(static)
        for (long long i = 0; i < ns; i++) {
            const size_t o = (size_t)i * BIG_WIPE_SLICE;
            zp_memzero((uint8_t *)p + o, n - o < BIG_WIPE_SLICE ? n - o : BIG_WIPE_SLICE);
        }
        return;
    }
#endif
    zp_memzero(p, n);
}

/* A buffer of at least bytes (>= ZP_BIG_MIN) bytes, and its dirty prefix. */
static void *big_take(size_t bytes, size_t *dirty) {
    size_t cap = round_cap(bytes), dt = 0;
    *dirty = 0;
    if (cap < bytes) return NULL; /* overflow */
    void *p = NULL;
    lock_take();
    /* a live entry, reserved now (filled below, outside the lock) */
    size_t li = BIG_LIVE, best = ZP_BIG_SLOTS;
    for (size_t i = 0; i < BIG_LIVE && li == BIG_LIVE; i++)
        if (!live[i].p) li = i;
    if (li < BIG_LIVE) live[li].p = &live[li];
    for (size_t i = 0; i < ZP_BIG_SLOTS; i++)
        if (slots[i].p && slots[i].cap >= cap &&
            (best == ZP_BIG_SLOTS || slots[i].cap < slots[best].cap))
            best = i;
    /* a kept buffer more than twice the request stays for a larger one;
     * a larger one only where its size is remembered */
    if (best < ZP_BIG_SLOTS && slots[best].cap / 2 <= cap &&
        (slots[best].cap == cap || li < BIG_LIVE)) {
        p = slots[best].p;
        cap = slots[best].cap;
        dt = slots[best].dirty;
        kept_bytes -= cap;
        slots[best] = (big_slot){NULL, 0, 0, 0};
    }
    lock_give();
    if (!p) p = big_map(cap);
    lock_take();
    if (li < BIG_LIVE) {
        live[li].p = p; /* NULL (out of memory) frees the entry */
        live[li].cap = p ? cap : 0;
        live[li].dirty = p ? dt : 0;
    }
    if (p) {
        live_bytes += cap;
        if (live_bytes > peak_bytes) peak_bytes = live_bytes;
    }
    lock_give();
    /* a dirty buffer whose size is not remembered would lose its dirty
     * prefix: cleared here (not reached while the live table has room) */
    if (p && li == BIG_LIVE && dt) {
        memset(p, 0, dt);
        dt = 0;
    }
    *dirty = dt;
    return p;
}

void *zp_big_alloc(size_t bytes) {
    if (bytes < ZP_BIG_MIN) return small_alloc(bytes);
    size_t dirty;
    return big_take(bytes, &dirty);
}

void *zp_big_calloc(size_t bytes) {
    if (bytes < ZP_BIG_MIN) {
        void *p = small_alloc(bytes);
        if (p) zp_big_wipe(p, bytes);
        return p;
    }
    /* zero beyond the dirty prefix (see the invariant above) */
    size_t dirty;
    void *p = big_take(bytes, &dirty);
    if (p && dirty) zp_big_wipe(p, dirty);
    return p;
}

/* Keeps or unmaps p; wipe: wipe the written bytes, the first `written`
 * (all bytes after them are zero) and the dirty prefix it was handed
 * (else they are public and stay as the kept buffer's dirty prefix).
 * Keeping p may push out the kept buffers freed longest ago (unmapped
 * here, outside the lock). */
static void big_give(void *p, size_t bytes, size_t written, int wipe) {
    /* the mapped size and dirty prefix: remembered, else the request's
     * (a fresh map, or a cleared kept one) */
    size_t cap = round_cap(bytes), dirty = 0;
    lock_take();
    for (size_t i = 0; i < BIG_LIVE; i++)
        if (live[i].p == p) {
            cap = live[i].cap;
            dirty = live[i].dirty;
            live[i] = (big_slot){NULL, 0, 0, 0};
            break;
        }
    live_bytes -= cap < live_bytes ? cap : live_bytes;
    lock_give();
    if (written > dirty) dirty = written;
    if (wipe) {
        zp_big_wipe(p, dirty);
        dirty = 0;
    }
    big_slot out[ZP_BIG_SLOTS]; /* pushed out, unmapped below */
    size_t n_out = 0;
    int kept = 0;
    lock_take();
    size_t lim = keep_limit();
    if (cap <= lim) {
        for (;;) {
            size_t fr = ZP_BIG_SLOTS, old = ZP_BIG_SLOTS;
            for (size_t i = 0; i < ZP_BIG_SLOTS; i++) {
                if (!slots[i].p) {
                    if (fr == ZP_BIG_SLOTS) fr = i;
                } else if (old == ZP_BIG_SLOTS || slots[i].used < slots[old].used) {
                    old = i;
                }
            }
            if (fr < ZP_BIG_SLOTS && kept_bytes + cap <= lim) {
                slots[fr] = (big_slot){p, cap, dirty, ++tick};
                kept_bytes += cap;
                kept = 1;
                break;
            }
            if (old == ZP_BIG_SLOTS) break; /* nothing left to push out */
            out[n_out++] = slots[old];
            kept_bytes -= slots[old].cap;
            slots[old] = (big_slot){NULL, 0, 0, 0};
        }
    }
    lock_give();
    if (!kept) big_unmap(p, cap);
    for (size_t i = 0; i < n_out; i++) big_unmap(out[i].p, out[i].cap);
}

void zp_big_free(void *p, size_t bytes) {
    if (!p) return;
    if (bytes < ZP_BIG_MIN) {
        zp_big_wipe(p, bytes);
        free(p);
        return;
    }
    big_give(p, bytes, bytes, 1);
}

void zp_big_free_zero_tail(void *p, size_t bytes, size_t written) {
    if (!p) return;
    if (written > bytes) written = bytes;
    if (bytes < ZP_BIG_MIN) {
        zp_big_wipe(p, written);
        free(p);
        return;
    }
    big_give(p, bytes, written, 1);
}

void zp_big_free_public(void *p, size_t bytes) {
    if (!p) return;
    if (bytes < ZP_BIG_MIN) {
        free(p);
        return;
    }
    big_give(p, bytes, bytes, 0);
}

void zp_mem_release(void) {
    for (;;) {
        void *p = NULL;
        size_t cap = 0;
        lock_take();
        for (size_t i = 0; i < ZP_BIG_SLOTS && !p; i++)
            if (slots[i].p) {
                p = slots[i].p;
                cap = slots[i].cap;
                slots[i] = (big_slot){NULL, 0, 0, 0};
                kept_bytes -= cap;
            }
        /* the limit learns the working set again from what is in use */
        if (!p) peak_bytes = live_bytes;
        lock_give();
        if (!p) return;
        big_unmap(p, cap);
    }
}

void zp_big_stats_get(zp_big_stats *st) {
    if (!st) return;
    lock_take();
    size_t n = 0;
    for (size_t i = 0; i < ZP_BIG_SLOTS; i++) n += slots[i].p != NULL;
    st->kept_buffers = n;
    st->kept_bytes = kept_bytes;
    st->live_bytes = live_bytes;
    st->peak_bytes = peak_bytes;
    st->limit = keep_limit();
    lock_give();
}
