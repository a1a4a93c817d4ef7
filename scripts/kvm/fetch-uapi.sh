#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# arm64 Linux UAPI headers with the SMCCC filter (bookworm's 6.1 lacks it):
# Debian trixie's linux-libc-dev-arm64-cross, unpacked into
# ${XDG_CACHE_HOME:-~/.cache}/libffamed/uapi-arm64.
# Prints the include directory.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=${XDG_CACHE_HOME:-$HOME/.cache}/libffamed/uapi-arm64
inc=$dir/usr/aarch64-linux-gnu/include
mkdir -p "$dir"
exec 9>"$dir.lock"
flock 9
if ! grep -qs kvm_smccc_filter "$inc/asm/kvm.h"; then
	dpkg-deb -x "$("$top/scripts/trixie-apt.sh" deb linux-libc-dev-arm64-cross)" \
		"$dir"
fi
grep -qs kvm_smccc_filter "$inc/asm/kvm.h" || { echo "no SMCCC filter in $inc" >&2; exit 1; }
echo "$inc"
