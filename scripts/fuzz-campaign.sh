#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# A long fuzz campaign: scripts/fuzz-campaign.sh [seconds, default 3600] [jobs].
# Prints executions, coverage (edges, features) and findings (crash files).
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:-3600}
jobs=${2:-$(nproc)}
scripts/fuzz-build.sh || exit 1
mkdir -p build/fuzz/campaign build/fuzz/findings
cd build/fuzz
./fuzz_mediator -max_total_time="$secs" -max_len=4096 -jobs="$jobs" -workers="$jobs" \
	-artifact_prefix=findings/ -print_final_stats=1 campaign ../../fuzz/corpus \
	>campaign.log 2>&1
grep -hE '^#[0-9]+[[:space:]]+DONE' fuzz-*.log campaign.log 2>/dev/null | tail -n "$jobs"
execs=$(grep -h 'stat::number_of_executed_units' fuzz-*.log campaign.log 2>/dev/null |
	awk '{s += $2} END {print s + 0}')
echo "executions: $execs"
echo "corpus: $(ls campaign | wc -l) units"
echo "findings: $(ls findings | wc -l)"
ls findings
