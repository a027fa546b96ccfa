/* SPDX-License-Identifier: MIT */
/*
 * store.h: a backing store of page-sized slots, for the paging pager.
 * An interface, so that a disk driver can stand in for the in-memory
 * store (mem_store) later without the pager changing.
 */
#pragma once
#include <l4/types.h>
#include <stdbool.h>

struct store {
	bool (*write)(struct store *s, unsigned slot, const void *page);
	bool (*read)(struct store *s, unsigned slot, void *page);
	unsigned nslots;
	volatile L4_Word_t writes, reads;
};

/* The in-memory store: nslots pages at base, taken from sigma0. */
struct mem_store {
	struct store store;
	L4_Word_t base;
};
bool mem_store_init(struct mem_store *m, L4_Word_t base, unsigned nslots);
