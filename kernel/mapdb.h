/* SPDX-License-Identifier: MIT */
/*
 * mapdb.h: the mapping database (Liedtke's recursive address spaces).
 * Every user page mapping that came from a map or grant, and every root
 * mapping (sigma0's idempotent memory, the boot images), is a node. A node
 * mapped onward has the derived mappings as children, so the nodes of one
 * physical frame form trees, and Unmap revokes a whole subtree.
 *
 * A space finds its node for an address through a shadow table beside each
 * page table (space->shadow), so no search is needed. A node maps a 4 KiB
 * page, or a 4 MiB superpage where source and destination both allow one
 * (aligned, and the source holds it as one); a superpage is split into
 * pages when part of it is revoked, granted or mapped over.
 *
 * Rights are X.2's r (4), w (2), x (1). On ia32 without NX, r and x are the
 * same hardware right (present), and w implies it.
 */
#pragma once
#include <stdint.h>
#include <stdbool.h>
#include "abi.h"

struct space;

#define RIGHT_R   4u
#define RIGHT_W   2u
#define RIGHT_X   1u
#define RIGHTS_ALL 7u

struct mapnode {
	struct space *space;
	word_t va;                      /* page address in space; bit 0: 4 MiB */
	word_t *entry;                  /* its page-table entry (4 MiB: directory
	                                   entry), so that a walk over derived
	                                   mappings reaches each in one load */
	struct mapnode *parent;         /* NULL for a root mapping */
	struct mapnode *child;          /* first derived mapping */
	struct mapnode *next, *prev;    /* siblings under the same parent */
};

/* A root mapping of physical page pa at va; replaces what is there,
 * except a kernel page (KIP, UTCB). Returns 0, 1 when a kernel page is
 * there, or -1 when kernel memory is exhausted (or s's account is). */
int mapdb_map_root(struct space *s, word_t va, word_t pa, word_t rights);
/* The same for a 4 MiB superpage (va and pa aligned); -1 also when
 * anything is mapped in the region already. */
int mapdb_map_root_super(struct space *s, word_t va, word_t pa, word_t rights);

/*
 * Maps the page at sva in src to dva in dst with rights (ANDed with the
 * mapper's own); a grant moves the mapping instead. A conflicting mapping
 * in dst is removed first, except that the very same mapping again only
 * extends its rights. Returns 0, 1 when src has nothing mapped at sva
 * (nothing is done), or -1 when kernel memory is exhausted.
 */
int mapdb_map(struct space *src, word_t sva, struct space *dst, word_t dva,
              word_t rights, bool grant);

/*
 * The common case of a map item of many pages, a pager giving rights back
 * (unprotect): the n pages from sva (src) to dva (dst), inside one 4 MiB
 * region on each side, that dst holds as the very same mapping already
 * (derived from src's, same frame) get the rights added in place, as
 * mapdb_map would; pages src does not hold are skipped. Stops at the first
 * page that needs mapdb_map and returns how many were done (0: the first
 * one; also when either side has no 4 KiB page table there). *held is set
 * when a page src holds was met. Not for grants.
 */
word_t mapdb_map_again(struct space *src, word_t sva, struct space *dst, word_t dva,
                       word_t n, word_t rights, bool *held);

/*
 * Maps the 4 MiB at sva (src) to dva (dst), both 4 MiB aligned, as one
 * superpage. Returns 1 when done, 0 when it cannot be one superpage (src
 * does not hold a superpage there, or dst has a page there that must stay;
 * the caller then maps page by page), -1 when kernel memory is exhausted.
 */
int mapdb_map_super(struct space *src, word_t sva, struct space *dst, word_t dva,
                    word_t rights, bool grant);

/* Below this many pages of the loaded space, one invlpg each; above, one
 * CR3 reload for the whole call (on hardware a reload and the refills it
 * costs beat dozens of invlpgs). */
#define REVOKE_INVLPG_MAX  16

/*
 * One Unmap call: the fpage being revoked, and the TLB entries the call
 * owes, dropped once at its end (no user code runs in between; entries
 * changed in place still map the same frame).
 */
struct revocation {
	word_t rights;
	bool remove;            /* r or x revoked: every mapping reached goes */
	word_t clear;           /* what a kept mapping's entry loses: A, D, W if revoked */
	word_t status;          /* the fpage's, as raw entry bits and rights */
	word_t cr3;             /* the loaded directory */
	const struct space *quiet;  /* a space met that needs no TLB work */
	unsigned nflush;        /* its pages changed; their addresses below */
	word_t flush_va[REVOKE_INVLPG_MAX];
};

void mapdb_unmap_begin(struct revocation *rv);
/*
 * Revokes 'rights' from every mapping derived from the pages of [base,
 * end) in s, and from s's own mappings too if 'self' (a flush). A mapping
 * left without r or x (one right on ia32) is removed with all mappings
 * derived from it. Returns the status gathered from s's mappings and the
 * derived ones, as rights bits: r when referenced, w when written; the
 * hardware bits are reset. Part of a superpage splits it (if kernel
 * memory runs short, the whole superpage is revoked instead).
 */
word_t mapdb_unmap(struct revocation *rv, struct space *s, word_t base, word_t end,
                   word_t rights, bool self);
/* The call's TLB work, and sigma0's idle roots (mapdb_reclaim_idle). */
void mapdb_unmap_end(struct revocation *rv);

/*
 * Unmap's common case in constant time (mapdb_page.c): 'rights' revoked
 * from what was derived from s's 4 KiB page at va (below USER_LIMIT,
 * page aligned), without the flush bit, when that is nothing or one 4 KiB
 * mapping with none of its own. Returns the status as mapdb_unmap does,
 * with its TLB work and mapdb_reclaim_idle done; or MAPDB_DECLINED, with
 * nothing changed, for every other shape (a superpage there, several or
 * deeper derived mappings): then mapdb_unmap does it.
 */
#define MAPDB_DECLINED  (~(word_t)0)
word_t mapdb_unmap_page(struct space *s, word_t va, word_t rights);

/* s's page table for 4 MiB slot pdi moved to pt (a small space's slot
 * tables, or its own again on promotion): its nodes' entries follow. */
void mapdb_table_moved(struct space *s, word_t pdi, word_t *pt);

/* Removes every mapping of s and everything derived from them. */
void mapdb_flush_space(struct space *s);

/* Removes sigma0's idle roots (4 KiB roots of its idempotent space whose
 * last derived mapping went since) and frees its page tables and shadow
 * tables left empty. Called where mappings were removed, when no node
 * or table of sigma0's is held by the caller. */
void mapdb_reclaim_idle(void);

/* True when s has a mapping node at va. */
bool mapdb_has(struct space *s, word_t va);
/* True when va lies in a 4 MiB superpage of s. */
bool mapdb_is_super(const struct space *s, word_t va);

/* The debugger's view (kdb_spaces.c): the node of s at va, or NULL; and
 * what a node maps: its first address, the frame at va (inside its
 * range), its rights, its size. */
struct mapdb_info { word_t va, frame, rights; bool super; };
const struct mapnode *mapdb_node(struct space *s, word_t va);
void mapdb_node_info(const struct mapnode *n, word_t va, struct mapdb_info *i);
