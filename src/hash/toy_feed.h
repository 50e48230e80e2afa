/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Toy build only (ZP_TOY_FIELD, tests/toy): verifier challenges fed by a test. */
#ifndef ZP_HASH_TOY_FEED_H
#define ZP_HASH_TOY_FEED_H

#ifdef ZP_TOY_FIELD
#include <stddef.h>
#include "zkprov/field.h"

/* While n > 0 challenges are queued (this thread), every extension
 * challenge (zp_transcript_challenge_fe2, _fe2_vec) takes the next queued
 * value instead of squeezing the transcript, and the absorb functions do
 * nothing (the state could not change a fed challenge).  This lets the
 * exhaustive soundness tests run the real verifiers with EVERY challenge
 * (docs/testing.md).  ch must stay valid until consumed; n = 0 clears. */
void zp_transcript_toy_feed(const zp_fe2 *ch, size_t n);
/* Queued challenges not yet consumed. */
size_t zp_transcript_toy_fed_left(void);
#endif

#endif
