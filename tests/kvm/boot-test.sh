#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Boot Debian's arm64 kernel under qemu-system-aarch64 (TCG, EL2, GICv3) with
# a busybox initramfs that runs the test VMM on the kernel's KVM twice: as is,
# then with every 4th NPI raise failing ("flaky": the VMM must recover it).
#   boot-test.sh IMAGE BUSYBOX VMM GUEST.bin WORKDIR [ROUNDS [trace]]
set -euo pipefail
image=$1 busybox=$2 vmm=$3 guest=$4 work=$5 rounds=${6:-16} trace=${7:-}

rm -rf "$work" && mkdir -p "$work/root/bin"
cp "$busybox" "$work/root/bin/busybox"
cp "$vmm" "$work/root/ffamed-vmm"
cp "$guest" "$work/root/guest.bin"
cat >"$work/root/init" <<INIT
#!/bin/busybox sh
/bin/busybox mkdir -p /proc /dev
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t devtmpfs dev /dev
echo "init: \$(/bin/busybox uname -r), /dev/kvm: \$(/bin/busybox ls /dev/kvm)"
/ffamed-vmm /guest.bin $rounds $trace
echo "init: ffamed-vmm exit \$?"
/ffamed-vmm /guest.bin $rounds flaky $trace
echo "init: ffamed-vmm flaky exit \$?"
/bin/busybox poweroff -f
INIT
chmod +x "$work/root/init"
(cd "$work/root" && find . | cpio -o -H newc --quiet) >"$work/initrd.cpio"

# -no-reboot and panic=-1: a kernel panic ends qemu instead of looping.
timeout 240 qemu-system-aarch64 \
	-machine virt,virtualization=on,gic-version=3 -cpu max,pauth-impdef=on \
	-smp 2 -m 512 -nographic -nic none -no-reboot \
	-kernel "$image" -initrd "$work/initrd.cpio" \
	-append "console=ttyAMA0 rdinit=/init panic=-1 quiet" 2>&1 | tee "$work/console.log"
grep -q '^init: ffamed-vmm exit 0' "$work/console.log"
grep -q '^init: ffamed-vmm flaky exit 0' "$work/console.log"
