/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * SP -> VM notifications end to end against the reference SPMC: SRI, NPI,
 * guest INFO_GET and GET in the interleavings the seeds' review discusses,
 * VM destroy with notifications in flight, id reuse, hostile SPMC replies.
 */
#include "test_common.h"

static void sp_send(struct fake_host *h, uint16_t sp, uint16_t vm,
		    uint64_t bm, bool per_vcpu, uint16_t vcpu)
{
	assert_int_equal(model_sp_set(&h->model, sp, vm, bm, per_vcpu, vcpu),
			 FFAMED_RET_OK);
}

static void test_sp_to_vm_global(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	assert_int_equal(fake_bind(h, VM2, SP1, 0, 1ULL << 5 | 1ULL << 60), FFAMED_RET_OK);
	sp_send(h, SP1, VM2, 1ULL << 60, false, 0);
	assert_int_equal(run_sri(h), FFAMED_SRI_DONE);
	assert_int_equal(fake_irq_count(h, VM2, 0, FAKE_NPI), 1);
	assert_int_equal(fake_irq_count(h, VM1, -1, FAKE_NPI), 0);

	r = info_get(h, VM2, true);
	assert_int_equal(r.x[0], FFAMED_FID_SUCCESS_64);
	assert_int_equal(r.x[2], 1U << 7);
	assert_int_equal(r.x[3], VM2);
	r = fake_get(h, VM2, 0, FFAMED_GET_FLAG_SP);
	assert_int_equal(fake_bitmap(&r, 2), 1ULL << 60);
	r = info_get(h, VM2, true);
	assert_int_equal(fake_status(&r), FFAMED_RET_NO_DATA);
	/* The level-triggered line comes down once nothing is pending. */
	assert_int_equal(fake_irq_lowered(h, VM2, 0, FAKE_NPI), 1);
	/* Other VMs see nothing. */
	r = fake_get(h, VM1, 0, FFAMED_GET_FLAGS_ALL);
	assert_int_equal(fake_bitmap(&r, 2), 0);
}

/*
 * Seed defect: INFO_GET cleared the flag and a GET of the SP bitmap alone
 * left an SPM notification nobody reported again.
 */
static void test_partial_get_loses_nothing(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	assert_int_equal(fake_bind(h, VM1, SP1, 0, 0x10), FFAMED_RET_OK);
	sp_send(h, SP1, VM1, 0x10, false, 0);
	assert_int_equal(model_spm_set(&h->model, VM1, FFAMED_FRAMEWORK_RX_FULL), 0);
	run_sri(h);

	r = info_get(h, VM1, true);
	assert_int_equal(r.x[3], VM1);
	r = fake_get(h, VM1, 0, FFAMED_GET_FLAG_SP);
	assert_int_equal(fake_bitmap(&r, 2), 0x10);
	assert_int_equal(r.x[6], 0);
	/* Still pending: reported again, and its bit is still there. */
	r = info_get(h, VM1, false);
	assert_int_equal(r.x[0], FFAMED_FID_SUCCESS_32);
	assert_int_equal(r.x[3], VM1);
	r = fake_get(h, VM1, 1, FFAMED_GET_FLAG_SPM);
	assert_int_equal(r.x[6], FFAMED_FRAMEWORK_RX_FULL);
	/* And nothing invented afterwards. */
	r = info_get(h, VM1, true);
	assert_int_equal(fake_status(&r), FFAMED_RET_NO_DATA);
	r = fake_get(h, VM1, 0, FFAMED_GET_FLAGS_ALL);
	assert_int_equal(fake_bitmap(&r, 2), 0);
	assert_int_equal(r.x[6], 0);
}

/* A GET of the SPM bitmap alone keeps the SP bits for a later GET. */
static void test_spm_get_keeps_sp_bits(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	assert_int_equal(fake_bind(h, VM1, SP1, 0, 0x3), FFAMED_RET_OK);
	sp_send(h, SP1, VM1, 0x1, false, 0);
	run_sri(h);
	r = fake_get(h, VM1, 0, FFAMED_GET_FLAG_SPM);
	assert_int_equal(r.x[6], 0);
	r = info_get(h, VM1, true);
	assert_int_equal(r.x[3], VM1);
	r = fake_get(h, VM1, 1, FFAMED_GET_FLAG_SP);
	assert_int_equal(fake_bitmap(&r, 2), 0x1);
}

/* GET, then a new SET and SRI: the new bit arrives, the old one not again. */
static void test_sri_between_gets(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	assert_int_equal(fake_bind(h, VM1, SP1, 0, 0x3), FFAMED_RET_OK);
	sp_send(h, SP1, VM1, 0x1, false, 0);
	run_sri(h);
	r = fake_get(h, VM1, 0, FFAMED_GET_FLAG_SP);
	assert_int_equal(fake_bitmap(&r, 2), 0x1);
	sp_send(h, SP1, VM1, 0x2, false, 0);
	/* The guest GETs before the SRI is handled: it gets the bit early. */
	r = fake_get(h, VM1, 0, FFAMED_GET_FLAG_SP);
	assert_int_equal(fake_bitmap(&r, 2), 0x2);
	fake_irq_clear(h);
	run_sri(h);
	/* The SPMC had reported VM1 already: no list, no NPI. */
	assert_int_equal(fake_irq_count(h, VM1, -1, FAKE_NPI), 0);
	r = info_get(h, VM1, true);
	assert_int_equal(fake_status(&r), FFAMED_RET_NO_DATA);
}

static void test_npi_skips_offline_vcpu0(void **state)
{
	struct fake_host *h = *state;

	fake_vm_find(h, VM2)->offline[0] = true;
	fake_vm_find(h, VM2)->offline[1] = true;
	assert_int_equal(fake_bind(h, VM2, SP1, 0, 0x1), FFAMED_RET_OK);
	sp_send(h, SP1, VM2, 0x1, false, 0);
	run_sri(h);
	assert_int_equal(fake_irq_count(h, VM2, 0, FAKE_NPI), 0);
	assert_int_equal(fake_irq_count(h, VM2, 1, FAKE_NPI), 0);
	assert_int_equal(fake_irq_count(h, VM2, 2, FAKE_NPI), 1);
	/*
	 * Level lines: the global bits stay on the vCPU that carries them, so a
	 * vCPU coming online gets no second line that nothing would lower.
	 */
	ffamed_vcpu_online(&h->med, fake_vm_find(h, VM2)->st, 0);
	assert_int_equal(fake_irq_count(h, VM2, 0, FAKE_NPI), 0);
	/* Per-vCPU bits for an offline vCPU wait for it to come online. */
	assert_int_equal(fake_bind(h, VM2, SP1, FFAMED_NOTIF_FLAG_PER_VCPU, 0x2), FFAMED_RET_OK);
	sp_send(h, SP1, VM2, 0x2, true, 1);
	run_sri(h);
	assert_int_equal(fake_irq_count(h, VM2, 1, FAKE_NPI), 1);
	(void)fake_get(h, VM2, 2, FFAMED_GET_FLAGS_ALL);
	assert_false(fake_line(h, VM2, 2, false));
	assert_true(fake_line(h, VM2, 1, false));
}

static void test_sp_per_vcpu(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	assert_int_equal(fake_bind(h, VM2, SP1, FFAMED_NOTIF_FLAG_PER_VCPU, 0xF0), FFAMED_RET_OK);
	assert_int_equal(fake_bind(h, VM2, SP1, 0, 0x1), FFAMED_RET_OK);
	sp_send(h, SP1, VM2, 0x10, true, 3);
	sp_send(h, SP1, VM2, 0x1, false, 0);
	run_sri(h);
	assert_int_equal(fake_irq_count(h, VM2, 3, FAKE_NPI), 1);
	r = info_get(h, VM2, true);
	/* (2:[]) (2:[3]) */
	assert_int_equal(r.x[2], 2U << 7 | 1U << 14);
	assert_int_equal(r.x[3], (uint64_t)3 << 32 | (uint64_t)VM2 << 16 | VM2);
	/* GET on vCPU 1 gets the global bit only; the per-vCPU one waits. */
	r = fake_get(h, VM2, 1, FFAMED_GET_FLAG_SP | FFAMED_GET_FLAG_SPM);
	assert_int_equal(fake_bitmap(&r, 2), 0x1);
	r = fake_get(h, VM2, 3, FFAMED_GET_FLAG_SP);
	assert_int_equal(fake_bitmap(&r, 2), 0x10);
}

/* A GET of SPM on vCPU 3 takes vCPU 3's SP bits along: they stay vCPU 3's. */
static void test_cached_per_vcpu_bits_stay_per_vcpu(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	assert_int_equal(fake_bind(h, VM2, SP1, FFAMED_NOTIF_FLAG_PER_VCPU, 0x10), FFAMED_RET_OK);
	assert_int_equal(fake_bind(h, VM2, SP1, 0, 0x1), FFAMED_RET_OK);
	sp_send(h, SP1, VM2, 0x10, true, 3);
	sp_send(h, SP1, VM2, 0x1, false, 0);
	r = fake_get(h, VM2, 3, FFAMED_GET_FLAG_SPM);
	r = fake_get(h, VM2, 0, FFAMED_GET_FLAG_SP);
	assert_int_equal(fake_bitmap(&r, 2), 0x1);
	r = fake_get(h, VM2, 3, FFAMED_GET_FLAG_SP);
	assert_int_equal(fake_bitmap(&r, 2), 0x10);
}

/* Destroy with bound and pending notifications: the SPMC slot is freed. */
static void test_destroy_in_flight_then_reuse(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	h->model.deny_destroy_if_bound = true; /* OP-TEE's reading */
	assert_int_equal(fake_bind(h, VM2, SP1, 0, 0x3), FFAMED_RET_OK);
	assert_int_equal(fake_bind(h, VM2, SP2, FFAMED_NOTIF_FLAG_PER_VCPU, 0x4), FFAMED_RET_OK);
	sp_send(h, SP1, VM2, 0x1, false, 0);
	sp_send(h, SP2, VM2, 0x4, true, 2);
	assert_int_equal(model_spm_set(&h->model, VM2, 1), 0);

	assert_int_equal(fake_vm_destroy(h, VM2), FFAMED_RET_OK);
	assert_null(model_find_vm(&h->model, VM2));
	assert_int_equal(h->med.stats.destroy_leaked, 0);

	/* The SRI raised before the destroy finds nothing live. */
	fake_irq_clear(h);
	run_sri(h);
	assert_int_equal(fake_irq_count(h, VM2, -1, FAKE_NPI), 0);

	/* The id is reused; the new VM starts clean. */
	assert_int_equal(fake_vm_create(h, VM2, 2), FFAMED_RET_OK);
	r = info_get(h, VM2, true);
	assert_int_equal(fake_status(&r), FFAMED_RET_NO_DATA);
	r = fake_get(h, VM2, 0, FFAMED_GET_FLAGS_ALL);
	assert_int_equal(fake_bitmap(&r, 2), 0);
	assert_int_equal(fake_bind(h, VM2, SP1, 0, 0x3), FFAMED_RET_OK);
}

/* An SP that keeps setting between drain and destroy is outlasted. */
struct racing_sp {
	unsigned int sets_left;
};

static bool hook_set_before_destroy(struct fake_host *h,
				    const struct ffamed_regs *in,
				    struct ffamed_regs *out)
{
	struct racing_sp *sp = h->hook_data;

	(void)out;
	if ((uint32_t)in->x[0] == FFAMED_FID_NOTIF_BITMAP_DESTROY &&
	    sp->sets_left > 0) {
		sp->sets_left--;
		(void)model_sp_set(&h->model, SP1, VM1, 0x1, false, 0);
	}
	return false;
}

static void test_destroy_outlasts_racing_sp(void **state)
{
	struct fake_host *h = *state;
	struct racing_sp sp = { .sets_left = 2 };

	assert_int_equal(fake_bind(h, VM1, SP1, 0, 0x1), FFAMED_RET_OK);
	h->hook = hook_set_before_destroy;
	h->hook_data = &sp;
	/* UNBIND fails while pending, so the first rounds are DENIED. */
	assert_int_equal(fake_vm_destroy(h, VM1), FFAMED_RET_OK);
	assert_null(model_find_vm(&h->model, VM1));
	h->hook = NULL;
}

/* A slot an earlier VM left behind is taken back at create. */
static void test_create_recovers_stale_slot(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs in = { .x = { FFAMED_FID_NOTIF_BITMAP_CREATE, 0x9, 1 } };
	struct ffamed_regs out;

	model_smc(&h->model, &in, &out);
	assert_int_equal(out.x[0], FFAMED_FID_SUCCESS_32);
	assert_int_equal(fake_vm_create(h, 0x9, 2), FFAMED_RET_OK);
	assert_int_equal(model_find_vm(&h->model, 0x9)->vcpu_count, 2);
}

static void test_create_no_memory(void **state)
{
	struct fake_host *h = *state;

	struct ffamed_regs r;

	for (unsigned int i = 0; i < MODEL_MAX_VMS; i++)
		h->model.vms[i].used = true;
	/* The SPMC is out of slots: the VM lives, VM-to-VM only. */
	assert_int_equal(fake_vm_create(h, 0x9, 1), FFAMED_OK);
	for (unsigned int i = 3; i < MODEL_MAX_VMS; i++)
		h->model.vms[i].used = false;
	assert_int_equal(h->med.stats.no_slot, 1);
	assert_false(ffamed_vm_sp_enabled(fake_vm_find(h, 0x9)->st));
	assert_true(ffamed_vm_sp_enabled(fake_vm_find(h, VM1)->st));
	assert_int_equal(fake_bind(h, 0x9, SP1, 0, 0x1), FFAMED_RET_NOT_SUPPORTED);
	assert_int_equal(fake_unbind(h, 0x9, SP1, 0x1), FFAMED_RET_NOT_SUPPORTED);
	assert_int_equal(fake_set(h, 0x9, SP1, 0, 0x1), FFAMED_RET_NOT_SUPPORTED);
	assert_int_equal(fake_bind(h, 0x9, VM1, 0, 0x1), FFAMED_RET_OK);
	assert_int_equal(fake_set(h, VM1, 0x9, 0, 0x1), FFAMED_RET_OK);
	r = fake_get(h, 0x9, 0, FFAMED_GET_FLAGS_ALL);
	assert_int_equal(fake_bitmap(&r, 4), 0x1);
	/* FFA_FEATURES agrees: no per-vCPU SP notifications for it. */
	r = fake_call(h, 0x9, FFAMED_FID_FEATURES, FFAMED_FEAT_NOTIF, 0, 0, 0);
	assert_int_equal(r.x[2], FFAMED_FEAT_NOTIF_NO_SP_PER_VCPU);
	r = fake_call(h, VM1, FFAMED_FID_FEATURES, FFAMED_FEAT_NOTIF, 0, 0, 0);
	assert_int_equal(r.x[2], 0);
	/* Its destroy makes no SMC for a slot it never had. */
	assert_int_equal(fake_vm_destroy(h, 0x9), FFAMED_OK);
}

/* ---- hostile SPMC replies to INFO_GET ---- */
struct canned {
	struct ffamed_regs reply;
	unsigned int calls;
};

static bool hook_canned_info(struct fake_host *h, const struct ffamed_regs *in,
			     struct ffamed_regs *out)
{
	struct canned *c = h->hook_data;

	if ((uint32_t)in->x[0] != FFAMED_FID_NOTIF_INFO_GET_64)
		return false;
	c->calls++;
	*out = c->reply;
	return true;
}

static void test_more_pending_forever_is_bounded(void **state)
{
	struct fake_host *h = *state;
	struct canned c = { .reply = { .x = { FFAMED_FID_SUCCESS_64,
					      0, 1U | 1U << 7, VM1 } } };

	h->hook = hook_canned_info;
	h->hook_data = &c;
	assert_int_equal(run_sri(h), FFAMED_SRI_AGAIN);
	assert_int_equal(c.calls, FFAMED_SRI_MAX_ROUNDS);
	assert_int_equal(h->med.stats.sri_yielded, 1);
	h->hook = NULL;
}

static void test_stale_and_foreign_ids(void **state)
{
	struct fake_host *h = *state;
	/* (0x77:[]) (0:[]) (SP1:[1]) (VM1:[1,7]) : 7 is not a vCPU of VM1 */
	struct canned c = { .reply = { .x = {
		FFAMED_FID_SUCCESS_64, 0,
		4U << 7 | 0U << 12 | 0U << 14 | 1U << 16 | 2U << 18,
		(uint64_t)1 << 48 | (uint64_t)SP1 << 32 | 0x77,
		(uint64_t)7 << 16 | (uint64_t)1 << 0 | (uint64_t)VM1 << 0,
	} } };

	c.reply.x[4] = (uint64_t)7 << 32 | (uint64_t)1 << 16 | VM1;
	h->hook = hook_canned_info;
	h->hook_data = &c;
	assert_int_equal(run_sri(h), FFAMED_SRI_DONE);
	h->hook = NULL;
	assert_int_equal(h->med.stats.stale_ids, 1);
	assert_int_equal(h->n_hyp, 1);
	assert_false(h->hyp[0].per_vcpu);
	assert_int_equal(h->n_sp, 1);
	assert_int_equal(h->sp[0].id, SP1);
	assert_int_equal(h->sp[0].vcpu, 1);
	assert_int_equal(fake_irq_count(h, VM1, 1, FAKE_NPI), 1);
	assert_int_equal(fake_irq_count(h, VM1, 0, FAKE_NPI), 1);
	assert_int_equal(h->med.stats.spmc_malformed, 1);
}

static void test_malformed_lists_cut(void **state)
{
	struct fake_host *h = *state;
	struct canned c = { .reply = { .x = { FFAMED_FID_SUCCESS_64, 0,
		31U << 7 | 0xFFFFF000U, VM1 | (uint64_t)0 << 16 } } };

	h->hook = hook_canned_info;
	h->hook_data = &c;
	assert_int_equal(run_sri(h), FFAMED_SRI_DONE);
	h->hook = NULL;
	assert_int_equal(h->med.stats.spmc_malformed, 1);
	/*
	 * Five complete 4-id lists were delivered: (VM1:[0,0,0]) and four
	 * (0:[0,0,0]) for the hypervisor; the rest of the 31 was dropped.
	 */
	/* A level line goes up once for the three listings. */
	assert_int_equal(fake_irq_count(h, VM1, 0, FAKE_NPI), 1);
	assert_int_equal(h->n_hyp, 12);
}

static void test_info_get_32_reply(void **state)
{
	struct fake_host *h = *state;
	struct canned c = { .reply = { .x = { FFAMED_FID_SUCCESS_32, 0,
		2U << 7, (uint32_t)VM2 << 16 | VM1 } } };

	h->hook = hook_canned_info;
	h->hook_data = &c;
	assert_int_equal(run_sri(h), FFAMED_SRI_DONE);
	h->hook = NULL;
	assert_int_equal(fake_irq_count(h, VM1, -1, FAKE_NPI), 1);
	assert_int_equal(fake_irq_count(h, VM2, -1, FAKE_NPI), 1);
}

static void test_garbage_reply_is_not_success(void **state)
{
	struct fake_host *h = *state;
	struct canned c = { .reply = { .x = { 0x12345678, 0, 1U << 7, VM1 } } };

	h->hook = hook_canned_info;
	h->hook_data = &c;
	assert_int_equal(run_sri(h), FFAMED_SRI_DONE);
	h->hook = NULL;
	assert_int_equal(fake_irq_count(h, VM1, -1, FAKE_NPI), 0);
}

static void test_hyp_and_sp_lists_from_model(void **state)
{
	struct fake_host *h = *state;

	model_hyp_set(&h->model, true, 2);
	assert_int_equal(model_sp_bind(&h->model, SP2, VM1, 0x1, true), 0);
	assert_int_equal(fake_set(h, VM1, SP2, FFAMED_NOTIF_FLAG_PER_VCPU | 1U << 16, 0x1),
			 FFAMED_RET_OK);
	run_sri(h);
	assert_int_equal(h->n_hyp, 1);
	assert_true(h->hyp[0].per_vcpu);
	assert_int_equal(h->hyp[0].vcpu, 2);
	assert_int_equal(h->n_sp, 1);
	assert_int_equal(h->sp[0].id, SP2);
	assert_int_equal(h->sp[0].vcpu, 1);
	assert_int_equal(model_sp_get(&h->model, SP2, 1), 0x1);
}

static void test_spmc_without_notifications(void **state)
{
	const struct ffamed_config cfg = { .npi_intid = FAKE_NPI, .sri_intid = FAKE_SRI };
	struct fake_host *h = calloc(1, sizeof(*h));
	struct ffamed_regs r;

	(void)state;
	fake_host_init(h, true, &cfg);
	h->model.notif_supported = false;
	assert_int_equal(fake_host_start(h), FFAMED_RET_OK);
	assert_false(ffamed_spmc_notif_enabled(&h->med));
	assert_int_equal(fake_vm_create(h, VM1, 1), FFAMED_RET_OK);
	assert_int_equal(fake_vm_create(h, VM2, 1), FFAMED_RET_OK);
	assert_int_equal(fake_bind(h, VM1, SP1, 0, 1), FFAMED_RET_NOT_SUPPORTED);
	assert_int_equal(fake_set(h, VM1, SP1, 0, 1), FFAMED_RET_NOT_SUPPORTED);
	assert_int_equal(run_sri(h), FFAMED_SRI_DONE);
	/* VM -> VM still works. */
	assert_int_equal(fake_bind(h, VM1, VM2, 0, 1), FFAMED_RET_OK);
	assert_int_equal(fake_set(h, VM2, VM1, 0, 1), FFAMED_RET_OK);
	r = fake_get(h, VM1, 0, FFAMED_GET_FLAGS_ALL);
	assert_int_equal(fake_bitmap(&r, 4), 1);
	fake_host_fini(h);
	free(h);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fixture_spmc, fixture_free)
	const struct CMUnitTest tests[] = {
		T(test_sp_to_vm_global),
		T(test_partial_get_loses_nothing),
		T(test_spm_get_keeps_sp_bits),
		T(test_sri_between_gets),
		T(test_npi_skips_offline_vcpu0),
		T(test_sp_per_vcpu),
		T(test_cached_per_vcpu_bits_stay_per_vcpu),
		T(test_destroy_in_flight_then_reuse),
		T(test_destroy_outlasts_racing_sp),
		T(test_create_recovers_stale_slot),
		T(test_create_no_memory),
		T(test_more_pending_forever_is_bounded),
		T(test_stale_and_foreign_ids),
		T(test_malformed_lists_cut),
		T(test_info_get_32_reply),
		T(test_garbage_reply_is_not_success),
		T(test_hyp_and_sp_lists_from_model),
		cmocka_unit_test(test_spmc_without_notifications),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
