/* SPDX-License-Identifier: MIT */
/*
 * memory.h: the loader's memory, all of it from sigma0 on demand: a heap
 * for its records (programs, names, page tables), never freed, and the
 * backing pages of the programs' images, given back to a free list when
 * a program ends. No fixed limit: what sigma0 has is what there is.
 * Callers hold the loader's lock (program.h).
 */
#pragma once
#include <l4/types.h>

/* size bytes, zeroed, 16-byte aligned; NULL when sigma0 has no more. */
void *heap_alloc(L4_Word_t size);
/* A page-aligned backing page in the loader's space, or 0. */
L4_Word_t page_get(void);
void page_put(L4_Word_t page);
/* Pages in use and free, for the loader's reports. */
void memory_counts(L4_Word_t *in_use, L4_Word_t *free);
