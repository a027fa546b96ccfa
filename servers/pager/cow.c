// SPDX-License-Identifier: MIT
/*
 * cow.c: copy-on-write (cow.h). A frame's reference count in the pool
 * says how many sides map it: 2 is shared (read-only everywhere), 1 is
 * private.
 */
#include "cow.h"
#include <string.h>

bool cow_init(struct cow *c, struct pool *pool, unsigned npages)
{
	if (npages > COW_MAX_PAGES)
		return false;
	memset(c, 0, sizeof *c);
	c->pool = pool;
	c->npages = npages;
	c->side[0].cow = c->side[1].cow = c;
	return true;
}

void cow_fork(struct cow *c)
{
	for (unsigned i = 0; i < c->npages; i++) {
		L4_Word_t frame = c->side[0].frame[i];
		c->side[1].frame[i] = frame;
		if (!frame)
			continue;
		pool_get(c->pool, frame);
		/* Revoke the write right from everyone we mapped it to. */
		L4_UnmapFpage(pool_fpage(frame, L4_Writable));
	}
}

enum pager_result cow_fault(struct pager *p, struct pager_region *r, const struct pager_fault *f)
{
	(void)p;
	struct cow_side *s = r->data;
	struct cow *c = s->cow;
	L4_Word_t i = (f->addr - r->start) >> 12, page = pager_fault_page(f);
	if (i >= c->npages)
		return PAGER_REFUSE;
	L4_Word_t frame = s->frame[i];
	if (!frame) {
		if (!(frame = pool_alloc(c->pool)))
			return PAGER_REFUSE;
		memset((void *)frame, 0, 4096);
		s->frame[i] = frame;
	} else if (pool_refs(c->pool, frame) > 1) {
		if (!pager_fault_is_write(f)) {
			c->shared_maps++;
			pager_load_map_page(frame, r->rights & ~L4_Writable, page);
			return PAGER_REPLY;
		}
		L4_Word_t copy = pool_alloc(c->pool);
		if (!copy)
			return PAGER_REFUSE;
		memcpy((void *)copy, (const void *)frame, 4096);
		pool_put(c->pool, frame);
		s->frame[i] = frame = copy;
		c->copies++;
	} else if (pager_fault_is_write(f)) {
		c->upgrades++;
	}
	pager_load_map_page(frame, r->rights, page);
	return PAGER_REPLY;
}

void cow_release(struct cow *c)
{
	for (unsigned k = 0; k < 2; k++) {
		for (unsigned i = 0; i < c->npages; i++) {
			L4_Word_t frame = c->side[k].frame[i];
			if (!frame)
				continue;
			L4_UnmapFpage(pool_fpage(frame, L4_FullyAccessible));
			pool_put(c->pool, frame);
			c->side[k].frame[i] = 0;
		}
	}
}
