/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * libffamed for a userspace VMM on arm64 KVM (Linux 6.4+): the SMCCC filter
 * that forwards FF-A notification calls to userspace, KVM_EXIT_HYPERCALL
 * handling, and NPI/SRI injection on PPIs through KVM_IRQ_LINE.
 *
 * Every ioctl goes through struct ffamed_kvm_sys, so that the adapter can be
 * tested without /dev/kvm. There is no SPMC in userspace: run libffamed with
 * ops.smc = NULL (VM-to-VM notifications only).
 */
#ifndef FFAMED_KVM_H
#define FFAMED_KVM_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/kvm.h>

#include <ffamed/ffamed.h>

struct ffamed_kvm_sys {
	/* ioctl(fd, req, arg): 0 or more on success, -1 with errno set on error. */
	int (*ioctl)(void *ctx, int fd, unsigned long req, void *arg);
	void *ctx;
};

/* The real thing: ioctl(2). */
extern const struct ffamed_kvm_sys ffamed_kvm_sys_linux;

/* One VM of the VMM: host_vm for libffamed's ops. */
struct ffamed_kvm_vm {
	const struct ffamed_kvm_sys *sys;
	int vm_fd;
	struct ffamed_vm state;
};

/* Function-id ranges the filter forwards: FFA_FEATURES, the notification
 * calls (BITMAP_CREATE..INFO_GET_32) and INFO_GET_64. */
struct ffamed_kvm_range {
	uint32_t base;
	uint32_t count;
};
extern const struct ffamed_kvm_range ffamed_kvm_ranges[3];

/*
 * Install the filter on a VM. Call before any vCPU first runs: KVM answers
 * EBUSY afterwards. Returns 0 or -errno (-ENXIO: the kernel has no filter).
 */
int ffamed_kvm_install_filter(const struct ffamed_kvm_sys *sys, int vm_fd);

enum ffamed_kvm_result {
	FFAMED_KVM_HANDLED,   /* reply written to the vCPU's x0..x7 */
	FFAMED_KVM_NOT_MINE,  /* not a call libffamed owns: the VMM's to answer */
	FFAMED_KVM_ERROR,     /* an ioctl failed: errno says why */
};

/*
 * Handle a KVM_EXIT_HYPERCALL on vcpu_fd of vm: read x0..x17, dispatch to
 * libffamed, write x0..x7 back (KVM has already moved the PC past the
 * HVC/SMC). With answer_unknown, calls libffamed does not own are answered
 * FFA_ERROR(NOT_SUPPORTED) and count as handled.
 */
enum ffamed_kvm_result ffamed_kvm_handle_hypercall(struct ffamed *med,
						   struct ffamed_kvm_vm *vm,
						   int vcpu_fd,
						   const struct kvm_run *run,
						   bool answer_unknown);

/* libffamed ops for injection: level-triggered, so raise and lower. */
void ffamed_kvm_irq_raise(void *host, void *host_vm, uint16_t vcpu,
			  uint32_t intid);
void ffamed_kvm_irq_lower(void *host, void *host_vm, uint16_t vcpu,
			  uint32_t intid);

/* KVM_IRQ_LINE's irq field for a PPI (16..31) on vcpu or an SPI (32..). */
uint32_t ffamed_kvm_irq_field(uint16_t vcpu, uint32_t intid);

#endif
