#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The shared library exports only zp_* API symbols (CONVENTIONS rule 15).
lib=$1
[ -f "$lib" ] || { echo "no library at '$lib'"; exit 1; }
syms=$(nm -D --defined-only "$lib") || { echo "nm failed on $lib"; exit 1; }
bad=$(printf '%s\n' "$syms" | awk 'NF >= 3 {print $3}' | grep -v '^zp_' | grep -v -E '^(_init|_fini|_edata|_end|__bss_start)$')
if [ -n "$bad" ]; then echo "non-API symbols exported:"; echo "$bad"; exit 1; fi
n=$(printf '%s\n' "$syms" | grep -c ' T zp_')
[ "$n" -gt 0 ] || { echo "no API functions exported"; exit 1; }
echo "symbols ok: $n API functions"
