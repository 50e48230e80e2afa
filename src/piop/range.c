/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Range checks [0, 2^k), k <= 32: 16-bit limbs looked up in [0, 2^16) with LogUp (docs/spec/logup.md). */
#include <stdlib.h>
#include <string.h>

#include "common/ctime.h"
#include "field/gl.h"
#include "piop/matmul_internal.h"

#define RANGE_LOG_TABLE 16

size_t zp_range_max_bits(void) { return ZP_RANGE_MAX_BITS; }

/* The LogUp instance: S_0 = v (the caller's), S_1 .. S_L the limbs
 * (internal); columns: every limb, and the top limb scaled by 2^(16 - b)
 * when its width b is below 16, so that both l and l 2^(16-b) lie in
 * [0, 2^16), i.e. l < 2^b. */
static zp_err range_inst(zp_lu_inst *in, const zp_piop_tensor *v, const zp_fe *limbs,
                         unsigned log_n, unsigned k_bits, int zk, const zp_fe *table) {
    memset(in, 0, sizeof *in);
    if (k_bits < 1 || k_bits > ZP_RANGE_MAX_BITS) return ZP_ERR_ARG;
    unsigned L = (k_bits + 15) / 16, b = k_bits - 16 * (L - 1);
    size_t N = (size_t)1 << log_n;
    in->log_n = log_n;
    in->log_t = RANGE_LOG_TABLE;
    in->zk = zk != 0;
    in->decomp = 1;
    in->table = table;
    in->n_src = 1 + L;
    if (v) in->src[0] = *v;
    for (unsigned l = 0; l < L; l++) {
        in->internal[1 + l] = 1;
        if (limbs) in->src[1 + l].vals = limbs + l * N;
        in->col_src[in->n_cols] = 1 + l;
        in->col_scale[in->n_cols++] = 1;
    }
    if (b < 16) {
        in->col_src[in->n_cols] = L;
        in->col_scale[in->n_cols++] = (zp_fe)1 << (16 - b);
    }
    return ZP_OK;
}

static zp_fe *range_table(void) {
    zp_fe *t = malloc(((size_t)1 << RANGE_LOG_TABLE) * sizeof(zp_fe));
    if (t)
        for (size_t j = 0; j < ((size_t)1 << RANGE_LOG_TABLE); j++) t[j] = j;
    return t;
}

zp_err zp_range_prove_limbs(zp_transcript *tr, zp_bytes *proof, zp_piop_claim *out,
                            const zp_piop_tensor *v, unsigned log_n, unsigned k_bits,
                            int zk, zp_rng *rng, const zp_fe *limbs,
                            const zp_fe *m_override) {
    if (out == NULL) return ZP_ERR_ARG;
    memset(out, 0, sizeof *out);
    if (tr == NULL || v == NULL || v->vals == NULL || k_bits < 1 ||
        k_bits > ZP_RANGE_MAX_BITS || log_n > 24)
        return ZP_ERR_ARG;
    unsigned L = (k_bits + 15) / 16;
    size_t N = (size_t)1 << log_n;
    zp_fe *own = NULL, *table = range_table();
    if (table == NULL) return ZP_ERR_NOMEM;
    zp_err e = ZP_OK;
    if (limbs == NULL) {
        own = malloc(L * N * sizeof(zp_fe));
        if (own == NULL) { free(table); return ZP_ERR_NOMEM; }
        uint64_t bad = 0;
        for (size_t i = 0; i < N; i++) {
            uint64_t x = v->vals[i];
            bad |= k_bits < 64 ? x >> k_bits : 0;
            for (unsigned l = 0; l < L; l++) own[l * N + i] = (x >> (16 * l)) & 0xffff;
        }
        /* a value out of range: the one bit the error return reveals
         * (src/common/ctime.h) */
        ZP_DECLASSIFY(&bad, sizeof bad);
        if (bad) e = ZP_ERR_ARG;
        limbs = own;
    }
    zp_lu_inst in;
    if (e == ZP_OK) e = range_inst(&in, v, limbs, log_n, k_bits, zk, table);
    if (e == ZP_OK) {
        zp_transcript_absorb_u64(tr, "range/k-bits", k_bits);
        zp_piop_claim cl[ZP_LU_MAX_SRC];
        e = zp_lu_prove(tr, proof, cl, &in, m_override, rng);
        if (e == ZP_OK) *out = cl[0];
    }
    if (own) {
        zp_memzero(own, L * N * sizeof(zp_fe));
        free(own);
    }
    free(table);
    return e;
}

zp_err zp_range_prove(zp_transcript *tr, zp_bytes *proof, zp_piop_claim *out,
                      const zp_piop_tensor *v, unsigned log_n, unsigned k_bits,
                      int zk, zp_rng *rng) {
    return zp_range_prove_limbs(tr, proof, out, v, log_n, k_bits, zk, rng, NULL, NULL);
}

zp_err zp_range_verify(zp_transcript *tr, zp_reader *proof, zp_piop_claim *out,
                       unsigned log_n, unsigned k_bits, int zk) {
    if (out == NULL) return ZP_ERR_ARG;
    memset(out, 0, sizeof *out);
    if (tr == NULL || log_n > 24) return ZP_ERR_ARG;
    zp_fe *table = range_table();
    if (table == NULL) return ZP_ERR_NOMEM;
    zp_lu_inst in;
    zp_err e = range_inst(&in, NULL, NULL, log_n, k_bits, zk, table);
    if (e == ZP_OK) {
        zp_transcript_absorb_u64(tr, "range/k-bits", k_bits);
        zp_piop_claim cl[ZP_LU_MAX_SRC];
        e = zp_lu_verify(tr, proof, cl, &in);
        if (e == ZP_OK) *out = cl[0];
    }
    free(table);
    return e;
}
