#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Compile libffamed's core with the exact flags of pKVM's EL2 objects (taken
# from a built kernel's nvhe/mm.nvhe.o command) plus the adapter's, in seconds
# rather than a kernel build; then check what the core needs from outside:
# only memcpy/memset (the hyp's own copies), no __aarch64_* atomics helpers.
# Prints the largest stack frames (the EL2 stack is one page per CPU).
#   scripts/pkvm/hyp-cc.sh [BUILD_DIR]    (default: the stock build)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$("$top/scripts/pkvm/build-kernel.sh" --stock)}
cmdf=$build/arch/arm64/kvm/hyp/nvhe/.mm.nvhe.o.cmd
[ -s "$cmdf" ] || { echo "no $cmdf: build the kernel first" >&2; exit 1; }
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT
mkdir -p "$work/include/ffamed"
cp "$top"/include/ffamed/*.h "$work/include/ffamed/"
cp "$top/adapters/pkvm/ffamed_pkvm_env.h" "$work/include/"
# The saved command minus its dependency file, output and module names.
cmd=$(sed -n 's/^savedcmd_[^ ]* := //p' "$cmdf" |
	sed 's/ -Wp,-MMD,[^ ]*//; s/ -c -o .*//; s/-D_*KBUILD_[A-Z]*=[^ ]*//g')
cd "$build"
for f in "$top"/libffamed/*.c; do
	o=$work/$(basename "$f" .c).o
	eval "$cmd -I$work/include -DFFAMED_ENV_HEADER='\"ffamed_pkvm_env.h\"'" \
		-mno-outline-atomics -Werror -fstack-usage -c -o "$o" "$f"
done
aarch64-linux-gnu-ld -r -o "$work/core.o" "$work"/*.o
bad=$(aarch64-linux-gnu-nm -u "$work/core.o" | awk '{print $2}' | grep -vx -e memcpy -e memset || true)
echo "hyp-cc: $(ls "$top"/libffamed/*.c | wc -l) files, text+data $(aarch64-linux-gnu-size "$work/core.o" | awk 'NR==2 {print $1+$2}') bytes, bss $(aarch64-linux-gnu-size "$work/core.o" | awk 'NR==2 {print $3}')"
cat "$work"/*.su | sort -t$'\t' -k2 -n | tail -3 | sed 's/^/hyp-cc: frame: /'
[ -z "$bad" ] || { echo "hyp-cc: the core needs symbols the hyp lacks:" $bad >&2; exit 1; }
echo "hyp-cc: undefined: $(aarch64-linux-gnu-nm -u "$work/core.o" | awk '{print $2}' | tr '\n' ' ')"
