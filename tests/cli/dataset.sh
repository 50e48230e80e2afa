#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The zkprov authors.
# CLI runs of `zkprov dataset commit | prove-member | prove-absent | check`:
# bad inputs (exit 2, one-line error naming the file, no output files),
# membership / non-membership round trips on the breast-cancer CSV,
# tampered proofs, proofs checked against another dataset's certificate,
# the opening budget (--openings K) and refusal of version 1 DS.commit files.
# Usage: sh dataset.sh path/to/zkprov
. "$(dirname "$0")/lib/harness.sh"
BC="$SRC/tests/data/breast_cancer.csv"
cd "$T" || exit 2
no_outputs() { [ ! -e "$1.commit" ] && [ ! -e "$1.secret" ] && ! ls "$1".*tmp* >/dev/null 2>&1; }

# bad DESCRIPTION WHERE ARGS...: commit must exit 2 with a one-line error
# containing WHERE and leave no output.
bad() {
    desc=$1; where=$2; shift 2
    rm -f bad.commit bad.secret
    run 2 dataset commit "$@" --out bad
    check "$desc: one-line error" one_line_err
    check "$desc: error names '$where'" err_has "$where"
    check "$desc: no output files" no_outputs bad
}

# ---- bad inputs ----
printf 'a,b,y\n1,2,0\n1,2\n' >ragged.csv
bad "ragged row" "ragged.csv:3: ragged row" ragged.csv --format csv
printf 'a,b,y\n1,2,0\n1,zz,0\n' >nonnum.csv
bad "non-numeric value" "nonnum.csv:3: column 'b'" nonnum.csv --format csv
printf 'a,b,y\n1,2,0\n1,1e12,0\n' >range.csv
bad "value out of range" "range.csv:3: column 'b'" range.csv --format csv
printf '{"type":"zkprov/dataset-schema","version":1,"format":"csv","columns":[{"name":"a","scale":4,"bound":100}],"label":{"name":"y","bound":1}}' >small.json
printf 'a,b,y\n1,2,0\n7,2,1\n' >scaled.csv
bad "value above the declared bound at its scale" "scaled.csv:3: column 'a'" scaled.csv --format csv --schema small.json
printf 'a,b,y\n' >header.csv
bad "empty dataset" "empty dataset" header.csv --format csv
: >empty.csv
bad "empty file" "empty.csv" empty.csv --format csv
: >empty.jsonl
bad "empty jsonl" "empty dataset" empty.jsonl --format jsonl
bad "unknown format" "unknown format" "$BC" --format parquet
bad "unreadable file" "missing.csv" missing.csv --format csv
mkdir adir
bad "directory" "adir" adir --format csv
# IDX: wrong magic, count mismatch, truncated.
printf '\000\000\010\003\000\000\000\002\000\000\000\002\000\000\000\002abcdefgh' >img.idx
printf '\000\000\010\001\000\000\000\002\001\002' >lab.idx
printf '\000\000\010\001\000\000\000\003\001\002\003' >lab3.idx
printf '\000\000\010\004\000\000\000\002\000\000\000\002\000\000\000\002abcdefgh' >magic.idx
printf '\000\000\010\003\000\000\000\002\000\000\000\002\000\000\000\002abcdef' >trunc.idx
bad "wrong IDX magic" "magic.idx: byte offset 0" magic.idx --format idx --labels lab.idx
bad "image/label count mismatch" "2 images but" img.idx --format idx --labels lab3.idx
bad "truncated IDX" "trunc.idx: byte offset 22: truncated" trunc.idx --format idx --labels lab.idx
bad "labels with image magic" "img.idx: byte offset 0: wrong IDX magic" img.idx --format idx --labels img.idx
run 2 dataset commit img.idx --format idx --out bad
check "idx without --labels: message" err_has "labels"
printf '[1,2]\n[3,-4]\n' >neg.jsonl
bad "negative token" "neg.jsonl:2: token 1" neg.jsonl --format jsonl
printf '{"type":"zkprov/dataset-schema"' >broken.json
bad "broken schema" "broken.json" "$BC" --format csv --schema broken.json

# ---- good IDX and JSONL commits ----
run 0 dataset commit img.idx --format idx --labels lab.idx --out tiny
check "idx commit line" out_has "2 records, width 5"
printf '[1,2,3]\n{"tokens":[4],"label":1}\n' >mixed.jsonl
bad "jsonl: label in some records only" "mixed.jsonl:1" mixed.jsonl --format jsonl
printf '{"tokens":[1,2,3],"label":0}\n{"tokens":[4],"label":1}\n' >tok.jsonl
run 0 dataset commit tok.jsonl --format jsonl --out tok
check "jsonl commit line" out_has "2 records, width 5"

# ---- commit breast cancer ----
run 0 dataset commit "$BC" --format csv --out bc
check "commit line" out_has "569 records, width 31, digest [0-9a-f]\{64\}"
check "DS.commit written" test -s bc.commit
check "DS.secret is mode 0600" sh -c '[ "$(stat -c %a bc.secret)" = 600 ]'
check "DS.commit type" grep -q '"type": "zkprov/dataset-commitment"' bc.commit
cp bc.commit bc.commit.orig
run 2 dataset commit "$BC" --format csv --out bc
check "no overwrite without --force" err_has "exists"
check "existing output untouched" cmp -s bc.commit bc.commit.orig
# Determinism: the same seed gives byte-identical outputs for any thread
# count, and a gzip-compressed input gives the same commitment.
SEED=0101010101010101010101010101010101010101010101010101010101010101
OMP_NUM_THREADS=1 "$ZKPROV" dataset commit "$BC" --format csv --seed $SEED --out s1 >/dev/null 2>&1
OMP_NUM_THREADS=2 "$ZKPROV" dataset commit "$BC" --format csv --seed $SEED --out s2 >/dev/null 2>&1
gzip -c "$BC" >bc.csv.gz
"$ZKPROV" dataset commit bc.csv.gz --format csv --seed $SEED --out s3 >/dev/null 2>&1
check "1 and 2 threads: same DS.commit" cmp -s s1.commit s2.commit
check "1 and 2 threads: same DS.secret" cmp -s s1.secret s2.secret
check "gzip input: same DS.commit" cmp -s s1.commit s3.commit
check "another seed: another DS.commit" sh -c '! cmp -s s1.commit bc.commit'
# A second, different dataset (the first 300 records).
head -n 301 "$BC" >bc300.csv
run 0 dataset commit bc300.csv --format csv --out other
check "default: 8 training runs" out_has "serves 8 training runs"
check "DS.commit records K" grep -q '"max_openings": 8' other.commit
check "DS.commit records the mask layout" grep -q '"mask_row": [0-9]*, "mask_log_rows": [0-9]*' other.commit

# ---- opening budget (--openings) ----
run 0 dataset commit bc300.csv --format csv --openings 2 --out k2
check "--openings 2: output line" out_has "serves 2 training runs"
check "--openings 2: DS.commit" grep -q '"max_openings": 2' k2.commit
for k in 0 65 x 3x; do
    run 2 dataset commit bc300.csv --format csv --openings $k --out kbad
    check "--openings $k: one-line error" one_line_err
    check "--openings $k: no output" no_outputs kbad
done

# ---- membership round trips ----
head -n 1 "$BC" >rec.csv; sed -n 42p "$BC" >>rec.csv
head -n 1 "$BC" >late.csv; sed -n 500p "$BC" >>late.csv
head -n 1 "$BC" >norec.csv; sed -n 42p "$BC" | sed 's/^[0-9.]*,/12.3456,/' >>norec.csv
run 0 dataset prove-member bc rec.csv --out member.proof
run 0 dataset check member.proof --commit bc.commit
check "member check line" out_has "^record IS in dataset [0-9a-f]\{64\}"
run 0 dataset prove-absent bc norec.csv --out absent.proof
run 0 dataset check absent.proof --commit bc.commit
check "absent check line" out_has "^record is NOT in dataset"
run 1 dataset prove-member bc norec.csv --out nope.proof
check "no membership proof for a record not in the dataset" test ! -e nope.proof
run 1 dataset prove-absent bc rec.csv --out nope.proof
check "no absence proof for a member" test ! -e nope.proof
run 2 dataset prove-member bc rec.csv --out member.proof
run 0 dataset prove-member bc rec.csv --out member.proof --force
head -n 1 "$BC" >bad_rec.csv; echo "1,2,3" >>bad_rec.csv
run 2 dataset prove-member bc bad_rec.csv --out bad_rec.proof
check "bad record: error names the line" err_has "bad_rec.csv:2: ragged row"
check "bad record: no proof file" test ! -e bad_rec.proof
run 2 dataset prove-member nosuch rec.csv --out nosuch.proof
check "missing DS: no proof file" test ! -e nosuch.proof
run 2 dataset prove-member bc "$BC" --out two.proof
check "a record file with many records is refused" err_has "exactly one"
# Against the other dataset: the record at line 500 is not among its 300.
run 0 dataset prove-absent other late.csv --out late_absent.proof
run 0 dataset check late_absent.proof --commit other.commit
run 1 dataset check member.proof --commit other.commit
check "wrong dataset: reject line" out_has "REJECTED"
# A version 1 DS.commit (no opening masks) is refused with its reason.
sed 's/"version": 2,/"version": 1,/' bc.commit >v1.commit
run 1 dataset check member.proof --commit v1.commit
check "version 1 DS.commit: one reject line naming the version" \
    sh -c "[ \$(wc -l <'$T/out') -eq 1 ] && grep -q 'REJECTED.*version 1 .*re-run' '$T/out'"

# ---- tampering: flip bytes in every section of the proof ----
size=$(stat -c %s member.proof)
for off in 0 9 13 17 40 100 200 290 310 400 700 770 1000 2000 $((size - 40)) $((size - 1)); do
    [ "$off" -lt "$size" ] || continue
    cp member.proof t.proof
    b=$(od -An -tu1 -j "$off" -N1 t.proof | tr -d ' ')
    printf "\\$(printf '%03o' $(((b + 1) % 256)))" | dd of=t.proof bs=1 seek="$off" count=1 conv=notrunc 2>/dev/null
    run 1 dataset check t.proof --commit bc.commit
done
# The same flips with the container digest recomputed, so that each
# section's own checks must catch them (statement, proof, dataset.commitment).
redigest() {
    python3 -c 'import hashlib,sys
p=sys.argv[1]; b=open(p,"rb").read()[:-32]; open(p,"wb").write(b+hashlib.sha256(b).digest())' "$1"
}
for off in 32 36 40 48 100 250 280 300 320 379 380 400 500 700 760 770 800 900 1200 1500 2000 2500 $((size - 60)) $((size - 34)); do
    [ "$off" -lt $((size - 32)) ] || continue
    cp member.proof t.proof
    b=$(od -An -tu1 -j "$off" -N1 t.proof | tr -d ' ')
    printf "\\$(printf '%03o' $((b ^ 1)))" | dd of=t.proof bs=1 seek="$off" count=1 conv=notrunc 2>/dev/null
    redigest t.proof
    run 1 dataset check t.proof --commit bc.commit
    check "flip at $off (re-digested): reject line" out_has "REJECTED"
done

# ---- certificates ----
run 0 authority keygen auth
run 0 dataset certify bc.commit --key auth.key --license BSD-3-Clause --source "scikit-learn" --out bc.cert
run 0 dataset certify other.commit --key auth.key --license BSD-3-Clause --source "scikit-learn" --out other.cert
run 0 dataset check member.proof --cert bc.cert --authority auth.pub
check "certified member line" out_has "^record IS in dataset .* (certified by authority [0-9a-f]\{64\}"
run 0 dataset check absent.proof --cert bc.cert --authority auth.pub
check "certified absent line" out_has "^record is NOT in dataset"
run 1 dataset check member.proof --cert other.cert --authority auth.pub
check "other dataset's certificate: reject" out_has "REJECTED"
run 0 authority keygen mallory
run 1 dataset check member.proof --cert bc.cert --authority mallory.pub
run 2 dataset check member.proof --cert bc.cert
run 2 dataset check member.proof --cert missing.cert --authority auth.pub

echo "dataset CLI: $n checks, $fails failures"
[ "$fails" = 0 ]
