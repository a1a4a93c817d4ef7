#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Run Hafnium hftest guests under qemu-system-aarch64 without Hafnium's
# hftest.py (its driver imports a Python package Debian lacks). Same machine
# and pass rule as that driver: a test passes when its log has a
# "[hftest] FINISHED" line and no "[hftest] Failure:" line.
#   scripts/hafnium/hftest.sh HAFNIUM.BIN INITRD.IMG [REGEX] [LOGDIR]
# REGEX filters "suite.test" names (default: all). Tests marked skip_test
# are skipped. Prints one line per test and "hftest: N passed, N failed,
# N skipped"; exits non-zero if any test failed or none ran.
set -euo pipefail
hv=$1 initrd=$2 filter=${3:-.} logdir=${4:-}
[ -n "$logdir" ] || logdir=$(mktemp -d)
mkdir -p "$logdir"
py=/usr/bin/python3	# Debian's: only its stdlib json is needed

qemu() {	# $1: timeout, $2: -append string
	timeout --foreground "$1" qemu-system-aarch64 -no-reboot \
		-machine virt-6.2,virtualization=on,gic-version=3 \
		-cpu max,pauth-impdef=true -smp 8 -m 1G \
		-nographic -nodefaults -serial stdio -d unimp \
		-kernel "$hv" -initrd "$initrd" -append "$2" </dev/null 2>&1 || true
}

qemu 30s json >"$logdir/json.log"
# The JSON list comes out with a "[vm vcpu] [hftest] " prefix on each line.
tests=$("$py" - "$logdir/json.log" "$filter" <<'PY'
import json, re, sys
text = open(sys.argv[1], errors="replace").read()
if "[hftest_ctrl:json_start]" not in text:
    sys.exit("no test list in json.log")
body = text.split("[hftest_ctrl:json_start]", 1)[1].split("[hftest_ctrl:json_end]", 1)[0]
lines = [re.sub(r"^.*?\[hftest\] ?", "", l) for l in body.splitlines() if "[hftest]" in l]
for suite in json.loads("\n".join(lines))["suites"]:
    for t in suite["tests"]:
        name = suite["name"] + "." + t["name"]
        if re.search(sys.argv[2], name):
            print(suite["name"], t["name"], int(t["skip_test"]), int(t["is_long_running"]))
PY
)
pass=0 fail=0 skip=0
while read -r suite test skipped long; do
	[ -n "${suite:-}" ] || continue
	if [ "$skipped" = 1 ]; then
		skip=$((skip + 1)); echo "SKIP $suite.$test"; continue
	fi
	log="$logdir/$suite.$test.log"
	limit=30s; [ "$long" = 1 ] && limit=120s
	qemu "$limit" "run $suite $test" >"$log"
	if grep -q '\[hftest\] FINISHED' "$log" && ! grep -q '\[hftest\] Failure:' "$log"; then
		pass=$((pass + 1)); echo "PASS $suite.$test"
	else
		fail=$((fail + 1))
		# The assertion text is on the line after "Failure:".
		echo "FAIL $suite.$test: $(grep -A1 '\[hftest\] Failure:' "$log" | tail -1 | sed 's/^.*\[hftest\] *//')"
	fi
done <<<"$tests"
echo "hftest: $pass passed, $fail failed, $skip skipped (logs in $logdir)"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
