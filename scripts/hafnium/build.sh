#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Build Hafnium v2.15.0 (normal-world hypervisor, PLATFORM=qemu_aarch64_vhe)
# and its hftest guests with Debian bookworm's clang-19/lld-19/gn/ninja.
#   scripts/hafnium/build.sh [stock|ffamed]
# stock:  upstream plus the build-file fixes Debian's gn needs
#         (tests/hafnium/hafnium-2.15-debian-gn.patch) and our notification
#         guests (tests/hafnium/guests, if present).
# ffamed: the same plus adapters/hafnium (patch, adapter, core sources).
# Prints the Hafnium source root; the images are under OUT=<root>/out/reference:
#   OUT/qemu_aarch64_vhe_clang/hafnium.bin
#   OUT/qemu_aarch64_vhe_vm_clang/obj/test/vmapi/<dir>/<name>/initrd.img
# Test images: our guests (ffamed_notif) and primary_with_secondaries_test;
# HAFNIUM_VMAPI=all builds all of //test/vmapi:vmapi instead.
# Cached under ${XDG_CACHE_HOME:-$HOME/.cache}/libffamed/hafnium, keyed on
# every input, so a rerun (or a fresh clone on this machine) costs nothing.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
variant=${1:-stock}
case "$variant" in stock|ffamed) ;; *) echo "usage: $0 [stock|ffamed]" >&2; exit 2 ;; esac

vendor=${HAFNIUM_VENDOR:-$top/../shared/vendor}
[ -f "$vendor/hafnium-2.15.0-src.tar.gz" ] || vendor=/work/shared/vendor
tarball=$vendor/hafnium-2.15.0-src.tar.gz
cache=${XDG_CACHE_HOME:-$HOME/.cache}/libffamed/hafnium
# The core to build in (ffamed): this checkout's, or FFAMED_CORE=<checkout>.
core=${FFAMED_CORE:-$top}

# Toolchain: Debian bookworm packages only, installed when missing.
want=(clang-19 lld-19 llvm-19 generate-ninja ninja-build device-tree-compiler cpio)
missing=()
for p in "${want[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
	echo "hafnium: installing ${missing[*]}" >&2
	$sudo apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null
fi
# The unversioned clang/ld.lld in bookworm are 14 and reject -std=c23.
export PATH=/usr/lib/llvm-19/bin:/usr/bin:/bin:/usr/sbin:/sbin

# Check the vendored tarball against the SHA256SUMS beside it.
(cd "$vendor" && grep ' hafnium-2.15.0-src.tar.gz$' SHA256SUMS | sha256sum -c --quiet -) >&2

# Inputs of this build, for the cache key.
inputs=("$tarball" "$top/tests/hafnium/hafnium-2.15-debian-gn.patch")
[ -d "$top/tests/hafnium/guests" ] && while IFS= read -r f; do inputs+=("$f"); done \
	< <(find "$top/tests/hafnium/guests" "$top/tests/hafnium/hafnium-2.15-guests.patch" -type f 2>/dev/null | sort)
if [ "$variant" = ffamed ]; then
	while IFS= read -r f; do inputs+=("$f"); done < <(find "$top/adapters/hafnium" \
		"$core/libffamed" "$core/include/ffamed" -type f ! -name '*.md' | sort)
fi
vmapi=${HAFNIUM_VMAPI:-some}
key=$( { echo "$variant $vmapi"; clang --version | head -1; gn --version; \
	 for f in "${inputs[@]}"; do f2=${f#"$vendor"/}; f2=${f2#"$core"/}; \
	     echo "${f2#"$top"/}"; sha256sum <"$f"; done; \
	 sha256sum <"$0"; } | sha256sum | cut -c1-16)
dir=$cache/$variant-$key
src=$dir/hafnium-2.15.0
mkdir -p "$cache"
# One build per output at a time: a second caller (scripts/test.sh fills the
# cache in the background) waits here and then finds it built.
exec 9>"$dir.lock"
flock 9
if [ -f "$dir/done" ]; then
	echo "hafnium: cached $variant build ($key)" >&2
	echo "$src"; exit 0
fi

start=$(date +%s.%N)
rm -rf "$dir" && mkdir -p "$dir"
tar -C "$dir" -xzf "$tarball"
patch -d "$src" -p1 --forward --quiet <"$top/tests/hafnium/hafnium-2.15-debian-gn.patch"
if [ -d "$top/tests/hafnium/guests" ]; then
	# Our notification guests, as one more hftest suite beside upstream's.
	cp -r "$top/tests/hafnium/guests" "$src/test/vmapi/ffamed_notif"
	patch -d "$src" -p1 --forward --quiet <"$top/tests/hafnium/hafnium-2.15-guests.patch"
fi
if [ "$variant" = ffamed ]; then
	# The core and the adapter go in as a third_party tree the patch links in.
	lf=$src/third_party/libffamed
	mkdir -p "$lf/adapters"
	cp -r "$core/libffamed" "$core/include" "$lf/"
	cp -r "$top/adapters/hafnium" "$lf/adapters/"
	cp "$top/adapters/hafnium/BUILD.gn" "$lf/BUILD.gn"
	patch -d "$src" -p1 --forward --quiet <"$top/adapters/hafnium/hafnium-2.15-ffamed.patch"
fi

log=$dir/build.log
build() {	# chained: set -e does not apply inside "if !"
	cd "$src" &&
	# ENABLE_ASSERTIONS=1 is upstream's default; -Werror is in its cflags.
	nice -n 10 make PLATFORM=qemu_aarch64_vhe GN=gn NINJA="ninja -j2" &&
	nice -n 10 ninja -j2 -C out/reference "${images[@]}"
}
t=qemu_aarch64_vhe_vm_clang/obj/test/vmapi
if [ "$vmapi" = all ]; then
	images=("$t/vmapi.stamp")
else
	images=("$t/primary_with_secondaries/primary_with_secondaries_test.stamp")
	[ -d "$src/test/vmapi/ffamed_notif" ] && images+=("$t/ffamed_notif/ffamed_notif_test.stamp")
fi
if ! (build) >"$log" 2>&1; then
	grep -E 'error|warning' "$log" | head -30 >&2 || true
	tail -30 "$log" >&2
	echo "hafnium: $variant build failed (log: $log)" >&2
	exit 1
fi
if grep -q 'warning:' "$log"; then
	grep 'warning:' "$log" | head -20 >&2
	echo "hafnium: $variant build has warnings (log: $log)" >&2
	exit 1
fi
hv=$src/out/reference/qemu_aarch64_vhe_clang/hafnium
[ -f "$hv.bin" ] || { echo "hafnium: no $hv.bin (log: $log)" >&2; exit 1; }
if [ "$variant" = ffamed ]; then
	# The image must carry the core and the adapter, not just compile them.
	# Hafnium links with LTO: most of the core is inlined into ffa_handler,
	# so look for functions that stay out of line.
	llvm-nm "$hv.elf" >"$dir/hafnium.nm"	# to a file: grep -q would cut the pipe
	for sym in ffamed_hf_init ffamed_sri_handle; do
		grep -qE " [Tt] $sym\$" "$dir/hafnium.nm" ||
			{ echo "hafnium: hafnium.elf lacks $sym" >&2; exit 1; }
	done
fi
end=$(date +%s.%N)
printf 'hafnium: %s build took %.1f s\n' "$variant" "$(echo "$end - $start" | bc)" | tee "$dir/time" >&2
touch "$dir/done"
echo "$src"
