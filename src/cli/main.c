/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * The zkprov command: a thin shell over the library.
 * Exit codes: 0 accept / success, 1 reject, 2 usage or I/O error. */
#include <stdio.h>
#include <string.h>

#include "zkprov/zkprov.h"

static void usage(FILE *f) {
    fprintf(f,
            "usage: zkprov <command> [options]\n"
            "\n"
            "Zero-knowledge proofs of where an AI model's training data came from.\n"
            "\n"
            "commands:\n"
            "  version            print the library, ABI and proof-format versions\n"
            "  help               print this help\n"
            "\n"
            "Exit codes: 0 success/accept, 1 reject, 2 usage or I/O error.\n");
}

int main(int argc, char **argv) {
    if (argc < 2) { usage(stderr); return 2; }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        usage(stdout);
        return 0;
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
        return 0;
    }
    fprintf(stderr, "zkprov: unknown command '%s' (try 'zkprov help')\n", cmd);
    return 2;
}
