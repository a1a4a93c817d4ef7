/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * What the test VMM and its bare-metal guests agree on: the guest-physical
 * layout and the MMIO ports (64-bit writes, each an exit to the VMM).
 */
#ifndef VMM_PORTS_H
#define VMM_PORTS_H

#define GUEST_RAM_BASE     0x40000000UL
#define GUEST_RAM_SIZE     0x00200000UL
#define GUEST_GICD_BASE    0x08000000UL
#define GUEST_GICR_BASE    0x080A0000UL
#define GUEST_GICR_STRIDE  0x00020000UL   /* one RD + SGI frame pair per vCPU */
#define GUEST_VCPUS        2U

#define VMM_PORT_BASE      0x10000000UL
#define VMM_PORT_PUTC      0x00U  /* a character for the VMM's log */
#define VMM_PORT_BARRIER   0x08U  /* phase: back when every vCPU of every VM is there */
#define VMM_PORT_GOT       0x10U  /* the VM bitmap one GET returned */
#define VMM_PORT_IRQ       0x18U  /* the INTID of an interrupt taken */
#define VMM_PORT_FAIL      0x20U  /* the source line of a failed guest check */
#define VMM_PORT_DONE      0x28U  /* this vCPU has finished */
#define VMM_PORT_TRAP      0x30U  /* an unexpected exception: kind << 32 | ESR */

/* Barrier phases. */
#define PHASE_BOUND        1U  /* every receiver has bound */
#define PHASE_RECEIVED     2U  /* every vCPU has its per-vCPU bit */
#define PHASE_ROUND_END    3U  /* the VMM checks the round */
#define PHASE_DRAINED      4U  /* the last GETs found nothing */
#define PHASE_UNBOUND      5U

/* The notifications of one round, as seen by a receiver. */
#define TEST_GLOBAL_BITS   0x3ULL          /* bit c is sent by the peer's vCPU c */
#define TEST_PERVCPU_BIT(c) (1ULL << (8U + (c)))  /* to vCPU c */
#define TEST_PERVCPU_BITS  (TEST_PERVCPU_BIT(0) | TEST_PERVCPU_BIT(1))

#endif
