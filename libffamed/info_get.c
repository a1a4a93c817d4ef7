/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * FFA_NOTIFICATION_INFO_GET from a guest, answered from our own state (the
 * hypervisor owns the SPMC's INFO_GET, see sri.c) in the width it was asked.
 *
 * A VM is told about itself. The scheduler VM is told about every VM and SP
 * vCPU with something pending. Each pending state is reported once to each
 * of the two; a GET, or new pending state, makes it reportable again.
 */
#include "ffamed_internal.h"

/*
 * Add vm's unreported lists for reader who. vm->lock held. Returns true when
 * everything pending in vm has now been reported to who.
 */
static bool add_vm_lists(struct ffamed_info_lists *l, struct ffamed_vm *vm,
			 uint8_t who)
{
	if (ffamed_vm_global_pending(vm) && (vm->reported & who) == 0U) {
		if (!ffamed_info_add_global(l, vm->id))
			return false;
		vm->reported |= who;
	}
	for (uint16_t v = 0; v < vm->vcpu_count; v++) {
		struct ffamed_vcpu_state *s = &vm->vcpu[v];

		if (!ffamed_vcpu_pending(vm, v) || (s->reported & who) != 0U)
			continue;
		if (!ffamed_info_add_vcpu(l, vm->id, v))
			return false;
		s->reported |= who;
	}
	return true;
}

/* SP vCPUs the SRI handler queued for the scheduler, oldest first. */
static void add_sp_lists(struct ffamed *med, struct ffamed_info_lists *l)
{
	uint16_t done = 0;

	ffamed_lock(&med->lock);
	while (done < med->sp_count) {
		const struct ffamed_sp_entry *e = &med->sp_pend[done];
		const bool ok = e->per_vcpu ?
			ffamed_info_add_vcpu(l, e->sp_id, e->vcpu) :
			ffamed_info_add_global(l, e->sp_id);

		if (!ok)
			break;
		done++;
	}
	for (uint16_t i = done; i < med->sp_count; i++)
		med->sp_pend[i - done] = med->sp_pend[i];
	med->sp_count = (uint16_t)(med->sp_count - done);
	ffamed_unlock(&med->lock);
}

static void add_vm_hint(struct ffamed *med, struct ffamed_info_lists *l,
			uint16_t id)
{
	struct ffamed_vm *vm = ffamed_vm_get(med, id);

	if (vm == NULL) {
		ffamed_sched_hint_clear(med, id);
		return;
	}
	ffamed_lock(&vm->lock);
	if (vm->state != FFAMED_VM_LIVE || add_vm_lists(l, vm, FFAMED_REP_SCHED))
		ffamed_sched_hint_clear(med, id);
	ffamed_unlock(&vm->lock);
	ffamed_vm_put(med, vm);
}

static void add_sched_lists(struct ffamed *med, struct ffamed_info_lists *l)
{
	add_sp_lists(med, l);
	for (unsigned int w = 0; w < FFAMED_HINT_WORDS && !l->more; w++) {
		uint64_t bits;

		ffamed_lock(&med->lock);
		bits = med->sched_hint[w];
		ffamed_unlock(&med->lock);
		for (unsigned int b = 0; b < 64U && bits != 0U && !l->more; b++) {
			if ((bits & FFAMED_BIT64(b)) == 0U)
				continue;
			bits &= ~FFAMED_BIT64(b);
			add_vm_hint(med, l, (uint16_t)(w * 64U + b));
		}
	}
}

void ffamed_notif_info_get(struct ffamed *med, struct ffamed_vm *caller,
			   bool is64, struct ffamed_regs *regs)
{
	struct ffamed_info_lists l;

	ffamed_info_init(&l, is64);
	if (med->cfg.sched_vm_id != 0U && caller->id == med->cfg.sched_vm_id) {
		add_sched_lists(med, &l);
	} else {
		ffamed_lock(&caller->lock);
		(void)add_vm_lists(&l, caller, FFAMED_REP_SELF);
		ffamed_unlock(&caller->lock);
	}
	if (l.n_lists == 0U)
		ffamed_reply_error(regs, FFAMED_RET_NO_DATA);
	else
		ffamed_info_encode(&l, is64, regs);
}
