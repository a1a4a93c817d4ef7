#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Boot Xen with libffamed on TF-A (EL3 SPMC) under qemu-system-aarch64, with a
# Linux dom0 and a dom0less Linux domU, and pass FF-A notifications between
# them with tests/xen/linux/ffamed_notif_test.ko (ping-pong, exact counts).
#   boot-test.sh FLASH XEN IMAGE BUSYBOX MODDIR WORKDIR [ROUNDS]
# MODDIR holds ffa-core.ko, ffa-module.ko and ffamed_notif_test.ko.
set -euo pipefail
flash=$1 xen=$2 image=$3 busybox=$4 mods=$5 work=$6 rounds=${7:-32}
machine=virt,secure=on,virtualization=on,gic-version=3,acpi=off
cpu=max,sme=off,pauth-impdef=on
rm -rf "$work" && mkdir -p "$work"

# initramfs NAME PEER INITIATOR: busybox, the modules and an init that loads
# them, waits for the ping-pong to finish and reports.
initramfs() {
	local root=$work/$1
	mkdir -p "$root/bin"
	cp "$busybox" "$root/bin/busybox"
	cp "$mods"/*.ko "$root/"
	cat >"$root/init" <<INIT
#!/bin/busybox sh
export PATH=/bin
/bin/busybox --install -s /bin
mkdir -p /proc /sys /dev
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
insmod /ffa-core.ko && insmod /ffa-module.ko
dmesg | grep -i 'ff-a' | sed 's/^/$1: /'
insmod /ffamed_notif_test.ko peer=$2 initiator=$3 rounds=$rounds ${4:-}
p=/sys/module/ffamed_notif_test/parameters
for i in \$(seq 600); do
	[ "\$(cat \$p/received 2>/dev/null || echo 0)" -ge $rounds ] && break
	[ "\$(cat \$p/errors 2>/dev/null || echo 0)" -gt 0 ] && break
	sleep 0.1
done
echo "$1: ffamed-test sent \$(cat \$p/sent) received \$(cat \$p/received) errors \$(cat \$p/errors)"
dmesg | grep 'ffamed-test' | sed 's/^/$1: /'
if [ $3 = 1 ]; then sleep 2; poweroff -f; fi
while :; do sleep 60; done
INIT
	chmod +x "$root/init"
	(cd "$root" && find . | cpio -o -H newc --quiet) >"$work/$1.cpio"
}
# FF-A ids under Xen: domain id + 1.
# dom0 also tries SP notifications with the TSP (id 0x8001): this SPMC has none.
initramfs dom0 2 1 sp=0x8001
initramfs domU 1 0

# Load addresses of the boot modules (2 GiB of RAM from 0x40000000; QEMU's DTB
# sits at its base, Xen at TF-A's preloaded BL33 address 0x60000000).
k0=0x47000000 r0=0x4c000000 k1=0x50000000 r1=0x55000000
dtb=$work/xen.dtb
. "$(dirname "$0")/xen-dtb.sh"
xen_dtb_dom0 $k0 $r0 "$image" "$work/dom0.cpio"
xen_dtb_domu domU1 $k1 $r1 "$image" "$work/domU.cpio"

timeout 300 qemu-system-aarch64 -machine "$machine" -cpu "$cpu" -smp 2 -m 2048 \
	-nographic -nic none -no-reboot -bios "$flash" -dtb "$dtb" \
	-device loader,file="$xen",addr=0x60000000,force-raw=on \
	-device loader,file="$image",addr=$k0,force-raw=on \
	-device loader,file="$work/dom0.cpio",addr=$r0,force-raw=on \
	-device loader,file="$image",addr=$k1,force-raw=on \
	-device loader,file="$work/domU.cpio",addr=$r1,force-raw=on \
	>"$work/console.log" 2>&1 || true
tr -d '\r' <"$work/console.log" >"$work/console.txt"

fail=0
expect() { grep -q -- "$1" "$work/console.txt" || { echo "xen-boot: missing: $1"; fail=1; }; }
expect 'ffa: notifications mediated by libffamed'
expect 'Using TEE mediator for FF-A'
expect "dom0: ffamed-test sent $rounds received $rounds errors 0"
expect "domU: ffamed-test sent $rounds received $rounds errors 0"
expect "ffamed-test: SP 0x8001: bind -95 set -95"
if grep -q -E 'Panic on CPU|Xen BUG|Kernel panic|Unable to handle kernel|FATAL' "$work/console.txt"; then
	echo "xen-boot: crash in the log"
	fail=1
fi
grep -E 'ffamed|libffamed|ffamed-test|FF-A' "$work/console.txt" |
	grep -v '^NOTICE\|^INFO\|Notification Info fetch failed' | head -40 || true
# Linux 6.12 logs INFO_GET's NO_DATA as a failure: the SRI found the work done.
echo "xen-boot: INFO_GET answered NO_DATA $(grep -c 'Notification Info fetch failed: 0x84000060 (0xfffffff7)' "$work/console.txt" || true) times"
if [ $fail -ne 0 ]; then
	echo "xen-boot: FAIL (log: $work/console.txt)"; tail -30 "$work/console.txt"; exit 1
fi
echo "xen-boot: PASS: $rounds notifications each way between dom0 and domU through Xen + libffamed"
