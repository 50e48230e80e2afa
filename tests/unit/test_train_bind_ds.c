/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * The bind proof (src/zkml/train_bind.c) on a real dataset commitment of
 * src/prov/dataset.c: its training view passes zp_train_dataset_check (the
 * mask blocks cover whole PCS rows), the matrix re-created from the
 * records and DS.secret binds a run's records (honest deferred claims at
 * points of the test's choosing), and the proof fails against a dataset
 * committed from other records. */
// ZP_TEST_LAYER: prov
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "field/gl.h"
#include "zkprov/prov.h"
#include "zkml/train_bind_internal.h"
#include "train_bind_common.h"

#define NREC 40
#define NF 6
#define TS 4
#define NB 5
#define CPS 2

static const uint8_t SEED[32] = {7, 7, 7};

/* Honest deferred claims on Q_t (what a step proof leaves). */
static void claims_of(const zp_train_bind *b, uint64_t t, zp_zkp_dclaim *c) {
    zp_zkp_ext x;
    uint64_t off, moff;
    unsigned ls;
    CHECK_OK(zp_train_bind_block(b, t, &x, &off, &moff, &ls));
    for (int k = 0; k < CPS; k++) {
        tb_claim_init(&c[k], off, moff, ls);
        for (unsigned v = 0; v < ls; v++)
            c[k].point[v] = (zp_fe2){test_rand_u64() % GL_P, test_rand_u64() % GL_P};
        c[k].r_b = (zp_fe2){test_rand_u64() % GL_P, 1};
        if (x.evals) c[k].value = tb_claim_value(x.evals, &c[k]);
    }
}

TEST(bind_on_dataset_commitment) {
    zp_ds_schema *s = tb_schema(NF, 8, 1u << 20, 9);
    CHECK(s != NULL);
    if (!s) return;
    zp_fe *rows = calloc(NREC * s->width, sizeof(zp_fe));
    for (size_t i = 0; i < NREC; i++) {
        for (size_t c = 0; c < NF; c++)
            rows[i * s->width + c] =
                zp_ds_fe_from_i64((int64_t)(test_rand_u64() % (2u << 20)) - (1 << 20));
        rows[i * s->width + NF] = test_rand_u64() % 10;
    }
    char err[ZP_DS_ERR_BYTES] = "";
    zp_dataset_commit *c = NULL;
    zp_dataset_secret *sec = NULL;
    zp_dataset_builder *b0 = tb_fill(s, rows, NREC);
    CHECK(b0 != NULL);
    CHECK_OK(zp_dataset_builder_finish(b0, err, &c, &sec, SEED));
    zp_dataset_builder_free(b0);
    zp_train_dataset v;
    CHECK_OK(zp_dataset_train_view(&v, err, c));
    CHECK_OK(zp_train_dataset_check(&v));
    CHECK(v.n_records == NREC && v.label_col == NF);
    zp_pcs_prover *pcs = NULL;
    zp_fe *D = NULL;
    zp_dataset_builder *b1 = tb_fill(s, rows, NREC);
    CHECK_OK(zp_dataset_matrix_prover(&pcs, &D, err, c, sec, b1));
    zp_dataset_builder_free(b1);
    uint32_t idx[TS * NB];
    for (uint64_t t = 0; t < TS; t++)
        CHECK_OK(zp_sampler_batch(v.digest, t, NB, NREC, idx + t * NB));
    zp_zkp_dclaim cl[TS * CPS];
    zp_bytes out;
    zp_bytes_init(&out);
    zp_rng rng;
    zp_rng_init_u64(&rng, 5);
    zp_train_bind *bp = NULL;
    CHECK_OK(zp_train_bind_begin(&bp, &v, 2, TS, NB, idx, CPS, pcs, D, &out, NULL, 0, &rng));
    for (uint64_t t = 0; t < TS && bp; t++) {
        claims_of(bp, t, cl + t * CPS);
        CHECK_OK(zp_train_bind_step_claims(bp, t, cl + t * CPS, CPS));
    }
    CHECK_OK(zp_train_bind_finish(bp));
    zp_train_bind_free(bp);
    CHECK(zp_pcs_prover_used(pcs, 2) && !zp_pcs_prover_used(pcs, 0));
    /* the verifier, from the public view only */
    for (int pass = 0; pass < 3; pass++) {
        zp_train_dataset vv = v;
        uint32_t id2[TS * NB];
        memcpy(id2, idx, sizeof id2);
        if (pass == 1) id2[NB + 1] = (id2[NB + 1] + 1) % NREC; /* another record */
        if (pass == 2) vv.root.b[0] ^= 1;                       /* another dataset */
        zp_train_bind *bv = NULL;
        zp_err e = zp_train_bind_begin(&bv, &vv, 2, TS, NB, id2, CPS, NULL, NULL, NULL, out.data,
                                       out.len, NULL);
        for (uint64_t t = 0; t < TS && e == ZP_OK; t++)
            e = zp_train_bind_step_claims(bv, t, cl + t * CPS, CPS);
        if (e == ZP_OK) e = zp_train_bind_finish(bv);
        zp_train_bind_free(bv);
        CHECK(pass == 0 ? e == ZP_OK : e == ZP_ERR_VERIFY);
    }
    zp_bytes_free(&out);
    zp_memzero(D, ((size_t)1 << v.pp.n_vars) * sizeof(zp_fe));
    free(D);
    zp_pcs_prover_free(pcs);
    zp_dataset_commit_free(c);
    zp_dataset_secret_free(sec);
    zp_ds_schema_free(s);
    free(rows);
}
