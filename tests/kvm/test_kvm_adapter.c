/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The KVM adapter with its ioctls behind a fake: filter installation, the
 * hypercall exit round trip through KVM_GET/SET_ONE_REG, NPI lines (PPIs
 * only, one line per vCPU, raised and lowered under the VM's lock), and
 * KVM_IRQ_LINE failures reported to libffamed so the NPI is raised again.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
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
	int line_errno;           /* KVM_IRQ_LINE fails with this, if set */
	uint64_t regs[4][32];
	struct { int fd; uint32_t irq; uint32_t level; } lines[32];
	unsigned int n_lines;
	char log[512];            /* the adapter's last message */
	unsigned int n_logs;
};

static struct fake_kvm kvm;

static struct ffamed_kvm_vm vms[2];
static struct ffamed_vcpu vcpus[2][2];

/* The line KVM keeps for (VM fd, irq field): the last level set on it. */
static int line_level(int fd, uint32_t irq)
{
	int level = 0;

	for (unsigned int i = 0; i < kvm.n_lines; i++)
		if (kvm.lines[i].fd == fd && kvm.lines[i].irq == irq)
			level = (int)kvm.lines[i].level;
	return level;
}

/* VM 2's NPI line on vCPU c, as KVM sees it. */
static int npi_level(uint32_t npi, uint16_t c)
{
	return line_level(11, ffamed_kvm_irq_field(c, npi));
}

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
		/* libffamed holds the receiving VM's lock around every line change. */
		assert_true(vms[fd - 10].state.lock.taken);
		if (k->line_errno != 0) {
			errno = k->line_errno;
			return -1;
		}
		assert_true(k->n_lines < sizeof(k->lines) / sizeof(k->lines[0]));
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

static void fake_log(void *ctx, const char *fmt, va_list ap)
{
	struct fake_kvm *k = ctx;

	vsnprintf(k->log, sizeof(k->log), fmt, ap);
	k->n_logs++;
}

static const struct ffamed_kvm_sys sys = {
	.ioctl = fake_ioctl, .log = fake_log, .ctx = &kvm,
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

static int kvm_init(struct ffamed *m, uint32_t npi, uint32_t sri)
{
	const struct ffamed_config cfg = { .npi_intid = npi, .sri_intid = sri };

	return ffamed_kvm_init(m, &ops, NULL, &cfg, &sys);
}

static int setup(void **state)
{
	(void)state;
	memset(&kvm, 0, sizeof(kvm));
	memset(vms, 0, sizeof(vms));
	assert_int_equal(kvm_init(&med, NPI, SRI), 0);
	assert_int_equal(ffamed_probe(&med), -FFAMED_ERR_NOSPMC);
	for (uint16_t v = 0; v < 2; v++) {
		const struct ffamed_vm_params p = {
			.id = (uint16_t)(v + 1), .vcpu_count = 2,
			.vcpus = vcpus[v], .host_vm = &vms[v],
		};

		vms[v].sys = &sys;
		vms[v].vm_fd = 10 + v;
		assert_int_equal(ffamed_vm_init(&med, &vms[v].state, &p), 0);
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (int v = 0; v < 2; v++)
		assert_int_equal(ffamed_vm_destroy(&med, &vms[v].state), 0);
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
	assert_int_equal(ffamed_kvm_irq_field(300, 22),
			 2U << 24 | 1U << KVM_ARM_IRQ_VCPU2_SHIFT | 44U << 16 | 22);
	assert_int_equal(ffamed_kvm_irq_field(4095, 31),
			 2U << 24 | 15U << KVM_ARM_IRQ_VCPU2_SHIFT | 255U << 16 | 31);
	/* No SPI or SGI encoding, and no vCPU KVM's 12 bits cannot name. */
	assert_int_equal(ffamed_kvm_irq_field(3, 40), 0);
	assert_int_equal(ffamed_kvm_irq_field(3, 7), 0);
	assert_int_equal(ffamed_kvm_irq_field(4096, 22), 0);
}

/*
 * An SPI is one line per VM: vCPU 0's GET would lower it while vCPU 1 still
 * has bits. Setup refuses anything but a PPI for the NPI and the SRI, and says
 * why; the PPI edges are accepted.
 */
static void test_ppi_only(void **state)
{
	static const uint32_t bad[][2] = {
		{ 40, SRI }, { NPI, 40 }, { 32, SRI }, { 15, SRI }, { 5, SRI }, { NPI, 0 },
	};

	struct ffamed other;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		kvm.log[0] = '\0';
		assert_int_equal(kvm_init(&other, bad[i][0], bad[i][1]), -FFAMED_ERR_INVAL);
		assert_non_null(strstr(kvm.log, "must be PPIs"));
	}
	assert_int_equal(kvm_init(&other, 16, 31), 0);
	assert_int_equal(kvm_init(&other, NPI, SRI), 0);
}

/*
 * With the NPI on a PPI each vCPU has its own line: a GET on vCPU 0 lowers
 * vCPU 0's and leaves vCPU 1's up while vCPU 1 still has its bit (the wakeup
 * an SPI shared by both would lose).
 */
static void test_per_vcpu_lines(void **state)
{
	(void)state;
	assert_int_equal(hvc(2, 0, FFAMED_FID_NOTIF_BIND, 1U << 16 | 2,
			     FFAMED_NOTIF_FLAG_PER_VCPU, 3U << 5, 0), FFAMED_KVM_HANDLED);
	for (uint32_t c = 0; c < 2; c++)
		assert_int_equal(hvc(1, 0, FFAMED_FID_NOTIF_SET, 1U << 16 | 2,
				     FFAMED_NOTIF_FLAG_PER_VCPU | c << 16, 1U << (5 + c), 0),
				 FFAMED_KVM_HANDLED);
	assert_int_equal(npi_level(NPI, 0), 1);
	assert_int_equal(npi_level(NPI, 1), 1);
	assert_int_equal(hvc(2, 0, FFAMED_FID_NOTIF_GET, 2 /* vCPU 0 */,
			     FFAMED_GET_FLAG_VM, 0, 0), FFAMED_KVM_HANDLED);
	assert_int_equal(kvm.regs[vcpu_fd(2, 0) - VCPU_FD0][4], 1U << 5);
	assert_int_equal(npi_level(NPI, 0), 0);
	assert_int_equal(npi_level(NPI, 1), 1);
	assert_int_equal(hvc(2, 1, FFAMED_FID_NOTIF_GET, 1U << 16 | 2,
			     FFAMED_GET_FLAG_VM, 0, 0), FFAMED_KVM_HANDLED);
	assert_int_equal(kvm.regs[vcpu_fd(2, 1) - VCPU_FD0][4], 1U << 6);
	assert_int_equal(npi_level(NPI, 1), 0);
}

/*
 * KVM_IRQ_LINE fails (EIO: the caller is not the VM's creator): irq_raise says
 * so, libffamed counts it and keeps the line marked down, the adapter logs
 * errno, and the NPI comes up on the next chance (here ffamed_vcpu_online(),
 * then a GET) instead of being lost.
 */
static void test_irq_line_failure(void **state)
{
	(void)state;
	assert_int_equal(hvc(2, 0, FFAMED_FID_NOTIF_BIND, 1U << 16 | 2,
			     FFAMED_NOTIF_FLAG_PER_VCPU, 3U << 5, 0), FFAMED_KVM_HANDLED);
	kvm.line_errno = EIO;
	assert_int_equal(hvc(1, 0, FFAMED_FID_NOTIF_SET, 1U << 16 | 2,
			     FFAMED_NOTIF_FLAG_PER_VCPU | 1U << 16, 1U << 5, 0),
			 FFAMED_KVM_HANDLED);
	assert_int_equal(kvm.regs[vcpu_fd(1, 0) - VCPU_FD0][0], FFAMED_FID_SUCCESS_32);
	assert_int_equal(med.stats.irq_failed, 1);
	assert_int_equal(med.stats.npi_raised, 0);
	assert_int_equal(vms[1].irq_errors, 1);
	assert_int_equal(kvm.n_logs, 1);
	assert_non_null(strstr(kvm.log, "KVM_IRQ_LINE"));
	assert_non_null(strstr(kvm.log, "errno 5"));
	/* Still failing: libffamed tries again; the log backs off (1, 2, 4...). */
	ffamed_vcpu_online(&med, &vms[1].state, 1);
	ffamed_vcpu_online(&med, &vms[1].state, 1);
	assert_int_equal(med.stats.irq_failed, 3);
	assert_int_equal(vms[1].irq_errors, 3);
	assert_int_equal(kvm.n_logs, 2);
	/* KVM works again: the next chance raises the line. */
	kvm.line_errno = 0;
	ffamed_vcpu_online(&med, &vms[1].state, 1);
	assert_int_equal(med.stats.npi_raised, 1);
	assert_int_equal(npi_level(NPI, 1), 1);
	/* A failed raise is also retried by a GET that leaves bits behind. */
	kvm.line_errno = EIO;
	assert_int_equal(hvc(1, 0, FFAMED_FID_NOTIF_SET, 1U << 16 | 2,
			     FFAMED_NOTIF_FLAG_PER_VCPU /* vCPU 0 */, 1U << 6, 0),
			 FFAMED_KVM_HANDLED);
	assert_int_equal(med.stats.irq_failed, 4);
	assert_int_equal(npi_level(NPI, 0), 0);
	kvm.line_errno = 0;
	assert_int_equal(hvc(2, 0, FFAMED_FID_NOTIF_GET, 2 /* vCPU 0 */,
			     FFAMED_GET_FLAG_HYP, 0, 0), FFAMED_KVM_HANDLED);
	assert_int_equal(kvm.regs[vcpu_fd(2, 0) - VCPU_FD0][0], FFAMED_FID_SUCCESS_32);
	assert_int_equal(npi_level(NPI, 0), 1);
	/* Both drained: both lines low. */
	assert_int_equal(hvc(2, 0, FFAMED_FID_NOTIF_GET, 2 /* vCPU 0 */,
			     FFAMED_GET_FLAG_VM, 0, 0), FFAMED_KVM_HANDLED);
	assert_int_equal(kvm.regs[vcpu_fd(2, 0) - VCPU_FD0][4], 1U << 6);
	assert_int_equal(hvc(2, 1, FFAMED_FID_NOTIF_GET, 1U << 16 | 2,
			     FFAMED_GET_FLAG_VM, 0, 0), FFAMED_KVM_HANDLED);
	assert_int_equal(kvm.regs[vcpu_fd(2, 1) - VCPU_FD0][4], 1U << 5);
	assert_int_equal(npi_level(NPI, 0), 0);
	assert_int_equal(npi_level(NPI, 1), 0);
	assert_int_equal(med.stats.npi_raised, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_filter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notification_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_mine_and_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_irq_field, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ppi_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_per_vcpu_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_irq_line_failure, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
