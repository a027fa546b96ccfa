/* SPDX-License-Identifier: MIT */
/*
 * bootinfo.h: what the boot loader told us, in a loader-independent form.
 * arch/ia32/multiboot.c fills it from the multiboot v1 information; the
 * generic kernel checks it (bootinfo_check) and derives its memory from it.
 */
#pragma once
#include <stdint.h>
#include <stdbool.h>
#include "memmap.h"

#define BOOT_MODULES_MAX   16
#define BOOT_CMDLINE_MAX   256
#define BOOT_MIN_MEMORY    (16u * 1024 * 1024)  /* usable bytes we insist on */
#define BOOT_MIN_MODULES   2                     /* sigma0 and the root task */

struct boot_module {
	uint32_t start, end;            /* physical [start, end) */
	char cmdline[BOOT_CMDLINE_MAX];
};

struct boot_info {
	bool have_memmap;
	struct memmap loader_map;       /* the loader's regions, unprocessed */
	unsigned nmods;
	struct boot_module mods[BOOT_MODULES_MAX];
	char cmdline[BOOT_CMDLINE_MAX];
	uint32_t raw_info;              /* physical address of the loader's info */
	uint32_t kernel_start, kernel_end;  /* physical extent of the image */
};

/*
 * Returns NULL when the kernel can boot with 'bi', or a sentence saying why
 * not. 'usable' is the usable memory computed from the map.
 */
const char *bootinfo_check(const struct boot_info *bi, uint64_t usable,
                           unsigned min_modules);

/*
 * Copies the value of "key=value" from a space-separated command line into
 * buf (at most size-1 chars). Returns false if key is absent. A bare "key"
 * counts as present with an empty value.
 */
bool cmdline_get(const char *cmdline, const char *key, char *buf, unsigned size);
