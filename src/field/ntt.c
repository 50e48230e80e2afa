/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Number-theoretic transform over Goldilocks: twiddle tables, driver,
 * portable reference kernels, bit reversal and the coset LDE. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "common/cpu.h"
#include "field/gl.h"
#include "field/ntt_internal.h"

/*
 * References: Cooley and Tukey (1965) for the decimation used forward;
 * Gentleman and Sande (1966) for the inverse; the block-constant twiddle
 * ordering is the one of the CRYSTALS-Kyber/Dilithium reference NTTs
 * (zetas in bit-reversed order), here for the cyclic transform; the cache
 * blocking follows the recursive ("cache-oblivious") FFT of Frigo et al.,
 * "Cache-oblivious algorithms" (FOCS 1999), cut at an L2-sized block.
 * The 2-adic roots are 7^((p-1)/2^k): 7 generates F_p^* (field.h).
 */

/* Blocks of 2^ZP_NTT_LOG_BLOCK elements (256 KiB) are transformed
 * depth-first inside the L2 cache; larger levels are radix-8 passes. */
#define ZP_NTT_LOG_BLOCK 15
/* Smallest transform that opens an OpenMP region. */
#define ZP_NTT_PAR_MIN ((size_t)1 << 16)

/* ------------------------------------------------------------------ */
/* Roots of unity and twiddle tables                                   */
/* ------------------------------------------------------------------ */

static zp_fe ntt_pow(zp_fe a, uint64_t e) {
    zp_fe r = 1;
    while (e) {
        if (e & 1) r = gl_mul(r, a);
        a = gl_mul(a, a);
        e >>= 1;
    }
    return r;
}

/* Primitive 2^k-th root of unity, k <= 32. */
static zp_fe ntt_root(unsigned k) {
    return ntt_pow(ZP_FIELD_GENERATOR, (GL_P - 1) >> k);
}

static pthread_mutex_t tw_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic(zp_fe *) tw_fwd = NULL;
static _Atomic(zp_fe *) tw_inv = NULL;
static _Atomic unsigned tw_log = 0; /* tables cover 2^tw_log points */
/* Older, smaller tables: kept so that concurrent readers stay valid
 * (the log only grows, so there are at most ZP_NTT_MAX_LOG of them). */
static zp_fe *tw_retired[2 * (ZP_NTT_MAX_LOG + 1)];
static unsigned tw_n_retired = 0;

/* Fills t[from, to) given t[0, from): t[2^s + i] = t[i] * w_{2^(s+2)}
 * (inverse roots for the inverse table). */
static void tw_extend(zp_fe *t, size_t from, size_t to, int inverse) {
    if (from == 0) { t[0] = 1; from = 1; }
    for (size_t half = from; half < to; half <<= 1) {
        unsigned s = 0;
        while (((size_t)1 << s) < half) s++;
        zp_fe w = ntt_root(s + 2);
        if (inverse) w = ntt_pow(w, ((uint64_t)1 << (s + 2)) - 1);
        size_t cnt = half;
        #pragma omp parallel for schedule(static) if (cnt >= ZP_NTT_PAR_MIN)
        for (size_t i = 0; i < cnt; i++) t[half + i] = gl_mul(t[i], w);
    }
}

zp_err zp_ntt_twiddles(unsigned log_n, const zp_fe **fwd, const zp_fe **inv) {
    if (log_n > ZP_NTT_MAX_LOG) return ZP_ERR_ARG;
    if (atomic_load_explicit(&tw_log, memory_order_acquire) < log_n ||
        atomic_load_explicit(&tw_fwd, memory_order_acquire) == NULL) {
        pthread_mutex_lock(&tw_lock);
        unsigned have = atomic_load_explicit(&tw_log, memory_order_relaxed);
        zp_fe *of = atomic_load_explicit(&tw_fwd, memory_order_relaxed);
        zp_fe *oi = atomic_load_explicit(&tw_inv, memory_order_relaxed);
        if (of == NULL || have < log_n) {
            /* Grow at least to 2^12 points and at least doubling. */
            unsigned want = log_n < 12 ? 12 : log_n;
            if (of != NULL && want < have + 1) want = have + 1;
            if (want > ZP_NTT_MAX_LOG) want = ZP_NTT_MAX_LOG;
            size_t cnt = (size_t)1 << (want - 1);
            size_t old = of ? ((size_t)1 << (have - 1)) : 0;
            size_t bytes = cnt * sizeof(zp_fe);
            zp_fe *nf = aligned_alloc(64, bytes);
            zp_fe *ni = aligned_alloc(64, bytes);
            if (nf == NULL || ni == NULL) {
                free(nf);
                free(ni);
                pthread_mutex_unlock(&tw_lock);
                return ZP_ERR_NOMEM;
            }
            if (old) {
                memcpy(nf, of, old * sizeof(zp_fe));
                memcpy(ni, oi, old * sizeof(zp_fe));
            }
            tw_extend(nf, old, cnt, 0);
            tw_extend(ni, old, cnt, 1);
            atomic_store_explicit(&tw_fwd, nf, memory_order_release);
            atomic_store_explicit(&tw_inv, ni, memory_order_release);
            atomic_store_explicit(&tw_log, want, memory_order_release);
            if (of) {
                tw_retired[tw_n_retired++] = of;
                tw_retired[tw_n_retired++] = oi;
            }
        }
        pthread_mutex_unlock(&tw_lock);
    }
    /* Pointers are published before the log: any table seen now is at
     * least as large as the log read above promised. */
    *fwd = atomic_load_explicit(&tw_fwd, memory_order_acquire);
    *inv = atomic_load_explicit(&tw_inv, memory_order_acquire);
    return ZP_OK;
}

/* Powers of the generator (the PCS coset shift): grown like the twiddle
 * tables, older tables retired, never freed while the process runs. */
static pthread_mutex_t pw_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic(zp_fe *) pw_tab = NULL;
static _Atomic size_t pw_len = 0;
static zp_fe *pw_retired[ZP_NTT_POW_MAX_LOG + 1];
static unsigned pw_n_retired = 0;

const zp_fe *zp_ntt_gen_powers(size_t n) {
    if (n > ((size_t)1 << ZP_NTT_POW_MAX_LOG)) return NULL;
    if (atomic_load_explicit(&pw_len, memory_order_acquire) >= n &&
        atomic_load_explicit(&pw_tab, memory_order_acquire) != NULL)
        return atomic_load_explicit(&pw_tab, memory_order_acquire);
    pthread_mutex_lock(&pw_lock);
    size_t have = atomic_load_explicit(&pw_len, memory_order_relaxed);
    zp_fe *old = atomic_load_explicit(&pw_tab, memory_order_relaxed);
    if (old == NULL || have < n) {
        /* at least 2^14 entries and at least doubling, powers of two */
        size_t want = (size_t)1 << 14;
        while (want < n || want <= have) want <<= 1;
        if (want > ((size_t)1 << ZP_NTT_POW_MAX_LOG)) want = (size_t)1 << ZP_NTT_POW_MAX_LOG;
        zp_fe *t = aligned_alloc(64, want * sizeof(zp_fe));
        if (t == NULL || pw_n_retired >= ZP_NTT_POW_MAX_LOG + 1) {
            free(t);
            pthread_mutex_unlock(&pw_lock);
            return NULL;
        }
        size_t from = 0;
        if (old) {
            memcpy(t, old, have * sizeof(zp_fe));
            from = have;
        } else {
            t[0] = 1;
            from = 1;
        }
        for (size_t i = from; i < want; i++) t[i] = gl_mul(t[i - 1], ZP_FIELD_GENERATOR);
        atomic_store_explicit(&pw_tab, t, memory_order_release);
        atomic_store_explicit(&pw_len, want, memory_order_release);
        if (old) pw_retired[pw_n_retired++] = old;
    }
    zp_fe *r = atomic_load_explicit(&pw_tab, memory_order_acquire);
    pthread_mutex_unlock(&pw_lock);
    return r;
}

/* ------------------------------------------------------------------ */
/* Portable kernels (the reference)                                    */
/* ------------------------------------------------------------------ */

#define PORT_LEAF 10 /* 8 KiB blocks: iterative radix-2 in L1 */

void zp_ntt_fwd_levels_portable(zp_fe *a, unsigned lm, size_t b, unsigned r,
                                size_t j0, size_t j1, const zp_fe *tw) {
    size_t q = (size_t)1 << (lm - r);
    unsigned nt = 1u << r;
    zp_fe c[8]; /* c[(1 << l) - 1 + u] = twiddle of sub-block u at level l */
    for (unsigned l = 0; l < r; l++)
        for (unsigned u = 0; u < (1u << l); u++) c[(1u << l) - 1 + u] = tw[(b << l) + u];
    for (size_t j = j0; j < j1; j++) {
        zp_fe x[8];
        for (unsigned t = 0; t < nt; t++) x[t] = a[j + t * q];
        for (unsigned l = 0; l < r; l++) {
            unsigned half = nt >> (l + 1);
            for (unsigned u = 0; u < (1u << l); u++) {
                zp_fe w = c[(1u << l) - 1 + u];
                for (unsigned k = 0; k < half; k++) {
                    unsigned i0 = u * 2 * half + k, i1 = i0 + half;
                    zp_fe t = gl_mul(x[i1], w);
                    x[i1] = gl_sub(x[i0], t);
                    x[i0] = gl_add(x[i0], t);
                }
            }
        }
        for (unsigned t = 0; t < nt; t++) a[j + t * q] = x[t];
    }
}

void zp_ntt_lde_levels_portable(zp_fe *a, unsigned lm, size_t b, unsigned r, size_t j0,
                                size_t j1, const zp_fe *tw, const zp_fe *c, const zp_fe *T,
                                size_t nc) {
    /* the positions j + t q (t < 2^r) belong to j alone: fill them with the
     * block's starting values, then run the levels on them */
    size_t q = (size_t)1 << (lm - r);
    for (size_t j = j0; j < j1; j++)
        for (size_t t = 0; t < ((size_t)1 << r); t++) {
            size_t i = j + t * q;
            a[i] = i < nc ? gl_mul(c[i], T[i]) : 0;
        }
    zp_ntt_fwd_levels_portable(a, lm, b, r, j0, j1, tw);
}

void zp_ntt_inv_levels_portable(zp_fe *a, unsigned lm, size_t b, unsigned r,
                                size_t j0, size_t j1, const zp_fe *tw) {
    size_t q = (size_t)1 << (lm - r);
    unsigned nt = 1u << r;
    zp_fe c[8];
    for (unsigned l = 0; l < r; l++)
        for (unsigned u = 0; u < (1u << l); u++) c[(1u << l) - 1 + u] = tw[(b << l) + u];
    for (size_t j = j0; j < j1; j++) {
        zp_fe x[8];
        for (unsigned t = 0; t < nt; t++) x[t] = a[j + t * q];
        for (unsigned l = r; l-- > 0;) {
            unsigned half = nt >> (l + 1);
            for (unsigned u = 0; u < (1u << l); u++) {
                zp_fe w = c[(1u << l) - 1 + u];
                for (unsigned k = 0; k < half; k++) {
                    unsigned i0 = u * 2 * half + k, i1 = i0 + half;
                    zp_fe s = gl_add(x[i0], x[i1]);
                    x[i1] = gl_mul(gl_sub(x[i0], x[i1]), w);
                    x[i0] = s;
                }
            }
        }
        for (unsigned t = 0; t < nt; t++) a[j + t * q] = x[t];
    }
}

void zp_ntt_fwd_block_portable(zp_fe *a, unsigned lm, size_t b, const zp_fe *tw) {
    if (lm > PORT_LEAF) {
        unsigned r = lm - PORT_LEAF < 3 ? lm - PORT_LEAF : 3;
        size_t q = (size_t)1 << (lm - r);
        zp_ntt_fwd_levels_portable(a, lm, b, r, 0, q, tw);
        for (size_t u = 0; u < ((size_t)1 << r); u++)
            zp_ntt_fwd_block_portable(a + u * q, lm - r, (b << r) + u, tw);
        return;
    }
    size_t m = (size_t)1 << lm;
    for (unsigned l = 0; l < lm; l++) {
        size_t len = m >> (l + 1);
        for (size_t u = 0; u < ((size_t)1 << l); u++) {
            zp_fe w = tw[(b << l) + u];
            zp_fe *x = a + 2 * u * len, *y = x + len;
            for (size_t j = 0; j < len; j++) {
                zp_fe t = gl_mul(y[j], w);
                y[j] = gl_sub(x[j], t);
                x[j] = gl_add(x[j], t);
            }
        }
    }
}

void zp_ntt_inv_block_portable(zp_fe *a, unsigned lm, size_t b, const zp_fe *tw) {
    if (lm > PORT_LEAF) {
        unsigned r = lm - PORT_LEAF < 3 ? lm - PORT_LEAF : 3;
        size_t q = (size_t)1 << (lm - r);
        for (size_t u = 0; u < ((size_t)1 << r); u++)
            zp_ntt_inv_block_portable(a + u * q, lm - r, (b << r) + u, tw);
        zp_ntt_inv_levels_portable(a, lm, b, r, 0, q, tw);
        return;
    }
    size_t m = (size_t)1 << lm;
    for (unsigned l = lm; l-- > 0;) {
        size_t len = m >> (l + 1);
        for (size_t u = 0; u < ((size_t)1 << l); u++) {
            zp_fe w = tw[(b << l) + u];
            zp_fe *x = a + 2 * u * len, *y = x + len;
            for (size_t j = 0; j < len; j++) {
                zp_fe s = gl_add(x[j], y[j]);
                y[j] = gl_mul(gl_sub(x[j], y[j]), w);
                x[j] = s;
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* Bit reversal (optionally times a scalar)                            */
/* ------------------------------------------------------------------ */

static uint32_t rev32(uint32_t v) {
    v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
    v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
    v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
    v = ((v >> 8) & 0x00FF00FFu) | ((v & 0x00FF00FFu) << 8);
    return (v >> 16) | (v << 16);
}
static size_t revk(size_t v, unsigned k) {
    return k == 0 ? 0 : (size_t)(rev32((uint32_t)v) >> (32 - k));
}

static const uint8_t rev3[8] = {0, 4, 2, 6, 1, 5, 3, 7};

/* a[i] <-> a[rev_L(i)], each element multiplied by s (s = 1: plain). */
static void bitrev_scale(zp_fe *a, unsigned L, zp_fe s, int backend) {
    size_t n = (size_t)1 << L;
    int scale = s != 1;
    if (L < 6) {
        for (size_t i = 0; i < n; i++) {
            size_t j = revk(i, L);
            if (i < j) { zp_fe t = a[i]; a[i] = a[j]; a[j] = t; }
        }
        if (scale)
            for (size_t i = 0; i < n; i++) a[i] = gl_mul(a[i], s);
        return;
    }
    /* i = h 2^(L-3) + m 8 + l (h, l < 8): rev(i) = rev3(l) 2^(L-3) +
     * rev(m) 8 + rev3(h).  Tiles m and rev(m) swap as 8x8 transposes:
     * each row is one 64-byte line (after Carter and Gatlin, "Towards an
     * optimal bit-reversal permutation program", FOCS 1998). */
    unsigned km = L - 6;
    size_t nm = (size_t)1 << km, rs = (size_t)1 << (L - 3);
#ifndef ZP_NO_AVX512
    if (backend == ZP_NTT_AVX512 && (zp_cpu_features() & ZP_CPU_AVX512F)) {
        size_t ch = nm < 256 ? nm : 256;
        size_t nch = nm / ch;
        #pragma omp parallel for schedule(static) if (n >= ZP_NTT_PAR_MIN)
        for (size_t k = 0; k < nch; k++) zp_ntt_bitrev_tiles_avx512(a, L, k * ch, (k + 1) * ch, s);
        return;
    }
#else
    (void)backend;
#endif
    #pragma omp parallel for schedule(static) if (n >= ZP_NTT_PAR_MIN)
    for (size_t m = 0; m < nm; m++) {
        size_t mr = revk(m, km);
        if (mr < m) continue;
        zp_fe A[64], B[64];
        zp_fe *pa = a + m * 8, *pb = a + mr * 8;
        for (unsigned h = 0; h < 8; h++) {
            memcpy(A + 8 * h, pa + h * rs, 64);
            memcpy(B + 8 * h, pb + h * rs, 64);
        }
        /* tile m' receives T'[rev3(l)][rev3(h)] = A[h][l] */
        for (unsigned r = 0; r < 8; r++) {
            zp_fe ra[8], rb[8];
            for (unsigned c = 0; c < 8; c++) {
                ra[c] = A[8 * rev3[c] + rev3[r]];
                rb[c] = B[8 * rev3[c] + rev3[r]];
            }
            if (scale)
                for (unsigned c = 0; c < 8; c++) {
                    ra[c] = gl_mul(ra[c], s);
                    rb[c] = gl_mul(rb[c], s);
                }
            memcpy(pb + r * rs, ra, 64);
            memcpy(pa + r * rs, rb, 64);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Driver                                                              */
/* ------------------------------------------------------------------ */

typedef struct {
    void (*fwd_levels)(zp_fe *, unsigned, size_t, unsigned, size_t, size_t, const zp_fe *);
    void (*inv_levels)(zp_fe *, unsigned, size_t, unsigned, size_t, size_t, const zp_fe *);
    void (*fwd_block)(zp_fe *, unsigned, size_t, const zp_fe *);
    void (*inv_block)(zp_fe *, unsigned, size_t, const zp_fe *);
    void (*lde_levels)(zp_fe *, unsigned, size_t, unsigned, size_t, size_t, const zp_fe *,
                       const zp_fe *, const zp_fe *, size_t);
} ntt_kernels;

static const ntt_kernels k_portable = {
    zp_ntt_fwd_levels_portable, zp_ntt_inv_levels_portable,
    zp_ntt_fwd_block_portable, zp_ntt_inv_block_portable, zp_ntt_lde_levels_portable};
#ifndef ZP_NO_AVX512
static const ntt_kernels k_avx512 = {
    zp_ntt_fwd_levels_avx512, zp_ntt_inv_levels_avx512,
    zp_ntt_fwd_block_avx512, zp_ntt_inv_block_avx512, zp_ntt_lde_levels_avx512};
#endif

int zp_ntt_default_backend(void) {
#ifndef ZP_NO_AVX512
    if (zp_cpu_features() & ZP_CPU_AVX512F) return ZP_NTT_AVX512;
#endif
    return ZP_NTT_PORTABLE;
}

static const ntt_kernels *pick(int backend) {
#ifndef ZP_NO_AVX512
    if (backend == ZP_NTT_AVX512 && (zp_cpu_features() & ZP_CPU_AVX512F)) return &k_avx512;
#else
    (void)backend;
#endif
    return &k_portable;
}

/* Number of levels the next breadth-first pass does on blocks of 2^lm. */
static unsigned pass_levels(unsigned lm) {
    unsigned d = lm - ZP_NTT_LOG_BLOCK;
    return d < 3 ? d : 3;
}

/* One pass of r levels on all nb blocks of size 2^lm, split in chunks of
 * j so that threads share the work (the result does not depend on it). */
static void run_pass(const ntt_kernels *k, int inverse, zp_fe *a, unsigned lm,
                     size_t nb, unsigned r, const zp_fe *tw) {
    size_t q = (size_t)1 << (lm - r);
    size_t ch = q < 4096 ? q : 4096;
    size_t cpb = q / ch, total = nb * cpb;
    #pragma omp parallel for schedule(static)
    for (size_t c = 0; c < total; c++) {
        size_t blk = c / cpb, j0 = (c % cpb) * ch;
        zp_fe *blk_a = a + (blk << lm);
        if (inverse) k->inv_levels(blk_a, lm, blk, r, j0, j0 + ch, tw);
        else k->fwd_levels(blk_a, lm, blk, r, j0, j0 + ch, tw);
    }
}

/* Forward levels r0..L-1 of a 2^L array (blocks of level r0 are already
 * formed): natural order within each block -> bit-reversed. */
static void fwd_run(const ntt_kernels *k, zp_fe *a, unsigned L, unsigned r0,
                    const zp_fe *tw) {
    unsigned lm = L - r0;
    size_t nb = (size_t)1 << r0;
    while (lm > ZP_NTT_LOG_BLOCK) {
        unsigned r = pass_levels(lm);
        run_pass(k, 0, a, lm, nb, r, tw);
        nb <<= r;
        lm -= r;
    }
    size_t n = (size_t)1 << L;
    #pragma omp parallel for schedule(static) if (n >= ZP_NTT_PAR_MIN)
    for (size_t blk = 0; blk < nb; blk++) k->fwd_block(a + (blk << lm), lm, blk, tw);
}

static void inv_run(const ntt_kernels *k, zp_fe *a, unsigned L, const zp_fe *tw) {
    unsigned lm = L, rs[ZP_NTT_MAX_LOG], np = 0;
    size_t nb = 1;
    while (lm > ZP_NTT_LOG_BLOCK) {
        rs[np] = pass_levels(lm);
        nb <<= rs[np];
        lm -= rs[np++];
    }
    size_t n = (size_t)1 << L;
    #pragma omp parallel for schedule(static) if (n >= ZP_NTT_PAR_MIN)
    for (size_t blk = 0; blk < nb; blk++) k->inv_block(a + (blk << lm), lm, blk, tw);
    while (np > 0) {
        unsigned r = rs[--np];
        nb >>= r;
        lm += r;
        run_pass(k, 1, a, lm, nb, r, tw);
    }
}

zp_err zp_ntt_forward_backend(zp_fe *a, unsigned log_n, int backend) {
    if (a == NULL || log_n > ZP_NTT_MAX_LOG) return ZP_ERR_ARG;
    if (log_n == 0) return ZP_OK;
    const zp_fe *tf, *ti;
    zp_err e = zp_ntt_twiddles(log_n, &tf, &ti);
    if (e != ZP_OK) {
        memset(a, 0, sizeof(zp_fe) << log_n);
        return e;
    }
    fwd_run(pick(backend), a, log_n, 0, tf);
    bitrev_scale(a, log_n, 1, backend);
    return ZP_OK;
}

zp_err zp_ntt_inverse_backend(zp_fe *a, unsigned log_n, int backend) {
    if (a == NULL || log_n > ZP_NTT_MAX_LOG) return ZP_ERR_ARG;
    if (log_n == 0) return ZP_OK;
    const zp_fe *tf, *ti;
    zp_err e = zp_ntt_twiddles(log_n, &tf, &ti);
    if (e != ZP_OK) {
        memset(a, 0, sizeof(zp_fe) << log_n);
        return e;
    }
    /* 1/2^L = p - (p - 1)/2^L */
    zp_fe n_inv = GL_P - ((GL_P - 1) >> log_n);
    bitrev_scale(a, log_n, n_inv, backend);
    inv_run(pick(backend), a, log_n, ti);
    return ZP_OK;
}

/* Level r0 of the coset LDE, r0 < L: block 0 holds the nc scaled
 * coefficients (m / 2 < nc <= m = 2^(L - r0)), every block of level r0
 * starts as its zero-padded copy.  Level r0 pairs x[j] with y = x[j + h]
 * (h = m / 2) under the twiddle of the block; y is zero for j >= nc - h,
 * where the butterfly (x + w 0, x - w 0) = (x, x) is a copy.  So the
 * kernel runs on [0, jr) only (jr: nc - h rounded up to the kernel's
 * 8-word step, at most h; its zero y give the same copies) and the rest is
 * copied: the values are exactly those of the full level. */
static void lde_first_level(const ntt_kernels *k, zp_fe *a, unsigned L, unsigned r0,
                            size_t nc, const zp_fe *tw) {
    size_t n = (size_t)1 << L, m = n >> r0, h = m / 2, nb = (size_t)1 << r0;
    size_t jr = (nc - h + 7) & ~(size_t)7;
    if (jr > h) jr = h;
    memset(a + nc, 0, (h + jr - nc) * sizeof(zp_fe));
    unsigned lm = L - r0;
    /* blocks 1.. first: they read block 0 before it changes */
    #pragma omp parallel for schedule(static) if (n >= ZP_NTT_PAR_MIN)
    for (size_t blk = 1; blk < nb; blk++) {
        zp_fe *b = a + blk * m;
        memcpy(b, a, jr * sizeof(zp_fe));
        memcpy(b + h, a + h, jr * sizeof(zp_fe));
        k->fwd_levels(b, lm, blk, 1, 0, jr, tw);
        memcpy(b + jr, a + jr, (h - jr) * sizeof(zp_fe));
        memcpy(b + h + jr, a + jr, (h - jr) * sizeof(zp_fe));
    }
    const size_t ch = 4096;
    size_t nch = (jr + ch - 1) / ch;
    #pragma omp parallel for schedule(static) if (n >= ZP_NTT_PAR_MIN)
    for (size_t c = 0; c < nch; c++) {
        size_t j0 = c * ch, j1 = j0 + ch < jr ? j0 + ch : jr;
        k->fwd_levels(a, lm, 0, 1, j0, j1, tw);
    }
    memcpy(a + h + jr, a + jr, (h - jr) * sizeof(zp_fe));
}

/* out[j] = c[j] * shift^j for j < nc (each chunk restarts from shift^j0
 * so the result does not depend on the thread count; the AVX-512 kernel
 * gives the same canonical products, 8 lanes at a time). */
static void scale_powers(zp_fe *out, const zp_fe *c, size_t nc, zp_fe shift, int backend) {
    const size_t ch = 4096;
    size_t nch = (nc + ch - 1) / ch;
    zp_fe s4 = ntt_pow(shift, 4);
#ifndef ZP_NO_AVX512
    int vec = backend == ZP_NTT_AVX512 && (zp_cpu_features() & ZP_CPU_AVX512F);
#else
    (void)backend;
#endif
    #pragma omp parallel for schedule(static) if (nc >= ZP_NTT_PAR_MIN)
    for (size_t k = 0; k < nch; k++) {
        size_t j0 = k * ch, j1 = j0 + ch < nc ? j0 + ch : nc;
#ifndef ZP_NO_AVX512
        if (vec) {
            zp_ntt_scale_powers_avx512(out + j0, c + j0, j1 - j0, ntt_pow(shift, j0), shift);
            continue;
        }
#endif
        zp_fe p[4];
        p[0] = ntt_pow(shift, j0);
        for (unsigned t = 1; t < 4; t++) p[t] = gl_mul(p[t - 1], shift);
        size_t j = j0;
        for (; j + 4 <= j1; j += 4)
            for (unsigned t = 0; t < 4; t++) {
                out[j + t] = gl_mul(c[j + t], p[t]);
                p[t] = gl_mul(p[t], s4);
            }
        for (unsigned t = 0; j < j1; j++, t++) out[j] = gl_mul(c[j], p[t]);
    }
}

/* Coset LDE for the shift g = ZP_FIELD_GENERATOR with the table T[j] = g^j:
 * the 2^r0 blocks of level r0 all start as the padded products c[j] T[j]
 * (j < nc <= m = 2^(L - r0)); one pass per block reads c and T and writes
 * the first r levels of the block (lde_levels), then fwd_run goes on from
 * level r0 + r.  This replaces the separate scaling, the copies into the
 * blocks and the sparse level r0 by one pass, and the power chains by
 * table reads.  Every value is the one of the unfused transform (exact
 * field arithmetic, canonical outputs), whatever r is. */
static void lde_table(const ntt_kernels *k, zp_fe *out, unsigned L, unsigned r0,
                      const zp_fe *c, size_t nc, const zp_fe *T, const zp_fe *tw) {
    size_t n = (size_t)1 << L, nb = (size_t)1 << r0;
    unsigned lm = L - r0, r;
    if (lm > ZP_NTT_LOG_BLOCK) r = pass_levels(lm);
    else if (lm >= 7) r = (lm - 6) % 3 ? (lm - 6) % 3 : 3; /* as the block recursion */
    else r = lm < 3 ? lm : 3;
    size_t q = (size_t)1 << (lm - r);
    const size_t ch0 = 4096;
    size_t ch = q < ch0 ? q : ch0, cpb = q / ch, total = nb * cpb;
    #pragma omp parallel for schedule(static) if (n >= ZP_NTT_PAR_MIN)
    for (size_t t = 0; t < total; t++) {
        size_t blk = t / cpb, j0 = (t % cpb) * ch;
        k->lde_levels(out + (blk << lm), lm, blk, r, j0, j0 + ch, tw, c, T, nc);
    }
    fwd_run(k, out, L, r0 + r, tw);
}

zp_err zp_ntt_coset_lde_backend(zp_fe *out, unsigned log_n_out, const zp_fe *coeffs,
                                size_t n_coeffs, zp_fe shift, int backend) {
    if (out == NULL || log_n_out > ZP_NTT_MAX_LOG) return ZP_ERR_ARG;
    size_t n = (size_t)1 << log_n_out;
    if (n_coeffs > n || (coeffs == NULL && n_coeffs > 0)) {
        memset(out, 0, n * sizeof(zp_fe));
        return ZP_ERR_ARG;
    }
    const zp_fe *tf, *ti;
    zp_err e = zp_ntt_twiddles(log_n_out, &tf, &ti);
    if (e != ZP_OK) {
        memset(out, 0, n * sizeof(zp_fe));
        return e;
    }
    shift = gl_from_u64(shift);
    /* f has degree < m = 2^(L - r0): the top r0 levels see zero upper
     * halves, so they only copy; the 2^r0 blocks start as equal copies
     * of the zero-padded, shift-scaled coefficients. */
    unsigned r0 = 0;
    while (r0 < log_n_out && n_coeffs <= (n >> (r0 + 1))) r0++;
    size_t m = n >> r0;
    /* the table path needs out and coeffs apart (it reads coeffs while
     * writing out) */
    const zp_fe *T = NULL;
    if (shift == ZP_FIELD_GENERATOR && n_coeffs > 0 && r0 < log_n_out &&
        log_n_out <= ZP_NTT_POW_MAX_LOG &&
        ((uintptr_t)(out + n) <= (uintptr_t)coeffs ||
         (uintptr_t)(coeffs + n_coeffs) <= (uintptr_t)out))
        T = zp_ntt_gen_powers(n_coeffs);
    if (T != NULL) {
        lde_table(pick(backend), out, log_n_out, r0, coeffs, n_coeffs, T, tf);
        bitrev_scale(out, log_n_out, 1, backend);
        return ZP_OK;
    }
    scale_powers(out, coeffs, n_coeffs, shift, backend);
    size_t nb = (size_t)1 << r0;
    if (r0 == log_n_out || n_coeffs == 0) {
        memset(out + n_coeffs, 0, (m - n_coeffs) * sizeof(zp_fe));
        #pragma omp parallel for schedule(static) if (n >= ZP_NTT_PAR_MIN)
        for (size_t blk = 1; blk < nb; blk++) memcpy(out + blk * m, out, m * sizeof(zp_fe));
        fwd_run(pick(backend), out, log_n_out, r0, tf);
        bitrev_scale(out, log_n_out, 1, backend);
        return ZP_OK;
    }
    lde_first_level(pick(backend), out, log_n_out, r0, n_coeffs, tf);
    fwd_run(pick(backend), out, log_n_out, r0 + 1, tf);
    bitrev_scale(out, log_n_out, 1, backend);
    return ZP_OK;
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */
/* ------------------------------------------------------------------ */

zp_err zp_ntt_forward(zp_fe *a, unsigned log_n) {
    return zp_ntt_forward_backend(a, log_n, zp_ntt_default_backend());
}

zp_err zp_ntt_inverse(zp_fe *a, unsigned log_n) {
    return zp_ntt_inverse_backend(a, log_n, zp_ntt_default_backend());
}

zp_err zp_ntt_coset_lde(zp_fe *out, unsigned log_n_out, const zp_fe *coeffs,
                        size_t n_coeffs, zp_fe shift) {
    return zp_ntt_coset_lde_backend(out, log_n_out, coeffs, n_coeffs, shift,
                                    zp_ntt_default_backend());
}
