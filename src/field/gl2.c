/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Quadratic extension F_p[x]/(x^2 - 7): scalar API. */
#include "field/gl.h"
#include "field/batch.h"

zp_fe2 zp_fe2_add(zp_fe2 a, zp_fe2 b) { return gl2_add(a, b); }
zp_fe2 zp_fe2_sub(zp_fe2 a, zp_fe2 b) { return gl2_sub(a, b); }
zp_fe2 zp_fe2_neg(zp_fe2 a) { return gl2_neg(a); }
zp_fe2 zp_fe2_mul(zp_fe2 a, zp_fe2 b) { return gl2_mul(a, b); }
zp_fe2 zp_fe2_mul_fe(zp_fe2 a, zp_fe b) { return gl2_mul_fe(a, b); }

zp_fe2 zp_fe2_sqr(zp_fe2 a) {
    /* (a0 + a1 x)^2 = a0^2 + 7 a1^2 + 2 a0 a1 x */
    zp_fe t = gl_mul(a.c0, a.c1);
    zp_fe2 r = {gl_add(gl_sqr(a.c0), gl_mul7(gl_sqr(a.c1))), gl_add(t, t)};
    return r;
}

/* Constant time in a and e: every bit costs a squaring, a multiplication
 * and a masked select. */
zp_fe2 zp_fe2_pow(zp_fe2 a, uint64_t e) {
    zp_fe2 r = {1, 0};
    for (int i = 63; i >= 0; i--) {
        r = zp_fe2_sqr(r);
        zp_fe2 t = gl2_mul(r, a);
        uint64_t m = 0 - ((e >> i) & 1);
        r.c0 = (t.c0 & m) | (r.c0 & ~m);
        r.c1 = (t.c1 & m) | (r.c1 & ~m);
    }
    return r;
}

/* (a0 + a1 x)^-1 = (a0 - a1 x) / N with the norm N = a0^2 - 7 a1^2, which is
 * nonzero for a != 0 because 7 is not a square mod p.  N = 0 only for a = 0,
 * and zp_gl_inv(0) = 0 then gives 0 without a branch. */
zp_fe2 zp_fe2_inv(zp_fe2 a) {
    zp_fe n = gl_sub(gl_sqr(a.c0), gl_mul7(gl_sqr(a.c1)));
    zp_fe ni = zp_gl_inv(n);
    zp_fe2 r = {gl_mul(a.c0, ni), gl_neg(gl_mul(a.c1, ni))};
    return r;
}

zp_err zp_fe2_from_bytes_le(zp_fe2 *out, const uint8_t in[16]) {
    uint64_t v0 = zp_load64_le(in), v1 = zp_load64_le(in + 8);
    uint64_t ok = 0 - (uint64_t)((v0 < GL_P) & (v1 < GL_P));
    out->c0 = v0 & ok;
    out->c1 = v1 & ok;
    return ok ? ZP_OK : ZP_ERR_PARSE;
}

void zp_fe2_to_bytes_le(uint8_t out[16], zp_fe2 a) {
    zp_store64_le(out, a.c0);
    zp_store64_le(out + 8, a.c1);
}
