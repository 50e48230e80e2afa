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
fi

step "9. The proof core's benchmarks (JSON lines; ZP_BENCH_ITERS=${ZP_BENCH_ITERS:-1})"
for f in field.mul ntt merkle.sha256 poseidon2.w12 pcs. sumcheck.prod2 matmul. train.step.plain cert.verify; do
    ZP_BENCH_ITERS=${ZP_BENCH_ITERS:-1} $B "$f"
done
echo
echo "demo: done"
