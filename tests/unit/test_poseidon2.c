/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of Poseidon2 over Goldilocks: published known answers, a plain
 * textbook model of the permutation, and properties of hash and compress. */
// ZP_TEST_LAYER: hash
#include "harness.h"
#include "poseidon2_kat.h"

#include "field/gl.h"
#include "hash/poseidon2_constants.h"
#include "hash/poseidon2_internal.h"
#include "zkprov/hash.h"

/* ---- known answers (tests/poseidon2_kat.h: sources there) ---- */

TEST(test_kat_w12_range) {
    zp_fe s[12];
    for (int i = 0; i < 12; i++) s[i] = (zp_fe)i;
    zp_poseidon2_w12(s);
    for (int i = 0; i < 12; i++) CHECK(s[i] == KAT12_RANGE[i]);
}

TEST(test_kat_w8) {
    zp_fe s[8];
    for (int i = 0; i < 8; i++) s[i] = 0;
    zp_poseidon2_w8(s);
    for (int i = 0; i < 8; i++) CHECK(s[i] == KAT8_ZEROS[i]);
    for (int i = 0; i < 8; i++) s[i] = (zp_fe)i;
    zp_poseidon2_w8(s);
    for (int i = 0; i < 8; i++) CHECK(s[i] == KAT8_RANGE[i]);
    for (int i = 0; i < 8; i++) s[i] = KAT8_RANDOM_IN[i];
    zp_poseidon2_w8(s);
    for (int i = 0; i < 8; i++) CHECK(s[i] == KAT8_RANDOM_OUT[i]);
}

/* ---- a textbook model: dense matrices, canonical arithmetic ----
 * M_E is built as the full t x t matrix (2*M4 on the diagonal blocks, M4
 * elsewhere; paper eq. for t = 4k), M_I as the full J + diag(mu - 1), and
 * every round constant row is added in full, as in the reference. */
static const uint64_t M4[4][4] = {{5, 7, 1, 3}, {4, 6, 1, 1}, {1, 3, 5, 7}, {1, 1, 4, 6}};

static void model_matvec(zp_fe *s, int t, const zp_fe *m) {
    zp_fe out[12];
    for (int i = 0; i < t; i++) {
        zp_fe acc = 0;
        for (int j = 0; j < t; j++) acc = gl_add(acc, gl_mul(m[i * t + j], s[j]));
        out[i] = acc;
    }
    for (int i = 0; i < t; i++) s[i] = out[i];
}

static zp_fe model_pow7(zp_fe x) {
    zp_fe r = 1;
    for (int i = 0; i < 7; i++) r = gl_mul(r, x);
    return r;
}

static void model_perm(zp_fe *s, int t) {
    zp_fe me[144], mi[144];
    const uint64_t *diag = t == 12 ? ZP_P2_DIAG12_M1 : ZP_P2_DIAG8_M1;
    for (int i = 0; i < t; i++)
        for (int j = 0; j < t; j++) {
            zp_fe m = M4[i % 4][j % 4];
            me[i * t + j] = (i / 4 == j / 4) ? gl_add(m, m) : m;
            mi[i * t + j] = i == j ? gl_add(diag[i], 1) : 1;
        }
    zp_fe rc[30][12] = {{0}};
    for (int r = 0; r < 4; r++)
        for (int i = 0; i < t; i++) {
            rc[r][i] = t == 12 ? ZP_P2_RC12_INITIAL[r][i] : ZP_P2_RC8_INITIAL[r][i];
            rc[26 + r][i] = t == 12 ? ZP_P2_RC12_TERMINAL[r][i] : ZP_P2_RC8_TERMINAL[r][i];
        }
    for (int r = 0; r < 22; r++) rc[4 + r][0] = t == 12 ? ZP_P2_RC12_PARTIAL[r] : ZP_P2_RC8_PARTIAL[r];
    model_matvec(s, t, me);
    for (int r = 0; r < 30; r++) {
        int full = r < 4 || r >= 26;
        for (int i = 0; i < t; i++) s[i] = gl_add(s[i], rc[r][i]);
        for (int i = 0; i < (full ? t : 1); i++) s[i] = model_pow7(s[i]);
        model_matvec(s, t, full ? me : mi);
    }
}

static zp_fe rand_fe(void) {
    for (;;) {
        uint64_t v = test_rand_u64();
        if (v < ZP_FIELD_P) return v;
    }
}

TEST(test_model_matches_kats) {
    zp_fe s[12];
    for (int i = 0; i < 12; i++) s[i] = (zp_fe)i;
    model_perm(s, 12);
    for (int i = 0; i < 12; i++) CHECK(s[i] == KAT12_RANGE[i]);
    for (int i = 0; i < 8; i++) s[i] = KAT8_RANDOM_IN[i];
    model_perm(s, 8);
    for (int i = 0; i < 8; i++) CHECK(s[i] == KAT8_RANDOM_OUT[i]);
}

/* The fast permutation against the model on random and extreme inputs
 * (values near p exercise every carry of the delayed reductions). */
TEST(test_fast_equals_model) {
    int n = 2000 * test_iters();
    for (int k = 0; k < n; k++) {
        zp_fe a[12], b[12];
        for (int i = 0; i < 12; i++) {
            switch (k % 4) {
            case 0: a[i] = rand_fe(); break;
            case 1: a[i] = ZP_FIELD_P - 1 - (test_rand_u64() & 3); break;
            case 2: a[i] = test_rand_u64() & 7; break;
            default: a[i] = (test_rand_u64() & 1) ? ZP_FIELD_P - 1 : 0; break;
            }
            b[i] = a[i];
        }
        zp_poseidon2_w12(a);
        model_perm(b, 12);
        int eq = 1;
        for (int i = 0; i < 12; i++) eq &= a[i] == b[i] && a[i] < ZP_FIELD_P;
        CHECK(eq);
        for (int i = 0; i < 8; i++) b[i] = a[i];
        zp_poseidon2_w8(a);
        model_perm(b, 8);
        eq = 1;
        for (int i = 0; i < 8; i++) eq &= a[i] == b[i] && a[i] < ZP_FIELD_P;
        CHECK(eq);
    }
}

/* The dispatched permutation (AVX-512 where the CPU and the build have it)
 * is bit-identical to the portable reference on random inputs, values near
 * p and tiny values.  ZP_FORCE_BACKEND=portable runs it on the portable
 * code. */
TEST(test_backends_equal_portable) {
    printf("  poseidon2 backend: %s\n", zp_poseidon2_use_avx512() ? "avx512" : "portable");
    int n = 3000 * test_iters();
    int ok12 = 1, ok8 = 1;
    for (int k = 0; k < n; k++) {
        zp_fe a[12], b[12];
        for (int i = 0; i < 12; i++) {
            uint64_t r = test_rand_u64();
            a[i] = k % 3 == 0 ? rand_fe() : k % 3 == 1 ? ZP_FIELD_P - 1 - (r & 0xFF) : (r & 0xFF);
            b[i] = a[i];
        }
        zp_poseidon2_w12_portable(a);
        zp_poseidon2_w12(b);
        for (int i = 0; i < 12; i++) ok12 &= a[i] == b[i];
        for (int i = 0; i < 8; i++) b[i] = a[i];
        zp_poseidon2_w8_portable(a);
        zp_poseidon2_w8(b);
        for (int i = 0; i < 8; i++) ok8 &= a[i] == b[i];
    }
    CHECK(ok12);
    CHECK(ok8);
}

/* ---- sponge hash ---- */
static int eq4(const zp_fe *a, const zp_fe *b) {
    return a[0] == b[0] && a[1] == b[1] && a[2] == b[2] && a[3] == b[3];
}

TEST(test_hash_lengths_differ) {
    /* Every prefix length 0..40 of one message hashes differently (this
     * spans 0-5 blocks, including every position of the padding 1). */
    zp_fe msg[40], h[41][4];
    for (int i = 0; i < 40; i++) msg[i] = rand_fe();
    for (int n = 0; n <= 40; n++) zp_poseidon2_hash(h[n], msg, (size_t)n);
    int distinct = 1;
    for (int a = 0; a <= 40; a++)
        for (int b = a + 1; b <= 40; b++) distinct &= !eq4(h[a], h[b]);
    CHECK(distinct);
    for (int n = 0; n <= 40; n++)
        for (int i = 0; i < 4; i++) CHECK(h[n][i] < ZP_FIELD_P);
}

TEST(test_hash_padding) {
    /* [x] vs [x, 0], and [] vs [0]: padding tells them apart. */
    zp_fe x[2] = {rand_fe(), 0}, h1[4], h2[4], z = 0;
    zp_poseidon2_hash(h1, x, 1);
    zp_poseidon2_hash(h2, x, 2);
    CHECK(!eq4(h1, h2));
    zp_poseidon2_hash(h1, x, 0);
    zp_poseidon2_hash(h2, &z, 1);
    CHECK(!eq4(h1, h2));
    /* A 7-element message ending in the padding value 1 vs the 8-element
     * one ending in 1, 0. */
    zp_fe m[8];
    for (int i = 0; i < 7; i++) m[i] = rand_fe();
    m[7] = 1;
    zp_poseidon2_hash(h1, m, 7);
    zp_poseidon2_hash(h2, m, 8);
    CHECK(!eq4(h1, h2));
}

TEST(test_hash_inputs_differ) {
    /* Flipping any one element changes the hash; equal inputs agree. */
    zp_fe msg[19], h0[4], h1[4], h2[4];
    for (int i = 0; i < 19; i++) msg[i] = rand_fe();
    zp_poseidon2_hash(h0, msg, 19);
    zp_poseidon2_hash(h2, msg, 19);
    CHECK(eq4(h0, h2));
    for (int i = 0; i < 19; i++) {
        zp_fe keep = msg[i];
        msg[i] = gl_add(keep, 1);
        zp_poseidon2_hash(h1, msg, 19);
        CHECK(!eq4(h0, h1));
        msg[i] = keep;
    }
}

TEST(test_hash_definition) {
    /* The sponge written out by hand from the permutation, for one and two
     * blocks (rate 8, capacity IV (1,0,0,0), pad 1 then zeros). */
    zp_fe msg[10], st[12], h[4];
    for (int i = 0; i < 10; i++) msg[i] = rand_fe();
    for (int i = 0; i < 12; i++) st[i] = 0;
    st[8] = 1;
    for (int i = 0; i < 3; i++) st[i] = msg[i];
    st[3] = 1;
    zp_poseidon2_w12(st);
    zp_poseidon2_hash(h, msg, 3);
    CHECK(eq4(h, st));
    for (int i = 0; i < 12; i++) st[i] = 0;
    st[8] = 1;
    for (int i = 0; i < 8; i++) st[i] = msg[i];
    zp_poseidon2_w12(st);
    st[0] = gl_add(st[0], msg[8]);
    st[1] = gl_add(st[1], msg[9]);
    st[2] = gl_add(st[2], 1);
    zp_poseidon2_w12(st);
    zp_poseidon2_hash(h, msg, 10);
    CHECK(eq4(h, st));
}

/* ---- compression ---- */
TEST(test_compress_definition) {
    for (int k = 0; k < 20; k++) {
        zp_fe l[4], r[4], st[12], out[4];
        for (int i = 0; i < 4; i++) {
            l[i] = rand_fe();
            r[i] = rand_fe();
            st[i] = l[i];
            st[4 + i] = r[i];
            st[8 + i] = 0;
        }
        zp_poseidon2_w12(st);
        zp_poseidon2_compress(out, l, r);
        int ok = 1;
        for (int i = 0; i < 4; i++) ok &= out[i] == gl_add(st[i], l[i]);
        CHECK(ok);
        /* Order matters, and compress is not the sponge. */
        zp_fe swapped[4], h[4], lr[8];
        zp_poseidon2_compress(swapped, r, l);
        CHECK(!eq4(out, swapped));
        for (int i = 0; i < 4; i++) {
            lr[i] = l[i];
            lr[4 + i] = r[i];
        }
        zp_poseidon2_hash(h, lr, 8);
        CHECK(!eq4(out, h));
    }
}

TEST(test_permutation_is_deterministic_and_diffuses) {
    /* One changed input lane changes every output lane (full diffusion). */
    zp_fe a[12], b[12];
    for (int i = 0; i < 12; i++) a[i] = b[i] = rand_fe();
    b[5] = gl_add(b[5], 1);
    zp_poseidon2_w12(a);
    zp_poseidon2_w12(b);
    int all_differ = 1;
    for (int i = 0; i < 12; i++) all_differ &= a[i] != b[i];
    CHECK(all_differ);
}
