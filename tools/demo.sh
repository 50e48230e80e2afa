#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The zkprov authors.
# make demo: the main job end to end, as far as it exists today: a data
# authority certifies real datasets, a model provider trains with a proof of
# every step, anyone verifies the run, the model answers with proofs that a
# user verifies, data subjects get (non-)membership proofs, hospitals run a
# verified federated round; then the proof core's benchmarks.
set -eu
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
Z=$(cd "$build/bin" && pwd)/zkprov
B=$(cd "$build/bin" && pwd)/zkprov-bench
bdir=$(cd "$build" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
step() { printf '\n== %s\n' "$*"; }
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }'; }

step "zkprov"
$Z version

step "1. A data authority (a hospital's data office) makes its Ed25519 signing key"
$Z authority keygen hospital

step "2. It commits to the Wisconsin breast-cancer dataset (569 records, 30 features + label, z-scored)"
awk -F, 'NR == FNR { if (FNR > 1) for (i = 1; i < NF; i++) { s[i] += $i; q[i] += $i * $i }; n = FNR - 1; next }
    FNR == 1 { print; next }
    { l = ""; for (i = 1; i < NF; i++) { m = s[i] / n; sd = sqrt(q[i] / n - m * m); if (sd == 0) sd = 1
          l = l sprintf("%.4f,", ($i - m) / sd) }; print l $NF }' \
    "$top/tests/data/breast_cancer.csv" "$top/tests/data/breast_cancer.csv" > bc.csv
$Z dataset commit bc.csv --format csv --out bc
echo "   bc.commit is public (record count, schema, hiding commitment, record-key tree root);"
echo "   bc.secret (mode $(stat -c %a bc.secret)) stays with the authority."

step "3. It signs a certificate: a DSSE envelope over an in-toto statement"
$Z dataset certify bc.commit --key hospital.key --license BSD-3-Clause \
    --source "UCI Wisconsin Diagnostic Breast Cancer (via scikit-learn), z-scored" \
    --attr consent=research --attr purpose=demo --out bc.cert

step "4. Anyone verifies the certificate with the authority's public key"
$Z dataset verify bc.cert --authority hospital.pub --commit bc.commit

step "5. A model provider trains a 30-16-2 MLP on the certified data and proves every step"
cat > train.json <<JSON
{"format": "zkprov-train-config-v1", "model": {"layers": [30, 16, 2]},
 "loss": "softmax_cross_entropy", "batch_size": 16, "steps": 20,
 "optimizer": {"type": "sgd", "learning_rate": 0.05},
 "sampler_seed": "0000000000000000000000000000000000000000000000000000000000000002",
 "datasets": ["bc.cert"],
 "base_model": {"init": "seeded", "seed": "0000000000000000000000000000000000000000000000000000000000000001"}}
JSON
$Z train --config train.json --cert bc.cert --authority hospital.pub --secret bc.secret --data bc.csv --format csv --out RUN

step "6. Anyone verifies the training run against the dataset certificate"
$Z verify RUN/run.proof --cert bc.cert --authority hospital.pub

step "7. The trained model answers a query with a proof; the user verifies the whole chain"
sed -n 2p bc.csv | cut -d, -f1-30 > query.csv
$Z infer RUN/ --input query.csv --out answer.json
$Z verify answer.json --run RUN/run.proof --cert bc.cert --authority hospital.pub

step "8. A forged answer is refused (exit 1)"
sed 's/"opening":[[:space:]]*1/"opening": 2/' answer.json > forged.json
if $Z verify forged.json --model RUN/model.commit; then
    echo "demo: a forged answer was accepted" >&2; exit 1
fi

step "9. A data subject asks: is my record in the certified dataset?"
head -n 2 bc.csv > mine.csv
$Z dataset prove-member bc mine.csv --out member.proof
$Z dataset check member.proof --cert bc.cert --authority hospital.pub
echo "   The proof reveals the subject's own record and, of the others, only VRF outputs."

step "10. A rights holder asks: was this (altered) record left out?"
awk -F, 'NR == 1 { print; next } NR == 2 { $1 = $1 + 0.01; print }' OFS=, bc.csv > other.csv
$Z dataset prove-absent bc other.csv --out absent.proof
$Z dataset check absent.proof --cert bc.cert --authority hospital.pub

step "11. A tampered certificate is refused (exit 1)"
sed 's/"sig": *"\(.\)/"sig":"A\1/' bc.cert > bad.cert
if $Z dataset verify bad.cert --authority hospital.pub; then
    echo "demo: a tampered certificate was accepted" >&2; exit 1
fi

fm=/usr/share/datasets/fashion-mnist
if [ -r "$fm/train-images-idx3-ubyte.gz" ]; then
    step "12. Fashion-MNIST train (60,000 x 784 images, Debian package dataset-fashion-mnist)"
    t0=$(date +%s.%N)
    $Z dataset commit "$fm/train-images-idx3-ubyte.gz" --format idx \
        --labels "$fm/train-labels-idx1-ubyte.gz" --out fmnist
    echo "   committed in $(elapsed "$t0") s"
    $Z dataset certify fmnist.commit --key hospital.key --license MIT \
        --source "Fashion-MNIST (Zalando Research), Debian dataset-fashion-mnist" --out fmnist.cert
    $Z dataset verify fmnist.cert --authority hospital.pub --commit fmnist.commit >/dev/null &&
        echo "   fmnist.cert verified"

    step "13. A 784-128-10 model (seeded) answers a Fashion-MNIST test image with a proof"
    cat > mlp.json <<JSON
{"format": "zkprov-train-config-v1", "model": {"layers": [784, 128, 10]},
 "loss": "softmax_cross_entropy", "batch_size": 64, "steps": 1,
 "optimizer": {"type": "sgd", "learning_rate": 0.05},
 "sampler_seed": "0000000000000000000000000000000000000000000000000000000000000002",
 "datasets": ["fmnist.cert"],
 "base_model": {"init": "seeded", "seed": "00000000000000000000000000000000000000000000000000000000000000a1"}}
JSON
    $Z model commit --config mlp.json --out model --openings 4
    gzip -dc "$fm/t10k-images-idx3-ubyte.gz" | dd bs=1 skip=16 count=784 2>/dev/null |
        od -An -v -tu1 | tr -s ' \n' '\n\n' |
        awk 'NF { printf "%s%.6f", (n++ ? "," : ""), $1 / 255 } END { print "" }' > image.csv
    t0=$(date +%s.%N)
    $Z infer model --input image.csv --out image-answer.json
    echo "   proven in $(elapsed "$t0") s (whole command)"
    $Z verify image-answer.json --model model.commit
fi

step "14. A federated round between 5 hospitals, each with its own certified shard"
echo "   (examples/fl-hospitals: local training, range-proven signed updates, proven FedAvg)"
sh "$top/examples/fl-hospitals/run.sh" "$bdir" 2

step "15. The proof core's benchmarks (JSON lines; ZP_BENCH_ITERS=${ZP_BENCH_ITERS:-1})"
for f in field.mul ntt merkle.sha256 poseidon2.w12 pcs. sumcheck.prod2 matmul. logup. cert.verify; do
    ZP_BENCH_ITERS=${ZP_BENCH_ITERS:-1} $B "$f"
done
echo
echo "demo: done"
