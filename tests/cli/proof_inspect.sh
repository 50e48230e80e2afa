#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The zkprov authors.
# CLI golden runs: version, help, unknown commands, `proof example` and
# `proof inspect` on good and corrupted files (exit codes 0/1/2).
# Usage: sh proof_inspect.sh path/to/zkprov
. "$(dirname "$0")/lib/harness.sh"
# poke FILE OFFSET OCTAL: overwrites one byte.
poke() { printf "\\$3" | dd of="$1" bs=1 seek="$2" count=1 conv=notrunc 2>/dev/null; }

# ---- version, help, unknown commands ----
run 0 version
check "version line" out_has "^zkprov [0-9]*\.[0-9]*\.[0-9]* (ABI [0-9]*, proof format 1"
run 0 version --json
check "version json" out_has '"proof_format":1'
run 0 help
check "help lists proof inspect" out_has "proof inspect FILE"
check "help hides the developer command" sh -c "! grep -q example '$T/out'"
run 2
run 2 frobnicate
check "unknown command: one line" one_line_err
check "unknown command named" err_has "frobnicate"
run 2 proof
run 2 proof frobnicate
check "unknown proof verb: one line" one_line_err

# ---- a valid file ----
P=$T/good.zkp
run 0 proof example "$P"
check "example wrote a file" test -s "$P"
check "only the output in the directory" [ "$(ls -A "$T" | grep -c '\.zkp')" -eq 1 ]
cp "$P" "$T/orig"
run 0 proof inspect "$P"
check "inspect: statement type" out_has "statement type  2 (sumcheck)"
check "inspect: version" out_has "format version  1"
check "inspect: 3 sections" out_has "sections        3"
check "inspect: statement section" out_has "0x0001  statement .* 16 bytes"
check "inspect: commitment section" out_has "0x0003  pcs.commitment .* 32 bytes"
check "inspect: size" out_has "size            $(wc -c <"$P" | tr -d ' ') bytes"
check "inspect: silent stderr" [ ! -s "$T/err" ]
run 0 proof inspect --json "$P"
check "json: one line" [ "$(wc -l <"$T/out")" -eq 1 ]
check "json: statement" out_has '"statement_type":2,"statement":"sumcheck"'
check "json: sections" out_has '"sections":\[{"tag":1,"name":"statement","offset":32,"length":16},{"tag":2,"name":"proof"'
check "inspect leaves the file alone" cmp -s "$P" "$T/orig"

# ---- no overwrite without --force, no temp files ----
run 2 proof example "$P"
check "refusal: one line" one_line_err
check "refusal says why" err_has "exists"
check "refusal keeps the file" cmp -s "$P" "$T/orig"
run 0 proof example "$P" --force
check "force rewrites the same bytes" cmp -s "$P" "$T/orig"
check "no temporary files left" [ "$(ls -A "$T" | grep -c tmp)" -eq 0 ]
run 2 proof example "$T/no/such/dir/x.zkp"
check "bad output dir: one line" one_line_err

# ---- malformed files: exit 1, one line on stderr naming file and reason ----
malformed() { # NAME REASON
    run 1 proof inspect "$T/$1"
    check "$1: one line" one_line_err
    check "$1: names the file" err_has "$T/$1"
    check "$1: reason '$2'" err_has "$2"
    check "$1: nothing on stdout" empty_out
}
cp "$P" "$T/flip.zkp";    poke "$T/flip.zkp" 40 377;     malformed flip.zkp "digest mismatch"
head -c 100 "$P" >"$T/trunc.zkp";                       malformed trunc.zkp "truncated"
cp "$P" "$T/trail.zkp";   printf 'x' >>"$T/trail.zkp";   malformed trail.zkp "unexpected bytes"
cp "$P" "$T/magic.zkp";   poke "$T/magic.zkp" 0 131;     malformed magic.zkp "bad magic"
cp "$P" "$T/future.zkp";  poke "$T/future.zkp" 8 002;    malformed future.zkp "version 2 is not supported"
cp "$P" "$T/stmt.zkp";    poke "$T/stmt.zkp" 12 077;     malformed stmt.zkp "unknown statement type 63"
cp "$P" "$T/count.zkp";   poke "$T/count.zkp" 17 377;    malformed count.zkp "section count"
: >"$T/empty.zkp";                                      malformed empty.zkp "truncated"

# ---- usage and I/O errors: exit 2 ----
run 2 proof inspect
run 2 proof inspect "$P" "$P"
run 2 proof inspect --frobnicate "$P"
run 2 proof inspect "$T/missing.zkp"
check "missing: one line" one_line_err
check "missing: names the file" err_has "$T/missing.zkp"
run 2 proof inspect "$T"

echo "$n checks, $fails failures"
[ "$fails" -eq 0 ]
