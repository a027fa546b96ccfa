/* SPDX-License-Identifier: MIT */
/*
 * cow.h: copy-on-write, the fork pattern. One region is anonymous memory
 * of an original space; cow_fork gives a second space the same pages:
 * both now map the same frames, read-only (the write right is taken back
 * with Unmap). The first write on either side faults; the pager copies
 * the page into a fresh frame for the writer, so each side's writes stay
 * private. When only one side is left on a frame, its write fault just
 * maps the frame again with the write right. Pages that neither side had
 * before the fork stay private zero pages.
 */
#pragma once
#include "pool.h"
#include <l4/pager.h>

#define COW_MAX_PAGES 32

struct cow;
struct cow_side {
	struct cow *cow;
	L4_Word_t frame[COW_MAX_PAGES];         /* 0: none yet */
};

struct cow {
	struct pool *pool;
	unsigned npages;
	struct cow_side side[2];                /* 0: the original, 1: the fork */
	volatile L4_Word_t copies;              /* pages copied on a write */
	volatile L4_Word_t upgrades;            /* write right given back, no copy */
	volatile L4_Word_t shared_maps;         /* read-only maps of a shared frame */
};

bool cow_init(struct cow *c, struct pool *pool, unsigned npages);
/* The fork: side 1 shares every page of side 0, both read-only. */
void cow_fork(struct cow *c);
/* The policy; region data: &c->side[0] or &c->side[1]. */
enum pager_result cow_fault(struct pager *p, struct pager_region *r, const struct pager_fault *f);
/* Takes every page back from both sides and frees the frames. */
void cow_release(struct cow *c);
