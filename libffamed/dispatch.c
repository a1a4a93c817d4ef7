/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The guest-call entry point: FFA_NOTIFICATION_* and the notification
 * queries of FFA_FEATURES. Every other function id is "not mine" and the
 * registers are left as they were for the host's own FF-A code.
 */
#include "ffamed_internal.h"

#define FEATURES_FID_BIT  (1U << 31)
#define FEATURES_ID_MBZ   0x7FFFFF00U

static void reply_status(struct ffamed_regs *regs, int32_t status)
{
	static const uint32_t none[6] = { 0 };

	if (status == FFAMED_RET_OK)
		ffamed_reply_success32(regs, none);
	else
		ffamed_reply_error(regs, status);
}

static void reply_features(struct ffamed_regs *regs, uint32_t w2)
{
	const uint32_t w[6] = { w2, 0, 0, 0, 0, 0 };

	ffamed_reply_success32(regs, w);
}

static bool is_notif_fid(uint32_t fid)
{
	switch (fid) {
	case FFAMED_FID_NOTIF_BITMAP_CREATE:
	case FFAMED_FID_NOTIF_BITMAP_DESTROY:
	case FFAMED_FID_NOTIF_BIND:
	case FFAMED_FID_NOTIF_UNBIND:
	case FFAMED_FID_NOTIF_SET:
	case FFAMED_FID_NOTIF_GET:
	case FFAMED_FID_NOTIF_INFO_GET_32:
	case FFAMED_FID_NOTIF_INFO_GET_64:
		return true;
	default:
		return false;
	}
}

/* Returns false for queries that belong to the host's FF-A code. */
static bool notif_features(const struct ffamed *med, struct ffamed_regs *regs)
{
	const uint32_t w1 = ffamed_w(regs, 1);

	if ((w1 & FEATURES_FID_BIT) != 0U) {
		if (!is_notif_fid(w1))
			return false;
		if (w1 == FFAMED_FID_NOTIF_BITMAP_CREATE ||
		    w1 == FFAMED_FID_NOTIF_BITMAP_DESTROY)
			/* For the hypervisor only, never for a guest. */
			ffamed_reply_error(regs, FFAMED_RET_NOT_SUPPORTED);
		else
			reply_features(regs, 0);
		return true;
	}
	if ((w1 & FEATURES_ID_MBZ) != 0U ||
	    (w1 != FFAMED_FEAT_NPI && w1 != FFAMED_FEAT_SRI))
		return false;
	if (ffamed_w(regs, 2) != 0U)
		ffamed_reply_error(regs, FFAMED_RET_NOT_SUPPORTED);
	else
		reply_features(regs, w1 == FFAMED_FEAT_NPI ? med->cfg.npi_intid :
							     med->cfg.sri_intid);
	return true;
}

enum ffamed_dispatch ffamed_guest_call(struct ffamed *med,
				       struct ffamed_vm *caller,
				       struct ffamed_regs *regs)
{
	const uint32_t fid = ffamed_w(regs, 0) & ~FFAMED_SMCCC_SVE_HINT;

	if (fid == FFAMED_FID_FEATURES)
		return notif_features(med, regs) ?
		       FFAMED_HANDLED : FFAMED_NOT_MINE;
	if (!is_notif_fid(fid))
		return FFAMED_NOT_MINE;
	if (caller == NULL || FFAMED_READ_ONCE(caller->state) != FFAMED_VM_LIVE) {
		ffamed_reply_error(regs, FFAMED_RET_NOT_SUPPORTED);
		return FFAMED_HANDLED;
	}

	switch (fid) {
	case FFAMED_FID_NOTIF_BIND:
		reply_status(regs, ffamed_notif_bind(med, caller, regs));
		break;
	case FFAMED_FID_NOTIF_UNBIND:
		reply_status(regs, ffamed_notif_unbind(med, caller, regs));
		break;
	case FFAMED_FID_NOTIF_SET:
		reply_status(regs, ffamed_notif_set(med, caller, regs));
		break;
	case FFAMED_FID_NOTIF_GET:
		ffamed_notif_get(med, caller, regs);
		break;
	case FFAMED_FID_NOTIF_INFO_GET_32:
	case FFAMED_FID_NOTIF_INFO_GET_64:
		ffamed_notif_info_get(med, caller,
				      fid == FFAMED_FID_NOTIF_INFO_GET_64, regs);
		break;
	default:
		/* BITMAP_CREATE / DESTROY: the hypervisor's calls. */
		ffamed_reply_error(regs, FFAMED_RET_NOT_SUPPORTED);
		break;
	}
	return FFAMED_HANDLED;
}
