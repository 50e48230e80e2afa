/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Hiding tensor-code multilinear commitment (Ligero / Brakedown family):
 * commit, open, verify.  Protocol, soundness and hiding: docs/spec/pcs.md. */
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "common/bigmem.h"
#include "common/ctime.h"
#include "common/rng_internal.h"
#include "field/acc192.h"
#include "field/gl.h"
#include "hash/sha256_internal.h"
#include "pcs/pcs_internal.h"

struct zp_pcs_prover {
    zp_pcs_params p;
    zp_pcs_shape s;
    zp_fe *coef;  /* rows x L coefficient matrix, row-major (secret)        */
    zp_fe *enc;   /* rows x N encoded matrix, row-major (secret), or NULL
                   * when it is larger than ENC_KEEP_MAX (the opening then
                   * encodes the rows again)                                */
    zp_merkle_tree *tree;
    zp_digest root;
    zp_rng rng;       /* the commitment's randomness (secret, for export) */
    size_t n_used;    /* openings done (or marked used)                   */
    uint8_t used[ZP_PCS_MAX_OPENINGS / 8]; /* bit j: opening j used       */
};

/* Rows encoded per round (at most, and at most ENC_BUF_WORDS words of
 * encodings in all): ENC_ROWS_PER_THREAD per thread.  The round's rows
 * are then absorbed into the column hashes in row order. */
#define ENC_ROWS_PER_THREAD 8
#define ENC_BUF_WORDS ((size_t)1 << 21)
/* Largest encoded matrix (bytes) kept for the opening.  Above it the
 * commit streams the rows through a round buffer and never holds the
 * encoded matrix (a fresh GiB costs more in page faults than the second
 * encoding costs the opening). */
#define ENC_KEEP_MAX ((size_t)1 << 30)
/* Columns per record tile of the kept-matrix hashing pass. */
#define KEEP_CB 32
/* Columns per work item of the streamed hashing pass. */
#define HASH_CB 64
/* Rows gathered per hash update: eight 8-byte values = one SHA-256 block. */
#define HASH_RB 8
/* Column salts drawn per zp_rng_stream_many call in the streamed pass (the
 * 16 lanes of the AVX-512 ChaCha20 kernel). */
#define SALT_GROUP 16

/* Word buffers (src/common/bigmem.h: big ones are 2 MiB aligned, on
 * transparent huge pages, and kept for reuse, wiped, after the proof). */
static void *alloc_words(size_t n_words) { return zp_big_alloc(n_words * sizeof(zp_fe)); }

static void wipe_free(void *p, size_t bytes) { zp_big_free(p, bytes); }

static void free_big(zp_pcs_prover *pr) {
    wipe_free(pr->coef, pr->s.rows * pr->s.L * sizeof(zp_fe));
    pr->coef = NULL;
    wipe_free(pr->enc, pr->s.rows * pr->s.n * sizeof(zp_fe));
    pr->enc = NULL;
    zp_merkle_free(pr->tree);
    pr->tree = NULL;
}

void zp_pcs_prover_free(zp_pcs_prover *pr) {
    if (!pr) return;
    free_big(pr);
    ZP_WIPE(pr);
    free(pr);
}

static int used_bit(const zp_pcs_prover *pr, size_t j);
static void set_used(zp_pcs_prover *pr, size_t j);

/* x * a in F_p2 (x^2 = 7). */
static inline zp_fe2 mul_x(zp_fe2 a) {
    zp_fe2 r = {gl_mul7(a.c1), a.c0};
    return r;
}

/* Fills coefficient row r: data row (copied, canonical check) + hiding
 * coefficients, or a uniform mask row.  Returns 0 if a value was >= p. */
static int fill_row(zp_pcs_prover *pr, size_t r, const zp_fe *evals, const zp_rng *rng) {
    const zp_pcs_shape *s = &pr->s;
    zp_fe *row = pr->coef + r * s->L;
    if (r < s->rows_data) {
        const zp_fe *src = evals + r * s->k;
        uint64_t bad = 0;
        for (size_t j = 0; j < s->k; j++) {
            row[j] = src[j];
            bad |= (uint64_t)(src[j] >= ZP_FIELD_P);
        }
        /* O * t hiding coefficients; the first t are those of O = 1. */
        zp_pcs_sample(row + s->k, s->h, rng, ZP_PCS_D_PAD, r);
        return bad == 0;
    }
    zp_pcs_sample(row, s->L, rng, ZP_PCS_D_MASK, r - s->rows_data);
    return 1;
}

/* Rows per round: ENC_ROWS_PER_THREAD per thread, halved while the
 * round's encodings would exceed ENC_BUF_WORDS (at least one row). */
static size_t enc_round_rows(const zp_pcs_shape *s, int n_thr) {
    size_t rr = (size_t)n_thr * ENC_ROWS_PER_THREAD;
    while (rr > 1 && rr * s->n > ENC_BUF_WORDS) rr >>= 1;
    return rr;
}

/* SHA-256 (FIPS 180-4) streaming update of two contexts that have
 * absorbed the same number of bytes, with len bytes each: whole blocks
 * are compressed two streams at a time where the backend has it.  The
 * contexts end exactly as two zp_sha256_update calls would leave them. */
static void sha256_update_x2(zp_sha256_ctx *ca, zp_sha256_ctx *cb, const uint8_t *da,
                             const uint8_t *db, size_t len, zp_sha256_compress_x2_fn x2) {
    ca->n_bytes += len;
    cb->n_bytes += len;
    while (len) {
        size_t bl = ca->buf_len, take = 64 - bl < len ? 64 - bl : len;
        memcpy(ca->buf + bl, da, take);
        memcpy(cb->buf + bl, db, take);
        da += take;
        db += take;
        len -= take;
        bl += take;
        if (bl == 64) {
            if (x2) {
                x2(ca->h, cb->h, ca->buf, cb->buf, 1);
            } else {
                zp_sha256_compress(ca->h, ca->buf, 1);
                zp_sha256_compress(cb->h, cb->buf, 1);
            }
            bl = 0;
        }
        ca->buf_len = cb->buf_len = bl;
    }
}

/* Absorbs rows [0, nrow) of the round buffer (row i at buf + i * n) into
 * the hashes of columns [j0, j1), two columns at a time. */
static void absorb_columns(zp_sha256_ctx *ctx, const zp_fe *buf, size_t n, size_t nrow,
                           size_t j0, size_t j1, zp_sha256_compress_x2_fn x2) {
    uint8_t ba[HASH_RB * 8], bb[HASH_RB * 8];
    size_t j = j0;
    for (; j + 2 <= j1; j += 2)
        for (size_t i0 = 0; i0 < nrow; i0 += HASH_RB) {
            size_t m = nrow - i0 < HASH_RB ? nrow - i0 : HASH_RB;
            const zp_fe *src = buf + i0 * n + j;
            for (size_t i = 0; i < m; i++) {
                zp_store64_le(ba + 8 * i, src[i * n]);
                zp_store64_le(bb + 8 * i, src[i * n + 1]);
            }
            sha256_update_x2(&ctx[j], &ctx[j + 1], ba, bb, 8 * m, x2);
        }
    for (; j < j1; j++)
        for (size_t i0 = 0; i0 < nrow; i0 += HASH_RB) {
            size_t m = nrow - i0 < HASH_RB ? nrow - i0 : HASH_RB;
            const zp_fe *src = buf + i0 * n + j;
            for (size_t i = 0; i < m; i++) zp_store64_le(ba + 8 * i, src[i * n]);
            zp_sha256_update(&ctx[j], ba, 8 * m);
        }
    zp_memzero(ba, sizeof ba);
    zp_memzero(bb, sizeof bb);
}

/* Leaves of columns [j0, j1) from the kept encoded matrix (row-major, rows
 * of n words): each column record salt || values is gathered into rec (a
 * cache-sized tile, record i at rec + i * stride words) and hashed whole,
 * two records per call.  The tile's salts (streams j0 .. j1 - 1) are drawn
 * in one zp_rng_stream_many call.  Returns ZP_OK or ZP_ERR_INTERNAL. */
static zp_err hash_kept_columns(zp_digest *leaves, const zp_fe *enc, const zp_pcs_shape *s,
                                const zp_rng *rng, size_t j0, size_t j1, uint8_t *rec) {
    size_t rec_len = s->stride * sizeof(zp_fe), m = j1 - j0;
    if (zp_rng_stream_many(rng, ZP_PCS_D_SALT, (uint64_t)j0, m, rec, rec_len,
                           ZP_PCS_SALT_WORDS * sizeof(zp_fe)) != ZP_OK)
        return ZP_ERR_INTERNAL;
    /* Rows are n words apart, too many streams for the hardware
     * prefetcher: the lines of the next tile are asked for explicitly
     * while this one is gathered (a hint only; values do not change). */
    size_t pf = j1 + m <= s->n ? m : 0;
    for (size_t r = 0; r < s->rows; r++) {
        const zp_fe *src = enc + r * s->n + j0;
        uint8_t *dst = rec + (ZP_PCS_SALT_WORDS + r) * sizeof(zp_fe);
        for (size_t i = 0; i < pf; i += 8) __builtin_prefetch(src + m + i, 0, 1);
        for (size_t i = 0; i < m; i++) zp_store64_le(dst + i * rec_len, src[i]);
    }
    size_t i = 0;
    for (; i + 2 <= m; i += 2)
        zp_sha256_prefixed_x2(leaves[j0 + i].b, leaves[j0 + i + 1].b, 0x00, rec + i * rec_len,
                              rec + (i + 1) * rec_len, rec_len, 0);
    if (i < m) zp_hash_leaf(&leaves[j0 + i], rec + i * rec_len, rec_len);
    return ZP_OK;
}

/* Column j's leaf is H(0x00 || salt_j || values of column j), the digest
 * zp_hash_leaf gives for the column record (docs/spec/pcs.md).  No
 * column-major copy of the encoded matrix is built.  Up to ENC_KEEP_MAX
 * bytes the rows are encoded in place and kept for the opening, and the
 * records are gathered and hashed a tile of KEEP_CB columns at a time
 * (hash_kept_columns).  Above, rows go through a round buffer of rr rows,
 * each column's SHA-256 state absorbs the round's values in row order
 * (absorb_columns), and the opening encodes the rows again (open_columns).
 * Every digest depends only on its column, not on the thread count. */
zp_err zp_pcs_commit(zp_pcs_prover **out, zp_digest *root, const zp_pcs_params *p,
                     const zp_fe *evals, const zp_rng *rng) {
    return zp_pcs_commit_keep(out, root, p, evals, rng, ENC_KEEP_MAX);
}

zp_err zp_pcs_commit_keep(zp_pcs_prover **out, zp_digest *root, const zp_pcs_params *p,
                          const zp_fe *evals, const zp_rng *rng, size_t keep_max) {
    if (out) *out = NULL;
    if (root) memset(root, 0, sizeof *root);
    if (!out || !root || !p || !evals || !rng) return ZP_ERR_ARG;
    zp_pcs_prover *pr = calloc(1, sizeof *pr);
    if (!pr) return ZP_ERR_NOMEM;
    pr->p = *p;
    pr->rng = *rng;
    if (zp_pcs_shape_of(&pr->s, p) != ZP_OK) {
        free(pr);
        return ZP_ERR_ARG;
    }
    const zp_pcs_shape *s = &pr->s;
    if (s->rows_data < s->rows_full) {
        /* the elided rows are zero by definition: refuse data there */
        uint64_t nz = 0;
        const zp_fe *tail = evals + s->rows_data * s->k;
        const long long nt = (long long)((s->rows_full - s->rows_data) * s->k);
        /* megabytes of zeros in a big layout: read by all threads */
#pragma omp parallel for schedule(static) reduction(| : nz) if (nt >= (1 << 16))
        for (long long i = 0; i < nt; i++) nz |= tail[i];
        ZP_DECLASSIFY(&nz, sizeof nz); /* validity: the error return */
        if (nz) {
            free(pr);
            return ZP_ERR_ARG;
        }
    }
    int n_thr = 1;
#ifdef _OPENMP
    n_thr = omp_get_max_threads();
#endif
    int keep = s->rows * s->n <= keep_max / sizeof(zp_fe);
    size_t rr = keep ? s->rows : enc_round_rows(s, n_thr);
    zp_sha256_compress_x2_fn x2 = zp_sha256_backend_x2_fn();
    pr->coef = alloc_words(s->rows * s->L);
    zp_fe *buf = alloc_words(rr * s->n);
    if (keep) pr->enc = buf;
    /* Kept: per-thread record tiles; streamed: one SHA-256 state per column. */
    size_t tile_bytes = KEEP_CB * s->stride * sizeof(zp_fe);
    uint8_t *tiles = keep ? alloc_words((size_t)n_thr * KEEP_CB * s->stride) : NULL;
    zp_sha256_ctx *ctx = keep ? NULL : malloc(s->n * sizeof *ctx);
    zp_digest *leaves = malloc(s->n * sizeof(zp_digest));
    zp_err err = ZP_OK;
    if (!pr->coef || !buf || (keep ? !tiles : !ctx) || !leaves) err = ZP_ERR_NOMEM;

    int bad_input = 0, int_fail = 0;
    long long nn = (long long)s->n, n_cb = (nn + HASH_CB - 1) / HASH_CB;
    long long n_sg = (nn + SALT_GROUP - 1) / SALT_GROUP;
    if (err == ZP_OK && keep) {
        long long nr = (long long)s->rows, n_kb = (nn + KEEP_CB - 1) / KEEP_CB;
#pragma omp parallel reduction(| : bad_input, int_fail)
        {
            int tid = 0;
#ifdef _OPENMP
            tid = omp_get_thread_num();
#endif
            /* 1. Rows: fill and encode in place. */
#pragma omp for schedule(dynamic, 1)
            for (long long r = 0; r < nr; r++) {
                bad_input |= !fill_row(pr, (size_t)r, evals, rng);
                if (zp_ntt_coset_lde(buf + (size_t)r * s->n, s->log_n, pr->coef + (size_t)r * s->L,
                                     s->L, ZP_PCS_SHIFT) != ZP_OK)
                    int_fail = 1;
            }
            /* 2. Leaves, in tiles of KEEP_CB columns. */
#pragma omp for schedule(dynamic, 1)
            for (long long kb = 0; kb < n_kb; kb++) {
                size_t j0 = (size_t)kb * KEEP_CB;
                size_t j1 = j0 + KEEP_CB < s->n ? j0 + KEEP_CB : s->n;
                if (hash_kept_columns(leaves, buf, s, rng, j0, j1,
                                      tiles + (size_t)tid * tile_bytes) != ZP_OK)
                    int_fail = 1;
            }
        }
    } else if (err == ZP_OK) {
#pragma omp parallel reduction(| : bad_input, int_fail)
        {
            /* 1. Each column's hash starts with the leaf prefix and salt;
             * the salts of SALT_GROUP columns are drawn in one call. */
#pragma omp for schedule(static)
            for (long long g = 0; g < n_sg; g++) {
                uint8_t head[SALT_GROUP][1 + ZP_PCS_SALT_WORDS * 8];
                size_t j0 = (size_t)g * SALT_GROUP;
                size_t m = s->n - j0 < SALT_GROUP ? s->n - j0 : SALT_GROUP;
                if (zp_rng_stream_many(rng, ZP_PCS_D_SALT, (uint64_t)j0, m, &head[0][1],
                                       sizeof head[0], ZP_PCS_SALT_WORDS * 8) != ZP_OK)
                    int_fail = 1;
                for (size_t i = 0; i < m; i++) {
                    head[i][0] = 0x00; /* leaf prefix of zp_hash_leaf */
                    zp_sha256_init(&ctx[j0 + i]);
                    zp_sha256_update(&ctx[j0 + i], head[i], sizeof head[i]);
                }
                zp_memzero(head, sizeof head);
            }
            /* 2. Rounds of rr rows: fill and encode (any order), then
             * absorb the round column by column. */
            for (size_t r0 = 0; r0 < s->rows; r0 += rr) {
                size_t nrow = s->rows - r0 < rr ? s->rows - r0 : rr;
#pragma omp for schedule(dynamic, 1)
                for (long long i = 0; i < (long long)nrow; i++) {
                    size_t r = r0 + (size_t)i;
                    bad_input |= !fill_row(pr, r, evals, rng);
                    if (zp_ntt_coset_lde(buf + (size_t)i * s->n, s->log_n, pr->coef + r * s->L,
                                         s->L, ZP_PCS_SHIFT) != ZP_OK)
                        int_fail = 1;
                }
#pragma omp for schedule(dynamic, 1)
                for (long long cb = 0; cb < n_cb; cb++) {
                    size_t j0 = (size_t)cb * HASH_CB;
                    size_t j1 = j0 + HASH_CB < s->n ? j0 + HASH_CB : s->n;
                    absorb_columns(ctx, buf, s->n, nrow, j0, j1, x2);
                }
            }
            /* 3. Leaf digests. */
#pragma omp for schedule(static)
            for (long long j = 0; j < nn; j++) zp_sha256_final(&ctx[j], leaves[j].b);
        }
    }
    /* Whether the witness had a value >= p: the one bit an error return
     * reveals (src/common/ctime.h). */
    ZP_DECLASSIFY(&bad_input, sizeof bad_input);
    if (err == ZP_OK && bad_input) err = ZP_ERR_ARG;
    else if (err == ZP_OK && int_fail) err = ZP_ERR_INTERNAL;
    if (err == ZP_OK) err = zp_merkle_build(&pr->tree, leaves, s->n);
    if (err == ZP_OK) zp_merkle_root(pr->tree, &pr->root);
    /* The root is the published commitment (src/common/ctime.h). */
    ZP_DECLASSIFY(&pr->root, sizeof pr->root);

    if (!keep) wipe_free(buf, rr * s->n * sizeof(zp_fe));
    if (tiles) wipe_free(tiles, (size_t)n_thr * tile_bytes);
    if (ctx) zp_memzero(ctx, s->n * sizeof *ctx);
    free(ctx);
    free(leaves);
    if (err != ZP_OK) {
        zp_pcs_prover_free(pr);
        return err;
    }
    *root = pr->root;
    *out = pr;
    return ZP_OK;
}

/* cols[i * rows + r] = row r of the encoded matrix at column idx[i], for
 * i < q: read from the kept encoded matrix, or every row is encoded again
 * (one coset NTT each, parallel over rows; each value depends only on its
 * row, so any schedule gives the same result).  Returns ZP_OK, ZP_ERR_NOMEM or ZP_ERR_INTERNAL. */
static zp_err open_columns(zp_fe *cols, const zp_pcs_prover *pr, const size_t *idx, size_t q) {
    const zp_pcs_shape *s = &pr->s;
    if (pr->enc) {
        /* a gather of q scattered words per row (cache misses, not
         * arithmetic): rows split between the threads, each entry written
         * by one of them (the same values for any thread count) */
        const long long nr = (long long)s->rows;
#pragma omp parallel for schedule(static) if (nr * (long long)q >= 4096)
        for (long long r = 0; r < nr; r++) {
            const zp_fe *row = pr->enc + (size_t)r * s->n;
            for (size_t i = 0; i < q; i++) cols[i * s->rows + (size_t)r] = row[idx[i]];
        }
        return ZP_OK;
    }
    int n_thr = 1;
#ifdef _OPENMP
    n_thr = omp_get_max_threads();
#endif
    zp_fe *bufs = alloc_words((size_t)n_thr * s->n);
    if (!bufs) return ZP_ERR_NOMEM;
    int fail = 0;
    long long nr = (long long)s->rows;
#pragma omp parallel reduction(| : fail)
    {
        int tid = 0;
#ifdef _OPENMP
        tid = omp_get_thread_num();
#endif
        zp_fe *buf = bufs + (size_t)tid * s->n;
#pragma omp for schedule(dynamic, 4)
        for (long long r = 0; r < nr; r++) {
            if (zp_ntt_coset_lde(buf, s->log_n, pr->coef + (size_t)r * s->L, s->L,
                                 ZP_PCS_SHIFT) != ZP_OK)
                fail = 1;
            for (size_t i = 0; i < q; i++) cols[i * s->rows + (size_t)r] = buf[idx[i]];
        }
    }
    wipe_free(bufs, (size_t)n_thr * s->n * sizeof(zp_fe));
    return fail ? ZP_ERR_INTERNAL : ZP_OK;
}

/* ---------------- a commitment in another process ---------------- */

zp_err zp_pcs_recommit(zp_pcs_prover **out, const zp_pcs_params *p, const zp_fe *evals,
                       const zp_rng *rng, const zp_digest *expected_root) {
    if (out) *out = NULL;
    if (!out || !expected_root) return ZP_ERR_ARG;
    zp_digest root;
    zp_pcs_prover *pr = NULL;
    zp_err e = zp_pcs_commit(&pr, &root, p, evals, rng);
    if (e != ZP_OK) return e;
    if (!zp_memeq(root.b, expected_root->b, ZP_DIGEST_BYTES)) {
        zp_pcs_prover_free(pr);
        return ZP_ERR_VERIFY;
    }
    *out = pr;
    return ZP_OK;
}

/* Exported state (docs/spec/pcs.md, "Many openings"): magic, the seven
 * parameters (u32 LE, max_openings normalised to O), rng key, root,
 * evaluation digest, used-opening bitmap of ceil(O / 8) bytes. */
static const uint8_t SECRET_MAGIC[8] = {'Z', 'P', 'P', 'C', 'S', 'S', 'K', '1'};
#define SECRET_FIXED (8 + 7 * 4 + ZP_RNG_SEED_BYTES + 2 * ZP_DIGEST_BYTES)

size_t zp_pcs_secret_bytes(const zp_pcs_params *p) {
    zp_pcs_shape s;
    if (zp_pcs_shape_of(&s, p) != ZP_OK) return 0;
    return SECRET_FIXED + (s.n_open + 7) / 8;
}

/* SHA-256 of a label and the evaluations row by row (data rows of stride
 * `stride` words, k values each), as little-endian words. */
static void evals_digest(zp_digest *out, const zp_fe *src, size_t n_rows, size_t k,
                         size_t stride) {
    static const char label[] = "zkprov-v1/pcs-evals";
    zp_sha256_ctx h;
    zp_sha256_init(&h);
    zp_sha256_update(&h, label, sizeof label);
    uint8_t buf[8 * 256];
    for (size_t r = 0; r < n_rows; r++)
        for (size_t j0 = 0; j0 < k; j0 += 256) {
            size_t m = k - j0 < 256 ? k - j0 : 256;
            for (size_t j = 0; j < m; j++) zp_store64_le(buf + 8 * j, src[r * stride + j0 + j]);
            zp_sha256_update(&h, buf, 8 * m);
        }
    zp_sha256_final(&h, out->b);
    zp_memzero(buf, sizeof buf);
    ZP_WIPE(&h);
}

zp_err zp_pcs_prover_export(const zp_pcs_prover *pr, zp_bytes *out) {
    if (!pr || !out || !pr->coef) return ZP_ERR_ARG;
    const zp_pcs_shape *s = &pr->s;
    /* the secret format (docs/formats) has no field for elided rows */
    if (s->rows_data != s->rows_full) return ZP_ERR_UNSUPPORTED;
    uint8_t hdr[SECRET_FIXED];
    uint8_t *w = hdr;
    memcpy(w, SECRET_MAGIC, 8);
    w += 8;
    const unsigned pv[7] = {pr->p.n_vars,     pr->p.log_cols, pr->p.log_inv_rate,
                            pr->p.n_queries,  pr->p.max_claims, pr->p.n_prox,
                            (unsigned)s->n_open};
    for (int i = 0; i < 7; i++, w += 4) zp_store32_le(w, pv[i]);
    memcpy(w, pr->rng.key, ZP_RNG_SEED_BYTES);
    w += ZP_RNG_SEED_BYTES;
    memcpy(w, pr->root.b, ZP_DIGEST_BYTES);
    w += ZP_DIGEST_BYTES;
    zp_digest d;
    evals_digest(&d, pr->coef, s->rows_data, s->k, s->L);
    memcpy(w, d.b, ZP_DIGEST_BYTES);
    size_t before = out->len;
    zp_bytes_append(out, hdr, sizeof hdr);
    zp_bytes_append(out, pr->used, (s->n_open + 7) / 8);
    zp_memzero(hdr, sizeof hdr);
    if (out->failed) return ZP_ERR_NOMEM;
    return out->len == before + SECRET_FIXED + (s->n_open + 7) / 8 ? ZP_OK : ZP_ERR_INTERNAL;
}

zp_err zp_pcs_prover_import(zp_pcs_prover **out, zp_digest *root, const uint8_t *data,
                            size_t len, const zp_fe *evals, size_t n_evals) {
    if (out) *out = NULL;
    if (root) memset(root, 0, sizeof *root);
    if (!out || !data || !evals) return ZP_ERR_ARG;
    if (len < SECRET_FIXED || memcmp(data, SECRET_MAGIC, 8) != 0) return ZP_ERR_PARSE;
    zp_pcs_params p;
    const uint8_t *r = data + 8;
    p.n_vars = zp_load32_le(r);
    p.log_cols = zp_load32_le(r + 4);
    p.log_inv_rate = zp_load32_le(r + 8);
    p.n_queries = zp_load32_le(r + 12);
    p.max_claims = zp_load32_le(r + 16);
    p.n_prox = zp_load32_le(r + 20);
    p.max_openings = zp_load32_le(r + 24);
    p.rows_used = 0;
    r += 28;
    zp_pcs_shape s;
    if (p.max_openings == 0 || zp_pcs_shape_of(&s, &p) != ZP_OK) return ZP_ERR_PARSE;
    size_t nb = (s.n_open + 7) / 8;
    if (len != SECRET_FIXED + nb) return ZP_ERR_PARSE;
    const uint8_t *bits = data + SECRET_FIXED;
    if ((s.n_open & 7) && (bits[nb - 1] >> (s.n_open & 7)) != 0) return ZP_ERR_PARSE;
    size_t n_used = 0;
    for (size_t j = 0; j < s.n_open; j++) n_used += (bits[j >> 3] >> (j & 7)) & 1;
    if (n_used == s.n_open) return ZP_ERR_ARG; /* nothing left to open */
    if (n_evals != s.rows_data * s.k) return ZP_ERR_ARG;
    zp_rng rng;
    zp_rng_init_seed(&rng, r);
    zp_digest want_root, d;
    memcpy(want_root.b, r + ZP_RNG_SEED_BYTES, ZP_DIGEST_BYTES);
    evals_digest(&d, evals, s.rows_data, s.k, s.k);
    zp_err e = ZP_ERR_VERIFY;
    /* whether these are the committed evaluations: the one bit the error
     * return reveals (src/common/ctime.h) */
    int same = zp_memeq(d.b, r + ZP_RNG_SEED_BYTES + ZP_DIGEST_BYTES, ZP_DIGEST_BYTES);
    ZP_DECLASSIFY(&same, sizeof same);
    if (same) e = zp_pcs_recommit(out, &p, evals, &rng, &want_root);
    ZP_WIPE(&rng);
    if (e != ZP_OK) return e;
    for (size_t j = 0; j < s.n_open; j++)
        if ((bits[j >> 3] >> (j & 7)) & 1) set_used(*out, j);
    if (root) *root = want_root;
    return ZP_OK;
}

/* ---------------- the opening protocol ---------------- */

/* Extension vectors of at least PCS_TREE_MIN elements (2 PCS_TREE_MIN
 * words) are absorbed with the tree absorb (chunks hashed in parallel,
 * docs/spec/transcript.md "Tree absorbs"), shorter ones flat.  The choice
 * depends only on the public length, so prover and verifier agree. */
#define PCS_TREE_MIN 2048

static void absorb_vec(zp_transcript *tr, const char *label, const zp_fe2 *v, size_t n) {
    if (n >= PCS_TREE_MIN) zp_transcript_absorb_fe2_tree(tr, label, v, n);
    else zp_transcript_absorb_fe2(tr, label, v, n);
}

static void send_vec(zp_transcript *tr, zp_bytes *proof, const char *label, const zp_fe2 *v,
                     size_t n) {
    if (n >= PCS_TREE_MIN) zp_fs_send_fe2_tree(tr, proof, label, v, n);
    else zp_fs_send_fe2(tr, proof, label, v, n);
}

static zp_err recv_vec(zp_transcript *tr, zp_reader *proof, const char *label, zp_fe2 *v,
                       size_t n) {
    if (n >= PCS_TREE_MIN) return zp_fs_recv_fe2_tree(tr, proof, label, v, n);
    return zp_fs_recv_fe2(tr, proof, label, v, n);
}

/* b_c is often zero outside a short range (a claim on one tensor of the
 * witness layout): it is absorbed as its non-zero range [lo, hi) and the
 * values there.  Given the public length, (lo, hi, b[lo..hi)) determines
 * b, so this binds b as the whole vector would (docs/spec/pcs.md). */
static void absorb_trimmed(zp_transcript *tr, const zp_fe2 *v, size_t n) {
    size_t lo = 0, hi = n;
    while (hi > 0 && (v[hi - 1].c0 | v[hi - 1].c1) == 0) hi--;
    while (lo < hi && (v[lo].c0 | v[lo].c1) == 0) lo++;
    zp_transcript_absorb_u64(tr, "pcs/b-lo", lo);
    zp_transcript_absorb_u64(tr, "pcs/b-hi", hi);
    absorb_vec(tr, "pcs/b", v + lo, hi - lo);
}

/* Transcript header shared by prover and verifier. */
static void absorb_statement(zp_transcript *tr, const zp_pcs_params *p, const zp_digest *root,
                             size_t n_claims, const zp_fe2 *const *a, const zp_fe2 *const *b,
                             const zp_pcs_shape *s, const zp_fe2 *y, unsigned j) {
    zp_transcript_absorb_u64(tr, "pcs/n_vars", p->n_vars);
    zp_transcript_absorb_u64(tr, "pcs/log_cols", p->log_cols);
    zp_transcript_absorb_u64(tr, "pcs/log_inv_rate", p->log_inv_rate);
    zp_transcript_absorb_u64(tr, "pcs/n_queries", p->n_queries);
    zp_transcript_absorb_u64(tr, "pcs/max_claims", p->max_claims);
    zp_transcript_absorb_u64(tr, "pcs/n_prox", p->n_prox);
    /* Multi-opening commitments also bind O and the opening index; with
     * O = 1 nothing is added, so the transcript is the single-opening one. */
    if (s->n_open > 1) {
        zp_transcript_absorb_u64(tr, "pcs/max_openings", s->n_open);
        zp_transcript_absorb_u64(tr, "pcs/opening", j);
    }
    /* elided zero rows: bound when used (nothing added otherwise) */
    if (s->rows_data != s->rows_full) zp_transcript_absorb_u64(tr, "pcs/rows_used", s->rows_data);
    zp_transcript_absorb_digest(tr, "pcs/root", root);
    zp_transcript_absorb_u64(tr, "pcs/n_claims", n_claims);
    for (size_t c = 0; c < n_claims; c++) {
        absorb_vec(tr, "pcs/a", a[c], s->rows_data);
        absorb_trimmed(tr, b[c], s->k);
    }
    zp_transcript_absorb_fe2(tr, "pcs/y", y, n_claims);
}

/* Challenges after the v_c: rho[n_claims], gamma[n_prox][rows_np],
 * beta[n_prox][n_prox]. */
static void draw_challenges(zp_transcript *tr, const zp_pcs_params *p, const zp_pcs_shape *s,
                            size_t n_claims, zp_fe2 *rho, zp_fe2 *gamma, zp_fe2 *beta) {
    zp_transcript_challenge_fe2_vec(tr, "pcs/rho", rho, n_claims);
    zp_transcript_challenge_fe2_vec(tr, "pcs/gamma", gamma, p->n_prox * s->rows_np);
    zp_transcript_challenge_fe2_vec(tr, "pcs/beta", beta, (size_t)p->n_prox * p->n_prox);
}

/* Weights over all rows of proximity combination i of opening g:
 * gamma_i on the data rows and group g's claim masks, beta_ij (1, x) on
 * group g's mask pair j.  Only these positions are written (the same ones
 * for every i); the caller keeps every other row's weight zero. */
static void prox_weights(zp_fe2 *w, const zp_pcs_params *p, const zp_pcs_shape *s,
                         const zp_fe2 *gamma, const zp_fe2 *beta, unsigned i, size_t g) {
    const zp_fe2 *gi = gamma + (size_t)i * s->rows_np;
    size_t n_cm = s->row_prox - s->row_claim;
    memcpy(w, gi, s->rows_data * sizeof(zp_fe2));
    memcpy(w + zp_pcs_claim_row(s, g), gi + s->rows_data, n_cm * sizeof(zp_fe2));
    size_t rp = zp_pcs_prox_row(s, g);
    for (unsigned j = 0; j < p->n_prox; j++) {
        zp_fe2 bij = beta[(size_t)i * p->n_prox + j];
        w[rp + 2 * j] = bij;
        w[rp + 2 * j + 1] = mul_x(bij);
    }
}

/* q distinct column indices from the transcript, sorted. */
static void draw_queries(zp_transcript *tr, size_t *idx, size_t q, size_t n) {
    size_t got = 0;
    while (got < q) {
        size_t j = (size_t)zp_transcript_challenge_index(tr, "pcs/query", n);
        int dup = 0;
        for (size_t i = 0; i < got; i++) dup |= idx[i] == j;
        if (!dup) idx[got++] = j;
    }
    for (size_t i = 1; i < q; i++) { /* insertion sort: q is small */
        size_t v = idx[i], j = i;
        while (j > 0 && idx[j - 1] > v) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = v;
    }
}

static zp_fe2 dot2(const zp_fe2 *x, const zp_fe2 *y, size_t n) {
    zp_fe2 acc = {0, 0};
    for (size_t i = 0; i < n; i++) acc = gl2_add(acc, gl2_mul(x[i], y[i]));
    return acc;
}

/* Values of a claim's dot products per task of claim_dots. */
#define CLAIM_CHUNK 1024

/* One task of the claims' dot products: over j0 <= j < j1 of claim c,
 * *py = sum uc[j] b[j] and *pv = sum (s1[j] + s2[j] x) b[j] (x^2 = 7),
 * each as three exact lazy sums x0 y0, x1 y1, x0 y1 + x1 y0 (field/acc192.h),
 * so that neither the split of a sum nor the thread count changes it. */
static void claim_dots(zp_fe2 *py, zp_fe2 *pv, const zp_fe2 *uc, const zp_fe2 *b,
                       const zp_fe *s1, const zp_fe *s2, size_t j0, size_t j1) {
    zp_acc192 a[6];
    memset(a, 0, sizeof a);
    for (size_t j = j0; j < j1; j++) {
        const zp_fe2 x = uc[j], y = b[j];
        zp_acc192_mac(&a[0], x.c0, y.c0);
        zp_acc192_mac(&a[1], x.c1, y.c1);
        zp_acc192_mac(&a[2], x.c0, y.c1);
        zp_acc192_mac(&a[2], x.c1, y.c0);
        zp_acc192_mac(&a[3], s1[j], y.c0);
        zp_acc192_mac(&a[4], s2[j], y.c1);
        zp_acc192_mac(&a[5], s1[j], y.c1);
        zp_acc192_mac(&a[5], s2[j], y.c0);
    }
    py->c0 = gl_add(zp_acc192_reduce(&a[0]), gl_mul7(zp_acc192_reduce(&a[1])));
    py->c1 = zp_acc192_reduce(&a[2]);
    pv->c0 = gl_add(zp_acc192_reduce(&a[3]), gl_mul7(zp_acc192_reduce(&a[4])));
    pv->c1 = zp_acc192_reduce(&a[5]);
    zp_memzero(a, sizeof a);
}

static int used_bit(const zp_pcs_prover *pr, size_t j) {
    return (pr->used[j >> 3] >> (j & 7)) & 1;
}

static void set_used(zp_pcs_prover *pr, size_t j) {
    if (used_bit(pr, j)) return;
    pr->used[j >> 3] |= (uint8_t)(1u << (j & 7));
    pr->n_used++;
}

zp_err zp_pcs_prover_mark_used(zp_pcs_prover *pr, unsigned j) {
    if (!pr || j >= pr->s.n_open) return ZP_ERR_ARG;
    set_used(pr, j);
    if (pr->n_used == pr->s.n_open) free_big(pr);
    return ZP_OK;
}

int zp_pcs_prover_used(const zp_pcs_prover *pr, unsigned j) {
    if (!pr || j >= pr->s.n_open) return 1;
    return used_bit(pr, j);
}

zp_err zp_pcs_open_at(zp_pcs_prover *pr, unsigned jo, zp_transcript *tr, zp_bytes *proof,
                      size_t n_claims, const zp_fe2 *const *a, const zp_fe2 *const *b,
                      zp_fe2 *y) {
    if (y && pr && n_claims <= pr->p.max_claims) memset(y, 0, n_claims * sizeof *y);
    if (!pr || !tr || !proof || (n_claims && (!a || !b || !y))) return ZP_ERR_ARG;
    if (jo >= pr->s.n_open || used_bit(pr, jo) || !pr->coef || n_claims > pr->p.max_claims)
        return ZP_ERR_ARG;
    for (size_t c = 0; c < n_claims; c++)
        if (!a[c] || !b[c]) return ZP_ERR_ARG;
    const zp_pcs_params *p = &pr->p;
    const zp_pcs_shape *s = &pr->s;
    size_t n_u = p->n_prox + n_claims, q = s->t, L = s->L;

    zp_fe2 *u = malloc(n_u * L * sizeof(zp_fe2));
    zp_fe2 *w = calloc(n_u * s->rows + 1, sizeof(zp_fe2));
    zp_fe2 *gamma = malloc((p->n_prox * s->rows_np + 1) * sizeof(zp_fe2));
    zp_fe2 *rho = malloc((n_claims + 1) * sizeof(zp_fe2));
    zp_fe2 *v = malloc((n_claims + 1) * sizeof(zp_fe2));
    zp_fe2 *lam = malloc(n_u * sizeof(zp_fe2));
    zp_fe2 beta[ZP_PCS_MAX_PROX * ZP_PCS_MAX_PROX];
    size_t *idx = malloc(q * sizeof(size_t));
    zp_digest *path = malloc((s->path_max + 1) * sizeof(zp_digest));
    zp_fe *colv = NULL;
    zp_err err = ZP_OK;
    if (!u || !w || !gamma || !rho || !v || !lam || !idx || !path) {
        err = ZP_ERR_NOMEM;
        goto done;
    }
    /* Mark the opening used before anything about it is revealed. */
    set_used(pr, jo);
    const size_t rc = zp_pcs_claim_row(s, jo);

    /* A_c = a_c^T (data rows), over all L coefficients: stored in the
     * claim slots of u, masked below. */
    zp_fe2 *uc = u + (size_t)p->n_prox * L;
    for (size_t c = 0; c < n_claims; c++) memcpy(w + c * s->rows, a[c], s->rows_data * sizeof(zp_fe2));
    zp_pcs_rowcomb(uc, n_claims, w, s->rows, pr->coef, s->rows_data, L);
    /* y_c = <A_c, b_c> and v_c = <S_c, b_c> with S_c = S_c1 + x S_c2
     * (first k coefficients, from mask group jo): per claim in chunks of
     * CLAIM_CHUNK values, the tasks split between the threads; each
     * chunk's sums are exact field values, added in chunk order. */
    const size_t nch = (s->k + CLAIM_CHUNK - 1) / CLAIM_CHUNK, ntask = n_claims * nch;
    zp_fe2 *part = malloc((2 * ntask + 1) * sizeof(zp_fe2));
    if (!part) {
        err = ZP_ERR_NOMEM;
        goto done;
    }
    const long long nts = (long long)ntask;
#pragma omp parallel for schedule(static) if (nts >= 2 && n_claims * s->k >= 8192)
    for (long long tt = 0; tt < nts; tt++) {
        const size_t c = (size_t)tt / nch, j0 = ((size_t)tt % nch) * CLAIM_CHUNK;
        const size_t j1 = j0 + CLAIM_CHUNK < s->k ? j0 + CLAIM_CHUNK : s->k;
        const zp_fe *s1 = pr->coef + (rc + 2 * c) * L, *s2 = s1 + L;
        claim_dots(&part[2 * tt], &part[2 * tt + 1], uc + c * L, b[c], s1, s2, j0, j1);
    }
    for (size_t c = 0; c < n_claims; c++) {
        zp_fe2 sy = {0, 0}, sv = {0, 0};
        for (size_t h = 0; h < nch; h++) {
            sy = gl2_add(sy, part[2 * (c * nch + h)]);
            sv = gl2_add(sv, part[2 * (c * nch + h) + 1]);
        }
        y[c] = sy;
        v[c] = sv;
    }
    zp_memzero(part, (2 * ntask + 1) * sizeof(zp_fe2));
    free(part);
    absorb_statement(tr, p, &pr->root, n_claims, a, b, s, y, jo);
    zp_fs_send_fe2(tr, proof, "pcs/v", v, n_claims);
    draw_challenges(tr, p, s, n_claims, rho, gamma, beta);

    /* u_c = A_c + rho_c S_c; u_0^(i) = sum_r w_i[r] C_r.  Entries
     * independent: split over the threads. */
#pragma omp parallel for collapse(2) schedule(static) if (n_claims * L >= 8192)
    for (size_t c = 0; c < n_claims; c++) {
        for (size_t j = 0; j < L; j++) {
            const zp_fe *s1 = pr->coef + (rc + 2 * c) * L, *s2 = s1 + L;
            zp_fe2 sj = {s1[j], s2[j]};
            uc[c * L + j] = gl2_add(uc[c * L + j], gl2_mul(rho[c], sj));
        }
    }
    /* w still holds a_c on the data rows of its first n_claims slots:
     * clear what prox_weights does not overwrite (rows outside group jo
     * must weigh zero).  zp_pcs_rowcomb skips zero weights, so the other
     * groups' rows cost nothing. */
    memset(w, 0, (size_t)p->n_prox * s->rows * sizeof(zp_fe2));
    for (unsigned i = 0; i < p->n_prox; i++)
        prox_weights(w + (size_t)i * s->rows, p, s, gamma, beta, i, jo);
    zp_pcs_rowcomb(u, p->n_prox, w, s->rows, pr->coef, s->rows, L);
    send_vec(tr, proof, "pcs/u0", u, (size_t)p->n_prox * L);
    send_vec(tr, proof, "pcs/uc", uc, n_claims * L);

    /* Column queries: salt, values, then one batched Merkle path padded to
     * the fixed length s->path_max with zero digests. */
    draw_queries(tr, idx, q, s->n);
    colv = malloc(q * s->rows * sizeof(zp_fe) + 1);
    if (!colv) {
        err = ZP_ERR_NOMEM;
        goto done;
    }
    if ((err = open_columns(colv, pr, idx, q)) != ZP_OK) goto done;
    for (size_t i = 0; i < q; i++) {
        uint8_t salt[ZP_PCS_SALT_WORDS * 8];
        zp_rng_stream(&pr->rng, ZP_PCS_D_SALT, (uint64_t)idx[i], salt, sizeof salt);
        /* fixed by the root: written, not absorbed (docs/spec/pcs.md) */
        zp_fs_put_bytes(proof, salt, sizeof salt);
        zp_fs_put_fe(proof, colv + i * s->rows, s->rows);
    }
    size_t n_path = 0;
    err = zp_merkle_prove_batch(pr->tree, idx, q, path, s->path_max + 1, &n_path);
    if (err == ZP_OK && n_path > s->path_max) err = ZP_ERR_INTERNAL;
    if (err != ZP_OK) goto done;
    memset(path + n_path, 0, (s->path_max - n_path) * sizeof(zp_digest));
    zp_fs_put_digest(proof, path, s->path_max);
    /* The verifier's batching challenge: drawn here too so both transcripts
     * stay in step. */
    zp_transcript_challenge_fe2_vec(tr, "pcs/lambda", lam, n_u);
    if (proof->failed) err = ZP_ERR_NOMEM;

done:
    if (u) zp_memzero(u, n_u * L * sizeof(zp_fe2));
    free(u);
    free(w);
    free(gamma);
    free(rho);
    if (v) zp_memzero(v, (n_claims + 1) * sizeof(zp_fe2));
    free(v);
    free(lam);
    free(idx);
    free(path);
    if (colv) zp_memzero(colv, q * s->rows * sizeof(zp_fe));
    free(colv);
    /* The big buffers go once every opening is used (kept until then:
     * the later openings need the coefficient and column matrices). */
    if (pr->n_used == s->n_open) free_big(pr);
    if (err != ZP_OK && y) memset(y, 0, n_claims * sizeof *y);
    return err;
}

zp_err zp_pcs_open(zp_pcs_prover *pr, zp_transcript *tr, zp_bytes *proof, size_t n_claims,
                   const zp_fe2 *const *a, const zp_fe2 *const *b, zp_fe2 *y) {
    return zp_pcs_open_at(pr, 0, tr, proof, n_claims, a, b, y);
}

zp_err zp_pcs_verify_at(const zp_pcs_params *p, const zp_digest *root, unsigned jo,
                        zp_transcript *tr, zp_reader *proof, size_t n_claims,
                        const zp_fe2 *const *a, const zp_fe2 *const *b, const zp_fe2 *y) {
    zp_pcs_shape sh;
    if (!p || !root || !tr || !proof || (n_claims && (!a || !b || !y))) return ZP_ERR_ARG;
    if (zp_pcs_shape_of(&sh, p) != ZP_OK || n_claims > p->max_claims) return ZP_ERR_ARG;
    if (jo >= sh.n_open) return ZP_ERR_ARG;
    for (size_t c = 0; c < n_claims; c++)
        if (!a[c] || !b[c]) return ZP_ERR_ARG;
    const zp_pcs_shape *s = &sh;
    size_t n_u = p->n_prox + n_claims, q = s->t, L = s->L;

    zp_fe2 *u = malloc(n_u * L * sizeof(zp_fe2));
    zp_fe2 *ucomb = malloc(L * sizeof(zp_fe2));
    zp_fe2 *wrow = calloc(s->rows, sizeof(zp_fe2)); /* zero outside group jo */
    zp_fe2 *wtot = calloc(s->rows, sizeof(zp_fe2));
    zp_fe2 *gamma = malloc((p->n_prox * s->rows_np + 1) * sizeof(zp_fe2));
    zp_fe2 *rho = malloc((n_claims + 1) * sizeof(zp_fe2));
    zp_fe2 *v = malloc((n_claims + 1) * sizeof(zp_fe2));
    zp_fe2 *lam = malloc(n_u * sizeof(zp_fe2));
    zp_fe2 *enc = malloc(q * sizeof(zp_fe2));
    zp_fe2 beta[ZP_PCS_MAX_PROX * ZP_PCS_MAX_PROX];
    size_t *idx = malloc(q * sizeof(size_t));
    zp_fe *colv = malloc(q * s->rows * sizeof(zp_fe));
    zp_digest *leaves = malloc(q * sizeof(zp_digest));
    zp_digest *path = malloc(s->path_max * sizeof(zp_digest) + 1);
    uint8_t *rec = malloc(s->stride * sizeof(zp_fe));
    zp_err err = ZP_OK;
    if (!u || !ucomb || !wrow || !wtot || !gamma || !rho || !v || !lam || !enc || !idx ||
        !colv || !leaves || !path || !rec) {
        err = ZP_ERR_NOMEM;
        goto done;
    }

    absorb_statement(tr, p, root, n_claims, a, b, s, y, jo);
    if ((err = zp_fs_recv_fe2(tr, proof, "pcs/v", v, n_claims)) != ZP_OK) goto done;
    draw_challenges(tr, p, s, n_claims, rho, gamma, beta);
    if ((err = recv_vec(tr, proof, "pcs/u0", u, (size_t)p->n_prox * L)) != ZP_OK) goto done;
    zp_fe2 *uc = u + (size_t)p->n_prox * L;
    if ((err = recv_vec(tr, proof, "pcs/uc", uc, n_claims * L)) != ZP_OK) goto done;

    draw_queries(tr, idx, q, s->n);
    for (size_t i = 0; i < q; i++) {
        zp_fe *cv = colv + i * s->rows;
        if ((err = zp_fs_get_bytes(proof, rec, ZP_PCS_SALT_WORDS * 8)) != ZP_OK) goto done;
        if ((err = zp_fs_get_fe(proof, cv, s->rows)) != ZP_OK) goto done;
        for (size_t r = 0; r < s->rows; r++) zp_store64_le(rec + 8 * (ZP_PCS_SALT_WORDS + r), cv[r]);
        zp_hash_leaf(&leaves[i], rec, s->stride * sizeof(zp_fe));
    }
    if ((err = zp_fs_get_digest(proof, path, s->path_max)) != ZP_OK) goto done;
    zp_transcript_challenge_fe2_vec(tr, "pcs/lambda", lam, n_u);

    /* 1. Claims: <u_c[0..k), b_c> = y_c + rho_c v_c. */
    for (size_t c = 0; c < n_claims; c++) {
        zp_fe2 lhs = dot2(uc + c * L, b[c], s->k);
        zp_fe2 rhs = gl2_add(y[c], gl2_mul(rho[c], v[c]));
        if (!gl2_eq(lhs, rhs)) {
            err = ZP_ERR_VERIFY;
            goto done;
        }
    }

    /* 2. Merkle: the path is the canonical batched path, zero padded. */
    size_t n_path = zp_merkle_batch_count(s->n, idx, q);
    if (n_path > s->path_max) {
        err = ZP_ERR_VERIFY;
        goto done;
    }
    {
        uint8_t nz = 0;
        for (size_t i = n_path; i < s->path_max; i++)
            for (size_t j = 0; j < ZP_DIGEST_BYTES; j++) nz |= path[i].b[j];
        if (nz) {
            err = ZP_ERR_VERIFY;
            goto done;
        }
    }
    if (zp_merkle_verify_batch(root, s->n, idx, leaves, q, path, n_path) != ZP_OK) {
        err = ZP_ERR_VERIFY;
        goto done;
    }

    /* 3. Consistency of all u at once: with U = sum_m lam_m u_m and
     * W = sum_m lam_m w_m, Enc(U)[j] = <W, column j> for every query. */
    memset(ucomb, 0, L * sizeof(zp_fe2));
    for (size_t m = 0; m < n_u; m++) {
        const zp_fe2 *um = u + m * L;
        for (size_t j = 0; j < L; j++) ucomb[j] = gl2_add(ucomb[j], gl2_mul(lam[m], um[j]));
    }
    for (unsigned i = 0; i < p->n_prox; i++) {
        prox_weights(wrow, p, s, gamma, beta, i, jo);
        for (size_t r = 0; r < s->rows; r++) wtot[r] = gl2_add(wtot[r], gl2_mul(lam[i], wrow[r]));
    }
    for (size_t c = 0; c < n_claims; c++) {
        zp_fe2 lc = lam[p->n_prox + c];
        for (size_t r = 0; r < s->rows_data; r++) wtot[r] = gl2_add(wtot[r], gl2_mul(lc, a[c][r]));
        zp_fe2 lr = gl2_mul(lc, rho[c]);
        size_t r1 = zp_pcs_claim_row(s, jo) + 2 * c;
        wtot[r1] = gl2_add(wtot[r1], lr);
        wtot[r1 + 1] = gl2_add(wtot[r1 + 1], mul_x(lr));
    }
    if ((err = zp_rs_eval_at(enc, ucomb, L, s->log_n, idx, q)) != ZP_OK) goto done;
    for (size_t i = 0; i < q; i++) {
        const zp_fe *cv = colv + i * s->rows;
        zp_fe2 acc = {0, 0};
        for (size_t r = 0; r < s->rows; r++) {
            acc.c0 = gl_add(acc.c0, gl_mul(wtot[r].c0, cv[r]));
            acc.c1 = gl_add(acc.c1, gl_mul(wtot[r].c1, cv[r]));
        }
        if (!gl2_eq(acc, enc[i])) {
            err = ZP_ERR_VERIFY;
            goto done;
        }
    }

done:
    free(u);
    free(ucomb);
    free(wrow);
    free(wtot);
    free(gamma);
    free(rho);
    free(v);
    free(lam);
    free(enc);
    free(idx);
    free(colv);
    free(leaves);
    free(path);
    free(rec);
    return err;
}

zp_err zp_pcs_verify(const zp_pcs_params *p, const zp_digest *root, zp_transcript *tr,
                     zp_reader *proof, size_t n_claims, const zp_fe2 *const *a,
                     const zp_fe2 *const *b, const zp_fe2 *y) {
    return zp_pcs_verify_at(p, root, 0, tr, proof, n_claims, a, b, y);
}

/* ---------------- multilinear convenience ---------------- */

/* a[c] = eq(z_c[log_cols..n)), b[c] = eq(z_c[0..log_cols)) in one block. */
static zp_err mle_functionals(zp_fe2 **block, const zp_fe2 ***a, const zp_fe2 ***b,
                              const zp_pcs_params *p, size_t n_points,
                              const zp_fe2 *const *points) {
    zp_pcs_shape s;
    *block = NULL;
    *a = *b = NULL;
    if (zp_pcs_shape_of(&s, p) != ZP_OK || n_points > p->max_claims) return ZP_ERR_ARG;
    if (n_points && !points) return ZP_ERR_ARG;
    for (size_t c = 0; c < n_points; c++)
        if (!points[c]) return ZP_ERR_ARG;
    size_t per = s.rows_full + s.k; /* a over all rows; rows_data are read */
    zp_fe2 *blk = malloc((n_points * per + 1) * sizeof(zp_fe2));
    const zp_fe2 **pa = malloc((n_points + 1) * sizeof(zp_fe2 *));
    const zp_fe2 **pb = malloc((n_points + 1) * sizeof(zp_fe2 *));
    if (!blk || !pa || !pb) {
        free(blk);
        free(pa);
        free(pb);
        return ZP_ERR_NOMEM;
    }
    for (size_t c = 0; c < n_points; c++) {
        zp_fe2 *ac = blk + c * per, *bc = ac + s.rows_full;
        zp_eq_table(ac, points[c] + p->log_cols, p->n_vars - p->log_cols);
        zp_eq_table(bc, points[c], p->log_cols);
        pa[c] = ac;
        pb[c] = bc;
    }
    *block = blk;
    *a = pa;
    *b = pb;
    return ZP_OK;
}

zp_err zp_pcs_open_mle_at(zp_pcs_prover *pr, unsigned jo, zp_transcript *tr, zp_bytes *proof,
                          size_t n_points, const zp_fe2 *const *points, zp_fe2 *y) {
    if (!pr) return ZP_ERR_ARG;
    zp_fe2 *blk;
    const zp_fe2 **a, **b;
    zp_err e = mle_functionals(&blk, &a, &b, &pr->p, n_points, points);
    if (e != ZP_OK) {
        if (y && n_points <= pr->p.max_claims) memset(y, 0, n_points * sizeof *y);
        return e;
    }
    e = zp_pcs_open_at(pr, jo, tr, proof, n_points, (const zp_fe2 *const *)a,
                       (const zp_fe2 *const *)b, y);
    free(blk);
    free(a);
    free(b);
    return e;
}

zp_err zp_pcs_verify_mle_at(const zp_pcs_params *p, const zp_digest *root, unsigned jo,
                            zp_transcript *tr, zp_reader *proof, size_t n_points,
                            const zp_fe2 *const *points, const zp_fe2 *y) {
    if (!p) return ZP_ERR_ARG;
    zp_fe2 *blk;
    const zp_fe2 **a, **b;
    zp_err e = mle_functionals(&blk, &a, &b, p, n_points, points);
    if (e != ZP_OK) return e;
    e = zp_pcs_verify_at(p, root, jo, tr, proof, n_points, (const zp_fe2 *const *)a,
                         (const zp_fe2 *const *)b, y);
    free(blk);
    free(a);
    free(b);
    return e;
}

zp_err zp_pcs_open_mle(zp_pcs_prover *pr, zp_transcript *tr, zp_bytes *proof, size_t n_points,
                       const zp_fe2 *const *points, zp_fe2 *y) {
    return zp_pcs_open_mle_at(pr, 0, tr, proof, n_points, points, y);
}

zp_err zp_pcs_verify_mle(const zp_pcs_params *p, const zp_digest *root, zp_transcript *tr,
                         zp_reader *proof, size_t n_points, const zp_fe2 *const *points,
                         const zp_fe2 *y) {
    return zp_pcs_verify_mle_at(p, root, 0, tr, proof, n_points, points, y);
}

/* ---------------- batched opening of same-shape commitments ----------------
 * docs/spec/pcs.md "Batched openings": opening j of n commitments with the
 * same parameters, one claim each (row functional a_i, shared column
 * functional b), in one proof: per-commitment v_i, ONE claim row
 * uc = sum_i xi_i (a_i^T C_i + rho_i S_i), n_prox proximity rows
 * u0_l = sum_i (gamma_il^T C_i + beta_il T_i), shared column queries, and
 * per commitment its opened columns and batched Merkle path.  The columns
 * and paths follow the last challenge and are not absorbed one by one:
 * the leaf digests are absorbed once at the end ("pcs/leaves"). */

size_t zp_pcs_batch_proof_bytes(const zp_pcs_params *p, size_t n) {
    zp_pcs_shape s;
    if (n < 1 || n > ZP_PCS_MAX_BATCH || zp_pcs_shape_of(&s, p) != ZP_OK) return 0;
    size_t b = n * ZP_FE2_BYTES;                                     /* v_i   */
    b += (p->n_prox + 1) * s.L * ZP_FE2_BYTES;                       /* u     */
    b += n * s.t * (ZP_PCS_SALT_WORDS * 8 + s.rows * ZP_FE_BYTES);   /* cols  */
    b += n * s.path_max * ZP_DIGEST_BYTES;                           /* paths */
    return b;
}

/* Bytes of one commitment's block (columns, then path). */
static size_t batch_block_bytes(const zp_pcs_shape *s) {
    return s->t * (ZP_PCS_SALT_WORDS * 8 + s->rows * ZP_FE_BYTES) + s->path_max * ZP_DIGEST_BYTES;
}

static void batch_absorb_statement(zp_transcript *tr, const zp_pcs_params *p,
                                   const zp_pcs_shape *s, const zp_digest *const *roots, size_t n,
                                   unsigned j, const zp_fe2 *const *a, const zp_fe2 *b,
                                   const zp_fe2 *y) {
    zp_transcript_absorb_u64(tr, "pcs/batch", n);
    zp_transcript_absorb_u64(tr, "pcs/n_vars", p->n_vars);
    zp_transcript_absorb_u64(tr, "pcs/log_cols", p->log_cols);
    zp_transcript_absorb_u64(tr, "pcs/log_inv_rate", p->log_inv_rate);
    zp_transcript_absorb_u64(tr, "pcs/n_queries", p->n_queries);
    zp_transcript_absorb_u64(tr, "pcs/max_claims", p->max_claims);
    zp_transcript_absorb_u64(tr, "pcs/n_prox", p->n_prox);
    zp_transcript_absorb_u64(tr, "pcs/max_openings", s->n_open);
    zp_transcript_absorb_u64(tr, "pcs/opening", j);
    for (size_t i = 0; i < n; i++) {
        zp_transcript_absorb_digest(tr, "pcs/root", roots[i]);
        /* the same row functional for consecutive commitments is absorbed
         * once (a flag says which) */
        int same = i > 0 && a[i] == a[i - 1];
        zp_transcript_absorb_u64(tr, "pcs/a-same", (uint64_t)same);
        if (!same) zp_transcript_absorb_fe2(tr, "pcs/a", a[i], s->rows_data);
    }
    zp_transcript_absorb_fe2(tr, "pcs/b", b, s->k);
    zp_transcript_absorb_fe2(tr, "pcs/y", y, n);
}

/* Row weights of commitment i in the batch: w[m * rows + r] for m <
 * n_prox (proximity test m: gamma, beta of commitment i) and m = n_prox
 * (the claim: xi_i a_i on the data rows, xi_i rho_i (1, x) on the claim
 * mask pair of group j).  w is zeroed first. */
static void batch_weights(zp_fe2 *w, const zp_pcs_params *p, const zp_pcs_shape *s, unsigned j,
                          const zp_fe2 *gamma_i, const zp_fe2 *beta_i, const zp_fe2 *a_i,
                          zp_fe2 xi, zp_fe2 rho) {
    memset(w, 0, (p->n_prox + 1) * s->rows * sizeof(zp_fe2));
    for (unsigned l = 0; l < p->n_prox; l++) prox_weights(w + (size_t)l * s->rows, p, s, gamma_i, beta_i, l, j);
    zp_fe2 *wc = w + (size_t)p->n_prox * s->rows;
    for (size_t r = 0; r < s->rows_data; r++) wc[r] = gl2_mul(xi, a_i[r]);
    size_t rc = zp_pcs_claim_row(s, j);
    zp_fe2 xr = gl2_mul(xi, rho);
    wc[rc] = xr;
    wc[rc + 1] = mul_x(xr);
}

/* Leaf digest of a column record (salt words, then the column). */
static void column_leaf(zp_digest *leaf, uint8_t *rec, const uint8_t *salt, const zp_fe *col,
                        const zp_pcs_shape *s) {
    memcpy(rec, salt, ZP_PCS_SALT_WORDS * 8);
    for (size_t r = 0; r < s->rows; r++) zp_store64_le(rec + 8 * (ZP_PCS_SALT_WORDS + r), col[r]);
    zp_hash_leaf(leaf, rec, s->stride * sizeof(zp_fe));
}

zp_err zp_pcs_open_batch(zp_pcs_prover *const *prs, size_t n, unsigned j, zp_transcript *tr,
                         zp_bytes *proof, const zp_fe2 *const *a, const zp_fe2 *b,
                         const zp_fe2 *y) {
    if (!prs || !tr || !proof || !a || !b || !y || n < 1 || n > ZP_PCS_MAX_BATCH) return ZP_ERR_ARG;
    for (size_t i = 0; i < n; i++) {
        if (!prs[i] || !a[i] || !prs[i]->coef || j >= prs[i]->s.n_open || used_bit(prs[i], j))
            return ZP_ERR_ARG;
        /* equal parameters give equal shapes */
        if (prs[i]->s.n_open != prs[0]->s.n_open || prs[i]->p.n_vars != prs[0]->p.n_vars ||
            prs[i]->p.log_cols != prs[0]->p.log_cols || prs[i]->p.log_inv_rate != prs[0]->p.log_inv_rate ||
            prs[i]->p.n_queries != prs[0]->p.n_queries ||
            prs[i]->p.max_claims != prs[0]->p.max_claims || prs[i]->p.n_prox != prs[0]->p.n_prox)
            return ZP_ERR_ARG;
        for (size_t k = 0; k < i; k++)
            if (prs[k] == prs[i]) return ZP_ERR_ARG; /* one group opened once */
    }
    const zp_pcs_params *p = &prs[0]->p;
    const zp_pcs_shape *s = &prs[0]->s;
    const size_t n_u = p->n_prox + 1, q = s->t, L = s->L, np = (size_t)p->n_prox;
    const size_t nb = (size_t)p->n_prox * p->n_prox;
    zp_fe2 *u = calloc(n_u * L, sizeof(zp_fe2));
    zp_fe2 *tmp = malloc(n_u * L * sizeof(zp_fe2));
    zp_fe2 *w = malloc(n_u * s->rows * sizeof(zp_fe2));
    zp_fe2 *v = malloc(n * sizeof(zp_fe2));
    zp_fe2 *xi = malloc(n * sizeof(zp_fe2)), *rho = malloc(n * sizeof(zp_fe2));
    zp_fe2 *gamma = malloc(n * np * s->rows_np * sizeof(zp_fe2));
    zp_fe2 *beta = malloc(n * nb * sizeof(zp_fe2));
    zp_fe2 lam[ZP_PCS_MAX_PROX + 1];
    size_t *idx = malloc(q * sizeof(size_t));
    const zp_digest **roots = malloc(n * sizeof *roots);
    zp_digest *leaves = malloc(n * q * sizeof(zp_digest));
    const size_t blk = batch_block_bytes(s);
    uint8_t *out = malloc(n * blk);
    zp_err err = ZP_OK;
    if (!u || !tmp || !w || !v || !xi || !rho || !gamma || !beta || !idx || !roots || !leaves || !out) {
        err = ZP_ERR_NOMEM;
        goto done;
    }
    /* Mark every opening used before anything about it is revealed. */
    for (size_t i = 0; i < n; i++) set_used(prs[i], j);
    const size_t rc = zp_pcs_claim_row(s, j);
    for (size_t i = 0; i < n; i++) {
        roots[i] = &prs[i]->root;
        /* v_i = <S_i, b>, S_i = S_i1 + x S_i2 (mask group j, claim 0) */
        const zp_fe *s1 = prs[i]->coef + rc * L, *s2 = s1 + L;
        zp_fe2 acc = {0, 0};
        for (size_t c = 0; c < s->k; c++) {
            zp_fe2 sc = {s1[c], s2[c]};
            acc = gl2_add(acc, gl2_mul(sc, b[c]));
        }
        v[i] = acc;
    }
    batch_absorb_statement(tr, p, s, roots, n, j, a, b, y);
    zp_fs_send_fe2(tr, proof, "pcs/v", v, n);
    zp_transcript_challenge_fe2_vec(tr, "pcs/xi", xi, n);
    zp_transcript_challenge_fe2_vec(tr, "pcs/rho", rho, n);
    zp_transcript_challenge_fe2_vec(tr, "pcs/gamma", gamma, n * np * s->rows_np);
    zp_transcript_challenge_fe2_vec(tr, "pcs/beta", beta, n * nb);
    /* u = sum_i (weights of i)^T C_i: one pass over each matrix for all
     * n_u rows (zp_pcs_rowcomb skips the zero weights of the other mask
     * groups) */
    for (size_t i = 0; i < n; i++) {
        batch_weights(w, p, s, j, gamma + i * np * s->rows_np, beta + i * nb, a[i], xi[i], rho[i]);
        zp_pcs_rowcomb(tmp, n_u, w, s->rows, prs[i]->coef, s->rows, L);
        for (size_t m = 0; m < n_u * L; m++) u[m] = gl2_add(u[m], tmp[m]);
    }
    /* the claimed values must be the committed ones: <uc, b> =
     * sum_i xi_i (y_i + rho_i v_i) (else the proof would not verify) */
    {
        zp_fe2 lhs = dot2(u + np * L, b, s->k), rhs = {0, 0};
        for (size_t i = 0; i < n; i++)
            rhs = gl2_add(rhs, gl2_mul(xi[i], gl2_add(y[i], gl2_mul(rho[i], v[i]))));
        if (!gl2_eq(lhs, rhs)) {
            err = ZP_ERR_ARG;
            goto done;
        }
    }
    zp_fs_send_fe2(tr, proof, "pcs/u0", u, np * L);
    zp_fs_send_fe2(tr, proof, "pcs/uc", u + np * L, L);
    zp_transcript_challenge_fe2_vec(tr, "pcs/lambda", lam, n_u);
    draw_queries(tr, idx, q, s->n);
    /* per commitment: salts and columns, then the padded batched path */
    int fail = 0;
#pragma omp parallel for schedule(dynamic, 1) reduction(| : fail)
    for (size_t i = 0; i < n; i++) {
        if (fail) continue;
        zp_fe *colv = malloc(q * s->rows * sizeof(zp_fe) + 1);
        zp_digest *path = malloc((s->path_max + 1) * sizeof(zp_digest));
        uint8_t *rec = malloc(s->stride * sizeof(zp_fe));
        uint8_t *o = out + i * blk;
        if (!colv || !path || !rec || open_columns(colv, prs[i], idx, q) != ZP_OK) {
            fail = 1;
        } else {
            for (size_t c = 0; c < q; c++) {
                uint8_t salt[ZP_PCS_SALT_WORDS * 8];
                zp_rng_stream(&prs[i]->rng, ZP_PCS_D_SALT, (uint64_t)idx[c], salt, sizeof salt);
                column_leaf(&leaves[i * q + c], rec, salt, colv + c * s->rows, s);
                memcpy(o, rec, s->stride * sizeof(zp_fe));
                o += s->stride * sizeof(zp_fe);
            }
            size_t n_path = 0;
            if (zp_merkle_prove_batch(prs[i]->tree, idx, q, path, s->path_max + 1, &n_path) != ZP_OK ||
                n_path > s->path_max) {
                fail = 1;
            } else {
                memset(path + n_path, 0, (s->path_max - n_path) * sizeof(zp_digest));
                memcpy(o, path, s->path_max * sizeof(zp_digest));
            }
        }
        if (colv) zp_memzero(colv, q * s->rows * sizeof(zp_fe));
        if (rec) zp_memzero(rec, s->stride * sizeof(zp_fe));
        free(colv), free(path), free(rec);
    }
    if (fail) {
        err = ZP_ERR_NOMEM;
        goto done;
    }
    zp_bytes_append(proof, out, n * blk);
    zp_transcript_absorb_bytes(tr, "pcs/leaves", leaves, n * q * sizeof(zp_digest));
    if (proof->failed) err = ZP_ERR_NOMEM;

done:
    if (u) zp_memzero(u, n_u * L * sizeof(zp_fe2));
    if (tmp) zp_memzero(tmp, n_u * L * sizeof(zp_fe2));
    if (v) zp_memzero(v, n * sizeof(zp_fe2));
    if (out) zp_memzero(out, n * blk);
    free(u), free(tmp), free(w), free(v), free(xi), free(rho), free(gamma), free(beta);
    free(idx), free(roots), free(leaves), free(out);
    for (size_t i = 0; i < n; i++)
        if (prs[i] && prs[i]->n_used == prs[i]->s.n_open) free_big(prs[i]);
    return err;
}

zp_err zp_pcs_verify_batch(const zp_pcs_params *p, const zp_digest *const *roots, size_t n,
                           unsigned j, zp_transcript *tr, zp_reader *proof,
                           const zp_fe2 *const *a, const zp_fe2 *b, const zp_fe2 *y) {
    zp_pcs_shape sh;
    if (!p || !roots || !tr || !proof || !a || !b || !y || n < 1 || n > ZP_PCS_MAX_BATCH)
        return ZP_ERR_ARG;
    if (zp_pcs_shape_of(&sh, p) != ZP_OK || j >= sh.n_open) return ZP_ERR_ARG;
    for (size_t i = 0; i < n; i++)
        if (!roots[i] || !a[i]) return ZP_ERR_ARG;
    const zp_pcs_shape *s = &sh;
    const size_t n_u = p->n_prox + 1, q = s->t, L = s->L, np = (size_t)p->n_prox;
    const size_t nb = (size_t)p->n_prox * p->n_prox, blk = batch_block_bytes(s);
    zp_fe2 *u = malloc(n_u * L * sizeof(zp_fe2));
    zp_fe2 *ucomb = malloc(L * sizeof(zp_fe2));
    zp_fe2 *v = malloc(n * sizeof(zp_fe2));
    zp_fe2 *xi = malloc(n * sizeof(zp_fe2)), *rho = malloc(n * sizeof(zp_fe2));
    zp_fe2 *gamma = malloc(n * np * s->rows_np * sizeof(zp_fe2));
    zp_fe2 *beta = malloc(n * nb * sizeof(zp_fe2));
    zp_fe2 *enc = malloc(q * sizeof(zp_fe2));
    zp_fe2 *acc = calloc(q, sizeof(zp_fe2));
    zp_fe2 lam[ZP_PCS_MAX_PROX + 1];
    size_t *idx = malloc(q * sizeof(size_t));
    zp_digest *leaves = malloc(n * q * sizeof(zp_digest));
    zp_err err = ZP_OK;
    if (!u || !ucomb || !v || !xi || !rho || !gamma || !beta || !enc || !acc || !idx || !leaves) {
        err = ZP_ERR_NOMEM;
        goto done;
    }
    batch_absorb_statement(tr, p, s, roots, n, j, a, b, y);
    if ((err = zp_fs_recv_fe2(tr, proof, "pcs/v", v, n)) != ZP_OK) goto done;
    zp_transcript_challenge_fe2_vec(tr, "pcs/xi", xi, n);
    zp_transcript_challenge_fe2_vec(tr, "pcs/rho", rho, n);
    zp_transcript_challenge_fe2_vec(tr, "pcs/gamma", gamma, n * np * s->rows_np);
    zp_transcript_challenge_fe2_vec(tr, "pcs/beta", beta, n * nb);
    if ((err = zp_fs_recv_fe2(tr, proof, "pcs/u0", u, np * L)) != ZP_OK) goto done;
    if ((err = zp_fs_recv_fe2(tr, proof, "pcs/uc", u + np * L, L)) != ZP_OK) goto done;
    zp_transcript_challenge_fe2_vec(tr, "pcs/lambda", lam, n_u);
    draw_queries(tr, idx, q, s->n);
    if (proof->len - proof->pos < n * blk) {
        err = ZP_ERR_PARSE;
        goto done;
    }
    const uint8_t *base = proof->data + proof->pos;
    proof->pos += n * blk;

    /* 1. The claim: <uc[0..k), b> = sum_i xi_i (y_i + rho_i v_i). */
    {
        zp_fe2 lhs = dot2(u + np * L, b, s->k), rhs = {0, 0};
        for (size_t i = 0; i < n; i++)
            rhs = gl2_add(rhs, gl2_mul(xi[i], gl2_add(y[i], gl2_mul(rho[i], v[i]))));
        if (!gl2_eq(lhs, rhs)) {
            err = ZP_ERR_VERIFY;
            goto done;
        }
    }
    /* 2. Per commitment (in parallel): leaves, Merkle path, and its share
     * sum_r W_i[r] E_i,r[idx] of the combined columns, W_i = sum_m lam_m
     * (weights of u_m for commitment i).  Field sums are exact, so the
     * per-thread partial sums add up to the same for any thread count. */
    int bad = 0, nomem = 0;
#pragma omp parallel reduction(| : bad, nomem)
    {
        zp_fe2 *w = malloc(n_u * s->rows * sizeof(zp_fe2));
        zp_fe2 *wt = malloc(s->rows * sizeof(zp_fe2));
        zp_fe2 *part = calloc(q, sizeof(zp_fe2));
        zp_digest *path = malloc(s->path_max * sizeof(zp_digest) + 1);
        if (!w || !wt || !part || !path) nomem = 1;
#pragma omp for schedule(dynamic, 1)
        for (size_t i = 0; i < n; i++) {
            if (nomem || bad) continue;
            const uint8_t *o = base + i * blk;
            batch_weights(w, p, s, j, gamma + i * np * s->rows_np, beta + i * nb, a[i], xi[i], rho[i]);
            for (size_t r = 0; r < s->rows; r++) {
                zp_fe2 t = {0, 0};
                for (size_t m = 0; m < n_u; m++) t = gl2_add(t, gl2_mul(lam[m], w[m * s->rows + r]));
                wt[r] = t;
            }
            for (size_t c = 0; c < q; c++, o += s->stride * sizeof(zp_fe)) {
                zp_hash_leaf(&leaves[i * q + c], o, s->stride * sizeof(zp_fe));
                zp_fe2 t = {0, 0};
                for (size_t r = 0; r < s->rows; r++) {
                    uint64_t x = zp_load64_le(o + 8 * (ZP_PCS_SALT_WORDS + r));
                    if (x >= ZP_FIELD_P) bad = 1; /* canonical values only */
                    t.c0 = gl_add(t.c0, gl_mul(wt[r].c0, x));
                    t.c1 = gl_add(t.c1, gl_mul(wt[r].c1, x));
                }
                part[c] = gl2_add(part[c], t);
            }
            memcpy(path, o, s->path_max * sizeof(zp_digest));
            size_t n_path = zp_merkle_batch_count(s->n, idx, q);
            uint8_t nz = 0;
            for (size_t k = n_path; k < s->path_max; k++)
                for (size_t d = 0; d < ZP_DIGEST_BYTES; d++) nz |= path[k].b[d];
            if (n_path > s->path_max || nz ||
                zp_merkle_verify_batch(roots[i], s->n, idx, leaves + i * q, q, path, n_path) != ZP_OK)
                bad = 1;
        }
#pragma omp critical
        {
            if (part)
                for (size_t c = 0; c < q; c++) acc[c] = gl2_add(acc[c], part[c]);
        }
        free(w), free(wt), free(part), free(path);
    }
    if (nomem) {
        err = ZP_ERR_NOMEM;
        goto done;
    }
    if (bad) {
        err = ZP_ERR_VERIFY;
        goto done;
    }
    zp_transcript_absorb_bytes(tr, "pcs/leaves", leaves, n * q * sizeof(zp_digest));
    /* 3. Enc(sum_m lam_m u_m)[idx] = the combined columns. */
    memset(ucomb, 0, L * sizeof(zp_fe2));
    for (size_t m = 0; m < n_u; m++)
        for (size_t c = 0; c < L; c++) ucomb[c] = gl2_add(ucomb[c], gl2_mul(lam[m], u[m * L + c]));
    if ((err = zp_rs_eval_at(enc, ucomb, L, s->log_n, idx, q)) != ZP_OK) goto done;
    for (size_t c = 0; c < q; c++)
        if (!gl2_eq(acc[c], enc[c])) {
            err = ZP_ERR_VERIFY;
            goto done;
        }

done:
    free(u), free(ucomb), free(v), free(xi), free(rho), free(gamma), free(beta), free(enc);
    free(acc), free(idx), free(leaves);
    return err;
}
