# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# The device tree of a dom0less Xen boot under qemu-system-aarch64, shared by
# boot-test.sh and optee-boot-test.sh: QEMU's own DTB for $machine/$cpu, dumped
# to $dtb, plus the /chosen multiboot nodes Xen reads. Source it, then:
#   xen_dtb_dom0 KERNEL-ADDR RAMDISK-ADDR IMAGE CPIO
#   xen_dtb_domu NAME KERNEL-ADDR RAMDISK-ADDR IMAGE CPIO   (FF-A: xen,tee = "ffa")
# Xen numbers dom0less domains in node order and fdtput -c puts a new node
# first: add the domain meant to be domain 1 last.

size() { printf '0x%x' "$(stat -c %s "$1")"; }

module() { # node compatible addr file
	fdtput -c "$dtb" "$1"
	fdtput -t s "$dtb" "$1" compatible "$2" multiboot,module
	fdtput -t x "$dtb" "$1" reg 0 "$3" 0 "$(size "$4")"
}

xen_dtb_dom0() {
	qemu-system-aarch64 -machine "$machine,dumpdtb=$dtb" -cpu "$cpu" -smp 2 -m 2048 \
		-nographic -nic none >/dev/null 2>&1
	fdtput -t i "$dtb" /chosen '#address-cells' 2
	fdtput -t i "$dtb" /chosen '#size-cells' 2
	fdtput -t s "$dtb" /chosen xen,xen-bootargs \
		"console=dtuart dom0_mem=512M dom0_max_vcpus=1 bootscrub=0 loglvl=all guest_loglvl=all"
	fdtput -t s "$dtb" /chosen xen,dom0-bootargs "console=hvc0 rdinit=/init quiet"
	module /chosen/module@${1#0x} multiboot,kernel "$1" "$3"
	module /chosen/module@${2#0x} multiboot,ramdisk "$2" "$4"
}

xen_dtb_domu() {
	local node=/chosen/$1
	fdtput -c "$dtb" "$node"
	fdtput -t s "$dtb" "$node" compatible xen,domain
	fdtput -t i "$dtb" "$node" '#address-cells' 2
	fdtput -t i "$dtb" "$node" '#size-cells' 2
	fdtput -t x "$dtb" "$node" memory 0 0x40000
	fdtput -t i "$dtb" "$node" cpus 1
	fdtput -t s "$dtb" "$node" vpl011 ""
	fdtput -t s "$dtb" "$node" xen,tee ffa
	module "$node/module@${2#0x}" multiboot,kernel "$2" "$4"
	module "$node/module@${3#0x}" multiboot,ramdisk "$3" "$5"
	fdtput -t s "$dtb" "$node/module@${2#0x}" bootargs "console=ttyAMA0 rdinit=/init quiet"
}
