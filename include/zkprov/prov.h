/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Provenance: verifiable random functions, datasets, certificates. */
#ifndef ZKPROV_PROV_H
#define ZKPROV_PROV_H

#include "common.h"
#include "field.h"
#include "hash.h"
#include "pcs.h"
#include "zkml.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- ECVRF-EDWARDS25519-SHA512-TAI (RFC 9381), src/prov/vrf.c ----
 * Keys are Ed25519 keys in libsodium's format (sk = seed || pk). */
#define ZP_VRF_PUBLICKEYBYTES 32
#define ZP_VRF_SECRETKEYBYTES 64
#define ZP_VRF_SEEDBYTES 32
#define ZP_VRF_PROOFBYTES 80
#define ZP_VRF_OUTPUTBYTES 64
ZP_API size_t zp_vrf_publickeybytes(void);
ZP_API size_t zp_vrf_secretkeybytes(void);
ZP_API size_t zp_vrf_proofbytes(void);
ZP_API size_t zp_vrf_outputbytes(void);

/** Key pair from a 32-byte seed (RFC 9381 uses the RFC 8032 secret key:
 *  x = clamp(SHA-512(seed)[0..32)), pk = x*B; sk = seed || pk).
 *  Returns ZP_OK, ZP_ERR_ARG (NULL), ZP_ERR_INTERNAL.  Out: pk, sk. */
ZP_API zp_err zp_vrf_keypair_from_seed(uint8_t pk[ZP_VRF_PUBLICKEYBYTES],
                                       uint8_t sk[ZP_VRF_SECRETKEYBYTES],
                                       const uint8_t seed[ZP_VRF_SEEDBYTES]) ZP_WARN_UNUSED;
/** pi = ECVRF_prove(sk, alpha), deterministic.  Returns ZP_OK, ZP_ERR_ARG
 *  (NULL, or sk's second half is not the public key of its seed),
 *  ZP_ERR_INTERNAL; on failure proof is zeroed.  In: alpha (may be NULL when
 *  alpha_len = 0).  Running time depends on pk and alpha (try-and-increment),
 *  not on the secret scalar. */
ZP_API zp_err zp_vrf_prove(uint8_t proof[ZP_VRF_PROOFBYTES],
                           const uint8_t sk[ZP_VRF_SECRETKEYBYTES],
                           const void *alpha, size_t alpha_len) ZP_WARN_UNUSED;
/** beta = ECVRF_verify(pk, alpha, pi) with validate_key = TRUE (RFC 9381
 *  section 5.3: pk and Gamma must be canonical curve points, pk not of small
 *  order, s < L).  Returns ZP_OK and the 64-byte output, or ZP_ERR_VERIFY,
 *  ZP_ERR_ARG (NULL), ZP_ERR_INTERNAL (output zeroed on failure). */
ZP_API zp_err zp_vrf_verify(uint8_t output[ZP_VRF_OUTPUTBYTES],
                            const uint8_t pk[ZP_VRF_PUBLICKEYBYTES],
                            const uint8_t proof[ZP_VRF_PROOFBYTES],
                            const void *alpha, size_t alpha_len) ZP_WARN_UNUSED;
/** beta = ECVRF_proof_to_hash(pi) (no verification: prover side).
 *  Returns ZP_OK, ZP_ERR_PARSE (pi does not decode: Gamma not a canonical
 *  point or s >= L), ZP_ERR_ARG (NULL); output zeroed on failure. */
ZP_API zp_err zp_vrf_proof_to_hash(uint8_t output[ZP_VRF_OUTPUTBYTES],
                                   const uint8_t proof[ZP_VRF_PROOFBYTES]) ZP_WARN_UNUSED;
/** beta = ECVRF_proof_to_hash(ECVRF_prove(sk, alpha)) without the proof
 *  (no nonce, challenge or s: about 10x faster than zp_vrf_prove), byte-
 *  identical to it.  Returns ZP_OK, ZP_ERR_ARG (NULL, or sk's second half
 *  is not the public key of its seed), ZP_ERR_INTERNAL; output zeroed on
 *  failure.  Constant time in the secret scalar; variable time in pk and
 *  alpha (try-and-increment), as zp_vrf_prove. */
ZP_API zp_err zp_vrf_output(uint8_t output[ZP_VRF_OUTPUTBYTES],
                            const uint8_t sk[ZP_VRF_SECRETKEYBYTES],
                            const void *alpha, size_t alpha_len) ZP_WARN_UNUSED;
/** outputs[64*i..64*i+64) = zp_vrf_output(sk, alphas + i*alpha_len,
 *  alpha_len) for i < n: n inputs of alpha_len bytes each, concatenated.
 *  Parallel (OpenMP); the outputs do not depend on the thread count.
 *  Returns as zp_vrf_output (all n outputs zeroed on failure). */
ZP_API zp_err zp_vrf_output_batch(uint8_t *outputs, const uint8_t sk[ZP_VRF_SECRETKEYBYTES],
                                  const void *alphas, size_t alpha_len,
                                  size_t n) ZP_WARN_UNUSED;

/* ---- Datasets: schema, commitment, membership (src/prov/dataset.c,
 * src/prov/membership.c; format: docs/formats/dataset.md) ----
 *
 * A dataset is a list of records; each record is encoded under a schema as
 * a fixed-width row of field elements (signed fixed-point integers
 * round(value * 2^scale), embedded as x mod p).  The data authority commits
 * to the record matrix with the hiding PCS (one multilinear polynomial,
 * rows = records, low variables = the column inside a record) and to the
 * sorted ECVRF outputs of the records ("record keys") with a Merkle tree. */
typedef enum { ZP_DS_CSV = 1, ZP_DS_IDX = 2, ZP_DS_JSONL = 3 } zp_ds_format;

/* Largest |fixed-point integer| a schema may allow: 2^53 - 1 (so every
 * bound is exact in JSON numbers). */
#define ZP_DS_MAX_BOUND ((uint64_t)9007199254740991ULL)
#define ZP_DS_MAX_SCALE 32
/* Largest encoded record width (field elements). */
#define ZP_DS_MAX_WIDTH ((size_t)1 << 20)
#define ZP_DS_MAX_COLUMNS 65536
#define ZP_DS_MAX_NAME 256
/* Size of the error-message buffers of the dataset functions. */
#define ZP_DS_ERR_BYTES 256
ZP_API size_t zp_ds_err_bytes(void);

/* One column group: count consecutive encoded values (count > 1 for IDX
 * pixels or JSONL token slots) sharing a scale and a bound: each encoded
 * integer q satisfies |q| <= bound. */
typedef struct {
    char *name;     /* NUL-terminated, 1..ZP_DS_MAX_NAME bytes, UTF-8 */
    uint32_t count; /* >= 1 */
    uint32_t scale; /* 0..ZP_DS_MAX_SCALE */
    uint64_t bound; /* 0..ZP_DS_MAX_BOUND */
} zp_ds_column;

typedef struct {
    zp_ds_format format;
    size_t n_columns;
    zp_ds_column *columns;
    int has_label;
    char *label_name;     /* when has_label */
    uint64_t label_bound; /* labels are integers in [0, label_bound] */
    size_t width;         /* encoded record width, set by zp_ds_schema_finish */
} zp_ds_schema;

/** Checks s and sets s->width: the sum of the column counts, plus 1 for
 *  the label, plus 1 for JSONL (the token count comes first).  Returns
 *  ZP_OK or ZP_ERR_ARG (message in err, may be NULL). */
ZP_API zp_err zp_ds_schema_finish(zp_ds_schema *s, char err[ZP_DS_ERR_BYTES]) ZP_WARN_UNUSED;
/** Parses a schema from JSON text (docs/formats/dataset.md).  Returns
 *  ZP_OK, ZP_ERR_PARSE (message in err) or ZP_ERR_NOMEM. */
ZP_API zp_err zp_ds_schema_parse(zp_ds_schema **out, char err[ZP_DS_ERR_BYTES],
                                 const char *json, size_t len) ZP_WARN_UNUSED;
/** The canonical schema bytes (compact JSON, keys sorted, integers in
 *  decimal); *out is malloc'ed and NUL-terminated, *len excludes the NUL.
 *  Returns ZP_OK, ZP_ERR_ARG or ZP_ERR_NOMEM. */
ZP_API zp_err zp_ds_schema_canonical(char **out, size_t *len,
                                     const zp_ds_schema *s) ZP_WARN_UNUSED;
/** SHA-256 of the canonical schema bytes.  Returns ZP_OK or ZP_ERR_NOMEM. */
ZP_API zp_err zp_ds_schema_digest(zp_digest *out, const zp_ds_schema *s) ZP_WARN_UNUSED;
/** Deep copy.  Returns ZP_OK or ZP_ERR_NOMEM. */
ZP_API zp_err zp_ds_schema_copy(zp_ds_schema **out, const zp_ds_schema *s) ZP_WARN_UNUSED;
/** Frees a schema made by this library (NULL allowed). */
ZP_API void zp_ds_schema_free(zp_ds_schema *s);
/** Returns: "csv", "idx", "jsonl", or NULL. */
ZP_API const char *zp_ds_format_name(zp_ds_format f);
/** Returns: ZP_OK and *f for "csv" / "idx" / "jsonl", else ZP_ERR_ARG. */
ZP_API zp_err zp_ds_format_from_name(zp_ds_format *f, const char *name) ZP_WARN_UNUSED;
/** Encodes a fixed-point integer q (|q| <= ZP_DS_MAX_BOUND) as q mod p. */
ZP_API zp_fe zp_ds_fe_from_i64(int64_t q);
/** The inverse: ZP_OK and *q if x encodes an integer with |q| <= bound,
 *  else ZP_ERR_PARSE. */
ZP_API zp_err zp_ds_i64_from_fe(int64_t *q, zp_fe x, uint64_t bound) ZP_WARN_UNUSED;
/** Checks that row[s->width] is a valid encoded record of s (canonical,
 *  every value within its bound, JSONL token slots past the count zero).
 *  Returns ZP_OK or ZP_ERR_PARSE (message in err, may be NULL). */
ZP_API zp_err zp_ds_row_check(const zp_ds_schema *s, const zp_fe *row,
                              char err[ZP_DS_ERR_BYTES]) ZP_WARN_UNUSED;

/* The public commitment (DS.commit).  Every field is public.  Version 2
 * reserves opening masks (docs/formats/dataset.md, "Record matrix"):
 * version 1 files are refused. */
#define ZP_DS_COMMIT_VERSION 2
/* Openings of the record matrix a commitment allows by default (K): each
 * training run bound to the dataset uses one (the ZK budget,
 * docs/security.md); zp_dataset_builder_set_openings changes it. */
#define ZP_DS_DEFAULT_OPENINGS 8
#define ZP_DS_MAX_OPENINGS 64
ZP_API size_t zp_ds_default_openings(void);
typedef struct {
    uint32_t version;          /* ZP_DS_COMMIT_VERSION */
    uint64_t n_records;        /* >= 1 */
    zp_ds_schema *schema;      /* owned */
    zp_digest schema_digest;   /* zp_ds_schema_digest(schema) */
    uint32_t log_rows;         /* smallest with room for the records and
                                * the mask blocks: 2^log_rows >= mask_row +
                                * (pcs.max_openings << mask_log_rows) */
    uint32_t log_width;        /* ceil(log2(schema->width)) */
    uint64_t mask_row;         /* n_records rounded up to 2^mask_log_rows:
                                * rows [mask_row + (j << mask_log_rows),
                                * + 2^mask_log_rows) are the uniform mask
                                * block of opening j < pcs.max_openings */
    uint32_t mask_log_rows;    /* smallest m with 2^(m + log_width) >= 16
                                * and >= 2^pcs.log_cols (a block covers
                                * whole PCS rows) */
    zp_pcs_params pcs;         /* n_vars = log_rows + log_width,
                                * max_openings = K */
    zp_digest pcs_root;        /* hiding commitment to the record matrix */
    uint8_t vrf_pk[ZP_VRF_PUBLICKEYBYTES];
    zp_digest key_root;        /* Merkle root over the sorted record keys */
    zp_digest digest;          /* SHA-256 of the canonical encoding */
} zp_dataset_commit;

/** Computes the digest of c over its canonical encoding (every field but
 *  digest; docs/formats/dataset.md).  Returns ZP_OK, ZP_ERR_ARG,
 *  ZP_ERR_NOMEM. */
ZP_API zp_err zp_dataset_commit_compute_digest(zp_digest *out,
                                               const zp_dataset_commit *c) ZP_WARN_UNUSED;
/** Parses and validates DS.commit JSON text: type, version, schema and its
 *  digest, PCS parameters (zp_pcs_params_check, n_vars consistent), and
 *  the digest, which is recomputed and must match.  Returns ZP_OK,
 *  ZP_ERR_PARSE / ZP_ERR_VERIFY (message in err), ZP_ERR_NOMEM. */
ZP_API zp_err zp_dataset_commit_parse(zp_dataset_commit **out, char err[ZP_DS_ERR_BYTES],
                                      const char *json, size_t len) ZP_WARN_UNUSED;
/** Reads path (at most 16 MiB) and parses it as above; ZP_ERR_IO if it
 *  cannot be read. */
ZP_API zp_err zp_dataset_commit_load(zp_dataset_commit **out, char err[ZP_DS_ERR_BYTES],
                                     const char *path) ZP_WARN_UNUSED;
/** The DS.commit JSON text (malloc'ed, NUL-terminated, ends with a
 *  newline).  Returns ZP_OK or ZP_ERR_NOMEM. */
ZP_API zp_err zp_dataset_commit_to_json(char **out, size_t *len,
                                        const zp_dataset_commit *c) ZP_WARN_UNUSED;
ZP_API void zp_dataset_commit_free(zp_dataset_commit *c);

/** The VRF input (alpha) of a record: "zkprov-v1/dataset-record" || 0x00
 *  || schema digest (32) || width (u32 le) || row (u64 le each).  out has
 *  zp_ds_record_bytes_len(width) bytes. */
ZP_API size_t zp_ds_record_bytes_len(size_t width);
ZP_API void zp_ds_record_bytes(uint8_t *out, const zp_digest *schema_digest,
                               const zp_fe *row, size_t width);

/* The holder's secret (DS.secret): PCS randomness seed, VRF secret key,
 * sorted record keys with their record indices. */
typedef struct zp_dataset_secret zp_dataset_secret;
ZP_API void zp_dataset_secret_free(zp_dataset_secret *s);
/** Serialises the secret (binary, docs/formats/dataset.md).  *out is
 *  malloc'ed; the caller wipes and frees it.  Returns ZP_OK or ZP_ERR_NOMEM. */
ZP_API zp_err zp_dataset_secret_serialize(uint8_t **out, size_t *len,
                                          const zp_dataset_secret *s) ZP_WARN_UNUSED;
/** Parses a secret and checks that it belongs to c (commit digest, record
 *  count, key root, VRF public key).  Returns ZP_OK, ZP_ERR_PARSE /
 *  ZP_ERR_VERIFY (message in err), ZP_ERR_NOMEM. */
ZP_API zp_err zp_dataset_secret_parse(zp_dataset_secret **out, char err[ZP_DS_ERR_BYTES],
                                      const uint8_t *data, size_t len,
                                      const zp_dataset_commit *c) ZP_WARN_UNUSED;
/** Reads and parses path as above (ZP_ERR_IO if unreadable). */
ZP_API zp_err zp_dataset_secret_load(zp_dataset_secret **out, char err[ZP_DS_ERR_BYTES],
                                     const char *path,
                                     const zp_dataset_commit *c) ZP_WARN_UNUSED;
/** The PCS randomness seed (to re-commit and open the matrix later). */
ZP_API const uint8_t *zp_dataset_secret_pcs_seed(const zp_dataset_secret *s);

/* Streaming builder: add the encoded rows one at a time, then finish.
 * Memory: the padded record matrix (8 bytes per element) plus, during
 * finish, what zp_pcs_commit needs. */
typedef struct zp_dataset_builder zp_dataset_builder;
/** Starts a dataset of schema s (copied; zp_ds_schema_finish done).
 *  Returns ZP_OK, ZP_ERR_ARG, ZP_ERR_NOMEM. */
ZP_API zp_err zp_dataset_builder_new(zp_dataset_builder **out,
                                     const zp_ds_schema *s) ZP_WARN_UNUSED;
/** Appends one record row[schema width] (zp_ds_row_check must pass).
 *  Returns ZP_OK, ZP_ERR_ARG (bad row; message in err), ZP_ERR_NOMEM. */
ZP_API zp_err zp_dataset_builder_add(zp_dataset_builder *b, char err[ZP_DS_ERR_BYTES],
                                     const zp_fe *row) ZP_WARN_UNUSED;
ZP_API uint64_t zp_dataset_builder_count(const zp_dataset_builder *b);
/* Progress of zp_dataset_builder_finish: phase "record keys" (done out of
 * total records, called from one thread every few hundred records) and
 * "matrix commitment" (0 of 1, then 1 of 1). */
typedef void (*zp_dataset_progress_fn)(void *ctx, const char *phase, uint64_t done,
                                       uint64_t total);
/** Sets a progress callback for finish (fn NULL: none). */
ZP_API void zp_dataset_builder_set_progress(zp_dataset_builder *b, zp_dataset_progress_fn fn,
                                            void *ctx);
/** Commits: pads the matrix with zero rows and columns to powers of two,
 *  writes the K mask blocks after the records (zp_dataset_commit,
 *  docs/formats/dataset.md), commits to it with the hiding K-opening PCS
 *  (100-bit parameters, tight code),
 *  derives the VRF key, computes every record key (OpenMP, deterministic),
 *  sorts them and builds the key tree.  seed[32] is the master randomness
 *  (NULL: from the OS); the same seed and rows give byte-identical outputs.
 *  Frees the matrix.  Out: *commit, *secret.  Returns ZP_OK, ZP_ERR_ARG
 *  (no records: "empty dataset"), ZP_ERR_NOMEM, ZP_ERR_INTERNAL.  The
 *  builder may only be freed afterwards. */
ZP_API zp_err zp_dataset_builder_finish(zp_dataset_builder *b, char err[ZP_DS_ERR_BYTES],
                                        zp_dataset_commit **commit,
                                        zp_dataset_secret **secret,
                                        const uint8_t seed[32]) ZP_WARN_UNUSED;
ZP_API void zp_dataset_builder_free(zp_dataset_builder *b);
/** Sets K, the openings the commitment will allow (1 ..
 *  ZP_DS_MAX_OPENINGS; default ZP_DS_DEFAULT_OPENINGS), before finish.
 *  Returns ZP_OK or ZP_ERR_ARG. */
ZP_API zp_err zp_dataset_builder_set_openings(zp_dataset_builder *b,
                                              unsigned k) ZP_WARN_UNUSED;

/* ---- The record matrix seen by training proofs (docs/formats/dataset.md,
 * "Training runs").  The verifier side needs only DS.commit; the prover
 * side also DS.secret and the data file. */
/** Fills out from c: PCS parameters and root, digest, matrix shape, mask
 *  layout, and the columns of the features (every value but the label,
 *  feature_col 0) and of the label (label_col = n_features).  Refuses
 *  (ZP_ERR_UNSUPPORTED, reason in err, out zeroed) a JSONL dataset, a
 *  schema without a label, or one whose feature columns do not share one
 *  scale.  Returns ZP_OK, ZP_ERR_ARG, ZP_ERR_UNSUPPORTED. */
ZP_API zp_err zp_dataset_train_view(zp_train_dataset *out, char err[ZP_DS_ERR_BYTES],
                                    const zp_dataset_commit *c) ZP_WARN_UNUSED;
/** Re-creates the PCS prover of c's record matrix.  b: a builder of
 *  c->schema (zp_dataset_builder_new(&b, c->schema)) to which the data
 *  file's records were added in file order, exactly as for `dataset
 *  commit` (same reader, same schema); it is consumed (its matrix moves
 *  to *evals; only zp_dataset_builder_free may follow).  s must belong to
 *  c.  Rebuilds the matrix with its mask blocks (from s's PCS seed),
 *  re-commits with the seed's rng and compares with c's root.  Out: *pcs
 *  (no opening used: the caller tracks which of the K it has used) and
 *  *evals (the 2^pcs.n_vars committed values, malloc'ed; SECRET: the
 *  caller wipes it, zp_memzero, and frees it after *pcs).  Returns ZP_OK;
 *  ZP_ERR_VERIFY ("the data file is not the certified dataset": another
 *  record count, schema or root; err says which); ZP_ERR_ARG;
 *  ZP_ERR_NOMEM.  On failure *pcs and *evals are NULL. */
ZP_API zp_err zp_dataset_matrix_prover(zp_pcs_prover **pcs, zp_fe **evals,
                                       char err[ZP_DS_ERR_BYTES],
                                       const zp_dataset_commit *c,
                                       const zp_dataset_secret *s,
                                       zp_dataset_builder *b) ZP_WARN_UNUSED;

/* Membership and non-membership of one record (docs/formats/dataset.md).
 * The proof bytes hold the record's VRF proof and the opened key-tree
 * leaves (index, key) with their batched Merkle path. */
/** Prover.  member = 1: proves row is in the dataset; member = 0: proves it
 *  is not.  Appends the proof to out.  Returns ZP_OK; ZP_ERR_VERIFY if the
 *  claim is false (the record is absent / present); ZP_ERR_ARG, ZP_ERR_PARSE
 *  (bad row), ZP_ERR_NOMEM, ZP_ERR_INTERNAL. */
ZP_API zp_err zp_dataset_prove_membership(zp_bytes *out, const zp_dataset_commit *c,
                                          const zp_dataset_secret *s,
                                          const zp_fe *row, int member) ZP_WARN_UNUSED;
/** Verifier: recomputes the record key from the VRF proof under c->vrf_pk
 *  and checks the opened leaves against c->key_root.  Returns ZP_OK,
 *  ZP_ERR_VERIFY, ZP_ERR_PARSE (malformed proof or row), ZP_ERR_NOMEM. */
ZP_API zp_err zp_dataset_verify_membership(const zp_dataset_commit *c, const zp_fe *row,
                                           int member, const uint8_t *proof,
                                           size_t len) ZP_WARN_UNUSED;

/* ---- Data-authority keys and dataset certificates (src/prov/keys.c,
 * src/prov/cert.c; formats: docs/formats/keys.md, docs/formats/certificate.md)
 *
 * An authority key is an Ed25519 key pair in libsodium's format (secret key
 * = seed || public key).  Its key id is the SHA-256 of the 32-byte public
 * key.  A dataset certificate is a DSSE envelope (payloadType
 * "application/vnd.in-toto+json") whose payload is an in-toto Statement v1
 * naming the DS.commit digest as its subject, with the predicate
 * "https://zkprov.dev/dataset-certificate/v1" (records, schema, license,
 * source, attributes, authority key id, issue and expiry times). */
#define ZP_AUTH_PUBLICKEYBYTES 32
#define ZP_AUTH_SECRETKEYBYTES 64
#define ZP_AUTH_SIGBYTES 64
#define ZP_AUTH_KEY_ID_BYTES 32
/* Size of the error-message buffers of the key and certificate functions. */
#define ZP_CERT_ERR_BYTES 256
/* Limits on certificate contents (bytes, excluding the NUL). */
#define ZP_CERT_MAX_LICENSE 64
#define ZP_CERT_MAX_SOURCE 4096
#define ZP_CERT_MAX_ATTRS 64
#define ZP_CERT_MAX_ATTR_KEY 64
#define ZP_CERT_MAX_ATTR_VALUE 1024
#define ZP_CERT_MAX_NAME 256
/* Largest certificate file accepted (bytes). */
#define ZP_CERT_MAX_BYTES ((size_t)1 << 20)
/* Tolerated clock skew for "issued in the future" (seconds). */
#define ZP_CERT_CLOCK_SKEW 300
#define ZP_CERT_PAYLOAD_TYPE "application/vnd.in-toto+json"
#define ZP_CERT_STATEMENT_TYPE "https://in-toto.io/Statement/v1"
#define ZP_CERT_PREDICATE_TYPE "https://zkprov.dev/dataset-certificate/v1"
ZP_API size_t zp_auth_publickeybytes(void);
ZP_API size_t zp_auth_secretkeybytes(void);
ZP_API size_t zp_auth_key_id_bytes(void);
ZP_API size_t zp_cert_err_bytes(void);

/** A fresh key pair from the OS generator (libsodium crypto_sign_keypair).
 *  Returns ZP_OK or ZP_ERR_INTERNAL. */
ZP_API zp_err zp_auth_keypair(uint8_t pk[ZP_AUTH_PUBLICKEYBYTES],
                              uint8_t sk[ZP_AUTH_SECRETKEYBYTES]) ZP_WARN_UNUSED;
/** id = SHA-256(pk). */
ZP_API void zp_auth_key_id(uint8_t id[ZP_AUTH_KEY_ID_BYTES],
                           const uint8_t pk[ZP_AUTH_PUBLICKEYBYTES]);
/** The key files' JSON text (docs/formats/keys.md); *out is malloc'ed,
 *  NUL-terminated and ends with a newline; the caller wipes (secret) and
 *  frees it.  The secret form checks that sk's embedded public key matches
 *  its seed.  Returns ZP_OK, ZP_ERR_ARG (inconsistent sk), ZP_ERR_NOMEM. */
ZP_API zp_err zp_auth_secret_to_json(char **out, size_t *len,
                                     const uint8_t sk[ZP_AUTH_SECRETKEYBYTES]) ZP_WARN_UNUSED;
ZP_API zp_err zp_auth_public_to_json(char **out, size_t *len,
                                     const uint8_t pk[ZP_AUTH_PUBLICKEYBYTES]) ZP_WARN_UNUSED;
/** Parses a secret key file: type "zkprov/ed25519-secret-key", version 1,
 *  64-byte key whose public half matches its seed, key_id = SHA-256 of the
 *  public half.  Intermediate copies of the secret are wiped.  Out: sk
 *  (zeroed on failure).  Returns ZP_OK or ZP_ERR_PARSE (message in err,
 *  may be NULL). */
ZP_API zp_err zp_auth_secret_parse(uint8_t sk[ZP_AUTH_SECRETKEYBYTES],
                                   char err[ZP_CERT_ERR_BYTES],
                                   const char *json, size_t len) ZP_WARN_UNUSED;
/** Parses a public key file: type "zkprov/ed25519-public-key", version 1,
 *  a 32-byte key that is a valid Ed25519 point of large order, key_id =
 *  SHA-256(public_key).  Returns ZP_OK or ZP_ERR_PARSE (pk zeroed). */
ZP_API zp_err zp_auth_public_parse(uint8_t pk[ZP_AUTH_PUBLICKEYBYTES],
                                   char err[ZP_CERT_ERR_BYTES],
                                   const char *json, size_t len) ZP_WARN_UNUSED;
/** Reads (at most 64 KiB) and parses a key file; ZP_ERR_IO if path cannot
 *  be read, else as the parse functions.  The file buffer is wiped. */
ZP_API zp_err zp_auth_secret_load(uint8_t sk[ZP_AUTH_SECRETKEYBYTES],
                                  char err[ZP_CERT_ERR_BYTES], const char *path) ZP_WARN_UNUSED;
ZP_API zp_err zp_auth_public_load(uint8_t pk[ZP_AUTH_PUBLICKEYBYTES],
                                  char err[ZP_CERT_ERR_BYTES], const char *path) ZP_WARN_UNUSED;
/** Generates a key pair and writes base.key (mode 0600) and base.pub.
 *  Without force, neither file may exist: base.key is created with
 *  O_CREAT|O_EXCL.  With force, each file is replaced atomically (a 0600
 *  temporary file in the same directory, then rename).  Out: pk (may be
 *  NULL).  Returns ZP_OK, ZP_ERR_ARG (a file exists and !force; message
 *  in err), ZP_ERR_IO, ZP_ERR_NOMEM, ZP_ERR_INTERNAL. */
ZP_API zp_err zp_auth_keygen_files(uint8_t pk[ZP_AUTH_PUBLICKEYBYTES],
                                   char err[ZP_CERT_ERR_BYTES], const char *base,
                                   int force) ZP_WARN_UNUSED;

/** PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body
 *  (DSSE protocol v1).  Writes the encoding to out when out != NULL and
 *  cap is large enough.  Returns the encoded length (call with out = NULL
 *  to size the buffer). */
ZP_API size_t zp_dsse_pae(uint8_t *out, size_t cap, const char *type, size_t type_len,
                          const uint8_t *body, size_t body_len);

/** Signs payload[payload_len] under payload_type with sk and writes the
 *  DSSE JSON envelope {"payloadType","payload","signatures":[{"keyid",
 *  "sig"}]} (standard padded base64; keyid = hex SHA-256 of the public
 *  key; ends with a newline; *out malloc'ed).  Returns ZP_OK, ZP_ERR_ARG
 *  (inconsistent sk, empty type), ZP_ERR_NOMEM, ZP_ERR_INTERNAL. */
ZP_API zp_err zp_dsse_sign(char **out, size_t *out_len, const char *payload_type,
                           const uint8_t *payload, size_t payload_len,
                           const uint8_t sk[ZP_AUTH_SECRETKEYBYTES]) ZP_WARN_UNUSED;
/** Opens a DSSE envelope: exactly the members payloadType, payload and
 *  signatures (1..16 entries of {"sig"[, "keyid"]}); payloadType equal to
 *  payload_type; payload and sig in canonical padded standard base64 (so
 *  that any changed character is rejected; the DSSE spec also allows
 *  URL-safe base64, which zkprov does not emit or accept); a signature
 *  whose keyid is the hex id of pk (or has no keyid) verifying over PAE.
 *  Out: *payload (malloc'ed), *payload_len.  Returns ZP_OK, ZP_ERR_PARSE,
 *  ZP_ERR_VERIFY (key id mismatch, bad signature), ZP_ERR_NOMEM. */
ZP_API zp_err zp_dsse_open(uint8_t **payload, size_t *payload_len, char err[ZP_CERT_ERR_BYTES],
                           const char *json, size_t len, const char *payload_type,
                           const uint8_t pk[ZP_AUTH_PUBLICKEYBYTES]) ZP_WARN_UNUSED;

/* What a certificate says, as issued (zp_cert_issue) or verified. */
typedef struct {
    char *subject_name;        /* subject[0].name */
    zp_digest dataset_digest;  /* subject[0].digest.sha256: DS.commit digest */
    uint64_t records;          /* 1 .. 2^53 - 1 */
    char *schema_json;         /* predicate.schema, compact JSON object */
    zp_digest schema_digest;
    char *license;             /* SPDX license id or expression */
    char *source;
    size_t n_attrs;
    char **attr_keys;          /* n_attrs each, in certificate order */
    char **attr_values;
    uint8_t authority_key_id[ZP_AUTH_KEY_ID_BYTES];
    int64_t issued_at;         /* seconds since 1970-01-01T00:00:00Z */
    int has_expiry;
    int64_t expires_at;        /* when has_expiry */
    zp_digest payload_digest;  /* SHA-256 of the signed payload bytes: the
                                  certificate's identity in later links */
} zp_cert_info;
/** Frees the strings of ci and zeroes it (ci may be zeroed already). */
ZP_API void zp_cert_info_clear(zp_cert_info *ci);

/* What the authority signs; every pointer is borrowed. */
typedef struct {
    const char *subject_name;  /* 1..ZP_CERT_MAX_NAME printable bytes */
    zp_digest dataset_digest;
    uint64_t records;          /* 1 .. 2^53 - 1 */
    const char *schema_json;   /* a JSON object */
    zp_digest schema_digest;
    const char *license;       /* zp_cert_license_check */
    const char *source;        /* 1..ZP_CERT_MAX_SOURCE bytes, UTF-8, no controls */
    size_t n_attrs;            /* 0..ZP_CERT_MAX_ATTRS */
    const char *const *attr_keys;   /* [A-Za-z0-9._:-], 1..64 bytes, distinct */
    const char *const *attr_values; /* UTF-8, no controls, 0..1024 bytes */
    int64_t issued_at;
    int has_expiry;
    int64_t expires_at;        /* > issued_at when has_expiry */
} zp_cert_request;

/** Checks an SPDX license identifier or simple expression: 1..64 bytes of
 *  letters, digits, '.', '-', '+', with optional " AND " / " OR " / " WITH "
 *  between ids; LicenseRef-* allowed.  Returns ZP_OK or ZP_ERR_ARG. */
ZP_API zp_err zp_cert_license_check(const char *license) ZP_WARN_UNUSED;
/** 1 if id is in the built-in list of common SPDX ids, else 0. */
ZP_API int zp_cert_license_known(const char *id);

/** Signs req with sk and writes the DSSE envelope JSON (ends with a
 *  newline; *out malloc'ed).  Returns ZP_OK, ZP_ERR_ARG (invalid request
 *  or key; message in err), ZP_ERR_NOMEM, ZP_ERR_INTERNAL. */
ZP_API zp_err zp_cert_issue(char **out, size_t *len, char err[ZP_CERT_ERR_BYTES],
                            const zp_cert_request *req,
                            const uint8_t sk[ZP_AUTH_SECRETKEYBYTES]) ZP_WARN_UNUSED;

/** Verifies a certificate against the authority public key at time now
 *  (seconds since the epoch): envelope shape, payloadType, canonical
 *  base64, a signature whose keyid is the key's id and which verifies
 *  over PAE(payloadType, payload), the statement's _type, subject and
 *  predicateType, every predicate field, authority_key_id = key id,
 *  issued_at <= now + ZP_CERT_CLOCK_SKEW and now < expires_at.
 *  Out: *out (owned by the caller: zp_cert_info_clear; zeroed on failure).
 *  Returns ZP_OK, ZP_ERR_PARSE (malformed), ZP_ERR_VERIFY (wrong key, bad
 *  signature, expired, not yet valid), ZP_ERR_NOMEM; one-line message in
 *  err (may be NULL). */
ZP_API zp_err zp_cert_verify(zp_cert_info *out, char err[ZP_CERT_ERR_BYTES],
                             const char *cert_json, size_t len,
                             const uint8_t pk[ZP_AUTH_PUBLICKEYBYTES],
                             int64_t now) ZP_WARN_UNUSED;
/** Reads path (at most ZP_CERT_MAX_BYTES) and verifies it as above;
 *  ZP_ERR_IO if it cannot be read. */
ZP_API zp_err zp_cert_verify_file(zp_cert_info *out, char err[ZP_CERT_ERR_BYTES],
                                  const char *path,
                                  const uint8_t pk[ZP_AUTH_PUBLICKEYBYTES],
                                  int64_t now) ZP_WARN_UNUSED;
/** Checks that a verified certificate names commitment c (as loaded by
 *  zp_dataset_commit_parse/_load, which recompute its digest): equal
 *  digests, record counts, schema digests, and the certificate's schema
 *  equal (as a JSON value) to c's canonical schema.  Returns ZP_OK,
 *  ZP_ERR_VERIFY, ZP_ERR_ARG, ZP_ERR_NOMEM. */
ZP_API zp_err zp_cert_check_commit(char err[ZP_CERT_ERR_BYTES], const zp_cert_info *ci,
                                   const zp_dataset_commit *c) ZP_WARN_UNUSED;

/** RFC 3339 time -> seconds since the epoch.  Accepts a full date-time
 *  ("2026-05-01T12:00:00Z", fractional seconds ignored, "+hh:mm" offsets)
 *  and, when date_only_ok, a bare date "YYYY-MM-DD" (its 00:00:00Z).
 *  Years 1970..9999.  Returns ZP_OK or ZP_ERR_PARSE. */
ZP_API zp_err zp_time_parse_rfc3339(int64_t *out, const char *s,
                                    int date_only_ok) ZP_WARN_UNUSED;
/** Writes t as "YYYY-MM-DDTHH:MM:SSZ" (21 bytes with the NUL).  Returns
 *  ZP_OK or ZP_ERR_ARG (t outside years 1970..9999). */
ZP_API zp_err zp_time_format_rfc3339(char out[21], int64_t t) ZP_WARN_UNUSED;

/* ---- federated rounds (src/prov/fl_round.c) ----
 * Specification: docs/spec/fl.md; file formats: docs/formats/fl.md.
 *
 * A round fixes P = 2^log_params model parameters (fixed-point integers),
 * the global model g (public to the participants and to the verifier), the
 * clients' Ed25519 public keys, the per-client L2 bound B and the rule:
 * sample-count-weighted FedAvg, g' = g + round(sum_i n_i u_i / N), N =
 * sum n_i over the included clients, round half up (floor((s + N/2)/N)).
 * A client commits its update u_i (K = update_bits: every entry in
 * [-2^(K-1), 2^(K-1))) with the hiding PCS, proves that range in zero
 * knowledge (opening 0 of its commitment) and signs the header, which
 * carries the digest of that range proof.  The aggregator checks every
 * range proof, then proves, in zero knowledge for the updates, that every
 * included update has ||u_i||^2 <= B^2, every excluded one ||u_i||^2 > B^2
 * (exact integers: P 2^(2K-2) < p/2), and that g' follows the rule; each
 * client commitment is opened once more (opening 1), at one common point. */
#define ZP_FL_MAX_CLIENTS 1024
#define ZP_FL_MAX_LOG_PARAMS 24
#define ZP_FL_MAX_UPDATE_BITS 24
#define ZP_FL_SIG_BYTES 64
ZP_API size_t zp_fl_max_clients(void);

/* The public round statement.  Arrays are owned (zp_fl_round_clear). */
typedef struct {
    uint64_t round_id;
    uint32_t log_params;    /* 1 .. ZP_FL_MAX_LOG_PARAMS */
    uint32_t update_bits;   /* K, 1 .. 24: entries of an update lie in
                             * [-2^(K-1), 2^(K-1)); log_params + 2K - 2
                             * <= 47, so P 2^(2K-2) <= 2^47 < p/2 */
    uint64_t bound;         /* B >= 1, B^2 < 2^46 */
    uint32_t n_clients;     /* 1 .. ZP_FL_MAX_CLIENTS */
    uint8_t *client_pk;     /* n_clients * 32 bytes */
    int64_t *global;        /* 2^log_params entries, |g| < 2^62 */
    zp_digest prev_digest;  /* digest of the round this one follows (zero
                             * for the first round) */
} zp_fl_round;
/** Frees and zeroes r. */
ZP_API void zp_fl_round_clear(zp_fl_round *r);
/** Returns: ZP_OK if r satisfies the limits above, else ZP_ERR_ARG. */
ZP_API zp_err zp_fl_round_check(const zp_fl_round *r) ZP_WARN_UNUSED;
/** SHA-256 of the canonical encoding (docs/formats/fl.md).  Returns ZP_OK,
 *  ZP_ERR_ARG, ZP_ERR_NOMEM. */
ZP_API zp_err zp_fl_round_digest(zp_digest *out, const zp_fl_round *r) ZP_WARN_UNUSED;
/** The canonical encoding (the ROUND file), *out malloc'ed.  Returns ZP_OK,
 *  ZP_ERR_ARG, ZP_ERR_NOMEM. */
ZP_API zp_err zp_fl_round_encode(uint8_t **out, size_t *len,
                                 const zp_fl_round *r) ZP_WARN_UNUSED;
/** Parses a ROUND file.  Returns ZP_OK, ZP_ERR_PARSE, ZP_ERR_NOMEM. */
ZP_API zp_err zp_fl_round_decode(zp_fl_round *out, const uint8_t *data,
                                 size_t len) ZP_WARN_UNUSED;

/* A client's signed update header (public). */
typedef struct {
    zp_digest round_digest;   /* zp_fl_round_digest of its round */
    uint32_t client;          /* index into the round's client list */
    uint64_t samples;         /* n_i, 1 .. 2^31 */
    zp_pcs_params pcs;        /* must equal zp_fl_client_pcs_params */
    zp_digest root;           /* hiding commitment to (u_i, mask rows) */
    uint32_t has_train_proof; /* 0/1: the update carries a training proof */
    zp_digest train_proof;    /* zp_fl_train_digest of the client's run and
                               * link proofs when has_train_proof */
    zp_digest range_proof;    /* SHA-256 of the client's range proof */
    uint8_t sig[ZP_FL_SIG_BYTES]; /* Ed25519 over zp_fl_update_signed_bytes */
} zp_fl_update;
#define ZP_FL_UPDATE_BYTES 256 /* encoded header: signed bytes + sig */
#define ZP_FL_SIGNED_BYTES 192
/** The bytes the client signs (ZP_FL_SIGNED_BYTES, written to out): domain tag
 *  "zkprov-v1/fl-update", then every field but sig (docs/formats/fl.md). */
ZP_API size_t zp_fl_update_signed_bytes(uint8_t *out, const zp_fl_update *u);
/** The encoded header (signed bytes, then sig): ZP_FL_UPDATE_BYTES. */
ZP_API void zp_fl_update_encode(uint8_t out[ZP_FL_UPDATE_BYTES],
                                const zp_fl_update *u);
/** Parses an encoded header (no signature check: zp_fl_update_check).
 *  Returns ZP_OK or ZP_ERR_PARSE. */
ZP_API zp_err zp_fl_update_decode(zp_fl_update *u,
                                  const uint8_t d[ZP_FL_UPDATE_BYTES]) ZP_WARN_UNUSED;
/** The PCS parameters of a client commitment for 2^log_params values:
 *  n_vars = log_params + 1 (the update, then three mask rows: the
 *  aggregator's, the range proof's, the training link's), three openings
 *  (0: the client's range proof, 1: the aggregator, 2: the training link),
 *  100-bit code soundness, tuned for the verifier (docs/spec/fl.md).
 *  Returns ZP_OK or ZP_ERR_ARG. */
ZP_API zp_err zp_fl_client_pcs_params(zp_pcs_params *p,
                                      unsigned log_params) ZP_WARN_UNUSED;
/** Returns: the length of a client's three mask rows (3 * 2^log_cols of
 *  its PCS parameters: the aggregator's row, the range proof's, the
 *  training link's), or 0 if log_params is out of range. */
ZP_API size_t zp_fl_client_mask_len(unsigned log_params);
/** Client: commits values[2^log_params] (each in [-2^(K-1), 2^(K-1)), K =
 *  r->update_bits) with fresh mask rows, proves that range (LogUp range
 *  proof, zero knowledge, opening 0 of the commitment) into *range_proof
 *  (initialised by the caller, appended to), and signs the header (with
 *  the proof's digest) with sk, whose public key must be
 *  r->client_pk[client].  train_proof may be NULL.  Out: *hdr, *prover
 *  (opening 0 used; kept for the aggregator's opening 1, see
 *  zp_pcs_prover_export), mask (NULL or zp_fl_client_mask_len(log_params)
 *  entries: the secret mask rows, which the aggregator needs with the
 *  values).  rng: the commitment's randomness (one rng per commitment).
 *  Returns ZP_OK, ZP_ERR_ARG (a value out of range, a key not of the
 *  round...), ZP_ERR_NOMEM, ZP_ERR_INTERNAL. */
ZP_API zp_err zp_fl_update_create(zp_fl_update *hdr, zp_pcs_prover **prover,
                                  zp_bytes *range_proof,
                                  const zp_fl_round *r, uint32_t client,
                                  const uint8_t sk[ZP_AUTH_SECRETKEYBYTES],
                                  const int64_t *values, uint64_t samples,
                                  const zp_digest *train_proof,
                                  zp_fe *mask,
                                  const zp_rng *rng) ZP_WARN_UNUSED;
/** Checks hdr against r: round digest, client index, key, signature,
 *  parameters, samples.  Returns ZP_OK or ZP_ERR_VERIFY. */
ZP_API zp_err zp_fl_update_check(const zp_fl_update *hdr,
                                 const zp_fl_round *r) ZP_WARN_UNUSED;
/** zp_fl_update_check, then the client's range proof proof[len]: its
 *  digest must be hdr->range_proof and it must prove every entry of the
 *  committed update in [-2^(K-1), 2^(K-1)) (opening 0 of hdr->root).
 *  Returns ZP_OK, ZP_ERR_VERIFY, ZP_ERR_PARSE, ZP_ERR_NOMEM. */
ZP_API zp_err zp_fl_update_verify(const zp_fl_update *hdr,
                                  const zp_fl_round *r, const uint8_t *proof,
                                  size_t len) ZP_WARN_UNUSED;

/* The aggregation record (the NEXT file): the next round (round_id + 1,
 * new global model, prev_digest = digest of this round), the updates
 * considered, which were included, the aggregator's commitment and the
 * proof. */
typedef struct {
    zp_fl_round next;
    uint32_t n_updates;
    zp_fl_update *updates;   /* n_updates */
    uint8_t **range_proofs;  /* n_updates client range proofs */
    size_t *range_lens;      /* their lengths */
    uint8_t *included;       /* n_updates flags (0: excluded, over bound) */
    zp_digest agg_root;      /* aggregator's commitment (remainders...) */
    uint8_t *proof;
    size_t proof_len;
} zp_fl_aggregate;
ZP_API void zp_fl_aggregate_clear(zp_fl_aggregate *a);
ZP_API zp_err zp_fl_aggregate_encode(uint8_t **out, size_t *len,
                                     const zp_fl_aggregate *a) ZP_WARN_UNUSED;
ZP_API zp_err zp_fl_aggregate_decode(zp_fl_aggregate *out, const uint8_t *data,
                                     size_t len) ZP_WARN_UNUSED;
/** Aggregator: updates[n] (distinct clients, zp_fl_update_check passes),
 *  their range proofs range_proofs[n] / range_lens[n] (each checked with
 *  zp_fl_update_verify first and copied into *out), their values[n]
 *  (2^log_params each), masks[n] (the clients' mask rows) and provers[n]
 *  (from zp_fl_update_create or zp_pcs_prover_import; opening 1 of each is
 *  used).  Applies the bound, computes the new model and proves it.  rng:
 *  the aggregator's randomness.  Out: *out.  Returns ZP_OK, ZP_ERR_VERIFY
 *  (a client's range proof is invalid: drop that update), ZP_ERR_ARG (bad
 *  input, no update within the bound, a value out of range), ZP_ERR_NOMEM,
 *  ZP_ERR_INTERNAL. */
ZP_API zp_err zp_fl_aggregate_prove(zp_fl_aggregate *out, const zp_fl_round *r,
                                    const zp_fl_update *updates,
                                    const uint8_t *const *range_proofs,
                                    const size_t *range_lens,
                                    const int64_t *const *values,
                                    const zp_fe *const *masks,
                                    zp_pcs_prover *const *provers, size_t n,
                                    const zp_rng *rng) ZP_WARN_UNUSED;
/** Verifier: a against its round r (a->next.prev_digest must be r's
 *  digest), every client's range proof included.  Returns ZP_OK, ZP_ERR_VERIFY, ZP_ERR_PARSE, ZP_ERR_NOMEM;
 *  a one-line reason in err (may be NULL). */
ZP_API zp_err zp_fl_aggregate_verify(char err[ZP_CERT_ERR_BYTES],
                                     const zp_fl_round *r,
                                     const zp_fl_aggregate *a) ZP_WARN_UNUSED;
/** Round verifier: as zp_fl_aggregate_verify (headers, signatures, the
 *  aggregation argument, every client opening) except that the clients'
 *  range proofs, named by the signed digests in the headers, are not
 *  re-checked (their bytes in a are ignored).  Accepting proves the rule
 *  for the committed updates PROVIDED each update's range proof is valid:
 *  the aggregator checked them before proving (zp_fl_aggregate_prove); a
 *  verifier that does not trust it runs zp_fl_aggregate_verify or checks
 *  each update itself (zp_fl_update_verify), docs/spec/fl.md.  Returns as
 *  zp_fl_aggregate_verify. */
ZP_API zp_err zp_fl_aggregate_verify_round(char err[ZP_CERT_ERR_BYTES],
                                           const zp_fl_round *r,
                                           const zp_fl_aggregate *a) ZP_WARN_UNUSED;

/* ---- trained updates (src/prov/fl_train.c, docs/spec/fl.md "Training
 * proofs") ----
 * A client proves a bound training run (zp_train_run_prove_bound, run
 * file version 3, docs/formats/run.md) from the round's global model g on
 * its certified shard, so that every batch record is a row of the shard's
 * dataset commitment, and links it to its update: u = flatten(W_T) - g, W_T the weights in the run's final
 * model commitment C_T, by a link proof (one more opening of C_T and
 * opening 2 of the update commitment).  The flat order of a model is the
 * data region of its model polynomial (docs/spec/model-commit.md,
 * "Polynomial layout": tensors by size, zero-padded); every other entry
 * of the round's 2^log_params values is zero.  The signed header names
 * both proofs by zp_fl_train_digest. */
/** Returns: the number of flat values of cfg's architecture (the end of
 *  the model polynomial's data region), 0 for an invalid cfg. */
ZP_API size_t zp_fl_model_size(const zp_train_config *cfg);
/** out[n] (n >= zp_fl_model_size(cfg)) = the flat order of m, zeros
 *  elsewhere.  Returns ZP_OK or ZP_ERR_ARG. */
ZP_API zp_err zp_fl_model_flatten(int64_t *out, size_t n, const zp_train_config *cfg,
                                  const zp_mlp *m) ZP_WARN_UNUSED;
/** *m (allocated here; zp_mlp_free) from v[n] in the flat order.  Returns
 *  ZP_OK, ZP_ERR_ARG (n too small, or a non-zero value at a position that
 *  is no weight or bias), ZP_ERR_NOMEM; *m zeroed on failure. */
ZP_API zp_err zp_fl_model_unflatten(zp_mlp *m, const zp_train_config *cfg,
                                    const int64_t *v, size_t n) ZP_WARN_UNUSED;
/** SHA-256("zkprov-v1/fl-train-proof" NUL || SHA-256(run) || SHA-256(link)):
 *  the train_proof digest of a trained update's header. */
ZP_API void zp_fl_train_digest(zp_digest *out, const uint8_t *run, size_t run_len,
                               const uint8_t *link, size_t link_len);
/** Client: proves a bound run of cfg on ds (the records of the certified
 *  shard whose certificate digest is ds_digest, as the CLI loads them:
 *  rec->ds's rows in order, else ZP_ERR_ARG) with the shard's dataset
 *  opening rec (zp_run_records: view, opening index j, matrix prover and
 *  values; opening j is consumed) from g = r->global (C_0's secret
 *  revealed in the run), computes u =
 *  flatten(W_T) - g into values[2^log_params] (each entry must lie in the
 *  round's range, else ZP_ERR_ARG), commits and range-proves it as
 *  zp_fl_update_create with samples = ds->n, proves the link and signs a
 *  header naming both proofs.  Out: *hdr, *prover, mask as
 *  zp_fl_update_create; range_proof, run, link (initialised by the caller,
 *  appended to).  rng: the randomness of the commitment (and, derived, of
 *  the run).  Returns ZP_OK, ZP_ERR_ARG (g not a model of cfg, model
 *  larger than the round, an update entry out of range...),
 *  ZP_ERR_UNSUPPORTED, ZP_ERR_NOMEM, ZP_ERR_INTERNAL. */
ZP_API zp_err zp_fl_update_create_trained(zp_fl_update *hdr, zp_pcs_prover **prover,
                                          zp_bytes *range_proof, zp_bytes *run,
                                          zp_bytes *link, int64_t *values,
                                          const zp_fl_round *r, uint32_t client,
                                          const uint8_t sk[ZP_AUTH_SECRETKEYBYTES],
                                          const zp_train_config *cfg, const zp_fxdata *ds,
                                          const uint8_t ds_digest[32],
                                          const zp_run_records *rec, zp_fe *mask,
                                          const zp_rng *rng) ZP_WARN_UNUSED;
/** Verifier of a trained update: hdr passes zp_fl_update_check, names
 *  run[run_len] and link[link_len] (zp_fl_train_digest); the shard's
 *  record count tds->n_records equals hdr->samples; the run is a bound
 *  run (version 3; an unbound version-2 run is rejected, ZP_ERR_VERIFY)
 *  and verifies (zp_train_run_verify_bound) for cfg, the certificate
 *  digest ds_digest, the shard's dataset commitment tds (the caller
 *  verified the certificate and that it names the commitment tds was read
 *  from: zp_cert_check_commit, zp_dataset_train_view) and the base model
 *  g = r->global (C_0 opened and equal to g): every batch record is a row
 *  of the certified shard; the link proves that the committed update is
 *  flatten(W_T) - g for the run's C_T.  Returns ZP_OK, ZP_ERR_VERIFY,
 *  ZP_ERR_PARSE, ZP_ERR_ARG, ZP_ERR_NOMEM; a one-line reason in err (may
 *  be NULL). */
ZP_API zp_err zp_fl_train_verify(char err[ZP_CERT_ERR_BYTES], const zp_fl_update *hdr,
                                 const zp_fl_round *r, const zp_train_config *cfg,
                                 const uint8_t ds_digest[32], const zp_train_dataset *tds,
                                 const uint8_t *run, size_t run_len, const uint8_t *link,
                                 size_t link_len) ZP_WARN_UNUSED;

/* ---- training-proof files (src/prov/fl_train_file.c, docs/formats/fl.md
 * "UPD.train", "NEXT.train") ----
 * The public evidence of a trained update, read by the aggregator and the
 * round verifiers from other parties' files.  These functions only frame
 * it: the chunks are checked by zp_train_config_parse, zp_cert_verify,
 * zp_dataset_commit_parse (with zp_cert_check_commit) and
 * zp_fl_train_verify. */
#define ZP_FL_TRAIN_MAGIC "ZPFLTRN2"
#define ZP_FL_TRAIN_SET_MAGIC "ZPFLTRS1"
/** UPD.train: five byte strings; when decoded, pointers into the decoded
 *  buffer (which must outlive the struct). */
typedef struct {
    const uint8_t *config; /* the training config JSON */
    size_t config_len;
    const uint8_t *cert; /* the shard's certificate (DSSE JSON, as signed) */
    size_t cert_len;
    const uint8_t *commit; /* DS.commit JSON of the dataset commitment it names */
    size_t commit_len;
    const uint8_t *run; /* the bound run proof (run file version 3) */
    size_t run_len;
    const uint8_t *link; /* the link proof */
    size_t link_len;
} zp_fl_train_file;
/** Splits data[len] = "ZPFLTRN2" then five chunks (u64 length + bytes),
 *  nothing after.  Out: *out (zeroed on failure), err (may be NULL) a
 *  one-line reason.  Returns ZP_OK, ZP_ERR_PARSE, ZP_ERR_UNSUPPORTED (a
 *  version-1 file "ZPFLTRN1": its run is not bound to the certified shard,
 *  refused), ZP_ERR_ARG. */
ZP_API zp_err zp_fl_train_file_decode(zp_fl_train_file *out, char err[ZP_CERT_ERR_BYTES],
                                      const uint8_t *data, size_t len) ZP_WARN_UNUSED;
/** The UPD.train bytes of t (a NULL chunk pointer needs length 0):
 *  malloc'ed *out (free()) of *len bytes; zp_fl_train_file_decode of them
 *  gives t's chunks back.  Returns ZP_OK, ZP_ERR_ARG, ZP_ERR_NOMEM. */
ZP_API zp_err zp_fl_train_file_encode(uint8_t **out, size_t *len,
                                      const zp_fl_train_file *t) ZP_WARN_UNUSED;
/** NEXT.train: "ZPFLTRS1", u32 n_updates, then n_updates chunks (u64
 *  length + the UPD.train bytes of that update, length 0: none), nothing
 *  after.  n_updates (1..ZP_FL_MAX_CLIENTS) is the aggregate's count and
 *  must be the file's.  Out: files[n_updates], lens[n_updates] (pointers
 *  into data; NULL and 0 for an empty chunk; zeroed on failure), err (may
 *  be NULL) a one-line reason.  Returns ZP_OK, ZP_ERR_PARSE, ZP_ERR_ARG. */
ZP_API zp_err zp_fl_train_set_decode(const uint8_t **files, size_t *lens, uint32_t n_updates,
                                     char err[ZP_CERT_ERR_BYTES], const uint8_t *data,
                                     size_t len) ZP_WARN_UNUSED;
/** The NEXT.train bytes of files[n_updates], lens[n_updates] (NULL needs
 *  length 0): malloc'ed *out (free()), *len.  Returns ZP_OK, ZP_ERR_ARG,
 *  ZP_ERR_NOMEM. */
ZP_API zp_err zp_fl_train_set_encode(uint8_t **out, size_t *len,
                                     const uint8_t *const *files, const size_t *lens,
                                     uint32_t n_updates) ZP_WARN_UNUSED;

#ifdef __cplusplus
}
#endif
#endif
