// SPDX-License-Identifier: MIT
/*
 * mapdb.c: mapping nodes, their trees, and the page-table entries they
 * stand for. A node and its PTE change together: a present user PTE below
 * USER_LIMIT either has a node or is a kernel-owned page (KIP, UTCB),
 * which no map, grant or unmap ever touches.
 *
 * A node maps 4 KiB (a PTE, found through the space's shadow table) or
 * 4 MiB (a PS directory entry; the shadow directory slot then holds the
 * node itself, tagged with bit 0). A 4 MiB node's parent is a 4 MiB node
 * or none; its children may be of either size. When part of a superpage
 * must change alone, the superpage is split into 1024 pages first.
 *
 * All walks are iterative: a chain of derived mappings may be long, the
 * kernel stack is not. The walks over a page table for many pages at
 * once (Unmap of a range, map items over pages held already) are in
 * mapdb_range.c; mapdb_node.h is what the two share.
 *
 * Kernel memory is charged to the space a mapping is in (kernel.h): its
 * page tables and shadow tables, and its nodes, which live in its own
 * slab (space->nodes). A node that moves to another space (grant) is
 * copied into that space's slab, so a frame a space pays for holds only
 * its own nodes and everything it paid for goes when it does.
 *
 * sigma0's space never goes, and its roots are made on demand (its
 * faults, and on the way when it maps a page it has not touched): a root
 * of its 4 KiB pages whose last derived mapping goes is marked idle, and
 * mapdb_reclaim_idle, at the end of the operations that remove mappings,
 * removes idle roots and frees a page table and shadow table left empty.
 * So what sigma0 handed out costs kernel memory only while it is mapped
 * on (a root sigma0 uses itself and never mapped on stays); a page it
 * touches again is made again.
 */
#include "kernel.h"
#include "mapdb.h"
#include "mapdb_node.h"
#include "space.h"
#include "slab.h"
#include "../arch/ia32/layout.h"
#include "../arch/ia32/paging.h"
#include "../arch/ia32/x86.h"

#define USER_PDIS   (USER_LIMIT >> SUPERPAGE_SHIFT)

/* The idempotent space and its directory slots that may hold idle roots. */
static struct space *idle_space;
static uint32_t idle_pdis[(USER_PDIS + 31) / 32];
bool mapdb_idle_pending;             /* mapdb_node.h */

/* ---- slots: the PTE and the node pointer of a page ---------------------- */

/* The 4 MiB node covering va, if the space has one there. */
static struct mapnode *super_at(const struct space *s, word_t va)
{
	uintptr_t e = (uintptr_t)s->shadow[va >> SUPERPAGE_SHIFT];
	return (e & NODE_SUPER) ? (struct mapnode *)(e & ~(uintptr_t)NODE_SUPER) : 0;
}

static void super_set(struct space *s, word_t va, struct mapnode *n)
{
	s->shadow[va >> SUPERPAGE_SHIFT] =
		n ? (struct mapnode **)((uintptr_t)n | NODE_SUPER) : 0;
}

/* The slot of va's 4 KiB node; there must be no superpage at va. */
static struct mapnode **node_slot(struct space *s, word_t va, bool alloc)
{
	struct mapnode **shadow = s->shadow[va >> SUPERPAGE_SHIFT];
	if (!shadow) {
		if (!alloc || !(shadow = kmem_alloc_for(&s->kmem)))
			return 0;
		s->shadow[va >> SUPERPAGE_SHIFT] = shadow;
	}
	return &shadow[(va >> PAGE_SHIFT) & 1023];
}

/* The node that maps va in s, of either size. */
static struct mapnode *lookup(struct space *s, word_t va)
{
	struct mapnode *n = super_at(s, va), **slot;
	if (n)
		return n;
	slot = node_slot(s, va, false);
	return slot ? *slot : 0;
}

/* Both slots of va, allocating tables if needed; false: no memory. */
static bool slots(struct space *s, word_t va, pte_t **pte, struct mapnode ***node)
{
	*node = node_slot(s, va, true);
	*pte = *node ? page_slot(s->pd, va, true, &s->kmem) : 0;
	return *pte != 0;
}

static inline pte_t *pte_of(const struct mapnode *n)
{
	return n->entry;
}

/* The physical address n maps at va (va inside n's range). */
static word_t frame_at(const struct mapnode *n, word_t va)
{
	pte_t e = *pte_of(n);
	if (is_super(n))
		return (e & SUPER_MASK) + (va & (SUPERPAGE_SIZE - 1) & PTE_ADDR);
	return e & PTE_ADDR;
}

static void tlb_sync(const struct space *s, word_t va)
{
	mapdb_tlb_sync(s, va);
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

static pte_t rights_pde(word_t pa, word_t rights)
{
	pte_t e = rights_pte(pa & SUPER_MASK, rights);
	return e ? e | PTE_PS : 0;
}

/* ---- nodes ------------------------------------------------------------- */

static void node_link(struct mapnode *n, struct mapnode *parent)
{
	n->parent = parent;
	n->prev = 0;
	n->next = parent ? parent->child : 0;
	if (n->next)
		n->next->prev = n;
	if (parent) {
		parent->child = n;
		parent->va &= ~NODE_IDLE;       /* mapped on again */
	}
}

/* p, an idempotent 4 KiB root, has no child left: it is idle. */
void mapdb_mark_idle(struct mapnode *p)
{
	word_t pdi = p->va >> SUPERPAGE_SHIFT;
	p->va |= NODE_IDLE;
	idle_space = p->space;
	idle_pdis[pdi / 32] |= 1u << (pdi % 32);
	mapdb_idle_pending = true;
}

/* Inline: on every page fault's map (map_into_empty). */
static inline __attribute__((always_inline)) struct mapnode *
node_new(struct space *s, word_t va, pte_t *entry, struct mapnode *parent)
{
	struct mapnode *n = slab_alloc(&s->nodes);
	if (!n)
		return 0;
	n->space = s;
	n->va = va;
	n->entry = entry;
	n->child = 0;
	node_link(n, parent);
	return n;
}

static void node_free(struct mapnode *n)
{
	slab_free(&n->space->nodes, n);
}

/* Grant: n becomes dst's mapping at va (the caller updates the slots and
 * entries). It keeps its place in the tree and its children, but moves
 * into dst's slab, charged to dst; NULL when dst cannot pay for it. */
static struct mapnode *node_move(struct mapnode *n, struct space *dst, word_t va,
                                 pte_t *entry)
{
	struct mapnode *m = slab_alloc(&dst->nodes);
	if (!m)
		return 0;
	*m = *n;
	m->space = dst;
	m->va = va;
	m->entry = entry;
	if (m->prev)
		m->prev->next = m;
	else if (m->parent)
		m->parent->child = m;
	if (m->next)
		m->next->prev = m;
	for (struct mapnode *c = m->child; c; c = c->next)
		c->parent = m;
	node_free(n);
	return m;
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
	word_t status = pte_status(*e);
	*e = 0;
	tlb_sync(n->space, node_va(n));
	if (is_super(n))
		super_set(n->space, n->va, 0);
	else
		*node_slot(n->space, n->va, false) = 0;
	struct mapnode *parent = n->parent;
	node_unlink(n);
	node_free(n);
	note_idle(parent);
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

/* ---- splitting superpages ------------------------------------------------ */

/*
 * Replaces the 4 MiB node n, whose children are all 4 KiB nodes, with 1024
 * page nodes under n's parent, same frames and rights (the status bits are
 * copied to every page: they may over-report, never under-report). Each
 * child moves under the page that maps its frame. False when kernel memory
 * is short; then nothing changed.
 */
static bool split_one(struct mapnode *n)
{
	struct space *s = n->space;
	word_t va = node_va(n), pdi = va >> SUPERPAGE_SHIFT;
	pte_t *pt = kmem_alloc_for(&s->kmem);
	struct mapnode **shadow = kmem_alloc_for(&s->kmem);
	if (!pt || !shadow)
		goto fail;
	pte_t pde = s->pd[pdi];
	word_t pa = pde & SUPER_MASK;
	pte_t flags = pde & (PTE_P | PTE_W | PTE_U | PTE_A | PTE_D);
	for (word_t i = 0; i < 1024; i++) {
		shadow[i] = node_new(s, va + i * PAGE_SIZE, &pt[i], n->parent);
		if (!shadow[i])
			goto fail;
		pt[i] = (pa + i * PAGE_SIZE) | flags;
	}
	while (n->child) {
		struct mapnode *c = n->child;
		word_t off = (*pte_of(c) & PTE_ADDR) - pa;
		node_unlink(c);
		node_link(c, shadow[off >> PAGE_SHIFT]);
	}
	node_unlink(n);
	node_free(n);
	s->pd[pdi] = virt_to_phys(pt) | PTE_P | PTE_W | PTE_U;
	s->shadow[pdi] = shadow;
	tlb_sync(s, va);
	return true;
fail:
	if (shadow) {
		for (word_t i = 0; i < 1024 && shadow[i]; i++) {
			node_unlink(shadow[i]);
			node_free(shadow[i]);
		}
		kmem_free_for(&s->kmem, shadow);
	}
	if (pt)
		kmem_free_for(&s->kmem, pt);
	return false;
}

static struct mapnode *super_child(const struct mapnode *n)
{
	for (struct mapnode *c = n->child; c; c = c->next)
		if (is_super(c))
			return c;
	return 0;
}

/* Splits every 4 MiB node below top, deepest first (a 4 MiB node's parent
 * must stay 4 MiB), and top itself if 'self'. False when memory ran
 * short; the tree is consistent at every step. */
static bool split_tree(struct mapnode *top, bool self)
{
	for (;;) {
		struct mapnode *m = top, *c;
		while ((c = super_child(m)))
			m = c;
		if (m == top)
			return !self || !is_super(top) || split_one(top);
		if (!split_one(m))
			return false;
	}
}

/* ---- operations --------------------------------------------------------- */

int mapdb_map_root(struct space *s, word_t va, word_t pa, word_t rights)
{
	pte_t *e;
	struct mapnode **slot;
	if (super_at(s, va) || !slots(s, va, &e, &slot))
		return -1;
	if (!*slot && (*e & PTE_P))
		return 1;                       /* a kernel page (KIP, UTCB) */
	if (*slot)
		subtree_remove(*slot);
	struct mapnode *n = node_new(s, va, e, 0);
	if (!n)
		return -1;
	*slot = n;
	*e = rights_pte(pa, rights);
	tlb_sync(s, va);
	return 0;
}

int mapdb_map_root_super(struct space *s, word_t va, word_t pa, word_t rights)
{
	word_t pdi = va >> SUPERPAGE_SHIFT;
	if ((va | pa) & ~SUPER_MASK || s->shadow[pdi] || (s->pd[pdi] & PTE_P))
		return -1;                      /* something is mapped there */
	struct mapnode *n = node_new(s, va | NODE_SUPER, &s->pd[pdi], 0);
	if (!n)
		return -1;
	super_set(s, va, n);
	s->pd[pdi] = rights_pde(pa, rights);
	tlb_sync(s, va);
	return 0;
}

/*
 * The common maps, a page fault's answer: a 4 KiB page of src to dva,
 * where dst has its page table and shadow table, and either nothing
 * mapped (one new node and one entry; the entry was empty, so no TLB
 * holds it) or the very same mapping, whose rights grow (a write fault on
 * a page the pager had protected). Returns mapdb_map's answer, or 2 when
 * the case is another (nothing changed).
 */
static inline int map_into_empty(struct space *src, word_t sva, struct space *dst, word_t dva,
                                 word_t rights)
{
	word_t spdi = sva >> SUPERPAGE_SHIFT, dpdi = dva >> SUPERPAGE_SHIFT;
	struct mapnode **ss = src->shadow[spdi], **ds = dst->shadow[dpdi];
	pte_t spde = src->pd[spdi], dpde = dst->pd[dpdi];
	if (!ss || !ds || (((uintptr_t)ss | (uintptr_t)ds) & NODE_SUPER) ||
	    (spde & (PTE_P | PTE_PS)) != PTE_P || (dpde & (PTE_P | PTE_PS)) != PTE_P)
		return 2;
	word_t si = (sva >> PAGE_SHIFT) & 1023, di = (dva >> PAGE_SHIFT) & 1023;
	struct mapnode *from = ss[si];
	pte_t *de = (pte_t *)phys_to_virt(dpde & PTE_ADDR) + di;
	struct mapnode *old = ds[di];
	pte_t se = ((const pte_t *)phys_to_virt(spde & PTE_ADDR))[si], e = *de;
	if (!from || (old ? old->parent != from || !(e & PTE_P) || ((e ^ se) & PTE_ADDR) : e))
		return 2;
	rights &= pte_rights(se);
	if (!rights)
		return 0;
	if (old) {
		if ((rights & RIGHT_W) && !(e & PTE_W)) {
			*de = e | PTE_W;        /* X.2 §5.2: rights only grow */
			tlb_sync(dst, dva);
		}
		return 0;
	}
	struct mapnode *n = node_new(dst, dva, de, from);
	if (!n)
		return -1;
	ds[di] = n;
	*de = rights_pte(se & PTE_ADDR, rights);
	return 0;
}

int mapdb_map(struct space *src, word_t sva, struct space *dst, word_t dva,
              word_t rights, bool grant)
{
	if (!grant) {
		int done = map_into_empty(src, sva, dst, dva, rights);
		if (done != 2)
			return done;
	}
	struct mapnode *from = lookup(src, sva);
	if (!from)
		return 1;                       /* nothing mapped there */
	if (grant && is_super(from)) {
		/* One page of a superpage moves: the rest stays with src. */
		if (!split_tree(from, true))
			return -1;
		from = lookup(src, sva);
	}
	pte_t se = *pte_of(from);
	rights &= pte_rights(se);
	if (!rights)
		return 0;
	word_t pa = is_super(from) ? (se & SUPER_MASK) + (sva & (SUPERPAGE_SIZE - 1) & PTE_ADDR)
	                           : se & PTE_ADDR;

	struct mapnode *big = super_at(dst, dva);
	if (big) {
		if (is_ancestor(big, from))
			return 0;               /* would revoke its own source */
		if (!split_tree(big, true))
			return -1;              /* one page of it is replaced */
	}
	pte_t *de;
	struct mapnode **dslot;
	if (!slots(dst, dva, &de, &dslot))
		return -1;
	struct mapnode *old = *dslot;
	if (!old && (*de & PTE_P))
		return 0;                       /* a kernel page (KIP, UTCB) stays */
	if (old == from)
		return 0;                       /* the same mapping: nothing to do */
	if (old && !grant && old->parent == from && (*de & PTE_ADDR) == pa) {
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
		pte_t *se = pte_of(from);
		struct mapnode *moved = node_move(from, dst, dva, de);
		if (!moved)
			return -1;
		*node_slot(src, sva, false) = 0;
		*se = 0;
		tlb_sync(src, sva);
		*dslot = moved;
		*de = rights_pte(pa, rights);
		tlb_sync(dst, dva);
		return 0;
	}
	struct mapnode *n = node_new(dst, dva, de, from);
	if (!n)
		return -1;
	*dslot = n;
	*de = rights_pte(pa, rights);
	tlb_sync(dst, dva);
	return 0;
}

/*
 * Makes room for a superpage at dva in dst: the 4 KiB mappings there are
 * replaced, and their page table and shadow table freed. False when a page
 * there must stay (a kernel page, or the source of the mapping itself):
 * then the caller maps page by page.
 */
static bool clear_for_super(struct space *dst, word_t dva, const struct mapnode *from)
{
	word_t pdi = dva >> SUPERPAGE_SHIFT;
	struct mapnode **shadow = dst->shadow[pdi];
	pte_t pde = dst->pd[pdi];
	if (!(pde & PTE_P)) {
		if (shadow)                     /* no page table: no nodes */
			kmem_free_for(&dst->kmem, shadow);
		dst->shadow[pdi] = 0;
		return true;
	}
	pte_t *pt = phys_to_virt(pde & PTE_ADDR);
	for (word_t i = 0; i < 1024; i++) {
		struct mapnode *n = shadow ? shadow[i] : 0;
		if ((pt[i] & PTE_P) && !n)
			return false;           /* a kernel page (KIP, UTCB) */
		if (n && is_ancestor(n, from))
			return false;
	}
	for (word_t i = 0; shadow && i < 1024; i++)
		if (shadow[i])
			subtree_remove(shadow[i]);
	dst->pd[pdi] = 0;
	dst->shadow[pdi] = 0;
	kmem_free_for(&dst->kmem, pt);
	if (shadow)
		kmem_free_for(&dst->kmem, shadow);
	if (loaded(dst))
		write_cr3(read_cr3());          /* up to 1024 TLB entries went */
	return true;
}

int mapdb_map_super(struct space *src, word_t sva, struct space *dst, word_t dva,
                    word_t rights, bool grant)
{
	struct mapnode *from = super_at(src, sva);
	if (!from || ((sva | dva) & ~SUPER_MASK) || !space_superpages_ok(dst))
		return 0;
	pte_t *se = pte_of(from);
	rights &= pte_rights(*se);
	if (!rights)
		return 1;
	word_t pa = *se & SUPER_MASK;
	pte_t *de = &dst->pd[dva >> SUPERPAGE_SHIFT];
	struct mapnode *old = super_at(dst, dva);
	if (old == from)
		return 1;
	if (old && !grant && old->parent == from) {
		*de = rights_pde(pa, pte_rights(*de) | rights) | (*de & (PTE_A | PTE_D));
		tlb_sync(dst, dva);
		return 1;
	}
	if (old && is_ancestor(old, from))
		return 1;
	if (old)
		subtree_remove(old);
	else if (!clear_for_super(dst, dva, from))
		return 0;

	struct mapnode *n;
	if (grant) {
		if (!(n = node_move(from, dst, dva | NODE_SUPER, de)))
			return -1;
		*se = 0;
		super_set(src, sva, 0);
		tlb_sync(src, sva);
	} else if (!(n = node_new(dst, dva | NODE_SUPER, de, from))) {
		return -1;
	}
	super_set(dst, dva, n);
	*de = rights_pde(pa, rights);
	tlb_sync(dst, dva);
	return 1;
}

/* Applies the revocation to node n, whose entry is e, that keeps some
 * right; returns its status and resets the hardware bits. */
static word_t downgrade(struct mapnode *n, pte_t *e, word_t keep)
{
	word_t status = pte_status(*e);
	pte_t v = *e & ~(pte_t)(PTE_A | PTE_D);
	if (!(keep & RIGHT_W))
		v &= ~(pte_t)PTE_W;
	if (v != *e) {                  /* unchanged: no TLB entry to drop */
		*e = v;
		tlb_sync(n->space, node_va(n));
	}
	return status;
}

/* r and x are one right here: a mapping without both is gone. */
static bool usable(word_t keep)
{
	return (keep & (RIGHT_R | RIGHT_X)) == (RIGHT_R | RIGHT_X);
}

/* Revokes 'rights' from the subtree at top, top included. */
static word_t revoke_tree(struct mapnode *top, word_t rights)
{
	word_t status = 0;
	struct mapnode *m = top;
	while (m) {
		pte_t *e = pte_of(m);
		word_t keep = pte_rights(*e) & ~rights;
		struct mapnode *after = m == top ? 0 : skip_subtree(m, top);
		if (!usable(keep)) {
			status |= subtree_remove(m);
			m = after;
			continue;
		}
		status |= downgrade(m, e, keep);
		m = m->child ? m->child : after;
	}
	return status;
}

/* For the range walks (mapdb_range.c). */
pte_t mapdb_leaf_remove(struct revocation *rv, struct mapnode *c)
{
	struct space *cs = c->space;
	word_t va = c->va;              /* 4 KiB, and a child: no tag bits */
	pte_t old = *c->entry;
	*c->entry = 0;
	if (cs != rv->quiet && (cs->pd_phys == rv->cr3 || cs->arch.small))
		revocation_tlb(rv, cs, va);
	cs->shadow[va >> SUPERPAGE_SHIFT][(va >> PAGE_SHIFT) & 1023] = 0;
	struct mapnode *parent = c->parent;
	node_unlink(c);
	node_free(c);
	note_idle(parent);
	return old;
}

word_t mapdb_subtree_remove(struct mapnode *top)
{
	return subtree_remove(top);
}

word_t mapdb_revoke_tree(struct mapnode *top, word_t rights)
{
	return revoke_tree(top, rights);
}

/* The revocation at the caller's node top, whose entry is e; within a
 * 4 MiB top, 'frame' (nonzero) picks what was derived from one page. */
static word_t unmap_node(struct mapnode *top, pte_t *e, word_t frame, word_t rights,
                         bool self)
{
	word_t status = 0;
	for (struct mapnode *c = top->child, *next; c; c = next) {
		next = c->next;
		if (!frame || (*pte_of(c) & PTE_ADDR) == frame)
			status |= revoke_tree(c, rights);
	}
	word_t keep = self ? pte_rights(*e) & ~rights : RIGHTS_ALL;
	if (!usable(keep))
		return status | subtree_remove(top);
	return status | downgrade(top, e, keep);
}

/* One page of a superpage: splits below (and the superpage itself if
 * 'self'), then revokes what was derived from that page. */
static word_t unmap_super_page(struct space *s, word_t va, word_t rights, bool self)
{
	struct mapnode *top = super_at(s, va);
	word_t frame = 0;
	if (!split_tree(top, self)) {
		/* Out of kernel memory: the whole superpage is revoked. */
	} else if (!(top = lookup(s, va))) {
		return 0;
	} else if (is_super(top)) {
		frame = frame_at(top, va);      /* still 4 MiB when not 'self' */
	}
	return unmap_node(top, pte_of(top), frame, rights, self);
}

word_t mapdb_unmap_range(struct revocation *rv, struct space *s, word_t base, word_t end,
                         word_t rights, bool self)
{
	word_t status = 0;
	mapdb_revocation_rights(rv, rights);
	/* end <= USER_LIMIT: the next 4 MiB boundary never wraps. */
	for (word_t va = base; va < end; ) {
		word_t pdi = va >> SUPERPAGE_SHIFT;
		word_t next = (va | (SUPERPAGE_SIZE - 1)) + 1;
		word_t chunk_end = next < end ? next : end;
		struct mapnode *big = super_at(s, va);
		if (big && !(va & (SUPERPAGE_SIZE - 1)) && chunk_end - va == SUPERPAGE_SIZE) {
			status |= unmap_node(big, pte_of(big), 0, rights, self);
		} else if (big) {
			for (; va < chunk_end && super_at(s, va); va += PAGE_SIZE)
				status |= unmap_super_page(s, va, rights, self);
			continue;               /* split by 'self': the rest below */
		} else if (s->shadow[pdi]) {
			/* The page table and the shadow side by side. */
			pte_t *pt = phys_to_virt(s->pd[pdi] & PTE_ADDR);
			struct mapnode **shadow = s->shadow[pdi];
			word_t last = ((chunk_end - 1) >> PAGE_SHIFT) & 1023;
			mapdb_revoke_table(rv, s, shadow, pt, (va >> PAGE_SHIFT) & 1023, last, self);
		}
		va = chunk_end;
	}
	return status | rv->status;
}

void mapdb_table_moved(struct space *s, word_t pdi, word_t *pt)
{
	struct mapnode **shadow = s->shadow[pdi];
	if (!shadow || ((uintptr_t)shadow & NODE_SUPER))
		return;
	for (word_t i = 0; i < 1024; i++)
		if (shadow[i])
			shadow[i]->entry = &pt[i];
}

void mapdb_flush_space(struct space *s)
{
	for (word_t pdi = 0; pdi < USER_LIMIT >> SUPERPAGE_SHIFT; pdi++) {
		struct mapnode *big = super_at(s, pdi << SUPERPAGE_SHIFT);
		if (big) {
			subtree_remove(big);
			continue;
		}
		struct mapnode **shadow = s->shadow[pdi];
		if (!shadow)
			continue;
		for (word_t i = 0; i < 1024; i++)
			if (shadow[i])
				subtree_remove(shadow[i]);
		kmem_free_for(&s->kmem, shadow);
		s->shadow[pdi] = 0;
	}
}

static bool table_unused(const struct space *s, word_t pdi)
{
	const pte_t *pt = phys_to_virt(s->pd[pdi] & PTE_ADDR);
	for (word_t i = 0; i < 1024; i++)
		if (s->shadow[pdi][i] || pt[i])
			return false;
	return true;
}

void mapdb_reclaim_idle(void)
{
	struct space *s = idle_space;
	if (!mapdb_idle_pending)
		return;
	mapdb_idle_pending = false;
	for (word_t pdi = 0; pdi < USER_PDIS; pdi++) {
		if (!(idle_pdis[pdi / 32] & (1u << (pdi % 32))))
			continue;
		idle_pdis[pdi / 32] &= ~(1u << (pdi % 32));
		struct mapnode **shadow = s->shadow[pdi];
		if (!shadow || super_at(s, pdi << SUPERPAGE_SHIFT) || !(s->pd[pdi] & PTE_P))
			continue;
		for (word_t i = 0; i < 1024; i++) {
			struct mapnode *n = shadow[i];
			if (n && (n->va & NODE_IDLE) && !n->parent && !n->child)
				node_remove(n);
		}
		if (!table_unused(s, pdi))
			continue;
		kmem_free_for(&s->kmem, phys_to_virt(s->pd[pdi] & PTE_ADDR));
		kmem_free_for(&s->kmem, shadow);
		s->pd[pdi] = 0;
		s->shadow[pdi] = 0;
		if (loaded(s))
			write_cr3(read_cr3());  /* the directory entry went */
	}
}

bool mapdb_has(struct space *s, word_t va)
{
	return lookup(s, va) != 0;
}

bool mapdb_is_super(const struct space *s, word_t va)
{
	return super_at(s, va) != 0;
}

/* ---- the debugger's read-only view (kdb_spaces.c) ---------------------- */

const struct mapnode *mapdb_node(struct space *s, word_t va)
{
	return lookup(s, va);
}

void mapdb_node_info(const struct mapnode *n, word_t va, struct mapdb_info *i)
{
	i->super = is_super(n);
	i->va = node_va(n);
	i->frame = frame_at(n, va);
	i->rights = pte_rights(*pte_of(n));
}
