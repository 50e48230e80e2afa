#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The zkprov authors.
# CLI golden runs for federated rounds: keygen for three hospitals, fl init,
# fl update (0600 secret update files), fl aggregate --prove, fl verify (0),
# an over-bound update excluded, a tampered aggregate, a tampered client
# range proof, an out-of-range update, the wrong previous round and an
# outsider's key (1), usage errors (2).
# Usage: sh fl.sh path/to/zkprov
. "$(dirname "$0")/lib/harness.sh"

cd "$T" || exit 2
: >clients.txt
for h in a b c; do
    run 0 authority keygen "h$h"
    echo "$T/h$h.pub" >>clients.txt
done
run 0 authority keygen outsider
# global model of 256 parameters, updates of small integers
awk 'BEGIN { for (i = 0; i < 256; i++) printf "%d\n", (i * 37) % 201 - 100 }' >g.txt
awk 'BEGIN { for (i = 0; i < 256; i++) printf "%d\n", (i * 7) % 21 - 10 }' >ua.txt
awk 'BEGIN { for (i = 0; i < 256; i++) printf "%d\n", (i * 5) % 31 - 15 }' >ub.txt
awk 'BEGIN { for (i = 0; i < 256; i++) printf "%d\n", (i * 3) % 201 - 100 }' >uc.txt

run 0 fl init --global g.txt --clients clients.txt --bound 400 --update-bits 8 --out r0.bin
run 2 fl init --global g.txt --clients clients.txt --out r1.bin
run 0 fl update r0.bin --key ha.key --update ua.txt --samples 120 --out a.upd
run 0 fl update r0.bin --key hb.key --update ub.txt --samples 80 --out b.upd
run 0 fl update r0.bin --key hc.key --update uc.txt --samples 50 --out c.upd
# the digest-only hook of earlier versions is gone: a training proof is a
# real one (tests/cli/fl_train.sh)
run 2 fl update r0.bin --key hc.key --update uc.txt --samples 50 --out c2.upd \
    --train-proof 0000000000000000000000000000000000000000000000000000000000000001
run 1 fl update r0.bin --key outsider.key --update ua.txt --samples 10 --out o.upd
# update_bits 8: entries in [-128, 128); 128 is refused by the honest client
awk 'BEGIN { for (i = 0; i < 256; i++) printf "%d\n", (i == 9) ? 128 : 0 }' >ux.txt
run 2 fl update r0.bin --key ha.key --update ux.txt --samples 10 --out x.upd
# a client range proof (the end of the update file) altered: the
# aggregator rejects the update before using it
cp a.upd at.upd
usize=$(wc -c <at.upd)
printf '\001' | dd of=at.upd bs=1 seek=$((usize - 40)) conv=notrunc 2>/dev/null
run 1 fl aggregate r0.bin at.upd b.upd --prove --out rt.agg --allow-untrained
n=$((n + 1))
if ! grep -q "range proof" "$T/err"; then echo "FAIL: no range-proof message"; fails=$((fails + 1)); fi
n=$((n + 1))
mode=$(stat -c %a a.upd 2>/dev/null || stat -f %Lp a.upd)
if [ "$mode" != 600 ]; then echo "FAIL: a.upd mode $mode"; fails=$((fails + 1)); fi

run 0 fl aggregate r0.bin a.upd b.upd c.upd --prove --out r1.agg --allow-untrained
n=$((n + 1))
if ! grep -q "excluded: client 2" "$T/out"; then echo "FAIL: client 2 not excluded"; fails=$((fails + 1)); fi
run 0 fl verify r1.agg --prev r0.bin --skip-range-proofs --allow-untrained
if ! grep -q "NOT re-checked" "$T/out"; then echo "FAIL: round verify did not say range proofs were skipped"; fails=$((fails + 1)); fi
run 0 fl verify r1.agg --prev r0.bin --allow-untrained
if ! grep -q "range proofs: re-checked" "$T/out"; then echo "FAIL: default verify did not re-check range proofs"; fails=$((fails + 1)); fi
# a round of updates without training proofs is refused unless allowed
run 1 fl verify r1.agg --prev r0.bin
n=$((n + 1))
if ! grep -q "REJECTED: .*no training proof" "$T/err"; then echo "FAIL: untrained round not rejected by name"; fails=$((fails + 1)); fi
run 1 fl aggregate r0.bin a.upd b.upd --prove --out r1u.agg
n=$((n + 1))
if [ -e r1u.agg ]; then echo "FAIL: r1u.agg written for untrained updates"; fails=$((fails + 1)); fi
if ! grep -q "no training proof" "$T/err"; then echo "FAIL: untrained update not refused by name"; fails=$((fails + 1)); fi
run 2 fl aggregate r0.bin a.upd --out r1x.agg --allow-untrained
run 2 fl verify r1.agg --allow-untrained

# tampered aggregate: flip one byte near the end (a client opening)
size=$(wc -c <r1.agg)
cp r1.agg bad.agg
printf '\001' | dd of=bad.agg bs=1 seek=$((size - 100)) conv=notrunc 2>/dev/null
run 1 fl verify bad.agg --prev r0.bin --allow-untrained

# the next round: aggregate r1 (the NEXT file is not a ROUND file; the
# wrong previous round is rejected)
run 0 fl init --global ua.txt --clients clients.txt --bound 400 --update-bits 8 --out other.bin
run 1 fl verify r1.agg --prev other.bin --allow-untrained

# round 2 chains on the NEXT file
run 0 fl update r1.agg --key ha.key --update ub.txt --samples 30 --out a2.upd
run 0 fl update r1.agg --key hb.key --update ua.txt --samples 40 --out b2.upd
run 0 fl aggregate r1.agg a2.upd b2.upd --prove --out r2.agg --allow-untrained
run 0 fl verify r2.agg --prev r1.agg --allow-untrained
run 1 fl verify r2.agg --prev r0.bin --allow-untrained
# an update of round 1 does not enter round 2
run 1 fl aggregate r1.agg a.upd b2.upd --prove --out r2x.agg --allow-untrained

# small models (16 and 64 parameters): the aggregation layout then places
# its g mask before v; these rounds used to fail with "internal error"
for P in 16 64; do
    awk -v P=$P 'BEGIN { for (i = 0; i < P; i++) printf "%d\n", (i * 37) % 201 - 100 }' >gs.txt
    awk -v P=$P 'BEGIN { for (i = 0; i < P; i++) printf "%d\n", (i * 7) % 21 - 10 }' >us.txt
    run 0 fl init --global gs.txt --clients clients.txt --bound 400 --update-bits 8 --out rs$P.bin
    run 0 fl update rs$P.bin --key ha.key --update us.txt --samples 10 --out as$P.upd
    run 0 fl update rs$P.bin --key hb.key --update us.txt --samples 20 --out bs$P.upd
    run 0 fl aggregate rs$P.bin as$P.upd bs$P.upd --prove --out ns$P.agg --allow-untrained
    run 0 fl verify ns$P.agg --prev rs$P.bin --allow-untrained
    run 1 fl verify ns$P.agg --prev r0.bin --allow-untrained
done

finish fl.sh
