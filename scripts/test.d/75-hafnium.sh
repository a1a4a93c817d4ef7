#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Hafnium v2.15.0, normal-world hypervisor (qemu_aarch64_vhe), built twice:
# stock and with libffamed (adapters/hafnium). Both boot the same VM <-> VM
# notification guests (tests/hafnium/guests) under qemu-system-aarch64:
# with libffamed all four tests pass, each of 32 rounds taken through an NPI;
# stock, the lines below show what it lacks. Then a share of Hafnium's own
# test suites on the libffamed build, to show nothing else moved.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/deps.sh test	# qemu-system-arm
work=$PWD/build/hafnium
rm -rf "$work" && mkdir -p "$work"
stock=$(scripts/hafnium/build.sh stock)/out/reference
ffamed=$(scripts/hafnium/build.sh ffamed)/out/reference
guests=qemu_aarch64_vhe_vm_clang/obj/test/vmapi/ffamed_notif/ffamed_notif_test/initrd.img
hv=qemu_aarch64_vhe_clang/hafnium.bin

# Every line must be in the logs of that run, exactly.
expect() {	# logdir line...
	local dir=$1 line bad=0; shift
	for line in "$@"; do
		grep -qF -- "$line" "$dir"/*.log || { echo "missing: $line"; bad=1; }
	done
	return "$bad"
}

echo "== libffamed: notification guests"
scripts/hafnium/hftest.sh "$ffamed/$hv" "$ffamed/$guests" . "$work/ffamed"
expect "$work/ffamed" \
	"receiver global: bind=0 rounds=32 via_npi=32 polled=0 wrong=0 npis=32" \
	"primary->secondary global: rounds=32 set_failed=0 first_err=0 sri=32 listed=32" \
	"receiver per-vcpu: bind=0 rounds=32 via_npi=32 polled=0 wrong=0 npis=32" \
	"primary->secondary per-vcpu: rounds=32 set_failed=0 first_err=0 sri=32 listed=32" \
	"secondary->primary global: bind=0 rounds=32 via_npi=32 polled=0 wrong=0 npis=32" \
	"secondary->primary per-vcpu: bind=0 rounds=32 via_npi=32 polled=0 wrong=0 npis=32" \
	"secondary->primary vcpu1: on0=0x0 on1=0x8000000000000000 npi_on0=0"

echo "== stock Hafnium: the same guests (expected to fail)"
if scripts/hafnium/hftest.sh "$stock/$hv" "$stock/$guests" . "$work/stock"; then
	echo "stock Hafnium passed the notification guests: the comparison is void"
	exit 1
fi
# Global VM -> VM notifications arrive only by polling (no NPI, no SRI);
# per-vCPU ones are refused; the primary cannot receive at all.
expect "$work/stock" \
	"receiver global: bind=0 rounds=32 via_npi=0 polled=32 wrong=0 npis=0" \
	"primary->secondary global: rounds=32 set_failed=0 first_err=0 sri=0 listed=32" \
	"receiver per-vcpu: bind=-2" \
	"primary->secondary per-vcpu: rounds=32 set_failed=32 first_err=-2 sri=0" \
	"secondary->primary global: bind=-1" \
	"sender global: rounds=32 set_failed=32 first_err=-6" \
	"secondary->primary per-vcpu: bind=-2"
grep -h 'ffamed_notif ' "$work/stock"/*.log | sed 's/^.*\[hftest\] /stock: /'

echo "== libffamed: Hafnium's own suites (a share)"
scripts/hafnium/hftest.sh "$ffamed/$hv" \
	"$ffamed/qemu_aarch64_vhe_vm_clang/obj/test/vmapi/primary_with_secondaries/primary_with_secondaries_test/initrd.img" \
	'^(ffa|ffa_run|ffa_rxtx_map|ffa_rxtx_unmap|ffa_partition_info_get|indirect_messaging.*|direct_message|boot|hf_vm_get_id)\.' \
	"$work/ffamed-upstream" | tail -1
