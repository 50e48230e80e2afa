/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Internal interface of the zkml layer: the trainer's workspace (the
 * witness a training-step prover commits to) and shared kernels. */
#ifndef ZKPROV_ZKML_INTERNAL_H
#define ZKPROV_ZKML_INTERNAL_H

#include "zkprov/zkml.h"

/* Every tensor below is row-major int64; B = rows of the current batch.
 * Layer l maps dims[l] -> dims[l+1]. */
struct zp_trainer {
    zp_train_config cfg;            /* copy without the strings          */
    size_t cap;                     /* batch_size                        */
    int64_t *h[ZP_ZKML_MAX_LAYERS + 1]; /* h[0] inputs, h[l+1] = act(q[l]); h[L] logits */
    int64_t *q[ZP_ZKML_MAX_LAYERS]; /* rdiv2(h[l] W_l^T + b_l 2^sa, sw)  */
    int64_t *g[ZP_ZKML_MAX_LAYERS]; /* gradient of q[l], scale 2^sg      */
    int64_t *dw[ZP_ZKML_MAX_LAYERS], *db[ZP_ZKML_MAX_LAYERS];
    int64_t *mw[ZP_ZKML_MAX_LAYERS], *mb[ZP_ZKML_MAX_LAYERS]; /* momentum */
    int64_t *wn[ZP_ZKML_MAX_LAYERS], *bn[ZP_ZKML_MAX_LAYERS]; /* candidate
                                      * W and b after the step           */
    int64_t *exp_table;             /* 2^exp_domain_bits entries         */
    int64_t *row;                   /* scratch, max width                */
};

/* Forward pass of rows x[n * dims[0]] through m into h[0..L] and q[0..L-1]
 * (h[0] is x itself and is not written).  Adds saturations to *n_sat.
 * Returns ZP_OK, or ZP_ERR_INTERNAL when a ZP_VERIFY bound check fails. */
zp_err zp_zkml_forward(const zp_train_config *cfg, const zp_mlp *m,
                       int64_t *const *h, int64_t *const *q, size_t n,
                       uint64_t *n_sat);

/* Bound on the momentum buffer given the per-step bound dmax
 * (docs/spec/fixed-point.md, F4).  Returns 0, or 1 if momentum >= 1. */
int zp_zkml_momentum_bound(const zp_train_config *cfg, __int128 dmax, __int128 *out);

#endif
