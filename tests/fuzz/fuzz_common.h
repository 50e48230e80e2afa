/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Shared helpers of the fuzz targets (tests/fuzz/fuzz_*.c): temporary files
 * for the parsers that read a path, and the error-message check. */
#ifndef ZP_TESTS_FUZZ_COMMON_H
#define ZP_TESTS_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "zkprov/zkprov.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A crash the sanitizers would not see (a broken property of a parser that
 * returned ZP_OK) stops the run with the message. */
#define FZ_ASSERT(cond)                                                        \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: fuzz property failed: %s\n", __FILE__,     \
                    __LINE__, #cond);                                          \
            abort();                                                           \
        }                                                                      \
    } while (0)

/* Every parser gives a one-line, NUL-terminated reason on failure. */
static inline void fz_check_err(const char *err, size_t cap, zp_err e) {
    size_t n = strnlen(err, cap);
    static int verbose = -1;
    if (verbose < 0) verbose = getenv("ZP_FUZZ_VERBOSE") != NULL;
    if (verbose) fprintf(stderr, "  -> %d %.*s\n", (int)e, (int)n, err);
    FZ_ASSERT(n < cap);
    FZ_ASSERT(memchr(err, '\n', n) == NULL);
    if (e == ZP_ERR_PARSE) FZ_ASSERT(n > 0);
}

/* Up to two temporary files per process, created once, removed at exit;
 * fz_tmpfile(i, ...) rewrites file i with data[len] and returns its path. */
static char fz_paths[2][64];
static void fz_cleanup(void) {
    for (int i = 0; i < 2; i++)
        if (fz_paths[i][0]) unlink(fz_paths[i]);
}
static inline const char *fz_tmpfile(int i, const uint8_t *data, size_t len,
                                     const char *suffix) {
    if (!fz_paths[i][0]) {
        const char *dir = getenv("TMPDIR");
        snprintf(fz_paths[i], sizeof fz_paths[i], "%s/zp_fuzz_XXXXXX%s",
                 dir && strlen(dir) < 32 ? dir : "/tmp", suffix);
        int fd = mkstemps(fz_paths[i], (int)strlen(suffix));
        if (fd < 0) { perror("mkstemps"); abort(); }
        close(fd);
        static int registered = 0;
        if (!registered) { atexit(fz_cleanup); registered = 1; }
    }
    /* a new file each time: rewriting one in place ("wb" truncates it to
     * 0) makes ext4's auto_da_alloc flush it at every close, which costs
     * ~5 ms a call on a shared disk */
    unlink(fz_paths[i]);
    FILE *f = fopen(fz_paths[i], "wbx");
    if (!f) { perror(fz_paths[i]); abort(); }
    if (len && fwrite(data, 1, len, f) != len) { perror("fwrite"); abort(); }
    fclose(f);
    return fz_paths[i];
}

#endif
