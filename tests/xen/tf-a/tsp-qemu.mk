# SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#
# TF-A's TSP on the qemu platform, as the one S-EL1 partition TF-A's EL3 SPMC
# needs (PLAT=qemu SPD=spmd SPMC_AT_EL3=1). TF-A 2.12 has no qemu TSP port:
# pass this file as TSP_PLAT_MAKEFILE=. The partition takes no part in
# notifications; it only lets the SPMC come up so Xen's FF-A probe passes.
TSP_QEMU_DIR := $(dir $(lastword $(MAKEFILE_LIST)))

# The secure physical timer PPI, as on Arm platforms; the TSP's memory is the
# secure DRAM qemu gives BL32.
BL32_CPPFLAGS	+=	-I${PLAT_QEMU_COMMON_PATH} -DTSP_IRQ_SEC_PHY_TIMER=29	\
			-DTSP_SEC_MEM_BASE=BL32_MEM_BASE -DTSP_SEC_MEM_SIZE=BL32_MEM_SIZE

BL32_SOURCES	+=	${PLAT_QEMU_COMMON_PATH}/aarch64/plat_helpers.S	\
			plat/common/aarch64/platform_mp_stack.S		\
			${QEMU_GIC_SOURCES}				\
			${TSP_QEMU_DIR}qemu_tsp_setup.c
