/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Tests of the batched LogUp block kernels (src/zkml/zkp_lookup_kern.h) against a direct sum. */
// ZP_TEST_LAYER: zkml
#include "harness.h"

#include "field/gl.h"
#include "zkml/zkp_lookup_kern.h"

static zp_fe2 rnd2(int top) {
    /* top: p - 1 in both coordinates (the largest canonical values) */
    if (top) return (zp_fe2){ZP_FIELD_P - 1, ZP_FIELD_P - 1};
    zp_fe2 r = {gl_from_u64(test_rand_u64()), gl_from_u64(test_rand_u64())};
    return r;
}

/* The largest K and the tables of a case (H, Q_0 .. Q_(K-1)). */
#define MK ZP_LB_KERN_MAXK
#define MT (MK + 1)

/* G = h prod_j Q_j - e_(K-1)(Q), from gl2 operations only, by the
 * definition: e_(K-1) the sum over j of the product of the Q_l, l != j
 * (K = 2: h a b - (a + b); K = 3: h a b c - (a b + a c + b c)). */
static zp_fe2 gref(const zp_fe2 *v, unsigned K) {
    zp_fe2 prod = {1, 0}, e = {0, 0};
    for (unsigned j = 0; j < K; j++) {
        prod = gl2_mul(prod, v[1 + j]);
        zp_fe2 t = {1, 0};
        for (unsigned l = 0; l < K; l++)
            if (l != j) t = gl2_mul(t, v[1 + l]);
        e = gl2_add(e, t);
    }
    return gl2_sub(gl2_mul(v[0], prod), e);
}
static zp_fe2 at(zp_fe2 lo, zp_fe2 hi, zp_fe2 k) {
    return gl2_add(lo, gl2_mul(k, gl2_sub(hi, lo)));
}

/* K = 2 .. MK blocks: K + 1 tables H, Q_0 .. Q_(K-1). */
typedef struct {
    unsigned K;
    size_t n, per[MT];
    zp_fe2 *T[MT], *R[MT], *elo, *dst[MT], *ref[MT];
    zp_lb_tabs V;
} kcase;

/* Tables of n values, masks of periods per[c] (powers of two <= n). */
static void case_make(kcase *c, size_t n, const size_t per[MT], int top, unsigned K) {
    memset(c, 0, sizeof *c);
    c->K = K;
    c->V.K = K;
    c->n = n;
    c->elo = malloc(n * sizeof(zp_fe2));
    for (size_t x = 0; x < n; x++) c->elo[x] = rnd2(top);
    for (unsigned t = 0; t <= K; t++) {
        c->per[t] = per[t];
        c->T[t] = malloc(n * sizeof(zp_fe2));
        c->R[t] = malloc(per[t] * sizeof(zp_fe2));
        c->dst[t] = malloc(n * sizeof(zp_fe2));
        c->ref[t] = malloc(n * sizeof(zp_fe2));
        for (size_t x = 0; x < n; x++) c->T[t][x] = rnd2(top);
        for (size_t y = 0; y < per[t]; y++) c->R[t][y] = rnd2(top && y % 2);
        c->V.T[t] = c->T[t];
        c->V.R[t] = c->R[t];
        c->V.ml[t] = per[t] - 1;
    }
}
static void case_free(kcase *c) {
    free(c->elo);
    for (unsigned t = 0; t <= c->K; t++) {
        free(c->T[t]); free(c->R[t]); free(c->dst[t]); free(c->ref[t]);
    }
}

/* The x block directly (see zkp_lookup_kern.h); the bound / folded values
 * into c->ref. */
static void xref(zp_fe2 out[MT + 1], zp_fe2 hs[2], kcase *c, int bind, int direct, zp_fe2 r,
                 zp_fe2 rb, size_t p0, size_t B) {
    const unsigned K = c->K;
    for (unsigned j = 0; j < K + 2; j++) out[j] = (zp_fe2){0, 0};
    hs[0] = hs[1] = (zp_fe2){0, 0};
    for (size_t lo = 0; lo < B; lo++) {
        const size_t p = p0 + lo;
        zp_fe2 v0[MT], v1[MT];
        for (unsigned t = 0; t <= K; t++) {
            for (size_t e = 2 * p; e < 2 * p + 2; e++) {
                const zp_fe2 y = bind ? at(c->T[t][e], c->R[t][e & (c->per[t] - 1)], rb)
                                      : at(c->T[t][2 * e], c->T[t][2 * e + 1], r);
                c->ref[t][e] = y;
            }
            v0[t] = c->ref[t][2 * p];
            v1[t] = c->ref[t][2 * p + 1];
        }
        hs[0] = gl2_add(hs[0], v0[0]);
        hs[1] = gl2_add(hs[1], v1[0]);
        for (unsigned X = 0; X < K + 2; X++) {
            if (X == 1 && !direct) continue;
            zp_fe2 v[MT];
            for (unsigned t = 0; t <= K; t++) v[t] = at(v0[t], v1[t], gl2_from_fe((zp_fe)X));
            out[X] = gl2_add(out[X], gl2_mul(c->elo[lo], gref(v, K)));
        }
    }
}

static int eq2v(const zp_fe2 *a, const zp_fe2 *b, size_t n) {
    return memcmp(a, b, n * sizeof(zp_fe2)) == 0;
}

/* The kernels under test for K blocks: portable, and AVX-512 where this
 * CPU has it. */
static size_t backends(zp_lb_xblock_fn xf[2], unsigned K) {
    xf[0] = K > 2 ? zp_lb_xblockk_portable : zp_lb_xblock_portable;
    xf[1] = K > 2 ? zp_lb_xblockk_avx512_fn() : zp_lb_xblock_avx512_fn();
    if (!xf[1]) fprintf(stderr, "  (no AVX-512 kernels here: portable only)\n");
    return xf[1] ? 2 : 1;
}

/* One block of each kind at (x0 / p0 = a random aligned block) against the
 * direct sums, for every backend. */
/* 1 if every mask period of case c is >= min (the AVX-512 bind). */
static int periods_ge(const kcase *c, size_t min) {
    int ok = 1;
    for (unsigned t = 0; t <= c->K; t++) ok &= c->per[t] >= min;
    return ok;
}

static int run_case(kcase *c, size_t B, size_t nf, zp_lb_xblock_fn *xf) {
    int ok = 1;
    const unsigned K = c->K;
    /* x block: pairs of a table of n values (bind; at rb = 0 too, the
     * b-last round 0 that reads no mask) or of n / 2 pairs of pairs
     * (fold) */
    const size_t np = c->n / 2, nq = c->n / 4;
    for (int bind = 0; bind < 3; bind++)
        for (int direct = 0; direct < 2; direct++) {
            const size_t P = bind ? np : nq;
            if (B > P) continue;
            const size_t p0 = B * (size_t)(test_rand_u64() % (P / B));
            const zp_fe2 r = rnd2(0), rb = bind == 2 ? (zp_fe2){0, 0} : rnd2(0);
            zp_fe2 xo[MT + 1], xh[2], rxo[MT + 1], rxh[2];
            xref(rxo, rxh, c, bind != 0, direct, r, rb, p0, B);
            for (size_t f = 0; f < nf; f++) {
                if (f == 1 && bind == 1 && !periods_ge(c, 16))
                    continue; /* the AVX-512 bind needs periods >= 16 */
                for (unsigned t = 0; t <= K; t++) memset(c->dst[t], 0xa5, c->n * sizeof(zp_fe2));
                xf[f](xo, xh, c->dst, &c->V, bind != 0, direct, r, rb, p0, B, c->elo);
                ok &= eq2v(xo, rxo, K + 2) && eq2v(xh, rxh, 2);
                for (unsigned t = 0; t <= K; t++)
                    ok &= eq2v(c->dst[t] + 2 * p0, c->ref[t] + 2 * p0, 2 * B);
            }
        }
    return ok;
}

/* Block sizes 8 .. 1024, tables of 2^5 .. 2^11, every mask period from 8
 * (and 1, 2, 4 for the portable kernel), random and all-(p - 1) values;
 * K = 2 .. MK blocks. */
TEST(lb_kern_backends_equal_direct_sums) {
    for (unsigned K = 2; K <= MK; K++) {
        zp_lb_xblock_fn xf[2];
        const size_t nf = backends(xf, K);
        int ok = 1;
        for (unsigned ln = 5; ln <= 11; ln++) {
            const size_t n = (size_t)1 << ln;
            for (int it = 0; it < 3 * test_iters(); it++) {
                const int top = it == 2;
                size_t per[MT];
                for (int t = 0; t < MT; t++) per[t] = (size_t)8 << (test_rand_u64() % (ln - 2));
                kcase c;
                case_make(&c, n, per, top, K);
                for (size_t B = 8; B <= n / 4 && B <= 1024; B *= 2)
                    ok &= run_case(&c, B, nf, xf);
                case_free(&c);
            }
        }
        CHECK(ok);
    }
}

/* The portable kernels alone on short periods and blocks (the shapes the
 * AVX-512 kernels are never given). */
TEST(lb_kern_portable_small_shapes) {
    for (unsigned K = 2; K <= MK; K++) {
        zp_lb_xblock_fn xf[1] = {K > 2 ? zp_lb_xblockk_portable : zp_lb_xblock_portable};
        int ok = 1;
        for (unsigned ln = 2; ln <= 6; ln++) {
            const size_t n = (size_t)1 << ln;
            size_t per[MT];
            for (int t = 0; t < MT; t++) per[t] = (size_t)1 << (test_rand_u64() % (ln + 1));
            kcase c;
            case_make(&c, n, per, 0, K);
            for (size_t B = 1; B <= n / 4; B *= 2) ok &= run_case(&c, B, 1, xf);
            case_free(&c);
        }
        CHECK(ok);
    }
}

/* ---- the W M block (zp_lb_wmblock_*) ---- */

/* The W M block directly (zkp_lookup_kern.h): bound / folded values into
 * rw, rm; out[X] = sum (w m)(X), X = 0, 1, 2. */
static void wmref(zp_fe2 out[3], zp_fe2 *rw, zp_fe2 *rm, const zp_lb_wm *S, int bind, zp_fe2 r,
                  zp_fe2 rb, size_t p0, size_t B) {
    for (int j = 0; j < 3; j++) out[j] = (zp_fe2){0, 0};
    for (size_t p = p0; p < p0 + B; p++) {
        for (size_t e = 2 * p; e < 2 * p + 2; e++) {
            if (bind) {
                const zp_fe2 mv = gl2_from_fe(S->M[e]);
                const zp_fe2 rv = S->RMb ? gl2_from_fe(S->RMb[e & S->ml]) : S->RMe[e & S->ml];
                rw[e] = S->W[e];
                rm[e] = at(mv, rv, rb);
            } else {
                rw[e] = at(S->W[2 * e], S->W[2 * e + 1], r);
                rm[e] = at(S->Mx[2 * e], S->Mx[2 * e + 1], r);
            }
        }
        for (int X = 0; X < 3; X++) {
            const zp_fe2 k = gl2_from_fe((zp_fe)X);
            out[X] = gl2_add(out[X], gl2_mul(at(rw[2 * p], rw[2 * p + 1], k),
                                             at(rm[2 * p], rm[2 * p + 1], k)));
        }
    }
}

/* Portable and AVX-512 W M blocks against the direct sums: tables of 2^5 ..
 * 2^11 values, base and extension masks of every period from 16 (1 .. 8 for
 * the portable kernel), bind and fold, random and all-(p - 1) values. */
TEST(lb_wm_block_backends_equal_direct_sums) {
    zp_lb_wmblock_fn fns[2] = {zp_lb_wmblock_portable, zp_lb_wmblock_avx512_fn()};
    const size_t nf = fns[1] ? 2 : 1;
    if (!fns[1]) fprintf(stderr, "  (no AVX-512 kernels here: portable only)\n");
    int ok = 1, runs = 0;
    for (unsigned ln = 5; ln <= 11; ln++) {
        const size_t n = (size_t)1 << ln;
        for (int it = 0; it < 4 * test_iters(); it++) {
            const int top = it == 3, ext_mask = it % 2;
            const size_t per = (size_t)1 << (test_rand_u64() % (ln + 1));
            zp_fe2 *W = malloc(2 * n * sizeof(zp_fe2)), *Mx = malloc(2 * n * sizeof(zp_fe2));
            zp_fe2 *RMe = malloc(per * sizeof(zp_fe2));
            zp_fe *M = malloc(n * sizeof(zp_fe)), *RMb = malloc(per * sizeof(zp_fe));
            zp_fe2 *dW = malloc(n * sizeof(zp_fe2)), *dM = malloc(n * sizeof(zp_fe2));
            zp_fe2 *rw = malloc(n * sizeof(zp_fe2)), *rm = malloc(n * sizeof(zp_fe2));
            for (size_t x = 0; x < 2 * n; x++) { W[x] = rnd2(top); Mx[x] = rnd2(top); }
            for (size_t x = 0; x < n; x++) M[x] = top ? ZP_FIELD_P - 1 : rnd2(0).c0;
            for (size_t y = 0; y < per; y++) { RMe[y] = rnd2(top && y % 2); RMb[y] = rnd2(0).c1; }
            const zp_lb_wm S = {W, Mx, RMe, M, ext_mask ? NULL : RMb, per - 1};
            for (int bind = 0; bind < 2; bind++) {
                const size_t P = n / 2; /* fold: reads 4P = 2n values */
                for (size_t B = 1; B <= P && B <= 1024; B *= 2) {
                    const size_t p0 = B * (size_t)(test_rand_u64() % (P / B));
                    const zp_fe2 r = rnd2(0), rb = rnd2(0);
                    zp_fe2 ro[3], o[3];
                    wmref(ro, rw, rm, &S, bind, r, rb, p0, B);
                    for (size_t f = 0; f < nf; f++) {
                        if (f == 1 && (B % 8 != 0 || (bind && per < 16))) continue;
                        memset(dW, 0xa5, n * sizeof(zp_fe2));
                        memset(dM, 0xa5, n * sizeof(zp_fe2));
                        fns[f](o, dW, dM, &S, bind, r, rb, p0, B);
                        ok &= eq2v(o, ro, 3) && eq2v(dW + 2 * p0, rw + 2 * p0, 2 * B) &&
                              eq2v(dM + 2 * p0, rm + 2 * p0, 2 * B);
                        runs += f == 1;
                    }
                }
            }
            free(W); free(Mx); free(RMe); free(M); free(RMb); free(dW); free(dM); free(rw); free(rm);
        }
    }
    CHECK(ok);
    CHECK(nf == 1 || runs > 0);
}

/* ---- the tq form of the Q tables (the range lookup's round 0) ---- */

/* Turns case c's Q tables into those of random limbs L (any base values)
 * and tags 1 .. 16 (qc[tag & 15] - L, masks beta - RL), and fills tv with
 * the tq form; the T, R arrays of the case stay the materialized
 * reference. */
static void case_tq(kcase *c, zp_lb_tabs *tv, zp_fe *L[MK], zp_fe *RL[MK], uint8_t *tg[MK],
                    int top) {
    memset(tv, 0, sizeof *tv);
    tv->K = c->K;
    tv->T[0] = c->T[0];
    tv->R[0] = c->R[0];
    for (unsigned t = 0; t <= c->K; t++) tv->ml[t] = c->V.ml[t];
    tv->tq = 1;
    tv->beta = rnd2(top);
    const zp_fe2 gam = rnd2(0);
    for (unsigned k = 1; k <= 16; k++) tv->qc[k & 15] = gl2_sub(tv->beta, gl2_mul_fe(gam, k));
    for (unsigned j = 0; j < c->K; j++) {
        L[j] = malloc(c->n * sizeof(zp_fe));
        RL[j] = malloc(c->per[1 + j] * sizeof(zp_fe));
        tg[j] = malloc(c->n);
        for (size_t x = 0; x < c->n; x++) {
            L[j][x] = top ? ZP_FIELD_P - 1 : rnd2(0).c0;
            tg[j][x] = (uint8_t)(1 + test_rand_u64() % 16);
            c->T[1 + j][x] = gl2_sub(tv->qc[tg[j][x] & 15], gl2_from_fe(L[j][x]));
        }
        for (size_t y = 0; y < c->per[1 + j]; y++) {
            RL[j][y] = rnd2(0).c1;
            c->R[1 + j][y] = gl2_sub(tv->beta, gl2_from_fe(RL[j][y]));
        }
        tv->L[j] = L[j];
        tv->RL[j] = RL[j];
        tv->tg[j] = tg[j];
    }
}

/* The binding x block in the tq form against the direct sums on the
 * materialized tables, for every backend, at a random rb and at rb = 0
 * (b last: no mask read). */
static int run_case_tq(kcase *c, const zp_lb_tabs *tv, size_t B, size_t nf,
                       zp_lb_xblock_fn *xf) {
    int ok = 1;
    const unsigned K = c->K;
    const size_t P = c->n / 2;
    if (B > P) return ok;
    for (int direct = 0; direct < 4; direct++) {
        const size_t p0 = B * (size_t)(test_rand_u64() % (P / B));
        const zp_fe2 r = rnd2(0), rb = direct >= 2 ? (zp_fe2){0, 0} : rnd2(0);
        zp_fe2 xo[MT + 1], xh[2], rxo[MT + 1], rxh[2];
        xref(rxo, rxh, c, 1, direct & 1, r, rb, p0, B);
        for (size_t f = 0; f < nf; f++) {
            if (f == 1 && direct < 2 && !periods_ge(c, 16)) continue;
            for (unsigned t = 0; t <= K; t++) memset(c->dst[t], 0xa5, c->n * sizeof(zp_fe2));
            xf[f](xo, xh, c->dst, tv, 1, direct & 1, r, rb, p0, B, c->elo);
            ok &= eq2v(xo, rxo, K + 2) && eq2v(xh, rxh, 2);
            for (unsigned t = 0; t <= K; t++)
                ok &= eq2v(c->dst[t] + 2 * p0, c->ref[t] + 2 * p0, 2 * B);
        }
    }
    return ok;
}

/* Tables of 2^5 .. 2^11, blocks of 8 .. 1024 (1 .. for the portable
 * kernel), every mask period, random and extreme values, every tag. */
TEST(lb_kern_tq_form_equal_direct_sums) {
    for (unsigned K = 2; K <= MK; K++) {
        zp_lb_xblock_fn xf[2];
        const size_t nf = backends(xf, K);
        int ok = 1;
        for (unsigned ln = 5; ln <= 11; ln++) {
            const size_t n = (size_t)1 << ln;
            for (int it = 0; it < 3 * test_iters(); it++) {
                const int top = it == 2;
                size_t per[MT];
                for (int t = 0; t < MT; t++) per[t] = (size_t)8 << (test_rand_u64() % (ln - 2));
                kcase c;
                case_make(&c, n, per, top, K);
                zp_lb_tabs tv;
                zp_fe *L[MK], *RL[MK];
                uint8_t *tg[MK];
                case_tq(&c, &tv, L, RL, tg, top);
                for (size_t B = 8; B <= n / 4 && B <= 1024; B *= 2)
                    ok &= run_case_tq(&c, &tv, B, nf, xf);
                ok &= run_case_tq(&c, &tv, 2, 1, xf); /* portable, short blocks */
                for (unsigned j = 0; j < K; j++) { free(L[j]); free(RL[j]); free(tg[j]); }
                case_free(&c);
            }
        }
        CHECK(ok);
    }
}
