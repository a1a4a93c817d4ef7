/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * libffamed's environment inside Hafnium (normal-world hypervisor build):
 * selected with -DFFAMED_ENV_HEADER='"ffamed_hf_env.h"' by BUILD.gn here.
 * Hafnium builds with -nostdinc and takes the freestanding C headers from
 * clang's resource directory; its lock is struct spinlock (LDAXR/STXR with
 * WFE), its assertion CHECK() (panics, kept in release builds) and its log
 * dlog().
 */
#ifndef FFAMED_HF_ENV_H
#define FFAMED_HF_ENV_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hf/check.h"
#include "hf/dlog.h"
#include "hf/spinlock.h"

typedef struct spinlock ffamed_lock_t;

#define ffamed_lock_init(l)     sl_init(l)
#define ffamed_lock(l)          sl_lock(l)
#define ffamed_unlock(l)        sl_unlock(l)

/*
 * Hafnium has no READ_ONCE of its own; the compiler's atomics inline to
 * LDAR/STLR and LDXR/STXR (or LSE) for the bare-metal aarch64 target, which
 * has no outline-atomics helpers to link.
 */
#define FFAMED_READ_ONCE(x)      __atomic_load_n(&(x), __ATOMIC_ACQUIRE)
#define FFAMED_WRITE_ONCE(x, v)  __atomic_store_n(&(x), (v), __ATOMIC_RELEASE)
#define FFAMED_ATOMIC_INC(p)     ((void)__atomic_add_fetch((p), 1U, __ATOMIC_RELAXED))

#define FFAMED_ASSERT(c)         CHECK(c)
#define FFAMED_PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
/* Slow paths kept out of the fast ones' way (see ffamed_env.h). */
#define FFAMED_COLD             __attribute__((__cold__))
#define FFAMED_NOINLINE         __attribute__((__noinline__))

#endif /* FFAMED_HF_ENV_H */
