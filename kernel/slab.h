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

/* An object, or NULL when kernel memory is exhausted. Not zeroed. */
void *slab_alloc(struct slab_cache *c);
void slab_free(struct slab_cache *c, void *obj);
