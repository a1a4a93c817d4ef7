/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Private to libffamed: state bits, register layouts and the helpers the
 * core's files share.
 */
#ifndef FFAMED_INTERNAL_H
#define FFAMED_INTERNAL_H

#include <ffamed/ffamed.h>

/*
 * struct ffamed_vm.state: the lifecycle in bits[1:0] and what is fixed at
 * init above it. Only ever written with FFAMED_WRITE_ONCE, so it can be read
 * without the VM's lock.
 */
#define FFAMED_VM_FREE      0U
#define FFAMED_VM_LIVE      1U
#define FFAMED_VM_DYING     2U  /* destroy started, not finished */
#define FFAMED_VM_DEAD      3U
#define FFAMED_VM_LIFE_MASK 3U
#define FFAMED_VMS_SP       (1U << 2)  /* the SPMC holds our bitmaps */
#define FFAMED_VMS_SRI_SELF (1U << 3)  /* FFAMED_VM_SRI_SELF */

static inline unsigned int ffamed_vm_life(const struct ffamed_vm *vm)
{
	return FFAMED_READ_ONCE(vm->state) & FFAMED_VM_LIFE_MASK;
}

static inline bool ffamed_vm_live(const struct ffamed_vm *vm)
{
	return ffamed_vm_life(vm) == FFAMED_VM_LIVE;
}

static inline bool ffamed_vm_has(const struct ffamed_vm *vm, unsigned int what)
{
	return (FFAMED_READ_ONCE(vm->state) & what) != 0U;
}

/* Live, and the SPMC holds its bitmaps: one read of the state. */
static inline bool ffamed_vm_live_sp(const struct ffamed_vm *vm)
{
	const unsigned int both = FFAMED_VM_LIFE_MASK | FFAMED_VMS_SP;

	return (FFAMED_READ_ONCE(vm->state) & both) == (FFAMED_VM_LIVE | FFAMED_VMS_SP);
}

/* struct ffamed_vm.flags: guarded by vm->lock */
#define FFAMED_VMF_LISTED    (1U << 2)  /* SPMC listed us: SP/SPM bits may wait */
#define FFAMED_VMF_REP_SELF  (1U << 3)  /* global state reported to the VM */
#define FFAMED_VMF_REP_SCHED (1U << 4)  /* ... and to the scheduler VM */
/*
 * sp_sender[] is valid: the VM's first SP BIND cleared it. Until then no SP
 * binding was made through us and the table is left as init found it, as
 * vm_bound does for vm_sender[]; kept through destroy, which reads it.
 */
#define FFAMED_VMF_SP_MIRROR (1U << 5)

/* struct ffamed_vcpu.flags */
#define FFAMED_VCPU_LISTED    (1U << 0) /* SPMC listed this vCPU */
#define FFAMED_VCPU_QUEUED    (1U << 1) /* on the VM's pending list */
#define FFAMED_VCPU_NPI_UP    (1U << 2) /* level: its NPI line is up */
#define FFAMED_VCPU_REP_SELF  (1U << 3)
#define FFAMED_VCPU_REP_SCHED (1U << 4)

/* Reported-to bits: the same values in VM and vCPU flags. */
#define FFAMED_REP_SELF  FFAMED_VMF_REP_SELF
#define FFAMED_REP_SCHED FFAMED_VMF_REP_SCHED
#define FFAMED_REP_BOTH  (FFAMED_REP_SELF | FFAMED_REP_SCHED)
#if FFAMED_VMF_REP_SELF != FFAMED_VCPU_REP_SELF || \
	FFAMED_VMF_REP_SCHED != FFAMED_VCPU_REP_SCHED
#error "reported bits differ between VM and vCPU flags"
#endif

#define FFAMED_NO_VCPU 0xFFFFU

/* struct ffamed_vm.vm_sender[]: the sender's id and the binding's kind. */
#define FFAMED_VM_SENDER_PER_VCPU 0x8000U
#define FFAMED_VM_SENDER_ID_MASK  0x7FFFU

static inline uint16_t ffamed_vm_sender_entry(uint16_t sender, bool per_vcpu)
{
	return (uint16_t)(sender | (per_vcpu ? FFAMED_VM_SENDER_PER_VCPU : 0U));
}

/* ---- the one place that knows the register layouts ---- */
static inline uint32_t ffamed_w(const struct ffamed_regs *r, unsigned int n)
{
	return (uint32_t)r->x[n];
}

/* w1 of BIND/UNBIND/SET: sender in bits[31:16], receiver in bits[15:0]. */
static inline uint16_t ffamed_w1_sender(uint32_t w1)
{
	return (uint16_t)(w1 >> 16);
}

static inline uint16_t ffamed_w1_receiver(uint32_t w1)
{
	return (uint16_t)w1;
}

/* w1 of GET: the vCPU id in bits[31:16]. */
static inline uint16_t ffamed_w1_vcpu(uint32_t w1)
{
	return (uint16_t)(w1 >> 16);
}

static inline uint32_t ffamed_w1_pack(uint16_t hi, uint16_t lo)
{
	return (uint32_t)hi << 16 | lo;
}

/* w2 of SET: the receiver vCPU id in bits[31:16]. */
static inline uint16_t ffamed_set_vcpu(uint32_t w2)
{
	return (uint16_t)(w2 >> FFAMED_NOTIF_SET_VCPU_SHIFT);
}

/* Bitmaps: bits[31:0] in register n, bits[63:32] in register n + 1. */
static inline uint64_t ffamed_bitmap(const struct ffamed_regs *r,
				     unsigned int n)
{
	return (uint64_t)ffamed_w(r, n) | (uint64_t)ffamed_w(r, n + 1U) << 32;
}

static inline void ffamed_put_bitmap(struct ffamed_regs *r, unsigned int n,
				     uint64_t bm)
{
	r->x[n] = (uint32_t)bm;
	r->x[n + 1U] = bm >> 32;
}

/* Lowest set bit of a non-zero bitmap: loops run once per set bit. */
static inline unsigned int ffamed_lowest_bit(uint64_t bm)
{
	return (unsigned int)__builtin_ctzll(bm);
}

/* x0 = fid, x1..x7 = 0. */
static inline void ffamed_regs_set(struct ffamed_regs *r, uint32_t fid)
{
	r->x[0] = fid;
	for (unsigned int i = 1; i < FFAMED_NR_REGS; i++)
		r->x[i] = 0;
}

static inline void ffamed_reply_error(struct ffamed_regs *r, int32_t status)
{
	ffamed_regs_set(r, FFAMED_FID_ERROR);
	/* w2 carries the status as a 32-bit two's complement value. */
	r->x[2] = (uint32_t)status;
}

/* FFA_SUCCESS_32 with w2 = the value, or FFA_ERROR for a non-zero status. */
static inline void ffamed_reply(struct ffamed_regs *r, int32_t status,
				uint32_t w2)
{
	if (status != FFAMED_RET_OK) {
		ffamed_reply_error(r, status);
		return;
	}
	ffamed_regs_set(r, FFAMED_FID_SUCCESS_32);
	r->x[2] = w2;
}

/* FFA_NOTIFICATION_* function ids: a contiguous run, and INFO_GET_64. */
static inline bool ffamed_is_notif_fid(uint32_t fid)
{
	return (fid >= FFAMED_FID_NOTIF_BITMAP_CREATE &&
		fid <= FFAMED_FID_NOTIF_INFO_GET_32) ||
	       fid == FFAMED_FID_NOTIF_INFO_GET_64;
}

/* ---- spmc.c: calls into the SPMC, logging, counters ---- */
/*
 * An SMC where the host's smc op is known to be there: ffamed_probe() checks
 * it before its queries, and only then sets med->spmc_notif, and with it
 * FFAMED_VMS_SP on VMs, which every other caller depends on; host endpoint
 * mode checks it itself.
 */
static inline void ffamed_spmc_call(struct ffamed *med,
				    const struct ffamed_regs *in,
				    struct ffamed_regs *out)
{
	FFAMED_ASSERT(med->ops->smc != NULL);
	med->ops->smc(med->host, in, out);
}

/*
 * Status of an SPMC reply: 0 for FFA_SUCCESS (either width), the error code
 * for FFA_ERROR with a known code, and ABORTED for anything else, so that an
 * answer we cannot read never looks like success.
 */
static inline int32_t ffamed_status(const struct ffamed_regs *out)
{
	const uint32_t fid = ffamed_w(out, 0);
	const int32_t e = (int32_t)ffamed_w(out, 2);

	if (fid == FFAMED_FID_SUCCESS_32 || fid == FFAMED_FID_SUCCESS_64)
		return FFAMED_RET_OK;
	if (fid == FFAMED_FID_ERROR && e <= FFAMED_RET_NOT_SUPPORTED &&
	    e >= FFAMED_RET_NO_DATA)
		return e;
	return FFAMED_RET_ABORTED;
}

/*
 * The status of a reply that is FFA_SUCCESS_32 when it succeeds (GET's): read
 * as it is; a success of the other width is not understood.
 */
static inline int32_t ffamed_status_32(const struct ffamed_regs *out)
{
	int32_t ret;

	if (ffamed_w(out, 0) == FFAMED_FID_SUCCESS_32)
		return FFAMED_RET_OK;
	ret = ffamed_status(out);
	return ret == FFAMED_RET_OK ? FFAMED_RET_ABORTED : ret;
}

int32_t ffamed_spmc(struct ffamed *med, uint32_t fid, uint32_t w1,
		    uint32_t w2, uint64_t bitmap);
int32_t ffamed_spmc_forward(struct ffamed *med, uint32_t fid,
			    const struct ffamed_regs *guest, uint32_t w2);
void ffamed_log(struct ffamed *med, enum ffamed_log_level level,
		const char *fmt, ...) FFAMED_PRINTF_LIKE(3, 4);

/* The builtin writes *counter; clang-tidy does not see it. */
static inline void ffamed_stat_inc(uint32_t *counter) /* NOLINT(readability-non-const-parameter) */
{
	FFAMED_ATOMIC_INC(counter);
}
/* The same for counters of what goes wrong: one copy, out of the hot paths. */
void ffamed_stat_bad(uint32_t *counter);

/* ---- pending.c: pending state, interrupt lines, the scheduler's map ---- */
static inline bool ffamed_vm_pending(const struct ffamed_vm *vm)
{
	return (vm->vm_pend | vm->spm_pend | vm->hyp_pend) != 0U ||
	       (vm->flags & FFAMED_VMF_LISTED) != 0U;
}

static inline bool ffamed_vcpu_pending(const struct ffamed_vcpu *c)
{
	return c->vm_pend != 0U || (c->flags & FFAMED_VCPU_LISTED) != 0U;
}

/* Something new is pending for vm, globally or for vcpu. vm->lock held. */
void ffamed_pending_new_global(struct ffamed *med, struct ffamed_vm *vm);
void ffamed_pending_new_vcpu(struct ffamed *med, struct ffamed_vm *vm,
			     uint16_t vcpu);
void ffamed_pending_got_more(struct ffamed *med, struct ffamed_vm *vm,
			     uint16_t vcpu, bool global, bool mine);

/*
 * After a GET on vcpu: what is left is reported again by the next INFO_GET;
 * a scheduler VM and level lines need more (out of line). vm->lock held.
 */
static inline void ffamed_pending_got(struct ffamed *med, struct ffamed_vm *vm,
				      uint16_t vcpu)
{
	struct ffamed_vcpu *c = &vm->vcpu[vcpu];
	const bool global = ffamed_vm_pending(vm);
	const bool mine = ffamed_vcpu_pending(c);

	if (global)
		vm->flags &= (uint8_t)~FFAMED_REP_BOTH;
	if (mine)
		c->flags &= (uint8_t)~FFAMED_REP_BOTH;
	if (med->cfg.sched_vm_id != 0U || med->level)
		ffamed_pending_got_more(med, vm, vcpu, global, mine);
}
/*
 * The next vCPU on vm's pending list after *link, dropping those with
 * nothing left; FFAMED_NO_VCPU at the end. vm->lock held.
 */
uint16_t ffamed_pending_next(struct ffamed_vm *vm, uint16_t **link);
void ffamed_sched_clear(struct ffamed *med, uint16_t vm_id);
/* Tell the scheduler VM it has work (its SRI). med->lock held. */
void ffamed_sched_sri_raise(struct ffamed *med);
/* A reader was told everything: lower its SRI. */
void ffamed_sri_lower_self(struct ffamed *med, struct ffamed_vm *vm);
void ffamed_sri_lower_sched(struct ffamed *med, struct ffamed_vm *sched);

/* ---- the calls ---- */
/* Each writes its reply and returns FFAMED_HANDLED, so dispatch tail-calls it. */
enum ffamed_dispatch ffamed_notif_bind(struct ffamed *med,
				       struct ffamed_vm *caller,
				       struct ffamed_regs *regs, bool bind);
enum ffamed_dispatch ffamed_notif_set(struct ffamed *med,
				      struct ffamed_vm *caller,
				      struct ffamed_regs *regs);
enum ffamed_dispatch ffamed_notif_get(struct ffamed *med,
				      struct ffamed_vm *caller,
				      struct ffamed_regs *regs);
enum ffamed_dispatch ffamed_notif_info_get(struct ffamed *med,
					   struct ffamed_vm *caller, bool is64,
					   struct ffamed_regs *regs);

/* ---- bind.c ---- */
void ffamed_sp_mirror_start(struct ffamed_vm *vm);

/* ---- vm.c ---- */
struct ffamed_vm *ffamed_vm_get(struct ffamed *med, uint16_t vm_id);
void ffamed_vm_put(struct ffamed *med, struct ffamed_vm *vm);

#endif /* FFAMED_INTERNAL_H */
