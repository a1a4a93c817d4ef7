/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Mediator setup: ffamed_init() and the SPMC probe.
 */
#include "ffamed_internal.h"

/* GIC INTIDs 1020..1023 are special; nothing at or above is an interrupt. */
#define FFAMED_GIC_INTID_LIMIT 1020U

int32_t ffamed_init(struct ffamed *med, const struct ffamed_ops *ops,
		    void *host, const struct ffamed_config *cfg)
{
	if (med == NULL || ops == NULL || cfg == NULL)
		return FFAMED_RET_INVALID_PARAMETERS;
	if (ops->irq_raise == NULL || ops->vm_get == NULL ||
	    ops->vm_put == NULL)
		return FFAMED_RET_INVALID_PARAMETERS;
	if (cfg->sched_vm_id != 0U && !ffamed_id_is_vm(cfg->sched_vm_id))
		return FFAMED_RET_INVALID_PARAMETERS;

	*med = (struct ffamed){ 0 };
	med->ops = ops;
	med->host = host;
	med->cfg = *cfg;
	ffamed_lock_init(&med->lock);
	return FFAMED_RET_OK;
}

static int32_t spmc_features(struct ffamed *med, uint32_t what, uint32_t *w2)
{
	struct ffamed_regs in, out;
	int32_t ret;

	ffamed_regs_zero(&in);
	in.x[0] = FFAMED_FID_FEATURES;
	in.x[1] = what;
	ffamed_spmc_call(med, &in, &out);
	ret = ffamed_reply_status(&out);
	if (ret == FFAMED_RET_OK && w2 != NULL)
		*w2 = ffamed_w(&out, 2);
	return ret;
}

/*
 * Ask the SPMC for every notification ABI and for the SRI. Any one missing
 * switches SP notifications off; VM -> VM notifications work regardless.
 * Call before the first ffamed_vm_init().
 */
int32_t ffamed_probe(struct ffamed *med)
{
	static const uint32_t needed[] = {
		FFAMED_FID_NOTIF_BITMAP_CREATE, FFAMED_FID_NOTIF_BITMAP_DESTROY,
		FFAMED_FID_NOTIF_BIND,          FFAMED_FID_NOTIF_UNBIND,
		FFAMED_FID_NOTIF_SET,           FFAMED_FID_NOTIF_GET,
		FFAMED_FID_NOTIF_INFO_GET_64,
	};
	uint32_t sri = 0;
	int32_t ret;

	med->spmc_notif = false;
	if (!ffamed_has_spmc(med)) {
		ffamed_log(med, FFAMED_LOG_INFO,
			   "ffamed: no SPMC, VM-to-VM notifications only\n");
		return FFAMED_RET_NOT_SUPPORTED;
	}
	for (unsigned int i = 0; i < sizeof(needed) / sizeof(needed[0]); i++) {
		ret = spmc_features(med, needed[i], NULL);
		if (ret != FFAMED_RET_OK) {
			ffamed_log(med, FFAMED_LOG_INFO,
				   "ffamed: SPMC lacks function %#x (%d), SP notifications off\n",
				   needed[i], (int)ret);
			return FFAMED_RET_NOT_SUPPORTED;
		}
	}
	ret = spmc_features(med, FFAMED_FEAT_SRI, &sri);
	if (ret != FFAMED_RET_OK || sri >= FFAMED_GIC_INTID_LIMIT) {
		ffamed_log(med, FFAMED_LOG_INFO,
			   "ffamed: SPMC gives no usable SRI (%d, %u), SP notifications off\n",
			   (int)ret, sri);
		return FFAMED_RET_NOT_SUPPORTED;
	}
	med->spmc_sri_intid = sri;
	med->spmc_notif = true;
	ffamed_log(med, FFAMED_LOG_INFO,
		   "ffamed: SP notifications mediated, SRI %u\n", sri);
	return FFAMED_RET_OK;
}

bool ffamed_spmc_notif_enabled(const struct ffamed *med)
{
	return med->spmc_notif;
}

uint32_t ffamed_spmc_sri_intid(const struct ffamed *med)
{
	return med->spmc_sri_intid;
}
