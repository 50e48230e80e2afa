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
    int64_t *gt;                    /* G'^T of one layer (update operand),
                                      * max width x batch                */
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

/* The update of the config (docs/spec/fixed-point.md, "Update"): plain
 * SGD (mom_num = 0) folds the learning rate into the per-example gradient,
 * G' = rdiv2(lr_num G, c), and updates W' = W - rdiv2(G'^T H, ush),
 * b' = b - rdiv2(colsum G', bsh) with ush = lr_shift + sg + sa - sw - c,
 * bsh = lr_shift + sg - sw - c; |G'| <= gp, and G' + 2^(kg-1) is in
 * [0, 2^kg) (kg = 16 unless c reached its cap).  With momentum nothing is
 * folded: c = kg = gp = 0 and the shifts are the full ones, applied to
 * lr_num M.  Needs the shifts of zp_train_config_check (both >= 1). */
typedef struct {
    unsigned c, kg, ush, bsh;
    __int128 gp;
} zp_zkml_upd;
void zp_zkml_update_shifts(const zp_train_config *cfg, zp_zkml_upd *u);

/* rdiv2(a, s) for 0 <= s <= 62, with rdiv2(a, 0) = a (remainder 0): the
 * update shifts of zp_zkml_upd may be 0.  s is public. */
static inline int64_t zp_zkml_rdiv2z(int64_t a, unsigned s, int64_t *r) {
    if (s == 0) {
        if (r) *r = 0;
        return a;
    }
    return zp_fx_rdiv2(a, s, r);
}

#endif
