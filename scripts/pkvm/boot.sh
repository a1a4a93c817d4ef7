#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Boot a kernel from scripts/pkvm/build-kernel.sh under qemu-system-aarch64
# (virt, EL2, GICv3, -cpu max) with kvm-arm.mode=protected and a busybox
# initramfs that prints the kernel's KVM and FF-A lines (and loads
# $PKVM_INSMOD if set, counts notifications if $PKVM_NOTIF is), then powers off.
#   scripts/pkvm/boot.sh BUILD_DIR WORKDIR [hvhe|nvhe|'EXTRA ARGS'] [FLASH]
# Without TFA_DIR the kernel starts straight at EL2 (-kernel; QEMU's own PSCI
# by SMC, no FF-A). With FLASH (TF-A's bl1.bin + fip.bin at 256 KiB, built
# PLAT=qemu SPD=spmd with OP-TEE as BL32, ARM_LINUX_KERNEL_AS_BL33=1
# PRELOADED_BL33_BASE=0x60000000) TF-A boots and enters the Image as BL33. Prints the "mode initialized" line; fails without it.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$1 work=$2 mode=${3:-hvhe} tfa=${4:-}
image=$build/arch/arm64/boot/Image
busybox=$("$top/scripts/trixie-apt.sh" deb busybox-static:arm64)

rm -rf "$work" && mkdir -p "$work/root/bin" "$work/bb"
dpkg-deb -x "$busybox" "$work/bb"
cp "$(find "$work/bb" -type f -path '*bin/busybox' | head -n1)" "$work/root/bin/busybox"
cat >"$work/root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox mkdir -p /proc /dev /sys
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sys /sys
/bin/busybox mount -t devtmpfs dev /dev
echo "init: $(/bin/busybox uname -r) $(/bin/busybox cat /proc/cmdline)"
/bin/busybox dmesg | /bin/busybox grep -iE 'kvm|ffa|optee|tee|hyp' | /bin/busybox sed 's/^/init: dmesg: /'
INIT
# PKVM_INSMOD=FILE.ko: loaded after boot (e.g. the test module), its lines shown.
if [ -n "${PKVM_INSMOD:-}" ]; then
	cp "$PKVM_INSMOD" "$work/root/test.ko"
	cat >>"$work/root/init" <<'INIT'
/bin/busybox insmod /test.ko && /bin/busybox dmesg | /bin/busybox grep ffamed-pkvm-test | /bin/busybox sed "s/^/init: /"
INIT
fi
kprobes=""
# PKVM_NOTIF=N: count the optee driver's notifications with kprobe events set
# on the command line (so they are armed before the driver probes and enables
# OP-TEE's watchdog): "notif" = notif_callback() (the FF-A driver hands it the
# notification), "bhdone" = return of notif_work_fn() (its bottom half, the
# yielding call that clears OP-TEE's pending flag). Wait for N bottom halves
# (at most N+5 s), print the hits, unbind the driver (its notifications
# stop, so OP-TEE's watchdog soon logs a timeout: its exact call_count), wait
# 3 s and print the hits again.
if [ -n "${PKVM_NOTIF:-}" ]; then
	cat >>"$work/root/init" <<INIT
n=$PKVM_NOTIF
INIT
	cat >>"$work/root/init" <<'INIT'
bb=/bin/busybox t=/sys/kernel/tracing
$bb mount -t tracefs nodev $t
hits() { $bb awk -v e="$1" '$1 == e { print $2 }' $t/kprobe_profile; }
up() { $bb cut -d. -f1 /proc/uptime; }
end=$(( $(up) + n + 5 ))
while [ "$(hits bhdone)" -lt "$n" ] && [ "$(up)" -lt "$end" ]; do $bb usleep 100000; done
echo "init: notif: bound notif=$(hits notif) bhdone=$(hits bhdone) uptime=$($bb cat /proc/uptime)"
for d in /sys/bus/arm_ffa/drivers/optee/arm-ffa-*; do
	[ -e "$d" ] && echo "${d##*/}" >/sys/bus/arm_ffa/drivers/optee/unbind
done
$bb sleep 3
echo "init: notif: unbound notif=$(hits notif) bhdone=$(hits bhdone) uptime=$($bb cat /proc/uptime)"
$bb dmesg | $bb grep -iE 'optee|ffa' | $bb sed 's/^/init: dmesg: /'
INIT
	kprobes="kprobe_event=p:ffamed/notif,notif_callback;p:ffamed/bh,notif_work_fn;r:ffamed/bhdone,notif_work_fn"
fi
echo "/bin/busybox poweroff -f" >>"$work/root/init"
chmod +x "$work/root/init"
(cd "$work/root" && find . | cpio -o -H newc --quiet) | gzip -1 >"$work/initrd.gz"

cmdline="console=ttyAMA0 rdinit=/init panic=-1 kvm-arm.mode=protected${kprobes:+ $kprobes}"
# nVHE: no VHE at EL2 and no hVHE (the default for protected mode on VHE CPUs).
case "$mode" in
hvhe) ;;
nvhe) cmdline+=" id_aa64mmfr1.vh=0 arm64_sw.hvhe=0" ;;
*) cmdline+=" $mode" ;;   # any other words, to try other combinations
esac
# pauth-impdef: TCG's default QARMA pointer auth is slow; sme=off: TF-A 2.12
# does not enable SME for the normal world (as tests/xen/optee-boot-test.sh).
q=(qemu-system-aarch64 -machine virt,virtualization=on,gic-version=3,acpi=off
   -cpu max,sme=off,pauth-impdef=on -smp 2 -m 2048 -nographic -nic none -no-reboot)
if [ -z "$tfa" ]; then
	q+=(-kernel "$image" -initrd "$work/initrd.gz" -append "$cmdline")
else
	# As tests/xen/boot-test.sh: TF-A (ARM_LINUX_KERNEL_AS_BL33) enters the
	# Image preloaded at 0x60000000 with the DTB in x0; that DTB is QEMU's
	# own, dumped, with the command line and initramfs added under /chosen.
	command -v fdtput >/dev/null || apt-get install -y -qq device-tree-compiler >&2
	q=("${q[@]/virtualization=on/virtualization=on,secure=on}")
	initrd=0x48000000
	size=$(stat -c %s "$work/initrd.gz")
	"${q[@]}" -machine dumpdtb="$work/virt.dtb" >/dev/null 2>&1
	fdtput -t s "$work/virt.dtb" /chosen bootargs "$cmdline"
	fdtput -t x "$work/virt.dtb" /chosen linux,initrd-start "$(printf '%x' $(( initrd )))"
	fdtput -t x "$work/virt.dtb" /chosen linux,initrd-end "$(printf '%x' $(( initrd + size )))"
	# OP-TEE writes to the secure UART (QEMU's second serial port).
	q+=(-bios "$tfa" -dtb "$work/virt.dtb" -serial mon:stdio -serial file:"$work/secure.log"
	    -device loader,file="$image",addr=0x60000000,force-raw=on
	    -device loader,file="$work/initrd.gz",addr=$initrd,force-raw=on)
fi
start=$(date +%s.%N)
timeout "${PKVM_BOOT_TIMEOUT:-120}" "${q[@]}" </dev/null >"$work/console.log" 2>&1 || true
echo "boot: $(echo "$(date +%s.%N) - $start" | bc) s" >>"$work/console.log"
grep -E 'mode initialized|KVM|kvm|init: ' "$work/console.log" | head -40
grep -q 'mode initialized successfully' "$work/console.log"
