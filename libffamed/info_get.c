/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * FFA_NOTIFICATION_INFO_GET from a guest, answered from our own state (the
 * hypervisor owns the SPMC's INFO_GET, see sri.c) in the width it was asked.
 *
 * A VM is told about itself. The scheduler VM is told about every VM and SP
 * vCPU with something pending. Each pending state is reported once to each
 * of the two; a GET that leaves it, or new pending state, makes it
 * reportable again. The work is proportional to what is pending: a VM walks
 * its list of pending vCPUs, the scheduler its map of VMs to tell.
 */
#include "info_list.h"

/*
 * Add vm's unreported lists for reader who. vm->lock held. Returns false
 * when the reply is full before everything was added.
 */
static bool add_vm(struct ffamed_info *l, struct ffamed_vm *vm, uint8_t who)
{
	uint16_t *link = &vm->pend_head;
	uint16_t v;

	if (ffamed_vm_pending(vm) && (vm->flags & who) == 0U) {
		if (!ffamed_info_add_global(l, vm->id))
			return false;
		vm->flags |= who;
	}
	while ((v = ffamed_pending_next(vm, &link)) != FFAMED_NO_VCPU) {
		struct ffamed_vcpu *c = &vm->vcpu[v];

		if ((c->flags & who) != 0U)
			continue;
		if (!ffamed_info_add_vcpu(l, vm->id, v))
			return false;
		c->flags |= who;
	}
	return true;
}

/* SP vCPUs the SRI handler queued for the scheduler, oldest first. */
static void add_sp(struct ffamed *med, struct ffamed_info *l)
{
	uint16_t done = 0;

	ffamed_lock(&med->lock);
	while (done < med->sp_count) {
		const struct ffamed_sp_entry *e = &med->sp_pend[done];

		if (!(e->per_vcpu ? ffamed_info_add_vcpu(l, e->sp_id, e->vcpu) :
				    ffamed_info_add_global(l, e->sp_id)))
			break;
		done++;
	}
	for (uint16_t i = done; i < med->sp_count; i++)
		med->sp_pend[i - done] = med->sp_pend[i];
	med->sp_count = (uint16_t)(med->sp_count - done);
	ffamed_unlock(&med->lock);
}

/* One VM of the scheduler's map; its bit goes once it was told everything. */
static void add_for_sched(struct ffamed *med, struct ffamed_info *l,
			  uint16_t id)
{
	struct ffamed_vm *vm = ffamed_vm_get(med, id);
	bool told = true;

	if (vm != NULL) {
		ffamed_lock(&vm->lock);
		told = !ffamed_vm_live(vm) || add_vm(l, vm, FFAMED_REP_SCHED);
		ffamed_unlock(&vm->lock);
		ffamed_vm_put(med, vm);
	}
	if (told)
		ffamed_sched_clear(med, id);
}

/* Walk the two-level map: words with a bit set, then their set bits. */
static void add_sched(struct ffamed *med, struct ffamed_info *l)
{
	add_sp(med, l);
	for (unsigned int s = 0; s < FFAMED_SCHED_MAP_WORDS / 64U && !l->more;
	     s++) {
		uint64_t words;

		ffamed_lock(&med->lock);
		words = med->sched_sum[s];
		ffamed_unlock(&med->lock);
		for (; words != 0U && !l->more; words &= words - 1U) {
			const unsigned int w = s * 64U + ffamed_lowest_bit(words);
			uint64_t bits;

			ffamed_lock(&med->lock);
			bits = med->cfg.sched_map[w];
			ffamed_unlock(&med->lock);
			for (; bits != 0U && !l->more; bits &= bits - 1U)
				add_for_sched(med, l,
					      (uint16_t)(w * 64U +
							 ffamed_lowest_bit(bits)));
		}
	}
}

FFAMED_COLD FFAMED_NOINLINE static enum ffamed_dispatch
info_get_sched(struct ffamed *med, struct ffamed_vm *sched, bool is64,
	       struct ffamed_regs *regs)
{
	struct ffamed_info l;

	ffamed_info_start(&l, regs, is64);
	add_sched(med, &l);
	if (!l.more)
		ffamed_sri_lower_sched(med, sched);
	ffamed_info_finish(&l, is64);
	return FFAMED_HANDLED;
}

/* The caller's own lists. Called with vm->lock held; drops it. */
FFAMED_NOINLINE static enum ffamed_dispatch
info_get_self(struct ffamed *med, struct ffamed_vm *vm, bool is64,
	      struct ffamed_regs *regs)
{
	struct ffamed_info l;

	ffamed_info_start(&l, regs, is64);
	if (add_vm(&l, vm, FFAMED_REP_SELF))
		ffamed_sri_lower_self(med, vm);
	ffamed_unlock(&vm->lock);
	ffamed_info_finish(&l, is64);
	return FFAMED_HANDLED;
}

/* Lower the SRI of a VM told everything. Called with vm->lock held; drops it. */
FFAMED_NOINLINE static enum ffamed_dispatch info_get_told(struct ffamed *med,
							  struct ffamed_vm *vm)
{
	ffamed_sri_lower_self(med, vm);
	ffamed_unlock(&vm->lock);
	return FFAMED_HANDLED;
}

enum ffamed_dispatch ffamed_notif_info_get(struct ffamed *med,
					   struct ffamed_vm *caller, bool is64,
					   struct ffamed_regs *regs)
{
	bool news;

	/* sched_vm_id 0 (none) is no VM's id. */
	if (caller->id == med->cfg.sched_vm_id)
		return info_get_sched(med, caller, is64, regs);
	ffamed_lock(&caller->lock);
	if (caller->pend_head != FFAMED_NO_VCPU)
		return info_get_self(med, caller, is64, regs);
	/* No vCPU lists: the answer is the VM's global list, or no data. */
	news = ffamed_vm_pending(caller) &&
	       (caller->flags & FFAMED_REP_SELF) == 0U;
	if (news) {
		caller->flags |= FFAMED_REP_SELF;
		ffamed_info_reply_one(regs, is64, caller->id);
	} else {
		ffamed_reply_error(regs, FFAMED_RET_NO_DATA);
	}
	/* Told everything: an SRI of its own goes down. */
	if (caller->sri_vcpu != FFAMED_NO_VCPU)
		return info_get_told(med, caller);
	ffamed_unlock(&caller->lock);
	return FFAMED_HANDLED;
}
