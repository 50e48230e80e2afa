/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * `zkprov model commit`, `zkprov infer`, `zkprov verify`: proven answers
 * bound to a model commitment (docs/formats/answer.md). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "zkprov/hash.h"
#include "zkprov/io.h"
#include "zkprov/verify.h"
#include "zkprov/zkml.h"

enum { EX_OK = 0, EX_REJECT = 1, EX_USAGE = 2 };
#define MAX_FILE ((size_t)1 << 30)



static int exists(const char *p) { return access(p, F_OK) == 0; }

static char *cat(const char *a, const char *b) {
    size_t n = strlen(a) + strlen(b) + 1;
    char *s = malloc(n);
    if (s) snprintf(s, n, "%s%s", a, b);
    return s;
}

static int is_dir(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static void hexs(char *out, const uint8_t *b, size_t n) {
    for (size_t i = 0; i < n; i++) snprintf(out + 2 * i, 3, "%02x", b[i]);
}

static void hexline(FILE *f, const uint8_t *b, size_t n) {
    for (size_t i = 0; i < n; i++) fprintf(f, "%02x", b[i]);
}

/* ---- zkprov model commit ---- */

static int model_commit(int argc, char **argv) {
    const char *weights = NULL, *cfgp = NULL, *out = NULL;
    int force = 0;
    unsigned O = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--config") && i + 1 < argc) cfgp = argv[++i];
        else if (!strcmp(argv[i], "--out") && i + 1 < argc) out = argv[++i];
        else if (!strcmp(argv[i], "--openings") && i + 1 < argc) O = (unsigned)atoi(argv[++i]);
        else if (!strcmp(argv[i], "--force")) force = 1;
        else if (argv[i][0] == '-') {
            fprintf(stderr, "zkprov model commit: unknown option '%s'\n", argv[i]);
            return EX_USAGE;
        } else if (weights) {
            fprintf(stderr, "zkprov model commit: more than one weights file\n");
            return EX_USAGE;
        } else weights = argv[i];
    }
    if (!cfgp || !out) {
        fprintf(stderr, "usage: zkprov model commit [MODEL.safetensors] --config CFG.json "
                        "--out M [--openings N] [--force]\n");
        return EX_USAGE;
    }
    char *pc = cat(out, ".commit"), *ps = cat(out, ".secret");
    int rc = EX_USAGE;
    size_t len = 0;
    uint8_t *cj = NULL, *wd = NULL, *sec = NULL;
    char *js = NULL;
    size_t jl = 0, sl = 0;
    zp_train_config cfg;
    memset(&cfg, 0, sizeof cfg);
    zp_mlp m;
    memset(&m, 0, sizeof m);
    zp_model_prover *mp = NULL;
    char err[ZP_ZKML_ERR_BYTES] = "";
    if (!pc || !ps) goto done;
    if (!force && (exists(pc) || exists(ps))) {
        fprintf(stderr, "zkprov: %s or %s exists; use --force to replace it\n", pc, ps);
        goto done;
    }
    if (!(cj = cli_read_all(cfgp, &len, MAX_FILE))) { fprintf(stderr, "zkprov: cannot read %s\n", cfgp); goto done; }
    if (zp_train_config_parse(&cfg, err, (const char *)cj, len) != ZP_OK) {
        fprintf(stderr, "zkprov: %s: %s\n", cfgp, err);
        goto done;
    }
    if (zp_mlp_alloc(&m, &cfg) != ZP_OK) { fprintf(stderr, "zkprov: out of memory\n"); goto done; }
    if (weights) {
        zp_safetensors *st = NULL;
        char se[ZP_ST_ERR_BYTES] = "";
        if (!(wd = cli_read_all(weights, &len, MAX_FILE))) { fprintf(stderr, "zkprov: cannot read %s\n", weights); goto done; }
        zp_err e = zp_st_parse(&st, se, wd, len);
        if (e == ZP_OK) e = zp_mlp_from_safetensors(&m, se, st, &cfg);
        zp_st_free(st);
        if (e != ZP_OK) { fprintf(stderr, "zkprov: %s: %s\n", weights, se[0] ? se : zp_strerror(e)); goto done; }
    } else if (zp_mlp_init_seeded(&m, &cfg, cfg.init_seed) != ZP_OK) {
        fprintf(stderr, "zkprov: seeded initialisation failed\n");
        goto done;
    }
    zp_err e = zp_model_commit_create(&mp, &cfg, &m, O, NULL);
    if (e != ZP_OK) { fprintf(stderr, "zkprov: model commitment: %s\n", zp_strerror(e)); goto done; }
    if (zp_model_commit_to_json(&js, &jl, zp_model_prover_public(mp)) != ZP_OK ||
        zp_model_secret_export(&sec, &sl, mp) != ZP_OK) {
        fprintf(stderr, "zkprov: out of memory\n");
        goto done;
    }
    if (cli_write_file(ps, sec, sl, 0600, force) != 0 || cli_write_file(pc, js, jl, 0644, force) != 0) {
        fprintf(stderr, "zkprov: cannot write %s / %s: %s\n", ps, pc, strerror(errno));
        goto done;
    }
    uint8_t dg[32];
    unsigned mo;
    zp_model_commit_info(zp_model_prover_public(mp), dg, NULL, &mo);
    printf("wrote %s and %s (secret, mode 0600); %u answers possible\nmodel digest ", pc, ps, mo);
    hexline(stdout, dg, 32);
    printf("\n");
    rc = EX_OK;
done:
    zp_model_secret_free(sec, sl);
    free(js); free(cj); free(wd); free(pc); free(ps);
    zp_model_prover_free(mp);
    zp_mlp_free(&m);
    zp_train_config_free(&cfg);
    return rc;
}

int cmd_model_main(int argc, char **argv) {
    if (argc < 1 || !strcmp(argv[0], "help")) {
        fprintf(argc < 1 ? stderr : stdout,
                "usage: zkprov model commit [MODEL.safetensors] --config CFG.json --out M\n"
                "         [--openings N] [--force]\n"
                "  writes M.commit (public) and M.secret (mode 0600); without a weights\n"
                "  file the model is the config's seeded initialisation (demos)\n");
        return argc < 1 ? EX_USAGE : EX_OK;
    }
    if (!strcmp(argv[0], "commit")) return model_commit(argc - 1, argv + 1);
    fprintf(stderr, "zkprov: unknown command 'model %s'\n", argv[0]);
    return EX_USAGE;
}

/* ---- inputs: one row per line, CSV or a JSON array of numbers ---- */

static int parse_rows(int64_t **xo, size_t *n, const char *text, const zp_train_config *cfg,
                      int batch) {
    const size_t d = cfg->dims[0];
    size_t cap = 16, rows = 0;
    int64_t *x = malloc(cap * d * sizeof(int64_t));
    const char *p = text;
    while (x && *p) {
        const char *e = strchr(p, '\n');
        size_t ll = e ? (size_t)(e - p) : strlen(p);
        char *line = malloc(ll + 1);
        if (!line) break;
        memcpy(line, p, ll);
        line[ll] = 0;
        p += ll + (e ? 1 : 0);
        char *s = line;
        while (*s == ' ' || *s == '\t' || *s == '\r') s++;
        if (!*s) { free(line); continue; }
        if (rows == cap) {
            int64_t *q = realloc(x, 2 * cap * d * sizeof(int64_t));
            if (!q) { free(line); break; }
            x = q;
            cap *= 2;
        }
        int json = *s == '[';
        if (json) s++;
        size_t k = 0;
        int bad = 0;
        while (!bad) {
            char *end;
            double v = strtod(s, &end);
            if (end == s || k >= d) { bad = 1; break; }
            x[rows * d + k++] = zp_fx_from_double(v, cfg->act_scale, cfg->act_bits);
            s = end;
            while (*s == ' ' || *s == '\t' || *s == '\r') s++;
            if (*s == ',') { s++; continue; }
            if (json && *s == ']') { s++; while (*s == ' ' || *s == '\r') s++; }
            if (*s) bad = 1;
            break;
        }
        free(line);
        if (bad || k != d) { free(x); return -1; }
        rows++;
        if (!batch && rows > 1) { free(x); return -1; }
    }
    if (!x || rows == 0 || rows > ZP_ZKML_MAX_BATCH) { free(x); return -1; }
    *xo = x;
    *n = rows;
    return 0;
}

static int load_commit(zp_model_commit **mc, const char *path) {
    size_t len;
    uint8_t *d = cli_read_all(path, &len, MAX_FILE);
    if (!d) { fprintf(stderr, "zkprov: cannot read %s\n", path); return EX_USAGE; }
    char err[ZP_ZKML_ERR_BYTES] = "";
    zp_err e = zp_model_commit_from_json(mc, err, (const char *)d, len);
    free(d);
    if (e != ZP_OK) { fprintf(stderr, "zkprov: %s: %s\n", path, err[0] ? err : zp_strerror(e)); return EX_REJECT; }
    return EX_OK;
}

/* ---- zkprov infer M --input FILE --out ANSWER.json ---- */

int cmd_infer_main(int argc, char **argv) {
    const char *M = NULL, *in = NULL, *out = NULL;
    int priv = 0, force = 0, batch = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--input") && i + 1 < argc) in = argv[++i];
        else if (!strcmp(argv[i], "--batch") && i + 1 < argc) { in = argv[++i]; batch = 1; }
        else if (!strcmp(argv[i], "--out") && i + 1 < argc) out = argv[++i];
        else if (!strcmp(argv[i], "--private-input")) priv = 1;
        else if (!strcmp(argv[i], "--force")) force = 1;
        else if (argv[i][0] == '-') {
            fprintf(stderr, "zkprov infer: unknown option '%s'\n", argv[i]);
            return EX_USAGE;
        } else if (M) { fprintf(stderr, "zkprov infer: more than one model\n"); return EX_USAGE; }
        else M = argv[i];
    }
    if (!M || !in || !out) {
        fprintf(stderr, "usage: zkprov infer (RUN/ | M) (--input FILE | --batch FILE) --out "
                        "ANSWER.json [--private-input] [--force]\n");
        return EX_USAGE;
    }
    if (!force && exists(out)) {
        fprintf(stderr, "zkprov: %s exists; use --force to replace it\n", out);
        return EX_USAGE;
    }
    int rc = EX_USAGE;
    /* a run directory (RUN/model.*, RUN/run.proof) or a bare model prefix M */
    const int rundir = is_dir(M);
    char *pc = cat(M, rundir ? "/model.commit" : ".commit"),
         *ps = cat(M, rundir ? "/model.secret" : ".secret"), *pr = cat(M, "/run.proof"),
         *js = NULL;
    uint8_t *runf = NULL;
    size_t runl = 0;
    zp_run_header *hd = NULL;
    uint8_t rdg[32];
    zp_model_commit *mc = NULL;
    zp_model_prover *mp = NULL;
    uint8_t *sec = NULL, *pf = NULL, *inp = NULL, *nsec = NULL;
    size_t sl = 0, nsl = 0, pl = 0, il = 0;
    int64_t *x = NULL, *lg = NULL;
    char err[ZP_ZKML_ERR_BYTES] = "";
    if (!pc || !ps || !pr) goto done;
    if ((rc = load_commit(&mc, pc)) != EX_OK) { rc = EX_USAGE; goto done; }
    rc = EX_USAGE;
    if (rundir && exists(pr)) {
        /* the chain the answer rests on: this run, its certificates */
        uint8_t mdg[32];
        zp_model_commit_info(mc, mdg, NULL, NULL);
        if (!(runf = cli_read_all(pr, &runl, MAX_FILE)) || !(hd = malloc(sizeof *hd))) {
            fprintf(stderr, "zkprov: cannot read %s\n", pr);
            goto done;
        }
        if (zp_train_run_header(hd, err, runf, runl) != ZP_OK) {
            fprintf(stderr, "zkprov: %s: %s\n", pr, err);
            goto done;
        }
        if (memcmp(hd->final_digest, mdg, 32) != 0) {
            fprintf(stderr, "zkprov: %s is not the final model of %s\n", pc, pr);
            goto done;
        }
        zp_sha256(rdg, runf, runl);
    }
    if (!(sec = cli_read_all(ps, &sl, MAX_FILE))) { fprintf(stderr, "zkprov: cannot read %s\n", ps); goto done; }
    if (zp_model_prover_load(&mp, err, mc, sec, sl) != ZP_OK) { fprintf(stderr, "zkprov: %s: %s\n", ps, err); goto done; }
    zp_train_config cfg;
    uint8_t dg[32];
    zp_model_commit_info(mc, dg, &cfg, NULL);
    if (!(inp = cli_read_all(in, &il, MAX_FILE)) || parse_rows(&x, &il, (const char *)inp, &cfg, batch) != 0) {
        fprintf(stderr, "zkprov: %s: expected %s of %u numbers (CSV or a JSON array)\n", in,
                batch ? "lines" : "one line", (unsigned)cfg.dims[0]);
        goto done;
    }
    const size_t n = il, dout = cfg.dims[cfg.n_layers];
    lg = malloc(n * dout * sizeof(int64_t));
    zp_infer_opts o;
    zp_infer_opts_default(&o);
    o.private_input = priv;
    unsigned j;
    zp_err e = lg ? zp_infer_prove_model(&pf, &pl, lg, &j, mp, x, n, &o, NULL) : ZP_ERR_NOMEM;
    /* persist the used index before the answer leaves */
    if (zp_model_secret_export(&nsec, &nsl, mp) != ZP_OK || cli_write_file(ps, nsec, nsl, 0600, 1) != 0) {
        fprintf(stderr, "zkprov: cannot update %s; the answer is withheld\n", ps);
        goto done;
    }
    if (e != ZP_OK) { fprintf(stderr, "zkprov: proving failed: %s\n", zp_strerror(e)); goto done; }
    zp_infer_answer an;
    memset(&an, 0, sizeof an);
    memcpy(an.model, dg, 32);
    an.opening = j;
    an.batch = n;
    an.private_input = priv;
    an.d_in = priv ? 0 : cfg.dims[0];
    an.d_out = dout;
    an.input = priv ? NULL : x;
    an.scores = lg;
    an.proof = pf;
    an.proof_len = pl;
    if (hd) {
        an.has_chain = 1;
        memcpy(an.run_proof, rdg, 32);
        an.n_certs = hd->n_datasets;
        memcpy(an.cert_digests, hd->ds_digests, 32 * hd->n_datasets);
    }
    size_t jl = 0;
    e = zp_infer_answer_to_json(&js, &jl, &an);
    if (e != ZP_OK || cli_write_file(out, js, jl, 0644, force) != 0) {
        fprintf(stderr, "zkprov: cannot write %s\n", out);
        goto done;
    }
    char hex[65];
    hexs(hex, dg, 32);
    printf("wrote %s (opening %u of the model %s; %zu input%s)\n", out, j, hex, n, n > 1 ? "s" : "");
    if (hd) {
        hexs(hex, rdg, 32);
        printf("  resting on the training run %s (%zu dataset certificate%s)\n", hex,
               hd->n_datasets, hd->n_datasets == 1 ? "" : "s");
    }
    rc = EX_OK;
done:
    free(js); free(pc); free(ps); free(pr); free(inp); free(x); free(lg);
    free(runf); free(hd);
    zp_infer_proof_free(pf);
    zp_model_secret_free(sec, sl);
    zp_model_secret_free(nsec, nsl);
    zp_model_prover_free(mp);
    zp_model_commit_free(mc);
    return rc;
}

/* ---- zkprov verify ANSWER.json --model M.commit ---- */

int cmd_verify_answer_main(int argc, char **argv) {
    const char *ans = NULL, *mp = NULL, *runp = NULL, *auth = NULL, *cfgp = NULL, *comp = NULL;
    const char *certs[CLI_MAX_CERTS];
    size_t nc = 0;
    for (int i = 0; i < argc; i++) {
        const char *o = argv[i];
        int v = i + 1 < argc;
        if (!strcmp(o, "--model") && v) mp = argv[++i];
        else if (!strcmp(o, "--run") && v) runp = argv[++i];
        else if (!strcmp(o, "--authority") && v) auth = argv[++i];
        else if (!strcmp(o, "--config") && v) cfgp = argv[++i];
        else if (!strcmp(o, "--commit") && v) comp = argv[++i];
        else if (!strcmp(o, "--cert") && v) {
            if (nc == CLI_MAX_CERTS) { fprintf(stderr, "zkprov verify: too many --cert\n"); return EX_USAGE; }
            certs[nc++] = argv[++i];
        } else if (o[0] == '-') {
            fprintf(stderr, "zkprov verify: unknown or incomplete option '%s'\n", o);
            return EX_USAGE;
        } else if (ans) { fprintf(stderr, "zkprov verify: more than one answer\n"); return EX_USAGE; }
        else ans = o;
    }
    if (!ans || (!mp && !runp) || (runp && (!nc || !auth)) || (!runp && (nc || auth || cfgp || comp))) {
        fprintf(stderr, "usage: zkprov verify ANSWER.json --model M.commit\n"
                        "       zkprov verify ANSWER.json --run RUN/run.proof --cert DS.cert "
                        "[--cert ...] --authority A.pub [--model M.commit] [--config CFG.json]\n"
                        "           [--commit DS.commit]\n");
        return EX_USAGE;
    }
    zp_answer_verified *v = malloc(sizeof *v);
    if (!v) {
        fprintf(stderr, "zkprov: out of memory\n");
        return EX_USAGE;
    }
    zp_err e = zp_verify_answer_files(v, ans, mp, runp, certs, nc, auth, cfgp, comp, -1);
    if (e != ZP_OK) {
        fprintf(stderr, "zkprov: %s\n", v->reason);
        zp_answer_verified_clear(v);
        free(v);
        return cli_exit_code(e);
    }
    char hex[65], h2[65];
    hexs(hex, v->model, 32);
    const size_t n = v->batch, nad = v->n_certs;
    const unsigned j = v->opening, MO = v->max_openings;
    const char *what = v->private_input ? "a committed (hidden) input" : "this input";
    if (!runp) {
        printf("PROVEN: the committed model %s maps %s to these scores\n"
               "  (%zu input%s, opening %u of %u; fixed-point forward pass of docs/spec/fixed-point.md)\n",
               hex, what, n, n > 1 ? "s" : "", j, MO);
        if (v->names_run) {
            hexs(h2, v->run_digest, 32);
            printf("NOT YET PROVEN: that this model is the one the training run\n"
                   "  %s\n  released, on %zu certified dataset%s, as the answer says (check it:\n"
                   "  --run RUN/run.proof --cert DS.cert --authority A.pub); its weights stay hidden.\n",
                   h2, nad, nad == 1 ? "" : "s");
        } else {
            printf("NOT YET PROVEN: how the model was trained (no training-run certificate, --run) and on\n"
                   "  which data (no dataset certificate, --cert); the model's weights stay hidden.\n");
        }
    } else {
        /* the chain: certificates -> run -> released model -> this answer */
        const zp_run_verified *ch = &v->run;
        printf("PROVEN, the whole chain:\n");
        for (size_t k = 0; k < ch->n_certs; k++) {
            hexs(h2, ch->certs[k].digest, 32);
            printf("  %scertificate %s\n", k ? "+ " : "", h2);
            hexs(h2, ch->certs[k].authority_key_id, 32);
            printf("     (authority %s, license %s)\n", h2, ch->certs[k].license);
        }
        hexs(h2, ch->run_digest, 32);
        printf("  -> training run %s\n     %llu proven steps on %llu certified records, released model\n     %s\n",
               h2, (unsigned long long)ch->n_steps, (unsigned long long)ch->n_records, hex);
        printf("  -> this answer (opening %u of %u) maps %s to these scores\n"
               "     (%zu input%s; fixed-point forward pass of docs/spec/fixed-point.md)\n",
               j, MO, what, n, n > 1 ? "s" : "");
        if (ch->not_proven[0])
            printf("NOT PROVEN (yet), as the run verifier reports:\n%s", ch->not_proven);
        else
            printf("The run verifier lists nothing as not proven for this run.\n");
        printf("The model's weights stay hidden.\n");
    }
    zp_answer_verified_clear(v);
    free(v);
    return EX_OK;
}
