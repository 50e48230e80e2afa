/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the ChaCha20 keystream behind zp_rng: RFC 8439 vectors, libsodium cross-checks, backends, many streams. */
// ZP_TEST_LAYER: common
#include <sodium.h>

#include "harness.h"
#include "common/chacha20.h"
#include "common/rng_internal.h"

static void hex_to(uint8_t *out, const char *hex) {
    for (size_t i = 0; hex[2 * i]; i++) {
        unsigned v;
        sscanf(hex + 2 * i, "%2x", &v);
        out[i] = (uint8_t)v;
    }
}

static void words_le(uint32_t *w, const uint8_t *b, size_t n) {
    for (size_t i = 0; i < n; i++) w[i] = zp_load32_le(b + 4 * i);
}

static int have_avx512(void) { return zp_chacha20_stream_avx512_fn() != NULL; }

typedef zp_chacha20_stream_fn stream_fn;
typedef zp_chacha20_many_fn many_fn;

/* The stream backends: portable, dispatched and (where the build and the
 * CPU have it) the AVX-512 kernel itself.  Returns the count. */
static int stream_backends(stream_fn f[3]) {
    int n = 0;
    f[n++] = zp_chacha20_stream_portable;
    f[n++] = zp_chacha20_stream;
    if (zp_chacha20_stream_avx512_fn()) f[n++] = zp_chacha20_stream_avx512_fn();
    return n;
}
static int many_backends(many_fn f[3]) {
    int n = 0;
    f[n++] = zp_chacha20_many_portable;
    f[n++] = zp_chacha20_many;
    if (zp_chacha20_many_avx512_fn()) f[n++] = zp_chacha20_many_avx512_fn();
    return n;
}

/* RFC 8439 section 2.3.2: key 00..1f, nonce 000000090000004a00000000,
 * block counter 1. */
TEST(test_rfc8439_block) {
    uint8_t kb[32], nb[12], want[64], got[64 * 40];
    uint32_t k[8], n[3];
    for (int i = 0; i < 32; i++) kb[i] = (uint8_t)i;
    hex_to(nb, "000000090000004a00000000");
    hex_to(want,
           "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
           "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e");
    words_le(k, kb, 8);
    words_le(n, nb, 3);
    zp_chacha20_block_portable(got, k, 1, n);
    CHECK(memcmp(got, want, 64) == 0);
    stream_fn f[3];
    int nf = stream_backends(f);
    for (int b = 0; b < nf; b++) {
        /* alone, and as block 1 of a stream from counter 0 long enough
         * for the 16-lane kernel */
        memset(got, 0, sizeof got);
        f[b](got, 64, k, 1, n);
        CHECK(memcmp(got, want, 64) == 0);
        f[b](got, sizeof got, k, 0, n);
        CHECK(memcmp(got + 64, want, 64) == 0);
    }
}

/* RFC 8439 section 2.4.2: the sunscreen plaintext under key 00..1f, nonce
 * 000000000000004a00000000, initial counter 1. */
TEST(test_rfc8439_encrypt) {
    static const char pt[] = "Ladies and Gentlemen of the class of '99: If I could offer you "
                             "only one tip for the future, sunscreen would be it.";
    const size_t len = sizeof pt - 1;
    uint8_t kb[32], nb[12], ct[114], ks[114];
    uint32_t k[8], n[3];
    CHECK(len == sizeof ct);
    for (int i = 0; i < 32; i++) kb[i] = (uint8_t)i;
    hex_to(nb, "000000000000004a00000000");
    hex_to(ct,
           "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b"
           "f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8"
           "07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
           "5af90bbf74a35be6b40b8eedf2785e42874d");
    words_le(k, kb, 8);
    words_le(n, nb, 3);
    stream_fn f[3];
    int nf = stream_backends(f);
    for (int b = 0; b < nf; b++) {
        f[b](ks, len, k, 1, n);
        int ok = 1;
        for (size_t i = 0; i < len; i++) ok &= (uint8_t)(pt[i] ^ ks[i]) == ct[i];
        CHECK(ok);
    }
}

/* RFC 8439 appendix A.1, test vectors 1, 2, 3 and 5 (block function). */
TEST(test_rfc8439_a1) {
    static const struct {
        const char *key, *nonce;
        uint32_t ctr;
        const char *out;
    } v[] = {
        {"0000000000000000000000000000000000000000000000000000000000000000",
         "000000000000000000000000", 0,
         "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
         "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586"},
        {"0000000000000000000000000000000000000000000000000000000000000000",
         "000000000000000000000000", 1,
         "9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed"
         "29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f"},
        {"0000000000000000000000000000000000000000000000000000000000000001",
         "000000000000000000000000", 1,
         "3aeb5224ecf849929b9d828db1ced4dd832025e8018b8160b82284f3c949aa5a"
         "8eca00bbb4a73bdad192b5c42f73f2fd4e273644c8b36125a64addeb006c13a0"},
        {"0000000000000000000000000000000000000000000000000000000000000000",
         "000000000000000000000002", 0,
         "c2c64d378cd536374ae204b9ef933fcd1a8b2288b3dfa49672ab765b54ee27c7"
         "8a970e0e955c14f3a88e741b97c286f75f8fc299e8148362fa198a39531bed6d"},
    };
    stream_fn f[3];
    int nf = stream_backends(f);
    for (size_t t = 0; t < sizeof v / sizeof v[0]; t++) {
        uint8_t kb[32], nb[12], want[64], got[64 * 20];
        uint32_t k[8], n[3];
        hex_to(kb, v[t].key);
        hex_to(nb, v[t].nonce);
        hex_to(want, v[t].out);
        words_le(k, kb, 8);
        words_le(n, nb, 3);
        zp_chacha20_block_portable(got, k, v[t].ctr, n);
        CHECK(memcmp(got, want, 64) == 0);
        for (int b = 0; b < nf; b++) {
            f[b](got, 64, k, v[t].ctr, n);
            CHECK(memcmp(got, want, 64) == 0);
            f[b](got, sizeof got, k, 0, n);
            CHECK(memcmp(got + 64 * v[t].ctr, want, 64) == 0);
        }
    }
}

static size_t pick_len(size_t i) {
    static const size_t fixed[] = {0,   1,   2,   31,   32,   33,   63,   64,   65,  127,
                                   128, 129, 191, 192,  255,  256,  257,  511,  512, 1000,
                                   1023, 1024, 1025, 1087, 2048, 2176, 4095, 16391, 100003};
    if (i < sizeof fixed / sizeof fixed[0]) return fixed[i];
    return (size_t)(test_rand_u64() % 5000);
}

/* zp_rng_stream is ChaCha20-IETF with nonce domain || index, counter 0:
 * byte for byte libsodium's crypto_stream_chacha20_ietf (what it called
 * before zkprov had its own kernels), and each backend agrees with it,
 * from counter 0 and (crypto_stream_chacha20_ietf_xor_ic) from others. */
TEST(test_stream_vs_libsodium) {
    CHECK(sodium_init() >= 0);
    const size_t maxlen = 100003;
    uint8_t *want = malloc(maxlen), *got = malloc(maxlen), *zero = calloc(1, maxlen);
    CHECK(want && got && zero);
    if (!want || !got || !zero) goto out;
    stream_fn f[3];
    int nf = stream_backends(f);
    for (size_t it = 0; it < 29 + 40 * (size_t)test_iters(); it++) {
        size_t len = pick_len(it);
        uint8_t seed[32], nb[12];
        zp_rng_bytes(test_rng(), seed, sizeof seed);
        zp_rng r;
        zp_rng_init_seed(&r, seed);
        uint32_t domain = (uint32_t)test_rand_u64();
        uint64_t index = test_rand_u64();
        zp_store32_le(nb, domain);
        zp_store64_le(nb + 4, index);
        crypto_stream_chacha20_ietf(want, len, nb, seed);
        memset(got, 0xA5, len + 1 <= maxlen ? len + 1 : len);
        zp_rng_stream(&r, domain, index, got, len);
        CHECK(memcmp(got, want, len) == 0);
        if (len + 1 <= maxlen) CHECK(got[len] == 0xA5); /* nothing past len */
        /* the backends, from a counter that keeps the stream short of
         * 2^32 blocks (libsodium refuses to wrap) */
        uint32_t k[8], n[3];
        words_le(k, seed, 8);
        words_le(n, nb, 3);
        uint32_t ctr = (uint32_t)(test_rand_u64() % 1000000);
        crypto_stream_chacha20_ietf_xor_ic(want, zero, len, nb, ctr, seed);
        for (int b = 0; b < nf; b++) {
            memset(got, 0, len);
            f[b](got, len, k, ctr, n);
            CHECK(memcmp(got, want, len) == 0);
        }
    }
out:
    free(want);
    free(got);
    free(zero);
}

/* Past 2^32 blocks the 32-bit counter wraps the same way in every
 * backend (RFC 8439 streams never get there; this pins the behaviour). */
TEST(test_counter_wrap) {
    uint32_t k[8], n[3] = {1, 2, 3};
    for (int i = 0; i < 8; i++) k[i] = (uint32_t)test_rand_u64();
    uint8_t want[64 * 40], got[64 * 40];
    zp_chacha20_stream_portable(want, sizeof want, k, 0xFFFFFFF0u, n);
    uint8_t b0[64];
    zp_chacha20_block_portable(b0, k, 0, n);
    CHECK(memcmp(want + 64 * 16, b0, 64) == 0);
    stream_fn f[3];
    int nf = stream_backends(f);
    for (int b = 0; b < nf; b++) {
        f[b](got, sizeof got, k, 0xFFFFFFF0u, n);
        CHECK(memcmp(got, want, sizeof got) == 0);
    }
}

/* zp_rng_stream_many equals one zp_rng_stream per index, for every length
 * up to a block, counts around the 16 lanes, padded strides, indices that
 * carry into the high nonce word and that wrap at 2^64. */
TEST(test_many_equals_single) {
    static const size_t lens[] = {1, 3, 4, 7, 8, 28, 32, 33, 60, 63, 64};
    static const size_t counts[] = {1, 2, 3, 4, 5, 15, 16, 17, 31, 32, 33, 100};
    const uint64_t bases[] = {0, 0xFFFFFFF8u, UINT64_MAX - 9, test_rand_u64()};
    zp_rng r;
    zp_rng_init_u64(&r, test_rand_u64());
    uint32_t domain = (uint32_t)test_rand_u64();
    many_fn mf[3];
    int nm = many_backends(mf);
    uint32_t k[8];
    words_le(k, r.key, 8);
    for (size_t a = 0; a < sizeof lens / sizeof lens[0]; a++)
        for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++)
            for (size_t bi = 0; bi < sizeof bases / sizeof bases[0]; bi++) {
                size_t len = lens[a], cnt = counts[c], stride = len + (c % 3) * 5;
                uint64_t i0 = bases[bi];
                size_t sz = cnt * stride + 8;
                uint8_t *want = malloc(sz), *got = malloc(sz);
                CHECK(want && got);
                if (!want || !got) {
                    free(want);
                    free(got);
                    return;
                }
                memset(want, 0x5C, sz);
                for (size_t i = 0; i < cnt; i++)
                    zp_rng_stream(&r, domain, i0 + i, want + i * stride, len);
                memset(got, 0x5C, sz);
                CHECK_OK(zp_rng_stream_many(&r, domain, i0, cnt, got, stride, len));
                CHECK(memcmp(got, want, sz) == 0); /* gaps and the end untouched */
                const uint32_t n[3] = {domain, (uint32_t)i0, (uint32_t)(i0 >> 32)};
                for (int b = 0; b < nm; b++) {
                    memset(got, 0x5C, sz);
                    mf[b](got, stride, len, cnt, k, n);
                    CHECK(memcmp(got, want, sz) == 0);
                }
                free(want);
                free(got);
            }
}

TEST(test_many_args) {
    zp_rng r;
    zp_rng_init_u64(&r, 5);
    uint8_t buf[3 * 65] = {0}, zero[sizeof buf] = {0};
    CHECK(zp_rng_stream_many(&r, 1, 0, 2, buf, 65, 65) == ZP_ERR_ARG);
    CHECK(zp_rng_stream_many(&r, 1, 0, 2, buf, 31, 32) == ZP_ERR_ARG);
    CHECK(zp_rng_stream_many(NULL, 1, 0, 2, buf, 32, 32) == ZP_ERR_ARG);
    CHECK(zp_rng_stream_many(&r, 1, 0, 2, NULL, 32, 32) == ZP_ERR_ARG);
    CHECK(memcmp(buf, zero, sizeof buf) == 0);
    /* nothing to do: OK, nothing written; one stream needs no stride */
    CHECK_OK(zp_rng_stream_many(NULL, 1, 0, 0, NULL, 0, 32));
    CHECK_OK(zp_rng_stream_many(&r, 1, 0, 5, buf, 0, 0));
    CHECK(memcmp(buf, zero, sizeof buf) == 0);
    CHECK_OK(zp_rng_stream_many(&r, 1, 0, 1, buf, 0, 64));
    uint8_t one[64];
    zp_rng_stream(&r, 1, 0, one, sizeof one);
    CHECK(memcmp(buf, one, 64) == 0);
}

TEST(test_backend_name) {
    const char *b = zp_chacha20_backend();
    CHECK(strcmp(b, have_avx512() ? "avx512" : "portable") == 0);
    const char *force = getenv("ZP_FORCE_BACKEND");
    if (force && strcmp(force, "portable") == 0) CHECK(strcmp(b, "portable") == 0);
    printf("  chacha20 backend: %s\n", b);
}

/* zp_rng_bytes_many equals count successive zp_rng_bytes calls: the same
 * bytes and the same counter after, from any counter. */
TEST(test_bytes_many_equals_sequential) {
    static const size_t lens[] = {0, 1, 8, 33, 64};
    static const size_t counts[] = {1, 2, 15, 16, 17, 100};
    for (size_t a = 0; a < sizeof lens / sizeof lens[0]; a++)
        for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
            const size_t len = lens[a], cnt = counts[c];
            zp_rng r1, r2;
            zp_rng_init_u64(&r1, test_rand_u64());
            r1.counter = c % 2 ? test_rand_u64() : 0;
            r2 = r1;
            uint8_t want[100 * 64 + 8], got[100 * 64 + 8];
            memset(want, 0x5C, sizeof want);
            memset(got, 0x5C, sizeof got);
            for (size_t i = 0; i < cnt; i++) zp_rng_bytes(&r1, want + i * len, len);
            CHECK_OK(zp_rng_bytes_many(&r2, got, cnt, len));
            CHECK(memcmp(got, want, sizeof want) == 0);
            CHECK(r1.counter == r2.counter);
        }
    zp_rng r;
    zp_rng_init_u64(&r, 9);
    uint8_t buf[2 * 65] = {0}, zero[sizeof buf] = {0};
    CHECK(zp_rng_bytes_many(&r, buf, 2, 65) == ZP_ERR_ARG);
    CHECK(zp_rng_bytes_many(NULL, buf, 2, 8) == ZP_ERR_ARG);
    CHECK(zp_rng_bytes_many(&r, NULL, 2, 8) == ZP_ERR_ARG);
    CHECK(memcmp(buf, zero, sizeof buf) == 0 && r.counter == 0);
    CHECK_OK(zp_rng_bytes_many(&r, NULL, 0, 8));
    CHECK(r.counter == 0);
}
