/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * libffamed's environment inside Xen: selected with
 * -DFFAMED_ENV_HEADER='"ffamed_xen_env.h"' (see libffamed.mk).
 */
#ifndef FFAMED_XEN_ENV_H
#define FFAMED_XEN_ENV_H

#include <xen/lib.h>
#include <xen/spinlock.h>
#include <xen/stdarg.h>
#include <xen/types.h>

#include <asm/atomic.h>
#include <asm/system.h>

typedef spinlock_t ffamed_lock_t;

#define ffamed_lock_init(l)     spin_lock_init(l)
#define ffamed_lock(l)          spin_lock(l)
#define ffamed_unlock(l)        spin_unlock(l)

#define FFAMED_READ_ONCE(x)     read_atomic(&(x))
#define FFAMED_WRITE_ONCE(x, v) write_atomic(&(x), (v))
/* Xen's own atomics (asm/system.h): the diagnostic counters only. */
#define FFAMED_ATOMIC_INC(p)    ((void)arch_fetch_and_add((p), 1U))

#define FFAMED_ASSERT(c)        ASSERT(c)
#define FFAMED_PRINTF_LIKE(f, a) __attribute__((__format__(__printf__, f, a)))
/* Slow paths kept out of the fast ones' way (see ffamed_env.h). */
#define FFAMED_COLD             __attribute__((__cold__))
#define FFAMED_NOINLINE         __attribute__((__noinline__))

#endif /* FFAMED_XEN_ENV_H */
