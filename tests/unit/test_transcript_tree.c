/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the transcript's tree absorbs and of the write/read helpers that do not absorb. */
// ZP_TEST_LAYER: hash
#include <omp.h>

#include "harness.h"

#include "zkprov/hash.h"

#define C ZP_TRANSCRIPT_TREE_CHUNK

static zp_fe rand_fe(void) {
    for (;;) {
        uint64_t v = test_rand_u64();
        if (v < ZP_FIELD_P) return v;
    }
}

static zp_fe *rand_words(size_t n) {
    zp_fe *w = malloc(n * sizeof *w + 1);
    for (size_t i = 0; i < n; i++) w[i] = rand_fe();
    return w;
}

static int tr_eq(const zp_transcript *a, const zp_transcript *b) {
    return memcmp(a->state, b->state, 32) == 0 && a->n_ops == b->n_ops;
}

/* The tree absorb spelled out with one-shot SHA-256 calls, as
 * docs/spec/transcript.md "Tree absorbs" defines it:
 *   c_i = H(0x02 || LE64 words of chunk i), chunks of C words,
 *   S <- H(S || op || LE64(|label|) || label || LE64(8 + 32 m)
 *          || LE64(n_words) || c_0 || ... || c_{m-1}). */
static void spec_tree(uint8_t state[32], uint8_t op, const char *label, const zp_fe *w,
                      size_t n_words) {
    size_t m = (n_words + C - 1) / C, ll = strlen(label);
    size_t len = 32 + 1 + 8 + ll + 8 + 8 + 32 * m;
    uint8_t *buf = malloc(len), *chunk = malloc(1 + 8 * C);
    size_t n = 0;
    memcpy(buf, state, 32);
    n = 32;
    buf[n++] = op;
    zp_store64_le(buf + n, ll);
    n += 8;
    memcpy(buf + n, label, ll);
    n += ll;
    zp_store64_le(buf + n, 8 + 32 * m);
    n += 8;
    zp_store64_le(buf + n, n_words);
    n += 8;
    for (size_t i = 0; i < m; i++) {
        size_t k = n_words - i * C < C ? n_words - i * C : C;
        chunk[0] = 0x02;
        for (size_t j = 0; j < k; j++) zp_store64_le(chunk + 1 + 8 * j, w[i * C + j] % ZP_FIELD_P);
        zp_sha256(buf + n, chunk, 1 + 8 * k);
        n += 32;
    }
    CHECK(n == len);
    zp_sha256(state, buf, len);
    free(buf);
    free(chunk);
}

TEST(tree_definition_at_chunk_boundaries) {
    const size_t sizes[] = {0, 1, 2, 63, C - 1, C, C + 1, 2 * C, 2 * C + 1, 3 * C + 5,
                            64 * C, 64 * C + 3, 129 * C};
    for (size_t t = 0; t < sizeof sizes / sizeof sizes[0]; t++) {
        size_t n = sizes[t];
        zp_fe *w = rand_words(n + 2);
        zp_transcript tr;
        zp_transcript_init(&tr, "zkprov-v1/tree");
        uint8_t want[32];
        memcpy(want, tr.state, 32);
        zp_transcript_absorb_fe_tree(&tr, "v", w, n);
        spec_tree(want, 0x09, "v", w, n);
        CHECK(memcmp(tr.state, want, 32) == 0);
        CHECK(tr.n_ops == 2);
        /* the extension variant: op 0x0a over 2 n' words */
        zp_transcript_init(&tr, "zkprov-v1/tree");
        memcpy(want, tr.state, 32);
        zp_transcript_absorb_fe2_tree(&tr, "v2", (const zp_fe2 *)w, (n + 2) / 2);
        spec_tree(want, 0x0a, "v2", w, 2 * ((n + 2) / 2));
        CHECK(memcmp(tr.state, want, 32) == 0);
        free(w);
    }
}

/* Non-canonical inputs are absorbed as their values mod p, as the flat
 * absorb does (a chunk that is not canonical takes the copying path). */
TEST(tree_noncanonical_is_mod_p) {
    size_t n = 2 * C + 7;
    zp_fe *w = rand_words(n), *v = malloc(n * sizeof *v);
    memcpy(v, w, n * sizeof *v);
    const size_t pos[] = {0, C - 1, C, 2 * C + 6};
    for (size_t k = 0; k < 4; k++) {
        w[pos[k]] = k;
        v[pos[k]] = ZP_FIELD_P + k; /* = k mod p */
    }
    v[5] = UINT64_MAX; /* = 2^32 - 2 mod p */
    w[5] = UINT64_MAX - ZP_FIELD_P;
    zp_transcript a, b;
    zp_transcript_init(&a, "nc");
    zp_transcript_init(&b, "nc");
    zp_transcript_absorb_fe_tree(&a, "x", w, n);
    zp_transcript_absorb_fe_tree(&b, "x", v, n);
    CHECK(tr_eq(&a, &b));
    free(w);
    free(v);
}

/* Every word is bound: changing any one word (by one, or any bit) changes
 * the state; the tree absorb differs from the flat one and the FE from the
 * FE2 op over the same words; the label and the length are bound. */
TEST(tree_binds_every_word) {
    size_t n = 2 * C + 300; /* three chunks, the last one short */
    zp_fe *w = rand_words(n);
    zp_transcript base, t;
    zp_transcript_init(&base, "bind");
    t = base;
    zp_transcript_absorb_fe_tree(&t, "x", w, n);
    uint8_t ref[32];
    memcpy(ref, t.state, 32);
    size_t same = 0;
    for (size_t i = 0; i < n; i++) {
        zp_fe old = w[i];
        w[i] = (old + 1 + (test_rand_u64() & 0xff)) % ZP_FIELD_P;
        t = base;
        zp_transcript_absorb_fe_tree(&t, "x", w, n);
        same += memcmp(t.state, ref, 32) == 0;
        w[i] = old;
    }
    CHECK(same == 0);
    /* swapping two words of different chunks */
    zp_fe x = w[3];
    w[3] = w[C + 3];
    w[C + 3] = x;
    t = base;
    zp_transcript_absorb_fe_tree(&t, "x", w, n);
    CHECK(memcmp(t.state, ref, 32) != 0 || w[3] == w[C + 3]);
    w[C + 3] = w[3];
    w[3] = x;
    /* flat vs tree, FE vs FE2, label, length */
    zp_transcript f = base, e = base, l = base, s = base;
    zp_transcript_absorb_fe(&f, "x", w, n);
    zp_transcript_absorb_fe2_tree(&e, "x", (const zp_fe2 *)w, n / 2);
    zp_transcript_absorb_fe_tree(&l, "y", w, n);
    zp_transcript_absorb_fe_tree(&s, "x", w, n - 1);
    CHECK(memcmp(f.state, ref, 32) != 0);
    CHECK(memcmp(e.state, ref, 32) != 0);
    CHECK(memcmp(l.state, ref, 32) != 0);
    CHECK(memcmp(s.state, ref, 32) != 0);
    /* appending a zero word to the last chunk changes the word count */
    zp_fe *w2 = rand_words(n + 1);
    memcpy(w2, w, n * sizeof *w);
    w2[n] = 0;
    zp_transcript z = base;
    zp_transcript_absorb_fe_tree(&z, "x", w2, n + 1);
    CHECK(memcmp(z.state, ref, 32) != 0);
    free(w2);
    free(w);
}

TEST(tree_thread_count_independent) {
    int saved = omp_get_max_threads();
    const size_t sizes[] = {C + 1, 4 * C, 7 * C + 11, 70 * C + 1};
    for (size_t t = 0; t < 4; t++) {
        size_t n = sizes[t];
        zp_fe *w = rand_words(n);
        uint8_t st[3][32];
        for (int k = 0; k < 3; k++) {
            omp_set_num_threads(k + 1);
            zp_transcript tr;
            zp_transcript_init(&tr, "thr");
            zp_transcript_absorb_fe2_tree(&tr, "x", (const zp_fe2 *)w, n / 2);
            memcpy(st[k], tr.state, 32);
        }
        CHECK(memcmp(st[0], st[1], 32) == 0 && memcmp(st[0], st[2], 32) == 0);
        free(w);
    }
    omp_set_num_threads(saved);
}

/* Inside a parallel region (nested parallelism off): the same state. */
TEST(tree_inside_parallel_region) {
    size_t n = 5 * C + 9;
    zp_fe *w = rand_words(n);
    zp_transcript ref;
    zp_transcript_init(&ref, "nest");
    zp_transcript_absorb_fe_tree(&ref, "x", w, n);
    int bad = 0;
#pragma omp parallel num_threads(2) reduction(| : bad)
    {
        zp_transcript tr;
        zp_transcript_init(&tr, "nest");
        zp_transcript_absorb_fe_tree(&tr, "x", w, n);
        bad |= !tr_eq(&tr, &ref);
    }
    CHECK(bad == 0);
    free(w);
}

TEST(tree_send_recv_lockstep) {
    size_t n = 3 * C / 2 + 17; /* extension elements: 3 C + 34 words */
    zp_fe2 *v = (zp_fe2 *)rand_words(2 * n);
    zp_fe *f = rand_words(C + 3);
    zp_transcript p, q, a;
    zp_transcript_init(&p, "ls");
    q = p;
    a = p;
    zp_bytes out;
    zp_bytes_init(&out);
    zp_fs_send_fe2_tree(&p, &out, "v", v, n);
    zp_fs_send_fe_tree(&p, &out, "f", f, C + 3);
    CHECK(!out.failed && out.len == 16 * n + 8 * (C + 3));
    /* the proof bytes are the flat encoding */
    zp_bytes flat;
    zp_bytes_init(&flat);
    zp_fs_send_fe2(NULL, &flat, "v", v, n);
    zp_fs_send_fe(NULL, &flat, "f", f, C + 3);
    CHECK(flat.len == out.len && memcmp(flat.data, out.data, out.len) == 0);
    /* send = absorb */
    zp_transcript_absorb_fe2_tree(&a, "v", v, n);
    zp_transcript_absorb_fe_tree(&a, "f", f, C + 3);
    CHECK(tr_eq(&p, &a));
    zp_reader in;
    zp_reader_init(&in, out.data, out.len);
    zp_fe2 *gv = malloc(n * sizeof *gv);
    zp_fe *gf = malloc((C + 3) * sizeof *gf);
    CHECK_OK(zp_fs_recv_fe2_tree(&q, &in, "v", gv, n));
    CHECK_OK(zp_fs_recv_fe_tree(&q, &in, "f", gf, C + 3));
    CHECK_OK(zp_reader_finish(&in));
    CHECK(memcmp(gv, v, n * sizeof *gv) == 0 && memcmp(gf, f, (C + 3) * sizeof *gf) == 0);
    CHECK(tr_eq(&p, &q));
    /* truncation and a non-canonical word: parse errors, nothing absorbed */
    zp_transcript q0;
    zp_transcript_init(&q0, "ls");
    q = q0;
    zp_reader_init(&in, out.data, 16 * n - 1);
    CHECK(zp_fs_recv_fe2_tree(&q, &in, "v", gv, n) == ZP_ERR_PARSE);
    CHECK(in.pos == 0 && tr_eq(&q, &q0) && gv[0].c0 == 0 && gv[n - 1].c1 == 0);
    zp_store64_le(out.data + 8 * 1000, ZP_FIELD_P);
    zp_reader_init(&in, out.data, out.len);
    CHECK(zp_fs_recv_fe2_tree(&q, &in, "v", gv, n) == ZP_ERR_PARSE);
    CHECK(in.pos == 0 && tr_eq(&q, &q0));
    CHECK(zp_fs_recv_fe_tree(NULL, &in, "f", gf, 1) == ZP_ERR_ARG);
    free(gv);
    free(gf);
    free(v);
    free(f);
    zp_bytes_free(&out);
    zp_bytes_free(&flat);
}

/* put / get: the encodings of send / recv, nothing absorbed, the same
 * parse checks. */
TEST(put_get_no_absorb) {
    zp_fe fe[5] = {rand_fe(), rand_fe(), 0, ZP_FIELD_P - 1, rand_fe()};
    zp_digest d[2];
    for (int i = 0; i < 32; i++) d[0].b[i] = (uint8_t)i, d[1].b[i] = (uint8_t)(7 * i);
    uint8_t raw[11] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    zp_bytes a, b;
    zp_bytes_init(&a);
    zp_bytes_init(&b);
    zp_transcript t;
    zp_transcript_init(&t, "pg");
    zp_fs_put_bytes(&a, raw, sizeof raw);
    zp_fs_put_fe(&a, fe, 5);
    zp_fs_put_digest(&a, d, 2);
    zp_fs_send_bytes(&t, &b, "r", raw, sizeof raw);
    zp_fs_send_fe(&t, &b, "f", fe, 5);
    zp_fs_send_digest(&t, &b, "d", d, 2);
    CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
    zp_reader in;
    zp_reader_init(&in, a.data, a.len);
    uint8_t graw[11];
    zp_fe gfe[5];
    zp_digest gd[2];
    CHECK_OK(zp_fs_get_bytes(&in, graw, sizeof graw));
    CHECK_OK(zp_fs_get_fe(&in, gfe, 5));
    CHECK_OK(zp_fs_get_digest(&in, gd, 2));
    CHECK_OK(zp_reader_finish(&in));
    CHECK(memcmp(graw, raw, sizeof raw) == 0 && memcmp(gfe, fe, sizeof fe) == 0 &&
          memcmp(gd, d, sizeof d) == 0);
    /* every truncation fails and leaves the reader where it was */
    for (size_t cut = 0; cut < a.len; cut++) {
        zp_reader_init(&in, a.data, cut);
        zp_err e = zp_fs_get_bytes(&in, graw, sizeof graw);
        if (e == ZP_OK) e = zp_fs_get_fe(&in, gfe, 5);
        if (e == ZP_OK) e = zp_fs_get_digest(&in, gd, 2);
        CHECK(e == ZP_ERR_PARSE);
    }
    zp_reader_init(&in, a.data + 11, 39);
    CHECK(zp_fs_get_fe(&in, gfe, 5) == ZP_ERR_PARSE);
    CHECK(in.pos == 0 && gfe[0] == 0 && gfe[4] == 0);
    /* a value >= p */
    zp_store64_le(a.data + 11 + 16, ZP_FIELD_P);
    zp_reader_init(&in, a.data + 11, 40);
    CHECK(zp_fs_get_fe(&in, gfe, 5) == ZP_ERR_PARSE);
    CHECK(in.pos == 0 && gfe[1] == 0);
    CHECK(zp_fs_get_fe(NULL, gfe, 1) == ZP_ERR_ARG);
    CHECK(zp_fs_get_bytes(&in, NULL, 1) == ZP_ERR_ARG);
    CHECK(zp_fs_get_digest(&in, NULL, 1) == ZP_ERR_ARG);
    CHECK(zp_transcript_tree_chunk_words() == ZP_TRANSCRIPT_TREE_CHUNK);
    zp_bytes_free(&a);
    zp_bytes_free(&b);
}
