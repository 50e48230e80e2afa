/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Constant-time test helpers: secrets marked undefined for valgrind. */
#ifndef ZP_TESTS_CTIME_H
#define ZP_TESTS_CTIME_H

/*
 * The method of Adam Langley's ctgrind (2010), as libsecp256k1
 * (src/checkmem.h, src/ctime_tests.c) and Monocypher (tests/ctgrind.c) use
 * it: memcheck reports a conditional jump, a memory index or a system call
 * argument that depends on UNDEFINED bytes.  A test marks its secret inputs
 * undefined (CT_SECRET), runs constant-time code on them, marks the
 * results defined (CT_PUBLIC: the test's own declassification, after the
 * code under test) and only then compares them with the values the same
 * code computed on public copies.  Run under
 *     valgrind --error-exitcode=1 --track-origins=yes
 * any report fails the test; outside valgrind the requests do nothing, so
 * each program also checks that it runs under valgrind.  The library's own
 * declassification points are ZP_DECLASSIFY (src/common/ctime.h).
 */
#include <valgrind/memcheck.h>

#include "harness.h"

#define CT_SECRET(p, len) ((void)VALGRIND_MAKE_MEM_UNDEFINED((p), (len)))
#define CT_PUBLIC(p, len) ((void)VALGRIND_MAKE_MEM_DEFINED((p), (len)))
/* Errors memcheck has reported so far (0 outside valgrind). */
#define CT_ERRORS() ((unsigned)VALGRIND_COUNT_ERRORS)

/* 1 if some bit of p[0..len) is undefined, i.e. still secret: checks that
 * a result really was computed from the secrets (the secrets reached the
 * code under test) before the test declassifies it.  Reads memcheck's
 * validity bits without reporting anything (VALGRIND_GET_VBITS). */
static inline int ct_is_secret(const void *p, size_t len) {
    unsigned char *vb = malloc(len ? len : 1);
    int any = 0;
    if (vb && VALGRIND_GET_VBITS(p, vb, len) == 1)
        for (size_t i = 0; i < len; i++) any |= vb[i] != 0;
    free(vb);
    return any;
}

/* Every ctime program starts with this test: the checks mean nothing
 * outside valgrind. */
#define CT_REQUIRE_VALGRIND()                                               \
    TEST(ct_under_valgrind) {                                               \
        CHECK(RUNNING_ON_VALGRIND);                                         \
        if (!RUNNING_ON_VALGRIND)                                           \
            fprintf(stderr, "run under valgrind --error-exitcode=1\n");     \
    }

#endif
