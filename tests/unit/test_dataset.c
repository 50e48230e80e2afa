/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the dataset commitment and (non-)membership proofs (src/prov/dataset.c,
 * src/prov/membership.c). */
// ZP_TEST_LAYER: prov
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "harness.h"
#include "prov/dataset_internal.h"
#include "zkprov/prov.h"

/* A CSV-style schema of w feature columns (scale 8, bound 2^20) and a label. */
static zp_ds_schema *mk_schema(size_t w) {
    zp_ds_schema *s = calloc(1, sizeof *s);
    s->format = ZP_DS_CSV;
    s->n_columns = w;
    s->columns = calloc(w, sizeof *s->columns);
    for (size_t i = 0; i < w; i++) {
        s->columns[i].name = malloc(24);
        snprintf(s->columns[i].name, 24, "f%zu", i);
        s->columns[i].count = 1;
        s->columns[i].scale = 8;
        s->columns[i].bound = 1u << 20;
    }
    s->has_label = 1;
    s->label_name = malloc(8);
    strcpy(s->label_name, "y");
    s->label_bound = 9;
    char err[ZP_DS_ERR_BYTES];
    if (zp_ds_schema_finish(s, err) != ZP_OK) { zp_ds_schema_free(s); return NULL; }
    return s;
}

static void rand_row(zp_fe *row, const zp_ds_schema *s) {
    for (size_t i = 0; i + 1 < s->width; i++) {
        int64_t q = (int64_t)(test_rand_u64() % (2u << 20)) - (1 << 20);
        row[i] = zp_ds_fe_from_i64(q);
    }
    row[s->width - 1] = test_rand_u64() % 10;
}

typedef struct {
    zp_ds_schema *s;
    size_t n;
    zp_fe *rows;
    zp_dataset_commit *c;
    zp_dataset_secret *sec;
} fixture;

static int build(fixture *f, size_t n, size_t w, const uint8_t seed[32], int dup) {
    memset(f, 0, sizeof *f);
    f->s = mk_schema(w);
    if (!f->s) return 0;
    f->n = n;
    f->rows = calloc(n * f->s->width, sizeof(zp_fe));
    zp_dataset_builder *b = NULL;
    if (zp_dataset_builder_new(&b, f->s) != ZP_OK) return 0;
    char err[ZP_DS_ERR_BYTES];
    for (size_t i = 0; i < n; i++) {
        zp_fe *r = f->rows + i * f->s->width;
        if (dup && i > 0 && i % 5 == 0) memcpy(r, r - f->s->width, f->s->width * sizeof *r);
        else rand_row(r, f->s);
        if (zp_dataset_builder_add(b, err, r) != ZP_OK) { zp_dataset_builder_free(b); return 0; }
    }
    zp_err e = zp_dataset_builder_finish(b, err, &f->c, &f->sec, seed);
    zp_dataset_builder_free(b);
    return e == ZP_OK;
}

static void drop(fixture *f) {
    zp_dataset_commit_free(f->c);
    zp_dataset_secret_free(f->sec);
    zp_ds_schema_free(f->s);
    free(f->rows);
}

static const uint8_t SEED_A[32] = {1, 2, 3};
static const uint8_t SEED_B[32] = {9, 9, 9};

TEST(schema_canonical_round_trip) {
    zp_ds_schema *s = mk_schema(3), *t = NULL;
    CHECK(s != NULL);
    char *c1, *c2;
    size_t n1, n2;
    CHECK_OK(zp_ds_schema_canonical(&c1, &n1, s));
    char err[ZP_DS_ERR_BYTES];
    CHECK_OK(zp_ds_schema_parse(&t, err, c1, n1));
    CHECK_OK(zp_ds_schema_canonical(&c2, &n2, t));
    CHECK(n1 == n2 && !memcmp(c1, c2, n1));
    CHECK(t->width == 4);
    /* Key order and whitespace do not matter; the canonical bytes do. */
    const char *loose = "{ \"version\":1, \"type\":\"zkprov/dataset-schema\", \"format\":\"csv\","
                        " \"label\":{\"name\":\"y\",\"bound\":9}, \"columns\":["
                        "{\"name\":\"f0\",\"scale\":8,\"bound\":1048576},"
                        "{\"scale\":8,\"name\":\"f1\",\"bound\":1048576,\"count\":1},"
                        "{\"name\":\"f2\",\"bound\":1048576,\"scale\":8}] }\n";
    zp_ds_schema *u = NULL;
    CHECK_OK(zp_ds_schema_parse(&u, err, loose, strlen(loose)));
    zp_digest d1, d2;
    CHECK_OK(zp_ds_schema_digest(&d1, s));
    CHECK_OK(zp_ds_schema_digest(&d2, u));
    CHECK(!memcmp(d1.b, d2.b, 32));
    free(c1);
    free(c2);
    zp_ds_schema_free(s);
    zp_ds_schema_free(t);
    zp_ds_schema_free(u);
}

TEST(schema_rejects_bad) {
    static const char *bad[] = {
        "{\"type\":\"zkprov/dataset-schema\",\"version\":1,\"format\":\"csv\",\"columns\":[]}",
        "{\"type\":\"zkprov/dataset-schema\",\"version\":2,\"format\":\"csv\",\"columns\":[{\"name\":\"a\",\"bound\":1}]}",
        "{\"type\":\"zkprov/dataset-schema\",\"version\":1,\"format\":\"xml\",\"columns\":[{\"name\":\"a\",\"bound\":1}]}",
        "{\"type\":\"zkprov/dataset-schema\",\"version\":1,\"format\":\"csv\",\"columns\":[{\"name\":\"a\",\"bound\":1,\"x\":1}]}",
        "{\"type\":\"zkprov/dataset-schema\",\"version\":1,\"format\":\"csv\",\"columns\":[{\"name\":\"a\",\"bound\":9007199254740992}]}",
        "{\"type\":\"zkprov/dataset-schema\",\"version\":1,\"format\":\"csv\",\"columns\":[{\"name\":\"a\",\"bound\":1,\"scale\":33}]}",
        "{\"type\":\"zkprov/dataset-schema\",\"version\":1,\"format\":\"csv\",\"columns\":[{\"name\":\"a\",\"bound\":1.5}]}",
        "{\"type\":\"zkprov/dataset-schema\",\"version\":1,\"format\":\"csv\",\"columns\":[{\"name\":\"a\",\"bound\":1},{\"name\":\"a\",\"bound\":1}]}",
        "{\"type\":\"zkprov/dataset-schema\",\"version\":1,\"format\":\"csv\",\"columns\":[{\"name\":\"a\",\"bound\":1}],\"label\":{\"name\":\"a\",\"bound\":1}}",
        "{\"type\":\"zkprov/dataset-schema\",\"version\":1,\"format\":\"idx\",\"columns\":[{\"name\":\"p\",\"count\":4,\"bound\":255}]}",
        "{\"type\":\"zkprov/dataset-schema\",\"version\":1,\"format\":\"csv\",\"format\":\"csv\",\"columns\":[{\"name\":\"a\",\"bound\":1}]}",
        "{\"type\":\"zkprov/dataset-schema\",\"version\":1,\"format\":\"csv\",\"columns\":[{\"name\":\"a\",\"bound\":1}]} x",
    };
    char err[ZP_DS_ERR_BYTES];
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        zp_ds_schema *s = (zp_ds_schema *)1;
        err[0] = 0;
        CHECK(zp_ds_schema_parse(&s, err, bad[i], strlen(bad[i])) == ZP_ERR_PARSE);
        CHECK(s == NULL && err[0] != 0);
    }
}

TEST(fixed_point_embedding) {
    for (int i = 0; i < 1000; i++) {
        int64_t q = (int64_t)(test_rand_u64() % (2 * ZP_DS_MAX_BOUND + 1)) - (int64_t)ZP_DS_MAX_BOUND;
        zp_fe x = zp_ds_fe_from_i64(q);
        CHECK(x < ZP_FIELD_P);
        int64_t back;
        CHECK_OK(zp_ds_i64_from_fe(&back, x, ZP_DS_MAX_BOUND));
        CHECK(back == q);
        uint64_t mag = q < 0 ? (uint64_t)-q : (uint64_t)q;
        if (mag > 0) CHECK(zp_ds_i64_from_fe(&back, x, mag - 1) == ZP_ERR_PARSE);
    }
    int64_t v;
    CHECK(zp_ds_i64_from_fe(&v, ZP_FIELD_P, ZP_DS_MAX_BOUND) == ZP_ERR_PARSE);
    CHECK(zp_ds_i64_from_fe(&v, ZP_FIELD_P / 2, ZP_DS_MAX_BOUND) == ZP_ERR_PARSE);
}

TEST(commit_json_round_trip_and_determinism) {
    fixture f, g, h;
    CHECK(build(&f, 37, 5, SEED_A, 0));
    CHECK(build(&g, 37, 5, SEED_A, 0) == 1);
    char *j1, *j2;
    size_t l1, l2;
    CHECK_OK(zp_dataset_commit_to_json(&j1, &l1, f.c));
    /* Rebuilding from f's rows with the same seed, under another thread
     * count, gives byte-identical output (g drew other rows). */
    zp_dataset_builder *b;
    CHECK_OK(zp_dataset_builder_new(&b, f.s));
    char err[ZP_DS_ERR_BYTES];
    for (size_t i = 0; i < f.n; i++) CHECK_OK(zp_dataset_builder_add(b, err, f.rows + i * f.s->width));
    zp_dataset_commit *c2;
    zp_dataset_secret *s2;
#ifdef _OPENMP
    int nt = omp_get_max_threads();
    omp_set_num_threads(nt > 1 ? 1 : 2); /* a different thread count */
#endif
    CHECK_OK(zp_dataset_builder_finish(b, err, &c2, &s2, SEED_A));
#ifdef _OPENMP
    omp_set_num_threads(nt);
#endif
    zp_dataset_builder_free(b);
    CHECK_OK(zp_dataset_commit_to_json(&j2, &l2, c2));
    CHECK(l1 == l2 && !memcmp(j1, j2, l1));
    zp_dataset_commit *p;
    CHECK_OK(zp_dataset_commit_parse(&p, err, j1, l1));
    CHECK(!memcmp(p->digest.b, f.c->digest.b, 32));
    CHECK(p->n_records == 37 && p->schema->width == 6);
    /* Other rows give another digest; another seed another PCS root and key. */
    CHECK(memcmp(g.c->digest.b, f.c->digest.b, 32) != 0);
    CHECK(build(&h, 37, 5, SEED_B, 0));
    CHECK(memcmp(h.c->vrf_pk, f.c->vrf_pk, 32) != 0);
    free(j1);
    free(j2);
    zp_dataset_commit_free(p);
    zp_dataset_commit_free(c2);
    zp_dataset_secret_free(s2);
    drop(&f);
    drop(&g);
    drop(&h);
}

TEST(commit_parse_rejects_tampering) {
    fixture f;
    CHECK(build(&f, 20, 3, SEED_A, 0));
    char *j;
    size_t l;
    CHECK_OK(zp_dataset_commit_to_json(&j, &l, f.c));
    char err[ZP_DS_ERR_BYTES];
    int changed = 0;
    /* Change every hex digit and decimal digit in turn. */
    for (size_t i = 0; i < l; i++) {
        char o = j[i];
        char r;
        if (o >= '0' && o <= '8') r = (char)(o + 1);
        else if (o == '9') r = '0';
        else if (o >= 'a' && o <= 'e') r = (char)(o + 1);
        else if (o == 'f') r = 'a';
        else continue;
        j[i] = r;
        zp_dataset_commit *p = NULL;
        zp_err e = zp_dataset_commit_parse(&p, err, j, l);
        /* A changed letter inside a fixed word ("ascending") is also a
         * rejection; nothing may parse to a commitment with another digest. */
        CHECK(e != ZP_OK);
        CHECK(p == NULL);
        j[i] = o;
        changed++;
    }
    CHECK(changed > 200);
    free(j);
    drop(&f);
}

TEST(secret_round_trip_and_binding) {
    fixture f, g;
    CHECK(build(&f, 17, 2, SEED_A, 0));
    CHECK(build(&g, 17, 2, SEED_B, 0));
    uint8_t *b;
    size_t l;
    CHECK_OK(zp_dataset_secret_serialize(&b, &l, f.sec));
    char err[ZP_DS_ERR_BYTES];
    zp_dataset_secret *s;
    CHECK_OK(zp_dataset_secret_parse(&s, err, b, l, f.c));
    CHECK(!memcmp(zp_dataset_secret_pcs_seed(s), zp_dataset_secret_pcs_seed(f.sec), 32));
    zp_dataset_secret_free(s);
    CHECK(zp_dataset_secret_parse(&s, err, b, l, g.c) != ZP_OK);
    for (size_t i = 0; i < l; i += 7) {
        b[i] ^= 0x20;
        CHECK(zp_dataset_secret_parse(&s, err, b, l, f.c) != ZP_OK);
        b[i] ^= 0x20;
    }
    CHECK(zp_dataset_secret_parse(&s, err, b, l - 1, f.c) != ZP_OK);
    free(b);
    drop(&f);
    drop(&g);
}

static int prove(zp_bytes *pb, const fixture *f, const zp_fe *row, int member) {
    zp_bytes_init(pb);
    return zp_dataset_prove_membership(pb, f->c, f->sec, row, member);
}

TEST(membership_round_trips) {
    fixture f;
    CHECK(build(&f, 50, 4, SEED_A, 1)); /* every fifth row repeats the one before */
    size_t w = f.s->width;
    for (size_t i = 0; i < f.n; i++) {
        const zp_fe *r = f.rows + i * w;
        zp_bytes pb;
        CHECK_OK(prove(&pb, &f, r, 1));
        CHECK_OK(zp_dataset_verify_membership(f.c, r, 1, pb.data, pb.len));
        CHECK(zp_dataset_verify_membership(f.c, r, 0, pb.data, pb.len) != ZP_OK);
        zp_bytes_free(&pb);
        CHECK(prove(&pb, &f, r, 0) == ZP_ERR_VERIFY); /* a member has no absence proof */
        zp_bytes_free(&pb);
    }
    zp_fe *x = calloc(w, sizeof *x);
    for (int t = 0; t < 60; t++) {
        rand_row(x, f.s);
        zp_bytes pb;
        CHECK_OK(prove(&pb, &f, x, 0));
        CHECK_OK(zp_dataset_verify_membership(f.c, x, 0, pb.data, pb.len));
        CHECK(zp_dataset_verify_membership(f.c, x, 1, pb.data, pb.len) != ZP_OK);
        /* The absence proof of x says nothing about a dataset row. */
        CHECK(zp_dataset_verify_membership(f.c, f.rows, 0, pb.data, pb.len) != ZP_OK);
        zp_bytes_free(&pb);
        CHECK(prove(&pb, &f, x, 1) == ZP_ERR_VERIFY); /* no membership proof for x */
        zp_bytes_free(&pb);
    }
    free(x);
    drop(&f);
}

TEST(membership_small_datasets) {
    for (size_t n = 1; n <= 4; n++) {
        fixture f;
        CHECK(build(&f, n, 1, SEED_A, 0));
        zp_fe x[2];
        for (int t = 0; t < 20; t++) {
            rand_row(x, f.s);
            zp_bytes pb;
            CHECK_OK(prove(&pb, &f, x, 0));
            CHECK_OK(zp_dataset_verify_membership(f.c, x, 0, pb.data, pb.len));
            zp_bytes_free(&pb);
        }
        for (size_t i = 0; i < n; i++) {
            zp_bytes pb;
            CHECK_OK(prove(&pb, &f, f.rows + 2 * i, 1));
            CHECK_OK(zp_dataset_verify_membership(f.c, f.rows + 2 * i, 1, pb.data, pb.len));
            zp_bytes_free(&pb);
        }
        drop(&f);
    }
}

TEST(membership_rejects_tampering) {
    fixture f, g;
    CHECK(build(&f, 40, 3, SEED_A, 0));
    CHECK(build(&g, 40, 3, SEED_B, 0));
    size_t w = f.s->width;
    zp_fe *x = calloc(w, sizeof *x);
    rand_row(x, f.s);
    for (int member = 0; member <= 1; member++) {
        const zp_fe *r = member ? f.rows + 7 * w : x;
        zp_bytes pb;
        CHECK_OK(prove(&pb, &f, r, member));
        CHECK_OK(zp_dataset_verify_membership(f.c, r, member, pb.data, pb.len));
        /* Every byte, flipped, is rejected. */
        for (size_t i = 0; i < pb.len; i++) {
            for (int bit = 0; bit < 8; bit += 3) {
                pb.data[i] ^= (uint8_t)(1u << bit);
                CHECK(zp_dataset_verify_membership(f.c, r, member, pb.data, pb.len) != ZP_OK);
                pb.data[i] ^= (uint8_t)(1u << bit);
            }
        }
        /* Truncated or extended. */
        CHECK(zp_dataset_verify_membership(f.c, r, member, pb.data, pb.len - 1) != ZP_OK);
        zp_bytes_append(&pb, "", 1);
        CHECK(zp_dataset_verify_membership(f.c, r, member, pb.data, pb.len) != ZP_OK);
        pb.len--;
        /* Another record value. */
        zp_fe *r2 = calloc(w, sizeof *r2);
        memcpy(r2, r, w * sizeof *r2);
        r2[0] = zp_ds_fe_from_i64(r2[0] == 1 ? 2 : 1);
        CHECK(zp_dataset_verify_membership(f.c, r2, member, pb.data, pb.len) != ZP_OK);
        free(r2);
        /* Another dataset's commitment. */
        CHECK(zp_dataset_verify_membership(g.c, r, member, pb.data, pb.len) != ZP_OK);
        zp_bytes_free(&pb);
    }
    free(x);
    drop(&f);
    drop(&g);
}

TEST(empty_and_bad_rows) {
    zp_ds_schema *s = mk_schema(2);
    zp_dataset_builder *b;
    CHECK_OK(zp_dataset_builder_new(&b, s));
    char err[ZP_DS_ERR_BYTES];
    zp_dataset_commit *c = (zp_dataset_commit *)1;
    zp_dataset_secret *sec = (zp_dataset_secret *)1;
    zp_fe row[3] = {zp_ds_fe_from_i64(-5), 7, 10}; /* label 10 > bound 9 */
    CHECK(zp_dataset_builder_add(b, err, row) == ZP_ERR_ARG);
    row[2] = 9;
    row[1] = (1u << 20) + 1; /* above the column bound */
    CHECK(zp_dataset_builder_add(b, err, row) == ZP_ERR_ARG);
    CHECK(zp_dataset_builder_count(b) == 0);
    CHECK(zp_dataset_builder_finish(b, err, &c, &sec, SEED_A) == ZP_ERR_ARG);
    CHECK(c == NULL && sec == NULL);
    CHECK(strstr(err, "empty") != NULL);
    zp_dataset_builder_free(b);
    zp_ds_schema_free(s);
}

/* The record keys (computed with the output-only VRF path, eight records
 * per vector, ZP_VRFO_BATCH per inversion) are exactly the first 32 bytes
 * of proof_to_hash(prove(sk, alpha(record))) for every record, for counts
 * that end inside a group of eight and inside a batch, with duplicates. */
TEST(record_keys_equal_full_vrf_outputs) {
    static const size_t counts[] = {1, 7, 77};
    for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++) {
        fixture f;
        CHECK(build(&f, counts[k], 3, SEED_B, 1));
        const struct zp_dataset_secret *sec = f.sec;
        size_t w = f.s->width, alen = zp_ds_record_bytes_len(w);
        uint8_t *alpha = malloc(alen), pi[ZP_VRF_PROOFBYTES], beta[ZP_VRF_OUTPUTBYTES];
        CHECK(alpha != NULL && sec->n == f.n);
        for (uint64_t j = 0; alpha && j < sec->n; j++) {
            uint64_t i = sec->index[j];
            CHECK(i < f.n);
            if (i >= f.n) break;
            zp_ds_record_bytes(alpha, &f.c->schema_digest, f.rows + i * w, w);
            CHECK_OK(zp_vrf_prove(pi, sec->vrf_sk, alpha, alen));
            CHECK_OK(zp_vrf_proof_to_hash(beta, pi));
            CHECK(!memcmp(beta, sec->keys + 32 * j, 32));
            if (j) CHECK(memcmp(sec->keys + 32 * (j - 1), sec->keys + 32 * j, 32) <= 0);
        }
        free(alpha);
        drop(&f);
    }
}
