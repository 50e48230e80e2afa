/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Slow dataset test: commit to the Fashion-MNIST training set (60,000 x 784,
 * /usr/share/datasets/fashion-mnist from tools/install-deps.sh), prove
 * membership and non-membership of records, and re-create the PCS prover of
 * the record matrix from DS.secret and the files (the training-run path). */
// ZP_TEST_LAYER: io
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "zkprov/io.h"
#include "zkprov/prov.h"

typedef struct {
    zp_dataset_builder *b;
    zp_fe *keep; /* records 0, 31337 and 59999 */
    size_t hist[10];
} ctx_t;

static zp_err add(void *p, const zp_fe *row, uint64_t i) {
    ctx_t *c = p;
    if (row[784] < 10) c->hist[row[784]]++;
    if (i == 0) memcpy(c->keep, row, 785 * sizeof *row);
    if (i == 31337) memcpy(c->keep + 785, row, 785 * sizeof *row);
    if (i == 59999) memcpy(c->keep + 2 * 785, row, 785 * sizeof *row);
    return zp_dataset_builder_add(c->b, NULL, row);
}

static zp_err readd(void *b, const zp_fe *row, uint64_t i) {
    (void)i;
    return zp_dataset_builder_add(b, NULL, row);
}

TEST(fashion_mnist_train_commit) {
    const char *ip = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";
    const char *lp = "/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz";
    zp_ds_schema *s = NULL;
    char err[ZP_IO_ERR_BYTES] = "";
    zp_err e = zp_io_schema_default(&s, err, ZP_DS_IDX, ip, lp);
    if (e != ZP_OK) printf("  %s (tools/install-deps.sh installs dataset-fashion-mnist)\n", err);
    CHECK_OK(e);
    if (e != ZP_OK) return;
    ctx_t c;
    memset(&c, 0, sizeof c);
    c.keep = calloc(3 * 785, sizeof(zp_fe));
    CHECK_OK(zp_dataset_builder_new(&c.b, s));
    uint64_t n = 0;
    CHECK_OK(zp_io_records_read(&n, err, s, ip, lp, add, &c, NULL, NULL));
    CHECK(n == 60000);
    for (int k = 0; k < 10; k++) CHECK(c.hist[k] == 6000); /* 6,000 per class */
    zp_dataset_commit *dc;
    zp_dataset_secret *sec;
    static const uint8_t seed[32] = {3};
    CHECK_OK(zp_dataset_builder_finish(c.b, err, &dc, &sec, seed));
    CHECK(dc->n_records == 60000 && dc->log_rows == 16 && dc->log_width == 10);
    /* The K = 8 mask blocks fit in the padding rows after the records. */
    CHECK(dc->pcs.max_openings == ZP_DS_DEFAULT_OPENINGS);
    CHECK(dc->mask_row >= 60000 && dc->mask_row % (1u << dc->mask_log_rows) == 0);
    CHECK(dc->mask_row + ((uint64_t)ZP_DS_DEFAULT_OPENINGS << dc->mask_log_rows) <= 65536);
    zp_train_dataset v;
    char verr[ZP_DS_ERR_BYTES] = "";
    CHECK_OK(zp_dataset_train_view(&v, verr, dc));
    CHECK(v.n_features == 784 && v.label_col == 784 && v.feature_scale == 0);
    for (int r = 0; r < 3; r++) {
        zp_bytes pb;
        zp_bytes_init(&pb);
        CHECK_OK(zp_dataset_prove_membership(&pb, dc, sec, c.keep + 785 * r, 1));
        CHECK_OK(zp_dataset_verify_membership(dc, c.keep + 785 * r, 1, pb.data, pb.len));
        zp_bytes_free(&pb);
        /* The image with one pixel changed is not in the training set. */
        zp_fe x[785];
        memcpy(x, c.keep + 785 * r, sizeof x);
        x[400] = x[400] == 255 ? 254 : x[400] + 1;
        zp_bytes_init(&pb);
        CHECK_OK(zp_dataset_prove_membership(&pb, dc, sec, x, 0));
        CHECK_OK(zp_dataset_verify_membership(dc, x, 0, pb.data, pb.len));
        zp_bytes_free(&pb);
    }
    /* JSON round trip of a full-size commitment. */
    char *j;
    size_t jl;
    CHECK_OK(zp_dataset_commit_to_json(&j, &jl, dc));
    zp_dataset_commit *back;
    char derr[ZP_DS_ERR_BYTES];
    CHECK_OK(zp_dataset_commit_parse(&back, derr, j, jl));
    CHECK(!memcmp(back->digest.b, dc->digest.b, 32));
    free(j);
    zp_dataset_commit_free(back);
    /* The provider re-reads the files and re-creates the PCS prover; its
     * opening 7 (the last of the budget) verifies against the root. */
    zp_dataset_builder *rb = NULL;
    CHECK_OK(zp_dataset_builder_new(&rb, dc->schema));
    CHECK_OK(zp_io_records_read(&n, err, dc->schema, ip, lp, readd, rb, NULL, NULL));
    zp_pcs_prover *pr = NULL;
    zp_fe *ev = NULL;
    CHECK_OK(zp_dataset_matrix_prover(&pr, &ev, derr, dc, sec, rb));
    zp_dataset_builder_free(rb);
    if (pr && ev) {
        zp_fe2 z[26];
        for (unsigned i = 0; i < 26; i++) z[i] = (zp_fe2){test_rand_u64() % ZP_FIELD_P, 0};
        const zp_fe2 *pts[1] = {z};
        zp_fe2 y;
        zp_transcript tp, tv;
        zp_transcript_init(&tp, "zkprov-test/fm-open");
        zp_transcript_init(&tv, "zkprov-test/fm-open");
        zp_bytes proof;
        zp_bytes_init(&proof);
        CHECK_OK(zp_pcs_open_mle_at(pr, 7, &tp, &proof, 1, pts, &y));
        zp_reader rd;
        zp_reader_init(&rd, proof.data, proof.len);
        CHECK_OK(zp_pcs_verify_mle_at(&dc->pcs, &dc->pcs_root, 7, &tv, &rd, 1, pts, &y));
        zp_bytes_free(&proof);
    }
    zp_pcs_prover_free(pr);
    free(ev);
    zp_dataset_commit_free(dc);
    zp_dataset_secret_free(sec);
    zp_dataset_builder_free(c.b);
    zp_ds_schema_free(s);
    free(c.keep);
}
