/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * FFA_NOTIFICATION_SET from a guest: the caller is the sender.
 *
 * To an SP: forwarded to the SPMC, with the delay-SRI flag stripped (it only
 * means something for an SP sender; Hafnium strips it the same way).
 * To a VM: kept here; the SPMC never sees VM -> VM notifications.
 */
#include "ffamed_internal.h"

/* The receiver-side checks, in the order the statuses take precedence. */
static int32_t set_check(const struct ffamed_vm *rx, uint16_t sender,
			 uint32_t flags, uint64_t bm)
{
	const bool per_vcpu = (flags & FFAMED_NOTIF_FLAG_PER_VCPU) != 0U;

	const uint16_t entry = ffamed_vm_sender_entry(sender, per_vcpu);
	int32_t ret = FFAMED_RET_OK;

	if (!ffamed_vm_live(rx))
		return FFAMED_RET_DENIED;
	if (per_vcpu && ffamed_set_vcpu(flags) >= rx->vcpu_count)
		return FFAMED_RET_INVALID_PARAMETERS;
	if ((bm & ~rx->vm_bound) != 0U)
		return FFAMED_RET_DENIED;
	/* Another sender's bit: DENIED; ours, bound in the other mode: INVALID. */
	for (uint64_t m = bm; m != 0U; m &= m - 1U) {
		const uint16_t e = rx->vm_sender[ffamed_lowest_bit(m)];

		if ((e & FFAMED_VM_SENDER_ID_MASK) != sender)
			return FFAMED_RET_DENIED;
		if (e != entry)
			ret = FFAMED_RET_INVALID_PARAMETERS;
	}
	return ret;
}

FFAMED_NOINLINE static int32_t set_to_vm(struct ffamed *med, uint16_t sender, uint16_t receiver,
			 uint32_t flags, uint64_t bm)
{
	struct ffamed_vm *rx = ffamed_vm_get(med, receiver);
	int32_t ret;

	if (rx == NULL)
		return FFAMED_RET_INVALID_PARAMETERS;
	ffamed_lock(&rx->lock);
	ret = set_check(rx, sender, flags, bm);
	if (ret == FFAMED_RET_OK) {
		const bool per_vcpu = (flags & FFAMED_NOTIF_FLAG_PER_VCPU) != 0U;
		const uint16_t vcpu = ffamed_set_vcpu(flags);

		if (per_vcpu) {
			rx->vcpu[vcpu].vm_pend |= bm;
			ffamed_pending_new_vcpu(med, rx, vcpu);
		} else {
			rx->vm_pend |= bm;
			ffamed_pending_new_global(med, rx);
		}
	}
	ffamed_unlock(&rx->lock);
	ffamed_vm_put(med, rx);
	return ret;
}

static int32_t set_status(struct ffamed *med, struct ffamed_vm *caller,
			  const struct ffamed_regs *regs)
{
	const uint32_t w1 = ffamed_w(regs, 1);
	const uint32_t flags = ffamed_w(regs, 2);
	const uint16_t sender = ffamed_w1_sender(w1);
	const uint16_t receiver = ffamed_w1_receiver(w1);
	const bool per_vcpu = (flags & FFAMED_NOTIF_FLAG_PER_VCPU) != 0U;
	const uint64_t bm = ffamed_bitmap(regs, 3);

	if (sender != caller->id || (flags & FFAMED_NOTIF_SET_MBZ_MASK) != 0U ||
	    (per_vcpu && !FFAMED_PER_VCPU) ||
	    (!per_vcpu && ffamed_set_vcpu(flags) != 0U) || bm == 0U ||
	    receiver == sender || receiver == FFAMED_ID_HYPERVISOR)
		return FFAMED_RET_INVALID_PARAMETERS;
	if (!ffamed_id_is_sp(receiver))
		return set_to_vm(med, sender, receiver, flags, bm);
	if (!ffamed_vm_has(caller, FFAMED_VMS_SP))
		return FFAMED_RET_NOT_SUPPORTED;
	return ffamed_spmc_forward(med, FFAMED_FID_NOTIF_SET, regs,
				   flags & ~FFAMED_NOTIF_FLAG_DELAY_SRI);
}

enum ffamed_dispatch ffamed_notif_set(struct ffamed *med,
				      struct ffamed_vm *caller,
				      struct ffamed_regs *regs)
{
	ffamed_reply(regs, set_status(med, caller, regs), 0);
	return FFAMED_HANDLED;
}
