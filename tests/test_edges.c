/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Edges: minimal ops vtables, SPMC errors in the middle of a call, full
 * queues, a destroy the SPMC keeps refusing, bad arguments to the API.
 */
#include "test_common.h"

/* What a minimal host keeps, or adds, for one test. */
#define KEEP_ONLINE  (1U << 0)  /* the vcpu_online op */
#define KEEP_LOWER   (1U << 1)  /* irq_lower: level lines */
#define VM2_SRI_SELF (1U << 2)  /* VM2 reads its own INFO_GET */

static struct fake_host *minimal_host(uint16_t sched, unsigned int keep)
{
	const struct ffamed_config cfg = {
		.npi_intid = FAKE_NPI, .sri_intid = FAKE_SRI, .sched_vm_id = sched,
	};
	struct fake_host *h = calloc(1, sizeof(*h));

	assert_non_null(h);
	fake_host_init(h, true, &cfg);
	if ((keep & KEEP_LOWER) == 0U)
		h->ops.irq_lower = NULL;
	if ((keep & KEEP_ONLINE) == 0U)
		h->ops.vcpu_online = NULL;
	h->ops.hyp_notified = NULL;
	h->ops.sp_pending = NULL;
	h->ops.log = NULL;
	assert_int_equal(fake_host_start(h), FFAMED_RET_OK);
	assert_int_equal(fake_vm_create(h, VM1, 2), FFAMED_RET_OK);
	if ((keep & VM2_SRI_SELF) != 0U)
		h->vm_flags = FFAMED_VM_SRI_SELF;
	assert_int_equal(fake_vm_create(h, VM2, 2), FFAMED_RET_OK);
	return h;
}

static int fixture_minimal(void **state)
{
	*state = minimal_host(0, 0);
	return 0;
}

static int fixture_minimal_sched(void **state)
{
	*state = minimal_host(VM2, 0);
	return 0;
}

/*
 * No scheduler VM, and one more thing: a vcpu_online op, level lines, or a
 * VM that reads its own INFO_GET. New global state on an edge host takes a
 * short path (pending.c): an NPI into the first online vCPU, and nothing
 * else; level lines and a VM that reads its own INFO_GET keep it off that.
 */
static int fixture_edge_online(void **state)
{
	*state = minimal_host(0, KEEP_ONLINE);
	return 0;
}

static int fixture_edge_sri_self(void **state)
{
	*state = minimal_host(0, VM2_SRI_SELF);
	return 0;
}

static int fixture_level_no_online(void **state)
{
	*state = minimal_host(0, KEEP_LOWER);
	return 0;
}

struct canned {
	uint32_t fid;
	struct ffamed_regs reply;
	unsigned int calls;
};

static bool hook_canned(struct fake_host *h, const struct ffamed_regs *in,
			struct ffamed_regs *out)
{
	struct canned *c = h->hook_data;

	if ((uint32_t)in->x[0] != c->fid)
		return false;
	c->calls++;
	*out = c->reply;
	return true;
}

static void canned_error(struct fake_host *h, struct canned *c, uint32_t fid,
			 int32_t e)
{
	memset(c, 0, sizeof(*c));
	c->fid = fid;
	c->reply.x[0] = FFAMED_FID_ERROR;
	c->reply.x[2] = (uint32_t)e;
	h->hook = hook_canned;
	h->hook_data = c;
}

/* Optional ops left NULL: nothing breaks, events are dropped or defaulted. */
static void test_minimal_ops(void **state)
{
	struct fake_host *h = *state;
	struct canned c = { .fid = FFAMED_FID_NOTIF_INFO_GET_64,
			    .reply = { .x = { FFAMED_FID_SUCCESS_64, 0, 2U << 7,
					      (uint64_t)SP1 << 16 | 0 } } };

	h->hook = hook_canned;
	h->hook_data = &c;
	assert_int_equal(run_sri(h), FFAMED_SRI_DONE);
	h->hook = NULL;
	assert_int_equal(h->med.stats.sp_dropped, 1);
	/* Global NPI with no vcpu_online op: vCPU 0; no irq_lower on GET. */
	assert_int_equal(fake_bind(h, VM1, VM2, 0, 1), FFAMED_RET_OK);
	assert_int_equal(fake_set(h, VM2, VM1, 0, 1), FFAMED_RET_OK);
	assert_int_equal(fake_irq_count(h, VM1, 0, FAKE_NPI), 1);
	(void)fake_get(h, VM1, 1, FFAMED_GET_FLAGS_ALL);
	assert_int_equal(fake_irq_lowered(h, VM1, -1, FAKE_NPI), 0);
}

static void test_all_vcpus_offline(void **state)
{
	struct fake_host *h = *state;

	fake_vm_find(h, VM1)->offline[0] = true;
	fake_vm_find(h, VM1)->offline[1] = true;
	assert_int_equal(fake_bind(h, VM1, VM2, 0, 1), FFAMED_RET_OK);
	assert_int_equal(fake_set(h, VM2, VM1, 0, 1), FFAMED_RET_OK);
	/* Raised on vCPU 0 all the same, and kept pending. */
	assert_int_equal(fake_irq_count(h, VM1, 0, FAKE_NPI), 1);
	ffamed_vcpu_online(&h->med, fake_vm_find(h, VM1)->st, 1);
	assert_int_equal(fake_irq_count(h, VM1, 1, FAKE_NPI), 1);
	/* Out of range, NULL, nothing pending: no NPI. */
	ffamed_vcpu_online(&h->med, fake_vm_find(h, VM1)->st, 2);
	ffamed_vcpu_online(&h->med, NULL, 0);
	ffamed_vcpu_online(&h->med, fake_vm_find(h, VM2)->st, 0);
	assert_int_equal(fake_irq_count(h, VM1, -1, FAKE_NPI), 2);
	assert_int_equal(fake_irq_count(h, VM2, -1, FAKE_NPI), 0);
}

/* rx binds bits bm to VM tx, then tx sets them (global). */
static void vm_notify(struct fake_host *h, uint16_t tx, uint16_t rx, uint64_t bm)
{
	assert_int_equal(fake_bind(h, rx, tx, 0, bm), FFAMED_RET_OK);
	assert_int_equal(fake_set(h, tx, rx, 0, bm), FFAMED_RET_OK);
}

static void test_edge_npi_first_online(void **state)
{
	struct fake_host *h = *state;

	fake_vm_find(h, VM1)->offline[0] = true;
	vm_notify(h, VM2, VM1, 1);
	assert_int_equal(fake_irq_count(h, VM1, 0, FAKE_NPI), 0);
	assert_int_equal(fake_irq_count(h, VM1, 1, FAKE_NPI), 1);
	/* An edge per new notification, on the first online vCPU again. */
	vm_notify(h, VM2, VM1, 2);
	assert_int_equal(fake_irq_count(h, VM1, 1, FAKE_NPI), 2);
}

static void test_edge_sri_self(void **state)
{
	struct fake_host *h = *state;

	vm_notify(h, VM1, VM2, 1);
	assert_int_equal(fake_irq_count(h, VM2, 0, FAKE_NPI), 1);
	assert_int_equal(fake_irq_count(h, VM2, 0, FAKE_SRI), 1);
	/* VM1 does not read its own INFO_GET: the NPI alone. */
	vm_notify(h, VM2, VM1, 1);
	assert_int_equal(fake_irq_count(h, VM1, 0, FAKE_NPI), 1);
	assert_int_equal(fake_irq_count(h, VM1, -1, FAKE_SRI), 0);
}

/* Level lines: the vCPU carrying global bits is known, whoever reads them. */
static void test_level_carrier_without_online_op(void **state)
{
	struct fake_host *h = *state;

	vm_notify(h, VM2, VM1, 1);
	assert_true(fake_line(h, VM1, 0, false));
	(void)fake_get(h, VM1, 1, FFAMED_GET_FLAGS_ALL);
	assert_false(fake_line(h, VM1, 0, false));
	assert_false(fake_line(h, VM1, 1, false));
}

/* An SPMC error during GET reaches the guest and loses no SRI mark. */
static void test_get_spmc_error(void **state)
{
	struct fake_host *h = *state;
	struct canned c;
	struct ffamed_regs r;

	assert_int_equal(fake_bind(h, VM1, SP1, 0, 1), FFAMED_RET_OK);
	assert_int_equal(model_sp_set(&h->model, SP1, VM1, 1, false, 0), 0);
	run_sri(h);
	canned_error(h, &c, FFAMED_FID_NOTIF_GET, FFAMED_RET_BUSY);
	r = fake_get(h, VM1, 0, FFAMED_GET_FLAG_SP);
	assert_int_equal(fake_status(&r), FFAMED_RET_BUSY);
	/* A reply that is neither success nor error is ABORTED. */
	c.reply.x[0] = 0xDEAD;
	r = fake_get(h, VM1, 0, FFAMED_GET_FLAG_SP);
	assert_int_equal(fake_status(&r), FFAMED_RET_ABORTED);
	/* An error code FF-A does not define is ABORTED too. */
	c.reply.x[0] = FFAMED_FID_ERROR;
	c.reply.x[2] = (uint32_t)-77;
	r = fake_get(h, VM1, 0, FFAMED_GET_FLAG_SP);
	assert_int_equal(fake_status(&r), FFAMED_RET_ABORTED);
	/* SUCCESS_64 is not GET's reply. */
	c.reply.x[0] = FFAMED_FID_SUCCESS_64;
	r = fake_get(h, VM1, 0, FFAMED_GET_FLAG_SP);
	assert_int_equal(fake_status(&r), FFAMED_RET_ABORTED);
	h->hook = NULL;
	r = info_get(h, VM1, true);
	assert_int_equal(r.x[3], VM1);
	r = fake_get(h, VM1, 0, FFAMED_GET_FLAG_SP);
	assert_int_equal(fake_bitmap(&r, 2), 1);
}

static void test_sri_error_and_hyp_without_op(void **state)
{
	struct fake_host *h = *state;
	struct canned c;

	canned_error(h, &c, FFAMED_FID_NOTIF_INFO_GET_64, FFAMED_RET_ABORTED);
	assert_int_equal(run_sri(h), FFAMED_SRI_DONE);
	assert_int_equal(c.calls, 1);
	h->hook = NULL;
	model_hyp_set(&h->model, false, 0);
	assert_int_equal(run_sri(h), FFAMED_SRI_DONE);
	assert_int_equal(ffamed_sri_handle(NULL), FFAMED_SRI_DONE);
}

/* The SPMC lists a VM that libffamed knows but that has no SPMC bitmap. */
static void test_sri_vm_without_bitmap(void **state)
{
	struct fake_host *h = *state;
	struct canned c = { .fid = FFAMED_FID_NOTIF_INFO_GET_64,
			    .reply = { .x = { FFAMED_FID_SUCCESS_64, 0, 1U << 7, VM1 } } };

	fake_vm_find(h, VM1)->st->state &= (uint8_t)~FFAMED_VMS_SP;
	h->hook = hook_canned;
	h->hook_data = &c;
	run_sri(h);
	h->hook = NULL;
	assert_int_equal(h->med.stats.stale_ids, 1);
	assert_int_equal(fake_irq_count(h, VM1, -1, FAKE_NPI), 0);
	fake_vm_find(h, VM1)->st->state |= FFAMED_VMS_SP;
}

/*
 * SP vCPU queue for the scheduler: duplicates merged, and never overflowed:
 * the SRI handler stops asking the SPMC while a whole reply would not fit.
 */
static void test_sched_sp_queue(void **state)
{
	struct fake_host *h = *state; /* scheduler: VM2 */
	struct canned c = { .fid = FFAMED_FID_NOTIF_INFO_GET_64 };
	struct ffamed_regs r;
	unsigned int lists = 0, asked;
	uint16_t id = 0x8003;

	c.reply.x[0] = FFAMED_FID_SUCCESS_64;
	h->hook = hook_canned;
	h->hook_data = &c;
	/* (SP1:[0,1,2]) (SP1:[0]) (SP2:[]) in one round, twice. */
	c.reply.x[2] = 3U << 7 | 3U << 12 | 1U << 14;
	c.reply.x[3] = (uint64_t)2 << 48 | (uint64_t)1 << 32 | (uint64_t)0 << 16 | SP1;
	c.reply.x[4] = (uint64_t)SP2 << 32 | (uint64_t)0 << 16 | SP1;
	run_sri(h);
	run_sri(h);
	assert_int_equal(h->med.sp_count, 4);
	assert_int_equal(fake_irq_count(h, VM2, 0, FAKE_SRI), 1);
	/* Fill the queue, one SP vCPU per reply, until the handler defers. */
	for (int i = 0; i < 2 * FFAMED_MAX_SP_PENDING && run_sri(h) == FFAMED_SRI_DONE; i++) {
		assert_true(h->med.sp_count <= FFAMED_MAX_SP_PENDING);
		c.reply.x[2] = 1U << 7 | 1U << 12;
		c.reply.x[3] = (uint64_t)1 << 16 | id++;
	}
	assert_int_equal(h->med.stats.sri_deferred, 1);
	assert_int_equal(h->med.stats.sp_dropped, 0);
	assert_true(h->med.sp_count <= FFAMED_MAX_SP_PENDING);
	assert_true(h->med.sp_count + FFAMED_INFO_MAX_IDS_64 > FFAMED_MAX_SP_PENDING);
	asked = c.calls;
	assert_int_equal(run_sri(h), FFAMED_SRI_AGAIN);
	assert_int_equal(c.calls, asked); /* the SPMC keeps what we did not ask */
	h->hook = NULL;
	/* The scheduler drains the queue over several INFO_GETs. */
	for (int i = 0; i < 10; i++) {
		r = info_get(h, VM2, false);
		if (fake_status(&r) == FFAMED_RET_NO_DATA)
			break;
		lists += (unsigned int)(r.x[2] >> 7) & 0x1F;
	}
	/* Every entry; SP1's vCPUs 0, 1 and 2 fold into one list. */
	/* The last reply set was never asked for: the handler deferred. */
	assert_int_equal(lists, 4U + (unsigned int)(id - 0x8003) - 1U - 2U);
	assert_int_equal(h->med.sp_count, 0);
	/* Then the handler reads the SPMC again. */
	assert_int_equal(run_sri(h), FFAMED_SRI_DONE);
}

/* A VM the scheduler was told about disappears before its INFO_GET. */
static void test_sched_hint_for_gone_vm(void **state)
{
	struct fake_host *h = *state; /* scheduler: VM2 */
	struct ffamed_regs r;

	assert_int_equal(fake_vm_create(h, VM3, 1), FFAMED_RET_OK);
	assert_int_equal(fake_bind(h, VM3, VM1, 0, 1), FFAMED_RET_OK);
	assert_int_equal(fake_set(h, VM1, VM3, 0, 1), FFAMED_RET_OK);
	assert_int_equal(fake_vm_destroy(h, VM3), FFAMED_RET_OK);
	r = info_get(h, VM2, true);
	assert_int_equal(fake_status(&r), FFAMED_RET_NO_DATA);
	/* A hint left for a VM that is dead but still found is dropped too. */
	assert_int_equal(fake_vm_create(h, VM3, 1), FFAMED_RET_OK);
	assert_int_equal(fake_bind(h, VM3, VM1, 0, 1), FFAMED_RET_OK);
	assert_int_equal(fake_set(h, VM1, VM3, 0, 1), FFAMED_RET_OK);
	fake_vm_find(h, VM3)->st->state ^= FFAMED_VM_LIVE ^ FFAMED_VM_DEAD;
	r = info_get(h, VM2, true);
	assert_int_equal(fake_status(&r), FFAMED_RET_NO_DATA);
	fake_vm_find(h, VM3)->st->state ^= FFAMED_VM_LIVE ^ FFAMED_VM_DEAD;
	/* The scheduler gets one SRI for its own notifications too. */
	assert_int_equal(fake_bind(h, VM2, VM1, 0, 1), FFAMED_RET_OK);
	fake_irq_clear(h);
	assert_int_equal(fake_set(h, VM1, VM2, 0, 1), FFAMED_RET_OK);
	assert_int_equal(fake_irq_count(h, VM2, 0, FAKE_SRI), 1);
	/* A GET that leaves something re-arms the scheduler's report. */
	assert_int_equal(ffamed_raise_hyp_framework(&h->med, VM2, 1), FFAMED_RET_OK);
	r = info_get(h, VM2, true);
	r = fake_get(h, VM2, 0, FFAMED_GET_FLAG_VM);
	r = info_get(h, VM2, true);
	assert_int_equal(r.x[2], 1U << 7);
	assert_int_equal(r.x[3], VM2);
}

/* No scheduler VM found: the SRI goes nowhere, nothing breaks. */
static void test_sched_vm_missing(void **state)
{
	struct fake_host *h = fixture_new(true, 0x44);
	struct ffamed_regs r;

	(void)state;
	assert_int_equal(fake_bind(h, VM1, VM2, 0, 1), FFAMED_RET_OK);
	assert_int_equal(fake_set(h, VM2, VM1, 0, 1), FFAMED_RET_OK);
	assert_int_equal(fake_irq_count(h, VM1, 0, FAKE_NPI), 1);
	assert_int_equal(h->med.stats.sri_raised, 0);
	/* Once it exists it is told at the next news, and reads it all. */
	assert_int_equal(fake_vm_create(h, 0x44, 1), FFAMED_OK);
	assert_int_equal(fake_set(h, VM2, VM1, 0, 1), FFAMED_RET_OK);
	assert_int_equal(fake_irq_count(h, 0x44, 0, FAKE_SRI), 1);
	r = info_get(h, 0x44, true);
	assert_int_equal(r.x[3], VM1);
	assert_false(fake_line(h, 0x44, 0, true));
	fake_host_fini(h);
	free(h);
}

/*
 * A destroy the SPMC keeps refusing: bounded work per call, resumable, then
 * given up, counted, remembered, and taken back when the id is reused.
 */
static void test_destroy_leak_reported(void **state)
{
	struct fake_host *h = *state;
	struct canned c;
	int ret;
	unsigned int calls = 0;

	assert_int_equal(fake_bind(h, VM1, SP1, 0, 0x3), FFAMED_RET_OK);
	assert_int_equal(fake_bind(h, VM1, SP2, 0, 0x4), FFAMED_RET_OK);
	canned_error(h, &c, FFAMED_FID_NOTIF_BITMAP_DESTROY, FFAMED_RET_DENIED);
	while ((ret = fake_vm_destroy_step(h, VM1)) == -FFAMED_ERR_AGAIN)
		calls++;
	assert_int_equal(ret, -FFAMED_ERR_LEAKED);
	assert_true(calls > 1); /* resumable: not all in one call */
	assert_int_equal(c.calls, FFAMED_DESTROY_MAX_ROUNDS);
	assert_int_equal(h->med.stats.destroy_leaked, 1);
	assert_int_equal(h->med.stats.leaks_lost, 0);
	/* Both senders were unbound in the first round. */
	assert_int_equal(model_find_vm(&h->model, VM1)->bound, 0);
	/* Another error ends the retries at once. */
	assert_int_equal(fake_vm_create(h, 0x9, 1), FFAMED_OK);
	canned_error(h, &c, FFAMED_FID_NOTIF_BITMAP_DESTROY, FFAMED_RET_ABORTED);
	assert_int_equal(fake_vm_destroy(h, 0x9), -FFAMED_ERR_LEAKED);
	assert_int_equal(c.calls, 1);
	h->hook = NULL;
	/* The leaked slot of VM1 is taken back when the id is reused. */
	assert_int_equal(fake_vm_create(h, VM1, 1), FFAMED_OK);
	assert_int_equal(h->med.stats.reclaimed, 1);
	assert_true(ffamed_vm_sp_enabled(fake_vm_find(h, VM1)->st));
}

static void test_create_error_and_probe_errors(void **state)
{
	struct fake_host *h = *state;
	struct canned c;

	canned_error(h, &c, FFAMED_FID_NOTIF_BITMAP_CREATE, FFAMED_RET_NO_MEMORY);
	assert_int_equal(fake_vm_create(h, 0x9, 1), FFAMED_OK); /* VM-to-VM only */
	assert_int_equal(fake_vm_destroy(h, 0x9), FFAMED_OK);
	canned_error(h, &c, FFAMED_FID_NOTIF_BITMAP_CREATE, FFAMED_RET_ABORTED);
	assert_int_equal(fake_vm_create(h, 0x9, 1), -FFAMED_ERR_SPMC);
	/* SRI feature answered with an INTID that cannot be one. */
	memset(&c, 0, sizeof(c));
	c.fid = FFAMED_FID_FEATURES;
	c.reply.x[0] = FFAMED_FID_SUCCESS_32;
	c.reply.x[2] = 4096;
	assert_int_equal(ffamed_probe(&h->med), -FFAMED_ERR_NOSPMC);
	assert_false(ffamed_spmc_notif_enabled(&h->med));
	h->hook = NULL;
	assert_int_equal(ffamed_probe(&h->med), FFAMED_RET_OK);
}

static void test_bad_api_arguments(void **state)
{
	struct fake_host *h = *state;
	const struct ffamed_config cfg = { 0 };
	struct ffamed_ops ops = h->ops;
	struct ffamed med;

	assert_int_equal(ffamed_init(NULL, &ops, NULL, &cfg), -FFAMED_ERR_INVAL);
	assert_int_equal(ffamed_init(&med, NULL, NULL, &cfg), -FFAMED_ERR_INVAL);
	assert_int_equal(ffamed_init(&med, &ops, NULL, NULL), -FFAMED_ERR_INVAL);
	ops.vm_get = NULL;
	assert_int_equal(ffamed_init(&med, &ops, NULL, &cfg), -FFAMED_ERR_INVAL);
	ops = h->ops;
	ops.vm_put = NULL;
	assert_int_equal(ffamed_init(&med, &ops, NULL, &cfg), -FFAMED_ERR_INVAL);
	assert_int_equal(ffamed_vm_init(NULL, NULL, NULL), -FFAMED_ERR_INVAL);
	assert_int_equal(ffamed_vm_destroy(NULL, NULL), -FFAMED_ERR_INVAL);
	assert_int_equal(ffamed_raise_hyp_framework(NULL, 1, 1), -FFAMED_ERR_INVAL);
	assert_int_equal(ffamed_raise_hyp_framework(&h->med, 0x8001, 1), -FFAMED_ERR_INVAL);
}

static void test_bind_edge_cases(void **state)
{
	struct fake_host *h = *state;
	struct ffamed_regs r;

	/* An id held by a live VM is refused, never taken over. */
	assert_int_equal(fake_vm_create(h, VM3, 1), -FFAMED_ERR_BUSY);
	/* A sender that the host still finds but that is dead. */
	fake_vm_find(h, VM3)->st->state ^= FFAMED_VM_LIVE ^ FFAMED_VM_DEAD;
	assert_int_equal(fake_bind(h, VM1, VM3, 0, 1), FFAMED_RET_INVALID_PARAMETERS);
	fake_vm_find(h, VM3)->st->state ^= FFAMED_VM_LIVE ^ FFAMED_VM_DEAD;
	/* A binding outlives its sender: UNBIND naming the gone id frees it. */
	assert_int_equal(fake_bind(h, VM1, VM3, 0, 1), FFAMED_RET_OK);
	assert_int_equal(fake_vm_destroy(h, VM3), FFAMED_RET_OK);
	assert_int_equal(fake_bind(h, VM1, VM2, 0, 1), FFAMED_RET_DENIED);
	assert_int_equal(fake_unbind(h, VM1, VM3, 1), FFAMED_RET_OK);
	assert_int_equal(fake_bind(h, VM1, VM2, 0, 1), FFAMED_RET_OK);
	/* Rebinding as per-vCPU clears the global mode and back. */
	assert_int_equal(fake_unbind(h, VM1, VM2, 1), FFAMED_RET_OK);
	assert_int_equal(fake_bind(h, VM1, VM2, FFAMED_NOTIF_FLAG_PER_VCPU, 1), FFAMED_RET_OK);
	assert_int_equal(fake_set(h, VM2, VM1, 0, 1), FFAMED_RET_INVALID_PARAMETERS);
	/* FFA_FEATURES with a malformed feature id is the host's. */
	r = fake_call(h, VM1, FFAMED_FID_FEATURES, 0x101, 0, 0, 0);
	assert_int_equal(r.x[0], FFAMED_FID_FEATURES);
	/* SP rebinding: global -> per-vCPU in the mirror. */
	assert_int_equal(fake_bind(h, VM1, SP1, FFAMED_NOTIF_FLAG_PER_VCPU, 0x10), FFAMED_RET_OK);
	assert_int_equal(fake_unbind(h, VM1, SP1, 0x10), FFAMED_RET_OK);
	assert_int_equal(fake_bind(h, VM1, SP1, 0, 0x10), FFAMED_RET_OK);
	assert_int_equal(fake_vm_find(h, VM1)->st->sp_sender[4], SP1);
	assert_int_equal(fake_unbind(h, VM1, SP1, 0x10), FFAMED_RET_OK);
	assert_int_equal(fake_vm_find(h, VM1)->st->sp_sender[4], 0);
}

int main(void)
{
#define M(f) cmocka_unit_test_setup_teardown(f, fixture_minimal, fixture_free)
#define MS(f) cmocka_unit_test_setup_teardown(f, fixture_minimal_sched, fixture_free)
#define T(f) cmocka_unit_test_setup_teardown(f, fixture_spmc, fixture_free)
	const struct CMUnitTest tests[] = {
		M(test_minimal_ops),
		T(test_all_vcpus_offline),
		cmocka_unit_test_setup_teardown(test_edge_npi_first_online,
						fixture_edge_online, fixture_free),
		cmocka_unit_test_setup_teardown(test_edge_sri_self,
						fixture_edge_sri_self, fixture_free),
		cmocka_unit_test_setup_teardown(test_level_carrier_without_online_op,
						fixture_level_no_online, fixture_free),
		T(test_get_spmc_error),
		M(test_sri_error_and_hyp_without_op),
		T(test_sri_vm_without_bitmap),
		MS(test_sched_sp_queue),
		MS(test_sched_hint_for_gone_vm),
		T(test_sched_vm_missing),
		T(test_destroy_leak_reported),
		T(test_create_error_and_probe_errors),
		T(test_bad_api_arguments),
		T(test_bind_edge_cases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
