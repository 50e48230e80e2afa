#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The zkprov authors.
# Federated learning across hospitals with verifiable rounds: each hospital
# holds a shard of tests/data/breast_cancer.csv, commits and certifies it
# with its own authority key, trains locally with the plain fixed-point
# trainer, commits, range-proves and signs its update; the aggregator
# proves the norm-bounded FedAvg; every round is verified, and the global
# model's test accuracy is printed.  See README.md.
# Usage: sh examples/fl-hospitals/run.sh BUILD_DIR [ROUNDS] [HOSPITALS]
set -u
B=${1:?usage: sh examples/fl-hospitals/run.sh BUILD_DIR [ROUNDS] [HOSPITALS]}
ROUNDS=${2:-3}
H=${3:-5}
STEPS=${FL_STEPS:-20}
case $B in /*) ;; *) B=$(pwd)/$B ;; esac
SRC=$(cd "$(dirname "$0")/../.." && pwd)
CSV=$SRC/tests/data/breast_cancer.csv
find_bin() {
    for d in "$B/bin" "$B"; do
        if [ -x "$d/$1" ]; then echo "$d/$1"; return 0; fi
    done
    echo "run.sh: $1 not found under $B (build it: cmake --build $B)" >&2
    exit 2
}
ZK=$(find_bin zkprov)
TR=$(find_bin fl-hospitals-train)
W=$(mktemp -d "${TMPDIR:-/tmp}/zp_flh_XXXXXX") || exit 2
if [ -z "${FL_KEEP:-}" ]; then trap 'rm -rf "$W"' EXIT; else echo "work directory: $W"; fi
cd "$W" || exit 2

step() { "$@" >"$W/log" 2>&1 || { echo "FAILED: $*"; cat "$W/log"; exit 1; }; }

# 1. split: every 5th record is the held-out test set, the others go
#    round-robin to the hospitals
awk -v H="$H" 'NR == 1 { hdr = $0; print hdr > "test.csv"; for (i = 0; i < H; i++) print hdr > ("shard" i ".csv"); next }
    (NR % 5) == 0 { print > "test.csv"; next }
    { print > ("shard" (k++ % H) ".csv") }' "$CSV"

# 2. per hospital: an authority key (the hospital's data office) certifies
#    the committed shard; a second key signs the hospital's updates
: >clients.txt
i=0
while [ "$i" -lt "$H" ]; do
    step "$ZK" authority keygen "auth$i"
    step "$ZK" authority keygen "fl$i"
    echo "$W/fl$i.pub" >>clients.txt
    step "$ZK" dataset commit "shard$i.csv" --format csv --out "shard$i"
    step "$ZK" dataset certify "shard$i.commit" --key "auth$i.key" --license CC-BY-4.0 \
        --source "hospital $i, breast cancer records" --name "hospital-$i-shard" --out "shard$i.cert"
    echo "hospital $i: $(($(wc -l <"shard$i.csv") - 1)) records committed and certified"
    i=$((i + 1))
done

# 3. round 0: a seeded global model
step "$TR" init g0.txt
step "$ZK" fl init --global g0.txt --clients clients.txt --bound 4194304 --update-bits 18 --out r0.bin
echo "round 0: test accuracy $("$TR" eval r0.bin test.csv "$CSV")"

# 4. rounds
prev=r0.bin
r=1
while [ "$r" -le "$ROUNDS" ]; do
    ups=""
    i=0
    while [ "$i" -lt "$H" ]; do
        step "$TR" train "$prev" "shard$i.csv" "$CSV" "u$i.txt" "$r" "$i" "$STEPS"
        n=$(($(wc -l <"shard$i.csv") - 1))
        step "$ZK" fl update "$prev" --key "fl$i.key" --update "u$i.txt" --samples "$n" --out "h$i.r$r.upd" --force
        ups="$ups h$i.r$r.upd"
        i=$((i + 1))
    done
    # shellcheck disable=SC2086
    step "$ZK" fl aggregate "$prev" $ups --prove --out "r$r.agg"
    agg=$(grep aggregated "$W/log")
    step "$ZK" fl verify "r$r.agg" --prev "$prev"
    ver=$(head -n 1 "$W/log")
    acc=$("$TR" eval "r$r.agg" test.csv "$CSV") || { echo "FAILED: eval"; exit 1; }
    echo "round $r: $agg; verify: $ver; test accuracy $acc"
    prev=r$r.agg
    r=$((r + 1))
done
echo "fl-hospitals: $ROUNDS rounds, $H hospitals, every round verified"
