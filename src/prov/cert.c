/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Dataset certificates: DSSE envelopes (github.com/secure-systems-lab/dsse,
 * protocol.md and envelope.md) over in-toto Statement v1 payloads
 * (in-toto.io/Statement/v1), signed with Ed25519 (RFC 8032, libsodium).
 * Format: docs/formats/certificate.md. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "prov/cert_internal.h"
#include "zkprov/hash.h"

#define MAX_SIGNATURES 16
#define MAX_RECORDS ((uint64_t)9007199254740991ULL) /* 2^53 - 1 */

/* ---------------- DSSE ---------------- */

size_t zp_dsse_pae(uint8_t *out, size_t cap, const char *type, size_t type_len,
                   const uint8_t *body, size_t body_len) {
    char l1[24], l2[24];
    int n1 = snprintf(l1, sizeof l1, "%zu", type_len);
    int n2 = snprintf(l2, sizeof l2, "%zu", body_len);
    /* "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body */
    size_t total = 6 + 1 + (size_t)n1 + 1 + type_len + 1 + (size_t)n2 + 1 + body_len;
    if (!out || cap < total) return total;
    uint8_t *p = out;
    memcpy(p, "DSSEv1 ", 7), p += 7;
    memcpy(p, l1, (size_t)n1), p += n1;
    *p++ = ' ';
    if (type_len) memcpy(p, type, type_len), p += type_len;
    *p++ = ' ';
    memcpy(p, l2, (size_t)n2), p += n2;
    *p++ = ' ';
    if (body_len) memcpy(p, body, body_len);
    return total;
}

/* Signs PAE(type, body); sig[64]. */
static zp_err pae_sign(uint8_t sig[ZP_AUTH_SIGBYTES], const char *type, const uint8_t *body,
                       size_t body_len, const uint8_t sk[ZP_AUTH_SECRETKEYBYTES]) {
    size_t tl = strlen(type);
    size_t n = zp_dsse_pae(NULL, 0, type, tl, body, body_len);
    uint8_t *m = malloc(n);
    if (!m) return ZP_ERR_NOMEM;
    zp_dsse_pae(m, n, type, tl, body, body_len);
    int r = crypto_sign_detached(sig, NULL, m, n, sk);
    free(m);
    return r == 0 ? ZP_OK : ZP_ERR_INTERNAL;
}

zp_err zp_dsse_sign(char **out, size_t *out_len, const char *payload_type,
                    const uint8_t *payload, size_t payload_len,
                    const uint8_t sk[ZP_AUTH_SECRETKEYBYTES]) {
    if (!out || !out_len) return ZP_ERR_ARG;
    *out = NULL;
    *out_len = 0;
    if (!payload_type || !*payload_type || !sk || (!payload && payload_len)) return ZP_ERR_ARG;
    if (zp_init() != ZP_OK) return ZP_ERR_INTERNAL;
    for (const char *p = payload_type; *p; p++)
        if (*p < 0x21 || *p > 0x7e || *p == '"' || *p == '\\') return ZP_ERR_ARG;
    uint8_t pk[ZP_AUTH_PUBLICKEYBYTES], pk2[ZP_AUTH_PUBLICKEYBYTES], id[ZP_AUTH_KEY_ID_BYTES];
    uint8_t sk2[ZP_AUTH_SECRETKEYBYTES];
    memcpy(pk, sk + 32, sizeof pk);
    int ok = crypto_sign_seed_keypair(pk2, sk2, sk) == 0 && zp_memeq(pk, pk2, sizeof pk);
    zp_memzero(sk2, sizeof sk2);
    if (!ok) return ZP_ERR_ARG;
    zp_auth_key_id(id, pk);
    char idh[2 * ZP_AUTH_KEY_ID_BYTES + 1];
    zp_cert_hex_encode(idh, id, sizeof id);
    uint8_t sig[ZP_AUTH_SIGBYTES];
    zp_err e = pae_sign(sig, payload_type, payload, payload_len, sk);
    if (e != ZP_OK) return e;
    char *pb = zp_cert_b64_encode(payload ? payload : (const uint8_t *)"", payload_len);
    char *sb = zp_cert_b64_encode(sig, sizeof sig);
    if (!pb || !sb) {
        free(pb);
        free(sb);
        return ZP_ERR_NOMEM;
    }
    size_t cap = strlen(payload_type) + strlen(pb) + strlen(sb) + 160;
    char *s = malloc(cap);
    if (!s) {
        free(pb);
        free(sb);
        return ZP_ERR_NOMEM;
    }
    int n = snprintf(s, cap,
                     "{\"payloadType\":\"%s\",\"payload\":\"%s\",\"signatures\":"
                     "[{\"keyid\":\"%s\",\"sig\":\"%s\"}]}\n",
                     payload_type, pb, idh, sb);
    free(pb);
    free(sb);
    if (n < 0 || (size_t)n >= cap) {
        free(s);
        return ZP_ERR_INTERNAL;
    }
    *out = s;
    *out_len = (size_t)n;
    return ZP_OK;
}

/* 1 if every member name of obj is in names[n]. */
static int only_members(const cJSON *obj, const char *const *names, size_t n,
                        const char **bad) {
    for (const cJSON *c = obj->child; c; c = c->next) {
        size_t i = 0;
        while (i < n && strcmp(c->string, names[i])) i++;
        if (i == n) {
            *bad = c->string;
            return 0;
        }
    }
    return 1;
}

static const cJSON *member(const cJSON *obj, const char *name) {
    return cJSON_GetObjectItemCaseSensitive(obj, name);
}

zp_err zp_dsse_open(uint8_t **payload, size_t *payload_len, char err[ZP_CERT_ERR_BYTES], const char *json,
                    size_t len, const char *payload_type,
                    const uint8_t pk[ZP_AUTH_PUBLICKEYBYTES]) {
    if (!payload || !payload_len) return zp_cert_fail(err, ZP_ERR_ARG, "no output");
    *payload = NULL;
    *payload_len = 0;
    if (!json || !payload_type || !pk) return zp_cert_fail(err, ZP_ERR_ARG, "missing argument");
    if (zp_init() != ZP_OK) return zp_cert_fail(err, ZP_ERR_INTERNAL, "libsodium init failed");
    char perr[ZP_CERT_ERR_BYTES] = "";
    cJSON *root = zp_cert_json_parse(perr, json, len);
    if (!root) return zp_cert_fail(err, ZP_ERR_PARSE, "envelope: %s", perr);
    zp_err ret = ZP_ERR_PARSE;
    uint8_t *body = NULL, *m = NULL;
    size_t body_len = 0;
    static const char *const env_names[] = {"payloadType", "payload", "signatures"};
    const char *bad = NULL;
    if (!cJSON_IsObject(root)) {
        zp_cert_fail(err, ret, "envelope: not a JSON object");
        goto done;
    }
    if (!only_members(root, env_names, 3, &bad)) {
        zp_cert_fail(err, ret, "envelope: unknown member \"%.64s\"", bad);
        goto done;
    }
    const cJSON *pt = member(root, "payloadType");
    const cJSON *pl = member(root, "payload");
    const cJSON *sigs = member(root, "signatures");
    if (!cJSON_IsString(pt) || !cJSON_IsString(pl) || !cJSON_IsArray(sigs)) {
        zp_cert_fail(err, ret, "envelope: needs string payloadType, string payload, "
                               "array signatures");
        goto done;
    }
    if (strcmp(pt->valuestring, payload_type)) {
        zp_cert_fail(err, ret, "envelope: payloadType is not \"%s\"", payload_type);
        goto done;
    }
    size_t b64_len = strlen(pl->valuestring);
    size_t cap = b64_len / 4 * 3 + 3;
    body = malloc(cap);
    if (!body) {
        ret = zp_cert_fail(err, ZP_ERR_NOMEM, "out of memory");
        goto done;
    }
    if (zp_cert_b64_decode_var(body, cap, &body_len, pl->valuestring, b64_len) != ZP_OK) {
        zp_cert_fail(err, ret, "envelope: payload is not canonical base64");
        goto done;
    }
    int n_sigs = cJSON_GetArraySize(sigs);
    if (n_sigs < 1 || n_sigs > MAX_SIGNATURES) {
        zp_cert_fail(err, ret, "envelope: needs 1..%d signatures", MAX_SIGNATURES);
        goto done;
    }
    uint8_t id[ZP_AUTH_KEY_ID_BYTES];
    char idh[2 * ZP_AUTH_KEY_ID_BYTES + 1];
    zp_auth_key_id(id, pk);
    zp_cert_hex_encode(idh, id, sizeof id);
    static const char *const sig_names[] = {"keyid", "sig"};
    uint8_t sigs_b[MAX_SIGNATURES][ZP_AUTH_SIGBYTES];
    int usable[MAX_SIGNATURES];
    int n_usable = 0, i = 0;
    char other[17] = "";
    for (const cJSON *s = sigs->child; s; s = s->next, i++) {
        if (!cJSON_IsObject(s) || !only_members(s, sig_names, 2, &bad)) {
            zp_cert_fail(err, ret, "envelope: signature %d is not {\"keyid\", \"sig\"}", i);
            goto done;
        }
        const cJSON *kid = member(s, "keyid"), *sg = member(s, "sig");
        size_t got = 0;
        if (!cJSON_IsString(sg) ||
            zp_cert_b64_decode_var(sigs_b[i], ZP_AUTH_SIGBYTES, &got, sg->valuestring,
                               strlen(sg->valuestring)) != ZP_OK ||
            got != ZP_AUTH_SIGBYTES) {
            zp_cert_fail(err, ret, "envelope: signature %d is not canonical base64 of 64 bytes", i);
            goto done;
        }
        if (kid && !cJSON_IsString(kid)) {
            zp_cert_fail(err, ret, "envelope: keyid of signature %d is not a string", i);
            goto done;
        }
        /* keyid is an unauthenticated hint (DSSE): it only selects which
         * signatures are tried; the predicate names the key again. */
        if (!kid || !strcmp(kid->valuestring, idh)) usable[n_usable++] = i;
        else if (!other[0]) snprintf(other, sizeof other, "%.16s", kid->valuestring);
    }
    if (n_usable == 0) {
        ret = zp_cert_fail(err, ZP_ERR_VERIFY,
                           "wrong authority key: certificate signed by key id %s..., "
                           "not %.16s...", other, idh);
        goto done;
    }
    size_t tl = strlen(payload_type);
    size_t mlen = zp_dsse_pae(NULL, 0, payload_type, tl, body, body_len);
    m = malloc(mlen);
    if (!m) {
        ret = zp_cert_fail(err, ZP_ERR_NOMEM, "out of memory");
        goto done;
    }
    zp_dsse_pae(m, mlen, payload_type, tl, body, body_len);
    int verified = 0;
    for (int k = 0; k < n_usable && !verified; k++)
        verified = crypto_sign_verify_detached(sigs_b[usable[k]], m, mlen, pk) == 0;
    if (!verified) {
        ret = zp_cert_fail(err, ZP_ERR_VERIFY,
                           "bad signature: the certificate was altered or not signed by "
                           "key id %.16s...", idh);
        goto done;
    }
    ret = ZP_OK;
done:
    free(m);
    cJSON_Delete(root);
    if (ret == ZP_OK) {
        *payload = body;
        *payload_len = body_len;
    } else {
        free(body);
    }
    return ret;
}

/* ---------------- text checks ---------------- */

/* 1 if s[len] is valid UTF-8 (RFC 3629: no overlong forms, surrogates or
 * code points above U+10FFFF) without control characters (C0, DEL, C1). */
static int text_ok(const char *s, size_t len) {
    const unsigned char *p = (const unsigned char *)s, *e = p + len;
    while (p < e) {
        unsigned c = *p;
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f) return 0;
            p++;
            continue;
        }
        size_t n;
        uint32_t cp, min;
        if ((c & 0xe0) == 0xc0) n = 2, cp = c & 0x1f, min = 0x80;
        else if ((c & 0xf0) == 0xe0) n = 3, cp = c & 0x0f, min = 0x800;
        else if ((c & 0xf8) == 0xf0) n = 4, cp = c & 0x07, min = 0x10000;
        else return 0;
        if ((size_t)(e - p) < n) return 0;
        for (size_t k = 1; k < n; k++) {
            if ((p[k] & 0xc0) != 0x80) return 0;
            cp = cp << 6 | (p[k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
            (cp >= 0x80 && cp <= 0x9f))
            return 0;
        p += n;
    }
    return 1;
}

static int attr_key_ok(const char *k) {
    size_t n = strlen(k);
    if (n < 1 || n > ZP_CERT_MAX_ATTR_KEY) return 0;
    for (; *k; k++)
        if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') || (*k >= '0' && *k <= '9') ||
              *k == '.' || *k == '_' || *k == ':' || *k == '-'))
            return 0;
    return 1;
}

/* Common ids of the SPDX License List (spdx.org/licenses), including the
 * data licenses (CC, ODC, CDLA) and the special values NONE / NOASSERTION. */
static const char *const known_licenses[] = {
    "0BSD", "AFL-3.0", "AGPL-3.0-only", "AGPL-3.0-or-later", "Apache-1.1", "Apache-2.0",
    "Artistic-2.0", "BSD-2-Clause", "BSD-3-Clause", "BSD-3-Clause-Clear", "BSL-1.0",
    "CC-BY-1.0", "CC-BY-2.0", "CC-BY-2.5", "CC-BY-3.0", "CC-BY-4.0", "CC-BY-NC-4.0",
    "CC-BY-NC-ND-4.0", "CC-BY-NC-SA-4.0", "CC-BY-ND-4.0", "CC-BY-SA-3.0", "CC-BY-SA-4.0",
    "CC-PDDC", "CC0-1.0", "CDDL-1.0", "CDLA-Permissive-1.0", "CDLA-Permissive-2.0",
    "CDLA-Sharing-1.0", "ECL-2.0", "EPL-1.0", "EPL-2.0", "EUPL-1.2", "GFDL-1.3-only",
    "GFDL-1.3-or-later", "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0-only",
    "GPL-3.0-or-later", "ISC", "LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0-only",
    "LGPL-3.0-or-later", "MIT", "MIT-0", "MPL-2.0", "MS-PL", "NCSA", "NOASSERTION", "NONE",
    "ODC-By-1.0", "ODbL-1.0", "OFL-1.1", "OpenSSL", "PDDL-1.0", "PostgreSQL", "Python-2.0",
    "Unlicense", "UPL-1.0", "W3C", "WTFPL", "X11", "Zlib", "ZPL-2.1",
};

int zp_cert_license_known(const char *id) {
    if (!id) return 0;
    for (size_t i = 0; i < sizeof known_licenses / sizeof *known_licenses; i++)
        if (!strcmp(id, known_licenses[i])) return 1;
    return 0;
}

zp_err zp_cert_license_check(const char *license) {
    if (!license) return ZP_ERR_ARG;
    size_t n = strlen(license);
    if (n < 1 || n > ZP_CERT_MAX_LICENSE) return ZP_ERR_ARG;
    /* Tokens separated by single spaces: id (op id)*, op in AND/OR/WITH. */
    const char *p = license;
    int want_id = 1;
    while (*p) {
        const char *t = p;
        while (*p && *p != ' ') p++;
        size_t tl = (size_t)(p - t);
        if (tl == 0) return ZP_ERR_ARG; /* leading, trailing or double space */
        int is_op = (tl == 3 && !memcmp(t, "AND", 3)) || (tl == 2 && !memcmp(t, "OR", 2)) ||
                    (tl == 4 && !memcmp(t, "WITH", 4));
        if (want_id) {
            if (is_op) return ZP_ERR_ARG;
            for (size_t i = 0; i < tl; i++) {
                char c = t[i];
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '-' || c == '+'))
                    return ZP_ERR_ARG;
            }
        } else if (!is_op) {
            return ZP_ERR_ARG;
        }
        want_id = !want_id;
        if (*p == ' ') {
            p++;
            if (!*p) return ZP_ERR_ARG;
        }
    }
    return want_id ? ZP_ERR_ARG : ZP_OK; /* must end with an id */
}

/* ---------------- time (RFC 3339, proleptic Gregorian, UTC) ---------------- */

/* Days since 1970-01-01 of y-m-d (H. Hinnant, "chrono-Compatible Low-Level
 * Date Algorithms", days_from_civil). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d) {
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int digits(const char *s, int n, int *out) {
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

zp_err zp_time_parse_rfc3339(int64_t *out, const char *s, int date_only_ok) {
    if (!out || !s) return ZP_ERR_PARSE;
    *out = 0;
    int y, mo, d, h = 0, mi = 0, se = 0;
    if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
        !digits(s + 8, 2, &d))
        return ZP_ERR_PARSE;
    static const unsigned char mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
        (mo == 2 && d == 29 && !leap))
        return ZP_ERR_PARSE;
    const char *p = s + 10;
    int64_t off = 0;
    if (*p == 0) {
        if (!date_only_ok) return ZP_ERR_PARSE;
    } else {
        if ((*p != 'T' && *p != 't') || !digits(p + 1, 2, &h) || p[3] != ':' ||
            !digits(p + 4, 2, &mi) || p[6] != ':' || !digits(p + 7, 2, &se))
            return ZP_ERR_PARSE;
        if (h > 23 || mi > 59 || se > 59) return ZP_ERR_PARSE;
        p += 9;
        if (*p == '.') { /* fraction: at least one digit, ignored */
            p++;
            if (*p < '0' || *p > '9') return ZP_ERR_PARSE;
            while (*p >= '0' && *p <= '9') p++;
        }
        if ((*p == 'Z' || *p == 'z') && p[1] == 0) {
            off = 0;
        } else if ((*p == '+' || *p == '-') && p[3] == ':' && p[6] == 0) {
            int oh, om;
            if (!digits(p + 1, 2, &oh) || !digits(p + 4, 2, &om) || oh > 23 || om > 59)
                return ZP_ERR_PARSE;
            off = (int64_t)(oh * 60 + om) * 60 * (*p == '-' ? -1 : 1);
        } else {
            return ZP_ERR_PARSE;
        }
    }
    int64_t t = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se -
                off;
    if (t < 0) return ZP_ERR_PARSE;
    *out = t;
    return ZP_OK;
}

zp_err zp_time_format_rfc3339(char out[21], int64_t t) {
    /* 253402300800 = 10000-01-01T00:00:00Z */
    if (!out || t < 0 || t >= INT64_C(253402300800)) return ZP_ERR_ARG;
    int64_t days = t / 86400, sec = t % 86400, y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    char buf[64];
    snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", (int)y, m, d,
             (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60));
    memcpy(out, buf, 20);
    out[20] = 0;
    return ZP_OK;
}

/* ---------------- certificates ---------------- */
/* (zp_cert_check_commit compares against a zp_dataset_commit of
 * src/prov/dataset.c.) */

void zp_cert_info_clear(zp_cert_info *ci) {
    if (!ci) return;
    free(ci->subject_name);
    free(ci->schema_json);
    free(ci->license);
    free(ci->source);
    for (size_t i = 0; i < ci->n_attrs; i++) {
        if (ci->attr_keys) free(ci->attr_keys[i]);
        if (ci->attr_values) free(ci->attr_values[i]);
    }
    free(ci->attr_keys);
    free(ci->attr_values);
    memset(ci, 0, sizeof *ci);
}

static const char *trim_ws(const char *s, size_t *len) {
    size_t n = strlen(s);
    while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    *len = n;
    return s;
}

zp_err zp_cert_issue(char **out, size_t *len, char err[ZP_CERT_ERR_BYTES], const zp_cert_request *req,
                     const uint8_t sk[ZP_AUTH_SECRETKEYBYTES]) {
    if (!out || !len) return zp_cert_fail(err, ZP_ERR_ARG, "no output");
    *out = NULL;
    *len = 0;
    if (!req || !sk) return zp_cert_fail(err, ZP_ERR_ARG, "missing argument");
    if (!req->subject_name || !*req->subject_name ||
        strlen(req->subject_name) > ZP_CERT_MAX_NAME ||
        !text_ok(req->subject_name, strlen(req->subject_name)))
        return zp_cert_fail(err, ZP_ERR_ARG, "subject name must be 1..%d printable bytes",
                            ZP_CERT_MAX_NAME);
    if (req->records < 1 || req->records > MAX_RECORDS)
        return zp_cert_fail(err, ZP_ERR_ARG, "record count out of range");
    if (zp_cert_license_check(req->license) != ZP_OK)
        return zp_cert_fail(err, ZP_ERR_ARG,
                            "invalid SPDX license id '%.64s' (letters, digits, '.', '-', '+')",
                            req->license ? req->license : "");
    if (!req->source || !*req->source || strlen(req->source) > ZP_CERT_MAX_SOURCE ||
        !text_ok(req->source, strlen(req->source)))
        return zp_cert_fail(err, ZP_ERR_ARG,
                            "source must be 1..%d bytes of UTF-8 text without control "
                            "characters", ZP_CERT_MAX_SOURCE);
    if (req->n_attrs > ZP_CERT_MAX_ATTRS || (req->n_attrs && (!req->attr_keys || !req->attr_values)))
        return zp_cert_fail(err, ZP_ERR_ARG, "at most %d attributes", ZP_CERT_MAX_ATTRS);
    for (size_t i = 0; i < req->n_attrs; i++) {
        const char *k = req->attr_keys[i], *v = req->attr_values[i];
        if (!k || !attr_key_ok(k))
            return zp_cert_fail(err, ZP_ERR_ARG,
                                "attribute key '%.64s' must be 1..%d of [A-Za-z0-9._:-]",
                                k ? k : "", ZP_CERT_MAX_ATTR_KEY);
        if (!v || strlen(v) > ZP_CERT_MAX_ATTR_VALUE || !text_ok(v, strlen(v)))
            return zp_cert_fail(err, ZP_ERR_ARG,
                                "attribute '%s': value must be 0..%d bytes of UTF-8 text "
                                "without control characters", k, ZP_CERT_MAX_ATTR_VALUE);
        for (size_t j = 0; j < i; j++)
            if (!strcmp(req->attr_keys[j], k))
                return zp_cert_fail(err, ZP_ERR_ARG, "duplicate attribute '%s'", k);
    }
    char issued[21], expires[21];
    if (zp_time_format_rfc3339(issued, req->issued_at) != ZP_OK)
        return zp_cert_fail(err, ZP_ERR_ARG, "issue time out of range");
    if (req->has_expiry && (zp_time_format_rfc3339(expires, req->expires_at) != ZP_OK ||
                            req->expires_at <= req->issued_at))
        return zp_cert_fail(err, ZP_ERR_ARG, "expiry must be after the issue time");
    if (!req->schema_json) return zp_cert_fail(err, ZP_ERR_ARG, "no schema");
    size_t schema_len;
    const char *schema = trim_ws(req->schema_json, &schema_len);
    char perr[ZP_CERT_ERR_BYTES] = "";
    cJSON *sch = zp_cert_json_parse(perr, schema, schema_len);
    if (!sch || !cJSON_IsObject(sch)) {
        cJSON_Delete(sch);
        return zp_cert_fail(err, ZP_ERR_ARG, "schema is not a JSON object");
    }
    cJSON_Delete(sch);
    uint8_t pk2[ZP_AUTH_PUBLICKEYBYTES], sk2[ZP_AUTH_SECRETKEYBYTES];
    int ok = crypto_sign_seed_keypair(pk2, sk2, sk) == 0 && zp_memeq(pk2, sk + 32, 32);
    zp_memzero(sk2, sizeof sk2);
    if (!ok) return zp_cert_fail(err, ZP_ERR_ARG, "inconsistent secret key");

    uint8_t kid[ZP_AUTH_KEY_ID_BYTES];
    char kidh[65], dh[65], sdh[65], rec[24];
    zp_auth_key_id(kid, pk2);
    zp_cert_hex_encode(kidh, kid, sizeof kid);
    zp_cert_hex_encode(dh, req->dataset_digest.b, 32);
    zp_cert_hex_encode(sdh, req->schema_digest.b, 32);
    snprintf(rec, sizeof rec, "%" PRIu64, req->records);
    char *schema_copy = malloc(schema_len + 1);
    cJSON *root = cJSON_CreateObject();
    cJSON *subj = NULL, *s0 = NULL, *dg = NULL, *pred = NULL, *attrs = NULL;
    int built = schema_copy && root;
    if (built) {
        memcpy(schema_copy, schema, schema_len);
        schema_copy[schema_len] = 0;
        built = cJSON_AddStringToObject(root, "_type", ZP_CERT_STATEMENT_TYPE) &&
                (subj = cJSON_AddArrayToObject(root, "subject")) &&
                (s0 = cJSON_CreateObject()) && cJSON_AddItemToArray(subj, s0) &&
                cJSON_AddStringToObject(s0, "name", req->subject_name) &&
                (dg = cJSON_AddObjectToObject(s0, "digest")) &&
                cJSON_AddStringToObject(dg, "sha256", dh) &&
                cJSON_AddStringToObject(root, "predicateType", ZP_CERT_PREDICATE_TYPE) &&
                (pred = cJSON_AddObjectToObject(root, "predicate")) &&
                cJSON_AddRawToObject(pred, "records", rec) &&
                cJSON_AddRawToObject(pred, "schema", schema_copy) &&
                cJSON_AddStringToObject(pred, "schema_digest", sdh) &&
                cJSON_AddStringToObject(pred, "license", req->license) &&
                cJSON_AddStringToObject(pred, "source", req->source) &&
                (attrs = cJSON_AddObjectToObject(pred, "attributes"));
    }
    for (size_t i = 0; built && i < req->n_attrs; i++)
        built = cJSON_AddStringToObject(attrs, req->attr_keys[i], req->attr_values[i]) != NULL;
    if (built)
        built = cJSON_AddStringToObject(pred, "authority_key_id", kidh) &&
                cJSON_AddStringToObject(pred, "issued_at", issued) &&
                (!req->has_expiry || cJSON_AddStringToObject(pred, "expires_at", expires));
    char *payload = built ? cJSON_PrintUnformatted(root) : NULL;
    cJSON_Delete(root);
    free(schema_copy);
    if (!payload) return zp_cert_fail(err, ZP_ERR_NOMEM, "out of memory");
    zp_err e = zp_dsse_sign(out, len, ZP_CERT_PAYLOAD_TYPE, (const uint8_t *)payload,
                            strlen(payload), sk);
    cJSON_free(payload);
    if (e != ZP_OK) return zp_cert_fail(err, e, "signing failed: %s", zp_strerror(e));
    return ZP_OK;
}

static char *dup_str(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

/* Reads a hex digest member.  Returns 1 on success. */
static int hex_member(uint8_t out[32], const cJSON *obj, const char *name) {
    const cJSON *v = member(obj, name);
    return cJSON_IsString(v) && zp_cert_hex_decode(out, 32, v->valuestring) == ZP_OK;
}

/* Parses the statement (payload) into out; the key id must equal kid. */
static zp_err parse_statement(zp_cert_info *out, char err[ZP_CERT_ERR_BYTES], const uint8_t *payload,
                              size_t plen, const uint8_t kid[ZP_AUTH_KEY_ID_BYTES]) {
    char perr[ZP_CERT_ERR_BYTES] = "";
    cJSON *root = zp_cert_json_parse(perr, (const char *)payload, plen);
    if (!root) return zp_cert_fail(err, ZP_ERR_PARSE, "statement: %s", perr);
    zp_err ret = ZP_ERR_PARSE;
    const char *bad = NULL;
    static const char *const st_names[] = {"_type", "subject", "predicateType", "predicate"};
    static const char *const pr_names[] = {"records", "schema", "schema_digest", "license",
                                           "source", "attributes", "authority_key_id",
                                           "issued_at", "expires_at"};
    if (!cJSON_IsObject(root)) {
        zp_cert_fail(err, ret, "statement: not a JSON object");
        goto done;
    }
    if (!only_members(root, st_names, 4, &bad)) {
        zp_cert_fail(err, ret, "statement: unknown member \"%.64s\"", bad);
        goto done;
    }
    const cJSON *ty = member(root, "_type");
    if (!cJSON_IsString(ty) || strcmp(ty->valuestring, ZP_CERT_STATEMENT_TYPE)) {
        zp_cert_fail(err, ret, "statement: _type is not \"%s\"", ZP_CERT_STATEMENT_TYPE);
        goto done;
    }
    const cJSON *pt = member(root, "predicateType");
    if (!cJSON_IsString(pt) || strcmp(pt->valuestring, ZP_CERT_PREDICATE_TYPE)) {
        zp_cert_fail(err, ret, "statement: predicateType is not \"%s\"", ZP_CERT_PREDICATE_TYPE);
        goto done;
    }
    const cJSON *subj = member(root, "subject");
    if (!cJSON_IsArray(subj) || cJSON_GetArraySize(subj) != 1) {
        zp_cert_fail(err, ret, "statement: subject must be an array of one entry");
        goto done;
    }
    const cJSON *s0 = subj->child;
    static const char *const s_names[] = {"name", "digest"};
    const cJSON *nm = member(s0, "name"), *dg = member(s0, "digest");
    static const char *const d_names[] = {"sha256"};
    if (!cJSON_IsObject(s0) || !only_members(s0, s_names, 2, &bad) || !cJSON_IsString(nm) ||
        !*nm->valuestring || strlen(nm->valuestring) > ZP_CERT_MAX_NAME ||
        !text_ok(nm->valuestring, strlen(nm->valuestring)) || !cJSON_IsObject(dg) ||
        !only_members(dg, d_names, 1, &bad) || !hex_member(out->dataset_digest.b, dg, "sha256")) {
        zp_cert_fail(err, ret, "statement: subject needs a name and a sha256 digest "
                               "(64 lowercase hex digits)");
        goto done;
    }
    const cJSON *pr = member(root, "predicate");
    if (!cJSON_IsObject(pr)) {
        zp_cert_fail(err, ret, "statement: missing predicate");
        goto done;
    }
    if (!only_members(pr, pr_names, 9, &bad)) {
        zp_cert_fail(err, ret, "predicate: unknown member \"%.64s\"", bad);
        goto done;
    }
    const cJSON *rec = member(pr, "records");
    if (!cJSON_IsNumber(rec) || !(rec->valuedouble >= 1.0) ||
        !(rec->valuedouble <= (double)MAX_RECORDS) ||
        rec->valuedouble != (double)(uint64_t)rec->valuedouble) {
        zp_cert_fail(err, ret, "predicate: records must be an integer in 1..2^53-1");
        goto done;
    }
    out->records = (uint64_t)rec->valuedouble;
    const cJSON *sch = member(pr, "schema");
    if (!cJSON_IsObject(sch)) {
        zp_cert_fail(err, ret, "predicate: missing schema object");
        goto done;
    }
    if (!hex_member(out->schema_digest.b, pr, "schema_digest")) {
        zp_cert_fail(err, ret, "predicate: schema_digest must be 64 lowercase hex digits");
        goto done;
    }
    const cJSON *lic = member(pr, "license");
    if (!cJSON_IsString(lic) || zp_cert_license_check(lic->valuestring) != ZP_OK) {
        zp_cert_fail(err, ret, "predicate: license is not a valid SPDX id");
        goto done;
    }
    const cJSON *src = member(pr, "source");
    if (!cJSON_IsString(src) || !*src->valuestring ||
        strlen(src->valuestring) > ZP_CERT_MAX_SOURCE ||
        !text_ok(src->valuestring, strlen(src->valuestring))) {
        zp_cert_fail(err, ret, "predicate: source must be 1..%d bytes of text",
                     ZP_CERT_MAX_SOURCE);
        goto done;
    }
    const cJSON *at = member(pr, "attributes");
    if (!cJSON_IsObject(at) || cJSON_GetArraySize(at) > ZP_CERT_MAX_ATTRS) {
        zp_cert_fail(err, ret, "predicate: attributes must be an object of at most %d strings",
                     ZP_CERT_MAX_ATTRS);
        goto done;
    }
    for (const cJSON *a = at->child; a; a = a->next) {
        if (!attr_key_ok(a->string) || !cJSON_IsString(a) ||
            strlen(a->valuestring) > ZP_CERT_MAX_ATTR_VALUE ||
            !text_ok(a->valuestring, strlen(a->valuestring))) {
            zp_cert_fail(err, ret, "predicate: invalid attribute \"%.64s\"", a->string);
            goto done;
        }
    }
    if (!hex_member(out->authority_key_id, pr, "authority_key_id")) {
        zp_cert_fail(err, ret, "predicate: authority_key_id must be 64 lowercase hex digits");
        goto done;
    }
    const cJSON *ia = member(pr, "issued_at"), *ea = member(pr, "expires_at");
    if (!cJSON_IsString(ia) || zp_time_parse_rfc3339(&out->issued_at, ia->valuestring, 0) != ZP_OK) {
        zp_cert_fail(err, ret, "predicate: issued_at is not an RFC 3339 date-time");
        goto done;
    }
    if (ea) {
        if (!cJSON_IsString(ea) ||
            zp_time_parse_rfc3339(&out->expires_at, ea->valuestring, 0) != ZP_OK ||
            out->expires_at <= out->issued_at) {
            zp_cert_fail(err, ret, "predicate: expires_at is not an RFC 3339 date-time after "
                                   "issued_at");
            goto done;
        }
        out->has_expiry = 1;
    }
    if (!zp_memeq(out->authority_key_id, kid, ZP_AUTH_KEY_ID_BYTES)) {
        ret = zp_cert_fail(err, ZP_ERR_VERIFY,
                           "wrong authority key: predicate names another authority key id");
        goto done;
    }
    /* Copy the strings out. */
    size_t na = (size_t)cJSON_GetArraySize(at);
    out->subject_name = dup_str(nm->valuestring);
    out->schema_json = zp_cert_json_print(sch);
    out->license = dup_str(lic->valuestring);
    out->source = dup_str(src->valuestring);
    out->attr_keys = calloc(na ? na : 1, sizeof(char *));
    out->attr_values = calloc(na ? na : 1, sizeof(char *));
    int okc = out->subject_name && out->schema_json && out->license && out->source &&
              out->attr_keys && out->attr_values;
    if (okc) {
        for (const cJSON *a = at->child; a && okc; a = a->next) {
            out->attr_keys[out->n_attrs] = dup_str(a->string);
            out->attr_values[out->n_attrs] = dup_str(a->valuestring);
            out->n_attrs++;
            okc = out->attr_keys[out->n_attrs - 1] && out->attr_values[out->n_attrs - 1];
        }
    }
    if (!okc) {
        ret = zp_cert_fail(err, ZP_ERR_NOMEM, "out of memory");
        goto done;
    }
    ret = ZP_OK;
done:
    cJSON_Delete(root);
    return ret;
}

zp_err zp_cert_verify(zp_cert_info *out, char err[ZP_CERT_ERR_BYTES], const char *cert_json, size_t len,
                      const uint8_t pk[ZP_AUTH_PUBLICKEYBYTES], int64_t now) {
    if (!out) return zp_cert_fail(err, ZP_ERR_ARG, "no output");
    memset(out, 0, sizeof *out);
    if (!cert_json || !pk) return zp_cert_fail(err, ZP_ERR_ARG, "missing argument");
    if (len > ZP_CERT_MAX_BYTES)
        return zp_cert_fail(err, ZP_ERR_PARSE, "certificate larger than %zu bytes",
                            ZP_CERT_MAX_BYTES);
    uint8_t *payload = NULL;
    size_t plen = 0;
    zp_err e = zp_dsse_open(&payload, &plen, err, cert_json, len, ZP_CERT_PAYLOAD_TYPE, pk);
    if (e != ZP_OK) return e;
    uint8_t kid[ZP_AUTH_KEY_ID_BYTES];
    zp_auth_key_id(kid, pk);
    e = parse_statement(out, err, payload, plen, kid);
    if (e == ZP_OK) zp_sha256(out->payload_digest.b, payload, plen);
    free(payload);
    if (e == ZP_OK && now + ZP_CERT_CLOCK_SKEW < out->issued_at) {
        char t[21];
        if (zp_time_format_rfc3339(t, out->issued_at) != ZP_OK) strcpy(t, "?");
        e = zp_cert_fail(err, ZP_ERR_VERIFY, "certificate not yet valid: issued at %s", t);
    }
    if (e == ZP_OK && out->has_expiry && now >= out->expires_at) {
        char t[21];
        if (zp_time_format_rfc3339(t, out->expires_at) != ZP_OK) strcpy(t, "?");
        e = zp_cert_fail(err, ZP_ERR_VERIFY, "certificate expired at %s", t);
    }
    if (e != ZP_OK) zp_cert_info_clear(out);
    return e;
}

zp_err zp_cert_verify_file(zp_cert_info *out, char err[ZP_CERT_ERR_BYTES], const char *path,
                           const uint8_t pk[ZP_AUTH_PUBLICKEYBYTES], int64_t now) {
    if (!out) return zp_cert_fail(err, ZP_ERR_ARG, "no output");
    memset(out, 0, sizeof *out);
    if (!path) return zp_cert_fail(err, ZP_ERR_ARG, "no path");
    char *buf;
    size_t len;
    zp_err e = zp_cert_read_file(&buf, &len, err, path, ZP_CERT_MAX_BYTES);
    if (e != ZP_OK) return e;
    e = zp_cert_verify(out, err, buf, len, pk, now);
    free(buf);
    return e;
}

zp_err zp_cert_check_commit(char err[ZP_CERT_ERR_BYTES], const zp_cert_info *ci, const zp_dataset_commit *c) {
    if (!ci || !c) return zp_cert_fail(err, ZP_ERR_ARG, "missing argument");
    if (!zp_memeq(ci->dataset_digest.b, c->digest.b, 32))
        return zp_cert_fail(err, ZP_ERR_VERIFY,
                            "dataset commitment digest differs from the certificate's subject");
    if (ci->records != c->n_records)
        return zp_cert_fail(err, ZP_ERR_VERIFY,
                            "record count differs: commitment %" PRIu64 ", certificate %" PRIu64,
                            c->n_records, ci->records);
    if (!zp_memeq(ci->schema_digest.b, c->schema_digest.b, 32))
        return zp_cert_fail(err, ZP_ERR_VERIFY, "schema digest differs from the certificate's");
    /* The schema object itself must be the commitment's (whose digest the
     * dataset loader has checked): compared as JSON values. */
    if (!c->schema || !ci->schema_json) return zp_cert_fail(err, ZP_ERR_ARG, "missing schema");
    char *canon = NULL;
    size_t canon_len = 0;
    if (zp_ds_schema_canonical(&canon, &canon_len, c->schema) != ZP_OK)
        return zp_cert_fail(err, ZP_ERR_NOMEM, "out of memory");
    cJSON *a = cJSON_ParseWithLength(canon, canon_len);
    cJSON *b = cJSON_Parse(ci->schema_json);
    int same = a && b && cJSON_Compare(a, b, 1);
    cJSON_Delete(a);
    cJSON_Delete(b);
    free(canon);
    if (!same)
        return zp_cert_fail(err, ZP_ERR_VERIFY, "schema differs from the commitment's schema");
    return ZP_OK;
}
