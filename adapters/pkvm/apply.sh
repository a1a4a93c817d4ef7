#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Put libffamed and the pKVM adapter into a Linux source tree:
#   adapters/pkvm/apply.sh /path/to/linux   (Debian's linux-source-7.x or -6.12 tree)
# The patch (linux-7.x- or linux-6.12-ffamed.patch, by the tree's version)
# touches nvhe/ffa.c (two calls) and nvhe/Makefile; the rest is copied.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
linux=$(cd "$1" && pwd)
hyp=$linux/arch/arm64/kvm/hyp
[ -f "$hyp/nvhe/ffa.c" ] || { echo "not an arm64 Linux tree with pKVM's FF-A proxy: $linux" >&2; exit 1; }

version=$(sed -n 's/^VERSION = //p' "$linux/Makefile").$(sed -n 's/^PATCHLEVEL = //p' "$linux/Makefile")
case "$version" in
7.*) p=$here/linux-7.x-ffamed.patch ;;
6.12) p=$here/linux-6.12-ffamed.patch ;;
*) echo "no pKVM patch for Linux $version" >&2; exit 1 ;;
esac
patch -d "$linux" -p1 --forward --quiet --no-backup-if-mismatch <"$p"
cp "$here/ffamed_pkvm.c" "$hyp/nvhe/"
cp "$here/ffamed_pkvm.h" "$hyp/include/nvhe/"
mkdir -p "$hyp/nvhe/ffamed/include/ffamed"
cp "$top"/libffamed/*.c "$top"/libffamed/*.h "$top"/libffamed/Makefile.ffamed "$hyp/nvhe/ffamed/"
cp "$top"/include/ffamed/*.h "$hyp/nvhe/ffamed/include/ffamed/"
cp "$here/ffamed_pkvm_env.h" "$hyp/nvhe/ffamed/include/"
echo "libffamed applied to $linux"
