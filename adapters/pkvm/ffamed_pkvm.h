/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Becomes arch/arm64/kvm/hyp/include/nvhe/ffamed_pkvm.h: the two calls the
 * FF-A proxy (nvhe/ffa.c) makes into the libffamed adapter.
 */
#ifndef __KVM_HYP_FFAMED_PKVM_H
#define __KVM_HYP_FFAMED_PKVM_H

#include <asm/kvm_host.h>

/* After the hyp's own FFA_VERSION succeeded: probe the SPMC once. */
void pkvm_ffamed_init(void);
/*
 * FFA_NOTIFICATION_* from the host, checked with the host as endpoint 0 and
 * forwarded (NOT_SUPPORTED if libffamed did not start). false: not a
 * notification call, the proxy goes on as before.
 */
bool pkvm_ffamed_host_call(struct kvm_cpu_context *host_ctxt);

#endif /* __KVM_HYP_FFAMED_PKVM_H */
