#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Put libffamed and the Xen adapter into a Xen 4.20 source tree:
#   adapters/xen/apply.sh /path/to/xen-4.20   (the directory holding xen/)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
xen=$(cd "$1" && pwd)
tee=$xen/xen/arch/arm/tee
[ -f "$tee/ffa_notif.c" ] || { echo "not a Xen 4.20 tree: $xen" >&2; exit 1; }

patch -d "$xen" -p1 --forward --quiet <"$here/xen-4.20-ffamed.patch"
cp "$here/ffa_notif.c" "$tee/ffa_notif.c"
mkdir -p "$tee/libffamed/include/ffamed"
cp "$top"/libffamed/*.c "$top"/libffamed/*.h \
   "$top"/libffamed/Makefile.ffamed "$tee/libffamed/"
cp "$here/libffamed.mk" "$tee/libffamed/Makefile"
cp "$top"/include/ffamed/*.h "$tee/libffamed/include/ffamed/"
cp "$here/ffamed_xen_env.h" "$tee/libffamed/include/"
echo "libffamed applied to $xen"
