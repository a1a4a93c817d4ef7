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
# Then both on OP-TEE as the S-EL1 SPMC without NS-virtualization (host =
# endpoint 0), nVHE: the stock kernel's optee driver must fail to enable async
# notifications (EL2 answers NOT_SUPPORTED) and OP-TEE's test watchdog never
# start; the patched one must get exactly the notifications OP-TEE sent.
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

# OP-TEE's watchdog notifies once a second; each call k sets "pending", the
# driver's bottom half clears it, and a call that finds it set counts a
# timeout and logs "WD call_count C, timeout_count M" (calls 1..9 are logged
# anyway). boot.sh counts N bottom halves with kprobes, then unbinds the
# driver: OP-TEE's first timeout is then logged at call C = K + 2, where K is
# the number of notifications the driver got (calls 1..K each answered, call
# K+1 not). So K = C - 2 exactly, and no timeout before.
n=15
flash=$(scripts/pkvm/build-optee-novirt.sh)
for kind in stock patched; do
	PKVM_NOTIF=$n scripts/pkvm/boot.sh "${!kind}" "build/pkvm/notif-$kind" nvhe "$flash" \
		>/dev/null 2>&1 &
done
wait
for kind in stock patched; do
	log=build/pkvm/notif-$kind/console.log sec=build/pkvm/notif-$kind/secure.log
	grep -q 'Protected nVHE mode initialized successfully' "$log" ||
		{ echo "pkvm: notif $kind: no protected mode" >&2; fail=1; continue; }
	bound=$(grep -a -m1 '^init: notif: bound' "$log" | tr -d '\r')
	unbound=$(grep -a -m1 '^init: notif: unbound' "$log" | tr -d '\r')
	k=$(echo "$unbound" | sed -n 's/.* notif=\([0-9]*\) .*/\1/p')
	wd=$(grep -a -o 'WD call_count [0-9]*, timeout_count [0-9]*' "$sec" | tr -d , | cut -d' ' -f3,5 || true)
	first=$(echo "$wd" | awk '$2 != 0 { print; exit }')
	started=$(grep -a -c 'Asynchronous notifications started' "$sec" || true)
	asyncfail=$(grep -a -c 'optee: Failed to initialize async notifications: -95' "$log" || true)
	echo "pkvm: notif $kind: ${bound#init: notif: }; ${unbound#init: notif: }; OP-TEE: $(echo "$wd" | grep -c . || true) WD lines, first timeout (call, count) ${first:-none}"
	if [ $kind = stock ]; then
		[ "$asyncfail" -ge 1 ] && [ -z "$wd" ] && [ "$started" = 0 ] && [ "$k" = 0 ] &&
			echo "$bound" | grep -q ' notif=0 bhdone=0 ' || { echo "pkvm: notif stock: expected -95 and no watchdog" >&2; fail=1; }
	else
		# Calls 1..9 logged with no timeout, then the first at K+2, count 1.
		[ "$asyncfail" = 0 ] && [ -n "$k" ] && [ "$k" -ge $n ] &&
			echo "$unbound" | grep -q " notif=$k bhdone=$k " &&
			[ "$(echo "$wd" | head -n 9 | tr '\n' ' ')" = "1 0 2 0 3 0 4 0 5 0 6 0 7 0 8 0 9 0 " ] &&
			[ "$first" = "$((k + 2)) 1" ] ||
			{ echo "pkvm: notif patched: counts do not match" >&2; grep -a 'optee\|init: notif' "$log" >&2; fail=1; }
	fi
done
exit $fail
