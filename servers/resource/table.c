// SPDX-License-Identifier: MIT
/*
 * table.c: the resource server's bookkeeping (table.h). Linear scans: a
 * server holds a hundred frames, a few port ranges and lines, and a few
 * clients.
 */
#include "table.h"

void table_init_frames(struct res_table *t, L4_Word_t phys, L4_Word_t local, unsigned n)
{
	for (unsigned i = 0; i < n && t->nres < RES_MAX_FRAMES; i++, t->nres++, t->nfree++)
		t->res[t->nres] = (struct resource){ RES_KIND_FRAME, phys + i * 4096UL,
		                                     local + i * 4096UL, RES_FREE_OWNER };
}

bool table_add(struct res_table *t, L4_Word_t name, L4_Word_t local)
{
	enum res_kind kind = res_kind_of(name);
	if (t->nres == RES_MAX_RES || table_find(t, name) ||
	    (kind != RES_KIND_IO_PORTS && kind != RES_KIND_IRQ))
		return false;
	t->res[t->nres++] = (struct resource){ kind, name, local, RES_FREE_OWNER };
	t->nfree++;
	return true;
}

struct resource *table_find(struct res_table *t, L4_Word_t name)
{
	for (unsigned i = 0; i < t->nres; i++)
		if (t->res[i].name == name)
			return &t->res[i];
	return 0;
}

unsigned table_count(const struct res_table *t, enum res_kind kind, int owner)
{
	unsigned n = 0;
	for (unsigned i = 0; i < t->nres; i++)
		n += t->res[i].kind == kind && t->res[i].owner == owner;
	return n;
}

int table_client_of(const struct res_table *t, L4_ThreadId_t thread)
{
	for (int i = 0; i < RES_MAX_CLIENTS; i++) {
		const struct res_client *c = &t->client[i];
		if (c->used && !L4_IsNilThread(thread) &&
		    (c->agent.raw == thread.raw || c->handler.raw == thread.raw))
			return i;
	}
	return -1;
}

int table_add_client(struct res_table *t, L4_ThreadId_t agent, L4_ThreadId_t handler,
                     unsigned minimum)
{
	if (table_client_of(t, agent) >= 0)
		return -1;
	for (int i = 0; i < RES_MAX_CLIENTS; i++) {
		if (!t->client[i].used) {
			t->client[i] = (struct res_client){ .used = true, .agent = agent,
			                                    .handler = handler, .minimum = minimum };
			return i;
		}
	}
	return -1;
}

void table_give(struct res_table *t, struct resource *r, int owner)
{
	if (r->owner == RES_FREE_OWNER)
		t->nfree--;
	else
		t->client[r->owner].held--;
	r->owner = owner;
	t->client[owner].held++;
}

void table_release(struct res_table *t, struct resource *r)
{
	if (r->owner == RES_FREE_OWNER)
		return;
	t->client[r->owner].held--;
	r->owner = RES_FREE_OWNER;
	t->nfree++;
}

int table_find_run(const struct res_table *t, unsigned n)
{
	for (unsigned i = 0, len = 0; i < t->nres; i++) {
		if (t->res[i].owner != RES_FREE_OWNER || t->res[i].kind != RES_KIND_FRAME)
			len = 0;
		else if (len && t->res[i].name == t->res[i - 1].name + 4096UL)
			len++;
		else
			len = 1;
		if (len == n)
			return (int)(i + 1 - n);
	}
	return -1;
}

void table_note_repossessed(struct res_client *c, L4_Word_t name)
{
	c->repo[c->repo_total++ % RES_REPO_SLOTS] = name;
}

bool table_consistent(const struct res_table *t)
{
	unsigned held[RES_MAX_CLIENTS] = { 0 }, nfree = 0;
	for (unsigned i = 0; i < t->nres; i++) {
		int o = t->res[i].owner;
		if (o == RES_FREE_OWNER)
			nfree++;
		else if (o < 0 || o >= RES_MAX_CLIENTS || !t->client[o].used)
			return false;
		else
			held[o]++;
		for (unsigned j = 0; j < i; j++)
			if (t->res[j].name == t->res[i].name)
				return false;
	}
	for (int c = 0; c < RES_MAX_CLIENTS; c++)
		if (held[c] != (t->client[c].used ? t->client[c].held : 0))
			return false;
	return nfree == t->nfree;
}
