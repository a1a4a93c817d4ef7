// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Becomes arch/arm64/kvm/hyp/nvhe/ffamed_pkvm.c: pKVM's host FF-A
 * notifications through libffamed, at EL2.
 *
 * The host kernel is FF-A endpoint 0, the only normal-world endpoint the SPMC
 * knows, and it owns the GIC: the SPMC's Schedule Receiver Interrupt reaches it
 * directly and it makes FFA_NOTIFICATION_INFO_GET itself. What EL2 must add is
 * the check that the host only ever acts as endpoint 0 (the receiver it binds,
 * unbinds and gets for; the sender it sets as; the bitmaps it creates), with
 * every must-be-zero field and flag checked: libffamed's host-endpoint mode
 * (ffamed_host_call) does exactly that and forwards what passes to the SPMC.
 *
 * State is static (EL2 has no heap); the host traps here with interrupts
 * masked and libffamed's work per call is bounded.
 */
#include <linux/arm_ffa.h>
#include <linux/kvm_host.h>

#include <nvhe/ffamed_pkvm.h>
#include <nvhe/trap_handler.h>

/*
 * 7.x wraps the SMC in hyp trace events (after kvm_host.h: they look into
 * struct kvm_vcpu); 6.12 has no wrapper, and its patch links smccc-call.o in.
 */
#if __has_include(<nvhe/arm-smccc.h>)
#include <nvhe/arm-smccc.h>
#else
#include <linux/arm-smccc.h>
#define hyp_smccc_1_2_smc(args, res)	arm_smccc_1_2_smc(args, res)
#endif

#include <ffamed/ffamed.h>

#define NR_REGS_IN	8	/* x0..x7 in and out */
#define NR_REGS_OUT	18	/* pKVM's proxy writes x0..x17 back */

static struct ffamed host_med;
static bool host_med_ready;

static void pkvm_ffamed_smc(void *host, const struct ffamed_regs *in,
			    struct ffamed_regs *out)
{
	/* x8..x17 are zero on the way in (SMCCC 1.2), as libffamed requires. */
	struct arm_smccc_1_2_regs args = {
		.a0 = in->x[0], .a1 = in->x[1], .a2 = in->x[2], .a3 = in->x[3],
		.a4 = in->x[4], .a5 = in->x[5], .a6 = in->x[6], .a7 = in->x[7],
	};
	struct arm_smccc_1_2_regs res;

	hyp_smccc_1_2_smc(&args, &res);
	out->x[0] = res.a0; out->x[1] = res.a1; out->x[2] = res.a2;
	out->x[3] = res.a3; out->x[4] = res.a4; out->x[5] = res.a5;
	out->x[6] = res.a6; out->x[7] = res.a7;
}

/*
 * No VM is a libffamed VM yet (protected VMs could be, later): nothing is
 * looked up and nothing injected from EL2. The host takes the SPMC's SRI
 * from the GIC itself.
 */
static bool pkvm_ffamed_irq_raise(void *host, void *host_vm, uint16_t vcpu,
				  uint32_t intid)
{
	return false;
}

static struct ffamed_vm *pkvm_ffamed_vm_get(void *host, uint16_t vm_id)
{
	return NULL;
}

static void pkvm_ffamed_vm_put(void *host, struct ffamed_vm *vm)
{
}

static const struct ffamed_ops pkvm_ffamed_ops = {
	.smc		= pkvm_ffamed_smc,
	.irq_raise	= pkvm_ffamed_irq_raise,
	.vm_get		= pkvm_ffamed_vm_get,
	.vm_put		= pkvm_ffamed_vm_put,
	/* No log op: EL2 has no console. */
};

void pkvm_ffamed_init(void)
{
	/* No virtual NPI/SRI and no scheduler VM: the host schedules itself. */
	static const struct ffamed_config cfg = { 0 };

	if (ffamed_init(&host_med, &pkvm_ffamed_ops, NULL, &cfg))
		return;
	/*
	 * An SPMC without notifications still leaves libffamed up: the host's
	 * calls are then refused at EL2 instead of reaching the SPMC.
	 */
	ffamed_probe(&host_med);
	smp_store_release(&host_med_ready, true);
}

static bool is_notif_call(u32 func_id)
{
	switch (func_id) {
	case FFA_NOTIFICATION_BITMAP_CREATE:
	case FFA_NOTIFICATION_BITMAP_DESTROY:
	case FFA_NOTIFICATION_BIND:
	case FFA_NOTIFICATION_UNBIND:
	case FFA_NOTIFICATION_SET:
	case FFA_NOTIFICATION_GET:
	case FFA_NOTIFICATION_INFO_GET:
	case FFA_FN64_NOTIFICATION_INFO_GET:
		return true;
	default:
		return false;
	}
}

bool pkvm_ffamed_host_call(struct kvm_cpu_context *host_ctxt)
{
	struct ffamed_regs regs;
	int i;

	for (i = 0; i < NR_REGS_IN; i++)
		regs.x[i] = cpu_reg(host_ctxt, i);
	if (smp_load_acquire(&host_med_ready)) {
		if (ffamed_host_call(&host_med, &regs) == FFAMED_NOT_MINE)
			return false;
	} else {
		/* libffamed did not start: refused as in stock 7.x, never passed on. */
		if (!is_notif_call(cpu_reg(host_ctxt, 0) & ~ARM_SMCCC_CALL_HINTS))
			return false;
		/* As the proxy's own ffa_to_smccc_error(). */
		regs = (struct ffamed_regs){ .x = { FFA_ERROR, 0, (u64)FFA_RET_NOT_SUPPORTED } };
	}
	for (i = 0; i < NR_REGS_IN; i++)
		cpu_reg(host_ctxt, i) = regs.x[i];
	/* As the proxy's own replies: x8..x17 zero, nothing of EL2/EL3 leaks. */
	for (; i < NR_REGS_OUT; i++)
		cpu_reg(host_ctxt, i) = 0;
	return true;
}
