#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Build Debian trixie's Xen 4.20 for arm64 with libffamed applied, defconfig
# plus UNSUPPORTED, TEE, FFA and DEBUG, into WORKDIR (made anew).
#   scripts/xen/build.sh WORKDIR [EXTRA.patch ...]
# Prints the source tree's path; the build log is WORKDIR/build.log. A
# WORKDIR already built from the same inputs (Xen's tarball, the patches, the
# adapter, the core and this script) is reused as it is.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$1; shift
tarball=$("$top/scripts/trixie-apt.sh" orig xen)
stamp=$( { basename "$tarball"; cat "$@" "$0";
	  find "$top/adapters/xen" "$top/libffamed" "$top/include" -type f | sort | xargs cat; } |
	sha256sum | cut -c1-16)
if [ "$(cat "$work/.stamp" 2>/dev/null)" = "$stamp" ] && [ -s "$(echo "$work"/xen-4.20*/xen/xen)" ]; then
	echo "$work"/xen-4.20*; exit 0
fi
rm -rf "$work" && mkdir -p "$work"
tar -C "$work" -xf "$tarball"
src=$(echo "$work"/xen-4.20*)
"$top/adapters/xen/apply.sh" "$src" >/dev/null
for p in "$@"; do
	patch -d "$src" -p1 --forward --quiet <"$p"
done

make_xen() {
	make -C "$src/xen" XEN_TARGET_ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- "$@"
}
make_xen defconfig >"$work/build.log" 2>&1
sed -i -E '/^(# )?CONFIG_(UNSUPPORTED|TEE|FFA|DEBUG)[ =]/d' "$src/xen/.config"
printf 'CONFIG_UNSUPPORTED=y\nCONFIG_TEE=y\nCONFIG_FFA=y\nCONFIG_DEBUG=y\n' >>"$src/xen/.config"
make_xen olddefconfig >>"$work/build.log" 2>&1
grep -qx 'CONFIG_FFA=y' "$src/xen/.config" || { echo "CONFIG_FFA did not stick" >&2; exit 1; }
if ! make_xen -j"$(nproc)" >>"$work/build.log" 2>&1; then
	tail -40 "$work/build.log" >&2
	exit 1
fi
echo "$stamp" >"$work/.stamp"
echo "$src"
