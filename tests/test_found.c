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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_destroy_step_budget,
						fixture_spmc, fixture_free),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
