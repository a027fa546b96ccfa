// SPDX-License-Identifier: MIT
/*
 * slab.c: a frame holds a header and as many objects as fit. Frames with
 * free objects sit on the cache's partial list; a full frame leaves it, an
 * empty one is returned to kmem. The header is found by rounding an
 * object's address down to the frame.
 */
#include "kernel.h"
#include "slab.h"
#include "../arch/ia32/layout.h"

static void partial_remove(struct slab_cache *c, struct slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		c->partial = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->next = s->prev = 0;
}

static void partial_add(struct slab_cache *c, struct slab *s)
{
	s->prev = 0;
	s->next = c->partial;
	if (c->partial)
		c->partial->prev = s;
	c->partial = s;
}

static struct slab *slab_new(struct slab_cache *c)
{
	struct slab *s = kmem_alloc_for(c->account);
	if (!s)
		return 0;
	char *first = (char *)s + ((sizeof *s + 7) & ~7u);
	char *end = (char *)s + PAGE_SIZE;
	for (char *o = end - c->size; o >= first; o -= c->size) {
		*(void **)o = s->free;  /* lowest address ends up first */
		s->free = o;
	}
	partial_add(c, s);
	return s;
}

void *slab_alloc_slow(struct slab_cache *c)
{
	struct slab *s = c->partial;
	if (!s && !(s = slab_new(c)))
		return 0;
	void *o = s->free;
	s->free = *(void **)o;
	s->used++;
	if (!s->free)
		partial_remove(c, s);
	return o;
}

void slab_free_slow(struct slab_cache *c, void *obj)
{
	struct slab *s = (struct slab *)((uintptr_t)obj & ~(uintptr_t)(PAGE_SIZE - 1));
	bool was_full = !s->free;
	*(void **)obj = s->free;
	s->free = obj;
	s->used--;
	if (was_full)
		partial_add(c, s);
	if (s->used == 0) {
		partial_remove(c, s);
		kmem_free_for(c->account, s);
	}
}
