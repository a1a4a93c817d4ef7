/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Calls from the mediator into the SPMC, through the host's smc op.
 */
#include "ffamed_internal.h"

bool ffamed_has_spmc(const struct ffamed *med)
{
	return med->ops->smc != NULL;
}

bool ffamed_spmc_has_vm(const struct ffamed *med, const struct ffamed_vm *vm)
{
	return med->spmc_notif && vm->spmc_bitmap;
}

void ffamed_spmc_call(struct ffamed *med, const struct ffamed_regs *in,
		      struct ffamed_regs *out)
{
	ffamed_regs_zero(out);
	if (!ffamed_has_spmc(med)) {
		ffamed_reply_error(out, FFAMED_RET_NOT_SUPPORTED);
		return;
	}
	med->ops->smc(med->host, in, out);
}

int32_t ffamed_spmc_simple(struct ffamed *med, uint32_t fid, uint32_t w1,
			   uint32_t w2, uint32_t w3, uint32_t w4)
{
	struct ffamed_regs in, out;

	ffamed_regs_zero(&in);
	in.x[0] = fid;
	in.x[1] = w1;
	in.x[2] = w2;
	in.x[3] = w3;
	in.x[4] = w4;
	ffamed_spmc_call(med, &in, &out);
	return ffamed_reply_status(&out);
}
