#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Xen 4.20 (Debian trixie's source) with the libffamed adapter in place of
# ffa_notif.c, built for arm64 with Xen's own -Werror flags. Fails on any
# compiler warning or if the hypervisor does not link with the core.
set -euo pipefail
cd "$(dirname "$0")/../.."
top=$PWD
tarball=$(scripts/xen/fetch-source.sh)
work=$top/build/xen
rm -rf "$work"
mkdir -p "$work"
tar -C "$work" -xf "$tarball"
src=$(echo "$work"/xen-4.20*)
adapters/xen/apply.sh "$src"

make_xen() {
	make -C "$src/xen" XEN_TARGET_ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- "$@"
}
make_xen defconfig >"$work/build.log" 2>&1
sed -i -E '/^(# )?CONFIG_(UNSUPPORTED|TEE|FFA|DEBUG)[ =]/d' "$src/xen/.config"
printf 'CONFIG_UNSUPPORTED=y\nCONFIG_TEE=y\nCONFIG_FFA=y\nCONFIG_DEBUG=y\n' >>"$src/xen/.config"
make_xen olddefconfig >>"$work/build.log" 2>&1
grep -qx 'CONFIG_FFA=y' "$src/xen/.config" || { echo "CONFIG_FFA did not stick"; exit 1; }
if ! make_xen -j"$(nproc)" >>"$work/build.log" 2>&1; then
	tail -40 "$work/build.log"
	exit 1
fi
warnings=$(grep -c 'warning:' "$work/build.log" || true)
echo "Xen build: $(grep -c ' CC ' "$work/build.log") objects, $warnings warnings"
grep 'warning:' "$work/build.log" | head -20 || true
aarch64-linux-gnu-nm "$src/xen/xen-syms" >"$work/xen-syms.nm"
for sym in ffamed_guest_call ffamed_sri_handle ffamed_vm_init ffamed_vm_destroy \
	   ffa_notif_handle_features; do
	grep -q " T $sym\$" "$work/xen-syms.nm" || { echo "xen-syms lacks $sym"; exit 1; }
done
echo "xen-syms links the core (ffamed_guest_call, ffamed_sri_handle, ...)"
ls -l "$src/xen/xen"
[ "$warnings" -eq 0 ]
