#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The zkprov authors.
# CLI golden runs for proven answers: model commit (secret 0600, no overwrite
# without --force), infer, verify (0), tampered answer and wrong model (1),
# missing files and usage (2).
# Usage: sh infer.sh path/to/zkprov
. "$(dirname "$0")/lib/harness.sh"
cd "$T" || exit 2
cfg() {
    cat >"$1" <<JSON
{"format": "zkprov-train-config-v1", "model": {"layers": [4, 8, 3]},
 "loss": "softmax_cross_entropy", "batch_size": 1, "steps": 1,
 "optimizer": {"type": "sgd", "learning_rate": 0.01},
 "sampler_seed": "0000000000000000000000000000000000000000000000000000000000000002",
 "datasets": ["d.cert"],
 "base_model": {"init": "seeded", "seed": "$2"}}
JSON
}
cfg c1.json 0000000000000000000000000000000000000000000000000000000000000001
cfg c2.json 0000000000000000000000000000000000000000000000000000000000000009
printf '0.5,-0.25,1,0\n' >in.csv
printf '[0.5, -0.25, 1, 0]\n[1, 1, 1, 1]\n' >batch.jsonl

run 0 model commit --config c1.json --out M --openings 4
mode=$(stat -c %a M.secret 2>/dev/null || stat -f %Lp M.secret)
n=$((n + 1)); [ "$mode" = 600 ] || { echo "FAIL: M.secret mode $mode"; fails=$((fails + 1)); }
run 2 model commit --config c1.json --out M
run 0 model commit --config c2.json --out M2
run 0 infer M --input in.csv --out a.json
run 0 verify a.json --model M.commit
grep -q "PROVEN: the committed model" out || { echo "FAIL: no summary"; fails=$((fails + 1)); }
grep -q "NOT YET PROVEN" out || { echo "FAIL: no NOT YET PROVEN line"; fails=$((fails + 1)); }
run 2 infer M --input in.csv --out a.json
run 0 infer M --batch batch.jsonl --out b.json
run 0 verify b.json --model M.commit
run 0 infer M --input in.csv --private-input --out p.json
run 0 verify p.json --model M.commit
grep -q '"input"' p.json && { echo "FAIL: private answer has its input"; fails=$((fails + 1)); }
# tampered answers
sed 's/"opening":	0/"opening":	1/' a.json >t1.json
run 1 verify t1.json --model M.commit
sed 's/"input":	\[\[128/"input":	[[129/' a.json >t2.json
run 1 verify t2.json --model M.commit
python3 - a.json t3.json <<'PY' 2>/dev/null || cp a.json t3.json
import json, sys
a = json.load(open(sys.argv[1])); a["scores"][0][0] += 1
json.dump(a, open(sys.argv[2], "w"))
PY
run 1 verify t3.json --model M.commit
# wrong model
run 1 verify a.json --model M2.commit
# missing files, usage
run 2 verify missing.json --model M.commit
run 2 verify a.json --model missing.commit
run 2 verify a.json
run 2 infer missing --input in.csv --out z.json
run 2 model commit --out X
# budget: 4 openings, 3 used; one more, then refused
run 0 infer M --input in.csv --out d.json
run 2 infer M --input in.csv --out e.json
echo "infer.sh: $n checks, $fails failures"
[ "$fails" = 0 ]
