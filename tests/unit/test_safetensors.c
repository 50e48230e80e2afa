/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the safetensors reader/writer: round trips, every malformed
 * header rejected with ZP_ERR_PARSE, random mutations never crash. */
// ZP_TEST_LAYER: io
#include "harness.h"
#include "zkprov/io.h"

/* A file with header text hdr and a byte buffer of blen bytes. */
static uint8_t *mk(size_t *len, const char *hdr, size_t blen) {
    size_t hl = strlen(hdr);
    *len = 8 + hl + blen;
    uint8_t *b = calloc(1, *len);
    if (!b) return NULL;
    zp_store64_le(b, hl);
    memcpy(b + 8, hdr, hl);
    for (size_t i = 0; i < blen; i++) b[8 + hl + i] = (uint8_t)i;
    return b;
}

static zp_err parse_text(const char *hdr, size_t blen) {
    size_t len;
    uint8_t *b = mk(&len, hdr, blen);
    zp_safetensors *st = NULL;
    char err[ZP_ST_ERR_BYTES];
    zp_err e = zp_st_parse(&st, err, b, len);
    if (e == ZP_OK) CHECK(st != NULL);
    else CHECK(st == NULL && err[0]);
    zp_st_free(st);
    free(b);
    return e;
}

TEST(st_round_trip) {
    int32_t a[6] = {1, -2, 3, -4, 5, 2147483647};
    float f[3] = {0.5f, -1.25f, 3e9f};
    uint8_t u[1] = {7};
    zp_st_tensor t[4] = {
        {.name = "a", .dtype = ZP_ST_I32, .n_dims = 2, .shape = {2, 3}, .data = (const uint8_t *)a, .len = 24},
        {.name = "f", .dtype = ZP_ST_F32, .n_dims = 1, .shape = {3}, .data = (const uint8_t *)f, .len = 12},
        {.name = "scalar", .dtype = ZP_ST_U8, .n_dims = 0, .data = u, .len = 1},
        {.name = "empty", .dtype = ZP_ST_I64, .n_dims = 2, .shape = {0, 4}, .data = NULL, .len = 0}};
    const char *kv[] = {"weight_scale", "16", "note", "x\"y"};
    uint8_t *out = NULL;
    size_t len = 0;
    CHECK_OK(zp_st_serialize(&out, &len, t, 4, kv, 2));
    CHECK(len > 8 && (zp_load64_le(out) % 8) == 0);
    zp_safetensors *st = NULL;
    char err[ZP_ST_ERR_BYTES];
    CHECK_OK(zp_st_parse(&st, err, out, len));
    CHECK(zp_st_n_tensors(st) == 4);
    for (int i = 0; i < 4; i++) {
        zp_st_tensor g;
        CHECK_OK(zp_st_find(st, t[i].name, &g));
        CHECK(g.dtype == t[i].dtype && g.n_dims == t[i].n_dims && g.len == t[i].len);
        CHECK(t[i].len == 0 || memcmp(g.data, t[i].data, t[i].len) == 0);
        for (size_t d = 0; d < g.n_dims; d++) CHECK(g.shape[d] == t[i].shape[d]);
    }
    CHECK(zp_st_metadata(st, "weight_scale") && !strcmp(zp_st_metadata(st, "weight_scale"), "16"));
    CHECK(zp_st_metadata(st, "note") && !strcmp(zp_st_metadata(st, "note"), "x\"y"));
    CHECK(zp_st_metadata(st, "absent") == NULL);
    zp_st_tensor g;
    CHECK(zp_st_find(st, "nope", &g) == ZP_ERR_PARSE);
    /* writer refuses inconsistent input */
    zp_st_tensor bad = t[0];
    bad.len = 20;
    uint8_t *o2 = NULL;
    size_t l2;
    CHECK(zp_st_serialize(&o2, &l2, &bad, 1, NULL, 0) == ZP_ERR_ARG && o2 == NULL);
    zp_st_tensor dup[2] = {t[0], t[0]};
    CHECK(zp_st_serialize(&o2, &l2, dup, 2, NULL, 0) == ZP_ERR_ARG);
    zp_st_free(st);
    free(out);
}

TEST(st_mlp_round_trip) {
    uint32_t dims[3] = {5, 4, 3};
    zp_train_config cfg;
    CHECK_OK(zp_train_config_default(&cfg, dims, 2));
    zp_mlp m, m2;
    uint8_t seed[32] = {1, 2, 3};
    CHECK_OK(zp_mlp_alloc(&m, &cfg));
    CHECK_OK(zp_mlp_alloc(&m2, &cfg));
    CHECK_OK(zp_mlp_init_seeded(&m, &cfg, seed));
    m.b[1][2] = -12345;
    uint8_t *out = NULL;
    size_t len;
    CHECK_OK(zp_mlp_to_safetensors(&out, &len, &m, &cfg));
    zp_safetensors *st = NULL;
    char err[ZP_ST_ERR_BYTES];
    CHECK_OK(zp_st_parse(&st, err, out, len));
    CHECK_OK(zp_mlp_from_safetensors(&m2, err, st, &cfg));
    for (unsigned l = 0; l < 2; l++) {
        CHECK(!memcmp(m.w[l], m2.w[l], (size_t)dims[l] * dims[l + 1] * 8));
        CHECK(!memcmp(m.b[l], m2.b[l], dims[l + 1] * 8));
    }
    CHECK(!strcmp(zp_st_metadata(st, "layers"), "5,4,3"));
    /* a different weight scale or architecture is refused */
    cfg.weight_scale = 12;
    CHECK(zp_mlp_from_safetensors(&m2, err, st, &cfg) == ZP_ERR_PARSE);
    zp_st_free(st);
    free(out);
    zp_mlp_free(&m);
    zp_mlp_free(&m2);
}

TEST(st_malformed_rejected) {
    /* the valid baseline first */
    CHECK(parse_text("{\"a\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8) == ZP_OK);
    CHECK(parse_text("{\"a\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[0,8]}}    ", 8) == ZP_OK);
    CHECK(parse_text("{}", 0) == ZP_OK);
    static const struct { const char *h; size_t blen; } bad[] = {
        {"[]", 0},                                                                   /* not an object */
        {" {}", 0},                                                                  /* no leading { */
        {"{", 0},                                                                    /* truncated JSON */
        {"{}\n", 0},                                                                 /* non-space padding */
        {"{}x", 0},                                                                  /* garbage after JSON */
        {"{}", 1},                                                                   /* trailing byte */
        {"{\"a\":{\"dtype\":\"I33\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8},     /* unknown dtype */
        {"{\"a\":{\"dtype\":\"I32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8},     /* shape vs span */
        {"{\"a\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[0,16]}}", 8},    /* past the buffer */
        {"{\"a\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8},     /* reversed */
        {"{\"a\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[0]}}", 8},       /* one offset */
        {"{\"a\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[0,8,8]}}", 8},   /* three offsets */
        {"{\"a\":{\"dtype\":\"I32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8},    /* negative dim */
        {"{\"a\":{\"dtype\":\"I32\",\"shape\":[2.5],\"data_offsets\":[0,10]}}", 10}, /* fractional dim */
        {"{\"a\":{\"dtype\":\"I32\",\"shape\":\"2\",\"data_offsets\":[0,8]}}", 8},   /* shape not array */
        {"{\"a\":{\"dtype\":\"I32\",\"data_offsets\":[0,8]}}", 8},                   /* no shape */
        {"{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", 8},                       /* no dtype */
        {"{\"a\":{\"dtype\":\"I32\",\"shape\":[2]}}", 8},                            /* no offsets */
        {"{\"a\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[0,8],\"x\":1}}", 8}, /* extra key */
        {"{\"a\":{\"dtype\":\"I32\",\"shape\":[1,1,1,1,1,1,1,1,2],\"data_offsets\":[0,8]}}", 8}, /* too many dims */
        {"{\"a\":{\"dtype\":\"U8\",\"shape\":[4294967296,4294967296,4294967296],\"data_offsets\":[0,0]}}", 0}, /* overflow */
        {"{\"a\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12}, /* overlap */
        {"{\"a\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[8,12]}}", 12}, /* hole */
        {"{\"a\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8}, /* duplicate name */
        {"{\"a\":3}", 0},                                                            /* entry not object */
        {"{\"__metadata__\":{\"k\":1}}", 0},                                         /* non-string metadata */
        {"{\"__metadata__\":[]}", 0},                                                /* metadata not object */
        {"{\"__metadata__\":{},\"__metadata__\":{}}", 0},                            /* duplicate metadata */
        {"{\"\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0]}}", 0},       /* empty name */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        zp_err e = parse_text(bad[i].h, bad[i].blen);
        if (e != ZP_ERR_PARSE) fprintf(stderr, "accepted malformed case %zu: %s\n", i, bad[i].h);
        CHECK(e == ZP_ERR_PARSE);
    }
    /* header lengths: too small, too large, past the end, short file */
    uint8_t b[16] = {0};
    zp_safetensors *st = NULL;
    CHECK(zp_st_parse(&st, NULL, b, 7) == ZP_ERR_PARSE);
    zp_store64_le(b, 1);
    b[8] = '{';
    CHECK(zp_st_parse(&st, NULL, b, 9) == ZP_ERR_PARSE);
    zp_store64_le(b, ZP_ST_MAX_HEADER_BYTES + 1);
    CHECK(zp_st_parse(&st, NULL, b, 16) == ZP_ERR_PARSE);
    zp_store64_le(b, 9);
    CHECK(zp_st_parse(&st, NULL, b, 16) == ZP_ERR_PARSE);
    zp_store64_le(b, UINT64_MAX);
    CHECK(zp_st_parse(&st, NULL, b, 16) == ZP_ERR_PARSE);
    /* NUL inside the header */
    size_t len;
    uint8_t *f = mk(&len, "{\"__metadata__\":{\"k\":\"v\"}}", 0);
    f[8 + 20] = 0;
    CHECK(zp_st_parse(&st, NULL, f, len) == ZP_ERR_PARSE);
    free(f);
    CHECK(st == NULL);
}

TEST(st_fuzz_mutations) {
    int32_t a[4] = {1, 2, 3, 4};
    int64_t c[2] = {5, 6};
    zp_st_tensor t[2] = {
        {.name = "w", .dtype = ZP_ST_I32, .n_dims = 2, .shape = {2, 2}, .data = (const uint8_t *)a, .len = 16},
        {.name = "b", .dtype = ZP_ST_I64, .n_dims = 1, .shape = {2}, .data = (const uint8_t *)c, .len = 16}};
    const char *kv[] = {"k", "v"};
    uint8_t *base = NULL;
    size_t len;
    CHECK_OK(zp_st_serialize(&base, &len, t, 2, kv, 1));
    uint8_t *m = malloc(len + 16);
    int n_ok = 0, n_iter = 20000 * test_iters();
    for (int it = 0; m && it < n_iter; it++) {
        size_t ml = len;
        memcpy(m, base, len);
        int k = 1 + (int)(test_rand_u64() % 4);
        for (int j = 0; j < k; j++) {
            uint64_t r = test_rand_u64();
            switch (r % 4) {
            case 0: m[(r >> 8) % ml] = (uint8_t)(r >> 32); break;          /* byte */
            case 1: m[(r >> 8) % ml] ^= (uint8_t)(1u << ((r >> 40) % 8)); break; /* bit */
            case 2: if (ml > 1) ml = 1 + (r >> 8) % (ml - 1); break;      /* truncate */
            default: if (ml < len + 16) m[ml++] = (uint8_t)(r >> 16); break; /* append */
            }
        }
        zp_safetensors *st = NULL;
        char err[ZP_ST_ERR_BYTES];
        zp_err e = zp_st_parse(&st, err, m, ml);
        CHECK(e == ZP_OK || e == ZP_ERR_PARSE);
        if (e == ZP_OK) {
            n_ok++;
            size_t tot = 0;
            for (size_t i = 0; i < zp_st_n_tensors(st); i++) {
                zp_st_tensor g;
                CHECK_OK(zp_st_tensor_at(st, i, &g));
                tot += g.len;
            }
            CHECK(tot + 8 + zp_load64_le(m) == ml);
        }
        zp_st_free(st);
    }
    printf("  fuzz: %d of %d mutants parsed\n", n_ok, n_iter);
    free(m);
    free(base);
}
