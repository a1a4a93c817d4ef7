/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Private to libffamed: helpers shared by the core's files.
 */
#ifndef FFAMED_INTERNAL_H
#define FFAMED_INTERNAL_H

#include <ffamed/ffamed.h>

/* struct ffamed_vm.state */
#define FFAMED_VM_FREE 0U
#define FFAMED_VM_LIVE 1U
#define FFAMED_VM_DEAD 2U

/* reported bits: who INFO_GET already told about a pending state. */
#define FFAMED_REP_SELF  (1U << 0)
#define FFAMED_REP_SCHED (1U << 1)

#define FFAMED_BIT64(n) ((uint64_t)1U << (n))

/* ---- regs.c: the one place that knows the register layouts ---- */
static inline uint32_t ffamed_w(const struct ffamed_regs *r, unsigned int n)
{
	return (uint32_t)r->x[n];
}

static inline uint16_t ffamed_w1_sender(uint32_t w1)
{
	return (uint16_t)(w1 >> 16);
}

static inline uint16_t ffamed_w1_receiver(uint32_t w1)
{
	return (uint16_t)(w1 & 0xFFFFU);
}

/* w1 = hi << 16 | lo: sender|receiver, or vCPU|receiver for GET. */
static inline uint32_t ffamed_w1_pack(uint16_t hi, uint16_t lo)
{
	return (uint32_t)hi << 16 | lo;
}

/* Bitmap halves: bits[31:0] in the lower register, bits[63:32] in the next. */
static inline uint64_t ffamed_bitmap_join(uint32_t lo, uint32_t hi)
{
	return (uint64_t)lo | ((uint64_t)hi << 32);
}

static inline uint32_t ffamed_bitmap_lo(uint64_t bm)
{
	return (uint32_t)bm;
}

static inline uint32_t ffamed_bitmap_hi(uint64_t bm)
{
	return (uint32_t)(bm >> 32);
}

void ffamed_regs_zero(struct ffamed_regs *r);
void ffamed_reply_error(struct ffamed_regs *r, int32_t status);
void ffamed_reply_success32(struct ffamed_regs *r, const uint32_t w[6]);
int32_t ffamed_reply_status(const struct ffamed_regs *out);

/* ---- spmc.c: calls into the SPMC ---- */
bool ffamed_has_spmc(const struct ffamed *med);
/* The SPMC mediates SP notifications and holds vm's bitmaps. */
bool ffamed_spmc_has_vm(const struct ffamed *med, const struct ffamed_vm *vm);
void ffamed_spmc_call(struct ffamed *med, const struct ffamed_regs *in,
		      struct ffamed_regs *out);
int32_t ffamed_spmc_simple(struct ffamed *med, uint32_t fid, uint32_t w1,
			   uint32_t w2, uint32_t w3, uint32_t w4);

/* ---- info_list.c: FFA_NOTIFICATION_INFO_GET id lists ---- */
struct ffamed_info_lists {
	uint16_t ids[FFAMED_INFO_MAX_IDS_64];
	uint8_t vcpus[FFAMED_INFO_MAX_IDS_64]; /* vCPU ids in list i */
	uint8_t n_lists;
	uint8_t n_ids;
	uint8_t max_ids;
	bool more;
};

void ffamed_info_init(struct ffamed_info_lists *l, bool is64);
bool ffamed_info_add_global(struct ffamed_info_lists *l, uint16_t id);
bool ffamed_info_add_vcpu(struct ffamed_info_lists *l, uint16_t id,
			  uint16_t vcpu);
void ffamed_info_encode(const struct ffamed_info_lists *l, bool is64,
			struct ffamed_regs *out);
bool ffamed_info_decode(const struct ffamed_regs *in,
			struct ffamed_info_lists *l);

/* ---- log.c ---- */
void ffamed_log(struct ffamed *med, enum ffamed_log_level level,
		const char *fmt, ...) FFAMED_PRINTF_LIKE(3, 4);
void ffamed_stat_inc(uint32_t *counter);

/* ---- pending.c: pending state, NPI and scheduler signalling ---- */
bool ffamed_vm_global_pending(const struct ffamed_vm *vm);
bool ffamed_vcpu_pending(const struct ffamed_vm *vm, uint16_t vcpu);

/*
 * Something new is pending for vm (globally when per_vcpu is false). Called
 * with vm->lock held; fills *note for ffamed_pending_signal().
 */
struct ffamed_signal {
	void *host_vm;
	uint16_t vm_id;
	uint16_t npi_vcpu;
	bool sched;
};
void ffamed_pending_mark(struct ffamed *med, struct ffamed_vm *vm,
			 bool per_vcpu, uint16_t vcpu,
			 struct ffamed_signal *note);
/* Inject what ffamed_pending_mark() decided; no lock held. */
void ffamed_pending_signal(struct ffamed *med, const struct ffamed_signal *note);
/* Raise the SRI in the scheduler VM; no lock held. */
void ffamed_signal_scheduler(struct ffamed *med);
/* After a GET: lower NPI lines of vCPUs with nothing left. vm->lock held. */
void ffamed_pending_lower(struct ffamed *med, struct ffamed_vm *vm);
/* Mark vm_id for the scheduler VM; true if it was not marked yet. */
bool ffamed_sched_hint_set(struct ffamed *med, uint16_t vm_id);
void ffamed_sched_hint_clear(struct ffamed *med, uint16_t vm_id);

/* ---- the calls ---- */
int32_t ffamed_notif_bind(struct ffamed *med, struct ffamed_vm *caller,
			  const struct ffamed_regs *regs);
int32_t ffamed_notif_unbind(struct ffamed *med, struct ffamed_vm *caller,
			    const struct ffamed_regs *regs);
int32_t ffamed_notif_set(struct ffamed *med, struct ffamed_vm *caller,
			 const struct ffamed_regs *regs);
void ffamed_notif_get(struct ffamed *med, struct ffamed_vm *caller,
		      struct ffamed_regs *regs);
void ffamed_notif_info_get(struct ffamed *med, struct ffamed_vm *caller,
			   bool is64, struct ffamed_regs *regs);

/* vm.c */
struct ffamed_vm *ffamed_vm_get(struct ffamed *med, uint16_t vm_id);
void ffamed_vm_put(struct ffamed *med, struct ffamed_vm *vm);
bool ffamed_vm_binding_live(struct ffamed *med, const struct ffamed_vm *vm,
			    unsigned int bit);

#endif /* FFAMED_INTERNAL_H */
