// SPDX-License-Identifier: MIT
/*
 * test/host/malloc.c: libl4's heap allocator (libl4/src/libc/malloc.c) on
 * the host, on a heap of its own (HEAP bytes): alignment, many allocations
 * and frees against a model, merging of free neighbours, realloc keeping
 * contents, running out (NULL, then usable again after frees), and the
 * heap touched only as far as it has been used. The allocator's names are
 * renamed so that they do not replace the host's malloc.
 */
#define malloc l4_malloc
#define free l4_free
#define calloc l4_calloc
#define realloc l4_realloc
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#define HEAP (256 * 1024)
char __l4_heap[HEAP] __attribute__((aligned(4096)));
const size_t __l4_heap_size = HEAP;
#include "../../libl4/src/libc/malloc.c"
#include "tap.h"

static uint32_t seed = 12345;
static uint32_t rnd(void)
{
	seed = seed * 1103515245 + 12345;
	return seed >> 8;
}

/* Sizes the compiler must not see (it warns of requests this large). */
static volatile size_t huge = SIZE_MAX;

static size_t used_top(void) { return (size_t)(top - __l4_heap); }

/* The invariants of malloc.c's header comment, walking every block. */
static bool heap_ok(void)
{
	size_t prev = USED, nfree = 0;
	struct block *b = (struct block *)(__l4_heap + 8);
	for (; (char *)b < top; b = above(b)) {
		if (b->prev_size != prev || size_of(b) < MIN_BLOCK || size_of(b) % 16)
			return false;
		if (!(b->size & USED) && !(prev & USED))
			return false;   /* two free neighbours */
		nfree += !(b->size & USED);
		prev = b->size;
	}
	if ((char *)b != top || b->prev_size != prev || !(prev & USED))
		return false;
	for (struct block *f = free_list; f; f = f->next, nfree--)
		if (f->size & USED || (f->next && f->next->prev != f) || nfree == 0)
			return false;
	return nfree == 0;
}

/* Each live block is filled with a byte that names it. */
#define SLOTS 200
static struct { unsigned char *p; size_t n; unsigned char fill; } live[SLOTS];

static bool intact(unsigned i)
{
	for (size_t k = 0; k < live[i].n; k++)
		if (live[i].p[k] != live[i].fill)
			return false;
	return true;
}

static void fill(unsigned i, size_t n)
{
	live[i].n = n;
	live[i].fill = (unsigned char)(i * 7 + 1);
	memset(live[i].p, live[i].fill, n);
}

static void random_run(void)
{
	unsigned ops = 0, bad_align = 0, bad_data = 0, failed = 0, broken = 0;
	for (unsigned step = 0; step < 20000; step++, ops++) {
		unsigned i = rnd() % SLOTS;
		size_t n = rnd() % 3 == 0 ? rnd() % 4000 + 1 : rnd() % 100 + 1;
		if (live[i].p && !intact(i))
			bad_data++;
		switch (rnd() % 3) {
		case 0:                 /* free (or allocate an empty slot) */
			if (live[i].p) {
				l4_free(live[i].p);
				live[i].p = NULL;
				break;
			}
			/* fall through */
		case 1:
			if (live[i].p)
				l4_free(live[i].p);
			live[i].p = l4_malloc(n);
			if (!live[i].p) {
				failed++;
				break;
			}
			fill(i, n);
			break;
		case 2: {               /* realloc keeps the common part */
			unsigned char *q = l4_realloc(live[i].p, n);
			if (!q) {
				failed++;
				break;
			}
			size_t keep = live[i].p ? (n < live[i].n ? n : live[i].n) : 0;
			for (size_t k = 0; k < keep; k++)
				if (q[k] != live[i].fill)
					bad_data++;
			live[i].p = q;
			fill(i, n);
			break;
		}
		}
		if (live[i].p && (uintptr_t)live[i].p % 16)
			bad_align++;
		if (step % 100 == 0 && !heap_ok())
			broken++;
	}
	is_uint(broken, 0, "the heap's invariants hold throughout");
	is_uint(bad_align, 0, "20000 random malloc/free/realloc: every block 16-aligned");
	is_uint(bad_data, 0, "no block overwritten by another, realloc kept contents");
	is_uint(failed, 0, "the heap (256 KiB) never ran out in this run");
	for (unsigned i = 0; i < SLOTS; i++) {
		l4_free(live[i].p);
		live[i].p = NULL;
	}
	is_uint(used_top(), 8, "all freed: the heap is empty again (free blocks merged)");
	ok(free_list == NULL, "... with no free block left over");
}

int main(void)
{
	unsigned char *a = l4_malloc(1);
	ok(a && (uintptr_t)a % 16 == 0, "malloc(1): 16-aligned");
	ok(used_top() <= 32, "a small block takes the heap's start only (%u bytes)",
	   (unsigned)used_top());
	unsigned char *b = l4_malloc(100), *c = l4_malloc(100);
	ok(b > a && c > b && c - b >= 100, "blocks do not overlap");
	l4_free(a);
	l4_free(b);
	unsigned char *ab = l4_malloc(120);
	ok(ab == a, "two freed neighbours merge: a block that fits neither alone goes there");
	l4_free(ab);
	l4_free(c);
	is_uint(used_top(), 8, "freeing the last block gives its memory back to the top");

	/* calloc zeroes reused memory. */
	unsigned char *dirty = l4_malloc(1000);
	memset(dirty, 0xAB, 1000);
	l4_free(dirty);
	unsigned char *z = l4_calloc(250, 4);
	bool zero = z != NULL;
	for (unsigned k = 0; z && k < 1000; k++)
		zero &= z[k] == 0;
	ok(zero, "calloc zeroes memory used before");
	ok(l4_calloc(huge / 2, 4) == NULL, "calloc: n * size overflowing is NULL");
	l4_free(z);

	/* realloc: in place at the top, into a free neighbour, by moving. */
	unsigned char *r = l4_malloc(40);
	for (unsigned k = 0; k < 40; k++)
		r[k] = (unsigned char)k;
	unsigned char *r2 = l4_realloc(r, 4000);
	ok(r2 == r, "realloc grows the top block in place");
	unsigned char *pin = l4_malloc(16);
	unsigned char *r3 = l4_realloc(r2, 8000);
	bool kept = r3 != NULL && r3 != r2;
	for (unsigned k = 0; r3 && k < 40; k++)
		kept &= r3[k] == k;
	ok(kept, "realloc moves a block it cannot grow, keeping its contents");
	unsigned char *r4 = l4_realloc(r3, 20);
	ok(r4 == r3 && r4[19] == 19, "realloc shrinks in place");
	unsigned char *fill_in = l4_malloc(3000);
	ok(fill_in == r2, "the moved block's old place is reused");
	l4_free(fill_in);
	l4_free(pin);
	l4_free(r4);
	unsigned char *lo = l4_malloc(100), *mid = l4_malloc(100), *hi = l4_malloc(16);
	memset(lo, 0x5A, 100);
	l4_free(mid);
	unsigned char *grown = l4_realloc(lo, 180);
	ok(grown == lo && grown[99] == 0x5A && heap_ok(), "realloc grows into a free block above");
	l4_free(grown);
	l4_free(hi);
	ok(heap_ok(), "the heap's invariants hold");
	is_uint(used_top(), 8, "all of it freed: the heap is empty");
	ok(l4_realloc(NULL, 10) == (void *)(__l4_heap + 16), "realloc(NULL, n) allocates");
	ok(l4_realloc(__l4_heap + 16, 0) == NULL && used_top() == 8, "realloc(p, 0) frees p");

	/* Running out, and recovering. */
	ok(l4_malloc(HEAP) == NULL, "more than the heap: NULL");
	ok(l4_malloc(huge) == NULL && l4_malloc(huge - 8) == NULL, "SIZE_MAX: NULL");
	unsigned n = 0;
	void *blocks[300];
	while (n < 300 && (blocks[n] = l4_malloc(1000)) != NULL)
		n++;
	ok(n > 240 && n < 300, "1000-byte blocks until NULL: %u of them in %u bytes", n, HEAP);
	ok(l4_malloc(1000) == NULL, "still NULL");
	l4_free(blocks[n / 2]);
	ok(l4_malloc(1000) == blocks[n / 2], "after one free, one more");
	for (unsigned i = 0; i < n; i++)
		l4_free(blocks[i]);
	void *all = l4_malloc(HEAP - 64);
	ok(all != NULL, "all freed: one block of nearly the whole heap fits");
	l4_free(all);
	is_uint(used_top(), 8, "and the heap is empty after it");

	random_run();
	return done_testing();
}
