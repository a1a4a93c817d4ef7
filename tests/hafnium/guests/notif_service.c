/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The secondary VM's side: a receiver that binds the primary's bits and takes
 * one NPI per round, and a sender that sets one bit to the primary per round.
 * Hafnium runs a secondary only when the primary gives it cycles (FFA_RUN),
 * so both give them back with FFA_YIELD after each round.
 */
#include "hf/arch/irq.h"
#include "hf/arch/vm/interrupts.h"

#include "hf/dlog.h"

#include "vmapi/hf/call.h"

#include "ffamed_notif.h"
#include "test/hftest.h"

static volatile uint32_t npi_count;
static volatile uint32_t other_irqs;

static void irq(void)
{
	/* Virtual interrupts of a secondary come from Hafnium's queue. */
	uint32_t intid = hf_interrupt_get();

	if (intid == HF_NOTIFICATION_PENDING_INTID) {
		npi_count++;
	} else {
		other_irqs++;
	}
}

static void receive_rounds(bool per_vcpu)
{
	const ffa_id_t own = hf_vm_get_id();
	uint32_t via_npi = 0;
	uint32_t polled = 0;
	uint32_t wrong = 0;
	uint32_t npis_used = 0;
	struct ffa_value ret;
	int32_t bind_err = 0;

	exception_setup(irq, NULL);
	hf_interrupt_enable(HF_NOTIFICATION_PENDING_INTID, true,
			    INTERRUPT_TYPE_IRQ);
	arch_irq_enable();

	ret = ffa_notification_bind(HF_PRIMARY_VM_ID, own,
				    notif_bind_flags(per_vcpu),
				    notif_mask(per_vcpu));
	if (ret.func != FFA_SUCCESS_32) {
		bind_err = ffa_error_code(ret);
	}
	/* Bound: the primary may start its rounds. */
	ffa_yield();

	for (uint32_t i = 0; i < NOTIF_ROUNDS; i++) {
		ffa_notifications_bitmap_t bits;

		/*
		 * Resumed by the primary after its SET: a pending NPI was
		 * taken as soon as IRQs were unmasked on the way back in.
		 */
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
		if (i + 1 < NOTIF_ROUNDS) {
			ffa_yield();
		}
	}

	HFTEST_LOG("ffamed_notif receiver %s: bind=%d rounds=%u via_npi=%u "
		   "polled=%u wrong=%u npis=%u other_irqs=%u",
		   per_vcpu ? "per-vcpu" : "global", bind_err, NOTIF_ROUNDS,
		   via_npi, polled, wrong, npi_count, other_irqs);
	EXPECT_EQ(bind_err, 0);
	EXPECT_EQ(via_npi, NOTIF_ROUNDS);
	EXPECT_EQ(npi_count, NOTIF_ROUNDS);
	EXPECT_EQ(wrong, 0);
	ffa_yield();
}

TEST_SERVICE(ffamed_recv_global)
{
	receive_rounds(false);
}

TEST_SERVICE(ffamed_recv_per_vcpu)
{
	receive_rounds(true);
}

static void send_rounds(bool per_vcpu)
{
	const ffa_id_t own = hf_vm_get_id();
	uint32_t failed = 0;
	int32_t first_err = 0;

	/* The primary has bound already; wait for its first round. */
	ffa_yield();
	for (uint32_t i = 0; i < NOTIF_ROUNDS; i++) {
		struct ffa_value ret = ffa_notification_set(
			own, HF_PRIMARY_VM_ID, notif_set_flags(per_vcpu),
			notif_bit(per_vcpu, i));

		if (ret.func != FFA_SUCCESS_32) {
			if (failed++ == 0) {
				first_err = ffa_error_code(ret);
			}
		}
		ffa_yield();
	}
	if (per_vcpu) {
		/* One more, to the primary's vCPU 1: routing by vCPU id. */
		struct ffa_value ret = ffa_notification_set(
			own, HF_PRIMARY_VM_ID,
			FFA_NOTIFICATIONS_FLAG_PER_VCPU |
				FFA_NOTIFICATIONS_FLAGS_VCPU_ID(1),
			NOTIF_VCPU1_BIT);

		if (ret.func != FFA_SUCCESS_32) {
			failed++;
		}
	}
	HFTEST_LOG("ffamed_notif sender %s: rounds=%u set_failed=%u "
		   "first_err=%d",
		   per_vcpu ? "per-vcpu" : "global", NOTIF_ROUNDS, failed,
		   first_err);
	EXPECT_EQ(failed, 0);
	ffa_yield();
}

TEST_SERVICE(ffamed_send_global)
{
	send_rounds(false);
}

TEST_SERVICE(ffamed_send_per_vcpu)
{
	send_rounds(true);
}
