/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Subcommand entry points shared between the CLI source files. */
#ifndef ZKPROV_CLI_H
#define ZKPROV_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "zkprov/prov.h"
#include "zkprov/zkml.h"

/* `zkprov dataset <verb> ...`: argv[0] is the verb (src/cli/cmd_dataset.c).
 * Returns the exit code: 0 success/accept, 1 reject, 2 usage or I/O error. */
int cmd_dataset_main(int argc, char **argv);
/* `zkprov dataset certify|verify ...` (src/cli/cmd_cert.c); argv[0] is the
 * verb.  cmd_dataset_main forwards these verbs here. */
int cmd_cert_dataset_main(int argc, char **argv);
/* `zkprov authority <verb> ...` (src/cli/cmd_cert.c); argv[0] is the verb. */
int cmd_authority_main(int argc, char **argv);
/* `zkprov fl <verb> ...` (src/cli/cmd_fl.c); argv[0] is the verb. */
int cmd_fl_main(int argc, char **argv);
/* `zkprov model commit ...`, `zkprov infer ...`, `zkprov verify ...`
 * (src/cli/cmd_model.c): proven answers bound to a model commitment. */
int cmd_model_main(int argc, char **argv);
int cmd_infer_main(int argc, char **argv);
int cmd_verify_answer_main(int argc, char **argv);
/* `zkprov train ...` (src/cli/cmd_train.c): a proven training run.
 * `zkprov verify FILE ...`: a run proof (magic ZPRUN001) is checked there,
 * anything else goes to cmd_verify_answer_main. */
int cmd_train_main(int argc, char **argv);
int cmd_verify_main(int argc, char **argv);

#define CLI_MAX_CERTS 64
/* The exit code of a verification result (include/zkprov/verify.h): 0
 * accept, 1 reject (ZP_ERR_VERIFY), 2 anything else (usage, I/O). */
static inline int cli_exit_code(zp_err e) { return e == ZP_OK ? 0 : e == ZP_ERR_VERIFY ? 1 : 2; }

/* src/cli/fileio.c: reads at most `max` bytes (NULL on error or larger
 * files; the buffer gets a trailing NUL); writes through a temporary file
 * with the given mode, then renames (force) or links (never overwrites).
 * Return 0 on success, -1 on failure (nothing left behind). */
uint8_t *cli_read_all(const char *path, size_t *len, size_t max);
int cli_write_file(const char *path, const void *data, size_t len, int mode, int force);

/* src/cli/certdata.c: the certified data of a training run (`zkprov
 * train`, `zkprov fl update --train`).  Exit codes as the commands': 0,
 * 1 reject, 2 usage / I/O; failures print one line. */
/* path with its suffix `from` replaced by `to` (appended when path does
 * not end with it): DS.cert -> DS.commit.  Malloc'ed (NULL: no memory). */
char *cli_sibling_path(const char *path, const char *from, const char *to);
/* Verifies the certificate cert under the authority key file auth (now)
 * into *ci; with data (else only the certificate), loads DATA (format
 * fmt, labels file or NULL) under the certified schema into *ds (zeroed
 * first; features rescaled to cfg's act_scale by zp_fx_rescale), checks
 * the record count, and adds every row to b when b is not NULL. */
int cli_load_certified(zp_cert_info *ci, zp_fxdata *ds, const char *cert, const char *auth,
                       const char *data, const char *fmt, const char *labels,
                       const zp_train_config *cfg, zp_dataset_builder *b);
/* The prover's side of a bound run (docs/spec/train-step.md section 7):
 * the verified certificate and its records, the dataset commitment it
 * names (checked: zp_cert_check_commit) and its secret, the commitment's
 * training view, and the matrix prover of the data file re-committed
 * (the data file must be the certified dataset), with the opening index
 * the run will use. */
typedef struct {
    zp_cert_info ci;
    zp_fxdata ds;
    zp_dataset_commit *dc;
    zp_dataset_secret *sec;
    zp_train_dataset view;
    zp_pcs_prover *pcs;
    zp_fe *evals; /* SECRET: wiped by cli_bound_data_free */
    unsigned index;
} cli_bound_data;
/* Fills *d from the certificate cert (authority key file auth), the
 * dataset commitment commit (NULL: cert's path with .cert replaced by
 * .commit), the dataset secret, the data file (fmt, labels) and the
 * opening index (< the commitment's K).  On failure *d is freed. */
int cli_bound_data_load(cli_bound_data *d, const char *cert, const char *auth,
                        const char *commit, const char *secret, const char *data,
                        const char *fmt, const char *labels, unsigned index,
                        const zp_train_config *cfg);
void cli_bound_data_free(cli_bound_data *d);

#endif
