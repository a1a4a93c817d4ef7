#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Every suite under ThreadSanitizer, the race stress test among them.
set -euo pipefail
cd "$(dirname "$0")/../.."
cmake --preset tsan >/dev/null
cmake --build --preset tsan -j"$(nproc)" >/dev/null
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
ctest --preset tsan -j"$(nproc)"
build/tsan/tests/test_race | grep '^race:'
