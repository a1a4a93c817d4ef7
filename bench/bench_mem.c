/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * memset and memcpy for the benchmark binaries, so that the instructions a
 * mediator spends in them (counted as its own) do not depend on which of
 * libc's CPU-specific variants this machine picks: 8 bytes a step when both
 * ends are aligned, then bytes. Built with -fno-builtin
 * -fno-tree-loop-distribute-patterns so the loops stay loops.
 */
#include <stddef.h>
#include <stdint.h>

void *memset(void *s, int c, size_t n);
void *memcpy(void *restrict d, const void *restrict s, size_t n);

void *memset(void *s, int c, size_t n)
{
	unsigned char *p = s;

	if (((uintptr_t)p & 7U) == 0) {
		const uint64_t w = 0x0101010101010101ULL * (unsigned char)c;

		for (; n >= 8; n -= 8, p += 8)
			*(uint64_t *)(void *)p = w;
	}
	while (n-- != 0)
		*p++ = (unsigned char)c;
	return s;
}

void *memcpy(void *restrict d, const void *restrict s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	if ((((uintptr_t)dp | (uintptr_t)sp) & 7U) == 0)
		for (; n >= 8; n -= 8, dp += 8, sp += 8)
			*(uint64_t *)(void *)dp = *(const uint64_t *)(const void *)sp;
	while (n-- != 0)
		*dp++ = *sp++;
	return d;
}
