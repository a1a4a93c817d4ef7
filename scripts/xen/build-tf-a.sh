#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# TF-A from Debian trixie's arm-trusted-firmware source for QEMU's virt
# machine: EL3 SPMC (SPD=spmd SPMC_AT_EL3=1) with the TSP as its one S-EL1
# partition (tests/xen/tf-a), BL33 preloaded at 0x60000000 and given the DTB
# in x0. Cached in .cache/xen-boot/flash.bin, rebuilt when tests/xen/tf-a
# changes. Prints the flash image's path.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cfg=$top/tests/xen/tf-a
out=$top/.cache/xen-boot
stamp=$(cat "$cfg"/* "$0" | sha256sum | cut -c1-16)
if [ -s "$out/flash.bin" ] && [ "$(cat "$out/flash.stamp" 2>/dev/null)" = "$stamp" ]; then
	echo "$out/flash.bin"; exit 0
fi
mkdir -p "$out" "$top/.cache/build"
tarball=$("$top/scripts/trixie-apt.sh" orig arm-trusted-firmware)
src=$top/.cache/build/tf-a
rm -rf "$src" && mkdir -p "$src"
tar -C "$src" --strip-components=1 -xf "$tarball"
make -C "$src" -j"$(nproc)" CROSS_COMPILE=aarch64-linux-gnu- PLAT=qemu \
	SPD=spmd SPMD_SPM_AT_SEL2=0 SPMC_AT_EL3=1 QEMU_USE_GIC_DRIVER=QEMU_GICV3 \
	TSP_PLAT_MAKEFILE="$cfg/tsp-qemu.mk" QEMU_TOS_FW_CONFIG_DTS="$cfg/tsp_sp_manifest.dts" \
	PRELOADED_BL33_BASE=0x60000000 ARM_LINUX_KERNEL_AS_BL33=1 \
	BUILD_STRING="debian-$(basename "$tarball" | sed "s/\.orig\.tar\..*//")" all fip >"$out/tf-a.log" 2>&1 ||
	{ tail -30 "$out/tf-a.log" >&2; exit 1; }
rel=$src/build/qemu/release
# QEMU's flash: BL1 at 0, the FIP at 256 KiB (TF-A's qemu_fw.bios layout).
cp "$rel/bl1.bin" "$out/flash.bin.tmp"
dd if="$rel/fip.bin" of="$out/flash.bin.tmp" bs=64k seek=4 conv=notrunc status=none
mv "$out/flash.bin.tmp" "$out/flash.bin"
echo "$stamp" >"$out/flash.stamp"
echo "$out/flash.bin"
