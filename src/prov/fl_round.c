/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Federated rounds: signed client update commitments and the aggregator's
 * zero-knowledge proof of norm-bounded FedAvg (docs/spec/fl.md). */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "common/rng_internal.h"
#include "field/gl.h"
#include "piop/matmul_internal.h"
#include "prov/cert_internal.h"
#include "prov/fl_internal.h"

#define ROUND_MAGIC "ZPFLRND1"
#define AGG_MAGIC "ZPFLAGG1"
#define UPD_TAG "zkprov-v1/fl-update"

size_t zp_fl_max_clients(void) { return ZP_FL_MAX_CLIENTS; }

/* ------------------------------------------------------------------ */
/* statement, encodings                                                */
/* ------------------------------------------------------------------ */

void zp_fl_round_clear(zp_fl_round *r) {
    if (!r) return;
    free(r->client_pk);
    free(r->global);
    memset(r, 0, sizeof *r);
}

zp_err zp_fl_round_check(const zp_fl_round *r) {
    if (!r || !r->client_pk || !r->global) return ZP_ERR_ARG;
    if (r->log_params < 1 || r->log_params > ZP_FL_MAX_LOG_PARAMS) return ZP_ERR_ARG;
    if (r->update_bits < 1 || r->update_bits > ZP_FL_MAX_UPDATE_BITS) return ZP_ERR_ARG;
    /* Entries in [-2^(K-1), 2^(K-1)) give ||u||^2 <= P 2^(2K-2) <= 2^47:
     * below p/2, so the squared norm computed in F_p is the integer one
     * (soundness, with the clients' range proofs), and an excluded
     * client's slack ||u||^2 - B^2 - 1 fits the 48-bit slack range
     * (completeness). */
    if (r->log_params + 2 * r->update_bits - 2 > 47) return ZP_ERR_ARG;
    if (r->bound < 1 || r->bound >= ((uint64_t)1 << 23)) return ZP_ERR_ARG;
    if (r->n_clients < 1 || r->n_clients > ZP_FL_MAX_CLIENTS) return ZP_ERR_ARG;
    size_t P = (size_t)1 << r->log_params;
    for (size_t i = 0; i < P; i++)
        if (r->global[i] >= ((int64_t)1 << 62) || r->global[i] <= -((int64_t)1 << 62))
            return ZP_ERR_ARG;
    return ZP_OK;
}

zp_err zp_fl_round_encode(uint8_t **out, size_t *len, const zp_fl_round *r) {
    if (!out || !len) return ZP_ERR_ARG;
    *out = NULL;
    *len = 0;
    if (zp_fl_round_check(r) != ZP_OK) return ZP_ERR_ARG;
    size_t P = (size_t)1 << r->log_params;
    size_t n = 8 + 8 + 4 + 4 + 8 + 4 + 32 + 32 * (size_t)r->n_clients + 8 * P;
    uint8_t *b = malloc(n), *p = b;
    if (!b) return ZP_ERR_NOMEM;
    memcpy(p, ROUND_MAGIC, 8), p += 8;
    zp_store64_le(p, r->round_id), p += 8;
    zp_store32_le(p, r->log_params), p += 4;
    zp_store32_le(p, r->update_bits), p += 4;
    zp_store64_le(p, r->bound), p += 8;
    zp_store32_le(p, r->n_clients), p += 4;
    memcpy(p, r->prev_digest.b, 32), p += 32;
    memcpy(p, r->client_pk, 32 * (size_t)r->n_clients), p += 32 * (size_t)r->n_clients;
    for (size_t i = 0; i < P; i++) zp_store64_le(p, (uint64_t)r->global[i]), p += 8;
    *out = b;
    *len = n;
    return ZP_OK;
}

zp_err zp_fl_round_digest(zp_digest *out, const zp_fl_round *r) {
    uint8_t *b;
    size_t n;
    zp_err e = zp_fl_round_encode(&b, &n, r);
    if (e != ZP_OK) return e;
    zp_sha256(out->b, b, n);
    free(b);
    return ZP_OK;
}

zp_err zp_fl_round_decode(zp_fl_round *out, const uint8_t *d, size_t len) {
    if (!out) return ZP_ERR_ARG;
    memset(out, 0, sizeof *out);
    if (!d || len < 68 || memcmp(d, ROUND_MAGIC, 8)) return ZP_ERR_PARSE;
    zp_fl_round r;
    memset(&r, 0, sizeof r);
    r.round_id = zp_load64_le(d + 8);
    r.log_params = zp_load32_le(d + 16);
    r.update_bits = zp_load32_le(d + 20);
    r.bound = zp_load64_le(d + 24);
    r.n_clients = zp_load32_le(d + 32);
    memcpy(r.prev_digest.b, d + 36, 32);
    if (r.log_params < 1 || r.log_params > ZP_FL_MAX_LOG_PARAMS || r.n_clients < 1 ||
        r.n_clients > ZP_FL_MAX_CLIENTS)
        return ZP_ERR_PARSE;
    size_t P = (size_t)1 << r.log_params;
    if (len != 68 + 32 * (size_t)r.n_clients + 8 * P) return ZP_ERR_PARSE;
    r.client_pk = malloc(32 * (size_t)r.n_clients);
    r.global = malloc(8 * P);
    if (!r.client_pk || !r.global) {
        zp_fl_round_clear(&r);
        return ZP_ERR_NOMEM;
    }
    memcpy(r.client_pk, d + 68, 32 * (size_t)r.n_clients);
    const uint8_t *g = d + 68 + 32 * (size_t)r.n_clients;
    for (size_t i = 0; i < P; i++) r.global[i] = (int64_t)zp_load64_le(g + 8 * i);
    if (zp_fl_round_check(&r) != ZP_OK) {
        zp_fl_round_clear(&r);
        return ZP_ERR_PARSE;
    }
    *out = r;
    return ZP_OK;
}

static void put_params(uint8_t *p, const zp_pcs_params *q) {
    zp_store32_le(p, q->n_vars);
    zp_store32_le(p + 4, q->log_cols);
    zp_store32_le(p + 8, q->log_inv_rate);
    zp_store32_le(p + 12, q->n_queries);
    zp_store32_le(p + 16, q->max_claims);
    zp_store32_le(p + 20, q->n_prox);
    zp_store32_le(p + 24, q->max_openings ? q->max_openings : 1);
}

size_t zp_fl_update_signed_bytes(uint8_t *out, const zp_fl_update *u) {
    uint8_t *p = out;
    memset(p, 0, 20);
    memcpy(p, UPD_TAG, sizeof UPD_TAG - 1), p += 20;
    memcpy(p, u->round_digest.b, 32), p += 32;
    zp_store32_le(p, u->client), p += 4;
    zp_store64_le(p, u->samples), p += 8;
    put_params(p, &u->pcs), p += 28;
    memcpy(p, u->root.b, 32), p += 32;
    zp_store32_le(p, u->has_train_proof), p += 4;
    memcpy(p, u->train_proof.b, 32), p += 32;
    memcpy(p, u->range_proof.b, 32), p += 32;
    return (size_t)(p - out);
}

void zp_fl_update_encode(uint8_t out[ZP_FL_UPDATE_BYTES], const zp_fl_update *u) {
    size_t n = zp_fl_update_signed_bytes(out, u);
    memcpy(out + n, u->sig, ZP_FL_SIG_BYTES);
}

zp_err zp_fl_update_decode(zp_fl_update *u, const uint8_t d[ZP_FL_UPDATE_BYTES]) {
    memset(u, 0, sizeof *u);
    uint8_t tag[20] = {0};
    memcpy(tag, UPD_TAG, sizeof UPD_TAG - 1);
    if (memcmp(d, tag, 20)) return ZP_ERR_PARSE;
    const uint8_t *p = d + 20;
    memcpy(u->round_digest.b, p, 32), p += 32;
    u->client = zp_load32_le(p), p += 4;
    u->samples = zp_load64_le(p), p += 8;
    u->pcs.n_vars = zp_load32_le(p);
    u->pcs.log_cols = zp_load32_le(p + 4);
    u->pcs.log_inv_rate = zp_load32_le(p + 8);
    u->pcs.n_queries = zp_load32_le(p + 12);
    u->pcs.max_claims = zp_load32_le(p + 16);
    u->pcs.n_prox = zp_load32_le(p + 20);
    u->pcs.max_openings = zp_load32_le(p + 24);
    u->pcs.rows_used = 0;
    p += 28;
    memcpy(u->root.b, p, 32), p += 32;
    u->has_train_proof = zp_load32_le(p), p += 4;
    memcpy(u->train_proof.b, p, 32), p += 32;
    memcpy(u->range_proof.b, p, 32), p += 32;
    memcpy(u->sig, p, ZP_FL_SIG_BYTES);
    /* put_params writes max_openings 0 as 1: a stored 0 is not canonical */
    if (u->has_train_proof > 1 || u->pcs.max_openings == 0) return ZP_ERR_PARSE;
    return ZP_OK;
}

zp_err zp_fl_client_pcs_params(zp_pcs_params *p, unsigned log_params) {
    if (!p || log_params < 1 || log_params > ZP_FL_MAX_LOG_PARAMS) return ZP_ERR_ARG;
    /* Rate 1/4: fewer queries, so a cheaper verifier per client (the
     * verifier's cost is dominated by the openings of the clients), one
     * claim per opening, three openings: 0 for the client's range proof,
     * 1 for the aggregator, 2 for the link to the client's training run
     * (docs/spec/pcs.md "Many openings", src/prov/fl_train.c). */
    zp_err e = zp_pcs_params_default_multi(p, log_params + 1, 2, ZP_FL_SECURITY_BITS,
                                           ZP_FL_CLIENT_OPENINGS);
    if (e != ZP_OK) return e;
    /* the mask rows must fit in the second half: otherwise narrower rows,
     * with n_queries raised until the code soundness is met again */
    if (((size_t)ZP_FL_CLIENT_MASK_ROWS << p->log_cols) > ((size_t)1 << log_params)) {
        if (log_params < 3) return ZP_ERR_ARG;
        p->log_cols = log_params - 2;
        while (zp_pcs_params_security(p) < ZP_FL_SECURITY_BITS) {
            if (p->n_queries >= ZP_PCS_MAX_QUERIES) return ZP_ERR_ARG;
            p->n_queries++;
        }
    }
    p->max_claims = 1;
    return zp_pcs_params_check(p);
}

size_t zp_fl_client_mask_len(unsigned log_params) {
    zp_pcs_params p;
    if (zp_fl_client_pcs_params(&p, log_params) != ZP_OK) return 0;
    return (size_t)ZP_FL_CLIENT_MASK_ROWS << p.log_cols;
}

static int params_eq(const zp_pcs_params *a, const zp_pcs_params *b) {
    uint8_t x[28], y[28];
    put_params(x, a);
    put_params(y, b);
    return memcmp(x, y, 28) == 0;
}

static zp_fe fe_i64(int64_t v) { return zp_fe_from_i64(v); }

/* Client functional: a on 2^(lp+1-lc) rows, b on 2^lc columns, for the
 * masked claim (1 - r_b) u~(pt) + r_b R~(pt_low) with R the mask row
 * mask_row (0: the aggregator's, right after the update; 1: the range
 * proof's, the row after). */
static void client_functional(zp_fe2 *a, zp_fe2 *b, const zp_pcs_params *pc, unsigned lp,
                              const zp_fe2 *pt, zp_fe2 r_b, unsigned mask_row) {
    unsigned lc = pc->log_cols;
    size_t R = (size_t)1 << (pc->n_vars - lc), Rd = (size_t)1 << (lp - lc);
    zp_eq_table(b, pt, lc);
    memset(a, 0, R * sizeof *a);
    zp_eq_table(a, pt + lc, lp - lc);
    zp_fe2 one = {1, 0}, w = gl2_sub(one, r_b);
    for (size_t i = 0; i < Rd; i++) a[i] = gl2_mul(a[i], w);
    a[Rd + mask_row] = r_b;
}

/* The transcript of a client's range proof: the round, the client, the
 * entry width and the commitment (the proof is about the committed
 * values only; the signed header binds it to the rest by its digest). */
static void range_transcript(zp_transcript *tr, const zp_fl_update *u, const zp_fl_round *r) {
    uint8_t pp[28];
    put_params(pp, &u->pcs);
    zp_transcript_init(tr, "zkprov-v1/fl-update-range");
    zp_transcript_absorb_digest(tr, "fl/round", &u->round_digest);
    zp_transcript_absorb_u64(tr, "fl/client", u->client);
    zp_transcript_absorb_u64(tr, "fl/update-bits", r->update_bits);
    zp_transcript_absorb_bytes(tr, "fl/pcs", pp, sizeof pp);
    zp_transcript_absorb_digest(tr, "fl/root", &u->root);
}

/* The claim on u left by the range proof of u + 2^(K-1): the shift is a
 * constant, so (1 - r_b)(u~ + 2^(K-1)) + r_b R~ = value gives
 * (1 - r_b) u~ + r_b R~ = value - (1 - r_b) 2^(K-1). */
static zp_fe2 range_claim_on_u(const zp_piop_claim *rc, unsigned K) {
    zp_fe2 one = {1, 0};
    return gl2_sub(rc->value, gl2_mul_fe(gl2_sub(one, rc->r_b), (zp_fe)1 << (K - 1)));
}

static zp_err update_create(zp_fl_update *hdr, zp_pcs_prover **prover, zp_bytes *range_proof,
                            const zp_fl_round *r, uint32_t client, const uint8_t *sk,
                            const int64_t *values, uint64_t samples, const zp_digest *train_proof,
                            zp_fe *mask, const zp_rng *rng, int honest, const zp_fe *forged_limbs,
                            const zp_fl_update_hook *hook) {
    if (!hdr || !prover) return ZP_ERR_ARG;
    memset(hdr, 0, sizeof *hdr);
    *prover = NULL;
    if (!range_proof || !sk || !values || !rng || zp_fl_round_check(r) != ZP_OK) return ZP_ERR_ARG;
    if (client >= r->n_clients || samples < 1 || samples > ((uint64_t)1 << 31)) return ZP_ERR_ARG;
    if (zp_init() != ZP_OK) return ZP_ERR_INTERNAL;
    if (!zp_memeq(sk + 32, r->client_pk + 32 * (size_t)client, 32)) return ZP_ERR_ARG;
    const unsigned lp = r->log_params, K = r->update_bits;
    const size_t P = (size_t)1 << lp;
    const int64_t half = (int64_t)1 << (K - 1);
    for (size_t i = 0; i < P; i++) {
        if (honest && (values[i] < -half || values[i] >= half)) return ZP_ERR_ARG;
        if (values[i] <= -((int64_t)1 << 62) || values[i] >= ((int64_t)1 << 62)) return ZP_ERR_ARG;
    }
    zp_fl_update u;
    memset(&u, 0, sizeof u);
    zp_err e = zp_fl_client_pcs_params(&u.pcs, lp);
    if (e != ZP_OK) return e;
    e = zp_fl_round_digest(&u.round_digest, r);
    if (e != ZP_OK) return e;
    u.client = client;
    u.samples = samples;
    if (train_proof) {
        u.has_train_proof = 1;
        u.train_proof = *train_proof;
    }
    const unsigned lc = u.pcs.log_cols;
    const size_t C = (size_t)1 << lc;
    zp_fe *ev = calloc(2 * P, sizeof(zp_fe));
    zp_fe *sh = malloc(P * sizeof(zp_fe));
    zp_fe2 *ca = malloc(((size_t)1 << (u.pcs.n_vars - lc)) * sizeof(zp_fe2));
    zp_fe2 *cb = malloc(C * sizeof(zp_fe2));
    zp_bytes pf;
    zp_bytes_init(&pf);
    zp_pcs_prover *pr = NULL;
    if (!ev || !sh || !ca || !cb) {
        e = ZP_ERR_NOMEM;
        goto done;
    }
    for (size_t i = 0; i < P; i++) {
        ev[i] = fe_i64(values[i]);
        sh[i] = fe_i64(values[i] + half); /* in [0, 2^K) when in range */
    }
    /* The mask rows (stream 0x464c4d31 of the commitment's rng; the PCS
     * uses its own domains 0x50435301..03): row 0 masks the aggregator's
     * claim, row 1 the range proof's, row 2 the training link's.  Element
     * j from the first 16 bytes of stream j, 64 streams per
     * zp_rng_stream_many call: two words reduced to one element,
     * statistical distance from uniform below 2^-64. */
    uint8_t w[64][16];
    for (size_t j0 = 0; e == ZP_OK && j0 < ZP_FL_CLIENT_MASK_ROWS * C; j0 += 64) {
        const size_t m = ZP_FL_CLIENT_MASK_ROWS * C - j0 < 64 ? ZP_FL_CLIENT_MASK_ROWS * C - j0 : 64;
        e = zp_rng_stream_many(rng, 0x464c4d31u, j0, m, w, sizeof w[0], sizeof w[0]);
        for (size_t i = 0; e == ZP_OK && i < m; i++) {
            const uint64_t lo = zp_load64_le(w[i]), hi = zp_load64_le(w[i] + 8);
            ev[P + j0 + i] = gl_reduce128(((unsigned __int128)hi << 64) | lo);
            if (mask) mask[j0 + i] = ev[P + j0 + i];
        }
    }
    zp_memzero(w, sizeof w);
    if (e != ZP_OK) goto done;
    if ((e = zp_pcs_commit(&pr, &u.root, &u.pcs, ev, rng)) != ZP_OK) goto done;
    /* the range proof of u + 2^(K-1) in [0, 2^K), opening 0 */
    {
        zp_transcript tr;
        range_transcript(&tr, &u, r);
        zp_rng parent = *rng, rr;
        zp_rng_derive(&rr, &parent, "fl/client-range");
        zp_piop_tensor tv = {sh, ev + P + C, C};
        zp_piop_claim rc;
        e = zp_range_prove_limbs(&tr, &pf, &rc, &tv, lp, K, 1, &rr, forged_limbs, NULL);
        if (e != ZP_OK) goto done;
        client_functional(ca, cb, &u.pcs, lp, rc.point, rc.r_b, 1);
        zp_fe2 want = range_claim_on_u(&rc, K), y;
        const zp_fe2 *pa = ca, *pb = cb;
        if ((e = zp_pcs_open_at(pr, ZP_FL_OPEN_RANGE, &tr, &pf, 1, &pa, &pb, &y)) != ZP_OK) goto done;
        if (!gl2_eq(y, want)) {
            e = ZP_ERR_INTERNAL;
            goto done;
        }
        if (pf.failed) {
            e = ZP_ERR_NOMEM;
            goto done;
        }
        zp_sha256(u.range_proof.b, pf.data, pf.len);
    }
    if (hook && (e = hook->fn(hook->ctx, &u, pr, ev, r)) != ZP_OK) goto done;
    uint8_t m[ZP_FL_SIGNED_BYTES];
    size_t mlen = zp_fl_update_signed_bytes(m, &u);
    if (crypto_sign_detached(u.sig, NULL, m, mlen, sk) != 0) {
        e = ZP_ERR_INTERNAL;
        goto done;
    }
    zp_bytes_append(range_proof, pf.data, pf.len);
    if (range_proof->failed) {
        e = ZP_ERR_NOMEM;
        goto done;
    }
    *hdr = u;
    *prover = pr;
    pr = NULL;
done:
    if (e != ZP_OK && mask) zp_memzero(mask, ZP_FL_CLIENT_MASK_ROWS * C * sizeof(zp_fe));
    if (ev) zp_memzero(ev, 2 * P * sizeof(zp_fe));
    if (sh) zp_memzero(sh, P * sizeof(zp_fe));
    free(ev), free(sh), free(ca), free(cb);
    zp_bytes_free(&pf);
    zp_pcs_prover_free(pr);
    return e;
}

zp_err zp_fl_update_create(zp_fl_update *hdr, zp_pcs_prover **prover, zp_bytes *range_proof,
                           const zp_fl_round *r, uint32_t client,
                           const uint8_t sk[ZP_AUTH_SECRETKEYBYTES], const int64_t *values,
                           uint64_t samples, const zp_digest *train_proof, zp_fe *mask,
                           const zp_rng *rng) {
    return update_create(hdr, prover, range_proof, r, client, sk, values, samples, train_proof,
                         mask, rng, 1, NULL, NULL);
}

zp_err zp_fl_update_create_hooked(zp_fl_update *hdr, zp_pcs_prover **prover,
                                  zp_bytes *range_proof, const zp_fl_round *r, uint32_t client,
                                  const uint8_t *sk, const int64_t *values, uint64_t samples,
                                  zp_fe *mask, const zp_rng *rng, const zp_fl_update_hook *hook) {
    return update_create(hdr, prover, range_proof, r, client, sk, values, samples, NULL, mask,
                         rng, 1, NULL, hook);
}

zp_err zp_fl_update_create_forged(zp_fl_update *hdr, zp_pcs_prover **prover,
                                  zp_bytes *range_proof, const zp_fl_round *r, uint32_t client,
                                  const uint8_t *sk, const int64_t *values, uint64_t samples,
                                  const zp_digest *train_proof, zp_fe *mask, const zp_rng *rng,
                                  const zp_fe *forged_limbs) {
    return update_create(hdr, prover, range_proof, r, client, sk, values, samples, train_proof,
                         mask, rng, 0, forged_limbs, NULL);
}

/* zp_fl_update_check for a round already checked (zp_fl_round_check) whose
 * digest is rd: the aggregator and the verifier hash the round (8 bytes a
 * parameter) once, not once per update. */
static zp_err update_check_d(const zp_fl_update *u, const zp_fl_round *r, const zp_digest *rd) {
    if (!u) return ZP_ERR_VERIFY;
    if (!zp_memeq(rd->b, u->round_digest.b, 32)) return ZP_ERR_VERIFY;
    if (u->client >= r->n_clients) return ZP_ERR_VERIFY;
    if (u->samples < 1 || u->samples > ((uint64_t)1 << 31)) return ZP_ERR_VERIFY;
    zp_pcs_params want;
    if (zp_fl_client_pcs_params(&want, r->log_params) != ZP_OK) return ZP_ERR_VERIFY;
    if (!params_eq(&want, &u->pcs)) return ZP_ERR_VERIFY;
    uint8_t m[ZP_FL_SIGNED_BYTES];
    size_t mlen = zp_fl_update_signed_bytes(m, u);
    if (crypto_sign_verify_detached(u->sig, m, mlen, r->client_pk + 32 * (size_t)u->client) != 0)
        return ZP_ERR_VERIFY;
    return ZP_OK;
}

zp_err zp_fl_update_check(const zp_fl_update *u, const zp_fl_round *r) {
    if (!u || zp_fl_round_check(r) != ZP_OK) return ZP_ERR_VERIFY;
    if (zp_init() != ZP_OK) return ZP_ERR_VERIFY;
    zp_digest d;
    if (zp_fl_round_digest(&d, r) != ZP_OK) return ZP_ERR_VERIFY;
    return update_check_d(u, r, &d);
}

static zp_err update_verify_d(const zp_fl_update *u, const zp_fl_round *r, const zp_digest *rdig,
                              const uint8_t *proof, size_t len);

zp_err zp_fl_update_verify(const zp_fl_update *u, const zp_fl_round *r, const uint8_t *proof,
                           size_t len) {
    if (!u || zp_fl_round_check(r) != ZP_OK) return ZP_ERR_VERIFY;
    if (zp_init() != ZP_OK) return ZP_ERR_VERIFY;
    zp_digest rd;
    if (zp_fl_round_digest(&rd, r) != ZP_OK) return ZP_ERR_VERIFY;
    return update_verify_d(u, r, &rd, proof, len);
}

static zp_err update_verify_d(const zp_fl_update *u, const zp_fl_round *r, const zp_digest *rdig,
                              const uint8_t *proof, size_t len) {
    if (update_check_d(u, r, rdig) != ZP_OK || !proof) return ZP_ERR_VERIFY;
    zp_digest d;
    zp_sha256(d.b, proof, len);
    if (!zp_memeq(d.b, u->range_proof.b, 32)) return ZP_ERR_VERIFY;
    const unsigned lp = r->log_params, K = r->update_bits, lc = u->pcs.log_cols;
    zp_fe2 *ca = malloc(((size_t)1 << (u->pcs.n_vars - lc)) * sizeof(zp_fe2));
    zp_fe2 *cb = malloc(((size_t)1 << lc) * sizeof(zp_fe2));
    zp_err e = ZP_ERR_NOMEM;
    if (ca && cb) {
        zp_transcript tr;
        range_transcript(&tr, u, r);
        zp_reader rd;
        zp_reader_init(&rd, proof, len);
        zp_piop_claim rc;
        e = zp_range_verify(&tr, &rd, &rc, lp, K, 1);
        if (e == ZP_OK && rc.n_vars != lp) e = ZP_ERR_VERIFY;
        if (e == ZP_OK) {
            client_functional(ca, cb, &u->pcs, lp, rc.point, rc.r_b, 1);
            zp_fe2 y = range_claim_on_u(&rc, K);
            const zp_fe2 *pa = ca, *pb = cb;
            e = zp_pcs_verify_at(&u->pcs, &u->root, ZP_FL_OPEN_RANGE, &tr, &rd, 1, &pa, &pb, &y);
        }
        if (e == ZP_OK) e = zp_reader_finish(&rd);
        if (e != ZP_OK && e != ZP_ERR_NOMEM && e != ZP_ERR_PARSE) e = ZP_ERR_VERIFY;
    }
    free(ca), free(cb);
    return e;
}

void zp_fl_aggregate_clear(zp_fl_aggregate *a) {
    if (!a) return;
    zp_fl_round_clear(&a->next);
    if (a->range_proofs)
        for (uint32_t i = 0; i < a->n_updates; i++) free(a->range_proofs[i]);
    free(a->range_proofs);
    free(a->range_lens);
    free(a->updates);
    free(a->included);
    free(a->proof);
    memset(a, 0, sizeof *a);
}

zp_err zp_fl_aggregate_encode(uint8_t **out, size_t *len, const zp_fl_aggregate *a) {
    if (!out || !len) return ZP_ERR_ARG;
    *out = NULL;
    *len = 0;
    if (!a || !a->updates || !a->included || !a->proof || !a->range_proofs || !a->range_lens ||
        a->n_updates < 1)
        return ZP_ERR_ARG;
    size_t rpl = 0;
    for (uint32_t i = 0; i < a->n_updates; i++) {
        /* length 0: not carried (ZP_FL_NO_RANGE_COPY) */
        if ((!a->range_proofs[i] && a->range_lens[i]) || a->range_lens[i] > ZP_FL_MAX_RANGE_PROOF)
            return ZP_ERR_ARG;
        rpl += 8 + a->range_lens[i];
    }
    uint8_t *rb;
    size_t rn;
    zp_err e = zp_fl_round_encode(&rb, &rn, &a->next);
    if (e != ZP_OK) return e;
    size_t n = 8 + 8 + rn + 4 + (size_t)a->n_updates * (ZP_FL_UPDATE_BYTES + 1) + rpl + 32 + 8 +
               a->proof_len;
    uint8_t *b = malloc(n), *p = b;
    if (!b) {
        free(rb);
        return ZP_ERR_NOMEM;
    }
    memcpy(p, AGG_MAGIC, 8), p += 8;
    zp_store64_le(p, rn), p += 8;
    memcpy(p, rb, rn), p += rn;
    free(rb);
    zp_store32_le(p, a->n_updates), p += 4;
    for (uint32_t i = 0; i < a->n_updates; i++) zp_fl_update_encode(p, &a->updates[i]), p += ZP_FL_UPDATE_BYTES;
    for (uint32_t i = 0; i < a->n_updates; i++) {
        zp_store64_le(p, a->range_lens[i]), p += 8;
        if (a->range_lens[i]) memcpy(p, a->range_proofs[i], a->range_lens[i]), p += a->range_lens[i];
    }
    memcpy(p, a->included, a->n_updates), p += a->n_updates;
    memcpy(p, a->agg_root.b, 32), p += 32;
    zp_store64_le(p, a->proof_len), p += 8;
    memcpy(p, a->proof, a->proof_len);
    *out = b;
    *len = n;
    return ZP_OK;
}

zp_err zp_fl_aggregate_decode(zp_fl_aggregate *out, const uint8_t *d, size_t len) {
    if (!out) return ZP_ERR_ARG;
    memset(out, 0, sizeof *out);
    if (!d || len < 16 || memcmp(d, AGG_MAGIC, 8)) return ZP_ERR_PARSE;
    uint64_t rn = zp_load64_le(d + 8);
    if (rn > len - 16) return ZP_ERR_PARSE;
    zp_fl_aggregate a;
    memset(&a, 0, sizeof a);
    zp_err e = zp_fl_round_decode(&a.next, d + 16, (size_t)rn);
    if (e != ZP_OK) return e;
    size_t pos = 16 + (size_t)rn;
    if (len - pos < 4) goto bad;
    a.n_updates = zp_load32_le(d + pos), pos += 4;
    if (a.n_updates < 1 || a.n_updates > ZP_FL_MAX_CLIENTS) goto bad;
    if (len - pos < (size_t)a.n_updates * (ZP_FL_UPDATE_BYTES + 1) + 40) goto bad;
    a.updates = calloc(a.n_updates, sizeof *a.updates);
    a.included = malloc(a.n_updates);
    a.range_proofs = calloc(a.n_updates, sizeof *a.range_proofs);
    a.range_lens = calloc(a.n_updates, sizeof *a.range_lens);
    if (!a.updates || !a.included || !a.range_proofs || !a.range_lens) {
        zp_fl_aggregate_clear(&a);
        return ZP_ERR_NOMEM;
    }
    for (uint32_t i = 0; i < a.n_updates; i++, pos += ZP_FL_UPDATE_BYTES)
        if (zp_fl_update_decode(&a.updates[i], d + pos) != ZP_OK) goto bad;
    for (uint32_t i = 0; i < a.n_updates; i++) {
        if (len - pos < 8) goto bad;
        uint64_t rl = zp_load64_le(d + pos);
        pos += 8;
        if (rl > ZP_FL_MAX_RANGE_PROOF || rl > len - pos) goto bad;
        a.range_lens[i] = (size_t)rl;
        a.range_proofs[i] = malloc(rl ? (size_t)rl : 1);
        if (!a.range_proofs[i]) {
            zp_fl_aggregate_clear(&a);
            return ZP_ERR_NOMEM;
        }
        memcpy(a.range_proofs[i], d + pos, (size_t)rl), pos += (size_t)rl;
    }
    if (len - pos < (size_t)a.n_updates + 40) goto bad;
    memcpy(a.included, d + pos, a.n_updates), pos += a.n_updates;
    for (uint32_t i = 0; i < a.n_updates; i++)
        if (a.included[i] > 1) goto bad;
    memcpy(a.agg_root.b, d + pos, 32), pos += 32;
    a.proof_len = (size_t)zp_load64_le(d + pos), pos += 8;
    if (a.proof_len != len - pos || a.proof_len == 0) goto bad;
    a.proof = malloc(a.proof_len);
    if (!a.proof) {
        zp_fl_aggregate_clear(&a);
        return ZP_ERR_NOMEM;
    }
    memcpy(a.proof, d + pos, a.proof_len);
    *out = a;
    return ZP_OK;
bad:
    zp_fl_aggregate_clear(&a);
    return ZP_ERR_PARSE;
}

/* ------------------------------------------------------------------ */
/* shared prover / verifier pieces                                     */
/* ------------------------------------------------------------------ */

unsigned __int128 zp_fl_norm2(const int64_t *v, size_t n) {
    unsigned __int128 s = 0;
    for (size_t i = 0; i < n; i++) s += (unsigned __int128)((__int128)v[i] * v[i]);
    return s;
}

static unsigned ceil_log2(size_t n) {
    unsigned l = 0;
    while (((size_t)1 << l) < n) l++;
    return l;
}

#define SC_DEG 2 /* degree of the x rounds; the b round has SC_DEG + 1 */

zp_err zp_fl_agg_layout(zp_layout **out, zp_pcs_params *pcs, unsigned *log_clients,
                        unsigned lp, uint32_t n_clients, int rem_lookup_v) {
    *out = NULL;
    unsigned m = ceil_log2(n_clients);
    size_t w = zp_sc_zk_mask_width(lp, SC_DEG);
    unsigned lw = ceil_log2(w);
    unsigned lc = (lp + 2) / 2 + 1;
    if (lc < m + 1) lc = m + 1;
    if (lc < lw + 1) lc = lw + 1;
    if (lc > lp) return ZP_ERR_ARG; /* masks must repeat within each half of v */
    zp_layout *L;
    zp_err e = zp_layout_create(&L, lc);
    if (e != ZP_OK) return e;
    size_t id;
    unsigned nv;
    if ((e = zp_layout_add(L, &id, rem_lookup_v ? lp : lp + 1, 1)) != ZP_OK ||
        (e = zp_layout_add(L, &id, m + 1, 1)) != ZP_OK ||
        (e = zp_layout_add(L, &id, lw + 1, 0)) != ZP_OK ||
        (e = zp_layout_finalize(L, &nv)) != ZP_OK ||
        (e = zp_layout_pcs_params(L, pcs, 1, ZP_FL_SECURITY_BITS)) != ZP_OK) {
        zp_layout_free(L);
        return e;
    }
    *log_clients = m;
    *out = L;
    return ZP_OK;
}

/* A functional on a tensor of the layout placed inside one row (with its
 * mask, when it has one, in another row at the same columns): a = (1 - r_b)
 * on the tensor's row + r_b on the mask's row, b = coef at the tensor's
 * columns.  Returns ZP_ERR_ARG if the tensor spans several rows. */
static zp_err row_functional(const zp_layout *L, zp_fe2 *a, zp_fe2 *b, size_t id,
                             const zp_fe2 *coef, size_t n, int masked, zp_fe2 r_b) {
    uint64_t off, moff;
    unsigned ls, mls;
    if (zp_layout_tensor_info(L, id, &off, &ls, &moff, &mls) != ZP_OK) return ZP_ERR_ARG;
    unsigned lc = zp_layout_log_cols(L);
    size_t C = (size_t)1 << lc, R = (size_t)1 << (zp_layout_n_vars(L) - lc);
    if (ls > lc || n > ((size_t)1 << ls)) return ZP_ERR_ARG;
    memset(a, 0, R * sizeof *a);
    memset(b, 0, C * sizeof *b);
    size_t col = (size_t)(off & (C - 1));
    for (size_t i = 0; i < n; i++) b[col + i] = coef[i];
    zp_fe2 one = {1, 0};
    if (masked) {
        if ((moff & (C - 1)) != col) return ZP_ERR_ARG;
        a[off >> lc] = gl2_sub(one, r_b);
        a[moff >> lc] = r_b;
    } else {
        a[off >> lc] = one;
    }
    return ZP_OK;
}

static zp_fe2 fe2_of(zp_fe x) {
    zp_fe2 r = {x, 0};
    return r;
}

/* s(r) for s given by its values at 0..deg (deg <= 3). */
static zp_fe2 interp(const zp_fe2 *s, unsigned deg, zp_fe2 r) {
    zp_fe2 acc = {0, 0};
    for (unsigned k = 0; k <= deg; k++) {
        zp_fe2 num = {1, 0};
        zp_fe den = 1;
        for (unsigned j = 0; j <= deg; j++) {
            if (j == k) continue;
            zp_fe2 t = r;
            t.c0 = gl_sub(t.c0, j);
            num = gl2_mul(num, t);
            den = gl_mul(den, gl_sub(k, j));
        }
        acc = gl2_add(acc, gl2_mul(gl2_mul_fe(num, zp_fe_inv(den)), s[k]));
    }
    return acc;
}

/* The mask polynomial g: constant, univariate v (v = 0 is b) at X. */
static zp_fe2 gcoef(const zp_fe *g0, const zp_fe *g1, size_t k) {
    zp_fe2 r = {g0[k], g1[k]};
    return r;
}
static size_t g_off(unsigned v) { return v == 0 ? 1 : 1 + (SC_DEG + 2) + (size_t)(v - 1) * (SC_DEG + 1); }
static unsigned g_deg(unsigned v) { return v == 0 ? SC_DEG + 1 : SC_DEG; }
static zp_fe2 g_univ(const zp_fe *g0, const zp_fe *g1, unsigned v, zp_fe2 X) {
    zp_fe2 acc = {0, 0};
    for (int k = (int)g_deg(v); k >= 0; k--)
        acc = gl2_add(gl2_mul(acc, X), gcoef(g0, g1, g_off(v) + (size_t)k));
    return acc;
}

static zp_fe pow2(unsigned e) { return zp_fe_pow(2, e); }

/* Width of the remainder range checks: a multiple of the 16-bit limb of
 * the range argument (docs/spec/logup.md), so that no shifted lookup of a
 * partial top limb is needed (one lookup column per limb), and at least
 * ceil(log2 N).  N < 2^32 gives 16 or 32. */
static unsigned rem_bits(uint64_t N) {
    unsigned k = 1;
    while ((N - 1) >> k) k++;
    return k <= 16 ? 16 : 32;
}

/* N <= 2^16: the remainder r in [0, N) is ONE lookup per parameter into
 * the public table [0, N) (zp_logup_prove, table padded with 0 to 2^16
 * entries whatever N, so that the proof's length does not depend on N),
 * and v = r (2^lp values).  Larger N: the two range checks of
 * v = [r | r + cN] (docs/spec/fl.md "Remainder range"). */
#define REM_LOOKUP_LOG 16
#define REM_LOOKUP_MAX ((uint64_t)1 << REM_LOOKUP_LOG)
static int rem_lookup(uint64_t N) { return N >= 1 && N <= REM_LOOKUP_MAX; }

/* The table [0, N) padded with zeros to 2^16 entries (N <= 2^16). */
static zp_fe *rem_table(uint64_t N, unsigned *log_t) {
    *log_t = REM_LOOKUP_LOG;
    size_t T = (size_t)1 << *log_t;
    zp_fe *t = calloc(T, sizeof(zp_fe));
    if (t)
        for (size_t j = 0; j < N; j++) t[j] = (zp_fe)j;
    return t;
}

/* N = sum of the samples of the included updates (both sides know it
 * before the transcript: it fixes the aggregator's layout); 0 if it is 0
 * or not below 2^32. */
static uint64_t agg_total(const zp_fl_update *u, const uint8_t *included, size_t n) {
    uint64_t N = 0;
    for (size_t i = 0; i < n; i++)
        if (included[i]) N += u[i].samples;
    return N >= ((uint64_t)1 << 32) ? 0 : N;
}

/* Everything both sides derive from the statement. */
typedef struct {
    unsigned lp, lm;
    size_t P, n;
    uint64_t N, h;
    int lk;        /* rem_lookup(N): v = r, looked up in [0, N) */
    unsigned kN;   /* remainder range width, rem_bits(N) (when !lk) */
    uint64_t cN;   /* 2^kN - N: v_hi = r + cN (0 when lk) */
    zp_fe2 *alpha, *z, mu;
    zp_fe2 c_lo, c_hi;
    zp_fe2 A0;
    zp_fe2 *beta; /* 2^(lm+1): slack functional coefficients */
} pubinfo;

static void pub_free(pubinfo *pi) {
    free(pi->alpha);
    free(pi->z);
    free(pi->beta);
}

/* d: the digest of the round (both sides have it already). */
static zp_err statement_absorb(zp_transcript *tr, const zp_digest *d, const zp_fl_aggregate *a) {
    zp_digest dn;
    zp_err e = zp_fl_round_digest(&dn, &a->next);
    if (e != ZP_OK) return e;
    zp_transcript_init(tr, "zkprov-v1/fl-aggregate");
    zp_transcript_absorb_digest(tr, "fl/round", d);
    zp_transcript_absorb_digest(tr, "fl/next", &dn);
    zp_transcript_absorb_u64(tr, "fl/n", a->n_updates);
    for (uint32_t i = 0; i < a->n_updates; i++) {
        uint8_t m[ZP_FL_UPDATE_BYTES];
        zp_fl_update_encode(m, &a->updates[i]);
        zp_transcript_absorb_bytes(tr, "fl/update", m, sizeof m);
        zp_transcript_absorb_u64(tr, "fl/included", a->included[i]);
    }
    zp_transcript_absorb_digest(tr, "fl/agg-root", &a->agg_root);
    return ZP_OK;
}

/* Challenges and public coefficients (after the statement is absorbed). */
static zp_err pub_derive(pubinfo *pi, zp_transcript *tr, const zp_fl_round *r,
                         const zp_fl_aggregate *a, unsigned lm) {
    memset(pi, 0, sizeof *pi);
    pi->lp = r->log_params;
    pi->lm = lm;
    pi->P = (size_t)1 << r->log_params;
    pi->n = a->n_updates;
    for (size_t i = 0; i < pi->n; i++)
        if (a->included[i]) pi->N += a->updates[i].samples;
    if (pi->N == 0 || pi->N >= ((uint64_t)1 << 32)) return ZP_ERR_VERIFY;
    pi->h = pi->N / 2;
    pi->lk = rem_lookup(pi->N);
    pi->kN = rem_bits(pi->N);
    pi->cN = pi->lk ? 0 : ((uint64_t)1 << pi->kN) - pi->N;
    size_t M = (size_t)1 << lm;
    pi->alpha = calloc(pi->n, sizeof(zp_fe2));
    pi->z = calloc(pi->lp, sizeof(zp_fe2));
    pi->beta = calloc(2 * M, sizeof(zp_fe2));
    if (!pi->alpha || !pi->z || !pi->beta) return ZP_ERR_NOMEM;
    zp_transcript_challenge_fe2_vec(tr, "fl/alpha", pi->alpha, pi->n);
    zp_transcript_challenge_fe2_vec(tr, "fl/z", pi->z, pi->lp);
    pi->mu = zp_transcript_challenge_fe2(tr, "fl/mu");
    zp_fe2 one = {1, 0};
    /* W carries -v_lo + mu (v_hi - v_lo - cN); with the lookup, -r */
    pi->c_lo = pi->lk ? gl2_neg(one) : gl2_sub(gl2_neg(pi->mu), one);
    pi->c_hi = pi->lk ? gl2_sub(pi->mu, pi->mu) : pi->mu;
    zp_fe B2 = gl_from_u64(r->bound * r->bound);
    zp_fe2 A0 = {0, 0};
    zp_fe two24 = pow2(ZP_FL_SLACK_LIMB_BITS);
    for (size_t i = 0; i < pi->n; i++) {
        int inc = a->included[i];
        A0 = gl2_add(A0, gl2_mul_fe(pi->alpha[i], gl_add(B2, inc ? 0 : 1)));
        zp_fe2 bb = inc ? gl2_neg(pi->alpha[i]) : pi->alpha[i];
        pi->beta[i] = bb;
        pi->beta[M + i] = gl2_mul_fe(bb, two24);
    }
    pi->A0 = A0;
    return ZP_OK;
}

/* The functional of Y_v, the masked value of W's v part at (r_b, pt):
 * c_lo v^(r_b, pt, 0) + c_hi v^(r_b, pt, 1), or with the lookup c_lo
 * r^(r_b, pt).  a1: scratch of the layout's row count. */
static zp_err v_functional(const zp_layout *L, zp_fe2 *a, zp_fe2 *b, zp_fe2 *a1,
                           const pubinfo *pi, const zp_fe2 *pt, zp_fe2 r_b) {
    zp_fe2 ptv[ZP_SC_MAX_VARS + 1];
    const unsigned lp = pi->lp;
    const size_t R = (size_t)1 << (zp_layout_n_vars(L) - zp_layout_log_cols(L));
    memcpy(ptv, pt, lp * sizeof(zp_fe2));
    zp_err e;
    if (pi->lk) {
        if ((e = zp_layout_functional(L, a, b, 0, ptv, 1, r_b)) != ZP_OK) return e;
        for (size_t k = 0; k < R; k++) a[k] = gl2_mul(pi->c_lo, a[k]);
        return ZP_OK;
    }
    ptv[lp] = fe2_of(0);
    if ((e = zp_layout_functional(L, a, b, 0, ptv, 1, r_b)) != ZP_OK) return e;
    ptv[lp] = fe2_of(1);
    if ((e = zp_layout_functional(L, a1, b, 0, ptv, 1, r_b)) != ZP_OK) return e;
    for (size_t k = 0; k < R; k++) a[k] = gl2_add(gl2_mul(pi->c_lo, a[k]), gl2_mul(pi->c_hi, a1[k]));
    return ZP_OK;
}

/* ------------------------------------------------------------------ */
/* prover                                                              */
/* ------------------------------------------------------------------ */

/* sum over rows with a != 0 of a[row] * <M_row, b> */
static zp_fe2 sparse_ab(const zp_fe *M, unsigned lc, size_t R, const zp_fe2 *a, const zp_fe2 *b) {
    size_t C = (size_t)1 << lc;
    zp_fe2 acc = {0, 0};
    for (size_t row = 0; row < R; row++) {
        if (gl2_is_zero(a[row])) continue;
        zp_fe2 s = {0, 0};
        for (size_t c = 0; c < C; c++) s = gl2_add(s, gl2_mul_fe(b[c], M[row * C + c]));
        acc = gl2_add(acc, gl2_mul(a[row], s));
    }
    return acc;
}

typedef struct {
    zp_fe2 *T;     /* folded table (after round x_0), 2^(lp-1) */
    zp_fe2 s0, s2; /* round sums */
} client_state;

zp_err zp_fl_aggregate_prove(zp_fl_aggregate *out, const zp_fl_round *r,
                             const zp_fl_update *updates, const uint8_t *const *range_proofs,
                             const size_t *range_lens, const int64_t *const *values,
                             const zp_fe *const *masks, zp_pcs_prover *const *provers, size_t n,
                             const zp_rng *rng_in) {
    return zp_fl_aggregate_prove_ex(out, r, updates, range_proofs, range_lens, values, masks,
                                    provers, n, rng_in, 0);
}

zp_err zp_fl_aggregate_prove_ex(zp_fl_aggregate *out, const zp_fl_round *r,
                                const zp_fl_update *updates, const uint8_t *const *range_proofs,
                                const size_t *range_lens, const int64_t *const *values,
                                const zp_fe *const *masks, zp_pcs_prover *const *provers,
                                size_t n, const zp_rng *rng_in, unsigned flags) {
    if (!out) return ZP_ERR_ARG;
    memset(out, 0, sizeof *out);
    if (!r || !updates || !range_proofs || !range_lens || !values || !masks || !provers ||
        !rng_in || n < 1 || n > ZP_FL_MAX_CLIENTS)
        return ZP_ERR_ARG;
    if (zp_fl_round_check(r) != ZP_OK) return ZP_ERR_ARG;
    const int cheat = (flags & ZP_FL_CHEAT_MODP) != 0;
    if (zp_init() != ZP_OK) return ZP_ERR_INTERNAL;
    zp_digest rdig;
    if (zp_fl_round_digest(&rdig, r) != ZP_OK) return ZP_ERR_ARG;
    for (size_t i = 0; i < n; i++) {
        if (!values[i] || !masks[i] || !provers[i] || !range_proofs[i] ||
            range_lens[i] > ZP_FL_MAX_RANGE_PROOF || update_check_d(&updates[i], r, &rdig) != ZP_OK ||
            zp_pcs_prover_used(provers[i], ZP_FL_OPEN_AGG))
            return ZP_ERR_ARG;
        for (size_t j = 0; j < i; j++)
            if (updates[j].client == updates[i].client) return ZP_ERR_ARG;
    }
    /* every client's range proof, before its update is used */
    if (!cheat && !(flags & ZP_FL_RANGES_CHECKED)) {
        int bad = 0;
#pragma omp parallel for schedule(dynamic, 1) reduction(| : bad)
        for (size_t i = 0; i < n; i++)
            if (update_verify_d(&updates[i], r, &rdig, range_proofs[i], range_lens[i]) != ZP_OK) bad = 1;
        if (bad) return ZP_ERR_VERIFY;
    }
    const unsigned lp = r->log_params;
    const size_t P = (size_t)1 << lp;
    const int64_t vhalf = (int64_t)1 << (r->update_bits - 1);
    zp_err e = ZP_OK;
    zp_rng rng = *rng_in, rng_mask, rng_rv, rng_rs;
    zp_rng_derive(&rng_mask, &rng, "fl/agg-commit");
    zp_rng_derive(&rng_rv, &rng, "fl/range-v");
    zp_rng_derive(&rng_rs, &rng, "fl/range-slack");

    zp_fl_aggregate a;
    memset(&a, 0, sizeof a);
    zp_layout *L = NULL;
    zp_pcs_prover *apr = NULL;
    zp_fe *ev = NULL, *g0 = NULL, *g1 = NULL, *Wpub = NULL;
    int64_t *sacc = NULL;
    zp_fe2 *Eq = NULL, *W = NULL, *EqB = NULL, *WB = NULL, *tmp_a = NULL, *tmp_b = NULL;
    client_state *cs = NULL;
    zp_bytes pf;
    zp_bytes_init(&pf);
    zp_claims *cl = NULL;
    pubinfo pi;
    memset(&pi, 0, sizeof pi);
    uint64_t *slack = NULL;
    zp_fl_scan scan;
    memset(&scan, 0, sizeof scan);

    /* ---- the rule ---- */
    a.n_updates = (uint32_t)n;
    a.updates = malloc(n * sizeof *a.updates);
    a.included = calloc(n, 1);
    a.range_proofs = calloc(n, sizeof *a.range_proofs);
    a.range_lens = calloc(n, sizeof *a.range_lens);
    slack = calloc(n, sizeof *slack);
    sacc = calloc(P, sizeof *sacc);
    if (!a.updates || !a.included || !a.range_proofs || !a.range_lens || !slack || !sacc) goto nomem;
    memcpy(a.updates, updates, n * sizeof *updates);
    for (size_t i = 0; i < n && !(flags & ZP_FL_NO_RANGE_COPY); i++) {
        a.range_proofs[i] = malloc(range_lens[i] ? range_lens[i] : 1);
        if (!a.range_proofs[i]) goto nomem;
        memcpy(a.range_proofs[i], range_proofs[i], range_lens[i]);
        a.range_lens[i] = range_lens[i];
    }
    uint64_t B2 = r->bound * r->bound, N = 0;
    /* one pass over the updates: ranges, norms, the sums of the first
     * norm-sumcheck rounds, the weighted sum of every update */
    const unsigned clc0 = updates[0].pcs.log_cols; /* all equal (update_check_d) */
    const unsigned ks = clc0 < ZP_FL_SMALL_ROUNDS ? clc0 : ZP_FL_SMALL_ROUNDS;
    {
        uint64_t *wgt = malloc(n * sizeof *wgt);
        if (!wgt) goto nomem;
        for (size_t i = 0; i < n; i++) wgt[i] = updates[i].samples;
        e = zp_fl_scan_run(&scan, values, n, lp, clc0, ks, (uint64_t)vhalf, cheat, wgt, sacc);
        free(wgt);
        if (e != ZP_OK) goto done;
    }
    if (scan.out_of_range) {
        e = ZP_ERR_ARG;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        /* the integer norm (entries in range: below 2^47), or when
         * cheating its residue mod p (what a proof over F_p alone sees) */
        uint64_t S = scan.norm[i];
        a.included[i] = S <= B2;
        uint64_t sl = a.included[i] ? B2 - S : S - B2 - 1;
        if (sl >> (2 * ZP_FL_SLACK_LIMB_BITS)) {
            e = ZP_ERR_ARG;
            goto done;
        }
        slack[i] = sl;
        if (a.included[i]) N += updates[i].samples;
    }
    if (N == 0 || N >= ((uint64_t)1 << 32)) {
        e = ZP_ERR_ARG;
        goto done;
    }
    /* sacc weighs every update: take the excluded ones out (mod 2^64; the
     * result, |s| < N 2^(K-1) < 2^55, is exact) */
    for (size_t i = 0; i < n; i++)
        if (!a.included[i]) {
            uint64_t ni = updates[i].samples;
            for (size_t x = 0; x < P; x++)
                sacc[x] = (int64_t)((uint64_t)sacc[x] - ni * (uint64_t)values[i][x]);
        }
    /* next round */
    a.next.round_id = r->round_id + 1;
    a.next.log_params = r->log_params;
    a.next.update_bits = r->update_bits;
    a.next.bound = r->bound;
    a.next.n_clients = r->n_clients;
    a.next.client_pk = malloc(32 * (size_t)r->n_clients);
    a.next.global = malloc(8 * P);
    if (!a.next.client_pk || !a.next.global) goto nomem;
    memcpy(a.next.client_pk, r->client_pk, 32 * (size_t)r->n_clients);
    a.next.prev_digest = rdig;

    /* ---- aggregator witness ---- */
    unsigned lm;
    zp_pcs_params apc;
    const int lk = rem_lookup(N);
    const size_t vlen = lk ? P : 2 * P; /* r, or [r | r + cN] */
    if ((e = zp_fl_agg_layout(&L, &apc, &lm, lp, (uint32_t)n, lk)) != ZP_OK) goto done;
    const unsigned alc = zp_layout_log_cols(L), anv = zp_layout_n_vars(L);
    const size_t AR = (size_t)1 << (anv - alc), AC = (size_t)1 << alc;
    const size_t M = (size_t)1 << lm;
    ev = calloc((size_t)1 << anv, sizeof(zp_fe));
    zp_fe *vt = malloc(vlen * sizeof(zp_fe));
    size_t gw = zp_sc_zk_mask_width(lp, SC_DEG);
    g0 = calloc(gw, sizeof(zp_fe));
    g1 = calloc(gw, sizeof(zp_fe));
    zp_fe *st = calloc(2 * M, sizeof(zp_fe));
    zp_fe *gg = calloc(2 * gw, sizeof(zp_fe));
    if (!ev || !vt || !g0 || !g1 || !st || !gg) {
        free(vt), free(st), free(gg);
        goto nomem;
    }
    int64_t Ni = (int64_t)N, hh = (int64_t)(N / 2);
    const uint64_t cN = lk ? 0 : ((uint64_t)1 << rem_bits(N)) - N; /* v_hi = r + cN */
    for (size_t x = 0; x < P; x++) {
        int64_t t = sacc[x] + hh;
        int64_t q = t / Ni, rr = t % Ni;
        if (rr < 0) rr += Ni, q -= 1;
        a.next.global[x] = r->global[x] + q;
        vt[x] = (zp_fe)rr;
        if (!lk) vt[P + x] = (zp_fe)((uint64_t)rr + cN);
    }
    for (size_t i = 0; i < n; i++) {
        st[i] = slack[i] & (((uint64_t)1 << ZP_FL_SLACK_LIMB_BITS) - 1);
        st[M + i] = slack[i] >> ZP_FL_SLACK_LIMB_BITS;
    }
    zp_rng_derive(&rng_mask, &rng, "fl/sc-mask");
    zp_sc_zk_mask_sample(g0, g1, lp, SC_DEG, &rng_mask);
    memcpy(gg, g0, gw * sizeof(zp_fe));
    memcpy(gg + gw, g1, gw * sizeof(zp_fe));
    zp_rng rng_fill, rng_pcs;
    zp_rng_derive(&rng_fill, &rng, "fl/agg-masks");
    zp_rng_derive(&rng_pcs, &rng, "fl/agg-pcs");
    if ((e = zp_layout_put(L, ev, 0, vt, vlen)) != ZP_OK || (e = zp_layout_put(L, ev, 1, st, 2 * M)) != ZP_OK ||
        (e = zp_layout_put(L, ev, 2, gg, 2 * gw)) != ZP_OK || (e = zp_layout_fill_masks(L, ev, &rng_fill)) != ZP_OK) {
        free(vt), free(st), free(gg);
        goto done;
    }
    free(vt), free(st), free(gg);
    if ((e = zp_pcs_commit(&apr, &a.agg_root, &apc, ev, &rng_pcs)) != ZP_OK) goto done;

    zp_transcript tr;
    if ((e = statement_absorb(&tr, &rdig, &a)) != ZP_OK) goto done;
    if ((e = pub_derive(&pi, &tr, r, &a, lm)) != ZP_OK) {
        if (e == ZP_ERR_VERIFY) e = ZP_ERR_INTERNAL;
        goto done;
    }
    /* masks: v's and the clients' */
    size_t vml;
    const zp_fe *Rv = zp_layout_mask_ptr(L, ev, 0, &vml);
    const zp_fe *vv = ev;
    {
        /* v's place in the layout (not always first: for small models the
         * g mask tensor is larger than v) */
        uint64_t off, mo;
        unsigned ls, ml;
        if (zp_layout_tensor_info(L, 0, &off, &ls, &mo, &ml) != ZP_OK || !Rv) {
            e = ZP_ERR_INTERNAL;
            goto done;
        }
        vv = ev + off;
    }
    const zp_pcs_params *cpc = &updates[0].pcs;
    const unsigned clc = cpc->log_cols;
    const size_t CC = (size_t)1 << clc;
    const zp_fe2 one = {1, 0};

    /* ---- ZK sumcheck ---- */
    Eq = malloc(P * sizeof(zp_fe2));
    W = malloc(P * sizeof(zp_fe2));
    Wpub = malloc(P * sizeof(zp_fe));
    cs = calloc(n, sizeof *cs);
    if (!Eq || !W || !Wpub || !cs) goto nomem;
    zp_eq_table(Eq, pi.z, lp);
    zp_fe Nf = gl_from_u64(N), hf = gl_from_u64(N / 2);
    for (size_t x = 0; x < P; x++) {
        int64_t D = a.next.global[x] - r->global[x];
        Wpub[x] = gl_sub(hf, gl_mul(Nf, fe_i64(D)));
    }
    /* b round pieces */
    zp_fe2 EW = {0, 0}, ER = {0, 0}, Epub = {0, 0};
    zp_fe2 mu_cN = gl2_mul_fe(pi.mu, gl_from_u64(pi.cN)); /* mu cN */
    zp_fe2 *Quu = calloc(3 * n, sizeof(zp_fe2));
    if (!Quu) goto nomem;
    zp_fe2 *QuR = Quu + n, *QRR = Quu + 2 * n;
    zp_fe2 *cvec = malloc(n * sizeof(zp_fe2));
    if (!cvec) {
        free(Quu);
        goto nomem;
    }
    for (size_t i = 0; i < n; i++) cvec[i] = fe2_of(a.included[i] ? gl_from_u64(updates[i].samples) : 0);
    /* W_sec(x) = sum c_i u_i + c_lo v_lo + c_hi v_hi ; W_R(x) = sum c_i R_i + (c_lo+c_hi) R_v */
    e = ZP_OK;
    {
        /* per-client sums of the b round, from the scan: ||u||^2,
         * <u, R> = <colsum, R>, <R, R> (R repeats 2^(lp - clc) times) */
        zp_fe *Rsum = calloc(CC, sizeof(zp_fe)); /* sum_{i in I} n_i R_i */
        if (!Rsum) {
            free(Quu), free(cvec);
            goto nomem;
        }
#pragma omp parallel for schedule(dynamic, 1)
        for (size_t i = 0; i < n; i++) {
            const zp_fe *Ri = masks[i];
            const uint64_t *col = scan.colsum + i * CC;
            zp_fe uR = 0, RR = 0;
            for (size_t c = 0; c < CC; c++) {
                uR = gl_add(uR, gl_mul(Ri[c], zp_fl_scan_value(&scan, col[c])));
                RR = gl_add(RR, gl_sqr(Ri[c]));
            }
            Quu[i] = fe2_of(zp_fl_scan_value(&scan, scan.norm[i]));
            QuR[i] = fe2_of(uR);
            QRR[i] = fe2_of(gl_mul(RR, pow2(lp - clc)));
        }
        for (size_t i = 0; i < n; i++)
            if (a.included[i]) {
                zp_fe ci = gl_from_u64(updates[i].samples);
                for (size_t c = 0; c < CC; c++) Rsum[c] = gl_add(Rsum[c], gl_mul(ci, masks[i][c]));
            }
        /* W tables at b: W_sec, W_R (as ext), then EW, ER, Epub */
        zp_fe2 clh = gl2_add(pi.c_lo, pi.c_hi);
        zp_fe2 *Wsec = W; /* reuse W for W_sec first */
        zp_fe2 *WR = malloc(P * sizeof(zp_fe2));
        if (!WR) {
            free(Quu), free(cvec), free(Rsum);
            goto nomem;
        }
#pragma omp parallel
        {
            zp_fe2 ew = {0, 0}, er = {0, 0}, ep = {0, 0};
#pragma omp for schedule(static)
            for (size_t x = 0; x < P; x++) {
                zp_fe2 ws = gl2_add(fe2_of(fe_i64(sacc[x])), gl2_mul_fe(pi.c_lo, vv[x]));
                if (!lk) ws = gl2_add(ws, gl2_mul_fe(pi.c_hi, vv[P + x]));
                Wsec[x] = ws;
                WR[x] = gl2_add(fe2_of(Rsum[x & (CC - 1)]), gl2_mul_fe(clh, Rv[x % vml]));
                ew = gl2_add(ew, gl2_mul(Eq[x], Wsec[x]));
                er = gl2_add(er, gl2_mul(Eq[x], WR[x]));
                ep = gl2_add(ep, gl2_mul(Eq[x], gl2_sub(fe2_of(Wpub[x]), mu_cN)));
            }
            /* field sums: exact, so any thread count gives the same */
#pragma omp critical
            {
                EW = gl2_add(EW, ew);
                ER = gl2_add(ER, er);
                Epub = gl2_add(Epub, ep);
            }
        }
        free(Rsum);
        /* Y_S pieces: X = <beta, slack>, XR = <beta, R_slack> */
        tmp_a = calloc(AR, sizeof(zp_fe2));
        tmp_b = calloc(AC, sizeof(zp_fe2));
        if (!tmp_a || !tmp_b) {
            free(WR), free(Quu), free(cvec);
            goto nomem;
        }
        zp_fe2 X, XR;
        zp_fe2 zero = {0, 0};
        if ((e = row_functional(L, tmp_a, tmp_b, 1, pi.beta, 2 * M, 1, zero)) != ZP_OK) goto sc_fail;
        X = sparse_ab(ev, alc, AR, tmp_a, tmp_b);
        if ((e = row_functional(L, tmp_a, tmp_b, 1, pi.beta, 2 * M, 1, one)) != ZP_OK) goto sc_fail;
        XR = sparse_ab(ev, alc, AR, tmp_a, tmp_b);

        /* G and rho */
        const unsigned mv = lp + 1;
        zp_fe2 G = gl2_mul_fe(gcoef(g0, g1, 0), pow2(mv));
        zp_fe2 gsum[ZP_SC_MAX_VARS + 2];
        for (unsigned v = 0; v < mv; v++) {
            zp_fe2 z0 = {0, 0};
            gsum[v] = gl2_add(g_univ(g0, g1, v, z0), g_univ(g0, g1, v, one));
            G = gl2_add(G, gl2_mul_fe(gsum[v], pow2(mv - 1)));
        }
        zp_transcript_absorb_fe2(&tr, "fl/sc-claim", &zero, 1);
        zp_fs_send_fe2(&tr, &pf, "fl/sc-G", &G, 1);
        zp_fe2 rho = zp_transcript_challenge_fe2(&tr, "fl/sc-rho");
        zp_fe2 gprefix = gcoef(g0, g1, 0); /* a0 + sum_{w<v} g_w(r_w) */
        zp_fe2 rest = {0, 0};
        for (unsigned v = 1; v < mv; v++) rest = gl2_add(rest, gsum[v]);
        /* b round: values at 0, 2, 3 */
        zp_fe2 sb[4];
        for (unsigned t = 0; t <= 3; t++) {
            if (t == 1) continue;
            zp_fe2 T = fe2_of(t), omt = gl2_sub(one, T);
            zp_fe2 q = {0, 0};
            for (size_t i = 0; i < n; i++) {
                zp_fe2 v = gl2_mul(gl2_sqr(omt), Quu[i]);
                v = gl2_add(v, gl2_mul(gl2_mul_fe(gl2_mul(T, omt), 2), QuR[i]));
                v = gl2_add(v, gl2_mul(gl2_sqr(T), QRR[i]));
                q = gl2_add(q, gl2_mul(pi.alpha[i], v));
            }
            zp_fe2 sh = gl2_add(pi.A0, gl2_add(gl2_mul(omt, X), gl2_mul(T, XR)));
            q = gl2_add(q, gl2_add(gl2_mul(omt, EW), gl2_add(gl2_mul(T, ER), Epub)));
            q = gl2_sub(q, sh);
            q = gl2_mul(omt, q);
            zp_fe2 gp = gl2_add(gl2_mul_fe(gl2_add(gprefix, g_univ(g0, g1, 0, T)), pow2(mv - 1)),
                                gl2_mul_fe(rest, pow2(mv - 2)));
            sb[t] = gl2_add(q, gl2_mul(rho, gp));
        }
        zp_fs_send_fe2(&tr, &pf, "fl/sc-b", &sb[0], 1);
        zp_fs_send_fe2(&tr, &pf, "fl/sc-b", &sb[2], 2);
        zp_fe2 r_b = zp_transcript_challenge_fe2(&tr, "fl/sc-r");
        gprefix = gl2_add(gprefix, g_univ(g0, g1, 0, r_b));
        zp_fe2 omrb = gl2_sub(one, r_b);
        zp_fe2 K = gl2_neg(gl2_mul(gl2_add(pi.A0, gl2_add(gl2_mul(omrb, X), gl2_mul(r_b, XR))),
                                    fe2_of(zp_fe_inv(pow2(lp)))));
        zp_fe2 YS = gl2_add(gl2_mul(omrb, X), gl2_mul(r_b, XR));
        /* W' = (1-r_b) W_sec + r_b W_R + W_pub */
#pragma omp parallel for schedule(static)
        for (size_t x = 0; x < P; x++)
            W[x] = gl2_add(gl2_add(gl2_mul(omrb, Wsec[x]), gl2_mul(r_b, WR[x])),
                           gl2_sub(fe2_of(Wpub[x]), mu_cN));
        free(WR);
        /* x rounds */
        zp_fe2 *pt = calloc(lp, sizeof(zp_fe2));
        if (!pt) {
            e = ZP_ERR_NOMEM;
            goto sc_fail;
        }
        size_t len = P;
        /* Rounds j < ks use the scan's sums (zp_fl_small_sums) and the
         * client tables V (column sums) and R (mask row), 2^clc entries
         * each, folded in place; after round ks - 1 each client's table
         * T = (1 - r_b) u + r_b R, folded ks times, is built in one pass
         * (2^(lp - ks) entries), and the later rounds fold it. */
        const zp_fe2 aa = gl2_sqr(omrb), ab = gl2_mul_fe(gl2_mul(omrb, r_b), 2), bb = gl2_sqr(r_b);
        const zp_fe rep = pow2(lp - clc);
        zp_fe2 *VR = malloc(n * 2 * CC * sizeof(zp_fe2));
        if (!VR) {
            free(pt);
            e = ZP_ERR_NOMEM;
            goto sc_fail;
        }
        for (size_t i = 0; i < n; i++)
            for (size_t c = 0; c < CC; c++) {
                VR[i * 2 * CC + c] = fe2_of(zp_fl_scan_value(&scan, scan.colsum[i * CC + c]));
                VR[i * 2 * CC + CC + c] = fe2_of(masks[i][c]);
            }
        /* Eq and W tables: current pair, then the pair folded into */
        zp_fe2 *EqW[4] = {Eq, W, malloc((P / 2) * sizeof(zp_fe2)), malloc((P / 2) * sizeof(zp_fe2))};
        EqB = EqW[2], WB = EqW[3];
        if (!EqB || !WB) {
            free(pt), free(VR);
            e = ZP_ERR_NOMEM;
            goto sc_fail;
        }
        for (unsigned j = 0; j < lp; j++) {
            size_t half = len / 2;
            if (j < ks) {
                zp_fe2 ew[1u << ZP_FL_SMALL_ROUNDS], ee[(1u << (2 * ZP_FL_SMALL_ROUNDS - 2)) + 8];
                zp_fl_eq_weights(ew, pt, j, one);
                zp_fl_pair_weights(ee, ew, j);
                const size_t th = (CC >> j) / 2;
#pragma omp parallel for schedule(dynamic, 1)
                for (size_t i = 0; i < n; i++) {
                    const zp_fe2 *V = VR + i * 2 * CC, *R = V + CC;
                    zp_fe2 q0, q2, uR0 = {0, 0}, uR2 = {0, 0}, RR0 = {0, 0}, RR2 = {0, 0};
                    zp_fl_small_sums(&q0, &q2, &scan, i, j, ee);
                    for (size_t m = 0; m < th; m++) {
                        zp_fe2 V0 = V[2 * m], V2 = gl2_sub(gl2_add(V[2 * m + 1], V[2 * m + 1]), V0);
                        zp_fe2 R0 = R[2 * m], R2 = gl2_sub(gl2_add(R[2 * m + 1], R[2 * m + 1]), R0);
                        uR0 = gl2_add(uR0, gl2_mul(V0, R0));
                        uR2 = gl2_add(uR2, gl2_mul(V2, R2));
                        RR0 = gl2_add(RR0, gl2_sqr(R0));
                        RR2 = gl2_add(RR2, gl2_sqr(R2));
                    }
                    cs[i].s0 = gl2_add(gl2_add(gl2_mul(aa, q0), gl2_mul(ab, uR0)),
                                       gl2_mul_fe(gl2_mul(bb, RR0), rep));
                    cs[i].s2 = gl2_add(gl2_add(gl2_mul(aa, q2), gl2_mul(ab, uR2)),
                                       gl2_mul_fe(gl2_mul(bb, RR2), rep));
                }
            } else {
#pragma omp parallel for schedule(dynamic, 1)
                for (size_t i = 0; i < n; i++) {
                    zp_fe2 s0 = {0, 0}, s2 = {0, 0};
                    const zp_fe2 *T = cs[i].T;
                    for (size_t p = 0; p < half; p++) {
                        zp_fe2 t0 = T[2 * p], t2 = gl2_sub(gl2_add(T[2 * p + 1], T[2 * p + 1]), t0);
                        s0 = gl2_add(s0, gl2_sqr(t0));
                        s2 = gl2_add(s2, gl2_sqr(t2));
                    }
                    cs[i].s0 = s0;
                    cs[i].s2 = s2;
                }
            }
            zp_fe2 e0 = {0, 0}, e2 = {0, 0};
            {
                const zp_fe2 *Ec = EqW[0], *Wc = EqW[1];
#pragma omp parallel if (half >= 4096)
                {
                    zp_fe2 f0 = {0, 0}, f2 = {0, 0};
#pragma omp for schedule(static)
                    for (size_t p = 0; p < half; p++) {
                        zp_fe2 E0 = Ec[2 * p], E2 = gl2_sub(gl2_add(Ec[2 * p + 1], Ec[2 * p + 1]), E0);
                        zp_fe2 W0 = Wc[2 * p], W2 = gl2_sub(gl2_add(Wc[2 * p + 1], Wc[2 * p + 1]), W0);
                        f0 = gl2_add(f0, gl2_mul(E0, W0));
                        f2 = gl2_add(f2, gl2_mul(E2, W2));
                    }
#pragma omp critical
                    {
                        e0 = gl2_add(e0, f0);
                        e2 = gl2_add(e2, f2);
                    }
                }
            }
            zp_fe2 sx[3];
            for (unsigned t = 0; t <= 2; t += 2) {
                zp_fe2 q = t == 0 ? e0 : e2;
                for (size_t i = 0; i < n; i++) q = gl2_add(q, gl2_mul(pi.alpha[i], t == 0 ? cs[i].s0 : cs[i].s2));
                q = gl2_add(q, gl2_mul_fe(K, pow2(lp - 1 - j)));
                q = gl2_mul(omrb, q);
                unsigned v = j + 1;
                zp_fe2 restv = {0, 0};
                for (unsigned w = v + 1; w < mv; w++) restv = gl2_add(restv, gsum[w]);
                zp_fe2 gp = gl2_mul_fe(gl2_add(gprefix, g_univ(g0, g1, v, fe2_of(t))), pow2(mv - 1 - v));
                if (v + 1 < mv) gp = gl2_add(gp, gl2_mul_fe(restv, pow2(mv - 2 - v)));
                sx[t] = gl2_add(q, gl2_mul(rho, gp));
            }
            zp_fs_send_fe2(&tr, &pf, "fl/sc-x", &sx[0], 1);
            zp_fs_send_fe2(&tr, &pf, "fl/sc-x", &sx[2], 1);
            zp_fe2 rj = zp_transcript_challenge_fe2(&tr, "fl/sc-r");
            pt[j] = rj;
            gprefix = gl2_add(gprefix, g_univ(g0, g1, j + 1, rj));
            /* fold */
            if (j < ks) {
                const size_t th = (CC >> j) / 2;
                zp_fe2 ew[1u << ZP_FL_SMALL_ROUNDS];
                if (j + 1 == ks) zp_fl_eq_weights(ew, pt, ks, omrb);
                int fail = 0;
#pragma omp parallel for schedule(dynamic, 1) reduction(| : fail)
                for (size_t i = 0; i < n; i++) {
                    zp_fe2 *V = VR + i * 2 * CC, *R = V + CC;
                    for (size_t m = 0; m < th; m++) {
                        V[m] = gl2_add(V[2 * m], gl2_mul(rj, gl2_sub(V[2 * m + 1], V[2 * m])));
                        R[m] = gl2_add(R[2 * m], gl2_mul(rj, gl2_sub(R[2 * m + 1], R[2 * m])));
                    }
                    if (j + 1 < ks) continue;
                    /* r_b R, folded ks times, in V's place */
                    for (size_t m = 0; m < th; m++) V[m] = gl2_mul(r_b, R[m]);
                    cs[i].T = malloc(half * sizeof(zp_fe2));
                    if (!cs[i].T) {
                        fail = 1;
                        continue;
                    }
                    zp_fl_small_fold(cs[i].T, values[i], lp, ks, ew, V, th - 1, cheat);
                }
                if (fail) {
                    free(pt), free(VR);
                    e = ZP_ERR_NOMEM;
                    goto sc_fail;
                }
                if (j + 1 == ks) {
                    free(VR);
                    VR = NULL;
                }
            } else {
#pragma omp parallel for schedule(dynamic, 1)
                for (size_t i = 0; i < n; i++) {
                    zp_fe2 *T = cs[i].T;
                    for (size_t p = 0; p < half; p++)
                        T[p] = gl2_add(T[2 * p], gl2_mul(rj, gl2_sub(T[2 * p + 1], T[2 * p])));
                }
            }
            {
                /* fold into the other buffer pair (no in-place race) */
                const zp_fe2 *Ec = EqW[0], *Wc = EqW[1];
                zp_fe2 *En = EqW[2], *Wn = EqW[3];
#pragma omp parallel for schedule(static) if (half >= 4096)
                for (size_t p = 0; p < half; p++) {
                    En[p] = gl2_add(Ec[2 * p], gl2_mul(rj, gl2_sub(Ec[2 * p + 1], Ec[2 * p])));
                    Wn[p] = gl2_add(Wc[2 * p], gl2_mul(rj, gl2_sub(Wc[2 * p + 1], Wc[2 * p])));
                }
                zp_fe2 *t0 = EqW[0], *t1 = EqW[1];
                EqW[0] = EqW[2], EqW[1] = EqW[3], EqW[2] = t0, EqW[3] = t1;
            }
            len = half;
        }
        /* final values */
        zp_fe2 yg = zp_sc_zk_mask_eval(g0, g1, lp, SC_DEG, r_b, pt);
        zp_fs_send_fe2(&tr, &pf, "fl/sc-yg", &yg, 1);
        zp_fe2 *yc = malloc(n * sizeof(zp_fe2));
        if (!yc) {
            free(pt);
            e = ZP_ERR_NOMEM;
            goto sc_fail;
        }
        for (size_t i = 0; i < n; i++) yc[i] = cs[i].T[0];
        zp_fs_send_fe2(&tr, &pf, "fl/sc-yc", yc, n);
        /* Y_v: (c_lo v^(r,0) + c_hi v^(r,1)) masked, or c_lo r^ */
        zp_fe2 *a1 = calloc(AR, sizeof(zp_fe2));
        if (!a1) {
            free(pt), free(yc);
            e = ZP_ERR_NOMEM;
            goto sc_fail;
        }
        if ((e = v_functional(L, tmp_a, tmp_b, a1, &pi, pt, r_b)) != ZP_OK) {
            free(pt), free(yc), free(a1);
            goto sc_fail;
        }
        zp_fe2 Yv = sparse_ab(ev, alc, AR, tmp_a, tmp_b);
        zp_fs_send_fe2(&tr, &pf, "fl/sc-yv", &Yv, 1);
        zp_fs_send_fe2(&tr, &pf, "fl/sc-ys", &YS, 1);
        if ((e = zp_claims_create(&cl, anv - alc, alc)) != ZP_OK) {
            free(pt), free(yc), free(a1);
            goto sc_fail;
        }
        e = zp_claims_add(cl, tmp_a, tmp_b, Yv);
        if (e == ZP_OK) e = row_functional(L, tmp_a, tmp_b, 1, pi.beta, 2 * M, 1, r_b);
        if (e == ZP_OK) e = zp_claims_add(cl, tmp_a, tmp_b, YS);
        /* g at (r_b, pt): (1, u) [g0; g1] b_out, g0 and g1 side by side */
        if (e == ZP_OK) {
            zp_fe2 *bo = calloc(2 * gw, sizeof(zp_fe2));
            if (!bo) e = ZP_ERR_NOMEM;
            else {
                zp_sc_zk_mask_functional(bo, lp, SC_DEG, r_b, pt);
                zp_fe2 uu = {0, 1};
                for (size_t k = 0; k < gw; k++) bo[gw + k] = gl2_mul(uu, bo[k]);
                e = row_functional(L, tmp_a, tmp_b, 2, bo, 2 * gw, 0, one);
                free(bo);
                if (e == ZP_OK) e = zp_claims_add(cl, tmp_a, tmp_b, yg);
            }
        }
        /* range checks */
        if (e == ZP_OK && lk) {
            /* r in [0, N): one lookup per parameter into the table [0, N) */
            unsigned lt;
            zp_fe *tab = rem_table(N, &lt);
            zp_logup_claims lc;
            zp_piop_tensor tv = {vv, Rv, vml};
            e = tab ? zp_logup_prove(&tr, &pf, &lc, &tv, 1, lp, tab, lt, 1, &rng_rv) : ZP_ERR_NOMEM;
            free(tab);
            if (e == ZP_OK) e = zp_layout_functional(L, tmp_a, tmp_b, 0, lc.col[0].point, 1, lc.col[0].r_b);
            if (e == ZP_OK) e = zp_claims_add(cl, tmp_a, tmp_b, lc.col[0].value);
        } else if (e == ZP_OK) {
            zp_piop_claim rc;
            zp_piop_tensor tv = {vv, Rv, vml};
            e = zp_range_prove(&tr, &pf, &rc, &tv, lp + 1, pi.kN, 1, &rng_rv);
            if (e == ZP_OK) e = zp_layout_functional(L, tmp_a, tmp_b, 0, rc.point, 1, rc.r_b);
            if (e == ZP_OK) e = zp_claims_add(cl, tmp_a, tmp_b, rc.value);
        }
        if (e == ZP_OK) {
            zp_piop_claim rc;
            uint64_t so, smo;
            unsigned sls, smls;
            size_t sml;
            const zp_fe *Rs = zp_layout_mask_ptr(L, ev, 1, &sml);
            e = zp_layout_tensor_info(L, 1, &so, &sls, &smo, &smls);
            zp_piop_tensor ts = {ev + so, Rs, sml};
            if (e == ZP_OK) e = zp_range_prove(&tr, &pf, &rc, &ts, lm + 1, ZP_FL_SLACK_LIMB_BITS, 1, &rng_rs);
            if (e == ZP_OK) e = zp_layout_functional(L, tmp_a, tmp_b, 1, rc.point, 1, rc.r_b);
            if (e == ZP_OK) e = zp_claims_add(cl, tmp_a, tmp_b, rc.value);
        }
        if (e == ZP_OK) {
            size_t nc;
            const zp_fe2 *const *ca, *const *cb;
            const zp_fe2 *cy;
            e = zp_claims_finish(cl, &tr, &nc, &ca, &cb, &cy);
            zp_fe2 ytmp[ZP_PCS_MAX_CLAIMS];
            if (e == ZP_OK) e = zp_pcs_open(apr, &tr, &pf, nc, ca, cb, ytmp);
            for (size_t k = 0; e == ZP_OK && k < nc; k++)
                if (!gl2_eq(ytmp[k], cy[k])) e = ZP_ERR_INTERNAL;
        }
        /* client openings: one batched opening (opening 1 of every client
         * commitment, all at the same functional, docs/spec/pcs.md
         * "Batched openings") */
        if (e == ZP_OK) {
            size_t CR = (size_t)1 << (cpc->n_vars - clc);
            zp_fe2 *ca = malloc(CR * sizeof(zp_fe2)), *cb = malloc(CC * sizeof(zp_fe2));
            const zp_fe2 **pa = malloc(n * sizeof *pa);
            if (!ca || !cb || !pa) {
                e = ZP_ERR_NOMEM;
            } else {
                client_functional(ca, cb, cpc, lp, pt, r_b, 0);
                for (size_t i = 0; i < n; i++) pa[i] = ca;
                e = zp_pcs_open_batch(provers, n, ZP_FL_OPEN_AGG, &tr, &pf, pa, cb, yc);
                if (e == ZP_ERR_ARG) e = ZP_ERR_INTERNAL; /* a client value is not its committed one */
            }
            free(ca), free(cb), free(pa);
        }
        free(pt), free(yc), free(a1);
        goto sc_done;
    sc_fail:
        ;
    sc_done:
        free(Quu), free(cvec);
    }
    if (e != ZP_OK) goto done;
    if (pf.failed) goto nomem;
    a.proof = pf.data;
    a.proof_len = pf.len;
    pf.data = NULL;
    *out = a;
    memset(&a, 0, sizeof a);
    goto done;
nomem:
    e = ZP_ERR_NOMEM;
done:
    zp_fl_aggregate_clear(&a);
    zp_bytes_free(&pf);
    zp_claims_free(cl);
    if (cs)
        for (size_t i = 0; i < n; i++) free(cs[i].T);
    free(cs);
    free(Eq), free(W), free(EqB), free(WB), free(Wpub), free(tmp_a), free(tmp_b), free(sacc), free(slack);
    zp_fl_scan_free(&scan);
    if (ev) zp_memzero(ev, sizeof(zp_fe) << zp_layout_n_vars(L));
    free(ev);
    if (g0) zp_memzero(g0, zp_sc_zk_mask_width(lp, SC_DEG) * sizeof(zp_fe));
    if (g1) zp_memzero(g1, zp_sc_zk_mask_width(lp, SC_DEG) * sizeof(zp_fe));
    free(g0), free(g1);
    zp_pcs_prover_free(apr);
    zp_layout_free(L);
    pub_free(&pi);
    return e;
}

/* ------------------------------------------------------------------ */
/* verifier                                                            */
/* ------------------------------------------------------------------ */

static zp_fe2 eq_eval(const zp_fe2 *z, const zp_fe2 *r, unsigned n) {
    zp_fe2 acc = {1, 0}, one = {1, 0};
    for (unsigned j = 0; j < n; j++) {
        zp_fe2 t = gl2_add(gl2_mul(z[j], r[j]), gl2_mul(gl2_sub(one, z[j]), gl2_sub(one, r[j])));
        acc = gl2_mul(acc, t);
    }
    return acc;
}

#define VFAIL(code, ...)                                  \
    do {                                                  \
        e = zp_cert_fail(err, (code), __VA_ARGS__);       \
        goto done;                                        \
    } while (0)

zp_err zp_fl_aggregate_verify(char err[ZP_CERT_ERR_BYTES], const zp_fl_round *r,
                              const zp_fl_aggregate *a) {
    return zp_fl_aggregate_verify_ex(err, r, a, 0);
}

zp_err zp_fl_aggregate_verify_round(char err[ZP_CERT_ERR_BYTES], const zp_fl_round *r,
                                    const zp_fl_aggregate *a) {
    return zp_fl_aggregate_verify_ex(err, r, a, ZP_FL_SKIP_RANGE);
}

zp_err zp_fl_aggregate_verify_ex(char err[ZP_CERT_ERR_BYTES], const zp_fl_round *r,
                                 const zp_fl_aggregate *a, unsigned flags) {
    if (err) err[0] = 0;
    zp_err e = ZP_OK;
    zp_layout *L = NULL;
    zp_claims *cl = NULL;
    pubinfo pi;
    memset(&pi, 0, sizeof pi);
    zp_fe *Dv = NULL;
    zp_fe2 *ta = NULL, *tb = NULL, *yc = NULL, *pt = NULL, *a1 = NULL;
    if (!r || !a || !a->updates || !a->included || !a->proof || !a->range_proofs || !a->range_lens)
        return zp_cert_fail(err, ZP_ERR_ARG, "missing argument");
    if (zp_fl_round_check(r) != ZP_OK) return zp_cert_fail(err, ZP_ERR_PARSE, "invalid round");
    if (zp_fl_round_check(&a->next) != ZP_OK) return zp_cert_fail(err, ZP_ERR_PARSE, "invalid next round");
    if (zp_init() != ZP_OK) return zp_cert_fail(err, ZP_ERR_VERIFY, "library initialisation failed");
    zp_digest d;
    if ((e = zp_fl_round_digest(&d, r)) != ZP_OK) return e;
    if (!zp_memeq(d.b, a->next.prev_digest.b, 32))
        return zp_cert_fail(err, ZP_ERR_VERIFY, "the aggregate does not follow this round");
    if (a->next.round_id != r->round_id + 1 || a->next.log_params != r->log_params ||
        a->next.update_bits != r->update_bits || a->next.bound != r->bound ||
        a->next.n_clients != r->n_clients ||
        memcmp(a->next.client_pk, r->client_pk, 32 * (size_t)r->n_clients))
        return zp_cert_fail(err, ZP_ERR_VERIFY, "next round statement differs from this round");
    size_t n = a->n_updates;
    if (n < 1 || n > r->n_clients) return zp_cert_fail(err, ZP_ERR_VERIFY, "bad update count");
    for (size_t i = 0; i < n; i++) {
        if (update_check_d(&a->updates[i], r, &d) != ZP_OK)
            return zp_cert_fail(err, ZP_ERR_VERIFY, "update %zu: bad signature, key or header", i);
        for (size_t j = 0; j < i; j++)
            if (a->updates[j].client == a->updates[i].client)
                return zp_cert_fail(err, ZP_ERR_VERIFY, "client %u listed twice", a->updates[i].client);
    }
    /* every client's range proof: entries in [-2^(K-1), 2^(K-1)), so the
     * squared norms below are exact integers */
    if (!(flags & ZP_FL_SKIP_RANGE)) {
        for (size_t i = 0; i < n; i++)
            if (!a->range_proofs[i] || !a->range_lens[i])
                return zp_cert_fail(err, ZP_ERR_VERIFY,
                                    "update %zu (client %u): range proof not attached (not "
                                    "carried by the aggregate: take it from the update)",
                                    i, a->updates[i].client);
        size_t first_bad = n;
#pragma omp parallel for schedule(dynamic, 1) reduction(min : first_bad)
        for (size_t i = 0; i < n; i++)
            if (update_verify_d(&a->updates[i], r, &d, a->range_proofs[i], a->range_lens[i]) != ZP_OK &&
                i < first_bad)
                first_bad = i;
        if (first_bad < n)
            return zp_cert_fail(err, ZP_ERR_VERIFY, "update %zu (client %u): range proof rejected",
                                first_bad, a->updates[first_bad].client);
    }
    const unsigned lp = r->log_params;
    const size_t P = (size_t)1 << lp;
    const int64_t half = (int64_t)1 << (r->update_bits - 1);
    unsigned lm;
    zp_pcs_params apc;
    const uint64_t Nv = agg_total(a->updates, a->included, n);
    if (Nv == 0) return zp_cert_fail(err, ZP_ERR_VERIFY, "no included update or N out of range");
    if ((e = zp_fl_agg_layout(&L, &apc, &lm, lp, (uint32_t)n, rem_lookup(Nv))) != ZP_OK)
        return zp_cert_fail(err, ZP_ERR_VERIFY, "no layout for this round");
    const unsigned alc = zp_layout_log_cols(L), anv = zp_layout_n_vars(L);
    const size_t AR = (size_t)1 << (anv - alc), AC = (size_t)1 << alc, M = (size_t)1 << lm;
    zp_transcript tr;
    if ((e = statement_absorb(&tr, &d, a)) != ZP_OK) goto done;
    if ((e = pub_derive(&pi, &tr, r, a, lm)) != ZP_OK) {
        if (e == ZP_ERR_VERIFY) VFAIL(ZP_ERR_VERIFY, "no included update or N out of range");
        goto done;
    }
    /* D = g' - g, public, |D| < 2^update_bits */
    Dv = malloc(P * sizeof(zp_fe));
    ta = calloc(AR, sizeof(zp_fe2));
    a1 = calloc(AR, sizeof(zp_fe2));
    tb = calloc(AC, sizeof(zp_fe2));
    yc = malloc(n * sizeof(zp_fe2));
    pt = calloc(lp + 1, sizeof(zp_fe2));
    if (!Dv || !ta || !tb || !yc || !pt || !a1) VFAIL(ZP_ERR_NOMEM, "out of memory");
    for (size_t x = 0; x < P; x++) {
        int64_t D = a->next.global[x] - r->global[x];
        if (D >= half || D < -half) VFAIL(ZP_ERR_VERIFY, "new model moves parameter %zu too far", x);
        Dv[x] = fe_i64(D);
    }
    zp_reader rd;
    zp_reader_init(&rd, a->proof, a->proof_len);
    const zp_fe2 one = {1, 0}, zero = {0, 0};
    const unsigned mv = lp + 1;
    zp_fe2 G, rho, claim;
    zp_transcript_absorb_fe2(&tr, "fl/sc-claim", &zero, 1);
    if (zp_fs_recv_fe2(&tr, &rd, "fl/sc-G", &G, 1) != ZP_OK) VFAIL(ZP_ERR_PARSE, "truncated proof");
    rho = zp_transcript_challenge_fe2(&tr, "fl/sc-rho");
    claim = gl2_mul(rho, G);
    zp_fe2 s[4];
    if (zp_fs_recv_fe2(&tr, &rd, "fl/sc-b", &s[0], 1) != ZP_OK ||
        zp_fs_recv_fe2(&tr, &rd, "fl/sc-b", &s[2], 2) != ZP_OK)
        VFAIL(ZP_ERR_PARSE, "truncated proof");
    s[1] = gl2_sub(claim, s[0]);
    zp_fe2 r_b = zp_transcript_challenge_fe2(&tr, "fl/sc-r");
    claim = interp(s, 3, r_b);
    for (unsigned j = 0; j < lp; j++) {
        if (zp_fs_recv_fe2(&tr, &rd, "fl/sc-x", &s[0], 1) != ZP_OK ||
            zp_fs_recv_fe2(&tr, &rd, "fl/sc-x", &s[2], 1) != ZP_OK)
            VFAIL(ZP_ERR_PARSE, "truncated proof");
        s[1] = gl2_sub(claim, s[0]);
        pt[j] = zp_transcript_challenge_fe2(&tr, "fl/sc-r");
        claim = interp(s, 2, pt[j]);
    }
    zp_fe2 yg, Yv, YS;
    if (zp_fs_recv_fe2(&tr, &rd, "fl/sc-yg", &yg, 1) != ZP_OK ||
        zp_fs_recv_fe2(&tr, &rd, "fl/sc-yc", yc, n) != ZP_OK ||
        zp_fs_recv_fe2(&tr, &rd, "fl/sc-yv", &Yv, 1) != ZP_OK ||
        zp_fs_recv_fe2(&tr, &rd, "fl/sc-ys", &YS, 1) != ZP_OK)
        VFAIL(ZP_ERR_PARSE, "truncated proof");
    {
        /* final check */
        uint64_t N = pi.N;
        zp_fe2 omrb = gl2_sub(one, r_b);
        zp_fe2 sq = {0, 0}, lin = Yv;
        for (size_t i = 0; i < n; i++) {
            sq = gl2_add(sq, gl2_mul(pi.alpha[i], gl2_sqr(yc[i])));
            if (a->included[i]) lin = gl2_add(lin, gl2_mul_fe(yc[i], gl_from_u64(a->updates[i].samples)));
        }
        zp_fe2 Dr = zp_mle_eval(Dv, pt, lp);
        zp_fe2 wpub = gl2_sub(fe2_of(gl_from_u64(N / 2)), gl2_mul_fe(Dr, gl_from_u64(N)));
        wpub = gl2_sub(wpub, gl2_mul_fe(pi.mu, gl_from_u64(pi.cN)));
        lin = gl2_add(lin, wpub);
        zp_fe2 K = gl2_neg(gl2_mul(gl2_add(pi.A0, YS), fe2_of(zp_fe_inv(pow2(lp)))));
        zp_fe2 F = gl2_add(sq, gl2_add(gl2_mul(eq_eval(pi.z, pt, lp), lin), K));
        zp_fe2 expect = gl2_add(gl2_mul(omrb, F), gl2_mul(rho, yg));
        if (!gl2_eq(expect, claim)) VFAIL(ZP_ERR_VERIFY, "aggregation sumcheck rejected");
    }
    (void)mv;
    /* aggregator claims */
    if ((e = zp_claims_create(&cl, anv - alc, alc)) != ZP_OK) goto done;
    {
        if ((e = v_functional(L, ta, tb, a1, &pi, pt, r_b)) != ZP_OK) goto done;
        if ((e = zp_claims_add(cl, ta, tb, Yv)) != ZP_OK) goto done;
        if ((e = row_functional(L, ta, tb, 1, pi.beta, 2 * M, 1, r_b)) != ZP_OK) goto done;
        if ((e = zp_claims_add(cl, ta, tb, YS)) != ZP_OK) goto done;
        size_t gw = zp_sc_zk_mask_width(lp, SC_DEG);
        zp_fe2 *bo = calloc(2 * gw, sizeof(zp_fe2));
        if (!bo) VFAIL(ZP_ERR_NOMEM, "out of memory");
        zp_sc_zk_mask_functional(bo, lp, SC_DEG, r_b, pt);
        zp_fe2 uu = {0, 1};
        for (size_t k = 0; k < gw; k++) bo[gw + k] = gl2_mul(uu, bo[k]);
        e = row_functional(L, ta, tb, 2, bo, 2 * gw, 0, one);
        free(bo);
        if (e == ZP_OK) e = zp_claims_add(cl, ta, tb, yg);
        if (e != ZP_OK) goto done;
        zp_piop_claim rc;
        if (pi.lk) {
            unsigned lt;
            zp_fe *tab = rem_table(pi.N, &lt);
            zp_logup_claims lcl;
            if (!tab) VFAIL(ZP_ERR_NOMEM, "out of memory");
            e = zp_logup_verify(&tr, &rd, &lcl, 1, lp, tab, lt, 1);
            free(tab);
            if (e == ZP_OK && lcl.col[0].n_vars != lp) e = ZP_ERR_VERIFY;
            rc = lcl.col[0];
        } else {
            e = zp_range_verify(&tr, &rd, &rc, lp + 1, pi.kN, 1);
        }
        if (e != ZP_OK) VFAIL(e == ZP_ERR_PARSE ? ZP_ERR_PARSE : ZP_ERR_VERIFY, "remainder range check rejected");
        if ((e = zp_layout_functional(L, ta, tb, 0, rc.point, 1, rc.r_b)) != ZP_OK) goto done;
        if ((e = zp_claims_add(cl, ta, tb, rc.value)) != ZP_OK) goto done;
        e = zp_range_verify(&tr, &rd, &rc, lm + 1, ZP_FL_SLACK_LIMB_BITS, 1);
        if (e != ZP_OK) VFAIL(e == ZP_ERR_PARSE ? ZP_ERR_PARSE : ZP_ERR_VERIFY, "norm bound range check rejected");
        if ((e = zp_layout_functional(L, ta, tb, 1, rc.point, 1, rc.r_b)) != ZP_OK) goto done;
        if ((e = zp_claims_add(cl, ta, tb, rc.value)) != ZP_OK) goto done;
        size_t nc;
        const zp_fe2 *const *ca, *const *cb;
        const zp_fe2 *cy;
        if ((e = zp_claims_finish(cl, &tr, &nc, &ca, &cb, &cy)) != ZP_OK) goto done;
        e = zp_pcs_verify(&apc, &a->agg_root, &tr, &rd, nc, ca, cb, cy);
        if (e != ZP_OK) VFAIL(e == ZP_ERR_PARSE ? ZP_ERR_PARSE : ZP_ERR_VERIFY, "aggregator opening rejected");
    }
    /* client openings: one batched opening (docs/spec/pcs.md "Batched
     * openings") */
    {
        const zp_pcs_params *cpc = &a->updates[0].pcs;
        if (rd.len - rd.pos != zp_pcs_batch_proof_bytes(cpc, n)) VFAIL(ZP_ERR_PARSE, "proof length mismatch");
        unsigned clc = cpc->log_cols;
        size_t CR = (size_t)1 << (cpc->n_vars - clc), CC = (size_t)1 << clc;
        zp_fe2 *ca = malloc(CR * sizeof(zp_fe2)), *cb = malloc(CC * sizeof(zp_fe2));
        const zp_fe2 **pa = malloc(n * sizeof *pa);
        const zp_digest **roots = malloc(n * sizeof *roots);
        if (!ca || !cb || !pa || !roots) {
            free(ca), free(cb), free(pa), free(roots);
            VFAIL(ZP_ERR_NOMEM, "out of memory");
        }
        client_functional(ca, cb, cpc, lp, pt, r_b, 0);
        for (size_t i = 0; i < n; i++) pa[i] = ca, roots[i] = &a->updates[i].root;
        e = zp_pcs_verify_batch(cpc, roots, n, ZP_FL_OPEN_AGG, &tr, &rd, pa, cb, yc);
        if (e == ZP_OK) e = zp_reader_finish(&rd);
        free(ca), free(cb), free(pa), free(roots);
        if (e != ZP_OK) VFAIL(ZP_ERR_VERIFY, "a client opening was rejected");
    }
    e = ZP_OK;
done:
    zp_claims_free(cl);
    zp_layout_free(L);
    pub_free(&pi);
    free(Dv), free(ta), free(tb), free(yc), free(pt), free(a1);
    return e;
}
