/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the vector NTT kernels against the portable reference. */
// ZP_TEST_LAYER: field
#include "harness.h"
#include "common/cpu.h"
#include "field/gl.h"
#include "field/ntt_internal.h"
#include "zkprov/field.h"

static zp_fe rand_fe(void) {
    for (;;) {
        uint64_t v = test_rand_u64();
        if (v < GL_P) return v;
    }
}

static int have_avx512(void) {
#ifndef ZP_NO_AVX512
    return (zp_cpu_features() & ZP_CPU_AVX512F) != 0;
#else
    return 0;
#endif
}

/* Values where the reductions of the vector multiply carry, borrow or
 * land next to p. */
static const zp_fe edge[] = {0,
                             1,
                             2,
                             GL_EPS - 1,
                             GL_EPS,
                             GL_EPS + 1,
                             (zp_fe)1 << 32,
                             ((zp_fe)1 << 32) + 1,
                             (zp_fe)1 << 63,
                             ((zp_fe)1 << 63) - 1,
                             GL_P - GL_EPS,
                             GL_P - 2,
                             GL_P - 1};
#define N_EDGE (sizeof edge / sizeof edge[0])

/* out[j] = c[j] * y by the backend's multiply: the AVX-512 power kernel
 * with s = 1 multiplies every c[j] by p0 = y (8 lanes, then a scalar
 * tail), else the scalar reference. */
static void mul_by(zp_fe *out, const zp_fe *c, size_t n, zp_fe y) {
#ifndef ZP_NO_AVX512
    if (have_avx512()) {
        zp_ntt_scale_powers_avx512(out, c, n, y, 1);
        return;
    }
#endif
    for (size_t j = 0; j < n; j++) out[j] = gl_mul(c[j], y);
}

TEST(vector_mul_edge_products) {
    /* every edge value times every edge value, 64 lanes per batch so that
     * the vector loop (not the scalar tail) sees them */
    zp_fe c[64], out[64];
    for (size_t a = 0; a < N_EDGE; a++) {
        for (size_t i = 0; i < 64; i++) c[i] = edge[(a + i) % N_EDGE];
        for (size_t b = 0; b < N_EDGE; b++) {
            mul_by(out, c, 64, edge[b]);
            for (size_t i = 0; i < 64; i++) CHECK(out[i] == gl_mul(c[i], edge[b]));
        }
    }
    /* products with a chosen result r (x = r / y): r below eps are those
     * whose unreduced sum may reach [p, 2^64) before the final step */
    for (int it = 0; it < 64; it++) {
        zp_fe y = it < 8 ? edge[it + 1] : rand_fe();
        if (y == 0) continue;
        zp_fe yi = zp_fe_inv(y);
        for (size_t i = 0; i < 64; i++) {
            zp_fe r = i < N_EDGE ? edge[i] : (i & 1) ? test_rand_u64() & GL_EPS : rand_fe();
            c[i] = gl_mul(r, yi);
        }
        mul_by(out, c, 64, y);
        for (size_t i = 0; i < 64; i++) {
            CHECK(out[i] == gl_mul(c[i], y));
            if (i < N_EDGE) CHECK(out[i] == edge[i]);
        }
    }
    /* random products */
    for (int it = 0; it < 256; it++) {
        zp_fe y = rand_fe();
        for (size_t i = 0; i < 64; i++) c[i] = rand_fe();
        mul_by(out, c, 64, y);
        for (size_t i = 0; i < 64; i++) CHECK(out[i] == gl_mul(c[i], y));
    }
    printf("  (vector kernels: %s)\n", have_avx512() ? "avx512" : "none, scalar reference");
}

TEST(shift_products_by_roots) {
    /* 2^24, 2^48 and 2^72 (w_8 = -2^24, w_4 = 2^48, w_8^3 = -2^72) on
     * edge values and on values whose low or high bits are zero, where
     * the carries and borrows of the shift-only reductions happen */
    static const unsigned ks[3] = {24, 48, 72};
    zp_fe x[64], out[64];
    for (int it = 0; it < 200; it++) {
        for (size_t i = 0; i < 64; i++) {
            uint64_t r = test_rand_u64();
            switch ((it + i) % 6) {
            case 0: x[i] = edge[(it * 64 + i) % N_EDGE]; break;
            case 1: x[i] = (r << 24) % GL_P; break;        /* low 24 bits zero */
            case 2: x[i] = (r << 32) % GL_P; break;        /* low 32 bits zero */
            case 3: x[i] = r >> (r & 63); break;           /* short values */
            case 4: x[i] = GL_P - 1 - (r >> (r & 63)); break; /* near p */
            default: x[i] = rand_fe(); break;
            }
        }
        x[0] = (zp_fe)(it & 0xff) << 32;                   /* S < T in 2^72 */
        for (int ki = 0; ki < 3; ki++) {
            zp_fe m = zp_fe_pow(2, ks[ki]);
#ifndef ZP_NO_AVX512
            if (have_avx512()) {
                zp_ntt_mul_pow2_avx512(out, x, 64, ks[ki]);
            } else
#endif
            {
                for (size_t i = 0; i < 64; i++) out[i] = gl_mul(x[i], m);
            }
            for (size_t i = 0; i < 64; i++) CHECK(out[i] == gl_mul(x[i], m));
        }
    }
    /* the roots themselves, as the NTT uses them */
    CHECK(zp_fe_pow(2, 48) == zp_fe_root_of_unity(2));
    CHECK(zp_fe_pow(2, 120) == zp_fe_root_of_unity(3));
    CHECK(gl_neg(zp_fe_pow(2, 24)) == zp_fe_root_of_unity(3));
    CHECK(gl_neg(zp_fe_pow(2, 72)) == zp_fe_pow(zp_fe_root_of_unity(3), 3));
}

TEST(scale_powers_matches_scalar) {
    /* c[j] * p0 * s^j for lengths around the 32-word vector step */
    zp_fe c[200], out[200];
    for (size_t i = 0; i < 200; i++) c[i] = rand_fe();
    for (size_t n = 0; n <= 200; n += (n < 70 ? 1 : 13)) {
        zp_fe p0 = rand_fe(), s = n % 3 ? rand_fe() : ZP_FIELD_GENERATOR;
#ifndef ZP_NO_AVX512
        if (have_avx512()) {
            zp_ntt_scale_powers_avx512(out, c, n, p0, s);
        } else
#endif
        {
            for (size_t j = 0; j < n; j++) out[j] = gl_mul(c[j], gl_mul(p0, zp_fe_pow(s, j)));
        }
        zp_fe pw = p0;
        for (size_t j = 0; j < n; j++) {
            CHECK(out[j] == gl_mul(c[j], pw));
            pw = gl_mul(pw, s);
        }
    }
}

/* Coset LDE of nc random coefficients to 2^L points: the dispatched
 * backend against the portable one, word for word. */
static void lde_pair(unsigned L, size_t nc, zp_fe shift) {
    size_t n = (size_t)1 << L;
    zp_fe *c = malloc((nc ? nc : 1) * sizeof(zp_fe));
    zp_fe *x = malloc(n * sizeof(zp_fe)), *y = malloc(n * sizeof(zp_fe));
    for (size_t i = 0; i < nc; i++) c[i] = rand_fe();
    CHECK_OK(zp_ntt_coset_lde_backend(x, L, c, nc, shift, ZP_NTT_PORTABLE));
    CHECK_OK(zp_ntt_coset_lde_backend(y, L, c, nc, shift, zp_ntt_default_backend()));
    CHECK(memcmp(x, y, n * sizeof(zp_fe)) == 0);
    free(c);
    free(x);
    free(y);
}

TEST(coset_lde_backends_all_pcs_sizes) {
    /* 2^1 .. 2^16 points (the PCS codes: rate 1/2 and 1/4 of k + h
     * coefficients), several fill levels, the PCS shift and random ones */
    for (unsigned L = 1; L <= 16; L++) {
        size_t n = (size_t)1 << L;
        size_t ncs[7] = {1, n / 4 + 3, n / 2 - 1, n / 2, n / 2 + 1, n / 2 + 37, n};
        for (int k = 0; k < 7; k++) {
            if (ncs[k] == 0 || ncs[k] > n) continue;
            lde_pair(L, ncs[k], ZP_FIELD_GENERATOR);
            if (L <= 12 || k == 5) lde_pair(L, ncs[k], rand_fe());
        }
    }
    /* the linked training step's shape: k = 8192 data + hiding words */
    lde_pair(14, 8192 + 250, ZP_FIELD_GENERATOR);
    lde_pair(15, 8192 + 250, rand_fe());
}

TEST(forward_inverse_backends_all_sizes) {
    for (unsigned L = 1; L <= 16; L++) {
        size_t n = (size_t)1 << L;
        zp_fe *a = malloc(n * sizeof(zp_fe)), *x = malloc(n * sizeof(zp_fe));
        zp_fe *y = malloc(n * sizeof(zp_fe));
        for (size_t i = 0; i < n; i++) a[i] = rand_fe();
        memcpy(x, a, n * sizeof(zp_fe));
        memcpy(y, a, n * sizeof(zp_fe));
        CHECK_OK(zp_ntt_forward_backend(x, L, ZP_NTT_PORTABLE));
        CHECK_OK(zp_ntt_forward_backend(y, L, zp_ntt_default_backend()));
        CHECK(memcmp(x, y, n * sizeof(zp_fe)) == 0);
        CHECK_OK(zp_ntt_inverse_backend(x, L, ZP_NTT_PORTABLE));
        CHECK_OK(zp_ntt_inverse_backend(y, L, zp_ntt_default_backend()));
        CHECK(memcmp(x, y, n * sizeof(zp_fe)) == 0);
        CHECK(memcmp(x, a, n * sizeof(zp_fe)) == 0);
        free(a);
        free(x);
        free(y);
    }
}

/* The fused first levels of the table LDE: block b of 2^lm starting as the
 * zero-padded c[i] T[i], r levels; reference: fill, then the portable
 * fwd_levels.  Fill levels around the 8-lane step and the block end. */
TEST(lde_levels_match_reference) {
    const zp_fe *T = zp_ntt_gen_powers((size_t)1 << 12);
    CHECK(T != NULL);
    if (T == NULL) return;
    const zp_fe *tw, *twi;
    CHECK_OK(zp_ntt_twiddles(16, &tw, &twi));
    static zp_fe c[1 << 12], ref[1 << 12], got[1 << 12];
    for (size_t i = 0; i < ((size_t)1 << 12); i++) c[i] = rand_fe();
    const unsigned lms[] = {1, 3, 5, 6, 7, 9, 12};
    const size_t bs[] = {0, 1, 2, 3, 5, 6, 1000};
    for (size_t li = 0; li < sizeof lms / sizeof lms[0]; li++)
        for (unsigned r = 1; r <= 3 && r <= lms[li]; r++)
            for (size_t bi = 0; bi < sizeof bs / sizeof bs[0]; bi++) {
                unsigned lm = lms[li];
                size_t m = (size_t)1 << lm, q = m >> r, b = bs[bi];
                size_t ncs[7] = {1, m / 2 - 3, m / 2, m / 2 + 1, m / 2 + 13, m - 1, m};
                for (int k = 0; k < 7; k++) {
                    size_t nc = ncs[k];
                    if (nc == 0 || nc > m) continue;
                    for (size_t i = 0; i < m; i++) ref[i] = i < nc ? gl_mul(c[i], T[i]) : 0;
                    zp_ntt_fwd_levels_portable(ref, lm, b, r, 0, q, tw);
                    memset(got, 0xA5, m * sizeof(zp_fe));
                    zp_ntt_lde_levels_portable(got, lm, b, r, 0, q, tw, c, T, nc);
                    CHECK(memcmp(ref, got, m * sizeof(zp_fe)) == 0);
#ifndef ZP_NO_AVX512
                    if (have_avx512()) {
                        /* in two j ranges when they split on the 8-lane step */
                        size_t mid = q >= 16 ? (q / 2) & ~(size_t)7 : 0;
                        memset(got, 0xA5, m * sizeof(zp_fe));
                        zp_ntt_lde_levels_avx512(got, lm, b, r, 0, mid, tw, c, T, nc);
                        zp_ntt_lde_levels_avx512(got, lm, b, r, mid, q, tw, c, T, nc);
                        CHECK(memcmp(ref, got, m * sizeof(zp_fe)) == 0);
                    }
#endif
                }
            }
}

/* The generator's power table: T[i] = 7^i, and growing it keeps the
 * values (pointers handed out before stay valid). */
TEST(gen_powers_table) {
    const zp_fe *a = zp_ntt_gen_powers(100);
    CHECK(a != NULL);
    if (a == NULL) return;
    zp_fe pw = 1;
    for (size_t i = 0; i < 100; i++, pw = gl_mul(pw, ZP_FIELD_GENERATOR)) CHECK(a[i] == pw);
    size_t big = (size_t)1 << 17;
    const zp_fe *b = zp_ntt_gen_powers(big);
    CHECK(b != NULL);
    if (b == NULL) return;
    CHECK(memcmp(a, b, 100 * sizeof(zp_fe)) == 0);
    CHECK(b[big - 1] == zp_fe_pow(ZP_FIELD_GENERATOR, big - 1));
    CHECK(b[12345] == zp_fe_pow(ZP_FIELD_GENERATOR, 12345));
    CHECK(zp_ntt_gen_powers(((size_t)1 << ZP_NTT_POW_MAX_LOG) + 1) == NULL);
}

/* The table path (out apart from the coefficients, shift = generator)
 * against the power-chain path (in place: out holds the coefficients),
 * both backends, the PCS shapes. */
TEST(coset_lde_table_matches_chain) {
    const unsigned Ls[] = {1, 2, 4, 7, 10, 13, 14, 15, 17};
    for (size_t li = 0; li < sizeof Ls / sizeof Ls[0]; li++) {
        unsigned L = Ls[li];
        size_t n = (size_t)1 << L;
        size_t ncs[6] = {1, n / 4 + 3, n / 2, n / 2 + 1, n / 2 + 250, n};
        for (int k = 0; k < 6; k++) {
            size_t nc = ncs[k];
            if (nc == 0 || nc > n) continue;
            zp_fe *c = malloc(nc * sizeof(zp_fe));
            zp_fe *x = malloc(n * sizeof(zp_fe)), *y = malloc(n * sizeof(zp_fe));
            for (size_t i = 0; i < nc; i++) c[i] = rand_fe();
            for (int be = 0; be < 2; be++) {
                int backend = be ? zp_ntt_default_backend() : ZP_NTT_PORTABLE;
                CHECK_OK(zp_ntt_coset_lde_backend(x, L, c, nc, ZP_FIELD_GENERATOR, backend));
                memcpy(y, c, nc * sizeof(zp_fe));
                CHECK_OK(zp_ntt_coset_lde_backend(y, L, y, nc, ZP_FIELD_GENERATOR, backend));
                CHECK(memcmp(x, y, n * sizeof(zp_fe)) == 0);
            }
            free(c);
            free(x);
            free(y);
        }
    }
    /* the linked training step's two row shapes */
    lde_pair(13, 2364, ZP_FIELD_GENERATOR);
    lde_pair(14, 8442, ZP_FIELD_GENERATOR);
}
