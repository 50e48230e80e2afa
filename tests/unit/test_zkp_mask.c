/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Mask budget of the zkml builder (docs/spec/infer.md, "Zero knowledge"). */
// ZP_TEST_LAYER: zkml
#include <stdio.h>

#include "harness.h"
#include "field/gl.h"
#include "zkml/zkml_internal.h"
#include "zkml/zkp_internal.h"

/* What the plan hook saw over every commit of one proof (both sides). */
typedef struct {
    size_t commits, tensors, small, bad;
    unsigned max_evals;
} budget;

static void hook(const zp_zkp *z, void *ctx) {
    budget *b = ctx;
    b->commits++;
    for (size_t i = 0; i < zp_zkp_n_tensors(z); i++) {
        unsigned ev;
        uint64_t ml;
        int ph;
        if (!zp_zkp_mask_info(z, i, &ev, &ml, &ph)) continue;
        b->tensors++;
        if (ev > b->max_evals) b->max_evals = ev;
        if (ml <= 4) b->small++;
        if (getenv("ZKP_MASK_DUMP")) /* diagnostics: the whole budget */
            fprintf(stderr, "  t%zu ph%d ev%u mask%llu\n", i, ph, ev, (unsigned long long)ml);
        if (ml < 4 * (uint64_t)ev) {
            b->bad++;
            fprintf(stderr, "  tensor %zu (phase %d): %u evaluations, mask %llu\n", i, ph, ev,
                    (unsigned long long)ml);
        }
    }
}

static void model(zp_train_config *cfg, zp_mlp *m, const uint32_t *dims, unsigned L, size_t n) {
    CHECK_OK(zp_train_config_default(cfg, dims, L));
    cfg->batch_size = (uint32_t)n;
    CHECK_OK(zp_train_config_check(cfg, NULL));
    CHECK_OK(zp_mlp_alloc(m, cfg));
    uint8_t seed[ZP_ZKML_SEED_BYTES];
    for (size_t i = 0; i < sizeof seed; i++) seed[i] = (uint8_t)test_rand_u64();
    CHECK_OK(zp_mlp_init_seeded(m, cfg, seed));
    for (unsigned l = 0; l < L; l++)
        for (size_t j = 0; j < dims[l + 1]; j++)
            m->b[l][j] = (int64_t)(test_rand_u64() % 20001) - 10000;
}

/* Proves and verifies one inference; every committed tensor's mask holds
 * at least 4 base values per planned evaluation. */
static void infer_budget(const uint32_t *dims, unsigned L, size_t n) {
    zp_train_config cfg;
    zp_mlp m;
    model(&cfg, &m, dims, L, 1);
    int64_t *x = malloc(n * dims[0] * sizeof(int64_t));
    int64_t *lg = malloc(n * dims[L] * sizeof(int64_t));
    for (size_t i = 0; i < n * dims[0]; i++) x[i] = (int64_t)(test_rand_u64() % 1024) - 512;
    zp_infer_opts o;
    zp_infer_opts_default(&o);
    zp_rng r;
    zp_rng_init_u64(&r, test_rand_u64());
    budget b = {0};
    zp_zkp_set_plan_hook(hook, &b);
    uint8_t *pf = NULL;
    size_t len = 0;
    CHECK_OK(zp_infer_prove(&pf, &len, lg, &cfg, &m, x, n, &o, &r));
    CHECK_OK(zp_infer_verify(&cfg, x, n, lg, &o, pf, len));
    zp_zkp_set_plan_hook(NULL, NULL);
    CHECK(b.commits == 2);
    CHECK(b.tensors > 0);
    CHECK(b.max_evals >= 2);
    CHECK(b.bad == 0);
    free(pf);
    free(x);
    free(lg);
    zp_mlp_free(&m);
}

static const uint32_t D30[3] = {30, 32, 2}, D16[3] = {16, 8, 4};

TEST(zkp_mask_budget_infer_30_32_2_batch1) { infer_budget(D30, 2, 1); }
TEST(zkp_mask_budget_infer_16_8_4_batch1) { infer_budget(D16, 2, 1); }
TEST(zkp_mask_budget_infer_16_8_4_batch8) { infer_budget(D16, 2, 8); }

TEST(zkp_mask_budget_train_16_8_4_batch4) {
    const size_t n = 4;
    zp_train_config cfg;
    zp_mlp m, after;
    model(&cfg, &m, D16, 2, n);
    cfg.lr_num = 209715; /* a rate the step circuit supports (test_train_proof.c) */
    CHECK_OK(zp_mlp_alloc(&after, &cfg));
    const size_t N = 3 * n + 1;
    zp_fxdata ds = {N, D16[0], malloc(N * D16[0] * sizeof(int64_t)), malloc(N * sizeof(int32_t)),
                    NULL};
    for (size_t i = 0; i < N * D16[0]; i++) ds.x[i] = (int64_t)(test_rand_u64() % 1024) - 512;
    for (size_t i = 0; i < N; i++) ds.label[i] = (int32_t)(test_rand_u64() % D16[2]);
    uint32_t idx[4];
    uint8_t seed[ZP_ZKML_SEED_BYTES] = {7};
    CHECK_OK(zp_sampler_batch(seed, 0, (uint32_t)n, N, idx));
    zp_rng r;
    zp_rng_init_u64(&r, test_rand_u64());
    budget b = {0};
    zp_zkp_set_plan_hook(hook, &b);
    uint8_t *pf = NULL;
    size_t len = 0;
    zp_err e = zp_train_step_prove(&pf, &len, &after, &cfg, &m, &ds, 3, idx, n, &r);
    if (e != ZP_OK) fprintf(stderr, "  train step prove: %d\n", (int)e);
    CHECK_OK(e);
    CHECK_OK(zp_train_step_verify(&cfg, 3, idx, n, pf, len));
    zp_zkp_set_plan_hook(NULL, NULL);
    CHECK(b.commits == 2);
    CHECK(b.max_evals >= 3);
    CHECK(b.bad == 0);
    free(pf);
    free(ds.x);
    free(ds.label);
    zp_mlp_free(&m);
    zp_mlp_free(&after);
}

/* Bound to a model commitment: the 2-value output bias lives in the model
 * polynomial (phase 3) with 2^3 mask rows per opening; two answers from
 * one commitment verify, each within its budget. */
TEST(zkp_mask_budget_infer_model_30_32_2) {
    zp_train_config cfg;
    zp_mlp m;
    model(&cfg, &m, D30, 2, 1);
    zp_rng r;
    zp_rng_init_u64(&r, test_rand_u64());
    zp_model_prover *mp = NULL;
    CHECK_OK(zp_model_commit_create(&mp, &cfg, &m, 4, &r));
    int64_t x[30], lg[2];
    zp_infer_opts o;
    zp_infer_opts_default(&o);
    for (int q = 0; q < 2; q++) {
        for (size_t i = 0; i < 30; i++) x[i] = (int64_t)(test_rand_u64() % 1024) - 512;
        budget b = {0};
        zp_zkp_set_plan_hook(hook, &b);
        uint8_t *pf = NULL;
        size_t len = 0;
        unsigned idx = 99;
        CHECK_OK(zp_infer_prove_model(&pf, &len, lg, &idx, mp, x, 1, &o, &r));
        CHECK(idx == (unsigned)q);
        CHECK_OK(zp_infer_verify_model(zp_model_prover_public(mp), idx, x, 1, lg, &o, pf, len));
        zp_zkp_set_plan_hook(NULL, NULL);
        CHECK(b.commits == 2);
        CHECK(b.bad == 0);
        free(pf);
    }
    zp_model_prover_free(mp);
    zp_mlp_free(&m);
}

/* The stacked range column's mask is one row per view (docs/spec/infer.md,
 * "Zero knowledge", item 1; plan_lk_mask): a builder circuit whose limb
 * views span whole layout rows (four 2^11-value tensors, 32-bit ranges: 4
 * limb views each) plus views below one row (a 2^5-value tensor, 12 bits:
 * 2 views).  On the prover, every view's mask (zp_zkp_mask) is its own:
 * no mask value is shared by two views, a view of one row or more has a
 * periodic row (fewer values than the view), a smaller view a segment of
 * its own size, and the masks of two views of one request differ at a
 * random point, so their masked values there, (1 - r_b) V~(s) + r_b M~(s),
 * are not related by the witness difference.  The proof verifies, and
 * flipping bytes anywhere in it is rejected. */
enum { VM_BIG = 4, VM_LN = 11, VM_SMALL_LN = 5 };
typedef struct {
    zp_fe v;
    size_t view;
} vm_val;
static int vm_cmp(const void *a, const void *b) {
    const vm_val *x = a, *y = b;
    return x->v < y->v ? -1 : x->v > y->v;
}

static zp_err vm_circuit(zp_zkp *z, int side, zp_fe (*big)[1 << VM_LN], zp_fe *small,
                         size_t *v0, size_t *v1) {
    zp_err e = ZP_OK;
    for (size_t i = 0; i <= VM_BIG && e == ZP_OK; i++) {
        size_t id;
        const unsigned ls = i < VM_BIG ? VM_LN : VM_SMALL_LN;
        e = zp_zkp_witness(z, &id, ls, side ? NULL : i < VM_BIG ? big[i] : small);
        const int plan = zp_zkp_planning(z); /* the views: the tensors the */
        if (plan) v0[i] = zp_zkp_n_tensors(z); /* plan's request appends */
        if (e == ZP_OK) e = zp_zkp_range(z, id, 3, i < VM_BIG ? 32 : 12);
        if (plan) v1[i] = zp_zkp_n_tensors(z);
    }
    return e;
}

TEST(zkp_lk_views_own_mask_rows) {
    static zp_fe big[VM_BIG][1 << VM_LN];
    zp_fe small[1 << VM_SMALL_LN];
    for (size_t i = 0; i < VM_BIG; i++)
        for (size_t x = 0; x < ((size_t)1 << VM_LN); x++)
            big[i][x] = zp_fe_from_i64((int64_t)(test_rand_u64() & 0xffffffffu) - 3);
    for (size_t x = 0; x < ((size_t)1 << VM_SMALL_LN); x++)
        small[x] = zp_fe_from_i64((int64_t)(test_rand_u64() & 0xfff) - 3);
    zp_bytes pf;
    zp_bytes_init(&pf);
    size_t v0[VM_BIG + 1], v1[VM_BIG + 1];
    /* prover */
    zp_transcript tr;
    zp_transcript_init(&tr, "test/zkp-vmask");
    zp_rng r;
    zp_rng_init_u64(&r, test_rand_u64());
    zp_zkp *z = NULL;
    CHECK_OK(zp_zkp_create(&z, &tr, &pf, NULL, &r));
    CHECK_OK(vm_circuit(z, 0, big, small, v0, v1));
    CHECK_OK(zp_zkp_commit(z));
    CHECK_OK(vm_circuit(z, 0, big, small, v0, v1));
    size_t nv = 0, periodic = 0, seg = 0;
    vm_val *all = malloc(((size_t)VM_BIG * 4 << VM_LN) * sizeof *all);
    CHECK(all != NULL);
    for (size_t i = 0; i <= VM_BIG; i++) {
        CHECK(v1[i] - v0[i] == (i < VM_BIG ? 4u : 2u)); /* the limb views */
        const unsigned ls = i < VM_BIG ? VM_LN : VM_SMALL_LN;
        zp_fe2 s[VM_LN], first = {0, 0};
        for (unsigned k = 0; k < ls; k++)
            s[k] = (zp_fe2){test_rand_u64() % GL_P, test_rand_u64() % GL_P};
        for (size_t v = v0[i]; v < v1[i]; v++) {
            const zp_fe *mk = NULL;
            size_t ml = 0;
            CHECK_OK(zp_zkp_mask(z, v, &mk, &ml));
            CHECK(mk != NULL && ml >= 2 && ml <= ((size_t)1 << ls) && (ml & (ml - 1)) == 0);
            periodic += ml < ((size_t)1 << ls);
            seg += i == VM_BIG && ml == ((size_t)1 << ls);
            for (size_t x = 0; x < ml; x++) all[nv++] = (vm_val){mk[x], v};
            /* the mask's MLE over the view's cube (periodic: its low bits) */
            unsigned lml = 0;
            while (((size_t)1 << lml) < ml) lml++;
            const zp_fe2 mv = zp_mle_eval(mk, s, lml);
            if (v == v0[i]) first = mv;
            else CHECK(!gl2_eq(mv, first));
        }
    }
    CHECK(periodic == (size_t)VM_BIG * 4);
    CHECK(seg == 2);
    /* no value shared by two views (uniform 64-bit values: a repeat by
     * chance has probability ~ nv^2 / p) */
    qsort(all, nv, sizeof *all, vm_cmp);
    size_t shared = 0;
    for (size_t k = 1; k < nv; k++)
        shared += all[k].v == all[k - 1].v && all[k].view != all[k - 1].view;
    CHECK(shared == 0);
    free(all);
    CHECK_OK(zp_zkp_finish(z));
    zp_zkp_free(z);
    /* verifier: the honest proof, then byte flips */
    for (size_t f = 0; f <= 24; f++) {
        zp_bytes q;
        zp_bytes_init(&q);
        zp_bytes_append(&q, pf.data, pf.len);
        CHECK(!q.failed);
        if (f) q.data[(f * 7919 * (pf.len / 24 + 1)) % pf.len] ^= (uint8_t)(1u << (f % 8));
        zp_reader rd;
        zp_reader_init(&rd, q.data, q.len);
        zp_transcript tv;
        zp_transcript_init(&tv, "test/zkp-vmask");
        zp_zkp *w = NULL;
        CHECK_OK(zp_zkp_create(&w, &tv, NULL, &rd, NULL));
        zp_err e = vm_circuit(w, 1, big, small, v0, v1);
        if (e == ZP_OK) e = zp_zkp_commit(w);
        if (e == ZP_OK) e = vm_circuit(w, 1, big, small, v0, v1);
        if (e == ZP_OK) e = zp_zkp_finish(w);
        if (e == ZP_OK) e = zp_reader_finish(&rd); /* no trailing bytes */
        zp_zkp_free(w);
        if (f) CHECK(e == ZP_ERR_VERIFY || e == ZP_ERR_PARSE);
        else CHECK_OK(e);
        zp_bytes_free(&q);
    }
    zp_bytes_free(&pf);
}
