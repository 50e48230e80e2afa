/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of momentum and MSE in the training-step proof (docs/spec/train-step.md
 * 2.6): the witness is exactly zp_trainer_step (weights and velocity), the
 * relation checker and the builder accept honest steps and reject cheats,
 * and runs carry the velocity through the chained commitments. */
// ZP_TEST_LAYER: zkml
#include "harness.h"
#include "field/gl.h"
#include "zkml/prove_train_internal.h"
#include "zkml/zkml_internal.h"

#define MOM_09 58982 /* 0.9 * 2^16 */

typedef struct {
    zp_train_config cfg;
    zp_mlp m;
    zp_fxdata ds;
    uint32_t idx[64];
    size_t n;
} tcase;

/* dims[L + 1], batch n; loss, mom_num; narrow: small formats (the momentum
 * range fits one 32-bit check); sa, sg: act and grad scales (0: default). */
typedef struct {
    const uint32_t *dims;
    unsigned L;
    size_t n;
    zp_loss loss;
    int64_t mom;
    int narrow;
    unsigned sa, sg;
} shape;

static void tcase_setup(tcase *c, const shape *s) {
    memset(c, 0, sizeof *c);
    CHECK_OK(zp_train_config_default(&c->cfg, s->dims, s->L));
    c->cfg.batch_size = (uint32_t)s->n;
    c->cfg.loss = s->loss;
    c->cfg.mom_num = s->mom;
    c->cfg.lr_num = (int64_t)(838861 / s->n);
    if (s->narrow) {
        c->cfg.act_bits = 12;
        c->cfg.grad_bits = 16;
        c->cfg.mom_num = 32768; /* 0.5 */
    }
    if (s->sa) c->cfg.act_scale = s->sa;
    if (s->sg) c->cfg.grad_scale = s->sg;
    CHECK_OK(zp_train_config_check(&c->cfg, NULL));
    CHECK_OK(zp_mlp_alloc(&c->m, &c->cfg));
    uint8_t seed[ZP_ZKML_SEED_BYTES];
    for (size_t i = 0; i < sizeof seed; i++) seed[i] = (uint8_t)test_rand_u64();
    CHECK_OK(zp_mlp_init_seeded(&c->m, &c->cfg, seed));
    for (unsigned l = 0; l < s->L; l++)
        for (size_t j = 0; j < s->dims[l + 1]; j++)
            c->m.b[l][j] = (int64_t)(test_rand_u64() % 20001) - 10000;
    const size_t N = 3 * s->n + 1;
    const int64_t xr = s->narrow ? 256 : 1024;
    c->ds.n = N;
    c->ds.n_features = s->dims[0];
    c->ds.x = malloc(N * s->dims[0] * sizeof(int64_t));
    c->ds.label = malloc(N * sizeof(int32_t));
    for (size_t i = 0; i < N * s->dims[0]; i++)
        c->ds.x[i] = (int64_t)(test_rand_u64() % (uint64_t)xr) - xr / 2;
    for (size_t i = 0; i < N; i++) c->ds.label[i] = (int32_t)(test_rand_u64() % s->dims[s->L]);
    c->n = s->n;
    CHECK_OK(zp_sampler_batch(seed, 0, (uint32_t)s->n, N, c->idx));
}

static void tcase_free(tcase *c) {
    zp_mlp_free(&c->m);
    free(c->ds.x);
    free(c->ds.label);
}

static void mlp_copy(zp_mlp *dst, const zp_mlp *src, const zp_train_config *cfg) {
    CHECK_OK(zp_mlp_alloc(dst, cfg));
    for (unsigned l = 0; l < cfg->n_layers; l++) {
        memcpy(dst->w[l], src->w[l], (size_t)cfg->dims[l] * cfg->dims[l + 1] * sizeof(int64_t));
        memcpy(dst->b[l], src->b[l], cfg->dims[l + 1] * sizeof(int64_t));
    }
}

/* The trainer's momentum buffers as an MLP-shaped view (not owned). */
static zp_mlp vel_view(const zp_trainer *t) {
    zp_mlp v;
    memset(&v, 0, sizeof v);
    v.n_layers = t->cfg.n_layers;
    for (unsigned l = 0; l <= v.n_layers; l++) v.dims[l] = t->cfg.dims[l];
    for (unsigned l = 0; l < v.n_layers; l++) {
        v.w[l] = t->mw[l];
        v.b[l] = t->mb[l];
    }
    return v;
}

static int same_mlp(const zp_mlp *a, const zp_mlp *b, const zp_train_config *cfg) {
    for (unsigned l = 0; l < cfg->n_layers; l++) {
        if (memcmp(a->w[l], b->w[l], (size_t)cfg->dims[l] * cfg->dims[l + 1] * sizeof(int64_t)))
            return 0;
        if (memcmp(a->b[l], b->b[l], cfg->dims[l + 1] * sizeof(int64_t))) return 0;
    }
    return 1;
}

/* A step t >= 0 of the trainer from c's model: the trainer runs `pre`
 * steps on other batches first (building a velocity), then the proven
 * step.  Out: W and velocity before (mb, vb, vb NULL when pre = 0 or no
 * momentum), the trainer's W and velocity after (ma, va). */
typedef struct {
    zp_mlp mb, vb, ma, va;
    int has_v;
} stepdata;

static void trainer_steps(stepdata *d, tcase *c, int pre) {
    memset(d, 0, sizeof *d);
    zp_trainer *t = NULL;
    CHECK_OK(zp_trainer_new(&t, &c->cfg));
    mlp_copy(&d->mb, &c->m, &c->cfg);
    uint32_t idx[64];
    for (int s = 0; s < pre; s++) {
        for (size_t r = 0; r < c->n; r++) idx[r] = (uint32_t)((c->idx[r] + 1 + s) % c->ds.n);
        CHECK_OK(zp_trainer_step(t, &d->mb, &c->ds, idx, c->n, NULL));
    }
    d->has_v = pre > 0 && c->cfg.mom_num;
    if (d->has_v) {
        zp_mlp v = vel_view(t);
        mlp_copy(&d->vb, &v, &c->cfg);
    }
    mlp_copy(&d->ma, &d->mb, &c->cfg);
    CHECK_OK(zp_trainer_step(t, &d->ma, &c->ds, c->idx, c->n, NULL));
    if (c->cfg.mom_num) {
        zp_mlp v = vel_view(t);
        mlp_copy(&d->va, &v, &c->cfg);
    }
    zp_trainer_free(t);
}

static void stepdata_free(stepdata *d) {
    zp_mlp_free(&d->mb);
    zp_mlp_free(&d->vb);
    zp_mlp_free(&d->ma);
    zp_mlp_free(&d->va);
}

/* Relation checker: the witness gives the trainer's W_after and velocity
 * bit for bit and satisfies every relation. */
static void honest_check(const shape *s, int pre) {
    tcase c;
    tcase_setup(&c, s);
    stepdata d;
    trainer_steps(&d, &c, pre);
    zp_mlp wa, va;
    CHECK_OK(zp_mlp_alloc(&wa, &c.cfg));
    CHECK_OK(zp_mlp_alloc(&va, &c.cfg));
    zp_train_wit *w = NULL;
    CHECK_OK(zp_train_wit_build_v(&w, &wa, c.cfg.mom_num ? &va : NULL, &c.cfg, &d.mb,
                                  d.has_v ? &d.vb : NULL, &c.ds, c.idx, c.n, ZP_TRAIN_HONEST));
    CHECK(same_mlp(&wa, &d.ma, &c.cfg));
    CHECK(!same_mlp(&wa, &d.mb, &c.cfg)); /* the step did something */
    if (c.cfg.mom_num) CHECK(same_mlp(&va, &d.va, &c.cfg));
    size_t failed = 0;
    CHECK_OK(zp_train_circuit_check(w, test_rand_u64(), &failed));
    zp_train_wit_free(w);
    zp_mlp_free(&wa);
    zp_mlp_free(&va);
    stepdata_free(&d);
    tcase_free(&c);
}

static const uint32_t D16[] = {16, 8, 4};
static const uint32_t D3L[] = {16, 8, 8, 4};
static const uint32_t DODD[] = {12, 6, 3};
static const uint32_t DREG[] = {10, 6, 1}; /* MSE regression-like: one output */

TEST(mom_circuit_first_step_16_8_4) {
    shape s = {D16, 2, 4, ZP_LOSS_SOFTMAX_CE, MOM_09, 0, 0, 0};
    honest_check(&s, 0);
}
TEST(mom_circuit_later_step_16_8_4) {
    shape s = {D16, 2, 4, ZP_LOSS_SOFTMAX_CE, MOM_09, 0, 0, 0};
    honest_check(&s, 3);
}
TEST(mom_circuit_three_layers_batch1) {
    shape s = {D3L, 3, 1, ZP_LOSS_SOFTMAX_CE, MOM_09, 0, 0, 0};
    honest_check(&s, 2);
}
TEST(mom_circuit_padded_dims_batch3) {
    shape s = {DODD, 2, 3, ZP_LOSS_SOFTMAX_CE, MOM_09, 0, 0, 0};
    honest_check(&s, 2);
}
/* momentum range within one 32-bit check (no limbs) */
TEST(mom_circuit_narrow_formats) {
    shape s = {D16, 2, 2, ZP_LOSS_SOFTMAX_CE, 0, 1, 0, 0};
    honest_check(&s, 2);
}
TEST(mse_circuit_16_8_4) {
    shape s = {D16, 2, 4, ZP_LOSS_MSE, 0, 0, 0, 0};
    honest_check(&s, 0);
}
TEST(mse_circuit_padded_one_output) {
    shape s = {DREG, 2, 3, ZP_LOSS_MSE, 0, 0, 0, 0};
    honest_check(&s, 0);
}
/* grad_scale < act_scale: the rounding division branch */
TEST(mse_circuit_rounding_branch) {
    shape s = {D16, 2, 4, ZP_LOSS_MSE, 0, 0, 12, 10};
    honest_check(&s, 0);
}
TEST(mse_circuit_with_momentum) {
    shape s = {DODD, 2, 3, ZP_LOSS_MSE, MOM_09, 0, 0, 0};
    honest_check(&s, 2);
}

static const shape S_MOM = {D16, 2, 4, ZP_LOSS_SOFTMAX_CE, MOM_09, 0, 0, 0};
static const shape S_MSE = {D16, 2, 4, ZP_LOSS_MSE, MOM_09, 0, 0, 0};

static zp_err tampered_check(const shape *s, int kind, size_t *failed) {
    tcase c;
    tcase_setup(&c, s);
    stepdata d;
    trainer_steps(&d, &c, 2);
    zp_train_wit *w = NULL;
    CHECK_OK(zp_train_wit_build_v(&w, NULL, NULL, &c.cfg, &d.mb, &d.vb, &c.ds, c.idx, c.n,
                                  kind));
    zp_err e = zp_train_circuit_check(w, 7, failed);
    zp_train_wit_free(w);
    stepdata_free(&d);
    tcase_free(&c);
    return e;
}

TEST(mom_circuit_cheats_caught) {
    size_t f_mom = 0, f_v = 0, f_lr = 0, f_g = 0;
    CHECK(tampered_check(&S_MOM, ZP_TRAIN_TAMPER_MOM, &f_mom) == ZP_ERR_VERIFY);
    CHECK(tampered_check(&S_MOM, ZP_TRAIN_TAMPER_VAFTER, &f_v) == ZP_ERR_VERIFY);
    CHECK(tampered_check(&S_MOM, ZP_TRAIN_TAMPER_LR, &f_lr) == ZP_ERR_VERIFY);
    CHECK(tampered_check(&S_MOM, ZP_TRAIN_TAMPER_WAFTER, &f_g) == ZP_ERR_VERIFY);
    /* the changed coefficient (last layer) is caught before the changed
     * velocity of layer 0, whose update comes last */
    CHECK(f_mom < f_v);
}

/* The checked update under momentum (docs/spec/train-step.md 2.6): W_after
 * [0][0] + 1 with Ru + 2^ush keeps the momentum update's zero-check and is
 * caught by Ru's range, in the relation checker and in the proof. */
TEST(mom_forged_remainder_caught) {
    size_t f_ru = 0;
    CHECK(tampered_check(&S_MOM, ZP_TRAIN_TAMPER_RU, &f_ru) == ZP_ERR_VERIFY);
    CHECK(f_ru != (size_t)-1);
}

TEST(mse_circuit_cheats_caught) {
    size_t f_t = 0, f_g = 0;
    CHECK(tampered_check(&S_MSE, ZP_TRAIN_TAMPER_TARGET, &f_t) == ZP_ERR_VERIFY);
    CHECK(tampered_check(&S_MSE, ZP_TRAIN_TAMPER_GRAD, &f_g) == ZP_ERR_VERIFY);
    CHECK(f_t != (size_t)-1 && f_g != (size_t)-1);
}

TEST(mse_dataset_targets_unsupported) {
    tcase c;
    shape s = S_MSE;
    tcase_setup(&c, &s);
    int64_t *tg = calloc(c.ds.n * 4, sizeof(int64_t));
    c.ds.targets = tg;
    zp_train_wit *w = NULL;
    CHECK(zp_train_wit_build(&w, NULL, &c.cfg, &c.m, &c.ds, c.idx, c.n, 0) ==
          ZP_ERR_UNSUPPORTED);
    CHECK(w == NULL);
    c.ds.targets = NULL;
    free(tg);
    tcase_free(&c);
}

/* ---- the builder backend ---- */

/* Proves step 1 of shape s (after pre trainer steps) with cheat kind and
 * verifies it; flip_v 1: the verifier flips the velocity flag, 2: its
 * config has mom_num + 1.  Returns the verifier's result. */
static zp_err prove_verify(const shape *s, int kind, int pre, int flip_v) {
    tcase c;
    tcase_setup(&c, s);
    stepdata d;
    trainer_steps(&d, &c, pre);
    zp_mlp wa, va;
    CHECK_OK(zp_mlp_alloc(&wa, &c.cfg));
    CHECK_OK(zp_mlp_alloc(&va, &c.cfg));
    uint8_t *pf = NULL;
    size_t len = 0;
    zp_rng r;
    zp_rng_init_u64(&r, 5);
    zp_err e = zp_train_step_prove_v(&pf, &len, &wa, c.cfg.mom_num ? &va : NULL, &c.cfg, &d.mb,
                                     d.has_v ? &d.vb : NULL, &c.ds, 1, c.idx, c.n, &r, kind);
    CHECK_OK(e);
    if (kind == ZP_TRAIN_HONEST) {
        CHECK(same_mlp(&wa, &d.ma, &c.cfg));
        if (c.cfg.mom_num) CHECK(same_mlp(&va, &d.va, &c.cfg));
    }
    if (flip_v == 2) c.cfg.mom_num += 1; /* the verifier's config differs */
    if (e == ZP_OK)
        e = zp_train_step_verify_v(&c.cfg, flip_v == 1 ? !d.has_v : d.has_v, 1, c.idx, c.n, pf,
                                   len);
    free(pf);
    zp_mlp_free(&wa);
    zp_mlp_free(&va);
    stepdata_free(&d);
    tcase_free(&c);
    return e;
}

TEST(mom_proof_honest_verifies) {
    CHECK_OK(prove_verify(&S_MOM, ZP_TRAIN_HONEST, 2, 0));
    CHECK_OK(prove_verify(&S_MOM, ZP_TRAIN_HONEST, 0, 0));
    /* the velocity flag is part of the statement */
    CHECK(prove_verify(&S_MOM, ZP_TRAIN_HONEST, 2, 1) == ZP_ERR_VERIFY);
}
TEST(mse_proof_honest_verifies) {
    shape s = {DODD, 2, 3, ZP_LOSS_MSE, 0, 0, 0, 0};
    CHECK_OK(prove_verify(&s, ZP_TRAIN_HONEST, 0, 0));
    CHECK_OK(prove_verify(&S_MSE, ZP_TRAIN_HONEST, 2, 0));
}
TEST(mom_proof_cheats_rejected) {
    CHECK(prove_verify(&S_MOM, ZP_TRAIN_TAMPER_MOM, 2, 0) == ZP_ERR_VERIFY);
    /* an honest proof checked against another momentum coefficient */
    CHECK(prove_verify(&S_MOM, ZP_TRAIN_HONEST, 2, 2) == ZP_ERR_VERIFY);
    CHECK(prove_verify(&S_MOM, ZP_TRAIN_TAMPER_VAFTER, 2, 0) == ZP_ERR_VERIFY);
}
TEST(mom_proof_forged_remainder_rejected) {
    CHECK(prove_verify(&S_MOM, ZP_TRAIN_TAMPER_RU, 2, 0) == ZP_ERR_VERIFY);
}
TEST(mse_proof_cheats_rejected) {
    CHECK(prove_verify(&S_MSE, ZP_TRAIN_TAMPER_TARGET, 2, 0) == ZP_ERR_VERIFY);
    CHECK(prove_verify(&S_MSE, ZP_TRAIN_TAMPER_GRAD, 2, 0) == ZP_ERR_VERIFY);
}

/* Zero knowledge (shape): two momentum proofs of different witnesses
 * (weights, velocity, records, batch) with the same shapes have the same
 * length. */
TEST(mom_proof_size_depends_on_shapes_only) {
    size_t len[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        tcase c;
        tcase_setup(&c, &S_MSE); /* fresh random weights and records */
        stepdata d;
        trainer_steps(&d, &c, 1 + k);
        uint8_t *pf = NULL;
        zp_rng r;
        zp_rng_init_u64(&r, 40 + (uint64_t)k);
        CHECK_OK(zp_train_step_prove_v(&pf, &len[k], NULL, NULL, &c.cfg, &d.mb, &d.vb, &c.ds, 1,
                                       c.idx, c.n, &r, ZP_TRAIN_HONEST));
        free(pf);
        stepdata_free(&d);
        tcase_free(&c);
    }
    CHECK(len[0] > 0 && len[0] == len[1]);
}

/* ---- training-state commitments ---- */

TEST(state_commitment_json_and_secret_roundtrip) {
    tcase c;
    tcase_setup(&c, &S_MOM);
    stepdata d;
    trainer_steps(&d, &c, 2);
    zp_rng r;
    zp_rng_init_u64(&r, 9);
    zp_model_prover *p = NULL, *q = NULL;
    CHECK_OK(zp_model_commit_create_v(&p, &c.cfg, &d.mb, &d.vb, 2, &r));
    const zp_model_commit *mc = zp_model_prover_public(p);
    CHECK(mc->lay.velocity == 1 && mc->lay.n_t == 4 * c.cfg.n_layers);
    char *js = NULL;
    size_t jl = 0;
    CHECK_OK(zp_model_commit_to_json(&js, &jl, mc));
    CHECK(js && strstr(js, "\"version\": 2") != NULL);
    zp_model_commit *back = NULL;
    CHECK_OK(zp_model_commit_from_json(&back, NULL, js, jl));
    CHECK(back && back->lay.velocity == 1 && !memcmp(back->digest, mc->digest, 32));
    /* the same weights without velocity: another digest, version 1 */
    CHECK_OK(zp_model_commit_create(&q, &c.cfg, &d.mb, 2, &r));
    CHECK(memcmp(zp_model_prover_public(q)->digest, mc->digest, 32) != 0);
    CHECK(zp_model_prover_public(q)->lay.velocity == 0);
    uint8_t *sec = NULL;
    size_t sl = 0;
    CHECK_OK(zp_model_secret_export(&sec, &sl, p));
    zp_model_prover *p2 = NULL;
    CHECK_OK(zp_model_prover_load(&p2, NULL, back, sec, sl));
    CHECK(p2 && same_mlp(&p2->v, &d.vb, &c.cfg) && same_mlp(&p2->m, &d.mb, &c.cfg));
    /* a JSON claiming version 1 for a state layout fails (digest / n_vars) */
    char *v1 = strstr(js, "\"version\": 2");
    if (v1) v1[11] = '1';
    zp_model_commit *bad = NULL;
    CHECK(zp_model_commit_from_json(&bad, NULL, js, jl) != ZP_OK);
    zp_model_secret_free(sec, sl);
    zp_model_prover_free(p2);
    zp_model_commit_free(back);
    free(js);
    zp_model_prover_free(p);
    zp_model_prover_free(q);
    stepdata_free(&d);
    tcase_free(&c);
}

/* ---- runs ---- */

static void run_case(const shape *s, unsigned steps) {
    tcase c;
    tcase_setup(&c, s);
    c.cfg.steps = steps;
    uint8_t dsd[32];
    for (size_t i = 0; i < 32; i++) dsd[i] = (uint8_t)test_rand_u64();
    zp_rng r;
    zp_rng_init_u64(&r, 21);
    uint8_t *run = NULL;
    size_t len = 0;
    zp_model_prover *fin = NULL;
    CHECK_OK(zp_train_run_prove(&run, &len, &fin, &c.cfg, &c.m, &c.ds,
                                (const uint8_t (*)[32])dsd, 1, 2, 2, 1, NULL, NULL, &r));
    zp_run_info info;
    char err[ZP_ZKML_ERR_BYTES] = "";
    zp_err e = zp_train_run_verify(&info, NULL, err, &c.cfg, &c.m, (const uint8_t (*)[32])dsd,
                                   1, c.ds.n, run, len);
    CHECK_OK(e);
    if (e != ZP_OK) fprintf(stderr, "run: %s\n", err);
    /* the released model is the trainer's after the run's batches */
    zp_train_config tc = c.cfg;
    memcpy(tc.sampler_seed, info.sampler_seed, sizeof tc.sampler_seed);
    zp_trainer *t = NULL;
    CHECK_OK(zp_trainer_new(&t, &tc));
    zp_mlp m;
    mlp_copy(&m, &c.m, &c.cfg);
    CHECK_OK(zp_train_run(t, &m, &c.ds, 0, steps, NULL));
    CHECK(fin && same_mlp(zp_model_prover_mlp(fin), &m, &c.cfg));
    CHECK(fin && fin->pub.lay.velocity == 0);
    zp_trainer_free(t);
    zp_mlp_free(&m);
    zp_model_prover_free(fin);
    free(run);
    tcase_free(&c);
}

TEST(run_momentum_verifies_and_matches_trainer) { run_case(&S_MOM, 3); }
TEST(run_mse_momentum_verifies_and_matches_trainer) {
    shape s = {DODD, 2, 3, ZP_LOSS_MSE, MOM_09, 0, 0, 0};
    run_case(&s, 2);
}

/* Two linked steps by hand: C_0 (weights), C_1 (weights + M_1), C_2.
 * step 0 is honest except with cheat 3; 1: step 1 runs on another
 * velocity than C_1's; 2: a
 * C_1 without velocity (a reset): the prover refuses step 1 from it, and
 * the verifier refuses step 1's proof against it; 3: step 0 writes a
 * wrong M_1 into C_1 (its own proof fails).  Returns the verification
 * result of the cheated step. */
static zp_err linked_case(int cheat) {
    tcase c;
    tcase_setup(&c, &S_MOM);
    zp_trainer *t = NULL;
    CHECK_OK(zp_trainer_new(&t, &c.cfg));
    zp_mlp w0, w1, w2;
    mlp_copy(&w0, &c.m, &c.cfg);
    mlp_copy(&w1, &c.m, &c.cfg);
    uint32_t idx1[64];
    for (size_t r = 0; r < c.n; r++) idx1[r] = (uint32_t)((c.idx[r] + 1) % c.ds.n);
    CHECK_OK(zp_trainer_step(t, &w1, &c.ds, c.idx, c.n, NULL));
    zp_mlp v1v = vel_view(t), v1;
    mlp_copy(&v1, &v1v, &c.cfg);
    if (cheat == 3) v1.w[0][0] += 1;
    mlp_copy(&w2, &w1, &c.cfg);
    CHECK_OK(zp_trainer_step(t, &w2, &c.ds, idx1, c.n, NULL));
    zp_rng r;
    zp_rng_init_u64(&r, 33);
    zp_model_prover *P0 = NULL, *P1 = NULL, *P2 = NULL;
    CHECK_OK(zp_model_commit_create(&P0, &c.cfg, &w0, 2, &r));
    CHECK_OK(zp_model_commit_create_v(&P1, &c.cfg, &w1, &v1, 2, &r));
    CHECK_OK(zp_model_commit_create(&P2, &c.cfg, &w2, 2, &r));
    uint8_t *p0 = NULL, *p1 = NULL;
    size_t l0 = 0, l1 = 0;
    zp_err e0 = zp_train_step_prove_linked_v(&p0, &l0, &c.cfg, P0, 1, P1, 0, &c.ds, 0, c.idx,
                                             c.n, &r, cheat == 3 ? ZP_TRAIN_TAMPER_VAFTER : 0,
                                             NULL, NULL);
    CHECK_OK(e0);
    if (e0 == ZP_OK)
        e0 = zp_train_step_verify_linked(&c.cfg, zp_model_prover_public(P0), 1,
                                         zp_model_prover_public(P1), 0, 0, c.idx, c.n, p0, l0);
    zp_mlp vo;
    mlp_copy(&vo, &v1, &c.cfg);
    vo.b[1][0] += 3;
    zp_err e1 = zp_train_step_prove_linked_v(&p1, &l1, &c.cfg, P1, 1, P2, 0, &c.ds, 1, idx1, c.n,
                                             &r, cheat == 1 ? ZP_TRAIN_TAMPER_BEFORE : 0, NULL,
                                             cheat == 1 ? &vo : NULL);
    const zp_model_commit *c1 = zp_model_prover_public(P1);
    zp_model_prover *P1b = NULL;
    if (cheat == 2) {
        /* the same weights without velocity */
        CHECK_OK(zp_model_commit_create(&P1b, &c.cfg, &w1, 2, &r));
        uint8_t *px = NULL;
        size_t lx = 0;
        CHECK(zp_train_step_prove_linked_v(&px, &lx, &c.cfg, P1b, 1, P2, 1, &c.ds, 1, idx1,
                                           c.n, &r, 0, NULL, NULL) == ZP_ERR_ARG);
        CHECK(px == NULL);
        c1 = zp_model_prover_public(P1b);
    }
    if (e1 == ZP_OK)
        e1 = zp_train_step_verify_linked(&c.cfg, c1, 1, zp_model_prover_public(P2), 0, 1, idx1,
                                         c.n, p1, l1);
    zp_model_prover_free(P1b);
    if (cheat != 3) CHECK_OK(e0); /* the honest step verifies */
    zp_err res = cheat == 3 ? e0 : e1;
    free(p0);
    free(p1);
    zp_model_prover_free(P0);
    zp_model_prover_free(P1);
    zp_model_prover_free(P2);
    zp_mlp_free(&w0);
    zp_mlp_free(&w1);
    zp_mlp_free(&w2);
    zp_mlp_free(&v1);
    zp_mlp_free(&vo);
    zp_trainer_free(t);
    tcase_free(&c);
    return res;
}

TEST(linked_step_from_other_velocity_rejected) {
    CHECK(linked_case(1) == ZP_ERR_VERIFY);
}
TEST(linked_velocity_reset_rejected) { CHECK(linked_case(2) == ZP_ERR_VERIFY); }
TEST(linked_wrong_velocity_written_rejected) { CHECK(linked_case(3) == ZP_ERR_VERIFY); }
