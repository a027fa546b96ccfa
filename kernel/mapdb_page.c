// SPDX-License-Identifier: MIT
/*
 * mapdb_page.c: Unmap of one 4 KiB page without the flush bit in
 * constant time, what a pager does to take a page back from a client or
 * to protect it. The caller's node is its shadow slot; what was derived
 * from it, in the common shape of one 4 KiB mapping with none of its own,
 * is one entry pointer away (mapnode.entry) and is changed or removed in
 * place. Every other shape (a superpage, several or deeper derived
 * mappings) is declined before anything changes, and mapdb_unmap's walk
 * (mapdb_range.c) does it. The result is the walk's, bit for bit: the
 * derived mapping loses exactly the rights revoked (r or x: it goes; w:
 * its write right), the caller's own entry its A and D bits, the status
 * is gathered from both, and a changed entry's TLB entry is dropped at
 * once (one page: no batch to keep).
 */
#include "mapdb_node.h"
#include "slab.h"

__attribute__((optimize("omit-frame-pointer")))
word_t mapdb_unmap_page(struct space *s, word_t va, word_t rights)
{
	struct mapnode **shadow = s->shadow[va >> SUPERPAGE_SHIFT];
	if ((uintptr_t)shadow & NODE_SUPER)
		return MAPDB_DECLINED;          /* a superpage: split first */
	struct mapnode *n = shadow ? shadow[(va >> PAGE_SHIFT) & 1023] : 0;
	if (!n)
		return 0;                       /* nothing mapped, or a kernel page */
	pte_t seen = 0;
	struct mapnode *c = n->child;
	if (c) {
		if ((uintptr_t)c->child | (uintptr_t)c->next)
			return MAPDB_DECLINED;  /* several, or a deeper subtree */
		/* A child of a 4 KiB node maps 4 KiB: its va has no tag bits. */
		struct space *cs = c->space;
		pte_t *e = c->entry, old = *e;
		seen = old;
		if (rights & (RIGHT_R | RIGHT_X)) {
			/* r and x are one right on ia32: the mapping goes. */
			*e = 0;
			mapdb_tlb_sync(cs, c->va);
			cs->shadow[c->va >> SUPERPAGE_SHIFT][(c->va >> PAGE_SHIFT) & 1023] = 0;
			n->child = 0;           /* it was the first and only child */
			slab_free(&cs->nodes, c);
			note_idle(n);
		} else {
			pte_t clear = PTE_A | PTE_D | ((rights & RIGHT_W) ? PTE_W : 0);
			if (old & clear) {      /* unchanged: no TLB entry to drop */
				*e = old & ~clear;
				mapdb_tlb_sync(cs, c->va);
			}
		}
	}
	/* The caller's own mapping keeps its rights; its status is reset. */
	pte_t *own = n->entry, old = *own;
	if (old & (PTE_A | PTE_D)) {
		seen |= old;
		*own = old & ~(pte_t)(PTE_A | PTE_D);
		mapdb_tlb_sync(s, va);
	}
	/* Last: n may be an idle root of sigma0's now, which this removes. */
	if (mapdb_idle_pending)
		mapdb_reclaim_idle();
	return pte_status(seen);
}
