// SPDX-License-Identifier: MIT
/*
 * paging.c: eviction under a memory limit (paging.h).
 */
#include "paging.h"
#include <string.h>

static unsigned frame_index(const struct paging *pg, L4_Word_t frame)
{
	return (unsigned)((frame - pg->pool->base) >> 12);
}

bool paging_init(struct paging *pg, struct pool *pool, struct store *store, unsigned npages)
{
	if (npages > PAGING_MAX_PAGES || npages > store->nslots)
		return false;
	memset(pg, 0, sizeof *pg);
	pg->pool = pool;
	pg->store = store;
	pg->npages = npages;
	for (unsigned i = 0; i < POOL_MAX_PAGES; i++)
		pg->frame[i].page = -1;
	return true;
}

/* Status of the frame's mappings below us, reset; 'rights' are revoked. */
static L4_Word_t take_status(L4_Word_t frame, L4_Word_t rights)
{
	return L4_Rights(L4_UnmapFpage(pool_fpage(frame, rights)));
}

/* Frees a frame by the clock. Two passes at most: the first resets every
 * referenced bit it passes. */
static L4_Word_t evict(struct paging *pg)
{
	unsigned n = pg->pool->npages;
	for (unsigned step = 0; step < 2 * n + 1; step++) {
		unsigned k = pg->hand;
		pg->hand = (pg->hand + 1) % n;
		int page = pg->frame[k].page;
		if (page < 0)
			continue;
		L4_Word_t frame = pg->pool->base + k * 4096UL;
		L4_Word_t st = take_status(frame, L4_NoAccess);
		if (st & L4_Dirty)
			pg->frame[k].dirty = true;
		if (st & L4_Referenced) {
			pg->second_chances++;
			continue;
		}
		/* The victim: flush it from the client, then save it. */
		if (take_status(frame, L4_FullyAccessible) & L4_Dirty)
			pg->frame[k].dirty = true;
		if (pg->frame[k].dirty) {
			if (!pg->store->write(pg->store, (unsigned)page, (const void *)frame))
				return 0;
			pg->page[page].stored = true;
			pg->writebacks++;
		}
		pg->page[page].frame = 0;
		pg->frame[k].page = -1;
		pg->frame[k].dirty = false;
		pg->evictions++;
		return frame;
	}
	return 0;
}

enum pager_result paging_fault(struct pager *p, struct pager_region *r, const struct pager_fault *f)
{
	(void)p;
	struct paging *pg = r->data;
	L4_Word_t i = (f->addr - r->start) >> 12;
	if (i >= pg->npages)
		return PAGER_REFUSE;
	L4_Word_t frame = pg->page[i].frame;
	if (!frame) {
		frame = pool_alloc(pg->pool);
		if (!frame) {
			if (!(frame = evict(pg)))
				return PAGER_REFUSE;
		}
		if (pg->page[i].stored) {
			if (!pg->store->read(pg->store, (unsigned)i, (void *)frame))
				return PAGER_REFUSE;
			pg->restores++;
		} else {
			memset((void *)frame, 0, 4096);
			pg->zero_fills++;
		}
		/* Our own writes just now must not count as the client's. */
		take_status(frame, L4_NoAccess);
		pg->page[i].frame = frame;
		unsigned k = frame_index(pg, frame);
		pg->frame[k].page = (int)i;
		pg->frame[k].dirty = false;
	}
	pager_load_map_page(frame, r->rights, pager_fault_page(f));
	return PAGER_REPLY;
}

void paging_release(struct paging *pg)
{
	for (unsigned i = 0; i < pg->npages; i++) {
		L4_Word_t frame = pg->page[i].frame;
		if (!frame)
			continue;
		take_status(frame, L4_FullyAccessible);
		pool_put(pg->pool, frame);
		pg->frame[frame_index(pg, frame)].page = -1;
		pg->page[i].frame = 0;
		pg->page[i].stored = false;
	}
	for (unsigned i = 0; i < pg->npages; i++)
		pg->page[i].stored = false;
}
