/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * File helpers shared by the CLI commands: bounded reads, and writes that
 * never leave a partial file (temporary file, fsync, then rename or link). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"

uint8_t *cli_read_all(const char *path, size_t *len, size_t max) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    uint8_t *b = malloc(cap + 1);
    while (b) {
        size_t r = fread(b + n, 1, cap - n, f);
        n += r;
        if (r == 0) break;
        if (n == cap) {
            if (cap >= max) { free(b); b = NULL; break; }
            uint8_t *q = realloc(b, 2 * cap + 1);
            if (!q) { free(b); b = NULL; break; }
            b = q;
            cap *= 2;
        }
    }
    if (b && ferror(f)) { free(b); b = NULL; }
    fclose(f);
    if (b) { b[n] = 0; *len = n; }
    return b;
}

int cli_write_file(const char *path, const void *data, size_t len, int mode, int force) {
    size_t pl = strlen(path);
    char *tmp = malloc(pl + 16);
    if (!tmp) return -1;
    /* mkstemp template: the path, ".tmp", then six 'X' it replaces. */
    snprintf(tmp, pl + 16, "%s.tmp", path);
    memset(tmp + pl + 4, 'X', 6);
    tmp[pl + 10] = '\0';
    int fd = mkstemp(tmp);
    if (fd < 0) { free(tmp); return -1; }
    int ok = fchmod(fd, (mode_t)mode) == 0;
    const uint8_t *p = data;
    size_t left = len;
    while (ok && left) {
        ssize_t w = write(fd, p, left);
        if (w <= 0) { if (w < 0 && errno == EINTR) continue; ok = 0; break; }
        p += w;
        left -= (size_t)w;
    }
    if (ok) ok = fsync(fd) == 0;
    if (close(fd) != 0) ok = 0;
    if (ok) {
        if (force) ok = rename(tmp, path) == 0;
        else {
            ok = link(tmp, path) == 0; /* fails if path exists: no overwrite */
            unlink(tmp);
        }
    }
    if (!ok) unlink(tmp);
    free(tmp);
    return ok ? 0 : -1;
}
