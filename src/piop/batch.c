/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Claim batching: PCS claims y = a^T M b sharing the same column vector b
 * are merged by a random linear combination (docs/spec/sumcheck.md). */
#include <stdlib.h>
#include <string.h>

#include "sumcheck_internal.h"

struct zp_claims {
    unsigned log_rows, log_cols;
    size_t n, cap;
    zp_fe2 **a, **b; /* per claim, copied */
    size_t *blo, *bhi; /* per claim: b's non-zero entries lie in [blo, bhi) */
    zp_fe2 *y;
    int finished;
    /* merged output */
    size_t n_out;
    zp_fe2 **ma;
    const zp_fe2 **mb;
    zp_fe2 *my;
};

zp_err zp_claims_create(zp_claims **out, unsigned log_rows, unsigned log_cols) {
    if (!out) return ZP_ERR_ARG;
    *out = NULL;
    if (log_rows + log_cols > ZP_PCS_MAX_VARS || log_cols > ZP_PCS_MAX_VARS) return ZP_ERR_ARG;
    zp_claims *c = calloc(1, sizeof *c);
    if (!c) return ZP_ERR_NOMEM;
    c->log_rows = log_rows;
    c->log_cols = log_cols;
    *out = c;
    return ZP_OK;
}

void zp_claims_free(zp_claims *c) {
    if (!c) return;
    for (size_t i = 0; i < c->n; i++) {
        free(c->a[i]);
        free(c->b[i]);
    }
    for (size_t i = 0; i < c->n_out; i++) free(c->ma[i]);
    free(c->a);
    free(c->b);
    free(c->blo);
    free(c->bhi);
    free(c->y);
    free(c->ma);
    free(c->mb);
    free(c->my);
    free(c);
}

size_t zp_claims_count(const zp_claims *c) { return c ? c->n : 0; }

zp_err zp_claims_add(zp_claims *c, const zp_fe2 *a, const zp_fe2 *b, zp_fe2 y) {
    if (!c || !a || !b || c->finished) return ZP_ERR_ARG;
    size_t nr = (size_t)1 << c->log_rows, nc = (size_t)1 << c->log_cols;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 8;
        zp_fe2 **na = realloc(c->a, cap * sizeof *na);
        if (!na) return ZP_ERR_NOMEM;
        c->a = na;
        zp_fe2 **nb = realloc(c->b, cap * sizeof *nb);
        if (!nb) return ZP_ERR_NOMEM;
        c->b = nb;
        zp_fe2 *ny = realloc(c->y, cap * sizeof *ny);
        if (!ny) return ZP_ERR_NOMEM;
        c->y = ny;
        size_t *nlo = realloc(c->blo, cap * sizeof *nlo);
        if (!nlo) return ZP_ERR_NOMEM;
        c->blo = nlo;
        size_t *nhi = realloc(c->bhi, cap * sizeof *nhi);
        if (!nhi) return ZP_ERR_NOMEM;
        c->bhi = nhi;
        c->cap = cap;
    }
    zp_fe2 *ca = malloc(nr * sizeof *ca), *cb = malloc(nc * sizeof *cb);
    if (!ca || !cb) {
        free(ca);
        free(cb);
        return ZP_ERR_NOMEM;
    }
    memcpy(ca, a, nr * sizeof *ca);
    memcpy(cb, b, nc * sizeof *cb);
    size_t lo = 0, hi = nc;
    while (lo < nc && gl2_is_zero(cb[lo])) lo++;
    while (hi > lo && gl2_is_zero(cb[hi - 1])) hi--;
    c->blo[c->n] = lo;
    c->bhi[c->n] = hi;
    c->a[c->n] = ca;
    c->b[c->n] = cb;
    c->y[c->n] = y;
    c->n++;
    return ZP_OK;
}

zp_err zp_claims_finish(zp_claims *c, zp_transcript *tr, size_t *n_out,
                        const zp_fe2 *const **a_out, const zp_fe2 *const **b_out,
                        const zp_fe2 **y_out) {
    if (!c || !tr || !n_out || !a_out || !b_out || !y_out || c->finished) return ZP_ERR_ARG;
    *n_out = 0;
    const size_t nr = (size_t)1 << c->log_rows;
    c->finished = 1;
    zp_transcript_absorb_u64(tr, "claims/n", c->n);
    if (c->n) zp_transcript_absorb_fe2(tr, "claims/y", c->y, c->n);
    zp_fe2 lambda = zp_transcript_challenge_fe2(tr, "claims/lambda");
    size_t *rep = calloc(c->n + 1, sizeof *rep); /* group k: its first claim */
    c->ma = calloc(c->n + 1, sizeof *c->ma);
    c->mb = calloc(c->n + 1, sizeof *c->mb);
    c->my = calloc(c->n + 1, sizeof *c->my);
    if (!rep || !c->ma || !c->mb || !c->my) {
        free(rep);
        return ZP_ERR_NOMEM;
    }
    zp_fe2 pw = {1, 0};
    for (size_t i = 0; i < c->n; i++) {
        size_t g = c->n_out;
        /* equal vectors have equal non-zero ranges: compare those first,
         * then the values inside the range only */
        const size_t lo = c->blo[i], hi = c->bhi[i];
        for (size_t k = 0; k < c->n_out; k++) {
            const size_t j = rep[k];
            if (c->blo[j] == lo && c->bhi[j] == hi &&
                !memcmp(c->mb[k] + lo, c->b[i] + lo, (hi - lo) * sizeof(zp_fe2))) {
                g = k;
                break;
            }
        }
        if (g == c->n_out) {
            c->ma[g] = calloc(nr, sizeof(zp_fe2));
            if (!c->ma[g]) {
                free(rep);
                return ZP_ERR_NOMEM;
            }
            c->mb[g] = c->b[i];
            rep[g] = i;
            c->n_out++;
        }
        /* claim i enters its group with weight lambda^i */
        zp_fe2 *ma = c->ma[g];
        const zp_fe2 *ai = c->a[i];
        for (size_t r = 0; r < nr; r++) ma[r] = gl2_add(ma[r], gl2_mul(pw, ai[r]));
        c->my[g] = gl2_add(c->my[g], gl2_mul(pw, c->y[i]));
        pw = gl2_mul(pw, lambda);
    }
    free(rep);
    *n_out = c->n_out;
    *a_out = (const zp_fe2 *const *)c->ma;
    *b_out = (const zp_fe2 *const *)c->mb;
    *y_out = c->my;
    return ZP_OK;
}
