/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * `zkprov train` (a proven training run, docs/formats/run.md) and the
 * `zkprov verify` router (run proofs here, answers in cmd_model.c). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cjson/cJSON.h>

#include "cli.h"
#include "zkprov/hash.h"
#include "zkprov/io.h"
#include "zkprov/prov.h"
#include "zkprov/verify.h"
#include "zkprov/zkml.h"

enum { EX_OK = 0, EX_REJECT = 1, EX_USAGE = 2 };
#define MAX_RUN_FILE ((size_t)1 << 32)
static const char RUN_MAGIC[8] = {'Z', 'P', 'R', 'U', 'N', '0', '0', '1'};



static void hexs(char *out, const uint8_t *b, size_t n) {
    for (size_t i = 0; i < n; i++) snprintf(out + 2 * i, 3, "%02x", b[i]);
}

static char *join_path(const char *dir, const char *name) {
    size_t n = strlen(dir) + strlen(name) + 2;
    char *s = malloc(n);
    if (s) snprintf(s, n, "%s/%s", dir, name);
    return s;
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The config's base model: its seeded initialisation, or the safetensors
 * file it names.  Returns 0, or -1 (message printed unless quiet). */
static int build_base(zp_mlp *m, const zp_train_config *cfg, int quiet) {
    if (zp_mlp_alloc(m, cfg) != ZP_OK) return -1;
    if (cfg->init != ZP_INIT_SAFETENSORS) {
        if (zp_mlp_init_seeded(m, cfg, cfg->init_seed) == ZP_OK) return 0;
        if (!quiet) fprintf(stderr, "zkprov: seeded initialisation failed\n");
        return -1;
    }
    size_t bl = 0;
    uint8_t *bw = cli_read_all(cfg->base_model, &bl, (size_t)1 << 32);
    if (!bw) {
        if (!quiet) fprintf(stderr, "zkprov: cannot read %s\n", cfg->base_model);
        return -1;
    }
    zp_safetensors *st = NULL;
    char se[ZP_ST_ERR_BYTES] = "";
    zp_err e = zp_st_parse(&st, se, bw, bl);
    if (e == ZP_OK) e = zp_mlp_from_safetensors(m, se, st, cfg);
    zp_st_free(st);
    free(bw);
    if (e == ZP_OK) return 0;
    if (!quiet) fprintf(stderr, "zkprov: %s: %s\n", cfg->base_model, se);
    return -1;
}

/* ---- zkprov train ---- */

typedef struct {
    int show;
    double t0;
} prog;

static void progress(void *cv, uint64_t done, uint64_t total) {
    prog *p = cv;
    if (!p->show) return;
    double el = now_s() - p->t0, rate = el > 0 ? (double)done / el : 0;
    double eta = rate > 0 ? (double)(total - done) / rate : 0;
    fprintf(stderr, "\rstep %llu/%llu  %.2f steps/s  ETA %.0f s   ", (unsigned long long)done,
            (unsigned long long)total, rate, eta);
    if (done == total) fprintf(stderr, "\n");
}

static int train_main(int argc, char **argv) {
    const char *cfgp = NULL, *cert = NULL, *auth = NULL, *data = NULL, *fmt = "csv",
               *labels = NULL, *out = NULL, *secp = NULL, *commp = NULL;
    int force = 0, want_progress = 0, hide_base = 0;
    unsigned O = 0, dsj = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        int v = i + 1 < argc;
        if (!strcmp(a, "--config") && v) cfgp = argv[++i];
        else if (!strcmp(a, "--cert") && v) cert = argv[++i];
        else if (!strcmp(a, "--authority") && v) auth = argv[++i];
        else if (!strcmp(a, "--data") && v) data = argv[++i];
        else if (!strcmp(a, "--format") && v) fmt = argv[++i];
        else if (!strcmp(a, "--labels") && v) labels = argv[++i];
        else if (!strcmp(a, "--out") && v) out = argv[++i];
        else if (!strcmp(a, "--openings") && v) O = (unsigned)atoi(argv[++i]);
        else if (!strcmp(a, "--secret") && v) secp = argv[++i];
        else if (!strcmp(a, "--commit") && v) commp = argv[++i];
        else if (!strcmp(a, "--dataset-opening") && v) dsj = (unsigned)atoi(argv[++i]);
        else if (!strcmp(a, "--progress")) want_progress = 1;
        else if (!strcmp(a, "--force")) force = 1;
        else if (!strcmp(a, "--hide-base")) hide_base = 1;
        else {
            fprintf(stderr, "zkprov train: unknown or incomplete option '%s'\n", a);
            return EX_USAGE;
        }
    }
    if (!cfgp || !cert || !auth || !data || !out || !secp) {
        fprintf(stderr, "usage: zkprov train --config CFG.json --cert DS.cert --authority A.pub "
                        "--secret DS.secret [--commit DS.commit] --data DATA [--format csv|idx] "
                        "[--labels FILE] --out RUN/ [--dataset-opening J] [--openings N] "
                        "[--hide-base] [--progress] [--force]\n");
        return EX_USAGE;
    }
    int rc = EX_USAGE;
    zp_train_config cfg;
    memset(&cfg, 0, sizeof cfg);
    zp_mlp base;
    memset(&base, 0, sizeof base);
    zp_model_prover *fin = NULL;
    cli_bound_data bd;
    memset(&bd, 0, sizeof bd);
    uint8_t *cj = NULL, *run = NULL, *sec = NULL, *st = NULL;
    char *js = NULL, *sj = NULL;
    size_t len = 0, rl = 0, sl = 0, stl = 0;
    char *p_run = join_path(out, "run.proof"), *p_mc = join_path(out, "model.commit"),
         *p_ms = join_path(out, "model.secret"), *p_st = join_path(out, "model.safetensors"),
         *p_sum = join_path(out, "summary.json"), *p_cfg = join_path(out, "config.json");
    char err[ZP_ZKML_ERR_BYTES] = "";
    cJSON *sum = NULL;
    if (!p_run || !p_mc || !p_ms || !p_st || !p_sum || !p_cfg) goto done;
    if (mkdir(out, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "zkprov: cannot create %s: %s\n", out, strerror(errno));
        goto done;
    }
    if (!force && (access(p_run, F_OK) == 0 || access(p_ms, F_OK) == 0)) {
        fprintf(stderr, "zkprov: %s already holds a run; use --force to replace it\n", out);
        goto done;
    }
    if (!(cj = cli_read_all(cfgp, &len, (size_t)1 << 24))) {
        fprintf(stderr, "zkprov: cannot read %s\n", cfgp);
        goto done;
    }
    if (zp_train_config_parse(&cfg, err, (const char *)cj, len) != ZP_OK) {
        fprintf(stderr, "zkprov: %s: %s\n", cfgp, err);
        goto done;
    }
    /* the certificate, the data file's records, the dataset commitment
     * the certificate names and the data file re-committed with its secret
     * (docs/spec/train-step.md section 7: the run proves its batch records
     * are rows of it) */
    if ((rc = cli_bound_data_load(&bd, cert, auth, commp, secp, data, fmt, labels, dsj, &cfg)) !=
        EX_OK)
        goto done;
    rc = EX_USAGE;
    if (build_base(&base, &cfg, 0) != 0) goto done;
    const zp_fxdata *ds = &bd.ds;
    const zp_cert_info *ci = &bd.ci;
    uint64_t T = zp_train_config_n_steps(&cfg, ds->n);
    fprintf(stderr, "zkprov: %llu records of %s (certificate %s), %llu steps of batch %u\n",
            (unsigned long long)ds->n, data, cert, (unsigned long long)T, cfg.batch_size);
    prog pg = {want_progress || isatty(2), now_s()};
    zp_run_records rrec = {&bd.view, dsj, bd.pcs, bd.evals};
    zp_err e = zp_train_run_prove_bound(&run, &rl, &fin, &cfg, &base, ds, ci->payload_digest.b,
                                        &rrec, 0, O, !hide_base, progress, &pg, NULL);
    double secs = now_s() - pg.t0;
    if (e != ZP_OK) {
        if (e == ZP_ERR_UNSUPPORTED)
            fprintf(stderr, "\nzkprov: training proof failed: a step's update leaves weight_bits "
                            "(lower the learning rate or widen weight_bits) or exceeds a bound of "
                            "the circuit\n");
        else
            fprintf(stderr, "\nzkprov: training proof failed: %s\n", zp_strerror(e));
        rc = e == ZP_ERR_UNSUPPORTED || e == ZP_ERR_ARG ? EX_REJECT : EX_USAGE;
        goto done;
    }
    const zp_model_commit *mc = zp_model_prover_public(fin);
    size_t jl = 0;
    if (zp_model_commit_to_json(&js, &jl, mc) != ZP_OK ||
        zp_model_secret_export(&sec, &sl, fin) != ZP_OK ||
        zp_mlp_to_safetensors(&st, &stl, zp_model_prover_mlp(fin), &cfg) != ZP_OK)
        goto done;
    /* the secret first: it records that opening 0 is used */
    if (cli_write_file(p_ms, sec, sl, 0600, 1) != 0 || cli_write_file(p_mc, js, jl, 0644, 1) != 0 ||
        cli_write_file(p_st, st, stl, 0644, 1) != 0 || cli_write_file(p_cfg, cj, len, 0644, 1) != 0 ||
        cli_write_file(p_run, run, rl, 0644, 1) != 0) {
        fprintf(stderr, "zkprov: cannot write into %s: %s\n", out, strerror(errno));
        goto done;
    }
    uint8_t fd_[32], cd[32];
    char h[65];
    zp_model_commit_info(mc, fd_, NULL, NULL);
    zp_train_config_digest(cd, &cfg);
    double acc = 0;
    if (zp_mlp_accuracy(&acc, zp_model_prover_mlp(fin), &cfg, ds) != ZP_OK) acc = -1;
    sum = cJSON_CreateObject();
    cJSON_AddStringToObject(sum, "type", "zkprov/train-summary");
    cJSON_AddNumberToObject(sum, "version", 1);
    hexs(h, cd, 32);
    cJSON_AddStringToObject(sum, "config_digest", h);
    cJSON *ca = cJSON_AddArrayToObject(sum, "dataset_certificates");
    hexs(h, ci->payload_digest.b, 32);
    cJSON_AddItemToArray(ca, cJSON_CreateString(h));
    cJSON_AddNumberToObject(sum, "records", (double)ds->n);
    cJSON_AddNumberToObject(sum, "dataset_opening", dsj);
    cJSON_AddNumberToObject(sum, "steps", (double)T);
    cJSON_AddNumberToObject(sum, "batch_size", cfg.batch_size);
    hexs(h, fd_, 32);
    cJSON_AddStringToObject(sum, "model", h);
    cJSON_AddNumberToObject(sum, "run_proof_bytes", (double)rl);
    cJSON_AddNumberToObject(sum, "prove_seconds", secs);
    cJSON_AddNumberToObject(sum, "train_accuracy", acc);
    sj = cJSON_Print(sum);
    if (!sj || cli_write_file(p_sum, sj, strlen(sj), 0644, 1) != 0) {
        fprintf(stderr, "zkprov: cannot write %s\n", p_sum);
        goto done;
    }
    printf("trained %llu steps in %.1f s (%.2f steps/s); training accuracy %.3f\n"
           "the batch records are bound to the dataset commitment (opening %u of %u: do not "
           "use it for another run)\n"
           "wrote %s/{model.safetensors, model.commit, model.secret (0600), run.proof "
           "(%zu bytes), config.json, summary.json}\nmodel digest %s\n",
           (unsigned long long)T, secs, secs > 0 ? (double)T / secs : 0.0, acc, dsj,
           (unsigned)bd.dc->pcs.max_openings, out, rl, h);
    rc = EX_OK;
done:
    cJSON_Delete(sum);
    free(sj);
    free(js);
    zp_model_secret_free(sec, sl);
    free(st);
    free(run);
    free(cj);
    free(p_run); free(p_mc); free(p_ms); free(p_st); free(p_sum); free(p_cfg);
    zp_model_prover_free(fin);
    zp_mlp_free(&base);
    cli_bound_data_free(&bd);
    zp_train_config_free(&cfg);
    return rc;
}

int cmd_train_main(int argc, char **argv) {
    if (argc >= 1 && !strcmp(argv[0], "help")) {
        printf("usage: zkprov train --config CFG.json --cert DS.cert --authority A.pub\n"
               "         --secret DS.secret [--commit DS.commit] --data DATA\n"
               "         [--format csv|idx] [--labels FILE] --out RUN/ [--dataset-opening J]\n"
               "         [--openings N] [--hide-base] [--progress] [--force]\n"
               "  trains the config on the certified dataset (DATA: the records the\n"
               "  certificate's DS.commit was made from; DS.commit defaults to the\n"
               "  certificate's path with .commit), proving every step and that every\n"
               "  batch record is a row of the dataset commitment (its opening J, default\n"
               "  0: each of its K openings serves one run); writes\n"
               "  RUN/model.safetensors, model.commit, model.secret (0600), run.proof,\n"
               "  config.json, summary.json.  The base model's weights are revealed in\n"
               "  run.proof (so that verifiers check C_0) unless --hide-base\n");
        return EX_OK;
    }
    return train_main(argc, argv);
}

/* ---- zkprov verify RUN/run.proof --cert DS.cert ... --authority A.pub ---- */

/* What a verified run proves, in words (the run's checks: zp_verify_run_files). */
static void print_run(const zp_run_verified *v) {
    char hf[65], hb[65], hc[65];
    hexs(hf, v->final_digest, 32);
    hexs(hb, v->base_digest, 32);
    hexs(hc, v->config_digest, 32);
    printf("PROVEN:\n");
    for (uint32_t i = 0; i < v->n_certs; i++) {
        const zp_verified_cert *c = NULL;
        for (uint32_t k = 0; k < v->n_certs && !c; k++)
            if (v->certs[k].given == i) c = &v->certs[k];
        if (!c) continue;
        char hdg[65], hp[65];
        hexs(hdg, c->dataset_digest, 32);
        hexs(hp, c->digest, 32);
        printf("  - the dataset certificate (authority-signed, valid now)\n"
               "      %s\n"
               "    names the dataset commitment\n"
               "      %s\n"
               "    of %llu records, license %s\n",
               hp, hdg, (unsigned long long)c->records, c->license);
    }
    char bound_line[256] = "";
    if (v->records_bound)
        snprintf(bound_line, sizeof bound_line,
                 "  - the batch records are rows of the certified dataset (opening %u of %u of\n"
                 "    its commitment; the bind proof verifies every step's records)\n",
                 v->ds_index, v->ds_openings);
    printf("  - %llu SGD steps (batch %u) of the config\n"
           "      %s\n"
           "    each step proof verifies: one exact fixed-point step\n"
           "    (docs/spec/fixed-point.md) on records at its batch's indices\n"
           "  - the batches are the sampler's, seeded from the certificate%s, the config and\n"
           "    the base model commitment C_0\n"
           "      %s\n"
           "    (every index was recomputed here)%s\n"
           "%s"
           "  - step t's result is the committed C_(t+1); the last one is the released model\n"
           "      %s%s\n"
           "NOT PROVEN (yet):\n%s%s",
           (unsigned long long)v->n_steps, v->batch_size, hc, v->n_certs > 1 ? "s" : "", hb,
           v->base_checked ? "; C_0 was opened: it holds the config's base model" : "",
           bound_line, hf, v->model_checked ? " (= model.commit)" : "", v->not_proven,
           v->not_proven[0] ? ""
                            : "  - nothing listed for this run (scope and limits: docs/security.md)\n");
}

static int verify_run(int argc, char **argv) {
    const char *runp = NULL, *auth = NULL, *cfgp = NULL, *modelp = NULL, *commitp = NULL;
    const char *certs[CLI_MAX_CERTS];
    size_t nc = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        int v = i + 1 < argc;
        if (!strcmp(a, "--cert") && v) {
            if (nc == CLI_MAX_CERTS) {
                fprintf(stderr, "zkprov verify: more than %d certificates\n", CLI_MAX_CERTS);
                return EX_USAGE;
            }
            certs[nc++] = argv[++i];
        } else if (!strcmp(a, "--authority") && v) auth = argv[++i];
        else if (!strcmp(a, "--config") && v) cfgp = argv[++i];
        else if (!strcmp(a, "--model") && v) modelp = argv[++i];
        else if (!strcmp(a, "--commit") && v) commitp = argv[++i];
        else if (a[0] == '-') {
            fprintf(stderr, "zkprov verify: unknown or incomplete option '%s'\n", a);
            return EX_USAGE;
        } else if (runp) {
            fprintf(stderr, "zkprov verify: more than one file\n");
            return EX_USAGE;
        } else {
            runp = a;
        }
    }
    if (!runp || !nc || !auth) {
        fprintf(stderr, "usage: zkprov verify RUN/run.proof --cert DS.cert [--cert ...] "
                        "--authority A.pub [--commit DS.commit] [--config CFG.json] "
                        "[--model M.commit]\n");
        return EX_USAGE;
    }
    zp_run_verified *v = malloc(sizeof *v);
    if (!v) {
        fprintf(stderr, "zkprov: out of memory\n");
        return EX_USAGE;
    }
    zp_err e = zp_verify_run_files(v, runp, certs, nc, auth, cfgp, modelp, commitp, -1);
    if (e == ZP_OK) print_run(v);
    else fprintf(stderr, "zkprov: %s\n", v->reason);
    free(v);
    return cli_exit_code(e);
}

int cmd_verify_main(int argc, char **argv) {
    /* the first operand (skipping option values) names the file */
    const char *file = NULL;
    for (int i = 0; i < argc && !file; i++) {
        if (argv[i][0] == '-') { i++; continue; }
        file = argv[i];
    }
    if (file) {
        FILE *f = fopen(file, "rb");
        char m[8];
        int is_run = f && fread(m, 1, 8, f) == 8 && memcmp(m, RUN_MAGIC, 8) == 0;
        if (f) fclose(f);
        if (is_run) return verify_run(argc, argv);
    }
    return cmd_verify_answer_main(argc, argv);
}
