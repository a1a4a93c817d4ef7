/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * FFA_NOTIFICATION_BIND and FFA_NOTIFICATION_UNBIND from a guest.
 *
 * The caller is the receiver. Bindings to an SP sender live in the SPMC; we
 * keep a mirror only to unbind them at destroy. Bindings to a VM sender live
 * here. SP and VM bitmaps are separate, so a bit may be bound to an SP and
 * to a VM. A sender is an FF-A id, as in the SPMC: a VM created later under
 * a destroyed sender's id is that sender.
 */
#include "ffamed_internal.h"

/* The VM's first SP BIND: from now on sp_sender[] mirrors the SPMC. */
FFAMED_COLD FFAMED_NOINLINE void ffamed_sp_mirror_start(struct ffamed_vm *vm)
{
	for (unsigned int b = 0; b < 64U; b++)
		vm->sp_sender[b] = 0;
	vm->flags |= FFAMED_VMF_SP_MIRROR;
}

static int32_t bind_sp(struct ffamed *med, struct ffamed_vm *vm, uint32_t fid,
		       const struct ffamed_regs *regs, uint16_t sender)
{
	int32_t ret;

	if (!ffamed_vm_has(vm, FFAMED_VMS_SP))
		return FFAMED_RET_NOT_SUPPORTED;
	ffamed_lock(&vm->lock);
	ret = ffamed_spmc_forward(med, fid, regs, ffamed_w(regs, 2));
	if (ret == FFAMED_RET_OK) {
		const uint16_t now = fid == FFAMED_FID_NOTIF_BIND ? sender : 0U;

		/* An UNBIND before any BIND writes zeros nobody reads. */
		if (now != 0U && (vm->flags & FFAMED_VMF_SP_MIRROR) == 0U)
			ffamed_sp_mirror_start(vm);
		for (uint64_t m = ffamed_bitmap(regs, 3); m != 0U; m &= m - 1U)
			vm->sp_sender[ffamed_lowest_bit(m)] = now;
	}
	ffamed_unlock(&vm->lock);
	return ret;
}

/* Bits of bm pending from a VM sender anywhere in vm. vm->lock held. */
static bool vm_bits_pending(struct ffamed_vm *vm, uint64_t bm)
{
	uint16_t *link = &vm->pend_head;
	uint16_t v;

	if ((vm->vm_pend & bm) != 0U)
		return true;
	while ((v = ffamed_pending_next(vm, &link)) != FFAMED_NO_VCPU)
		if ((vm->vcpu[v].vm_pend & bm) != 0U)
			return true;
	return false;
}

FFAMED_COLD static int32_t bind_vm(struct ffamed_vm *vm, uint64_t bm, uint16_t sender,
		       bool per_vcpu)
{
	const uint16_t entry = ffamed_vm_sender_entry(sender, per_vcpu);
	int32_t ret = FFAMED_RET_DENIED;

	ffamed_lock(&vm->lock);
	if ((vm->vm_bound & bm) == 0U) {
		for (uint64_t m = bm; m != 0U; m &= m - 1U)
			vm->vm_sender[ffamed_lowest_bit(m)] = entry;
		vm->vm_bound |= bm;
		ret = FFAMED_RET_OK;
	}
	ffamed_unlock(&vm->lock);
	return ret;
}

/* The receiver may name a sender that has gone, to free the bits. */
FFAMED_COLD static int32_t unbind_vm(struct ffamed_vm *vm, uint64_t bm, uint16_t sender)
{
	int32_t ret = FFAMED_RET_OK;

	ffamed_lock(&vm->lock);
	if ((bm & ~vm->vm_bound) != 0U)
		ret = FFAMED_RET_DENIED;
	for (uint64_t m = bm; m != 0U && ret == FFAMED_RET_OK; m &= m - 1U)
		if ((vm->vm_sender[ffamed_lowest_bit(m)] & FFAMED_VM_SENDER_ID_MASK) != sender)
			ret = FFAMED_RET_DENIED;
	if (ret == FFAMED_RET_OK && vm_bits_pending(vm, bm))
		ret = FFAMED_RET_DENIED;
	if (ret == FFAMED_RET_OK)
		vm->vm_bound &= ~bm;
	ffamed_unlock(&vm->lock);
	return ret;
}

/* A VM sender must be live when it is bound (FF-A: a valid endpoint). */
FFAMED_COLD static bool vm_live(struct ffamed *med, uint16_t id)
{
	struct ffamed_vm *vm = ffamed_vm_get(med, id);
	const bool live = vm != NULL && ffamed_vm_live(vm);

	ffamed_vm_put(med, vm);
	return live;
}

/* BIND or UNBIND with a VM sender: kept here, out of the SP path's way. */
FFAMED_NOINLINE static int32_t bind_to_vm(struct ffamed *med,
					  struct ffamed_vm *caller, bool bind,
					  uint16_t sender, uint32_t flags,
					  uint64_t bm)
{
	if (!bind)
		return unbind_vm(caller, bm, sender);
	if (!vm_live(med, sender))
		return FFAMED_RET_INVALID_PARAMETERS;
	return bind_vm(caller, bm, sender, flags != 0U);
}

enum ffamed_dispatch ffamed_notif_bind(struct ffamed *med,
				       struct ffamed_vm *caller,
				       struct ffamed_regs *regs, bool bind)
{
	const uint32_t w1 = ffamed_w(regs, 1);
	const uint32_t flags = ffamed_w(regs, 2);
	const uint16_t sender = ffamed_w1_sender(w1);
	const uint64_t bm = ffamed_bitmap(regs, 3);
	const uint32_t allowed = bind && FFAMED_PER_VCPU ?
				 FFAMED_NOTIF_FLAG_PER_VCPU : 0U;
	int32_t ret;

	/* Bad parameters return before anything needs a frame. */
	if (ffamed_w1_receiver(w1) != caller->id || (flags & ~allowed) != 0U ||
	    bm == 0U || sender == caller->id || sender == FFAMED_ID_HYPERVISOR) {
		ffamed_reply_error(regs, FFAMED_RET_INVALID_PARAMETERS);
		return FFAMED_HANDLED;
	}
	if (ffamed_id_is_sp(sender))
		ret = bind_sp(med, caller, bind ? FFAMED_FID_NOTIF_BIND :
						  FFAMED_FID_NOTIF_UNBIND,
			      regs, sender);
	else
		ret = bind_to_vm(med, caller, bind, sender, flags, bm);
	ffamed_reply(regs, ret, 0);
	return FFAMED_HANDLED;
}
