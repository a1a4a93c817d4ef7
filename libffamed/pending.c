/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Pending state and the interrupts that announce it: the NPI into the
 * receiver's vCPU, the SRI into a VM that reads INFO_GET (the scheduler VM,
 * or a VM with FFAMED_VM_SRI_SELF), and the scheduler's map of VMs with
 * something it has not been told about.
 *
 * Every raise and lower happens under the lock that guards the state it
 * announces (the VM's, or the mediator's for the scheduler's SRI), so on a
 * level-triggered host a line is up exactly while something is pending,
 * whatever the interleaving of SETs, SRIs and GETs on other CPUs.
 */
#include "ffamed_internal.h"

static inline bool vcpu_online(struct ffamed *med, const struct ffamed_vm *vm,
			uint16_t vcpu)
{
	return med->ops->vcpu_online == NULL ||
	       med->ops->vcpu_online(med->host, vm->host_vm, vcpu);
}

/* The first vCPU the host says is online; vCPU 0 if none is. */
FFAMED_NOINLINE static uint16_t first_online_asked(struct ffamed *med,
						   const struct ffamed_vm *vm)
{
	for (uint16_t v = 0; v < vm->vcpu_count; v++)
		if (med->ops->vcpu_online(med->host, vm->host_vm, v))
			return v;
	return 0;
}

/*
 * A global notification may go to any vCPU: the first online one. A host
 * without vcpu_online has every vCPU online: vCPU 0, without a call.
 */
static inline uint16_t first_online(struct ffamed *med, const struct ffamed_vm *vm)
{
	if (med->ops->vcpu_online == NULL)
		return 0;
	return first_online_asked(med, vm);
}

static inline bool raise(struct ffamed *med, const struct ffamed_vm *vm,
		  uint16_t vcpu, uint32_t intid, uint32_t *stat)
{
	if (!med->ops->irq_raise(med->host, vm->host_vm, vcpu, intid)) {
		ffamed_stat_bad(&med->stats.irq_failed);
		return false;
	}
	ffamed_stat_inc(stat);
	return true;
}

/* Level lines only. False: still up, the next chance lowers it again. */
static bool lower(struct ffamed *med, const struct ffamed_vm *vm,
		  uint16_t vcpu, uint32_t intid)
{
	if (med->ops->irq_lower(med->host, vm->host_vm, vcpu, intid))
		return true;
	ffamed_stat_bad(&med->stats.irq_failed);
	return false;
}

/*
 * Edge hosts get an edge per new notification; level lines go up once.
 * Out of line: it is the tail of announce(), a jump without a frame there.
 */
FFAMED_NOINLINE static void npi_raise(struct ffamed *med, struct ffamed_vm *vm,
				      uint16_t vcpu)
{
	struct ffamed_vcpu *c = &vm->vcpu[vcpu];

	if ((c->flags & FFAMED_VCPU_NPI_UP) != 0U)
		return;
	if (raise(med, vm, vcpu, med->cfg.npi_intid, &med->stats.npi_raised) &&
	    med->level)
		c->flags |= FFAMED_VCPU_NPI_UP;
}

static void npi_lower_if_idle(struct ffamed *med, struct ffamed_vm *vm,
			      uint16_t vcpu)
{
	struct ffamed_vcpu *c = &vm->vcpu[vcpu];

	if ((c->flags & FFAMED_VCPU_NPI_UP) == 0U || ffamed_vcpu_pending(c))
		return;
	if (lower(med, vm, vcpu, med->cfg.npi_intid))
		c->flags &= (uint8_t)~FFAMED_VCPU_NPI_UP;
}

/*
 * The scheduler VM's SRI, raised once until it has read everything.
 * med->lock held.
 */
FFAMED_COLD void ffamed_sched_sri_raise(struct ffamed *med)
{
	struct ffamed_vm *sched;

	if (med->sched_sri_vcpu != FFAMED_NO_VCPU)
		return;
	sched = ffamed_vm_get(med, med->cfg.sched_vm_id);
	if (sched == NULL)
		return;
	if (ffamed_vm_live(sched)) {
		const uint16_t v = first_online(med, sched);

		if (raise(med, sched, v, med->cfg.sri_intid,
			  &med->stats.sri_raised))
			med->sched_sri_vcpu = v;
	}
	ffamed_vm_put(med, sched);
}

/* Mark vm_id for the scheduler VM and tell it. */
FFAMED_COLD static void sched_note(struct ffamed *med, uint16_t vm_id)
{
	const unsigned int w = vm_id / 64U;

	ffamed_lock(&med->lock);
	med->cfg.sched_map[w] |= (uint64_t)1U << (vm_id % 64U);
	med->sched_sum[w / 64U] |= (uint64_t)1U << (w % 64U);
	ffamed_sched_sri_raise(med);
	ffamed_unlock(&med->lock);
}

FFAMED_COLD void ffamed_sched_clear(struct ffamed *med, uint16_t vm_id)
{
	const unsigned int w = vm_id / 64U;
	uint64_t *word = &med->cfg.sched_map[w];

	ffamed_lock(&med->lock);
	*word &= ~((uint64_t)1U << (vm_id % 64U));
	if (*word == 0U)
		med->sched_sum[w / 64U] &= ~((uint64_t)1U << (w % 64U));
	ffamed_unlock(&med->lock);
}

/* The scheduler VM has read everything there is: lower its SRI. */
FFAMED_COLD void ffamed_sri_lower_sched(struct ffamed *med, struct ffamed_vm *sched)
{
	bool empty;

	ffamed_lock(&med->lock);
	empty = med->sp_count == 0U;
	for (unsigned int i = 0; i < FFAMED_SCHED_MAP_WORDS / 64U; i++)
		empty = empty && med->sched_sum[i] == 0U;
	if (empty && med->sched_sri_vcpu != FFAMED_NO_VCPU &&
	    (!med->level ||
	     lower(med, sched, med->sched_sri_vcpu, med->cfg.sri_intid)))
		med->sched_sri_vcpu = FFAMED_NO_VCPU;
	ffamed_unlock(&med->lock);
}

void ffamed_sri_lower_self(struct ffamed *med, struct ffamed_vm *vm)
{
	if (vm->sri_vcpu != FFAMED_NO_VCPU &&
	    (!med->level ||
	     lower(med, vm, vm->sri_vcpu, med->cfg.sri_intid)))
		vm->sri_vcpu = FFAMED_NO_VCPU;
}

/*
 * With an SRI to raise (a VM that reads its own INFO_GET) or a scheduler VM
 * to tell, as well as the NPI.
 */
FFAMED_NOINLINE static void announce_all(struct ffamed *med, struct ffamed_vm *vm,
					 uint16_t target)
{
	if (ffamed_vm_has(vm, FFAMED_VMS_SRI_SELF) &&
	    vm->sri_vcpu == FFAMED_NO_VCPU &&
	    raise(med, vm, target, med->cfg.sri_intid, &med->stats.sri_raised))
		vm->sri_vcpu = target;
	if (med->cfg.sched_vm_id != 0U)
		sched_note(med, vm->id);
	npi_raise(med, vm, target);
}

/*
 * Announce new pending state carried by vCPU target. vm->lock held. Either
 * way a jump: the callers need no frame for it.
 */
static inline void announce(struct ffamed *med, struct ffamed_vm *vm, uint16_t target)
{
	if (ffamed_vm_has(vm, FFAMED_VMS_SRI_SELF) || med->cfg.sched_vm_id != 0U)
		announce_all(med, vm, target);
	else
		npi_raise(med, vm, target);
}

/* New global state on any host: which vCPU carries it, and who to tell. */
FFAMED_NOINLINE static void new_global_any(struct ffamed *med, struct ffamed_vm *vm)
{
	uint16_t target = vm->npi_vcpu;

	if (target == FFAMED_NO_VCPU) {
		target = first_online(med, vm);
		if (med->level)
			vm->npi_vcpu = target;
	}
	announce(med, vm, target);
}

/*
 * Global state on an edge host without a scheduler VM: an edge into the
 * first online vCPU, and nothing else. No NPI_UP test: only level hosts set
 * it. vCPU 0 is asked here, under the frame the injection needs anyway;
 * when it is offline, the search (which asks it again) is out of line.
 */
FFAMED_NOINLINE static void npi_edge_global(struct ffamed *med,
					    const struct ffamed_vm *vm)
{
	const uint16_t target = vcpu_online(med, vm, 0) ? 0U : first_online_asked(med, vm);

	(void)raise(med, vm, target, med->cfg.npi_intid, &med->stats.npi_raised);
}

void ffamed_pending_new_global(struct ffamed *med, struct ffamed_vm *vm)
{
	vm->flags &= (uint8_t)~FFAMED_REP_BOTH;
	/*
	 * The common host, tested once: edge lines, so no line carries global
	 * bits (npi_vcpu is only set on level hosts), and no scheduler VM;
	 * unless the VM reads its own INFO_GET, only the NPI announces. Both
	 * ends are jumps.
	 */
	if (med->npi_only && !ffamed_vm_has(vm, FFAMED_VMS_SRI_SELF))
		npi_edge_global(med, vm);
	else
		new_global_any(med, vm);
}

void ffamed_pending_new_vcpu(struct ffamed *med, struct ffamed_vm *vm,
			     uint16_t vcpu)
{
	struct ffamed_vcpu *c = &vm->vcpu[vcpu];

	FFAMED_ASSERT(vcpu < vm->vcpu_count);
	c->flags &= (uint8_t)~FFAMED_REP_BOTH;
	if ((c->flags & FFAMED_VCPU_QUEUED) == 0U) {
		c->next = vm->pend_head;
		vm->pend_head = vcpu;
		c->flags |= FFAMED_VCPU_QUEUED;
	}
	announce(med, vm, vcpu);
}

/*
 * After a GET on vcpu, for a scheduler VM and level lines (the rest of
 * ffamed_pending_got(), inline in GET): tell the scheduler what is left,
 * lower what is drained, keep what is left up.
 */
void ffamed_pending_got_more(struct ffamed *med, struct ffamed_vm *vm,
			     uint16_t vcpu, bool global, bool mine)
{
	if ((global || mine) && med->cfg.sched_vm_id != 0U)
		sched_note(med, vm->id);
	if (!med->level)
		return;
	if (!global && vm->npi_vcpu != FFAMED_NO_VCPU) {
		const uint16_t w = vm->npi_vcpu;

		vm->npi_vcpu = FFAMED_NO_VCPU;
		npi_lower_if_idle(med, vm, w);
	}
	if (mine || (global && vm->npi_vcpu == vcpu))
		npi_raise(med, vm, vcpu); /* up already, unless a raise failed */
	else
		npi_lower_if_idle(med, vm, vcpu);
}

uint16_t ffamed_pending_next(struct ffamed_vm *vm, uint16_t **link)
{
	for (;;) {
		const uint16_t v = **link;
		struct ffamed_vcpu *c;

		if (v == FFAMED_NO_VCPU)
			return v;
		c = &vm->vcpu[v];
		if (ffamed_vcpu_pending(c)) {
			*link = &c->next;
			return v;
		}
		c->flags &= (uint8_t)~FFAMED_VCPU_QUEUED;
		**link = c->next;
	}
}

FFAMED_COLD void ffamed_vcpu_online(struct ffamed *med, struct ffamed_vm *vm,
			uint16_t vcpu)
{
	if (med == NULL || vm == NULL || vcpu >= vm->vcpu_count)
		return;
	ffamed_lock(&vm->lock);
	if (ffamed_vm_live(vm)) {
		const uint16_t carrier = vm->npi_vcpu;
		/*
		 * Global bits stay on the vCPU whose line carries them, unless
		 * that vCPU is offline: then they move to this one.
		 */
		const bool global = ffamed_vm_pending(vm) &&
			(carrier == FFAMED_NO_VCPU || carrier == vcpu ||
			 !vcpu_online(med, vm, carrier));

		if (global && med->level) {
			vm->npi_vcpu = vcpu;
			if (carrier != FFAMED_NO_VCPU && carrier != vcpu)
				npi_lower_if_idle(med, vm, carrier);
		}
		if (global || ffamed_vcpu_pending(&vm->vcpu[vcpu]))
			npi_raise(med, vm, vcpu);
	}
	ffamed_unlock(&vm->lock);
}

/* Hypervisor framework notifications: raised by the host, read by GET's w7. */
FFAMED_COLD int ffamed_raise_hyp_framework(struct ffamed *med, uint16_t vm_id,
			       uint32_t bits)
{
	struct ffamed_vm *vm;
	int ret = -FFAMED_ERR_INVAL;

	if (med == NULL || bits == 0U)
		return ret;
	vm = ffamed_vm_get(med, vm_id);
	if (vm == NULL)
		return ret;
	ffamed_lock(&vm->lock);
	if (ffamed_vm_live(vm)) {
		vm->hyp_pend |= bits;
		ffamed_pending_new_global(med, vm);
		ret = FFAMED_OK;
	}
	ffamed_unlock(&vm->lock);
	ffamed_vm_put(med, vm);
	return ret;
}
