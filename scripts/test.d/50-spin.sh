#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Model-check the pending protocol and VM lifetime (verify/pending.pml) with spin:
# no errors on the model of the code, and a counter-example for each planted
# defect (docs/model.md), so that the model keeps its teeth.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p build/spin
cp verify/pending.pml build/spin/
cd build/spin
rm -f ./*.trail

# pan: spin's verifier for the model with -D options; COLLAPSE keeps memory
# near 300 MB for the clean run's few million states.
verify() {
	local name=$1
	shift
	spin -a "$@" pending.pml >/dev/null
	gcc -O2 -DSAFETY -DCOLLAPSE -o "pan-$name" pan.c
	"./pan-$name" -m100000 >"pan-$name.out" 2>&1 || true
}

verify model
grep -E 'errors:|states, stored' pan-model.out
grep -q 'errors: 0' pan-model.out

for plant in PLANT_RAISE_AFTER_UNLOCK PLANT_NO_UNBIND PLANT_INIT_TAKEOVER PLANT_RECLAIM_FORGETS; do
	verify "$plant" "-D$plant"
	if grep -q 'errors: 0' "pan-$plant.out"; then
		echo "spin: planted $plant was not found" >&2
		exit 1
	fi
	echo "planted $plant: found ($(grep -m1 -o 'assertion violated.*' "pan-$plant.out"))"
done
