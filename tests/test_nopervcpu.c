/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* The core built with FFAMED_PER_VCPU=0: per-vCPU requests are refused. */
#include "test_common.h"

static void test_per_vcpu_refused(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	assert_int_equal(fake_bind(h, VM2, VM1, FFAMED_NOTIF_FLAG_PER_VCPU, 0x1),
			 FFAMED_RET_INVALID_PARAMETERS);
	assert_int_equal(fake_bind(h, VM2, SP1, FFAMED_NOTIF_FLAG_PER_VCPU, 0x1),
			 FFAMED_RET_INVALID_PARAMETERS);
	assert_int_equal(model_find_vm(&h->model, VM2)->bound, 0);
	assert_int_equal(fake_bind(h, VM2, VM1, 0, 0x1), FFAMED_RET_OK);
	assert_int_equal(fake_set(h, VM1, VM2, FFAMED_NOTIF_FLAG_PER_VCPU, 0x1),
			 FFAMED_RET_INVALID_PARAMETERS);
	assert_int_equal(fake_set(h, VM1, VM2, 0, 0x1), FFAMED_RET_OK);
	r = fake_get(h, VM2, 2, FFAMED_GET_FLAG_VM);
	assert_int_equal(fake_bitmap(&r, 4), 0x1);
	/* FF-A v1.3 feature id 4 says so: neither VMs nor SPs per-vCPU. */
	r = fake_call(h, VM2, FFAMED_FID_FEATURES, FFAMED_FEAT_NOTIF, 0, 0, 0);
	assert_int_equal(r.x[0], FFAMED_FID_SUCCESS_32);
	assert_int_equal(r.x[2], FFAMED_FEAT_NOTIF_NO_VM_PER_VCPU |
				 FFAMED_FEAT_NOTIF_NO_SP_PER_VCPU);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_per_vcpu_refused, fixture_spmc, fixture_free),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
