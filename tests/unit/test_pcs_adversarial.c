/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Cheating provers against the hiding tensor-code commitment: a test-side
 * re-implementation of commit/open (checked byte-identical to the library
 * when honest) with hooks that break one rule at a time. */
// ZP_TEST_LAYER: pcs
#include "harness.h"
#include "field/gl.h"
#include "pcs/pcs_internal.h"
#include "zkprov/pcs.h"

#define DOMAIN "zkprov-v1/test-pcs-adv"

static zp_fe rand_fe(void) { return gl_from_u64(test_rand_u64()); }
static zp_fe2 rand_fe2(void) {
    zp_fe2 r = {rand_fe(), rand_fe()};
    return r;
}
static zp_fe2 mul_x(zp_fe2 a) {
    zp_fe2 r = {gl_mul7(a.c1), a.c0};
    return r;
}
static zp_fe2 dot2(const zp_fe2 *x, const zp_fe2 *y, size_t n) {
    zp_fe2 acc = {0, 0};
    for (size_t i = 0; i < n; i++) acc = gl2_add(acc, gl2_mul(x[i], y[i]));
    return acc;
}

/* ---------------- the test-side prover ---------------- */

typedef struct {
    zp_pcs_params p;
    zp_pcs_shape s;
    zp_fe *coef;  /* committed coefficient rows (rows x L)                 */
    zp_fe *enc;   /* encoded rows actually hashed (rows x N, row-major)     */
    uint8_t *salt;
    zp_merkle_tree *tree;
    zp_digest root;
} cheat_t;

/* How the cheater deviates.  All zero: the honest prover. */
typedef struct {
    /* commit: row mix_row of the encoding takes the encoding of mix_coef's
     * row on the positions j with (j * 7919) % N < mix_cnt */
    const zp_fe *mix_coef;
    size_t mix_row, mix_cnt;
    /* open: coefficient matrix used to compute y and every u (NULL: the
     * committed one) */
    const zp_fe *msg_coef;
    const zp_fe2 *y_override; /* claimed values (NULL: those of msg_coef) */
    int tail;        /* u_c[k] += 1 for claim tail_claim (hiding tail)   */
    size_t tail_claim;
    int u0_tail;     /* u0[k] += 1                                       */
    int cancel;      /* u0[k] += 1, u_c0[k] -= 1: cancel if unweighted */
    int late_v;      /* v_0 chosen "after" rho: v + (y' - y) / rho_guess  */
    int swap_cols;   /* send the columns of queries 0 and 1 swapped        */
    int own_queries; /* open columns the cheater picks (inside the mix set)*/
} cheat_opts;

static int in_mix(const cheat_opts *o, const zp_pcs_shape *s, size_t j) {
    return o && o->mix_coef && (j * 7919) % s->n < o->mix_cnt;
}

static void cheat_free(cheat_t *c) {
    free(c->coef);
    free(c->enc);
    free(c->salt);
    zp_merkle_free(c->tree);
    memset(c, 0, sizeof *c);
}

/* Commit exactly as zp_pcs_commit (same rng streams), then apply the mix. */
static void cheat_commit(cheat_t *c, const zp_pcs_params *p, const zp_fe *evals,
                         const zp_rng *rng, const cheat_opts *o) {
    memset(c, 0, sizeof *c);
    c->p = *p;
    CHECK_OK(zp_pcs_shape_of(&c->s, p));
    const zp_pcs_shape *s = &c->s;
    c->coef = calloc(s->rows * s->L, sizeof(zp_fe));
    c->enc = calloc(s->rows * s->n, sizeof(zp_fe));
    c->salt = calloc(s->n, 32);
    for (size_t r = 0; r < s->rows; r++) {
        zp_fe *row = c->coef + r * s->L;
        if (r < s->rows_data) {
            memcpy(row, evals + r * s->k, s->k * sizeof(zp_fe));
            zp_pcs_sample(row + s->k, s->t, rng, ZP_PCS_D_PAD, r);
        } else {
            zp_pcs_sample(row, s->L, rng, ZP_PCS_D_MASK, r - s->rows_data);
        }
        CHECK_OK(zp_ntt_coset_lde(c->enc + r * s->n, s->log_n, row, s->L, ZP_PCS_SHIFT));
    }
    if (o && o->mix_coef) {
        zp_fe *alt = calloc(s->n, sizeof(zp_fe));
        CHECK_OK(zp_ntt_coset_lde(alt, s->log_n, o->mix_coef + o->mix_row * s->L, s->L,
                                  ZP_PCS_SHIFT));
        for (size_t j = 0; j < s->n; j++)
            if (in_mix(o, s, j)) c->enc[o->mix_row * s->n + j] = alt[j];
        free(alt);
    }
    zp_digest *leaves = calloc(s->n, sizeof(zp_digest));
    uint8_t *rec = calloc(s->stride, 8);
    for (size_t j = 0; j < s->n; j++) {
        zp_rng_stream(rng, ZP_PCS_D_SALT, j, c->salt + 32 * j, 32);
        memcpy(rec, c->salt + 32 * j, 32);
        for (size_t r = 0; r < s->rows; r++)
            zp_store64_le(rec + 32 + 8 * r, c->enc[r * s->n + j]);
        zp_hash_leaf(&leaves[j], rec, s->stride * 8);
    }
    CHECK_OK(zp_merkle_build(&c->tree, leaves, s->n));
    zp_merkle_root(c->tree, &c->root);
    free(leaves);
    free(rec);
}

static void absorb_statement(zp_transcript *tr, const cheat_t *c, size_t n_claims,
                             const zp_fe2 *const *a, const zp_fe2 *const *b, const zp_fe2 *y) {
    const zp_pcs_params *p = &c->p;
    zp_transcript_absorb_u64(tr, "pcs/n_vars", p->n_vars);
    zp_transcript_absorb_u64(tr, "pcs/log_cols", p->log_cols);
    zp_transcript_absorb_u64(tr, "pcs/log_inv_rate", p->log_inv_rate);
    zp_transcript_absorb_u64(tr, "pcs/n_queries", p->n_queries);
    zp_transcript_absorb_u64(tr, "pcs/max_claims", p->max_claims);
    zp_transcript_absorb_u64(tr, "pcs/n_prox", p->n_prox);
    zp_transcript_absorb_digest(tr, "pcs/root", &c->root);
    zp_transcript_absorb_u64(tr, "pcs/n_claims", n_claims);
    for (size_t i = 0; i < n_claims; i++) {
        zp_transcript_absorb_fe2(tr, "pcs/a", a[i], c->s.rows_data);
        /* b as its non-zero range and the values there */
        size_t lo = 0, hi = c->s.k;
        while (hi > 0 && b[i][hi - 1].c0 == 0 && b[i][hi - 1].c1 == 0) hi--;
        while (lo < hi && b[i][lo].c0 == 0 && b[i][lo].c1 == 0) lo++;
        zp_transcript_absorb_u64(tr, "pcs/b-lo", lo);
        zp_transcript_absorb_u64(tr, "pcs/b-hi", hi);
        zp_transcript_absorb_fe2(tr, "pcs/b", b[i] + lo, hi - lo);
    }
    zp_transcript_absorb_fe2(tr, "pcs/y", y, n_claims);
}

static void draw_queries(zp_transcript *tr, size_t *idx, size_t q, size_t n) {
    size_t got = 0;
    while (got < q) {
        size_t j = (size_t)zp_transcript_challenge_index(tr, "pcs/query", n);
        int dup = 0;
        for (size_t i = 0; i < got; i++) dup |= idx[i] == j;
        if (!dup) idx[got++] = j;
    }
    for (size_t i = 1; i < q; i++)
        for (size_t j = i; j > 0 && idx[j - 1] > idx[j]; j--) {
            size_t t = idx[j];
            idx[j] = idx[j - 1];
            idx[j - 1] = t;
        }
}

/* Opening, following docs/spec/pcs.md step by step, with deviations.
 * y_out receives the values the verifier will be given. */
static void cheat_open(cheat_t *c, zp_transcript *tr, zp_bytes *proof, size_t n_claims,
                       const zp_fe2 *const *a, const zp_fe2 *const *b, zp_fe2 *y_out,
                       const cheat_opts *o) {
    const zp_pcs_params *p = &c->p;
    const zp_pcs_shape *s = &c->s;
    const size_t L = s->L, q = s->t, n_u = p->n_prox + n_claims;
    const zp_fe *mc = o && o->msg_coef ? o->msg_coef : c->coef;
    zp_fe2 *u = calloc(n_u * L, sizeof(zp_fe2));
    zp_fe2 *w = calloc(n_u * s->rows, sizeof(zp_fe2));
    zp_fe2 *gamma = calloc(p->n_prox * s->rows_np + 1, sizeof(zp_fe2));
    zp_fe2 rho[ZP_PCS_MAX_CLAIMS], v[ZP_PCS_MAX_CLAIMS], beta[16], lam[ZP_PCS_MAX_CLAIMS + 4];
    size_t *idx = calloc(q, sizeof(size_t));
    zp_digest *path = calloc(s->path_max + 1, sizeof(zp_digest));
    zp_fe2 *uc = u + (size_t)p->n_prox * L;

    for (size_t i = 0; i < n_claims; i++) memcpy(w + i * s->rows, a[i], s->rows_data * sizeof(zp_fe2));
    zp_pcs_rowcomb(uc, n_claims, w, s->rows, mc, s->rows_data, L);
    for (size_t i = 0; i < n_claims; i++) {
        y_out[i] = o && o->y_override ? o->y_override[i] : dot2(uc + i * L, b[i], s->k);
        const zp_fe *s1 = mc + (s->row_claim + 2 * i) * L, *s2 = s1 + L;
        zp_fe2 acc = {0, 0};
        for (size_t j = 0; j < s->k; j++) {
            zp_fe2 sj = {s1[j], s2[j]};
            acc = gl2_add(acc, gl2_mul(sj, b[i][j]));
        }
        v[i] = acc;
    }
    if (o && o->late_v && n_claims) {
        /* Predict rho from the transcript with the honest v, then shift v_0
         * so that the claim check would pass for that rho. */
        zp_transcript t2 = *tr;
        absorb_statement(&t2, c, n_claims, a, b, y_out);
        zp_transcript_absorb_fe2(&t2, "pcs/v", v, n_claims);
        zp_fe2 rg = zp_transcript_challenge_fe2(&t2, "pcs/rho");
        zp_fe2 ytrue = dot2(uc, b[0], s->k);
        v[0] = gl2_add(v[0], gl2_mul(gl2_sub(ytrue, y_out[0]), zp_fe2_inv(rg)));
    }
    absorb_statement(tr, c, n_claims, a, b, y_out);
    zp_fs_send_fe2(tr, proof, "pcs/v", v, n_claims);
    zp_transcript_challenge_fe2_vec(tr, "pcs/rho", rho, n_claims);
    zp_transcript_challenge_fe2_vec(tr, "pcs/gamma", gamma, p->n_prox * s->rows_np);
    zp_transcript_challenge_fe2_vec(tr, "pcs/beta", beta, (size_t)p->n_prox * p->n_prox);
    for (size_t i = 0; i < n_claims; i++) {
        const zp_fe *s1 = mc + (s->row_claim + 2 * i) * L, *s2 = s1 + L;
        for (size_t j = 0; j < L; j++) {
            zp_fe2 sj = {s1[j], s2[j]};
            uc[i * L + j] = gl2_add(uc[i * L + j], gl2_mul(rho[i], sj));
        }
    }
    for (unsigned i = 0; i < p->n_prox; i++) {
        zp_fe2 *wi = w + (size_t)i * s->rows;
        memcpy(wi, gamma + (size_t)i * s->rows_np, s->rows_np * sizeof(zp_fe2));
        for (unsigned j = 0; j < p->n_prox; j++) {
            wi[s->row_prox + 2 * j] = beta[i * p->n_prox + j];
            wi[s->row_prox + 2 * j + 1] = mul_x(beta[i * p->n_prox + j]);
        }
    }
    zp_pcs_rowcomb(u, p->n_prox, w, s->rows, mc, s->rows, L);
    zp_fe2 one = {1, 0};
    if (o && o->tail) uc[o->tail_claim * L + s->k] = gl2_add(uc[o->tail_claim * L + s->k], one);
    if (o && o->u0_tail) u[s->k] = gl2_add(u[s->k], one);
    if (o && o->cancel) {
        u[s->k] = gl2_add(u[s->k], one);
        uc[s->k] = gl2_sub(uc[s->k], one);
    }
    zp_fs_send_fe2(tr, proof, "pcs/u0", u, (size_t)p->n_prox * L);
    zp_fs_send_fe2(tr, proof, "pcs/uc", uc, n_claims * L);

    draw_queries(tr, idx, q, s->n);
    if (o && o->own_queries) {
        size_t got = 0;
        for (size_t j = 0; j < s->n && got < q; j++)
            if (in_mix(o, s, j)) idx[got++] = j;
    }
    for (size_t i = 0; i < q; i++) {
        size_t j = idx[i];
        if (o && o->swap_cols && i < 2) j = idx[1 - i];
        zp_fe *col = calloc(s->rows, sizeof(zp_fe));
        for (size_t r = 0; r < s->rows; r++) col[r] = c->enc[r * s->n + j];
        /* bound by the root: written, not absorbed */
        zp_fs_put_bytes(proof, c->salt + 32 * j, 32);
        zp_fs_put_fe(proof, col, s->rows);
        free(col);
    }
    size_t n_path = 0;
    CHECK_OK(zp_merkle_prove_batch(c->tree, idx, q, path, s->path_max + 1, &n_path));
    CHECK(n_path <= s->path_max);
    zp_fs_put_digest(proof, path, s->path_max);
    zp_transcript_challenge_fe2_vec(tr, "pcs/lambda", lam, n_u);
    free(u);
    free(w);
    free(gamma);
    free(idx);
    free(path);
}

static zp_err verify(const cheat_t *c, const zp_bytes *pf, size_t n, const zp_fe2 *const *a,
                     const zp_fe2 *const *b, const zp_fe2 *y) {
    zp_transcript tr;
    zp_transcript_init(&tr, DOMAIN);
    zp_reader rd;
    zp_reader_init(&rd, pf->data, pf->len);
    zp_err e = zp_pcs_verify(&c->p, &c->root, &tr, &rd, n, a, b, y);
    if (e == ZP_OK) e = zp_reader_finish(&rd);
    return e;
}

/* One cheating run: commit evals with rng seed, open n claims (a, b random
 * over E), return the verifier's answer. */
static zp_err run(const zp_pcs_params *p, const zp_fe *evals, uint64_t seed, size_t n,
                  const zp_fe2 *const *a, const zp_fe2 *const *b, const cheat_opts *o,
                  zp_fe2 *y) {
    zp_rng rng;
    zp_rng_init_u64(&rng, seed);
    cheat_t c;
    cheat_commit(&c, p, evals, &rng, o);
    zp_transcript tr;
    zp_transcript_init(&tr, DOMAIN);
    zp_bytes pf;
    zp_bytes_init(&pf);
    cheat_open(&c, &tr, &pf, n, a, b, y, o);
    zp_err e = verify(&c, &pf, n, a, b, y);
    zp_bytes_free(&pf);
    cheat_free(&c);
    return e;
}

/* Shared fixture: 2^8 evaluations as 16 x 16, 24 queries, rate 1/2. */
typedef struct {
    zp_pcs_params p;
    zp_pcs_shape s;
    zp_fe *ev;
    zp_fe2 *ab[4];
    const zp_fe2 *a[2], *b[2];
} fix_t;

static void fix_new(fix_t *f, unsigned q) {
    zp_pcs_params p = {8, 4, 1, q, 2, 1, 1, 0};
    f->p = p;
    CHECK_OK(zp_pcs_shape_of(&f->s, &p));
    f->ev = malloc(256 * sizeof(zp_fe));
    for (size_t i = 0; i < 256; i++) f->ev[i] = rand_fe();
    for (int i = 0; i < 2; i++) {
        f->ab[2 * i] = malloc(f->s.rows_data * sizeof(zp_fe2));
        f->ab[2 * i + 1] = malloc(f->s.k * sizeof(zp_fe2));
        for (size_t r = 0; r < f->s.rows_data; r++) f->ab[2 * i][r] = rand_fe2();
        for (size_t j = 0; j < f->s.k; j++) f->ab[2 * i + 1][j] = rand_fe2();
        f->a[i] = f->ab[2 * i];
        f->b[i] = f->ab[2 * i + 1];
    }
}

static void fix_free(fix_t *f) {
    free(f->ev);
    for (int i = 0; i < 4; i++) free(f->ab[i]);
}

/* A copy of the coefficient matrix the honest commit would use, with
 * data row `row` shifted by delta in its message part. */
static zp_fe *shifted_coef(const fix_t *f, uint64_t seed, size_t row) {
    zp_rng rng;
    zp_rng_init_u64(&rng, seed);
    cheat_t c;
    cheat_commit(&c, &f->p, f->ev, &rng, NULL);
    zp_fe *m = malloc(f->s.rows * f->s.L * sizeof(zp_fe));
    memcpy(m, c.coef, f->s.rows * f->s.L * sizeof(zp_fe));
    for (size_t j = 0; j < f->s.k; j++) m[row * f->s.L + j] = gl_add(m[row * f->s.L + j], rand_fe());
    cheat_free(&c);
    return m;
}

/* The honest test-side prover produces the library's root and proof bytes:
 * so the cheaters below differ from the library only where they cheat. */
TEST(adv_reimplementation_matches_library) {
    fix_t f;
    fix_new(&f, 24);
    zp_rng rng;
    zp_rng_init_u64(&rng, 5);
    cheat_t c;
    cheat_commit(&c, &f.p, f.ev, &rng, NULL);
    zp_pcs_prover *pr;
    zp_digest root;
    CHECK_OK(zp_pcs_commit(&pr, &root, &f.p, f.ev, &rng));
    CHECK(memcmp(root.b, c.root.b, 32) == 0);
    zp_transcript t1, t2;
    zp_transcript_init(&t1, DOMAIN);
    zp_transcript_init(&t2, DOMAIN);
    zp_bytes p1, p2;
    zp_bytes_init(&p1);
    zp_bytes_init(&p2);
    zp_fe2 y1[2], y2[2];
    CHECK_OK(zp_pcs_open(pr, &t1, &p1, 2, f.a, f.b, y1));
    cheat_open(&c, &t2, &p2, 2, f.a, f.b, y2, NULL);
    CHECK(p1.len == p2.len && memcmp(p1.data, p2.data, p1.len) == 0);
    CHECK(memcmp(t1.state, t2.state, 32) == 0 && t1.n_ops == t2.n_ops);
    CHECK(gl2_eq(y1[0], y2[0]) && gl2_eq(y1[1], y2[1]));
    CHECK_OK(verify(&c, &p2, 2, f.a, f.b, y2));
    zp_pcs_prover_free(pr);
    zp_bytes_free(&p1);
    zp_bytes_free(&p2);
    cheat_free(&c);
    fix_free(&f);
}

/* A data row that is not a codeword: it encodes the true row on 3/4 of the
 * positions and a shifted row (the false message) on 1/4.  The unique
 * decoding is the true row; the cheater claims the value of the shifted
 * matrix and sends every u computed from it.  It survives only if all 24
 * queries land in the shifted quarter (about 2^-48).  Control: with the
 * whole row shifted the same cheater is an honest prover of the shifted
 * matrix and is accepted. */
TEST(adv_non_codeword_row_false_value) {
    fix_t f;
    fix_new(&f, 24);
    for (uint64_t seed = 100; seed < 112; seed++) {
        size_t row = seed % f.s.rows_data;
        zp_fe *m2 = shifted_coef(&f, seed, row);
        cheat_opts o = {0};
        o.mix_coef = m2;
        o.mix_row = row;
        o.mix_cnt = f.s.n / 4;
        o.msg_coef = m2;
        zp_fe2 y[2], yt[2];
        CHECK(run(&f.p, f.ev, seed, 2, f.a, f.b, &o, y) == ZP_ERR_VERIFY);
        CHECK(run(&f.p, f.ev, seed, 2, f.a, f.b, NULL, yt) == ZP_OK);
        CHECK(!gl2_eq(y[0], yt[0])); /* the claim really was false */
        /* The same cheater, but the honest u0 (true matrix) for proximity:
         * still rejected. */
        o.msg_coef = NULL;
        zp_fe2 yfalse[2] = {y[0], y[1]};
        o.y_override = yfalse;
        CHECK(run(&f.p, f.ev, seed, 2, f.a, f.b, &o, y) == ZP_ERR_VERIFY);
        o.y_override = NULL;
        /* control */
        o.msg_coef = m2;
        o.mix_cnt = f.s.n;
        CHECK(run(&f.p, f.ev, seed, 2, f.a, f.b, &o, y) == ZP_OK);
        free(m2);
    }
    fix_free(&f);
}

/* u_c right on the message part, wrong in the hiding tail (positions >= k,
 * where b has no weight, so the claim check alone passes): the encoding
 * differs at every point, the consistency check must catch it.  For either
 * claim, and for the proximity vector u0. */
TEST(adv_tail_of_u) {
    fix_t f;
    fix_new(&f, 24);
    for (uint64_t seed = 200; seed < 206; seed++) {
        zp_fe2 y[2];
        cheat_opts o = {0};
        o.tail = 1;
        o.tail_claim = seed & 1;
        CHECK(run(&f.p, f.ev, seed, 2, f.a, f.b, &o, y) == ZP_ERR_VERIFY);
        cheat_opts o2 = {0};
        o2.u0_tail = 1;
        CHECK(run(&f.p, f.ev, seed, 2, f.a, f.b, &o2, y) == ZP_ERR_VERIFY);
        cheat_opts o3 = {0};
        o3.cancel = 1; /* u0 + d and u_c - d: cancels only with equal weights */
        CHECK(run(&f.p, f.ev, seed, 2, f.a, f.b, &o3, y) == ZP_ERR_VERIFY);
    }
    fix_free(&f);
}

/* y and every u of a different polynomial (consistent among themselves, so
 * the claim check passes), against the commitment to the first one. */
TEST(adv_value_of_other_polynomial) {
    fix_t f;
    fix_new(&f, 24);
    for (uint64_t seed = 300; seed < 306; seed++) {
        zp_fe *m2 = shifted_coef(&f, seed, (seed * 5) % f.s.rows_data);
        cheat_opts o = {0};
        o.msg_coef = m2;
        zp_fe2 y[2];
        CHECK(run(&f.p, f.ev, seed, 2, f.a, f.b, &o, y) == ZP_ERR_VERIFY);
        /* only the second claim false: the verifier checks every claim */
        zp_fe2 yt[2];
        CHECK(run(&f.p, f.ev, seed, 2, f.a, f.b, NULL, yt) == ZP_OK);
        zp_fe2 yf[2] = {yt[0], gl2_add(yt[1], rand_fe2())};
        cheat_opts o2 = {0};
        o2.y_override = yf;
        CHECK(run(&f.p, f.ev, seed, 2, f.a, f.b, &o2, y) == ZP_ERR_VERIFY);
        free(m2);
    }
    fix_free(&f);
}

/* A false y with honest u needs v_c chosen after rho; v_c is absorbed
 * before rho, so a v fitted to a predicted rho fails. */
TEST(adv_v_fitted_to_rho) {
    fix_t f;
    fix_new(&f, 24);
    for (uint64_t seed = 400; seed < 406; seed++) {
        zp_fe2 yt[2], y[2];
        CHECK(run(&f.p, f.ev, seed, 2, f.a, f.b, NULL, yt) == ZP_OK);
        zp_fe2 yf[2] = {gl2_add(yt[0], rand_fe2()), yt[1]};
        cheat_opts o = {0};
        o.y_override = yf;
        o.late_v = 1;
        CHECK(run(&f.p, f.ev, seed, 2, f.a, f.b, &o, y) == ZP_ERR_VERIFY);
    }
    fix_free(&f);
}

/* Columns: swapped between two queries, or taken at indices of the
 * cheater's choice (all inside the region that matches its false u). */
TEST(adv_columns_and_queries) {
    fix_t f;
    fix_new(&f, 24);
    for (uint64_t seed = 500; seed < 504; seed++) {
        zp_fe2 y[2];
        cheat_opts o = {0};
        o.swap_cols = 1;
        CHECK(run(&f.p, f.ev, seed, 2, f.a, f.b, &o, y) == ZP_ERR_VERIFY);
        size_t row = seed % f.s.rows_data;
        zp_fe *m2 = shifted_coef(&f, seed, row);
        cheat_opts o2 = {0};
        o2.mix_coef = m2;
        o2.mix_row = row;
        o2.mix_cnt = f.s.n / 2;
        o2.msg_coef = m2;
        o2.own_queries = 1;
        CHECK(run(&f.p, f.ev, seed, 2, f.a, f.b, &o2, y) == ZP_ERR_VERIFY);
        free(m2);
    }
    fix_free(&f);
}

/* The commitment binds the parameters: a proof verified under parameters
 * with another split, query count or claim budget is rejected (or refused),
 * never accepted. */
TEST(adv_parameters_bound) {
    fix_t f;
    fix_new(&f, 24);
    zp_rng rng;
    zp_rng_init_u64(&rng, 600);
    cheat_t c;
    cheat_commit(&c, &f.p, f.ev, &rng, NULL);
    zp_transcript tr;
    zp_transcript_init(&tr, DOMAIN);
    zp_bytes pf;
    zp_bytes_init(&pf);
    zp_fe2 y[2];
    cheat_open(&c, &tr, &pf, 2, f.a, f.b, y, NULL);
    CHECK_OK(verify(&c, &pf, 2, f.a, f.b, y));
    zp_pcs_params alt[3] = {f.p, f.p, f.p};
    alt[0].max_claims = 3;
    alt[1].n_queries = 23;
    alt[2].n_prox = 2;
    for (int i = 0; i < 3; i++) {
        zp_transcript t2;
        zp_transcript_init(&t2, DOMAIN);
        zp_reader rd;
        zp_reader_init(&rd, pf.data, pf.len);
        zp_err e = zp_pcs_verify(&alt[i], &c.root, &t2, &rd, 2, f.a, f.b, y);
        if (e == ZP_OK) e = zp_reader_finish(&rd);
        CHECK(e != ZP_OK);
    }
    zp_bytes_free(&pf);
    cheat_free(&c);
    fix_free(&f);
}
