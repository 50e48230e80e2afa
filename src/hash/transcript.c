/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * The Fiat-Shamir transcript (SHA-256 chaining) and the prover/verifier
 * helpers that write or read proof values and absorb them in one step.
 * The construction is specified in docs/spec/transcript.md. */
#include <string.h>

#include "common/ctime.h"
#include "field/gl.h"
#include "hash/sha256_internal.h"
#include "hash/toy_feed.h"
#include "zkprov/hash.h"

/* Operation bytes: the first byte of every frame (docs/spec/transcript.md). */
enum {
    OP_INIT = 0x01,
    OP_BYTES = 0x02,
    OP_U64 = 0x03,
    OP_FE = 0x04,
    OP_FE2 = 0x05,
    OP_DIGEST = 0x06,
    OP_CHALLENGE = 0x07,
    OP_OUTPUT = 0x08, /* output-block derivation; never starts a frame */
    OP_FE_TREE = 0x09,
    OP_FE2_TREE = 0x0a
};

/* Challenge kinds, the first byte of a challenge frame's data. */
enum { CH_FE = 1, CH_FE2 = 2, CH_BYTES = 3, CH_INDEX = 4 };

/* Prefix of the first hash input of every transcript (separates transcript
 * hashing from every other use of SHA-256 in the library, whose inputs
 * start with 0x00 or 0x01 or with a 32-byte chaining value). */
static const char TR_TAG[] = "zkprov/fiat-shamir/sha256";

/* ---- framing ----
 * frame = op || LE64(|label|) || label || LE64(|data|) || data,
 * state <- SHA-256(state || frame). */

static void frame_begin(zp_sha256_ctx *c, const zp_transcript *tr, uint8_t op,
                        const char *label, uint64_t data_len) {
    size_t ll = label ? strlen(label) : 0;
    uint8_t b[8];
    zp_sha256_init(c);
    zp_sha256_update(c, tr->state, sizeof tr->state);
    zp_sha256_update(c, &op, 1);
    zp_store64_le(b, (uint64_t)ll);
    zp_sha256_update(c, b, 8);
    if (ll) zp_sha256_update(c, label, ll);
    zp_store64_le(b, data_len);
    zp_sha256_update(c, b, 8);
}

static void frame_end(zp_sha256_ctx *c, zp_transcript *tr) {
    zp_sha256_final(c, tr->state);
    tr->n_ops++;
}

/* Everything absorbed is known to the verifier, who replays the same
 * transcript: the absorb functions are declassification points
 * (src/common/ctime.h), as are the zp_fs_send_* helpers below. */
#ifdef ZP_TOY_FIELD
static _Thread_local const zp_fe2 *toy_feed;
static _Thread_local size_t toy_feed_n;
void zp_transcript_toy_feed(const zp_fe2 *ch, size_t n) {
    toy_feed = ch;
    toy_feed_n = ch ? n : 0;
}
size_t zp_transcript_toy_fed_left(void) { return toy_feed_n; }
#endif

static void absorb_raw(zp_transcript *tr, uint8_t op, const char *label,
                       const void *data, size_t len) {
    zp_sha256_ctx c;
#ifdef ZP_TOY_FIELD
    if (toy_feed_n) return;
#endif
    if (!data) len = 0;
    ZP_DECLASSIFY(data, len);
    frame_begin(&c, tr, op, label, (uint64_t)len);
    if (len) zp_sha256_update(&c, data, len);
    frame_end(&c, tr);
}

void zp_transcript_init_raw(zp_transcript *tr, const void *domain, size_t len) {
    if (!tr) return;
    if (!domain) len = 0;
    zp_sha256_ctx c;
    uint8_t b[8];
    zp_sha256_init(&c);
    zp_sha256_update(&c, TR_TAG, sizeof TR_TAG - 1);
    uint8_t op = OP_INIT;
    zp_sha256_update(&c, &op, 1);
    zp_store64_le(b, (uint64_t)len);
    zp_sha256_update(&c, b, 8);
    if (len) zp_sha256_update(&c, domain, len);
    zp_store64_le(b, 8);
    zp_sha256_update(&c, b, 8);
    zp_store64_le(b, (uint64_t)ZP_PROOF_FORMAT_VERSION);
    zp_sha256_update(&c, b, 8);
    zp_sha256_final(&c, tr->state);
    tr->n_ops = 1;
}

void zp_transcript_init(zp_transcript *tr, const char *domain) {
    zp_transcript_init_raw(tr, domain, domain ? strlen(domain) : 0);
}

void zp_transcript_absorb_bytes(zp_transcript *tr, const char *label,
                                const void *data, size_t len) {
    if (!tr) return;
    absorb_raw(tr, OP_BYTES, label, data, len);
}

void zp_transcript_absorb_u64(zp_transcript *tr, const char *label, uint64_t v) {
    if (!tr) return;
    uint8_t b[8];
    zp_store64_le(b, v);
    absorb_raw(tr, OP_U64, label, b, 8);
}

/* Field elements are absorbed as their canonical 8-byte little-endian
 * encodings (a non-canonical input is absorbed as its value mod p), in
 * chunks so that no allocation is needed. */
#define FE_CHUNK 64

static void absorb_fe_words(zp_transcript *tr, uint8_t op, const char *label,
                            const zp_fe *w, size_t n_words) {
    zp_sha256_ctx c;
#ifdef ZP_TOY_FIELD
    if (toy_feed_n) return;
#endif
    if (!w) n_words = 0;
    ZP_DECLASSIFY(w, n_words * sizeof *w);
    frame_begin(&c, tr, op, label, (uint64_t)n_words * 8);
    uint8_t buf[FE_CHUNK * 8];
    size_t i = 0;
    while (i < n_words) {
        size_t k = n_words - i < FE_CHUNK ? n_words - i : FE_CHUNK;
        for (size_t j = 0; j < k; j++) zp_store64_le(buf + 8 * j, gl_from_u64(w[i + j]));
        zp_sha256_update(&c, buf, 8 * k);
        i += k;
    }
    frame_end(&c, tr);
}

void zp_transcript_absorb_fe(zp_transcript *tr, const char *label, const zp_fe *v,
                             size_t n) {
    if (!tr) return;
    absorb_fe_words(tr, OP_FE, label, v, n);
}

/* zp_fe2 is two zp_fe (c0, c1) with no padding, so an array of n of them is
 * 2n words in the order c0, c1, c0, c1, ... */
void zp_transcript_absorb_fe2(zp_transcript *tr, const char *label,
                              const zp_fe2 *v, size_t n) {
    if (!tr) return;
    _Static_assert(sizeof(zp_fe2) == 2 * sizeof(zp_fe), "zp_fe2 layout");
    absorb_fe_words(tr, OP_FE2, label, (const zp_fe *)v, 2 * n);
}

/* ---- two-level (tree) absorb of long field-element vectors ----
 * docs/spec/transcript.md "Tree absorbs": the words are cut into chunks of
 * ZP_TRANSCRIPT_TREE_CHUNK words (the last one shorter), chunk i is hashed
 * as c_i = SHA-256(0x02 || its words as LE64 canonical), and the frame data
 * is LE64(n_words) || c_0 || c_1 || ...  The chunks are hashed in parallel
 * (two streams at a time with SHA-NI); the result does not depend on the
 * thread count. */
#define TREE_PREFIX 0x02 /* Merkle leaves and nodes use 0x00 and 0x01 */
#define TREE_BATCH 64    /* chunk digests computed per parallel batch */
/* Chunk pairs from which a batch is split over the threads: a pair is
 * about 10 us of SHA-NI work, so smaller batches would cost about as much
 * in fork and join as they save. */
#define TREE_PAR_PAIRS 4

size_t zp_transcript_tree_chunk_words(void) { return ZP_TRANSCRIPT_TREE_CHUNK; }

/* The bytes of chunk [w, w + n): straight from memory where that already
 * is the canonical little-endian encoding, else canonicalised into buf. */
static const uint8_t *chunk_bytes(uint8_t *buf, const zp_fe *w, size_t n) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t bad = 0;
    for (size_t i = 0; i < n; i++) bad |= (uint64_t)(w[i] >= ZP_FIELD_P);
    if (!bad) return (const uint8_t *)w;
#endif
    for (size_t i = 0; i < n; i++) zp_store64_le(buf + 8 * i, gl_from_u64(w[i]));
    return buf;
}

/* Digests of chunks 2 pi and 2 pi + 1 of the batch starting at chunk c0
 * (the second only if it exists). */
static void tree_pair(zp_digest *d, const zp_fe *w, size_t n_words, size_t c0, size_t nb,
                      size_t pi) {
    uint8_t ba[ZP_TRANSCRIPT_TREE_CHUNK * 8], bb[ZP_TRANSCRIPT_TREE_CHUNK * 8];
    const size_t C = ZP_TRANSCRIPT_TREE_CHUNK;
    size_t ia = c0 + 2 * pi, ib = ia + 1;
    size_t na = n_words - ia * C < C ? n_words - ia * C : C;
    const uint8_t *pa = chunk_bytes(ba, w + ia * C, na);
    if (2 * pi + 1 < nb) {
        size_t nbw = n_words - ib * C < C ? n_words - ib * C : C;
        const uint8_t *pb = chunk_bytes(bb, w + ib * C, nbw);
        if (nbw == na) {
            zp_sha256_prefixed_x2(d[2 * pi].b, d[2 * pi + 1].b, TREE_PREFIX, pa, pb, 8 * na, 0);
            return;
        }
        zp_sha256_prefixed(d[2 * pi + 1].b, TREE_PREFIX, pb, 8 * nbw, 0);
    }
    zp_sha256_prefixed(d[2 * pi].b, TREE_PREFIX, pa, 8 * na, 0);
}

static void absorb_fe_tree(zp_transcript *tr, uint8_t op, const char *label, const zp_fe *w,
                           size_t n_words) {
    zp_sha256_ctx c;
#ifdef ZP_TOY_FIELD
    if (toy_feed_n) return;
#endif
    if (!w) n_words = 0;
    ZP_DECLASSIFY(w, n_words * sizeof *w);
    const size_t C = ZP_TRANSCRIPT_TREE_CHUNK;
    size_t m = n_words / C + (n_words % C != 0);
    uint8_t b[8];
    frame_begin(&c, tr, op, label, 8 + (uint64_t)m * ZP_DIGEST_BYTES);
    zp_store64_le(b, (uint64_t)n_words);
    zp_sha256_update(&c, b, 8);
    zp_digest d[TREE_BATCH];
    for (size_t c0 = 0; c0 < m; c0 += TREE_BATCH) {
        size_t nb = m - c0 < TREE_BATCH ? m - c0 : TREE_BATCH;
        long long np = (long long)((nb + 1) / 2);
#pragma omp parallel for schedule(static) if (np >= TREE_PAR_PAIRS)
        for (long long pi = 0; pi < np; pi++) tree_pair(d, w, n_words, c0, nb, (size_t)pi);
        zp_sha256_update(&c, d, nb * ZP_DIGEST_BYTES);
    }
    frame_end(&c, tr);
}

void zp_transcript_absorb_fe_tree(zp_transcript *tr, const char *label, const zp_fe *v,
                                  size_t n) {
    if (!tr) return;
    absorb_fe_tree(tr, OP_FE_TREE, label, v, n);
}

void zp_transcript_absorb_fe2_tree(zp_transcript *tr, const char *label, const zp_fe2 *v,
                                   size_t n) {
    if (!tr) return;
    if (n > SIZE_MAX / 2) n = 0;
    absorb_fe_tree(tr, OP_FE2_TREE, label, (const zp_fe *)v, 2 * n);
}

void zp_transcript_absorb_digest(zp_transcript *tr, const char *label,
                                 const zp_digest *d) {
    if (!tr) return;
    absorb_raw(tr, OP_DIGEST, label, d, d ? ZP_DIGEST_BYTES : 0);
}

/* ---- challenges ----
 * state <- SHA-256(state || frame(OP_CHALLENGE, label, request)), then the
 * output stream is block_0 || block_1 || ... with
 * block_j = SHA-256(state || OP_OUTPUT || LE64(j)). */
typedef struct {
    uint8_t seed[32];
    uint64_t block;
    uint8_t buf[32];
    size_t pos; /* bytes of buf already used; 32 = empty */
} squeeze;

static void squeeze_begin(squeeze *sq, zp_transcript *tr, const char *label,
                          uint8_t kind, uint64_t count, uint64_t bound) {
    uint8_t req[17];
    req[0] = kind;
    zp_store64_le(req + 1, count);
    zp_store64_le(req + 9, bound);
    absorb_raw(tr, OP_CHALLENGE, label, req, kind == CH_INDEX ? 17 : 9);
    memcpy(sq->seed, tr->state, 32);
    sq->block = 0;
    sq->pos = 32;
}

static void squeeze_refill(squeeze *sq) {
    uint8_t in[41];
    memcpy(in, sq->seed, 32);
    in[32] = OP_OUTPUT;
    zp_store64_le(in + 33, sq->block++);
    zp_sha256(sq->buf, in, sizeof in);
    sq->pos = 0;
}

static void squeeze_bytes(squeeze *sq, uint8_t *out, size_t len) {
    while (len) {
        if (sq->pos == 32) squeeze_refill(sq);
        size_t k = 32 - sq->pos < len ? 32 - sq->pos : len;
        memcpy(out, sq->buf + sq->pos, k);
        sq->pos += k;
        out += k;
        len -= k;
    }
}

static uint64_t squeeze_u64(squeeze *sq) {
    uint8_t b[8];
    squeeze_bytes(sq, b, 8);
    return zp_load64_le(b);
}

/* Rejection sampling: a uniform 64-bit word is accepted iff it is < p
 * (probability 1 - 2^-32 + 2^-64), so the result is uniform in F_p. */
static zp_fe squeeze_fe(squeeze *sq) {
    for (;;) {
        uint64_t w = squeeze_u64(sq);
        w &= GL_SAMPLE_MASK; /* all 64 bits, except in the toy build */
        if (w < ZP_FIELD_P) return w;
    }
}

static void squeeze_end(squeeze *sq) { zp_memzero(sq, sizeof *sq); }

zp_fe zp_transcript_challenge_fe(zp_transcript *tr, const char *label) {
    if (!tr) return 0;
    squeeze sq;
    squeeze_begin(&sq, tr, label, CH_FE, 1, 0);
    zp_fe r = squeeze_fe(&sq);
    squeeze_end(&sq);
    return r;
}

void zp_transcript_challenge_fe2_vec(zp_transcript *tr, const char *label,
                                     zp_fe2 *out, size_t n) {
    if (!tr || !out) return;
#ifdef ZP_TOY_FIELD
    if (toy_feed_n) {
        for (size_t i = 0; i < n; i++) {
            out[i] = toy_feed_n ? *toy_feed++ : (zp_fe2){0, 0};
            if (toy_feed_n) toy_feed_n--;
        }
        return;
    }
#endif
    squeeze sq;
    squeeze_begin(&sq, tr, label, CH_FE2, (uint64_t)n, 0);
    for (size_t i = 0; i < n; i++) {
        out[i].c0 = squeeze_fe(&sq);
        out[i].c1 = squeeze_fe(&sq);
    }
    squeeze_end(&sq);
}

zp_fe2 zp_transcript_challenge_fe2(zp_transcript *tr, const char *label) {
    zp_fe2 r = {0, 0};
    zp_transcript_challenge_fe2_vec(tr, label, &r, 1);
    return r;
}

void zp_transcript_challenge_bytes(zp_transcript *tr, const char *label, void *out,
                                   size_t len) {
    if (!tr || (!out && len)) return;
    squeeze sq;
    squeeze_begin(&sq, tr, label, CH_BYTES, (uint64_t)len, 0);
    squeeze_bytes(&sq, out, len);
    squeeze_end(&sq);
}

/* Unbiased integer in [0, bound): with r = 2^64 mod bound, a word w is
 * accepted iff w < 2^64 - r (a multiple of bound), then w mod bound is
 * uniform.  bound = 0 (a caller error) gives 0 without drawing. */
uint64_t zp_transcript_challenge_index(zp_transcript *tr, const char *label,
                                       uint64_t bound) {
    if (!tr || bound == 0) return 0;
    squeeze sq;
    squeeze_begin(&sq, tr, label, CH_INDEX, 1, bound);
    uint64_t r = (0 - bound) % bound; /* 2^64 mod bound */
    uint64_t w;
    do {
        w = squeeze_u64(&sq);
    } while (r != 0 && w >= 0 - r);
    squeeze_end(&sq);
    return w % bound;
}

/* ---- prover side: write, then absorb ---- */
void zp_fs_send_bytes(zp_transcript *tr, zp_bytes *out, const char *label,
                      const void *data, size_t len) {
    if (!data) len = 0;
    ZP_DECLASSIFY(data, len); /* a prover message is public from here on */
    zp_bytes_append(out, data, len);
    zp_transcript_absorb_bytes(tr, label, data, len);
}

static void write_words(zp_bytes *out, const zp_fe *w, size_t n_words) {
    uint8_t buf[FE_CHUNK * 8];
    size_t i = 0;
    while (i < n_words) {
        size_t k = n_words - i < FE_CHUNK ? n_words - i : FE_CHUNK;
        for (size_t j = 0; j < k; j++) zp_store64_le(buf + 8 * j, gl_from_u64(w[i + j]));
        zp_bytes_append(out, buf, 8 * k);
        i += k;
    }
}

/* The prover's words written to the proof: public from here on. */
static void put_words(zp_bytes *out, const zp_fe *w, size_t n_words) {
    ZP_DECLASSIFY(w, n_words * sizeof *w);
    write_words(out, w, n_words);
}

void zp_fs_send_fe(zp_transcript *tr, zp_bytes *out, const char *label,
                   const zp_fe *v, size_t n) {
    if (!v) n = 0;
    put_words(out, v, n);
    zp_transcript_absorb_fe(tr, label, v, n);
}

void zp_fs_send_fe2(zp_transcript *tr, zp_bytes *out, const char *label,
                    const zp_fe2 *v, size_t n) {
    if (!v) n = 0;
    put_words(out, (const zp_fe *)v, 2 * n);
    zp_transcript_absorb_fe2(tr, label, v, n);
}

void zp_fs_send_fe_tree(zp_transcript *tr, zp_bytes *out, const char *label,
                        const zp_fe *v, size_t n) {
    if (!v) n = 0;
    put_words(out, v, n);
    zp_transcript_absorb_fe_tree(tr, label, v, n);
}

void zp_fs_send_fe2_tree(zp_transcript *tr, zp_bytes *out, const char *label,
                         const zp_fe2 *v, size_t n) {
    if (!v) n = 0;
    put_words(out, (const zp_fe *)v, 2 * n);
    zp_transcript_absorb_fe2_tree(tr, label, v, n);
}

/* Written, not absorbed (values a commitment absorbed earlier already
 * binds, docs/spec/transcript.md "Values written without absorbing"). */
void zp_fs_put_bytes(zp_bytes *out, const void *data, size_t len) {
    if (!data) len = 0;
    ZP_DECLASSIFY(data, len);
    zp_bytes_append(out, data, len);
}

void zp_fs_put_fe(zp_bytes *out, const zp_fe *v, size_t n) {
    if (!v) n = 0;
    put_words(out, v, n);
}

void zp_fs_put_digest(zp_bytes *out, const zp_digest *d, size_t n) {
    if (!d || n > SIZE_MAX / ZP_DIGEST_BYTES) n = 0;
    ZP_DECLASSIFY(d, n * ZP_DIGEST_BYTES);
    zp_bytes_append(out, d, n * ZP_DIGEST_BYTES);
}

void zp_fs_send_digest(zp_transcript *tr, zp_bytes *out, const char *label,
                       const zp_digest *d, size_t n) {
    if (!d || n > SIZE_MAX / ZP_DIGEST_BYTES) n = 0;
    zp_fs_put_digest(out, d, n);
    if (tr) absorb_raw(tr, OP_DIGEST, label, d, n * ZP_DIGEST_BYTES);
}

/* ---- verifier side: read (bounds-checked, canonical), then absorb ----
 * On failure the outputs are zeroed, the reader does not move and nothing
 * is absorbed. */
static int reader_has(const zp_reader *in, size_t n, size_t unit) {
    if (in->pos > in->len) return 0;
    size_t left = in->len - in->pos;
    return unit != 0 && n <= left / unit;
}

zp_err zp_fs_recv_bytes(zp_transcript *tr, zp_reader *in, const char *label,
                        void *data, size_t len) {
    if (!tr || !in || (!data && len)) return ZP_ERR_ARG;
    if (!reader_has(in, len, 1)) {
        if (len) memset(data, 0, len);
        return ZP_ERR_PARSE;
    }
    if (len) memcpy(data, in->data + in->pos, len);
    in->pos += len;
    zp_transcript_absorb_bytes(tr, label, data, len);
    return ZP_OK;
}

/* Reads n_words canonical field elements into w. */
static zp_err read_words(zp_reader *in, zp_fe *w, size_t n_words) {
    if (!reader_has(in, n_words, 8)) {
        if (n_words) memset(w, 0, n_words * sizeof *w);
        return ZP_ERR_PARSE;
    }
    const uint8_t *p = in->data + in->pos;
    uint64_t bad = 0;
    for (size_t i = 0; i < n_words; i++) {
        w[i] = zp_load64_le(p + 8 * i);
        bad |= (uint64_t)(w[i] >= ZP_FIELD_P);
    }
    if (bad) {
        memset(w, 0, n_words * sizeof *w);
        return ZP_ERR_PARSE;
    }
    in->pos += n_words * 8;
    return ZP_OK;
}

zp_err zp_fs_recv_fe(zp_transcript *tr, zp_reader *in, const char *label, zp_fe *v,
                     size_t n) {
    if (!tr || !in || (!v && n)) return ZP_ERR_ARG;
    zp_err e = read_words(in, v, n);
    if (e != ZP_OK) return e;
    zp_transcript_absorb_fe(tr, label, v, n);
    return ZP_OK;
}

zp_err zp_fs_recv_fe2(zp_transcript *tr, zp_reader *in, const char *label,
                      zp_fe2 *v, size_t n) {
    if (!tr || !in || (!v && n)) return ZP_ERR_ARG;
    if (n > SIZE_MAX / 2) return ZP_ERR_PARSE;
    zp_err e = read_words(in, (zp_fe *)v, 2 * n);
    if (e != ZP_OK) return e;
    zp_transcript_absorb_fe2(tr, label, v, n);
    return ZP_OK;
}

zp_err zp_fs_recv_digest(zp_transcript *tr, zp_reader *in, const char *label,
                         zp_digest *d, size_t n) {
    if (!tr || !in || (!d && n)) return ZP_ERR_ARG;
    if (!reader_has(in, n, ZP_DIGEST_BYTES)) {
        if (n) memset(d, 0, n * sizeof *d);
        return ZP_ERR_PARSE;
    }
    if (n) memcpy(d, in->data + in->pos, n * ZP_DIGEST_BYTES);
    in->pos += n * ZP_DIGEST_BYTES;
    absorb_raw(tr, OP_DIGEST, label, d, n * ZP_DIGEST_BYTES);
    return ZP_OK;
}

zp_err zp_fs_recv_fe_tree(zp_transcript *tr, zp_reader *in, const char *label, zp_fe *v,
                          size_t n) {
    if (!tr || !in || (!v && n)) return ZP_ERR_ARG;
    zp_err e = read_words(in, v, n);
    if (e != ZP_OK) return e;
    zp_transcript_absorb_fe_tree(tr, label, v, n);
    return ZP_OK;
}

zp_err zp_fs_recv_fe2_tree(zp_transcript *tr, zp_reader *in, const char *label, zp_fe2 *v,
                           size_t n) {
    if (!tr || !in || (!v && n)) return ZP_ERR_ARG;
    if (n > SIZE_MAX / 2) return ZP_ERR_PARSE;
    zp_err e = read_words(in, (zp_fe *)v, 2 * n);
    if (e != ZP_OK) return e;
    zp_transcript_absorb_fe2_tree(tr, label, v, n);
    return ZP_OK;
}

/* ---- read without absorbing: the same checks as zp_fs_recv_* ---- */
zp_err zp_fs_get_bytes(zp_reader *in, void *data, size_t len) {
    if (!in || (!data && len)) return ZP_ERR_ARG;
    if (!reader_has(in, len, 1)) {
        if (len) memset(data, 0, len);
        return ZP_ERR_PARSE;
    }
    if (len) memcpy(data, in->data + in->pos, len);
    in->pos += len;
    return ZP_OK;
}

zp_err zp_fs_get_fe(zp_reader *in, zp_fe *v, size_t n) {
    if (!in || (!v && n)) return ZP_ERR_ARG;
    return read_words(in, v, n);
}

zp_err zp_fs_get_digest(zp_reader *in, zp_digest *d, size_t n) {
    if (!in || (!d && n)) return ZP_ERR_ARG;
    if (!reader_has(in, n, ZP_DIGEST_BYTES)) {
        if (n) memset(d, 0, n * sizeof *d);
        return ZP_ERR_PARSE;
    }
    if (n) memcpy(d, in->data + in->pos, n * ZP_DIGEST_BYTES);
    in->pos += n * ZP_DIGEST_BYTES;
    return ZP_OK;
}
