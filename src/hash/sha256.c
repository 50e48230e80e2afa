/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * SHA-256 (FIPS 180-4): streaming context, one-shot hashing, backend choice. */
#include <string.h>

#include "common/cpu.h"
#include "hash/sha256_internal.h"
#include "zkprov/hash.h"

size_t zp_digest_bytes(void) { return ZP_DIGEST_BYTES; }

int zp_sha256_use_shani(void) {
#ifndef ZP_NO_SHANI
    return (zp_cpu_features() & ZP_CPU_SHANI) != 0;
#else
    return 0;
#endif
}

zp_sha256_compress_fn zp_sha256_backend_fn(int shani) {
    if (!shani) return zp_sha256_compress_portable;
#ifndef ZP_NO_SHANI
    if (zp_sha256_use_shani()) return zp_sha256_compress_shani;
#endif
    return NULL;
}

zp_sha256_compress_x2_fn zp_sha256_backend_x2_fn(void) {
#ifndef ZP_NO_SHANI
    if (zp_sha256_use_shani()) return zp_sha256_compress_x2_shani;
#endif
    return NULL;
}

const char *zp_sha256_backend(void) { return zp_sha256_use_shani() ? "shani" : "portable"; }

void zp_sha256_compress(uint32_t state[8], const uint8_t *blocks, size_t n_blocks) {
#ifndef ZP_NO_SHANI
    if (zp_sha256_use_shani()) {
        zp_sha256_compress_shani(state, blocks, n_blocks);
        return;
    }
#endif
    zp_sha256_compress_portable(state, blocks, n_blocks);
}

static void store32_be(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}
static void store64_be(uint8_t *p, uint64_t v) {
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (56 - 8 * i));
}
static void state_out(uint8_t out[32], const uint32_t h[8]) {
    for (int i = 0; i < 8; i++) store32_be(out + 4 * i, h[i]);
}

void zp_sha256_init(zp_sha256_ctx *ctx) {
    memcpy(ctx->h, zp_sha256_iv, sizeof ctx->h);
    ctx->n_bytes = 0;
    ctx->buf_len = 0;
}

void zp_sha256_update(zp_sha256_ctx *ctx, const void *data, size_t len) {
    const uint8_t *p = data;
    if (len == 0) return;
    ctx->n_bytes += len;
    if (ctx->buf_len) {
        size_t take = 64 - ctx->buf_len;
        if (take > len) take = len;
        memcpy(ctx->buf + ctx->buf_len, p, take);
        ctx->buf_len += take;
        p += take;
        len -= take;
        if (ctx->buf_len < 64) return;
        zp_sha256_compress(ctx->h, ctx->buf, 1);
        ctx->buf_len = 0;
    }
    /* Whole blocks straight from the input, in one backend call. */
    if (len >= 64) {
        zp_sha256_compress(ctx->h, p, len / 64);
        p += len & ~(size_t)63;
        len &= 63;
    }
    if (len) {
        memcpy(ctx->buf, p, len);
        ctx->buf_len = len;
    }
}

/* Padding of FIPS 180-4 section 5.1.1: 0x80, zeros, 64-bit bit length. */
void zp_sha256_final(zp_sha256_ctx *ctx, uint8_t out[32]) {
    uint8_t pad[128];
    size_t r = ctx->buf_len;
    size_t nb = r + 9 <= 64 ? 1 : 2;
    memcpy(pad, ctx->buf, r);
    pad[r] = 0x80;
    memset(pad + r + 1, 0, 64 * nb - r - 1 - 8);
    store64_be(pad + 64 * nb - 8, ctx->n_bytes * 8);
    zp_sha256_compress(ctx->h, pad, nb);
    state_out(out, ctx->h);
    zp_memzero(pad, sizeof pad);
    zp_memzero(ctx, sizeof *ctx);
}

void zp_sha256(uint8_t out[32], const void *data, size_t len) {
    zp_sha256_ctx c;
    zp_sha256_init(&c);
    zp_sha256_update(&c, data, len);
    zp_sha256_final(&c, out);
}

/* Shared by the one- and two-stream prefixed hashes: the message is
 * prefix || data[len].  head receives the first block when len >= 63
 * (returns 1), and tail the final padded block(s) (count in *n_tail);
 * the middle blocks are data + 63 .. data + 63 + 64 * *n_mid. */
static int split_prefixed(uint8_t head[64], uint8_t tail[128], size_t *n_mid,
                          size_t *n_tail, uint8_t prefix, const uint8_t *data,
                          size_t len) {
    size_t r;
    int has_head = len >= 63;
    if (has_head) {
        head[0] = prefix;
        memcpy(head + 1, data, 63);
        *n_mid = (len - 63) / 64;
        r = (len - 63) % 64;
        memcpy(tail, data + 63 + 64 * *n_mid, r);
    } else {
        *n_mid = 0;
        tail[0] = prefix;
        if (len) memcpy(tail + 1, data, len);
        r = len + 1;
    }
    size_t nb = r + 9 <= 64 ? 1 : 2;
    tail[r] = 0x80;
    memset(tail + r + 1, 0, 64 * nb - r - 1 - 8);
    store64_be(tail + 64 * nb - 8, ((uint64_t)len + 1) * 8);
    *n_tail = nb;
    return has_head;
}

void zp_sha256_prefixed(uint8_t out[32], uint8_t prefix, const uint8_t *data,
                        size_t len, int wipe) {
#ifndef ZP_NO_SHANI
    if (len >= 64 && zp_sha256_use_shani()) {
        zp_sha256_prefixed_shani(out, prefix, data, len, wipe);
        return;
    }
#endif
    uint8_t head[64], tail[128];
    size_t n_mid, n_tail;
    uint32_t h[8];
    memcpy(h, zp_sha256_iv, sizeof h);
    int has_head = split_prefixed(head, tail, &n_mid, &n_tail, prefix, data, len);
    if (has_head) {
        /* One backend call for the head and one for the middle blocks. */
        zp_sha256_compress(h, head, 1);
        zp_sha256_compress(h, data + 63, n_mid);
    }
    zp_sha256_compress(h, tail, n_tail);
    state_out(out, h);
    if (wipe) {
        zp_memzero(head, sizeof head);
        zp_memzero(tail, sizeof tail);
        zp_memzero(h, sizeof h);
    }
}

void zp_sha256_prefixed_x2(uint8_t out_a[32], uint8_t out_b[32], uint8_t prefix,
                           const uint8_t *a, const uint8_t *b, size_t len,
                           int wipe) {
#ifndef ZP_NO_SHANI
    if (len >= 64 && zp_sha256_use_shani()) {
        zp_sha256_prefixed_x2_shani(out_a, out_b, prefix, a, b, len, wipe);
        return;
    }
    if (zp_sha256_use_shani()) {
        uint8_t ha[64], hb[64], ta[128], tb[128];
        size_t n_mid, n_tail;
        uint32_t sa[8], sb[8];
        memcpy(sa, zp_sha256_iv, sizeof sa);
        memcpy(sb, zp_sha256_iv, sizeof sb);
        int has_head = split_prefixed(ha, ta, &n_mid, &n_tail, prefix, a, len);
        (void)split_prefixed(hb, tb, &n_mid, &n_tail, prefix, b, len);
        if (has_head) {
            zp_sha256_compress_x2_shani(sa, sb, ha, hb, 1);
            zp_sha256_compress_x2_shani(sa, sb, a + 63, b + 63, n_mid);
        }
        zp_sha256_compress_x2_shani(sa, sb, ta, tb, n_tail);
        state_out(out_a, sa);
        state_out(out_b, sb);
        if (wipe) {
            zp_memzero(ha, sizeof ha);
            zp_memzero(hb, sizeof hb);
            zp_memzero(ta, sizeof ta);
            zp_memzero(tb, sizeof tb);
            zp_memzero(sa, sizeof sa);
            zp_memzero(sb, sizeof sb);
        }
        return;
    }
#endif
    zp_sha256_prefixed(out_a, prefix, a, len, wipe);
    zp_sha256_prefixed(out_b, prefix, b, len, wipe);
}
