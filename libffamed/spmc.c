/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Calls into the SPMC through the host's smc op, the status of its replies,
 * logging and counters.
 */
#include "ffamed_internal.h"

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

/* A guest's BIND, UNBIND or SET passed on: its w1, w3, w4, and our w2. */
int32_t ffamed_spmc_forward(struct ffamed *med, uint32_t fid,
			    const struct ffamed_regs *guest, uint32_t w2)
{
	struct ffamed_regs r;

	ffamed_regs_set(&r, fid);
	r.x[1] = ffamed_w(guest, 1);
	r.x[2] = w2;
	r.x[3] = ffamed_w(guest, 3);
	r.x[4] = ffamed_w(guest, 4);
	ffamed_spmc_call(med, &r, &r);
	return ffamed_status(&r);
}

FFAMED_COLD void ffamed_log(struct ffamed *med, enum ffamed_log_level level,
		const char *fmt, ...)
{
	va_list ap;

	if (med->ops->log == NULL)
		return;
	va_start(ap, fmt);
	med->ops->log(med->host, level, fmt, ap);
	va_end(ap);
}

FFAMED_COLD FFAMED_NOINLINE void ffamed_stat_bad(uint32_t *counter)
{
	ffamed_stat_inc(counter);
}
