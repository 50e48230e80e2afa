/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Fuzz target: the proven-answer JSON read by `zkprov verify ANSWER`
 * (zp_infer_answer_parse, src/zkml/answer.c): a parsed answer re-encodes
 * (zp_infer_answer_to_json) to JSON that parses to the same answer and
 * re-encodes to the same bytes. */
#include "fuzz_common.h"

static int same(const zp_infer_answer *a, const zp_infer_answer *b) {
    return !memcmp(a->model, b->model, sizeof a->model) && a->opening == b->opening &&
           a->batch == b->batch && a->private_input == b->private_input &&
           a->d_in == b->d_in && a->d_out == b->d_out && a->proof_len == b->proof_len &&
           !memcmp(a->proof, b->proof, a->proof_len) &&
           !memcmp(a->scores, b->scores, a->batch * a->d_out * sizeof *a->scores) &&
           (a->private_input ? !a->input && !b->input
                             : !memcmp(a->input, b->input, a->batch * a->d_in * sizeof *a->input)) &&
           a->has_chain == b->has_chain && !memcmp(a->run_proof, b->run_proof, 32) &&
           a->n_certs == b->n_certs && !memcmp(a->cert_digests, b->cert_digests, 32 * a->n_certs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char err[ZP_ZKML_ERR_BYTES] = "";
    zp_infer_answer a, b;
    zp_err e = zp_infer_answer_parse(&a, err, (const char *)data, size);
    fz_check_err(err, sizeof err, e);
    if (e != ZP_OK) {
        FZ_ASSERT(!a.input && !a.scores && !a.proof && a.batch == 0 && a.n_certs == 0);
        return 0;
    }
    FZ_ASSERT(a.batch >= 1 && a.batch <= ZP_ZKML_MAX_BATCH && a.d_out >= 1 && a.scores &&
              a.proof && a.proof_len > 0);
    FZ_ASSERT(a.private_input ? !a.input && a.d_in == 0 : a.input && a.d_in >= 1);
    FZ_ASSERT(a.has_chain ? a.n_certs >= 1 && a.n_certs <= ZP_ZKML_MAX_DATASETS
                          : a.n_certs == 0);
    char *js = NULL, *js2 = NULL;
    size_t jl = 0, jl2 = 0;
    FZ_ASSERT(zp_infer_answer_to_json(&js, &jl, &a) == ZP_OK);
    FZ_ASSERT(zp_infer_answer_parse(&b, err, js, jl) == ZP_OK);
    FZ_ASSERT(same(&a, &b));
    FZ_ASSERT(zp_infer_answer_to_json(&js2, &jl2, &b) == ZP_OK);
    FZ_ASSERT(jl2 == jl && memcmp(js, js2, jl) == 0);
    free(js);
    free(js2);
    zp_infer_answer_clear(&b);
    zp_infer_answer_clear(&a);
    return 0;
}
