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
         cert_statement keys model_commit train_config fl_round fl_update fl_next \
         answer fl_train verify_files; do
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
# ---- proven answers: of the run (with its chain), of a bare model (a
# batch; a private input).  The proof is cut to its first 64 base64
# characters: the parser only decodes it, zp_infer_verify_model reads it,
# and whole proofs are megabytes ----
cut_proof() {
    python3 - "$1" "$2" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
s, n = re.subn(r'("proof":\s*")([A-Za-z0-9+/]{64})[A-Za-z0-9+/=]*"', r'\1\2"', s)
assert n == 1
open(sys.argv[2], 'w').write(s)
PY
}
sed -n 2p small.csv | cut -d, -f1-30 >in30.csv
z infer RUN/ --input in30.csv --out chain.json
cut_proof chain.json "$C/answer/seed_chain.json"
z model commit --config cfg.json --out M --openings 4
sed -n 2,4p small.csv | cut -d, -f1-30 >in30x3.csv
z infer M --batch in30x3.csv --out batch.json
cut_proof batch.json "$C/answer/seed_batch.json"
z infer M --input in30.csv --private-input --out priv.json
cut_proof priv.json "$C/answer/seed_private.json"
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
# ---- training-proof files: UPD.train of a trained update (its run and
# link proofs cut to 64 bytes: the framing parser does not look inside
# them), and a NEXT.train of it and an untrained update ----
cat >fcfg.json <<JSON
{"format": "zkprov-train-config-v1", "model": {"layers": [30, 4, 2]},
 "loss": "softmax_cross_entropy", "batch_size": 4, "steps": 1,
 "optimizer": {"type": "sgd", "learning_rate": 0.01},
 "sampler_seed": "0000000000000000000000000000000000000000000000000000000000000002",
 "datasets": ["shard.cert"],
 "base_model": {"init": "seeded", "seed": "0000000000000000000000000000000000000000000000000000000000000001"}}
JSON
head -n 21 "$SRC/tests/data/breast_cancer.csv" >s0.csv
z authority keygen fl0
z authority keygen fa0
echo "$T/fl0.pub" >fclients.txt
z dataset commit s0.csv --format csv --out s0
z dataset certify s0.commit --key fa0.key --license CC-BY-4.0 --source "shard 0" --out s0.cert
z fl init --global-config fcfg.json --clients fclients.txt --bound 4000000 --update-bits 20 --out fr0.bin
z fl update fr0.bin --key fl0.key --train fcfg.json --cert s0.cert --authority fa0.pub \
    --secret s0.secret --data s0.csv --out f0.upd
python3 - f0.upd.train "$C/fl_train/seed_upd.bin" "$C/fl_train/seed_set.bin" <<'PY'
import struct, sys
b = open(sys.argv[1], 'rb').read()
assert b[:8] == b'ZPFLTRN2'
o, out = 8, b'ZPFLTRN2'
for i in range(5):
    l, = struct.unpack_from('<Q', b, o)
    c = b[o + 8:o + 8 + l]
    if i >= 3: c = c[:64]
    out += struct.pack('<Q', len(c)) + c
    o += 8 + l
assert o == len(b)
open(sys.argv[2], 'wb').write(out)
s = b'ZPFLTRS1' + struct.pack('<I', 2) + struct.pack('<Q', len(out)) + out + struct.pack('<Q', 0)
open(sys.argv[3], 'wb').write(s)
PY
# verify_files: a mode byte, u32 length of file A, A, file B (tests/fuzz/fuzz_verify_files.c)
python3 - "$C" <<'PY'
import struct, sys
C = sys.argv[1] + '/'
def seed(name, mode, a, b):
    open(C + 'verify_files/seed_' + name, 'wb').write(bytes([mode]) + struct.pack('<I', len(a)) + a + b)
r = lambda p: open(C + p, 'rb').read()
seed('keys.bin', 0, b'# authorities\n/nonexistent.pub\n\n', b'')
seed('round.bin', 1, r('fl_next/seed_r1.bin'), r('fl_round/seed_r0.bin'))
seed('answer.bin', 2, r('answer/seed_chain.json'), r('model_commit/seed_final.json'))
seed('run.bin', 3, r('run/seed_run.bin'), r('train_config/seed_train.json'))
seed('cert.bin', 4, r('cert/seed_ds.bin'), r('keys/seed_pub.json'))
PY
ls -l "$C"/*/seed_* | awk '{ print $5, $NF }'
