#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The zkprov authors.
# CLI golden runs for authority keys and dataset certificates: keygen (mode
# 0600, no overwrite without --force), certify, verify (0), tampered copies,
# wrong key, expiry (1), usage and unreadable files (2), and the chain
# `dataset commit` -> `dataset certify` -> `dataset verify --commit`.
# Usage: sh cert.sh path/to/zkprov
. "$(dirname "$0")/lib/harness.sh"
CSV="$SRC/tests/data/breast_cancer.csv"
# poke FILE OFFSET CHAR: overwrites one byte.
poke() { printf '%s' "$3" | dd of="$1" bs=1 seek="$2" count=1 conv=notrunc 2>/dev/null; }
# offset of the first character of the JSON string value of member $2 in $1.
value_offset() {
    o=$(grep -bo "\"$2\":\"" "$1" | head -n 1 | cut -d: -f1)
    echo $((o + ${#2} + 4))
}
# rejected DESC ARGS...: zkprov must exit 1 with one stderr line, no stdout.
rejected() {
    desc=$1; shift
    run 1 "$@"
    check "$desc: one stderr line" one_line_err
    check "$desc: nothing on stdout" empty_out
}

cd "$T" || exit 2

# ---- keygen ----
run 0 authority keygen auth
check "keygen prints the key id" out_has "^key id [0-9a-f]\{64\}$"
check "auth.key is mode 0600" [ "$(mode_of auth.key)" = 600 ]
check "auth.pub exists" [ -s auth.pub ]
check "auth.pub is a public key file" grep -q '"type":"zkprov/ed25519-public-key","version":1' auth.pub
cp auth.key auth.key.orig
cp auth.pub auth.pub.orig
run 2 authority keygen auth
check "keygen refusal names --force" err_has "use --force"
check "refused keygen left auth.key alone" cmp -s auth.key auth.key.orig
check "refused keygen left auth.pub alone" cmp -s auth.pub auth.pub.orig
rm auth.pub
run 2 authority keygen auth
check "keygen refuses when only NAME.key exists" cmp -s auth.key auth.key.orig
cp auth.pub.orig auth.pub
run 0 authority keygen auth --force
check "--force replaced the key" sh -c '! cmp -s auth.key auth.key.orig'
check "replaced auth.key is mode 0600" [ "$(mode_of auth.key)" = 600 ]
check "no temporary files left" [ "$(ls | grep -c tmp)" = 0 ]
run 0 authority show auth.pub
check "show public" out_has "^public key, key id "
run 0 authority show auth.key --json
check "show secret --json" out_has '"kind":"secret"'
run 0 authority keygen other
run 2 authority keygen
run 2 authority frobnicate

# ---- the dataset commitment ----
run 0 dataset commit "$CSV" --format csv --out ds
check "ds.commit written" [ -s ds.commit ]
head -n 60 "$CSV" >small.csv
run 0 dataset commit small.csv --format csv --out small

# ---- certify ----
run 0 dataset certify ds.commit --key auth.key --license CC-BY-4.0 \
    --source "UCI ML repository (WDBC)" --attr consent=research --attr irb=IRB-2026-17 \
    --expires 2099-01-01 --out ds.cert
check "certify summary" out_has "569 records, license CC-BY-4.0"
check "certificate is a DSSE envelope" grep -q '^{"payloadType":"application/vnd.in-toto+json","payload":"' ds.cert
cp ds.cert ds.cert.orig
run 2 dataset certify ds.commit --key auth.key --license MIT --source x --out ds.cert
check "certify refusal names --force" err_has "use --force"
check "refused certify left ds.cert alone" cmp -s ds.cert ds.cert.orig
run 0 dataset certify ds.commit --key auth.key --license MIT --source x --out ds.cert --force
check "--force replaced the certificate" sh -c '! cmp -s ds.cert ds.cert.orig'
cp ds.cert.orig ds.cert
run 2 dataset certify ds.commit --key auth.key --license "MIT/X11" --source x --out bad.cert
run 2 dataset certify ds.commit --key auth.key --license MIT --source x --attr a=1 --attr a=2 --out bad.cert
check "duplicate attribute named" err_has "duplicate attribute"
run 2 dataset certify ds.commit --key auth.key --license MIT --source x --attr =1 --out bad.cert
run 2 dataset certify ds.commit --key auth.key --license MIT --source x --expires 2001-01-01 --out bad.cert
check "past expiry named" err_has "not in the future"
run 2 dataset certify ds.commit --key auth.key --license MIT --source x --expires 2099-02-30 --out bad.cert
run 2 dataset certify ds.commit --key auth.pub --license MIT --source x --out bad.cert
run 2 dataset certify ds.commit --key missing.key --license MIT --source x --out bad.cert
run 2 dataset certify ds.commit --key auth.key --license MIT --out bad.cert
check "no certificate written by failed runs" [ ! -e bad.cert ]
run 0 dataset certify small.commit --key auth.key --license MIT --source small --expires 2030-06-01T12:00:00Z --out small.cert

# ---- verify: accept ----
run 0 dataset verify ds.cert --authority auth.pub
check "summary: valid" out_has "ds.cert: valid"
check "summary: records" out_has "^records  *569$"
check "summary: license" out_has "^license  *CC-BY-4.0$"
check "summary: attribute" out_has "^attribute  *irb = IRB-2026-17$"
check "summary: expiry" out_has "^expires  *2099-01-01T00:00:00Z$"
run 0 dataset verify ds.cert --authority auth.pub --json --commit ds.commit
check "json: valid" out_has '^{"valid":true,'
check "json: records" out_has '"records":569,'
check "json: commit checked" out_has '"commit_checked":true}$'
run 0 dataset verify small.cert --authority auth.pub --at 2030-06-01T11:59:59Z

# ---- verify: reject (exit 1, one line) ----
rejected "wrong key" dataset verify ds.cert --authority other.pub
check "wrong key named" err_has "wrong authority key"
rejected "expired" dataset verify small.cert --authority auth.pub --at 2030-06-01T12:00:00Z
check "expiry named" err_has "expired"
rejected "other commitment" dataset verify ds.cert --authority auth.pub --commit small.commit
check "commitment mismatch named" err_has "digest differs"
for f in payload sig; do
    off=$(value_offset ds.cert $f)
    end=$(($(grep -o "\"$f\":\"[^\"]*\"" ds.cert | head -n 1 | wc -c) - ${#f} - 6 + off))
    step=1
    [ $f = payload ] && step=23
    i=$off
    while [ $i -lt $end ]; do
        cp ds.cert.orig t.cert
        c=$(dd if=t.cert bs=1 skip=$i count=1 2>/dev/null)
        r=A; [ "$c" = A ] && r=B
        poke t.cert $i $r
        rejected "$f byte $i changed" dataset verify t.cert --authority auth.pub
        i=$((i + step))
    done
done
cp ds.cert.orig t.cert
off=$(value_offset ds.cert keyid)
poke t.cert $off x
rejected "keyid changed" dataset verify t.cert --authority auth.pub
sed 's#application/vnd.in-toto+json#application/json#' ds.cert.orig >t.cert
rejected "payloadType changed" dataset verify t.cert --authority auth.pub
head -c 200 ds.cert.orig >t.cert
rejected "truncated" dataset verify t.cert --authority auth.pub
printf '{}' >t.cert
rejected "empty object" dataset verify t.cert --authority auth.pub
printf 'not json\n' >t.cert
rejected "not JSON" dataset verify t.cert --authority auth.pub
sed 's/"signatures":\[.*\]/"signatures":[]/' ds.cert.orig >t.cert
rejected "no signatures" dataset verify t.cert --authority auth.pub

# ---- verify: usage and unreadable files (exit 2) ----
run 2 dataset verify missing.cert --authority auth.pub
run 2 dataset verify ds.cert --authority missing.pub
run 2 dataset verify ds.cert --authority auth.key
run 2 dataset verify ds.cert
run 2 dataset verify ds.cert --authority auth.pub --at yesterday
run 2 dataset verify ds.cert --authority auth.pub --commit missing.commit
run 2 dataset verify ds.cert --authority auth.pub --bogus

echo "cert.sh: $n checks, $fails failures"
[ $fails = 0 ]
