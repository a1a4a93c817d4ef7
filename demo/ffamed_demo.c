/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * libffamed demo: a hypervisor's day, driven through the real library with
 * the reference SPMC model as the secure world. Prints what happens at each
 * step and exits non-zero if anything differs from what FF-A says.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_host.h"

#define SP_A  0x8001U
#define SP_B  0x8002U
#define DOM0  0x0001U /* host VM number 0 at offset 1, as in Xen */
#define DOMU  0x0002U
#define DOMU2 0x0003U

static unsigned int step_no;
static unsigned int failures;

static void step(const char *what)
{
	printf("\n[%02u] %s\n", ++step_no, what);
}

static void expect(bool ok, const char *what)
{
	printf("     %s %s\n", ok ? "ok  " : "FAIL", what);
	if (!ok)
		failures++;
}

static const char *status_name(int32_t s)
{
	static const char *const names[] = {
		"SUCCESS", "NOT_SUPPORTED", "INVALID_PARAMETERS", "NO_MEMORY",
		"BUSY", "INTERRUPTED", "DENIED", "RETRY", "ABORTED", "NO_DATA",
	};
	return s <= 0 && s >= -9 ? names[-s] : "?";
}

static void show_status(const char *call, int32_t s)
{
	printf("     %-44s -> %s\n", call, status_name(s));
}

static void show_get(const char *who, const struct ffamed_regs *r)
{
	if (fake_status(r) != FFAMED_RET_OK) {
		printf("     %-44s -> %s\n", who, status_name(fake_status(r)));
		return;
	}
	printf("     %-44s -> SP=%#llx VM=%#llx SPM=%#x HYP=%#x\n", who,
	       (unsigned long long)fake_bitmap(r, 2),
	       (unsigned long long)fake_bitmap(r, 4), (unsigned int)r->x[6],
	       (unsigned int)r->x[7]);
}

static void show_info(const char *who, const struct ffamed_regs *r)
{
	const bool is64 = (uint32_t)r->x[0] == FFAMED_FID_SUCCESS_64;
	const unsigned int per = is64 ? 4 : 2;
	const unsigned int lists = (unsigned int)(r->x[2] >> 7) & 0x1F;
	unsigned int k = 0;

	if (fake_status(r) != FFAMED_RET_OK) {
		printf("     %-44s -> %s\n", who, status_name(fake_status(r)));
		return;
	}
	printf("     %-44s -> %s, more=%u:", who, is64 ? "SUCCESS_64" : "SUCCESS_32",
	       (unsigned int)(r->x[2] & 1));
	for (unsigned int i = 0; i < lists; i++) {
		const unsigned int n = (unsigned int)(r->x[2] >> (12 + 2 * i)) & 3;

		printf(" (%#x:[", (unsigned int)(uint16_t)(r->x[3 + k / per] >> (16 * (k % per))));
		k++;
		for (unsigned int j = 0; j < n; j++, k++)
			printf("%s%u", j ? "," : "",
			       (unsigned int)(uint16_t)(r->x[3 + k / per] >> (16 * (k % per))));
		printf("])");
	}
	printf("\n");
}

static unsigned int stuck_calls;

/* An SPMC that answers every INFO_GET with (0x3:[]) and more-pending set. */
static bool stuck_spmc(struct fake_host *h, const struct ffamed_regs *in,
		       struct ffamed_regs *out)
{
	unsigned int *calls = h->hook_data;

	if ((uint32_t)in->x[0] != FFAMED_FID_NOTIF_INFO_GET_64)
		return false;
	(*calls)++;
	memset(out, 0, sizeof(*out));
	out->x[0] = FFAMED_FID_SUCCESS_64;
	out->x[2] = FFAMED_INFO_MORE_PENDING | 1U << FFAMED_INFO_LIST_COUNT_SHIFT;
	out->x[3] = DOMU2;
	return true;
}

static struct ffamed_regs info(struct fake_host *h, uint16_t vm, bool is64)
{
	return fake_call(h, vm, is64 ? FFAMED_FID_NOTIF_INFO_GET_64 :
				       FFAMED_FID_NOTIF_INFO_GET_32, 0, 0, 0, 0);
}

int main(void)
{
	const struct ffamed_config cfg = {
		.npi_intid = FAKE_NPI, .sri_intid = FAKE_SRI, .sched_vm_id = DOM0,
	};
	struct fake_host *h = calloc(1, sizeof(*h));
	struct ffamed_regs r;
	int32_t s;

	if (h == NULL)
		return 2;
	printf("libffamed demo: FF-A notifications mediated for a hypervisor\n");
	printf("secure world: reference SPMC model with SPs %#x and %#x\n", SP_A, SP_B);
	printf("interrupts: NPI = INTID %u, SRI = INTID %u; scheduler VM = %#x\n",
	       FAKE_NPI, FAKE_SRI, DOM0);

	step("Boot: the hypervisor probes the SPMC");
	fake_host_init(h, true, &cfg);
	h->verbose = true;
	expect(fake_host_start(h) == FFAMED_RET_OK, "mediator initialised");
	expect(ffamed_spmc_notif_enabled(&h->med), "SPMC supports notifications");
	printf("     physical SRI from the SPMC: INTID %u\n", ffamed_spmc_sri_intid(&h->med));

	step("VMs are created: BITMAP_CREATE in the SPMC for each");
	expect(fake_vm_create(h, DOM0, 2) == 0, "dom0 (FF-A id 0x1, 2 vCPUs)");
	expect(fake_vm_create(h, DOMU, 4) == 0, "domU (FF-A id 0x2, 4 vCPUs)");
	expect(model_find_vm(&h->model, DOMU) != NULL, "SPMC holds a bitmap for 0x2");

	step("domU binds notifications 3 and 40 to SP 0x8001");
	s = fake_bind(h, DOMU, SP_A, 0, 1ULL << 3 | 1ULL << 40);
	show_status("FFA_NOTIFICATION_BIND(0x8001 -> 0x2, bits 3,40)", s);
	expect(s == 0 && model_find_vm(&h->model, DOMU)->bound == (1ULL << 3 | 1ULL << 40),
	       "SPMC sees bits 3 and 40 (w3 = bits 31:0, w4 = bits 63:32)");
	s = fake_bind(h, DOMU, SP_A, 0, 1ULL << 3);
	show_status("BIND of bit 3 again", s);
	expect(s == FFAMED_RET_DENIED, "a bit is bound once");
	r = fake_call(h, DOMU, FFAMED_FID_NOTIF_BIND, (uint32_t)SP_A << 16 | DOM0, 0, 1, 0);
	s = fake_status(&r);
	show_status("domU binds on behalf of dom0", s);
	expect(s == FFAMED_RET_INVALID_PARAMETERS, "a guest acts only as itself");

	step("SP 0x8001 sets notification 40 for domU; the SPMC raises the SRI");
	expect(model_sp_set(&h->model, SP_A, DOMU, 1ULL << 40, false, 0) == 0, "SP's SET accepted");
	fake_irq_clear(h);
	step("The SRI handler runs (tasklet): INFO_GET in the SPMC, NPI to domU");
	expect(ffamed_sri_handle(&h->med) == FFAMED_SRI_DONE, "SRI handled");
	expect(fake_irq_count(h, DOMU, 0, FAKE_NPI) == 1, "NPI injected into domU vCPU 0");
	expect(fake_irq_count(h, DOM0, 0, FAKE_SRI) == 1, "scheduler dom0 got a virtual SRI");

	step("dom0 (scheduler) asks which VMs have work");
	r = info(h, DOM0, true);
	show_info("dom0 FFA_NOTIFICATION_INFO_GET_64", &r);
	expect((uint16_t)r.x[3] == DOMU, "domU listed");

	step("domU takes the NPI: INFO_GET_32, then GET of the SP bitmap");
	r = info(h, DOMU, false);
	show_info("domU FFA_NOTIFICATION_INFO_GET_32", &r);
	expect((uint32_t)r.x[0] == FFAMED_FID_SUCCESS_32, "answered in the width asked");
	r = fake_get(h, DOMU, 0, FFAMED_GET_FLAG_SP);
	show_get("domU FFA_NOTIFICATION_GET(SP) vCPU 0", &r);
	expect(fake_bitmap(&r, 2) == 1ULL << 40, "notification 40 delivered");
	r = info(h, DOMU, true);
	show_info("domU INFO_GET_64 again", &r);
	expect(fake_status(&r) == FFAMED_RET_NO_DATA, "nothing pending, nothing invented");

	step("VM -> VM: dom0 binds bit 1 (per-vCPU) to domU; domU sets it for dom0's vCPU 1");
	s = fake_bind(h, DOM0, DOMU, FFAMED_NOTIF_FLAG_PER_VCPU, 1ULL << 1);
	show_status("dom0 BIND(0x2 -> 0x1, per-vCPU, bit 1)", s);
	fake_irq_clear(h);
	s = fake_set(h, DOMU, DOM0, FFAMED_NOTIF_FLAG_PER_VCPU | 1U << 16, 1ULL << 1);
	show_status("domU SET(0x2 -> 0x1, vCPU 1, bit 1)", s);
	expect(s == 0 && fake_irq_count(h, DOM0, 1, FAKE_NPI) == 1,
	       "NPI into dom0 vCPU 1, the SPMC never saw it");
	r = info(h, DOM0, true);
	show_info("dom0 INFO_GET_64", &r);
	r = fake_get(h, DOM0, 0, FFAMED_GET_FLAG_VM);
	show_get("dom0 GET(VM) on vCPU 0", &r);
	expect(fake_bitmap(&r, 4) == 0, "vCPU 0 does not see vCPU 1's notification");
	r = fake_get(h, DOM0, 1, FFAMED_GET_FLAG_VM);
	show_get("dom0 GET(VM) on vCPU 1", &r);
	expect(fake_bitmap(&r, 4) == 1ULL << 1, "vCPU 1 does");

	step("The hypervisor delivers an indirect message: RX-buffer-full framework notification");
	expect(ffamed_raise_hyp_framework(&h->med, DOMU, FFAMED_FRAMEWORK_RX_FULL) == 0,
	       "raised for domU");
	r = fake_get(h, DOMU, 0, FFAMED_GET_FLAG_HYP);
	show_get("domU GET(HYP)", &r);
	expect(r.x[7] == FFAMED_FRAMEWORK_RX_FULL, "w7 bit 0 set");

	step("SP 0x8001 sets bit 3 for domU; domU is destroyed before the SRI is handled");
	expect(model_sp_set(&h->model, SP_A, DOMU, 1ULL << 3, false, 0) == 0, "SP's SET accepted");
	s = fake_vm_destroy(h, DOMU);
	show_status("domain destroy: BITMAP_DESTROY (drain and UNBIND only if refused)", s);
	expect(s == 0 && model_find_vm(&h->model, DOMU) == NULL, "SPMC slot freed, nothing leaked");
	fake_irq_clear(h);
	expect(ffamed_sri_handle(&h->med) == FFAMED_SRI_DONE, "late SRI handled");
	expect(fake_irq_count(h, DOMU, -1, FAKE_NPI) == 0, "no write into the dead VM");

	step("A new domain reuses FF-A id 0x2");
	expect(fake_vm_create(h, DOMU, 2) == 0, "BITMAP_CREATE for the new 0x2");
	r = fake_get(h, DOMU, 0, FFAMED_GET_FLAGS_ALL);
	show_get("new domU GET(all)", &r);
	expect(fake_bitmap(&r, 2) == 0 && fake_bitmap(&r, 4) == 0, "it inherits nothing");
	s = fake_unbind(h, DOM0, DOMU, 1ULL << 1);
	show_status("dom0 UNBINDs bit 1 from id 0x2 (bindings name FF-A ids)", s);
	expect(s == 0, "a receiver frees the bits of a sender that went away");
	s = fake_set(h, DOMU, DOM0, FFAMED_NOTIF_FLAG_PER_VCPU | 1U << 16, 1ULL << 1);
	show_status("new domU SETs dom0's bit 1", s);
	expect(s == FFAMED_RET_DENIED, "not bound any more");

	step("A misbehaving SPMC keeps the more-pending bit set, listing domU2 (0x3)");
	expect(fake_vm_create(h, DOMU2, 1) == 0, "domU2 (0x3) created");
	h->verbose = false;
	h->hook = stuck_spmc;
	h->hook_data = &stuck_calls;
	fake_irq_clear(h);
	expect(ffamed_sri_handle(&h->med) == FFAMED_SRI_AGAIN,
	       "the SRI handler stops and asks to be run again later");
	printf("     INFO_GET calls made: %u (limit FFAMED_SRI_MAX_ROUNDS = %u)\n",
	       stuck_calls, FFAMED_SRI_MAX_ROUNDS);
	expect(stuck_calls == FFAMED_SRI_MAX_ROUNDS, "bounded, no spin");
	h->hook = NULL;

	printf("\nstats: SRI runs %u, INFO_GET rounds %u, NPIs %u, SRIs to scheduler %u, "
	       "stale ids %u, leaked slots %u\n",
	       h->med.stats.sri_runs, h->med.stats.sri_rounds, h->med.stats.npi_raised,
	       h->med.stats.sri_raised, h->med.stats.stale_ids,
	       h->med.stats.destroy_leaked);
	fake_host_fini(h);
	free(h);
	printf("%s: %u step(s), %u failure(s)\n", failures ? "DEMO FAILED" : "demo ok",
	       step_no, failures);
	return failures ? 1 : 0;
}
