#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# cppcheck and clang-tidy (checks in .clang-tidy) over the core: must be clean.
set -euo pipefail
cd "$(dirname "$0")/../.."
cppcheck --enable=warning,style,performance,portability --std=c11 \
	--error-exitcode=1 --inline-suppr --quiet \
	-Iinclude -Ilibffamed -UFFAMED_ENV_HEADER \
	--suppress=missingIncludeSystem libffamed/
echo "cppcheck: clean"
clang-tidy --quiet libffamed/*.c -- -std=c11 -Iinclude -Ilibffamed
echo "clang-tidy: clean"
