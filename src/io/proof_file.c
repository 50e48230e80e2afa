/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * The proof-file container: writer, validating parser, atomic file I/O. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "zkprov/io.h"

size_t zp_proof_magic_bytes(void) { return ZP_PROOF_MAGIC_BYTES; }
size_t zp_proof_header_bytes(void) { return ZP_PROOF_HEADER_BYTES; }
size_t zp_proof_section_header_bytes(void) { return ZP_PROOF_SECTION_HEADER_BYTES; }
size_t zp_proof_digest_bytes(void) { return ZP_PROOF_DIGEST_BYTES; }
size_t zp_proof_max_sections(void) { return ZP_PROOF_MAX_SECTIONS; }
uint64_t zp_proof_max_section_bytes(void) { return ZP_PROOF_MAX_SECTION_BYTES; }
size_t zp_proof_default_max_file_bytes(void) { return ZP_PROOF_DEFAULT_MAX_FILE_BYTES; }
size_t zp_proof_err_bytes(void) { return ZP_PROOF_ERR_BYTES; }
uint32_t zp_proof_format_version(void) { return ZP_PROOF_FORMAT_VERSION; }

const char *zp_stmt_type_name(uint32_t t) {
    switch (t) {
    case ZP_STMT_PCS_OPENING: return "pcs-opening";
    case ZP_STMT_SUMCHECK: return "sumcheck";
    case ZP_STMT_MATMUL: return "matmul";
    case ZP_STMT_LOOKUP: return "lookup";
    case ZP_STMT_RANGE: return "range";
    case ZP_STMT_DATASET_MEMBERSHIP: return "dataset-membership";
    case ZP_STMT_TRAINING_STEP: return "training-step";
    case ZP_STMT_TRAINING_RUN: return "training-run";
    case ZP_STMT_INFERENCE: return "inference";
    case ZP_STMT_FEDERATED_ROUND: return "federated-round";
    }
    return NULL;
}

const char *zp_proof_section_name(uint32_t tag) {
    switch (tag) {
    case ZP_SECTION_STATEMENT: return "statement";
    case ZP_SECTION_PROOF: return "proof";
    case ZP_SECTION_PCS_COMMITMENT: return "pcs.commitment";
    case ZP_SECTION_DATASET_COMMITMENT: return "dataset.commitment";
    }
    return NULL;
}

typedef struct {
    uint32_t tag;
    uint8_t *data; /* points into buf unless owned */
    size_t len;
    int owned;     /* copied by add_section, freed with the file */
} zp_pf_section;

struct zp_proof_file {
    uint32_t version;
    uint32_t stmt_type;
    size_t n_sections, cap;
    zp_pf_section *sec; /* sorted by strictly increasing tag */
    uint8_t *buf;       /* parsed files: a copy of the input */
    size_t buf_len;
};

static void set_err(char *err, const char *fmt, ...) {
    if (!err) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, ZP_PROOF_ERR_BYTES, fmt, ap);
    va_end(ap);
}

zp_err zp_proof_file_new(zp_proof_file **out, uint32_t stmt_type) {
    if (!out) return ZP_ERR_ARG;
    *out = NULL;
    if (!zp_stmt_type_name(stmt_type)) return ZP_ERR_ARG;
    zp_proof_file *pf = calloc(1, sizeof *pf);
    if (!pf) return ZP_ERR_NOMEM;
    pf->version = ZP_PROOF_FORMAT_VERSION;
    pf->stmt_type = stmt_type;
    *out = pf;
    return ZP_OK;
}

void zp_proof_file_free(zp_proof_file *pf) {
    if (!pf) return;
    for (size_t i = 0; i < pf->n_sections; i++)
        if (pf->sec[i].owned) free(pf->sec[i].data);
    free(pf->sec);
    free(pf->buf);
    free(pf);
}

zp_err zp_proof_file_add_section(zp_proof_file *pf, uint32_t tag,
                                 const void *data, size_t len) {
    if (!pf || tag == 0 || (len && !data)) return ZP_ERR_ARG;
    if ((uint64_t)len > ZP_PROOF_MAX_SECTION_BYTES) return ZP_ERR_ARG;
    if (pf->n_sections >= ZP_PROOF_MAX_SECTIONS) return ZP_ERR_ARG;
    size_t at = 0;
    while (at < pf->n_sections && pf->sec[at].tag < tag) at++;
    if (at < pf->n_sections && pf->sec[at].tag == tag) return ZP_ERR_ARG;
    if (pf->n_sections == pf->cap) {
        size_t nc = pf->cap ? 2 * pf->cap : 8;
        if (nc > ZP_PROOF_MAX_SECTIONS) nc = ZP_PROOF_MAX_SECTIONS;
        zp_pf_section *ns = realloc(pf->sec, nc * sizeof *ns);
        if (!ns) return ZP_ERR_NOMEM;
        pf->sec = ns;
        pf->cap = nc;
    }
    uint8_t *copy = malloc(len ? len : 1);
    if (!copy) return ZP_ERR_NOMEM;
    if (len) memcpy(copy, data, len);
    memmove(pf->sec + at + 1, pf->sec + at, (pf->n_sections - at) * sizeof *pf->sec);
    pf->sec[at].tag = tag;
    pf->sec[at].data = copy;
    pf->sec[at].len = len;
    pf->sec[at].owned = 1;
    pf->n_sections++;
    return ZP_OK;
}

/* ---------------- encoding ---------------- */

/* The encoder feeds every byte to a SHA-256 context and, if out is set,
 * copies it there too. */
typedef struct {
    zp_sha256_ctx h;
    uint8_t *out;
    size_t pos;
} zp_pf_sink;

static void sink_put(zp_pf_sink *s, const void *p, size_t n) {
    zp_sha256_update(&s->h, p, n);
    if (s->out) memcpy(s->out + s->pos, p, n);
    s->pos += n;
}

static void encode(const zp_proof_file *pf, zp_pf_sink *s, uint8_t digest[32]) {
    uint8_t hdr[ZP_PROOF_HEADER_BYTES];
    memcpy(hdr, ZP_PROOF_MAGIC, ZP_PROOF_MAGIC_BYTES);
    zp_store32_le(hdr + 8, pf->version);
    zp_store32_le(hdr + 12, pf->stmt_type);
    zp_store32_le(hdr + 16, (uint32_t)pf->n_sections);
    zp_sha256_init(&s->h);
    sink_put(s, hdr, sizeof hdr);
    for (size_t i = 0; i < pf->n_sections; i++) {
        uint8_t sh[ZP_PROOF_SECTION_HEADER_BYTES];
        zp_store32_le(sh, pf->sec[i].tag);
        zp_store64_le(sh + 4, (uint64_t)pf->sec[i].len);
        sink_put(s, sh, sizeof sh);
        if (pf->sec[i].len) sink_put(s, pf->sec[i].data, pf->sec[i].len);
    }
    zp_sha256_final(&s->h, digest);
    if (s->out) memcpy(s->out + s->pos, digest, ZP_PROOF_DIGEST_BYTES);
    s->pos += ZP_PROOF_DIGEST_BYTES;
}

size_t zp_proof_file_serialized_size(const zp_proof_file *pf) {
    if (!pf) return 0;
    size_t n = ZP_PROOF_HEADER_BYTES + ZP_PROOF_DIGEST_BYTES;
    for (size_t i = 0; i < pf->n_sections; i++) {
        size_t add = ZP_PROOF_SECTION_HEADER_BYTES + pf->sec[i].len;
        if (add < pf->sec[i].len || n + add < n) return 0;
        n += add;
    }
    return n;
}

zp_err zp_proof_file_serialize(const zp_proof_file *pf, uint8_t *out,
                               size_t cap, size_t *out_len) {
    if (out_len) *out_len = 0;
    if (!pf || !out || !out_len) return ZP_ERR_ARG;
    size_t need = zp_proof_file_serialized_size(pf);
    if (need == 0 || cap < need) return ZP_ERR_ARG;
    zp_pf_sink s;
    s.out = out;
    s.pos = 0;
    uint8_t d[ZP_PROOF_DIGEST_BYTES];
    encode(pf, &s, d);
    if (s.pos != need) return ZP_ERR_INTERNAL;
    *out_len = need;
    return ZP_OK;
}

void zp_proof_file_digest(const zp_proof_file *pf, zp_digest *digest) {
    if (!digest) return;
    memset(digest->b, 0, sizeof digest->b);
    if (!pf) return;
    zp_pf_sink s;
    s.out = NULL;
    s.pos = 0;
    encode(pf, &s, digest->b);
}

/* ---------------- parsing ---------------- */

/* Walks the sections of d[len], whose header (20 bytes) has been checked.
 * With sec == NULL it validates everything, including the digest; with
 * sec set (second pass, on validated bytes) it records the sections. */
static zp_err walk(const uint8_t *d, size_t len, char *err, zp_pf_section *sec,
                   uint8_t *base) {
    uint32_t n = zp_load32_le(d + 16);
    size_t end = len - ZP_PROOF_DIGEST_BYTES; /* caller checked len >= 52 */
    size_t pos = ZP_PROOF_HEADER_BYTES;
    uint32_t prev = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (end - pos < ZP_PROOF_SECTION_HEADER_BYTES) {
            set_err(err, "truncated: the header of section %u of %u "
                    "(offset %zu) is cut off", i, n, pos);
            return ZP_ERR_PARSE;
        }
        uint32_t tag = zp_load32_le(d + pos);
        uint64_t slen = zp_load64_le(d + pos + 4);
        if (tag == 0) {
            set_err(err, "section %u at offset %zu has tag 0", i, pos);
            return ZP_ERR_PARSE;
        }
        if (tag == prev) {
            set_err(err, "duplicate section tag 0x%04x (section %u, offset %zu)",
                    tag, i, pos);
            return ZP_ERR_PARSE;
        }
        if (tag < prev) {
            set_err(err, "section tag 0x%04x after 0x%04x: tags must increase "
                    "(section %u, offset %zu)", tag, prev, i, pos);
            return ZP_ERR_PARSE;
        }
        pos += ZP_PROOF_SECTION_HEADER_BYTES;
        if (slen > ZP_PROOF_MAX_SECTION_BYTES) {
            set_err(err, "section %u (tag 0x%04x) length %llu exceeds the "
                    "limit 2^32", i, tag, (unsigned long long)slen);
            return ZP_ERR_PARSE;
        }
        if (slen > (uint64_t)(end - pos)) {
            set_err(err, "truncated: section %u (tag 0x%04x) declares %llu "
                    "bytes, only %zu remain before the digest", i, tag,
                    (unsigned long long)slen, end - pos);
            return ZP_ERR_PARSE;
        }
        if (sec) {
            sec[i].tag = tag;
            sec[i].data = base + pos;
            sec[i].len = (size_t)slen;
            sec[i].owned = 0;
        }
        pos += (size_t)slen;
        prev = tag;
    }
    if (pos != end) {
        set_err(err, "%zu unexpected bytes after the last section (offset %zu)",
                end - pos, pos);
        return ZP_ERR_PARSE;
    }
    if (!sec) {
        uint8_t h[ZP_PROOF_DIGEST_BYTES];
        zp_sha256(h, d, end);
        if (!zp_memeq(h, d + end, ZP_PROOF_DIGEST_BYTES)) {
            set_err(err, "digest mismatch: the file is corrupted");
            return ZP_ERR_PARSE;
        }
    }
    return ZP_OK;
}

/* Checks d[len] completely without allocating.  Out: *n_sections. */
static zp_err validate(const uint8_t *d, size_t len, char *err,
                       uint32_t *n_sections) {
    static const uint8_t magic[ZP_PROOF_MAGIC_BYTES] = ZP_PROOF_MAGIC;
    size_t m = len < ZP_PROOF_MAGIC_BYTES ? len : ZP_PROOF_MAGIC_BYTES;
    if (m && memcmp(d, magic, m) != 0) {
        set_err(err, "bad magic: not a zkprov proof file");
        return ZP_ERR_PARSE;
    }
    if (len < 12) {
        set_err(err, "truncated: %zu bytes, the header alone is %d", len,
                ZP_PROOF_HEADER_BYTES);
        return ZP_ERR_PARSE;
    }
    uint32_t v = zp_load32_le(d + 8);
    if (v == 0) {
        set_err(err, "invalid format version 0");
        return ZP_ERR_PARSE;
    }
    if (v > ZP_PROOF_FORMAT_VERSION) {
        set_err(err, "format version %u is not supported (this build reads "
                "version %d)", v, ZP_PROOF_FORMAT_VERSION);
        return ZP_ERR_UNSUPPORTED;
    }
    if (len < ZP_PROOF_HEADER_BYTES + ZP_PROOF_DIGEST_BYTES) {
        set_err(err, "truncated: %zu bytes, a proof file has at least %d", len,
                ZP_PROOF_HEADER_BYTES + ZP_PROOF_DIGEST_BYTES);
        return ZP_ERR_PARSE;
    }
    uint32_t t = zp_load32_le(d + 12);
    if (!zp_stmt_type_name(t)) {
        set_err(err, "unknown statement type %u", t);
        return ZP_ERR_PARSE;
    }
    uint32_t n = zp_load32_le(d + 16);
    if (n > ZP_PROOF_MAX_SECTIONS) {
        set_err(err, "section count %u exceeds the limit %d", n,
                ZP_PROOF_MAX_SECTIONS);
        return ZP_ERR_PARSE;
    }
    zp_err e = walk(d, len, err, NULL, NULL);
    if (e != ZP_OK) return e;
    *n_sections = n;
    return ZP_OK;
}

/* Takes ownership of buf[len] (validated or not) in every case. */
static zp_err parse_owned(zp_proof_file **out, char *err, uint8_t *buf,
                          size_t len) {
    uint32_t n = 0;
    zp_err e = validate(buf, len, err, &n);
    if (e != ZP_OK) {
        free(buf);
        return e;
    }
    zp_proof_file *pf = calloc(1, sizeof *pf);
    /* n <= 1024 and n * 12 <= len: the table is bounded by the input. */
    zp_pf_section *sec = n ? calloc(n, sizeof *sec) : NULL;
    if (!pf || (n && !sec)) {
        free(pf);
        free(sec);
        free(buf);
        set_err(err, "out of memory");
        return ZP_ERR_NOMEM;
    }
    pf->version = zp_load32_le(buf + 8);
    pf->stmt_type = zp_load32_le(buf + 12);
    pf->n_sections = pf->cap = n;
    pf->sec = sec;
    pf->buf = buf;
    pf->buf_len = len;
    if (walk(buf, len, NULL, sec, buf) != ZP_OK) {
        zp_proof_file_free(pf);
        set_err(err, "internal error re-reading a validated file");
        return ZP_ERR_INTERNAL;
    }
    set_err(err, "%s", "");
    *out = pf;
    return ZP_OK;
}

zp_err zp_proof_file_parse(zp_proof_file **out, char err[ZP_PROOF_ERR_BYTES],
                           const void *data, size_t len) {
    set_err(err, "%s", "");
    if (!out) {
        set_err(err, "invalid argument");
        return ZP_ERR_ARG;
    }
    *out = NULL;
    if (!data && len) {
        set_err(err, "invalid argument");
        return ZP_ERR_ARG;
    }
    uint32_t n;
    /* Validate before copying so a malformed input costs no allocation. */
    zp_err e = validate(len ? data : (const uint8_t *)"", len, err, &n);
    if (e != ZP_OK) return e;
    uint8_t *buf = malloc(len);
    if (!buf) {
        set_err(err, "out of memory");
        return ZP_ERR_NOMEM;
    }
    memcpy(buf, data, len);
    return parse_owned(out, err, buf, len);
}

uint32_t zp_proof_file_stmt_type(const zp_proof_file *pf) { return pf ? pf->stmt_type : 0; }
uint32_t zp_proof_file_version(const zp_proof_file *pf) { return pf ? pf->version : 0; }
size_t zp_proof_file_n_sections(const zp_proof_file *pf) { return pf ? pf->n_sections : 0; }

zp_err zp_proof_file_section_at(const zp_proof_file *pf, size_t i, uint32_t *tag,
                                const uint8_t **data, size_t *len) {
    if (tag) *tag = 0;
    if (data) *data = NULL;
    if (len) *len = 0;
    if (!pf || i >= pf->n_sections) return ZP_ERR_ARG;
    if (tag) *tag = pf->sec[i].tag;
    if (data) *data = pf->sec[i].data;
    if (len) *len = pf->sec[i].len;
    return ZP_OK;
}

zp_err zp_proof_file_section(const zp_proof_file *pf, uint32_t tag,
                             const uint8_t **data, size_t *len) {
    if (data) *data = NULL;
    if (len) *len = 0;
    if (!pf) return ZP_ERR_ARG;
    for (size_t i = 0; i < pf->n_sections; i++) {
        if (pf->sec[i].tag != tag) continue;
        if (data) *data = pf->sec[i].data;
        if (len) *len = pf->sec[i].len;
        return ZP_OK;
    }
    return ZP_ERR_PARSE;
}

static void tag_label(char *out, size_t cap, uint32_t tag) {
    const char *name = zp_proof_section_name(tag);
    if (name) snprintf(out, cap, "'%s'", name);
    else snprintf(out, cap, "0x%04x", tag);
}

zp_err zp_proof_file_expect(const zp_proof_file *pf, char err[ZP_PROOF_ERR_BYTES],
                            uint32_t stmt_type, const uint32_t *tags,
                            size_t n_tags) {
    set_err(err, "%s", "");
    if (!pf || (n_tags && !tags)) {
        set_err(err, "invalid argument");
        return ZP_ERR_ARG;
    }
    if (pf->stmt_type != stmt_type) {
        const char *have = zp_stmt_type_name(pf->stmt_type);
        const char *want = zp_stmt_type_name(stmt_type);
        set_err(err, "statement type is %s, expected %s", have ? have : "?",
                want ? want : "?");
        return ZP_ERR_PARSE;
    }
    char lab[32];
    for (size_t i = 0; i < pf->n_sections; i++) {
        size_t j = 0;
        while (j < n_tags && tags[j] != pf->sec[i].tag) j++;
        if (j == n_tags) {
            tag_label(lab, sizeof lab, pf->sec[i].tag);
            set_err(err, "unexpected section %s", lab);
            return ZP_ERR_PARSE;
        }
    }
    for (size_t j = 0; j < n_tags; j++) {
        if (zp_proof_file_section(pf, tags[j], NULL, NULL) != ZP_OK) {
            tag_label(lab, sizeof lab, tags[j]);
            set_err(err, "missing section %s", lab);
            return ZP_ERR_PARSE;
        }
    }
    return ZP_OK;
}

/* ---------------- files ---------------- */

static int write_all(int fd, const uint8_t *p, size_t n) {
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Flushes the directory holding path so a rename or link survives a crash
 * (best effort: some file systems refuse fsync on directories). */
static void sync_dir(const char *path) {
    size_t n = strlen(path);
    char *dir = malloc(n + 2);
    if (!dir) return;
    memcpy(dir, path, n + 1);
    char *slash = strrchr(dir, '/');
    if (!slash) strcpy(dir, ".");
    else if (slash == dir) dir[1] = 0;
    else *slash = 0;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    free(dir);
}

zp_err zp_proof_file_write(const zp_proof_file *pf, char err[ZP_PROOF_ERR_BYTES],
                           const char *path, int force) {
    set_err(err, "%s", "");
    if (!pf || !path || !*path) {
        set_err(err, "invalid argument");
        return ZP_ERR_ARG;
    }
    size_t len = zp_proof_file_serialized_size(pf);
    uint8_t *bytes = len ? malloc(len) : NULL;
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 32);
    if (!bytes || !tmp) {
        free(bytes);
        free(tmp);
        set_err(err, "out of memory");
        return ZP_ERR_NOMEM;
    }
    size_t got;
    zp_err e = zp_proof_file_serialize(pf, bytes, len, &got);
    if (e != ZP_OK) {
        free(bytes);
        free(tmp);
        set_err(err, "cannot encode the proof file");
        return e;
    }
    if (!force) {
        struct stat st;
        if (lstat(path, &st) == 0) {
            free(bytes);
            free(tmp);
            set_err(err, "%s", "output exists (not overwritten without force)");
            return ZP_ERR_IO;
        }
    }
    /* A fresh temporary name next to path (same file system, so the final
     * rename or link is atomic). */
    int fd = -1;
    for (int attempt = 0; attempt < 16 && fd < 0; attempt++) {
        zp_rng rng;
        uint8_t r[8];
        if (zp_rng_init_os(&rng) != ZP_OK) break;
        zp_rng_bytes(&rng, r, sizeof r);
        ZP_WIPE(&rng);
        snprintf(tmp, plen + 32, "%s.tmp-%016llx", path,
                 (unsigned long long)zp_load64_le(r));
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST) break;
    }
    if (fd < 0) {
        set_err(err, "cannot create a temporary file next to the output: %s",
                strerror(errno));
        free(bytes);
        free(tmp);
        return ZP_ERR_IO;
    }
    int ok = write_all(fd, bytes, len) == 0 && fsync(fd) == 0;
    int saved = errno;
    if (close(fd) != 0 && ok) {
        ok = 0;
        saved = errno;
    }
    free(bytes);
    if (!ok) {
        unlink(tmp);
        free(tmp);
        set_err(err, "cannot write the output: %s", strerror(saved));
        return ZP_ERR_IO;
    }
    int r;
    if (force) {
        r = rename(tmp, path);
        saved = errno;
    } else {
        /* link() fails with EEXIST if path appeared meanwhile: never
         * replaces a file. */
        r = link(tmp, path);
        saved = errno;
        if (r != 0 && saved != EEXIST) {
            /* File systems without hard links: check, then rename. */
            struct stat st;
            if (lstat(path, &st) == 0) {
                saved = EEXIST;
            } else {
                r = rename(tmp, path);
                saved = errno;
            }
        }
        if (r == 0) unlink(tmp); /* no-op after rename */
    }
    if (r != 0) {
        unlink(tmp);
        free(tmp);
        if (saved == EEXIST) set_err(err, "%s", "output exists (not overwritten without force)");
        else set_err(err, "cannot create the output: %s", strerror(saved));
        return ZP_ERR_IO;
    }
    free(tmp);
    sync_dir(path);
    return ZP_OK;
}

zp_err zp_proof_file_read(zp_proof_file **out, char err[ZP_PROOF_ERR_BYTES],
                          const char *path, size_t max_bytes) {
    set_err(err, "%s", "");
    if (!out || !path) {
        set_err(err, "invalid argument");
        return ZP_ERR_ARG;
    }
    *out = NULL;
    if (max_bytes == 0) max_bytes = ZP_PROOF_DEFAULT_MAX_FILE_BYTES;
    if (max_bytes > SIZE_MAX / 2) max_bytes = SIZE_MAX / 2;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        set_err(err, "cannot open: %s", strerror(errno));
        return ZP_ERR_IO;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        set_err(err, "cannot stat: %s", strerror(errno));
        close(fd);
        return ZP_ERR_IO;
    }
    if (S_ISDIR(st.st_mode)) {
        set_err(err, "is a directory");
        close(fd);
        return ZP_ERR_IO;
    }
    if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > (uint64_t)max_bytes) {
        set_err(err, "file is %llu bytes, over the %zu-byte limit",
                (unsigned long long)st.st_size, max_bytes);
        close(fd);
        return ZP_ERR_PARSE;
    }
    /* Grow with what is actually read (pipes have no size), never past
     * max_bytes + 1. */
    size_t cap = S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size + 1 : 4096;
    if (cap > max_bytes + 1 || cap == 0) cap = max_bytes + 1;
    uint8_t *buf = malloc(cap);
    size_t len = 0;
    if (!buf) {
        close(fd);
        set_err(err, "out of memory");
        return ZP_ERR_NOMEM;
    }
    for (;;) {
        if (len == cap) {
            if (cap > max_bytes) break;
            size_t nc = cap > max_bytes / 2 ? max_bytes + 1 : 2 * cap;
            uint8_t *nb = realloc(buf, nc);
            if (!nb) {
                free(buf);
                close(fd);
                set_err(err, "out of memory");
                return ZP_ERR_NOMEM;
            }
            buf = nb;
            cap = nc;
        }
        ssize_t n = read(fd, buf + len, cap - len);
        if (n < 0) {
            if (errno == EINTR) continue;
            set_err(err, "cannot read: %s", strerror(errno));
            free(buf);
            close(fd);
            return ZP_ERR_IO;
        }
        if (n == 0) break;
        len += (size_t)n;
    }
    close(fd);
    if (len > max_bytes) {
        free(buf);
        set_err(err, "file is over the %zu-byte limit", max_bytes);
        return ZP_ERR_PARSE;
    }
    return parse_owned(out, err, buf, len);
}
