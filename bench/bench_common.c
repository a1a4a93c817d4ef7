/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The scripted fake SPMC and the counters shared by both drivers. Host side:
 * none of this is counted as mediator cost.
 */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

struct bench_counts bench_counts;
uint64_t bench_spmc_get_sp;
uint32_t bench_spmc_get_spm;

static uint64_t info_reply[8];
static bool info_queued;

void bench_spmc_list(const uint16_t *vm_ids, unsigned int n)
{
	unsigned int i;

	if (n == 0 || n > 20)
		bench_fail("spmc", "list count");
	for (i = 0; i < 8; i++)
		info_reply[i] = 0;
	info_reply[0] = B_FFA_SUCCESS_64;
	/* n lists of one id each (global notifications): sizes field all 0. */
	info_reply[2] = (uint64_t)n << 7;
	for (i = 0; i < n; i++)
		info_reply[3 + i / 4] |= (uint64_t)vm_ids[i] << (16 * (i % 4));
	info_queued = true;
}

void bench_spmc(const uint64_t in[8], uint64_t out[8])
{
	unsigned int i;

	bench_counts.smcs++;
	for (i = 0; i < 8; i++)
		out[i] = 0;
	switch ((uint32_t)in[0]) {
	case B_FFA_FEATURES:
		out[0] = B_FFA_SUCCESS_32;
		if ((uint32_t)in[1] == B_FEAT_SRI)
			out[2] = B_SRI_INTID;
		break;
	case B_FFA_BITMAP_CREATE:
	case B_FFA_BITMAP_DESTROY:
	case B_FFA_BIND:
	case B_FFA_UNBIND:
	case B_FFA_SET:
		out[0] = B_FFA_SUCCESS_32;
		break;
	case B_FFA_GET:
		out[0] = B_FFA_SUCCESS_32;
		out[2] = (uint32_t)bench_spmc_get_sp;
		out[3] = (uint32_t)(bench_spmc_get_sp >> 32);
		out[6] = bench_spmc_get_spm;
		break;
	case B_FFA_INFO_GET_64:
		if (info_queued) {
			for (i = 0; i < 8; i++)
				out[i] = info_reply[i];
			info_queued = false;
		} else {
			out[0] = B_FFA_ERROR;
			out[2] = (uint32_t)B_RET_NO_DATA;
		}
		break;
	default:
		out[0] = B_FFA_ERROR;
		out[2] = (uint32_t)-1;
		break;
	}
}

void bench_report(const char *name)
{
	printf("path %s smcs %u injections %u\n", name, bench_counts.smcs,
	       bench_counts.injections);
	fflush(stdout);
}

void bench_fail(const char *name, const char *what)
{
	fprintf(stderr, "bench: path %s: %s\n", name, what);
	exit(1);
}

void bench_expect(const char *name, bool ok)
{
	if (!ok)
		bench_fail(name, "unexpected result");
}
