/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Logging through the host's optional log op, and diagnostic counters.
 */
#include "ffamed_internal.h"

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
	(void)FFAMED_ATOMIC_INC_RETURN(counter);
}
