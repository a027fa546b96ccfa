// SPDX-License-Identifier: MIT
/*
 * memory.c: sigma0's page book. The kind of a physical page is that of the
 * last KIP memory descriptor covering it (later descriptors refine earlier
 * ones: the kernel lists the loader's map first, then its own reserved
 * ranges and the boot modules). The boot servers' images (KIP sigma0 and
 * root-server regions) count as reserved: nobody may take them.
 */
#include <l4/arch.h>
#include <l4/kip.h>
#include <stdio.h>
#include "memory.h"

#define PAGE_BITS   12
#define MAX_PAGES   (0x10000000UL >> PAGE_BITS)   /* 256 MiB tracked */

enum kind { K_NONE, K_CONVENTIONAL, K_RESERVED, K_OTHER };

static unsigned char kind[MAX_PAGES];
static L4_Word_t owner[MAX_PAGES];                 /* 0: free */
static L4_Word_t npages, next_any;

static void mark(L4_Word_t low, L4_Word_t high, enum kind k)
{
	for (L4_Word_t p = low >> PAGE_BITS; p <= (high >> PAGE_BITS) && p < MAX_PAGES; p++)
		kind[p] = (unsigned char)k;
	if (k != K_RESERVED && (high >> PAGE_BITS) + 1 > npages)
		npages = (high >> PAGE_BITS) + 1 < MAX_PAGES ? (high >> PAGE_BITS) + 1 : MAX_PAGES;
}

void memory_init(void *kip)
{
	for (L4_Word_t i = 0; i < L4_NumMemoryDescriptors(kip); i++) {
		L4_MemoryDesc_t *d = L4_MemoryDesc(kip, i);
		if (L4_IsVirtual(d) || L4_MemoryDescType(d) == L4_KernelIoPortsMemoryDescType)
			continue;               /* not physical memory (ports.c) */
		L4_Word_t t = L4_MemoryDescType(d) & 0xF;
		mark(L4_MemoryDescLow(d), L4_MemoryDescHigh(d),
		     t == L4_ConventionalMemoryType ? K_CONVENTIONAL :
		     t == L4_ReservedMemoryType ? K_RESERVED : K_OTHER);
	}
	L4_KernelInterfacePage_t *k = kip;
	mark(k->sigma0.low, k->sigma0.high, K_RESERVED);
	mark(k->RootServer.low, k->RootServer.high, K_RESERVED);
	kind[0] = K_RESERVED;           /* page 0: real-mode IVT and BIOS data */
	printf("sigma0: %lu KiB conventional memory to hand out\n",
	       (unsigned long)(memory_free_pages() << (PAGE_BITS - 10)));
}

static int page_ok(L4_Word_t p, L4_Word_t who, int conventional_only)
{
	if (p >= MAX_PAGES)
		return 0;
	if (kind[p] == K_RESERVED || (conventional_only && kind[p] != K_CONVENTIONAL))
		return 0;
	return owner[p] == 0 || owner[p] == who;
}

int memory_claim(L4_Word_t base, unsigned log2, L4_Word_t who, int conventional_only)
{
	if (log2 < PAGE_BITS || log2 > 31)
		return -1;
	L4_Word_t first = base >> PAGE_BITS, n = 1UL << (log2 - PAGE_BITS);
	for (L4_Word_t p = first; p < first + n; p++)
		if (!page_ok(p, who, conventional_only))
			return -1;
	for (L4_Word_t p = first; p < first + n; p++)
		owner[p] = who;
	return 0;
}

L4_Word_t memory_claim_any(unsigned log2, L4_Word_t who)
{
	if (log2 < PAGE_BITS || log2 > 31)
		return ~0UL;
	L4_Word_t n = 1UL << (log2 - PAGE_BITS);
	/* Aligned candidates, starting where the last search succeeded. */
	for (L4_Word_t pass = 0; pass < 2; pass++) {
		L4_Word_t start = pass ? 0 : (next_any & ~(n - 1));
		for (L4_Word_t p = start; p + n <= npages; p += n) {
			L4_Word_t q = p;
			while (q < p + n && kind[q] == K_CONVENTIONAL && owner[q] == 0)
				q++;
			if (q == p + n) {
				for (q = p; q < p + n; q++)
					owner[q] = who;
				next_any = p + n;
				return p << PAGE_BITS;
			}
		}
	}
	return ~0UL;
}

L4_Word_t memory_free_pages(void)
{
	L4_Word_t n = 0;
	for (L4_Word_t p = 0; p < npages; p++)
		n += kind[p] == K_CONVENTIONAL && owner[p] == 0;
	return n;
}
