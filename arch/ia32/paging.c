// SPDX-License-Identifier: MIT
/*
 * paging.c: page-table manipulation. Page tables come from kernel memory
 * (kmem_alloc_for, charged to the space whose directory holds them) and
 * are reached through the physical window.
 */
#include "paging.h"
#include "layout.h"
#include "x86.h"
#include "../../kernel/kernel.h"

extern pte_t boot_pd[1024];

pte_t *kernel_pd(void)
{
	return boot_pd;
}

void paging_init(void)
{
	boot_pd[0] = 0;
	write_cr3(read_cr3());
}

static pte_t *table_of(pte_t pde)
{
	return phys_to_virt(pde & PTE_ADDR);
}

int page_map(pte_t *pd, uint32_t va, uint32_t pa, uint32_t flags, struct kmem_account *a)
{
	pte_t *pde = &pd[va >> 22];
	if (!(*pde & PTE_P)) {
		pte_t *pt = kmem_alloc_for(a);
		if (!pt)
			return -1;
		/* Directory entries are permissive; the PTE decides. */
		*pde = virt_to_phys(pt) | PTE_P | PTE_W | (va < KERNEL_BASE ? PTE_U : 0);
	} else if (*pde & PTE_PS) {
		panic("page_map: %p lies in a 4 MiB mapping", (void *)va);
	}
	table_of(*pde)[(va >> 12) & 1023] = (pa & PTE_ADDR) | flags | PTE_P;
	invlpg(va);
	return 0;
}

pte_t *page_slot_missing(pte_t *pd, uint32_t va, bool alloc, struct kmem_account *a)
{
	pte_t *pde = &pd[va >> 22];
	if (!(*pde & PTE_P)) {
		if (!alloc)
			return 0;
		pte_t *pt = kmem_alloc_for(a);
		if (!pt)
			return 0;
		*pde = virt_to_phys(pt) | PTE_P | PTE_W | (va < KERNEL_BASE ? PTE_U : 0);
	} else if (*pde & PTE_PS) {
		return 0;
	}
	return &table_of(*pde)[(va >> 12) & 1023];
}

pte_t page_unmap(pte_t *pd, uint32_t va)
{
	pte_t pde = pd[va >> 22];
	if (!(pde & PTE_P) || (pde & PTE_PS))
		return 0;
	pte_t *pte = &table_of(pde)[(va >> 12) & 1023];
	pte_t old = *pte;
	*pte = 0;
	invlpg(va);
	return old;
}

pte_t page_lookup(const pte_t *pd, uint32_t va)
{
	pte_t pde = pd[va >> 22];
	if (!(pde & PTE_P))
		return 0;
	if (pde & PTE_PS)
		return ((pde & 0xFFC00000u) + (va & 0x3FF000u)) | (pde & 0xFFF & ~PTE_PS);
	return table_of(pde)[(va >> 12) & 1023];
}

void page_tables_free(pte_t *pd, uint32_t limit, struct kmem_account *a)
{
	for (uint32_t i = 0; i < (limit >> 22); i++) {
		if ((pd[i] & PTE_P) && !(pd[i] & PTE_PS))
			kmem_free_for(a, table_of(pd[i]));
		pd[i] = 0;
	}
}

void tlb_flush_page(uint32_t va)
{
	invlpg(va);
}
