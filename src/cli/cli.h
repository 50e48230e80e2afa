/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Subcommand entry points shared between the CLI source files. */
#ifndef ZKPROV_CLI_H
#define ZKPROV_CLI_H

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

#endif
