#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The zkprov authors.
# CLI golden runs for proven training runs: dataset commit -> certify ->
# train (files, secret 0600, summary) -> verify (0, what is and is not
# proven) -> infer with the trained model -> the whole chain (certificate ->
# run -> model -> answer: 0; another model, output, input, run, certificate,
# authority: 1); tampered run, other certificate,
# other config, other model (1); usage and existing runs (2); a run with
# momentum and MSE loss trains and verifies.
# Usage: sh train.sh path/to/zkprov
. "$(dirname "$0")/lib/harness.sh"
CSV="$SRC/tests/data/breast_cancer.csv"
cd "$T" || exit 2
poke() { printf '%s' "$3" | dd of="$1" bs=1 seek="$2" count=1 conv=notrunc 2>/dev/null; }
cfg() {
    cat >"$1" <<JSON
{"format": "zkprov-train-config-v1", "model": {"layers": [30, 8, 2]},
 "loss": "softmax_cross_entropy", "batch_size": 4, "steps": 3,
 "optimizer": {"type": "sgd", "learning_rate": $2},
 "sampler_seed": "0000000000000000000000000000000000000000000000000000000000000002",
 "datasets": ["ds.cert"],
 "base_model": {"init": "seeded", "seed": "0000000000000000000000000000000000000000000000000000000000000001"}}
JSON
}

head -n 41 "$CSV" >small.csv
sed -n '1p;42,81p' "$CSV" >other.csv
cfg cfg.json 0.01
cfg cfg2.json 0.02
run 0 authority keygen auth
run 0 dataset commit small.csv --format csv --out ds
run 0 dataset commit other.csv --format csv --out ds2
run 0 dataset certify ds.commit --key auth.key --license CC-BY-4.0 --source "UCI WDBC" --out ds.cert
run 0 dataset certify ds2.commit --key auth.key --license CC-BY-4.0 --source "UCI WDBC" --out ds2.cert

# ---- train ----
run 0 train --config cfg.json --cert ds.cert --authority auth.pub --secret ds.secret --data small.csv --format csv --out RUN --progress
check "train summary" out_has "^trained 3 steps"
check "progress line on stderr" err_has "step 3/3 .* steps/s"
for f in model.safetensors model.commit model.secret run.proof summary.json config.json; do
    check "RUN/$f written" [ -s "RUN/$f" ]
done
check "model.secret is mode 0600" [ "$(mode_of RUN/model.secret)" = 600 ]
check "summary type" grep -q '"type":[[:space:]]*"zkprov/train-summary"' RUN/summary.json
check "summary steps" grep -q '"steps":[[:space:]]*3' RUN/summary.json
run 2 train --config cfg.json --cert ds.cert --authority auth.pub --secret ds.secret --data small.csv --out RUN
check "no overwrite without --force" err_has "use --force"
run 2 train --config cfg.json --cert ds.cert --authority auth.pub --secret ds.secret --data small.csv
run 2 train --config cfg.json --cert ds.cert --authority auth.pub --secret ds.secret --data other.csv --out RUN3 --bogus
# records that are not the certified dataset's count
run 2 train --config cfg.json --cert ds.cert --authority auth.pub --secret ds.secret --data "$CSV" --out RUN4
check "record count checked" err_has "the certificate names 40"
# a data file with the certified record count that is not the certified dataset
run 1 train --config cfg.json --cert ds.cert --authority auth.pub --secret ds.secret --data other.csv --out RUN5
check "uncertified data refused" err_has "not the certified dataset"
run 2 train --config cfg.json --cert ds.cert --authority auth.pub --data small.csv --out RUN6
check "train needs the dataset secret" err_has "secret"
run 2 train --config cfg.json --cert ds.cert --authority auth.pub --secret ds.secret --data small.csv --out RUN7 --dataset-opening 8
check "only K openings" err_has "allows 8 runs"

# ---- verify ----
run 0 verify RUN/run.proof --cert ds.cert --authority auth.pub
check "verify says what is proven" out_has "^PROVEN:"
check "verify names the released model" out_has "= model.commit"
check "verify says what is not proven" out_has "^NOT PROVEN"
check "the records are bound to the dataset" out_has "batch records are rows of the certified dataset (opening 0 of 8"
check "the dataset binding is not listed as unproven" sh -c "! grep -q 'records are the certified dataset' '$T/out'"
check "the base model was opened" out_has "C_0 was opened: it holds the config's base model"
run 0 train --config cfg.json --cert ds.cert --authority auth.pub --secret ds.secret --data small.csv --out HID --hide-base --dataset-opening 1
run 0 verify HID/run.proof --cert ds.cert --authority auth.pub
check "a hidden base is not claimed" out_has "that C_0 holds the config's base model (hidden"
run 1 verify RUN/run.proof --cert ds2.cert --authority auth.pub
check "other certificate rejected" err_has "REJECTED"
# the run verified against another dataset commitment (with ds.cert: it
# does not name it; ds2.commit of the same shape)
run 1 verify RUN/run.proof --cert ds.cert --authority auth.pub --commit ds2.commit
check "another dataset commitment rejected" err_has "REJECTED"
# the run file's dataset opening index changed (offset 100: after magic,
# version, config digest, dataset count, certificate digest, records,
# batch, steps)
cp RUN/run.proof idx.proof
poke idx.proof 100 "$(printf '\001')"
run 1 verify idx.proof --cert ds.cert --authority auth.pub --config RUN/config.json --model RUN/model.commit
check "another dataset opening rejected" err_has "bind proof"
run 1 verify RUN/run.proof --cert ds.cert --authority auth.pub --config cfg2.json
check "other config rejected" err_has "config digest"
cp RUN/run.proof bad.proof
sz=$(wc -c <bad.proof)
poke bad.proof $((sz / 2)) x
poke bad.proof $((sz / 2 + 1)) y
run 1 verify bad.proof --cert ds.cert --authority auth.pub --config RUN/config.json --model RUN/model.commit
check "tampered run rejected" err_has "REJECTED"
run 0 model commit --config cfg.json --out other
run 1 verify RUN/run.proof --cert ds.cert --authority auth.pub --model other.commit
check "another model is not the run's" err_has "not the run's final model"
run 2 verify RUN/run.proof --cert ds.cert

# ---- the trained model answers (opening 0 was the run's) ----
printf '17.99,10.38,122.8,1001,0.1184,0.2776,0.3001,0.1471,0.2419,0.07871,1.095,0.9053,8.589,153.4,0.006399,0.04904,0.05373,0.01587,0.03003,0.006193,25.38,17.33,184.6,2019,0.1622,0.6656,0.7119,0.2654,0.4601,0.1189\n' >in.csv
run 0 infer RUN/model --input in.csv --out ans.json
check "first answer uses opening 1" out_has "opening 1 of the model"
run 0 verify ans.json --model RUN/model.commit
check "answer verified through the router" out_has "^PROVEN"

# ---- the whole chain: certificate -> run -> released model -> answer ----
edit() { # edit IN OUT PYTHON-STATEMENT-ON-a
    python3 -c "import json,sys; a=json.load(open(sys.argv[1])); $3; json.dump(a, open(sys.argv[2], 'w'))" "$1" "$2"
}
cdg=$(sed -n 's/.*"dataset_certificates":[^"]*"\([0-9a-f]*\)".*/\1/p' RUN/summary.json)
rdg=$(sha256sum RUN/run.proof | cut -c1-64)
check "digests found" [ ${#cdg} -eq 64 -a ${#rdg} -eq 64 ]
run 0 infer RUN/ --input in.csv --out chain.json
check "infer names the run" out_has "resting on the training run $rdg"
check "answer carries the run digest" grep -q "\"run_proof\":[[:space:]]*\"$rdg\"" chain.json
check "answer carries the certificate digest" grep -q "\"$cdg\"" chain.json
run 0 verify chain.json --run RUN/run.proof --cert ds.cert --authority auth.pub
check "chain printed" out_has "^PROVEN, the whole chain"
check "chain: certificate" out_has "certificate $cdg"
check "chain: license" out_has "license CC-BY-4.0"
check "chain: run" out_has "-> training run $rdg"
check "chain: steps" out_has "3 proven steps on 40 certified records"
check "chain: answer" out_has "-> this answer (opening 2 of"
check "chain: the records are not listed as unproven" sh -c "! grep -q 'batch records' '$T/out'"
run 0 verify chain.json --model RUN/model.commit
check "answer alone names the unchecked run" out_has "NOT YET PROVEN: that this model is the one the training run"
# broken links
run 0 infer other --input in.csv --out oth.json
run 1 verify oth.json --run RUN/run.proof --cert ds.cert --authority auth.pub
check "answer of another model" err_has "another model than the run's released model"
edit chain.json t_out.json 'a["scores"][0][0] += 1'
run 1 verify t_out.json --run RUN/run.proof --cert ds.cert --authority auth.pub
check "changed output" err_has "does not verify"
edit chain.json t_in.json 'a["input"][0][0] += 1'
run 1 verify t_in.json --run RUN/run.proof --cert ds.cert --authority auth.pub
check "replayed for another input" err_has "does not verify"
run 1 verify chain.json --run HID/run.proof --cert ds.cert --authority auth.pub
check "another run" err_has "another model than the run's released model"
run 1 verify chain.json --run HID/run.proof --model RUN/model.commit --cert ds.cert --authority auth.pub
check "another run, this model" err_has "not the run's final model"
edit chain.json t_run.json "a['run_proof'] = '$(sha256sum HID/run.proof | cut -c1-64)'"
run 1 verify t_run.json --run RUN/run.proof --cert ds.cert --authority auth.pub
check "answer pointing at another run" err_has "rests on another training run"
run 1 verify chain.json --run RUN/run.proof --cert ds2.cert --authority auth.pub
check "another certificate" err_has "does not rest on the certificate ds2.cert"
run 1 verify chain.json --run RUN/run.proof --cert ds.cert --cert ds2.cert --authority auth.pub
check "an extra certificate" err_has "does not rest on the certificate ds2.cert"
edit chain.json t_ds.json "a['dataset_certificates'] = ['$(printf '%064d' 7)']"
run 1 verify t_ds.json --run RUN/run.proof --cert ds.cert --authority auth.pub
check "answer pointing at another certificate" err_has "other dataset certificates"
run 1 verify ans.json --run RUN/run.proof --cert ds.cert --authority auth.pub
check "an answer without a chain" err_has "names no training run"
run 0 authority keygen auth2
run 1 verify chain.json --run RUN/run.proof --cert ds.cert --authority auth2.pub
check "another authority" err_has "REJECTED"
# usage
run 2 verify chain.json --run RUN/run.proof --authority auth.pub
run 2 verify chain.json --run RUN/run.proof --cert ds.cert
run 2 verify chain.json --cert ds.cert --authority auth.pub
run 2 verify chain.json
run 2 verify chain.json --run RUN/missing.proof --cert ds.cert --authority auth.pub
run 2 infer RUN/ --input in.csv

# ---- momentum and MSE (docs/spec/train-step.md 2.6) ----
cat >cfgm.json <<JSON
{"format": "zkprov-train-config-v1", "model": {"layers": [30, 8, 2]},
 "loss": "mse", "batch_size": 4, "steps": 3,
 "optimizer": {"type": "sgd", "learning_rate": 0.001, "momentum": 0.9},
 "sampler_seed": "0000000000000000000000000000000000000000000000000000000000000002",
 "datasets": ["ds.cert"],
 "base_model": {"init": "seeded", "seed": "0000000000000000000000000000000000000000000000000000000000000001"}}
JSON
run 0 train --config cfgm.json --cert ds.cert --authority auth.pub --secret ds.secret --data small.csv --out MOM --dataset-opening 2
check "momentum + MSE run trained" out_has "^trained 3 steps"
run 0 verify MOM/run.proof --cert ds.cert --authority auth.pub
check "momentum + MSE run verified" out_has "^PROVEN:"
run 1 verify MOM/run.proof --cert ds.cert --authority auth.pub --config cfg.json
check "momentum run is not the plain config's" err_has "config digest"

echo "$n checks, $fails failures"
[ "$fails" -eq 0 ]
