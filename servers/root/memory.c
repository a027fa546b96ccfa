// SPDX-License-Identifier: MIT
/*
 * memory.c: the loader's heap and backing pages (memory.h). Both grow one
 * page at a time by the sigma0 protocol (X.2 §7.7), each into an area of
 * the root task's space that nothing else uses: the heap from HEAP_AREA,
 * backing pages from PAGE_AREA. A page given back is kept on a free list
 * (linked through its first word) and handed out again before sigma0 is
 * asked.
 */
#include "memory.h"
#include <l4/sigma0.h>
#include <string.h>

#define HEAP_AREA   0x60000000UL
#define HEAP_END    0x61000000UL
#define PAGE_AREA   0x61000000UL
#define PAGE_END    0x7FC00000UL        /* below the tests' BIG_AREA */

static L4_Word_t heap_top = HEAP_AREA, heap_mapped = HEAP_AREA;
static L4_Word_t page_next = PAGE_AREA;
static L4_Word_t free_list, pages_in_use, pages_free;

static bool sigma0_page(L4_Word_t va)
{
	return !L4_IsNilFpage(L4_Sigma0_GetAny(L4_nilthread, 12, L4_FpageLog2(va, 12)));
}

void *heap_alloc(L4_Word_t size)
{
	size = (size + 15) & ~15UL;
	if (size > HEAP_END - heap_top)
		return NULL;
	while (heap_mapped < heap_top + size) {
		if (!sigma0_page(heap_mapped))
			return NULL;
		memset((void *)heap_mapped, 0, 0x1000);
		heap_mapped += 0x1000;
	}
	void *p = (void *)heap_top;
	heap_top += size;
	return p;
}

L4_Word_t page_get(void)
{
	L4_Word_t p = free_list;
	if (p) {
		free_list = *(L4_Word_t *)p;
		pages_free--;
	} else {
		if (page_next == PAGE_END || !sigma0_page(page_next))
			return 0;
		p = page_next;
		page_next += 0x1000;
	}
	pages_in_use++;
	return p;
}

void page_put(L4_Word_t page)
{
	*(L4_Word_t *)page = free_list;
	free_list = page;
	pages_in_use--;
	pages_free++;
}

void memory_counts(L4_Word_t *in_use, L4_Word_t *free)
{
	*in_use = pages_in_use;
	*free = pages_free;
}
