/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * libffamed behind Hafnium's normal-world hypervisor (FF-A role
 * "hypervisor", e.g. PLATFORM=qemu_aarch64_vhe). The patch
 * hafnium-2.15-ffamed.patch calls the two entry points declared in
 * inc/hf/ffamed_hf.h:
 *
 *   ffamed_hf_init()        from ffa_init() (src/ffa/hypervisor/init.c), once,
 *                           after load_vms(): the mediator and every VM.
 *   ffamed_hf_ffa_call()    first thing in ffa_handler()
 *                           (src/arch/aarch64/hypervisor/handler.c): every
 *                           FFA_NOTIFICATION_* call and the notification
 *                           FFA_FEATURES queries of a registered VM.
 *
 * Hafnium's own RX-buffer-full framework notification (set by
 * api_ffa_msg_send2() in struct vm) is merged into GET's reply here, as stock
 * Hafnium does; it is not signalled by an NPI (stock does not either).
 *
 * Hafnium's VMs are static (ffa_vm_nwd_free() never frees one), so vm_get is
 * vm_find() - index arithmetic, no lock - and the per-VM state lives in
 * arrays here indexed like Hafnium's own vms[]; struct vm is not touched.
 *
 * Locks: Hafnium orders vm_lock before vcpu_lock. libffamed is entered only
 * with no Hafnium lock held (ffa_handler, ffa_init) and its callbacks take
 * only a vCPU lock (irq_raise), so the order is always libffamed locks ->
 * vcpu_lock, and vm_get takes none.
 * Hafnium never calls in with a vCPU lock held, which is why the adapter does
 * not use ffa_interrupts_inject_notification_pending_interrupt() (called from
 * FFA_RUN with the target vCPU locked): the NPI is made pending at once and
 * FFA_RUN sees it through vcpu_virt_interrupt_count_get().
 */
#include "hf/ffamed_hf.h"

#include "hf/arch/other_world.h"

#include "hf/check.h"
#include "hf/cpu.h"
#include "hf/dlog.h"
#include "hf/ffa/init.h"
#include "hf/vcpu.h"
#include "hf/vm.h"

#include "ffamed.h"

static struct ffamed hf_med;
static struct ffamed_vm hf_vms[MAX_VMS];
static struct ffamed_vcpu hf_vcpus[MAX_VMS][MAX_CPUS];
/* Set once per VM at boot, before any guest runs; read without a lock. */
static bool hf_vm_live[MAX_VMS];
static bool hf_ready;
/* The scheduler (primary) VM's map of VMs with something to report. */
static uint64_t hf_sched_map[FFAMED_SCHED_MAP_WORDS];

/* Hafnium VM index <-> FF-A id: id = index + HF_VM_ID_OFFSET (vm_find()). */
static struct ffamed_vm *hf_fvm(ffa_id_t id)
{
	uint32_t index;

	if (!ffa_is_vm_id(id) || id < HF_VM_ID_OFFSET) {
		return NULL;
	}
	index = (uint32_t)id - HF_VM_ID_OFFSET;
	if (index >= MAX_VMS || !__atomic_load_n(&hf_vm_live[index], __ATOMIC_ACQUIRE)) {
		return NULL;
	}
	return &hf_vms[index];
}

static void hf_smc(void *host, const struct ffamed_regs *in,
		   struct ffamed_regs *out)
{
	/* x8..x17 stay zero: the designated initializer clears extended_val. */
	struct ffa_value r = arch_other_world_call((struct ffa_value){
		.func = in->x[0],
		.arg1 = in->x[1],
		.arg2 = in->x[2],
		.arg3 = in->x[3],
		.arg4 = in->x[4],
		.arg5 = in->x[5],
		.arg6 = in->x[6],
		.arg7 = in->x[7],
	});

	(void)host;
	out->x[0] = r.func;
	out->x[1] = r.arg1;
	out->x[2] = r.arg2;
	out->x[3] = r.arg3;
	out->x[4] = r.arg4;
	out->x[5] = r.arg5;
	out->x[6] = r.arg6;
	out->x[7] = r.arg7;
}

/*
 * A physical SGI to the CPU a primary vCPU is pinned to. The primary owns the
 * GIC: Hafnium leaves HCR_EL2.IMO clear while it runs (arch_hcr_el2_value()),
 * so a virtual interrupt would never reach it, and the SRI of FF-A's normal
 * world is an SGI anyway (the SPMC sends the primary the same one). The
 * qemu_aarch64_vhe platform has no plat_interrupts driver
 * (plat_interrupts_send_sgi() is a no-op there), so this writes
 * ICC_SGI1R_EL1 itself: group 1, this security state, one target.
 */
static void hf_send_sgi(uint32_t intid, const struct cpu *cpu)
{
	const uint64_t mpidr = cpu->id;
	const uint64_t sgir = ((uint64_t)(intid & 0xfU) << 24) |
			      (((mpidr >> 32) & 0xffU) << 48) | /* Aff3 */
			      (((mpidr >> 16) & 0xffU) << 32) | /* Aff2 */
			      (((mpidr >> 8) & 0xffU) << 16) |  /* Aff1 */
			      ((UINT64_C(1) << (mpidr & 0xfU)) & 0xffffU);

	__asm__ volatile("msr S3_0_C12_C11_5, %0\n\tisb" : : "r"(sgir));
}

/*
 * NPI into a receiver's vCPU, SRI into the primary's.
 * Secondary: Hafnium's virtual interrupt queue (vcpu_virt_interrupt_inject,
 * src/vcpu.c); the vCPU takes it the next time it enters through Hafnium -
 * FFA_RUN, which runs a vCPU with a pending enabled interrupt even from WFI
 * (api_vcpu_prepare_run()) and sets HCR_EL2.VI (vcpu_update_virtual_interrupts()).
 * A secondary vCPU running on another CPU is not kicked: it sees the NPI at
 * its next exit. Primary: an SGI of the same number (hf_send_sgi()).
 */
static bool hf_irq_raise(void *host, void *host_vm, uint16_t vcpu_idx,
			 uint32_t intid)
{
	struct vm *vm = host_vm;
	struct vcpu_locked locked;

	(void)host;
	if (vcpu_idx >= vm->vcpu_count) {
		return false;
	}
	if (vm_is_primary(vm)) {
		const struct cpu *cpu = vm_get_vcpu(vm, vcpu_idx)->cpu;

		/* SGIs are INTIDs 0..15. */
		if (cpu == NULL || intid > 15U) {
			return false;
		}
		hf_send_sgi(intid, cpu);
		return true;
	}
	locked = vcpu_lock(vm_get_vcpu(vm, vcpu_idx));
	vcpu_virt_interrupt_inject(locked, intid);
	vcpu_unlock(&locked);
	return true;
}

static struct ffamed_vm *hf_vm_get(void *host, uint16_t vm_id)
{
	(void)host;
	return hf_fvm(vm_id);
}

static void hf_vm_put(void *host, struct ffamed_vm *vm)
{
	/* Nothing to drop: Hafnium's VMs live as long as the hypervisor. */
	(void)host;
	(void)vm;
}

static void hf_log(void *host, enum ffamed_log_level level, const char *fmt,
		   va_list ap)
{
	struct va_list_wrapper w;

	(void)host;
	if (level > FFAMED_LOG_WARN && LOG_LEVEL < LOG_LEVEL_VERBOSE) {
		return;
	}
	dlog("libffamed: ");
	va_copy(w.va, ap);
	vdlog(fmt, &w);
	va_end(w.va);
}

static const struct ffamed_ops hf_ops_spmc = {
	.smc = hf_smc,
	.irq_raise = hf_irq_raise,
	.vm_get = hf_vm_get,
	.vm_put = hf_vm_put,
	.log = hf_log,
};

/* No SPMC (QEMU without TF-A): VM-to-VM only, never an SMC. */
static const struct ffamed_ops hf_ops_local = {
	.irq_raise = hf_irq_raise,
	.vm_get = hf_vm_get,
	.vm_put = hf_vm_put,
	.log = hf_log,
};

void ffamed_hf_init(void)
{
	const bool tee = ffa_init_is_tee_enabled();
	const struct ffamed_config cfg = {
		.npi_intid = HF_NOTIFICATION_PENDING_INTID,
		.sri_intid = HF_SCHEDULE_RECEIVER_INTID,
		/* The primary VM schedules: it gets the SRI and INFO_GET lists. */
		.sched_vm_id = HF_PRIMARY_VM_ID,
		.sched_map = hf_sched_map,
	};
	int rc;

	rc = ffamed_init(&hf_med, tee ? &hf_ops_spmc : &hf_ops_local, NULL,
			 &cfg);
	CHECK(rc == 0);
	rc = ffamed_probe(&hf_med);
	dlog_info("libffamed: %s\n",
		  rc == 0 ? "SP notifications through the SPMC"
			  : "no SPMC notifications: VM-to-VM only");

	for (ffa_vm_count_t i = 0; i < vm_get_count() && i < MAX_VMS; i++) {
		struct vm *vm = vm_find_index(i);
		struct ffamed_vm_params p = {
			.id = vm->id,
			.vcpu_count = vm->vcpu_count,
			.vcpus = hf_vcpus[i],
			.host_vm = vm,
		};

		/*
		 * A secondary takes part if its manifest says
		 * notification-support (as in stock Hafnium); the primary
		 * always does: it is the scheduler.
		 */
		if (!ffa_is_vm_id(vm->id) ||
		    (!vm_is_primary(vm) && !vm_are_notifications_enabled(vm))) {
			continue;
		}
		rc = ffamed_vm_init(&hf_med, &hf_vms[i], &p);
		if (rc != 0) {
			dlog_error("libffamed: VM %#x: %s\n", vm->id,
				   ffamed_strerror(rc));
			continue;
		}
		__atomic_store_n(&hf_vm_live[i], true, __ATOMIC_RELEASE);
	}
	__atomic_store_n(&hf_ready, true, __ATOMIC_RELEASE);
}

bool ffamed_hf_ffa_call(struct ffa_value *args, struct vcpu *current)
{
	struct ffamed_vm *caller;
	struct ffamed_regs r;
	/* SMCCC SVE hint (bit 16) off, as smc_handler() does. */
	const uint32_t func = (uint32_t)args->func & ~UINT32_C(0x10000);

	if (!__atomic_load_n(&hf_ready, __ATOMIC_ACQUIRE)) {
		return false;
	}
	caller = hf_fvm(current->vm->id);
	if (caller == NULL) {
		/* Not registered: stock Hafnium answers (NOT_SUPPORTED). */
		return false;
	}

	/*
	 * The SPMC's physical SRI reaches the primary VM directly (Hafnium
	 * leaves it the GIC), so the SRI handler runs here, when the primary
	 * asks INFO_GET: the SPMC's lists are folded in first.
	 */
	if ((func == FFAMED_FID_NOTIF_INFO_GET_64 ||
	     func == FFAMED_FID_NOTIF_INFO_GET_32) &&
	    vm_is_primary(current->vm) && ffamed_vm_sp_enabled(caller)) {
		(void)ffamed_sri_handle(&hf_med);
	}

	r.x[0] = args->func;
	r.x[1] = args->arg1;
	r.x[2] = args->arg2;
	r.x[3] = args->arg3;
	r.x[4] = args->arg4;
	r.x[5] = args->arg5;
	r.x[6] = args->arg6;
	r.x[7] = args->arg7;
	if (ffamed_guest_call(&hf_med, caller, &r) != FFAMED_HANDLED) {
		return false;
	}
	if (func == FFA_NOTIFICATION_GET_32 && r.x[0] == FFA_SUCCESS_32 &&
	    (args->arg2 & FFA_NOTIFICATION_FLAG_BITMAP_HYP) != 0U) {
		/* Hafnium's own framework bits (RX buffer full), taken now. */
		struct vm_locked vm_locked = vm_lock(current->vm);
		ffa_notifications_bitmap_t fwk =
			vm_notifications_framework_get_pending(vm_locked);

		vm_unlock(&vm_locked);
		r.x[6] |= (uint32_t)fwk;
		r.x[7] |= (uint32_t)(fwk >> 32);
	}
	*args = (struct ffa_value){
		.func = r.x[0],
		.arg1 = r.x[1],
		.arg2 = r.x[2],
		.arg3 = r.x[3],
		.arg4 = r.x[4],
		.arg5 = r.x[5],
		.arg6 = r.x[6],
		.arg7 = r.x[7],
	};
	return true;
}
