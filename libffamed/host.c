/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Host endpoint mode (pKVM): the host kernel is FF-A endpoint 0, the only
 * normal-world endpoint the SPMC sees, and it talks to the SPMC itself. It
 * is not trusted: each of its notification calls is checked so that it can
 * act as endpoint 0 and as no other, then forwarded unchanged. No state is
 * kept: the SPMC holds the host's bitmaps and bindings; the host takes the
 * physical SRI and makes INFO_GET itself, because it schedules everything.
 */
#include "ffamed_internal.h"

/* INVALID_PARAMETERS, or 0 when the call may go to the SPMC as it is. */
static int32_t host_check(uint32_t fid, const struct ffamed_regs *regs)
{
	const uint32_t w1 = ffamed_w(regs, 1);
	const uint32_t w2 = ffamed_w(regs, 2);
	const bool per_vcpu = (w2 & FFAMED_NOTIF_FLAG_PER_VCPU) != 0U;
	const uint16_t sender = ffamed_w1_sender(w1);
	const uint16_t receiver = ffamed_w1_receiver(w1);
	bool ok;

	switch (fid) {
	case FFAMED_FID_NOTIF_BITMAP_CREATE:
	case FFAMED_FID_NOTIF_BITMAP_DESTROY:
		/* Its own bitmaps only: w1 names endpoint 0, bits[31:16] zero. */
		ok = w1 == FFAMED_ID_HYPERVISOR &&
		     (fid == FFAMED_FID_NOTIF_BITMAP_DESTROY || w2 != 0U);
		break;
	case FFAMED_FID_NOTIF_BIND:
	case FFAMED_FID_NOTIF_UNBIND:
		ok = receiver == FFAMED_ID_HYPERVISOR &&
		     sender != FFAMED_ID_HYPERVISOR &&
		     (w2 & ~(fid == FFAMED_FID_NOTIF_BIND && FFAMED_PER_VCPU ?
			     FFAMED_NOTIF_FLAG_PER_VCPU : 0U)) == 0U;
		break;
	case FFAMED_FID_NOTIF_SET:
		/* Delay-SRI means something only for an SP sender: refused. */
		ok = sender == FFAMED_ID_HYPERVISOR &&
		     receiver != FFAMED_ID_HYPERVISOR &&
		     (w2 & (FFAMED_NOTIF_SET_MBZ_MASK |
			    FFAMED_NOTIF_FLAG_DELAY_SRI)) == 0U &&
		     (per_vcpu ? FFAMED_PER_VCPU != 0 : ffamed_set_vcpu(w2) == 0U);
		break;
	case FFAMED_FID_NOTIF_GET:
		/* VM and hypervisor bitmaps: there is no VM to have sent them. */
		ok = receiver == FFAMED_ID_HYPERVISOR &&
		     (w2 & ~(uint32_t)(FFAMED_GET_FLAG_SP | FFAMED_GET_FLAG_SPM)) == 0U;
		break;
	default: /* INFO_GET: the host schedules every endpoint. */
		ok = true;
		break;
	}
	return ok ? FFAMED_RET_OK : FFAMED_RET_INVALID_PARAMETERS;
}

enum ffamed_dispatch ffamed_host_call(struct ffamed *med,
				      struct ffamed_regs *regs)
{
	const uint32_t fid = ffamed_w(regs, 0) & ~FFAMED_SMCCC_SVE_HINT;
	int32_t ret;

	if (!ffamed_is_notif_fid(fid))
		return FFAMED_NOT_MINE;
	ret = host_check(fid, regs);
	if (ret == FFAMED_RET_OK && med->ops->smc == NULL)
		ret = FFAMED_RET_NOT_SUPPORTED;  /* no SPMC to forward to */
	if (ret != FFAMED_RET_OK) {
		ffamed_reply_error(regs, ret);
		return FFAMED_HANDLED;
	}
	ffamed_spmc_call(med, regs, regs);
	return FFAMED_HANDLED;
}
