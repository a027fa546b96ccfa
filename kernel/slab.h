/* SPDX-License-Identifier: MIT */
/*
 * slab.h: fixed-size kernel objects (mapping nodes) packed into 4 KiB
 * frames from kmem. A frame whose objects are all free goes back to kmem
 * at once, so free kernel memory returns exactly to where it was. A cache
 * of one owner's objects charges its frames to the owner's account: whole
 * frames, so that objects of others never sit in frames it pays for.
 */
#pragma once
#include <stdint.h>

struct slab;

struct kmem_account;

struct slab_cache {
	uint32_t size;                  /* object size, a multiple of 4 */
	struct slab *partial;           /* frames with at least one free object */
	struct kmem_account *account;   /* charged for the frames; NULL: kernel */
};

#define SLAB_CACHE(objsize) { .size = ((objsize) + 3u) & ~3u, .partial = 0, .account = 0 }

/* A frame of objects: its header, found by rounding an object's address
 * down to the frame (4 KiB). */
struct slab {
	struct slab *next, *prev;       /* on the partial list */
	void *free;                     /* free objects, linked through word 0 */
	uint32_t used;
};

/* The cases that change the partial list or kmem (slab.c). */
void *slab_alloc_slow(struct slab_cache *c);
void slab_free_slow(struct slab_cache *c, void *obj);

/* An object, or NULL when kernel memory is exhausted. Not zeroed. Inline:
 * a mapping node is allocated on every page fault's map. */
static inline void *slab_alloc(struct slab_cache *c)
{
	struct slab *s = c->partial;
	void *o;
	if (!s || !(o = s->free) || !*(void **)o)
		return slab_alloc_slow(c);      /* no frame, or its last object */
	s->free = *(void **)o;
	s->used++;
	return o;
}

static inline void slab_free(struct slab_cache *c, void *obj)
{
	struct slab *s = (struct slab *)((uintptr_t)obj & ~(uintptr_t)4095);
	if (!s->free || s->used == 1) {
		slab_free_slow(c, obj);         /* was full, or is now empty */
		return;
	}
	*(void **)obj = s->free;
	s->free = obj;
	s->used--;
}
