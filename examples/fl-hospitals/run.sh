#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The zkprov authors.
# Federated learning across hospitals with verifiable rounds: each hospital
# holds a shard of tests/data/breast_cancer.csv (standardised with public
# statistics), commits and certifies it with its own data authority's key,
# and each round proves its local training from the round's global model on
# that certified shard (zkprov fl update --train --secret: a training-run
# proof whose batch records are proven rows of the shard's dataset
# commitment, with the shard's DS.secret the hospital keeps, and a link
# proof that its committed update is the trained model minus the global
# one), range-proves and signs its update; the aggregator checks
# every training proof and proves the norm-bounded FedAvg; every round is
# verified, training proofs included, and the global model's test accuracy
# is printed.  See README.md.
# Usage: sh examples/fl-hospitals/run.sh BUILD_DIR [ROUNDS] [HOSPITALS]
set -u
B=${1:?usage: sh examples/fl-hospitals/run.sh BUILD_DIR [ROUNDS] [HOSPITALS]}
ROUNDS=${2:-3}
H=${3:-5}
STEPS=${FL_STEPS:-3}
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
#    round-robin to the hospitals; each shard is standardised with the
#    public statistics of the whole file
awk -v H="$H" 'NR == 1 { hdr = $0; print hdr > "test.csv"; for (i = 0; i < H; i++) print hdr > ("raw" i ".csv"); next }
    (NR % 5) == 0 { print > "test.csv"; next }
    { print > ("raw" (k++ % H) ".csv") }' "$CSV"

# 2. per hospital: an authority key (the hospital's data office) certifies
#    the committed shard; a second key signs the hospital's updates.  The
#    hospital keeps shardI.secret (0600): each round's run opens the
#    shard's commitment with one of its K openings (K >= ROUNDS)
: >clients.txt
: >authorities.txt
i=0
while [ "$i" -lt "$H" ]; do
    step "$TR" standardize "raw$i.csv" "$CSV" "shard$i.csv"
    step "$ZK" authority keygen "auth$i"
    step "$ZK" authority keygen "fl$i"
    echo "$W/fl$i.pub" >>clients.txt
    echo "$W/auth$i.pub" >>authorities.txt
    K=8
    [ "$ROUNDS" -gt "$K" ] && K=$ROUNDS
    step "$ZK" dataset commit "shard$i.csv" --format csv --out "shard$i" --openings "$K"
    step "$ZK" dataset certify "shard$i.commit" --key "auth$i.key" --license CC-BY-4.0 \
        --source "hospital $i, breast cancer records" --name "hospital-$i-shard" --out "shard$i.cert"
    echo "hospital $i: $(($(wc -l <"shard$i.csv") - 1)) records committed and certified"
    i=$((i + 1))
done

# 3. the training config every hospital uses (30-8-2 MLP, fixed point,
#    weights at 2^16; batch 16, STEPS local SGD steps per round), and round
#    0: its seeded model is the global model (flat order of docs/spec/fl.md)
cat >cfg.json <<JSON
{"format": "zkprov-train-config-v1", "model": {"layers": [30, 8, 2]},
 "loss": "softmax_cross_entropy", "batch_size": 16, "steps": $STEPS,
 "optimizer": {"type": "sgd", "learning_rate": 0.05},
 "sampler_seed": "0000000000000000000000000000000000000000000000000000000000000000",
 "datasets": ["shard.cert"],
 "base_model": {"init": "seeded", "seed": "0700000000000000000000000000000000000000000000000000000000000000"}}
JSON
step "$ZK" fl init --global-config cfg.json --clients clients.txt --bound 4194304 --update-bits 20 --out r0.bin
echo "round 0: test accuracy $("$TR" eval r0.bin test.csv "$CSV")"

# 4. rounds
prev=r0.bin
r=1
while [ "$r" -le "$ROUNDS" ]; do
    ups=""
    i=0
    while [ "$i" -lt "$H" ]; do
        # round r uses opening r - 1 of the shard's dataset commitment
        step "$ZK" fl update "$prev" --key "fl$i.key" --train cfg.json --cert "shard$i.cert" \
            --authority "auth$i.pub" --secret "shard$i.secret" --data "shard$i.csv" \
            --dataset-opening $((r - 1)) --out "h$i.r$r.upd" --force
        ups="$ups h$i.r$r.upd"
        i=$((i + 1))
    done
    # shellcheck disable=SC2086
    step "$ZK" fl aggregate "$prev" $ups --prove --authorities authorities.txt --out "r$r.agg"
    agg=$(grep aggregated "$W/log")
    step "$ZK" fl verify "r$r.agg" --prev "$prev" --authorities authorities.txt
    ver=$(head -n 1 "$W/log")
    trn=$(grep "^training proofs" "$W/log" | sed 's/^training proofs: //; s/ trained from.*checked.*/ training proofs checked/')
    acc=$("$TR" eval "r$r.agg" test.csv "$CSV") || { echo "FAILED: eval"; exit 1; }
    echo "round $r: $agg; verify: $ver, $trn; test accuracy $acc"
    prev=r$r.agg
    r=$((r + 1))
done
echo "fl-hospitals: $ROUNDS rounds, $H hospitals, every round verified, every update's training proven"
