/* SPDX-License-Identifier: MIT */
/*
 * space.h: address spaces. A space is a page directory plus the two areas
 * the kernel manages in it (X.2 §4.3): the KIP area, where the kernel
 * interface page is mapped read-only, and the UTCB area, whose pages the
 * kernel allocates from its own memory as threads are placed there.
 * A space lives as long as it has threads (X.2 §2.4).
 */
#pragma once
#include <stdint.h>
#include <stdbool.h>
#include "abi.h"
#include "kernel.h"
#include "slab.h"
#include "../arch/ia32/space_arch.h"

struct tcb;
struct mapnode;
struct io_space;

struct space {
	uint32_t *pd;                   /* page directory (kernel address) */
	uint32_t pd_phys;
	word_t kip_area, utcb_area;     /* fpages; 0 = not yet set */
	unsigned nthreads;
	struct tcb *threads;            /* list through tcb->space_next */
	bool privileged;                /* the root task's and sigma0's */
	word_t redirector;              /* global id, or 0: none (redirect.c) */
	bool idempotent;                /* sigma0: faults map phys = virt */
	struct space_arch arch;         /* user segments; small spaces (A.5) */
	struct io_space *io;            /* ports held (iofpage.c), or NULL */
	/* The kernel memory charged to this space (kernel.h): its page
	 * tables, shadow tables, UTCB pages and mapping nodes, the nodes in
	 * frames of its own (nodes.account is &kmem). */
	struct kmem_account kmem;
	/* Map items into this space that failed because their sender held
	 * nothing there (mapitem.c), for truthful fault reports. */
	uint32_t empty_items;
	struct slab_cache nodes;
	/* Mapping nodes beside each page table (mapdb.c): shadow[pdi][pti]. */
	struct mapnode **shadow[768];
};

struct space *space_create(void);               /* NULL: out of memory */
void space_destroy(struct space *s);
bool space_initialized(const struct space *s);
/* Sets the KIP and UTCB areas (SpaceControl); returns 0 or an ErrorCode. */
word_t space_set_areas(struct space *s, word_t kip_area, word_t utcb_area);
/* Checks that a UTCB of 512 bytes at 'location' lies in the UTCB area. */
bool space_utcb_ok(const struct space *s, word_t location);
/* Backs the UTCB at 'location' with kernel memory (mapped user-writable);
 * returns its kernel address, or NULL when out of memory. */
char *space_utcb_map(struct space *s, word_t location);
void space_add_thread(struct space *s, struct tcb *t);
void space_remove_thread(struct space *s, struct tcb *t);
/* Maps [va, va+len) to the same physical addresses (boot images). */
bool space_map_identity(struct space *s, uint32_t va, uint32_t len, bool writable);
/* Resolves a user fault at va in an idempotent space; false if refused. */
bool space_idempotent_fault(struct space *s, uint32_t va);
/* The same, telling why not: 1 mapped, 0 refused (kernel memory, or
 * mapped already), -1 out of kernel memory for the mapping. */
int space_idempotent_map(struct space *s, uint32_t va);
/* Makes the 4 MiB at va one superpage root of an idempotent space, if
 * nothing there is mapped yet and none of it is kernel memory. */
bool space_idempotent_super(struct space *s, uint32_t va);
/* The mapping database changed the PTE of va in s (one line in its TLB
 * sync): a small space's page is also cached under its slot address. */
static inline void space_tlb_sync_alias(const struct space *s, word_t va)
{
	space_arch_tlb_sync(&s->arch, va);
}
/* Whether a 4 MiB mapping may go into s: not into a small space, whose
 * directory entries below its size are its slot's shared page tables
 * (arch/ia32/smallspace.c); it gets 4 KiB pages. */
bool space_superpages_ok(const struct space *s);
/* True for physical memory the kernel keeps to itself (image, pool). */
bool phys_is_kernel(uint32_t pa);

/* The KIP page (kernel address) and its physical address. */
extern void *kip_page;
