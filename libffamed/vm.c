/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Per-VM lifetime: notification bitmaps in the SPMC, VM lookup, and the
 * check that a VM -> VM binding's sender is still the VM that bound.
 */
#include "ffamed_internal.h"

struct ffamed_vm *ffamed_vm_get(struct ffamed *med, uint16_t vm_id)
{
	if (!ffamed_id_is_vm(vm_id))
		return NULL;
	return med->ops->vm_get(med->host, vm_id);
}

void ffamed_vm_put(struct ffamed *med, struct ffamed_vm *vm)
{
	if (vm != NULL)
		med->ops->vm_put(med->host, vm);
}

/*
 * A VM -> VM binding names its sender by id and generation: once the sender
 * is destroyed, or its id is reused, the binding no longer counts.
 */
bool ffamed_vm_binding_live(struct ffamed *med, const struct ffamed_vm *vm,
			    unsigned int bit)
{
	struct ffamed_vm *sender = ffamed_vm_get(med, vm->vm_sender[bit]);
	bool live;

	if (sender == NULL)
		return false;
	live = sender->gen == vm->vm_sender_gen[bit] &&
	       FFAMED_READ_ONCE(sender->state) == FFAMED_VM_LIVE;
	ffamed_vm_put(med, sender);
	return live;
}

/* Empty the SPMC's bitmaps of vm_id for every vCPU; replies are dropped. */
static void spmc_drain(struct ffamed *med, uint16_t vm_id, uint16_t vcpus)
{
	for (uint16_t v = 0; v < vcpus; v++)
		(void)ffamed_spmc_simple(med, FFAMED_FID_NOTIF_GET,
					 ffamed_w1_pack(v, vm_id),
					 FFAMED_GET_FLAG_SP | FFAMED_GET_FLAG_SPM,
					 0, 0);
}

/* Unbind every SP binding the mirror knows, one UNBIND per sender. */
static void spmc_unbind_all(struct ffamed *med, struct ffamed_vm *vm)
{
	uint64_t left = vm->sp_bound;

	for (unsigned int b = 0; b < 64U && left != 0U; b++) {
		const uint16_t sender = vm->sp_sender[b];
		uint64_t mask = 0;

		if ((left & FFAMED_BIT64(b)) == 0U)
			continue;
		for (unsigned int i = b; i < 64U; i++)
			if ((left & FFAMED_BIT64(i)) != 0U &&
			    vm->sp_sender[i] == sender)
				mask |= FFAMED_BIT64(i);
		left &= ~mask;
		if (ffamed_spmc_simple(med, FFAMED_FID_NOTIF_UNBIND,
				       ffamed_w1_pack(sender, vm->id), 0,
				       ffamed_bitmap_lo(mask),
				       ffamed_bitmap_hi(mask)) == FFAMED_RET_OK)
			vm->sp_bound &= ~mask;
	}
}

/*
 * Give the SPMC slot of vm back. BITMAP_DESTROY is DENIED while anything is
 * pending (and, for OP-TEE, bound), and an SP may set a bit between our drain
 * and our destroy, so drain, unbind and destroy again a bounded number of
 * times. Called with vm->lock held.
 */
static int32_t spmc_release(struct ffamed *med, struct ffamed_vm *vm)
{
	int32_t ret = FFAMED_RET_DENIED;

	for (unsigned int round = 0; round < FFAMED_DESTROY_MAX_ROUNDS; round++) {
		spmc_drain(med, vm->id, vm->vcpu_count);
		spmc_unbind_all(med, vm);
		ret = ffamed_spmc_simple(med, FFAMED_FID_NOTIF_BITMAP_DESTROY,
					 vm->id, 0, 0, 0);
		if (ret != FFAMED_RET_DENIED)
			break;
	}
	if (ret == FFAMED_RET_OK) {
		vm->spmc_bitmap = false;
	} else {
		ffamed_stat_inc(&med->stats.destroy_leaked);
		ffamed_log(med, FFAMED_LOG_ERR,
			   "ffamed: VM %#x: SPMC bitmap not destroyed (%d)\n",
			   vm->id, (int)ret);
	}
	return ret;
}

static int32_t spmc_create(struct ffamed *med, struct ffamed_vm *vm)
{
	int32_t ret = ffamed_spmc_simple(med, FFAMED_FID_NOTIF_BITMAP_CREATE,
					 vm->id, vm->vcpu_count, 0, 0);

	if (ret == FFAMED_RET_DENIED) {
		/* A previous VM with this id left its slot: take it back. */
		ffamed_log(med, FFAMED_LOG_WARN,
			   "ffamed: VM %#x: stale SPMC bitmap, recreating\n",
			   vm->id);
		spmc_drain(med, vm->id, vm->vcpu_count);
		(void)ffamed_spmc_simple(med, FFAMED_FID_NOTIF_BITMAP_DESTROY,
					 vm->id, 0, 0, 0);
		ret = ffamed_spmc_simple(med, FFAMED_FID_NOTIF_BITMAP_CREATE,
					 vm->id, vm->vcpu_count, 0, 0);
	}
	return ret;
}

int32_t ffamed_vm_init(struct ffamed *med, struct ffamed_vm *vm,
		       uint16_t vm_id, uint16_t vcpu_count, void *host_vm)
{
	if (med == NULL || vm == NULL || !ffamed_id_is_vm(vm_id))
		return FFAMED_RET_INVALID_PARAMETERS;
	if (vcpu_count == 0U || vcpu_count > FFAMED_MAX_VCPUS)
		return FFAMED_RET_INVALID_PARAMETERS;

	*vm = (struct ffamed_vm){ 0 };
	ffamed_lock_init(&vm->lock);
	vm->host_vm = host_vm;
	vm->id = vm_id;
	vm->vcpu_count = vcpu_count;
	vm->gen = FFAMED_ATOMIC_INC_RETURN(&med->next_gen);

	if (med->spmc_notif) {
		const int32_t ret = spmc_create(med, vm);

		if (ret != FFAMED_RET_OK) {
			ffamed_log(med, FFAMED_LOG_ERR,
				   "ffamed: VM %#x: BITMAP_CREATE failed (%d)\n",
				   vm_id, (int)ret);
			return ret;
		}
		vm->spmc_bitmap = true;
	}
	FFAMED_WRITE_ONCE(vm->state, (uint8_t)FFAMED_VM_LIVE);
	return FFAMED_RET_OK;
}

/*
 * After this returns no call reaches vm's state again: SETs aimed at it get
 * DENIED, the SRI handler skips it, its bindings as a sender stop counting.
 * The host frees vm once every vm_get() reference is put.
 */
int32_t ffamed_vm_destroy(struct ffamed *med, struct ffamed_vm *vm)
{
	int32_t ret = FFAMED_RET_OK;

	if (med == NULL || vm == NULL)
		return FFAMED_RET_INVALID_PARAMETERS;

	ffamed_lock(&vm->lock);
	if (vm->state != FFAMED_VM_LIVE) {
		ffamed_unlock(&vm->lock);
		return FFAMED_RET_INVALID_PARAMETERS;
	}
	FFAMED_WRITE_ONCE(vm->state, (uint8_t)FFAMED_VM_DEAD);
	if (vm->spmc_bitmap)
		ret = spmc_release(med, vm);
	vm->vm_bound = 0;
	vm->sp_pend = vm->vm_pend = 0;
	vm->spm_pend = vm->hyp_pend = 0;
	vm->sec_listed = false;
	for (uint16_t v = 0; v < vm->vcpu_count; v++)
		vm->vcpu[v] = (struct ffamed_vcpu_state){ 0 };
	ffamed_sched_hint_clear(med, vm->id);
	ffamed_unlock(&vm->lock);
	return ret;
}
