/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* INFO_GET id lists: encoder and decoder, against the spec's example. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ffamed_internal.h"

/* (0:[0,2,3]) (0:[4,6]) (2:[]) (3:[1]) */
static void build_spec_example(struct ffamed_info_lists *l, bool is64)
{
	static const uint16_t vcpus0[] = { 0, 2, 3, 4, 6 };

	ffamed_info_init(l, is64);
	for (unsigned int i = 0; i < 5; i++)
		assert_true(ffamed_info_add_vcpu(l, 0, vcpus0[i]));
	assert_true(ffamed_info_add_global(l, 2));
	assert_true(ffamed_info_add_vcpu(l, 3, 1));
}

static void test_encode_spec_example_32(void **state)
{
	struct ffamed_info_lists l;
	struct ffamed_regs r;

	(void)state;
	build_spec_example(&l, false);
	ffamed_info_encode(&l, false, &r);
	assert_int_equal(r.x[0], FFAMED_FID_SUCCESS_32);
	assert_int_equal(r.x[2], 0x0004B200);
	assert_int_equal(r.x[3], 0x00000000);
	assert_int_equal(r.x[4], 0x00030002);
	assert_int_equal(r.x[5], 0x00040000);
	assert_int_equal(r.x[6], 0x00020006);
	assert_int_equal(r.x[7], 0x00010003);
}

static void test_encode_spec_example_64(void **state)
{
	struct ffamed_info_lists l;
	struct ffamed_regs r;

	(void)state;
	build_spec_example(&l, true);
	ffamed_info_encode(&l, true, &r);
	assert_int_equal(r.x[0], FFAMED_FID_SUCCESS_64);
	assert_int_equal(r.x[2], 0x0004B200);
	assert_int_equal(r.x[3], 0x0003000200000000ULL);
	assert_int_equal(r.x[4], 0x0002000600040000ULL);
	assert_int_equal(r.x[5], 0x0000000000010003ULL);
	assert_int_equal(r.x[6], 0);
}

static void check_spec_lists(const struct ffamed_info_lists *l)
{
	static const uint16_t ids[] = { 0, 0, 2, 3, 0, 4, 6, 2, 3, 1 };
	static const uint8_t sizes[] = { 3, 2, 0, 1 };

	assert_int_equal(l->n_lists, 4);
	assert_int_equal(l->n_ids, 10);
	assert_memory_equal(l->ids, ids, sizeof(ids));
	assert_memory_equal(l->vcpus, sizes, sizeof(sizes));
	assert_false(l->more);
}

static void test_decode_spec_example(void **state)
{
	struct ffamed_regs r = { 0 };
	struct ffamed_info_lists l;

	(void)state;
	r.x[0] = FFAMED_FID_SUCCESS_32;
	r.x[2] = 0x0004B200;
	r.x[3] = 0x00000000;
	r.x[4] = 0x00030002;
	r.x[5] = 0x00040000;
	r.x[6] = 0x00020006;
	r.x[7] = 0x00010003;
	assert_true(ffamed_info_decode(&r, &l));
	check_spec_lists(&l);

	memset(&r, 0, sizeof(r));
	r.x[0] = FFAMED_FID_SUCCESS_64;
	r.x[2] = 0x0004B200;
	r.x[3] = 0x0003000200000000ULL;
	r.x[4] = 0x0002000600040000ULL;
	r.x[5] = 0x0000000000010003ULL;
	assert_true(ffamed_info_decode(&r, &l));
	check_spec_lists(&l);
}

/* Every id slot counts, the last one too (Linux 6.12 never reads it). */
static void test_decode_all_slots(void **state)
{
	struct ffamed_info_lists in, out;
	struct ffamed_regs r;

	(void)state;
	for (int w = 0; w < 2; w++) {
		const bool is64 = w == 1;
		const unsigned int max = is64 ? 20 : 10;

		ffamed_info_init(&in, is64);
		for (unsigned int i = 0; i < max; i++)
			assert_true(ffamed_info_add_global(&in, (uint16_t)(0x100 + i)));
		assert_false(ffamed_info_add_global(&in, 0x7777));
		assert_true(in.more);
		ffamed_info_encode(&in, is64, &r);
		assert_true(r.x[2] & FFAMED_INFO_MORE_PENDING);
		assert_true(ffamed_info_decode(&r, &out));
		assert_int_equal(out.n_lists, max);
		assert_int_equal(out.ids[max - 1], 0x100 + max - 1);
		assert_true(out.more);
	}
}

/* vCPU lists: the fourth vCPU starts a new list with the same id. */
static void test_vcpu_lists_split(void **state)
{
	struct ffamed_info_lists l;

	(void)state;
	ffamed_info_init(&l, true);
	for (uint16_t v = 0; v < 7; v++)
		assert_true(ffamed_info_add_vcpu(&l, 9, v));
	assert_int_equal(l.n_lists, 3);
	assert_int_equal(l.vcpus[0], 3);
	assert_int_equal(l.vcpus[1], 3);
	assert_int_equal(l.vcpus[2], 1);
	assert_int_equal(l.ids[0], 9);
	assert_int_equal(l.ids[4], 9);
	assert_int_equal(l.ids[8], 9);
	assert_int_equal(l.ids[9], 6);
	/* A global list in between is never extended with vCPUs. */
	assert_true(ffamed_info_add_global(&l, 5));
	assert_true(ffamed_info_add_vcpu(&l, 5, 1));
	assert_int_equal(l.n_lists, 5);
	assert_int_equal(l.vcpus[3], 0);
	assert_int_equal(l.vcpus[4], 1);
}

/* A list that does not fit is refused whole, without a partial write. */
static void test_encode_refuses_partial_list(void **state)
{
	struct ffamed_info_lists l;

	(void)state;
	ffamed_info_init(&l, false);
	for (unsigned int i = 0; i < 9; i++)
		assert_true(ffamed_info_add_global(&l, (uint16_t)(i + 1)));
	assert_false(ffamed_info_add_vcpu(&l, 0x20, 0));
	assert_int_equal(l.n_ids, 9);
	assert_true(ffamed_info_add_global(&l, 10));
	assert_int_equal(l.n_ids, 10);
}

/* Hostile SPMC replies: counts that overrun the slots are cut, not read. */
static void test_decode_overrun(void **state)
{
	struct ffamed_regs r = { 0 };
	struct ffamed_info_lists l;

	(void)state;
	r.x[0] = FFAMED_FID_SUCCESS_64;
	/* 31 lists of 3 vCPUs: 124 ids claimed, 20 slots. */
	r.x[2] = (31ULL << 7) | 0xFFFFFFFFFFFFF000ULL;
	r.x[3] = 0x0003000200010005ULL;
	r.x[4] = 0x0003000200010006ULL;
	assert_false(ffamed_info_decode(&r, &l));
	assert_int_equal(l.n_lists, 5);
	assert_int_equal(l.n_ids, 20);
	assert_int_equal(l.ids[0], 5);
	assert_int_equal(l.ids[4], 6);

	/* 32-bit reply: size fields beyond bit 31 do not exist. */
	memset(&r, 0, sizeof(r));
	r.x[0] = FFAMED_FID_SUCCESS_32;
	r.x[2] = (12ULL << 7) | 0xFFFFFFFF00000000ULL;
	assert_false(ffamed_info_decode(&r, &l));
	assert_true(l.n_ids <= 10);
	/* The upper half of x2 of a 32-bit reply is ignored. */
	assert_false(l.more);
}

static uint32_t rng = 12345;
static uint32_t next_rand(void)
{
	rng = rng * 1103515245U + 12345U;
	return rng >> 8;
}

static void test_roundtrip_random(void **state)
{
	struct ffamed_info_lists in, out;
	struct ffamed_regs r;

	(void)state;
	for (unsigned int iter = 0; iter < 2000; iter++) {
		const bool is64 = (iter & 1) != 0;

		ffamed_info_init(&in, is64);
		while (!in.more) {
			const uint16_t id = (uint16_t)(next_rand() % 4);

			if (next_rand() % 3 == 0)
				(void)ffamed_info_add_global(&in, id);
			else
				(void)ffamed_info_add_vcpu(&in, id,
							   (uint16_t)(next_rand() % 8));
		}
		ffamed_info_encode(&in, is64, &r);
		assert_true(ffamed_info_decode(&r, &out));
		assert_int_equal(out.n_lists, in.n_lists);
		assert_int_equal(out.n_ids, in.n_ids);
		assert_memory_equal(out.ids, in.ids, in.n_ids * sizeof(in.ids[0]));
		assert_memory_equal(out.vcpus, in.vcpus, in.n_lists);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_spec_example_32),
		cmocka_unit_test(test_encode_spec_example_64),
		cmocka_unit_test(test_decode_spec_example),
		cmocka_unit_test(test_decode_all_slots),
		cmocka_unit_test(test_vcpu_lists_split),
		cmocka_unit_test(test_encode_refuses_partial_list),
		cmocka_unit_test(test_decode_overrun),
		cmocka_unit_test(test_roundtrip_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
