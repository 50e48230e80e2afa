/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Pieces of src/io/verify.c that `zkprov fl aggregate` shares (not exported). */
#ifndef ZKPROV_IO_VERIFY_INTERNAL_H
#define ZKPROV_IO_VERIFY_INTERNAL_H

#include "zkprov/verify.h"

/* Reads the public key files listed in path (one a line; blank lines and
 * lines starting with '#' skipped; at most ZP_FL_MAX_CLIENTS) into a
 * malloc'ed *out of 32 * *n bytes.  Out: reason (one line) on failure.
 * Returns ZP_OK, ZP_ERR_IO, ZP_ERR_PARSE, ZP_ERR_NOMEM. */
zp_err zp_verify_read_keys(uint8_t **out, uint32_t *n, char reason[ZP_VERIFY_REASON_BYTES],
                           const char *path);

/* A ROUND file, or the next round carried by a NEXT file (rounds chain),
 * into *r (zp_fl_round_clear).  Returns ZP_OK, ZP_ERR_IO, ZP_ERR_PARSE
 * ("PATH: not a round file (...)"), ZP_ERR_NOMEM. */
zp_err zp_verify_load_round(zp_fl_round *r, char reason[ZP_VERIFY_REASON_BYTES],
                            const char *path);

/* The training evidence t of update h of round r: the certificate under
 * the authority key auth at time now, the dataset commitment it names
 * (zp_cert_check_commit) and its training view, the bound run from the
 * round's model on that shard and the link (zp_fl_train_verify).  Out:
 * why (one line).  Returns ZP_OK, ZP_ERR_VERIFY, ZP_ERR_NOMEM. */
zp_err zp_verify_fl_training(char why[ZP_CERT_ERR_BYTES], const zp_fl_update *h,
                             const zp_fl_round *r, const zp_fl_train_file *t,
                             const uint8_t auth[ZP_AUTH_PUBLICKEYBYTES], int64_t now);

#endif
