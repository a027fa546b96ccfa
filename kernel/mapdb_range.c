// SPDX-License-Identifier: MIT
/*
 * mapdb_range.c: the mapping database over many pages at once, walking a
 * page table and its shadow table side by side instead of looking each
 * page up (mapdb.c does single pages, trees and superpages):
 *   Unmap (mapdb_unmap): a range within one page table is walked at once;
 *     others go through mapdb.c's mapdb_unmap_range, which calls the same
 *     walk per table. At each of the caller's 4 KiB nodes, a derived
 *     mapping that has none of its own (a pager's client) changes in
 *     place, or goes, reached through its entry pointer (mapnode.entry);
 *     deeper subtrees take mapdb.c's walk. Status bits are ORed raw and
 *     converted once. The loaded space's TLB entries are dropped once at
 *     the end of the call (mapdb_unmap_end): no user code runs before it,
 *     and past REVOKE_INVLPG_MAX pages one CR3 reload beats an invlpg
 *     each. Revocation stays exact: every derived mapping loses exactly
 *     the rights revoked.
 *   Map items of many pages: the pages the receiver holds as the same
 *     mapping already get the rights added in place (an unprotect).
 * The hot loops are specialised by the compiler (always_inline with
 * constant arguments) and keep their cold paths out of line: on ia32's
 * registers, each spill is an instruction per page.
 */
#include "mapdb_node.h"

void mapdb_unmap_begin(struct revocation *rv)
{
	rv->cr3 = read_cr3();
	rv->quiet = 0;
	rv->nflush = 0;
}

void mapdb_unmap_end(struct revocation *rv)
{
	if (rv->nflush > REVOKE_INVLPG_MAX)
		write_cr3(rv->cr3);
	else
		for (unsigned i = 0; i < rv->nflush; i++)
			invlpg(rv->flush_va[i]);
	mapdb_reclaim_idle();
}

/*
 * The derived mappings of the caller's node n, in the shapes the walk does
 * not take inline (several, deeper subtrees, removal): each revoked as
 * unmap_node would, leaves in place where they stay.
 */
static __attribute__((noinline)) pte_t revoke_children(struct revocation *rv, struct mapnode *n)
{
	pte_t seen = 0;
	for (struct mapnode *c = n->child, *next; c; c = next) {
		next = c->next;
		if (c->child) {
			rv->status |= mapdb_revoke_tree(c, rv->rights);
			continue;
		}
		if (rv->remove) {
			seen |= mapdb_leaf_remove(rv, c);
			continue;
		}
		pte_t *e = c->entry, old = *e;
		seen |= old;
		if (old & rv->clear) {
			*e = old & ~rv->clear;
			revocation_tlb(rv, c->space, node_va(c));
		}
	}
	return seen;
}

/* A changed entry of a space that may need a TLB note: noted; returns
 * the space when it needs none (the walk's 'quiet'), else 'quiet'. */
static __attribute__((noinline)) const struct space *revocation_note(struct revocation *rv, const struct mapnode *c,
                                           const struct space *quiet)
{
	const struct space *cs = c->space;
	if (cs->pd_phys != rv->cr3 && !cs->arch.small)
		return cs;
	revocation_tlb(rv, cs, node_va(c));
	return quiet;
}

/* The caller's own entry *e (its node *sp) that has bits to lose or,
 * with 'self', no right left (then its subtree goes). */
static __attribute__((noinline)) void revoke_own(struct revocation *rv, struct space *s,
                                                 struct mapnode **sp, pte_t *e, pte_t own_clear,
                                                 bool self)
{
	pte_t old = *e;
	if (!(old & PTE_P)) {
		if (self)
			rv->status |= mapdb_subtree_remove(*sp);
		return;
	}
	*e = old & ~own_clear;
	if (s->pd_phys == rv->cr3 || s->arch.small)
		revocation_tlb(rv, s, node_va(*sp));
}

/*
 * The walk when nothing is removed (no r or x revoked), specialised by the
 * compiler for its constants 'self' and 'clear' (what a derived mapping
 * loses). The common shape is inline: a node of the caller with one
 * derived mapping, a 4 KiB leaf (a pager's client), whose entry is one
 * load away (mapnode.entry) and loses 'clear' in place; every other shape
 * goes through revoke_children. A node's entry is always present (a
 * mapping without a right is removed), so an entry with bits to clear
 * needs no presence test. One pointer for both tables, and the cold paths
 * out of line, keep the loop in the registers ia32 has.
 */
static inline __attribute__((always_inline)) word_t
revoke_keep(struct revocation *rv, struct space *s, struct mapnode **shadow, pte_t *pt,
            word_t first, word_t last, const bool self, const pte_t clear)
{
	const pte_t own_clear = self ? clear : (pte_t)(PTE_A | PTE_D);
	/* A space whose entries change without a TLB note (not loaded,
	 * not small): the last one met. */
	const struct space *quiet = rv->quiet;
	/* The entries' bits, of which only A and D count: an entry without
	 * them adds nothing, and clear and own_clear both hold them. */
	pte_t seen = 0;
	/* The own entry of shadow slot sp is at sp + to_pt (bytes). */
	const uintptr_t to_pt = (uintptr_t)pt - (uintptr_t)shadow;
	_Pragma("GCC unroll 4")
	for (struct mapnode **sp = &shadow[first], **end = &shadow[last] + 1; sp != end; sp++) {
		struct mapnode *c, *n = *sp;
		if (!n)
			continue;
		if ((c = n->child)) {
			if ((uintptr_t)c->child | (uintptr_t)c->next) {
				seen |= revoke_children(rv, n);
			} else {
				/* No test of whether it has bits to lose: the
				 * store leaves one without them as it was, and
				 * its other bits are no A or D for 'seen'. */
				pte_t *e = c->entry, old = *e;
				seen |= old;
				*e = old & ~clear;
				if (c->space != quiet)
					quiet = revocation_note(rv, c, quiet);
			}
		}
		pte_t *own = (pte_t *)((uintptr_t)sp + to_pt), old = *own;
		if ((old & own_clear) || (self && !(old & PTE_P))) {
			seen |= old;
			revoke_own(rv, s, sp, own, own_clear, self);
		}
	}
	rv->quiet = quiet;
	return pte_status(seen);
}

/* The walk when r or x is revoked without the flush bit (a pager taking
 * pages back): every derived mapping goes, the caller's own stay with
 * their A and D bits reset. */
static inline __attribute__((always_inline)) word_t
revoke_remove(struct revocation *rv, struct space *s, struct mapnode **shadow, pte_t *pt,
              word_t first, word_t last)
{
	pte_t seen = 0;
	for (word_t i = first; i <= last; i++) {
		struct mapnode *n = shadow[i];
		if (!n)
			continue;
		struct mapnode *c = n->child;
		if (c && !((uintptr_t)c->child | (uintptr_t)c->next))
			seen |= mapdb_leaf_remove(rv, c);       /* one leaf: a pager's client */
		else if (c)
			seen |= revoke_children(rv, n);
		pte_t old = pt[i];
		if (old & (PTE_A | PTE_D)) {
			seen |= old;
			revoke_own(rv, s, &shadow[i], &pt[i], PTE_A | PTE_D, false);
		}
	}
	return pte_status(seen);
}

void mapdb_revoke_table(struct revocation *rv, struct space *s, struct mapnode **shadow,
                        pte_t *pt, word_t first, word_t last, bool self)
{
	if (rv->remove && self) {
		/* A flush of r or x: the caller's own go, and with them
		 * everything derived. */
		for (word_t i = first; i <= last; i++)
			if (shadow[i])
				rv->status |= mapdb_subtree_remove(shadow[i]);
		return;
	}
	if (rv->remove) {
		word_t status = revoke_remove(rv, s, shadow, pt, first, last);
		rv->status |= status;
		return;
	}
	/* (The walk's slow paths add to rv->status too: its result is
	 * added after.) */
	word_t status;
	if (!self && rv->clear == (PTE_A | PTE_D | PTE_W))
		status = revoke_keep(rv, s, shadow, pt, first, last, false, PTE_A | PTE_D | PTE_W);
	else if (!self)
		status = revoke_keep(rv, s, shadow, pt, first, last, false, PTE_A | PTE_D);
	else
		status = revoke_keep(rv, s, shadow, pt, first, last, true, rv->clear);
	rv->status |= status;
}

__attribute__((optimize("omit-frame-pointer")))
word_t mapdb_unmap(struct revocation *rv, struct space *s, word_t base, word_t end,
                   word_t rights, bool self)
{
	word_t pdi = base >> SUPERPAGE_SHIFT;
	if (base >= end || ((end - 1) >> SUPERPAGE_SHIFT) != pdi)
		return mapdb_unmap_range(rv, s, base, end, rights, self);
	struct mapnode **shadow = s->shadow[pdi];      /* pdi < USER_PDIS: end <= USER_LIMIT */
	if (!shadow || ((uintptr_t)shadow & NODE_SUPER))
		return mapdb_unmap_range(rv, s, base, end, rights, self);
	/* Within one 4 KiB page table, the common case: its walk at once. */
	pte_t *pt = phys_to_virt(s->pd[pdi] & PTE_ADDR);
	word_t first = (base >> PAGE_SHIFT) & 1023, last = ((end - 1) >> PAGE_SHIFT) & 1023;
	mapdb_revocation_rights(rv, rights);
	if (rights == RIGHT_W && !self) {
		/* A protect: w revoked from what was derived. */
		word_t status = revoke_keep(rv, s, shadow, pt, first, last, false,
		                            PTE_A | PTE_D | PTE_W);
		return status | rv->status;
	}
	if (rv->remove && !self) {
		/* A pager taking pages back. */
		word_t status = revoke_remove(rv, s, shadow, pt, first, last);
		return status | rv->status;
	}
	mapdb_revoke_table(rv, s, shadow, pt, first, last, self);
	return rv->status;
}

/* A page of dst whose entry changed, dst loaded or small. */
static __attribute__((noinline)) void tlb_sync_page(const struct space *dst, word_t va)
{
	if (loaded(dst))
		invlpg(va);
	if (dst->arch.small)
		space_tlb_sync_alias(dst, va);
}

/*
 * map_again's walk over ss/spt (src) and ds/dpt (dst), from the first
 * page of each, specialised by the compiler for its constants 'add' (w,
 * or nothing to add) and 'sync' (dst loaded or small: TLB work for a
 * changed entry). A node's entry is always present.
 */
static inline __attribute__((always_inline)) word_t
map_again_walk(struct mapnode **ss, const pte_t *spt, struct mapnode **ds, pte_t *dpt,
               struct space *dst, word_t dva, word_t n, bool *held, const pte_t add,
               const bool sync)
{
	word_t k, skipped = 0;
	for (k = 0; k < n; k++) {
		struct mapnode *from = ss[k], *old = ds[k];
		if (!from) {
			skipped++;              /* not held: skipped, as X.2 says */
			continue;
		}
		pte_t se = spt[k], de = dpt[k];
		if (!old || old->parent != from || ((se ^ de) & PTE_ADDR))
			break;                  /* anything else: mapdb_map */
		if ((se & add) && !(de & add)) {        /* w is the only right to add */
			dpt[k] = de | add;
			if (sync)
				tlb_sync_page(dst, dva + k * PAGE_SIZE);
		}
	}
	if (k > skipped)
		*held = true;           /* a page src holds was met */
	return k;
}

__attribute__((optimize("omit-frame-pointer")))
word_t mapdb_map_again(struct space *src, word_t sva, struct space *dst, word_t dva,
                       word_t n, word_t rights, bool *held)
{
	word_t spdi = sva >> SUPERPAGE_SHIFT, dpdi = dva >> SUPERPAGE_SHIFT;
	struct mapnode **ss = src->shadow[spdi], **ds = dst->shadow[dpdi];
	pte_t spde = src->pd[spdi], dpde = dst->pd[dpdi];
	/* 4 KiB tables on both sides (a tagged shadow slot is a superpage). */
	if (!ss || !ds || ((uintptr_t)ss & NODE_SUPER) || ((uintptr_t)ds & NODE_SUPER) ||
	    (spde & (PTE_P | PTE_PS)) != PTE_P || (dpde & (PTE_P | PTE_PS)) != PTE_P)
		return 0;
	word_t si = (sva >> PAGE_SHIFT) & 1023, di = (dva >> PAGE_SHIFT) & 1023;
	const pte_t *spt = (const pte_t *)phys_to_virt(spde & PTE_ADDR) + si;
	pte_t *dpt = (pte_t *)phys_to_virt(dpde & PTE_ADDR) + di;
	ss += si, ds += di;
	if (!(rights & RIGHT_W))
		return map_again_walk(ss, spt, ds, dpt, dst, dva, n, held, 0, false);
	if (loaded(dst) || dst->arch.small)
		return map_again_walk(ss, spt, ds, dpt, dst, dva, n, held, PTE_W, true);
	return map_again_walk(ss, spt, ds, dpt, dst, dva, n, held, PTE_W, false);
}
