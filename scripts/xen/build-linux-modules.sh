#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Debian's kernel has CONFIG_ARM_FFA_TRANSPORT off: build the arm_ffa driver
# and tests/xen/linux/ffamed_notif_test.ko as modules for the Image that
# scripts/arm64/fetch-linux.sh fetched, from Debian trixie's linux source of the
# same version with Debian's config and Module.symvers (linux-headers). The
# driver gets tests/xen/linux/arm_ffa-get-vm-bitmap.patch (Linux 6.12 never
# asks GET for the VM bitmap). pahole (dwarves) must be installed, or the
# config loses DEBUG_INFO_BTF and struct module no longer matches the kernel.
# Cached in .cache/xen-boot/mods; prints that directory.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
mine=$top/tests/xen/linux
out=$top/.cache/xen-boot/mods
"$top/scripts/arm64/fetch-linux.sh" >/dev/null
pkg=$(cat "$top/.cache/arm64/Image.from")            # linux-image-<rel>-unsigned_<ver>_arm64.deb
release=${pkg#linux-image-}; release=${release%%-unsigned_*}   # 6.12.107+deb13-arm64
version=${pkg#*-unsigned_}; version=${version%_arm64.deb}      # 6.12.107-1
upstream=${version%-*}
stamp=$(cat "$mine"/* "$0" | sha256sum | cut -c1-16)-$release
if [ -s "$out/ffamed_notif_test.ko" ] && [ "$(cat "$out/stamp" 2>/dev/null)" = "$stamp" ]; then
	echo "$out"; exit 0
fi
mkdir -p "$top/.cache/build"
tarball=$("$top/scripts/trixie-apt.sh" orig "linux=$version")
hdeb=$("$top/scripts/trixie-apt.sh" deb "linux-headers-$release:arm64")

src=$top/.cache/build/linux-$upstream
# The prepared tree depends on the release and the driver patch only.
prepared=$src/.prepared-$(sha256sum <"$mine/arm_ffa-get-vm-bitmap.patch" | cut -c1-16)-$release
kmake() { make -C "$src" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- KERNELRELEASE="$release" "$@"; }
if [ ! -s "$prepared" ]; then
	rm -rf "$src" "$top/.cache/build/headers"
	tar -C "$top/.cache/build" --exclude="linux-$upstream/Documentation" \
		-xf "$tarball"
	# Kconfig sources Documentation/Kconfig (doc-build warnings only).
	mkdir -p "$src/Documentation" && : >"$src/Documentation/Kconfig"
	dpkg-deb -x "$hdeb" "$top/.cache/build/headers"
	h=$top/.cache/build/headers/usr/src/linux-headers-$release
	cp "$h/.config" "$h/Module.symvers" "$src/"
	"$src/scripts/config" --file "$src/.config" --module ARM_FFA_TRANSPORT \
		--disable MODULE_SIG_ALL --set-str MODULE_SIG_KEY "" --set-str SYSTEM_TRUSTED_KEYS ""
	patch -d "$src" -p1 --quiet <"$mine/arm_ffa-get-vm-bitmap.patch"
	kmake olddefconfig >"$src/prepare.log" 2>&1
	grep -qx 'CONFIG_DEBUG_INFO_BTF_MODULES=y' "$src/.config" ||
		{ echo "config lost DEBUG_INFO_BTF (is pahole installed?)" >&2; exit 1; }
	kmake -j"$(nproc)" modules_prepare >>"$src/prepare.log" 2>&1 || { tail -20 "$src/prepare.log" >&2; exit 1; }
	echo "$release" >"$prepared"
fi
kmake M=drivers/firmware/arm_ffa modules >"$src/modules.log" 2>&1 || { tail -20 "$src/modules.log" >&2; exit 1; }
rm -rf "$out.build" && cp -r "$mine" "$out.build"
kmake M="$out.build" KBUILD_EXTRA_SYMBOLS="$src/drivers/firmware/arm_ffa/Module.symvers" \
	modules >>"$src/modules.log" 2>&1 || { tail -20 "$src/modules.log" >&2; exit 1; }
rm -rf "$out" && mkdir -p "$out"
cp "$src"/drivers/firmware/arm_ffa/*.ko "$out.build/ffamed_notif_test.ko" "$out/"
echo "$stamp" >"$out/stamp"
echo "$out"
