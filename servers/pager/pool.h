/* SPDX-License-Identifier: MIT */
/*
 * pool.h: the page frames a pager hands out: npages pages at base in the
 * pager's own space, each with a reference count (copy-on-write shares a
 * frame between spaces). The memory comes either from sigma0 at once
 * (pool_from_sigma0: the top of a hierarchy) or from the pager's own
 * pager when a frame is first touched (pool_init: a pager below another).
 */
#pragma once
#include <l4/types.h>
#include <stdbool.h>

#define POOL_MAX_PAGES  128

struct pool {
	L4_Word_t base;
	unsigned npages, nfree;
	unsigned char ref[POOL_MAX_PAGES];      /* 0: free */
};

/* Bookkeeping only: the pages at base appear when touched. */
bool pool_init(struct pool *p, L4_Word_t base, unsigned npages);
/* pool_init, and the pages taken from sigma0 now (one at a time). */
bool pool_from_sigma0(struct pool *p, L4_Word_t base, unsigned npages);
/* A free frame's address with one reference, or 0. */
L4_Word_t pool_alloc(struct pool *p);
void pool_get(struct pool *p, L4_Word_t frame);
/* Drops a reference; the frame is free at 0. */
void pool_put(struct pool *p, L4_Word_t frame);
unsigned pool_refs(const struct pool *p, L4_Word_t frame);

static inline L4_Fpage_t pool_fpage(L4_Word_t frame, L4_Word_t rights)
{
	return L4_FpageAddRights(L4_FpageLog2(frame, 12), rights);
}
