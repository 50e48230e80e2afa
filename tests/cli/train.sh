#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The zkprov authors.
# CLI golden runs for proven training runs: dataset commit -> certify ->
# train (files, secret 0600, summary) -> verify (0, what is and is not
# proven) -> infer with the trained model; tampered run, other certificate,
# other config, other model (1); usage and existing runs (2).
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
run 0 train --config cfg.json --cert ds.cert --authority auth.pub --data small.csv --format csv --out RUN --progress
check "train summary" out_has "^trained 3 steps"
check "progress line on stderr" err_has "step 3/3 .* steps/s"
for f in model.safetensors model.commit model.secret run.proof summary.json config.json; do
    check "RUN/$f written" [ -s "RUN/$f" ]
done
check "model.secret is mode 0600" [ "$(mode_of RUN/model.secret)" = 600 ]
check "summary type" grep -q '"type":[[:space:]]*"zkprov/train-summary"' RUN/summary.json
check "summary steps" grep -q '"steps":[[:space:]]*3' RUN/summary.json
run 2 train --config cfg.json --cert ds.cert --authority auth.pub --data small.csv --out RUN
check "no overwrite without --force" err_has "use --force"
run 2 train --config cfg.json --cert ds.cert --authority auth.pub --data small.csv
run 2 train --config cfg.json --cert ds.cert --authority auth.pub --data other.csv --out RUN3 --bogus
# records that are not the certified dataset's count
run 2 train --config cfg.json --cert ds.cert --authority auth.pub --data "$CSV" --out RUN4
check "record count checked" err_has "the certificate names 40"

# ---- verify ----
run 0 verify RUN/run.proof --cert ds.cert --authority auth.pub
check "verify says what is proven" out_has "^PROVEN:"
check "verify names the released model" out_has "= model.commit"
check "verify says what is not proven" out_has "^NOT PROVEN"
check "the dataset binding is not claimed" out_has "batch records are the certified dataset's records: they are not"
check "the base model was opened" out_has "C_0 was opened: it holds the config's base model"
run 0 train --config cfg.json --cert ds.cert --authority auth.pub --data small.csv --out HID --hide-base
run 0 verify HID/run.proof --cert ds.cert --authority auth.pub
check "a hidden base is not claimed" out_has "that C_0 holds the config's base model (hidden"
run 1 verify RUN/run.proof --cert ds2.cert --authority auth.pub
check "other certificate rejected" err_has "REJECTED"
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

echo "$n checks, $fails failures"
[ "$fails" -eq 0 ]
