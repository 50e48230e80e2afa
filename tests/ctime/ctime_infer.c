/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Constant-time check (valgrind) of the inference prover: private input, secret weights, secret randomness. */
#include <stdlib.h>
#include <string.h>

#include "ctime.h"
#include "zkml/zkml_internal.h"

/*
 * An application-level check: zp_infer_prove builds its witness (the
 * fixed-point forward pass with rescaling, ReLU and saturation), commits
 * it, and runs the builder's matrix products, zero-checks and lookups.
 * Run with tests/ctime/var.supp: the only accepted reports are inside the
 * multiplicity counts (`*_var`, docs/security.md); everything else must be
 * silent with the input, the weights and the rng key secret.
 */

CT_REQUIRE_VALGRIND()

#define L 2
static const uint32_t dims[L + 1] = {8, 8, 4};
#define NB 2 /* batch */

static void mark_model(const zp_mlp *m, int secret) {
    for (unsigned l = 0; l < L; l++) {
        size_t nw = (size_t)dims[l] * dims[l + 1] * sizeof(int64_t);
        size_t nb = (size_t)dims[l + 1] * sizeof(int64_t);
        if (secret) {
            CT_SECRET(m->w[l], nw);
            CT_SECRET(m->b[l], nb);
        } else {
            CT_PUBLIC(m->w[l], nw);
            CT_PUBLIC(m->b[l], nb);
        }
    }
}

TEST(ct_infer_private_input) {
    zp_train_config cfg;
    zp_mlp m;
    CHECK_OK(zp_train_config_default(&cfg, dims, L));
    CHECK_OK(zp_mlp_alloc(&m, &cfg));
    uint8_t seed[ZP_ZKML_SEED_BYTES];
    for (size_t i = 0; i < sizeof seed; i++) seed[i] = (uint8_t)test_rand_u64();
    CHECK_OK(zp_mlp_init_seeded(&m, &cfg, seed));
    for (unsigned l = 0; l < L; l++)
        for (size_t j = 0; j < dims[l + 1]; j++)
            m.b[l][j] = (int64_t)(test_rand_u64() % 2001) - 1000;
    int64_t x[NB * 8];
    for (size_t i = 0; i < NB * 8; i++) x[i] = (int64_t)(test_rand_u64() % 1024) - 512;
    zp_infer_opts o;
    zp_infer_opts_default(&o);
    o.private_input = 1;
    uint64_t rs = test_rand_u64();

    uint8_t *pw = NULL, *pg = NULL;
    size_t lw = 0, lg = 0;
    int64_t yw[NB * 4], yg[NB * 4];
    zp_rng r;
    zp_rng_init_u64(&r, rs);
    CHECK_OK(zp_infer_prove(&pw, &lw, yw, &cfg, &m, x, NB, &o, &r));

    zp_rng_init_u64(&r, rs);
    CT_SECRET(x, sizeof x);
    mark_model(&m, 1);
    CT_SECRET(r.key, sizeof r.key);
    zp_err e = zp_infer_prove(&pg, &lg, yg, &cfg, &m, x, NB, &o, &r);
    CHECK(ct_is_secret(x, sizeof x) && ct_is_secret(m.w[0], sizeof(int64_t)) &&
          ct_is_secret(r.key, sizeof r.key));
    CT_PUBLIC(&e, sizeof e);
    CT_PUBLIC(yg, sizeof yg); /* the answer: public by design */
    CHECK_OK(e);
    CHECK(memcmp(yg, yw, sizeof yg) == 0);
    CHECK(pg != NULL && lg == lw && memcmp(pg, pw, lg) == 0);
    CHECK_OK(zp_infer_verify(&cfg, NULL, NB, yg, &o, pg, lg));
    mark_model(&m, 0);
    zp_infer_proof_free(pw);
    zp_infer_proof_free(pg);
    zp_mlp_free(&m);
}

/* An input out of range is refused; the refusal is the one declassified bit. */
TEST(ct_infer_input_out_of_range_refused) {
    zp_train_config cfg;
    zp_mlp m;
    CHECK_OK(zp_train_config_default(&cfg, dims, L));
    CHECK_OK(zp_mlp_alloc(&m, &cfg));
    int64_t x[NB * 8] = {0};
    x[5] = (int64_t)1 << (cfg.act_bits - 1); /* one past the top */
    zp_infer_opts o;
    zp_infer_opts_default(&o);
    o.private_input = 1;
    zp_rng r;
    zp_rng_init_u64(&r, test_rand_u64());
    CT_SECRET(x, sizeof x);
    uint8_t *pf = NULL;
    size_t len = 0;
    int64_t y[NB * 4];
    zp_err e = zp_infer_prove(&pf, &len, y, &cfg, &m, x, NB, &o, &r);
    CHECK(e == ZP_ERR_ARG && pf == NULL);
    x[5] = -((int64_t)1 << (cfg.act_bits - 1)) - 1; /* one below the bottom */
    e = zp_infer_prove(&pf, &len, y, &cfg, &m, x, NB, &o, &r);
    CHECK(e == ZP_ERR_ARG && pf == NULL);
    zp_mlp_free(&m);
}

/* A model commitment to secret weights (masks from a secret key), an
 * inference proof bound to it, and the prover reloaded from its secret
 * state; out-of-range weights are refused with one declassified bit. */
TEST(ct_model_commit_bound_infer) {
    zp_train_config cfg;
    zp_mlp m;
    CHECK_OK(zp_train_config_default(&cfg, dims, L));
    CHECK_OK(zp_mlp_alloc(&m, &cfg));
    uint8_t seed[ZP_ZKML_SEED_BYTES];
    for (size_t i = 0; i < sizeof seed; i++) seed[i] = (uint8_t)test_rand_u64();
    CHECK_OK(zp_mlp_init_seeded(&m, &cfg, seed));
    int64_t x[NB * 8];
    for (size_t i = 0; i < NB * 8; i++) x[i] = (int64_t)(test_rand_u64() % 1024) - 512;
    zp_infer_opts o;
    zp_infer_opts_default(&o);
    o.private_input = 1;
    uint64_t s1 = test_rand_u64(), s2 = test_rand_u64();
    uint8_t *pf[2] = {NULL, NULL};
    size_t len[2] = {0, 0};
    int64_t y[2][NB * 4];
    uint8_t dg[2][ZP_MODEL_DIGEST_BYTES];
    for (int secret = 0; secret < 2; secret++) {
        zp_rng r1, r2;
        zp_rng_init_u64(&r1, s1);
        zp_rng_init_u64(&r2, s2);
        if (secret) {
            mark_model(&m, 1);
            CT_SECRET(x, sizeof x);
            CT_SECRET(r1.key, sizeof r1.key);
            CT_SECRET(r2.key, sizeof r2.key);
        }
        zp_model_prover *mp = NULL;
        zp_err e = zp_model_commit_create(&mp, &cfg, &m, 2, &r1);
        CT_PUBLIC(&e, sizeof e);
        CHECK_OK(e);
        if (e != ZP_OK) break;
        zp_model_commit_info(zp_model_prover_public(mp), dg[secret], NULL, NULL);
        unsigned idx = 9;
        e = zp_infer_prove_model(&pf[secret], &len[secret], y[secret], &idx, mp, x, NB, &o, &r2);
        CT_PUBLIC(&e, sizeof e);
        CT_PUBLIC(y[secret], sizeof y[secret]);
        CHECK_OK(e);
        CHECK(idx == 0);
        /* the secret state round trip: weights and key still secret */
        uint8_t *sec = NULL;
        size_t sl = 0;
        CHECK_OK(zp_model_secret_export(&sec, &sl, mp));
        zp_model_prover *mp2 = NULL;
        char err[ZP_ZKML_ERR_BYTES];
        e = sec ? zp_model_prover_load(&mp2, err, zp_model_prover_public(mp), sec, sl) : ZP_ERR_NOMEM;
        CT_PUBLIC(&e, sizeof e);
        CHECK_OK(e);
        CHECK(mp2 == NULL || zp_model_prover_next_index(mp2) == 1);
        if (secret) CHECK(ct_is_secret(x, sizeof x) && ct_is_secret(m.w[1], sizeof(int64_t)));
        zp_model_prover_free(mp2);
        zp_model_secret_free(sec, sl);
        zp_model_prover_free(mp);
        mark_model(&m, 0);
        CT_PUBLIC(x, sizeof x);
    }
    CHECK(memcmp(dg[0], dg[1], sizeof dg[0]) == 0);
    CHECK(memcmp(y[0], y[1], sizeof y[0]) == 0);
    CHECK(pf[0] && pf[1] && len[0] == len[1] && memcmp(pf[0], pf[1], len[0]) == 0);
    /* a weight one past the top of its range */
    int64_t keep = m.w[1][3];
    m.w[1][3] = (int64_t)1 << (cfg.weight_bits - 1);
    zp_rng r;
    zp_rng_init_u64(&r, s1);
    mark_model(&m, 1);
    zp_model_prover *bad = NULL;
    zp_err e = zp_model_commit_create(&bad, &cfg, &m, 2, &r);
    mark_model(&m, 0);
    CHECK(e == ZP_ERR_ARG && bad == NULL);
    m.w[1][3] = keep;
    zp_infer_proof_free(pf[0]);
    zp_infer_proof_free(pf[1]);
    zp_mlp_free(&m);
}
