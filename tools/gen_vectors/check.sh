#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The zkprov authors.
# Re-runs gen_vectors into a temporary directory and compares every file
# with the committed tests/vectors/*.json byte for byte (same file set too).
# Usage: sh check.sh path/to/gen_vectors path/to/tests/vectors
gen=$1
ref=$2
[ -x "$gen" ] && [ -d "$ref" ] || { echo "usage: check.sh GEN_VECTORS VECTORS_DIR"; exit 2; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
"$gen" "$tmp" || { echo "gen_vectors failed"; exit 1; }
if diff -r "$ref" "$tmp" >"$tmp.diff" 2>&1; then
    rm -f "$tmp.diff"
    echo "vectors reproduce: $(ls "$tmp" | wc -l) files identical"
    exit 0
fi
echo "tests/vectors differ from a fresh gen_vectors run (an encoding changed?):"
head -n 40 "$tmp.diff"
rm -f "$tmp.diff"
exit 1
