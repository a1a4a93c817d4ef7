#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# The aarch64 core may need nothing from outside but memcpy and memset.
set -euo pipefail
lib=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && aarch64-linux-gnu-ar x "$(realpath "$OLDPWD/$lib")")
aarch64-linux-gnu-ld -r -o "$tmp/all.o" "$tmp"/*.o
undef=$(aarch64-linux-gnu-nm -u "$tmp/all.o" | awk '{print $2}' | grep -vxE 'memcpy|memset' || true)
aarch64-linux-gnu-size "$tmp/all.o"
if [ -n "$undef" ]; then
	echo "core needs symbols beyond memcpy/memset:"; echo "$undef"; exit 1
fi
echo "core links against nothing but: $(aarch64-linux-gnu-nm -u "$tmp/all.o" | awk '{print $2}' | tr '\n' ' ')"
