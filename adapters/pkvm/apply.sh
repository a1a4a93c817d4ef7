#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Put libffamed and the pKVM adapter into a Linux source tree:
#   adapters/pkvm/apply.sh /path/to/linux       (Debian's linux-source-7.x tree)
# The patch touches nvhe/ffa.c (two calls) and nvhe/Makefile; the rest is copied.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
linux=$(cd "$1" && pwd)
hyp=$linux/arch/arm64/kvm/hyp
[ -f "$hyp/nvhe/ffa.c" ] || { echo "not an arm64 Linux tree with pKVM's FF-A proxy: $linux" >&2; exit 1; }

patch -d "$linux" -p1 --forward --quiet --no-backup-if-mismatch <"$here/linux-7.x-ffamed.patch"
cp "$here/ffamed_pkvm.c" "$hyp/nvhe/"
cp "$here/ffamed_pkvm.h" "$hyp/include/nvhe/"
mkdir -p "$hyp/nvhe/ffamed/include/ffamed"
cp "$top"/libffamed/*.c "$top"/libffamed/*.h "$top"/libffamed/Makefile.ffamed "$hyp/nvhe/ffamed/"
cp "$top"/include/ffamed/*.h "$hyp/nvhe/ffamed/include/ffamed/"
cp "$here/ffamed_pkvm_env.h" "$hyp/nvhe/ffamed/include/"
echo "libffamed applied to $linux"
