/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Pending state: what counts as pending, where the NPI goes, and how the
 * scheduler VM learns that something is pending somewhere.
 */
#include "ffamed_internal.h"

bool ffamed_vm_global_pending(const struct ffamed_vm *vm)
{
	return (vm->sp_pend | vm->vm_pend) != 0U ||
	       (vm->spm_pend | vm->hyp_pend) != 0U || vm->sec_listed;
}

bool ffamed_vcpu_pending(const struct ffamed_vm *vm, uint16_t vcpu)
{
	const struct ffamed_vcpu_state *s = &vm->vcpu[vcpu];

	return (s->sp_pend | s->vm_pend) != 0U || s->sec_listed;
}

static bool vcpu_online(struct ffamed *med, void *host_vm, uint16_t vcpu)
{
	if (med->ops->vcpu_online == NULL)
		return true;
	return med->ops->vcpu_online(med->host, host_vm, vcpu);
}

/* A global notification may go to any vCPU: pick the first online one. */
static uint16_t global_npi_vcpu(struct ffamed *med, void *host_vm,
				uint16_t vcpu_count)
{
	for (uint16_t v = 0; v < vcpu_count; v++)
		if (vcpu_online(med, host_vm, v))
			return v;
	return 0;
}

bool ffamed_sched_hint_set(struct ffamed *med, uint16_t vm_id)
{
	const uint64_t bit = FFAMED_BIT64(vm_id % 64U);
	uint64_t *word = &med->sched_hint[vm_id / 64U];
	bool was_new;

	ffamed_lock(&med->lock);
	was_new = (*word & bit) == 0U;
	*word |= bit;
	ffamed_unlock(&med->lock);
	return was_new;
}

void ffamed_sched_hint_clear(struct ffamed *med, uint16_t vm_id)
{
	ffamed_lock(&med->lock);
	med->sched_hint[vm_id / 64U] &= ~FFAMED_BIT64(vm_id % 64U);
	ffamed_unlock(&med->lock);
}

void ffamed_pending_mark(struct ffamed *med, struct ffamed_vm *vm,
			 bool per_vcpu, uint16_t vcpu,
			 struct ffamed_signal *note)
{
	uint16_t target = vcpu;

	FFAMED_ASSERT(vcpu < vm->vcpu_count);
	/* New information: INFO_GET reports this scope again. */
	if (per_vcpu) {
		vm->vcpu[vcpu].reported = 0;
	} else {
		vm->reported = 0;
		target = global_npi_vcpu(med, vm->host_vm, vm->vcpu_count);
	}
	vm->vcpu[target].npi_raised = true;

	note->host_vm = vm->host_vm;
	note->vm_id = vm->id;
	note->npi_vcpu = target;
	note->sched = med->cfg.sched_vm_id != 0U &&
		      ffamed_sched_hint_set(med, vm->id);
}

/* Tell the scheduler VM, on its first online vCPU, that it has work. */
void ffamed_signal_scheduler(struct ffamed *med)
{
	struct ffamed_vm *sched = ffamed_vm_get(med, med->cfg.sched_vm_id);

	if (sched == NULL)
		return;
	if (FFAMED_READ_ONCE(sched->state) == FFAMED_VM_LIVE) {
		const uint16_t v = global_npi_vcpu(med, sched->host_vm,
						   sched->vcpu_count);

		med->ops->irq_raise(med->host, sched->host_vm, v,
				    med->cfg.sri_intid);
		ffamed_stat_inc(&med->stats.sri_raised);
	}
	ffamed_vm_put(med, sched);
}

void ffamed_pending_signal(struct ffamed *med, const struct ffamed_signal *note)
{
	med->ops->irq_raise(med->host, note->host_vm, note->npi_vcpu,
			    med->cfg.npi_intid);
	ffamed_stat_inc(&med->stats.npi_raised);
	if (med->cfg.sri_to_receiver && note->vm_id != med->cfg.sched_vm_id) {
		med->ops->irq_raise(med->host, note->host_vm, note->npi_vcpu,
				    med->cfg.sri_intid);
		ffamed_stat_inc(&med->stats.sri_raised);
	}
	if (note->sched)
		ffamed_signal_scheduler(med);
}

void ffamed_pending_lower(struct ffamed *med, struct ffamed_vm *vm)
{
	const bool global = ffamed_vm_global_pending(vm);

	if (med->ops->irq_lower == NULL || global)
		return;
	for (uint16_t v = 0; v < vm->vcpu_count; v++) {
		if (!vm->vcpu[v].npi_raised || ffamed_vcpu_pending(vm, v))
			continue;
		vm->vcpu[v].npi_raised = false;
		med->ops->irq_lower(med->host, vm->host_vm, v,
				    med->cfg.npi_intid);
	}
}

void ffamed_vcpu_online(struct ffamed *med, struct ffamed_vm *vm,
			uint16_t vcpu)
{
	bool raise;

	if (med == NULL || vm == NULL || vcpu >= vm->vcpu_count)
		return;
	ffamed_lock(&vm->lock);
	raise = vm->state == FFAMED_VM_LIVE &&
		(ffamed_vm_global_pending(vm) || ffamed_vcpu_pending(vm, vcpu));
	if (raise)
		vm->vcpu[vcpu].npi_raised = true;
	ffamed_unlock(&vm->lock);
	if (raise)
		med->ops->irq_raise(med->host, vm->host_vm, vcpu,
				    med->cfg.npi_intid);
}
