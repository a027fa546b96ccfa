// SPDX-License-Identifier: MIT
/*
 * mem_store.c: the in-memory backing store (store.h): slot i is the page
 * at base + i * 4 KiB of the pager's space, from sigma0.
 */
#include "store.h"
#include <l4/sigma0.h>
#include <string.h>

static bool mem_write(struct store *s, unsigned slot, const void *page)
{
	struct mem_store *m = (struct mem_store *)s;
	if (slot >= s->nslots)
		return false;
	memcpy((void *)(m->base + slot * 4096UL), page, 4096);
	s->writes++;
	return true;
}

static bool mem_read(struct store *s, unsigned slot, void *page)
{
	struct mem_store *m = (struct mem_store *)s;
	if (slot >= s->nslots)
		return false;
	memcpy(page, (const void *)(m->base + slot * 4096UL), 4096);
	s->reads++;
	return true;
}

bool mem_store_init(struct mem_store *m, L4_Word_t base, unsigned nslots)
{
	m->store.write = mem_write;
	m->store.read = mem_read;
	m->store.nslots = nslots;
	m->store.writes = m->store.reads = 0;
	m->base = base;
	for (unsigned i = 0; i < nslots; i++)
		if (L4_IsNilFpage(L4_Sigma0_GetAny(L4_nilthread, 12,
		                                   L4_FpageLog2(base + i * 4096UL, 12))))
			return false;
	return true;
}
