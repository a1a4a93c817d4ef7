/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * FFA_NOTIFICATION_INFO_GET id lists: built straight into a guest's reply
 * (info_get.c), and read out of the SPMC's (sri.c). The one place that knows
 * this layout; inline, as each side has one user on a hot path.
 *
 * x2: bit 0 more pending, bits[11:7] list count, and list i's vCPU id count
 * (0..3) in bits[13+2i:12+2i]. 16-bit ids fill x3..x7 from the low end, four
 * per register for the 64-bit form and two for the 32-bit form. A list is an
 * endpoint id followed by its vCPU ids.
 */
#ifndef FFAMED_INFO_LIST_H
#define FFAMED_INFO_LIST_H

#include "ffamed_internal.h"

struct ffamed_info {
	struct ffamed_regs *r;  /* the reply being built */
	uint8_t n_ids;
	uint8_t n_lists;
	uint8_t max_ids;
	uint8_t reg_shift;      /* log2 of the ids per register */
	uint8_t last_vcpus;     /* vCPU ids in the last list */
	uint16_t last_id;
	bool more;
};
/* Decoding an SPMC reply: every field is untrusted. */
struct ffamed_info_iter {
	const struct ffamed_regs *r;
	uint64_t x2;
	uint8_t k;              /* next id slot */
	uint8_t list;
	uint8_t n_lists;
	uint8_t max_ids;
	uint8_t reg_shift;      /* log2 of the ids per register */
};
#define FFAMED_INFO_END       (-1)
#define FFAMED_INFO_MALFORMED (-2)

#define LIST_SIZE_SHIFT(i) (FFAMED_INFO_LIST_SIZES_SHIFT + 2U * (i))

/* Id slot k: 2^reg_shift ids per register (4 for _64, 2 for _32). */
static inline uint16_t ffamed_info_id_at(const struct ffamed_regs *r, unsigned int k,
		      unsigned int reg_shift)
{
	const unsigned int per_mask = (1U << reg_shift) - 1U;

	return (uint16_t)(r->x[3U + (k >> reg_shift)] >> (16U * (k & per_mask)));
}

static inline void ffamed_info_start(struct ffamed_info *l, struct ffamed_regs *r, bool is64)
{
	ffamed_regs_set(r, 0);
	*l = (struct ffamed_info){
		.r = r,
		.max_ids = is64 ? FFAMED_INFO_MAX_IDS_64 : FFAMED_INFO_MAX_IDS_32,
		.reg_shift = is64 ? 2U : 1U,
	};
}

static inline void ffamed_info_put_id(struct ffamed_info *l, uint16_t id)
{
	const unsigned int k = l->n_ids++;
	const unsigned int per_mask = (1U << l->reg_shift) - 1U;

	l->r->x[3U + (k >> l->reg_shift)] |= (uint64_t)id << (16U * (k & per_mask));
}

/* A global list for id. False, with "more" set, when it does not fit. */
static inline bool ffamed_info_add_global(struct ffamed_info *l, uint16_t id)
{
	if (l->n_ids == l->max_ids) {
		l->more = true;
		return false;
	}
	ffamed_info_put_id(l, id);
	l->last_vcpus = 0;
	l->n_lists++;
	return true;
}

/*
 * vcpu of id: appended to the last list when that is a per-vCPU list of id
 * with room, else a new list. False, with "more" set, when it does not fit.
 */
static inline bool ffamed_info_add_vcpu(struct ffamed_info *l, uint16_t id,
					uint16_t vcpu)
{
	const bool append = l->last_vcpus != 0U && l->last_id == id &&
			    l->last_vcpus < FFAMED_INFO_MAX_VCPUS_PER_LIST;
	/* The list's vCPU count goes in x2 bits[13+2i:12+2i]: one more. */
	const unsigned int list = append ? l->n_lists - 1U : l->n_lists;

	if (l->n_ids + (append ? 1U : 2U) > l->max_ids) {
		l->more = true;
		return false;
	}
	if (!append) {
		ffamed_info_put_id(l, id);
		l->last_id = id;
		l->last_vcpus = 0;
		l->n_lists++;
	}
	ffamed_info_put_id(l, vcpu);
	l->r->x[2] += (uint64_t)1U << LIST_SIZE_SHIFT(list);
	l->last_vcpus++;
	return true;
}

static inline void ffamed_info_finish(struct ffamed_info *l, bool is64)
{
	if (l->n_lists == 0U) {
		ffamed_reply_error(l->r, FFAMED_RET_NO_DATA);
		return;
	}
	l->r->x[0] = is64 ? FFAMED_FID_SUCCESS_64 : FFAMED_FID_SUCCESS_32;
	l->r->x[2] |= (uint64_t)l->n_lists << FFAMED_INFO_LIST_COUNT_SHIFT |
		      (l->more ? FFAMED_INFO_MORE_PENDING : 0U);
}

/* A reply of one global list, for id. */
static inline void ffamed_info_reply_one(struct ffamed_regs *r, bool is64,
					 uint16_t id)
{
	ffamed_regs_set(r, is64 ? FFAMED_FID_SUCCESS_64 : FFAMED_FID_SUCCESS_32);
	r->x[2] = 1U << FFAMED_INFO_LIST_COUNT_SHIFT;
	r->x[3] = id;
}

static inline bool ffamed_info_iter_start(struct ffamed_info_iter *it,
			    const struct ffamed_regs *r)
{
	const bool is64 = ffamed_w(r, 0) == FFAMED_FID_SUCCESS_64;

	*it = (struct ffamed_info_iter){
		.r = r,
		.x2 = is64 ? r->x[2] : ffamed_w(r, 2),
		.max_ids = is64 ? FFAMED_INFO_MAX_IDS_64 : FFAMED_INFO_MAX_IDS_32,
		.reg_shift = is64 ? 2U : 1U,
	};
	it->n_lists = (uint8_t)((it->x2 >> FFAMED_INFO_LIST_COUNT_SHIFT) &
				FFAMED_INFO_LIST_COUNT_MASK);
	return (it->x2 & FFAMED_INFO_MORE_PENDING) != 0U;
}

/*
 * A list count or size that overruns the reply's id slots is malformed.
 * Each list read took at least one slot and ended below max_ids, so
 * list <= k <= max_ids: the size field read is at bit 52 at most (a _32
 * reply's x2 is its w2, zero above bit 31, so a list past its ids reads
 * size 0 and is malformed as k == max_ids).
 */
static inline int ffamed_info_iter_next(struct ffamed_info_iter *it, uint16_t *id,
			  uint16_t vcpus[FFAMED_INFO_MAX_VCPUS_PER_LIST])
{
	unsigned int n;

	if (it->list == it->n_lists)
		return FFAMED_INFO_END;
	n = (unsigned int)(it->x2 >> LIST_SIZE_SHIFT(it->list)) & 0x3U;
	if (it->k + n >= it->max_ids)
		return FFAMED_INFO_MALFORMED;
	*id = ffamed_info_id_at(it->r, it->k, it->reg_shift);
	for (unsigned int j = 0; j < n; j++)
		vcpus[j] = ffamed_info_id_at(it->r, it->k + 1U + j, it->reg_shift);
	it->k = (uint8_t)(it->k + 1U + n);
	it->list++;
	return (int)n;
}

#endif /* FFAMED_INFO_LIST_H */
