#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# make demo: the main job end to end, as far as it exists.  Until the
# provenance layer lands, it shows the tool and runs the benchmarks of the
# cryptographic core.
set -e
build=${1:-build}
bin=$build/bin
echo "== zkprov demo =="
$bin/zkprov version
echo
echo "== benchmarks of the proof core (JSON lines; medians of ZP_BENCH_ITERS runs) =="
ZP_BENCH_ITERS=${ZP_BENCH_ITERS:-3} $bin/zkprov-bench
