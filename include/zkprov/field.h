/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Goldilocks field p = 2^64 - 2^32 + 1, its quadratic extension
 * F_p[x]/(x^2 - 7), vector kernels, batch inversion and the NTT. */
#ifndef ZKPROV_FIELD_H
#define ZKPROV_FIELD_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef ZP_TOY_FIELD
/* Toy build (CMake -DZP_TOY_FIELD=97, tests/toy, docs/testing.md): the
 * same field, hash, commitment and protocol code over F_97, small enough
 * for tests that enumerate every challenge.  Never part of the library.
 * 7 is a non-residue mod 97 (97 = 6 mod 7 and 97 = 1 mod 4, so by
 * quadratic reciprocity (7/97) = (6/7) = -1): the extension is the same. */
#if ZP_TOY_FIELD != 97
#error "ZP_TOY_FIELD: only 97 is supported"
#endif
#define ZP_FIELD_P 97ULL
#define ZP_FIELD_GENERATOR 5    /* 5 generates F_97^*, of order 96 = 2^5 * 3 */
#define ZP_FIELD_TWO_ADICITY 5
#define ZP_NTT_MAX_LOG 5
#else
#define ZP_FIELD_P 0xFFFFFFFF00000001ULL
/* 7 generates the multiplicative group of order p - 1 = 2^32 * 3 * 5 * 17 * 257 * 65537. */
#define ZP_FIELD_GENERATOR 7
/* Largest power-of-two subgroup: 2^32. */
#define ZP_FIELD_TWO_ADICITY 32
/* Largest NTT the library supports (points). */
#define ZP_NTT_MAX_LOG 26
#endif
#define ZP_FE_BYTES 8
#define ZP_FE2_BYTES 16
/* Non-residue defining the extension: x^2 = ZP_FE2_W. */
#define ZP_FE2_W 7
ZP_API size_t zp_fe_bytes(void);
ZP_API size_t zp_fe2_bytes(void);

/* A base field element, always canonical (< p). */
typedef uint64_t zp_fe;
/* c0 + c1*x with x^2 = 7, both limbs canonical. */
typedef struct { zp_fe c0, c1; } zp_fe2;

/* ---- scalar base field (all constant-time unless suffixed _var) ---- */
ZP_API zp_fe zp_fe_add(zp_fe a, zp_fe b);
ZP_API zp_fe zp_fe_sub(zp_fe a, zp_fe b);
ZP_API zp_fe zp_fe_neg(zp_fe a);
ZP_API zp_fe zp_fe_mul(zp_fe a, zp_fe b);
ZP_API zp_fe zp_fe_sqr(zp_fe a);
ZP_API zp_fe zp_fe_pow(zp_fe a, uint64_t e);
/** Returns: a^-1, and 0 for a = 0 (constant time, by a^(p-2)). */
ZP_API zp_fe zp_fe_inv(zp_fe a);
/** Reduces any 64-bit value mod p. */
ZP_API zp_fe zp_fe_from_u64(uint64_t v);
/** Embeds a signed integer: v mod p. */
ZP_API zp_fe zp_fe_from_i64(int64_t v);
/** Parses 8 little-endian bytes.  Returns ZP_ERR_PARSE if the value is >= p. */
ZP_API zp_err zp_fe_from_bytes_le(zp_fe *out, const uint8_t in[8]) ZP_WARN_UNUSED;
ZP_API void zp_fe_to_bytes_le(uint8_t out[8], zp_fe a);
/** Returns: a primitive 2^log_n-th root of unity (log_n <= 32). */
ZP_API zp_fe zp_fe_root_of_unity(unsigned log_n);

/* ---- quadratic extension ---- */
ZP_API zp_fe2 zp_fe2_add(zp_fe2 a, zp_fe2 b);
ZP_API zp_fe2 zp_fe2_sub(zp_fe2 a, zp_fe2 b);
ZP_API zp_fe2 zp_fe2_neg(zp_fe2 a);
ZP_API zp_fe2 zp_fe2_mul(zp_fe2 a, zp_fe2 b);
ZP_API zp_fe2 zp_fe2_mul_fe(zp_fe2 a, zp_fe b);
ZP_API zp_fe2 zp_fe2_sqr(zp_fe2 a);
ZP_API zp_fe2 zp_fe2_pow(zp_fe2 a, uint64_t e);
/** Returns: a^-1, and 0 for a = 0. */
ZP_API zp_fe2 zp_fe2_inv(zp_fe2 a);
ZP_API zp_err zp_fe2_from_bytes_le(zp_fe2 *out, const uint8_t in[16]) ZP_WARN_UNUSED;
ZP_API void zp_fe2_to_bytes_le(uint8_t out[16], zp_fe2 a);

/* ---- vector kernels (run-time dispatched: portable or AVX-512) ----
 * out may alias a or b.  All backends give bit-identical results. */
ZP_API void zp_fe_add_batch(zp_fe *out, const zp_fe *a, const zp_fe *b, size_t n);
ZP_API void zp_fe_sub_batch(zp_fe *out, const zp_fe *a, const zp_fe *b, size_t n);
ZP_API void zp_fe_mul_batch(zp_fe *out, const zp_fe *a, const zp_fe *b, size_t n);
/** out[i] = a[i] * s. */
ZP_API void zp_fe_scale_batch(zp_fe *out, const zp_fe *a, zp_fe s, size_t n);
/** acc[i] += a[i] * s. */
ZP_API void zp_fe_axpy_batch(zp_fe *acc, const zp_fe *a, zp_fe s, size_t n);
/** Returns: sum_i a[i]*b[i]. */
ZP_API zp_fe zp_fe_dot(const zp_fe *a, const zp_fe *b, size_t n);
ZP_API void zp_fe2_mul_batch(zp_fe2 *out, const zp_fe2 *a, const zp_fe2 *b, size_t n);

/** Batch inversion (Montgomery's trick).  out may alias in; zero maps to
 *  zero.  scratch holds n elements.  Constant time in the values. */
ZP_API void zp_fe_batch_inv(zp_fe *out, const zp_fe *in, size_t n, zp_fe *scratch);
ZP_API void zp_fe2_batch_inv(zp_fe2 *out, const zp_fe2 *in, size_t n, zp_fe2 *scratch);

/** Name of the vector backend in use: "portable" or "avx512".  The
 *  environment variable ZP_FORCE_BACKEND=portable pins the portable one. */
ZP_API const char *zp_field_backend(void);

/* ---- NTT over the 2-adic subgroup ----
 * Natural order in and out.  Forward: out[i] = sum_j a[j] w^(i j) with w
 * the primitive 2^log_n-th root zp_fe_root_of_unity(log_n). */
/** Returns: ZP_OK, or ZP_ERR_ARG if log_n > ZP_NTT_MAX_LOG. */
ZP_API zp_err zp_ntt_forward(zp_fe *a, unsigned log_n) ZP_WARN_UNUSED;
/** Inverse of zp_ntt_forward (includes the 1/n factor). */
ZP_API zp_err zp_ntt_inverse(zp_fe *a, unsigned log_n) ZP_WARN_UNUSED;
/** Coset low-degree extension: out[i] = f(shift * w^i), i < 2^log_n_out,
 *  where f has coefficients coeffs[0..n_coeffs), n_coeffs <= 2^log_n_out.
 *  out must not alias coeffs. */
ZP_API zp_err zp_ntt_coset_lde(zp_fe *out, unsigned log_n_out,
                               const zp_fe *coeffs, size_t n_coeffs,
                               zp_fe shift) ZP_WARN_UNUSED;

#ifdef __cplusplus
}
#endif
#endif
