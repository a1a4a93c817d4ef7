#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Boot Xen with libffamed on TF-A + OP-TEE (S-EL1 SPMC, NS-virtualization,
# debug build) under qemu-system-aarch64, with a Linux dom0 and two dom0less
# Linux domUs. OP-TEE's test watchdog sends each guest's OP-TEE driver one
# notification (its bottom-half value) per second; the check counts, per
# domain, what OP-TEE sent (its log: "WD <id> call_count N, timeout_count M")
# against what the guest's optee driver got (kprobes on notif_callback and
# notif_work_fn) and the NPIs/SRIs in /proc/interrupts. dom0 and domU1 also
# ping-pong VM-to-VM notifications (ffamed_notif_test.ko) meanwhile.
#   optee-boot-test.sh FLASH XEN IMAGE BUSYBOX MODDIR WORKDIR [COUNT]
# Each guest reports when its driver has had COUNT notifications (default
# 60: OP-TEE logs call_count 1..9 and every 60th, plus any late one).
set -euo pipefail
flash=$1 xen=$2 image=$3 busybox=$4 mods=$5 work=$6 count=${7:-60}
rounds=32
machine=virt,secure=on,virtualization=on,gic-version=3,acpi=off
cpu=max,sme=off,pauth-impdef=on
rm -rf "$work" && mkdir -p "$work"

# initramfs NAME PINGPONG-ARGS: busybox, the modules and an init that loads
# them, counts OP-TEE's notifications with kprobes and reports. dom0 powers
# the machine off once every guest has had time to report.
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
mount -t tracefs nodev /sys/kernel/tracing
t=/sys/kernel/tracing
# Armed before optee.ko loads: OP-TEE starts sending as the driver probes.
echo 'p:kprobes/optee_notif optee:notif_callback' >>\$t/kprobe_events
echo 'p:kprobes/optee_bh optee:notif_work_fn' >>\$t/kprobe_events
echo 1 >\$t/events/kprobes/enable
hits() { awk -v p=\$1 '\$1 == p { print \$2 }' \$t/kprobe_profile; }
# Per-CPU columns only (the header line has one field per CPU).
irqs() { awk -v n=\$1 'NR == 1 { c = NF } \$NF == n { for (i = 2; i <= c + 1; i++) s += \$i } END { print s + 0 }' /proc/interrupts; }
insmod /ffa-core.ko && insmod /ffa-module.ko
p=/sys/module/ffamed_notif_test/parameters
# VM-to-VM first, so that the NPIs counted below are OP-TEE's alone.
if [ -n "$2" ]; then
	insmod /ffamed_notif_test.ko $2 rounds=$rounds
	for i in \$(seq 600); do
		[ "\$(cat \$p/received)" -ge $rounds ] && break
		[ "\$(cat \$p/errors)" -gt 0 ] && break
		sleep 0.1
	done
	echo "$1: ffamed-test sent \$(cat \$p/sent) received \$(cat \$p/received) errors \$(cat \$p/errors)"
fi
npi=\$(irqs ARM-FFA-NPI) sri=\$(irqs ARM-FFA-SRI)
insmod /tee.ko && insmod /optee.ko
dmesg | grep -i 'ff-a\|optee' | grep -v 'fetch failed' | sed 's/^/$1: /'
for i in \$(seq 3000); do
	[ "\$(hits optee_notif)" -ge $count ] && break
	sleep 0.1
done
echo "$1: optee notifications \$(hits optee_notif) bottom-halves \$(hits optee_bh) NPI \$((\$(irqs ARM-FFA-NPI) - npi)) SRI \$((\$(irqs ARM-FFA-SRI) - sri))"
grep ARM-FFA /proc/interrupts | sed 's/^/$1: /'
if [ $1 = dom0 ]; then sleep 15; poweroff -f; fi
while :; do sleep 60; done
INIT
	chmod +x "$root/init"
	(cd "$root" && find . | cpio -o -H newc --quiet) >"$work/$1.cpio"
}
# FF-A ids under Xen: domain id + 1 (dom0 1, domU1 2, domU2 3).
initramfs dom0 "peer=2 initiator=1"
initramfs domU1 "peer=1 initiator=0"
initramfs domU2 ""

# Load addresses of the boot modules (2 GiB of RAM from 0x40000000; QEMU's DTB
# sits at its base, Xen at TF-A's preloaded BL33 address 0x60000000).
k0=0x47000000 r0=0x4c000000 k1=0x50000000 r1=0x55000000 k2=0x58000000 r2=0x5d000000
size() { printf '0x%x' "$(stat -c %s "$1")"; }

dtb=$work/xen.dtb
qemu-system-aarch64 -machine "$machine,dumpdtb=$dtb" -cpu "$cpu" -smp 2 -m 2048 \
	-nographic -nic none >/dev/null 2>&1
module() { # node compatible addr file
	fdtput -c "$dtb" "$1"
	fdtput -t s "$dtb" "$1" compatible "$2" multiboot,module
	fdtput -t x "$dtb" "$1" reg 0 "$3" 0 "$(size "$4")"
}
fdtput -t i "$dtb" /chosen '#address-cells' 2
fdtput -t i "$dtb" /chosen '#size-cells' 2
fdtput -t s "$dtb" /chosen xen,xen-bootargs \
	"console=dtuart dom0_mem=512M dom0_max_vcpus=1 bootscrub=0 loglvl=all guest_loglvl=all"
fdtput -t s "$dtb" /chosen xen,dom0-bootargs "console=hvc0 rdinit=/init quiet"
module /chosen/module@${k0#0x} multiboot,kernel $k0 "$image"
module /chosen/module@${r0#0x} multiboot,ramdisk $r0 "$work/dom0.cpio"
domu() { # name kernel-addr ramdisk-addr
	fdtput -c "$dtb" /chosen/$1
	fdtput -t s "$dtb" /chosen/$1 compatible xen,domain
	fdtput -t i "$dtb" /chosen/$1 '#address-cells' 2
	fdtput -t i "$dtb" /chosen/$1 '#size-cells' 2
	fdtput -t x "$dtb" /chosen/$1 memory 0 0x40000
	fdtput -t i "$dtb" /chosen/$1 cpus 1
	fdtput -t s "$dtb" /chosen/$1 vpl011 ""
	fdtput -t s "$dtb" /chosen/$1 xen,tee ffa
	module /chosen/$1/module@${2#0x} multiboot,kernel $2 "$image"
	module /chosen/$1/module@${3#0x} multiboot,ramdisk $3 "$work/$1.cpio"
	fdtput -t s "$dtb" /chosen/$1/module@${2#0x} bootargs "console=ttyAMA0 rdinit=/init quiet"
}
# Xen numbers dom0less domains in node order and fdtput -c puts a new node
# first: add domU2 first so that domU1 is domain 1 (FF-A id 2).
domu domU2 $k2 $r2
domu domU1 $k1 $r1

# OP-TEE writes to the secure UART (QEMU's second serial port). A panic
# anywhere ends the run at once instead of at the time limit.
qemu-system-aarch64 -machine "$machine" -cpu "$cpu" -smp 2 -m 2048 \
	-nographic -nic none -no-reboot -bios "$flash" -dtb "$dtb" \
	-serial mon:stdio -serial file:"$work/secure.log" \
	-device loader,file="$xen",addr=0x60000000,force-raw=on \
	-device loader,file="$image",addr=$k0,force-raw=on \
	-device loader,file="$work/dom0.cpio",addr=$r0,force-raw=on \
	-device loader,file="$image",addr=$k1,force-raw=on \
	-device loader,file="$work/domU1.cpio",addr=$r1,force-raw=on \
	-device loader,file="$image",addr=$k2,force-raw=on \
	-device loader,file="$work/domU2.cpio",addr=$r2,force-raw=on \
	</dev/null >"$work/console.log" 2>&1 &
qpid=$!
for _ in $(seq 600); do
	kill -0 $qpid 2>/dev/null || break
	if grep -q -s -E 'Panic|Kernel panic|Xen BUG' "$work/console.log" "$work/secure.log"; then
		sleep 2; break
	fi
	sleep 1
done
kill $qpid 2>/dev/null || true
wait $qpid 2>/dev/null || true
tr -d '\r' <"$work/console.log" >"$work/console.txt"
tr -d '\r' <"$work/secure.log" >"$work/secure.txt"

fail=0
bad() { echo "xen-optee: $*"; fail=1; }
expect() { grep -q -- "$1" "$work/console.txt" || bad "missing: $1"; }
expect 'ffa: notifications mediated by libffamed: SP and VM-to-VM'
expect 'Using TEE mediator for FF-A'
expect "dom0: ffamed-test sent $rounds received $rounds errors 0"
expect "domU1: ffamed-test sent $rounds received $rounds errors 0"
# Per domain: OP-TEE sent COUNT notifications, none late, the driver got each
# one once, ran each bottom half, and each came with one NPI.
for name in dom0 domU1 domU2; do
	# FF-A id = domain id + 1; a domU's console lines come as "(XEN) DOM<n>: ".
	id=1
	[ $name = dom0 ] || id=$(sed -n "s/^(XEN) DOM\([0-9]*\): $name: .*/\1/p" "$work/console.txt" | head -n1)
	[ -n "$id" ] || { bad "$name: no console output"; continue; }
	[ $name = dom0 ] || id=$((id + 1))
	{ grep "WD $id call_count" "$work/secure.txt" || true; } |
		sed "s/^.*WD/xen-optee: $name: OP-TEE: WD/" | tail -n 3
	line=$(grep -o "$name: optee notifications .*" "$work/console.txt" | head -n1 || true)
	echo "xen-optee: ${line:-$name: no report}"
	grep -q "WD $id call_count $count, timeout_count 0\$" "$work/secure.txt" ||
		bad "$name: OP-TEE never logged WD $id call_count $count, timeout_count 0"
	[ -n "$line" ] || { bad "$name: no report"; continue; }
	set -- $line
	[ "$4" = "$count" ] || bad "$name: $4 notifications delivered, OP-TEE sent $count"
	[ "$6" = "$count" ] || bad "$name: $6 bottom halves for $count notifications"
	# OP-TEE lists a VM in every INFO_GET until that VM calls GET, so an SRI
	# for another VM in between gets this one a second, empty NPI: counted,
	# and a failure only with FFAMED_OPTEE_EXACT_NPI=1.
	if [ "$8" -lt "$count" ] || { [ "$8" != "$count" ] && [ "${FFAMED_OPTEE_EXACT_NPI:-0}" = 1 ]; }; then
		bad "$name: $8 NPIs for $count notifications"
	elif [ "$8" != "$count" ]; then
		echo "xen-optee: $name: $(($8 - count)) extra NPIs (the VM was listed again before its GET)"
	fi
	[ "${10}" = 0 ] || bad "$name: ${10} SRIs injected (the NPI alone must do)"
done
late=$(grep -E 'WD [0-9]+ call_count [0-9]+, timeout_count [1-9]' "$work/secure.txt" || true)
[ -z "$late" ] || bad "OP-TEE saw late notifications: $(echo "$late" | head -3)"
if grep -q 'Notification Info fetch failed' "$work/console.txt"; then
	bad "$(grep -c 'Notification Info fetch failed' "$work/console.txt") 'fetch failed' lines"
fi
# Xen's own error and warning lines, and any complaint from the FF-A code.
xenbad=$(grep -E '^\(XEN\) ' "$work/console.txt" | grep -v '^(XEN) DOM[0-9]' |
	grep -E 'error|warning|WARN|ERR|(ffa|ffamed|FF-A).*([Ff]ail|leak|denied|cut short|unexpected)' || true)
[ -z "$xenbad" ] || bad "Xen: $(echo "$xenbad" | head -5)"
if grep -q -E 'Panic on CPU|Xen BUG|Kernel panic|Unable to handle kernel|FATAL|Oops' \
	"$work/console.txt" "$work/secure.txt"; then
	bad "crash in the log"
fi
if [ $fail -ne 0 ]; then
	echo "xen-optee: FAIL (logs: $work/console.txt, $work/secure.txt)"
	tail -30 "$work/console.txt"; tail -15 "$work/secure.txt"; exit 1
fi
echo "xen-optee: PASS: dom0, domU1 and domU2 each got OP-TEE's $count notifications, none late; $rounds VM-to-VM each way"
