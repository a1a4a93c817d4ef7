/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * FFA_NOTIFICATION_GET from a guest: the caller is the receiver.
 *
 * SP bits stay in the SPMC until the guest asks for them: libffamed never
 * holds one, so UNBIND and BIND are judged by the SPMC, which sees every SP
 * bit still pending. A GET with the SP bitmap asks the SPMC for SP and SPM
 * and keeps the SPM bits the guest did not ask for (framework bits are not
 * bound, so holding them strands nothing). A GET with the SPM bitmap only
 * asks for SPM only; SP bits may still wait, so the VM stays listed.
 *
 * The SPMC returns global bits merged with the asking vCPU's per-vCPU bits,
 * and so do we for VM bits.
 */
#include "ffamed_internal.h"

enum ffamed_dispatch ffamed_notif_get(struct ffamed *med,
				      struct ffamed_vm *caller,
				      struct ffamed_regs *regs)
{
	const uint32_t w1 = ffamed_w(regs, 1);
	const uint16_t vcpu = ffamed_w1_vcpu(w1);
	const uint32_t flags = ffamed_w(regs, 2);
	const bool want_sp = (flags & FFAMED_GET_FLAG_SP) != 0U;
	struct ffamed_vcpu *c;
	struct ffamed_regs sec;
	uint64_t sp = 0;
	uint32_t spm = 0;
	int32_t ret = FFAMED_RET_OK;

	if (ffamed_w1_receiver(w1) != caller->id || vcpu >= caller->vcpu_count ||
	    (flags & ~FFAMED_GET_FLAGS_ALL) != 0U) {
		ffamed_reply_error(regs, FFAMED_RET_INVALID_PARAMETERS);
		return FFAMED_HANDLED;
	}
	c = &caller->vcpu[vcpu];

	ffamed_lock(&caller->lock);
	if ((flags & (FFAMED_GET_FLAG_SP | FFAMED_GET_FLAG_SPM)) != 0U &&
	    ffamed_vm_has(caller, FFAMED_VMS_SP)) {
		ffamed_regs_set(&sec, FFAMED_FID_NOTIF_GET);
		sec.x[1] = w1;
		sec.x[2] = want_sp ? FFAMED_GET_FLAG_SP | FFAMED_GET_FLAG_SPM :
				     FFAMED_GET_FLAG_SPM;
		ffamed_spmc_call(med, &sec, &sec);
		ret = ffamed_status_32(&sec);
		if (ret == FFAMED_RET_OK) {
			spm = ffamed_w(&sec, 6);
			if (want_sp) {
				sp = ffamed_bitmap(&sec, 2);
				caller->flags &= (uint8_t)~FFAMED_VMF_LISTED;
				c->flags &= (uint8_t)~FFAMED_VCPU_LISTED;
			}
			caller->spm_pend |= spm;
		}
	}
	if (ret == FFAMED_RET_OK) {
		ffamed_regs_set(regs, FFAMED_FID_SUCCESS_32);
		ffamed_put_bitmap(regs, 2, sp);
		if ((flags & FFAMED_GET_FLAG_VM) != 0U) {
			ffamed_put_bitmap(regs, 4, caller->vm_pend | c->vm_pend);
			caller->vm_pend = 0;
			c->vm_pend = 0;
		}
		if ((flags & FFAMED_GET_FLAG_SPM) != 0U) {
			regs->x[6] = caller->spm_pend;
			caller->spm_pend = 0;
		}
		if ((flags & FFAMED_GET_FLAG_HYP) != 0U) {
			regs->x[7] = caller->hyp_pend;
			caller->hyp_pend = 0;
		}
		/*
		 * SPM bits taken but not asked for are ours now: the SPMC will
		 * not list them again, so they are news to announce.
		 */
		if ((flags & FFAMED_GET_FLAG_SPM) == 0U && spm != 0U)
			ffamed_pending_new_global(med, caller);
		ffamed_pending_got(med, caller, vcpu);
	}
	ffamed_unlock(&caller->lock);
	if (ret != FFAMED_RET_OK)
		ffamed_reply_error(regs, ret);
	return FFAMED_HANDLED;
}
