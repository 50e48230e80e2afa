/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Checks the library against every case of the shared vectors tests/vectors/ (JSON). */
// ZP_TEST_LAYER: prov
#include <cjson/cJSON.h>
#include <errno.h>

#include "harness.h"
#include "zkprov/zkprov.h"
#include "zkprov/zkml.h"

/* The files are written by tools/gen_vectors and read by the Python
 * binding's tests too (bindings/python/tests/test_zkprov.py), so a change
 * that alters any encoding fails here and there (docs/testing.md). */

static const char *src_dir(void) {
    const char *d = getenv("ZP_SOURCE_DIR");
    return d ? d : ZP_SOURCE_DIR;
}

static cJSON *load(const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/vectors/%s.json", src_dir(), name);
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    if (!f) {
        fprintf(stderr, "cannot open %s: %s\n", path, strerror(errno));
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    CHECK(b && fread(b, 1, (size_t)n, f) == (size_t)n);
    fclose(f);
    cJSON *j = b ? cJSON_ParseWithLength(b, (size_t)n) : NULL;
    free(b);
    CHECK(j != NULL);
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "module");
    CHECK(cJSON_IsString(m) && !strcmp(m->valuestring, name));
    return j;
}

/* The cases of group key; CHECKs that there is at least one. */
static const cJSON *cases(const cJSON *j, const char *key) {
    const cJSON *g = cJSON_GetObjectItemCaseSensitive(j, key);
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(g, "cases");
    CHECK(cJSON_IsArray(c) && cJSON_GetArraySize(c) > 0);
    if (!cJSON_IsArray(c)) fprintf(stderr, "no group '%s'\n", key);
    return c;
}

static const char *s_of(const cJSON *o, const char *k) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    CHECK(cJSON_IsString(v));
    return cJSON_IsString(v) ? v->valuestring : "";
}
static uint64_t hex64(const cJSON *o, const char *k) { return strtoull(s_of(o, k), NULL, 16); }
static int64_t dec64(const cJSON *o, const char *k) { return strtoll(s_of(o, k), NULL, 10); }
static unsigned num(const cJSON *o, const char *k) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    CHECK(cJSON_IsNumber(v));
    return cJSON_IsNumber(v) ? (unsigned)v->valuedouble : 0;
}
static int flag(const cJSON *o, const char *k) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    CHECK(cJSON_IsBool(v));
    return cJSON_IsTrue(v);
}
/* Decodes hex text into out (capacity cap).  Returns the byte count. */
static size_t unhex(uint8_t *out, size_t cap, const char *h) {
    size_t n = strlen(h) / 2;
    CHECK(strlen(h) % 2 == 0 && n <= cap);
    for (size_t i = 0; i < n && i < cap; i++) {
        unsigned v;
        CHECK(sscanf(h + 2 * i, "%2x", &v) == 1);
        out[i] = (uint8_t)v;
    }
    return n;
}
static size_t hexarr(uint64_t *out, size_t cap, const cJSON *a) {
    size_t n = 0;
    CHECK(cJSON_IsArray(a));
    for (const cJSON *v = a ? a->child : NULL; v && n < cap; v = v->next)
        out[n++] = strtoull(cJSON_IsString(v) ? v->valuestring : "", NULL, 16);
    return n;
}
static zp_fe2 fe2_of(const cJSON *o, const char *k) {
    uint64_t v[2] = {0, 0};
    CHECK(hexarr(v, 2, cJSON_GetObjectItemCaseSensitive(o, k)) == 2);
    zp_fe2 r = {v[0], v[1]};
    return r;
}
static int fe2_eq(zp_fe2 a, zp_fe2 b) { return a.c0 == b.c0 && a.c1 == b.c1; }
#define EACH(c, arr) for (const cJSON *c = (arr) ? (arr)->child : NULL; c; c = c->next)

TEST(vectors_field) {
    cJSON *j = load("field");
    const cJSON *k = cJSON_GetObjectItemCaseSensitive(j, "constants");
    CHECK(hex64(k, "p") == ZP_FIELD_P && num(k, "fe_bytes") == zp_fe_bytes() &&
          num(k, "fe2_bytes") == zp_fe2_bytes() && num(k, "fe2_w") == ZP_FE2_W);
    size_t n = 0;
    EACH(c, cases(j, "fe_add")) { CHECK(zp_fe_add(hex64(c, "a"), hex64(c, "b")) == hex64(c, "out")); n++; }
    EACH(c, cases(j, "fe_sub")) { CHECK(zp_fe_sub(hex64(c, "a"), hex64(c, "b")) == hex64(c, "out")); n++; }
    EACH(c, cases(j, "fe_mul")) { CHECK(zp_fe_mul(hex64(c, "a"), hex64(c, "b")) == hex64(c, "out")); n++; }
    EACH(c, cases(j, "fe_neg")) { CHECK(zp_fe_neg(hex64(c, "a")) == hex64(c, "out")); n++; }
    EACH(c, cases(j, "fe_sqr")) { CHECK(zp_fe_sqr(hex64(c, "a")) == hex64(c, "out")); n++; }
    EACH(c, cases(j, "fe_inv")) { CHECK(zp_fe_inv(hex64(c, "a")) == hex64(c, "out")); n++; }
    EACH(c, cases(j, "fe_pow")) { CHECK(zp_fe_pow(hex64(c, "a"), hex64(c, "e")) == hex64(c, "out")); n++; }
    EACH(c, cases(j, "fe_from_u64")) { CHECK(zp_fe_from_u64(hex64(c, "v")) == hex64(c, "out")); n++; }
    EACH(c, cases(j, "fe_from_i64")) { CHECK(zp_fe_from_i64(dec64(c, "v")) == hex64(c, "out")); n++; }
    EACH(c, cases(j, "fe_root_of_unity")) { CHECK(zp_fe_root_of_unity(num(c, "log_n")) == hex64(c, "out")); n++; }
    EACH(c, cases(j, "fe_from_bytes")) {
        uint8_t b[8];
        CHECK(unhex(b, 8, s_of(c, "bytes")) == 8);
        zp_fe o = 1;
        zp_err e = zp_fe_from_bytes_le(&o, b);
        CHECK((e == ZP_OK) == flag(c, "ok"));
        if (e == ZP_OK) {
            uint8_t back[8];
            zp_fe_to_bytes_le(back, o);
            CHECK(o == hex64(c, "out") && !memcmp(back, b, 8));
        } else {
            CHECK(e == ZP_ERR_PARSE);
        }
        n++;
    }
    EACH(c, cases(j, "fe2_add")) { CHECK(fe2_eq(zp_fe2_add(fe2_of(c, "a"), fe2_of(c, "b")), fe2_of(c, "out"))); n++; }
    EACH(c, cases(j, "fe2_sub")) { CHECK(fe2_eq(zp_fe2_sub(fe2_of(c, "a"), fe2_of(c, "b")), fe2_of(c, "out"))); n++; }
    EACH(c, cases(j, "fe2_mul")) { CHECK(fe2_eq(zp_fe2_mul(fe2_of(c, "a"), fe2_of(c, "b")), fe2_of(c, "out"))); n++; }
    EACH(c, cases(j, "fe2_neg")) { CHECK(fe2_eq(zp_fe2_neg(fe2_of(c, "a")), fe2_of(c, "out"))); n++; }
    EACH(c, cases(j, "fe2_sqr")) { CHECK(fe2_eq(zp_fe2_sqr(fe2_of(c, "a")), fe2_of(c, "out"))); n++; }
    EACH(c, cases(j, "fe2_inv")) { CHECK(fe2_eq(zp_fe2_inv(fe2_of(c, "a")), fe2_of(c, "out"))); n++; }
    EACH(c, cases(j, "fe2_mul_fe")) {
        CHECK(fe2_eq(zp_fe2_mul_fe(fe2_of(c, "a"), hex64(c, "b")), fe2_of(c, "out")));
        n++;
    }
    EACH(c, cases(j, "fe2_pow")) {
        CHECK(fe2_eq(zp_fe2_pow(fe2_of(c, "a"), hex64(c, "e")), fe2_of(c, "out")));
        n++;
    }
    EACH(c, cases(j, "fe2_from_bytes")) {
        uint8_t b[16];
        CHECK(unhex(b, 16, s_of(c, "bytes")) == 16);
        zp_fe2 o = {1, 1};
        zp_err e = zp_fe2_from_bytes_le(&o, b);
        CHECK((e == ZP_OK) == flag(c, "ok"));
        if (e == ZP_OK) {
            uint8_t back[16];
            zp_fe2_to_bytes_le(back, o);
            CHECK(fe2_eq(o, fe2_of(c, "out")) && !memcmp(back, b, 16));
        }
        n++;
    }
    printf("  field: %zu cases\n", n);
    cJSON_Delete(j);
}

TEST(vectors_sha256) {
    cJSON *j = load("sha256");
    static const char *G[] = {"fips", "lengths"};
    size_t n = 0;
    for (int g = 0; g < 2; g++) {
        EACH(c, cases(j, G[g])) {
            const char *m = s_of(c, "msg");
            size_t ml = strlen(m) / 2, rep = num(c, "repeat");
            uint8_t *one = malloc(ml + 1), want[32], got[32], got2[32];
            CHECK(one != NULL && unhex(one, ml, m) == ml);
            CHECK(unhex(want, 32, s_of(c, "digest")) == 32);
            zp_sha256_ctx ctx;
            zp_sha256_init(&ctx);
            for (size_t r = 0; r < rep; r++) zp_sha256_update(&ctx, one, ml);
            zp_sha256_final(&ctx, got);
            CHECK(!memcmp(got, want, 32));
            if (rep == 1) {
                zp_sha256(got2, one, ml);
                CHECK(!memcmp(got2, want, 32));
            }
            free(one);
            n++;
        }
    }
    printf("  sha256: %zu cases\n", n);
    cJSON_Delete(j);
}

TEST(vectors_merkle) {
    cJSON *j = load("merkle");
    size_t n = 0;
    EACH(c, cases(j, "hash_leaf")) {
        uint8_t d[64];
        zp_digest o, w;
        size_t len = unhex(d, sizeof d, s_of(c, "data"));
        unhex(w.b, 32, s_of(c, "out"));
        zp_hash_leaf(&o, d, len);
        CHECK(!memcmp(o.b, w.b, 32));
        n++;
    }
    EACH(c, cases(j, "hash_node")) {
        zp_digest l, r, o, w;
        unhex(l.b, 32, s_of(c, "left"));
        unhex(r.b, 32, s_of(c, "right"));
        unhex(w.b, 32, s_of(c, "out"));
        zp_hash_node(&o, &l, &r);
        CHECK(!memcmp(o.b, w.b, 32));
        n++;
    }
    EACH(c, cases(j, "trees")) {
        zp_digest lv[64], root, want;
        size_t nl = 0;
        EACH(d, cJSON_GetObjectItemCaseSensitive(c, "leaf_data")) {
            uint8_t b[64];
            size_t len = unhex(b, sizeof b, d->valuestring);
            if (nl < 64) zp_hash_leaf(&lv[nl++], b, len);
        }
        unhex(want.b, 32, s_of(c, "root"));
        zp_merkle_tree *t = NULL;
        CHECK_OK(zp_merkle_build(&t, lv, nl));
        if (!t) continue;
        zp_merkle_root(t, &root);
        CHECK(!memcmp(root.b, want.b, 32));
        EACH(o, cJSON_GetObjectItemCaseSensitive(c, "openings")) {
            size_t idx[64], ni = 0, np = 0, got_n = 0;
            zp_digest path[64], got[64], leaves[64];
            EACH(v, cJSON_GetObjectItemCaseSensitive(o, "idx")) if (ni < 64) idx[ni++] = (size_t)v->valuedouble;
            EACH(v, cJSON_GetObjectItemCaseSensitive(o, "path")) if (np < 64) unhex(path[np++].b, 32, v->valuestring);
            CHECK_OK(zp_merkle_prove_batch(t, idx, ni, got, 64, &got_n));
            CHECK(got_n == np && !memcmp(got, path, np * sizeof(zp_digest)));
            CHECK(zp_merkle_batch_count(nl, idx, ni) == np);
            for (size_t i = 0; i < ni; i++) leaves[i] = lv[idx[i]];
            CHECK_OK(zp_merkle_verify_batch(&root, nl, idx, leaves, ni, path, np));
            leaves[0].b[0] ^= 1; /* a changed leaf is rejected */
            CHECK(zp_merkle_verify_batch(&root, nl, idx, leaves, ni, path, np) == ZP_ERR_VERIFY);
            n++;
        }
        zp_merkle_free(t);
        n++;
    }
    printf("  merkle: %zu cases\n", n);
    cJSON_Delete(j);
}

TEST(vectors_transcript) {
    cJSON *j = load("transcript");
    size_t n = 0;
    EACH(c, cases(j, "scripts")) {
        zp_transcript tr;
        const cJSON *dh = cJSON_GetObjectItemCaseSensitive(c, "domain_hex");
        if (dh) {
            uint8_t d[64];
            size_t len = unhex(d, sizeof d, dh->valuestring);
            zp_transcript_init_raw(&tr, d, len);
        } else {
            zp_transcript_init(&tr, s_of(c, "domain"));
        }
        EACH(o, cJSON_GetObjectItemCaseSensitive(c, "ops")) {
            const char *op = s_of(o, "op"), *lab = s_of(o, "label");
            uint64_t v[8];
            if (!strcmp(op, "absorb_bytes")) {
                uint8_t d[64];
                size_t len = unhex(d, sizeof d, s_of(o, "data"));
                zp_transcript_absorb_bytes(&tr, lab, d, len);
            } else if (!strcmp(op, "absorb_u64")) {
                zp_transcript_absorb_u64(&tr, lab, hex64(o, "value"));
            } else if (!strcmp(op, "absorb_fe")) {
                size_t k = hexarr(v, 8, cJSON_GetObjectItemCaseSensitive(o, "values"));
                zp_transcript_absorb_fe(&tr, lab, v, k);
            } else if (!strcmp(op, "absorb_fe2")) {
                size_t k = hexarr(v, 8, cJSON_GetObjectItemCaseSensitive(o, "values"));
                zp_fe2 f[4];
                for (size_t i = 0; i < k / 2; i++) { f[i].c0 = v[2 * i]; f[i].c1 = v[2 * i + 1]; }
                zp_transcript_absorb_fe2(&tr, lab, f, k / 2);
            } else if (!strcmp(op, "absorb_digest")) {
                zp_digest d;
                unhex(d.b, 32, s_of(o, "data"));
                zp_transcript_absorb_digest(&tr, lab, &d);
            } else if (!strcmp(op, "challenge_fe")) {
                CHECK(zp_transcript_challenge_fe(&tr, lab) == hex64(o, "out"));
            } else if (!strcmp(op, "challenge_fe2")) {
                CHECK(fe2_eq(zp_transcript_challenge_fe2(&tr, lab), fe2_of(o, "out")));
            } else if (!strcmp(op, "challenge_fe2_vec")) {
                size_t k = num(o, "n");
                zp_fe2 f[4];
                CHECK(k <= 4 && hexarr(v, 8, cJSON_GetObjectItemCaseSensitive(o, "out")) == 2 * k);
                zp_transcript_challenge_fe2_vec(&tr, lab, f, k);
                for (size_t i = 0; i < k; i++) CHECK(f[i].c0 == v[2 * i] && f[i].c1 == v[2 * i + 1]);
            } else if (!strcmp(op, "challenge_bytes")) {
                uint8_t got[64], want[64];
                size_t len = num(o, "len");
                CHECK(len <= 64 && unhex(want, sizeof want, s_of(o, "out")) == len);
                zp_transcript_challenge_bytes(&tr, lab, got, len);
                CHECK(!memcmp(got, want, len));
            } else if (!strcmp(op, "challenge_index")) {
                CHECK(zp_transcript_challenge_index(&tr, lab, hex64(o, "bound")) == hex64(o, "out"));
            } else {
                CHECK(!"unknown transcript op");
            }
            n++;
        }
        uint8_t st[32];
        unhex(st, 32, s_of(c, "state"));
        CHECK(!memcmp(tr.state, st, 32) && tr.n_ops == num(c, "n_ops"));
    }
    /* tree absorbs: values from the seed rule of the group's source */
    size_t nt = 0;
    EACH(c, cases(j, "tree")) {
        zp_transcript tr;
        zp_transcript_init(&tr, s_of(c, "domain"));
        size_t nw = num(c, "n_words");
        uint64_t seed = hex64(c, "seed");
        zp_fe *w = malloc(nw * sizeof *w + 1);
        for (size_t i = 0; i < nw; i++) w[i] = (seed + (uint64_t)i * 0x9E3779B97F4A7C15ULL) % ZP_FIELD_P;
        const char *op = s_of(c, "op");
        if (!strcmp(op, "absorb_fe2_tree")) {
            CHECK(nw % 2 == 0);
            zp_transcript_absorb_fe2_tree(&tr, s_of(c, "label"), (const zp_fe2 *)w, nw / 2);
        } else {
            CHECK(!strcmp(op, "absorb_fe_tree"));
            zp_transcript_absorb_fe_tree(&tr, s_of(c, "label"), w, nw);
        }
        uint8_t st[32];
        unhex(st, 32, s_of(c, "state"));
        CHECK(!memcmp(tr.state, st, 32) && tr.n_ops == num(c, "n_ops"));
        free(w);
        nt++;
    }
    CHECK(nt >= 16);
    printf("  transcript: %zu ops, %zu tree absorbs\n", n, nt);
    cJSON_Delete(j);
}

TEST(vectors_poseidon2) {
    cJSON *j = load("poseidon2");
    static const char *G[] = {"w12_reference", "w8_reference", "w12"};
    size_t n = 0;
    for (int g = 0; g < 3; g++) {
        EACH(c, cases(j, G[g])) {
            zp_fe s[12], w[12];
            size_t k = hexarr(s, 12, cJSON_GetObjectItemCaseSensitive(c, "in"));
            CHECK(hexarr(w, 12, cJSON_GetObjectItemCaseSensitive(c, "out")) == k);
            CHECK(k == 12 || k == 8);
            if (k == 12) zp_poseidon2_w12(s);
            else zp_poseidon2_w8(s);
            CHECK(!memcmp(s, w, k * sizeof(zp_fe)));
            n++;
        }
    }
    EACH(c, cases(j, "hash")) {
        zp_fe in[32], o[4], w[4];
        size_t k = hexarr(in, 32, cJSON_GetObjectItemCaseSensitive(c, "in"));
        CHECK(hexarr(w, 4, cJSON_GetObjectItemCaseSensitive(c, "out")) == 4);
        zp_poseidon2_hash(o, in, k);
        CHECK(!memcmp(o, w, sizeof o));
        n++;
    }
    EACH(c, cases(j, "compress")) {
        zp_fe l[4], r[4], o[4], w[4];
        CHECK(hexarr(l, 4, cJSON_GetObjectItemCaseSensitive(c, "l")) == 4);
        CHECK(hexarr(r, 4, cJSON_GetObjectItemCaseSensitive(c, "r")) == 4);
        CHECK(hexarr(w, 4, cJSON_GetObjectItemCaseSensitive(c, "out")) == 4);
        zp_poseidon2_compress(o, l, r);
        CHECK(!memcmp(o, w, sizeof o));
        n++;
    }
    printf("  poseidon2: %zu cases\n", n);
    cJSON_Delete(j);
}

TEST(vectors_fixed) {
    cJSON *j = load("fixed");
    size_t n = 0;
    EACH(c, cases(j, "rdiv2")) {
        int64_t r, q = zp_fx_rdiv2(dec64(c, "a"), num(c, "s"), &r);
        CHECK(q == dec64(c, "q") && r == dec64(c, "r"));
        n++;
    }
    EACH(c, cases(j, "rdiv")) {
        int64_t r, q = zp_fx_rdiv(dec64(c, "a"), dec64(c, "d"), &r);
        CHECK(q == dec64(c, "q") && r == dec64(c, "r"));
        n++;
    }
    EACH(c, cases(j, "sat")) { CHECK(zp_fx_sat(dec64(c, "v"), num(c, "b")) == dec64(c, "out")); n++; }
    EACH(c, cases(j, "rescale")) {
        CHECK(zp_fx_rescale(dec64(c, "q"), num(c, "from"), num(c, "to"), num(c, "bits")) ==
              dec64(c, "out"));
        n++;
    }
    EACH(c, cases(j, "from_double")) {
        CHECK(zp_fx_from_double(strtod(s_of(c, "v"), NULL), num(c, "s"), num(c, "b")) ==
              dec64(c, "out"));
        n++;
    }
    EACH(c, cases(j, "exp_table")) {
        unsigned db = num(c, "domain_bits");
        int64_t t[1 << 8];
        CHECK(db <= 8);
        if (db > 8) continue;
        CHECK_OK(zp_fx_exp_table(t, db, num(c, "exp_scale"), num(c, "act_scale")));
        size_t i = 0;
        EACH(v, cJSON_GetObjectItemCaseSensitive(c, "table")) {
            CHECK(i < ((size_t)1 << db) && t[i] == strtoll(v->valuestring, NULL, 10));
            i++;
        }
        CHECK(i == (size_t)1 << db);
        n++;
    }
    printf("  fixed: %zu cases\n", n);
    cJSON_Delete(j);
}

TEST(vectors_sampler) {
    cJSON *j = load("sampler");
    size_t n = 0;
    EACH(c, cases(j, "batches")) {
        uint8_t seed[32];
        CHECK(unhex(seed, 32, s_of(c, "seed")) == 32);
        uint32_t bs = num(c, "batch_size"), got[64];
        CHECK(bs <= 64);
        if (bs > 64) continue;
        zp_err e = zp_sampler_batch(seed, hex64(c, "step"), bs, hex64(c, "n_records"), got);
        CHECK((e == ZP_OK) == flag(c, "ok"));
        if (e == ZP_OK) {
            uint32_t i = 0;
            EACH(v, cJSON_GetObjectItemCaseSensitive(c, "indices")) {
                CHECK(i < bs && got[i] == (uint32_t)v->valuedouble);
                i++;
            }
            CHECK(i == bs);
        } else {
            CHECK(e == ZP_ERR_ARG);
        }
        n++;
    }
    printf("  sampler: %zu cases\n", n);
    cJSON_Delete(j);
}

TEST(vectors_dataset) {
    cJSON *j = load("dataset");
    size_t n = 0;
    EACH(c, cases(j, "schemas")) {
        const char *js = s_of(c, "json");
        zp_ds_schema *s = NULL;
        char err[ZP_DS_ERR_BYTES];
        zp_err e = zp_ds_schema_parse(&s, err, js, strlen(js));
        CHECK((e == ZP_OK) == flag(c, "ok"));
        if (e == ZP_OK) {
            char *canon = NULL;
            size_t cl = 0;
            zp_digest d, w;
            CHECK_OK(zp_ds_schema_canonical(&canon, &cl, s));
            CHECK_OK(zp_ds_schema_digest(&d, s));
            unhex(w.b, 32, s_of(c, "digest"));
            CHECK(canon && !strcmp(canon, s_of(c, "canonical")));
            CHECK(!memcmp(d.b, w.b, 32) && s->width == num(c, "width"));
            zp_sha256(w.b, s_of(c, "canonical"), strlen(s_of(c, "canonical")));
            CHECK(!memcmp(d.b, w.b, 32));
            free(canon);
        }
        zp_ds_schema_free(s);
        n++;
    }
    EACH(c, cases(j, "fe_from_i64")) { CHECK(zp_ds_fe_from_i64(dec64(c, "q")) == hex64(c, "out")); n++; }
    EACH(c, cases(j, "i64_from_fe")) {
        int64_t q = 0;
        zp_err e = zp_ds_i64_from_fe(&q, hex64(c, "x"), strtoull(s_of(c, "bound"), NULL, 10));
        CHECK((e == ZP_OK) == flag(c, "ok"));
        if (e == ZP_OK) CHECK(q == dec64(c, "q"));
        n++;
    }
    EACH(c, cases(j, "record_bytes")) {
        zp_digest sd;
        zp_fe row[16];
        unhex(sd.b, 32, s_of(c, "schema_digest"));
        size_t w = hexarr(row, 16, cJSON_GetObjectItemCaseSensitive(c, "row"));
        size_t len = zp_ds_record_bytes_len(w);
        uint8_t *got = malloc(len), *want = malloc(len + 1);
        CHECK(got && want && unhex(want, len, s_of(c, "bytes")) == len);
        zp_ds_record_bytes(got, &sd, row, w);
        CHECK(!memcmp(got, want, len));
        free(got);
        free(want);
        n++;
    }
    printf("  dataset: %zu cases\n", n);
    cJSON_Delete(j);
}

TEST(vectors_vrf) {
    cJSON *j = load("vrf");
    size_t n = 0;
    static const char *G[] = {"rfc9381", "record_keys"};
    for (int g = 0; g < 2; g++) {
        EACH(c, cases(j, G[g])) {
            uint8_t seed[32], pk[32], sk[64], alpha[256], pi[80], beta[64], got_pk[32], got_pi[80];
            uint8_t got_beta[64], out2[64];
            CHECK(unhex(seed, 32, s_of(c, "seed")) == 32 && unhex(pk, 32, s_of(c, "pk")) == 32);
            size_t al = unhex(alpha, sizeof alpha, s_of(c, "alpha"));
            CHECK(unhex(pi, 80, s_of(c, "pi")) == 80 && unhex(beta, 64, s_of(c, "beta")) == 64);
            CHECK_OK(zp_vrf_keypair_from_seed(got_pk, sk, seed));
            CHECK(!memcmp(got_pk, pk, 32));
            CHECK_OK(zp_vrf_prove(got_pi, sk, alpha, al));
            CHECK(!memcmp(got_pi, pi, 80));
            CHECK_OK(zp_vrf_verify(got_beta, pk, pi, alpha, al));
            CHECK(!memcmp(got_beta, beta, 64));
            CHECK_OK(zp_vrf_output(out2, sk, alpha, al));
            CHECK(!memcmp(out2, beta, 64));
            zp_memzero(sk, sizeof sk);
            n++;
        }
    }
    EACH(c, cases(j, "rejected")) {
        uint8_t pk[32], alpha[64], pi[80], beta[64];
        CHECK(unhex(pk, 32, s_of(c, "pk")) == 32 && unhex(pi, 80, s_of(c, "pi")) == 80);
        size_t al = unhex(alpha, sizeof alpha, s_of(c, "alpha"));
        CHECK(zp_vrf_verify(beta, pk, pi, alpha, al) == ZP_ERR_VERIFY);
        n++;
    }
    printf("  vrf: %zu cases\n", n);
    cJSON_Delete(j);
}
