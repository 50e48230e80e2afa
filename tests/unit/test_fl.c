/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of federated rounds: signed updates and the aggregation proof. */
// ZP_TEST_LAYER: prov
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "harness.h"
#include "prov/fl_internal.h"
#include "zkprov/prov.h"

#define LP 8
#define NC 5
#define PP ((size_t)1 << LP)

typedef struct {
    zp_fl_round r;
    uint8_t sk[NC + 1][64]; /* NC round keys + one outsider */
    int64_t *vals[NC];
    zp_fe *masks[NC];
    zp_fl_update upd[NC];
    zp_pcs_prover *pr[NC];
    zp_bytes rp[NC]; /* the clients' range proofs */
    uint64_t samples[NC];
} world;

static void make_round(world *w, uint64_t bound) {
    memset(w, 0, sizeof *w);
    w->r.round_id = 7;
    w->r.log_params = LP;
    w->r.update_bits = 8;
    w->r.bound = bound;
    w->r.n_clients = NC;
    w->r.client_pk = malloc(32 * NC);
    w->r.global = malloc(8 * PP);
    for (int i = 0; i <= NC; i++) {
        uint8_t pk[32];
        CHECK_OK(zp_auth_keypair(pk, w->sk[i]));
        if (i < NC) memcpy(w->r.client_pk + 32 * i, pk, 32);
    }
    for (size_t x = 0; x < PP; x++) w->r.global[x] = (int64_t)(test_rand_u64() % 20001) - 10000;
}

/* Smallest sample count of make_updates (N = the sum: at most 2^16 takes
 * the remainder lookup into [0, N), more the two range checks). */
static uint64_t samples_base = 10;

/* values: client c gets entries in [-amp, amp] */
static void make_updates(world *w, const int *amp) {
    size_t ml = zp_fl_client_mask_len(LP);
    CHECK(ml > 0);
    for (int c = 0; c < NC; c++) {
        w->vals[c] = malloc(8 * PP);
        w->masks[c] = malloc(ml * sizeof(zp_fe));
        for (size_t x = 0; x < PP; x++)
            w->vals[c][x] = (int64_t)(test_rand_u64() % (uint64_t)(2 * amp[c] + 1)) - amp[c];
        w->samples[c] = samples_base + test_rand_u64() % 100;
        zp_rng rr;
        zp_rng_derive(&rr, test_rng(), "client");
        zp_bytes_init(&w->rp[c]);
        CHECK_OK(zp_fl_update_create(&w->upd[c], &w->pr[c], &w->rp[c], &w->r, (uint32_t)c, w->sk[c],
                                     w->vals[c], w->samples[c], NULL, w->masks[c], &rr));
        CHECK(zp_fl_update_verify(&w->upd[c], &w->r, w->rp[c].data, w->rp[c].len) == ZP_OK);
    }
}

static void free_world(world *w) {
    for (int c = 0; c < NC; c++) {
        free(w->vals[c]);
        free(w->masks[c]);
        zp_pcs_prover_free(w->pr[c]);
        zp_bytes_free(&w->rp[c]);
    }
    zp_fl_round_clear(&w->r);
}

static zp_err prove(zp_fl_aggregate *a, world *w, size_t n) {
    const int64_t *v[NC];
    const zp_fe *m[NC];
    const uint8_t *rp[NC];
    size_t rl[NC];
    for (int c = 0; c < NC; c++)
        v[c] = w->vals[c], m[c] = w->masks[c], rp[c] = w->rp[c].data, rl[c] = w->rp[c].len;
    zp_rng rr;
    zp_rng_derive(&rr, test_rng(), "agg");
    return zp_fl_aggregate_prove(a, &w->r, w->upd, rp, rl, v, m, w->pr, n, &rr);
}

static const int amps_ok[NC] = {20, 30, 10, 25, 15};

/* The plain rule, computed independently. */
static void expected_global(int64_t *g, const world *w, const uint8_t *inc) {
    int64_t N = 0;
    for (int c = 0; c < NC; c++)
        if (inc[c]) N += (int64_t)w->samples[c];
    for (size_t x = 0; x < PP; x++) {
        int64_t s = 0;
        for (int c = 0; c < NC; c++)
            if (inc[c]) s += (int64_t)w->samples[c] * w->vals[c][x];
        /* round half up: floor(s / N + 1/2) via doubles is exact here */
        long double q = (long double)s / (long double)N;
        int64_t fl = (int64_t)q;
        if ((long double)fl > q) fl--;
        int64_t rnd = (q - (long double)fl >= 0.5L) ? fl + 1 : fl;
        g[x] = w->r.global[x] + rnd;
    }
}

TEST(honest_round_verifies) {
    world w;
    make_round(&w, 1000);
    make_updates(&w, amps_ok);
    zp_fl_aggregate a;
    CHECK_OK(prove(&a, &w, NC));
    char err[ZP_CERT_ERR_BYTES];
    zp_err e = zp_fl_aggregate_verify(err, &w.r, &a);
    if (e != ZP_OK) fprintf(stderr, "verify: %s\n", err);
    CHECK(e == ZP_OK);
    for (int c = 0; c < NC; c++) CHECK(a.included[c] == 1);
    int64_t *g = malloc(8 * PP);
    expected_global(g, &w, a.included);
    CHECK(memcmp(g, a.next.global, 8 * PP) == 0);
    free(g);
    /* encode / decode round trip verifies too */
    uint8_t *buf;
    size_t len;
    CHECK_OK(zp_fl_aggregate_encode(&buf, &len, &a));
    zp_fl_aggregate b;
    CHECK_OK(zp_fl_aggregate_decode(&b, buf, len));
    CHECK(zp_fl_aggregate_verify(NULL, &w.r, &b) == ZP_OK);
    /* flipped proof bytes are rejected */
    for (int k = 0; k < 6; k++) {
        size_t pos = (size_t)(test_rand_u64() % b.proof_len);
        b.proof[pos] ^= 1;
        CHECK(zp_fl_aggregate_verify(NULL, &w.r, &b) != ZP_OK);
        b.proof[pos] ^= 1;
    }
    zp_fl_aggregate_clear(&b);
    free(buf);
    zp_fl_aggregate_clear(&a);
    free_world(&w);
}

/* The round verifier checks everything but the clients' range proofs: it
 * accepts the honest round, rejects a flipped aggregation-proof byte or a
 * changed header, and ignores a flipped range-proof byte, which the full
 * verifier rejects. */
TEST(round_verifier_skips_only_range_proofs) {
    world w;
    make_round(&w, 1000);
    make_updates(&w, amps_ok);
    zp_fl_aggregate a;
    CHECK_OK(prove(&a, &w, NC));
    CHECK(zp_fl_aggregate_verify_round(NULL, &w.r, &a) == ZP_OK);
    CHECK(zp_fl_aggregate_verify(NULL, &w.r, &a) == ZP_OK);
    for (int k = 0; k < 4; k++) {
        size_t pos = (size_t)(test_rand_u64() % a.proof_len);
        a.proof[pos] ^= 1;
        CHECK(zp_fl_aggregate_verify_round(NULL, &w.r, &a) != ZP_OK);
        a.proof[pos] ^= 1;
    }
    a.updates[1].samples += 1; /* breaks the signature */
    CHECK(zp_fl_aggregate_verify_round(NULL, &w.r, &a) != ZP_OK);
    a.updates[1].samples -= 1;
    size_t pos = (size_t)(test_rand_u64() % a.range_lens[1]);
    a.range_proofs[1][pos] ^= 1;
    CHECK(zp_fl_aggregate_verify_round(NULL, &w.r, &a) == ZP_OK);
    CHECK(zp_fl_aggregate_verify(NULL, &w.r, &a) == ZP_ERR_VERIFY);
    zp_fl_aggregate_clear(&a);
    free_world(&w);
}

TEST(over_bound_update_is_excluded_and_proven) {
    world w;
    /* client 1 has entries up to 120: norm^2 ~ 256 * 120^2 / 3 > 1000^2 */
    int amps[NC] = {20, 120, 10, 25, 15};
    make_round(&w, 1000);
    make_updates(&w, amps);
    zp_fl_aggregate a;
    CHECK_OK(prove(&a, &w, NC));
    CHECK(a.included[1] == 0);
    CHECK(a.included[0] == 1);
    CHECK(zp_fl_aggregate_verify(NULL, &w.r, &a) == ZP_OK);
    int64_t *g = malloc(8 * PP);
    expected_global(g, &w, a.included);
    CHECK(memcmp(g, a.next.global, 8 * PP) == 0);
    free(g);
    /* claiming the over-bound update was included is rejected (the new model
     * is recomputed with it, so only the norm check can catch it) */
    a.included[1] = 1;
    CHECK(zp_fl_aggregate_verify(NULL, &w.r, &a) != ZP_OK);
    a.included[1] = 0;
    /* claiming an in-bound update was excluded is rejected */
    a.included[0] = 0;
    CHECK(zp_fl_aggregate_verify(NULL, &w.r, &a) != ZP_OK);
    zp_fl_aggregate_clear(&a);
    free_world(&w);
}

/* A prover that includes an over-bound update: the library refuses to prove
 * it (it applies the rule), so build the statement by hand: the honest
 * proof of a round with a larger bound does not verify under the smaller. */
TEST(over_bound_included_rejected) {
    world w;
    int amps[NC] = {20, 120, 10, 25, 15};
    make_round(&w, 5000);
    make_updates(&w, amps);
    zp_fl_aggregate a;
    CHECK_OK(prove(&a, &w, NC));
    CHECK(a.included[1] == 1);
    /* same proof presented for a round whose bound is 1000 */
    zp_fl_round r2 = w.r;
    r2.bound = 1000;
    CHECK(zp_fl_aggregate_verify(NULL, &r2, &a) != ZP_OK);
    zp_fl_aggregate_clear(&a);
    free_world(&w);
}

TEST(dropped_duplicated_altered_rejected) {
    world w;
    make_round(&w, 1000);
    make_updates(&w, amps_ok);
    zp_fl_aggregate a;
    CHECK_OK(prove(&a, &w, NC));
    CHECK(zp_fl_aggregate_verify(NULL, &w.r, &a) == ZP_OK);
    /* dropped: remove the last update from the record */
    a.n_updates--;
    CHECK(zp_fl_aggregate_verify(NULL, &w.r, &a) != ZP_OK);
    a.n_updates++;
    /* duplicated: the second entry repeats the first */
    zp_fl_update keep = a.updates[1];
    a.updates[1] = a.updates[0];
    CHECK(zp_fl_aggregate_verify(NULL, &w.r, &a) != ZP_OK);
    a.updates[1] = keep;
    /* altered: another root (signature breaks), then a re-signed other root */
    a.updates[2].root.b[0] ^= 1;
    CHECK(zp_fl_aggregate_verify(NULL, &w.r, &a) != ZP_OK);
    uint8_t m[ZP_FL_SIGNED_BYTES];
    size_t ml = zp_fl_update_signed_bytes(m, &a.updates[2]);
    CHECK(crypto_sign_detached(a.updates[2].sig, NULL, m, ml, w.sk[2]) == 0);
    CHECK(zp_fl_update_check(&a.updates[2], &w.r) == ZP_OK);
    CHECK(zp_fl_aggregate_verify(NULL, &w.r, &a) != ZP_OK);
    a.updates[2] = w.upd[2];
    /* altered new model */
    a.next.global[3] += 1;
    CHECK(zp_fl_aggregate_verify(NULL, &w.r, &a) != ZP_OK);
    a.next.global[3] -= 1;
    CHECK(zp_fl_aggregate_verify(NULL, &w.r, &a) == ZP_OK);
    zp_fl_aggregate_clear(&a);
    free_world(&w);
}

TEST(wrong_weight_rejected) {
    world w;
    make_round(&w, 1000);
    make_updates(&w, amps_ok);
    /* the aggregator uses n_0 + 5 in the rule: build it by re-signing a
     * header with the other count; the verifier sees the signed count, so
     * the honest client's header and this model disagree */
    zp_fl_update fake = w.upd[0];
    fake.samples += 5;
    uint8_t m[ZP_FL_SIGNED_BYTES];
    size_t ml = zp_fl_update_signed_bytes(m, &fake);
    CHECK(crypto_sign_detached(fake.sig, NULL, m, ml, w.sk[0]) == 0);
    zp_fl_update honest = w.upd[0];
    w.upd[0] = fake;
    zp_fl_aggregate a;
    CHECK_OK(prove(&a, &w, NC));
    CHECK(zp_fl_aggregate_verify(NULL, &w.r, &a) == ZP_OK);
    /* put back the client's real header: the weights no longer match */
    a.updates[0] = honest;
    CHECK(zp_fl_aggregate_verify(NULL, &w.r, &a) != ZP_OK);
    /* an unsigned change of the count is a bad signature */
    a.updates[0] = fake;
    a.updates[0].samples -= 5;
    CHECK(zp_fl_aggregate_verify(NULL, &w.r, &a) != ZP_OK);
    zp_fl_aggregate_clear(&a);
    free_world(&w);
}

TEST(unknown_key_rejected) {
    world w;
    make_round(&w, 1000);
    make_updates(&w, amps_ok);
    /* an outsider cannot create an update for a listed client */
    zp_fl_update u;
    zp_pcs_prover *pr;
    zp_rng rr;
    zp_rng_derive(&rr, test_rng(), "outsider");
    zp_bytes rp;
    zp_bytes_init(&rp);
    CHECK(zp_fl_update_create(&u, &pr, &rp, &w.r, 0, w.sk[NC], w.vals[0], 10, NULL, NULL, &rr) ==
          ZP_ERR_ARG);
    zp_bytes_free(&rp);
    /* a header signed by the outsider's key is rejected */
    u = w.upd[0];
    uint8_t m[ZP_FL_SIGNED_BYTES];
    size_t ml = zp_fl_update_signed_bytes(m, &u);
    CHECK(crypto_sign_detached(u.sig, NULL, m, ml, w.sk[NC]) == 0);
    CHECK(zp_fl_update_check(&u, &w.r) == ZP_ERR_VERIFY);
    zp_fl_aggregate a;
    CHECK_OK(prove(&a, &w, NC));
    a.updates[0] = u;
    CHECK(zp_fl_aggregate_verify(NULL, &w.r, &a) != ZP_OK);
    zp_fl_aggregate_clear(&a);
    free_world(&w);
}

TEST(wrong_previous_model_rejected) {
    world w;
    make_round(&w, 1000);
    make_updates(&w, amps_ok);
    zp_fl_aggregate a;
    CHECK_OK(prove(&a, &w, NC));
    w.r.global[5] += 1;
    CHECK(zp_fl_aggregate_verify(NULL, &w.r, &a) != ZP_OK);
    w.r.global[5] -= 1;
    CHECK(zp_fl_aggregate_verify(NULL, &w.r, &a) == ZP_OK);
    /* the next round's link names this round */
    zp_digest d;
    CHECK_OK(zp_fl_round_digest(&d, &w.r));
    CHECK(memcmp(d.b, a.next.prev_digest.b, 32) == 0);
    CHECK(a.next.round_id == w.r.round_id + 1);
    zp_fl_aggregate_clear(&a);
    free_world(&w);
}

TEST(subset_of_clients_and_encodings) {
    world w;
    make_round(&w, 1000);
    make_updates(&w, amps_ok);
    zp_fl_aggregate a;
    CHECK_OK(prove(&a, &w, 3));
    CHECK(a.n_updates == 3);
    CHECK(zp_fl_aggregate_verify(NULL, &w.r, &a) == ZP_OK);
    uint8_t *buf;
    size_t len;
    CHECK_OK(zp_fl_round_encode(&buf, &len, &w.r));
    zp_fl_round r2;
    CHECK_OK(zp_fl_round_decode(&r2, buf, len));
    CHECK(memcmp(r2.global, w.r.global, 8 * PP) == 0);
    zp_fl_round_clear(&r2);
    CHECK(zp_fl_round_decode(&r2, buf, len - 1) == ZP_ERR_PARSE);
    buf[0] ^= 1;
    CHECK(zp_fl_round_decode(&r2, buf, len) == ZP_ERR_PARSE);
    free(buf);
    zp_fl_aggregate_clear(&a);
    free_world(&w);
}

TEST(update_out_of_range_refused) {
    world w;
    make_round(&w, 1000);
    int64_t *v = calloc(PP, 8);
    zp_fl_update u;
    zp_pcs_prover *pr;
    zp_bytes rp;
    /* update_bits = 8: entries in [-128, 128) */
    const int64_t bad[3] = {128, -129, 256};
    for (int k = 0; k < 3; k++) {
        v[3] = bad[k];
        zp_bytes_init(&rp);
        CHECK(zp_fl_update_create(&u, &pr, &rp, &w.r, 0, w.sk[0], v, 10, NULL, NULL, test_rng()) ==
              ZP_ERR_ARG);
        CHECK(pr == NULL);
        zp_bytes_free(&rp);
    }
    /* both ends of the range are accepted and proven */
    v[3] = 127;
    v[4] = -128;
    zp_bytes_init(&rp);
    CHECK_OK(zp_fl_update_create(&u, &pr, &rp, &w.r, 0, w.sk[0], v, 10, NULL, NULL, test_rng()));
    CHECK(zp_fl_update_verify(&u, &w.r, rp.data, rp.len) == ZP_OK);
    /* the proof is bound to the header: another header, another digest */
    CHECK(rp.len > 0);
    rp.data[rp.len / 2] ^= 1;
    CHECK(zp_fl_update_verify(&u, &w.r, rp.data, rp.len) != ZP_OK);
    rp.data[rp.len / 2] ^= 1;
    CHECK(zp_fl_update_verify(&u, &w.r, rp.data, rp.len - 1) != ZP_OK);
    zp_pcs_prover_free(pr);
    zp_bytes_free(&rp);
    free(v);
    zp_fl_round_clear(&w.r);
}

TEST(large_total_samples_uses_range_checks) {
    /* N > 2^16: the remainders are range-checked (two 32-bit ranges)
     * instead of looked up in [0, N); honest rounds verify, a changed
     * proof byte in the middle is rejected */
    samples_base = 20000;
    world w;
    make_round(&w, 1000);
    make_updates(&w, amps_ok);
    samples_base = 10;
    uint64_t N = 0;
    for (int c = 0; c < NC; c++) N += w.samples[c];
    CHECK(N > ((uint64_t)1 << 16));
    zp_fl_aggregate a;
    CHECK_OK(prove(&a, &w, NC));
    CHECK(zp_fl_aggregate_verify(NULL, &w.r, &a) == ZP_OK);
    int64_t *g = malloc(8 * PP);
    expected_global(g, &w, a.included);
    CHECK(memcmp(g, a.next.global, 8 * PP) == 0);
    free(g);
    a.proof[a.proof_len / 3] ^= 1;
    CHECK(zp_fl_aggregate_verify_round(NULL, &w.r, &a) != ZP_OK);
    zp_fl_aggregate_clear(&a);
    free_world(&w);
}

TEST(aggregate_without_range_proofs) {
    /* ZP_FL_NO_RANGE_COPY: the aggregate does not carry the clients'
     * range proofs; the round verifier accepts it, the full verifier only
     * once they are attached (from the updates), and it survives encoding */
    world w;
    make_round(&w, 1000);
    make_updates(&w, amps_ok);
    const int64_t *v[NC];
    const zp_fe *m[NC];
    const uint8_t *rp[NC];
    size_t rl[NC];
    for (int c = 0; c < NC; c++)
        v[c] = w.vals[c], m[c] = w.masks[c], rp[c] = w.rp[c].data, rl[c] = w.rp[c].len;
    zp_rng rr;
    zp_rng_derive(&rr, test_rng(), "agg");
    zp_fl_aggregate a;
    CHECK_OK(zp_fl_aggregate_prove_ex(&a, &w.r, w.upd, rp, rl, v, m, w.pr, NC, &rr,
                                      ZP_FL_RANGES_CHECKED | ZP_FL_NO_RANGE_COPY));
    for (int c = 0; c < NC; c++) CHECK(a.range_lens[c] == 0 && a.range_proofs[c] == NULL);
    CHECK(zp_fl_aggregate_verify_round(NULL, &w.r, &a) == ZP_OK);
    CHECK(zp_fl_aggregate_verify(NULL, &w.r, &a) == ZP_ERR_VERIFY);
    uint8_t *buf;
    size_t len;
    CHECK_OK(zp_fl_aggregate_encode(&buf, &len, &a));
    zp_fl_aggregate b;
    CHECK_OK(zp_fl_aggregate_decode(&b, buf, len));
    free(buf);
    CHECK(zp_fl_aggregate_verify_round(NULL, &w.r, &b) == ZP_OK);
    for (int c = 0; c < NC; c++) {
        CHECK(b.range_lens[c] == 0);
        free(b.range_proofs[c]);
        b.range_proofs[c] = malloc(w.rp[c].len);
        memcpy(b.range_proofs[c], w.rp[c].data, w.rp[c].len);
        b.range_lens[c] = w.rp[c].len;
    }
    CHECK(zp_fl_aggregate_verify(NULL, &w.r, &b) == ZP_OK);
    /* another client's range proof in its place is rejected */
    uint8_t *t = b.range_proofs[0];
    size_t tl = b.range_lens[0];
    b.range_proofs[0] = b.range_proofs[1], b.range_lens[0] = b.range_lens[1];
    CHECK(zp_fl_aggregate_verify(NULL, &w.r, &b) == ZP_ERR_VERIFY);
    b.range_proofs[0] = t, b.range_lens[0] = tl;
    zp_fl_aggregate_clear(&b);
    zp_fl_aggregate_clear(&a);
    free_world(&w);
}

TEST(proofs_same_shape) {
    /* two different witnesses of the same shape give proofs of one length */
    world w1, w2;
    make_round(&w1, 1000);
    make_updates(&w1, amps_ok);
    make_round(&w2, 1000);
    int amps2[NC] = {5, 7, 9, 11, 13};
    make_updates(&w2, amps2);
    zp_fl_aggregate a1, a2;
    CHECK_OK(prove(&a1, &w1, NC));
    CHECK_OK(prove(&a2, &w2, NC));
    CHECK(a1.proof_len == a2.proof_len);
    zp_fl_aggregate_clear(&a1);
    zp_fl_aggregate_clear(&a2);
    free_world(&w1);
    free_world(&w2);
}

/* A cheating client: values (possibly out of range) committed and signed,
 * with the range prover given forged limbs (the low K bits of v + 2^(K-1),
 * which the honest prover would refuse to decompose). */
static void forge_update(world *w, int c, const int64_t *vals) {
    unsigned K = w->r.update_bits;
    zp_fe *limbs = malloc(PP * sizeof(zp_fe));
    for (size_t x = 0; x < PP; x++)
        limbs[x] = (zp_fe)((uint64_t)(vals[x] + ((int64_t)1 << (K - 1))) & (((uint64_t)1 << K) - 1));
    memcpy(w->vals[c], vals, 8 * PP);
    zp_fl_update u;
    zp_pcs_prover *pr;
    zp_bytes rp;
    zp_bytes_init(&rp);
    /* the honest client refuses */
    CHECK(zp_fl_update_create(&u, &pr, &rp, &w->r, (uint32_t)c, w->sk[c], vals, w->samples[c], NULL,
                              w->masks[c], test_rng()) == ZP_ERR_ARG);
    zp_bytes_free(&rp);
    zp_bytes_init(&rp);
    zp_rng rr;
    zp_rng_derive(&rr, test_rng(), "cheat");
    CHECK_OK(zp_fl_update_create_forged(&u, &pr, &rp, &w->r, (uint32_t)c, w->sk[c], vals,
                                        w->samples[c], NULL, w->masks[c], &rr, limbs));
    /* signed, so only the range proof itself can reject it */
    CHECK(zp_fl_update_check(&u, &w->r) == ZP_OK);
    CHECK(zp_fl_update_verify(&u, &w->r, rp.data, rp.len) == ZP_ERR_VERIFY);
    zp_pcs_prover_free(w->pr[c]);
    zp_bytes_free(&w->rp[c]);
    w->upd[c] = u;
    w->pr[c] = pr;
    w->rp[c] = rp;
    free(limbs);
}

TEST(forged_out_of_range_entry_rejected) {
    world w;
    make_round(&w, 1000);
    make_updates(&w, amps_ok);
    int64_t *v = malloc(8 * PP);
    memcpy(v, w.vals[2], 8 * PP);
    v[17] = 128; /* one entry just past 2^(K-1) - 1 */
    forge_update(&w, 2, v);
    /* the aggregator checks the range proofs before including anything */
    zp_fl_aggregate a;
    CHECK(prove(&a, &w, NC) == ZP_ERR_VERIFY);
    CHECK(a.proof == NULL);
    /* without client 2 the round goes through */
    zp_fl_update keep_u = w.upd[2];
    w.upd[2] = w.upd[4];
    zp_pcs_prover *keep_p = w.pr[2];
    zp_bytes keep_b = w.rp[2];
    int64_t *keep_v = w.vals[2];
    zp_fe *keep_m = w.masks[2];
    w.pr[2] = w.pr[4], w.rp[2] = w.rp[4], w.vals[2] = w.vals[4], w.masks[2] = w.masks[4];
    CHECK_OK(prove(&a, &w, NC - 1));
    CHECK(zp_fl_aggregate_verify(NULL, &w.r, &a) == ZP_OK);
    w.upd[2] = keep_u, w.pr[2] = keep_p, w.rp[2] = keep_b, w.vals[2] = keep_v, w.masks[2] = keep_m;
    zp_fl_aggregate_clear(&a);
    free(v);
    free_world(&w);
}

/* The wrap-around attack: (2^48)^2 = 2^96 = -1 mod p, so u = (+-2^48, 1,
 * 0, ...) has ||u||^2 = 2^96 + 1 but 0 mod p.  Two colluding clients
 * (opposite signs, equal weights: the model moves by honest amounts only)
 * and a colluding aggregator that takes norms mod p produce an aggregation
 * argument that passes on its own (the gap before the range proofs); the
 * clients' range proofs catch it. */
TEST(wrap_around_attack_caught) {
    world w;
    make_round(&w, 1000);
    make_updates(&w, amps_ok);
    w.samples[1] = w.samples[0];
    int64_t *v = calloc(PP, 8);
    v[0] = (int64_t)1 << 48;
    v[1] = 1;
    forge_update(&w, 0, v);
    v[0] = -((int64_t)1 << 48);
    forge_update(&w, 1, v);
    CHECK(zp_fl_norm2(w.vals[0], PP) > (unsigned __int128)w.r.bound * w.r.bound);
    const int64_t *vv[NC];
    const zp_fe *m[NC];
    const uint8_t *rp[NC];
    size_t rl[NC];
    for (int c = 0; c < NC; c++)
        vv[c] = w.vals[c], m[c] = w.masks[c], rp[c] = w.rp[c].data, rl[c] = w.rp[c].len;
    zp_rng rr;
    zp_rng_derive(&rr, test_rng(), "agg");
    zp_fl_aggregate a;
    /* the honest aggregator refuses */
    CHECK(zp_fl_aggregate_prove(&a, &w.r, w.upd, rp, rl, vv, m, w.pr, NC, &rr) == ZP_ERR_VERIFY);
    CHECK_OK(zp_fl_aggregate_prove_ex(&a, &w.r, w.upd, rp, rl, vv, m, w.pr, NC, &rr,
                                      ZP_FL_CHEAT_MODP));
    CHECK(a.included[0] == 1 && a.included[1] == 1);
    char err[ZP_CERT_ERR_BYTES];
    CHECK(zp_fl_aggregate_verify_ex(err, &w.r, &a, ZP_FL_SKIP_RANGE) == ZP_OK);
    CHECK(zp_fl_aggregate_verify_round(err, &w.r, &a) == ZP_OK); /* why --full exists */
    CHECK(zp_fl_aggregate_verify(err, &w.r, &a) == ZP_ERR_VERIFY);
    CHECK(strstr(err, "range proof") != NULL);
    /* and after an encode / decode round trip */
    uint8_t *buf;
    size_t len;
    CHECK_OK(zp_fl_aggregate_encode(&buf, &len, &a));
    zp_fl_aggregate b;
    CHECK_OK(zp_fl_aggregate_decode(&b, buf, len));
    CHECK(zp_fl_aggregate_verify(NULL, &w.r, &b) == ZP_ERR_VERIFY);
    zp_fl_aggregate_clear(&b);
    free(buf);
    zp_fl_aggregate_clear(&a);
    free(v);
    free_world(&w);
}

/* Updates made from fixed seeds (so both runs hold the same commitments),
 * aggregated from a fixed seed with 1 and 2 threads: byte-identical. */
TEST(aggregate_same_bytes_1_and_2_threads) {
#ifdef _OPENMP
    int keep = omp_get_max_threads();
#endif
    uint8_t sk[NC + 1][64], pk[32 * NC];
    for (int c = 0; c < NC; c++) CHECK_OK(zp_auth_keypair(pk + 32 * c, sk[c]));
    world ws[2];
    uint8_t *enc[2];
    size_t len[2];
    for (int k = 0; k < 2; k++) {
        world *w = &ws[k];
#ifdef _OPENMP
        omp_set_num_threads(k + 1);
#endif
        memset(w, 0, sizeof *w);
        w->r.round_id = 7;
        w->r.log_params = LP;
        w->r.update_bits = 8;
        w->r.bound = 1000;
        w->r.n_clients = NC;
        w->r.client_pk = malloc(32 * NC);
        memcpy(w->r.client_pk, pk, 32 * NC);
        memcpy(w->sk, sk, sizeof sk);
        w->r.global = malloc(8 * PP);
        for (size_t x = 0; x < PP; x++) w->r.global[x] = (int64_t)(x * 37 % 1001) - 500;
        size_t ml = zp_fl_client_mask_len(LP);
        const int64_t *v[NC];
        const zp_fe *m[NC];
        const uint8_t *rp[NC];
        size_t rl[NC];
        for (int c = 0; c < NC; c++) {
            w->vals[c] = malloc(8 * PP);
            w->masks[c] = malloc(ml * sizeof(zp_fe));
            for (size_t x = 0; x < PP; x++) w->vals[c][x] = (int64_t)((x * 131 + (size_t)c * 17) % 61) - 30;
            w->samples[c] = 20 + (uint64_t)c;
            zp_rng cr;
            zp_rng_init_u64(&cr, 100 + (uint64_t)c);
            zp_bytes_init(&w->rp[c]);
            CHECK_OK(zp_fl_update_create(&w->upd[c], &w->pr[c], &w->rp[c], &w->r, (uint32_t)c, w->sk[c],
                                         w->vals[c], w->samples[c], NULL, w->masks[c], &cr));
            v[c] = w->vals[c], m[c] = w->masks[c], rp[c] = w->rp[c].data, rl[c] = w->rp[c].len;
        }
        zp_rng rr;
        zp_rng_init_u64(&rr, 4242);
        zp_fl_aggregate a;
        CHECK_OK(zp_fl_aggregate_prove(&a, &w->r, w->upd, rp, rl, v, m, w->pr, NC, &rr));
        CHECK(zp_fl_aggregate_verify(NULL, &w->r, &a) == ZP_OK);
        CHECK_OK(zp_fl_aggregate_encode(&enc[k], &len[k], &a));
        zp_fl_aggregate_clear(&a);
    }
#ifdef _OPENMP
    omp_set_num_threads(keep);
#endif
    /* the client range proofs and the whole aggregate, byte for byte */
    for (int c = 0; c < NC; c++) {
        CHECK(ws[0].rp[c].len == ws[1].rp[c].len);
        CHECK(memcmp(ws[0].rp[c].data, ws[1].rp[c].data, ws[0].rp[c].len) == 0);
    }
    CHECK(len[0] == len[1]);
    CHECK(memcmp(enc[0], enc[1], len[0]) == 0);
    free(enc[0]), free(enc[1]);
    free_world(&ws[0]);
    free_world(&ws[1]);
}
