#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# pKVM adapter (adapters/pkvm): Debian's Linux 7.x (trixie-backports) with the
# adapter applied, a small config built (stock first, then the patched tree on
# top of its objects); kvm_nvhe.o must need nothing from outside the hyp that
# the stock one does not, and Image must link. Debian's 6.12 tree: the EL2
# object only. Then both kernels booted with kvm-arm.mode=protected on TF-A
# (SPD=spmd, its EL3 SPMC: no notifications), nVHE and hVHE: pKVM must report
# its mode initialized, and the test module's host, acting as other endpoints
# in 10 calls, must be refused by EL2 10 times with the adapter, 0 without.
set -euo pipefail
cd "$(dirname "$0")/../.."
stock=$(scripts/pkvm/build-kernel.sh --stock)
patched=$(scripts/pkvm/build-kernel.sh)
echo "pkvm: $(cat "$stock/.built"): make $(cat "$stock/build-seconds") s, patched on top: $(cat "$patched/build-seconds") s"
scripts/pkvm/check-hyp-link.sh "$patched" "$stock"
scripts/pkvm/check-hyp-link.sh "$(scripts/pkvm/build-kernel.sh --hyp 6.12)" \
	"$(scripts/pkvm/build-kernel.sh --stock --hyp 6.12)"

flash=$(scripts/xen/build-tf-a.sh)
fail=0
for kind in stock patched; do
	build=${!kind}
	want=0; [ $kind = patched ] && want=10
	ko=$(scripts/pkvm/build-test-module.sh "$build")
	for mode in nvhe hvhe; do
		work=build/pkvm/$kind-$mode
		PKVM_INSMOD=$ko scripts/pkvm/boot.sh "$build" "$work" "$mode" "$flash" >/dev/null ||
			{ echo "pkvm: $kind $mode: no protected mode" >&2; fail=1; continue; }
		# (The serial console ends lines with CR LF.)
		sum=$(grep -m1 '^init: ffamed-pkvm-test: summary' "$work/console.log" | tr -d '\r' || true)
		echo "pkvm: $kind $mode: $(grep -o 'Protected .* initialized successfully' "$work/console.log" | head -n1); ${sum#init: ffamed-pkvm-test: }"
		[ "$sum" = "init: ffamed-pkvm-test: summary bad=10 refused=$want good=4" ] ||
			{ grep '^init: ffamed-pkvm-test' "$work/console.log" >&2; fail=1; }
	done
done
exit $fail
