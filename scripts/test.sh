#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# README command 2: the whole test suite. .ci/run calls this.
#   scripts/test.sh          everything
#   scripts/test.sh --fast   host build and the "fast" CTest label only
set -uo pipefail
cd "$(dirname "$0")/.."
fast=0
[ "${1:-}" = "--fast" ] && fast=1

scripts/deps.sh test || exit 1
jobs=$(nproc)
passed=0
failed=0
failed_names=()

stage() {
	local name=$1; shift
	local t0=$SECONDS
	echo
	echo "=== stage: $name"
	if "$@"; then
		passed=$((passed + 1))
		echo "=== $name: ok ($((SECONDS - t0)) s)"
	else
		failed=$((failed + 1))
		failed_names+=("$name")
		echo "=== $name: FAILED ($((SECONDS - t0)) s)"
	fi
}

preset() {
	cmake --preset "$1" >/dev/null && cmake --build --preset "$1" -j"$jobs"
}

host()   { preset host && ctest --preset host -j"$jobs"; }
hfast()  { preset host && ctest --preset fast -j"$jobs"; }
asan()   { preset asan && ASAN_OPTIONS=detect_leaks=1 ctest --preset asan -j"$jobs"; }
cross()  { preset aarch64 && ctest --preset aarch64 -j"$jobs"; }
freestanding() { preset aarch64-freestanding && scripts/check-freestanding.sh build/aarch64-freestanding/libffamed.a; }

if [ $fast -eq 1 ]; then
	stage "host build + fast tests" hfast
else
	stage "host build (-Werror) + cmocka suites" host
	stage "ASan + UBSan suites" asan
	stage "aarch64 freestanding core, symbol check" freestanding
	stage "aarch64 cross suites under qemu-aarch64" cross
	for extra in scripts/test.d/*.sh; do
		[ -e "$extra" ] || continue
		stage "$(basename "$extra" .sh)" bash "$extra"
	done
fi

echo
[ $failed -eq 0 ] || printf 'failed stage: %s\n' "${failed_names[@]}"
echo "stages: $passed passed, $failed failed"
[ $failed -eq 0 ]
