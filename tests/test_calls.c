/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Validation of each guest call: every bad register gets the spec's code. */
#include <limits.h>

#include "test_common.h"

static void test_not_mine(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r = { .x = { 0x84000070U, 1, 2, 3 } };
	const struct ffamed_regs before = r;

	assert_int_equal(fake_call_regs(h, VM1, &r), FFAMED_NOT_MINE);
	assert_memory_equal(&r, &before, sizeof(r));
	/* FFA_FEATURES for something else is the host's to answer. */
	r = (struct ffamed_regs){ .x = { FFAMED_FID_FEATURES, 0x84000070U } };
	assert_int_equal(fake_call_regs(h, VM1, &r), FFAMED_NOT_MINE);
	r = (struct ffamed_regs){ .x = { FFAMED_FID_FEATURES, FFAMED_FEAT_MANAGED_EXIT } };
	assert_int_equal(fake_call_regs(h, VM1, &r), FFAMED_NOT_MINE);
}

static void test_sve_hint_masked(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r = {
		.x = { FFAMED_FID_NOTIF_INFO_GET_64 | FFAMED_SMCCC_SVE_HINT },
	};

	assert_int_equal(fake_call_regs(h, VM1, &r), FFAMED_HANDLED);
	assert_int_equal(fake_status(&r), FFAMED_RET_NO_DATA);
}

static void test_features(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	r = fake_call(h, VM1, FFAMED_FID_FEATURES, FFAMED_FEAT_NPI, 0, 0, 0);
	assert_int_equal(r.x[0], FFAMED_FID_SUCCESS_32);
	assert_int_equal(r.x[2], FAKE_NPI);
	/* The SRI is only advertised where it is injected: not to VM1. */
	r = fake_call(h, VM1, FFAMED_FID_FEATURES, FFAMED_FEAT_SRI, 0, 0, 0);
	assert_int_equal(fake_status(&r), FFAMED_RET_NOT_SUPPORTED);
	/* FF-A v1.3 notification features: everything per-vCPU works. */
	r = fake_call(h, VM1, FFAMED_FID_FEATURES, FFAMED_FEAT_NOTIF, 0, 0, 0);
	assert_int_equal(r.x[0], FFAMED_FID_SUCCESS_32);
	assert_int_equal(r.x[2], 0);
	/* A VM libffamed does not serve is promised nothing. */
	r = fake_call(h, 0x42, FFAMED_FID_FEATURES, FFAMED_FEAT_NPI, 0, 0, 0);
	assert_int_equal(fake_status(&r), FFAMED_RET_NOT_SUPPORTED);
	r = fake_call(h, 0x42, FFAMED_FID_FEATURES, FFAMED_FID_NOTIF_BIND, 0, 0, 0);
	assert_int_equal(fake_status(&r), FFAMED_RET_NOT_SUPPORTED);
	r = fake_call(h, VM1, FFAMED_FID_FEATURES, FFAMED_FEAT_NPI, 1, 0, 0);
	assert_int_equal(fake_status(&r), FFAMED_RET_NOT_SUPPORTED);
	r = fake_call(h, VM1, FFAMED_FID_FEATURES, FFAMED_FID_NOTIF_INFO_GET_64, 0, 0, 0);
	assert_int_equal(r.x[0], FFAMED_FID_SUCCESS_32);
	r = fake_call(h, VM1, FFAMED_FID_FEATURES, FFAMED_FID_NOTIF_BIND, 0, 0, 0);
	assert_int_equal(r.x[0], FFAMED_FID_SUCCESS_32);
	r = fake_call(h, VM1, FFAMED_FID_FEATURES, FFAMED_FID_NOTIF_BITMAP_CREATE, 0, 0, 0);
	assert_int_equal(fake_status(&r), FFAMED_RET_NOT_SUPPORTED);
}

static void test_bitmap_calls_refused_for_guests(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	r = fake_call(h, VM1, FFAMED_FID_NOTIF_BITMAP_CREATE, VM1, 2, 0, 0);
	assert_int_equal(fake_status(&r), FFAMED_RET_NOT_SUPPORTED);
	r = fake_call(h, VM1, FFAMED_FID_NOTIF_BITMAP_DESTROY, VM2, 0, 0, 0);
	assert_int_equal(fake_status(&r), FFAMED_RET_NOT_SUPPORTED);
	/* VM 2's SPMC bitmap is untouched. */
	assert_non_null(model_find_vm(&h->model, VM2));
}

/* Every notification call from id, each valid but for who calls. */
static void assert_no_service(struct fake_host *h, uint16_t id)
{
	static const uint32_t calls[] = {
		FFAMED_FID_NOTIF_BIND, FFAMED_FID_NOTIF_UNBIND,
		FFAMED_FID_NOTIF_SET, FFAMED_FID_NOTIF_GET,
		FFAMED_FID_NOTIF_INFO_GET_32, FFAMED_FID_NOTIF_INFO_GET_64,
	};

	for (unsigned int i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		struct ffamed_regs r = { .x = { calls[i], 0, 0, 1 } };

		if (calls[i] == FFAMED_FID_NOTIF_SET)
			r.x[1] = (uint32_t)id << 16 | VM1;
		else if (calls[i] == FFAMED_FID_NOTIF_GET)
			r.x[1] = id;
		else if (calls[i] != FFAMED_FID_NOTIF_INFO_GET_32 &&
			 calls[i] != FFAMED_FID_NOTIF_INFO_GET_64)
			r.x[1] = (uint32_t)SP1 << 16 | id;
		assert_int_equal(fake_call_regs(h, id, &r), FFAMED_HANDLED);
		assert_int_equal(fake_status(&r), FFAMED_RET_NOT_SUPPORTED);
	}
}

static void test_no_state_no_service(void **state)
{
	struct fake_host *h = *state;

	/* A VM the host never gave to libffamed. */
	assert_no_service(h, 0x42);
	/* A VM the host still finds, but destroyed. */
	assert_int_equal(ffamed_vm_destroy(&h->med, fake_vm_find(h, VM2)->st), FFAMED_OK);
	assert_no_service(h, VM2);
}

static void test_bind_validation(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	/* Acting as another receiver. */
	r = fake_call(h, VM1, FFAMED_FID_NOTIF_BIND, (uint32_t)SP1 << 16 | VM2, 0, 1, 0);
	assert_int_equal(fake_status(&r), FFAMED_RET_INVALID_PARAMETERS);
	assert_int_equal(fake_bind(h, VM1, SP1, 0x4, 1), FFAMED_RET_INVALID_PARAMETERS);
	assert_int_equal(fake_bind(h, VM1, SP1, 0x80000000U, 1), FFAMED_RET_INVALID_PARAMETERS);
	assert_int_equal(fake_bind(h, VM1, SP1, 0, 0), FFAMED_RET_INVALID_PARAMETERS);
	assert_int_equal(fake_bind(h, VM1, VM1, 0, 1), FFAMED_RET_INVALID_PARAMETERS);
	assert_int_equal(fake_bind(h, VM1, 0, 0, 1), FFAMED_RET_INVALID_PARAMETERS);
	assert_int_equal(fake_bind(h, VM1, 0x55, 0, 1), FFAMED_RET_INVALID_PARAMETERS);
	/* Unknown SP: the SPMC's answer. */
	assert_int_equal(fake_bind(h, VM1, 0x8077, 0, 1), FFAMED_RET_INVALID_PARAMETERS);
	assert_int_equal(h->model.vms[0].bound, 0);
}

/* Bits 31:0 in w3, 63:32 in w4 (the v5 seed swapped them). */
static void test_bind_sp_halves(void **state)
{
	struct fake_host *h = *state;
	const uint64_t bm = 1ULL << 0 | 1ULL << 40;
	struct model_rx *rx = model_find_vm(&h->model, VM1);

	assert_int_equal(fake_bind(h, VM1, SP1, 0, bm), FFAMED_RET_OK);
	assert_int_equal(rx->bound, bm);
	assert_int_equal(rx->sender[40], SP1);
	assert_int_equal(fake_bind(h, VM1, SP2, 0, 1ULL << 40), FFAMED_RET_DENIED);
	assert_int_equal(fake_unbind(h, VM1, SP2, bm), FFAMED_RET_DENIED);
	assert_int_equal(fake_unbind(h, VM1, SP1, 1ULL << 40), FFAMED_RET_OK);
	assert_int_equal(rx->bound, 1);
}

static void test_unbind_validation(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	assert_int_equal(fake_bind(h, VM2, VM1, 0, 0x6), FFAMED_RET_OK);
	r = fake_call(h, VM2, FFAMED_FID_NOTIF_UNBIND, (uint32_t)VM1 << 16 | VM2, 1, 0x6, 0);
	assert_int_equal(fake_status(&r), FFAMED_RET_INVALID_PARAMETERS);
	assert_int_equal(fake_unbind(h, VM2, VM1, 0), FFAMED_RET_INVALID_PARAMETERS);
	assert_int_equal(fake_unbind(h, VM2, VM3, 0x6), FFAMED_RET_DENIED);
	assert_int_equal(fake_unbind(h, VM2, VM1, 0xE), FFAMED_RET_DENIED);
	/* Pending bits cannot be unbound. */
	assert_int_equal(fake_set(h, VM1, VM2, 0, 0x2), FFAMED_RET_OK);
	assert_int_equal(fake_unbind(h, VM2, VM1, 0x6), FFAMED_RET_DENIED);
	r = fake_get(h, VM2, 0, FFAMED_GET_FLAG_VM);
	assert_int_equal(fake_bitmap(&r, 4), 0x2);
	assert_int_equal(fake_unbind(h, VM2, VM1, 0x6), FFAMED_RET_OK);
	assert_int_equal(fake_set(h, VM1, VM2, 0, 0x2), FFAMED_RET_DENIED);
}

static void test_bind_vm_conflicts(void **state)
{
	struct fake_host *h = *state;

	assert_int_equal(fake_bind(h, VM2, VM1, 0, 0x1), FFAMED_RET_OK);
	assert_int_equal(fake_bind(h, VM2, VM3, 0, 0x3), FFAMED_RET_DENIED);
	assert_int_equal(fake_bind(h, VM2, VM1, 0, 0x1), FFAMED_RET_DENIED);
	/* The SP bitmap is separate: the same bit may have an SP sender. */
	assert_int_equal(fake_bind(h, VM2, SP1, 0, 0x1), FFAMED_RET_OK);
	/* Pending bit cannot be rebound. */
	assert_int_equal(fake_set(h, VM1, VM2, 0, 0x1), FFAMED_RET_OK);
	assert_int_equal(fake_unbind(h, VM2, VM1, 0x1), FFAMED_RET_DENIED);
}

static void test_set_validation(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	assert_int_equal(fake_bind(h, VM2, VM1, 0, 0x1), FFAMED_RET_OK);
	assert_int_equal(fake_bind(h, VM2, VM1, FFAMED_NOTIF_FLAG_PER_VCPU, 0x2), FFAMED_RET_OK);
	/* Sending as somebody else. */
	r = fake_call(h, VM3, FFAMED_FID_NOTIF_SET, (uint32_t)VM1 << 16 | VM2, 0, 1, 0);
	assert_int_equal(fake_status(&r), FFAMED_RET_INVALID_PARAMETERS);
	assert_int_equal(fake_set(h, VM1, VM2, 0x4, 0x1), FFAMED_RET_INVALID_PARAMETERS);
	assert_int_equal(fake_set(h, VM1, VM2, 0x8000, 0x1), FFAMED_RET_INVALID_PARAMETERS);
	assert_int_equal(fake_set(h, VM1, VM2, 1U << 16, 0x1), FFAMED_RET_INVALID_PARAMETERS);
	assert_int_equal(fake_set(h, VM1, VM2, 0, 0), FFAMED_RET_INVALID_PARAMETERS);
	assert_int_equal(fake_set(h, VM1, VM1, 0, 0x1), FFAMED_RET_INVALID_PARAMETERS);
	assert_int_equal(fake_set(h, VM1, 0, 0, 0x1), FFAMED_RET_INVALID_PARAMETERS);
	assert_int_equal(fake_set(h, VM1, 0x66, 0, 0x1), FFAMED_RET_INVALID_PARAMETERS);
	assert_int_equal(fake_set(h, VM3, VM2, 0, 0x1), FFAMED_RET_DENIED);
	assert_int_equal(fake_set(h, VM1, VM2, 0, 0x4), FFAMED_RET_DENIED);
	assert_int_equal(fake_set(h, VM1, VM2, 0, 0x3), FFAMED_RET_INVALID_PARAMETERS);
	assert_int_equal(fake_set(h, VM1, VM2, FFAMED_NOTIF_FLAG_PER_VCPU, 0x1),
			 FFAMED_RET_INVALID_PARAMETERS);
	assert_int_equal(fake_set(h, VM1, VM2, FFAMED_NOTIF_FLAG_PER_VCPU | 4U << 16, 0x2),
			 FFAMED_RET_INVALID_PARAMETERS);
	assert_int_equal(fake_set(h, VM1, VM2, FFAMED_NOTIF_FLAG_PER_VCPU | 3U << 16, 0x2),
			 FFAMED_RET_OK);
	/* Nothing the failed calls did is visible. */
	r = fake_get(h, VM2, 3, FFAMED_GET_FLAGS_ALL);
	assert_int_equal(fake_bitmap(&r, 4), 0x2);
	assert_int_equal(fake_bitmap(&r, 2), 0);
}

/* Delay-SRI from the normal world is stripped, never forwarded raw. */
static void test_set_to_sp_strips_delay_sri(void **state)
{
	struct fake_host *h = *state;

	assert_int_equal(model_sp_bind(&h->model, SP1, VM1, 1ULL << 33, false), 0);
	assert_int_equal(fake_set(h, VM1, SP1, FFAMED_NOTIF_FLAG_DELAY_SRI, 1ULL << 33),
			 FFAMED_RET_OK);
	assert_int_equal(model_sp_get(&h->model, SP1, 0), 1ULL << 33);
	/* Not bound in the SPMC: its DENIED comes back. */
	assert_int_equal(fake_set(h, VM2, SP1, 0, 1ULL << 33), FFAMED_RET_DENIED);
}

static void test_get_validation(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	r = fake_call(h, VM1, FFAMED_FID_NOTIF_GET, VM2, FFAMED_GET_FLAG_SP, 0, 0);
	assert_int_equal(fake_status(&r), FFAMED_RET_INVALID_PARAMETERS);
	r = fake_get(h, VM1, 2, FFAMED_GET_FLAG_SP);
	assert_int_equal(fake_status(&r), FFAMED_RET_INVALID_PARAMETERS);
	r = fake_get(h, VM1, 0, 0x10);
	assert_int_equal(fake_status(&r), FFAMED_RET_INVALID_PARAMETERS);
	r = fake_get(h, VM1, 1, FFAMED_GET_FLAGS_ALL);
	assert_int_equal(r.x[0], FFAMED_FID_SUCCESS_32);
	for (unsigned int i = 2; i < 8; i++)
		assert_int_equal(r.x[i], 0);
}

static void test_info_get_widths(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	r = info_get(h, VM1, false);
	assert_int_equal(fake_status(&r), FFAMED_RET_NO_DATA);
	assert_int_equal(fake_bind(h, VM1, VM2, 0, 1), FFAMED_RET_OK);
	assert_int_equal(fake_set(h, VM2, VM1, 0, 1), FFAMED_RET_OK);
	r = info_get(h, VM1, false);
	assert_int_equal(r.x[0], FFAMED_FID_SUCCESS_32);
	assert_int_equal(r.x[2], 1U << FFAMED_INFO_LIST_COUNT_SHIFT);
	assert_int_equal(r.x[3], VM1);
	/* Reported once. */
	r = info_get(h, VM1, true);
	assert_int_equal(fake_status(&r), FFAMED_RET_NO_DATA);
	/* Until a GET that leaves something, or new pending state. */
	assert_int_equal(fake_set(h, VM2, VM1, 0, 1), FFAMED_RET_OK);
	r = info_get(h, VM1, true);
	assert_int_equal(r.x[0], FFAMED_FID_SUCCESS_64);
	assert_int_equal(r.x[3], VM1);
}

static int vm_init(struct fake_host *h, struct ffamed_vm *vm, uint16_t id,
		   uint16_t vcpus, struct ffamed_vcpu *vc, uint32_t flags)
{
	const struct ffamed_vm_params p = { .id = id, .vcpu_count = vcpus,
					    .flags = flags, .vcpus = vc };

	return ffamed_vm_init(&h->med, vm, &p);
}

/* Host-API errors are not FF-A statuses, and each has a name. */
static void test_init_validation(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_vcpu vc[2];
	struct ffamed_vm vm;
	struct ffamed med;
	const struct ffamed_ops none = { 0 };
	const struct ffamed_config cfg = { 0 };
	const struct ffamed_config bad_sched = { .sched_vm_id = 0x8001 };
	const struct ffamed_config no_map = { .sched_vm_id = 5 };

	assert_int_equal(vm_init(h, &vm, 0, 1, vc, 0), -FFAMED_ERR_INVAL);
	assert_int_equal(vm_init(h, &vm, 0x8005, 1, vc, 0), -FFAMED_ERR_INVAL);
	assert_int_equal(vm_init(h, &vm, 9, 0, vc, 0), -FFAMED_ERR_INVAL);
	assert_int_equal(vm_init(h, &vm, 9, 0xFFFF, vc, 0), -FFAMED_ERR_INVAL);
	assert_int_equal(vm_init(h, &vm, 9, 1, NULL, 0), -FFAMED_ERR_INVAL);
	assert_int_equal(vm_init(h, &vm, 9, 1, vc, 0x80), -FFAMED_ERR_INVAL);
	assert_int_equal(ffamed_vm_init(&h->med, &vm, NULL), -FFAMED_ERR_INVAL);
	assert_int_equal(ffamed_init(&med, &none, NULL, &cfg), -FFAMED_ERR_INVAL);
	assert_int_equal(ffamed_init(&med, &h->ops, NULL, &bad_sched), -FFAMED_ERR_INVAL);
	assert_int_equal(ffamed_init(&med, &h->ops, NULL, &no_map), -FFAMED_ERR_INVAL);
	assert_int_equal(ffamed_init_abi(&med, &h->ops, NULL, &cfg, FFAMED_ABI_WORD ^ 4U),
			 -FFAMED_ERR_ABI);
	assert_int_equal(ffamed_vm_destroy(&h->med, NULL), -FFAMED_ERR_INVAL);
	assert_int_equal(fake_vm_destroy(h, VM3), FFAMED_OK);
	assert_int_equal(fake_vm_destroy(h, VM3), -FFAMED_ERR_INVAL);
	assert_string_equal(ffamed_strerror(-FFAMED_ERR_BUSY),
			    "VM id in use or still being destroyed");
	assert_string_equal(ffamed_strerror(0), "success");
	assert_string_equal(ffamed_strerror(-99), "unknown error");
	/* Its negation does not fit an int: no overflow (UBSan in the asan stage). */
	assert_string_equal(ffamed_strerror(INT_MIN), "unknown error");
	assert_string_equal(ffamed_strerror(INT_MAX), "unknown error");
}

static void test_id_helpers(void **state)
{
	uint16_t id = 0;
	uint32_t num = 0;

	(void)state;
	assert_true(ffamed_vm_id_from_host(0, 1, &id));
	assert_int_equal(id, 1);
	assert_false(ffamed_vm_id_from_host(0, 0, &id));
	assert_false(ffamed_vm_id_from_host(0x7FFF, 1, &id));
	assert_false(ffamed_vm_id_from_host(0xFFFFFFFFU, 2, &id));
	assert_true(ffamed_host_from_vm_id(5, 1, &num));
	assert_int_equal(num, 4);
	assert_false(ffamed_host_from_vm_id(0, 0, &num));
	assert_false(ffamed_host_from_vm_id(0x8001, 1, &num));
	assert_false(ffamed_host_from_vm_id(1, 2, &num));
	assert_true(ffamed_id_is_sp(0x8000));
	assert_false(ffamed_id_is_vm(0));
	assert_true(ffamed_id_is_vm(0x7FFF));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_not_mine, fixture_spmc, fixture_free),
		cmocka_unit_test_setup_teardown(test_sve_hint_masked, fixture_spmc, fixture_free),
		cmocka_unit_test_setup_teardown(test_features, fixture_spmc, fixture_free),
		cmocka_unit_test_setup_teardown(test_bitmap_calls_refused_for_guests, fixture_spmc, fixture_free),
		cmocka_unit_test_setup_teardown(test_no_state_no_service, fixture_spmc, fixture_free),
		cmocka_unit_test_setup_teardown(test_bind_validation, fixture_spmc, fixture_free),
		cmocka_unit_test_setup_teardown(test_bind_sp_halves, fixture_spmc, fixture_free),
		cmocka_unit_test_setup_teardown(test_unbind_validation, fixture_spmc, fixture_free),
		cmocka_unit_test_setup_teardown(test_bind_vm_conflicts, fixture_spmc, fixture_free),
		cmocka_unit_test_setup_teardown(test_set_validation, fixture_spmc, fixture_free),
		cmocka_unit_test_setup_teardown(test_set_to_sp_strips_delay_sri, fixture_spmc, fixture_free),
		cmocka_unit_test_setup_teardown(test_get_validation, fixture_spmc, fixture_free),
		cmocka_unit_test_setup_teardown(test_info_get_widths, fixture_spmc, fixture_free),
		cmocka_unit_test_setup_teardown(test_info_get_widths, fixture_nospmc, fixture_free),
		cmocka_unit_test_setup_teardown(test_init_validation, fixture_spmc, fixture_free),
		cmocka_unit_test(test_id_helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
