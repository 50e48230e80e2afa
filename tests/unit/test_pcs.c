/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of src/pcs: eq tables, MLE evaluation, parameters, and the hiding
 * tensor-code commitment (completeness, soundness, parsing, determinism,
 * hiding sanity). */
// ZP_TEST_LAYER: pcs
#include <math.h>
#include <omp.h>
#include <string.h>

#include "harness.h"
#include "field/gl.h"
#include "pcs/mle_kern.h"
#include "pcs/pcs_internal.h"
#include "zkprov/pcs.h"

#define DOMAIN "zkprov-v1/test-pcs"

static zp_fe rand_fe(void) { return zp_fe_from_u64(test_rand_u64()); }
static zp_fe2 rand_fe2(void) {
    zp_fe2 r = {rand_fe(), rand_fe()};
    return r;
}
static zp_fe *rand_evals(unsigned n) {
    size_t len = (size_t)1 << n;
    zp_fe *e = malloc(len * sizeof *e);
    for (size_t i = 0; i < len; i++) e[i] = rand_fe();
    return e;
}
static int fe2_eq(zp_fe2 a, zp_fe2 b) { return a.c0 == b.c0 && a.c1 == b.c1; }

/* Commit with a test rng of the given seed, open at the points (or the
 * generic claims when pts is NULL), return root, proof and values. */
typedef struct {
    zp_digest root;
    zp_bytes proof;
    zp_fe2 y[ZP_PCS_MAX_CLAIMS];
} run_t;

static zp_err run_open(run_t *out, const zp_pcs_params *p, const zp_fe *evals, uint64_t seed,
                       size_t n, const zp_fe2 *const *pts, const zp_fe2 *const *a,
                       const zp_fe2 *const *b) {
    zp_rng rng;
    zp_rng_init_u64(&rng, seed);
    zp_pcs_prover *pr = NULL;
    zp_bytes_init(&out->proof);
    zp_err e = zp_pcs_commit(&pr, &out->root, p, evals, &rng);
    if (e != ZP_OK) return e;
    zp_transcript tr;
    zp_transcript_init(&tr, DOMAIN);
    if (pts) e = zp_pcs_open_mle(pr, &tr, &out->proof, n, pts, out->y);
    else e = zp_pcs_open(pr, &tr, &out->proof, n, a, b, out->y);
    zp_pcs_prover_free(pr);
    return e;
}

/* Verifies data[len]; returns the verifier's result, or ZP_ERR_PARSE if it
 * accepted without consuming exactly len bytes. */
static zp_err run_verify(const zp_pcs_params *p, const zp_digest *root, const uint8_t *data,
                         size_t len, size_t n, const zp_fe2 *const *pts,
                         const zp_fe2 *const *a, const zp_fe2 *const *b, const zp_fe2 *y) {
    zp_transcript tr;
    zp_transcript_init(&tr, DOMAIN);
    zp_reader rd;
    zp_reader_init(&rd, data, len);
    zp_err e = pts ? zp_pcs_verify_mle(p, root, &tr, &rd, n, pts, y)
                   : zp_pcs_verify(p, root, &tr, &rd, n, a, b, y);
    if (e != ZP_OK) return e;
    return zp_reader_finish(&rd);
}

/* Small custom parameters (few queries) for byte-level tests. */
static zp_pcs_params tiny_params(unsigned n_vars, unsigned log_cols, unsigned q) {
    zp_pcs_params p = {n_vars, log_cols, 1, q, 2, 1, 1, 0};
    return p;
}

/* ---------------- eq tables and MLE evaluation ---------------- */

/* The replacement of a rejected mask word, as zp_pcs_sample computed it
 * before it was made constant-time (a loop that stops at the first word
 * below p): the masked selection must give the same value. */
static zp_fe redraw_pick_ref(const uint8_t *more) {
    zp_fe v = gl_from_u64(zp_load64_le(more));
    for (size_t j = 0; j < ZP_PCS_REDRAW_WORDS; j++) {
        uint64_t w = zp_load64_le(more + 8 * j);
        if (w < ZP_FIELD_P) {
            v = w;
            break;
        }
    }
    return v;
}

TEST(test_redraw_pick) {
    uint8_t more[ZP_PCS_REDRAW_WORDS * 8];
    /* k leading words >= p (k = 0 .. all), random words after them */
    for (size_t k = 0; k <= ZP_PCS_REDRAW_WORDS; k++) {
        for (int it = 0; it < 4; it++) {
            zp_rng_bytes(test_rng(), more, sizeof more);
            for (size_t j = 0; j < ZP_PCS_REDRAW_WORDS; j++) {
                uint64_t w = zp_load64_le(more + 8 * j);
                if (j < k) w = ZP_FIELD_P + (w % (0 - ZP_FIELD_P)); /* >= p */
                else if (it & 1) w = w % ZP_FIELD_P;                 /* < p */
                zp_store64_le(more + 8 * j, w);
            }
            zp_fe got = zp_pcs_redraw_pick(more);
            CHECK(got == redraw_pick_ref(more));
            CHECK(got < ZP_FIELD_P);
            if (k < ZP_PCS_REDRAW_WORDS && (it & 1))
                CHECK(got == zp_load64_le(more + 8 * k));
        }
    }
    /* the boundary values p - 1 (kept) and p, 2^64 - 1 (rejected) */
    memset(more, 0xFF, sizeof more);
    CHECK(zp_pcs_redraw_pick(more) == redraw_pick_ref(more));
    CHECK(zp_pcs_redraw_pick(more) == gl_from_u64(~0ULL));
    zp_store64_le(more + 8 * 5, ZP_FIELD_P);
    zp_store64_le(more + 8 * 9, ZP_FIELD_P - 1);
    CHECK(zp_pcs_redraw_pick(more) == ZP_FIELD_P - 1);
    CHECK(redraw_pick_ref(more) == ZP_FIELD_P - 1);
}

TEST(test_eq_table) {
    for (unsigned n = 0; n <= 8; n++) {
        zp_fe2 z[8] = {{0, 0}}, tab[256];
        for (unsigned i = 0; i < n; i++) z[i] = rand_fe2();
        zp_eq_table(tab, z, n);
        zp_fe2 one = {1, 0}, sum = {0, 0};
        int ok = 1;
        for (size_t x = 0; x < ((size_t)1 << n); x++) {
            zp_fe2 e = one;
            for (unsigned i = 0; i < n; i++)
                e = gl2_mul(e, (x >> i) & 1 ? z[i] : gl2_sub(one, z[i]));
            ok &= fe2_eq(e, tab[x]);
            sum = gl2_add(sum, tab[x]);
        }
        CHECK(ok);
        CHECK(fe2_eq(sum, one)); /* sum_x eq(z, x) = 1 */
    }
}

/* Reference dot products sum_i e[i] f[i] (base f) and sum_i e[i] f2[i]. */
static void ref_dots(zp_fe2 *want, zp_fe2 *want2, const zp_fe2 *e, const zp_fe *f,
                     const zp_fe2 *f2, size_t n) {
    *want = *want2 = (zp_fe2){0, 0};
    for (size_t i = 0; i < n; i++) {
        *want = gl2_add(*want, gl2_mul_fe(e[i], f[i]));
        *want2 = gl2_add(*want2, gl2_mul(e[i], f2[i]));
    }
}

TEST(test_mle_eval) {
    /* Against sum_x eq(z, x) f(x), including sizes on the parallel path. */
    unsigned sizes[] = {0, 1, 2, 5, 6, 7, 11, 15, 17, 21};
    for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++) {
        unsigned n = sizes[si];
        size_t len = (size_t)1 << n;
        zp_fe *f = rand_evals(n);
        zp_fe2 *f2 = malloc(len * sizeof *f2), *tab = malloc(len * sizeof *tab);
        zp_fe2 z[21];
        for (unsigned i = 0; i < n; i++) z[i] = rand_fe2();
        for (size_t i = 0; i < len; i++) f2[i] = rand_fe2();
        if (n == 21) /* largest entries: the lazy 192-bit block sums */
            for (size_t i = 0; i < len / 2; i++) {
                f[i] = ZP_FIELD_P - 1;
                f2[i].c0 = f2[i].c1 = ZP_FIELD_P - 1;
            }
        zp_eq_table(tab, z, n);
        zp_fe2 want, want2;
        ref_dots(&want, &want2, tab, f, f2, len);
        CHECK(fe2_eq(zp_mle_eval(f, z, n), want));
        CHECK(fe2_eq(zp_mle_eval2(f2, z, n), want2));
        /* On the hypercube the MLE is the table itself. */
        if (n >= 2) {
            zp_fe2 pt[21];
            size_t x = (size_t)(test_rand_u64() % len);
            for (unsigned i = 0; i < n; i++) pt[i].c0 = (x >> i) & 1, pt[i].c1 = 0;
            zp_fe2 got = zp_mle_eval(f, pt, n);
            CHECK(got.c0 == f[x] && got.c1 == 0);
        }
        free(f);
        free(f2);
        free(tab);
    }
}

/* ---- backends of the eq tables and MLE evaluation (src/pcs/mle_kern.h):
 * the vector kernels (AUTO), the same algorithm in portable C and the
 * reference fold must agree value for value, for any thread count. ---- */

/* Value patterns: 0 uniform, 1 near p, 2 all p - 1 (the largest products
 * and carries), 3 around the 52-bit limb split of the IFMA kernel. */
#define N_PATS 4
static zp_fe pat_fe(int pat) {
    uint64_t r = test_rand_u64();
    switch (pat) {
    case 1: return ZP_FIELD_P - 1 - (r & 0xFF);
    case 2: return ZP_FIELD_P - 1;
    case 3: {
        static const uint64_t edge[] = {0, 1, (1ULL << 52) - 1, 1ULL << 52, (1ULL << 52) + 1,
                                        0xFFFFFFFFULL, ZP_FIELD_P - 1, ZP_FIELD_P - 2};
        return edge[r & 7];
    }
    default: return zp_fe_from_u64(r);
    }
}
static zp_fe2 pat_fe2(int pat) {
    zp_fe2 r;
    r.c0 = pat_fe(pat);
    r.c1 = pat_fe(pat);
    return r;
}

TEST(test_mle_kernels) {
    zp_mle_dot_fn dot_a, dot_p;
    zp_mle_dot2_fn dot2_a, dot2_p;
    zp_mle_scale_fn scale_a, scale_p;
    zp_mle_kernels(&dot_a, &dot2_a, &scale_a, ZP_MLE_AUTO);
    zp_mle_kernels(&dot_p, &dot2_p, &scale_p, ZP_MLE_PORTABLE);
    printf("  mle kernels: dot %s, eq rows %s\n", dot_a != dot_p ? "ifma" : "portable",
           scale_a != scale_p ? "avx512" : "portable");
    static zp_fe f[ZP_MLE_DOT_MAX];
    static zp_fe2 f2[ZP_MLE_DOT_MAX], e[ZP_MLE_DOT_MAX], o1[ZP_MLE_DOT_MAX],
        o2[ZP_MLE_DOT_MAX];
    for (int rep = 0; rep < 40 * test_iters(); rep++) {
        size_t B = rep < 2 ? (rep ? 8 : ZP_MLE_DOT_MAX)
                           : 8 * (1 + (size_t)(test_rand_u64() % (ZP_MLE_DOT_MAX / 8)));
        int pf = rep % N_PATS, pe = (rep / N_PATS) % N_PATS;
        for (size_t i = 0; i < B; i++) {
            f[i] = pat_fe(pf);
            f2[i] = pat_fe2(pf);
            e[i] = pat_fe2(pe);
        }
        zp_fe2 want, want2;
        ref_dots(&want, &want2, e, f, f2, B);
        CHECK(fe2_eq(dot_a(f, e, B), want));
        CHECK(fe2_eq(dot_p(f, e, B), want));
        CHECK(fe2_eq(dot2_a(f2, e, B), want2));
        CHECK(fe2_eq(dot2_p(f2, e, B), want2));
        zp_fe2 h = pat_fe2(pf);
        scale_a(o1, e, B, h);
        scale_p(o2, e, B, h);
        int ok = 1;
        for (size_t i = 0; i < B; i++) ok &= fe2_eq(o1[i], gl2_mul(e[i], h)) && fe2_eq(o2[i], o1[i]);
        CHECK(ok);
        /* in place, as the eq tables use it */
        memcpy(o2, e, B * sizeof *e);
        scale_a(o2, o2, B, h);
        CHECK(memcmp(o1, o2, B * sizeof *o1) == 0);
    }
}

TEST(test_eq_table_backends) {
    const int keep = omp_get_max_threads();
    for (unsigned n = 0; n <= 20; n++) {
        size_t len = (size_t)1 << n;
        zp_fe2 z[20];
        zp_fe2 *ref = malloc(len * sizeof *ref), *got = malloc(len * sizeof *got);
        for (int pat = 0; pat < 2; pat++) {
            /* uniform points, and points with 0, 1, p - 1 coordinates */
            for (unsigned i = 0; i < n; i++) {
                z[i] = rand_fe2();
                if (pat) {
                    uint64_t r = test_rand_u64() % 3;
                    z[i].c0 = r == 0 ? 0 : r == 1 ? 1 : ZP_FIELD_P - 1;
                    z[i].c1 = (test_rand_u64() & 1) ? 0 : z[i].c1;
                }
            }
            zp_eq_table_backend(ref, z, n, ZP_MLE_FOLD);
            for (int nt = 1; nt <= 2; nt++) {
                omp_set_num_threads(nt);
                for (int be = ZP_MLE_AUTO; be <= ZP_MLE_PORTABLE; be++) {
                    memset(got, 0xA5, len * sizeof *got);
                    zp_eq_table_backend(got, z, n, be);
                    CHECK(memcmp(got, ref, len * sizeof *ref) == 0);
                }
                memset(got, 0xA5, len * sizeof *got);
                zp_eq_table(got, z, n);
                CHECK(memcmp(got, ref, len * sizeof *ref) == 0);
            }
            omp_set_num_threads(keep);
        }
        free(ref);
        free(got);
    }
}

/* splitmix64 (Steele, Lea, Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014): cheap bulk values seeded from the test rng. */
static uint64_t splitmix(uint64_t *s) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

TEST(test_mle_eval_backends) {
    /* sizes 2^0 .. 2^22 (prefixes of one table per pattern): the fold
     * below 2^MLE_DOT_MIN, blocks of 2^(n-2) up to 2^12, the three-table
     * split, the parallel paths */
    const int keep = omp_get_max_threads();
    const size_t maxlen = (size_t)1 << 22;
    zp_fe *f = malloc(maxlen * sizeof *f);
    zp_fe2 *f2 = malloc(maxlen * sizeof *f2);
    static const uint64_t edge[] = {0, 1, (1ULL << 52) - 1, 1ULL << 52, (1ULL << 52) + 1,
                                    0xFFFFFFFFULL, ZP_FIELD_P - 1, ZP_FIELD_P - 2};
    for (int pat = 0; pat < N_PATS; pat++) {
        /* 2^22 for uniform values and all p - 1, 2^18 for the others */
        const unsigned nmax = pat == 0 || pat == 2 ? 22 : 18;
        const size_t plen = (size_t)1 << nmax;
        uint64_t st = test_rand_u64();
        for (size_t i = 0; i < 3 * plen; i++) {
            uint64_t r = splitmix(&st);
            zp_fe v = pat == 0   ? zp_fe_from_u64(r)
                      : pat == 1 ? ZP_FIELD_P - 1 - (r & 0xFF)
                      : pat == 2 ? ZP_FIELD_P - 1
                                 : edge[r & 7];
            if (i < plen) f[i] = v;
            else if (i < 2 * plen) f2[i - plen].c0 = v;
            else f2[i - 2 * plen].c1 = v;
        }
        for (unsigned n = 0; n <= nmax; n++) {
            zp_fe2 z[22];
            for (unsigned i = 0; i < n; i++) z[i] = pat == 2 ? pat_fe2(2) : rand_fe2();
            zp_fe2 ref = zp_mle_eval_backend(f, NULL, z, n, ZP_MLE_FOLD);
            zp_fe2 ref2 = zp_mle_eval_backend(NULL, f2, z, n, ZP_MLE_FOLD);
            int ok = 1;
            for (int nt = 1; nt <= 2; nt++) {
                omp_set_num_threads(nt);
                for (int be = ZP_MLE_AUTO; be <= ZP_MLE_PORTABLE; be++) {
                    ok &= fe2_eq(zp_mle_eval_backend(f, NULL, z, n, be), ref);
                    ok &= fe2_eq(zp_mle_eval_backend(NULL, f2, z, n, be), ref2);
                }
                ok &= fe2_eq(zp_mle_eval(f, z, n), ref);
                ok &= fe2_eq(zp_mle_eval2(f2, z, n), ref2);
            }
            omp_set_num_threads(keep);
            CHECK(ok);
        }
    }
    /* the extension input with c1 = 0 is the base one */
    for (size_t i = 0; i < ((size_t)1 << 16); i++) f2[i].c0 = f[i], f2[i].c1 = 0;
    for (unsigned n = 6; n <= 16; n += 5) {
        zp_fe2 z[16];
        for (unsigned i = 0; i < n; i++) z[i] = rand_fe2();
        CHECK(fe2_eq(zp_mle_eval2(f2, z, n), zp_mle_eval(f, z, n)));
    }
    /* bad arguments give 0 on every backend */
    zp_fe2 z1[1] = {{1, 0}};
    for (int be = ZP_MLE_AUTO; be <= ZP_MLE_FOLD; be++) {
        CHECK(fe2_eq(zp_mle_eval_backend(NULL, NULL, z1, 1, be), (zp_fe2){0, 0}));
        CHECK(fe2_eq(zp_mle_eval_backend(f, NULL, NULL, 1, be), (zp_fe2){0, 0}));
        CHECK(fe2_eq(zp_mle_eval_backend(f, NULL, z1, 41, be), (zp_fe2){0, 0}));
    }
    free(f);
    free(f2);
}

/* ---------------- parameters ---------------- */

TEST(test_params) {
    for (unsigned lir = 0; lir <= 2; lir++)
        for (unsigned bits = 100; bits <= 128; bits += 28)
            for (unsigned n = 0; n <= ZP_PCS_MAX_VARS; n++) {
                zp_pcs_params p;
                CHECK_OK(zp_pcs_params_default(&p, n, lir, bits));
                CHECK_OK(zp_pcs_params_check(&p));
                CHECK(p.n_vars == n && p.log_cols <= n && p.log_inv_rate == lir);
                CHECK(zp_pcs_params_security(&p) >= (double)bits);
                CHECK(zp_pcs_proof_bytes(&p, 1) > 0);
                /* One query fewer no longer reaches the target. */
                zp_pcs_params fewer = p;
                fewer.n_queries--;
                CHECK(fewer.n_queries == 0 || zp_pcs_params_security(&fewer) < (double)bits);
            }
    zp_pcs_params p;
    CHECK(zp_pcs_params_default(&p, 10, 3, 100) == ZP_ERR_ARG);
    CHECK(zp_pcs_params_default(&p, 31, 1, 100) == ZP_ERR_ARG);
    CHECK(zp_pcs_params_default(&p, 10, 1, 0) == ZP_ERR_ARG);
    CHECK_OK(zp_pcs_params_default(&p, 12, 1, 100));
    zp_pcs_params bad = p;
    bad.n_prox = 0;
    CHECK(zp_pcs_params_check(&bad) == ZP_ERR_ARG);
    bad = p;
    bad.max_claims = ZP_PCS_MAX_CLAIMS + 1;
    CHECK(zp_pcs_params_check(&bad) == ZP_ERR_ARG);
    bad = p;
    bad.log_cols = 13;
    CHECK(zp_pcs_params_check(&bad) == ZP_ERR_ARG);
    bad = p;
    bad.n_queries = 0;
    CHECK(zp_pcs_params_check(&bad) == ZP_ERR_ARG);
    CHECK(zp_pcs_params_check(NULL) == ZP_ERR_ARG);
    /* Shapes whose proof a verifier could not hold are refused. */
    zp_pcs_params huge = {30, 6, 1, 148, 8, 1, 1, 0};
    CHECK(zp_pcs_params_check(&huge) == ZP_ERR_ARG);
    huge.log_cols = 25; /* N = 2^27 > ZP_NTT_MAX_LOG */
    CHECK(zp_pcs_params_check(&huge) == ZP_ERR_ARG);
    huge.log_cols = 15;
    CHECK_OK(zp_pcs_params_check(&huge));
    /* 128 bits needs a second proximity test (N / p^2 > 2^-128). */
    CHECK_OK(zp_pcs_params_default(&p, 20, 1, 128));
    CHECK(p.n_prox == 2);
    CHECK_OK(zp_pcs_params_default(&p, 20, 1, 100));
    CHECK(p.n_prox == 1);
}

/* The scan of src/pcs/params.c before it started at q = security_bits:
 * every q from 1.  The default choice must be the same. */
static int ref_queries(zp_pcs_params *p, unsigned bits) {
    for (unsigned r = 1; r <= ZP_PCS_MAX_PROX; r++) {
        p->n_prox = r;
        zp_pcs_shape s;
        p->n_queries = 1;
        if (zp_pcs_shape_of(&s, p) != ZP_OK) return 0;
        for (unsigned q = 1; q <= ZP_PCS_MAX_QUERIES; q++) {
            p->n_queries = q;
            if (zp_pcs_shape_of(&s, p) != ZP_OK) return 0;
            double e_prox = (double)r * (log2((double)s.n + 1.0) - 2.0 * log2((double)ZP_FIELD_P));
            if (e_prox > -(double)bits - 1.0) break;
            if (zp_pcs_code_error_log2(&s, r, q) <= -(double)bits) return 1;
        }
    }
    return 0;
}

TEST(test_params_scan) {
    static const unsigned bits_list[] = {1, 2, 40, 80, 100, 128, 160};
    static const unsigned opens[] = {1, 2, 16};
    for (unsigned lir = 0; lir <= 2; lir++)
        for (size_t bi = 0; bi < sizeof bits_list / sizeof bits_list[0]; bi++)
            for (size_t oi = 0; oi < sizeof opens / sizeof opens[0]; oi++)
                for (unsigned n = 0; n <= ZP_PCS_MAX_VARS; n += 3) {
                    const unsigned bits = bits_list[bi];
                    zp_pcs_params got, best = {0, 0, 0, 0, 0, 0, 0, 0};
                    size_t best_bytes = 0;
                    for (unsigned lc = 0; lc <= n; lc++) {
                        zp_pcs_params c = {n, lc, lir, 1, ZP_PCS_DEFAULT_CLAIMS, 1, opens[oi], 0};
                        if (!ref_queries(&c, bits)) continue;
                        size_t b = zp_pcs_proof_bytes(&c, 1);
                        if (b && (best_bytes == 0 || b < best_bytes)) {
                            best = c;
                            best_bytes = b;
                        }
                    }
                    zp_err e = zp_pcs_params_default_multi(&got, n, lir, bits, opens[oi]);
                    CHECK(e == (best_bytes ? ZP_OK : ZP_ERR_ARG));
                    CHECK(memcmp(&got, &best, sizeof got) == 0);
                    /* again: from this thread's memo when it was found */
                    memset(&got, 0xA5, sizeof got);
                    CHECK(zp_pcs_params_default_multi(&got, n, lir, bits, opens[oi]) == e);
                    CHECK(memcmp(&got, &best, sizeof got) == 0);
                }
}

TEST(test_path_max) {
    /* The bound equals the worst case over index sets: exhaustive for a
     * tree of 16 leaves and q = 1..8, via the Merkle layer's counter. */
    for (size_t q = 1; q <= 8; q++) {
        size_t worst = 0;
        for (unsigned mask = 0; mask < (1u << 16); mask++) {
            if ((size_t)__builtin_popcount(mask) != q) continue;
            size_t idx[16], m = 0;
            for (size_t i = 0; i < 16; i++)
                if (mask >> i & 1) idx[m++] = i;
            size_t c = zp_merkle_batch_count(16, idx, q);
            if (c > worst) worst = c;
        }
        CHECK(worst == zp_pcs_path_max(4, q));
    }
}

TEST(test_rs_eval_at) {
    /* NTT path against Horner, and Horner against direct evaluation. */
    size_t L = 300, q = 40;
    unsigned log_n = 10;
    zp_fe2 *u = malloc(L * sizeof *u), a[40], h[40];
    size_t idx[40];
    for (size_t j = 0; j < L; j++) u[j] = rand_fe2();
    for (size_t i = 0; i < q; i++) idx[i] = (size_t)(test_rand_u64() % 1024);
    CHECK_OK(zp_rs_eval_at(a, u, L, log_n, idx, q));
    zp_rs_eval_at_horner(h, u, L, log_n, idx, q);
    int ok = 1;
    for (size_t i = 0; i < q; i++) ok &= fe2_eq(a[i], h[i]);
    CHECK(ok);
    zp_fe x = zp_fe_mul(7, zp_fe_pow(zp_fe_root_of_unity(log_n), idx[0]));
    zp_fe2 d = {0, 0};
    zp_fe xp = 1;
    for (size_t j = 0; j < L; j++) {
        d = gl2_add(d, gl2_mul_fe(u[j], xp));
        xp = gl_mul(xp, x);
    }
    CHECK(fe2_eq(d, h[0]));
    size_t bad = 1024;
    CHECK(zp_rs_eval_at(a, u, L, log_n, &bad, 1) == ZP_ERR_ARG);
    free(u);
}

/* zp_pcs_rowcomb (limb-wise vector sums in column blocks) against the
 * schoolbook sum, on edge widths around the block size and the vector
 * width, zero weights and weights with one zero limb, one and many rows,
 * and sizes on both sides of its parallel threshold. */
TEST(test_rowcomb_reference) {
    static const size_t Ls[] = {1, 7, 8, 9, 511, 512, 513, 1100};
    static const size_t outs[] = {1, 2, 3, 5};
    static const size_t nrs[] = {1, 3, 17};
    int ok = 1;
    for (size_t li = 0; li < sizeof Ls / sizeof *Ls; li++)
        for (size_t oi = 0; oi < sizeof outs / sizeof *outs; oi++)
            for (size_t ri = 0; ri < sizeof nrs / sizeof *nrs; ri++) {
                const size_t L = Ls[li], n_out = outs[oi], nr = nrs[ri], ws = nr + 2;
                zp_fe *c = malloc(nr * L * sizeof *c);
                zp_fe2 *w = malloc(n_out * ws * sizeof *w);
                zp_fe2 *got = malloc(n_out * L * sizeof *got);
                zp_fe2 *want = calloc(n_out * L, sizeof *want);
                for (size_t i = 0; i < nr * L; i++) c[i] = rand_fe();
                /* extreme values too: 0, 1, p - 1 */
                c[0] = ZP_FIELD_P - 1;
                if (nr * L > 1) c[nr * L - 1] = 0;
                for (size_t i = 0; i < n_out * ws; i++) {
                    w[i] = rand_fe2();
                    switch (test_rand_u64() % 5) {
                    case 0: w[i] = (zp_fe2){0, 0}; break;
                    case 1: w[i].c0 = 0; break;
                    case 2: w[i].c1 = 0; break;
                    case 3: w[i].c0 = ZP_FIELD_P - 1; break;
                    default: break;
                    }
                }
                for (size_t m = 0; m < n_out; m++)
                    for (size_t r = 0; r < nr; r++)
                        for (size_t j = 0; j < L; j++)
                            want[m * L + j] = gl2_add(want[m * L + j],
                                                      gl2_mul_fe(w[m * ws + r], c[r * L + j]));
                for (size_t i = 0; i < n_out * L; i++) got[i] = (zp_fe2){1, 2}; /* overwritten */
                zp_pcs_rowcomb(got, n_out, w, ws, c, nr, L);
                for (size_t i = 0; i < n_out * L; i++) ok &= fe2_eq(got[i], want[i]);
                free(c), free(w), free(got), free(want);
            }
    CHECK(ok);
}

/* Every path of zp_pcs_rowcomb (the axpy one, the lazy one with the IFMA
 * kernel where the CPU has it, the portable lazy one) against the
 * schoolbook sum: widths around the lazy block (128) and the vector
 * width, no rows, and row counts past one and two lazy rounds (1024 rows)
 * with the largest split limbs (x0 = y0 = 2^52 - 1), which fill the
 * 52-bit-split accumulators the most. */
TEST(test_rowcomb_paths) {
    static const size_t Ls[] = {1, 9, 127, 128, 129, 300};
    static const size_t nrs[] = {0, 2, 1025, 2100};
    const uint64_t big = ((1ull << 52) - 1) | (0xFFEull << 52); /* < p */
    int ok = 1, runs = 0;
    for (size_t li = 0; li < sizeof Ls / sizeof *Ls; li++)
        for (size_t ri = 0; ri < sizeof nrs / sizeof *nrs; ri++)
            for (int kind = 0; kind < 2; kind++) {
                const size_t L = Ls[li], nr = nrs[ri], n_out = 1 + (li + ri) % 4, ws = nr + 1;
                zp_fe *c = malloc((nr ? nr : 1) * L * sizeof *c);
                zp_fe2 *w = malloc(n_out * ws * sizeof *w);
                zp_fe2 *got = malloc(n_out * L * sizeof *got);
                zp_fe2 *want = calloc(n_out * L, sizeof *want);
                for (size_t i = 0; i < nr * L; i++) c[i] = kind ? big : rand_fe();
                for (size_t i = 0; i < n_out * ws; i++) {
                    w[i] = kind ? (zp_fe2){big, big} : rand_fe2();
                    if (!kind && test_rand_u64() % 4 == 0) w[i].c1 = 0;
                    if (!kind && test_rand_u64() % 8 == 0) w[i] = (zp_fe2){0, 0};
                }
                for (size_t m = 0; m < n_out; m++)
                    for (size_t r = 0; r < nr; r++)
                        for (size_t j = 0; j < L; j++)
                            want[m * L + j] = gl2_add(want[m * L + j],
                                                      gl2_mul_fe(w[m * ws + r], c[r * L + j]));
                static const int paths[3][2] = {{ZP_RC_PATH_AXPY, 0},
                                                {ZP_RC_PATH_LAZY, 0},
                                                {ZP_RC_PATH_LAZY, 1}};
                for (int pi = 0; pi < 3; pi++) {
                    for (size_t i = 0; i < n_out * L; i++) got[i] = (zp_fe2){1, 2};
                    zp_pcs_rowcomb_path(got, n_out, w, ws, c, nr, L, paths[pi][0],
                                        paths[pi][1]);
                    for (size_t i = 0; i < n_out * L; i++) ok &= fe2_eq(got[i], want[i]);
                    runs++;
                }
                free(c), free(w), free(got), free(want);
            }
    CHECK(ok);
    CHECK(runs == 6 * 4 * 2 * 3);
}

TEST(test_sample_uniform_canonical) {
    zp_rng rng;
    zp_rng_init_u64(&rng, 5);
    zp_fe v[1000], w[1000];
    zp_pcs_sample(v, 1000, &rng, ZP_PCS_D_PAD, 3);
    zp_pcs_sample(w, 1000, &rng, ZP_PCS_D_PAD, 3);
    int ok = 1, distinct = 0;
    for (size_t i = 0; i < 1000; i++) {
        ok &= v[i] < ZP_FIELD_P && v[i] == w[i];
        distinct += i && v[i] != v[i - 1];
    }
    CHECK(ok);
    CHECK(distinct == 999);
    zp_pcs_sample(w, 1000, &rng, ZP_PCS_D_PAD, 4);
    CHECK(memcmp(v, w, sizeof v) != 0);
}

/* ---------------- commitment: completeness ---------------- */

TEST(test_pcs_complete_all_sizes) {
    for (unsigned lir = 0; lir <= 2; lir++)
        for (unsigned n = 0; n <= 16; n++) {
            if (lir != 1 && n % 4 != 0) continue;
            zp_pcs_params p;
            CHECK_OK(zp_pcs_params_default(&p, n, lir, 100));
            zp_fe *f = rand_evals(n);
            zp_fe2 z[16];
            for (unsigned i = 0; i < n; i++) z[i] = rand_fe2();
            const zp_fe2 *pts[1] = {z};
            run_t r;
            CHECK_OK(run_open(&r, &p, f, 100 + n, 1, pts, NULL, NULL));
            CHECK(fe2_eq(r.y[0], zp_mle_eval(f, z, n)));
            CHECK(r.proof.len == zp_pcs_proof_bytes(&p, 1));
            CHECK_OK(run_verify(&p, &r.root, r.proof.data, r.proof.len, 1, pts, NULL, NULL, r.y));
            /* A wrong value is rejected at every rate, the tight one too. */
            zp_fe2 wrong = r.y[0];
            wrong.c0 = wrong.c0 == 0 ? 1 : wrong.c0 - 1;
            CHECK(run_verify(&p, &r.root, r.proof.data, r.proof.len, 1, pts, NULL, NULL, &wrong) ==
                  ZP_ERR_VERIFY);
            zp_bytes_free(&r.proof);
            free(f);
        }
}

TEST(test_pcs_several_claims) {
    /* Arbitrary a, b (not tensors) and MLE points mixed, several layouts. */
    unsigned cases[][2] = {{6, 3}, {9, 0}, {9, 9}, {12, 5}};
    for (size_t ci = 0; ci < 4; ci++) {
        unsigned n = cases[ci][0], lc = cases[ci][1];
        zp_pcs_params p = {n, lc, 1, 60, 5, 1, 1, 0};
        CHECK_OK(zp_pcs_params_check(&p));
        size_t R = (size_t)1 << (n - lc), K = (size_t)1 << lc, nc = 5;
        zp_fe *f = rand_evals(n);
        zp_fe2 *av[5], *bv[5];
        for (size_t c = 0; c < nc; c++) {
            av[c] = malloc(R * sizeof(zp_fe2));
            bv[c] = malloc(K * sizeof(zp_fe2));
            if (c < 3) { /* arbitrary functionals */
                for (size_t i = 0; i < R; i++) av[c][i] = rand_fe2();
                for (size_t i = 0; i < K; i++) bv[c][i] = rand_fe2();
            } else { /* MLE points */
                zp_fe2 z[12];
                for (unsigned i = 0; i < n; i++) z[i] = rand_fe2();
                zp_eq_table(av[c], z + lc, n - lc);
                zp_eq_table(bv[c], z, lc);
            }
        }
        if (R > 1) av[2][0] = av[2][1] = (zp_fe2){0, 0}; /* zero weights */
        run_t r;
        CHECK_OK(run_open(&r, &p, f, 7, nc, NULL, (const zp_fe2 *const *)av,
                          (const zp_fe2 *const *)bv));
        int ok = 1;
        for (size_t c = 0; c < nc; c++) {
            zp_fe2 want = {0, 0};
            for (size_t i = 0; i < R; i++)
                for (size_t j = 0; j < K; j++)
                    want = gl2_add(want, gl2_mul(av[c][i], gl2_mul(bv[c][j], gl2_from_fe(f[i * K + j]))));
            ok &= fe2_eq(want, r.y[c]);
        }
        CHECK(ok);
        CHECK(r.proof.len == zp_pcs_proof_bytes(&p, nc));
        CHECK_OK(run_verify(&p, &r.root, r.proof.data, r.proof.len, nc, NULL,
                            (const zp_fe2 *const *)av, (const zp_fe2 *const *)bv, r.y));
        /* Any single wrong value is rejected. */
        for (size_t c = 0; c < nc; c++) {
            zp_fe2 y2[5];
            memcpy(y2, r.y, sizeof y2);
            y2[c].c1 = gl_add(y2[c].c1, 1);
            CHECK(run_verify(&p, &r.root, r.proof.data, r.proof.len, nc, NULL,
                             (const zp_fe2 *const *)av, (const zp_fe2 *const *)bv,
                             y2) == ZP_ERR_VERIFY);
        }
        /* Claims in another order do not verify. */
        zp_fe2 *t = av[0];
        av[0] = av[1];
        av[1] = t;
        CHECK(run_verify(&p, &r.root, r.proof.data, r.proof.len, nc, NULL,
                         (const zp_fe2 *const *)av, (const zp_fe2 *const *)bv, r.y) != ZP_OK);
        zp_bytes_free(&r.proof);
        for (size_t c = 0; c < nc; c++) {
            free(av[c]);
            free(bv[c]);
        }
        free(f);
    }
}

TEST(test_pcs_zero_claims_and_limits) {
    zp_pcs_params p = tiny_params(6, 3, 10);
    zp_fe *f = rand_evals(6);
    run_t r;
    CHECK_OK(run_open(&r, &p, f, 1, 0, NULL, NULL, NULL));
    CHECK_OK(run_verify(&p, &r.root, r.proof.data, r.proof.len, 0, NULL, NULL, NULL, NULL));
    zp_bytes_free(&r.proof);
    /* More claims than max_claims. */
    zp_fe2 z[3][6];
    for (int c = 0; c < 3; c++)
        for (int i = 0; i < 6; i++) z[c][i] = rand_fe2();
    const zp_fe2 *pts[3] = {z[0], z[1], z[2]};
    CHECK(run_open(&r, &p, f, 1, 3, pts, NULL, NULL) == ZP_ERR_ARG);
    zp_bytes_free(&r.proof);
    free(f);
}

/* ---------------- soundness and parsing ---------------- */

TEST(test_pcs_wrong_value_root_point) {
    zp_pcs_params p;
    CHECK_OK(zp_pcs_params_default(&p, 10, 1, 100));
    zp_fe *f = rand_evals(10);
    zp_fe2 z[10], z2[10];
    for (int i = 0; i < 10; i++) z[i] = z2[i] = rand_fe2();
    z2[7] = gl2_add(z2[7], (zp_fe2){1, 0});
    const zp_fe2 *pts[1] = {z}, *pts2[1] = {z2};
    run_t r;
    CHECK_OK(run_open(&r, &p, f, 3, 1, pts, NULL, NULL));
    CHECK_OK(run_verify(&p, &r.root, r.proof.data, r.proof.len, 1, pts, NULL, NULL, r.y));
    zp_fe2 y = r.y[0];
    y.c0 = gl_add(y.c0, 1);
    CHECK(run_verify(&p, &r.root, r.proof.data, r.proof.len, 1, pts, NULL, NULL, &y) == ZP_ERR_VERIFY);
    /* The true value at another point is rejected as a claim at z. */
    zp_fe2 y2 = zp_mle_eval(f, z2, 10);
    CHECK(run_verify(&p, &r.root, r.proof.data, r.proof.len, 1, pts, NULL, NULL, &y2) == ZP_ERR_VERIFY);
    CHECK(run_verify(&p, &r.root, r.proof.data, r.proof.len, 1, pts2, NULL, NULL, r.y) != ZP_OK);
    CHECK(run_verify(&p, &r.root, r.proof.data, r.proof.len, 1, pts2, NULL, NULL, &y2) != ZP_OK);
    zp_digest root2 = r.root;
    root2.b[5] ^= 0x40;
    CHECK(run_verify(&p, &root2, r.proof.data, r.proof.len, 1, pts, NULL, NULL, r.y) != ZP_OK);
    /* Another commitment's root. */
    run_t r2;
    zp_fe *g = rand_evals(10);
    CHECK_OK(run_open(&r2, &p, g, 3, 1, pts, NULL, NULL));
    CHECK(run_verify(&p, &r2.root, r.proof.data, r.proof.len, 1, pts, NULL, NULL, r.y) != ZP_OK);
    /* Different parameters. */
    zp_pcs_params p2 = p;
    p2.max_claims++;
    CHECK(run_verify(&p2, &r.root, r.proof.data, r.proof.len, 1, pts, NULL, NULL, r.y) != ZP_OK);
    /* A different transcript prefix. */
    {
        zp_transcript tr;
        zp_transcript_init(&tr, "zkprov-v1/other");
        zp_reader rd;
        zp_reader_init(&rd, r.proof.data, r.proof.len);
        CHECK(zp_pcs_verify_mle(&p, &r.root, &tr, &rd, 1, pts, r.y) != ZP_OK);
    }
    zp_bytes_free(&r.proof);
    zp_bytes_free(&r2.proof);
    free(f);
    free(g);
}

TEST(test_pcs_flip_every_byte) {
    zp_pcs_params p = tiny_params(4, 2, 8);
    CHECK_OK(zp_pcs_params_check(&p));
    zp_fe *f = rand_evals(4);
    zp_fe2 z[2][4];
    for (int c = 0; c < 2; c++)
        for (int i = 0; i < 4; i++) z[c][i] = rand_fe2();
    const zp_fe2 *pts[2] = {z[0], z[1]};
    run_t r;
    CHECK_OK(run_open(&r, &p, f, 11, 2, pts, NULL, NULL));
    CHECK_OK(run_verify(&p, &r.root, r.proof.data, r.proof.len, 2, pts, NULL, NULL, r.y));
    uint8_t *buf = malloc(r.proof.len);
    size_t accepted = 0, bad_code = 0;
    const uint8_t flips[3] = {0x01, 0x80, 0xFF};
    for (size_t i = 0; i < r.proof.len; i++)
        for (int k = 0; k < 3; k++) {
            memcpy(buf, r.proof.data, r.proof.len);
            buf[i] ^= flips[k];
            zp_err e = run_verify(&p, &r.root, buf, r.proof.len, 2, pts, NULL, NULL, r.y);
            if (e == ZP_OK) accepted++;
            else if (e != ZP_ERR_VERIFY && e != ZP_ERR_PARSE) bad_code++;
        }
    CHECK(accepted == 0);
    CHECK(bad_code == 0);
    /* Every truncation is a parse error; a trailing byte is left over. */
    size_t not_parse = 0;
    for (size_t len = 0; len < r.proof.len; len++)
        not_parse += run_verify(&p, &r.root, r.proof.data, len, 2, pts, NULL, NULL, r.y) !=
                     ZP_ERR_PARSE;
    CHECK(not_parse == 0);
    uint8_t *longer = malloc(r.proof.len + 1);
    memcpy(longer, r.proof.data, r.proof.len);
    longer[r.proof.len] = 0;
    CHECK(run_verify(&p, &r.root, longer, r.proof.len + 1, 2, pts, NULL, NULL, r.y) == ZP_ERR_PARSE);
    free(longer);
    free(buf);
    zp_bytes_free(&r.proof);
    free(f);
}

/* Tampering with each part of a proof whose vectors are long enough for
 * the tree absorb (k = 2048: b, u0 and uc are absorbed as chunk digests)
 * and with the opened columns, salts and path (written, not absorbed:
 * the Merkle root binds them).  Every change is rejected; the proof is
 * the same at 1 and 2 threads. */
static void add_one_le(uint8_t *at) { zp_store64_le(at, (zp_load64_le(at) + 1) % ZP_FIELD_P); }

TEST(test_pcs_tamper_tree_sized) {
    zp_pcs_params p = tiny_params(13, 11, 8);
    zp_pcs_shape s;
    CHECK_OK(zp_pcs_params_check(&p));
    CHECK_OK(zp_pcs_shape_of(&s, &p));
    CHECK(s.k >= 2048 && s.L * p.n_prox >= 2048);
    zp_fe *f = rand_evals(13);
    zp_fe2 *ab[4];
    const zp_fe2 *a[2], *b[2];
    for (int c = 0; c < 2; c++) {
        ab[2 * c] = malloc(s.rows_data * sizeof(zp_fe2));
        ab[2 * c + 1] = malloc(s.k * sizeof(zp_fe2));
        for (size_t r = 0; r < s.rows_data; r++) ab[2 * c][r] = rand_fe2();
        for (size_t j = 0; j < s.k; j++) ab[2 * c + 1][j] = rand_fe2();
        a[c] = ab[2 * c];
        b[c] = ab[2 * c + 1];
    }
    int saved = omp_get_max_threads();
    run_t r, r2;
    omp_set_num_threads(1);
    CHECK_OK(run_open(&r, &p, f, 21, 2, NULL, a, b));
    omp_set_num_threads(2);
    CHECK_OK(run_open(&r2, &p, f, 21, 2, NULL, a, b));
    CHECK(r.proof.len == r2.proof.len && memcmp(r.proof.data, r2.proof.data, r.proof.len) == 0);
    /* the tampering below runs on one thread: the many small parallel
     * regions of ~150 verifications are slow on a loaded machine */
    omp_set_num_threads(1);
    CHECK_OK(run_verify(&p, &r.root, r.proof.data, r.proof.len, 2, NULL, a, b, r.y));
    /* layout: v (2 x 16), u0 (n_prox L x 16), uc (2 L x 16), t x (salt 32,
     * column 8 rows), path (path_max x 32) */
    const size_t off_u0 = 32, off_uc = off_u0 + 16 * s.L * p.n_prox, off_col = off_uc + 32 * s.L;
    const size_t rec = 32 + 8 * s.rows, off_path = off_col + s.t * rec;
    CHECK(off_path + 32 * s.path_max == r.proof.len);
    uint8_t *buf = malloc(r.proof.len);
    size_t n_try = 0, accepted = 0, bad_code = 0;
#define TRY_AT(pos, mutate)                                                               \
    do {                                                                                  \
        memcpy(buf, r.proof.data, r.proof.len);                                           \
        mutate;                                                                           \
        zp_err e_ = run_verify(&p, &r.root, buf, r.proof.len, 2, NULL, a, b, r.y);        \
        n_try++;                                                                          \
        accepted += e_ == ZP_OK;                                                          \
        bad_code += e_ != ZP_OK && e_ != ZP_ERR_VERIFY && e_ != ZP_ERR_PARSE;             \
        (void)(pos);                                                                      \
    } while (0)
    /* v, every chunk of u0 and uc (first, middle, last word of each) */
    TRY_AT(0, add_one_le(buf + 0));
    TRY_AT(16, add_one_le(buf + 24));
    for (size_t w = 0; w < 2 * s.L * p.n_prox; w += 1 + (w % 1024 == 0 ? 510 : 513))
        TRY_AT(w, add_one_le(buf + off_u0 + 8 * w));
    TRY_AT(0, add_one_le(buf + off_uc - 8));
    for (size_t w = 0; w < 4 * s.L; w += 777) TRY_AT(w, add_one_le(buf + off_uc + 8 * w));
    TRY_AT(0, add_one_le(buf + off_col - 8));
    /* every row of two opened columns, the other columns' first rows,
     * every salt */
    for (size_t q = 0; q < s.t; q++) {
        const size_t base = off_col + q * rec;
        TRY_AT(q, buf[base + (q * 5) % 32] ^= 0x40);
        for (size_t row = 0; row < s.rows; row++)
            if (q < 2 || row == 0) TRY_AT(row, add_one_le(buf + base + 32 + 8 * row));
    }
    /* every digest of the path (used ones and the zero padding) */
    for (size_t d = 0; d < s.path_max; d++) TRY_AT(d, buf[off_path + 32 * d + d % 32] ^= 1);
#undef TRY_AT
    CHECK(n_try > 60);
    CHECK(accepted == 0);
    CHECK(bad_code == 0);
    /* the statement: a changed word of b, or of a */
    zp_fe2 keep_b = ab[1][1000], keep_a = ab[2][0];
    ab[1][1000].c0 = (ab[1][1000].c0 + 1) % ZP_FIELD_P;
    CHECK(run_verify(&p, &r.root, r.proof.data, r.proof.len, 2, NULL, a, b, r.y) == ZP_ERR_VERIFY);
    ab[1][1000] = keep_b;
    ab[2][0].c1 = (ab[2][0].c1 + 1) % ZP_FIELD_P;
    CHECK(run_verify(&p, &r.root, r.proof.data, r.proof.len, 2, NULL, a, b, r.y) == ZP_ERR_VERIFY);
    ab[2][0] = keep_a;
    CHECK_OK(run_verify(&p, &r.root, r.proof.data, r.proof.len, 2, NULL, a, b, r.y));
    omp_set_num_threads(saved);
    free(buf);
    for (int i = 0; i < 4; i++) free(ab[i]);
    zp_bytes_free(&r.proof);
    zp_bytes_free(&r2.proof);
    free(f);
}

/* b_c zero outside a range is absorbed as (lo, hi, b[lo..hi)): honest
 * proofs verify for every range (empty, one entry, full), the challenges
 * depend on the range and the values (the proof bytes after v change),
 * and a statement whose b differs only by a zero moved in or out of the
 * range is rejected. */
TEST(test_pcs_sparse_b) {
    zp_pcs_params p = tiny_params(6, 4, 8);
    zp_pcs_shape s;
    CHECK_OK(zp_pcs_shape_of(&s, &p));
    zp_fe *f = rand_evals(6);
    zp_fe2 a0[64], b0[64], b1[64];
    for (size_t r = 0; r < s.rows_data; r++) a0[r] = rand_fe2();
    const size_t ranges[][2] = {{0, 0}, {0, 1}, {15, 16}, {3, 9}, {0, 16}};
    for (size_t t = 0; t < 5; t++) {
        memset(b0, 0, sizeof b0);
        for (size_t j = ranges[t][0]; j < ranges[t][1]; j++) b0[j] = rand_fe2();
        const zp_fe2 *a[1] = {a0}, *b[1] = {b0}, *bb[1] = {b1};
        run_t r;
        CHECK_OK(run_open(&r, &p, f, 3, 1, NULL, a, b));
        CHECK_OK(run_verify(&p, &r.root, r.proof.data, r.proof.len, 1, NULL, a, b, r.y));
        /* a zero entry made non-zero next to the range, or an end of the
         * range made zero: another statement */
        for (int k = 0; k < 2; k++) {
            memcpy(b1, b0, sizeof b1);
            size_t lo = ranges[t][0], hi = ranges[t][1];
            if (k == 0) b1[hi < s.k ? hi : (lo ? lo - 1 : 0)] = (zp_fe2){1, 0};
            else if (hi > lo) b1[hi - 1] = (zp_fe2){0, 0};
            else continue;
            CHECK(run_verify(&p, &r.root, r.proof.data, r.proof.len, 1, NULL, a, bb, r.y) ==
                  ZP_ERR_VERIFY);
            /* and its honest proof differs after v (other challenges) */
            run_t r1;
            CHECK_OK(run_open(&r1, &p, f, 3, 1, NULL, a, bb));
            CHECK(r1.proof.len == r.proof.len);
            CHECK(memcmp(r1.proof.data + 16, r.proof.data + 16, r.proof.len - 16) != 0);
            CHECK_OK(run_verify(&p, &r1.root, r1.proof.data, r1.proof.len, 1, NULL, a, bb, r1.y));
            zp_bytes_free(&r1.proof);
        }
        zp_bytes_free(&r.proof);
    }
    free(f);
}

TEST(test_pcs_bad_inputs) {
    zp_pcs_params p = tiny_params(6, 3, 10);
    zp_fe *f = rand_evals(6);
    zp_rng rng;
    zp_rng_init_u64(&rng, 9);
    zp_pcs_prover *pr = NULL;
    zp_digest root;
    f[17] = ZP_FIELD_P; /* non-canonical */
    CHECK(zp_pcs_commit(&pr, &root, &p, f, &rng) == ZP_ERR_ARG);
    CHECK(pr == NULL);
    f[17] = 5;
    zp_pcs_params bad = p;
    bad.log_inv_rate = 3;
    CHECK(zp_pcs_commit(&pr, &root, &bad, f, &rng) == ZP_ERR_ARG);
    CHECK(zp_pcs_commit(&pr, &root, &p, NULL, &rng) == ZP_ERR_ARG);
    /* A commitment opens once. */
    CHECK_OK(zp_pcs_commit(&pr, &root, &p, f, &rng));
    zp_fe2 z[6], y;
    for (int i = 0; i < 6; i++) z[i] = rand_fe2();
    const zp_fe2 *pts[1] = {z};
    zp_transcript tr;
    zp_transcript_init(&tr, DOMAIN);
    zp_bytes proof;
    zp_bytes_init(&proof);
    CHECK_OK(zp_pcs_open_mle(pr, &tr, &proof, 1, pts, &y));
    zp_bytes proof2;
    zp_bytes_init(&proof2);
    CHECK(zp_pcs_open_mle(pr, &tr, &proof2, 1, pts, &y) == ZP_ERR_ARG);
    zp_pcs_prover_free(pr);
    zp_bytes_free(&proof);
    zp_bytes_free(&proof2);
    free(f);
}

/* ---------------- determinism, size, hiding ---------------- */

TEST(test_pcs_threads_identical) {
    zp_pcs_params p;
    CHECK_OK(zp_pcs_params_default(&p, 16, 1, 100));
    zp_fe *f = rand_evals(16);
    zp_fe2 z[16];
    for (int i = 0; i < 16; i++) z[i] = rand_fe2();
    const zp_fe2 *pts[1] = {z};
    int saved = omp_get_max_threads();
    run_t r1, r2;
    omp_set_num_threads(1);
    CHECK_OK(run_open(&r1, &p, f, 77, 1, pts, NULL, NULL));
    omp_set_num_threads(2);
    CHECK_OK(run_open(&r2, &p, f, 77, 1, pts, NULL, NULL));
    omp_set_num_threads(saved);
    CHECK(memcmp(r1.root.b, r2.root.b, 32) == 0);
    CHECK(r1.proof.len == r2.proof.len && memcmp(r1.proof.data, r2.proof.data, r1.proof.len) == 0);
    /* A different seed gives a different commitment to the same data. */
    run_t r3;
    CHECK_OK(run_open(&r3, &p, f, 78, 1, pts, NULL, NULL));
    CHECK(memcmp(r1.root.b, r3.root.b, 32) != 0);
    CHECK(fe2_eq(r1.y[0], r3.y[0]));
    zp_bytes_free(&r1.proof);
    zp_bytes_free(&r2.proof);
    zp_bytes_free(&r3.proof);
    free(f);
}

TEST(test_pcs_hiding_sanity) {
    zp_pcs_params p;
    CHECK_OK(zp_pcs_params_default(&p, 12, 1, 100));
    zp_pcs_shape s;
    CHECK_OK(zp_pcs_shape_of(&s, &p));
    size_t len = (size_t)1 << 12;
    zp_fe *f = rand_evals(12), *g = rand_evals(12), *zero = calloc(len, sizeof(zp_fe));
    zp_fe2 z[12];
    for (int i = 0; i < 12; i++) z[i] = rand_fe2();
    const zp_fe2 *pts[1] = {z};
    run_t rf, rg, r0;
    CHECK_OK(run_open(&rf, &p, f, 5, 1, pts, NULL, NULL));
    CHECK_OK(run_open(&rg, &p, g, 5, 1, pts, NULL, NULL));
    CHECK_OK(run_open(&r0, &p, zero, 5, 1, pts, NULL, NULL));
    /* Same size whatever the polynomial. */
    CHECK(rf.proof.len == rg.proof.len && rf.proof.len == r0.proof.len);
    /* Layout: v (16), u0 (n_prox L fe2), uc (L fe2), then per query salt
     * (32) and column (8 rows), then the path. */
    size_t off_u0 = 16, off_uc = off_u0 + 16 * s.L * p.n_prox, off_cols = off_uc + 16 * s.L;
    size_t u_bytes = 16 * s.L * (p.n_prox + 1);
    CHECK(memcmp(rf.proof.data + off_u0, rg.proof.data + off_u0, u_bytes) != 0);
    /* The zero polynomial: unmasked u would be all zero, and so would the
     * data part of every opened column without the hiding coefficients. */
    size_t nz_u = 0, nz_hi = 0, nz_data = 0;
    for (size_t i = 0; i < u_bytes; i++) nz_u += r0.proof.data[off_u0 + i] != 0;
    for (size_t j = s.k; j < s.L; j++) { /* tail of u_c: a^T pad + rho S */
        const uint8_t *e = r0.proof.data + off_uc + 16 * j;
        for (int b = 0; b < 16; b++) nz_hi += e[b] != 0;
    }
    for (size_t qi = 0; qi < s.t; qi++) {
        const uint8_t *col = r0.proof.data + off_cols + qi * (32 + 8 * s.rows) + 32;
        for (size_t rr = 0; rr < s.rows_data; rr++) nz_data += zp_load64_le(col + 8 * rr) != 0;
    }
    CHECK(nz_u > u_bytes / 2);
    CHECK(nz_hi > 0);
    CHECK(nz_data > s.t * s.rows_data / 2);
    /* The values differ, the claim vectors' masks keep u_c unrelated. */
    CHECK(fe2_eq(r0.y[0], (zp_fe2){0, 0}));
    CHECK_OK(run_verify(&p, &r0.root, r0.proof.data, r0.proof.len, 1, pts, NULL, NULL, r0.y));
    zp_bytes_free(&rf.proof);
    zp_bytes_free(&rg.proof);
    zp_bytes_free(&r0.proof);
    free(f);
    free(g);
    free(zero);
}
