/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * The claim reduction's K-table kernel (src/zkml/zkp_red.c) against the schoolbook sum. */
// ZP_TEST_LAYER: zkml
#include "harness.h"
#include "field/gl.h"
#include "zkml/zkp_red.h"

static zp_fe rnd_fe(void) {
    /* extreme values often: 0, 1, p - 1, p - 2^32 */
    switch (test_rand_u64() % 8) {
    case 0: return 0;
    case 1: return 1;
    case 2: return ZP_FIELD_P - 1;
    case 3: return ZP_FIELD_P - ((zp_fe)1 << 32);
    default: return zp_fe_from_u64(test_rand_u64());
    }
}

/* out[col - j0] = sum of t.w t.b[col] over the terms covering col. */
static void reference(zp_fe2 *out, size_t j0, size_t j1, const zp_red_term *t, size_t nt) {
    for (size_t col = j0; col < j1; col++) {
        zp_fe2 acc = {0, 0};
        for (size_t i = 0; i < nt; i++)
            if (t[i].lo <= col && col < t[i].hi) acc = gl2_add(acc, gl2_mul(t[i].w, t[i].b[col]));
        out[col - j0] = acc;
    }
}

static int run_case(zp_red_chunk_fn fn, size_t j0, size_t w, size_t nt, zp_fe2 *b) {
    zp_red_term t[64];
    zp_fe2 got[ZP_RED_CHUNK + 1], want[ZP_RED_CHUNK];
    for (size_t i = 0; i < nt; i++) {
        size_t a = j0 + (size_t)(test_rand_u64() % (w + 1));
        size_t c = j0 + (size_t)(test_rand_u64() % (w + 1));
        if (test_rand_u64() % 4 == 0) a = j0, c = j0 + w; /* whole chunk */
        t[i].lo = a < c ? a : c;
        t[i].hi = a < c ? c : a;
        t[i].w = (zp_fe2){rnd_fe(), rnd_fe()};
        t[i].b = b;
    }
    got[w].c0 = 12345; /* past the chunk: must stay */
    for (size_t j = 0; j < w; j++) got[j] = (zp_fe2){7, 7};
    fn(got, j0, j0 + w, t, nt);
    reference(want, j0, j0 + w, t, nt);
    int ok = got[w].c0 == 12345;
    for (size_t j = 0; j < w; j++) ok &= got[j].c0 == want[j].c0 && got[j].c1 == want[j].c1;
    return ok;
}

TEST(test_red_chunk_backends) {
    zp_red_chunk_fn fns[2] = {zp_red_chunk_portable, zp_red_chunk_avx512_fn()};
    size_t nf = fns[1] ? 2 : 1;
    CHECK(zp_red_chunk_best() == fns[nf - 1]);
    const size_t C = 1024;
    zp_fe2 *b = malloc(C * sizeof *b);
    for (size_t j = 0; j < C; j++) b[j] = (zp_fe2){rnd_fe(), rnd_fe()};
    static const size_t ws[] = {1, 2, 3, 7, 8, 9, 15, 16, 17, 63, 100, 127, 128};
    static const size_t nts[] = {0, 1, 2, 3, 5, 17, 64};
    int ok = 1;
    for (size_t f = 0; f < nf; f++)
        for (size_t wi = 0; wi < sizeof ws / sizeof *ws; wi++)
            for (size_t ni = 0; ni < sizeof nts / sizeof *nts; ni++)
                for (int rep = 0; rep < 4; rep++) {
                    /* chunk starts at any column, aligned or not */
                    size_t j0 = (size_t)(test_rand_u64() % (C - ws[wi] + 1));
                    ok &= run_case(fns[f], j0, ws[wi], nts[ni], b);
                }
    CHECK(ok);
    /* many products on one column: the carry counts (all p - 1) */
    for (size_t j = 0; j < C; j++) b[j] = (zp_fe2){ZP_FIELD_P - 1, ZP_FIELD_P - 1};
    for (size_t f = 0; f < nf; f++) {
        zp_red_term t[64];
        for (size_t i = 0; i < 64; i++)
            t[i] = (zp_red_term){{ZP_FIELD_P - 1, ZP_FIELD_P - 1}, b, 0, ZP_RED_CHUNK};
        zp_fe2 got[ZP_RED_CHUNK], want[ZP_RED_CHUNK];
        fns[f](got, 0, ZP_RED_CHUNK, t, 64);
        reference(want, 0, ZP_RED_CHUNK, t, 64);
        int eq = 1;
        for (size_t j = 0; j < ZP_RED_CHUNK; j++)
            eq &= got[j].c0 == want[j].c0 && got[j].c1 == want[j].c1;
        CHECK(eq);
    }
    free(b);
}
