#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Install the Debian 12 packages a step needs, only those missing.
#   scripts/deps.sh demo|test|bench
set -euo pipefail

want=(cmake make gcc pkg-config)
case "${1:-test}" in
demo) ;;
test)
	want+=(libcmocka-dev gcc-aarch64-linux-gnu libc6-dev-arm64-cross
	       qemu-user libcmocka-dev:arm64 clang libclang-rt-14-dev
	       spin gcovr cppcheck clang-tidy valgrind flex bison xz-utils
	       qemu-system-arm cpio device-tree-compiler libssl-dev dwarves
	       libelf-dev bc python3-cryptography python3-pyelftools)
	;;
bench)	# scripts/bench.sh alone
	want+=(gcc-aarch64-linux-gnu valgrind xz-utils)
	;;
*) echo "usage: $0 demo|test|bench" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "deps: installing ${missing[*]}"
if printf '%s\n' "${missing[@]}" | grep -q ':arm64$' &&
   ! dpkg --print-foreign-architectures | grep -qx arm64; then
	$sudo dpkg --add-architecture arm64
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
	"${missing[@]}" >/dev/null
