#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Build the libFuzzer harness with clang, ASan and UBSan: build/fuzz/fuzz_mediator.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p build/fuzz
clang -g -O1 -std=c11 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -DFFAMED_MAX_SP_PENDING=20 \
	-Wall -Wextra -Werror -Iinclude -Ilibffamed -Itests/support \
	fuzz/fuzz_mediator.c tests/support/spmc_model.c tests/support/fake_host.c \
	libffamed/*.c -lpthread -o build/fuzz/fuzz_mediator
