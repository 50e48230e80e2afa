/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * fl-hospitals helper: a hospital's local training with the plain
 * fixed-point trainer, and the test accuracy of a global model. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zkprov/prov.h"
#include "zkprov/zkml.h"

/* The model every hospital trains: 30 features -> 8 (ReLU) -> 2 classes. */
#define NF 30
static const uint32_t DIMS[3] = {NF, 8, 2};
/* Update entries are clipped to [-2^(K-1), 2^(K-1)) (weights at scale
 * 2^16: K = 18 allows +-2.0 per weight per round). */
#define UPDATE_BITS 18

static int usage(void) {
    fprintf(stderr, "usage: fl-hospitals-train init OUT\n"
                    "       fl-hospitals-train train ROUND SHARD.csv STATS.csv OUT ROUND_NO HOSPITAL STEPS\n"
                    "       fl-hospitals-train eval ROUND TEST.csv STATS.csv\n"
                    "ROUND: a ROUND file or a NEXT file of zkprov fl; STATS.csv: the public\n"
                    "feature statistics (mean, standard deviation) are taken from it.\n");
    return 2;
}

static int config(zp_train_config *cfg, uint32_t batch, uint64_t steps) {
    if (zp_train_config_default(cfg, DIMS, 2) != ZP_OK) return 0;
    cfg->batch_size = batch;
    cfg->steps = steps;
    cfg->lr = 0.05;
    cfg->lr_num = (int64_t)llround(ldexp(cfg->lr, (int)cfg->lr_shift) / batch);
    char err[ZP_ZKML_ERR_BYTES];
    if (zp_train_config_check(cfg, err) != ZP_OK) {
        fprintf(stderr, "fl-hospitals-train: config: %s\n", err);
        return 0;
    }
    return 1;
}

static size_t n_params(void) {
    size_t n = 0;
    for (int l = 0; l < 2; l++) n += (size_t)DIMS[l + 1] * DIMS[l] + DIMS[l + 1];
    return n;
}

/* flat order: w0, b0, w1, b1 */
static void flatten(int64_t *out, const zp_mlp *m) {
    size_t k = 0;
    for (int l = 0; l < 2; l++) {
        size_t nw = (size_t)DIMS[l + 1] * DIMS[l];
        memcpy(out + k, m->w[l], nw * 8), k += nw;
        memcpy(out + k, m->b[l], DIMS[l + 1] * 8), k += DIMS[l + 1];
    }
}
static void unflatten(zp_mlp *m, const int64_t *in, unsigned bits) {
    size_t k = 0;
    for (int l = 0; l < 2; l++) {
        size_t nw = (size_t)DIMS[l + 1] * DIMS[l];
        for (size_t i = 0; i < nw; i++) m->w[l][i] = zp_fx_sat(in[k++], bits);
        for (size_t i = 0; i < DIMS[l + 1]; i++) m->b[l][i] = zp_fx_sat(in[k++], bits);
    }
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

/* Quantised, standardised with the statistics of stats_path. */
static int load_data(zp_fxdata *ds, const char *path, const char *stats_path,
                     const zp_train_config *cfg) {
    double *x, *sx;
    int32_t *y, *sy;
    size_t n = read_csv(&x, &y, path), sn = read_csv(&sx, &sy, stats_path);
    if (!n || !sn) {
        fprintf(stderr, "fl-hospitals-train: cannot read %s or %s\n", path, stats_path);
        return 0;
    }
    double mean[NF], sd[NF];
    for (int j = 0; j < NF; j++) {
        double s = 0, s2 = 0;
        for (size_t i = 0; i < sn; i++) s += sx[i * NF + j], s2 += sx[i * NF + j] * sx[i * NF + j];
        mean[j] = s / (double)sn;
        sd[j] = sqrt(s2 / (double)sn - mean[j] * mean[j]);
        if (sd[j] <= 0) sd[j] = 1;
    }
    ds->n = n;
    ds->n_features = NF;
    ds->x = malloc(n * NF * sizeof(int64_t));
    ds->label = y;
    ds->targets = NULL;
    for (size_t i = 0; i < n * NF && ds->x; i++)
        ds->x[i] = zp_fx_from_double((x[i] - mean[i % NF]) / sd[i % NF], cfg->act_scale, cfg->act_bits);
    free(x), free(sx), free(sy);
    return ds->x != NULL;
}

/* The global model of a ROUND or NEXT file. */
static int load_global(int64_t *g, size_t n, const char *path) {
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
    ok = rp && ((size_t)1 << rp->log_params) >= n;
    if (ok) memcpy(g, rp->global, n * 8);
    zp_fl_round_clear(&r);
    zp_fl_aggregate_clear(&a);
    free(b);
    if (!ok) fprintf(stderr, "fl-hospitals-train: %s: not a round file\n", path);
    return ok;
}

static int write_ints(const char *path, const int64_t *v, size_t n) {
    FILE *f = fopen(path, "w");
    if (!f) return 0;
    for (size_t i = 0; i < n; i++) fprintf(f, "%lld\n", (long long)v[i]);
    return fclose(f) == 0;
}

int main(int argc, char **argv) {
    if (argc < 2) return usage();
    zp_train_config cfg;
    zp_mlp m;
    size_t NP = n_params();
    int64_t *g = calloc(NP, 8), *u = calloc(NP, 8);
    if (!g || !u) return 2;
    if (!strcmp(argv[1], "init") && argc == 3) {
        uint8_t seed[ZP_ZKML_SEED_BYTES] = {7};
        if (!config(&cfg, 16, 1) || zp_mlp_alloc(&m, &cfg) != ZP_OK ||
            zp_mlp_init_seeded(&m, &cfg, seed) != ZP_OK)
            return 2;
        flatten(g, &m);
        int ok = write_ints(argv[2], g, NP);
        zp_mlp_free(&m);
        free(g), free(u);
        return ok ? 0 : 2;
    }
    if (!strcmp(argv[1], "train") && argc == 9) {
        uint64_t steps = strtoull(argv[8], NULL, 10);
        zp_fxdata ds;
        if (!config(&cfg, 16, steps) || !load_global(g, NP, argv[2]) ||
            !load_data(&ds, argv[3], argv[4], &cfg) || zp_mlp_alloc(&m, &cfg) != ZP_OK)
            return 2;
        /* a sampler seed per (round, hospital) */
        memset(cfg.sampler_seed, 0, sizeof cfg.sampler_seed);
        uint64_t rn = strtoull(argv[6], NULL, 10), h = strtoull(argv[7], NULL, 10);
        memcpy(cfg.sampler_seed, &rn, 8);
        memcpy(cfg.sampler_seed + 8, &h, 8);
        unflatten(&m, g, cfg.weight_bits);
        zp_trainer *t;
        zp_step_stats st;
        if (zp_trainer_new(&t, &cfg) != ZP_OK || zp_train_run(t, &m, &ds, 0, steps, &st) != ZP_OK) {
            fprintf(stderr, "fl-hospitals-train: training failed\n");
            return 2;
        }
        zp_trainer_free(t);
        flatten(u, &m);
        const int64_t half = (int64_t)1 << (UPDATE_BITS - 1);
        size_t clipped = 0;
        for (size_t i = 0; i < NP; i++) {
            int64_t d = u[i] - g[i];
            if (d < -half || d >= half) clipped++;
            u[i] = d < -half ? -half : (d >= half ? half - 1 : d);
        }
        int ok = write_ints(argv[5], u, NP);
        printf("hospital %s: %zu records, %llu local steps, last batch loss %.3f%s\n", argv[7], ds.n,
               (unsigned long long)steps, st.loss, clipped ? " (update clipped)" : "");
        zp_mlp_free(&m);
        free(ds.x), free(ds.label), free(g), free(u);
        return ok ? 0 : 2;
    }
    if (!strcmp(argv[1], "eval") && argc == 5) {
        zp_fxdata ds;
        double acc;
        if (!config(&cfg, 16, 1) || !load_global(g, NP, argv[2]) ||
            !load_data(&ds, argv[3], argv[4], &cfg) || zp_mlp_alloc(&m, &cfg) != ZP_OK)
            return 2;
        unflatten(&m, g, cfg.weight_bits);
        if (zp_mlp_accuracy(&acc, &m, &cfg, &ds) != ZP_OK) return 2;
        printf("%.4f\n", acc);
        zp_mlp_free(&m);
        free(ds.x), free(ds.label), free(g), free(u);
        return 0;
    }
    return usage();
}
