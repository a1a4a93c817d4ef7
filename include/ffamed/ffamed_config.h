/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Build-time limits. Override any of them with -D on the compiler command
 * line; state sizes follow from them, nothing is allocated at run time.
 */
#ifndef FFAMED_CONFIG_H
#define FFAMED_CONFIG_H

/* Most vCPUs one VM may have (BITMAP_CREATE's vCPU count is checked against it). */
#ifndef FFAMED_MAX_VCPUS
#define FFAMED_MAX_VCPUS 32
#endif

/* 1: per-vCPU notifications are supported; 0: BIND/SET with the flag fail. */
#ifndef FFAMED_PER_VCPU
#define FFAMED_PER_VCPU 1
#endif

/* Most INFO_GET rounds one SRI handler run makes before it yields. */
#ifndef FFAMED_SRI_MAX_ROUNDS
#define FFAMED_SRI_MAX_ROUNDS 8
#endif

/* SP vCPUs with pending notifications kept for the scheduler VM. */
#ifndef FFAMED_MAX_SP_PENDING
#define FFAMED_MAX_SP_PENDING 32
#endif

/*
 * Rounds of drain + unbind + destroy before giving an SPMC slot up. An SP
 * that sets the dying VM's bits in a tight loop can win the race between
 * drain and UNBIND in a round (seen about one round in ten under the race
 * stress test), so the bound is generous; rounds cost SMCs only then. A slot
 * given up is counted in stats.destroy_leaked and taken back at the next
 * ffamed_vm_init() for the id.
 */
#ifndef FFAMED_DESTROY_MAX_ROUNDS
#define FFAMED_DESTROY_MAX_ROUNDS 16
#endif

#if FFAMED_MAX_VCPUS < 1 || FFAMED_MAX_VCPUS > 0xFFFF
#error "FFAMED_MAX_VCPUS must be within 1..65535"
#endif

#endif /* FFAMED_CONFIG_H */
