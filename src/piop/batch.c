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
    zp_fe2 **a, **b; /* per claim, copied (b borrowed where bref[i]) */
    unsigned char *bref;
    size_t *key; /* per claim: 0, or the caller's key of b (zp_claims_add_ref) */
    size_t *blo, *bhi; /* per claim: b's non-zero entries lie in [blo, bhi) */
    size_t *alo, *ahi; /* per claim: a's non-zero entries lie in [alo, ahi) */
    zp_fe2 *y;
    int finished;
    /* merged output */
    size_t n_out;
    zp_fe2 **ma;
    const zp_fe2 **mb;
    zp_fe2 *my;
    size_t *mkey; /* per merged claim: the key of its b (0: none) */
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
        if (!c->bref[i]) free(c->b[i]);
    }
    for (size_t i = 0; i < c->n_out; i++) free(c->ma[i]);
    free(c->a);
    free(c->b);
    free(c->bref);
    free(c->key);
    free(c->mkey);
    free(c->blo);
    free(c->bhi);
    free(c->alo);
    free(c->ahi);
    free(c->y);
    free(c->ma);
    free(c->mb);
    free(c->my);
    free(c);
}

size_t zp_claims_count(const zp_claims *c) { return c ? c->n : 0; }

/* Adds y = a^T M b; b copied, or borrowed (ref: the caller keeps b, with
 * its zeros outside [lo, hi), alive and unchanged until zp_claims_free). */
static zp_err claims_add(zp_claims *c, const zp_fe2 *a, const zp_fe2 *b, int ref, size_t lo,
                         size_t hi, size_t key, zp_fe2 y) {
    if (!c || !a || (!b && !key) || c->finished) return ZP_ERR_ARG;
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
        unsigned char *nref = realloc(c->bref, cap * sizeof *nref);
        if (!nref) return ZP_ERR_NOMEM;
        c->bref = nref;
        size_t *nkey = realloc(c->key, cap * sizeof *nkey);
        if (!nkey) return ZP_ERR_NOMEM;
        c->key = nkey;
        size_t *nalo = realloc(c->alo, cap * sizeof *nalo);
        if (!nalo) return ZP_ERR_NOMEM;
        c->alo = nalo;
        size_t *nahi = realloc(c->ahi, cap * sizeof *nahi);
        if (!nahi) return ZP_ERR_NOMEM;
        c->ahi = nahi;
        c->cap = cap;
    }
    zp_fe2 *ca = malloc(nr * sizeof *ca), *cb = ref ? (zp_fe2 *)b : malloc(nc * sizeof *cb);
    if (!ca || (!cb && !key)) {
        free(ca);
        if (!ref) free(cb);
        return ZP_ERR_NOMEM;
    }
    memcpy(ca, a, nr * sizeof *ca);
    if (!ref) {
        memcpy(cb, b, nc * sizeof *cb);
        lo = 0;
        hi = nc;
    }
    if (!cb) lo = hi = 0;
    while (lo < hi && gl2_is_zero(cb[lo])) lo++;
    while (hi > lo && gl2_is_zero(cb[hi - 1])) hi--;
    c->blo[c->n] = lo;
    c->bhi[c->n] = hi;
    c->bref[c->n] = (unsigned char)(ref != 0);
    c->key[c->n] = key;
    size_t al = 0, ah = nr;
    while (al < nr && gl2_is_zero(ca[al])) al++;
    while (ah > al && gl2_is_zero(ca[ah - 1])) ah--;
    c->alo[c->n] = al;
    c->ahi[c->n] = ah;
    c->a[c->n] = ca;
    c->b[c->n] = cb;
    c->y[c->n] = y;
    c->n++;
    return ZP_OK;
}

zp_err zp_claims_add(zp_claims *c, const zp_fe2 *a, const zp_fe2 *b, zp_fe2 y) {
    return claims_add(c, a, b, 0, 0, 0, 0, y);
}

zp_err zp_claims_add_ref(zp_claims *c, const zp_fe2 *a, const zp_fe2 *b, size_t lo, size_t hi,
                         size_t key, zp_fe2 y) {
    if (c && hi > ((size_t)1 << c->log_cols)) return ZP_ERR_ARG;
    if (lo > hi) return ZP_ERR_ARG;
    return claims_add(c, a, b, 1, lo, hi, key, y);
}

const size_t *zp_claims_keys(const zp_claims *c) { return c && c->finished ? c->mkey : NULL; }

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
    c->mkey = calloc(c->n + 1, sizeof *c->mkey);
    if (!rep || !c->ma || !c->mb || !c->my || !c->mkey) {
        free(rep);
        return ZP_ERR_NOMEM;
    }
    zp_fe2 pw = {1, 0};
    for (size_t i = 0; i < c->n; i++) {
        size_t g = c->n_out;
        /* equal vectors have equal non-zero ranges: compare those first,
         * then the values inside the range only */
        const size_t lo = c->blo[i], hi = c->bhi[i], ki = c->key[i];
        for (size_t k = 0; k < c->n_out; k++) {
            const size_t j = rep[k];
            /* keyed claims merge by key only (zp_claims_add_ref) */
            if (ki || c->key[j] ? ki == c->key[j]
                                : c->blo[j] == lo && c->bhi[j] == hi &&
                                      (c->mb[k] == c->b[i] ||
                                       !memcmp(c->mb[k] + lo, c->b[i] + lo,
                                               (hi - lo) * sizeof(zp_fe2)))) {
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
            c->mkey[g] = ki;
            rep[g] = i;
            c->n_out++;
        }
        /* claim i enters its group with weight lambda^i */
        zp_fe2 *ma = c->ma[g];
        const zp_fe2 *ai = c->a[i];
        for (size_t r = c->alo[i]; r < c->ahi[i]; r++) ma[r] = gl2_add(ma[r], gl2_mul(pw, ai[r]));
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
