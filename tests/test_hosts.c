/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Where real hosts differ from a friendly fake one (issue 10): level lines,
 * SPMCs that refuse DESTROY while bound, resumable destroy, id reuse, an
 * SPMC out of slots, FFA_FEATURES per caller. Each test names its item.
 */
#include "test_common.h"

static void sp_send(struct fake_host *h, uint16_t sp, uint16_t vm,
		    uint64_t bm, bool per_vcpu, uint16_t vcpu)
{
	assert_int_equal(model_sp_set(&h->model, sp, vm, bm, per_vcpu, vcpu),
			 FFAMED_RET_OK);
}

/* Count SMCs by function id; optionally re-set an SP bit on every drain. */
struct smc_watch {
	uint32_t fid;
	unsigned int calls, total;
	uint16_t resend_vm;      /* an SP that sets this VM's bit 0 again */
	bool resend_global;      /* ... as a global notification, else vCPU 3's */
	bool vm_lock_held;       /* an SMC was made with the dying VM's lock */
	struct ffamed_vm *dying;
};

static bool watch_hook(struct fake_host *h, const struct ffamed_regs *in,
		       struct ffamed_regs *out)
{
	struct smc_watch *w = h->hook_data;
	const uint32_t fid = (uint32_t)in->x[0];

	(void)out;
	w->total++;
	if (fid == w->fid)
		w->calls++;
	if (w->dying != NULL && w->dying->lock.taken)
		w->vm_lock_held = true;
	if (w->resend_vm != 0 && (fid == FFAMED_FID_NOTIF_BITMAP_DESTROY ||
				  fid == FFAMED_FID_NOTIF_UNBIND)) {
		pthread_mutex_lock(&h->lock);
		(void)model_sp_set(&h->model, SP1, w->resend_vm, 1,
				   !w->resend_global, w->resend_global ? 0 : 3);
		pthread_mutex_unlock(&h->lock);
	}
	return false; /* the model answers */
}

static void watch(struct fake_host *h, struct smc_watch *w, uint32_t fid)
{
	memset(w, 0, sizeof(*w));
	w->fid = fid;
	h->hook = watch_hook;
	h->hook_data = w;
}

/* Item 2: the scheduler's virtual SRI is lowered once it was told all. */
static void test_item2_sched_sri_lowered(void **state)
{
	struct fake_host *h = *state; /* VM3 schedules */
	struct ffamed_regs r;

	assert_int_equal(fake_bind(h, VM1, VM2, 0, 0x1), FFAMED_RET_OK);
	assert_int_equal(fake_set(h, VM2, VM1, 0, 0x1), FFAMED_RET_OK);
	assert_true(fake_line(h, VM3, 0, true));
	r = info_get(h, VM3, false);
	assert_int_equal((uint16_t)r.x[3], VM1);
	assert_false(fake_line(h, VM3, 0, true));
	/* Reported, but not read: no new SRI, NO_DATA, line stays down. */
	r = info_get(h, VM3, false);
	assert_int_equal(fake_status(&r), FFAMED_RET_NO_DATA);
	assert_false(fake_line(h, VM3, 0, true));
	/* A GET that leaves something makes it news again. */
	assert_int_equal(ffamed_raise_hyp_framework(&h->med, VM1, 1), FFAMED_OK);
	r = fake_get(h, VM1, 0, FFAMED_GET_FLAG_VM);
	assert_true(fake_line(h, VM3, 0, true));
	r = info_get(h, VM3, false);
	assert_false(fake_line(h, VM3, 0, true));
}

/*
 * Item 5: a GET of the SPM bitmap alone must not take SP bits out of the
 * SPMC, or UNBIND succeeds while one is pending and a rebind to another SP
 * reports SP1's notification as SP2's.
 */
static void test_item5_spm_get_strands_no_sp_bit(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	assert_int_equal(fake_bind(h, VM1, SP1, 0, 0x1), FFAMED_RET_OK);
	sp_send(h, SP1, VM1, 0x1, false, 0);
	assert_int_equal(model_spm_set(&h->model, VM1, FFAMED_FRAMEWORK_RX_FULL), 0);
	run_sri(h);
	r = fake_get(h, VM1, 0, FFAMED_GET_FLAG_SPM);
	assert_int_equal(r.x[6], FFAMED_FRAMEWORK_RX_FULL);
	assert_int_equal(fake_bitmap(&r, 2), 0);
	/* The SP bit is still pending in the SPMC: UNBIND is DENIED there. */
	assert_int_equal(fake_unbind(h, VM1, SP1, 0x1), FFAMED_RET_DENIED);
	assert_int_equal(fake_bind(h, VM1, SP2, 0, 0x1), FFAMED_RET_DENIED);
	/* The VM stays listed, and its NPI line up, until a GET with SP. */
	assert_true(fake_line(h, VM1, 0, false));
	r = fake_get(h, VM1, 0, FFAMED_GET_FLAG_SP);
	assert_int_equal(fake_bitmap(&r, 2), 0x1);
	assert_false(fake_line(h, VM1, 0, false));
	/* Rebinding the bit to SP2 reports SP2's notifications only. */
	assert_int_equal(fake_unbind(h, VM1, SP1, 0x1), FFAMED_RET_OK);
	assert_int_equal(fake_bind(h, VM1, SP2, FFAMED_NOTIF_FLAG_PER_VCPU, 0x1),
			 FFAMED_RET_OK);
	r = fake_get(h, VM1, 1, FFAMED_GET_FLAGS_ALL);
	assert_int_equal(fake_bitmap(&r, 2), 0);
	sp_send(h, SP2, VM1, 0x1, true, 1);
	run_sri(h);
	assert_true(fake_line(h, VM1, 1, false));
	r = fake_get(h, VM1, 1, FFAMED_GET_FLAG_SP);
	assert_int_equal(fake_bitmap(&r, 2), 0x1);
	assert_int_equal(model_sp_get(&h->model, SP2, 0), 0);
}

/* Item 6: an idle VM is destroyed with one SMC, as in Xen. */
static void test_item6_idle_destroy_one_smc(void **state)
{
	struct fake_host *h = *state;
	struct smc_watch w;

	assert_int_equal(fake_bind(h, VM1, SP1, 0, 0x1), FFAMED_RET_OK);
	watch(h, &w, FFAMED_FID_NOTIF_BITMAP_DESTROY);
	assert_int_equal(fake_vm_destroy(h, VM1), FFAMED_OK);
	assert_int_equal(w.total, 1);
	assert_int_equal(w.calls, 1);
	watch(h, &w, FFAMED_FID_NOTIF_BITMAP_CREATE);
	assert_int_equal(fake_vm_create(h, VM1, 2), FFAMED_OK);
	assert_int_equal(w.total, 1);
	h->hook = NULL;
}

/*
 * Item 6: destroy against an SPMC that refuses while bound (OP-TEE) and an
 * SP that keeps notifying: bounded SMCs per call, no VM lock held across
 * them, resumable; the SPMC slot is freed in the end.
 */
static void test_item6_destroy_bounded_unlocked(void **state)
{
	struct fake_host *h = *state;
	struct smc_watch w;
	unsigned int calls = 0, before;
	int ret;

	h->model.deny_destroy_if_bound = true;
	assert_int_equal(fake_vm_create(h, 0x9, MODEL_MAX_VCPUS), FFAMED_OK);
	assert_int_equal(fake_bind(h, 0x9, SP1, 0, 0x3), FFAMED_RET_OK);
	assert_int_equal(fake_bind(h, 0x9, SP2, 0, 0x4), FFAMED_RET_OK);
	sp_send(h, SP1, 0x9, 0x1, false, 0);
	watch(h, &w, 0);
	w.dying = fake_vm_find(h, 0x9)->st;
	do {
		before = w.total;
		ret = fake_vm_destroy_step(h, 0x9);
		assert_true(w.total - before <= FFAMED_DESTROY_STEP_SMCS);
		calls++;
	} while (ret == -FFAMED_ERR_AGAIN);
	assert_int_equal(ret, FFAMED_OK);
	assert_true(calls > 1);
	assert_false(w.vm_lock_held);
	assert_null(model_find_vm(&h->model, 0x9));
	h->hook = NULL;
}

/*
 * Item 7: a slot given up while bound (OP-TEE refuses DESTROY then) is taken
 * back at the next init of the id: drained with the old vCPU count, its old
 * SP bindings unbound, destroyed, created.
 */
static void test_item7_reclaim_unbinds(void **state)
{
	struct fake_host *h = *state;
	struct smc_watch w;

	h->model.deny_destroy_if_bound = true;
	assert_int_equal(fake_bind(h, VM2, SP1, FFAMED_NOTIF_FLAG_PER_VCPU, 0x1),
			 FFAMED_RET_OK);
	assert_int_equal(fake_bind(h, VM2, SP2, 0, 0x6), FFAMED_RET_OK);
	sp_send(h, SP1, VM2, 0x1, true, 3);
	/* An SP sets the bit again before every UNBIND and DESTROY: given up. */
	watch(h, &w, FFAMED_FID_NOTIF_BITMAP_DESTROY);
	w.resend_vm = VM2;
	/* ... and UNBIND of SP1 is refused (pending) in every round. */
	assert_int_equal(fake_vm_destroy(h, VM2), -FFAMED_ERR_LEAKED);
	assert_int_equal(w.calls, FFAMED_DESTROY_MAX_ROUNDS);
	assert_non_null(model_find_vm(&h->model, VM2));
	assert_int_equal(h->med.stats.destroy_leaked, 1);
	h->hook = NULL;
	/* A new VM 2 with fewer vCPUs: the old vCPU 3's bits still drain. */
	assert_int_equal(fake_vm_create(h, VM2, 1), FFAMED_OK);
	assert_int_equal(h->med.stats.reclaimed, 1);
	assert_true(ffamed_vm_sp_enabled(fake_vm_find(h, VM2)->st));
	assert_int_equal(model_find_vm(&h->model, VM2)->bound, 0);
	assert_int_equal(model_find_vm(&h->model, VM2)->vcpu_count, 1);
}

/* Item 8: an init for an id whose destroy is unfinished is refused. */
static void test_item8_id_reuse_waits_for_destroy(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	h->model.deny_destroy_if_bound = true;
	assert_int_equal(fake_vm_create(h, 0x9, MODEL_MAX_VCPUS), FFAMED_OK);
	assert_int_equal(fake_bind(h, 0x9, SP1, 0, 0x1), FFAMED_RET_OK);
	assert_int_equal(fake_bind(h, 0x9, SP2, 0, 0x2), FFAMED_RET_OK);
	sp_send(h, SP1, 0x9, 0x1, false, 0);
	sp_send(h, SP2, 0x9, 0x2, false, 0);
	assert_int_equal(fake_vm_destroy_step(h, 0x9), -FFAMED_ERR_AGAIN);
	/* The dying VM is still found: its id is not free. */
	assert_int_equal(fake_vm_create(h, 0x9, MODEL_MAX_VCPUS), -FFAMED_ERR_BUSY);
	/* It no longer takes notifications. */
	assert_int_equal(fake_bind(h, 0x9, VM1, 0, 0x8), FFAMED_RET_NOT_SUPPORTED);
	assert_int_equal(fake_set(h, VM1, 0x9, 0, 0x8), FFAMED_RET_DENIED);
	assert_int_equal(fake_vm_destroy(h, 0x9), FFAMED_OK);
	assert_int_equal(fake_vm_create(h, 0x9, MODEL_MAX_VCPUS), FFAMED_OK);
	/* The new VM's bitmap is its own: nothing of the old one, no destroy. */
	assert_non_null(model_find_vm(&h->model, 0x9));
	r = fake_get(h, 0x9, 0, FFAMED_GET_FLAGS_ALL);
	assert_int_equal(fake_bitmap(&r, 2), 0);
}

/* Item 11: FFA_FEATURES answers what the calls will do for this caller. */
static void test_item11_features_per_caller(void **state)
{
	struct fake_host *h = *state; /* VM3 schedules */
	struct ffamed_regs r;

	r = fake_call(h, VM3, FFAMED_FID_FEATURES, FFAMED_FEAT_SRI, 0, 0, 0);
	assert_int_equal(r.x[0], FFAMED_FID_SUCCESS_32);
	assert_int_equal(r.x[2], FAKE_SRI);
	r = fake_call(h, VM1, FFAMED_FID_FEATURES, FFAMED_FEAT_SRI, 0, 0, 0);
	assert_int_equal(fake_status(&r), FFAMED_RET_NOT_SUPPORTED);
	r = fake_call(h, VM1, FFAMED_FID_FEATURES, FFAMED_FEAT_NPI, 0, 0, 0);
	assert_int_equal(r.x[2], FAKE_NPI);
	/* A VM without FF-A state, or a dying one: nothing is supported. */
	r = fake_call(h, 0x55, FFAMED_FID_FEATURES, FFAMED_FEAT_NOTIF, 0, 0, 0);
	assert_int_equal(fake_status(&r), FFAMED_RET_NOT_SUPPORTED);
	r = fake_call(h, 0x55, FFAMED_FID_FEATURES, FFAMED_FID_NOTIF_SET, 0, 0, 0);
	assert_int_equal(fake_status(&r), FFAMED_RET_NOT_SUPPORTED);
	/* A VM with FFAMED_VM_SRI_SELF is promised the SRI it gets. */
	h->vm_flags = FFAMED_VM_SRI_SELF;
	assert_int_equal(fake_vm_create(h, 0x9, 1), FFAMED_OK);
	h->vm_flags = 0;
	r = fake_call(h, 0x9, FFAMED_FID_FEATURES, FFAMED_FEAT_SRI, 0, 0, 0);
	assert_int_equal(r.x[2], FAKE_SRI);
}

/* Item 12: an SPMC without per-vCPU notifications for SPs (v1.3). */
static bool no_sp_vcpu_hook(struct fake_host *h, const struct ffamed_regs *in,
			    struct ffamed_regs *out)
{
	(void)h;
	if ((uint32_t)in->x[0] != FFAMED_FID_FEATURES ||
	    (uint32_t)in->x[1] != FFAMED_FEAT_NOTIF)
		return false;
	memset(out, 0, sizeof(*out));
	out->x[0] = FFAMED_FID_SUCCESS_32;
	out->x[2] = FFAMED_FEAT_NOTIF_NO_SP_PER_VCPU;
	return true;
}

static void test_item12_feature_id_4(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	r = fake_call(h, VM1, FFAMED_FID_FEATURES, FFAMED_FEAT_NOTIF, 0, 0, 0);
	assert_int_equal(r.x[2], 0);
	h->hook = no_sp_vcpu_hook;
	assert_int_equal(ffamed_probe(&h->med), FFAMED_OK);
	h->hook = NULL;
	r = fake_call(h, VM1, FFAMED_FID_FEATURES, FFAMED_FEAT_NOTIF, 0, 0, 0);
	assert_int_equal(r.x[2], FFAMED_FEAT_NOTIF_NO_SP_PER_VCPU);
	r = fake_call(h, VM1, FFAMED_FID_FEATURES, FFAMED_FEAT_NOTIF, 1, 0, 0);
	assert_int_equal(fake_status(&r), FFAMED_RET_NOT_SUPPORTED);
}

/* A level line whose raise failed is raised again at the next chance. */
static void test_item3_failed_raise_retried(void **state)
{
	struct fake_host *h = *state;

	assert_int_equal(fake_bind(h, VM1, VM2, FFAMED_NOTIF_FLAG_PER_VCPU, 0x1),
			 FFAMED_RET_OK);
	h->raise_fails = true;
	assert_int_equal(fake_set(h, VM2, VM1, FFAMED_NOTIF_FLAG_PER_VCPU | 1U << 16, 0x1),
			 FFAMED_RET_OK);
	assert_int_equal(h->med.stats.irq_failed, 1);
	assert_false(fake_line(h, VM1, 1, false));
	h->raise_fails = false;
	ffamed_vcpu_online(&h->med, fake_vm_find(h, VM1)->st, 1);
	assert_true(fake_line(h, VM1, 1, false));
	/* A lower that fails is tried again by the next GET. */
	h->lower_fails = true;
	(void)fake_get(h, VM1, 1, FFAMED_GET_FLAG_VM);
	assert_true(fake_line(h, VM1, 1, false));
	assert_int_equal(ffamed_stats(&h->med)->irq_failed, 2);
	h->lower_fails = false;
	(void)fake_get(h, VM1, 1, FFAMED_GET_FLAG_VM);
	assert_false(fake_line(h, VM1, 1, false));
}

/* UNBIND of a VM bit pending for one vCPU only is refused too. */
static void test_unbind_refused_while_vcpu_pending(void **state)
{
	struct fake_host *h = *state;

	assert_int_equal(fake_bind(h, VM2, VM1, FFAMED_NOTIF_FLAG_PER_VCPU, 0x6),
			 FFAMED_RET_OK);
	assert_int_equal(fake_set(h, VM1, VM2, FFAMED_NOTIF_FLAG_PER_VCPU | 3U << 16, 0x4),
			 FFAMED_RET_OK);
	assert_int_equal(fake_set(h, VM1, VM2, FFAMED_NOTIF_FLAG_PER_VCPU | 1U << 16, 0x2),
			 FFAMED_RET_OK);
	assert_int_equal(fake_unbind(h, VM2, VM1, 0x4), FFAMED_RET_DENIED);
	(void)fake_get(h, VM2, 3, FFAMED_GET_FLAG_VM);
	assert_int_equal(fake_unbind(h, VM2, VM1, 0x4), FFAMED_RET_OK);
	assert_int_equal(fake_unbind(h, VM2, VM1, 0x2), FFAMED_RET_DENIED);
}

/* More slots given up than the leak table holds: counted as lost. */
static void test_leak_table_full(void **state)
{
	struct fake_host *h = *state;
	struct smc_watch w;
	const uint16_t ids[] = { VM1, VM2, VM3 };

	watch(h, &w, FFAMED_FID_NOTIF_BITMAP_DESTROY);
	w.resend_global = true;
	for (unsigned int i = 0; i < 3; i++)
		assert_int_equal(fake_bind(h, ids[i], SP1, 0, 0x1), FFAMED_RET_OK);
	/* An SP that re-sets the bit before every UNBIND and DESTROY. */
	for (unsigned int i = 0; i < 3; i++) {
		w.resend_vm = ids[i];
		(void)fake_vm_destroy(h, ids[i]);
	}
	h->hook = NULL;
	assert_int_equal(h->med.stats.destroy_leaked, 3);
	assert_int_equal(h->med.stats.leaks_lost, 3 - FFAMED_MAX_LEAKED);
}

/* The scheduler's INFO_GET_32 full of SP lists: a VM waits for the next. */
static bool sp_lists(struct fake_host *h, const struct ffamed_regs *in,
		     struct ffamed_regs *out)
{
	(void)h;
	if ((uint32_t)in->x[0] != FFAMED_FID_NOTIF_INFO_GET_64)
		return false;
	/* Ten global SP lists: 0x8010..0x8019. */
	memset(out, 0, sizeof(*out));
	out->x[0] = FFAMED_FID_SUCCESS_64;
	out->x[2] = 10U << 7;
	for (unsigned int k = 0; k < 10; k++)
		out->x[3 + k / 4] |= (uint64_t)(0x8010 + k) << (16 * (k % 4));
	return true;
}

static void test_sched_reply_full(void **state)
{
	struct fake_host *h = *state; /* VM3 schedules */
	struct ffamed_regs r;

	h->hook = sp_lists;
	assert_int_equal(run_sri(h), FFAMED_SRI_DONE);
	h->hook = NULL;
	assert_int_equal(fake_bind(h, VM1, VM2, 0, 0x1), FFAMED_RET_OK);
	assert_int_equal(fake_set(h, VM2, VM1, 0, 0x1), FFAMED_RET_OK);
	r = info_get(h, VM3, false);
	assert_int_equal((r.x[2] >> 7) & 0x1F, 10);
	assert_int_equal(r.x[2] & 1, 1);
	assert_true(fake_line(h, VM3, 0, true)); /* not everything read yet */
	r = info_get(h, VM3, false);
	assert_int_equal((uint16_t)r.x[3], VM1);
	assert_false(fake_line(h, VM3, 0, true));
}

/* Host mode without an SPMC: refused checks pass, the call gets NOT_SUPPORTED. */
static void test_host_mode_without_spmc(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r = { .x = { FFAMED_FID_NOTIF_INFO_GET_64 } };

	assert_int_equal(ffamed_host_call(&h->med, &r), FFAMED_HANDLED);
	assert_int_equal(fake_status(&r), FFAMED_RET_NOT_SUPPORTED);
	assert_int_equal(ffamed_probe(NULL), -FFAMED_ERR_INVAL);
}

/*
 * An SPMC that lists a VM in every INFO_GET until its GET (OP-TEE): on an
 * edge host one notification must give one NPI, not one per SRI.
 */
static bool relist_vm1(struct fake_host *h, const struct ffamed_regs *in,
		       struct ffamed_regs *out)
{
	(void)h;
	if ((uint32_t)in->x[0] != FFAMED_FID_NOTIF_INFO_GET_64)
		return false;
	memset(out, 0, sizeof(*out));
	out->x[0] = FFAMED_FID_SUCCESS_64;
	out->x[2] = 2U << 7 | 1U << 14;          /* (VM1:[]) (VM2:[1]) */
	out->x[3] = (uint64_t)1 << 32 | (uint64_t)VM2 << 16 | VM1;
	return true;
}

static void test_relisting_is_not_news(void **state)
{
	struct fake_host *h = *state;

	h->med.level = false; /* Xen: edge injection, a new edge per raise */
	h->hook = relist_vm1;
	for (int i = 0; i < 3; i++)
		assert_int_equal(run_sri(h), FFAMED_SRI_DONE);
	assert_int_equal(fake_irq_count(h, VM1, -1, FAKE_NPI), 1);
	assert_int_equal(fake_irq_count(h, VM2, 1, FAKE_NPI), 1);
	/* After a GET the next listing is news again. */
	h->hook = NULL;
	(void)fake_get(h, VM1, 0, FFAMED_GET_FLAGS_ALL);
	(void)fake_get(h, VM2, 1, FFAMED_GET_FLAGS_ALL);
	h->hook = relist_vm1;
	assert_int_equal(run_sri(h), FFAMED_SRI_DONE);
	h->hook = NULL;
	assert_int_equal(fake_irq_count(h, VM1, -1, FAKE_NPI), 2);
	assert_int_equal(fake_irq_count(h, VM2, 1, FAKE_NPI), 2);
	h->med.level = true;
}

/*
 * The SP-sender mirror is valid only from a VM's first SP BIND: init leaves
 * the table as the host hands it over (0xA5 bytes in the fake host). So
 * destroy and reclaim UNBIND exactly what was bound through libffamed.
 */
struct mirror_watch {
	unsigned int unbinds;        /* UNBINDs seen */
	unsigned int deny_destroy;   /* BITMAP_DESTROYs still to refuse */
	unsigned int deny_unbind;    /* UNBINDs still to refuse */
};

static bool mirror_hook(struct fake_host *h, const struct ffamed_regs *in,
			struct ffamed_regs *out)
{
	struct mirror_watch *m = h->hook_data;
	const uint32_t fid = (uint32_t)in->x[0];
	unsigned int *deny = NULL;

	if (fid == FFAMED_FID_NOTIF_UNBIND) {
		m->unbinds++;
		deny = &m->deny_unbind;
	} else if (fid == FFAMED_FID_NOTIF_BITMAP_DESTROY) {
		deny = &m->deny_destroy;
	}
	if (deny == NULL || *deny == 0)
		return false; /* the model answers */
	(*deny)--;
	memset(out, 0, sizeof(*out));
	out->x[0] = FFAMED_FID_ERROR;
	out->x[2] = (uint32_t)FFAMED_RET_DENIED;
	return true;
}

static void mirror_watch(struct fake_host *h, struct mirror_watch *m,
			 unsigned int deny_destroy, unsigned int deny_unbind)
{
	*m = (struct mirror_watch){ .deny_destroy = deny_destroy,
				    .deny_unbind = deny_unbind };
	h->hook = mirror_hook;
	h->hook_data = m;
}

/* A VM that never bound an SP: a refused DESTROY leads to no UNBIND. */
static void test_mirror_unused_not_unbound(void **state)
{
	struct fake_host *h = *state;
	struct mirror_watch m;

	mirror_watch(h, &m, 1, 0);
	assert_int_equal(fake_vm_destroy(h, VM1), FFAMED_OK);
	assert_int_equal(m.unbinds, 0);
	assert_null(model_find_vm(&h->model, VM1));
}

/* Nor does a slot it gave up, when a later init takes it back. */
static void test_mirror_unused_not_remembered(void **state)
{
	struct fake_host *h = *state;
	struct mirror_watch m;

	mirror_watch(h, &m, 1000, 0);
	assert_int_equal(fake_vm_destroy(h, VM2), -FFAMED_ERR_LEAKED);
	mirror_watch(h, &m, 0, 0);
	assert_int_equal(fake_vm_create(h, VM2, 4), FFAMED_OK);
	assert_int_equal(h->med.stats.reclaimed, 1);
	assert_int_equal(m.unbinds, 0);
}

/*
 * A binding of the old slot that the reclaim could not UNBIND stays with the
 * old slot: the new VM under the id bound nothing, and its destroy says so.
 */
static void test_mirror_new_slot_empty(void **state)
{
	struct fake_host *h = *state;
	struct mirror_watch m;

	assert_int_equal(fake_bind(h, VM3, SP1, 0, 1U << 4), FFAMED_RET_OK);
	mirror_watch(h, &m, 1000, 1000);
	assert_int_equal(fake_vm_destroy(h, VM3), -FFAMED_ERR_LEAKED);
	mirror_watch(h, &m, 0, 1);
	assert_int_equal(fake_vm_create(h, VM3, 1), FFAMED_OK);
	assert_int_equal(m.unbinds, 1); /* the reclaim's, refused */
	mirror_watch(h, &m, 1, 0);
	assert_int_equal(fake_vm_destroy(h, VM3), FFAMED_OK);
	assert_int_equal(m.unbinds, 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fixture_spmc, fixture_free)
#define S(f) cmocka_unit_test_setup_teardown(f, fixture_sched, fixture_free)
	const struct CMUnitTest tests[] = {
		S(test_item2_sched_sri_lowered),
		T(test_item3_failed_raise_retried),
		T(test_item5_spm_get_strands_no_sp_bit),
		T(test_item6_idle_destroy_one_smc),
		T(test_item6_destroy_bounded_unlocked),
		T(test_item7_reclaim_unbinds),
		T(test_item8_id_reuse_waits_for_destroy),
		S(test_item11_features_per_caller),
		T(test_item12_feature_id_4),
		T(test_unbind_refused_while_vcpu_pending),
		T(test_relisting_is_not_news),
		T(test_mirror_unused_not_unbound),
		T(test_mirror_unused_not_remembered),
		T(test_mirror_new_slot_empty),
		T(test_leak_table_full),
		S(test_sched_reply_full),
		cmocka_unit_test_setup_teardown(test_host_mode_without_spmc,
						fixture_nospmc, fixture_free),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
