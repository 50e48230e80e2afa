/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Fixed-point ML: training configs, MLP models, the plain (unproven) trainer
 * whose integers the training provers prove (docs/spec/fixed-point.md), the
 * deterministic batch sampler and a float32 reference trainer. */
#ifndef ZKPROV_ZKML_H
#define ZKPROV_ZKML_H

#include "common.h"
#include "pcs.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------
 * Limits.  Every integer the trainer computes stays strictly inside
 * (-ZP_ZKML_ACC_LIMIT, ZP_ZKML_ACC_LIMIT) with ZP_ZKML_ACC_LIMIT = 2^62 <
 * (p - 1) / 2, so x mod p is injective on them and field arithmetic on
 * their embeddings equals integer arithmetic (no wrap; also no int64
 * overflow).  zp_train_config_check proves this from the widths before a
 * run; ZP_VERIFY builds also check every accumulator at run time.
 * ------------------------------------------------------------------- */
#define ZP_ZKML_MAX_LAYERS 8          /* dense layers                      */
#define ZP_ZKML_MAX_WIDTH 65536       /* features per layer                */
#define ZP_ZKML_MAX_BATCH 4096
#define ZP_ZKML_MAX_SHIFT 32          /* = ZP_RANGE_MAX_BITS: remainders   */
#define ZP_ZKML_ACC_LOG2 62
#define ZP_ZKML_ACC_LIMIT ((int64_t)1 << ZP_ZKML_ACC_LOG2)
#define ZP_ZKML_ERR_BYTES 160
#define ZP_ZKML_MAX_DATASETS 64
#define ZP_ZKML_SEED_BYTES 32

ZP_API size_t zp_zkml_max_layers(void);
ZP_API size_t zp_zkml_max_width(void);
ZP_API size_t zp_zkml_max_batch(void);
ZP_API size_t zp_zkml_err_bytes(void);

/* ---- fixed-point primitives (docs/spec/fixed-point.md, "Operations") ---- */

/** Rounding division by 2^s, 1 <= s <= 62, ties up:
 *  a + 2^(s-1) = q 2^s + r with 0 <= r < 2^s.  Returns q, stores r in *r
 *  (r may be NULL).  Precondition: |a| < 2^62. */
static inline int64_t zp_fx_rdiv2(int64_t a, unsigned s, int64_t *r) {
    int64_t t = a + ((int64_t)1 << (s - 1));
    int64_t q = t >> s; /* arithmetic shift = floor (gcc, clang, C23) */
    if (r) *r = t - q * ((int64_t)1 << s);
    return q;
}

/* Constant-time helpers (CONVENTIONS rule 5: the trainer's integers are
 * witness).  Comparisons are computed with arithmetic on the operands' bits
 * (Hacker's Delight, 2nd ed., section 2-12), selections with all-ones/zero
 * masks, so no branch or memory index depends on the values. */

/** All-ones if a < b (signed), else 0; any int64 operands. */
static inline uint64_t zp_fx_lt_mask(int64_t a, int64_t b) {
    const uint64_t x = (uint64_t)a ^ ((uint64_t)1 << 63); /* signed -> */
    const uint64_t y = (uint64_t)b ^ ((uint64_t)1 << 63); /* unsigned order */
    return 0 - (((~x & y) | ((~x | y) & (x - y))) >> 63);
}

/** All-ones if a == b, else 0. */
static inline uint64_t zp_fx_eq_mask(int64_t a, int64_t b) {
    const uint64_t t = (uint64_t)a ^ (uint64_t)b;
    return ((t | (0 - t)) >> 63) - 1;
}

/** mask ? a : b for mask all-ones or 0. */
static inline int64_t zp_fx_select(uint64_t mask, int64_t a, int64_t b) {
    return (int64_t)(((uint64_t)a & mask) | ((uint64_t)b & ~mask));
}

/** max(a, 0). */
static inline int64_t zp_fx_pos(int64_t a) {
    return zp_fx_select(zp_fx_lt_mask(a, 0), 0, a);
}

/** Rounding division by d >= 1, ties up: a + floor(d/2) = q d + r with
 *  0 <= r < d.  Returns q, stores r in *r (may be NULL).  Precondition:
 *  |a| < 2^62, 1 <= d < 2^62.  Constant time: a fixed 64-step restoring
 *  binary division with masked subtractions instead of the hardware divider,
 *  whose latency depends on the operands on common x86-64 cores; the
 *  softmax normaliser d is witness. */
static inline int64_t zp_fx_rdiv(int64_t a, int64_t d, int64_t *r) {
    const int64_t t = a + (d >> 1);
    const uint64_t neg = zp_fx_lt_mask(t, 0), ud = (uint64_t)d;
    const uint64_t u = ((uint64_t)t ^ neg) - neg; /* |t| */
    uint64_t uq = 0, ur = 0;
    for (int i = 63; i >= 0; i--) {
        ur = (ur << 1) | ((u >> i) & 1); /* ur < 2d < 2^63 */
        const uint64_t ge = ~(uint64_t)zp_fx_lt_mask((int64_t)ur, (int64_t)ud);
        ur -= ud & ge;
        uq |= (ge & 1) << i;
    }
    /* floor for t < 0: q = -uq - 1, r = d - ur when ur != 0 */
    const uint64_t adj = neg & ~zp_fx_eq_mask((int64_t)ur, 0);
    const int64_t q = zp_fx_select(neg, -(int64_t)uq - (int64_t)(adj & 1), (int64_t)uq);
    if (r) *r = zp_fx_select(adj, d - (int64_t)ur, (int64_t)ur);
    return q;
}

/** Saturation to [lo, hi]: lo if v < lo, else hi if v > hi, else v. */
static inline int64_t zp_fx_clamp(int64_t v, int64_t lo, int64_t hi) {
    return zp_fx_select(zp_fx_lt_mask(v, lo), lo,
                        zp_fx_select(zp_fx_lt_mask(hi, v), hi, v));
}

/** Saturation to b signed bits: [-2^(b-1), 2^(b-1) - 1], 2 <= b <= 62. */
static inline int64_t zp_fx_sat(int64_t v, unsigned b) {
    int64_t h = (int64_t)1 << (b - 1);
    return zp_fx_clamp(v, -h, h - 1);
}

/** A value q at scale 2^from -> scale 2^to, saturated to `bits` signed
 *  bits (2..62): rdiv2(q, from - to) (ties up; 0 when from - to > 62) when
 *  from > to, else q 2^(to - from) (clamped to +-2^62 first).  The one
 *  definition shared by the data loaders (records at their schema's scale
 *  -> act_scale) and the training circuit's rescale of the certified
 *  records (docs/spec/train-step.md section 7.3).  Precondition: |q| <
 *  2^62. */
static inline int64_t zp_fx_rescale(int64_t q, unsigned from, unsigned to, unsigned bits) {
    int64_t v;
    if (from > to) {
        const unsigned d = from - to;
        v = d > 62 ? 0 : zp_fx_rdiv2(q, d, NULL);
    } else {
        const unsigned d = to - from;
        /* |q| >= lim means |q 2^d| >= 2^62: the product clamps to +-2^62 */
        const int64_t lim = d > 62 ? 1 : (int64_t)1 << 62 >> d, big = (int64_t)1 << 62;
        v = q >= lim ? big : (q <= -lim ? -big : q * ((int64_t)1 << (d > 62 ? 0 : d)));
    }
    return zp_fx_sat(v, bits);
}

/** Index of the first maximum of z[0], z[s], ..., z[(d-1) s] (d >= 1). */
static inline size_t zp_fx_argmax(const int64_t *z, size_t d, size_t s) {
    int64_t bv = z[0];
    uint64_t best = 0;
    for (size_t j = 1; j < d; j++) {
        const uint64_t m = zp_fx_lt_mask(bv, z[j * s]);
        bv = zp_fx_select(m, z[j * s], bv);
        best = (uint64_t)zp_fx_select(m, (int64_t)j, (int64_t)best);
    }
    return (size_t)best;
}

/** t[i] for public table t[0..n-1] and witness i < n, reading every entry
 *  (a scan of n words: used for the 2^exp_domain_bits exp table). */
static inline int64_t zp_fx_lookup(const int64_t *t, size_t n, size_t i) {
    uint64_t acc = 0;
    for (size_t k = 0; k < n; k++)
        acc |= (uint64_t)t[k] & zp_fx_eq_mask((int64_t)k, (int64_t)i);
    return (int64_t)acc;
}

/** Real number -> fixed point at scale 2^s: nearest integer, ties away from
 *  zero (llround), then saturated to b bits.  Used only to quantise inputs
 *  and float base models, never inside a training step. */
ZP_API int64_t zp_fx_from_double(double v, unsigned s, unsigned b);

/* ---- the exp table of the softmax (public, fixed by the config) ---- */

/** Fills t[2^domain_bits] with t[d] = round(2^exp_scale exp(-d / 2^act_scale))
 *  (nearest, ties away from zero).  Returns ZP_OK or ZP_ERR_ARG (domain_bits
 *  outside 1..24, exp_scale outside 1..30, act_scale outside 0..30). */
ZP_API zp_err zp_fx_exp_table(int64_t *t, unsigned domain_bits,
                              unsigned exp_scale,
                              unsigned act_scale) ZP_WARN_UNUSED;

/* ---- training configuration (docs/formats/training-config.md) ---- */

typedef enum { ZP_LOSS_SOFTMAX_CE = 1, ZP_LOSS_MSE = 2 } zp_loss;
typedef enum { ZP_INIT_SEEDED = 1, ZP_INIT_SAFETENSORS = 2 } zp_init_kind;

typedef struct {
    /* architecture: n_layers dense layers, dims[0] inputs .. dims[n_layers]
     * outputs; ReLU after every layer but the last. */
    unsigned n_layers;
    uint32_t dims[ZP_ZKML_MAX_LAYERS + 1];
    /* fixed-point formats: value = integer / 2^scale, |integer| < 2^(bits-1) */
    unsigned act_scale, act_bits;       /* inputs, activations, logits    */
    unsigned weight_scale, weight_bits; /* weights and biases             */
    unsigned grad_scale, grad_bits;     /* gradients and probabilities    */
    unsigned exp_scale, exp_domain_bits;/* softmax exp table              */
    zp_loss loss;
    /* SGD with momentum (mom_num > 0): M = rdiv2(mom_num * M, mom_shift)
     * + dW, W -= rdiv2(lr_num * M, lr_shift + ...); plain SGD folds lr_num
     * into the per-example gradient: G' = rdiv2(lr_num * G, c), W -=
     * rdiv2(G'^T h, lr_shift + ... - c) (docs/spec/fixed-point.md). */
    int64_t lr_num;
    unsigned lr_shift;
    int64_t mom_num;
    unsigned mom_shift;
    double lr;        /* the real lr of the mean loss, as given (info)    */
    double momentum;  /* as given (info)                                  */
    uint32_t batch_size;
    uint64_t steps;   /* 0 if given in epochs                             */
    uint32_t epochs;  /* 0 if given in steps                              */
    /* base model */
    zp_init_kind init;
    uint8_t init_seed[ZP_ZKML_SEED_BYTES];
    char *base_model; /* safetensors path (ZP_INIT_SAFETENSORS), malloc'ed */
    uint8_t sampler_seed[ZP_ZKML_SEED_BYTES];
    size_t n_datasets;
    char **datasets;  /* certificate paths, malloc'ed                      */
} zp_train_config;

/** Fills cfg with the defaults of docs/formats/training-config.md for an
 *  MLP dims[n_layers + 1] (no strings, seeds zero, 1 step, batch 1). */
ZP_API zp_err zp_train_config_default(zp_train_config *cfg,
                                      const uint32_t *dims,
                                      unsigned n_layers) ZP_WARN_UNUSED;

/** Parses the JSON training config json[len] strictly (unknown keys, wrong
 *  types, out-of-range values are errors) and runs zp_train_config_check.
 *  Out: *cfg (free with zp_train_config_free), err (may be NULL) a one-line
 *  reason.  Returns ZP_OK, ZP_ERR_PARSE, ZP_ERR_ARG (NULL cfg/json),
 *  ZP_ERR_NOMEM.  On failure *cfg is zeroed. */
ZP_API zp_err zp_train_config_parse(zp_train_config *cfg,
                                    char err[ZP_ZKML_ERR_BYTES],
                                    const char *json,
                                    size_t len) ZP_WARN_UNUSED;

/** Checks cfg: ranges of every field and the no-wrap bounds of
 *  docs/spec/fixed-point.md ("Bounds") for every layer.  Out: err (may be
 *  NULL).  Returns ZP_OK or ZP_ERR_PARSE (with the violated bound). */
ZP_API zp_err zp_train_config_check(const zp_train_config *cfg,
                                    char err[ZP_ZKML_ERR_BYTES]) ZP_WARN_UNUSED;

/** Number of steps of the run for a dataset of n_records: cfg->steps, or
 *  epochs * ceil(n_records / batch_size). */
ZP_API uint64_t zp_train_config_n_steps(const zp_train_config *cfg,
                                        uint64_t n_records);

/** Frees the strings of cfg and zeroes it. */
ZP_API void zp_train_config_free(zp_train_config *cfg);

/* ---- fixed-point datasets ---- */

/* n records of n_features integers (scale act_scale) and a label.  For the
 * softmax loss labels are classes 0..n_out-1; for MSE the target row is
 * targets[i * n_out ..] when targets is non-NULL, else the one-hot of the
 * label at scale act_scale. */
typedef struct {
    size_t n, n_features;
    int64_t *x;       /* n * n_features, row-major                          */
    int32_t *label;   /* n                                                  */
    int64_t *targets; /* optional, n * n_out                                */
} zp_fxdata;

/* ---- models ---- */

typedef struct {
    unsigned n_layers;
    uint32_t dims[ZP_ZKML_MAX_LAYERS + 1];
    int64_t *w[ZP_ZKML_MAX_LAYERS]; /* dims[l+1] x dims[l], row-major, scale 2^weight_scale */
    int64_t *b[ZP_ZKML_MAX_LAYERS]; /* dims[l+1], scale 2^weight_scale    */
} zp_mlp;

/** Allocates a zero model with cfg's architecture.  Returns ZP_OK,
 *  ZP_ERR_ARG, ZP_ERR_NOMEM (*m zeroed). */
ZP_API zp_err zp_mlp_alloc(zp_mlp *m, const zp_train_config *cfg) ZP_WARN_UNUSED;
/** Seeded initialisation (docs/spec/fixed-point.md, "Initialisation"):
 *  W_l[i] uniform in [-R_l, R_l], R_l = isqrt(6 * 4^weight_scale /
 *  dims[l]), drawn by rejection from the ChaCha20 stream (domain
 *  0x696e6974, index l) of the key seed; biases 0.  m must be allocated. */
ZP_API zp_err zp_mlp_init_seeded(zp_mlp *m, const zp_train_config *cfg,
                                 const uint8_t seed[ZP_ZKML_SEED_BYTES]) ZP_WARN_UNUSED;
ZP_API void zp_mlp_free(zp_mlp *m);

/** Class predictions of the fixed-point forward pass for rows idx[n] of ds
 *  (idx NULL: rows 0..n-1).  Out: pred[n].  Returns ZP_OK, ZP_ERR_ARG,
 *  ZP_ERR_NOMEM. */
ZP_API zp_err zp_mlp_predict(int32_t *pred, const zp_mlp *m,
                             const zp_train_config *cfg, const zp_fxdata *ds,
                             const uint32_t *idx, size_t n) ZP_WARN_UNUSED;
/** Out: *acc = fraction of ds rows whose prediction equals the label. */
ZP_API zp_err zp_mlp_accuracy(double *acc, const zp_mlp *m,
                              const zp_train_config *cfg,
                              const zp_fxdata *ds) ZP_WARN_UNUSED;

/* ---- the deterministic batch sampler ---- */

/** Batch of step `step`: batch_size distinct indices in [0, n_records),
 *  uniform without replacement, in draw order.  Candidate j of the step is
 *  the little-endian u64 word (j mod 4) of SHA-256("zkprov-v1/sampler" ||
 *  seed || LE64(step) || LE64(j / 4)); a candidate u is rejected when
 *  u >= 2^64 - (2^64 mod n_records) or u mod n_records is already in the
 *  batch; otherwise u mod n_records is the next index.
 *  Returns ZP_OK or ZP_ERR_ARG (batch_size 0 or > min(n_records,
 *  ZP_ZKML_MAX_BATCH), n_records 0 or >= 2^32). */
ZP_API zp_err zp_sampler_batch(const uint8_t seed[ZP_ZKML_SEED_BYTES],
                               uint64_t step, uint32_t batch_size,
                               uint64_t n_records,
                               uint32_t *out_indices) ZP_WARN_UNUSED;

/* ---- the plain fixed-point trainer ---- */

typedef struct zp_trainer zp_trainer;

typedef struct {
    double loss;        /* mean loss of the batch, in reals (reporting only) */
    uint64_t n_sat;     /* saturations (clamps that changed a value)         */
    uint32_t n_correct; /* argmax(logits) == label in the batch              */
} zp_step_stats;

/** Workspace for steps of cfg (momentum buffers included, zero).
 *  Returns ZP_OK, ZP_ERR_ARG (cfg fails zp_train_config_check),
 *  ZP_ERR_NOMEM. */
ZP_API zp_err zp_trainer_new(zp_trainer **out,
                             const zp_train_config *cfg) ZP_WARN_UNUSED;
ZP_API void zp_trainer_free(zp_trainer *t);

/** One SGD step on rows idx[n] (n <= cfg->batch_size) of ds: forward,
 *  loss gradient, backward, update of m in place.  The update does not
 *  saturate: a weight or bias that would leave weight_bits refuses the
 *  whole step (m and the momentum buffers are then unchanged).  Out: st
 *  (may be NULL; n_sat counts the activation and gradient saturations).
 *  Returns ZP_OK, ZP_ERR_ARG (shape mismatch, index or label out of
 *  range), ZP_ERR_UNSUPPORTED (a weight or bias would leave weight_bits:
 *  lower the learning rate or widen weight_bits), ZP_ERR_INTERNAL (a
 *  bound of the spec failed: impossible after zp_train_config_check,
 *  checked in ZP_VERIFY builds). */
ZP_API zp_err zp_trainer_step(zp_trainer *t, zp_mlp *m, const zp_fxdata *ds,
                              const uint32_t *idx, size_t n,
                              zp_step_stats *st) ZP_WARN_UNUSED;

/** Runs steps [first, first + count) with batches from zp_sampler_batch(
 *  cfg->sampler_seed, step, ...).  Out: st (may be NULL) stats of the
 *  last step. */
ZP_API zp_err zp_train_run(zp_trainer *t, zp_mlp *m, const zp_fxdata *ds,
                           uint64_t first, uint64_t count,
                           zp_step_stats *st) ZP_WARN_UNUSED;

/* ---- float32 reference ---- */

typedef struct {
    unsigned n_layers;
    uint32_t dims[ZP_ZKML_MAX_LAYERS + 1];
    float *w[ZP_ZKML_MAX_LAYERS], *b[ZP_ZKML_MAX_LAYERS];
    float *vw[ZP_ZKML_MAX_LAYERS], *vb[ZP_ZKML_MAX_LAYERS]; /* momentum */
    float *buf;       /* workspace                                        */
    size_t buf_len;
} zp_fmlp;

/** Float copy of a fixed model (w / 2^weight_scale), zero momentum.
 *  Returns ZP_OK, ZP_ERR_ARG, ZP_ERR_NOMEM. */
ZP_API zp_err zp_fmlp_from_fixed(zp_fmlp *f, const zp_mlp *m,
                                 const zp_train_config *cfg) ZP_WARN_UNUSED;
ZP_API void zp_fmlp_free(zp_fmlp *f);
/** One float SGD step (mean loss, lr = cfg->lr, momentum cfg->momentum)
 *  on rows idx[n] of ds, inputs dequantised (x / 2^act_scale). */
ZP_API zp_err zp_fmlp_step(zp_fmlp *f, const zp_train_config *cfg,
                           const zp_fxdata *ds, const uint32_t *idx,
                           size_t n, zp_step_stats *st) ZP_WARN_UNUSED;
ZP_API zp_err zp_fmlp_accuracy(double *acc, const zp_fmlp *f,
                               const zp_train_config *cfg,
                               const zp_fxdata *ds) ZP_WARN_UNUSED;

/* ---- proving (src/zkml/zkp_*.c, prove_infer.c) ---- */
/* Proven inference of the fixed-point MLP (docs/spec/infer.md): a
 * zero-knowledge proof that logits = forward(W, x) with the integer
 * semantics of docs/spec/fixed-point.md (rounding division with a
 * range-checked remainder, ReLU and saturation as one proven clamp), for a
 * batch of n inputs.  The weights are a witness committed inside the proof
 * (this version does not yet link them to a separate model commitment; see
 * the spec, "Model commitment"). */
typedef struct {
    int private_input; /* 0: inputs are public (part of the statement);
                        * 1: inputs are committed and range-checked     */
    int check_weights; /* 1: range-check every weight and bias to
                        * weight_bits (needed for soundness of the integer
                        * semantics unless a model commitment vouches)   */
} zp_infer_opts;

/** Fills o with the defaults: public input, weights NOT range-checked
 *  (check_weights = 0: the weights are fixed by the model; a model
 *  commitment will carry them and the training proof their range). */
ZP_API void zp_infer_opts_default(zp_infer_opts *o);

/** Prover.  In: cfg (architecture and fixed-point formats), m, x[n *
 *  dims[0]] (row-major, each in the act_bits range), n (1 ..
 *  ZP_ZKML_MAX_BATCH), opts (NULL: defaults), rng (NULL: OS randomness;
 *  a seeded rng gives byte-identical proofs for any thread count).  Out:
 *  *proof (malloc'ed, free with zp_infer_proof_free), *proof_len,
 *  logits[n * dims[n_layers]] (may be NULL).  Returns ZP_OK, ZP_ERR_ARG,
 *  ZP_ERR_UNSUPPORTED (a bound of docs/spec/infer.md does not hold for
 *  cfg, e.g. pre-activations wider than 32 bits), ZP_ERR_NOMEM. */
ZP_API zp_err zp_infer_prove(uint8_t **proof, size_t *proof_len, int64_t *logits,
                             const zp_train_config *cfg, const zp_mlp *m,
                             const int64_t *x, size_t n, const zp_infer_opts *opts,
                             const zp_rng *rng) ZP_WARN_UNUSED;
ZP_API void zp_infer_proof_free(uint8_t *proof);

/** Verifier.  In: cfg, x (NULL when opts->private_input), n, logits[n *
 *  dims[n_layers]], opts, proof[len].  Returns ZP_OK, ZP_ERR_VERIFY,
 *  ZP_ERR_PARSE, ZP_ERR_ARG, ZP_ERR_UNSUPPORTED, ZP_ERR_NOMEM. */
ZP_API zp_err zp_infer_verify(const zp_train_config *cfg, const int64_t *x, size_t n,
                              const int64_t *logits, const zp_infer_opts *opts,
                              const uint8_t *proof, size_t len) ZP_WARN_UNUSED;

/* ---- the model commitment (src/zkml/model_commit.c,
 * docs/spec/model-commit.md) ----
 * The quantised weights and biases of an MLP in one polynomial, committed
 * once with the multi-opening hiding PCS: public part zp_model_commit
 * (architecture, formats, PCS parameters, root and its SHA-256 "digest"),
 * secret part zp_model_prover (the weights, the key that re-derives every
 * mask, the PCS state and the next free opening index).  Each bound
 * inference proof consumes one opening index j < max_openings; the
 * provider must persist the used indices (zp_model_secret_export after
 * each proof): a reused index breaks hiding (never soundness). */
#define ZP_MODEL_DEFAULT_OPENINGS 16
#define ZP_MODEL_MAX_OPENINGS 256
#define ZP_MODEL_DIGEST_BYTES 32
ZP_API size_t zp_model_default_openings(void);
ZP_API size_t zp_model_max_openings(void);

typedef struct zp_model_commit zp_model_commit;
typedef struct zp_model_prover zp_model_prover;

/** Commits to m (cfg's architecture and fixed-point formats; every weight
 *  and bias within weight_bits) with capacity for max_openings answers (0:
 *  ZP_MODEL_DEFAULT_OPENINGS; at most ZP_MODEL_MAX_OPENINGS).  rng: NULL =
 *  OS randomness; a seeded rng gives a byte-identical commitment.  Out:
 *  *out (free with zp_model_prover_free).  Returns ZP_OK, ZP_ERR_ARG,
 *  ZP_ERR_UNSUPPORTED (architecture out of the prover's bounds),
 *  ZP_ERR_NOMEM; *out = NULL on failure. */
ZP_API zp_err zp_model_commit_create(zp_model_prover **out, const zp_train_config *cfg,
                                     const zp_mlp *m, unsigned max_openings,
                                     const zp_rng *rng) ZP_WARN_UNUSED;
ZP_API void zp_model_prover_free(zp_model_prover *mp);
/** The public commitment of mp (owned by mp). */
ZP_API const zp_model_commit *zp_model_prover_public(const zp_model_prover *mp);
/** The next free opening index of mp (== max_openings when exhausted). */
ZP_API unsigned zp_model_prover_next_index(const zp_model_prover *mp);
/** The committed model (owned by mp; read-only). */
ZP_API const zp_mlp *zp_model_prover_mlp(const zp_model_prover *mp);

/** Public JSON of docs/spec/model-commit.md ("zkprov/model-commitment",
 *  version 1), malloc'ed NUL-terminated *json of *len bytes (free()).
 *  Returns ZP_OK, ZP_ERR_ARG, ZP_ERR_NOMEM. */
ZP_API zp_err zp_model_commit_to_json(char **json, size_t *len,
                                      const zp_model_commit *mc) ZP_WARN_UNUSED;
/** Strict parser: exact keys and types, parameters checked (PCS security
 *  >= 100 bits, layout consistent), digest recomputed and compared.  Out:
 *  *out (free with zp_model_commit_free), err (may be NULL) a one-line
 *  reason.  Returns ZP_OK, ZP_ERR_PARSE, ZP_ERR_ARG, ZP_ERR_NOMEM. */
ZP_API zp_err zp_model_commit_from_json(zp_model_commit **out,
                                        char err[ZP_ZKML_ERR_BYTES],
                                        const char *json, size_t len) ZP_WARN_UNUSED;
ZP_API void zp_model_commit_free(zp_model_commit *mc);
/** Out: digest[32] (SHA-256 of the canonical serialisation), cfg (may be
 *  NULL: architecture and formats, other fields at their defaults),
 *  *max_openings (may be NULL). */
ZP_API void zp_model_commit_info(const zp_model_commit *mc,
                                 uint8_t digest[ZP_MODEL_DIGEST_BYTES],
                                 zp_train_config *cfg, unsigned *max_openings);

/** Secret state of mp (docs/spec/model-commit.md, "Secret file"):
 *  malloc'ed *out of *len bytes (free with zp_model_secret_free, which
 *  wipes it).  Export again after every proof.  Returns ZP_OK, ZP_ERR_ARG,
 *  ZP_ERR_NOMEM. */
ZP_API zp_err zp_model_secret_export(uint8_t **out, size_t *len,
                                     const zp_model_prover *mp) ZP_WARN_UNUSED;
ZP_API void zp_model_secret_free(uint8_t *secret, size_t len);
/** Rebuilds a prover from mc and its secret (re-commits and checks the
 *  root; indices below the stored next index are marked used).  Returns
 *  ZP_OK, ZP_ERR_PARSE (malformed secret, or one of another commitment:
 *  err says which), ZP_ERR_VERIFY (weights or key do not give mc's root),
 *  ZP_ERR_ARG, ZP_ERR_NOMEM; *out = NULL on failure. */
ZP_API zp_err zp_model_prover_load(zp_model_prover **out, char err[ZP_ZKML_ERR_BYTES],
                                   const zp_model_commit *mc, const uint8_t *secret,
                                   size_t len) ZP_WARN_UNUSED;

/** Proven inference bound to the model commitment of mp: as
 *  zp_infer_prove with the committed weights, whose claims are proven by
 *  opening *index = zp_model_prover_next_index(mp) of the model
 *  commitment (consumed even when the call fails later).  Returns as
 *  zp_infer_prove, or ZP_ERR_ARG when every opening is used. */
ZP_API zp_err zp_infer_prove_model(uint8_t **proof, size_t *proof_len, int64_t *logits,
                                   unsigned *index, zp_model_prover *mp,
                                   const int64_t *x, size_t n,
                                   const zp_infer_opts *opts,
                                   const zp_rng *rng) ZP_WARN_UNUSED;
/** Verifier of a bound proof: the committed model mc maps x (NULL when
 *  opts->private_input) to logits[n * dims[L]], with opening `index`.
 *  Returns ZP_OK, ZP_ERR_VERIFY, ZP_ERR_PARSE, ZP_ERR_ARG,
 *  ZP_ERR_UNSUPPORTED, ZP_ERR_NOMEM. */
ZP_API zp_err zp_infer_verify_model(const zp_model_commit *mc, unsigned index,
                                    const int64_t *x, size_t n, const int64_t *logits,
                                    const zp_infer_opts *opts, const uint8_t *proof,
                                    size_t len) ZP_WARN_UNUSED;

/* ---- proven answers (src/zkml/answer.c, docs/formats/answer.md) ----
 * The JSON file a provider hands out ("zkprov/answer", version 1): the
 * statement of one bound inference proof (model digest, opening, inputs or
 * none, scores) with the proof inline, and, for a model released by a
 * training run, the digests of the run file and of its dataset
 * certificates.  Parsing checks shapes and ranges only; the caller checks
 * `model` against the commitment it holds and the proof with
 * zp_infer_verify_model. */
#define ZP_ANSWER_MAX_OPENING 65535u
#define ZP_ANSWER_MAX_VALUE 4000000000LL /* |input|, |score| */
typedef struct {
    uint8_t model[ZP_MODEL_DIGEST_BYTES]; /* the model commitment digest */
    unsigned opening;      /* the opening index j, 0..ZP_ANSWER_MAX_OPENING */
    size_t batch;          /* n, 1..ZP_ZKML_MAX_BATCH */
    int private_input;     /* 1: no inputs (committed inside the proof) */
    size_t d_in;           /* width of an input row; 0 when private_input */
    size_t d_out;          /* width of a score row, 1..ZP_ZKML_MAX_WIDTH */
    int64_t *input;        /* batch * d_in, row-major; NULL when private */
    int64_t *scores;       /* batch * d_out, row-major */
    uint8_t *proof;        /* proof_len bytes (zp_infer_prove_model's) */
    size_t proof_len;
    int has_chain;         /* run_proof and dataset_certificates present */
    uint8_t run_proof[32]; /* SHA-256 of the run file (has_chain) */
    size_t n_certs;        /* 1..ZP_ZKML_MAX_DATASETS when has_chain, else 0 */
    uint8_t cert_digests[ZP_ZKML_MAX_DATASETS][32];
} zp_infer_answer;

/** Strict parser of an answer json[len]: one JSON object (then only
 *  whitespace; no control character outside JSON whitespace, no \u0000
 *  escape) whose keys are those of docs/formats/answer.md, each at most
 *  once (unknown keys are refused); version 1; digests 64 lower-case hex; opening, batch and
 *  values integers in their ranges; n rows of one width each; labels the
 *  argmax (first maximum) of their score rows; proof canonical padded
 *  standard base64.  Out: *out (arrays malloc'ed, free with
 *  zp_infer_answer_clear; zeroed on failure), err (may be NULL) a one-line
 *  reason.  Returns ZP_OK, ZP_ERR_PARSE, ZP_ERR_ARG, ZP_ERR_NOMEM. */
ZP_API zp_err zp_infer_answer_parse(zp_infer_answer *out, char err[ZP_ZKML_ERR_BYTES],
                                    const char *json, size_t len) ZP_WARN_UNUSED;
/** The answer JSON of a (the file `zkprov infer` writes; labels computed
 *  from the scores), malloc'ed NUL-terminated *json of *len bytes (free()).
 *  zp_infer_answer_parse of it gives a back.  Returns ZP_OK, ZP_ERR_ARG (a
 *  field out of the ranges the parser accepts), ZP_ERR_NOMEM. */
ZP_API zp_err zp_infer_answer_to_json(char **json, size_t *len,
                                      const zp_infer_answer *a) ZP_WARN_UNUSED;
/** Frees the arrays of a (NULL allowed) and zeroes it. */
ZP_API void zp_infer_answer_clear(zp_infer_answer *a);

/* ---- proof of one training step (src/zkml/prove_train.c,
 * docs/spec/train-step.md) ----
 * Statement: the architecture and formats of cfg (softmax cross-entropy or
 * MSE, SGD with or without momentum), the step index, the batch size n and
 * the batch indices idx[n].  This API proves a step from zero velocity (a
 * first step; runs carry the velocity through their commitments,
 * docs/spec/train-step.md 2.6).  The records, W_before and W_after are
 * private and live in the
 * step's own commitment: this version proves that SOME weights and records
 * satisfy one exact zp_trainer_step.  The chained variant below reads
 * W_after from a model commitment; runs (zp_train_run_*) chain them
 * (docs/spec/train-step.md section 4, docs/formats/run.md). */

/** Prover.  In: cfg, m (W_before), ds (the records idx[i] < ds->n), step,
 *  idx[n] (1 <= n <= cfg->batch_size), rng (NULL: OS randomness; a seeded
 *  rng gives byte-identical proofs).  Out: *proof (malloc'ed, free with
 *  zp_train_proof_free), *proof_len, w_after (may be NULL; allocated like
 *  m): the proven weights, equal to zp_trainer_step's.  Returns ZP_OK,
 *  ZP_ERR_ARG, ZP_ERR_UNSUPPORTED (MSE with dataset targets, or a bound of
 *  the circuit), ZP_ERR_NOMEM. */
ZP_API zp_err zp_train_step_prove(uint8_t **proof, size_t *proof_len, zp_mlp *w_after,
                                  const zp_train_config *cfg, const zp_mlp *m,
                                  const zp_fxdata *ds, uint64_t step,
                                  const uint32_t *idx, size_t n,
                                  const zp_rng *rng) ZP_WARN_UNUSED;
ZP_API void zp_train_proof_free(uint8_t *proof);
/** Verifier of the statement (cfg, step, idx[n]).  Returns ZP_OK,
 *  ZP_ERR_VERIFY, ZP_ERR_PARSE, ZP_ERR_ARG, ZP_ERR_UNSUPPORTED,
 *  ZP_ERR_NOMEM. */
ZP_API zp_err zp_train_step_verify(const zp_train_config *cfg, uint64_t step,
                                   const uint32_t *idx, size_t n,
                                   const uint8_t *proof, size_t len) ZP_WARN_UNUSED;

/** Chained step (docs/spec/train-step.md, section 4): the statement adds
 *  the digest `before` of C_t (the commitment of W_before), the digest of
 *  C_{t+1} = after's commitment and after_index; W_after and b_after are
 *  read from C_{t+1} through its opening after_index (consumed) instead of
 *  the step's own layout.  after's weights must be exactly the step's
 *  W_after (ZP_ERR_ARG otherwise).  This form names C_t by digest only and
 *  does not prove that W_before equals C_t's weights; training runs use the
 *  linked form (src/zkml/train_run.c, docs/spec/train-step.md section 4),
 *  which also opens C_t.  Returns as zp_train_step_prove. */
ZP_API zp_err zp_train_step_prove_chained(uint8_t **proof, size_t *proof_len,
                                          const zp_train_config *cfg,
                                          const uint8_t before[ZP_MODEL_DIGEST_BYTES],
                                          zp_model_prover *after, unsigned after_index,
                                          const zp_mlp *m, const zp_fxdata *ds,
                                          uint64_t step, const uint32_t *idx, size_t n,
                                          const zp_rng *rng) ZP_WARN_UNUSED;
/** Verifier of a chained step: (cfg, step, idx[n], before, after,
 *  after_index).  Returns ZP_OK, ZP_ERR_VERIFY, ZP_ERR_PARSE, ZP_ERR_ARG,
 *  ZP_ERR_UNSUPPORTED, ZP_ERR_NOMEM. */
ZP_API zp_err zp_train_step_verify_chained(const zp_train_config *cfg,
                                           const uint8_t before[ZP_MODEL_DIGEST_BYTES],
                                           const zp_model_commit *after, unsigned after_index,
                                           uint64_t step, const uint32_t *idx, size_t n,
                                           const uint8_t *proof, size_t len) ZP_WARN_UNUSED;

/* ---- a certified dataset as seen by a training run (filled by prov:
 * zp_dataset_train_view, include/zkprov/prov.h; docs/formats/dataset.md,
 * docs/spec/train-step.md section 7) ----
 * The record matrix D (2^log_rows x 2^log_width field elements, row-major:
 * the low log_width variables select the column) is committed with the
 * hiding multi-opening PCS pp under root.  Rows [0, n_records) are the
 * encoded records; for each opening j < pp.max_openings the rows
 * [mask_row + (j << mask_log_rows), + 2^mask_log_rows) hold uniform mask
 * values; a run uses one opening j and reveals one masked evaluation of D
 * and one hiding opening at j.  The masked evaluation reads the mask as
 * the builder's external tensors do (one PCS row, periodic), so each mask
 * block must cover whole rows of the PCS matrix: 2^(mask_log_rows +
 * log_width) >= 2^pp.log_cols (>= 16) and (mask_row << log_width) a
 * multiple of 2^pp.log_cols (zp_train_dataset_check). */
typedef struct {
    zp_pcs_params pp;          /* the dataset PCS (pp.max_openings = K)    */
    zp_digest root;            /* its root                                 */
    uint8_t digest[32];        /* the dataset commitment digest (signed)   */
    unsigned log_rows, log_width;
    uint64_t n_records;        /* rows [0, n_records) are records          */
    uint32_t feature_col, n_features, label_col; /* column positions      */
    uint32_t feature_scale;    /* every feature column has this scale      */
    uint64_t mask_row;         /* first mask row of opening j: mask_row +
                                * (j << mask_log_rows)                     */
    unsigned mask_log_rows;    /* m                                        */
} zp_train_dataset;

/* ---- proof of a training run (src/zkml/train_run.c, docs/formats/run.md) ----
 * T chained steps from the base commitment C_0 to the final commitment
 * C_T (a model commitment: the released model), batches drawn by the
 * sampler from a seed bound to the dataset certificates, C_0 and the
 * config. */
#define ZP_RUN_MAX_STEPS 65536

/** SHA-256 of the canonical binary form of cfg (docs/formats/run.md,
 *  "Config digest"): every field the run depends on (architecture,
 *  formats, loss, lr, momentum, batch size, steps / epochs, init kind and
 *  seed), the strings excluded. */
ZP_API void zp_train_config_digest(uint8_t out[32], const zp_train_config *cfg);

/** The sampler seed of a proven run: SHA-256("zkprov-v1/run/sampler" NUL ||
 *  LE32(n_ds) || ds_digests[n_ds] (32 bytes each) || base digest || config
 *  digest || LE64(n_records)). */
ZP_API void zp_train_run_seed(uint8_t seed[ZP_ZKML_SEED_BYTES], const uint8_t (*ds_digests)[32],
                              size_t n_ds, const uint8_t base[ZP_MODEL_DIGEST_BYTES],
                              const uint8_t config_digest[32], uint64_t n_records);

/** Proves a run of T = zp_train_config_n_steps(cfg, ds->n) steps
 *  (1 .. ZP_RUN_MAX_STEPS) of cfg
 *  (softmax CE or MSE, with or without momentum; batches of
 *  cfg->batch_size) on ds from the
 *  model base (committed as C_0 with base_openings, 0 = default), naming
 *  the dataset certificate digests ds_digests[n_ds] (the records of ds are
 *  the certified datasets' in order: NOT proven by this version-2 run,
 *  docs/formats/run.md; zp_train_run_prove_bound proves it for one
 *  dataset).
 *  Intermediate commitments have 2 openings (with momentum they also hold
 *  the velocity: training-state commitments, docs/spec/model-commit.md);
 *  C_T has final_openings (0 = default) with index 0 used by the run.
 *  reveal_base: 1 puts C_0's
 *  secret (its weights and key) in the file, so that a verifier can check
 *  that C_0 is the config's base model (for public base models: seeded or
 *  a published file); 0 keeps the base model hidden.  Out: *run (malloc'ed, free with
 *  zp_train_proof_free) of *run_len bytes, *final (the final model prover:
 *  save its commitment and secret; free with zp_model_prover_free; may be
 *  NULL), progress (may be NULL) called after each step with (ctx, t + 1,
 *  T).  rng: NULL = OS randomness.  Returns ZP_OK, ZP_ERR_ARG,
 *  ZP_ERR_UNSUPPORTED (also: a step's update leaves weight_bits, see
 *  zp_trainer_step), ZP_ERR_NOMEM. */
ZP_API zp_err zp_train_run_prove(uint8_t **run, size_t *run_len, zp_model_prover **final,
                                 const zp_train_config *cfg, const zp_mlp *base,
                                 const zp_fxdata *ds, const uint8_t (*ds_digests)[32],
                                 size_t n_ds, unsigned base_openings,
                                 unsigned final_openings, int reveal_base,
                                 void (*progress)(void *ctx, uint64_t done, uint64_t total),
                                 void *progress_ctx, const zp_rng *rng) ZP_WARN_UNUSED;

/** A run whose batch records are proven to be rows of ONE certified
 *  dataset commitment (run file version 3, docs/formats/run.md;
 *  docs/spec/train-step.md section 7).  ds: the dataset's description
 *  (zp_dataset_train_view of its DS.commit); index: the dataset opening j
 *  < K = ds->pp.max_openings this run uses (each opening serves ONE run:
 *  the dataset's zero-knowledge budget, tracked by the data holder); pcs
 *  and evals (prover): zp_dataset_matrix_prover's, from DS.secret and the
 *  data file (opening j is consumed). */
typedef struct {
    const zp_train_dataset *ds;
    unsigned index;
    zp_pcs_prover *pcs;
    const zp_fe *evals;
} zp_run_records;

/** zp_train_run_prove on the records of one certified dataset, bound to
 *  its commitment: ds (the fixed-point records) must be rec->ds's rows in
 *  order, rescaled by zp_fx_rescale as the CLI loads them (ZP_ERR_ARG
 *  otherwise); ds_digest: the dataset certificate's digest.  The run file
 *  (version 3) adds the opening index, the bind proof (the record layout's
 *  root, then its gather from the dataset commitment and the openings) and
 *  steps that read their records from the record layout.  More than one
 *  dataset per bound run is not supported.  Returns as zp_train_run_prove
 *  (ZP_ERR_UNSUPPORTED also for records beyond the rescale's bounds,
 *  docs/spec/train-step.md 7.3). */
ZP_API zp_err zp_train_run_prove_bound(uint8_t **run, size_t *run_len, zp_model_prover **final,
                                       const zp_train_config *cfg, const zp_mlp *base,
                                       const zp_fxdata *ds, const uint8_t ds_digest[32],
                                       const zp_run_records *rec, unsigned base_openings,
                                       unsigned final_openings, int reveal_base,
                                       void (*progress)(void *ctx, uint64_t done,
                                                        uint64_t total),
                                       void *progress_ctx, const zp_rng *rng) ZP_WARN_UNUSED;

/** What a verified run states (filled by zp_train_run_verify). */
typedef struct {
    uint64_t n_steps, n_records;
    uint32_t batch_size;
    uint8_t config_digest[32];
    uint8_t base_digest[ZP_MODEL_DIGEST_BYTES];
    uint8_t final_digest[ZP_MODEL_DIGEST_BYTES];
    uint8_t sampler_seed[ZP_ZKML_SEED_BYTES];
    size_t n_datasets;
    int base_checked; /* 1: C_0 was opened and equals the caller's base */
    int records_bound; /* 1: a version-3 run: the batch records are proven
                        * to be rows of the dataset commitment (bind proof) */
    unsigned ds_index, ds_openings; /* its dataset opening j of K */
} zp_run_info;

/** Verifies a run file run[len] against cfg (its digest must be the
 *  file's), the base model (may be NULL: not checked; else the file must
 *  reveal C_0's secret and C_0 must hold exactly these weights) and the
 *  dataset certificate digests ds_digests[n_ds] with
 *  n_records records in all (the caller verified the certificates): the
 *  sampler seed and every batch are recomputed, every step proof verified
 *  with its chaining values, C_{t+1} named by step t, the final commitment
 *  is the one returned.  Out: info (may be NULL), *final (may be NULL; the
 *  final model commitment, free with zp_model_commit_free), err (may be
 *  NULL) a one-line reason.  Returns ZP_OK, ZP_ERR_VERIFY, ZP_ERR_PARSE,
 *  ZP_ERR_ARG, ZP_ERR_UNSUPPORTED, ZP_ERR_NOMEM. */
ZP_API zp_err zp_train_run_verify(zp_run_info *info, zp_model_commit **final,
                                  char err[ZP_ZKML_ERR_BYTES], const zp_train_config *cfg,
                                  const zp_mlp *base, const uint8_t (*ds_digests)[32],
                                  size_t n_ds,
                                  uint64_t n_records, const uint8_t *run,
                                  size_t len) ZP_WARN_UNUSED;

/** Verifies a version-3 run (zp_train_run_prove_bound) against cfg, base
 *  (as zp_train_run_verify), the certificate digest ds_digest and the
 *  description tds of the dataset commitment that certificate names (the
 *  caller checks that: zp_cert_check_commit): everything
 *  zp_train_run_verify checks, plus the bind proof with every step's
 *  deferred claims, so that the batch records are the rows idx of the
 *  certified dataset.  A version-2 run is rejected (ZP_ERR_VERIFY), and
 *  zp_train_run_verify refuses version 3 (ZP_ERR_ARG).  Returns as
 *  zp_train_run_verify. */
ZP_API zp_err zp_train_run_verify_bound(zp_run_info *info, zp_model_commit **final,
                                        char err[ZP_ZKML_ERR_BYTES],
                                        const zp_train_config *cfg, const zp_mlp *base,
                                        const uint8_t ds_digest[32],
                                        const zp_train_dataset *tds, const uint8_t *run,
                                        size_t len) ZP_WARN_UNUSED;

/** What a run file names, read without verifying it (the header and C_T
 *  of docs/formats/run.md, section 3). */
typedef struct {
    uint8_t config_digest[32];
    size_t n_datasets;
    uint8_t ds_digests[ZP_ZKML_MAX_DATASETS][32]; /* the certificate digests, in order */
    uint64_t n_records, n_steps;
    uint32_t batch_size;
    uint8_t final_digest[ZP_MODEL_DIGEST_BYTES]; /* digest of C_T (recomputed) */
    int records_bound;  /* version 3: records bound to the dataset commitment */
    uint32_t ds_index;  /* version 3: the dataset opening the run uses */
} zp_run_header;

/** Parses the header of a run file run[len] and its final commitment C_T
 *  (strictly, digest recomputed); the step proofs are skipped, NOT
 *  verified: use zp_train_run_verify for that.  Out: *h, err (may be NULL)
 *  a one-line reason.  Returns ZP_OK, ZP_ERR_PARSE, ZP_ERR_ARG,
 *  ZP_ERR_NOMEM. */
ZP_API zp_err zp_train_run_header(zp_run_header *h, char err[ZP_ZKML_ERR_BYTES],
                                  const uint8_t *run, size_t len) ZP_WARN_UNUSED;

#ifdef __cplusplus
}
#endif
#endif
