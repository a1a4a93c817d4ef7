/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Build-time options. Override any of them with -D on the compiler command
 * line for the library and every consumer alike (CMake and pkg-config pass
 * the library's values on; ffamed_init() refuses a mismatch it can see).
 * Nothing here sizes per-VM state: that follows the VM's real vCPU count.
 */
#ifndef FFAMED_CONFIG_H
#define FFAMED_CONFIG_H

/* 1: per-vCPU notifications are supported; 0: BIND/SET with the flag fail. */
#ifndef FFAMED_PER_VCPU
#define FFAMED_PER_VCPU 1
#endif

/* Most INFO_GET rounds one SRI handler run makes before it yields. */
#ifndef FFAMED_SRI_MAX_ROUNDS
#define FFAMED_SRI_MAX_ROUNDS 8
#endif

/*
 * SP vCPUs with pending notifications kept for the scheduler VM. The SRI
 * handler reads an INFO_GET reply (up to 20 ids) only while that many
 * entries are free, so none is dropped; it must be at least 20.
 */
#ifndef FFAMED_MAX_SP_PENDING
#define FFAMED_MAX_SP_PENDING 32
#endif

/*
 * Rounds of drain + unbind + destroy before ffamed_vm_destroy() gives an
 * SPMC slot up. An SP that sets the dying VM's bits in a tight loop can win
 * the race between drain and BITMAP_DESTROY in a round, so the bound is
 * generous; rounds cost SMCs only then.
 */
#ifndef FFAMED_DESTROY_MAX_ROUNDS
#define FFAMED_DESTROY_MAX_ROUNDS 16
#endif

/* Most SMCs one ffamed_vm_destroy() call makes before it says "again". */
#ifndef FFAMED_DESTROY_STEP_SMCS
#define FFAMED_DESTROY_STEP_SMCS 8
#endif

/* SPMC slots given up by destroy that are remembered for a later reclaim. */
#ifndef FFAMED_MAX_LEAKED
#define FFAMED_MAX_LEAKED 2
#endif

#if FFAMED_MAX_SP_PENDING < 20 || FFAMED_MAX_SP_PENDING > 0xFFFF
#error "FFAMED_MAX_SP_PENDING must be within 20..65535"
#endif
#if FFAMED_DESTROY_MAX_ROUNDS < 1 || FFAMED_DESTROY_MAX_ROUNDS > 255
#error "FFAMED_DESTROY_MAX_ROUNDS must be within 1..255"
#endif
#if FFAMED_DESTROY_STEP_SMCS < 1
#error "FFAMED_DESTROY_STEP_SMCS must be at least 1"
#endif

#endif /* FFAMED_CONFIG_H */
