/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * CPU feature detection, read once and cached. */
#ifndef ZP_COMMON_CPU_H
#define ZP_COMMON_CPU_H

enum {
    ZP_CPU_AVX2 = 1u << 0,
    ZP_CPU_AVX512F = 1u << 1,   /* with AVX512DQ and AVX512VL */
    ZP_CPU_SHANI = 1u << 2,
    ZP_CPU_BMI2 = 1u << 3,
    ZP_CPU_AVX512IFMA = 1u << 4
};

/* Features of this CPU, masked to what this build compiled in and by
 * ZP_FORCE_BACKEND=portable (which gives 0). */
unsigned zp_cpu_features(void);

#endif
