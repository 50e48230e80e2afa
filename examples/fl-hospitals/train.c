/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * fl-hospitals helper: standardises a hospital's shard with the public
 * feature statistics (the file the hospital commits and certifies, and
 * trains on with `zkprov fl update --train`), and the test accuracy of a
 * global model (in the flat order of trained updates, zp_fl_model_unflatten). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zkprov/prov.h"
#include "zkprov/zkml.h"

/* The model every hospital trains: 30 features -> 8 (ReLU) -> 2 classes
 * (cfg.json of run.sh: the same architecture and formats). */
#define NF 30
static const uint32_t DIMS[3] = {NF, 8, 2};

static int usage(void) {
    fprintf(stderr, "usage: fl-hospitals-train standardize SHARD.csv STATS.csv OUT.csv\n"
                    "       fl-hospitals-train eval ROUND TEST.csv STATS.csv\n"
                    "ROUND: a ROUND file or a NEXT file of zkprov fl; STATS.csv: the public\n"
                    "feature statistics (mean, standard deviation) are taken from it.\n");
    return 2;
}

static int config(zp_train_config *cfg) {
    if (zp_train_config_default(cfg, DIMS, 2) != ZP_OK) return 0;
    char err[ZP_ZKML_ERR_BYTES];
    if (zp_train_config_check(cfg, err) != ZP_OK) {
        fprintf(stderr, "fl-hospitals-train: config: %s\n", err);
        return 0;
    }
    return 1;
}

/* CSV: a header line, then NF features and a 0/1 label per line. */
static size_t read_csv(double **x, int32_t **y, const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    size_t cap = 1024, n = 0;
    *x = malloc(cap * NF * sizeof(double));
    *y = malloc(cap * sizeof(int32_t));
    char line[8192];
    if (!fgets(line, sizeof line, f)) n = 0;
    while (*x && *y && fgets(line, sizeof line, f)) {
        if (n == cap) {
            cap *= 2;
            double *nx = realloc(*x, cap * NF * sizeof(double));
            int32_t *ny = realloc(*y, cap * sizeof(int32_t));
            if (nx) *x = nx;
            if (ny) *y = ny;
            if (!nx || !ny) break;
        }
        char *p = line, *e;
        int ok = 1;
        for (int j = 0; j < NF && ok; j++) {
            (*x)[n * NF + j] = strtod(p, &e);
            ok = e != p && *e == ',';
            p = e + 1;
        }
        long lab = strtol(p, &e, 10);
        if (!ok || e == p || (lab != 0 && lab != 1)) continue;
        (*y)[n++] = (int32_t)lab;
    }
    fclose(f);
    return n;
}

/* Mean and standard deviation of every feature of stats_path. */
static int stats(double *mean, double *sd, const char *stats_path) {
    double *sx;
    int32_t *sy;
    size_t sn = read_csv(&sx, &sy, stats_path);
    if (!sn) return 0;
    for (int j = 0; j < NF; j++) {
        double s = 0, s2 = 0;
        for (size_t i = 0; i < sn; i++) s += sx[i * NF + j], s2 += sx[i * NF + j] * sx[i * NF + j];
        mean[j] = s / (double)sn;
        sd[j] = sqrt(s2 / (double)sn - mean[j] * mean[j]);
        if (sd[j] <= 0) sd[j] = 1;
    }
    free(sx), free(sy);
    return 1;
}

/* Quantised, standardised with the statistics of stats_path. */
static int load_data(zp_fxdata *ds, const char *path, const char *stats_path,
                     const zp_train_config *cfg) {
    double *x, mean[NF], sd[NF];
    int32_t *y;
    size_t n = read_csv(&x, &y, path);
    if (!n || !stats(mean, sd, stats_path)) {
        fprintf(stderr, "fl-hospitals-train: cannot read %s or %s\n", path, stats_path);
        return 0;
    }
    ds->n = n;
    ds->n_features = NF;
    ds->x = malloc(n * NF * sizeof(int64_t));
    ds->label = y;
    ds->targets = NULL;
    for (size_t i = 0; i < n * NF && ds->x; i++)
        ds->x[i] = zp_fx_from_double((x[i] - mean[i % NF]) / sd[i % NF], cfg->act_scale, cfg->act_bits);
    free(x);
    return ds->x != NULL;
}

/* The shard, standardised, as CSV (header f0..f29,label; 6 decimals). */
static int standardize(const char *path, const char *stats_path, const char *out) {
    double *x, mean[NF], sd[NF];
    int32_t *y;
    size_t n = read_csv(&x, &y, path);
    if (!n || !stats(mean, sd, stats_path)) {
        fprintf(stderr, "fl-hospitals-train: cannot read %s or %s\n", path, stats_path);
        return 0;
    }
    FILE *f = fopen(out, "w");
    int ok = f != NULL;
    if (ok) {
        for (int j = 0; j < NF; j++) fprintf(f, "f%d,", j);
        fprintf(f, "label\n");
        for (size_t i = 0; i < n; i++) {
            for (int j = 0; j < NF; j++)
                fprintf(f, "%.6f,", (x[i * NF + j] - mean[j]) / sd[j]);
            fprintf(f, "%d\n", (int)y[i]);
        }
        ok = fclose(f) == 0;
    }
    free(x), free(y);
    return ok;
}

/* The global model of a ROUND or NEXT file: *g (malloc'ed) of *n values. */
static int load_global(int64_t **g, size_t *n, const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = len > 0 ? malloc((size_t)len) : NULL;
    int ok = b && fread(b, 1, (size_t)len, f) == (size_t)len;
    fclose(f);
    zp_fl_round r;
    zp_fl_aggregate a;
    memset(&r, 0, sizeof r);
    memset(&a, 0, sizeof a);
    const zp_fl_round *rp = NULL;
    if (ok && zp_fl_round_decode(&r, b, (size_t)len) == ZP_OK) rp = &r;
    else if (ok && zp_fl_aggregate_decode(&a, b, (size_t)len) == ZP_OK) rp = &a.next;
    ok = rp != NULL;
    if (ok) {
        *n = (size_t)1 << rp->log_params;
        *g = malloc(*n * 8);
        ok = *g != NULL;
        if (ok) memcpy(*g, rp->global, *n * 8);
    }
    zp_fl_round_clear(&r);
    zp_fl_aggregate_clear(&a);
    free(b);
    if (!ok) fprintf(stderr, "fl-hospitals-train: %s: not a round file\n", path);
    return ok;
}

int main(int argc, char **argv) {
    if (argc < 2) return usage();
    if (!strcmp(argv[1], "standardize") && argc == 5)
        return standardize(argv[2], argv[3], argv[4]) ? 0 : 2;
    if (!strcmp(argv[1], "eval") && argc == 5) {
        zp_train_config cfg;
        zp_mlp m;
        zp_fxdata ds;
        int64_t *g = NULL;
        size_t n = 0;
        double acc;
        if (!config(&cfg) || !load_global(&g, &n, argv[2]) ||
            !load_data(&ds, argv[3], argv[4], &cfg))
            return 2;
        if (zp_fl_model_unflatten(&m, &cfg, g, n) != ZP_OK) {
            fprintf(stderr, "fl-hospitals-train: %s: not a 30-8-2 model in the flat order\n", argv[2]);
            return 2;
        }
        if (zp_mlp_accuracy(&acc, &m, &cfg, &ds) != ZP_OK) return 2;
        printf("%.4f\n", acc);
        zp_mlp_free(&m);
        free(ds.x), free(ds.label), free(g);
        return 0;
    }
    return usage();
}
