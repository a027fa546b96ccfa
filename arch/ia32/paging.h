/* SPDX-License-Identifier: MIT */
/*
 * paging.h: two-level ia32 page tables. A page directory is one frame of
 * 1024 entries; the kernel's entries (KERNEL_BASE and up) are the same in
 * every directory. Functions take the directory as a kernel pointer.
 */
#pragma once
#include <stdint.h>
#include <stdbool.h>
#include "layout.h"

struct kmem_account;

#define PTE_P     0x001
#define PTE_W     0x002
#define PTE_U     0x004
#define PTE_PWT   0x008
#define PTE_PCD   0x010
#define PTE_A     0x020
#define PTE_D     0x040
#define PTE_PS    0x080
#define PTE_G     0x100
#define PTE_ADDR  0xFFFFF000u

typedef uint32_t pte_t;

/* The kernel's master directory (boot_pd in boot.asm). */
pte_t *kernel_pd(void);
/* Drops the boot-time identity mapping of the first 4 MiB. */
void paging_init(void);

/* Maps one 4 KiB page; allocates a page table if needed, charged to a
 * (kernel.h; NULL: the kernel's own). Returns 0, or -1 when kernel memory
 * for a page table is exhausted or a is at its limit. */
int page_map(pte_t *pd, uint32_t va, uint32_t pa, uint32_t flags, struct kmem_account *a);
/* The page-table entry for va, allocating the page table if 'alloc'
 * (charged to a);
 * NULL when there is none (or no memory for it, or a 4 MiB mapping).
 * Inline when the table is there (every map and fault looks up a few),
 * page_slot_missing otherwise. */
pte_t *page_slot_missing(pte_t *pd, uint32_t va, bool alloc, struct kmem_account *a);
static inline pte_t *page_slot(pte_t *pd, uint32_t va, bool alloc, struct kmem_account *a)
{
	pte_t pde = pd[va >> 22];
	if ((pde & (PTE_P | PTE_PS)) == PTE_P)
		return (pte_t *)phys_to_virt(pde & PTE_ADDR) + ((va >> 12) & 1023);
	return page_slot_missing(pd, va, alloc, a);
}
/* Removes the mapping of va; returns the old entry (0 if none). */
pte_t page_unmap(pte_t *pd, uint32_t va);
/* The entry for va, or 0 if unmapped (4 MiB pages reported as 4 KiB). */
pte_t page_lookup(const pte_t *pd, uint32_t va);
/* Frees every page table below 'limit' (not the frames mapped); they
 * were charged to a. */
void page_tables_free(pte_t *pd, uint32_t limit, struct kmem_account *a);
void tlb_flush_page(uint32_t va);
