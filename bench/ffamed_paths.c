/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Benchmark driver, libffamed side: the same paths and register inputs as
 * xen_paths.c, through the core. Each path is one noinline wrapper between
 * CALLGRIND_ZERO_STATS and CALLGRIND_DUMP_STATS_AT; scripts/bench.sh counts
 * only the core's functions (the objects of libffamed/) in each dump.
 *
 * Every use of libffamed's API sits in the "API shim" section right below,
 * a minimal host of its own (no tests/support): port that section when the
 * API changes, the rest is API-free.
 */
#include <stdio.h>
#include <string.h>
#include <valgrind/callgrind.h>

#include <ffamed/ffamed.h>

#include "bench.h"

/* ---- API shim: the only code that knows libffamed's API ---- */

static struct ffamed med;
static struct ffamed_vm vms[B_MAX_VM];   /* indexed by FF-A VM id */
static bool vm_live[B_MAX_VM];

static void host_smc(void *host, const struct ffamed_regs *in,
		     struct ffamed_regs *out)
{
	uint64_t x[8];

	(void)host;
	bench_spmc(in->x, x);
	memset(out, 0, sizeof(*out));
	memcpy(out->x, x, sizeof(x));
}

static void count_irq(uint32_t intid)
{
	if (intid == B_NPI_INTID)
		bench_counts.injections++;
}

static struct ffamed_vm *host_vm_get(void *host, uint16_t vm_id)
{
	(void)host;
	return vm_id < B_MAX_VM && vm_live[vm_id] ? &vms[vm_id] : NULL;
}

static void host_vm_put(void *host, struct ffamed_vm *vm)
{
	(void)host, (void)vm;
}


static struct ffamed_vcpu vm_vcpus[B_MAX_VM][B_VCPUS];

static bool host_irq_raise(void *host, void *host_vm, uint16_t vcpu,
			   uint32_t intid)
{
	(void)host, (void)host_vm, (void)vcpu;
	count_irq(intid);
	return true;
}

/*
 * As Xen's adapter (adapters/xen) and Xen's own code, which injects a global
 * NPI into the first online vCPU: the call is counted, the host's answer
 * is not.
 */
static bool host_vcpu_online(void *host, void *host_vm, uint16_t vcpu)
{
	(void)host, (void)host_vm, (void)vcpu;
	return true;
}

/* A VM of B_VCPUS vCPUs. 0 on success. */
static int api_vm_init(uint16_t id)
{
	const struct ffamed_vm_params p = {
		.id = id, .vcpu_count = B_VCPUS, .vcpus = vm_vcpus[id],
	};

	vm_live[id] = true;
	if (ffamed_vm_init(&med, &vms[id], &p) != 0)
		return -1;
	return ffamed_vm_sp_enabled(&vms[id]) ? 0 : -1;
}

static int api_vm_destroy(uint16_t id)
{
	int ret;

	while ((ret = ffamed_vm_destroy(&med, &vms[id])) == -FFAMED_ERR_AGAIN)
		;
	vm_live[id] = false;
	return ret == 0 ? 0 : -1;
}

static void api_sizes(void)
{
	printf("size struct_ffamed %zu\n", sizeof(struct ffamed));
	printf("size struct_ffamed_vm %zu\n", sizeof(struct ffamed_vm));
	printf("size per_vcpu %zu\n", sizeof(struct ffamed_vcpu));
	printf("size inline_vcpus 0\n");   /* the host provides them */
}


static const struct ffamed_ops ops = {
	.smc = host_smc,
	.irq_raise = host_irq_raise,
	.vm_get = host_vm_get,
	.vm_put = host_vm_put,
	.vcpu_online = host_vcpu_online,
};

/* pKVM's and Hafnium's kind of host: every vCPU can take an interrupt. */
static const struct ffamed_ops ops_no_online = {
	.smc = host_smc,
	.irq_raise = host_irq_raise,
	.vm_get = host_vm_get,
	.vm_put = host_vm_put,
};

/* Mediator up, SPMC probed. 0 on success. */
static int api_start(const struct ffamed_ops *with)
{
	const struct ffamed_config cfg = { .npi_intid = B_NPI_INTID,
					   .sri_intid = B_NPI_INTID + 1 };

	if (ffamed_init(&med, with, NULL, &cfg) != 0)
		return -1;
	return ffamed_probe(&med) == 0 ? 0 : -1;
}

/* A guest call from VM caller: x0..x7 in, the reply in x0..x7. */
static void api_call(uint16_t caller, uint64_t x[8])
{
	struct ffamed_regs r;

	memset(&r, 0, sizeof(r));
	memcpy(r.x, x, 8 * sizeof(x[0]));
	if (ffamed_guest_call(&med, &vms[caller], &r) != FFAMED_HANDLED)
		bench_fail("call", "not handled");
	memcpy(x, r.x, 8 * sizeof(x[0]));
}

static void api_sri(void)
{
	while (ffamed_sri_handle(&med) == FFAMED_SRI_AGAIN)
		;
}

/* Every VM destroyed, the mediator set up again with the other ops. */
static int api_restart_without_online(void)
{
	for (uint16_t id = 0; id < B_MAX_VM; id++)
		if (vm_live[id] && api_vm_destroy(id) != 0)
			return -1;
	return api_start(&ops_no_online);
}

/* ---- the paths: one noinline wrapper each ---- */

#define PATH __attribute__((noinline))

static PATH void p_call(uint16_t caller, uint64_t x[8])
{
	api_call(caller, x);
}

static PATH void p_sri(void)
{
	api_sri();
}

static PATH int p_init_destroy(uint16_t id)
{
	int ret = api_vm_init(id);

	return api_vm_destroy(id) | ret;
}

/* ---- the driver ---- */

static uint64_t x[8];

static void call_regs(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3,
		      uint64_t x4)
{
	memset(x, 0, sizeof(x));
	x[0] = x0, x[1] = x1, x[2] = x2, x[3] = x3, x[4] = x4;
}

static bool is_error(int32_t status)
{
	return x[0] == B_FFA_ERROR && (uint32_t)x[2] == (uint32_t)status;
}

/* The caller and the VMs of the N-list SRI (ids). */
static void setup_vms(uint16_t ids[B_NLIST])
{
	bench_expect("setup", api_vm_init(B_CALLER) == 0);
	for (unsigned int i = 0; i < B_NLIST; i++) {
		ids[i] = (uint16_t)(B_FIRST_N + i);
		bench_expect("setup", api_vm_init(ids[i]) == 0);
	}
}

int main(int argc, char **argv)
{
	uint16_t ids[B_NLIST];
	int ret = 0;

	if (argc > 1 && strcmp(argv[1], "--sizes") == 0) {
		api_sizes();
		return 0;
	}
	bench_expect("setup", api_start(&ops) == 0);
	setup_vms(ids);

	/* The caller's first SP binding starts its SP-sender mirror. */
	call_regs(B_FFA_BIND, B_SP_ID << 16 | B_CALLER, 0, B_FIRST_BIT, 0);
	BENCH_MEASURE(bind_sp_first, p_call(B_CALLER, x));
	bench_expect("bind_sp_first", x[0] == B_FFA_SUCCESS_32);

	call_regs(B_FFA_BIND, B_SP_ID << 16 | B_CALLER, 0, B_BITMAP, 0);
	BENCH_MEASURE(bind_valid, p_call(B_CALLER, x));
	bench_expect("bind_valid", x[0] == B_FFA_SUCCESS_32);

	call_regs(B_FFA_BIND, B_SP_ID << 16 | B_OTHER, 0, B_BITMAP, 0);
	BENCH_MEASURE(bind_bad_receiver, p_call(B_CALLER, x));
	bench_expect("bind_bad_receiver", is_error(B_RET_INVALID));

	call_regs(B_FFA_SET, B_CALLER << 16 | B_SP_ID, 0, B_BITMAP, 0);
	BENCH_MEASURE(set_valid, p_call(B_CALLER, x));
	bench_expect("set_valid", x[0] == B_FFA_SUCCESS_32);

	bench_spmc_list((const uint16_t[]){ B_CALLER }, 1);
	BENCH_MEASURE(sri_1, p_sri());
	bench_expect("sri_1", bench_counts.injections == 1);

	call_regs(B_FFA_INFO_GET_64, 0, 0, 0, 0);
	BENCH_MEASURE(info_get_pending, p_call(B_CALLER, x));
	bench_expect("info_get_pending", x[0] == B_FFA_SUCCESS_64 &&
	       x[2] == 1U << 7 && (uint16_t)x[3] == B_CALLER);

	call_regs(B_FFA_INFO_GET_64, 0, 0, 0, 0);
	BENCH_MEASURE(info_get_none, p_call(B_CALLER, x));
	bench_expect("info_get_none", is_error(B_RET_NO_DATA));

	bench_spmc_get_sp = B_BITMAP;
	bench_spmc_get_spm = 1;
	call_regs(B_FFA_GET, B_CALLER, B_GET_SP | B_GET_SPM, 0, 0);
	BENCH_MEASURE(get_sp_spm, p_call(B_CALLER, x));
	bench_expect("get_sp_spm", x[0] == B_FFA_SUCCESS_32 && x[2] == B_BITMAP &&
	       x[6] == 1);
	bench_spmc_get_sp = 0;
	bench_spmc_get_spm = 0;

	bench_spmc_list(ids, B_NLIST);
	BENCH_MEASURE(sri_n, p_sri());
	bench_expect("sri_n", bench_counts.injections == B_NLIST);

	call_regs(B_FFA_UNBIND, B_SP_ID << 16 | B_CALLER, 0, B_BITMAP, 0);
	BENCH_MEASURE(unbind_valid, p_call(B_CALLER, x));
	bench_expect("unbind_valid", x[0] == B_FFA_SUCCESS_32);

	BENCH_MEASURE(init_destroy, ret = p_init_destroy(B_FRESH));
	bench_expect("init_destroy", ret == 0);

	/* libffamed only: VM B_OTHER notifies the caller, globally then vCPU 1. */
	call_regs(B_FFA_BIND, B_OTHER << 16 | B_CALLER, 0, B_VM_BIT, 0);
	BENCH_MEASURE(bind_vm, p_call(B_CALLER, x));
	bench_expect("bind_vm", x[0] == B_FFA_SUCCESS_32 && bench_counts.smcs == 0);

	call_regs(B_FFA_SET, B_OTHER << 16 | B_CALLER, 0, B_VM_BIT, 0);
	BENCH_MEASURE(set_vm, p_call(B_OTHER, x));
	bench_expect("set_vm", x[0] == B_FFA_SUCCESS_32 && bench_counts.injections == 1);

	call_regs(B_FFA_GET, B_CALLER, B_GET_VM, 0, 0);
	BENCH_MEASURE(get_vm, p_call(B_CALLER, x));
	bench_expect("get_vm", x[0] == B_FFA_SUCCESS_32 && x[4] == B_VM_BIT &&
		     bench_counts.smcs == 0);

	call_regs(B_FFA_BIND, B_OTHER << 16 | B_CALLER, B_FLAG_PER_VCPU, B_VCPU_BIT, 0);
	api_call(B_CALLER, x);
	bench_expect("bind_vm_vcpu", x[0] == B_FFA_SUCCESS_32);

	call_regs(B_FFA_SET, B_OTHER << 16 | B_CALLER,
		  B_FLAG_PER_VCPU | 1U << B_SET_VCPU_SHIFT, B_VCPU_BIT, 0);
	BENCH_MEASURE(set_vm_vcpu, p_call(B_OTHER, x));
	bench_expect("set_vm_vcpu", x[0] == B_FFA_SUCCESS_32 &&
		     bench_counts.injections == 1);

	/* One list: the caller's vCPU 1 (list count 1, one vCPU id). */
	call_regs(B_FFA_INFO_GET_64, 0, 0, 0, 0);
	BENCH_MEASURE(info_get_vcpu, p_call(B_CALLER, x));
	bench_expect("info_get_vcpu", x[0] == B_FFA_SUCCESS_64 &&
		     x[2] == (1U << 7 | 1U << 12) && x[3] == (B_CALLER | 1U << 16));

	call_regs(B_FFA_GET, 1U << 16 | B_CALLER, B_GET_VM, 0, 0);
	BENCH_MEASURE(get_vm_vcpu, p_call(B_CALLER, x));
	bench_expect("get_vm_vcpu", x[0] == B_FFA_SUCCESS_32 && x[4] == B_VCPU_BIT &&
		     bench_counts.smcs == 0);

	/* The SRIs again, on fresh VMs of a host without a vcpu_online op. */
	bench_expect("restart", api_restart_without_online() == 0);
	setup_vms(ids);
	bench_spmc_list((const uint16_t[]){ B_CALLER }, 1);
	BENCH_MEASURE(sri_1_no_online, p_sri());
	bench_expect("sri_1_no_online", bench_counts.injections == 1);
	bench_spmc_list(ids, B_NLIST);
	BENCH_MEASURE(sri_n_no_online, p_sri());
	bench_expect("sri_n_no_online", bench_counts.injections == B_NLIST);
	return 0;
}
