/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* INFO_GET id lists: the reply builder and the SPMC-reply reader, against the spec's example. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "info_list.h"

/* What the reader found: lists flattened as in the reply. */
struct decoded {
	uint16_t ids[20];
	uint8_t sizes[20];
	unsigned int n_ids, n_lists;
	bool more, malformed;
};

static void decode(const struct ffamed_regs *r, struct decoded *d)
{
	struct ffamed_info_iter it;
	uint16_t id, vcpus[3];
	int n;

	memset(d, 0, sizeof(*d));
	d->more = ffamed_info_iter_start(&it, r);
	while ((n = ffamed_info_iter_next(&it, &id, vcpus)) >= 0) {
		assert_true(d->n_ids + 1U + (unsigned int)n <= 20U);
		d->ids[d->n_ids++] = id;
		for (int j = 0; j < n; j++)
			d->ids[d->n_ids++] = vcpus[j];
		d->sizes[d->n_lists++] = (uint8_t)n;
	}
	d->malformed = n == FFAMED_INFO_MALFORMED;
}

/* (0:[0,2,3]) (0:[4,6]) (2:[]) (3:[1]) */
static void build_spec_example(struct ffamed_regs *r, bool is64)
{
	static const uint16_t vcpus0[] = { 0, 2, 3, 4, 6 };
	struct ffamed_info l;

	ffamed_info_start(&l, r, is64);
	for (unsigned int i = 0; i < 5; i++)
		assert_true(ffamed_info_add_vcpu(&l, 0, vcpus0[i]));
	assert_true(ffamed_info_add_global(&l, 2));
	assert_true(ffamed_info_add_vcpu(&l, 3, 1));
	ffamed_info_finish(&l, is64);
}

static void test_encode_spec_example_32(void **state)
{
	struct ffamed_regs r;

	(void)state;
	build_spec_example(&r, false);
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
	struct ffamed_regs r;

	(void)state;
	build_spec_example(&r, true);
	assert_int_equal(r.x[0], FFAMED_FID_SUCCESS_64);
	assert_int_equal(r.x[2], 0x0004B200);
	assert_int_equal(r.x[3], 0x0003000200000000ULL);
	assert_int_equal(r.x[4], 0x0002000600040000ULL);
	assert_int_equal(r.x[5], 0x0000000000010003ULL);
	assert_int_equal(r.x[6], 0);
	assert_int_equal(r.x[7], 0);
}

static void test_encode_nothing_is_no_data(void **state)
{
	struct ffamed_info l;
	struct ffamed_regs r;

	(void)state;
	ffamed_info_start(&l, &r, true);
	ffamed_info_finish(&l, true);
	assert_int_equal(r.x[0], FFAMED_FID_ERROR);
	assert_int_equal((int32_t)r.x[2], FFAMED_RET_NO_DATA);
}

static void check_spec_lists(const struct decoded *d)
{
	static const uint16_t ids[] = { 0, 0, 2, 3, 0, 4, 6, 2, 3, 1 };
	static const uint8_t sizes[] = { 3, 2, 0, 1 };

	assert_int_equal(d->n_lists, 4);
	assert_int_equal(d->n_ids, 10);
	assert_memory_equal(d->ids, ids, sizeof(ids));
	assert_memory_equal(d->sizes, sizes, sizeof(sizes));
	assert_false(d->more);
	assert_false(d->malformed);
}

static void test_decode_spec_example(void **state)
{
	struct ffamed_regs r = { 0 };
	struct decoded d;

	(void)state;
	r.x[0] = FFAMED_FID_SUCCESS_32;
	r.x[2] = 0x0004B200;
	r.x[3] = 0x00000000;
	r.x[4] = 0x00030002;
	r.x[5] = 0x00040000;
	r.x[6] = 0x00020006;
	r.x[7] = 0x00010003;
	decode(&r, &d);
	check_spec_lists(&d);

	memset(&r, 0, sizeof(r));
	r.x[0] = FFAMED_FID_SUCCESS_64;
	r.x[2] = 0x0004B200;
	r.x[3] = 0x0003000200000000ULL;
	r.x[4] = 0x0002000600040000ULL;
	r.x[5] = 0x0000000000010003ULL;
	decode(&r, &d);
	check_spec_lists(&d);
}

/* Every id slot counts, the last one too (Linux 6.12 never reads it). */
static void test_decode_all_slots(void **state)
{
	struct ffamed_info l;
	struct ffamed_regs r;
	struct decoded d;

	(void)state;
	for (int w = 0; w < 2; w++) {
		const bool is64 = w == 1;
		const unsigned int max = is64 ? 20 : 10;

		ffamed_info_start(&l, &r, is64);
		for (unsigned int i = 0; i < max; i++)
			assert_true(ffamed_info_add_global(&l, (uint16_t)(0x100 + i)));
		assert_false(ffamed_info_add_global(&l, 0x7777));
		assert_true(l.more);
		ffamed_info_finish(&l, is64);
		assert_true(r.x[2] & FFAMED_INFO_MORE_PENDING);
		decode(&r, &d);
		assert_int_equal(d.n_lists, max);
		assert_int_equal(d.ids[max - 1], 0x100 + max - 1);
		assert_true(d.more);
	}
}

/* vCPU lists: the fourth vCPU starts a new list with the same id. */
static void test_vcpu_lists_split(void **state)
{
	struct ffamed_info l;
	struct ffamed_regs r;
	struct decoded d;

	(void)state;
	ffamed_info_start(&l, &r, true);
	for (uint16_t v = 0; v < 7; v++)
		assert_true(ffamed_info_add_vcpu(&l, 9, v));
	/* A global list in between is never extended with vCPUs. */
	assert_true(ffamed_info_add_global(&l, 5));
	assert_true(ffamed_info_add_vcpu(&l, 5, 1));
	ffamed_info_finish(&l, true);
	decode(&r, &d);
	assert_int_equal(d.n_lists, 5);
	assert_int_equal(d.sizes[0], 3);
	assert_int_equal(d.sizes[1], 3);
	assert_int_equal(d.sizes[2], 1);
	assert_int_equal(d.sizes[3], 0);
	assert_int_equal(d.sizes[4], 1);
	assert_int_equal(d.ids[0], 9);
	assert_int_equal(d.ids[4], 9);
	assert_int_equal(d.ids[8], 9);
	assert_int_equal(d.ids[9], 6);
	assert_int_equal(d.ids[10], 5);
}

/* A list that does not fit is refused whole, without a partial write. */
static void test_encode_refuses_partial_list(void **state)
{
	struct ffamed_info l;
	struct ffamed_regs r;

	(void)state;
	ffamed_info_start(&l, &r, false);
	for (unsigned int i = 0; i < 9; i++)
		assert_true(ffamed_info_add_global(&l, (uint16_t)(i + 1)));
	assert_false(ffamed_info_add_vcpu(&l, 0x20, 0));
	assert_int_equal(l.n_ids, 9);
	assert_int_equal(r.x[7] >> 16, 0);
	assert_true(ffamed_info_add_global(&l, 10));
	assert_int_equal(l.n_ids, 10);
}

/* Hostile SPMC replies: counts that overrun the slots are cut, not read. */
static void test_decode_overrun(void **state)
{
	struct ffamed_regs r = { 0 };
	struct decoded d;

	(void)state;
	r.x[0] = FFAMED_FID_SUCCESS_64;
	/* 31 lists of 3 vCPUs: 124 ids claimed, 20 slots. */
	r.x[2] = (31ULL << 7) | 0xFFFFFFFFFFFFF000ULL;
	r.x[3] = 0x0003000200010005ULL;
	r.x[4] = 0x0003000200010006ULL;
	decode(&r, &d);
	assert_true(d.malformed);
	assert_int_equal(d.n_lists, 5);
	assert_int_equal(d.n_ids, 20);
	assert_int_equal(d.ids[0], 5);
	assert_int_equal(d.ids[4], 6);

	/* 19 global lists, then one whose vCPU id would take slot 20. */
	memset(&r, 0, sizeof(r));
	r.x[0] = FFAMED_FID_SUCCESS_64;
	r.x[2] = (20ULL << 7) | 1ULL << (12 + 2 * 19);
	decode(&r, &d);
	assert_true(d.malformed);
	assert_int_equal(d.n_lists, 19);
	assert_int_equal(d.n_ids, 19);

	/* 32-bit reply: size fields beyond bit 31 do not exist. */
	memset(&r, 0, sizeof(r));
	r.x[0] = FFAMED_FID_SUCCESS_32;
	r.x[2] = (12ULL << 7) | 0xFFFFFFFF00000000ULL;
	decode(&r, &d);
	assert_true(d.malformed);
	assert_true(d.n_ids <= 10);
	/* The upper half of x2 of a 32-bit reply is ignored. */
	assert_false(d.more);
}

static uint32_t rng = 12345;
static uint32_t next_rand(void)
{
	rng = rng * 1103515245U + 12345U;
	return rng >> 8;
}

/* Whatever the builder writes, the reader reads back the same lists. */
static void test_roundtrip_random(void **state)
{
	(void)state;
	for (unsigned int iter = 0; iter < 2000; iter++) {
		const bool is64 = (iter & 1) != 0;
		uint16_t ids[20];
		uint8_t sizes[20];
		unsigned int n_ids = 0, n_lists = 0;
		struct ffamed_info l;
		struct ffamed_regs r;
		struct decoded d;

		ffamed_info_start(&l, &r, is64);
		while (!l.more) {
			const uint16_t id = (uint16_t)(next_rand() % 4);
			const bool per = next_rand() % 3 != 0;
			const uint16_t v = (uint16_t)(next_rand() % 8);
			const bool extends = per && n_lists > 0 &&
				ids[n_ids - 1U - sizes[n_lists - 1]] == id &&
				sizes[n_lists - 1] > 0 && sizes[n_lists - 1] < 3;

			if (!(per ? ffamed_info_add_vcpu(&l, id, v) : ffamed_info_add_global(&l, id)))
				break;
			if (extends) {
				ids[n_ids++] = v;
				sizes[n_lists - 1]++;
				continue;
			}
			ids[n_ids++] = id;
			if (per)
				ids[n_ids++] = v;
			sizes[n_lists++] = per ? 1 : 0;
		}
		ffamed_info_finish(&l, is64);
		decode(&r, &d);
		assert_false(d.malformed);
		assert_true(d.more);
		assert_int_equal(d.n_lists, n_lists);
		assert_int_equal(d.n_ids, n_ids);
		assert_memory_equal(d.ids, ids, n_ids * sizeof(ids[0]));
		assert_memory_equal(d.sizes, sizes, n_lists);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_spec_example_32),
		cmocka_unit_test(test_encode_spec_example_64),
		cmocka_unit_test(test_encode_nothing_is_no_data),
		cmocka_unit_test(test_decode_spec_example),
		cmocka_unit_test(test_decode_all_slots),
		cmocka_unit_test(test_vcpu_lists_split),
		cmocka_unit_test(test_encode_refuses_partial_list),
		cmocka_unit_test(test_decode_overrun),
		cmocka_unit_test(test_roundtrip_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
