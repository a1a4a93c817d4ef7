/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* Shared fixture: a fake hypervisor with VMs 1 (2 vCPUs), 2 (4), 3 (1). */
#ifndef TEST_COMMON_H
#define TEST_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fake_host.h"
#include "ffamed_internal.h" /* white-box: tests may poke state bits */

#define VM1 0x0001U
#define VM2 0x0002U
#define VM3 0x0003U
#define SP1 0x8001U
#define SP2 0x8002U

static inline struct fake_host *fixture_new(bool spmc, uint16_t sched)
{
	const struct ffamed_config cfg = {
		.npi_intid = FAKE_NPI, .sri_intid = FAKE_SRI,
		.sched_vm_id = sched,
	};
	struct fake_host *h = calloc(1, sizeof(*h));

	assert_non_null(h);
	fake_host_init(h, spmc, &cfg);
	assert_int_equal(fake_host_start(h), FFAMED_RET_OK);
	assert_int_equal(fake_vm_create(h, VM1, 2), FFAMED_RET_OK);
	assert_int_equal(fake_vm_create(h, VM2, 4), FFAMED_RET_OK);
	assert_int_equal(fake_vm_create(h, VM3, 1), FFAMED_RET_OK);
	return h;
}

static inline int fixture_spmc(void **state)
{
	*state = fixture_new(true, 0);
	return 0;
}

static inline int fixture_nospmc(void **state)
{
	*state = fixture_new(false, 0);
	return 0;
}

static inline int fixture_sched(void **state)
{
	*state = fixture_new(true, VM3);
	return 0;
}

static inline int fixture_free(void **state)
{
	struct fake_host *h = *state;

	h->hook = NULL; /* a failed test may leave one pointing at its stack */
	fake_host_fini(h);
	free(h);
	return 0;
}

/* Run the SRI handler as the host's deferred work would. */
static inline enum ffamed_sri_result run_sri(struct fake_host *h)
{
	return ffamed_sri_handle(&h->med);
}

static inline struct ffamed_regs info_get(struct fake_host *h, uint16_t vm,
					  bool is64)
{
	return fake_call(h, vm, is64 ? FFAMED_FID_NOTIF_INFO_GET_64 :
				       FFAMED_FID_NOTIF_INFO_GET_32, 0, 0, 0, 0);
}

#endif
