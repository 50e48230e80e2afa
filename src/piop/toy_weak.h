/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Toy build only (ZP_TOY_FIELD, tests/toy): deliberately weakened verifiers. */
#ifndef ZP_PIOP_TOY_WEAK_H
#define ZP_PIOP_TOY_WEAK_H

#ifdef ZP_TOY_FIELD
/* Test-only switches that break a verifier on purpose, so that the
 * exhaustive soundness tests (tests/toy) show they would notice: a count
 * of accepting challenges above the Schwartz-Zippel bound.  0 / -1 = off
 * (the real verifiers); never compiled into the library.
 *  zp_toy_weak_sc_round = i >= 0: in round i the plain sumcheck verifier
 *    reads s_i(1) from the proof (one more value: s(0), s(1), s(2), ..,
 *    s(D)) instead of deriving it as claim - s_i(0): it skips the check
 *    s_i(0) + s_i(1) = claim of that round.
 *  zp_toy_weak_skip_final = 1: zp_piop_sc_check (the final sumcheck check
 *    of the matrix-product, Hadamard and LogUp verifiers) accepts any
 *    evaluations. */
extern int zp_toy_weak_sc_round;
extern int zp_toy_weak_skip_final;
#endif

#endif
