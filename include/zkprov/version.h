/* SPDX-License-Identifier: Apache-2.0
 * Copyright (c) 2026 The zkprov authors.
 * Version numbers: library (SemVer), ABI and proof format, each on its own. */
#ifndef ZKPROV_VERSION_H
#define ZKPROV_VERSION_H

#define ZP_VERSION_MAJOR 0
#define ZP_VERSION_MINOR 1
#define ZP_VERSION_PATCH 0
#define ZP_VERSION_STRING "0.1.0"
/* Bumped on any incompatible change of the exported C ABI. */
#define ZP_ABI_VERSION 1
/* Version of the binary proof format (docs/formats/proof.md). */
#define ZP_PROOF_FORMAT_VERSION 1

#endif
