#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# TF-A flash for pKVM's notification run: OP-TEE OS 4.5.0 (QEMU virt, GICv3)
# as the S-EL1 SPMC under TF-A's SPMD, WITHOUT NS-virtualization, so the
# host kernel is normal-world endpoint 0 (under pKVM there is no hypervisor
# id for OP-TEE to know). Debug build with the notification test watchdog:
# once the driver enables async notifications, OP-TEE sends one per second
# and logs "WD call_count N, timeout_count M" on the secure UART.
# Same approach as scripts/xen/build-optee.sh and build-tf-a.sh on branch
# optee (which keep CFG_NS_VIRTUALIZATION=y for Xen). OP-TEE's source is the
# unmodified upstream archive in ../shared/vendor (checked).
# Cached in ${XDG_CACHE_HOME:-~/.cache}/libffamed/pkvm/optee-novirt-<hash of
# inputs>/ (flash.bin = TF-A's BL1 + FIP, tee.elf, build logs); prints the
# path of flash.bin.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/libffamed
name=optee_os-4.5.0.tar.gz
commit=0919de0f7c79ad35ad3c8ace5f823ad1344b4716
sha256=76e7f165c8ef4df8984569ed1de34923c455a4b54d2c9f57f172878b1e0148b7
optee_flags=(PLATFORM=vexpress-qemu_armv8a CFG_ARM64_core=y CROSS_COMPILE64=aarch64-linux-gnu-
	CROSS_COMPILE=aarch64-linux-gnu- CFG_CORE_SEL1_SPMC=y CFG_NS_VIRTUALIZATION=n
	CFG_ARM_GICV3=y DEBUG=1 CFG_TEE_CORE_LOG_LEVEL=3 CFG_NOTIF_TEST_WD=y CFG_CORE_ASLR=n
	CFG_USER_TA_TARGETS=ta_arm64 CFG_WERROR=y
	TEE_IMPL_GIT_SHA1=0x${commit:0:16})
# (Outside a git tree OP-TEE's revision is an int 0x0 that its FF-A code
# shifts by 32, a warning: name the real commit instead.)
# No ASLR: at some load addresses OP-TEE 4.5.0 panics at boot on QEMU virt
# ('idx < tbl_info->num_entries' in core_mmu_set_entry), seen once in a run.
manifest=$top/tests/pkvm/optee/spmc_manifest.dts

tarball=${OPTEE_TARBALL:-$top/../shared/vendor/$name}
[ -s "$tarball" ] || tarball=/work/shared/vendor/$name
echo "$sha256  $tarball" | sha256sum -c --quiet ||
	{ echo "optee: $tarball missing or not $name 4.5.0" >&2; exit 1; }
tfa=$("$top/scripts/trixie-apt.sh" orig arm-trusted-firmware)
stamp=$( { echo "$sha256"; basename "$tfa"; printf '%s\n' "${optee_flags[@]}"
	cat "$manifest" "$0"; } | sha256sum | cut -c1-16)
out=$cache/pkvm/optee-novirt-$stamp
mkdir -p "$cache/pkvm"
# One build per output at a time: a second caller (scripts/test.sh fills the
# cache in the background) waits here and then finds it built.
exec 9>"$out.lock"
flock 9
if [ -s "$out/flash.bin" ]; then
	echo "$out/flash.bin"; exit 0
fi
work=$(mktemp -d "$cache/pkvm/optee-novirt-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/optee" "$work/tf-a"
tar -C "$work/optee" --strip-components=1 -xzf "$tarball"
tar -C "$work/tf-a" --strip-components=1 -xf "$tfa"
# OP-TEE's scripts run "python3" and need Debian's cryptography and pyelftools.
o=$work/optee/out/core
PATH=/usr/bin:$PATH nice -n 10 make -C "$work/optee" -j2 "${optee_flags[@]}" \
	O="$work/optee/out" >"$work/optee.log" 2>&1 || { tail -30 "$work/optee.log" >&2; exit 1; }
# OP-TEE's three images: the v2 header tells BL2 where each part goes.
nice -n 10 make -C "$work/tf-a" -j2 CROSS_COMPILE=aarch64-linux-gnu- PLAT=qemu \
	SPD=spmd QEMU_USE_GIC_DRIVER=QEMU_GICV3 SPMD_SPM_AT_SEL2=0 SPMC_OPTEE=1 \
	BL32="$o/tee-header_v2.bin" BL32_EXTRA1="$o/tee-pager_v2.bin" \
	BL32_EXTRA2="$o/tee-pageable_v2.bin" QEMU_TOS_FW_CONFIG_DTS="$manifest" \
	PRELOADED_BL33_BASE=0x60000000 ARM_LINUX_KERNEL_AS_BL33=1 \
	BUILD_STRING="debian-$(basename "$tfa" | sed "s/\.orig\.tar\..*//")" all fip \
	>"$work/tf-a.log" 2>&1 || { tail -30 "$work/tf-a.log" >&2; exit 1; }
rel=$work/tf-a/build/qemu/release
# QEMU's flash: BL1 at 0, the FIP at 256 KiB (TF-A's qemu_fw.bios layout).
rm -rf "$out.tmp" && mkdir -p "$out.tmp"
cp "$rel/bl1.bin" "$out.tmp/flash.bin"
dd if="$rel/fip.bin" of="$out.tmp/flash.bin" bs=64k seek=4 conv=notrunc status=none
cp "$o/tee.elf" "$work/optee.log" "$work/tf-a.log" "$out.tmp/"
rm -rf "$out" && mv "$out.tmp" "$out"
echo "$out/flash.bin"
