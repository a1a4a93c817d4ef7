/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * FFA_NOTIFICATION_SET from a guest: the caller is the sender.
 *
 * To an SP: forwarded to the SPMC, with the delay-SRI flag stripped (it only
 * means something for an SP sender; Hafnium strips it the same way).
 * To a VM: kept here; the SPMC never sees VM -> VM notifications.
 */
#include "ffamed_internal.h"

struct set_args {
	uint16_t sender;
	uint16_t receiver;
	uint32_t flags;
	bool per_vcpu;
	uint16_t vcpu;
	uint64_t bitmap;
};

static int32_t set_args_read(const struct ffamed_vm *caller,
			     const struct ffamed_regs *regs,
			     struct set_args *a)
{
	const uint32_t w1 = ffamed_w(regs, 1);

	a->sender = ffamed_w1_sender(w1);
	a->receiver = ffamed_w1_receiver(w1);
	a->flags = ffamed_w(regs, 2);
	a->per_vcpu = (a->flags & FFAMED_NOTIF_FLAG_PER_VCPU) != 0U;
	a->vcpu = (uint16_t)(a->flags >> FFAMED_NOTIF_SET_VCPU_SHIFT);
	a->bitmap = ffamed_bitmap_join(ffamed_w(regs, 3), ffamed_w(regs, 4));

	if (a->sender != caller->id)
		return FFAMED_RET_INVALID_PARAMETERS;
	if ((a->flags & FFAMED_NOTIF_SET_MBZ_MASK) != 0U)
		return FFAMED_RET_INVALID_PARAMETERS;
	if (a->per_vcpu && !FFAMED_PER_VCPU)
		return FFAMED_RET_INVALID_PARAMETERS;
	if (!a->per_vcpu && a->vcpu != 0U)
		return FFAMED_RET_INVALID_PARAMETERS;
	if (a->bitmap == 0U)
		return FFAMED_RET_INVALID_PARAMETERS;
	if (a->receiver == a->sender || a->receiver == FFAMED_ID_HYPERVISOR)
		return FFAMED_RET_INVALID_PARAMETERS;
	return FFAMED_RET_OK;
}

static int32_t set_to_sp(struct ffamed *med, const struct ffamed_vm *caller,
			 const struct set_args *a)
{
	if (!ffamed_spmc_has_vm(med, caller))
		return FFAMED_RET_NOT_SUPPORTED;
	return ffamed_spmc_simple(med, FFAMED_FID_NOTIF_SET,
				  ffamed_w1_pack(a->sender, a->receiver),
				  a->flags & ~FFAMED_NOTIF_FLAG_DELAY_SRI,
				  ffamed_bitmap_lo(a->bitmap),
				  ffamed_bitmap_hi(a->bitmap));
}

/* Every bit bound to this very sender (same id, same generation). */
static bool bound_to(const struct ffamed_vm *rx, const struct ffamed_vm *tx,
		     uint64_t bitmap)
{
	if ((rx->vm_bound & bitmap) != bitmap)
		return false;
	for (unsigned int b = 0; b < 64U; b++) {
		if ((bitmap & FFAMED_BIT64(b)) == 0U)
			continue;
		if (rx->vm_sender[b] != tx->id || rx->vm_sender_gen[b] != tx->gen)
			return false;
	}
	return true;
}

/* The receiver-side checks, in the order the statuses take precedence. */
static int32_t set_check_receiver(const struct ffamed_vm *rx,
				  const struct ffamed_vm *caller,
				  const struct set_args *a)
{
	const uint64_t want_per_vcpu = a->per_vcpu ? a->bitmap : 0U;

	if (rx->state != FFAMED_VM_LIVE)
		return FFAMED_RET_DENIED;
	if (a->per_vcpu && a->vcpu >= rx->vcpu_count)
		return FFAMED_RET_INVALID_PARAMETERS;
	if (!bound_to(rx, caller, a->bitmap))
		return FFAMED_RET_DENIED;
	if ((rx->vm_per_vcpu & a->bitmap) != want_per_vcpu)
		return FFAMED_RET_INVALID_PARAMETERS;
	return FFAMED_RET_OK;
}

static int32_t set_to_vm(struct ffamed *med, const struct ffamed_vm *caller,
			 const struct set_args *a)
{
	struct ffamed_vm *rx = ffamed_vm_get(med, a->receiver);
	struct ffamed_signal note = { 0 };
	int32_t ret;

	if (rx == NULL)
		return FFAMED_RET_INVALID_PARAMETERS;

	ffamed_lock(&rx->lock);
	ret = set_check_receiver(rx, caller, a);
	if (ret == FFAMED_RET_OK) {
		if (a->per_vcpu)
			rx->vcpu[a->vcpu].vm_pend |= a->bitmap;
		else
			rx->vm_pend |= a->bitmap;
		ffamed_pending_mark(med, rx, a->per_vcpu, a->vcpu, &note);
	}
	ffamed_unlock(&rx->lock);

	if (ret == FFAMED_RET_OK)
		ffamed_pending_signal(med, &note);
	ffamed_vm_put(med, rx);
	return ret;
}

int32_t ffamed_notif_set(struct ffamed *med, struct ffamed_vm *caller,
			 const struct ffamed_regs *regs)
{
	struct set_args a;
	const int32_t ret = set_args_read(caller, regs, &a);

	if (ret != FFAMED_RET_OK)
		return ret;
	if (ffamed_id_is_sp(a.receiver))
		return set_to_sp(med, caller, &a);
	return set_to_vm(med, caller, &a);
}
