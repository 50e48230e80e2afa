/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Helpers shared by the authority-key and certificate code (not API). */
#ifndef ZP_PROV_CERT_INTERNAL_H
#define ZP_PROV_CERT_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "zkprov/prov.h"

/* Writes a one-line message to err (may be NULL) and returns e. */
zp_err zp_cert_fail(char err[ZP_CERT_ERR_BYTES], zp_err e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* zp_cert_verify with the reader pinned.  slow = 0: the one-pass scanners of
 * the compact form zkprov writes, falling back to the cJSON reader for
 * anything else; slow = 1: the cJSON reader only (the reference the fast
 * path is tested against).  fast (may be NULL) gets bit 0 set when the
 * envelope and bit 1 when the statement was read by the fast scanner. */
zp_err zp_cert_verify_impl(zp_cert_info *out, char err[ZP_CERT_ERR_BYTES], const char *cert_json,
                           size_t len, const uint8_t pk[ZP_AUTH_PUBLICKEYBYTES], int64_t now,
                           int slow, int *fast);

/* Parses len bytes of JSON text: no NUL bytes, nothing but whitespace after
 * the value, no duplicate member names anywhere.  NULL on failure (message
 * in err). */
cJSON *zp_cert_json_parse(char err[ZP_CERT_ERR_BYTES], const char *json, size_t len);

/* Decodes canonical, padded, standard base64 (RFC 4648 section 4): the
 * re-encoding of the result must equal the input exactly.  out has room
 * for cap bytes.  Returns ZP_OK or ZP_ERR_PARSE. */
zp_err zp_cert_b64_decode(uint8_t *out, size_t cap, size_t *out_len,
                          const char *b64, size_t b64_len);
/* The same contract, table-driven and not constant-time: for public data
 * (certificate payloads and signatures) only; several times faster than
 * libsodium's constant-time decoder, which key files keep using. */
zp_err zp_cert_b64_decode_var(uint8_t *out, size_t cap, size_t *out_len,
                              const char *b64, size_t b64_len);
/* Compact JSON text of item (malloc'ed): integral numbers of magnitude below
 * 2^53 in plain decimal, others with %.17g; strings escaped as in RFC 8259
 * (control characters, '"' and '\\'), other bytes verbatim. */
char *zp_cert_json_print(const cJSON *item);
/* Standard padded base64 of in[len], malloc'ed and NUL-terminated. */
char *zp_cert_b64_encode(const uint8_t *in, size_t len);

/* Parses exactly 2*n lowercase hex digits.  Returns ZP_OK or ZP_ERR_PARSE. */
zp_err zp_cert_hex_decode(uint8_t *out, size_t n, const char *hex);
/* Writes 2*n lowercase hex digits and a NUL to out. */
void zp_cert_hex_encode(char *out, const uint8_t *in, size_t n);

/* Reads a whole file of at most max bytes into a malloc'ed, NUL-terminated
 * buffer.  Returns ZP_OK, ZP_ERR_IO (message in err), ZP_ERR_NOMEM. */
zp_err zp_cert_read_file(char **out, size_t *len, char err[ZP_CERT_ERR_BYTES], const char *path,
                         size_t max);
/* Writes data to path through a temporary file (mode `mode`, created with
 * O_EXCL in the same directory) and rename.  Without force an existing
 * path is never replaced (link(2) then unlink, or a refusal): ZP_ERR_ARG
 * "exists".  Returns ZP_OK, ZP_ERR_ARG, ZP_ERR_IO. */
zp_err zp_cert_write_file(char err[ZP_CERT_ERR_BYTES], const char *path, const void *data, size_t len,
                          unsigned mode, int force);

#endif
