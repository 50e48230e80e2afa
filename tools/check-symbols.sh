#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The shared library exports only zp_* API symbols (CONVENTIONS rule 15).
lib=$1
bad=$(nm -D --defined-only "$lib" | awk '$2 ~ /[TDBR]/ {print $3}' | grep -v '^zp_' | grep -v -E '^(_init|_fini|_edata|_end|__bss_start)$')
if [ -n "$bad" ]; then echo "non-API symbols exported:"; echo "$bad"; exit 1; fi
echo "symbols ok: $(nm -D --defined-only "$lib" | grep -c ' T zp_') API functions"
