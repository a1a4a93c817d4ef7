/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The primary VM's side (the hftest tests): VM -> VM notifications with the
 * secondary, both ways, global and per-vCPU, NOTIF_ROUNDS rounds each, every
 * one counted.
 *
 * The primary owns the GIC (Hafnium leaves HCR_EL2.IMO clear for it), so the
 * SRI and an NPI reach it as physical SGIs (HF_SCHEDULE_RECEIVER_INTID and
 * HF_NOTIFICATION_PENDING_INTID), acknowledged through ICC_IAR1_EL1.
 * Primary -> secondary: SET, wait for the SRI, INFO_GET names the secondary,
 * FFA_RUN it; it takes its NPI (a virtual interrupt) and GETs.
 * Secondary -> primary: FFA_RUN the secondary, it SETs; the NPI SGI preempts
 * it (FFA_RUN returns FFA_INTERRUPT) and the primary GETs.
 */
#include "hf/arch/irq.h"
#include "hf/arch/vm/interrupts.h"
#include "hf/arch/vm/interrupts_gicv3.h"

#include "hf/dlog.h"
#include "hf/mm.h"

#include "vmapi/hf/call.h"

#include "ffamed_notif.h"
#include "test/hftest.h"
#include "test/vmapi/ffa.h"

static volatile uint32_t sri_count;
static volatile uint32_t npi_count;
static volatile uint32_t other_irqs;

static void irq(void)
{
	uint32_t intid = interrupt_get_and_acknowledge();

	if (intid == HF_SCHEDULE_RECEIVER_INTID) {
		sri_count++;
	} else if (intid == HF_NOTIFICATION_PENDING_INTID) {
		npi_count++;
	} else {
		other_irqs++;
	}
	interrupt_end(intid);
}

/* Takes the SRI and NPI SGIs on this (the boot) CPU's redistributor. */
static void gic_setup(void)
{
	const mm_mode_t mode = MM_MODE_R | MM_MODE_W | MM_MODE_D;

	hftest_mm_identity_map((void *)GICD_BASE, PAGE_SIZE, mode);
	hftest_mm_identity_map((void *)GICR_BASE, PAGE_SIZE, mode);
	hftest_mm_identity_map((void *)IO32_C(GICR_BASE + SGI_BASE).ptr,
			       PAGE_SIZE, mode);
	exception_setup(irq, NULL);
	interrupt_gic_setup();
	interrupt_set_priority_mask(0xff);
	interrupt_set_priority(HF_SCHEDULE_RECEIVER_INTID, 0x80);
	interrupt_set_priority(HF_NOTIFICATION_PENDING_INTID, 0x80);
	interrupt_enable(HF_SCHEDULE_RECEIVER_INTID, true);
	interrupt_enable(HF_NOTIFICATION_PENDING_INTID, true);
	arch_irq_enable();
}

/* An SGI sent by Hafnium is taken within a few instructions: wait a bit. */
static bool wait_count(volatile uint32_t *count, uint32_t target)
{
	for (uint32_t spin = 0; spin < 100000; spin++) {
		if (*count >= target) {
			return true;
		}
	}
	return *count >= target;
}

/* FFA_RUN until the secondary gives its cycles back by FFA_YIELD. */
static uint32_t run_until_yield(void)
{
	uint32_t preempted = 0;
	struct ffa_value ret;

	for (;;) {
		ret = ffa_run(NOTIF_SERVICE_ID, 0);
		if (ret.func != FFA_INTERRUPT_32) {
			break;
		}
		preempted++;
	}
	EXPECT_EQ(ret.func, FFA_YIELD_32);
	return preempted;
}

static void primary_to_secondary(bool per_vcpu)
{
	struct mailbox_buffers mb = set_up_mailbox();
	const ffa_id_t own = hf_vm_get_id();
	uint32_t set_failed = 0;
	uint32_t sri_seen = 0;
	uint32_t listed = 0;
	int32_t first_err = 0;

	gic_setup();
	SERVICE_SELECT(NOTIF_SERVICE_ID,
		       per_vcpu ? "ffamed_recv_per_vcpu" : "ffamed_recv_global",
		       mb.send);
	/* hftest's service loop yields once more before the service runs. */
	run_until_yield();

	for (uint32_t i = 0; i < NOTIF_ROUNDS; i++) {
		struct ffa_value ret = ffa_notification_set(
			own, NOTIF_SERVICE_ID, notif_set_flags(per_vcpu),
			notif_bit(per_vcpu, i));

		if (ret.func != FFA_SUCCESS_32 && set_failed++ == 0) {
			first_err = ffa_error_code(ret);
		}
		/* The scheduler's part: SRI, then INFO_GET, then FFA_RUN. */
		if (wait_count(&sri_count, sri_seen + 1)) {
			sri_seen++;
		}
		ret = ffa_notification_info_get();
		if (ret.func == FFA_SUCCESS_64 &&
		    ffa_notification_info_get_lists_count(ret) >= 1 &&
		    (uint16_t)ret.arg3 == NOTIF_SERVICE_ID &&
		    ffa_notification_info_get_list_size(ret, 1) ==
			    (per_vcpu ? 1U : 0U)) {
			listed++;
		}
		run_until_yield();
	}
	HFTEST_LOG("ffamed_notif primary->secondary %s: rounds=%u "
		   "set_failed=%u first_err=%d sri=%u listed=%u other_irqs=%u",
		   per_vcpu ? "per-vcpu" : "global", NOTIF_ROUNDS, set_failed,
		   first_err, sri_count, listed, other_irqs);
	EXPECT_EQ(set_failed, 0);
	EXPECT_EQ(sri_seen, NOTIF_ROUNDS);
	EXPECT_EQ(sri_count, NOTIF_ROUNDS);
	EXPECT_EQ(listed, NOTIF_ROUNDS);
}

static void secondary_to_primary(bool per_vcpu)
{
	struct mailbox_buffers mb = set_up_mailbox();
	const ffa_id_t own = hf_vm_get_id();
	uint32_t via_npi = 0;
	uint32_t polled = 0;
	uint32_t wrong = 0;
	uint32_t npis_used = 0;
	int32_t bind_err = 0;
	struct ffa_value ret;

	gic_setup();
	ret = ffa_notification_bind(NOTIF_SERVICE_ID, own,
				    notif_bind_flags(per_vcpu),
				    notif_mask(per_vcpu));
	if (ret.func != FFA_SUCCESS_32) {
		bind_err = ffa_error_code(ret);
	}
	SERVICE_SELECT(NOTIF_SERVICE_ID,
		       per_vcpu ? "ffamed_send_per_vcpu" : "ffamed_send_global",
		       mb.send);
	run_until_yield();

	for (uint32_t i = 0; i < NOTIF_ROUNDS; i++) {
		ffa_notifications_bitmap_t bits;

		run_until_yield();
		(void)wait_count(&npi_count, npis_used + 1);
		ret = ffa_notification_get(own, 0,
					   FFA_NOTIFICATION_FLAG_BITMAP_VM);
		bits = ret.func == FFA_SUCCESS_32
			       ? ffa_notification_get_from_vm(ret)
			       : 0;
		if (bits != notif_bit(per_vcpu, i)) {
			wrong++;
		} else if (npi_count > npis_used) {
			via_npi++;
		} else {
			polled++;
		}
		npis_used = npi_count;
	}
	/* Let the sender report (per-vCPU: after one SET to our vCPU 1). */
	run_until_yield();
	if (per_vcpu) {
		const uint32_t npis = npi_count;
		ffa_notifications_bitmap_t on0;
		ffa_notifications_bitmap_t on1;

		/* Its NPI went to vCPU 1's CPU: give a stray one time to land. */
		(void)wait_count(&npi_count, npis + 1);
		ret = ffa_notification_get(own, 0,
					   FFA_NOTIFICATION_FLAG_BITMAP_VM);
		on0 = ret.func == FFA_SUCCESS_32
			      ? ffa_notification_get_from_vm(ret)
			      : 0;
		ret = ffa_notification_get(own, 1,
					   FFA_NOTIFICATION_FLAG_BITMAP_VM);
		on1 = ret.func == FFA_SUCCESS_32
			      ? ffa_notification_get_from_vm(ret)
			      : 0;
		HFTEST_LOG("ffamed_notif secondary->primary vcpu1: on0=%#lx "
			   "on1=%#lx npi_on0=%u",
			   on0, on1, npi_count - npis);
		EXPECT_EQ(on0, 0);
		EXPECT_EQ(on1, NOTIF_VCPU1_BIT);
		EXPECT_EQ(npi_count, npis);
	}
	HFTEST_LOG("ffamed_notif secondary->primary %s: bind=%d rounds=%u "
		   "via_npi=%u polled=%u wrong=%u npis=%u sri=%u "
		   "other_irqs=%u",
		   per_vcpu ? "per-vcpu" : "global", bind_err, NOTIF_ROUNDS,
		   via_npi, polled, wrong, npi_count, sri_count, other_irqs);
	EXPECT_EQ(bind_err, 0);
	EXPECT_EQ(via_npi, NOTIF_ROUNDS);
	EXPECT_EQ(npi_count, NOTIF_ROUNDS);
	EXPECT_EQ(wrong, 0);
}

TEST(ffamed_notif, primary_to_secondary_global)
{
	primary_to_secondary(false);
}

TEST(ffamed_notif, primary_to_secondary_per_vcpu)
{
	primary_to_secondary(true);
}

TEST(ffamed_notif, secondary_to_primary_global)
{
	secondary_to_primary(false);
}

TEST(ffamed_notif, secondary_to_primary_per_vcpu)
{
	secondary_to_primary(true);
}
