/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the model commitment and of inference proofs bound to it. */
// ZP_TEST_LAYER: zkml
#include "harness.h"
#include "field/gl.h"
#include "zkml/zkml_internal.h"
#include "zkml/zkp_internal.h"

/* A small model (6-5-3, padded 8-8-4) and its commitment (O = 4). */
typedef struct {
    zp_train_config cfg;
    zp_mlp m;
    zp_model_prover *mp;
    int64_t x[2 * 6];
} mc_case;

static zp_rng seeded(uint64_t s) {
    zp_rng r;
    zp_rng_init_u64(&r, s);
    return r;
}

static void setup(mc_case *c, unsigned O, uint64_t seed) {
    static const uint32_t dims[] = {6, 5, 3};
    memset(c, 0, sizeof *c);
    CHECK_OK(zp_train_config_default(&c->cfg, dims, 2));
    CHECK_OK(zp_mlp_alloc(&c->m, &c->cfg));
    uint8_t s[ZP_ZKML_SEED_BYTES] = {0};
    for (size_t i = 0; i < 8; i++) s[i] = (uint8_t)(seed >> (8 * i));
    CHECK_OK(zp_mlp_init_seeded(&c->m, &c->cfg, s));
    for (unsigned l = 0; l < 2; l++)
        for (size_t j = 0; j < dims[l + 1]; j++)
            c->m.b[l][j] = (int64_t)(test_rand_u64() % 2001) - 1000;
    for (size_t i = 0; i < 12; i++) c->x[i] = (int64_t)(test_rand_u64() % 1024) - 512;
    zp_rng r = seeded(seed);
    CHECK_OK(zp_model_commit_create(&c->mp, &c->cfg, &c->m, O, &r));
}

static void teardown(mc_case *c) {
    zp_model_prover_free(c->mp);
    zp_mlp_free(&c->m);
}

static void prove(mc_case *c, uint8_t **pf, size_t *len, int64_t *lg, unsigned *j,
                  const int64_t *x, size_t n, int tamper) {
    zp_rng r = seeded(test_rand_u64());
    zp_err e = zp_infer_prove_model_ex(pf, len, lg, j, c->mp, x, n, NULL, &r, tamper);
    CHECK_OK(e);
}

TEST(model_json_roundtrip_and_strict) {
    mc_case c;
    setup(&c, 4, 11);
    char *js = NULL;
    size_t jl = 0;
    CHECK_OK(zp_model_commit_to_json(&js, &jl, zp_model_prover_public(c.mp)));
    zp_model_commit *mc = NULL;
    char err[ZP_ZKML_ERR_BYTES];
    CHECK_OK(zp_model_commit_from_json(&mc, err, js, jl));
    uint8_t d1[32], d2[32];
    unsigned O = 0;
    zp_model_commit_info(zp_model_prover_public(c.mp), d1, NULL, NULL);
    zp_model_commit_info(mc, d2, NULL, &O);
    CHECK(memcmp(d1, d2, 32) == 0);
    CHECK(O == 4);
    zp_model_commit_free(mc);
    /* any changed hex digit of the root or the digest is rejected */
    char *root = strstr(js, "\"root\": \"");
    CHECK(root != NULL);
    for (int k = 0; k < 2; k++) {
        char *h = k ? strstr(js, "\"digest\": \"") + 11 : root + 9;
        char old = h[5];
        h[5] = old == '0' ? '1' : '0';
        mc = NULL;
        CHECK(zp_model_commit_from_json(&mc, err, js, jl) == ZP_ERR_PARSE);
        CHECK(mc == NULL);
        h[5] = old;
    }
    /* an unknown key, a changed dimension */
    char *bad = malloc(jl + 32);
    memcpy(bad, js, jl);
    char *p = strstr(bad, "\"version\": 1");
    memcpy(p, "\"version\": 2", 12);
    CHECK(zp_model_commit_from_json(&mc, err, bad, jl) == ZP_ERR_PARSE);
    memcpy(bad, js, jl);
    p = strstr(bad, "\"dims\": [6");
    p[9] = '7';
    CHECK(zp_model_commit_from_json(&mc, err, bad, jl) == ZP_ERR_PARSE);
    memcpy(bad, js, jl);
    p = strstr(bad, "\"type\"");
    memcpy(p, "\"typo\"", 6);
    CHECK(zp_model_commit_from_json(&mc, err, bad, jl) == ZP_ERR_PARSE);
    free(bad);
    free(js);
    teardown(&c);
}

TEST(model_commit_deterministic) {
    mc_case a, b;
    setup(&a, 4, 21);
    uint64_t s = 21;
    /* same model and rng seed: same digest */
    zp_rng r = seeded(s);
    CHECK_OK(zp_model_commit_create(&b.mp, &a.cfg, &a.m, 4, &r));
    uint8_t d1[32], d2[32];
    zp_model_commit_info(zp_model_prover_public(a.mp), d1, NULL, NULL);
    zp_model_commit_info(zp_model_prover_public(b.mp), d2, NULL, NULL);
    CHECK(memcmp(d1, d2, 32) == 0);
    zp_model_prover_free(b.mp);
    /* one weight changed: another digest */
    a.m.w[1][3] += 1;
    r = seeded(s);
    CHECK_OK(zp_model_commit_create(&b.mp, &a.cfg, &a.m, 4, &r));
    zp_model_commit_info(zp_model_prover_public(b.mp), d2, NULL, NULL);
    CHECK(memcmp(d1, d2, 32) != 0);
    zp_model_prover_free(b.mp);
    /* out-of-range weight refused */
    a.m.w[0][0] = (int64_t)1 << a.cfg.weight_bits;
    b.mp = NULL;
    CHECK(zp_model_commit_create(&b.mp, &a.cfg, &a.m, 4, &r) == ZP_ERR_ARG);
    CHECK(b.mp == NULL);
    teardown(&a);
}

TEST(model_bound_honest_and_wrong_statements) {
    mc_case c;
    setup(&c, 4, 31);
    const zp_model_commit *mc = zp_model_prover_public(c.mp);
    uint8_t *pf = NULL;
    size_t len = 0;
    int64_t lg[6];
    unsigned j = 99;
    prove(&c, &pf, &len, lg, &j, c.x, 2, ZP_INFER_HONEST);
    CHECK(j == 0);
    CHECK(zp_model_prover_next_index(c.mp) == 1);
    /* the unbound prover gives the same logits */
    int64_t lg2[6];
    uint8_t *pf2 = NULL;
    size_t len2 = 0;
    zp_rng r = seeded(5);
    CHECK_OK(zp_infer_prove(&pf2, &len2, lg2, &c.cfg, &c.m, c.x, 2, NULL, &r));
    CHECK(memcmp(lg, lg2, sizeof lg) == 0);
    /* an unbound proof does not verify as a bound one */
    CHECK(zp_infer_verify_model(mc, 0, c.x, 2, lg, NULL, pf2, len2) != ZP_OK);
    zp_infer_proof_free(pf2);
    CHECK_OK(zp_infer_verify_model(mc, 0, c.x, 2, lg, NULL, pf, len));
    /* a bound proof does not verify as an unbound one */
    CHECK(zp_infer_verify(&c.cfg, c.x, 2, lg, NULL, pf, len) != ZP_OK);
    /* changed output */
    lg[1] += 1;
    CHECK(zp_infer_verify_model(mc, 0, c.x, 2, lg, NULL, pf, len) == ZP_ERR_VERIFY);
    lg[1] -= 1;
    /* other input */
    int64_t x2[12];
    memcpy(x2, c.x, sizeof x2);
    x2[4] += 1;
    CHECK(zp_infer_verify_model(mc, 0, x2, 2, lg, NULL, pf, len) == ZP_ERR_VERIFY);
    /* opening index mismatch (every other index, and one past the end) */
    for (unsigned k = 1; k <= 4; k++)
        CHECK(zp_infer_verify_model(mc, k, c.x, 2, lg, NULL, pf, len) == ZP_ERR_VERIFY);
    /* proof replayed for another input, with that input's true logits */
    uint8_t *pf3 = NULL;
    size_t len3 = 0;
    int64_t lg3[6];
    unsigned j3;
    prove(&c, &pf3, &len3, lg3, &j3, x2, 2, ZP_INFER_HONEST);
    CHECK(j3 == 1);
    CHECK_OK(zp_infer_verify_model(mc, 1, x2, 2, lg3, NULL, pf3, len3));
    CHECK(zp_infer_verify_model(mc, 0, x2, 2, lg3, NULL, pf, len) == ZP_ERR_VERIFY);
    CHECK(zp_infer_verify_model(mc, 1, c.x, 2, lg, NULL, pf3, len3) == ZP_ERR_VERIFY);
    zp_infer_proof_free(pf3);
    /* another model commitment (same architecture, other weights) */
    mc_case d;
    setup(&d, 4, 32);
    CHECK(zp_infer_verify_model(zp_model_prover_public(d.mp), 0, c.x, 2, lg, NULL, pf, len) ==
          ZP_ERR_VERIFY);
    teardown(&d);
    /* the same weights committed again (another key): another commitment */
    zp_model_prover *mp2 = NULL;
    r = seeded(777);
    CHECK_OK(zp_model_commit_create(&mp2, &c.cfg, &c.m, 4, &r));
    CHECK(zp_infer_verify_model(zp_model_prover_public(mp2), 0, c.x, 2, lg, NULL, pf, len) ==
          ZP_ERR_VERIFY);
    zp_model_prover_free(mp2);
    zp_infer_proof_free(pf);
    teardown(&c);
}

TEST(model_bound_changed_weight_rejected) {
    mc_case c;
    setup(&c, 4, 41);
    uint8_t *pf = NULL;
    size_t len = 0;
    int64_t lg[6];
    unsigned j;
    /* the prover runs its sumchecks on W_0 + e_0 (not the committed W_0) */
    prove(&c, &pf, &len, lg, &j, c.x, 2, ZP_INFER_TAMPER_WEIGHT);
    CHECK(zp_infer_verify_model(zp_model_prover_public(c.mp), j, c.x, 2, lg, NULL, pf, len) ==
          ZP_ERR_VERIFY);
    zp_infer_proof_free(pf);
    teardown(&c);
}

TEST(model_bound_byte_flips) {
    mc_case c;
    setup(&c, 2, 51);
    uint8_t *pf = NULL;
    size_t len = 0;
    int64_t lg[3];
    unsigned j;
    prove(&c, &pf, &len, lg, &j, c.x, 1, ZP_INFER_HONEST);
    const zp_model_commit *mc = zp_model_prover_public(c.mp);
    CHECK_OK(zp_infer_verify_model(mc, j, c.x, 1, lg, NULL, pf, len));
    /* flip bytes spread over the whole proof (the model opening is last) */
    size_t step = len / 61 + 1;
    for (size_t i = 0; i < len; i += step) {
        pf[i] ^= 0x20;
        zp_err e = zp_infer_verify_model(mc, j, c.x, 1, lg, NULL, pf, len);
        CHECK(e == ZP_ERR_VERIFY || e == ZP_ERR_PARSE);
        pf[i] ^= 0x20;
    }
    pf[len - 1] ^= 1;
    CHECK(zp_infer_verify_model(mc, j, c.x, 1, lg, NULL, pf, len) != ZP_OK);
    pf[len - 1] ^= 1;
    CHECK(zp_infer_verify_model(mc, j, c.x, 1, lg, NULL, pf, len - 1) != ZP_OK);
    zp_infer_proof_free(pf);
    teardown(&c);
}

TEST(model_secret_roundtrip_and_reuse) {
    mc_case c;
    setup(&c, 3, 61);
    const zp_model_commit *mc = zp_model_prover_public(c.mp);
    uint8_t *sec0 = NULL, *sec1 = NULL;
    size_t sl0 = 0, sl1 = 0;
    CHECK_OK(zp_model_secret_export(&sec0, &sl0, c.mp));
    uint8_t *pf = NULL;
    size_t len = 0;
    int64_t lg[3];
    unsigned j;
    prove(&c, &pf, &len, lg, &j, c.x, 1, ZP_INFER_HONEST);
    CHECK(j == 0);
    zp_infer_proof_free(pf);
    CHECK_OK(zp_model_secret_export(&sec1, &sl1, c.mp));
    /* reload: the next index is 1, and the proof verifies */
    zp_model_prover *mp = NULL;
    char err[ZP_ZKML_ERR_BYTES];
    CHECK_OK(zp_model_prover_load(&mp, err, mc, sec1, sl1));
    CHECK(zp_model_prover_next_index(mp) == 1);
    zp_rng r = seeded(3);
    CHECK_OK(zp_infer_prove_model(&pf, &len, lg, &j, mp, c.x, 1, NULL, &r));
    CHECK(j == 1);
    CHECK_OK(zp_infer_verify_model(mc, 1, c.x, 1, lg, NULL, pf, len));
    zp_infer_proof_free(pf);
    zp_model_prover_free(mp);
    /* a stale secret (index 0 again): the library cannot know; the proof
     * still verifies (reuse costs hiding, never soundness) */
    CHECK_OK(zp_model_prover_load(&mp, err, mc, sec0, sl0));
    CHECK(zp_model_prover_next_index(mp) == 0);
    CHECK_OK(zp_infer_prove_model(&pf, &len, lg, &j, mp, c.x, 1, NULL, &r));
    CHECK(j == 0);
    CHECK_OK(zp_infer_verify_model(mc, 0, c.x, 1, lg, NULL, pf, len));
    zp_infer_proof_free(pf);
    /* within one prover, an index is never opened twice; exhaustion */
    CHECK(zp_pcs_prover_used(mp->pcs, 0));
    CHECK_OK(zp_infer_prove_model(&pf, &len, lg, &j, mp, c.x, 1, NULL, &r));
    zp_infer_proof_free(pf);
    CHECK_OK(zp_infer_prove_model(&pf, &len, lg, &j, mp, c.x, 1, NULL, &r));
    zp_infer_proof_free(pf);
    CHECK(j == 2);
    pf = (uint8_t *)1;
    CHECK(zp_infer_prove_model(&pf, &len, lg, &j, mp, c.x, 1, NULL, &r) == ZP_ERR_ARG);
    CHECK(pf == NULL);
    zp_model_prover_free(mp);
    /* a secret of another commitment, a corrupted one, a truncated one */
    mc_case d;
    setup(&d, 3, 62);
    CHECK(zp_model_prover_load(&mp, err, zp_model_prover_public(d.mp), sec1, sl1) ==
          ZP_ERR_PARSE);
    teardown(&d);
    sec1[84] ^= 1; /* a weight */
    CHECK(zp_model_prover_load(&mp, err, mc, sec1, sl1) == ZP_ERR_VERIFY);
    sec1[84] ^= 1;
    CHECK(zp_model_prover_load(&mp, err, mc, sec1, sl1 - 1) == ZP_ERR_PARSE);
    CHECK(mp == NULL);
    zp_model_secret_free(sec0, sl0);
    zp_model_secret_free(sec1, sl1);
    teardown(&c);
}

TEST(model_bound_private_input) {
    mc_case c;
    setup(&c, 2, 71);
    zp_infer_opts o;
    zp_infer_opts_default(&o);
    o.private_input = 1;
    uint8_t *pf = NULL;
    size_t len = 0;
    int64_t lg[6];
    unsigned j;
    zp_rng r = seeded(9);
    CHECK_OK(zp_infer_prove_model(&pf, &len, lg, &j, c.mp, c.x, 2, &o, &r));
    const zp_model_commit *mc = zp_model_prover_public(c.mp);
    CHECK_OK(zp_infer_verify_model(mc, j, NULL, 2, lg, &o, pf, len));
    lg[0] ^= 1;
    CHECK(zp_infer_verify_model(mc, j, NULL, 2, lg, &o, pf, len) == ZP_ERR_VERIFY);
    zp_infer_proof_free(pf);
    teardown(&c);
}
