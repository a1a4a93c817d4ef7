/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * libffamed for a userspace VMM on arm64 KVM (Linux 6.4+): the SMCCC filter
 * that forwards FF-A notification calls to userspace, KVM_EXIT_HYPERCALL
 * handling, and NPI/SRI injection on PPIs through KVM_IRQ_LINE.
 *
 * Every ioctl goes through struct ffamed_kvm_sys, so that the adapter can be
 * tested without /dev/kvm. There is no SPMC in userspace: run libffamed with
 * ops.smc = NULL (VM-to-VM notifications only).
 *
 * libffamed calls the injection ops with the receiving VM's lock held, from
 * whichever vCPU thread made the SET or GET (KVM_IRQ_LINE is safe from any
 * thread of the process that created the VM).
 */
#ifndef FFAMED_KVM_H
#define FFAMED_KVM_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <linux/kvm.h>

#include <ffamed/ffamed.h>

struct ffamed_kvm_sys {
	/* ioctl(fd, req, arg): 0 or more on success, -1 with errno set on error. */
	int (*ioctl)(void *ctx, int fd, unsigned long req, void *arg);
	/* Optional: one message, no trailing newline. NULL: stderr. */
	void (*log)(void *ctx, const char *fmt, va_list ap);
	void *ctx;
};

/* The real thing: ioctl(2), messages to stderr. */
extern const struct ffamed_kvm_sys ffamed_kvm_sys_linux;

/*
 * One VM of the VMM: pass it as libffamed's host_vm (params.host_vm). The
 * VMM also owns the struct ffamed_vcpu array given in params.vcpus.
 */
struct ffamed_kvm_vm {
	const struct ffamed_kvm_sys *sys;
	int vm_fd;
	/*
	 * KVM_IRQ_LINE failures on this VM (atomic). libffamed raises a line
	 * that failed again on the next event for that vCPU; a VMM that sees
	 * this grow can call ffamed_vcpu_online() before the vCPU next runs.
	 */
	unsigned int irq_errors;
	struct ffamed_vm state;
};

/*
 * The NPI and the SRI must be PPIs (16..31): KVM keeps a PPI's line per vCPU,
 * while an SPI is one line for the whole VM, so a GET on one vCPU would lower
 * it under another vCPU that still has notifications (a lost wakeup). An SGI
 * can only be set through the redistributor attributes, which fail with
 * EBUSY while any vCPU runs.
 */
#define FFAMED_KVM_PPI_FIRST 16U
#define FFAMED_KVM_PPI_LAST  31U
static inline bool ffamed_kvm_intid_ok(uint32_t intid)
{
	return intid >= FFAMED_KVM_PPI_FIRST && intid <= FFAMED_KVM_PPI_LAST;
}

/*
 * ffamed_init() for KVM: refuses (-FFAMED_ERR_INVAL, says why through sys's
 * log) a cfg whose NPI or SRI is not a PPI, then returns ffamed_init()'s
 * result. ops must use ffamed_kvm_irq_raise/_lower (or wrap them).
 */
int ffamed_kvm_init(struct ffamed *med, const struct ffamed_ops *ops,
		    void *host, const struct ffamed_config *cfg,
		    const struct ffamed_kvm_sys *sys);

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
 * Handle a KVM_EXIT_HYPERCALL on vcpu_fd of vm: read x0..x7, dispatch to
 * libffamed, write x0..x7 back (KVM has already moved the PC past the
 * HVC/SMC). With answer_unknown, calls libffamed does not own are answered
 * FFA_ERROR(NOT_SUPPORTED) and count as handled.
 */
enum ffamed_kvm_result ffamed_kvm_handle_hypercall(struct ffamed *med,
						   struct ffamed_kvm_vm *vm,
						   int vcpu_fd,
						   const struct kvm_run *run,
						   bool answer_unknown);

/*
 * libffamed ops for injection: PPIs are level-triggered in KVM, so raise and
 * lower. host_vm is a struct ffamed_kvm_vm. irq_raise returns false when
 * KVM_IRQ_LINE fails (or intid is no PPI): libffamed then keeps the line
 * marked down and raises it again later. Failures are logged with errno.
 */
bool ffamed_kvm_irq_raise(void *host, void *host_vm, uint16_t vcpu,
			  uint32_t intid);
bool ffamed_kvm_irq_lower(void *host, void *host_vm, uint16_t vcpu,
			  uint32_t intid);

/* KVM_IRQ_LINE's irq field for PPI intid (16..31) on vcpu (< 4096); else 0. */
uint32_t ffamed_kvm_irq_field(uint16_t vcpu, uint32_t intid);

#endif
