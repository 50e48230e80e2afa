/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Internal interface of the commitment layer: shapes, parameters, sampling
 * and Reed-Solomon helpers shared by params.c, rs.c and tensor_pcs.c. */
#ifndef ZP_PCS_INTERNAL_H
#define ZP_PCS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "zkprov/pcs.h"

/* The code is evaluated on the coset ZP_PCS_SHIFT * <w_N>. */
#define ZP_PCS_SHIFT ZP_FIELD_GENERATOR
/* Words of salt in front of each column record (32 bytes). */
#define ZP_PCS_SALT_WORDS 4
/* rng stream domains ("PCS" 1..3); bit 31 set: redraws of rejected words. */
#define ZP_PCS_D_PAD 0x50435301u
#define ZP_PCS_D_MASK 0x50435302u
#define ZP_PCS_D_SALT 0x50435303u
/* Largest data row count params_check accepts (column record size). */
#define ZP_PCS_MAX_LOG_ROWS 24
/* Largest proof (with max_claims claims) params_check accepts: 1 GiB. */
#define ZP_PCS_MAX_PROOF_BYTES ((size_t)1 << 30)

/* Everything derived from zp_pcs_params. */
typedef struct {
    size_t k;          /* 2^log_cols: data coefficients per row           */
    size_t t;          /* column queries of one opening (= n_queries)     */
    size_t n_open;     /* openings O (max_openings, 0 read as 1)          */
    size_t h;          /* hiding coefficients per data row: O * t         */
    size_t L;          /* message length k + h                            */
    unsigned log_n;    /* code length N = 2^log_n                          */
    size_t n;          /* N                                                */
    size_t rows_full;  /* 2^log_rows: rows of the committed polynomial     */
    size_t rows_data;  /* data rows committed: rows_used, or rows_full    */
    size_t row_claim;  /* first claim mask row of group 0 (= rows_data)   */
    size_t row_prox;   /* first proximity mask row of group 0              */
    size_t rows_np;    /* gamma weights per test: data + one group's claim
                        * masks (the rows before row_prox)                 */
    size_t group;      /* rows per mask group: 2 max_claims + 2 n_prox;
                        * group g starts at rows_data + g * group           */
    size_t rows;       /* all committed rows: rows_data + O * group        */
    size_t stride;     /* words per column record: salt + rows             */
    size_t path_max;   /* Merkle digests sent (fixed, padded with zeros)   */
} zp_pcs_shape;

/* First claim mask row and first proximity mask row of mask group g. */
static inline size_t zp_pcs_claim_row(const zp_pcs_shape *s, size_t g) {
    return s->rows_data + g * s->group;
}
static inline size_t zp_pcs_prox_row(const zp_pcs_shape *s, size_t g) {
    return zp_pcs_claim_row(s, g) + (s->row_prox - s->row_claim);
}

/** Fills s from p.  Returns ZP_OK or ZP_ERR_ARG (same rules as
 *  zp_pcs_params_check). */
zp_err zp_pcs_shape_of(zp_pcs_shape *s, const zp_pcs_params *p);

/** log2 of the code soundness error of p (negative), docs/spec/pcs.md. */
double zp_pcs_code_error_log2(const zp_pcs_shape *s, unsigned n_prox, unsigned q);

/** Largest number of digests of a batched Merkle path for q distinct
 *  leaves of a complete tree of 2^log_n leaves. */
size_t zp_pcs_path_max(unsigned log_n, size_t q);

/** Fills out[n] with uniform field elements from the stream
 *  (domain, index) of rng (rejection sampling; rejected words are redrawn
 *  from the stream (domain | 2^31, index * 2^32 + position)).  index and
 *  n must be below 2^32. */
void zp_pcs_sample(zp_fe *out, size_t n, const zp_rng *rng, uint32_t domain,
                   uint64_t index);
/* Words of the redraw stream of one rejected word. */
#define ZP_PCS_REDRAW_WORDS 32
/** The replacement of a rejected word: the first of the
 *  ZP_PCS_REDRAW_WORDS little-endian words of more[] that is below p, or
 *  the first word reduced mod p if none is.  Constant time (masked
 *  selects, no branch on the words). */
zp_fe zp_pcs_redraw_pick(const uint8_t more[ZP_PCS_REDRAW_WORDS * 8]);

/** out[i] = U(ZP_PCS_SHIFT * w^idx[i]) for U = u[0..L) (coefficients over
 *  F_p2), w the primitive 2^log_n-th root; Horner or a coset NTT,
 *  whichever costs less.  Returns ZP_OK, ZP_ERR_ARG, ZP_ERR_NOMEM. */
zp_err zp_rs_eval_at(zp_fe2 *out, const zp_fe2 *u, size_t L, unsigned log_n,
                     const size_t *idx, size_t q);
/** The same by Horner's rule only (the reference). */
void zp_rs_eval_at_horner(zp_fe2 *out, const zp_fe2 *u, size_t L, unsigned log_n,
                          const size_t *idx, size_t q);

/** out[m][0..L) = sum_r w[m][r] * c[r][0..L) for m < n_out, r < n_rows
 *  (w row stride w_stride, c row stride L).  Parallel over column blocks;
 *  the result does not depend on the thread count. */
void zp_pcs_rowcomb(zp_fe2 *out, size_t n_out, const zp_fe2 *w, size_t w_stride,
                    const zp_fe *c, size_t n_rows, size_t L);

/* Paths of zp_pcs_rowcomb, all with the same result (tests/unit/test_pcs.c
 * compares them).  zp_pcs_rowcomb picks the lazy one where AVX-512 IFMA is
 * present, the axpy one on other AVX-512 CPUs, the lazy one otherwise. */
enum { ZP_RC_PATH_AUTO = 0, ZP_RC_PATH_AXPY = 1, ZP_RC_PATH_LAZY = 2 };
/** zp_pcs_rowcomb by the given path.  ZP_RC_PATH_LAZY runs the IFMA kernel
 *  if use_ifma and the CPU has it, else the portable lazy loop (192-bit
 *  sums, src/field/acc192.h). */
void zp_pcs_rowcomb_path(zp_fe2 *out, size_t n_out, const zp_fe2 *w, size_t w_stride,
                         const zp_fe *c, size_t n_rows, size_t L, int path, int use_ifma);
/** 1 if zp_pcs_rowcomb_path(..., ZP_RC_PATH_LAZY, 1) runs the IFMA kernel. */
int zp_pcs_rowcomb_has_ifma(void);

/* Columns per block and rows per accumulation round of the lazy path. */
#define ZP_RC_LAZY_BLOCK 128
#define ZP_RC_LAZY_ROWS 1024
/* The IFMA kernel (src/pcs/rowcomb_avx512.c): the sums of rows r0..r1 of
 * the column block [j0, j0 + len) (len <= ZP_RC_LAZY_BLOCK) with each
 * weight limb k, into the three 52-bit-split accumulators
 * acc[(3 k + i) ZP_RC_LAZY_BLOCK + j] (overwritten); wy[2 (nk (r - r0) +
 * k) + i]: limb k of row r split at bit 52; rows with nzr[r - r0] = 0
 * (all limbs zero) are skipped. */
void zp_pcs_rowcomb_lazy_ifma(uint64_t *acc, const uint64_t *wy, const uint32_t *nzr,
                              size_t nk, const zp_fe *c, size_t r0, size_t r1, size_t L,
                              size_t j0, size_t len);

/** zp_pcs_commit with the largest encoded matrix (bytes) the prover keeps
 *  for the opening set to keep_max (zp_pcs_commit: 1 GiB); a larger one is
 *  never stored and the opening encodes the rows again.  Roots, proofs
 *  and the prover's behaviour are the same for every keep_max. */
zp_err zp_pcs_commit_keep(zp_pcs_prover **out, zp_digest *root, const zp_pcs_params *p,
                          const zp_fe *evals, const zp_rng *rng, size_t keep_max);

#endif
