/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Calls into the SPMC through the host's smc op, the status of its replies,
 * logging and counters.
 */
#include "ffamed_internal.h"

void ffamed_spmc_call(struct ffamed *med, const struct ffamed_regs *in,
		      struct ffamed_regs *out)
{
	if (med->ops->smc == NULL) {
		ffamed_reply_error(out, FFAMED_RET_NOT_SUPPORTED);
		return;
	}
	med->ops->smc(med->host, in, out);
}

/* A call with w1, w2 and a bitmap in w3/w4; returns the FF-A status. */
int32_t ffamed_spmc(struct ffamed *med, uint32_t fid, uint32_t w1,
		    uint32_t w2, uint64_t bitmap)
{
	struct ffamed_regs r;

	ffamed_regs_set(&r, fid);
	r.x[1] = w1;
	r.x[2] = w2;
	ffamed_put_bitmap(&r, 3, bitmap);
	ffamed_spmc_call(med, &r, &r);
	return ffamed_status(&r);
}

/*
 * Status of an SPMC reply: 0 for FFA_SUCCESS (either width), the error code
 * for FFA_ERROR with a known code, and ABORTED for anything else, so that an
 * answer we cannot read never looks like success.
 */
int32_t ffamed_status(const struct ffamed_regs *out)
{
	const uint32_t fid = ffamed_w(out, 0);
	const int32_t e = (int32_t)ffamed_w(out, 2);

	if (fid == FFAMED_FID_SUCCESS_32 || fid == FFAMED_FID_SUCCESS_64)
		return FFAMED_RET_OK;
	if (fid == FFAMED_FID_ERROR && e <= FFAMED_RET_NOT_SUPPORTED &&
	    e >= FFAMED_RET_NO_DATA)
		return e;
	return FFAMED_RET_ABORTED;
}

void ffamed_log(struct ffamed *med, enum ffamed_log_level level,
		const char *fmt, ...)
{
	va_list ap;

	if (med->ops->log == NULL)
		return;
	va_start(ap, fmt);
	med->ops->log(med->host, level, fmt, ap);
	va_end(ap);
}

/* The builtin writes *counter; clang-tidy does not see it. */
void ffamed_stat_inc(uint32_t *counter) /* NOLINT(readability-non-const-parameter) */
{
	FFAMED_ATOMIC_INC(counter);
}
