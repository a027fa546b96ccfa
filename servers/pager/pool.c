// SPDX-License-Identifier: MIT
/*
 * pool.c: a pager's frames (pool.h). First fit over a reference count
 * array; a pager holds tens of frames, not millions.
 */
#include "pool.h"
#include <l4/sigma0.h>

bool pool_init(struct pool *p, L4_Word_t base, unsigned npages)
{
	if (npages > POOL_MAX_PAGES || base & 0xFFF)
		return false;
	p->base = base;
	p->npages = p->nfree = npages;
	for (unsigned i = 0; i < POOL_MAX_PAGES; i++)
		p->ref[i] = 0;
	return true;
}

bool pool_from_sigma0(struct pool *p, L4_Word_t base, unsigned npages)
{
	if (!pool_init(p, base, npages))
		return false;
	for (unsigned i = 0; i < npages; i++) {
		L4_Word_t at = base + i * 4096UL;
		if (L4_IsNilFpage(L4_Sigma0_GetAny(L4_nilthread, 12, L4_FpageLog2(at, 12))))
			return false;
	}
	return true;
}

static unsigned index_of(const struct pool *p, L4_Word_t frame)
{
	return (unsigned)((frame - p->base) >> 12);
}

L4_Word_t pool_alloc(struct pool *p)
{
	for (unsigned i = 0; i < p->npages; i++) {
		if (!p->ref[i]) {
			p->ref[i] = 1;
			p->nfree--;
			return p->base + i * 4096UL;
		}
	}
	return 0;
}

void pool_get(struct pool *p, L4_Word_t frame)
{
	p->ref[index_of(p, frame)]++;
}

void pool_put(struct pool *p, L4_Word_t frame)
{
	unsigned i = index_of(p, frame);
	if (p->ref[i] && !--p->ref[i])
		p->nfree++;
}

unsigned pool_refs(const struct pool *p, L4_Word_t frame)
{
	return p->ref[index_of(p, frame)];
}
