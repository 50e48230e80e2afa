/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Mask budget of the zkml builder (docs/spec/infer.md, "Zero knowledge"). */
// ZP_TEST_LAYER: zkml
#include <omp.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "field/gl.h"
#include "zkml/zkml_internal.h"
#include "zkml/zkp_internal.h"

/* What the plan hook saw over every commit of one proof (both sides). */
typedef struct {
    size_t commits, tensors, small, bad;
    unsigned max_evals;
} budget;

/* The small-tensor group's places: aligned, inside the row, disjoint
 * within a row, rows < 2^gj (the mask bound of each block is the
 * evaluations-vs-mask check below: zp_zkp_mask_info counts the block). */
static void group_places(const zp_zkp *z, budget *b) {
    const size_t n = zp_zkp_n_tensors(z);
    for (size_t i = 0; i < n; i++) {
        unsigned ri, li, gj, lc;
        uint64_t ci;
        if (!zp_zkp_group_place(z, i, &ri, &ci, &li, &gj, &lc)) continue;
        const uint64_t wi = (uint64_t)1 << li;
        if (ci % wi || ci + wi > ((uint64_t)1 << lc) || ri >= (1u << gj)) {
            b->bad++;
            fprintf(stderr, "  grouped tensor %zu: row %u cols %llu + %llu\n", i, ri,
                    (unsigned long long)ci, (unsigned long long)wi);
        }
        for (size_t j = i + 1; j < n; j++) {
            unsigned rj, lj;
            uint64_t cj;
            if (!zp_zkp_group_place(z, j, &rj, &cj, &lj, &gj, &lc) || rj != ri) continue;
            if (cj < ci + wi && ci < cj + ((uint64_t)1 << lj)) {
                b->bad++;
                fprintf(stderr, "  grouped tensors %zu and %zu overlap in row %u\n", i, j, ri);
            }
        }
    }
}

static void hook(const zp_zkp *z, void *ctx) {
    budget *b = ctx;
    b->commits++;
    group_places(z, b);
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

/* The shared mask rows of the stacked range column and the large tensors
 * (docs/spec/infer.md, "Zero knowledge", item 1; plan_lk_mask): a builder
 * circuit with four 2^11-value tensors B_i range-checked to 32 bits (4
 * limb views each, spanning whole layout rows, defined by their views), a
 * 2^5-value tensor (12 bits: 2 views below one row), a large witness
 * W = B_0 + B_1 tied to them by one zero-check (one event: B_0's and B_1's
 * 8 views and W, all at one point) and a large witness U of 2^12 values
 * with a zero-check of its own.  mode: 0 honest; 1 the prover changes one
 * limb of B_2 after the commitment (a view value: its LogUp and PCS
 * claims no longer match); 2 it changes one value of a shared mask row
 * after the commitment (the masked values no longer match the committed
 * rows); 3 a second witness (the same shape). */
enum { VM_BIG = 4, VM_LN = 11, VM_SMALL_LN = 5, VM_ULN = 12 };
typedef struct {
    zp_fe big[VM_BIG][1 << VM_LN], small[1 << VM_SMALL_LN], w[1 << VM_LN], u[1 << VM_ULN];
    size_t v0[VM_BIG + 1], v1[VM_BIG + 1], wid, uid;
} vm_wit;

static void vm_fill(vm_wit *W) {
    for (size_t i = 0; i < VM_BIG; i++)
        for (size_t x = 0; x < ((size_t)1 << VM_LN); x++)
            W->big[i][x] = zp_fe_from_i64((int64_t)(test_rand_u64() & 0xffffffffu) - 3);
    for (size_t x = 0; x < ((size_t)1 << VM_SMALL_LN); x++)
        W->small[x] = zp_fe_from_i64((int64_t)(test_rand_u64() & 0xfff) - 3);
    for (size_t x = 0; x < ((size_t)1 << VM_LN); x++) W->w[x] = gl_add(W->big[0][x], W->big[1][x]);
    for (size_t x = 0; x < ((size_t)1 << VM_ULN); x++) W->u[x] = test_rand_u64() % GL_P;
}

static zp_err vm_circuit(zp_zkp *z, int side, vm_wit *W) {
    zp_err e = ZP_OK;
    size_t id[VM_BIG + 1];
    for (size_t i = 0; i <= VM_BIG && e == ZP_OK; i++) {
        const unsigned ls = i < VM_BIG ? VM_LN : VM_SMALL_LN;
        e = zp_zkp_witness(z, &id[i], ls, side ? NULL : i < VM_BIG ? W->big[i] : W->small);
        const int plan = zp_zkp_planning(z); /* the views: the tensors the */
        if (plan) W->v0[i] = zp_zkp_n_tensors(z); /* plan's request appends */
        if (e == ZP_OK) e = zp_zkp_range(z, id[i], 3, i < VM_BIG ? 32 : 12);
        if (plan) W->v1[i] = zp_zkp_n_tensors(z);
    }
    if (e == ZP_OK) e = zp_zkp_witness(z, &W->wid, VM_LN, side ? NULL : W->w);
    if (e == ZP_OK) e = zp_zkp_witness(z, &W->uid, VM_ULN, side ? NULL : W->u);
    const zp_fe2 one = gl2_from_fe(1), m1 = gl2_neg(gl2_from_fe(1));
    if (e == ZP_OK) {
        const zp_zkp_term t[3] = {{one, 1, {W->wid, 0}}, {m1, 1, {id[0], 0}}, {m1, 1, {id[1], 0}}};
        e = zp_zkp_zerocheck(z, VM_LN, t, 3);
    }
    if (e == ZP_OK) { /* U U - U U = 0: U alone in its event */
        const zp_zkp_term t[2] = {{one, 2, {W->uid, W->uid}}, {m1, 2, {W->uid, W->uid}}};
        e = zp_zkp_zerocheck(z, VM_ULN, t, 2);
    }
    return e;
}

/* Proves (mode as above; K: the lookup's blocks forced, 0 the plan's rule,
 * which reads 3 blocks of 2^14 here; threads: the prover's, 0 the
 * default) and verifies; returns the verifier's result and the proof
 * (caller frees) in *pf, the number of shared rows in *rows_out.  Checks
 * the colouring on the prover: with blocks of 2^14 (K = 0, 3, 4) B_0's
 * and B_1's views fill block 0 and B_2's and B_3's block 1, whose colours
 * must be disjoint; with K = 2 one block holds all 16. */
static zp_err vm_run(vm_wit *W, int mode, uint64_t seed, unsigned K, int threads, zp_bytes *pf,
                     size_t *rows_out) {
    zp_bytes_init(pf);
    const int keep = omp_get_max_threads();
    if (threads) omp_set_num_threads(threads);
    zp_transcript tr;
    zp_transcript_init(&tr, "test/zkp-vmask");
    zp_rng r;
    zp_rng_init_u64(&r, seed);
    zp_zkp *z = NULL;
    budget bud = {0};
    CHECK_OK(zp_zkp_create(&z, &tr, pf, NULL, &r));
    if (K) CHECK_OK(zp_zkp_set_lookup_blocks(z, K));
    CHECK_OK(vm_circuit(z, 0, W));
    zp_zkp_set_plan_hook(hook, &bud);
    CHECK_OK(zp_zkp_commit(z));
    zp_zkp_set_plan_hook(NULL, NULL);
    CHECK(bud.commits == 1 && bud.bad == 0); /* the 4x budget of every row */
    CHECK_OK(vm_circuit(z, 0, W));
    /* the rule: rows shared (fewer than the objects), but B_0's and B_1's
     * views and W (one event) on distinct rows; U and W have rows */
    size_t nobj = 0;
    const size_t rows = zp_zkp_mask_rows(z, &nobj);
    CHECK(rows >= 9 && rows < nobj);
    if (rows_out) *rows_out = rows;
    /* 16 row views, 1 segment row, W, U and the lookup's multiplicities */
    CHECK(nobj == (size_t)VM_BIG * 4 + 1 + 3);
    uint32_t col[VM_BIG * 4 + 1], cw = 0, cu = 0;
    size_t nc = 0;
    for (size_t i = 0; i < 2; i++)
        for (size_t v = W->v0[i]; v < W->v1[i]; v++) CHECK(zp_zkp_mask_colour(z, v, &col[nc++]));
    CHECK(zp_zkp_mask_colour(z, W->wid, &cw));
    CHECK(zp_zkp_mask_colour(z, W->uid, &cu));
    col[nc++] = cw;
    for (size_t a = 0; a < nc; a++)
        for (size_t b = a + 1; b < nc; b++) CHECK(col[a] != col[b]);
    /* masks: a view of one row or more reads its colour's row
     * (periodic), a smaller one a segment of its own size; two views
     * share mask values iff they share a colour */
    const zp_fe *mk0[VM_BIG * 4 + 2];
    uint32_t c0[VM_BIG * 4 + 2];
    size_t n0 = 0, periodic = 0, seg = 0, same = 0;
    for (size_t i = 0; i <= VM_BIG; i++) {
        const unsigned ls = i < VM_BIG ? VM_LN : VM_SMALL_LN;
        CHECK(W->v1[i] - W->v0[i] == (i < VM_BIG ? 4u : 2u)); /* the limb views */
        for (size_t v = W->v0[i]; v < W->v1[i]; v++) {
            const zp_fe *mk = NULL;
            size_t ml = 0;
            CHECK_OK(zp_zkp_mask(z, v, &mk, &ml));
            CHECK(mk != NULL && ml >= 2 && ml <= ((size_t)1 << ls) && (ml & (ml - 1)) == 0);
            periodic += ml < ((size_t)1 << ls);
            seg += i == VM_BIG && ml == ((size_t)1 << ls);
            if (i == VM_BIG) continue;
            CHECK(zp_zkp_mask_colour(z, v, &c0[n0]));
            mk0[n0] = mk;
            for (size_t k = 0; k < n0; k++) {
                const int eq = memcmp(mk, mk0[k], ml * sizeof(zp_fe)) == 0;
                CHECK(eq == (c0[k] == c0[n0]));
                same += (size_t)eq;
            }
            n0++;
        }
    }
    CHECK(periodic == (size_t)VM_BIG * 4);
    CHECK(seg == 2);
    CHECK(same > 0); /* B_2's and B_3's views share rows */
    if (K != 2) /* c0[0..8): block 0, c0[8..16): block 1 */
        for (size_t a = 0; a < 8; a++)
            for (size_t b = 8; b < 16; b++) CHECK(c0[a] != c0[b]);
    const zp_fe *wm = NULL;
    size_t wml = 0;
    CHECK_OK(zp_zkp_mask(z, W->wid, &wm, &wml));
    CHECK(wml >= 256 && wml < ((size_t)1 << VM_LN));
    if (mode == 1) { /* one limb of B_2 (its first view) */
        zp_zkp_set_unchecked(z);
        zp_fe *lv = (zp_fe *)(uintptr_t)zp_zkp_values(z, W->v0[2]);
        lv[5] = gl_add(lv[5], 1);
    } else if (mode == 2) { /* one value of W's shared row */
        zp_zkp_set_unchecked(z);
        zp_fe *m = (zp_fe *)(uintptr_t)wm;
        m[3] = gl_add(m[3], 1);
    }
    zp_err e = zp_zkp_finish(z);
    if (mode != 1 && mode != 2) CHECK_OK(e);
    zp_zkp_free(z);
    omp_set_num_threads(keep);
    if (e != ZP_OK) return e;
    zp_reader rd;
    zp_reader_init(&rd, pf->data, pf->len);
    zp_transcript tv;
    zp_transcript_init(&tv, "test/zkp-vmask");
    zp_zkp *w = NULL;
    CHECK_OK(zp_zkp_create(&w, &tv, NULL, &rd, NULL));
    if (K) CHECK_OK(zp_zkp_set_lookup_blocks(w, K));
    e = vm_circuit(w, 1, W);
    if (e == ZP_OK) e = zp_zkp_commit(w);
    if (e == ZP_OK) e = vm_circuit(w, 1, W);
    if (e == ZP_OK) e = zp_zkp_finish(w);
    if (e == ZP_OK) e = zp_reader_finish(&rd);
    zp_zkp_free(w);
    return e;
}

TEST(zkp_lk_shared_mask_rows) {
    vm_wit *W = malloc(sizeof *W), *W2 = malloc(sizeof *W2);
    CHECK(W != NULL && W2 != NULL);
    vm_fill(W);
    vm_fill(W2);
    const uint64_t seed = test_rand_u64();
    zp_bytes pf, p2;
    size_t rows3 = 0, rows2 = 0;
    CHECK_OK(vm_run(W, 0, seed, 0, 1, &pf, &rows3));
    /* 2 threads: the same bytes */
    CHECK_OK(vm_run(W, 0, seed, 0, 2, &p2, NULL));
    CHECK(pf.len == p2.len && memcmp(pf.data, p2.data, pf.len) == 0);
    zp_bytes_free(&p2);
    /* another witness, same shape: same size, and the masked values
     * differ (nothing is copied from the witness into the proof) */
    CHECK_OK(vm_run(W2, 3, seed, 0, 0, &p2, NULL));
    CHECK(pf.len == p2.len && memcmp(pf.data, p2.data, pf.len) != 0);
    zp_bytes_free(&p2);
    /* other block counts: K = 2 puts all 16 views in one block, so its
     * colours are not split by block: fewer rows */
    CHECK_OK(vm_run(W, 0, seed, 2, 0, &p2, &rows2));
    CHECK(rows2 < rows3);
    zp_bytes_free(&p2);
    for (unsigned K = 3; K <= 4; K++) {
        CHECK_OK(vm_run(W, 0, seed, K, 0, &p2, NULL));
        zp_bytes_free(&p2);
    }
    /* a changed limb, a changed shared mask value: rejected */
    for (int mode = 1; mode <= 2; mode++) {
        zp_err e = vm_run(W, mode, seed, 0, 0, &p2, NULL);
        CHECK(e == ZP_ERR_VERIFY || e == ZP_ERR_PARSE);
        zp_bytes_free(&p2);
    }
    /* byte flips anywhere in the honest proof */
    for (size_t f = 1; f <= 24; f++) {
        zp_bytes q;
        zp_bytes_init(&q);
        zp_bytes_append(&q, pf.data, pf.len);
        CHECK(!q.failed);
        q.data[(f * 7919 * (pf.len / 24 + 1)) % pf.len] ^= (uint8_t)(1u << (f % 8));
        zp_reader rd;
        zp_reader_init(&rd, q.data, q.len);
        zp_transcript tv;
        zp_transcript_init(&tv, "test/zkp-vmask");
        zp_zkp *w = NULL;
        CHECK_OK(zp_zkp_create(&w, &tv, NULL, &rd, NULL));
        zp_err e = vm_circuit(w, 1, W);
        if (e == ZP_OK) e = zp_zkp_commit(w);
        if (e == ZP_OK) e = vm_circuit(w, 1, W);
        if (e == ZP_OK) e = zp_zkp_finish(w);
        if (e == ZP_OK) e = zp_reader_finish(&rd);
        zp_zkp_free(w);
        CHECK(e == ZP_ERR_VERIFY || e == ZP_ERR_PARSE);
        zp_bytes_free(&q);
    }
    zp_bytes_free(&pf);
    free(W);
    free(W2);
}
