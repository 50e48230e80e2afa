/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Declassification points for the valgrind constant-time checks. */
#ifndef ZP_COMMON_CTIME_H
#define ZP_COMMON_CTIME_H

/*
 * tests/ctime/ runs the library under valgrind's memcheck with the
 * witness, salts and masks marked undefined (VALGRIND_MAKE_MEM_UNDEFINED),
 * so that memcheck reports every branch and every memory index that
 * depends on them (Adam Langley's ctgrind; libsecp256k1's checkmem.h and
 * secp256k1_declassify).  A value derived from secrets that the protocol
 * makes public on purpose -- a prover message sent to the verifier, the
 * one-bit outcome of an input-validity check, the rejection of a random
 * word >= p -- is declassified here before the library branches on it or
 * absorbs it: ZP_DECLASSIFY marks the bytes defined again.
 *
 * With ZP_CTIME (CMake ZP_BUILD_CTIME, set only where <valgrind/memcheck.h>
 * exists) the macro is memcheck's client request, which costs a few
 * register instructions and changes nothing outside valgrind (valgrind
 * manual, section 4.7 "Client Requests"); otherwise it compiles to
 * nothing.  Every call site is listed in docs/security.md, "Constant-time
 * code and _var exceptions".
 */
/*
 * ZP_CLASSIFY is the converse, for a secret that a `_var` function read
 * out of a public table at secret indices: memcheck takes a value loaded
 * from public memory as defined whatever the address, so the result would
 * no longer be tracked; marking it undefined again keeps the checks on
 * everything computed from it.
 */
#if defined(ZP_CTIME)
#include <valgrind/memcheck.h>
#define ZP_DECLASSIFY(p, len) ((void)VALGRIND_MAKE_MEM_DEFINED((p), (len)))
#define ZP_CLASSIFY(p, len) ((void)VALGRIND_MAKE_MEM_UNDEFINED((p), (len)))
#else
#define ZP_DECLASSIFY(p, len) ((void)(p), (void)(len))
#define ZP_CLASSIFY(p, len) ((void)(p), (void)(len))
#endif

#endif
