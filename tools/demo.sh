#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# make demo: the main job end to end, as far as it exists today:
#   a data authority certifies real datasets, anyone verifies the
#   certificate, a data subject gets (non-)membership proofs; then the
#   proof core's benchmarks.  Training and answer proofs come next.
set -eu
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
Z=$(cd "$build/bin" && pwd)/zkprov
B=$(cd "$build/bin" && pwd)/zkprov-bench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
step() { printf '\n== %s\n' "$*"; }

step "zkprov"
$Z version

step "1. A data authority (a hospital's data office) makes its Ed25519 signing key"
$Z authority keygen hospital

step "2. It commits to the Wisconsin breast-cancer dataset (569 records, 30 features + label)"
$Z dataset commit "$top/tests/data/breast_cancer.csv" --format csv --out bc
echo "   bc.commit is public (record count, schema, hiding commitment, record-key tree root);"
echo "   bc.secret (mode $(stat -c %a bc.secret)) stays with the authority."

step "3. It signs a certificate: a DSSE envelope over an in-toto statement"
$Z dataset certify bc.commit --key hospital.key --license BSD-3-Clause \
    --source "UCI Wisconsin Diagnostic Breast Cancer (via scikit-learn)" \
    --attr consent=research --attr purpose=demo --out bc.cert

step "4. Anyone verifies the certificate with the authority's public key"
$Z dataset verify bc.cert --authority hospital.pub --commit bc.commit

step "5. A data subject asks: is my record in the certified dataset?"
head -n 2 "$top/tests/data/breast_cancer.csv" > mine.csv
$Z dataset prove-member bc mine.csv --out member.proof
$Z dataset check member.proof --cert bc.cert --authority hospital.pub
echo "   The proof reveals the subject's own record and, of the others, only VRF outputs."

step "6. A rights holder asks: was this (altered) record left out?"
awk -F, 'NR == 1 { print; next } NR == 2 { $1 = $1 + 0.01; print }' OFS=, \
    "$top/tests/data/breast_cancer.csv" > other.csv
$Z dataset prove-absent bc other.csv --out absent.proof
$Z dataset check absent.proof --cert bc.cert --authority hospital.pub

step "7. A tampered certificate is refused (exit 1)"
sed 's/"sig": *"\(.\)/"sig":"A\1/' bc.cert > bad.cert
if $Z dataset verify bad.cert --authority hospital.pub; then
    echo "demo: a tampered certificate was accepted" >&2; exit 1
fi

fm=/usr/share/datasets/fashion-mnist
if [ -r "$fm/train-images-idx3-ubyte.gz" ]; then
    step "8. Fashion-MNIST train (60,000 x 784 images, Debian package dataset-fashion-mnist)"
    t0=$(date +%s.%N)
    $Z dataset commit "$fm/train-images-idx3-ubyte.gz" --format idx \
        --labels "$fm/train-labels-idx1-ubyte.gz" --out fmnist
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "   committed in %.2f s\n", b - a }'
    $Z dataset certify fmnist.commit --key hospital.key --license MIT \
        --source "Fashion-MNIST (Zalando Research), Debian dataset-fashion-mnist" --out fmnist.cert
    $Z dataset verify fmnist.cert --authority hospital.pub --commit fmnist.commit >/dev/null &&
        echo "   fmnist.cert verified"
fi

if [ -r "$fm/t10k-images-idx3-ubyte.gz" ]; then
    step "9. A model provider commits to its model: a 784-128-10 MLP (seeded initialisation"
    echo "   until 'zkprov train' lands), with a multi-opening hiding commitment"
    cat > mlp.json <<JSON
{"format": "zkprov-train-config-v1", "model": {"layers": [784, 128, 10]},
 "loss": "softmax_cross_entropy", "batch_size": 64, "steps": 1,
 "optimizer": {"type": "sgd", "learning_rate": 0.05},
 "sampler_seed": "0000000000000000000000000000000000000000000000000000000000000002",
 "datasets": ["fmnist.cert"],
 "base_model": {"init": "seeded", "seed": "00000000000000000000000000000000000000000000000000000000000000a1"}}
JSON
    $Z model commit --config mlp.json --out model --openings 4

    step "10. A user sends a Fashion-MNIST test image; the answer comes with a proof"
    gzip -dc "$fm/t10k-images-idx3-ubyte.gz" | dd bs=1 skip=16 count=784 2>/dev/null |
        od -An -v -tu1 | tr -s ' \n' '\n\n' | awk 'NF { printf "%s%.6f", (n++ ? "," : ""), $1 / 255 } END { print "" }' > image.csv
    t0=$(date +%s.%N)
    $Z infer model --input image.csv --out answer.json
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "   proven in %.0f ms (whole command)\n", 1000 * (b - a) }'

    step "11. The user verifies the answer against the model commitment"
    $Z verify answer.json --model model.commit

    step "12. A changed answer is refused (exit 1)"
    sed 's/"opening":[[:space:]]*0/"opening": 1/' answer.json > forged.json
    if $Z verify forged.json --model model.commit; then
        echo "demo: a forged answer was accepted" >&2; exit 1
    fi
fi

step "13. A federated round between 5 hospitals, each with its own certified shard"
echo "   (examples/fl-hospitals: local training, range-proven signed updates, proven FedAvg)"
sh "$top/examples/fl-hospitals/run.sh" "$(cd "$top" && cd "$build" && pwd)" 2

step "14. The proof core's benchmarks (JSON lines; ZP_BENCH_ITERS=${ZP_BENCH_ITERS:-1})"
for f in field.mul ntt merkle.sha256 poseidon2.w12 pcs. sumcheck.prod2 matmul. train.step.plain cert.verify; do
    ZP_BENCH_ITERS=${ZP_BENCH_ITERS:-1} $B "$f"
done
echo
echo "demo: done"
