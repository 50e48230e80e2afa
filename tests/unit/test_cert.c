/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of authority keys and dataset certificates (DSSE + in-toto). */
// ZP_TEST_LAYER: prov
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "harness.h"
#include "zkprov/hash.h"
#include "zkprov/prov.h"
#include "prov/cert_internal.h"

#define NOW INT64_C(1780000000) /* 2026-05-28T20:26:40Z */

static const char *const attr_k[] = {"consent", "irb"};
static const char *const attr_v[] = {"broad research use", "IRB-2026-17 \xc3\xa9tude"};
static const char schema_txt[] =
    "{\"columns\":[{\"bound\":100000,\"count\":1,\"name\":\"radius\",\"scale\":8}],"
    "\"format\":\"csv\",\"label\":{\"bound\":1,\"name\":\"diagnosis\"},"
    "\"type\":\"zkprov/dataset-schema\",\"version\":1}";

static zp_cert_request sample_request(void) {
    zp_cert_request r;
    memset(&r, 0, sizeof r);
    r.subject_name = "breast_cancer";
    for (int i = 0; i < 32; i++) r.dataset_digest.b[i] = (uint8_t)(i * 7 + 1);
    r.records = 569;
    r.schema_json = schema_txt;
    for (int i = 0; i < 32; i++) r.schema_digest.b[i] = (uint8_t)(255 - i);
    r.license = "CC-BY-4.0";
    r.source = "UCI ML repository, Wisconsin Diagnostic Breast Cancer";
    r.n_attrs = 2;
    r.attr_keys = attr_k;
    r.attr_values = attr_v;
    r.issued_at = NOW;
    r.has_expiry = 1;
    r.expires_at = NOW + 86400 * 365;
    return r;
}

static char *issue_sample(size_t *len, const uint8_t sk[64]) {
    zp_cert_request r = sample_request();
    char *cert = NULL, err[ZP_CERT_ERR_BYTES] = "";
    CHECK_OK(zp_cert_issue(&cert, len, err, &r, sk));
    CHECK(cert != NULL);
    return cert;
}

/* Decodes the payload of a (trusted) envelope produced in the tests. */
static char *open_payload(const char *cert, size_t len, const uint8_t pk[32]) {
    uint8_t *p = NULL;
    size_t pl = 0;
    char err[ZP_CERT_ERR_BYTES];
    CHECK_OK(zp_dsse_open(&p, &pl, err, cert, len, ZP_CERT_PAYLOAD_TYPE, pk));
    char *s = malloc(pl + 1);
    memcpy(s, p, pl);
    s[pl] = 0;
    free(p);
    return s;
}

static zp_err verify_text(const char *cert, size_t len, const uint8_t pk[32], int64_t now,
                          char *err) {
    zp_cert_info ci;
    zp_err e = zp_cert_verify(&ci, err, cert, len, pk, now);
    if (e == ZP_OK) zp_cert_info_clear(&ci);
    return e;
}

TEST(pae_matches_dsse_spec_example) {
    /* DSSE protocol.md, "Test Vectors". */
    static const char want[] = "DSSEv1 29 http://example.com/HelloWorld 11 hello world";
    const char *type = "http://example.com/HelloWorld";
    size_t n = zp_dsse_pae(NULL, 0, type, strlen(type), (const uint8_t *)"hello world", 11);
    CHECK(n == strlen(want));
    uint8_t buf[128];
    memset(buf, 0xAA, sizeof buf);
    CHECK(zp_dsse_pae(buf, sizeof buf, type, strlen(type), (const uint8_t *)"hello world", 11) == n);
    CHECK(memcmp(buf, want, n) == 0);
    CHECK(buf[n] == 0xAA);
    /* Empty body and a too-small buffer (nothing written). */
    CHECK(zp_dsse_pae(buf, sizeof buf, "t", 1, NULL, 0) == 13);
    CHECK(memcmp(buf, "DSSEv1 1 t 0 ", 13) == 0);
    memset(buf, 0x55, sizeof buf);
    CHECK(zp_dsse_pae(buf, 5, type, strlen(type), (const uint8_t *)"hello world", 11) == n);
    CHECK(buf[0] == 0x55);
}

TEST(sign_verify_round_trip) {
    uint8_t pk[32], sk[64], kid[32];
    CHECK_OK(zp_auth_keypair(pk, sk));
    zp_auth_key_id(kid, pk);
    size_t len;
    char *cert = issue_sample(&len, sk);
    CHECK(len == strlen(cert) && cert[len - 1] == '\n');
    zp_cert_info ci;
    char err[ZP_CERT_ERR_BYTES] = "";
    zp_err e = zp_cert_verify(&ci, err, cert, len, pk, NOW + 10);
    CHECK(e == ZP_OK);
    if (e != ZP_OK) fprintf(stderr, "  %s\n", err);
    zp_cert_request r = sample_request();
    CHECK(ci.subject_name && !strcmp(ci.subject_name, "breast_cancer"));
    CHECK(!memcmp(ci.dataset_digest.b, r.dataset_digest.b, 32));
    CHECK(ci.records == 569);
    CHECK(ci.schema_json && !strcmp(ci.schema_json, schema_txt));
    CHECK(!memcmp(ci.schema_digest.b, r.schema_digest.b, 32));
    CHECK(ci.license && !strcmp(ci.license, "CC-BY-4.0"));
    CHECK(ci.source && !strcmp(ci.source, r.source));
    CHECK(ci.n_attrs == 2);
    for (size_t i = 0; i < ci.n_attrs && i < 2; i++) {
        CHECK(!strcmp(ci.attr_keys[i], attr_k[i]));
        CHECK(!strcmp(ci.attr_values[i], attr_v[i]));
    }
    CHECK(!memcmp(ci.authority_key_id, kid, 32));
    CHECK(ci.issued_at == NOW && ci.has_expiry && ci.expires_at == r.expires_at);
    char *payload = open_payload(cert, len, pk);
    uint8_t d[32];
    zp_sha256(d, payload, strlen(payload));
    CHECK(!memcmp(ci.payload_digest.b, d, 32));
    /* The payload is the in-toto statement with the documented layout. */
    static const char head[] =
        "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":"
        "\"breast_cancer\",\"digest\":{\"sha256\":\"01080f";
    CHECK(strncmp(payload, head, strlen(head)) == 0);
    CHECK(strstr(payload, "\"predicateType\":\"https://zkprov.dev/dataset-certificate/v1\"") != NULL);
    CHECK(strstr(payload, "\"issued_at\":\"2026-05-28T20:26:40Z\"") != NULL);
    free(payload);
    zp_cert_info_clear(&ci);
    CHECK(ci.subject_name == NULL && ci.n_attrs == 0);
    /* No expiry, no attributes. */
    r.has_expiry = 0;
    r.n_attrs = 0;
    char *c2 = NULL;
    size_t l2;
    CHECK_OK(zp_cert_issue(&c2, &l2, err, &r, sk));
    CHECK_OK(zp_cert_verify(&ci, err, c2, l2, pk, INT64_C(253402300000)));
    CHECK(!ci.has_expiry && ci.n_attrs == 0);
    zp_cert_info_clear(&ci);
    free(c2);
    free(cert);
    zp_memzero(sk, sizeof sk);
}

/* Finds the JSON string value of member "name" in text; returns its start
 * and sets *n to its length. */
static size_t find_str(const char *text, const char *name, size_t *n) {
    char key[64];
    snprintf(key, sizeof key, "\"%s\":\"", name);
    const char *p = strstr(text, key);
    if (!p) return 0;
    p += strlen(key);
    const char *q = strchr(p, '"');
    *n = (size_t)(q - p);
    return (size_t)(p - text);
}

TEST(every_changed_byte_of_payload_and_sig_is_rejected) {
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
    uint8_t pk[32], sk[64];
    CHECK_OK(zp_auth_keypair(pk, sk));
    size_t len;
    char *cert = issue_sample(&len, sk);
    char *copy = malloc(len);
    const char *fields[] = {"payload", "sig", "keyid", "payloadType"};
    char err[ZP_CERT_ERR_BYTES];
    size_t tried = 0, accepted = 0, wrong_code = 0;
    for (int f = 0; f < 4; f++) {
        size_t n = 0, off = find_str(cert, fields[f], &n);
        CHECK(off > 0 && n > 0);
        for (size_t i = off; i < off + n; i++) {
            /* Two replacements per position: a bit flip and a random
             * different character of the base64 alphabet. */
            char alt[2];
            alt[0] = (char)(cert[i] ^ 1);
            do alt[1] = b64[test_rand_u64() % 65]; while (alt[1] == cert[i]);
            for (int k = 0; k < 2; k++) {
                memcpy(copy, cert, len);
                copy[i] = alt[k];
                zp_err e = verify_text(copy, len, pk, NOW, err);
                tried++;
                if (e == ZP_OK) accepted++;
                else if (e != ZP_ERR_PARSE && e != ZP_ERR_VERIFY) wrong_code++;
            }
        }
    }
    CHECK(tried > 2 * 700);
    CHECK(accepted == 0);
    CHECK(wrong_code == 0);
    /* The unmodified copy still verifies (the loop above did not pass by
     * rejecting everything). */
    memcpy(copy, cert, len);
    CHECK_OK(verify_text(copy, len, pk, NOW, err));
    free(copy);
    free(cert);
}

TEST(wrong_key_is_rejected) {
    uint8_t pk[32], sk[64], pk2[32], sk2[64];
    CHECK_OK(zp_auth_keypair(pk, sk));
    CHECK_OK(zp_auth_keypair(pk2, sk2));
    size_t len;
    char *cert = issue_sample(&len, sk);
    char err[ZP_CERT_ERR_BYTES] = "";
    CHECK(verify_text(cert, len, pk2, NOW, err) == ZP_ERR_VERIFY);
    CHECK(strstr(err, "wrong authority key") != NULL);
    /* Same keyid claimed, but signed by another key: keyid is only a hint. */
    char *forged = NULL;
    size_t fl;
    zp_cert_request r = sample_request();
    CHECK_OK(zp_cert_issue(&forged, &fl, err, &r, sk2));
    uint8_t kid[32], kid2[32];
    char h[65], h2[65];
    zp_auth_key_id(kid, pk);
    zp_auth_key_id(kid2, pk2);
    sodium_bin2hex(h, sizeof h, kid, 32);
    sodium_bin2hex(h2, sizeof h2, kid2, 32);
    char *p;
    while ((p = strstr(forged, h2))) memcpy(p, h, 64); /* the keyid */
    CHECK(verify_text(forged, fl, pk, NOW, err) == ZP_ERR_VERIFY);
    CHECK(strstr(err, "bad signature") != NULL);
    /* A signature without keyid is tried (DSSE allows it). */
    char *nokid = NULL;
    size_t nl;
    char *payload = open_payload(cert, len, pk);
    CHECK_OK(zp_dsse_sign(&nokid, &nl, ZP_CERT_PAYLOAD_TYPE, (const uint8_t *)payload,
                          strlen(payload), sk));
    char *k = strstr(nokid, "{\"keyid\":\"");
    CHECK(k != NULL);
    if (k) memmove(k + 1, k + 1 + 75, strlen(k + 1 + 75) + 1); /* drop "keyid":"...", */
    CHECK_OK(verify_text(nokid, strlen(nokid), pk, NOW, err));
    CHECK(verify_text(nokid, strlen(nokid), pk2, NOW, err) == ZP_ERR_VERIFY);
    free(payload);
    free(nokid);
    free(forged);
    free(cert);
}

TEST(expiry_and_issue_time_are_enforced) {
    uint8_t pk[32], sk[64];
    CHECK_OK(zp_auth_keypair(pk, sk));
    size_t len;
    char *cert = issue_sample(&len, sk);
    zp_cert_request r = sample_request();
    char err[ZP_CERT_ERR_BYTES] = "";
    CHECK_OK(verify_text(cert, len, pk, r.expires_at - 1, err));
    CHECK(verify_text(cert, len, pk, r.expires_at, err) == ZP_ERR_VERIFY);
    CHECK(strstr(err, "expired") != NULL);
    CHECK(verify_text(cert, len, pk, r.expires_at + 86400 * 1000, err) == ZP_ERR_VERIFY);
    CHECK_OK(verify_text(cert, len, pk, NOW - ZP_CERT_CLOCK_SKEW, err));
    CHECK(verify_text(cert, len, pk, NOW - ZP_CERT_CLOCK_SKEW - 1, err) == ZP_ERR_VERIFY);
    CHECK(strstr(err, "not yet valid") != NULL);
    /* The issuer refuses an expiry that is not after the issue time. */
    r.expires_at = r.issued_at;
    char *c2 = NULL;
    size_t l2;
    CHECK(zp_cert_issue(&c2, &l2, err, &r, sk) == ZP_ERR_ARG && c2 == NULL);
    free(cert);
}

/* Re-signs the sample statement after edit() changes it. */
static char *resign(const uint8_t sk[64], const uint8_t pk[32], const char *type,
                    void (*edit)(cJSON *, int), int arg) {
    size_t len;
    char *cert = issue_sample(&len, sk);
    char *payload = open_payload(cert, len, pk);
    cJSON *root = cJSON_Parse(payload);
    edit(root, arg);
    char *txt = cJSON_PrintUnformatted(root);
    char *out = NULL;
    size_t ol;
    CHECK_OK(zp_dsse_sign(&out, &ol, type, (const uint8_t *)txt, strlen(txt), sk));
    cJSON_free(txt);
    cJSON_Delete(root);
    free(payload);
    free(cert);
    return out;
}

static const char *const pred_members[] = {"records", "schema", "schema_digest", "license",
                                           "source", "attributes", "authority_key_id",
                                           "issued_at", "expires_at"};
static void drop_pred(cJSON *root, int i) {
    cJSON_DeleteItemFromObjectCaseSensitive(cJSON_GetObjectItem(root, "predicate"),
                                            pred_members[i]);
}
static const char *const top_members[] = {"_type", "subject", "predicateType", "predicate"};
static void drop_top(cJSON *root, int i) {
    cJSON_DeleteItemFromObjectCaseSensitive(root, top_members[i]);
}
static void bad_value(cJSON *root, int i) {
    cJSON *pr = cJSON_GetObjectItem(root, "predicate");
    switch (i) {
    case 0: cJSON_ReplaceItemInObject(root, "_type", cJSON_CreateString("https://in-toto.io/Statement/v0.1")); break;
    case 1: cJSON_ReplaceItemInObject(root, "predicateType", cJSON_CreateString("https://slsa.dev/provenance/v1")); break;
    case 2: cJSON_ReplaceItemInObject(pr, "records", cJSON_CreateNumber(0)); break;
    case 3: cJSON_ReplaceItemInObject(pr, "records", cJSON_CreateNumber(1.5)); break;
    case 4: cJSON_ReplaceItemInObject(pr, "records", cJSON_CreateString("569")); break;
    case 5: cJSON_ReplaceItemInObject(pr, "license", cJSON_CreateString("MIT;rm")); break;
    case 6: cJSON_ReplaceItemInObject(pr, "issued_at", cJSON_CreateString("2026-02-30T00:00:00Z")); break;
    case 7: cJSON_ReplaceItemInObject(pr, "schema_digest", cJSON_CreateString("ABCD")); break;
    case 8: cJSON_AddStringToObject(pr, "extra", "x"); break;
    case 9: cJSON_AddItemToArray(cJSON_GetObjectItem(root, "subject"), cJSON_CreateObject()); break;
    case 10: cJSON_ReplaceItemInObject(pr, "source", cJSON_CreateString("a\x01" "b")); break;
    case 11: cJSON_AddNumberToObject(cJSON_GetObjectItem(pr, "attributes"), "n", 1); break;
    case 12: cJSON_ReplaceItemInObject(pr, "expires_at", cJSON_CreateString("2020-01-01T00:00:00Z")); break;
    case 13: cJSON_ReplaceItemInObject(pr, "schema", cJSON_CreateArray()); break;
    default: break;
    }
}

TEST(malformed_certificates_are_rejected) {
    uint8_t pk[32], sk[64];
    CHECK_OK(zp_auth_keypair(pk, sk));
    char err[ZP_CERT_ERR_BYTES];
    /* Each predicate member removed (expires_at is optional). */
    for (int i = 0; i < 9; i++) {
        char *c = resign(sk, pk, ZP_CERT_PAYLOAD_TYPE, drop_pred, i);
        zp_err e = verify_text(c, strlen(c), pk, NOW, err);
        CHECK(i == 8 ? e == ZP_OK : e == ZP_ERR_PARSE);
        free(c);
    }
    for (int i = 0; i < 4; i++) {
        char *c = resign(sk, pk, ZP_CERT_PAYLOAD_TYPE, drop_top, i);
        CHECK(verify_text(c, strlen(c), pk, NOW, err) == ZP_ERR_PARSE);
        free(c);
    }
    for (int i = 0; i < 14; i++) {
        char *c = resign(sk, pk, ZP_CERT_PAYLOAD_TYPE, bad_value, i);
        CHECK(verify_text(c, strlen(c), pk, NOW, err) == ZP_ERR_PARSE);
        if (i == 0) CHECK(strstr(err, "_type") != NULL);
        if (i == 1) CHECK(strstr(err, "predicateType") != NULL);
        free(c);
    }
    /* Wrong payloadType (validly signed under that type). */
    char *c = resign(sk, pk, "application/json", bad_value, -1);
    CHECK(verify_text(c, strlen(c), pk, NOW, err) == ZP_ERR_PARSE);
    CHECK(strstr(err, "payloadType") != NULL);
    free(c);
    /* Envelope-level damage: every prefix, plus hand-made variants. */
    size_t len;
    char *cert = issue_sample(&len, sk);
    for (size_t n = 0; n < len - 1; n++) CHECK(verify_text(cert, n, pk, NOW, err) == ZP_ERR_PARSE);
    const char *variants[] = {
        "", "null", "[]", "{}", "\"x\"", "{\"payloadType\":1}",
        "{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\"\",\"signatures\":[]}",
        "{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\"e30=\",\"signatures\":[]}",
        "{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\"e30=\","
        "\"signatures\":[{\"sig\":\"AAAA\"}]}",
        "{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\"e30\","
        "\"signatures\":[{\"sig\":\"AAAA\"}]}",
        "{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\"e30=\","
        "\"signatures\":[7]}",
        "{\"a\":", "{\"payload\":\"x\",\"payload\":\"y\"}", "\xff\xfe", "{\"payloadType\":\"\\ud800\"}",
    };
    for (size_t i = 0; i < sizeof variants / sizeof *variants; i++)
        CHECK(verify_text(variants[i], strlen(variants[i]), pk, NOW, err) == ZP_ERR_PARSE);
    /* Trailing garbage, a NUL byte, a duplicated member, an extra member. */
    char *buf = malloc(len + 64);
    memcpy(buf, cert, len);
    memcpy(buf + len, "x", 1);
    CHECK(verify_text(buf, len + 1, pk, NOW, err) == ZP_ERR_PARSE);
    memcpy(buf, cert, len);
    buf[len - 1] = 0;
    CHECK(verify_text(buf, len, pk, NOW, err) == ZP_ERR_PARSE);
    buf[len - 1] = ' '; /* trailing whitespace is fine */
    CHECK_OK(verify_text(buf, len, pk, NOW, err));
    snprintf(buf, len + 64, "{\"payloadType\":\"x\",%s", cert + 1);
    CHECK(verify_text(buf, strlen(buf), pk, NOW, err) == ZP_ERR_PARSE);
    CHECK(strstr(err, "duplicate") != NULL);
    snprintf(buf, len + 64, "{\"note\":\"x\",%s", cert + 1);
    CHECK(verify_text(buf, strlen(buf), pk, NOW, err) == ZP_ERR_PARSE);
    /* Random byte garbage never crashes and never verifies. */
    for (int it = 0; it < 200; it++) {
        size_t n = (size_t)(test_rand_u64() % len);
        memcpy(buf, cert, len);
        for (int k = 0; k < 3; k++) buf[test_rand_u64() % len] = (char)test_rand_u64();
        CHECK(verify_text(buf, n + 1, pk, NOW, err) != ZP_OK);
    }
    free(buf);
    free(cert);
}

TEST(issue_validates_request) {
    uint8_t pk[32], sk[64];
    CHECK_OK(zp_auth_keypair(pk, sk));
    char err[ZP_CERT_ERR_BYTES], *c = NULL;
    size_t l;
    zp_cert_request r = sample_request();
    const char *dk[] = {"a", "a"}, *dv[] = {"1", "2"};
    r.attr_keys = dk;
    r.attr_values = dv;
    CHECK(zp_cert_issue(&c, &l, err, &r, sk) == ZP_ERR_ARG && strstr(err, "duplicate"));
    const char *bk[] = {"a b"}, *bv[] = {"x\ny"}, *ok[] = {"k"};
    r.n_attrs = 1;
    r.attr_keys = bk;
    r.attr_values = dv;
    CHECK(zp_cert_issue(&c, &l, err, &r, sk) == ZP_ERR_ARG);
    r.attr_keys = ok;
    r.attr_values = bv;
    CHECK(zp_cert_issue(&c, &l, err, &r, sk) == ZP_ERR_ARG);
    r = sample_request();
    r.license = "MIT License";
    CHECK(zp_cert_issue(&c, &l, err, &r, sk) == ZP_ERR_ARG);
    r = sample_request();
    r.schema_json = "[1]";
    CHECK(zp_cert_issue(&c, &l, err, &r, sk) == ZP_ERR_ARG);
    r = sample_request();
    r.records = 0;
    CHECK(zp_cert_issue(&c, &l, err, &r, sk) == ZP_ERR_ARG);
    r = sample_request();
    r.source = "";
    CHECK(zp_cert_issue(&c, &l, err, &r, sk) == ZP_ERR_ARG);
    r = sample_request();
    uint8_t bad[64];
    memcpy(bad, sk, 64);
    bad[40] ^= 1; /* public half no longer matches the seed */
    CHECK(zp_cert_issue(&c, &l, err, &r, bad) == ZP_ERR_ARG);
    CHECK(c == NULL);
}

TEST(license_syntax) {
    const char *good[] = {"MIT", "Apache-2.0", "GPL-2.0+", "CC-BY-4.0", "LicenseRef-hospital-1",
                          "MIT OR Apache-2.0", "GPL-2.0-only WITH Classpath-exception-2.0"};
    const char *bad[] = {"", "MIT ", " MIT", "MIT  OR Apache-2.0", "MIT OR", "OR", "MIT AND",
                         "MIT/X11", "MIT Apache-2.0", "Apache_2.0",
                         "A123456789012345678901234567890123456789012345678901234567890123456789"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) CHECK_OK(zp_cert_license_check(good[i]));
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        CHECK(zp_cert_license_check(bad[i]) == ZP_ERR_ARG);
    CHECK(zp_cert_license_known("CC-BY-4.0") && zp_cert_license_known("MIT"));
    CHECK(!zp_cert_license_known("LicenseRef-x") && !zp_cert_license_known("mit"));
}

TEST(rfc3339_times) {
    int64_t t;
    CHECK_OK(zp_time_parse_rfc3339(&t, "1970-01-01T00:00:00Z", 0));
    CHECK(t == 0);
    CHECK_OK(zp_time_parse_rfc3339(&t, "2000-03-01T00:00:00Z", 0));
    CHECK(t == 951868800);
    CHECK_OK(zp_time_parse_rfc3339(&t, "2026-05-28T20:26:40Z", 0));
    CHECK(t == NOW);
    CHECK_OK(zp_time_parse_rfc3339(&t, "2026-05-28T22:26:40.123+02:00", 0));
    CHECK(t == NOW);
    CHECK_OK(zp_time_parse_rfc3339(&t, "2026-05-28t15:26:40-05:00", 0));
    CHECK(t == NOW);
    CHECK_OK(zp_time_parse_rfc3339(&t, "2024-02-29", 1));
    CHECK(t == 1709164800);
    const char *bad[] = {"2024-02-29", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
                         "2026-04-31T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T00:00:00",
                         "2026-01-01T00:00:00Zx", "1969-12-31T23:59:59Z", "2026-1-01T00:00:00Z",
                         "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00+0100", ""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        CHECK(zp_time_parse_rfc3339(&t, bad[i], 0) == ZP_ERR_PARSE);
    CHECK(zp_time_parse_rfc3339(&t, "2024-02-30", 1) == ZP_ERR_PARSE);
    char s[21];
    for (int i = 0; i < 2000; i++) {
        int64_t x = (int64_t)(test_rand_u64() % UINT64_C(253402300800));
        CHECK_OK(zp_time_format_rfc3339(s, x));
        int64_t y = -1;
        CHECK_OK(zp_time_parse_rfc3339(&y, s, 0));
        CHECK(x == y);
    }
    CHECK_OK(zp_time_format_rfc3339(s, 951868800));
    CHECK(!strcmp(s, "2000-03-01T00:00:00Z"));
    CHECK(zp_time_format_rfc3339(s, -1) == ZP_ERR_ARG);
    CHECK(zp_time_format_rfc3339(s, INT64_C(253402300800)) == ZP_ERR_ARG);
}

/* Replaces the first occurrence of from with to in s (same length or not). */
static char *subst(const char *s, const char *from, const char *to) {
    const char *p = strstr(s, from);
    if (!p) return NULL;
    size_t n = strlen(s) - strlen(from) + strlen(to) + 1;
    char *o = malloc(n);
    snprintf(o, n, "%.*s%s%s", (int)(p - s), s, to, p + strlen(from));
    return o;
}

TEST(key_files_round_trip_and_reject_bad_input) {
    uint8_t pk[32], sk[64], pk2[32], sk2[64];
    CHECK_OK(zp_auth_keypair(pk, sk));
    char *sj = NULL, *pj = NULL, err[ZP_CERT_ERR_BYTES];
    size_t sl, pl;
    CHECK_OK(zp_auth_secret_to_json(&sj, &sl, sk));
    CHECK_OK(zp_auth_public_to_json(&pj, &pl, pk));
    CHECK(strstr(sj, "\"type\":\"zkprov/ed25519-secret-key\",\"version\":1,\"key_id\":\"") == sj + 1);
    CHECK_OK(zp_auth_secret_parse(sk2, err, sj, sl));
    CHECK(!memcmp(sk, sk2, 64));
    CHECK_OK(zp_auth_public_parse(pk2, err, pj, pl));
    CHECK(!memcmp(pk, pk2, 32));
    /* A secret file is not a public file and vice versa. */
    CHECK(zp_auth_public_parse(pk2, err, sj, sl) == ZP_ERR_PARSE);
    CHECK(zp_auth_secret_parse(sk2, err, pj, pl) == ZP_ERR_PARSE);
    for (int i = 0; i < 64; i++) CHECK(sk2[i] == 0); /* zeroed on failure */
    /* Edits that must be rejected. */
    uint8_t kid[32];
    zp_auth_key_id(kid, pk);
    char idh[65], other[65];
    sodium_bin2hex(idh, sizeof idh, kid, 32);
    memcpy(other, idh, 65);
    other[0] = other[0] == '0' ? '1' : '0';
    struct { const char *from, *to; } edits[] = {
        {"ed25519-secret-key", "ed25519-secret-kez"},
        {"\"version\":1", "\"version\":2"},
        {"\"version\":1", "\"version\":\"1\""},
        {idh, other},
        {"\"key_id\"", "\"keyid\""},
        {"{", "{\"extra\":1,"},
        {"{", "{\"type\":\"zkprov/ed25519-secret-key\","},
    };
    for (size_t i = 0; i < sizeof edits / sizeof *edits; i++) {
        char *s = subst(sj, edits[i].from, edits[i].to);
        CHECK(s != NULL);
        if (s) CHECK(zp_auth_secret_parse(sk2, err, s, strlen(s)) == ZP_ERR_PARSE);
        free(s);
        char *p = subst(pj, edits[i].from, edits[i].to);
        if (p && i != 0 && i != 6) CHECK(zp_auth_public_parse(pk2, err, p, strlen(p)) == ZP_ERR_PARSE);
        free(p);
    }
    /* Wrong lengths: a 32-byte "secret", a 64-byte "public" key, and a
     * secret whose public half does not match its seed. */
    char b64[100];
    size_t off, n;
    off = find_str(sj, "secret_key", &n);
    sodium_bin2base64(b64, sizeof b64, sk, 32, sodium_base64_VARIANT_ORIGINAL);
    char *s = subst(sj, "\"secret_key\":\"", "\"secret_key\":\"X");
    CHECK(s && zp_auth_secret_parse(sk2, err, s, strlen(s)) == ZP_ERR_PARSE); /* bad base64 */
    free(s);
    char *tmp = malloc(sl + 8);
    snprintf(tmp, sl + 8, "%.*s%s\"}\n", (int)off, sj, b64);
    CHECK(zp_auth_secret_parse(sk2, err, tmp, strlen(tmp)) == ZP_ERR_PARSE);
    uint8_t sk_bad[64];
    memcpy(sk_bad, sk, 64);
    sk_bad[63] ^= 0x40;
    sodium_bin2base64(b64, sizeof b64, sk_bad, 64, sodium_base64_VARIANT_ORIGINAL);
    snprintf(tmp, sl + 8, "%.*s%s\"}\n", (int)off, sj, b64);
    CHECK(zp_auth_secret_parse(sk2, err, tmp, strlen(tmp)) == ZP_ERR_PARSE);
    CHECK(strstr(err, "seed") != NULL);
    free(tmp);
    off = find_str(pj, "public_key", &n);
    tmp = malloc(pl + 64);
    sodium_bin2base64(b64, sizeof b64, sk, 64, sodium_base64_VARIANT_ORIGINAL);
    snprintf(tmp, pl + 64, "%.*s%s\"}\n", (int)off, pj, b64);
    CHECK(zp_auth_public_parse(pk2, err, tmp, strlen(tmp)) == ZP_ERR_PARSE);
    /* A small-order point (the identity) with a matching key id. */
    uint8_t ident[32] = {1}, iid[32];
    char ih[65];
    zp_auth_key_id(iid, ident);
    sodium_bin2hex(ih, sizeof ih, iid, 32);
    sodium_bin2base64(b64, sizeof b64, ident, 32, sodium_base64_VARIANT_ORIGINAL);
    snprintf(tmp, pl + 64,
             "{\"type\":\"zkprov/ed25519-public-key\",\"version\":1,\"key_id\":\"%s\","
             "\"public_key\":\"%s\"}", ih, b64);
    CHECK(zp_auth_public_parse(pk2, err, tmp, strlen(tmp)) == ZP_ERR_PARSE);
    free(tmp);
    for (size_t k = 0; k + 1 < sl; k += 7) CHECK(zp_auth_secret_parse(sk2, err, sj, k) == ZP_ERR_PARSE);
    sodium_memzero(sj, sl);
    free(sj);
    free(pj);
}

TEST(keygen_files_modes_and_overwrite) {
    char dir[] = "/tmp/zp_cert_XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char base[64], kp[80], pp[80], err[ZP_CERT_ERR_BYTES];
    snprintf(base, sizeof base, "%s/auth", dir);
    snprintf(kp, sizeof kp, "%s.key", base);
    snprintf(pp, sizeof pp, "%s.pub", base);
    uint8_t pk[32], pk2[32], sk[64], lpk[32];
    CHECK_OK(zp_auth_keygen_files(pk, err, base, 0));
    struct stat st;
    CHECK(stat(kp, &st) == 0 && (st.st_mode & 0777) == 0600);
    CHECK_OK(zp_auth_secret_load(sk, err, kp));
    CHECK_OK(zp_auth_public_load(lpk, err, pp));
    CHECK(!memcmp(sk + 32, pk, 32) && !memcmp(lpk, pk, 32));
    CHECK(zp_auth_keygen_files(pk2, err, base, 0) == ZP_ERR_ARG);
    CHECK(strstr(err, "exists") != NULL);
    CHECK_OK(zp_auth_public_load(lpk, err, pp));
    CHECK(!memcmp(lpk, pk, 32)); /* untouched */
    CHECK_OK(zp_auth_keygen_files(pk2, err, base, 1));
    CHECK(memcmp(pk, pk2, 32) != 0);
    CHECK(stat(kp, &st) == 0 && (st.st_mode & 0777) == 0600);
    CHECK_OK(zp_auth_public_load(lpk, err, pp));
    CHECK(!memcmp(lpk, pk2, 32));
    char missing[96];
    snprintf(missing, sizeof missing, "%s/none.pub", dir);
    CHECK(zp_auth_public_load(lpk, err, missing) == ZP_ERR_IO);
    unlink(kp);
    unlink(pp);
    CHECK(rmdir(dir) == 0); /* no temporary files left behind */
    zp_memzero(sk, sizeof sk);
}

TEST(check_commit_compares_digest_records_schema) {
    uint8_t pk[32], sk[64];
    CHECK_OK(zp_auth_keypair(pk, sk));
    size_t len;
    char *cert = issue_sample(&len, sk);
    zp_cert_info ci;
    char err[ZP_CERT_ERR_BYTES];
    CHECK_OK(zp_cert_verify(&ci, err, cert, len, pk, NOW));
    zp_cert_request r = sample_request();
    zp_dataset_commit c;
    memset(&c, 0, sizeof c);
    c.n_records = r.records;
    c.digest = r.dataset_digest;
    c.schema_digest = r.schema_digest;
    char derr[ZP_DS_ERR_BYTES] = "";
    CHECK_OK(zp_ds_schema_parse(&c.schema, derr, schema_txt, strlen(schema_txt)));
    if (derr[0]) fprintf(stderr, "  %s\n", derr);
    CHECK_OK(zp_cert_check_commit(err, &ci, &c));
    /* A different schema object with the same (claimed) digest. */
    zp_ds_schema *other = NULL, *mine = c.schema;
    static const char other_txt[] =
        "{\"columns\":[{\"bound\":100001,\"count\":1,\"name\":\"radius\",\"scale\":8}],"
        "\"format\":\"csv\",\"label\":{\"bound\":1,\"name\":\"diagnosis\"},"
        "\"type\":\"zkprov/dataset-schema\",\"version\":1}";
    CHECK_OK(zp_ds_schema_parse(&other, derr, other_txt, strlen(other_txt)));
    c.schema = other;
    CHECK(zp_cert_check_commit(err, &ci, &c) == ZP_ERR_VERIFY);
    c.schema = mine;
    zp_ds_schema_free(other);
    c.digest.b[5] ^= 1;
    CHECK(zp_cert_check_commit(err, &ci, &c) == ZP_ERR_VERIFY);
    c.digest.b[5] ^= 1;
    c.n_records++;
    CHECK(zp_cert_check_commit(err, &ci, &c) == ZP_ERR_VERIFY);
    c.n_records--;
    c.schema_digest.b[31] ^= 0x80;
    CHECK(zp_cert_check_commit(err, &ci, &c) == ZP_ERR_VERIFY);
    zp_ds_schema_free(c.schema);
    zp_cert_info_clear(&ci);
    free(cert);
}

TEST(fast_base64_decoder_agrees_with_libsodium) {
    static const char alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ ";
    uint8_t in[80], a[80], b[80];
    char enc[128];
    size_t mismatches = 0, accepted = 0, rejected = 0;
    for (int it = 0; it < 4000; it++) {
        size_t n = (size_t)(test_rand_u64() % 70);
        zp_rng_bytes(test_rng(), in, n);
        sodium_bin2base64(enc, sizeof enc, in, n, sodium_base64_VARIANT_ORIGINAL);
        size_t el = strlen(enc);
        if (it % 2 && el) { /* mutate one or two characters */
            for (int k = 0; k < 1 + it % 3 / 2; k++)
                enc[test_rand_u64() % el] = alpha[test_rand_u64() % (sizeof alpha - 1)];
        }
        size_t la = 0, lb = 0;
        zp_err ea = zp_cert_b64_decode_var(a, sizeof a, &la, enc, el);
        zp_err eb = zp_cert_b64_decode(b, sizeof b, &lb, enc, el);
        if (ea != eb || la != lb || (ea == ZP_OK && memcmp(a, b, la))) mismatches++;
        if (ea == ZP_OK) accepted++;
        else rejected++;
        if (!(it % 2) && n) CHECK(ea == ZP_OK && la == n && !memcmp(a, in, n));
    }
    CHECK(mismatches == 0);
    CHECK(accepted > 1000 && rejected > 100);
    /* Non-canonical padding bits and misplaced padding. */
    size_t l;
    CHECK(zp_cert_b64_decode_var(a, sizeof a, &l, "aGk=", 4) == ZP_OK && l == 2);
    CHECK(zp_cert_b64_decode_var(a, sizeof a, &l, "aGl=", 4) == ZP_ERR_PARSE);
    CHECK(zp_cert_b64_decode_var(a, sizeof a, &l, "aQ==", 4) == ZP_OK && l == 1);
    CHECK(zp_cert_b64_decode_var(a, sizeof a, &l, "aR==", 4) == ZP_ERR_PARSE);
    CHECK(zp_cert_b64_decode_var(a, sizeof a, &l, "a===", 4) == ZP_ERR_PARSE);
    CHECK(zp_cert_b64_decode_var(a, sizeof a, &l, "=aGk", 4) == ZP_ERR_PARSE);
    CHECK(zp_cert_b64_decode_var(a, sizeof a, &l, "aQ==aGk=", 8) == ZP_ERR_PARSE);
    CHECK(zp_cert_b64_decode_var(a, 1, &l, "aGk=", 4) == ZP_ERR_PARSE); /* capacity */
}

TEST(json_printer_round_trips) {
    static const char *docs[] = {
        "{\"a\":[1,-2,9007199254740991,-9007199254740991,0.5,1e300],\"b\":{\"c\":\"q\\\"\\\\\\u0001x\"},"
        "\"t\":true,\"f\":false,\"n\":null,\"u\":\"\xc3\xa9\",\"e\":{},\"z\":[]}",
        schema_txt,
    };
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
        cJSON *j = cJSON_Parse(docs[i]);
        CHECK(j != NULL);
        char *s = zp_cert_json_print(j);
        CHECK(s != NULL);
        cJSON *k = s ? cJSON_Parse(s) : NULL;
        CHECK(k != NULL && cJSON_Compare(j, k, 1));
        if (i == 1) CHECK(s && !strcmp(s, schema_txt));
        if (i == 0) CHECK(s && strstr(s, "9007199254740991,-9007199254740991,0.5,") != NULL);
        cJSON_Delete(k);
        cJSON_Delete(j);
        free(s);
    }
}

/* ---- the one-pass reader of the compact form against the cJSON reader ---- */

static int same_str(const char *a, const char *b) {
    return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Verifies text with both readers; checks that result, message and every
 * output field agree.  Returns the fast reader's path bits (see
 * zp_cert_verify_impl) and the result in *res. */
static int both_readers(const char *text, size_t len, const uint8_t pk[32], int64_t now,
                        zp_err *res) {
    zp_cert_info a, b;
    char ea[ZP_CERT_ERR_BYTES] = "", eb[ZP_CERT_ERR_BYTES] = "";
    int fa = -1, fb = -1;
    zp_err ra = zp_cert_verify_impl(&a, ea, text, len, pk, now, 0, &fa);
    zp_err rb = zp_cert_verify_impl(&b, eb, text, len, pk, now, 1, &fb);
    int same = ra == rb && fb == 0;
    if (ra != ZP_OK) same = same && !strcmp(ea, eb);
    same = same && same_str(a.subject_name, b.subject_name) &&
           same_str(a.schema_json, b.schema_json) && same_str(a.license, b.license) &&
           same_str(a.source, b.source) && a.n_attrs == b.n_attrs && a.records == b.records &&
           !memcmp(a.dataset_digest.b, b.dataset_digest.b, 32) &&
           !memcmp(a.schema_digest.b, b.schema_digest.b, 32) &&
           !memcmp(a.payload_digest.b, b.payload_digest.b, 32) &&
           !memcmp(a.authority_key_id, b.authority_key_id, 32) && a.issued_at == b.issued_at &&
           a.has_expiry == b.has_expiry && a.expires_at == b.expires_at;
    for (size_t i = 0; same && i < a.n_attrs; i++)
        same = same_str(a.attr_keys[i], b.attr_keys[i]) &&
               same_str(a.attr_values[i], b.attr_values[i]);
    CHECK(same);
    if (!same)
        fprintf(stderr, "  readers differ: %d \"%s\" / %d \"%s\" on %.300s\n", (int)ra, ea,
                (int)rb, eb, text);
    zp_cert_info_clear(&a);
    zp_cert_info_clear(&b);
    *res = ra;
    return fa;
}

/* Signs payload text and runs both readers on the envelope. */
static int both_on_payload(const char *payload, size_t plen, const uint8_t sk[64],
                           const uint8_t pk[32], zp_err *res) {
    char *env = NULL;
    size_t el = 0;
    CHECK_OK(zp_dsse_sign(&env, &el, ZP_CERT_PAYLOAD_TYPE, (const uint8_t *)payload, plen, sk));
    int f = env ? both_readers(env, el, pk, NOW, res) : 0;
    free(env);
    return f;
}

/* s with the first occurrence of from replaced by to (malloc'ed). */
static char *replace1(const char *s, const char *from, const char *to) {
    const char *p = strstr(s, from);
    CHECK(p != NULL);
    if (!p) p = s + strlen(s), from = "";
    size_t a = (size_t)(p - s), fl = strlen(from), tl = strlen(to), n = strlen(s);
    char *r = malloc(n - fl + tl + 1);
    memcpy(r, s, a);
    memcpy(r + a, to, tl);
    memcpy(r + a + tl, p + fl, n - a - fl + 1);
    return r;
}

TEST(fast_reader_reads_what_issue_writes) {
    uint8_t pk[32], sk[64];
    CHECK_OK(zp_auth_keypair(pk, sk));
    zp_cert_request r = sample_request();
    char err[ZP_CERT_ERR_BYTES];
    for (int v = 0; v < 3; v++) {
        if (v == 1) r.has_expiry = 0, r.n_attrs = 0;
        if (v == 2) r.license = "MIT OR Apache-2.0", r.source = "\xe2\x80\x9cquoted\xe2\x80\x9d";
        char *cert = NULL;
        size_t len = 0;
        CHECK_OK(zp_cert_issue(&cert, &len, err, &r, sk));
        zp_err e;
        CHECK(both_readers(cert, len, pk, NOW, &e) == 3 && e == ZP_OK);
        /* Rejections (expired, wrong key) come out the same from both. */
        CHECK(both_readers(cert, len, pk, INT64_C(253402300000), &e) == 3);
        CHECK(v >= 1 ? e == ZP_OK : e == ZP_ERR_VERIFY); /* v >= 1: no expiry */
        uint8_t pk2[32], sk2[64];
        CHECK_OK(zp_auth_keypair(pk2, sk2));
        both_readers(cert, len, pk2, NOW, &e);
        CHECK(e == ZP_ERR_VERIFY);
        free(cert);
    }
}

TEST(fast_and_reference_readers_agree_on_statements) {
    uint8_t pk[32], sk[64], pk2[32], sk2[64];
    CHECK_OK(zp_auth_keypair(pk, sk));
    CHECK_OK(zp_auth_keypair(pk2, sk2));
    size_t len;
    char *cert = issue_sample(&len, sk);
    char *st = open_payload(cert, len, pk);
    uint8_t kid2[32];
    char kh[65], kh2[65];
    zp_auth_key_id(kid2, pk2);
    sodium_bin2hex(kh2, sizeof kh2, kid2, 32);
    size_t kn;
    size_t koff = find_str(st, "authority_key_id", &kn);
    CHECK(koff > 0 && kn == 64);
    memcpy(kh, st + koff, 64);
    kh[64] = 0;
    /* {from, to, 1 if the result is still accepted} */
    const char *const edits[][3] = {
        {"", "", "F"},
        {"\"records\":569", "\"records\":569.0", "1"},
        {"\"records\":569", "\"records\":5.69e2", "1"},
        {"\"records\":569", "\"records\":0569", "1"},
        {"\"records\":569", "\"records\":-569", "0"},
        {"\"records\":569", "\"records\":0", "0"},
        {"\"records\":569", "\"records\":9007199254740991", "F"},
        {"\"records\":569", "\"records\":9007199254740992", "0"},
        {"\"records\":569", "\"records\":1e400", "0"},
        {"\"records\":569", "\"records\" : 569", "1"},
        {"\"bound\":100000", "\"bound\":1e5", "1"},
        {"\"bound\":100000", "\"bound\":-0", "1"},
        {"\"bound\":100000", "\"bound\":-7", "F"},
        {"\"bound\":100000", "\"bound\":100000.5", "1"},
        {"\"bound\":100000", "\"bound\":9007199254740993", "1"},
        {"\"bound\":100000", "\"bound\":-9007199254740991", "F"},
        {"\"bound\":100000", "\"bound\":[true,false,null,[],{},\"\"]", "F"},
        {"\"bound\":100000", "\"bound\":tru", "0"},
        {"\"bound\":100000", "\"bound\":01", "1"},
        {"\"bound\":100000", "\"bound\":1,\"bound\":2", "0"},
        {"\"bound\":100000", "\"bound\":\"\\u00e9\\n\"", "1"},
        {"\"bound\":100000", "\"bound\":\"\xc3\xa9\x7f\xff\"", "F"},
        {"\"bound\":100000", "\"bound\":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]", "1"},
        {"\"format\":\"csv\"", "\"format\" :\"csv\"", "1"},
        {"\"schema\":{", "\"schema\":{\"x\":1,\"x\":1,", "0"},
        {"\"schema\":{", "\"schema\":[{", "0"},
        {"breast_cancer", "breast\\u005fcancer", "1"},
        {"breast_cancer", "breast\\u0000cancer", "1"},
        {"breast_cancer", "", "0"},
        {"breast_cancer", "breast\x01" "cancer", "0"},
        {"\"name\":\"breast_cancer\"", "\"name\":\"breast_cancer\",\"name\":\"x\"", "0"},
        {"\"name\":\"breast_cancer\"", "\"name\":\"breast_cancer\",\"uri\":\"x\"", "0"},
        {"\"sha256\":\"", "\"sha512\":\"", "0"},
        {"\"sha256\":\"01", "\"sha256\":\"0A", "0"},
        {"}}],", "}},{\"name\":\"x\",\"digest\":{}}],", "0"},
        {"\"license\":\"CC-BY-4.0\"", "\"license\":\"MIT OR CC0-1.0\"", "F"},
        {"\"license\":\"CC-BY-4.0\"", "\"license\":\"CC BY\"", "0"},
        {"\"license\":\"CC-BY-4.0\"", "\"license\":\"CC-BY-4.0\",\"license\":\"MIT\"", "0"},
        {"\"license\":\"CC-BY-4.0\"", "\"license\":\"CC-BY-4.0\",\"note\":\"MIT\"", "0"},
        {"Wisconsin", "Wis\\/consin", "1"},
        {"Wisconsin", "Wis\xc0\xafonsin", "0"},
        {"Wisconsin", "Wis\x7f" "consin", "0"},
        {"\"consent\"", "\"con sent\"", "0"},
        {"\"consent\"", "\"irb\"", "0"},
        {"\"consent\"", "\"con\\u0073ent\"", "1"},
        {"\"consent\":\"broad research use\"", "\"consent\":7", "0"},
        {"\"attributes\":{\"consent\":\"broad research use\",\"irb\":\"IRB-2026-17 \xc3\xa9tude\"}",
         "\"attributes\":{}", "F"},
        {"2026-05-28T20:26:40Z", "2026-05-28T21:26:40+01:00", "F"},
        {"2026-05-28T20:26:40Z", "2026-05-28T20:26:40.123456789012345678901234567890Z", "1"},
        {"2026-05-28T20:26:40Z", "2026-05-28", "0"},
        {",\"expires_at\":\"2027-05-28T20:26:40Z\"", "", "F"},
        {"\"expires_at\":\"2027-05-28T20:26:40Z\"", "\"expires_at\":\"2026-05-28T20:26:40Z\"", "0"},
        {"{\"_type\"", "{\"_type\":\"x\",\"_type\"", "0"},
        {"{\"_type\"", " {\"_type\"", "1"},
        {"{\"_type\"", "\xef\xbb\xbf{\"_type\"", "1"},
        {"\"_type\":\"https://in-toto.io/Statement/v1\"",
         "\"_type\":\"https://in-toto.io/Statement/v1\\u0000x\"", "1"},
        {"\"predicateType\"", "\"predicateType\" ", "1"},
        {kh, kh2, "0"},
    };
    /* "F": accepted by the fast reader, "1": accepted by the reference reader
     * after the fast one declined, "0": rejected. */
    for (size_t i = 0; i < sizeof edits / sizeof *edits; i++) {
        char *t = replace1(st, edits[i][0], edits[i][1]);
        zp_err e;
        char want = edits[i][2][0];
        int f = both_on_payload(t, strlen(t), sk, pk, &e);
        if ((e == ZP_OK) != (want != '0') || ((f & 2) != 0) != (want == 'F'))
            fprintf(stderr, "  edit %zu: %d (path %d)\n", i, (int)e, f);
        CHECK((e == ZP_OK) == (want != '0'));
        CHECK(((f & 2) != 0) == (want == 'F'));
        free(t);
    }
    /* Trailing whitespace, 64 and 65 attributes, deep schemas (the printer
     * stops at depth 64). */
    size_t sl = strlen(st);
    char *big = malloc(sl + 8192);
    memcpy(big, st, sl);
    memcpy(big + sl, " \n", 3);
    zp_err e;
    both_on_payload(big, sl + 2, sk, pk, &e);
    CHECK(e == ZP_OK);
    for (int na = 64; na <= 65; na++) {
        char *a = strstr(st, "\"attributes\":{") + 14;
        size_t n = (size_t)(a - st);
        memcpy(big, st, n);
        for (int j = 0; j < na - 2; j++) n += (size_t)sprintf(big + n, "\"k%d\":\"v\",", j);
        strcpy(big + n, a);
        CHECK(both_on_payload(big, strlen(big), sk, pk, &e) == (na == 64 ? 3 : 1));
        CHECK(na == 64 ? e == ZP_OK : e == ZP_ERR_PARSE);
    }
    for (int depth = 15; depth <= 70; depth += 55) {
        char *a = strstr(st, "\"schema\":{") + 10;
        size_t n = (size_t)(a - st);
        memcpy(big, st, n);
        n += (size_t)sprintf(big + n, "\"deep\":");
        for (int j = 0; j < depth; j++) big[n++] = '[';
        for (int j = 0; j < depth; j++) big[n++] = ']';
        big[n++] = ',';
        strcpy(big + n, a);
        CHECK(both_on_payload(big, strlen(big), sk, pk, &e) == (depth == 15 ? 3 : 1));
        CHECK(depth == 15 ? e == ZP_OK : e != ZP_OK);
    }
    /* Random damage, biased to JSON's own characters. */
    static const char alpha[] = "{}[]:,\" \\0123456789-+.eEtrufalsn/u\t\n";
    for (int it = 0; it < 300; it++) {
        memcpy(big, st, sl + 1);
        int k = 1 + (int)(test_rand_u64() % 3);
        for (int j = 0; j < k; j++) {
            size_t pos = test_rand_u64() % sl;
            uint64_t x = test_rand_u64();
            big[pos] = x & 1 ? alpha[(x >> 1) % (sizeof alpha - 1)] : (char)(x >> 8);
        }
        both_on_payload(big, sl, sk, pk, &e);
    }
    free(big);
    free(st);
    free(cert);
}

TEST(fast_and_reference_readers_agree_on_envelopes) {
    uint8_t pk[32], sk[64], pk2[32], sk2[64];
    CHECK_OK(zp_auth_keypair(pk, sk));
    CHECK_OK(zp_auth_keypair(pk2, sk2));
    size_t len;
    char *cert = issue_sample(&len, sk);
    char *st = open_payload(cert, len, pk);
    char *other = NULL;
    size_t ol;
    CHECK_OK(zp_dsse_sign(&other, &ol, ZP_CERT_PAYLOAD_TYPE, (const uint8_t *)st, strlen(st), sk2));
    /* The second key's signature entry, to build multi-signature envelopes. */
    char *osig = strstr(other, "{\"keyid\"");
    CHECK(osig != NULL);
    size_t osl = strlen(osig) - 3; /* without "]}\n" */
    char entry[256];
    snprintf(entry, sizeof entry, "%.*s", (int)osl, osig);
    char *sig1 = strstr(cert, "{\"keyid\"");
    char buf[16384];
    size_t pre = (size_t)(sig1 - cert);
    /* {from, to, accepted} */
    static const char *const edits[][3] = {
        {"", "", "F"},
        {"{\"payloadType\"", "{ \"payloadType\"", "1"},
        {"\"payload\":", "\"payload\" :", "1"},
        {"{\"payloadType\"", "{\"payloadType\":\"x\",\"payloadType\"", "0"},
        {"{\"payloadType\"", "{\"note\":\"x\",\"payloadType\"", "0"},
        {"\"application/vnd.in-toto+json\"", "\"application\\/vnd.in-toto+json\"", "1"},
        {"\"application/vnd.in-toto+json\"", "\"application/vnd.in-toto+json\\u0000\"", "1"},
        {"\"application/vnd.in-toto+json\"", "\"application/json\"", "f"},
        {"\"payload\":\"", "\"payload\":\"\\u0065", "0"},
        {"{\"keyid\":", "{\"sig\":\"AAAA\",\"keyid\":", "0"},
        {"{\"keyid\":", "{\"extra\":1,\"keyid\":", "0"},
        {"{\"keyid\":", "{\"keyid\":1,\"keyid\":", "0"},
        {"\"signatures\":[", "\"signatures\":[7,", "0"},
        {"\"signatures\":[", "\"signatures\":[{\"sig\":\"A===\"},", "f"},
        {"\"keyid\":\"", "\"keyid\":\"0", "f"},
        {"]}\n", "]} \r\n\t", "F"},
        {"]}\n", "]}\n\x0b", "0"},
        {"]}\n", "]}\n{}", "0"},
    };
    /* "F"/"f": accepted/rejected by the fast reader, "1"/"0": by the
     * reference reader after the fast one declined. */
    for (size_t i = 0; i < sizeof edits / sizeof *edits; i++) {
        char *t = replace1(cert, edits[i][0], edits[i][1]);
        zp_err e;
        char want = edits[i][2][0];
        int f = both_readers(t, strlen(t), pk, NOW, &e);
        if ((e == ZP_OK) != (want == '1' || want == 'F'))
            fprintf(stderr, "  edit %zu: %d (path %d)\n", i, (int)e, f);
        CHECK((e == ZP_OK) == (want == '1' || want == 'F'));
        CHECK(((f & 1) != 0) == (want == 'F' || want == 'f'));
        free(t);
    }
    /* An escaped '/' in the base64 payload or signature: the reference
     * reader unescapes it; both accept. */
    char *slash = strchr(strstr(cert, "\"payload\":\"") + 11, '/');
    if (slash && slash < strstr(cert, "\"signatures\"")) {
        size_t a = (size_t)(slash - cert);
        memcpy(buf, cert, a);
        buf[a] = '\\';
        memcpy(buf + a + 1, cert + a, len - a);
        zp_err e;
        CHECK(both_readers(buf, len + 1, pk, NOW, &e) == 0 && e == ZP_OK);
    }
    /* Several signatures: other key first (with and without its keyid), 16
     * and 17 entries. */
    for (int n_other = 1; n_other <= 16; n_other += 15) {
        size_t n = pre;
        memcpy(buf, cert, pre);
        for (int j = 0; j < n_other; j++) n += (size_t)sprintf(buf + n, "%s,", entry);
        memcpy(buf + n, sig1, len - pre);
        n += len - pre;
        zp_err e;
        CHECK(both_readers(buf, n, pk, NOW, &e) == (n_other == 1 ? 3 : 0));
        CHECK(n_other == 1 ? e == ZP_OK : e == ZP_ERR_PARSE);
    }
    {
        char *t = replace1(other, "{\"keyid\":\"", "{\"sig\":\"");
        char *q = strstr(t, "{\"sig\":\"");
        memmove(q + 1, q + 74, strlen(q + 74) + 1); /* drop the renamed keyid */
        zp_err e;
        CHECK(both_readers(t, strlen(t), pk, NOW, &e) == 1 && e == ZP_ERR_VERIFY);
        /* Signed by pk2, but the statement names pk's key id. */
        CHECK(both_readers(t, strlen(t), pk2, NOW, &e) == 1 && e == ZP_ERR_VERIFY);
        free(t);
    }
    /* Every prefix, then random damage. */
    for (size_t n = 0; n < len; n += 7) {
        zp_err e;
        both_readers(cert, n, pk, NOW, &e);
        CHECK(e == ZP_ERR_PARSE);
    }
    static const char alpha[] = "{}[]:,\" \\0123456789+/=AZaz\t\n";
    for (int it = 0; it < 400; it++) {
        memcpy(buf, cert, len);
        int k = 1 + (int)(test_rand_u64() % 3);
        for (int j = 0; j < k; j++) {
            size_t pos = test_rand_u64() % len;
            uint64_t x = test_rand_u64();
            buf[pos] = x & 1 ? alpha[(x >> 1) % (sizeof alpha - 1)] : (char)(x >> 8);
        }
        zp_err e;
        both_readers(buf, len, pk, NOW, &e);
        CHECK(e != ZP_OK || !memcmp(buf, cert, len));
    }
    free(other);
    free(st);
    free(cert);
}
