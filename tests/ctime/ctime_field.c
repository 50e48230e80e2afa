/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Constant-time check (valgrind) of the field: scalar, extension, batch, NTT, memeq. */
#include <stdlib.h>
#include <string.h>

#include "ctime.h"
#include "field/batch.h"
#include "field/ntt_internal.h"
#include "zkprov/field.h"

CT_REQUIRE_VALGRIND()

#define P ZP_FIELD_P

/* Random canonical elements, with the edge values 0, 1, p - 1, 2^32 - 1,
 * 2^32, p - 2^32 mixed in. */
static zp_fe rnd_fe(void) {
    static const zp_fe edge[] = {0, 1, P - 1, 0xFFFFFFFFULL, 0x100000000ULL, P - 0x100000000ULL};
    uint64_t r = test_rand_u64();
    if ((r & 7) == 0) return edge[(r >> 3) % (sizeof edge / sizeof edge[0])];
    return zp_fe_from_u64(test_rand_u64());
}
static zp_fe2 rnd_fe2(void) {
    zp_fe2 r = {rnd_fe(), rnd_fe()};
    return r;
}
static void fill(zp_fe *v, size_t n) {
    for (size_t i = 0; i < n; i++) v[i] = rnd_fe();
}

/* Checks that r was computed from the secrets, declassifies it (the
 * test's output) and compares it with want. */
#define CT_EQ(r, want)                                                      \
    do {                                                                    \
        CHECK(ct_is_secret(&(r), sizeof(r)));                               \
        CT_PUBLIC(&(r), sizeof(r));                                         \
        CHECK(memcmp(&(r), &(want), sizeof(r)) == 0);                       \
    } while (0)

TEST(ct_fe_scalar) {
    for (int it = 0; it < 64 * test_iters(); it++) {
        zp_fe a = rnd_fe(), b = rnd_fe();
        uint64_t e = test_rand_u64(), raw = test_rand_u64();
        int64_t si = (int64_t)test_rand_u64();
        zp_fe w_add = zp_fe_add(a, b), w_sub = zp_fe_sub(a, b), w_neg = zp_fe_neg(a);
        zp_fe w_mul = zp_fe_mul(a, b), w_sqr = zp_fe_sqr(a), w_inv = zp_fe_inv(a);
        zp_fe w_pow = zp_fe_pow(a, e), w_u = zp_fe_from_u64(raw), w_i = zp_fe_from_i64(si);
        uint8_t bytes[8];
        zp_store64_le(bytes, raw);
        zp_fe w_fb;
        zp_err w_fbe = zp_fe_from_bytes_le(&w_fb, bytes);

        CT_SECRET(&a, sizeof a);
        CT_SECRET(&b, sizeof b);
        CT_SECRET(&e, sizeof e);
        CT_SECRET(&raw, sizeof raw);
        CT_SECRET(&si, sizeof si);
        CT_SECRET(bytes, sizeof bytes);
        zp_fe r;
        r = zp_fe_add(a, b); CT_EQ(r, w_add);
        r = zp_fe_sub(a, b); CT_EQ(r, w_sub);
        r = zp_fe_neg(a); CT_EQ(r, w_neg);
        r = zp_fe_mul(a, b); CT_EQ(r, w_mul);
        r = zp_fe_sqr(a); CT_EQ(r, w_sqr);
        r = zp_fe_inv(a); CT_EQ(r, w_inv);
        r = zp_fe_pow(a, e); CT_EQ(r, w_pow);
        r = zp_fe_from_u64(raw); CT_EQ(r, w_u);
        r = zp_fe_from_i64(si); CT_EQ(r, w_i);
        /* The parser's output is constant-time; its return code is the
         * validity bit a caller branches on (declassified here). */
        zp_fe fb;
        zp_err fbe = zp_fe_from_bytes_le(&fb, bytes);
        CT_EQ(fbe, w_fbe);
        CT_EQ(fb, w_fb);
        uint8_t out[8], w_out[8];
        zp_store64_le(w_out, w_mul);
        zp_fe m = zp_fe_mul(a, b);
        zp_fe_to_bytes_le(out, m);
        CT_PUBLIC(out, sizeof out);
        CHECK(memcmp(out, w_out, 8) == 0);
    }
}

TEST(ct_fe2_scalar) {
    for (int it = 0; it < 64 * test_iters(); it++) {
        zp_fe2 a = rnd_fe2(), b = rnd_fe2();
        zp_fe c = rnd_fe();
        uint64_t e = test_rand_u64();
        zp_fe2 w_add = zp_fe2_add(a, b), w_sub = zp_fe2_sub(a, b), w_neg = zp_fe2_neg(a);
        zp_fe2 w_mul = zp_fe2_mul(a, b), w_mf = zp_fe2_mul_fe(a, c), w_sqr = zp_fe2_sqr(a);
        zp_fe2 w_inv = zp_fe2_inv(a), w_pow = zp_fe2_pow(a, e);
        uint8_t bytes[16];
        zp_fe2_to_bytes_le(bytes, w_mul);
        bytes[15] ^= (uint8_t)(test_rand_u64() & 0x80); /* sometimes >= p */
        zp_fe2 w_fb;
        zp_err w_fbe = zp_fe2_from_bytes_le(&w_fb, bytes);

        CT_SECRET(&a, sizeof a);
        CT_SECRET(&b, sizeof b);
        CT_SECRET(&c, sizeof c);
        CT_SECRET(&e, sizeof e);
        CT_SECRET(bytes, sizeof bytes);
        zp_fe2 r;
        r = zp_fe2_add(a, b); CT_EQ(r, w_add);
        r = zp_fe2_sub(a, b); CT_EQ(r, w_sub);
        r = zp_fe2_neg(a); CT_EQ(r, w_neg);
        r = zp_fe2_mul(a, b); CT_EQ(r, w_mul);
        r = zp_fe2_mul_fe(a, c); CT_EQ(r, w_mf);
        r = zp_fe2_sqr(a); CT_EQ(r, w_sqr);
        r = zp_fe2_inv(a); CT_EQ(r, w_inv);
        r = zp_fe2_pow(a, e); CT_EQ(r, w_pow);
        zp_fe2 fb;
        zp_err fbe = zp_fe2_from_bytes_le(&fb, bytes);
        CT_EQ(fbe, w_fbe);
        CT_EQ(fb, w_fb);
    }
}

/* Every kernel of one backend on n secret elements (n not a multiple of
 * the vector width, so that the tails run too), zeros included for the
 * batch inversions. */
static void batch_backend(const zp_field_backend_t *be, size_t n) {
    zp_fe *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    zp_fe *want = malloc(n * sizeof *want), *got = malloc(n * sizeof *got);
    zp_fe *scr = malloc(n * sizeof *scr);
    zp_fe2 *a2 = malloc(n * sizeof *a2), *b2 = malloc(n * sizeof *b2);
    zp_fe2 *want2 = malloc(n * sizeof *want2), *got2 = malloc(n * sizeof *got2);
    zp_fe2 *scr2 = malloc(n * sizeof *scr2);
    CHECK(a && b && want && got && scr && a2 && b2 && want2 && got2 && scr2);
    if (!(a && b && want && got && scr && a2 && b2 && want2 && got2 && scr2)) goto done;
    fill(a, n);
    fill(b, n);
    for (size_t i = 0; i < n; i++) {
        a2[i] = rnd_fe2();
        b2[i] = rnd_fe2();
    }
    a[n / 3] = 0; /* zeros at secret positions for the inversions */
    a2[n / 2].c0 = a2[n / 2].c1 = 0;
    zp_fe s = rnd_fe(), ws;
    const size_t bytes = n * sizeof(zp_fe), bytes2 = n * sizeof(zp_fe2);

#define RUN1(call_want, call_got, outw, outg, len)                          \
    do {                                                                    \
        call_want;                                                          \
        CT_SECRET(a, bytes);                                                \
        CT_SECRET(b, bytes);                                                \
        CT_SECRET(&s, sizeof s);                                            \
        CT_SECRET(a2, bytes2);                                              \
        CT_SECRET(b2, bytes2);                                              \
        call_got;                                                           \
        CHECK(ct_is_secret(outg, len));                                     \
        CT_PUBLIC(outg, len);                                               \
        CT_PUBLIC(a, bytes);                                                \
        CT_PUBLIC(b, bytes);                                                \
        CT_PUBLIC(&s, sizeof s);                                            \
        CT_PUBLIC(a2, bytes2);                                              \
        CT_PUBLIC(b2, bytes2);                                              \
        CHECK(memcmp(outw, outg, len) == 0);                                \
    } while (0)

    RUN1(be->add(want, a, b, n), be->add(got, a, b, n), want, got, bytes);
    RUN1(be->sub(want, a, b, n), be->sub(got, a, b, n), want, got, bytes);
    RUN1(be->mul(want, a, b, n), be->mul(got, a, b, n), want, got, bytes);
    RUN1(be->scale(want, a, s, n), be->scale(got, a, s, n), want, got, bytes);
    RUN1((memcpy(want, b, bytes), be->axpy(want, a, s, n)),
         (memcpy(got, b, bytes), be->axpy(got, a, s, n)), want, got, bytes);
    zp_fe d;
    RUN1(ws = be->dot(a, b, n), d = be->dot(a, b, n), &ws, &d, sizeof d);
    RUN1(be->mul2(want2, a2, b2, n), be->mul2(got2, a2, b2, n), want2, got2, bytes2);
    RUN1(be->inv(want, a, n, scr), be->inv(got, a, n, scr), want, got, bytes);
    RUN1(be->inv2(want2, a2, n, scr2), be->inv2(got2, a2, n, scr2), want2, got2, bytes2);
#undef RUN1
    CHECK(want[n / 3] == 0 && want2[n / 2].c0 == 0 && want2[n / 2].c1 == 0);
    CHECK(zp_fe_mul(want[0], a[0]) == (a[0] != 0));
done:
    free(a); free(b); free(want); free(got); free(scr);
    free(a2); free(b2); free(want2); free(got2); free(scr2);
}

TEST(ct_batch_backends) {
    const char *names[] = {"portable", "avx512"};
    int ran = 0;
    for (int k = 0; k < 2; k++) {
        const zp_field_backend_t *be = zp_field_backend_by_name(names[k]);
        if (!be) {
            /* valgrind 3.19 executes no AVX-512 and hides it from cpuid */
            printf("  backend %s: not available here\n", names[k]);
            continue;
        }
        batch_backend(be, 37);
        batch_backend(be, 256 + 5);
        ran++;
    }
    CHECK(ran >= 1);
    /* The public dispatchers (whatever backend this process selected). */
    size_t n = 29;
    zp_fe a[29], b[29], w[29], g[29], scr[29];
    fill(a, n);
    fill(b, n);
    zp_fe_mul_batch(w, a, b, n);
    zp_fe wd = zp_fe_dot(a, b, n);
    CT_SECRET(a, sizeof a);
    CT_SECRET(b, sizeof b);
    zp_fe_mul_batch(g, a, b, n);
    zp_fe gd = zp_fe_dot(a, b, n);
    CT_PUBLIC(g, sizeof g);
    CT_EQ(gd, wd);
    CHECK(memcmp(g, w, sizeof g) == 0);
    zp_fe_batch_inv(g, a, n, scr);
    CT_PUBLIC(g, sizeof g);
    CT_PUBLIC(a, sizeof a);
    for (size_t i = 0; i < n; i++) CHECK(zp_fe_mul(g[i], a[i]) == (a[i] != 0));
    printf("  dispatched field backend: %s\n", zp_field_backend());
}

/* Forward, inverse and coset LDE of secret vectors with one backend. */
static void ntt_backend(int backend, unsigned log_n) {
    size_t n = (size_t)1 << log_n;
    zp_fe *v = malloc(n * sizeof *v), *w = malloc(n * sizeof *w);
    zp_fe *lde_w = malloc(2 * n * sizeof *lde_w), *lde_g = malloc(2 * n * sizeof *lde_g);
    CHECK(v && w && lde_w && lde_g);
    if (!(v && w && lde_w && lde_g)) goto done;
    fill(v, n);
    memcpy(w, v, n * sizeof *v);
    CHECK_OK(zp_ntt_forward_backend(w, log_n, backend));
    zp_fe shift = zp_fe_from_u64(7);
    CHECK_OK(zp_ntt_coset_lde_backend(lde_w, log_n + 1, v, n, shift, backend));

    CT_SECRET(v, n * sizeof *v);
    CHECK_OK(zp_ntt_coset_lde_backend(lde_g, log_n + 1, v, n, shift, backend));
    CHECK(ct_is_secret(lde_g, 2 * n * sizeof *lde_g));
    CT_PUBLIC(lde_g, 2 * n * sizeof *lde_g);
    CHECK(memcmp(lde_g, lde_w, 2 * n * sizeof *lde_g) == 0);
    CHECK_OK(zp_ntt_forward_backend(v, log_n, backend));
    CHECK(ct_is_secret(v, n * sizeof *v));
    CT_PUBLIC(v, n * sizeof *v);
    CHECK(memcmp(v, w, n * sizeof *v) == 0);
    /* inverse of the (again secret) transform gives the input back */
    CT_SECRET(v, n * sizeof *v);
    CHECK_OK(zp_ntt_inverse_backend(v, log_n, backend));
    CT_PUBLIC(v, n * sizeof *v);
    CHECK_OK(zp_ntt_inverse_backend(w, log_n, backend));
    CHECK(memcmp(v, w, n * sizeof *v) == 0);
done:
    free(v); free(w); free(lde_w); free(lde_g);
}

TEST(ct_ntt) {
    /* 2^3 (leaf), 2^11 (a radix-8 level above the 2^10 leaf), 2^16 (the
     * level passes above the 2^15 cache block, OpenMP region). */
    static const unsigned logs[] = {3, 11, 16};
    for (size_t k = 0; k < 3; k++) ntt_backend(ZP_NTT_PORTABLE, logs[k]);
    if (zp_ntt_default_backend() == ZP_NTT_AVX512) {
        for (size_t k = 0; k < 3; k++) ntt_backend(ZP_NTT_AVX512, logs[k]);
    } else {
        printf("  NTT backend avx512: not available here\n");
    }
    /* The public entry point. */
    zp_fe v[64], w[64];
    fill(v, 64);
    memcpy(w, v, sizeof v);
    CHECK_OK(zp_ntt_forward(w, 6));
    CT_SECRET(v, sizeof v);
    CHECK_OK(zp_ntt_forward(v, 6));
    CT_PUBLIC(v, sizeof v);
    CHECK(memcmp(v, w, sizeof v) == 0);
}

TEST(ct_memeq_memzero) {
    for (size_t len = 1; len <= 97; len += 8) {
        uint8_t x[97], y[97];
        zp_rng_bytes(test_rng(), x, len);
        memcpy(y, x, len);
        int flip = (int)(test_rand_u64() & 1);
        size_t at = (size_t)(test_rand_u64() % len);
        y[at] ^= (uint8_t)flip;
        CT_SECRET(x, len);
        CT_SECRET(y, len);
        int eq = zp_memeq(x, y, len);
        CT_EQ(eq, (int){!flip});
        zp_memzero(x, len);
        CT_PUBLIC(x, len);
        for (size_t i = 0; i < len; i++) CHECK(x[i] == 0);
    }
}
