/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Host stand-ins for the Xen headers that xen/arch/arm/tee/ffa_notif.c and
 * ffa_private.h include, so Xen 4.20's file builds on an x86-64 host for the
 * benchmark. Written for the benchmark (not taken from Xen): only what those
 * two files use, each piece as cheap as Xen's own arm64 version or cheaper,
 * so the measurement never overstates Xen's cost.
 *
 * Inline here (so counted as Xen's code, as in Xen): register access,
 * current, the vCPU walk, bit tests. Out of line in bench/xen/host.c (host
 * callbacks, not counted): the SMC, vGIC injection, domain lookup, IRQ and
 * tasklet registration, printk.
 */
#ifndef BENCH_XEN_H
#define BENCH_XEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* xen/types.h, xen/const.h, xen/sizes.h, xen/time.h */
typedef uint64_t register_t;
typedef int64_t s_time_t;
typedef uint16_t domid_t;
#define BIT(pos, sfx)     ((1##sfx) << (pos))
#define SZ_4K             0x1000U
#define SZ_512K           0x80000U
#define SECONDS(s)        ((s_time_t)(s) * 1000000000LL)
#define __ro_after_init
#define BUILD_BUG_ON(c)   ((void)sizeof(char[1 - 2 * !!(c)]))
#define ACCESS_ONCE(x)    (*(volatile __typeof__(x) *)&(x))
#define ASSERT(c)         ((void)0)   /* a release (non-debug) hypervisor */
#define ENOMEM            12

/* Read and clear a bool; plain accesses as in Xen's macro of that name. */
#define test_and_clear_bool(b) \
	({ bool b_was_ = (b); (b) = false; b_was_; })

/* xen/list.h, xen/spinlock.h, xen/mm.h: only types ffa_private.h names. */
struct list_head { struct list_head *next, *prev; };
typedef struct { unsigned int lock; } spinlock_t;
struct page_info;

/* xen/bitmap.h */
#define BENCH_LONG_BITS   (8 * sizeof(unsigned long))
#define DECLARE_BITMAP(name, bits) \
	unsigned long name[((bits) + BENCH_LONG_BITS - 1) / BENCH_LONG_BITS]
static inline int test_bit(int nr, const volatile void *addr)
{
	const volatile unsigned long *w = addr;

	return (int)((w[nr / BENCH_LONG_BITS] >> (nr % BENCH_LONG_BITS)) & 1UL);
}

/* asm/smccc.h */
#define ARM_SMCCC_FUNC_MASK   0xFFFFU
#define ARM_SMCCC_CONV_SHIFT  30
#define smccc_is_conv_64(id)  (((id) >> ARM_SMCCC_CONV_SHIFT) & 1U)
struct arm_smccc_1_2_regs {
	unsigned long a0, a1, a2, a3, a4, a5, a6, a7, a8;
	unsigned long a9, a10, a11, a12, a13, a14, a15, a16, a17;
};
void arm_smccc_1_2_smc(const struct arm_smccc_1_2_regs *args,
		       struct arm_smccc_1_2_regs *res);

/* asm/regs.h: the guest's saved x0..x30; plain array accesses. */
struct cpu_user_regs { register_t x[31]; };
static inline register_t get_user_reg(struct cpu_user_regs *regs, int reg)
{
	return regs->x[reg];
}
static inline void set_user_reg(struct cpu_user_regs *regs, int reg,
				register_t val)
{
	regs->x[reg] = val;
}

/* xen/sched.h */
struct domain;
struct vcpu {
	struct domain *domain;
	struct vcpu *next_in_list;
	unsigned long pause_flags;      /* bit 0: the vCPU is down */
};
struct domain {
	domid_t domain_id;
	unsigned int max_vcpus;
	struct vcpu **vcpu;
	struct { void *tee; } arch;
};
extern struct vcpu *bench_xen_current;
#define current bench_xen_current
#define for_each_vcpu(d, v) \
	for ((v) = (d)->vcpu != NULL ? (d)->vcpu[0] : NULL; (v) != NULL; \
	     (v) = (v)->next_in_list)
static inline bool is_vcpu_online(const struct vcpu *v)
{
	return !test_bit(0, &v->pause_flags);
}
struct domain *rcu_lock_domain_by_id(domid_t dom);
void rcu_unlock_domain(struct domain *d);

/* vGIC, IRQs, tasklets, printk */
#define GUEST_FFA_NOTIF_PEND_INTR_ID 8U
#define NR_GIC_SGI                   16U
#define IRQ_TYPE_EDGE_RISING         1U
void vgic_inject_irq(struct domain *d, struct vcpu *v, unsigned int virq,
		     bool level);
int request_irq(unsigned int irq, unsigned int irqflags,
		void (*handler)(int irq, void *dev_id), const char *devname,
		void *dev_id);
void irq_set_type(unsigned int irq, unsigned int type);
struct tasklet {
	void (*func)(void *data);
	void *data;
};
#define DECLARE_TASKLET(name, fn, arg) struct tasklet name = { fn, arg }
void tasklet_schedule(struct tasklet *t);
#define XENLOG_ERR "<E>"
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* BENCH_XEN_H */
