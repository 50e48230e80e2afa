/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Product-sumcheck kernels (src/piop/sc_prod_kern.h) against their definitions. */
// ZP_TEST_LAYER: piop
#include "harness.h"
#include "field/gl.h"
#include "piop/sc_prod_kern.h"

static zp_fe rnd_fe(void) {
    switch (test_rand_u64() % 8) {
    case 0: return 0;
    case 1: return 1;
    case 2: return ZP_FIELD_P - 1;
    case 3: return ZP_FIELD_P - ((zp_fe)1 << 32);
    default: return zp_fe_from_u64(test_rand_u64());
    }
}
static int fe2_same(zp_fe2 a, zp_fe2 b) { return a.c0 == b.c0 && a.c1 == b.c1; }
static zp_fe2 at2(zp_fe2 x, zp_fe2 y) { return gl2_sub(gl2_add(y, y), x); }
static zp_fe at2f(zp_fe x, zp_fe y) { return gl_sub(gl_add(y, y), x); }

/* The nine sums and kc of sc_prod_kern.h, one product at a time. */
static void reference(zp_fe2 q[9], zp_fe2 *kc, const zp_fe *M, const zp_fe2 *K, size_t C,
                      size_t c0, size_t cb, size_t rows) {
    for (int e = 0; e < 9; e++) q[e] = (zp_fe2){0, 0};
    for (size_t j = 0; j < cb; j++) kc[j] = (zp_fe2){0, 0};
    for (size_t r = 0; r < rows; r++)
        for (size_t j = 0; j < cb; j += 4) {
            const zp_fe *m = M + r * C + c0 + j;
            const zp_fe2 *k = K + r * C + c0 + j;
            const zp_fe b0 = gl_sub(m[1], m[0]), b1 = gl_sub(m[3], m[2]);
            const zp_fe2 d0 = gl2_sub(k[1], k[0]), d1 = gl2_sub(k[3], k[2]);
            const zp_fe mm[9] = {m[0], m[1], b0, m[2], m[3], b1, at2f(m[0], m[2]), at2f(m[1], m[3]),
                                 at2f(b0, b1)};
            const zp_fe2 kk[9] = {k[0], k[1], d0, k[2], k[3], d1, at2(k[0], k[2]), at2(k[1], k[3]),
                                  at2(d0, d1)};
            for (int e = 0; e < 9; e++) q[e] = gl2_add(q[e], gl2_mul_fe(kk[e], mm[e]));
            for (int t = 0; t < 4; t++) kc[j + t] = gl2_add(kc[j + t], k[t]);
        }
}

TEST(test_prod_bblock_backends) {
    zp_prod_bblock_fn fns[2] = {zp_prod_bblock_portable, zp_prod_bblock_avx512_fn()};
    size_t nf = fns[1] ? 2 : 1;
    CHECK(zp_prod_bblock_best(64) == fns[nf - 1]);
    CHECK(zp_prod_bblock_best(36) == zp_prod_bblock_portable);
    static const size_t Cs[] = {32, 64, 256};
    static const size_t rs[] = {1, 2, 5};
    int ok = 1;
    for (size_t ci = 0; ci < 3; ci++)
        for (size_t ri = 0; ri < 3; ri++) {
            const size_t C = Cs[ci], rows = rs[ri];
            zp_fe *M = malloc(rows * C * sizeof *M);
            zp_fe2 *K = malloc(rows * C * sizeof *K);
            zp_fe2 *kc = malloc(C * sizeof *kc), *kr = malloc(C * sizeof *kr);
            for (size_t i = 0; i < rows * C; i++) {
                M[i] = rnd_fe();
                K[i] = (zp_fe2){rnd_fe(), rnd_fe()};
            }
            /* blocks: the whole row, and a 32-column block at an offset */
            const size_t blk[2][2] = {{0, C}, {C - 32, 32}};
            for (int bi = 0; bi < 2; bi++) {
                zp_fe2 want[9];
                reference(want, kr, M, K, C, blk[bi][0], blk[bi][1], rows);
                for (size_t f = 0; f < nf; f++) {
                    zp_fe2 got[9];
                    for (size_t j = 0; j < blk[bi][1]; j++) kc[j] = (zp_fe2){5, 5}; /* written */
                    fns[f](got, kc, M, K, C, blk[bi][0], blk[bi][1], rows);
                    for (int e = 0; e < 9; e++) ok &= fe2_same(got[e], want[e]);
                    for (size_t j = 0; j < blk[bi][1]; j++) ok &= fe2_same(kc[j], kr[j]);
                }
            }
            free(M), free(K), free(kc), free(kr);
        }
    CHECK(ok);
}

/* The first fold's row kernel (sc_prod_kern.h) against the definition. */
static void fold_reference(zp_fe2 s[9], zp_fe2 *kr, zp_fe2 *mo, const zp_fe *mb, size_t nc,
                           const zp_fe2 w[4]) {
    for (int e = 0; e < 9; e++) s[e] = (zp_fe2){0, 0};
    for (size_t j = 0; j < nc; j++) {
        zp_fe2 k = {0, 0}, m = {0, 0};
        for (int t = 0; t < 4; t++) {
            k = gl2_add(k, gl2_mul(w[t], kr[4 * j + t]));
            m = gl2_add(m, gl2_mul_fe(w[t], mb[4 * j + t]));
        }
        kr[j] = k; /* inputs 4j.. are past j: read before */
        mo[j] = m;
    }
    for (size_t g = 0; g < nc; g += 4) {
        const zp_fe2 *m = mo + g, *k = kr + g;
        const zp_fe2 bm0 = gl2_sub(m[1], m[0]), bm1 = gl2_sub(m[3], m[2]);
        const zp_fe2 dk0 = gl2_sub(k[1], k[0]), dk1 = gl2_sub(k[3], k[2]);
        const zp_fe2 a[9] = {m[0], m[1], bm0, m[2], m[3], bm1, at2(m[0], m[2]), at2(m[1], m[3]),
                             at2(bm0, bm1)};
        const zp_fe2 b[9] = {k[0], k[1], dk0, k[2], k[3], dk1, at2(k[0], k[2]), at2(k[1], k[3]),
                             at2(dk0, dk1)};
        for (int e = 0; e < 9; e++) s[e] = gl2_add(s[e], gl2_mul(a[e], b[e]));
    }
}

TEST(test_prod_fold4_backends) {
    zp_prod_fold4_fn fns[2] = {zp_prod_fold4_row_portable, zp_prod_fold4_avx512_fn()};
    size_t nf = fns[1] ? 2 : 1;
    CHECK(zp_prod_fold4_best(16) == fns[nf - 1]);
    CHECK(zp_prod_fold4_best(12) == zp_prod_fold4_row_portable);
    static const size_t ncs[] = {8, 16, 64, 256};
    int ok = 1;
    for (size_t ni = 0; ni < 4; ni++)
        for (int rep = 0; rep < 3; rep++) {
            const size_t nc = ncs[ni];
            zp_fe2 w[4];
            for (int t = 0; t < 4; t++) w[t] = (zp_fe2){rnd_fe(), rnd_fe()};
            zp_fe *mb = malloc(4 * nc * sizeof *mb);
            zp_fe2 *k0 = malloc(4 * nc * sizeof *k0), *kr = malloc(4 * nc * sizeof *kr);
            zp_fe2 *mr = malloc(nc * sizeof *mr), *mo = malloc(nc * sizeof *mo);
            for (size_t i = 0; i < 4 * nc; i++) {
                mb[i] = rnd_fe();
                k0[i] = (zp_fe2){rnd_fe(), rnd_fe()};
            }
            zp_fe2 want[9];
            memcpy(kr, k0, 4 * nc * sizeof *kr);
            fold_reference(want, kr, mr, mb, nc, w);
            for (size_t f = 0; f < nf; f++) {
                zp_fe2 *kk = malloc(4 * nc * sizeof *kk), got[9];
                memcpy(kk, k0, 4 * nc * sizeof *kk);
                fns[f](got, kk, mo, mb, nc, w);
                for (int e = 0; e < 9; e++) ok &= fe2_same(got[e], want[e]);
                for (size_t j = 0; j < nc; j++)
                    ok &= kk[j].c0 == kr[j].c0 && kk[j].c1 == kr[j].c1 && mo[j].c0 == mr[j].c0 &&
                          mo[j].c1 == mr[j].c1;
                /* the inputs beyond the outputs are left as they were */
                for (size_t j = nc; j < 4 * nc; j++) ok &= fe2_same(kk[j], k0[j]);
                free(kk);
            }
            free(mb), free(k0), free(kr), free(mr), free(mo);
        }
    CHECK(ok);
}
