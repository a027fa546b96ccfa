// SPDX-License-Identifier: MIT
/*
 * ports.c: the port book (ports.h), a short list of claimed ranges:
 * drivers ask for a few small ranges, so a list beats a 64K-entry table.
 */
#include "ports.h"
#include <l4/arch.h>
#include <l4/kip.h>
#include <stdio.h>

#define MAX_CLAIMS 128

static struct claim { L4_Word_t base, end, who; } claims[MAX_CLAIMS];
static unsigned nclaims;

/* The owner of the kernel's ports: no thread's id. */
#define KERNEL_OWNER (~0UL)

int ports_claim(L4_Word_t base, unsigned log2, L4_Word_t who)
{
	if (log2 > 16)
		return -1;
	L4_Word_t end = base + (1UL << log2);
	if (end > 0x10000)
		return -1;
	bool covered = false;
	for (unsigned i = 0; i < nclaims; i++) {
		const struct claim *c = &claims[i];
		if (c->base < end && base < c->end) {
			if (c->who != who)
				return -1;
			if (c->base <= base && end <= c->end)
				covered = true;
		}
	}
	if (covered)
		return 0;
	if (nclaims == MAX_CLAIMS)
		return -1;
	claims[nclaims++] = (struct claim){ base, end, who };
	return 0;
}

void ports_init(void *kip)
{
	for (L4_Word_t i = 0; i < L4_NumMemoryDescriptors(kip); i++) {
		L4_MemoryDesc_t *d = L4_MemoryDesc(kip, i);
		if (L4_MemoryDescType(d) != L4_KernelIoPortsMemoryDescType || nclaims == MAX_CLAIMS)
			continue;
		L4_Word_t first = L4_KernelIoPortsFirst(d), last = L4_KernelIoPortsLast(d);
		claims[nclaims++] = (struct claim){ first, last + 1, KERNEL_OWNER };
		printf("sigma0: ports %lx-%lx are the kernel's\n", (unsigned long)first,
		       (unsigned long)last);
	}
}
