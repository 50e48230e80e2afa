/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Prover kernel of the builder's LogUp sumcheck (docs/spec/sumcheck.md 6.1). */
#include <stdlib.h>
#include <string.h>

#include "common/bigmem.h"
#include "common/cpu.h"
#include "field/acc192.h"
#include "field/gl.h"
#include "piop/sumcheck_internal.h"
#include "zkp_internal.h"
#include "zkp_lookup_kern.h"

/* The instance of lookup_run (zkp_builder.c, docs/spec/logup.md) over nv
 * variables, tables in the order EQ, W, M, H, Q:
 *   F = c_h H + c_e EQ H Q + c_w W M,
 * EQ(x) = eq(r, x_<n) [x_>=n = 0] (public, never stored here), H and Q
 * extension tables given on [0, 2^n) and constant beyond, with periodic
 * extension masks, W public and zero beyond 2^tau, M base, zero beyond
 * 2^tau, with a periodic base or extension mask.  The kernel computes the
 * same raw round sums as the generic engine of src/piop/sumcheck.c (so the
 * proof is byte-identical) with:
 *  - the b round as a polynomial of degree 2 in b (EQ, W constant in b),
 *    from sums of H Q, H R_Q + R_H Q and R_H R_Q weighted by EQ (the last
 *    over one period when the masks' periods allow);
 *  - x round 0 in closed form from the same sums taken apart by x_0
 *    (b_sums_paired), and round 1 folding and binding the inputs at once;
 *  - the eq factor split off every x round (Gruen, "Some improvements for
 *    the PIOP for ZeroCheck", ePrint 2024/108, section 3): round i sums
 *    eq(r_>i, rest) (H Q)(point, X, rest) at X = 0, 2 only, with the eq
 *    weights as products of two small tables (lazy 128-bit sums inside a
 *    block, one reduction per block); the value at X = 1 comes from the
 *    running claim s_i(0) + s_i(1) = s_(i-1)(r_(i-1));
 *  - regions: the EQ H Q products only on [0, 2^n), the W M products only
 *    on [0, 2^tau); beyond, H, Q, M are periodic functions (constant plus
 *    rb times the mask) kept as one period. */

#define LU_EQ 0
#define LU_W 1
#define LU_M 2
#define LU_H 3
#define LU_Q 4
#define LU_LOBITS 10  /* eq weights: blocks of 2^10 pairs                   */
#define LU_PREBITS 16 /* b round: largest block that holds a whole mask     */
#define LU_RF_CAP ((size_t)1 << 15) /* folded masks kept as tables up to this */
/* Loops with fewer pairs run on one thread (the sums are exact, so the
 * result does not depend on the split). */
#define LU_PAR_MIN 2048
/* Rounds of the batched lookup's H, Q tables from 2^8 pairs (about 30 us
 * of one thread) run on the threads. */
#define LB_HQ_PAR_BITS 8

static const zp_fe2 FE2_ZERO = {0, 0};
static const zp_fe2 FE2_ONE = {1, 0};

/* ---- lazy sums of products (exact; reduced once): field/acc192.h ---- */
/* x y = (x0 y0 + 7 x1 y1) + (x0 y1 + x1 y0) u. */
typedef struct {
    zp_acc192 s00, s11, s01;
} lu_acc2;
static inline void lacc2_mac(lu_acc2 *a, zp_fe2 x, zp_fe2 y) {
    zp_acc192_mac(&a->s00, x.c0, y.c0);
    zp_acc192_mac(&a->s11, x.c1, y.c1);
    zp_acc192_mac(&a->s01, x.c0, y.c1);
    zp_acc192_mac(&a->s01, x.c1, y.c0);
}
static inline void lacc2_mac_fe(lu_acc2 *a, zp_fe x, zp_fe2 y) {
    zp_acc192_mac(&a->s00, x, y.c0);
    zp_acc192_mac(&a->s01, x, y.c1);
}
static inline zp_fe2 lacc2_reduce(const lu_acc2 *a) {
    zp_fe2 r = {gl_add(zp_acc192_reduce(&a->s00), gl_mul7(zp_acc192_reduce(&a->s11))),
                zp_acc192_reduce(&a->s01)};
    return r;
}
/* Plain sums of extension values (< 2^64 terms), 128 bits a coordinate
 * in 64-bit words (as zp_acc192). */
typedef struct {
    uint64_t l0, h0, l1, h1;
} lu_sum;
static inline void lsum_add(lu_sum *s, zp_fe2 v) {
    s->l0 += v.c0;
    s->h0 += (uint64_t)(s->l0 < v.c0);
    s->l1 += v.c1;
    s->h1 += (uint64_t)(s->l1 < v.c1);
}
static inline void lsum_merge(lu_sum *s, const lu_sum *t) {
    s->l0 += t->l0;
    s->h0 += t->h0 + (uint64_t)(s->l0 < t->l0);
    s->l1 += t->l1;
    s->h1 += t->h1 + (uint64_t)(s->l1 < t->l1);
}
static inline zp_fe2 lsum_reduce(const lu_sum *s) {
    zp_fe2 r = {gl_reduce128(((unsigned __int128)s->h0 << 64) | s->l0),
                gl_reduce128(((unsigned __int128)s->h1 << 64) | s->l1)};
    return r;
}
/* gl2_mul (src/field/gl.h), forced inline: the compiler keeps gl2_mul
 * out of line in the large loop bodies of hq_round (a call per product). */
static inline __attribute__((always_inline)) zp_fe2 lmul(zp_fe2 a, zp_fe2 b) {
    zp_fe v0 = gl_mul(a.c0, b.c0), v1 = gl_mul(a.c1, b.c1);
    zp_fe2 o;
    o.c0 = gl_add(v0, gl_mul7(v1));
    o.c1 = gl_sub(gl_mul(gl_add(a.c0, a.c1), gl_add(b.c0, b.c1)), gl_add(v0, v1));
    return o;
}
static inline __attribute__((always_inline)) zp_fe2 fold2(zp_fe2 lo, zp_fe2 hi, zp_fe2 r) {
    return gl2_add(lo, lmul(r, gl2_sub(hi, lo)));
}
static inline zp_fe2 fe2_small(uint64_t k) { return gl2_from_fe(gl_from_u64(k)); }
/* eq(a, b) = (1 - a)(1 - b) + a b. */
static inline zp_fe2 eq1(zp_fe2 a, zp_fe2 b) {
    zp_fe2 ab = gl2_mul(a, b);
    return gl2_add(gl2_sub(gl2_sub(FE2_ONE, a), b), gl2_add(ab, ab));
}
/* Values at 0, 1, 2 of a polynomial of degree <= 2 -> its value at 3. */
static inline zp_fe2 extrap3(zp_fe2 v0, zp_fe2 v1, zp_fe2 v2) {
    zp_fe2 d = gl2_sub(v2, v1);
    return gl2_add(v0, gl2_add(gl2_add(d, d), d));
}
static unsigned lg2(size_t v) {
    unsigned l = 0;
    while (((size_t)1 << l) < v) l++;
    return l;
}

/* A table of the current round as a prefix P[0, plen) and, beyond, the
 * periodic values Z[x mod zlen] (zlen <= plen, powers of two). */
typedef struct {
    zp_fe2 *buf[2];
    zp_fe2 *P, *Z;
    size_t plen, zlen;
} lu_tab;

static inline zp_fe2 rt_at(const lu_tab *t, size_t x) {
    return x < t->plen ? t->P[x] : t->Z[x & (t->zlen - 1)];
}
/* Folds the periodic part at r (its period halves; a constant stays). */
static void rt_fold_tail(lu_tab *t, zp_fe2 r) {
    if (t->zlen < 2) return;
    for (size_t y = 0; y < t->zlen / 2; y++) t->Z[y] = fold2(t->Z[2 * y], t->Z[2 * y + 1], r);
    t->zlen /= 2;
}
/* Folds the whole table at r, in place (small tables only). */
static void rt_fold(lu_tab *t, zp_fe2 r) {
    if (t->plen >= 2) {
        for (size_t y = 0; y < t->plen / 2; y++) t->P[y] = fold2(t->P[2 * y], t->P[2 * y + 1], r);
        t->plen /= 2;
    } else {
        t->P[0] = fold2(t->P[0], rt_at(t, 1), r);
    }
    rt_fold_tail(t, r);
}
/* Sums of the even / odd positions of [plen, S) (the periodic part). */
static void rt_tail_sums(const lu_tab *t, size_t S, zp_fe2 *e0, zp_fe2 *e1) {
    *e0 = *e1 = FE2_ZERO;
    if (t->plen >= S) return;
    if (t->zlen >= 2) {
        lu_sum a = {0}, b = {0};
        for (size_t y = 0; y < t->zlen; y += 2) {
            lsum_add(&a, t->Z[y]);
            lsum_add(&b, t->Z[y + 1]);
        }
        zp_fe cnt = gl_from_u64((uint64_t)((S - t->plen) / t->zlen));
        *e0 = gl2_mul_fe(lsum_reduce(&a), cnt);
        *e1 = gl2_mul_fe(lsum_reduce(&b), cnt);
    } else {
        /* plen >= 2 here or plen = 1 with the pair (0, 1) handled apart */
        size_t npairs = (S - t->plen) / 2;
        *e0 = *e1 = gl2_mul_fe(t->Z[0], gl_from_u64((uint64_t)npairs));
    }
}

typedef struct {
    /* instance */
    unsigned nv, n, tau;
    const zp_fe2 *r;
    zp_fe2 ch, ce, cw;
    const zp_fe2 *H, *RH, *Q, *RQ, *W, *RMe;
    const zp_fe *M, *RMb;
    size_t lh, lq, lm;
    zp_fe2 h_tail, q_tail;
    /* state */
    zp_fe2 rb, C; /* C = eq(r', point_<i), r' = (r, 0, .., 0) */
    lu_tab h, q, w, m;
    zp_fe2 *elo, *ehi, *erh; /* eq weight blocks, E_lo R_H (b round) */
    zp_fe2 *rhf, *rqf;       /* masks folded at r_0 (round 1 of the paired scheme) */
    size_t elo_cap, ehi_cap, rf_cap;
    /* paired scheme (n >= 2): the b round also sums, over pairs p with
     * weight E_0(p) = eq(r_>0, p), the even / odd / difference parts of
     * H Q, H R_Q + R_H Q and R_H R_Q; x round 0 is then a closed form */
    int paired;
    zp_fe2 ps[9], hs[2];
    zp_fe2 *mem;
    size_t mem_len;
} lu_kern;

static inline zp_fe2 rprime(const lu_kern *k, unsigned i) { return i < k->n ? k->r[i] : FE2_ZERO; }

/* The EQ part of the b round in the paired scheme (n >= 2): over pairs
 * p < 2^(n-1) with weights E_0(p) = eq(r_>0, p), the sums
 *   ps[0..2] = sum E_0 (H Q) at x = 2p, 2p+1 and of the differences
 *              (H_1 - H_0)(Q_1 - Q_0),
 *   ps[3..5] the same of H R_Q + R_H Q, ps[6..8] of R_H R_Q,
 * and hs[0..1] = sums of H at even / odd x.  EQ(x) = eq(r_0, x_0) E_0(p),
 * so the b round's sums are (1 - r_0) even + r_0 odd; and since
 * H' = (1 - rb) H + rb R_H (the same for Q), x round 0's products
 * H'Q' at X = 0, 1 and their leading coefficient are
 * (1 - rb)^2 [HQ] + rb (1 - rb) [H R_Q + R_H Q] + rb^2 [R_H R_Q]. */
static void b_sums_paired(lu_kern *k) {
    const unsigned e = k->n - 1;
    const size_t P = (size_t)1 << e;
    const unsigned lhb = lg2(k->lh), lqb = lg2(k->lq);
    /* a block of 2^bl pairs; widened to hold the masks' periods when that
     * leaves >= 8 blocks (or the cube is small) */
    unsigned bl = e < LU_LOBITS ? e : LU_LOBITS;
    for (int t = 0; t < 2; t++) {
        unsigned want = (t == 0 ? lqb : lhb);
        want = want ? want - 1 : 0;
        if (want > bl && want <= LU_PREBITS - 1 && (e >= want + 3 || P < 8 * LU_PAR_MIN)) bl = want;
    }
    const size_t B = (size_t)1 << bl, nb = P >> bl;
    const int pre = k->lh <= 2 * B, pre_rr = pre && k->lq <= 2 * B;
    const size_t mh = k->lh - 1, mq = k->lq - 1;
    zp_eq_table(k->elo, k->r + 1, bl);
    zp_eq_table(k->ehi, k->r + 1 + bl, e - bl);
    zp_fe2 *erh = k->erh;
    if (pre)
        for (size_t lo = 0; lo < B; lo++) {
            erh[2 * lo] = gl2_mul(k->elo[lo], k->RH[(2 * lo) & mh]);
            erh[2 * lo + 1] = gl2_mul(k->elo[lo], k->RH[(2 * lo + 1) & mh]);
        }
    const zp_fe2 *H = k->H, *Q = k->Q, *RH = k->RH, *RQ = k->RQ, *elo = k->elo, *ehi = k->ehi;
    const int nacc = pre_rr ? 6 : 9;
    zp_fe2 tot[9];
    lu_sum hs0 = {0}, hs1 = {0};
    for (int j = 0; j < 9; j++) tot[j] = FE2_ZERO;
#pragma omp parallel if (P >= LU_PAR_MIN && nb >= 2)
    {
        zp_fe2 t[9];
        lu_sum a0 = {0}, a1 = {0};
        for (int j = 0; j < 9; j++) t[j] = FE2_ZERO;
#pragma omp for schedule(dynamic, 1)
        for (size_t hb = 0; hb < nb; hb++) {
            lu_acc2 l[9];
            memset(l, 0, sizeof l);
            for (size_t lo = 0; lo < B; lo++) {
                const size_t x = 2 * (hb * B + lo);
                zp_fe2 h0 = H[x], h1 = H[x + 1], q0 = Q[x], q1 = Q[x + 1];
                zp_fe2 rq0 = RQ[x & mq], rq1 = RQ[(x + 1) & mq], w = elo[lo];
                zp_fe2 eh0 = gl2_mul(w, h0), eh1 = gl2_mul(w, h1);
                zp_fe2 er0 = pre ? erh[2 * lo] : gl2_mul(w, RH[x & mh]);
                zp_fe2 er1 = pre ? erh[2 * lo + 1] : gl2_mul(w, RH[(x + 1) & mh]);
                zp_fe2 edh = gl2_sub(eh1, eh0), erd = gl2_sub(er1, er0);
                zp_fe2 dq = gl2_sub(q1, q0), drq = gl2_sub(rq1, rq0);
                lacc2_mac(&l[0], eh0, q0);
                lacc2_mac(&l[1], eh1, q1);
                lacc2_mac(&l[2], edh, dq);
                lacc2_mac(&l[3], eh0, rq0);
                lacc2_mac(&l[3], er0, q0);
                lacc2_mac(&l[4], eh1, rq1);
                lacc2_mac(&l[4], er1, q1);
                lacc2_mac(&l[5], edh, drq);
                lacc2_mac(&l[5], erd, dq);
                if (!pre_rr) {
                    lacc2_mac(&l[6], er0, rq0);
                    lacc2_mac(&l[7], er1, rq1);
                    lacc2_mac(&l[8], erd, drq);
                }
                lsum_add(&a0, h0);
                lsum_add(&a1, h1);
            }
            zp_fe2 eb = ehi[hb];
            for (int j = 0; j < nacc; j++) t[j] = gl2_add(t[j], gl2_mul(eb, lacc2_reduce(&l[j])));
        }
#pragma omp critical
        {
            for (int j = 0; j < 9; j++) tot[j] = gl2_add(tot[j], t[j]);
            lsum_merge(&hs0, &a0);
            lsum_merge(&hs1, &a1);
        }
    }
    if (pre_rr) {
        /* R_H R_Q has period <= 2B: sum_hi E_hi (= 1) times one block */
        lu_acc2 l[3];
        memset(l, 0, sizeof l);
        for (size_t lo = 0; lo < B; lo++) {
            zp_fe2 rq0 = RQ[(2 * lo) & mq], rq1 = RQ[(2 * lo + 1) & mq];
            lacc2_mac(&l[0], erh[2 * lo], rq0);
            lacc2_mac(&l[1], erh[2 * lo + 1], rq1);
            lacc2_mac(&l[2], gl2_sub(erh[2 * lo + 1], erh[2 * lo]), gl2_sub(rq1, rq0));
        }
        for (int j = 0; j < 3; j++) tot[6 + j] = lacc2_reduce(&l[j]);
    }
    memcpy(k->ps, tot, sizeof tot);
    k->hs[0] = lsum_reduce(&hs0);
    k->hs[1] = lsum_reduce(&hs1);
    zp_memzero(erh, 2 * B * sizeof(zp_fe2));
}

/* The EQ part of the b round over x < 2^n (n < 2): out = sum EQ H Q,
 * sum EQ (H R_Q + R_H Q), sum EQ R_H R_Q; *shp = the sum of H. */
static void b_sums_plain(lu_kern *k, zp_fe2 *out, lu_sum *shp) {
    const size_t N = (size_t)1 << k->n;
    const size_t mh = k->lh - 1, mq = k->lq - 1;
    const zp_fe2 *H = k->H, *Q = k->Q, *RH = k->RH, *RQ = k->RQ;
    zp_fe2 sa = FE2_ZERO, sm = FE2_ZERO, srr = FE2_ZERO;
    lu_sum sh = {0};
    const unsigned lmax = lg2(k->lh > k->lq ? k->lh : k->lq);
    /* block of 2^bl x values: large enough to hold the masks' periods when
     * that leaves >= 8 blocks (or the whole cube is small) */
    unsigned bl = k->n < LU_LOBITS ? k->n : LU_LOBITS;
    if (lmax > bl && lmax <= LU_PREBITS && (k->n >= lmax + 3 || N < 8 * LU_PAR_MIN)) bl = lmax;
    const unsigned lhb = lg2(k->lh);
    if (lhb > bl && lhb <= LU_PREBITS && (k->n >= lhb + 3 || N < 8 * LU_PAR_MIN)) bl = lhb;
    const size_t B = (size_t)1 << bl, nb = N >> bl;
    const int pre = k->lh <= B, pre_rr = pre && k->lq <= B;
    zp_eq_table(k->elo, k->r, bl);
    zp_eq_table(k->ehi, k->r + bl, k->n - bl);
    if (pre)
        for (size_t x = 0; x < B; x++) k->erh[x] = gl2_mul(k->elo[x], k->RH[x & mh]);
    /* EQ part: a = sum EQ H Q, m = sum EQ (H R_Q + R_H Q), rr = sum EQ R_H R_Q */
    const zp_fe2 *elo = k->elo, *ehi = k->ehi, *erh = k->erh;
#pragma omp parallel if (N >= 2 * LU_PAR_MIN && nb >= 2)
    {
        zp_fe2 ta = FE2_ZERO, tm = FE2_ZERO, trr = FE2_ZERO;
        lu_sum th = {0};
#pragma omp for schedule(dynamic, 1)
        for (size_t hb = 0; hb < nb; hb++) {
            lu_acc2 la, lm, lr;
            memset(&la, 0, sizeof la);
            memset(&lm, 0, sizeof lm);
            memset(&lr, 0, sizeof lr);
            const size_t base = hb * B;
            for (size_t lo = 0; lo < B; lo++) {
                const size_t x = base + lo;
                zp_fe2 h = H[x], q = Q[x], rq = RQ[x & mq], e = elo[lo];
                zp_fe2 eh = gl2_mul(e, h);
                zp_fe2 erhx = pre ? erh[lo] : gl2_mul(e, RH[x & mh]);
                lacc2_mac(&la, eh, q);
                lacc2_mac(&lm, eh, rq);
                lacc2_mac(&lm, erhx, q);
                if (!pre_rr) lacc2_mac(&lr, erhx, rq);
                lsum_add(&th, h);
            }
            zp_fe2 eb = ehi[hb];
            ta = gl2_add(ta, gl2_mul(eb, lacc2_reduce(&la)));
            tm = gl2_add(tm, gl2_mul(eb, lacc2_reduce(&lm)));
            if (!pre_rr) trr = gl2_add(trr, gl2_mul(eb, lacc2_reduce(&lr)));
        }
#pragma omp critical
        {
            sa = gl2_add(sa, ta);
            sm = gl2_add(sm, tm);
            srr = gl2_add(srr, trr);
            lsum_merge(&sh, &th);
        }
    }
    if (pre_rr) {
        /* sum_x EQ R_H R_Q = sum_hi E_hi (= 1) * sum_lo E_lo R_H R_Q */
        lu_acc2 lr;
        memset(&lr, 0, sizeof lr);
        for (size_t lo = 0; lo < B; lo++) lacc2_mac(&lr, erh[lo], RQ[lo & mq]);
        srr = lacc2_reduce(&lr);
    }
    zp_memzero(k->erh, B * sizeof(zp_fe2));
    out[0] = sa;
    out[1] = sm;
    out[2] = srr;
    *shp = sh;
}

/* W M part of the b round: *w0 = sum_(x < 2^tau) W M, *wr = sum W R_M. */
static void lb_wm_b(const lu_kern *k, zp_fe2 *w0o, zp_fe2 *wro) {
    const size_t T = (size_t)1 << k->tau, ml = k->lm - 1;
    const zp_fe2 *W = k->W, *RMe = k->RMe;
    const zp_fe *M = k->M, *RMb = k->RMb;
    zp_fe2 w0 = FE2_ZERO, wr = FE2_ZERO;
#pragma omp parallel if (T >= 2 * LU_PAR_MIN)
    {
        lu_acc2 l0, l1;
        memset(&l0, 0, sizeof l0);
        memset(&l1, 0, sizeof l1);
#pragma omp for schedule(static)
        for (size_t x = 0; x < T; x++) {
            lacc2_mac_fe(&l0, M[x], W[x]);
            if (RMb) lacc2_mac_fe(&l1, RMb[x & ml], W[x]);
            else lacc2_mac(&l1, RMe[x & ml], W[x]);
        }
        zp_fe2 a = lacc2_reduce(&l0), b = lacc2_reduce(&l1);
#pragma omp critical
        {
            w0 = gl2_add(w0, a);
            wr = gl2_add(wr, b);
        }
    }
    *w0o = w0;
    *wro = wr;
}

/* ---- b round ---- */
static zp_err lu_b_round(void *ctx, zp_fe2 *s, unsigned D1, zp_fe2 claim) {
    lu_kern *k = ctx;
    (void)claim;
    if (D1 != 4) return ZP_ERR_INTERNAL;
    const size_t N = (size_t)1 << k->n, NV = (size_t)1 << k->nv;
    zp_fe2 sa = FE2_ZERO, sm = FE2_ZERO, srr = FE2_ZERO;
    lu_sum sh = {0};
    const zp_fe2 *RH = k->RH;
    if (k->paired) {
        b_sums_paired(k);
        zp_fe2 r0 = k->r[0], w0 = gl2_sub(FE2_ONE, r0);
        sa = gl2_add(gl2_mul(w0, k->ps[0]), gl2_mul(r0, k->ps[1]));
        sm = gl2_add(gl2_mul(w0, k->ps[3]), gl2_mul(r0, k->ps[4]));
        srr = gl2_add(gl2_mul(w0, k->ps[6]), gl2_mul(r0, k->ps[7]));
        lsum_add(&sh, k->hs[0]);
        lsum_add(&sh, k->hs[1]);
    } else {
        zp_fe2 o[3];
        b_sums_plain(k, o, &sh);
        sa = o[0];
        sm = o[1];
        srr = o[2];
    }
    /* H part: sum_x H^(b) = h0 + b h1 over the whole cube */
    lu_sum srh = {0};
    for (size_t y = 0; y < k->lh; y++) lsum_add(&srh, RH[y]);
    zp_fe2 h0 = gl2_add(lsum_reduce(&sh), gl2_mul_fe(k->h_tail, gl_from_u64(NV - N)));
    zp_fe2 h1 = gl2_sub(gl2_mul_fe(lsum_reduce(&srh), gl_from_u64(NV / k->lh)), h0);
    /* W M part over [0, T): w0 = sum W M, wr = sum W R_M */
    zp_fe2 w0, wr;
    lb_wm_b(k, &w0, &wr);
    zp_fe2 w1 = gl2_sub(wr, w0);
    zp_fe2 b2 = gl2_sub(sm, gl2_add(sa, sa));  /* H dQ + dH Q */
    zp_fe2 c2 = gl2_add(gl2_sub(srr, sm), sa); /* dH dQ */
    for (unsigned j = 0; j <= D1; j++) {
        zp_fe2 kk = fe2_small(j), kk2 = fe2_small((uint64_t)j * j);
        zp_fe2 vh = gl2_add(h0, gl2_mul(kk, h1));
        zp_fe2 ve = gl2_add(sa, gl2_add(gl2_mul(kk, b2), gl2_mul(kk2, c2)));
        zp_fe2 vw = gl2_add(w0, gl2_mul(kk, w1));
        s[j] = gl2_add(gl2_add(gl2_mul(k->ch, vh), gl2_mul(k->ce, ve)), gl2_mul(k->cw, vw));
    }
    return ZP_OK;
}

/* ---- x rounds ---- */

/* Round-0 binding of a masked table: prefix X + rb (R - X) (done by the
 * caller's loop or here), tail c + rb (R - c). */
static void bind_tail(lu_tab *t, const zp_fe2 *R, size_t L, zp_fe2 c, zp_fe2 rb) {
    for (size_t y = 0; y < L; y++) t->Z[y] = gl2_add(c, gl2_mul(rb, gl2_sub(R[y], c)));
    t->zlen = L;
}

/* H and Q over their prefix (fast path, round i < n): folds (i > 0, at r)
 * or binds (i = 0) into the other buffer, and sums A0, A1 (H at X = 0, 1),
 * q[k] = sum_p E_i(p) (H Q)(X = k) for k = 0, 2 and, when direct, 1. */
/* mode 0: bind the inputs at rb (i = 0); 1: fold the previous round's
 * buffers at r; 2: fold the inputs at r = r_0 and bind at rb (i = 1 of
 * the paired scheme). */
static void hq_round(lu_kern *k, unsigned i, zp_fe2 r, int mode, int direct, lu_sum *A0,
                     lu_sum *A1, zp_fe2 *qv) {
    const unsigned e = k->n - i - 1;
    const unsigned bl = e < LU_LOBITS ? e : LU_LOBITS;
    const size_t B = (size_t)1 << bl, nb = (size_t)1 << (e - bl), P = (size_t)1 << e;
    zp_eq_table(k->elo, k->r + i + 1, bl);
    zp_eq_table(k->ehi, k->r + i + 1 + bl, e - bl);
    const zp_fe2 *elo = k->elo, *ehi = k->ehi;
    zp_fe2 *nH = k->h.P == k->h.buf[0] ? k->h.buf[1] : k->h.buf[0];
    zp_fe2 *nQ = k->q.P == k->q.buf[0] ? k->q.buf[1] : k->q.buf[0];
    const zp_fe2 *oH = mode != 1 ? k->H : k->h.P, *oQ = mode != 1 ? k->Q : k->q.P;
    const zp_fe2 *RH = k->RH, *RQ = k->RQ;
    const size_t mh = k->lh - 1, mq = k->lq - 1;
    /* mode 2: R folded at r (tables when they fit, else on the fly) */
    const size_t lhf = k->lh > 1 ? k->lh / 2 : 1, lqf = k->lq > 1 ? k->lq / 2 : 1;
    const int thf = mode == 2 && lhf <= k->rf_cap, tqf = mode == 2 && lqf <= k->rf_cap;
    if (thf)
        for (size_t y = 0; y < lhf; y++)
            k->rhf[y] = fold2(RH[(2 * y) & mh], RH[(2 * y + 1) & mh], r);
    if (tqf)
        for (size_t y = 0; y < lqf; y++)
            k->rqf[y] = fold2(RQ[(2 * y) & mq], RQ[(2 * y + 1) & mq], r);
    const zp_fe2 *rhf = k->rhf, *rqf = k->rqf;
    const size_t mhf = lhf - 1, mqf = lqf - 1;
    const zp_fe2 rb = k->rb;
    zp_fe2 q0 = FE2_ZERO, q1 = FE2_ZERO, q2 = FE2_ZERO;
    lu_sum s0 = {0}, s1 = {0};
#pragma omp parallel if (P >= LU_PAR_MIN && nb >= 2)
    {
        zp_fe2 t0 = FE2_ZERO, t1 = FE2_ZERO, t2 = FE2_ZERO;
        lu_sum a0 = {0}, a1 = {0};
#pragma omp for schedule(dynamic, 1)
        for (size_t hb = 0; hb < nb; hb++) {
            lu_acc2 l0, l1, l2;
            memset(&l0, 0, sizeof l0);
            memset(&l1, 0, sizeof l1);
            memset(&l2, 0, sizeof l2);
            for (size_t lo = 0; lo < B; lo++) {
                const size_t p = hb * B + lo;
                zp_fe2 h0, h1, x0, x1;
                if (mode == 2) {
                    /* H''(y) = Hf + rb (RHf - Hf), Hf = H folded at r_0 */
                    const size_t y0 = 2 * p, y1 = 2 * p + 1;
                    zp_fe2 a = fold2(oH[2 * y0], oH[2 * y0 + 1], r);
                    zp_fe2 b = fold2(oH[2 * y1], oH[2 * y1 + 1], r);
                    zp_fe2 c = fold2(oQ[2 * y0], oQ[2 * y0 + 1], r);
                    zp_fe2 d = fold2(oQ[2 * y1], oQ[2 * y1 + 1], r);
                    zp_fe2 ra = thf ? rhf[y0 & mhf]
                                    : fold2(RH[(2 * y0) & mh], RH[(2 * y0 + 1) & mh], r);
                    zp_fe2 rb1 = thf ? rhf[y1 & mhf]
                                     : fold2(RH[(2 * y1) & mh], RH[(2 * y1 + 1) & mh], r);
                    zp_fe2 rc = tqf ? rqf[y0 & mqf]
                                    : fold2(RQ[(2 * y0) & mq], RQ[(2 * y0 + 1) & mq], r);
                    zp_fe2 rd = tqf ? rqf[y1 & mqf]
                                    : fold2(RQ[(2 * y1) & mq], RQ[(2 * y1 + 1) & mq], r);
                    h0 = gl2_add(a, lmul(rb, gl2_sub(ra, a)));
                    h1 = gl2_add(b, lmul(rb, gl2_sub(rb1, b)));
                    x0 = gl2_add(c, lmul(rb, gl2_sub(rc, c)));
                    x1 = gl2_add(d, lmul(rb, gl2_sub(rd, d)));
                } else if (mode == 0) {
                    zp_fe2 a = oH[2 * p], b = oH[2 * p + 1], c = oQ[2 * p], d = oQ[2 * p + 1];
                    h0 = gl2_add(a, lmul(rb, gl2_sub(RH[(2 * p) & mh], a)));
                    h1 = gl2_add(b, lmul(rb, gl2_sub(RH[(2 * p + 1) & mh], b)));
                    x0 = gl2_add(c, lmul(rb, gl2_sub(RQ[(2 * p) & mq], c)));
                    x1 = gl2_add(d, lmul(rb, gl2_sub(RQ[(2 * p + 1) & mq], d)));
                } else {
                    h0 = fold2(oH[4 * p], oH[4 * p + 1], r);
                    h1 = fold2(oH[4 * p + 2], oH[4 * p + 3], r);
                    x0 = fold2(oQ[4 * p], oQ[4 * p + 1], r);
                    x1 = fold2(oQ[4 * p + 2], oQ[4 * p + 3], r);
                }
                nH[2 * p] = h0;
                nH[2 * p + 1] = h1;
                nQ[2 * p] = x0;
                nQ[2 * p + 1] = x1;
                lsum_add(&a0, h0);
                lsum_add(&a1, h1);
                zp_fe2 w = elo[lo];
                lacc2_mac(&l0, w, lmul(h0, x0));
                zp_fe2 h2 = gl2_sub(gl2_add(h1, h1), h0), x2 = gl2_sub(gl2_add(x1, x1), x0);
                lacc2_mac(&l2, w, lmul(h2, x2));
                if (direct) lacc2_mac(&l1, w, lmul(h1, x1));
            }
            zp_fe2 eb = ehi[hb];
            t0 = gl2_add(t0, lmul(eb, lacc2_reduce(&l0)));
            t2 = gl2_add(t2, lmul(eb, lacc2_reduce(&l2)));
            if (direct) t1 = gl2_add(t1, lmul(eb, lacc2_reduce(&l1)));
        }
#pragma omp critical
        {
            q0 = gl2_add(q0, t0);
            q1 = gl2_add(q1, t1);
            q2 = gl2_add(q2, t2);
            lsum_merge(&s0, &a0);
            lsum_merge(&s1, &a1);
        }
    }
    k->h.P = nH;
    k->q.P = nQ;
    k->h.plen = k->q.plen = 2 * P;
    *A0 = s0;
    *A1 = s1;
    qv[0] = q0;
    qv[1] = q1;
    qv[2] = q2;
}

/* The W M block of zkp_lookup_kern.h, portable (the reference of the
 * AVX-512 one): lazy 128-bit sums, one reduction per block. */
__attribute__((noinline, flatten)) void zp_lb_wmblock_portable(zp_fe2 out[3], zp_fe2 *dW,
                                                               zp_fe2 *dM, const zp_lb_wm *S,
                                                               int bind, zp_fe2 r, zp_fe2 rb,
                                                               size_t p0, size_t B) {
    const zp_fe2 *W = S->W, *Mx = S->Mx, *RMe = S->RMe;
    const zp_fe *M = S->M, *RMb = S->RMb;
    const size_t ml = S->ml;
    lu_acc2 l0, l1, l2;
    memset(&l0, 0, sizeof l0);
    memset(&l1, 0, sizeof l1);
    memset(&l2, 0, sizeof l2);
    for (size_t p = p0; p < p0 + B; p++) {
        zp_fe2 w0, w1, m0, m1;
        if (bind) {
            w0 = W[2 * p];
            w1 = W[2 * p + 1];
            zp_fe a = M[2 * p], b = M[2 * p + 1];
            if (RMb) {
                m0 = gl2_add(gl2_from_fe(a), gl2_mul_fe(rb, gl_sub(RMb[(2 * p) & ml], a)));
                m1 = gl2_add(gl2_from_fe(b), gl2_mul_fe(rb, gl_sub(RMb[(2 * p + 1) & ml], b)));
            } else {
                m0 = gl2_add(gl2_from_fe(a),
                             lmul(rb, gl2_sub(RMe[(2 * p) & ml], gl2_from_fe(a))));
                m1 = gl2_add(gl2_from_fe(b),
                             lmul(rb, gl2_sub(RMe[(2 * p + 1) & ml], gl2_from_fe(b))));
            }
        } else {
            w0 = fold2(W[4 * p], W[4 * p + 1], r);
            w1 = fold2(W[4 * p + 2], W[4 * p + 3], r);
            m0 = fold2(Mx[4 * p], Mx[4 * p + 1], r);
            m1 = fold2(Mx[4 * p + 2], Mx[4 * p + 3], r);
        }
        dW[2 * p] = w0;
        dW[2 * p + 1] = w1;
        dM[2 * p] = m0;
        dM[2 * p + 1] = m1;
        lacc2_mac(&l0, w0, m0);
        lacc2_mac(&l1, w1, m1);
        lacc2_mac(&l2, gl2_sub(gl2_add(w1, w1), w0), gl2_sub(gl2_add(m1, m1), m0));
    }
    out[0] = lacc2_reduce(&l0);
    out[1] = lacc2_reduce(&l1);
    out[2] = lacc2_reduce(&l2);
}

zp_lb_wmblock_fn zp_lb_wmblock_avx512_fn(void) {
#if !defined(ZP_NO_AVX512) && ZP_FIELD_P == 0xFFFFFFFF00000001ULL /* Goldilocks kernels */
    if (zp_cpu_features() & ZP_CPU_AVX512F) return zp_lb_wmblock_avx512;
#endif
    return NULL;
}

/* W and M over their prefix (round i < tau): folds or binds, and sums
 * wm[k] = sum (W M)(X = k), k = 0, 1, 2, in blocks of up to 2^LU_LOBITS
 * pairs (the AVX-512 block kernel where the block and the mask period
 * allow it; the sums are exact, so the split does not change them). */
static void wm_round(lu_kern *k, unsigned i, zp_fe2 r, zp_fe2 *wm) {
    const unsigned e = k->tau - i - 1;
    const size_t P = (size_t)1 << e;
    const unsigned bl = e < LU_LOBITS ? e : LU_LOBITS;
    const size_t B = (size_t)1 << bl, nb = P >> bl;
    zp_fe2 *nW = i == 0 ? k->w.buf[0] : (k->w.P == k->w.buf[0] ? k->w.buf[1] : k->w.buf[0]);
    zp_fe2 *nM = i == 0 ? k->m.buf[0] : (k->m.P == k->m.buf[0] ? k->m.buf[1] : k->m.buf[0]);
    const int bind = i == 0;
    const zp_lb_wm S = {bind ? k->W : k->w.P, k->m.P, k->RMe, k->M, k->RMb, k->lm - 1};
    zp_lb_wmblock_fn fn = zp_lb_wmblock_avx512_fn();
    if (!fn || B % 8 != 0 || (bind && k->lm < 16)) fn = zp_lb_wmblock_portable;
    const zp_fe2 rb = k->rb;
    zp_fe2 v[3] = {FE2_ZERO, FE2_ZERO, FE2_ZERO};
#pragma omp parallel if (P >= LU_PAR_MIN && nb >= 2)
    {
        zp_fe2 t[3] = {FE2_ZERO, FE2_ZERO, FE2_ZERO};
#pragma omp for schedule(dynamic, 1)
        for (size_t hb = 0; hb < nb; hb++) {
            zp_fe2 o[3];
            fn(o, nW, nM, &S, bind, r, rb, hb * B, B);
            for (int j = 0; j < 3; j++) t[j] = gl2_add(t[j], o[j]);
        }
#pragma omp critical
        {
            for (int j = 0; j < 3; j++) v[j] = gl2_add(v[j], t[j]);
        }
    }
    k->w.P = nW;
    k->m.P = nM;
    k->w.plen = k->m.plen = 2 * P;
    wm[0] = v[0];
    wm[1] = v[1];
    wm[2] = v[2];
}

/* Binds a prefix of one value at rb (n = 0 or tau = 0). */
static void bind_one(lu_tab *t, zp_fe2 v, zp_fe2 rv, zp_fe2 rb) {
    t->P = t->buf[0];
    t->P[0] = gl2_add(v, gl2_mul(rb, gl2_sub(rv, v)));
    t->plen = 1;
}

static zp_err lu_x_round(void *ctx, unsigned i, zp_fe2 rb, zp_fe2 r_prev, zp_fe2 raw_claim,
                         zp_fe2 *s, unsigned D) {
    lu_kern *k = ctx;
    if (D != 3 || i >= k->nv) return ZP_ERR_INTERNAL;
    const size_t S = (size_t)1 << (k->nv - i);
    if (i == 0) {
        k->rb = rb;
        k->C = FE2_ONE;
        /* the periodic parts beyond the prefixes (none when a prefix is
         * the whole cube: the tables never reach them) */
        const size_t NV = (size_t)1 << k->nv;
        if (((size_t)1 << k->n) < NV) {
            bind_tail(&k->h, k->RH, k->lh, k->h_tail, rb);
            bind_tail(&k->q, k->RQ, k->lq, k->q_tail, rb);
        } else {
            k->h.Z[0] = k->q.Z[0] = FE2_ZERO;
            k->h.zlen = k->q.zlen = 1;
        }
        if (((size_t)1 << k->tau) < NV) {
            for (size_t y = 0; y < k->lm; y++)
                k->m.Z[y] = gl2_mul(rb, k->RMb ? gl2_from_fe(k->RMb[y]) : k->RMe[y]);
            k->m.zlen = k->lm;
        } else {
            k->m.Z[0] = FE2_ZERO;
            k->m.zlen = 1;
        }
        k->w.Z[0] = FE2_ZERO;
        k->w.zlen = 1;
        if (k->n == 0) {
            bind_one(&k->h, k->H[0], k->RH[0], rb);
            bind_one(&k->q, k->Q[0], k->RQ[0], rb);
        }
        if (k->tau == 0) {
            bind_one(&k->w, k->W[0], k->W[0], rb);
            bind_one(&k->m, gl2_from_fe(k->M[0]),
                     k->RMb ? gl2_from_fe(k->RMb[0]) : k->RMe[0], rb);
        }
    } else {
        k->C = gl2_mul(k->C, eq1(rprime(k, i - 1), r_prev));
    }
    /* H, Q: the EQ H Q part and the sums of H */
    zp_fe2 ri = rprime(k, i), K = gl2_mul(k->ce, k->C);
    zp_fe2 qv[3], A0, A1;
    int direct = 1;
    if (i == 0 && k->paired) {
        /* closed form from the b round's pair sums (b_sums_paired) */
        zp_fe2 ob = gl2_sub(FE2_ONE, rb);
        zp_fe2 w00 = gl2_mul(ob, ob), w01 = gl2_mul(rb, ob), w11 = gl2_mul(rb, rb);
        zp_fe2 v[3];
        for (int j = 0; j < 3; j++)
            v[j] = gl2_add(gl2_add(gl2_mul(w00, k->ps[j]), gl2_mul(w01, k->ps[3 + j])),
                           gl2_mul(w11, k->ps[6 + j]));
        qv[0] = v[0];
        qv[1] = v[1];
        /* q(2) = 2 q(1) - q(0) + 2 lead */
        qv[2] = gl2_add(gl2_sub(gl2_add(v[1], v[1]), v[0]), gl2_add(v[2], v[2]));
        /* H' = (1 - rb) H + rb R_H summed over even / odd x < 2^n */
        const size_t N = (size_t)1 << k->n;
        lu_sum re = {0}, ro = {0};
        zp_fe2 rs[2];
        if (k->lh >= 2) {
            for (size_t y = 0; y < k->lh; y += 2) {
                lsum_add(&re, k->RH[y]);
                lsum_add(&ro, k->RH[y + 1]);
            }
            zp_fe c = gl_from_u64(N / k->lh);
            rs[0] = gl2_mul_fe(lsum_reduce(&re), c);
            rs[1] = gl2_mul_fe(lsum_reduce(&ro), c);
        } else {
            rs[0] = rs[1] = gl2_mul_fe(k->RH[0], gl_from_u64(N / 2));
        }
        k->h.plen = k->q.plen = N;
        zp_fe2 e0, e1;
        rt_tail_sums(&k->h, S, &e0, &e1);
        A0 = gl2_add(gl2_add(gl2_mul(ob, k->hs[0]), gl2_mul(rb, rs[0])), e0);
        A1 = gl2_add(gl2_add(gl2_mul(ob, k->hs[1]), gl2_mul(rb, rs[1])), e1);
    } else if (i < k->n) {
        direct = gl2_is_zero(ri) || gl2_is_zero(K);
        lu_sum a0, a1;
        hq_round(k, i, r_prev, i == 0 ? 0 : (i == 1 && k->paired ? 2 : 1), direct, &a0, &a1,
                 qv);
        if (i > 0) {
            rt_fold_tail(&k->h, r_prev);
            rt_fold_tail(&k->q, r_prev);
        }
        zp_fe2 e0, e1;
        rt_tail_sums(&k->h, S, &e0, &e1);
        A0 = gl2_add(lsum_reduce(&a0), e0);
        A1 = gl2_add(lsum_reduce(&a1), e1);
    } else {
        /* prefix of one value; EQ is zero beyond pair 0 (weight 1) */
        if (i > 0) {
            rt_fold(&k->h, r_prev);
            rt_fold(&k->q, r_prev);
        }
        zp_fe2 h0 = rt_at(&k->h, 0), h1 = rt_at(&k->h, 1);
        zp_fe2 x0 = rt_at(&k->q, 0), x1 = rt_at(&k->q, 1);
        qv[0] = gl2_mul(h0, x0);
        qv[1] = gl2_mul(h1, x1);
        qv[2] = gl2_mul(gl2_sub(gl2_add(h1, h1), h0), gl2_sub(gl2_add(x1, x1), x0));
        zp_fe2 z = gl2_mul_fe(k->h.Z[0], gl_from_u64((uint64_t)(S / 2 - 1)));
        A0 = gl2_add(h0, z);
        A1 = gl2_add(h1, z);
    }
    /* W, M */
    zp_fe2 wm[3];
    if (i < k->tau) {
        wm_round(k, i, r_prev, wm);
        if (i > 0) rt_fold_tail(&k->m, r_prev);
    } else {
        if (i > 0) {
            rt_fold(&k->w, r_prev);
            rt_fold(&k->m, r_prev);
        }
        zp_fe2 w0 = rt_at(&k->w, 0), w1 = rt_at(&k->w, 1);
        zp_fe2 m0 = rt_at(&k->m, 0), m1 = rt_at(&k->m, 1);
        wm[0] = gl2_mul(w0, m0);
        wm[1] = gl2_mul(w1, m1);
        wm[2] = gl2_mul(gl2_sub(gl2_add(w1, w1), w0), gl2_sub(gl2_add(m1, m1), m0));
    }
    /* q(1) from the running claim: raw = c_h (A0 + A1) + c_w (wm0 + wm1)
     * + K ((1 - r_i) q(0) + r_i q(1)) */
    zp_fe2 e0 = gl2_sub(FE2_ONE, ri);
    if (!direct) {
        zp_fe2 t = gl2_sub(raw_claim, gl2_add(gl2_mul(k->ch, gl2_add(A0, A1)),
                                              gl2_mul(k->cw, gl2_add(wm[0], wm[1]))));
        t = gl2_mul(t, zp_fe2_inv(gl2_mul(K, ri)));
        qv[1] = gl2_sub(t, gl2_mul(gl2_mul(e0, qv[0]), zp_fe2_inv(ri)));
    }
    zp_fe2 q3 = extrap3(qv[0], qv[1], qv[2]), wm3 = extrap3(wm[0], wm[1], wm[2]);
    zp_fe2 qk[4] = {qv[0], qv[1], qv[2], q3}, wk[4] = {wm[0], wm[1], wm[2], wm3};
    zp_fe2 de = gl2_sub(ri, e0), dA = gl2_sub(A1, A0);
    for (unsigned j = 0; j <= D; j++) {
        zp_fe2 kk = fe2_small(j);
        zp_fe2 vh = gl2_add(A0, gl2_mul(kk, dA));
        zp_fe2 ve = gl2_mul(gl2_mul(K, gl2_add(e0, gl2_mul(kk, de))), qk[j]);
        s[j] = gl2_add(gl2_add(gl2_mul(k->ch, vh), ve), gl2_mul(k->cw, wk[j]));
    }
    return ZP_OK;
}

static zp_err lu_finish(void *ctx, zp_fe2 r_last, zp_fe2 *evals) {
    lu_kern *k = ctx;
    rt_fold(&k->h, r_last);
    rt_fold(&k->q, r_last);
    rt_fold(&k->w, r_last);
    rt_fold(&k->m, r_last);
    evals[LU_EQ] = gl2_mul(k->C, eq1(rprime(k, k->nv - 1), r_last));
    evals[LU_W] = k->w.P[0];
    evals[LU_M] = k->m.P[0];
    evals[LU_H] = k->h.P[0];
    evals[LU_Q] = k->q.P[0];
    return ZP_OK;
}

static const zp_sc_kernel LU_KERNEL = {lu_b_round, lu_x_round, lu_finish, 1, NULL};

static int pow2_le(size_t v, size_t max) { return v && !(v & (v - 1)) && v <= max; }

/* 1 if inst has the shape this kernel handles (the header's contract). */
static int lu_shape_ok(const zp_sc_instance *inst, unsigned n, unsigned tau) {
    if (!inst || !inst->tables || !inst->terms) return 0;
    const unsigned nv = inst->n_vars;
    if (nv < 1 || nv > ZP_SC_MAX_VARS || n > nv || tau > nv) return 0;
    if (inst->n_tables != 5 || inst->n_terms != 3) return 0;
    const zp_sc_term *t = inst->terms;
    if (t[0].n_factors != 1 || t[0].factors[0] != LU_H) return 0;
    if (t[1].n_factors != 3 || t[1].factors[0] != LU_EQ || t[1].factors[1] != LU_H ||
        t[1].factors[2] != LU_Q)
        return 0;
    if (t[2].n_factors != 2 || t[2].factors[0] != LU_W || t[2].factors[1] != LU_M) return 0;
    const zp_sc_table *T = inst->tables;
    const size_t N = (size_t)1 << n, TT = (size_t)1 << tau;
    if (T[LU_EQ].mask_base || T[LU_EQ].mask_ext) return 0;
    if (!T[LU_W].ext || T[LU_W].mask_base || T[LU_W].mask_ext) return 0;
    if (!T[LU_M].base || !(T[LU_M].mask_base || T[LU_M].mask_ext) ||
        !pow2_le(T[LU_M].mask_len, TT) || (T[LU_M].mask_base && T[LU_M].mask_len < 2))
        return 0;
    for (int j = LU_H; j <= LU_Q; j++)
        if (!T[j].ext || !T[j].mask_ext || !pow2_le(T[j].mask_len, N)) return 0;
    return 1;
}

zp_err zp_zkp_lookup_sc_prove(zp_transcript *tr, zp_bytes *proof, zp_sc_zk_result *res,
                              zp_fe2 *point, zp_fe2 *evals, const zp_sc_instance *inst,
                              zp_fe2 claim, const zp_fe *g0, const zp_fe *g1, const zp_fe2 *r,
                              unsigned n, unsigned tau) {
    if (!tr || !proof || !res || !point || !evals || !g0 || !g1 || !inst || (n && !r))
        return ZP_ERR_ARG;
    if (!lu_shape_ok(inst, n, tau)) {
        /* generic engine; it needs the EQ table */
        if (inst->n_tables != 5 || !inst->tables || inst->n_vars > ZP_SC_MAX_VARS ||
            n > inst->n_vars)
            return zp_sumcheck_zk_prove(tr, proof, res, point, evals, inst, claim, g0, g1,
                                        NULL, 0);
        zp_sc_table tab[5];
        memcpy(tab, inst->tables, sizeof tab);
        zp_fe2 *eq = NULL;
        const size_t NV = (size_t)1 << inst->n_vars;
        if (!tab[LU_EQ].ext && !tab[LU_EQ].base) {
            eq = calloc(NV, sizeof(zp_fe2));
            if (!eq) return ZP_ERR_NOMEM;
            zp_eq_table(eq, r, n);
            tab[LU_EQ].ext = eq;
        }
        zp_sc_instance in2 = *inst;
        in2.tables = tab;
        zp_err e = zp_sumcheck_zk_prove(tr, proof, res, point, evals, &in2, claim, g0, g1,
                                        NULL, 0);
        free(eq);
        return e;
    }
    const zp_sc_table *T = inst->tables;
    const unsigned nv = inst->n_vars;
    const size_t N = (size_t)1 << n, NV = (size_t)1 << nv, TT = (size_t)1 << tau;
    lu_kern k;
    memset(&k, 0, sizeof k);
    k.nv = nv;
    k.n = n;
    k.tau = tau;
    k.r = r;
    k.ch = inst->terms[0].coeff;
    k.ce = inst->terms[1].coeff;
    k.cw = inst->terms[2].coeff;
    k.H = T[LU_H].ext;
    k.RH = T[LU_H].mask_ext;
    k.lh = T[LU_H].mask_len;
    k.Q = T[LU_Q].ext;
    k.RQ = T[LU_Q].mask_ext;
    k.lq = T[LU_Q].mask_len;
    k.W = T[LU_W].ext;
    k.M = T[LU_M].base;
    k.RMb = T[LU_M].mask_base;
    k.RMe = T[LU_M].mask_base ? NULL : T[LU_M].mask_ext;
    k.lm = T[LU_M].mask_len;
    k.h_tail = N < NV ? k.H[N] : FE2_ZERO;
    k.q_tail = N < NV ? k.Q[N] : FE2_ZERO;
    /* buffers: H, Q prefixes N + N/2, W, M prefixes T + T/2, the periodic
     * parts, eq blocks (b round: up to 2^LU_PREBITS lo values and E_lo R_H) */
    k.paired = n >= 2;
    const size_t hn = k.paired ? N / 2 : 2, tn = TT > 1 ? TT : 2;
    k.elo_cap = (size_t)1 << (n < LU_PREBITS ? n : LU_PREBITS);
    k.ehi_cap = N >> (n < LU_LOBITS ? n : LU_LOBITS);
    k.rf_cap = N / 2 < LU_RF_CAP ? (N > 1 ? N / 2 : 1) : LU_RF_CAP;
    size_t len = 2 * (hn + hn / 2) + 2 * (tn + tn / 2) + k.lh + k.lq + k.lm + 1 +
                 2 * k.elo_cap + k.ehi_cap + 2 * k.rf_cap;
    k.mem = malloc(len * sizeof(zp_fe2));
    if (!k.mem) return ZP_ERR_NOMEM;
    k.mem_len = len;
    zp_fe2 *p = k.mem;
    k.h.buf[0] = p; p += hn;
    k.h.buf[1] = p; p += hn / 2;
    k.q.buf[0] = p; p += hn;
    k.q.buf[1] = p; p += hn / 2;
    k.w.buf[0] = p; p += tn;
    k.w.buf[1] = p; p += tn / 2;
    k.m.buf[0] = p; p += tn;
    k.m.buf[1] = p; p += tn / 2;
    k.h.Z = p; p += k.lh;
    k.q.Z = p; p += k.lq;
    k.m.Z = p; p += k.lm;
    k.w.Z = p; p += 1;
    k.elo = p; p += k.elo_cap;
    k.erh = p; p += k.elo_cap;
    k.rhf = p; p += k.rf_cap;
    k.rqf = p; p += k.rf_cap;
    k.ehi = p;
    zp_err e = zp_sumcheck_zk_prove_kernel(tr, proof, res, point, evals, inst, claim, g0, g1,
                                           &LU_KERNEL, &k);
    /* folded tables and masks are functions of the witness: wipe them */
    zp_memzero(k.mem, k.mem_len * sizeof(zp_fe2));
    free(k.mem);
    zp_memzero(&k, sizeof k);
    return e;
}

/* ==================================================================== */
/* The batched LogUp sumcheck (docs/spec/sumcheck.md 6.1, "Batched
 * helpers"): over nv = m >= tau variables, tables EQ, W, M, H, Q_0 ..
 * Q_(K-1) (K = 2 .. 6; any of them for a split stacked column) and terms
 *   c_h H, c_e EQ H Q_0 .. Q_(K-1), -c_e EQ prod_(l != j) Q_l (j < K), c_w W M,
 * i.e. F = c_h H + c_e EQ G + c_w W M with G = H prod_j Q_j - e_(K-1)(Q)
 * (e_(K-1) the elementary symmetric polynomial of degree K - 1: the sum of
 * the K products of K - 1 of the Q_j).  H, Q_j: extension tables of 2^m
 * values with periodic extension masks; W, M as in the kernel above (zero
 * beyond 2^tau; their part of every round is wm_round's).  The prover's
 * work per round:
 *  - the mask variable b is bound last (zp_sumcheck_zk_prove_kernel_bl,
 *    docs/spec/sumcheck.md 2.3): no b pass; the rounds below run at rb =
 *    0 (the tables themselves) and lb_mask_evals gives the masks' values
 *    at the point for b's round;
 *  - x round i: q_i(X) = sum_p eq(r_>i, p) G(s_<i, X, p) at X = 0, 2 ..
 *    K + 1 (X = 1 from the running claim, Gruen ePrint 2024/108 section 3,
 *    as the kernel above), the tables bound at rb (round 0) or folded at
 *    r_(i-1) (rounds >= 1) in the same pass. */

#define LB_MAXK 6
/* every K has block kernels (zkp_lookup_kern.h) */
_Static_assert(LB_MAXK == ZP_LB_KERN_MAXK, "block kernels for every K");
typedef struct {
    unsigned m, K;
    const zp_fe2 *r;
    zp_fe2 ch, ce, cw;
    const zp_fe2 *T[LB_MAXK + 1], *R[LB_MAXK + 1]; /* H, Q_0 .. Q_(K-1), masks */
    size_t rl[LB_MAXK + 1];
    zp_fe2 *buf[2][LB_MAXK + 1]; /* 2^m and 2^(m-1) values per table */
    int cur;                     /* buffer holding the current round's tables */
    zp_fe2 C;
    lu_kern wk; /* the W M part (tau, W, M, masks, rb, tables w, m) */
    const zp_lb_tabs *tq; /* the inputs' Q tables in tq form (or NULL) */
    zp_fe2 *elo, *ehi;
    zp_fe2 *mem;
    size_t mem_len;
} lb_kern;

/* G = H prod_j Q_j - e_(K-1)(Q) at one point (v[0] = H, v[1 + j] = Q_j),
 * K = 2 .. LB_MAXK a constant after inlining: G = H P - E with (P, E) =
 * (prod_j Q_j, e_(K-1)(Q)) built from the pairs: a pair gives (Q Q', Q +
 * Q'), a pair added to (P, E) gives (P p, P e + p E), a last single Q
 * gives (P Q, P + E Q); 2 K - 2 products (K = 2: 2, 3: 4, 5: 8).  The
 * AVX-512 kernels' gk computes the same. */
static inline __attribute__((always_inline)) zp_fe2 lb_g(const zp_fe2 *v, unsigned K) {
    zp_fe2 P = lmul(v[1], v[2]), E = gl2_add(v[1], v[2]);
    unsigned j = 3;
    for (; j + 1 <= K; j += 2) {
        const zp_fe2 p = lmul(v[j], v[j + 1]), e = gl2_add(v[j], v[j + 1]);
        E = gl2_add(lmul(P, e), lmul(p, E));
        P = lmul(P, p);
    }
    if (j == K) {
        E = gl2_add(P, lmul(E, v[K]));
        P = lmul(P, v[K]);
    }
    return gl2_sub(lmul(v[0], P), E);
}

/* The tables of lb_kern as locals (the inner loops read them at constant
 * indices once K is a constant). */
typedef struct {
    const zp_fe2 *T[LB_MAXK + 1], *R[LB_MAXK + 1];
    size_t ml[LB_MAXK + 1];
} lb_view;
static inline void lb_view_of(lb_view *o, const lb_kern *k) {
    for (unsigned c = 0; c <= LB_MAXK; c++) {
        o->T[c] = c <= k->K ? k->T[c] : NULL;
        o->R[c] = c <= k->K ? k->R[c] : NULL;
        o->ml[c] = c <= k->K ? k->rl[c] - 1 : 0;
    }
}

/* The block loops are compiled flattened (every field operation inlined:
 * in loop bodies this large the compiler otherwise calls gl_mul, gl2_add
 * out of line), one function per K.  K = 2: the portable kernel of
 * zkp_lookup_kern.h (the reference of the AVX-512 one), the tables in
 * scalars (no arrays: fewer spills). */
static inline zp_fe2 lb_g2(zp_fe2 h, zp_fe2 a, zp_fe2 b) {
    return gl2_sub(lmul(h, lmul(a, b)), gl2_add(a, b));
}
/* Q_j(x) and its mask at y of the tq form (zkp_lookup_kern.h). */
static inline zp_fe2 tq_q(const zp_lb_tabs *V, unsigned j, size_t x) {
    return gl2_sub(V->qc[V->tg[j][x] & 15], gl2_from_fe(V->L[j][x]));
}
static inline zp_fe2 tq_r(const zp_lb_tabs *V, unsigned j, size_t y) {
    return gl2_sub(V->beta, gl2_from_fe(V->RL[j][y]));
}
/* Table c of the round at x (tq: constant after inlining). */
static inline zp_fe2 lb_t(const zp_lb_tabs *V, int tq, unsigned c, size_t x) {
    return tq && c ? tq_q(V, c - 1, x) : V->T[c][x];
}
static inline zp_fe2 lb_r(const zp_lb_tabs *V, int tq, unsigned c, size_t y) {
    return tq && c ? tq_r(V, c - 1, y) : V->R[c][y];
}

/* lb_x_block for K = 2 (the portable kernel of zkp_lookup_kern.h), the
 * tables in scalars; tq only when binding. */
static inline void lb_xblock_body(zp_fe2 out[4], zp_fe2 hs[2], zp_fe2 *const dst[3],
                                  const zp_lb_tabs *V, int tq, int bind, int direct, zp_fe2 r,
                                  zp_fe2 rbv, size_t p0, size_t B, const zp_fe2 *elo) {
    const zp_fe2 *H = V->T[0], *A = V->T[1], *Bq = V->T[2];
    const size_t mh = V->ml[0], ma = V->ml[1], mb = V->ml[2];
    zp_fe2 *oH = dst[0], *oA = dst[1], *oB = dst[2];
    lu_acc2 l[4];
    lu_sum s0 = {0}, s1 = {0};
    memset(l, 0, sizeof l);
    for (size_t lo = 0; lo < B; lo++) {
        const size_t p = p0 + lo, e = 2 * p, f = 2 * p + 1;
        zp_fe2 h0, h1, a0, a1, b0, b1;
        if (bind) {
            const zp_fe2 he = lb_t(V, tq, 0, e), hf = lb_t(V, tq, 0, f);
            const zp_fe2 ae = lb_t(V, tq, 1, e), af = lb_t(V, tq, 1, f);
            const zp_fe2 be = lb_t(V, tq, 2, e), bf = lb_t(V, tq, 2, f);
            h0 = gl2_add(he, lmul(rbv, gl2_sub(lb_r(V, tq, 0, e & mh), he)));
            h1 = gl2_add(hf, lmul(rbv, gl2_sub(lb_r(V, tq, 0, f & mh), hf)));
            a0 = gl2_add(ae, lmul(rbv, gl2_sub(lb_r(V, tq, 1, e & ma), ae)));
            a1 = gl2_add(af, lmul(rbv, gl2_sub(lb_r(V, tq, 1, f & ma), af)));
            b0 = gl2_add(be, lmul(rbv, gl2_sub(lb_r(V, tq, 2, e & mb), be)));
            b1 = gl2_add(bf, lmul(rbv, gl2_sub(lb_r(V, tq, 2, f & mb), bf)));
        } else {
            const size_t q = 4 * p;
            h0 = gl2_add(H[q], lmul(r, gl2_sub(H[q + 1], H[q])));
            h1 = gl2_add(H[q + 2], lmul(r, gl2_sub(H[q + 3], H[q + 2])));
            a0 = gl2_add(A[q], lmul(r, gl2_sub(A[q + 1], A[q])));
            a1 = gl2_add(A[q + 2], lmul(r, gl2_sub(A[q + 3], A[q + 2])));
            b0 = gl2_add(Bq[q], lmul(r, gl2_sub(Bq[q + 1], Bq[q])));
            b1 = gl2_add(Bq[q + 2], lmul(r, gl2_sub(Bq[q + 3], Bq[q + 2])));
        }
        oH[e] = h0;
        oH[f] = h1;
        oA[e] = a0;
        oA[f] = a1;
        oB[e] = b0;
        oB[f] = b1;
        lsum_add(&s0, h0);
        lsum_add(&s1, h1);
        const zp_fe2 w = elo[lo];
        lacc2_mac(&l[0], w, lb_g2(h0, a0, b0));
        if (direct) lacc2_mac(&l[1], w, lb_g2(h1, a1, b1));
        const zp_fe2 dh = gl2_sub(h1, h0), da = gl2_sub(a1, a0), db = gl2_sub(b1, b0);
        const zp_fe2 h2 = gl2_add(h1, dh), a2 = gl2_add(a1, da), b2 = gl2_add(b1, db);
        lacc2_mac(&l[2], w, lb_g2(h2, a2, b2));
        lacc2_mac(&l[3], w, lb_g2(gl2_add(h2, dh), gl2_add(a2, da), gl2_add(b2, db)));
    }
    for (int j = 0; j < 4; j++) out[j] = lacc2_reduce(&l[j]);
    hs[0] = lsum_reduce(&s0);
    hs[1] = lsum_reduce(&s1);
}
__attribute__((noinline, flatten)) void
zp_lb_xblock_portable(zp_fe2 out[4], zp_fe2 hs[2], zp_fe2 *const dst[3], const zp_lb_tabs *V,
                      int bind, int direct, zp_fe2 r, zp_fe2 rbv, size_t p0, size_t B,
                      const zp_fe2 *elo) {
    if (bind && V->tq) lb_xblock_body(out, hs, dst, V, 1, 1, direct, r, rbv, p0, B, elo);
    else lb_xblock_body(out, hs, dst, V, 0, bind, direct, r, rbv, p0, B, elo);
}

/* The portable K = 3 .. LB_MAXK kernels (zkp_lookup_kern.h; a split
 * stacked column): the tables as arrays (v[0] = H, v[1 .. K] = Q_0 ..
 * Q_(K-1)), K a constant after inlining, tq as K = 2's. */
static inline void lb_xblockk_body(zp_fe2 *out, zp_fe2 hs[2], zp_fe2 *const *dst,
                                   const zp_lb_tabs *V, int tq, unsigned K, int bind, int direct,
                                   zp_fe2 r, zp_fe2 rbv, size_t p0, size_t B,
                                   const zp_fe2 *elo) {
    lu_acc2 l[LB_MAXK + 2];
    lu_sum s0 = {0}, s1 = {0};
    memset(l, 0, sizeof l);
    for (size_t lo = 0; lo < B; lo++) {
        const size_t p = p0 + lo, e = 2 * p, f = 2 * p + 1;
        zp_fe2 v[LB_MAXK + 1], u[LB_MAXK + 1], d[LB_MAXK + 1];
        for (unsigned c = 0; c <= K; c++) {
            if (bind) {
                const zp_fe2 te = lb_t(V, tq, c, e), tf = lb_t(V, tq, c, f);
                v[c] = gl2_add(te, lmul(rbv, gl2_sub(lb_r(V, tq, c, e & V->ml[c]), te)));
                u[c] = gl2_add(tf, lmul(rbv, gl2_sub(lb_r(V, tq, c, f & V->ml[c]), tf)));
            } else {
                const zp_fe2 *X = V->T[c];
                const size_t q = 4 * p;
                v[c] = gl2_add(X[q], lmul(r, gl2_sub(X[q + 1], X[q])));
                u[c] = gl2_add(X[q + 2], lmul(r, gl2_sub(X[q + 3], X[q + 2])));
            }
            dst[c][e] = v[c];
            dst[c][f] = u[c];
            d[c] = gl2_sub(u[c], v[c]);
        }
        lsum_add(&s0, v[0]);
        lsum_add(&s1, u[0]);
        const zp_fe2 w = elo[lo];
        lacc2_mac(&l[0], w, lb_g(v, K));
        if (direct) lacc2_mac(&l[1], w, lb_g(u, K));
        /* X = 2 .. K + 1 */
        for (unsigned j = 2; j < K + 2; j++) {
            for (unsigned c = 0; c <= K; c++) u[c] = gl2_add(u[c], d[c]);
            lacc2_mac(&l[j], w, lb_g(u, K));
        }
    }
    for (unsigned j = 0; j < K + 2; j++) out[j] = lacc2_reduce(&l[j]);
    hs[0] = lsum_reduce(&s0);
    hs[1] = lsum_reduce(&s1);
}
#define LB_XPORT(KK)                                                                           \
    static __attribute__((noinline, flatten)) void lb_xblock##KK##_port(                       \
        zp_fe2 *out, zp_fe2 hs[2], zp_fe2 *const *dst, const zp_lb_tabs *V, int bind,          \
        int direct, zp_fe2 r, zp_fe2 rbv, size_t p0, size_t B, const zp_fe2 *elo) {            \
        if (bind && V->tq)                                                                     \
            lb_xblockk_body(out, hs, dst, V, 1, KK, 1, direct, r, rbv, p0, B, elo);            \
        else lb_xblockk_body(out, hs, dst, V, 0, KK, bind, direct, r, rbv, p0, B, elo);        \
    }
LB_XPORT(3)
LB_XPORT(4)
LB_XPORT(5)
LB_XPORT(6)
#undef LB_XPORT
void zp_lb_xblockk_portable(zp_fe2 *out, zp_fe2 hs[2], zp_fe2 *const *dst,
                            const zp_lb_tabs *V, int bind, int direct, zp_fe2 r, zp_fe2 rbv,
                            size_t p0, size_t B, const zp_fe2 *elo) {
    switch (V->K) {
    case 3: lb_xblock3_port(out, hs, dst, V, bind, direct, r, rbv, p0, B, elo); break;
    case 4: lb_xblock4_port(out, hs, dst, V, bind, direct, r, rbv, p0, B, elo); break;
    case 5: lb_xblock5_port(out, hs, dst, V, bind, direct, r, rbv, p0, B, elo); break;
    case 6: lb_xblock6_port(out, hs, dst, V, bind, direct, r, rbv, p0, B, elo); break;
    default: break;
    }
}

/* The kernels for K blocks on this CPU and block: AVX-512
 * (zkp_lookup_avx512.c) where present and the block is aligned (B a
 * multiple of 8; every mask period >= 8 in the b round, >= 16 when
 * binding), else portable; K = 2 has kernels of its own, K = 3 .. LB_MAXK
 * the K-indexed ones (zp_lb_tabs.K). */
static int lb_periods_ge(const zp_lb_tabs *V, size_t min, unsigned K) {
    int ok = 1;
    for (unsigned c = 0; c <= K && c <= ZP_LB_KERN_MAXK; c++) ok &= V->ml[c] + 1 >= min;
    return ok;
}
static zp_lb_xblock_fn lb_xblock_for(const zp_lb_tabs *V, size_t B, int bind, unsigned K) {
    zp_lb_xblock_fn f = K == 2 ? zp_lb_xblock_avx512_fn() : zp_lb_xblockk_avx512_fn();
    if (f && B % 8 == 0 && (!bind || lb_periods_ge(V, 16, K))) return f;
    return K == 2 ? zp_lb_xblock_portable : zp_lb_xblockk_portable;
}
/* The tables of the round (zp_lb_tabs) from the kernel's view. */
static void lb_tabs_of(zp_lb_tabs *o, const lb_view *V, unsigned K) {
    memset(o, 0, sizeof *o);
    o->K = K;
    for (unsigned c = 0; c <= K && c <= ZP_LB_KERN_MAXK; c++) {
        o->T[c] = V->T[c];
        o->R[c] = V->R[c];
        o->ml[c] = V->ml[c];
    }
}
/* The inputs' tables (b round, round 0): o's with the tq form when given. */
static void lb_tabs_in(zp_lb_tabs *o, const lb_view *V, const zp_lb_tabs *tq, unsigned K) {
    lb_tabs_of(o, V, K);
    if (!tq) return;
    o->tq = 1;
    for (unsigned j = 0; j < K && j < ZP_LB_KERN_MAXK; j++) {
        o->L[j] = tq->L[j];
        o->RL[j] = tq->RL[j];
        o->tg[j] = tq->tg[j];
    }
    memcpy(o->qc, tq->qc, sizeof o->qc);
    o->beta = tq->beta;
}

zp_lb_xblock_fn zp_lb_xblock_avx512_fn(void) {
#if !defined(ZP_NO_AVX512) && ZP_FIELD_P == 0xFFFFFFFF00000001ULL /* Goldilocks kernels */
    if (zp_cpu_features() & ZP_CPU_AVX512F) return zp_lb_xblock_avx512;
#endif
    return NULL;
}
zp_lb_xblock_fn zp_lb_xblockk_avx512_fn(void) {
#if !defined(ZP_NO_AVX512) && ZP_FIELD_P == 0xFFFFFFFF00000001ULL /* Goldilocks kernels */
    if (zp_cpu_features() & ZP_CPU_AVX512F) return zp_lb_xblockk_avx512;
#endif
    return NULL;
}

/* Round i of H, Q_j: binds the inputs at rb (i = 0) or folds the current
 * tables at r (i >= 1) into the other buffer, and sums a0, a1 (H at X = 0,
 * 1) and q[X] = sum_p eq(r_>i, p) G(X, p) at X = 0, 2 .. K + 1 (and 1 when
 * direct). */
static void lb_hq_round(lb_kern *k, unsigned i, zp_fe2 r, int direct, lu_sum *A0, lu_sum *A1,
                        zp_fe2 *qv) {
    const unsigned K = k->K, np = K + 2, e = k->m - i - 1;
    /* blocks of 2^LU_LOBITS pairs; a late round of 2^LB_HQ_PAR_BITS ..
     * 2^LU_LOBITS pairs (30-140 us of one thread) in 4 blocks, so that it
     * runs on the threads too (the sums are exact field values: the split
     * and the schedule do not change them) */
    unsigned bl = e < LU_LOBITS ? e : LU_LOBITS;
    if (bl == e && e >= LB_HQ_PAR_BITS && k->m >= LU_LOBITS + 2) bl = e - 2; /* ehi: >= 4 */
    const size_t B = (size_t)1 << bl, nb = (size_t)1 << (e - bl), P = (size_t)1 << e;
    zp_eq_table(k->elo, k->r + i + 1, bl);
    zp_eq_table(k->ehi, k->r + i + 1 + bl, e - bl);
    const zp_fe2 *elo = k->elo, *ehi = k->ehi;
    const int bind = i == 0, dst = i == 0 ? 0 : 1 - k->cur;
    lb_view V;
    lb_view_of(&V, k);
    if (!bind)
        for (unsigned c = 0; c <= K; c++) V.T[c] = k->buf[k->cur][c];
    zp_fe2 *const *D = k->buf[dst];
    const zp_fe2 rb = k->wk.rb;
    zp_fe2 q[LB_MAXK + 2];
    for (unsigned j = 0; j < np; j++) q[j] = FE2_ZERO;
    lu_sum s0 = {0}, s1 = {0};
    zp_lb_tabs V2;
    if (bind) lb_tabs_in(&V2, &V, k->tq, K);
    else lb_tabs_of(&V2, &V, K);
    const zp_lb_xblock_fn xfn = lb_xblock_for(&V2, B, bind, K);
#pragma omp parallel if (P >= ((size_t)1 << LB_HQ_PAR_BITS) && nb >= 2)
    {
        zp_fe2 t[LB_MAXK + 2];
        lu_sum a0 = {0}, a1 = {0};
        for (unsigned j = 0; j < np; j++) t[j] = FE2_ZERO;
#pragma omp for schedule(dynamic, 1)
        for (size_t hb = 0; hb < nb; hb++) {
            zp_fe2 sv[LB_MAXK + 2], hs[2];
            xfn(sv, hs, D, &V2, bind, direct, r, rb, hb * B, B, elo); /* zkp_lookup_kern.h */
            lsum_add(&a0, hs[0]);
            lsum_add(&a1, hs[1]);
            const zp_fe2 eb = ehi[hb];
            for (unsigned j = 0; j < np; j++)
                if (j != 1 || direct) t[j] = gl2_add(t[j], lmul(eb, sv[j]));
        }
#pragma omp critical
        {
            for (unsigned j = 0; j < np; j++) q[j] = gl2_add(q[j], t[j]);
            lsum_merge(&s0, &a0);
            lsum_merge(&s1, &a1);
        }
    }
    k->cur = dst;
    *A0 = s0;
    *A1 = s1;
    memcpy(qv, q, np * sizeof(zp_fe2));
}

static zp_err lb_x_round(void *ctx, unsigned i, zp_fe2 rb, zp_fe2 r_prev, zp_fe2 raw_claim,
                         zp_fe2 *s, unsigned D) {
    lb_kern *k = ctx;
    lu_kern *wk = &k->wk;
    const unsigned K = k->K, np = K + 2;
    if (D != K + 2 || i >= k->m) return ZP_ERR_INTERNAL;
    if (i == 0) {
        wk->rb = rb;
        k->C = FE2_ONE;
        if (wk->tau < k->m) {
            for (size_t y = 0; y < wk->lm; y++)
                wk->m.Z[y] = gl2_mul(rb, wk->RMb ? gl2_from_fe(wk->RMb[y]) : wk->RMe[y]);
            wk->m.zlen = wk->lm;
        } else {
            wk->m.Z[0] = FE2_ZERO;
            wk->m.zlen = 1;
        }
        wk->w.Z[0] = FE2_ZERO;
        wk->w.zlen = 1;
    } else {
        k->C = gl2_mul(k->C, eq1(k->r[i - 1], r_prev));
    }
    const zp_fe2 ri = k->r[i], Kc = gl2_mul(k->ce, k->C);
    const int direct = gl2_is_zero(ri) || gl2_is_zero(Kc);
    zp_fe2 qv[LB_MAXK + 3];
    lu_sum a0, a1;
    lb_hq_round(k, i, r_prev, direct, &a0, &a1, qv);
    const zp_fe2 A0 = lsum_reduce(&a0), A1 = lsum_reduce(&a1);
    /* W, M */
    zp_fe2 wm[3];
    if (i < wk->tau) {
        wm_round(wk, i, r_prev, wm);
        if (i > 0) rt_fold_tail(&wk->m, r_prev);
    } else {
        if (i > 0) {
            rt_fold(&wk->w, r_prev);
            rt_fold(&wk->m, r_prev);
        }
        zp_fe2 w0 = rt_at(&wk->w, 0), w1 = rt_at(&wk->w, 1);
        zp_fe2 m0 = rt_at(&wk->m, 0), m1 = rt_at(&wk->m, 1);
        wm[0] = gl2_mul(w0, m0);
        wm[1] = gl2_mul(w1, m1);
        wm[2] = gl2_mul(gl2_sub(gl2_add(w1, w1), w0), gl2_sub(gl2_add(m1, m1), m0));
    }
    const zp_fe2 e0 = gl2_sub(FE2_ONE, ri);
    if (!direct) {
        /* raw = c_h (A0 + A1) + c_w (wm0 + wm1) + Kc ((1 - r_i) q(0) + r_i q(1)) */
        zp_fe2 t = gl2_sub(raw_claim, gl2_add(gl2_mul(k->ch, gl2_add(A0, A1)),
                                              gl2_mul(k->cw, gl2_add(wm[0], wm[1]))));
        t = gl2_sub(t, gl2_mul(Kc, gl2_mul(e0, qv[0])));
        qv[1] = gl2_mul(t, zp_fe2_inv(gl2_mul(Kc, ri)));
    }
    qv[np] = zp_sc_interp(qv, np - 1, fe2_small(np));
    const zp_fe2 de = gl2_sub(ri, e0), dA = gl2_sub(A1, A0);
    for (unsigned j = 0; j <= D; j++) {
        const zp_fe2 kk = fe2_small(j);
        const zp_fe2 vh = gl2_add(A0, gl2_mul(kk, dA));
        const zp_fe2 ve = gl2_mul(gl2_mul(Kc, gl2_add(e0, gl2_mul(kk, de))), qv[j]);
        const zp_fe2 vw = j < 3 ? wm[j] : zp_sc_interp(wm, 2, kk);
        s[j] = gl2_add(gl2_add(gl2_mul(k->ch, vh), ve), gl2_mul(k->cw, vw));
    }
    return ZP_OK;
}

static zp_err lb_finish(void *ctx, zp_fe2 r_last, zp_fe2 *evals) {
    lb_kern *k = ctx;
    rt_fold(&k->wk.w, r_last);
    rt_fold(&k->wk.m, r_last);
    evals[LU_EQ] = gl2_mul(k->C, eq1(k->r[k->m - 1], r_last));
    evals[LU_W] = k->wk.w.P[0];
    evals[LU_M] = k->wk.m.P[0];
    for (unsigned c = 0; c <= k->K; c++) {
        const zp_fe2 *X = k->buf[k->cur][c];
        evals[LU_H + c] = fold2(X[0], X[1], r_last);
    }
    return ZP_OK;
}

/* b last: the masks' MLEs at the point (periodic: their low variables);
 * Q_j's mask is beta - R_j (tq form: R_j the limbs' base mask). */
static unsigned lb_log2(size_t v) {
    unsigned l = 0;
    while (((size_t)1 << l) < v) l++;
    return l;
}
static zp_err lb_mask_evals(void *ctx, const zp_fe2 *point, zp_fe2 *rv) {
    lb_kern *k = ctx;
    const lu_kern *wk = &k->wk;
    rv[LU_M] = wk->RMb ? zp_mle_eval(wk->RMb, point, lb_log2(wk->lm))
                       : zp_mle_eval2(wk->RMe, point, lb_log2(wk->lm));
    for (unsigned c = 0; c <= k->K; c++) {
        const unsigned l = lb_log2(k->rl[c]);
        if (c && k->tq)
            rv[LU_H + c] = gl2_sub(k->tq->beta, zp_mle_eval(k->tq->RL[c - 1], point, l));
        else
            rv[LU_H + c] = zp_mle_eval2(k->R[c], point, l);
    }
    return ZP_OK;
}

/* b last only (zp_sumcheck_zk_prove_kernel_bl): no b round */
static const zp_sc_kernel LB_KERNEL = {NULL, lb_x_round, lb_finish, 1, lb_mask_evals};

/* 1 if inst has the batched shape (zp_zkp_lookup_batch_sc_prove's
 * contract) for K blocks (2 .. LB_MAXK). */
static int lb_shape_ok(const zp_sc_instance *inst, unsigned K, unsigned tau) {
    if (!inst || !inst->tables || !inst->terms || K < 2 || K > LB_MAXK) return 0;
    const unsigned m = inst->n_vars;
    if (m < 1 || m > ZP_SC_MAX_VARS || tau < 1 || tau > m) return 0;
    if (inst->n_tables != 4 + K || inst->n_terms != K + 3) return 0;
    const zp_sc_term *t = inst->terms;
    if (t[0].n_factors != 1 || t[0].factors[0] != LU_H) return 0;
    if (t[1].n_factors != K + 2 || t[1].factors[0] != LU_EQ || t[1].factors[1] != LU_H) return 0;
    for (unsigned j = 0; j < K; j++)
        if (t[1].factors[2 + j] != LU_Q + j) return 0;
    for (unsigned j = 0; j < K; j++) {
        const zp_sc_term *u = &t[2 + j];
        if (u->n_factors != K || u->factors[0] != LU_EQ || !gl2_eq(u->coeff, gl2_neg(t[1].coeff)))
            return 0;
        for (unsigned l = 0, f = 1; l < K; l++)
            if (l != j && u->factors[f++] != LU_Q + l) return 0;
    }
    const zp_sc_term *tw = &t[K + 2];
    if (tw->n_factors != 2 || tw->factors[0] != LU_W || tw->factors[1] != LU_M) return 0;
    const zp_sc_table *T = inst->tables;
    const size_t N = (size_t)1 << m, TT = (size_t)1 << tau;
    if (T[LU_EQ].mask_base || T[LU_EQ].mask_ext) return 0;
    if (!T[LU_W].ext || T[LU_W].mask_base || T[LU_W].mask_ext) return 0;
    if (!T[LU_M].base || !(T[LU_M].mask_base || T[LU_M].mask_ext) ||
        !pow2_le(T[LU_M].mask_len, TT) || (T[LU_M].mask_base && T[LU_M].mask_len < 2))
        return 0;
    for (unsigned j = LU_H; j < 4 + K; j++)
        if (!T[j].ext || !T[j].mask_ext || !pow2_le(T[j].mask_len, N)) return 0;
    return 1;
}

/* zp_zkp_lookup_batch_sc_prove with, for the kernel's shape,
 * the inputs' Q tables in tq form (tq != NULL: inst's Q tables are
 * placeholders, never read). */
static zp_err lb_prove(zp_transcript *tr, zp_bytes *proof, zp_sc_zk_result *res, zp_fe2 *point,
                       zp_fe2 *evals, const zp_sc_instance *inst, zp_fe2 claim, const zp_fe *g0,
                       const zp_fe *g1, const zp_fe2 *r, unsigned K, unsigned tau,
                       const zp_lb_tabs *tq);

zp_err zp_zkp_lookup_batch_sc_prove(zp_transcript *tr, zp_bytes *proof, zp_sc_zk_result *res,
                                    zp_fe2 *point, zp_fe2 *evals, const zp_sc_instance *inst,
                                    zp_fe2 claim, const zp_fe *g0, const zp_fe *g1,
                                    const zp_fe2 *r, unsigned K, unsigned tau) {
    return lb_prove(tr, proof, res, point, evals, inst, claim, g0, g1, r, K, tau, NULL);
}

zp_err zp_zkp_lookup_batch_sc_prove_q(zp_transcript *tr, zp_bytes *proof, zp_sc_zk_result *res,
                                      zp_fe2 *point, zp_fe2 *evals, const zp_sc_instance *inst,
                                      zp_fe2 claim, const zp_fe *g0, const zp_fe *g1,
                                      const zp_fe2 *r, unsigned K, unsigned tau,
                                      const zp_zkp_lu_qsrc *qs) {
    if (!tr || !proof || !res || !point || !evals || !g0 || !g1 || !inst || !r || !qs ||
        !qs->L || !qs->tag || K < 1 || K > ZP_ZKP_LU_QSRC_MAXK || !inst->tables ||
        inst->n_tables != 4 + K || inst->n_vars < 1 || inst->n_vars > ZP_SC_MAX_VARS)
        return ZP_ERR_ARG;
    const unsigned m = inst->n_vars;
    const size_t NM = (size_t)1 << m;
    zp_sc_table tab[ZP_SC_MAX_TABLES];
    memcpy(tab, inst->tables, inst->n_tables * sizeof *tab);
    for (unsigned j = 0; j < K; j++) {
        const size_t lq = tab[LU_Q + j].mask_len;
        if (!qs->R[j] || !lq || (lq & (lq - 1)) || lq > NM) return ZP_ERR_ARG;
    }
    zp_sc_instance in2 = *inst;
    in2.tables = tab;
    zp_lb_tabs tq;
    memset(&tq, 0, sizeof tq);
    /* the tq form maps the tags 1 .. 16 to 16 constants (public data) */
    int tags_ok = 1;
    for (size_t x = 0; x < K * NM; x++) tags_ok &= qs->tag[x] >= 1 && qs->tag[x] <= 16;
    if (K >= 2 && K <= ZP_LB_KERN_MAXK && tags_ok) {
        /* placeholders for the shape check (never read) */
        for (unsigned j = 0; j < K; j++) {
            tab[LU_Q + j].ext = (const zp_fe2 *)qs->L;
            tab[LU_Q + j].mask_ext = (const zp_fe2 *)qs->R[j];
        }
        if (lb_shape_ok(&in2, K, tau)) {
            tq.tq = 1;
            for (unsigned j = 0; j < K; j++) {
                tq.L[j] = qs->L + (size_t)j * NM;
                tq.tg[j] = qs->tag + (size_t)j * NM;
                tq.RL[j] = qs->R[j];
            }
            for (unsigned c = 1; c <= 16; c++)
                tq.qc[c & 15] = gl2_sub(qs->beta, gl2_mul_fe(qs->gamma, (zp_fe)c));
            tq.beta = qs->beta;
            return lb_prove(tr, proof, res, point, evals, &in2, claim, g0, g1, r, K, tau, &tq);
        }
    }
    /* other shapes: the tables themselves */
    size_t len = 0;
    for (unsigned j = 0; j < K; j++) len += NM + tab[LU_Q + j].mask_len;
    zp_fe2 *buf = malloc(len * sizeof(zp_fe2));
    if (!buf) return ZP_ERR_NOMEM;
    zp_fe2 *p = buf;
    for (unsigned j = 0; j < K; j++) {
        const size_t lq = tab[LU_Q + j].mask_len;
        for (size_t x = 0; x < NM; x++)
            p[x] = gl2_sub(gl2_sub(qs->beta, gl2_mul_fe(qs->gamma, qs->tag[j * NM + x])),
                           gl2_from_fe(qs->L[j * NM + x]));
        for (size_t y = 0; y < lq; y++) p[NM + y] = gl2_sub(qs->beta, gl2_from_fe(qs->R[j][y]));
        tab[LU_Q + j].ext = p;
        tab[LU_Q + j].mask_ext = p + NM;
        p += NM + lq;
    }
    zp_err e = lb_prove(tr, proof, res, point, evals, &in2, claim, g0, g1, r, K, tau, NULL);
    zp_memzero(buf, len * sizeof(zp_fe2)); /* functions of the witness */
    free(buf);
    return e;
}

static zp_err lb_prove(zp_transcript *tr, zp_bytes *proof, zp_sc_zk_result *res, zp_fe2 *point,
                       zp_fe2 *evals, const zp_sc_instance *inst, zp_fe2 claim, const zp_fe *g0,
                       const zp_fe *g1, const zp_fe2 *r, unsigned K, unsigned tau,
                       const zp_lb_tabs *tq) {
    if (!tr || !proof || !res || !point || !evals || !g0 || !g1 || !inst || !r)
        return ZP_ERR_ARG;
    if (!lb_shape_ok(inst, K, tau)) {
        /* generic engine with an EQ table (eq(r, .) over all nv variables) */
        if (inst->n_tables < 1 || !inst->tables || inst->n_vars > ZP_SC_MAX_VARS ||
            inst->n_tables > ZP_SC_MAX_TABLES)
            return zp_sumcheck_zk_prove_bl(tr, proof, res, point, evals, inst, claim, g0, g1);
        zp_sc_table tab[ZP_SC_MAX_TABLES];
        memcpy(tab, inst->tables, inst->n_tables * sizeof *tab);
        zp_fe2 *eq = NULL;
        if (!tab[LU_EQ].ext && !tab[LU_EQ].base) {
            eq = calloc((size_t)1 << inst->n_vars, sizeof(zp_fe2));
            if (!eq) return ZP_ERR_NOMEM;
            zp_eq_table(eq, r, inst->n_vars);
            tab[LU_EQ].ext = eq;
        }
        zp_sc_instance in2 = *inst;
        in2.tables = tab;
        zp_err e = zp_sumcheck_zk_prove_bl(tr, proof, res, point, evals, &in2, claim, g0, g1);
        free(eq);
        return e;
    }
    const zp_sc_table *T = inst->tables;
    const unsigned m = inst->n_vars;
    const size_t NM = (size_t)1 << m, TT = (size_t)1 << tau;
    lb_kern k;
    memset(&k, 0, sizeof k);
    k.m = m;
    k.K = K;
    k.r = r;
    k.ch = inst->terms[0].coeff;
    k.ce = inst->terms[1].coeff;
    k.cw = inst->terms[K + 2].coeff;
    for (unsigned c = 0; c <= K; c++) {
        /* tq: the inputs' Q tables are not read (placeholders) */
        k.T[c] = tq && c ? NULL : T[LU_H + c].ext;
        k.R[c] = tq && c ? NULL : T[LU_H + c].mask_ext;
        k.rl[c] = T[LU_H + c].mask_len;
    }
    k.tq = tq;
    lu_kern *wk = &k.wk;
    wk->nv = m;
    wk->tau = tau;
    wk->W = T[LU_W].ext;
    wk->M = T[LU_M].base;
    wk->RMb = T[LU_M].mask_base;
    wk->RMe = T[LU_M].mask_base ? NULL : T[LU_M].mask_ext;
    wk->lm = T[LU_M].mask_len;
    /* buffers: per table of H, Q: 2^m + 2^(m-1); W, M: 2^tau + 2^(tau-1)
     * and their periodic parts; eq blocks */
    const size_t hn = NM, tn = TT > 1 ? TT : 2;
    const size_t lo_cap = (size_t)1 << (m < LU_LOBITS ? m : LU_LOBITS);
    const size_t hi_cap = NM >> (m < LU_LOBITS ? m : LU_LOBITS);
    const size_t len = (K + 1) * (hn + hn / 2) + 2 * (tn + tn / 2) + wk->lm + 1 + lo_cap + hi_cap;
    k.mem = zp_big_alloc(len * sizeof(zp_fe2)); /* reused across proofs */
    if (!k.mem) return ZP_ERR_NOMEM;
    k.mem_len = len;
    zp_fe2 *p = k.mem;
    for (unsigned c = 0; c <= K; c++) {
        k.buf[0][c] = p; p += hn;
        k.buf[1][c] = p; p += hn / 2;
    }
    wk->w.buf[0] = p; p += tn;
    wk->w.buf[1] = p; p += tn / 2;
    wk->m.buf[0] = p; p += tn;
    wk->m.buf[1] = p; p += tn / 2;
    wk->m.Z = p; p += wk->lm;
    wk->w.Z = p; p += 1;
    k.elo = p; p += lo_cap;
    k.ehi = p;
    zp_err e = zp_sumcheck_zk_prove_kernel_bl(tr, proof, res, point, evals, inst, claim, g0,
                                              g1, &LB_KERNEL, &k);
    /* folded tables and masks are functions of the witness: wiped (by
     * zp_big_free) */
    zp_big_free(k.mem, k.mem_len * sizeof(zp_fe2));
    zp_memzero(&k, sizeof k);
    return e;
}
