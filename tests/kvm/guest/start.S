/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Test guest entry and exception vectors. The VMM starts every vCPU here at
 * EL1h with the MMU off and x0 = own FF-A id, x1 = vCPU index, x2 = peer's
 * FF-A id, x3 = rounds. Each vCPU gets 64 KiB of stack below the top of RAM.
 */
#define RAM_TOP    0x40200000
#define STACK_SIZE 0x10000

	.section .text.start, "ax"
	.globl _start
_start:
	mov	x9, #STACK_SIZE
	mul	x9, x9, x1
	ldr	x10, =RAM_TOP
	sub	sp, x10, x9
	adr	x9, vectors
	msr	vbar_el1, x9
	isb
	bl	guest_main
	/* guest_main reports and never returns; stay put if it does. */
1:	wfi
	b	1b

/* Anything but an IRQ from EL1h is a bug in the guest: report and stop. */
.macro	unexpected kind
	.balign	0x80
	mov	x0, #\kind
	b	guest_trap
.endm

	.text
	.balign	0x800
vectors:
	unexpected 0	/* current EL, SP0: sync */
	unexpected 1
	unexpected 2
	unexpected 3
	unexpected 4	/* current EL, SPx: sync */
	.balign	0x80	/* current EL, SPx: IRQ */
	b	irq_entry
	unexpected 6
	unexpected 7
	unexpected 8	/* lower EL */
	unexpected 9
	unexpected 10
	unexpected 11
	unexpected 12
	unexpected 13
	unexpected 14
	unexpected 15

/* Save the caller-saved registers, run the C handler, return. */
irq_entry:
	sub	sp, sp, #176
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x29, [sp, #144]
	str	x30, [sp, #160]
	bl	guest_irq
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x29, [sp, #144]
	ldr	x30, [sp, #160]
	add	sp, sp, #176
	eret
