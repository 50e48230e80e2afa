/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Trained federated updates: cheating provers for the tests (not API). */
#ifndef ZP_PROV_FL_TRAIN_INTERNAL_H
#define ZP_PROV_FL_TRAIN_INTERNAL_H

#include "zkprov/prov.h"

/* Cheats of zp_fl_update_create_trained_ex (0: honest). */
#define ZP_FL_TRAIN_CHEAT_UPDATE 1u /* commits u + e_0 (not W_T - g) and
                                     * proves the link anyway */
#define ZP_FL_TRAIN_CHEAT_BASE 2u   /* trains from g with one weight
                                     * changed (the run does not start
                                     * from the round's model) */
#define ZP_FL_TRAIN_CHEAT_TAIL 4u   /* commits u + e_{P-1}: a value
                                     * outside the model's positions */
zp_err zp_fl_update_create_trained_ex(zp_fl_update *hdr, zp_pcs_prover **prover,
                                      zp_bytes *range_proof, zp_bytes *run, zp_bytes *link,
                                      int64_t *values, const zp_fl_round *r, uint32_t client,
                                      const uint8_t *sk, const zp_train_config *cfg,
                                      const zp_fxdata *ds, const uint8_t *ds_digest,
                                      const zp_run_records *rec, zp_fe *mask,
                                      const zp_rng *rng, unsigned cheat);

#endif
