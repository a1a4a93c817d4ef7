/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Race stress, meant for ThreadSanitizer, on a level-triggered host (the
 * KVM way: irq_lower set, one line per vCPU).
 *
 * Threads play the vCPUs of VMs 1 and 2 as guests do: a vCPU GETs only when
 * its NPI line is up. VM 1's vCPU 0 also sends VM -> VM notifications to VM 2
 * (global, and per-vCPU for vCPU 1); an SP sets notifications through the SPMC
 * model (global for VM 1, per-vCPU for VM 2); a CPU runs the SRI handler;
 * another destroys and recreates VM 3 under the same id while the SP keeps
 * notifying it.
 *
 * Asserts: every notification reaches exactly one GET, taken through an NPI
 * (none lost, none invented), also after the senders stop; no vCPU storms
 * (its line up after a GET that found nothing, over and over); at the end
 * every line is down; VM 3's GETs never return bits its current instance did
 * not bind; NPIs into a fresh VM 3 before anything was set for it (from a
 * stale SRI list) are at most one per id reuse.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <time.h>

#include "../test_common.h"

#define RUN_SECONDS 2
#define DRAIN_SECONDS 5
#define MAX_REUSES 100000
#define STORM 2000             /* empty GETs in a row with the line still up */
#define VM_GLOBAL 0x000FULL    /* VM1 -> VM2, global */
#define VM_VCPU1  0x00F0ULL    /* VM1 -> VM2, per-vCPU for vCPU 1 */
#define SP_BITS   0xFF00ULL    /* SP1 -> VM1 global, SP1 -> VM2 per-vCPU */
#define VM3_SP_BITS 0xF0000ULL

struct stress {
	struct fake_host *h;
	volatile int stop_senders, stop_guests;
	/* in_flight[vm][bit]: set by the sender, cleared by the GET that sees it */
	int in_flight[3][64];
	unsigned long sent[3], received[3], invented[3], storms, empty_gets;
	unsigned long vm3_foreign, vm3_spurious, reuses, sri_runs;
};

static unsigned long thread_errors;

/* cmocka's asserts must not run off the main thread: count and print. */
#define CHECK_EQ(a, b)                                                        \
	do {                                                                  \
		const long long va_ = (long long)(a), vb_ = (long long)(b);   \
		if (va_ != vb_) {                                             \
			__atomic_add_fetch(&thread_errors, 1, __ATOMIC_RELAXED); \
			fprintf(stderr, "race: %s:%d: %lld != %lld\n",       \
				__FILE__, __LINE__, va_, vb_);                \
		}                                                             \
	} while (0)

static int flag(volatile int *f)
{
	return __atomic_load_n(f, __ATOMIC_ACQUIRE);
}

static void take_bits(struct stress *s, unsigned int vm, uint64_t bits)
{
	for (; bits != 0; bits &= bits - 1) {
		const unsigned int b = (unsigned int)__builtin_ctzll(bits);

		if (__atomic_exchange_n(&s->in_flight[vm][b], 0, __ATOMIC_ACQ_REL))
			__atomic_add_fetch(&s->received[vm], 1, __ATOMIC_RELAXED);
		else
			__atomic_add_fetch(&s->invented[vm], 1, __ATOMIC_RELAXED);
	}
}

/* Claim bit of vm for one notification; false if one is in flight. */
static bool claim(struct stress *s, unsigned int vm, unsigned int bit)
{
	if (__atomic_exchange_n(&s->in_flight[vm][bit], 1, __ATOMIC_ACQ_REL))
		return false;
	__atomic_add_fetch(&s->sent[vm], 1, __ATOMIC_RELAXED);
	return true;
}

struct vcpu_arg {
	struct stress *s;
	uint16_t vm, vcpu;
	bool sender;
};

static void send_vm_to_vm(struct stress *s, unsigned int n)
{
	const bool per_vcpu = (n & 1) != 0;
	const unsigned int bit = per_vcpu ? 4 + (n / 2) % 4 : (n / 2) % 4;
	const uint32_t flags = per_vcpu ? FFAMED_NOTIF_FLAG_PER_VCPU | 1U << 16 : 0;

	if (claim(s, VM2, bit))
		CHECK_EQ(fake_set(s->h, VM1, VM2, flags, 1ULL << bit), 0);
}

/* A guest vCPU: sleeps until its NPI line is up, then GETs. */
static void *vcpu_thread(void *p)
{
	struct vcpu_arg *a = p;
	struct stress *s = a->s;
	unsigned int n = 0, empty_up = 0;

	while (!flag(&s->stop_guests)) {
		if (a->sender && !flag(&s->stop_senders))
			send_vm_to_vm(s, n++);
		if (fake_line(s->h, a->vm, a->vcpu, false)) {
			struct ffamed_regs r = fake_get(s->h, a->vm, a->vcpu,
							FFAMED_GET_FLAGS_ALL);
			const uint64_t bits = fake_bitmap(&r, 2) | fake_bitmap(&r, 4);

			CHECK_EQ(fake_status(&r), FFAMED_RET_OK);
			take_bits(s, a->vm, bits);
			if (bits == 0)
				__atomic_add_fetch(&s->empty_gets, 1, __ATOMIC_RELAXED);
			/* Nothing found and the line is still up: a storm? */
			if (bits == 0 && fake_line(s->h, a->vm, a->vcpu, false)) {
				if (++empty_up == STORM)
					__atomic_add_fetch(&s->storms, 1, __ATOMIC_RELAXED);
			} else {
				empty_up = 0;
			}
		}
		sched_yield();
	}
	return NULL;
}

static void *sp_thread(void *p)
{
	struct stress *s = p;
	unsigned int n = 0;

	while (!flag(&s->stop_senders)) {
		const uint16_t vm = (n & 1) ? VM2 : VM1;
		const unsigned int bit = 8 + (n / 2) % 8;

		if (claim(s, vm, bit)) {
			pthread_mutex_lock(&s->h->lock);
			CHECK_EQ(model_sp_set(&s->h->model, SP1, vm, 1ULL << bit,
					      vm == VM2, (uint16_t)(vm == VM2 ? bit & 1 : 0)), 0);
			pthread_mutex_unlock(&s->h->lock);
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

	while (!flag(&s->stop_guests)) {
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
	__atomic_store_n(&s->stop_senders, 1, __ATOMIC_RELEASE);
	return NULL;
}

static struct stress *the_stress;
static bool (*fake_raise)(void *, void *, uint16_t, uint32_t);

/* NPI into a VM 3 whose SPMC slot has seen no SET yet: a stale list's. */
static bool stress_irq_raise(void *host, void *host_vm, uint16_t vcpu,
			     uint32_t intid)
{
	struct fake_host *h = host;
	const struct fake_vm *vm = host_vm;

	if (vm->id == VM3 && intid == FAKE_NPI) {
		const struct model_rx *rx;

		pthread_mutex_lock(&h->lock);
		rx = model_find_vm(&h->model, VM3);
		if (rx == NULL || rx->sets == 0)
			the_stress->vm3_spurious++;
		pthread_mutex_unlock(&h->lock);
	}
	return fake_raise(host, host_vm, vcpu, intid);
}

static unsigned long in_flight(struct stress *s)
{
	unsigned long left = 0;

	for (int vm = 1; vm <= 2; vm++)
		for (int b = 0; b < 64; b++)
			left += (unsigned long)__atomic_load_n(&s->in_flight[vm][b],
							      __ATOMIC_ACQUIRE);
	return left;
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
	unsigned long left;
	time_t drain_end;
	unsigned int lines_up = 0;

	(void)state;
	the_stress = s;
	s->h = h;
	fake_host_init(h, true, &cfg);
	fake_raise = h->ops.irq_raise;
	h->ops.irq_raise = stress_irq_raise;
	assert_non_null(h->ops.irq_lower); /* level lines, as on KVM */
	assert_int_equal(fake_host_start(h), 0);
	assert_int_equal(fake_vm_create(h, VM1, 2), 0);
	assert_int_equal(fake_vm_create(h, VM2, 2), 0);
	assert_int_equal(fake_bind(h, VM2, VM1, 0, VM_GLOBAL), 0);
	assert_int_equal(fake_bind(h, VM2, VM1, FFAMED_NOTIF_FLAG_PER_VCPU, VM_VCPU1), 0);
	assert_int_equal(fake_bind(h, VM1, SP1, 0, SP_BITS), 0);
	assert_int_equal(fake_bind(h, VM2, SP1, FFAMED_NOTIF_FLAG_PER_VCPU, SP_BITS), 0);

	for (int i = 0; i < 4; i++)
		pthread_create(&vt[i], NULL, vcpu_thread, &args[i]);
	pthread_create(&spt, NULL, sp_thread, s);
	pthread_create(&srit, NULL, sri_thread, s);
	pthread_create(&churnt, NULL, churn_thread, s);
	pthread_join(churnt, NULL);
	pthread_join(spt, NULL);

	/* Senders stopped: the guests, woken by NPIs only, must get it all. */
	drain_end = time(NULL) + DRAIN_SECONDS;
	while ((left = in_flight(s)) != 0 && time(NULL) < drain_end)
		sched_yield();
	/* A storm would show now, with nothing left to send. */
	for (int i = 0; i < 20000 && __atomic_load_n(&s->storms, __ATOMIC_RELAXED) == 0; i++)
		sched_yield();
	__atomic_store_n(&s->stop_guests, 1, __ATOMIC_RELEASE);
	for (int i = 0; i < 4; i++)
		pthread_join(vt[i], NULL);
	pthread_join(srit, NULL);
	for (uint16_t v = 0; v < 2; v++)
		lines_up += fake_line(h, VM1, v, false) + fake_line(h, VM2, v, false);

	printf("race: reuses %lu, sent %lu/%lu, received %lu/%lu, invented %lu/%lu, "
	       "lost %lu, storms %lu, empty GETs %lu, lines up %u, VM3 foreign bits %lu, "
	       "VM3 spurious NPIs %lu, SRI runs %lu, NPIs raised %u, irq failures %u, "
	       "VM3 slots given up %u, reclaimed %u\n",
	       s->reuses, s->sent[1], s->sent[2], s->received[1], s->received[2],
	       s->invented[1], s->invented[2], left, s->storms, s->empty_gets, lines_up,
	       s->vm3_foreign, s->vm3_spurious, s->sri_runs, h->med.stats.npi_raised,
	       h->med.stats.irq_failed, h->med.stats.destroy_leaked,
	       h->med.stats.reclaimed);
	assert_int_equal(thread_errors, 0);
	assert_true(s->reuses > 10);
	assert_true(s->sent[1] > 10 && s->sent[2] > 10);
	assert_int_equal(left, 0);
	assert_int_equal(s->received[1], s->sent[1]);
	assert_int_equal(s->received[2], s->sent[2]);
	assert_int_equal(s->invented[1] + s->invented[2], 0);
	assert_int_equal(s->storms, 0);
	assert_int_equal(lines_up, 0);
	assert_int_equal(s->vm3_foreign, 0);
	assert_true(s->vm3_spurious <= s->reuses);
	/*
	 * The SP sets VM 3's bits in a tight loop: now and then it wins every
	 * round of a destroy between drain and UNBIND (more often when a
	 * destroy call ends between the two, and under ASan), and the slot is
	 * given up as documented. Nothing may be lost: each such slot is
	 * remembered and taken back by the next init of VM 3.
	 */
	assert_int_equal(h->med.stats.leaks_lost, 0);
	assert_true(h->med.stats.reclaimed + 1 >= h->med.stats.destroy_leaked);
	fake_host_fini(h);
	free(h);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_race) };

	return cmocka_run_group_tests(tests, NULL, NULL);
}
