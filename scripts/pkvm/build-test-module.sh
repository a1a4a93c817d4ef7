#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# tests/pkvm/linux/ffamed_pkvm_test.ko for a kernel that build-kernel.sh
# built (stock or patched: the module makes raw SMCs and is the same source
# for both). Built into BUILD_DIR/ffamed-test/; prints the .ko path.
#   scripts/pkvm/build-test-module.sh BUILD_DIR
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "$1" && pwd)
out=$build/ffamed-test
stamp=$(cat "$top"/tests/pkvm/linux/* | sha256sum | cut -c1-16)
if [ -s "$out/ffamed_pkvm_test.ko" ] && [ "$(cat "$out/stamp" 2>/dev/null)" = "$stamp" ]; then
	echo "$out/ffamed_pkvm_test.ko"; exit 0
fi
rm -rf "$out" && cp -r "$top/tests/pkvm/linux" "$out"
# The build directory's own Makefile points at its source tree.
nice -n 10 make -C "$build" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
	M="$out" W=1 KCFLAGS=-Werror modules >"$out/build.log" 2>&1 || { tail -20 "$out/build.log" >&2; exit 1; }
echo "$stamp" >"$out/stamp"
echo "$out/ffamed_pkvm_test.ko"
