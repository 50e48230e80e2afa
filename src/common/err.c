/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Error names and version queries. */
#include "zkprov/common.h"

const char *zp_strerror(zp_err err) {
    switch (err) {
    case ZP_OK: return "ok";
    case ZP_ERR_ARG: return "invalid argument";
    case ZP_ERR_PARSE: return "malformed input";
    case ZP_ERR_VERIFY: return "verification failed";
    case ZP_ERR_NOMEM: return "out of memory";
    case ZP_ERR_IO: return "I/O error";
    case ZP_ERR_UNSUPPORTED: return "unsupported";
    case ZP_ERR_INTERNAL: return "internal error";
    }
    return "unknown error";
}

const char *zp_version_string(void) { return ZP_VERSION_STRING; }
int zp_abi_version(void) { return ZP_ABI_VERSION; }
