/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * File formats: the versioned binary proof container (docs/formats/proof.md). */
#ifndef ZKPROV_IO_H
#define ZKPROV_IO_H

#include "common.h"
#include "hash.h"
#include "zkml.h"
#include "prov.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------
 * Proof files.  Layout (all integers little-endian, docs/formats/proof.md):
 *
 *   magic "ZKPROOF\0" (8) | format version u32 | statement type u32 |
 *   section count u32 | count x (tag u32 | length u64 | bytes) |
 *   SHA-256 of everything before it (32)
 *
 * Sections appear in strictly increasing tag order, so one set of sections
 * has exactly one encoding.  The digest is an integrity check (it catches
 * corruption and truncation), not part of any proof's soundness; it also
 * names the file in chains of custody.  The container does not look inside
 * sections: field elements and digests in them are parsed, and checked to
 * be canonical, by the protocol verifiers.
 * ------------------------------------------------------------------- */

#define ZP_PROOF_MAGIC "ZKPROOF\0"
#define ZP_PROOF_MAGIC_BYTES 8
/* magic + version + statement type + section count */
#define ZP_PROOF_HEADER_BYTES 20
/* tag + length */
#define ZP_PROOF_SECTION_HEADER_BYTES 12
/* trailing SHA-256 */
#define ZP_PROOF_DIGEST_BYTES 32
#define ZP_PROOF_MAX_SECTIONS 1024
/* Largest section: 2^32 bytes. */
#define ZP_PROOF_MAX_SECTION_BYTES ((uint64_t)1 << 32)
/* Size cap of zp_proof_file_read when the caller passes 0: 1 GiB. */
#define ZP_PROOF_DEFAULT_MAX_FILE_BYTES ((size_t)1 << 30)
/* Size of the error-message buffers taken by the parser and file helpers. */
#define ZP_PROOF_ERR_BYTES 128

ZP_API size_t zp_proof_magic_bytes(void);
ZP_API size_t zp_proof_header_bytes(void);
ZP_API size_t zp_proof_section_header_bytes(void);
ZP_API size_t zp_proof_digest_bytes(void);
ZP_API size_t zp_proof_max_sections(void);
ZP_API uint64_t zp_proof_max_section_bytes(void);
ZP_API size_t zp_proof_default_max_file_bytes(void);
ZP_API size_t zp_proof_err_bytes(void);
/** Returns: ZP_PROOF_FORMAT_VERSION, the only version this build reads. */
ZP_API uint32_t zp_proof_format_version(void);

/* What a proof file proves.  Values are part of the format: never reuse
 * one.  Types marked reserved are defined by the format (files carrying
 * them parse) but no verifier exists for them yet. */
typedef enum {
    ZP_STMT_PCS_OPENING = 1,        /* openings of a committed polynomial */
    ZP_STMT_SUMCHECK = 2,           /* a sumcheck claim                   */
    ZP_STMT_MATMUL = 3,             /* a matrix product                   */
    ZP_STMT_LOOKUP = 4,             /* a LogUp lookup into a fixed table  */
    ZP_STMT_RANGE = 5,              /* a range check                      */
    ZP_STMT_DATASET_MEMBERSHIP = 16, /* a record is / is not in a dataset
                                      * (docs/formats/dataset.md) */
    ZP_STMT_TRAINING_STEP = 17,      /* reserved */
    ZP_STMT_TRAINING_RUN = 18,       /* reserved */
    ZP_STMT_INFERENCE = 19,          /* reserved */
    ZP_STMT_FEDERATED_ROUND = 20     /* reserved */
} zp_stmt_type;

/** Returns: a static lower-case name ("sumcheck", "training-step", ...) of
 *  the statement type t, or NULL if t is not defined by this format. */
ZP_API const char *zp_stmt_type_name(uint32_t t);

/* Section tags.  0 is never valid.  0x0001-0x00ff are shared by all
 * statement types; protocols register their own tags from 0x0100 up in
 * docs/formats/proof.md.  The container accepts any non-zero tag; a
 * verifier states which sections it needs with zp_proof_file_expect(). */
#define ZP_SECTION_STATEMENT 0x0001u      /* "statement": public inputs     */
#define ZP_SECTION_PROOF 0x0002u          /* "proof": the protocol's bytes  */
#define ZP_SECTION_PCS_COMMITMENT 0x0003u /* "pcs.commitment": root digest  */
#define ZP_SECTION_DATASET_COMMITMENT 0x0110u /* "dataset.commitment": the
                                                * canonical DS.commit bytes   */

/** Returns: the static name of a registered section tag ("statement",
 *  "proof", "pcs.commitment"), or NULL for a tag not registered here. */
ZP_API const char *zp_proof_section_name(uint32_t tag);

typedef struct zp_proof_file zp_proof_file;

/** Starts an empty proof file for statement type stmt_type.
 *  Returns: ZP_OK, ZP_ERR_ARG (out NULL, stmt_type not defined) or
 *  ZP_ERR_NOMEM.  On failure *out is NULL. */
ZP_API zp_err zp_proof_file_new(zp_proof_file **out,
                                uint32_t stmt_type) ZP_WARN_UNUSED;
/** Frees pf (NULL is allowed). */
ZP_API void zp_proof_file_free(zp_proof_file *pf);

/** Adds a section holding a copy of data[len] (data may be NULL if len is
 *  0).  Sections may be added in any order; they are written sorted by tag.
 *  Returns: ZP_OK, ZP_ERR_ARG (tag 0, tag already present, len above
 *  ZP_PROOF_MAX_SECTION_BYTES, more than ZP_PROOF_MAX_SECTIONS sections)
 *  or ZP_ERR_NOMEM.  On failure pf is unchanged. */
ZP_API zp_err zp_proof_file_add_section(zp_proof_file *pf, uint32_t tag,
                                        const void *data,
                                        size_t len) ZP_WARN_UNUSED;

/** Returns: the number of bytes zp_proof_file_serialize writes for pf, or
 *  0 if that does not fit in a size_t. */
ZP_API size_t zp_proof_file_serialized_size(const zp_proof_file *pf);
/** Writes the encoding of pf to out[cap].  Out: *out_len = bytes written.
 *  Returns: ZP_OK, or ZP_ERR_ARG if cap < zp_proof_file_serialized_size(pf)
 *  (then *out_len = 0 and out is untouched). */
ZP_API zp_err zp_proof_file_serialize(const zp_proof_file *pf, uint8_t *out,
                                      size_t cap,
                                      size_t *out_len) ZP_WARN_UNUSED;

/** Parses and validates data[len]: magic, format version, statement type,
 *  section count (<= ZP_PROOF_MAX_SECTIONS), every section length (within
 *  the buffer and <= ZP_PROOF_MAX_SECTION_BYTES), strictly increasing tags
 *  (so no duplicates), no trailing bytes, and the digest.  Memory used is
 *  bounded by a small multiple of len, whatever the lengths declared
 *  inside.  Out: *out, a parsed file owning a copy of the bytes; err
 *  (may be NULL; ZP_PROOF_ERR_BYTES) a one-line reason on failure, "" on
 *  success.  Returns: ZP_OK; ZP_ERR_UNSUPPORTED for a format version newer
 *  than this build's; ZP_ERR_PARSE for anything malformed; ZP_ERR_ARG
 *  (out NULL, data NULL with len > 0); ZP_ERR_NOMEM.  On failure *out is
 *  NULL. */
ZP_API zp_err zp_proof_file_parse(zp_proof_file **out,
                                  char err[ZP_PROOF_ERR_BYTES],
                                  const void *data, size_t len) ZP_WARN_UNUSED;

/* Accessors (valid for built and parsed files). */
ZP_API uint32_t zp_proof_file_stmt_type(const zp_proof_file *pf);
/** Returns: the format version of the file (ZP_PROOF_FORMAT_VERSION). */
ZP_API uint32_t zp_proof_file_version(const zp_proof_file *pf);
ZP_API size_t zp_proof_file_n_sections(const zp_proof_file *pf);
/** The i-th section in file order (i.e. by increasing tag).  Out: *tag,
 *  *data (points into pf; valid until pf is freed or changed), *len; any
 *  out pointer may be NULL.  Returns: ZP_OK or ZP_ERR_ARG (i out of range;
 *  outputs zeroed). */
ZP_API zp_err zp_proof_file_section_at(const zp_proof_file *pf, size_t i,
                                       uint32_t *tag, const uint8_t **data,
                                       size_t *len) ZP_WARN_UNUSED;
/** The section with the given tag.  Out: *data, *len as above.
 *  Returns: ZP_OK, or ZP_ERR_PARSE if the file has no such section
 *  (outputs zeroed). */
ZP_API zp_err zp_proof_file_section(const zp_proof_file *pf, uint32_t tag,
                                    const uint8_t **data,
                                    size_t *len) ZP_WARN_UNUSED;
/** Out: *digest, the SHA-256 of the encoding of pf up to its digest field,
 *  i.e. the digest stored at the end of the file. */
ZP_API void zp_proof_file_digest(const zp_proof_file *pf, zp_digest *digest);

/** What a verifier calls before reading sections: checks that pf has
 *  statement type stmt_type and exactly the sections tags[n_tags] (in any
 *  order), so that no unread bytes can ride along in a proof file.
 *  Out: err (may be NULL) the reason on failure.  Returns: ZP_OK or
 *  ZP_ERR_PARSE. */
ZP_API zp_err zp_proof_file_expect(const zp_proof_file *pf,
                                   char err[ZP_PROOF_ERR_BYTES],
                                   uint32_t stmt_type, const uint32_t *tags,
                                   size_t n_tags) ZP_WARN_UNUSED;

/** Writes pf to path atomically: the bytes go to a new temporary file in
 *  the same directory, which is flushed to disk and then renamed (force)
 *  or hard-linked (no force) to path, so path never holds a partial file.
 *  Without force an existing path is never replaced.  No temporary file
 *  is left behind on any return.  Out: err (may be NULL).  Returns: ZP_OK,
 *  ZP_ERR_IO (cannot write; path exists and force is 0), ZP_ERR_ARG,
 *  ZP_ERR_NOMEM. */
ZP_API zp_err zp_proof_file_write(const zp_proof_file *pf,
                                  char err[ZP_PROOF_ERR_BYTES],
                                  const char *path, int force) ZP_WARN_UNUSED;

/** Reads and parses the file at path, reading at most max_bytes (0 means
 *  ZP_PROOF_DEFAULT_MAX_FILE_BYTES).  Out: *out, err (may be NULL).
 *  Returns: as zp_proof_file_parse, plus ZP_ERR_IO (cannot open or read)
 *  and ZP_ERR_PARSE for a file larger than the cap. */
ZP_API zp_err zp_proof_file_read(zp_proof_file **out,
                                 char err[ZP_PROOF_ERR_BYTES],
                                 const char *path,
                                 size_t max_bytes) ZP_WARN_UNUSED;

/* ---------------------------------------------------------------------
 * Dataset inputs (src/io/csv.c, idx.c, jsonl.c, schema.c;
 * docs/formats/dataset.md).  Parsers stream the file (plain or gzip, read
 * through zlib), encode every record under a schema (zkprov/prov.h) and
 * hand each encoded row to a callback.  Errors name the file and the line
 * (CSV, JSONL) or byte offset (IDX) in err (ZP_IO_ERR_BYTES).
 * ------------------------------------------------------------------- */
#define ZP_IO_ERR_BYTES 320
ZP_API size_t zp_io_err_bytes(void);
/* Longest text line the CSV and JSONL readers accept: 16 MiB. */
#define ZP_IO_MAX_LINE ((size_t)1 << 24)

/* Called with each encoded record (row has schema->width elements, valid
 * until the call returns) and its 0-based index; a non-ZP_OK return stops
 * the parse and is returned. */
typedef zp_err (*zp_io_record_fn)(void *ctx, const zp_fe *row, uint64_t index);
/* Progress: records so far, input bytes consumed (compressed bytes for a
 * .gz file) and the input's size in bytes (0 if unknown). */
typedef void (*zp_io_progress_fn)(void *ctx, uint64_t records, uint64_t bytes,
                                  uint64_t total);

/** Reads a schema JSON file (zp_ds_schema_parse).  Returns ZP_OK,
 *  ZP_ERR_IO, ZP_ERR_PARSE, ZP_ERR_NOMEM; err names the file. */
ZP_API zp_err zp_io_schema_load(zp_ds_schema **out, char err[ZP_IO_ERR_BYTES],
                                const char *path) ZP_WARN_UNUSED;
/** The default schema for a data file (docs/formats/dataset.md):
 *  csv: every header column but the last is a feature (scale 16, bound
 *  2^47), the last is the label (bound 2^32-1); idx: one group of
 *  rows*cols pixels (scale 0, bound 255) and a label (bound 255); jsonl:
 *  one group of token slots as wide as the longest record (bound 2^32-1)
 *  and a label (bound 2^32-1) if any record has one.  labels: the IDX
 *  label file (ignored otherwise).  Returns as zp_io_records_read. */
ZP_API zp_err zp_io_schema_default(zp_ds_schema **out, char err[ZP_IO_ERR_BYTES],
                                   zp_ds_format fmt, const char *data,
                                   const char *labels) ZP_WARN_UNUSED;
/** Streams every record of data (and labels, for IDX) under schema s
 *  (format s->format) to fn.  progress may be NULL.  Out: *n_records.
 *  Returns ZP_OK; ZP_ERR_IO (unreadable file); ZP_ERR_PARSE (malformed
 *  input: ragged row, non-numeric or out-of-bound value, bad IDX magic,
 *  count mismatch, truncation, empty dataset); ZP_ERR_ARG; ZP_ERR_NOMEM;
 *  or what fn returned. */
ZP_API zp_err zp_io_records_read(uint64_t *n_records, char err[ZP_IO_ERR_BYTES],
                                 const zp_ds_schema *s, const char *data,
                                 const char *labels, zp_io_record_fn fn, void *ctx,
                                 zp_io_progress_fn progress,
                                 void *progress_ctx) ZP_WARN_UNUSED;
/** Reads one record file (the RECORD argument of prove-member / prove-
 *  absent): csv, the header line and one data line; jsonl, one line; idx,
 *  a raw file of rows*cols pixel bytes followed by one label byte.
 *  Out: row[s->width].  Returns as zp_io_records_read; a file with zero or
 *  several records is ZP_ERR_PARSE. */
ZP_API zp_err zp_io_record_read_one(zp_fe *row, char err[ZP_IO_ERR_BYTES],
                                    const zp_ds_schema *s,
                                    const char *path) ZP_WARN_UNUSED;
/** Parses the decimal text s[len] ([+-]digits[.digits][e[+-]digits],
 *  surrounding blanks allowed, at most 27 significant digits) and encodes
 *  it exactly as q = round(value * 2^scale), halves away from zero.
 *  integer != 0 additionally requires value to be a non-negative integer.
 *  Returns ZP_OK and *q (|q| <= bound), or ZP_ERR_PARSE with a reason in
 *  why (static string). */
ZP_API zp_err zp_io_parse_fixed(int64_t *q, const char **why, const char *s, size_t len,
                                unsigned scale, uint64_t bound,
                                int integer) ZP_WARN_UNUSED;


/* ---------------------------------------------------------------------
 * safetensors (https://github.com/huggingface/safetensors): an 8-byte
 * little-endian header length N, N bytes of JSON header {"name": {"dtype",
 * "shape", "data_offsets": [begin, end]}, "__metadata__": {str: str}}
 * (starting with '{', optionally padded with spaces), then the byte
 * buffer.  The parser rejects: N < 2 or N > ZP_ST_MAX_HEADER_BYTES or past
 * the end, invalid JSON, unknown dtypes and keys, duplicate names,
 * shapes whose byte size differs from end - begin (overflow-checked),
 * offsets out of the buffer, overlaps, holes and trailing bytes.
 * ------------------------------------------------------------------- */
#define ZP_ST_MAX_HEADER_BYTES ((uint64_t)100 << 20)
#define ZP_ST_MAX_DIMS 8
#define ZP_ST_ERR_BYTES 128
ZP_API size_t zp_st_max_dims(void);

typedef enum {
    ZP_ST_BOOL = 1, ZP_ST_U8, ZP_ST_I8, ZP_ST_I16, ZP_ST_U16, ZP_ST_F16,
    ZP_ST_BF16, ZP_ST_I32, ZP_ST_U32, ZP_ST_F32, ZP_ST_F64, ZP_ST_I64,
    ZP_ST_U64
} zp_st_dtype;

/** Returns: the element size in bytes of dtype d, or 0 if unknown. */
ZP_API size_t zp_st_dtype_size(zp_st_dtype d);
/** Returns: the static name ("I32", ...) of d, or NULL if unknown. */
ZP_API const char *zp_st_dtype_name(zp_st_dtype d);

typedef struct {
    const char *name;
    zp_st_dtype dtype;
    size_t n_dims;
    uint64_t shape[ZP_ST_MAX_DIMS];
    const uint8_t *data; /* little-endian elements, C order */
    size_t len;          /* bytes */
} zp_st_tensor;

typedef struct zp_safetensors zp_safetensors;

/** Parses data[len] (copied).  Out: *out, err (may be NULL) one line.
 *  Returns: ZP_OK, ZP_ERR_PARSE, ZP_ERR_ARG, ZP_ERR_NOMEM; *out NULL on
 *  failure. */
ZP_API zp_err zp_st_parse(zp_safetensors **out, char err[ZP_ST_ERR_BYTES],
                          const uint8_t *data, size_t len) ZP_WARN_UNUSED;
ZP_API void zp_st_free(zp_safetensors *st);
ZP_API size_t zp_st_n_tensors(const zp_safetensors *st);
/** The i-th tensor in increasing data offset order (pointers into st).
 *  Returns ZP_OK or ZP_ERR_ARG. */
ZP_API zp_err zp_st_tensor_at(const zp_safetensors *st, size_t i,
                              zp_st_tensor *t) ZP_WARN_UNUSED;
/** The tensor called name.  Returns ZP_OK or ZP_ERR_PARSE (absent). */
ZP_API zp_err zp_st_find(const zp_safetensors *st, const char *name,
                         zp_st_tensor *t) ZP_WARN_UNUSED;
/** Returns: the __metadata__ value of key, or NULL. */
ZP_API const char *zp_st_metadata(const zp_safetensors *st, const char *key);

/** Serialises tensors t[n] (data of each t[i].len bytes, names distinct)
 *  in the given order with metadata pairs kv[2 * n_kv] (key, value) into a
 *  malloc'ed *out of *len bytes; the header is padded with spaces to a
 *  multiple of 8.  Returns ZP_OK, ZP_ERR_ARG (sizes disagree, duplicate
 *  name), ZP_ERR_NOMEM. */
ZP_API zp_err zp_st_serialize(uint8_t **out, size_t *len,
                              const zp_st_tensor *t, size_t n,
                              const char *const *kv, size_t n_kv) ZP_WARN_UNUSED;

/** An MLP as safetensors: "layers.<l>.weight" [dims[l+1], dims[l]] and
 *  "layers.<l>.bias" [dims[l+1]], I32, at scale 2^weight_scale, with
 *  __metadata__ format "zkprov-mlp-v1", weight_scale, weight_bits,
 *  act_scale, layers ("784,128,10").  Returns ZP_OK, ZP_ERR_ARG,
 *  ZP_ERR_NOMEM. */
ZP_API zp_err zp_mlp_to_safetensors(uint8_t **out, size_t *len,
                                    const zp_mlp *m,
                                    const zp_train_config *cfg) ZP_WARN_UNUSED;
/** Loads the weights of an allocated m (cfg's architecture) from st:
 *  I32/I64 tensors are taken as integers at cfg's weight scale (the
 *  metadata weight_scale, if present, must equal it); F32/F64 are
 *  quantised with zp_fx_from_double.  Every weight must fit weight_bits.
 *  Returns ZP_OK, ZP_ERR_PARSE (missing tensor, shape or scale mismatch,
 *  out of range; err says which), ZP_ERR_ARG. */
ZP_API zp_err zp_mlp_from_safetensors(zp_mlp *m, char err[ZP_ST_ERR_BYTES],
                                      const zp_safetensors *st,
                                      const zp_train_config *cfg) ZP_WARN_UNUSED;

#ifdef __cplusplus
}
#endif
#endif
