/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Poseidon2 over Goldilocks (widths 12 and 8), its sponge hash and 2-to-1
 * compression. */
#include "zkprov/hash.h"

#include "common/cpu.h"
#include "hash/poseidon2_internal.h"

void zp_poseidon2_w12_portable(uint64_t state[12]) {
    p2_permute_portable(state, 3, &ZP_P2_RC12_INITIAL[0][0], ZP_P2_RC12_PARTIAL,
                        &ZP_P2_RC12_TERMINAL[0][0], ZP_P2_DIAG12_M1);
}

void zp_poseidon2_w8_portable(uint64_t state[8]) {
    p2_permute_portable(state, 2, &ZP_P2_RC8_INITIAL[0][0], ZP_P2_RC8_PARTIAL,
                        &ZP_P2_RC8_TERMINAL[0][0], ZP_P2_DIAG8_M1);
}

/* Backend choice, read once (zp_cpu_features caches cpuid and honours
 * ZP_FORCE_BACKEND=portable). */
int zp_poseidon2_use_avx512(void) {
#ifndef ZP_NO_AVX512
    return (zp_cpu_features() & ZP_CPU_AVX512F) != 0;
#else
    return 0;
#endif
}

void zp_poseidon2_w12(zp_fe state[12]) {
#ifndef ZP_NO_AVX512
    if (zp_cpu_features() & ZP_CPU_AVX512F) {
        zp_poseidon2_w12_avx512(state);
        return;
    }
#endif
    zp_poseidon2_w12_portable(state);
}

void zp_poseidon2_w8(zp_fe state[8]) {
#ifndef ZP_NO_AVX512
    if (zp_cpu_features() & ZP_CPU_AVX512F) {
        zp_poseidon2_w8_avx512(state);
        return;
    }
#endif
    zp_poseidon2_w8_portable(state);
}

/* Sponge (docs/spec/poseidon2.md): state[0..8) is the rate, state[8..12)
 * the capacity, initialised to (1, 0, 0, 0) so that a sponge call never
 * starts from the all-zero capacity of zp_poseidon2_compress.  Blocks are
 * added into the rate; the padded message is in || 1 || 0^k with k the
 * least value making the length a multiple of 8.  Output: state[0..4). */
#define P2_RATE 8
#define P2_SPONGE_IV 1

void zp_poseidon2_hash(zp_fe out[4], const zp_fe *in, size_t n) {
    zp_fe st[12] = {0};
    st[P2_RATE] = P2_SPONGE_IV;
    size_t full = n / P2_RATE;
    for (size_t b = 0; b < full; b++) {
        for (int i = 0; i < P2_RATE; i++) st[i] = gl_add(st[i], in[b * P2_RATE + (size_t)i]);
        zp_poseidon2_w12(st);
    }
    /* Last block: the remaining n mod 8 elements, then the 1 of the
     * padding (always present), then zeros. */
    size_t rem = n - full * P2_RATE;
    for (size_t i = 0; i < rem; i++) st[i] = gl_add(st[i], in[full * P2_RATE + i]);
    st[rem] = gl_add(st[rem], 1);
    zp_poseidon2_w12(st);
    for (int i = 0; i < 4; i++) out[i] = st[i];
}

void zp_poseidon2_compress(zp_fe out[4], const zp_fe l[4], const zp_fe r[4]) {
    zp_fe st[12];
    for (int i = 0; i < 4; i++) {
        st[i] = l[i];
        st[4 + i] = r[i];
        st[8 + i] = 0;
    }
    zp_poseidon2_w12(st);
    /* Feed-forward of l (l || r restricted to its first 4 lanes). */
    for (int i = 0; i < 4; i++) out[i] = gl_add(st[i], gl_from_u64(l[i]));
}
