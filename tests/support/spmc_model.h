/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * A reference SPMC for tests and the demo: a fake secure world that keeps
 * bindings and pending bitmaps per receiver and per vCPU, and answers the
 * normal world's notification calls as the FF-A spec describes, including
 * INFO_GET's once-only reporting and more-pending across calls.
 */
#ifndef SPMC_MODEL_H
#define SPMC_MODEL_H

#include <ffamed/ffamed.h>

#define MODEL_MAX_VMS   16
#define MODEL_MAX_SPS   8
#define MODEL_MAX_VCPUS 8
#define MODEL_SRI_INTID 8U
#define MODEL_FIRST_SP  0x8001U

struct model_rx {
	uint16_t id;
	bool used;
	uint16_t vcpu_count;
	uint64_t bound;
	uint64_t per_vcpu;
	uint16_t sender[64];
	uint64_t pend;                       /* global */
	uint64_t pend_vcpu[MODEL_MAX_VCPUS]; /* per-vCPU */
	uint32_t spm_pend;
	uint64_t rep;                        /* global bits INFO_GET reported */
	uint64_t rep_vcpu[MODEL_MAX_VCPUS];
	bool spm_rep;
	unsigned int sets;                   /* SETs accepted since create */
};

struct spmc_model {
	bool notif_supported;
	bool deny_destroy_if_bound;  /* OP-TEE's reading */
	unsigned int max_slots;      /* VM bitmaps it holds, 0: MODEL_MAX_VMS */
	bool info_repeat;            /* INFO_GET lists every pending state each
				      * time, not only what it has not reported */
	unsigned int destroy_denials; /* DENIED to the next BITMAP_DESTROYs */
	unsigned int unbind_denials;  /* ... and UNBINDs: an SP that keeps
				       * setting the bit between drain and UNBIND */
	struct model_rx vms[MODEL_MAX_VMS];
	struct model_rx sps[MODEL_MAX_SPS];
	bool hyp_pend;
	bool hyp_pend_vcpu[MODEL_MAX_VCPUS];
	unsigned int sri_raised;     /* SRIs the secure world sent */
	unsigned int calls;
	unsigned int info_get_calls;
};

void model_init(struct spmc_model *m, unsigned int n_sps, uint16_t sp_vcpus);
void model_smc(struct spmc_model *m, const struct ffamed_regs *in,
	       struct ffamed_regs *out);

/* Secure-side actions an SP takes. Return an FFAMED_RET_* code. */
int32_t model_sp_bind(struct spmc_model *m, uint16_t sp, uint16_t sender_vm,
		      uint64_t bitmap, bool per_vcpu);
int32_t model_sp_set(struct spmc_model *m, uint16_t sp, uint16_t rx_vm,
		     uint64_t bitmap, bool per_vcpu, uint16_t vcpu);
uint64_t model_sp_get(struct spmc_model *m, uint16_t sp, uint16_t vcpu);
int32_t model_spm_set(struct spmc_model *m, uint16_t rx_vm, uint32_t bits);
void model_hyp_set(struct spmc_model *m, bool per_vcpu, uint16_t vcpu);

struct model_rx *model_find_vm(struct spmc_model *m, uint16_t id);
struct model_rx *model_find_sp(struct spmc_model *m, uint16_t id);

#endif
