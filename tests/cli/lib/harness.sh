# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The zkprov authors.
# Shared harness of the CLI golden runs (sourced by tests/cli/*.sh, which
# CMake runs as `sh FILE path/to/zkprov`).  Sets ZKPROV (absolute), SRC (the
# source tree), T (a temporary folder removed on exit) and the counters, and
# defines run / check and small predicates on the last run's output.
ZKPROV=${1:?usage: sh $0 path/to/zkprov}
case $ZKPROV in /*) ;; *) ZKPROV=$(pwd)/$ZKPROV ;; esac
SRC=${ZP_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d "${TMPDIR:-/tmp}/zp_cli_XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
fails=0
n=0

# run EXPECTED_EXIT ARGS...: runs zkprov, stdout to $T/out, stderr to $T/err.
run() {
    want=$1; shift
    n=$((n + 1))
    "$ZKPROV" "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" != "$want" ]; then
        echo "FAIL: zkprov $*: exit $got, expected $want"
        sed 's/^/  stdout: /' "$T/out"; sed 's/^/  stderr: /' "$T/err"
        fails=$((fails + 1))
    fi
}
# check DESCRIPTION COMMAND...: a shell condition that must hold.
check() {
    desc=$1; shift
    n=$((n + 1))
    if ! "$@"; then echo "FAIL: $desc"; fails=$((fails + 1)); fi
}
one_line_err() { [ "$(wc -l <"$T/err")" -eq 1 ]; }
empty_out() { [ ! -s "$T/out" ]; }
err_has() { grep -q -- "$1" "$T/err"; }
out_has() { grep -q -- "$1" "$T/out"; }
mode_of() { stat -c %a "$1" 2>/dev/null || stat -f %Lp "$1"; }
# finish NAME: prints the tally; the script's exit status is its result.
finish() {
    echo "$1: $n checks, $fails failures"
    [ "$fails" -eq 0 ]
}
