/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Proof-composition layer: the two-pass circuit builder (one layout
 * commitment, ZK sub-protocols, one merged PCS opening; docs/spec/infer.md). */
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "common/bigmem.h"
#include "common/ctime.h"
#include "common/rng_internal.h"
#include "field/gl.h"
#include "piop/matmul_internal.h"
#include "piop/sumcheck_internal.h"
#include "zkp_internal.h"
#include "zkp_red.h"

/* Code soundness of the layout commitment (the same level as the lookups'
 * internal commitments, docs/spec/logup.md). */
#define ZKP_PCS_SECURITY 100
#define ZKP_MIN_LOG_COLS ZP_ZKP_MIN_LOG_COLS

/* Width of the limbs of a range check and of the range table [0, 2^w). */
#define ZKP_LIMB_BITS 8
#define ZKP_NO_PARENT ((size_t)-1)
/* Largest lookup column and table (log2 of the values): 2^26 stacked limbs
 * hold the range checks of a 1024-1024-10 training step at batch 256 with
 * 16-bit limbs (the prover then needs ~9 GB). */
#define ZKP_MAX_LOOKUP_LOG 26

/* Batched helpers of the range lookup (docs/spec/logup.md, "Batched
 * helpers"): the stacked column of 2^n limbs is split by its top kappa
 * variables into K = 2^kappa blocks and ONE helper h(y) = sum_j 1/Q_j(y)
 * of 2^(n - kappa) values is committed.  kappa = ZKP_LU_KAPPA when the
 * blocks keep n - kappa >= max(tau, ZKP_LU_BATCH_MIN_LOG) variables, else
 * the largest smaller kappa that does (0: one helper per position); a rule
 * on the plan, evaluated by both sides (lk_split, which may also split the
 * column into K = 3 .. ZKP_LU_MAXK blocks, below).  ZKP_LU_MAX_KAPPA bounds
 * the tests' kappa (zp_zkp_set_lookup_batch). */
#define ZKP_LU_KAPPA 1
#define ZKP_LU_MAX_KAPPA 2
#define ZKP_LU_BATCH_MIN_LOG 12
/* Split stacked column (docs/spec/infer.md, "Split stacked column";
 * lk_split): the lookup reads K = 2 .. ZKP_LU_MAXK blocks of 2^m, the
 * cheapest by a measured cost model (lk_cost; e.g. K = 5 blocks of
 * 2^(nA-3) when the used positions fit in 5/8 of 2^nA; positions from
 * K 2^m on, all zero, are not looked up); and when the lookup is batched, Lk is committed as its used positions
 * rounded up to 2^g, g = max(m - 3, ZKP_LK_GRAIN_MIN) for blocks of 2^m,
 * in power-of-two columns (the binary digits), the rest of the blocks
 * being public zeros.  ZKP_LU_MAXK bounds the blocks of one batched
 * lookup: its sumcheck term eq h Q_0 .. Q_(K-1) has K + 2 <=
 * ZP_SC_MAX_FACTORS factors; the used positions are then at most
 * 48 2^g: at most 5 columns. */
#define ZKP_LU_MAXK 6
#define ZKP_LK_GRAIN_MIN 13
#define ZKP_LK_MAXP ZP_ZKP_LK_MAX_COLUMNS

/* Claim reduction (docs/spec/infer.md, "Claim reduction"): a plan with more
 * than this many main-layout claims reduces them by one ZK sumcheck to ONE
 * masked evaluation of the layout (plus the sumcheck's g claim); smaller
 * plans open the merged claims directly.  Both sides apply the rule to the
 * planned claim bound.  ZKP_RED_G_LOG: the row width reserved for the
 * reduction's g (zp_sc_zk_mask_width(n, 2) <= 128 for n <= 30). */
#define ZKP_REDUCE_MIN_CLAIMS 64
#define ZKP_RED_G_LOG 7

typedef struct {
    unsigned log_size;
    int pub;
    const zp_fe *vals;
    size_t lid;    /* layout id (witness) */
    int phase;     /* 1: main layout, 2: the lookup helpers' layout,
                    * 3 + k: external commitment k (a model commitment) */
    size_t parent; /* a view: a slice of tensor parent at offset voff */
    uint64_t voff;
    zp_fe *own;    /* values owned by the builder (internal tensors) */
    uint64_t xoff, xmoff; /* phase >= 3: offsets of the data and of the mask */
    unsigned n_evals;     /* planned masked evaluations (claims, views'
                           * claims counted on the parent) */
    int grp;              /* 1: in the small-tensor group (its mask is the
                           * group's mask rows at its columns) */
    unsigned grow;        /* group row */
    uint64_t gcol;        /* group column offset */
    /* Defined by its limb views (docs/spec/infer.md, "Tensors defined by
     * their limb views"): 1 + the range request whose views define it
     * (0: none); such a tensor is not committed, its claims are claims on
     * its views and its mask (vmask, prover) is the same combination of
     * the views' masks.  pinned: a tensor that must stay in the layout
     * (its views, an injected claim, a claim made outside this file). */
    size_t vdef;
    int pinned;
    zp_fe *vmask;
    size_t vmask_len;
    /* 1 + the shared mask row (colour, plan_lk_mask) of a large tensor
     * masked by it instead of a mask row of its own (0: none) */
    uint32_t mcol;
} zkp_tensor;

/* Small tensors (below one layout row) live in ONE group entry of the main
 * layout: 2^gj rows of tensors and 2^gj mask rows at the same columns
 * (docs/spec/infer.md, "Zero knowledge").  A tensor of 2^k values at
 * (row rho, columns [c, c + 2^k)) is masked by M(x, y) = mask[y][c + x], an
 * MLE of k + gj variables, evaluated at (s, w) with w drawn from the
 * transcript per evaluation. */
#define ZKP_MAX_GJ 12

/* One range request (docs/spec/infer.md, "Lookups"): T + offset in
 * [0, 2^k) as L limbs of w bits (top limb b bits), each a view into the
 * stacked column, looked up with its width (w, or b for the top limb) as
 * its public tag. */
#define ZKP_MAX_VIEWS 4 /* ceil(ZP_RANGE_MAX_BITS / ZKP_LIMB_BITS) */
typedef struct {
    size_t id, view[ZKP_MAX_VIEWS];
    int64_t offset;
    unsigned k, L, b, n_views;
    size_t zq; /* its decomposition zero-check (index in zq) */
} zkp_range;

/* A recorded zero-check, and a batch of them (one sumcheck). */
typedef struct {
    unsigned log_n;
    size_t n_terms, batch;
    int dropped; /* the decomposition of a tensor defined by its views */
    zp_zkp_term t[ZP_ZKP_MAX_TERMS];
} zkp_zc;
typedef struct {
    unsigned log_n;
    size_t first, gi;
} zkp_zcb;

/* One lookup column: a(x) = S1(x) + gamma S2(x) into the public table
 * t(j) = t1(j) + gamma t2(j); its own multiplicities m (phase 1) and
 * helper h = 1/(beta - a) as two base tensors (phase 2).  tagged: the
 * range lookup, S1 the stacked limb column and S2 its PUBLIC tag column
 * (the width of the limb at each position, zp_zkp's tagcol / tag_mle). */
typedef struct {
    size_t src[2];
    unsigned n_src, log_n, log_t;
    int tagged;
    size_t t_used; /* tagged: entries before the padding (w, 0) */
    const zp_fe *t1, *t2;
    size_t m_id, h_id[2], gi;
    /* batched helper (tagged only): nblk = K blocks of 2^log_h values,
     * blk[j] the view of block j (at j 2^log_h) of the stacked column, K
     * <= 2^kappa, kappa = log_n - log_h its top variables; K = 1: none
     * (log_h = log_n) */
    unsigned kappa, log_h, nblk;
    size_t blk[ZKP_LU_MAXK];
    /* prover: W = 1/(beta - t) (2^log_t values, public), computed once in
     * phase 2 (fill_helpers) for the helpers and the sumcheck */
    zp_fe2 *wt;
} zkp_lookup;

typedef struct {
    unsigned nv, deg;
    size_t width, lid;
    zp_fe *g0, *g1;
} zkp_gmask;

typedef struct {
    int is_g;
    size_t idx; /* tensor index, or g-mask index */
    unsigned n_vars;
    zp_fe2 point[ZP_SC_MAX_VARS];
    zp_fe2 w[ZKP_MAX_GJ]; /* the mask point of a grouped tensor */
    zp_fe2 r_b, value;
} zkp_claim;

struct zp_zkp {
    int prover, pass;
    zp_err err;
    zp_transcript *tr;
    zp_bytes *proof;
    zp_reader *in;
    zp_rng rng;
    zkp_tensor *t;
    size_t n_t, cap_t, cur_t;
    zkp_gmask *g;
    size_t n_g, cap_g, cur_g;
    size_t plan_claims;
    zkp_claim *c;
    size_t n_c, cap_c;
    zp_layout *L;
    unsigned n_vars, log_cols;
    zp_fe *evals;
    size_t n_evals;
    size_t evals_wr; /* entries from which on evals is zero (the PCS's
                      * data rows, once zp_pcs_commit checked the rest) */
    zp_pcs_params pp;
    zp_digest root;
    zp_pcs_prover *pcs;
    int unchecked; /* tests: skip the prover's self-check of the claims */
    int forge;     /* tests: a cheating range prover (see zp_zkp_set_forge) */
    size_t n_t_plan; /* tensors declared by the circuit (and range views) */
    size_t n_g_plan, n_lu_plan;
    zkp_zc *zq;
    size_t n_zq, cap_zq, cur_zq;
    zkp_zcb *zb;
    size_t n_zb, cap_zb;
    zkp_range *rq;
    size_t n_rq, cap_rq, cur_rq;
    zkp_lookup *lu;
    size_t n_lu, cap_lu, cur_lu;
    zp_fe *rtable, *rtag; /* the tagged range table: (rtag[j], rtable[j]) =
                           * (c, v), 0 <= v < 2^c, c in the plan's widths */
    uint32_t tag_boff[ZP_RANGE_MAX_BITS + 1]; /* first entry of width c */
    uint8_t *tagcol;      /* prover: the tag of each stacked position */
    unsigned limb_bits; /* range limbs: ZKP_LIMB_BITS or 16 (zp_zkp_set_limb_bits) */
    unsigned lu_kappa_set; /* tests: 1 + the forced kappa (zp_zkp_set_lookup_batch) */
    unsigned lu_blocks_set; /* tests: the forced K of a split Lk (zp_zkp_set_lookup_blocks) */
    size_t lk_pf[2];        /* tests: the range lookup's proof bytes (zp_zkp_lk_proof_range) */
    int helper_ref;        /* tests: helpers by inversion (zp_zkp_set_helper_ref) */
    zp_fe2 beta, gamma;
    /* phase 2: the helper columns of every lookup */
    zp_layout *L2;
    unsigned n_vars2, log_cols2;
    zp_fe *evals2;
    size_t n_evals2;
    size_t evals2_wr; /* as evals_wr */
    zp_pcs_params pp2;
    zp_digest root2;
    zp_pcs_prover *pcs2;
    /* phases 3 + k: the external commitments (zp_zkp_set_external), in
     * the order they were set */
    unsigned n_ext;
    zp_zkp_ext ext[ZP_ZKP_MAX_EXT];
    int ext_deferred[ZP_ZKP_MAX_EXT]; /* claims returned, not opened
                                        * (zp_zkp_set_external_deferred) */
    size_t pmask_id[4];       /* zp_zkp_set_mask_period: tensors whose */
    unsigned pmask_log[4];    /* views share a periodic mask of 2^log  */
    unsigned n_pmask;
    unsigned row_cap; /* zp_zkp_set_whole_rows: max log_cols (0: none) */
    /* claim reduction of phase 1: its g mask and the mask row R */
    int reduce;
    size_t red_g, red_lid;
    /* the small-tensor group (main layout) */
    unsigned gj;
    size_t glid;
    int has_grp;
    /* the stacked range column Lk (stack_ranges; ZKP_NO_PARENT: none) and,
     * when it spans several layout rows and is not grouped (lk_rows), its
     * mask of shared rows (plan_lk_mask): lk_map[j] is the mask row (the
     * colour) of Lk's data row j (UINT32_MAX: the unmasked zero tail), mask
     * row q is the layout's one-row entry lk_lid[q] at row lk_row[q]; the
     * prover expands them into lk_mask, Lk's mask as a table of its own
     * size */
    size_t lk;
    int lk_rows;
    size_t lk_nrows;
    uint32_t *lk_map;
    size_t *lk_lid;
    uint64_t *lk_row;
    zp_fe *lk_mask;
    /* a split Lk (stack_ranges): lk_np > 0 committed columns (pieces), piece
     * p of 2^lk_plog[p] positions at Lk's positions [lk_pbase[p], ..), the
     * layout's entry lk_plid[p]; Lk is zero beyond lk_used positions (not
     * committed).  lk_np = 0: Lk is one layout entry (lk_used = its size).
     * lk_drow[j]: the layout row of Lk's data row j < lk_used / C
     * (lk_rows). */
    unsigned lk_np;
    unsigned lk_plog[ZKP_LK_MAXP];
    uint64_t lk_pbase[ZKP_LK_MAXP];
    size_t lk_plid[ZKP_LK_MAXP];
    uint64_t lk_used;
    uint64_t *lk_drow;
    /* tensors defined by their limb views (vdef_select): how many, and
     * the tests' switch (zp_zkp_set_view_defined) */
    size_t n_vdef;
    int no_vdef;
    /* plan: the evaluation events (one sub-protocol call, one zero-check
     * batch, one lookup, one injected or outside claim: the tensors it
     * evaluates, ev_t[k] in event ev_id[k]), read by plan_lk_mask to give
     * the stacked column's co-evaluated views distinct mask rows */
    uint32_t ev_cur;
    uint32_t *ev_id;
    size_t *ev_t;
    size_t n_ev, cap_ev;
    size_t lk_nobj; /* objects of Lk's mask (views, segment rows) */
};

static void (*zkp_plan_hook)(const zp_zkp *z, void *ctx);
static void *zkp_plan_ctx;
void zp_zkp_set_plan_hook(void (*hook)(const zp_zkp *z, void *ctx), void *ctx) {
    zkp_plan_hook = hook;
    zkp_plan_ctx = ctx;
}
size_t zp_zkp_n_tensors(const zp_zkp *z) { return z->n_t; }
static unsigned ext_g(const zp_zkp *z, const zkp_tensor *T);
/* The external commitment of tensor T (phase >= 3). */
static const zp_zkp_ext *xof(const zp_zkp *z, const zkp_tensor *T) {
    return &z->ext[T->phase - 3];
}
/* Entries of the committed data rows: zp_pcs_commit refused evals that
 * are not zero after them (the elided rows, docs/spec/pcs.md), and
 * nothing writes the table after the commitment, so the wipe at the end
 * (zp_big_free_zero_tail) leaves out that zero tail (the linked training
 * step's two 2^21-entry tables use 219 and 132 of 256 rows). */
static size_t data_entries(const zp_pcs_params *p) {
    size_t full = (size_t)1 << p->n_vars;
    size_t rows = p->rows_used;
    return rows ? rows << p->log_cols : full;
}

/* Tests (zp_zkp_mask_info): the budget of a shared mask row (plan_lk_mask):
 * the evaluations of every object of its colour (Lk's views, large
 * tensors) plus Lk's own (the lookup's), against the row's C values; col
 * UINT32_MAX: the busiest row. */
static void row_budget(const zp_zkp *z, uint32_t col, unsigned *n_evals, uint64_t *mask_len) {
    unsigned own = z->lk_rows ? z->t[z->lk].n_evals : 0, most = 0;
    unsigned *per = calloc(z->lk_nrows ? z->lk_nrows : 1, sizeof *per);
    for (size_t i = 0; i < z->n_rq && z->lk_rows; i++)
        for (unsigned v = 0; v < z->rq[i].n_views; v++) {
            const zkp_tensor *V = &z->t[z->rq[i].view[v]];
            own -= V->n_evals;
            if (per) per[z->lk_map[V->voff >> z->log_cols]] += V->n_evals;
        }
    for (size_t i = 0; i < z->n_t && per; i++)
        if (z->t[i].mcol) per[z->t[i].mcol - 1] += z->t[i].n_evals;
    for (size_t q = 0; per && q < z->lk_nrows; q++)
        if ((col == UINT32_MAX || col == q) && per[q] > most) most = per[q];
    /* no scratch: every evaluation counted against every row */
    *n_evals = per ? most + own : z->t[z->lk].n_evals;
    free(per);
    *mask_len = (uint64_t)1 << z->log_cols;
}

int zp_zkp_group_place(const zp_zkp *z, size_t i, unsigned *row, uint64_t *col,
                       unsigned *log_size, unsigned *gj, unsigned *log_cols) {
    if (i >= z->n_t || !z->t[i].grp) return 0;
    *row = z->t[i].grow;
    *col = z->t[i].gcol;
    *log_size = z->t[i].log_size;
    *gj = z->gj;
    *log_cols = z->log_cols;
    return 1;
}

int zp_zkp_mask_info(const zp_zkp *z, size_t i, unsigned *n_evals, uint64_t *mask_len,
                     int *phase) {
    if (i >= z->n_t) return 0;
    const zkp_tensor *T = &z->t[i];
    /* a tensor defined by its views is not committed: its evaluations
     * are counted on its views (the stacked column's rows) */
    if (T->pub || T->parent != ZKP_NO_PARENT || T->vdef) return 0;
    *n_evals = T->n_evals;
    *phase = T->phase > 3 ? 3 : T->phase;
    if (z->lk_rows && i == z->lk) {
        /* shared mask rows (plan_lk_mask): the busiest row, whose
         * evaluations are those of its objects and every evaluation of Lk */
        row_budget(z, UINT32_MAX, n_evals, mask_len);
    } else if (T->mcol) {
        row_budget(z, T->mcol - 1, n_evals, mask_len);
    } else if (T->grp) {
        /* the block of T's columns: every grouped tensor inside reads it */
        const uint64_t c0 = T->gcol, c1 = c0 + ((uint64_t)1 << T->log_size);
        uint64_t ev = 0;
        for (size_t u = 0; u < z->n_t; u++) {
            const zkp_tensor *U = &z->t[u];
            if (U->grp && U->gcol >= c0 && U->gcol + ((uint64_t)1 << U->log_size) <= c1)
                ev += U->n_evals;
        }
        *n_evals = ev > UINT32_MAX ? UINT32_MAX : (unsigned)ev;
        *mask_len = (uint64_t)1 << (T->log_size + z->gj);
    } else if (T->phase >= 3 && z->ext_deferred[T->phase - 3]) {
        *mask_len = (uint64_t)1 << T->log_size;
    } else if (T->phase >= 3) {
        const unsigned lcx = xof(z, T)->log_cols;
        const unsigned k = T->log_size < lcx ? T->log_size : lcx;
        *mask_len = (uint64_t)1 << (k + (T->log_size < lcx ? ext_g(z, T) : 0));
    } else {
        const zp_layout *Ly = T->phase == 2 ? z->L2 : z->L;
        uint64_t off, moff;
        unsigned ls, mls;
        if (!Ly || zp_layout_tensor_info(Ly, T->lid, &off, &ls, &moff, &mls) != ZP_OK) return 0;
        *mask_len = (uint64_t)1 << mls;
    }
    return 1;
}

size_t zp_zkp_mask_rows(const zp_zkp *z, size_t *n_objects) {
    size_t nb = 0;
    for (size_t i = 0; i < z->n_t; i++) nb += z->t[i].mcol != 0;
    if (n_objects) *n_objects = z->lk_nobj + nb;
    return z->lk_nrows;
}

int zp_zkp_mask_colour(const zp_zkp *z, size_t id, uint32_t *colour) {
    if (id >= z->n_t) return 0;
    const zkp_tensor *T = &z->t[id];
    if (T->mcol) {
        *colour = T->mcol - 1;
        return 1;
    }
    if (!z->lk_rows || T->parent != z->lk) return 0;
    for (size_t i = 0; i < z->n_rq; i++)
        for (unsigned v = 0; v < z->rq[i].n_views; v++)
            if (z->rq[i].view[v] == id) {
                *colour = z->lk_map[T->voff >> z->log_cols];
                return 1;
            }
    return 0;
}

void zp_zkp_set_unchecked(zp_zkp *z) { z->unchecked = 1; }
void zp_zkp_set_forge(zp_zkp *z, int mode) { z->forge = mode; }
void zp_zkp_set_helper_ref(zp_zkp *z) { z->helper_ref = 1; }

static int grow(void **p, size_t *cap, size_t n, size_t elt) {
    if (n < *cap) return 1;
    size_t nc = *cap ? 2 * *cap : 16;
    void *q = realloc(*p, nc * elt);
    if (!q) return 0;
    *p = q;
    *cap = nc;
    return 1;
}

static zp_err fail(zp_zkp *z, zp_err e) {
    if (z->err == ZP_OK) z->err = e;
    return z->err;
}

zp_err zp_zkp_set_limb_bits(zp_zkp *z, unsigned bits) {
    if (z->err != ZP_OK) return z->err;
    if ((bits != ZKP_LIMB_BITS && bits != 16) || z->pass != 0 || z->n_rq != 0)
        return fail(z, ZP_ERR_ARG);
    z->limb_bits = bits;
    return ZP_OK;
}

zp_err zp_zkp_set_view_defined(zp_zkp *z, int on) {
    if (z->err != ZP_OK) return z->err;
    if (z->pass != 0) return fail(z, ZP_ERR_ARG);
    z->no_vdef = !on;
    return ZP_OK;
}

size_t zp_zkp_n_view_defined(const zp_zkp *z) { return z->n_vdef; }

zp_err zp_zkp_set_lookup_batch(zp_zkp *z, unsigned kappa) {
    if (z->err != ZP_OK) return z->err;
    if (kappa > ZKP_LU_MAX_KAPPA || z->pass != 0) return fail(z, ZP_ERR_ARG);
    z->lu_kappa_set = kappa + 1;
    return ZP_OK;
}

zp_err zp_zkp_set_lookup_blocks(zp_zkp *z, unsigned K) {
    if (z->err != ZP_OK) return z->err;
    if (K < 2 || K > ZKP_LU_MAXK || z->pass != 0) return fail(z, ZP_ERR_ARG);
    z->lu_blocks_set = K;
    return ZP_OK;
}

unsigned zp_zkp_lk_columns(const zp_zkp *z, unsigned *log_sizes) {
    if (z->lk == ZKP_NO_PARENT) return 0;
    if (!z->lk_np) {
        if (log_sizes) log_sizes[0] = z->t[z->lk].log_size;
        return 1;
    }
    for (unsigned p = 0; log_sizes && p < z->lk_np; p++) log_sizes[p] = z->lk_plog[p];
    return z->lk_np;
}

void zp_zkp_lk_proof_range(const zp_zkp *z, size_t *begin, size_t *end) {
    *begin = z->lk_pf[0];
    *end = z->lk_pf[1];
}

unsigned zp_zkp_lk_blocks(const zp_zkp *z, unsigned *log_block) {
    for (size_t i = 0; z->lk != ZKP_NO_PARENT && i < z->n_lu; i++)
        if (z->lu[i].tagged) {
            if (log_block) *log_block = z->lu[i].log_h;
            return z->lu[i].nblk;
        }
    return 0;
}

zp_err zp_zkp_create(zp_zkp **out, zp_transcript *tr, zp_bytes *proof, zp_reader *in,
                     const zp_rng *rng) {
    if (!out) return ZP_ERR_ARG;
    *out = NULL;
    if (!tr || (proof == NULL) == (in == NULL) || (proof && !rng)) return ZP_ERR_ARG;
    zp_zkp *z = calloc(1, sizeof *z);
    if (!z) return ZP_ERR_NOMEM;
    z->prover = proof != NULL;
    z->tr = tr;
    z->proof = proof;
    z->in = in;
    if (rng) z->rng = *rng;
    z->limb_bits = ZKP_LIMB_BITS;
    z->lk = ZKP_NO_PARENT;
    *out = z;
    return ZP_OK;
}

void zp_zkp_free(zp_zkp *z) {
    if (!z) return;
    for (size_t i = 0; i < z->n_g; i++) {
        if (z->g[i].g0) zp_memzero(z->g[i].g0, z->g[i].width * sizeof(zp_fe));
        if (z->g[i].g1) zp_memzero(z->g[i].g1, z->g[i].width * sizeof(zp_fe));
        free(z->g[i].g0);
        free(z->g[i].g1);
    }
    zp_big_free_zero_tail(z->evals, z->n_evals * sizeof(zp_fe), z->evals_wr * sizeof(zp_fe));
    zp_big_free_zero_tail(z->evals2, z->n_evals2 * sizeof(zp_fe),
                          z->evals2_wr * sizeof(zp_fe));
    for (size_t i = 0; i < z->n_t; i++)
        if (z->t[i].vmask) {
            zp_memzero(z->t[i].vmask, z->t[i].vmask_len * sizeof(zp_fe));
            free(z->t[i].vmask);
        }
    for (size_t i = 0; i < z->n_t; i++)
        if (z->t[i].own) { /* the big ones wiped by all threads */
            zp_big_wipe(z->t[i].own, ((size_t)1 << z->t[i].log_size) * sizeof(zp_fe));
            free(z->t[i].own);
        }
    zp_pcs_prover_free(z->pcs);
    zp_pcs_prover_free(z->pcs2);
    zp_layout_free(z->L);
    zp_layout_free(z->L2);
    free(z->rq);
    for (size_t i = 0; i < z->n_lu; i++) free(z->lu[i].wt);
    free(z->lu);
    free(z->zq);
    free(z->zb);
    free(z->rtable);
    free(z->rtag);
    free(z->tagcol);
    if (z->lk_mask)
        zp_big_wipe(z->lk_mask, ((size_t)1 << z->t[z->lk].log_size) * sizeof(zp_fe));
    free(z->lk_mask);
    free(z->lk_map);
    free(z->lk_lid);
    free(z->lk_row);
    free(z->lk_drow);
    free(z->ev_id);
    free(z->ev_t);
    free(z->t);
    free(z->g);
    free(z->c);
    zp_memzero(&z->rng, sizeof z->rng);
    free(z);
}

int zp_zkp_planning(const zp_zkp *z) { return z->pass == 0; }

zp_err zp_zkp_set_external(zp_zkp *z, const zp_zkp_ext *ext) {
    if (!z || !ext || !ext->pp || !ext->root || z->pass != 0 || z->n_t) return ZP_ERR_ARG;
    if (zp_pcs_params_check(ext->pp) != ZP_OK || ext->log_cols != ext->pp->log_cols)
        return fail(z, ZP_ERR_ARG);
    const unsigned O = ext->pp->max_openings ? ext->pp->max_openings : 1;
    if (ext->index >= O || (z->prover && (!ext->pcs || !ext->evals)) ||
        z->n_ext >= ZP_ZKP_MAX_EXT)
        return fail(z, ZP_ERR_ARG);
    /* one opening is consumed once: refuse the same opening twice */
    for (unsigned k = 0; k < z->n_ext; k++)
        if (z->ext[k].index == ext->index &&
            !memcmp(z->ext[k].root, ext->root, sizeof *ext->root))
            return fail(z, ZP_ERR_ARG);
    z->ext[z->n_ext++] = *ext;
    return ZP_OK;
}
int zp_zkp_is_prover(const zp_zkp *z) { return z->prover; }

static zp_err declare(zp_zkp *z, size_t *id, unsigned log_size, const zp_fe *vals, int pub) {
    if (z->err != ZP_OK) return z->err;
    if (!id || log_size < 1 || log_size > ZP_PCS_MAX_VARS) return fail(z, ZP_ERR_ARG);
    if ((pub || z->prover) && !vals) return fail(z, ZP_ERR_ARG);
    if (z->pass == 0) {
        if (!grow((void **)&z->t, &z->cap_t, z->n_t, sizeof *z->t)) return fail(z, ZP_ERR_NOMEM);
        z->t[z->n_t] =
            (zkp_tensor){log_size, pub, vals, 0, 1, ZKP_NO_PARENT, 0, NULL, 0, 0, 0, 0, 0, 0,
                        0, 0, NULL, 0, 0};
        *id = z->n_t++;
        return ZP_OK;
    }
    if (z->cur_t >= z->n_t || z->t[z->cur_t].log_size != log_size || z->t[z->cur_t].pub != pub)
        return fail(z, ZP_ERR_INTERNAL); /* the two passes differ */
    z->t[z->cur_t].vals = vals;
    *id = z->cur_t++;
    return ZP_OK;
}

zp_err zp_zkp_witness(zp_zkp *z, size_t *id, unsigned log_size, const zp_fe *vals) {
    return declare(z, id, log_size, vals, 0);
}
zp_err zp_zkp_public(zp_zkp *z, size_t *id, unsigned log_size, const zp_fe *vals) {
    return declare(z, id, log_size, vals, 1);
}

zp_err zp_zkp_external(zp_zkp *z, size_t *id, unsigned log_size, const zp_fe *vals,
                       uint64_t offset, uint64_t mask_offset) {
    return zp_zkp_external_at(z, 0, id, log_size, vals, offset, mask_offset);
}

zp_err zp_zkp_external_at(zp_zkp *z, unsigned xk, size_t *id, unsigned log_size,
                          const zp_fe *vals, uint64_t offset, uint64_t mask_offset) {
    if (z->err != ZP_OK) return z->err;
    if (xk >= z->n_ext) return fail(z, ZP_ERR_ARG);
    const zp_zkp_ext *X = &z->ext[xk];
    const unsigned lc = X->log_cols;
    /* a deferred commitment's tensors have full-size masks */
    const unsigned k = z->ext_deferred[xk] || log_size < lc ? log_size : lc;
    const uint64_t C = (uint64_t)1 << lc, total = (uint64_t)1 << X->pp->n_vars;
    /* aligned, inside the polynomial, the mask on the same columns */
    if (log_size < 1 || log_size > ZP_PCS_MAX_VARS ||
        (offset & (((uint64_t)1 << log_size) - 1)) || (mask_offset & (((uint64_t)1 << k) - 1)) ||
        offset + ((uint64_t)1 << log_size) > total || mask_offset + ((uint64_t)1 << k) > total ||
        (offset & (C - 1)) != (mask_offset & (C - 1)) || (offset / C) == (mask_offset / C))
        return fail(z, ZP_ERR_ARG);
    /* a small tensor's 2^g mask rows (zp_model_mask_log_rows) */
    const unsigned g = z->ext_deferred[xk] ? 0 : zp_model_mask_log_rows(log_size, lc);
    if (mask_offset + ((((uint64_t)1 << g) - 1) << lc) + ((uint64_t)1 << k) > total ||
        (offset / C >= mask_offset / C && offset / C < mask_offset / C + ((uint64_t)1 << g)))
        return fail(z, ZP_ERR_ARG);
    zp_err e = declare(z, id, log_size, vals, 0);
    if (e != ZP_OK) return e;
    zkp_tensor *T = &z->t[*id];
    if (z->pass == 0) {
        T->phase = 3 + (int)xk;
        T->xoff = offset;
        T->xmoff = mask_offset;
    } else if (T->phase != 3 + (int)xk || T->xoff != offset || T->xmoff != mask_offset) {
        return fail(z, ZP_ERR_INTERNAL);
    }
    return ZP_OK;
}

/* The masked functional of external tensor T at pt[T->log_size]:
 * (1 - r_b) T~(pt) + r_b R~(pt[0..k)), k = min(log_size, log_cols), T and
 * its mask R on the same columns (docs/spec/model-commit.md); a small
 * tensor's mask has 2^g rows, read at the evaluation's mask point mw. */
static zp_err ext_functional(const zp_zkp *z, zp_fe2 *a, zp_fe2 *b, const zkp_tensor *T,
                             const zp_fe2 *pt, zp_fe2 r_b, const zp_fe2 *mw) {
    const zp_zkp_ext *X = xof(z, T);
    const unsigned lc = X->log_cols, m = T->log_size, k = m < lc ? m : lc;
    const size_t R = (size_t)1 << (X->pp->n_vars - lc), C = (size_t)1 << lc;
    memset(a, 0, R * sizeof(zp_fe2));
    if (b) { /* NULL: the caller builds b (open_phase's column store) */
        memset(b, 0, C * sizeof(zp_fe2));
        zp_eq_table(b + (T->xoff & (C - 1)), pt, k);
    }
    const zp_fe2 w = gl2_sub(gl2_from_fe(1), r_b);
    const size_t r0 = (size_t)(T->xoff / C);
    if (m > lc) {
        const size_t h = (size_t)1 << (m - lc);
        zp_fe2 *eh = malloc(h * sizeof(zp_fe2));
        if (!eh) return ZP_ERR_NOMEM;
        zp_eq_table(eh, pt + lc, m - lc);
        for (size_t i = 0; i < h; i++) a[r0 + i] = gl2_mul(w, eh[i]);
        free(eh);
    } else {
        a[r0] = w;
    }
    /* small tensors: 2^g mask rows read at the evaluation's mask point w */
    const unsigned g = m < lc ? ext_g(z, T) : 0;
    zp_fe2 ew[16];
    if (g > 4) return ZP_ERR_INTERNAL;
    if (g) zp_eq_table(ew, mw, g);
    else ew[0] = gl2_from_fe(1);
    for (size_t y = 0; y < ((size_t)1 << g); y++)
        a[T->xmoff / C + y] = gl2_add(a[T->xmoff / C + y], gl2_mul(r_b, ew[y]));
    return ZP_OK;
}

zp_fe2 zp_zkp_challenge(zp_zkp *z, const char *label) {
    zp_fe2 zero = {0, 0};
    if (z->pass == 0 || z->err != ZP_OK) return zero;
    return zp_transcript_challenge_fe2(z->tr, label);
}

/* Plan: reserve the g mask of one ZK sumcheck; run: take the next one. */
static zp_err take_g(zp_zkp *z, size_t *gi, unsigned nv, unsigned deg) {
    if (z->pass == 0) {
        if (!grow((void **)&z->g, &z->cap_g, z->n_g, sizeof *z->g)) return fail(z, ZP_ERR_NOMEM);
        memset(&z->g[z->n_g], 0, sizeof *z->g);
        z->g[z->n_g].nv = nv;
        z->g[z->n_g].deg = deg;
        z->g[z->n_g].width = zp_sc_zk_mask_width(nv, deg);
        *gi = z->n_g++;
        z->plan_claims++;
        return ZP_OK;
    }
    if (z->cur_g >= z->n_g || z->g[z->cur_g].nv != nv || z->g[z->cur_g].deg != deg)
        return fail(z, ZP_ERR_INTERNAL);
    *gi = z->cur_g++;
    return ZP_OK;
}

static zp_err add_claim(zp_zkp *z, int is_g, size_t idx, const zp_fe2 *point, unsigned n,
                        zp_fe2 r_b, zp_fe2 value, const zp_fe2 *w) {
    if (!grow((void **)&z->c, &z->cap_c, z->n_c, sizeof *z->c)) return fail(z, ZP_ERR_NOMEM);
    zkp_claim *c = &z->c[z->n_c++];
    memset(c, 0, sizeof *c);
    c->is_g = is_g;
    c->idx = idx;
    c->n_vars = n;
    if (n) memcpy(c->point, point, n * sizeof(zp_fe2));
    c->r_b = r_b;
    c->value = value;
    if (w) memcpy(c->w, w, sizeof c->w);
    return ZP_OK;
}

/* The tensor that holds ti's values and mask (a view's parent). */
static size_t owner(const zp_zkp *z, size_t ti) {
    return z->t[ti].parent != ZKP_NO_PARENT ? z->t[ti].parent : ti;
}

/* Plan: one more masked evaluation of witness tensor ti (counted on its
 * parent too when ti is a view). */
static void count_eval(zp_zkp *z, size_t ti) {
    if (z->pass != 0 || z->t[ti].pub) return;
    z->t[owner(z, ti)].n_evals++;
    if (owner(z, ti) != ti) z->t[ti].n_evals++;
    /* recorded in the current event (a failed growth latches NOMEM) */
    if (z->n_ev >= z->cap_ev) {
        size_t nc = z->cap_ev ? 2 * z->cap_ev : 64;
        uint32_t *ni = realloc(z->ev_id, nc * sizeof *ni);
        if (ni) z->ev_id = ni;
        size_t *nt = ni ? realloc(z->ev_t, nc * sizeof *nt) : NULL;
        if (nt) z->ev_t = nt;
        if (!ni || !nt) { fail(z, ZP_ERR_NOMEM); return; }
        z->cap_ev = nc;
    }
    z->ev_id[z->n_ev] = z->ev_cur;
    z->ev_t[z->n_ev++] = ti;
}
/* Plan: the evaluations counted from here on belong to a new event. */
static void new_event(zp_zkp *z) {
    if (z->pass == 0) z->ev_cur++;
}

/* Mask rows of an external tensor per opening (zp_model_mask_log_rows). */
static unsigned ext_g(const zp_zkp *z, const zkp_tensor *T) {
    if (z->ext_deferred[T->phase - 3]) return 0;
    return zp_model_mask_log_rows(T->log_size, xof(z, T)->log_cols);
}

/* Coordinates of the mask point w of ti: the group's gj for a grouped
 * tensor (or a view of one), the external rows' for a small external one. */
static unsigned wdim(const zp_zkp *z, size_t ti) {
    const zkp_tensor *P = &z->t[owner(z, ti)];
    if (z->t[ti].pub) return 0;
    if (P->grp) return z->gj;
    return P->phase >= 3 ? ext_g(z, P) : 0;
}

/* 1 if ti's mask is read at a mask point w (grouped, or a small external
 * tensor with several mask rows). */
static int grouped(const zp_zkp *z, size_t ti) {
    return !z->t[ti].pub && (z->t[owner(z, ti)].grp || wdim(z, ti) > 0);
}

/* The mask point w of one evaluation of ti (both sides, in the same order;
 * zeros when ti is not grouped or the group has one row). */
static void draw_w(zp_zkp *z, size_t ti, zp_fe2 *w) {
    memset(w, 0, ZKP_MAX_GJ * sizeof(zp_fe2));
    const unsigned d = grouped(z, ti) ? wdim(z, ti) : 0;
    if (d) zp_transcript_challenge_fe2_vec(z->tr, "zkp/mask/w", w, d);
}

/* Multilinear extension of vals[2^n] at z (n may be 0). */
static zp_fe2 mle(const zp_fe *vals, const zp_fe2 *zz, unsigned n) {
    return n ? zp_mle_eval(vals, zz, n) : gl2_from_fe(vals[0]);
}

/* mle() of a PUBLIC tensor (it branches on the values: never a witness).
 * Public tensors are mostly runs of one value (padding boxes, identity
 * matrices, ones): a run [l, r) of value v adds v sum_{x in [l, r)}
 * eq(z, x), and an aligned block [b, b + 2^k) sums to the product of the
 * eq factors of b's bits >= k (the low factors sum to 1), so a run costs
 * O(n log n) instead of O(r - l).  Dense tensors take zp_mle_eval.  Exact:
 * the same field value either way. */
static zp_fe2 mle_pub(const zp_fe *vals, const zp_fe2 *zz, unsigned n) {
    const size_t N = (size_t)1 << n;
    size_t runs = 0;
    for (size_t x = 0; x < N && runs <= (N >> 6); x++)
        if (vals[x] && (x == 0 || vals[x] != vals[x - 1])) runs++;
    if (n < 8 || runs > (N >> 6)) return mle(vals, zz, n);
    const zp_fe2 one = gl2_from_fe(1);
    zp_fe2 acc = {0, 0};
    for (size_t l = 0; l < N;) {
        if (!vals[l]) {
            l++;
            continue;
        }
        size_t r = l + 1;
        while (r < N && vals[r] == vals[l]) r++;
        zp_fe2 sum = {0, 0};
        for (size_t b = l; b < r;) {
            unsigned k = 0;
            while (k < n && !(b & ((size_t)1 << k)) && b + ((size_t)2 << k) <= r) k++;
            zp_fe2 f = one;
            for (unsigned j = k; j < n; j++)
                f = gl2_mul(f, ((b >> j) & 1) ? zz[j] : gl2_sub(one, zz[j]));
            sum = gl2_add(sum, f);
            b += (size_t)1 << k;
        }
        acc = gl2_add(acc, gl2_mul_fe(sum, vals[l]));
        l = r;
    }
    return acc;
}

static unsigned lg(size_t v) {
    unsigned k = 0;
    while (((size_t)1 << k) < v) k++;
    return k;
}

/* The mask companion of witness tensor ti (prover, after the commit).  A
 * view's mask is the matching slice (or period) of its parent's mask, so
 * that its masked values are those of the parent on the view's sub-cube. */
static const zp_fe *mask_of(const zp_zkp *z, size_t ti, size_t *len) {
    const zkp_tensor *T = &z->t[ti];
    if (T->vdef) { /* sum_l 2^(w l) (mask of view l) (vdef_masks) */
        *len = T->vmask_len;
        return T->vmask;
    }
    if (z->lk_rows && owner(z, ti) == z->lk) {
        /* the stacked column's expanded mask (plan_lk_mask): a slice of
         * it, or one row (period C) for a view whose rows share one mask
         * row (a limb view: its colour's row), or a segment below one row */
        const unsigned lc = z->log_cols;
        const size_t C = (size_t)1 << lc, n = (size_t)1 << T->log_size;
        const uint64_t off = ti == z->lk ? 0 : T->voff;
        if (!z->lk_mask) return NULL;
        *len = n;
        if (n > C) {
            /* one row when every data row of ti maps to one mask row (rows
             * past the committed ones: zero mask, never one row) */
            const size_t r0 = (size_t)(off >> lc), nr = n >> lc;
            const size_t nu = (size_t)(z->lk_used >> lc);
            size_t j = 1;
            while (j < nr && r0 + j < nu && z->lk_map[r0 + j] == z->lk_map[r0]) j++;
            if (j == nr && r0 + nr <= nu && z->lk_map[r0] != UINT32_MAX) *len = C;
        }
        return z->lk_mask + off;
    }
    if (T->mcol) { /* its shared row (plan_lk_mask), periodic */
        if (!z->evals) return NULL;
        *len = (size_t)1 << z->log_cols;
        return z->evals + (z->lk_row[T->mcol - 1] << z->log_cols);
    }
    if (T->parent != ZKP_NO_PARENT) {
        size_t pl;
        const zp_fe *pm = mask_of(z, T->parent, &pl);
        size_t n = (size_t)1 << T->log_size;
        if (!pm) return NULL;
        if (pl <= n) { *len = pl; return pm; }
        *len = n;
        return pm + (T->voff & (pl - 1));
    }
    if (T->phase >= 3) {
        const zp_zkp_ext *X = xof(z, T);
        const unsigned k = z->ext_deferred[T->phase - 3] || T->log_size < X->log_cols
                               ? T->log_size : X->log_cols;
        if (!X->evals) return NULL;
        *len = (size_t)1 << k;
        return X->evals + T->xmoff;
    }
    if (T->phase == 2) return zp_layout_mask_ptr(z->L2, z->evals2, T->lid, len);
    return zp_layout_mask_ptr(z->L, z->evals, T->lid, len);
}

/* Prover: the mask of one evaluation of grouped tensor ti at mask point w,
 * Mw[x] = sum_y eq(w, y) mask[y][c + x] for x < 2^log_size (a view: the
 * slice of its parent's), an extension-valued table (zp_sc_table.mask_ext)
 * whose MLE at s is M~(s, w).  Owned by the caller; NULL on failure. */
#define GM_CHUNK 256 /* columns per chunk of grouped_mask */
static zp_fe2 *grouped_mask(const zp_zkp *z, size_t ti, const zp_fe2 *w) {
    const zkp_tensor *T = &z->t[ti], *P = &z->t[owner(z, ti)];
    const unsigned d = wdim(z, ti);
    const size_t n = (size_t)1 << T->log_size, Y = (size_t)1 << d;
    size_t C, c, ml;
    const zp_fe *mk;
    if (P->phase >= 3) { /* 2^d rows at the tensor's columns of the model */
        const zp_zkp_ext *X = xof(z, P);
        C = (size_t)1 << X->log_cols;
        c = 0;
        mk = X->evals ? X->evals + P->xmoff : NULL;
        ml = C * Y;
    } else {
        C = (size_t)1 << z->log_cols;
        c = (size_t)P->gcol;
        if (T != P) c += (size_t)(T->voff & (((uint64_t)1 << P->log_size) - 1));
        mk = zp_layout_mask_ptr(z->L, z->evals, z->glid, &ml);
    }
    if (!mk || ml != C * Y) return NULL;
    zp_fe2 *eq = malloc(Y * sizeof(zp_fe2)), *out = malloc(n * sizeof(zp_fe2));
    if (!eq || !out) { free(eq); free(out); return NULL; }
    if (d) zp_eq_table(eq, w, d);
    else eq[0] = gl2_from_fe(1);
    /* chunks of GM_CHUNK columns in parallel; per column the Y products
     * summed exactly as 192-bit integers (hi 2^128 + lo) and reduced once
     * (2^128 = -2^32 mod p): the values of the field sum, for any split */
    const long long nch = (long long)((n + GM_CHUNK - 1) / GM_CHUNK);
    #pragma omp parallel if (n * Y >= 65536 && nch >= 2)
    {
        unsigned __int128 lo[2 * GM_CHUNK];
        uint64_t hi[2 * GM_CHUNK];
        #pragma omp for schedule(static)
        for (long long ch = 0; ch < nch; ch++) {
            const size_t x0 = (size_t)ch * GM_CHUNK;
            const size_t len = n - x0 < GM_CHUNK ? n - x0 : GM_CHUNK;
            memset(lo, 0, 2 * len * sizeof *lo);
            memset(hi, 0, 2 * len * sizeof *hi);
            for (size_t y = 0; y < Y; y++) {
                const zp_fe *row = mk + y * C + c + x0;
                const uint64_t e0 = eq[y].c0, e1 = eq[y].c1;
                for (size_t x = 0; x < len; x++) {
                    const unsigned __int128 p0 = (unsigned __int128)row[x] * e0;
                    const unsigned __int128 p1 = (unsigned __int128)row[x] * e1;
                    lo[2 * x] += p0;
                    hi[2 * x] += (uint64_t)(lo[2 * x] < p0);
                    lo[2 * x + 1] += p1;
                    hi[2 * x + 1] += (uint64_t)(lo[2 * x + 1] < p1);
                }
            }
            for (size_t x = 0; x < len; x++) {
                zp_fe v[2];
                for (int j = 0; j < 2; j++)
                    v[j] = gl_sub(gl_reduce128(lo[2 * x + j]),
                                  gl_mul(gl_from_u64(hi[2 * x + j]), (zp_fe)1 << 32));
                out[x0 + x] = (zp_fe2){v[0], v[1]};
            }
        }
        zp_memzero(lo, sizeof lo); /* sums of the secret mask */
        zp_memzero(hi, sizeof hi);
    }
    free(eq);
    return out;
}

static void free2(zp_fe2 *v, size_t n) {
    if (v) zp_big_wipe(v, n * sizeof(zp_fe2)); /* big: by all threads */
    free(v);
}

/* Fold of a full-size extension mask M of a stored operand: the contracted
 * index k (nk values) low (index o nk + k) or high (index k no + o), the
 * other index folded with eqo[no]. */
static void fold2(zp_fe2 *out, const zp_fe2 *M, size_t nk, size_t no, const zp_fe2 *eqo,
                  int k_low) {
    for (size_t k = 0; k < nk; k++) {
        zp_fe2 acc = {0, 0};
        for (size_t o = 0; o < no; o++)
            acc = gl2_add(acc, gl2_mul(eqo[o], k_low ? M[o * nk + k] : M[k * no + o]));
        out[k] = acc;
    }
}

/* Exchange of the masked values of the witness tables (prover sends,
 * verifier receives), in table order. */
static zp_err xchg(zp_zkp *z, zp_fe2 *v) {
    if (z->prover) {
        zp_fs_send_fe2(z->tr, z->proof, "zkp/eval", v, 1);
        return ZP_OK;
    }
    return zp_fs_recv_fe2(z->tr, z->in, "zkp/eval", v, 1);
}

static zp_fe2 eq_eval(const zp_fe2 *a, const zp_fe2 *b, unsigned n) {
    zp_fe2 acc = gl2_from_fe(1), one = gl2_from_fe(1);
    for (unsigned i = 0; i < n; i++) {
        zp_fe2 t = gl2_add(gl2_mul(a[i], b[i]),
                           gl2_mul(gl2_sub(one, a[i]), gl2_sub(one, b[i])));
        acc = gl2_mul(acc, t);
    }
    return acc;
}

/* ------------------------------------------------------------------ */

static zp_err xchg_t(zp_zkp *z, size_t ti, const zp_fe2 *pt, zp_fe2 r_b, zp_fe2 *v,
                     zp_fe2 *vv);
static zp_err claim_t(zp_zkp *z, size_t ti, const zp_fe2 *pt, unsigned n, zp_fe2 r_b,
                      zp_fe2 v, const zp_fe2 *w, const zp_fe2 *vv);

/* The point of a stored operand: (lo_pt, hi_pt) with lo_pt's variables low,
 * or swapped when the operand is stored transposed (the MLE of X^T at
 * (u, v) is the MLE of X at (v, u)). */
static void mm_point(zp_fe2 *pt, const zp_fe2 *lo_pt, unsigned nlo, const zp_fe2 *hi_pt,
                     unsigned nhi, int transposed) {
    if (transposed) {
        memcpy(pt, hi_pt, nhi * sizeof(zp_fe2));
        memcpy(pt + nhi, lo_pt, nlo * sizeof(zp_fe2));
    } else {
        memcpy(pt, lo_pt, nlo * sizeof(zp_fe2));
        memcpy(pt + nlo, hi_pt, nhi * sizeof(zp_fe2));
    }
}

zp_err zp_zkp_matmul_affine(zp_zkp *z, size_t a, size_t b, unsigned lm, unsigned ln,
                            unsigned lp, const zp_zkp_tail *tails, size_t n_tails,
                            zp_fe2 c0, const zp_fe *o) {
    return zp_zkp_matmul_ex(z, a, b, lm, ln, lp, 0, tails, n_tails, c0, o);
}

/* Masked fold of the periodic mask mk[ml] of a stored operand whose
 * contracted index is the HIGH one (rows: stored 2^ln x 2^lo, the free
 * index low, folded at eq table eqo = eq(ro, .) over lo variables).  The
 * mask's MLE depends on the low K = lg(ml) variables of (ro, s): when
 * K <= lo it is the constant mle(mk, ro[0..K)); otherwise the columns fold
 * leaves 2^(K - lo) values, periodic in s. */
static zp_err fold_mask_hi(zp_fe2 **out, size_t *len, const zp_fe *mk, size_t ml,
                           const zp_fe2 *ro, unsigned lo, const zp_fe2 *eqo) {
    const unsigned K = lg(ml);
    if (K <= lo) {
        *out = malloc(sizeof(zp_fe2));
        if (!*out) return ZP_ERR_NOMEM;
        (*out)[0] = mle(mk, ro, K);
        *len = 1;
        return ZP_OK;
    }
    const size_t rows = (size_t)1 << (K - lo);
    *out = malloc(rows * sizeof(zp_fe2));
    if (!*out) return ZP_ERR_NOMEM;
    zp_mm_fold_cols(*out, mk, rows, (size_t)1 << lo, eqo);
    *len = rows;
    return ZP_OK;
}

/* The same for an operand whose contracted index is the LOW one (stored
 * 2^lo x 2^ln, index o 2^ln + s): when K >= ln the rows fold at ro[0..K-ln)
 * leaves 2^ln values; otherwise the base mask itself is periodic in s. */
static zp_err fold_mask_lo(zp_fe2 **out, size_t *len, const zp_fe *mk, size_t ml,
                           const zp_fe2 *ro, unsigned ln) {
    const unsigned K = lg(ml);
    *out = NULL;
    *len = 0;
    if (K < ln) return ZP_OK;
    const size_t n = (size_t)1 << ln, h = (size_t)1 << (K - ln);
    zp_fe2 *eqt = malloc(h * sizeof(zp_fe2));
    *out = malloc(n * sizeof(zp_fe2));
    if (!eqt || !*out) { free(eqt); free(*out); *out = NULL; return ZP_ERR_NOMEM; }
    zp_eq_table(eqt, ro, K - ln);
    zp_mm_fold_rows(*out, mk, h, n, eqt);
    free(eqt);
    *len = n;
    return ZP_OK;
}

zp_err zp_zkp_matmul_ex(zp_zkp *z, size_t a, size_t b, unsigned lm, unsigned ln, unsigned lp,
                        unsigned flags, const zp_zkp_tail *tails, size_t n_tails, zp_fe2 c0,
                        const zp_fe *o) {
    if (z->err != ZP_OK) return z->err;
    const int at = (flags & ZP_ZKP_AT) != 0, bt = (flags & ZP_ZKP_BT) != 0;
    if ((flags & ~(unsigned)(ZP_ZKP_AT | ZP_ZKP_BT)) || a >= z->n_t || b >= z->n_t || ln < 1 ||
        n_tails > ZP_ZKP_MAX_TAILS ||
        (n_tails && !tails) || z->t[a].pub || z->t[a].log_size != lm + ln ||
        z->t[b].log_size != ln + lp || lm + ln > ZP_SC_MAX_VARS || ln + lp > ZP_SC_MAX_VARS)
        return fail(z, ZP_ERR_ARG);
    for (size_t i = 0; i < n_tails; i++)
        if (tails[i].id >= z->n_t ||
            z->t[tails[i].id].log_size != (tails[i].rows ? lm : lm + lp) ||
            (tails[i].rows && lm == 0))
            return fail(z, ZP_ERR_ARG);
    size_t gi;
    zp_err e = take_g(z, &gi, ln, 2);
    if (e != ZP_OK) return e;
    if (z->pass == 0) {
        z->plan_claims += 1 + !z->t[b].pub;
        for (size_t i = 0; i < n_tails; i++) z->plan_claims += !z->t[tails[i].id].pub;
        new_event(z);
        count_eval(z, a);
        count_eval(z, b);
        for (size_t i = 0; i < n_tails; i++) count_eval(z, tails[i].id);
        return ZP_OK;
    }
    const size_t m = (size_t)1 << lm, n = (size_t)1 << ln, p = (size_t)1 << lp;
    const size_t nt = 3 + n_tails;
    zp_fe2 r[2 * ZP_SC_MAX_VARS];
    zp_transcript_challenge_fe2_vec(z->tr, "zkp/mm/r", r, lp + lm);
    const zp_fe2 *rj = r, *ri = r + lp;
    zp_fe2 of = o ? mle(o, rj, lp) : gl2_from_fe(1);
    zp_fe2 wa[ZKP_MAX_GJ], wb[ZKP_MAX_GJ], wt[ZP_ZKP_MAX_TAILS][ZKP_MAX_GJ];
    draw_w(z, a, wa);
    draw_w(z, b, wb);
    for (size_t i = 0; i < n_tails; i++) draw_w(z, tails[i].id, wt[i]);

    zp_sc_table tab[3 + ZP_ZKP_MAX_TAILS];
    zp_sc_term terms[4 + ZP_ZKP_MAX_TAILS];
    memset(tab, 0, sizeof tab);
    memset(terms, 0, sizeof terms);
    size_t n_terms = 0;
    terms[n_terms++] = (zp_sc_term){gl2_from_fe(1), 2, {0, 1}};
    zp_fe2 tail_val[ZP_ZKP_MAX_TAILS], tail_mask[ZP_ZKP_MAX_TAILS];
    zp_fe2 tail_pt[ZP_ZKP_MAX_TAILS][2 * ZP_SC_MAX_VARS];
    unsigned tail_n[ZP_ZKP_MAX_TAILS];
    for (size_t i = 0; i < n_tails; i++) {
        zp_fe2 cf = tails[i].coeff;
        if (tails[i].rows) {
            cf = gl2_mul(cf, of);
            memcpy(tail_pt[i], ri, lm * sizeof(zp_fe2));
            tail_n[i] = lm;
        } else {
            memcpy(tail_pt[i], r, (lp + lm) * sizeof(zp_fe2));
            tail_n[i] = lp + lm;
        }
        terms[n_terms++] = (zp_sc_term){cf, 2, {2, (uint32_t)(3 + i)}};
    }
    terms[n_terms++] = (zp_sc_term){gl2_mul(c0, of), 1, {2}};

    zp_fe2 evals[3 + ZP_ZKP_MAX_TAILS];
    zp_fe2 s[ZP_SC_MAX_VARS];
    zp_sc_zk_result res;
    const zkp_tensor *TA = &z->t[a], *TB = &z->t[b];
    if (z->prover) {
        /* tables */
        zp_fe2 *buf = calloc((size_t)(3 + n_tails) * n + m + p, sizeof(zp_fe2));
        if (!buf) return fail(z, ZP_ERR_NOMEM);
        zp_fe2 *Af = buf, *Bf = Af + n, *e0 = Bf + n, *cst = e0 + n;
        zp_fe2 *eqi = cst + n_tails * n, *eqj = eqi + m;
        zp_eq_table(eqi, ri, lm);
        zp_eq_table(eqj, rj, lp);
        /* op(A)[i][k]: stored A[i n + k], or A[k m + i] (AT); op(B)[k][j]:
         * stored B[k p + j], or B[j n + k] (BT) */
        if (at) zp_mm_fold_cols(Af, TA->vals, n, m, eqi);
        else zp_mm_fold_rows(Af, TA->vals, m, n, eqi);
        if (bt) zp_mm_fold_rows(Bf, TB->vals, p, n, eqj);
        else zp_mm_fold_cols(Bf, TB->vals, n, p, eqj);
        e0[0] = gl2_from_fe(1);
        tab[0].ext = Af;
        size_t ml = 0;
        const zp_fe *mk = NULL;
        zp_fe2 *Amk = NULL, *Bmf = NULL;
        size_t amk_len = 0, bmf_len = 0;
        if (grouped(z, a)) {
            zp_fe2 *Mw = grouped_mask(z, a, wa);
            Amk = Mw ? malloc(n * sizeof(zp_fe2)) : NULL;
            if (Amk) fold2(Amk, Mw, n, m, eqi, !at);
            free2(Mw, m * n);
            amk_len = n;
            e = Amk ? ZP_OK : ZP_ERR_NOMEM;
        } else {
            mk = mask_of(z, a, &ml);
            e = at ? fold_mask_hi(&Amk, &amk_len, mk, ml, ri, lm, eqi)
                   : fold_mask_lo(&Amk, &amk_len, mk, ml, ri, ln);
        }
        if (e != ZP_OK) { free(buf); return fail(z, e); }
        if (Amk) {
            tab[0].mask_ext = Amk;
            tab[0].mask_len = amk_len;
        } else {
            tab[0].mask_base = mk;
            tab[0].mask_len = ml;
        }
        tab[1].ext = Bf;
        if (!TB->pub && grouped(z, b)) {
            zp_fe2 *Mw = grouped_mask(z, b, wb);
            Bmf = Mw ? malloc(n * sizeof(zp_fe2)) : NULL;
            if (Bmf) fold2(Bmf, Mw, n, p, eqj, bt);
            free2(Mw, n * p);
            bmf_len = n;
            if (!Bmf) {
                free(buf);
                if (Amk) { zp_memzero(Amk, amk_len * sizeof(zp_fe2)); free(Amk); }
                return fail(z, ZP_ERR_NOMEM);
            }
            tab[1].mask_ext = Bmf;
            tab[1].mask_len = bmf_len;
        } else if (!TB->pub) {
            mk = mask_of(z, b, &ml);
            e = bt ? fold_mask_lo(&Bmf, &bmf_len, mk, ml, rj, ln)
                   : fold_mask_hi(&Bmf, &bmf_len, mk, ml, rj, lp, eqj);
            if (e != ZP_OK) {
                free(buf);
                if (Amk) { zp_memzero(Amk, amk_len * sizeof(zp_fe2)); free(Amk); }
                return fail(z, e);
            }
            if (Bmf) {
                tab[1].mask_ext = Bmf;
                tab[1].mask_len = bmf_len;
            } else {
                tab[1].mask_base = mk;
                tab[1].mask_len = ml;
            }
        }
        tab[2].ext = e0;
        for (size_t i = 0; i < n_tails; i++) {
            const zkp_tensor *T = &z->t[tails[i].id];
            tail_val[i] = mle(T->vals, tail_pt[i], tail_n[i]);
            for (size_t x = 0; x < n; x++) cst[i * n + x] = tail_val[i];
            tab[3 + i].ext = cst + i * n;
            if (!T->pub && grouped(z, tails[i].id)) {
                zp_fe2 *Mw = grouped_mask(z, tails[i].id, wt[i]);
                if (!Mw) {
                    free(buf);
                    free2(Amk, amk_len);
                    free2(Bmf, bmf_len);
                    return fail(z, ZP_ERR_NOMEM);
                }
                tail_mask[i] = zp_mle_eval2(Mw, tail_pt[i], tail_n[i]);
                free2(Mw, (size_t)1 << tail_n[i]);
                tab[3 + i].mask_ext = &tail_mask[i];
                tab[3 + i].mask_len = 1;
            } else if (!T->pub) {
                mk = mask_of(z, tails[i].id, &ml);
                tail_mask[i] = mle(mk, tail_pt[i], lg(ml));
                tab[3 + i].mask_ext = &tail_mask[i];
                tab[3 + i].mask_len = 1;
            }
        }
        zp_sc_instance inst = {ln, nt, tab, n_terms, terms};
        const zkp_gmask *G = &z->g[gi];
        e = zp_sumcheck_zk_prove(z->tr, z->proof, &res, s, evals, &inst, (zp_fe2){0, 0},
                                 G->g0, G->g1, NULL, 0);
        zp_memzero(buf, ((size_t)(3 + n_tails) * n + m + p) * sizeof(zp_fe2));
        free(buf);
        if (Bmf) { zp_memzero(Bmf, bmf_len * sizeof(zp_fe2)); free(Bmf); }
        if (Amk) { zp_memzero(Amk, amk_len * sizeof(zp_fe2)); free(Amk); }
        zp_memzero(tail_mask, sizeof tail_mask);
        if (e != ZP_OK) return fail(z, e);
    } else {
        e = zp_sumcheck_zk_verify(z->tr, z->in, &res, s, ln, 2, (zp_fe2){0, 0});
        if (e != ZP_OK) return fail(z, e);
    }
    /* the points of the stored operands, then the masked values of the
     * witness tables in table order (a tensor defined by its views: its
     * views' values, xchg_t) */
    zp_fe2 pa[2 * ZP_SC_MAX_VARS], pb[2 * ZP_SC_MAX_VARS];
    zp_fe2 vv[3 + ZP_ZKP_MAX_TAILS][ZKP_MAX_VIEWS];
    mm_point(pa, s, ln, ri, lm, at);
    mm_point(pb, rj, lp, s, ln, bt);
    for (size_t i = 0; i < nt; i++) {
        if (i == 2) {
            if (!z->prover) {
                zp_fe2 zero[ZP_SC_MAX_VARS];
                memset(zero, 0, sizeof zero);
                evals[2] = eq_eval(zero, s, ln);
            }
        } else if (i == 1 && TB->pub) {
            if (!z->prover) evals[1] = mle_pub(TB->vals, pb, lp + ln);
        } else if (i >= 3 && z->t[tails[i - 3].id].pub) {
            if (!z->prover)
                evals[i] = mle_pub(z->t[tails[i - 3].id].vals, tail_pt[i - 3], tail_n[i - 3]);
        } else {
            const size_t ti = i == 0 ? a : i == 1 ? b : tails[i - 3].id;
            const zp_fe2 *pti = i == 0 ? pa : i == 1 ? pb : tail_pt[i - 3];
            e = xchg_t(z, ti, pti, res.r_b, &evals[i], vv[i]);
            if (e != ZP_OK) return fail(z, e);
        }
    }
    if (!z->prover) {
        e = zp_sumcheck_zk_check_final(&res, terms, n_terms, evals, nt);
        if (e != ZP_OK) return fail(z, e);
    }
    /* claims */
    e = claim_t(z, a, pa, ln + lm, res.r_b, evals[0], wa, vv[0]);
    if (e == ZP_OK && !TB->pub) e = claim_t(z, b, pb, lp + ln, res.r_b, evals[1], wb, vv[1]);
    for (size_t i = 0; i < n_tails && e == ZP_OK; i++)
        if (!z->t[tails[i].id].pub)
            e = claim_t(z, tails[i].id, tail_pt[i], tail_n[i], res.r_b, evals[3 + i], wt[i],
                        vv[3 + i]);
    if (e == ZP_OK) e = add_claim(z, 1, gi, s, ln, res.r_b, res.g_eval, NULL);
    return e == ZP_OK ? ZP_OK : fail(z, e);
}

/* Zero-checks are deferred: each call records its terms; at the commit the
 * recorded checks are grouped by size into batches (within the sumcheck's
 * table and term limits), and zp_zkp_finish proves each batch with ONE ZK
 * sumcheck of sum_x eq(r, x) sum_i mu_i Z_i(x) = 0 (mu_0 = 1, mu_i from the
 * transcript after every relation is fixed). */
zp_err zp_zkp_zerocheck(zp_zkp *z, unsigned log_n, const zp_zkp_term *terms, size_t n_terms) {
    if (z->err != ZP_OK) return z->err;
    if (log_n < 1 || log_n > ZP_SC_MAX_VARS || n_terms < 1 || n_terms > ZP_ZKP_MAX_TERMS || !terms)
        return fail(z, ZP_ERR_ARG);
    for (size_t i = 0; i < n_terms; i++) {
        if (terms[i].n_f > 2) return fail(z, ZP_ERR_ARG);
        for (unsigned f = 0; f < terms[i].n_f; f++)
            if (terms[i].f[f] >= z->n_t || z->t[terms[i].f[f]].log_size != log_n)
                return fail(z, ZP_ERR_ARG);
    }
    zkp_zc *Q;
    if (z->pass == 0) {
        if (!grow((void **)&z->zq, &z->cap_zq, z->n_zq, sizeof *z->zq)) return fail(z, ZP_ERR_NOMEM);
        Q = &z->zq[z->n_zq++];
        memset(Q, 0, sizeof *Q);
    } else {
        if (z->cur_zq >= z->n_zq) return fail(z, ZP_ERR_INTERNAL);
        Q = &z->zq[z->cur_zq++];
        if (Q->log_n != log_n || Q->n_terms != n_terms) return fail(z, ZP_ERR_INTERNAL);
        for (size_t i = 0; i < n_terms; i++)
            if (Q->t[i].n_f != terms[i].n_f || Q->t[i].f[0] != terms[i].f[0] ||
                Q->t[i].f[1] != terms[i].f[1])
                return fail(z, ZP_ERR_INTERNAL);
    }
    Q->log_n = log_n;
    Q->n_terms = n_terms;
    for (size_t i = 0; i < n_terms; i++) {
        Q->t[i] = terms[i];
        if (terms[i].n_f < 2) Q->t[i].f[1] = 0;
        if (terms[i].n_f < 1) Q->t[i].f[0] = 0;
    }
    return ZP_OK;
}

/* Adds the terms of check qi (times mu) to a batch's table and term lists,
 * merging equal factor sets.  Returns 0 if they do not fit. */
static int zc_merge(const zkp_zc *Q, zp_fe2 mu, size_t *tid, size_t *nt,
                    zp_sc_term *st, size_t *ns, unsigned *deg) {
    size_t nt2 = *nt, ns2 = *ns;
    unsigned d = *deg;
    for (size_t i = 0; i < Q->n_terms; i++) {
        uint32_t fx[2] = {0, 0};
        for (unsigned f = 0; f < Q->t[i].n_f; f++) {
            size_t id = Q->t[i].f[f], j = 1;
            while (j < nt2 && tid[j] != id) j++;
            if (j == nt2) {
                if (nt2 >= ZP_SC_MAX_TABLES) return 0;
                tid[nt2++] = id;
            }
            fx[f] = (uint32_t)j;
        }
        if (Q->t[i].n_f == 2 && fx[0] > fx[1]) { uint32_t x = fx[0]; fx[0] = fx[1]; fx[1] = x; }
        unsigned nf = 1 + Q->t[i].n_f;
        zp_fe2 c = gl2_mul(Q->t[i].coeff, mu);
        size_t k = 0;
        while (k < ns2 && !(st[k].n_factors == nf && (nf < 2 || st[k].factors[1] == fx[0]) &&
                            (nf < 3 || st[k].factors[2] == fx[1])))
            k++;
        if (k == ns2) {
            if (ns2 >= ZP_SC_MAX_TERMS) return 0;
            memset(&st[k], 0, sizeof st[k]);
            st[k].n_factors = nf;
            st[k].factors[1] = fx[0];
            st[k].factors[2] = fx[1];
            st[k].coeff = (zp_fe2){0, 0};
            ns2++;
        }
        st[k].coeff = gl2_add(st[k].coeff, c);
        if (nf > d) d = nf;
    }
    *nt = nt2;
    *ns = ns2;
    *deg = d;
    return 1;
}

/* Commit time: batches of consecutive checks of one size (by size, then
 * declaration order), each with its g mask. */
static zp_err plan_zerochecks(zp_zkp *z) {
    for (unsigned ln = 1; ln <= ZP_SC_MAX_VARS; ln++) {
        size_t tid[ZP_SC_MAX_TABLES], nt = 1, ns = 0;
        zp_sc_term st[ZP_SC_MAX_TERMS];
        unsigned deg = 1;
        zkp_zcb *B = NULL;
        for (size_t i = 0; i < z->n_zq; i++) {
            if (z->zq[i].log_n != ln || z->zq[i].dropped) continue;
            zp_fe2 one = gl2_from_fe(1);
            if (!B || !zc_merge(&z->zq[i], one, tid, &nt, st, &ns, &deg)) {
                if (B) {
                    zp_err e = take_g(z, &B->gi, ln, deg);
                    if (e != ZP_OK) return e;
                    new_event(z);
                    for (size_t j = 1; j < nt; j++) {
                z->plan_claims += !z->t[tid[j]].pub;
                count_eval(z, tid[j]);
            }
                }
                if (!grow((void **)&z->zb, &z->cap_zb, z->n_zb, sizeof *z->zb))
                    return fail(z, ZP_ERR_NOMEM);
                B = &z->zb[z->n_zb++];
                memset(B, 0, sizeof *B);
                B->log_n = ln;
                B->first = i;
                nt = 1; ns = 0; deg = 1;
                if (!zc_merge(&z->zq[i], one, tid, &nt, st, &ns, &deg))
                    return fail(z, ZP_ERR_INTERNAL);
            }
            z->zq[i].batch = (size_t)(B - z->zb);
        }
        if (B) {
            zp_err e = take_g(z, &B->gi, ln, deg);
            if (e != ZP_OK) return e;
            new_event(z);
            for (size_t j = 1; j < nt; j++) {
                z->plan_claims += !z->t[tid[j]].pub;
                count_eval(z, tid[j]);
            }
        }
    }
    return ZP_OK;
}

static zp_err zc_run(zp_zkp *z, size_t bi) {
    const zkp_zcb *B = &z->zb[bi];
    const unsigned log_n = B->log_n;
    size_t tid[ZP_SC_MAX_TABLES], nt = 1, n_terms = 0;
    zp_sc_term st[ZP_SC_MAX_TERMS];
    unsigned deg = 1;
    int first = 1;
    for (size_t i = 0; i < z->n_zq; i++) {
        if (z->zq[i].batch != bi || z->zq[i].log_n != log_n || z->zq[i].dropped) continue;
        zp_fe2 mu = first ? gl2_from_fe(1) : zp_transcript_challenge_fe2(z->tr, "zkp/zc/mu");
        first = 0;
        if (!zc_merge(&z->zq[i], mu, tid, &nt, st, &n_terms, &deg)) return fail(z, ZP_ERR_INTERNAL);
    }
    const size_t gi = B->gi;
    if (z->g[gi].deg != deg || z->g[gi].nv != log_n) return fail(z, ZP_ERR_INTERNAL);
    zp_err e;
    const size_t n = (size_t)1 << log_n;
    zp_fe2 r[ZP_SC_MAX_VARS], s[ZP_SC_MAX_VARS], evals[ZP_SC_MAX_TABLES];
    zp_transcript_challenge_fe2_vec(z->tr, "zkp/zc/r", r, log_n);
    zp_fe2 wz[ZP_SC_MAX_TABLES][ZKP_MAX_GJ];
    for (size_t j = 1; j < nt; j++) draw_w(z, tid[j], wz[j]);
    zp_sc_zk_result res;
    if (z->prover) {
        zp_fe2 *gm[ZP_SC_MAX_TABLES] = {0};
        zp_sc_table tab[ZP_SC_MAX_TABLES];
        memset(tab, 0, sizeof tab); /* tab[0] = eq(r, x): the kernel reads r only */
        e = ZP_OK;
        for (size_t j = 1; j < nt; j++) {
            tab[j].base = z->t[tid[j]].vals;
            if (grouped(z, tid[j])) {
                gm[j] = grouped_mask(z, tid[j], wz[j]);
                if (!gm[j]) e = ZP_ERR_NOMEM;
                tab[j].mask_ext = gm[j];
                tab[j].mask_len = n;
            } else if (!z->t[tid[j]].pub) {
                tab[j].mask_base = mask_of(z, tid[j], &tab[j].mask_len);
            }
        }
        zp_sc_instance inst = {log_n, nt, tab, n_terms, st};
        /* the eq-weighted kernel (src/piop/sc_eq.c): the same proof as
         * zp_sumcheck_zk_prove on this instance */
        if (e == ZP_OK)
            e = zp_sumcheck_zk_prove_eq(z->tr, z->proof, &res, s, evals, &inst, r, (zp_fe2){0, 0},
                                        z->g[gi].g0, z->g[gi].g1);
        for (size_t j = 1; j < nt; j++) free2(gm[j], n);
        if (e != ZP_OK) return fail(z, e);
    } else {
        e = zp_sumcheck_zk_verify(z->tr, z->in, &res, s, log_n, deg, (zp_fe2){0, 0});
        if (e != ZP_OK) return fail(z, e);
        evals[0] = eq_eval(r, s, log_n);
    }
    zp_fe2 vv[ZP_SC_MAX_TABLES][ZKP_MAX_VIEWS];
    for (size_t j = 1; j < nt; j++) {
        if (z->t[tid[j]].pub) {
            if (!z->prover) evals[j] = mle_pub(z->t[tid[j]].vals, s, log_n);
        } else if ((e = xchg_t(z, tid[j], s, res.r_b, &evals[j], vv[j])) != ZP_OK) {
            return fail(z, e);
        }
    }
    if (!z->prover) {
        e = zp_sumcheck_zk_check_final(&res, st, n_terms, evals, nt);
        if (e != ZP_OK) return fail(z, e);
    }
    for (size_t j = 1; j < nt && e == ZP_OK; j++)
        if (!z->t[tid[j]].pub)
            e = claim_t(z, tid[j], s, log_n, res.r_b, evals[j], wz[j], vv[j]);
    if (e == ZP_OK) e = add_claim(z, 1, gi, s, log_n, res.r_b, res.g_eval, NULL);
    return e == ZP_OK ? ZP_OK : fail(z, e);
}

/* Appends an internal tensor (witness, mask companion; values owned by the
 * prover's builder). */
static zp_err new_tensor(zp_zkp *z, size_t *id, unsigned log_size, int phase, size_t parent) {
    if (!grow((void **)&z->t, &z->cap_t, z->n_t, sizeof *z->t)) return fail(z, ZP_ERR_NOMEM);
    zkp_tensor *T = &z->t[z->n_t];
    *T = (zkp_tensor){log_size, 0, NULL, 0, phase, parent, 0, NULL, 0, 0, 0, 0, 0, 0,
                      0, 0, NULL, 0, 0};
    if (z->prover && parent == ZKP_NO_PARENT && z->pass == 0 && phase != 0) {
        /* zero (cleared by all threads when big: calloc would clear
         * reused heap memory on one) */
        const size_t bytes = ((size_t)1 << log_size) * sizeof(zp_fe);
        T->own = malloc(bytes);
        if (!T->own) return fail(z, ZP_ERR_NOMEM);
        zp_big_wipe(T->own, bytes);
        T->vals = T->own;
    }
    *id = z->n_t++;
    return ZP_OK;
}

/* Parent of a range view until the commit assigns the stacked column. */
#define ZKP_PENDING ((size_t)-2)

zp_err zp_zkp_range(zp_zkp *z, size_t id, int64_t offset, unsigned k_bits) {
    if (z->err != ZP_OK) return z->err;
    if (id >= z->n_t || k_bits < 1 || k_bits > ZP_RANGE_MAX_BITS) return fail(z, ZP_ERR_ARG);
    if (z->t[id].pub) {
        if (z->pass == 0) return ZP_OK;
        /* checked directly, by both sides */
        const zkp_tensor *T = &z->t[id];
        const size_t n = (size_t)1 << T->log_size;
        for (size_t x = 0; x < n; x++) {
            zp_fe v = T->vals[x];
            int64_t sv = v > GL_P / 2 ? -(int64_t)(GL_P - v) : (int64_t)v;
            __int128 w = (__int128)sv + offset;
            if (w < 0 || w >= ((__int128)1 << k_bits))
                return fail(z, z->prover ? ZP_ERR_ARG : ZP_ERR_VERIFY);
        }
        return ZP_OK;
    }
    const unsigned w = z->limb_bits, L = (k_bits + w - 1) / w, b = k_bits - w * (L - 1);
    const unsigned nvw = L, ls = z->t[id].log_size;
    zkp_range *R;
    if (z->pass == 0) {
        if (!grow((void **)&z->rq, &z->cap_rq, z->n_rq, sizeof *z->rq)) return fail(z, ZP_ERR_NOMEM);
        R = &z->rq[z->n_rq++];
        memset(R, 0, sizeof *R);
        *R = (zkp_range){id, {0}, offset, k_bits, L, b, nvw, z->n_zq};
        for (unsigned v = 0; v < nvw; v++) {
            zp_err e = new_tensor(z, &R->view[v], ls, 1, ZKP_PENDING);
            if (e != ZP_OK) return e;
        }
    } else {
        if (z->cur_rq >= z->n_rq) return fail(z, ZP_ERR_INTERNAL);
        R = &z->rq[z->cur_rq++];
        if (R->id != id || R->offset != offset || R->k != k_bits) return fail(z, ZP_ERR_INTERNAL);
        for (unsigned v = 0; v < nvw; v++)
            if (z->cur_t != R->view[v]) return fail(z, ZP_ERR_INTERNAL);
            else z->cur_t++;
    }
    /* T + offset - sum_l 2^(w l) V_l = 0; V_l < 2^w and V_top < 2^b by the
     * tagged lookup (stack_ranges) */
    zp_zkp_term t[ZP_ZKP_MAX_TERMS];
    size_t nt = 0;
    t[nt++] = (zp_zkp_term){gl2_from_fe(1), 1, {id, 0}};
    if (offset) t[nt++] = (zp_zkp_term){gl2_from_fe(zp_fe_from_i64(offset)), 0, {0, 0}};
    for (unsigned l = 0; l < L; l++)
        t[nt++] = (zp_zkp_term){gl2_neg(gl2_from_fe((zp_fe)1 << (w * l))), 1, {R->view[l], 0}};
    return zp_zkp_zerocheck(z, ls, t, nt);
}

zp_err zp_zkp_lookup(zp_zkp *z, const size_t *src, size_t n_src, const zp_fe *t1,
                     const zp_fe *t2, unsigned log_t) {
    if (z->err != ZP_OK) return z->err;
    if (!src || n_src < 1 || n_src > 2 || !t1 || (n_src == 2) != (t2 != NULL) || log_t < 1 ||
        log_t > ZKP_MAX_LOOKUP_LOG)
        return fail(z, ZP_ERR_ARG);
    for (size_t i = 0; i < n_src; i++)
        if (src[i] >= z->n_t || z->t[src[i]].pub ||
            z->t[src[i]].log_size != z->t[src[0]].log_size)
            return fail(z, ZP_ERR_ARG);
    if (z->t[src[0]].log_size > ZKP_MAX_LOOKUP_LOG) return fail(z, ZP_ERR_ARG);
    if (z->pass == 0) {
        if (!grow((void **)&z->lu, &z->cap_lu, z->n_lu, sizeof *z->lu)) return fail(z, ZP_ERR_NOMEM);
        zkp_lookup *U = &z->lu[z->n_lu++];
        memset(U, 0, sizeof *U);
        U->src[0] = src[0];
        U->src[1] = n_src == 2 ? src[1] : src[0];
        U->n_src = (unsigned)n_src;
        U->log_n = z->t[src[0]].log_size;
        U->log_h = U->log_n;
        U->nblk = 1;
        U->log_t = log_t;
        U->t1 = t1;
        U->t2 = t2;
        return ZP_OK;
    }
    if (z->cur_lu >= z->n_lu) return fail(z, ZP_ERR_INTERNAL);
    zkp_lookup *U = &z->lu[z->cur_lu++];
    if (U->src[0] != src[0] || U->n_src != n_src || U->log_t != log_t ||
        (n_src == 2 && U->src[1] != src[1]))
        return fail(z, ZP_ERR_INTERNAL);
    U->t1 = t1;
    U->t2 = t2;
    return ZP_OK;
}

/* ---- lookups: multiplicities, helper columns, the LogUp sumcheck ---- */

typedef struct { zp_fe a, b; uint32_t j; } zkp_pair;
static int pair_cmp(const void *x, const void *y) {
    const zkp_pair *p = x, *q = y;
    if (p->a != q->a) return p->a < q->a ? -1 : 1;
    if (p->b != q->b) return p->b < q->b ? -1 : 1;
    return p->j < q->j ? -1 : (p->j > q->j);
}

/* m[j] = #{x : (S1[x], S2[x]) = (t1[j], t2[j])} (first position of a
 * repeated table entry).  Variable time.  ZP_ERR_ARG when a value is not in
 * the table, unless skip (a cheating prover of the tests). */
/* Not inlined, so that it keeps its own frame, which the constant-time
 * tests recognise by name (tests/ctime/var.supp). */
__attribute__((noinline))
static zp_err counts_var(zp_fe *m, const zp_fe *S1, const zp_fe *S2, size_t N,
                         const zp_fe *t1, const zp_fe *t2, size_t T, int skip) {
    /* the range table [0, T) (one column, t1[j] = j): direct counts, no
     * search (2^21 limbs of a training step against 2^16 entries) */
    int ident = t2 == NULL;
    for (size_t j = 0; ident && j < T; j++) ident = t1[j] == j;
    if (ident) {
        memset(m, 0, T * sizeof(zp_fe));
        zp_err e = ZP_OK;
        for (size_t x = 0; x < N; x++) {
            if (S1[x] < T) m[S1[x]]++;
            else if (!skip) e = ZP_ERR_ARG;
        }
        return e;
    }
    zkp_pair *P = malloc(T * sizeof *P);
    if (!P) return ZP_ERR_NOMEM;
    for (size_t j = 0; j < T; j++) P[j] = (zkp_pair){t1[j], t2 ? t2[j] : 0, (uint32_t)j};
    qsort(P, T, sizeof *P, pair_cmp);
    memset(m, 0, T * sizeof(zp_fe));
    zp_err e = ZP_OK;
    for (size_t x = 0; x < N; x++) {
        zp_fe a = S1[x], b = S2 ? S2[x] : 0;
        size_t lo = 0, hi = T;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (P[mid].a < a || (P[mid].a == a && P[mid].b < b)) lo = mid + 1;
            else hi = mid;
        }
        if (lo < T && P[lo].a == a && P[lo].b == b) m[P[lo].j] = gl_add(m[P[lo].j], 1);
        else if (!skip) e = ZP_ERR_ARG;
    }
    free(P);
    return e;
}

/* A view smaller than a row of the layout (2^ZKP_MIN_LOG_COLS) starts a
 * row of its own: views of one size claimed at one point then share their
 * column vector, and the claim batcher merges them into one PCS claim. */
static unsigned seg_log(unsigned ls) { return ls < ZKP_MIN_LOG_COLS ? ZKP_MIN_LOG_COLS : ls; }

/* The tag (limb width) of view v of range request R: the top limb has b
 * bits, the others w. */
static unsigned view_tag(const zkp_range *R, unsigned v, unsigned w) {
    return v + 1 == R->L ? R->b : w;
}

/* The cost model of lk_split, in tenths of a nanosecond of one core's
 * prover time, measured on the 784-128-10 linked training step (K = 2 ..
 * 6 forced, one thread, docs/spec/train-step.md section 6):
 *  - ZKP_LK_W_HELPER per helper value (2^m): its phase-2 commitment and
 *    opening (two base tensors) and the sumcheck's per-value set-up (the H
 *    table, the buffers): ~51 ns;
 *  - ZKP_LK_W_POS per looked-up position (K 2^m): the helper from the
 *    table side (helpers_tag_var) and the counting: ~4 ns;
 *  - ZKP_LK_W_SC per product in the extension field of the sumcheck's
 *    block kernels (zkp_lookup_kern.h): per helper value, the b round
 *    evaluates G (2 K - 2 products and the eq weight) at K + 1 points, the
 *    x rounds bind or fold K + 1 tables (2 (K + 1) products per pair) and
 *    evaluate G at K + 1 points per pair, over 2^m pairs in all: 4 K (K +
 *    1) products, ~1.95 ns each (AVX-512; the portable kernels cost more,
 *    in proportion). */
#define ZKP_LK_W_HELPER 510u
#define ZKP_LK_W_POS 40u
#define ZKP_LK_W_SC 20u
static uint64_t lk_cost(unsigned K, unsigned m) {
    const uint64_t per = ZKP_LK_W_HELPER + (uint64_t)ZKP_LK_W_POS * K +
                         (uint64_t)ZKP_LK_W_SC * 4 * K * (K + 1);
    return per << m;
}

/* The range lookup's blocks (docs/spec/infer.md, "Split stacked column";
 * a rule on the plan, both sides): the used positions [0, total) of the
 * stacked column (views by decreasing size, largest segment 2^maxseg) are
 * read as K blocks of 2^m positions (*K, *m), block j at j 2^m; positions
 * from K 2^m on are not looked up (stack_ranges then commits the used
 * positions, rounded up, as power-of-two columns).
 *  - Batched, when nA - 1 >= max(tau, ZKP_LU_BATCH_MIN_LOG) =: kmin: the
 *    cheapest by lk_cost (the first, smallest K, on a tie) of
 *      K = 2 with m = nA - 1 (the top variable splits the column), and
 *      K = 3 .. ZKP_LU_MAXK with m the least >= max(kmin, maxseg) such
 *      that K 2^m >= total (every view inside one block; the sumcheck
 *      term eq h Q_0 .. Q_(K-1) has K + 2 <= ZP_SC_MAX_FACTORS factors),
 *    each with K 2^m <= 2^ZKP_MAX_LOOKUP_LOG;
 *  - else K = 1: one helper per position.
 * For the 784-128-10 training step (tau = 17) the rule takes K = 5 blocks
 * of 2^17 when linked (582 656 limbs) and keeps K = 2 blocks of 2^19
 * unlinked (849 920 limbs: K = 4 blocks of 2^18 would cost more).
 * Tests force kappa (zp_zkp_set_lookup_batch; blocks of >= tau variables)
 * or K (zp_zkp_set_lookup_blocks). */
static zp_err lk_split(const zp_zkp *z, uint64_t total, unsigned nA, unsigned maxseg,
                       unsigned log_t, unsigned *K, unsigned *m) {
    const unsigned kmin = log_t > ZKP_LU_BATCH_MIN_LOG ? log_t : ZKP_LU_BATCH_MIN_LOG;
    if (z->lu_blocks_set) {
        unsigned mm = maxseg > log_t ? maxseg : log_t;
        while (((uint64_t)z->lu_blocks_set << mm) < total) mm++;
        if (mm + 3 > ZKP_MAX_LOOKUP_LOG) return ZP_ERR_UNSUPPORTED;
        *K = z->lu_blocks_set;
        *m = mm;
        return ZP_OK;
    }
    if (!z->lu_kappa_set && nA >= kmin + 1) {
        unsigned bk = 0, bm = 0;
        uint64_t bc = 0;
        for (unsigned k = 2; k <= ZKP_LU_MAXK; k++) {
            unsigned mm = maxseg > kmin ? maxseg : kmin;
            if (k == 2) mm = nA - 1;
            while (((uint64_t)k << mm) < total) mm++;
            if (lg((size_t)k << mm) > ZKP_MAX_LOOKUP_LOG) continue;
            const uint64_t c = lk_cost(k, mm);
            if (!bk || c < bc) {
                bk = k;
                bm = mm;
                bc = c;
            }
        }
        *K = bk;
        *m = bm;
        return ZP_OK;
    }
    unsigned kap = z->lu_kappa_set ? z->lu_kappa_set - 1 : ZKP_LU_KAPPA;
    const unsigned km = z->lu_kappa_set ? (log_t > 1 ? log_t : 1) : kmin;
    while (kap > 0 && (nA < kap + km)) kap--;
    *K = 1u << kap;
    *m = nA - kap;
    return ZP_OK;
}

/* Lays the limbs of every range request into one stacked column (largest
 * segments first, so every view is aligned) and registers its TAGGED lookup
 * (docs/spec/infer.md, "Lookups"): the pairs (tag(x), Lk(x)) of the stacked
 * column Lk in the public table {(c, v) : c in C, 0 <= v < 2^c}, C the
 * widths the plan uses (w included); a position outside every view (the
 * zero tail, a short view's row slack) has value 0 and tag w (or its
 * view's tag), always in the table.  Both sides build the table; the
 * prover fills the limbs and the tag column. */
static zp_err stack_ranges(zp_zkp *z) {
    if (z->n_rq == 0) return ZP_OK;
    const unsigned w = z->limb_bits;
    uint64_t total = 0, widths = (uint64_t)1 << w;
    unsigned maxseg = 0;
    for (size_t i = 0; i < z->n_rq; i++) {
        const zkp_range *R = &z->rq[i];
        const unsigned sl = seg_log(z->t[R->id].log_size);
        total += (uint64_t)R->n_views << sl;
        widths |= (uint64_t)1 << R->b;
        if (sl > maxseg) maxseg = sl;
    }
    unsigned nA = lg(total);
    if (nA < w) nA = w;
    if (nA > ZKP_MAX_LOOKUP_LOG) return fail(z, ZP_ERR_UNSUPPORTED);
    /* the table: width w at [0, 2^w), then every narrower width of the plan
     * (decreasing), padded to a power of two with (w, 0) */
    uint64_t nt = 0;
    for (unsigned c = ZP_RANGE_MAX_BITS + 1; c-- > 0;) z->tag_boff[c] = UINT32_MAX;
    for (unsigned c = w; c >= 1; c--)
        if (widths >> c & 1) {
            z->tag_boff[c] = (uint32_t)nt;
            nt += (uint64_t)1 << c;
        }
    const unsigned log_t = lg((size_t)nt);
    const size_t T = (size_t)1 << log_t;
    z->rtable = calloc(T, sizeof(zp_fe));
    z->rtag = malloc(T * sizeof(zp_fe));
    if (!z->rtable || !z->rtag) return fail(z, ZP_ERR_NOMEM);
    for (size_t j = 0; j < T; j++) z->rtag[j] = w;
    for (unsigned c = w; c >= 1; c--)
        if (z->tag_boff[c] != UINT32_MAX)
            for (size_t v = 0; v < ((size_t)1 << c); v++) {
                z->rtable[z->tag_boff[c] + v] = v;
                z->rtag[z->tag_boff[c] + v] = c;
            }
    /* the blocks of the lookup and Lk's committed columns (lk_split) */
    unsigned K, m;
    zp_err e = lk_split(z, total, nA, maxseg, log_t, &K, &m);
    if (e != ZP_OK) return fail(z, e);
    nA = lg((size_t)K << m);
    size_t lk;
    if ((e = new_tensor(z, &lk, nA, 1, ZKP_NO_PARENT)) != ZP_OK) return e;
    z->lk = lk;
    /* offsets: views by decreasing size, in declaration order */
    uint64_t off = 0;
    for (int ls = 30; ls >= 1; ls--)
        for (size_t i = 0; i < z->n_rq; i++) {
            const zkp_range *R = &z->rq[i];
            if (z->t[R->id].log_size != (unsigned)ls) continue;
            for (unsigned v = 0; v < R->n_views; v++) {
                zkp_tensor *V = &z->t[R->view[v]];
                V->parent = lk;
                V->voff = off;
                off += (uint64_t)1 << seg_log((unsigned)ls);
            }
        }
    /* committed columns (batched lookups): the used positions rounded up
     * to 2^g, as the binary digits of that size (largest first, so each
     * is aligned); one column when that is all of Lk */
    z->lk_used = (uint64_t)1 << nA;
    z->lk_np = 0;
    if (K > 1) {
        unsigned g = z->lu_blocks_set ? ZKP_MIN_LOG_COLS : ZKP_LK_GRAIN_MIN;
        if (m >= 3 && m - 3 > g) g = m - 3;
        if (g > m) g = m;
        const uint64_t used = ((total + ((uint64_t)1 << g) - 1) >> g) << g;
        if (used > ((uint64_t)K << m)) return fail(z, ZP_ERR_INTERNAL);
        if (used != z->lk_used) {
            uint64_t base = 0;
            for (unsigned b = nA + 1; b-- > g;)
                if (used >> b & 1) {
                    if (z->lk_np >= ZKP_LK_MAXP) return fail(z, ZP_ERR_INTERNAL);
                    z->lk_plog[z->lk_np] = b;
                    z->lk_pbase[z->lk_np++] = base;
                    base += (uint64_t)1 << b;
                }
            z->lk_used = used;
        }
    }
    if (z->prover) {
        const size_t NA = (size_t)1 << nA;
        z->tagcol = malloc(NA);
        if (!z->tagcol) return fail(z, ZP_ERR_NOMEM);
        memset(z->tagcol, (int)w, NA);
        zp_fe *A = z->t[lk].own;
        for (size_t i = 0; i < z->n_rq; i++) {
            const zkp_range *R = &z->rq[i];
            const zkp_tensor *T0 = &z->t[R->id];
            const size_t n = (size_t)1 << T0->log_size;
            const zp_fe off_f = zp_fe_from_i64(R->offset), wm = ((zp_fe)1 << w) - 1;
            zp_fe *V[ZKP_MAX_VIEWS];
            for (unsigned v = 0; v < R->n_views; v++) {
                const zkp_tensor *Tv = &z->t[R->view[v]];
                V[v] = A + Tv->voff;
                z->t[R->view[v]].vals = V[v];
                memset(z->tagcol + Tv->voff, (int)view_tag(R, v, w),
                       (size_t)1 << seg_log(T0->log_size));
            }
            uint64_t bad = 0;
            /* positions independent (the same limbs for any split) */
            #pragma omp parallel for schedule(static) reduction(| : bad) if (n >= 16384)
            for (size_t x = 0; x < n; x++) {
                uint64_t val = gl_add(T0->vals[x], off_f);
                bad |= R->k < 64 ? val >> R->k : 0;
                for (unsigned l = 0; l + 1 < R->L; l++) V[l][x] = (val >> (w * l)) & wm;
                uint64_t top = val >> (w * (R->L - 1));
                /* limbs in the table, sum wrong */
                if (z->forge == 2) top &= ((uint64_t)1 << R->b) - 1;
                V[R->L - 1][x] = gl_from_u64(top);
            }
            /* a value out of range: the one bit the error return reveals
             * (src/common/ctime.h) */
            ZP_DECLASSIFY(&bad, sizeof bad);
            if (bad && !z->forge) return fail(z, ZP_ERR_ARG);
        }
    }
    if (!grow((void **)&z->lu, &z->cap_lu, z->n_lu, sizeof *z->lu)) return fail(z, ZP_ERR_NOMEM);
    zkp_lookup *U = &z->lu[z->n_lu++];
    memset(U, 0, sizeof *U);
    U->src[0] = U->src[1] = lk;
    U->n_src = 1;
    U->tagged = 1;
    U->t_used = (size_t)nt;
    U->log_n = nA;
    U->log_t = log_t;
    U->nblk = K;
    U->kappa = nA - m;
    U->log_h = m;
    U->t1 = z->rtable;
    U->t2 = z->rtag;
    return ZP_OK;
}

/* The multilinear extension of the public tag column at s[n] (both sides,
 * never materialised): the column is w everywhere except on the views of
 * narrower top limbs, each an aligned block of 2^g positions at offset o
 * with one tag c, whose indicator's extension is the product over the
 * fixed bits i >= g of (o_i ? s_i : 1 - s_i) (the free bits sum eq to 1).
 * O(#views n). */
static zp_fe2 tag_mle(const zp_zkp *z, const zp_fe2 *s, unsigned n) {
    const unsigned w = z->limb_bits;
    const zp_fe2 one = gl2_from_fe(1);
    zp_fe2 acc = gl2_from_fe(w);
    for (size_t i = 0; i < z->n_rq; i++) {
        const zkp_range *R = &z->rq[i];
        const unsigned c = view_tag(R, R->L - 1, w);
        if (c == w) continue;
        const zkp_tensor *V = &z->t[R->view[R->L - 1]];
        zp_fe2 p = gl2_sub(gl2_from_fe(c), gl2_from_fe(w));
        for (unsigned b = seg_log(V->log_size); b < n; b++)
            p = gl2_mul(p, (V->voff >> b & 1) ? s[b] : gl2_sub(one, s[b]));
        acc = gl2_add(acc, p);
    }
    return acc;
}

/* m of the tagged range lookup: m[boff(c) + v] counts the positions of tag
 * c holding v < 2^c.  Variable time.  ZP_ERR_ARG when a limb is out of its
 * range, unless the prover cheats (forge: skipped, or with mode 3 counted
 * at the full-width entry (w, v) as if the tag were ignored). */
/* Not inlined, so that it keeps its own frame, which the constant-time
 * tests recognise by name (tests/ctime/var.supp), as counts_var. */
/* Positions [x0, x1) counted into m (cleared first); 1 when a limb is out
 * of its range and the prover does not cheat. */
__attribute__((noinline))
static int counts_tag_range_var(const zp_zkp *z, zp_fe *m, const zp_fe *V, size_t x0,
                                size_t x1, size_t T) {
    const unsigned w = z->limb_bits;
    memset(m, 0, T * sizeof(zp_fe));
    int bad = 0;
    for (size_t x = x0; x < x1; x++) {
        const unsigned c = z->tagcol[x];
        if (V[x] >> c == 0) m[z->tag_boff[c] + V[x]]++;
        else if (z->forge == 3 && V[x] >> w == 0) m[z->tag_boff[w] + V[x]]++;
        else if (!z->forge) bad = 1;
    }
    return bad;
}

/* Parallel (the main thread counted the whole column alone between two
 * parallel phases, 0.75 ms of a linked training step's proof): thread t
 * counts a contiguous slice of the positions into its own table (thread
 * 0: m itself), then the tables are added entry by entry.  The counts are
 * integers far below p (at most N each), so the sum is the same table for
 * any thread count and the proof bytes do not change.  The extra tables
 * are functions of the witness: wiped before free. */
#define COUNTS_PAR_MIN ((size_t)1 << 16) /* fewer positions: one thread */
#define COUNTS_PAR_MAX 8                 /* most tables */
__attribute__((noinline))
static zp_err counts_tag_var(const zp_zkp *z, zp_fe *m, const zp_fe *V, size_t N, size_t T) {
    int nt = 1;
#ifdef _OPENMP
    if (N >= COUNTS_PAR_MIN && !omp_in_parallel()) nt = omp_get_max_threads();
    if (nt > COUNTS_PAR_MAX) nt = COUNTS_PAR_MAX;
    /* each slice at least COUNTS_PAR_MIN / 2 positions: a table costs T */
    while (nt > 1 && N / (size_t)nt < COUNTS_PAR_MIN / 2) nt--;
#endif
    zp_fe *ext = NULL;
    if (nt > 1 && !(ext = malloc((size_t)(nt - 1) * T * sizeof(zp_fe)))) nt = 1;
    if (nt == 1) return counts_tag_range_var(z, m, V, 0, N, T) ? ZP_ERR_ARG : ZP_OK;
    int bad = 0;
    #pragma omp parallel num_threads(nt) reduction(| : bad)
    {
#ifdef _OPENMP
        const size_t t = (size_t)omp_get_thread_num(), n_t = (size_t)omp_get_num_threads();
#else
        const size_t t = 0, n_t = 1;
#endif
        /* slice t of the n_t <= nt threads the team has (the tables of
         * threads it lacks stay unused and are not added) */
        zp_fe *mt = t ? ext + (t - 1) * T : m;
        bad |= counts_tag_range_var(z, mt, V, N * t / n_t, N * (t + 1) / n_t, T);
        #pragma omp barrier
        /* m += the other threads' tables */
        #pragma omp for schedule(static)
        for (size_t i = 0; i < T; i++) {
            zp_fe s = m[i];
            for (size_t k = 1; k < n_t; k++) s += ext[(k - 1) * T + i];
            m[i] = s;
        }
    }
    zp_memzero(ext, (size_t)(nt - 1) * T * sizeof(zp_fe)); /* witness counts */
    free(ext);
    return bad ? ZP_ERR_ARG : ZP_OK;
}

/* Phase-1 part of every lookup: m (counted by the prover) and the g mask
 * of its sumcheck. */
static zp_err plan_lookups(zp_zkp *z) {
    for (size_t i = 0; i < z->n_lu; i++) {
        size_t mid;
        zp_err e = new_tensor(z, &mid, z->lu[i].log_t, 1, ZKP_NO_PARENT);
        if (e != ZP_OK) return e;
        zkp_lookup *U = &z->lu[i];
        U->m_id = mid;
        const unsigned K = U->nblk;
        unsigned nv = U->log_h > U->log_t ? U->log_h : U->log_t;
        if ((e = take_g(z, &U->gi, nv, K + 2)) != ZP_OK) return e;
        new_event(z);
        if (K > 1) {
            /* the K blocks of the stacked column: views at j 2^log_h, each
             * evaluated once (a claim on the column at (s, j)) */
            for (unsigned j = 0; j < K; j++) {
                size_t vid;
                if ((e = new_tensor(z, &vid, U->log_h, 1, U->src[0])) != ZP_OK) return e;
                U = &z->lu[i];
                U->blk[j] = vid;
                z->t[vid].voff = (uint64_t)j << U->log_h;
                if (z->prover) z->t[vid].vals = z->t[U->src[0]].vals + z->t[vid].voff;
                count_eval(z, vid);
            }
            z->plan_claims += K + 1;
        } else {
            z->plan_claims += U->n_src + 1;
            count_eval(z, U->src[0]);
            if (U->n_src == 2) count_eval(z, U->src[1]);
        }
        count_eval(z, mid);
        if (z->prover && U->tagged) {
            e = counts_tag_var(z, z->t[mid].own, z->t[U->src[0]].vals,
                               (size_t)U->nblk << U->log_h, (size_t)1 << U->log_t);
            if (e != ZP_OK) return fail(z, e);
        } else if (z->prover) {
            e = counts_var(z->t[mid].own, z->t[U->src[0]].vals,
                           U->n_src == 2 ? z->t[U->src[1]].vals : NULL, (size_t)1 << U->log_n,
                           U->t1, U->t2, (size_t)1 << U->log_t, z->forge != 0);
            if (e != ZP_OK) return fail(z, e);
        }
    }
    return ZP_OK;
}

/* beta - S1 - gamma S2 over the lookup's cube (prover). */
static void lookup_q(const zp_zkp *z, const zkp_lookup *U, zp_fe2 *q, size_t N) {
    const zp_fe *S1 = z->t[U->src[0]].vals, *S2 = z->t[U->src[1]].vals;
    const zp_fe2 beta = z->beta, gam = z->gamma;
    const int two = U->n_src == 2;
    if (U->tagged) { /* beta - gamma c per tag c, then minus the limb */
        const uint8_t *tag = z->tagcol;
        zp_fe2 bt[ZP_RANGE_MAX_BITS + 1];
        for (unsigned c = 0; c <= ZP_RANGE_MAX_BITS; c++)
            bt[c] = gl2_sub(beta, gl2_mul_fe(gam, c));
        #pragma omp parallel for schedule(static) if (N >= 4096)
        for (size_t x = 0; x < N; x++) q[x] = gl2_sub(bt[tag[x]], gl2_from_fe(S1[x]));
        return;
    }
    #pragma omp parallel for schedule(static) if (N >= 4096)
    for (size_t x = 0; x < N; x++) {
        zp_fe2 a = gl2_from_fe(S1[x]);
        if (two) a = gl2_add(a, gl2_mul_fe(gam, S2[x]));
        q[x] = gl2_sub(beta, a);
    }
}

/* W(j) = 1/(beta - t1(j) - gamma t2(j)) for j < 2^log_t: batch inversions
 * of blocks of 2^12 entries in parallel (exact: the same values for any
 * thread count). */
#define ZKP_W_BLOCK ((size_t)1 << 12)
static zp_err lookup_w(const zp_zkp *z, const zkp_lookup *U, zp_fe2 *wt) {
    const size_t T0 = (size_t)1 << U->log_t;
    /* the tagged table's padding repeats its entry 0 = (w, 0) */
    const size_t T = U->tagged ? U->t_used : T0;
    zp_fe2 *scr = malloc(T * sizeof(zp_fe2));
    if (!scr) return ZP_ERR_NOMEM;
    const long long nb = (long long)((T + ZKP_W_BLOCK - 1) / ZKP_W_BLOCK);
    #pragma omp parallel for schedule(static) if (nb >= 4)
    for (long long bi = 0; bi < nb; bi++) {
        const size_t j0 = (size_t)bi * ZKP_W_BLOCK;
        const size_t len = T - j0 < ZKP_W_BLOCK ? T - j0 : ZKP_W_BLOCK;
        for (size_t j = j0; j < j0 + len; j++) {
            zp_fe2 a = gl2_from_fe(U->t1[j]);
            if (U->t2) a = gl2_add(a, gl2_mul_fe(z->gamma, U->t2[j]));
            wt[j] = gl2_sub(z->beta, a);
        }
        zp_fe2_batch_inv(wt + j0, wt + j0, len, scr + j0);
    }
    for (size_t j = T; j < T0; j++) wt[j] = wt[0];
    free(scr);
    return ZP_OK;
}

/* h of the tagged range lookup read from the table side (prover): a
 * position of tag c holding a limb v < 2^c has 1/(beta - v - gamma c) =
 * W[boff(c) + v], an entry of the public W (lookup_w), so
 * h(y) = sum_j W[idx(j 2^log_h + y)] needs no inversion per position
 * (one batch inversion of the table's entries instead of the column's).
 * The values are the unique inverses, the same as fill_helpers' batch
 * inversion gives.  Variable time: W is indexed by (width block, limb),
 * the addresses counts_tag_var reads and writes, in the same order, so a
 * cache observer learns nothing that counting did not already expose
 * (docs/security.md).  Returns 1 when every limb is below 2^tag (always
 * for an honest prover), 0 otherwise (a forging prover's limb: h is then
 * wrong and the caller inverts).  Not inlined (the ctime suppressions see
 * its frame, as counts_tag_var's). */
#define ZKP_HT_AHEAD 32
__attribute__((noinline))
static int helpers_tag_var(const zp_zkp *z, const zkp_lookup *U, const zp_fe2 *wt, zp_fe *h0,
                           zp_fe *h1) {
    const size_t NH = (size_t)1 << U->log_h, K = U->nblk;
    const zp_fe *A = z->t[U->src[0]].vals;
    const uint8_t *tag = z->tagcol;
    const uint32_t *boff = z->tag_boff;
    uint64_t bad = 0;
    #pragma omp parallel for schedule(static) reduction(| : bad) if (NH >= 4096)
    for (size_t y = 0; y < NH; y++) {
        zp_fe2 a = {0, 0};
        /* the entries of a later position prefetched: the reads are
         * mostly cache misses (W has 2^tau entries of 16 bytes) */
        if (y + ZKP_HT_AHEAD < NH)
            for (size_t j = 0; j < K; j++) {
                const size_t x = j * NH + y + ZKP_HT_AHEAD;
                const unsigned c = tag[x];
                __builtin_prefetch(wt + boff[c] + (A[x] & (((uint64_t)1 << c) - 1)));
            }
        for (size_t j = 0; j < K; j++) {
            const size_t x = j * NH + y;
            const unsigned c = tag[x];
            /* the index stays inside block c even for a forged limb */
            bad |= A[x] >> c;
            a = gl2_add(a, wt[boff[c] + (A[x] & (((uint64_t)1 << c) - 1))]);
        }
        h0[y] = a.c0;
        h1[y] = a.c1;
    }
    /* one bit, "some limb outside its tag's range": never set for an
     * honest prover (stack_ranges refused such a witness) */
    int ok = bad == 0;
    ZP_DECLASSIFY(&ok, sizeof ok);
    return ok;
}

/* Phase 2 (prover): W of every lookup (kept for lookup_run*) and its
 * helper h = 1/(beta - a) (batched: sum_j 1/Q_j), as two base tensors.
 * The tagged range lookup reads h from W (helpers_tag_var); the others
 * invert every position. */
static zp_err fill_helpers(zp_zkp *z) {
    for (size_t i = 0; i < z->n_lu; i++) {
        zkp_lookup *U = &z->lu[i];
        /* the looked-up positions (a split Lk: K blocks, not its zero end) */
        const size_t N = (size_t)U->nblk << U->log_h;
        zp_fe *h0 = z->t[U->h_id[0]].own, *h1 = z->t[U->h_id[1]].own;
        if (!U->wt && !(U->wt = malloc(((size_t)1 << U->log_t) * sizeof(zp_fe2))))
            return fail(z, ZP_ERR_NOMEM);
        zp_err e = lookup_w(z, U, U->wt);
        if (e != ZP_OK) return fail(z, e);
        int done = U->tagged && !z->helper_ref && helpers_tag_var(z, U, U->wt, h0, h1);
        /* h depends on the witness: secret again for the constant-time
         * checks (the table read made it look public to memcheck) */
        if (done) {
            ZP_CLASSIFY(h0, ((size_t)1 << U->log_h) * sizeof(zp_fe));
            ZP_CLASSIFY(h1, ((size_t)1 << U->log_h) * sizeof(zp_fe));
        }
        if (!done) {
            /* a big buffer: kept for the next proof (no fresh pages) */
            zp_fe2 *q = zp_big_alloc(2 * N * sizeof(zp_fe2));
            if (!q) return fail(z, ZP_ERR_NOMEM);
            lookup_q(z, U, q, N);
            /* blocks of ZKP_W_BLOCK inverted in parallel (each inverse is
             * unique: the same values for any split) */
            const long long nb = (long long)((N + ZKP_W_BLOCK - 1) / ZKP_W_BLOCK);
            const int one = U->nblk == 1;
            #pragma omp parallel for schedule(static) if (nb >= 4)
            for (long long bi = 0; bi < nb; bi++) {
                const size_t x0 = (size_t)bi * ZKP_W_BLOCK;
                const size_t len = N - x0 < ZKP_W_BLOCK ? N - x0 : ZKP_W_BLOCK;
                zp_fe2_batch_inv(q + x0, q + x0, len, q + N + x0);
                if (one)
                    for (size_t x = x0; x < x0 + len; x++) { h0[x] = q[x].c0; h1[x] = q[x].c1; }
            }
            if (!one) {
                /* batched: h(y) = sum_j 1/Q_j(y), block j at j 2^log_h */
                const size_t NH = (size_t)1 << U->log_h, K = U->nblk;
                #pragma omp parallel for schedule(static) if (NH >= 4096)
                for (size_t y = 0; y < NH; y++) {
                    zp_fe2 a = q[y];
                    for (size_t j = 1; j < K; j++) a = gl2_add(a, q[j * NH + y]);
                    h0[y] = a.c0;
                    h1[y] = a.c1;
                }
            }
            zp_big_free(q, 2 * N * sizeof(zp_fe2)); /* wiped */
        }
        /* tests: a cheating helper, h(1) + 1 (zp_zkp_set_forge mode 4) */
        if (z->forge == 4) h0[1] = gl_add(h0[1], 1);
    }
    return ZP_OK;
}

/* (1 - r_b) X~(s) + r_b R~(s) of witness tensor ti at s[log_size]. */
static zp_fe2 masked_eval(const zp_zkp *z, size_t ti, const zp_fe2 *s, zp_fe2 r_b,
                          const zp_fe2 *w) {
    size_t ml;
    zp_fe2 v = mle(z->t[ti].vals, s, z->t[ti].log_size), rv;
    if (grouped(z, ti)) {
        zp_fe2 *Mw = grouped_mask(z, ti, w);
        rv = Mw ? zp_mle_eval2(Mw, s, z->t[ti].log_size) : (zp_fe2){0, 0};
        free2(Mw, (size_t)1 << z->t[ti].log_size);
    } else {
        const zp_fe *mk = mask_of(z, ti, &ml);
        rv = mle(mk, s, lg(ml));
    }
    return gl2_add(gl2_mul(gl2_sub(gl2_from_fe(1), r_b), v), gl2_mul(r_b, rv));
}

/* Exchange of the masked value *v of witness tensor ti at pt (its log_size
 * coordinates) with r_b (prover sends, verifier receives).  A tensor
 * defined by its limb views (vdef; T = sum_l 2^(w l) V_l - offset, its mask
 * the same combination of the views' masks) exchanges instead the masked
 * values vv[l] of its L views at the same (pt, r_b), and both sides take
 *   *v = sum_l 2^(w l) vv[l] - (1 - r_b) offset;
 * the prover's *v (its sumcheck's value) must agree unless unchecked.
 * Tests: forge mode 5 shifts the sent view values, keeping *v. */
static zp_err xchg_t(zp_zkp *z, size_t ti, const zp_fe2 *pt, zp_fe2 r_b, zp_fe2 *v,
                     zp_fe2 *vv) {
    if (!z->t[ti].vdef) return xchg(z, v);
    const zkp_range *R = &z->rq[z->t[ti].vdef - 1];
    const unsigned w = z->limb_bits;
    if (z->prover) {
        for (unsigned l = 0; l < R->n_views; l++)
            vv[l] = masked_eval(z, R->view[l], pt, r_b, NULL);
        if (z->forge == 5 && R->n_views >= 2) {
            /* (+2^w, -1) on views 0 and 1: the combination is unchanged */
            vv[0] = gl2_add(vv[0], gl2_from_fe((zp_fe)1 << w));
            vv[1] = gl2_sub(vv[1], gl2_from_fe(1));
        }
    }
    zp_fe2 acc = gl2_neg(gl2_mul(gl2_sub(gl2_from_fe(1), r_b),
                                 gl2_from_fe(zp_fe_from_i64(R->offset))));
    for (unsigned l = 0; l < R->n_views; l++) {
        zp_err e = xchg(z, &vv[l]);
        if (e != ZP_OK) return e;
        acc = gl2_add(acc, gl2_mul_fe(vv[l], (zp_fe)1 << (w * l)));
    }
    if (z->prover && !z->unchecked && !gl2_eq(acc, *v)) return ZP_ERR_INTERNAL;
    *v = acc;
    return ZP_OK;
}

/* The claim(s) of one exchanged value (xchg_t): on ti, or on each view of
 * a tensor defined by its views (vv from xchg_t). */
static zp_err claim_t(zp_zkp *z, size_t ti, const zp_fe2 *pt, unsigned n, zp_fe2 r_b,
                      zp_fe2 v, const zp_fe2 *w, const zp_fe2 *vv) {
    if (!z->t[ti].vdef) return add_claim(z, 0, ti, pt, n, r_b, v, w);
    const zkp_range *R = &z->rq[z->t[ti].vdef - 1];
    zp_err e = ZP_OK;
    for (unsigned l = 0; l < R->n_views && e == ZP_OK; l++)
        e = add_claim(z, 0, R->view[l], pt, n, r_b, vv[l], NULL);
    return e;
}

/* The MLE of W (2^tau values) at s when W[j] = W[0] for j >= used: the
 * prefix as aligned blocks (the binary digits of used), each block's eq
 * weight a product over its fixed bits, and W[0] times the rest of the
 * cube's eq weight (it sums to 1).  O(used + tau^2) instead of O(2^tau). */
static zp_fe2 w_mle(const zp_fe2 *wt, size_t used, const zp_fe2 *s, unsigned tau) {
    if (used >= ((size_t)1 << tau)) return zp_mle_eval2(wt, s, tau);
    const zp_fe2 one = gl2_from_fe(1);
    zp_fe2 acc = {0, 0}, wsum = {0, 0};
    size_t off = 0;
    for (unsigned k = tau; k-- > 0;) {
        if (!(used >> k & 1)) continue;
        zp_fe2 f = one;
        for (unsigned i = k; i < tau; i++) f = gl2_mul(f, (off >> i & 1) ? s[i] : gl2_sub(one, s[i]));
        const zp_fe2 v = k ? zp_mle_eval2(wt + off, s, k) : wt[off];
        acc = gl2_add(acc, gl2_mul(f, v));
        wsum = gl2_add(wsum, f);
        off += (size_t)1 << k;
    }
    return gl2_add(acc, gl2_mul(wt[0], gl2_sub(one, wsum)));
}

/* The LogUp sumcheck of one lookup (docs/spec/logup.md with the committed
 * tensors of the builder): over nv = max(n, tau) variables,
 *   sum_x [h + lambda eq_h h Q - W m] = lambda,
 * Q = beta - S1 - gamma S2 (derived, mask beta - R1 - gamma R2), h = h0 + u h1
 * (mask R0 + u R1), W public; the smaller side zero-padded (Q: beta).
 * The prover runs it with the kernel of zkp_lookup_sc.c (the generic
 * engine's proof, without an EQ table). */
enum { LT_EQ, LT_W, LT_M, LT_H, LT_Q, LT_N };
static zp_err lookup_run(zp_zkp *z, const zkp_lookup *U) {
    const unsigned n = U->log_n, tau = U->log_t, nv = n > tau ? n : tau;
    const size_t N = (size_t)1 << n, T = (size_t)1 << tau, NV = (size_t)1 << nv;
    const zp_fe2 one = gl2_from_fe(1), u = {0, 1};
    zp_fe2 r[ZP_SC_MAX_VARS], s[ZP_SC_MAX_VARS], ev[LT_N];
    zp_transcript_challenge_fe2_vec(z->tr, "zkp/lu/r", r, n);
    zp_fe2 lam = zp_transcript_challenge_fe2(z->tr, "zkp/lu/lambda");
    zp_sc_term terms[3] = {
        {one, 1, {LT_H}}, {lam, 3, {LT_EQ, LT_H, LT_Q}}, {gl2_neg(one), 2, {LT_W, LT_M}}};
    zp_sc_zk_result res;
    zp_err e = ZP_OK;
    /* the sent values: S1, [S2], h0, h1, m */
    zp_fe2 vals[5];
    const size_t nval = U->n_src + 3;
    size_t vid[5];
    vid[0] = U->src[0];
    if (U->n_src == 2) vid[1] = U->src[1];
    vid[U->n_src] = U->h_id[0];
    vid[U->n_src + 1] = U->h_id[1];
    vid[U->n_src + 2] = U->m_id;
    zp_fe2 wl[5][ZKP_MAX_GJ];
    for (size_t i = 0; i < nval; i++) draw_w(z, vid[i], wl[i]);
    if (z->prover) {
        /* W (public) apart from the secret h, Q: calloc'd, so its zero
         * tail beyond T (never read by the kernel) is neither written nor
         * wiped; M likewise beyond T */
        zp_fe2 *wt = calloc(NV, sizeof(zp_fe2)), *E = malloc(2 * NV * sizeof(zp_fe2));
        zp_fe *mb = calloc(NV, sizeof(zp_fe));
        size_t lm = T, l1 = N, l2 = N, lh0, lh1;
        /* grouped masks: extension tables of the tensor's own size */
        zp_fe2 *gm = NULL, *g1 = NULL, *g2 = NULL;
        const zp_fe *rm = NULL, *r1 = NULL, *r2 = NULL;
        int bad = 0;
        if (grouped(z, U->m_id)) bad |= !(gm = grouped_mask(z, U->m_id, wl[nval - 1]));
        else bad |= !(rm = mask_of(z, U->m_id, &lm));
        if (grouped(z, U->src[0])) bad |= !(g1 = grouped_mask(z, U->src[0], wl[0]));
        else bad |= !(r1 = mask_of(z, U->src[0], &l1));
        if (U->n_src == 2 && grouped(z, U->src[1]))
            bad |= !(g2 = grouped_mask(z, U->src[1], wl[1]));
        else if (U->n_src == 2) bad |= !(r2 = mask_of(z, U->src[1], &l2));
        const zp_fe *rh0 = mask_of(z, U->h_id[0], &lh0), *rh1 = mask_of(z, U->h_id[1], &lh1);
        size_t lq = l1 > l2 || U->n_src == 1 ? l1 : l2;
        zp_fe2 *mq = malloc((lq + lh0) * sizeof(zp_fe2));
        if (!wt || !E || !mb || !mq || bad || !rh0 || !rh1 || lh0 != lh1) {
            free(wt); free(E); free(mb); free(mq);
            free2(gm, T); free2(g1, N); free2(g2, N);
            return fail(z, wt && E && mb && mq ? ZP_ERR_INTERNAL : ZP_ERR_NOMEM);
        }
        zp_fe2 *ht = E, *qt = E + NV, *mh = mq + lq;
        /* zero only what is not written below (h beyond N) */
        memset(ht + N, 0, (NV - N) * sizeof(zp_fe2));
        /* W: phase 2's (fill_helpers) */
        if (U->wt) memcpy(wt, U->wt, T * sizeof(zp_fe2));
        else if ((e = lookup_w(z, U, wt)) != ZP_OK) {
            free(wt); free(E); free(mb); free(mq);
            free2(gm, T); free2(g1, N); free2(g2, N);
            return fail(z, e);
        }
        memcpy(mb, z->t[U->m_id].vals, T * sizeof(zp_fe));
        const zp_fe *h0 = z->t[U->h_id[0]].vals, *h1 = z->t[U->h_id[1]].vals;
        #pragma omp parallel for schedule(static) if (N >= 4096)
        for (size_t x = 0; x < N; x++) ht[x] = (zp_fe2){h0[x], h1[x]};
        lookup_q(z, U, qt, N);
        for (size_t x = N; x < NV; x++) qt[x] = z->beta;
        #pragma omp parallel for schedule(static) if (lq >= 4096)
        for (size_t j = 0; j < lq; j++) {
            zp_fe2 a = g1 ? g1[j & (l1 - 1)] : gl2_from_fe(r1[j & (l1 - 1)]);
            if (U->n_src == 2)
                a = gl2_add(a, gl2_mul(z->gamma, g2 ? g2[j & (l2 - 1)]
                                                    : gl2_from_fe(r2[j & (l2 - 1)])));
            mq[j] = gl2_sub(z->beta, a);
        }
        for (size_t j = 0; j < lh0; j++) mh[j] = (zp_fe2){rh0[j], rh1[j]};
        zp_sc_table tab[LT_N];
        memset(tab, 0, sizeof tab);
        tab[LT_EQ].ext = NULL; /* eq(r, .): not stored (zp_zkp_lookup_sc_prove) */
        tab[LT_W].ext = wt;
        tab[LT_M].base = mb;
        tab[LT_M].mask_base = rm;
        tab[LT_M].mask_ext = gm;
        tab[LT_M].mask_len = lm;
        tab[LT_H].ext = ht;
        tab[LT_H].mask_ext = mh;
        tab[LT_H].mask_len = lh0;
        tab[LT_Q].ext = qt;
        tab[LT_Q].mask_ext = mq;
        tab[LT_Q].mask_len = lq;
        zp_sc_instance inst = {nv, LT_N, tab, 3, terms};
        e = zp_zkp_lookup_sc_prove(z->tr, z->proof, &res, s, ev, &inst, lam, z->g[U->gi].g0,
                                   z->g[U->gi].g1, r, n, tau);
        zp_memzero(E, 2 * NV * sizeof(zp_fe2));
        zp_memzero(mb, T * sizeof(zp_fe)); /* zero beyond T since calloc */
        zp_memzero(mq, (lq + lh0) * sizeof(zp_fe2)); /* the masks of Q and h */
        free(wt);
        free(E);
        free(mb);
        free(mq);
        free2(gm, T);
        free2(g1, N);
        free2(g2, N);
        if (e != ZP_OK) return fail(z, e);
    } else {
        e = zp_sumcheck_zk_verify(z->tr, z->in, &res, s, nv, 3, lam);
        if (e != ZP_OK) return fail(z, e);
    }
    /* unpadding factors of the column side (n) and the table side (tau) */
    zp_fe2 cn = one, ct = one;
    for (unsigned i = n; i < nv; i++) cn = gl2_mul(cn, gl2_sub(one, s[i]));
    for (unsigned i = tau; i < nv; i++) ct = gl2_mul(ct, gl2_sub(one, s[i]));
    zp_fe2 kn = gl2_add(gl2_mul(gl2_sub(one, res.r_b), cn), res.r_b);
    zp_fe2 kt = gl2_add(gl2_mul(gl2_sub(one, res.r_b), ct), res.r_b);
    if (gl2_is_zero(kn) || gl2_is_zero(kt)) return fail(z, z->prover ? ZP_ERR_INTERNAL : ZP_ERR_VERIFY);
    zp_fe2 rbn = gl2_mul(res.r_b, zp_fe2_inv(kn)), rbt = gl2_mul(res.r_b, zp_fe2_inv(kt));
    zp_fe2 vv[2][ZKP_MAX_VIEWS]; /* the sources' views (xchg_t) */
    for (size_t i = 0; i < nval; i++) {
        const int tab_side = i + 1 == nval;
        if (z->prover) vals[i] = masked_eval(z, vid[i], s, tab_side ? rbt : rbn, wl[i]);
        if (i < U->n_src) e = xchg_t(z, vid[i], s, rbn, &vals[i], vv[i]);
        else e = xchg(z, &vals[i]);
        if (e != ZP_OK) return fail(z, e);
    }
    if (!z->prover) {
        zp_fe2 *wt = malloc(T * sizeof(zp_fe2));
        if (!wt) return fail(z, ZP_ERR_NOMEM);
        if ((e = lookup_w(z, U, wt)) != ZP_OK) { free(wt); return fail(z, e); }
        ev[LT_W] = gl2_mul(w_mle(wt, U->tagged ? U->t_used : T, s, tau), ct);
        free(wt);
        ev[LT_EQ] = gl2_mul(eq_eval(r, s, n), cn);
        ev[LT_M] = gl2_mul(kt, vals[nval - 1]);
        const zp_fe2 *vh = vals + U->n_src;
        ev[LT_H] = gl2_mul(kn, gl2_add(vh[0], gl2_mul(u, vh[1])));
        zp_fe2 a = vals[0];
        if (U->n_src == 2) a = gl2_add(a, gl2_mul(z->gamma, vals[1]));
        ev[LT_Q] = gl2_sub(z->beta, gl2_mul(kn, a));
        /* the public tag column: unmasked, (1 - r_b) cn gamma tag~(s) */
        if (U->tagged)
            ev[LT_Q] = gl2_sub(ev[LT_Q], gl2_mul(gl2_mul(gl2_sub(one, res.r_b), cn),
                                                 gl2_mul(z->gamma, tag_mle(z, s, n))));
        e = zp_sumcheck_zk_check_final(&res, terms, 3, ev, LT_N);
        if (e != ZP_OK) return fail(z, e);
    }
    for (size_t i = 0; i < nval && e == ZP_OK; i++) {
        const int tab_side = i + 1 == nval;
        if (i < U->n_src) e = claim_t(z, vid[i], s, n, rbn, vals[i], wl[i], vv[i]);
        else e = add_claim(z, 0, vid[i], s, tab_side ? tau : n, tab_side ? rbt : rbn, vals[i],
                           wl[i]);
    }
    if (e == ZP_OK) e = add_claim(z, 1, U->gi, s, nv, res.r_b, res.g_eval, NULL);
    return e == ZP_OK ? ZP_OK : fail(z, e);
}

/* The batched LogUp sumcheck of the range lookup (docs/spec/logup.md,
 * "Batched helpers"): the stacked column Lk (2^n values) read as K blocks
 * (K <= 2^kappa, kappa = n - m; K = 3 for a split Lk, whose positions from
 * 3 2^m on are not looked up), Q_j(y) = beta - Lk(j, y) - gamma tag(j, y)
 * (block j: the view blk[j], y of m variables, j the top kappa), the committed
 * helper h(y) = sum_j 1/Q_j(y) (2^m values); over nv = m >= tau variables,
 *   sum_y [h + lambda eq(r, y) (h prod_j Q_j - e_(K-1)(Q_0 .. Q_(K-1)))
 *          - W m] = 0,
 * e_(K-1) the sum of the K products of K - 1 of the Q_j (h prod Q -
 * e_(K-1) = 0 is h = sum_j 1/Q_j with the denominators cleared).  The
 * prover runs the kernel of zkp_lookup_sc.c (zp_zkp_lookup_batch_sc_prove).
 * The K masked values of the blocks are claims on Lk at (s, j). */
static zp_err lookup_run_batch(zp_zkp *z, const zkp_lookup *U) {
    const unsigned K = U->nblk, m = U->log_h, tau = U->log_t, n = U->log_n;
    if (!U->tagged || tau > m || K > ZKP_LU_MAXK || K < 2 || ((size_t)K << m) > ((size_t)1 << n))
        return fail(z, ZP_ERR_INTERNAL);
    const size_t NM = (size_t)1 << m, T = (size_t)1 << tau, N = (size_t)K << m;
    const zp_fe2 one = gl2_from_fe(1), u = {0, 1}, zero = {0, 0};
    zp_fe2 r[ZP_SC_MAX_VARS], s[ZP_SC_MAX_VARS], ev[LT_Q + ZKP_LU_MAXK];
    zp_transcript_challenge_fe2_vec(z->tr, "zkp/lu/r", r, m);
    const zp_fe2 lam = zp_transcript_challenge_fe2(z->tr, "zkp/lu/lambda");
    /* terms: H, lambda EQ H prod Q, -lambda EQ prod_(l != j) Q_l, -W M */
    const size_t nt = LT_Q + K, nterm = K + 3;
    zp_sc_term terms[ZKP_LU_MAXK + 3];
    memset(terms, 0, sizeof terms);
    terms[0].coeff = one;
    terms[0].n_factors = 1;
    terms[0].factors[0] = LT_H;
    terms[1].coeff = lam;
    terms[1].n_factors = K + 2;
    terms[1].factors[0] = LT_EQ;
    terms[1].factors[1] = LT_H;
    for (unsigned j = 0; j < K; j++) {
        terms[1].factors[2 + j] = LT_Q + j;
        zp_sc_term *t = &terms[2 + j];
        t->coeff = gl2_neg(lam);
        t->n_factors = K;
        t->factors[0] = LT_EQ;
        for (unsigned l = 0, f = 1; l < K; l++)
            if (l != j) t->factors[f++] = LT_Q + l;
    }
    terms[K + 2].coeff = gl2_neg(one);
    terms[K + 2].n_factors = 2;
    terms[K + 2].factors[0] = LT_W;
    terms[K + 2].factors[1] = LT_M;
    zp_sc_zk_result res;
    zp_err e = ZP_OK;
    /* the sent values: the K blocks, h0, h1, m */
    const size_t nval = K + 3;
    size_t vid[ZKP_LU_MAXK + 3];
    zp_fe2 vals[ZKP_LU_MAXK + 3], wl[ZKP_LU_MAXK + 3][ZKP_MAX_GJ];
    for (unsigned j = 0; j < K; j++) vid[j] = U->blk[j];
    vid[K] = U->h_id[0];
    vid[K + 1] = U->h_id[1];
    vid[K + 2] = U->m_id;
    for (size_t i = 0; i < nval; i++) draw_w(z, vid[i], wl[i]);
    if (z->prover) {
        /* qsrc: the kernel reads the Q_j tables from Lk, the tags and the
         * blocks' base masks (zp_zkp_lookup_batch_sc_prove_q); grouped
         * masks (extension tables) need the Q tables built here */
        int qsrc = 1;
        for (unsigned j = 0; j < K; j++) qsrc &= !grouped(z, U->blk[j]);
        const size_t elen = qsrc ? NM : NM + N;
        /* wt, mb: entries [0, T) written below (memcpy / lookup_w, which
         * writes all T), only the tail [T, NM) cleared here (a calloc
         * cleared all NM on the main thread; T == NM in the linked
         * training step); neither is read when bad */
        zp_fe2 *wt = malloc(NM * sizeof(zp_fe2)), *E = zp_big_alloc(elen * sizeof(zp_fe2));
        zp_fe *mb = malloc(NM * sizeof(zp_fe));
        if (wt) memset(wt + T, 0, (NM - T) * sizeof(zp_fe2));
        if (mb) memset(mb + T, 0, (NM - T) * sizeof(zp_fe));
        zp_fe2 *gm = NULL, *gq[ZKP_LU_MAXK] = {NULL}, *mq[ZKP_LU_MAXK] = {NULL}, *mh = NULL;
        const zp_fe *rm = NULL, *rq[ZKP_LU_MAXK] = {NULL};
        size_t lm = T, lq[ZKP_LU_MAXK], lh0 = 0, lh1 = 0;
        /* nomem: an allocation failed; bad: that or a missing mask */
        int nomem = !wt || !E || !mb, bad = nomem;
        if (grouped(z, U->m_id)) nomem |= !(gm = grouped_mask(z, U->m_id, wl[K + 2]));
        else bad |= !(rm = mask_of(z, U->m_id, &lm));
        for (unsigned j = 0; j < K; j++) {
            lq[j] = NM;
            if (grouped(z, U->blk[j])) nomem |= !(gq[j] = grouped_mask(z, U->blk[j], wl[j]));
            else bad |= !(rq[j] = mask_of(z, U->blk[j], &lq[j]));
            if (!bad && !nomem && !qsrc) nomem |= !(mq[j] = malloc(lq[j] * sizeof(zp_fe2)));
        }
        const zp_fe *rh0 = mask_of(z, U->h_id[0], &lh0), *rh1 = mask_of(z, U->h_id[1], &lh1);
        bad |= !rh0 || !rh1 || lh0 != lh1;
        if (!bad && !nomem) nomem |= !(mh = malloc(lh0 * sizeof(zp_fe2)));
        bad |= nomem;
        /* W: phase 2's (fill_helpers) */
        if (!bad && U->wt) memcpy(wt, U->wt, T * sizeof(zp_fe2));
        else if (!bad && (e = lookup_w(z, U, wt)) != ZP_OK) bad = 1;
        zp_fe2 *ht = E, *qt = qsrc ? NULL : E + NM;
        zp_sc_table tab[LT_Q + ZKP_LU_MAXK];
        memset(tab, 0, sizeof tab);
        if (!bad) {
            memcpy(mb, z->t[U->m_id].vals, T * sizeof(zp_fe));
            const zp_fe *h0 = z->t[U->h_id[0]].vals, *h1 = z->t[U->h_id[1]].vals;
            #pragma omp parallel for schedule(static) if (NM >= 4096)
            for (size_t y = 0; y < NM; y++) ht[y] = (zp_fe2){h0[y], h1[y]};
            if (!qsrc) {
                lookup_q(z, U, qt, N); /* block j at qt + j 2^m */
                for (unsigned j = 0; j < K; j++)
                    for (size_t y = 0; y < lq[j]; y++)
                        mq[j][y] = gl2_sub(z->beta, gq[j] ? gq[j][y] : gl2_from_fe(rq[j][y]));
            }
            for (size_t y = 0; y < lh0; y++) mh[y] = (zp_fe2){rh0[y], rh1[y]};
            tab[LT_EQ].ext = NULL; /* eq(r, .): not stored */
            tab[LT_W].ext = wt;
            tab[LT_M].base = mb;
            tab[LT_M].mask_base = rm;
            tab[LT_M].mask_ext = gm;
            tab[LT_M].mask_len = lm;
            tab[LT_H].ext = ht;
            tab[LT_H].mask_ext = mh;
            tab[LT_H].mask_len = lh0;
            for (unsigned j = 0; j < K; j++) {
                tab[LT_Q + j].ext = qsrc ? NULL : qt + (size_t)j * NM;
                tab[LT_Q + j].mask_ext = mq[j];
                tab[LT_Q + j].mask_len = lq[j];
            }
            zp_sc_instance inst = {m, nt, tab, nterm, terms};
            if (qsrc) {
                zp_zkp_lu_qsrc qs;
                memset(&qs, 0, sizeof qs);
                qs.L = z->t[U->src[0]].vals;
                qs.tag = z->tagcol;
                for (unsigned j = 0; j < K; j++) qs.R[j] = rq[j];
                qs.beta = z->beta;
                qs.gamma = z->gamma;
                e = zp_zkp_lookup_batch_sc_prove_q(z->tr, z->proof, &res, s, ev, &inst, zero,
                                                   z->g[U->gi].g0, z->g[U->gi].g1, r, K, tau,
                                                   &qs);
            } else {
                e = zp_zkp_lookup_batch_sc_prove(z->tr, z->proof, &res, s, ev, &inst, zero,
                                                 z->g[U->gi].g0, z->g[U->gi].g1, r, K, tau);
            }
        } else if (e == ZP_OK) {
            e = nomem ? ZP_ERR_NOMEM : ZP_ERR_INTERNAL;
        }
        zp_big_free(E, elen * sizeof(zp_fe2)); /* wiped, kept for reuse */
        if (mb) zp_memzero(mb, NM * sizeof(zp_fe));
        for (unsigned j = 0; j < K; j++) {
            free2(mq[j], lq[j]);
            free2(gq[j], NM);
        }
        free2(mh, lh0);
        free2(gm, T);
        free(wt);
        free(mb);
        if (e != ZP_OK) return fail(z, e);
    } else {
        e = zp_sumcheck_zk_verify_bl(z->tr, z->in, &res, s, m, K + 2, zero);
        if (e != ZP_OK) return fail(z, e);
    }
    /* unpadding factor of the table side (tau <= m: the column side has none) */
    zp_fe2 ct = one;
    for (unsigned i = tau; i < m; i++) ct = gl2_mul(ct, gl2_sub(one, s[i]));
    const zp_fe2 kt = gl2_add(gl2_mul(gl2_sub(one, res.r_b), ct), res.r_b);
    if (gl2_is_zero(kt)) return fail(z, z->prover ? ZP_ERR_INTERNAL : ZP_ERR_VERIFY);
    const zp_fe2 rbt = gl2_mul(res.r_b, zp_fe2_inv(kt));
    for (size_t i = 0; i < nval; i++) {
        const zp_fe2 rbi = i + 1 == nval ? rbt : res.r_b;
        if (z->prover) vals[i] = masked_eval(z, vid[i], s, rbi, wl[i]);
        if ((e = xchg(z, &vals[i])) != ZP_OK) return fail(z, e);
    }
    if (!z->prover) {
        zp_fe2 *wt = malloc(T * sizeof(zp_fe2));
        if (!wt) return fail(z, ZP_ERR_NOMEM);
        if ((e = lookup_w(z, U, wt)) != ZP_OK) { free(wt); return fail(z, e); }
        ev[LT_W] = gl2_mul(w_mle(wt, U->t_used, s, tau), ct);
        free(wt);
        ev[LT_EQ] = eq_eval(r, s, m);
        ev[LT_M] = gl2_mul(kt, vals[K + 2]);
        ev[LT_H] = gl2_add(vals[K], gl2_mul(u, vals[K + 1]));
        /* Q_j^ = beta - Lk^(s, j) - (1 - r_b) gamma tag~(s, j): the public
         * tag column is unmasked */
        const zp_fe2 wtag = gl2_mul(gl2_sub(one, res.r_b), z->gamma);
        zp_fe2 sj[ZP_SC_MAX_VARS];
        memcpy(sj, s, m * sizeof(zp_fe2));
        for (unsigned j = 0; j < K; j++) {
            for (unsigned b = 0; b < n - m; b++) sj[m + b] = gl2_from_fe((j >> b) & 1);
            ev[LT_Q + j] = gl2_sub(gl2_sub(z->beta, vals[j]), gl2_mul(wtag, tag_mle(z, sj, n)));
        }
        e = zp_sumcheck_zk_check_final(&res, terms, nterm, ev, nt);
        if (e != ZP_OK) return fail(z, e);
    }
    for (size_t i = 0; i < nval && e == ZP_OK; i++) {
        const int tab_side = i + 1 == nval;
        e = add_claim(z, 0, vid[i], s, tab_side ? tau : m, tab_side ? rbt : res.r_b, vals[i],
                      wl[i]);
    }
    if (e == ZP_OK) e = add_claim(z, 1, U->gi, s, m, res.r_b, res.g_eval, NULL);
    return e == ZP_OK ? ZP_OK : fail(z, e);
}

/* ------------------------------------------------------------------ */

/* Code rate of the builder's commitments (log2 of 1/rate as passed to the
 * PCS; the encoded row has 2^(ceil_log2(C + h) + log_inv_rate) values,
 * h ~ 150-250 hiding coefficients, docs/spec/pcs.md).  With log_inv_rate
 * 1 a row of C = 2^lc columns encodes to 4 C values (C + h just exceeds
 * C), a true rate of ~1/4; log_inv_rate 0 encodes to 2 C (rate ~1/2 +
 * h/2C), halving the commitment's encoding, hashing and memory for ~1.65x
 * the queries (the PCS picks the number of queries for the actual rate, so
 * the security level is the same).  Used for the large circuits only
 * (claim reduction, ZKP_REDUCE_MIN_CLAIMS) and rows of 2^12 columns or
 * more (h / C <= 1/16); a rule on the plan, evaluated by both sides. */
#define ZKP_RATE0_MIN_LOG_COLS 12
static unsigned code_log_inv_rate(const zp_zkp *z, unsigned lc) {
    return z->reduce && lc >= ZKP_RATE0_MIN_LOG_COLS ? 0 : 1;
}

/* Row/column split: minimise the approximate opening size
 * 16 (C + t)(claims + 2) + 8 t R  (docs/spec/pcs.md, proof length). */
static unsigned choose_log_cols(unsigned total_log, size_t claims, unsigned min_c) {
    unsigned best = min_c;
    double best_cost = -1;
    for (unsigned c = min_c; c <= total_log || c == min_c; c++) {
        double C = (double)((uint64_t)1 << c);
        double R = total_log > c ? (double)((uint64_t)1 << (total_log - c)) : 1.0;
        R += 2.0 * (double)claims + 4;
        double cost = 16.0 * (C + 150) * (double)(claims + 2) + 8.0 * 150 * R;
        if (best_cost < 0 || cost < best_cost) { best_cost = cost; best = c; }
        if (c >= ZP_PCS_MAX_VARS) break;
    }
    return best;
}

static int in_main(const zkp_tensor *T) {
    return !T->pub && T->parent == ZKP_NO_PARENT && T->phase == 1 && !T->vdef;
}

/* Mask rows of main-layout tensor ti (docs/spec/infer.md, "Zero
 * knowledge"): one row, periodic over the tensor, except
 *  - the stacked range column Lk when it spans several rows (lk_rows) and
 *    a large tensor with a shared row (mcol): no mask entry of its own;
 *    their masks are shared rows by colour (plan_lk_mask);
 *  - another tensor with views (zp_zkp_view, read as deferred externals):
 *    a mask of its own size (each view its own slice), or of the period
 *    set by zp_zkp_set_mask_period. */
static unsigned mask_rows_of(const zp_zkp *z, size_t ti) {
    const unsigned ls = z->t[ti].log_size;
    if (z->lk_rows && ti == z->lk) return 0;
    if (z->t[ti].mcol) return 0; /* a shared mask row (plan_lk_mask) */
    if (ls <= z->log_cols) return 1;
    for (unsigned k = 0; k < z->n_pmask; k++)
        if (z->pmask_id[k] == ti)
            return z->pmask_log[k] > z->log_cols ? 1u << (z->pmask_log[k] - z->log_cols) : 1;
    for (size_t j = 0; j < z->n_t; j++)
        if (z->t[j].parent == ti) return 1u << (ls - z->log_cols);
    return 1;
}

/* A large main-layout tensor that takes a shared mask row (plan_lk_mask):
 * one periodic row of its own today, no views (read as deferred externals
 * through their parent's mask), not pinned (an injected or outside claim,
 * zp_zkp_set_whole_rows / zp_zkp_set_mask_period: zp_zkp_tensor_place
 * needs its own mask row).  Both sides, from the plan. */
static int mcol_eligible(const zp_zkp *z, size_t ti) {
    const zkp_tensor *T = &z->t[ti];
    if (!in_main(T) || T->grp || ti == z->lk || T->pinned || T->log_size < z->log_cols)
        return 0;
    for (size_t j = 0; j < z->n_t; j++)
        if (z->t[j].parent == ti) return 0;
    for (unsigned k = 0; k < z->n_pmask; k++)
        if (z->pmask_id[k] == ti) return 0;
    return 1;
}

/* The stacked column's mask (docs/spec/infer.md, "Zero knowledge", item
 * 1), when Lk spans several rows of the layout and is not grouped.  Its
 * masked OBJECTS are, in the order of Lk's data rows: each view of one
 * row or more (its data rows), and each data row that holds views below
 * one row (segments of 2^seg_log positions; each such view's mask is its
 * own segment of the row, at its columns, the row slack reading the
 * rest).  The data rows no view covers (the zero tail: public zeros) are
 * not masked.  The large tensors that take a shared row (mcol_eligible)
 * are objects too, after Lk's (their mask: the row, periodic;
 * mcol_functional).  Each object is masked by one of n shared mask rows (a
 * one-row entry of the layout each, uniform in F), its COLOUR, periodic
 * over the object: Lk's mask is R(x_hi, x_lo) = row_{col(obj(x_hi))}[x_lo]
 * (0 on the tail), so a claim on Lk is still a tensor functional on the
 * committed rows (lk_functional).  The colouring (greedy, in object
 * order; both sides, from the plan):
 *  - objects evaluated by one event (a sub-protocol call, a zero-check
 *    batch, a lookup, each with its own point: count_eval / new_event; a
 *    tensor defined by its views evaluates all of them) get distinct
 *    colours, so that the functionals of one column vector land on
 *    distinct rows;
 *  - when the range lookup reads Lk in K >= 2 blocks (one event of K
 *    functionals at one column vector, each the sum over its block's
 *    rows), the colours of different blocks are disjoint;
 *  - a colour's row carries at most C/4 functionals: 4 (sum over its
 *    objects of their views' evaluations + Lk's own evaluations) <= C
 *    (margin 2, the builder's 4x rule), unless one object alone exceeds
 *    it (then it has a row of its own, as before; test_zkp_mask flags
 *    it).
 * lk_map[j] is the colour of data row j (UINT32_MAX: tail), lk_nrows the
 * number of colours (mask rows), lk_nobj the number of objects. */
static zp_err plan_lk_mask(zp_zkp *z) {
    z->lk_rows = 0;
    z->lk_nrows = 0;
    const unsigned lc = z->log_cols;
    int has_lk = z->lk != ZKP_NO_PARENT;
    if (has_lk && (z->t[z->lk].grp || z->t[z->lk].log_size <= lc)) {
        /* a split Lk is committed by whole rows (zp_zkp_commit caps lc) */
        if (z->lk_np) return fail(z, ZP_ERR_INTERNAL);
        has_lk = 0;
    }
    size_t n_big = 0;
    for (size_t i = 0; i < z->n_t; i++) n_big += (size_t)mcol_eligible(z, i);
    if (!has_lk && !n_big) return ZP_OK;
    /* the data rows: Lk's committed positions (a split Lk: its columns) */
    const size_t nr = has_lk ? (size_t)(z->lk_used >> lc) : 0;
    size_t *own = malloc((nr ? nr : 1) * sizeof *own);
    z->lk_map = malloc((nr ? nr : 1) * sizeof *z->lk_map);
    if (!own || !z->lk_map) { free(own); return fail(z, ZP_ERR_NOMEM); }
    /* the view of each data row (ZKP_NO_PARENT: none, ZKP_PENDING: views
     * below one row) */
    for (size_t j = 0; j < nr; j++) own[j] = ZKP_NO_PARENT;
    for (size_t i = 0; i < z->n_rq && has_lk; i++)
        for (unsigned v = 0; v < z->rq[i].n_views; v++) {
            const zkp_tensor *V = &z->t[z->rq[i].view[v]];
            const size_t r0 = (size_t)(V->voff >> lc);
            if (V->log_size < lc) {
                own[r0] = ZKP_PENDING;
                continue;
            }
            for (size_t j = 0; j < ((size_t)1 << (V->log_size - lc)); j++)
                own[r0 + j] = z->rq[i].view[v];
        }
    /* objects: lk_map[j] is first the object of data row j; the large
     * tensors follow */
    uint32_t no = 0;
    for (size_t j = 0; j < nr; j++) {
        if (own[j] == ZKP_NO_PARENT)
            z->lk_map[j] = UINT32_MAX;
        else if (own[j] != ZKP_PENDING && j && own[j - 1] == own[j])
            z->lk_map[j] = z->lk_map[j - 1];
        else
            z->lk_map[j] = no++;
    }
    free(own);
    z->lk_nobj = no;
    const uint32_t n_lko = no;
    no += (uint32_t)n_big;
    /* the blocks of the range lookup (K >= 2) */
    unsigned bsh = 0;
    for (size_t i = 0; i < z->n_lu && has_lk; i++)
        if (z->lu[i].tagged && z->lu[i].src[0] == z->lk && z->lu[i].nblk > 1)
            bsh = z->lu[i].log_h;
    /* per object: block (ZKP_CB_FREE for a large tensor), load (its views'
     * evaluations, or its own), colour; per colour: block (ZKP_CB_FREE:
     * no Lk object yet, ZKP_CB_LU: a tensor evaluated with Lk's lookup,
     * which no Lk object may share), load; the (event, object) pairs, by
     * event */
#define ZKP_CB_FREE UINT32_MAX
#define ZKP_CB_LU (UINT32_MAX - 1)
    uint32_t *oblk = calloc(no ? no : 1, sizeof *oblk), *ocol = calloc(no ? no : 1, sizeof *ocol);
    uint64_t *oload = calloc(no ? no : 1, sizeof *oload);
    uint32_t *cblk = calloc(no ? no : 1, sizeof *cblk);
    uint64_t *cload = calloc(no ? no : 1, sizeof *cload);
    uint32_t *vobj = malloc((z->n_t ? z->n_t : 1) * sizeof *vobj);
    size_t *estart = calloc((size_t)z->ev_cur + 2, sizeof *estart);
    uint32_t *eobj = malloc((z->n_ev * ZKP_MAX_VIEWS + 1) * sizeof *eobj);
    uint8_t *forb = calloc(no ? no : 1, 1), *evlu = calloc((size_t)z->ev_cur + 1, 1);
    uint32_t nc = 0;
    zp_err e = ZP_OK;
    if (!oblk || !ocol || !oload || !cblk || !cload || !vobj || !estart || !eobj || !forb ||
        !evlu) {
        e = ZP_ERR_NOMEM;
        goto out;
    }
    for (size_t j = 0; j < nr; j++)
        if (z->lk_map[j] != UINT32_MAX && (j == 0 || z->lk_map[j - 1] != z->lk_map[j]))
            oblk[z->lk_map[j]] = bsh ? (uint32_t)(((uint64_t)j << lc) >> bsh) : 0;
    for (size_t i = 0; i < z->n_t; i++) vobj[i] = UINT32_MAX;
    uint64_t lk_own = has_lk ? z->t[z->lk].n_evals : 0;
    for (size_t i = 0; i < z->n_rq && has_lk; i++)
        for (unsigned v = 0; v < z->rq[i].n_views; v++) {
            const size_t vi = z->rq[i].view[v];
            const uint32_t o = z->lk_map[z->t[vi].voff >> lc];
            if (o == UINT32_MAX) { e = ZP_ERR_INTERNAL; goto out; }
            vobj[vi] = o;
            oload[o] += z->t[vi].n_evals;
            lk_own -= z->t[vi].n_evals;
        }
    for (size_t i = 0, o = n_lko; i < z->n_t; i++)
        if (mcol_eligible(z, i)) {
            vobj[i] = (uint32_t)o;
            oblk[o] = ZKP_CB_FREE;
            oload[o++] = z->t[i].n_evals;
        }
    /* the events of Lk's own evaluations (the range lookup) */
    for (size_t k = 0; k < z->n_ev && has_lk; k++)
        if (owner(z, z->ev_t[k]) == z->lk && vobj[z->ev_t[k]] == UINT32_MAX)
            evlu[z->ev_id[k]] = 1;
    /* the objects of each event, bucketed by event (ids 1 .. ev_cur) */
    for (int pass = 0; pass < 2; pass++) {
        size_t *pos = estart;
        for (size_t k = 0; k < z->n_ev; k++) {
            const size_t ti = z->ev_t[k], ev = z->ev_id[k];
            const zkp_tensor *T = &z->t[ti];
            size_t vs[ZKP_MAX_VIEWS];
            unsigned nv = 0;
            if (T->vdef)
                for (unsigned l = 0; l < z->rq[T->vdef - 1].n_views; l++)
                    vs[nv++] = z->rq[T->vdef - 1].view[l];
            else if (vobj[ti] != UINT32_MAX)
                vs[nv++] = ti;
            for (unsigned l = 0; l < nv; l++) {
                if (pass == 0) pos[ev + 1]++;
                else eobj[pos[ev]++] = vobj[vs[l]];
            }
        }
        if (pass == 0)
            for (size_t ev = 0; ev <= z->ev_cur; ev++) pos[ev + 1] += pos[ev];
        else /* back to the starts */
            for (size_t ev = z->ev_cur + 1; ev > 0; ev--) pos[ev] = pos[ev - 1];
        if (pass == 1) pos[0] = 0;
    }
    /* a large tensor evaluated with Lk's lookup (its multiplicities)
     * shares the lookup's column vector: no Lk object may share its row */
    for (size_t ev = 0; ev <= z->ev_cur; ev++)
        for (size_t k = estart[ev]; evlu[ev] && k < estart[ev + 1]; k++)
            if (eobj[k] >= n_lko) oblk[eobj[k]] = ZKP_CB_LU;
    /* greedy colouring in object order */
    const uint64_t C = (uint64_t)1 << lc;
    for (uint32_t o = 0; o < no; o++) {
        memset(forb, 0, nc);
        for (size_t ev = 0; ev <= z->ev_cur; ev++) {
            int hit = 0;
            for (size_t k = estart[ev]; k < estart[ev + 1] && !hit; k++) hit = eobj[k] == o;
            if (!hit) continue;
            for (size_t k = estart[ev]; k < estart[ev + 1]; k++)
                if (eobj[k] < o) forb[ocol[eobj[k]]] = 1;
        }
        /* an Lk object: a colour of its block or a free one; a large
         * tensor: any colour, one of no Lk object if it is ZKP_CB_LU */
        uint32_t c = 0;
        for (; c < nc; c++) {
            if (forb[c] || 4 * (cload[c] + oload[o] + lk_own) > C) continue;
            if (o < n_lko ? (cblk[c] == oblk[o] || cblk[c] == ZKP_CB_FREE)
                          : (oblk[o] != ZKP_CB_LU || cblk[c] == ZKP_CB_LU ||
                             cblk[c] == ZKP_CB_FREE))
                break;
        }
        if (c == nc) { cblk[nc] = ZKP_CB_FREE; cload[nc] = 0; nc++; }
        if (o < n_lko || oblk[o] == ZKP_CB_LU) cblk[c] = oblk[o];
        ocol[o] = c;
        cload[c] += oload[o];
    }
    for (size_t i = 0; i < z->n_t; i++)
        if (vobj[i] != UINT32_MAX && vobj[i] >= n_lko) z->t[i].mcol = ocol[vobj[i]] + 1;
    for (size_t j = 0; j < nr; j++)
        if (z->lk_map[j] != UINT32_MAX) z->lk_map[j] = ocol[z->lk_map[j]];
    z->lk_nrows = nc;
out:
    free(oblk); free(ocol); free(oload); free(cblk); free(cload);
    free(vobj); free(estart); free(eobj); free(forb); free(evlu);
    if (e != ZP_OK) return fail(z, e);
    z->lk_lid = malloc((nc ? nc : 1) * sizeof *z->lk_lid);
    z->lk_row = malloc((nc ? nc : 1) * sizeof *z->lk_row);
    z->lk_drow = malloc((nr ? nr : 1) * sizeof *z->lk_drow);
    if (!z->lk_lid || !z->lk_row || !z->lk_drow) return fail(z, ZP_ERR_NOMEM);
    z->lk_rows = has_lk;
    return ZP_OK;
}

/* Tensors defined by their limb views (docs/spec/infer.md, "Tensors
 * defined by their limb views").  A range request on witness tensor T
 * splits T + offset into L limb views V_l of the stacked column Lk; when
 * nothing but this builder's own sub-protocols reads T, T need not be
 * committed at all: T := sum_l 2^(w l) V_l - offset, its mask the same
 * combination of the views' masks (vdef_masks), every claim on T is the
 * L claims on its views at the same (point, r_b) (xchg_t, claim_t), and
 * the decomposition zero-check T + offset - sum 2^(w l) V_l = 0 is dropped
 * (it holds by definition).  Eligible (a rule on the plan, both sides):
 *  - T a main-layout witness (not public, not a view, not external), its
 *    first range request, of 2^m >= 2^ZKP_MIN_LOG_COLS values, so that
 *    every view's mask (its colour's row, or its own 2^m-value segment of a
 *    row, plan_lk_mask) has >= 256 values;
 *  - T not pinned: no views of its own (zp_zkp_view, read as deferred
 *    externals by another proof), no injected claim (zp_zkp_claim), no
 *    claim made outside this file (zp_zkp_plan_eval: the gather), no
 *    zp_zkp_set_whole_rows / zp_zkp_set_mask_period;
 *  - at most ZKP_VDEF_MAX_EVALS planned evaluations (so that each view's
 *    mask keeps the 4x budget: 4 (16 + Lk's) <= 256);
 *  - Lk of 2^ZKP_VDEF_MIN_LK_LOG positions or more; the row width is then
 *    capped at Lk's size (zp_zkp_commit), so that Lk is never a grouped
 *    tensor: its views are read at their colours' rows or slices, never
 *    at a group's mask point. */
#define ZKP_VDEF_MIN_LK_LOG 12
#define ZKP_VDEF_MAX_EVALS 16
static void vdef_select(zp_zkp *z) {
    z->n_vdef = 0;
    if (z->no_vdef || z->lk == ZKP_NO_PARENT || z->t[z->lk].log_size < ZKP_VDEF_MIN_LK_LOG)
        return;
    for (size_t i = 0; i < z->n_rq; i++) {
        const zkp_range *R = &z->rq[i];
        zkp_tensor *T = &z->t[R->id];
        if (T->pub || T->parent != ZKP_NO_PARENT || T->phase != 1 || T->pinned || T->vdef ||
            T->log_size < ZKP_MIN_LOG_COLS)
            continue;
        /* its evaluations: the sub-protocols' so far, plus at most one per
         * recorded zero-check and lookup source naming it */
        unsigned e = T->n_evals;
        for (size_t q = 0; q < z->n_zq; q++) {
            const zkp_zc *Q = &z->zq[q];
            int hit = 0;
            if (q == R->zq || Q->dropped) continue;
            for (size_t k = 0; k < Q->n_terms && !hit; k++)
                for (unsigned f = 0; f < Q->t[k].n_f; f++) hit |= Q->t[k].f[f] == R->id;
            e += (unsigned)hit;
        }
        for (size_t u = 0; u < z->n_lu; u++)
            if (!z->lu[u].tagged)
                e += (z->lu[u].src[0] == R->id) + (z->lu[u].n_src == 2 && z->lu[u].src[1] == R->id);
        if (e > ZKP_VDEF_MAX_EVALS) continue;
        T->vdef = i + 1;
        z->zq[R->zq].dropped = 1;
        z->n_vdef++;
    }
}

/* After the evaluations are counted (plan_zerochecks, plan_lookups): each
 * evaluation of a tensor defined by its views is one of each view (and of
 * Lk), and L claims instead of one. */
static void vdef_counts(zp_zkp *z) {
    for (size_t i = 0; i < z->n_t; i++) {
        if (!z->t[i].vdef) continue;
        const zkp_range *R = &z->rq[z->t[i].vdef - 1];
        const unsigned e = z->t[i].n_evals;
        for (unsigned l = 0; l < R->n_views; l++) {
            z->t[R->view[l]].n_evals += e;
            z->t[z->lk].n_evals += e;
        }
        z->plan_claims += (size_t)(R->n_views - 1) * e;
    }
}

/* Prover, after every mask of the layout (and Lk's rows) is filled: the
 * mask of each tensor defined by its views, sum_l 2^(w l) (mask of V_l),
 * periodic with the longest view mask's period (one row, or the view's
 * segment; the views of one request have one size and one kind). */
static zp_err vdef_masks(zp_zkp *z) {
    const unsigned w = z->limb_bits;
    for (size_t i = 0; i < z->n_t; i++) {
        zkp_tensor *T = &z->t[i];
        if (!T->vdef) continue;
        const zkp_range *R = &z->rq[T->vdef - 1];
        const zp_fe *mv[ZKP_MAX_VIEWS];
        size_t ml[ZKP_MAX_VIEWS], len = 1;
        for (unsigned l = 0; l < R->n_views; l++) {
            mv[l] = mask_of(z, R->view[l], &ml[l]);
            if (!mv[l] || !ml[l] || (ml[l] & (ml[l] - 1))) return ZP_ERR_INTERNAL;
            if (ml[l] > len) len = ml[l];
        }
        T->vmask = malloc(len * sizeof(zp_fe));
        if (!T->vmask) return ZP_ERR_NOMEM;
        T->vmask_len = len;
        for (size_t x = 0; x < len; x++) {
            zp_fe acc = 0;
            for (unsigned l = 0; l < R->n_views; l++)
                acc = gl_add(acc, gl_mul(mv[l][x & (ml[l] - 1)], (zp_fe)1 << (w * l)));
            T->vmask[x] = acc;
        }
    }
    return ZP_OK;
}

/* The masked functional of the stacked column (lk_rows) at pt[log_size]
 * (a view's claim: its parent's, at the view's offset): a = (1 - r_b)
 * eq(pt_hi, j) on Lk's data row j, plus r_b times the same weight on mask
 * row map(j), summed per mask row; b = eq(pt_lo) on every column (c0 = 0,
 * k = log_cols).  O(2^(log_size - log_cols)) per claim.  tmp: as many
 * values as Lk has rows.  A split Lk (lk_np): the data rows are its
 * columns' rows (lk_drow), and Lk and its mask are zero beyond lk_used. */
static zp_err lk_functional(const zp_zkp *z, zp_fe2 *a, zp_fe2 *tmp, const zp_fe2 *pt,
                            zp_fe2 r_b, size_t *c0, unsigned *k) {
    const unsigned lc = z->log_cols, m = z->t[z->lk].log_size;
    const size_t R = (size_t)1 << (z->n_vars - lc), nr = (size_t)(z->lk_used >> lc);
    const zp_fe2 wT = gl2_sub(gl2_from_fe(1), r_b);
    memset(a, 0, R * sizeof(zp_fe2));
    zp_eq_table(tmp, pt + lc, m - lc);
    /* the committed data rows (a split Lk is zero, unmasked, beyond) */
    for (size_t j = 0; j < nr; j++) {
        a[z->lk_drow[j]] = gl2_mul(wT, tmp[j]);
        if (z->lk_map[j] == UINT32_MAX) continue; /* the unmasked zero tail */
        const size_t q = (size_t)z->lk_row[z->lk_map[j]];
        a[q] = gl2_add(a[q], gl2_mul(r_b, tmp[j]));
    }
    *c0 = 0;
    *k = lc;
    return ZP_OK;
}

/* The masked functional of a large tensor T with a shared mask row
 * (plan_lk_mask) at pt[log_size]: a = (1 - r_b) eq(pt_hi, j) on T's data
 * row j, plus r_b on its colour's row (the mask is periodic: R~(pt) =
 * row~(pt_lo)); b = eq(pt_lo) on every column. */
static zp_err mcol_functional(const zp_zkp *z, zp_fe2 *a, zp_fe2 *tmp, const zkp_tensor *T,
                              const zp_fe2 *pt, zp_fe2 r_b, size_t *c0, unsigned *k) {
    const unsigned lc = z->log_cols, m = T->log_size;
    const size_t R = (size_t)1 << (z->n_vars - lc), nr = (size_t)1 << (m - lc);
    uint64_t off;
    zp_err e = zp_layout_tensor_info(z->L, T->lid, &off, NULL, NULL, NULL);
    if (e != ZP_OK) return e;
    const zp_fe2 wT = gl2_sub(gl2_from_fe(1), r_b);
    const size_t r0 = (size_t)(off >> lc), q = (size_t)z->lk_row[T->mcol - 1];
    memset(a, 0, R * sizeof(zp_fe2));
    zp_eq_table(tmp, pt + lc, m - lc);
    for (size_t j = 0; j < nr; j++) a[r0 + j] = gl2_mul(wT, tmp[j]);
    a[q] = gl2_add(a[q], r_b);
    *c0 = 0;
    *k = lc;
    return ZP_OK;
}

/* Prover, after the layout's masks: the shared mask rows (colours) of
 * the stacked column's objects and the large tensors, uniform in F from a
 * child stream of the proof's rng (chunks of ZP_LAYOUT_CHUNK values in
 * parallel, sampled as zp_layout_fill_masks does: the same values for any
 * thread count), and, when Lk is masked by them, its expansion lk_mask
 * (plan_lk_mask; 0 on the zero tail). */
#define ZKP_LK_DOMAIN 0x6c6b6d6bu /* "lkmk" */
static zp_err fill_lk_mask(zp_zkp *z) {
    const unsigned lc = z->log_cols;
    const size_t C = (size_t)1 << lc, per = C / ZP_LAYOUT_CHUNK;
    for (size_t q = 0; q < z->lk_nrows; q++) {
        uint64_t off;
        zp_err e = zp_layout_tensor_info(z->L, z->lk_lid[q], &off, NULL, NULL, NULL);
        if (e != ZP_OK) return e;
        if (off != z->lk_row[q] << lc) return ZP_ERR_INTERNAL;
    }
    if (C % ZP_LAYOUT_CHUNK) return ZP_ERR_INTERNAL;
    zp_rng rl;
    zp_rng_derive(&rl, &z->rng, "zkprov-v1/zkp/lk-mask");
    const long long nch = (long long)(z->lk_nrows * per);
    #pragma omp parallel for schedule(static) if (nch >= 8)
    for (long long ch = 0; ch < nch; ch++) {
        uint8_t buf[(ZP_LAYOUT_CHUNK + ZP_LAYOUT_SPARE) * 8];
        const size_t q = (size_t)ch / per, i0 = ((size_t)ch % per) * ZP_LAYOUT_CHUNK;
        zp_rng_stream(&rl, ZKP_LK_DOMAIN, (uint64_t)ch, buf, sizeof buf);
        zp_layout_mask_chunk(z->evals + (z->lk_row[q] << lc) + i0, ZP_LAYOUT_CHUNK, buf);
        zp_memzero(buf, sizeof buf);
    }
    zp_memzero(&rl, sizeof rl);
    if (!z->lk_rows) return ZP_OK; /* the large tensors' rows only */
    /* zero beyond the committed rows (a split Lk) */
    z->lk_mask = calloc((size_t)1 << z->t[z->lk].log_size, sizeof(zp_fe));
    if (!z->lk_mask) return ZP_ERR_NOMEM;
    const size_t nr = (size_t)(z->lk_used >> lc);
    #pragma omp parallel for schedule(static) if (nr >= 16)
    for (size_t j = 0; j < nr; j++)
        if (z->lk_map[j] != UINT32_MAX) /* the zero tail stays 0 */
            memcpy(z->lk_mask + (j << lc), z->evals + (z->lk_row[z->lk_map[j]] << lc),
                   C * sizeof(zp_fe));
    return ZP_OK;
}

/* The small-tensor group (docs/spec/infer.md, "Zero knowledge"): every
 * main-layout tensor below one row (2^k < 2^log_cols values, planned to be
 * evaluated e times) gets a place (row, columns [c, c + 2^k), c aligned to
 * 2^k) in a group of 2^gj tensor rows whose mask has 2^gj rows at the same
 * columns; tensor T's masked evaluations read the mask block [c, c + 2^k)
 * x 2^gj rows, shared with every tensor placed at columns inside it (the
 * placements are aligned intervals: any two are nested or disjoint).  Zero
 * knowledge needs the revealed values of every such block to be jointly
 * uniform: for every T, 4 x (the evaluations of the tensors at columns
 * inside [c, c + 2^k), T's own included) <= 2^(k + gj) (margin 2 over the
 * 2 F-equations per revealed K value; laminar supports, so this bound on
 * every block is the Hall condition of the joint map).  Placement: sizes
 * descending, first fit over the rows (each row filled left to right, so
 * every place is aligned); gj is the smallest that fits the rows and the
 * bound.  (Before 2026-11-25 tensors of one size shared one column segment
 * stacked down the rows, which left most of the 2^gj x 2^log_cols block
 * empty: 16 rows for 15 904 values in the 784-128-10 training step, now 2.) */
static zp_err plan_group(zp_zkp *z) {
    const unsigned lc = z->log_cols;
    const uint64_t C = (uint64_t)1 << lc;
    size_t n = 0;
    for (size_t i = 0; i < z->n_t; i++)
        if (in_main(&z->t[i]) && z->t[i].log_size < lc) n++;
    z->has_grp = n > 0;
    if (!n) return ZP_OK;
    size_t *ord = malloc(n * sizeof *ord);
    uint64_t *next = malloc(((size_t)1 << ZKP_MAX_GJ) * sizeof *next);
    if (!ord || !next) {
        free(ord);
        free(next);
        return fail(z, ZP_ERR_NOMEM);
    }
    n = 0;
    for (unsigned ls = lc; ls-- > 1;)
        for (size_t i = 0; i < z->n_t; i++)
            if (in_main(&z->t[i]) && z->t[i].log_size == ls) ord[n++] = i;
    for (unsigned j = 0; j <= ZKP_MAX_GJ; j++) {
        const size_t Y = (size_t)1 << j;
        for (size_t y = 0; y < Y; y++) next[y] = 0;
        int ok = 1;
        for (size_t q = 0; q < n && ok; q++) {
            zkp_tensor *T = &z->t[ord[q]];
            const uint64_t w = (uint64_t)1 << T->log_size;
            size_t y = 0;
            while (y < Y && next[y] + w > C) y++;
            if (y == Y) { ok = 0; break; }
            T->grow = (unsigned)y;
            T->gcol = next[y];
            next[y] += w;
        }
        for (size_t q = 0; q < n && ok; q++) {
            const zkp_tensor *T = &z->t[ord[q]];
            const uint64_t c0 = T->gcol, c1 = c0 + ((uint64_t)1 << T->log_size);
            uint64_t ev = 0;
            for (size_t u = 0; u < n; u++) {
                const zkp_tensor *U = &z->t[ord[u]];
                if (U->gcol >= c0 && U->gcol + ((uint64_t)1 << U->log_size) <= c1) ev += U->n_evals;
            }
            if (4 * ev > ((uint64_t)1 << (T->log_size + j))) ok = 0;
        }
        if (ok) {
            z->gj = j;
            for (size_t q = 0; q < n; q++) z->t[ord[q]].grp = 1;
            free(ord);
            free(next);
            return ZP_OK;
        }
    }
    free(ord);
    free(next);
    return fail(z, ZP_ERR_UNSUPPORTED);
}

/* The masked functional of grouped tensor T at pt[T->log_size], mask point
 * w: (1 - r_b) on T's row, r_b eq(w, y) on mask row y, b = eq(pt) at T's
 * columns: ONE rank-one claim. */
static zp_err grp_functional(const zp_zkp *z, zp_fe2 *a, zp_fe2 *b, const zkp_tensor *T,
                             const zp_fe2 *pt, zp_fe2 r_b, const zp_fe2 *w) {
    const unsigned lc = z->log_cols;
    const size_t R = (size_t)1 << (z->n_vars - lc), C = (size_t)1 << lc;
    const size_t Y = (size_t)1 << z->gj;
    uint64_t off, moff;
    unsigned ls, mls;
    zp_err e = zp_layout_tensor_info(z->L, z->glid, &off, &ls, &moff, &mls);
    if (e != ZP_OK) return e;
    zp_fe2 *ew = malloc(Y * sizeof(zp_fe2));
    if (!ew) return ZP_ERR_NOMEM;
    if (z->gj) zp_eq_table(ew, w, z->gj);
    else ew[0] = gl2_from_fe(1);
    memset(a, 0, R * sizeof(zp_fe2));
    if (b) { /* NULL: the caller builds b (open_phase's column store) */
        memset(b, 0, C * sizeof(zp_fe2));
        zp_eq_table(b + T->gcol, pt, T->log_size);
    }
    a[(off >> lc) + T->grow] = gl2_sub(gl2_from_fe(1), r_b);
    for (size_t y = 0; y < Y; y++) a[(moff >> lc) + y] = gl2_mul(r_b, ew[y]);
    free(ew);
    return ZP_OK;
}

/* Phase 2: after beta and gamma, the helper columns of every lookup in one
 * layout and one commitment. */
static zp_err commit_helpers(zp_zkp *z) {
    z->beta = zp_transcript_challenge_fe2(z->tr, "zkp/lu/beta");
    z->gamma = zp_transcript_challenge_fe2(z->tr, "zkp/lu/gamma");
    /* beta outside F_p: no denominator beta - a (a in F_p) vanishes; for a
     * 2-column value a1 + gamma a2, beta - a = 0 has probability 1/|K| (an
     * honest proof then fails; no soundness issue) */
    if (z->beta.c1 == 0) return fail(z, z->prover ? ZP_ERR_INTERNAL : ZP_ERR_VERIFY);
    uint64_t total = 0;
    zp_err e = ZP_OK;
    for (size_t i = 0; i < z->n_lu && e == ZP_OK; i++) {
        for (int k = 0; k < 2 && e == ZP_OK; k++)
            if ((e = new_tensor(z, &z->lu[i].h_id[k], z->lu[i].log_h, 2, ZKP_NO_PARENT)) == ZP_OK)
                z->t[z->lu[i].h_id[k]].n_evals = 1;
        total += (uint64_t)4 << z->lu[i].log_h;
    }
    if (e != ZP_OK) return e;
    z->log_cols2 = choose_log_cols(lg(total), 2 * z->n_lu, ZKP_MIN_LOG_COLS);
    e = zp_layout_create(&z->L2, z->log_cols2);
    for (size_t i = 0; i < z->n_lu && e == ZP_OK; i++)
        for (int k = 0; k < 2 && e == ZP_OK; k++) {
            zkp_tensor *T = &z->t[z->lu[i].h_id[k]];
            e = zp_layout_add(z->L2, &T->lid, T->log_size, 1);
        }
    if (e == ZP_OK) e = zp_layout_finalize(z->L2, &z->n_vars2);
    if (e == ZP_OK)
        e = zp_layout_pcs_params(z->L2, &z->pp2, code_log_inv_rate(z, z->log_cols2),
                                 ZKP_PCS_SECURITY);
    /* the layout's zero tail is not committed (docs/spec/pcs.md) */
    if (e == ZP_OK) e = zp_layout_pcs_elide(z->L2, &z->pp2);
    if (e != ZP_OK) return fail(z, e);
    size_t mc = 2 * z->n_lu;
    z->pp2.max_claims = (unsigned)(mc > ZP_PCS_MAX_CLAIMS ? ZP_PCS_MAX_CLAIMS : mc);
    if (zp_pcs_params_check(&z->pp2) != ZP_OK) return fail(z, ZP_ERR_UNSUPPORTED);
    if (!z->prover) return zp_fs_recv_digest(z->tr, z->in, "zkp/root2", &z->root2, 1) == ZP_OK
                               ? ZP_OK : fail(z, ZP_ERR_PARSE);
    if ((e = fill_helpers(z)) != ZP_OK) return e;
    z->n_evals2 = (size_t)1 << z->n_vars2;
    z->evals2 = zp_big_calloc(z->n_evals2 * sizeof(zp_fe));
    if (!z->evals2) return fail(z, ZP_ERR_NOMEM);
    z->evals2_wr = z->n_evals2;
    for (size_t i = 0; i < z->n_lu && e == ZP_OK; i++)
        for (int k = 0; k < 2 && e == ZP_OK; k++) {
            const zkp_tensor *T = &z->t[z->lu[i].h_id[k]];
            e = zp_layout_put(z->L2, z->evals2, T->lid, T->vals, (size_t)1 << T->log_size);
        }
    zp_rng rm, rp;
    zp_rng_derive(&rm, &z->rng, "zkprov-v1/zkp/masks2");
    zp_rng_derive(&rp, &z->rng, "zkprov-v1/zkp/pcs2");
    if (e == ZP_OK) e = zp_layout_fill_masks(z->L2, z->evals2, &rm);
    if (e == ZP_OK) e = zp_pcs_commit(&z->pcs2, &z->root2, &z->pp2, z->evals2, &rp);
    zp_memzero(&rm, sizeof rm);
    zp_memzero(&rp, sizeof rp);
    if (e != ZP_OK) return fail(z, e);
    z->evals2_wr = data_entries(&z->pp2);
    zp_fs_send_digest(z->tr, z->proof, "zkp/root2", &z->root2, 1);
    return ZP_OK;
}

/* The reduction's mask row R (prover): C uniform base values, from a child
 * stream of the proof's rng (8-byte rejection sampling below p). */
static zp_err fill_red_mask(zp_zkp *z) {
    uint64_t off, moff;
    unsigned ls, mls;
    zp_err e = zp_layout_tensor_info(z->L, z->red_lid, &off, &ls, &moff, &mls);
    if (e != ZP_OK) return e;
    zp_rng rr;
    zp_rng_derive(&rr, &z->rng, "zkprov-v1/zkp/reduce-mask");
    /* one 8-byte draw of rr (zp_rng_bytes) per candidate word, drawn
     * RED_MASK_BATCH at a time by zp_rng_bytes_many (the same bytes); a
     * batch never holds more words than values still missing, so every
     * word drawn is used or rejected, as one draw at a time */
    enum { RED_MASK_BATCH = 256 };
    uint8_t by[RED_MASK_BATCH * 8];
    const size_t n = (size_t)1 << ls;
    for (size_t i = 0; i < n && e == ZP_OK;) {
        const size_t cnt = n - i < RED_MASK_BATCH ? n - i : RED_MASK_BATCH;
        e = zp_rng_bytes_many(&rr, by, cnt, 8);
        for (size_t q = 0; q < cnt && e == ZP_OK; q++) {
            const uint64_t v = zp_load64_le(by + 8 * q);
            /* only the rejection of a discarded word is declassified */
            uint64_t rej = (uint64_t)(v >= GL_P);
            ZP_DECLASSIFY(&rej, sizeof rej);
            if (!rej) z->evals[off + i++] = v;
        }
    }
    zp_memzero(by, sizeof by);
    zp_memzero(&rr, sizeof rr);
    return e;
}

/* After the layout: the layout row of each committed data row of Lk
 * (lk_rows): its one entry's rows, or its columns' (a split Lk). */
static zp_err lk_data_rows(zp_zkp *z) {
    const unsigned lc = z->log_cols;
    const unsigned np = z->lk_np ? z->lk_np : 1;
    for (unsigned p = 0; p < np; p++) {
        const size_t lid = z->lk_np ? z->lk_plid[p] : z->t[z->lk].lid;
        const uint64_t base = z->lk_np ? z->lk_pbase[p] : 0;
        uint64_t off;
        unsigned ls;
        zp_err e = zp_layout_tensor_info(z->L, lid, &off, &ls, NULL, NULL);
        if (e != ZP_OK) return e;
        if (ls < lc || base + ((uint64_t)1 << ls) > z->lk_used) return ZP_ERR_INTERNAL;
        for (size_t j = 0; j < ((size_t)1 << (ls - lc)); j++)
            z->lk_drow[(base >> lc) + j] = (off >> lc) + j;
    }
    return ZP_OK;
}

zp_err zp_zkp_commit(zp_zkp *z) {
    if (z->err != ZP_OK) return z->err;
    if (z->pass != 0) return fail(z, ZP_ERR_ARG);
    z->n_t_plan = z->n_t;
    z->n_g_plan = z->n_g;
    z->n_lu_plan = z->n_lu;
    zp_err e = stack_ranges(z);
    if (e == ZP_OK) vdef_select(z);
    if (e == ZP_OK) e = plan_zerochecks(z);
    if (e == ZP_OK) e = plan_lookups(z);
    if (e != ZP_OK) return fail(z, e);
    vdef_counts(z);
    /* claim reduction: decided from the plan (both sides); its g mask is
     * reserved at the widest row, its n_vars fixed after the layout */
    z->reduce = z->plan_claims > ZKP_REDUCE_MIN_CLAIMS;
    if (z->reduce) {
        if (!grow((void **)&z->g, &z->cap_g, z->n_g, sizeof *z->g)) return fail(z, ZP_ERR_NOMEM);
        memset(&z->g[z->n_g], 0, sizeof *z->g);
        z->g[z->n_g].deg = 2;
        z->g[z->n_g].width = (size_t)1 << ZKP_RED_G_LOG;
        z->red_g = z->n_g++;
    }
    /* sizes */
    unsigned min_c = ZKP_MIN_LOG_COLS;
    uint64_t total = 0;
    for (size_t i = 0; i < z->n_g; i++) {
        unsigned lw = lg(z->g[i].width);
        if (lw + 1 > min_c) min_c = lw + 1;
        total += 2 * z->g[i].width;
    }
    for (size_t i = 0; i < z->n_t; i++)
        if (in_main(&z->t[i]))
            total += i == z->lk ? 2 * z->lk_used : (uint64_t)2 << z->t[i].log_size;
    if (z->reduce) total += (uint64_t)1 << min_c; /* the mask row R */
    if (total == 0) total = 1;
    unsigned tl = lg(total);
    z->log_cols = choose_log_cols(tl, z->reduce ? 2 : z->plan_claims, min_c);
    /* zp_zkp_set_whole_rows: the cost is convex in log_cols, so the best
     * width under the cap is the cap */
    if (z->row_cap && z->log_cols > z->row_cap) {
        if (z->row_cap < min_c) return fail(z, ZP_ERR_UNSUPPORTED);
        z->log_cols = z->row_cap;
    }
    /* tensors defined by their views: Lk (>= 2^ZKP_VDEF_MIN_LK_LOG
     * positions, above min_c) fills whole rows, never the group */
    if (z->n_vdef && z->log_cols > z->t[z->lk].log_size) {
        if (z->t[z->lk].log_size < min_c) return fail(z, ZP_ERR_INTERNAL);
        z->log_cols = z->t[z->lk].log_size;
    }
    /* a split Lk: its columns (>= its blocks of 2^log_h) fill whole rows */
    if (z->lk_np) {
        const unsigned mb = z->lk_plog[z->lk_np - 1];
        if (mb < min_c) return fail(z, ZP_ERR_UNSUPPORTED);
        if (z->log_cols > mb) z->log_cols = mb;
    }
    if ((e = plan_group(z)) != ZP_OK) return e;
    if ((e = plan_lk_mask(z)) != ZP_OK) return e;
    /* external tensors: the model's masks are fixed; refuse a plan that
     * evaluates one more often than its mask hides with margin 2 */
    for (size_t i = 0; i < z->n_t; i++) {
        const zkp_tensor *T = &z->t[i];
        if (T->phase < 3) continue;
        const unsigned lc3 = xof(z, T)->log_cols;
        const unsigned k = z->ext_deferred[T->phase - 3] ? T->log_size
                           : T->log_size < lc3 ? T->log_size + ext_g(z, T) : lc3;
        if (4 * (uint64_t)T->n_evals > ((uint64_t)1 << k)) return fail(z, ZP_ERR_UNSUPPORTED);
    }
    e = zp_layout_create(&z->L, z->log_cols);
    for (size_t i = 0; i < z->n_t && e == ZP_OK; i++)
        if (in_main(&z->t[i]) && !z->t[i].grp && !(i == z->lk && z->lk_np))
            e = zp_layout_add(z->L, &z->t[i].lid, z->t[i].log_size, mask_rows_of(z, i));
    for (unsigned p = 0; p < z->lk_np && e == ZP_OK; p++)
        e = zp_layout_add(z->L, &z->lk_plid[p], z->lk_plog[p], 0);
    for (size_t q = 0; q < z->lk_nrows && e == ZP_OK; q++)
        e = zp_layout_add(z->L, &z->lk_lid[q], z->log_cols, 0);
    if (e == ZP_OK && z->has_grp)
        e = zp_layout_add(z->L, &z->glid, z->log_cols + z->gj, 1u << z->gj);
    for (size_t i = 0; i < z->n_g && e == ZP_OK; i++)
        e = zp_layout_add(z->L, &z->g[i].lid, lg(z->g[i].width), 1);
    if (e == ZP_OK && z->reduce) e = zp_layout_add(z->L, &z->red_lid, z->log_cols, 0);
    if (e == ZP_OK) e = zp_layout_finalize(z->L, &z->n_vars);
    for (size_t q = 0; q < z->lk_nrows && e == ZP_OK; q++) {
        uint64_t off;
        e = zp_layout_tensor_info(z->L, z->lk_lid[q], &off, NULL, NULL, NULL);
        z->lk_row[q] = off >> z->log_cols;
    }
    if (e == ZP_OK && z->lk_rows) e = lk_data_rows(z);
    if (e == ZP_OK)
        e = zp_layout_pcs_params(z->L, &z->pp, code_log_inv_rate(z, z->log_cols),
                                 ZKP_PCS_SECURITY);
    if (e == ZP_OK) e = zp_layout_pcs_elide(z->L, &z->pp);
    if (e != ZP_OK) return fail(z, e);
    if (z->reduce) {
        zkp_gmask *G = &z->g[z->red_g];
        G->nv = z->n_vars;
        G->width = zp_sc_zk_mask_width(z->n_vars, 2);
        if (G->width > ((size_t)1 << ZKP_RED_G_LOG)) return fail(z, ZP_ERR_INTERNAL);
    }
    /* reduced: the opening carries the masked evaluation and y_g */
    size_t mc = z->reduce ? 2 : z->plan_claims < 1 ? 1 : z->plan_claims;
    z->pp.max_claims = (unsigned)(mc > ZP_PCS_MAX_CLAIMS ? ZP_PCS_MAX_CLAIMS : mc);
    /* more claims than one opening carries: O openings of the one
     * commitment, the merged claims split in order (zp_pcs_open_at) */
    if (mc > ZP_PCS_MAX_CLAIMS)
        z->pp.max_openings = (unsigned)((mc + ZP_PCS_MAX_CLAIMS - 1) / ZP_PCS_MAX_CLAIMS);
    if (zp_pcs_params_check(&z->pp) != ZP_OK) return fail(z, ZP_ERR_UNSUPPORTED);
    if (z->prover) {
        z->n_evals = (size_t)1 << z->n_vars;
        z->evals = zp_big_calloc(z->n_evals * sizeof(zp_fe));
        if (!z->evals) return fail(z, ZP_ERR_NOMEM);
        z->evals_wr = z->n_evals;
        uint64_t goff = 0;
        if (z->has_grp) e = zp_layout_tensor_info(z->L, z->glid, &goff, NULL, NULL, NULL);
        for (size_t i = 0; i < z->n_t && e == ZP_OK; i++) {
            const zkp_tensor *T = &z->t[i];
            if (!in_main(T)) continue;
            if (T->grp)
                memcpy(z->evals + goff + ((uint64_t)T->grow << z->log_cols) + T->gcol, T->vals,
                       ((size_t)1 << T->log_size) * sizeof(zp_fe));
            else if (i == z->lk && z->lk_np)
                for (unsigned p = 0; p < z->lk_np && e == ZP_OK; p++)
                    e = zp_layout_put(z->L, z->evals, z->lk_plid[p], T->vals + z->lk_pbase[p],
                                      (size_t)1 << z->lk_plog[p]);
            else
                e = zp_layout_put(z->L, z->evals, T->lid, T->vals, (size_t)1 << T->log_size);
        }
        zp_rng rm, rg, rp;
        zp_rng_derive(&rm, &z->rng, "zkprov-v1/zkp/masks");
        zp_rng_derive(&rg, &z->rng, "zkprov-v1/zkp/g");
        zp_rng_derive(&rp, &z->rng, "zkprov-v1/zkp/pcs");
        if (e == ZP_OK) e = zp_layout_fill_masks(z->L, z->evals, &rm);
        if (e == ZP_OK && z->reduce) e = fill_red_mask(z);
        if (e == ZP_OK && z->lk_nrows) e = fill_lk_mask(z);
        if (e == ZP_OK && z->n_vdef) e = vdef_masks(z);
        for (size_t i = 0; i < z->n_g && e == ZP_OK; i++) {
            zkp_gmask *G = &z->g[i];
            G->g0 = malloc(G->width * sizeof(zp_fe));
            G->g1 = malloc(G->width * sizeof(zp_fe));
            if (!G->g0 || !G->g1) { e = ZP_ERR_NOMEM; break; }
            zp_sc_zk_mask_sample(G->g0, G->g1, G->nv, G->deg, &rg);
            uint64_t off, moff;
            unsigned ls, mls;
            e = zp_layout_tensor_info(z->L, G->lid, &off, &ls, &moff, &mls);
            if (e == ZP_OK && (ls != mls || ((off ^ moff) & (((uint64_t)1 << z->log_cols) - 1))))
                e = ZP_ERR_INTERNAL;
            if (e == ZP_OK) {
                memcpy(z->evals + off, G->g0, G->width * sizeof(zp_fe));
                memcpy(z->evals + moff, G->g1, G->width * sizeof(zp_fe));
            }
        }
        if (e == ZP_OK) e = zp_pcs_commit(&z->pcs, &z->root, &z->pp, z->evals, &rp);
        zp_memzero(&rm, sizeof rm);
        zp_memzero(&rg, sizeof rg);
        zp_memzero(&rp, sizeof rp);
        if (e != ZP_OK) return fail(z, e);
        z->evals_wr = data_entries(&z->pp);
        zp_fs_send_digest(z->tr, z->proof, "zkp/root", &z->root, 1);
    } else {
        e = zp_fs_recv_digest(z->tr, z->in, "zkp/root", &z->root, 1);
        if (e != ZP_OK) return fail(z, e);
    }
    if (z->n_lu && (e = commit_helpers(z)) != ZP_OK) return e;
    if (zkp_plan_hook) zkp_plan_hook(z, zkp_plan_ctx);
    z->pass = 1;
    return ZP_OK;
}

/* Row range of the non-zero entries of v[n] (*lo > *hi when none). */
/* ---- column vectors of one opening's claims ----
 * Every claim of open_phase has b = eq(pt[0..k)) at a column c0 aligned to
 * 2^k (a g mask's claim: its mask functional at g's columns).  The store
 * keeps one entry per distinct canonical (c0, k, pt), canonical meaning
 * that pt[k-1] is not 0 or 1 (a 0/1 top coordinate is moved into c0: the
 * same vector).  Two such eq vectors are equal iff their canonical keys are
 * equal (the support fixes k, c0 and the 0/1 coordinates, the ratios
 * b[x + 2^i] / b[x] the others), so claims merged by key (zp_claims_add_ref)
 * are exactly the claims zp_claims_add would merge by value; a g mask's
 * entry has its own key.  The full vector (2^log_cols values) is built only
 * where a PCS opening or the prover's K table reads it: the verifier of a
 * reduced layout needs <b, eq(s_col)> only, the O(log_cols) product
 * eq(pt, s) eq(bits of c0, s).  Claims cost O(rows) instead of O(columns). */
#define ZKP_COL_RAW 0xffffffffu
typedef struct {
    size_t c0;
    unsigned k; /* ZKP_COL_RAW: not an eq vector */
    zp_fe2 pt[ZP_SC_MAX_VARS];
    zp_fe2 *v; /* 2^log_cols values */
} zkp_col;
typedef struct {
    size_t n, cap;
    zkp_col *e;
} zkp_cols;

static void cols_free(zkp_cols *cs) {
    for (size_t i = 0; i < cs->n; i++) free(cs->e[i].v);
    free(cs->e);
    cs->e = NULL;
    cs->n = cs->cap = 0;
}

/* A new entry; its vector is allocated (zero) when vec != 0. */
static zp_err cols_push(zkp_cols *cs, size_t C, int vec, size_t *idx) {
    if (!grow((void **)&cs->e, &cs->cap, cs->n, sizeof(zkp_col))) return ZP_ERR_NOMEM;
    zkp_col *c = &cs->e[cs->n];
    memset(c, 0, sizeof *c);
    if (vec && !(c->v = calloc(C, sizeof(zp_fe2)))) return ZP_ERR_NOMEM;
    c->k = ZKP_COL_RAW;
    *idx = cs->n++;
    return ZP_OK;
}

/* The entry of b = eq(pt[0..k)) at column c0 (canonical form), created on
 * first use; its vector is built when vec != 0. */
static zp_err cols_eq(zkp_cols *cs, size_t C, size_t c0, unsigned k, const zp_fe2 *pt, int vec,
                      size_t *idx) {
    if (k > ZP_SC_MAX_VARS || c0 + ((size_t)1 << k) > C || (c0 & (((size_t)1 << k) - 1)))
        return ZP_ERR_INTERNAL;
    while (k > 0 && pt[k - 1].c1 == 0 && pt[k - 1].c0 <= 1) {
        k--;
        c0 += (size_t)pt[k].c0 << k;
    }
    for (size_t i = cs->n; i-- > 0;) {
        const zkp_col *c = &cs->e[i];
        if (c->k == k && c->c0 == c0 && !memcmp(c->pt, pt, k * sizeof(zp_fe2))) {
            *idx = i;
            return ZP_OK;
        }
    }
    zp_err e = cols_push(cs, C, vec, idx);
    if (e != ZP_OK) return e;
    zkp_col *c = &cs->e[*idx];
    c->c0 = c0;
    c->k = k;
    memcpy(c->pt, pt, k * sizeof(zp_fe2));
    if (vec) zp_eq_table(c->v + c0, pt, k);
    return ZP_OK;
}

/* <b, eq(s[0..lc))> for the entry of key `key` (index + 1): O(lc) for an
 * eq vector, a sum over the built vector otherwise. */
static zp_err cols_dot_eq(zp_fe2 *out, const zkp_cols *cs, size_t key, const zp_fe2 *s,
                          const zp_fe2 *ec, unsigned lc) {
    const zp_fe2 one = gl2_from_fe(1);
    if (!key || key > cs->n) return ZP_ERR_INTERNAL;
    const zkp_col *c = &cs->e[key - 1];
    zp_fe2 r = {0, 0};
    if (c->k == ZKP_COL_RAW) {
        if (!c->v) return ZP_ERR_INTERNAL;
        for (size_t j = 0; j < ((size_t)1 << lc); j++)
            if (!gl2_is_zero(c->v[j])) r = gl2_add(r, gl2_mul(c->v[j], ec[j]));
    } else {
        r = eq_eval(c->pt, s, c->k);
        for (unsigned j = c->k; j < lc; j++)
            r = gl2_mul(r, ((c->c0 >> j) & 1) ? s[j] : gl2_sub(one, s[j]));
    }
    *out = r;
    return ZP_OK;
}

/* a of zp_layout_functional(Ly, a, b, lid, z, 1, r_b) (masked); b is
 * eq(z[0..k)) at column c0 (returned).  tmp: 2^(nv - lc) scratch values. */
static zp_err lay_rows(const zp_layout *Ly, unsigned nv, unsigned lc, zp_fe2 *a, zp_fe2 *tmp,
                       size_t lid, const zp_fe2 *z, zp_fe2 r_b, size_t *c0, unsigned *k) {
    uint64_t off, moff;
    unsigned m, mlog;
    zp_err e = zp_layout_tensor_info(Ly, lid, &off, &m, &moff, &mlog);
    if (e != ZP_OK) return e;
    if (!mlog) return ZP_ERR_ARG; /* unmasked */
    const size_t R = (size_t)1 << (nv - lc), C = (size_t)1 << lc;
    const zp_fe2 wT = gl2_sub(gl2_from_fe(1), r_b);
    memset(a, 0, R * sizeof(zp_fe2));
    if (m >= lc) {
        const size_t nr = (size_t)1 << (m - lc), r0 = (size_t)(off >> lc);
        zp_eq_table(tmp, z + lc, m - lc);
        for (size_t j = 0; j < nr; j++) a[r0 + j] = gl2_mul(wT, tmp[j]);
        const size_t mr = (size_t)1 << (mlog - lc), m0 = (size_t)(moff >> lc);
        zp_eq_table(tmp, z + lc, mlog - lc);
        for (size_t j = 0; j < mr; j++) a[m0 + j] = gl2_add(a[m0 + j], gl2_mul(r_b, tmp[j]));
        *c0 = 0;
        *k = lc;
    } else {
        a[off >> lc] = wT;
        a[moff >> lc] = gl2_add(a[moff >> lc], r_b);
        *c0 = (size_t)(off & (C - 1));
        *k = m;
    }
    return ZP_OK;
}

static void nz_range(const zp_fe2 *v, size_t n, size_t *lo, size_t *hi) {
    size_t a = 0, b = n;
    while (a < n && gl2_is_zero(v[a])) a++;
    while (b > a && gl2_is_zero(v[b - 1])) b--;
    *lo = a;
    *hi = b; /* exclusive */
}

/* Prover: K(x) = sum_i c_i A_i[row(x)] B_i[col(x)] over each claim's
 * non-zero rows times its non-zero column range (x = row C + col), a
 * chunk of ZP_RED_CHUNK columns of a row at a time by the kernel of
 * zkp_red.c (AVX-512 where present; every backend gives the same sums). */
static void red_table(zp_fe2 *K, size_t R, unsigned lc, size_t n, const zp_fe2 *const *A,
                      const zp_fe2 *const *B, const zp_fe2 *c) {
    const size_t C = (size_t)1 << lc; /* K: the first R rows (A_i = 0 beyond) */
    const zp_red_chunk_fn chunk = zp_red_chunk_best();
    /* one parallel region over the rows (claims in order inside a row, so
     * the sums are the same for any thread count): many claims on few
     * rows each (a bind proof's per-step claims) cost no region apiece */
    size_t *cr = malloc(2 * (n ? n : 1) * sizeof(size_t));
    const int have_cr = cr != NULL;
    int nomem = 0; /* (private copies start at 0 in the region) */
    if (cr)
        for (size_t i = 0; i < n; i++) nz_range(B[i], C, &cr[2 * i], &cr[2 * i + 1]);
    const long long RR = (long long)R;
#pragma omp parallel if (have_cr && RR * (long long)C >= 65536) reduction(| : nomem)
    {
        zp_red_term *tl = have_cr ? malloc((n ? n : 1) * sizeof *tl) : NULL;
        if (!tl) nomem = 1;
#pragma omp for schedule(dynamic, 1)
        for (long long q = 0; q < RR; q++) {
            if (!tl) continue;
            zp_fe2 *k = K + (size_t)q * C;
            for (size_t j0 = 0; j0 < C; j0 += ZP_RED_CHUNK) {
                const size_t j1 = C - j0 < ZP_RED_CHUNK ? C : j0 + ZP_RED_CHUNK;
                size_t nt = 0;
                for (size_t i = 0; i < n; i++) {
                    const zp_fe2 a = A[i][q];
                    const size_t lo = cr[2 * i] > j0 ? cr[2 * i] : j0;
                    const size_t hi = cr[2 * i + 1] < j1 ? cr[2 * i + 1] : j1;
                    if (gl2_is_zero(a) || lo >= hi) continue;
                    tl[nt].w = gl2_mul(c[i], a);
                    tl[nt].b = B[i];
                    tl[nt].lo = lo;
                    tl[nt].hi = hi;
                    nt++;
                }
                /* each (row, chunk) written once (K is not cleared first) */
                if (nt) chunk(k + j0, j0, j1, tl, nt);
                else memset(k + j0, 0, (j1 - j0) * sizeof(zp_fe2));
            }
        }
        free(tl);
    }
    free(cr);
    if (!nomem) return;
    /* no scratch: claim by claim, from a zero K */
    memset(K, 0, R * C * sizeof(zp_fe2));
    for (size_t i = 0; i < n; i++) {
        size_t c0, c1;
        nz_range(B[i], C, &c0, &c1);
        for (size_t row = 0; row < R; row++)
            if (!gl2_is_zero(A[i][row])) {
                const zp_fe2 w = gl2_mul(c[i], A[i][row]);
                for (size_t col = c0; col < c1; col++)
                    K[row * C + col] = gl2_add(K[row * C + col], gl2_mul(w, B[i][col]));
            }
    }
}

/* Claim reduction (docs/spec/infer.md, "Claim reduction"): the merged
 * claims Y_i = A_i^T M B_i on the main layout, combined with powers of a
 * challenge mu, are sum_x M(x) K(x); one ZK sumcheck with M masked by the
 * row R (periodic, so its MLE is R's row at the column variables) leaves
 * the masked value (1 - r_b) M~(s) + r_b R~(s_col): ONE PCS claim with
 * b = eq(s_col), opened together with the reduction's g claim. */
static zp_err reduce_open(zp_zkp *z, size_t n_out, const zp_fe2 *const *A,
                          const zp_fe2 *const *B, const zp_fe2 *Y, const zkp_cols *cols,
                          const size_t *keys) {
    const unsigned nv = z->n_vars, lc = z->log_cols, lr = nv - lc;
    const size_t R = (size_t)1 << lr, C = (size_t)1 << lc;
    const zp_fe2 one = gl2_from_fe(1);
    zp_fe2 *c = malloc((n_out ? n_out : 1) * sizeof(zp_fe2));
    if (!c) return ZP_ERR_NOMEM;
    const zp_fe2 mu = zp_transcript_challenge_fe2(z->tr, "zkp/red/mu");
    zp_fe2 H = {0, 0}, pw = one;
    for (size_t i = 0; i < n_out; i++) {
        c[i] = pw;
        H = gl2_add(H, gl2_mul(pw, Y[i]));
        pw = gl2_mul(pw, mu);
    }
    uint64_t roff, moff;
    unsigned rls, mls;
    zp_err e = zp_layout_tensor_info(z->L, z->red_lid, &roff, &rls, &moff, &mls);
    if (e == ZP_OK && rls != lc) e = ZP_ERR_INTERNAL;
    const zkp_gmask *G = &z->g[z->red_g];
    zp_fe2 s[ZP_SC_MAX_VARS], ev[2];
    zp_sc_zk_result res;
    memset(&res, 0, sizeof res);
    const zp_sc_term term = {one, 2, {0, 1}};
    if (e == ZP_OK && z->prover) {
        /* the prover's work is on the active rows only: K is zero beyond
         * the claims' last non-zero row of A_i, M beyond the layout's last
         * placed row (both public); zp_sc_prod_zk_prove (src/piop/sc_prod.c)
         * gives the generic engine's proof on the whole table */
        size_t rows = 1;
        for (size_t i = 0; i < n_out; i++) {
            size_t r0, r1;
            nz_range(A[i], R, &r0, &r1);
            if (r1 > rows) rows = r1;
        }
        uint64_t end = 0, o1, o2;
        unsigned l1, l2;
        for (size_t id = 0; zp_layout_tensor_info(z->L, id, &o1, &l1, &o2, &l2) == ZP_OK; id++) {
            if (o1 + ((uint64_t)1 << l1) > end) end = o1 + ((uint64_t)1 << l1);
            if (o2 + ((uint64_t)1 << l2) > end) end = o2 + ((uint64_t)1 << l2);
        }
        if ((size_t)((end + C - 1) >> lc) > rows) rows = (size_t)((end + C - 1) >> lc);
        if (rows > R) rows = R;
        /* a kept buffer (no fresh pages, src/common/bigmem.h); every
         * entry is written by red_table.  K is public (the verifier
         * evaluates it too): no wipe */
        zp_fe2 *K = zp_big_alloc(rows * C * sizeof(zp_fe2));
        if (!K) e = ZP_ERR_NOMEM;
        if (e == ZP_OK) {
            red_table(K, rows, lc, n_out, A, B, c);
            /* with the self-check sum_x M K == H inside its first pass */
            e = zp_sc_prod_zk_prove(z->tr, z->proof, &res, s, ev, z->evals, z->evals + roff, K,
                                    lr, lc, rows, H, !z->unchecked, G->g0, G->g1);
        }
        zp_big_free_public(K, rows * C * sizeof(zp_fe2));
        if (e == ZP_OK) zp_fs_send_fe2(z->tr, z->proof, "zkp/red/eval", ev, 1);
    } else if (e == ZP_OK) {
        e = zp_sumcheck_zk_verify(z->tr, z->in, &res, s, nv, 2, H);
        if (e == ZP_OK) e = zp_fs_recv_fe2(z->tr, z->in, "zkp/red/eval", ev, 1);
    }
    /* eq tables of the row and column variables (x = row C + col) */
    zp_fe2 *er = NULL, *ec = NULL, *a2 = NULL, *b2 = NULL, *bg = NULL;
    if (e == ZP_OK) {
        er = malloc(R * sizeof(zp_fe2));
        ec = malloc(C * sizeof(zp_fe2));
        a2 = calloc(2 * R, sizeof(zp_fe2));
        b2 = calloc(2 * C, sizeof(zp_fe2));
        bg = malloc(G->width * sizeof(zp_fe2));
        if (!er || !ec || !a2 || !b2 || !bg) e = ZP_ERR_NOMEM;
    }
    if (e == ZP_OK) {
        zp_eq_table(ec, s, lc);
        zp_eq_table(er, s + lc, lr);
    }
    if (e == ZP_OK && !z->prover) {
        /* K(s) = sum_i c_i <A_i, eq(s_row)> <B_i, eq(s_col)>, over supports */
        zp_fe2 ks = {0, 0};
        for (size_t i = 0; i < n_out; i++) {
            size_t r0, r1, c0, c1;
            nz_range(A[i], R, &r0, &r1);
            zp_fe2 sa = {0, 0}, sb;
            for (size_t j = r0; j < r1; j++)
                if (!gl2_is_zero(A[i][j])) sa = gl2_add(sa, gl2_mul(A[i][j], er[j]));
            if (keys && keys[i]) {
                e = cols_dot_eq(&sb, cols, keys[i], s, ec, lc);
                if (e != ZP_OK) break;
            } else {
                sb = (zp_fe2){0, 0};
                if (!B[i]) {
                    e = ZP_ERR_INTERNAL;
                    break;
                }
                nz_range(B[i], C, &c0, &c1);
                for (size_t j = c0; j < c1; j++)
                    if (!gl2_is_zero(B[i][j])) sb = gl2_add(sb, gl2_mul(B[i][j], ec[j]));
            }
            ks = gl2_add(ks, gl2_mul(c[i], gl2_mul(sa, sb)));
        }
        ev[1] = ks;
        if (e == ZP_OK) e = zp_sumcheck_zk_check_final(&res, &term, 1, ev, 2);
    }
    zp_fe2 yv[2] = {ev[0], res.g_eval};
    if (e == ZP_OK) {
        /* claim 0: (1 - r_b) eq(s_row) on every row, + r_b on R's row */
        const zp_fe2 w = gl2_sub(one, res.r_b);
        for (size_t j = 0; j < R; j++) a2[j] = gl2_mul(w, er[j]);
        a2[roff >> lc] = gl2_add(a2[roff >> lc], res.r_b);
        memcpy(b2, ec, C * sizeof(zp_fe2));
        /* claim 1: y_g = (1, u) [g0; g1] b_g */
        uint64_t go, gmo;
        unsigned gls, gmls;
        e = zp_layout_tensor_info(z->L, G->lid, &go, &gls, &gmo, &gmls);
        if (e == ZP_OK) {
            zp_sc_zk_mask_functional(bg, G->nv, G->deg, res.r_b, s);
            a2[R + (go >> lc)] = one;
            a2[R + (gmo >> lc)] = (zp_fe2){0, 1};
            memcpy(b2 + C + (go & (C - 1)), bg, G->width * sizeof(zp_fe2));
        }
    }
    const zp_fe2 *Ap[2] = {a2, a2 + R}, *Bp[2] = {b2, b2 + C};
    if (e == ZP_OK && z->prover) {
        zp_fe2 y[2];
        e = zp_pcs_open(z->pcs, z->tr, z->proof, 2, Ap, Bp, y);
        for (size_t i = 0; i < 2 && e == ZP_OK && !z->unchecked; i++)
            if (!gl2_eq(y[i], yv[i])) e = ZP_ERR_INTERNAL; /* a reduction bug */
    } else if (e == ZP_OK) {
        e = zp_pcs_verify(&z->pp, &z->root, z->tr, z->in, 2, Ap, Bp, yv);
    }
    free(c);
    free(er);
    free(ec);
    free(a2);
    free(b2);
    free(bg);
    return e;
}

/* Merges the claims on one commitment (phase 1: with the g masks) and
 * opens / verifies it. */
static zp_err open_phase(zp_zkp *z, int phase) {
    const zp_layout *Ly = phase == 1 ? z->L : z->L2;
    const zp_zkp_ext *X = phase >= 3 ? &z->ext[phase - 3] : NULL;
    const unsigned nv = phase == 1 ? z->n_vars : phase == 2 ? z->n_vars2 : X->pp->n_vars;
    const unsigned lc = phase == 1 ? z->log_cols : phase == 2 ? z->log_cols2 : X->log_cols;
    const unsigned lr = nv - lc;
    const size_t R = (size_t)1 << lr, C = (size_t)1 << lc;
    zp_claims *cs = NULL;
    zkp_cols cols = {0, 0, NULL};
    zp_fe2 *a = calloc(R, sizeof(zp_fe2)), *tmp = malloc(R * sizeof(zp_fe2));
    zp_err e = (a && tmp) ? zp_claims_create(&cs, lr, lc) : ZP_ERR_NOMEM;
    /* full column vectors: for the PCS openings and the prover's K table */
    const int vec = z->prover || !(phase == 1 && z->reduce);
    for (size_t i = 0; i < z->n_c && e == ZP_OK; i++) {
        const zkp_claim *c = &z->c[i];
        size_t ci = 0, clen = 0;
        if (!c->is_g) {
            size_t ti = c->idx;
            zp_fe2 pt[ZP_SC_MAX_VARS];
            memcpy(pt, c->point, c->n_vars * sizeof(zp_fe2));
            const zkp_tensor *T = &z->t[ti];
            if (T->parent != ZKP_NO_PARENT) {
                /* a view: its parent at (point, bits of the offset) */
                const zkp_tensor *P = &z->t[T->parent];
                for (unsigned k = T->log_size; k < P->log_size; k++)
                    pt[k] = gl2_from_fe((T->voff >> k) & 1);
                ti = T->parent;
                T = P;
            }
            if (T->phase != phase) continue;
            size_t c0;
            unsigned k;
            if (phase >= 3) {
                e = ext_functional(z, a, NULL, T, pt, c->r_b, c->w);
                k = T->log_size < lc ? T->log_size : lc;
                c0 = (size_t)(T->xoff & (C - 1));
            } else if (T->grp) {
                e = grp_functional(z, a, NULL, T, pt, c->r_b, c->w);
                k = T->log_size;
                c0 = (size_t)T->gcol;
            } else if (z->lk_rows && ti == z->lk) {
                e = lk_functional(z, a, tmp, pt, c->r_b, &c0, &k);
            } else if (T->mcol) {
                e = mcol_functional(z, a, tmp, T, pt, c->r_b, &c0, &k);
            } else {
                e = lay_rows(Ly, nv, lc, a, tmp, T->lid, pt, c->r_b, &c0, &k);
            }
            if (e == ZP_OK) e = cols_eq(&cols, C, c0, k, pt, vec, &ci);
            if (e == ZP_OK) clen = (size_t)1 << cols.e[ci].k;
        } else {
            if (phase != 1) continue;
            const zkp_gmask *G = &z->g[c->idx];
            uint64_t off, moff;
            unsigned ls, mls;
            e = zp_layout_tensor_info(z->L, G->lid, &off, &ls, &moff, &mls);
            if (e != ZP_OK) break;
            if ((off & (C - 1)) + G->width > C) { e = ZP_ERR_INTERNAL; break; }
            e = cols_push(&cols, C, 1, &ci);
            if (e != ZP_OK) break;
            cols.e[ci].c0 = (size_t)(off & (C - 1));
            clen = G->width;
            zp_sc_zk_mask_functional(cols.e[ci].v + cols.e[ci].c0, G->nv, G->deg, c->r_b,
                                     c->point);
            memset(a, 0, R * sizeof(zp_fe2));
            a[off >> lc] = gl2_from_fe(1);
            a[moff >> lc] = (zp_fe2){0, 1};
        }
        if (e == ZP_OK)
            e = zp_claims_add_ref(cs, a, cols.e[ci].v, cols.e[ci].c0, cols.e[ci].c0 + clen,
                                  ci + 1, c->value);
    }
    free(a);
    free(tmp);
    size_t n_out = 0;
    const zp_fe2 *const *A = NULL, *const *B = NULL;
    const zp_fe2 *Y = NULL;
    const zp_pcs_params *pp = phase == 1 ? &z->pp : phase == 2 ? &z->pp2 : X->pp;
    if (e == ZP_OK) e = zp_claims_finish(cs, z->tr, &n_out, &A, &B, &Y);
    const unsigned O = phase >= 3 || !pp->max_openings ? 1 : pp->max_openings;
    if (e == ZP_OK && phase == 1 && z->reduce) {
        e = reduce_open(z, n_out, A, B, Y, &cols, zp_claims_keys(cs));
    } else if (e == ZP_OK && n_out > (size_t)pp->max_claims * O) {
        e = ZP_ERR_UNSUPPORTED;
    } else if (e == ZP_OK && O > 1) {
        /* chunk j of the merged claims by opening j */
        const zp_digest *root = phase == 1 ? &z->root : &z->root2;
        zp_pcs_prover *pr = phase == 1 ? z->pcs : z->pcs2;
        zp_fe2 *y = z->prover ? malloc(pp->max_claims * sizeof(zp_fe2)) : NULL;
        if (z->prover && !y) e = ZP_ERR_NOMEM;
        for (unsigned j = 0; j < O && e == ZP_OK && (size_t)j * pp->max_claims < n_out; j++) {
            const size_t f = (size_t)j * pp->max_claims;
            const size_t k = n_out - f < pp->max_claims ? n_out - f : pp->max_claims;
            if (z->prover) {
                e = zp_pcs_open_at(pr, j, z->tr, z->proof, k, A + f, B + f, y);
                for (size_t i = 0; i < k && e == ZP_OK && !z->unchecked; i++)
                    if (!gl2_eq(y[i], Y[f + i])) e = ZP_ERR_INTERNAL;
            } else {
                e = zp_pcs_verify_at(pp, root, j, z->tr, z->in, k, A + f, B + f, Y + f);
            }
        }
        free(y);
    } else if (e == ZP_OK) {
        if (z->prover) {
            zp_fe2 *y = malloc((n_out ? n_out : 1) * sizeof(zp_fe2));
            if (!y) e = ZP_ERR_NOMEM;
            if (e == ZP_OK && phase >= 3)
                e = zp_pcs_open_at(X->pcs, X->index, z->tr, z->proof, n_out, A, B, y);
            else if (e == ZP_OK)
                e = zp_pcs_open(phase == 1 ? z->pcs : z->pcs2, z->tr, z->proof, n_out, A, B, y);
            for (size_t i = 0; i < n_out && e == ZP_OK && !z->unchecked; i++)
                if (!gl2_eq(y[i], Y[i])) e = ZP_ERR_INTERNAL; /* a sub-protocol bug */
            free(y);
        } else if (phase >= 3) {
            e = zp_pcs_verify_at(pp, X->root, X->index, z->tr, z->in, n_out, A, B, Y);
        } else {
            e = zp_pcs_verify(pp, phase == 1 ? &z->root : &z->root2, z->tr, z->in, n_out, A, B,
                              Y);
        }
    }
    zp_claims_free(cs);
    cols_free(&cols);
    return e;
}

zp_err zp_zkp_finish(zp_zkp *z) {
    if (z->err != ZP_OK) return z->err;
    if (z->pass != 1 || z->cur_t != z->n_t_plan || z->cur_g != z->n_g_plan ||
        z->cur_rq != z->n_rq || z->cur_lu != z->n_lu_plan || z->cur_zq != z->n_zq)
        return fail(z, ZP_ERR_INTERNAL);
    zp_err e = ZP_OK;
    for (size_t i = 0; i < z->n_zb && e == ZP_OK; i++) e = zc_run(z, i);
    for (size_t i = 0; i < z->n_lu && e == ZP_OK; i++) {
        const size_t p0 = z->proof ? z->proof->len : 0;
        e = z->lu[i].nblk > 1 ? lookup_run_batch(z, &z->lu[i]) : lookup_run(z, &z->lu[i]);
        if (z->proof && z->lu[i].tagged) {
            z->lk_pf[0] = p0;
            z->lk_pf[1] = z->proof->len;
        }
    }
    if (e == ZP_OK) e = open_phase(z, 1);
    if (e == ZP_OK && z->n_lu) e = open_phase(z, 2);
    for (unsigned k = 0; k < z->n_ext && e == ZP_OK; k++)
        if (!z->ext_deferred[k]) e = open_phase(z, 3 + (int)k);
    if (z->prover && z->evals) {
        zp_big_free_zero_tail(z->evals, z->n_evals * sizeof(zp_fe),
                              z->evals_wr * sizeof(zp_fe));
        z->evals = NULL;
    }
    z->pass = 2;
    return e == ZP_OK ? ZP_OK : fail(z, e);
}

/* ---- deferred externals, views, injected claims and the hooks of
 * sub-protocols written in other files (zkp_gather.c, train_bind.c;
 * docs/spec/train-step.md section 7) ---- */

zp_err zp_zkp_set_external_deferred(zp_zkp *z, const zp_zkp_ext *ext) {
    if (!z || !ext || !ext->pp || !ext->root || z->pass != 0 || z->n_t ||
        z->n_ext >= ZP_ZKP_MAX_EXT || (z->prover && !ext->evals))
        return z ? fail(z, ZP_ERR_ARG) : ZP_ERR_ARG;
    if (zp_pcs_params_check(ext->pp) != ZP_OK || ext->log_cols != ext->pp->log_cols)
        return fail(z, ZP_ERR_ARG);
    z->ext_deferred[z->n_ext] = 1;
    z->ext[z->n_ext] = *ext;
    z->ext[z->n_ext].pcs = NULL;
    z->ext[z->n_ext].index = 0;
    z->n_ext++;
    return ZP_OK;
}

size_t zp_zkp_deferred_claims(const zp_zkp *z, unsigned xk, zp_zkp_dclaim *out, size_t cap) {
    size_t n = 0;
    if (!z || xk >= z->n_ext || !z->ext_deferred[xk] || z->pass != 2) return 0;
    for (size_t i = 0; i < z->n_c; i++) {
        const zkp_claim *c = &z->c[i];
        if (c->is_g || z->t[c->idx].phase != 3 + (int)xk) continue;
        if (out && n < cap) {
            const zkp_tensor *T = &z->t[c->idx];
            zp_zkp_dclaim *d = &out[n];
            memset(d, 0, sizeof *d);
            d->offset = T->xoff;
            d->mask_offset = T->xmoff;
            d->log_size = T->log_size;
            memcpy(d->point, c->point, T->log_size * sizeof(zp_fe2));
            d->r_b = c->r_b;
            d->value = c->value;
        }
        n++;
    }
    return n;
}

zp_err zp_zkp_view(zp_zkp *z, size_t *id, size_t parent, unsigned log_size, uint64_t offset) {
    if (z->err != ZP_OK) return z->err;
    if (!id || parent >= z->n_t || z->t[parent].pub || z->t[parent].phase != 1 ||
        z->t[parent].parent != ZKP_NO_PARENT || log_size < 1 ||
        log_size > z->t[parent].log_size || (offset & (((uint64_t)1 << log_size) - 1)) ||
        offset + ((uint64_t)1 << log_size) > ((uint64_t)1 << z->t[parent].log_size))
        return fail(z, ZP_ERR_ARG);
    const zp_fe *v = z->t[parent].vals ? z->t[parent].vals + offset : NULL;
    if (z->pass == 0) {
        size_t vid;
        z->t[parent].pinned = 1; /* read through its views: stays committed */
        zp_err e = new_tensor(z, &vid, log_size, 1, parent);
        if (e != ZP_OK) return e;
        z->t[vid].voff = offset;
        z->t[vid].vals = v;
        *id = vid;
        return ZP_OK;
    }
    if (z->cur_t >= z->n_t || z->t[z->cur_t].parent != parent ||
        z->t[z->cur_t].log_size != log_size || z->t[z->cur_t].voff != offset)
        return fail(z, ZP_ERR_INTERNAL);
    z->t[z->cur_t].vals = v;
    *id = z->cur_t++;
    return ZP_OK;
}

zp_err zp_zkp_claim(zp_zkp *z, size_t id, const zp_fe2 *point, zp_fe2 r_b, zp_fe2 value) {
    if (z->err != ZP_OK) return z->err;
    if (id >= z->n_t || z->t[id].pub || z->t[owner(z, id)].phase != 1 || grouped(z, id))
        return fail(z, ZP_ERR_ARG);
    if (z->pass == 0) {
        new_event(z);
        count_eval(z, id);
        z->plan_claims++;
        z->t[owner(z, id)].pinned = 1; /* a claim made by another proof */
        return ZP_OK;
    }
    if (!point) return fail(z, ZP_ERR_ARG);
    zp_err e = add_claim(z, 0, id, point, z->t[id].log_size, r_b, value, NULL);
    return e == ZP_OK ? ZP_OK : fail(z, e);
}

zp_err zp_zkp_tensor_place(const zp_zkp *z, size_t id, zp_zkp_ext *ext, uint64_t *offset,
                           uint64_t *mask_offset) {
    if (!z || id >= z->n_t || z->pass != 1 || !ext || !offset || !mask_offset) return ZP_ERR_ARG;
    const zkp_tensor *T = &z->t[id];
    uint64_t voff = 0;
    if (T->parent != ZKP_NO_PARENT) {
        voff = T->voff;
        T = &z->t[T->parent];
    }
    if (T->pub || T->phase != 1 || T->grp || T->vdef) return ZP_ERR_ARG;
    /* the stacked column (one mask row per view, or split) */
    if (z->lk_rows && T == &z->t[z->lk]) return ZP_ERR_ARG;
    if (T->mcol) return ZP_ERR_ARG; /* a shared mask row (never pinned) */
    uint64_t off, moff;
    unsigned ls, mls;
    zp_err e = zp_layout_tensor_info(z->L, T->lid, &off, &ls, &moff, &mls);
    if (e != ZP_OK) return e;
    /* a deferred tensor needs a mask of its own size: the slice (or the
     * period) of the parent's mask at the view's offset */
    const unsigned vls = z->t[id].log_size;
    if (mls < vls || !mls) return ZP_ERR_ARG;
    memset(ext, 0, sizeof *ext);
    ext->pp = &z->pp;
    ext->root = &z->root;
    ext->log_cols = z->log_cols;
    ext->evals = z->prover ? z->evals : NULL;
    *offset = off + voff;
    *mask_offset = moff + (voff & (((uint64_t)1 << mls) - 1));
    return ZP_OK;
}

zp_transcript *zp_zkp_transcript(zp_zkp *z) { return z->tr; }
zp_err zp_zkp_fail(zp_zkp *z, zp_err e) { return fail(z, e); }
int zp_zkp_unchecked(const zp_zkp *z) { return z->unchecked; }
const zp_fe *zp_zkp_values(const zp_zkp *z, size_t id) {
    return id < z->n_t ? z->t[id].vals : NULL;
}

zp_err zp_zkp_take_g(zp_zkp *z, size_t *gi, unsigned nv, unsigned deg) {
    if (z->err != ZP_OK) return z->err;
    return take_g(z, gi, nv, deg);
}

void zp_zkp_g_rows(const zp_zkp *z, size_t gi, const zp_fe **g0, const zp_fe **g1) {
    *g0 = gi < z->n_g ? z->g[gi].g0 : NULL;
    *g1 = gi < z->n_g ? z->g[gi].g1 : NULL;
}

void zp_zkp_plan_eval(zp_zkp *z, size_t id) {
    if (z->pass != 0 || id >= z->n_t) return;
    new_event(z);
    count_eval(z, id);
    z->plan_claims++;
    /* claimed by a sub-protocol of another file (zp_zkp_tensor_claim):
     * stays committed */
    z->t[owner(z, id)].pinned = 1;
}

zp_err zp_zkp_tensor_claim(zp_zkp *z, size_t id, const zp_fe2 *point, zp_fe2 r_b,
                           zp_fe2 value) {
    if (z->err != ZP_OK) return z->err;
    if (id >= z->n_t || z->t[id].pub || grouped(z, id) || z->t[owner(z, id)].vdef)
        return fail(z, ZP_ERR_INTERNAL);
    zp_err e = add_claim(z, 0, id, point, z->t[id].log_size, r_b, value, NULL);
    return e == ZP_OK ? ZP_OK : fail(z, e);
}

zp_err zp_zkp_g_claim(zp_zkp *z, size_t gi, const zp_fe2 *point, unsigned n, zp_fe2 r_b,
                      zp_fe2 g_eval) {
    if (z->err != ZP_OK) return z->err;
    zp_err e = add_claim(z, 1, gi, point, n, r_b, g_eval, NULL);
    return e == ZP_OK ? ZP_OK : fail(z, e);
}

zp_err zp_zkp_send_eval(zp_zkp *z, zp_fe2 *v) { return xchg(z, v); }

zp_err zp_zkp_mask(const zp_zkp *z, size_t id, const zp_fe **mask, size_t *len) {
    if (!z->prover || id >= z->n_t || z->t[id].pub || grouped(z, id)) return ZP_ERR_ARG;
    *mask = mask_of(z, id, len);
    return *mask ? ZP_OK : ZP_ERR_INTERNAL;
}
zp_bytes *zp_zkp_proof(zp_zkp *z) { return z->proof; }
zp_reader *zp_zkp_reader(zp_zkp *z) { return z->in; }

zp_err zp_zkp_set_whole_rows(zp_zkp *z, size_t id) {
    if (z->err != ZP_OK) return z->err;
    if (z->pass != 0) return ZP_OK; /* fixed by the plan pass */
    if (id >= z->n_t || z->t[id].pub || z->t[id].phase != 1 ||
        z->t[id].parent != ZKP_NO_PARENT)
        return fail(z, ZP_ERR_ARG);
    if (!z->row_cap || z->t[id].log_size < z->row_cap) z->row_cap = z->t[id].log_size;
    z->t[id].pinned = 1;
    return ZP_OK;
}

zp_err zp_zkp_set_mask_period(zp_zkp *z, size_t id, unsigned log_period) {
    if (z->err != ZP_OK) return z->err;
    if (z->pass != 0) return ZP_OK; /* fixed by the plan pass */
    if (id >= z->n_t || z->t[id].pub || z->t[id].phase != 1 ||
        z->t[id].parent != ZKP_NO_PARENT || log_period < 1 ||
        log_period > z->t[id].log_size || z->n_pmask >= 4)
        return fail(z, ZP_ERR_ARG);
    z->pmask_id[z->n_pmask] = id;
    z->pmask_log[z->n_pmask++] = log_period;
    z->t[id].pinned = 1;
    return ZP_OK;
}
