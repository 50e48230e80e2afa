/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Parameters of the tensor-code commitment: shapes, the soundness bound
 * and the default choice of queries, proximity tests and matrix split
 * (docs/spec/pcs.md, "Parameters"). */
#include <math.h>

#include "pcs/pcs_internal.h"

static unsigned ceil_log2_sz(size_t v) {
    unsigned l = 0;
    while (((size_t)1 << l) < v) l++;
    return l;
}

size_t zp_pcs_path_max(unsigned log_n, size_t q) {
    /* A batched path sends, at each depth l, the children of the c_l
     * covered nodes that are not covered themselves: sum_l (2 c_l -
     * c_{l+1}) = 2 + sum_{l=1}^{h-1} c_l - q, largest when every
     * c_l = min(2^l, q) (indices spread evenly). */
    size_t n = (size_t)1 << log_n;
    if (q == 0 || q >= n) return 0;
    size_t sum = 0;
    for (unsigned l = 1; l < log_n; l++) {
        size_t c = (size_t)1 << l;
        sum += c < q ? c : q;
    }
    return 2 + sum - q;
}

zp_err zp_pcs_shape_of(zp_pcs_shape *s, const zp_pcs_params *p) {
    if (!s || !p) return ZP_ERR_ARG;
    if (p->n_vars > ZP_PCS_MAX_VARS || p->log_cols > p->n_vars) return ZP_ERR_ARG;
    if (p->n_vars - p->log_cols > ZP_PCS_MAX_LOG_ROWS) return ZP_ERR_ARG;
    if (p->log_inv_rate > 2) return ZP_ERR_ARG;
    if (p->n_queries < 1 || p->n_queries > ZP_PCS_MAX_QUERIES) return ZP_ERR_ARG;
    if (p->max_claims < 1 || p->max_claims > ZP_PCS_MAX_CLAIMS) return ZP_ERR_ARG;
    if (p->n_prox < 1 || p->n_prox > ZP_PCS_MAX_PROX) return ZP_ERR_ARG;
    if (p->max_openings > ZP_PCS_MAX_OPENINGS) return ZP_ERR_ARG;
    s->k = (size_t)1 << p->log_cols;
    s->t = p->n_queries;
    s->n_open = p->max_openings ? p->max_openings : 1;
    s->h = s->n_open * s->t;
    s->L = s->k + s->h;
    s->log_n = ceil_log2_sz(s->L) + p->log_inv_rate;
    if (s->log_n > ZP_NTT_MAX_LOG) return ZP_ERR_ARG;
    s->n = (size_t)1 << s->log_n;
    s->rows_full = (size_t)1 << (p->n_vars - p->log_cols);
    if (p->rows_used > s->rows_full) return ZP_ERR_ARG;
    s->rows_data = p->rows_used ? p->rows_used : s->rows_full;
    s->row_claim = s->rows_data;
    s->row_prox = s->rows_data + 2 * (size_t)p->max_claims;
    s->rows_np = s->row_prox;
    s->group = 2 * (size_t)p->max_claims + 2 * (size_t)p->n_prox;
    s->rows = s->rows_data + s->n_open * s->group;
    s->stride = ZP_PCS_SALT_WORDS + s->rows;
    s->path_max = zp_pcs_path_max(s->log_n, s->t);
    /* Bound what a verifier reads and allocates (a proof with max_claims
     * claims); every factor is bounded above, so nothing overflows. */
    size_t most = 16 * (size_t)p->max_claims +
                  16 * s->L * ((size_t)p->n_prox + p->max_claims) +
                  s->t * (32 + 8 * s->rows) + 32 * s->path_max;
    if (most > ZP_PCS_MAX_PROOF_BYTES) return ZP_ERR_ARG;
    return ZP_OK;
}

zp_err zp_pcs_params_check(const zp_pcs_params *p) {
    zp_pcs_shape s;
    return zp_pcs_shape_of(&s, p);
}

/* log2(2^a + 2^b) without overflow. */
static double log2_sum(double a, double b) {
    double hi = a > b ? a : b, lo = a > b ? b : a;
    return hi + log2(1.0 + exp2(lo - hi));
}

double zp_pcs_code_error_log2(const zp_pcs_shape *s, unsigned n_prox, unsigned q) {
    /* Unique-decoding radius of RS[N, L]: delta = (1 - L/N) / 2.
     * Proximity gaps (Ben-Sasson, Carmon, Ishai, Kopparty, Saraf,
     * "Proximity Gaps for Reed-Solomon Codes", FOCS 2020 / ePrint 2020/654,
     * Theorem 1.4, unique-decoding regime): a random combination of a
     * delta-far interleaved word is delta-close with probability at most
     * N/|F|; +1/|F| for a zero leading coefficient; tests independent. */
    double rho = (double)s->L / (double)s->n;
    double delta = (1.0 - rho) / 2.0;
    double log_f2 = 2.0 * log2((double)ZP_FIELD_P);
    double e_query = (double)q * log2(1.0 - delta);
    double e_prox = (double)n_prox * (log2((double)s->n + 1.0) - log_f2);
    return log2_sum(e_query, e_prox);
}

double zp_pcs_params_security(const zp_pcs_params *p) {
    zp_pcs_shape s;
    if (zp_pcs_shape_of(&s, p) != ZP_OK) return 0.0;
    return -zp_pcs_code_error_log2(&s, p->n_prox, p->n_queries);
}

size_t zp_pcs_proof_bytes(const zp_pcs_params *p, size_t n_claims) {
    zp_pcs_shape s;
    if (zp_pcs_shape_of(&s, p) != ZP_OK || n_claims > p->max_claims) return 0;
    size_t b = n_claims * ZP_FE2_BYTES;                              /* v_c   */
    b += (p->n_prox + n_claims) * s.L * ZP_FE2_BYTES;               /* u     */
    b += s.t * (ZP_PCS_SALT_WORDS * 8 + s.rows * ZP_FE_BYTES);      /* cols  */
    b += s.path_max * ZP_DIGEST_BYTES;                              /* path  */
    return b;
}

/* Smallest (n_prox, q) meeting the target for log_cols; 0 if none.
 * The scan over q starts at q = security_bits: delta <= 1/2, so the query
 * term q log2(1 - delta) >= -q, and the bound (log2_sum >= the query term)
 * cannot be met by fewer queries.  Skipping them changes no outcome: N,
 * the proximity term and the shape's failures only grow with q, so a
 * break or a failure at a skipped q happens again at q = security_bits.
 * (The parameter choice runs on both sides of every proof.) */
static int choose_queries(zp_pcs_params *p, unsigned security_bits) {
    const unsigned q0 = security_bits > 1 ? security_bits : 1;
    for (unsigned r = 1; r <= ZP_PCS_MAX_PROX; r++) {
        p->n_prox = r;
        zp_pcs_shape s;
        /* Proximity term alone must leave room: (N/|F|)^r < 2^-(bits+1). */
        p->n_queries = 1;
        if (zp_pcs_shape_of(&s, p) != ZP_OK) return 0;
        for (unsigned q = q0; q <= ZP_PCS_MAX_QUERIES; q++) {
            p->n_queries = q;
            if (zp_pcs_shape_of(&s, p) != ZP_OK) return 0;
            double e_prox = (double)r * (log2((double)s.n + 1.0) -
                                         2.0 * log2((double)ZP_FIELD_P));
            if (e_prox > -(double)security_bits - 1.0) break; /* next r */
            if (zp_pcs_code_error_log2(&s, r, q) <= -(double)security_bits) return 1;
        }
    }
    return 0;
}

/* The last choices of this thread (a prover and its verifier ask for the
 * same few shapes at every proof; one search is ~0.1 ms).  Per thread, so
 * no lock; a hit returns exactly what the search returned. */
#define PARAMS_MEMO 8
static _Thread_local struct {
    unsigned n_vars, log_inv_rate, bits, max_openings, valid;
    zp_pcs_params p;
} params_memo[PARAMS_MEMO];
static _Thread_local unsigned params_memo_next;

static zp_err params_search(zp_pcs_params *p, unsigned n_vars, unsigned log_inv_rate,
                            unsigned security_bits, unsigned max_openings);

zp_err zp_pcs_params_default_multi(zp_pcs_params *p, unsigned n_vars, unsigned log_inv_rate,
                                   unsigned security_bits, unsigned max_openings) {
    if (!p) return ZP_ERR_ARG;
    for (unsigned i = 0; i < PARAMS_MEMO; i++)
        if (params_memo[i].valid && params_memo[i].n_vars == n_vars &&
            params_memo[i].log_inv_rate == log_inv_rate && params_memo[i].bits == security_bits &&
            params_memo[i].max_openings == max_openings) {
            *p = params_memo[i].p;
            return ZP_OK;
        }
    zp_err e = params_search(p, n_vars, log_inv_rate, security_bits, max_openings);
    if (e == ZP_OK) {
        unsigned i = params_memo_next++ % PARAMS_MEMO;
        params_memo[i].n_vars = n_vars;
        params_memo[i].log_inv_rate = log_inv_rate;
        params_memo[i].bits = security_bits;
        params_memo[i].max_openings = max_openings;
        params_memo[i].p = *p;
        params_memo[i].valid = 1;
    }
    return e;
}

static zp_err params_search(zp_pcs_params *p, unsigned n_vars, unsigned log_inv_rate,
                            unsigned security_bits, unsigned max_openings) {
    zp_pcs_params best = {0, 0, 0, 0, 0, 0, 0, 0};
    size_t best_bytes = 0;
    if (n_vars > ZP_PCS_MAX_VARS || log_inv_rate > 2 ||
        security_bits < 1 || security_bits > 256 ||
        max_openings < 1 || max_openings > ZP_PCS_MAX_OPENINGS) {
        *p = best;
        return ZP_ERR_ARG;
    }
    for (unsigned lc = 0; lc <= n_vars; lc++) {
        zp_pcs_params c = {n_vars, lc, log_inv_rate, 1, ZP_PCS_DEFAULT_CLAIMS, 1, max_openings, 0};
        if (!choose_queries(&c, security_bits)) continue;
        size_t bytes = zp_pcs_proof_bytes(&c, 1);
        if (bytes == 0) continue;
        /* Ties go to the smaller row length (cheaper verifier). */
        if (best_bytes == 0 || bytes < best_bytes) {
            best = c;
            best_bytes = bytes;
        }
    }
    *p = best;
    return best_bytes ? ZP_OK : ZP_ERR_ARG;
}

zp_err zp_pcs_params_default(zp_pcs_params *p, unsigned n_vars, unsigned log_inv_rate,
                             unsigned security_bits) {
    return zp_pcs_params_default_multi(p, n_vars, log_inv_rate, security_bits, 1);
}
