#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Debian trixie's arm64 Xen 4.20 tools (xl, xenstored, xenconsoled,
# xen-init-dom0) with the shared libraries they need, and the dom0 kernel
# modules they need (evtchn, gntdev, gntalloc, privcmd, xenfs) from the
# Image's own .deb, unpacked into a tree to copy into an initramfs: /usr/lib,
# a /lib symlink (trixie is usr-merged) and /xenmods/*.ko.
# Cached in ${XDG_CACHE_HOME:-~/.cache}/libffamed/xen-tools-<hash of the .debs>;
# prints that tree's path.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/libffamed
image=$("$top/scripts/arm64/fetch-linux.sh" | sed -n 1p)
kdeb=$cache/deb/$(cat "$(dirname "$image")/Image.from")
# xen-utils-4.20 and libxenmisc4.20 with their library dependencies (python3,
# udev and ucf are left out: the tools used here do not need them).
pkgs=(xen-utils-4.20 libxenmisc4.20 libxencall1 libxenevtchn1 libxenforeignmemory1
      libxengnttab1 libxenstore4 libxentoollog1 libxendevicemodel1 libxenhypfs1
      libxentoolcore1 libyajl2 libc6 libncurses6 libtinfo6 libext2fs2t64 libfdt1
      libuuid1 zlib1g libcom-err2 liblzma5 libzstd1 libbz2-1.0 libgcc-s1)
debs=()
for p in "${pkgs[@]}"; do
	debs+=("$("$top/scripts/trixie-apt.sh" deb "$p:arm64")")
done
stamp=$( { printf '%s\n' "${debs[@]##*/}" "${kdeb##*/}"; cat "$0"; } | sha256sum | cut -c1-16)
out=$cache/xen-tools-$stamp
# One unpack per output at a time: a second caller (scripts/test.sh fills the
# cache in the background) waits here and then finds it done.
exec 9>"$out.lock"
flock 9
if [ -x "$out/usr/lib/xen-4.20/bin/xl" ]; then
	echo "$out"; exit 0
fi
rm -rf "$out.tmp" && mkdir -p "$out.tmp"
for d in "${debs[@]}"; do
	dpkg-deb -x "$d" "$out.tmp"
done
# What an initramfs does not need: docs, locales, gconv, headers, static libs.
rm -rf "$out.tmp"/usr/share "$out.tmp"/usr/include "$out.tmp"/usr/lib/aarch64-linux-gnu/gconv \
	"$out.tmp"/etc/init.d "$out.tmp"/usr/lib/aarch64-linux-gnu/*.a
ln -s usr/lib "$out.tmp/lib"
mkdir -p "$out.tmp/xenmods"
dpkg-deb --fsys-tarfile "$kdeb" | tar -x -C "$out.tmp/xenmods" --wildcards \
	'./usr/lib/modules/*/kernel/drivers/xen/*'
for m in xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xenfs; do
	f=$(find "$out.tmp/xenmods" -name "$m.ko*" | head -n1)
	[ -n "$f" ] || { echo "no $m module in $kdeb" >&2; exit 1; }
	case $f in
	*.xz) xz -dc "$f" >"$out.tmp/xenmods/$m.ko" ;;
	*) cp "$f" "$out.tmp/xenmods/$m.ko" ;;
	esac
done
rm -rf "$out.tmp/xenmods/usr"
# Every library the tools ask for must be in the tree.
bins=("$out.tmp"/usr/lib/xen-4.20/bin/{xl,xenstored,xenconsoled,xen-init-dom0,libxl-save-helper})
missing=$(for f in "${bins[@]}" $(find "$out.tmp" -name '*.so*' -type f); do
	aarch64-linux-gnu-readelf -d "$f" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'
done | sort -u | while read -r so; do
	[ -e "$out.tmp/usr/lib/aarch64-linux-gnu/$so" ] ||
		[ -e "$out.tmp/usr/lib/xen-4.20/lib/aarch64-linux-gnu/$so" ] || echo "$so"
done)
[ -z "$missing" ] || { echo "xen tools: missing libraries: $missing" >&2; exit 1; }
rm -rf "$out" && mv "$out.tmp" "$out"
echo "$out"
