/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Subcommand entry points shared between the CLI source files. */
#ifndef ZKPROV_CLI_H
#define ZKPROV_CLI_H

#include <stddef.h>
#include <stdint.h>

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

/* A verified chain: certificates -> run -> released model, filled by
 * cli_verify_run (src/cli/cmd_train.c) for `zkprov verify ANSWER --run`. */
#define CLI_MAX_CERTS 64
typedef struct {
    size_t n_certs;                  /* in the run's order */
    uint8_t cert_digest[CLI_MAX_CERTS][32];
    uint8_t key_id[CLI_MAX_CERTS][32];
    char license[CLI_MAX_CERTS][96];
    uint64_t records, steps;
    uint8_t run_digest[32];          /* SHA-256 of the run file */
    uint8_t final_digest[32];        /* C_T, the released model */
    char not_proven[1024];           /* "  - ...\n" lines */
} cli_run_chain;
/* Verifies RUN (run proof) with the certificates certs[n] (any order; each
 * must be one the run names, and every one it names must be given) under
 * the authority key auth, the config cfgp (NULL: config.json next to RUN)
 * and the model commitment modelp (NULL: model.commit next to RUN; checked
 * to be C_T when the file exists).  chain NULL: prints PROVEN / NOT PROVEN;
 * else fills *chain and prints nothing on success.  Failures print one
 * line.  Returns the exit code (0, 1 reject, 2 usage / I/O). */
int cli_verify_run(const char *runp, const char *const *certs, size_t n_certs, const char *auth,
                   const char *cfgp, const char *modelp, cli_run_chain *chain);

/* src/cli/fileio.c: reads at most `max` bytes (NULL on error or larger
 * files; the buffer gets a trailing NUL); writes through a temporary file
 * with the given mode, then renames (force) or links (never overwrites).
 * Return 0 on success, -1 on failure (nothing left behind). */
uint8_t *cli_read_all(const char *path, size_t *len, size_t max);
int cli_write_file(const char *path, const void *data, size_t len, int mode, int force);

#endif
