/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Per-VM lifetime: notification bitmaps in the SPMC, created at init and
 * destroyed, resumably, at destroy; slots a destroy gave up are remembered
 * and taken back by the next init of the same id.
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

bool ffamed_vm_sp_enabled(const struct ffamed_vm *vm)
{
	return ffamed_vm_has(vm, FFAMED_VMS_SP);
}

/* The lifecycle changes; what was fixed at init stays. Only one writer. */
static void set_life(struct ffamed_vm *vm, unsigned int life)
{
	const unsigned int fixed = vm->state & ~FFAMED_VM_LIFE_MASK;

	FFAMED_WRITE_ONCE(vm->state, (uint8_t)(fixed | life));
}

/*
 * Empty the SPMC's bitmaps of vCPU vcpu of vm_id; the bits are dropped.
 * Out of line: reclaim() and destroy both call it.
 */
FFAMED_COLD FFAMED_NOINLINE static void drain_vcpu(struct ffamed *med,
						   uint16_t vm_id, uint16_t vcpu)
{
	(void)ffamed_spmc(med, FFAMED_FID_NOTIF_GET, ffamed_w1_pack(vcpu, vm_id),
			  FFAMED_GET_FLAG_SP | FFAMED_GET_FLAG_SPM, 0);
}

/* BITMAP_DESTROY for vm_id; the FF-A status. Out of line: two callers. */
FFAMED_COLD FFAMED_NOINLINE static int32_t destroy_bitmap(struct ffamed *med,
							  uint16_t vm_id)
{
	return ffamed_spmc(med, FFAMED_FID_NOTIF_BITMAP_DESTROY, vm_id, 0, 0);
}

/*
 * UNBIND the first SP binding in vm's mirror and every bit with the same
 * sender, and forget them once the SPMC agrees. NO_DATA: none is left, or
 * none was ever made through us.
 */
FFAMED_COLD static int32_t unbind_next(struct ffamed *med, struct ffamed_vm *vm)
{
	uint16_t *const sender = vm->sp_sender;
	uint64_t mask = 0;
	uint16_t first = 0;
	int32_t ret;

	if ((vm->flags & FFAMED_VMF_SP_MIRROR) == 0U)
		return FFAMED_RET_NO_DATA;

	/* The slow path of a slow path: a plain scan is fine here. */
	for (unsigned int b = 0; b < 64U; b++) {
		if (sender[b] == 0U || (first != 0U && sender[b] != first))
			continue;
		first = sender[b];
		mask |= (uint64_t)1U << b;
	}
	if (mask == 0U)
		return FFAMED_RET_NO_DATA;
	ret = ffamed_spmc(med, FFAMED_FID_NOTIF_UNBIND,
			  ffamed_w1_pack(first, vm->id), 0, mask);
	if (ret == FFAMED_RET_OK)
		for (; mask != 0U; mask &= mask - 1U)
			sender[ffamed_lowest_bit(mask)] = 0;
	return ret;
}

/* med->leaked[]'s entry for id (0: a free one), or NULL. med->lock held. */
static struct ffamed_leak *find_leak(struct ffamed *med, uint16_t id)
{
	struct ffamed_leak *const end = med->leaked + FFAMED_MAX_LEAKED;

	for (struct ffamed_leak *l = med->leaked; l < end; l++)
		if (l->id == id)
			return l;
	return NULL;
}

/* The SP bindings' mirror, between a VM and a leak table entry; NULL: none. */
FFAMED_COLD FFAMED_NOINLINE static void copy_senders(uint16_t to[64],
						     const uint16_t *from)
{
	for (unsigned int b = 0; b < 64U; b++)
		to[b] = from != NULL ? from[b] : 0U;
}

/*
 * Keep what a later init needs to take a slot back: its vCPU count and the
 * SP bindings still in vm's mirror. False when the table is full.
 */
FFAMED_COLD static bool remember(struct ffamed *med, const struct ffamed_vm *vm,
				 uint16_t vcpus)
{
	struct ffamed_leak *l;

	ffamed_lock(&med->lock);
	l = find_leak(med, 0);
	if (l != NULL) {
		l->id = vm->id;
		l->vcpu_count = vcpus;
		copy_senders(l->sp_sender,
			     (vm->flags & FFAMED_VMF_SP_MIRROR) != 0U ? vm->sp_sender : NULL);
	}
	ffamed_unlock(&med->lock);
	if (l == NULL)
		ffamed_stat_bad(&med->stats.leaks_lost);
	return l != NULL;
}

/*
 * BITMAP_CREATE said DENIED: a slot is left under this id, by a destroy that
 * gave up (we kept its vCPU count and SP bindings) or by an earlier life of
 * the hypervisor (we know neither: drain with ours and hope for no
 * bindings). One round; the SP bindings it could not unbind stay in vm's
 * mirror and the vCPU count it used is returned, for remember() if CREATE
 * still fails.
 */
FFAMED_COLD static uint16_t reclaim(struct ffamed *med, struct ffamed_vm *vm)
{
	uint16_t vcpus = vm->vcpu_count;
	struct ffamed_leak *l;

	ffamed_lock(&med->lock);
	l = find_leak(med, vm->id);
	if (l != NULL) {
		vcpus = l->vcpu_count;
		copy_senders(vm->sp_sender, l->sp_sender);
		vm->flags |= FFAMED_VMF_SP_MIRROR;
		l->id = 0;
	}
	ffamed_unlock(&med->lock);

	ffamed_log(med, FFAMED_LOG_WARN,
		   "ffamed: VM %#x: stale SPMC bitmap, reclaiming\n", vm->id);
	for (uint16_t v = 0; v < vcpus; v++)
		drain_vcpu(med, vm->id, v);
	while (unbind_next(med, vm) == FFAMED_RET_OK)
		;
	(void)destroy_bitmap(med, vm->id);
	return vcpus;
}

/*
 * Zero count vCPUs. As arguments, vcpus and count are read once: a loop on
 * p->vcpus and p->vcpu_count reloads both after each store (it may alias).
 */
static void clear_vcpus(struct ffamed_vcpu *vcpus, uint16_t count)
{
	for (uint16_t v = 0; v < count; v++)
		vcpus[v] = (struct ffamed_vcpu){ 0 };
}

FFAMED_COLD int ffamed_vm_init(struct ffamed *med, struct ffamed_vm *vm,
		   const struct ffamed_vm_params *p)
{
	struct ffamed_vm *other;
	unsigned int fixed = 0; /* the state's bits above the lifecycle */
	bool busy = false;

	if (med == NULL || vm == NULL || p == NULL || !ffamed_id_is_vm(p->id) ||
	    p->vcpu_count == 0U || p->vcpu_count == FFAMED_NO_VCPU ||
	    p->vcpus == NULL ||
	    (p->flags & ~FFAMED_VM_SRI_SELF) != 0U)
		return -FFAMED_ERR_INVAL;

	/* Never take over the id of a live VM, or of one still being destroyed. */
	other = ffamed_vm_get(med, p->id);
	if (other != NULL && other != vm) {
		const unsigned int life = ffamed_vm_life(other);

		busy = life == FFAMED_VM_LIVE || life == FFAMED_VM_DYING;
	}
	ffamed_vm_put(med, other);
	if (busy)
		return -FFAMED_ERR_BUSY;

	/*
	 * Every field but the sender tables, which vm_bound = 0 and flags = 0
	 * mark as empty.
	 */
	vm->host_vm = p->host_vm;
	vm->vcpu = p->vcpus;
	vm->vm_pend = 0;
	vm->vm_bound = 0;
	vm->spm_pend = 0;
	vm->hyp_pend = 0;
	vm->id = p->id;
	vm->vcpu_count = p->vcpu_count;
	vm->pend_head = FFAMED_NO_VCPU;
	vm->npi_vcpu = FFAMED_NO_VCPU;
	vm->sri_vcpu = FFAMED_NO_VCPU;
	vm->destroy_pos = 0;
	vm->flags = 0;
	vm->destroy_round = 0;
	ffamed_lock_init(&vm->lock);
	FFAMED_WRITE_ONCE(vm->state, (uint8_t)FFAMED_VM_FREE);
	clear_vcpus(p->vcpus, p->vcpu_count);

	if (med->spmc_notif) {
		int32_t ret = ffamed_spmc(med, FFAMED_FID_NOTIF_BITMAP_CREATE,
					  vm->id, vm->vcpu_count, 0);

		if (ret == FFAMED_RET_DENIED) {
			const uint16_t old_vcpus = reclaim(med, vm);

			ret = ffamed_spmc(med, FFAMED_FID_NOTIF_BITMAP_CREATE,
					  vm->id, vm->vcpu_count, 0);
			/* Not taken back: keep what the next try needs. */
			if (ret == FFAMED_RET_OK)
				ffamed_stat_bad(&med->stats.reclaimed);
			else
				(void)remember(med, vm, old_vcpus);
			vm->flags = 0; /* no SP binding under the new slot */
		}
		if (ret == FFAMED_RET_OK) {
			fixed = FFAMED_VMS_SP;
		} else if (ret == FFAMED_RET_NO_MEMORY) {
			/* The SPMC is out of slots: VM-to-VM still works. */
			ffamed_stat_bad(&med->stats.no_slot);
			ffamed_log(med, FFAMED_LOG_WARN,
				   "ffamed: VM %#x: SPMC has no bitmap for it, VM-to-VM notifications only\n",
				   vm->id);
		} else {
			ffamed_log(med, FFAMED_LOG_ERR,
				   "ffamed: VM %#x: BITMAP_CREATE failed (%d)\n",
				   vm->id, (int)ret);
			return -FFAMED_ERR_SPMC;
		}
	}
	/* The scheduler VM gets the SRI as the scheduler: not twice. */
	if ((p->flags & FFAMED_VM_SRI_SELF) != 0U && p->id != med->cfg.sched_vm_id)
		fixed |= FFAMED_VMS_SRI_SELF;
	FFAMED_WRITE_ONCE(vm->state, (uint8_t)(fixed | FFAMED_VM_LIVE));
	return FFAMED_OK;
}

/* Stop everything from reaching vm: the first step of destroy. */
FFAMED_COLD static void vm_kill(struct ffamed *med, struct ffamed_vm *vm)
{
	ffamed_lock(&vm->lock);
	set_life(vm, FFAMED_VM_DYING);
	vm->vm_pend = 0;
	vm->spm_pend = 0;
	vm->hyp_pend = 0;
	vm->flags &= FFAMED_VMF_SP_MIRROR; /* destroy reads the mirror */
	vm->pend_head = FFAMED_NO_VCPU;
	ffamed_unlock(&vm->lock);
	if (med->cfg.sched_vm_id != 0U)
		ffamed_sched_clear(med, vm->id);
	vm->destroy_pos = FFAMED_NO_VCPU;
	vm->destroy_round = 0;
}

/* Give the slot up; remember what a later init needs to take it back. */
FFAMED_COLD static int give_up(struct ffamed *med, struct ffamed_vm *vm, int32_t status)
{
	const bool kept = remember(med, vm, vm->vcpu_count);

	ffamed_stat_bad(&med->stats.destroy_leaked);
	ffamed_log(med, FFAMED_LOG_ERR,
		   "ffamed: VM %#x: SPMC bitmap not destroyed (%d)%s\n", vm->id,
		   (int)status, kept ? "" : ", not remembered");
	FFAMED_WRITE_ONCE(vm->state, (uint8_t)FFAMED_VM_DEAD);
	return -FFAMED_ERR_LEAKED;
}

/*
 * BITMAP_DESTROY first: one SMC for an idle VM. Only when the SPMC says
 * DENIED (something pending, or for OP-TEE still bound): drain each vCPU,
 * UNBIND each SP sender, destroy again, up to FFAMED_DESTROY_MAX_ROUNDS
 * rounds. No lock is held across these SMCs: the VM is dying, so nothing
 * else touches what they change. At most FFAMED_DESTROY_STEP_SMCS per call.
 */
FFAMED_COLD int ffamed_vm_destroy(struct ffamed *med, struct ffamed_vm *vm)
{
	unsigned int budget = FFAMED_DESTROY_STEP_SMCS;
	unsigned int life;

	if (med == NULL || vm == NULL)
		return -FFAMED_ERR_INVAL;
	life = ffamed_vm_life(vm);
	if (life == FFAMED_VM_LIVE)
		vm_kill(med, vm);
	else if (life != FFAMED_VM_DYING)
		return -FFAMED_ERR_INVAL;

	while (ffamed_vm_has(vm, FFAMED_VMS_SP)) {
		int32_t ret;

		if (budget-- == 0U)
			return -FFAMED_ERR_AGAIN;
		if (vm->destroy_pos < vm->vcpu_count) {
			drain_vcpu(med, vm->id, vm->destroy_pos++);
			continue;
		}
		if (vm->destroy_pos == vm->vcpu_count) {
			ret = unbind_next(med, vm);
			if (ret == FFAMED_RET_OK)
				continue;
			/* None left, or refused: destroy, or drain again. */
			vm->destroy_pos = FFAMED_NO_VCPU;
			if (ret != FFAMED_RET_NO_DATA)
				continue;
			/* No SMC yet this turn: the DESTROY below is its one. */
		}
		ret = destroy_bitmap(med, vm->id);
		if (ret == FFAMED_RET_OK)
			FFAMED_WRITE_ONCE(vm->state, (uint8_t)FFAMED_VM_DYING);
		else if (ret != FFAMED_RET_DENIED ||
			 ++vm->destroy_round >= FFAMED_DESTROY_MAX_ROUNDS)
			return give_up(med, vm, ret);
		else
			vm->destroy_pos = 0;
	}
	FFAMED_WRITE_ONCE(vm->state, (uint8_t)FFAMED_VM_DEAD);
	return FFAMED_OK;
}
