/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Defects in the core found by the fuzzer and the model (fuzz/, verify/),
 * one minimal reproducer each; they fail until the core is fixed.
 */
#include "test_common.h"

/*
 * ffamed_vm_destroy() promises at most FFAMED_DESTROY_STEP_SMCS SMCs per
 * call. With an SPMC that keeps answering DENIED and no SP binding left to
 * unbind, each round is drain + DESTROY, and the DESTROY after "nothing to
 * unbind" is not charged to the budget (vm.c: "budget++; that made no SMC"),
 * so a 1-vCPU VM makes two SMCs per unit of budget.
 */
static void test_destroy_step_budget(void **state)
{
	struct fake_host *h = *state;
	unsigned int calls;
	int ret;

	h->model.destroy_denials = 1000;
	calls = h->model.calls;
	ret = fake_vm_destroy_step(h, VM3); /* 1 vCPU */
	calls = h->model.calls - calls;
	assert_int_equal(ret, -FFAMED_ERR_AGAIN);
	assert_true(calls <= FFAMED_DESTROY_STEP_SMCS);
	h->model.destroy_denials = 0;
	while (fake_vm_destroy_step(h, VM3) == -FFAMED_ERR_AGAIN)
		;
}

/*
 * A GET that asks for the SP bitmap but not the SPM one takes the SPM bits
 * from the SPMC too (get.c) and keeps them for later. If no INFO_GET had
 * listed them yet, nobody will: the SPMC no longer has them, and the core
 * raises no NPI for what it now holds, so the guest is never told.
 */
static void test_get_sp_only_keeps_spm_silently(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	assert_int_equal(model_spm_set(&h->model, VM1, 1U << 3), FFAMED_RET_OK);
	fake_irq_clear(h);
	r = fake_get(h, VM1, 0, FFAMED_GET_FLAG_SP);
	assert_int_equal(fake_status(&r), FFAMED_RET_OK);
	/* The SPMC has nothing left to list: only an NPI can tell the guest. */
	assert_true(fake_irq_count(h, VM1, -1, FAKE_NPI) > 0);
	r = fake_get(h, VM1, 0, FFAMED_GET_FLAG_SPM);
	assert_int_equal((uint32_t)r.x[6], 1U << 3);
}

/*
 * The scheduler VM with FFAMED_VM_SRI_SELF got two SRIs: its own (for its
 * own notifications, raised on its NPI carrier) and the scheduler's (raised
 * on its first online vCPU); its INFO_GET took the scheduler path and lowered
 * only the scheduler's. Fixed: the scheduler VM's SRI is the scheduler's,
 * SRI_SELF is ignored for it, and one INFO_GET that reads everything leaves
 * no SRI line up.
 */
static void test_sched_sri_self_left_up(void **state)
{
	const struct ffamed_config cfg = {
		.npi_intid = FAKE_NPI, .sri_intid = FAKE_SRI, .sched_vm_id = VM1,
	};
	struct fake_host *h = calloc(1, sizeof(*h));
	struct ffamed_regs r;

	(void)state;
	assert_non_null(h);
	fake_host_init(h, true, &cfg);
	assert_int_equal(fake_host_start(h), FFAMED_OK);
	h->vm_flags = FFAMED_VM_SRI_SELF;
	assert_int_equal(fake_vm_create(h, VM1, 2), FFAMED_OK);
	h->vm_flags = 0;
	assert_int_equal(fake_vm_create(h, VM2, 1), FFAMED_OK);

	/* Work for the scheduler: its SRI goes to its vCPU 0. */
	assert_int_equal(ffamed_raise_hyp_framework(&h->med, VM2, 1), FFAMED_OK);
	assert_true(fake_line(h, VM1, 0, true));
	/* vCPU 0 goes offline; the scheduler's own notification: no second SRI. */
	fake_vm_find(h, VM1)->offline[0] = true;
	assert_int_equal(ffamed_raise_hyp_framework(&h->med, VM1, 1), FFAMED_OK);
	assert_false(fake_line(h, VM1, 1, true));
	assert_int_equal(fake_irq_count(h, VM1, -1, FAKE_SRI), 1);

	/* It reads everything, its own lists among them. */
	do {
		r = info_get(h, VM1, true);
	} while (fake_status(&r) == FFAMED_RET_OK && (r.x[2] & 1U) != 0U);
	assert_false(fake_line(h, VM1, 0, true));
	assert_false(fake_line(h, VM1, 1, true));
	fake_host_fini(h);
	free(h);
}

/*
 * A destroy that gave up keeps the slot's bindings for the reclaim at the
 * next init of the id (vm.c: give_up, reclaim). But reclaim() forgets that
 * record before it knows whether the reclaim worked: if the SPMC refuses
 * once more (an SP still busy), the bindings are gone, and with an SPMC
 * that refuses DESTROY while bits are bound (OP-TEE) every later init of the
 * id fails: the id is lost for good, as in item 7 of the issue.
 */
/* An SP that sets the bit again between the reclaim's drain and its UNBIND. */
static bool hook_unbind_denied(struct fake_host *h, const struct ffamed_regs *in,
			       struct ffamed_regs *out)
{
	unsigned int *left = h->hook_data;

	if ((uint32_t)in->x[0] != FFAMED_FID_NOTIF_UNBIND || *left == 0)
		return false;
	(*left)--;
	memset(out, 0, sizeof(*out));
	out->x[0] = FFAMED_FID_ERROR;
	out->x[2] = (uint32_t)FFAMED_RET_DENIED;
	return true;
}

static void test_failed_reclaim_forgets_bindings(void **state)
{
	struct fake_host *h = *state;
	unsigned int unbind_denials = 0;
	int ret;

	h->model.deny_destroy_if_bound = true;
	assert_int_equal(fake_bind(h, VM3, SP1, 0, 1U << 4), FFAMED_RET_OK);
	/* An SP keeps the bit busy through every round: destroy gives up. */
	h->hook = hook_unbind_denied;
	h->hook_data = &unbind_denials;
	unbind_denials = 1000;
	assert_int_equal(fake_vm_destroy(h, VM3), -FFAMED_ERR_LEAKED);
	/* The first init after it: the SP is still busy once more. */
	unbind_denials = 1;
	ret = fake_vm_create(h, VM3, 1);
	h->hook = NULL;
	if (ret == FFAMED_OK) /* a core that retries on its own: fine too */
		return;
	assert_int_equal(ret, -FFAMED_ERR_SPMC);
	/* The SP is done: the next init must get the id back. */
	assert_int_equal(fake_vm_create(h, VM3, 1), FFAMED_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_destroy_step_budget,
						fixture_spmc, fixture_free),
		cmocka_unit_test_setup_teardown(test_get_sp_only_keeps_spm_silently,
						fixture_spmc, fixture_free),
		cmocka_unit_test(test_sched_sri_self_left_up),
		cmocka_unit_test_setup_teardown(test_failed_reclaim_forgets_bindings,
						fixture_spmc, fixture_free),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
