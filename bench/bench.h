/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Benchmark registry.  Each bench/bench_*.c registers functions with
 * BENCH(fn); zkprov-bench [FILTER] runs those whose result names contain
 * FILTER and prints one JSON line per result:
 *   {"bench":"<name>","n":<size>,"value":<number>,"unit":"<unit>"}
 * Values are medians over ZP_BENCH_ITERS runs (default 5). */
#ifndef ZP_BENCH_H
#define ZP_BENCH_H

#include <stddef.h>
#include <stdint.h>

typedef void (*zp_bench_fn)(void);
void zp_bench_register(const char *name, zp_bench_fn fn);
#define BENCH(name)                                                         \
    static void name(void);                                                 \
    __attribute__((constructor)) static void zp_b_reg_##name(void) {        \
        zp_bench_register(#name, name);                                     \
    }                                                                       \
    static void name(void)

/* 1 if a result called `name` is selected by the command-line filter. */
int zp_bench_want(const char *name);
/* Prints one JSON line. */
void zp_bench_emit(const char *name, uint64_t n, double value, const char *unit);
/* Monotonic wall-clock time in seconds. */
double zp_bench_now(void);
/* Number of timed repetitions (ZP_BENCH_ITERS, default 5). */
int zp_bench_iters(void);
/* Median of v[n] (sorts v). */
double zp_bench_median(double *v, int n);
/* Emits NAME (median wall-clock ms of wall[iters]) and NAME.cpu (median
 * CPU ms of all threads, cpu[iters]; steadier on a shared machine). */
void zp_bench_emit_wall_cpu(const char *name, uint64_t n, double *wall, double *cpu,
                            int iters);
/* Number of OpenMP threads available. */
int zp_bench_threads(void);

#endif
