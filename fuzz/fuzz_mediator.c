/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * libFuzzer harness: the input is a sequence of operations on the real core
 * with the fake host and the SPMC model around it.
 *
 * Byte 0 picks the mode: honest (the model answers every SMC) or hostile
 * (queued SMC replies of any shape come first). After every step:
 *  - a guest call changed no other VM's state, except a successful SET adding
 *    bits bound to the caller to the receiver's VM bitmap;
 *  - VM-bitmap bits pending anywhere are bound, in the binding's mode;
 *  - honest mode: GET returns only what was set, and at the end every VM
 *    gets back everything set for it (nothing lost).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fake_host.h"
#include "ffamed_internal.h"

#define NVM 4
#define FAIL() __builtin_trap()

struct input {
	const uint8_t *p;
	size_t n;
};

static uint8_t u8(struct input *in)
{
	if (in->n == 0)
		return 0;
	in->n--;
	return *in->p++;
}

static uint32_t u32(struct input *in)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++)
		v = v << 8 | u8(in);
	return v;
}

static uint64_t u64(struct input *in)
{
	return (uint64_t)u32(in) << 32 | u32(in);
}

static const uint32_t fids[] = {
	FFAMED_FID_NOTIF_BIND, FFAMED_FID_NOTIF_UNBIND, FFAMED_FID_NOTIF_SET,
	FFAMED_FID_NOTIF_GET, FFAMED_FID_NOTIF_INFO_GET_32,
	FFAMED_FID_NOTIF_INFO_GET_64, FFAMED_FID_FEATURES,
	FFAMED_FID_NOTIF_BITMAP_CREATE, FFAMED_FID_NOTIF_BITMAP_DESTROY,
};

/* Hostile SPMC: queued replies answer the next SMCs. */
struct hostile {
	struct ffamed_regs q[8];
	unsigned int n;
};

static bool hook_hostile(struct fake_host *h, const struct ffamed_regs *in,
			 struct ffamed_regs *out)
{
	struct hostile *x = h->hook_data;

	(void)in;
	if (x->n == 0)
		return false;
	*out = x->q[--x->n];
	return true;
}

/* What was set and not yet got, per VM: [0] global, [1 + v] per vCPU. */
struct shadow {
	uint64_t vm[NVM + 1][1 + MODEL_MAX_VCPUS];
	uint64_t sp[NVM + 1][1 + MODEL_MAX_VCPUS];
};

static struct ffamed_vm *state_of(struct fake_host *h, uint16_t id)
{
	struct fake_vm *vm = fake_vm_find(h, id);

	return vm != NULL ? vm->st : NULL;
}

static void check_bound(const struct ffamed_vm *vm)
{
	if ((vm->vm_pend & ~(vm->vm_bound & ~vm->vm_per_vcpu)) != 0U)
		FAIL();
	for (uint16_t v = 0; v < vm->vcpu_count; v++)
		if ((vm->vcpu[v].vm_pend & ~(vm->vm_bound & vm->vm_per_vcpu)) != 0U)
			FAIL();
}

/* Other VMs after a call by caller: only SET may add caller-bound VM bits. */
static void check_isolation(const struct ffamed_vm *before,
			    const struct ffamed_vm *after, uint16_t caller,
			    uint32_t caller_gen)
{
	uint64_t allowed = 0;

	for (unsigned int b = 0; b < 64; b++)
		if ((after->vm_bound >> b & 1U) && after->vm_sender[b] == caller &&
		    after->vm_sender_gen[b] == caller_gen)
			allowed |= 1ULL << b;
	if (before->vm_bound != after->vm_bound || before->sp_bound != after->sp_bound ||
	    before->vm_per_vcpu != after->vm_per_vcpu ||
	    before->sp_pend != after->sp_pend || before->spm_pend != after->spm_pend ||
	    before->hyp_pend != after->hyp_pend || before->state != after->state ||
	    memcmp(before->vm_sender, after->vm_sender, sizeof(before->vm_sender)) ||
	    memcmp(before->sp_sender, after->sp_sender, sizeof(before->sp_sender)))
		FAIL();
	if ((after->vm_pend & ~before->vm_pend & ~allowed) != 0U ||
	    (before->vm_pend & ~after->vm_pend) != 0U)
		FAIL();
	for (uint16_t v = 0; v < after->vcpu_count; v++) {
		const struct ffamed_vcpu_state *a = &after->vcpu[v], *b = &before->vcpu[v];

		if (a->sp_pend != b->sp_pend || (b->vm_pend & ~a->vm_pend) != 0U ||
		    (a->vm_pend & ~b->vm_pend & ~allowed) != 0U)
			FAIL();
	}
}

static void guest_call(struct fake_host *h, struct shadow *sh, bool honest,
		       struct input *in)
{
	const uint16_t caller = (uint16_t)(1 + u8(in) % NVM);
	const uint8_t sel = u8(in);
	struct ffamed_vm before[NVM + 1];
	struct ffamed_vm *me = state_of(h, caller);
	struct ffamed_regs r;
	uint32_t gen = me != NULL ? me->gen : 0;
	uint32_t fid;

	memset(&r, 0, sizeof(r));
	r.x[0] = sel < 200 ? fids[sel % (sizeof(fids) / sizeof(fids[0]))] : u32(in);
	if (sel & 1)
		r.x[0] |= FFAMED_SMCCC_SVE_HINT;
	r.x[1] = u32(in);
	/* Mostly well-formed ids, so that deep paths are reached. */
	if (sel & 2)
		r.x[1] = (r.x[1] & 0xFFFF0000U) | caller;
	if (sel & 4)
		r.x[1] = (r.x[1] & 0xFFFFU) | (uint32_t)caller << 16;
	r.x[2] = u8(in) & 0x80 ? u32(in) : (u8(in) & 0x7);
	r.x[3] = u32(in);
	r.x[4] = u32(in);
	for (uint16_t id = 1; id <= NVM; id++) {
		struct ffamed_vm *st = state_of(h, id);

		if (st != NULL)
			before[id] = *st;
	}

	fid = (uint32_t)r.x[0] & ~FFAMED_SMCCC_SVE_HINT;
	(void)fake_call_regs(h, caller, &r);

	for (uint16_t id = 1; id <= NVM; id++) {
		struct ffamed_vm *st = state_of(h, id);

		if (st == NULL)
			continue;
		check_bound(st);
		if (id != caller)
			check_isolation(&before[id], st, caller, gen);
	}
	if (me == NULL || (uint32_t)r.x[0] != FFAMED_FID_SUCCESS_32)
		return;

	/* Follow successful GETs in the shadow (SETs: shadow_from_state). */
	if (fid == FFAMED_FID_NOTIF_GET) {
		const uint64_t vmbits = fake_bitmap(&r, 4);
		const uint64_t spbits = fake_bitmap(&r, 2);
		uint64_t may_vm = 0, may_sp = 0;

		for (unsigned int i = 0; i <= MODEL_MAX_VCPUS; i++) {
			may_vm |= sh->vm[caller][i];
			may_sp |= sh->sp[caller][i];
		}
		if ((vmbits & ~may_vm) != 0U)
			FAIL();
		if (honest && (spbits & ~may_sp) != 0U)
			FAIL();
		for (unsigned int i = 0; i <= MODEL_MAX_VCPUS; i++) {
			sh->vm[caller][i] &= ~vmbits;
			sh->sp[caller][i] &= ~spbits;
		}
	}
}

/* Record a successful VM -> VM SET made through guest_call: re-derive it. */
static void shadow_from_state(struct fake_host *h, struct shadow *sh)
{
	for (uint16_t id = 1; id <= NVM; id++) {
		const struct ffamed_vm *st = state_of(h, id);

		if (st == NULL)
			continue;
		sh->vm[id][0] |= st->vm_pend;
		for (uint16_t v = 0; v < st->vcpu_count; v++)
			sh->vm[id][1 + v] |= st->vcpu[v].vm_pend;
	}
}

static void drain_and_check(struct fake_host *h, struct shadow *sh)
{
	h->hook = NULL;
	for (int round = 0; round < 4; round++) {
		(void)ffamed_sri_handle(&h->med);
		for (uint16_t id = 1; id <= NVM; id++) {
			const struct ffamed_vm *st = state_of(h, id);

			if (st == NULL)
				continue;
			for (uint16_t v = 0; v < st->vcpu_count; v++) {
				struct ffamed_regs r = fake_get(h, id, v, FFAMED_GET_FLAGS_ALL);

				for (unsigned int i = 0; i <= MODEL_MAX_VCPUS; i++) {
					sh->vm[id][i] &= ~fake_bitmap(&r, 4);
					sh->sp[id][i] &= ~fake_bitmap(&r, 2);
				}
			}
		}
	}
	for (uint16_t id = 1; id <= NVM; id++) {
		if (state_of(h, id) == NULL)
			continue;
		for (unsigned int i = 0; i <= MODEL_MAX_VCPUS; i++)
			if (sh->vm[id][i] != 0U || sh->sp[id][i] != 0U)
				FAIL(); /* a notification was lost */
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct ffamed_config cfg = {
		.npi_intid = FAKE_NPI, .sri_intid = FAKE_SRI,
	};
	struct input in = { data, size };
	struct fake_host *h = calloc(1, sizeof(*h));
	struct shadow sh;
	struct hostile x = { .n = 0 };
	const uint8_t mode = u8(&in);
	const bool honest = (mode & 1) == 0;
	unsigned int steps = 0;

	if (h == NULL)
		return 0;
	memset(&sh, 0, sizeof(sh));
	fake_host_init(h, true, &cfg);
	h->model.deny_destroy_if_bound = (mode & 2) != 0;
	if (mode & 4)
		h->med.cfg.sched_vm_id = 1;
	h->hook = honest ? NULL : hook_hostile;
	h->hook_data = &x;
	(void)fake_host_start(h);
	(void)fake_vm_create(h, 1, 2);
	(void)fake_vm_create(h, 2, 4);

	while (in.n > 0 && steps++ < 256) {
		const uint8_t op = u8(&in);
		const uint16_t id = (uint16_t)(1 + u8(&in) % NVM);

		switch (op % 9) {
		case 0:
		case 1:
			guest_call(h, &sh, honest, &in);
			shadow_from_state(h, &sh);
			break;
		case 2: {
			const uint64_t bm = u64(&in);
			const bool per = u8(&in) & 1;
			const uint16_t v = (uint16_t)(u8(&in) % 5);

			if (model_sp_set(&h->model, 0x8001, id, bm, per, v) == 0)
				sh.sp[id][per ? 1 + v : 0] |= bm;
			break;
		}
		case 3:
			(void)ffamed_sri_handle(&h->med);
			break;
		case 4:
			if (fake_vm_find(h, id) == NULL) {
				(void)fake_vm_create(h, id, (uint16_t)(1 + u8(&in) % 4));
				memset(sh.vm[id], 0, sizeof(sh.vm[id]));
				memset(sh.sp[id], 0, sizeof(sh.sp[id]));
			}
			break;
		case 5:
			(void)fake_vm_destroy(h, id);
			memset(sh.vm[id], 0, sizeof(sh.vm[id]));
			memset(sh.sp[id], 0, sizeof(sh.sp[id]));
			break;
		case 6:
			(void)ffamed_raise_hyp_framework(&h->med, id, u32(&in));
			break;
		case 7:
			(void)model_sp_bind(&h->model, 0x8001, id, u64(&in), u8(&in) & 1);
			break;
		case 8:
			if (!honest && x.n < 8) {
				struct ffamed_regs *q = &x.q[x.n++];

				memset(q, 0, sizeof(*q));
				q->x[0] = u8(&in) & 1 ? FFAMED_FID_SUCCESS_64 : u32(&in);
				for (int i = 1; i < 8; i++)
					q->x[i] = u64(&in);
			} else {
				struct fake_vm *vm = fake_vm_find(h, id);

				if (vm != NULL)
					vm->offline[u8(&in) % MODEL_MAX_VCPUS] ^= true;
			}
			break;
		}
	}
	if (honest)
		drain_and_check(h, &sh);
	fake_host_fini(h);
	free(h);
	return 0;
}
