#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# OP-TEE OS 4.5.0 for QEMU's virt machine as an S-EL1 SPMC (FF-A 1.1 under
# TF-A's SPMD), with NS-virtualization (one state per normal-world VM id, so
# Xen's guests each get their own) and the debug build's notification test
# watchdog (each guest gets one notification per second and OP-TEE logs
# "WD <id> call_count N, timeout_count M").
# The source is the unmodified upstream archive: ../shared/vendor (or
# $OPTEE_TARBALL) when present, else the cached copy, else upstream's archive
# of the tag's commit; any of them is checked before use.
# Cached in ${XDG_CACHE_HOME:-~/.cache}/libffamed/optee-<hash of inputs>;
# prints that directory (tee-header_v2.bin, tee-pager_v2.bin,
# tee-pageable_v2.bin, tee.elf, build.log).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/libffamed
commit=0919de0f7c79ad35ad3c8ace5f823ad1344b4716
sha256=76e7f165c8ef4df8984569ed1de34923c455a4b54d2c9f57f172878b1e0148b7
name=optee_os-4.5.0.tar.gz
# Guests OP-TEE keeps state for at once (Xen's dom0, domUs, xl re-creates).
guests=${OPTEE_GUESTS:-8}
flags=(PLATFORM=vexpress-qemu_armv8a CFG_ARM64_core=y CROSS_COMPILE64=aarch64-linux-gnu-
       CROSS_COMPILE=aarch64-linux-gnu-
       CFG_CORE_SEL1_SPMC=y CFG_NS_VIRTUALIZATION=y CFG_VIRT_GUEST_COUNT="$guests"
       CFG_ARM_GICV3=y DEBUG=1 CFG_TEE_CORE_LOG_LEVEL=3 CFG_NOTIF_TEST_WD=y CFG_CORE_ASLR=n
       CFG_USER_TA_TARGETS=ta_arm64 CFG_WERROR=y
       TEE_IMPL_GIT_SHA1=0x${commit:0:16})
# (Outside a git tree OP-TEE's revision is an int 0x0 that its FF-A code
# shifts by 32, a warning: name the real commit instead.)
# No ASLR: at some load addresses OP-TEE 4.5.0 panics at boot on QEMU virt
# ('idx < tbl_info->num_entries' in core_mmu_set_entry), seen once in a run.

# The archive, checked against the known digest, or (upstream's) commit id.
tarball=$cache/src/$name
mkdir -p "$cache/src"
# One run at a time (the download and the build): a second caller
# (scripts/test.sh fills the cache in the background) waits, then finds it built.
exec 9>"$cache/optee-build.lock"
flock 9
vendor=${OPTEE_TARBALL:-$top/../shared/vendor/$name}
[ -s "$vendor" ] || vendor=/work/shared/vendor/$name
if [ -s "$vendor" ] && echo "$sha256  $vendor" | sha256sum -c --quiet 2>/dev/null; then
	tarball=$vendor
elif ! { [ -s "$tarball" ] && echo "$sha256  $tarball" | sha256sum -c --quiet 2>/dev/null; }; then
	url=https://github.com/OP-TEE/optee_os/archive/$commit.tar.gz
	curl -fsSL -o "$tarball.tmp" "$url" ||
		{ echo "optee: no $name in ../shared/vendor or $cache/src, and $url failed" >&2; exit 1; }
	[ "$(zcat "$tarball.tmp" | git get-tar-commit-id)" = "$commit" ] ||
		{ echo "optee: $url is not commit $commit" >&2; exit 1; }
	mv "$tarball.tmp" "$tarball"
fi

stamp=$( { echo "$sha256"; printf '%s\n' "${flags[@]}"; cat "$0"; } | sha256sum | cut -c1-16)
out=$cache/optee-$stamp
if [ -s "$out/tee-header_v2.bin" ]; then
	echo "$out"; exit 0
fi
work=$(mktemp -d "$cache/optee-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
tar -C "$work" --strip-components=1 -xzf "$tarball"
# Its scripts run "python3" and need Debian's cryptography and pyelftools.
if ! PATH=/usr/bin:$PATH make -C "$work" -j"$(nproc)" "${flags[@]}" O="$work/out" >"$work/build.log" 2>&1; then
	tail -30 "$work/build.log" >&2
	exit 1
fi
rm -rf "$out.tmp" && mkdir -p "$out.tmp"
cp "$work"/out/core/tee-{header,pager,pageable}_v2.bin "$work/out/core/tee.elf" \
	"$work/build.log" "$out.tmp/"
rm -rf "$out" && mv "$out.tmp" "$out"
echo "$out"
