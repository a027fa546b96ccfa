/* SPDX-License-Identifier: MIT */
/*
 * demand_zero.h: anonymous memory. A region's page gets a frame from the
 * pool on its first fault, filled with zeroes, and keeps it: the client
 * reads zeroes until it writes, and then what it wrote. Revoking takes
 * every frame back from the client and from everyone the client mapped
 * it on to (Unmap is recursive), and forgets it.
 */
#pragma once
#include "pool.h"
#include <l4/pager.h>

#define DZ_MAX_PAGES 64

struct demand_zero {
	struct pool *pool;
	unsigned npages;
	L4_Word_t frame[DZ_MAX_PAGES];          /* 0: not yet */
	volatile L4_Word_t zero_fills;
};

bool demand_zero_init(struct demand_zero *dz, struct pool *pool, unsigned npages);
/* The policy (region data: the struct demand_zero). */
enum pager_result demand_zero_fault(struct pager *p, struct pager_region *r,
                                    const struct pager_fault *f);
/* Takes every page back from everyone below; returns the Unmap status
 * bits gathered (L4_Referenced, L4_Dirty) and frees the frames. */
L4_Word_t demand_zero_revoke(struct demand_zero *dz);
