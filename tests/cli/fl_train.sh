#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The zkprov authors.
# CLI golden runs for trained federated updates (docs/spec/fl.md, "Training
# proofs"): two hospitals with certified shards train from the round's
# model (fl init --global-config), fl update --train writes UPD and
# UPD.train, fl aggregate --authorities checks them and writes NEXT.train,
# fl verify checks every included client's training proof (0); a
# certificate of another authority, a training-proof file of another
# client, a tampered run proof, a missing NEXT.train (1/2), and
# --skip-training-proofs says what it skipped.
# Usage: sh fl_train.sh path/to/zkprov
ZKPROV=${1:?usage: sh fl_train.sh path/to/zkprov}
case $ZKPROV in /*) ;; *) ZKPROV=$(pwd)/$ZKPROV ;; esac
SRC=${ZP_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
CSV=$SRC/tests/data/breast_cancer.csv
T=$(mktemp -d "${TMPDIR:-/tmp}/zp_fltr_XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
fails=0
n=0

run() {
    want=$1; shift
    n=$((n + 1))
    "$ZKPROV" "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" != "$want" ]; then
        echo "FAIL: zkprov $*: exit $got, expected $want"; sed 's/^/  stderr: /' "$T/err"; sed 's/^/  stdout: /' "$T/out"
        fails=$((fails + 1))
    fi
}
check() {
    n=$((n + 1))
    what=$1; shift
    if ! "$@"; then echo "FAIL: $what"; fails=$((fails + 1)); fi
}
out_has() { grep -q "$1" "$T/out"; }
err_has() { grep -q "$1" "$T/err"; }

cd "$T" || exit 2
cat >cfg.json <<JSON
{"format": "zkprov-train-config-v1", "model": {"layers": [30, 4, 2]},
 "loss": "softmax_cross_entropy", "batch_size": 4, "steps": 2,
 "optimizer": {"type": "sgd", "learning_rate": 0.01},
 "sampler_seed": "0000000000000000000000000000000000000000000000000000000000000002",
 "datasets": ["shard.cert"],
 "base_model": {"init": "seeded", "seed": "0000000000000000000000000000000000000000000000000000000000000001"}}
JSON
head -n 21 "$CSV" >s0.csv
sed -n '1p;22,37p' "$CSV" >s1.csv
: >clients.txt
: >auths.txt
for h in 0 1; do
    run 0 authority keygen "fl$h"
    run 0 authority keygen "auth$h"
    echo "$T/fl$h.pub" >>clients.txt
    echo "$T/auth$h.pub" >>auths.txt
    run 0 dataset commit "s$h.csv" --format csv --out "s$h"
    run 0 dataset certify "s$h.commit" --key "auth$h.key" --license CC-BY-4.0 --source "hospital $h" --out "s$h.cert"
done
# 30-4-2: 128 + 4 + 8 + 2 = 142 flat values -> 256 parameters
run 0 fl init --global-config cfg.json --clients clients.txt --bound 4000000 --update-bits 20 --out r0.bin
check "round of 2^8 parameters" out_has "2^8 parameters"
run 0 fl update r0.bin --key fl0.key --train cfg.json --cert s0.cert --authority auth0.pub --data s0.csv --out u0.upd
check "update 0 trained" out_has "^trained: 2 steps"
check "samples = certified records" out_has "20 samples"
check "u0.upd.train written" [ -s u0.upd.train ]
run 0 fl update r0.bin --key fl1.key --train cfg.json --cert s1.cert --authority auth1.pub --data s1.csv --out u1.upd
# the certificate is not of the given authority
run 1 fl update r0.bin --key fl1.key --train cfg.json --cert s1.cert --authority auth0.pub --data s1.csv --out ux.upd
# --train with --samples is a usage error
run 2 fl update r0.bin --key fl1.key --train cfg.json --cert s1.cert --authority auth1.pub --data s1.csv --samples 3 --out ux.upd

run 0 fl aggregate r0.bin u0.upd u1.upd --prove --authorities auths.txt --out r1.agg
check "aggregate checked the training proofs" out_has "2 of 2 updates trained, checked"
check "NEXT.train written" [ -s r1.agg.train ]
run 0 fl verify r1.agg --prev r0.bin --authorities auths.txt
check "verify: training proofs checked" out_has "^training proofs: 2 of 2 included updates trained .* checked"
run 0 fl verify r1.agg --prev r0.bin --skip-training-proofs
check "verify --skip-training-proofs says so" out_has "NOT checked (--skip-training-proofs)"
# training proofs need the authorities
run 2 fl verify r1.agg --prev r0.bin
# the authorities swapped: client 0's certificate is not of client 1's authority
{ sed -n 2p auths.txt; sed -n 1p auths.txt; } >swapped.txt
run 1 fl verify r1.agg --prev r0.bin --authorities swapped.txt
check "verify names the certificate" out_has "certificate"
run 1 fl aggregate r0.bin u0.upd u1.upd --prove --authorities swapped.txt --out rx.agg
# client 1's update with client 0's training proofs
cp u1.upd u1x.upd
cp u0.upd.train u1x.upd.train
run 1 fl aggregate r0.bin u0.upd u1x.upd --prove --authorities auths.txt --out rx.agg
check "aggregate names the training proof" err_has "training proof is rejected"
# a byte of the run proof in NEXT.train altered
cp r1.agg r2.agg
cp r1.agg.train r2.agg.train
tsize=$(wc -c <r2.agg.train)
printf '\001' | dd of=r2.agg.train bs=1 seek=$((tsize / 3)) conv=notrunc 2>/dev/null
run 1 fl verify r2.agg --prev r0.bin --authorities auths.txt
# no NEXT.train
cp r1.agg r3.agg
run 2 fl verify r3.agg --prev r0.bin --authorities auths.txt
run 0 fl verify r3.agg --prev r0.bin --authorities auths.txt --train r1.agg.train
# the next round trains from the aggregate's model
run 0 fl update r1.agg --key fl0.key --train cfg.json --cert s0.cert --authority auth0.pub --data s0.csv --out v0.upd
run 0 fl aggregate r1.agg v0.upd --prove --authorities auths.txt --out r2n.agg
run 0 fl verify r2n.agg --prev r1.agg --authorities auths.txt
# a round-0 update is not one of round 1
run 1 fl aggregate r1.agg u0.upd --prove --authorities auths.txt --out rx.agg

echo "$n checks, $fails failures"
[ "$fails" -eq 0 ]
