/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * A fake hypervisor around libffamed for tests and the demo: a VM table with
 * reference-counted lookup (each struct ffamed_vm is heap-allocated and freed
 * when its last reference goes, so ASan sees any use after free), an
 * interrupt log, and the SPMC model behind the smc op.
 */
#ifndef FAKE_HOST_H
#define FAKE_HOST_H

#include <pthread.h>
#include <ffamed/ffamed.h>
#include "spmc_model.h"

#define FAKE_MAX_VMS  16
#define FAKE_MAX_IRQS 512
#define FAKE_NPI      5U
#define FAKE_SRI      6U

struct fake_vm {
	bool used;
	bool destroyed;   /* destroy finished: no new lookups */
	uint16_t id;
	uint16_t vcpus;
	bool offline[MODEL_MAX_VCPUS];
	int refs;
	struct ffamed_vm *st;
	struct ffamed_vcpu *vcpu_st;
	/* Level lines as the host sees them: [vcpu][0] NPI, [vcpu][1] SRI. */
	bool line[MODEL_MAX_VCPUS][2];
};

struct fake_irq {
	uint16_t vm_id;
	uint16_t vcpu;
	uint32_t intid;
	bool raise;
};

struct fake_event {
	uint16_t id;
	uint16_t vcpu;
	bool per_vcpu;
};

struct fake_host;
/* Return true to answer an SMC instead of the model. */
typedef bool (*fake_smc_hook)(struct fake_host *h, const struct ffamed_regs *in,
			      struct ffamed_regs *out);

struct fake_host {
	struct ffamed med;
	struct ffamed_ops ops;
	struct spmc_model model;
	pthread_mutex_t lock;          /* VM table, model, logs */
	struct fake_vm vms[FAKE_MAX_VMS];
	struct fake_irq irqs[FAKE_MAX_IRQS];
	unsigned int n_irqs;
	struct fake_event hyp[16];
	unsigned int n_hyp;
	struct fake_event sp[16];
	unsigned int n_sp;
	fake_smc_hook hook;
	void *hook_data;
	bool verbose;
	bool raise_fails;              /* irq_raise says no */
	bool lower_fails;              /* irq_lower says no */
	uint32_t vm_flags;             /* FFAMED_VM_* for VMs created next */
	unsigned int vm_frees;
	unsigned int destroy_calls;    /* ffamed_vm_destroy() calls */
	uint64_t sched_map[FFAMED_SCHED_MAP_WORDS];
};

/* spmc: attach the model; ops can be edited before fake_host_start(). */
void fake_host_init(struct fake_host *h, bool spmc,
		    const struct ffamed_config *cfg);
int32_t fake_host_start(struct fake_host *h);
void fake_host_fini(struct fake_host *h);

/* Host-API results: 0 or -FFAMED_ERR_*. */
int fake_vm_create(struct fake_host *h, uint16_t id, uint16_t vcpus);
/* Destroy, calling ffamed_vm_destroy() again while it says AGAIN. */
int fake_vm_destroy(struct fake_host *h, uint16_t id);
/* One ffamed_vm_destroy() call; the VM stays findable while AGAIN. */
int fake_vm_destroy_step(struct fake_host *h, uint16_t id);
struct fake_vm *fake_vm_find(struct fake_host *h, uint16_t id);

/* A guest call from VM id; returns the reply registers. */
struct ffamed_regs fake_call(struct fake_host *h, uint16_t id, uint64_t x0,
			     uint64_t x1, uint64_t x2, uint64_t x3, uint64_t x4);
enum ffamed_dispatch fake_call_regs(struct fake_host *h, uint16_t id,
				    struct ffamed_regs *regs);

/* Interrupts raised (not lowered) for (vm, vcpu, intid) since the last clear. */
unsigned int fake_irq_count(struct fake_host *h, uint16_t vm_id, int vcpu,
			    uint32_t intid);
unsigned int fake_irq_lowered(struct fake_host *h, uint16_t vm_id, int vcpu,
			      uint32_t intid);
void fake_irq_clear(struct fake_host *h);
/* Is the level line of (vm, vcpu) for the NPI (sri = false) or SRI up? */
bool fake_line(struct fake_host *h, uint16_t vm_id, uint16_t vcpu, bool sri);

/* Reply helpers. */
int32_t fake_status(const struct ffamed_regs *r);
uint64_t fake_bitmap(const struct ffamed_regs *r, unsigned int lo_reg);

/* Guest-call shorthands; all return the FF-A status (0 on success). */
int32_t fake_bind(struct fake_host *h, uint16_t rx, uint16_t tx,
		  uint32_t flags, uint64_t bm);
int32_t fake_unbind(struct fake_host *h, uint16_t rx, uint16_t tx, uint64_t bm);
int32_t fake_set(struct fake_host *h, uint16_t tx, uint16_t rx, uint32_t flags,
		 uint64_t bm);
struct ffamed_regs fake_get(struct fake_host *h, uint16_t rx, uint16_t vcpu,
			    uint32_t flags);

#endif
