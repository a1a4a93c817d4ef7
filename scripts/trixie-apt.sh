#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# apt-get against Debian trixie with a private config, so the machine itself
# is never upgraded. Lists and downloads live under
# ${XDG_CACHE_HOME:-~/.cache}/libffamed (apt-trixie/, deb/, src/), shared by
# every clone on the machine; files there are named by package version.
#   scripts/trixie-apt.sh source --download-only xen
#   scripts/trixie-apt.sh download linux-libc-dev-arm64-cross
#   scripts/trixie-apt.sh cache search PATTERN     (apt-cache)
# trixie-backports is listed too, at its default (lower) pin: name a
# backports-only package or PKG/trixie-backports to get one from there.
# and two cached fetches that print a path, downloading only the first time:
#   scripts/trixie-apt.sh deb PKG[:ARCH]            <cache>/deb/PKG_*[_ARCH].deb
#   scripts/trixie-apt.sh orig SRCPKG[=VERSION]     <cache>/src/SRCPKG_*.orig.tar.*
#     (the .dsc may 404; the .orig tarball arrives all the same)
set -euo pipefail
cache=${XDG_CACHE_HOME:-$HOME/.cache}/libffamed
root=$cache/apt-trixie
mkdir -p "$root"/{lists/partial,archives/partial,etc/preferences.d}
# Clones and helpers on one machine share these lists: one apt at a time.
exec 9>"$root/lock"
flock 9
cat >"$root/etc/sources.list" <<SRC
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie-backports main
SRC
opts=(-o Dir::Etc::SourceList="$root/etc/sources.list"
      -o Dir::Etc::SourceParts=/dev/null
      -o Dir::Etc::PreferencesParts="$root/etc/preferences.d"
      -o Dir::State::Lists="$root/lists"
      -o Dir::Cache::Archives="$root/archives"
      -o Dir::Cache="$root"
      # The binary caches, named: Debian's container images set them to ""
      # (none), and then every call parses the lists again, about 1 s of CPU;
      # apt rebuilds them itself whenever the lists change.
      -o Dir::Cache::pkgcache="$root/pkgcache.bin"
      -o Dir::Cache::srcpkgcache="$root/srcpkgcache.bin"
      -o APT::Architecture=amd64
      -o APT::Architectures::=amd64 -o APT::Architectures::=arm64
      -o Debug::NoLocking=1)
# Refresh daily, and whenever the suites above change (the stamp holds their hash).
want=$(sha256sum <"$root/etc/sources.list" | cut -c1-16)
if [ "$(cat "$root/lists/.updated" 2>/dev/null)" != "$want" ] ||
   [ -n "$(find "$root/lists/.updated" -mmin +1440)" ]; then
	apt-get "${opts[@]}" update -qq
	echo "$want" >"$root/lists/.updated"
fi
case "${1:-}" in
deb)
	pkg=${2%%:*}
	# PKG:ARCH names one architecture's file (libc6 is wanted for amd64 and arm64).
	arch='*'; [ "$2" != "$pkg" ] && arch=${2#*:}
	mkdir -p "$cache/deb"
	f=$(ls "$cache/deb/${pkg}_"*_$arch.deb 2>/dev/null | head -n1 || true)
	if [ -z "$f" ]; then
		(cd "$cache/deb" && apt-get "${opts[@]}" download -qq "$2" >&2)
		f=$(ls "$cache/deb/${pkg}_"*_$arch.deb | head -n1)
	fi
	echo "$f"
	exit 0
	;;
orig)
	pkg=${2%%=*}
	up=""
	[ "$2" != "$pkg" ] && up=${2#*=} && up=${up%-*}   # upstream part of VERSION
	mkdir -p "$cache/src"
	pattern="$cache/src/${pkg}_${up:-*}.orig.tar.*"
	f=$(ls $pattern 2>/dev/null | sort -V | tail -n1 || true)
	if [ -z "$f" ]; then
		(cd "$cache/src" && apt-get "${opts[@]}" source --download-only "$2" >&2) || true
		f=$(ls $pattern 2>/dev/null | sort -V | tail -n1 || true)
	fi
	[ -n "$f" ] || { echo "no .orig tarball for $2" >&2; exit 1; }
	echo "$f"
	exit 0
	;;
esac
if [ "${1:-}" = cache ]; then
	shift
	exec apt-cache "${opts[@]}" "$@"
fi
exec apt-get "${opts[@]}" "$@"
