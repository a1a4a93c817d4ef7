/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * The one seam between libffamed and its host, in the manner of libfdt's
 * libfdt_env.h: fixed-width types, a spinlock, relaxed atomics and assert.
 *
 * A host that cannot use the defaults below (Xen, a kernel, Hafnium) builds
 * with -DFFAMED_ENV_HEADER='"my_env.h"' and provides, in that header:
 *   uint8_t..uint64_t, int32_t, bool, size_t, NULL, va_list
 *   ffamed_lock_t, ffamed_lock_init(l), ffamed_lock(l), ffamed_unlock(l)
 *   FFAMED_READ_ONCE(x), FFAMED_WRITE_ONCE(x, v)
 *   FFAMED_ATOMIC_INC(p)    (relaxed increment of a uint32_t counter)
 *   FFAMED_ASSERT(cond)
 *   FFAMED_PRINTF_LIKE(fmt_idx, arg_idx)
 * and may provide FFAMED_COLD (an attribute for rarely run functions) and
 * FFAMED_NOINLINE (keeps a slow path out of its caller's fast one).
 */
#ifndef FFAMED_ENV_H
#define FFAMED_ENV_H

#ifdef FFAMED_ENV_HEADER
#include FFAMED_ENV_HEADER
#else

/* All of these are freestanding headers in C11. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Default lock: a test-and-set spinlock on the compiler's atomic builtins
 * (GCC and Clang, hosted or freestanding, understood by ThreadSanitizer).
 */
typedef struct {
	unsigned char taken;
} ffamed_lock_t;

static inline void ffamed_lock_init(ffamed_lock_t *l)
{
	__atomic_clear(&l->taken, __ATOMIC_RELAXED);
}

static inline void ffamed_lock(ffamed_lock_t *l)
{
	while (__atomic_test_and_set(&l->taken, __ATOMIC_ACQUIRE)) {
		while (__atomic_load_n(&l->taken, __ATOMIC_RELAXED))
			;
	}
}

static inline void ffamed_unlock(ffamed_lock_t *l)
{
	__atomic_clear(&l->taken, __ATOMIC_RELEASE);
}

#define FFAMED_READ_ONCE(x)      __atomic_load_n(&(x), __ATOMIC_ACQUIRE)
#define FFAMED_WRITE_ONCE(x, v)  __atomic_store_n(&(x), (v), __ATOMIC_RELEASE)
#define FFAMED_ATOMIC_INC(p)     ((void)__atomic_add_fetch((p), 1U, __ATOMIC_RELAXED))

#if defined(FFAMED_DEBUG)
#define FFAMED_ASSERT(c) do { if (!(c)) __builtin_trap(); } while (0)
#else
#define FFAMED_ASSERT(c) ((void)0)
#endif

#define FFAMED_PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
/* Rarely run (setup, teardown, error paths): optimised for size. */
#define FFAMED_COLD __attribute__((cold))
#define FFAMED_NOINLINE __attribute__((noinline))

#endif /* FFAMED_ENV_HEADER */

#ifndef FFAMED_COLD
#define FFAMED_COLD
#endif
#ifndef FFAMED_NOINLINE
#define FFAMED_NOINLINE
#endif
#endif /* FFAMED_ENV_H */
