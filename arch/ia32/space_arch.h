/* SPDX-License-Identifier: MIT */
/*
 * space_arch.h: the machine part of an address space: the user segments
 * its threads run with. A large space has base 0 and ends at USER_LIMIT;
 * a small space (smallspace.c) is a slot of the small-space area, reached
 * through segments with the slot as base and its size as limit.
 */
#pragma once
#include <stdint.h>
#include "x86.h"
#include "gdt.h"

/*
 * The descriptor table a space runs with (GDTR): large spaces share the
 * kernel's (gdt.c), whose user descriptors end at USER_LIMIT; a small
 * space has a copy of its first GDT_FIRST_FREE entries whose user code
 * and data descriptors describe its slot. A switch to or from a small
 * space loads GDTR once (space_load_segments, sysenter.asm) instead of
 * rewriting descriptors; the kernel's entries are the same in every copy.
 */
struct space_arch {
	uint32_t seg_base;      /* linear address of the space's address 0 */
	uint32_t seg_size;      /* bytes reachable through the user segments */
	uint32_t seg_key;       /* base | size >> 22: equal keys, equal segments */
	uint32_t switch_key;    /* seg_key, and whether it has ports (iobitmap.h) */
	uint32_t loaded_key;    /* user_switch_key once it is loaded */
	uint16_t gdtr_pad;      /* (aligns the base of gdtr) */
	struct dtr gdtr;        /* its GDT: gdt.c's, or gdt_copy */
	uint8_t small;          /* A.5 small-space number, 0 = large */
	uint64_t gdt_copy[GDT_FIRST_FREE] __attribute__((aligned(8)));
};

/* A PTE of the space's address va changed: in a small space, the TLB may
 * hold it under the slot's linear address, whatever CR3 is loaded. */
static inline void space_arch_tlb_sync(const struct space_arch *a, uint32_t va)
{
	if (a->small && va < a->seg_size)
		invlpg(a->seg_base + va);
}
