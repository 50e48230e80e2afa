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

/* Writes the PAE prefix "DSSEv1" SP LEN(type) SP type SP LEN(body) SP to out
 * (NULL: only counts); returns its length. */
static size_t pae_header(uint8_t *out, const char *type, size_t type_len, size_t body_len) {
    char l1[24], l2[24];
    int n1 = snprintf(l1, sizeof l1, "%zu", type_len);
    int n2 = snprintf(l2, sizeof l2, "%zu", body_len);
    size_t total = 6 + 1 + (size_t)n1 + 1 + type_len + 1 + (size_t)n2 + 1;
    if (!out) return total;
    uint8_t *p = out;
    memcpy(p, "DSSEv1 ", 7), p += 7;
    memcpy(p, l1, (size_t)n1), p += n1;
    *p++ = ' ';
    if (type_len) memcpy(p, type, type_len), p += type_len;
    *p++ = ' ';
    memcpy(p, l2, (size_t)n2), p += n2;
    *p = ' ';
    return total;
}

size_t zp_dsse_pae(uint8_t *out, size_t cap, const char *type, size_t type_len,
                   const uint8_t *body, size_t body_len) {
    size_t h = pae_header(NULL, type, type_len, body_len), total = h + body_len;
    if (!out || cap < total) return total;
    pae_header(out, type, type_len, body_len);
    if (body_len) memcpy(out + h, body, body_len);
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

/* ---------------- fast path: the compact form zkprov writes ----------------
 * The reference reader below parses with cJSON into a tree (one allocation
 * per node, strtod per number) and checks the tree.  zkprov itself writes
 * both the envelope and the statement as compact JSON without escapes, and
 * for that form the scanners here find the same values in one pass over the
 * text, without allocating.  They only ever *accept*: any input outside the
 * subset they understand -- whitespace between tokens, any backslash escape,
 * control bytes in strings, numbers other than plain integers below 2^53,
 * duplicate or unknown members, values that fail a check -- makes them return
 * 0, and the reference reader then decides (and words the error).  So what is
 * accepted, what is output and every message are exactly the reference
 * reader's; tests/unit/test_cert.c checks both paths agree on crafted and
 * random inputs. */

typedef struct {
    const char *p;
    size_t n;
} span;

static int span_is(span s, const char *lit) {
    size_t n = strlen(lit);
    return s.n == n && !memcmp(s.p, lit, n);
}

static int span_eq(span a, span b) { return a.n == b.n && !memcmp(a.p, b.p, a.n); }

/* A JSON string at p whose bytes are all >= 0x20 and not '\\', so that the
 * bytes between the quotes are its value (as cJSON reads it).  Sets out and
 * returns the end of the token, or NULL. */
static const char *fs_str(const char *p, const char *e, span *out) {
    if (p >= e || *p != '"') return NULL;
    p++;
    const char *q = memchr(p, '"', (size_t)(e - p));
    if (!q) return NULL;
    unsigned bad = 0; /* written to vectorise: no early exit */
    for (const unsigned char *u = (const unsigned char *)p; u < (const unsigned char *)q; u++)
        bad |= (unsigned)(*u < 0x20) | (unsigned)(*u == '\\');
    if (bad) return NULL;
    out->p = p;
    out->n = (size_t)(q - p);
    return q + 1;
}

/* A member name and its colon: returns the start of the value or NULL. */
static const char *fs_name(const char *p, const char *e, span *name) {
    p = fs_str(p, e, name);
    return p && p < e && *p == ':' ? p + 1 : NULL;
}

/* After a member or element: ',' gives 1 (more follow), the closing byte
 * gives 0 with *p past it, anything else -1. */
static int fs_next(const char **p, const char *e, char close) {
    if (!*p || *p >= e) return -1;
    char c = *(*p)++;
    return c == ',' ? 1 : c == close ? 0 : -1;
}

/* A plain decimal integer 0 or [1-9][0-9]* (optionally negative, not -0)
 * of magnitude at most 2^53 - 1: exactly what cJSON reads and
 * zp_cert_json_print writes back digit for digit.  The caller requires a
 * ',', '}' or ']' next, so "1.5", "1e3" and "01" are declined. */
static const char *fs_int(const char *p, const char *e, int *neg, uint64_t *v) {
    *neg = 0;
    *v = 0;
    if (p < e && *p == '-') *neg = 1, p++;
    if (p >= e || *p < '0' || *p > '9') return NULL;
    if (*p == '0') return *neg ? NULL : p + 1; /* "-0" prints as "0" */
    int nd = 0;
    while (p < e && *p >= '0' && *p <= '9') {
        if (++nd > 16) return NULL;
        *v = *v * 10 + (uint64_t)(*p++ - '0');
    }
    return *v <= MAX_RECORDS ? p : NULL;
}

#define FS_MAX_DEPTH 16
#define FS_MAX_MEMBERS 48

/* Any JSON value in the subset zp_cert_json_print reproduces byte for byte
 * (compact, no escapes, plain integers, no duplicate names, nested at most
 * FS_MAX_DEPTH deep).  Returns its end or NULL. */
static const char *fs_value(const char *p, const char *e, int depth) {
    if (p >= e) return NULL;
    span s;
    int neg, r;
    uint64_t v;
    switch (*p) {
    case '"':
        return fs_str(p, e, &s);
    case '{': {
        if (depth >= FS_MAX_DEPTH) return NULL;
        if (++p < e && *p == '}') return p + 1;
        span names[FS_MAX_MEMBERS];
        size_t n = 0;
        do {
            if (n == FS_MAX_MEMBERS || !(p = fs_name(p, e, &names[n]))) return NULL;
            for (size_t i = 0; i < n; i++)
                if (span_eq(names[i], names[n])) return NULL;
            n++;
            p = fs_value(p, e, depth + 1);
        } while ((r = fs_next(&p, e, '}')) == 1);
        return r == 0 ? p : NULL;
    }
    case '[':
        if (depth >= FS_MAX_DEPTH) return NULL;
        if (++p < e && *p == ']') return p + 1;
        do p = fs_value(p, e, depth + 1);
        while ((r = fs_next(&p, e, ']')) == 1);
        return r == 0 ? p : NULL;
    case 't':
        return e - p >= 4 && !memcmp(p, "true", 4) ? p + 4 : NULL;
    case 'f':
        return e - p >= 5 && !memcmp(p, "false", 5) ? p + 5 : NULL;
    case 'n':
        return e - p >= 4 && !memcmp(p, "null", 4) ? p + 4 : NULL;
    default:
        return fs_int(p, e, &neg, &v);
    }
}

/* Trailing JSON whitespace as zp_cert_json_parse allows it. */
static const char *trim_end(const char *p, const char *e) {
    while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r')) e--;
    return e;
}

typedef struct {
    span type, payload;
    int n_sigs;
    int has_kid[MAX_SIGNATURES];
    span kid[MAX_SIGNATURES], sig[MAX_SIGNATURES];
} env_view;

/* The envelope: one object with exactly payloadType, payload (strings) and
 * signatures (1..16 objects of an optional keyid and a sig, strings). */
static int env_fast(env_view *v, const char *json, size_t len) {
    const char *p = json, *e = trim_end(json, json + len);
    if (p >= e || *p++ != '{') return 0;
    unsigned seen = 0;
    int r;
    do {
        span k;
        if (!(p = fs_name(p, e, &k))) return 0;
        unsigned bit = span_is(k, "payloadType") ? 1u : span_is(k, "payload") ? 2u
                     : span_is(k, "signatures") ? 4u : 0u;
        if (!bit || (seen & bit)) return 0;
        seen |= bit;
        if (bit == 1) {
            p = fs_str(p, e, &v->type);
        } else if (bit == 2) {
            p = fs_str(p, e, &v->payload);
        } else {
            if (p >= e || *p++ != '[') return 0;
            v->n_sigs = 0;
            do {
                int i = v->n_sigs;
                if (i == MAX_SIGNATURES || p >= e || *p++ != '{') return 0;
                unsigned sseen = 0;
                do {
                    span sk;
                    if (!(p = fs_name(p, e, &sk))) return 0;
                    unsigned sb = span_is(sk, "keyid") ? 1u : span_is(sk, "sig") ? 2u : 0u;
                    if (!sb || (sseen & sb)) return 0;
                    sseen |= sb;
                    p = fs_str(p, e, sb == 1 ? &v->kid[i] : &v->sig[i]);
                } while ((r = fs_next(&p, e, '}')) == 1);
                if (r != 0 || !(sseen & 2)) return 0;
                v->has_kid[i] = (int)(sseen & 1);
                v->n_sigs++;
            } while ((r = fs_next(&p, e, ']')) == 1);
            if (r != 0) return 0;
        }
    } while ((r = fs_next(&p, e, '}')) == 1);
    return r == 0 && p == e && seen == 7;
}

/* Verifies a DSSE envelope and returns PAE(type, body) in *pae (malloc'ed,
 * pae_len bytes), the body starting at *body_off.  slow: skip the fast
 * scanner; *fast |= 1 when it was used. */
static zp_err dsse_open_impl(uint8_t **pae, size_t *pae_len, size_t *body_off,
                             char err[ZP_CERT_ERR_BYTES], const char *json, size_t len,
                             const char *payload_type, const uint8_t pk[ZP_AUTH_PUBLICKEYBYTES],
                             const uint8_t id[ZP_AUTH_KEY_ID_BYTES], int slow, int *fast) {
    *pae = NULL;
    *pae_len = *body_off = 0;
    /* sodium_init costs one uncontended lock once initialised. */
    if (zp_init() != ZP_OK) return zp_cert_fail(err, ZP_ERR_INTERNAL, "libsodium init failed");
    env_view v;
    cJSON *root = NULL;
    const cJSON *sigs = NULL, *s = NULL;
    int quick = !slow && env_fast(&v, json, len);
    if (quick && fast) *fast |= 1;
    zp_err ret = ZP_ERR_PARSE;
    uint8_t *m = NULL;
    const char *bad = NULL;
    if (!quick) { /* the reference reader */
        char perr[ZP_CERT_ERR_BYTES] = "";
        root = zp_cert_json_parse(perr, json, len);
        if (!root) return zp_cert_fail(err, ZP_ERR_PARSE, "envelope: %s", perr);
        static const char *const env_names[] = {"payloadType", "payload", "signatures"};
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
        sigs = member(root, "signatures");
        if (!cJSON_IsString(pt) || !cJSON_IsString(pl) || !cJSON_IsArray(sigs)) {
            zp_cert_fail(err, ret, "envelope: needs string payloadType, string payload, "
                                   "array signatures");
            goto done;
        }
        /* cJSON strings end at the first NUL (a \u0000 escape). */
        v.type = (span){pt->valuestring, strlen(pt->valuestring)};
        v.payload = (span){pl->valuestring, strlen(pl->valuestring)};
        v.n_sigs = cJSON_GetArraySize(sigs);
    }
    if (!span_is(v.type, payload_type)) {
        zp_cert_fail(err, ret, "envelope: payloadType is not \"%s\"", payload_type);
        goto done;
    }
    /* Decode the payload straight behind the PAE prefix: no copy. */
    size_t b64_len = v.payload.n;
    if (b64_len == 0 || b64_len % 4 != 0) {
        zp_cert_fail(err, ret, "envelope: payload is not canonical base64");
        goto done;
    }
    size_t body_len = b64_len / 4 * 3 - (v.payload.p[b64_len - 1] != '=' ? 0
                                          : v.payload.p[b64_len - 2] != '=' ? 1 : 2);
    size_t tl = strlen(payload_type), hl = pae_header(NULL, payload_type, tl, body_len), got = 0;
    m = malloc(hl + body_len);
    if (!m) {
        ret = zp_cert_fail(err, ZP_ERR_NOMEM, "out of memory");
        goto done;
    }
    pae_header(m, payload_type, tl, body_len);
    if (zp_cert_b64_decode_var(m + hl, body_len, &got, v.payload.p, b64_len) != ZP_OK ||
        got != body_len) {
        zp_cert_fail(err, ret, "envelope: payload is not canonical base64");
        goto done;
    }
    if (v.n_sigs < 1 || v.n_sigs > MAX_SIGNATURES) {
        zp_cert_fail(err, ret, "envelope: needs 1..%d signatures", MAX_SIGNATURES);
        goto done;
    }
    char idh[2 * ZP_AUTH_KEY_ID_BYTES + 1];
    zp_cert_hex_encode(idh, id, ZP_AUTH_KEY_ID_BYTES);
    static const char *const sig_names[] = {"keyid", "sig"};
    uint8_t sigs_b[MAX_SIGNATURES][ZP_AUTH_SIGBYTES];
    int usable[MAX_SIGNATURES];
    int n_usable = 0;
    char other[17] = "";
    for (int i = 0; i < v.n_sigs; i++) {
        span kid = {NULL, 0}, sg = {NULL, 0};
        int has_kid = 1;
        const cJSON *kj = NULL;
        if (quick) {
            has_kid = v.has_kid[i];
            kid = v.kid[i];
            sg = v.sig[i];
        } else {
            s = s ? s->next : sigs->child;
            if (!cJSON_IsObject(s) || !only_members(s, sig_names, 2, &bad)) {
                zp_cert_fail(err, ret, "envelope: signature %d is not {\"keyid\", \"sig\"}", i);
                goto done;
            }
            const cJSON *sj = member(s, "sig");
            kj = member(s, "keyid");
            if (cJSON_IsString(sj)) sg = (span){sj->valuestring, strlen(sj->valuestring)};
        }
        size_t n = 0;
        if (!sg.p || zp_cert_b64_decode_var(sigs_b[i], ZP_AUTH_SIGBYTES, &n, sg.p, sg.n) != ZP_OK ||
            n != ZP_AUTH_SIGBYTES) {
            zp_cert_fail(err, ret, "envelope: signature %d is not canonical base64 of 64 bytes", i);
            goto done;
        }
        if (!quick) {
            if (kj && !cJSON_IsString(kj)) {
                zp_cert_fail(err, ret, "envelope: keyid of signature %d is not a string", i);
                goto done;
            }
            has_kid = kj != NULL;
            if (kj) kid = (span){kj->valuestring, strlen(kj->valuestring)};
        }
        /* keyid is an unauthenticated hint (DSSE): it only selects which
         * signatures are tried; the predicate names the key again. */
        if (!has_kid || span_is(kid, idh)) usable[n_usable++] = i;
        else if (!other[0])
            snprintf(other, sizeof other, "%.*s", (int)(kid.n < 16 ? kid.n : 16), kid.p);
    }
    if (n_usable == 0) {
        ret = zp_cert_fail(err, ZP_ERR_VERIFY,
                           "wrong authority key: certificate signed by key id %s..., "
                           "not %.16s...", other, idh);
        goto done;
    }
    int verified = 0;
    for (int k = 0; k < n_usable && !verified; k++)
        verified = crypto_sign_verify_detached(sigs_b[usable[k]], m, hl + body_len, pk) == 0;
    if (!verified) {
        ret = zp_cert_fail(err, ZP_ERR_VERIFY,
                           "bad signature: the certificate was altered or not signed by "
                           "key id %.16s...", idh);
        goto done;
    }
    ret = ZP_OK;
    *pae = m;
    *pae_len = hl + body_len;
    *body_off = hl;
    m = NULL;
done:
    free(m);
    cJSON_Delete(root);
    return ret;
}

zp_err zp_dsse_open(uint8_t **payload, size_t *payload_len, char err[ZP_CERT_ERR_BYTES], const char *json,
                    size_t len, const char *payload_type,
                    const uint8_t pk[ZP_AUTH_PUBLICKEYBYTES]) {
    if (!payload || !payload_len) return zp_cert_fail(err, ZP_ERR_ARG, "no output");
    *payload = NULL;
    *payload_len = 0;
    if (!json || !payload_type || !pk) return zp_cert_fail(err, ZP_ERR_ARG, "missing argument");
    uint8_t id[ZP_AUTH_KEY_ID_BYTES], *m;
    size_t mlen, off;
    zp_auth_key_id(id, pk);
    zp_err e = dsse_open_impl(&m, &mlen, &off, err, json, len, payload_type, pk, id, 0, NULL);
    if (e != ZP_OK) return e;
    memmove(m, m + off, mlen - off);
    *payload = m;
    *payload_len = mlen - off;
    return ZP_OK;
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

static int attr_key_ok_n(const char *k, size_t n) {
    if (n < 1 || n > ZP_CERT_MAX_ATTR_KEY) return 0;
    for (const char *e = k + n; k < e; k++)
        if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') || (*k >= '0' && *k <= '9') ||
              *k == '.' || *k == '_' || *k == ':' || *k == '-'))
            return 0;
    return 1;
}

static int attr_key_ok(const char *k) { return attr_key_ok_n(k, strlen(k)); }

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
        } else if (*p == '+' || *p == '-') {
            /* left to right, so that no byte past the NUL is read */
            int oh, om;
            if (!digits(p + 1, 2, &oh) || p[3] != ':' || !digits(p + 4, 2, &om) || p[6] != 0 ||
                oh > 23 || om > 59)
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

/* Exactly 64 lowercase hex digits (as zp_cert_hex_decode). */
static int fs_hex32(uint8_t out[32], span s) {
    if (s.n != 64) return 0;
    for (size_t i = 0; i < 64; i++) {
        unsigned c = (unsigned char)s.p[i], d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else return 0;
        if (i & 1) out[i / 2] = (uint8_t)(out[i / 2] << 4 | d);
        else out[i / 2] = (uint8_t)d;
    }
    return 1;
}

static char *span_dup(span s) {
    char *d = malloc(s.n + 1);
    if (d) memcpy(d, s.p, s.n), d[s.n] = 0;
    return d;
}

/* An RFC 3339 time given as a span (zp_time_parse_rfc3339 wants a C string). */
static int fs_time(int64_t *t, span s) {
    char buf[48];
    if (s.n >= sizeof buf) return 0;
    memcpy(buf, s.p, s.n);
    buf[s.n] = 0;
    return zp_time_parse_rfc3339(t, buf, 0) == ZP_OK;
}

/* The statement in the compact form: fills out (but payload_digest) and
 * returns 1 only where parse_statement would accept it with the same
 * result; otherwise returns 0 with out zeroed. */
static int st_fast(zp_cert_info *out, const uint8_t *payload, size_t plen,
                   const uint8_t kid[ZP_AUTH_KEY_ID_BYTES]) {
    const char *p = (const char *)payload, *e = p + plen;
    span ty = {0}, pt = {0}, name = {0}, dsha = {0}, sch = {0}, sdg = {0}, lic = {0}, src = {0};
    span akid = {0}, ia = {0}, ea = {0}, ak[ZP_CERT_MAX_ATTRS], av[ZP_CERT_MAX_ATTRS];
    size_t na = 0;
    uint64_t records = 0;
    unsigned seen = 0, pseen = 0;
    int r, neg;
    span k;
    if (p >= e || *p++ != '{') return 0;
    do {
        if (!(p = fs_name(p, e, &k))) return 0;
        unsigned bit = span_is(k, "_type") ? 1u : span_is(k, "subject") ? 2u
                     : span_is(k, "predicateType") ? 4u : span_is(k, "predicate") ? 8u : 0u;
        if (!bit || (seen & bit)) return 0;
        seen |= bit;
        if (bit == 1) {
            p = fs_str(p, e, &ty);
        } else if (bit == 4) {
            p = fs_str(p, e, &pt);
        } else if (bit == 2) { /* [{"name":..,"digest":{"sha256":..}}] */
            if (e - p < 2 || *p++ != '[' || *p++ != '{') return 0;
            unsigned sseen = 0;
            do {
                if (!(p = fs_name(p, e, &k))) return 0;
                unsigned sb = span_is(k, "name") ? 1u : span_is(k, "digest") ? 2u : 0u;
                if (!sb || (sseen & sb)) return 0;
                sseen |= sb;
                if (sb == 1) {
                    p = fs_str(p, e, &name);
                } else {
                    if (p >= e || *p++ != '{' || !(p = fs_name(p, e, &k)) ||
                        !span_is(k, "sha256") || !(p = fs_str(p, e, &dsha)) || p >= e ||
                        *p++ != '}')
                        return 0;
                }
            } while ((r = fs_next(&p, e, '}')) == 1);
            if (r != 0 || sseen != 3 || p >= e || *p++ != ']') return 0;
        } else { /* predicate */
            if (p >= e || *p++ != '{') return 0;
            do {
                if (!(p = fs_name(p, e, &k))) return 0;
                static const char *const pn[] = {"records", "schema", "schema_digest",
                                                 "license", "source", "attributes",
                                                 "authority_key_id", "issued_at", "expires_at"};
                unsigned i = 0;
                while (i < 9 && !span_is(k, pn[i])) i++;
                if (i == 9 || (pseen >> i & 1)) return 0;
                pseen |= 1u << i;
                const char *v0 = p;
                switch (i) {
                case 0:
                    p = fs_int(p, e, &neg, &records);
                    if (neg || records < 1) return 0;
                    break;
                case 1:
                    if (p >= e || *p != '{') return 0;
                    p = fs_value(p, e, 0);
                    sch = (span){v0, p ? (size_t)(p - v0) : 0};
                    break;
                case 2: p = fs_str(p, e, &sdg); break;
                case 3: p = fs_str(p, e, &lic); break;
                case 4: p = fs_str(p, e, &src); break;
                case 5:
                    if (p >= e || *p++ != '{') return 0;
                    if (p < e && *p == '}') {
                        p++;
                        break;
                    }
                    do {
                        if (na == ZP_CERT_MAX_ATTRS || !(p = fs_name(p, e, &ak[na])) ||
                            !(p = fs_str(p, e, &av[na])))
                            return 0;
                        for (size_t j = 0; j < na; j++)
                            if (span_eq(ak[j], ak[na])) return 0;
                        na++;
                    } while ((r = fs_next(&p, e, '}')) == 1);
                    if (r != 0) return 0;
                    break;
                case 6: p = fs_str(p, e, &akid); break;
                case 7: p = fs_str(p, e, &ia); break;
                default: p = fs_str(p, e, &ea); break;
                }
            } while ((r = fs_next(&p, e, '}')) == 1);
            if (r != 0) return 0;
        }
    } while ((r = fs_next(&p, e, '}')) == 1);
    if (r != 0 || p != e || seen != 15 || (pseen & 0xff) != 0xff) return 0;
    /* The checks of parse_statement, all of which must pass. */
    zp_cert_info ci;
    memset(&ci, 0, sizeof ci);
    if (!span_is(ty, ZP_CERT_STATEMENT_TYPE) || !span_is(pt, ZP_CERT_PREDICATE_TYPE) ||
        name.n < 1 || name.n > ZP_CERT_MAX_NAME || !text_ok(name.p, name.n) ||
        !fs_hex32(ci.dataset_digest.b, dsha) || !fs_hex32(ci.schema_digest.b, sdg) ||
        src.n < 1 || src.n > ZP_CERT_MAX_SOURCE || !text_ok(src.p, src.n) ||
        !fs_hex32(ci.authority_key_id, akid) || !fs_time(&ci.issued_at, ia))
        return 0;
    for (size_t j = 0; j < na; j++)
        if (!attr_key_ok_n(ak[j].p, ak[j].n) || av[j].n > ZP_CERT_MAX_ATTR_VALUE ||
            !text_ok(av[j].p, av[j].n))
            return 0;
    if (pseen & 0x100) {
        if (!fs_time(&ci.expires_at, ea) || ci.expires_at <= ci.issued_at) return 0;
        ci.has_expiry = 1;
    }
    if (!zp_memeq(ci.authority_key_id, kid, ZP_AUTH_KEY_ID_BYTES)) return 0;
    ci.records = records;
    ci.subject_name = span_dup(name);
    ci.schema_json = span_dup(sch); /* already in zp_cert_json_print's form */
    ci.license = span_dup(lic);
    ci.source = span_dup(src);
    ci.attr_keys = calloc(na ? na : 1, sizeof(char *));
    ci.attr_values = calloc(na ? na : 1, sizeof(char *));
    int ok = ci.subject_name && ci.schema_json && ci.license && ci.source && ci.attr_keys &&
             ci.attr_values && zp_cert_license_check(ci.license) == ZP_OK;
    for (size_t j = 0; ok && j < na; j++) {
        ci.attr_keys[j] = span_dup(ak[j]);
        ci.attr_values[j] = span_dup(av[j]);
        ci.n_attrs++;
        ok = ci.attr_keys[j] && ci.attr_values[j];
    }
    if (!ok) {
        zp_cert_info_clear(&ci);
        return 0;
    }
    *out = ci;
    return 1;
}

zp_err zp_cert_verify_impl(zp_cert_info *out, char err[ZP_CERT_ERR_BYTES], const char *cert_json,
                           size_t len, const uint8_t pk[ZP_AUTH_PUBLICKEYBYTES], int64_t now,
                           int slow, int *fast) {
    if (fast) *fast = 0;
    if (!out) return zp_cert_fail(err, ZP_ERR_ARG, "no output");
    memset(out, 0, sizeof *out);
    if (!cert_json || !pk) return zp_cert_fail(err, ZP_ERR_ARG, "missing argument");
    if (len > ZP_CERT_MAX_BYTES)
        return zp_cert_fail(err, ZP_ERR_PARSE, "certificate larger than %zu bytes",
                            ZP_CERT_MAX_BYTES);
    uint8_t kid[ZP_AUTH_KEY_ID_BYTES], *m = NULL;
    size_t mlen = 0, off = 0;
    zp_auth_key_id(kid, pk);
    zp_err e = dsse_open_impl(&m, &mlen, &off, err, cert_json, len, ZP_CERT_PAYLOAD_TYPE, pk, kid,
                              slow, fast);
    if (e != ZP_OK) return e;
    const uint8_t *payload = m + off;
    size_t plen = mlen - off;
    if (!slow && st_fast(out, payload, plen, kid)) {
        if (fast) *fast |= 2;
    } else {
        e = parse_statement(out, err, payload, plen, kid);
    }
    if (e == ZP_OK) zp_sha256(out->payload_digest.b, payload, plen);
    free(m);
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

zp_err zp_cert_verify(zp_cert_info *out, char err[ZP_CERT_ERR_BYTES], const char *cert_json, size_t len,
                      const uint8_t pk[ZP_AUTH_PUBLICKEYBYTES], int64_t now) {
    return zp_cert_verify_impl(out, err, cert_json, len, pk, now, 0, NULL);
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
