#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Xen 4.20 with libffamed booted on TF-A's EL3 SPMC under qemu-system-aarch64:
# a Linux dom0 and a dom0less Linux domU (both Debian trixie's arm64 6.12)
# pass FF-A notifications to each other through Xen and libffamed.
# Everything comes from Debian packages; builds are cached in
# ${XDG_CACHE_HOME:-~/.cache}/libffamed, keyed on their inputs.
set -euo pipefail
cd "$(dirname "$0")/../.."
top=$PWD
{ read -r image; read -r busybox; } < <(scripts/arm64/fetch-linux.sh)
flash=$(scripts/xen/build-tf-a.sh)
mods=$(scripts/xen/build-linux-modules.sh)
# Xen as stage 60 builds it, plus a test aid: dom0less domains get FF-A
# with xen,tee = "ffa" (Xen 4.20 gives FF-A to dom0 and xl domains only).
src=$(scripts/xen/build.sh "$top/build/xen-boot" "$top/tests/xen/dom0less-tee.patch")
tests/xen/boot-test.sh "$flash" "$src/xen/xen" "$image" "$busybox" "$mods" \
	"$top/build/xen-boot/run" 32
