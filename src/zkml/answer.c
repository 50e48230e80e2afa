/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Proven answers: the strict parser and the writer of ANSWER.json (docs/formats/answer.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "zkml_internal.h"

#define ANSWER_TYPE "zkprov/answer"
#define ANSWER_VERSION 1

/* The reasons are fixed texts (nothing of the file is echoed), so they are
 * one printable line.  The texts of the shape checks are those `zkprov
 * verify` printed before the parser moved here. */
#define E_HEAD "not a zkprov answer (type, model, opening, batch, private_input, proof)"
#define E_CHAIN "bad run_proof / dataset_certificates"

static void seterr(char *err, const char *msg) {
    if (err) snprintf(err, ZP_ZKML_ERR_BYTES, "%s", msg);
}

/* ---- base64 (RFC 4648 section 4, padded standard alphabet) ---- */

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int b64_val(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

static char *b64_encode(const uint8_t *d, size_t n) {
    char *o = malloc(4 * ((n + 2) / 3) + 1), *p = o;
    if (!o) return NULL;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)d[i] << 16 | (i + 1 < n ? (uint32_t)d[i + 1] << 8 : 0) |
                     (i + 2 < n ? d[i + 2] : 0);
        *p++ = B64[v >> 18];
        *p++ = B64[(v >> 12) & 63];
        *p++ = i + 1 < n ? B64[(v >> 6) & 63] : '=';
        *p++ = i + 2 < n ? B64[v & 63] : '=';
    }
    *p = 0;
    return o;
}

/* s[L] as canonical padded base64 (non-empty; '=' only as the last one or
 * two characters; the unused bits of the last group zero, RFC 4648 3.5)
 * -> *out (malloc'ed), *n.  Returns ZP_OK, ZP_ERR_PARSE, ZP_ERR_NOMEM. */
static zp_err b64_decode(uint8_t **out, size_t *n, const char *s, size_t L) {
    *out = NULL;
    *n = 0;
    if (L == 0 || L % 4) return ZP_ERR_PARSE;
    uint8_t *o = malloc(L / 4 * 3), *p = o;
    if (!o) return ZP_ERR_NOMEM;
    for (size_t i = 0; i < L; i += 4) {
        int v[4], pad = 0;
        for (int k = 0; k < 4; k++) {
            if (s[i + k] == '=' && i + 4 == L && k >= 2) {
                v[k] = 0;
                pad++;
                continue;
            }
            v[k] = b64_val(s[i + k]);
            if (v[k] < 0 || pad) goto bad;
        }
        uint32_t w = (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 | (uint32_t)v[2] << 6 |
                     (uint32_t)v[3];
        if ((pad == 1 && (w & 0xff)) || (pad == 2 && (w & 0xffff))) goto bad;
        *p++ = (uint8_t)(w >> 16);
        if (pad < 2) *p++ = (uint8_t)(w >> 8);
        if (pad < 1) *p++ = (uint8_t)w;
    }
    *out = o;
    *n = (size_t)(p - o);
    return ZP_OK;
bad:
    free(o);
    return ZP_ERR_PARSE;
}

/* ---- JSON helpers ---- */

static int hexval(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* A string of 64 lower-case hex digits -> 32 bytes. */
static int get_digest(uint8_t out[32], const cJSON *v) {
    if (!cJSON_IsString(v) || strlen(v->valuestring) != 64) return 0;
    for (int i = 0; i < 32; i++) {
        int h = hexval(v->valuestring[2 * i]), l = hexval(v->valuestring[2 * i + 1]);
        if (h < 0 || l < 0) return 0;
        out[i] = (uint8_t)(h << 4 | l);
    }
    return 1;
}

static void put_hex(char out[65], const uint8_t b[32]) {
    static const char H[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = H[b[i] >> 4];
        out[2 * i + 1] = H[b[i] & 15];
    }
    out[64] = 0;
}

/* An integral JSON number in [lo, hi].  The range is checked before the
 * cast: a double out of int64_t's range (1e999 parses to infinity) must
 * not be converted (C11 6.3.1.4: undefined). */
static int get_int(int64_t *out, const cJSON *v, int64_t lo, int64_t hi) {
    if (!cJSON_IsNumber(v)) return 0;
    double d = v->valuedouble;
    if (!(d >= (double)lo && d <= (double)hi)) return 0;
    int64_t i = (int64_t)d;
    if ((double)i != d) return 0;
    *out = i;
    return 1;
}

/* The keys of docs/formats/answer.md: every key of obj is one of them and
 * none is repeated (a repeated key would let two readers see two answers). */
static int known_keys(const cJSON *obj) {
    static const char *const keys[] = {"type", "version", "model", "opening", "run_proof",
                                       "dataset_certificates", "batch", "private_input",
                                       "input", "scores", "labels", "proof", NULL};
    for (const cJSON *c = obj->child; c; c = c->next) {
        size_t k = 0;
        while (keys[k] && (!c->string || strcmp(keys[k], c->string) != 0)) k++;
        if (!keys[k]) return 0;
        for (const cJSON *d = obj->child; d != c; d = d->next)
            if (strcmp(d->string, c->string) == 0) return 0;
    }
    return 1;
}

/* arr: rows arrays of one width w (1..ZP_ZKML_MAX_WIDTH) of integers in
 * +-ZP_ANSWER_MAX_VALUE -> *dst (malloc'ed rows * w), *w.  Returns ZP_OK,
 * ZP_ERR_PARSE, ZP_ERR_NOMEM. */
static zp_err get_matrix(int64_t **dst, size_t *w, const cJSON *arr, size_t rows) {
    *dst = NULL;
    *w = 0;
    if (!cJSON_IsArray(arr) || (size_t)cJSON_GetArraySize(arr) != rows) return ZP_ERR_PARSE;
    const cJSON *r0 = arr->child;
    if (!cJSON_IsArray(r0)) return ZP_ERR_PARSE;
    const size_t cols = (size_t)cJSON_GetArraySize(r0);
    if (cols < 1 || cols > ZP_ZKML_MAX_WIDTH) return ZP_ERR_PARSE;
    /* every row's length first: the buffer is then no larger than the
     * numbers the parsed tree holds (a short file cannot make it large) */
    for (const cJSON *row = arr->child; row; row = row->next)
        if (!cJSON_IsArray(row) || (size_t)cJSON_GetArraySize(row) != cols) return ZP_ERR_PARSE;
    int64_t *m = malloc(rows * cols * sizeof *m);
    if (!m) return ZP_ERR_NOMEM;
    size_t r = 0;
    for (const cJSON *row = arr->child; row; row = row->next, r++) {
        size_t k = 0;
        for (const cJSON *v = row->child; v; v = v->next, k++)
            if (!get_int(&m[r * cols + k], v, -ZP_ANSWER_MAX_VALUE, ZP_ANSWER_MAX_VALUE)) {
                free(m);
                return ZP_ERR_PARSE;
            }
    }
    *dst = m;
    *w = cols;
    return ZP_OK;
}

/* Index of the first maximum of row[n]. */
static size_t argmax(const int64_t *row, size_t n) {
    size_t best = 0;
    for (size_t k = 1; k < n; k++)
        if (row[k] > row[best]) best = k;
    return best;
}

void zp_infer_answer_clear(zp_infer_answer *a) {
    if (!a) return;
    free(a->input);
    free(a->scores);
    free(a->proof);
    memset(a, 0, sizeof *a);
}

/* What cJSON lets through but JSON (RFC 8259) or one reading of a string
 * does not: control characters outside the JSON whitespace (raw in a
 * string they are invalid JSON, and a NUL would cut the C string), and the
 * escape \u0000 (cJSON writes a NUL byte into the string, whose C string
 * then stops there while other JSON readers see the characters after it:
 * two readers, two answers).  Each backslash escapes the next character,
 * so an escaped backslash followed by u0000 is text. */
static int bad_bytes(const char *js, size_t len) {
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)js[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return 1;
        if (c == '\\' && i + 1 < len) {
            if (js[i + 1] == 'u' && len - i >= 6 && !memcmp(js + i + 2, "0000", 4)) return 1;
            i++;
        }
    }
    return 0;
}

/* Only JSON whitespace in js[0..len). */
static int only_space(const char *js, size_t len) {
    for (size_t i = 0; i < len; i++)
        if (js[i] != ' ' && js[i] != '\t' && js[i] != '\n' && js[i] != '\r') return 0;
    return 1;
}

#define FAIL(code, msg) do { seterr(err, msg); e = code; goto done; } while (0)

zp_err zp_infer_answer_parse(zp_infer_answer *out, char err[ZP_ZKML_ERR_BYTES],
                             const char *json, size_t len) {
    if (err) err[0] = 0;
    if (!out) return ZP_ERR_ARG;
    memset(out, 0, sizeof *out);
    if (!json) return ZP_ERR_ARG;
    zp_err e = ZP_OK;
    zp_infer_answer *a = out;
    if (bad_bytes(json, len)) {
        seterr(err, "a control character or \\u0000 in the answer");
        return ZP_ERR_PARSE;
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(json, len, &end, 0);
    if (root && (!end || end < json || end > json + len ||
                 !only_space(end, len - (size_t)(end - json)))) {
        cJSON_Delete(root);
        seterr(err, "bytes after the answer's JSON object");
        return ZP_ERR_PARSE;
    }
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(root, "type"),
                *ver = cJSON_GetObjectItemCaseSensitive(root, "version"),
                *mo = cJSON_GetObjectItemCaseSensitive(root, "model"),
                *op = cJSON_GetObjectItemCaseSensitive(root, "opening"),
                *bt = cJSON_GetObjectItemCaseSensitive(root, "batch"),
                *pv = cJSON_GetObjectItemCaseSensitive(root, "private_input"),
                *pr = cJSON_GetObjectItemCaseSensitive(root, "proof"),
                *rp = cJSON_GetObjectItemCaseSensitive(root, "run_proof"),
                *dc = cJSON_GetObjectItemCaseSensitive(root, "dataset_certificates"),
                *in = cJSON_GetObjectItemCaseSensitive(root, "input"),
                *la = cJSON_GetObjectItemCaseSensitive(root, "labels");
    int64_t v;
    if (!cJSON_IsObject(root) || !cJSON_IsString(t) || strcmp(t->valuestring, ANSWER_TYPE) ||
        !cJSON_IsString(mo) || !cJSON_IsBool(pv) || !cJSON_IsString(pr))
        FAIL(ZP_ERR_PARSE, E_HEAD);
    if (!get_int(&v, op, 0, ZP_ANSWER_MAX_OPENING)) FAIL(ZP_ERR_PARSE, E_HEAD);
    a->opening = (unsigned)v;
    if (!get_int(&v, bt, 1, ZP_ZKML_MAX_BATCH)) FAIL(ZP_ERR_PARSE, E_HEAD);
    a->batch = (size_t)v;
    if (!get_int(&v, ver, ANSWER_VERSION, ANSWER_VERSION))
        FAIL(ZP_ERR_PARSE, "unsupported answer version (1 expected)");
    if (!known_keys(root)) FAIL(ZP_ERR_PARSE, "an unknown or repeated key");
    if (!get_digest(a->model, mo)) FAIL(ZP_ERR_PARSE, "bad model (64 lower-case hex digits)");
    /* the chain keys: both or neither */
    if ((rp != NULL) != (dc != NULL)) FAIL(ZP_ERR_PARSE, E_CHAIN);
    if (rp) {
        if (!get_digest(a->run_proof, rp) || !cJSON_IsArray(dc) ||
            cJSON_GetArraySize(dc) < 1 || cJSON_GetArraySize(dc) > ZP_ZKML_MAX_DATASETS)
            FAIL(ZP_ERR_PARSE, E_CHAIN);
        a->has_chain = 1;
        for (const cJSON *c = dc->child; c; c = c->next, a->n_certs++)
            if (!get_digest(a->cert_digests[a->n_certs], c))
                FAIL(ZP_ERR_PARSE, "bad dataset_certificates");
    }
    const size_t n = a->batch;
    a->private_input = cJSON_IsTrue(pv);
    e = get_matrix(&a->scores, &a->d_out, cJSON_GetObjectItemCaseSensitive(root, "scores"), n);
    if (e == ZP_ERR_NOMEM) FAIL(e, "out of memory");
    if (e != ZP_OK) FAIL(e, "bad scores");
    if (!a->private_input) {
        e = get_matrix(&a->input, &a->d_in, in, n);
        if (e == ZP_ERR_NOMEM) FAIL(e, "out of memory");
        if (e != ZP_OK) FAIL(e, "bad input");
    } else if (in) {
        FAIL(ZP_ERR_PARSE, "a private-input answer carries an input");
    }
    if (!cJSON_IsArray(la) || (size_t)cJSON_GetArraySize(la) != n) FAIL(ZP_ERR_PARSE, "bad labels");
    size_t r = 0;
    for (const cJSON *c = la->child; c; c = c->next, r++)
        if (!get_int(&v, c, 0, (int64_t)a->d_out - 1) ||
            (size_t)v != argmax(a->scores + r * a->d_out, a->d_out))
            FAIL(ZP_ERR_PARSE, "a label is not the argmax of its scores");
    e = b64_decode(&a->proof, &a->proof_len, pr->valuestring, strlen(pr->valuestring));
    if (e == ZP_ERR_NOMEM) FAIL(e, "out of memory");
    if (e != ZP_OK) FAIL(e, "proof is not canonical base64");
done:
    cJSON_Delete(root);
    if (e != ZP_OK) zp_infer_answer_clear(a);
    return e;
}

/* Appends rows x cols integers as an array of arrays named key. */
static int add_matrix(cJSON *obj, const char *key, const int64_t *m, size_t rows, size_t cols) {
    cJSON *arr = cJSON_AddArrayToObject(obj, key);
    if (!arr) return 0;
    for (size_t r = 0; r < rows; r++) {
        cJSON *row = cJSON_CreateArray();
        if (!row || !cJSON_AddItemToArray(arr, row)) {
            cJSON_Delete(row);
            return 0;
        }
        for (size_t k = 0; k < cols; k++) {
            cJSON *num = cJSON_CreateNumber((double)m[r * cols + k]);
            if (!num || !cJSON_AddItemToArray(row, num)) {
                cJSON_Delete(num);
                return 0;
            }
        }
    }
    return 1;
}

static int in_range(const int64_t *m, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (m[i] < -ZP_ANSWER_MAX_VALUE || m[i] > ZP_ANSWER_MAX_VALUE) return 0;
    return 1;
}

zp_err zp_infer_answer_to_json(char **json, size_t *len, const zp_infer_answer *a) {
    if (json) *json = NULL;
    if (len) *len = 0;
    if (!json || !len || !a || a->opening > ZP_ANSWER_MAX_OPENING || a->batch < 1 ||
        a->batch > ZP_ZKML_MAX_BATCH || a->d_out < 1 || a->d_out > ZP_ZKML_MAX_WIDTH ||
        !a->scores || !in_range(a->scores, a->batch * a->d_out) || !a->proof ||
        !a->proof_len)
        return ZP_ERR_ARG;
    if (!a->private_input && (!a->input || a->d_in < 1 || a->d_in > ZP_ZKML_MAX_WIDTH ||
                              !in_range(a->input, a->batch * a->d_in)))
        return ZP_ERR_ARG;
    if (a->has_chain && (a->n_certs < 1 || a->n_certs > ZP_ZKML_MAX_DATASETS))
        return ZP_ERR_ARG;
    char hex[65];
    char *b64 = NULL, *js = NULL;
    int ok = 0;
    cJSON *o = cJSON_CreateObject(), *la = NULL;
    if (!o) return ZP_ERR_NOMEM;
    put_hex(hex, a->model);
    if (!cJSON_AddStringToObject(o, "type", ANSWER_TYPE) ||
        !cJSON_AddNumberToObject(o, "version", ANSWER_VERSION) ||
        !cJSON_AddStringToObject(o, "model", hex) ||
        !cJSON_AddNumberToObject(o, "opening", a->opening))
        goto done;
    if (a->has_chain) {
        put_hex(hex, a->run_proof);
        cJSON *ca;
        if (!cJSON_AddStringToObject(o, "run_proof", hex) ||
            !(ca = cJSON_AddArrayToObject(o, "dataset_certificates")))
            goto done;
        for (size_t k = 0; k < a->n_certs; k++) {
            put_hex(hex, a->cert_digests[k]);
            cJSON *s = cJSON_CreateString(hex);
            if (!s || !cJSON_AddItemToArray(ca, s)) {
                cJSON_Delete(s);
                goto done;
            }
        }
    }
    if (!cJSON_AddNumberToObject(o, "batch", (double)a->batch) ||
        !cJSON_AddBoolToObject(o, "private_input", a->private_input != 0))
        goto done;
    if (!a->private_input && !add_matrix(o, "input", a->input, a->batch, a->d_in)) goto done;
    if (!add_matrix(o, "scores", a->scores, a->batch, a->d_out) ||
        !(la = cJSON_AddArrayToObject(o, "labels")))
        goto done;
    for (size_t r = 0; r < a->batch; r++) {
        cJSON *num = cJSON_CreateNumber((double)argmax(a->scores + r * a->d_out, a->d_out));
        if (!num || !cJSON_AddItemToArray(la, num)) {
            cJSON_Delete(num);
            goto done;
        }
    }
    if (!(b64 = b64_encode(a->proof, a->proof_len)) ||
        !cJSON_AddStringToObject(o, "proof", b64) || !(js = cJSON_Print(o)))
        goto done;
    ok = 1;
done:
    cJSON_Delete(o);
    free(b64);
    if (!ok) return ZP_ERR_NOMEM;
    *json = js;
    *len = strlen(js);
    return ZP_OK;
}
