/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * The sumcheck masking polynomial g (Libra, ePrint 2019/317, section 4.1)
 * and Lagrange interpolation of round polynomials. */
#include <stdlib.h>
#include <string.h>

#include "common/ctime.h"
#include "common/rng_internal.h"
#include "sumcheck_internal.h"

size_t zp_sc_zk_mask_len(unsigned n_vars, unsigned degree) {
    return 1 + ((size_t)degree + 2) + (size_t)n_vars * ((size_t)degree + 1);
}

size_t zp_sc_zk_mask_width(unsigned n_vars, unsigned degree) {
    size_t len = zp_sc_zk_mask_len(n_vars, degree), w = 1;
    while (w < len) w <<= 1;
    return w;
}

/* Offset of g_v's coefficients in a row, and their count. */
static size_t var_off(unsigned degree, unsigned v) {
    if (v == 0) return 1;
    return 1 + ((size_t)degree + 2) + (size_t)(v - 1) * ((size_t)degree + 1);
}
static unsigned var_ncoef(unsigned degree, unsigned v) {
    return v == 0 ? degree + 2 : degree + 1;
}

zp_fe2 zp_sc_zk_coeff(const zp_fe *g0, const zp_fe *g1, unsigned degree, unsigned v,
                      unsigned c) {
    size_t i = var_off(degree, v) + c;
    zp_fe2 r = {g0[i], g1[i]};
    return r;
}

zp_fe2 zp_sc_zk_const(const zp_fe *g0, const zp_fe *g1) {
    zp_fe2 r = {g0[0], g1[0]};
    return r;
}

zp_fe2 zp_sc_zk_univ_eval(const zp_fe *g0, const zp_fe *g1, unsigned degree, unsigned v,
                          zp_fe2 x) {
    unsigned nc = var_ncoef(degree, v);
    zp_fe2 acc = {0, 0};
    for (unsigned c = nc; c-- > 0;)
        acc = gl2_add(gl2_mul(acc, x), zp_sc_zk_coeff(g0, g1, degree, v, c));
    return acc;
}

zp_fe2 zp_sc_zk_total(const zp_fe *g0, const zp_fe *g1, unsigned n_vars, unsigned degree) {
    /* sum over {0,1}^(n+1): 2^(n+1) a_0 + 2^n sum_v (g_v(0) + g_v(1)). */
    const zp_fe2 zero = {0, 0}, one = {1, 0};
    zp_fe2 s = {0, 0};
    for (unsigned v = 0; v <= n_vars; v++) {
        s = gl2_add(s, zp_sc_zk_univ_eval(g0, g1, degree, v, zero));
        s = gl2_add(s, zp_sc_zk_univ_eval(g0, g1, degree, v, one));
    }
    zp_fe2 r = gl2_mul_fe(s, zp_sc_pow2(n_vars));
    return gl2_add(r, gl2_mul_fe(zp_sc_zk_const(g0, g1), zp_sc_pow2(n_vars + 1)));
}

/* n uniform elements of F_p by rejection (no modular bias): one 8-byte
 * draw of rng (zp_rng_bytes) per candidate word, in order.  The draws are
 * made UNIFORM_BATCH at a time by zp_rng_bytes_many (the same bytes); a
 * batch never holds more words than elements still missing, so every word
 * drawn is kept or rejected, as one draw at a time. */
#define UNIFORM_BATCH 64
static void uniform_fes(zp_fe *out, size_t n, zp_rng *rng) {
    uint8_t b[UNIFORM_BATCH * 8];
    for (size_t i = 0; i < n;) {
        const size_t cnt = n - i < UNIFORM_BATCH ? n - i : UNIFORM_BATCH;
        const zp_err e = zp_rng_bytes_many(rng, b, cnt, 8);
        (void)e; /* ZP_OK: 8 <= ZP_RNG_MANY_MAX, rng and b not NULL */
        for (size_t q = 0; q < cnt; q++) {
            uint64_t v = zp_load64_le(b + 8 * q) & GL_SAMPLE_MASK;
            /* Only the rejection of a discarded word (probability 2^-32)
             * is declassified (src/common/ctime.h), never the kept value. */
            uint64_t ok = (uint64_t)(v < GL_P);
            ZP_DECLASSIFY(&ok, sizeof ok);
            if (ok) out[i++] = v;
        }
    }
    zp_memzero(b, sizeof b); /* the coefficients of g are secret */
}

void zp_sc_zk_mask_sample(zp_fe *g0, zp_fe *g1, unsigned n_vars, unsigned degree,
                          zp_rng *rng) {
    size_t len = zp_sc_zk_mask_len(n_vars, degree), w = zp_sc_zk_mask_width(n_vars, degree);
    /* the draws in the order g0[0], g1[0], g0[1], g1[1], ...: pairs drawn
     * UNIFORM_BATCH / 2 at a time */
    zp_fe u[UNIFORM_BATCH];
    for (size_t i = 0; i < len; i += UNIFORM_BATCH / 2) {
        const size_t np = len - i < UNIFORM_BATCH / 2 ? len - i : UNIFORM_BATCH / 2;
        uniform_fes(u, 2 * np, rng);
        for (size_t q = 0; q < np; q++) {
            g0[i + q] = u[2 * q];
            g1[i + q] = u[2 * q + 1];
        }
    }
    zp_memzero(u, sizeof u);
    for (size_t i = len; i < w; i++) g0[i] = g1[i] = 0;
}

void zp_sc_zk_mask_functional(zp_fe2 *b_out, unsigned n_vars, unsigned degree, zp_fe2 r_b,
                              const zp_fe2 *point) {
    size_t w = zp_sc_zk_mask_width(n_vars, degree);
    memset(b_out, 0, w * sizeof(zp_fe2));
    b_out[0].c0 = 1;
    for (unsigned v = 0; v <= n_vars; v++) {
        zp_fe2 x = v == 0 ? r_b : point[v - 1], p = {1, 0};
        size_t off = var_off(degree, v);
        for (unsigned c = 0; c < var_ncoef(degree, v); c++) {
            b_out[off + c] = p;
            p = gl2_mul(p, x);
        }
    }
}

zp_fe2 zp_sc_zk_mask_eval(const zp_fe *g0, const zp_fe *g1, unsigned n_vars,
                          unsigned degree, zp_fe2 r_b, const zp_fe2 *point) {
    zp_fe2 acc = zp_sc_zk_const(g0, g1);
    for (unsigned v = 0; v <= n_vars; v++)
        acc = gl2_add(acc, zp_sc_zk_univ_eval(g0, g1, degree, v, v == 0 ? r_b : point[v - 1]));
    return acc;
}

zp_err zp_sc_zk_mask_commit(zp_pcs_prover **out, zp_digest *root, zp_pcs_params *params,
                            const zp_fe *g0, const zp_fe *g1, unsigned n_vars,
                            unsigned degree, const zp_rng *rng) {
    if (!out || !root || !params || !g0 || !g1 || !rng) return ZP_ERR_ARG;
    if (n_vars < 1 || n_vars > ZP_SC_MAX_VARS || degree < 1 || degree > ZP_SC_MAX_FACTORS)
        return ZP_ERR_ARG;
    size_t w = zp_sc_zk_mask_width(n_vars, degree);
    unsigned lw = 0;
    while (((size_t)1 << lw) < w) lw++;
    zp_err e = zp_sc_pcs_params_cols(params, lw + 1, lw, 1, 128);
    if (e != ZP_OK) return e;
    zp_fe *m = malloc(2 * w * sizeof(zp_fe));
    if (!m) return ZP_ERR_NOMEM;
    memcpy(m, g0, w * sizeof(zp_fe));
    memcpy(m + w, g1, w * sizeof(zp_fe));
    e = zp_pcs_commit(out, root, params, m, rng);
    zp_memzero(m, 2 * w * sizeof(zp_fe));
    free(m);
    return e;
}

zp_fe2 zp_sc_interp(const zp_fe2 *s, unsigned deg, zp_fe2 r) {
    /* s(r) = sum_k s_k w_k prod_{m != k} (r - m),
     * w_k = 1 / prod_{m != k} (k - m) = (-1)^(deg-k) / (k! (deg-k)!). */
    zp_fe2 pre[ZP_SC_MAX_FACTORS + 3], suf[ZP_SC_MAX_FACTORS + 3];
    zp_fe fact[ZP_SC_MAX_FACTORS + 3];
    fact[0] = 1;
    for (unsigned k = 1; k <= deg; k++) fact[k] = gl_mul(fact[k - 1], k);
    pre[0].c0 = 1;
    pre[0].c1 = 0;
    for (unsigned k = 0; k < deg; k++) {
        zp_fe2 t = r;
        t.c0 = gl_sub(t.c0, k);
        pre[k + 1] = gl2_mul(pre[k], t);
    }
    suf[deg].c0 = 1;
    suf[deg].c1 = 0;
    for (unsigned k = deg; k > 0; k--) {
        zp_fe2 t = r;
        t.c0 = gl_sub(t.c0, k);
        suf[k - 1] = gl2_mul(suf[k], t);
    }
    zp_fe2 acc = {0, 0};
    for (unsigned k = 0; k <= deg; k++) {
        zp_fe den = gl_mul(fact[k], fact[deg - k]);
        zp_fe w = zp_fe_inv(den);
        if ((deg - k) & 1) w = gl_neg(w);
        zp_fe2 term = gl2_mul_fe(gl2_mul(pre[k], suf[k]), w);
        acc = gl2_add(acc, gl2_mul(term, s[k]));
    }
    return acc;
}
