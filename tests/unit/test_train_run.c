/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of run proofs (src/zkml/train_run.c, docs/formats/run.md): a 3-step
 * run verifies; dropped, replayed, moved and spliced steps, a changed final
 * model, a changed batch and a step that does not start from C_t's weights
 * are rejected. */
// ZP_TEST_LAYER: zkml
#include "harness.h"
#include "zkml/prove_train_internal.h"
#include "zkml/zkml_internal.h"

static const uint32_t DIMS[] = {16, 8, 4};
#define T_STEPS 3
#define NREC 13
#define BATCH 4

typedef struct {
    zp_train_config cfg;
    zp_mlp base;
    zp_fxdata ds;
    uint8_t dsd[2][32];
    uint8_t *run, *run_b; /* two runs of the same statement, other randomness */
    size_t len, len_b;
    zp_model_prover *fin;
} fixture;

static fixture F;
static int F_ready;

static void setup(void) {
    if (F_ready) return;
    F_ready = 1;
    CHECK_OK(zp_train_config_default(&F.cfg, DIMS, 2));
    F.cfg.batch_size = BATCH;
    F.cfg.lr_num = 209715;
    F.cfg.steps = T_STEPS;
    CHECK_OK(zp_train_config_check(&F.cfg, NULL));
    CHECK_OK(zp_mlp_alloc(&F.base, &F.cfg));
    uint8_t seed[ZP_ZKML_SEED_BYTES];
    for (size_t i = 0; i < sizeof seed; i++) seed[i] = (uint8_t)(i * 7 + 1);
    CHECK_OK(zp_mlp_init_seeded(&F.base, &F.cfg, seed));
    F.ds.n = NREC;
    F.ds.n_features = DIMS[0];
    F.ds.x = malloc(NREC * DIMS[0] * sizeof(int64_t));
    F.ds.label = malloc(NREC * sizeof(int32_t));
    for (size_t i = 0; i < NREC * DIMS[0]; i++)
        F.ds.x[i] = (int64_t)(test_rand_u64() % 1024) - 512;
    for (size_t i = 0; i < NREC; i++) F.ds.label[i] = (int32_t)(test_rand_u64() % DIMS[2]);
    for (size_t i = 0; i < 32; i++) {
        F.dsd[0][i] = (uint8_t)test_rand_u64();
        F.dsd[1][i] = (uint8_t)test_rand_u64();
    }
    zp_rng r;
    zp_rng_init_u64(&r, 11);
    CHECK_OK(zp_train_run_prove(&F.run, &F.len, &F.fin, &F.cfg, &F.base, &F.ds,
                                (const uint8_t (*)[32])F.dsd, 2, 2, 2, 1, NULL, NULL, &r));
    zp_rng_init_u64(&r, 12);
    CHECK_OK(zp_train_run_prove(&F.run_b, &F.len_b, NULL, &F.cfg, &F.base, &F.ds,
                                (const uint8_t (*)[32])F.dsd, 2, 2, 2, 1, NULL, NULL, &r));
}

static char last_err[ZP_ZKML_ERR_BYTES];

static zp_err verify(const zp_train_config *cfg, const uint8_t *run, size_t len) {
    return zp_train_run_verify(NULL, NULL, last_err, cfg, NULL, (const uint8_t (*)[32])F.dsd, 2,
                               NREC, run, len);
}

/* the last rejection was by the proof of step t */
static int rejected_at(int t) {
    char want[64];
    snprintf(want, sizeof want, "step %d does not verify", t);
    return strstr(last_err, want) != NULL;
}

/* A run file cut into its parts (docs/formats/run.md). */
typedef struct {
    const uint8_t *hdr;
    size_t hdr_len; /* up to and including T */
    const uint8_t *c[T_STEPS + 1];
    size_t c_len[T_STEPS + 1];
    const uint8_t *bsec; /* the revealed base secret, with its length */
    size_t bsec_len;
    const uint8_t *p[T_STEPS];
    size_t p_len[T_STEPS];
} parts;

static void split(parts *s, const uint8_t *run, size_t len) {
    size_t pos = 8 + 4 + 32 + 4 + 2 * 32 + 8 + 4 + 8;
    CHECK(len > pos);
    s->hdr = run;
    s->hdr_len = pos;
    for (int t = 0; t <= T_STEPS; t++) {
        size_t l = zp_load32_le(run + pos);
        s->c[t] = run + pos;
        s->c_len[t] = 4 + l;
        pos += 4 + l;
    }
    s->bsec = run + pos;
    s->bsec_len = 4 + zp_load32_le(run + pos);
    pos += s->bsec_len;
    for (int t = 0; t < T_STEPS; t++) {
        size_t l = (size_t)zp_load64_le(run + pos);
        s->p[t] = run + pos;
        s->p_len[t] = 8 + l;
        pos += 8 + l;
    }
    CHECK(pos == len);
}

/* Reassembles commitments cs[nc] and proofs ps[np] (pointers into parts),
 * with the step count T = np. */
static uint8_t *join(size_t *len, const parts *h, const uint8_t *const *cs, const size_t *cl,
                     size_t nc, const uint8_t *const *ps, const size_t *pl, size_t np) {
    size_t n = h->hdr_len;
    for (size_t i = 0; i < nc; i++) n += cl[i];
    for (size_t i = 0; i < np; i++) n += pl[i];
    n += h->bsec_len;
    uint8_t *o = malloc(n), *w = o;
    memcpy(w, h->hdr, h->hdr_len);
    zp_store64_le(w + h->hdr_len - 8, np);
    w += h->hdr_len;
    for (size_t i = 0; i < nc; i++) { memcpy(w, cs[i], cl[i]); w += cl[i]; }
    memcpy(w, h->bsec, h->bsec_len);
    w += h->bsec_len;
    for (size_t i = 0; i < np; i++) { memcpy(w, ps[i], pl[i]); w += pl[i]; }
    *len = n;
    return o;
}

TEST(run_three_steps_verifies) {
    setup();
    zp_run_info info;
    zp_model_commit *fin = NULL;
    char err[ZP_ZKML_ERR_BYTES];
    CHECK_OK(zp_train_run_verify(&info, &fin, err, &F.cfg, &F.base, (const uint8_t (*)[32])F.dsd, 2,
                                 NREC, F.run, F.len));
    CHECK(info.n_steps == T_STEPS);
    CHECK(info.base_checked == 1);
    uint8_t d[32], d2[32];
    zp_model_commit_info(fin, d, NULL, NULL);
    zp_model_commit_info(zp_model_prover_public(F.fin), d2, NULL, NULL);
    CHECK(memcmp(d, d2, 32) == 0 && memcmp(info.final_digest, d, 32) == 0);
    CHECK(memcmp(info.base_digest, d, 32) != 0);
    /* the final model is the plain trainer's on the recomputed batches */
    zp_mlp m;
    CHECK_OK(zp_mlp_alloc(&m, &F.cfg));
    for (unsigned l = 0; l < 2; l++) {
        memcpy(m.w[l], F.base.w[l], (size_t)DIMS[l] * DIMS[l + 1] * sizeof(int64_t));
        memcpy(m.b[l], F.base.b[l], DIMS[l + 1] * sizeof(int64_t));
    }
    zp_trainer *tr = NULL;
    CHECK_OK(zp_trainer_new(&tr, &F.cfg));
    uint32_t idx[BATCH];
    for (uint64_t t = 0; t < T_STEPS; t++) {
        CHECK_OK(zp_sampler_batch(info.sampler_seed, t, BATCH, NREC, idx));
        CHECK_OK(zp_trainer_step(tr, &m, &F.ds, idx, BATCH, NULL));
    }
    const zp_mlp *fm = zp_model_prover_mlp(F.fin);
    for (unsigned l = 0; l < 2; l++)
        CHECK(memcmp(fm->w[l], m.w[l], (size_t)DIMS[l] * DIMS[l + 1] * sizeof(int64_t)) == 0);
    /* index 0 of the released model is used by the run: answers start at 1 */
    CHECK(zp_model_prover_next_index(F.fin) == 1);
    zp_trainer_free(tr);
    zp_mlp_free(&m);
    zp_model_commit_free(fin);
    /* the other run verifies too and is a different file */
    CHECK_OK(verify(&F.cfg, F.run_b, F.len_b));
    CHECK(F.len != F.len_b || memcmp(F.run, F.run_b, F.len) != 0);
}

TEST(run_statement_mismatch_rejected) {
    setup();
    zp_train_config c2 = F.cfg;
    c2.lr_num += 1;
    CHECK(verify(&c2, F.run, F.len) == ZP_ERR_VERIFY);
    uint8_t other[2][32];
    memcpy(other, F.dsd, sizeof other);
    other[1][5] ^= 1;
    CHECK(zp_train_run_verify(NULL, NULL, NULL, &F.cfg, NULL, (const uint8_t (*)[32])other, 2, NREC,
                              F.run, F.len) == ZP_ERR_VERIFY);
    CHECK(zp_train_run_verify(NULL, NULL, NULL, &F.cfg, NULL, (const uint8_t (*)[32])F.dsd, 2,
                              NREC + 1, F.run, F.len) == ZP_ERR_VERIFY);
    CHECK(verify(&F.cfg, F.run, F.len - 1) != ZP_OK);
}

TEST(run_dropped_step_rejected) {
    setup();
    parts s;
    split(&s, F.run, F.len);
    /* drop step 1 and C_2: a 2-step run C_0, C_1, C_3 with steps 0 and 2 */
    zp_train_config c2 = F.cfg;
    c2.steps = 2;
    const uint8_t *cs[3] = {s.c[0], s.c[1], s.c[3]};
    size_t cl[3] = {s.c_len[0], s.c_len[1], s.c_len[3]};
    const uint8_t *ps[2] = {s.p[0], s.p[2]};
    size_t pl[2] = {s.p_len[0], s.p_len[2]};
    size_t len;
    uint8_t *r = join(&len, &s, cs, cl, 3, ps, pl, 2);
    /* the config digest changed with the step count: patch it to c2's so
     * that only the chain can catch the drop */
    zp_train_config_digest(r + 12, &c2);
    CHECK(verify(&c2, r, len) == ZP_ERR_VERIFY);
    /* the step count is in the config digest, hence in the sampler seed:
     * every batch changes and step 0 already fails */
    CHECK(rejected_at(0));
    /* with the original config the short file is refused outright */
    zp_train_config_digest(r + 12, &F.cfg);
    CHECK(verify(&F.cfg, r, len) == ZP_ERR_VERIFY);
    /* the step dropped but its slot kept (step 2's proof twice, C_2 gone):
     * caught by the chain at step 1 */
    free(r);
    const uint8_t *cs4[4] = {s.c[0], s.c[1], s.c[3], s.c[3]};
    size_t cl4[4] = {s.c_len[0], s.c_len[1], s.c_len[3], s.c_len[3]};
    const uint8_t *ps3[3] = {s.p[0], s.p[2], s.p[2]};
    size_t pl3[3] = {s.p_len[0], s.p_len[2], s.p_len[2]};
    r = join(&len, &s, cs4, cl4, 4, ps3, pl3, 3);
    CHECK(verify(&F.cfg, r, len) == ZP_ERR_VERIFY);
    CHECK(rejected_at(1));
    free(r);
    /* the honest parts reassemble to a verifying file (the test's
     * plumbing is right) */
    r = join(&len, &s, s.c, s.c_len, 4, s.p, s.p_len, 3);
    CHECK_OK(verify(&F.cfg, r, len));
    free(r);
}

TEST(run_replayed_and_moved_steps_rejected) {
    setup();
    parts s;
    split(&s, F.run, F.len);
    size_t len;
    const uint8_t *ps[3] = {s.p[0], s.p[0], s.p[2]}; /* step 0 replayed as step 1 */
    size_t pl[3] = {s.p_len[0], s.p_len[0], s.p_len[2]};
    uint8_t *r = join(&len, &s, s.c, s.c_len, 4, ps, pl, 3);
    CHECK(verify(&F.cfg, r, len) == ZP_ERR_VERIFY);
    CHECK(rejected_at(1));
    free(r);
    const uint8_t *pm[3] = {s.p[0], s.p[2], s.p[1]}; /* steps 1 and 2 swapped */
    size_t pml[3] = {s.p_len[0], s.p_len[2], s.p_len[1]};
    const uint8_t *cm[4] = {s.c[0], s.c[1], s.c[3], s.c[2]};
    size_t cml[4] = {s.c_len[0], s.c_len[1], s.c_len[3], s.c_len[2]};
    r = join(&len, &s, s.c, s.c_len, 4, pm, pml, 3);
    CHECK(verify(&F.cfg, r, len) == ZP_ERR_VERIFY);
    free(r);
    r = join(&len, &s, cm, cml, 4, pm, pml, 3); /* with their commitments */
    CHECK(verify(&F.cfg, r, len) == ZP_ERR_VERIFY);
    CHECK(rejected_at(1));
    free(r);
}

TEST(run_spliced_step_from_other_run_rejected) {
    setup();
    parts s, b;
    split(&s, F.run, F.len);
    split(&b, F.run_b, F.len_b);
    size_t len;
    const uint8_t *ps[3] = {s.p[0], b.p[1], s.p[2]};
    size_t pl[3] = {s.p_len[0], b.p_len[1], s.p_len[2]};
    uint8_t *r = join(&len, &s, s.c, s.c_len, 4, ps, pl, 3);
    CHECK(verify(&F.cfg, r, len) == ZP_ERR_VERIFY);
    free(r);
    /* with the other run's C_2 as well */
    const uint8_t *cs[4] = {s.c[0], s.c[1], b.c[2], s.c[3]};
    size_t cl[4] = {s.c_len[0], s.c_len[1], b.c_len[2], s.c_len[3]};
    r = join(&len, &s, cs, cl, 4, ps, pl, 3);
    CHECK(verify(&F.cfg, r, len) == ZP_ERR_VERIFY);
    CHECK(rejected_at(1));
    free(r);
    /* the other run's final part (C_3 and the last proof) */
    const uint8_t *cf[4] = {s.c[0], s.c[1], s.c[2], b.c[3]};
    size_t cfl[4] = {s.c_len[0], s.c_len[1], s.c_len[2], b.c_len[3]};
    const uint8_t *pf[3] = {s.p[0], s.p[1], b.p[2]};
    size_t pfl[3] = {s.p_len[0], s.p_len[1], b.p_len[2]};
    r = join(&len, &s, cf, cfl, 4, pf, pfl, 3);
    CHECK(verify(&F.cfg, r, len) == ZP_ERR_VERIFY);
    CHECK(rejected_at(2));
    free(r);
}

/* The last step re-proven against a commitment C_T' of other weights: with
 * the honest step's W_after changed in one weight (a cheating prover), or
 * computed on a batch with one index changed (an honest proof of another
 * statement).  Returns the verifier's answer on the spliced file. */
static zp_err replace_last(int cheat) {
    parts s;
    split(&s, F.run, F.len);
    zp_run_info info;
    CHECK_OK(zp_train_run_verify(&info, NULL, NULL, &F.cfg, NULL, (const uint8_t (*)[32])F.dsd, 2,
                                 NREC, F.run, F.len));
    /* W_{T-1}: the plain trainer's */
    zp_mlp m, nxt;
    CHECK_OK(zp_mlp_alloc(&m, &F.cfg));
    CHECK_OK(zp_mlp_alloc(&nxt, &F.cfg));
    for (unsigned l = 0; l < 2; l++) {
        memcpy(m.w[l], F.base.w[l], (size_t)DIMS[l] * DIMS[l + 1] * sizeof(int64_t));
        memcpy(m.b[l], F.base.b[l], DIMS[l + 1] * sizeof(int64_t));
    }
    zp_trainer *tr = NULL;
    CHECK_OK(zp_trainer_new(&tr, &F.cfg));
    uint32_t idx[BATCH];
    for (uint64_t t = 0; t + 1 < T_STEPS; t++) {
        CHECK_OK(zp_sampler_batch(info.sampler_seed, t, BATCH, NREC, idx));
        CHECK_OK(zp_trainer_step(tr, &m, &F.ds, idx, BATCH, NULL));
    }
    CHECK_OK(zp_sampler_batch(info.sampler_seed, T_STEPS - 1, BATCH, NREC, idx));
    if (cheat == 1) {
        /* another record, not in the batch */
        uint32_t v = idx[0];
        for (;;) {
            v = (v + 1) % NREC;
            int in = 0;
            for (int i = 0; i < BATCH; i++) in |= idx[i] == v;
            if (!in) break;
        }
        idx[0] = v;
    }
    for (unsigned l = 0; l < 2; l++) {
        memcpy(nxt.w[l], m.w[l], (size_t)DIMS[l] * DIMS[l + 1] * sizeof(int64_t));
        memcpy(nxt.b[l], m.b[l], DIMS[l + 1] * sizeof(int64_t));
    }
    CHECK_OK(zp_trainer_step(tr, &nxt, &F.ds, idx, BATCH, NULL));
    if (cheat == 0) nxt.w[1][3] += 1;
    zp_rng r;
    zp_rng_init_u64(&r, 99);
    zp_model_prover *mp = NULL, *bp = NULL;
    CHECK_OK(zp_model_commit_create(&mp, &F.cfg, &nxt, 2, &r));
    /* the run's C_{T-1} has no prover here: a fresh commitment to the same
     * W_{T-1} (another digest, so the run rejects the step by its binding) */
    CHECK_OK(zp_model_commit_create(&bp, &F.cfg, &m, 2, &r));
    uint8_t *p = NULL;
    size_t pl = 0;
    zp_err pe = zp_train_step_prove_linked_ex(&p, &pl, &F.cfg, bp, 1, mp, 0, &F.ds,
                                              T_STEPS - 1, idx, BATCH, &r,
                                              cheat == 0 ? ZP_TRAIN_TAMPER_WAFTER
                                                         : ZP_TRAIN_HONEST,
                                              &m);
    zp_err e = ZP_ERR_INTERNAL;
    if (pe == ZP_OK) {
        char *js = NULL;
        size_t jl = 0;
        CHECK_OK(zp_model_commit_to_json(&js, &jl, zp_model_prover_public(mp)));
        uint8_t *cbuf = malloc(4 + jl), *pbuf = malloc(8 + pl);
        zp_store32_le(cbuf, (uint32_t)jl);
        memcpy(cbuf + 4, js, jl);
        zp_store64_le(pbuf, pl);
        memcpy(pbuf + 8, p, pl);
        const uint8_t *cs[4] = {s.c[0], s.c[1], s.c[2], cbuf};
        size_t cl[4] = {s.c_len[0], s.c_len[1], s.c_len[2], 4 + jl};
        const uint8_t *ps[3] = {s.p[0], s.p[1], pbuf};
        size_t pls[3] = {s.p_len[0], s.p_len[1], 8 + pl};
        size_t len;
        uint8_t *run = join(&len, &s, cs, cl, 4, ps, pls, 3);
        e = verify(&F.cfg, run, len);
        CHECK(rejected_at(T_STEPS - 1));
        /* the same step proof verifies alone on the statement it was made
         * for: only the run's binding rejects it */
        zp_err alone = zp_train_step_verify_linked(&F.cfg, zp_model_prover_public(bp), 1,
                                                   zp_model_prover_public(mp), 0, T_STEPS - 1,
                                                   idx, BATCH, p, pl);
        CHECK(cheat == 0 ? alone == ZP_ERR_VERIFY : alone == ZP_OK);
        free(run);
        free(cbuf);
        free(pbuf);
        free(js);
        zp_train_proof_free(p);
    }
    zp_model_prover_free(bp);
    zp_model_prover_free(mp);
    zp_trainer_free(tr);
    zp_mlp_free(&m);
    zp_mlp_free(&nxt);
    return e;
}

TEST(run_changed_final_weight_rejected) {
    setup();
    CHECK(replace_last(0) == ZP_ERR_VERIFY);
    /* and only C_T replaced by the other run's final commitment */
    parts s, b;
    split(&s, F.run, F.len);
    split(&b, F.run_b, F.len_b);
    const uint8_t *cs[4] = {s.c[0], s.c[1], s.c[2], b.c[3]};
    size_t cl[4] = {s.c_len[0], s.c_len[1], s.c_len[2], b.c_len[3]};
    size_t len;
    uint8_t *r = join(&len, &s, cs, cl, 4, s.p, s.p_len, 3);
    CHECK(verify(&F.cfg, r, len) == ZP_ERR_VERIFY);
    CHECK(rejected_at(2));
    free(r);
}

TEST(run_changed_batch_index_rejected) {
    setup();
    CHECK(replace_last(1) == ZP_ERR_VERIFY);
}

TEST(chained_step_refuses_other_weights) {
    setup();
    zp_rng r;
    zp_rng_init_u64(&r, 5);
    zp_model_prover *mp = NULL;
    CHECK_OK(zp_model_commit_create(&mp, &F.cfg, &F.base, 2, &r)); /* W_before, not W_after */
    uint8_t before[32] = {0};
    uint32_t idx[BATCH] = {0, 1, 2, 3};
    uint8_t *p = NULL;
    size_t pl = 0;
    CHECK(zp_train_step_prove_chained(&p, &pl, &F.cfg, before, mp, 0, &F.base, &F.ds, 0, idx,
                                      BATCH, &r) == ZP_ERR_ARG);
    CHECK(p == NULL);
    zp_model_prover_free(mp);
}

static void mlp_set(zp_mlp *dst, const zp_mlp *src) {
    for (unsigned l = 0; l < 2; l++) {
        memcpy(dst->w[l], src->w[l], (size_t)DIMS[l] * DIMS[l + 1] * sizeof(int64_t));
        memcpy(dst->b[l], src->b[l], DIMS[l + 1] * sizeof(int64_t));
    }
}

/* A weight of layer 0 set just outside weight_bits (2^(bw-1) or
 * -2^(bw-1) - 1) that the steps on the batches idx[0..nb-1], run in turn,
 * bring back into range and keep there, so that the checked update
 * (docs/spec/train-step.md 2.3) accepts every one of them: the first such
 * (position, value) of m.  (The first step alone is not enough: a weight
 * it brings back to the edge of the range may leave it again at the next
 * step, which the honest trainer then refuses.)  Returns 0 if none. */
static int recoverable_weight(const zp_mlp *m, const uint32_t (*idx)[BATCH], size_t nb,
                              size_t *pos, int64_t *val) {
    const int64_t H = (int64_t)1 << (F.cfg.weight_bits - 1);
    zp_mlp tmp;
    CHECK_OK(zp_mlp_alloc(&tmp, &F.cfg));
    int found = 0;
    for (size_t i = 0; i < (size_t)DIMS[0] * DIMS[1] && !found; i++)
        for (int sgn = 0; sgn < 2 && !found; sgn++) {
            zp_trainer *tr = NULL;
            CHECK_OK(zp_trainer_new(&tr, &F.cfg));
            mlp_set(&tmp, m);
            tmp.w[0][i] = sgn ? -H - 1 : H;
            int ok = 1;
            for (size_t b = 0; b < nb && ok; b++)
                ok = zp_trainer_step(tr, &tmp, &F.ds, idx[b], BATCH, NULL) == ZP_OK;
            if (ok) {
                *pos = i;
                *val = sgn ? -H - 1 : H;
                found = 1;
            }
            zp_trainer_free(tr);
        }
    zp_mlp_free(&tmp);
    return found;
}

static void put_commit_part(zp_bytes *o, const zp_model_prover *mp) {
    char *js = NULL;
    size_t jl = 0;
    CHECK_OK(zp_model_commit_to_json(&js, &jl, zp_model_prover_public(mp)));
    uint8_t l4[4];
    zp_store32_le(l4, (uint32_t)jl);
    zp_bytes_append(o, l4, 4);
    zp_bytes_append(o, js, jl);
    free(js);
}

/* A run built step by step by the test's own prover (hidden base) from
 * C_0 = base.  cheat 1: step 0 runs on base with one weight changed (its
 * W_before is not C_0's weights; every later step is honest on its
 * result).  cheat 2: C_1 holds the trainer's W_1 with one weight set just
 * outside weight_bits (recoverable_weight: a commitment the honest API
 * refuses), which step 0 (from C_0's own weights, so that nothing else is
 * wrong with it) claims as its W_after; step 1 runs honestly from those
 * weights (its proof verifies alone: a linked step t >= 1 does not
 * range-check W_before) and so do the later steps.  Returns the
 * verifier's answer. */
static zp_err own_run(int cheat) {
    parts s;
    split(&s, F.run, F.len);
    zp_rng r;
    zp_rng_init_u64(&r, 77);
    zp_model_prover *P[T_STEPS + 1] = {NULL};
    CHECK_OK(zp_model_commit_create(&P[0], &F.cfg, &F.base, 2, &r));
    uint8_t cdig[32], seed[ZP_ZKML_SEED_BYTES], d0[32];
    zp_train_config_digest(cdig, &F.cfg);
    zp_model_commit_info(zp_model_prover_public(P[0]), d0, NULL, NULL);
    zp_train_run_seed(seed, (const uint8_t (*)[32])F.dsd, 2, d0, cdig, NREC);
    zp_mlp cur, nxt;
    CHECK_OK(zp_mlp_alloc(&cur, &F.cfg));
    CHECK_OK(zp_mlp_alloc(&nxt, &F.cfg));
    mlp_set(&cur, &F.base);
    if (cheat == 1) cur.w[0][5] += 1;
    zp_trainer *tr = NULL;
    CHECK_OK(zp_trainer_new(&tr, &F.cfg));
    zp_bytes cs, ps;
    zp_bytes_init(&cs);
    zp_bytes_init(&ps);
    put_commit_part(&cs, P[0]);
    uint32_t idx[BATCH];
    zp_err pe = ZP_OK;
    for (uint64_t t = 0; t < T_STEPS && pe == ZP_OK; t++) {
        CHECK_OK(zp_sampler_batch(seed, t, BATCH, NREC, idx));
        mlp_set(&nxt, &cur);
        CHECK_OK(zp_trainer_step(tr, &nxt, &F.ds, idx, BATCH, NULL));
        if (cheat == 2 && t == 0) {
            /* a weight step 1 brings back into range (the checked update
             * would refuse step 1 otherwise) */
            uint32_t later[T_STEPS - 1][BATCH];
            size_t pos = 0;
            int64_t val = 0;
            for (uint64_t u = 1; u < T_STEPS; u++)
                CHECK_OK(zp_sampler_batch(seed, u, BATCH, NREC, later[u - 1]));
            CHECK(recoverable_weight(&nxt, (const uint32_t (*)[BATCH])later, T_STEPS - 1, &pos,
                                     &val));
            nxt.w[0][pos] = val;
            zp_model_commit_set_unchecked(1);
        }
        zp_err ce = zp_model_commit_create(&P[t + 1], &F.cfg, &nxt, 2, &r);
        zp_model_commit_set_unchecked(0);
        CHECK_OK(ce);
        uint8_t *p = NULL;
        size_t pl = 0;
        pe = zp_train_step_prove_linked_ex(&p, &pl, &F.cfg, P[t], 1, P[t + 1], 0, &F.ds, t, idx,
                                           BATCH, &r,
                                           cheat && t == 0 ? ZP_TRAIN_TAMPER_BEFORE
                                                           : ZP_TRAIN_HONEST,
                                           &cur);
        if (pe == ZP_OK && cheat == 2 && t == 1)
            CHECK_OK(zp_train_step_verify_linked(&F.cfg, zp_model_prover_public(P[1]), 1,
                                                 zp_model_prover_public(P[2]), 0, 1, idx, BATCH,
                                                 p, pl));
        if (pe == ZP_OK) {
            uint8_t l8[8];
            zp_store64_le(l8, pl);
            zp_bytes_append(&ps, l8, 8);
            zp_bytes_append(&ps, p, pl);
            put_commit_part(&cs, P[t + 1]);
        }
        zp_train_proof_free(p);
        mlp_set(&cur, &nxt);
    }
    CHECK_OK(pe);
    zp_err e = ZP_ERR_INTERNAL;
    if (pe == ZP_OK && !cs.failed && !ps.failed) {
        size_t n = s.hdr_len + cs.len + 4 + ps.len;
        uint8_t *run = malloc(n);
        memcpy(run, s.hdr, s.hdr_len);
        memcpy(run + s.hdr_len, cs.data, cs.len);
        zp_store32_le(run + s.hdr_len + cs.len, 0); /* base hidden */
        memcpy(run + s.hdr_len + cs.len + 4, ps.data, ps.len);
        e = verify(&F.cfg, run, n);
        free(run);
    }
    zp_bytes_free(&cs);
    zp_bytes_free(&ps);
    for (int t = 0; t <= T_STEPS; t++) zp_model_prover_free(P[t]);
    zp_trainer_free(tr);
    zp_mlp_free(&cur);
    zp_mlp_free(&nxt);
    return e;
}

/* Step t reads W_before from C_t (opening 1): a run built honestly by the
 * test's own linked steps verifies; the same run whose step 0 starts from
 * other weights than C_0's is rejected at step 0. */
TEST(run_step_starts_from_committed_weights) {
    setup();
    CHECK_OK(own_run(0));
    CHECK(own_run(1) == ZP_ERR_VERIFY);
    CHECK(rejected_at(0));
}

/* W_before's range (docs/spec/train-step.md, section 4, "Range of
 * W_before"): a run whose C_1 holds a weight out of weight_bits is
 * rejected at step 0, the step that wrote C_1 (its W_after clamp: the
 * clamp's zero-check and the range of Wn - lo), although step 1, which
 * reads that weight as W_before, verifies alone. */
TEST(run_out_of_range_c1_rejected_at_step_0) {
    setup();
    CHECK(own_run(2) == ZP_ERR_VERIFY);
    CHECK(rejected_at(0));
}

/* The range of W_before stays at step 0 (C_0: the base model, or the FL
 * global model): C_0 with a weight out of weight_bits is rejected there;
 * the same step with the statement t = 1 verifies (its C_t is trusted to
 * be range-checked by step 0, which the run verifies with it), and the
 * unlinked circuit catches the weight by its range. */
TEST(linked_step_0_checks_base_weight_range) {
    setup();
    zp_rng r;
    zp_rng_init_u64(&r, 31);
    zp_mlp bad, nxt;
    CHECK_OK(zp_mlp_alloc(&bad, &F.cfg));
    CHECK_OK(zp_mlp_alloc(&nxt, &F.cfg));
    uint32_t idx[BATCH] = {0, 1, 2, 3};
    size_t pos = 0;
    int64_t val = 0;
    mlp_set(&bad, &F.base);
    CHECK(recoverable_weight(&F.base, (const uint32_t (*)[BATCH])&idx, 1, &pos, &val));
    bad.w[0][pos] = val;
    zp_trainer *tr = NULL;
    CHECK_OK(zp_trainer_new(&tr, &F.cfg));
    mlp_set(&nxt, &bad);
    CHECK_OK(zp_trainer_step(tr, &nxt, &F.ds, idx, BATCH, NULL));
    zp_model_prover *bp = NULL, *ap = NULL;
    zp_model_commit_set_unchecked(1);
    zp_err ce = zp_model_commit_create(&bp, &F.cfg, &bad, 2, &r);
    zp_model_commit_set_unchecked(0);
    CHECK_OK(ce);
    CHECK(zp_model_commit_create(&ap, &F.cfg, &bad, 2, &r) == ZP_ERR_ARG); /* honest API */
    CHECK_OK(zp_model_commit_create(&ap, &F.cfg, &nxt, 2, &r));
    const zp_model_commit *cb = zp_model_prover_public(bp), *ca = zp_model_prover_public(ap);
    uint8_t *p = NULL;
    size_t pl = 0;
    /* step 0: the honest prover's self-check refuses; a cheating one
     * (claims unchecked) makes a proof that does not verify */
    CHECK(zp_train_step_prove_linked_ex(&p, &pl, &F.cfg, bp, 1, ap, 0, &F.ds, 0, idx, BATCH, &r,
                                        ZP_TRAIN_HONEST, NULL) != ZP_OK);
    CHECK(p == NULL);
    CHECK_OK(zp_train_step_prove_linked_ex(&p, &pl, &F.cfg, bp, 1, ap, 0, &F.ds, 0, idx, BATCH,
                                           &r, ZP_TRAIN_TAMPER_BEFORE, NULL));
    CHECK(zp_train_step_verify_linked(&F.cfg, cb, 1, ca, 0, 0, idx, BATCH, p, pl) ==
          ZP_ERR_VERIFY);
    zp_train_proof_free(p);
    p = NULL;
    /* step 1: no range on W_before (openings 0 of C_t, 1 of C_{t+1}) */
    CHECK_OK(zp_train_step_prove_linked_ex(&p, &pl, &F.cfg, bp, 0, ap, 1, &F.ds, 1, idx, BATCH,
                                           &r, ZP_TRAIN_HONEST, NULL));
    CHECK_OK(zp_train_step_verify_linked(&F.cfg, cb, 0, ca, 1, 1, idx, BATCH, p, pl));
    /* the skip is the statement's (the verifier's t), not the prover's:
     * that proof, made without W_before's range, does not pass as step 0
     * (which is what a run's first step, reading the base C_0, is) */
    CHECK(zp_train_step_verify_linked(&F.cfg, cb, 0, ca, 1, 0, idx, BATCH, p, pl) ==
          ZP_ERR_VERIFY);
    zp_train_proof_free(p);
    /* the unlinked circuit range-checks W_before */
    zp_train_wit *w = NULL;
    size_t failed = 0;
    CHECK_OK(zp_train_wit_build(&w, NULL, &F.cfg, &bad, &F.ds, idx, BATCH, ZP_TRAIN_HONEST));
    CHECK(zp_train_circuit_check(w, 5, &failed) == ZP_ERR_VERIFY);
    zp_train_wit_free(w);
    zp_model_prover_free(bp);
    zp_model_prover_free(ap);
    zp_trainer_free(tr);
    zp_mlp_free(&bad);
    zp_mlp_free(&nxt);
}

/* The linked step alone: W_before other than C_t's is refused by the
 * honest prover and rejected by the verifier when a prover cheats; C_t
 * with one opening (no index 1) cannot serve as W_before; an honest step
 * verifies on its statement only. */
TEST(linked_step_binds_w_before) {
    setup();
    zp_rng r;
    zp_rng_init_u64(&r, 8);
    zp_mlp other, nxt;
    CHECK_OK(zp_mlp_alloc(&other, &F.cfg));
    CHECK_OK(zp_mlp_alloc(&nxt, &F.cfg));
    mlp_set(&other, &F.base);
    other.b[0][2] += 1;
    uint32_t idx[BATCH] = {0, 1, 2, 3};
    zp_trainer *tr = NULL;
    CHECK_OK(zp_trainer_new(&tr, &F.cfg));
    mlp_set(&nxt, &other);
    CHECK_OK(zp_trainer_step(tr, &nxt, &F.ds, idx, BATCH, NULL));
    zp_model_prover *bp = NULL, *ap = NULL, *b1 = NULL;
    CHECK_OK(zp_model_commit_create(&bp, &F.cfg, &F.base, 2, &r));
    CHECK_OK(zp_model_commit_create(&ap, &F.cfg, &nxt, 2, &r));
    CHECK_OK(zp_model_commit_create(&b1, &F.cfg, &other, 1, &r));
    uint8_t *p = NULL;
    size_t pl = 0;
    CHECK(zp_train_step_prove_linked_ex(&p, &pl, &F.cfg, bp, 1, ap, 0, &F.ds, 0, idx, BATCH, &r,
                                        ZP_TRAIN_HONEST, &other) == ZP_ERR_ARG);
    CHECK(p == NULL);
    CHECK(zp_train_step_prove_linked_ex(&p, &pl, &F.cfg, b1, 1, ap, 0, &F.ds, 0, idx, BATCH, &r,
                                        ZP_TRAIN_HONEST, &other) == ZP_ERR_ARG);
    CHECK_OK(zp_train_step_prove_linked_ex(&p, &pl, &F.cfg, bp, 1, ap, 0, &F.ds, 0, idx, BATCH,
                                           &r, ZP_TRAIN_TAMPER_BEFORE, &other));
    CHECK(zp_train_step_verify_linked(&F.cfg, zp_model_prover_public(bp), 1,
                                      zp_model_prover_public(ap), 0, 0, idx, BATCH, p,
                                      pl) == ZP_ERR_VERIFY);
    zp_train_proof_free(p);
    /* the honest step from a C_t of those weights verifies, on its own
     * statement only (other index of C_t, commitments swapped) */
    zp_model_prover *bo = NULL;
    CHECK_OK(zp_model_commit_create(&bo, &F.cfg, &other, 2, &r));
    p = NULL;
    CHECK_OK(zp_train_step_prove_linked_ex(&p, &pl, &F.cfg, bo, 1, ap, 1, &F.ds, 0, idx, BATCH,
                                           &r, ZP_TRAIN_HONEST, NULL));
    const zp_model_commit *cb = zp_model_prover_public(bo), *ca = zp_model_prover_public(ap);
    CHECK_OK(zp_train_step_verify_linked(&F.cfg, cb, 1, ca, 1, 0, idx, BATCH, p, pl));
    CHECK(zp_train_step_verify_linked(&F.cfg, cb, 0, ca, 1, 0, idx, BATCH, p, pl) ==
          ZP_ERR_VERIFY);
    CHECK(zp_train_step_verify_linked(&F.cfg, ca, 1, cb, 1, 0, idx, BATCH, p, pl) ==
          ZP_ERR_VERIFY);
    CHECK(zp_train_step_verify_linked(&F.cfg, cb, 1, ca, 1, 1, idx, BATCH, p, pl) ==
          ZP_ERR_VERIFY);
    zp_train_proof_free(p);
    zp_model_prover_free(bo);
    zp_model_prover_free(bp);
    zp_model_prover_free(ap);
    zp_model_prover_free(b1);
    zp_trainer_free(tr);
    zp_mlp_free(&other);
    zp_mlp_free(&nxt);
}

__attribute__((destructor)) static void teardown(void) {
    if (!F_ready) return;
    free(F.run);
    free(F.run_b);
    zp_model_prover_free(F.fin);
    zp_mlp_free(&F.base);
    free(F.ds.x);
    free(F.ds.label);
}

/* The same inputs and rng seed give a byte-identical run file. */
TEST(run_deterministic) {
    setup();
    zp_train_config c1 = F.cfg;
    c1.steps = 1;
    uint8_t *a = NULL, *b = NULL;
    size_t la = 0, lb = 0;
    zp_rng r;
    zp_rng_init_u64(&r, 31);
    CHECK_OK(zp_train_run_prove(&a, &la, NULL, &c1, &F.base, &F.ds,
                                (const uint8_t (*)[32])F.dsd, 2, 2, 2, 1, NULL, NULL, &r));
    zp_rng_init_u64(&r, 31);
    CHECK_OK(zp_train_run_prove(&b, &lb, NULL, &c1, &F.base, &F.ds,
                                (const uint8_t (*)[32])F.dsd, 2, 2, 2, 1, NULL, NULL, &r));
    CHECK(la == lb && la > 0 && memcmp(a, b, la) == 0);
    CHECK_OK(verify(&c1, a, la));
    free(a);
    free(b);
}

/* C_0 is opened by its revealed secret and compared with the base model. */
TEST(run_base_model_checked) {
    setup();
    zp_mlp other;
    CHECK_OK(zp_mlp_alloc(&other, &F.cfg));
    for (unsigned l = 0; l < 2; l++) {
        memcpy(other.w[l], F.base.w[l], (size_t)DIMS[l] * DIMS[l + 1] * sizeof(int64_t));
        memcpy(other.b[l], F.base.b[l], DIMS[l + 1] * sizeof(int64_t));
    }
    other.b[1][0] += 1;
    char err[ZP_ZKML_ERR_BYTES];
    CHECK(zp_train_run_verify(NULL, NULL, err, &F.cfg, &other, (const uint8_t (*)[32])F.dsd, 2,
                              NREC, F.run, F.len) == ZP_ERR_VERIFY);
    CHECK(strstr(err, "base model") != NULL);
    /* another run's base secret does not open this run's C_0 */
    parts s, b;
    split(&s, F.run, F.len);
    split(&b, F.run_b, F.len_b);
    s.bsec = b.bsec;
    s.bsec_len = b.bsec_len;
    size_t len;
    uint8_t *r = join(&len, &s, s.c, s.c_len, 4, s.p, s.p_len, 3);
    CHECK(zp_train_run_verify(NULL, NULL, err, &F.cfg, &F.base, (const uint8_t (*)[32])F.dsd,
                              2, NREC, r, len) == ZP_ERR_VERIFY);
    CHECK(strstr(err, "does not open C_0") != NULL);
    free(r);
    /* a run that keeps its base hidden verifies, but not against a base */
    zp_train_config c1 = F.cfg;
    c1.steps = 1;
    uint8_t *h = NULL;
    size_t hl = 0;
    zp_rng rr;
    zp_rng_init_u64(&rr, 41);
    CHECK_OK(zp_train_run_prove(&h, &hl, NULL, &c1, &F.base, &F.ds, (const uint8_t (*)[32])F.dsd,
                                2, 2, 2, 0, NULL, NULL, &rr));
    zp_run_info info;
    CHECK_OK(zp_train_run_verify(&info, NULL, NULL, &c1, NULL, (const uint8_t (*)[32])F.dsd, 2,
                                 NREC, h, hl));
    CHECK(info.base_checked == 0);
    CHECK(zp_train_run_verify(NULL, NULL, err, &c1, &F.base, (const uint8_t (*)[32])F.dsd, 2,
                              NREC, h, hl) == ZP_ERR_VERIFY);
    CHECK(strstr(err, "not revealed") != NULL);
    free(h);
    zp_mlp_free(&other);
}
