/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the Fiat-Shamir transcript and the proof byte streams. */
// ZP_TEST_LAYER: hash
#include "harness.h"

#include "zkprov/hash.h"

static zp_fe rand_fe(void) {
    for (;;) {
        uint64_t v = test_rand_u64();
        if (v < ZP_FIELD_P) return v;
    }
}

static int tr_eq(const zp_transcript *a, const zp_transcript *b) {
    return memcmp(a->state, b->state, 32) == 0 && a->n_ops == b->n_ops;
}

/* The challenges drawn after a fixed script; used to compare variants. */
static void probe(zp_transcript *tr, uint8_t out[32]) {
    zp_transcript_challenge_bytes(tr, "probe", out, 32);
}

/* ---- determinism and the explicit construction ---- */

TEST(test_init_definition) {
    /* state_1 = SHA-256(tag || 0x01 || LE64(|domain|) || domain || LE64(8)
     * || LE64(ZP_PROOF_FORMAT_VERSION)), as docs/spec/transcript.md says. */
    const char *dom = "zkprov-v1/test";
    uint8_t buf[256], want[32];
    size_t n = 0;
    const char *tag = "zkprov/fiat-shamir/sha256";
    memcpy(buf, tag, strlen(tag));
    n += strlen(tag);
    buf[n++] = 0x01;
    zp_store64_le(buf + n, strlen(dom));
    n += 8;
    memcpy(buf + n, dom, strlen(dom));
    n += strlen(dom);
    zp_store64_le(buf + n, 8);
    n += 8;
    zp_store64_le(buf + n, ZP_PROOF_FORMAT_VERSION);
    n += 8;
    zp_sha256(want, buf, n);
    zp_transcript tr, tr2;
    zp_transcript_init(&tr, dom);
    CHECK(memcmp(tr.state, want, 32) == 0);
    zp_transcript_init_raw(&tr2, dom, strlen(dom));
    CHECK(tr_eq(&tr, &tr2));
}

TEST(test_absorb_and_challenge_definition) {
    /* One absorb and one base-field challenge spelled out with SHA-256. */
    zp_transcript tr;
    zp_transcript_init(&tr, "d");
    uint8_t s0[32];
    memcpy(s0, tr.state, 32);
    uint8_t data[5] = {1, 2, 3, 4, 5};
    zp_transcript_absorb_bytes(&tr, "lbl", data, 5);
    uint8_t buf[128], s1[32];
    size_t n = 0;
    memcpy(buf, s0, 32);
    n = 32;
    buf[n++] = 0x02;
    zp_store64_le(buf + n, 3);
    n += 8;
    memcpy(buf + n, "lbl", 3);
    n += 3;
    zp_store64_le(buf + n, 5);
    n += 8;
    memcpy(buf + n, data, 5);
    n += 5;
    zp_sha256(s1, buf, n);
    CHECK(memcmp(tr.state, s1, 32) == 0);
    /* challenge: state2 = H(s1 || 0x07 || LE64(1) || "c" || LE64(9) || 0x01
     * || LE64(1)); block0 = H(state2 || 0x08 || LE64(0)); first LE64 < p. */
    zp_fe c = zp_transcript_challenge_fe(&tr, "c");
    uint8_t s2[32], blk[32];
    n = 0;
    memcpy(buf, s1, 32);
    n = 32;
    buf[n++] = 0x07;
    zp_store64_le(buf + n, 1);
    n += 8;
    buf[n++] = 'c';
    zp_store64_le(buf + n, 9);
    n += 8;
    buf[n++] = 1;
    zp_store64_le(buf + n, 1);
    n += 8;
    zp_sha256(s2, buf, n);
    CHECK(memcmp(tr.state, s2, 32) == 0);
    memcpy(buf, s2, 32);
    buf[32] = 0x08;
    zp_store64_le(buf + 33, 0);
    zp_sha256(blk, buf, 41);
    uint64_t w = zp_load64_le(blk);
    if (w < ZP_FIELD_P) CHECK(c == w); /* else redrawn: probability 2^-32 */
    CHECK(tr.n_ops == 3);
}

TEST(test_deterministic) {
    zp_transcript a, b;
    zp_transcript_init(&a, "zkprov-v1/test");
    zp_transcript_init(&b, "zkprov-v1/test");
    zp_fe v[3] = {1, 2, 3};
    zp_transcript_absorb_fe(&a, "v", v, 3);
    zp_transcript_absorb_fe(&b, "v", v, 3);
    CHECK(zp_transcript_challenge_fe(&a, "x") == zp_transcript_challenge_fe(&b, "x"));
    CHECK(tr_eq(&a, &b));
}

/* ---- lock-step of prover and verifier ---- */

TEST(test_send_recv_lockstep) {
    for (int it = 0; it < 10 * test_iters(); it++) {
        zp_transcript p, v;
        zp_transcript_init(&p, "zkprov-v1/lockstep");
        zp_transcript_init(&v, "zkprov-v1/lockstep");
        zp_bytes out;
        zp_bytes_init(&out);
        /* Prover: a random script of messages and challenges. */
        zp_fe fe[7];
        zp_fe2 fe2[5];
        zp_digest dg[3];
        uint8_t raw[13];
        for (int i = 0; i < 7; i++) fe[i] = rand_fe();
        for (int i = 0; i < 5; i++) fe2[i] = (zp_fe2){rand_fe(), rand_fe()};
        zp_rng_bytes(test_rng(), dg, sizeof dg);
        zp_rng_bytes(test_rng(), raw, sizeof raw);
        zp_fs_send_bytes(&p, &out, "raw", raw, sizeof raw);
        zp_fs_send_fe(&p, &out, "fe", fe, 7);
        zp_fe2 pc1 = zp_transcript_challenge_fe2(&p, "alpha");
        zp_fs_send_fe2(&p, &out, "fe2", fe2, 5);
        zp_fs_send_digest(&p, &out, "root", dg, 3);
        uint64_t pi = zp_transcript_challenge_index(&p, "q", 1000);
        zp_fe pc2 = zp_transcript_challenge_fe(&p, "beta");
        CHECK(!out.failed);
        CHECK(out.len == 13 + 7 * 8 + 5 * 16 + 3 * 32);
        /* Verifier reads the same script back. */
        zp_reader in;
        zp_reader_init(&in, out.data, out.len);
        uint8_t raw2[13];
        zp_fe fe_r[7];
        zp_fe2 fe2_r[5];
        zp_digest dg_r[3];
        CHECK_OK(zp_fs_recv_bytes(&v, &in, "raw", raw2, sizeof raw2));
        CHECK_OK(zp_fs_recv_fe(&v, &in, "fe", fe_r, 7));
        zp_fe2 vc1 = zp_transcript_challenge_fe2(&v, "alpha");
        CHECK_OK(zp_fs_recv_fe2(&v, &in, "fe2", fe2_r, 5));
        CHECK_OK(zp_fs_recv_digest(&v, &in, "root", dg_r, 3));
        uint64_t vi = zp_transcript_challenge_index(&v, "q", 1000);
        zp_fe vc2 = zp_transcript_challenge_fe(&v, "beta");
        CHECK_OK(zp_reader_finish(&in));
        CHECK(memcmp(raw, raw2, sizeof raw) == 0);
        CHECK(memcmp(fe, fe_r, sizeof fe) == 0);
        CHECK(memcmp(fe2, fe2_r, sizeof fe2) == 0);
        CHECK(memcmp(dg, dg_r, sizeof dg) == 0);
        CHECK(pc1.c0 == vc1.c0 && pc1.c1 == vc1.c1);
        CHECK(pi == vi && pi < 1000);
        CHECK(pc2 == vc2);
        CHECK(tr_eq(&p, &v));
        zp_bytes_free(&out);
    }
}

TEST(test_send_equals_absorb) {
    /* send_* absorbs exactly what absorb_* does, and writes the documented
     * encoding (8-byte little endian, c0 before c1, digests raw). */
    zp_transcript a, b;
    zp_transcript_init(&a, "x");
    zp_transcript_init(&b, "x");
    zp_bytes out;
    zp_bytes_init(&out);
    zp_fe f[2] = {rand_fe(), rand_fe()};
    zp_fe2 g = {rand_fe(), rand_fe()};
    zp_digest d;
    zp_rng_bytes(test_rng(), d.b, 32);
    zp_fs_send_fe(&a, &out, "f", f, 2);
    zp_fs_send_fe2(&a, &out, "g", &g, 1);
    zp_fs_send_digest(&a, &out, "d", &d, 1);
    zp_transcript_absorb_fe(&b, "f", f, 2);
    zp_transcript_absorb_fe2(&b, "g", &g, 1);
    zp_transcript_absorb_digest(&b, "d", &d);
    CHECK(tr_eq(&a, &b));
    CHECK(out.len == 16 + 16 + 32);
    CHECK(zp_load64_le(out.data) == f[0] && zp_load64_le(out.data + 8) == f[1]);
    CHECK(zp_load64_le(out.data + 16) == g.c0 && zp_load64_le(out.data + 24) == g.c1);
    CHECK(memcmp(out.data + 32, d.b, 32) == 0);
    zp_bytes_free(&out);
    CHECK(out.data == NULL && out.len == 0);
}

/* ---- everything that should change the challenges does ---- */

TEST(test_changes_change_challenges) {
    uint8_t base[32], other[32];
    zp_fe v[2] = {5, 6};
    zp_transcript t;
#define SCRIPT(dom, l1, d0, l2)                        \
    do {                                               \
        zp_transcript_init(&t, dom);                   \
        zp_fe w_[2] = {d0, v[1]};                      \
        zp_transcript_absorb_fe(&t, l1, w_, 2);        \
        zp_transcript_absorb_u64(&t, l2, 77);          \
    } while (0)
    SCRIPT("dom", "a", v[0], "b");
    probe(&t, base);
    SCRIPT("dom", "a", v[0], "b");
    probe(&t, other);
    CHECK(memcmp(base, other, 32) == 0);
    SCRIPT("dom2", "a", v[0], "b"); /* domain */
    probe(&t, other);
    CHECK(memcmp(base, other, 32) != 0);
    SCRIPT("dom", "A", v[0], "b"); /* label */
    probe(&t, other);
    CHECK(memcmp(base, other, 32) != 0);
    SCRIPT("dom", "a", v[0] + 1, "b"); /* data */
    probe(&t, other);
    CHECK(memcmp(base, other, 32) != 0);
    /* order of two absorbs */
    zp_transcript_init(&t, "dom");
    zp_transcript_absorb_u64(&t, "b", 77);
    zp_transcript_absorb_fe(&t, "a", v, 2);
    probe(&t, other);
    CHECK(memcmp(base, other, 32) != 0);
#undef SCRIPT
    /* Framing: moving bytes between label and data, or splitting one
     * absorb in two, changes the state. */
    zp_transcript a, b;
    zp_transcript_init(&a, "f");
    zp_transcript_init(&b, "f");
    zp_transcript_absorb_bytes(&a, "ab", "c", 1);
    zp_transcript_absorb_bytes(&b, "a", "bc", 2);
    CHECK(memcmp(a.state, b.state, 32) != 0);
    zp_transcript_init(&a, "f");
    zp_transcript_init(&b, "f");
    zp_transcript_absorb_bytes(&a, "x", "abcd", 4);
    zp_transcript_absorb_bytes(&b, "x", "ab", 2);
    zp_transcript_absorb_bytes(&b, "x", "cd", 2);
    CHECK(memcmp(a.state, b.state, 32) != 0);
    /* Type: the same 8 bytes as u64, as fe and as raw bytes differ. */
    zp_transcript c;
    uint8_t e8[8];
    zp_store64_le(e8, 9);
    zp_fe nine = 9;
    zp_transcript_init(&a, "f");
    zp_transcript_init(&b, "f");
    zp_transcript_init(&c, "f");
    zp_transcript_absorb_u64(&a, "x", 9);
    zp_transcript_absorb_fe(&b, "x", &nine, 1);
    zp_transcript_absorb_bytes(&c, "x", e8, 8);
    CHECK(memcmp(a.state, b.state, 32) != 0);
    CHECK(memcmp(a.state, c.state, 32) != 0);
    CHECK(memcmp(b.state, c.state, 32) != 0);
    /* init vs init_raw with a different length (embedded NUL). */
    zp_transcript_init(&a, "ab");
    zp_transcript_init_raw(&b, "ab\0", 3);
    CHECK(memcmp(a.state, b.state, 32) != 0);
}

TEST(test_successive_challenges_differ) {
    zp_transcript t;
    zp_transcript_init(&t, "s");
    zp_fe c[64];
    for (int i = 0; i < 64; i++) c[i] = zp_transcript_challenge_fe(&t, "same");
    int distinct = 1;
    for (int i = 0; i < 64; i++)
        for (int j = i + 1; j < 64; j++) distinct &= c[i] != c[j];
    CHECK(distinct);
    /* The label of the challenge and the kind of request matter. */
    zp_transcript a, b;
    zp_transcript_init(&a, "s");
    zp_transcript_init(&b, "s");
    CHECK(zp_transcript_challenge_fe(&a, "x") != zp_transcript_challenge_fe(&b, "y"));
    uint8_t b8[8], b16[16];
    zp_transcript_init(&a, "s");
    zp_transcript_init(&b, "s");
    zp_transcript_challenge_bytes(&a, "x", b8, 8);
    zp_transcript_challenge_bytes(&b, "x", b16, 16);
    CHECK(memcmp(b8, b16, 8) != 0); /* the length is part of the request */
}

TEST(test_challenges_canonical) {
    zp_transcript t;
    zp_transcript_init(&t, "c");
    int ok = 1;
    for (int i = 0; i < 200; i++) {
        zp_fe f = zp_transcript_challenge_fe(&t, "f");
        zp_fe2 g = zp_transcript_challenge_fe2(&t, "g");
        ok &= f < ZP_FIELD_P && g.c0 < ZP_FIELD_P && g.c1 < ZP_FIELD_P;
    }
    zp_fe2 vec[300];
    zp_transcript_challenge_fe2_vec(&t, "vec", vec, 300);
    int distinct = 1;
    for (int i = 0; i < 300; i++) {
        ok &= vec[i].c0 < ZP_FIELD_P && vec[i].c1 < ZP_FIELD_P;
        distinct &= vec[i].c0 != vec[i].c1;
        if (i) distinct &= vec[i].c0 != vec[i - 1].c0;
    }
    CHECK(ok);
    CHECK(distinct);
    /* A length-1 vector request is the single-element request. */
    zp_transcript a, b;
    zp_transcript_init(&a, "c");
    zp_transcript_init(&b, "c");
    zp_fe2 one = zp_transcript_challenge_fe2(&a, "g");
    zp_fe2 one_v;
    zp_transcript_challenge_fe2_vec(&b, "g", &one_v, 1);
    CHECK(one.c0 == one_v.c0 && one.c1 == one_v.c1);
}

TEST(test_index_bound_and_uniform) {
    zp_transcript t;
    zp_transcript_init(&t, "idx");
    /* Within bound for assorted bounds, including 1, 2^k, 2^63+1, max. */
    const uint64_t bounds[] = {1, 2, 3, 7, 1000, 1ULL << 32, (1ULL << 63) + 1,
                               UINT64_MAX};
    int ok = 1;
    for (size_t k = 0; k < sizeof bounds / sizeof bounds[0]; k++)
        for (int i = 0; i < 50; i++)
            ok &= zp_transcript_challenge_index(&t, "i", bounds[k]) < bounds[k];
    CHECK(ok);
    CHECK(zp_transcript_challenge_index(&t, "i", 1) == 0);
    /* Chi-square on bound 10 with 20000 draws: 9 degrees of freedom, the
     * 0.9999 quantile is 33.7. */
    enum { B = 10, N = 20000 };
    uint64_t cnt[B] = {0};
    for (int i = 0; i < N; i++) cnt[zp_transcript_challenge_index(&t, "u", B)]++;
    double chi = 0, e = (double)N / B;
    for (int i = 0; i < B; i++) chi += ((double)cnt[i] - e) * ((double)cnt[i] - e) / e;
    CHECK(chi < 33.7);
    /* Bound b = 0xAAAA...AA (about 2/3 of 2^64): plain w mod b would give
     * values below 2^64 - b (about b/2) twice as often, so P(x < b/2) would
     * be 2/3 instead of 1/2.  2000 draws: sd about 22. */
    const uint64_t b = 0xAAAAAAAAAAAAAAAAULL;
    int low = 0;
    for (int i = 0; i < 2000; i++) low += zp_transcript_challenge_index(&t, "h", b) < b / 2;
    CHECK(low > 1000 - 110 && low < 1000 + 110);
}

/* ---- parsing ---- */

TEST(test_recv_truncation) {
    zp_bytes out;
    zp_bytes_init(&out);
    zp_transcript p;
    zp_transcript_init(&p, "t");
    zp_fe fe[4] = {rand_fe(), rand_fe(), rand_fe(), rand_fe()};
    zp_fs_send_fe(&p, &out, "fe", fe, 4);
    for (size_t cut = 0; cut < out.len; cut++) {
        zp_transcript v, v0;
        zp_transcript_init(&v, "t");
        v0 = v;
        zp_reader in;
        zp_reader_init(&in, out.data, cut);
        zp_fe got[4] = {1, 1, 1, 1};
        CHECK(zp_fs_recv_fe(&v, &in, "fe", got, 4) == ZP_ERR_PARSE);
        CHECK(in.pos == 0);
        CHECK(tr_eq(&v, &v0)); /* nothing absorbed */
        CHECK(got[0] == 0 && got[3] == 0);
    }
    /* the other readers */
    zp_transcript v;
    zp_transcript_init(&v, "t");
    zp_reader in;
    zp_reader_init(&in, out.data, 31);
    zp_fe2 g[2];
    zp_digest d;
    uint8_t raw[32];
    CHECK(zp_fs_recv_fe2(&v, &in, "g", g, 2) == ZP_ERR_PARSE);
    CHECK(zp_fs_recv_digest(&v, &in, "d", &d, 1) == ZP_ERR_PARSE);
    CHECK(zp_fs_recv_bytes(&v, &in, "b", raw, 32) == ZP_ERR_PARSE);
    CHECK_OK(zp_fs_recv_bytes(&v, &in, "b", raw, 31));
    CHECK_OK(zp_reader_finish(&in));
    zp_bytes_free(&out);
}

TEST(test_recv_rejects_noncanonical) {
    const uint64_t bad[] = {ZP_FIELD_P, ZP_FIELD_P + 1, UINT64_MAX};
    for (size_t k = 0; k < 3; k++) {
        for (int pos = 0; pos < 3; pos++) {
            uint8_t buf[24];
            for (int i = 0; i < 3; i++) zp_store64_le(buf + 8 * i, (uint64_t)i + 1);
            zp_store64_le(buf + 8 * pos, bad[k]);
            zp_transcript v, v0;
            zp_transcript_init(&v, "n");
            v0 = v;
            zp_reader in;
            zp_reader_init(&in, buf, 24);
            zp_fe got[3];
            CHECK(zp_fs_recv_fe(&v, &in, "x", got, 3) == ZP_ERR_PARSE);
            CHECK(in.pos == 0 && tr_eq(&v, &v0));
            CHECK(got[0] == 0 && got[1] == 0 && got[2] == 0);
            /* as an extension element (c1 or c0 bad) */
            zp_reader_init(&in, buf + (pos == 2 ? 8 : 0), 16);
            zp_fe2 g;
            CHECK(zp_fs_recv_fe2(&v, &in, "x", &g, 1) == ZP_ERR_PARSE);
            CHECK(g.c0 == 0 && g.c1 == 0 && tr_eq(&v, &v0));
        }
    }
    /* p - 1 is accepted. */
    uint8_t ok[8];
    zp_store64_le(ok, ZP_FIELD_P - 1);
    zp_transcript v;
    zp_transcript_init(&v, "n");
    zp_reader in;
    zp_reader_init(&in, ok, 8);
    zp_fe got;
    CHECK_OK(zp_fs_recv_fe(&v, &in, "x", &got, 1));
    CHECK(got == ZP_FIELD_P - 1);
}

TEST(test_reader_finish_trailing) {
    uint8_t buf[10] = {0};
    zp_reader in;
    zp_reader_init(&in, buf, 10);
    zp_transcript t;
    zp_transcript_init(&t, "r");
    uint8_t x[9];
    CHECK(zp_reader_finish(&in) == ZP_ERR_PARSE);
    CHECK_OK(zp_fs_recv_bytes(&t, &in, "x", x, 9));
    CHECK(zp_reader_finish(&in) == ZP_ERR_PARSE);
    CHECK_OK(zp_fs_recv_bytes(&t, &in, "x", x, 1));
    CHECK_OK(zp_reader_finish(&in));
    zp_reader_init(&in, NULL, 0);
    CHECK_OK(zp_reader_finish(&in));
}

TEST(test_bytes_growth) {
    zp_bytes b;
    zp_bytes_init(&b);
    uint8_t chunk[100];
    for (int i = 0; i < 100; i++) chunk[i] = (uint8_t)i;
    for (int r = 0; r < 500; r++) zp_bytes_append(&b, chunk, 1 + (size_t)(r % 100));
    size_t want = 0;
    for (int r = 0; r < 500; r++) want += 1 + (size_t)(r % 100);
    CHECK(!b.failed && b.len == want && b.cap >= b.len);
    size_t off = 0;
    int ok = 1;
    for (int r = 0; r < 500; r++) {
        size_t l = 1 + (size_t)(r % 100);
        ok &= memcmp(b.data + off, chunk, l) == 0;
        off += l;
    }
    CHECK(ok);
    /* After a failure, writes are ignored. */
    b.failed = 1;
    size_t len = b.len;
    zp_bytes_append(&b, chunk, 10);
    CHECK(b.len == len);
    zp_bytes_free(&b);
    /* An impossible size sets failed instead of wrapping around. */
    zp_bytes_init(&b);
    zp_bytes_append(&b, chunk, 10);
    zp_bytes_append(&b, chunk, SIZE_MAX - 5);
    CHECK(b.failed && b.len == 10);
    zp_bytes_free(&b);
}

/* zp_bytes_reserve: one allocation up front, appends within it keep the
 * buffer; a smaller request does nothing.  (A failing allocation is not
 * provoked: sanitizer builds abort on huge requests.) */
TEST(bytes_reserve_then_append) {
    zp_bytes b;
    zp_bytes_init(&b);
    zp_bytes_reserve(&b, 10000);
    CHECK(!b.failed && b.cap >= 10000);
    const uint8_t *p = b.data;
    uint8_t chunk[100];
    for (size_t i = 0; i < sizeof chunk; i++) chunk[i] = (uint8_t)i;
    for (int i = 0; i < 100; i++) zp_bytes_append(&b, chunk, sizeof chunk);
    CHECK(b.data == p && b.len == 10000 && b.data[9999] == 99);
    zp_bytes_reserve(&b, 10);
    CHECK(b.cap >= 10000 && b.len == 10000);
    zp_bytes_free(&b);
}
