#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# The KVM adapter against Linux 6.12's arm64 UAPI, its ioctls behind a fake,
# cross-built for aarch64 and run under qemu-aarch64.
set -euo pipefail
cd "$(dirname "$0")/../.."
uapi=$(scripts/kvm/fetch-uapi.sh)
cmake -S . -B build/kvm --toolchain cmake/aarch64-linux-gnu.cmake \
	-DFFAMED_BUILD_DEMO=OFF -DFFAMED_KVM_UAPI_DIR="$uapi" >/dev/null
cmake --build build/kvm -j"$(nproc)" --target test_kvm_adapter >/dev/null
ctest --test-dir build/kvm -L kvm --output-on-failure
