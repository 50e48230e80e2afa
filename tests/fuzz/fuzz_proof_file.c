/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Fuzz target: the proof container (zp_proof_file_parse, src/io/proof_file.c):
 * a parsed file serialises back to exactly the input bytes. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char err[ZP_PROOF_ERR_BYTES] = "";
    zp_proof_file *pf = NULL;
    zp_err e = zp_proof_file_parse(&pf, err, data, size);
    fz_check_err(err, sizeof err, e);
    if (e != ZP_OK) {
        FZ_ASSERT(pf == NULL);
        return 0;
    }
    FZ_ASSERT(zp_stmt_type_name(zp_proof_file_stmt_type(pf)) != NULL);
    size_t n = zp_proof_file_n_sections(pf);
    FZ_ASSERT(n <= ZP_PROOF_MAX_SECTIONS);
    uint32_t tags[ZP_PROOF_MAX_SECTIONS];
    for (size_t i = 0; i < n; i++) {
        const uint8_t *d = NULL, *d2 = NULL;
        size_t l = 0, l2 = 0;
        FZ_ASSERT(zp_proof_file_section_at(pf, i, &tags[i], &d, &l) == ZP_OK);
        FZ_ASSERT(l <= size);
        FZ_ASSERT(zp_proof_file_section(pf, tags[i], &d2, &l2) == ZP_OK && d2 == d && l2 == l);
        (void)zp_proof_section_name(tags[i]);
    }
    FZ_ASSERT(zp_proof_file_expect(pf, err, zp_proof_file_stmt_type(pf), tags, n) == ZP_OK);
    size_t sz = zp_proof_file_serialized_size(pf), out_len = 0;
    FZ_ASSERT(sz == size);
    uint8_t *out = malloc(sz ? sz : 1);
    FZ_ASSERT(out != NULL);
    FZ_ASSERT(zp_proof_file_serialize(pf, out, sz, &out_len) == ZP_OK);
    FZ_ASSERT(out_len == size && memcmp(out, data, size) == 0);
    zp_digest dg;
    zp_proof_file_digest(pf, &dg);
    FZ_ASSERT(memcmp(dg.b, data + size - ZP_PROOF_DIGEST_BYTES, 32) == 0);
    free(out);
    zp_proof_file_free(pf);
    return 0;
}
