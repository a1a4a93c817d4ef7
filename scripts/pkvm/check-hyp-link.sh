#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# The patched kernel's EL2 object against the stock one: kvm_nvhe.o may need
# nothing from outside the hyp that the stock one does not (every symbol in it
# is __kvm_nvhe_-prefixed; vmlinux resolves only the aliases in image-vars.h),
# libffamed must be in it, and (unless a --hyp build) vmlinux and Image linked.
#   scripts/pkvm/check-hyp-link.sh PATCHED_BUILD STOCK_BUILD
set -euo pipefail
patched=$1 stock=$2
nvhe=arch/arm64/kvm/hyp/nvhe/kvm_nvhe.o
und() { aarch64-linux-gnu-nm -u "$1/$nvhe" | awk '{print $2}' | sort -u; }
extra=$(comm -23 <(und "$patched") <(und "$stock"))
[ -z "$extra" ] || { echo "check-hyp-link: kvm_nvhe.o needs more than stock:" $extra >&2; exit 1; }
# A --hyp build has no vmlinux: then the symbols must be in kvm_nvhe.o.
whole=$patched/vmlinux
[ -e "$whole" ] || whole=$patched/$nvhe
# (nm into a file: grep -q would end nm early, a SIGPIPE under pipefail.)
aarch64-linux-gnu-nm "$whole" >"$patched/nm.txt"
for s in __kvm_nvhe_ffamed_host_call __kvm_nvhe_pkvm_ffamed_host_call; do
	grep -q " [Tt] $s\$" "$patched/nm.txt" ||
		{ echo "check-hyp-link: $s not in $whole" >&2; exit 1; }
done
[ ! -e "$patched/vmlinux" ] || [ -s "$patched/arch/arm64/boot/Image" ] ||
	{ echo "check-hyp-link: vmlinux but no Image" >&2; exit 1; }
n=$(aarch64-linux-gnu-nm "$patched/$nvhe" | grep -c ' [Tt] __kvm_nvhe_ffamed_' || true)
echo "check-hyp-link: kvm_nvhe.o: $(und "$patched" | wc -l) undefined (as stock), $n libffamed functions; hyp text $(aarch64-linux-gnu-size -A "$patched/$nvhe" | awk '$1==".hyp.text" {print $2}') bytes (stock $(aarch64-linux-gnu-size -A "$stock/$nvhe" | awk '$1==".hyp.text" {print $2}'))"
