# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
# Becomes xen/arch/arm/tee/libffamed/Makefile: the core, listed by its own
# Makefile fragment, built with Xen's flags and Xen's environment header.
include $(srctree)/arch/arm/tee/libffamed/Makefile.ffamed

obj-y += $(FFAMED_OBJS)

CFLAGS-y += -I$(srctree)/arch/arm/tee/libffamed/include
CFLAGS-y += -DFFAMED_ENV_HEADER='"ffamed_xen_env.h"' -DFFAMED_MAX_VCPUS=GUEST_MAX_VCPUS
