/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Reference SPMC model (see spmc_model.h). Written from the FF-A spec, not
 * from libffamed: it shares only the ABI constants with the library.
 */
#include "spmc_model.h"

#include <string.h>

static uint32_t w(const struct ffamed_regs *r, unsigned int n)
{
	return (uint32_t)r->x[n];
}

static void ok(struct ffamed_regs *out)
{
	memset(out, 0, sizeof(*out));
	out->x[0] = FFAMED_FID_SUCCESS_32;
}

static void err(struct ffamed_regs *out, int32_t e)
{
	memset(out, 0, sizeof(*out));
	out->x[0] = FFAMED_FID_ERROR;
	out->x[2] = (uint32_t)e;
}

static void status(struct ffamed_regs *out, int32_t e)
{
	if (e == FFAMED_RET_OK)
		ok(out);
	else
		err(out, e);
}

void model_init(struct spmc_model *m, unsigned int n_sps, uint16_t sp_vcpus)
{
	memset(m, 0, sizeof(*m));
	m->notif_supported = true;
	for (unsigned int i = 0; i < n_sps && i < MODEL_MAX_SPS; i++) {
		m->sps[i].used = true;
		m->sps[i].id = (uint16_t)(MODEL_FIRST_SP + i);
		m->sps[i].vcpu_count = sp_vcpus;
	}
}

struct model_rx *model_find_vm(struct spmc_model *m, uint16_t id)
{
	for (unsigned int i = 0; i < MODEL_MAX_VMS; i++)
		if (m->vms[i].used && m->vms[i].id == id)
			return &m->vms[i];
	return NULL;
}

struct model_rx *model_find_sp(struct spmc_model *m, uint16_t id)
{
	for (unsigned int i = 0; i < MODEL_MAX_SPS; i++)
		if (m->sps[i].used && m->sps[i].id == id)
			return &m->sps[i];
	return NULL;
}

static uint64_t rx_pending_all(const struct model_rx *rx)
{
	uint64_t p = rx->pend;

	for (unsigned int v = 0; v < MODEL_MAX_VCPUS; v++)
		p |= rx->pend_vcpu[v];
	return p;
}

static int32_t do_bind(struct model_rx *rx, uint16_t sender, uint32_t flags,
		       uint64_t bm)
{
	if ((flags & ~FFAMED_NOTIF_FLAG_PER_VCPU) != 0U || bm == 0U)
		return FFAMED_RET_INVALID_PARAMETERS;
	for (unsigned int b = 0; b < 64; b++)
		if ((bm >> b & 1U) && (rx->bound >> b & 1U))
			return FFAMED_RET_DENIED;
	if (rx_pending_all(rx) & bm)
		return FFAMED_RET_DENIED;
	for (unsigned int b = 0; b < 64; b++)
		if (bm >> b & 1U)
			rx->sender[b] = sender;
	rx->bound |= bm;
	if (flags & FFAMED_NOTIF_FLAG_PER_VCPU)
		rx->per_vcpu |= bm;
	else
		rx->per_vcpu &= ~bm;
	return FFAMED_RET_OK;
}

static int32_t do_unbind(struct model_rx *rx, uint16_t sender, uint64_t bm)
{
	if (bm == 0U)
		return FFAMED_RET_INVALID_PARAMETERS;
	if ((rx->bound & bm) != bm || (rx_pending_all(rx) & bm))
		return FFAMED_RET_DENIED;
	for (unsigned int b = 0; b < 64; b++)
		if ((bm >> b & 1U) && rx->sender[b] != sender)
			return FFAMED_RET_DENIED;
	rx->bound &= ~bm;
	rx->per_vcpu &= ~bm;
	return FFAMED_RET_OK;
}

static int32_t do_set(struct spmc_model *m, struct model_rx *rx,
		      uint16_t sender, uint32_t flags, uint64_t bm)
{
	const bool per = flags & FFAMED_NOTIF_FLAG_PER_VCPU;
	const uint16_t vcpu = (uint16_t)(flags >> 16);

	if ((flags & FFAMED_NOTIF_SET_MBZ_MASK) || bm == 0U)
		return FFAMED_RET_INVALID_PARAMETERS;
	if (!per && vcpu != 0U)
		return FFAMED_RET_INVALID_PARAMETERS;
	if (per && vcpu >= rx->vcpu_count)
		return FFAMED_RET_INVALID_PARAMETERS;
	if ((rx->bound & bm) != bm)
		return FFAMED_RET_DENIED;
	for (unsigned int b = 0; b < 64; b++)
		if ((bm >> b & 1U) && rx->sender[b] != sender)
			return FFAMED_RET_DENIED;
	if ((rx->per_vcpu & bm) != (per ? bm : 0U))
		return FFAMED_RET_INVALID_PARAMETERS;
	if (per) {
		rx->pend_vcpu[vcpu] |= bm;
		rx->rep_vcpu[vcpu] &= ~bm;
	} else {
		rx->pend |= bm;
		rx->rep &= ~bm;
	}
	rx->sets++;
	m->sri_raised++;
	return FFAMED_RET_OK;
}

static void nwd_create(struct spmc_model *m, const struct ffamed_regs *in,
		       struct ffamed_regs *out)
{
	const uint32_t id = w(in, 1);
	const uint32_t vcpus = w(in, 2);

	if (id == 0U || id > 0x7FFFU || vcpus == 0U || vcpus > MODEL_MAX_VCPUS)
		return err(out, FFAMED_RET_INVALID_PARAMETERS);
	if (model_find_vm(m, (uint16_t)id) != NULL)
		return err(out, FFAMED_RET_DENIED);
	if (m->max_slots != 0U) {
		unsigned int used = 0;

		for (unsigned int i = 0; i < MODEL_MAX_VMS; i++)
			used += m->vms[i].used;
		/* OP-TEE without NS-virtualization, Hafnium's fixed table. */
		if (used >= m->max_slots)
			return err(out, FFAMED_RET_NO_MEMORY);
	}
	for (unsigned int i = 0; i < MODEL_MAX_VMS; i++) {
		if (!m->vms[i].used) {
			memset(&m->vms[i], 0, sizeof(m->vms[i]));
			m->vms[i].used = true;
			m->vms[i].id = (uint16_t)id;
			m->vms[i].vcpu_count = (uint16_t)vcpus;
			return ok(out);
		}
	}
	err(out, FFAMED_RET_NO_MEMORY);
}

static void nwd_destroy(struct spmc_model *m, const struct ffamed_regs *in,
			struct ffamed_regs *out)
{
	struct model_rx *rx = model_find_vm(m, (uint16_t)w(in, 1));

	if (rx == NULL || w(in, 1) > 0xFFFFU)
		return err(out, FFAMED_RET_DENIED);
	/* A stubborn secure world: an SP that keeps the VM's slot busy. */
	if (m->destroy_denials != 0U) {
		m->destroy_denials--;
		return err(out, FFAMED_RET_DENIED);
	}
	if (rx_pending_all(rx) != 0U || rx->spm_pend != 0U)
		return err(out, FFAMED_RET_DENIED);
	if (m->deny_destroy_if_bound && rx->bound != 0U)
		return err(out, FFAMED_RET_DENIED);
	rx->used = false;
	ok(out);
}

static void nwd_bind(struct spmc_model *m, const struct ffamed_regs *in,
		     struct ffamed_regs *out, bool bind)
{
	const uint16_t sender = (uint16_t)(w(in, 1) >> 16);
	const uint16_t receiver = (uint16_t)w(in, 1);
	const uint64_t bm = (uint64_t)w(in, 3) | (uint64_t)w(in, 4) << 32;
	struct model_rx *rx = model_find_vm(m, receiver);

	if (rx == NULL || model_find_sp(m, sender) == NULL)
		return err(out, FFAMED_RET_INVALID_PARAMETERS);
	if (bind)
		return status(out, do_bind(rx, sender, w(in, 2), bm));
	if (w(in, 2) != 0U)
		return err(out, FFAMED_RET_INVALID_PARAMETERS);
	if (m->unbind_denials != 0U) {
		m->unbind_denials--;
		return err(out, FFAMED_RET_DENIED);
	}
	status(out, do_unbind(rx, sender, bm));
}

static void nwd_set(struct spmc_model *m, const struct ffamed_regs *in,
		    struct ffamed_regs *out)
{
	const uint16_t sender = (uint16_t)(w(in, 1) >> 16);
	const uint16_t receiver = (uint16_t)w(in, 1);
	const uint64_t bm = (uint64_t)w(in, 3) | (uint64_t)w(in, 4) << 32;
	struct model_rx *rx = model_find_sp(m, receiver);

	if (rx == NULL || model_find_vm(m, sender) == NULL)
		return err(out, FFAMED_RET_INVALID_PARAMETERS);
	/* Only an SP may ask for a delayed SRI. */
	if (w(in, 2) & FFAMED_NOTIF_FLAG_DELAY_SRI)
		return err(out, FFAMED_RET_INVALID_PARAMETERS);
	status(out, do_set(m, rx, sender, w(in, 2), bm));
}

static void nwd_get(struct spmc_model *m, const struct ffamed_regs *in,
		    struct ffamed_regs *out)
{
	const uint16_t receiver = (uint16_t)w(in, 1);
	const uint16_t vcpu = (uint16_t)(w(in, 1) >> 16);
	const uint32_t flags = w(in, 2);
	struct model_rx *rx = model_find_vm(m, receiver);
	uint64_t sp = 0;
	uint32_t spm = 0;

	if (rx == NULL || vcpu >= rx->vcpu_count)
		return err(out, FFAMED_RET_INVALID_PARAMETERS);
	/* A normal-world receiver's VM and HYP bitmaps are not ours. */
	if (flags & ~(FFAMED_GET_FLAG_SP | FFAMED_GET_FLAG_SPM))
		return err(out, FFAMED_RET_INVALID_PARAMETERS);
	if (flags & FFAMED_GET_FLAG_SP) {
		sp = rx->pend | rx->pend_vcpu[vcpu];
		rx->pend = 0;
		rx->pend_vcpu[vcpu] = 0;
	}
	if (flags & FFAMED_GET_FLAG_SPM) {
		spm = rx->spm_pend;
		rx->spm_pend = 0;
	}
	ok(out);
	out->x[2] = (uint32_t)sp;
	out->x[3] = (uint32_t)(sp >> 32);
	out->x[6] = spm;
}

/* INFO_GET list builder, written independently of libffamed's. */
struct lists {
	uint16_t ids[20];
	unsigned int sizes[20];
	unsigned int n_ids, n_lists, max;
	bool more;
};

static bool lists_add(struct lists *l, uint16_t id, const uint16_t *vc,
		      unsigned int n)
{
	if (l->n_ids + 1 + n > l->max) {
		l->more = true;
		return false;
	}
	l->ids[l->n_ids++] = id;
	for (unsigned int i = 0; i < n; i++)
		l->ids[l->n_ids++] = vc[i];
	l->sizes[l->n_lists++] = n;
	return true;
}

/*
 * Report rx's unreported pending state (all of it with info_repeat); false
 * if the reply is full.
 */
static bool info_rx(struct spmc_model *m, struct lists *l, struct model_rx *rx)
{
	uint16_t vc[MODEL_MAX_VCPUS];
	unsigned int n = 0;

	if (m->info_repeat) {
		rx->rep = 0;
		rx->spm_rep = false;
		memset(rx->rep_vcpu, 0, sizeof(rx->rep_vcpu));
	}
	if ((rx->pend & ~rx->rep) || (rx->spm_pend && !rx->spm_rep)) {
		if (!lists_add(l, rx->id, NULL, 0))
			return false;
		rx->rep |= rx->pend;
		rx->spm_rep = rx->spm_pend != 0;
	}
	for (uint16_t v = 0; v < rx->vcpu_count && v < MODEL_MAX_VCPUS; v++)
		if (rx->pend_vcpu[v] & ~rx->rep_vcpu[v])
			vc[n++] = v;
	for (unsigned int i = 0; i < n; i += 3) {
		const unsigned int c = n - i < 3 ? n - i : 3;

		if (!lists_add(l, rx->id, &vc[i], c))
			return false;
		for (unsigned int j = 0; j < c; j++)
			rx->rep_vcpu[vc[i + j]] |= rx->pend_vcpu[vc[i + j]];
	}
	return true;
}

static void nwd_info_get(struct spmc_model *m, const struct ffamed_regs *in,
			 struct ffamed_regs *out)
{
	const bool is64 = w(in, 0) == FFAMED_FID_NOTIF_INFO_GET_64;
	const unsigned int per = is64 ? 4 : 2;
	struct lists l = { .max = is64 ? 20 : 10 };
	uint64_t x2;

	m->info_get_calls++;
	if (m->hyp_pend) {
		if (lists_add(&l, 0, NULL, 0))
			m->hyp_pend = false;
	}
	for (uint16_t v = 0; v < MODEL_MAX_VCPUS; v++) {
		if (m->hyp_pend_vcpu[v] && lists_add(&l, 0, &v, 1))
			m->hyp_pend_vcpu[v] = false;
	}
	for (unsigned int i = 0; i < MODEL_MAX_VMS && !l.more; i++)
		if (m->vms[i].used)
			(void)info_rx(m, &l, &m->vms[i]);
	for (unsigned int i = 0; i < MODEL_MAX_SPS && !l.more; i++)
		if (m->sps[i].used)
			(void)info_rx(m, &l, &m->sps[i]);
	if (l.n_lists == 0)
		return err(out, FFAMED_RET_NO_DATA);

	memset(out, 0, sizeof(*out));
	out->x[0] = is64 ? FFAMED_FID_SUCCESS_64 : FFAMED_FID_SUCCESS_32;
	x2 = (l.more ? 1U : 0U) | (uint64_t)l.n_lists << 7;
	for (unsigned int i = 0; i < l.n_lists; i++)
		x2 |= (uint64_t)l.sizes[i] << (12 + 2 * i);
	out->x[2] = x2;
	for (unsigned int k = 0; k < l.n_ids; k++)
		out->x[3 + k / per] |= (uint64_t)l.ids[k] << (16 * (k % per));
}

static void nwd_features(struct spmc_model *m, const struct ffamed_regs *in,
			 struct ffamed_regs *out)
{
	const uint32_t what = w(in, 1);

	if (!m->notif_supported)
		return err(out, FFAMED_RET_NOT_SUPPORTED);
	switch (what) {
	case FFAMED_FID_NOTIF_BITMAP_CREATE:
	case FFAMED_FID_NOTIF_BITMAP_DESTROY:
	case FFAMED_FID_NOTIF_BIND:
	case FFAMED_FID_NOTIF_UNBIND:
	case FFAMED_FID_NOTIF_SET:
	case FFAMED_FID_NOTIF_GET:
	case FFAMED_FID_NOTIF_INFO_GET_32:
	case FFAMED_FID_NOTIF_INFO_GET_64:
		return ok(out);
	case FFAMED_FEAT_SRI:
		ok(out);
		out->x[2] = MODEL_SRI_INTID;
		return;
	default:
		return err(out, FFAMED_RET_NOT_SUPPORTED);
	}
}

void model_smc(struct spmc_model *m, const struct ffamed_regs *in,
	       struct ffamed_regs *out)
{
	const uint32_t fid = w(in, 0);

	m->calls++;
	if (fid == FFAMED_FID_FEATURES)
		return nwd_features(m, in, out);
	if (!m->notif_supported)
		return err(out, FFAMED_RET_NOT_SUPPORTED);
	switch (fid) {
	case FFAMED_FID_NOTIF_BITMAP_CREATE:
		return nwd_create(m, in, out);
	case FFAMED_FID_NOTIF_BITMAP_DESTROY:
		return nwd_destroy(m, in, out);
	case FFAMED_FID_NOTIF_BIND:
		return nwd_bind(m, in, out, true);
	case FFAMED_FID_NOTIF_UNBIND:
		return nwd_bind(m, in, out, false);
	case FFAMED_FID_NOTIF_SET:
		return nwd_set(m, in, out);
	case FFAMED_FID_NOTIF_GET:
		return nwd_get(m, in, out);
	case FFAMED_FID_NOTIF_INFO_GET_32:
	case FFAMED_FID_NOTIF_INFO_GET_64:
		return nwd_info_get(m, in, out);
	default:
		return err(out, FFAMED_RET_NOT_SUPPORTED);
	}
}

int32_t model_sp_bind(struct spmc_model *m, uint16_t sp, uint16_t sender_vm,
		      uint64_t bitmap, bool per_vcpu)
{
	struct model_rx *rx = model_find_sp(m, sp);

	if (rx == NULL || model_find_vm(m, sender_vm) == NULL)
		return FFAMED_RET_INVALID_PARAMETERS;
	return do_bind(rx, sender_vm, per_vcpu ? FFAMED_NOTIF_FLAG_PER_VCPU : 0U,
		       bitmap);
}

int32_t model_sp_set(struct spmc_model *m, uint16_t sp, uint16_t rx_vm,
		     uint64_t bitmap, bool per_vcpu, uint16_t vcpu)
{
	struct model_rx *rx = model_find_vm(m, rx_vm);
	uint32_t flags = per_vcpu ? FFAMED_NOTIF_FLAG_PER_VCPU : 0U;

	if (rx == NULL || model_find_sp(m, sp) == NULL)
		return FFAMED_RET_INVALID_PARAMETERS;
	flags |= (uint32_t)vcpu << 16;
	return do_set(m, rx, sp, flags, bitmap);
}

uint64_t model_sp_get(struct spmc_model *m, uint16_t sp, uint16_t vcpu)
{
	struct model_rx *rx = model_find_sp(m, sp);
	uint64_t bm;

	if (rx == NULL || vcpu >= MODEL_MAX_VCPUS)
		return 0;
	bm = rx->pend | rx->pend_vcpu[vcpu];
	rx->pend = 0;
	rx->pend_vcpu[vcpu] = 0;
	return bm;
}

int32_t model_spm_set(struct spmc_model *m, uint16_t rx_vm, uint32_t bits)
{
	struct model_rx *rx = model_find_vm(m, rx_vm);

	if (rx == NULL)
		return FFAMED_RET_INVALID_PARAMETERS;
	rx->spm_pend |= bits;
	rx->spm_rep = false;
	m->sri_raised++;
	return FFAMED_RET_OK;
}

void model_hyp_set(struct spmc_model *m, bool per_vcpu, uint16_t vcpu)
{
	if (per_vcpu && vcpu < MODEL_MAX_VCPUS)
		m->hyp_pend_vcpu[vcpu] = true;
	else
		m->hyp_pend = true;
	m->sri_raised++;
}
