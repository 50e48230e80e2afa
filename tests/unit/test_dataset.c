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
#include "train_bind_common.h"

/* A CSV-style schema of w feature columns (scale 8, bound 2^20) and a label. */
static zp_ds_schema *mk_schema(size_t w) { return tb_schema(w, 8, 1u << 20, 9); }

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

/* n random records of w features (dup: every fifth repeats the one before),
 * committed for k openings (0: the default). */
static int build_k(fixture *f, size_t n, size_t w, const uint8_t seed[32], int dup, unsigned k) {
    memset(f, 0, sizeof *f);
    f->s = mk_schema(w);
    if (!f->s) return 0;
    f->n = n;
    f->rows = calloc(n * f->s->width, sizeof(zp_fe));
    zp_dataset_builder *b = NULL;
    if (zp_dataset_builder_new(&b, f->s) != ZP_OK) return 0;
    if (k && zp_dataset_builder_set_openings(b, k) != ZP_OK) { zp_dataset_builder_free(b); return 0; }
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

static int build(fixture *f, size_t n, size_t w, const uint8_t seed[32], int dup) {
    return build_k(f, n, w, seed, dup, 0);
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

/* ---- opening masks and the training-run view ---- */

/* The canonical mask layout: K blocks of 2^m rows (2^(m + log_width) >= 16
 * values and >= one PCS row), from n_records rounded up to 2^m, inside
 * 2^log_rows rows; K recorded in the PCS parameters. */
static void check_layout(const zp_dataset_commit *c, unsigned k) {
    CHECK(c->pcs.max_openings == k);
    const unsigned m = c->mask_log_rows;
    CHECK(m + c->log_width >= 4 && m + c->log_width >= c->pcs.log_cols);
    CHECK(m == 0 || (m - 1 + c->log_width < 4 || m - 1 + c->log_width < c->pcs.log_cols));
    CHECK(c->mask_row >= c->n_records && c->mask_row - c->n_records < ((uint64_t)1 << m));
    CHECK(c->mask_row % ((uint64_t)1 << m) == 0);
    CHECK(c->mask_row + ((uint64_t)k << m) <= (uint64_t)1 << c->log_rows);
    CHECK(c->pcs.n_vars == c->log_rows + c->log_width);
}

TEST(mask_layout_and_version) {
    static const size_t ns[] = {1, 2, 37, 200};
    for (size_t t = 0; t < 4; t++) {
        fixture f;
        unsigned k = t == 3 ? 1 : (t == 2 ? 3 : 0);
        CHECK(build_k(&f, ns[t], t == 0 ? 1 : 6, SEED_A, 0, k));
        check_layout(f.c, k ? k : ZP_DS_DEFAULT_OPENINGS);
        drop(&f);
    }
    CHECK(zp_ds_default_openings() == ZP_DS_DEFAULT_OPENINGS);
    zp_ds_schema *s = mk_schema(2);
    zp_dataset_builder *b;
    CHECK_OK(zp_dataset_builder_new(&b, s));
    CHECK(zp_dataset_builder_set_openings(b, 0) == ZP_ERR_ARG);
    CHECK(zp_dataset_builder_set_openings(b, ZP_DS_MAX_OPENINGS + 1) == ZP_ERR_ARG);
    CHECK_OK(zp_dataset_builder_set_openings(b, ZP_DS_MAX_OPENINGS));
    zp_dataset_builder_free(b);
    zp_ds_schema_free(s);

    /* The JSON records K and the layout; version 1 files are refused with a
     * reason; another K or layout does not parse (digest or layout check). */
    fixture f;
    CHECK(build(&f, 20, 3, SEED_A, 0));
    char *j;
    size_t l;
    CHECK_OK(zp_dataset_commit_to_json(&j, &l, f.c));
    CHECK(strstr(j, "\"max_openings\": 8") != NULL);
    CHECK(strstr(j, "\"mask_row\": ") != NULL && strstr(j, "\"mask_log_rows\": ") != NULL);
    char *v = strstr(j, "\"version\": 2");
    CHECK(v != NULL);
    char err[ZP_DS_ERR_BYTES] = "";
    zp_dataset_commit *p = NULL;
    if (v) {
        v[11] = '1';
        CHECK(zp_dataset_commit_parse(&p, err, j, l) == ZP_ERR_UNSUPPORTED);
        CHECK(p == NULL && strstr(err, "version 1") != NULL && strchr(err, '\n') == NULL);
        v[11] = '2';
    }
    CHECK_OK(zp_dataset_commit_parse(&p, err, j, l));
    CHECK(p->mask_row == f.c->mask_row && p->mask_log_rows == f.c->mask_log_rows &&
          p->pcs.max_openings == 8);
    zp_dataset_commit_free(p);
    /* A layout that is not the canonical one, with the digest recomputed. */
    zp_dataset_commit alt = *f.c;
    alt.mask_row += (uint64_t)1 << alt.mask_log_rows;
    CHECK_OK(zp_dataset_commit_compute_digest(&alt.digest, &alt));
    char *j2;
    size_t l2;
    CHECK_OK(zp_dataset_commit_to_json(&j2, &l2, &alt));
    CHECK(zp_dataset_commit_parse(&p, err, j2, l2) == ZP_ERR_PARSE);
    CHECK(strstr(err, "mask layout") != NULL);
    free(j2);
    alt = *f.c;
    alt.pcs.max_openings = 0;
    CHECK_OK(zp_dataset_commit_compute_digest(&alt.digest, &alt));
    CHECK_OK(zp_dataset_commit_to_json(&j2, &l2, &alt));
    CHECK(zp_dataset_commit_parse(&p, err, j2, l2) != ZP_OK);
    free(j2);
    free(j);
    drop(&f);
}

/* A builder holding f's rows (the "data file" read again). */
static zp_dataset_builder *reread(const fixture *f, size_t n) {
    return tb_fill(f->s, f->rows, n);
}

/* The holder re-creates the PCS prover from DS.secret and the records: the
 * matrix holds the records, zero padding and K distinct uniform-looking mask
 * blocks; each of the K openings verifies against the committed root and a
 * (K+1)-th is refused. */
TEST(matrix_prover_recommits_and_opens) {
    fixture f;
    const unsigned K = 3;
    CHECK(build_k(&f, 37, 5, SEED_A, 0, K));
    zp_dataset_builder *b = reread(&f, f.n);
    CHECK(b != NULL);
    zp_pcs_prover *pr = NULL;
    zp_fe *ev = NULL;
    char err[ZP_DS_ERR_BYTES] = "";
    CHECK_OK(zp_dataset_matrix_prover(&pr, &ev, err, f.c, f.sec, b));
    zp_dataset_builder_free(b);
    CHECK(pr != NULL && ev != NULL);
    if (!pr || !ev) { drop(&f); return; }
    const size_t W = (size_t)1 << f.c->log_width, w = f.s->width;
    const uint64_t rows = (uint64_t)1 << f.c->log_rows;
    size_t bad = 0, zeros = 0;
    for (uint64_t r = 0; r < rows; r++)
        for (size_t x = 0; x < W; x++) {
            const zp_fe v = ev[r * W + x];
            const uint64_t blk = r >= f.c->mask_row ? (r - f.c->mask_row) >> f.c->mask_log_rows : K;
            if (r < f.n) bad += v != (x < w ? f.rows[r * w + x] : 0);
            else if (blk < K) zeros += v == 0, bad += v >= ZP_FIELD_P;
            else bad += v != 0;
        }
    CHECK(bad == 0);
    CHECK(zeros == 0); /* 2^-64 per value for uniform masks */
    const size_t blk = (size_t)W << f.c->mask_log_rows;
    const zp_fe *m0 = ev + f.c->mask_row * W;
    CHECK(memcmp(m0, m0 + blk, blk * sizeof(zp_fe)) != 0);
    /* Open each of the K indices at a random point; the verifier reads the
     * public commitment only. */
    const unsigned nv = f.c->pcs.n_vars;
    zp_fe2 z[ZP_PCS_MAX_VARS];
    for (unsigned j = 0; j <= K; j++) {
        for (unsigned i = 0; i < nv; i++) z[i] = (zp_fe2){test_rand_u64() % ZP_FIELD_P,
                                                          test_rand_u64() % ZP_FIELD_P};
        const zp_fe2 *pts[1] = {z};
        zp_fe2 y;
        zp_transcript tp, tv;
        zp_transcript_init(&tp, "zkprov-test/dataset-open");
        zp_transcript_init(&tv, "zkprov-test/dataset-open");
        zp_bytes proof;
        zp_bytes_init(&proof);
        zp_err e = zp_pcs_open_mle_at(pr, j < K ? j : 0, &tp, &proof, 1, pts, &y);
        if (j == K) { /* the budget is spent: index 0 again is refused */
            CHECK(e == ZP_ERR_ARG);
            CHECK(zp_pcs_open_mle_at(pr, K, &tp, &proof, 1, pts, &y) == ZP_ERR_ARG);
            zp_bytes_free(&proof);
            break;
        }
        CHECK_OK(e);
        zp_fe2 want = zp_mle_eval(ev, z, nv);
        CHECK(y.c0 == want.c0 && y.c1 == want.c1);
        zp_reader rd;
        zp_reader_init(&rd, proof.data, proof.len);
        CHECK_OK(zp_pcs_verify_mle_at(&f.c->pcs, &f.c->pcs_root, j, &tv, &rd, 1, pts, &y));
        zp_bytes_free(&proof);
    }
    zp_pcs_prover_free(pr);
    zp_memzero(ev, (size_t)(rows * W) * sizeof(zp_fe));
    free(ev);
    drop(&f);
}

/* Another data file than the certified one is refused with a reason: one
 * value changed, a record missing, another dataset's secret. */
TEST(matrix_prover_refuses_other_data) {
    fixture f, g;
    CHECK(build_k(&f, 30, 4, SEED_A, 0, 2));
    CHECK(build_k(&g, 30, 4, SEED_B, 0, 2));
    zp_pcs_prover *pr = (zp_pcs_prover *)1;
    zp_fe *ev = (zp_fe *)1;
    char err[ZP_DS_ERR_BYTES] = "";
    zp_fe keep = f.rows[13 * f.s->width + 2];
    f.rows[13 * f.s->width + 2] = zp_ds_fe_from_i64(keep == 1 ? 2 : 1);
    zp_dataset_builder *b = reread(&f, f.n);
    CHECK(zp_dataset_matrix_prover(&pr, &ev, err, f.c, f.sec, b) == ZP_ERR_VERIFY);
    CHECK(pr == NULL && ev == NULL && strstr(err, "not the certified dataset") != NULL);
    zp_dataset_builder_free(b);
    f.rows[13 * f.s->width + 2] = keep;
    b = reread(&f, f.n - 1);
    err[0] = 0;
    CHECK(zp_dataset_matrix_prover(&pr, &ev, err, f.c, f.sec, b) == ZP_ERR_VERIFY);
    CHECK(strstr(err, "29 records") != NULL);
    zp_dataset_builder_free(b);
    b = reread(&f, f.n);
    CHECK(zp_dataset_matrix_prover(&pr, &ev, err, f.c, g.sec, b) == ZP_ERR_ARG);
    CHECK(zp_dataset_matrix_prover(&pr, &ev, err, f.c, f.sec, b) == ZP_OK);
    zp_pcs_prover *pr2 = NULL;
    zp_fe *ev2 = NULL;
    CHECK(zp_dataset_matrix_prover(&pr2, &ev2, err, f.c, f.sec, b) == ZP_ERR_ARG); /* consumed */
    CHECK(pr2 == NULL && ev2 == NULL);
    zp_dataset_builder_free(b);
    zp_pcs_prover_free(pr);
    free(ev);
    drop(&f);
    drop(&g);
}

static zp_dataset_commit *commit_of(zp_ds_schema *s, const zp_fe *row, size_t n) {
    zp_dataset_builder *b = NULL;
    zp_dataset_commit *c = NULL;
    zp_dataset_secret *sec = NULL;
    char err[ZP_DS_ERR_BYTES];
    if (!s || zp_ds_schema_finish(s, err) != ZP_OK || zp_dataset_builder_new(&b, s) != ZP_OK)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (zp_dataset_builder_add(b, err, row) != ZP_OK) break;
    if (zp_dataset_builder_finish(b, err, &c, &sec, SEED_A) != ZP_OK) c = NULL;
    zp_dataset_builder_free(b);
    zp_dataset_secret_free(sec);
    return c;
}

TEST(train_view) {
    fixture f;
    CHECK(build(&f, 12, 6, SEED_A, 0));
    zp_train_dataset v;
    char err[ZP_DS_ERR_BYTES] = "";
    CHECK_OK(zp_dataset_train_view(&v, err, f.c));
    CHECK(v.n_records == 12 && v.feature_col == 0 && v.n_features == 6 && v.label_col == 6);
    CHECK(v.feature_scale == 8 && v.log_rows == f.c->log_rows && v.log_width == 3);
    CHECK(v.mask_row == f.c->mask_row && v.mask_log_rows == f.c->mask_log_rows);
    CHECK(v.pp.max_openings == ZP_DS_DEFAULT_OPENINGS && v.pp.n_vars == f.c->pcs.n_vars);
    CHECK(!memcmp(v.root.b, f.c->pcs_root.b, 32) && !memcmp(v.digest, f.c->digest.b, 32));
    /* Feature columns at two scales. */
    zp_ds_schema *s = mk_schema(3);
    s->columns[1].scale = 4;
    zp_fe row[4] = {1, 2, 3, 4};
    zp_dataset_commit *c = commit_of(s, row, 3);
    CHECK(c != NULL);
    CHECK(zp_dataset_train_view(&v, err, c) == ZP_ERR_UNSUPPORTED);
    CHECK(strstr(err, "scale") != NULL && v.n_records == 0);
    zp_dataset_commit_free(c);
    /* No label. */
    free(s->label_name);
    s->label_name = NULL;
    s->has_label = 0;
    s->columns[1].scale = 8;
    c = commit_of(s, row, 2);
    CHECK(c != NULL);
    CHECK(zp_dataset_train_view(&v, err, c) == ZP_ERR_UNSUPPORTED);
    CHECK(strstr(err, "label") != NULL);
    zp_dataset_commit_free(c);
    zp_ds_schema_free(s);
    /* JSONL token sequences. */
    s = calloc(1, sizeof *s);
    s->format = ZP_DS_JSONL;
    s->n_columns = 1;
    s->columns = calloc(1, sizeof *s->columns);
    s->columns[0].name = malloc(8);
    strcpy(s->columns[0].name, "tokens");
    s->columns[0].count = 2;
    s->columns[0].bound = 100;
    s->has_label = 1;
    s->label_name = malloc(8);
    strcpy(s->label_name, "label");
    s->label_bound = 3;
    zp_fe trow[4] = {2, 17, 4, 1};
    c = commit_of(s, trow, 2);
    CHECK(c != NULL);
    CHECK(zp_dataset_train_view(&v, err, c) == ZP_ERR_UNSUPPORTED);
    CHECK(strstr(err, "JSONL") != NULL);
    zp_dataset_commit_free(c);
    zp_ds_schema_free(s);
    CHECK(zp_dataset_train_view(&v, err, NULL) == ZP_ERR_ARG);
    drop(&f);
}
