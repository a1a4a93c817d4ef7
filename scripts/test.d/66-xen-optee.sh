#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Xen 4.20 with libffamed on a real secure world: TF-A's SPMD with OP-TEE 4.5.0
# as the S-EL1 SPMC under qemu-system-aarch64; OP-TEE's test watchdog notifies
# dom0 and two dom0less domUs (Debian trixie's arm64 6.12; domU2 runs
# trixie-backports' newest 7.x) once a second and the test counts every
# notification sent and delivered, after VM-to-VM ping-pongs between dom0 and
# each domU (with domU2 in both directions); then dom0 creates and
# destroys six domUs with Debian's xl, each notified in turn
# (tests/xen/optee-boot-test.sh).
# Builds are cached in ${XDG_CACHE_HOME:-~/.cache}/libffamed, keyed on inputs.
set -euo pipefail
cd "$(dirname "$0")/../.."
top=$PWD
{ read -r image; read -r busybox; } < <(scripts/arm64/fetch-linux.sh)
flash=$(scripts/xen/build-tf-a.sh optee)
mods=$(scripts/xen/build-linux-modules.sh)
tools=$(scripts/xen/fetch-xen-tools.sh)
linux7=$(scripts/xen/fetch-linux7.sh)
# The same Xen as stage 65 builds (reused when its inputs have not changed).
src=$(scripts/xen/build.sh "$top/build/xen-boot" "$top/tests/xen/dom0less-tee.patch")
tests/xen/optee-boot-test.sh "$flash" "$src/xen/xen" "$image" "$busybox" "$mods" \
	"$top/build/xen-optee/run" "$linux7" "${FFAMED_OPTEE_COUNT:-60}" "$tools" 6
