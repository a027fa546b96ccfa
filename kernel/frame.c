// SPDX-License-Identifier: MIT
/*
 * frame.c: a bitmap frame allocator. Allocation searches from a moving hint
 * so repeated alloc/free cycles do not rescan the bottom of the pool.
 * Invariant: nfree equals the number of clear bits among the first nframes.
 */
#include "frame.h"

static bool bit_get(const struct frame_pool *p, uint32_t i)
{
	return p->bitmap[i / 32] >> (i % 32) & 1;
}

static void bit_set(struct frame_pool *p, uint32_t i, bool v)
{
	if (v)
		p->bitmap[i / 32] |= 1u << (i % 32);
	else
		p->bitmap[i / 32] &= ~(1u << (i % 32));
}

void frame_pool_init(struct frame_pool *p, uint32_t base, uint32_t nframes)
{
	if (nframes > FRAME_POOL_MAX)
		nframes = FRAME_POOL_MAX;
	p->base = base;
	p->nframes = nframes;
	p->nfree = nframes;
	p->hint = 0;
	for (uint32_t i = 0; i < FRAME_POOL_MAX / 32; i++)
		p->bitmap[i] = 0;
}

uint32_t frame_pool_alloc(struct frame_pool *p)
{
	if (p->nfree == 0)
		return 0;
	for (uint32_t k = 0; k < p->nframes; k++) {
		uint32_t i = p->hint + k;
		if (i >= p->nframes)
			i -= p->nframes;
		/* Skip full words quickly. */
		if (i % 32 == 0 && p->bitmap[i / 32] == 0xFFFFFFFFu &&
		    i + 32 <= p->nframes) {
			k += 31;
			continue;
		}
		if (!bit_get(p, i)) {
			bit_set(p, i, true);
			p->nfree--;
			p->hint = i + 1 < p->nframes ? i + 1 : 0;
			return p->base + i * FRAME_SIZE;
		}
	}
	return 0;
}

uint32_t frame_pool_alloc_run(struct frame_pool *p, uint32_t n, uint32_t align)
{
	if (n == 0 || n > p->nfree || align == 0 || (align & (align - 1)))
		return 0;
	/* Alignment is of the physical address, not of the index. */
	uint32_t base_frame = p->base / FRAME_SIZE;
	uint32_t first = (align - base_frame % align) % align;
	for (uint32_t i = first; i + n <= p->nframes; i += align) {
		uint32_t j = 0;
		while (j < n && !bit_get(p, i + j))
			j++;
		if (j == n) {
			for (j = 0; j < n; j++)
				bit_set(p, i + j, true);
			p->nfree -= n;
			return p->base + i * FRAME_SIZE;
		}
	}
	return 0;
}

bool frame_pool_owns(const struct frame_pool *p, uint32_t pa)
{
	return pa >= p->base && (pa - p->base) / FRAME_SIZE < p->nframes &&
	       (pa - p->base) % FRAME_SIZE == 0;
}

bool frame_pool_allocated(const struct frame_pool *p, uint32_t pa)
{
	return frame_pool_owns(p, pa) && bit_get(p, (pa - p->base) / FRAME_SIZE);
}

bool frame_pool_free(struct frame_pool *p, uint32_t pa)
{
	if (!frame_pool_owns(p, pa))
		return false;
	uint32_t i = (pa - p->base) / FRAME_SIZE;
	if (!bit_get(p, i))
		return false;
	bit_set(p, i, false);
	p->nfree++;
	return true;
}

uint32_t kmem_pool_size(uint64_t usable_total)
{
	uint64_t want = usable_total / 8;
	if (want < 2u * 1024 * 1024)
		want = 2u * 1024 * 1024;
	if (want > (uint64_t)FRAME_POOL_MAX * FRAME_SIZE)
		want = (uint64_t)FRAME_POOL_MAX * FRAME_SIZE;
	return (uint32_t)(want & ~(uint64_t)(FRAME_SIZE - 1));
}
