/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Data-authority Ed25519 keys: generation, key files, and the file and
 * encoding helpers shared with cert.c (format: docs/formats/keys.md). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "prov/cert_internal.h"
#include "zkprov/hash.h"

#define SECRET_TYPE "zkprov/ed25519-secret-key"
#define PUBLIC_TYPE "zkprov/ed25519-public-key"
#define KEY_FILE_VERSION 1
#define KEY_FILE_MAX ((size_t)64 << 10)

size_t zp_auth_publickeybytes(void) { return ZP_AUTH_PUBLICKEYBYTES; }
size_t zp_auth_secretkeybytes(void) { return ZP_AUTH_SECRETKEYBYTES; }
size_t zp_auth_key_id_bytes(void) { return ZP_AUTH_KEY_ID_BYTES; }
size_t zp_cert_err_bytes(void) { return ZP_CERT_ERR_BYTES; }

/* ---------------- shared helpers ---------------- */

zp_err zp_cert_fail(char err[ZP_CERT_ERR_BYTES], zp_err e, const char *fmt, ...) {
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, ZP_CERT_ERR_BYTES, fmt, ap);
        va_end(ap);
        for (char *p = err; *p; p++)
            if (*p == '\n' || *p == '\r') *p = ' '; /* always one line */
    }
    return e;
}

static int cmp_str_ptr(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* 1 if some object under item has two members with the same name. */
static int has_duplicate_names(const cJSON *item) {
    for (; item; item = item->next) {
        if (cJSON_IsObject(item)) {
            size_t n = 0;
            for (const cJSON *c = item->child; c; c = c->next) n++;
            if (n > 1 && n <= 8) { /* small objects: compare pairs, no allocation */
                for (const cJSON *c = item->child; c; c = c->next)
                    for (const cJSON *d = c->next; d; d = d->next)
                        if (!strcmp(c->string ? c->string : "", d->string ? d->string : ""))
                            return 1;
            } else if (n > 8) {
                const char **names = malloc(n * sizeof *names);
                if (!names) return 1; /* treated as malformed: fail closed */
                size_t i = 0;
                for (const cJSON *c = item->child; c; c = c->next)
                    names[i++] = c->string ? c->string : "";
                qsort(names, n, sizeof *names, cmp_str_ptr);
                int dup = 0;
                for (i = 1; i < n && !dup; i++) dup = !strcmp(names[i - 1], names[i]);
                free(names);
                if (dup) return 1;
            }
        }
        if ((cJSON_IsObject(item) || cJSON_IsArray(item)) && has_duplicate_names(item->child))
            return 1;
    }
    return 0;
}

cJSON *zp_cert_json_parse(char err[ZP_CERT_ERR_BYTES], const char *json, size_t len) {
    if (!json) {
        zp_cert_fail(err, ZP_ERR_PARSE, "no JSON text");
        return NULL;
    }
    if (memchr(json, 0, len)) {
        zp_cert_fail(err, ZP_ERR_PARSE, "NUL byte in JSON text");
        return NULL;
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(json, len, &end, 0);
    if (!root) {
        size_t off = end && end >= json && end <= json + len ? (size_t)(end - json) : 0;
        zp_cert_fail(err, ZP_ERR_PARSE, "malformed JSON near byte %zu", off);
        return NULL;
    }
    for (const char *p = end; p < json + len; p++) {
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') {
            cJSON_Delete(root);
            zp_cert_fail(err, ZP_ERR_PARSE, "trailing data after JSON value at byte %zu",
                         (size_t)(p - json));
            return NULL;
        }
    }
    if (has_duplicate_names(root)) {
        cJSON_Delete(root);
        zp_cert_fail(err, ZP_ERR_PARSE, "duplicate member name in JSON object");
        return NULL;
    }
    return root;
}

char *zp_cert_b64_encode(const uint8_t *in, size_t len) {
    size_t n = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
    char *s = malloc(n);
    if (!s) return NULL;
    sodium_bin2base64(s, n, in, len, sodium_base64_VARIANT_ORIGINAL);
    return s;
}

zp_err zp_cert_b64_decode(uint8_t *out, size_t cap, size_t *out_len,
                          const char *b64, size_t b64_len) {
    *out_len = 0;
    if (b64_len == 0 || b64_len % 4 != 0 || b64_len / 4 * 3 > cap + 2) return ZP_ERR_PARSE;
    const char *end = NULL;
    size_t n = 0;
    if (sodium_base642bin(out, cap, b64, b64_len, NULL, &n, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != b64 + b64_len)
        return ZP_ERR_PARSE;
    /* Canonical: re-encoding gives back the same characters.  libsodium
     * already rejects non-zero padding bits; this also pins the padding. */
    if (sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL) != b64_len + 1)
        return ZP_ERR_PARSE;
    *out_len = n;
    return ZP_OK;
}

static const signed char b64_val[256] = {
    ['A'] = 1,  ['B'] = 2,  ['C'] = 3,  ['D'] = 4,  ['E'] = 5,  ['F'] = 6,  ['G'] = 7,
    ['H'] = 8,  ['I'] = 9,  ['J'] = 10, ['K'] = 11, ['L'] = 12, ['M'] = 13, ['N'] = 14,
    ['O'] = 15, ['P'] = 16, ['Q'] = 17, ['R'] = 18, ['S'] = 19, ['T'] = 20, ['U'] = 21,
    ['V'] = 22, ['W'] = 23, ['X'] = 24, ['Y'] = 25, ['Z'] = 26, ['a'] = 27, ['b'] = 28,
    ['c'] = 29, ['d'] = 30, ['e'] = 31, ['f'] = 32, ['g'] = 33, ['h'] = 34, ['i'] = 35,
    ['j'] = 36, ['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40, ['o'] = 41, ['p'] = 42,
    ['q'] = 43, ['r'] = 44, ['s'] = 45, ['t'] = 46, ['u'] = 47, ['v'] = 48, ['w'] = 49,
    ['x'] = 50, ['y'] = 51, ['z'] = 52, ['0'] = 53, ['1'] = 54, ['2'] = 55, ['3'] = 56,
    ['4'] = 57, ['5'] = 58, ['6'] = 59, ['7'] = 60, ['8'] = 61, ['9'] = 62, ['+'] = 63,
    ['/'] = 64, /* value + 1; 0 = not in the alphabet */
};

zp_err zp_cert_b64_decode_var(uint8_t *out, size_t cap, size_t *out_len,
                              const char *b64, size_t b64_len) {
    *out_len = 0;
    if (b64_len == 0 || b64_len % 4 != 0) return ZP_ERR_PARSE;
    const unsigned char *s = (const unsigned char *)b64;
    size_t pad = s[b64_len - 1] == '=' ? (s[b64_len - 2] == '=' ? 2 : 1) : 0;
    size_t n = b64_len / 4 * 3 - pad;
    if (n > cap) return ZP_ERR_PARSE;
    size_t full = (b64_len - (pad ? 4 : 0)) / 4, o = 0;
    for (size_t g = 0; g < full; g++, s += 4) {
        int a = b64_val[s[0]], b = b64_val[s[1]], c = b64_val[s[2]], d = b64_val[s[3]];
        if (!a || !b || !c || !d) return ZP_ERR_PARSE;
        uint32_t v = (uint32_t)(a - 1) << 18 | (uint32_t)(b - 1) << 12 |
                     (uint32_t)(c - 1) << 6 | (uint32_t)(d - 1);
        out[o++] = (uint8_t)(v >> 16);
        out[o++] = (uint8_t)(v >> 8);
        out[o++] = (uint8_t)v;
    }
    if (pad) { /* last group: "xx==" or "xxx="; unused bits must be zero */
        int a = b64_val[s[0]], b = b64_val[s[1]];
        int c = pad == 1 ? b64_val[s[2]] : 1;
        if (!a || !b || !c) return ZP_ERR_PARSE;
        uint32_t v = (uint32_t)(a - 1) << 18 | (uint32_t)(b - 1) << 12 | (uint32_t)(c - 1) << 6;
        if (pad == 2 ? (v & 0xffff) != 0 : (v & 0xff) != 0) return ZP_ERR_PARSE;
        out[o++] = (uint8_t)(v >> 16);
        if (pad == 1) out[o++] = (uint8_t)(v >> 8);
    }
    *out_len = o;
    return ZP_OK;
}

/* ---- compact JSON printer (see cert_internal.h) ---- */
typedef struct {
    char *p;
    size_t n, cap;
    int bad;
} jbuf;

static void jput(jbuf *b, const char *s, size_t n) {
    if (b->bad) return;
    if (b->n + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 256;
        while (nc < b->n + n + 1) nc *= 2;
        char *np = realloc(b->p, nc);
        if (!np) {
            b->bad = 1;
            return;
        }
        b->p = np;
        b->cap = nc;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

static void jstr(jbuf *b, const char *s) {
    jput(b, "\"", 1);
    const char *run = s;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        jput(b, run, (size_t)(s - run));
        char esc[8];
        if (c == '"' || c == '\\') esc[0] = '\\', esc[1] = (char)c, esc[2] = 0;
        else snprintf(esc, sizeof esc, "\\u%04x", c);
        jput(b, esc, strlen(esc));
        run = s + 1;
    }
    jput(b, run, (size_t)(s - run));
    jput(b, "\"", 1);
}

static void jval(jbuf *b, const cJSON *it, int depth) {
    char num[40];
    if (depth > 64) {
        b->bad = 1;
        return;
    }
    if (cJSON_IsObject(it) || cJSON_IsArray(it)) {
        int obj = cJSON_IsObject(it);
        jput(b, obj ? "{" : "[", 1);
        for (const cJSON *c = it->child; c; c = c->next) {
            if (c != it->child) jput(b, ",", 1);
            if (obj) {
                jstr(b, c->string ? c->string : "");
                jput(b, ":", 1);
            }
            jval(b, c, depth + 1);
        }
        jput(b, obj ? "}" : "]", 1);
    } else if (cJSON_IsString(it)) {
        jstr(b, it->valuestring);
    } else if (cJSON_IsNumber(it)) {
        double d = it->valuedouble;
        if (d == d && d > -9007199254740992.0 && d < 9007199254740992.0 &&
            d == (double)(int64_t)d) {
            int64_t v = (int64_t)d;
            uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
            char *q = num + sizeof num;
            *--q = 0;
            do *--q = (char)('0' + u % 10), u /= 10; while (u);
            if (v < 0) *--q = '-';
            jput(b, q, strlen(q));
            return;
        }
        if (d == d && d - d == 0)
            snprintf(num, sizeof num, "%.17g", d);
        else
            snprintf(num, sizeof num, "null");
        jput(b, num, strlen(num));
    } else if (cJSON_IsTrue(it)) {
        jput(b, "true", 4);
    } else if (cJSON_IsFalse(it)) {
        jput(b, "false", 5);
    } else {
        jput(b, "null", 4);
    }
}

char *zp_cert_json_print(const cJSON *item) {
    jbuf b = {NULL, 0, 0, 0};
    jval(&b, item, 0);
    if (b.bad) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

zp_err zp_cert_hex_decode(uint8_t *out, size_t n, const char *hex) {
    if (!hex || strlen(hex) != 2 * n) return ZP_ERR_PARSE;
    for (size_t i = 0; i < 2 * n; i++) {
        char c = hex[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return ZP_ERR_PARSE;
    }
    size_t got = 0;
    if (sodium_hex2bin(out, n, hex, 2 * n, NULL, &got, NULL) != 0 || got != n)
        return ZP_ERR_PARSE;
    return ZP_OK;
}

void zp_cert_hex_encode(char *out, const uint8_t *in, size_t n) {
    sodium_bin2hex(out, 2 * n + 1, in, n);
}

zp_err zp_cert_read_file(char **out, size_t *len, char err[ZP_CERT_ERR_BYTES], const char *path,
                         size_t max) {
    *out = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return zp_cert_fail(err, ZP_ERR_IO, "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return zp_cert_fail(err, ZP_ERR_IO, "%s: not a regular file", path);
    }
    if ((uint64_t)st.st_size > max) {
        close(fd);
        return zp_cert_fail(err, ZP_ERR_IO, "%s: larger than %zu bytes", path, max);
    }
    size_t cap = (size_t)st.st_size + 1;
    char *buf = malloc(cap);
    if (!buf) {
        close(fd);
        return zp_cert_fail(err, ZP_ERR_NOMEM, "out of memory");
    }
    size_t n = 0;
    for (;;) {
        if (n == cap - 1) { /* the file grew: accept only up to max */
            if (cap - 1 >= max) break;
            size_t ncap = cap * 2 > max + 1 ? max + 1 : cap * 2;
            char *nb = realloc(buf, ncap);
            if (!nb) break;
            buf = nb;
            cap = ncap;
        }
        ssize_t r = read(fd, buf + n, cap - 1 - n);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            int e = errno;
            close(fd);
            free(buf);
            return zp_cert_fail(err, ZP_ERR_IO, "%s: %s", path, strerror(e));
        }
        if (r == 0) break;
        n += (size_t)r;
    }
    close(fd);
    buf[n] = 0;
    *out = buf;
    *len = n;
    return ZP_OK;
}

static int write_all(int fd, const void *data, size_t len) {
    const uint8_t *p = data;
    while (len) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

zp_err zp_cert_write_file(char err[ZP_CERT_ERR_BYTES], const char *path, const void *data, size_t len,
                          unsigned mode, int force) {
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 32);
    if (!tmp) return zp_cert_fail(err, ZP_ERR_NOMEM, "out of memory");
    int fd = -1;
    for (int tries = 0; tries < 16 && fd < 0; tries++) {
        uint8_t r[8];
        char rh[17];
        randombytes_buf(r, sizeof r);
        zp_cert_hex_encode(rh, r, sizeof r);
        snprintf(tmp, plen + 32, "%s.tmp-%s", path, rh);
        fd = open(tmp, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, (mode_t)mode);
        if (fd < 0 && errno != EEXIST) break;
    }
    if (fd < 0) {
        int e = errno;
        free(tmp);
        return zp_cert_fail(err, ZP_ERR_IO, "%s: cannot create temporary file: %s", path,
                            strerror(e));
    }
    if (write_all(fd, data, len) != 0 || fsync(fd) != 0) {
        int e = errno;
        close(fd);
        unlink(tmp);
        free(tmp);
        return zp_cert_fail(err, ZP_ERR_IO, "%s: write failed: %s", path, strerror(e));
    }
    if (close(fd) != 0) {
        int e = errno;
        unlink(tmp);
        free(tmp);
        return zp_cert_fail(err, ZP_ERR_IO, "%s: write failed: %s", path, strerror(e));
    }
    zp_err ret = ZP_OK;
    if (force) {
        if (rename(tmp, path) != 0)
            ret = zp_cert_fail(err, ZP_ERR_IO, "%s: %s", path, strerror(errno));
    } else if (link(tmp, path) != 0) {
        /* link(2) never replaces an existing name; fall back to a checked
         * rename only on file systems without hard links. */
        int e = errno;
        struct stat st;
        if (e == EEXIST || lstat(path, &st) == 0)
            ret = zp_cert_fail(err, ZP_ERR_ARG, "%s: file exists (not overwritten)", path);
        else if ((e == EPERM || e == ENOTSUP || e == EXDEV || e == EMLINK) &&
                 rename(tmp, path) == 0)
            ret = ZP_OK;
        else
            ret = zp_cert_fail(err, ZP_ERR_IO, "%s: %s", path, strerror(e));
    }
    unlink(tmp); /* after link, or a failed rename; harmless after rename */
    free(tmp);
    return ret;
}

/* ---------------- keys ---------------- */

zp_err zp_auth_keypair(uint8_t pk[ZP_AUTH_PUBLICKEYBYTES],
                       uint8_t sk[ZP_AUTH_SECRETKEYBYTES]) {
    if (zp_init() != ZP_OK || crypto_sign_keypair(pk, sk) != 0) {
        zp_memzero(sk, ZP_AUTH_SECRETKEYBYTES);
        return ZP_ERR_INTERNAL;
    }
    return ZP_OK;
}

void zp_auth_key_id(uint8_t id[ZP_AUTH_KEY_ID_BYTES], const uint8_t pk[ZP_AUTH_PUBLICKEYBYTES]) {
    zp_sha256(id, pk, ZP_AUTH_PUBLICKEYBYTES);
}

/* 1 if sk = seed || pk with pk the public key of seed. */
static int secret_consistent(const uint8_t sk[ZP_AUTH_SECRETKEYBYTES]) {
    uint8_t pk2[crypto_sign_PUBLICKEYBYTES], sk2[crypto_sign_SECRETKEYBYTES];
    int ok = crypto_sign_seed_keypair(pk2, sk2, sk) == 0 &&
             zp_memeq(pk2, sk + 32, sizeof pk2);
    zp_memzero(sk2, sizeof sk2);
    return ok;
}

static zp_err key_json(char **out, size_t *len, const char *type, const char *field,
                       const uint8_t *key, size_t key_len, const uint8_t pk[32]) {
    *out = NULL;
    *len = 0;
    uint8_t id[ZP_AUTH_KEY_ID_BYTES];
    char idh[2 * ZP_AUTH_KEY_ID_BYTES + 1];
    zp_auth_key_id(id, pk);
    zp_cert_hex_encode(idh, id, sizeof id);
    char *b64 = zp_cert_b64_encode(key, key_len);
    if (!b64) return ZP_ERR_NOMEM;
    size_t cap = strlen(b64) + 256;
    char *s = malloc(cap);
    if (!s) {
        sodium_memzero(b64, strlen(b64));
        free(b64);
        return ZP_ERR_NOMEM;
    }
    int n = snprintf(s, cap, "{\"type\":\"%s\",\"version\":%d,\"key_id\":\"%s\",\"%s\":\"%s\"}\n",
                     type, KEY_FILE_VERSION, idh, field, b64);
    sodium_memzero(b64, strlen(b64));
    free(b64);
    if (n < 0 || (size_t)n >= cap) {
        sodium_memzero(s, cap);
        free(s);
        return ZP_ERR_INTERNAL;
    }
    *out = s;
    *len = (size_t)n;
    return ZP_OK;
}

zp_err zp_auth_secret_to_json(char **out, size_t *len, const uint8_t sk[ZP_AUTH_SECRETKEYBYTES]) {
    if (!out || !len) return ZP_ERR_ARG;
    *out = NULL;
    *len = 0;
    if (!sk || !secret_consistent(sk)) return ZP_ERR_ARG;
    return key_json(out, len, SECRET_TYPE, "secret_key", sk, ZP_AUTH_SECRETKEYBYTES, sk + 32);
}

zp_err zp_auth_public_to_json(char **out, size_t *len, const uint8_t pk[ZP_AUTH_PUBLICKEYBYTES]) {
    if (!out || !len) return ZP_ERR_ARG;
    *out = NULL;
    *len = 0;
    if (!pk) return ZP_ERR_ARG;
    return key_json(out, len, PUBLIC_TYPE, "public_key", pk, ZP_AUTH_PUBLICKEYBYTES, pk);
}

/* Parses a key file of the given type into key[key_len]; for the secret
 * form also checks the seed.  Wipes every copy of the encoded key. */
static zp_err key_parse(uint8_t *key, size_t key_len, char err[ZP_CERT_ERR_BYTES], const char *json,
                        size_t len, const char *type, const char *field) {
    const char *what = key_len == ZP_AUTH_SECRETKEYBYTES ? "secret key file" : "public key file";
    zp_memzero(key, key_len);
    if (zp_init() != ZP_OK) return zp_cert_fail(err, ZP_ERR_INTERNAL, "libsodium init failed");
    char perr[ZP_CERT_ERR_BYTES] = "";
    cJSON *root = zp_cert_json_parse(perr, json, len);
    if (!root) return zp_cert_fail(err, ZP_ERR_PARSE, "%s: %s", what, perr);
    zp_err ret = ZP_ERR_PARSE;
    cJSON *val = NULL;
    if (!cJSON_IsObject(root)) {
        zp_cert_fail(err, ret, "%s: not a JSON object", what);
        goto done;
    }
    int n = 0;
    for (cJSON *c = root->child; c; c = c->next) {
        if (strcmp(c->string, "type") && strcmp(c->string, "version") &&
            strcmp(c->string, "key_id") && strcmp(c->string, field)) {
            zp_cert_fail(err, ret, "%s: unknown member \"%.64s\"", what, c->string);
            goto done;
        }
        n++;
    }
    cJSON *t = cJSON_GetObjectItemCaseSensitive(root, "type");
    cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "version");
    cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "key_id");
    val = cJSON_GetObjectItemCaseSensitive(root, field);
    if (n != 4 || !t || !v || !id || !val) {
        zp_cert_fail(err, ret, "%s: needs exactly type, version, key_id, %s", what, field);
        goto done;
    }
    if (!cJSON_IsString(t) || strcmp(t->valuestring, type)) {
        zp_cert_fail(err, ret, "%s: type is not \"%s\"", what, type);
        goto done;
    }
    if (!cJSON_IsNumber(v) || v->valuedouble != (double)KEY_FILE_VERSION) {
        zp_cert_fail(err, ret, "%s: unsupported version (expected %d)", what, KEY_FILE_VERSION);
        goto done;
    }
    uint8_t idb[ZP_AUTH_KEY_ID_BYTES];
    if (!cJSON_IsString(id) || zp_cert_hex_decode(idb, sizeof idb, id->valuestring) != ZP_OK) {
        zp_cert_fail(err, ret, "%s: key_id is not 64 lowercase hex digits", what);
        goto done;
    }
    size_t got = 0;
    if (!cJSON_IsString(val) ||
        zp_cert_b64_decode(key, key_len, &got, val->valuestring, strlen(val->valuestring)) != ZP_OK ||
        got != key_len) {
        zp_cert_fail(err, ret, "%s: %s is not base64 of %zu bytes", what, field, key_len);
        goto done;
    }
    const uint8_t *pk = key_len == ZP_AUTH_SECRETKEYBYTES ? key + 32 : key;
    if (key_len == ZP_AUTH_SECRETKEYBYTES && !secret_consistent(key)) {
        zp_cert_fail(err, ret, "%s: public half does not match the seed", what);
        goto done;
    }
    if (key_len == ZP_AUTH_PUBLICKEYBYTES && !crypto_core_ed25519_is_valid_point(pk)) {
        zp_cert_fail(err, ret, "%s: not a valid Ed25519 public key", what);
        goto done;
    }
    uint8_t want[ZP_AUTH_KEY_ID_BYTES];
    zp_auth_key_id(want, pk);
    if (!zp_memeq(want, idb, sizeof want)) {
        zp_cert_fail(err, ret, "%s: key_id does not match the key", what);
        goto done;
    }
    ret = ZP_OK;
done:
    if (ret != ZP_OK) zp_memzero(key, key_len);
    if (val && cJSON_IsString(val) && val->valuestring)
        sodium_memzero(val->valuestring, strlen(val->valuestring));
    cJSON_Delete(root);
    return ret;
}

zp_err zp_auth_secret_parse(uint8_t sk[ZP_AUTH_SECRETKEYBYTES], char err[ZP_CERT_ERR_BYTES], const char *json,
                            size_t len) {
    if (!sk) return ZP_ERR_ARG;
    return key_parse(sk, ZP_AUTH_SECRETKEYBYTES, err, json, len, SECRET_TYPE, "secret_key");
}

zp_err zp_auth_public_parse(uint8_t pk[ZP_AUTH_PUBLICKEYBYTES], char err[ZP_CERT_ERR_BYTES], const char *json,
                            size_t len) {
    if (!pk) return ZP_ERR_ARG;
    return key_parse(pk, ZP_AUTH_PUBLICKEYBYTES, err, json, len, PUBLIC_TYPE, "public_key");
}

zp_err zp_auth_secret_load(uint8_t sk[ZP_AUTH_SECRETKEYBYTES], char err[ZP_CERT_ERR_BYTES], const char *path) {
    if (!sk || !path) return ZP_ERR_ARG;
    zp_memzero(sk, ZP_AUTH_SECRETKEYBYTES);
    char *buf;
    size_t len;
    zp_err e = zp_cert_read_file(&buf, &len, err, path, KEY_FILE_MAX);
    if (e != ZP_OK) return e;
    e = zp_auth_secret_parse(sk, err, buf, len);
    sodium_memzero(buf, len);
    free(buf);
    return e;
}

zp_err zp_auth_public_load(uint8_t pk[ZP_AUTH_PUBLICKEYBYTES], char err[ZP_CERT_ERR_BYTES], const char *path) {
    if (!pk || !path) return ZP_ERR_ARG;
    zp_memzero(pk, ZP_AUTH_PUBLICKEYBYTES);
    char *buf;
    size_t len;
    zp_err e = zp_cert_read_file(&buf, &len, err, path, KEY_FILE_MAX);
    if (e != ZP_OK) return e;
    e = zp_auth_public_parse(pk, err, buf, len);
    free(buf);
    return e;
}

/* Creates path with O_CREAT|O_EXCL (never replaces a file), mode 0600. */
static zp_err write_new_secret(char err[ZP_CERT_ERR_BYTES], const char *path, const char *data, size_t len) {
    int fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            return zp_cert_fail(err, ZP_ERR_ARG, "%s: file exists (not overwritten)", path);
        return zp_cert_fail(err, ZP_ERR_IO, "%s: %s", path, strerror(errno));
    }
    if (write_all(fd, data, len) != 0 || fsync(fd) != 0) {
        int e = errno;
        close(fd);
        unlink(path);
        return zp_cert_fail(err, ZP_ERR_IO, "%s: write failed: %s", path, strerror(e));
    }
    if (close(fd) != 0) {
        int e = errno;
        unlink(path);
        return zp_cert_fail(err, ZP_ERR_IO, "%s: write failed: %s", path, strerror(e));
    }
    return ZP_OK;
}

zp_err zp_auth_keygen_files(uint8_t pk_out[ZP_AUTH_PUBLICKEYBYTES], char err[ZP_CERT_ERR_BYTES],
                            const char *base, int force) {
    if (!base || !*base) return zp_cert_fail(err, ZP_ERR_ARG, "empty key name");
    size_t bl = strlen(base);
    char *kpath = malloc(bl + 5), *ppath = malloc(bl + 5);
    if (!kpath || !ppath) {
        free(kpath);
        free(ppath);
        return zp_cert_fail(err, ZP_ERR_NOMEM, "out of memory");
    }
    memcpy(kpath, base, bl);
    memcpy(kpath + bl, ".key", 5);
    memcpy(ppath, base, bl);
    memcpy(ppath + bl, ".pub", 5);
    uint8_t pk[ZP_AUTH_PUBLICKEYBYTES], sk[ZP_AUTH_SECRETKEYBYTES];
    char *sj = NULL, *pj = NULL;
    size_t sl = 0, pl = 0;
    struct stat st;
    zp_err e = ZP_OK;
    if (!force && lstat(kpath, &st) == 0)
        e = zp_cert_fail(err, ZP_ERR_ARG, "%s: file exists (not overwritten)", kpath);
    else if (!force && lstat(ppath, &st) == 0)
        e = zp_cert_fail(err, ZP_ERR_ARG, "%s: file exists (not overwritten)", ppath);
    if (e == ZP_OK && zp_auth_keypair(pk, sk) != ZP_OK)
        e = zp_cert_fail(err, ZP_ERR_INTERNAL, "key generation failed");
    if (e == ZP_OK && (zp_auth_secret_to_json(&sj, &sl, sk) != ZP_OK ||
                       zp_auth_public_to_json(&pj, &pl, pk) != ZP_OK))
        e = zp_cert_fail(err, ZP_ERR_NOMEM, "out of memory");
    zp_memzero(sk, sizeof sk);
    if (e == ZP_OK) {
        if (force) {
            e = zp_cert_write_file(err, kpath, sj, sl, 0600, 1);
            if (e == ZP_OK) e = zp_cert_write_file(err, ppath, pj, pl, 0644, 1);
        } else {
            e = write_new_secret(err, kpath, sj, sl);
            if (e == ZP_OK) {
                e = zp_cert_write_file(err, ppath, pj, pl, 0644, 0);
                if (e != ZP_OK) unlink(kpath); /* no secret without its public file */
            }
        }
    }
    if (sj) {
        sodium_memzero(sj, sl);
        free(sj);
    }
    free(pj);
    free(kpath);
    free(ppath);
    if (e == ZP_OK && pk_out) memcpy(pk_out, pk, sizeof pk);
    return e;
}
