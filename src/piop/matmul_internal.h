/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Internal kernels of the matrix-product, element-wise and lookup protocols. */
#ifndef ZP_PIOP_MATMUL_INTERNAL_H
#define ZP_PIOP_MATMUL_INTERNAL_H

#include <stddef.h>
#include "zkprov/field.h"

/* Row fold: out[k] = sum_{i < m} eq[i] * A[i*n + k] for k < n, i.e. the
 * partial evaluation A~(., r) of the row-major m x n matrix A at the row
 * point r whose eq table is eq[m].  Exact: products are accumulated
 * unreduced in 192 bits and reduced once, so the result does not depend on
 * the thread count.  Constant time in the entries of A. */
void zp_mm_fold_rows(zp_fe2 *out, const zp_fe *A, size_t m, size_t n,
                     const zp_fe2 *eq);

/* Column fold: out[k] = sum_{j < p} B[k*p + j] * eq[j] for k < n, i.e. the
 * partial evaluation B~(r, .) of the row-major n x p matrix B at the column
 * point r (eq table eq[p]).  Same exactness and timing as zp_mm_fold_rows. */
void zp_mm_fold_cols(zp_fe2 *out, const zp_fe *B, size_t n, size_t p,
                     const zp_fe2 *eq);

/* out[i] = 1 / (beta - a[i]) for i < n, for beta outside F_p (beta.c1 != 0,
 * so that no denominator vanishes).  Uses the base-field norm
 * N(beta - a) = (beta.c0 - a)^2 - 7 beta.c1^2 and one batch inversion of the
 * norms; scratch holds 2n base elements.  Constant time in a. */
void zp_logup_inv_shift(zp_fe2 *out, const zp_fe *a, size_t n, zp_fe2 beta,
                        zp_fe *scratch);

/* Returns: 1 if t[j] = t[0] + j for all j < T (a contiguous table such as
 * [0, 2^16)), else 0.  Public data only. */
int zp_logup_table_is_contiguous(const zp_fe *t, size_t T);

/* ---- shared helpers of matmul.c / eltwise.c / logup.c / range.c ---- */
#include "zkprov/piop.h"

/* eq(a, b) = prod_i (a_i b_i + (1 - a_i)(1 - b_i)) over n coordinates. */
zp_fe2 zp_piop_eq_eval(const zp_fe2 *a, const zp_fe2 *b, unsigned n);
/* out[2^n] = eq(z, .) (n may be 0: out[0] = 1). */
void zp_piop_eq_table(zp_fe2 *out, const zp_fe2 *z, unsigned n);
/* The multilinear extension of the periodic table R(x) = mask[x mod len]
 * (len a power of two) at z: it reads only z[0 .. log2 len). */
zp_fe2 zp_piop_periodic_eval(const zp_fe *mask, size_t len, const zp_fe2 *z);
/* Returns: the log2 of a power of two v, or -1 if v is not one. */
int zp_piop_log2(size_t v);
/* Turns the value y of a masked table zero-padded from 2^k to 2^n entries,
 * (1 - r_b) c X~(z) + r_b R~(z) with c = prod_{i >= k} (1 - s_i), into the
 * claim (1 - r_b') X~(z) + r_b' R~(z) on X itself: kappa = (1 - r_b) c +
 * r_b, r_b' = r_b / kappa, value = y / kappa.  Returns ZP_OK, or
 * ZP_ERR_VERIFY when kappa = 0 (probability <= 1/p^2 over s). */
zp_err zp_piop_unpad(zp_piop_claim *cl, zp_fe2 y, zp_fe2 r_b, zp_fe2 c);
/* c = prod_{k <= i < n} (1 - s_i). */
zp_fe2 zp_piop_pad_factor(const zp_fe2 *s, unsigned k, unsigned n);
/* Runs the plain or ZK sumcheck prover and fills sc (point, result). */
zp_err zp_piop_sc_prove(zp_transcript *tr, zp_bytes *proof, zp_piop_sc_info *sc,
                        zp_fe2 *evals, const zp_sc_instance *inst,
                        zp_fe2 claim, const zp_fe *g0, const zp_fe *g1);
/* Runs the plain or ZK sumcheck verifier; the reduced claim lands in
 * sc->res.final_claim.  Returns ZP_OK, ZP_ERR_PARSE, ZP_ERR_ARG. */
zp_err zp_piop_sc_verify(zp_transcript *tr, zp_reader *proof, zp_piop_sc_info *sc,
                         unsigned n_vars, unsigned degree, zp_fe2 claim, int zk);
/* Checks the reduced claim against the terms on the claimed (masked)
 * evaluations evals[n_tables].  Returns ZP_OK or ZP_ERR_VERIFY. */
zp_err zp_piop_sc_check(const zp_piop_sc_info *sc, const zp_sc_term *terms,
                        size_t n_terms, const zp_fe2 *evals, size_t n_tables);


/* ---- LogUp core (logup.c), shared with range.c ----
 * Sources S_0 .. S_{n_src-1}: base columns of 2^log_n values, either the
 * caller's (claims returned) or internal (committed in phase 1 with m).
 * Looked-up columns: a_c = scale_c * S_{src_c}.  decomp (range checks):
 * additionally S_0 = sum_l 2^(16 l) S_{1+l}, l < n_src - 1. */
#define ZP_LU_MAX_SRC 4
typedef struct {
    unsigned log_n, log_t;
    int zk;
    size_t n_src;
    zp_piop_tensor src[ZP_LU_MAX_SRC];
    int internal[ZP_LU_MAX_SRC];
    size_t n_cols;
    unsigned col_src[ZP_LOGUP_MAX_COLS];
    zp_fe col_scale[ZP_LOGUP_MAX_COLS];
    int decomp;
    const zp_fe *table;
} zp_lu_inst;

/* Prover of the core.  m_override (tests of cheating provers): use these
 * multiplicities instead of counting (NULL: count, and fail on a value not
 * in the table).  out_claims[n_src]: claims on the external sources (the
 * entries of internal ones are zeroed). */
zp_err zp_lu_prove(zp_transcript *tr, zp_bytes *proof, zp_piop_claim *out_claims,
                   const zp_lu_inst *in, const zp_fe *m_override, zp_rng *rng);
zp_err zp_lu_verify(zp_transcript *tr, zp_reader *proof, zp_piop_claim *out_claims,
                    const zp_lu_inst *in);

/* Range prover with given limbs (limbs[l * 2^log_n + i]); NULL: decompose
 * v, failing on a value >= 2^k.  Given limbs and m_override (NULL: count)
 * serve the tests of cheating provers. */
zp_err zp_range_prove_limbs(zp_transcript *tr, zp_bytes *proof, zp_piop_claim *out,
                            const zp_piop_tensor *v, unsigned log_n, unsigned k_bits,
                            int zk, zp_rng *rng, const zp_fe *limbs,
                            const zp_fe *m_override);

#endif
