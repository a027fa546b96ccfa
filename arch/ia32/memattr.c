// SPDX-License-Identifier: MIT
/*
 * memattr.c: memory attributes as PCD/PWT bits of a space's page-table
 * entries (memattr.h). The entry is changed in place: its frame, rights
 * and status bits stay as the mapping database left them.
 */
#include "memattr.h"
#include "paging.h"
#include "x86.h"

#define CACHE_BITS (PTE_PCD | PTE_PWT)

bool memattr_supported(word_t attr)
{
	return attr == MEMATTR_DEFAULT || attr == MEMATTR_WRITE_BACK ||
	       attr == MEMATTR_WRITE_THROUGH || attr == MEMATTR_UNCACHEABLE;
}

static pte_t bits_of(word_t attr)
{
	switch (attr) {
	case MEMATTR_WRITE_THROUGH: return PTE_PWT;
	case MEMATTR_UNCACHEABLE:   return PTE_PCD | PTE_PWT;
	default:                    return 0;
	}
}

/* The entry that maps va, or NULL. */
static pte_t *entry_of(struct space *s, word_t va)
{
	pte_t *pde = &s->pd[va >> 22];
	if (!(*pde & PTE_P))
		return 0;
	if (*pde & PTE_PS)
		return pde;
	pte_t *e = page_slot(s->pd, va, false, 0);
	return e && (*e & PTE_P) ? e : 0;
}

word_t memattr_get(struct space *s, word_t va)
{
	const pte_t *e = entry_of(s, va);
	if (!e)
		return ~(word_t)0;
	switch (*e & CACHE_BITS) {
	case PTE_PWT:             return MEMATTR_WRITE_THROUGH;
	case PTE_PCD | PTE_PWT:   return MEMATTR_UNCACHEABLE;
	case 0:                   return MEMATTR_WRITE_BACK;
	default:                  return ~(word_t)1;   /* PCD alone: never set here */
	}
}

void memattr_set(struct space *s, word_t va, word_t attr)
{
	pte_t *e = entry_of(s, va);
	if (!e)
		return;
	*e = (*e & ~(pte_t)CACHE_BITS) | bits_of(attr);
	if (s->pd_phys == read_cr3())
		invlpg(va);             /* a 4 MiB entry goes with any of its pages */
	space_arch_tlb_sync(&s->arch, va);
}

void memattr_caches_written_back(void)
{
	wbinvd();
}
