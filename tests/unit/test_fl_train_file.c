/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the training-proof file framing (src/prov/fl_train_file.c): UPD.train and NEXT.train. */
// ZP_TEST_LAYER: prov
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "zkprov/prov.h"

static void check_one_line(const char *err) {
    CHECK(err[0] != 0);
    CHECK(strchr(err, '\n') == NULL);
}

/* Five random chunks of 0..99 bytes (some empty). */
static void rand_file(zp_fl_train_file *t, uint8_t buf[5][100]) {
    const uint8_t **p[5] = {&t->config, &t->cert, &t->commit, &t->run, &t->link};
    size_t *n[5] = {&t->config_len, &t->cert_len, &t->commit_len, &t->run_len, &t->link_len};
    for (int i = 0; i < 5; i++) {
        *n[i] = (size_t)(test_rand_u64() % 100);
        if (test_rand_u64() % 4 == 0) *n[i] = 0;
        zp_rng_bytes(test_rng(), buf[i], *n[i]);
        *p[i] = *n[i] ? buf[i] : NULL;
    }
}

TEST(train_file_round_trip_and_truncations) {
    for (int it = 0; it < 20 * test_iters(); it++) {
        uint8_t buf[5][100];
        zp_fl_train_file t, u;
        rand_file(&t, buf);
        uint8_t *f = NULL, *g = NULL;
        size_t fl = 0, gl = 0;
        char err[ZP_CERT_ERR_BYTES];
        CHECK_OK(zp_fl_train_file_encode(&f, &fl, &t));
        CHECK(fl == 8 + 40 + t.config_len + t.cert_len + t.commit_len + t.run_len + t.link_len);
        CHECK(memcmp(f, ZP_FL_TRAIN_MAGIC, 8) == 0);
        CHECK_OK(zp_fl_train_file_decode(&u, err, f, fl));
        const uint8_t *a[5] = {t.config, t.cert, t.commit, t.run, t.link};
        const uint8_t *b[5] = {u.config, u.cert, u.commit, u.run, u.link};
        const size_t al[5] = {t.config_len, t.cert_len, t.commit_len, t.run_len, t.link_len};
        const size_t bl[5] = {u.config_len, u.cert_len, u.commit_len, u.run_len, u.link_len};
        for (int i = 0; i < 5; i++) {
            CHECK(al[i] == bl[i]);
            CHECK(al[i] == 0 ? b[i] == NULL : b[i] > f && b[i] + bl[i] <= f + fl);
            if (al[i]) CHECK(memcmp(a[i], b[i], al[i]) == 0);
        }
        CHECK_OK(zp_fl_train_file_encode(&g, &gl, &u));
        CHECK(gl == fl && memcmp(f, g, fl) == 0);
        free(g);
        /* every proper prefix, and one byte more, are refused */
        for (size_t cut = 0; cut < fl; cut++) {
            CHECK(zp_fl_train_file_decode(&u, err, f, cut) == ZP_ERR_PARSE);
            check_one_line(err);
            CHECK(u.config == NULL && u.link_len == 0);
        }
        uint8_t *h = malloc(fl + 1);
        memcpy(h, f, fl);
        h[fl] = 0;
        CHECK(zp_fl_train_file_decode(&u, err, h, fl + 1) == ZP_ERR_PARSE);
        CHECK(strstr(err, "bytes after") != NULL);
        /* a chunk length past the end (2^64 - 1, no wrap) */
        memset(h + 8, 0xff, 8);
        CHECK(zp_fl_train_file_decode(&u, err, h, fl) == ZP_ERR_PARSE);
        free(h);
        free(f);
    }
}

TEST(train_file_magic) {
    uint8_t buf[5][100];
    zp_fl_train_file t, u;
    rand_file(&t, buf);
    uint8_t *f = NULL;
    size_t fl = 0;
    char err[ZP_CERT_ERR_BYTES];
    CHECK_OK(zp_fl_train_file_encode(&f, &fl, &t));
    memcpy(f, "ZPFLTRN1", 8);
    CHECK(zp_fl_train_file_decode(&u, err, f, fl) == ZP_ERR_UNSUPPORTED);
    CHECK(strstr(err, "unbound") != NULL);
    memcpy(f, "ZPFLTRN3", 8);
    CHECK(zp_fl_train_file_decode(&u, err, f, fl) == ZP_ERR_PARSE);
    check_one_line(err);
    free(f);
    CHECK(zp_fl_train_file_decode(NULL, err, f, fl) == ZP_ERR_ARG);
    CHECK(zp_fl_train_file_decode(&u, err, NULL, 5) == ZP_ERR_ARG);
    t.run = NULL;
    t.run_len = 3;
    CHECK(zp_fl_train_file_encode(&f, &fl, &t) == ZP_ERR_ARG && f == NULL && fl == 0);
}

TEST(train_set_round_trip_and_refusals) {
    for (int it = 0; it < 10 * test_iters(); it++) {
        uint32_t n = 1 + (uint32_t)(test_rand_u64() % 6);
        uint8_t data[6][50];
        const uint8_t *fs[6], *gs[6];
        size_t ls[6], ms[6];
        for (uint32_t k = 0; k < n; k++) {
            ls[k] = test_rand_u64() % 3 == 0 ? 0 : 1 + (size_t)(test_rand_u64() % 50);
            zp_rng_bytes(test_rng(), data[k], ls[k]);
            fs[k] = ls[k] ? data[k] : NULL;
        }
        uint8_t *f = NULL, *g = NULL;
        size_t fl = 0, gl = 0;
        char err[ZP_CERT_ERR_BYTES];
        CHECK_OK(zp_fl_train_set_encode(&f, &fl, fs, ls, n));
        CHECK(memcmp(f, ZP_FL_TRAIN_SET_MAGIC, 8) == 0 && zp_load32_le(f + 8) == n);
        CHECK_OK(zp_fl_train_set_decode(gs, ms, n, err, f, fl));
        for (uint32_t k = 0; k < n; k++) {
            CHECK(ms[k] == ls[k]);
            CHECK(ls[k] == 0 ? gs[k] == NULL : memcmp(gs[k], fs[k], ls[k]) == 0);
        }
        CHECK_OK(zp_fl_train_set_encode(&g, &gl, gs, ms, n));
        CHECK(gl == fl && memcmp(f, g, fl) == 0);
        free(g);
        /* another update count */
        if (n > 1) CHECK(zp_fl_train_set_decode(gs, ms, n - 1, err, f, fl) == ZP_ERR_PARSE);
        if (n < 6) CHECK(zp_fl_train_set_decode(gs, ms, n + 1, err, f, fl) == ZP_ERR_PARSE);
        check_one_line(err);
        for (size_t cut = 0; cut < fl; cut++) {
            CHECK(zp_fl_train_set_decode(gs, ms, n, err, f, cut) == ZP_ERR_PARSE);
            check_one_line(err);
            CHECK(gs[0] == NULL && ms[0] == 0);
        }
        uint8_t *h = malloc(fl + 1);
        memcpy(h, f, fl);
        h[fl] = 7;
        CHECK(zp_fl_train_set_decode(gs, ms, n, err, h, fl + 1) == ZP_ERR_PARSE);
        CHECK(strstr(err, "bytes after") != NULL);
        h[0] ^= 1;
        CHECK(zp_fl_train_set_decode(gs, ms, n, err, h, fl) == ZP_ERR_PARSE);
        free(h);
        free(f);
    }
    const uint8_t *gs[1];
    size_t ms[1];
    CHECK(zp_fl_train_set_decode(gs, ms, 0, NULL, (const uint8_t *)"", 0) == ZP_ERR_ARG);
    CHECK(zp_fl_train_set_decode(gs, ms, ZP_FL_MAX_CLIENTS + 1, NULL, (const uint8_t *)"", 0) ==
          ZP_ERR_ARG);
    uint8_t *f = NULL;
    size_t fl = 0;
    ms[0] = 4;
    gs[0] = NULL;
    CHECK(zp_fl_train_set_encode(&f, &fl, gs, ms, 1) == ZP_ERR_ARG && f == NULL);
}
