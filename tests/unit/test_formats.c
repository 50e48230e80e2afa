/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the dataset readers (src/io/csv.c, idx.c, jsonl.c, schema.c) on
 * synthetic files, the breast-cancer CSV and the Fashion-MNIST test set. */
// ZP_TEST_LAYER: io
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "harness.h"
#include "zkprov/io.h"
#include "zkprov/prov.h"

static const char *src_dir(void) {
    const char *d = getenv("ZP_SOURCE_DIR");
    return d ? d : ZP_SOURCE_DIR;
}

static char tmpdir[256];
static char *tpath(const char *name) {
    static char buf[16][512];
    static int k = 0;
    if (!tmpdir[0]) {
        snprintf(tmpdir, sizeof tmpdir, "/tmp/zp_formats_XXXXXX");
        if (!mkdtemp(tmpdir)) abort();
    }
    k = (k + 1) & 15;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
    return buf[k];
}

static const char *write_file(const char *name, const void *data, size_t len) {
    char *p = tpath(name);
    FILE *f = fopen(p, "wb");
    if (!f) abort();
    fwrite(data, 1, len, f);
    fclose(f);
    return p;
}
static const char *write_text(const char *name, const char *s) { return write_file(name, s, strlen(s)); }

/* Collects encoded rows. */
typedef struct {
    size_t width, n, cap;
    zp_fe *rows;
} sink;
static zp_err collect(void *ctx, const zp_fe *row, uint64_t index) {
    sink *k = ctx;
    if (index != k->n) return ZP_ERR_INTERNAL;
    if (k->n == k->cap) {
        k->cap = k->cap ? 2 * k->cap : 16;
        k->rows = realloc(k->rows, k->cap * k->width * sizeof(zp_fe));
    }
    memcpy(k->rows + k->n * k->width, row, k->width * sizeof(zp_fe));
    k->n++;
    return ZP_OK;
}

/* Reads data under schema (default schema if s is NULL). */
static zp_err read_all(sink *k, zp_ds_schema **s, char *err, zp_ds_format fmt, const char *data,
                       const char *labels) {
    memset(k, 0, sizeof *k);
    zp_err e = ZP_OK;
    if (!*s) e = zp_io_schema_default(s, err, fmt, data, labels);
    if (e != ZP_OK) return e;
    k->width = (*s)->width;
    uint64_t n = 0;
    e = zp_io_records_read(&n, err, *s, data, labels, collect, k, NULL, NULL);
    if (e == ZP_OK && n != k->n) return ZP_ERR_INTERNAL;
    return e;
}

/* round(a * 2^s / 10^d), halves away from zero: the oracle for parse_fixed. */
static int64_t oracle(int64_t a, unsigned s, unsigned d) {
    __int128 num = (__int128)(a < 0 ? -a : a) << s, den = 1;
    for (unsigned i = 0; i < d; i++) den *= 10;
    __int128 q = (2 * num + den) / (2 * den);
    return a < 0 ? -(int64_t)q : (int64_t)q;
}

TEST(parse_fixed_matches_oracle) {
    const char *why;
    int64_t q;
    for (int i = 0; i < 20000; i++) {
        int64_t a = (int64_t)(test_rand_u64() % 2000000001) - 1000000000;
        unsigned d = (unsigned)(test_rand_u64() % 10), s = (unsigned)(test_rand_u64() % 33);
        char buf[64];
        uint64_t m = (uint64_t)(a < 0 ? -a : a), p10 = 1;
        for (unsigned j = 0; j < d; j++) p10 *= 10;
        if (d) snprintf(buf, sizeof buf, "%s%llu.%0*llu", a < 0 ? "-" : "", (unsigned long long)(m / p10),
                        (int)d, (unsigned long long)(m % p10));
        else snprintf(buf, sizeof buf, "%lld", (long long)a);
        zp_err e = zp_io_parse_fixed(&q, &why, buf, strlen(buf), s, ZP_DS_MAX_BOUND, 0);
        int64_t want = oracle(a, s, d);
        uint64_t mag = (uint64_t)(want < 0 ? -want : want);
        if (mag <= ZP_DS_MAX_BOUND) { CHECK(e == ZP_OK); CHECK(q == want); }
        else CHECK(e == ZP_ERR_PARSE);
        /* The same value in exponent notation. */
        snprintf(buf, sizeof buf, "%lldE-%u", (long long)a, d);
        e = zp_io_parse_fixed(&q, &why, buf, strlen(buf), s, ZP_DS_MAX_BOUND, 0);
        if (mag <= ZP_DS_MAX_BOUND) { CHECK(e == ZP_OK); CHECK(q == want); }
    }
}

TEST(parse_fixed_cases) {
    struct { const char *s; unsigned scale; uint64_t bound; int integer; int ok; int64_t q; } v[] = {
        {"1.5", 1, 100, 0, 1, 3},         {"-0.25", 2, 100, 0, 1, -1},
        {"0.125", 2, 100, 0, 1, 1},       {"-0.125", 2, 100, 0, 1, -1},
        {"0.1249", 2, 100, 0, 1, 0},      {" 7 ", 0, 100, 0, 1, 7},
        {"1e3", 0, 1000, 0, 1, 1000},     {"1e3", 0, 999, 0, 0, 0},
        {"+2.", 0, 9, 0, 1, 2},           {".5", 1, 9, 0, 1, 1},
        {"1.0", 0, 9, 1, 1, 1},           {"1.5", 0, 9, 1, 0, 0},
        {"-1", 0, 9, 1, 0, 0},            {"abc", 0, 9, 0, 0, 0},
        {"", 0, 9, 0, 0, 0},              {"1.2.3", 0, 9, 0, 0, 0},
        {"1e", 0, 9, 0, 0, 0},            {"--1", 0, 9, 0, 0, 0},
        {"nan", 0, 9, 0, 0, 0},           {"inf", 0, 9, 0, 0, 0},
        {"0x10", 0, 99, 0, 0, 0},         {"1,5", 0, 99, 0, 0, 0},
        {"0.000000000000000000000000000000000000000001", 32, 9, 0, 1, 0},
        {"123456789012345678901234567", 0, ZP_DS_MAX_BOUND, 0, 0, 0},
        {"1234567890123456789012345678", 0, ZP_DS_MAX_BOUND, 0, 0, 0},
        {"100000000000000000000000000000000000e-35", 4, 99, 0, 1, 16},
        {"9007199254740991", 0, ZP_DS_MAX_BOUND, 0, 1, 9007199254740991LL},
        {"9007199254740992", 0, ZP_DS_MAX_BOUND, 0, 0, 0},
        {"1e400", 0, ZP_DS_MAX_BOUND, 0, 0, 0},
        {"0e400", 0, 1, 0, 1, 0},
    };
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        int64_t q = 12345;
        const char *why = NULL;
        zp_err e = zp_io_parse_fixed(&q, &why, v[i].s, strlen(v[i].s), v[i].scale, v[i].bound, v[i].integer);
        if (v[i].ok) { CHECK(e == ZP_OK); CHECK(q == v[i].q); }
        else { CHECK(e == ZP_ERR_PARSE); CHECK(why != NULL); }
    }
}

TEST(csv_reads_and_maps_columns) {
    const char *p = write_text("a.csv", "id,\"x, the first\",y,label\r\n"
                                        "1,0.5,-2,3\r\n\r\n"
                                        "2,\"1.25\",4,0\n");
    zp_ds_schema *s = NULL;
    char err[ZP_IO_ERR_BYTES];
    sink k;
    CHECK_OK(read_all(&k, &s, err, ZP_DS_CSV, p, NULL));
    CHECK(k.n == 2 && s->width == 4 && s->n_columns == 3);
    CHECK(!strcmp(s->columns[1].name, "x, the first") && !strcmp(s->label_name, "label"));
    CHECK(k.rows[0] == 1u << 16 && k.rows[1] == 1u << 15);
    CHECK(k.rows[2] == zp_ds_fe_from_i64(-2 * 65536) && k.rows[3] == 3);
    CHECK(k.rows[5] == 5u << 14 && k.rows[7] == 0);
    free(k.rows);
    zp_ds_schema_free(s);
    /* A schema naming a subset, in another order. */
    const char *sj = write_text("s.json", "{\"type\":\"zkprov/dataset-schema\",\"version\":1,"
                                "\"format\":\"csv\",\"columns\":[{\"name\":\"y\",\"scale\":0,\"bound\":10},"
                                "{\"name\":\"x, the first\",\"scale\":2,\"bound\":10}],"
                                "\"label\":{\"name\":\"label\",\"bound\":3}}");
    s = NULL;
    CHECK_OK(zp_io_schema_load(&s, err, sj));
    CHECK_OK(read_all(&k, &s, err, ZP_DS_CSV, p, NULL));
    CHECK(k.n == 2 && s->width == 3);
    CHECK(k.rows[0] == zp_ds_fe_from_i64(-2) && k.rows[1] == 2 && k.rows[2] == 3);
    CHECK(k.rows[3] == 4 && k.rows[4] == 5 && k.rows[5] == 0);
    free(k.rows);
    zp_ds_schema_free(s);
}

/* Expect a parse failure whose message names the file and the place. */
static void expect_bad(zp_ds_format fmt, const char *name, const void *data, size_t len,
                       const char *labels, const char *where, zp_err want) {
    const char *p = write_file(name, data, len);
    zp_ds_schema *s = NULL;
    char err[ZP_IO_ERR_BYTES] = "";
    sink k;
    zp_err e = read_all(&k, &s, err, fmt, p, labels);
    CHECK(e == want);
    CHECK(strstr(err, name) != NULL);
    if (!strstr(err, where)) printf("  message: %s (wanted '%s')\n", err, where);
    CHECK(strstr(err, where) != NULL);
    CHECK(strchr(err, '\n') == NULL);
    free(k.rows);
    zp_ds_schema_free(s);
}
#define BAD_CSV(name, text, where) expect_bad(ZP_DS_CSV, name, text, strlen(text), NULL, where, ZP_ERR_PARSE)

TEST(csv_bad_inputs) {
    BAD_CSV("ragged.csv", "a,b,y\n1,2,0\n1,2\n", ":3: ragged row");
    BAD_CSV("ragged2.csv", "a,b,y\n1,2,0,4\n", ":2: ragged row");
    BAD_CSV("nonnum.csv", "a,b,y\n1,2,0\n1,x2,0\n", ":3: column 'b'");
    BAD_CSV("range.csv", "a,b,y\n1,2,0\n1,2147483648.00001,0\n", ":3: column 'b'");
    BAD_CSV("range2.csv", "a,b,y\n1,2,0\n1,-4294967296,0\n", ":3: column 'b'");
    BAD_CSV("label.csv", "a,b,y\n1,2,0.5\n", ":2: column 'y'");
    BAD_CSV("quote.csv", "a,b,y\n1,\"2,0\n", ":2: unterminated");
    BAD_CSV("empty.csv", "", "empty file");
    BAD_CSV("header_only.csv", "a,b,y\n\n", "empty dataset");
    BAD_CSV("one_col.csv", "a\n1\n", ":1:");
    BAD_CSV("nul.csv", "a,b,y\n1,2\0,0\n", ":2:");
    /* Missing file: an I/O error naming it. */
    zp_ds_schema *s = NULL;
    char err[ZP_IO_ERR_BYTES] = "";
    sink k;
    CHECK(read_all(&k, &s, err, ZP_DS_CSV, "/nonexistent/zp.csv", NULL) == ZP_ERR_IO);
    CHECK(strstr(err, "/nonexistent/zp.csv") != NULL);
}

TEST(csv_breast_cancer) {
    char p[512];
    snprintf(p, sizeof p, "%s/tests/data/breast_cancer.csv", src_dir());
    zp_ds_schema *s = NULL;
    char err[ZP_IO_ERR_BYTES] = "";
    sink k;
    CHECK_OK(read_all(&k, &s, err, ZP_DS_CSV, p, NULL));
    CHECK(k.n == 569 && s->width == 31);
    CHECK(!strcmp(s->columns[0].name, "mean radius") && !strcmp(s->label_name, "target"));
    /* First record: 17.99 -> round(17.99 * 2^16) = 1178993; target 0. */
    CHECK(k.rows[0] == 1178993 && k.rows[30] == 0);
    size_t ones = 0;
    for (size_t i = 0; i < k.n; i++) ones += k.rows[i * 31 + 30] == 1;
    CHECK(ones == 357); /* 357 benign, 212 malignant */
    /* Commit and prove every tenth record a member. */
    zp_dataset_builder *b;
    CHECK_OK(zp_dataset_builder_new(&b, s));
    char derr[ZP_DS_ERR_BYTES];
    for (size_t i = 0; i < k.n; i++) CHECK_OK(zp_dataset_builder_add(b, derr, k.rows + 31 * i));
    zp_dataset_commit *c;
    zp_dataset_secret *sec;
    static const uint8_t seed[32] = {42};
    CHECK_OK(zp_dataset_builder_finish(b, derr, &c, &sec, seed));
    zp_dataset_builder_free(b);
    /* 569 records and 8 mask blocks of 64 rows (docs/formats/dataset.md): 2^11 rows. */
    CHECK(c->n_records == 569 && c->log_rows == 11 && c->log_width == 5);
    for (size_t i = 0; i < k.n; i += 10) {
        zp_bytes pb;
        zp_bytes_init(&pb);
        CHECK_OK(zp_dataset_prove_membership(&pb, c, sec, k.rows + 31 * i, 1));
        CHECK_OK(zp_dataset_verify_membership(c, k.rows + 31 * i, 1, pb.data, pb.len));
        zp_bytes_free(&pb);
    }
    /* A perturbed record is provably absent. */
    zp_fe x[31];
    memcpy(x, k.rows, sizeof x);
    x[0] += 1;
    zp_bytes pb;
    zp_bytes_init(&pb);
    CHECK_OK(zp_dataset_prove_membership(&pb, c, sec, x, 0));
    CHECK_OK(zp_dataset_verify_membership(c, x, 0, pb.data, pb.len));
    zp_bytes_free(&pb);
    zp_dataset_commit_free(c);
    zp_dataset_secret_free(sec);
    free(k.rows);
    zp_ds_schema_free(s);
}

static void be32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

/* n images of r x c, pixel (i, j) = (i * 7 + j) & 255, label i % 10. */
static size_t mk_idx(uint8_t *img, uint8_t *lab, uint32_t n, uint32_t r, uint32_t c) {
    be32(img, 0x803); be32(img + 4, n); be32(img + 8, r); be32(img + 12, c);
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t j = 0; j < r * c; j++) img[16 + i * r * c + j] = (uint8_t)(i * 7 + j);
    be32(lab, 0x801); be32(lab + 4, n);
    for (uint32_t i = 0; i < n; i++) lab[8 + i] = (uint8_t)(i % 10);
    return 16 + (size_t)n * r * c;
}

TEST(idx_synthetic_plain_and_gzip) {
    uint8_t img[16 + 5 * 12], lab[8 + 5];
    size_t il = mk_idx(img, lab, 5, 3, 4);
    const char *ip = write_file("i.idx", img, il), *lp = write_file("l.idx", lab, sizeof lab);
    zp_ds_schema *s = NULL;
    char err[ZP_IO_ERR_BYTES] = "";
    sink k;
    CHECK_OK(read_all(&k, &s, err, ZP_DS_IDX, ip, lp));
    CHECK(k.n == 5 && s->width == 13);
    CHECK(k.rows[13 * 2 + 5] == (uint8_t)(2 * 7 + 5) && k.rows[13 * 3 + 12] == 3);
    free(k.rows);
    /* The same bytes gzip-compressed. */
    char *gp = tpath("i.idx.gz");
    gzFile g = gzopen(gp, "wb");
    gzwrite(g, img, (unsigned)il);
    gzclose(g);
    sink k2;
    memset(&k2, 0, sizeof k2);
    k2.width = s->width;
    uint64_t n;
    CHECK_OK(zp_io_records_read(&n, err, s, gp, lp, collect, &k2, NULL, NULL));
    CHECK(n == 5 && k2.n == 5);
    zp_ds_schema_free(s);
    free(k2.rows);
    /* One record file: 12 pixels then a label byte. */
    s = NULL;
    CHECK_OK(zp_io_schema_default(&s, err, ZP_DS_IDX, ip, lp));
    uint8_t rec[13];
    memcpy(rec, img + 16 + 12, 12);
    rec[12] = 1;
    zp_fe row[13];
    CHECK_OK(zp_io_record_read_one(row, err, s, write_file("r.bin", rec, 13)));
    CHECK(row[0] == img[16 + 12] && row[12] == 1);
    CHECK(zp_io_record_read_one(row, err, s, write_file("r2.bin", rec, 12)) == ZP_ERR_PARSE);
    zp_ds_schema_free(s);
}

TEST(idx_bad_inputs) {
    uint8_t img[16 + 5 * 12], lab[8 + 5];
    size_t il = mk_idx(img, lab, 5, 3, 4);
    char lp[600];
    snprintf(lp, sizeof lp, "%s", write_file("lab.idx", lab, sizeof lab));
    uint8_t bad[sizeof img];
    memcpy(bad, img, il);
    bad[3] = 0x01; /* wrong magic */
    expect_bad(ZP_DS_IDX, "magic.idx", bad, il, lp, "byte offset 0: wrong IDX magic", ZP_ERR_PARSE);
    expect_bad(ZP_DS_IDX, "trunc.idx", img, il - 3, lp, "truncated image data", ZP_ERR_PARSE);
    expect_bad(ZP_DS_IDX, "hdr.idx", img, 10, lp, "byte offset 10: truncated IDX header", ZP_ERR_PARSE);
    uint8_t ext[sizeof img + 1];
    memcpy(ext, img, il);
    ext[il] = 0;
    expect_bad(ZP_DS_IDX, "trail.idx", ext, il + 1, lp, "trailing bytes", ZP_ERR_PARSE);
    /* Image count differs from label count. */
    uint8_t lab4[8 + 4];
    memcpy(lab4, lab, sizeof lab4);
    be32(lab4 + 4, 4);
    char lp4[600];
    snprintf(lp4, sizeof lp4, "%s", write_file("lab4.idx", lab4, sizeof lab4));
    expect_bad(ZP_DS_IDX, "count.idx", img, il, lp4, "5 images but", ZP_ERR_PARSE);
    /* Labels with the image magic. */
    char ip[600];
    snprintf(ip, sizeof ip, "%s", write_file("good.idx", img, il));
    zp_ds_schema *s = NULL;
    char err[ZP_IO_ERR_BYTES] = "";
    sink k;
    CHECK(read_all(&k, &s, err, ZP_DS_IDX, ip, ip) == ZP_ERR_PARSE);
    CHECK(strstr(err, "wrong IDX magic") != NULL);
    zp_ds_schema_free(s);
    /* Empty: zero images. */
    uint8_t z[16], zl[8];
    mk_idx(z, zl, 0, 3, 4);
    char zlp[600];
    snprintf(zlp, sizeof zlp, "%s", write_file("zl.idx", zl, 8));
    expect_bad(ZP_DS_IDX, "zero.idx", z, 16, zlp, "empty dataset", ZP_ERR_PARSE);
    /* Not gzip although it says so: gzip's transparent mode reads it as is,
     * so a corrupt .gz stream is the case to check. */
    uint8_t gzbad[40] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff};
    const char *gb = write_file("bad.gz", gzbad, sizeof gzbad);
    s = NULL;
    CHECK(read_all(&k, &s, err, ZP_DS_IDX, gb, lp) != ZP_OK);
    CHECK(strstr(err, "bad.gz") != NULL);
    zp_ds_schema_free(s);
}

TEST(idx_fashion_mnist_test_set) {
    const char *dir = "/usr/share/datasets/fashion-mnist";
    char ip[256], lp[256];
    snprintf(ip, sizeof ip, "%s/t10k-images-idx3-ubyte.gz", dir);
    snprintf(lp, sizeof lp, "%s/t10k-labels-idx1-ubyte.gz", dir);
    zp_ds_schema *s = NULL;
    char err[ZP_IO_ERR_BYTES] = "";
    zp_err e = zp_io_schema_default(&s, err, ZP_DS_IDX, ip, lp);
    if (e != ZP_OK) printf("  %s (tools/install-deps.sh installs dataset-fashion-mnist)\n", err);
    CHECK_OK(e);
    if (e != ZP_OK) return;
    CHECK(s->width == 785 && s->columns[0].count == 784);
    zp_dataset_builder *b;
    CHECK_OK(zp_dataset_builder_new(&b, s));
    /* Count labels while streaming into the builder. */
    struct { zp_dataset_builder *b; size_t hist[10]; size_t bad; } ctx = {b, {0}, 0};
    uint64_t n;
    CHECK(zp_io_records_read(&n, err, s, ip, lp, NULL, NULL, NULL, NULL) == ZP_ERR_ARG);
    sink k;
    memset(&k, 0, sizeof k);
    k.width = s->width;
    CHECK_OK(zp_io_records_read(&n, err, s, ip, lp, collect, &k, NULL, NULL));
    CHECK(n == 10000);
    char derr[ZP_DS_ERR_BYTES];
    for (size_t i = 0; i < n; i++) {
        zp_fe lab = k.rows[i * 785 + 784];
        if (lab < 10) ctx.hist[lab]++;
        else ctx.bad++;
        CHECK_OK(zp_dataset_builder_add(b, derr, k.rows + i * 785));
    }
    CHECK(ctx.bad == 0);
    for (int c = 0; c < 10; c++) CHECK(ctx.hist[c] == 1000); /* balanced test set */
    zp_dataset_commit *c;
    zp_dataset_secret *sec;
    static const uint8_t seed[32] = {7};
    CHECK_OK(zp_dataset_builder_finish(b, derr, &c, &sec, seed));
    zp_dataset_builder_free(b);
    CHECK(c->n_records == 10000 && c->log_rows == 14 && c->log_width == 10);
    zp_bytes pb;
    zp_bytes_init(&pb);
    CHECK_OK(zp_dataset_prove_membership(&pb, c, sec, k.rows + 1234 * 785, 1));
    CHECK_OK(zp_dataset_verify_membership(c, k.rows + 1234 * 785, 1, pb.data, pb.len));
    zp_bytes_free(&pb);
    zp_dataset_commit_free(c);
    zp_dataset_secret_free(sec);
    zp_ds_schema_free(s);
    free(k.rows);
}

TEST(jsonl_reads_and_rejects) {
    const char *p = write_text("t.jsonl", "[1,2,3]\n{\"tokens\":[5],\"label\":1}\n\n[]\n");
    zp_ds_schema *s = NULL;
    char err[ZP_IO_ERR_BYTES] = "";
    sink k;
    /* Mixed: the default schema has a label (one record has one), so the
     * plain arrays are rejected. */
    CHECK(read_all(&k, &s, err, ZP_DS_JSONL, p, NULL) == ZP_ERR_PARSE);
    CHECK(strstr(err, "t.jsonl:1:") != NULL);
    free(k.rows);
    zp_ds_schema_free(s);
    s = NULL;
    p = write_text("u.jsonl", "[1,2,3]\n[7]\n[]\n");
    CHECK_OK(read_all(&k, &s, err, ZP_DS_JSONL, p, NULL));
    CHECK(k.n == 3 && s->width == 4 && !s->has_label);
    CHECK(k.rows[0] == 3 && k.rows[1] == 1 && k.rows[3] == 3);
    CHECK(k.rows[4] == 1 && k.rows[5] == 7 && k.rows[6] == 0 && k.rows[8] == 0);
    free(k.rows);
    zp_ds_schema_free(s);
    s = NULL;
    p = write_text("v.jsonl", "{\"tokens\":[4,5],\"label\":2}\n{\"label\":0,\"tokens\":[]}\n");
    CHECK_OK(read_all(&k, &s, err, ZP_DS_JSONL, p, NULL));
    CHECK(k.n == 2 && s->width == 4 && s->has_label);
    CHECK(k.rows[0] == 2 && k.rows[1] == 4 && k.rows[2] == 5 && k.rows[3] == 2);
    free(k.rows);
    zp_ds_schema_free(s);
    static const struct { const char *name, *text, *where; } bad[] = {
        {"neg.jsonl", "[1]\n[-1]\n", ":2: token 0"},
        {"frac.jsonl", "[1.5]\n", ":1: token 0"},
        {"str.jsonl", "[1]\n[\"a\"]\n", ":2: token 0"},
        {"json.jsonl", "[1]\n[1,\n", ":2: not valid JSON"},
        {"obj.jsonl", "{\"tokens\":[1],\"x\":2}\n", ":1: unknown"},
        {"scalar.jsonl", "[1]\n7\n", ":2:"},
        {"trail.jsonl", "[1] x\n", ":1: not valid JSON"},
        {"empty.jsonl", "\n\n", "empty dataset"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        expect_bad(ZP_DS_JSONL, bad[i].name, bad[i].text, strlen(bad[i].text), NULL, bad[i].where,
                   ZP_ERR_PARSE);
}

TEST(record_files) {
    const char *p = write_text("d.csv", "a,b,y\n1,2,0\n3,4,1\n");
    zp_ds_schema *s = NULL;
    char err[ZP_IO_ERR_BYTES] = "";
    CHECK_OK(zp_io_schema_default(&s, err, ZP_DS_CSV, p, NULL));
    zp_fe row[3];
    CHECK(zp_io_record_read_one(row, err, s, p) == ZP_ERR_PARSE); /* two records */
    CHECK_OK(zp_io_record_read_one(row, err, s, write_text("r.csv", "a,b,y\n3,4,1\n")));
    CHECK(row[0] == 3u << 16 && row[1] == 4u << 16 && row[2] == 1);
    /* Columns in another order map by name. */
    CHECK_OK(zp_io_record_read_one(row, err, s, write_text("r2.csv", "y,b,a\n1,4,3\n")));
    CHECK(row[0] == 3u << 16 && row[1] == 4u << 16 && row[2] == 1);
    CHECK(zp_io_record_read_one(row, err, s, write_text("r3.csv", "a,b,y\n")) == ZP_ERR_PARSE);
    zp_ds_schema_free(s);
}
