/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Witness layout: many tensors and their mask companions at power-of-two
 * aligned offsets of one committed polynomial (docs/spec/sumcheck.md). */
#include <stdlib.h>
#include <string.h>

#include "common/ctime.h"
#include "sumcheck_internal.h"

typedef struct {
    unsigned log_size, mask_rows;
    uint64_t off;          /* tensor offset                          */
    unsigned mlog;         /* log2 of mask size (valid if mask_rows) */
    uint64_t moff;         /* mask offset                            */
} zp_layout_entry;

struct zp_layout {
    unsigned log_cols, n_vars;
    uint64_t used; /* values before the first position no entry covers */
    int final;
    size_t n, cap;
    zp_layout_entry *e;
};

zp_err zp_layout_create(zp_layout **out, unsigned log_cols) {
    if (!out) return ZP_ERR_ARG;
    *out = NULL;
    if (log_cols < 1 || log_cols > ZP_PCS_MAX_VARS) return ZP_ERR_ARG;
    zp_layout *L = calloc(1, sizeof *L);
    if (!L) return ZP_ERR_NOMEM;
    L->log_cols = log_cols;
    *out = L;
    return ZP_OK;
}

void zp_layout_free(zp_layout *L) {
    if (!L) return;
    free(L->e);
    free(L);
}

zp_err zp_layout_add(zp_layout *L, size_t *id, unsigned log_size, unsigned mask_rows) {
    if (!L || !id || L->final || log_size > ZP_PCS_MAX_VARS) return ZP_ERR_ARG;
    if (mask_rows && (mask_rows & (mask_rows - 1))) return ZP_ERR_ARG;
    /* A masked scalar would get a one-value mask R in F: its masked value
     * (1 - r_b) T + r_b R in F_p2 gives two F-equations in T and R, and so
     * reveals T.  Masked tensors need at least two values. */
    if (mask_rows && log_size == 0) return ZP_ERR_ARG;
    if (L->n == L->cap) {
        size_t nc = L->cap ? 2 * L->cap : 16;
        zp_layout_entry *ne = realloc(L->e, nc * sizeof *ne);
        if (!ne) return ZP_ERR_NOMEM;
        L->e = ne;
        L->cap = nc;
    }
    zp_layout_entry *en = &L->e[L->n];
    memset(en, 0, sizeof *en);
    en->log_size = log_size;
    en->mask_rows = mask_rows;
    if (mask_rows) {
        if (log_size >= L->log_cols) {
            unsigned lr = 0;
            while ((1u << lr) < mask_rows) lr++;
            en->mlog = L->log_cols + lr < log_size ? L->log_cols + lr : log_size;
        } else {
            en->mlog = log_size;
        }
    }
    *id = L->n++;
    return ZP_OK;
}

/* A block to place: a big tensor, a big mask, a small unmasked tensor, or a
 * 2-row super-block holding small masked tensors (row 0) and their masks at
 * the same columns (row 1). */
typedef struct {
    unsigned lg;
    int kind; /* 0 tensor, 1 mask, 2 super-block */
    size_t id;
    uint64_t off;
} zp_block;

static int block_cmp(const void *pa, const void *pb) {
    const zp_block *a = pa, *b = pb;
    if (a->lg != b->lg) return a->lg > b->lg ? -1 : 1;
    if (a->kind != b->kind) return a->kind < b->kind ? -1 : 1;
    return a->id < b->id ? -1 : (a->id > b->id ? 1 : 0);
}

/* Small masked tensors, sorted by size (descending), then id. */
typedef struct {
    unsigned lg;
    size_t id;
} zp_small;

static int small_cmp(const void *pa, const void *pb) {
    const zp_small *a = pa, *b = pb;
    if (a->lg != b->lg) return a->lg > b->lg ? -1 : 1;
    return a->id < b->id ? -1 : (a->id > b->id ? 1 : 0);
}

zp_err zp_layout_finalize(zp_layout *L, unsigned *n_vars) {
    if (!L || !n_vars || L->final || L->n == 0) return ZP_ERR_ARG;
    const unsigned lc = L->log_cols;
    const uint64_t C = (uint64_t)1 << lc;
    size_t n_small = 0;
    for (size_t i = 0; i < L->n; i++)
        if (L->e[i].mask_rows && L->e[i].log_size < lc) n_small++;
    zp_small *small = malloc((n_small + 1) * sizeof *small);
    zp_block *bl = malloc((2 * L->n + n_small + 1) * sizeof *bl);
    if (!small || !bl) {
        free(small);
        free(bl);
        return ZP_ERR_NOMEM;
    }
    size_t nb = 0, ns = 0;
    for (size_t i = 0; i < L->n; i++) {
        zp_layout_entry *en = &L->e[i];
        if (en->mask_rows && en->log_size < lc) {
            small[ns++] = (zp_small){en->log_size, i};
            continue;
        }
        bl[nb++] = (zp_block){en->log_size, 0, i, 0};
        if (en->mask_rows) bl[nb++] = (zp_block){en->mlog, 1, i, 0};
    }
    /* Pack small masked tensors into super-blocks, largest first (so every
     * offset inside a row is aligned to the tensor size). */
    qsort(small, ns, sizeof *small, small_cmp);
    size_t n_super = 0;
    uint64_t fill = C; /* forces a first super-block */
    for (size_t s = 0; s < ns; s++) {
        zp_layout_entry *en = &L->e[small[s].id];
        uint64_t sz = (uint64_t)1 << en->log_size;
        if (fill + sz > C) {
            bl[nb++] = (zp_block){lc + 1, 2, n_super++, 0};
            fill = 0;
        }
        en->off = fill;            /* relative, fixed below */
        en->moff = (uint64_t)(n_super - 1); /* super-block index, fixed below */
        fill += sz;
    }
    qsort(bl, nb, sizeof *bl, block_cmp);
    uint64_t pos = 0;
    for (size_t b = 0; b < nb; b++) {
        bl[b].off = pos;
        pos += (uint64_t)1 << bl[b].lg;
        if (bl[b].kind == 0) L->e[bl[b].id].off = bl[b].off;
        else if (bl[b].kind == 1) L->e[bl[b].id].moff = bl[b].off;
    }
    for (size_t s = 0; s < ns; s++) {
        zp_layout_entry *en = &L->e[small[s].id];
        uint64_t sb_off = 0;
        for (size_t b = 0; b < nb; b++)
            if (bl[b].kind == 2 && bl[b].id == en->moff) sb_off = bl[b].off;
        en->moff = sb_off + C + en->off;
        en->off = sb_off + en->off;
    }
    free(small);
    free(bl);
    unsigned nv = lc;
    while (((uint64_t)1 << nv) < pos) nv++;
    if (nv > ZP_PCS_MAX_VARS) return ZP_ERR_ARG;
    L->n_vars = nv;
    L->used = pos;
    L->final = 1;
    *n_vars = nv;
    return ZP_OK;
}

unsigned zp_layout_n_vars(const zp_layout *L) { return L && L->final ? L->n_vars : 0; }
unsigned zp_layout_log_cols(const zp_layout *L) { return L ? L->log_cols : 0; }
uint64_t zp_layout_used(const zp_layout *L) { return L && L->final ? L->used : 0; }

zp_err zp_layout_pcs_elide(const zp_layout *L, zp_pcs_params *p) {
    if (!L || !L->final || !p || p->n_vars != L->n_vars || p->log_cols != L->log_cols)
        return ZP_ERR_ARG;
    const uint64_t C = (uint64_t)1 << L->log_cols;
    const uint64_t rows = (L->used + C - 1) / C, full = (uint64_t)1 << (L->n_vars - L->log_cols);
    p->rows_used = rows >= full || rows == 0 ? 0 : (unsigned)rows;
    return ZP_OK;
}

zp_err zp_layout_tensor_info(const zp_layout *L, size_t id, uint64_t *offset,
                             unsigned *log_size, uint64_t *mask_offset,
                             unsigned *mask_log_size) {
    if (!L || !L->final || id >= L->n) return ZP_ERR_ARG;
    const zp_layout_entry *en = &L->e[id];
    if (offset) *offset = en->off;
    if (log_size) *log_size = en->log_size;
    if (mask_offset) *mask_offset = en->mask_rows ? en->moff : 0;
    if (mask_log_size) *mask_log_size = en->mask_rows ? en->mlog : 0;
    return ZP_OK;
}

zp_err zp_sc_pcs_params_cols(zp_pcs_params *p, unsigned n_vars, unsigned log_cols,
                             unsigned log_inv_rate, unsigned security_bits) {
    zp_err e = zp_pcs_params_default(p, n_vars, log_inv_rate, security_bits);
    if (e != ZP_OK) return e;
    p->log_cols = log_cols;
    for (unsigned prox = p->n_prox; prox <= ZP_PCS_MAX_PROX; prox++) {
        p->n_prox = prox;
        for (unsigned q = 1; q <= ZP_PCS_MAX_QUERIES; q++) {
            p->n_queries = q;
            if (zp_pcs_params_check(p) != ZP_OK) break;
            if (zp_pcs_params_security(p) >= (double)security_bits) return ZP_OK;
        }
    }
    return ZP_ERR_ARG;
}

zp_err zp_layout_pcs_params(const zp_layout *L, zp_pcs_params *p, unsigned log_inv_rate,
                            unsigned security_bits) {
    if (!L || !L->final || !p) return ZP_ERR_ARG;
    return zp_sc_pcs_params_cols(p, L->n_vars, L->log_cols, log_inv_rate, security_bits);
}

const zp_fe *zp_layout_mask_ptr(const zp_layout *L, const zp_fe *evals, size_t id,
                                size_t *mask_len) {
    if (mask_len) *mask_len = 0;
    if (!L || !L->final || !evals || id >= L->n || !L->e[id].mask_rows) return NULL;
    if (mask_len) *mask_len = (size_t)1 << L->e[id].mlog;
    return evals + L->e[id].moff;
}

zp_err zp_layout_put(const zp_layout *L, zp_fe *evals, size_t id, const zp_fe *data,
                     size_t n) {
    if (!L || !L->final || !evals || id >= L->n) return ZP_ERR_ARG;
    const zp_layout_entry *en = &L->e[id];
    size_t sz = (size_t)1 << en->log_size;
    if (n > sz || (n && !data)) return ZP_ERR_ARG;
    if (n) memcpy(evals + en->off, data, n * sizeof(zp_fe));
    memset(evals + en->off + n, 0, (sz - n) * sizeof(zp_fe));
    return ZP_OK;
}

#define ZP_LAYOUT_DOMAIN 0x6c61796fu /* "layo" */

/* Rejection sampling: uniform in [0, p).  Element i takes the next word of
 * the chunk's stream below p.  Without rejections (each word is >= p with
 * probability 2^-32) element i is word i: that pass is branch-free, and
 * only whether some word was rejected is declassified
 * (src/common/ctime.h); then, word by word, which ones (discarded random
 * words, unrelated to the witness and to the kept values). */
void zp_layout_mask_chunk(zp_fe *out, size_t cnt,
                          const uint8_t buf[(ZP_LAYOUT_CHUNK + ZP_LAYOUT_SPARE) * 8]) {
    uint64_t any = 0;
    for (size_t i = 0; i < cnt; i++) {
        uint64_t v = zp_load64_le(buf + 8 * i);
        any |= (uint64_t)(v >= GL_P);
        out[i] = v;
    }
    ZP_DECLASSIFY(&any, sizeof any);
    if (!any) return;
    size_t w = 0;
    const size_t lim = ZP_LAYOUT_CHUNK + ZP_LAYOUT_SPARE;
    for (size_t i = 0; i < cnt; i++) {
        uint64_t v = GL_P;
        while (w < lim) {
            v = zp_load64_le(buf + 8 * w++);
            uint64_t rej = (uint64_t)(v >= GL_P);
            ZP_DECLASSIFY(&rej, sizeof rej);
            if (!rej) break;
        }
        out[i] = gl_from_u64(v);
    }
}

zp_err zp_layout_fill_masks(const zp_layout *L, zp_fe *evals, const zp_rng *rng) {
    if (!L || !L->final || !evals || !rng) return ZP_ERR_ARG;
    for (size_t id = 0; id < L->n; id++) {
        const zp_layout_entry *en = &L->e[id];
        if (!en->mask_rows) continue;
        size_t sz = (size_t)1 << en->mlog;
        size_t n_chunks = (sz + ZP_LAYOUT_CHUNK - 1) / ZP_LAYOUT_CHUNK;
#pragma omp parallel for schedule(static)
        for (size_t c = 0; c < n_chunks; c++) {
            uint8_t buf[(ZP_LAYOUT_CHUNK + ZP_LAYOUT_SPARE) * 8];
            zp_rng_stream(rng, ZP_LAYOUT_DOMAIN, ((uint64_t)id << 32) | c, buf, sizeof buf);
            const size_t i0 = c * ZP_LAYOUT_CHUNK;
            const size_t cnt = sz - i0 < ZP_LAYOUT_CHUNK ? sz - i0 : ZP_LAYOUT_CHUNK;
            zp_layout_mask_chunk(evals + en->moff + i0, cnt, buf);
            zp_memzero(buf, sizeof buf);
        }
    }
    return ZP_OK;
}

/* eq(z, x) for x in {0,1}^n into out[2^n] (variable 0 = low bit). */
static void eq_fill(zp_fe2 *out, const zp_fe2 *z, unsigned n, zp_fe2 scale) {
    out[0] = scale;
    for (unsigned i = 0; i < n; i++) {
        size_t h = (size_t)1 << i;
        for (size_t x = h; x-- > 0;) {
            zp_fe2 hi = gl2_mul(out[x], z[i]);
            out[x + h] = hi;
            out[x] = gl2_sub(out[x], hi);
        }
    }
}

zp_err zp_layout_functional(const zp_layout *L, zp_fe2 *a, zp_fe2 *b, size_t id,
                            const zp_fe2 *z, int masked, zp_fe2 r_b) {
    if (!L || !L->final || !a || !b || id >= L->n) return ZP_ERR_ARG;
    const zp_layout_entry *en = &L->e[id];
    if (en->log_size > 0 && !z) return ZP_ERR_ARG;
    if (masked && !en->mask_rows) return ZP_ERR_ARG;
    const unsigned lc = L->log_cols, m = en->log_size;
    const uint64_t C = (uint64_t)1 << lc;
    const size_t rows = (size_t)1 << (L->n_vars - lc);
    const zp_fe2 one = {1, 0};
    zp_fe2 wT = masked ? gl2_sub(one, r_b) : one;
    memset(a, 0, rows * sizeof(zp_fe2));
    memset(b, 0, C * sizeof(zp_fe2));
    if (m >= lc) {
        eq_fill(b, z, lc, one);
        size_t nr = (size_t)1 << (m - lc), r0 = (size_t)(en->off >> lc);
        eq_fill(a + r0, z + lc, m - lc, wT);
        if (masked) {
            size_t mr = (size_t)1 << (en->mlog - lc), m0 = (size_t)(en->moff >> lc);
            zp_fe2 *tmp = malloc(mr * sizeof(zp_fe2));
            if (!tmp) return ZP_ERR_NOMEM;
            eq_fill(tmp, z + lc, en->mlog - lc, r_b);
            for (size_t j = 0; j < mr; j++) a[m0 + j] = gl2_add(a[m0 + j], tmp[j]);
            free(tmp);
        }
        (void)nr;
    } else {
        size_t c0 = (size_t)(en->off & (C - 1));
        eq_fill(b + c0, z, m, one);
        a[en->off >> lc] = wT;
        if (masked) a[en->moff >> lc] = gl2_add(a[en->moff >> lc], r_b);
    }
    return ZP_OK;
}
