#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The zkprov authors.
# Configures the toy-field tree (-DZP_TOY_FIELD=97) in DIR, builds its toy
# tests only and runs the default ones (label toy, not slow).
# Usage: run_tree.sh CMAKE CTEST SOURCE_DIR DIR [cmake -D options...]
set -e
cmake=$1; ctest=$2; src=$3; dir=$4
shift 4
log="$dir.log"
mkdir -p "$dir"
if ! "$cmake" -S "$src" -B "$dir" -DZP_TOY_FIELD=97 -DZP_BUILD_BENCH=OFF \
    -DZP_BUILD_EXAMPLES=OFF -DZP_BUILD_CTIME=OFF "$@" >"$log" 2>&1; then
    cat "$log"; echo "toy tree: configure failed"; exit 1
fi
if ! "$cmake" --build "$dir" -j2 --target toy_all >"$log" 2>&1; then
    cat "$log"; echo "toy tree: build failed"; exit 1
fi
if grep -q "warning:" "$log"; then
    grep "warning:" "$log"; echo "toy tree: the toy build has warnings"; exit 1
fi
"$ctest" --test-dir "$dir" -j2 -L '^toy$' -LE slow --output-on-failure
