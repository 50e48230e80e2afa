/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Federated rounds: helpers shared by fl_round.c, tests and benches (not API). */
#ifndef ZP_PROV_FL_INTERNAL_H
#define ZP_PROV_FL_INTERNAL_H

#include "zkprov/piop.h"
#include "zkprov/prov.h"

/* Bits of each of the two limbs of the norm slack (slack < 2^48). */
#define ZP_FL_SLACK_LIMB_BITS 24
/* Openings of a client commitment: 0, the client's range proof; 1, the
 * aggregator's proof; 2, the link of the update to the client's training
 * run (src/prov/fl_train.c).  One mask row per opening after the update. */
#define ZP_FL_CLIENT_OPENINGS 3
#define ZP_FL_OPEN_RANGE 0
#define ZP_FL_OPEN_AGG 1
#define ZP_FL_OPEN_LINK 2
#define ZP_FL_CLIENT_MASK_ROWS 3
/* Largest client range proof a reader accepts (bytes). */
#define ZP_FL_MAX_RANGE_PROOF ((size_t)1 << 30)
/* Code soundness of every commitment of a round (bits). */
#define ZP_FL_SECURITY_BITS 100

/* The aggregator's witness layout for a round of 2^log_params parameters
 * and n_clients clients: tensor 0 = the remainders r (2^log_params values,
 * when rem_lookup: N <= 2^16, looked up in [0, N)) or [r | r + cN]
 * (2^(log_params+1) values) (masked),
 * tensor 1 = [slack_lo | slack_hi] (masked), tensor 2 = [g0 | g1] (the ZK
 * sumcheck mask rows, unmasked).  Out: *L (finalized), *pcs, log_clients.
 * Returns ZP_OK, ZP_ERR_ARG, ZP_ERR_NOMEM. */
zp_err zp_fl_agg_layout(zp_layout **L, zp_pcs_params *pcs, unsigned *log_clients,
                        unsigned log_params, uint32_t n_clients, int rem_lookup);

/* Integer squared norm of v[n] (exact, 128-bit). */
unsigned __int128 zp_fl_norm2(const int64_t *v, size_t n);

/* zp_fl_update_create without the refusal of out-of-range values, and with
 * forged_limbs (NULL: the honest decomposition, which refuses an
 * out-of-range value) handed to the range prover (zp_range_prove_limbs):
 * a cheating client, for the tests. */
zp_err zp_fl_update_create_forged(zp_fl_update *hdr, zp_pcs_prover **prover,
                                  zp_bytes *range_proof, const zp_fl_round *r,
                                  uint32_t client, const uint8_t *sk,
                                  const int64_t *values, uint64_t samples,
                                  const zp_digest *train_proof, zp_fe *mask,
                                  const zp_rng *rng, const zp_fe *forged_limbs);

/* A step of zp_fl_update_create run after the commitment and the range
 * proof, before the header is signed (src/prov/fl_train.c: the training
 * link proof, opening ZP_FL_OPEN_LINK of pr): u is the header so far
 * (root, parameters), evals the committed polynomial (the update, then
 * the ZP_FL_CLIENT_MASK_ROWS mask rows).  It may set u->has_train_proof
 * and u->train_proof. */
typedef struct {
    zp_err (*fn)(void *ctx, zp_fl_update *u, zp_pcs_prover *pr, const zp_fe *evals,
                 const zp_fl_round *r);
    void *ctx;
} zp_fl_update_hook;
/* zp_fl_update_create (no train_proof argument) with hook (may be NULL). */
zp_err zp_fl_update_create_hooked(zp_fl_update *hdr, zp_pcs_prover **prover,
                                  zp_bytes *range_proof, const zp_fl_round *r,
                                  uint32_t client, const uint8_t *sk,
                                  const int64_t *values, uint64_t samples,
                                  zp_fe *mask, const zp_rng *rng,
                                  const zp_fl_update_hook *hook);

/* Flags of the internal prover / verifier below. */
#define ZP_FL_CHEAT_MODP 1u   /* prover: no range checks of values or of
                               * range proofs, norms taken mod p (the
                               * wrap-around attack of a colluding
                               * aggregator) */
#define ZP_FL_SKIP_RANGE 2u   /* verifier: skip the clients' range proofs
                               * (zp_fl_aggregate_verify_round) */
#define ZP_FL_RANGES_CHECKED 4u /* prover: the caller has checked every
                                 * update with zp_fl_update_verify (the CLI,
                                 * which names the bad file); not checked
                                 * twice */
#define ZP_FL_NO_RANGE_COPY 8u /* prover: the clients' range proofs are NOT
                                * copied into *out (range_lens[i] = 0,
                                * range_proofs[i] = NULL; encoded as length
                                * 0): the signed headers name them by
                                * digest, and a full verifier attaches them
                                * (from the updates) to a->range_proofs /
                                * range_lens before zp_fl_aggregate_verify */
zp_err zp_fl_aggregate_prove_ex(zp_fl_aggregate *out, const zp_fl_round *r,
                                const zp_fl_update *updates,
                                const uint8_t *const *range_proofs,
                                const size_t *range_lens,
                                const int64_t *const *values,
                                const zp_fe *const *masks,
                                zp_pcs_prover *const *provers, size_t n,
                                const zp_rng *rng, unsigned flags);
zp_err zp_fl_aggregate_verify_ex(char err[ZP_CERT_ERR_BYTES], const zp_fl_round *r,
                                 const zp_fl_aggregate *a, unsigned flags);

/* ---- the aggregator's pass over the updates (fl_scan.c) ----
 * One pass over values[n][2^lp] computes, per client: the squared norm,
 * the column sums colsum[c] = sum_{x = c mod 2^clc} u(x) (clc: the client
 * commitment's log_cols, its mask row's period), and for each of the first
 * k <= ZP_FL_SMALL_ROUNDS rounds j of the norm sumcheck the integer sums
 * A_j[t][b <= b'] = sum_y v_t(b, y) v_t(b', y) over x = b + 2^j t +
 * 2^(j+1) y (t = 0: u(b, 0, y); t = 2: 2 u(b, 1, y) - u(b, 0, y)), from
 * which a round polynomial is a quadratic form in the eq weights of the
 * challenges (the small-value rounds of Bagad, Domb and Thaler, "Speeding
 * up sum-check proving", ePrint 2025/1117); and sacc[x] = sum_i wgt[i]
 * u_i(x).  Without wide: two's complement arithmetic mod 2^64, exact when
 * every value lies in [-half, half) with lp + 2 log2(half) <= 47
 * (out_of_range says when one does not; the sums are then meaningless);
 * wide: every sum but sacc in F_p (any values below 2^62). */
#define ZP_FL_SMALL_ROUNDS 4
typedef struct {
    size_t n, acc_len;
    unsigned lp, clc, k;
    int wide, out_of_range;
    uint64_t *acc;    /* n * acc_len */
    uint64_t *colsum; /* n * 2^clc */
    uint64_t *norm;   /* n */
} zp_fl_scan;
/* Offset of round j's sums in a client's acc (t = 0 sums, then t = 2). */
size_t zp_fl_scan_acc_offset(unsigned j);
zp_err zp_fl_scan_run(zp_fl_scan *s, const int64_t *const *values, size_t n, unsigned lp,
                      unsigned clc, unsigned k, uint64_t half, int wide, const uint64_t *wgt,
                      int64_t *sacc);
void zp_fl_scan_free(zp_fl_scan *s);
/* A sum of s (acc, colsum or norm word) as a field element. */
zp_fe zp_fl_scan_value(const zp_fl_scan *s, uint64_t w);
/* e[b] = scale * eq(r[0..j), b), b < 2^j, bit v of b for r[v]. */
void zp_fl_eq_weights(zp_fe2 *e, const zp_fe2 *r, unsigned j, zp_fe2 scale);
/* ee[b <= b'] = e[b] e[b'] (doubled when b != b'), tri(2^j) entries. */
void zp_fl_pair_weights(zp_fe2 *ee, const zp_fe2 *e, unsigned j);
/* Client i's sums of squares at round j < k, points 0 and 2:
 * sum_y (sum_b e[b] v_t(b, y))^2 = <ee, A_j[t]>. */
void zp_fl_small_sums(zp_fe2 *q0, zp_fe2 *q2, const zp_fl_scan *s, size_t i, unsigned j,
                      const zp_fe2 *ee);
/* T[y] = sum_{b < 2^k} e[b] u(b + 2^k y) + cR[y & rmask], y < 2^(lp-k)
 * (u within the scan's bounds unless wide). */
void zp_fl_small_fold(zp_fe2 *T, const int64_t *u, unsigned lp, unsigned k, const zp_fe2 *e,
                      const zp_fe2 *cR, size_t rmask, int wide);

#endif
