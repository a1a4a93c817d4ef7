/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * libffamed: FF-A notification mediation for hypervisors.
 *
 * The host (Xen, a KVM VMM, pKVM, Hafnium) allocates one struct ffamed and one
 * struct ffamed_vm per VM, hands guest calls and the Schedule Receiver
 * Interrupt to the functions below, and answers the callbacks in
 * struct ffamed_ops. Locking rules: docs/api.md.
 */
#ifndef FFAMED_H
#define FFAMED_H

#include "ffamed_env.h"
#include "ffamed_config.h"
#include "ffa_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* SMCCC 1.2 register block: x0..x17 in and out. */
#define FFAMED_NR_REGS 18
struct ffamed_regs {
	uint64_t x[FFAMED_NR_REGS];
};

enum ffamed_log_level {
	FFAMED_LOG_ERR,
	FFAMED_LOG_WARN,
	FFAMED_LOG_INFO,
	FFAMED_LOG_DEBUG,
};

struct ffamed_vm;

/*
 * Host callbacks. "host" is the pointer given to ffamed_init(); "host_vm" is
 * the pointer given to ffamed_vm_init() for that VM.
 */
struct ffamed_ops {
	/* Optional. Call the SPMC (SMC or HVC, SMCCC 1.2). NULL: there is none. */
	void (*smc)(void *host, const struct ffamed_regs *in,
		    struct ffamed_regs *out);
	/* Required. Make interrupt intid pending on vCPU vcpu of a VM. */
	void (*irq_raise)(void *host, void *host_vm, uint16_t vcpu,
			  uint32_t intid);
	/* Optional. Lower a level-triggered line: nothing is pending for vcpu. */
	void (*irq_lower)(void *host, void *host_vm, uint16_t vcpu,
			  uint32_t intid);
	/*
	 * Required. Find a live VM by FF-A id and take a reference that keeps
	 * its struct ffamed_vm readable until vm_put(). NULL if there is none.
	 * Called from guest calls and the SRI handler, never with a libffamed
	 * lock held on the VM being looked up.
	 */
	struct ffamed_vm *(*vm_get)(void *host, uint16_t vm_id);
	void (*vm_put)(void *host, struct ffamed_vm *vm);
	/* Optional. Is the vCPU able to take an interrupt now? NULL: all are. */
	bool (*vcpu_online)(void *host, void *host_vm, uint16_t vcpu);
	/* Optional. The SPMC lists the hypervisor itself (endpoint id 0). */
	void (*hyp_notified)(void *host, bool per_vcpu, uint16_t vcpu);
	/* Optional. An SP vCPU needs cycles and no scheduler VM is named. */
	void (*sp_pending)(void *host, uint16_t sp_id, bool per_vcpu,
			   uint16_t vcpu);
	/* Optional. printf-style log. */
	void (*log)(void *host, enum ffamed_log_level level, const char *fmt,
		    va_list ap);
};

struct ffamed_config {
	uint32_t npi_intid;     /* NPI injected into a receiver's vCPU */
	uint32_t sri_intid;     /* SRI injected into the scheduler VM */
	uint16_t sched_vm_id;   /* FF-A id of the scheduler VM, 0: none */
	/*
	 * Also inject the SRI into the receiver itself, for guests that act as
	 * their own scheduler (Linux's arm_ffa driver handles global
	 * notifications from its SRI handler).
	 */
	bool sri_to_receiver;
};

/* Counters for diagnostics; updated with relaxed atomics. */
struct ffamed_stats {
	uint32_t sri_runs;
	uint32_t sri_rounds;
	uint32_t sri_yielded;       /* more-pending still set after max rounds */
	uint32_t spmc_malformed;    /* INFO_GET replies cut short */
	uint32_t stale_ids;         /* listed ids with no live VM */
	uint32_t npi_raised;
	uint32_t sri_raised;
	uint32_t sp_dropped;        /* SP vCPU entries with nowhere to go */
	uint32_t destroy_leaked;    /* SPMC slots that could not be freed */
};

struct ffamed_sp_entry {
	uint16_t sp_id;
	uint16_t vcpu;
	bool per_vcpu;
};

#define FFAMED_VM_ID_LIMIT 0x8000U
#define FFAMED_HINT_WORDS  (FFAMED_VM_ID_LIMIT / 64U)

/* The mediator. Fields are private: use the functions below. */
struct ffamed {
	const struct ffamed_ops *ops;
	void *host;
	struct ffamed_config cfg;
	bool spmc_notif;          /* the SPMC mediates SP notifications */
	uint32_t spmc_sri_intid;  /* physical SRI, valid if spmc_notif */
	uint32_t next_gen;        /* generation handed to each new VM */
	struct ffamed_stats stats;

	ffamed_lock_t lock;       /* guards what follows; taken after vm->lock */
	uint16_t sp_count;
	struct ffamed_sp_entry sp_pend[FFAMED_MAX_SP_PENDING];
	/* VMs with something the scheduler VM has not been told about. */
	uint64_t sched_hint[FFAMED_HINT_WORDS];
};

/* Per-vCPU part of a VM's state. */
struct ffamed_vcpu_state {
	uint64_t sp_pend;     /* per-vCPU SP bits taken from the SPMC, unread */
	uint64_t vm_pend;     /* per-vCPU VM -> VM bits, unread */
	bool sec_listed;      /* SPMC listed this vCPU; not drained since */
	bool npi_raised;
	uint8_t reported;     /* FFAMED_REP_* bits */
};

/* Per-VM state. Fields are private: use the functions below. */
struct ffamed_vm {
	void *host_vm;
	uint16_t id;
	uint16_t vcpu_count;
	uint32_t gen;
	uint8_t state;        /* FFAMED_VM_* */
	bool spmc_bitmap;     /* BITMAP_CREATE succeeded */

	ffamed_lock_t lock;   /* guards everything below */

	/* Bindings with this VM as receiver: SP senders mirror the SPMC's. */
	uint64_t sp_bound;
	uint64_t sp_per_vcpu;
	uint16_t sp_sender[64];
	uint64_t vm_bound;
	uint64_t vm_per_vcpu;
	uint16_t vm_sender[64];
	uint32_t vm_sender_gen[64];

	/* Global pending state. */
	uint64_t sp_pend;
	uint64_t vm_pend;
	uint32_t spm_pend;
	uint32_t hyp_pend;
	bool sec_listed;
	uint8_t reported;

	struct ffamed_vcpu_state vcpu[FFAMED_MAX_VCPUS];
};

enum ffamed_dispatch {
	FFAMED_NOT_MINE = 0,  /* not a notification call: regs untouched */
	FFAMED_HANDLED = 1,   /* regs x0..x17 hold the reply */
};

enum ffamed_sri_result {
	FFAMED_SRI_DONE = 0,  /* the SPMC has nothing more to report */
	FFAMED_SRI_AGAIN = 1, /* round limit reached: run the handler again later */
};

/* Mediator setup. */
int32_t ffamed_init(struct ffamed *med, const struct ffamed_ops *ops,
		    void *host, const struct ffamed_config *cfg);
int32_t ffamed_probe(struct ffamed *med);
bool ffamed_spmc_notif_enabled(const struct ffamed *med);
uint32_t ffamed_spmc_sri_intid(const struct ffamed *med);

/* Per-VM lifetime. */
int32_t ffamed_vm_init(struct ffamed *med, struct ffamed_vm *vm,
		       uint16_t vm_id, uint16_t vcpu_count, void *host_vm);
int32_t ffamed_vm_destroy(struct ffamed *med, struct ffamed_vm *vm);

/* Guest calls: FFA_NOTIFICATION_* and their FFA_FEATURES queries. */
enum ffamed_dispatch ffamed_guest_call(struct ffamed *med,
				       struct ffamed_vm *caller,
				       struct ffamed_regs *regs);

/* Schedule Receiver Interrupt: call from deferred context. */
enum ffamed_sri_result ffamed_sri_handle(struct ffamed *med);

/* Raise hypervisor framework notifications (GET's w7) for a VM. */
int32_t ffamed_raise_hyp_framework(struct ffamed *med, uint16_t vm_id,
				   uint32_t bits);

/* The host_vm pointer given to ffamed_vm_init(), for vm_put and adapters. */
static inline void *ffamed_vm_host(const struct ffamed_vm *vm)
{
	return vm->host_vm;
}

/* A vCPU came online: re-raise its NPI if something waits for it. */
void ffamed_vcpu_online(struct ffamed *med, struct ffamed_vm *vm,
			uint16_t vcpu);

/* Endpoint ids. */
static inline bool ffamed_id_is_sp(uint16_t id)
{
	return (id & FFAMED_ID_SECURE_BIT) != 0U;
}

static inline bool ffamed_id_is_vm(uint16_t id)
{
	return id != FFAMED_ID_HYPERVISOR && !ffamed_id_is_sp(id);
}

/*
 * Host VM number <-> FF-A VM id: id = number + offset (Xen: domid + 1).
 * Both return false when the result is not a VM id.
 */
static inline bool ffamed_vm_id_from_host(uint32_t host_num, uint16_t offset,
					  uint16_t *vm_id)
{
	uint32_t id = host_num + offset;

	if (id < host_num || id == 0U || id >= FFAMED_VM_ID_LIMIT)
		return false;
	*vm_id = (uint16_t)id;
	return true;
}

static inline bool ffamed_host_from_vm_id(uint16_t vm_id, uint16_t offset,
					  uint32_t *host_num)
{
	if (!ffamed_id_is_vm(vm_id) || vm_id < offset)
		return false;
	*host_num = (uint32_t)vm_id - offset;
	return true;
}

#ifdef __cplusplus
}
#endif

#endif /* FFAMED_H */
