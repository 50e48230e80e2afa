/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Merkle trees of RFC 9162 section 2.1 shape, with batched authentication
 * paths (format and order: docs/spec/merkle.md). */
#include <stdlib.h>
#include <string.h>

#include "hash/sha256_internal.h"
#include "zkprov/hash.h"

/* Domain separation of RFC 9162 section 2.1.1. */
#define LEAF_PREFIX 0x00
#define NODE_PREFIX 0x01

/* Below this many bytes of hashing work a level or a leaf batch runs on
 * one thread (the OpenMP fork would cost more than it saves). */
#define PAR_MIN_BYTES ((size_t)1 << 16)

void zp_hash_leaf(zp_digest *out, const void *data, size_t len) {
    zp_sha256_prefixed(out->b, LEAF_PREFIX, data, len, 1);
}

void zp_hash_node(zp_digest *out, const zp_digest *left, const zp_digest *right) {
    uint8_t lr[2 * ZP_DIGEST_BYTES];
    memcpy(lr, left->b, ZP_DIGEST_BYTES);
    memcpy(lr + ZP_DIGEST_BYTES, right->b, ZP_DIGEST_BYTES);
    zp_sha256_prefixed(out->b, NODE_PREFIX, lr, sizeof lr, 0);
}

void zp_hash_leaves(zp_digest *out, const uint8_t *data, size_t leaf_len, size_t n) {
    /* Pairs of leaves share a core (two interleaved SHA-NI streams); each
     * out[i] depends only on leaf i, so any schedule gives the same result.
     * Dynamic chunks keep all cores busy when one is preempted. */
    long long n_pairs = (long long)(n / 2);
    int par = n / 2 >= 2 && leaf_len + 9 >= PAR_MIN_BYTES / (n / 2);
#pragma omp parallel for schedule(dynamic, 8) if (par)
    for (long long p = 0; p < n_pairs; p++) {
        size_t i = 2 * (size_t)p;
        zp_sha256_prefixed_x2(out[i].b, out[i + 1].b, LEAF_PREFIX, data + i * leaf_len,
                              data + (i + 1) * leaf_len, leaf_len, 1);
    }
    if (n & 1) zp_hash_leaf(&out[n - 1], data + (n - 1) * leaf_len, leaf_len);
}

/* ---------------- tree ----------------
 * Level 0 holds the leaves; node j of level l+1 is H(node 2j, node 2j+1) of
 * level l, or a copy of node 2j when that is the last, unpaired node.  Node
 * j of level l then covers leaves [j 2^l, min((j+1) 2^l, n)), and this
 * bottom-up tree has the digests of the recursive MTH of RFC 9162 section
 * 2.1.1: the RFC node over leaves [lo, hi) is node lo >> L of level L =
 * ceil(log2(hi - lo)) (its left part is a full 2^(L-1) block, its right
 * part is the rest, and only the right edge is ever not a full block). */
#define MAX_LEVELS 65

struct zp_merkle_tree {
    size_t n_leaves;
    size_t n_levels;
    size_t off[MAX_LEVELS]; /* start of each level in nodes[] */
    size_t len[MAX_LEVELS]; /* node count of each level */
    zp_digest *nodes;
};

static unsigned ceil_log2(size_t s) {
    return s <= 1 ? 0 : (unsigned)(64 - __builtin_clzll((unsigned long long)(s - 1)));
}

/* Largest power of two strictly below n (n >= 2): the RFC 9162 split. */
static size_t split_point(size_t n) { return (size_t)1 << ceil_log2(n) >> 1; }

static void hash_level(zp_digest *dst, const zp_digest *src, size_t m) {
    /* Children of node j are src[2j], src[2j+1]: 64 contiguous bytes. */
    long long n_quads = (long long)(m / 4);
    int par = m / 4 >= 2 && m >= PAR_MIN_BYTES / 64;
#pragma omp parallel for schedule(dynamic, 64) if (par)
    for (long long q = 0; q < n_quads; q++) {
        size_t j = 2 * (size_t)q;
        zp_sha256_prefixed_x2(dst[j].b, dst[j + 1].b, NODE_PREFIX, src[2 * j].b,
                              src[2 * j + 2].b, 2 * ZP_DIGEST_BYTES, 0);
    }
    for (size_t j = 2 * (m / 4); j < m / 2; j++)
        zp_sha256_prefixed(dst[j].b, NODE_PREFIX, src[2 * j].b, 2 * ZP_DIGEST_BYTES, 0);
    if (m & 1) dst[m / 2] = src[m - 1];
}

zp_err zp_merkle_build(zp_merkle_tree **out, const zp_digest *leaves, size_t n_leaves) {
    if (!out) return ZP_ERR_ARG;
    *out = NULL;
    if (n_leaves == 0 || !leaves) return ZP_ERR_ARG;
    if (n_leaves > SIZE_MAX / (2 * sizeof(zp_digest)) - 64) return ZP_ERR_NOMEM;
    zp_merkle_tree *t = calloc(1, sizeof *t);
    if (!t) return ZP_ERR_NOMEM;
    t->n_leaves = n_leaves;
    size_t total = 0, m = n_leaves, l = 0;
    for (;;) {
        t->off[l] = total;
        t->len[l] = m;
        total += m;
        l++;
        if (m == 1) break;
        m = (m + 1) / 2;
    }
    t->n_levels = l;
    t->nodes = malloc(total * sizeof(zp_digest));
    if (!t->nodes) {
        free(t);
        return ZP_ERR_NOMEM;
    }
    memcpy(t->nodes, leaves, n_leaves * sizeof(zp_digest));
    for (l = 0; l + 1 < t->n_levels; l++)
        hash_level(t->nodes + t->off[l + 1], t->nodes + t->off[l], t->len[l]);
    *out = t;
    return ZP_OK;
}

void zp_merkle_free(zp_merkle_tree *t) {
    if (!t) return;
    free(t->nodes);
    free(t);
}

void zp_merkle_root(const zp_merkle_tree *t, zp_digest *root) {
    *root = t->nodes[t->off[t->n_levels - 1]];
}

size_t zp_merkle_n_leaves(const zp_merkle_tree *t) { return t->n_leaves; }

/* ---------------- batched paths ----------------
 * The path for a sorted set S of leaf indices lists, left to right, the
 * maximal subtrees (of the RFC 9162 recursion) that contain no index of S:
 * a depth-first walk from the root that emits the digest of every subtree
 * with no opened leaf and descends into every other subtree above the
 * leaves.  Prover, verifier and counter run the same walk. */

/* 1 if idx[n_idx] is non-empty, strictly increasing and below n_leaves. */
static int idx_valid(size_t n_leaves, const size_t *idx, size_t n_idx) {
    if (n_leaves == 0 || n_idx == 0 || !idx) return 0;
    for (size_t i = 0; i < n_idx; i++) {
        if (idx[i] >= n_leaves) return 0;
        if (i && idx[i] <= idx[i - 1]) return 0;
    }
    return 1;
}

/* First position in idx[a..b) whose value is >= v (idx sorted). */
static size_t lower_bound(const size_t *idx, size_t a, size_t b, size_t v) {
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if (idx[mid] < v) a = mid + 1;
        else b = mid;
    }
    return a;
}

/* Walk over the subtree [lo, hi) holding idx[a..b). */
static size_t count_rec(size_t lo, size_t hi, const size_t *idx, size_t a, size_t b) {
    if (a == b) return 1;
    if (hi - lo == 1) return 0;
    size_t mid = lo + split_point(hi - lo);
    size_t c = lower_bound(idx, a, b, mid);
    return count_rec(lo, mid, idx, a, c) + count_rec(mid, hi, idx, c, b);
}

size_t zp_merkle_batch_count(size_t n_leaves, const size_t *idx, size_t n_idx) {
    if (!idx_valid(n_leaves, idx, n_idx)) return 0;
    return count_rec(0, n_leaves, idx, 0, n_idx);
}

size_t zp_merkle_batch_max(size_t n_leaves, size_t n_idx) {
    if (n_leaves == 0 || n_idx == 0 || n_idx > n_leaves) return 0;
    /* Each sent subtree is the sibling of a node on an opened leaf's path
     * (at most ceil(log2 n) per leaf) and holds an unopened leaf. */
    size_t h = ceil_log2(n_leaves);
    size_t by_paths = (h && n_idx > SIZE_MAX / h) ? SIZE_MAX : n_idx * h;
    size_t by_leaves = n_leaves - n_idx;
    return by_paths < by_leaves ? by_paths : by_leaves;
}

static const zp_digest *node_at(const zp_merkle_tree *t, size_t lo, size_t hi) {
    unsigned L = ceil_log2(hi - lo);
    return &t->nodes[t->off[L] + (lo >> L)];
}

static void prove_rec(const zp_merkle_tree *t, size_t lo, size_t hi, const size_t *idx,
                      size_t a, size_t b, zp_digest *out, size_t *pos) {
    if (a == b) {
        out[(*pos)++] = *node_at(t, lo, hi);
        return;
    }
    if (hi - lo == 1) return;
    size_t mid = lo + split_point(hi - lo);
    size_t c = lower_bound(idx, a, b, mid);
    prove_rec(t, lo, mid, idx, a, c, out, pos);
    prove_rec(t, mid, hi, idx, c, b, out, pos);
}

zp_err zp_merkle_prove_batch(const zp_merkle_tree *t, const size_t *idx, size_t n_idx,
                             zp_digest *out, size_t cap, size_t *n_out) {
    if (!n_out) return ZP_ERR_ARG;
    *n_out = 0;
    if (!t || !idx_valid(t->n_leaves, idx, n_idx)) return ZP_ERR_ARG;
    size_t n = count_rec(0, t->n_leaves, idx, 0, n_idx);
    if (n > cap || (n && !out)) return ZP_ERR_ARG;
    size_t pos = 0;
    prove_rec(t, 0, t->n_leaves, idx, 0, n_idx, out, &pos);
    if (pos != n) {
        memset(out, 0, n * sizeof *out);
        return ZP_ERR_INTERNAL;
    }
    *n_out = n;
    return ZP_OK;
}

/* Recomputes the digest of [lo, hi) into *res, taking the digests of
 * subtrees without opened leaves from path[*pos..n_path). */
static zp_err verify_rec(size_t lo, size_t hi, const size_t *idx, const zp_digest *leaves,
                         size_t a, size_t b, const zp_digest *path, size_t n_path,
                         size_t *pos, zp_digest *res) {
    if (a == b) {
        if (*pos >= n_path) return ZP_ERR_ARG;
        *res = path[(*pos)++];
        return ZP_OK;
    }
    if (hi - lo == 1) {
        *res = leaves[a];
        return ZP_OK;
    }
    size_t mid = lo + split_point(hi - lo);
    size_t c = lower_bound(idx, a, b, mid);
    zp_digest l, r;
    zp_err e = verify_rec(lo, mid, idx, leaves, a, c, path, n_path, pos, &l);
    if (e != ZP_OK) return e;
    e = verify_rec(mid, hi, idx, leaves, c, b, path, n_path, pos, &r);
    if (e != ZP_OK) return e;
    zp_hash_node(res, &l, &r);
    return ZP_OK;
}

zp_err zp_merkle_verify_batch(const zp_digest *root, size_t n_leaves, const size_t *idx,
                              const zp_digest *leaves, size_t n_idx, const zp_digest *path,
                              size_t n_path) {
    if (!root || !leaves || !idx_valid(n_leaves, idx, n_idx)) return ZP_ERR_ARG;
    if (n_path != count_rec(0, n_leaves, idx, 0, n_idx)) return ZP_ERR_ARG;
    if (n_path && !path) return ZP_ERR_ARG;
    size_t pos = 0;
    zp_digest got;
    zp_err e = verify_rec(0, n_leaves, idx, leaves, 0, n_idx, path, n_path, &pos, &got);
    if (e != ZP_OK) return e;
    if (pos != n_path) return ZP_ERR_INTERNAL;
    return zp_memeq(got.b, root->b, ZP_DIGEST_BYTES) ? ZP_OK : ZP_ERR_VERIFY;
}
