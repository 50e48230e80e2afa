/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Benchmark data: Fashion-MNIST IDX files (plain or gzip) as fixed-point rows. */
#include "bench_data.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/dsio_internal.h"

/* The io layer's reader (plain or gzip through zlib). */
static uint8_t *read_gz(const char *path, size_t *len) {
    uint8_t *b;
    return zp_io_read_all(&b, len, NULL, path, (size_t)1 << 28) == ZP_OK ? b : NULL;
}

static uint32_t be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int zp_bench_fmnist(zp_fxdata *d, const char *split, size_t width, size_t max_n) {
    char pi[256], pl[256];
    memset(d, 0, sizeof *d);
    snprintf(pi, sizeof pi, "/usr/share/datasets/fashion-mnist/%s-images-idx3-ubyte.gz", split);
    snprintf(pl, sizeof pl, "/usr/share/datasets/fashion-mnist/%s-labels-idx1-ubyte.gz", split);
    size_t li = 0, ll = 0;
    uint8_t *im = read_gz(pi, &li), *lb = read_gz(pl, &ll);
    int ok = im && lb && li >= 16 && ll >= 8 && be32(im) == 0x803 && be32(lb) == 0x801;
    size_t n = ok ? be32(im + 4) : 0, px = ok ? (size_t)be32(im + 8) * be32(im + 12) : 0;
    ok = ok && be32(lb + 4) == n && li == 16 + n * px && ll == 8 + n && width >= px;
    if (ok && max_n && max_n < n) n = max_n;
    if (ok) {
        d->n = n;
        d->n_features = width;
        d->targets = NULL;
        d->x = calloc(n * width, sizeof(int64_t));
        d->label = malloc(n * sizeof(int32_t));
        ok = d->x && d->label;
        for (size_t i = 0; ok && i < n; i++) {
            for (size_t k = 0; k < px; k++)
                d->x[i * width + k] = ((int64_t)im[16 + i * px + k] * 256 + 127) / 255;
            d->label[i] = lb[8 + i];
        }
    }
    free(im);
    free(lb);
    if (!ok) {
        zp_bench_fxdata_free(d);
        fprintf(stderr, "bench: Fashion-MNIST %s split not readable under "
                        "/usr/share/datasets/fashion-mnist (apt install dataset-fashion-mnist)\n",
                split);
    }
    return ok;
}

void zp_bench_fxdata_free(zp_fxdata *d) {
    free(d->x);
    free(d->label);
    memset(d, 0, sizeof *d);
}
