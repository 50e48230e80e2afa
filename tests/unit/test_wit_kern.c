/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * The training witness's integer product kernels (src/zkml/wit_kern.c) against a schoolbook sum. */
// ZP_TEST_LAYER: zkml
#include <stdint.h>
#include <stdlib.h>

#include "harness.h"
#include "zkml/wit_kern.h"

/* Small witness-like values mostly, extreme words sometimes (the sums
 * then wrap modulo 2^64, which every backend must do alike). */
static int64_t rnd_i64(void) {
    switch (test_rand_u64() % 8) {
    case 0: return INT64_MIN;
    case 1: return INT64_MAX;
    case 2: return -1;
    case 3: return (int64_t)test_rand_u64();
    default: return (int64_t)(test_rand_u64() % 131072) - 65536;
    }
}

#define SENT 0x5a5a5a5a5a5a5a5aLL

TEST(test_wit_colsum_backends) {
    zp_wit_colsum_fn fns[2] = {zp_wit_colsum_portable, zp_wit_colsum_avx512_fn()};
    const size_t nf = fns[1] ? 2 : 1;
    CHECK(zp_wit_colsum_best() == fns[nf - 1]);
    static const size_t nbs[] = {1, 2, 3, 7, 8, 9, 15, 16, 17, 63, 64, 65, 100, 128, 131};
    static const size_t nks[] = {0, 1, 2, 5, 33};
    const size_t stride = 140;
    int64_t *x = malloc(33 * stride * sizeof *x), w[33], got[132], want[131];
    CHECK(x != NULL);
    if (!x) return;
    for (size_t i = 0; i < 33 * stride; i++) x[i] = rnd_i64();
    int ok = 1;
    for (size_t f = 0; f < nf; f++)
        for (size_t a = 0; a < sizeof nbs / sizeof *nbs; a++)
            for (size_t b = 0; b < sizeof nks / sizeof *nks; b++) {
                const size_t nb = nbs[a], nk = nks[b], off = (size_t)(test_rand_u64() % 8);
                for (size_t k = 0; k < nk; k++) w[k] = rnd_i64();
                for (size_t r = 0; r < nb; r++) {
                    uint64_t s = 0;
                    for (size_t k = 0; k < nk; k++)
                        s += (uint64_t)w[k] * (uint64_t)x[k * stride + off + r];
                    want[r] = (int64_t)s;
                    got[r] = SENT;
                }
                got[nb] = SENT;
                fns[f](got, w, nk, x + off, stride, nb);
                for (size_t r = 0; r < nb; r++) ok &= got[r] == want[r];
                ok &= got[nb] == SENT; /* nothing written past nb */
            }
    CHECK(ok);
    free(x);
}

TEST(test_wit_dots_backends) {
    zp_wit_dots_fn fns[2] = {zp_wit_dots_portable, zp_wit_dots_avx512_fn()};
    const size_t nf = fns[1] ? 2 : 1;
    CHECK(zp_wit_dots_best() == fns[nf - 1]);
    static const size_t ns[] = {1, 2, 3, 7, 8, 9, 16, 17, 64, 100};
    static const size_t nks[] = {0, 1, 3, 4, 5, 8, 13};
    const size_t stride = 104;
    int64_t *x = malloc(13 * stride * sizeof *x), g[100], got[14], want[13];
    CHECK(x != NULL);
    if (!x) return;
    for (size_t i = 0; i < 13 * stride; i++) x[i] = rnd_i64();
    int ok = 1;
    for (size_t f = 0; f < nf; f++)
        for (size_t a = 0; a < sizeof ns / sizeof *ns; a++)
            for (size_t b = 0; b < sizeof nks / sizeof *nks; b++) {
                const size_t n = ns[a], nk = nks[b], off = (size_t)(test_rand_u64() % 4);
                for (size_t r = 0; r < n; r++) g[r] = rnd_i64();
                for (size_t k = 0; k < nk; k++) {
                    uint64_t s = 0;
                    for (size_t r = 0; r < n; r++) s += (uint64_t)g[r] * (uint64_t)x[k * stride + off + r];
                    want[k] = (int64_t)s;
                    got[k] = SENT;
                }
                got[nk] = SENT;
                fns[f](got, g, n, x + off, stride, nk);
                for (size_t k = 0; k < nk; k++) ok &= got[k] == want[k];
                ok &= got[nk] == SENT;
            }
    CHECK(ok);
    free(x);
}

TEST(test_wit_lookup_backends) {
    zp_wit_lookup_fn fns[2] = {zp_wit_lookup_portable, zp_wit_lookup_avx512_fn()};
    const size_t nf = fns[1] ? 2 : 1;
    CHECK(zp_wit_lookup_best() == fns[nf - 1]);
    static const size_t ns[] = {1, 2, 7, 8, 9, 64, 100, 4096};
    int64_t *t = malloc(4096 * sizeof *t), idx[21], got[22];
    CHECK(t != NULL);
    if (!t) return;
    for (size_t k = 0; k < 4096; k++) t[k] = rnd_i64();
    int ok = 1;
    for (size_t f = 0; f < nf; f++)
        for (size_t a = 0; a < sizeof ns / sizeof *ns; a++) {
            const size_t n = ns[a], m = 21;
            for (size_t q = 0; q < m; q++) {
                idx[q] = (int64_t)(test_rand_u64() % n);
                got[q] = SENT;
            }
            idx[0] = 0;
            idx[1] = (int64_t)n - 1;
            idx[2] = (int64_t)n; /* out of the table: 0 */
            idx[3] = -1;         /* likewise */
            got[m] = SENT;
            fns[f](got, t, n, idx, m);
            ok &= got[2] == 0 && got[3] == 0 && got[m] == SENT;
            for (size_t q = 0; q < m; q++)
                if (q != 2 && q != 3) ok &= got[q] == t[idx[q]];
        }
    CHECK(ok);
    free(t);
}
