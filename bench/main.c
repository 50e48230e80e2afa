/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * zkprov-bench: runs the registered benchmarks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <omp.h>

#include "bench.h"
#include "zkprov/common.h"

#define MAX_BENCH 128
static struct { const char *name; zp_bench_fn fn; } reg[MAX_BENCH];
static int n_reg = 0;
static const char *filter = NULL;

void zp_bench_register(const char *name, zp_bench_fn fn) {
    if (n_reg < MAX_BENCH) { reg[n_reg].name = name; reg[n_reg++].fn = fn; }
}

/* FILTER selects the names containing it; a trailing '$' anchors it at the
 * end of the name ("train.step.prove$" leaves out "train.step.prove.w1024"). */
int zp_bench_want(const char *name) {
    if (!filter) return 1;
    size_t fl = strlen(filter);
    if (fl == 0 || filter[fl - 1] != '$') return strstr(name, filter) != NULL;
    size_t nl = strlen(name), k = fl - 1;
    return nl >= k && memcmp(name + nl - k, filter, k) == 0;
}

void zp_bench_emit(const char *name, uint64_t n, double value, const char *unit) {
    printf("{\"bench\":\"%s\",\"n\":%llu,\"value\":%.6g,\"unit\":\"%s\"}\n", name,
           (unsigned long long)n, value, unit);
    fflush(stdout);
}

double zp_bench_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int zp_bench_iters(void) {
    const char *e = getenv("ZP_BENCH_ITERS");
    int k = e ? atoi(e) : 5;
    return k < 1 ? 1 : k;
}

static int cmp_d(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}
double zp_bench_median(double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, cmp_d);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

void zp_bench_emit_wall_cpu(const char *name, uint64_t n, double *wall, double *cpu,
                            int iters) {
    char cn[256];
    snprintf(cn, sizeof cn, "%s.cpu", name);
    zp_bench_emit(name, n, zp_bench_median(wall, iters), "ms");
    zp_bench_emit(cn, n, zp_bench_median(cpu, iters), "ms");
}

int zp_bench_threads(void) { return omp_get_max_threads(); }

/* glibc: keep freed memory in the heap (no mmap per large buffer, no trim
 * on free).  A proof allocates and frees buffers of 16-200 MB per
 * sub-protocol; fresh mmap'd pages cost one zeroing page fault per 4 KiB
 * (784-128-10 batch-64 step: 2.0 -> 1.4 s to prove, peak RSS +0.2 GB;
 * docs/spec/train-step.md section 6).  A process setting, so the programs
 * make it, not the library. */
int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            printf("usage: zkprov-bench [FILTER]\n"
                   "Runs the benchmarks whose result names contain FILTER and prints JSON lines.\n"
                   "ZP_BENCH_ITERS sets the repetitions (median reported).\n");
            return 0;
        }
        filter = argv[i];
    }
#if defined(__GLIBC__)
    (void)mallopt(M_MMAP_THRESHOLD, 0x7fffffff);
    (void)mallopt(M_TRIM_THRESHOLD, -1);
#endif
    if (zp_init() != ZP_OK) return 2;
    for (int i = 0; i < n_reg; i++) reg[i].fn();
    return 0;
}
