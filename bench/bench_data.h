/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Benchmark data: Fashion-MNIST rows from the Debian package. */
#ifndef ZP_BENCH_DATA_H
#define ZP_BENCH_DATA_H

#include <stddef.h>

#include "zkprov/zkml.h"

/* The first max_n records (0: all) of a Fashion-MNIST split ("train" or
 * "t10k") under /usr/share/datasets/fashion-mnist/, pixels mapped to
 * round(p 256 / 255) and each row zero-padded to width (>= 784) features.
 * 1 on success; 0 (d zeroed, a reason on stderr) if the files are missing
 * or malformed. */
int zp_bench_fmnist(zp_fxdata *d, const char *split, size_t width, size_t max_n);
void zp_bench_fxdata_free(zp_fxdata *d);

#endif
