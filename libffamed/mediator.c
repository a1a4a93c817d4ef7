/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Mediator setup: ffamed_init(), the SPMC probe, host-API error names.
 */
#include "ffamed_internal.h"

/* GIC INTIDs 1020..1023 are special; nothing at or above is an interrupt. */
#define FFAMED_GIC_INTID_LIMIT 1020U

FFAMED_COLD const char *ffamed_strerror(int err)
{
	static const char *const names[] = {
		[FFAMED_OK] = "success",
		[FFAMED_ERR_INVAL] = "invalid argument",
		[FFAMED_ERR_ABI] = "headers and library built with other options",
		[FFAMED_ERR_BUSY] = "VM id in use or still being destroyed",
		[FFAMED_ERR_AGAIN] = "destroy not finished: call again",
		[FFAMED_ERR_SPMC] = "the SPMC refused",
		[FFAMED_ERR_LEAKED] = "SPMC slot given up",
		[FFAMED_ERR_NOSPMC] = "no SPMC notifications: VM-to-VM only",
	};
	/* Negated as unsigned: -INT_MIN does not fit an int. */
	const unsigned int n = err < 0 ? 0U - (unsigned int)err : (unsigned int)err;

	if (n >= sizeof(names) / sizeof(names[0]))
		return "unknown error";
	return names[n];
}

FFAMED_COLD int ffamed_init_abi(struct ffamed *med, const struct ffamed_ops *ops,
		    void *host, const struct ffamed_config *cfg, uint32_t abi)
{
	if (abi != FFAMED_ABI_WORD)
		return -FFAMED_ERR_ABI;
	if (med == NULL || ops == NULL || cfg == NULL ||
	    ops->irq_raise == NULL || ops->vm_get == NULL ||
	    ops->vm_put == NULL)
		return -FFAMED_ERR_INVAL;
	if (cfg->sched_vm_id != 0U &&
	    (!ffamed_id_is_vm(cfg->sched_vm_id) || cfg->sched_map == NULL))
		return -FFAMED_ERR_INVAL;

	*med = (struct ffamed){ 0 };
	med->ops = ops;
	med->host = host;
	med->cfg = *cfg;
	med->level = ops->irq_lower != NULL;
	/* New global state then needs only an NPI (pending.c). */
	med->npi_only = !med->level && cfg->sched_vm_id == 0U;
	med->sched_sri_vcpu = FFAMED_NO_VCPU;
	ffamed_lock_init(&med->lock);
	if (cfg->sched_vm_id != 0U)
		for (unsigned int i = 0; i < FFAMED_SCHED_MAP_WORDS; i++)
			cfg->sched_map[i] = 0;
	return FFAMED_OK;
}

/*
 * FFA_FEATURES for what: the status, and w2 in *w2. Only ffamed_probe()
 * calls it, once it has seen the smc op is there.
 */
FFAMED_COLD static int32_t spmc_features(struct ffamed *med, uint32_t what, uint32_t *w2)
{
	struct ffamed_regs r;
	int32_t ret;

	ffamed_regs_set(&r, FFAMED_FID_FEATURES);
	r.x[1] = what;
	ffamed_spmc_call(med, &r, &r);
	ret = ffamed_status(&r);
	*w2 = ffamed_w(&r, 2);
	return ret;
}

/*
 * Ask the SPMC for every notification ABI and for the SRI. Any one missing
 * switches SP notifications off; VM -> VM notifications work regardless.
 * Call before the first ffamed_vm_init().
 */
FFAMED_COLD int ffamed_probe(struct ffamed *med)
{
	static const uint32_t needed[] = {
		FFAMED_FID_NOTIF_BITMAP_CREATE, FFAMED_FID_NOTIF_BITMAP_DESTROY,
		FFAMED_FID_NOTIF_BIND,          FFAMED_FID_NOTIF_UNBIND,
		FFAMED_FID_NOTIF_SET,           FFAMED_FID_NOTIF_GET,
		FFAMED_FID_NOTIF_INFO_GET_64,   FFAMED_FEAT_SRI,
	};
	uint32_t w2;

	if (med == NULL)
		return -FFAMED_ERR_INVAL;
	med->spmc_notif = false;
	if (med->ops->smc == NULL) {
		ffamed_log(med, FFAMED_LOG_INFO,
			   "ffamed: no SPMC (no smc op): VM-to-VM notifications only\n");
		return -FFAMED_ERR_NOSPMC;
	}
	for (unsigned int i = 0; i < sizeof(needed) / sizeof(needed[0]); i++) {
		const int32_t ret = spmc_features(med, needed[i], &w2);

		if (ret != FFAMED_RET_OK) {
			ffamed_log(med, FFAMED_LOG_INFO,
				   "ffamed: SPMC lacks %#x (%d): VM-to-VM notifications only\n",
				   needed[i], (int)ret);
			return -FFAMED_ERR_NOSPMC;
		}
	}
	/* The last query was the SRI: w2 holds its INTID. */
	if (w2 >= FFAMED_GIC_INTID_LIMIT) {
		ffamed_log(med, FFAMED_LOG_INFO,
			   "ffamed: SPMC gives no usable SRI (%u): VM-to-VM notifications only\n",
			   w2);
		return -FFAMED_ERR_NOSPMC;
	}
	med->spmc_sri_intid = w2;
	/* FF-A v1.3: an SPMC may say it has no per-vCPU notifications. */
	med->spmc_no_sp_vcpu =
		spmc_features(med, FFAMED_FEAT_NOTIF, &w2) == FFAMED_RET_OK &&
		(w2 & FFAMED_FEAT_NOTIF_NO_SP_PER_VCPU) != 0U;
	med->spmc_notif = true;
	ffamed_log(med, FFAMED_LOG_INFO,
		   "ffamed: SP notifications mediated, SRI %u\n",
		   med->spmc_sri_intid);
	return FFAMED_OK;
}

bool ffamed_spmc_notif_enabled(const struct ffamed *med)
{
	return med->spmc_notif;
}

uint32_t ffamed_spmc_sri_intid(const struct ffamed *med)
{
	return med->spmc_sri_intid;
}
