// SPDX-License-Identifier: MIT
/*
 * mapdb_range.c: the mapping database over many pages at once, walking a
 * page table and its shadow table side by side instead of looking each
 * page up (mapdb.c does single pages, trees and superpages):
 *   Unmap: at each of the caller's 4 KiB nodes, the derived mappings that
 *     have none of their own (a pager's clients) change in place, with
 *     their page table looked up once per run of them; deeper subtrees
 *     take mapdb.c's walk. Status bits are ORed raw and converted once.
 *     The loaded space's TLB entries are dropped at the end of the call:
 *     no user code runs before it, and past REVOKE_INVLPG_MAX pages one
 *     CR3 reload beats an invlpg each. Revocation stays exact: every
 *     derived mapping loses exactly the rights revoked.
 *   Map items of many pages: the pages the receiver holds as the same
 *     mapping already get the rights added in place (an unprotect).
 */
#include "mapdb_node.h"

/* s's entry for va changed: its TLB entry is dropped at mapdb_revocation_end
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

void mapdb_revocation_end(struct revocation *rv)
{
	if (rv->nflush > REVOKE_INVLPG_MAX)
		write_cr3(rv->cr3);
	else
		for (unsigned i = 0; i < rv->nflush; i++)
			invlpg(rv->flush_va[i]);
}

/*
 * Revokes at the caller's 4 KiB nodes shadow[first..last] (entries pt[]):
 * what unmap_node does for each, with the common shape inline: derived
 * mappings that are 4 KiB leaves change in place (or go, when r or x is
 * revoked), the entries' A and D bits are gathered raw and turned into
 * status once, the leaves' page table is looked up once per run of them
 * in one table, and the TLB is batched (revocation_tlb).
 */
void mapdb_revoke_table(struct revocation *rv, struct space *s, struct mapnode **shadow,
                        pte_t *pt, word_t first, word_t last, bool self)
{
	if (self && rv->remove) {
		/* A flush of r or x: the caller's own mappings go, and with
		 * them everything derived. */
		for (word_t i = first; i <= last; i++)
			if (shadow[i])
				rv->status |= mapdb_subtree_remove(shadow[i]);
		return;
	}
	const pte_t clear = rv->clear, own_clear = self ? rv->clear : (pte_t)(PTE_A | PTE_D);
	const bool remove = rv->remove;
	/* Whether a changed entry needs a TLB note: only in the loaded
	 * space or a small one (revocation_tlb). */
	const bool own_tlb = s->pd_phys == rv->cr3 || s->arch.small;
	pte_t seen = 0;
	struct space *cs = 0;           /* the leaves' space and table, cached */
	word_t cpdi = ~(word_t)0;
	pte_t *cpt = 0;
	bool c_tlb = false;
	for (word_t i = first; i <= last; i++) {
		struct mapnode *n = shadow[i];
		if (!n)
			continue;
		for (struct mapnode *c = n->child, *next; c; c = next) {
			next = c->next;
			if (c->child) {
				rv->status |= mapdb_revoke_tree(c, rv->rights);
				continue;
			}
			if (remove) {
				rv->status |= mapdb_node_remove(c);
				continue;
			}
			word_t va = node_va(c);
			if (c->space != cs || va >> SUPERPAGE_SHIFT != cpdi) {
				cs = c->space;
				cpdi = va >> SUPERPAGE_SHIFT;
				cpt = phys_to_virt(cs->pd[cpdi] & PTE_ADDR);
				c_tlb = cs->pd_phys == rv->cr3 || cs->arch.small;
			}
			pte_t *e = &cpt[(va >> PAGE_SHIFT) & 1023];
			pte_t old = *e;
			if (!(old & PTE_P)) {
				rv->status |= mapdb_revoke_tree(c, rv->rights);
				continue;
			}
			seen |= old;
			if (old & clear) {
				*e = old & ~clear;
				if (c_tlb)
					revocation_tlb(rv, cs, va);
			}
		}
		pte_t old = pt[i];
		if (!(old & PTE_P) && self) {
			rv->status |= mapdb_subtree_remove(n);      /* no right left to keep */
			continue;
		}
		seen |= old;
		if (old & own_clear) {
			pt[i] = old & ~own_clear;
			if (own_tlb)
				revocation_tlb(rv, s, node_va(n));
		}
	}
	rv->status |= pte_status(seen);
}

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
	const pte_t *spt = phys_to_virt(spde & PTE_ADDR);
	pte_t *dpt = phys_to_virt(dpde & PTE_ADDR);
	word_t si = (sva >> PAGE_SHIFT) & 1023, di = (dva >> PAGE_SHIFT) & 1023;
	bool dst_loaded = loaded(dst);
	pte_t add = (rights & RIGHT_W) ? PTE_W : 0;
	word_t k;
	for (k = 0; k < n; k++, si++, di++) {
		struct mapnode *from = ss[si], *old = ds[di];
		if (!from)
			continue;               /* not held: skipped, as X.2 says */
		pte_t se = spt[si], de = dpt[di];
		if (!old || old->parent != from || ((se ^ de) & PTE_ADDR))
			break;                  /* anything else: mapdb_map */
		*held = true;
		if (!(se & PTE_P) || !(se & add) || (de & PTE_W))
			continue;               /* no right to add (w is the only one) */
		dpt[di] = de | PTE_W;
		if (dst_loaded)
			invlpg(dva + k * PAGE_SIZE);
		if (dst->arch.small)
			space_tlb_sync_alias(dst, dva + k * PAGE_SIZE);
	}
	return k;
}
