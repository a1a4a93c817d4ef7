/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The Schedule Receiver Interrupt: ask the SPMC which endpoints have pending
 * notifications and hand each list to its owner.
 *
 * Runs in deferred context (tasklet, workqueue, thread), never in the IRQ
 * handler itself: it makes SMCs and takes VM locks. Bounded: an SPMC that
 * keeps the more-pending bit set forever costs FFAMED_SRI_MAX_ROUNDS calls,
 * after which the host is told to run the handler again later.
 */
#include "ffamed_internal.h"

static void deliver_hyp(struct ffamed *med, const uint16_t *vcpus,
			unsigned int n)
{
	if (med->ops->hyp_notified == NULL) {
		ffamed_log(med, FFAMED_LOG_DEBUG,
			   "ffamed: notification for the hypervisor, no handler\n");
		return;
	}
	if (n == 0U)
		med->ops->hyp_notified(med->host, false, 0);
	for (unsigned int i = 0; i < n; i++)
		med->ops->hyp_notified(med->host, true, vcpus[i]);
}

/* Queue an SP vCPU for the scheduler VM; false when it could not be kept. */
static bool queue_sp(struct ffamed *med, const struct ffamed_sp_entry *e,
		     bool *added)
{
	bool ok = true;

	*added = false;
	ffamed_lock(&med->lock);
	for (uint16_t i = 0; i < med->sp_count; i++) {
		const struct ffamed_sp_entry *q = &med->sp_pend[i];

		if (q->sp_id == e->sp_id && q->per_vcpu == e->per_vcpu &&
		    q->vcpu == e->vcpu)
			goto out;
	}
	if (med->sp_count == FFAMED_MAX_SP_PENDING) {
		ok = false;
		goto out;
	}
	med->sp_pend[med->sp_count++] = *e;
	*added = true;
out:
	ffamed_unlock(&med->lock);
	return ok;
}

static void deliver_sp_one(struct ffamed *med, uint16_t sp_id, bool per_vcpu,
			   uint16_t vcpu, bool *signal)
{
	const struct ffamed_sp_entry e = {
		.sp_id = sp_id, .vcpu = vcpu, .per_vcpu = per_vcpu,
	};
	bool added;

	if (med->cfg.sched_vm_id != 0U) {
		if (queue_sp(med, &e, &added)) {
			*signal = *signal || added;
			return;
		}
	} else if (med->ops->sp_pending != NULL) {
		med->ops->sp_pending(med->host, sp_id, per_vcpu, vcpu);
		return;
	}
	ffamed_stat_inc(&med->stats.sp_dropped);
}

static void deliver_sp(struct ffamed *med, uint16_t sp_id,
		       const uint16_t *vcpus, unsigned int n, bool *signal)
{
	if (n == 0U)
		deliver_sp_one(med, sp_id, false, 0, signal);
	for (unsigned int i = 0; i < n; i++)
		deliver_sp_one(med, sp_id, true, vcpus[i], signal);
}

/* The SPMC listed vm (or one of its vCPUs): GET must ask it. vm->lock held. */
static void mark_listed(struct ffamed *med, struct ffamed_vm *vm, bool per_vcpu,
			uint16_t vcpu, struct ffamed_signal *note)
{
	if (per_vcpu)
		vm->vcpu[vcpu].sec_listed = true;
	else
		vm->sec_listed = true;
	ffamed_pending_mark(med, vm, per_vcpu, vcpu, note);
}

/*
 * A VM id from the SPMC: the VM may be gone, or its id reused, since the SPMC
 * made the list. The lookup's reference keeps the state we touch alive; the
 * worst outcome for a reused id is one spurious NPI.
 */
static void deliver_vm(struct ffamed *med, uint16_t id, const uint16_t *vcpus,
		       unsigned int n)
{
	struct ffamed_signal notes[1U + FFAMED_INFO_MAX_VCPUS_PER_LIST];
	struct ffamed_vm *vm = ffamed_vm_get(med, id);
	unsigned int nn = 0;

	if (vm == NULL) {
		ffamed_stat_inc(&med->stats.stale_ids);
		return;
	}
	ffamed_lock(&vm->lock);
	if (vm->state != FFAMED_VM_LIVE || !vm->spmc_bitmap) {
		ffamed_stat_inc(&med->stats.stale_ids);
	} else if (n == 0U) {
		mark_listed(med, vm, false, 0, &notes[nn++]);
	} else {
		for (unsigned int i = 0; i < n; i++) {
			const bool known = vcpus[i] < vm->vcpu_count;

			/* Not a vCPU of this VM: keep it reachable as global. */
			if (!known)
				ffamed_stat_inc(&med->stats.spmc_malformed);
			mark_listed(med, vm, known, known ? vcpus[i] : 0U,
				    &notes[nn++]);
		}
	}
	ffamed_unlock(&vm->lock);
	for (unsigned int i = 0; i < nn; i++)
		ffamed_pending_signal(med, &notes[i]);
	ffamed_vm_put(med, vm);
}

static void deliver_lists(struct ffamed *med, const struct ffamed_info_lists *l)
{
	unsigned int k = 0;
	bool sched_signal = false;

	for (unsigned int i = 0; i < l->n_lists; i++) {
		const uint16_t id = l->ids[k];
		const uint16_t *vcpus = &l->ids[k + 1U];
		const unsigned int n = l->vcpus[i];

		if (id == FFAMED_ID_HYPERVISOR)
			deliver_hyp(med, vcpus, n);
		else if (ffamed_id_is_sp(id))
			deliver_sp(med, id, vcpus, n, &sched_signal);
		else
			deliver_vm(med, id, vcpus, n);
		k += 1U + n;
	}
	/* One SRI to the scheduler VM for all SP vCPUs of this round. */
	if (sched_signal)
		ffamed_signal_scheduler(med);
}

enum ffamed_sri_result ffamed_sri_handle(struct ffamed *med)
{
	struct ffamed_regs in, out;
	struct ffamed_info_lists l;

	if (med == NULL || !med->spmc_notif)
		return FFAMED_SRI_DONE;
	ffamed_stat_inc(&med->stats.sri_runs);

	ffamed_regs_zero(&in);
	in.x[0] = FFAMED_FID_NOTIF_INFO_GET_64;
	for (unsigned int round = 0; round < FFAMED_SRI_MAX_ROUNDS; round++) {
		int32_t ret;

		ffamed_spmc_call(med, &in, &out);
		ret = ffamed_reply_status(&out);
		if (ret == FFAMED_RET_NO_DATA)
			return FFAMED_SRI_DONE;
		if (ret != FFAMED_RET_OK) {
			ffamed_log(med, FFAMED_LOG_ERR,
				   "ffamed: SPMC INFO_GET failed (%d)\n", (int)ret);
			return FFAMED_SRI_DONE;
		}
		ffamed_stat_inc(&med->stats.sri_rounds);
		if (!ffamed_info_decode(&out, &l)) {
			ffamed_stat_inc(&med->stats.spmc_malformed);
			ffamed_log(med, FFAMED_LOG_WARN,
				   "ffamed: SPMC INFO_GET lists do not fit, cut short\n");
		}
		deliver_lists(med, &l);
		if (!l.more)
			return FFAMED_SRI_DONE;
	}
	ffamed_stat_inc(&med->stats.sri_yielded);
	return FFAMED_SRI_AGAIN;
}
