#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Debian trixie's arm64 Linux 6.12 kernel (a raw Image; KVM built in) and a
# static busybox for arm64, both unpacked from their .deb into
# ${XDG_CACHE_HOME:-~/.cache}/libffamed/arm64 (Image.from names the kernel's .deb).
# Prints two lines: the Image path, then the busybox path.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${XDG_CACHE_HOME:-$HOME/.cache}/libffamed/arm64
mkdir -p "$out"
# One fetch at a time (scripts/test.sh fills the cache in the background too).
exec 9>"$out/.lock"
flock 9

fetch() { "$top/scripts/trixie-apt.sh" deb "$1"; }

if [ ! -s "$out/Image" ]; then
	pkg=$("$top/scripts/trixie-apt.sh" cache search --names-only \
		'^linux-image-6\.12\..*\+deb13-arm64-unsigned$' | cut -d' ' -f1 |
		sort -V | tail -n1)
	[ -n "$pkg" ] || { echo "no trixie linux-image-6.12 arm64 package" >&2; exit 1; }
	f=$(fetch "$pkg:arm64")
	rm -rf "$out/kernel" && mkdir -p "$out/kernel"
	dpkg-deb --fsys-tarfile "$f" | tar -x -C "$out/kernel" --wildcards './boot/vmlinuz-*'
	cp "$out"/kernel/boot/vmlinuz-* "$out/Image.tmp" && mv "$out/Image.tmp" "$out/Image"
	basename "$f" >"$out/Image.from"
fi
if [ ! -x "$out/busybox" ]; then
	f=$(fetch busybox-static:arm64)
	rm -rf "$out/bb" && mkdir -p "$out/bb"
	dpkg-deb -x "$f" "$out/bb"
	cp "$(find "$out/bb" -type f -path "*bin/busybox" | head -n1)" "$out/busybox"
fi
echo "$out/Image"
echo "$out/busybox"
