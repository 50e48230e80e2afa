/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Interactive-oracle protocols: sumcheck (plain and zero-knowledge), the
 * witness layout and claim batching; then matrix products, LogUp, ranges. */
#ifndef ZKPROV_PIOP_H
#define ZKPROV_PIOP_H

#include "common.h"
#include "field.h"
#include "hash.h"
#include "pcs.h"

#ifdef __cplusplus
extern "C" {
#endif

/* =====================================================================
 * Sumcheck (docs/spec/sumcheck.md)
 *
 * Proves  H = sum_{x in {0,1}^n} sum_t c_t prod_{j in term t} T_j(x)
 * for multilinear tables T_j given by their 2^n evaluations.  Variables are
 * bound low index bit first: round i binds bit i of the table index, so
 * after the protocol point[i] is the coordinate of variable i (the same
 * convention as zp_eq_table / zp_mle_eval).  Each round polynomial s_i of
 * degree D is sent as D values s_i(0), s_i(2), ..., s_i(D); the verifier
 * derives s_i(1) = claim - s_i(0).  Challenges come from the transcript,
 * which first absorbs n_vars, the degree and the claim H.
 * ===================================================================== */

#define ZP_SC_MAX_VARS 30
#define ZP_SC_MAX_FACTORS 8   /* factors per term: degree <= 8     */
#define ZP_SC_MAX_TERMS 32
#define ZP_SC_MAX_TABLES 64
ZP_API size_t zp_sc_max_factors(void);
ZP_API size_t zp_sc_max_terms(void);
ZP_API size_t zp_sc_max_tables(void);

/* One multilinear table: exactly one of base / ext is non-NULL and holds
 * 2^n_vars values (base: canonical zp_fe, the fast path; ext: zp_fe2).
 *
 * Zero-knowledge sumcheck only: a table may carry a mask companion R
 * (mask_base or mask_ext, mask_len values, mask_len a power of two with
 * 1 <= mask_len <= 2^n_vars), broadcast periodically: R(x) = mask[x mod
 * mask_len], so R's multilinear extension depends only on the low
 * log2(mask_len) variables; a base mask needs mask_len >= 2 (one value in
 * F_p would leave an F-linear functional of T(r) unmasked).  The ZK
 * sumcheck runs over the masked table T^(b, x) = (1 - b) T(x) + b R(x)
 * (docs/spec/sumcheck.md).  Tables with no mask (both NULL) are public and
 * constant in b.  The plain sumcheck
 * ignores masks.  Tables may alias each other. */
typedef struct {
    const zp_fe *base;
    const zp_fe2 *ext;
    const zp_fe *mask_base;
    const zp_fe2 *mask_ext;
    size_t mask_len;
} zp_sc_table;

/* One term c * prod_k T_{factors[k]}: n_factors in 1..ZP_SC_MAX_FACTORS,
 * factors[] index the instance's table array (repeats allowed: T^2). */
typedef struct {
    zp_fe2 coeff;
    unsigned n_factors;
    uint32_t factors[ZP_SC_MAX_FACTORS];
} zp_sc_term;

typedef struct {
    unsigned n_vars;             /* 1 .. ZP_SC_MAX_VARS */
    size_t n_tables;             /* 1 .. ZP_SC_MAX_TABLES */
    const zp_sc_table *tables;
    size_t n_terms;              /* 1 .. ZP_SC_MAX_TERMS */
    const zp_sc_term *terms;
} zp_sc_instance;

/** Returns: the degree of inst (max n_factors over its terms), 0 if none. */
ZP_API unsigned zp_sc_degree(const zp_sc_instance *inst);

/** Returns: ZP_OK if inst is well formed (sizes in range, each table with
 *  exactly one of base/ext, factor indices < n_tables, mask_len a power of
 *  two <= 2^n_vars when a mask is given), else ZP_ERR_ARG. */
ZP_API zp_err zp_sc_instance_check(const zp_sc_instance *inst) ZP_WARN_UNUSED;

/** Returns: sum_t c_t prod_k evals[factors[k]] (the verifier's final check
 *  value, given the claimed table evaluations evals[n_tables]). */
ZP_API zp_fe2 zp_sc_terms_eval(const zp_sc_term *terms, size_t n_terms,
                               const zp_fe2 *evals, size_t n_tables);

/** Returns: the claim H = sum_x sum_t c_t prod T_j(x) (prover helper,
 *  multi-threaded, deterministic).  Requires a well-formed inst. */
ZP_API zp_fe2 zp_sc_instance_sum(const zp_sc_instance *inst);

/** Size in bytes of the scratch the provers need for inst (the same for
 *  plain and ZK).  0 means inst is malformed. */
ZP_API size_t zp_sumcheck_scratch_size(const zp_sc_instance *inst);

/** Proof bytes of a plain sumcheck: n_vars * degree * 16. */
ZP_API size_t zp_sumcheck_proof_bytes(unsigned n_vars, unsigned degree);

/** Plain (not zero-knowledge) prover.  Writes n_vars * degree extension
 *  elements to proof through tr.  Out: point[n_vars] (the random point r),
 *  evals[n_tables] (T_j(r), for the caller to send or open).  In: inst,
 *  claim (the true sum H; absorbed first).  scratch: at least
 *  zp_sumcheck_scratch_size(inst) bytes, or NULL to allocate internally.
 *  OpenMP; the proof is byte-identical for any thread count.  Returns ZP_OK,
 *  ZP_ERR_ARG, ZP_ERR_NOMEM.  On failure point/evals are zeroed. */
ZP_API zp_err zp_sumcheck_prove(zp_transcript *tr, zp_bytes *proof,
                                zp_fe2 *point, zp_fe2 *evals,
                                const zp_sc_instance *inst, zp_fe2 claim,
                                void *scratch, size_t scratch_len) ZP_WARN_UNUSED;

/** Plain verifier.  Reads n_vars round polynomials of the given degree
 *  (1..ZP_SC_MAX_FACTORS).  Out: point[n_vars], *final_claim: the value the
 *  caller must check equals sum_t c_t prod T_j(point) (for instance with
 *  zp_sc_terms_eval on evaluations it obtains or verifies otherwise).
 *  Returns ZP_OK, ZP_ERR_PARSE (truncated / non-canonical), ZP_ERR_ARG. */
ZP_API zp_err zp_sumcheck_verify(zp_transcript *tr, zp_reader *proof,
                                 zp_fe2 *point, zp_fe2 *final_claim,
                                 unsigned n_vars, unsigned degree,
                                 zp_fe2 claim) ZP_WARN_UNUSED;

/* ---------------------------------------------------------------------
 * Zero-knowledge sumcheck (Libra, ePrint 2019/317, section 4; Virgo,
 * ePrint 2019/1482; Chiesa-Forbes-Spooner, ePrint 2017/305).
 *
 * Variables: b (bound first, degree D+1 round), then x_0 .. x_{n-1}
 * (degree D rounds), D = zp_sc_degree(inst).  Statement:
 *     H = sum_{b, x} (1 - b) sum_t c_t prod T^_j(b, x)
 * which equals the plain sum over x since b = 1 contributes nothing.
 *
 * Mask polynomial g(b, x) = a_0 + g_b(b) + sum_i g_i(x_i), deg g_b = D+1,
 * deg g_i = D, with coefficients in F_p2 given as two base-field rows
 * g = g0 + u g1 (u = the extension generator, u^2 = 7), each row of
 * zp_sc_zk_mask_len(n, D) base elements, layout
 *     [a_0 | g_b,0 .. g_b,D+1 | g_0,0 .. g_0,D | ... | g_{n-1},0 .. g_{n-1},D]
 * followed by zero padding.  The caller samples g (zp_sc_zk_mask_sample)
 * and COMMITS to both rows before calling the prover (for instance as a
 * 2-row tensor in the witness layout, or with zp_sc_zk_mask_commit).  The
 * prover sends G = sum g, derives rho, runs the sumcheck on F + rho g, and
 * at the end sends y_g = g(r).  The caller must then prove y_g with the
 * PCS: y_g = a^T [g0; g1] b with a = (1, u) and b from
 * zp_sc_zk_mask_functional.
 *
 * Proof: G, the b round (D+1 values), n rounds of D values, y_g:
 *     zp_sumcheck_zk_proof_bytes(n, D) bytes.
 * ------------------------------------------------------------------- */

/** Number of base-field coefficients in one row of g: 1 + (D+2) + n (D+1). */
ZP_API size_t zp_sc_zk_mask_len(unsigned n_vars, unsigned degree);
/** Row width used to commit g: the next power of two >= zp_sc_zk_mask_len. */
ZP_API size_t zp_sc_zk_mask_width(unsigned n_vars, unsigned degree);
ZP_API size_t zp_sumcheck_zk_proof_bytes(unsigned n_vars, unsigned degree);

/** Fills g0[width], g1[width] (width = zp_sc_zk_mask_width) with uniform
 *  coefficients from rng (first len entries) and zeros (padding). */
ZP_API void zp_sc_zk_mask_sample(zp_fe *g0, zp_fe *g1, unsigned n_vars,
                                 unsigned degree, zp_rng *rng);

/** Column-coefficient vector of the opening of g at the ZK point (r_b,
 *  r[0..n)): b_out[width] = (1, 1, r_b, .., r_b^(D+1), 1, r_0, .., r_0^D,
 *  ..., 0 padding), so that g(r_b, r) = (1, u) [g0; g1] b_out. */
ZP_API void zp_sc_zk_mask_functional(zp_fe2 *b_out, unsigned n_vars,
                                     unsigned degree, zp_fe2 r_b,
                                     const zp_fe2 *point);

/** Evaluates g = g0 + u g1 at (r_b, point) directly (tests, provers). */
ZP_API zp_fe2 zp_sc_zk_mask_eval(const zp_fe *g0, const zp_fe *g1,
                                 unsigned n_vars, unsigned degree, zp_fe2 r_b,
                                 const zp_fe2 *point);

/** Stand-alone commitment to g as a 2 x width matrix (rows g0, g1) with the
 *  PCS, when g is not placed in a larger witness layout.  Out: *params
 *  (rate 1/2, 128-bit code soundness, log_cols = log2 width), *root, *out.
 *  rng must serve this commitment only (zp_rng_derive a child).  Absorbs
 *  nothing: the caller sends *root through the transcript.  Returns ZP_OK,
 *  ZP_ERR_ARG, ZP_ERR_NOMEM. */
ZP_API zp_err zp_sc_zk_mask_commit(zp_pcs_prover **out, zp_digest *root,
                                   zp_pcs_params *params, const zp_fe *g0,
                                   const zp_fe *g1, unsigned n_vars,
                                   unsigned degree, const zp_rng *rng) ZP_WARN_UNUSED;

/* Result of a ZK sumcheck, prover or verifier side. */
typedef struct {
    zp_fe2 r_b;            /* challenge of the masking variable b        */
    zp_fe2 rho;            /* weight of the mask polynomial g            */
    zp_fe2 g_eval;         /* y_g = g(r_b, point), sent in the proof      */
    zp_fe2 final_claim;    /* verifier: the reduced claim on F (below)   */
} zp_sc_zk_result;

/** ZK prover.  In: inst (masked witness tables carry mask companions),
 *  claim H (absorbed first), g0/g1 (committed mask rows, width entries).
 *  Out: res, point[n_vars] (the x challenges), evals[n_tables] = T^_j(r_b,
 *  point) = (1 - r_b) T_j(point) + r_b R_j(point) for masked tables and
 *  T_j(point) for public ones.  scratch as for zp_sumcheck_prove.
 *  Returns ZP_OK, ZP_ERR_ARG, ZP_ERR_NOMEM. */
ZP_API zp_err zp_sumcheck_zk_prove(zp_transcript *tr, zp_bytes *proof,
                                   zp_sc_zk_result *res, zp_fe2 *point,
                                   zp_fe2 *evals, const zp_sc_instance *inst,
                                   zp_fe2 claim, const zp_fe *g0,
                                   const zp_fe *g1, void *scratch,
                                   size_t scratch_len) ZP_WARN_UNUSED;

/** ZK verifier.  Out: res (r_b, rho, g_eval as sent, final_claim), point.
 *  The caller then (1) checks zp_sumcheck_zk_check_final on the claimed
 *  masked evaluations, (2) proves res->g_eval with the PCS (functional of
 *  zp_sc_zk_mask_functional) and each masked evaluation with the layout.
 *  Returns ZP_OK, ZP_ERR_PARSE, ZP_ERR_ARG. */
ZP_API zp_err zp_sumcheck_zk_verify(zp_transcript *tr, zp_reader *proof,
                                    zp_sc_zk_result *res, zp_fe2 *point,
                                    unsigned n_vars, unsigned degree,
                                    zp_fe2 claim) ZP_WARN_UNUSED;

/** Returns: ZP_OK if res->final_claim == (1 - r_b) * sum_t c_t prod
 *  evals[factors], else ZP_ERR_VERIFY. */
ZP_API zp_err zp_sumcheck_zk_check_final(const zp_sc_zk_result *res,
                                         const zp_sc_term *terms, size_t n_terms,
                                         const zp_fe2 *evals,
                                         size_t n_tables) ZP_WARN_UNUSED;

/* =====================================================================
 * Witness layout (DESIGN "Witness layout", docs/spec/sumcheck.md)
 *
 * Places many tensors, each with an optional mask companion, at power-of-
 * two aligned offsets inside ONE committed polynomial of 2^n_vars values,
 * read by the PCS as a 2^log_rows x 2^log_cols row-major matrix, and turns
 * "T (or T^) at point z" into a PCS claim a^T M b.
 *
 * Tensor of 2^m values at offset o (aligned to 2^m), local index x:
 *   m >= log_cols: column = low log_cols bits of x, row = o/C + high bits;
 *   m <  log_cols: column = (o mod C) + x, row = o/C.
 * Its mask R (when mask_rows > 0) holds 2^k values with
 *   k = min(m, log_cols + log2(mask_rows)) if m >= log_cols, else k = m,
 * placed so that it has the same column layout as T; R(x) = R[x mod 2^k]
 * (the broadcast rule of zp_sc_table).  The masked value at (r_b, z) is
 * (1 - r_b) T(z) + r_b R(z): ONE claim with the same b = column vector.
 * ===================================================================== */

typedef struct zp_layout zp_layout;

/** Creates an empty layout for a matrix with 2^log_cols columns
 *  (1 <= log_cols <= ZP_PCS_MAX_VARS).  Returns ZP_OK, ZP_ERR_ARG,
 *  ZP_ERR_NOMEM. */
ZP_API zp_err zp_layout_create(zp_layout **out, unsigned log_cols) ZP_WARN_UNUSED;
ZP_API void zp_layout_free(zp_layout *L);

/** Adds a tensor of 2^log_size values (log_size <= ZP_PCS_MAX_VARS) and,
 *  if mask_rows > 0 (a power of two), a mask companion (see above); a
 *  masked tensor needs log_size >= 1 (a one-value mask would not hide it).
 *  *id receives its handle (0, 1, 2, ... in order of addition).  Returns
 *  ZP_OK, ZP_ERR_ARG (after finalize, bad sizes), ZP_ERR_NOMEM. */
ZP_API zp_err zp_layout_add(zp_layout *L, size_t *id, unsigned log_size,
                            unsigned mask_rows) ZP_WARN_UNUSED;

/** Fixes the offsets (largest first, so every offset is aligned) and the
 *  total size.  Out: *n_vars of the committed polynomial (>= log_cols).
 *  Returns ZP_OK, ZP_ERR_ARG (empty, or too large). */
ZP_API zp_err zp_layout_finalize(zp_layout *L, unsigned *n_vars) ZP_WARN_UNUSED;

ZP_API unsigned zp_layout_n_vars(const zp_layout *L);
ZP_API unsigned zp_layout_log_cols(const zp_layout *L);
/** Offsets and sizes (after finalize): tensor id and its mask (mask
 *  offset/size 0 when it has none).  Returns ZP_OK or ZP_ERR_ARG. */
ZP_API zp_err zp_layout_tensor_info(const zp_layout *L, size_t id,
                                    uint64_t *offset, unsigned *log_size,
                                    uint64_t *mask_offset,
                                    unsigned *mask_log_size) ZP_WARN_UNUSED;
/** Values of the finalized layout that an entry covers: every tensor and
 *  mask lies in [0, used); the rest of the 2^n_vars values is zero.
 *  Returns 0 if L is NULL or not finalized. */
ZP_API uint64_t zp_layout_used(const zp_layout *L);
/** Sets p->rows_used to the rows that hold [0, zp_layout_used) (0, all
 *  rows, when that is every row), so that the commitment skips the
 *  layout's zero tail (zp_pcs_params.rows_used).  p must be the layout's
 *  parameters (n_vars and log_cols equal).  Returns ZP_OK or ZP_ERR_ARG. */
ZP_API zp_err zp_layout_pcs_elide(const zp_layout *L, zp_pcs_params *p) ZP_WARN_UNUSED;
/** PCS parameters for the layout's polynomial: zp_pcs_params_default for
 *  its n_vars, with log_cols forced to the layout's and n_queries (then
 *  n_prox) raised until zp_pcs_params_security >= security_bits.  Returns
 *  ZP_OK or ZP_ERR_ARG (not finalized, or no parameters reach the level). */
ZP_API zp_err zp_layout_pcs_params(const zp_layout *L, zp_pcs_params *p,
                                   unsigned log_inv_rate,
                                   unsigned security_bits) ZP_WARN_UNUSED;
/** Pointer to the mask of tensor id inside evals (NULL if none), for use
 *  as zp_sc_table.mask_base; *mask_len receives its length. */
ZP_API const zp_fe *zp_layout_mask_ptr(const zp_layout *L, const zp_fe *evals,
                                       size_t id, size_t *mask_len);

/** Copies data[n] (n <= 2^log_size, rest zero) to tensor id's place in
 *  evals[2^n_vars].  Returns ZP_OK or ZP_ERR_ARG. */
ZP_API zp_err zp_layout_put(const zp_layout *L, zp_fe *evals, size_t id,
                            const zp_fe *data, size_t n) ZP_WARN_UNUSED;
/** Fills every mask region of evals with uniform values from rng's
 *  position-addressed streams (thread-count independent).  Returns ZP_OK
 *  or ZP_ERR_ARG. */
ZP_API zp_err zp_layout_fill_masks(const zp_layout *L, zp_fe *evals,
                                   const zp_rng *rng) ZP_WARN_UNUSED;

/** The PCS functional of "tensor id at point z[log_size]", masked with r_b
 *  (masked = 1: value (1 - r_b) T(z) + r_b R(z)) or plain (masked = 0,
 *  r_b ignored; a plain opening reveals T(z), so use it only on public or
 *  already-masked data).  Out: a[2^log_rows], b[2^log_cols] (the vectors
 *  for zp_pcs_open / zp_pcs_verify).  Returns ZP_OK or ZP_ERR_ARG. */
ZP_API zp_err zp_layout_functional(const zp_layout *L, zp_fe2 *a, zp_fe2 *b,
                                   size_t id, const zp_fe2 *z, int masked,
                                   zp_fe2 r_b) ZP_WARN_UNUSED;

/* =====================================================================
 * Claim batching (docs/spec/sumcheck.md, "Claims")
 *
 * Collects PCS claims y = a^T M b on one commitment.  Finishing merges the
 * claims that share the same column vector b (bit-identical) into one with
 * powers of a transcript challenge lambda: a = sum lambda^i a_i,
 * y = sum lambda^i y_i.  Claims with different b stay separate PCS claims
 * (the PCS carries up to max_claims of them).  Prover and verifier run the
 * same code on the same claims, so they derive the same merged claims.
 * ===================================================================== */

typedef struct zp_claims zp_claims;

/** Creates a claim set for a matrix of 2^log_rows x 2^log_cols. */
ZP_API zp_err zp_claims_create(zp_claims **out, unsigned log_rows,
                               unsigned log_cols) ZP_WARN_UNUSED;
ZP_API void zp_claims_free(zp_claims *c);
/** Adds the claim y = a^T M b (a, b copied).  Returns ZP_OK, ZP_ERR_ARG
 *  (after finish), ZP_ERR_NOMEM. */
ZP_API zp_err zp_claims_add(zp_claims *c, const zp_fe2 *a, const zp_fe2 *b,
                            zp_fe2 y) ZP_WARN_UNUSED;
/** Number of claims added so far. */
ZP_API size_t zp_claims_count(const zp_claims *c);
/** Absorbs every claim value, draws lambda, merges claims with equal b.
 *  Out: *n_out merged claims; arrays owned by c, valid until
 *  zp_claims_free, in a canonical order (first appearance of each b) ready
 *  for zp_pcs_open / zp_pcs_verify.  Returns ZP_OK, ZP_ERR_ARG (twice),
 *  ZP_ERR_NOMEM. */
ZP_API zp_err zp_claims_finish(zp_claims *c, zp_transcript *tr, size_t *n_out,
                               const zp_fe2 *const **a_out,
                               const zp_fe2 *const **b_out,
                               const zp_fe2 **y_out) ZP_WARN_UNUSED;

/* ---- matrix products, element-wise products, lookups, range checks (src/piop/matmul.c, logup.c, range.c) ---- */
/* Specifications: docs/spec/matmul.md, docs/spec/logup.md.
 *
 * Matrices are row-major with power-of-two dimensions; the multilinear
 * extension of an m x n matrix A has variable 0 = the low bit of the index
 * i*n + k, so A~(z) takes z = (column coordinates, then row coordinates).
 *
 * Zero knowledge: a protocol runs in ZK mode when the caller gives mask
 * rows g0/g1 of the ZK sumcheck (zp_sc_zk_mask_sample; committed by the
 * caller beforehand) or zk = 1; every witness tensor then carries its mask
 * companion (zp_layout_mask_ptr), and the claims left for the caller are
 * masked values, never plain evaluations of the witness. */

/* A witness tensor of 2^log_size base-field values and, in ZK mode, its
 * mask companion R with R(x) = mask[x mod mask_len] (mask_len a power of
 * two <= 2^log_size; the broadcast rule of zp_sc_table and zp_layout). */
typedef struct {
    const zp_fe *vals;
    const zp_fe *mask;
    size_t mask_len;
} zp_piop_tensor;

/* A claim left for the caller to prove on one of its committed tensors X:
 *   value = (1 - r_b) X~(point) + r_b R~(point)   (ZK mode)
 *   value = X~(point), r_b = 0                     (plain mode)
 * zp_layout_functional(L, a, b, id, point, zk, r_b) gives the functional
 * to hand to the claim batcher / PCS. */
typedef struct {
    unsigned n_vars;
    zp_fe2 point[ZP_SC_MAX_VARS];
    zp_fe2 r_b;
    zp_fe2 value;
} zp_piop_claim;

/* Where the ZK sumcheck of a protocol ended: in ZK mode the caller must
 * prove res.g_eval = (1, u) [g0; g1] b with b from zp_sc_zk_mask_functional(
 * b, n_vars, degree, res.r_b, point) on its commitment to g0/g1. */
typedef struct {
    int zk;
    unsigned n_vars, degree;
    zp_sc_zk_result res;
    zp_fe2 point[ZP_SC_MAX_VARS];
} zp_piop_sc_info;

/* ---- matrix product C = A B (Thaler, ePrint 2013/351) ----
 * A: 2^log_m x 2^log_n, B: 2^log_n x 2^log_p, log_m + log_n and
 * log_n + log_p <= ZP_SC_MAX_VARS.  Statement: claim = C~(r_j, r_i) =
 * sum_k A~(k, r_i) B~(r_j, k) (r_i: log_m row coordinates of C, r_j: log_p
 * column coordinates).  One sumcheck of degree 2 over max(log_n, 1)
 * variables reduces it to a claim on A at (s, r_i) and on B at (r_j, s). */
typedef struct {
    zp_piop_claim a, b;
    zp_piop_sc_info sc;
} zp_matmul_claims;

/** Returns: the number of sumcheck variables of a matmul with inner
 *  dimension 2^log_n: max(log_n, 1); its degree is 2. */
ZP_API unsigned zp_matmul_sc_vars(unsigned log_n);
/** Returns: the proof bytes of zp_matmul_prove (a function of log_n and
 *  zk only): the sumcheck plus two extension elements. */
ZP_API size_t zp_matmul_proof_bytes(unsigned log_n, int zk);

/** Plain product in the field: C[m*p] = A[m*n] B[n*p] (row-major,
 *  canonical entries, any sizes).  Multi-threaded, deterministic. */
ZP_API void zp_matmul_compute(zp_fe *C, const zp_fe *A, const zp_fe *B,
                              size_t m, size_t n, size_t p);

/** Prover.  In: A, B (masks used in ZK mode), the dimensions, r_i[log_m],
 *  r_j[log_p], claim (= C~(r_j, r_i), absorbed by the sumcheck), g0/g1
 *  (ZK sumcheck mask rows of width zp_sc_zk_mask_width(zp_matmul_sc_vars(
 *  log_n), 2), already committed; NULL for the plain protocol).  Out:
 *  proof (through tr), *out.  Cost O(2^(log_m+log_n) + 2^(log_n+log_p)).
 *  Returns ZP_OK, ZP_ERR_ARG, ZP_ERR_NOMEM; on failure *out is zeroed. */
ZP_API zp_err zp_matmul_prove(zp_transcript *tr, zp_bytes *proof,
                              zp_matmul_claims *out, const zp_piop_tensor *A,
                              const zp_piop_tensor *B, unsigned log_m,
                              unsigned log_n, unsigned log_p, const zp_fe2 *r_i,
                              const zp_fe2 *r_j, zp_fe2 claim, const zp_fe *g0,
                              const zp_fe *g1) ZP_WARN_UNUSED;
/** Verifier.  Out: *out, the claims the caller must still prove (on A, on
 *  B and, in ZK mode, on the sumcheck mask).  Returns ZP_OK, ZP_ERR_VERIFY,
 *  ZP_ERR_PARSE, ZP_ERR_ARG. */
ZP_API zp_err zp_matmul_verify(zp_transcript *tr, zp_reader *proof,
                               zp_matmul_claims *out, unsigned log_m,
                               unsigned log_n, unsigned log_p, const zp_fe2 *r_i,
                               const zp_fe2 *r_j, zp_fe2 claim,
                               int zk) ZP_WARN_UNUSED;

/* ---- element-wise (Hadamard) product C = A o B ----
 * Statement: claim = C~(r) = sum_x eq(r, x) A(x) B(x), A, B of 2^log_n
 * values (A and B may be the same tensor).  One degree-3 sumcheck over
 * max(log_n, 1) variables reduces it to claims on A and B at one point. */
typedef struct {
    zp_piop_claim a, b;
    zp_piop_sc_info sc;
} zp_hadamard_claims;

ZP_API unsigned zp_hadamard_sc_vars(unsigned log_n);
ZP_API size_t zp_hadamard_proof_bytes(unsigned log_n, int zk);
/** Prover; as zp_matmul_prove, with g0/g1 of width zp_sc_zk_mask_width(
 *  zp_hadamard_sc_vars(log_n), 3) or NULL. */
ZP_API zp_err zp_hadamard_prove(zp_transcript *tr, zp_bytes *proof,
                                zp_hadamard_claims *out, const zp_piop_tensor *A,
                                const zp_piop_tensor *B, unsigned log_n,
                                const zp_fe2 *r, zp_fe2 claim, const zp_fe *g0,
                                const zp_fe *g1) ZP_WARN_UNUSED;
ZP_API zp_err zp_hadamard_verify(zp_transcript *tr, zp_reader *proof,
                                 zp_hadamard_claims *out, unsigned log_n,
                                 const zp_fe2 *r, zp_fe2 claim,
                                 int zk) ZP_WARN_UNUSED;

/* ---- LogUp lookups (Haboeck, ePrint 2022/1530) ----
 * n_cols columns a_c of 2^log_n base values each (committed by the caller)
 * are looked up in a public table t of 2^log_t values.  The proof commits
 * (with the PCS, inside the proof) to the multiplicities m, then after the
 * challenge beta to the helper columns h_c = 1/(beta - a_c) (extension
 * values as two base components each), and proves sum_c sum h_c =
 * sum_j m_j/(beta - t_j) (the right side against the public 1/(beta - t))
 * together with the well-formedness zero-checks in one sumcheck; it opens
 * its own commitments and leaves one claim per caller column.  log_n,
 * log_t <= 24; n_cols * 2^log_n < p.  The verifier's cost includes O(2^log_t)
 * field operations (it absorbs the table and evaluates 1/(beta - t)).  ZK
 * mode needs log_n >= 1 and masks of mask_len >= 2 (as the sumcheck). */
#define ZP_LOGUP_MAX_COLS 4
ZP_API size_t zp_logup_max_cols(void);
typedef struct {
    size_t n_cols;
    zp_piop_claim col[ZP_LOGUP_MAX_COLS];
} zp_logup_claims;

/** Multiplicities: m[j] = number of (c, i) with a_c[i] = t[j] (a value
 *  listed twice in t is counted at its first position).  Variable time
 *  (branches and indexes on the data).  Returns ZP_OK, or ZP_ERR_ARG if
 *  some a_c[i] is not in t (m is zeroed). */
ZP_API zp_err zp_logup_counts_var(zp_fe *m, const zp_fe *const *cols,
                                  size_t n_cols, size_t n, const zp_fe *t,
                                  size_t T) ZP_WARN_UNUSED;

/** Prover.  In: cols[n_cols] (masks used when zk), table[2^log_t], zk,
 *  rng (masks, commitment randomness; deterministic for a seeded rng).
 *  Out: proof (through tr), *out.  Returns ZP_OK, ZP_ERR_ARG (a value not
 *  in the table, bad sizes), ZP_ERR_NOMEM, ZP_ERR_INTERNAL (beta in F_p,
 *  probability 2^-64).  On failure *out is zeroed. */
ZP_API zp_err zp_logup_prove(zp_transcript *tr, zp_bytes *proof,
                             zp_logup_claims *out, const zp_piop_tensor *cols,
                             size_t n_cols, unsigned log_n, const zp_fe *table,
                             unsigned log_t, int zk, zp_rng *rng) ZP_WARN_UNUSED;
/** Verifier.  Out: *out, one claim per caller column.  Returns ZP_OK,
 *  ZP_ERR_VERIFY, ZP_ERR_PARSE, ZP_ERR_ARG. */
ZP_API zp_err zp_logup_verify(zp_transcript *tr, zp_reader *proof,
                              zp_logup_claims *out, size_t n_cols,
                              unsigned log_n, const zp_fe *table,
                              unsigned log_t, int zk) ZP_WARN_UNUSED;

/* ---- range checks [0, 2^k_bits), 1 <= k_bits <= 32 ----
 * Each value v is split into 16-bit limbs l_0 .. l_{L-1} (L = ceil(k/16)),
 * committed inside the proof; v = sum_l 2^(16 l) l_l is a zero-check; every
 * limb is looked up in [0, 2^16), and the top limb, of b = k - 16 (L - 1)
 * bits, also as l_{L-1} * 2^(16 - b) when b < 16 (docs/spec/logup.md). */
#define ZP_RANGE_MAX_BITS 32
ZP_API size_t zp_range_max_bits(void);
/** Prover.  In: v (2^log_n values, mask in ZK mode), k_bits, zk, rng.
 *  Out: proof, *out (the claim on v).  Returns ZP_OK, ZP_ERR_ARG (a value
 *  >= 2^k_bits, bad sizes), ZP_ERR_NOMEM, ZP_ERR_INTERNAL. */
ZP_API zp_err zp_range_prove(zp_transcript *tr, zp_bytes *proof,
                             zp_piop_claim *out, const zp_piop_tensor *v,
                             unsigned log_n, unsigned k_bits, int zk,
                             zp_rng *rng) ZP_WARN_UNUSED;
/** Verifier.  Returns ZP_OK, ZP_ERR_VERIFY, ZP_ERR_PARSE, ZP_ERR_ARG. */
ZP_API zp_err zp_range_verify(zp_transcript *tr, zp_reader *proof,
                              zp_piop_claim *out, unsigned log_n,
                              unsigned k_bits, int zk) ZP_WARN_UNUSED;

#ifdef __cplusplus
}
#endif
#endif
