/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * FFA_NOTIFICATION_GET from a guest: the caller is the receiver.
 *
 * Whenever the guest asks for the SP or the SPM bitmap we ask the SPMC for
 * both and keep whatever the guest did not ask for. The SPMC clears what it
 * returns, so this is the only way to know exactly what is still pending
 * after a GET of some bitmaps: nothing is lost and INFO_GET reports nothing
 * that is not there (the seeds' pending flag did both).
 *
 * The SPMC returns global bits merged with the asking vCPU's per-vCPU bits;
 * our mirror of the SP bindings splits them again.
 */
#include "ffamed_internal.h"

#define SECURE_FLAGS (FFAMED_GET_FLAG_SP | FFAMED_GET_FLAG_SPM)

/* Fetch both secure bitmaps into the caches. vm->lock held. */
static int32_t fetch_secure(struct ffamed *med, struct ffamed_vm *vm,
			    uint16_t vcpu)
{
	struct ffamed_vcpu_state *s = &vm->vcpu[vcpu];
	const bool listed = vm->sec_listed, vlisted = s->sec_listed;
	struct ffamed_regs in, out;
	uint64_t sp;
	int32_t ret;

	/*
	 * Clear the SRI's marks before asking: anything set after our GET
	 * raises a new SRI that marks the VM again.
	 */
	vm->sec_listed = false;
	s->sec_listed = false;

	ffamed_regs_zero(&in);
	in.x[0] = FFAMED_FID_NOTIF_GET;
	in.x[1] = ffamed_w1_pack(vcpu, vm->id);
	in.x[2] = SECURE_FLAGS;
	ffamed_spmc_call(med, &in, &out);
	ret = ffamed_reply_status(&out);
	if (ret != FFAMED_RET_OK || ffamed_w(&out, 0) != FFAMED_FID_SUCCESS_32) {
		vm->sec_listed = listed;
		s->sec_listed = vlisted;
		return ret != FFAMED_RET_OK ? ret : FFAMED_RET_ABORTED;
	}
	sp = ffamed_bitmap_join(ffamed_w(&out, 2), ffamed_w(&out, 3));
	vm->sp_pend |= sp & ~vm->sp_per_vcpu;
	s->sp_pend |= sp & vm->sp_per_vcpu;
	vm->spm_pend |= ffamed_w(&out, 6);
	return FFAMED_RET_OK;
}

static uint64_t take64(uint64_t *a, uint64_t *b)
{
	const uint64_t v = *a | *b;

	*a = 0;
	*b = 0;
	return v;
}

static uint32_t take32(uint32_t *a)
{
	const uint32_t v = *a;

	*a = 0;
	return v;
}

void ffamed_notif_get(struct ffamed *med, struct ffamed_vm *caller,
		      struct ffamed_regs *regs)
{
	const uint32_t w1 = ffamed_w(regs, 1);
	const uint16_t receiver = ffamed_w1_receiver(w1);
	const uint16_t vcpu = ffamed_w1_sender(w1); /* bits[31:16]: vCPU id */
	const uint32_t flags = ffamed_w(regs, 2);
	struct ffamed_vcpu_state *s;
	uint32_t w[6] = { 0 };
	int32_t ret = FFAMED_RET_OK;

	if (receiver != caller->id || vcpu >= caller->vcpu_count ||
	    (flags & ~FFAMED_GET_FLAGS_ALL) != 0U) {
		ffamed_reply_error(regs, FFAMED_RET_INVALID_PARAMETERS);
		return;
	}
	s = &caller->vcpu[vcpu];

	ffamed_lock(&caller->lock);
	if ((flags & SECURE_FLAGS) != 0U && ffamed_spmc_has_vm(med, caller))
		ret = fetch_secure(med, caller, vcpu);
	if (ret == FFAMED_RET_OK) {
		uint64_t bm;

		if ((flags & FFAMED_GET_FLAG_SP) != 0U) {
			bm = take64(&caller->sp_pend, &s->sp_pend);
			w[0] = ffamed_bitmap_lo(bm);
			w[1] = ffamed_bitmap_hi(bm);
		}
		if ((flags & FFAMED_GET_FLAG_VM) != 0U) {
			bm = take64(&caller->vm_pend, &s->vm_pend);
			w[2] = ffamed_bitmap_lo(bm);
			w[3] = ffamed_bitmap_hi(bm);
		}
		if ((flags & FFAMED_GET_FLAG_SPM) != 0U)
			w[4] = take32(&caller->spm_pend);
		if ((flags & FFAMED_GET_FLAG_HYP) != 0U)
			w[5] = take32(&caller->hyp_pend);
		/* What is left is reported again by the next INFO_GET. */
		caller->reported = 0;
		s->reported = 0;
		ffamed_pending_lower(med, caller);
		if (med->cfg.sched_vm_id != 0U &&
		    (ffamed_vm_global_pending(caller) ||
		     ffamed_vcpu_pending(caller, vcpu)))
			(void)ffamed_sched_hint_set(med, caller->id);
	}
	ffamed_unlock(&caller->lock);

	if (ret != FFAMED_RET_OK)
		ffamed_reply_error(regs, ret);
	else
		ffamed_reply_success32(regs, w);
}
