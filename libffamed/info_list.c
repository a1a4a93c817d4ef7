/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * FFA_NOTIFICATION_INFO_GET id lists: building and encoding the lists a guest
 * receives, decoding the lists the SPMC sends.
 *
 * x2: bit 0 more pending, bits[11:7] list count, and list i's vCPU id count
 * (0..3) in bits[13+2i:12+2i]. 16-bit ids fill x3..x7 from the low end, four
 * per register for the 64-bit form and two for the 32-bit form. A list is an
 * endpoint id followed by its vCPU ids.
 */
#include "ffamed_internal.h"

static unsigned int ids_per_reg(bool is64)
{
	return is64 ? 4U : 2U;
}

void ffamed_info_init(struct ffamed_info_lists *l, bool is64)
{
	l->n_lists = 0;
	l->n_ids = 0;
	l->more = false;
	l->max_ids = (uint8_t)(is64 ? FFAMED_INFO_MAX_IDS_64 :
				      FFAMED_INFO_MAX_IDS_32);
}

static bool info_room(struct ffamed_info_lists *l, unsigned int ids)
{
	if (l->n_ids + ids > l->max_ids) {
		l->more = true;
		return false;
	}
	return true;
}

bool ffamed_info_add_global(struct ffamed_info_lists *l, uint16_t id)
{
	if (!info_room(l, 1))
		return false;
	l->ids[l->n_ids++] = id;
	l->vcpus[l->n_lists++] = 0;
	return true;
}

/*
 * Append vcpu to the last list when it is a per-vCPU list of the same
 * endpoint with room; otherwise start a new list with the same endpoint id.
 */
bool ffamed_info_add_vcpu(struct ffamed_info_lists *l, uint16_t id,
			  uint16_t vcpu)
{
	if (l->n_lists > 0) {
		const unsigned int last = l->n_lists - 1U;
		const unsigned int head = l->n_ids - 1U - l->vcpus[last];

		if (l->ids[head] == id && l->vcpus[last] > 0U &&
		    l->vcpus[last] < FFAMED_INFO_MAX_VCPUS_PER_LIST) {
			if (!info_room(l, 1))
				return false;
			l->ids[l->n_ids++] = vcpu;
			l->vcpus[last]++;
			return true;
		}
	}
	if (!info_room(l, 2))
		return false;
	l->ids[l->n_ids++] = id;
	l->ids[l->n_ids++] = vcpu;
	l->vcpus[l->n_lists++] = 1;
	return true;
}

void ffamed_info_encode(const struct ffamed_info_lists *l, bool is64,
			struct ffamed_regs *out)
{
	const unsigned int per = ids_per_reg(is64);
	uint64_t x2 = l->more ? FFAMED_INFO_MORE_PENDING : 0U;

	ffamed_regs_zero(out);
	out->x[0] = is64 ? FFAMED_FID_SUCCESS_64 : FFAMED_FID_SUCCESS_32;
	x2 |= (uint64_t)l->n_lists << FFAMED_INFO_LIST_COUNT_SHIFT;
	for (unsigned int i = 0; i < l->n_lists; i++)
		x2 |= (uint64_t)l->vcpus[i]
		      << (FFAMED_INFO_LIST_SIZES_SHIFT + 2U * i);
	out->x[2] = x2;
	for (unsigned int k = 0; k < l->n_ids; k++)
		out->x[3U + k / per] |= (uint64_t)l->ids[k]
					<< (16U * (k % per));
}

/*
 * Decode an SPMC reply. Every field is untrusted: the list count, the
 * per-list sizes and the width. Lists that do not fit the id slots of the
 * reply's width are dropped. Returns false when anything was dropped; the
 * lists that were complete stay in *l.
 */
bool ffamed_info_decode(const struct ffamed_regs *in,
			struct ffamed_info_lists *l)
{
	const bool is64 = ffamed_w(in, 0) == FFAMED_FID_SUCCESS_64;
	const unsigned int per = ids_per_reg(is64);
	const unsigned int size_bits = is64 ? 64U : 32U;
	const uint64_t x2 = is64 ? in->x[2] : ffamed_w(in, 2);
	const unsigned int lists = (unsigned int)(x2 >> FFAMED_INFO_LIST_COUNT_SHIFT) &
				   FFAMED_INFO_LIST_COUNT_MASK;

	ffamed_info_init(l, is64);
	l->more = (x2 & FFAMED_INFO_MORE_PENDING) != 0U;

	for (unsigned int i = 0; i < lists; i++) {
		const unsigned int shift = FFAMED_INFO_LIST_SIZES_SHIFT + 2U * i;
		unsigned int nvcpu;

		if (shift >= size_bits)
			return false;
		nvcpu = (unsigned int)(x2 >> shift) & 0x3U;
		if (l->n_ids + 1U + nvcpu > l->max_ids)
			return false;
		for (unsigned int j = 0; j <= nvcpu; j++) {
			const unsigned int k = l->n_ids;
			const uint64_t reg = is64 ? in->x[3U + k / per] :
						    ffamed_w(in, 3U + k / per);

			l->ids[l->n_ids++] = (uint16_t)(reg >> (16U * (k % per)));
		}
		l->vcpus[l->n_lists++] = (uint8_t)nvcpu;
	}
	return true;
}
