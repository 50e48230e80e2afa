/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Fuzz target: verification from files (include/zkprov/verify.h, src/io/verify.c) and its authorities list. */
#include "fuzz_common.h"
#include "../../src/io/verify_internal.h"

/* Input: a mode byte, a u32 little-endian length n, then file A (n bytes)
 * and file B (the rest).  Modes: 0 the authorities list A; 1 the round
 * NEXT = A after PREV = B (with the list A as authorities); 2 the answer A
 * under the model commitment B; 3 the run A with certificate, key and
 * config B; 4 the certificate A under the key B and commitment A.  Every
 * call must give ZP_OK or a one-line reason, and a zeroed result on
 * failure. */
static void check_reason(const char *reason, zp_err e) {
    fz_check_err(reason, ZP_VERIFY_REASON_BYTES, e);
    if (e != ZP_OK) FZ_ASSERT(reason[0] != 0);
    else FZ_ASSERT(reason[0] == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 5) return 0;
    const unsigned mode = data[0] % 5;
    size_t n = (size_t)data[1] | (size_t)data[2] << 8 | (size_t)data[3] << 16 | (size_t)data[4] << 24;
    if (n > size - 5) n = size - 5;
    const char *a = fz_tmpfile(0, data + 5, n, ".a");
    const char *b = fz_tmpfile(1, data + 5 + n, size - 5 - n, ".b");
    if (mode == 0) {
        uint8_t *keys = NULL;
        uint32_t nk = 0;
        char reason[ZP_VERIFY_REASON_BYTES] = "";
        zp_err e = zp_verify_read_keys(&keys, &nk, reason, a);
        check_reason(reason, e);
        FZ_ASSERT(e == ZP_OK ? keys != NULL && nk <= ZP_FL_MAX_CLIENTS : keys == NULL && nk == 0);
        free(keys);
    } else if (mode == 1) {
        static zp_fl_verified v;
        zp_err e = zp_verify_fl_round_files(&v, a, b, NULL, NULL, ZP_VERIFY_FL_ALLOW_UNTRAINED, 0);
        check_reason(v.reason, e);
        if (e == ZP_OK) FZ_ASSERT(v.n_included <= v.n_updates && v.n_updates <= ZP_VERIFY_MAX_CLIENTS);
        else FZ_ASSERT(v.n_updates == 0 && v.round_id == 0);
        e = zp_verify_fl_round_files(&v, a, b, a, NULL, 0, 0);
        check_reason(v.reason, e);
    } else if (mode == 2) {
        static zp_answer_verified v;
        zp_err e = zp_verify_answer_files(&v, a, b, NULL, NULL, 0, NULL, NULL, NULL, 0);
        check_reason(v.reason, e);
        if (e != ZP_OK) FZ_ASSERT(v.scores == NULL && v.batch == 0);
        zp_answer_verified_clear(&v);
    } else if (mode == 3) {
        static zp_run_verified v;
        const char *certs[1] = {b};
        zp_err e = zp_verify_run_files(&v, a, certs, 1, b, b, b, b, 0);
        check_reason(v.reason, e);
        FZ_ASSERT(e != ZP_OK && v.n_steps == 0);
    } else {
        zp_cert_info ci;
        char reason[ZP_VERIFY_REASON_BYTES] = "";
        zp_err e = zp_verify_cert_files(&ci, reason, a, b, a, 0);
        check_reason(reason, e);
        if (e != ZP_OK) FZ_ASSERT(ci.subject_name == NULL);
        zp_cert_info_clear(&ci);
    }
    return 0;
}
