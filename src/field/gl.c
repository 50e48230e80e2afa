/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Scalar Goldilocks API: arithmetic, exponentiation, encodings, roots. */
#include "field/gl.h"
#include "field/batch.h"

size_t zp_fe_bytes(void) { return ZP_FE_BYTES; }
size_t zp_fe2_bytes(void) { return ZP_FE2_BYTES; }

zp_fe zp_fe_add(zp_fe a, zp_fe b) { return gl_add(a, b); }
zp_fe zp_fe_sub(zp_fe a, zp_fe b) { return gl_sub(a, b); }
zp_fe zp_fe_neg(zp_fe a) { return gl_neg(a); }
zp_fe zp_fe_mul(zp_fe a, zp_fe b) { return gl_mul(a, b); }
zp_fe zp_fe_sqr(zp_fe a) { return gl_sqr(a); }

#ifndef ZP_TOY_FIELD
/* Returns a^(2^k). */
static zp_fe sqr_n(zp_fe a, int k) {
    for (int i = 0; i < k; i++) a = gl_sqr(a);
    return a;
}

/* a^(p-2) by a fixed addition chain (64 squarings, 8 multiplications):
 * p - 2 = 0xFFFFFFFE_FFFFFFFF = (2^31 - 1) * 2^33 + (2^32 - 1).
 * Writing x_k = a^(2^k - 1): x_{j+k} = x_j^(2^k) * x_k. */
zp_fe zp_gl_inv(zp_fe a) {
    zp_fe x2 = gl_mul(gl_sqr(a), a);          /* 2^2 - 1 */
    zp_fe x3 = gl_mul(gl_sqr(x2), a);         /* 2^3 - 1 */
    zp_fe x6 = gl_mul(sqr_n(x3, 3), x3);      /* 2^6 - 1 */
    zp_fe x12 = gl_mul(sqr_n(x6, 6), x6);     /* 2^12 - 1 */
    zp_fe x24 = gl_mul(sqr_n(x12, 12), x12);  /* 2^24 - 1 */
    zp_fe x30 = gl_mul(sqr_n(x24, 6), x6);    /* 2^30 - 1 */
    zp_fe x31 = gl_mul(gl_sqr(x30), a);       /* 2^31 - 1 */
    zp_fe x32 = gl_mul(gl_sqr(x31), a);       /* 2^32 - 1 */
    return gl_mul(sqr_n(x31, 33), x32);
}

#else
/* Toy field: a^(p-2) by square-and-multiply (public exponent). */
zp_fe zp_gl_inv(zp_fe a) {
    zp_fe r = 1;
    for (uint64_t e = GL_P - 2; e; e >>= 1) {
        if (e & 1) r = gl_mul(r, a);
        a = gl_sqr(a);
    }
    return r;
}
#endif

zp_fe zp_fe_inv(zp_fe a) { return zp_gl_inv(a); }

/* Left-to-right square-and-multiply over all 64 exponent bits with a masked
 * select instead of a branch: constant time in a and in e. */
zp_fe zp_fe_pow(zp_fe a, uint64_t e) {
    zp_fe r = 1;
    for (int i = 63; i >= 0; i--) {
        r = gl_sqr(r);
        zp_fe t = gl_mul(r, a);
        uint64_t m = 0 - ((e >> i) & 1);
        r = (t & m) | (r & ~m);
    }
    return r;
}

zp_fe zp_fe_from_u64(uint64_t v) { return gl_from_u64(v); }

zp_fe zp_fe_from_i64(int64_t v) { return gl_from_i64(v); }

zp_err zp_fe_from_bytes_le(zp_fe *out, const uint8_t in[8]) {
    uint64_t v = zp_load64_le(in);
    uint64_t ok = 0 - (uint64_t)(v < GL_P);
    *out = v & ok;
    return ok ? ZP_OK : ZP_ERR_PARSE;
}

void zp_fe_to_bytes_le(uint8_t out[8], zp_fe a) { zp_store64_le(out, a); }

#ifndef ZP_TOY_FIELD
/* 7^((p-1)/2^k) for k = 0..32: the primitive 2^k-th roots of unity generated
 * by the multiplicative generator 7 (the same values as Plonky2's
 * POWER_OF_TWO_GENERATOR chain; tests/unit/test_field.c recomputes them with
 * GMP and checks their orders). */
static const zp_fe roots[ZP_FIELD_TWO_ADICITY + 1] = {
    0x0000000000000001ULL, 0xFFFFFFFF00000000ULL, 0x0001000000000000ULL,
    0xFFFFFFFEFF000001ULL, 0xEFFFFFFF00000001ULL, 0x00003FFFFFFFC000ULL,
    0x0000008000000000ULL, 0xF80007FF08000001ULL, 0xBF79143CE60CA966ULL,
    0x1905D02A5C411F4EULL, 0x9D8F2AD78BFED972ULL, 0x0653B4801DA1C8CFULL,
    0xF2C35199959DFCB6ULL, 0x1544EF2335D17997ULL, 0xE0EE099310BBA1E2ULL,
    0xF6B2CFFE2306BAACULL, 0x54DF9630BF79450EULL, 0xABD0A6E8AA3D8A0EULL,
    0x81281A7B05F9BEACULL, 0xFBD41C6B8CAA3302ULL, 0x30BA2ECD5E93E76DULL,
    0xF502AEF532322654ULL, 0x4B2A18ADE67246B5ULL, 0xEA9D5A1336FBC98BULL,
    0x86CDCC31C307E171ULL, 0x4BBAF5976ECFEFD8ULL, 0xED41D05B78D6E286ULL,
    0x10D78DD8915A171DULL, 0x59049500004A4485ULL, 0xDFA8C93BA46D2666ULL,
    0x7E9BD009B86A0845ULL, 0x400A7F755588E659ULL, 0x185629DCDA58878CULL,
};

zp_fe zp_fe_root_of_unity(unsigned log_n) {
    /* Out of range is caller misuse; 0 is never a root of unity. */
    return log_n <= ZP_FIELD_TWO_ADICITY ? roots[log_n] : 0;
}
#else
/* Toy field: the generator 5 to the power (p-1)/2^log_n. */
zp_fe zp_fe_root_of_unity(unsigned log_n) {
    return log_n <= ZP_FIELD_TWO_ADICITY ? zp_fe_pow(ZP_FIELD_GENERATOR, (GL_P - 1) >> log_n) : 0;
}
#endif
