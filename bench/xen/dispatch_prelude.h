/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Prelude for Xen 4.20's ffa_handle_call(), which scripts/bench.sh cuts out
 * of xen/arch/arm/tee/ffa.c (Debian's source, at build time) and appends to
 * this file: Xen's guest-call dispatch, the counterpart of libffamed's
 * ffamed_guest_call(), so both sides count their dispatch and reply.
 *
 * Written for the benchmark. The two handlers ffa.c keeps static are never
 * reached by a notification path; they trap if they are.
 */
#include "ffa_private.h"

#define gprintk(lvl, fmt, ...) printk(lvl fmt, ##__VA_ARGS__)

static inline uint64_t regpair_to_uint64(register_t hi, register_t lo)
{
	return (uint64_t)hi << 32 | (uint32_t)lo;
}

static void handle_version(struct cpu_user_regs *regs)
{
	(void)regs;
	__builtin_trap();
}

static void handle_features(struct cpu_user_regs *regs)
{
	(void)regs;
	__builtin_trap();
}

bool bench_ffa_handle_call(struct cpu_user_regs *regs);
