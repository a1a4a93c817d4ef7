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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_destroy_step_budget,
						fixture_spmc, fixture_free),
		cmocka_unit_test_setup_teardown(test_get_sp_only_keeps_spm_silently,
						fixture_spmc, fixture_free),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
