/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Host endpoint mode (pKVM): the host kernel is endpoint 0 and may act as no
 * other endpoint. Every call that names another endpoint, sets a reserved
 * bit or delay-SRI is refused before it reaches the SPMC; the rest is
 * forwarded unchanged.
 */
#include "test_common.h"

struct forwarded {
	unsigned int n;
	struct ffamed_regs last;
};

static bool record(struct fake_host *h, const struct ffamed_regs *in,
		   struct ffamed_regs *out)
{
	struct forwarded *f = h->hook_data;

	f->n++;
	f->last = *in;
	memset(out, 0, sizeof(*out));
	out->x[0] = FFAMED_FID_SUCCESS_32;
	return true;
}

/* A host call; returns its FF-A status, or 1 for "not mine". */
static int32_t host(struct fake_host *h, uint64_t x0, uint64_t x1, uint64_t x2,
		    uint64_t x3)
{
	struct ffamed_regs r = { .x = { x0, x1, x2, x3, 0 } };

	if (ffamed_host_call(&h->med, &r) == FFAMED_NOT_MINE)
		return 1;
	return fake_status(&r);
}

#define BIND(w1, w2) host(h, FFAMED_FID_NOTIF_BIND, (w1), (w2), 1)
#define UNBIND(w1, w2) host(h, FFAMED_FID_NOTIF_UNBIND, (w1), (w2), 1)
#define SET(w1, w2) host(h, FFAMED_FID_NOTIF_SET, (w1), (w2), 1)
#define GET(w1, w2) host(h, FFAMED_FID_NOTIF_GET, (w1), (w2), 0)
#define INVALID FFAMED_RET_INVALID_PARAMETERS

static void test_host_acts_only_as_endpoint_0(void **state)
{
	struct fake_host *h = *state;
	struct forwarded f = { 0 };
	const uint32_t sp1 = (uint32_t)SP1 << 16;

	h->hook = record;
	h->hook_data = &f;
	/* Its own bitmaps, only. */
	assert_int_equal(host(h, FFAMED_FID_NOTIF_BITMAP_CREATE, 0, 4, 0), 0);
	assert_int_equal(host(h, FFAMED_FID_NOTIF_BITMAP_CREATE, 5, 4, 0), INVALID);
	assert_int_equal(host(h, FFAMED_FID_NOTIF_BITMAP_CREATE, 0, 0, 0), INVALID);
	assert_int_equal(host(h, FFAMED_FID_NOTIF_BITMAP_DESTROY, 0, 0, 0), 0);
	assert_int_equal(host(h, FFAMED_FID_NOTIF_BITMAP_DESTROY, 1U << 16, 0, 0),
			 INVALID);
	assert_int_equal(f.n, 2);
	/* BIND/UNBIND: receiver 0, a real sender, no reserved flags. */
	assert_int_equal(BIND(sp1, 0), 0);
	assert_int_equal(BIND(sp1, FFAMED_NOTIF_FLAG_PER_VCPU), 0);
	assert_int_equal(f.last.x[2], FFAMED_NOTIF_FLAG_PER_VCPU);
	assert_int_equal(BIND(sp1 | 5, 0), INVALID);
	assert_int_equal(BIND(0, 0), INVALID);
	assert_int_equal(BIND(sp1, 2), INVALID);
	assert_int_equal(UNBIND(sp1, 0), 0);
	assert_int_equal(UNBIND(sp1, FFAMED_NOTIF_FLAG_PER_VCPU), INVALID);
	assert_int_equal(UNBIND(sp1 | 5, 0), INVALID);
	assert_int_equal(f.n, 5);
	/* SET: sender 0, another receiver, no delay-SRI, no reserved bits. */
	assert_int_equal(SET(SP1, 0), 0);
	assert_int_equal(SET(SP1, FFAMED_NOTIF_FLAG_PER_VCPU | 3U << 16), 0);
	assert_int_equal(SET(5U << 16 | SP1, 0), INVALID);
	assert_int_equal(SET(0, 0), INVALID);
	assert_int_equal(SET(SP1, FFAMED_NOTIF_FLAG_DELAY_SRI), INVALID);
	assert_int_equal(SET(SP1, 1U << 5), INVALID);
	assert_int_equal(SET(SP1, 3U << 16), INVALID);
	assert_int_equal(f.n, 7);
	/* GET: its own bitmaps, SP and SPM only. */
	assert_int_equal(GET(2U << 16, FFAMED_GET_FLAG_SP | FFAMED_GET_FLAG_SPM), 0);
	assert_int_equal(f.last.x[1], 2U << 16);
	assert_int_equal(GET(5, FFAMED_GET_FLAG_SP), INVALID);
	assert_int_equal(GET(0, FFAMED_GET_FLAG_VM), INVALID);
	assert_int_equal(GET(0, FFAMED_GET_FLAG_HYP), INVALID);
	assert_int_equal(GET(0, 1U << 4), INVALID);
	assert_int_equal(f.n, 8);
	/* INFO_GET is the host's: it schedules every endpoint. */
	assert_int_equal(host(h, FFAMED_FID_NOTIF_INFO_GET_64, 0, 0, 0), 0);
	assert_int_equal(host(h, FFAMED_FID_NOTIF_INFO_GET_32 | FFAMED_SMCCC_SVE_HINT,
			      0, 0, 0), 0);
	assert_int_equal(f.n, 10);
	/* Everything else is the host's FF-A code's. */
	assert_int_equal(host(h, FFAMED_FID_FEATURES, FFAMED_FEAT_NPI, 0, 0), 1);
	assert_int_equal(host(h, 0x84000070U, 0, 0, 0), 1);
	assert_int_equal(f.n, 10);
	h->hook = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_host_acts_only_as_endpoint_0,
						fixture_spmc, fixture_free),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
