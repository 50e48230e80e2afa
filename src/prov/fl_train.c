/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Trained federated updates: the client's proven training run from the
 * round's global model g, and the link proof u = flatten(W_T) - g between
 * the run's final model commitment C_T and the client's update commitment
 * (docs/spec/fl.md, "Training proofs"). */
#include <stdlib.h>
#include <string.h>

#include "field/gl.h"
#include "prov/cert_internal.h"
#include "prov/fl_internal.h"
#include "prov/fl_train_internal.h"
#include "zkml/zkp_internal.h"

#define LINK_DOMAIN "zkprov-v1/fl-train-link"
#define TRAIN_TAG "zkprov-v1/fl-train-proof"
/* C_0 and C_T of the client's run have two openings each: C_0's index 1 is
 * step 0's W_before; C_T's index 0 is the last step's W_after and index 1
 * (ZP_FL_LINK_INDEX) the link proof's. */
#define RUN_OPENINGS 2
#define ZP_FL_LINK_INDEX 1
#define MAX_G 4 /* mask rows of a small model tensor: 2^g, g <= 3 */

/* ------------------------------------------------------------------ */
/* the flat order of a model: the data region of the model polynomial  */
/* ------------------------------------------------------------------ */

/* Offsets do not depend on log_cols or the openings (docs/spec/model-commit.md,
 * "Polynomial layout", step 1). */
static zp_err flat_layout(zp_model_layout *lay, const zp_train_config *cfg) {
    if (!cfg) return ZP_ERR_ARG;
    return zp_model_layout_compute(lay, cfg, 6, 1);
}

static uint64_t flat_size(const zp_model_layout *lay) {
    uint64_t e = 0;
    for (unsigned i = 0; i < lay->n_t; i++) e += (uint64_t)1 << lay->logsz[i];
    return e;
}

size_t zp_fl_model_size(const zp_train_config *cfg) {
    zp_model_layout lay;
    if (flat_layout(&lay, cfg) != ZP_OK) return 0;
    return (size_t)flat_size(&lay);
}

zp_err zp_fl_model_flatten(int64_t *out, size_t n, const zp_train_config *cfg, const zp_mlp *m) {
    zp_model_layout lay;
    if (!out || !m || flat_layout(&lay, cfg) != ZP_OK) return ZP_ERR_ARG;
    if (flat_size(&lay) > n || m->n_layers != cfg->n_layers) return ZP_ERR_ARG;
    memset(out, 0, n * sizeof *out);
    for (unsigned l = 0; l < cfg->n_layers; l++) {
        const size_t dout = cfg->dims[l + 1], din = cfg->dims[l];
        const size_t Di = (size_t)1 << (lay.logsz[2 * l] - lay.logsz[2 * l + 1]);
        if (m->dims[l] != din || m->dims[l + 1] != dout || !m->w[l] || !m->b[l]) return ZP_ERR_ARG;
        int64_t *W = out + lay.off[2 * l], *b = out + lay.off[2 * l + 1];
        for (size_t j = 0; j < dout; j++) {
            for (size_t k = 0; k < din; k++) W[j * Di + k] = m->w[l][j * din + k];
            b[j] = m->b[l][j];
        }
    }
    return ZP_OK;
}

zp_err zp_fl_model_unflatten(zp_mlp *m, const zp_train_config *cfg, const int64_t *v, size_t n) {
    if (!m) return ZP_ERR_ARG;
    memset(m, 0, sizeof *m);
    zp_model_layout lay;
    if (!v || flat_layout(&lay, cfg) != ZP_OK || flat_size(&lay) > n) return ZP_ERR_ARG;
    zp_err e = zp_mlp_alloc(m, cfg);
    if (e != ZP_OK) return e;
    for (unsigned l = 0; l < cfg->n_layers; l++) {
        const size_t dout = cfg->dims[l + 1], din = cfg->dims[l];
        const size_t Di = (size_t)1 << (lay.logsz[2 * l] - lay.logsz[2 * l + 1]);
        const int64_t *W = v + lay.off[2 * l], *b = v + lay.off[2 * l + 1];
        for (size_t j = 0; j < dout; j++) {
            for (size_t k = 0; k < din; k++) m->w[l][j * din + k] = W[j * Di + k];
            m->b[l][j] = b[j];
        }
    }
    /* every other position (padding, beyond the model) must be zero */
    int64_t *chk = malloc(n * sizeof *chk);
    if (!chk) e = ZP_ERR_NOMEM;
    else if (zp_fl_model_flatten(chk, n, cfg, m) != ZP_OK || memcmp(chk, v, n * sizeof *chk))
        e = ZP_ERR_ARG;
    free(chk);
    if (e != ZP_OK) zp_mlp_free(m);
    return e;
}

void zp_fl_train_digest(zp_digest *out, const uint8_t *run, size_t run_len, const uint8_t *link,
                        size_t link_len) {
    uint8_t buf[sizeof TRAIN_TAG + 64];
    memcpy(buf, TRAIN_TAG, sizeof TRAIN_TAG); /* with its NUL */
    zp_sha256(buf + sizeof TRAIN_TAG, run, run_len);
    zp_sha256(buf + sizeof TRAIN_TAG + 32, link, link_len);
    zp_sha256(out->b, buf, sizeof buf);
}

/* ------------------------------------------------------------------ */
/* the link proof                                                      */
/* ------------------------------------------------------------------ */

static void link_transcript(zp_transcript *tr, const zp_fl_update *u, const uint8_t mdig[32],
                            unsigned j, const zp_digest *run_digest) {
    uint8_t pp[28];
    const zp_pcs_params *q = &u->pcs;
    zp_store32_le(pp, q->n_vars);
    zp_store32_le(pp + 4, q->log_cols);
    zp_store32_le(pp + 8, q->log_inv_rate);
    zp_store32_le(pp + 12, q->n_queries);
    zp_store32_le(pp + 16, q->max_claims);
    zp_store32_le(pp + 20, q->n_prox);
    zp_store32_le(pp + 24, q->max_openings ? q->max_openings : 1);
    zp_transcript_init(tr, LINK_DOMAIN);
    zp_transcript_absorb_digest(tr, "fl/round", &u->round_digest);
    zp_transcript_absorb_u64(tr, "fl/client", u->client);
    zp_transcript_absorb_u64(tr, "fl/samples", u->samples);
    zp_transcript_absorb_bytes(tr, "fl/pcs", pp, sizeof pp);
    zp_transcript_absorb_digest(tr, "fl/root", &u->root);
    zp_transcript_absorb_bytes(tr, "fl/link/model", mdig, 32);
    zp_transcript_absorb_u64(tr, "fl/link/index", j);
    zp_transcript_absorb_digest(tr, "fl/link/run", run_digest);
}

/* eq(r[m..lp), the bits m.. of off): the weight of a tensor of 2^m values
 * at the aligned flat offset off in sum_x eq(r, x) M[x]. */
static zp_fe2 high_eq(const zp_fe2 *r, unsigned lp, unsigned m, uint64_t off) {
    zp_fe2 acc = {1, 0}, one = {1, 0};
    for (unsigned t = m; t < lp; t++) acc = gl2_mul(acc, ((off >> t) & 1) ? r[t] : gl2_sub(one, r[t]));
    return acc;
}

/* The masked functional of model tensor i for opening j at pt[logsz[i]]:
 * (1 - r_b) T~(pt) + r_b R~(pt[0..k), w), R the tensor's mask for opening
 * j (2^g rows for a small tensor, read at w), as the builder's external
 * tensors (docs/spec/model-commit.md). */
static zp_err model_functional(zp_fe2 *a, zp_fe2 *b, const zp_model_layout *lay, unsigned i,
                               unsigned j, const zp_fe2 *pt, zp_fe2 r_b, const zp_fe2 *w) {
    const unsigned lc = lay->log_cols, m = lay->logsz[i], k = m < lc ? m : lc;
    const size_t R = (size_t)1 << (lay->n_vars - lc), C = (size_t)1 << lc;
    memset(a, 0, R * sizeof *a);
    memset(b, 0, C * sizeof *b);
    zp_eq_table(b + (lay->off[i] & (C - 1)), pt, k);
    const zp_fe2 om = gl2_sub(gl2_from_fe(1), r_b);
    const size_t r0 = (size_t)(lay->off[i] / C);
    if (m > lc) {
        const size_t h = (size_t)1 << (m - lc);
        zp_fe2 *eh = malloc(h * sizeof *eh);
        if (!eh) return ZP_ERR_NOMEM;
        zp_eq_table(eh, pt + lc, m - lc);
        for (size_t t = 0; t < h; t++) a[r0 + t] = gl2_mul(om, eh[t]);
        free(eh);
    } else {
        a[r0] = om;
    }
    const unsigned g = zp_model_mask_log_rows(m, lc);
    if (g > MAX_G) return ZP_ERR_INTERNAL;
    zp_fe2 ew[1u << MAX_G];
    if (g) zp_eq_table(ew, w, g);
    else ew[0] = gl2_from_fe(1);
    const size_t mr = (size_t)(zp_model_mask_offset(lay, i, j) / C);
    for (size_t y = 0; y < ((size_t)1 << g); y++) a[mr + y] = gl2_add(a[mr + y], gl2_mul(r_b, ew[y]));
    return ZP_OK;
}

/* The client commitment's functional (1 - r_b) u~(pt) + r_b R_row~(pt_low)
 * (as client_functional in fl_round.c; row ZP_FL_OPEN_LINK = 2). */
static void client_functional(zp_fe2 *a, zp_fe2 *b, const zp_pcs_params *pc, unsigned lp,
                              const zp_fe2 *pt, zp_fe2 r_b, unsigned row) {
    const unsigned lc = pc->log_cols;
    const size_t R = (size_t)1 << (pc->n_vars - lc), Rd = (size_t)1 << (lp - lc);
    zp_eq_table(b, pt, lc);
    memset(a, 0, R * sizeof *a);
    zp_eq_table(a, pt + lc, lp - lc);
    const zp_fe2 w = gl2_sub(gl2_from_fe(1), r_b);
    for (size_t i = 0; i < Rd; i++) a[i] = gl2_mul(a[i], w);
    a[Rd + row] = r_b;
}

/* a^T M b for M = ev (2^nv values, rows of 2^lc). */
static zp_fe2 apply(const zp_fe2 *a, const zp_fe2 *b, const zp_fe *ev, unsigned nv, unsigned lc) {
    const size_t R = (size_t)1 << (nv - lc), C = (size_t)1 << lc;
    zp_fe2 acc = {0, 0};
    for (size_t y = 0; y < R; y++) {
        if (a[y].c0 == 0 && a[y].c1 == 0) continue;
        zp_fe2 row = {0, 0};
        for (size_t x = 0; x < C; x++) row = gl2_add(row, gl2_mul_fe(b[x], ev[y * C + x]));
        acc = gl2_add(acc, gl2_mul(a[y], row));
    }
    return acc;
}

/* Both sides: the point r, the mask points w_i, the weights c_i and the
 * public term G = sum_{x < E} eq(r, x) g[x].  The tensors are the weights
 * and biases i < nt = 2L (a training state's momentum buffers, i >= 2L,
 * are not part of the update), read in C_T at its layout's offsets, and
 * placed in the update at the flat offsets (the layout without momentum
 * buffers: the same as C_T's when it has none). */
typedef struct {
    zp_fe2 r[ZP_FL_MAX_LOG_PARAMS];
    zp_fe2 w[2 * ZP_ZKML_MAX_LAYERS][MAX_G];
    zp_fe2 c[2 * ZP_ZKML_MAX_LAYERS];
    zp_fe2 G;
    unsigned nt;
} link_pub;

static zp_err link_challenges(link_pub *lp_, zp_transcript *tr, const zp_model_commit *mc,
                              const zp_fl_round *r) {
    const zp_model_layout *lay = &mc->lay;
    const unsigned lp = r->log_params;
    const size_t P = (size_t)1 << lp;
    zp_model_layout flat;
    memset(lp_, 0, sizeof *lp_);
    if (flat_layout(&flat, &mc->cfg) != ZP_OK || flat.n_t > lay->n_t) return ZP_ERR_VERIFY;
    const uint64_t E = flat_size(&flat);
    if (E > P) return ZP_ERR_VERIFY;
    lp_->nt = flat.n_t;
    zp_transcript_challenge_fe2_vec(tr, "fl/link/r", lp_->r, lp);
    for (unsigned i = 0; i < flat.n_t; i++) {
        if (lay->logsz[i] != flat.logsz[i]) return ZP_ERR_VERIFY;
        const unsigned g = zp_model_mask_log_rows(lay->logsz[i], lay->log_cols);
        if (g > MAX_G) return ZP_ERR_INTERNAL;
        if (g) zp_transcript_challenge_fe2_vec(tr, "fl/link/w", lp_->w[i], g);
        lp_->c[i] = high_eq(lp_->r, lp, flat.logsz[i], flat.off[i]);
    }
    zp_fe *gz = calloc(P, sizeof *gz);
    if (!gz) return ZP_ERR_NOMEM;
    for (uint64_t x = 0; x < E; x++) gz[x] = zp_fe_from_i64(r->global[x]);
    lp_->G = zp_mle_eval(gz, lp_->r, lp);
    free(gz);
    return ZP_OK;
}

typedef struct {
    zp_model_prover *mp;
    unsigned j;
    zp_digest run_digest;
    zp_bytes link;
    int cheat;
} link_ctx;

/* The hook of zp_fl_update_create_hooked: proves the link with opening
 * ZP_FL_OPEN_LINK of the client commitment and opening j of C_T, then
 * names the run and the link in the header. */
static zp_err link_prove(void *cv, zp_fl_update *u, zp_pcs_prover *pr, const zp_fe *ev,
                         const zp_fl_round *r) {
    link_ctx *c = cv;
    const zp_model_commit *mc = &c->mp->pub;
    const zp_model_layout *lay = &mc->lay;
    const unsigned lp = r->log_params, mlc = lay->log_cols, flc = u->pcs.log_cols;
    const size_t MR = (size_t)1 << (lay->n_vars - mlc), MC = (size_t)1 << mlc;
    const size_t FR = (size_t)1 << (u->pcs.n_vars - flc), FC = (size_t)1 << flc;
    zp_transcript tr;
    link_transcript(&tr, u, mc->digest, c->j, &c->run_digest);
    link_pub pb;
    zp_err e = link_challenges(&pb, &tr, mc, r);
    if (e != ZP_OK) return e == ZP_ERR_VERIFY ? ZP_ERR_ARG : e;
    zp_fe2 *ma = malloc(MR * sizeof *ma), *mb = malloc(MC * sizeof *mb);
    zp_fe2 *fa = malloc(FR * sizeof *fa), *fb = malloc(FC * sizeof *fb);
    zp_claims *cl = NULL;
    zp_bytes pf;
    zp_bytes_init(&pf);
    if (!ma || !mb || !fa || !fb) {
        e = ZP_ERR_NOMEM;
        goto done;
    }
    const zp_fe2 one = gl2_from_fe(1);
    /* B = H(1): the masks' combination */
    zp_fe2 B = {0, 0}, Y[2 * ZP_ZKML_MAX_LAYERS], YF;
    for (unsigned i = 0; i < pb.nt && e == ZP_OK; i++) {
        e = model_functional(ma, mb, lay, i, c->j, pb.r, one, pb.w[i]);
        if (e == ZP_OK) B = gl2_add(B, gl2_mul(pb.c[i], apply(ma, mb, c->mp->evals, lay->n_vars, mlc)));
    }
    if (e != ZP_OK) goto done;
    client_functional(fa, fb, &u->pcs, lp, pb.r, one, ZP_FL_OPEN_LINK);
    B = gl2_sub(B, apply(fa, fb, ev, u->pcs.n_vars, flc));
    zp_fs_send_fe2(&tr, &pf, "fl/link/B", &B, 1);
    const zp_fe2 r_b = zp_transcript_challenge_fe2(&tr, "fl/link/rb");
    /* the masked evaluations at r_b */
    client_functional(fa, fb, &u->pcs, lp, pb.r, r_b, ZP_FL_OPEN_LINK);
    YF = apply(fa, fb, ev, u->pcs.n_vars, flc);
    if ((e = zp_claims_create(&cl, lay->n_vars - mlc, mlc)) != ZP_OK) goto done;
    zp_fe2 H = gl2_neg(YF);
    for (unsigned i = 0; i < pb.nt && e == ZP_OK; i++) {
        e = model_functional(ma, mb, lay, i, c->j, pb.r, r_b, pb.w[i]);
        if (e == ZP_OK) {
            Y[i] = apply(ma, mb, c->mp->evals, lay->n_vars, mlc);
            H = gl2_add(H, gl2_mul(pb.c[i], Y[i]));
            e = zp_claims_add(cl, ma, mb, Y[i]);
        }
    }
    if (e != ZP_OK) goto done;
    /* honest: H(r_b) = (1 - r_b) G + r_b B, i.e. u = W_T - g */
    H = gl2_sub(H, gl2_mul(gl2_sub(one, r_b), pb.G));
    if (!c->cheat && !gl2_eq(H, gl2_mul(r_b, B))) {
        e = ZP_ERR_INTERNAL;
        goto done;
    }
    zp_fs_send_fe2(&tr, &pf, "fl/link/yf", &YF, 1);
    zp_fs_send_fe2(&tr, &pf, "fl/link/ym", Y, pb.nt);
    {
        size_t nc;
        const zp_fe2 *const *A, *const *Bv;
        const zp_fe2 *cy;
        zp_fe2 y[ZP_PCS_MAX_CLAIMS];
        if ((e = zp_claims_finish(cl, &tr, &nc, &A, &Bv, &cy)) != ZP_OK) goto done;
        if (nc > ZP_PCS_MAX_CLAIMS) {
            e = ZP_ERR_UNSUPPORTED;
            goto done;
        }
        if ((e = zp_pcs_open_at(c->mp->pcs, c->j, &tr, &pf, nc, A, Bv, y)) != ZP_OK) goto done;
        for (size_t k = 0; k < nc; k++)
            if (!gl2_eq(y[k], cy[k])) e = ZP_ERR_INTERNAL;
        if (e != ZP_OK) goto done;
    }
    {
        zp_fe2 y;
        const zp_fe2 *pa = fa, *pbb = fb;
        if ((e = zp_pcs_open_at(pr, ZP_FL_OPEN_LINK, &tr, &pf, 1, &pa, &pbb, &y)) != ZP_OK) goto done;
        if (!gl2_eq(y, YF)) {
            e = ZP_ERR_INTERNAL;
            goto done;
        }
    }
    if (pf.failed) {
        e = ZP_ERR_NOMEM;
        goto done;
    }
    zp_bytes_append(&c->link, pf.data, pf.len);
    if (c->link.failed) {
        e = ZP_ERR_NOMEM;
        goto done;
    }
    zp_digest ld;
    zp_sha256(ld.b, pf.data, pf.len);
    {
        uint8_t buf[sizeof TRAIN_TAG + 64];
        memcpy(buf, TRAIN_TAG, sizeof TRAIN_TAG);
        memcpy(buf + sizeof TRAIN_TAG, c->run_digest.b, 32);
        memcpy(buf + sizeof TRAIN_TAG + 32, ld.b, 32);
        zp_sha256(u->train_proof.b, buf, sizeof buf);
    }
    u->has_train_proof = 1;
done:
    zp_claims_free(cl);
    zp_bytes_free(&pf);
    free(ma), free(mb), free(fa), free(fb);
    return e;
}

static zp_err link_verify(char err[ZP_CERT_ERR_BYTES], const zp_fl_update *u,
                          const zp_fl_round *r, const zp_model_commit *mc, unsigned j,
                          const zp_digest *run_digest, const uint8_t *link, size_t len) {
    const zp_model_layout *lay = &mc->lay;
    const unsigned lp = r->log_params, mlc = lay->log_cols, flc = u->pcs.log_cols;
    const size_t MR = (size_t)1 << (lay->n_vars - mlc), MC = (size_t)1 << mlc;
    const size_t FR = (size_t)1 << (u->pcs.n_vars - flc), FC = (size_t)1 << flc;
    zp_transcript tr;
    link_transcript(&tr, u, mc->digest, j, run_digest);
    link_pub pb;
    zp_err e = link_challenges(&pb, &tr, mc, r);
    if (e == ZP_ERR_VERIFY)
        return zp_cert_fail(err, ZP_ERR_VERIFY, "the trained model does not fit the round");
    if (e != ZP_OK) return zp_cert_fail(err, e, "link proof: %s", zp_strerror(e));
    zp_fe2 *ma = malloc(MR * sizeof *ma), *mb = malloc(MC * sizeof *mb);
    zp_fe2 *fa = malloc(FR * sizeof *fa), *fb = malloc(FC * sizeof *fb);
    zp_claims *cl = NULL;
    const char *why = NULL;
    if (!ma || !mb || !fa || !fb) {
        e = ZP_ERR_NOMEM;
        goto done;
    }
    zp_reader rd;
    zp_reader_init(&rd, link, len);
    const zp_fe2 one = gl2_from_fe(1);
    zp_fe2 B, YF, Y[2 * ZP_ZKML_MAX_LAYERS];
    if (zp_fs_recv_fe2(&tr, &rd, "fl/link/B", &B, 1) != ZP_OK) {
        e = ZP_ERR_PARSE, why = "truncated link proof";
        goto done;
    }
    const zp_fe2 r_b = zp_transcript_challenge_fe2(&tr, "fl/link/rb");
    if (zp_fs_recv_fe2(&tr, &rd, "fl/link/yf", &YF, 1) != ZP_OK ||
        zp_fs_recv_fe2(&tr, &rd, "fl/link/ym", Y, pb.nt) != ZP_OK) {
        e = ZP_ERR_PARSE, why = "truncated link proof";
        goto done;
    }
    zp_fe2 H = gl2_neg(YF);
    for (unsigned i = 0; i < pb.nt; i++) H = gl2_add(H, gl2_mul(pb.c[i], Y[i]));
    H = gl2_sub(H, gl2_mul(gl2_sub(one, r_b), pb.G));
    if (!gl2_eq(H, gl2_mul(r_b, B))) {
        e = ZP_ERR_VERIFY, why = "the update is not the trained model minus the global model";
        goto done;
    }
    if ((e = zp_claims_create(&cl, lay->n_vars - mlc, mlc)) != ZP_OK) goto done;
    for (unsigned i = 0; i < pb.nt && e == ZP_OK; i++) {
        e = model_functional(ma, mb, lay, i, j, pb.r, r_b, pb.w[i]);
        if (e == ZP_OK) e = zp_claims_add(cl, ma, mb, Y[i]);
    }
    if (e != ZP_OK) goto done;
    {
        size_t nc;
        const zp_fe2 *const *A, *const *Bv;
        const zp_fe2 *cy;
        if ((e = zp_claims_finish(cl, &tr, &nc, &A, &Bv, &cy)) != ZP_OK) goto done;
        e = zp_pcs_verify_at(&mc->pp, &mc->root, j, &tr, &rd, nc, A, Bv, cy);
        if (e != ZP_OK) {
            why = "the opening of the trained model commitment is rejected";
            goto done;
        }
    }
    client_functional(fa, fb, &u->pcs, lp, pb.r, r_b, ZP_FL_OPEN_LINK);
    {
        const zp_fe2 *pa = fa, *pbb = fb;
        e = zp_pcs_verify_at(&u->pcs, &u->root, ZP_FL_OPEN_LINK, &tr, &rd, 1, &pa, &pbb, &YF);
        if (e != ZP_OK) {
            why = "the opening of the update commitment is rejected";
            goto done;
        }
    }
    if (zp_reader_finish(&rd) != ZP_OK) e = ZP_ERR_PARSE, why = "bytes after the link proof";
done:
    zp_claims_free(cl);
    free(ma), free(mb), free(fa), free(fb);
    if (e == ZP_OK) return ZP_OK;
    if (e != ZP_ERR_NOMEM && e != ZP_ERR_PARSE) e = ZP_ERR_VERIFY;
    return zp_cert_fail(err, e, "link proof: %s", why ? why : zp_strerror(e));
}

/* ------------------------------------------------------------------ */
/* client and verifier                                                 */
/* ------------------------------------------------------------------ */

zp_err zp_fl_update_create_trained_ex(zp_fl_update *hdr, zp_pcs_prover **prover,
                                      zp_bytes *range_proof, zp_bytes *run, zp_bytes *link,
                                      int64_t *values, const zp_fl_round *r, uint32_t client,
                                      const uint8_t *sk, const zp_train_config *cfg,
                                      const zp_fxdata *ds, const uint8_t *ds_digest,
                                      const zp_run_records *rec, zp_fe *mask,
                                      const zp_rng *rng, unsigned cheat) {
    if (!hdr || !prover) return ZP_ERR_ARG;
    memset(hdr, 0, sizeof *hdr);
    *prover = NULL;
    if (!range_proof || !run || !link || !values || !sk || !cfg || !ds || !ds_digest || !rec ||
        !rec->ds || !rng || zp_fl_round_check(r) != ZP_OK)
        return ZP_ERR_ARG;
    const size_t P = (size_t)1 << r->log_params;
    const size_t E = zp_fl_model_size(cfg);
    if (E == 0 || E > P) return ZP_ERR_ARG;
    zp_mlp base;
    zp_err e = zp_fl_model_unflatten(&base, cfg, r->global, P);
    if (e != ZP_OK) return e;
    if (cheat & ZP_FL_TRAIN_CHEAT_BASE) base.w[0][0] += 1;
    link_ctx c;
    memset(&c, 0, sizeof c);
    zp_bytes_init(&c.link);
    c.cheat = (cheat & (ZP_FL_TRAIN_CHEAT_UPDATE | ZP_FL_TRAIN_CHEAT_TAIL)) != 0;
    uint8_t *rb = NULL;
    size_t rl = 0;
    zp_rng parent = *rng, rr;
    zp_rng_derive(&rr, &parent, "fl/train-run");
    /* a bound run (version 3): its batch records are rows of the certified
     * shard's dataset commitment (docs/spec/train-step.md section 7) */
    e = zp_train_run_prove_bound(&rb, &rl, &c.mp, cfg, &base, ds, ds_digest, rec, RUN_OPENINGS,
                                 RUN_OPENINGS, 1, NULL, NULL, &rr);
    zp_mlp_free(&base);
    if (e != ZP_OK) goto done;
    c.j = zp_model_prover_next_index(c.mp);
    if (c.j != ZP_FL_LINK_INDEX) {
        e = ZP_ERR_INTERNAL;
        goto done;
    }
    if ((e = zp_fl_model_flatten(values, P, cfg, zp_model_prover_mlp(c.mp))) != ZP_OK) goto done;
    for (size_t x = 0; x < P; x++) values[x] -= r->global[x];
    if (cheat & ZP_FL_TRAIN_CHEAT_UPDATE) values[0] += 1;
    if (cheat & ZP_FL_TRAIN_CHEAT_TAIL) values[P - 1] += 1;
    zp_sha256(c.run_digest.b, rb, rl);
    zp_fl_update_hook hook = {link_prove, &c};
    e = zp_fl_update_create_hooked(hdr, prover, range_proof, r, client, sk, values, ds->n, mask,
                                   rng, &hook);
    if (e != ZP_OK) goto done;
    zp_bytes_append(run, rb, rl);
    zp_bytes_append(link, c.link.data, c.link.len);
    if (run->failed || link->failed) e = ZP_ERR_NOMEM;
done:
    if (e != ZP_OK) {
        zp_pcs_prover_free(*prover);
        *prover = NULL;
        memset(hdr, 0, sizeof *hdr);
        zp_memzero(values, P * sizeof *values);
    }
    zp_train_proof_free(rb);
    zp_model_prover_free(c.mp);
    zp_bytes_free(&c.link);
    return e;
}

zp_err zp_fl_update_create_trained(zp_fl_update *hdr, zp_pcs_prover **prover,
                                   zp_bytes *range_proof, zp_bytes *run, zp_bytes *link,
                                   int64_t *values, const zp_fl_round *r, uint32_t client,
                                   const uint8_t sk[ZP_AUTH_SECRETKEYBYTES],
                                   const zp_train_config *cfg, const zp_fxdata *ds,
                                   const uint8_t ds_digest[32], const zp_run_records *rec,
                                   zp_fe *mask, const zp_rng *rng) {
    return zp_fl_update_create_trained_ex(hdr, prover, range_proof, run, link, values, r, client,
                                          sk, cfg, ds, ds_digest, rec, mask, rng, 0);
}

zp_err zp_fl_train_verify(char err[ZP_CERT_ERR_BYTES], const zp_fl_update *hdr,
                          const zp_fl_round *r, const zp_train_config *cfg,
                          const uint8_t ds_digest[32], const zp_train_dataset *tds,
                          const uint8_t *run, size_t run_len, const uint8_t *link,
                          size_t link_len) {
    if (err) err[0] = 0;
    if (!hdr || !r || !cfg || !ds_digest || !tds || !run || !link)
        return zp_cert_fail(err, ZP_ERR_ARG, "missing argument");
    if (zp_fl_update_check(hdr, r) != ZP_OK)
        return zp_cert_fail(err, ZP_ERR_VERIFY, "bad signature, key or header");
    if (!hdr->has_train_proof)
        return zp_cert_fail(err, ZP_ERR_VERIFY, "the update names no training proof");
    zp_digest d;
    zp_fl_train_digest(&d, run, run_len, link, link_len);
    if (!zp_memeq(d.b, hdr->train_proof.b, 32))
        return zp_cert_fail(err, ZP_ERR_VERIFY, "the training proof is not the one the client signed");
    if (tds->n_records != hdr->samples)
        return zp_cert_fail(err, ZP_ERR_VERIFY, "the update claims %llu samples, the certified shard has %llu",
                            (unsigned long long)hdr->samples, (unsigned long long)tds->n_records);
    char re[ZP_ZKML_ERR_BYTES] = "";
    {
        /* an unbound (version-2) run does not prove that its batch records
         * are rows of the certified shard: refused, with that reason */
        zp_run_header *rh = calloc(1, sizeof *rh);
        if (!rh) return zp_cert_fail(err, ZP_ERR_NOMEM, "out of memory");
        zp_err he = zp_train_run_header(rh, re, run, run_len);
        const int bound = rh->records_bound;
        free(rh);
        if (he == ZP_ERR_NOMEM) return zp_cert_fail(err, he, "out of memory");
        if (he != ZP_OK)
            return zp_cert_fail(err, ZP_ERR_PARSE, "training run: %s", re[0] ? re : zp_strerror(he));
        if (!bound)
            return zp_cert_fail(err, ZP_ERR_VERIFY,
                                "training run: its batch records are not bound to the certified "
                                "shard (a version-2 run; FL clients must prove bound runs)");
    }
    const size_t P = (size_t)1 << r->log_params;
    zp_mlp base;
    zp_err e = zp_fl_model_unflatten(&base, cfg, r->global, P);
    if (e == ZP_ERR_NOMEM) return zp_cert_fail(err, e, "out of memory");
    if (e != ZP_OK)
        return zp_cert_fail(err, ZP_ERR_VERIFY, "the round's global model is not a model of this config");
    zp_run_info info;
    zp_model_commit *fin = NULL;
    e = zp_train_run_verify_bound(&info, &fin, re, cfg, &base, ds_digest, tds, run, run_len);
    zp_mlp_free(&base);
    if (e != ZP_OK) {
        zp_model_commit_free(fin);
        if (e != ZP_ERR_NOMEM && e != ZP_ERR_PARSE) e = ZP_ERR_VERIFY;
        return zp_cert_fail(err, e, "training run: %s", re[0] ? re : zp_strerror(e));
    }
    if (!info.base_checked || !info.records_bound || info.n_records != tds->n_records) {
        zp_model_commit_free(fin);
        return zp_cert_fail(err, ZP_ERR_VERIFY, "training run: %s",
                            !info.base_checked ? "its base model is not checked"
                                               : "its records are not the certified shard's");
    }
    zp_digest rdg;
    zp_sha256(rdg.b, run, run_len);
    e = link_verify(err, hdr, r, fin, ZP_FL_LINK_INDEX, &rdg, link, link_len);
    zp_model_commit_free(fin);
    return e;
}
