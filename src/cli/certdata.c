/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * The certified data of a training run, shared by `zkprov train` and
 * `zkprov fl update --train`: the certificate, the data file's records as
 * fixed-point training data, and the dataset commitment a bound run rests
 * on (docs/formats/run.md version 3, docs/spec/train-step.md section 7). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "zkprov/io.h"

enum { EX_OK = 0, EX_REJECT = 1, EX_USAGE = 2 };

char *cli_sibling_path(const char *path, const char *from, const char *to) {
    size_t n = strlen(path), f = strlen(from);
    if (n >= f && !strcmp(path + n - f, from)) n -= f;
    char *s = malloc(n + strlen(to) + 1);
    if (s) {
        memcpy(s, path, n);
        strcpy(s + n, to);
    }
    return s;
}

/* ---- records of the certified dataset as fixed-point training data ---- */

typedef struct {
    const zp_ds_schema *s;
    const zp_train_config *cfg;
    zp_fxdata *ds;
    size_t cap;
    char *why;
    zp_dataset_builder *b; /* NULL, or the rows re-committed (bound runs) */
} rec_ctx;

static zp_err add_record(void *cv, const zp_fe *row, uint64_t index) {
    rec_ctx *c = cv;
    zp_fxdata *ds = c->ds;
    const size_t F = c->cfg->dims[0];
    if (c->b) {
        char be[ZP_DS_ERR_BYTES] = "";
        zp_err e = zp_dataset_builder_add(c->b, be, row);
        if (e != ZP_OK) {
            snprintf(c->why, 160, "record %llu: %s", (unsigned long long)index, be);
            return e;
        }
    }
    if (ds->n == c->cap) {
        size_t nc = c->cap ? 2 * c->cap : 256;
        int64_t *x = realloc(ds->x, nc * F * sizeof(int64_t));
        if (x) ds->x = x;
        int32_t *l = realloc(ds->label, nc * sizeof(int32_t));
        if (l) ds->label = l;
        if (!x || !l) return ZP_ERR_NOMEM;
        c->cap = nc;
    }
    size_t pos = 0;
    for (size_t k = 0; k < c->s->n_columns; k++) {
        const zp_ds_column *col = &c->s->columns[k];
        for (uint32_t j = 0; j < col->count; j++, pos++) {
            int64_t q;
            if (zp_ds_i64_from_fe(&q, row[pos], col->bound) != ZP_OK) return ZP_ERR_PARSE;
            /* q at the column's scale -> the config's act_scale (rounding,
             * ties up), saturated: docs/formats/run.md, section 6 */
            ds->x[ds->n * F + pos] = zp_fx_rescale(q, col->scale, c->cfg->act_scale,
                                                   c->cfg->act_bits);
        }
    }
    int64_t lab;
    if (zp_ds_i64_from_fe(&lab, row[pos], c->s->label_bound) != ZP_OK || lab < 0 ||
        lab >= (int64_t)c->cfg->dims[c->cfg->n_layers]) {
        snprintf(c->why, 160, "record %llu: label %lld is not a class of the model",
                 (unsigned long long)index, (long long)lab);
        return ZP_ERR_PARSE;
    }
    ds->label[ds->n++] = (int32_t)lab;
    return ZP_OK;
}

int cli_load_certified(zp_cert_info *ci, zp_fxdata *ds, const char *cert, const char *auth,
                       const char *data, const char *fmt, const char *labels,
                       const zp_train_config *cfg, zp_dataset_builder *b) {
    uint8_t pk[ZP_AUTH_PUBLICKEYBYTES];
    char err[ZP_IO_ERR_BYTES] = "", why[160] = "";
    if (zp_auth_public_load(pk, err, auth) != ZP_OK) {
        fprintf(stderr, "zkprov: %s: %s\n", auth, err);
        return EX_USAGE;
    }
    zp_err e = zp_cert_verify_file(ci, err, cert, pk, (int64_t)time(NULL));
    if (e != ZP_OK) {
        fprintf(stderr, "zkprov: REJECTED: %s: %s\n", cert, err[0] ? err : zp_strerror(e));
        return e == ZP_ERR_IO ? EX_USAGE : EX_REJECT;
    }
    if (!data) return EX_OK;
    zp_ds_schema *s = NULL;
    zp_ds_format f;
    if (zp_ds_format_from_name(&f, fmt) != ZP_OK || f == ZP_DS_JSONL) {
        fprintf(stderr, "zkprov: --format must be csv or idx (an MLP trains on numeric records)\n");
        return EX_USAGE;
    }
    if (zp_ds_schema_parse(&s, err, ci->schema_json, strlen(ci->schema_json)) != ZP_OK) {
        fprintf(stderr, "zkprov: %s: schema: %s\n", cert, err);
        return EX_REJECT;
    }
    int rc = EX_USAGE;
    size_t nf = 0;
    for (size_t k = 0; k < s->n_columns; k++) nf += s->columns[k].count;
    if (s->format != f || !s->has_label || nf != cfg->dims[0]) {
        fprintf(stderr, "zkprov: %s: the certified schema (%s, %zu features%s) does not fit "
                        "--format %s and the model's %u inputs\n", cert,
                zp_ds_format_name(s->format), nf, s->has_label ? "" : ", no label", fmt,
                (unsigned)cfg->dims[0]);
        goto done;
    }
    memset(ds, 0, sizeof *ds);
    ds->n_features = cfg->dims[0];
    rec_ctx c = {s, cfg, ds, 0, why, b};
    uint64_t n = 0;
    e = zp_io_records_read(&n, err, s, data, labels, add_record, &c, NULL, NULL);
    if (e != ZP_OK) {
        fprintf(stderr, "zkprov: %s: %s\n", data, why[0] ? why : err[0] ? err : zp_strerror(e));
        goto done;
    }
    if (n != ci->records) {
        fprintf(stderr, "zkprov: %s has %llu records; the certificate names %llu\n", data,
                (unsigned long long)n, (unsigned long long)ci->records);
        goto done;
    }
    rc = EX_OK;
done:
    zp_ds_schema_free(s);
    return rc;
}

/* ---- the prover's side of a bound run ---- */

int cli_bound_data_load(cli_bound_data *d, const char *cert, const char *auth,
                        const char *commit, const char *secret, const char *data,
                        const char *fmt, const char *labels, unsigned index,
                        const zp_train_config *cfg) {
    memset(d, 0, sizeof *d);
    d->index = index;
    char *def = commit ? NULL : cli_sibling_path(cert, ".cert", ".commit");
    const char *cp = commit ? commit : def;
    char de[512] = "";
    int rc = EX_USAGE;
    /* the dataset commitment the certificate names, its secret, and a
     * builder that re-commits the data file's rows */
    if (!cp || zp_dataset_commit_load(&d->dc, de, cp) != ZP_OK) {
        fprintf(stderr, "zkprov: %s: %s (the certificate's DS.commit: --commit)\n",
                cp ? cp : "?", de[0] ? de : "cannot read it");
        goto out;
    }
    if (zp_dataset_secret_load(&d->sec, de, secret, d->dc) != ZP_OK) {
        fprintf(stderr, "zkprov: %s: %s\n", secret, de);
        goto out;
    }
    if (zp_dataset_train_view(&d->view, de, d->dc) != ZP_OK) {
        fprintf(stderr, "zkprov: %s: %s\n", cp, de);
        rc = EX_REJECT;
        goto out;
    }
    if (index >= d->dc->pcs.max_openings) {
        fprintf(stderr, "zkprov: --dataset-opening %u: the dataset commitment allows %u "
                        "runs (openings 0 .. %u)\n", index, (unsigned)d->dc->pcs.max_openings,
                (unsigned)d->dc->pcs.max_openings - 1);
        goto out;
    }
    zp_dataset_builder *b = NULL;
    if (zp_dataset_builder_new(&b, d->dc->schema) != ZP_OK) goto out;
    rc = cli_load_certified(&d->ci, &d->ds, cert, auth, data, fmt, labels, cfg, b);
    if (rc != EX_OK) {
        zp_dataset_builder_free(b);
        goto out;
    }
    rc = EX_REJECT;
    if (zp_cert_check_commit(de, &d->ci, d->dc) != ZP_OK) {
        fprintf(stderr, "zkprov: REJECTED: %s: %s\n", cert, de);
        zp_dataset_builder_free(b);
        goto out;
    }
    /* the data file re-committed must reach the certified root */
    zp_err me = zp_dataset_matrix_prover(&d->pcs, &d->evals, de, d->dc, d->sec, b);
    zp_dataset_builder_free(b);
    if (me != ZP_OK) {
        fprintf(stderr, "zkprov: REJECTED: %s: %s\n", data, de[0] ? de : zp_strerror(me));
        if (me != ZP_ERR_VERIFY) rc = EX_USAGE;
        goto out;
    }
    rc = EX_OK;
out:
    free(def);
    if (rc != EX_OK) cli_bound_data_free(d);
    return rc;
}

void cli_bound_data_free(cli_bound_data *d) {
    if (d->evals) zp_memzero(d->evals, ((size_t)1 << d->view.pp.n_vars) * sizeof(zp_fe));
    free(d->evals);
    zp_pcs_prover_free(d->pcs);
    zp_dataset_secret_free(d->sec);
    zp_dataset_commit_free(d->dc);
    if (d->ds.x) zp_memzero(d->ds.x, d->ds.n * d->ds.n_features * sizeof(int64_t));
    free(d->ds.x);
    free(d->ds.label);
    zp_cert_info_clear(&d->ci);
    memset(d, 0, sizeof *d);
}
