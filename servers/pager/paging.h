/* SPDX-License-Identifier: MIT */
/*
 * paging.h: a region larger than the memory behind it. The pager has a
 * pool of a few frames (the memory limit); a fault on a page that is not
 * resident takes a free frame or evicts one. The victim is chosen by the
 * clock algorithm: the hand passes over the frames, reading and resetting
 * each one's referenced bit with Unmap (no rights revoked, X.2 §4.2); a
 * frame referenced since the last pass gets a second chance. The victim
 * is flushed from the client with Unmap, which also says whether it was
 * written since it came in: only then is it written to the backing store.
 * The next fault on that page restores it from the store (or, never
 * stored, zero-fills it).
 */
#pragma once
#include "pool.h"
#include "store.h"
#include <l4/pager.h>

#define PAGING_MAX_PAGES 256

struct paging {
	struct pool *pool;              /* its size is the memory limit */
	struct store *store;            /* slot i holds page i */
	unsigned npages;                /* of the region */
	struct {
		L4_Word_t frame;        /* 0: not resident */
		bool stored;            /* the store has its contents */
	} page[PAGING_MAX_PAGES];
	struct {
		int page;               /* -1: free */
		bool dirty;             /* written since it came in */
	} frame[POOL_MAX_PAGES];
	unsigned hand;
	volatile L4_Word_t evictions, writebacks, restores, zero_fills, second_chances;
};

bool paging_init(struct paging *pg, struct pool *pool, struct store *store, unsigned npages);
/* The policy (region data: the struct paging). */
enum pager_result paging_fault(struct pager *p, struct pager_region *r, const struct pager_fault *f);
/* Takes every resident page back from the client and frees the frames. */
void paging_release(struct paging *pg);
