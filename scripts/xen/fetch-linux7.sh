#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Debian's newest arm64 Linux 7.x from trixie-backports, for a guest whose
# arm_ffa driver is Debian's own (7.x builds it as a module and asks GET for
# the VM and hypervisor bitmaps: no driver patch). Debian ships 7.x split in
# linux-binary-<rel> (the raw Image) and linux-modules-<rel>; there is no
# linux-image-7.*-unsigned. Unpacks the Image and the FF-A, TEE and OP-TEE
# modules (decompressed: busybox's insmod reads plain .ko) and builds
# tests/xen/linux/ffamed_notif_test.ko against linux-headers-<rel> with the
# amd64 linux-kbuild-<rel>, cross-compiled with bookworm's gcc 12:
# - Debian built 7.x with gcc 14 and the config asks for
#   -fmin-function-alignment=N, which gcc 12 lacks; a compiler wrapper gives
#   gcc 12 -falign-functions=N instead, as the kernel's own Makefile does for
#   compilers without the option;
# - and no ftrace call sites in the test module: with gcc 12's
#   -fpatchable-function-entry the module's entries crash 7.3.4 at load
#   (kernel BUG in patch_map from ftrace_init_nop); the wrapper drops it;
# - trixie's modpost needs glibc 2.38: it runs under trixie's libc6 (amd64)
#   through that package's own dynamic loader;
# - no BTF for the test module (bookworm's pahole is older than the kernel's).
# Everything is cached under ${XDG_CACHE_HOME:-~/.cache}/libffamed, keyed on
# the kernel release and the inputs. Prints the directory holding Image and
# the .ko files.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/libffamed
mine=$top/tests/xen/linux
apt() { "$top/scripts/trixie-apt.sh" "$@"; }
bin=$(apt cache search --names-only '^linux-binary-7\.[0-9.]*\+deb13-arm64$' | cut -d' ' -f1 |
	sort -V | tail -n1)
[ -n "$bin" ] || { echo "no trixie-backports linux-binary-7.* arm64 package" >&2; exit 1; }
release=${bin#linux-binary-}                       # 7.3.4+deb13-arm64
stamp=$(cat "$mine"/*.c "$mine/Kbuild" "$0" | sha256sum | cut -c1-16)
out=$cache/linux7-$release-$stamp
if [ -s "$out/ffamed_notif_test.ko" ] && [ -s "$out/Image" ]; then
	echo "$out"; exit 0
fi
mkdir -p "$cache"
exec 9>"$cache/linux7-build.lock"
flock 9
# (Built meanwhile by another caller, e.g. scripts/test.sh's background fill?)
if [ -s "$out/ffamed_notif_test.ko" ] && [ -s "$out/Image" ]; then
	echo "$out"; exit 0
fi
common=${release%-arm64}-common                    # 7.3.4+deb13-common
work=$out.tmp
rm -rf "$work" && mkdir -p "$work/root"
for p in "linux-binary-$release:arm64" "linux-modules-$release:arm64" \
	"linux-headers-$release:arm64" "linux-headers-$common:all" \
	"linux-kbuild-${release%-arm64}:amd64" libc6:amd64; do
	dpkg-deb -x "$(apt deb "$p")" "$work/root"
done
r=$work/root
m=$r/usr/lib/modules/$release
cp "$m/vmlinuz" "$work/Image"
for k in firmware/arm_ffa/ffa-core firmware/arm_ffa/ffa-module tee/tee tee/optee/optee; do
	xz -dc "$m/kernel/drivers/$k.ko.xz" >"$work/${k##*/}.ko"
done
# The headers' Makefile names /usr/src; point it at the unpacked tree.
h=$r/usr/src/linux-headers-$release
printf 'KBUILD_OUTPUT=%s\ninclude %s/Makefile\n' "$h" "$r/usr/src/linux-headers-$common" >"$h/Makefile"
rm -f "$h/vmlinux"                                 # no BTF (see above)
mod=$r/usr/lib/linux-kbuild-${release%-arm64}/scripts/mod
cat >"$mod/modpost" <<EOF
#!/bin/sh
exec $r/usr/lib64/ld-linux-x86-64.so.2 --library-path $r/usr/lib/x86_64-linux-gnu $mod/modpost.real-lsb-64 "\$@"
EOF
cat >"$work/cc" <<'EOF'
#!/bin/bash
a=()
for x in "$@"; do
	case $x in
	-fmin-function-alignment=*) a+=("-falign-functions=${x#*=}") ;;
	-fpatchable-function-entry=*) ;;
	*) a+=("$x") ;;
	esac
done
exec aarch64-linux-gnu-gcc "${a[@]}"
EOF
chmod +x "$mod/modpost" "$work/cc"
mkdir -p "$work/build" && cp "$mine"/*.c "$mine/Kbuild" "$work/build/"
make -C "$h" M="$work/build" CC="$work/cc" KBUILD_MODPOST_WARN= modules >"$work/build.log" 2>&1 ||
	{ tail -20 "$work/build.log" >&2; exit 1; }
# Warnings are errors (the pahole and BTF notices are not the compiler's).
if grep -E 'warning:' "$work/build.log" | grep -v 'pahole version differs'; then
	echo "warnings building ffamed_notif_test.ko for $release" >&2; exit 1
fi
cp "$work/build/ffamed_notif_test.ko" "$work/"
rm -rf "$work/root" "$work/build" "$work/cc" "$out"
mv "$work" "$out"
echo "$out"
