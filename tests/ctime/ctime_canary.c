/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Negative control of the constant-time harness: secret-dependent code must be reported. */
#include <string.h>

#include "ctime.h"
#include "zkprov/piop.h"

/*
 * Run under valgrind WITHOUT --error-exitcode: each test does something
 * that is not constant-time on a secret and checks that memcheck's error
 * count went up.  If this program passes, the other ctime programs'
 * silence means something (valgrind runs, the client requests reach it,
 * memcheck tracks definedness through these operations).
 */

CT_REQUIRE_VALGRIND()

__attribute__((noinline)) static void side_effect(volatile int *x) { *x += 1; }

TEST(canary_secret_branch) {
    uint8_t s = (uint8_t)test_rand_u64();
    volatile int x = 0;
    unsigned before = CT_ERRORS();
    CT_SECRET(&s, 1);
    if (s & 1) side_effect(&x);
    CT_PUBLIC(&s, 1);
    CHECK(CT_ERRORS() > before);
}

TEST(canary_secret_index) {
    static const uint64_t table[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    uint8_t s = (uint8_t)test_rand_u64();
    unsigned before = CT_ERRORS();
    CT_SECRET(&s, 1);
    volatile uint64_t v = table[s & 15];
    (void)v;
    CT_PUBLIC(&s, 1);
    CHECK(CT_ERRORS() > before);
}

/* A `_var` function of the library (docs/security.md) on a secret column:
 * excluded from the other programs because it is reported. */
TEST(canary_var_function) {
    zp_fe table[16], col[8], m[16];
    for (int i = 0; i < 16; i++) table[i] = (zp_fe)i;
    for (int i = 0; i < 8; i++) col[i] = test_rand_u64() & 15;
    const zp_fe *cols[1] = {col};
    unsigned before = CT_ERRORS();
    CT_SECRET(col, sizeof col);
    zp_err e = zp_logup_counts_var(m, cols, 1, 8, table, 16);
    CT_PUBLIC(&e, sizeof e);
    CT_PUBLIC(m, sizeof m);
    CHECK(CT_ERRORS() > before);
    CHECK_OK(e);
    zp_fe total = 0;
    for (int i = 0; i < 16; i++) total += m[i];
    CHECK(total == 8);
}
