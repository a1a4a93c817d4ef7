/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Beyond the seeds: VM -> VM (global and per-vCPU), framework notifications,
 * the scheduler VM, isolation between VMs, level-triggered NPI lines.
 */
#include "test_common.h"

/* tx sets bits bm for vCPU vcpu of rx, per-vCPU; the call must succeed. */
static void set_vcpu(struct fake_host *h, uint16_t tx, uint16_t rx,
		     uint16_t vcpu, uint64_t bm)
{
	assert_int_equal(fake_set(h, tx, rx,
				  FFAMED_NOTIF_FLAG_PER_VCPU | (uint32_t)vcpu << 16, bm),
			 FFAMED_RET_OK);
}

static void test_vm_to_vm_global(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	assert_int_equal(fake_bind(h, VM2, VM1, 0, 1ULL << 63 | 1), FFAMED_RET_OK);
	assert_int_equal(fake_set(h, VM1, VM2, 0, 1ULL << 63), FFAMED_RET_OK);
	assert_int_equal(fake_irq_count(h, VM2, 0, FAKE_NPI), 1);
	r = info_get(h, VM2, true);
	assert_int_equal(r.x[2], 1U << 7);
	assert_int_equal(r.x[3], VM2);
	r = fake_get(h, VM2, 3, FFAMED_GET_FLAG_SP | FFAMED_GET_FLAG_SPM);
	assert_int_equal(fake_bitmap(&r, 4), 0);
	r = fake_get(h, VM2, 3, FFAMED_GET_FLAG_VM);
	assert_int_equal(r.x[4], 0);
	assert_int_equal(r.x[5], 0x80000000U);
	r = fake_get(h, VM2, 0, FFAMED_GET_FLAG_VM);
	assert_int_equal(fake_bitmap(&r, 4), 0);
}

static void test_vm_to_vm_per_vcpu(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	assert_int_equal(fake_bind(h, VM2, VM1, FFAMED_NOTIF_FLAG_PER_VCPU, 0x6), FFAMED_RET_OK);
	set_vcpu(h, VM1, VM2, 2, 0x2);
	assert_int_equal(fake_irq_count(h, VM2, 2, FAKE_NPI), 1);
	assert_int_equal(fake_irq_count(h, VM2, 0, FAKE_NPI), 0);
	r = info_get(h, VM2, false);
	assert_int_equal(r.x[2], 1U << 7 | 1U << 12);
	assert_int_equal(r.x[3], 2U << 16 | VM2);
	r = fake_get(h, VM2, 1, FFAMED_GET_FLAGS_ALL);
	assert_int_equal(fake_bitmap(&r, 4), 0);
	r = fake_get(h, VM2, 2, FFAMED_GET_FLAG_VM);
	assert_int_equal(fake_bitmap(&r, 4), 0x2);
}

/*
 * A GET that leaves a vCPU's bits (it did not ask for the VM bitmap) makes
 * that vCPU reportable again: the next INFO_GET lists it once more.
 */
static void test_get_leaves_vcpu_reportable(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	assert_int_equal(fake_bind(h, VM2, VM1, FFAMED_NOTIF_FLAG_PER_VCPU, 0x4), FFAMED_RET_OK);
	set_vcpu(h, VM1, VM2, 1, 0x4);
	r = info_get(h, VM2, true);
	assert_int_equal(r.x[2], 1U << 7 | 1U << 12);
	r = info_get(h, VM2, true);
	assert_int_equal((uint32_t)r.x[2], (uint32_t)FFAMED_RET_NO_DATA);
	r = fake_get(h, VM2, 1, FFAMED_GET_FLAG_HYP);
	assert_int_equal(r.x[0], FFAMED_FID_SUCCESS_32);
	r = info_get(h, VM2, true);
	assert_int_equal(r.x[2], 1U << 7 | 1U << 12);
	assert_int_equal(r.x[3], 1U << 16 | VM2);
	r = fake_get(h, VM2, 1, FFAMED_GET_FLAG_VM);
	assert_int_equal(fake_bitmap(&r, 4), 0x4);
	r = info_get(h, VM2, true);
	assert_int_equal((uint32_t)r.x[2], (uint32_t)FFAMED_RET_NO_DATA);
}

/* More than three vCPUs: the fourth starts a new list with the same id. */
static void test_info_get_vcpu_lists(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	assert_int_equal(fake_bind(h, VM2, VM1, FFAMED_NOTIF_FLAG_PER_VCPU, 0x1), FFAMED_RET_OK);
	assert_int_equal(fake_bind(h, VM2, VM3, 0, 0x2), FFAMED_RET_OK);
	for (uint32_t v = 0; v < 4; v++)
		assert_int_equal(fake_set(h, VM1, VM2, FFAMED_NOTIF_FLAG_PER_VCPU | v << 16, 0x1),
				 FFAMED_RET_OK);
	assert_int_equal(fake_set(h, VM3, VM2, 0, 0x2), FFAMED_RET_OK);
	r = info_get(h, VM2, true);
	/* (2:[]) (2:[3,2,1]) (2:[0]): newest pending vCPU first. */
	assert_int_equal(r.x[2], 3U << 7 | 0U << 12 | 3U << 14 | 1U << 16);
	assert_int_equal(r.x[3], (uint64_t)2 << 48 | (uint64_t)3 << 32 |
				 (uint64_t)VM2 << 16 | VM2);
	assert_int_equal(r.x[4], (uint64_t)0 << 32 | (uint64_t)VM2 << 16 | 1);
}

/* INFO_GET_32 holds ten ids: the rest waits behind the more-pending bit. */
static void test_info_get_more_pending(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	assert_int_equal(fake_bind(h, VM2, VM1, FFAMED_NOTIF_FLAG_PER_VCPU, 0x1), FFAMED_RET_OK);
	assert_int_equal(fake_vm_destroy(h, VM3), FFAMED_RET_OK);
	assert_int_equal(fake_vm_create(h, VM3, 8), FFAMED_RET_OK);
	assert_int_equal(fake_bind(h, VM3, VM1, FFAMED_NOTIF_FLAG_PER_VCPU, 0x1), FFAMED_RET_OK);
	for (uint32_t v = 0; v < 8; v++)
		assert_int_equal(fake_set(h, VM1, VM3, FFAMED_NOTIF_FLAG_PER_VCPU | v << 16, 0x1),
				 FFAMED_RET_OK);
	r = info_get(h, VM3, false);
	/* (3:[0,1,2]) (3:[3,4,5]) (3:[6]) = 10 ids, (3:[7]) does not fit */
	assert_int_equal(r.x[2] & 1, 1);
	assert_int_equal((r.x[2] >> 7) & 0x1F, 3);
	r = info_get(h, VM3, false);
	assert_int_equal(r.x[2], 1U << 7 | 1U << 12);
	assert_int_equal(r.x[3], 0U << 16 | VM3); /* newest first: vCPU 0 last */
	r = info_get(h, VM3, false);
	assert_int_equal(fake_status(&r), FFAMED_RET_NO_DATA);
}

/* Local (VM) and secure (SP) pending state are reported as one list. */
static void test_info_get_merges_local_and_secure(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	assert_int_equal(fake_bind(h, VM1, SP1, 0, 0x1), FFAMED_RET_OK);
	assert_int_equal(fake_bind(h, VM1, VM2, 0, 0x1), FFAMED_RET_OK);
	assert_int_equal(model_sp_set(&h->model, SP1, VM1, 0x1, false, 0), 0);
	run_sri(h);
	assert_int_equal(fake_set(h, VM2, VM1, 0, 0x1), FFAMED_RET_OK);
	r = info_get(h, VM1, true);
	assert_int_equal(r.x[2], 1U << 7);
	r = fake_get(h, VM1, 0, FFAMED_GET_FLAGS_ALL);
	assert_int_equal(fake_bitmap(&r, 2), 0x1);
	assert_int_equal(fake_bitmap(&r, 4), 0x1);
}

static void test_hyp_framework(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	assert_int_equal(ffamed_raise_hyp_framework(&h->med, VM1, FFAMED_FRAMEWORK_RX_FULL),
			 FFAMED_RET_OK);
	assert_int_equal(ffamed_raise_hyp_framework(&h->med, 0x55, 1), -FFAMED_ERR_INVAL);
	assert_int_equal(ffamed_raise_hyp_framework(&h->med, VM1, 0), -FFAMED_ERR_INVAL);
	assert_int_equal(fake_irq_count(h, VM1, 0, FAKE_NPI), 1);
	r = fake_get(h, VM1, 0, FFAMED_GET_FLAG_SP | FFAMED_GET_FLAG_VM);
	assert_int_equal(r.x[7], 0);
	r = info_get(h, VM1, true);
	assert_int_equal(r.x[3], VM1);
	r = fake_get(h, VM1, 0, FFAMED_GET_FLAG_HYP);
	assert_int_equal(r.x[7], FFAMED_FRAMEWORK_RX_FULL);
	assert_int_equal(r.x[6], 0);
}

/* The SPM framework bitmap passes through from the SPMC in w6. */
static void test_spm_framework(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	assert_int_equal(model_spm_set(&h->model, VM2, FFAMED_FRAMEWORK_RX_FULL), 0);
	run_sri(h);
	assert_int_equal(fake_irq_count(h, VM2, 0, FAKE_NPI), 1);
	r = fake_get(h, VM2, 0, FFAMED_GET_FLAGS_ALL);
	assert_int_equal(r.x[6], FFAMED_FRAMEWORK_RX_FULL);
}

static void test_scheduler_vm(void **state)
{
	struct fake_host *h = *state; /* VM3 is the scheduler */
	struct ffamed_regs r;

	assert_int_equal(fake_bind(h, VM1, SP1, 0, 0x1), FFAMED_RET_OK);
	assert_int_equal(fake_bind(h, VM2, VM1, FFAMED_NOTIF_FLAG_PER_VCPU, 0x1), FFAMED_RET_OK);
	assert_int_equal(model_sp_set(&h->model, SP1, VM1, 0x1, false, 0), 0);
	run_sri(h);
	assert_int_equal(fake_irq_count(h, VM1, 0, FAKE_NPI), 1);
	assert_int_equal(fake_irq_count(h, VM3, 0, FAKE_SRI), 1);
	set_vcpu(h, VM1, VM2, 1, 0x1);
	/* One SRI until the scheduler has read everything. */
	assert_int_equal(fake_irq_count(h, VM3, 0, FAKE_SRI), 1);
	assert_true(fake_line(h, VM3, 0, true));

	r = info_get(h, VM3, true);
	/* (1:[]) (2:[1]) */
	assert_int_equal(r.x[2], 2U << 7 | 0U << 12 | 1U << 14);
	assert_int_equal(r.x[3], (uint64_t)1 << 32 | (uint64_t)VM2 << 16 | VM1);
	assert_false(fake_line(h, VM3, 0, true));
	/* Each reported once. */
	r = info_get(h, VM3, true);
	assert_int_equal(fake_status(&r), FFAMED_RET_NO_DATA);
	/* The VM itself is still told about itself. */
	r = info_get(h, VM1, true);
	assert_int_equal(r.x[3], VM1);
	/* New pending state is reported to the scheduler again. */
	set_vcpu(h, VM1, VM2, 3, 0x1);
	r = info_get(h, VM3, false);
	assert_int_equal(r.x[2], 1U << 7 | 1U << 12);
	assert_int_equal(r.x[3], 3U << 16 | VM2);
	/* GET drains it; nothing left, nothing reported. */
	r = fake_get(h, VM2, 1, FFAMED_GET_FLAG_VM);
	r = fake_get(h, VM2, 3, FFAMED_GET_FLAG_VM);
	r = fake_get(h, VM1, 0, FFAMED_GET_FLAG_SP);
	r = info_get(h, VM3, true);
	assert_int_equal(fake_status(&r), FFAMED_RET_NO_DATA);
}

static bool hook_sp_vcpus(struct fake_host *h, const struct ffamed_regs *in,
			  struct ffamed_regs *out)
{
	(void)h;
	if ((uint32_t)in->x[0] != FFAMED_FID_NOTIF_INFO_GET_64)
		return false;
	if (h->hook_data != NULL)
		return false; /* second call: let the model say NO_DATA */
	h->hook_data = h;
	memset(out, 0, sizeof(*out));
	out->x[0] = FFAMED_FID_SUCCESS_64;
	/* (SP1:[0,2]) (SP2:[]) */
	out->x[2] = 2U << 7 | 2U << 12;
	out->x[3] = (uint64_t)SP2 << 48 | (uint64_t)2 << 32 | (uint64_t)0 << 16 | SP1;
	return true;
}

static void test_scheduler_gets_sp_vcpus(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	h->hook = hook_sp_vcpus;
	run_sri(h);
	h->hook = NULL;
	assert_int_equal(fake_irq_count(h, VM3, 0, FAKE_SRI), 1);
	assert_int_equal(h->n_sp, 0); /* went to the scheduler, not the host */
	r = info_get(h, VM3, true);
	/* (SP1:[0,2]) (SP2:[]) */
	assert_int_equal(r.x[2], 2U << 7 | 2U << 12);
	assert_int_equal(r.x[3], (uint64_t)SP2 << 48 | (uint64_t)2 << 32 | SP1);
	r = info_get(h, VM3, true);
	assert_int_equal(fake_status(&r), FFAMED_RET_NO_DATA);
}

static void test_isolation(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	assert_int_equal(fake_bind(h, VM2, VM1, 0, 0x1), FFAMED_RET_OK);
	assert_int_equal(fake_set(h, VM1, VM2, 0, 0x1), FFAMED_RET_OK);
	/* VM3 can neither read, clear nor set VM2's bits. */
	r = fake_call(h, VM3, FFAMED_FID_NOTIF_GET, VM2, FFAMED_GET_FLAGS_ALL, 0, 0);
	assert_int_equal(fake_status(&r), FFAMED_RET_INVALID_PARAMETERS);
	assert_int_equal(fake_set(h, VM3, VM2, 0, 0x1), FFAMED_RET_DENIED);
	assert_int_equal(fake_unbind(h, VM3, VM1, 0x1), FFAMED_RET_DENIED);
	r = fake_call(h, VM3, FFAMED_FID_NOTIF_UNBIND, (uint32_t)VM1 << 16 | VM2, 0, 1, 0);
	assert_int_equal(fake_status(&r), FFAMED_RET_INVALID_PARAMETERS);
	r = fake_get(h, VM2, 0, FFAMED_GET_FLAG_VM);
	assert_int_equal(fake_bitmap(&r, 4), 0x1);
}

/*
 * A sender is an FF-A id, as in the SPMC and Hafnium: a VM created later
 * under a destroyed sender's id is that sender, and the receiver frees the
 * bits by UNBIND naming the id.
 */
static void test_sender_is_an_id(void **state)
{
	struct fake_host *h = *state;

	assert_int_equal(fake_bind(h, VM2, VM1, 0, 0x3), FFAMED_RET_OK);
	assert_int_equal(fake_vm_destroy(h, VM1), FFAMED_OK);
	/* A dead sender cannot be bound anew ... */
	assert_int_equal(fake_bind(h, VM2, VM1, 0, 0x4), FFAMED_RET_INVALID_PARAMETERS);
	assert_int_equal(fake_vm_create(h, VM1, 2), FFAMED_OK);
	/* ... but its bindings hold for the endpoint with its id. */
	assert_int_equal(fake_set(h, VM1, VM2, 0, 0x1), FFAMED_RET_OK);
	assert_int_equal(fake_bind(h, VM2, VM3, 0, 0x2), FFAMED_RET_DENIED);
	/* Pending: UNBIND is refused, after the GET it is allowed. */
	assert_int_equal(fake_unbind(h, VM2, VM1, 0x1), FFAMED_RET_DENIED);
	(void)fake_get(h, VM2, 0, FFAMED_GET_FLAG_VM);
	assert_int_equal(fake_unbind(h, VM2, VM1, 0x3), FFAMED_RET_OK);
	assert_int_equal(fake_bind(h, VM2, VM3, 0, 0x2), FFAMED_RET_OK);
	assert_int_equal(fake_set(h, VM1, VM2, 0, 0x2), FFAMED_RET_DENIED);
	/* A destroyed receiver is an unknown receiver. */
	assert_int_equal(fake_vm_destroy(h, VM2), FFAMED_OK);
	assert_int_equal(fake_set(h, VM3, VM2, 0, 0x2), FFAMED_RET_INVALID_PARAMETERS);
}

static void test_set_to_dying_receiver(void **state)
{
	struct fake_host *h = *state;

	assert_int_equal(fake_bind(h, VM2, VM1, 0, 0x1), FFAMED_RET_OK);
	assert_int_equal(ffamed_vm_destroy(&h->med, fake_vm_find(h, VM2)->st), FFAMED_RET_OK);
	assert_int_equal(fake_set(h, VM1, VM2, 0, 0x1), FFAMED_RET_DENIED);
	assert_int_equal(ffamed_raise_hyp_framework(&h->med, VM2, 1), -FFAMED_ERR_INVAL);
	/* Its own calls are refused too. */
	assert_int_equal(fake_bind(h, VM2, VM1, 0, 0x2), FFAMED_RET_NOT_SUPPORTED);
}

/* Global NPI raised on vCPU 0 comes down when vCPU 1's GET drains it. */
static void test_level_lowering(void **state)
{
	struct fake_host *h = *state;

	assert_int_equal(fake_bind(h, VM2, VM1, 0, 0x1), FFAMED_RET_OK);
	assert_int_equal(fake_bind(h, VM2, VM1, FFAMED_NOTIF_FLAG_PER_VCPU, 0x2), FFAMED_RET_OK);
	assert_int_equal(fake_set(h, VM1, VM2, 0, 0x1), FFAMED_RET_OK);
	set_vcpu(h, VM1, VM2, 3, 0x2);
	(void)fake_get(h, VM2, 1, FFAMED_GET_FLAG_VM);
	assert_int_equal(fake_irq_lowered(h, VM2, 0, FAKE_NPI), 1);
	assert_int_equal(fake_irq_lowered(h, VM2, 3, FAKE_NPI), 0);
	(void)fake_get(h, VM2, 3, FFAMED_GET_FLAG_VM);
	assert_int_equal(fake_irq_lowered(h, VM2, 3, FAKE_NPI), 1);
}

/*
 * A VM that reads its own INFO_GET (FFAMED_VM_SRI_SELF) gets the SRI too,
 * once until it has been told everything; then the line goes down.
 */
static void test_sri_self(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	assert_int_equal(fake_vm_destroy(h, VM2), FFAMED_OK);
	h->vm_flags = FFAMED_VM_SRI_SELF;
	assert_int_equal(fake_vm_create(h, VM2, 4), FFAMED_OK);
	h->vm_flags = 0;
	assert_int_equal(fake_bind(h, VM2, VM1, 0, 0x3), FFAMED_RET_OK);
	assert_int_equal(fake_set(h, VM1, VM2, 0, 0x1), FFAMED_RET_OK);
	assert_int_equal(fake_set(h, VM1, VM2, 0, 0x2), FFAMED_RET_OK);
	assert_int_equal(fake_irq_count(h, VM2, 0, FAKE_NPI), 1);
	assert_int_equal(fake_irq_count(h, VM2, 0, FAKE_SRI), 1);
	assert_true(fake_line(h, VM2, 0, true));
	r = info_get(h, VM2, true);
	assert_int_equal(r.x[3], VM2);
	/* Told everything: the SRI line is lowered (level host). */
	assert_false(fake_line(h, VM2, 0, true));
	assert_int_equal(fake_irq_lowered(h, VM2, 0, FAKE_SRI), 1);
	/* Other VMs never get an SRI they were not promised. */
	assert_int_equal(fake_bind(h, VM1, VM2, 0, 0x1), FFAMED_RET_OK);
	assert_int_equal(fake_set(h, VM2, VM1, 0, 0x1), FFAMED_RET_OK);
	assert_int_equal(fake_irq_count(h, VM1, -1, FAKE_SRI), 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fixture_spmc, fixture_free)
#define N(f) cmocka_unit_test_setup_teardown(f, fixture_nospmc, fixture_free)
#define S(f) cmocka_unit_test_setup_teardown(f, fixture_sched, fixture_free)
	const struct CMUnitTest tests[] = {
		T(test_vm_to_vm_global), N(test_vm_to_vm_global),
		T(test_vm_to_vm_per_vcpu), N(test_vm_to_vm_per_vcpu),
		T(test_get_leaves_vcpu_reportable),
		T(test_info_get_vcpu_lists), N(test_info_get_vcpu_lists),
		T(test_info_get_more_pending),
		T(test_info_get_merges_local_and_secure),
		T(test_hyp_framework), N(test_hyp_framework),
		T(test_spm_framework),
		S(test_scheduler_vm),
		S(test_scheduler_gets_sp_vcpus),
		T(test_isolation), N(test_isolation),
		T(test_sender_is_an_id), N(test_sender_is_an_id),
		T(test_set_to_dying_receiver),
		T(test_level_lowering),
		T(test_sri_self),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
