/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The KVM adapter with its ioctls behind a fake: filter installation, the
 * hypercall exit round trip through KVM_GET/SET_ONE_REG, NPI lines.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ffamed_kvm.h"

#define NPI 22U
#define SRI 23U
#define VCPU_FD0 100

struct fake_kvm {
	bool has_filter;
	bool busy;
	bool fail_regs;
	struct kvm_smccc_filter filters[8];
	unsigned int n_filters;
	uint64_t regs[4][32];
	struct { int fd; uint32_t irq; uint32_t level; } lines[32];
	unsigned int n_lines;
};

static int fake_ioctl(void *ctx, int fd, unsigned long req, void *arg)
{
	struct fake_kvm *k = ctx;
	struct kvm_device_attr *attr = arg;
	struct kvm_one_reg *reg = arg;
	struct kvm_irq_level *line = arg;

	switch (req) {
	case KVM_HAS_DEVICE_ATTR:
		assert_int_equal(attr->group, KVM_ARM_VM_SMCCC_CTRL);
		assert_int_equal(attr->attr, KVM_ARM_VM_SMCCC_FILTER);
		if (k->has_filter)
			return 0;
		errno = ENXIO;
		return -1;
	case KVM_SET_DEVICE_ATTR:
		if (k->busy) {
			errno = EBUSY;
			return -1;
		}
		memcpy(&k->filters[k->n_filters++], (void *)(uintptr_t)attr->addr,
		       sizeof(k->filters[0]));
		return 0;
	case KVM_GET_ONE_REG:
	case KVM_SET_ONE_REG: {
		/* Core register n sits at offset 8n: id's low bits count 32-bit words. */
		const unsigned int n = (unsigned int)(reg->id & 0xFFFF) / 2;
		uint64_t *val = (uint64_t *)(uintptr_t)reg->addr;

		assert_int_equal(reg->id & ~0xFFFFULL,
				 KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE);
		if (k->fail_regs) {
			errno = EINVAL;
			return -1;
		}
		if (req == KVM_GET_ONE_REG)
			*val = k->regs[fd - VCPU_FD0][n];
		else
			k->regs[fd - VCPU_FD0][n] = *val;
		return 0;
	}
	case KVM_IRQ_LINE:
		k->lines[k->n_lines].fd = fd;
		k->lines[k->n_lines].irq = line->irq;
		k->lines[k->n_lines].level = line->level;
		k->n_lines++;
		return 0;
	default:
		errno = ENOTTY;
		return -1;
	}
}

static struct fake_kvm kvm;
static const struct ffamed_kvm_sys sys = { .ioctl = fake_ioctl, .ctx = &kvm };
static struct ffamed_kvm_vm vms[2] = {
	{ .sys = &sys, .vm_fd = 10 }, { .sys = &sys, .vm_fd = 11 },
};

static struct ffamed_vm *vm_get(void *host, uint16_t id)
{
	(void)host;
	return id >= 1 && id <= 2 ? &vms[id - 1].state : NULL;
}

static void vm_put(void *host, struct ffamed_vm *vm)
{
	(void)host;
	(void)vm;
}

static const struct ffamed_ops ops = {
	.smc = NULL, /* no SPMC in userspace */
	.irq_raise = ffamed_kvm_irq_raise,
	.irq_lower = ffamed_kvm_irq_lower,
	.vm_get = vm_get,
	.vm_put = vm_put,
};
static struct ffamed med;

static int setup(void **state)
{
	const struct ffamed_config cfg = { .npi_intid = NPI, .sri_intid = SRI };

	(void)state;
	memset(&kvm, 0, sizeof(kvm));
	assert_int_equal(ffamed_init(&med, &ops, NULL, &cfg), 0);
	assert_int_equal(ffamed_probe(&med), FFAMED_RET_NOT_SUPPORTED);
	assert_int_equal(ffamed_vm_init(&med, &vms[0].state, 1, 2, &vms[0]), 0);
	assert_int_equal(ffamed_vm_init(&med, &vms[1].state, 2, 2, &vms[1]), 0);
	return 0;
}

/* VM v (1 or 2), vCPU c: its fd in the fake. */
static int vcpu_fd(int v, int c)
{
	return VCPU_FD0 + (v - 1) * 2 + c;
}

static enum ffamed_kvm_result hvc(int v, int c, uint64_t x0, uint64_t x1,
				  uint64_t x2, uint64_t x3, uint64_t x4)
{
	const struct kvm_run run = { .exit_reason = KVM_EXIT_HYPERCALL };
	uint64_t *r = kvm.regs[vcpu_fd(v, c) - VCPU_FD0];

	memset(r, 0, sizeof(kvm.regs[0]));
	r[0] = x0; r[1] = x1; r[2] = x2; r[3] = x3; r[4] = x4;
	r[17] = 0x1717; /* beyond x7: must stay untouched */
	return ffamed_kvm_handle_hypercall(&med, &vms[v - 1], vcpu_fd(v, c), &run, false);
}

static void test_filter(void **state)
{
	(void)state;
	assert_int_equal(ffamed_kvm_install_filter(&sys, 10), -ENXIO);
	kvm.has_filter = true;
	assert_int_equal(ffamed_kvm_install_filter(&sys, 10), 0);
	assert_int_equal(kvm.n_filters, 3);
	assert_int_equal(kvm.filters[0].base, FFAMED_FID_FEATURES);
	assert_int_equal(kvm.filters[0].nr_functions, 1);
	assert_int_equal(kvm.filters[1].base, FFAMED_FID_NOTIF_BITMAP_CREATE);
	assert_int_equal(kvm.filters[1].nr_functions, 7);
	assert_int_equal(kvm.filters[2].base, FFAMED_FID_NOTIF_INFO_GET_64);
	for (int i = 0; i < 3; i++)
		assert_int_equal(kvm.filters[i].action, KVM_SMCCC_FILTER_FWD_TO_USER);
	/* After a vCPU ran, KVM says EBUSY: reported, not hidden. */
	kvm.busy = true;
	assert_int_equal(ffamed_kvm_install_filter(&sys, 10), -EBUSY);
}

static void test_notification_round_trip(void **state)
{
	uint64_t *rx0 = kvm.regs[vcpu_fd(2, 0) - VCPU_FD0];

	(void)state;
	/* VM 2 binds bit 5 (per-vCPU) to VM 1, VM 1 sets it for VM 2's vCPU 1. */
	assert_int_equal(hvc(2, 0, FFAMED_FID_NOTIF_BIND, 1U << 16 | 2,
			     FFAMED_NOTIF_FLAG_PER_VCPU, 1U << 5, 0), FFAMED_KVM_HANDLED);
	assert_int_equal(rx0[0], FFAMED_FID_SUCCESS_32);
	assert_int_equal(rx0[17], 0x1717);
	assert_int_equal(hvc(1, 1, FFAMED_FID_NOTIF_SET, 1U << 16 | 2,
			     FFAMED_NOTIF_FLAG_PER_VCPU | 1U << 16, 1U << 5, 0),
			 FFAMED_KVM_HANDLED);
	/* The NPI is a PPI line raised on VM 2's fd for vCPU 1. */
	assert_int_equal(kvm.n_lines, 1);
	assert_int_equal(kvm.lines[0].fd, 11);
	assert_int_equal(kvm.lines[0].irq, (uint32_t)KVM_ARM_IRQ_TYPE_PPI << 24 | 1U << 16 | NPI);
	assert_int_equal(kvm.lines[0].level, 1);
	/* GET on vCPU 1 over SMC returns the bit and lowers the line. */
	assert_int_equal(hvc(2, 1, FFAMED_FID_NOTIF_GET, 1U << 16 | 2,
			     FFAMED_GET_FLAG_VM, 0, 0), FFAMED_KVM_HANDLED);
	assert_int_equal(kvm.regs[vcpu_fd(2, 1) - VCPU_FD0][4], 1U << 5);
	assert_int_equal(kvm.n_lines, 2);
	assert_int_equal(kvm.lines[1].level, 0);
	assert_int_equal(kvm.lines[1].irq, kvm.lines[0].irq);
	/* FFA_FEATURES(NPI) gives the PPI the VMM chose. */
	assert_int_equal(hvc(1, 0, FFAMED_FID_FEATURES, FFAMED_FEAT_NPI, 0, 0, 0),
			 FFAMED_KVM_HANDLED);
	assert_int_equal(kvm.regs[vcpu_fd(1, 0) - VCPU_FD0][2], NPI);
}

static void test_not_mine_and_errors(void **state)
{
	const struct kvm_run mmio = { .exit_reason = KVM_EXIT_MMIO };
	const struct kvm_run hcall = { .exit_reason = KVM_EXIT_HYPERCALL };
	uint64_t *r = kvm.regs[vcpu_fd(1, 0) - VCPU_FD0];

	(void)state;
	assert_int_equal(hvc(1, 0, 0x84000070U, 0, 0, 0, 0), FFAMED_KVM_NOT_MINE);
	assert_int_equal(r[0], 0x84000070U);
	assert_int_equal(ffamed_kvm_handle_hypercall(&med, &vms[0], vcpu_fd(1, 0), &hcall, true),
			 FFAMED_KVM_HANDLED);
	assert_int_equal(r[0], FFAMED_FID_ERROR);
	assert_int_equal((uint32_t)r[2], (uint32_t)FFAMED_RET_NOT_SUPPORTED);
	assert_int_equal(ffamed_kvm_handle_hypercall(&med, &vms[0], vcpu_fd(1, 0), &mmio, true),
			 FFAMED_KVM_NOT_MINE);
	kvm.fail_regs = true;
	assert_int_equal(ffamed_kvm_handle_hypercall(&med, &vms[0], vcpu_fd(1, 0), &hcall, true),
			 FFAMED_KVM_ERROR);
}

static void test_irq_field(void **state)
{
	(void)state;
	assert_int_equal(ffamed_kvm_irq_field(3, 22), 2U << 24 | 3U << 16 | 22);
	assert_int_equal(ffamed_kvm_irq_field(3, 40), 1U << 24 | 40);
	assert_int_equal(ffamed_kvm_irq_field(300, 22),
			 2U << 24 | 1U << KVM_ARM_IRQ_VCPU2_SHIFT | 44U << 16 | 22);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_filter, setup),
		cmocka_unit_test_setup(test_notification_round_trip, setup),
		cmocka_unit_test_setup(test_not_mine_and_errors, setup),
		cmocka_unit_test_setup(test_irq_field, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
