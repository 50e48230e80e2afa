/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Verification from files: what `zkprov verify` and `zkprov fl verify` check, one call each. */
#ifndef ZKPROV_VERIFY_H
#define ZKPROV_VERIFY_H

#include "common.h"
#include "prov.h"
#include "zkml.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------
 * One library path from the files a verifier is given (certificates,
 * authority keys, run proofs, model commitments, answers, federated-round
 * files) to a verdict and what it proves (src/io/verify.c).  The `zkprov`
 * command and both bindings call exactly these, so a binding user gets the
 * checks the command line makes.
 *
 * Results are caller-owned, fixed-size structs without pointers (except
 * zp_answer_verified.scores), so that bindings can mirror them; their
 * sizes are in include/zkprov/sizes.h.  Every call fills its result's
 * `reason` on failure with one line (no newline): the line `zkprov`
 * prints after "zkprov: " (it names the file, and starts with "REJECTED: "
 * when the evidence is rejected).  On success reason is "".
 *
 * Return values, the same for every call:
 *   ZP_OK            accepted: the result says what is proven;
 *   ZP_ERR_VERIFY    rejected: a certificate, run, model commitment,
 *                    answer, aggregate or training proof is false,
 *                    malformed or does not match the others (exit 1);
 *   ZP_ERR_IO        a file cannot be read;
 *   ZP_ERR_PARSE     a verifier input that is not evidence is malformed
 *                    (the training config, an authority key file, the
 *                    previous round, the authorities list);
 *   ZP_ERR_ARG       misuse (NULL or missing arguments, too many
 *                    certificates, a certificate given twice, no
 *                    authority key for a client);
 *   ZP_ERR_NOMEM     out of memory.
 * `zkprov` exits 1 on ZP_ERR_VERIFY and 2 on the others.
 * ------------------------------------------------------------------- */

#define ZP_VERIFY_REASON_BYTES 512
#define ZP_VERIFY_MAX_CERTS ZP_ZKML_MAX_DATASETS
#define ZP_VERIFY_NAME_BYTES (ZP_CERT_MAX_NAME + 8)
#define ZP_VERIFY_LICENSE_BYTES (ZP_CERT_MAX_LICENSE + 8)
#define ZP_VERIFY_NOT_PROVEN_BYTES 1024
#define ZP_VERIFY_MAX_CLIENTS ZP_FL_MAX_CLIENTS

ZP_API size_t zp_verify_reason_bytes(void);
ZP_API size_t zp_verify_max_certs(void);
ZP_API size_t zp_verify_name_bytes(void);
ZP_API size_t zp_verify_license_bytes(void);
ZP_API size_t zp_verify_not_proven_bytes(void);
ZP_API size_t zp_verify_max_clients(void);

/** A dataset certificate file against an authority public key file, as
 *  `zkprov dataset verify CERT --authority A.pub [--commit DS.commit]`:
 *  signature, shape, validity at time now (seconds since the epoch; < 0:
 *  the current time), and with commit (may be NULL) that the certificate
 *  names that dataset commitment (zp_cert_check_commit).
 *  Out: *out (free with zp_cert_info_clear; zeroed on failure), reason.
 *  Returns as the list above (a malformed or false certificate or
 *  commitment: ZP_ERR_VERIFY; a malformed key file: ZP_ERR_PARSE). */
ZP_API zp_err zp_verify_cert_files(zp_cert_info *out, char reason[ZP_VERIFY_REASON_BYTES],
                                   const char *cert, const char *authority,
                                   const char *commit, int64_t now) ZP_WARN_UNUSED;

/* A certificate a verified run rests on. */
typedef struct {
    uint8_t digest[32];           /* SHA-256 of the signed payload: its identity */
    uint8_t dataset_digest[32];   /* the dataset commitment it names */
    uint8_t authority_key_id[32];
    uint64_t records;
    uint32_t given;               /* its index in the caller's certs[] */
    char subject[ZP_VERIFY_NAME_BYTES];
    char license[ZP_VERIFY_LICENSE_BYTES];
} zp_verified_cert;

/* What a verified training run proves (zp_verify_run_files). */
typedef struct {
    uint64_t n_steps;
    uint64_t n_records;           /* of all its certificates */
    uint32_t batch_size;
    uint32_t n_certs;
    uint8_t config_digest[32];
    uint8_t base_digest[32];      /* C_0 */
    uint8_t final_digest[32];     /* C_T, the released model */
    uint8_t run_digest[32];       /* SHA-256 of the run file */
    int32_t base_checked;         /* 1: C_0 was opened: it holds the config's base model */
    int32_t records_bound;        /* 1: batch records proven rows of the dataset (version 3) */
    int32_t model_checked;        /* 1: the model commitment file is C_T */
    uint32_t ds_index, ds_openings; /* its dataset opening j of K (records_bound) */
    zp_verified_cert certs[ZP_VERIFY_MAX_CERTS]; /* n_certs, in the run's order */
    char not_proven[ZP_VERIFY_NOT_PROVEN_BYTES]; /* "  - ...\n" lines, or "" */
    char reason[ZP_VERIFY_REASON_BYTES];
} zp_run_verified;

/** A training run, as `zkprov verify RUN/run.proof --cert DS.cert ...
 *  --authority A.pub`: the training config (config; NULL: config.json
 *  beside run) parses; every certificate certs[n_certs] (1 ..
 *  ZP_VERIFY_MAX_CERTS, any order) verifies under the authority key file
 *  at time now (< 0: the current time); the run names exactly these
 *  certificates; for a run bound to its records (version 3, one
 *  certificate) the dataset commitment (commit; NULL: the certificate's
 *  path with .cert replaced by .commit) is the one the certificate names;
 *  the run verifies (zp_train_run_verify_bound / zp_train_run_verify:
 *  sampler, every step, the weight-commitment chain, the bind proof), with
 *  the config's base model when the run reveals C_0 (a safetensors base
 *  model is read from the path the config names); and the model
 *  commitment (model; NULL: model.commit beside run, checked when that
 *  file exists; a given model must be readable) is C_T.  Out: *out (zeroed
 *  first).  Returns as the list above. */
ZP_API zp_err zp_verify_run_files(zp_run_verified *out, const char *run,
                                  const char *const *certs, size_t n_certs,
                                  const char *authority, const char *config,
                                  const char *model, const char *commit,
                                  int64_t now) ZP_WARN_UNUSED;

/* What a verified answer proves (zp_verify_answer_files). */
typedef struct {
    uint8_t model[32];            /* the model commitment digest */
    uint32_t opening;             /* the model opening j the answer used */
    uint32_t max_openings;        /* the commitment's K */
    uint64_t batch, d_in, d_out;  /* d_in: 0 for a private input */
    int32_t private_input;
    int32_t names_run;            /* the answer names a run and certificates */
    int32_t chain_checked;        /* 1: the run was given and `run` is filled */
    uint32_t n_certs;             /* the certificates the answer names */
    uint8_t run_digest[32];       /* the run the answer names (names_run) */
    uint8_t cert_digests[ZP_VERIFY_MAX_CERTS][32];
    int64_t *scores;              /* batch * d_out, row-major (zp_answer_verified_clear) */
    zp_run_verified run;          /* chain_checked: the run it rests on */
    char reason[ZP_VERIFY_REASON_BYTES];
} zp_answer_verified;

/** An answer file (docs/formats/answer.md), as `zkprov verify ANSWER.json
 *  --model M.commit` (run NULL: the committed model maps the input to the
 *  scores) or `zkprov verify ANSWER.json --run RUN/run.proof --cert ...
 *  --authority A.pub [--model M.commit] [--config CFG]` (also the chain:
 *  the run verifies as zp_verify_run_files with model and config, the
 *  answer names that run and its certificates, it is not opening 0, and
 *  the model is the run's released model; model NULL: model.commit beside
 *  run).  With run, certs[n_certs] and authority are required; commit and
 *  now as zp_verify_run_files.  Out: *out (zeroed first; free its scores
 *  with zp_answer_verified_clear, also after a failure).  Returns as the
 *  list above. */
ZP_API zp_err zp_verify_answer_files(zp_answer_verified *out, const char *answer,
                                     const char *model, const char *run,
                                     const char *const *certs, size_t n_certs,
                                     const char *authority, const char *config,
                                     const char *commit, int64_t now) ZP_WARN_UNUSED;
/** Frees out->scores and zeroes *out.  out may be NULL. */
ZP_API void zp_answer_verified_clear(zp_answer_verified *out);

/* zp_verify_fl_round_files flags. */
#define ZP_VERIFY_FL_SKIP_RANGE_PROOFS 1u    /* trust the signed range-proof digests */
#define ZP_VERIFY_FL_SKIP_TRAINING_PROOFS 2u /* do not check NEXT.train */
#define ZP_VERIFY_FL_ALLOW_UNTRAINED 4u      /* accept included updates without one */

/* What a verified federated round proves (zp_verify_fl_round_files). */
typedef struct {
    uint64_t round_id, next_round_id;
    uint32_t n_updates;
    uint32_t n_included;
    uint32_t n_trained;           /* included updates that name a training proof */
    uint32_t n_checked;           /* training proofs checked (run and link) */
    int32_t range_proofs_checked;
    int32_t training_proofs_checked;
    uint8_t next_digest[32];      /* zp_fl_round_digest of the next round */
    uint32_t client[ZP_VERIFY_MAX_CLIENTS];   /* n_updates, the aggregate's order */
    uint8_t included[ZP_VERIFY_MAX_CLIENTS];
    uint8_t trained[ZP_VERIFY_MAX_CLIENTS];   /* the update names a training proof */
    char reason[ZP_VERIFY_REASON_BYTES];
} zp_fl_verified;

/** A federated round, as `zkprov fl verify NEXT --prev PREV
 *  [--authorities FILE] [--train FILE] [flags]`: PREV (a ROUND file or the
 *  previous NEXT file) decodes; NEXT's aggregate verifies against it
 *  (zp_fl_aggregate_verify, or zp_fl_aggregate_verify_round with
 *  ZP_VERIFY_FL_SKIP_RANGE_PROOFS); an included update without a training
 *  proof is rejected unless ZP_VERIFY_FL_ALLOW_UNTRAINED; and, unless
 *  ZP_VERIFY_FL_SKIP_TRAINING_PROOFS, every included update's training
 *  proof in train (NULL: NEXT.train; read only when one is needed): the
 *  certificate under the authority of its client (authorities: a file
 *  listing one public key file per line, line i for client i; required
 *  when a training proof is checked), the dataset commitment it names and
 *  the bound run and link (zp_fl_train_verify), certificates valid at now
 *  (< 0: the current time).  Out: *out (zeroed first).  Returns as the
 *  list above. */
ZP_API zp_err zp_verify_fl_round_files(zp_fl_verified *out, const char *next,
                                       const char *prev, const char *authorities,
                                       const char *train, unsigned flags,
                                       int64_t now) ZP_WARN_UNUSED;

#ifdef __cplusplus
}
#endif
#endif
