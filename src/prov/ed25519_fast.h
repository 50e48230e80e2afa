/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Internal: fast edwards25519 arithmetic for ECVRF outputs (ed25519_fast.c). */
#ifndef ZKPROV_PROV_ED25519_FAST_H
#define ZKPROV_PROV_ED25519_FAST_H

#include <stddef.h>
#include <stdint.h>

#include "zkprov/common.h"

/* Field element of GF(2^255 - 19), radix 2^51 (limbs loosely reduced). */
typedef struct {
    uint64_t v[5];
} zp_fe25519;

/* Point in extended twisted Edwards coordinates (X : Y : Z : T), x = X/Z,
 * y = Y/Z, x*y = T/Z (Hisil, Wong, Carter, Dawson, ASIACRYPT 2008). */
typedef struct {
    zp_fe25519 X, Y, Z, T;
} zp_ge25519;

/* A VRF secret key prepared for output evaluation: s8 = 8*x mod L (the
 * cofactor folded into the scalar) and the public key.  Secret: wipe it. */
typedef struct {
    uint8_t s8[32];
    uint8_t pk[32];
} zp_vrfo_key;

/* Most alphas one zp_vrfo_eval_batch call takes (one batched inversion). */
#define ZP_VRFO_BATCH 32

/* RFC 8032 section 5.1.3 decoding, exactly as strict as vrf.c's pt_decode:
 * rejects y >= p, non-squares and (x = 0, sign 1); any curve point of any
 * order is accepted.  Returns 1 and *p, or 0.  Variable time (public data). */
int zp_ge25519_decode_var(zp_ge25519 *p, const uint8_t s[32]);
/* RFC 8032 section 5.1.2 encoding (one inversion). */
void zp_ge25519_encode(uint8_t s[32], const zp_ge25519 *p);
/* r = 8*p by three doublings. */
void zp_ge25519_mul8(zp_ge25519 *r, const zp_ge25519 *p);
/* r = k*p, k a 32-byte little-endian scalar < 2^253, constant time in k
 * (fixed signed 4-bit windows, table lookups by masking). */
void zp_ge25519_scalarmult(zp_ge25519 *r, const uint8_t k[32], const zp_ge25519 *p);

/* r[i] = k*p[i] for i < 8, constant time in k: AVX-512 IFMA when the CPU
 * has it (ZP_FORCE_BACKEND=portable: never), else eight calls of
 * zp_ge25519_scalarmult.  Identical results either way. */
void zp_ge25519_scalarmult_x8(zp_ge25519 r[8], const uint8_t k[32], const zp_ge25519 p[8]);
/* The IFMA version (ed25519_fast_avx512.c); d2 = 2d.  Only on CPUs with
 * AVX512F, AVX512DQ and AVX512IFMA. */
void zp_ge25519_scalarmult_x8_avx512(zp_ge25519 r[8], const uint8_t k[32],
                                     const zp_ge25519 p[8], const zp_fe25519 *d2);
/* RFC 8032 section 5.1.3 step 2 for eight y (ed25519_fast_avx512.c):
 * u = y^2 - 1, x = u v^3 (u v^7)^((p-5)/8) with v = d y^2 + 1, and v x^2.
 * The checks of steps 1, 3 and 4 are zp_ge25519_decode_var's. */
void zp_ge25519_decode_root_x8_avx512(zp_fe25519 x[8], zp_fe25519 vxx[8], zp_fe25519 u[8],
                                      const zp_fe25519 y[8], const zp_fe25519 *d);
/* 1 iff zp_ge25519_scalarmult_x8 uses the IFMA version. */
int zp_ge25519_have_x8_avx512(void);

/* Try-and-increment hashing for eight alphas of one length at once
 * (ed25519_fast_avx512.c, AVX-512): the SHA-512 blocks before the one
 * holding ctr are hashed once, eight messages per vector ("multi-buffer"),
 * and each ctr only re-hashes the 1-2 tail blocks.  mid[w][lane] is the
 * chaining value, tail[lane] the tail blocks (ctr byte at ctr_off). */
typedef struct {
    uint64_t mid[8][8];
    uint8_t tail[8][256];
    size_t tail_len, ctr_off;
} zp_vrfo_tai_x8;
/* Absorbs 0x03 || 0x01 || pk || alphas[i] (i < 8, each alpha_len bytes). */
void zp_vrfo_tai_init_x8_avx512(zp_vrfo_tai_x8 *st, const uint8_t pk[32],
                                const uint8_t *const alphas[8], size_t alpha_len);
/* out[i] = SHA-512(0x03 || 0x01 || pk || alphas[i] || ctr || 0x00)[0..32). */
void zp_vrfo_tai_hash_x8_avx512(uint8_t out[8][32], zp_vrfo_tai_x8 *st, uint8_t ctr);

/* Prepares sk (seed || pk, libsodium layout).  Returns ZP_OK, or
 * ZP_ERR_ARG when pk is not the public key of the seed (k zeroed). */
zp_err zp_vrfo_key_init(zp_vrfo_key *k, const uint8_t sk[64]);
/* RFC 9381 section 5.4.1.1 encode_to_curve_try_and_increment: *h = the
 * cofactor-cleared point H.  Returns 0, or -1 when every ctr in 0..255
 * fails.  Variable time in pk and alpha (as RFC 9381 notes for TAI). */
int zp_vrfo_encode_to_curve_var(zp_ge25519 *h, const uint8_t pk[32], const void *alpha,
                                size_t alpha_len);
/* h[i] = encode_to_curve(pk, alphas[i]) for i < m <= 8, all alphas of
 * alpha_len bytes: the AVX-512 multi-buffer hashing when available, else
 * zp_vrfo_encode_to_curve_var per alpha.  Returns 0 or -1. */
int zp_vrfo_encode_to_curve_x8_var(zp_ge25519 h[8], const uint8_t pk[32],
                                   const uint8_t *const alphas[8], size_t alpha_len, size_t m);
/* betas[64*i] = ECVRF_proof_to_hash(ECVRF_prove(sk, alphas[i])) for
 * i < n <= ZP_VRFO_BATCH, with one inversion for all n encodings
 * (Montgomery's trick).  Returns 0, or -1 (try-and-increment exhausted,
 * probability about 2^-256 per alpha; betas zeroed). */
int zp_vrfo_eval_batch(uint8_t *betas, const zp_vrfo_key *k, const uint8_t *const *alphas,
                       const size_t *alpha_lens, size_t n);

#endif
