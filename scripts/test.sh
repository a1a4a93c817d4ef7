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

# The full run starts scripts/prebuild.sh in the background, at nice 10 and
# in its own process group: it fills the cache for the later stages (firmware,
# Linux, Hafnium, pKVM's kernels) while the earlier ones leave CPU idle. Each
# stage calls the same cached, locked build scripts, so it waits for a build
# in progress or finds it done. Log: build/prebuild.log.
prebuild=""
prebuild_start() {
	mkdir -p build
	set -m
	nice -n 10 scripts/prebuild.sh </dev/null >build/prebuild.log 2>&1 &
	prebuild=$!
	set +m
}
prebuild_end() {
	[ -n "$prebuild" ] || return 0
	if wait "$prebuild"; then
		echo "$(tail -n1 build/prebuild.log) (background, build/prebuild.log)"
	else
		echo "background builds failed (the stages above built again what they needed):"
		grep 'FAILED' build/prebuild.log
		tail -n 30 build/prebuild.log
	fi
	prebuild=""
}
trap '[ -z "$prebuild" ] || kill -- -"$prebuild" 2>/dev/null' EXIT
trap 'exit 130' INT TERM

if [ $fast -eq 1 ]; then
	stage "host build + fast tests" hfast
else
	prebuild_start
	stage "host build (-Werror) + cmocka suites" host
	stage "ASan + UBSan suites" asan
	stage "aarch64 freestanding core, symbol check" freestanding
	stage "aarch64 cross suites under qemu-aarch64" cross
	for extra in scripts/test.d/*.sh; do
		[ -e "$extra" ] || continue
		stage "$(basename "$extra" .sh)" bash "$extra"
	done
	echo
	prebuild_end
fi

echo
[ $failed -eq 0 ] || printf 'failed stage: %s\n' "${failed_names[@]}"
echo "stages: $passed passed, $failed failed"
[ $failed -eq 0 ]
