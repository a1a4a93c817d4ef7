#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# A bounded fuzz run (60 s) from the seed corpus; any crash fails the stage.
# First: every planted defect (fuzz/plants, run by scripts/fuzz-plants.sh)
# still applies to the core, so the proof that the invariants catch it can
# always be re-run.
set -euo pipefail
cd "$(dirname "$0")/../.."
stale=0
for plant in fuzz/plants/*.patch; do
	patch -s --dry-run -p1 <"$plant" >/dev/null ||
		{ echo "fuzz: $plant no longer applies to the core: regenerate it" >&2; stale=1; }
done
[ $stale = 0 ] || exit 1
echo "fuzz: $(ls fuzz/plants/*.patch | wc -l) planted defects apply"
scripts/fuzz-build.sh
work=build/fuzz/corpus-work
mkdir -p "$work"
cd build/fuzz
./fuzz_mediator -max_total_time="${FFAMED_FUZZ_SECONDS:-60}" -max_len=2048 -timeout=10 \
	-print_final_stats=1 corpus-work ../../fuzz/corpus 2>&1 |
	grep -E '^#[0-9]+[[:space:]]+DONE|^stat::(number_of_executed_units|average_exec_per_sec|new_units_added)|ERROR|SUMMARY|crash-'
