/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Constant-time check (valgrind) of the training-step prover: secret records, labels, weights and randomness. */
#include <stdlib.h>
#include <string.h>

#include "ctime.h"
#include "zkml/zkml_internal.h"

/*
 * zp_train_step_prove on a 16-8-4 model and a batch of 2 (the code paths
 * of larger steps are the same, their sizes public): witness generation
 * (forward pass, softmax by table scan, backward pass, SGD update with
 * proven rounding), the builder's commitments, products, zero-checks and
 * lookups.  The batch indices and the configuration are public; the
 * dataset's values and labels, the weights and the rng key are secret.
 * Run with tests/ctime/var.supp: reports are accepted only inside the
 * `*_var` multiplicity counts.
 */

CT_REQUIRE_VALGRIND()

#define L 2
#define NB 2
#define NREC 7
static const uint32_t dims[L + 1] = {16, 8, 4};

typedef struct {
    zp_train_config cfg;
    zp_mlp m;
    zp_fxdata ds;
    uint32_t idx[NB];
} tcase;

static void setup(tcase *c) {
    memset(c, 0, sizeof *c);
    CHECK_OK(zp_train_config_default(&c->cfg, dims, L));
    c->cfg.batch_size = NB;
    c->cfg.lr_num = 419430;
    CHECK_OK(zp_train_config_check(&c->cfg, NULL));
    CHECK_OK(zp_mlp_alloc(&c->m, &c->cfg));
    uint8_t seed[ZP_ZKML_SEED_BYTES];
    for (size_t i = 0; i < sizeof seed; i++) seed[i] = (uint8_t)test_rand_u64();
    CHECK_OK(zp_mlp_init_seeded(&c->m, &c->cfg, seed));
    for (unsigned l = 0; l < L; l++)
        for (size_t j = 0; j < dims[l + 1]; j++)
            c->m.b[l][j] = (int64_t)(test_rand_u64() % 2001) - 1000;
    c->ds.n = NREC;
    c->ds.n_features = dims[0];
    c->ds.x = malloc(NREC * dims[0] * sizeof(int64_t));
    c->ds.label = malloc(NREC * sizeof(int32_t));
    CHECK(c->ds.x && c->ds.label);
    for (size_t i = 0; c->ds.x && i < NREC * dims[0]; i++)
        c->ds.x[i] = (int64_t)(test_rand_u64() % 1024) - 512;
    for (size_t i = 0; c->ds.label && i < NREC; i++)
        c->ds.label[i] = (int32_t)(test_rand_u64() % dims[L]);
    CHECK_OK(zp_sampler_batch(seed, 0, NB, NREC, c->idx));
}

static void teardown(tcase *c) {
    zp_mlp_free(&c->m);
    free(c->ds.x);
    free(c->ds.label);
}

static void mark(tcase *c, zp_rng *r, int secret) {
#define MARK(p, n)                                                          \
    do {                                                                    \
        if (secret) CT_SECRET((p), (n));                                    \
        else CT_PUBLIC((p), (n));                                           \
    } while (0)
    MARK(c->ds.x, NREC * dims[0] * sizeof(int64_t));
    MARK(c->ds.label, NREC * sizeof(int32_t));
    for (unsigned l = 0; l < L; l++) {
        MARK(c->m.w[l], (size_t)dims[l] * dims[l + 1] * sizeof(int64_t));
        MARK(c->m.b[l], dims[l + 1] * sizeof(int64_t));
    }
    if (r) MARK(r->key, sizeof r->key);
#undef MARK
}

static int mlp_eq(const zp_mlp *a, const zp_mlp *b) {
    int eq = 1;
    for (unsigned l = 0; l < L; l++) {
        eq &= memcmp(a->w[l], b->w[l], (size_t)dims[l] * dims[l + 1] * sizeof(int64_t)) == 0;
        eq &= memcmp(a->b[l], b->b[l], dims[l + 1] * sizeof(int64_t)) == 0;
    }
    return eq;
}

TEST(ct_train_step) {
    tcase c;
    setup(&c);
    if (!c.ds.x || !c.ds.label) {
        teardown(&c);
        return;
    }
    uint64_t rs = test_rand_u64();
    zp_mlp aw, ag;
    CHECK_OK(zp_mlp_alloc(&aw, &c.cfg));
    CHECK_OK(zp_mlp_alloc(&ag, &c.cfg));
    uint8_t *pw = NULL, *pg = NULL;
    size_t lw = 0, lg = 0;
    zp_rng r;
    zp_rng_init_u64(&r, rs);
    CHECK_OK(zp_train_step_prove(&pw, &lw, &aw, &c.cfg, &c.m, &c.ds, 3, c.idx, NB, &r));

    zp_rng_init_u64(&r, rs);
    mark(&c, &r, 1);
    zp_err e = zp_train_step_prove(&pg, &lg, &ag, &c.cfg, &c.m, &c.ds, 3, c.idx, NB, &r);
    CHECK(ct_is_secret(c.ds.x, NREC * dims[0] * sizeof(int64_t)) &&
          ct_is_secret(c.ds.label, NREC * sizeof(int32_t)) &&
          ct_is_secret(c.m.w[1], sizeof(int64_t)) && ct_is_secret(r.key, sizeof r.key));
    /* the new weights are as secret as the old ones */
    CHECK(ct_is_secret(ag.w[0], (size_t)dims[0] * dims[1] * sizeof(int64_t)));
    CT_PUBLIC(&e, sizeof e);
    mark(&c, &r, 0);
    for (unsigned l = 0; l < L; l++) {
        CT_PUBLIC(ag.w[l], (size_t)dims[l] * dims[l + 1] * sizeof(int64_t));
        CT_PUBLIC(ag.b[l], dims[l + 1] * sizeof(int64_t));
    }
    CHECK_OK(e);
    CHECK(pg != NULL && lg == lw && memcmp(pg, pw, lg) == 0);
    CHECK(mlp_eq(&ag, &aw));
    CHECK_OK(zp_train_step_verify(&c.cfg, 3, c.idx, NB, pg, lg));
    zp_train_proof_free(pw);
    zp_train_proof_free(pg);
    zp_mlp_free(&aw);
    zp_mlp_free(&ag);
    teardown(&c);
}

/* A record's label or value out of range is refused; the refusal is the
 * one declassified bit. */
TEST(ct_train_bad_record_refused) {
    tcase c;
    setup(&c);
    if (!c.ds.x || !c.ds.label) {
        teardown(&c);
        return;
    }
    for (int kind = 0; kind < 3; kind++) {
        tcase d = c;
        int32_t lab[NREC];
        int64_t *x = malloc(NREC * dims[0] * sizeof(int64_t));
        CHECK(x != NULL);
        if (!x) break;
        memcpy(lab, c.ds.label, sizeof lab);
        memcpy(x, c.ds.x, NREC * dims[0] * sizeof(int64_t));
        d.ds.label = lab;
        d.ds.x = x;
        uint32_t rec = c.idx[1];
        if (kind == 0) lab[rec] = (int32_t)dims[L];   /* one past the classes */
        if (kind == 1) lab[rec] = -1;
        if (kind == 2) x[rec * dims[0] + 3] = (int64_t)1 << (c.cfg.act_bits - 1);
        zp_rng r;
        zp_rng_init_u64(&r, test_rand_u64());
        mark(&d, &r, 1);
        uint8_t *pf = NULL;
        size_t len = 0;
        zp_err e = zp_train_step_prove(&pf, &len, NULL, &d.cfg, &d.m, &d.ds, 0, d.idx, NB, &r);
        mark(&d, &r, 0);
        CHECK(e == ZP_ERR_ARG && pf == NULL);
        free(x);
    }
    teardown(&c);
}
