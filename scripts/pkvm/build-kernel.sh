#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# A small arm64 kernel for the pKVM tests: Debian's linux-source-7.* (see
# fetch-source.sh), allnoconfig + tests/pkvm/kernel.config, built with Debian's
# aarch64 cross GCC (a full Debian config is far too slow on 2 cores).
#   scripts/pkvm/build-kernel.sh [--stock] [--hyp] [SERIES]
#   scripts/pkvm/build-kernel.sh [--stock] 6.12     Debian's 6.12 tree instead
# --hyp: only what the EL2 object needs (prepare + arch/arm64/kvm/hyp/nvhe/),
# no Image: the link check without a full build.
# --stock: the tree as Debian ships it. Otherwise adapters/pkvm/apply.sh is
# applied, and the build starts from a copy of the stock build, so only the
# hyp objects and the links are redone.
# Cached in ${XDG_CACHE_HOME:-$HOME/.cache}/libffamed/pkvm/build-<key>, the key a
# hash of the source version, the fragment, and (patched) adapters/pkvm and the
# core. Prints the build directory: arch/arm64/boot/Image, vmlinux,
# arch/arm64/kvm/hyp/nvhe/kvm_nvhe.o; build-seconds holds the make time.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/libffamed/pkvm
frag=$top/tests/pkvm/kernel.config
stock=0 target=Image
while [ $# -gt 0 ]; do
	case "$1" in
	--stock) stock=1 ;;
	--hyp) target=arch/arm64/kvm/hyp/nvhe/ ;;
	*) break ;;
	esac
	shift
done
[ -e "$top/adapters/pkvm/apply.sh" ] || stock=1

command -v aarch64-linux-gnu-gcc >/dev/null || apt-get install -y -qq gcc-aarch64-linux-gnu >&2
for t in flex bison bc; do
	command -v $t >/dev/null || apt-get install -y -qq flex bison bc >&2
done

src=$("$top/scripts/pkvm/fetch-source.sh" "$@")
dir=$(dirname "$src")
ver=$(cut -d' ' -f2 "$dir/.unpacked")
# One build at a time per source tree: builds patch $src in place.
exec 9>"$dir/.lock"
flock 9
if [ ! -d "$dir/pristine" ]; then
	[ ! -e "$src/.ffamed-applied" ] || { echo "$src is patched and has no pristine copy" >&2; exit 1; }
	cp -al "$src" "$dir/pristine"
fi

# What goes into the patched tree: adapters/pkvm (patch, adapter, env
# header, apply.sh) and the core.
adapter_files() {
	ls "$top"/adapters/pkvm/*.patch "$top"/adapters/pkvm/*.[ch] "$top"/adapters/pkvm/apply.sh \
	   "$top"/libffamed/*.[ch] "$top"/libffamed/Makefile.ffamed "$top"/include/ffamed/*.h
}
stock_key=$(printf '%s' "$(printf 'stock %s\n' "$ver"; cat "$frag")" | sha256sum | cut -c1-16)
[ "$target" = Image ] || stock_key=$stock_key-hyp
key=$stock_key
if [ $stock = 0 ]; then
	key=$({ printf 'ffamed %s\n' "$ver"; cat "$frag"; adapter_files | while read -r f; do
		printf '%s\n' "${f#"$top"/}"; cat "$f"; done; } | sha256sum | cut -c1-16)
	[ "$target" = Image ] || key=$key-hyp
fi
out=$cache/build-$key
if [ -s "$out/.built" ]; then echo "$out"; exit 0; fi

# The same path for every build, so a patched build reuses the stock objects;
# hard links from pristine/ (patch replaces files by rename, apply.sh adds).
reset_tree() {
	if [ -e "$src/.ffamed-applied" ]; then
		rm -rf "$src" && cp -al "$dir/pristine" "$src"
	fi
}
kmake() {
	nice -n 10 make -C "$src" O="$1" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- "${@:2}"
}
build() {   # OUT: config check, then $target; the make time into OUT/build-seconds
	local o=$1 start
	[ -s "$o/.config" ] ||
		kmake "$o" KCONFIG_ALLCONFIG="$frag" allnoconfig >"$o/build.log" 2>&1
	# Every fragment line must survive Kconfig's dependencies.
	missing=$(grep '^CONFIG_' "$frag" | while read -r l; do grep -qx "$l" "$o/.config" || echo "$l"; done)
	[ -z "$missing" ] || { echo "config dropped: $missing" >&2; exit 1; }
	start=$(date +%s)
	# modules: no in-tree ones, but Module.symvers for the test module.
	kmake "$o" -j2 $([ "$target" = Image ] && echo Image modules || echo "$target") \
		>>"$o/build.log" 2>&1 || { tail -40 "$o/build.log" >&2; exit 1; }
	echo $(( $(date +%s) - start )) >"$o/build-seconds"
}

stock_out=$cache/build-$stock_key
if [ ! -s "$stock_out/.built" ]; then
	reset_tree
	rm -rf "$stock_out" && mkdir -p "$stock_out"
	build "$stock_out"
	echo "$ver stock" >"$stock_out/.built"
fi
if [ $stock = 0 ]; then
	reset_tree
	"$top/adapters/pkvm/apply.sh" "$src" >/dev/null
	echo "$key" >"$src/.ffamed-applied"
	rm -rf "$out" && cp -a "$stock_out" "$out" &&
		rm -rf "$out/.built" "$out/build-seconds" "$out/ffamed-test"
	build "$out"
	echo "$ver ffamed" >"$out/.built"
fi
echo "$out"
