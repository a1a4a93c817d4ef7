/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * FF-A (DEN0077, v1.1/v1.2) constants used by the notification interfaces.
 *
 * Everything is prefixed FFAMED_ so that this header can be included next to
 * a host's own FF-A definitions (Xen's ffa_private.h, Linux's arm_ffa.h,
 * Hafnium's ffa.h) without clashing.
 */
#ifndef FFAMED_FFA_ABI_H
#define FFAMED_FFA_ABI_H

/* Function ids (w0). */
#define FFAMED_FID_ERROR                   0x84000060U
#define FFAMED_FID_SUCCESS_32              0x84000061U
#define FFAMED_FID_SUCCESS_64              0xC4000061U
#define FFAMED_FID_FEATURES                0x84000064U
#define FFAMED_FID_NOTIF_BITMAP_CREATE     0x8400007DU
#define FFAMED_FID_NOTIF_BITMAP_DESTROY    0x8400007EU
#define FFAMED_FID_NOTIF_BIND              0x8400007FU
#define FFAMED_FID_NOTIF_UNBIND            0x84000080U
#define FFAMED_FID_NOTIF_SET               0x84000081U
#define FFAMED_FID_NOTIF_GET               0x84000082U
#define FFAMED_FID_NOTIF_INFO_GET_32       0x84000083U
#define FFAMED_FID_NOTIF_INFO_GET_64       0xC4000083U

/* SMCCC: bit 30 selects the 64-bit calling convention; bit 16 is the SVE hint. */
#define FFAMED_SMCCC_CONV_64               (1U << 30)
#define FFAMED_SMCCC_SVE_HINT              (1U << 16)

/* Status codes (w2 of FFA_ERROR). */
#define FFAMED_RET_OK                      0
#define FFAMED_RET_NOT_SUPPORTED           (-1)
#define FFAMED_RET_INVALID_PARAMETERS      (-2)
#define FFAMED_RET_NO_MEMORY               (-3)
#define FFAMED_RET_BUSY                    (-4)
#define FFAMED_RET_INTERRUPTED             (-5)
#define FFAMED_RET_DENIED                  (-6)
#define FFAMED_RET_RETRY                   (-7)
#define FFAMED_RET_ABORTED                 (-8)
#define FFAMED_RET_NO_DATA                 (-9)

/* Endpoint ids. */
#define FFAMED_ID_HYPERVISOR               0x0000U
#define FFAMED_ID_SECURE_BIT               0x8000U

/* FFA_FEATURES feature ids (w1 bit 31 clear). */
#define FFAMED_FEAT_NPI                    0x1U
#define FFAMED_FEAT_SRI                    0x2U
#define FFAMED_FEAT_MANAGED_EXIT           0x3U
#define FFAMED_FEAT_NOTIF                  0x4U  /* v1.3: notification features */

/* FFA_FEATURES(FFAMED_FEAT_NOTIF) w2: per-vCPU notifications not supported. */
#define FFAMED_FEAT_NOTIF_NO_VM_PER_VCPU   (1U << 0)
#define FFAMED_FEAT_NOTIF_NO_SP_PER_VCPU   (1U << 1)

/* BIND / SET flags (w2). */
#define FFAMED_NOTIF_FLAG_PER_VCPU         (1U << 0)
#define FFAMED_NOTIF_FLAG_DELAY_SRI        (1U << 1)
#define FFAMED_NOTIF_SET_VCPU_SHIFT        16U
#define FFAMED_NOTIF_SET_MBZ_MASK          0x0000FFFCU

/* BITMAP_CREATE / DESTROY: w1 bits[31:16] must be zero. */
#define FFAMED_NOTIF_BITMAP_ID_MASK        0x0000FFFFU

/* GET flags (w2): which bitmaps to return. */
#define FFAMED_GET_FLAG_SP                 (1U << 0)
#define FFAMED_GET_FLAG_VM                 (1U << 1)
#define FFAMED_GET_FLAG_SPM                (1U << 2)
#define FFAMED_GET_FLAG_HYP                (1U << 3)
#define FFAMED_GET_FLAGS_ALL               0xFU

/* Framework notification bit 0 of both framework bitmaps: RX buffer full. */
#define FFAMED_FRAMEWORK_RX_FULL           (1U << 0)

/* INFO_GET reply, x2. */
#define FFAMED_INFO_MORE_PENDING           (1U << 0)
#define FFAMED_INFO_LIST_COUNT_SHIFT       7U
#define FFAMED_INFO_LIST_COUNT_MASK        0x1FU
#define FFAMED_INFO_LIST_SIZES_SHIFT       12U
#define FFAMED_INFO_MAX_VCPUS_PER_LIST     3U
#define FFAMED_INFO_MAX_IDS_64             20U
#define FFAMED_INFO_MAX_IDS_32             10U

#endif /* FFAMED_FFA_ABI_H */
