#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# TF-A from Debian trixie's arm-trusted-firmware source for QEMU's virt
# machine, GICv3, BL33 preloaded at 0x60000000 and given the DTB in x0, with
# one of two secure worlds behind the SPMD (SPD=spmd):
#   build-tf-a.sh [el3]   EL3 SPMC (SPMC_AT_EL3=1) with the TSP as its one
#                         S-EL1 partition (tests/xen/tf-a); no notifications
#   build-tf-a.sh optee   OP-TEE as the S-EL1 SPMC (scripts/xen/build-optee.sh)
#                         with the manifest in tests/xen/optee
# Cached in ${XDG_CACHE_HOME:-~/.cache}/libffamed/tf-a-<world>-<hash of inputs>;
# prints the path of the flash image (BL1 + FIP).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/libffamed
world=${1:-el3}
case $world in
el3)
	cfg=$top/tests/xen/tf-a
	args=(SPMD_SPM_AT_SEL2=0 SPMC_AT_EL3=1 TSP_PLAT_MAKEFILE="$cfg/tsp-qemu.mk"
	      QEMU_TOS_FW_CONFIG_DTS="$cfg/tsp_sp_manifest.dts")
	;;
optee)
	cfg=$top/tests/xen/optee
	optee=$("$top/scripts/xen/build-optee.sh")
	# OP-TEE's three images: the v2 header tells BL2 where each part goes.
	args=(SPMD_SPM_AT_SEL2=0 SPMC_OPTEE=1 BL32="$optee/tee-header_v2.bin"
	      BL32_EXTRA1="$optee/tee-pager_v2.bin" BL32_EXTRA2="$optee/tee-pageable_v2.bin"
	      QEMU_TOS_FW_CONFIG_DTS="$cfg/spmc_manifest.dts")
	;;
*) echo "usage: $0 [el3|optee]" >&2; exit 2 ;;
esac
tarball=$("$top/scripts/trixie-apt.sh" orig arm-trusted-firmware)
# $optee is itself keyed on OP-TEE's inputs, so its path stands for them.
stamp=$( { basename "$tarball"; printf '%s\n' "${args[@]}"; cat "$cfg"/* "$0"; } |
	sha256sum | cut -c1-16)
out=$cache/tf-a-$world-$stamp
mkdir -p "$cache"
# One build per output at a time: a second caller (scripts/test.sh fills the
# cache in the background) waits here and then finds it built.
exec 9>"$out.lock"
flock 9
if [ -s "$out/flash.bin" ]; then
	echo "$out/flash.bin"; exit 0
fi
src=$(mktemp -d "$cache/tf-a-build.XXXXXX")
trap 'rm -rf "$src"' EXIT
tar -C "$src" --strip-components=1 -xf "$tarball"
make -C "$src" -j"$(nproc)" CROSS_COMPILE=aarch64-linux-gnu- PLAT=qemu \
	SPD=spmd QEMU_USE_GIC_DRIVER=QEMU_GICV3 "${args[@]}" \
	PRELOADED_BL33_BASE=0x60000000 ARM_LINUX_KERNEL_AS_BL33=1 \
	BUILD_STRING="debian-$(basename "$tarball" | sed "s/\.orig\.tar\..*//")" all fip >"$src/tf-a.log" 2>&1 ||
	{ tail -30 "$src/tf-a.log" >&2; exit 1; }
rel=$src/build/qemu/release
# QEMU's flash: BL1 at 0, the FIP at 256 KiB (TF-A's qemu_fw.bios layout).
rm -rf "$out.tmp" && mkdir -p "$out.tmp"
cp "$rel/bl1.bin" "$out.tmp/flash.bin"
dd if="$rel/fip.bin" of="$out.tmp/flash.bin" bs=64k seek=4 conv=notrunc status=none
cp "$src/tf-a.log" "$out.tmp/"
rm -rf "$out" && mv "$out.tmp" "$out"
echo "$out/flash.bin"
