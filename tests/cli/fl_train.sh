#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The zkprov authors.
# CLI golden runs for trained federated updates (docs/spec/fl.md, "Training
# proofs"): two hospitals with certified shards train from the round's
# model (fl init --global-config), fl update --train --secret writes UPD
# and UPD.train (a run bound to the shard's dataset commitment), fl
# aggregate --authorities checks them and writes NEXT.train, fl verify
# checks every included client's training proof and says the batch records
# are rows of the certified shard (0); a certificate of another authority,
# a data file that is not the certified shard, a training-proof file of
# another client, one whose run is bound to another shard's commitment, a
# tampered run proof, a missing NEXT.train (1/2), and
# --skip-training-proofs says what it skipped.
# Usage: sh fl_train.sh path/to/zkprov
. "$(dirname "$0")/lib/harness.sh"
CSV=$SRC/tests/data/breast_cancer.csv

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
sed -n '1p;22,41p' "$CSV" >s1.csv
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
run 0 fl update r0.bin --key fl0.key --train cfg.json --cert s0.cert --authority auth0.pub --secret s0.secret --data s0.csv --out u0.upd
check "update 0 trained" out_has "^trained: 2 steps"
check "update 0 bound to the shard" out_has "bound to the shard's dataset commitment (opening 0 of"
check "samples = certified records" out_has "20 samples"
check "u0.upd.train written" [ -s u0.upd.train ]
check "u0.upd.train is a bound-run file" [ "$(head -c 8 u0.upd.train)" = ZPFLTRN2 ]
run 0 fl update r0.bin --key fl1.key --train cfg.json --cert s1.cert --authority auth1.pub --secret s1.secret --commit s1.commit --data s1.csv --out u1.upd
# the certificate is not of the given authority
run 1 fl update r0.bin --key fl1.key --train cfg.json --cert s1.cert --authority auth0.pub --secret s1.secret --data s1.csv --out ux.upd
# --train with --samples is a usage error; so is --train without --secret
run 2 fl update r0.bin --key fl1.key --train cfg.json --cert s1.cert --authority auth1.pub --secret s1.secret --data s1.csv --samples 3 --out ux.upd
run 2 fl update r0.bin --key fl1.key --train cfg.json --cert s1.cert --authority auth1.pub --data s1.csv --out ux.upd
check "no --secret: says unbound runs are refused" err_has "unbound training runs are not accepted"
# a data file that is not the certified shard (one value changed): refused
sed '3s/^[^,]*,/1,/' s1.csv >s1x.csv
check "s1x.csv differs" sh -c "! cmp -s s1.csv s1x.csv"
run 1 fl update r0.bin --key fl1.key --train cfg.json --cert s1.cert --authority auth1.pub --secret s1.secret --data s1x.csv --out ux.upd
check "names the uncertified data" err_has "s1x.csv"
check "no update written" [ ! -e ux.upd ]
# another shard's secret
run 2 fl update r0.bin --key fl1.key --train cfg.json --cert s1.cert --authority auth1.pub --secret s0.secret --data s1.csv --out ux.upd
# an opening beyond the commitment's K
run 2 fl update r0.bin --key fl1.key --train cfg.json --cert s1.cert --authority auth1.pub --secret s1.secret --data s1.csv --dataset-opening 64 --out ux.upd

run 0 fl aggregate r0.bin u0.upd u1.upd --prove --authorities auths.txt --out r1.agg
check "aggregate checked the training proofs" out_has "2 of 2 updates trained, checked"
check "aggregate: rows of the certified shard" out_has "rows of the client's certified shard"
check "NEXT.train written" [ -s r1.agg.train ]
run 0 fl verify r1.agg --prev r0.bin --authorities auths.txt
check "verify: training proofs checked" out_has "^training proofs: 2 of 2 included updates trained .* checked"
check "verify: batch records are rows of the shard" out_has "every batch record is a row of the dataset commitment"
run 0 fl verify r1.agg --prev r0.bin --skip-training-proofs
check "verify --skip-training-proofs says so" out_has "NOT checked (--skip-training-proofs)"
# training proofs need the authorities
run 2 fl verify r1.agg --prev r0.bin
# the authorities swapped: client 0's certificate is not of client 1's authority
{ sed -n 2p auths.txt; sed -n 1p auths.txt; } >swapped.txt
run 1 fl verify r1.agg --prev r0.bin --authorities swapped.txt
check "verify names the certificate" err_has "REJECTED: client .*certificate"
run 1 fl aggregate r0.bin u0.upd u1.upd --prove --authorities swapped.txt --out rx.agg
# client 1's update with client 0's training proofs
cp u1.upd u1x.upd
cp u0.upd.train u1x.upd.train
run 1 fl aggregate r0.bin u0.upd u1x.upd --prove --authorities auths.txt --out rx.agg
check "aggregate names the training proof" err_has "training proof is rejected"
# client 1's run on shard 0: client 1 trains on shard 0 (its certificate,
# commitment, secret and data; the certificate is not of client 1's
# authority), then its UPD.train names shard 1's certificate and
# commitment in place of shard 0's (the signed digest covers the run and
# the link only): the run rests on another certificate and commitment
run 0 fl update r0.bin --key fl1.key --train cfg.json --cert s0.cert --authority auth0.pub --secret s0.secret --data s0.csv --dataset-opening 1 --out u1b.upd
run 1 fl aggregate r0.bin u0.upd u1b.upd --prove --authorities auths.txt --out rx.agg
check "shard 0's certificate is not client 1's authority's" err_has "certificate"
# chunk I (0: config, 1: certificate, 2: commitment, 3: run, 4: link) of
# a training-proof file, with its 8-byte length
chunk() {
    pos=8 i=0
    while :; do
        len=$(od -An -t u8 -j "$pos" -N 8 "$1" | tr -d ' ')
        if [ "$i" = "$2" ]; then tail -c +$((pos + 1)) "$1" | head -c $((8 + len)); return; fi
        pos=$((pos + 8 + len)) i=$((i + 1))
    done
}
cp u1b.upd u1c.upd
{ printf 'ZPFLTRN2'; chunk u1b.upd.train 0; chunk u1.upd.train 1; chunk u1.upd.train 2
  chunk u1b.upd.train 3; chunk u1b.upd.train 4; } >u1c.upd.train
check "u1c.upd.train assembled" [ "$(wc -c <u1c.upd.train)" -gt 1000 ]
run 1 fl aggregate r0.bin u0.upd u1c.upd --prove --authorities auths.txt --out rx.agg
check "bound to another shard: the run is rejected" err_has "training run"
# client 0's training proofs naming shard 1's commitment beside shard 0's
# certificate: not the commitment the certificate names
cp u0.upd u0c.upd
{ printf 'ZPFLTRN2'; chunk u0.upd.train 0; chunk u0.upd.train 1; chunk u1.upd.train 2
  chunk u0.upd.train 3; chunk u0.upd.train 4; } >u0c.upd.train
run 1 fl aggregate r0.bin u0c.upd u1.upd --prove --authorities auths.txt --out rx.agg
check "another shard's commitment is rejected" err_has "dataset commitment"
# a version-1 (unbound) training-proof file is refused
cp u1.upd u1v.upd
{ printf 'ZPFLTRN1'; tail -c +9 u1.upd.train; } >u1v.upd.train
run 1 fl aggregate r0.bin u0.upd u1v.upd --prove --authorities auths.txt --out rx.agg
check "unbound run refused" err_has "unbound run"
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
run 0 fl update r1.agg --key fl0.key --train cfg.json --cert s0.cert --authority auth0.pub --secret s0.secret --data s0.csv --dataset-opening 2 --out v0.upd
check "round 2 uses opening 2" out_has "opening 2 of"
run 0 fl aggregate r1.agg v0.upd --prove --authorities auths.txt --out r2n.agg
run 0 fl verify r2n.agg --prev r1.agg --authorities auths.txt
# a round-0 update is not one of round 1
run 1 fl aggregate r1.agg u0.upd --prove --authorities auths.txt --out rx.agg

finish fl_train.sh
