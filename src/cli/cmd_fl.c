/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * `zkprov fl init|update|aggregate|verify`: a thin shell over
 * src/prov/fl_round.c (docs/spec/fl.md, docs/formats/fl.md).  Exit codes:
 * 0 accept, 1 reject, 2 usage or I/O error. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "prov/cert_internal.h"
#include "prov/fl_internal.h"
#include "zkprov/prov.h"

enum { EX_OK = 0, EX_REJECT = 1, EX_USAGE = 2 };
#define UPS_MAGIC "ZPFLUPS1"
#define MAX_FILE ((size_t)1 << 31)

static void usage(FILE *f) {
    fprintf(f, "usage: zkprov fl <verb> ...\n"
               "  init --global MODEL --clients FILE --bound B --out ROUND [--update-bits K] [--round-id N] [--force]\n"
               "  update ROUND --key CLIENT.key --update FILE --samples N --out UPD [--train-proof HEX64] [--force]\n"
               "  aggregate ROUND UPD... --prove --out NEXT [--force]\n"
               "  verify NEXT --prev ROUND [--skip-range-proofs]   (by default every client's range\n"
               "        proof is re-checked; --skip-range-proofs trusts their signed digests)\n"
               "MODEL and FILE of an update: whitespace-separated integers (fixed point);\n"
               "the clients FILE lists one public key file per line.\n");
}

/* Reads whitespace-separated integers, padded with zeros to a power of two
 * (at least 64).  Returns the count (power of two) or 0 on error. */
static size_t read_ints(int64_t **out, const char *path, size_t want) {
    char err[ZP_CERT_ERR_BYTES];
    char *txt;
    size_t len;
    *out = NULL;
    if (zp_cert_read_file(&txt, &len, err, path, (size_t)1 << 30) != ZP_OK) {
        fprintf(stderr, "zkprov: %s\n", err);
        return 0;
    }
    size_t cap = 1024, n = 0;
    int64_t *v = malloc(cap * 8);
    char *p = txt, *end;
    while (v) {
        while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r' || *p == ',') p++;
        if (!*p) break;
        long long x = strtoll(p, &end, 10);
        if (end == p) {
            fprintf(stderr, "zkprov: %s: not an integer at byte %zu\n", path, (size_t)(p - txt));
            free(v), free(txt);
            return 0;
        }
        p = end;
        if (n == cap) {
            int64_t *nv = realloc(v, 2 * cap * 8);
            if (!nv) break;
            v = nv, cap *= 2;
        }
        v[n++] = x;
    }
    free(txt);
    if (!v || n == 0) {
        free(v);
        fprintf(stderr, "zkprov: %s: no values\n", path);
        return 0;
    }
    size_t P = 64;
    while (P < n) P *= 2;
    if (want && P != want) {
        if (n > want) {
            fprintf(stderr, "zkprov: %s: %zu values, the round has %zu parameters\n", path, n, want);
            free(v);
            return 0;
        }
        P = want;
    }
    int64_t *w = calloc(P, 8);
    if (!w) {
        free(v);
        return 0;
    }
    memcpy(w, v, n * 8);
    free(v);
    *out = w;
    return P;
}

static int load_round(zp_fl_round *r, const char *path) {
    char err[ZP_CERT_ERR_BYTES];
    char *b;
    size_t len;
    if (zp_cert_read_file(&b, &len, err, path, MAX_FILE) != ZP_OK) {
        fprintf(stderr, "zkprov: %s\n", err);
        return 0;
    }
    zp_err e = zp_fl_round_decode(r, (const uint8_t *)b, len);
    if (e != ZP_OK) {
        /* a NEXT file carries the next round: rounds chain */
        zp_fl_aggregate a;
        e = zp_fl_aggregate_decode(&a, (const uint8_t *)b, len);
        if (e == ZP_OK) {
            *r = a.next;
            memset(&a.next, 0, sizeof a.next);
            zp_fl_aggregate_clear(&a);
        }
    }
    free(b);
    if (e != ZP_OK) {
        fprintf(stderr, "zkprov: %s: not a round file (%s)\n", path, zp_strerror(e));
        return 0;
    }
    return 1;
}

static int write_out(const char *path, const void *d, size_t n, unsigned mode, int force) {
    char err[ZP_CERT_ERR_BYTES];
    if (zp_cert_write_file(err, path, d, n, mode, force) != ZP_OK) {
        fprintf(stderr, "zkprov: %s\n", err);
        return 0;
    }
    return 1;
}

static int cmd_init(int argc, char **argv) {
    const char *model = NULL, *clients = NULL, *out = NULL;
    uint64_t bound = 0, rid = 0, ubits = 16;
    int force = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--force")) force = 1;
        else if (i + 1 < argc && !strcmp(a, "--global")) model = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--clients")) clients = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--out")) out = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--bound")) bound = strtoull(argv[++i], NULL, 10);
        else if (i + 1 < argc && !strcmp(a, "--round-id")) rid = strtoull(argv[++i], NULL, 10);
        else if (i + 1 < argc && !strcmp(a, "--update-bits")) ubits = strtoull(argv[++i], NULL, 10);
        else {
            usage(stderr);
            return EX_USAGE;
        }
    }
    if (!model || !clients || !out || !bound) {
        usage(stderr);
        return EX_USAGE;
    }
    zp_fl_round r;
    memset(&r, 0, sizeof r);
    size_t P = read_ints(&r.global, model, 0);
    if (!P) return EX_USAGE;
    unsigned lp = 0;
    while (((size_t)1 << lp) < P) lp++;
    r.log_params = lp;
    r.round_id = rid;
    r.update_bits = (uint32_t)ubits;
    r.bound = bound;
    FILE *f = fopen(clients, "r");
    if (!f) {
        fprintf(stderr, "zkprov: cannot open %s\n", clients);
        zp_fl_round_clear(&r);
        return EX_USAGE;
    }
    char line[4096];
    r.client_pk = malloc(32 * ZP_FL_MAX_CLIENTS);
    while (r.client_pk && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0] || line[0] == '#') continue;
        char err[ZP_CERT_ERR_BYTES];
        if (r.n_clients == ZP_FL_MAX_CLIENTS ||
            zp_auth_public_load(r.client_pk + 32 * r.n_clients, err, line) != ZP_OK) {
            fprintf(stderr, "zkprov: %s: %s\n", line, r.n_clients == ZP_FL_MAX_CLIENTS ? "too many clients" : err);
            fclose(f);
            zp_fl_round_clear(&r);
            return EX_USAGE;
        }
        r.n_clients++;
    }
    fclose(f);
    uint8_t *b;
    size_t n;
    if (zp_fl_round_encode(&b, &n, &r) != ZP_OK) {
        fprintf(stderr, "zkprov: invalid round (limits: docs/formats/fl.md)\n");
        zp_fl_round_clear(&r);
        return EX_USAGE;
    }
    int ok = write_out(out, b, n, 0644, force);
    zp_digest d;
    if (ok && zp_fl_round_digest(&d, &r) == ZP_OK) {
        printf("round %" PRIu64 ": %u clients, 2^%u parameters, digest ", r.round_id, r.n_clients, lp);
        for (int i = 0; i < 32; i++) printf("%02x", d.b[i]);
        printf("\n");
    }
    free(b);
    zp_fl_round_clear(&r);
    return ok ? EX_OK : EX_USAGE;
}

static int cmd_update(int argc, char **argv) {
    const char *rpath = NULL, *key = NULL, *upd = NULL, *out = NULL, *tp = NULL;
    uint64_t samples = 0;
    int force = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--force")) force = 1;
        else if (i + 1 < argc && !strcmp(a, "--key")) key = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--update")) upd = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--out")) out = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--train-proof")) tp = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--samples")) samples = strtoull(argv[++i], NULL, 10);
        else if (a[0] != '-' && !rpath) rpath = a;
        else {
            usage(stderr);
            return EX_USAGE;
        }
    }
    if (!rpath || !key || !upd || !out || !samples) {
        usage(stderr);
        return EX_USAGE;
    }
    zp_fl_round r;
    if (!load_round(&r, rpath)) return EX_USAGE;
    int rc = EX_USAGE;
    uint8_t sk[64];
    char err[ZP_CERT_ERR_BYTES];
    int64_t *vals = NULL;
    zp_fe *mask = NULL;
    zp_pcs_prover *pr = NULL;
    zp_bytes sec, rp;
    zp_bytes_init(&sec);
    zp_bytes_init(&rp);
    uint8_t *file = NULL;
    zp_digest tpd;
    if (tp && zp_cert_hex_decode(tpd.b, 32, tp) != ZP_OK) {
        fprintf(stderr, "zkprov: --train-proof wants 64 lowercase hex digits\n");
        goto out;
    }
    if (zp_auth_secret_load(sk, err, key) != ZP_OK) {
        fprintf(stderr, "zkprov: %s\n", err);
        goto out;
    }
    uint32_t client = r.n_clients;
    for (uint32_t c = 0; c < r.n_clients; c++)
        if (!memcmp(r.client_pk + 32 * c, sk + 32, 32)) client = c;
    if (client == r.n_clients) {
        fprintf(stderr, "zkprov: this key is not a client of the round\n");
        rc = EX_REJECT;
        goto out;
    }
    size_t P = (size_t)1 << r.log_params;
    if (read_ints(&vals, upd, P) != P) goto out;
    size_t ml = zp_fl_client_mask_len(r.log_params);
    mask = malloc(ml * sizeof(zp_fe));
    zp_rng rng;
    if (!mask || zp_rng_init_os(&rng) != ZP_OK) goto out;
    zp_fl_update h;
    zp_err e = zp_fl_update_create(&h, &pr, &rp, &r, client, sk, vals, samples, tp ? &tpd : NULL,
                                   mask, &rng);
    if (e != ZP_OK) {
        fprintf(stderr,
                "zkprov: cannot create the update: %s (values must lie in [-2^%u, 2^%u))\n",
                zp_strerror(e), r.update_bits - 1, r.update_bits - 1);
        goto out;
    }
    if (zp_pcs_prover_export(pr, &sec) != ZP_OK || sec.failed) goto out;
    /* UPD: magic, header, values, mask rows, PCS secret, range proof
     * (SECRET: mode 0600) */
    size_t n = 8 + ZP_FL_UPDATE_BYTES + 8 * P + 8 * ml + 8 + sec.len + 8 + rp.len;
    file = malloc(n);
    if (!file) goto out;
    uint8_t *p = file;
    memcpy(p, UPS_MAGIC, 8), p += 8;
    size_t hl = zp_fl_update_signed_bytes(p, &h);
    memcpy(p + hl, h.sig, 64), p += ZP_FL_UPDATE_BYTES;
    for (size_t x = 0; x < P; x++) zp_store64_le(p, (uint64_t)vals[x]), p += 8;
    for (size_t x = 0; x < ml; x++) zp_store64_le(p, mask[x]), p += 8;
    zp_store64_le(p, sec.len), p += 8;
    memcpy(p, sec.data, sec.len), p += sec.len;
    zp_store64_le(p, rp.len), p += 8;
    memcpy(p, rp.data, rp.len);
    if (write_out(out, file, n, 0600, force)) {
        printf("update of client %u: %" PRIu64 " samples, range proof %zu bytes, signed\n", client,
               samples, rp.len);
        rc = EX_OK;
    }
    zp_memzero(file, n);
out:
    free(file);
    if (sec.data) zp_memzero(sec.data, sec.len);
    zp_bytes_free(&sec);
    zp_bytes_free(&rp);
    zp_pcs_prover_free(pr);
    zp_memzero(sk, sizeof sk);
    free(vals), free(mask);
    zp_fl_round_clear(&r);
    return rc;
}

static int cmd_aggregate(int argc, char **argv) {
    const char *rpath = NULL, *out = NULL;
    const char **ups = calloc((size_t)argc + 1, sizeof *ups);
    size_t nu = 0;
    int prove = 0, force = 0;
    if (!ups) return EX_USAGE;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--prove")) prove = 1;
        else if (!strcmp(a, "--force")) force = 1;
        else if (i + 1 < argc && !strcmp(a, "--out")) out = argv[++i];
        else if (a[0] != '-' && !rpath) rpath = a;
        else if (a[0] != '-') ups[nu++] = a;
        else {
            free(ups);
            usage(stderr);
            return EX_USAGE;
        }
    }
    if (!rpath || !out || !nu || !prove || nu > ZP_FL_MAX_CLIENTS) {
        free(ups);
        usage(stderr);
        return EX_USAGE;
    }
    zp_fl_round r;
    if (!load_round(&r, rpath)) {
        free(ups);
        return EX_USAGE;
    }
    int rc = EX_USAGE;
    size_t P = (size_t)1 << r.log_params, ml = zp_fl_client_mask_len(r.log_params);
    zp_fl_update *hs = calloc(nu, sizeof *hs);
    int64_t **vals = calloc(nu, sizeof *vals);
    zp_fe **masks = calloc(nu, sizeof *masks);
    zp_pcs_prover **prs = calloc(nu, sizeof *prs);
    uint8_t **rps = calloc(nu, sizeof *rps);
    size_t *rls = calloc(nu, sizeof *rls);
    zp_fe *ev = calloc(2 * P, sizeof(zp_fe));
    zp_fl_aggregate a;
    memset(&a, 0, sizeof a);
    if (!hs || !vals || !masks || !prs || !rps || !rls || !ev) goto out;
    for (size_t i = 0; i < nu; i++) {
        char err[ZP_CERT_ERR_BYTES];
        char *b;
        size_t len;
        if (zp_cert_read_file(&b, &len, err, ups[i], MAX_FILE) != ZP_OK) {
            fprintf(stderr, "zkprov: %s\n", err);
            goto out;
        }
        const uint8_t *d = (const uint8_t *)b;
        size_t need = 8 + ZP_FL_UPDATE_BYTES + 8 * P + 8 * ml + 8 + 8; /* + 2 lengths */
        int okf = len >= need && !memcmp(d, UPS_MAGIC, 8);
        zp_err e = okf ? zp_fl_update_decode(&hs[i], d + 8) : ZP_ERR_PARSE;
        if (e == ZP_OK && zp_fl_update_check(&hs[i], &r) != ZP_OK) {
            fprintf(stderr, "zkprov: %s: update rejected (signature, key or round)\n", ups[i]);
            zp_memzero(b, len), free(b);
            rc = EX_REJECT;
            goto out;
        }
        vals[i] = malloc(8 * P);
        masks[i] = malloc(8 * ml);
        if (e != ZP_OK || !vals[i] || !masks[i]) {
            fprintf(stderr, "zkprov: %s: not an update file\n", ups[i]);
            zp_memzero(b, len), free(b);
            goto out;
        }
        const uint8_t *p = d + 8 + ZP_FL_UPDATE_BYTES;
        for (size_t x = 0; x < P; x++) vals[i][x] = (int64_t)zp_load64_le(p + 8 * x);
        p += 8 * P;
        for (size_t x = 0; x < ml; x++) masks[i][x] = zp_load64_le(p + 8 * x);
        p += 8 * ml;
        uint64_t sl = zp_load64_le(p);
        p += 8;
        uint64_t rl = 0;
        if (sl <= len - need) rl = zp_load64_le(p + sl);
        if (sl > len - need || rl != len - need - sl || !(rps[i] = malloc(rl ? rl : 1))) {
            fprintf(stderr, "zkprov: %s: not an update file\n", ups[i]);
            zp_memzero(b, len), free(b);
            goto out;
        }
        memcpy(rps[i], p + sl + 8, (size_t)rl);
        rls[i] = (size_t)rl;
        if (zp_fl_update_verify(&hs[i], &r, rps[i], rls[i]) != ZP_OK) {
            fprintf(stderr, "zkprov: %s: the range proof of the update is rejected\n", ups[i]);
            zp_memzero(b, len), free(b);
            rc = EX_REJECT;
            goto out;
        }
        memset(ev, 0, 16 * P);
        for (size_t x = 0; x < P; x++) ev[x] = zp_fe_from_i64(vals[i][x]);
        memcpy(ev + P, masks[i], 8 * ml);
        if (zp_pcs_prover_import(&prs[i], NULL, p, (size_t)sl, ev, 2 * P) != ZP_OK) {
            fprintf(stderr, "zkprov: %s: the commitment does not match the values\n", ups[i]);
            zp_memzero(b, len), free(b);
            rc = EX_REJECT;
            goto out;
        }
        zp_memzero(b, len), free(b);
    }
    zp_rng rng;
    if (zp_rng_init_os(&rng) != ZP_OK) goto out;
    /* every range proof was checked above (zp_fl_update_verify) */
    zp_err e = zp_fl_aggregate_prove_ex(&a, &r, hs, (const uint8_t *const *)rps, rls,
                                        (const int64_t *const *)vals,
                                        (const zp_fe *const *)masks, prs, nu, &rng,
                                        ZP_FL_RANGES_CHECKED);
    if (e != ZP_OK) {
        fprintf(stderr, "zkprov: aggregation failed: %s\n", zp_strerror(e));
        goto out;
    }
    uint8_t *b;
    size_t n;
    if (zp_fl_aggregate_encode(&b, &n, &a) != ZP_OK) goto out;
    if (write_out(out, b, n, 0644, force)) {
        size_t inc = 0;
        for (size_t i = 0; i < nu; i++) inc += a.included[i];
        printf("round %" PRIu64 " aggregated: %zu of %zu updates included, proof %zu bytes\n",
               r.round_id, inc, nu, a.proof_len);
        for (size_t i = 0; i < nu; i++)
            if (!a.included[i]) printf("excluded: client %u (norm over the bound, proven)\n", hs[i].client);
        rc = EX_OK;
    }
    free(b);
out:
    zp_fl_aggregate_clear(&a);
    for (size_t i = 0; i < nu; i++) {
        if (vals && vals[i]) zp_memzero(vals[i], 8 * P), free(vals[i]);
        if (masks && masks[i]) zp_memzero(masks[i], 8 * ml), free(masks[i]);
        if (prs) zp_pcs_prover_free(prs[i]);
        if (rps) free(rps[i]);
    }
    free(rps), free(rls);
    if (ev) zp_memzero(ev, 16 * P);
    free(ev), free(hs), free(vals), free(masks), free(prs), free(ups);
    zp_fl_round_clear(&r);
    return rc;
}

static int cmd_verify(int argc, char **argv) {
    const char *next = NULL, *prev = NULL;
    int full = 1;
    for (int i = 0; i < argc; i++) {
        if (i + 1 < argc && !strcmp(argv[i], "--prev")) prev = argv[++i];
        else if (!strcmp(argv[i], "--full")) full = 1;
        else if (!strcmp(argv[i], "--skip-range-proofs")) full = 0;
        else if (argv[i][0] != '-' && !next) next = argv[i];
        else {
            usage(stderr);
            return EX_USAGE;
        }
    }
    if (!next || !prev) {
        usage(stderr);
        return EX_USAGE;
    }
    zp_fl_round r;
    if (!load_round(&r, prev)) return EX_USAGE;
    char err[ZP_CERT_ERR_BYTES];
    char *b;
    size_t len;
    if (zp_cert_read_file(&b, &len, err, next, MAX_FILE) != ZP_OK) {
        fprintf(stderr, "zkprov: %s\n", err);
        zp_fl_round_clear(&r);
        return EX_USAGE;
    }
    zp_fl_aggregate a;
    zp_err e = zp_fl_aggregate_decode(&a, (const uint8_t *)b, len);
    free(b);
    if (e != ZP_OK) {
        fprintf(stderr, "zkprov: %s: not an aggregate file (%s)\n", next, zp_strerror(e));
        zp_fl_round_clear(&r);
        return e == ZP_ERR_PARSE ? EX_REJECT : EX_USAGE;
    }
    /* By default the clients' range proofs are re-checked (sound against any
     * coalition); --skip-range-proofs takes them as checked at aggregation,
     * named by their signed digests (docs/spec/fl.md, "Two verifiers"). */
    e = full ? zp_fl_aggregate_verify(err, &r, &a) : zp_fl_aggregate_verify_round(err, &r, &a);
    int rc;
    if (e == ZP_OK) {
        size_t inc = 0;
        for (uint32_t i = 0; i < a.n_updates; i++) inc += a.included[i];
        printf("OK: round %" PRIu64 " -> %" PRIu64 ", %zu of %u updates included\n", r.round_id,
               a.next.round_id, inc, a.n_updates);
        printf("range proofs: %s\n", full ? "re-checked"
                                            : "NOT re-checked (--skip-range-proofs): taken as checked at aggregation, named by signed digest");
        for (uint32_t i = 0; i < a.n_updates; i++)
            if (!a.included[i]) printf("excluded: client %u (norm over the bound)\n", a.updates[i].client);
        rc = EX_OK;
    } else {
        printf("REJECTED: %s\n", err[0] ? err : zp_strerror(e));
        rc = (e == ZP_ERR_NOMEM || e == ZP_ERR_ARG) ? EX_USAGE : EX_REJECT;
    }
    zp_fl_aggregate_clear(&a);
    zp_fl_round_clear(&r);
    return rc;
}

int cmd_fl_main(int argc, char **argv) {
    if (argc < 1) {
        usage(stderr);
        return EX_USAGE;
    }
    if (!strcmp(argv[0], "init")) return cmd_init(argc - 1, argv + 1);
    if (!strcmp(argv[0], "update")) return cmd_update(argc - 1, argv + 1);
    if (!strcmp(argv[0], "aggregate")) return cmd_aggregate(argc - 1, argv + 1);
    if (!strcmp(argv[0], "verify")) return cmd_verify(argc - 1, argv + 1);
    if (!strcmp(argv[0], "help") || !strcmp(argv[0], "--help")) {
        usage(stdout);
        return EX_OK;
    }
    usage(stderr);
    return EX_USAGE;
}
