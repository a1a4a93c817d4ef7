#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# A long fuzz campaign: scripts/fuzz-campaign.sh [seconds, default 3600] [jobs].
# Prints executions (per job and in all), coverage (edges, features) and findings.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-3600}
jobs=${2:-$(nproc)}
scripts/fuzz-build.sh
mkdir -p build/fuzz/campaign build/fuzz/findings
cd build/fuzz
# Per-job logs of an earlier campaign would be counted with this one's.
rm -f fuzz-[0-9]*.log
# A finding ends a job with an error: report it below rather than stop here.
./fuzz_mediator -max_total_time="$secs" -max_len=4096 -timeout=10 -jobs="$jobs" -workers="$jobs" \
	-artifact_prefix=findings/ -print_final_stats=1 campaign ../../fuzz/corpus \
	>campaign.log 2>&1 || true
# libFuzzer writes each job's output to fuzz-N.log and, when the job ends,
# copies it into campaign.log too: count from the per-job logs only.
total=0
for log in fuzz-[0-9]*.log; do
	[ -e "$log" ] || continue
	n=$(grep -h 'stat::number_of_executed_units' "$log" | awk '{print $2}' | tail -n 1 || true)
	done_line=$(grep -hE '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 || true)
	echo "${log%.log}: ${n:-0} executions  ${done_line:-(no DONE line: crashed or stopped)}"
	total=$((total + ${n:-0}))
done
echo "executions: $total"
echo "corpus: $(find campaign -type f | wc -l) units"
echo "findings: $(find findings -type f | wc -l)"
find findings -type f
