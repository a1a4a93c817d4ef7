#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Debian's kernel has CONFIG_ARM_FFA_TRANSPORT off: build the arm_ffa driver,
# the TEE subsystem with OP-TEE's driver (its FF-A ABI needs arm_ffa) and
# tests/xen/linux/ffamed_notif_test.ko as modules for the Image that
# scripts/arm64/fetch-linux.sh fetched, from Debian trixie's linux source of the
# same version with Debian's config and Module.symvers (linux-headers). The
# driver gets tests/xen/linux/arm_ffa-get-vm-bitmap.patch (Linux 6.12 never
# asks GET for the VM bitmap). pahole (dwarves) must be installed, or the
# config loses DEBUG_INFO_BTF and struct module no longer matches the kernel.
# The prepared tree and the modules are cached under
# ${XDG_CACHE_HOME:-~/.cache}/libffamed, keyed on the kernel release and the
# inputs; prints the directory holding the .ko files.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/libffamed
mine=$top/tests/xen/linux
image=$("$top/scripts/arm64/fetch-linux.sh" | sed -n 1p)
pkg=$(cat "$(dirname "$image")/Image.from")      # linux-image-<rel>-unsigned_<ver>_arm64.deb
release=${pkg#linux-image-}; release=${release%%-unsigned_*}   # 6.12.107+deb13-arm64
version=${pkg#*-unsigned_}; version=${version%_arm64.deb}      # 6.12.107-1
upstream=${version%-*}
stamp=$(cat "$mine"/* "$0" | sha256sum | cut -c1-16)
out=$cache/xen-mods-$release-$stamp
if [ -s "$out/ffamed_notif_test.ko" ]; then
	echo "$out"; exit 0
fi
mkdir -p "$cache"
# One build at a time in the shared prepared tree; the one that waited may
# find the modules built (scripts/test.sh fills the cache in the background).
exec 9>"$cache/linux-build.lock"
flock 9
if [ -s "$out/ffamed_notif_test.ko" ]; then
	echo "$out"; exit 0
fi
tarball=$("$top/scripts/trixie-apt.sh" orig "linux=$version")
hdeb=$("$top/scripts/trixie-apt.sh" deb "linux-headers-$release:arm64")

# The prepared tree depends on the release and the driver patch only.
key=$( { echo "$release"; cat "$mine/arm_ffa-get-vm-bitmap.patch"; } | sha256sum | cut -c1-16)
src=$cache/linux-$release-$key
kmake() { make -C "$src" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- KERNELRELEASE="$release" "$@"; }
if [ ! -s "$src/.ffamed-prepared" ]; then
	rm -rf "$src" "$src.hdr" && mkdir -p "$src" "$src.hdr"
	# Kconfig sources Documentation/Kconfig (doc-build warnings only).
	tar -C "$src" --strip-components=1 --exclude="linux-$upstream/Documentation" -xf "$tarball"
	mkdir -p "$src/Documentation" && : >"$src/Documentation/Kconfig"
	dpkg-deb -x "$hdeb" "$src.hdr"
	h=$src.hdr/usr/src/linux-headers-$release
	cp "$h/.config" "$h/Module.symvers" "$src/"
	rm -rf "$src.hdr"
	"$src/scripts/config" --file "$src/.config" --module ARM_FFA_TRANSPORT \
		--disable MODULE_SIG_ALL --set-str MODULE_SIG_KEY "" --set-str SYSTEM_TRUSTED_KEYS ""
	patch -d "$src" -p1 --quiet <"$mine/arm_ffa-get-vm-bitmap.patch"
	kmake olddefconfig >"$src/prepare.log" 2>&1
	grep -qx 'CONFIG_DEBUG_INFO_BTF_MODULES=y' "$src/.config" ||
		{ echo "config lost DEBUG_INFO_BTF (is pahole installed?)" >&2; exit 1; }
	kmake -j"$(nproc)" modules_prepare >>"$src/prepare.log" 2>&1 || { tail -20 "$src/prepare.log" >&2; exit 1; }
	echo "$release" >"$src/.ffamed-prepared"
fi
log=$src/modules.log
kmake M=drivers/firmware/arm_ffa modules >"$log" 2>&1 || { tail -20 "$log" >&2; exit 1; }
# OP-TEE's driver is built with its FF-A ABI only where arm_ffa is configured.
kmake M=drivers/tee KBUILD_EXTRA_SYMBOLS="$src/drivers/firmware/arm_ffa/Module.symvers" \
	modules >>"$log" 2>&1 || { tail -20 "$log" >&2; exit 1; }
rm -rf "$out.tmp" && mkdir -p "$out.tmp" && cp -r "$mine" "$out.tmp/build"
kmake M="$out.tmp/build" KBUILD_EXTRA_SYMBOLS="$src/drivers/firmware/arm_ffa/Module.symvers" \
	modules >>"$log" 2>&1 || { tail -20 "$log" >&2; exit 1; }
cp "$src"/drivers/firmware/arm_ffa/*.ko "$src/drivers/tee/tee.ko" \
	"$src/drivers/tee/optee/optee.ko" "$out.tmp/build/ffamed_notif_test.ko" "$out.tmp/"
rm -rf "$out.tmp/build" "$out" && mv "$out.tmp" "$out"
echo "$out"
