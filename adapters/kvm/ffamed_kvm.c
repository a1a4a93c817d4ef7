/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The KVM adapter: see ffamed_kvm.h. Nothing here decides anything about
 * notifications; it moves registers and interrupt lines.
 */
#include "ffamed_kvm.h"

#include <errno.h>
#include <stddef.h>
#include <sys/ioctl.h>

static int linux_ioctl(void *ctx, int fd, unsigned long req, void *arg)
{
	(void)ctx;
	return ioctl(fd, req, arg);
}

const struct ffamed_kvm_sys ffamed_kvm_sys_linux = { .ioctl = linux_ioctl };

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
		for (unsigned int n = 0; n < 8; n++)
			r.x[n] = 0;
		r.x[0] = FFAMED_FID_ERROR;
		r.x[2] = (uint32_t)FFAMED_RET_NOT_SUPPORTED;
	}
	for (unsigned int n = 0; n < 8; n++)
		if (reg_access(vm->sys, vcpu_fd, KVM_SET_ONE_REG, n, &r.x[n]) < 0)
			return FFAMED_KVM_ERROR;
	return FFAMED_KVM_HANDLED;
}

uint32_t ffamed_kvm_irq_field(uint16_t vcpu, uint32_t intid)
{
	if (intid >= 32)
		return (uint32_t)KVM_ARM_IRQ_TYPE_SPI << KVM_ARM_IRQ_TYPE_SHIFT | intid;
	return (uint32_t)KVM_ARM_IRQ_TYPE_PPI << KVM_ARM_IRQ_TYPE_SHIFT |
	       (uint32_t)(vcpu & KVM_ARM_IRQ_VCPU_MASK) << KVM_ARM_IRQ_VCPU_SHIFT |
	       (uint32_t)((vcpu >> 8) & KVM_ARM_IRQ_VCPU2_MASK) << KVM_ARM_IRQ_VCPU2_SHIFT |
	       intid;
}

static void irq_line(void *host_vm, uint16_t vcpu, uint32_t intid, uint32_t level)
{
	struct ffamed_kvm_vm *vm = host_vm;
	struct kvm_irq_level line = {
		.irq = ffamed_kvm_irq_field(vcpu, intid),
		.level = level,
	};

	/* No way to report a failure to libffamed: the state stays pending. */
	(void)vm->sys->ioctl(vm->sys->ctx, vm->vm_fd, KVM_IRQ_LINE, &line);
}

void ffamed_kvm_irq_raise(void *host, void *host_vm, uint16_t vcpu, uint32_t intid)
{
	(void)host;
	irq_line(host_vm, vcpu, intid, 1);
}

void ffamed_kvm_irq_lower(void *host, void *host_vm, uint16_t vcpu, uint32_t intid)
{
	(void)host;
	irq_line(host_vm, vcpu, intid, 0);
}
