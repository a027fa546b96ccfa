// SPDX-License-Identifier: MIT
/*
 * demand_zero.c: anonymous memory (demand_zero.h).
 */
#include "demand_zero.h"
#include <string.h>

bool demand_zero_init(struct demand_zero *dz, struct pool *pool, unsigned npages)
{
	if (npages > DZ_MAX_PAGES)
		return false;
	dz->pool = pool;
	dz->npages = npages;
	dz->zero_fills = 0;
	for (unsigned i = 0; i < DZ_MAX_PAGES; i++)
		dz->frame[i] = 0;
	return true;
}

enum pager_result demand_zero_fault(struct pager *p, struct pager_region *r,
                                    const struct pager_fault *f)
{
	(void)p;
	struct demand_zero *dz = r->data;
	L4_Word_t i = (f->addr - r->start) >> 12;
	if (i >= dz->npages)
		return PAGER_REFUSE;
	if (!dz->frame[i]) {
		L4_Word_t frame = pool_alloc(dz->pool);
		if (!frame)
			return PAGER_REFUSE;
		/* The zeroes also bring the frame in from our own pager when
		 * the pool is not sigma0's. */
		memset((void *)frame, 0, 4096);
		dz->frame[i] = frame;
		dz->zero_fills++;
	}
	/* A frame revoked from us by our own pager comes back on a touch. */
	pager_touch(dz->frame[i], L4_Writable);
	pager_load_map_page(dz->frame[i], r->rights, pager_fault_page(f));
	return PAGER_REPLY;
}

L4_Word_t demand_zero_revoke(struct demand_zero *dz)
{
	L4_Word_t status = 0;
	for (unsigned i = 0; i < dz->npages; i++) {
		if (!dz->frame[i])
			continue;
		status |= L4_Rights(L4_UnmapFpage(pool_fpage(dz->frame[i], L4_FullyAccessible)));
		pool_put(dz->pool, dz->frame[i]);
		dz->frame[i] = 0;
	}
	return status;
}
