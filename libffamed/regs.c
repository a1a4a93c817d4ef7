/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Replies to guest calls and the status of SPMC replies.
 */
#include "ffamed_internal.h"

void ffamed_regs_zero(struct ffamed_regs *r)
{
	for (unsigned int i = 0; i < FFAMED_NR_REGS; i++)
		r->x[i] = 0;
}

void ffamed_reply_error(struct ffamed_regs *r, int32_t status)
{
	ffamed_regs_zero(r);
	r->x[0] = FFAMED_FID_ERROR;
	/* w2 carries the status as a 32-bit two's complement value. */
	r->x[2] = (uint32_t)status;
}

void ffamed_reply_success32(struct ffamed_regs *r, const uint32_t w[6])
{
	ffamed_regs_zero(r);
	r->x[0] = FFAMED_FID_SUCCESS_32;
	for (unsigned int i = 0; i < 6; i++)
		r->x[2 + i] = w[i];
}

/*
 * Status of an SPMC reply: 0 for FFA_SUCCESS (either width), the error code
 * for FFA_ERROR with a known code, and ABORTED for anything else, so that an
 * SPMC answer we cannot read never looks like success.
 */
int32_t ffamed_reply_status(const struct ffamed_regs *out)
{
	const uint32_t fid = ffamed_w(out, 0);

	if (fid == FFAMED_FID_SUCCESS_32 || fid == FFAMED_FID_SUCCESS_64)
		return FFAMED_RET_OK;
	if (fid == FFAMED_FID_ERROR) {
		const int32_t e = (int32_t)ffamed_w(out, 2);

		if (e <= FFAMED_RET_NOT_SUPPORTED && e >= FFAMED_RET_NO_DATA)
			return e;
	}
	return FFAMED_RET_ABORTED;
}
