/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the proven-answer parser and writer (src/zkml/answer.c): round trips, and every refusal. */
// ZP_TEST_LAYER: zkml
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "harness.h"
#include "zkprov/zkml.h"

/* A random answer: batch 1..4, widths 1..5, values in range, a random
 * proof of 1..40 bytes; with or without a chain; public or private. */
static void rand_answer(zp_infer_answer *a, int chain, int priv) {
    memset(a, 0, sizeof *a);
    zp_rng_bytes(test_rng(), a->model, 32);
    a->opening = (unsigned)(test_rand_u64() % (ZP_ANSWER_MAX_OPENING + 1));
    a->batch = 1 + (size_t)(test_rand_u64() % 4);
    a->d_out = 1 + (size_t)(test_rand_u64() % 5);
    a->private_input = priv;
    a->d_in = priv ? 0 : 1 + (size_t)(test_rand_u64() % 5);
    a->scores = malloc(a->batch * a->d_out * sizeof *a->scores);
    CHECK(a->scores != NULL);
    for (size_t i = 0; i < a->batch * a->d_out; i++)
        a->scores[i] = (int64_t)(test_rand_u64() % (2 * ZP_ANSWER_MAX_VALUE + 1)) - ZP_ANSWER_MAX_VALUE;
    if (!priv) {
        a->input = malloc(a->batch * a->d_in * sizeof *a->input);
        CHECK(a->input != NULL);
        for (size_t i = 0; i < a->batch * a->d_in; i++)
            a->input[i] = (int64_t)(test_rand_u64() % 65536) - 32768;
    }
    a->proof_len = 1 + (size_t)(test_rand_u64() % 40);
    a->proof = malloc(a->proof_len);
    CHECK(a->proof != NULL);
    zp_rng_bytes(test_rng(), a->proof, a->proof_len);
    if (chain) {
        a->has_chain = 1;
        zp_rng_bytes(test_rng(), a->run_proof, 32);
        a->n_certs = 1 + (size_t)(test_rand_u64() % 3);
        zp_rng_bytes(test_rng(), a->cert_digests, 32 * a->n_certs);
    }
}

static int same(const zp_infer_answer *a, const zp_infer_answer *b) {
    return !memcmp(a->model, b->model, 32) && a->opening == b->opening &&
           a->batch == b->batch && a->private_input == b->private_input &&
           a->d_in == b->d_in && a->d_out == b->d_out && a->proof_len == b->proof_len &&
           !memcmp(a->proof, b->proof, a->proof_len) &&
           !memcmp(a->scores, b->scores, a->batch * a->d_out * 8) &&
           (a->private_input ? b->input == NULL
                             : !memcmp(a->input, b->input, a->batch * a->d_in * 8)) &&
           a->has_chain == b->has_chain && !memcmp(a->run_proof, b->run_proof, 32) &&
           a->n_certs == b->n_certs && !memcmp(a->cert_digests, b->cert_digests, 32 * a->n_certs);
}

static int zeroed(const zp_infer_answer *a) {
    static const zp_infer_answer z;
    return memcmp(a, &z, sizeof z) == 0;
}

TEST(answer_round_trip) {
    for (int it = 0; it < 24 * test_iters(); it++) {
        zp_infer_answer a, b;
        rand_answer(&a, it & 1, (it >> 1) & 1);
        char *js = NULL, *js2 = NULL;
        size_t jl = 0, jl2 = 0;
        char err[ZP_ZKML_ERR_BYTES];
        CHECK_OK(zp_infer_answer_to_json(&js, &jl, &a));
        CHECK(js && strlen(js) == jl);
        CHECK_OK(zp_infer_answer_parse(&b, err, js, jl));
        CHECK(same(&a, &b));
        CHECK_OK(zp_infer_answer_to_json(&js2, &jl2, &b));
        CHECK(jl2 == jl && js2 && memcmp(js, js2, jl) == 0);
        /* the labels written are the argmax of the scores */
        cJSON *o = cJSON_ParseWithLength(js, jl);
        const cJSON *la = cJSON_GetObjectItemCaseSensitive(o, "labels");
        CHECK(cJSON_GetArraySize(la) == (int)a.batch);
        for (size_t r = 0; r < a.batch; r++) {
            size_t best = 0;
            for (size_t k = 1; k < a.d_out; k++)
                if (a.scores[r * a.d_out + k] > a.scores[r * a.d_out + best]) best = k;
            CHECK(cJSON_GetArrayItem(la, (int)r)->valuedouble == (double)best);
        }
        cJSON_Delete(o);
        free(js);
        free(js2);
        zp_infer_answer_clear(&a);
        zp_infer_answer_clear(&b);
    }
}

/* The JSON of a fixed answer (batch 2, widths 3 and 2, a chain of one
 * certificate, a 7-byte proof), as a cJSON tree to edit. */
static cJSON *base_tree(void) {
    zp_infer_answer a;
    memset(&a, 0, sizeof a);
    int64_t x[6] = {1, -2, 3, 4, 5, -6}, s[4] = {10, 20, 7, -7};
    uint8_t pf[7] = {1, 2, 3, 4, 5, 6, 7};
    memset(a.model, 0xab, 32);
    a.opening = 3;
    a.batch = 2;
    a.d_in = 3;
    a.d_out = 2;
    a.input = x;
    a.scores = s;
    a.proof = pf;
    a.proof_len = sizeof pf;
    a.has_chain = 1;
    memset(a.run_proof, 0x11, 32);
    a.n_certs = 1;
    memset(a.cert_digests[0], 0x22, 32);
    char *js = NULL;
    size_t jl = 0;
    CHECK_OK(zp_infer_answer_to_json(&js, &jl, &a));
    cJSON *o = cJSON_ParseWithLength(js, jl);
    CHECK(o != NULL);
    free(js);
    return o;
}

/* Parses the tree (or raw text) and expects a refusal with `want` in the
 * reason, on one line, and a zeroed answer. */
static void expect_refused(const char *js, const char *want, int line) {
    zp_infer_answer a;
    memset(&a, 0x5a, sizeof a);
    char err[ZP_ZKML_ERR_BYTES];
    zp_err e = zp_infer_answer_parse(&a, err, js, strlen(js));
    if (e != ZP_ERR_PARSE || !strstr(err, want))
        fprintf(stderr, "line %d: got %d '%s', want '%s'\n", line, (int)e, err, want);
    CHECK(e == ZP_ERR_PARSE);
    CHECK(strstr(err, want) != NULL);
    CHECK(strchr(err, '\n') == NULL);
    CHECK(zeroed(&a));
}

static void refuse_tree(cJSON *o, const char *want, int line) {
    char *js = cJSON_PrintUnformatted(o);
    CHECK(js != NULL);
    if (js) expect_refused(js, want, line);
    free(js);
    cJSON_Delete(o);
}

#define REFUSE(edit, want)                                                     \
    do {                                                                       \
        cJSON *o = base_tree();                                                \
        edit;                                                                  \
        refuse_tree(o, want, __LINE__);                                        \
    } while (0)
#define SET(key, item) cJSON_ReplaceItemInObjectCaseSensitive(o, key, item)
#define DEL(key) cJSON_DeleteItemFromObjectCaseSensitive(o, key)
#define ROW(arr, r) cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, arr), r)

TEST(answer_base_parses) {
    cJSON *o = base_tree();
    char *js = cJSON_PrintUnformatted(o);
    zp_infer_answer a;
    char err[ZP_ZKML_ERR_BYTES];
    CHECK_OK(zp_infer_answer_parse(&a, err, js, strlen(js)));
    CHECK(a.batch == 2 && a.d_in == 3 && a.d_out == 2 && a.opening == 3 && a.n_certs == 1);
    CHECK(a.scores[3] == -7 && a.input[5] == -6 && a.proof_len == 7 && a.proof[6] == 7);
    zp_infer_answer_clear(&a);
    CHECK(zeroed(&a));
    free(js);
    cJSON_Delete(o);
}

TEST(answer_refusals_head) {
    const char *H = "not a zkprov answer";
    expect_refused("", H, __LINE__);
    expect_refused("[1, 2]", H, __LINE__);
    expect_refused("{\"type\": \"zkprov/answer\"", H, __LINE__);
    REFUSE(SET("type", cJSON_CreateString("zkprov/answers")), H);
    REFUSE(DEL("model"), H);
    REFUSE(SET("model", cJSON_CreateNumber(1)), H);
    REFUSE(DEL("private_input"), H);
    REFUSE(SET("private_input", cJSON_CreateNumber(0)), H);
    REFUSE(DEL("proof"), H);
    REFUSE(SET("opening", cJSON_CreateNumber(-1)), H);
    REFUSE(SET("opening", cJSON_CreateNumber(65536)), H);
    REFUSE(SET("opening", cJSON_CreateNumber(1.5)), H);
    REFUSE(SET("opening", cJSON_CreateString("1")), H);
    REFUSE(SET("batch", cJSON_CreateNumber(0)), H);
    REFUSE(SET("batch", cJSON_CreateNumber(ZP_ZKML_MAX_BATCH + 1)), H);
    REFUSE(SET("batch", cJSON_CreateNumber(1.5)), H);
    /* 1e999 parses to infinity: refused, never cast */
    expect_refused("{\"type\":\"zkprov/answer\",\"version\":1,\"model\":\"x\",\"opening\":1e999,"
                   "\"batch\":1,\"private_input\":true,\"proof\":\"AAAA\"}", H, __LINE__);
    REFUSE(SET("version", cJSON_CreateNumber(2)), "version");
    REFUSE(DEL("version"), "version");
    REFUSE(cJSON_AddNumberToObject(o, "extra", 1), "unknown or repeated key");
    REFUSE(cJSON_AddNumberToObject(o, "opening", 3), "unknown or repeated key");
    REFUSE(SET("model", cJSON_CreateString("AB")), "bad model");
    char up[65];
    memset(up, 'A', 64);
    up[64] = 0;
    REFUSE(SET("model", cJSON_CreateString(up)), "bad model");
}

/* The base answer's JSON with text inserted at offset `at` (from the end
 * when negative). */
static char *base_with(const char *ins, long at) {
    cJSON *o = base_tree();
    char *js = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    size_t n = strlen(js), k = strlen(ins), p = at < 0 ? n - (size_t)-at : (size_t)at;
    char *r = malloc(n + k + 1);
    memcpy(r, js, p);
    memcpy(r + p, ins, k);
    memcpy(r + p + k, js + p, n - p + 1);
    free(js);
    return r;
}

TEST(answer_refusals_bytes) {
    /* whitespace around the object is JSON; anything else after it is not */
    char *js = base_with(" \n\t\r", -1), *t;
    zp_infer_answer a;
    char err[ZP_ZKML_ERR_BYTES];
    CHECK_OK(zp_infer_answer_parse(&a, err, js, strlen(js)));
    zp_infer_answer_clear(&a);
    free(js);
    js = base_with("\n", 0);
    t = malloc(strlen(js) + 3);
    sprintf(t, "%s\r\n", js);
    CHECK_OK(zp_infer_answer_parse(&a, err, t, strlen(t)));
    zp_infer_answer_clear(&a);
    free(t);
    t = malloc(strlen(js) + 3);
    sprintf(t, "%s{}", js);
    expect_refused(t, "bytes after", __LINE__);
    sprintf(t, "%sx", js);
    expect_refused(t, "bytes after", __LINE__);
    free(t);
    free(js);
    /* a NUL byte or another control character, raw; a \u0000 escape */
    {
        char *b = base_with("", 0), *q = strstr(b, "\"proof\":\"");
        CHECK(q != NULL);
        js = base_with("AQ==\\u0000", (long)(q - b) + 9); /* "proof":"AQ==\u0000<proof>" */
        free(b);
    }
    expect_refused(js, "\\u0000", __LINE__);
    free(js);
    js = base_with("\"x\": \"\\\\u0000\", ", 1); /* "x": "\\u0000": text, an unknown key */
    expect_refused(js, "unknown", __LINE__);
    free(js);
    js = base_with("\b", 1);
    expect_refused(js, "control character", __LINE__);
    free(js);
    js = base_with(" ", 1);
    size_t n = strlen(js);
    t = malloc(n + 1);
    memcpy(t, js, n + 1); /* ...}<NUL>, the NUL inside the length */
    zp_infer_answer b;
    CHECK(zp_infer_answer_parse(&b, err, t, n + 1) == ZP_ERR_PARSE);
    CHECK(strstr(err, "control character") != NULL);
    CHECK_OK(zp_infer_answer_parse(&b, err, t, n));
    zp_infer_answer_clear(&b);
    free(t);
    free(js);
}

TEST(answer_refusals_chain) {
    REFUSE(DEL("run_proof"), "bad run_proof / dataset_certificates");
    REFUSE(DEL("dataset_certificates"), "bad run_proof / dataset_certificates");
    REFUSE(SET("run_proof", cJSON_CreateString("11")), "bad run_proof");
    REFUSE(SET("dataset_certificates", cJSON_CreateArray()), "bad run_proof");
    REFUSE(SET("dataset_certificates", cJSON_CreateString("x")), "bad run_proof");
    REFUSE(cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(o, "dataset_certificates"),
                                cJSON_CreateNumber(1)),
           "bad dataset_certificates");
    /* 65 certificates: more than ZP_ZKML_MAX_DATASETS */
    char h[65];
    memset(h, '2', 64);
    h[64] = 0;
    REFUSE(for (int i = 0; i < ZP_ZKML_MAX_DATASETS; i++)
               cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(o, "dataset_certificates"),
                                    cJSON_CreateString(h)),
           "bad run_proof");
}

TEST(answer_refusals_values) {
    REFUSE(DEL("scores"), "bad scores");
    REFUSE(cJSON_DeleteItemFromArray(cJSON_GetObjectItemCaseSensitive(o, "scores"), 1),
           "bad scores");
    REFUSE(cJSON_DeleteItemFromArray(ROW("scores", 1), 0), "bad scores");
    REFUSE(cJSON_ReplaceItemInArray(ROW("scores", 0), 0, cJSON_CreateNumber(4000000001.0)),
           "bad scores");
    REFUSE(cJSON_ReplaceItemInArray(ROW("scores", 0), 0, cJSON_CreateNumber(0.5)), "bad scores");
    REFUSE(cJSON_ReplaceItemInArray(ROW("scores", 0), 0, cJSON_CreateNull()), "bad scores");
    REFUSE(SET("scores", cJSON_CreateIntArray((const int[]){1, 2}, 2)), "bad scores");
    REFUSE(DEL("input"), "bad input");
    REFUSE(cJSON_DeleteItemFromArray(ROW("input", 0), 2), "bad input");
    REFUSE(cJSON_ReplaceItemInArray(ROW("input", 1), 0, cJSON_CreateNumber(-4000000001.0)),
           "bad input");
    REFUSE(SET("private_input", cJSON_CreateTrue()), "a private-input answer carries an input");
    REFUSE(DEL("labels"), "bad labels");
    REFUSE(cJSON_DeleteItemFromArray(cJSON_GetObjectItemCaseSensitive(o, "labels"), 0),
           "bad labels");
    /* scores (10, 20) and (7, -7): labels 1 and 0 */
    REFUSE(cJSON_ReplaceItemInArray(cJSON_GetObjectItemCaseSensitive(o, "labels"), 0,
                                    cJSON_CreateNumber(0)),
           "argmax");
    REFUSE(cJSON_ReplaceItemInArray(cJSON_GetObjectItemCaseSensitive(o, "labels"), 1,
                                    cJSON_CreateNumber(2)),
           "argmax");
    REFUSE(cJSON_ReplaceItemInArray(cJSON_GetObjectItemCaseSensitive(o, "labels"), 1,
                                    cJSON_CreateString("0")),
           "argmax");
    const char *bad_b64[] = {"", "AQIDBAUGBw", "AQIDBAUGBw=", "AQIDBAUGBx==", "AQIDBAUG\nBw==",
                             "AQ==AQIDBAUGBw==", "AQIDBAUG-w==", "AQIDBAUGB===", "AQIDBAUGBw=A"};
    for (size_t i = 0; i < sizeof bad_b64 / sizeof *bad_b64; i++)
        REFUSE(SET("proof", cJSON_CreateString(bad_b64[i])), "canonical base64");
}

TEST(answer_writer_refuses_out_of_range) {
    zp_infer_answer a;
    rand_answer(&a, 1, 0);
    char *js = NULL;
    size_t jl = 0;
    a.scores[0] = ZP_ANSWER_MAX_VALUE + 1;
    CHECK(zp_infer_answer_to_json(&js, &jl, &a) == ZP_ERR_ARG && js == NULL && jl == 0);
    a.scores[0] = 0;
    a.input[0] = -ZP_ANSWER_MAX_VALUE - 1;
    CHECK(zp_infer_answer_to_json(&js, &jl, &a) == ZP_ERR_ARG);
    a.input[0] = 0;
    size_t nc = a.n_certs;
    a.n_certs = 0;
    CHECK(zp_infer_answer_to_json(&js, &jl, &a) == ZP_ERR_ARG);
    a.n_certs = nc;
    a.opening = ZP_ANSWER_MAX_OPENING + 1;
    CHECK(zp_infer_answer_to_json(&js, &jl, &a) == ZP_ERR_ARG);
    a.opening = 0;
    CHECK_OK(zp_infer_answer_to_json(&js, &jl, &a));
    free(js);
    CHECK(zp_infer_answer_parse(NULL, NULL, "{}", 2) == ZP_ERR_ARG);
    zp_infer_answer b;
    CHECK(zp_infer_answer_parse(&b, NULL, NULL, 0) == ZP_ERR_ARG && zeroed(&b));
    zp_infer_answer_clear(&a);
    zp_infer_answer_clear(NULL);
}
