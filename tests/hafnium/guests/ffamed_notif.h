/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * VM -> VM notification guests for Hafnium's hftest framework, shared by the
 * primary (the tests, notif_primary.c) and the secondary (the services,
 * notif_service.c). Each test runs ROUNDS rounds; a round is one SET of one
 * bit, taken by the receiver through its NPI and one GET.
 */
#pragma once

#include "hf/ffa.h"

#define NOTIF_ROUNDS 32U
/* The secondary's FF-A id: vm2 in manifest.dts. */
#define NOTIF_SERVICE_ID (HF_VM_ID_OFFSET + 1)

/* Global notifications use bits 0..31, per-vCPU ones bits 32..63. */
#define NOTIF_GLOBAL_MASK UINT64_C(0x00000000ffffffff)
#define NOTIF_PER_VCPU_MASK UINT64_C(0xffffffff00000000)
/*
 * Secondary -> primary per-vCPU ends with this bit to the primary's vCPU 1:
 * GET for vCPU 1 must return it, GET for vCPU 0 not, and no NPI on vCPU 0.
 */
#define NOTIF_VCPU1_BIT FFA_NOTIFICATION_MASK(63)

static inline ffa_notifications_bitmap_t notif_bit(bool per_vcpu, uint32_t i)
{
	return FFA_NOTIFICATION_MASK((per_vcpu ? 32U : 0U) + i % 32U);
}

static inline uint32_t notif_bind_flags(bool per_vcpu)
{
	return per_vcpu ? FFA_NOTIFICATION_FLAG_PER_VCPU : 0U;
}

/* SET flags: per-vCPU ones go to vCPU 0 of the receiver. */
static inline uint32_t notif_set_flags(bool per_vcpu)
{
	return per_vcpu ? FFA_NOTIFICATIONS_FLAG_PER_VCPU |
				  FFA_NOTIFICATIONS_FLAGS_VCPU_ID(0)
			: 0U;
}

static inline ffa_notifications_bitmap_t notif_mask(bool per_vcpu)
{
	return per_vcpu ? NOTIF_PER_VCPU_MASK : NOTIF_GLOBAL_MASK;
}
