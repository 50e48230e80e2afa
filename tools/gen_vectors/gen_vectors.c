/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Writes the shared known-answer vectors tests/vectors/ (one JSON file per module) (docs/testing.md). */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "zkprov/zkprov.h"
#include "zkprov/zkml.h"

#include "poseidon2_kat.h"

/* Usage: gen_vectors OUTDIR.  Writes field.json, sha256.json, merkle.json,
 * transcript.json, poseidon2.json, fixed.json, sampler.json, dataset.json,
 * vrf.json.
 * The output depends only on this program and the library: inputs come from
 * a fixed splitmix64 stream, and every file is printed by hand (no JSON
 * library formatting), so re-running it gives the same bytes (the ctest
 * vectors_reproduce checks that against the committed files).
 *
 * Encoding: 64-bit values are strings (JSON numbers are doubles): field
 * elements and unsigned words as 16 lower-case hex digits, signed integers
 * as decimal strings; bytes as lower-case hex; small counts as numbers. */

/* ---- a minimal JSON writer: one file, top-level keys, each a list of
 * one-line objects ---- */
static FILE *g_f;
static int g_keys, g_items;

static void jopen(const char *dir, const char *name, const char *about) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.json", dir, name);
    g_f = fopen(path, "w");
    if (!g_f) {
        fprintf(stderr, "gen_vectors: cannot write %s: %s\n", path, strerror(errno));
        exit(2);
    }
    fprintf(g_f, "{\n  \"module\": \"%s\",\n  \"about\": \"%s\"", name, about);
    g_keys = 2;
}
static void jgroup(const char *key, const char *source) {
    fprintf(g_f, ",\n  \"%s\": {\n    \"source\": \"%s\",\n    \"cases\": [", key, source);
    g_items = 0;
}
/* One case: printf-formatted members, without the braces. */
static void jcase(const char *fmt, ...) {
    va_list ap;
    fprintf(g_f, "%s\n      {", g_items++ ? "," : "");
    va_start(ap, fmt);
    vfprintf(g_f, fmt, ap);
    va_end(ap);
    fputc('}', g_f);
}
static void jend_group(void) { fprintf(g_f, "\n    ]\n  }"); }
static void jclose(void) {
    fprintf(g_f, "\n}\n");
    if (fclose(g_f) != 0) {
        fprintf(stderr, "gen_vectors: write failed\n");
        exit(2);
    }
}

/* Growable string for members built piece by piece (arrays). */
typedef struct {
    char *s;
    size_t n, cap;
} str;
static void sadd(str *b, const char *fmt, ...) {
    va_list ap;
    for (;;) {
        size_t room = b->cap - b->n;
        va_start(ap, fmt);
        int k = vsnprintf(b->s ? b->s + b->n : NULL, b->s ? room : 0, fmt, ap);
        va_end(ap);
        if (k < 0) exit(2);
        if (b->s && (size_t)k < room) {
            b->n += (size_t)k;
            return;
        }
        size_t nc = (b->cap + (size_t)k + 64) * 2;
        char *t = realloc(b->s, nc);
        if (!t) exit(2);
        b->s = t;
        b->cap = nc;
    }
}
static const char *sget(str *b) {
    if (!b->s) sadd(b, "%s", "");
    return b->s;
}
static void sreset(str *b) {
    b->n = 0;
    if (b->s) b->s[0] = 0;
}
static void hex_into(str *b, const uint8_t *p, size_t n) {
    for (size_t i = 0; i < n; i++) sadd(b, "%02x", p[i]);
}
/* A JSON array of n field elements as hex strings. */
static void fes_into(str *b, const zp_fe *v, size_t n) {
    sadd(b, "[");
    for (size_t i = 0; i < n; i++) sadd(b, "%s\"%016" PRIx64 "\"", i ? ", " : "", v[i]);
    sadd(b, "]");
}
/* A JSON string with the characters JSON requires escaped. */
static void jstr_into(str *b, const char *s, size_t n) {
    sadd(b, "\"");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') sadd(b, "\\%c", c);
        else if (c < 0x20) sadd(b, "\\u%04x", c);
        else sadd(b, "%c", c);
    }
    sadd(b, "\"");
}

/* splitmix64 (Steele, Lea, Flood, OOPSLA 2014): the fixed input stream. */
static uint64_t g_sm = 0x7a6b70726f762d76ULL; /* "zkprov-v" */
static uint64_t rnd(void) {
    uint64_t z = (g_sm += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static void rnd_bytes(uint8_t *p, size_t n) {
    for (size_t i = 0; i < n; i++) p[i] = (uint8_t)rnd();
}

#define P ZP_FIELD_P
#define P_ ((uint64_t)ZP_FIELD_P)

/* ---- independent oracles ----
 * Where a result can be recomputed without the library, the generator does
 * so and stops (exit 1) on any disagreement, so the committed vectors are
 * checked against independent code when they are written: field and
 * fixed-point arithmetic with 128-bit integers, SHA-256 with libsodium
 * (crypto_hash_sha256), Merkle roots by the RFC 9162 section 2.1 recursion,
 * the sampler and the record bytes from their documented definitions
 * (include/zkprov/zkml.h, prov.h).  The transcript and the Poseidon2
 * sponge have no independent implementation here: those vectors pin the
 * library's behaviour (regression), and the Poseidon2 permutation is
 * checked against the published reference vectors. */
static void expect(int ok, const char *what) {
    if (!ok) {
        fprintf(stderr, "gen_vectors: the library disagrees with the oracle: %s\n", what);
        exit(1);
    }
}
typedef unsigned __int128 u128;
static uint64_t o_add(uint64_t a, uint64_t b) { return (uint64_t)(((u128)a + b) % P_); }
static uint64_t o_sub(uint64_t a, uint64_t b) { return (uint64_t)(((u128)a + P_ - b) % P_); }
static uint64_t o_mul(uint64_t a, uint64_t b) { return (uint64_t)((u128)a * b % P_); }
static uint64_t o_pow(uint64_t a, uint64_t e) {
    uint64_t r = 1;
    for (a %= P_; e; e >>= 1, a = o_mul(a, a))
        if (e & 1) r = o_mul(r, a);
    return r;
}
typedef struct { uint64_t c0, c1; } o2;
static o2 o2_mul(o2 a, o2 b) { /* (a0 + a1 x)(b0 + b1 x), x^2 = 7 */
    o2 r = {o_add(o_mul(a.c0, b.c0), o_mul(7, o_mul(a.c1, b.c1))),
            o_add(o_mul(a.c0, b.c1), o_mul(a.c1, b.c0))};
    return r;
}
static o2 o2_pow(o2 a, uint64_t e) {
    o2 r = {1, 0};
    for (; e; e >>= 1, a = o2_mul(a, a))
        if (e & 1) r = o2_mul(r, a);
    return r;
}
static void o_sha256(uint8_t out[32], const void *m, size_t n) {
    crypto_hash_sha256(out, (const unsigned char *)m, (unsigned long long)n);
}
/* RFC 9162 section 2.1.1: MTH over leaf hashes d[0..n). */
static void o_mth(uint8_t out[32], const zp_digest *d, size_t n) {
    if (n == 1) {
        memcpy(out, d[0].b, 32);
        return;
    }
    size_t k = 1;
    while (k * 2 < n) k *= 2;
    uint8_t buf[65];
    buf[0] = 1;
    o_mth(buf + 1, d, k);
    o_mth(buf + 33, d + k, n - k);
    o_sha256(out, buf, 65);
}
/* floor(a / 2^s) and floor(a / d) on 128-bit integers. */
static __int128 o_floordiv(__int128 a, __int128 d) {
    __int128 q = a / d;
    if ((a % d != 0) && ((a < 0) != (d < 0))) q--;
    return q;
}
static const uint64_t EDGE[] = {0, 1, 2, 7, 0xFFFFFFFFULL, 0x100000000ULL, 0x100000001ULL,
                                (uint64_t)1 << 63, P - 2, P - 1};
#define N_EDGE (sizeof EDGE / sizeof EDGE[0])
static zp_fe rnd_fe(void) { return zp_fe_from_u64(rnd()); }
static zp_fe pick_fe(size_t i) { return i < N_EDGE ? EDGE[i] : rnd_fe(); }
static zp_fe2 pick_fe2(size_t i) {
    zp_fe2 a = {pick_fe(i), rnd_fe()};
    if (i == 0) a.c1 = 0; /* zero */
    if (i == 1) a.c1 = 0; /* one */
    if (i == 2) { a.c0 = 0; a.c1 = 1; } /* x: x^2 = 7 */
    return a;
}
#define FE2(a) (a).c0, (a).c1
#define FE2F "[\"%016" PRIx64 "\", \"%016" PRIx64 "\"]"
#define FEF "\"%016" PRIx64 "\""

static void gen_field(const char *dir) {
    jopen(dir, "field", "Goldilocks field p = 2^64 - 2^32 + 1 and its extension F_p[x]/(x^2 - 7) (include/zkprov/field.h)");
    fprintf(g_f, ",\n  \"constants\": {\"p\": \"%016" PRIx64 "\", \"fe_bytes\": %d, \"fe2_bytes\": %d, "
                 "\"fe2_w\": %d, \"generator\": %d, \"two_adicity\": %d}",
            (uint64_t)P, ZP_FE_BYTES, ZP_FE2_BYTES, ZP_FE2_W, ZP_FIELD_GENERATOR,
            ZP_FIELD_TWO_ADICITY);
    const char *src = "zkprov (regression; the unit test test_field checks the same operations against GMP)";
    const size_t N = 24;
    static const char *bin[] = {"fe_add", "fe_sub", "fe_mul"};
    for (int op = 0; op < 3; op++) {
        jgroup(bin[op], src);
        for (size_t i = 0; i < N; i++) {
            zp_fe a = pick_fe(i), b = pick_fe((i * 7 + 3) % N);
            zp_fe o = op == 0 ? zp_fe_add(a, b) : op == 1 ? zp_fe_sub(a, b) : zp_fe_mul(a, b);
            expect(o == (op == 0 ? o_add(a, b) : op == 1 ? o_sub(a, b) : o_mul(a, b)), bin[op]);
            jcase("\"a\": " FEF ", \"b\": " FEF ", \"out\": " FEF, a, b, o);
        }
        jend_group();
    }
    static const char *un[] = {"fe_neg", "fe_sqr", "fe_inv"};
    for (int op = 0; op < 3; op++) {
        jgroup(un[op], op == 2 ? "zkprov (a^(p-2); 0 maps to 0)" : src);
        for (size_t i = 0; i < N; i++) {
            zp_fe a = pick_fe(i);
            zp_fe o = op == 0 ? zp_fe_neg(a) : op == 1 ? zp_fe_sqr(a) : zp_fe_inv(a);
            expect(o == (op == 0 ? o_sub(0, a) : op == 1 ? o_mul(a, a) : a ? o_pow(a, P_ - 2) : 0), un[op]);
            expect(op != 2 || a == 0 || o_mul(o, a) == 1, "fe_inv");
            jcase("\"a\": " FEF ", \"out\": " FEF, a, o);
        }
        jend_group();
    }
    jgroup("fe_pow", src);
    for (size_t i = 0; i < N; i++) {
        zp_fe a = pick_fe(i);
        uint64_t e = i < 4 ? (uint64_t)i : i < 8 ? P - 1 - (i - 4) : rnd();
        expect(zp_fe_pow(a, e) == o_pow(a, e), "fe_pow");
        jcase("\"a\": " FEF ", \"e\": \"%016" PRIx64 "\", \"out\": " FEF, a, e, zp_fe_pow(a, e));
    }
    jend_group();
    jgroup("fe_from_u64", "zkprov (reduction of any 64-bit word mod p)");
    static const uint64_t U[] = {0, 1, P - 1, P, P + 1, UINT64_MAX, UINT64_MAX - 1, 0xFFFFFFFF00000000ULL};
    for (size_t i = 0; i < sizeof U / sizeof U[0] + 4; i++) {
        uint64_t v = i < sizeof U / sizeof U[0] ? U[i] : rnd();
        expect(zp_fe_from_u64(v) == v % P_, "fe_from_u64");
        jcase("\"v\": \"%016" PRIx64 "\", \"out\": " FEF, v, zp_fe_from_u64(v));
    }
    jend_group();
    jgroup("fe_from_i64", "zkprov (v mod p for signed v)");
    static const int64_t I[] = {0, 1, -1, -2, INT64_MAX, INT64_MIN, INT64_MIN + 1, -((int64_t)1 << 62)};
    for (size_t i = 0; i < sizeof I / sizeof I[0] + 4; i++) {
        int64_t v = i < sizeof I / sizeof I[0] ? I[i] : (int64_t)rnd();
        expect(zp_fe_from_i64(v) == (uint64_t)((((__int128)v % P_) + P_) % P_), "fe_from_i64");
        jcase("\"v\": \"%" PRId64 "\", \"out\": " FEF, v, zp_fe_from_i64(v));
    }
    jend_group();
    jgroup("fe_from_bytes", "zkprov, docs/formats: 8 bytes little-endian; values >= p are non-canonical and rejected");
    static const uint64_t B[] = {0, 1, P - 1, P, P + 1, UINT64_MAX, 0xFFFFFFFF00000000ULL, 0x0102030405060708ULL};
    str s = {0};
    for (size_t i = 0; i < sizeof B / sizeof B[0] + 4; i++) {
        uint64_t v = i < sizeof B / sizeof B[0] ? B[i] : rnd();
        uint8_t b[8];
        zp_store64_le(b, v);
        zp_fe o = 0;
        zp_err e = zp_fe_from_bytes_le(&o, b);
        expect((e == ZP_OK) == (v < P_) && (e != ZP_OK || o == v), "fe_from_bytes");
        sreset(&s);
        hex_into(&s, b, 8);
        if (e == ZP_OK) jcase("\"bytes\": \"%s\", \"ok\": true, \"out\": " FEF, sget(&s), o);
        else jcase("\"bytes\": \"%s\", \"ok\": false", sget(&s));
    }
    jend_group();
    jgroup("fe_root_of_unity", "zkprov (a primitive 2^log_n-th root; generator 7)");
    for (unsigned k = 0; k <= 32; k++) {
        zp_fe w = zp_fe_root_of_unity(k);
        expect(o_pow(w, (uint64_t)1 << k) == 1 && (k == 0 || o_pow(w, (uint64_t)1 << (k - 1)) != 1),
               "root of unity: primitive of order 2^k");
        jcase("\"log_n\": %u, \"out\": " FEF, k, w);
    }
    jend_group();

    static const char *bin2[] = {"fe2_add", "fe2_sub", "fe2_mul"};
    for (int op = 0; op < 3; op++) {
        jgroup(bin2[op], "zkprov (c0 + c1 x with x^2 = 7)");
        for (size_t i = 0; i < N; i++) {
            zp_fe2 a = pick_fe2(i), b = pick_fe2((i * 5 + 2) % N);
            zp_fe2 o = op == 0 ? zp_fe2_add(a, b) : op == 1 ? zp_fe2_sub(a, b) : zp_fe2_mul(a, b);
            o2 x = {a.c0, a.c1}, y = {b.c0, b.c1}, w = o2_mul(x, y);
            if (op == 0) { w.c0 = o_add(a.c0, b.c0); w.c1 = o_add(a.c1, b.c1); }
            if (op == 1) { w.c0 = o_sub(a.c0, b.c0); w.c1 = o_sub(a.c1, b.c1); }
            expect(o.c0 == w.c0 && o.c1 == w.c1, bin2[op]);
            jcase("\"a\": " FE2F ", \"b\": " FE2F ", \"out\": " FE2F, FE2(a), FE2(b), FE2(o));
        }
        jend_group();
    }
    static const char *un2[] = {"fe2_neg", "fe2_sqr", "fe2_inv"};
    for (int op = 0; op < 3; op++) {
        jgroup(un2[op], op == 2 ? "zkprov (0 maps to 0)" : "zkprov");
        for (size_t i = 0; i < N; i++) {
            zp_fe2 a = pick_fe2(i);
            zp_fe2 o = op == 0 ? zp_fe2_neg(a) : op == 1 ? zp_fe2_sqr(a) : zp_fe2_inv(a);
            o2 x = {a.c0, a.c1}, y = {o.c0, o.c1}, w = o2_mul(x, x), t = o2_mul(x, y);
            if (op == 0) expect(o.c0 == o_sub(0, a.c0) && o.c1 == o_sub(0, a.c1), "fe2_neg");
            if (op == 1) expect(o.c0 == w.c0 && o.c1 == w.c1, "fe2_sqr");
            if (op == 2) expect((a.c0 | a.c1) ? t.c0 == 1 && t.c1 == 0 : (o.c0 | o.c1) == 0, "fe2_inv");
            jcase("\"a\": " FE2F ", \"out\": " FE2F, FE2(a), FE2(o));
        }
        jend_group();
    }
    jgroup("fe2_mul_fe", "zkprov");
    for (size_t i = 0; i < 8; i++) {
        zp_fe2 a = pick_fe2(i + 3);
        zp_fe b = pick_fe(i);
        zp_fe2 o = zp_fe2_mul_fe(a, b);
        expect(o.c0 == o_mul(a.c0, b) && o.c1 == o_mul(a.c1, b), "fe2_mul_fe");
        jcase("\"a\": " FE2F ", \"b\": " FEF ", \"out\": " FE2F, FE2(a), b, FE2(o));
    }
    jend_group();
    jgroup("fe2_pow", "zkprov");
    for (size_t i = 0; i < 8; i++) {
        zp_fe2 a = pick_fe2(i);
        uint64_t e = i < 3 ? (uint64_t)i : rnd();
        zp_fe2 o = zp_fe2_pow(a, e);
        o2 x = {a.c0, a.c1}, w = o2_pow(x, e);
        expect(o.c0 == w.c0 && o.c1 == w.c1, "fe2_pow");
        jcase("\"a\": " FE2F ", \"e\": \"%016" PRIx64 "\", \"out\": " FE2F, FE2(a), e, FE2(o));
    }
    jend_group();
    jgroup("fe2_from_bytes", "zkprov: c0 then c1, 8 bytes little-endian each; a limb >= p is rejected");
    for (size_t i = 0; i < 8; i++) {
        uint64_t c0 = i == 1 ? P : i == 3 ? UINT64_MAX : rnd_fe();
        uint64_t c1 = i == 2 ? P : i == 4 ? P + 5 : rnd_fe();
        uint8_t b[16];
        zp_store64_le(b, c0);
        zp_store64_le(b + 8, c1);
        zp_fe2 o = {0, 0};
        zp_err e = zp_fe2_from_bytes_le(&o, b);
        expect((e == ZP_OK) == (c0 < P_ && c1 < P_), "fe2_from_bytes");
        sreset(&s);
        hex_into(&s, b, 16);
        if (e == ZP_OK) jcase("\"bytes\": \"%s\", \"ok\": true, \"out\": " FE2F, sget(&s), FE2(o));
        else jcase("\"bytes\": \"%s\", \"ok\": false", sget(&s));
    }
    jend_group();
    free(s.s);
    jclose();
}

static void gen_sha256(const char *dir) {
    jopen(dir, "sha256", "SHA-256 (FIPS 180-4); message = bytes of msg repeated `repeat` times");
    str s = {0}, d = {0};
    jgroup("fips", "NIST FIPS 180-2 Appendix B / NIST CSRC Cryptographic Standards and Guidelines, "
                   "Examples with Intermediate Values, SHA-256 (the FIPS 180-4 examples)");
    static const struct { const char *m; unsigned rep; } F[] = {
        {"abc", 1},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1},
        {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnop"
         "jklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", 1},
        {"a", 1000000},
        {"", 1},
    };
    for (size_t i = 0; i < sizeof F / sizeof F[0]; i++) {
        size_t ml = strlen(F[i].m), n = ml * F[i].rep;
        uint8_t *m = malloc(n ? n : 1);
        if (!m) exit(2);
        for (unsigned r = 0; r < F[i].rep; r++) memcpy(m + r * ml, F[i].m, ml);
        uint8_t h[32];
        zp_sha256(h, m, n);
        uint8_t w[32];
        o_sha256(w, m, n);
        expect(!memcmp(h, w, 32), "SHA-256 vs libsodium");
        free(m);
        sreset(&s);
        sreset(&d);
        hex_into(&s, (const uint8_t *)F[i].m, ml);
        hex_into(&d, h, 32);
        jcase("\"msg\": \"%s\", \"repeat\": %u, \"digest\": \"%s\"", sget(&s), F[i].rep, sget(&d));
    }
    jend_group();
    jgroup("lengths", "zkprov (every length 0..130: one- and two-block padding boundaries 55, 56, 63, 64, 119, 120)");
    for (size_t n = 0; n <= 130; n++) {
        uint8_t m[130], h[32];
        rnd_bytes(m, n);
        zp_sha256(h, m, n);
        uint8_t w[32];
        o_sha256(w, m, n);
        expect(!memcmp(h, w, 32), "SHA-256 vs libsodium");
        sreset(&s);
        sreset(&d);
        hex_into(&s, m, n);
        hex_into(&d, h, 32);
        jcase("\"msg\": \"%s\", \"repeat\": 1, \"digest\": \"%s\"", sget(&s), sget(&d));
    }
    jend_group();
    free(s.s);
    free(d.s);
    jclose();
}

static void gen_merkle(const char *dir) {
    jopen(dir, "merkle", "RFC 9162 section 2.1 Merkle trees: leaf = SHA-256(0x00 || data), node = SHA-256(0x01 || left || right); batched paths of zp_merkle_prove_batch");
    str a = {0}, b = {0}, c = {0};
    jgroup("hash_leaf", "zkprov; the empty leaf is RFC 6962/9162's empty-string leaf hash");
    for (size_t n = 0; n < 6; n++) {
        uint8_t m[40];
        rnd_bytes(m, n * 8);
        zp_digest o;
        zp_hash_leaf(&o, m, n * 8);
        uint8_t buf[41], w[32];
        buf[0] = 0;
        memcpy(buf + 1, m, n * 8);
        o_sha256(w, buf, 1 + n * 8);
        expect(!memcmp(o.b, w, 32), "leaf hash");
        sreset(&a);
        sreset(&b);
        hex_into(&a, m, n * 8);
        hex_into(&b, o.b, 32);
        jcase("\"data\": \"%s\", \"out\": \"%s\"", sget(&a), sget(&b));
    }
    jend_group();
    jgroup("hash_node", "zkprov");
    for (size_t n = 0; n < 4; n++) {
        zp_digest l, r, o;
        rnd_bytes(l.b, 32);
        rnd_bytes(r.b, 32);
        zp_hash_node(&o, &l, &r);
        uint8_t buf[65], w[32];
        buf[0] = 1;
        memcpy(buf + 1, l.b, 32);
        memcpy(buf + 33, r.b, 32);
        o_sha256(w, buf, 65);
        expect(!memcmp(o.b, w, 32), "node hash");
        sreset(&a);
        sreset(&b);
        sreset(&c);
        hex_into(&a, l.b, 32);
        hex_into(&b, r.b, 32);
        hex_into(&c, o.b, 32);
        jcase("\"left\": \"%s\", \"right\": \"%s\", \"out\": \"%s\"", sget(&a), sget(&b), sget(&c));
    }
    jend_group();
    jgroup("trees", "zkprov: leaves[i] = zp_hash_leaf(leaf_data[i]); openings: sorted indices and the batched path");
    static const size_t NL[] = {1, 2, 3, 4, 5, 7, 8, 13};
    for (size_t t = 0; t < sizeof NL / sizeof NL[0]; t++) {
        size_t n = NL[t];
        zp_digest lv[13];
        sreset(&a);
        sadd(&a, "[");
        for (size_t i = 0; i < n; i++) {
            uint8_t m[4];
            rnd_bytes(m, 4);
            zp_hash_leaf(&lv[i], m, 4);
            sadd(&a, "%s\"", i ? ", " : "");
            hex_into(&a, m, 4);
            sadd(&a, "\"");
        }
        sadd(&a, "]");
        zp_merkle_tree *tr = NULL;
        if (zp_merkle_build(&tr, lv, n) != ZP_OK) exit(2);
        zp_digest root;
        zp_merkle_root(tr, &root);
        uint8_t w[32];
        o_mth(w, lv, n);
        expect(!memcmp(root.b, w, 32), "Merkle root (RFC 9162 MTH)");
        sreset(&b);
        hex_into(&b, root.b, 32);
        /* openings: each single leaf of small trees, the first and last, all */
        sreset(&c);
        sadd(&c, "[");
        size_t sets[16][13], ns[16], nsets = 0;
        for (size_t i = 0; i < n && i < 4; i++) { sets[nsets][0] = i; ns[nsets++] = 1; }
        if (n > 1) { sets[nsets][0] = 0; sets[nsets][1] = n - 1; ns[nsets++] = 2; }
        for (size_t i = 0; i < n; i++) sets[nsets][i] = i;
        ns[nsets++] = n;
        for (size_t k = 0; k < nsets; k++) {
            zp_digest path[64];
            size_t np = 0;
            if (zp_merkle_prove_batch(tr, sets[k], ns[k], path, 64, &np) != ZP_OK) exit(2);
            sadd(&c, "%s{\"idx\": [", k ? ", " : "");
            for (size_t i = 0; i < ns[k]; i++) sadd(&c, "%s%zu", i ? ", " : "", sets[k][i]);
            sadd(&c, "], \"path\": [");
            for (size_t i = 0; i < np; i++) {
                sadd(&c, "%s\"", i ? ", " : "");
                hex_into(&c, path[i].b, 32);
                sadd(&c, "\"");
            }
            sadd(&c, "]}");
        }
        sadd(&c, "]");
        zp_merkle_free(tr);
        jcase("\"leaf_data\": %s, \"root\": \"%s\", \"openings\": %s", sget(&a), sget(&b), sget(&c));
    }
    jend_group();
    free(a.s);
    free(b.s);
    free(c.s);
    jclose();
}

/* ---- transcript scripts: each op is applied and recorded ---- */
static void tr_state_into(str *o, const zp_transcript *tr) {
    sadd(o, "\"state\": \"");
    hex_into(o, tr->state, 32);
    sadd(o, "\", \"n_ops\": %" PRIu64, tr->n_ops);
}

/* Tree absorbs (docs/spec/transcript.md "Tree absorbs"): one absorb of
 * n_words words w_i = ((seed + i * 0x9E3779B97F4A7C15) mod 2^64) mod p
 * after init(domain).  Each expected state is also recomputed here from
 * one-shot SHA-256 calls following the spec, and the tool fails if the
 * library disagrees. */
static zp_fe tree_word(uint64_t seed, size_t i) {
    return (seed + (uint64_t)i * 0x9E3779B97F4A7C15ULL) % P;
}

static void tree_spec_state(uint8_t st[32], uint8_t op, const char *label, uint64_t seed,
                            size_t n_words) {
    const size_t C = ZP_TRANSCRIPT_TREE_CHUNK, m = (n_words + C - 1) / C, ll = strlen(label);
    size_t len = 32 + 1 + 8 + ll + 8 + 8 + 32 * m, n = 32;
    uint8_t *buf = malloc(len), *chunk = malloc(1 + 8 * C);
    if (!buf || !chunk) exit(1);
    memcpy(buf, st, 32);
    buf[n++] = op;
    zp_store64_le(buf + n, ll);
    n += 8;
    memcpy(buf + n, label, ll);
    n += ll;
    zp_store64_le(buf + n, 8 + 32 * m);
    n += 8;
    zp_store64_le(buf + n, n_words);
    n += 8;
    for (size_t c = 0; c < m; c++, n += 32) {
        size_t k = n_words - c * C < C ? n_words - c * C : C;
        chunk[0] = 0x02;
        for (size_t j = 0; j < k; j++) zp_store64_le(chunk + 1 + 8 * j, tree_word(seed, c * C + j));
        zp_sha256(buf + n, chunk, 1 + 8 * k);
    }
    zp_sha256(st, buf, len);
    free(buf);
    free(chunk);
}

static void gen_transcript_tree(str *o) {
    jgroup("tree", "zkprov (each state recomputed by gen_vectors from SHA-256 per the spec); values w_i = ((seed + i * 0x9E3779B97F4A7C15) mod 2^64) mod p, i < n_words; absorb_fe2_tree takes them as n_words / 2 extension elements (c0, c1)");
    static const size_t SIZES[] = {0, 1, 1023, 1024, 1025, 3000, 4096, 64 * 1024 + 6 * 1024 + 5};
    for (size_t t = 0; t < 2 * sizeof SIZES / sizeof SIZES[0]; t++) {
        int fe2 = (int)(t & 1);
        size_t n_words = SIZES[t / 2] + (size_t)(fe2 && SIZES[t / 2] % 2);
        uint64_t seed = rnd();
        zp_fe *w = malloc(n_words * sizeof *w + 1);
        if (!w) exit(1);
        for (size_t i = 0; i < n_words; i++) w[i] = tree_word(seed, i);
        zp_transcript tr;
        zp_transcript_init(&tr, "zkprov-v1/test-vector");
        uint8_t want[32];
        memcpy(want, tr.state, 32);
        if (fe2) zp_transcript_absorb_fe2_tree(&tr, "tree", (const zp_fe2 *)w, n_words / 2);
        else zp_transcript_absorb_fe_tree(&tr, "tree", w, n_words);
        tree_spec_state(want, fe2 ? 0x0a : 0x09, "tree", seed, n_words);
        if (memcmp(want, tr.state, 32) != 0) {
            fprintf(stderr, "gen_vectors: the library's tree absorb disagrees with the spec\n");
            exit(1);
        }
        sreset(o);
        sadd(o, "\"domain\": \"zkprov-v1/test-vector\", \"op\": \"%s\", \"label\": \"tree\", "
                "\"n_words\": %zu, \"seed\": \"%016" PRIx64 "\", ",
             fe2 ? "absorb_fe2_tree" : "absorb_fe_tree", n_words, seed);
        tr_state_into(o, &tr);
        jcase("%s", sget(o));
        free(w);
    }
    jend_group();
}

static void gen_transcript(const char *dir) {
    jopen(dir, "transcript", "Fiat-Shamir transcript (docs/spec/transcript.md): scripts of absorbs and challenges from a domain; state and n_ops after the script");
    jgroup("scripts", "zkprov (regression: any change of the framing, labels or challenge derivation changes these)");
    str o = {0};
    static const char *DOMAINS[] = {"zkprov-v1/test-vector", "zkprov-v1/train-step", ""};
    for (int sc = 0; sc < 4; sc++) {
        zp_transcript tr;
        sreset(&o);
        const char *dom = DOMAINS[sc % 3];
        if (sc == 3) {
            static const uint8_t raw[5] = {'a', 0, 'b', 0xff, 0};
            zp_transcript_init_raw(&tr, raw, sizeof raw);
            sadd(&o, "\"domain_hex\": \"");
            hex_into(&o, raw, sizeof raw);
            sadd(&o, "\", \"ops\": [");
        } else {
            zp_transcript_init(&tr, dom);
            sadd(&o, "\"domain\": \"%s\", \"ops\": [", dom);
        }
        for (int k = 0; k < 12; k++) {
            int kind = (k + sc) % 10;
            if (k) sadd(&o, ", ");
            if (kind == 0) {
                uint8_t d[37];
                size_t n = (size_t)(rnd() % 37);
                rnd_bytes(d, n);
                zp_transcript_absorb_bytes(&tr, "bytes", d, n);
                sadd(&o, "{\"op\": \"absorb_bytes\", \"label\": \"bytes\", \"data\": \"");
                hex_into(&o, d, n);
                sadd(&o, "\"}");
            } else if (kind == 1) {
                uint64_t v = rnd();
                zp_transcript_absorb_u64(&tr, "u64", v);
                sadd(&o, "{\"op\": \"absorb_u64\", \"label\": \"u64\", \"value\": \"%016" PRIx64 "\"}", v);
            } else if (kind == 2) {
                zp_fe v[3] = {rnd_fe(), P - 1, 0};
                zp_transcript_absorb_fe(&tr, "fe", v, 3);
                sadd(&o, "{\"op\": \"absorb_fe\", \"label\": \"fe\", \"values\": ");
                fes_into(&o, v, 3);
                sadd(&o, "}");
            } else if (kind == 3) {
                zp_fe2 v[2] = {{0, 0}, {1, P - 1}};
                v[0].c0 = rnd_fe();
                v[0].c1 = rnd_fe();
                zp_transcript_absorb_fe2(&tr, "fe2", v, 2);
                zp_fe flat[4] = {v[0].c0, v[0].c1, v[1].c0, v[1].c1};
                sadd(&o, "{\"op\": \"absorb_fe2\", \"label\": \"fe2\", \"values\": ");
                fes_into(&o, flat, 4);
                sadd(&o, "}");
            } else if (kind == 4) {
                zp_digest d;
                rnd_bytes(d.b, 32);
                zp_transcript_absorb_digest(&tr, "digest", &d);
                sadd(&o, "{\"op\": \"absorb_digest\", \"label\": \"digest\", \"data\": \"");
                hex_into(&o, d.b, 32);
                sadd(&o, "\"}");
            } else if (kind == 5) {
                zp_fe c = zp_transcript_challenge_fe(&tr, "alpha");
                sadd(&o, "{\"op\": \"challenge_fe\", \"label\": \"alpha\", \"out\": " FEF "}", c);
            } else if (kind == 6) {
                zp_fe2 c = zp_transcript_challenge_fe2(&tr, "beta");
                sadd(&o, "{\"op\": \"challenge_fe2\", \"label\": \"beta\", \"out\": " FE2F "}", FE2(c));
            } else if (kind == 7) {
                zp_fe2 c[3];
                zp_transcript_challenge_fe2_vec(&tr, "gamma", c, 3);
                zp_fe flat[6] = {c[0].c0, c[0].c1, c[1].c0, c[1].c1, c[2].c0, c[2].c1};
                sadd(&o, "{\"op\": \"challenge_fe2_vec\", \"label\": \"gamma\", \"n\": 3, \"out\": ");
                fes_into(&o, flat, 6);
                sadd(&o, "}");
            } else if (kind == 8) {
                uint8_t c[45];
                size_t n = 1 + (size_t)(rnd() % 45);
                zp_transcript_challenge_bytes(&tr, "bytes", c, n);
                sadd(&o, "{\"op\": \"challenge_bytes\", \"label\": \"bytes\", \"len\": %zu, \"out\": \"", n);
                hex_into(&o, c, n);
                sadd(&o, "\"}");
            } else {
                uint64_t bound = k & 1 ? 1 + rnd() % 1000 : rnd() | 1;
                uint64_t c = zp_transcript_challenge_index(&tr, "index", bound);
                sadd(&o, "{\"op\": \"challenge_index\", \"label\": \"index\", \"bound\": \"%016" PRIx64
                         "\", \"out\": \"%016" PRIx64 "\"}", bound, c);
            }
        }
        sadd(&o, "], ");
        tr_state_into(&o, &tr);
        jcase("%s", sget(&o));
    }
    jend_group();
    gen_transcript_tree(&o);
    free(o.s);
    jclose();
}

/* Published Poseidon2 known answers: tests/poseidon2_kat.h (sources there). */

static void perm_case(const zp_fe *in, size_t w, const uint64_t *want) {
    zp_fe s[12];
    memcpy(s, in, w * sizeof(zp_fe));
    if (w == 12) zp_poseidon2_w12(s);
    else zp_poseidon2_w8(s);
    if (want && memcmp(s, want, w * sizeof(zp_fe)) != 0) {
        fprintf(stderr, "gen_vectors: the library's Poseidon2 disagrees with a published vector\n");
        exit(1);
    }
    str a = {0}, b = {0};
    fes_into(&a, in, w);
    fes_into(&b, s, w);
    jcase("\"in\": %s, \"out\": %s", sget(&a), sget(&b));
    free(a.s);
    free(b.s);
}

static void gen_poseidon2(const char *dir) {
    jopen(dir, "poseidon2", "Poseidon2 over Goldilocks, d = 7, R_F = 8, R_P = 22 (Grassi, Khovratovich, Schofnegger, ePrint 2023/323)");
    zp_fe in[12];
    jgroup("w12_reference", "HorizenLabs reference https://github.com/HorizenLabs/poseidon2, plain_implementations/src/poseidon2/poseidon2.rs, poseidon2_tests_goldilocks::kats (POSEIDON2_GOLDILOCKS_12_PARAMS), input [0, 1, ..., 11]");
    for (int i = 0; i < 12; i++) in[i] = (zp_fe)i;
    perm_case(in, 12, KAT12_RANGE);
    jend_group();
    jgroup("w8_reference", "Plonky3 https://github.com/Plonky3/Plonky3 goldilocks/src/poseidon2.rs (HorizenLabs constants), tests test_poseidon2_width_8_zeroes / _range / _random");
    memset(in, 0, sizeof in);
    perm_case(in, 8, KAT8_ZEROS);
    for (int i = 0; i < 8; i++) in[i] = (zp_fe)i;
    perm_case(in, 8, KAT8_RANGE);
    perm_case(KAT8_RANDOM_IN, 8, KAT8_RANDOM_OUT);
    jend_group();
    jgroup("w12", "zkprov (regression)");
    for (int k = 0; k < 4; k++) {
        for (int i = 0; i < 12; i++) in[i] = k == 0 ? P - 1 : rnd_fe();
        perm_case(in, 12, NULL);
    }
    jend_group();
    jgroup("hash", "zkprov sponge: width 12, rate 8, capacity 4, padding a single 1 then zeros to a multiple of 8");
    str a = {0}, b = {0};
    for (size_t n = 0; n <= 17; n++) {
        zp_fe v[17], o[4];
        for (size_t i = 0; i < n; i++) v[i] = rnd_fe();
        zp_poseidon2_hash(o, v, n);
        sreset(&a);
        sreset(&b);
        fes_into(&a, v, n);
        fes_into(&b, o, 4);
        jcase("\"in\": %s, \"out\": %s", sget(&a), sget(&b));
    }
    jend_group();
    jgroup("compress", "zkprov: first 4 of P(l || r || 0^4) + (l || r)[0..4)");
    str c = {0};
    for (int k = 0; k < 4; k++) {
        zp_fe l[4], r[4], o[4];
        for (int i = 0; i < 4; i++) { l[i] = rnd_fe(); r[i] = rnd_fe(); }
        zp_poseidon2_compress(o, l, r);
        sreset(&a);
        sreset(&b);
        sreset(&c);
        fes_into(&a, l, 4);
        fes_into(&b, r, 4);
        fes_into(&c, o, 4);
        jcase("\"l\": %s, \"r\": %s, \"out\": %s", sget(&a), sget(&b), sget(&c));
    }
    jend_group();
    free(a.s);
    free(b.s);
    free(c.s);
    jclose();
}

/* Every draw is its own statement: the order of two calls inside one
 * expression or initializer list is unspecified in C, and compilers differ
 * by optimisation level (the vectors must not). */
static int64_t rnd_i62(void) {
    const int64_t hi = (int64_t)(rnd() >> 2);
    const int64_t lo = (int64_t)(rnd() >> 3);
    return hi - ((int64_t)1 << 61) - lo;
}
/* rnd_i62() >> (rnd() % m), the two draws in that order */
static int64_t rnd_i62_shr(uint64_t m) {
    const int64_t v = rnd_i62();
    return v >> (rnd() % m);
}
/* 1 + ((rnd() >> 3) >> (rnd() % 61)), the two draws in that order */
static int64_t rnd_divisor(void) {
    const uint64_t v = rnd() >> 3;
    return 1 + (int64_t)(v >> (rnd() % 61));
}

static void gen_fixed(const char *dir) {
    jopen(dir, "fixed", "fixed-point helpers of include/zkprov/zkml.h (docs/spec/fixed-point.md): signed integers as decimal strings");
    jgroup("rdiv2", "zkprov: a + 2^(s-1) = q 2^s + r, 0 <= r < 2^s (ties up)");
    static const int64_t A[] = {0, 1, -1, 2, -2, 3, -3, 127, 128, -128, -129};
    for (size_t i = 0; i < 40; i++) {
        int64_t a = i < 11 ? A[i] : rnd_i62_shr(60);
        unsigned s = i < 11 ? 1 + (unsigned)(i % 8) : 1 + (unsigned)(rnd() % 62);
        int64_t r, q = zp_fx_rdiv2(a, s, &r);
        __int128 t = (__int128)a + ((__int128)1 << (s - 1)), oq = o_floordiv(t, (__int128)1 << s);
        expect(q == oq && r == t - oq * ((__int128)1 << s), "rdiv2");
        jcase("\"a\": \"%" PRId64 "\", \"s\": %u, \"q\": \"%" PRId64 "\", \"r\": \"%" PRId64 "\"", a, s, q, r);
    }
    jend_group();
    jgroup("rdiv", "zkprov: a + floor(d/2) = q d + r, 0 <= r < d (ties up)");
    for (size_t i = 0; i < 40; i++) {
        int64_t a = i < 11 ? A[i] : rnd_i62_shr(60);
        int64_t d = i < 11 ? (int64_t)(1 + i % 5) : rnd_divisor();
        int64_t r, q = zp_fx_rdiv(a, d, &r);
        __int128 t = (__int128)a + d / 2, oq = o_floordiv(t, d);
        expect(q == oq && r == t - oq * d && r >= 0 && r < d, "rdiv");
        jcase("\"a\": \"%" PRId64 "\", \"d\": \"%" PRId64 "\", \"q\": \"%" PRId64 "\", \"r\": \"%" PRId64 "\"",
              a, d, q, r);
    }
    jend_group();
    jgroup("sat", "zkprov: saturation to [-2^(b-1), 2^(b-1) - 1]");
    for (size_t i = 0; i < 24; i++) {
        int64_t v = i < 11 ? A[i] * 1000 : rnd_i62_shr(60);
        unsigned b = 2 + (unsigned)(rnd() % 61);
        if (i < 11) b = 2 + (unsigned)i;
        const int64_t hi = ((int64_t)1 << (b - 1)) - 1, lo = -hi - 1;
        expect(zp_fx_sat(v, b) == (v < lo ? lo : v > hi ? hi : v), "sat");
        jcase("\"v\": \"%" PRId64 "\", \"b\": %u, \"out\": \"%" PRId64 "\"", v, b, zp_fx_sat(v, b));
    }
    jend_group();
    jgroup("rescale", "zkprov: scale 2^from -> 2^to, rounding ties up, saturated to bits");
    for (size_t i = 0; i < 32; i++) {
        int64_t q = i < 11 ? A[i] * 37 : rnd_i62_shr(62);
        unsigned from = (unsigned)(rnd() % 33), to = (unsigned)(rnd() % 33);
        unsigned bits = 2 + (unsigned)(rnd() % 61);
        if (i % 8 == 7) from = to + 63; /* shift past 62 */
        /* up-scaling past 2^62: the product clamps to +-2^62, then saturates */
        static const struct { int64_t q; unsigned from, to, bits; } E[] = {
            {(int64_t)1 << 50, 0, 21, 61}, {-((int64_t)1 << 50), 0, 21, 62},
            {3, 0, 70, 40}, {-3, 0, 70, 62}, {((int64_t)1 << 30) + 1, 0, 32, 32},
        };
        if (i >= 27) { q = E[i - 27].q; from = E[i - 27].from; to = E[i - 27].to; bits = E[i - 27].bits; }
        /* the header's definition: rdiv2 down; q 2^d clamped to +-2^62 up */
        __int128 v;
        if (from > to) {
            unsigned d = from - to;
            v = d > 62 ? 0 : o_floordiv((__int128)q + ((__int128)1 << (d - 1)), (__int128)1 << d);
        } else {
            unsigned d = to - from;
            __int128 lim = (__int128)1 << 62;
            v = d > 62 ? (q > 0 ? lim : q < 0 ? -lim : 0) : (__int128)q * ((__int128)1 << d);
            v = v > lim ? lim : v < -lim ? -lim : v;
        }
        const __int128 hi = ((__int128)1 << (bits - 1)) - 1, lo = -hi - 1;
        v = v < lo ? lo : v > hi ? hi : v;
        expect(zp_fx_rescale(q, from, to, bits) == (int64_t)v, "rescale");
        jcase("\"q\": \"%" PRId64 "\", \"from\": %u, \"to\": %u, \"bits\": %u, \"out\": \"%" PRId64 "\"",
              q, from, to, bits, zp_fx_rescale(q, from, to, bits));
    }
    jend_group();
    jgroup("from_double", "zkprov: llround(v * 2^s) (ties away from zero), saturated to b bits; v as %.17g text");
    static const double D[] = {0.0, 0.5, -0.5, 1.5, -1.5, 2.5, 0.1, -0.1, 3.14159, -1e9, 1e30, -1e30, 0.00390625, 0.001953125};
    for (size_t i = 0; i < sizeof D / sizeof D[0]; i++) {
        unsigned s = (unsigned)(i % 3) * 8, b = 16 + (unsigned)(i % 4) * 8;
        char t[40];
        snprintf(t, sizeof t, "%.17g", D[i]);
        jcase("\"v\": \"%s\", \"s\": %u, \"b\": %u, \"out\": \"%" PRId64 "\"", t, s, b,
              zp_fx_from_double(D[i], s, b));
    }
    jend_group();
    jgroup("exp_table", "zkprov: t[d] = round(2^exp_scale exp(-d / 2^act_scale)), ties away from zero");
    static const unsigned ET[][3] = {{4, 8, 2}, {6, 16, 4}};
    str a = {0};
    for (size_t k = 0; k < 2; k++) {
        int64_t t[64];
        if (zp_fx_exp_table(t, ET[k][0], ET[k][1], ET[k][2]) != ZP_OK) exit(2);
        sreset(&a);
        sadd(&a, "[");
        for (size_t i = 0; i < ((size_t)1 << ET[k][0]); i++) sadd(&a, "%s\"%" PRId64 "\"", i ? ", " : "", t[i]);
        sadd(&a, "]");
        jcase("\"domain_bits\": %u, \"exp_scale\": %u, \"act_scale\": %u, \"table\": %s", ET[k][0],
              ET[k][1], ET[k][2], sget(&a));
    }
    jend_group();
    free(a.s);
    jclose();
}

/* The sampler from its definition in include/zkprov/zkml.h. */
static int o_sampler(uint32_t *out, const uint8_t seed[32], uint64_t step, uint32_t bs, uint64_t n) {
    if (bs == 0 || bs > ZP_ZKML_MAX_BATCH || n == 0 || n >= ((uint64_t)1 << 32) || bs > n) return 0;
    static const char tag[] = "zkprov-v1/sampler";
    const u128 two64 = (u128)1 << 64, lim = two64 - two64 % n;
    uint32_t got = 0;
    for (uint64_t j = 0; got < bs; j++) {
        uint8_t m[sizeof tag - 1 + 48], h[32];
        memcpy(m, tag, sizeof tag - 1);
        memcpy(m + sizeof tag - 1, seed, 32);
        for (int i = 0; i < 8; i++) {
            m[sizeof tag - 1 + 32 + i] = (uint8_t)(step >> (8 * i));
            m[sizeof tag - 1 + 40 + i] = (uint8_t)((j / 4) >> (8 * i));
        }
        o_sha256(h, m, sizeof m);
        uint64_t u = 0;
        for (int i = 7; i >= 0; i--) u = u << 8 | h[8 * (j % 4) + (uint64_t)i];
        if ((u128)u >= lim) continue;
        uint32_t v = (uint32_t)(u % n), k = 0;
        while (k < got && out[k] != v) k++;
        if (k == got) out[got++] = v;
    }
    return 1;
}

static void gen_sampler(const char *dir) {
    jopen(dir, "sampler", "the deterministic batch sampler zp_sampler_batch (include/zkprov/zkml.h)");
    jgroup("batches", "zkprov: candidates from SHA-256(\\\"zkprov-v1/sampler\\\" || seed || LE64(step) || LE64(j / 4)), rejection sampling");
    str a = {0}, b = {0};
    static const struct { uint64_t step; uint32_t bs; uint64_t n; } C[] = {
        {0, 1, 1}, {0, 4, 40}, {1, 4, 40}, {2, 4, 40}, {7, 16, 16}, {3, 10, 1000},
        {12345, 32, 569}, {0, 5, 3}, {0, 0, 10}, {0, 3, 0}, {1, 8, 4294967295ULL},
    };
    for (size_t i = 0; i < sizeof C / sizeof C[0]; i++) {
        uint8_t seed[32];
        rnd_bytes(seed, 32);
        uint32_t idx[32];
        zp_err e = zp_sampler_batch(seed, C[i].step, C[i].bs, C[i].n, idx);
        uint32_t w[32];
        int ok = o_sampler(w, seed, C[i].step, C[i].bs, C[i].n);
        expect((e == ZP_OK) == ok && (!ok || !memcmp(idx, w, C[i].bs * sizeof(uint32_t))), "sampler");
        sreset(&a);
        sreset(&b);
        hex_into(&a, seed, 32);
        if (e == ZP_OK) {
            sadd(&b, "[");
            for (uint32_t k = 0; k < C[i].bs; k++) sadd(&b, "%s%" PRIu32, k ? ", " : "", idx[k]);
            sadd(&b, "]");
            jcase("\"seed\": \"%s\", \"step\": \"%016" PRIx64 "\", \"batch_size\": %" PRIu32
                  ", \"n_records\": \"%016" PRIx64 "\", \"ok\": true, \"indices\": %s",
                  sget(&a), C[i].step, C[i].bs, C[i].n, sget(&b));
        } else {
            jcase("\"seed\": \"%s\", \"step\": \"%016" PRIx64 "\", \"batch_size\": %" PRIu32
                  ", \"n_records\": \"%016" PRIx64 "\", \"ok\": false",
                  sget(&a), C[i].step, C[i].bs, C[i].n);
        }
    }
    jend_group();
    free(a.s);
    free(b.s);
    jclose();
}

static void gen_dataset(const char *dir) {
    jopen(dir, "dataset", "dataset encodings (docs/formats/dataset.md): schema canonical bytes and digest, fixed-point values as field elements, the record bytes (the VRF input of a record)");
    str a = {0}, b = {0}, c = {0};
    jgroup("schemas", "zkprov: canonical = compact JSON, keys sorted; digest = SHA-256(canonical); width = encoded record width");
    static const char *S[] = {
        "{ \"version\":1, \"type\":\"zkprov/dataset-schema\", \"format\":\"csv\", \"label\":{\"name\":\"y\",\"bound\":9}, "
        "\"columns\":[{\"name\":\"f0\",\"scale\":8,\"bound\":1048576},{\"scale\":8,\"name\":\"f1\",\"bound\":1048576,\"count\":1}] }",
        "{\"type\":\"zkprov/dataset-schema\",\"version\":1,\"format\":\"idx\",\"columns\":[{\"name\":\"pixels\",\"count\":4,\"bound\":255}],"
        "\"label\":{\"name\":\"label\",\"bound\":255}}",
        "{\"type\":\"zkprov/dataset-schema\",\"version\":1,\"format\":\"csv\",\"columns\":[]}",
    };
    for (size_t i = 0; i < sizeof S / sizeof S[0]; i++) {
        zp_ds_schema *s = NULL;
        char err[ZP_DS_ERR_BYTES] = "";
        sreset(&a);
        jstr_into(&a, S[i], strlen(S[i]));
        if (zp_ds_schema_parse(&s, err, S[i], strlen(S[i])) != ZP_OK) {
            jcase("\"json\": %s, \"ok\": false", sget(&a));
            continue;
        }
        char *canon = NULL;
        size_t cl = 0;
        zp_digest d;
        if (zp_ds_schema_canonical(&canon, &cl, s) != ZP_OK || zp_ds_schema_digest(&d, s) != ZP_OK) exit(2);
        uint8_t w[32];
        o_sha256(w, canon, cl);
        expect(!memcmp(w, d.b, 32), "schema digest = SHA-256(canonical)");
        sreset(&b);
        sreset(&c);
        jstr_into(&b, canon, cl);
        hex_into(&c, d.b, 32);
        jcase("\"json\": %s, \"ok\": true, \"canonical\": %s, \"digest\": \"%s\", \"width\": %zu",
              sget(&a), sget(&b), sget(&c), s->width);
        free(canon);
        zp_ds_schema_free(s);
    }
    jend_group();
    jgroup("fe_from_i64", "zkprov: q mod p");
    static const int64_t Q[] = {0, 1, -1, 255, -255, 9007199254740991LL, -9007199254740991LL};
    for (size_t i = 0; i < sizeof Q / sizeof Q[0]; i++)
        jcase("\"q\": \"%" PRId64 "\", \"out\": " FEF, Q[i], zp_ds_fe_from_i64(Q[i]));
    jend_group();
    jgroup("i64_from_fe", "zkprov: x must encode an integer q with |q| <= bound");
    static const struct { uint64_t x, bound; } X[] = {
        {0, 0}, {5, 5}, {6, 5}, {P - 5, 5}, {P - 6, 5}, {P - 1, 1}, {(uint64_t)1 << 53, 9007199254740991ULL},
        {9007199254740991ULL, 9007199254740991ULL}, {P - 9007199254740991ULL, 9007199254740991ULL},
        {(uint64_t)1 << 63, 9007199254740991ULL},
    };
    for (size_t i = 0; i < sizeof X / sizeof X[0]; i++) {
        int64_t q = 0;
        zp_err e = zp_ds_i64_from_fe(&q, X[i].x, X[i].bound);
        if (e == ZP_OK)
            jcase("\"x\": " FEF ", \"bound\": \"%" PRIu64 "\", \"ok\": true, \"q\": \"%" PRId64 "\"", X[i].x,
                  X[i].bound, q);
        else
            jcase("\"x\": " FEF ", \"bound\": \"%" PRIu64 "\", \"ok\": false", X[i].x, X[i].bound);
    }
    jend_group();
    jgroup("record_bytes", "zkprov: \\\"zkprov-v1/dataset-record\\\" || 0x00 || schema digest || LE32(width) || LE64(row[i])");
    for (size_t k = 0; k < 3; k++) {
        zp_digest sd;
        rnd_bytes(sd.b, 32);
        size_t w = 1 + k * 3;
        zp_fe row[7];
        for (size_t i = 0; i < w; i++) row[i] = i == 0 ? P - 1 : rnd_fe();
        size_t n = zp_ds_record_bytes_len(w);
        uint8_t *out = malloc(n);
        if (!out) exit(2);
        zp_ds_record_bytes(out, &sd, row, w);
        static const char tag[] = "zkprov-v1/dataset-record";
        expect(n == sizeof tag + 32 + 4 + 8 * w && !memcmp(out, tag, sizeof tag) &&
               !memcmp(out + sizeof tag, sd.b, 32), "record bytes: tag, NUL, schema digest");
        for (size_t i = 0; i < 4; i++) expect(out[sizeof tag + 32 + i] == (uint8_t)(w >> (8 * i)), "record bytes: width");
        for (size_t i = 0; i < 8 * w; i++)
            expect(out[sizeof tag + 36 + i] == (uint8_t)(row[i / 8] >> (8 * (i % 8))), "record bytes: row");
        sreset(&a);
        sreset(&b);
        sreset(&c);
        hex_into(&a, sd.b, 32);
        fes_into(&b, row, w);
        hex_into(&c, out, n);
        jcase("\"schema_digest\": \"%s\", \"row\": %s, \"bytes\": \"%s\"", sget(&a), sget(&b), sget(&c));
        free(out);
    }
    jend_group();
    free(a.s);
    free(b.s);
    free(c.s);
    jclose();
}

/* RFC 9381 Appendix B.3 (ECVRF-EDWARDS25519-SHA512-TAI), examples 16-18:
 * SK (the RFC 8032 section 7.1 seeds), PK, alpha, pi, beta (as in
 * tests/unit/test_vrf.c, copied from the RFC text). */
static const struct { const char *sk, *pk, *alpha, *pi, *beta; } RFC9381[3] = {
    {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "8657106690b5526245a92b003bb079ccd1a92130477671f6fc01ad16f26f723f26f8a57ccaed74ee1b190bed1f479d97"
     "27d2d0f9b005a6e456a35d4fb0daab1268a1b0db10836d9826a528ca76567805",
     "90cf1df3b703cce59e2a35b925d411164068269d7b2d29f3301c03dd757876ff"
     "66b71dda49d2de59d03450451af026798e8f81cd2e333de5cdf4f3e140fdd8ae"},
    {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "f3141cd382dc42909d19ec5110469e4feae18300e94f304590abdced48aed5933bf0864a62558b3ed7f2fea45c92a465"
     "301b3bbf5e3e54ddf2d935be3b67926da3ef39226bbc355bdc9850112c8f4b02",
     "eb4440665d3891d668e7e0fcaf587f1b4bd7fbfe99d0eb2211ccec90496310eb"
     "5e33821bc613efb94db5e5b54c70a848a0bef4553a41befc57663b56373a5031"},
    {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "9bc0f79119cc5604bf02d23b4caede71393cedfbb191434dd016d30177ccbf8096bb474e53895c362d8628ee9f9ea3c0"
     "e52c7a5c691b6c18c9979866568add7a2d41b00b05081ed0f58ee5e31b3a970e",
     "645427e5d00c62a23fb703732fa5d892940935942101e456ecca7bb217c61c45"
     "2118fec1219202a0edcf038bb6373241578be7217ba85a2687f7a0310b2df19f"},
};

static size_t unhex_into(uint8_t *out, size_t cap, const char *h) {
    size_t n = strlen(h) / 2;
    if (n > cap) exit(2);
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        if (sscanf(h + 2 * i, "%2x", &v) != 1) exit(2);
        out[i] = (uint8_t)v;
    }
    return n;
}

/* One VRF case from seed and alpha: keys, proof, output; checked. */
static void vrf_case(const uint8_t seed[32], const uint8_t *alpha, size_t alen,
                     const uint8_t *want_pk, const uint8_t *want_pi, const uint8_t *want_beta) {
    uint8_t pk[ZP_VRF_PUBLICKEYBYTES], sk[ZP_VRF_SECRETKEYBYTES], pi[ZP_VRF_PROOFBYTES];
    uint8_t beta[ZP_VRF_OUTPUTBYTES], beta2[ZP_VRF_OUTPUTBYTES], beta3[ZP_VRF_OUTPUTBYTES];
    if (zp_vrf_keypair_from_seed(pk, sk, seed) != ZP_OK || zp_vrf_prove(pi, sk, alpha, alen) != ZP_OK ||
        zp_vrf_verify(beta, pk, pi, alpha, alen) != ZP_OK || zp_vrf_output(beta2, sk, alpha, alen) != ZP_OK ||
        zp_vrf_proof_to_hash(beta3, pi) != ZP_OK)
        exit(2);
    expect(!memcmp(beta, beta2, 64) && !memcmp(beta, beta3, 64), "VRF output paths agree");
    if (want_pk)
        expect(!memcmp(pk, want_pk, 32) && !memcmp(pi, want_pi, 80) && !memcmp(beta, want_beta, 64),
               "VRF: RFC 9381 example");
    str a = {0}, b = {0}, c = {0}, d = {0}, e = {0};
    hex_into(&a, seed, 32);
    hex_into(&b, pk, 32);
    hex_into(&c, alpha, alen);
    hex_into(&d, pi, 80);
    hex_into(&e, beta, 64);
    jcase("\"seed\": \"%s\", \"pk\": \"%s\", \"alpha\": \"%s\", \"pi\": \"%s\", \"beta\": \"%s\"",
          sget(&a), sget(&b), sget(&c), sget(&d), sget(&e));
    zp_memzero(sk, sizeof sk);
    free(a.s); free(b.s); free(c.s); free(d.s); free(e.s);
}

static void gen_vrf(const char *dir) {
    jopen(dir, "vrf", "ECVRF-EDWARDS25519-SHA512-TAI (RFC 9381): keys from a 32-byte seed, proof pi and output beta; a dataset's record keys are beta over the record bytes (dataset.json)");
    jgroup("rfc9381", "RFC 9381 Appendix B.3, examples 16-18 (keys of RFC 8032 section 7.1)");
    for (int i = 0; i < 3; i++) {
        uint8_t seed[32], pk[32], alpha[8], pi[80], beta[64];
        unhex_into(seed, 32, RFC9381[i].sk);
        unhex_into(pk, 32, RFC9381[i].pk);
        size_t al = unhex_into(alpha, 8, RFC9381[i].alpha);
        unhex_into(pi, 80, RFC9381[i].pi);
        unhex_into(beta, 64, RFC9381[i].beta);
        vrf_case(seed, alpha, al, pk, pi, beta);
    }
    jend_group();
    jgroup("record_keys", "zkprov (regression): seed and alpha = the record bytes of a record; beta is its record key");
    for (int i = 0; i < 2; i++) {
        uint8_t seed[32], alpha[128];
        rnd_bytes(seed, 32);
        zp_digest sd;
        rnd_bytes(sd.b, 32);
        zp_fe row[2];
        row[0] = rnd_fe();
        row[1] = rnd_fe();
        size_t n = zp_ds_record_bytes_len(2);
        if (n > sizeof alpha) exit(2);
        zp_ds_record_bytes(alpha, &sd, row, 2);
        vrf_case(seed, alpha, n, NULL, NULL, NULL);
    }
    jend_group();
    jgroup("rejected", "zkprov: RFC 9381 example 17 with one byte of pi changed (Gamma, c or s) or another alpha: verification fails");
    {
        uint8_t pk[32], pi[80], alpha[8];
        unhex_into(pk, 32, RFC9381[1].pk);
        unhex_into(pi, 80, RFC9381[1].pi);
        size_t al = unhex_into(alpha, 8, RFC9381[1].alpha);
        static const int POS[] = {0, 31, 32, 47, 48, 79, -1};
        for (size_t k = 0; k < sizeof POS / sizeof POS[0]; k++) {
            uint8_t t[80], a2[8], beta[64];
            memcpy(t, pi, 80);
            memcpy(a2, alpha, al);
            if (POS[k] >= 0) t[POS[k]] ^= 1;
            else a2[0] ^= 1;
            expect(zp_vrf_verify(beta, pk, t, a2, al) != ZP_OK, "VRF: altered proof rejected");
            str a = {0}, b = {0}, c = {0};
            hex_into(&a, pk, 32);
            hex_into(&b, a2, al);
            hex_into(&c, t, 80);
            jcase("\"pk\": \"%s\", \"alpha\": \"%s\", \"pi\": \"%s\"", sget(&a), sget(&b), sget(&c));
            free(a.s); free(b.s); free(c.s);
        }
    }
    jend_group();
    jclose();
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: gen_vectors OUTDIR\n");
        return 2;
    }
    if (zp_init() != ZP_OK) return 1;
    /* each file draws from its own restart of the stream, so that adding
     * cases to one file leaves the others unchanged */
    void (*gens[])(const char *) = {gen_field, gen_sha256, gen_merkle, gen_transcript,
                                    gen_poseidon2, gen_fixed, gen_sampler, gen_dataset, gen_vrf};
    for (size_t i = 0; i < sizeof gens / sizeof gens[0]; i++) {
        g_sm = 0x7a6b70726f762d76ULL + i;
        gens[i](argv[1]);
    }
    return 0;
}
