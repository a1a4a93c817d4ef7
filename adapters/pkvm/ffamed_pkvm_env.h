/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * libffamed's environment inside pKVM's EL2 object (kvm_nvhe.o): selected with
 * -DFFAMED_ENV_HEADER='"ffamed_pkvm_env.h"' by the nvhe Makefile. Only what the
 * hyp can link: no printk, no exported kernel symbols, hyp_spinlock_t.
 */
#ifndef FFAMED_PKVM_ENV_H
#define FFAMED_PKVM_ENV_H

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/stdarg.h>
#include <linux/stddef.h>
#include <linux/types.h>

#include <asm/barrier.h>

#include <nvhe/spinlock.h>

typedef hyp_spinlock_t ffamed_lock_t;

#define ffamed_lock_init(l)     hyp_spin_lock_init(l)
#define ffamed_lock(l)          hyp_spin_lock(l)
#define ffamed_unlock(l)        hyp_spin_unlock(l)

#define FFAMED_READ_ONCE(x)     smp_load_acquire(&(x))
#define FFAMED_WRITE_ONCE(x, v) smp_store_release(&(x), (v))
/*
 * Inlined LL/SC or LSE: the nvhe Makefile builds libffamed with
 * -mno-outline-atomics, as the hyp has no __aarch64_* helpers to call.
 */
#define FFAMED_ATOMIC_INC(p)    ((void)__atomic_add_fetch((p), 1U, __ATOMIC_RELAXED))

/* BUG() at EL2 is a brk that ends in hyp_panic(): only in debug builds. */
#ifdef CONFIG_NVHE_EL2_DEBUG
#define FFAMED_ASSERT(c)        BUG_ON(!(c))
#else
#define FFAMED_ASSERT(c)        ((void)0)
#endif
#define FFAMED_PRINTF_LIKE(f, a) __printf(f, a)
/* Slow paths kept out of the fast ones' way (see ffamed_env.h). */
#define FFAMED_COLD             __attribute__((__cold__))
#define FFAMED_NOINLINE         __attribute__((__noinline__))

#endif /* FFAMED_PKVM_ENV_H */
