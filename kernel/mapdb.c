// SPDX-License-Identifier: MIT
/*
 * mapdb.c: mapping nodes, their trees, and the page-table entries they
 * stand for. A node and its PTE change together: a present user PTE below
 * USER_LIMIT either has a node or is a kernel-owned page (KIP, UTCB),
 * which no map, grant or unmap ever touches.
 *
 * All walks are iterative: a chain of derived mappings may be long, the
 * kernel stack is not.
 */
#include "kernel.h"
#include "mapdb.h"
#include "space.h"
#include "slab.h"
#include "../arch/ia32/layout.h"
#include "../arch/ia32/paging.h"
#include "../arch/ia32/x86.h"

static struct slab_cache node_cache = SLAB_CACHE(sizeof(struct mapnode));

/* ---- slots: the PTE and the node pointer of a page ---------------------- */

static struct mapnode **node_slot(struct space *s, word_t va, bool alloc)
{
	struct mapnode **shadow = s->shadow[va >> 22];
	if (!shadow) {
		if (!alloc || !(shadow = kmem_alloc()))
			return 0;
		s->shadow[va >> 22] = shadow;
	}
	return &shadow[(va >> 12) & 1023];
}

/* Both slots of va, allocating tables if needed; false: no memory. */
static bool slots(struct space *s, word_t va, pte_t **pte, struct mapnode ***node)
{
	*node = node_slot(s, va, true);
	*pte = *node ? page_slot(s->pd, va, true) : 0;
	return *pte != 0;
}

static pte_t *pte_of(const struct mapnode *n)
{
	return page_slot(n->space->pd, n->va, false);
}

static void tlb_sync(const struct space *s, word_t va)
{
	if (s->pd_phys == read_cr3())
		invlpg(va);
	space_tlb_sync_alias(s, va);
}

static word_t pte_rights(pte_t e)
{
	if (!(e & PTE_P))
		return 0;
	return RIGHT_R | RIGHT_X | ((e & PTE_W) ? RIGHT_W : 0);
}

static pte_t rights_pte(word_t pa, word_t rights)
{
	if (!(rights & RIGHTS_ALL))
		return 0;
	return (pa & PTE_ADDR) | PTE_P | PTE_U | ((rights & RIGHT_W) ? PTE_W : 0);
}

/* Hardware status of a PTE as rights bits: referenced -> r, dirty -> w. */
static word_t pte_status(pte_t e)
{
	return ((e & PTE_A) ? RIGHT_R : 0) | ((e & PTE_D) ? RIGHT_W : 0);
}

/* ---- nodes ------------------------------------------------------------- */

static struct mapnode *node_new(struct space *s, word_t va, struct mapnode *parent)
{
	struct mapnode *n = slab_alloc(&node_cache);
	if (!n)
		return 0;
	n->space = s;
	n->va = va;
	n->parent = parent;
	n->child = 0;
	n->prev = 0;
	n->next = parent ? parent->child : 0;
	if (n->next)
		n->next->prev = n;
	if (parent)
		parent->child = n;
	return n;
}

static void node_unlink(struct mapnode *n)
{
	if (n->prev)
		n->prev->next = n->next;
	else if (n->parent)
		n->parent->child = n->next;
	if (n->next)
		n->next->prev = n->prev;
	n->next = n->prev = 0;
}

/* Clears n's PTE and slot and frees n (which must have no children);
 * returns the status its PTE had. */
static word_t node_remove(struct mapnode *n)
{
	pte_t *e = pte_of(n);
	word_t status = 0;
	if (e) {
		status = pte_status(*e);
		*e = 0;
		tlb_sync(n->space, n->va);
	}
	*node_slot(n->space, n->va, false) = 0;
	node_unlink(n);
	slab_free(&node_cache, n);
	return status;
}

/* Removes 'top' and everything derived from it, leaves first. */
static word_t subtree_remove(struct mapnode *top)
{
	word_t status = 0;
	struct mapnode *m = top;
	for (;;) {
		while (m->child)
			m = m->child;
		struct mapnode *parent = m->parent;
		bool done = m == top;
		status |= node_remove(m);
		if (done)
			return status;
		m = parent->child ? parent->child : parent;
	}
}

/* The next node after m's subtree in a preorder walk below top. */
static struct mapnode *skip_subtree(struct mapnode *m, const struct mapnode *top)
{
	for (; m != top; m = m->parent)
		if (m->next)
			return m->next;
	return 0;
}

static bool is_ancestor(const struct mapnode *a, const struct mapnode *n)
{
	for (; n; n = n->parent)
		if (n == a)
			return true;
	return false;
}

/* ---- operations --------------------------------------------------------- */

int mapdb_map_root(struct space *s, word_t va, word_t pa, word_t rights)
{
	pte_t *e;
	struct mapnode **slot;
	if (!slots(s, va, &e, &slot))
		return -1;
	if (!*slot && (*e & PTE_P))
		return -1;                      /* a kernel page (KIP, UTCB) */
	if (*slot)
		subtree_remove(*slot);
	struct mapnode *n = node_new(s, va, 0);
	if (!n)
		return -1;
	*slot = n;
	*e = rights_pte(pa, rights);
	tlb_sync(s, va);
	return 0;
}

int mapdb_map(struct space *src, word_t sva, struct space *dst, word_t dva,
              word_t rights, bool grant)
{
	struct mapnode **sslot = node_slot(src, sva, false);
	struct mapnode *from = sslot ? *sslot : 0;
	if (!from)
		return 0;                       /* nothing mapped there: skipped */
	pte_t *se = pte_of(from);
	rights &= pte_rights(*se);
	if (!rights)
		return 0;
	word_t pa = *se & PTE_ADDR;

	pte_t *de;
	struct mapnode **dslot;
	if (!slots(dst, dva, &de, &dslot))
		return -1;
	struct mapnode *old = *dslot;
	if (!old && (*de & PTE_P))
		return 0;                       /* a kernel page (KIP, UTCB) stays */
	if (old == from)
		return 0;                       /* the same mapping: nothing to do */
	if (old && !grant && old->parent == from) {
		/* The very same mapping again: rights only grow (X.2 §5.2). */
		*de = rights_pte(pa, pte_rights(*de) | rights) | (*de & (PTE_A | PTE_D));
		tlb_sync(dst, dva);
		return 0;
	}
	if (old && is_ancestor(old, from))
		return 0;                       /* would revoke its own source */
	if (old)
		subtree_remove(old);

	if (grant) {
		/* The node moves: its place in the tree and its children stay. */
		*sslot = 0;
		*se = 0;
		tlb_sync(src, sva);
		from->space = dst;
		from->va = dva;
		*dslot = from;
		*de = rights_pte(pa, rights);
		tlb_sync(dst, dva);
		return 0;
	}
	struct mapnode *n = node_new(dst, dva, from);
	if (!n)
		return -1;
	*dslot = n;
	*de = rights_pte(pa, rights);
	tlb_sync(dst, dva);
	return 0;
}

/* Applies the revocation to one node that keeps some right; returns its
 * status and resets the hardware bits. */
static word_t downgrade(struct mapnode *n, word_t keep)
{
	pte_t *e = pte_of(n);
	word_t status = pte_status(*e);
	pte_t v = *e & ~(pte_t)(PTE_A | PTE_D);
	if (!(keep & RIGHT_W))
		v &= ~(pte_t)PTE_W;
	*e = v;
	tlb_sync(n->space, n->va);
	return status;
}

word_t mapdb_unmap(struct space *s, word_t va, word_t rights, bool self)
{
	struct mapnode **slot = node_slot(s, va, false);
	struct mapnode *top = slot ? *slot : 0;
	if (!top)
		return 0;
	word_t status = 0;
	/* Rights left after the revocation, r and x being one right here. */
#define KEEPS(n) (pte_rights(*pte_of(n)) & ~rights)
#define USABLE(k) (((k) & (RIGHT_R | RIGHT_X)) == (RIGHT_R | RIGHT_X))
	struct mapnode *m = top->child;
	while (m) {
		word_t keep = KEEPS(m);
		if (!USABLE(keep)) {
			struct mapnode *after = skip_subtree(m, top);
			status |= subtree_remove(m);
			m = after;
			continue;
		}
		status |= downgrade(m, keep);
		m = m->child ? m->child : skip_subtree(m, top);
	}
	word_t keep = self ? KEEPS(top) : RIGHTS_ALL;
	if (!USABLE(keep))
		return status | subtree_remove(top);
	return status | downgrade(top, keep);
#undef KEEPS
#undef USABLE
}

void mapdb_flush_space(struct space *s)
{
	for (word_t pdi = 0; pdi < USER_LIMIT >> 22; pdi++) {
		struct mapnode **shadow = s->shadow[pdi];
		if (!shadow)
			continue;
		for (word_t i = 0; i < 1024; i++)
			if (shadow[i])
				subtree_remove(shadow[i]);
		kmem_free(shadow);
		s->shadow[pdi] = 0;
	}
}

bool mapdb_has(struct space *s, word_t va)
{
	struct mapnode **slot = node_slot(s, va, false);
	return slot && *slot;
}
