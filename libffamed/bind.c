/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * FFA_NOTIFICATION_BIND and FFA_NOTIFICATION_UNBIND from a guest.
 *
 * The caller is the receiver. Bindings to an SP sender live in the SPMC (we
 * keep a mirror, needed to split GET's SP bitmap into global and per-vCPU
 * bits and to unbind at destroy); bindings to a VM sender live here only.
 * SP and VM bitmaps are separate, so a bit may be bound to an SP and to a VM.
 */
#include "ffamed_internal.h"

struct bind_args {
	uint16_t sender;
	uint16_t receiver;
	uint32_t flags;
	uint64_t bitmap;
};

static void bind_args_read(const struct ffamed_regs *regs, struct bind_args *a)
{
	const uint32_t w1 = ffamed_w(regs, 1);

	a->sender = ffamed_w1_sender(w1);
	a->receiver = ffamed_w1_receiver(w1);
	a->flags = ffamed_w(regs, 2);
	a->bitmap = ffamed_bitmap_join(ffamed_w(regs, 3), ffamed_w(regs, 4));
}

/* Checks BIND and UNBIND share; allowed_flags is what w2 may hold. */
static int32_t bind_args_check(const struct ffamed_vm *caller,
			       const struct bind_args *a, uint32_t allowed_flags)
{
	if (a->receiver != caller->id)
		return FFAMED_RET_INVALID_PARAMETERS;
	if ((a->flags & ~allowed_flags) != 0U)
		return FFAMED_RET_INVALID_PARAMETERS;
	if (a->bitmap == 0U)
		return FFAMED_RET_INVALID_PARAMETERS;
	if (a->sender == a->receiver || a->sender == FFAMED_ID_HYPERVISOR)
		return FFAMED_RET_INVALID_PARAMETERS;
	return FFAMED_RET_OK;
}

static uint32_t bind_flags_allowed(void)
{
	return FFAMED_PER_VCPU ? FFAMED_NOTIF_FLAG_PER_VCPU : 0U;
}

/* Bits of a binding are per-vCPU or global as its flags say. */
static void set_per_vcpu(uint64_t *per_vcpu, const struct bind_args *a)
{
	if ((a->flags & FFAMED_NOTIF_FLAG_PER_VCPU) != 0U)
		*per_vcpu |= a->bitmap;
	else
		*per_vcpu &= ~a->bitmap;
}

/* Forward to the SPMC and keep the mirror in step. */
static int32_t bind_sp(struct ffamed *med, struct ffamed_vm *vm,
		       const struct bind_args *a, bool bind)
{
	const uint32_t fid = bind ? FFAMED_FID_NOTIF_BIND : FFAMED_FID_NOTIF_UNBIND;
	int32_t ret;

	if (!ffamed_spmc_has_vm(med, vm))
		return FFAMED_RET_NOT_SUPPORTED;

	ffamed_lock(&vm->lock);
	ret = ffamed_spmc_simple(med, fid,
				 ffamed_w1_pack(a->sender, a->receiver),
				 a->flags, ffamed_bitmap_lo(a->bitmap),
				 ffamed_bitmap_hi(a->bitmap));
	if (ret == FFAMED_RET_OK) {
		for (unsigned int b = 0; b < 64U; b++)
			if ((a->bitmap & FFAMED_BIT64(b)) != 0U)
				vm->sp_sender[b] = bind ? a->sender : 0U;
		if (bind) {
			vm->sp_bound |= a->bitmap;
			set_per_vcpu(&vm->sp_per_vcpu, a);
		} else {
			vm->sp_bound &= ~a->bitmap;
			vm->sp_per_vcpu &= ~a->bitmap;
		}
	}
	ffamed_unlock(&vm->lock);
	return ret;
}

/* Bits of bitmap that are pending from a VM sender, anywhere in vm. */
static uint64_t vm_bits_pending(const struct ffamed_vm *vm)
{
	uint64_t pend = vm->vm_pend;

	for (uint16_t v = 0; v < vm->vcpu_count; v++)
		pend |= vm->vcpu[v].vm_pend;
	return pend;
}

static int32_t bind_vm(struct ffamed *med, struct ffamed_vm *vm,
		       const struct bind_args *a)
{
	struct ffamed_vm *sender = ffamed_vm_get(med, a->sender);
	int32_t ret = FFAMED_RET_OK;
	uint32_t sender_gen;

	if (sender == NULL)
		return FFAMED_RET_INVALID_PARAMETERS;
	sender_gen = sender->gen;
	if (FFAMED_READ_ONCE(sender->state) != FFAMED_VM_LIVE)
		ret = FFAMED_RET_INVALID_PARAMETERS;
	ffamed_vm_put(med, sender);
	if (ret != FFAMED_RET_OK)
		return ret;

	ffamed_lock(&vm->lock);
	if ((vm_bits_pending(vm) & a->bitmap) != 0U)
		ret = FFAMED_RET_DENIED;
	for (unsigned int b = 0; b < 64U && ret == FFAMED_RET_OK; b++) {
		if ((a->bitmap & vm->vm_bound & FFAMED_BIT64(b)) != 0U &&
		    ffamed_vm_binding_live(med, vm, b))
			ret = FFAMED_RET_DENIED;
	}
	if (ret == FFAMED_RET_OK) {
		for (unsigned int b = 0; b < 64U; b++) {
			if ((a->bitmap & FFAMED_BIT64(b)) == 0U)
				continue;
			vm->vm_sender[b] = a->sender;
			vm->vm_sender_gen[b] = sender_gen;
		}
		vm->vm_bound |= a->bitmap;
		set_per_vcpu(&vm->vm_per_vcpu, a);
	}
	ffamed_unlock(&vm->lock);
	return ret;
}

/*
 * A receiver may unbind a binding whose sender has gone (it names the old
 * id), so that it can bind the bits again.
 */
static int32_t unbind_vm(struct ffamed_vm *vm, const struct bind_args *a)
{
	int32_t ret = FFAMED_RET_OK;

	ffamed_lock(&vm->lock);
	if ((vm->vm_bound & a->bitmap) != a->bitmap ||
	    (vm_bits_pending(vm) & a->bitmap) != 0U)
		ret = FFAMED_RET_DENIED;
	for (unsigned int b = 0; b < 64U && ret == FFAMED_RET_OK; b++)
		if ((a->bitmap & FFAMED_BIT64(b)) != 0U &&
		    vm->vm_sender[b] != a->sender)
			ret = FFAMED_RET_DENIED;
	if (ret == FFAMED_RET_OK) {
		vm->vm_bound &= ~a->bitmap;
		vm->vm_per_vcpu &= ~a->bitmap;
	}
	ffamed_unlock(&vm->lock);
	return ret;
}

int32_t ffamed_notif_bind(struct ffamed *med, struct ffamed_vm *caller,
			  const struct ffamed_regs *regs)
{
	struct bind_args a;
	int32_t ret;

	bind_args_read(regs, &a);
	ret = bind_args_check(caller, &a, bind_flags_allowed());
	if (ret != FFAMED_RET_OK)
		return ret;
	if (ffamed_id_is_sp(a.sender))
		return bind_sp(med, caller, &a, true);
	return bind_vm(med, caller, &a);
}

int32_t ffamed_notif_unbind(struct ffamed *med, struct ffamed_vm *caller,
			    const struct ffamed_regs *regs)
{
	struct bind_args a;
	int32_t ret;

	bind_args_read(regs, &a);
	ret = bind_args_check(caller, &a, 0U);
	if (ret != FFAMED_RET_OK)
		return ret;
	if (ffamed_id_is_sp(a.sender))
		return bind_sp(med, caller, &a, false);
	return unbind_vm(caller, &a);
}
