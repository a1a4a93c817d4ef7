/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * libffamed: FF-A notification mediation for hypervisors.
 *
 * The host (Xen, a KVM VMM, pKVM, Hafnium) allocates one struct ffamed, and
 * per VM one struct ffamed_vm plus one struct ffamed_vcpu per vCPU; it hands
 * guest calls and the Schedule Receiver Interrupt to the functions below and
 * answers the callbacks in struct ffamed_ops. Locking rules: docs/api.md.
 *
 * Host-API functions return 0 or a negative enum ffamed_err (ffamed_strerror
 * names it); FF-A statuses only ever travel in guest registers.
 */
#ifndef FFAMED_H
#define FFAMED_H

#include "ffamed_env.h"
#include "ffamed_config.h"
#include "ffa_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * x0..x7: every notification interface and its reply fits in them. Guest
 * calls read and write only these; the host writes x0..x7 back to the guest.
 * The smc op gets x0..x7 and passes zero in x8..x17 (SMCCC 1.2).
 */
#define FFAMED_NR_REGS 8
struct ffamed_regs {
	uint64_t x[FFAMED_NR_REGS];
};

/* Host-API errors, returned negated. */
enum ffamed_err {
	FFAMED_OK = 0,
	FFAMED_ERR_INVAL = 1,   /* a bad argument from the host */
	FFAMED_ERR_ABI = 2,     /* headers and library built with other options */
	FFAMED_ERR_BUSY = 3,    /* the id is held by a live VM or an unfinished destroy */
	FFAMED_ERR_AGAIN = 4,   /* destroy made progress: call it again */
	FFAMED_ERR_SPMC = 5,    /* the SPMC refused (logged with its status) */
	FFAMED_ERR_LEAKED = 6,  /* destroy gave the SPMC slot up (see docs/api.md) */
	FFAMED_ERR_NOSPMC = 7,  /* no SPMC with notifications: VM-to-VM only */
};
const char *ffamed_strerror(int err);

enum ffamed_log_level {
	FFAMED_LOG_ERR,
	FFAMED_LOG_WARN,
	FFAMED_LOG_INFO,
	FFAMED_LOG_DEBUG,
};

struct ffamed_vm;

/*
 * Host callbacks. "host" is the pointer given to ffamed_init(); "host_vm" is
 * the one given to ffamed_vm_init(). None of them may call libffamed.
 */
struct ffamed_ops {
	/*
	 * Optional. Call the SPMC (SMCCC 1.2). NULL: there is none. in and
	 * out may be the same registers.
	 */
	void (*smc)(void *host, const struct ffamed_regs *in,
		    struct ffamed_regs *out);
	/*
	 * Required. Make interrupt intid pending on vCPU vcpu of a VM (edge) or
	 * raise its line (level). Called with that VM's lock held (the
	 * scheduler VM's SRI: with the mediator's lock held). Returns false
	 * when it could not: libffamed counts it and raises again on the next
	 * event for that vCPU (a notification, a GET, ffamed_vcpu_online()).
	 */
	bool (*irq_raise)(void *host, void *host_vm, uint16_t vcpu,
			  uint32_t intid);
	/*
	 * Optional: level-triggered lines. Lower the line; same locking.
	 * Returns false when it could not: the line stays marked up and the
	 * next GET on that vCPU lowers it again.
	 */
	bool (*irq_lower)(void *host, void *host_vm, uint16_t vcpu,
			  uint32_t intid);
	/*
	 * Required. Find a VM by FF-A id and keep its struct ffamed_vm (and
	 * host_vm) readable until vm_put(). NULL if there is none. A lookup:
	 * it is called with libffamed locks held, so it must never wait for
	 * one. A dying VM must stay findable until ffamed_vm_destroy() is done.
	 */
	struct ffamed_vm *(*vm_get)(void *host, uint16_t vm_id);
	void (*vm_put)(void *host, struct ffamed_vm *vm);
	/* Optional. Can the vCPU take an interrupt now? NULL: all can. */
	bool (*vcpu_online)(void *host, void *host_vm, uint16_t vcpu);
	/* Optional. The SPMC listed the hypervisor itself (endpoint 0). */
	void (*hyp_notified)(void *host, bool per_vcpu, uint16_t vcpu);
	/* Optional. An SP vCPU needs cycles and no scheduler VM is named. */
	void (*sp_pending)(void *host, uint16_t sp_id, bool per_vcpu,
			   uint16_t vcpu);
	/* Optional. printf-style log; one call per message. */
	void (*log)(void *host, enum ffamed_log_level level, const char *fmt,
		    va_list ap);
};

#define FFAMED_VM_ID_LIMIT     0x8000U
#define FFAMED_SCHED_MAP_WORDS (FFAMED_VM_ID_LIMIT / 64U)

struct ffamed_config {
	uint32_t npi_intid;     /* NPI injected into a receiver's vCPU */
	uint32_t sri_intid;     /* SRI injected into a VM that schedules */
	uint16_t sched_vm_id;   /* FF-A id of the scheduler VM, 0: none */
	/* With a scheduler VM: FFAMED_SCHED_MAP_WORDS words of the host's. */
	uint64_t *sched_map;
};

/* Counters for diagnostics; updated with relaxed atomics. */
struct ffamed_stats {
	uint32_t sri_runs;
	uint32_t sri_rounds;
	uint32_t sri_yielded;       /* more-pending still set after max rounds */
	uint32_t sri_deferred;      /* stopped: the scheduler's SP queue is full */
	uint32_t spmc_malformed;    /* INFO_GET replies cut short */
	uint32_t stale_ids;         /* listed ids with no live VM */
	uint32_t npi_raised;
	uint32_t sri_raised;
	uint32_t irq_failed;        /* irq_raise said no */
	uint32_t sp_dropped;        /* SP vCPUs listed with nowhere to go */
	uint32_t no_slot;           /* VMs the SPMC had no bitmap for */
	uint32_t destroy_leaked;    /* SPMC slots given up */
	uint32_t leaks_lost;        /* ... with the leak table full */
	uint32_t reclaimed;         /* stale slots taken back at init */
};

struct ffamed_sp_entry {
	uint16_t sp_id;
	uint16_t vcpu;
	bool per_vcpu;
};

/* An SPMC slot given up by destroy: what a later init needs to free it. */
struct ffamed_leak {
	uint16_t id;
	uint16_t vcpu_count;
	uint16_t sp_sender[64];
};

/* The mediator. Fields are private: use the functions below. */
struct ffamed {
	const struct ffamed_ops *ops;
	void *host;
	struct ffamed_config cfg;
	uint32_t spmc_sri_intid;  /* physical SRI, valid if spmc_notif */
	bool spmc_notif;          /* the SPMC mediates SP notifications */
	bool spmc_no_sp_vcpu;     /* ... but not per-vCPU ones (FF-A v1.3) */
	bool level;               /* the host lowers lines: irq_lower is set */
	bool npi_only;            /* edge lines and no scheduler VM */
	struct ffamed_stats stats;

	ffamed_lock_t lock;       /* guards what follows; taken after a VM lock */
	uint16_t sched_sri_vcpu;  /* scheduler vCPU whose SRI is up, or none */
	uint16_t sp_count;
	uint64_t sched_sum[FFAMED_SCHED_MAP_WORDS / 64U]; /* words of sched_map in use */
	struct ffamed_sp_entry sp_pend[FFAMED_MAX_SP_PENDING];
	struct ffamed_leak leaked[FFAMED_MAX_LEAKED];
};

/* Per-vCPU state: the host provides vcpu_count of these per VM. */
struct ffamed_vcpu {
	uint64_t vm_pend;     /* per-vCPU VM -> VM bits, unread */
	uint16_t next;        /* the VM's list of vCPUs with something pending */
	uint8_t flags;        /* FFAMED_VCPU_* (private) */
};

/* Per-VM state. Fields are private: use the functions below. */
struct ffamed_vm {
	void *host_vm;
	struct ffamed_vcpu *vcpu;
	uint64_t vm_pend;       /* global VM -> VM bits, unread */
	uint64_t vm_bound;      /* bits bound to a VM sender: vm_sender[] valid */
	uint32_t spm_pend;      /* SPM framework bits taken from the SPMC, unread */
	uint32_t hyp_pend;      /* hypervisor framework bits, unread */
	uint16_t id;
	uint16_t vcpu_count;
	uint16_t pend_head;     /* first vCPU of the pending list */
	uint16_t npi_vcpu;      /* level: vCPU whose line carries global bits */
	uint16_t sri_vcpu;      /* vCPU whose SRI is up (FFAMED_VM_SRI_SELF) */
	uint16_t destroy_pos;   /* destroy: next vCPU to drain */
	uint8_t state;          /* FFAMED_VM_* (private) */
	uint8_t flags;          /* FFAMED_VMF_* (private) */
	uint8_t destroy_round;
	ffamed_lock_t lock;     /* guards everything above but id and vcpu_count */
	/* Bindings with this VM as receiver, by bit. */
	/*
	 * The SP's id or 0: the SPMC's, mirrored for destroy. Valid only from
	 * the VM's first SP BIND on (a private flag says so): init leaves it.
	 */
	uint16_t sp_sender[64];
	/*
	 * Where vm_bound has the bit: the VM sender's id, with
	 * FFAMED_VM_SENDER_PER_VCPU for a per-vCPU binding (VM ids are below
	 * 0x8000). Not cleared at init or unbind: vm_bound says what is valid.
	 */
	uint16_t vm_sender[64];
};

struct ffamed_vm_params {
	uint16_t id;            /* FF-A VM id, 1..0x7FFF */
	uint16_t vcpu_count;    /* 1..65534; the SPMC may allow fewer */
	uint32_t flags;         /* FFAMED_VM_* below */
	struct ffamed_vcpu *vcpus; /* vcpu_count entries, kept until destroyed */
	void *host_vm;
};
/* Also inject the SRI into this VM: it reads its own INFO_GET (Linux's SRI path). */
#define FFAMED_VM_SRI_SELF (1U << 0)

enum ffamed_dispatch {
	FFAMED_NOT_MINE = 0,  /* not a notification call: regs untouched */
	FFAMED_HANDLED = 1,   /* regs x0..x7 hold the reply */
};

enum ffamed_sri_result {
	FFAMED_SRI_DONE = 0,  /* the SPMC has nothing more to report */
	FFAMED_SRI_AGAIN = 1, /* stopped early: run the handler again later */
};

/*
 * The configuration the library was built with, checked by ffamed_init():
 * a consumer compiled with other options or another environment header
 * gets FFAMED_ERR_ABI instead of corrupted memory.
 */
#define FFAMED_ABI_VERSION 3U
#define FFAMED_ABI_WORD                                                    \
	((uint32_t)(FFAMED_ABI_VERSION << 28 | (uint32_t)FFAMED_PER_VCPU << 27 | \
		    (uint32_t)(sizeof(struct ffamed) & 0x3FFFU) << 13 |           \
		    (uint32_t)(sizeof(struct ffamed_vm) & 0x7FFU) << 2 |          \
		    (uint32_t)(sizeof(struct ffamed_vcpu) == 16U)))

/* Mediator setup. */
int ffamed_init_abi(struct ffamed *med, const struct ffamed_ops *ops,
		    void *host, const struct ffamed_config *cfg, uint32_t abi);
#define ffamed_init(med, ops, host, cfg) \
	ffamed_init_abi((med), (ops), (host), (cfg), FFAMED_ABI_WORD)
int ffamed_probe(struct ffamed *med);
bool ffamed_spmc_notif_enabled(const struct ffamed *med);
uint32_t ffamed_spmc_sri_intid(const struct ffamed *med);

/* Per-VM lifetime. */
int ffamed_vm_init(struct ffamed *med, struct ffamed_vm *vm,
		   const struct ffamed_vm_params *p);
int ffamed_vm_destroy(struct ffamed *med, struct ffamed_vm *vm);
/* The SPMC holds this VM's bitmaps: SP notifications work for it. */
bool ffamed_vm_sp_enabled(const struct ffamed_vm *vm);

/* Guest calls: FFA_NOTIFICATION_* and their FFA_FEATURES queries. */
enum ffamed_dispatch ffamed_guest_call(struct ffamed *med,
				       struct ffamed_vm *caller,
				       struct ffamed_regs *regs);

/*
 * Host endpoint mode (pKVM): the host kernel is endpoint 0 and talks to the
 * SPMC itself; its FFA_NOTIFICATION_* calls are checked so that it can act
 * as no other endpoint, then forwarded.
 */
enum ffamed_dispatch ffamed_host_call(struct ffamed *med,
				      struct ffamed_regs *regs);

/* Schedule Receiver Interrupt: call from deferred context. */
enum ffamed_sri_result ffamed_sri_handle(struct ffamed *med);

/* Raise hypervisor framework notifications (GET's w7) for a VM. */
int ffamed_raise_hyp_framework(struct ffamed *med, uint16_t vm_id,
			       uint32_t bits);

/* Diagnostic counters, for logs and tests. */
static inline const struct ffamed_stats *ffamed_stats(const struct ffamed *med)
{
	return &med->stats;
}

/* A vCPU came online: raise its NPI if something waits for it. */
void ffamed_vcpu_online(struct ffamed *med, struct ffamed_vm *vm,
			uint16_t vcpu);

/* The host_vm pointer given to ffamed_vm_init(), for vm_put and adapters. */
static inline void *ffamed_vm_host(const struct ffamed_vm *vm)
{
	return vm->host_vm;
}

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
