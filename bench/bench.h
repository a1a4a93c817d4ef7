/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Shared by both benchmark drivers (xen_paths.c, ffamed_paths.c): the
 * scripted fake SPMC, the counters kept OUTSIDE the measured code, the
 * register inputs of every path, and the per-path report.
 *
 * Measured code never lives here: scripts/bench.sh sums only the functions
 * of the mediator's own objects (see bench/README.md).
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdbool.h>
#include <stdint.h>

/* FF-A function ids and values both drivers feed in (FF-A v1.1/v1.2). */
#define B_FFA_ERROR          0x84000060U
#define B_FFA_SUCCESS_32     0x84000061U
#define B_FFA_SUCCESS_64     0xC4000061U
#define B_FFA_FEATURES       0x84000064U
#define B_FFA_BITMAP_CREATE  0x8400007DU
#define B_FFA_BITMAP_DESTROY 0x8400007EU
#define B_FFA_BIND           0x8400007FU
#define B_FFA_UNBIND         0x84000080U
#define B_FFA_SET            0x84000081U
#define B_FFA_GET            0x84000082U
#define B_FFA_INFO_GET_64    0xC4000083U
#define B_FEAT_SRI           0x2U
#define B_RET_INVALID        (-2)
#define B_RET_NO_DATA        (-9)
#define B_GET_SP             (1U << 0)
#define B_GET_VM             (1U << 1)
#define B_GET_SPM            (1U << 2)
#define B_FLAG_PER_VCPU      (1U << 0)  /* BIND and SET w2 */
#define B_SET_VCPU_SHIFT     16U        /* SET w2: the receiver vCPU */

/* The scene: one caller VM, one SP, N more VMs for the N-list SRI. */
#define B_SP_ID      0x8001U
#define B_CALLER     2U         /* Xen: domid 1 */
#define B_OTHER      3U         /* a VM id that is not the caller */
#define B_NLIST      8U         /* VMs listed in the N-list SRI: ids 3..10 */
#define B_FIRST_N    3U
#define B_FRESH      20U        /* the VM created and destroyed by "init_destroy" */
#define B_VCPUS      2U
#define B_MAX_VM     32U
#define B_SRI_INTID  8U         /* what the fake SPMC gives for FEATURES(SRI) */
#define B_NPI_INTID  8U         /* Xen's GUEST_FFA_NOTIF_PEND_INTR_ID */
#define B_BITMAP     0x1U       /* notification bit 0 */
#define B_FIRST_BIT  0x8U       /* bit 3: the caller's first SP binding */
#define B_VM_BIT     0x2U       /* bit 1: bound to VM B_OTHER, global */
#define B_VCPU_BIT   0x4U       /* bit 2: bound to VM B_OTHER, per-vCPU */

/* Counters, bumped by the stand-ins only. */
struct bench_counts {
	unsigned int smcs;
	unsigned int injections;
};
extern struct bench_counts bench_counts;

/*
 * The fake SPMC: answers x0..x7. FEATURES, BITMAP_*, BIND/UNBIND/SET succeed;
 * GET returns bench_spmc_get_sp / _spm (0 unless a path sets them);
 * INFO_GET_64 returns the lists queued by bench_spmc_list() once, then NO_DATA.
 */
void bench_spmc(const uint64_t in[8], uint64_t out[8]);
void bench_spmc_list(const uint16_t *vm_ids, unsigned int n);
extern uint64_t bench_spmc_get_sp;
extern uint32_t bench_spmc_get_spm;

/* Report one path: "path NAME smcs N injections N" on stdout. */
void bench_report(const char *name);
void bench_fail(const char *name, const char *what);
/* A path's reply or effect was not what the path is named for: exit 1. */
void bench_expect(const char *name, bool ok);

/*
 * One call of one path between zeroed stats and a dump named after it, so
 * each callgrind dump holds exactly that call (the drivers include
 * <valgrind/callgrind.h>).
 */
#define BENCH_MEASURE(name, stmt)                                  \
	do {                                                       \
		bench_counts = (struct bench_counts){ 0 };          \
		CALLGRIND_ZERO_STATS;                              \
		stmt;                                              \
		CALLGRIND_DUMP_STATS_AT(#name);                    \
		bench_report(#name);                               \
	} while (0)

/* The paths, in the order both drivers run them. */
#define BENCH_PATHS(X)          \
	X(bind_valid)           \
	X(bind_bad_receiver)    \
	X(set_valid)            \
	X(sri_1)                \
	X(info_get_pending)     \
	X(info_get_none)        \
	X(get_sp_spm)           \
	X(sri_n)                \
	X(unbind_valid)         \
	X(init_destroy)

/*
 * libffamed's own paths, ffamed_paths.c only: first, before bind_valid, the
 * caller's first SP binding (bit 3), which starts its SP-sender mirror (Xen's
 * driver makes the same BIND unmeasured); then, after the paths above, the
 * paths Xen 4.20 does not have (VM-to-VM and per-vCPU notifications) and the
 * two SRIs again on a host without a vcpu_online op (as pKVM's and
 * Hafnium's adapters), in this order.
 */
#define BENCH_FFAMED_PATHS(X)   \
	X(bind_sp_first)        \
	X(bind_vm)              \
	X(set_vm)               \
	X(get_vm)               \
	X(set_vm_vcpu)          \
	X(info_get_vcpu)        \
	X(get_vm_vcpu)          \
	X(sri_1_no_online)      \
	X(sri_n_no_online)

#endif /* BENCH_H */
