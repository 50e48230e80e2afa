/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Constant-time boundary (valgrind) of the LogUp and range provers: only `_var` code may vary. */
#include <stdlib.h>
#include <string.h>

#include "ctime.h"
#include "zkprov/piop.h"

/*
 * A lookup prover counts how often each witness value occurs in the table
 * (the multiplicities), which indexes memory by the witness: that is
 * zp_logup_counts_var, variable time by contract.  This program runs the
 * ZK range and LogUp provers on secret values with tests/ctime/var.supp,
 * which accepts memcheck reports whose innermost frame is a `*_var`
 * function and nothing else: every other step of these provers (limb
 * decomposition, helper inverses, the masked sumcheck, the commitments and
 * openings) must be constant-time.
 */

CT_REQUIRE_VALGRIND()

#define LOG_N 5
#define N (1u << LOG_N)

static zp_fe rnd(void) { return zp_fe_from_u64(test_rand_u64()); }

TEST(ct_range_zk) {
    static const unsigned ks[] = {12, 20}; /* one limb with a shifted top, two limbs */
    for (size_t t = 0; t < 2; t++) {
        unsigned k = ks[t];
        zp_fe v[N], mask[4];
        for (size_t i = 0; i < N; i++) v[i] = test_rand_u64() & ((1u << k) - 1);
        for (int i = 0; i < 4; i++) mask[i] = rnd();
        zp_rng rng;
        zp_rng_init_u64(&rng, test_rand_u64());
        CT_SECRET(v, sizeof v);
        CT_SECRET(mask, sizeof mask);
        CT_SECRET(rng.key, sizeof rng.key);
        zp_piop_tensor tv = {v, mask, 4};
        zp_transcript tr;
        zp_transcript_init(&tr, "ctime/range");
        zp_bytes pf;
        zp_bytes_init(&pf);
        zp_piop_claim cl;
        zp_err e = zp_range_prove(&tr, &pf, &cl, &tv, LOG_N, k, 1, &rng);
        CHECK(ct_is_secret(v, sizeof v) && ct_is_secret(rng.key, sizeof rng.key));
        CT_PUBLIC(&cl, sizeof cl);
        CT_PUBLIC(v, sizeof v);
        CT_PUBLIC(mask, sizeof mask);
        CHECK_OK(e);
        /* the verifier accepts, and the claim is the masked value of v */
        zp_transcript_init(&tr, "ctime/range");
        zp_reader rd;
        zp_reader_init(&rd, pf.data, pf.len);
        zp_piop_claim vc;
        CHECK_OK(zp_range_verify(&tr, &rd, &vc, LOG_N, k, 1));
        CHECK_OK(zp_reader_finish(&rd));
        zp_fe2 one = {1, 0};
        zp_fe2 want = zp_fe2_add(zp_fe2_mul(zp_fe2_sub(one, vc.r_b), zp_mle_eval(v, vc.point, LOG_N)),
                                 zp_fe2_mul(vc.r_b, zp_mle_eval(mask, vc.point, 2)));
        CHECK(want.c0 == vc.value.c0 && want.c1 == vc.value.c1);
        CHECK(cl.value.c0 == vc.value.c0 && cl.value.c1 == vc.value.c1);
        zp_bytes_free(&pf);
    }
}

/* A value out of range is refused; the refusal is the one declassified bit. */
TEST(ct_range_out_of_range_refused) {
    zp_fe v[N], mask[4];
    for (size_t i = 0; i < N; i++) v[i] = test_rand_u64() & 0xff;
    v[N / 2] = 0x100; /* 9 bits */
    for (int i = 0; i < 4; i++) mask[i] = rnd();
    zp_rng rng;
    zp_rng_init_u64(&rng, test_rand_u64());
    CT_SECRET(v, sizeof v);
    CT_SECRET(rng.key, sizeof rng.key);
    zp_piop_tensor tv = {v, mask, 4};
    zp_transcript tr;
    zp_transcript_init(&tr, "ctime/range");
    zp_bytes pf;
    zp_bytes_init(&pf);
    zp_piop_claim cl;
    zp_err e = zp_range_prove(&tr, &pf, &cl, &tv, LOG_N, 8, 1, &rng);
    CHECK(e == ZP_ERR_ARG);
    zp_bytes_free(&pf);
}

TEST(ct_logup_zk) {
    const unsigned log_t = 4;
    zp_fe table[1u << 4], a0[N], a1[N], m0[4], m1[4];
    for (size_t j = 0; j < (1u << log_t); j++) table[j] = rnd(); /* not contiguous */
    for (size_t i = 0; i < N; i++) {
        a0[i] = table[test_rand_u64() % (1u << log_t)];
        a1[i] = table[test_rand_u64() % (1u << log_t)];
    }
    for (int i = 0; i < 4; i++) {
        m0[i] = rnd();
        m1[i] = rnd();
    }
    zp_rng rng;
    zp_rng_init_u64(&rng, test_rand_u64());
    CT_SECRET(a0, sizeof a0);
    CT_SECRET(a1, sizeof a1);
    CT_SECRET(m0, sizeof m0);
    CT_SECRET(m1, sizeof m1);
    CT_SECRET(rng.key, sizeof rng.key);
    zp_piop_tensor cols[2] = {{a0, m0, 4}, {a1, m1, 4}};
    zp_transcript tr;
    zp_transcript_init(&tr, "ctime/logup");
    zp_bytes pf;
    zp_bytes_init(&pf);
    zp_logup_claims pc;
    zp_err e = zp_logup_prove(&tr, &pf, &pc, cols, 2, LOG_N, table, log_t, 1, &rng);
    CHECK(ct_is_secret(a0, sizeof a0) && ct_is_secret(m1, sizeof m1));
    CT_PUBLIC(&pc, sizeof pc);
    CHECK_OK(e);
    zp_transcript_init(&tr, "ctime/logup");
    zp_reader rd;
    zp_reader_init(&rd, pf.data, pf.len);
    zp_logup_claims vc;
    CHECK_OK(zp_logup_verify(&tr, &rd, &vc, 2, LOG_N, table, log_t, 1));
    CHECK_OK(zp_reader_finish(&rd));
    CHECK(vc.n_cols == 2 && pc.n_cols == 2);
    CHECK(memcmp(&vc.col[1].value, &pc.col[1].value, sizeof vc.col[1].value) == 0);
    zp_bytes_free(&pf);
}
