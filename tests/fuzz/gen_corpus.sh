#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The zkprov authors.
# Regenerates the seed corpora tests/fuzz/corpus/<target>/seed_* with the CLI
# (valid files only; regression inputs found by fuzzing are named crash_*
# and are kept).  Needs jq, base64, head and python3.  Usage:
#   sh tests/fuzz/gen_corpus.sh path/to/zkprov
set -e
ZKPROV=${1:?usage: sh $0 path/to/zkprov}
case $ZKPROV in /*) ;; *) ZKPROV=$(pwd)/$ZKPROV ;; esac
SRC=$(cd "$(dirname "$0")/../.." && pwd)
C=$SRC/tests/fuzz/corpus
T=$(mktemp -d "${TMPDIR:-/tmp}/zp_fuzzgen_XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T"
z() { "$ZKPROV" "$@" >/dev/null; }
for d in csv idx jsonl schema safetensors proof_file run dataset_commit cert \
         cert_statement keys model_commit train_config fl_round fl_update fl_next; do
    mkdir -p "$C/$d"
    rm -f "$C/$d"/seed_*
done
b64d() { jq -r "$1" "$2" | base64 -d; }

# ---- dataset inputs (CSV, IDX, JSONL) and schemas ----
head -n 6 "$SRC/tests/data/breast_cancer.csv" >small.csv
cp small.csv "$C/csv/seed_breast6.csv"
printf 'a,b,label\n1,-2.5,0\n3e2,0.125,1\n' >"$C/csv/seed_tiny.csv"
printf '"x",y,label\n"1",2,3\n' >"$C/csv/seed_quoted.csv"
# IDX target input: u16 big-endian length of the image file, image file, label file
printf '\000\030\000\000\010\003\000\000\000\002\000\000\000\002\000\000\000\002abcdefgh\000\000\010\001\000\000\000\002\001\002' \
    >"$C/idx/seed_2x2.bin"
printf '\000\025\000\000\010\003\000\000\000\001\000\000\000\001\000\000\000\005abcde\000\000\010\001\000\000\000\001\007' \
    >"$C/idx/seed_1x5.bin"
printf '{"tokens":[1,2,3],"label":0}\n{"tokens":[4],"label":1}\n' >"$C/jsonl/seed_labels.jsonl"
printf '[1,2]\n[3]\n[4,5,6,7]\n' >"$C/jsonl/seed_arrays.jsonl"
z dataset commit small.csv --format csv --out ds
cp ds.commit "$C/dataset_commit/seed_csv.json"
jq -c .schema ds.commit >"$C/schema/seed_csv.json"
printf '{"tokens":[1,2,3],"label":0}\n{"tokens":[4],"label":1}\n' >tok.jsonl
z dataset commit tok.jsonl --format jsonl --out tok
cp tok.commit "$C/dataset_commit/seed_jsonl.json"
jq -c .schema tok.commit >"$C/schema/seed_jsonl.json"

# ---- dataset membership proof (proof container) ----
sed -n '1p;3p' small.csv >rec.csv
z dataset prove-member ds rec.csv --out member.proof
cp member.proof "$C/proof_file/seed_member.bin"
z proof example ex.proof
cp ex.proof "$C/proof_file/seed_example.bin"

# ---- keys, certificates ----
z authority keygen auth
cp auth.pub "$C/keys/seed_pub.json"
cat auth.key >"$C/keys/seed_key.json"
z dataset certify ds.commit --key auth.key --license CC-BY-4.0 --source "UCI WDBC" --out ds.cert
z dataset certify tok.commit --key auth.key --license MIT --source "tokens" --out tok.cert
for c in ds tok; do
    { b64d .public_key auth.pub; cat "$c.cert"; } >"$C/cert/seed_$c.bin"
    # statement target input: 32-byte Ed25519 seed, then the payload
    { b64d .secret_key auth.key | head -c 32; b64d .payload "$c.cert"; } \
        >"$C/cert_statement/seed_$c.bin"
done

# ---- training config, run file, model commitment, safetensors ----
cat >cfg.json <<JSON
{"format": "zkprov-train-config-v1", "model": {"layers": [30, 2]},
 "loss": "softmax_cross_entropy", "batch_size": 2, "steps": 1,
 "optimizer": {"type": "sgd", "learning_rate": 0.01},
 "sampler_seed": "0000000000000000000000000000000000000000000000000000000000000002",
 "datasets": ["ds.cert"],
 "base_model": {"init": "seeded", "seed": "0000000000000000000000000000000000000000000000000000000000000001"}}
JSON
cp cfg.json "$C/train_config/seed_train.json"
z train --config cfg.json --cert ds.cert --authority auth.pub --secret ds.secret \
    --data small.csv --format csv --out RUN
# the header target reads up to C_T: keep the file to there (step proofs
# are megabytes)
python3 - RUN/run.proof "$C/run/seed_run.bin" <<'PY'
import struct, sys
b = open(sys.argv[1], 'rb').read()
ver, = struct.unpack_from('<I', b, 8)
nd, = struct.unpack_from('<I', b, 44)
o = 48 + 32 * nd + 8 + 4
T, = struct.unpack_from('<Q', b, o)
o += 8 + (4 if ver == 3 else 0)
for t in range(T + 1):
    l, = struct.unpack_from('<I', b, o)
    o += 4 + l
open(sys.argv[2], 'wb').write(b[:o])
PY
cp RUN/model.commit "$C/model_commit/seed_final.json"
cp RUN/model.safetensors "$C/safetensors/seed_model.safetensors"
cp RUN/config.json "$C/train_config/seed_saved.json"

# ---- federated round files ----
: >clients.txt
for h in a b; do z authority keygen "h$h"; echo "$T/h$h.pub" >>clients.txt; done
awk 'BEGIN { for (i = 0; i < 256; i++) printf "%d\n", (i * 37) % 201 - 100 }' >g.txt
awk 'BEGIN { for (i = 0; i < 256; i++) printf "%d\n", (i * 7) % 21 - 10 }' >ua.txt
awk 'BEGIN { for (i = 0; i < 256; i++) printf "%d\n", (i * 5) % 31 - 15 }' >ub.txt
z fl init --global g.txt --clients clients.txt --bound 400 --update-bits 8 --out r0.bin
z fl update r0.bin --key ha.key --update ua.txt --samples 120 --out a.upd
z fl update r0.bin --key hb.key --update ub.txt --samples 80 --out b.upd
z fl aggregate r0.bin a.upd b.upd --prove --out r1.agg --allow-untrained
cp r0.bin "$C/fl_round/seed_r0.bin"
head -c 264 a.upd >"$C/fl_update/seed_a.bin"
# NEXT without the copied range proofs (length 0 is valid) and with the
# aggregation proof cut to 64 bytes: the decoder does not look inside it
python3 - r1.agg "$C/fl_next/seed_r1.bin" <<'PY'
import struct, sys
b = open(sys.argv[1], 'rb').read()
rl, = struct.unpack_from('<Q', b, 8)
o = 16 + rl
n, = struct.unpack_from('<I', b, o)
out = b[:o + 4 + 256 * n]
o += 4 + 256 * n
for i in range(n):
    l, = struct.unpack_from('<Q', b, o)
    o += 8 + l
    out += struct.pack('<Q', 0)
out += b[o:o + n + 32]
o += n + 32
pl, = struct.unpack_from('<Q', b, o)
out += struct.pack('<Q', 64) + b[o + 8:o + 8 + 64]
open(sys.argv[2], 'wb').write(out)
PY
ls -l "$C"/*/seed_* | awk '{ print $5, $NF }'
