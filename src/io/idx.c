/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * IDX reader (the MNIST / Fashion-MNIST format of LeCun, Cortes, Burges,
 * http://yann.lecun.com/exdb/mnist/): big-endian header, magic 0x00000803
 * for unsigned-byte images (count, rows, cols), 0x00000801 for labels
 * (count), then the bytes.  Files may be gzip-compressed. */
#include <stdlib.h>
#include <string.h>

#include "io/dsio_internal.h"

static uint32_t be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Reads exactly len bytes; returns the count actually read (< len on a
 * short file) or -1 on a read error. */
static long long read_full(gzFile f, uint8_t *b, size_t len) {
    size_t got = 0;
    while (got < len) {
        size_t want = len - got > (1u << 30) ? (1u << 30) : len - got;
        int r = gzread(f, b + got, (unsigned)want);
        if (r < 0) return -1;
        if (r == 0) break;
        got += (size_t)r;
    }
    return (long long)got;
}

zp_err zp_io_idx_header(gzFile f, char *err, const char *path, int images, uint32_t *n,
                        uint32_t *rows, uint32_t *cols) {
    uint8_t h[16];
    size_t hl = images ? 16 : 8;
    long long r = read_full(f, h, hl);
    if (r < 0) { zp_io_seterr(err, "%s: byte offset 0: read error (bad gzip data?)", path); return ZP_ERR_IO; }
    if (r < 4) {
        zp_io_seterr(err, "%s: byte offset %lld: truncated IDX header", path, r);
        return ZP_ERR_PARSE;
    }
    uint32_t magic = be32(h), want = images ? 0x00000803u : 0x00000801u;
    if (magic != want) {
        zp_io_seterr(err, "%s: byte offset 0: wrong IDX magic 0x%08x (expected 0x%08x, %s)", path,
                     magic, want, images ? "unsigned-byte images" : "unsigned-byte labels");
        return ZP_ERR_PARSE;
    }
    if ((size_t)r < hl) {
        zp_io_seterr(err, "%s: byte offset %lld: truncated IDX header", path, r);
        return ZP_ERR_PARSE;
    }
    *n = be32(h + 4);
    if (images) {
        *rows = be32(h + 8);
        *cols = be32(h + 12);
    }
    return ZP_OK;
}

zp_err zp_io_idx_read(uint64_t *n_out, char *err, const zp_ds_schema *s, const char *images,
                      const char *labels, zp_io_record_fn fn, void *ctx,
                      zp_io_progress_fn pf, void *pctx) {
    *n_out = 0;
    gzFile fi = NULL, fl = NULL;
    uint64_t total;
    uint8_t *px = NULL, *lb = NULL;
    zp_fe *row = NULL;
    zp_err e = zp_io_gz_open(&fi, &total, err, images);
    if (e != ZP_OK) return e;
    if ((e = zp_io_gz_open(&fl, NULL, err, labels)) != ZP_OK) goto done;
    uint32_t n, rows, cols, nl;
    if ((e = zp_io_idx_header(fi, err, images, 1, &n, &rows, &cols)) != ZP_OK) goto done;
    if ((e = zp_io_idx_header(fl, err, labels, 0, &nl, NULL, NULL)) != ZP_OK) goto done;
    size_t npx = (size_t)rows * cols;
    if (s->format != ZP_DS_IDX || s->n_columns != 1 || npx != s->columns[0].count) {
        zp_io_seterr(err, "%s: byte offset 8: images are %ux%u, the schema wants %u pixels",
                     images, rows, cols, s->columns[0].count);
        e = ZP_ERR_PARSE;
        goto done;
    }
    if (n != nl) {
        zp_io_seterr(err, "%s: byte offset 4: %u images but %s holds %u labels", images, n,
                     labels, nl);
        e = ZP_ERR_PARSE;
        goto done;
    }
    if (n == 0) {
        zp_io_seterr(err, "%s: byte offset 4: empty dataset (0 images)", images);
        e = ZP_ERR_PARSE;
        goto done;
    }
    /* Read in blocks of images. */
    size_t blk = 1024;
    px = malloc(blk * npx);
    lb = malloc(blk);
    row = calloc(s->width, sizeof *row);
    if (!px || !lb || !row) { e = ZP_ERR_NOMEM; goto done; }
    uint64_t done_n = 0;
    while (done_n < n) {
        size_t m = n - done_n < blk ? (size_t)(n - done_n) : blk;
        long long r = read_full(fi, px, m * npx);
        if (r < 0 || (size_t)r < m * npx) {
            zp_io_seterr(err, "%s: byte offset %llu: %s (header promises %u images)", images,
                         (unsigned long long)(16 + done_n * npx + (r < 0 ? 0 : (uint64_t)r)),
                         r < 0 ? "read error" : "truncated image data", n);
            e = r < 0 ? ZP_ERR_IO : ZP_ERR_PARSE;
            goto done;
        }
        r = read_full(fl, lb, m);
        if (r < 0 || (size_t)r < m) {
            zp_io_seterr(err, "%s: byte offset %llu: %s (header promises %u labels)", labels,
                         (unsigned long long)(8 + done_n + (r < 0 ? 0 : (uint64_t)r)),
                         r < 0 ? "read error" : "truncated label data", n);
            e = r < 0 ? ZP_ERR_IO : ZP_ERR_PARSE;
            goto done;
        }
        for (size_t i = 0; i < m; i++) {
            const uint8_t *p = px + i * npx;
            for (size_t j = 0; j < npx; j++) row[j] = p[j];
            if (lb[i] > s->label_bound) {
                zp_io_seterr(err, "%s: byte offset %llu: label %u above the schema's bound %llu",
                             labels, (unsigned long long)(8 + done_n + i), lb[i],
                             (unsigned long long)s->label_bound);
                e = ZP_ERR_PARSE;
                goto done;
            }
            if (s->columns[0].bound < 255)
                for (size_t j = 0; j < npx; j++)
                    if (p[j] > s->columns[0].bound) {
                        zp_io_seterr(err, "%s: byte offset %llu: pixel %u above the schema's bound",
                                     images, (unsigned long long)(16 + (done_n + i) * npx + j), p[j]);
                        e = ZP_ERR_PARSE;
                        goto done;
                    }
            row[npx] = lb[i];
            if ((e = fn(ctx, row, done_n + i)) != ZP_OK) goto done;
        }
        done_n += m;
        if (pf) {
            z_off_t o = gzoffset(fi);
            pf(pctx, done_n, o > 0 ? (uint64_t)o : 0, total);
        }
    }
    /* Nothing may follow the data. */
    uint8_t extra;
    if (gzread(fi, &extra, 1) != 0) {
        zp_io_seterr(err, "%s: byte offset %llu: trailing bytes after %u images", images,
                     (unsigned long long)(16 + (uint64_t)n * npx), n);
        e = ZP_ERR_PARSE;
        goto done;
    }
    if (gzread(fl, &extra, 1) != 0) {
        zp_io_seterr(err, "%s: byte offset %llu: trailing bytes after %u labels", labels,
                     (unsigned long long)(8 + (uint64_t)n), n);
        e = ZP_ERR_PARSE;
        goto done;
    }
    *n_out = n;
done:
    free(px);
    free(lb);
    free(row);
    if (fi) gzclose(fi);
    if (fl) gzclose(fl);
    return e;
}
