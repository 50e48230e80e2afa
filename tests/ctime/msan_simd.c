/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Constant-time check (MemorySanitizer) of the AVX-512 and SHA-NI backends, which valgrind cannot run. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sanitizer/msan_interface.h>

#include "common/chacha20.h"
#include "common/cpu.h"
#include "field/batch.h"
#include "field/ntt_internal.h"
#include "hash/poseidon2_internal.h"
#include "hash/sha256_internal.h"
#include "zkprov/hash.h"

/*
 * valgrind 3.19 executes no AVX-512 or SHA-NI instruction, so the ctime_*
 * programs check the portable backends only.  This program checks the
 * vector backends with clang's MemorySanitizer instead, which runs them
 * natively: the same idea (Langley's ctgrind), with MSan's shadow memory
 * for memcheck's definedness bits.  __msan_poison marks the secret inputs
 * uninitialised; MSan reports a conditional branch or a memory address
 * computed from them (use-of-uninitialized-value) and stops.  After each
 * call the outputs must still be poisoned (the secrets reached the code),
 * are unpoisoned and compared with the portable reference on public
 * copies.  It is built by CMake with clang -fsanitize=memory from the
 * library's field and hash sources only (no OpenMP, no libsodium
 * randomness: MSan needs every byte it checks to come from instrumented
 * code), each file with its own ISA flags.
 *
 * Exit status: 0 pass, 1 a check failed, 200 (CTest SKIP_RETURN_CODE) if
 * this CPU has neither AVX-512 nor SHA-NI.  With --canary it branches on a
 * secret on purpose: MSan must stop it (the CTest twin has WILL_FAIL).
 */

static int failures, checks;
#define CHECK(c)                                                            \
    do {                                                                    \
        checks++;                                                           \
        if (!(c)) {                                                         \
            failures++;                                                     \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c); \
        }                                                                   \
    } while (0)
#define SECRET(p, n) __msan_poison((p), (n))
#define PUBLIC(p, n) __msan_unpoison((p), (n))
static int is_secret(const void *p, size_t n) { return __msan_test_shadow(p, n) != -1; }

/* splitmix64 (Steele, Lea, Flood, OOPSLA 2014): test data only. */
static uint64_t rs = 0x5eed;
static uint64_t rnd64(void) {
    uint64_t z = (rs += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static zp_fe rnd_fe(void) { return rnd64() % ZP_FIELD_P; }

/* Runs want = call on public inputs, got = call on secret ones, then
 * checks that got is secret, declassifies, compares. */
#define RUN(call_want, call_got, outw, outg, len, ins)                      \
    do {                                                                    \
        call_want;                                                          \
        for (size_t q_ = 0; q_ < sizeof(ins) / sizeof((ins)[0]); q_++)      \
            SECRET((ins)[q_].p, (ins)[q_].n);                               \
        call_got;                                                           \
        CHECK(is_secret(outg, len));                                        \
        PUBLIC(outg, len);                                                  \
        for (size_t q_ = 0; q_ < sizeof(ins) / sizeof((ins)[0]); q_++)      \
            PUBLIC((ins)[q_].p, (ins)[q_].n);                               \
        CHECK(memcmp(outw, outg, len) == 0);                                \
    } while (0)

typedef struct {
    void *p;
    size_t n;
} region;

static void check_batch(const zp_field_backend_t *be, const zp_field_backend_t *ref, size_t n) {
    zp_fe *a = malloc(n * 8), *b = malloc(n * 8), *w = malloc(n * 8), *g = malloc(n * 8);
    zp_fe *sc = malloc(n * 8);
    zp_fe2 *a2 = malloc(n * 16), *b2 = malloc(n * 16), *w2 = malloc(n * 16), *g2 = malloc(n * 16);
    zp_fe2 *sc2 = malloc(n * 16);
    if (!a || !b || !w || !g || !sc || !a2 || !b2 || !w2 || !g2 || !sc2) {
        CHECK(0);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        a[i] = rnd_fe();
        b[i] = rnd_fe();
        a2[i] = (zp_fe2){rnd_fe(), rnd_fe()};
        b2[i] = (zp_fe2){rnd_fe(), rnd_fe()};
    }
    a[n / 3] = 0;
    a2[n / 2] = (zp_fe2){0, 0};
    zp_fe s = rnd_fe(), dw, dg;
    region in[] = {{a, n * 8}, {b, n * 8}, {&s, 8}, {a2, n * 16}, {b2, n * 16}};
    RUN(ref->add(w, a, b, n), be->add(g, a, b, n), w, g, n * 8, in);
    RUN(ref->sub(w, a, b, n), be->sub(g, a, b, n), w, g, n * 8, in);
    RUN(ref->mul(w, a, b, n), be->mul(g, a, b, n), w, g, n * 8, in);
    RUN(ref->scale(w, a, s, n), be->scale(g, a, s, n), w, g, n * 8, in);
    RUN((memcpy(w, b, n * 8), ref->axpy(w, a, s, n)), (memcpy(g, b, n * 8), be->axpy(g, a, s, n)),
        w, g, n * 8, in);
    RUN(dw = ref->dot(a, b, n), dg = be->dot(a, b, n), &dw, &dg, 8, in);
    RUN(ref->mul2(w2, a2, b2, n), be->mul2(g2, a2, b2, n), w2, g2, n * 16, in);
    RUN(ref->inv(w, a, n, sc), be->inv(g, a, n, sc), w, g, n * 8, in);
    RUN(ref->inv2(w2, a2, n, sc2), be->inv2(g2, a2, n, sc2), w2, g2, n * 16, in);
done:
    free(a); free(b); free(w); free(g); free(sc);
    free(a2); free(b2); free(w2); free(g2); free(sc2);
}

static void check_ntt(unsigned log_n) {
    size_t n = (size_t)1 << log_n;
    zp_fe *v = malloc(n * 8), *w = malloc(n * 8), *lw = malloc(2 * n * 8), *lg = malloc(2 * n * 8);
    if (!v || !w || !lw || !lg) {
        CHECK(0);
        goto done;
    }
    for (size_t i = 0; i < n; i++) v[i] = rnd_fe();
    zp_fe shift = 7;
    CHECK(zp_ntt_coset_lde_backend(lw, log_n + 1, v, n, shift, ZP_NTT_PORTABLE) == ZP_OK);
    SECRET(v, n * 8);
    CHECK(zp_ntt_coset_lde_backend(lg, log_n + 1, v, n, shift, ZP_NTT_AVX512) == ZP_OK);
    CHECK(is_secret(lg, 2 * n * 8));
    PUBLIC(lg, 2 * n * 8);
    CHECK(memcmp(lg, lw, 2 * n * 8) == 0);
    PUBLIC(v, n * 8);
    memcpy(w, v, n * 8);
    CHECK(zp_ntt_forward_backend(w, log_n, ZP_NTT_PORTABLE) == ZP_OK);
    SECRET(v, n * 8);
    CHECK(zp_ntt_forward_backend(v, log_n, ZP_NTT_AVX512) == ZP_OK);
    CHECK(is_secret(v, n * 8));
    PUBLIC(v, n * 8);
    CHECK(memcmp(v, w, n * 8) == 0);
    CHECK(zp_ntt_inverse_backend(w, log_n, ZP_NTT_PORTABLE) == ZP_OK);
    SECRET(v, n * 8);
    CHECK(zp_ntt_inverse_backend(v, log_n, ZP_NTT_AVX512) == ZP_OK);
    CHECK(is_secret(v, n * 8));
    PUBLIC(v, n * 8);
    CHECK(memcmp(v, w, n * 8) == 0);
done:
    free(v); free(w); free(lw); free(lg);
}

static void check_poseidon2(void) {
    for (int it = 0; it < 8; it++) {
        zp_fe s12[12], w12[12], s8[8], w8[8];
        for (int i = 0; i < 12; i++) s12[i] = w12[i] = rnd_fe();
        for (int i = 0; i < 8; i++) s8[i] = w8[i] = rnd_fe();
        zp_poseidon2_w12_portable(w12);
        zp_poseidon2_w8_portable(w8);
        SECRET(s12, sizeof s12);
        SECRET(s8, sizeof s8);
        zp_poseidon2_w12_avx512(s12);
        zp_poseidon2_w8_avx512(s8);
        CHECK(is_secret(s12, sizeof s12) && is_secret(s8, sizeof s8));
        PUBLIC(s12, sizeof s12);
        PUBLIC(s8, sizeof s8);
        CHECK(memcmp(s12, w12, sizeof s12) == 0 && memcmp(s8, w8, sizeof s8) == 0);
    }
}

static void check_shani(void) {
    enum { MAXB = 5 };
    uint8_t a[MAXB * 64], b[MAXB * 64];
    for (size_t i = 0; i < sizeof a; i++) {
        a[i] = (uint8_t)rnd64();
        b[i] = (uint8_t)rnd64();
    }
    for (size_t nb = 1; nb <= 3; nb++) {
        uint32_t wa[8], wb[8], ga[8], gb[8];
        memcpy(wa, zp_sha256_iv, 32);
        memcpy(wb, zp_sha256_iv, 32);
        zp_sha256_compress_portable(wa, a, nb);
        zp_sha256_compress_portable(wb, b, nb);
        memcpy(ga, zp_sha256_iv, 32);
        memcpy(gb, zp_sha256_iv, 32);
        SECRET(a, sizeof a);
        SECRET(b, sizeof b);
        SECRET(ga, 32); /* a secret chaining state too */
        zp_sha256_compress_shani(ga, a, nb);
        CHECK(is_secret(ga, 32));
        PUBLIC(ga, 32);
        CHECK(memcmp(ga, wa, 32) == 0);
        memcpy(ga, zp_sha256_iv, 32);
        zp_sha256_compress_x2_shani(ga, gb, a, b, nb);
        CHECK(is_secret(ga, 32) && is_secret(gb, 32));
        PUBLIC(ga, 32);
        PUBLIC(gb, 32);
        PUBLIC(a, sizeof a);
        PUBLIC(b, sizeof b);
        CHECK(memcmp(ga, wa, 32) == 0 && memcmp(gb, wb, 32) == 0);
    }
    /* the fused prefixed hashes (len >= 64; shorter ones through the
     * dispatcher's split into blocks) against the portable path */
    static const size_t lens[] = {0, 1, 31, 55, 63, 64, 100, 119, 127, 128, 200, MAXB * 64};
    for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
        size_t len = lens[k];
        uint8_t wa[32], wb[32], ga[32], gb[32];
        uint32_t h[8];
        uint8_t pad[MAXB * 64 + 128];
        /* portable reference: 0x00 || data, FIPS 180-4 padding */
        for (int s = 0; s < 2; s++) {
            const uint8_t *d = s ? b : a;
            size_t m = len + 1, nb = (m + 9 + 63) / 64;
            memset(pad, 0, sizeof pad);
            pad[0] = 0;
            memcpy(pad + 1, d, len);
            pad[m] = 0x80;
            for (int i = 0; i < 8; i++) pad[nb * 64 - 1 - i] = (uint8_t)((uint64_t)m * 8 >> (8 * i));
            memcpy(h, zp_sha256_iv, 32);
            zp_sha256_compress_portable(h, pad, nb);
            uint8_t *o = s ? wb : wa;
            for (int i = 0; i < 8; i++)
                for (int j = 0; j < 4; j++) o[4 * i + j] = (uint8_t)(h[i] >> (24 - 8 * j));
        }
        SECRET(a, sizeof a);
        SECRET(b, sizeof b);
        if (len >= 64) {
            zp_sha256_prefixed_shani(ga, 0, a, len, 1);
            CHECK(is_secret(ga, 32));
            PUBLIC(ga, 32);
            CHECK(memcmp(ga, wa, 32) == 0);
        }
        zp_sha256_prefixed(ga, 0, a, len, 1); /* dispatched: SHA-NI here */
        CHECK(len == 0 || is_secret(ga, 32));
        PUBLIC(ga, 32);
        CHECK(memcmp(ga, wa, 32) == 0);
        zp_sha256_prefixed_x2(ga, gb, 0, a, b, len, 1);
        CHECK(len == 0 || (is_secret(ga, 32) && is_secret(gb, 32)));
        PUBLIC(ga, 32);
        PUBLIC(gb, 32);
        PUBLIC(a, sizeof a);
        PUBLIC(b, sizeof b);
        CHECK(memcmp(ga, wa, 32) == 0 && memcmp(gb, wb, 32) == 0);
    }
    CHECK(strcmp(zp_sha256_backend(), "shani") == 0);
}

/* The ChaCha20 kernels with a secret key: the long-stream kernel (whole
 * 16-block rounds, a partial round, a short tail) and the many-streams one
 * (masked word stores, byte lengths, a partial group) against the portable
 * code. */
static void check_chacha20(void) {
    enum { MAXL = 16 * 64 * 2 + 300 };
    static uint8_t want[MAXL], got[MAXL];
    uint32_t key[8];
    const uint32_t nonce[3] = {0x50435303u, 0xFFFFFFF9u, 7}; /* index carries */
    for (int i = 0; i < 8; i++) key[i] = (uint32_t)rnd64();
    static const size_t lens[] = {64, 100, 256, 1000, 1024, 1500, MAXL};
    for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
        zp_chacha20_stream_portable(want, lens[k], key, 3, nonce);
        SECRET(key, sizeof key);
        zp_chacha20_stream_avx512(got, lens[k], key, 3, nonce);
        CHECK(is_secret(got, lens[k]));
        PUBLIC(got, lens[k]);
        PUBLIC(key, sizeof key);
        CHECK(memcmp(got, want, lens[k]) == 0);
    }
    static const size_t each[] = {7, 16, 32, 64};
    for (size_t k = 0; k < sizeof each / sizeof each[0]; k++) {
        const size_t count = 21, stride = 64;
        memset(want, 0, count * stride);
        memset(got, 0, count * stride);
        zp_chacha20_many_portable(want, stride, each[k], count, key, nonce);
        SECRET(key, sizeof key);
        zp_chacha20_many_avx512(got, stride, each[k], count, key, nonce);
        CHECK(is_secret(got, each[k]) && is_secret(got + 20 * stride, each[k]));
        PUBLIC(got, count * stride);
        PUBLIC(key, sizeof key);
        CHECK(memcmp(got, want, count * stride) == 0);
    }
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "--canary") == 0) {
        volatile uint64_t x = rnd64();
        uint64_t s = x;
        SECRET(&s, sizeof s);
        if (s & 1) puts("odd"); /* MSan must stop here */
        puts("canary not reported");
        return 0;
    }
    unsigned f = zp_cpu_features();
    int ran = 0;
    if (f & ZP_CPU_AVX512F) {
        const zp_field_backend_t *be = zp_field_backend_by_name("avx512");
        const zp_field_backend_t *ref = zp_field_backend_by_name("portable");
        CHECK(be != NULL && ref != NULL);
        if (be && ref) {
            check_batch(be, ref, 37);
            check_batch(be, ref, 261);
        }
        static const unsigned logs[] = {6, 11, 16};
        for (size_t k = 0; k < 3; k++) check_ntt(logs[k]);
        check_poseidon2();
        check_chacha20();
        printf("avx512: field batch, NTT, Poseidon2, ChaCha20 checked\n");
        ran++;
    } else {
        printf("avx512: not available on this CPU\n");
    }
    if (f & ZP_CPU_SHANI) {
        check_shani();
        printf("shani: compression, two streams, prefixed checked\n");
        ran++;
    } else {
        printf("shani: not available on this CPU\n");
    }
    printf("%d checks, %d failures\n", checks, failures);
    if (!ran) return 200;
    return failures ? 1 : 0;
}
