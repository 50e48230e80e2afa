/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * CPU feature detection (cpuid), cached atomically after the first call. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "cpu.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
static unsigned detect(void) {
    unsigned a, b, c, d, f = 0;
    if (!__get_cpuid_count(0, 0, &a, &b, &c, &d) || a < 7) return 0;
    __get_cpuid_count(1, 0, &a, &b, &c, &d);
    int osxsave = (c >> 27) & 1;
    unsigned long long xcr0 = 0;
    if (osxsave) {
        unsigned lo, hi;
        __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        xcr0 = ((unsigned long long)hi << 32) | lo;
    }
    __get_cpuid_count(7, 0, &a, &b, &c, &d);
    int ymm = osxsave && (xcr0 & 0x6) == 0x6;
    int zmm = ymm && (xcr0 & 0xe0) == 0xe0;
    if (ymm && ((b >> 5) & 1)) f |= ZP_CPU_AVX2;
    if (zmm && ((b >> 16) & 1) && ((b >> 17) & 1) && ((b >> 31) & 1))
        f |= ZP_CPU_AVX512F;
    if (zmm && ((b >> 21) & 1)) f |= ZP_CPU_AVX512IFMA;
    if ((b >> 29) & 1) f |= ZP_CPU_SHANI;
    if ((b >> 8) & 1) f |= ZP_CPU_BMI2;
    return f;
}
#else
static unsigned detect(void) { return 0; }
#endif

unsigned zp_cpu_features(void) {
    static _Atomic unsigned cached = 0x80000000u;
    unsigned v = atomic_load_explicit(&cached, memory_order_acquire);
    if (v != 0x80000000u) return v;
    v = detect();
    const char *force = getenv("ZP_FORCE_BACKEND");
    if (force && strcmp(force, "portable") == 0) v = 0;
#ifdef ZP_NO_AVX512
    v &= ~(unsigned)(ZP_CPU_AVX512F | ZP_CPU_AVX512IFMA);
#endif
#ifdef ZP_NO_SHANI
    v &= ~(unsigned)ZP_CPU_SHANI;
#endif
    atomic_store_explicit(&cached, v, memory_order_release);
    return v;
}
