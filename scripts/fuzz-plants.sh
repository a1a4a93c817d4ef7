#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Show the fuzzer's invariants catch real defects: apply each fuzz/plants/*.patch
# (or those named) to a copy of the core, build the harness on it and fuzz as the
# test stage does (FFAMED_FUZZ_SECONDS, default 60, from the seed corpus only).
# Prints, per plant: found or not, seconds and executions to the crash, the invariant.
# scripts/fuzz-plants.sh [name...]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
secs=${FFAMED_FUZZ_SECONDS:-60}
out=$root/build/fuzz-plants
mkdir -p "$out"
if [ $# -gt 0 ]; then
	names=("$@")
else
	names=()
	for p in fuzz/plants/*.patch; do names+=("$(basename "$p" .patch)"); done
fi
missed=0
for name in "${names[@]}"; do
	dir=$out/$name
	rm -rf "$dir"
	mkdir -p "$dir/work"
	# A private copy, so the working tree is never left with a defect in it.
	cp -r include libffamed fuzz tests "$dir/"
	if ! patch -s -d "$dir" -p1 <"fuzz/plants/$name.patch"; then
		echo "$name: does not apply to this core: regenerate it" >&2
		missed=$((missed + 1))
		continue
	fi
	clang -g -O1 -std=c11 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -DFFAMED_MAX_SP_PENDING=20 \
		-w -I"$dir/include" -I"$dir/libffamed" -I"$dir/tests/support" \
		"$dir/fuzz/fuzz_mediator.c" "$dir/tests/support/spmc_model.c" \
		"$dir/tests/support/fake_host.c" "$dir"/libffamed/*.c -lpthread -o "$dir/fuzz_mediator"
	start=$(date +%s.%N)
	# A crash is the expected outcome here: do not let it stop the loop.
	(cd "$dir" && ./fuzz_mediator -max_total_time="$secs" -max_len=2048 -timeout=10 -print_final_stats=1 \
		-artifact_prefix="$dir/" work "$root/fuzz/corpus" >log 2>&1) || true
	end=$(date +%s.%N)
	execs=$(grep -h 'stat::number_of_executed_units' "$dir/log" | awk '{print $2}' | tail -1 || true)
	edges=$(grep -oE 'cov: [0-9]+' "$dir/log" | tail -1 | awk '{print $2}' || true)
	why=$(grep -h 'invariant broken' "$dir/log" | head -1 | sed 's/.*invariant broken: //' || true)
	if [ -n "$why" ] || grep -q 'ERROR: ' "$dir/log"; then
		[ -n "$why" ] || why=$(grep -h 'ERROR: ' "$dir/log" | head -1)
		printf '%-22s FOUND  %6.1f s %8s execs  %s\n' "$name" \
			"$(echo "$end - $start" | bc)" "${execs:-?}" "$why"
	else
		printf '%-22s missed %6.1f s %8s execs  (%s edges)\n' "$name" \
			"$(echo "$end - $start" | bc)" "${execs:-?}" "${edges:-?}"
		missed=$((missed + 1))
	fi
done
[ "$missed" -eq 0 ]
