#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Coverage of the core by the cmocka suites: at least 95% lines, 90% branches.
# Never give gcovr "-o /dev/null": gcovr 5.2 replaces the device with a file.
set -euo pipefail
cd "$(dirname "$0")/../.."
cmake --preset coverage >/dev/null
cmake --build --preset coverage -j"$(nproc)" >/dev/null
find build/coverage -name '*.gcda' -delete
ctest --preset coverage -j"$(nproc)" >build/coverage/ctest.log 2>&1 ||
	{ cat build/coverage/ctest.log; exit 1; }
gcovr -r . --filter 'libffamed/' --exclude-unreachable-branches build/coverage \
	--fail-under-line 95 --fail-under-branch 90 -s
