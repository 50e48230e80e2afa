/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Bound training runs whose record layout is smaller than one row of the
 * bind proof's commitment: 4 or 1 features,
 * batch 4, 1 and 2 steps (docs/spec/train-step.md 7.2: Q padded to a
 * layout row): honest runs prove and verify and end at the plain trainer's
 * weights; a changed batch index, flipped bytes of the bind proof, a
 * non-zero padding row of Q and another dataset are rejected, records that
 * are not the certified rows refused; a block below the mask budget (1
 * feature, batch 2) is refused. */
// ZP_TEST_LAYER: prov
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "field/gl.h"
#include "zkprov/prov.h"
#include "zkml/prove_train_internal.h"
#include "zkml/train_bind_internal.h"
#include "train_bind_common.h"

#define NREC 9
#define NCLS 2
#define BATCH 4
#define FSCALE 8

static const uint8_t SEED[32] = {4, 4, 1};

/* nf features in [-2^10, 2^10) of scale FSCALE (bound 2^12) */
static void mk_dset(tb_dset *S, size_t nf, uint64_t salt) {
    const tb_shape sh = {nf, NREC, NCLS, FSCALE, 1u << 12, 1u << 11};
    tb_dset_make(S, &sh, 300 + salt, SEED, 0);
}

static const uint8_t CERT[32] = {7, 7, 7};

static void mk_cfg(zp_train_config *cfg, zp_mlp *base, size_t nf, uint32_t batch, uint64_t steps) {
    const uint32_t dims[] = {(uint32_t)nf, 4, NCLS};
    CHECK_OK(zp_train_config_default(cfg, dims, 2));
    cfg->batch_size = batch;
    cfg->lr_num = 209715;
    cfg->steps = steps;
    CHECK_OK(zp_train_config_check(cfg, NULL));
    CHECK_OK(zp_mlp_alloc(base, cfg));
    uint8_t seed[ZP_ZKML_SEED_BYTES];
    for (size_t i = 0; i < sizeof seed; i++) seed[i] = (uint8_t)(i * 7 + 1);
    CHECK_OK(zp_mlp_init_seeded(base, cfg, seed));
}

/* A bound run on S with opening j, training on S's records. */
static zp_err prove(uint8_t **run, size_t *len, zp_model_prover **fin, const zp_train_config *cfg,
                    const zp_mlp *base, const tb_dset *S, unsigned j, uint64_t seed) {
    return tb_prove(run, len, fin, cfg, base, &S->fx, CERT, S, j, seed);
}

/* One tiny bound run: proves, verifies, ends at the plain trainer's
 * weights; tampering is rejected. */
static void tiny_run(size_t nf, uint64_t steps) {
    tb_dset S, S2;
    mk_dset(&S, nf, nf * 10 + steps);
    mk_dset(&S2, nf, nf * 10 + steps + 100);
    /* the record layout is below one row of the builder (2^8 values) */
    CHECK(((uint64_t)steps << (2 + S.v.log_width)) < 256);
    zp_train_config cfg;
    zp_mlp base;
    mk_cfg(&cfg, &base, nf, BATCH, steps);
    uint8_t *run = NULL;
    size_t len = 0;
    zp_model_prover *fin = NULL;
    CHECK_OK(prove(&run, &len, &fin, &cfg, &base, &S, 0, 11));
    char err[ZP_ZKML_ERR_BYTES] = "";
    zp_run_info info;
    CHECK_OK(zp_train_run_verify_bound(&info, NULL, err, &cfg, &base, CERT, &S.v, run, len));
    CHECK(info.records_bound == 1 && info.n_steps == steps && info.base_checked == 1);
    /* the released model is the plain trainer's on the sampled batches */
    tb_check_plain_trainer(&cfg, &base, &S.fx, info.sampler_seed, steps, fin);
    /* another dataset commitment of the same shape */
    CHECK(zp_train_run_verify_bound(NULL, NULL, err, &cfg, NULL, CERT, &S2.v, run, len) ==
          ZP_ERR_VERIFY);
    /* flipped bytes of the bind proof: the record layout's root, its run pass */
    const size_t pb = tb_bind_pos(run, len, steps);
    const uint64_t bl = zp_load64_le(run + pb);
    CHECK(bl > 64 && pb + 8 + bl <= len);
    uint8_t *mix = malloc(len);
    const size_t at[3] = {pb + 8 + 3, pb + 8 + bl / 2, pb + 8 + bl - 40};
    for (int k = 0; k < 3; k++) {
        memcpy(mix, run, len);
        mix[at[k]] ^= 1;
        CHECK(zp_train_run_verify_bound(NULL, NULL, err, &cfg, NULL, CERT, &S.v, mix, len) !=
              ZP_OK);
    }
    free(mix);
    /* a changed batch index (the steps train on another record) */
    uint8_t *run2 = NULL;
    size_t len2 = 0;
    zp_train_run_set_tamper(1);
    zp_err e = prove(&run2, &len2, NULL, &cfg, &base, &S, 1, 12);
    zp_train_run_set_tamper(0);
    CHECK_OK(e);
    CHECK(zp_train_run_verify_bound(NULL, NULL, err, &cfg, NULL, CERT, &S.v, run2, len2) ==
          ZP_ERR_VERIFY);
    /* a non-zero value in Q's padding (the zero blocks that fill the row) */
    free(run2);
    run2 = NULL;
    zp_train_bind_set_tamper(3);
    e = prove(&run2, &len2, NULL, &cfg, &base, &S, 3, 15);
    zp_train_bind_set_tamper(0);
    CHECK_OK(e);
    CHECK(zp_train_run_verify_bound(NULL, NULL, err, &cfg, NULL, CERT, &S.v, run2, len2) ==
          ZP_ERR_VERIFY);
    /* records that are not the certified rows: refused by the prover */
    tb_dset S3 = S;
    S3.fx = S2.fx;
    free(run2);
    run2 = NULL;
    CHECK(prove(&run2, &len2, NULL, &cfg, &base, &S3, 2, 13) == ZP_ERR_ARG);
    CHECK(run2 == NULL);
    free(run);
    zp_model_prover_free(fin);
    zp_mlp_free(&base);
    zp_train_config_free(&cfg);
    tb_dset_free(&S);
    tb_dset_free(&S2);
}

TEST(tiny_bound_run_4_features_1_step) { tiny_run(4, 1); }
TEST(tiny_bound_run_4_features_2_steps) { tiny_run(4, 2); }
TEST(tiny_bound_run_1_feature_1_step) { tiny_run(1, 1); }
TEST(tiny_bound_run_1_feature_2_steps) { tiny_run(1, 2); }

TEST(tiny_bound_run_below_the_mask_budget_refused) {
    /* 1 feature, batch 2: a block Q_t of B' W = 4 values cannot hide a
     * step's 2 claims with margin 2 (docs/spec/train-step.md 7.6) */
    tb_dset S;
    mk_dset(&S, 1, 77);
    CHECK(S.v.log_width == 1);
    zp_train_config cfg;
    zp_mlp base;
    mk_cfg(&cfg, &base, 1, 2, 1);
    uint8_t *run = NULL;
    size_t len = 0;
    CHECK(prove(&run, &len, NULL, &cfg, &base, &S, 0, 14) == ZP_ERR_UNSUPPORTED);
    CHECK(run == NULL);
    zp_mlp_free(&base);
    zp_train_config_free(&cfg);
    tb_dset_free(&S);
}
