/* SPDX-License-Identifier: MIT */
/*
 * malloc.c: the heap allocator of stdlib.h: first fit on one free list,
 * with boundary tags so that a freed block merges with free neighbours at
 * once.
 *
 * The heap is the array __l4_heap (heap.c, or the program's L4_HEAP). Its
 * used part, [first block, top), is a sequence of blocks; each starts with
 * a header { prev_size, size }: its own size (header included, a multiple
 * of 16) and that of the block below it, each with bit 0 set while that
 * block is in use. A header lies 8 bytes before a 16-aligned address, so
 * every payload is 16-aligned. Above top is untouched memory: malloc
 * takes from it when no free block fits, free gives a block at top back to
 * it, and a sentinel header at top keeps the size of the last block. So the
 * heap's pages are touched (and faulted in from the pager) only as far as
 * top has ever reached.
 *
 * Invariants: no two free blocks are adjacent; the block below top is in
 * use; each block's prev_size equals the size field of the block below.
 */
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#define ALIGN   16UL
#define HDR     (2 * sizeof(size_t))   /* prev_size, size */
#define USED    1UL
#define MIN_BLOCK ALIGN                 /* a free block holds two links */

struct block {
	size_t prev_size;
	size_t size;
	struct block *next, *prev;      /* free blocks only: the free list */
};

_Static_assert(HDR == 8 && sizeof(struct block) <= MIN_BLOCK, "ia32 block layout");

static char *top, *limit;               /* the sentinel; the last place for it */
static struct block *free_list;

static size_t size_of(const struct block *b) { return b->size & ~USED; }
static struct block *above(struct block *b) { return (struct block *)((char *)b + size_of(b)); }
static struct block *below(struct block *b)
{
	return (struct block *)((char *)b - (b->prev_size & ~USED));
}

/* Sets b's size field and the copy in the header above it (a block or the
 * sentinel at top). */
static void set_size(struct block *b, size_t size)
{
	b->size = size;
	above(b)->prev_size = size;
}

static void unlink_free(struct block *b)
{
	if (b->prev)
		b->prev->next = b->next;
	else
		free_list = b->next;
	if (b->next)
		b->next->prev = b->prev;
}

static void link_free(struct block *b)
{
	b->prev = NULL;
	b->next = free_list;
	if (free_list)
		free_list->prev = b;
	free_list = b;
}

/* The first block goes 8 bytes into the array; the sentinel must fit
 * below its end. The block below the first counts as in use. */
static void heap_init(void)
{
	char *base = (char *)(((uintptr_t)__l4_heap + ALIGN - 1) & ~(ALIGN - 1));
	top = base + ALIGN - HDR;
	limit = (char *)((((uintptr_t)__l4_heap + __l4_heap_size - HDR) - (ALIGN - HDR)) &
	                 ~(ALIGN - 1)) + (ALIGN - HDR);
	((struct block *)top)->prev_size = USED;
}

/* A block size for a request of n bytes, or 0 if none could hold it. */
static size_t block_size(size_t n)
{
	if (n > SIZE_MAX / 2)
		return 0;
	size_t size = (n + HDR + ALIGN - 1) & ~(ALIGN - 1);
	return size < MIN_BLOCK ? MIN_BLOCK : size;
}

/* Marks the free block b (unlinked) used with `size` of its bytes, and
 * returns the rest, if it can be a block, to the free list. */
static void take(struct block *b, size_t size)
{
	size_t have = size_of(b);
	if (have - size >= MIN_BLOCK) {
		set_size(b, size | USED);
		struct block *rest = above(b);
		set_size(rest, have - size);
		link_free(rest);
	} else {
		set_size(b, have | USED);
	}
}

void *malloc(size_t n)
{
	if (!top)
		heap_init();
	size_t size = block_size(n);
	if (!size)
		return NULL;
	for (struct block *b = free_list; b; b = b->next) {
		if (size_of(b) >= size) {
			unlink_free(b);
			take(b, size);
			return (char *)b + HDR;
		}
	}
	/* From untouched memory: the block at top, a new sentinel above it. */
	if ((size_t)(limit - top) < size)
		return NULL;
	struct block *b = (struct block *)top;
	top += size;
	set_size(b, size | USED);
	return (char *)b + HDR;
}

static struct block *block_of(void *p)
{
	struct block *b = (struct block *)((char *)p - HDR);
	if (!top || (char *)b < (char *)__l4_heap || (char *)b >= top || !(b->size & USED))
		abort();                /* not ours, or freed already */
	return b;
}

void free(void *p)
{
	if (!p)
		return;
	struct block *b = block_of(p);
	size_t size = size_of(b);
	struct block *up = above(b);
	if ((char *)up < top && !(up->size & USED)) {
		unlink_free(up);
		size += size_of(up);
	}
	if (!(b->prev_size & USED)) {
		b = below(b);
		unlink_free(b);
		size += size_of(b);
	}
	if ((char *)b + size == top) {
		top = (char *)b;        /* its prev_size is the sentinel's */
		return;
	}
	set_size(b, size);
	link_free(b);
}

void *calloc(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	void *p = malloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

void *realloc(void *p, size_t n)
{
	if (!p)
		return malloc(n);
	if (n == 0) {
		free(p);
		return NULL;
	}
	struct block *b = block_of(p);
	size_t size = block_size(n), have = size_of(b);
	if (!size)
		return NULL;
	if (have < size) {
		/* Grow in place into a free block above, or into top. */
		struct block *up = above(b);
		if ((char *)up == top && (size_t)(limit - (char *)b) >= size) {
			top = (char *)b + size;
			set_size(b, size | USED);
			return p;
		}
		if ((char *)up < top && !(up->size & USED) && have + size_of(up) >= size) {
			unlink_free(up);
			b->size = have + size_of(up);   /* free for take() */
			take(b, size);
			return p;
		}
		void *q = malloc(n);
		if (q) {
			memcpy(q, p, have - HDR);
			free(p);
		}
		return q;
	}
	/* Shrink: what is left over becomes a used block, then freed, so
	 * that it merges with whatever is free above it. */
	if (have - size >= MIN_BLOCK) {
		set_size(b, size | USED);
		struct block *rest = above(b);
		set_size(rest, (have - size) | USED);
		free((char *)rest + HDR);
	}
	return p;
}
