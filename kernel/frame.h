/* SPDX-License-Identifier: MIT */
/*
 * frame.h: the allocator of kernel memory, in 4 KiB frames.
 *
 * The kernel owns one contiguous pool of physical memory, chosen at boot
 * (kmem_choose_pool) and reported as reserved in the KIP so that sigma0
 * never hands it out. Everything the kernel allocates (page tables, TCB
 * blocks, mapping nodes) comes from here. A bitmap with one bit per frame
 * catches double frees and foreign frees; frames_free() is the count the
 * tests compare before and after (nothing leaked).
 *
 * The pool is pure logic on physical addresses; the caller turns them into
 * pointers (the kernel through its physical window).
 */
#pragma once
#include <stdint.h>
#include <stdbool.h>

#define FRAME_SIZE       4096u
#define FRAME_POOL_MAX   (64u * 1024 * 1024 / FRAME_SIZE)   /* 64 MiB */

struct frame_pool {
	uint32_t base;          /* physical address of frame 0 */
	uint32_t nframes;
	uint32_t nfree;
	uint32_t hint;          /* where the next search starts */
	uint32_t bitmap[FRAME_POOL_MAX / 32];   /* 1 = allocated */
};

void frame_pool_init(struct frame_pool *p, uint32_t base, uint32_t nframes);

/* Returns the physical address of a free frame, or 0 when none is left. */
uint32_t frame_pool_alloc(struct frame_pool *p);
/* n contiguous frames aligned to 'align' frames (a power of two), or 0. */
uint32_t frame_pool_alloc_run(struct frame_pool *p, uint32_t n, uint32_t align);
/* Returns false (and changes nothing) for a frame not allocated from p. */
bool frame_pool_free(struct frame_pool *p, uint32_t pa);
bool frame_pool_owns(const struct frame_pool *p, uint32_t pa);
/* True for a frame of p that is allocated now. */
bool frame_pool_allocated(const struct frame_pool *p, uint32_t pa);

/*
 * Given the total usable memory, how much the kernel takes for itself:
 * an eighth, at least 2 MiB, at most the pool limit, in whole frames.
 */
uint32_t kmem_pool_size(uint64_t usable_total);
