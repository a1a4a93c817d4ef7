#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Fill the cache for the later stages of scripts/test.sh: the firmware, Linux
# and Hafnium builds and downloads they need, in the order the stages need
# them. scripts/test.sh starts this in the background at nice 10 when it
# starts, so that on an empty cache these builds use the CPU that the earlier
# stages leave idle (the fuzz run is one core, the QEMU boots mostly one).
# Each step is the very script, with the very arguments, that its stage calls:
# cached under ${XDG_CACHE_HOME:-~/.cache}/libffamed, keyed on its inputs and
# locked, so a stage that gets there first waits for the build in progress
# and then finds it done, and nothing is built twice. With a full cache every
# step returns at once. A step that fails is logged and the next one runs;
# the stage that needs it builds it again and fails on its own.
#   scripts/prebuild.sh        exits non-zero if any step failed
set -uo pipefail
cd "$(dirname "$0")/.."
t0=$SECONDS
failed=0
step() {
	local t=$SECONDS
	if "$@" >/dev/null; then
		echo "prebuild: $*: ok ($((SECONDS - t)) s, at $((SECONDS - t0)) s)"
	else
		echo "prebuild: $*: FAILED ($((SECONDS - t)) s)"
		failed=$((failed + 1))
	fi
}
# 65-xen-boot (and 66, 70): Debian's arm64 kernel, TF-A with its EL3 SPMC,
# the FF-A and OP-TEE modules.
step scripts/arm64/fetch-linux.sh
step scripts/xen/build-tf-a.sh
step scripts/xen/build-linux-modules.sh
# 66-xen-optee: OP-TEE and TF-A, Debian's Xen tools and Linux 7.x.
step scripts/xen/build-tf-a.sh optee
step scripts/xen/fetch-xen-tools.sh
step scripts/xen/fetch-linux7.sh
# 70-kvm-adapter: the UAPI headers.
step scripts/kvm/fetch-uapi.sh
# 75-hafnium: both builds.
step scripts/hafnium/build.sh stock
step scripts/hafnium/build.sh ffamed
# 77-pkvm: Linux 7.x stock and patched, the 6.12 EL2 objects, OP-TEE
# without NS-virtualization.
step scripts/pkvm/build-kernel.sh --stock
step scripts/pkvm/build-kernel.sh
step scripts/pkvm/build-kernel.sh --hyp 6.12
step scripts/pkvm/build-kernel.sh --stock --hyp 6.12
step scripts/pkvm/build-optee-novirt.sh
echo "prebuild: done in $((SECONDS - t0)) s, $failed failed"
[ $failed -eq 0 ]
