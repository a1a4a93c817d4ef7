/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Figures for the hot paths (guest call dispatch, SRI handling) and for the
 * state sizes. Prints; asserts nothing. For instruction counts that do not
 * depend on the machine's load, run it under valgrind --tool=callgrind.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "fake_host.h"

#define ITERS 200000U

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	const unsigned int iters = argc > 1 ? (unsigned int)strtoul(argv[1], NULL, 0) : ITERS;
	const struct ffamed_config cfg = { .npi_intid = FAKE_NPI, .sri_intid = FAKE_SRI };
	struct fake_host *h = calloc(1, sizeof(*h));
	struct ffamed_regs r;
	double t0, t1;

	if (h == NULL)
		return 1;
	fake_host_init(h, true, &cfg);
	h->ops.irq_lower = NULL;
	if (fake_host_start(h) != 0 || fake_vm_create(h, 1, 4) != 0 ||
	    fake_vm_create(h, 2, 4) != 0)
		return 1;
	(void)fake_bind(h, 2, 1, 0, 0xFF);
	(void)fake_bind(h, 2, 0x8001, 0, 0xFF00);

	printf("libffamed benchmark (%u iterations each)\n", iters);
	printf("  sizeof(struct ffamed)    = %zu bytes\n", sizeof(struct ffamed));
	printf("  sizeof(struct ffamed_vm) = %zu bytes + %zu per vCPU\n",
	       sizeof(struct ffamed_vm), sizeof(struct ffamed_vcpu));

	t0 = now_ns();
	for (unsigned int i = 0; i < iters; i++) {
		r = fake_call(h, 1, 0x84000070U, 0, 0, 0, 0);
	}
	t1 = now_ns();
	printf("  not-mine dispatch        : %8.1f ns/call\n", (t1 - t0) / iters);

	t0 = now_ns();
	for (unsigned int i = 0; i < iters; i++) {
		h->n_irqs = 0;
		(void)fake_set(h, 1, 2, 0, 1ULL << (i % 8));
		r = fake_get(h, 2, 0, FFAMED_GET_FLAG_VM);
	}
	t1 = now_ns();
	printf("  VM->VM SET + GET(VM)     : %8.1f ns/pair\n", (t1 - t0) / iters);

	t0 = now_ns();
	for (unsigned int i = 0; i < iters; i++) {
		h->n_irqs = 0;
		(void)model_sp_set(&h->model, 0x8001, 2, 1ULL << (8 + i % 8), false, 0);
		(void)ffamed_sri_handle(&h->med);
		r = fake_get(h, 2, 0, FFAMED_GET_FLAG_SP | FFAMED_GET_FLAG_SPM);
	}
	t1 = now_ns();
	printf("  SP SET + SRI + GET(SP)   : %8.1f ns/round (includes the SPMC model)\n",
	       (t1 - t0) / iters);
	(void)r;
	fake_host_fini(h);
	free(h);
	return 0;
}
