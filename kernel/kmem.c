// SPDX-License-Identifier: MIT
/*
 * kmem.c: the kernel's memory pool. At boot the kernel takes one contiguous
 * range of usable memory (an eighth of it, see kmem_pool_size) from the top
 * of the highest usable range in the window; sigma0 will be told it is
 * reserved. Frames are handed out zeroed. Frames allocated for a space
 * are charged to its account (kernel.h), which has a limit.
 *
 * A few frames are kept zeroed ahead, so that an allocation on a hot path
 * (a page fault's page table and shadow table) takes one without clearing
 * 4 KiB: a freed frame is zeroed as it is freed while there is room among
 * them, and the idle thread zeroes more (kmem_prezero). They stay
 * allocated in the pool but count as free, and any allocation takes them
 * first. Zeroing one runs with interrupts off, as all kernel code does:
 * no thread ever sees a frame that is neither free in the pool nor among
 * them.
 */
#include "kernel.h"
#include "frame.h"
#include "kmem.h"
#include "../arch/ia32/layout.h"
#include "../arch/ia32/machine.h"

static struct frame_pool pool;

#define PREZEROED_MAX 64
static uint32_t prezeroed[PREZEROED_MAX];       /* physical addresses */
static unsigned prezeroed_count;
static uint32_t prezeroed_bits[FRAME_POOL_MAX / 32];    /* 1: among them */

static bool prezeroed_has(uint32_t pa)
{
	uint32_t i = (pa - pool.base) / FRAME_SIZE;
	return prezeroed_bits[i / 32] >> (i % 32) & 1;
}

static void prezeroed_push(uint32_t pa)
{
	uint32_t i = (pa - pool.base) / FRAME_SIZE;
	prezeroed_bits[i / 32] |= 1u << (i % 32);
	prezeroed[prezeroed_count++] = pa;
}

static uint32_t prezeroed_pop(void)
{
	uint32_t pa = prezeroed[--prezeroed_count];
	uint32_t i = (pa - pool.base) / FRAME_SIZE;
	prezeroed_bits[i / 32] &= ~(1u << (i % 32));
	return pa;
}

bool kmem_init(const struct memmap *usable, uint32_t *base, uint32_t *size)
{
	uint32_t want = kmem_pool_size(memmap_total(usable));
	const struct mem_range *best = 0;
	for (unsigned i = 0; i < usable->count; i++)
		if (!best || usable->r[i].end - usable->r[i].base > best->end - best->base)
			best = &usable->r[i];
	if (!best)
		return false;
	uint64_t len = best->end - best->base;
	if (len < want)
		want = (uint32_t)len;
	*base = (uint32_t)(best->end - want);
	*size = want;
	frame_pool_init(&pool, *base, want / FRAME_SIZE);
	return true;
}

void *kmem_alloc(void)
{
	bool was = irq_save_disable();
	if (prezeroed_count) {
		uint32_t pa = prezeroed_pop();
		irq_restore(was);
		return phys_to_virt(pa);
	}
	uint32_t pa = frame_pool_alloc(&pool);
	irq_restore(was);
	if (!pa)
		return 0;
	void *p = phys_to_virt(pa);
	memset(p, 0, FRAME_SIZE);
	return p;
}

bool kmem_prezero(void)
{
	bool was = irq_save_disable();
	uint32_t pa = prezeroed_count < PREZEROED_MAX ? frame_pool_alloc(&pool) : 0;
	if (pa) {
		memset(phys_to_virt(pa), 0, FRAME_SIZE);
		prezeroed_push(pa);
	}
	irq_restore(was);
	return pa != 0;
}

void kmem_free(void *p)
{
	uint32_t pa = virt_to_phys(p);
	bool was = irq_save_disable();
	bool ok = frame_pool_allocated(&pool, pa) && !prezeroed_has(pa);
	if (ok && prezeroed_count < PREZEROED_MAX) {
		memset(p, 0, FRAME_SIZE);       /* now, rather than on a fault's path */
		prezeroed_push(pa);
	} else if (ok) {
		ok = frame_pool_free(&pool, pa);
	}
	irq_restore(was);
	if (!ok)
		panic("kmem_free: %p is not an allocated kernel frame", p);
}

void *kmem_alloc_for(struct kmem_account *a)
{
	if (a && !kmem_account_room(a, 1))
		return 0;
	void *p = kmem_alloc();
	if (p && a)
		a->used++;
	return p;
}

void kmem_free_for(struct kmem_account *a, void *p)
{
	if (a) {
		if (!a->used)
			panic("kmem_free_for: %p was not charged to its account", p);
		a->used--;
	}
	kmem_free(p);
}

uint32_t kmem_default_limit(void)
{
	return pool.nframes / 4;
}

uint32_t kmem_free_frames(void)
{
	return pool.nfree + prezeroed_count;
}

uint32_t kmem_total_frames(void)
{
	return pool.nframes;
}

bool kmem_owns(uint32_t pa)
{
	return frame_pool_owns(&pool, pa & ~(FRAME_SIZE - 1));
}
