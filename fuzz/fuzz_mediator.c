/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * libFuzzer harness: the input is a sequence of operations on the real core
 * with the fake host and the reference SPMC model around it.
 *
 * Byte 0 picks the mode: honest (the model answers every SMC) or hostile
 * (queued SMC replies of any shape come first), level or edge lines, a
 * scheduler VM or not; byte 1 the model's options (OP-TEE's destroy, a slot
 * limit, repeated INFO_GET reporting). After every step:
 *  - a guest call changed no other VM's state, except a successful SET adding
 *    bits bound to the caller to the receiver's VM bitmap; VM bits pending
 *    anywhere are bound, in the binding's mode;
 *  - GET returns exactly the VM and hypervisor bits set and not yet got, and
 *    (honest) only SP bits an SP set on a bit bound to it now: a bit UNBIND
 *    freed is never delivered again, nor one SP's bit as another's, and
 *    UNBIND never succeeds while a notification for the bit is pending;
 *  - (honest, level) a vCPU with something pending it was told about has
 *    its NPI line up; a line is up only for that, or on one vCPU carrying
 *    the VM's global bits;
 *  - a reader whose INFO_GET reported everything has its SRI line down;
 *  - destroy: 1 SMC for an idle VM; at most FFAMED_DESTROY_STEP_SMCS per
 *    call and a bounded number of calls; (honest) done, slot freed, unless
 *    an SP or a stubborn SPMC kept it busy; init of a live or dying id is
 *    BUSY, of a free one succeeds;
 *  - every SP vCPU the SPMC lists reaches the host (sp_pending) or the
 *    scheduler VM's INFO_GET, none dropped;
 *  - at the end (honest): every VM gets everything set for it, and once
 *    each id is created and destroyed again no SPMC slot is left.
 * A broken invariant prints its name and traps.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_host.h"
#include "ffamed_internal.h"

#define NVM      4
#define NSP      MODEL_MAX_SPS
#define SP_VCPUS MODEL_MAX_VCPUS
#define MAXV     MODEL_MAX_VCPUS
#define FAIL(why) fail(why, __LINE__)

/* FUZZ_DEBUG=1 when replaying a crash: the operations and the lines. */
static bool debug;

static void fail(const char *why, int line)
{
	fprintf(stderr, "fuzz_mediator: invariant broken: %s (line %d)\n", why,
		line);
	__builtin_trap();
}

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

/* A small bitmap most of the time: bits collide, so bindings interact. */
static uint64_t bits(struct input *in)
{
	const uint8_t b = u8(in);

	return b & 0x80 ? u64(in) : (uint64_t)(b & 0xF) << (b >> 4 & 7) * 4;
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

/* Honest mode: count BITMAP_DESTROYs per id, let the model answer. */
static unsigned int destroys[FFAMED_VM_ID_LIMIT];

static bool hook_count(struct fake_host *h, const struct ffamed_regs *in,
		       struct ffamed_regs *out)
{
	(void)h;
	(void)out;
	if ((uint32_t)in->x[0] == FFAMED_FID_NOTIF_BITMAP_DESTROY &&
	    (uint32_t)in->x[1] < FFAMED_VM_ID_LIMIT)
		destroys[(uint32_t)in->x[1]]++;
	return false;
}

/* What the harness knows, independently of the core. */
struct world {
	struct fake_host *h;
	bool honest, level, sched, stubborn;
	/* VM -> VM bits set and not got: [0] global, [1 + v] per vCPU. */
	uint64_t vm[NVM + 1][1 + MAXV];
	/* SP -> VM bits set and not got, and which SP set each bit. */
	uint64_t sp[NVM + 1][1 + MAXV];
	uint16_t sp_from[NVM + 1][64];
	/* SP bindings of each VM's bits, as BIND/UNBIND answered. */
	uint16_t sp_bind[NVM + 1][64];
	uint32_t hyp[NVM + 1];
	/* SP/SPM state the SPMC's INFO_GET listed that no SP GET has taken. */
	bool listed[NVM + 1][1 + MAXV];
	/* SP vCPUs the SPMC listed, not yet passed on: [sp][0] global. */
	bool owed[NSP][1 + SP_VCPUS];
	bool dying[NVM + 1];        /* destroy said AGAIN */
	bool disturbed[NVM + 1];    /* an SP set bits while it was dying */
	unsigned int steps[NVM + 1];
	unsigned int leaked;        /* destroys that gave up */
};

static struct world *g_world; /* for the sp_pending callback */

static struct fake_vm *vm_of(struct world *w, uint16_t id)
{
	return fake_vm_find(w->h, id);
}

static struct ffamed_vm *state_of(struct world *w, uint16_t id)
{
	struct fake_vm *vm = vm_of(w, id);

	return vm != NULL ? vm->st : NULL;
}

static bool live(struct world *w, uint16_t id)
{
	const struct ffamed_vm *st = state_of(w, id);

	return st != NULL && ffamed_vm_live(st);
}

static void forget(struct world *w, uint16_t id)
{
	memset(w->vm[id], 0, sizeof(w->vm[id]));
	memset(w->sp[id], 0, sizeof(w->sp[id]));
	memset(w->sp_from[id], 0, sizeof(w->sp_from[id]));
	memset(w->sp_bind[id], 0, sizeof(w->sp_bind[id]));
	w->hyp[id] = 0;
	memset(w->listed[id], 0, sizeof(w->listed[id]));
	w->dying[id] = false;
	w->disturbed[id] = false;
	w->steps[id] = 0;
}

/* The VM sender bound to bit b of vm, or 0 (libffamed's vm_bound/vm_sender). */
static uint16_t vm_sender_of(const struct ffamed_vm *vm, unsigned int b)
{
	return (vm->vm_bound >> b & 1U) != 0U ? (uint16_t)(vm->vm_sender[b] & 0x7FFFU) : 0U;
}

/* Bits bound to a VM sender per-vCPU. */
static uint64_t vm_per_vcpu(const struct ffamed_vm *vm)
{
	uint64_t m = 0;

	for (unsigned int b = 0; b < 64; b++)
		if ((vm->vm_bound >> b & 1U) != 0U && (vm->vm_sender[b] & 0x8000U) != 0U)
			m |= 1ULL << b;
	return m;
}

static void check_bound(const struct ffamed_vm *vm)
{
	const uint64_t bound = vm->vm_bound, per = vm_per_vcpu(vm);

	if ((vm->vm_pend & ~(bound & ~per)) != 0U)
		FAIL("global VM bits pending but not bound global");
	for (uint16_t v = 0; v < vm->vcpu_count; v++)
		if ((vm->vcpu[v].vm_pend & ~(bound & per)) != 0U)
			FAIL("per-vCPU VM bits pending but not bound per-vCPU");
}

/* The VM bindings as (sender, mode) per bit, for comparing two states. */
static bool same_vm_bindings(const struct ffamed_vm *a, const struct ffamed_vm *b)
{
	if (a->vm_bound != b->vm_bound)
		return false;
	for (unsigned int i = 0; i < 64; i++)
		if ((a->vm_bound >> i & 1U) != 0U && a->vm_sender[i] != b->vm_sender[i])
			return false;
	return true;
}

struct snap {
	struct ffamed_vm vm;
	struct ffamed_vcpu vcpu[MAXV];
	bool present;
};

static void take_snap(struct world *w, struct snap *s)
{
	for (uint16_t id = 1; id <= NVM; id++) {
		const struct ffamed_vm *st = state_of(w, id);

		s[id].present = st != NULL;
		if (st == NULL)
			continue;
		s[id].vm = *st;
		memcpy(s[id].vcpu, st->vcpu,
		       sizeof(s[id].vcpu[0]) * (st->vcpu_count < MAXV ?
						st->vcpu_count : MAXV));
	}
}

/* Other VMs after a call by caller: only SET may add caller-bound VM bits. */
static void check_isolation(const struct snap *b, const struct ffamed_vm *after,
			    uint16_t caller)
{
	const struct ffamed_vm *before = &b->vm;
	uint64_t allowed = 0;

	for (unsigned int i = 0; i < 64; i++)
		if (vm_sender_of(after, i) == caller)
			allowed |= 1ULL << i;
	if (!same_vm_bindings(before, after) ||
	    before->spm_pend != after->spm_pend ||
	    before->hyp_pend != after->hyp_pend || before->state != after->state ||
	    memcmp(before->sp_sender, after->sp_sender, sizeof(before->sp_sender)))
		FAIL("a guest call changed another VM");
	if ((after->vm_pend & ~before->vm_pend & ~allowed) != 0U ||
	    (before->vm_pend & ~after->vm_pend) != 0U)
		FAIL("a guest call changed another VM's global bits");
	for (uint16_t v = 0; v < after->vcpu_count && v < MAXV; v++) {
		const uint64_t a = after->vcpu[v].vm_pend, p = b->vcpu[v].vm_pend;

		if ((p & ~a) != 0U || (a & ~p & ~allowed) != 0U)
			FAIL("a guest call changed another VM's per-vCPU bits");
	}
}

static bool npi_up(struct world *w, uint16_t id, uint16_t v)
{
	return vm_of(w, id)->line[v][0];
}

/*
 * Level lines of live VMs (honest): told-about pending state <=> line up.
 * "Told about" is what the harness can see: VM and hypervisor bits, SP and
 * SPM state the SPMC has reported by INFO_GET and no GET has taken, and SPM
 * bits the core took from the SPMC for a GET that did not ask for them.
 */
static void check_lines(struct world *w)
{
	if (!w->honest || !w->level)
		return;
	for (uint16_t id = 1; id <= NVM; id++) {
		const struct ffamed_vm *st = state_of(w, id);
		bool global;
		unsigned int extra = 0, up = 0;

		if (st == NULL || !ffamed_vm_live(st))
			continue;
		global = w->vm[id][0] != 0U || w->hyp[id] != 0U || st->spm_pend != 0U ||
			 w->listed[id][0];
		if (debug) {
			fprintf(stderr, "VM %u global %d (vm %llx hyp %x spm %x listed %d) lines:", id, global,
				(unsigned long long)w->vm[id][0], w->hyp[id], st->spm_pend,
				(st->flags & FFAMED_VMF_LISTED) != 0);
			for (uint16_t v = 0; v < st->vcpu_count; v++)
				fprintf(stderr, " %d(vm %llx fl %x)", npi_up(w, id, v),
					(unsigned long long)w->vm[id][1 + v], st->vcpu[v].flags);
			fprintf(stderr, " npi_vcpu %u\n", st->npi_vcpu);
		}
		for (uint16_t v = 0; v < st->vcpu_count; v++) {
			const bool mine = w->vm[id][1 + v] != 0U || w->listed[id][1 + v];
			const bool line = npi_up(w, id, v);

			up += line;
			if (mine && !line)
				FAIL("NPI line down while the vCPU has something pending");
			if (line && !mine)
				extra++;
		}
		if (global && up == 0)
			FAIL("NPI line down everywhere while global bits are pending");
		if (extra > (global ? 1U : 0U))
			FAIL("NPI line up with nothing pending for the vCPU");
	}
}

/* A reader told everything by its INFO_GET has its SRI down. */
static void check_sri_lowered(struct world *w, uint16_t reader,
			      const struct ffamed_regs *r)
{
	const bool nodata = fake_status(r) == FFAMED_RET_NO_DATA;
	const bool all = nodata || ((uint32_t)r->x[0] != FFAMED_FID_ERROR &&
				    (r->x[2] & 1U) == 0U);
	struct fake_vm *vm = vm_of(w, reader);

	if (!w->level || !all || vm == NULL || !live(w, reader))
		return;
	for (uint16_t v = 0; v < vm->vcpus; v++)
		if (vm->line[v][1])
			FAIL("SRI line left up after INFO_GET reported everything");
}

/* The scheduler's INFO_GET listed SP vCPUs: they are no longer owed. */
static void sched_read(struct world *w, const struct ffamed_regs *r, bool is64)
{
	const unsigned int per = is64 ? 4 : 2;
	const unsigned int n_lists = (unsigned int)(r->x[2] >> 7 & 0x1F);
	unsigned int k = 0;

	if ((uint32_t)r->x[0] == FFAMED_FID_ERROR)
		return;
	for (unsigned int i = 0; i < n_lists; i++) {
		const unsigned int n = (unsigned int)(r->x[2] >> (12 + 2 * i) & 3);
		const uint16_t id = (uint16_t)(r->x[3 + k / per] >> 16 * (k % per));
		const unsigned int sp = (unsigned int)id - MODEL_FIRST_SP;

		k++;
		if (sp < NSP && n == 0)
			w->owed[sp][0] = false;
		for (unsigned int j = 0; j < n; j++, k++) {
			const uint16_t v = (uint16_t)(r->x[3 + k / per] >> 16 * (k % per));

			if (sp < NSP && v < SP_VCPUS)
				w->owed[sp][1 + v] = false;
		}
	}
}

static void op_sp_pending(void *host, uint16_t sp_id, bool per_vcpu,
			  uint16_t vcpu)
{
	const unsigned int sp = (unsigned int)sp_id - MODEL_FIRST_SP;

	(void)host;
	if (sp < NSP && (!per_vcpu || vcpu < SP_VCPUS))
		g_world->owed[sp][per_vcpu ? 1 + vcpu : 0] = false;
}

/* After a GET (any route): what came back against what the harness knows. */
static void got(struct world *w, uint16_t id, uint16_t v, uint32_t flags,
		const struct ffamed_regs *r)
{
	const uint64_t vmbits = fake_bitmap(r, 4), spbits = fake_bitmap(r, 2);
	const struct ffamed_vm *st = state_of(w, id);
	const bool sp_ok = st != NULL && ffamed_vm_sp_enabled(st);

	if ((uint32_t)r->x[0] != FFAMED_FID_SUCCESS_32 || v >= MAXV)
		return;
	if ((flags & FFAMED_GET_FLAG_VM) != 0U &&
	    vmbits != (w->vm[id][0] | w->vm[id][1 + v]))
		FAIL("GET: VM bitmap is not what was set and not got");
	if ((flags & FFAMED_GET_FLAG_HYP) != 0U && (uint32_t)r->x[7] != w->hyp[id])
		FAIL("GET: hypervisor bitmap is not what was raised");
	if ((flags & FFAMED_GET_FLAG_VM) != 0U) {
		w->vm[id][0] = 0;
		w->vm[id][1 + v] = 0;
	}
	if ((flags & FFAMED_GET_FLAG_HYP) != 0U)
		w->hyp[id] = 0;
	if ((flags & FFAMED_GET_FLAG_SP) != 0U) {
		w->listed[id][0] = false;
		w->listed[id][1 + v] = false;
	}
	if (!w->honest || (flags & FFAMED_GET_FLAG_SP) == 0U || !sp_ok)
		return;
	if (spbits != (w->sp[id][0] | w->sp[id][1 + v]))
		FAIL("GET: SP bitmap is not what SPs set and not got");
	for (uint64_t m = spbits; m != 0U; m &= m - 1U) {
		const unsigned int b = (unsigned int)__builtin_ctzll(m);

		if (w->sp_bind[id][b] == 0U)
			FAIL("GET: an SP notification for an unbound bit");
		if (w->sp_from[id][b] != w->sp_bind[id][b])
			FAIL("GET: one SP's notification delivered for another");
	}
	w->sp[id][0] = 0;
	w->sp[id][1 + v] = 0;
}

static uint64_t sp_pending_bits(struct world *w, uint16_t id)
{
	uint64_t p = 0;

	for (unsigned int i = 0; i <= MAXV; i++)
		p |= w->sp[id][i];
	return p;
}

/* After BIND/UNBIND with an SP sender (any route). */
static void bound(struct world *w, uint16_t id, bool bind, uint16_t sender,
		  uint64_t bm, const struct ffamed_regs *r)
{
	if (fake_status(r) != FFAMED_RET_OK || !ffamed_id_is_sp(sender))
		return;
	if (!bind && w->honest && (sp_pending_bits(w, id) & bm) != 0U)
		FAIL("UNBIND succeeded while a notification for the bit is pending");
	for (uint64_t m = bm; m != 0U; m &= m - 1U)
		w->sp_bind[id][__builtin_ctzll(m)] = bind ? sender : 0U;
}

/* One guest call from caller, with every check. */
static void call(struct world *w, uint16_t caller, struct ffamed_regs *r)
{
	struct snap before[NVM + 1];
	const uint32_t fid = (uint32_t)r->x[0] & ~FFAMED_SMCCC_SVE_HINT;
	const struct ffamed_regs args = *r;
	const bool was_live = live(w, caller);

	take_snap(w, before);
	(void)fake_call_regs(w->h, caller, r);
	for (uint16_t id = 1; id <= NVM; id++) {
		struct ffamed_vm *st = state_of(w, id);

		if (st == NULL)
			continue;
		check_bound(st);
		if (id != caller && before[id].present && before[id].vm.vcpu == st->vcpu)
			check_isolation(&before[id], st, caller);
	}
	if (!was_live)
		return;
	switch (fid) {
	case FFAMED_FID_NOTIF_GET:
		if ((uint16_t)args.x[1] == caller)
			got(w, caller, (uint16_t)(args.x[1] >> 16),
			    (uint32_t)args.x[2], r);
		break;
	case FFAMED_FID_NOTIF_BIND:
	case FFAMED_FID_NOTIF_UNBIND:
		if ((uint16_t)args.x[1] == caller)
			bound(w, caller, fid == FFAMED_FID_NOTIF_BIND,
			      (uint16_t)(args.x[1] >> 16), fake_bitmap(&args, 3), r);
		break;
	case FFAMED_FID_NOTIF_SET: {
		const uint16_t rx = (uint16_t)args.x[1];
		const uint32_t flags = (uint32_t)args.x[2];
		const uint16_t v = (uint16_t)(flags >> 16);

		if (fake_status(r) != FFAMED_RET_OK || rx == 0 || rx > NVM)
			break;
		if (flags & FFAMED_NOTIF_FLAG_PER_VCPU) {
			if (v < MAXV)
				w->vm[rx][1 + v] |= fake_bitmap(&args, 3);
		} else {
			w->vm[rx][0] |= fake_bitmap(&args, 3);
		}
		break;
	}
	case FFAMED_FID_NOTIF_INFO_GET_32:
	case FFAMED_FID_NOTIF_INFO_GET_64:
		check_sri_lowered(w, caller, r);
		if (w->sched && caller == w->h->med.cfg.sched_vm_id)
			sched_read(w, r, fid == FFAMED_FID_NOTIF_INFO_GET_64);
		break;
	default:
		break;
	}
}

static void guest_random(struct world *w, struct input *in)
{
	const uint16_t caller = (uint16_t)(1 + u8(in) % NVM);
	const uint8_t sel = u8(in);
	struct ffamed_regs r;

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
	call(w, caller, &r);
}

static void guest(struct world *w, uint16_t caller, uint32_t fid, uint32_t w1,
		  uint32_t w2, uint64_t bm, struct ffamed_regs *r)
{
	memset(r, 0, sizeof(*r));
	r->x[0] = fid;
	r->x[1] = w1;
	r->x[2] = w2;
	r->x[3] = (uint32_t)bm;
	r->x[4] = bm >> 32;
	call(w, caller, r);
}

/* The SRI handler, and what the SPMC listed in it. */
static void sri(struct world *w)
{
	struct model_rx old[NSP];

	memcpy(old, w->h->model.sps, sizeof(old));
	(void)ffamed_sri_handle(&w->h->med);
	for (uint16_t id = 1; id <= NVM && w->honest; id++) {
		const struct ffamed_vm *st = state_of(w, id);
		const struct model_rx *rx = model_find_vm(&w->h->model, id);

		if (st == NULL || !ffamed_vm_live(st) || !ffamed_vm_sp_enabled(st) ||
		    rx == NULL)
			continue;
		if ((rx->pend & rx->rep) != 0U || (rx->spm_pend != 0U && rx->spm_rep))
			w->listed[id][0] = true;
		for (uint16_t v = 0; v < st->vcpu_count; v++)
			if ((rx->pend_vcpu[v] & rx->rep_vcpu[v]) != 0U)
				w->listed[id][1 + v] = true;
	}
	/* Without a scheduler VM, sp_pending() got them during the handler. */
	if (!w->honest || !w->sched)
		return;
	for (unsigned int s = 0; s < NSP; s++) {
		const struct model_rx *rx = &w->h->model.sps[s];

		if (!rx->used)
			continue;
		if ((rx->rep & ~old[s].rep) != 0U)
			w->owed[s][0] = true;
		for (unsigned int v = 0; v < SP_VCPUS; v++)
			if ((rx->rep_vcpu[v] & ~old[s].rep_vcpu[v]) != 0U)
				w->owed[s][1 + v] = true;
	}
}

/* Calls a destroy may take: every round drains and unbinds everything. */
static unsigned int destroy_call_bound(uint16_t vcpus)
{
	const unsigned int smcs = FFAMED_DESTROY_MAX_ROUNDS * (vcpus + 64U + 1U) + 1U;

	return smcs / FFAMED_DESTROY_STEP_SMCS + 2U;
}

static bool model_idle(struct world *w, uint16_t id)
{
	const struct model_rx *rx = model_find_vm(&w->h->model, id);
	uint64_t p;

	if (rx == NULL)
		return false;
	p = rx->pend;
	for (unsigned int v = 0; v < MAXV; v++)
		p |= rx->pend_vcpu[v];
	return p == 0U && rx->spm_pend == 0U &&
	       (rx->bound == 0U || !w->h->model.deny_destroy_if_bound) &&
	       w->h->model.destroy_denials == 0U && w->h->model.unbind_denials == 0U;
}

/* One ffamed_vm_destroy() call; returns its result. */
static int destroy_step(struct world *w, uint16_t id)
{
	struct fake_vm *vm = vm_of(w, id);
	const bool first = !w->dying[id];
	bool idle, sp;
	unsigned int calls;
	uint16_t vcpus;
	int ret;

	if (vm == NULL)
		return -FFAMED_ERR_INVAL;
	idle = first && model_idle(w, id);
	if (first)
		destroys[id] = 0;
	sp = ffamed_vm_sp_enabled(vm->st);
	vcpus = vm->vcpus;
	calls = w->h->model.calls;
	ret = fake_vm_destroy_step(w->h, id);
	calls = w->h->model.calls - calls;
	w->steps[id]++;
	if (w->honest && destroys[id] > FFAMED_DESTROY_MAX_ROUNDS)
		FAIL("destroy: more BITMAP_DESTROYs than FFAMED_DESTROY_MAX_ROUNDS");
	if (debug) fprintf(stderr, "destroy step id %u: %u SMCs ret %d\n", id, calls, ret);
	if (w->honest && calls > FFAMED_DESTROY_STEP_SMCS)
		FAIL("destroy: more SMCs in one call than FFAMED_DESTROY_STEP_SMCS");
	if (w->honest && first && sp && idle && (ret != 0 || calls != 1))
		FAIL("destroy: an idle VM did not cost exactly 1 SMC");
	if (w->honest && first && !sp && (ret != 0 || calls != 0))
		FAIL("destroy: a VM without an SPMC slot made SMCs");
	if (ret == -FFAMED_ERR_AGAIN) {
		w->dying[id] = true;
		if (w->steps[id] > destroy_call_bound(vcpus))
			FAIL("destroy: still AGAIN after the bound on calls");
		return ret;
	}
	if (ret == -FFAMED_ERR_LEAKED)
		w->leaked++;
	if (w->honest && ret != 0 &&
	    !(ret == -FFAMED_ERR_LEAKED && (w->stubborn || w->disturbed[id])))
		FAIL("destroy: failed with an honest SPMC that let it");
	if (w->honest && ret == 0 && sp && model_find_vm(&w->h->model, id) != NULL)
		FAIL("destroy: done but the SPMC slot is still there");
	forget(w, id);
	return ret;
}

static void destroy(struct world *w, uint16_t id)
{
	while (destroy_step(w, id) == -FFAMED_ERR_AGAIN)
		;
}

static void create(struct world *w, uint16_t id, uint16_t vcpus, uint32_t flags)
{
	const bool held = vm_of(w, id) != NULL;
	int ret;

	w->h->vm_flags = flags;
	ret = fake_vm_create(w->h, id, vcpus);
	w->h->vm_flags = 0;
	if (held && ret != -FFAMED_ERR_BUSY)
		FAIL("init: an id held by a live or dying VM was not refused");
	if (!held && ret == -FFAMED_ERR_BUSY)
		FAIL("init: a free id was refused as BUSY");
	if (!held && ret != 0 && w->honest && !w->stubborn && w->leaked == 0)
		FAIL("init: failed with an honest SPMC");
	if (!held && ret == 0)
		forget(w, id);
}

static void sp_set(struct world *w, struct input *in)
{
	const uint16_t id = (uint16_t)(1 + u8(in) % NVM);
	const unsigned int s = u8(in) % NSP;
	uint64_t bm = bits(in);
	const uint8_t f = u8(in);
	const bool per = f & 1;
	const uint16_t v = (uint16_t)(f >> 1 & 7);
	const struct model_rx *rx = model_find_vm(&w->h->model, id);

	/* Mostly bits bound to this SP in this mode, so that SETs succeed. */
	if ((f & 0x80) == 0 && rx != NULL) {
		uint64_t ok = 0;

		for (unsigned int b = 0; b < 64; b++)
			if (rx->sender[b] == MODEL_FIRST_SP + s)
				ok |= 1ULL << b;
		ok &= rx->bound & (per ? rx->per_vcpu : ~rx->per_vcpu);
		if (ok != 0U)
			bm = (ok & bm) != 0U ? ok & bm : ok;
	}

	if (model_sp_set(&w->h->model, (uint16_t)(MODEL_FIRST_SP + s), id, bm,
			 per, v) != FFAMED_RET_OK)
		return;
	if (w->dying[id])
		w->disturbed[id] = true;
	if (!live(w, id))
		return;
	w->sp[id][per ? 1 + v : 0] |= bm;
	for (uint64_t m = bm; m != 0U; m &= m - 1U)
		w->sp_from[id][__builtin_ctzll(m)] = (uint16_t)(MODEL_FIRST_SP + s);
}

/*
 * VM -> VM: A binds B's bits, unbinds them, or B sets A's bits bound to it
 * (chosen from A's bindings, so that SETs succeed).
 */
static void vm_to_vm(struct world *w, uint16_t a, struct input *in)
{
	const uint8_t f = u8(in);
	const uint16_t b = (uint16_t)(1 + (f >> 4) % NVM);
	const bool per = f & 4;
	const uint16_t v = (uint16_t)(f >> 2 & 3) % MAXV;
	const struct ffamed_vm *st = state_of(w, a);
	uint64_t bm = bits(in), mine = 0;
	struct ffamed_regs r;

	if (st != NULL)
		for (unsigned int i = 0; i < 64; i++)
			if (vm_sender_of(st, i) == b)
				mine |= 1ULL << i;
	switch (f & 3) {
	case 0:
		guest(w, a, FFAMED_FID_NOTIF_BIND, (uint32_t)b << 16 | a,
		      per ? FFAMED_NOTIF_FLAG_PER_VCPU : 0, bm, &r);
		break;
	case 1:
		guest(w, a, FFAMED_FID_NOTIF_UNBIND, (uint32_t)b << 16 | a, 0,
		      mine != 0 ? mine & (bm | 1ULL << __builtin_ctzll(mine)) : bm, &r);
		break;
	default: {
		/* Mostly a sender A has bound, on bits in the binding's mode. */
		uint16_t tx = b, vc = v;
		bool pv = per;
		uint64_t any = 0;

		if (st != NULL)
			any = st->vm_bound;
		if (any != 0 && (f & 8) == 0) {
			unsigned int i = (unsigned int)__builtin_ctzll(any);

			for (unsigned int k = (unsigned int)(bm % 64); k > 0 && (any & (any - 1)); k--)
				any &= any - 1;
			i = (unsigned int)__builtin_ctzll(any);
			tx = vm_sender_of(st, i);
			pv = (vm_per_vcpu(st) >> i & 1U) != 0U;
			vc = (uint16_t)(v % st->vcpu_count);
			mine = 0;
			for (unsigned int k = 0; k < 64; k++)
				if (vm_sender_of(st, k) == tx &&
				    ((vm_per_vcpu(st) >> k & 1U) != 0U) == pv)
					mine |= 1ULL << k;
			bm = mine & (bm | 1ULL << i);
		}
		guest(w, tx, FFAMED_FID_NOTIF_SET, (uint32_t)tx << 16 | a,
		      pv ? FFAMED_NOTIF_FLAG_PER_VCPU | (uint32_t)vc << 16 : 0, bm, &r);
		break;
	}
	}
}

/* A VM notifies an SP on many of its vCPUs at once: fills INFO_GET. */
static void sp_flood(struct world *w, struct input *in)
{
	const uint16_t id = (uint16_t)(1 + u8(in) % NVM);
	const uint16_t sp = (uint16_t)(MODEL_FIRST_SP + u8(in) % NSP);
	const uint8_t mask = u8(in);
	const uint64_t bit = 1ULL << (u8(in) % 4);
	struct ffamed_regs r;

	(void)model_sp_bind(&w->h->model, sp, id, bit, mask != 0);
	for (uint16_t v = 0; v < SP_VCPUS; v++)
		if (mask == 0 ? v == 0 : (mask >> v & 1))
			guest(w, id, FFAMED_FID_NOTIF_SET, (uint32_t)id << 16 | sp,
			      mask != 0 ? FFAMED_NOTIF_FLAG_PER_VCPU | (uint32_t)v << 16 : 0,
			      bit, &r);
}

static void info_get(struct world *w, uint16_t id, bool is64)
{
	struct ffamed_regs r;

	guest(w, id, is64 ? FFAMED_FID_NOTIF_INFO_GET_64 : FFAMED_FID_NOTIF_INFO_GET_32,
	      0, 0, 0, &r);
}

static void drain_and_check(struct world *w)
{
	const uint16_t sched = w->sched ? w->h->med.cfg.sched_vm_id : 0;

	w->h->hook = hook_count;
	w->h->model.destroy_denials = 0;
	w->h->model.unbind_denials = 0;
	for (int round = 0; round < 6; round++) {
		sri(w);
		if (sched != 0 && live(w, sched))
			for (int i = 0; i < 4; i++)
				info_get(w, sched, true);
		for (uint16_t id = 1; id <= NVM; id++) {
			const struct ffamed_vm *st = state_of(w, id);

			if (st == NULL || !ffamed_vm_live(st))
				continue;
			for (uint16_t v = 0; v < st->vcpu_count; v++) {
				struct ffamed_regs r;

				guest(w, id, FFAMED_FID_NOTIF_GET, (uint32_t)v << 16 | id,
				      FFAMED_GET_FLAGS_ALL, 0, &r);
			}
		}
		check_lines(w);
	}
	for (uint16_t id = 1; id <= NVM; id++) {
		if (!live(w, id))
			continue;
		for (unsigned int i = 0; i <= MAXV; i++)
			if (w->vm[id][i] != 0U || w->sp[id][i] != 0U)
				FAIL("a notification was lost");
		if (w->hyp[id] != 0U)
			FAIL("a hypervisor notification was lost");
	}
	if (sched != 0 && live(w, sched))
		for (unsigned int s = 0; s < NSP; s++)
			for (unsigned int i = 0; i <= SP_VCPUS; i++)
				if (w->owed[s][i])
					FAIL("an SP vCPU the SPMC listed never reached the scheduler");

	/* Tear down; then every id once more, which reclaims what leaked. */
	for (uint16_t id = 1; id <= NVM; id++)
		if (vm_of(w, id) != NULL)
			destroy(w, id);
	for (uint16_t id = 1; id <= NVM; id++) {
		create(w, id, 1, 0);
		if (vm_of(w, id) != NULL)
			destroy(w, id);
	}
	if (w->h->med.stats.leaks_lost == 0)
		for (unsigned int i = 0; i < MODEL_MAX_VMS; i++)
			if (w->h->model.vms[i].used)
				FAIL("an SPMC slot is left after every VM was destroyed");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	struct fake_host *h = calloc(1, sizeof(*h));
	struct world *w = calloc(1, sizeof(*w));
	struct hostile x = { .n = 0 };
	const uint8_t mode = u8(&in), opts = u8(&in);
	struct ffamed_config cfg = {
		.npi_intid = FAKE_NPI, .sri_intid = FAKE_SRI,
		.sched_vm_id = mode & 4 ? 1 : 0,
	};
	unsigned int steps = 0;

	if (h == NULL || w == NULL) {
		free(h);
		free(w);
		return 0;
	}
	g_world = w;
	debug = getenv("FUZZ_DEBUG") != NULL;
	w->h = h;
	w->honest = (mode & 1) == 0;
	w->level = (mode & 8) == 0;
	w->sched = cfg.sched_vm_id != 0;
	fake_host_init(h, true, &cfg);
	model_init(&h->model, NSP, SP_VCPUS);
	h->model.deny_destroy_if_bound = (mode & 2) != 0;
	h->model.max_slots = opts & 3;  /* 0: all 16 */
	h->model.info_repeat = (opts & 4) != 0;
	if (!w->level)
		h->ops.irq_lower = NULL;
	h->ops.sp_pending = op_sp_pending;
	h->hook = w->honest ? hook_count : hook_hostile;
	h->hook_data = &x;
	(void)fake_host_start(h);
	create(w, 1, 2, mode & 16 ? FFAMED_VM_SRI_SELF : 0);
	create(w, 2, 4, mode & 32 ? FFAMED_VM_SRI_SELF : 0);

	while (in.n > 0 && steps++ < 256) {
		const uint8_t op = u8(&in);
		const uint16_t id = (uint16_t)(1 + u8(&in) % NVM);
		struct ffamed_regs r;

		if (debug)
			fprintf(stderr, "op %u id %u\n", op % 16, id);
		switch (op % 16) {
		case 0:
		case 1:
			guest_random(w, &in);
			break;
		case 2:
			sp_set(w, &in);
			break;
		case 3:
			sri(w);
			break;
		case 4: {
			const uint8_t b = u8(&in);

			create(w, id, (uint16_t)(1 + b % MAXV),
			       b & 0x80 ? FFAMED_VM_SRI_SELF : 0);
			break;
		}
		case 5:
			if (vm_of(w, id) != NULL)
				destroy(w, id);
			break;
		case 6:
			if (vm_of(w, id) != NULL)
				(void)destroy_step(w, id);
			break;
		case 7: {
			const uint32_t b = u32(&in);

			if (ffamed_raise_hyp_framework(&h->med, id, b) == 0)
				w->hyp[id] |= b;
			break;
		}
		case 8: {
			/* The SPMC's own bits for a VM (SPM framework). */
			const uint8_t b = u8(&in);

			if (b & 0x80)
				(void)model_sp_bind(&h->model,
						    (uint16_t)(MODEL_FIRST_SP + b % NSP), id,
						    1ULL << (b >> 2 & 3), b & 0x40);
			else
				(void)model_spm_set(&h->model, id, 1U << (b & 31));
			break;
		}
		case 9:
			if (!w->honest && x.n < 8) {
				struct ffamed_regs *q = &x.q[x.n++];

				memset(q, 0, sizeof(*q));
				q->x[0] = u8(&in) & 1 ? FFAMED_FID_SUCCESS_64 : u32(&in);
				for (int i = 1; i < 8; i++)
					q->x[i] = u64(&in);
			} else {
				/* A vCPU goes offline or online; the host tells libffamed. */
				struct fake_vm *vm = vm_of(w, id);
				const uint8_t b = u8(&in);
				const uint16_t v = (uint16_t)(b % MAXV);

				if (vm != NULL && v < vm->vcpus) {
					if (b & 0x80)
						vm->offline[v] = !vm->offline[v];
					if (!vm->offline[v])
						ffamed_vcpu_online(&h->med, vm->st, v);
				}
			}
			break;
		case 10: {
			/* BIND / UNBIND an SP sender. */
			const uint8_t f = u8(&in);
			const uint16_t sp = (uint16_t)(MODEL_FIRST_SP + f % NSP);

			guest(w, id, f & 0x10 ? FFAMED_FID_NOTIF_UNBIND : FFAMED_FID_NOTIF_BIND,
			      (uint32_t)sp << 16 | id,
			      f & 0x20 && !(f & 0x10) ? FFAMED_NOTIF_FLAG_PER_VCPU : 0,
			      bits(&in), &r);
			break;
		}
		case 11: {
			const uint8_t f = u8(&in);

			guest(w, id, FFAMED_FID_NOTIF_GET, (uint32_t)(f >> 4 & 7) << 16 | id,
			      f & 0xF, 0, &r);
			break;
		}
		case 12:
			info_get(w, id, u8(&in) & 1);
			break;
		case 13:
			vm_to_vm(w, id, &in);
			break;
		case 14:
			sp_flood(w, &in);
			break;
		case 15:
			/* The SPMC refuses the next destroys (an SP keeps it busy). */
			h->model.destroy_denials = u8(&in);
			h->model.unbind_denials = id & 1 ? h->model.destroy_denials : 0;
			w->stubborn = w->stubborn || h->model.destroy_denials != 0;
			break;
		}
		check_lines(w);
		if (h->med.stats.sp_dropped != 0)
			FAIL("an SP vCPU the SPMC listed was dropped");
	}
	if (w->honest)
		drain_and_check(w);
	/* Destroy what is left here, with the bound on calls checked. */
	for (uint16_t id = 1; id <= NVM; id++)
		if (vm_of(w, id) != NULL)
			destroy(w, id);
	fake_host_fini(h);
	free(h);
	free(w);
	return 0;
}
