/* SPDX-License-Identifier: MIT */
/*
 * mapdb_node.h: the mapping database's own view of its nodes and entries,
 * shared by mapdb.c (the trees, single pages, superpages) and
 * mapdb_range.c (the walks over a page table). Not for the rest of the
 * kernel, which uses mapdb.h.
 */
#pragma once
#include "kernel.h"
#include "mapdb.h"
#include "space.h"
#include "../arch/ia32/layout.h"
#include "../arch/ia32/paging.h"
#include "../arch/ia32/x86.h"

#define NODE_SUPER  1u                  /* in mapnode.va: a 4 MiB mapping */
#define NODE_IDLE   2u                  /* ... an idempotent root whose last child went */
#define SUPER_MASK  (~(SUPERPAGE_SIZE - 1))

static inline bool is_super(const struct mapnode *n)
{
	return n->va & NODE_SUPER;
}

static inline word_t node_va(const struct mapnode *n)
{
	return n->va & ~(word_t)(NODE_SUPER | NODE_IDLE);
}

/* Is s's directory the one loaded (its TLB entries live)? */
static inline bool loaded(const struct space *s)
{
	return s->pd_phys == read_cr3();
}

/* Hardware status of a PTE as rights bits: referenced -> r, dirty -> w. */
static inline word_t pte_status(pte_t e)
{
	return ((e & PTE_A) ? RIGHT_R : 0) | ((e & PTE_D) ? RIGHT_W : 0);
}

/* s's entry for va changed: its TLB entry dropped now. */
static inline void mapdb_tlb_sync(const struct space *s, word_t va)
{
	if (loaded(s))
		invlpg(va);             /* a 4 MiB entry goes with any of its pages */
	if (s->arch.small)
		space_tlb_sync_alias(s, va);    /* also cached under its slot */
}

/* p, an idempotent 4 KiB root, has no child left: marked idle, for
 * mapdb_reclaim_idle at the end of the operation (mapdb.c), which
 * mapdb_idle_pending tells is due. */
void mapdb_mark_idle(struct mapnode *p);
extern bool mapdb_idle_pending;

/* p lost a child: an idempotent 4 KiB root left with none is idle. */
static inline void note_idle(struct mapnode *p)
{
	if (p && !p->parent && !p->child && p->space->idempotent && !is_super(p))
		mapdb_mark_idle(p);
}

/* s's entry for va changed: its TLB entry is dropped at mapdb_unmap_end
 * (nothing runs at user level in between); a small space's alias now. */
static inline void revocation_tlb(struct revocation *rv, const struct space *s, word_t va)
{
	if (s->pd_phys == rv->cr3) {
		if (rv->nflush < REVOKE_INVLPG_MAX)
			rv->flush_va[rv->nflush] = va;
		rv->nflush++;
	}
	if (s->arch.small)
		space_tlb_sync_alias(s, va);
}

/* mapdb.c's tree operations (each returns the status of the entries it
 * removed or changed): a node and its
 * subtree removed; 'rights' revoked from a subtree, top included. */
word_t mapdb_subtree_remove(struct mapnode *top);
word_t mapdb_revoke_tree(struct mapnode *top, word_t rights);
/* Unmap's removal of a derived 4 KiB mapping without children, its TLB
 * entry through rv; returns its entry as it was. */
pte_t mapdb_leaf_remove(struct revocation *rv, struct mapnode *c);

/* ---- one Unmap's walk over page tables (mapdb_range.c) ------------------ */

/* What one fpage's walk revokes (struct revocation, mapdb.h, holds it). */
static inline void mapdb_revocation_rights(struct revocation *rv, word_t rights)
{
	rv->rights = rights;
	rv->remove = rights & (RIGHT_R | RIGHT_X);
	rv->clear = PTE_A | PTE_D | ((rights & RIGHT_W) ? PTE_W : 0);
	rv->status = 0;
}

/* mapdb_unmap over any range: superpages, several tables (mapdb.c). */
word_t mapdb_unmap_range(struct revocation *rv, struct space *s, word_t base, word_t end,
                         word_t rights, bool self);

/* Revokes at s's 4 KiB nodes shadow[first..last] (entries pt[]), derived
 * mappings included, as Unmap does (self: the flush bit). */
void mapdb_revoke_table(struct revocation *rv, struct space *s, struct mapnode **shadow,
                        pte_t *pt, word_t first, word_t last, bool self);

