/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * SHA-256, Merkle trees, Poseidon2 over Goldilocks, the Fiat-Shamir
 * transcript and the proof byte stream the transcript reads and writes. */
#ifndef ZKPROV_HASH_H
#define ZKPROV_HASH_H

#include "common.h"
#include "field.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ZP_DIGEST_BYTES 32
ZP_API size_t zp_digest_bytes(void);
typedef struct { uint8_t b[ZP_DIGEST_BYTES]; } zp_digest;

/* ---------------- SHA-256 (FIPS 180-4) ---------------- */
typedef struct {
    uint32_t h[8];
    uint64_t n_bytes;
    uint8_t buf[64];
    size_t buf_len;
} zp_sha256_ctx;

ZP_API void zp_sha256_init(zp_sha256_ctx *ctx);
ZP_API void zp_sha256_update(zp_sha256_ctx *ctx, const void *data, size_t len);
ZP_API void zp_sha256_final(zp_sha256_ctx *ctx, uint8_t out[32]);
ZP_API void zp_sha256(uint8_t out[32], const void *data, size_t len);
/** Compresses n_blocks 64-byte blocks into state (dispatched backend). */
ZP_API void zp_sha256_compress(uint32_t state[8], const uint8_t *blocks, size_t n_blocks);
/** "shani" or "portable" (ZP_FORCE_BACKEND=portable pins portable). */
ZP_API const char *zp_sha256_backend(void);

/* ---------------- Merkle trees ----------------
 * Shape of RFC 9162 section 2.1 (any leaf count; split at the largest power
 * of two below n).  Domain separation: leaf = SHA-256(0x00 || data),
 * node = SHA-256(0x01 || left || right). */
ZP_API void zp_hash_leaf(zp_digest *out, const void *data, size_t len);
ZP_API void zp_hash_node(zp_digest *out, const zp_digest *left, const zp_digest *right);
/** Hashes n equal-length leaves: out[i] = zp_hash_leaf(data + i * leaf_len,
 *  leaf_len) for i < n (leaves stored back to back).  Multi-threaded
 *  (OpenMP) and, with SHA-NI, two leaves per core at a time; the result
 *  does not depend on the thread count or backend. */
ZP_API void zp_hash_leaves(zp_digest *out, const uint8_t *data, size_t leaf_len,
                           size_t n);

typedef struct zp_merkle_tree zp_merkle_tree;
/** Builds a tree over n_leaves leaf digests (copied).  Returns ZP_OK,
 *  ZP_ERR_ARG (n_leaves == 0) or ZP_ERR_NOMEM.  Multi-threaded (OpenMP);
 *  the result does not depend on the thread count. */
ZP_API zp_err zp_merkle_build(zp_merkle_tree **out, const zp_digest *leaves,
                              size_t n_leaves) ZP_WARN_UNUSED;
ZP_API void zp_merkle_free(zp_merkle_tree *t);
ZP_API void zp_merkle_root(const zp_merkle_tree *t, zp_digest *root);
ZP_API size_t zp_merkle_n_leaves(const zp_merkle_tree *t);
/** Batched authentication path for the sorted, distinct indices idx[n_idx]:
 *  the sibling digests not computable from the opened leaves, each sent
 *  once, in a canonical order.  Writes *n_out digests into out (capacity
 *  cap; zp_merkle_batch_max(n_leaves, n_idx) is always enough). */
ZP_API zp_err zp_merkle_prove_batch(const zp_merkle_tree *t, const size_t *idx,
                                    size_t n_idx, zp_digest *out, size_t cap,
                                    size_t *n_out) ZP_WARN_UNUSED;
ZP_API size_t zp_merkle_batch_max(size_t n_leaves, size_t n_idx);
/** Number of digests zp_merkle_prove_batch sends for these indices
 *  (a function of the public n_leaves and idx only; 0 if idx is invalid). */
ZP_API size_t zp_merkle_batch_count(size_t n_leaves, const size_t *idx, size_t n_idx);
/** Verifies leaves[n_idx] at sorted distinct idx against root.  Returns
 *  ZP_OK, ZP_ERR_VERIFY, or ZP_ERR_ARG for unsorted / out-of-range idx or a
 *  wrong n_path. */
ZP_API zp_err zp_merkle_verify_batch(const zp_digest *root, size_t n_leaves,
                                     const size_t *idx, const zp_digest *leaves,
                                     size_t n_idx, const zp_digest *path,
                                     size_t n_path) ZP_WARN_UNUSED;

/* ---------------- Poseidon2 over Goldilocks ----------------
 * Permutations of width 12 and 8 with the reference parameters of
 * Grassi, Khovratovich, Schofnegger (ePrint 2023/323), d = 7, R_F = 8,
 * R_P = 22. */
ZP_API void zp_poseidon2_w12(zp_fe state[12]);
ZP_API void zp_poseidon2_w8(zp_fe state[8]);
/** Sponge hash (width 12, rate 8, capacity 4) of n elements to 4 elements;
 *  padding: a single 1 then zeros to a multiple of 8 (always added). */
ZP_API void zp_poseidon2_hash(zp_fe out[4], const zp_fe *in, size_t n);
/** Two-to-one compression: out = first 4 of P(l || r || 0^4) + (l || r)[0..4). */
ZP_API void zp_poseidon2_compress(zp_fe out[4], const zp_fe l[4], const zp_fe r[4]);

/* ---------------- proof byte streams ---------------- */
/* Growable output buffer.  On allocation failure `failed` is set and all
 * further writes are ignored; the owner checks it once at the end. */
typedef struct {
    uint8_t *data;
    size_t len, cap;
    int failed;
} zp_bytes;
ZP_API void zp_bytes_init(zp_bytes *b);
ZP_API void zp_bytes_free(zp_bytes *b);
ZP_API void zp_bytes_append(zp_bytes *b, const void *data, size_t len);
/** Grows b's capacity to at least cap bytes in one allocation (sets
 *  `failed` if it cannot), so that appends up to cap copy nothing. */
ZP_API void zp_bytes_reserve(zp_bytes *b, size_t cap);

/* Bounds-checked input cursor. */
typedef struct {
    const uint8_t *data;
    size_t len, pos;
} zp_reader;
ZP_API void zp_reader_init(zp_reader *r, const void *data, size_t len);
/** Returns: ZP_OK if every byte was consumed, else ZP_ERR_PARSE. */
ZP_API zp_err zp_reader_finish(const zp_reader *r) ZP_WARN_UNUSED;

/* ---------------- Fiat-Shamir transcript ----------------
 * SHA-256 based.  Every absorb is framed as (op, label, length, data) so
 * that no two different sequences of calls give the same state.  Labels
 * are hard-coded constants (domain separation); run-time values are data.
 * Challenges are unbiased: 64-bit words >= p are rejected and redrawn. */
typedef struct {
    uint8_t state[32];
    uint64_t n_ops;
} zp_transcript;

/** Starts a transcript for the protocol named by domain, e.g.
 *  "zkprov-v1/train-step".  The proof-format version is absorbed too. */
ZP_API void zp_transcript_init(zp_transcript *tr, const char *domain);
ZP_API void zp_transcript_init_raw(zp_transcript *tr, const void *domain, size_t len);
ZP_API void zp_transcript_absorb_bytes(zp_transcript *tr, const char *label,
                                       const void *data, size_t len);
ZP_API void zp_transcript_absorb_u64(zp_transcript *tr, const char *label, uint64_t v);
ZP_API void zp_transcript_absorb_fe(zp_transcript *tr, const char *label,
                                    const zp_fe *v, size_t n);
ZP_API void zp_transcript_absorb_fe2(zp_transcript *tr, const char *label,
                                     const zp_fe2 *v, size_t n);
ZP_API void zp_transcript_absorb_digest(zp_transcript *tr, const char *label,
                                        const zp_digest *d);
/* Tree absorbs (docs/spec/transcript.md "Tree absorbs"): the same values
 * as absorb_fe / absorb_fe2, under their own op bytes, hashed as chunks of
 * ZP_TRANSCRIPT_TREE_CHUNK words in parallel and then absorbed as the
 * chunk digests.  The state depends only on the values (never on the
 * thread count).  Meant for long vectors (thousands of words). */
#define ZP_TRANSCRIPT_TREE_CHUNK 1024
ZP_API size_t zp_transcript_tree_chunk_words(void);
/** Args: tr (NULL: no-op).  In: v[n] (NULL: n = 0). */
ZP_API void zp_transcript_absorb_fe_tree(zp_transcript *tr, const char *label,
                                         const zp_fe *v, size_t n);
/** As absorb_fe_tree over the 2n words c0, c1, c0, c1, ... of v[n]. */
ZP_API void zp_transcript_absorb_fe2_tree(zp_transcript *tr, const char *label,
                                          const zp_fe2 *v, size_t n);
ZP_API zp_fe zp_transcript_challenge_fe(zp_transcript *tr, const char *label);
ZP_API zp_fe2 zp_transcript_challenge_fe2(zp_transcript *tr, const char *label);
ZP_API void zp_transcript_challenge_fe2_vec(zp_transcript *tr, const char *label,
                                            zp_fe2 *out, size_t n);
ZP_API void zp_transcript_challenge_bytes(zp_transcript *tr, const char *label,
                                          void *out, size_t len);
/** Unbiased integer in [0, bound), bound >= 1. */
ZP_API uint64_t zp_transcript_challenge_index(zp_transcript *tr, const char *label,
                                              uint64_t bound);

/* Prover side: write to the proof and absorb in one step. */
ZP_API void zp_fs_send_bytes(zp_transcript *tr, zp_bytes *out, const char *label,
                             const void *data, size_t len);
ZP_API void zp_fs_send_fe(zp_transcript *tr, zp_bytes *out, const char *label,
                          const zp_fe *v, size_t n);
ZP_API void zp_fs_send_fe2(zp_transcript *tr, zp_bytes *out, const char *label,
                           const zp_fe2 *v, size_t n);
ZP_API void zp_fs_send_digest(zp_transcript *tr, zp_bytes *out, const char *label,
                              const zp_digest *d, size_t n);
/* The same with the tree absorb (zp_transcript_absorb_fe*_tree). */
ZP_API void zp_fs_send_fe_tree(zp_transcript *tr, zp_bytes *out, const char *label,
                               const zp_fe *v, size_t n);
ZP_API void zp_fs_send_fe2_tree(zp_transcript *tr, zp_bytes *out, const char *label,
                                const zp_fe2 *v, size_t n);
/* Prover side, write only: the same encoding as zp_fs_send_*, nothing
 * absorbed.  Only for values that a digest absorbed earlier already binds
 * (opened Merkle leaves and their paths): docs/spec/transcript.md. */
ZP_API void zp_fs_put_bytes(zp_bytes *out, const void *data, size_t len);
ZP_API void zp_fs_put_fe(zp_bytes *out, const zp_fe *v, size_t n);
ZP_API void zp_fs_put_digest(zp_bytes *out, const zp_digest *d, size_t n);
/* Verifier side: read (bounds-checked, canonical) and absorb in one step.
 * Return ZP_ERR_PARSE on truncation or a value >= p. */
ZP_API zp_err zp_fs_recv_bytes(zp_transcript *tr, zp_reader *in, const char *label,
                               void *data, size_t len) ZP_WARN_UNUSED;
ZP_API zp_err zp_fs_recv_fe(zp_transcript *tr, zp_reader *in, const char *label,
                            zp_fe *v, size_t n) ZP_WARN_UNUSED;
ZP_API zp_err zp_fs_recv_fe2(zp_transcript *tr, zp_reader *in, const char *label,
                             zp_fe2 *v, size_t n) ZP_WARN_UNUSED;
ZP_API zp_err zp_fs_recv_digest(zp_transcript *tr, zp_reader *in, const char *label,
                                zp_digest *d, size_t n) ZP_WARN_UNUSED;
ZP_API zp_err zp_fs_recv_fe_tree(zp_transcript *tr, zp_reader *in, const char *label,
                                 zp_fe *v, size_t n) ZP_WARN_UNUSED;
ZP_API zp_err zp_fs_recv_fe2_tree(zp_transcript *tr, zp_reader *in, const char *label,
                                  zp_fe2 *v, size_t n) ZP_WARN_UNUSED;
/* Verifier side, read only: the checks of zp_fs_recv_* (ZP_ERR_PARSE on
 * truncation or a value >= p, outputs zeroed, reader unmoved), nothing
 * absorbed.  The counterparts of zp_fs_put_*.  Returns: ZP_OK,
 * ZP_ERR_PARSE, or ZP_ERR_ARG for NULL arguments. */
ZP_API zp_err zp_fs_get_bytes(zp_reader *in, void *data, size_t len) ZP_WARN_UNUSED;
ZP_API zp_err zp_fs_get_fe(zp_reader *in, zp_fe *v, size_t n) ZP_WARN_UNUSED;
ZP_API zp_err zp_fs_get_digest(zp_reader *in, zp_digest *d, size_t n) ZP_WARN_UNUSED;

#ifdef __cplusplus
}
#endif
#endif
