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
 * aggregator's proof. */
#define ZP_FL_CLIENT_OPENINGS 2
#define ZP_FL_OPEN_RANGE 0
#define ZP_FL_OPEN_AGG 1
/* Largest client range proof a reader accepts (bytes). */
#define ZP_FL_MAX_RANGE_PROOF ((size_t)1 << 30)
/* Code soundness of every commitment of a round (bits). */
#define ZP_FL_SECURITY_BITS 100

/* The aggregator's witness layout for a round of 2^log_params parameters
 * and n_clients clients: tensor 0 = [r | N-1-r] (remainders, masked),
 * tensor 1 = [slack_lo | slack_hi] (masked), tensor 2 = [g0 | g1] (the ZK
 * sumcheck mask rows, unmasked).  Out: *L (finalized), *pcs, log_clients.
 * Returns ZP_OK, ZP_ERR_ARG, ZP_ERR_NOMEM. */
zp_err zp_fl_agg_layout(zp_layout **L, zp_pcs_params *pcs, unsigned *log_clients,
                        unsigned log_params, uint32_t n_clients);

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

#endif
