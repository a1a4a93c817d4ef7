#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# The KVM adapter against Linux 6.12's arm64 UAPI: its unit test (ioctls faked)
# under qemu-aarch64, then the real run: Debian trixie's arm64 kernel booted
# under qemu-system-aarch64, the test VMM driving two VMs on its KVM.
set -euo pipefail
cd "$(dirname "$0")/../.."
uapi=$(scripts/kvm/fetch-uapi.sh)
{ read -r image; read -r busybox; } < <(scripts/arm64/fetch-linux.sh)
cmake -S . -B build/kvm --toolchain cmake/aarch64-linux-gnu.cmake \
	-DFFAMED_BUILD_DEMO=OFF -DFFAMED_KVM_UAPI_DIR="$uapi" \
	-DFFAMED_ARM64_IMAGE="$image" -DFFAMED_ARM64_BUSYBOX="$busybox" >/dev/null
cmake --build build/kvm -j"$(nproc)" \
	--target test_kvm_adapter ffamed_vmm ffamed_kvm_guest >/dev/null
ctest --test-dir build/kvm -L kvm --output-on-failure
# The VMM's own summaries (plain, then flaky), for the log.
grep -h '^ffamed-vmm: \([0-9]\+ VMs\|rounds\|exits\|PASS\)' build/kvm/tests/kvm-boot/console.log
