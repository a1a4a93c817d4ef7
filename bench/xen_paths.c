/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Benchmark driver, Xen side: runs every path of bench.h through Xen 4.20's
 * xen/arch/arm/tee/ffa_notif.c (extracted from Debian's source at build time
 * by scripts/bench.sh, built against bench/xen/standins), guest calls through
 * Xen's dispatch ffa_handle_call() from ffa.c. Each path is one
 * noinline wrapper between CALLGRIND_ZERO_STATS and CALLGRIND_DUMP_STATS_AT,
 * so every callgrind dump holds exactly one call of one path.
 *
 * Below the driver: the host side Xen would provide (SMC to the fake SPMC,
 * vGIC injection, RCU domain lookup, IRQ and tasklet registration). None of
 * it is counted; scripts/bench.sh counts ffa_notif.o's and the dispatch's
 * functions.
 */
#include <stdarg.h>
#include <stdio.h>
#include <valgrind/callgrind.h>

#include "bench.h"
#include "ffa_private.h"   /* Xen's, from the build directory */

bool bench_ffa_handle_call(struct cpu_user_regs *regs);

/* ---- the host: domains, vCPUs, SMC, vGIC, IRQ, tasklet ---- */

struct vcpu *bench_xen_current;
DECLARE_BITMAP(ffa_fw_abi_supported, FFA_ABI_BITMAP_SIZE);

static struct domain doms[B_MAX_VM];            /* indexed by domid */
static struct vcpu vcpus[B_MAX_VM][B_VCPUS];
static struct vcpu *vcpu_ptrs[B_MAX_VM][B_VCPUS];
static struct ffa_ctx ctxs[B_MAX_VM];
static void (*sri_handler)(int irq, void *dev_id);
static struct tasklet *tasklet_pending;

void arm_smccc_1_2_smc(const struct arm_smccc_1_2_regs *args,
		       struct arm_smccc_1_2_regs *res)
{
	const uint64_t in[8] = { args->a0, args->a1, args->a2, args->a3,
				 args->a4, args->a5, args->a6, args->a7 };
	uint64_t out[8];

	bench_spmc(in, out);
	*res = (struct arm_smccc_1_2_regs){
		.a0 = out[0], .a1 = out[1], .a2 = out[2], .a3 = out[3],
		.a4 = out[4], .a5 = out[5], .a6 = out[6], .a7 = out[7],
	};
}

struct domain *rcu_lock_domain_by_id(domid_t dom)
{
	return dom < B_MAX_VM && doms[dom].vcpu != NULL ? &doms[dom] : NULL;
}

void rcu_unlock_domain(struct domain *d)
{
	(void)d;
}

void vgic_inject_irq(struct domain *d, struct vcpu *v, unsigned int virq,
		     bool level)
{
	(void)d, (void)v, (void)level;
	if (virq == GUEST_FFA_NOTIF_PEND_INTR_ID)
		bench_counts.injections++;
}

int request_irq(unsigned int irq, unsigned int irqflags,
		void (*handler)(int irq, void *dev_id), const char *devname,
		void *dev_id)
{
	(void)irq, (void)irqflags, (void)devname, (void)dev_id;
	sri_handler = handler;
	return 0;
}

void irq_set_type(unsigned int irq, unsigned int type)
{
	(void)irq, (void)type;
}

void tasklet_schedule(struct tasklet *t)
{
	tasklet_pending = t;
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

/* ffa.c's other handlers: never reached by a notification path. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#define NOT_REACHED() { __builtin_trap(); }
uint32_t ffa_handle_rxtx_map(uint32_t fid, register_t tx, register_t rx,
			     uint32_t pages) NOT_REACHED()
uint32_t ffa_handle_rxtx_unmap(void) NOT_REACHED()
void ffa_handle_partition_info_get(struct cpu_user_regs *r) NOT_REACHED()
int32_t ffa_rx_release(struct domain *d) NOT_REACHED()
void ffa_handle_msg_send_direct_req(struct cpu_user_regs *r, uint32_t fid)
	NOT_REACHED()
int32_t ffa_handle_msg_send2(struct cpu_user_regs *r) NOT_REACHED()
void ffa_handle_mem_share(struct cpu_user_regs *r) NOT_REACHED()
int ffa_handle_mem_reclaim(uint64_t handle, uint32_t flags) NOT_REACHED()
#pragma GCC diagnostic pop

static void fw_supports(uint32_t fid)
{
	const unsigned int nr = FFA_ABI_BITNUM(fid);

	ffa_fw_abi_supported[nr / BENCH_LONG_BITS] |= 1UL << (nr % BENCH_LONG_BITS);
}

/* A domain with B_VCPUS online vCPUs and an FF-A context, not yet inited. */
static struct domain *domain_make(uint16_t vm_id)
{
	const domid_t domid = (domid_t)(vm_id - 1);
	struct domain *d = &doms[domid];

	d->domain_id = domid;
	d->max_vcpus = B_VCPUS;
	d->arch.tee = &ctxs[domid];
	for (unsigned int i = 0; i < B_VCPUS; i++) {
		vcpus[domid][i].domain = d;
		vcpus[domid][i].next_in_list =
			i + 1 < B_VCPUS ? &vcpus[domid][i + 1] : NULL;
		vcpu_ptrs[domid][i] = &vcpus[domid][i];
	}
	d->vcpu = vcpu_ptrs[domid];
	return d;
}

/* ---- the paths: one noinline wrapper each ---- */

#define PATH __attribute__((noinline))

/*
 * Guest calls go through Xen's dispatch, ffa_handle_call() (cut out of ffa.c
 * by scripts/bench.sh as bench_ffa_handle_call), as a guest's do in Xen.
 */
static PATH bool p_call(struct cpu_user_regs *r)
{
	return bench_ffa_handle_call(r);
}

/* The SRI: Xen's IRQ handler schedules its tasklet, which then runs. */
static PATH void p_sri(void)
{
	struct tasklet *t;

	sri_handler((int)B_SRI_INTID, NULL);
	t = tasklet_pending;
	tasklet_pending = NULL;
	if (t != NULL)
		t->func(t->data);
}

static PATH int p_init_destroy(struct domain *d)
{
	int ret = ffa_notif_domain_init(d);

	ffa_notif_domain_destroy(d);
	return ret;
}

/* ---- the driver ---- */

static struct cpu_user_regs regs;

static void call_regs(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3,
		      uint64_t x4)
{
	regs = (struct cpu_user_regs){ .x = { x0, x1, x2, x3, x4 } };
	bench_xen_current = &vcpus[B_CALLER - 1][0];
}

int main(void)
{
	uint16_t ids[B_NLIST];
	int ret = 0;

	fw_supports(FFA_NOTIFICATION_BITMAP_CREATE);
	fw_supports(FFA_NOTIFICATION_BITMAP_DESTROY);
	fw_supports(FFA_NOTIFICATION_GET);
	fw_supports(FFA_NOTIFICATION_INFO_GET_64);
	ffa_notif_init();
	bench_expect("setup", sri_handler != NULL);
	bench_expect("setup", ffa_notif_domain_init(domain_make(B_CALLER)) == 0);
	for (unsigned int i = 0; i < B_NLIST; i++) {
		ids[i] = (uint16_t)(B_FIRST_N + i);
		bench_expect("setup", ffa_notif_domain_init(domain_make(ids[i])) == 0);
	}

	/* libffamed measures this first SP binding of the caller on its own. */
	call_regs(FFA_NOTIFICATION_BIND, B_SP_ID << 16 | B_CALLER, 0, B_FIRST_BIT, 0);
	p_call(&regs);
	bench_expect("bind_sp_first", regs.x[0] == FFA_SUCCESS_32);

	call_regs(FFA_NOTIFICATION_BIND, B_SP_ID << 16 | B_CALLER, 0, B_BITMAP, 0);
	BENCH_MEASURE(bind_valid, p_call(&regs));
	bench_expect("bind_valid", regs.x[0] == FFA_SUCCESS_32);

	call_regs(FFA_NOTIFICATION_BIND, B_SP_ID << 16 | B_OTHER, 0, B_BITMAP, 0);
	BENCH_MEASURE(bind_bad_receiver, p_call(&regs));
	bench_expect("bind_bad_receiver", regs.x[0] == FFA_ERROR &&
	       (uint32_t)regs.x[2] == (uint32_t)FFA_RET_INVALID_PARAMETERS);

	call_regs(FFA_NOTIFICATION_SET, B_CALLER << 16 | B_SP_ID, 0, B_BITMAP, 0);
	BENCH_MEASURE(set_valid, p_call(&regs));
	bench_expect("set_valid", regs.x[0] == FFA_SUCCESS_32);

	bench_spmc_list((const uint16_t[]){ B_CALLER }, 1);
	BENCH_MEASURE(sri_1, p_sri());
	bench_expect("sri_1", bench_counts.injections == 1);

	call_regs(FFA_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0);
	BENCH_MEASURE(info_get_pending, p_call(&regs));
	bench_expect("info_get_pending", regs.x[0] == FFA_SUCCESS_64 &&
	       regs.x[2] == 1U << 7 && (uint16_t)regs.x[3] == B_CALLER);

	call_regs(FFA_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0);
	BENCH_MEASURE(info_get_none, p_call(&regs));
	bench_expect("info_get_none", regs.x[0] == FFA_ERROR &&
	       (uint32_t)regs.x[2] == (uint32_t)FFA_RET_NO_DATA);

	bench_spmc_get_sp = B_BITMAP;
	bench_spmc_get_spm = 1;
	call_regs(FFA_NOTIFICATION_GET, B_CALLER, B_GET_SP | B_GET_SPM, 0, 0);
	BENCH_MEASURE(get_sp_spm, p_call(&regs));
	bench_expect("get_sp_spm", regs.x[0] == FFA_SUCCESS_32 &&
	       regs.x[2] == B_BITMAP && regs.x[6] == 1);
	bench_spmc_get_sp = 0;
	bench_spmc_get_spm = 0;

	bench_spmc_list(ids, B_NLIST);
	BENCH_MEASURE(sri_n, p_sri());
	bench_expect("sri_n", bench_counts.injections == B_NLIST);

	call_regs(FFA_NOTIFICATION_UNBIND, B_SP_ID << 16 | B_CALLER, 0, B_BITMAP, 0);
	BENCH_MEASURE(unbind_valid, p_call(&regs));
	bench_expect("unbind_valid", regs.x[0] == FFA_SUCCESS_32);

	{
		struct domain *fresh = domain_make(B_FRESH);

		BENCH_MEASURE(init_destroy, ret = p_init_destroy(fresh));
		bench_expect("init_destroy", ret == 0);
	}
	return 0;
}
