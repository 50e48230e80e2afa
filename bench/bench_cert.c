/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Benchmarks of dataset certificates: full verification (JSON parse of the
 * envelope and statement, base64 decode, PAE, Ed25519 verify, every field
 * check), libsodium's Ed25519 verification alone over the same PAE message
 * (the ceiling for cert.verify), and issuance; one thread, per second. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "bench.h"
#include "zkprov/prov.h"

#define BATCH 2000
#define NOW INT64_C(1780000000)

/* A schema of 31 CSV columns, like tests/data/breast_cancer.csv. */
static char *bench_schema(void) {
    size_t cap = 8192, n = 0;
    char *s = malloc(cap);
    if (!s) return NULL;
    n += (size_t)snprintf(s + n, cap - n, "{\"columns\":[");
    for (int i = 0; i < 30; i++)
        n += (size_t)snprintf(s + n, cap - n,
                              "%s{\"bound\":140737488355328,\"count\":1,\"name\":\"feature %d\","
                              "\"scale\":16}", i ? "," : "", i);
    snprintf(s + n, cap - n, "],\"format\":\"csv\",\"label\":{\"bound\":1,\"name\":\"target\"}}");
    return s;
}

BENCH(bench_cert) {
    int want_v = zp_bench_want("cert.verify"), want_i = zp_bench_want("cert.issue");
    int want_e = zp_bench_want("cert.ed25519_verify");
    if (!want_v && !want_i && !want_e) return;
    uint8_t pk[ZP_AUTH_PUBLICKEYBYTES], sk[ZP_AUTH_SECRETKEYBYTES];
    if (zp_auth_keypair(pk, sk) != ZP_OK) return;
    char *schema = bench_schema();
    if (!schema) return;
    static const char *const keys[] = {"consent", "irb", "collected"};
    static const char *const vals[] = {"broad research use", "IRB-2026-17", "1995"};
    zp_cert_request r;
    memset(&r, 0, sizeof r);
    r.subject_name = "breast_cancer";
    memset(r.dataset_digest.b, 0x5a, 32);
    r.records = 569;
    r.schema_json = schema;
    memset(r.schema_digest.b, 0xa5, 32);
    r.license = "CC-BY-4.0";
    r.source = "UCI ML repository, Wisconsin Diagnostic Breast Cancer";
    r.n_attrs = 3;
    r.attr_keys = keys;
    r.attr_values = vals;
    r.issued_at = NOW;
    r.has_expiry = 1;
    r.expires_at = NOW + 86400 * 365;
    char err[ZP_CERT_ERR_BYTES];
    char *cert = NULL;
    size_t len = 0;
    if (zp_cert_issue(&cert, &len, err, &r, sk) != ZP_OK) {
        fprintf(stderr, "bench_cert: %s\n", err);
        free(schema);
        return;
    }
    int k = zp_bench_iters();
    double *t = malloc((size_t)k * sizeof *t);
    if (t && want_v) {
        int bad = 0;
        for (int it = 0; it < k; it++) {
            double t0 = zp_bench_now();
            for (int j = 0; j < BATCH; j++) {
                zp_cert_info ci;
                if (zp_cert_verify(&ci, err, cert, len, pk, NOW + j) != ZP_OK) bad++;
                zp_cert_info_clear(&ci);
            }
            t[it] = (zp_bench_now() - t0) / BATCH;
        }
        if (bad) fprintf(stderr, "bench_cert: %d verifications failed\n", bad);
        else zp_bench_emit("cert.verify", len, 1.0 / zp_bench_median(t, k), "verify/s");
    }
    if (t && want_e) { /* the signature check alone: what cert.verify cannot beat */
        uint8_t *body = NULL, *m = NULL, sig[ZP_AUTH_SIGBYTES];
        size_t blen = 0, tl = strlen(ZP_CERT_PAYLOAD_TYPE), mlen = 0;
        if (zp_dsse_open(&body, &blen, err, cert, len, ZP_CERT_PAYLOAD_TYPE, pk) == ZP_OK) {
            mlen = zp_dsse_pae(NULL, 0, ZP_CERT_PAYLOAD_TYPE, tl, body, blen);
            m = malloc(mlen);
        }
        if (m) {
            zp_dsse_pae(m, mlen, ZP_CERT_PAYLOAD_TYPE, tl, body, blen);
            crypto_sign_detached(sig, NULL, m, mlen, sk);
            int bad = 0;
            for (int it = 0; it < k; it++) {
                double t0 = zp_bench_now();
                for (int j = 0; j < BATCH; j++)
                    bad += crypto_sign_verify_detached(sig, m, mlen, pk) != 0;
                t[it] = (zp_bench_now() - t0) / BATCH;
            }
            if (bad) fprintf(stderr, "bench_cert: %d signature checks failed\n", bad);
            else zp_bench_emit("cert.ed25519_verify", mlen, 1.0 / zp_bench_median(t, k), "verify/s");
        }
        free(m);
        free(body);
    }
    if (t && want_i) {
        for (int it = 0; it < k; it++) {
            double t0 = zp_bench_now();
            for (int j = 0; j < BATCH / 4; j++) {
                char *c = NULL;
                size_t l;
                if (zp_cert_issue(&c, &l, err, &r, sk) == ZP_OK) free(c);
            }
            t[it] = (zp_bench_now() - t0) / (BATCH / 4);
        }
        zp_bench_emit("cert.issue", len, 1.0 / zp_bench_median(t, k), "issue/s");
    }
    free(t);
    free(cert);
    free(schema);
    zp_memzero(sk, sizeof sk);
}
