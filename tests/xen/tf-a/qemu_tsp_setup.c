// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/*
 * Platform hooks for TF-A's TSP on the qemu platform (see tsp-qemu.mk):
 * console on the boot UART, MMU over the TSP image and qemu's memory map.
 */
#include <bl32/tsp/platform_tsp.h>
#include <common/bl_common.h>
#include <lib/xlat_tables/xlat_tables_v2.h>
#include <platform_def.h>

#include <qemu_private.h>  /* plat/qemu/common, added by tsp-qemu.mk */

void tsp_early_platform_setup(void)
{
	qemu_console_init();
}

void tsp_platform_setup(void)
{
}

void tsp_plat_arch_setup(void)
{
	const mmap_region_t regions[] = {
		MAP_REGION_FLAT(BL32_BASE, BL32_END - BL32_BASE,
				MT_MEMORY | MT_RW | MT_SECURE),
		MAP_REGION_FLAT(BL_CODE_BASE, BL_CODE_END - BL_CODE_BASE,
				MT_CODE | MT_SECURE),
		MAP_REGION_FLAT(BL_RO_DATA_BASE, BL_RO_DATA_END - BL_RO_DATA_BASE,
				MT_RO_DATA | MT_SECURE),
		{ 0 }
	};

	setup_page_tables(regions, plat_qemu_get_mmap());
	enable_mmu_el1(0);
}
