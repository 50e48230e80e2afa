/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Zero-check prover kernels (src/piop/sc_eq_kern.h) against their definitions. */
// ZP_TEST_LAYER: piop
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "field/gl.h"
#include "piop/sc_eq_kern.h"

static zp_fe rnd_fe(void) {
    switch (test_rand_u64() % 8) {
    case 0: return 0;
    case 1: return 1;
    case 2: return ZP_FIELD_P - 1;
    case 3: return ZP_FIELD_P - ((zp_fe)1 << 32);
    default: return zp_fe_from_u64(test_rand_u64());
    }
}
static zp_fe2 rnd_fe2(void) { return (zp_fe2){rnd_fe(), rnd_fe()}; }
static int fe2_same(zp_fe2 a, zp_fe2 b) { return a.c0 == b.c0 && a.c1 == b.c1; }
static zp_fe2 fe2_bf(zp_fe2 e, zp_fe y) { return gl2_mul_fe(e, y); }

/* The sums of sc_eq_kern.h, one product at a time in K. */
static void reference(zp_eq_bpass_sums *o, const zp_eq_bpass_args *a, size_t y0, size_t y1) {
    memset(o, 0, sizeof *o);
    for (size_t y = y0; y < y1; y++) {
        const zp_fe2 e = a->E0[y];
        const size_t x = 2 * y;
        zp_fe T[ZP_SC_MAX_TABLES], U[ZP_SC_MAX_TABLES], d[ZP_SC_MAX_TABLES], F[ZP_SC_MAX_TABLES];
        for (size_t q = 0; q < a->nb; q++) {
            T[q] = a->t[q][x];
            U[q] = a->t[q][x + 1];
            d[q] = a->m[q] ? gl_sub(a->m[q][x % a->ml[q]], T[q]) : 0;
            F[q] = a->m[q] ? gl_sub(a->m[q][(x + 1) % a->ml[q]], U[q]) : 0;
        }
        for (size_t t = 0; t < a->n1; t++) {
            const uint32_t q = a->a1[t];
            if (q == ZP_EQ_ON_V) continue;
            const zp_fe w[3] = {T[q], d[q], F[q]};
            for (int c = 0; c < 3; c++) o->l[t][c] = gl2_add(o->l[t][c], fe2_bf(e, w[c]));
        }
        for (size_t t = 0; t < a->n2; t++) {
            const uint32_t p = a->a2[t], q = a->b2[t];
            const zp_fe X[2] = {gl_sub(U[p], T[p]), gl_sub(U[q], T[q])};
            const zp_fe Y[2] = {gl_sub(F[p], d[p]), gl_sub(F[q], d[q])};
            const zp_fe w[8] = {gl_add(gl_mul(U[p], F[q]), gl_mul(F[p], U[q])), gl_mul(F[p], F[q]),
                                gl_mul(T[p], T[q]), gl_add(gl_mul(T[p], d[q]), gl_mul(d[p], T[q])),
                                gl_mul(d[p], d[q]), gl_mul(X[0], X[1]),
                                gl_add(gl_mul(X[0], Y[1]), gl_mul(Y[0], X[1])), gl_mul(Y[0], Y[1])};
            for (int c = 0; c < 8; c++) o->p[t][c] = gl2_add(o->p[t][c], fe2_bf(e, w[c]));
        }
        if (a->v) {
            const zp_fe2 v0 = a->v[x], v1 = a->v[x + 1];
            const zp_fe2 w[3] = {v0, gl2_sub(a->vm[x % a->vl], v0),
                                 gl2_sub(a->vm[(x + 1) % a->vl], v1)};
            for (int c = 0; c < 3; c++) o->v[c] = gl2_add(o->v[c], gl2_mul(e, w[c]));
        }
    }
}

static int same_sums(const zp_eq_bpass_sums *x, const zp_eq_bpass_sums *y, const zp_eq_bpass_args *a) {
    int ok = 1;
    for (size_t t = 0; t < a->n1; t++)
        for (int c = 0; c < 3; c++) ok &= fe2_same(x->l[t][c], y->l[t][c]);
    for (size_t t = 0; t < a->n2; t++)
        for (int c = 0; c < 8; c++) ok &= fe2_same(x->p[t][c], y->p[t][c]);
    for (int c = 0; c < 3; c++) ok &= fe2_same(x->v[c], y->v[c]);
    return ok;
}

/* A random instance of npairs pairs: nb tables (public or base masks of
 * period >= minl), V or none, n1 and n2 terms. */
typedef struct {
    zp_eq_bpass_args a;
    void *mem[2 * ZP_SC_MAX_TABLES + 4];
    int n_mem;
} inst_t;

static void *ialloc(inst_t *I, size_t bytes) {
    void *p = malloc(bytes);
    I->mem[I->n_mem++] = p;
    return p;
}

static void inst_make(inst_t *I, size_t npairs, size_t nb, size_t n1, size_t n2, int with_v,
                      size_t minl) {
    memset(I, 0, sizeof *I);
    zp_eq_bpass_args *a = &I->a;
    const size_t N = 2 * npairs;
    zp_fe2 *E0 = ialloc(I, npairs * sizeof(zp_fe2));
    for (size_t y = 0; y < npairs; y++) E0[y] = rnd_fe2();
    a->E0 = E0;
    a->nb = nb;
    for (size_t q = 0; q < nb; q++) {
        zp_fe *t = ialloc(I, N * sizeof(zp_fe));
        for (size_t x = 0; x < N; x++) t[x] = rnd_fe();
        a->t[q] = t;
        if (test_rand_u64() % 4) {
            size_t L = minl;
            while (L < N && test_rand_u64() % 2) L *= 2;
            zp_fe *m = ialloc(I, L * sizeof(zp_fe));
            for (size_t x = 0; x < L; x++) m[x] = rnd_fe();
            a->m[q] = m;
            a->ml[q] = L;
        }
    }
    if (with_v) {
        size_t L = minl;
        while (L < N && minl >= 16 && test_rand_u64() % 2) L *= 2; /* < 16 kept */
        zp_fe2 *v = ialloc(I, N * sizeof(zp_fe2)), *vm = ialloc(I, L * sizeof(zp_fe2));
        for (size_t x = 0; x < N; x++) v[x] = rnd_fe2();
        for (size_t x = 0; x < L; x++) vm[x] = rnd_fe2();
        a->v = v;
        a->vm = vm;
        a->vl = L;
    }
    a->n1 = n1;
    a->n2 = n2;
    for (size_t t = 0; t < n1; t++)
        a->a1[t] = (with_v && t == n1 - 1) || !nb ? ZP_EQ_ON_V : (uint32_t)(test_rand_u64() % nb);
    for (size_t t = 0; t < n2; t++) {
        a->a2[t] = (uint32_t)(test_rand_u64() % nb);
        a->b2[t] = (uint32_t)(test_rand_u64() % nb);
    }
}

static void inst_free(inst_t *I) {
    for (int i = 0; i < I->n_mem; i++) free(I->mem[i]);
}

/* Both backends against the reference on ranges of whole instances and
 * of sub-ranges (multiples of 8 for AVX-512), many shapes and edge sizes:
 * 8 pairs, periods 16 (AVX-512's least) and 2 (portable), no terms, no V. */
TEST(test_eq_bpass_backends) {
    const zp_eq_bpass_fn avx = zp_eq_bpass_avx512_fn();
    static const size_t np[] = {8, 16, 64, 1024};
    int ok = 1, runs = 0;
    for (size_t pi = 0; pi < 4; pi++)
        for (int it = 0; it < 6; it++) {
            const size_t npairs = np[pi];
            const size_t nb = 1 + test_rand_u64() % 6;
            const size_t n1 = it == 0 ? 0 : test_rand_u64() % 5;
            const size_t n2 = it == 1 ? 0 : 1 + test_rand_u64() % 4;
            const int with_v = it != 2;
            inst_t I;
            inst_make(&I, npairs, nb, n1 + (size_t)with_v, n2, with_v, it == 3 ? 2 : 16);
            const size_t ranges[3][2] = {
                {0, npairs}, {(npairs / 2) & ~(size_t)7, npairs}, {npairs - 8, npairs}};
            for (int ri = 0; ri < 3; ri++) {
                zp_eq_bpass_sums want, got;
                reference(&want, &I.a, ranges[ri][0], ranges[ri][1]);
                memset(&got, 0x5a, sizeof got); /* overwritten */
                zp_eq_bpass_portable(&got, &I.a, ranges[ri][0], ranges[ri][1]);
                ok &= same_sums(&got, &want, &I.a);
                if (avx && it != 3) {
                    memset(&got, 0x5a, sizeof got);
                    avx(&got, &I.a, ranges[ri][0], ranges[ri][1]);
                    ok &= same_sums(&got, &want, &I.a);
                    runs++;
                }
            }
            /* dispatch: AVX-512 where the periods allow */
            zp_eq_bpass_fn best = zp_eq_bpass_best(&I.a, npairs);
            CHECK(best == (avx && it != 3 ? avx : zp_eq_bpass_portable));
            CHECK(zp_eq_bpass_best(&I.a, 4) == zp_eq_bpass_portable);
            inst_free(&I);
        }
    CHECK(ok);
    if (avx) CHECK(runs == 4 * 5 * 3);
}

/* The fold round of sc_eq_kern.h by its definition. */
static zp_fe2 xb_at(const zp_eq_xfold_args *a, size_t q, size_t x) {
    switch (a->kind[q]) {
    case ZP_EQ_F_PUB: return gl2_from_fe(a->tb[q][x]);
    case ZP_EQ_F_BM: {
        const zp_fe t = a->tb[q][x];
        return gl2_add(gl2_from_fe(t), gl2_mul_fe(a->rb, gl_sub(a->mb[q][x % a->ml[q]], t)));
    }
    case ZP_EQ_F_XM: {
        const zp_fe2 t = a->tx[q][x];
        return gl2_add(t, gl2_mul(a->rb, gl2_sub(a->mx[q][x % a->ml[q]], t)));
    }
    default: return a->src[q][x];
    }
}

static void xreference(zp_eq_xfold_sums *o, zp_fe2 **dst, const zp_eq_xfold_args *a, size_t y0,
                       size_t y1) {
    memset(o, 0, sizeof *o);
    for (size_t y = y0; y < y1; y++) {
        const zp_fe2 e = a->E[y];
        zp_fe2 lo[ZP_SC_MAX_TABLES], dl[ZP_SC_MAX_TABLES];
        for (size_t q = 0; q < a->nq; q++) {
            zp_fe2 v[2];
            for (size_t h = 0; h < 2; h++) {
                const zp_fe2 b0 = xb_at(a, q, 4 * y + 2 * h), b1 = xb_at(a, q, 4 * y + 2 * h + 1);
                v[h] = gl2_add(b0, gl2_mul(a->rf, gl2_sub(b1, b0)));
                dst[q][2 * y + h] = v[h];
            }
            lo[q] = v[0];
            dl[q] = gl2_sub(v[1], v[0]);
        }
        for (size_t t = 0; t < a->n1; t++)
            o->l0[t] = gl2_add(o->l0[t], gl2_mul(e, lo[a->a1[t]]));
        for (size_t t = 0; t < a->n2; t++) {
            const uint32_t p = a->a2[t], q = a->b2[t];
            o->q0[t] = gl2_add(o->q0[t], gl2_mul(gl2_mul(e, lo[p]), lo[q]));
            o->qi[t] = gl2_add(o->qi[t], gl2_mul(gl2_mul(e, dl[p]), dl[q]));
        }
    }
}

/* The AVX-512 fold kernel against the definition: first folds (tables
 * over F public or masked, over K masked; periods 32 .. N) and later
 * folds, 8 .. 1024 pairs, whole and partial ranges, with and without
 * terms; its outputs dst written in the range only. */
TEST(test_eq_xfold_avx512) {
    const zp_eq_xfold_fn fn = zp_eq_xfold_avx512_fn();
    if (!fn) { /* compiled out or not on this CPU: the portable rounds only */
        CHECK(zp_eq_xfold_avx512_fn() == NULL);
        return;
    }
    static const size_t np[] = {8, 16, 64, 1024};
    int ok = 1;
    for (size_t pi = 0; pi < 4; pi++)
        for (int it = 0; it < 5; it++) {
            const size_t npairs = np[pi], N = 4 * npairs;
            zp_eq_xfold_args a;
            inst_t I; /* owns the buffers */
            memset(&I, 0, sizeof I);
            memset(&a, 0, sizeof a);
            zp_fe2 *E = ialloc(&I, npairs * sizeof(zp_fe2));
            for (size_t y = 0; y < npairs; y++) E[y] = rnd_fe2();
            a.E = E;
            a.rb = rnd_fe2();
            a.rf = rnd_fe2();
            a.nq = 1 + test_rand_u64() % 6;
            zp_fe2 *dst[ZP_SC_MAX_TABLES], *ref[ZP_SC_MAX_TABLES];
            for (size_t q = 0; q < a.nq; q++) {
                size_t L = 32;
                while (L < N && test_rand_u64() % 2) L *= 2;
                const int kind = it == 4 ? ZP_EQ_F_SRC : (int)(test_rand_u64() % 3);
                a.kind[q] = (unsigned char)kind;
                a.wt[q] = (unsigned char)(test_rand_u64() % 2);
                a.ml[q] = L;
                if (kind == ZP_EQ_F_PUB || kind == ZP_EQ_F_BM) {
                    zp_fe *t = ialloc(&I, N * sizeof(zp_fe)), *m = ialloc(&I, L * sizeof(zp_fe));
                    for (size_t x = 0; x < N; x++) t[x] = rnd_fe();
                    for (size_t x = 0; x < L; x++) m[x] = rnd_fe();
                    a.tb[q] = t;
                    if (kind == ZP_EQ_F_BM) a.mb[q] = m;
                } else {
                    zp_fe2 *t = ialloc(&I, N * sizeof(zp_fe2)), *m = ialloc(&I, L * sizeof(zp_fe2));
                    for (size_t x = 0; x < N; x++) t[x] = rnd_fe2();
                    for (size_t x = 0; x < L; x++) m[x] = rnd_fe2();
                    if (kind == ZP_EQ_F_XM) {
                        a.tx[q] = t;
                        a.mx[q] = m;
                    } else {
                        a.src[q] = t;
                    }
                }
                dst[q] = ialloc(&I, 2 * npairs * sizeof(zp_fe2));
                ref[q] = ialloc(&I, 2 * npairs * sizeof(zp_fe2));
                for (size_t x = 0; x < 2 * npairs; x++) dst[q][x] = ref[q][x] = (zp_fe2){3, 4};
                a.dst[q] = dst[q];
            }
            a.n1 = it == 0 ? 0 : test_rand_u64() % 5;
            a.n2 = it == 1 ? 0 : 1 + test_rand_u64() % 4;
            for (size_t t = 0; t < a.n1; t++) a.a1[t] = (uint32_t)(test_rand_u64() % a.nq);
            for (size_t t = 0; t < a.n2; t++) {
                a.a2[t] = (uint32_t)(test_rand_u64() % a.nq);
                a.b2[t] = (uint32_t)(test_rand_u64() % a.nq);
                a.wt[a.a2[t]] = 1; /* the weighted factor (eqk_setup) */
            }
            const size_t y0 = (npairs / 2) & ~(size_t)7, y1 = npairs;
            for (int whole = 0; whole < 2; whole++) {
                const size_t lo = whole ? 0 : y0;
                zp_eq_xfold_sums want, got;
                xreference(&want, ref, &a, lo, y1);
                memset(&got, 0x5a, sizeof got);
                fn(&got, &a, lo, y1);
                for (size_t t = 0; t < a.n1; t++) ok &= fe2_same(got.l0[t], want.l0[t]);
                for (size_t t = 0; t < a.n2; t++)
                    ok &= fe2_same(got.q0[t], want.q0[t]) && fe2_same(got.qi[t], want.qi[t]);
                for (size_t q = 0; q < a.nq; q++)
                    for (size_t x = 0; x < 2 * npairs; x++) ok &= fe2_same(dst[q][x], ref[q][x]);
            }
            inst_free(&I);
        }
    CHECK(ok);
}

/* The linear-combination and weighted-sum kernels against their
 * definitions: 8 .. 4096 values, periods 8 .. N, whole and partial ranges,
 * one to many tables. */
TEST(test_eq_lincomb_dots_avx512) {
    const zp_eq_lincomb_fn lf = zp_eq_lincomb_avx512_fn();
    const zp_eq_dots_fn df = zp_eq_dots_avx512_fn();
    CHECK((lf == NULL) == (df == NULL));
    if (!lf) return; /* compiled out or not on this CPU */
    static const size_t ns[] = {8, 16, 256, 4096};
    int ok = 1;
    for (size_t ni = 0; ni < 4; ni++)
        for (int it = 0; it < 4; it++) {
            const size_t N = ns[ni], nm = it == 0 ? 1 : 1 + test_rand_u64() % 20;
            inst_t I;
            memset(&I, 0, sizeof I);
            const zp_fe *src[ZP_SC_MAX_TERMS];
            size_t per[ZP_SC_MAX_TERMS];
            zp_fe2 c[ZP_SC_MAX_TERMS];
            for (size_t m = 0; m < nm; m++) {
                size_t L = 8;
                while (L < N && test_rand_u64() % 2) L *= 2;
                if (it == 1) L = N;
                zp_fe *t = ialloc(&I, L * sizeof(zp_fe));
                for (size_t x = 0; x < L; x++) t[x] = rnd_fe();
                src[m] = t;
                per[m] = L;
                c[m] = rnd_fe2();
            }
            zp_fe2 *e = ialloc(&I, N * sizeof(zp_fe2)), *out = ialloc(&I, N * sizeof(zp_fe2));
            for (size_t x = 0; x < N; x++) {
                e[x] = rnd_fe2();
                out[x] = (zp_fe2){9, 9};
            }
            const size_t x0 = (N / 2) & ~(size_t)7;
            for (int whole = 0; whole < 2; whole++) {
                const size_t lo = whole ? 0 : x0;
                lf(out, src, per, c, nm, lo, N);
                for (size_t x = 0; x < N; x++) {
                    zp_fe2 want = {9, 9};
                    if (x >= lo) {
                        want = (zp_fe2){0, 0};
                        for (size_t m = 0; m < nm; m++)
                            want = gl2_add(want, gl2_mul_fe(c[m], src[m][x % per[m]]));
                    }
                    ok &= fe2_same(out[x], want);
                }
                /* dots over the tables of full period */
                const zp_fe *full[ZP_SC_MAX_TERMS];
                size_t nf = 0;
                for (size_t m = 0; m < nm; m++)
                    if (per[m] == N) full[nf++] = src[m];
                zp_fe2 got[ZP_SC_MAX_TERMS];
                memset(got, 0x5a, sizeof got);
                df(got, e, full, nf, lo, N);
                for (size_t q = 0; q < nf; q++) {
                    zp_fe2 want = {0, 0};
                    for (size_t x = lo; x < N; x++)
                        want = gl2_add(want, gl2_mul_fe(e[x], full[q][x]));
                    ok &= fe2_same(got[q], want);
                }
                for (size_t x = 0; x < N; x++) out[x] = (zp_fe2){9, 9};
            }
            inst_free(&I);
        }
    CHECK(ok);
}
