/* SPDX-License-Identifier: MIT */
/*
 * memmap.h: physical memory as the boot loader reported it, reduced to what
 * the kernel may use. Pure logic (no hardware), unit-tested on the host.
 *
 * memmap_usable() takes the loader's regions and a list of ranges that are
 * in use (kernel image, modules, boot information) and produces sorted,
 * disjoint, page-aligned usable ranges. Overlaps between the loader's
 * regions resolve in favour of "reserved": a byte any reserved region
 * claims is never usable.
 */
#pragma once
#include <stdint.h>

enum mem_type { MEM_USABLE = 1, MEM_RESERVED = 2 };

struct mem_range {
	uint64_t base, end;     /* [base, end) */
	uint32_t type;
};

#define MEMMAP_MAX 64

struct memmap {
	unsigned count;
	struct mem_range r[MEMMAP_MAX];
};

/* Adds a range; ranges may overlap. Returns -1 when the table is full. */
int memmap_add(struct memmap *m, uint64_t base, uint64_t end, uint32_t type);

/*
 * Computes the usable ranges of 'in' minus every MEM_RESERVED range of 'in'
 * and minus every range of 'used'; page-aligns inward; drops what lies at or
 * above 'limit'. Result is sorted and disjoint.
 */
void memmap_usable(const struct memmap *in, const struct memmap *used,
                   uint64_t limit, struct memmap *out);

/* Sum of the lengths of the ranges in m. */
uint64_t memmap_total(const struct memmap *m);
