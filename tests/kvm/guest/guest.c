/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Bare-metal test guest for the KVM adapter run. Every vCPU of both VMs runs
 * this: it finds the NPI through FFA_FEATURES, enables it in its GICv3
 * redistributor, binds (vCPU 0), then each round sends one global and one
 * per-vCPU notification to the peer VM, takes its NPIs and GETs from the
 * interrupt handler. The VMM counts what every GET returned; the guest
 * checks each reply's status and reports failures by source line.
 * HVC and SMC are both used: KVM forwards either through the SMCCC filter.
 */
#include <stdbool.h>
#include <stdint.h>

#include <ffamed/ffa_abi.h>
#include "../vmm_ports.h"

/* GICv3 CPU interface registers by encoding (no -march needed). */
#define ICC_PMR_EL1     "S3_0_C4_C6_0"
#define ICC_IAR1_EL1    "S3_0_C12_C12_0"
#define ICC_EOIR1_EL1   "S3_0_C12_C12_1"
#define ICC_BPR1_EL1    "S3_0_C12_C12_3"
#define ICC_CTLR_EL1    "S3_0_C12_C12_4"
#define ICC_SRE_EL1     "S3_0_C12_C12_5"
#define ICC_IGRPEN1_EL1 "S3_0_C12_C12_7"

#define GICD_CTLR_ARE_G1 0x12U     /* ARE | EnableGrp1 */
#define GICR_WAKER       0x0014UL
#define GICR_SGI_FRAME   0x10000UL
#define GICR_IGROUPR0    0x0080UL
#define GICR_ISENABLER0  0x0100UL
#define GICR_IPRIORITYR  0x0400UL
#define INTID_SPURIOUS   1020U

enum conduit { HVC, SMC };

struct vcpu {
	uint16_t self;
	uint16_t peer;
	uint16_t index;
	uint32_t npi;
	uint32_t gets;
	volatile uint64_t got;   /* VM bits GET returned this round */
};

static struct vcpu vcpus[GUEST_VCPUS];

struct ffa_res {
	uint64_t x[8];
};

static void mmio_write64(uintptr_t addr, uint64_t val)
{
	*(volatile uint64_t *)addr = val;
}

static void mmio_write32(uintptr_t addr, uint32_t val)
{
	*(volatile uint32_t *)addr = val;
}

static void mmio_write8(uintptr_t addr, uint8_t val)
{
	*(volatile uint8_t *)addr = val;
}

static void port(unsigned int which, uint64_t val)
{
	mmio_write64(VMM_PORT_BASE + which, val);
}

#define check(cond) do { if (!(cond)) port(VMM_PORT_FAIL, __LINE__); } while (0)

static struct vcpu *this_vcpu(void)
{
	uint64_t p;

	__asm__ volatile("mrs %0, tpidr_el1" : "=r"(p));
	return (struct vcpu *)(uintptr_t)p;
}

static struct ffa_res ffa_call(enum conduit how, uint32_t fid, uint64_t a1,
			       uint64_t a2, uint64_t a3, uint64_t a4)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	register uint64_t x4 __asm__("x4") = a4;
	register uint64_t x5 __asm__("x5") = 0;
	register uint64_t x6 __asm__("x6") = 0;
	register uint64_t x7 __asm__("x7") = 0;
	struct ffa_res r;

	/* SMCCC 1.2: x8..x17 may come back changed too. */
	if (how == SMC)
		__asm__ volatile("smc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3),
				   "+r"(x4), "+r"(x5), "+r"(x6), "+r"(x7)
				 :
				 : "x8", "x9", "x10", "x11", "x12", "x13",
				   "x14", "x15", "x16", "x17", "memory");
	else
		__asm__ volatile("hvc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3),
				   "+r"(x4), "+r"(x5), "+r"(x6), "+r"(x7)
				 :
				 : "x8", "x9", "x10", "x11", "x12", "x13",
				   "x14", "x15", "x16", "x17", "memory");
	r.x[0] = x0; r.x[1] = x1; r.x[2] = x2; r.x[3] = x3;
	r.x[4] = x4; r.x[5] = x5; r.x[6] = x6; r.x[7] = x7;
	return r;
}

/* 0 for FFA_SUCCESS_32, the status code for FFA_ERROR, 1 for anything else. */
static int32_t ffa_status(const struct ffa_res *r)
{
	if (r->x[0] == FFAMED_FID_SUCCESS_32)
		return 0;
	if (r->x[0] == FFAMED_FID_ERROR)
		return (int32_t)(uint32_t)r->x[2];
	return 1;
}

static uint32_t sender_receiver(uint16_t sender, uint16_t receiver)
{
	return (uint32_t)sender << 16 | receiver;
}

static int32_t notif_bind(enum conduit how, struct vcpu *v, uint16_t receiver,
			  uint32_t flags, uint64_t bits)
{
	const struct ffa_res r = ffa_call(how, FFAMED_FID_NOTIF_BIND,
					  sender_receiver(v->peer, receiver), flags,
					  (uint32_t)bits, bits >> 32);
	return ffa_status(&r);
}

static int32_t notif_unbind(enum conduit how, struct vcpu *v, uint64_t bits)
{
	const struct ffa_res r = ffa_call(how, FFAMED_FID_NOTIF_UNBIND,
					  sender_receiver(v->peer, v->self), 0,
					  (uint32_t)bits, bits >> 32);
	return ffa_status(&r);
}

static int32_t notif_set(enum conduit how, struct vcpu *v, uint32_t flags,
			 uint64_t bits)
{
	const struct ffa_res r = ffa_call(how, FFAMED_FID_NOTIF_SET,
					  sender_receiver(v->self, v->peer), flags,
					  (uint32_t)bits, bits >> 32);
	return ffa_status(&r);
}

/* GET this vCPU's VM bitmap; report what came back to the VMM. */
static int32_t notif_get(enum conduit how, struct vcpu *v, uint16_t receiver,
			 uint16_t vcpu, uint64_t *bits)
{
	const struct ffa_res r = ffa_call(how, FFAMED_FID_NOTIF_GET,
					  (uint32_t)vcpu << 16 | receiver,
					  FFAMED_GET_FLAG_VM, 0, 0);
	const int32_t status = ffa_status(&r);

	*bits = 0;
	if (status == 0) {
		*bits = (r.x[4] & 0xFFFFFFFFULL) | r.x[5] << 32;
		check(r.x[2] == 0 && r.x[3] == 0 && r.x[6] == 0 && r.x[7] == 0);
		port(VMM_PORT_GOT, *bits);
		v->got |= *bits;
		v->gets++;
	}
	return status;
}

static uint32_t feature_intid(uint32_t feature)
{
	const struct ffa_res r = ffa_call(HVC, FFAMED_FID_FEATURES, feature, 0, 0, 0);

	check(ffa_status(&r) == 0);
	return (uint32_t)r.x[2];
}

static void gic_init(const struct vcpu *v)
{
	const uintptr_t sgi = GUEST_GICR_BASE + v->index * GUEST_GICR_STRIDE +
			      GICR_SGI_FRAME;
	uint64_t sre;

	if (v->index == 0)
		mmio_write32(GUEST_GICD_BASE, GICD_CTLR_ARE_G1);
	mmio_write32(GUEST_GICR_BASE + v->index * GUEST_GICR_STRIDE + GICR_WAKER, 0);
	mmio_write32(sgi + GICR_IGROUPR0, 0xFFFFFFFFU);
	mmio_write8(sgi + GICR_IPRIORITYR + v->npi, 0xA0);
	mmio_write32(sgi + GICR_ISENABLER0, 1U << v->npi);

	__asm__ volatile("mrs %0, " ICC_SRE_EL1 : "=r"(sre));
	__asm__ volatile("msr " ICC_SRE_EL1 ", %0; isb" : : "r"(sre | 1));
	__asm__ volatile("msr " ICC_PMR_EL1 ", %0" : : "r"(0xFFUL));
	__asm__ volatile("msr " ICC_BPR1_EL1 ", %0" : : "r"(0UL));
	__asm__ volatile("msr " ICC_CTLR_EL1 ", %0" : : "r"(0UL));
	__asm__ volatile("msr " ICC_IGRPEN1_EL1 ", %0; isb" : : "r"(1UL));
}

/* Called from the IRQ vector with IRQs masked. */
void guest_irq(void);
void guest_irq(void)
{
	struct vcpu *v = this_vcpu();
	uint64_t intid;
	uint64_t bits;

	__asm__ volatile("mrs %0, " ICC_IAR1_EL1 : "=r"(intid));
	if (intid >= INTID_SPURIOUS)
		return;
	port(VMM_PORT_IRQ, intid);
	check(intid == v->npi);
	/* Alternate conduits so both paths carry GETs. */
	check(notif_get(v->gets & 1 ? SMC : HVC, v, v->self, v->index, &bits) == 0);
	__asm__ volatile("msr " ICC_EOIR1_EL1 ", %0" : : "r"(intid));
}

/* Unexpected exception: tell the VMM and stop this vCPU. */
void guest_trap(uint64_t kind);
void guest_trap(uint64_t kind)
{
	uint64_t esr;

	__asm__ volatile("mrs %0, esr_el1" : "=r"(esr));
	port(VMM_PORT_TRAP, kind << 32 | (uint32_t)esr);
	for (;;)
		__asm__ volatile("wfi");
}

/* Sleep until the handler has seen all of bits; IRQs open only around WFI. */
static void wait_for(struct vcpu *v, uint64_t bits)
{
	while ((v->got & bits) != bits)
		__asm__ volatile("wfi; msr daifclr, #2; isb; msr daifset, #2"
				 : : : "memory");
}

static void barrier(uint32_t phase)
{
	port(VMM_PORT_BARRIER, phase);
}

/* Bad requests get the spec's status, and change nothing. */
static void check_refusals(struct vcpu *v)
{
	uint64_t bits;

	check(notif_bind(HVC, v, v->self, 0, 1ULL << 0) == FFAMED_RET_DENIED);
	check(notif_bind(HVC, v, v->peer, 0, 1ULL << 4) == FFAMED_RET_INVALID_PARAMETERS);
	check(notif_bind(SMC, v, v->self, 1U << 1, 1ULL << 4) == FFAMED_RET_INVALID_PARAMETERS);
	check(notif_get(HVC, v, v->self, GUEST_VCPUS, &bits) == FFAMED_RET_INVALID_PARAMETERS);
	check(notif_get(SMC, v, v->peer, 0, &bits) == FFAMED_RET_INVALID_PARAMETERS);
	/* The peer binds nothing at bit 5 to us. */
	check(notif_set(HVC, v, 0, 1ULL << 5) == FFAMED_RET_DENIED);
}

void guest_main(uint64_t self, uint64_t index, uint64_t peer, uint64_t rounds);
void guest_main(uint64_t self, uint64_t index, uint64_t peer, uint64_t rounds)
{
	struct vcpu *v = &vcpus[index % GUEST_VCPUS];
	/* The peer's vCPU with our index gets our per-vCPU bit. */
	const uint32_t pervcpu_flags = FFAMED_NOTIF_FLAG_PER_VCPU |
				       (uint32_t)(index % GUEST_VCPUS) << FFAMED_NOTIF_SET_VCPU_SHIFT;
	uint64_t bits;

	v->self = (uint16_t)self;
	v->peer = (uint16_t)peer;
	v->index = (uint16_t)index;
	__asm__ volatile("msr tpidr_el1, %0" : : "r"(v));

	v->npi = feature_intid(FFAMED_FEAT_NPI);
	check(v->npi >= 16 && v->npi < 32);   /* a PPI, one line per vCPU */
	gic_init(v);
	if (v->index == 0) {
		check(notif_bind(HVC, v, v->self, 0, TEST_GLOBAL_BITS) == 0);
		check(notif_bind(SMC, v, v->self, FFAMED_NOTIF_FLAG_PER_VCPU,
				 TEST_PERVCPU_BITS) == 0);
		check_refusals(v);
	}
	barrier(PHASE_BOUND);

	for (uint64_t r = 0; r < rounds; r++) {
		check(notif_set(v->index ? SMC : HVC, v, 0, 1ULL << v->index) == 0);
		check(notif_set(r & 1 ? SMC : HVC, v, pervcpu_flags,
				TEST_PERVCPU_BIT(v->index)) == 0);
		wait_for(v, TEST_PERVCPU_BIT(v->index));
		barrier(PHASE_RECEIVED);
		/* Global bits may still wait if vCPU 1's GET did not take them. */
		if (v->index == 0)
			check(notif_get(HVC, v, v->self, 0, &bits) == 0);
		barrier(PHASE_ROUND_END);
		v->got = 0;
	}

	/* Nothing left, then unbinding stops further SETs. */
	check(notif_get(SMC, v, v->self, v->index, &bits) == 0 && bits == 0);
	barrier(PHASE_DRAINED);
	if (v->index == 0)
		check(notif_unbind(SMC, v, TEST_GLOBAL_BITS | TEST_PERVCPU_BITS) == 0);
	barrier(PHASE_UNBOUND);
	check(notif_set(HVC, v, 0, 1ULL << v->index) == FFAMED_RET_DENIED);
	port(VMM_PORT_DONE, v->gets);
	for (;;)
		__asm__ volatile("wfi");
}
