/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Hypervisor framework notifications: raised by the host (for example RX
 * buffer full when it delivers an indirect message), read by GET's w7.
 */
#include "ffamed_internal.h"

int32_t ffamed_raise_hyp_framework(struct ffamed *med, uint16_t vm_id,
				   uint32_t bits)
{
	struct ffamed_signal note = { 0 };
	struct ffamed_vm *vm;
	int32_t ret = FFAMED_RET_OK;

	if (med == NULL || bits == 0U)
		return FFAMED_RET_INVALID_PARAMETERS;
	vm = ffamed_vm_get(med, vm_id);
	if (vm == NULL)
		return FFAMED_RET_INVALID_PARAMETERS;

	ffamed_lock(&vm->lock);
	if (vm->state != FFAMED_VM_LIVE) {
		ret = FFAMED_RET_DENIED;
	} else {
		vm->hyp_pend |= bits;
		ffamed_pending_mark(med, vm, false, 0, &note);
	}
	ffamed_unlock(&vm->lock);
	if (ret == FFAMED_RET_OK)
		ffamed_pending_signal(med, &note);
	ffamed_vm_put(med, vm);
	return ret;
}
