/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Race stress, meant for ThreadSanitizer: threads play vCPUs of VMs 1 and 2
 * (GET, INFO_GET, VM -> VM SET), an SP sets notifications through the SPMC
 * model, a CPU runs the SRI handler, and another thread destroys and
 * recreates VM 3 under the same id while the SP keeps notifying it.
 *
 * Asserts: every notification set for VMs 1 and 2 reaches exactly one GET
 * (none lost, none invented); VM 3's GETs never return bits its current
 * instance did not bind; NPIs into a fresh VM 3 before anything was set for
 * it (spurious, from a stale SRI list) are at most one per id reuse.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <time.h>

#include "../test_common.h"

#define RUN_SECONDS 2
#define MAX_REUSES 100000
#define VM_BITS 0x00FFULL    /* VM1 -> VM2, VM bitmap */
#define SP_BITS 0xFF00ULL    /* SP1 -> VM1/VM2, SP bitmap */
#define VM3_SP_BITS 0xF0000ULL

struct stress {
	struct fake_host *h;
	volatile int stop;
	/* in_flight[vm][bit]: set by the sender, cleared by the GET that sees it */
	int in_flight[3][64];
	unsigned long sent[3], received[3], invented[3];
	unsigned long vm3_foreign, vm3_spurious, reuses;
	unsigned long info_gets, sri_runs;
};

static int stopped(struct stress *s)
{
	return __atomic_load_n(&s->stop, __ATOMIC_ACQUIRE);
}

static void take_bits(struct stress *s, unsigned int vm, uint64_t bits)
{
	for (unsigned int b = 0; b < 64; b++) {
		if (!(bits >> b & 1U))
			continue;
		if (__atomic_exchange_n(&s->in_flight[vm][b], 0, __ATOMIC_ACQ_REL))
			__atomic_add_fetch(&s->received[vm], 1, __ATOMIC_RELAXED);
		else
			__atomic_add_fetch(&s->invented[vm], 1, __ATOMIC_RELAXED);
	}
}

static void guest_get(struct stress *s, uint16_t vm, uint16_t vcpu)
{
	struct ffamed_regs r = fake_get(s->h, vm, vcpu, FFAMED_GET_FLAGS_ALL);

	if (fake_status(&r) != FFAMED_RET_OK)
		return;
	take_bits(s, vm, fake_bitmap(&r, 2) | fake_bitmap(&r, 4));
}

struct vcpu_arg {
	struct stress *s;
	uint16_t vm, vcpu;
	bool sender;
};

static void *vcpu_thread(void *p)
{
	struct vcpu_arg *a = p;
	struct stress *s = a->s;
	unsigned int b = 0;

	while (!stopped(s)) {
		guest_get(s, a->vm, a->vcpu);
		if ((b & 7) == 0) {
			(void)info_get(s->h, a->vm, b & 8);
			__atomic_add_fetch(&s->info_gets, 1, __ATOMIC_RELAXED);
		}
		if (a->sender) {
			const unsigned int bit = b % 8;

			if (!__atomic_exchange_n(&s->in_flight[VM2][bit], 1, __ATOMIC_ACQ_REL)) {
				assert_int_equal(fake_set(s->h, VM1, VM2, 0, 1ULL << bit), 0);
				__atomic_add_fetch(&s->sent[VM2], 1, __ATOMIC_RELAXED);
			}
		}
		b++;
		sched_yield();
	}
	return NULL;
}

static void *sp_thread(void *p)
{
	struct stress *s = p;
	unsigned int n = 0;

	while (!stopped(s)) {
		const uint16_t vm = (n & 1) ? VM2 : VM1;
		const unsigned int bit = 8 + (n / 2) % 8;

		if (!__atomic_exchange_n(&s->in_flight[vm][bit], 1, __ATOMIC_ACQ_REL)) {
			pthread_mutex_lock(&s->h->lock);
			assert_int_equal(model_sp_set(&s->h->model, SP1, vm,
						      1ULL << bit, false, 0), 0);
			pthread_mutex_unlock(&s->h->lock);
			__atomic_add_fetch(&s->sent[vm], 1, __ATOMIC_RELAXED);
		}
		/* VM 3 may or may not exist, or have bound: result ignored. */
		pthread_mutex_lock(&s->h->lock);
		(void)model_sp_set(&s->h->model, SP1, VM3, 1ULL << (16 + n % 4), false, 0);
		pthread_mutex_unlock(&s->h->lock);
		n++;
		sched_yield();
	}
	return NULL;
}

static void *sri_thread(void *p)
{
	struct stress *s = p;

	while (!stopped(s)) {
		(void)ffamed_sri_handle(&s->h->med);
		__atomic_add_fetch(&s->sri_runs, 1, __ATOMIC_RELAXED);
		sched_yield();
	}
	return NULL;
}

static void *churn_thread(void *p)
{
	struct stress *s = p;
	const time_t end = time(NULL) + RUN_SECONDS;

	while (time(NULL) < end && s->reuses < MAX_REUSES) {
		struct ffamed_regs r;

		if (fake_vm_create(s->h, VM3, 2) != 0)
			continue;
		(void)fake_bind(s->h, VM3, SP1, 0, VM3_SP_BITS);
		for (int i = 0; i < 4; i++) {
			r = fake_get(s->h, VM3, (uint16_t)(i & 1), FFAMED_GET_FLAGS_ALL);
			if ((fake_bitmap(&r, 2) & ~VM3_SP_BITS) || fake_bitmap(&r, 4))
				__atomic_add_fetch(&s->vm3_foreign, 1, __ATOMIC_RELAXED);
			sched_yield();
		}
		(void)fake_vm_destroy(s->h, VM3);
		s->reuses++;
	}
	__atomic_store_n(&s->stop, 1, __ATOMIC_RELEASE);
	return NULL;
}

static struct stress *the_stress;

/* NPI into a VM 3 whose SPMC slot has seen no SET yet: a stale list's. */
static bool stress_irq_raise(void *host, void *host_vm, uint16_t vcpu,
			     uint32_t intid)
{
	struct fake_host *h = host;
	const struct fake_vm *vm = host_vm;

	(void)vcpu;
	if (vm->id != VM3 || intid != FAKE_NPI)
		return true;
	pthread_mutex_lock(&h->lock);
	{
		const struct model_rx *rx = model_find_vm(&h->model, VM3);

		if (rx == NULL || rx->sets == 0)
			the_stress->vm3_spurious++;
	}
	pthread_mutex_unlock(&h->lock);
	return true;
}

static void test_race(void **state)
{
	const struct ffamed_config cfg = { .npi_intid = FAKE_NPI, .sri_intid = FAKE_SRI };
	struct stress *s = calloc(1, sizeof(*s));
	struct fake_host *h = calloc(1, sizeof(*h));
	struct vcpu_arg args[4] = {
		{ s, VM1, 0, true }, { s, VM1, 1, false },
		{ s, VM2, 0, false }, { s, VM2, 1, false },
	};
	pthread_t vt[4], spt, srit, churnt;
	unsigned long left = 0;

	(void)state;
	the_stress = s;
	s->h = h;
	fake_host_init(h, true, &cfg);
	h->ops.irq_raise = stress_irq_raise;
	h->ops.irq_lower = NULL;
	assert_int_equal(fake_host_start(h), 0);
	assert_int_equal(fake_vm_create(h, VM1, 2), 0);
	assert_int_equal(fake_vm_create(h, VM2, 2), 0);
	assert_int_equal(fake_bind(h, VM2, VM1, 0, VM_BITS), 0);
	assert_int_equal(fake_bind(h, VM1, SP1, 0, SP_BITS), 0);
	assert_int_equal(fake_bind(h, VM2, SP1, 0, SP_BITS), 0);

	for (int i = 0; i < 4; i++)
		pthread_create(&vt[i], NULL, vcpu_thread, &args[i]);
	pthread_create(&spt, NULL, sp_thread, s);
	pthread_create(&srit, NULL, sri_thread, s);
	pthread_create(&churnt, NULL, churn_thread, s);
	pthread_join(churnt, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(vt[i], NULL);
	pthread_join(spt, NULL);
	pthread_join(srit, NULL);

	/* Drain: everything in flight must arrive. */
	for (int round = 0; round < 50; round++) {
		(void)ffamed_sri_handle(&h->med);
		for (uint16_t v = 0; v < 2; v++) {
			guest_get(s, VM1, v);
			guest_get(s, VM2, v);
		}
	}
	for (int vm = 1; vm <= 2; vm++)
		for (int b = 0; b < 64; b++)
			left += (unsigned long)s->in_flight[vm][b];

	printf("race: reuses %lu, sent %lu/%lu, received %lu/%lu, invented %lu/%lu, "
	       "lost %lu, VM3 foreign bits %lu, VM3 spurious NPIs %lu, INFO_GETs %lu, "
	       "SRI runs %lu\n", s->reuses, s->sent[1], s->sent[2], s->received[1],
	       s->received[2], s->invented[1], s->invented[2], left, s->vm3_foreign,
	       s->vm3_spurious, s->info_gets, s->sri_runs);
	assert_true(s->reuses > 10);
	assert_true(s->sent[1] > 10 && s->sent[2] > 10);
	assert_int_equal(left, 0);
	assert_int_equal(s->received[1], s->sent[1]);
	assert_int_equal(s->received[2], s->sent[2]);
	assert_int_equal(s->invented[1] + s->invented[2], 0);
	assert_int_equal(s->vm3_foreign, 0);
	assert_true(s->vm3_spurious <= s->reuses);
	assert_int_equal(h->med.stats.destroy_leaked, 0);
	fake_host_fini(h);
	free(h);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_race) };

	return cmocka_run_group_tests(tests, NULL, NULL);
}
