/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Portable field vector kernels: the reference every SIMD backend matches. */
#include "field/gl.h"
#include "field/batch.h"

void zp_fe_add_batch_portable(zp_fe *out, const zp_fe *a, const zp_fe *b, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = gl_add(a[i], b[i]);
}

void zp_fe_sub_batch_portable(zp_fe *out, const zp_fe *a, const zp_fe *b, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = gl_sub(a[i], b[i]);
}

void zp_fe_mul_batch_portable(zp_fe *out, const zp_fe *a, const zp_fe *b, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = gl_mul(a[i], b[i]);
}

void zp_fe_scale_batch_portable(zp_fe *out, const zp_fe *a, zp_fe s, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = gl_mul(a[i], s);
}

void zp_fe_axpy_batch_portable(zp_fe *acc, const zp_fe *a, zp_fe s, size_t n) {
    for (size_t i = 0; i < n; i++) acc[i] = gl_add(acc[i], gl_mul(a[i], s));
}

/* Sums the 128-bit products exactly in 192 bits (top word counts carries),
 * then reduces once: value = top*2^128 + hi*2^64 + lo, and
 * 2^128 = 2^96 * 2^32 = -2^32 mod p. */
zp_fe zp_fe_dot_portable(const zp_fe *a, const zp_fe *b, size_t n) {
    unsigned __int128 acc0 = 0, acc1 = 0;
    uint64_t top0 = 0, top1 = 0;
    size_t i = 0;
    for (; i + 2 <= n; i += 2) {
        unsigned __int128 p0 = (unsigned __int128)a[i] * b[i];
        unsigned __int128 p1 = (unsigned __int128)a[i + 1] * b[i + 1];
        acc0 += p0;
        top0 += acc0 < p0;
        acc1 += p1;
        top1 += acc1 < p1;
    }
    if (i < n) {
        unsigned __int128 p0 = (unsigned __int128)a[i] * b[i];
        acc0 += p0;
        top0 += acc0 < p0;
    }
    zp_fe r = gl_add(gl_reduce128(acc0), gl_reduce128(acc1));
    return gl_add(r, gl_mul(gl_from_u64(top0 + top1), GL_2POW128));
}

void zp_fe2_mul_batch_portable(zp_fe2 *out, const zp_fe2 *a, const zp_fe2 *b, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = gl2_mul(a[i], b[i]);
}

/* All-ones if a == 0, else 0 (no branch). */
static inline uint64_t is_zero_mask(uint64_t a) {
    return ((a | (0 - a)) >> 63) - 1;
}

/* Montgomery's trick, run as L interleaved chains (element i belongs to
 * chain i mod L) so that the multiplications of different chains overlap.
 * Zeros are replaced by 1 inside the products and masked to 0 at the end,
 * so the sequence of operations never depends on the values. */
#define INV_L 4
void zp_fe_batch_inv_portable(zp_fe *out, const zp_fe *in, size_t n, zp_fe *scratch) {
    zp_fe acc[INV_L] = {1, 1, 1, 1};
    size_t nb = n - n % INV_L;
    for (size_t i = 0; i < nb; i += INV_L) {
        for (int j = 0; j < INV_L; j++) {
            uint64_t x = in[i + j];
            x |= 1 & is_zero_mask(x);
            scratch[i + j] = acc[j];
            acc[j] = gl_mul(acc[j], x);
        }
    }
    for (size_t i = nb; i < n; i++) {
        uint64_t x = in[i];
        x |= 1 & is_zero_mask(x);
        scratch[i] = acc[i - nb];
        acc[i - nb] = gl_mul(acc[i - nb], x);
    }
    /* Invert the L chain products with one inversion. */
    zp_fe pre[INV_L];
    pre[0] = acc[0];
    for (int j = 1; j < INV_L; j++) pre[j] = gl_mul(pre[j - 1], acc[j]);
    zp_fe t = zp_gl_inv(pre[INV_L - 1]);
    for (int j = INV_L - 1; j > 0; j--) {
        zp_fe aj = acc[j];
        acc[j] = gl_mul(t, pre[j - 1]);
        t = gl_mul(t, aj);
    }
    acc[0] = t;
    /* Walk back: acc[j] holds the inverse of chain j's product so far. */
    for (size_t i = n; i-- > nb;) {
        uint64_t x = in[i], z = is_zero_mask(x);
        zp_fe y = gl_mul(acc[i - nb], scratch[i]);
        acc[i - nb] = gl_mul(acc[i - nb], x | (1 & z));
        out[i] = y & ~z;
    }
    for (size_t i = nb; i > 0;) {
        i -= INV_L;
        for (int j = INV_L - 1; j >= 0; j--) {
            uint64_t x = in[i + j], z = is_zero_mask(x);
            zp_fe y = gl_mul(acc[j], scratch[i + j]);
            acc[j] = gl_mul(acc[j], x | (1 & z));
            out[i + j] = y & ~z;
        }
    }
}

static inline zp_fe2 fe2_nz1(zp_fe2 x, uint64_t z) {
    x.c0 |= 1 & z; /* 0 -> 1 */
    return x;
}

/* As zp_fe_batch_inv_portable, over the extension. */
void zp_fe2_batch_inv_portable(zp_fe2 *out, const zp_fe2 *in, size_t n, zp_fe2 *scratch) {
    const zp_fe2 one = {1, 0};
    zp_fe2 acc[INV_L] = {one, one, one, one};
    size_t nb = n - n % INV_L;
    for (size_t i = 0; i < nb; i += INV_L) {
        for (int j = 0; j < INV_L; j++) {
            zp_fe2 x = in[i + j];
            scratch[i + j] = acc[j];
            acc[j] = gl2_mul(acc[j], fe2_nz1(x, is_zero_mask(x.c0 | x.c1)));
        }
    }
    for (size_t i = nb; i < n; i++) {
        zp_fe2 x = in[i];
        scratch[i] = acc[i - nb];
        acc[i - nb] = gl2_mul(acc[i - nb], fe2_nz1(x, is_zero_mask(x.c0 | x.c1)));
    }
    zp_fe2 pre[INV_L];
    pre[0] = acc[0];
    for (int j = 1; j < INV_L; j++) pre[j] = gl2_mul(pre[j - 1], acc[j]);
    zp_fe2 t = zp_fe2_inv(pre[INV_L - 1]);
    for (int j = INV_L - 1; j > 0; j--) {
        zp_fe2 aj = acc[j];
        acc[j] = gl2_mul(t, pre[j - 1]);
        t = gl2_mul(t, aj);
    }
    acc[0] = t;
    for (size_t i = n; i > 0;) {
        i--;
        size_t j = i < nb ? i % INV_L : i - nb;
        zp_fe2 x = in[i];
        uint64_t z = is_zero_mask(x.c0 | x.c1);
        zp_fe2 y = gl2_mul(acc[j], scratch[i]);
        acc[j] = gl2_mul(acc[j], fe2_nz1(x, z));
        out[i].c0 = y.c0 & ~z;
        out[i].c1 = y.c1 & ~z;
    }
}
