/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Constant-time check (valgrind) of SHA-256, salted Merkle leaves and Poseidon2. */
#include <stdlib.h>
#include <string.h>

#include "ctime.h"
#include "hash/poseidon2_internal.h"
#include "hash/sha256_internal.h"
#include "zkprov/hash.h"

CT_REQUIRE_VALGRIND()

/* Message lengths around every padding and block boundary. */
static const size_t lens[] = {0, 1, 31, 55, 56, 63, 64, 65, 119, 127, 128, 129, 200, 1000};
#define N_LENS (sizeof lens / sizeof lens[0])
#define MAXLEN 1000

TEST(ct_sha256_oneshot_streaming) {
    uint8_t *msg = malloc(MAXLEN);
    CHECK(msg != NULL);
    if (!msg) return;
    for (size_t k = 0; k < N_LENS; k++) {
        size_t len = lens[k];
        zp_rng_bytes(test_rng(), msg, MAXLEN);
        uint8_t want[32], got[32];
        zp_sha256(want, msg, len);
        CT_SECRET(msg, MAXLEN);
        zp_sha256(got, msg, len);
        CHECK(len == 0 || ct_is_secret(got, 32));
        CT_PUBLIC(got, 32);
        CHECK(memcmp(got, want, 32) == 0);
        /* streaming, split at a public point */
        size_t cut = len ? (size_t)(test_rand_u64() % (len + 1)) : 0;
        zp_sha256_ctx c;
        zp_sha256_init(&c);
        zp_sha256_update(&c, msg, cut);
        zp_sha256_update(&c, msg + cut, len - cut);
        zp_sha256_final(&c, got);
        CT_PUBLIC(got, 32);
        CHECK(memcmp(got, want, 32) == 0);
        CT_PUBLIC(msg, MAXLEN);
    }
    free(msg);
}

/* Each compression backend on secret blocks and a secret chaining state. */
TEST(ct_sha256_backends) {
    uint8_t blocks[3 * 64];
    uint32_t st0[8];
    zp_rng_bytes(test_rng(), blocks, sizeof blocks);
    zp_rng_bytes(test_rng(), st0, sizeof st0);
    uint32_t want[8];
    memcpy(want, st0, sizeof want);
    zp_sha256_compress_portable(want, blocks, 3);
    int ran = 0;
    for (int shani = 0; shani < 2; shani++) {
        zp_sha256_compress_fn fn = zp_sha256_backend_fn(shani);
        if (!fn) {
            /* valgrind 3.19 executes no SHA-NI and hides it from cpuid */
            printf("  backend %s: not available here\n", shani ? "shani" : "portable");
            continue;
        }
        uint32_t st[8];
        memcpy(st, st0, sizeof st);
        CT_SECRET(st, sizeof st);
        CT_SECRET(blocks, sizeof blocks);
        fn(st, blocks, 3);
        CHECK(ct_is_secret(st, sizeof st));
        CT_PUBLIC(st, sizeof st);
        CT_PUBLIC(blocks, sizeof blocks);
        CHECK(memcmp(st, want, sizeof st) == 0);
        ran++;
    }
    CHECK(ran >= 1);
    printf("  dispatched SHA-256 backend: %s\n", zp_sha256_backend());
}

/* The one-call prefixed hashes behind leaves and nodes (wipe on and off). */
TEST(ct_sha256_prefixed) {
    uint8_t *a = malloc(MAXLEN), *b = malloc(MAXLEN);
    CHECK(a && b);
    if (!a || !b) goto done;
    for (size_t k = 0; k < N_LENS; k++) {
        size_t len = lens[k];
        zp_rng_bytes(test_rng(), a, MAXLEN);
        zp_rng_bytes(test_rng(), b, MAXLEN);
        uint8_t wa[32], wb[32], ga[32], gb[32];
        zp_sha256_ctx c;
        zp_sha256_init(&c);
        zp_sha256_update(&c, "\x07", 1);
        zp_sha256_update(&c, a, len);
        zp_sha256_final(&c, wa);
        zp_sha256_init(&c);
        zp_sha256_update(&c, "\x07", 1);
        zp_sha256_update(&c, b, len);
        zp_sha256_final(&c, wb);
        CT_SECRET(a, MAXLEN);
        CT_SECRET(b, MAXLEN);
        zp_sha256_prefixed(ga, 7, a, len, (int)(k & 1));
        CT_PUBLIC(ga, 32);
        CHECK(memcmp(ga, wa, 32) == 0);
        zp_sha256_prefixed_x2(ga, gb, 7, a, b, len, 1);
        CT_PUBLIC(ga, 32);
        CT_PUBLIC(gb, 32);
        CHECK(memcmp(ga, wa, 32) == 0 && memcmp(gb, wb, 32) == 0);
        CT_PUBLIC(a, MAXLEN);
        CT_PUBLIC(b, MAXLEN);
    }
done:
    free(a);
    free(b);
}

/* PCS-style leaves salt || values, hashed in a batch (pairs, odd tail),
 * then a Merkle tree over the secret leaf digests; only the root is
 * declassified, as a commitment publishes it. */
TEST(ct_merkle_salted_leaves) {
    const size_t n = 13, leaf_len = 32 + 5 * 8; /* salt, 5 column values */
    uint8_t *rec = malloc(n * leaf_len);
    zp_digest *want = malloc(n * sizeof *want), *got = malloc(n * sizeof *got);
    CHECK(rec && want && got);
    if (!rec || !want || !got) goto done;
    zp_rng_bytes(test_rng(), rec, n * leaf_len);
    for (size_t i = 0; i < n; i++) zp_hash_leaf(&want[i], rec + i * leaf_len, leaf_len);
    zp_merkle_tree *tw = NULL, *tg = NULL;
    CHECK_OK(zp_merkle_build(&tw, want, n));
    zp_digest root_w, root_g;
    zp_merkle_root(tw, &root_w);

    CT_SECRET(rec, n * leaf_len);
    zp_hash_leaves(got, rec, leaf_len, n);
    zp_digest one;
    zp_hash_leaf(&one, rec + 2 * leaf_len, leaf_len);
    zp_digest node;
    zp_hash_node(&node, &got[0], &got[1]);
    CHECK_OK(zp_merkle_build(&tg, got, n));
    zp_merkle_root(tg, &root_g);
    CHECK(ct_is_secret(&root_g, sizeof root_g));
    CT_PUBLIC(&root_g, sizeof root_g);
    CHECK(zp_memeq(root_g.b, root_w.b, 32));
    CT_PUBLIC(got, n * sizeof *got);
    CT_PUBLIC(&one, sizeof one);
    CT_PUBLIC(&node, sizeof node);
    CHECK(memcmp(got, want, n * sizeof *got) == 0);
    CHECK(memcmp(&one, &want[2], sizeof one) == 0);
    zp_digest wn;
    zp_hash_node(&wn, &want[0], &want[1]);
    CHECK(memcmp(&node, &wn, sizeof wn) == 0);
    zp_merkle_free(tw);
    zp_merkle_free(tg);
done:
    free(rec);
    free(want);
    free(got);
}

static void rnd_lanes(zp_fe *s, size_t n) {
    for (size_t i = 0; i < n; i++) s[i] = zp_fe_from_u64(test_rand_u64());
}

TEST(ct_poseidon2) {
    for (int it = 0; it < 4 * test_iters(); it++) {
        zp_fe s12[12], w12[12], s8[8], w8[8];
        rnd_lanes(s12, 12);
        rnd_lanes(s8, 8);
        memcpy(w12, s12, sizeof w12);
        memcpy(w8, s8, sizeof w8);
        zp_poseidon2_w12_portable(w12);
        zp_poseidon2_w8_portable(w8);
        CT_SECRET(s12, sizeof s12);
        CT_SECRET(s8, sizeof s8);
        zp_poseidon2_w12(s12); /* dispatched */
        zp_poseidon2_w8(s8);
        CHECK(ct_is_secret(s12, sizeof s12) && ct_is_secret(s8, sizeof s8));
        CT_PUBLIC(s12, sizeof s12);
        CT_PUBLIC(s8, sizeof s8);
        CHECK(memcmp(s12, w12, sizeof s12) == 0 && memcmp(s8, w8, sizeof s8) == 0);
#ifndef ZP_NO_AVX512
        if (zp_poseidon2_use_avx512()) {
            rnd_lanes(s12, 12);
            memcpy(w12, s12, sizeof w12);
            zp_poseidon2_w12_portable(w12);
            CT_SECRET(s12, sizeof s12);
            zp_poseidon2_w12_avx512(s12);
            CT_PUBLIC(s12, sizeof s12);
            CHECK(memcmp(s12, w12, sizeof s12) == 0);
        }
#endif
        /* sponge over 0..17 elements and the 2-to-1 compression */
        zp_fe in[17], l[4], r[4], wo[4], go[4];
        rnd_lanes(in, 17);
        rnd_lanes(l, 4);
        rnd_lanes(r, 4);
        size_t n = (size_t)(test_rand_u64() % 18);
        zp_poseidon2_hash(wo, in, n);
        CT_SECRET(in, sizeof in);
        zp_poseidon2_hash(go, in, n);
        CHECK(n == 0 || ct_is_secret(go, sizeof go));
        CT_PUBLIC(go, sizeof go);
        CT_PUBLIC(in, sizeof in);
        CHECK(memcmp(go, wo, sizeof go) == 0);
        zp_poseidon2_compress(wo, l, r);
        CT_SECRET(l, sizeof l);
        CT_SECRET(r, sizeof r);
        zp_poseidon2_compress(go, l, r);
        CT_PUBLIC(go, sizeof go);
        CHECK(memcmp(go, wo, sizeof go) == 0);
    }
    if (!zp_poseidon2_use_avx512()) printf("  Poseidon2 backend avx512: not available here\n");
}
