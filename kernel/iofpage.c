// SPDX-License-Identifier: MIT
/*
 * iofpage.c: IO fpages (iofpage.h). Per port, the spaces that hold it
 * form derivation trees whose roots hang off sigma0 (which holds every
 * port implicitly and has no nodes). A node per (space, port) pair; the
 * nodes of a port are found through a per-port list, in chunks of 1024
 * ports allocated while any of their ports is held, and the space's
 * bitmap says which ports it holds, so a space going away finds its
 * nodes without a search. Kernel memory comes back exactly as it went:
 * chunks, bitmaps and nodes are freed when no longer used.
 *
 * The kernel's own ports (kernel_ports.h) are held by nobody, not even
 * sigma0, as its frames are in no space: an IO fpage that covers some of
 * them maps the rest, port by port, as a memory fpage maps only the pages
 * its sender has. No bit of them is ever set, so the CPU refuses them.
 */
#include "kernel.h"
#include "iofpage.h"
#include "slab.h"
#include "../arch/ia32/iobitmap.h"
#include "../arch/ia32/uctx.h"
#include "../arch/ia32/kernel_ports.h"

#define CHUNK_PORTS 1024u

struct io_node {
	struct space *space;
	struct io_node *parent;         /* NULL: mapped from sigma0 */
	struct io_node *child, *sibling;
	struct io_node *next;           /* the port's other holders */
};

static struct slab_cache node_cache = SLAB_CACHE(sizeof(struct io_node));
static struct io_node **chunks[IO_PORTS / CHUNK_PORTS];
static uint16_t chunk_use[IO_PORTS / CHUNK_PORTS];

/* ---- the space's bitmap ---- */

static bool bit_get(const struct io_space *io, word_t port)
{
	const uint8_t *half = io ? io->bits[port >> 15] : 0;
	return half && (half[(port & 0x7FFF) >> 3] >> (port & 7) & 1);
}

/* Frees the bitmap of a space that holds no port. */
static void bits_release_if_unused(struct space *s)
{
	struct io_space *io = s->io;
	if (!io || io->held)
		return;
	io_bitmap_changed(io);
	for (int h = 0; h < 2; h++)
		if (io->bits[h])
			kmem_free(io->bits[h]);
	kmem_free(io);
	s->io = 0;
	space_switch_key_update(s);
}

/* Prepares s to hold port (the bitmap half); false when out of memory. */
static bool bits_reserve(struct space *s, word_t port)
{
	if (!s->io) {
		if (!(s->io = kmem_alloc()))
			return false;
		space_switch_key_update(s);
	}
	unsigned h = port >> 15;
	if (!s->io->bits[h] && !(s->io->bits[h] = kmem_alloc())) {
		bits_release_if_unused(s);
		return false;
	}
	return true;
}

static void bit_set(struct space *s, word_t port)
{
	struct io_space *io = s->io;
	io->bits[port >> 15][(port & 0x7FFF) >> 3] |= (uint8_t)(1u << (port & 7));
	io->held++;
	if (port / 8 + 1 > io->extent)
		io->extent = port / 8 + 1;
	io_bitmap_changed(io);
}

static void bit_clear(struct space *s, word_t port)
{
	struct io_space *io = s->io;
	io->bits[port >> 15][(port & 0x7FFF) >> 3] &= (uint8_t)~(1u << (port & 7));
	io_bitmap_changed(io);
	io->held--;
	bits_release_if_unused(s);
}

/* ---- nodes ---- */

static struct io_node **holders(word_t port)
{
	struct io_node **c = chunks[port / CHUNK_PORTS];
	return c ? &c[port % CHUNK_PORTS] : 0;
}

static struct io_node *node_of(const struct space *s, word_t port)
{
	struct io_node **h = holders(port);
	for (struct io_node *n = h ? *h : 0; n; n = n->next)
		if (n->space == s)
			return n;
	return 0;
}

/* A new node of dst under parent; NULL when out of memory. */
static struct io_node *node_add(struct space *dst, word_t port, struct io_node *parent)
{
	unsigned ci = port / CHUNK_PORTS;
	if (!chunks[ci] && !(chunks[ci] = kmem_alloc()))
		return 0;
	struct io_node *n = bits_reserve(dst, port) ? slab_alloc(&node_cache) : 0;
	if (!n) {
		bits_release_if_unused(dst);
		if (!chunk_use[ci]) {
			kmem_free(chunks[ci]);
			chunks[ci] = 0;
		}
		return 0;
	}
	*n = (struct io_node){ .space = dst, .parent = parent };
	if (parent) {
		n->sibling = parent->child;
		parent->child = n;
	}
	struct io_node **h = holders(port);
	n->next = *h;
	*h = n;
	chunk_use[ci]++;
	bit_set(dst, port);
	return n;
}

static void unlink_from_parent(struct io_node *n)
{
	if (!n->parent)
		return;
	struct io_node **p = &n->parent->child;
	while (*p != n)
		p = &(*p)->sibling;
	*p = n->sibling;
}

/* Frees a leaf (already unlinked from its parent). */
static void node_free(struct io_node *n, word_t port)
{
	struct io_node **p = holders(port);
	while (*p != n)
		p = &(*p)->next;
	*p = n->next;
	bit_clear(n->space, port);
	slab_free(&node_cache, n);
	unsigned ci = port / CHUNK_PORTS;
	if (!--chunk_use[ci]) {
		kmem_free(chunks[ci]);
		chunks[ci] = 0;
	}
}

/* Removes n and everything derived from it, without recursion: always
 * down the first child to a leaf, free it, go back up. */
static void remove_tree(struct io_node *root, word_t port)
{
	unlink_from_parent(root);
	struct io_node *n = root;
	for (;;) {
		while (n->child)
			n = n->child;
		if (n == root) {
			node_free(n, port);
			return;
		}
		struct io_node *up = n->parent;
		up->child = n->sibling;
		node_free(n, port);
		n = up;
	}
}

static void remove_children(struct io_node *n, word_t port)
{
	while (n->child)
		remove_tree(n->child, port);
}

static bool derives_from(const struct io_node *n, const struct io_node *ancestor)
{
	for (; n; n = n->parent)
		if (n == ancestor)
			return true;
	return false;
}

static struct io_node *first_root(word_t port)
{
	struct io_node **h = holders(port);
	for (struct io_node *n = h ? *h : 0; n; n = n->next)
		if (!n->parent)
			return n;
	return 0;
}

/* ---- the operations ---- */

/* The port range [base, base + 2^log2) of an IO fpage or of a receive
 * window (CompleteAddressSpace: every port); false for anything else. */
static bool port_range(word_t f, word_t *base, word_t *log2)
{
	if (fpage_is_complete(f)) {
		*base = 0, *log2 = 16;
		return true;
	}
	if (!iofpage_is(f) || iofpage_log2(f) > 16)
		return false;
	*log2 = iofpage_log2(f);
	*base = iofpage_port(f) & ~((1u << *log2) - 1);
	return true;
}

static word_t map_port(struct space *src, struct space *dst, word_t port, bool grant)
{
	if (kernel_port(port))
		return 0;                       /* nobody's to give */
	struct io_node *from = node_of(src, port);
	if (!from && !src->idempotent)
		return 0;                       /* not the sender's: nothing */
	struct io_node *old = node_of(dst, port);
	if (old) {
		if (old->parent == from)
			return 0;               /* the same mapping again */
		if (from && derives_from(from, old))
			return 0;               /* would remove its own source */
		remove_tree(old, port);
	}
	if (grant && from) {
		/* The node moves: parent and children stay. */
		if (!bits_reserve(dst, port))
			return IPC_ERR_OVERFLOW;
		bit_clear(src, port);
		from->space = dst;
		bit_set(dst, port);
		return 0;
	}
	return node_add(dst, port, from) ? 0 : IPC_ERR_OVERFLOW;
}

word_t iofpage_map_item(struct space *src, struct space *dst, word_t fpage,
                        word_t window, bool grant)
{
	word_t base, log2, wbase, wlog2;
	if (!port_range(fpage, &base, &log2))
		return 0;
	if (!port_range(window, &wbase, &wlog2))
		return IPC_ERR_OVERFLOW;        /* a memory window takes no ports */
	/* Ports map only to themselves: the intersection of the two. */
	word_t lo = base > wbase ? base : wbase;
	word_t hi_a = base + (1u << log2), hi_b = wbase + (1u << wlog2);
	word_t hi = hi_a < hi_b ? hi_a : hi_b;
	word_t err = 0;
	for (word_t port = lo; port < hi && !err; port++)
		err = map_port(src, dst, port, grant);
	if (current->space)
		io_bitmap_switch(current->space);
	return err;
}

word_t iofpage_unmap(struct space *s, word_t fpage, bool flush)
{
	word_t base, log2;
	if (!port_range(fpage, &base, &log2) || !fpage_rights(fpage))
		return fpage & ~7u;
	for (word_t port = base; port < base + (1u << log2); port++) {
		struct io_node *n = node_of(s, port);
		if (n) {
			if (flush)
				remove_tree(n, port);
			else
				remove_children(n, port);
		} else if (s->idempotent) {
			/* sigma0 revokes what it gave: every root of the port. */
			struct io_node *r;
			while ((r = first_root(port)))
				remove_tree(r, port);
		}
	}
	if (current->space)
		io_bitmap_switch(current->space);
	return fpage & ~7u;
}

void iofpage_space_gone(struct space *s)
{
	while (s->io) {
		struct io_space *io = s->io;
		word_t port = 0;
		while (!bit_get(io, port))
			port++;
		remove_tree(node_of(s, port), port);
	}
}

bool iofpage_holds(const struct space *s, word_t port)
{
	return bit_get(s->io, port);
}
