/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The KVM adapter: see ffamed_kvm.h. Nothing here decides anything about
 * notifications; it moves registers and interrupt lines.
 */
#include "ffamed_kvm.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

static int linux_ioctl(void *ctx, int fd, unsigned long req, void *arg)
{
	(void)ctx;
	return ioctl(fd, req, arg);
}

const struct ffamed_kvm_sys ffamed_kvm_sys_linux = { .ioctl = linux_ioctl };

__attribute__((format(printf, 2, 3)))
static void kvm_log(const struct ffamed_kvm_sys *sys, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (sys->log != NULL) {
		sys->log(sys->ctx, fmt, ap);
	} else {
		/* One fprintf per line: concurrent vCPU threads do not interleave. */
		char buf[256];

		vsnprintf(buf, sizeof(buf), fmt, ap);
		fprintf(stderr, "ffamed-kvm: %s\n", buf);
	}
	va_end(ap);
}

int ffamed_kvm_init(struct ffamed *med, const struct ffamed_ops *ops,
		    void *host, const struct ffamed_config *cfg,
		    const struct ffamed_kvm_sys *sys)
{
	if (cfg == NULL || sys == NULL)
		return -FFAMED_ERR_INVAL;
	if (!ffamed_kvm_intid_ok(cfg->npi_intid) ||
	    !ffamed_kvm_intid_ok(cfg->sri_intid)) {
		kvm_log(sys, "NPI %u / SRI %u: both must be PPIs (16..31); an SPI "
			"is one line for all vCPUs, so one vCPU's GET would lower "
			"another's NPI", cfg->npi_intid, cfg->sri_intid);
		return -FFAMED_ERR_INVAL;
	}
	return ffamed_init(med, ops, host, cfg);
}

const struct ffamed_kvm_range ffamed_kvm_ranges[3] = {
	{ FFAMED_FID_FEATURES, 1 },
	{ FFAMED_FID_NOTIF_BITMAP_CREATE,
	  FFAMED_FID_NOTIF_INFO_GET_32 - FFAMED_FID_NOTIF_BITMAP_CREATE + 1 },
	{ FFAMED_FID_NOTIF_INFO_GET_64, 1 },
};

int ffamed_kvm_install_filter(const struct ffamed_kvm_sys *sys, int vm_fd)
{
	struct kvm_device_attr attr = {
		.group = KVM_ARM_VM_SMCCC_CTRL,
		.attr = KVM_ARM_VM_SMCCC_FILTER,
	};

	/* KVM_CAP_VM_ATTRIBUTES reads 0 on arm64: probe the attribute itself. */
	if (sys->ioctl(sys->ctx, vm_fd, KVM_HAS_DEVICE_ATTR, &attr) < 0)
		return -errno;
	for (size_t i = 0; i < sizeof(ffamed_kvm_ranges) / sizeof(ffamed_kvm_ranges[0]); i++) {
		struct kvm_smccc_filter filter = {
			.base = ffamed_kvm_ranges[i].base,
			.nr_functions = ffamed_kvm_ranges[i].count,
			.action = KVM_SMCCC_FILTER_FWD_TO_USER,
		};

		attr.addr = (uint64_t)(uintptr_t)&filter;
		if (sys->ioctl(sys->ctx, vm_fd, KVM_SET_DEVICE_ATTR, &attr) < 0)
			return -errno;
	}
	return 0;
}

static uint64_t core_reg_id(unsigned int n)
{
	return KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE |
	       KVM_REG_ARM_CORE_REG(regs.regs[n]);
}

static int reg_access(const struct ffamed_kvm_sys *sys, int vcpu_fd,
		      unsigned long req, unsigned int n, uint64_t *val)
{
	struct kvm_one_reg reg = {
		.id = core_reg_id(n),
		.addr = (uint64_t)(uintptr_t)val,
	};

	return sys->ioctl(sys->ctx, vcpu_fd, req, &reg);
}

enum ffamed_kvm_result ffamed_kvm_handle_hypercall(struct ffamed *med,
						   struct ffamed_kvm_vm *vm,
						   int vcpu_fd,
						   const struct kvm_run *run,
						   bool answer_unknown)
{
	struct ffamed_regs r = { { 0 } };

	if (run->exit_reason != KVM_EXIT_HYPERCALL)
		return FFAMED_KVM_NOT_MINE;
	/* arm64 leaves run->hypercall.args empty: read the registers. */
	for (unsigned int n = 0; n < FFAMED_NR_REGS; n++)
		if (reg_access(vm->sys, vcpu_fd, KVM_GET_ONE_REG, n, &r.x[n]) < 0)
			return FFAMED_KVM_ERROR;
	if (ffamed_guest_call(med, &vm->state, &r) == FFAMED_NOT_MINE) {
		if (!answer_unknown)
			return FFAMED_KVM_NOT_MINE;
		for (unsigned int n = 0; n < FFAMED_NR_REGS; n++)
			r.x[n] = 0;
		r.x[0] = FFAMED_FID_ERROR;
		r.x[2] = (uint32_t)FFAMED_RET_NOT_SUPPORTED;
	}
	for (unsigned int n = 0; n < FFAMED_NR_REGS; n++)
		if (reg_access(vm->sys, vcpu_fd, KVM_SET_ONE_REG, n, &r.x[n]) < 0)
			return FFAMED_KVM_ERROR;
	return FFAMED_KVM_HANDLED;
}

uint32_t ffamed_kvm_irq_field(uint16_t vcpu, uint32_t intid)
{
	/* KVM's vcpu_index fields hold 12 bits. */
	if (!ffamed_kvm_intid_ok(intid) || vcpu > 0xFFFU)
		return 0;
	return (uint32_t)KVM_ARM_IRQ_TYPE_PPI << KVM_ARM_IRQ_TYPE_SHIFT |
	       (uint32_t)(vcpu & KVM_ARM_IRQ_VCPU_MASK) << KVM_ARM_IRQ_VCPU_SHIFT |
	       (uint32_t)((vcpu >> 8) & KVM_ARM_IRQ_VCPU2_MASK) << KVM_ARM_IRQ_VCPU2_SHIFT |
	       intid;
}

/* Returns the ioctl's errno, 0 on success. */
static int irq_line(struct ffamed_kvm_vm *vm, uint16_t vcpu, uint32_t intid,
		    uint32_t level)
{
	struct kvm_irq_level line = {
		.irq = ffamed_kvm_irq_field(vcpu, intid),
		.level = level,
	};
	unsigned int n;
	int err;

	if (line.irq == 0)
		err = EINVAL;   /* no PPI (ffamed_kvm_init() refuses it) or vCPU */
	else if (vm->sys->ioctl(vm->sys->ctx, vm->vm_fd, KVM_IRQ_LINE, &line) < 0)
		err = errno;
	else
		return 0;
	/* A guest can keep retriggering this: log the 1st, 2nd, 4th, ... */
	n = __atomic_add_fetch(&vm->irq_errors, 1, __ATOMIC_RELAXED);
	if ((n & (n - 1)) == 0)
		kvm_log(vm->sys, "VM fd %d: KVM_IRQ_LINE intid %u vCPU %u level %u: "
			"%s (errno %d), failure %u on this VM", vm->vm_fd, intid,
			vcpu, level, strerror(err), err, n);
	return err;
}

bool ffamed_kvm_irq_raise(void *host, void *host_vm, uint16_t vcpu, uint32_t intid)
{
	(void)host;
	/* false: libffamed keeps the line marked down and raises it again. */
	return irq_line(host_vm, vcpu, intid, 1) == 0;
}

bool ffamed_kvm_irq_lower(void *host, void *host_vm, uint16_t vcpu, uint32_t intid)
{
	(void)host;
	/* false: libffamed keeps the line marked up and lowers it at the next GET. */
	return irq_line(host_vm, vcpu, intid, 0) == 0;
}
