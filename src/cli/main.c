/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * The zkprov command: a thin shell over the library.
 * Exit codes: 0 accept / success, 1 reject, 2 usage or I/O error. */
#include <stdio.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "cli/cli.h"
#include "zkprov/zkprov.h"

enum { EXIT_ACCEPT = 0, EXIT_REJECT = 1, EXIT_USAGE = 2 };

static void usage(FILE *f) {
    fprintf(f,
            "usage: zkprov <command> [options]\n"
            "\n"
            "Zero-knowledge proofs of where an AI model's training data came from.\n"
            "\n"
            "commands:\n"
            "  version [--json]            print the library, ABI and proof-format versions\n"
            "  proof inspect FILE [--json] print the container of a proof file: format\n"
            "                              version, statement type, sections and sizes\n"
            "                              (exit 0 well-formed, 1 malformed)\n"
            "  dataset <verb> ...          commit to a dataset, prove (non-)membership of a\n"
            "                              record, check such proofs ('zkprov dataset help')\n"
            "  authority keygen NAME       make a data-authority signing key: NAME.key\n"
            "                              (secret, 0600) and NAME.pub ('zkprov authority help')\n"
            "  model commit ...            commit to a model: M.commit, M.secret (0600)\n"
            "  infer RUN/|M --input FILE --out ANSWER.json   a proven answer of the model\n"
            "  verify ANSWER.json --model M.commit      check a proven answer\n"
            "  verify ANSWER.json --run RUN/run.proof --cert DS.cert --authority A.pub\n"
            "                              check an answer and the chain it rests on\n"
            "  train --config CFG --cert DS.cert --authority A.pub --data DATA --out RUN/\n"
            "                              a proven training run ('zkprov train help')\n"
            "  verify RUN/run.proof --cert DS.cert --authority A.pub   check a run\n"
            "  help                        print this help\n"
            "\n"
            "Exit codes: 0 success/accept, 1 reject, 2 usage or I/O error.\n");
}

/* Maps a library error to the CLI's exit code: malformed or rejected
 * input is 1, everything else (usage, I/O, memory) is 2. */
static int exit_code(zp_err e) {
    switch (e) {
    case ZP_OK: return EXIT_ACCEPT;
    case ZP_ERR_PARSE:
    case ZP_ERR_VERIFY:
    case ZP_ERR_UNSUPPORTED: return EXIT_REJECT;
    default: return EXIT_USAGE;
    }
}

/* Writes s as a JSON string (quotes included). */
static void json_str(FILE *f, const char *s) {
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') fprintf(f, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7f) fprintf(f, "\\u%04x", *p);
        else fputc(*p, f);
    }
    fputc('"', f);
}

static void hex(FILE *f, const uint8_t *b, size_t n) {
    for (size_t i = 0; i < n; i++) fprintf(f, "%02x", b[i]);
}

static int cmd_proof_inspect(int argc, char **argv) {
    const char *file = NULL;
    int json = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) json = 1;
        else if (argv[i][0] == '-' && argv[i][1] != 0) {
            fprintf(stderr, "zkprov proof inspect: unknown option '%s'\n", argv[i]);
            return EXIT_USAGE;
        } else if (file) {
            fprintf(stderr, "zkprov proof inspect: more than one FILE\n");
            return EXIT_USAGE;
        } else file = argv[i];
    }
    if (!file) {
        fprintf(stderr, "usage: zkprov proof inspect FILE [--json]\n");
        return EXIT_USAGE;
    }
    zp_proof_file *pf = NULL;
    char err[ZP_PROOF_ERR_BYTES];
    zp_err e = zp_proof_file_read(&pf, err, file, 0);
    if (e != ZP_OK) {
        fprintf(stderr, "zkprov: %s: %s: %s\n", file,
                exit_code(e) == EXIT_REJECT ? "malformed proof file" : "cannot read",
                err[0] ? err : zp_strerror(e));
        return exit_code(e);
    }
    zp_digest d;
    zp_proof_file_digest(pf, &d);
    uint32_t st = zp_proof_file_stmt_type(pf);
    const char *st_name = zp_stmt_type_name(st);
    size_t n = zp_proof_file_n_sections(pf);
    size_t size = zp_proof_file_serialized_size(pf);
    if (json) {
        printf("{\"file\":");
        json_str(stdout, file);
        printf(",\"magic\":\"");
        hex(stdout, (const uint8_t *)ZP_PROOF_MAGIC, ZP_PROOF_MAGIC_BYTES);
        printf("\",\"format_version\":%u,\"statement_type\":%u,\"statement\":\"%s\","
               "\"size\":%zu,\"digest\":\"", zp_proof_file_version(pf), st,
               st_name ? st_name : "?", size);
        hex(stdout, d.b, sizeof d.b);
        printf("\",\"sections\":[");
    } else {
        printf("file            %s\n", file);
        printf("magic           ZKPROOF\\0 (");
        hex(stdout, (const uint8_t *)ZP_PROOF_MAGIC, ZP_PROOF_MAGIC_BYTES);
        printf(")\nformat version  %u\n", zp_proof_file_version(pf));
        printf("statement type  %u (%s)\n", st, st_name ? st_name : "?");
        printf("size            %zu bytes\n", size);
        printf("sha256          ");
        hex(stdout, d.b, sizeof d.b);
        printf("\nsections        %zu\n", n);
    }
    size_t off = ZP_PROOF_HEADER_BYTES;
    for (size_t i = 0; i < n; i++) {
        uint32_t tag;
        size_t len;
        if (zp_proof_file_section_at(pf, i, &tag, NULL, &len) != ZP_OK) break;
        const char *name = zp_proof_section_name(tag);
        off += ZP_PROOF_SECTION_HEADER_BYTES;
        if (json) {
            printf("%s{\"tag\":%u,\"name\":", i ? "," : "", tag);
            if (name) json_str(stdout, name);
            else printf("null");
            printf(",\"offset\":%zu,\"length\":%zu}", off, len);
        } else {
            printf("  0x%04x  %-16s offset %-8zu %zu bytes\n", tag,
                   name ? name : "(unregistered)", off, len);
        }
        off += len;
    }
    if (json) printf("]}\n");
    zp_proof_file_free(pf);
    return EXIT_ACCEPT;
}

/* Developer command (documented in docs/formats/proof.md, not in the help):
 * writes a small, well-formed container whose sections hold placeholder
 * bytes, not a proof that any verifier accepts.  Used by tests/cli. */
static int cmd_proof_example(int argc, char **argv) {
    const char *out = NULL;
    int force = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--force")) force = 1;
        else if (argv[i][0] == '-' && argv[i][1] != 0) {
            fprintf(stderr, "zkprov proof example: unknown option '%s'\n", argv[i]);
            return EXIT_USAGE;
        } else if (out) {
            fprintf(stderr, "zkprov proof example: more than one OUT\n");
            return EXIT_USAGE;
        } else out = argv[i];
    }
    if (!out) {
        fprintf(stderr, "usage: zkprov proof example OUT [--force]\n");
        return EXIT_USAGE;
    }
    uint8_t stmt[16], root[32], proof[64];
    zp_store64_le(stmt, 3);     /* placeholder public inputs */
    zp_store64_le(stmt + 8, 0);
    zp_sha256(root, "zkprov example commitment", 25);
    zp_sha256(proof, "zkprov example proof 0", 22);
    zp_sha256(proof + 32, "zkprov example proof 1", 22);
    zp_proof_file *pf = NULL;
    char err[ZP_PROOF_ERR_BYTES] = "";
    zp_err e = zp_proof_file_new(&pf, ZP_STMT_SUMCHECK);
    if (e == ZP_OK) e = zp_proof_file_add_section(pf, ZP_SECTION_STATEMENT, stmt, sizeof stmt);
    if (e == ZP_OK) e = zp_proof_file_add_section(pf, ZP_SECTION_PCS_COMMITMENT, root, sizeof root);
    if (e == ZP_OK) e = zp_proof_file_add_section(pf, ZP_SECTION_PROOF, proof, sizeof proof);
    if (e == ZP_OK) e = zp_proof_file_write(pf, err, out, force);
    zp_proof_file_free(pf);
    if (e != ZP_OK) {
        fprintf(stderr, "zkprov: %s: %s\n", out, err[0] ? err : zp_strerror(e));
        return EXIT_USAGE;
    }
    return EXIT_ACCEPT;
}

static int cmd_proof(int argc, char **argv) {
    if (argc < 1) {
        fprintf(stderr, "usage: zkprov proof inspect FILE [--json]\n");
        return EXIT_USAGE;
    }
    if (!strcmp(argv[0], "inspect")) return cmd_proof_inspect(argc - 1, argv + 1);
    if (!strcmp(argv[0], "example")) return cmd_proof_example(argc - 1, argv + 1);
    fprintf(stderr, "zkprov: unknown command 'proof %s' (try 'zkprov help')\n", argv[0]);
    return EXIT_USAGE;
}

/* glibc: keep freed memory in the heap (no mmap per large buffer, no trim
 * on free).  A proof allocates and frees buffers of 16-200 MB per
 * sub-protocol; fresh mmap'd pages cost one zeroing page fault per 4 KiB
 * (784-128-10 batch-64 step: 2.0 -> 1.4 s to prove, peak RSS +0.2 GB;
 * docs/spec/train-step.md section 6).  A process setting, so the programs
 * make it, not the library. */
int main(int argc, char **argv) {
#if defined(__GLIBC__)
    /* mmap only above 2 GiB; never trim (a short-lived process: its memory
     * returns at exit; a 1024-wide step frees more than 2 GiB at once, and
     * re-growing the heap cost one page fault per 4 KiB each step) */
    (void)mallopt(M_MMAP_THRESHOLD, 0x7fffffff);
    (void)mallopt(M_TRIM_THRESHOLD, -1);
#endif
    if (argc < 2) { usage(stderr); return EXIT_USAGE; }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        usage(stdout);
        return EXIT_ACCEPT;
    }
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
        if (argc > 2 && !strcmp(argv[2], "--json"))
            printf("{\"version\":\"%s\",\"abi\":%d,\"proof_format\":%d,\"field_backend\":\"%s\",\"sha256_backend\":\"%s\"}\n",
                   zp_version_string(), zp_abi_version(), ZP_PROOF_FORMAT_VERSION,
                   zp_field_backend(), zp_sha256_backend());
        else
            printf("zkprov %s (ABI %d, proof format %d; field backend %s, sha256 backend %s)\n",
                   zp_version_string(), zp_abi_version(), ZP_PROOF_FORMAT_VERSION,
                   zp_field_backend(), zp_sha256_backend());
        return EXIT_ACCEPT;
    }
    if (!strcmp(cmd, "proof")) return cmd_proof(argc - 2, argv + 2);
    if (!strcmp(cmd, "dataset")) return cmd_dataset_main(argc - 2, argv + 2);
    if (!strcmp(cmd, "authority")) return cmd_authority_main(argc - 2, argv + 2);
    if (!strcmp(cmd, "fl")) return cmd_fl_main(argc - 2, argv + 2);
    if (!strcmp(cmd, "model")) return cmd_model_main(argc - 2, argv + 2);
    if (!strcmp(cmd, "infer")) return cmd_infer_main(argc - 2, argv + 2);
    if (!strcmp(cmd, "train")) return cmd_train_main(argc - 2, argv + 2);
    if (!strcmp(cmd, "verify")) return cmd_verify_main(argc - 2, argv + 2);
    fprintf(stderr, "zkprov: unknown command '%s' (try 'zkprov help')\n", cmd);
    return EXIT_USAGE;
}
