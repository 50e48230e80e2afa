/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Federated rounds: helpers shared by fl_round.c, tests and benches (not API). */
#ifndef ZP_PROV_FL_INTERNAL_H
#define ZP_PROV_FL_INTERNAL_H

#include "zkprov/piop.h"
#include "zkprov/prov.h"

/* Bits of each of the two limbs of the norm slack (slack < 2^48). */
#define ZP_FL_SLACK_LIMB_BITS 24
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

#endif
