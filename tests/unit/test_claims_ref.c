/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of borrowed and keyed claims (zp_claims_add_ref, src/piop/batch.c). */
// ZP_TEST_LAYER: piop
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "field/gl.h"
#include "piop/sumcheck_internal.h"

#define LR 3
#define LC 5
#define NCL 12

static zp_fe2 rand_fe2(void) {
    zp_fe2 r = {zp_fe_from_u64(test_rand_u64()), zp_fe_from_u64(test_rand_u64())};
    return r;
}

/* NCL claims over 4 distinct column vectors (claim i uses vector i % 4,
 * each claim with its own copy); vector 3 is zero outside [8, 12). */
typedef struct {
    zp_fe2 a[NCL][1 << LR], b[4][1 << LC], bc[NCL][1 << LC], y[NCL];
} claims_in;

static void make_in(claims_in *in) {
    memset(in, 0, sizeof *in);
    for (size_t i = 0; i < NCL; i++) {
        for (size_t r = 0; r < (1u << LR); r++) in->a[i][r] = rand_fe2();
        in->y[i] = rand_fe2();
    }
    for (size_t v = 0; v < 4; v++)
        for (size_t c = 0; c < (1u << LC); c++)
            in->b[v][c] = v == 3 && (c < 8 || c >= 12) ? (zp_fe2){0, 0} : rand_fe2();
    for (size_t i = 0; i < NCL; i++) memcpy(in->bc[i], in->b[i % 4], sizeof in->bc[i]);
}

/* mode 0: zp_claims_add; 1: add_ref on per-claim copies, key 0; 2: add_ref
 * on the shared vectors, key = vector + 1; 3: the same with b NULL. */
static void run(const claims_in *in, int mode, size_t *n_out, zp_fe2 *A, zp_fe2 *B, zp_fe2 *Y,
                size_t *keys, int *b_null) {
    zp_claims *cs = NULL;
    zp_transcript tr;
    zp_transcript_init(&tr, "zkprov-test/claims-ref");
    CHECK_OK(zp_claims_create(&cs, LR, LC));
    for (size_t i = 0; i < NCL; i++) {
        const size_t v = i % 4, lo = v == 3 ? 8 : 0, hi = v == 3 ? 12 : 1u << LC;
        if (mode == 0) CHECK_OK(zp_claims_add(cs, in->a[i], in->bc[i], in->y[i]));
        else if (mode == 1)
            CHECK_OK(zp_claims_add_ref(cs, in->a[i], in->bc[i], lo, hi, 0, in->y[i]));
        else
            CHECK_OK(zp_claims_add_ref(cs, in->a[i], mode == 2 ? in->b[v] : NULL, lo, hi, v + 1,
                                       in->y[i]));
    }
    const zp_fe2 *const *a, *const *b;
    const zp_fe2 *y;
    CHECK_OK(zp_claims_finish(cs, &tr, n_out, &a, &b, &y));
    const size_t *k = zp_claims_keys(cs);
    CHECK(k != NULL);
    *b_null = 0;
    for (size_t g = 0; g < *n_out && g < 4; g++) {
        memcpy(A + g * (1u << LR), a[g], (1u << LR) * sizeof(zp_fe2));
        if (b[g]) memcpy(B + g * (1u << LC), b[g], (1u << LC) * sizeof(zp_fe2));
        else *b_null = 1;
        Y[g] = y[g];
        keys[g] = k ? k[g] : 0;
    }
    zp_claims_free(cs);
}

TEST(claims_ref_merges_as_copy) {
    claims_in *in = malloc(sizeof *in);
    CHECK(in != NULL);
    if (!in) return;
    make_in(in);
    zp_fe2 A[4][4 << LR], B[4][4 << LC], Y[4][4];
    size_t n[4], K[4][4];
    int bn[4];
    for (int m = 0; m < 4; m++) run(in, m, &n[m], A[m], B[m], Y[m], K[m], &bn[m]);
    for (int m = 0; m < 4; m++) CHECK(n[m] == 4);
    for (int m = 1; m < 4; m++) {
        CHECK(!memcmp(A[m], A[0], sizeof A[0]));
        CHECK(!memcmp(Y[m], Y[0], sizeof Y[0]));
    }
    CHECK(!memcmp(B[1], B[0], sizeof B[0]));
    CHECK(!memcmp(B[2], B[0], sizeof B[0]));
    CHECK(!bn[0] && !bn[1] && !bn[2] && bn[3]);
    for (size_t g = 0; g < 4; g++) {
        CHECK(K[0][g] == 0 && K[1][g] == 0);
        CHECK(K[2][g] == g + 1 && K[3][g] == g + 1);
    }
    free(in);
}

/* Keyed claims merge by key only: equal vectors under different keys stay
 * apart (sound, one more PCS claim); a keyed claim never merges with an
 * unkeyed one. */
TEST(claims_ref_keys_decide) {
    zp_fe2 a[1 << LR], b[1 << LC], y = rand_fe2();
    for (size_t r = 0; r < (1u << LR); r++) a[r] = rand_fe2();
    for (size_t c = 0; c < (1u << LC); c++) b[c] = rand_fe2();
    zp_claims *cs = NULL;
    zp_transcript tr;
    zp_transcript_init(&tr, "zkprov-test/claims-ref");
    CHECK_OK(zp_claims_create(&cs, LR, LC));
    CHECK_OK(zp_claims_add_ref(cs, a, b, 0, 1u << LC, 1, y));
    CHECK_OK(zp_claims_add_ref(cs, a, b, 0, 1u << LC, 2, y));
    CHECK_OK(zp_claims_add_ref(cs, a, b, 0, 1u << LC, 0, y));
    CHECK_OK(zp_claims_add(cs, a, b, y));
    CHECK_OK(zp_claims_add_ref(cs, a, b, 0, 1u << LC, 2, y));
    size_t n = 0;
    const zp_fe2 *const *A, *const *B;
    const zp_fe2 *Y;
    CHECK_OK(zp_claims_finish(cs, &tr, &n, &A, &B, &Y));
    CHECK(n == 3); /* key 1 | key 2 (two claims) | the two unkeyed claims */
    const size_t *k = zp_claims_keys(cs);
    CHECK(k && k[0] == 1 && k[1] == 2 && k[2] == 0);
    zp_claims_free(cs);
}

TEST(claims_ref_rejects_bad_args) {
    zp_fe2 a[1 << LR], b[1 << LC];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    zp_claims *cs = NULL;
    CHECK_OK(zp_claims_create(&cs, LR, LC));
    CHECK(zp_claims_add_ref(cs, a, NULL, 0, 4, 0, (zp_fe2){0, 0}) == ZP_ERR_ARG);
    CHECK(zp_claims_add_ref(cs, a, b, 0, (1u << LC) + 1, 0, (zp_fe2){0, 0}) == ZP_ERR_ARG);
    CHECK(zp_claims_add_ref(cs, a, b, 5, 4, 0, (zp_fe2){0, 0}) == ZP_ERR_ARG);
    CHECK(zp_claims_add_ref(cs, NULL, b, 0, 4, 1, (zp_fe2){0, 0}) == ZP_ERR_ARG);
    CHECK(zp_claims_keys(cs) == NULL); /* before finish */
    CHECK(zp_claims_count(cs) == 0);
    zp_claims_free(cs);
}
