#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# The side-by-side benchmark against its budget: fails when any path's
# instruction or SMC count, the core's .text or a state size grows past
# bench/budget.txt. Counts are deterministic, so the limits are exact.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/bench.sh
echo
# Each budget line "key max [max_smcs]" against results.txt's "key value".
awk '
FILENAME ~ /results.txt$/ { R[$1] = $2; next }
/^#/ || NF == 0 { next }
function check(key, max,    v) {
	if (!(key in R)) { printf "budget: %s not measured\n", key; bad++; return }
	v = R[key]
	if (v + 0 > max + 0) { printf "budget: %s = %d, over its budget of %d\n", key, v, max; bad++ }
	else if (v + 0 < max + 0) printf "budget: %s = %d, under %d: lower bench/budget.txt\n", key, v, max
	n++
}
{
	if ($1 ~ /\./) { check($1, $2); next }
	check($1 ".ir", $2)
	if (NF >= 3 && $3 != "-") check($1 ".smcs", $3)
}
END {
	printf "budget: %d figures checked, %d over\n", n, bad
	exit bad > 0
}' build/bench/results.txt bench/budget.txt
