/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The Schedule Receiver Interrupt: ask the SPMC which endpoints have pending
 * notifications and hand each list to its owner.
 *
 * Runs in deferred context (tasklet, workqueue, thread), never in the IRQ
 * handler itself: it makes SMCs and takes VM locks. Bounded: at most
 * FFAMED_SRI_MAX_ROUNDS INFO_GETs per run. It also stops before a reply
 * could overflow the scheduler VM's SP queue: the SPMC keeps what we have
 * not asked for, so stopping loses nothing. Either way it returns
 * FFAMED_SRI_AGAIN and the host runs it again later.
 */
#include "info_list.h"

FFAMED_COLD FFAMED_NOINLINE static void deliver_hyp(struct ffamed *med, const uint16_t *vcpus,
			unsigned int n)
{
	if (med->ops->hyp_notified == NULL)
		return;
	if (n == 0U)
		med->ops->hyp_notified(med->host, false, 0);
	for (unsigned int i = 0; i < n; i++)
		med->ops->hyp_notified(med->host, true, vcpus[i]);
}

/* Queue an SP vCPU for the scheduler VM. med->lock held. */
static void queue_sp(struct ffamed *med, uint16_t sp_id, bool per_vcpu,
		     uint16_t vcpu)
{
	const struct ffamed_sp_entry e = {
		.sp_id = sp_id, .vcpu = vcpu, .per_vcpu = per_vcpu,
	};

	for (uint16_t i = 0; i < med->sp_count; i++) {
		const struct ffamed_sp_entry *q = &med->sp_pend[i];

		if (q->sp_id == sp_id && q->per_vcpu == per_vcpu &&
		    q->vcpu == vcpu)
			return;
	}
	/* Room for a whole reply was checked before it was asked for. */
	med->sp_pend[med->sp_count++] = e;
}

FFAMED_COLD FFAMED_NOINLINE static void deliver_sp(struct ffamed *med, uint16_t sp_id,
		       const uint16_t *vcpus, unsigned int n)
{
	const unsigned int count = n == 0U ? 1U : n;

	if (med->cfg.sched_vm_id != 0U) {
		ffamed_lock(&med->lock);
		for (unsigned int i = 0; i < count; i++)
			queue_sp(med, sp_id, n != 0U, n != 0U ? vcpus[i] : 0U);
		/* The scheduler learns through its SRI, as for a VM. */
		ffamed_sched_sri_raise(med);
		ffamed_unlock(&med->lock);
		return;
	}
	for (unsigned int i = 0; i < count; i++) {
		if (med->ops->sp_pending == NULL)
			ffamed_stat_bad(&med->stats.sp_dropped);
		else
			med->ops->sp_pending(med->host, sp_id, n != 0U,
					     n != 0U ? vcpus[i] : 0U);
	}
}

/*
 * The SPMC listed vm. News only when it was not listed already: an SPMC that
 * lists a VM in every INFO_GET until the VM's GET (OP-TEE) would otherwise
 * raise one NPI per SRI for one notification. GET clears the mark with its
 * SPMC call, under the VM lock, so a listing after that GET is news again;
 * so is a listing the SPMC made just before that GET and we deliver just
 * after it: one spurious NPI, which FF-A allows.
 */
static void list_global(struct ffamed *med, struct ffamed_vm *vm)
{
	if ((vm->flags & FFAMED_VMF_LISTED) != 0U)
		return;
	vm->flags |= FFAMED_VMF_LISTED;
	ffamed_pending_new_global(med, vm);
}

/*
 * A VM id from the SPMC: the VM may be gone, or its id reused, since the SPMC
 * made the list. The lookup's reference keeps the state we touch alive; the
 * worst outcome for a reused id is one spurious NPI.
 */
static void deliver_vm(struct ffamed *med, uint16_t id, const uint16_t *vcpus,
		       unsigned int n)
{
	/* deliver_lists() sorted the ids: this one is a VM's. */
	struct ffamed_vm *vm = med->ops->vm_get(med->host, id);

	if (vm == NULL) {
		ffamed_stat_bad(&med->stats.stale_ids);
		return;
	}
	ffamed_lock(&vm->lock);
	if (!ffamed_vm_live_sp(vm)) {
		ffamed_stat_bad(&med->stats.stale_ids);
	} else if (n == 0U) {
		list_global(med, vm);
	} else {
		for (unsigned int i = 0; i < n; i++) {
			const uint16_t v = vcpus[i];
			struct ffamed_vcpu *c;

			if (v >= vm->vcpu_count) {
				/* Not a vCPU of this VM: keep it reachable as global. */
				ffamed_stat_bad(&med->stats.spmc_malformed);
				list_global(med, vm);
				continue;
			}
			c = &vm->vcpu[v];
			if ((c->flags & FFAMED_VCPU_LISTED) == 0U) {
				c->flags |= FFAMED_VCPU_LISTED;
				ffamed_pending_new_vcpu(med, vm, v);
			}
		}
	}
	ffamed_unlock(&vm->lock);
	med->ops->vm_put(med->host, vm);
}

/* Room in the scheduler's SP queue for a whole INFO_GET reply? */
static bool sp_room(struct ffamed *med)
{
	bool room;

	if (med->cfg.sched_vm_id == 0U)
		return true;
	ffamed_lock(&med->lock);
	room = med->sp_count + FFAMED_INFO_MAX_IDS_64 <= (unsigned int)FFAMED_MAX_SP_PENDING;
	ffamed_unlock(&med->lock);
	return room;
}

enum ffamed_sri_result ffamed_sri_handle(struct ffamed *med)
{
	struct ffamed_regs r;

	if (med == NULL || !med->spmc_notif)
		return FFAMED_SRI_DONE;
	ffamed_stat_inc(&med->stats.sri_runs);
	for (unsigned int round = 0; round < FFAMED_SRI_MAX_ROUNDS; round++) {
		struct ffamed_info_iter it;
		uint16_t id, vcpus[FFAMED_INFO_MAX_VCPUS_PER_LIST];
		int32_t ret;
		int n;
		bool more;

		if (!sp_room(med)) {
			ffamed_stat_bad(&med->stats.sri_deferred);
			return FFAMED_SRI_AGAIN;
		}
		ffamed_regs_set(&r, FFAMED_FID_NOTIF_INFO_GET_64);
		ffamed_spmc_call(med, &r, &r);
		ret = ffamed_status(&r);
		if (ret == FFAMED_RET_NO_DATA)
			return FFAMED_SRI_DONE;
		if (ret != FFAMED_RET_OK) {
			ffamed_log(med, FFAMED_LOG_ERR,
				   "ffamed: SPMC INFO_GET failed (%d)\n", (int)ret);
			return FFAMED_SRI_DONE;
		}
		ffamed_stat_inc(&med->stats.sri_rounds);
		more = ffamed_info_iter_start(&it, &r);
		while ((n = ffamed_info_iter_next(&it, &id, vcpus)) >= 0) {
			if (ffamed_id_is_vm(id))
				deliver_vm(med, id, vcpus, (unsigned int)n);
			else if (id == FFAMED_ID_HYPERVISOR)
				deliver_hyp(med, vcpus, (unsigned int)n);
			else
				deliver_sp(med, id, vcpus, (unsigned int)n);
		}
		if (n == FFAMED_INFO_MALFORMED)
			ffamed_stat_bad(&med->stats.spmc_malformed);
		if (!more)
			return FFAMED_SRI_DONE;
	}
	ffamed_stat_bad(&med->stats.sri_yielded);
	return FFAMED_SRI_AGAIN;
}
