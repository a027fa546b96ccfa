// SPDX-License-Identifier: MIT
/*
 * region.c: a pager's region map: (client, range) -> policy. A small
 * array searched in order; a pager serves a handful of regions, and the
 * first match wins, so a specific client's region may shadow one for
 * everybody added after it.
 */
#include <l4/pager.h>

void pager_reset(struct pager *p, const char *name)
{
	unsigned char *b = (unsigned char *)p;
	for (unsigned i = 0; i < sizeof *p; i++)
		b[i] = 0;
	p->name = name;
}

struct pager_region *pager_add_region(struct pager *p, L4_ThreadId_t client, L4_Word_t start,
                                      L4_Word_t size, L4_Word_t rights, pager_fault_fn fault,
                                      void *data)
{
	if (p->nregions == PAGER_MAX_REGIONS || (start | size) & ~PAGER_PAGE_MASK || !size ||
	    start + size - 1 < start || !fault)
		return 0;
	struct pager_region *r = &p->region[p->nregions++];
	r->client = client;
	r->start = start;
	r->size = size;
	r->rights = rights;
	r->fault = fault;
	r->data = data;
	return r;
}

void pager_remove_client(struct pager *p, L4_ThreadId_t client)
{
	unsigned n = 0;
	for (unsigned i = 0; i < p->nregions; i++)
		if (p->region[i].client.raw != client.raw)
			p->region[n++] = p->region[i];
	p->nregions = n;
	n = 0;
	for (unsigned i = 0; i < p->nsup; i++)
		if (p->sup[i].client.raw != client.raw)
			p->sup[n++] = p->sup[i];
	p->nsup = n;
}

struct pager_region *pager_find_region(struct pager *p, L4_ThreadId_t client, L4_Word_t addr)
{
	for (unsigned i = 0; i < p->nregions; i++) {
		struct pager_region *r = &p->region[i];
		if ((r->client.raw == client.raw || r->client.raw == L4_anythread.raw) &&
		    addr - r->start < r->size)
			return r;
	}
	return 0;
}

L4_Bool_t pager_add_supervisor(struct pager *p, L4_ThreadId_t client, L4_ThreadId_t supervisor)
{
	if (p->nsup == PAGER_MAX_SUPERVISORS)
		return 0;
	p->sup[p->nsup].client = client;
	p->sup[p->nsup].supervisor = supervisor;
	p->nsup++;
	return 1;
}
