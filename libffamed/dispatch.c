/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The guest-call entry point: FFA_NOTIFICATION_* and the notification
 * queries of FFA_FEATURES. Every other function id is "not mine" and the
 * registers are left as they were for the host's own FF-A code.
 *
 * FFA_FEATURES answers what the calls will do for this caller: nothing for
 * a VM libffamed does not serve, the SRI only where it is injected.
 */
#include "ffamed_internal.h"

#define FEATURES_FID_BIT  (1U << 31)
#define FEATURES_ID_MBZ   0x7FFFFF00U

/* FF-A v1.3 feature id 4: which per-vCPU notifications this VM cannot use. */
static uint32_t notif_features(const struct ffamed *med,
			       const struct ffamed_vm *vm)
{
	if (!FFAMED_PER_VCPU)
		return FFAMED_FEAT_NOTIF_NO_VM_PER_VCPU |
		       FFAMED_FEAT_NOTIF_NO_SP_PER_VCPU;
	if (med->spmc_no_sp_vcpu || !ffamed_vm_has(vm, FFAMED_VMS_SP))
		return FFAMED_FEAT_NOTIF_NO_SP_PER_VCPU;
	return 0;
}

/* Returns false for queries that belong to the host's FF-A code. */
FFAMED_COLD static bool features(const struct ffamed *med, const struct ffamed_vm *vm,
		     struct ffamed_regs *regs)
{
	const uint32_t w1 = ffamed_w(regs, 1);
	const bool live = vm != NULL && ffamed_vm_live(vm);
	int32_t ret = live ? FFAMED_RET_OK : FFAMED_RET_NOT_SUPPORTED;
	uint32_t w2 = 0;

	if ((w1 & FEATURES_FID_BIT) != 0U) {
		if (!ffamed_is_notif_fid(w1))
			return false;
		/* BITMAP_CREATE / DESTROY are the hypervisor's, never a guest's. */
		if (w1 <= FFAMED_FID_NOTIF_BITMAP_DESTROY)
			ret = FFAMED_RET_NOT_SUPPORTED;
	} else {
		if ((w1 & FEATURES_ID_MBZ) != 0U)
			return false;
		if (w1 == FFAMED_FEAT_NPI)
			w2 = med->cfg.npi_intid;
		else if (w1 == FFAMED_FEAT_SRI)
			w2 = med->cfg.sri_intid;
		else if (w1 == FFAMED_FEAT_NOTIF)
			w2 = live ? notif_features(med, vm) : 0U;
		else
			return false;
		if (w1 == FFAMED_FEAT_SRI && live &&
		    vm->id != med->cfg.sched_vm_id &&
		    !ffamed_vm_has(vm, FFAMED_VMS_SRI_SELF))
			ret = FFAMED_RET_NOT_SUPPORTED;
		if (ffamed_w(regs, 2) != 0U)
			ret = FFAMED_RET_NOT_SUPPORTED;
	}
	ffamed_reply(regs, ret, w2);
	return true;
}

/* The notification calls' ids are one dense run from BITMAP_CREATE on. */
#define NOTIF(fid) ((fid) - FFAMED_FID_NOTIF_BITMAP_CREATE)

static enum ffamed_dispatch not_supported(struct ffamed_regs *regs)
{
	ffamed_reply_error(regs, FFAMED_RET_NOT_SUPPORTED);
	return FFAMED_HANDLED;
}

/*
 * A switch on the offset into that run is one range check and a jump table;
 * each call is a tail call. A VM libffamed does not serve gets
 * NOT_SUPPORTED, as BITMAP_CREATE / DESTROY (the hypervisor's) always do.
 * The live test stands in each case: one test before the switch made GCC 12
 * build a compare chain instead (8 to 16 more instructions per call).
 */
enum ffamed_dispatch ffamed_guest_call(struct ffamed *med,
				       struct ffamed_vm *caller,
				       struct ffamed_regs *regs)
{
	const uint32_t fid = ffamed_w(regs, 0) & ~FFAMED_SMCCC_SVE_HINT;
	const bool live = caller != NULL && ffamed_vm_live(caller);

	switch (NOTIF(fid)) {
	case NOTIF(FFAMED_FID_NOTIF_BIND):
	case NOTIF(FFAMED_FID_NOTIF_UNBIND):
		if (!live)
			return not_supported(regs);
		return ffamed_notif_bind(med, caller, regs,
					 fid == FFAMED_FID_NOTIF_BIND);
	case NOTIF(FFAMED_FID_NOTIF_SET):
		if (!live)
			return not_supported(regs);
		return ffamed_notif_set(med, caller, regs);
	case NOTIF(FFAMED_FID_NOTIF_GET):
		if (!live)
			return not_supported(regs);
		return ffamed_notif_get(med, caller, regs);
	case NOTIF(FFAMED_FID_NOTIF_INFO_GET_32):
		if (!live)
			return not_supported(regs);
		return ffamed_notif_info_get(med, caller, false, regs);
	case NOTIF(FFAMED_FID_NOTIF_BITMAP_CREATE):
	case NOTIF(FFAMED_FID_NOTIF_BITMAP_DESTROY):
		return not_supported(regs);
	default:
		break;
	}
	if (fid == FFAMED_FID_NOTIF_INFO_GET_64) {
		if (!live)
			return not_supported(regs);
		return ffamed_notif_info_get(med, caller, true, regs);
	}
	if (fid == FFAMED_FID_FEATURES)
		return features(med, caller, regs) ? FFAMED_HANDLED :
						     FFAMED_NOT_MINE;
	return FFAMED_NOT_MINE;
}
