/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the Merkle trees: roots against an independent recursive MTH of
 * RFC 9162 section 2.1.1 (hashed with libsodium), batched authentication
 * paths (honest proofs verify, every single-digest tamper is rejected,
 * malformed index sets are refused), thread-count independence. */
// ZP_TEST_LAYER: hash
#include <omp.h>
#include <sodium.h>

#include "harness.h"
#include "zkprov/hash.h"

/* ---- independent reference (libsodium SHA-256, RFC 9162 recursion) ---- */
static void ref_leaf(zp_digest *out, const uint8_t *data, size_t len) {
    crypto_hash_sha256_state s;
    uint8_t z = 0x00;
    crypto_hash_sha256_init(&s);
    crypto_hash_sha256_update(&s, &z, 1);
    crypto_hash_sha256_update(&s, data, len);
    crypto_hash_sha256_final(&s, out->b);
}
static void ref_node(zp_digest *out, const zp_digest *l, const zp_digest *r) {
    crypto_hash_sha256_state s;
    uint8_t one = 0x01;
    crypto_hash_sha256_init(&s);
    crypto_hash_sha256_update(&s, &one, 1);
    crypto_hash_sha256_update(&s, l->b, 32);
    crypto_hash_sha256_update(&s, r->b, 32);
    crypto_hash_sha256_final(&s, out->b);
}
/* k = the largest power of two smaller than n (n > 1). */
static size_t ref_split(size_t n) {
    size_t k = 1;
    while (2 * k < n) k *= 2;
    return k;
}
/* MTH(D[n]) of RFC 9162 section 2.1.1, over leaf digests. */
static void ref_mth(zp_digest *out, const zp_digest *d, size_t n) {
    if (n == 1) {
        *out = d[0];
        return;
    }
    size_t k = ref_split(n);
    zp_digest l, r;
    ref_mth(&l, d, k);
    ref_mth(&r, d + k, n - k);
    ref_node(out, &l, &r);
}
/* PATH(m, D[n]) of RFC 9162 section 2.1.3.1, with the leaf range [lo, hi)
 * of each subtree it lists. */
typedef struct { zp_digest d; size_t lo; } ref_path_el;
static size_t ref_path(ref_path_el *out, size_t m, const zp_digest *d, size_t lo, size_t n) {
    if (n == 1) return 0;
    size_t k = ref_split(n), c;
    if (m < k) {
        c = ref_path(out, m, d, lo, k);
        ref_mth(&out[c].d, d + k, n - k);
        out[c].lo = lo + k;
    } else {
        c = ref_path(out, m - k, d + k, lo + k, n - k);
        ref_mth(&out[c].d, d, k);
        out[c].lo = lo;
    }
    return c + 1;
}

static void rand_leaves(zp_digest *d, size_t n) {
    zp_rng_bytes(test_rng(), d, n * sizeof *d);
}

/* A random sorted set of distinct indices of [0, n), of random size. */
static size_t rand_idx(size_t *idx, size_t n) {
    size_t k = 0;
    uint64_t mode = test_rand_u64() % 4;
    for (size_t i = 0; i < n; i++) {
        uint64_t r = test_rand_u64() % 100;
        int take = mode == 0 ? r < 3 : mode == 1 ? r < 20 : mode == 2 ? r < 60 : r < 95;
        if (take) idx[k++] = i;
    }
    if (k == 0) idx[k++] = (size_t)(test_rand_u64() % n);
    return k;
}

TEST(test_leaf_node_hash) {
    uint8_t data[300];
    zp_digest a, b, got, want;
    for (size_t len = 0; len <= 300; len++) {
        zp_rng_bytes(test_rng(), data, len);
        zp_hash_leaf(&got, data, len);
        ref_leaf(&want, data, len);
        CHECK(memcmp(got.b, want.b, 32) == 0);
    }
    rand_leaves(&a, 1);
    rand_leaves(&b, 1);
    zp_hash_node(&got, &a, &b);
    ref_node(&want, &a, &b);
    CHECK(memcmp(got.b, want.b, 32) == 0);
    /* Leaf and node hashes are domain separated. */
    uint8_t lr[64];
    memcpy(lr, a.b, 32);
    memcpy(lr + 32, b.b, 32);
    zp_hash_leaf(&want, lr, 64);
    CHECK(memcmp(got.b, want.b, 32) != 0);
}

TEST(test_hash_leaves) {
    static const size_t lens[] = {0, 1, 31, 55, 62, 63, 64, 65, 127, 128, 1024, 1025, 4096};
    static const size_t ns[] = {1, 2, 3, 8, 33, 257};
    for (size_t li = 0; li < sizeof lens / sizeof lens[0]; li++) {
        for (size_t ni = 0; ni < sizeof ns / sizeof ns[0]; ni++) {
            size_t len = lens[li], n = ns[ni];
            uint8_t *data = malloc(len * n + 1);
            zp_digest *got = malloc(n * sizeof *got);
            CHECK(data && got);
            if (!data || !got) return;
            zp_rng_bytes(test_rng(), data, len * n);
            zp_hash_leaves(got, data, len, n);
            int ok = 1;
            for (size_t i = 0; i < n; i++) {
                zp_digest want;
                ref_leaf(&want, data + i * len, len);
                ok &= memcmp(got[i].b, want.b, 32) == 0;
            }
            CHECK(ok);
            free(data);
            free(got);
        }
    }
}

TEST(test_root_vs_rfc9162) {
    zp_digest d[70], root, want;
    for (size_t n = 1; n <= 70; n++) {
        rand_leaves(d, n);
        zp_merkle_tree *t = NULL;
        CHECK_OK(zp_merkle_build(&t, d, n));
        if (!t) continue;
        zp_merkle_root(t, &root);
        ref_mth(&want, d, n);
        CHECK(memcmp(root.b, want.b, 32) == 0);
        CHECK(zp_merkle_n_leaves(t) == n);
        zp_merkle_free(t);
    }
    static const size_t big[] = {1000, 4097, 65536 + 3};
    zp_digest *bd = malloc(big[2] * sizeof *bd);
    CHECK(bd != NULL);
    if (!bd) return;
    for (size_t i = 0; i < 3; i++) {
        rand_leaves(bd, big[i]);
        zp_merkle_tree *t = NULL;
        CHECK_OK(zp_merkle_build(&t, bd, big[i]));
        if (!t) continue;
        zp_merkle_root(t, &root);
        ref_mth(&want, bd, big[i]);
        CHECK(memcmp(root.b, want.b, 32) == 0);
        zp_merkle_free(t);
    }
    free(bd);
}

/* For n = 2^k the tree is the perfect binary tree, computed level by level. */
TEST(test_power_of_two_perfect) {
    zp_digest lvl[256], root;
    for (size_t n = 1; n <= 256; n *= 2) {
        rand_leaves(lvl, n);
        zp_merkle_tree *t = NULL;
        CHECK_OK(zp_merkle_build(&t, lvl, n));
        if (!t) continue;
        for (size_t m = n; m > 1; m /= 2)
            for (size_t j = 0; j < m / 2; j++) ref_node(&lvl[j], &lvl[2 * j], &lvl[2 * j + 1]);
        zp_merkle_root(t, &root);
        CHECK(memcmp(root.b, lvl[0].b, 32) == 0);
        zp_merkle_free(t);
    }
}

TEST(test_thread_count_independent) {
    size_t n = 100003;
    zp_digest *d = malloc(n * sizeof *d);
    CHECK(d != NULL);
    if (!d) return;
    rand_leaves(d, n);
    zp_digest r1, r3;
    int saved = omp_get_max_threads();
    zp_merkle_tree *t = NULL;
    omp_set_num_threads(1);
    CHECK_OK(zp_merkle_build(&t, d, n));
    if (t) zp_merkle_root(t, &r1);
    zp_merkle_free(t);
    omp_set_num_threads(3);
    CHECK_OK(zp_merkle_build(&t, d, n));
    if (t) zp_merkle_root(t, &r3);
    zp_merkle_free(t);
    CHECK(memcmp(r1.b, r3.b, 32) == 0);
    /* Leaf hashing too. */
    size_t len = 1024, nl = 301;
    uint8_t *data = malloc(len * nl);
    zp_digest *h1 = malloc(nl * sizeof *h1), *h3 = malloc(nl * sizeof *h3);
    CHECK(data && h1 && h3);
    if (data && h1 && h3) {
        zp_rng_bytes(test_rng(), data, len * nl);
        omp_set_num_threads(1);
        zp_hash_leaves(h1, data, len, nl);
        omp_set_num_threads(3);
        zp_hash_leaves(h3, data, len, nl);
        CHECK(memcmp(h1, h3, nl * sizeof *h1) == 0);
    }
    omp_set_num_threads(saved);
    free(data);
    free(h1);
    free(h3);
    free(d);
}

/* Honest batched proof of idx; then every single-digest tamper fails. */
static void check_batch(const zp_merkle_tree *t, const zp_digest *d, size_t n,
                        const size_t *idx, size_t k, int tamper) {
    zp_digest root;
    zp_merkle_root(t, &root);
    size_t max = zp_merkle_batch_max(n, k);
    size_t cnt = zp_merkle_batch_count(n, idx, k);
    CHECK(cnt <= max);
    zp_digest *path = malloc((max + 2) * sizeof *path);
    zp_digest *leaves = malloc(k * sizeof *leaves);
    CHECK(path && leaves);
    if (!path || !leaves) return;
    for (size_t i = 0; i < k; i++) leaves[i] = d[idx[i]];
    size_t n_path = 12345;
    CHECK_OK(zp_merkle_prove_batch(t, idx, k, path, max, &n_path));
    CHECK(n_path == cnt);
    CHECK_OK(zp_merkle_verify_batch(&root, n, idx, leaves, k, path, n_path));
    /* Too small a buffer is refused. */
    if (cnt > 0) {
        size_t no = 7;
        CHECK(zp_merkle_prove_batch(t, idx, k, path, cnt - 1, &no) == ZP_ERR_ARG);
        CHECK(no == 0);
    }
    /* A wrong n_path is refused before anything is read. */
    if (n_path > 0)
        CHECK(zp_merkle_verify_batch(&root, n, idx, leaves, k, path, n_path - 1) == ZP_ERR_ARG);
    CHECK(zp_merkle_verify_batch(&root, n, idx, leaves, k, path, n_path + 1) == ZP_ERR_ARG);
    if (!tamper) {
        free(path);
        free(leaves);
        return;
    }
    int all_rejected = 1;
    for (size_t i = 0; i < n_path; i++) {
        size_t byte = (size_t)(test_rand_u64() % 32);
        uint8_t bit = (uint8_t)(1u << (test_rand_u64() % 8));
        path[i].b[byte] ^= bit;
        all_rejected &= zp_merkle_verify_batch(&root, n, idx, leaves, k, path, n_path) ==
                        ZP_ERR_VERIFY;
        path[i].b[byte] ^= bit;
    }
    for (size_t i = 0; i < k; i++) {
        size_t byte = (size_t)(test_rand_u64() % 32);
        leaves[i].b[byte] ^= 0x80;
        all_rejected &= zp_merkle_verify_batch(&root, n, idx, leaves, k, path, n_path) ==
                        ZP_ERR_VERIFY;
        leaves[i].b[byte] ^= 0x80;
    }
    /* Swapping two path digests (if different) is rejected too. */
    if (n_path >= 2 && memcmp(path[0].b, path[n_path - 1].b, 32) != 0) {
        zp_digest tmp = path[0];
        path[0] = path[n_path - 1];
        path[n_path - 1] = tmp;
        all_rejected &= zp_merkle_verify_batch(&root, n, idx, leaves, k, path, n_path) ==
                        ZP_ERR_VERIFY;
    }
    CHECK(all_rejected);
    zp_digest bad = root;
    bad.b[5] ^= 1;
    CHECK_OK(zp_merkle_prove_batch(t, idx, k, path, max, &n_path));
    CHECK(zp_merkle_verify_batch(&bad, n, idx, leaves, k, path, n_path) == ZP_ERR_VERIFY);
    free(path);
    free(leaves);
}

TEST(test_batch_random) {
    size_t idx[1200];
    zp_digest *d = malloc(1200 * sizeof *d);
    CHECK(d != NULL);
    if (!d) return;
    for (size_t n = 1; n <= 70; n++) {
        rand_leaves(d, n);
        zp_merkle_tree *t = NULL;
        CHECK_OK(zp_merkle_build(&t, d, n));
        if (!t) continue;
        for (int rep = 0; rep < 6; rep++) {
            size_t k = rand_idx(idx, n);
            check_batch(t, d, n, idx, k, 1);
        }
        zp_merkle_free(t);
    }
    static const size_t big[] = {1000, 1024, 1200};
    for (size_t b = 0; b < 3; b++) {
        size_t n = big[b];
        rand_leaves(d, n);
        zp_merkle_tree *t = NULL;
        CHECK_OK(zp_merkle_build(&t, d, n));
        if (!t) continue;
        for (int rep = 0; rep < 4; rep++) {
            size_t k = rand_idx(idx, n);
            check_batch(t, d, n, idx, k, rep < 2);
        }
        zp_merkle_free(t);
    }
    free(d);
}

/* A single index: the path is RFC 9162's PATH(m, D[n]), listed left to
 * right by leaf range instead of bottom-up. */
TEST(test_single_index_path) {
    zp_digest d[70], path[16];
    ref_path_el ref[16];
    for (size_t n = 1; n <= 70; n++) {
        rand_leaves(d, n);
        zp_merkle_tree *t = NULL;
        CHECK_OK(zp_merkle_build(&t, d, n));
        if (!t) continue;
        for (size_t m = 0; m < n; m++) {
            size_t n_path = 0;
            CHECK_OK(zp_merkle_prove_batch(t, &m, 1, path, 16, &n_path));
            size_t c = ref_path(ref, m, d, 0, n);
            CHECK(n_path == c);
            CHECK(zp_merkle_batch_count(n, &m, 1) == c);
            /* sort ref by lo (insertion sort) */
            for (size_t i = 1; i < c; i++)
                for (size_t j = i; j > 0 && ref[j - 1].lo > ref[j].lo; j--) {
                    ref_path_el tmp = ref[j];
                    ref[j] = ref[j - 1];
                    ref[j - 1] = tmp;
                }
            int same = n_path == c;
            for (size_t i = 0; same && i < c; i++) same = memcmp(path[i].b, ref[i].d.b, 32) == 0;
            CHECK(same);
            zp_digest root;
            zp_merkle_root(t, &root);
            CHECK_OK(zp_merkle_verify_batch(&root, n, &m, &d[m], 1, path, n_path));
        }
        zp_merkle_free(t);
    }
}

TEST(test_edge_cases) {
    zp_digest d[37], root, path[64];
    size_t idx[37], n_path = 99;
    /* n = 1: the root is the leaf digest, the path is empty. */
    rand_leaves(d, 1);
    zp_merkle_tree *t = NULL;
    CHECK(zp_merkle_build(&t, d, 0) == ZP_ERR_ARG);
    CHECK(t == NULL);
    CHECK_OK(zp_merkle_build(&t, d, 1));
    if (!t) return;
    zp_merkle_root(t, &root);
    CHECK(memcmp(root.b, d[0].b, 32) == 0);
    idx[0] = 0;
    CHECK_OK(zp_merkle_prove_batch(t, idx, 1, path, 0, &n_path));
    CHECK(n_path == 0);
    CHECK_OK(zp_merkle_verify_batch(&root, 1, idx, d, 1, NULL, 0));
    zp_merkle_free(t);

    size_t n = 37;
    rand_leaves(d, n);
    CHECK_OK(zp_merkle_build(&t, d, n));
    if (!t) return;
    zp_merkle_root(t, &root);
    /* All indices: nothing to send. */
    for (size_t i = 0; i < n; i++) idx[i] = i;
    CHECK(zp_merkle_batch_count(n, idx, n) == 0);
    CHECK_OK(zp_merkle_prove_batch(t, idx, n, path, 64, &n_path));
    CHECK(n_path == 0);
    CHECK_OK(zp_merkle_verify_batch(&root, n, idx, d, n, path, 0));
    /* First and last. */
    size_t fl[2] = {0, n - 1};
    zp_digest fl_leaves[2] = {d[0], d[n - 1]};
    CHECK_OK(zp_merkle_prove_batch(t, fl, 2, path, 64, &n_path));
    CHECK(n_path == zp_merkle_batch_count(n, fl, 2));
    CHECK_OK(zp_merkle_verify_batch(&root, n, fl, fl_leaves, 2, path, n_path));
    /* Swapped leaves are rejected. */
    zp_digest sw[2] = {d[n - 1], d[0]};
    CHECK(zp_merkle_verify_batch(&root, n, fl, sw, 2, path, n_path) == ZP_ERR_VERIFY);
    /* Malformed index sets: unsorted, duplicate, out of range, empty. */
    size_t unsorted[2] = {n - 1, 0}, dup[2] = {3, 3}, oob[2] = {0, n}, huge[1] = {SIZE_MAX};
    size_t bad_n = 5;
    CHECK(zp_merkle_prove_batch(t, unsorted, 2, path, 64, &bad_n) == ZP_ERR_ARG);
    CHECK(bad_n == 0);
    CHECK(zp_merkle_prove_batch(t, dup, 2, path, 64, &bad_n) == ZP_ERR_ARG);
    CHECK(zp_merkle_prove_batch(t, oob, 2, path, 64, &bad_n) == ZP_ERR_ARG);
    CHECK(zp_merkle_prove_batch(t, huge, 1, path, 64, &bad_n) == ZP_ERR_ARG);
    CHECK(zp_merkle_prove_batch(t, idx, 0, path, 64, &bad_n) == ZP_ERR_ARG);
    CHECK(zp_merkle_batch_count(n, unsorted, 2) == 0);
    CHECK(zp_merkle_batch_count(n, dup, 2) == 0);
    CHECK(zp_merkle_batch_count(n, oob, 2) == 0);
    CHECK(zp_merkle_verify_batch(&root, n, unsorted, sw, 2, path, n_path) == ZP_ERR_ARG);
    CHECK(zp_merkle_verify_batch(&root, n, dup, fl_leaves, 2, path, n_path) == ZP_ERR_ARG);
    CHECK(zp_merkle_verify_batch(&root, n, oob, fl_leaves, 2, path, n_path) == ZP_ERR_ARG);
    CHECK(zp_merkle_verify_batch(&root, n, huge, fl_leaves, 1, path, n_path) == ZP_ERR_ARG);
    CHECK(zp_merkle_verify_batch(&root, n, idx, fl_leaves, 0, path, 0) == ZP_ERR_ARG);
    CHECK(zp_merkle_verify_batch(&root, 0, fl, fl_leaves, 2, path, n_path) == ZP_ERR_ARG);
    /* A proof for one index set does not verify another. */
    size_t other[2] = {1, n - 1};
    CHECK(zp_merkle_verify_batch(&root, n, other, fl_leaves, 2, path, n_path) != ZP_OK);
    CHECK(zp_merkle_batch_max(0, 1) == 0);
    CHECK(zp_merkle_batch_max(n, 0) == 0);
    CHECK(zp_merkle_batch_max(n, 1) == 6); /* ceil(log2 37) */
    zp_merkle_free(t);
    zp_merkle_free(NULL);
}
