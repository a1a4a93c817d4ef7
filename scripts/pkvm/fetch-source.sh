#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Debian's Linux 7.x source tree (trixie-backports' newest binary package
# linux-source-7.*: the .orig tarball of a backport may 404, the binary package
# always carries the patched tree as a .tar.xz). Unpacked once per package
# version into ${XDG_CACHE_HOME:-$HOME/.cache}/libffamed/pkvm/src-<version>/linux
# (plus pristine/, a hard-linked copy that scripts/pkvm/build-kernel.sh resets
# linux/ from before it patches it); prints the linux directory.
#   scripts/pkvm/fetch-source.sh          the newest linux-source-7.*
#   scripts/pkvm/fetch-source.sh 7.3      a given series
# Debian's 6.12 tree (for the 6.12 build) is the .orig of the version that
# scripts/arm64/fetch-linux.sh fetched:
#   scripts/trixie-apt.sh orig linux=6.12.107-1   (as scripts/xen/build-linux-modules.sh does)
# or the same way as here with `linux-source-6.12` (trixie main, Debian patches applied).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/libffamed/pkvm
apt=$top/scripts/trixie-apt.sh

series=${1:-}
if [ -z "$series" ]; then
	series=$("$apt" cache search --names-only '^linux-source-7\.[0-9]+$' | cut -d' ' -f1 |
		sed 's/^linux-source-//' | sort -V | tail -n1)
	[ -n "$series" ] || { echo "no linux-source-7.* in trixie(-backports)" >&2; exit 1; }
fi
pkg=linux-source-$series
# The candidate version, asked without downloading: the cache key.
ver=$("$apt" cache policy "$pkg" | awk '/Candidate:/ {print $2}')
[ -n "$ver" ] && [ "$ver" != "(none)" ] || { echo "no candidate for $pkg" >&2; exit 1; }
dir=$cache/src-$ver
mkdir -p "$cache"
# One unpack at a time: a second caller (scripts/test.sh fills the cache in
# the background) waits here and then finds it unpacked.
exec 9>"$dir.lock"
flock 9
if [ -s "$dir/.unpacked" ]; then echo "$dir/linux"; exit 0; fi

deb=$("$apt" deb "$pkg")
case "$deb" in *"_${ver}_all.deb") ;; *) echo "$deb is not $pkg $ver" >&2; exit 1 ;; esac
rm -rf "$dir" && mkdir -p "$dir/tmp"
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir/tmp" --wildcards "./usr/src/linux-source-$series.tar.*"
# Documentation is only needed by Kconfig's `source Documentation/Kconfig`.
tar -x -C "$dir" -f "$dir"/tmp/usr/src/linux-source-"$series".tar.* \
	--exclude="linux-source-$series/Documentation"
rm -rf "$dir/tmp"
mv "$dir/linux-source-$series" "$dir/linux"
mkdir -p "$dir/linux/Documentation" && : >"$dir/linux/Documentation/Kconfig"
cp -al "$dir/linux" "$dir/pristine"
echo "$pkg $ver" >"$dir/.unpacked"
echo "$dir/linux"
