#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Xen 4.20 (Debian trixie's source) with the libffamed adapter in place of
# ffa_notif.c, built for arm64 with Xen's own -Werror flags. Fails on any
# compiler warning or if the hypervisor does not link with the core.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$PWD/build/xen
src=$(scripts/xen/build.sh "$work")
warnings=$(grep -c 'warning:' "$work/build.log" || true)
echo "Xen build: $(grep -c ' CC ' "$work/build.log") objects, $warnings warnings"
grep 'warning:' "$work/build.log" | head -20 || true
aarch64-linux-gnu-nm "$src/xen/xen-syms" >"$work/xen-syms.nm"
for sym in ffamed_guest_call ffamed_sri_handle ffamed_vm_init ffamed_vm_destroy \
	   ffa_notif_handle_features; do
	grep -q " T $sym\$" "$work/xen-syms.nm" || { echo "xen-syms lacks $sym"; exit 1; }
done
echo "xen-syms links the core (ffamed_guest_call, ffamed_sri_handle, ...)"
ls -l "$src/xen/xen"
[ "$warnings" -eq 0 ]
