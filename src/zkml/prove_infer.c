/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Proven inference of the fixed-point MLP: the circuit (affine products,
 * rounding remainders, ReLU / saturation as a proven clamp) on the builder
 * of zkp_builder.c (docs/spec/infer.md). */
#include <stdlib.h>
#include <string.h>

#include "common/ctime.h"
#include "field/gl.h"
#include "zkp_internal.h"

void zp_infer_opts_default(zp_infer_opts *o) {
    if (!o) return;
    o->private_input = 0;
    o->check_weights = 0;
}

void zp_infer_proof_free(uint8_t *proof) { free(proof); }

/* Field arrays of the circuit, feature-major and zero-padded to powers of
 * two: X0 (d0' x B'), W_l (d_{l+1}' x d_l'), b_l (d_{l+1}'), and per layer
 * Y_l, U+_l, Sm_l = U+_l + U-_l (array Um), Rm_l (d_{l+1}' x B').  Witness
 * arrays are NULL on the verifier; Y_{L-1} (the logits) is public. */
typedef struct {
    unsigned L, ld[ZP_ZKML_MAX_LAYERS + 1], lb;
    unsigned sa, sw, ab, wb, K;
    int priv, checkw;
    zp_fe *X0, *o;
    zp_fe *W[ZP_ZKML_MAX_LAYERS], *b[ZP_ZKML_MAX_LAYERS];
    zp_fe *Y[ZP_ZKML_MAX_LAYERS], *Up[ZP_ZKML_MAX_LAYERS], *Um[ZP_ZKML_MAX_LAYERS];
    zp_fe *Rm[ZP_ZKML_MAX_LAYERS];
    zp_fe *PW[ZP_ZKML_MAX_LAYERS], *Pb[ZP_ZKML_MAX_LAYERS], *PX; /* padding indicators */
    zp_fe *Wrun0; /* tests: W_0 used in the run pass */
    const zp_model_layout *ml; /* bound to a model commitment: W, b there */
    unsigned xj;               /* its opening index */
} icirc;

static unsigned lgc(size_t v) {
    unsigned k = 0;
    while (((size_t)1 << k) < v) k++;
    return k;
}

static zp_fe2 c2(int64_t v) { return gl2_from_fe(zp_fe_from_i64(v)); }

/* The circuit, run in both passes (docs/spec/infer.md, "Circuit"). */
static zp_err circuit(zp_zkp *z, icirc *c) {
    zp_err e;
    size_t idX, idW, idb, idY, idUp, idUm, idRm, id;
    const int64_t A = (int64_t)1 << (c->ab - 1);
    if (c->priv) e = zp_zkp_witness(z, &idX, c->ld[0] + c->lb, c->X0);
    else e = zp_zkp_public(z, &idX, c->ld[0] + c->lb, c->X0);
    if (e != ZP_OK) return e;
    if (c->priv) {
        if ((e = zp_zkp_range(z, idX, A, c->ab)) != ZP_OK) return e;
        if (c->PX) {
            if ((e = zp_zkp_public(z, &id, c->ld[0] + c->lb, c->PX)) != ZP_OK) return e;
            zp_zkp_term t = {gl2_from_fe(1), 2, {id, idX}};
            if ((e = zp_zkp_zerocheck(z, c->ld[0] + c->lb, &t, 1)) != ZP_OK) return e;
        }
    }
    for (unsigned l = 0; l < c->L; l++) {
        const unsigned lo_ = c->ld[l + 1], li = c->ld[l], lz = lo_ + c->lb;
        const int last = l + 1 == c->L;
        const zp_fe *wv = (l == 0 && c->Wrun0 && !zp_zkp_planning(z)) ? c->Wrun0 : c->W[l];
        if (c->ml) {
            e = zp_zkp_external(z, &idW, lo_ + li, wv, c->ml->off[2 * l],
                                zp_model_mask_offset(c->ml, 2 * l, c->xj));
            if (e == ZP_OK)
                e = zp_zkp_external(z, &idb, lo_, c->b[l], c->ml->off[2 * l + 1],
                                    zp_model_mask_offset(c->ml, 2 * l + 1, c->xj));
            if (e != ZP_OK) return e;
        } else {
            if ((e = zp_zkp_witness(z, &idW, lo_ + li, wv)) != ZP_OK) return e;
            if ((e = zp_zkp_witness(z, &idb, lo_, c->b[l])) != ZP_OK) return e;
        }
        if ((e = zp_zkp_witness(z, &idRm, lz, c->Rm[l])) != ZP_OK) return e;
        if ((e = zp_zkp_witness(z, &idUp, lz, c->Up[l])) != ZP_OK) return e;
        if ((e = zp_zkp_witness(z, &idUm, lz, c->Um[l])) != ZP_OK) return e;
        if (last) e = zp_zkp_public(z, &idY, lz, c->Y[l]);
        else e = zp_zkp_witness(z, &idY, lz, c->Y[l]);
        if (e != ZP_OK) return e;
        /* W X + 2^sa b o^T + 2^(sw-1) o^T = 2^sw (Y + U+ - U-) + Rm, with
         * U- = Sm - U+ (idUm holds Sm = U+ + U-, the clamp's one range) */
        const int64_t S = (int64_t)1 << c->sw;
        zp_zkp_tail tl[5] = {
            {idY, c2(-S), 0}, {idUp, c2(-2 * S), 0}, {idUm, c2(S), 0}, {idRm, c2(-1), 0},
            {idb, c2((int64_t)1 << c->sa), 1}};
        e = zp_zkp_matmul_affine(z, idW, idX, lo_, li, c->lb, tl, 5,
                                 c2((int64_t)1 << (c->sw - 1)), c->o);
        if (e != ZP_OK) return e;
        /* clamp to [lo, hi] with one range (docs/spec/infer.md, "Clamp"):
         * U+ (hi - Y) + lambda (Sm - U+)(Y - lo) = 0, Sm in [0, 2^K).  As
         * lo < hi, U+ != 0 forces Y = hi and then Sm = U+: U+ and
         * U- = Sm - U+ are each 0 or Sm, so both lie in [0, 2^K). */
        const int64_t hi = A - 1, lo = last ? -A : 0;
        zp_fe2 lam = zp_zkp_challenge(z, "infer/lambda");
        zp_zkp_term t[4] = {
            {gl2_add(c2(hi), gl2_mul(lam, c2(lo))), 1, {idUp, 0}},
            {gl2_neg(gl2_add(c2(1), lam)), 2, {idUp, idY}},
            {lam, 2, {idUm, idY}},
            {gl2_mul(lam, c2(-lo)), 1, {idUm, 0}}};
        if ((e = zp_zkp_zerocheck(z, lz, t, 4)) != ZP_OK) return e;
        if ((e = zp_zkp_range(z, idRm, 0, c->sw)) != ZP_OK) return e;
        if ((e = zp_zkp_range(z, idUm, 0, c->K)) != ZP_OK) return e;
        if (last) e = zp_zkp_range(z, idY, A, c->ab);
        else e = zp_zkp_range(z, idY, 0, c->ab - 1);
        if (e != ZP_OK) return e;
        if (c->checkw) {
            const int64_t H = (int64_t)1 << (c->wb - 1);
            if ((e = zp_zkp_range(z, idW, H, c->wb)) != ZP_OK) return e;
            if ((e = zp_zkp_range(z, idb, H, c->wb)) != ZP_OK) return e;
        }
        if (c->PW[l]) {
            if ((e = zp_zkp_public(z, &id, lo_ + li, c->PW[l])) != ZP_OK) return e;
            zp_zkp_term tw = {gl2_from_fe(1), 2, {id, idW}};
            if ((e = zp_zkp_zerocheck(z, lo_ + li, &tw, 1)) != ZP_OK) return e;
        }
        if (c->Pb[l]) {
            if ((e = zp_zkp_public(z, &id, lo_, c->Pb[l])) != ZP_OK) return e;
            zp_zkp_term tb = {gl2_from_fe(1), 2, {id, idb}};
            if ((e = zp_zkp_zerocheck(z, lo_, &tb, 1)) != ZP_OK) return e;
        }
        idX = idY;
    }
    return ZP_OK;
}

static void icirc_free(icirc *c) {
    free(c->X0);
    free(c->o);
    free(c->PX);
    free(c->Wrun0);
    for (unsigned l = 0; l < ZP_ZKML_MAX_LAYERS; l++) {
        size_t nW = c->W[l] ? (size_t)1 << (c->ld[l + 1] + c->ld[l]) : 0;
        size_t nz = (size_t)1 << (c->ld[l + 1] + c->lb);
        if (c->W[l]) zp_memzero(c->W[l], nW * sizeof(zp_fe));
        if (c->b[l]) zp_memzero(c->b[l], ((size_t)1 << c->ld[l + 1]) * sizeof(zp_fe));
        if (c->Up[l]) zp_memzero(c->Up[l], nz * sizeof(zp_fe));
        if (c->Um[l]) zp_memzero(c->Um[l], nz * sizeof(zp_fe));
        if (c->Rm[l]) zp_memzero(c->Rm[l], nz * sizeof(zp_fe));
        if (c->Y[l] && l + 1 < c->L) zp_memzero(c->Y[l], nz * sizeof(zp_fe));
        free(c->W[l]); free(c->b[l]); free(c->Y[l]); free(c->Up[l]); free(c->Um[l]);
        free(c->Rm[l]); free(c->PW[l]); free(c->Pb[l]);
    }
    memset(c, 0, sizeof *c);
}

/* Shapes, bounds and the public arrays (both sides). */
static zp_err icirc_init(icirc *c, const zp_train_config *cfg, size_t n,
                         const zp_infer_opts *opts) {
    memset(c, 0, sizeof *c);
    if (!cfg || n < 1 || n > ZP_ZKML_MAX_BATCH || cfg->n_layers < 1 ||
        cfg->n_layers > ZP_ZKML_MAX_LAYERS)
        return ZP_ERR_ARG;
    if (cfg->act_bits < 2 || cfg->act_bits > 32 || cfg->weight_bits < 2 ||
        cfg->weight_bits > 32 || cfg->weight_scale < 1 || cfg->weight_scale > 32 ||
        cfg->act_scale > 32)
        return ZP_ERR_ARG;
    c->L = cfg->n_layers;
    c->sa = cfg->act_scale;
    c->sw = cfg->weight_scale;
    c->ab = cfg->act_bits;
    c->wb = cfg->weight_bits;
    c->priv = opts->private_input != 0;
    c->checkw = opts->check_weights != 0;
    c->lb = lgc(n);
    for (unsigned l = 0; l <= c->L; l++) {
        if (cfg->dims[l] < 1 || cfg->dims[l] > ZP_ZKML_MAX_WIDTH) return ZP_ERR_ARG;
        c->ld[l] = lgc(cfg->dims[l]);
        if (c->ld[l] < 1) c->ld[l] = 1;
    }
    /* |acc| <= din A Wmax + Wmax 2^sa; |q| <= |acc| / 2^sw + 1; U+- < |q| + A */
    unsigned __int128 Wm = (unsigned __int128)1 << (c->wb - 1), Am = (unsigned __int128)1 << (c->ab - 1);
    unsigned K = 1;
    for (unsigned l = 0; l < c->L; l++) {
        unsigned __int128 acc = (unsigned __int128)cfg->dims[l] * Am * Wm + (Wm << c->sa) +
                                ((unsigned __int128)1 << (c->sw - 1));
        if (acc >= ((unsigned __int128)1 << 62)) return ZP_ERR_UNSUPPORTED;
        unsigned __int128 u = (acc >> c->sw) + 2 + Am;
        unsigned k = 1;
        while (((unsigned __int128)1 << k) <= u) k++;
        if (k > K) K = k;
    }
    if (K > ZP_RANGE_MAX_BITS || c->sw > ZP_RANGE_MAX_BITS || c->sw + K + 2 > 62)
        return ZP_ERR_UNSUPPORTED;
    if (c->ld[0] + c->lb > ZP_SC_MAX_VARS) return ZP_ERR_UNSUPPORTED;
    for (unsigned l = 0; l < c->L; l++)
        if (c->ld[l] + c->ld[l + 1] > 24 || c->ld[l + 1] + c->lb > 24) return ZP_ERR_UNSUPPORTED;
    c->K = K;
    const size_t Bp = (size_t)1 << c->lb;
    c->o = calloc(Bp, sizeof(zp_fe));
    if (!c->o) return ZP_ERR_NOMEM;
    for (size_t j = 0; j < n; j++) c->o[j] = 1;
    for (unsigned l = 0; l < c->L; l++) {
        const size_t dout = cfg->dims[l + 1], din = cfg->dims[l];
        const size_t Do = (size_t)1 << c->ld[l + 1], Di = (size_t)1 << c->ld[l];
        if (dout != Do || din != Di) {
            c->PW[l] = calloc(Do * Di, sizeof(zp_fe));
            if (!c->PW[l]) return ZP_ERR_NOMEM;
            for (size_t j = 0; j < Do; j++)
                for (size_t k = 0; k < Di; k++) c->PW[l][j * Di + k] = j >= dout || k >= din;
        }
        if (dout != Do) {
            c->Pb[l] = calloc(Do, sizeof(zp_fe));
            if (!c->Pb[l]) return ZP_ERR_NOMEM;
            for (size_t j = dout; j < Do; j++) c->Pb[l][j] = 1;
        }
    }
    if (c->priv && (cfg->dims[0] != ((size_t)1 << c->ld[0]) || n != Bp)) {
        const size_t D0 = (size_t)1 << c->ld[0];
        c->PX = calloc(D0 * Bp, sizeof(zp_fe));
        if (!c->PX) return ZP_ERR_NOMEM;
        for (size_t k = 0; k < D0; k++)
            for (size_t j = 0; j < Bp; j++) c->PX[k * Bp + j] = k >= cfg->dims[0] || j >= n;
    }
    return ZP_OK;
}

/* Feature-major padded copy of a row-major n x d int64 matrix. */
static zp_fe *fm_copy(const int64_t *v, size_t n, size_t d, unsigned ld, unsigned lb) {
    const size_t Bp = (size_t)1 << lb;
    zp_fe *out = calloc(((size_t)1 << ld) * Bp, sizeof(zp_fe));
    if (!out) return NULL;
    for (size_t r = 0; r < n; r++)
        for (size_t k = 0; k < d; k++) out[k * Bp + r] = zp_fe_from_i64(v[r * d + k]);
    return out;
}

static void absorb_statement(zp_transcript *tr, const zp_train_config *cfg, size_t n,
                             const icirc *c, const zp_fe *Xpub, const zp_fe *Ypub,
                             const zp_model_commit *mc) {
    if (mc) {
        /* bound: the model commitment (its digest covers the architecture,
         * the formats, the PCS parameters and the root) and the opening */
        zp_transcript_absorb_bytes(tr, "infer/model", mc->digest, 32);
        zp_transcript_absorb_u64(tr, "infer/opening", c->xj);
    }
    zp_transcript_absorb_u64(tr, "infer/layers", cfg->n_layers);
    for (unsigned l = 0; l <= cfg->n_layers; l++)
        zp_transcript_absorb_u64(tr, "infer/dim", cfg->dims[l]);
    zp_transcript_absorb_u64(tr, "infer/act_scale", cfg->act_scale);
    zp_transcript_absorb_u64(tr, "infer/act_bits", cfg->act_bits);
    zp_transcript_absorb_u64(tr, "infer/weight_scale", cfg->weight_scale);
    zp_transcript_absorb_u64(tr, "infer/weight_bits", cfg->weight_bits);
    zp_transcript_absorb_u64(tr, "infer/batch", n);
    zp_transcript_absorb_u64(tr, "infer/private_input", (uint64_t)c->priv);
    zp_transcript_absorb_u64(tr, "infer/check_weights", (uint64_t)c->checkw);
    if (Xpub)
        zp_transcript_absorb_fe(tr, "infer/input", Xpub, (size_t)1 << (c->ld[0] + c->lb));
    zp_transcript_absorb_fe(tr, "infer/logits", Ypub,
                            (size_t)1 << (c->ld[c->L] + c->lb));
}

static int64_t m_bias(const icirc *c, const zp_mlp *m, unsigned l, size_t j, size_t dout) {
    return j < dout ? m->b[l][j] * ((int64_t)1 << c->sa) : 0;
}

/* Signed representative in (-p/2, p/2), constant time (zkml.h helpers). */
static int64_t sgn(zp_fe v) {
    const uint64_t hi = 0 - (uint64_t)((GL_P / 2 - v) >> 63); /* v > p/2 */
    return (int64_t)(v - (GL_P & hi));
}

/* The prover's witness: the forward pass of docs/spec/fixed-point.md in
 * the field (exact: every value is below 2^62 in absolute value), layer by
 * layer, with the tampering of the tests applied where asked. */
static zp_err witness(icirc *c, const zp_train_config *cfg, const zp_mlp *m, size_t n,
                      int tamper) {
    const size_t Bp = (size_t)1 << c->lb;
    const int64_t A = (int64_t)1 << (c->ab - 1);
    const zp_fe *X = c->X0;
    for (unsigned l = 0; l < c->L; l++) {
        const size_t dout = cfg->dims[l + 1], din = cfg->dims[l];
        const size_t Do = (size_t)1 << c->ld[l + 1], Di = (size_t)1 << c->ld[l];
        const size_t nz = Do * Bp;
        const int last = l + 1 == c->L;
        c->W[l] = calloc(Do * Di, sizeof(zp_fe));
        c->b[l] = calloc(Do, sizeof(zp_fe));
        c->Y[l] = calloc(nz, sizeof(zp_fe));
        c->Up[l] = calloc(nz, sizeof(zp_fe));
        c->Um[l] = calloc(nz, sizeof(zp_fe));
        c->Rm[l] = calloc(nz, sizeof(zp_fe));
        zp_fe *acc = calloc(nz, sizeof(zp_fe));
        if (!c->W[l] || !c->b[l] || !c->Y[l] || !c->Up[l] || !c->Um[l] || !c->Rm[l] || !acc) {
            free(acc);
            return ZP_ERR_NOMEM;
        }
        for (size_t j = 0; j < dout; j++) {
            for (size_t k = 0; k < din; k++) c->W[l][j * Di + k] = zp_fe_from_i64(m->w[l][j * din + k]);
            c->b[l][j] = zp_fe_from_i64(m->b[l][j]);
        }
        if (l == 0 && tamper == ZP_INFER_TAMPER_WEIGHT) {
            c->Wrun0 = malloc(Do * Di * sizeof(zp_fe));
            if (!c->Wrun0) { free(acc); return ZP_ERR_NOMEM; }
            memcpy(c->Wrun0, c->W[0], Do * Di * sizeof(zp_fe));
            c->Wrun0[0] = gl_add(c->Wrun0[0], 1);
        }
        zp_matmul_compute(acc, (l == 0 && c->Wrun0) ? c->Wrun0 : c->W[l], X, Do, Di, Bp);
        const int64_t lo = last ? -A : 0, hi = A - 1;
        int done = 0;
        for (size_t j = 0; j < Do; j++)
            for (size_t r = 0; r < Bp; r++) {
                size_t i = j * Bp + r;
                if (r >= n) continue; /* padded batch columns: all zero */
                int64_t a = sgn(acc[i]) + m_bias(c, m, l, j, dout);
                int64_t rem;
                int64_t q = zp_fx_rdiv2(a, c->sw, &rem);
                int64_t y = zp_fx_clamp(q, lo, hi);
                if (!done && l == 0 && j < dout) {
                    if (tamper == ZP_INFER_TAMPER_RELU && q > 0 && !last) {
                        y = 0;
                        done = 1;
                    } else if (tamper == ZP_INFER_TAMPER_REM ||
                               tamper == ZP_INFER_TAMPER_REM_TRUNC) {
                        q -= 1;
                        rem += (int64_t)1 << c->sw;
                        y = zp_fx_clamp(q, lo, hi);
                        done = 1;
                    }
                }
                /* Sm = U+ + U- = |q - y| (one of the two is zero) */
                int64_t up = zp_fx_pos(q - y), sm = zp_fx_pos(q - y) + zp_fx_pos(y - q);
                /* tests only: the public tamper mode is tested first, so the
                 * honest prover never branches on q or y (tests/ctime) */
                if ((tamper == ZP_INFER_TAMPER_CLAMP_BOTH || tamper == ZP_INFER_TAMPER_CLAMP_LO) &&
                    !done && l == 0 && j < dout && y == q && q >= lo && q < hi) {
                    /* clamp cheats that keep q = Y + 2 U+ - Sm (so the
                     * product holds) with Y in range: U+ = U- = 1 (caught
                     * by U+ (hi - Y)); Y = q + 1, U+ = 0, Sm = 1 (caught
                     * by the lambda term alone) */
                    if (tamper == ZP_INFER_TAMPER_CLAMP_BOTH) {
                        up = 1;
                        sm = 2;
                        done = 1;
                    } else if (tamper == ZP_INFER_TAMPER_CLAMP_LO) {
                        y = q + 1;
                        sm = 1;
                        done = 1;
                    }
                }
                c->Rm[l][i] = zp_fe_from_i64(rem);
                c->Y[l][i] = zp_fe_from_i64(y);
                c->Up[l][i] = zp_fe_from_i64(up);
                c->Um[l][i] = zp_fe_from_i64(sm);
            }
        free(acc);
        X = c->Y[l];
    }
    return ZP_OK;
}

/* One run of the builder: plan, commit, run, finish. */
static zp_err run_builder(zp_zkp *z, icirc *c) {
    zp_err e = circuit(z, c);
    if (e == ZP_OK) e = zp_zkp_commit(z);
    if (e == ZP_OK) e = circuit(z, c);
    if (e == ZP_OK) e = zp_zkp_finish(z);
    return e;
}

static zp_err prove_core(uint8_t **proof, size_t *proof_len, int64_t *logits,
                         const zp_train_config *cfg, const zp_mlp *m, const int64_t *x,
                         size_t n, const zp_infer_opts *opts, const zp_rng *rng,
                         int tamper, zp_model_prover *mp, unsigned xj) {
    if (proof) *proof = NULL;
    if (proof_len) *proof_len = 0;
    if (!proof || !proof_len || !cfg || !m || !x || m->n_layers != cfg->n_layers)
        return ZP_ERR_ARG;
    for (unsigned l = 0; l <= cfg->n_layers; l++)
        if (m->dims[l] != cfg->dims[l]) return ZP_ERR_ARG;
    zp_infer_opts od;
    zp_infer_opts_default(&od);
    if (!opts) opts = &od;
    icirc c;
    zp_err e = icirc_init(&c, cfg, n, opts);
    if (e != ZP_OK) { icirc_free(&c); return e; }
    if (mp) {
        c.ml = &mp->pub.lay;
        c.xj = xj;
    }
    /* x in [-A, A) exactly when x + A (mod 2^64) is below 2^ab (ab <= 32):
     * one branch-free pass over the (possibly private) input, and one
     * declassified bit for the error return (src/common/ctime.h) */
    const uint64_t A = (uint64_t)1 << (c.ab - 1);
    uint64_t bad = 0;
    for (size_t i = 0; i < n * cfg->dims[0]; i++) bad |= ((uint64_t)x[i] + A) >> c.ab;
    ZP_DECLASSIFY(&bad, sizeof bad);
    if (bad) { icirc_free(&c); return ZP_ERR_ARG; }
    zp_rng r0;
    if (rng) r0 = *rng;
    else if (zp_rng_init_os(&r0) != ZP_OK) { icirc_free(&c); return ZP_ERR_INTERNAL; }
    c.X0 = fm_copy(x, n, cfg->dims[0], c.ld[0], c.lb);
    e = c.X0 ? witness(&c, cfg, m, n, tamper) : ZP_ERR_NOMEM;
    zp_bytes pf;
    zp_bytes_init(&pf);
    zp_zkp *z = NULL;
    if (e == ZP_OK) {
        zp_transcript tr;
        zp_transcript_init(&tr, "zkprov-v1/infer");
        absorb_statement(&tr, cfg, n, &c, c.priv ? NULL : c.X0, c.Y[c.L - 1],
                         mp ? &mp->pub : NULL);
        e = zp_zkp_create(&z, &tr, &pf, NULL, &r0);
        if (e == ZP_OK && mp) {
            zp_zkp_ext ext = {&mp->pub.pp, &mp->pub.root, xj, mp->pub.lay.log_cols, mp->pcs,
                              mp->evals};
            e = zp_zkp_set_external(z, &ext);
        }
        if (e == ZP_OK && tamper != ZP_INFER_HONEST) zp_zkp_set_unchecked(z);
        if (e == ZP_OK && tamper == ZP_INFER_TAMPER_REM) zp_zkp_set_forge(z, 1);
        if (e == ZP_OK && tamper == ZP_INFER_TAMPER_REM_TRUNC) zp_zkp_set_forge(z, 2);
        if (e == ZP_OK) e = run_builder(z, &c);
    }
    zp_zkp_free(z);
    zp_memzero(&r0, sizeof r0);
    if (e == ZP_OK && pf.failed) e = ZP_ERR_NOMEM;
    if (e == ZP_OK && logits) {
        const size_t d = cfg->dims[c.L], Bp = (size_t)1 << c.lb;
        for (size_t r = 0; r < n; r++)
            for (size_t j = 0; j < d; j++) logits[r * d + j] = sgn(c.Y[c.L - 1][j * Bp + r]);
    }
    if (e == ZP_OK) {
        *proof = pf.data;
        *proof_len = pf.len;
    } else {
        zp_bytes_free(&pf);
    }
    icirc_free(&c);
    return e;
}

zp_err zp_infer_prove_ex(uint8_t **proof, size_t *proof_len, int64_t *logits,
                         const zp_train_config *cfg, const zp_mlp *m, const int64_t *x,
                         size_t n, const zp_infer_opts *opts, const zp_rng *rng,
                         int tamper) {
    return prove_core(proof, proof_len, logits, cfg, m, x, n, opts, rng, tamper, NULL, 0);
}

zp_err zp_infer_prove_model_ex(uint8_t **proof, size_t *proof_len, int64_t *logits,
                               unsigned *index, zp_model_prover *mp, const int64_t *x,
                               size_t n, const zp_infer_opts *opts, const zp_rng *rng,
                               int tamper) {
    if (proof) *proof = NULL;
    if (proof_len) *proof_len = 0;
    if (index) *index = 0;
    if (!mp || !index || !mp->pcs || mp->next >= mp->pub.pp.max_openings) return ZP_ERR_ARG;
    const unsigned j = mp->next++; /* consumed, also if the proof fails */
    *index = j;
    return prove_core(proof, proof_len, logits, &mp->pub.cfg, &mp->m, x, n, opts, rng, tamper,
                      mp, j);
}

zp_err zp_infer_prove_model(uint8_t **proof, size_t *proof_len, int64_t *logits,
                            unsigned *index, zp_model_prover *mp, const int64_t *x, size_t n,
                            const zp_infer_opts *opts, const zp_rng *rng) {
    return zp_infer_prove_model_ex(proof, proof_len, logits, index, mp, x, n, opts, rng,
                                   ZP_INFER_HONEST);
}

zp_err zp_infer_prove(uint8_t **proof, size_t *proof_len, int64_t *logits,
                      const zp_train_config *cfg, const zp_mlp *m, const int64_t *x,
                      size_t n, const zp_infer_opts *opts, const zp_rng *rng) {
    return zp_infer_prove_ex(proof, proof_len, logits, cfg, m, x, n, opts, rng,
                             ZP_INFER_HONEST);
}

static zp_err verify_core(const zp_train_config *cfg, const int64_t *x, size_t n,
                          const int64_t *logits, const zp_infer_opts *opts,
                          const uint8_t *proof, size_t len, const zp_model_commit *mc,
                          unsigned j) {
    zp_infer_opts od;
    zp_infer_opts_default(&od);
    if (!opts) opts = &od;
    if (!cfg || !logits || !proof || (!opts->private_input && !x)) return ZP_ERR_ARG;
    icirc c;
    zp_err e = icirc_init(&c, cfg, n, opts);
    if (e != ZP_OK) { icirc_free(&c); return e; }
    if (mc) {
        c.ml = &mc->lay;
        c.xj = j;
    }
    const int64_t A = (int64_t)1 << (c.ab - 1);
    if (!c.priv) {
        for (size_t i = 0; i < n * cfg->dims[0] && e == ZP_OK; i++)
            if (x[i] < -A || x[i] >= A) e = ZP_ERR_VERIFY;
        if (e == ZP_OK && !(c.X0 = fm_copy(x, n, cfg->dims[0], c.ld[0], c.lb))) e = ZP_ERR_NOMEM;
    }
    for (size_t i = 0; i < n * cfg->dims[c.L] && e == ZP_OK; i++)
        if (logits[i] < -A || logits[i] >= A) e = ZP_ERR_VERIFY;
    if (e == ZP_OK && !(c.Y[c.L - 1] = fm_copy(logits, n, cfg->dims[c.L], c.ld[c.L], c.lb)))
        e = ZP_ERR_NOMEM;
    zp_zkp *z = NULL;
    zp_reader rd;
    zp_reader_init(&rd, proof, len);
    if (e == ZP_OK) {
        zp_transcript tr;
        zp_transcript_init(&tr, "zkprov-v1/infer");
        absorb_statement(&tr, cfg, n, &c, c.priv ? NULL : c.X0, c.Y[c.L - 1], mc);
        e = zp_zkp_create(&z, &tr, NULL, &rd, NULL);
        if (e == ZP_OK && mc) {
            zp_zkp_ext ext = {&mc->pp, &mc->root, j, mc->lay.log_cols, NULL, NULL};
            e = zp_zkp_set_external(z, &ext);
        }
        if (e == ZP_OK) e = run_builder(z, &c);
        if (e == ZP_OK) e = zp_reader_finish(&rd);
    }
    zp_zkp_free(z);
    icirc_free(&c);
    return e;
}

zp_err zp_infer_verify(const zp_train_config *cfg, const int64_t *x, size_t n,
                       const int64_t *logits, const zp_infer_opts *opts,
                       const uint8_t *proof, size_t len) {
    return verify_core(cfg, x, n, logits, opts, proof, len, NULL, 0);
}

zp_err zp_infer_verify_model(const zp_model_commit *mc, unsigned index, const int64_t *x,
                             size_t n, const int64_t *logits, const zp_infer_opts *opts,
                             const uint8_t *proof, size_t len) {
    if (!mc) return ZP_ERR_ARG;
    if (index >= mc->pp.max_openings) return ZP_ERR_VERIFY;
    return verify_core(&mc->cfg, x, n, logits, opts, proof, len, mc, index);
}
