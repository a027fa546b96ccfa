// SPDX-License-Identifier: MIT
/*
 * kdb_spaces.c: the debugger's views of address spaces: the space list
 * (threads, small-space slot, kernel memory, I/O ports), one space's
 * mappings as the page tables and the mapping database have them
 * (ranges coalesced: virtual range, physical frames, rights, and the
 * mapping each was derived from), the mapping tree of one physical frame,
 * and memory dumps of the kernel or of a space. Read-only; a space's
 * memory is read through the physical window, never by switching to it.
 */
#include "kdb_cmd.h"
#include "space.h"
#include "mapdb.h"
#include "iofpage.h"
#include "../arch/ia32/paging.h"
#include "../arch/ia32/machine.h"

/* A space's name: its kernel address, with its lowest-numbered thread
 * (its first, as a rule: the one it was made for). */
static const char *space_name(const struct space *s, char buf[40])
{
	char b[24];
	if (!s)
		return "none";
	const struct tcb *first = s->threads;
	for (const struct tcb *u = s->threads; u; u = u->space_next)
		if (tid_no(u->global_id) < tid_no(first->global_id))
			first = u;
	snprintf(buf, 40, "%08x (%s)", (uint32_t)s, first ? kdb_tid(first->global_id, b) : "no threads");
	return buf;
}

/* ---- the space list ---- */

static void print_ports(const struct space *s)
{
	if (!s->io || !s->io->held)
		return;
	kprintf("    I/O ports (%u):", s->io->held);
	unsigned shown = 0;
	for (word_t p = 0; p < IO_PORTS && shown < 8; p++) {
		if (!iofpage_holds(s, p))
			continue;
		word_t q = p;
		while (q + 1 < IO_PORTS && iofpage_holds(s, q + 1))
			q++;
		kprintf(q == p ? " %x" : " %x-%x", p, q);
		shown++;
		p = q;
	}
	kprintf(shown == 8 ? " ...\n" : "\n");
}

static bool list_space(struct tcb *t, void *arg)
{
	(void)arg;
	struct space *s = t->space;
	if (!s || s->threads != t)
		return true;            /* each space once: at its first thread */
	char b[24];
	kprintf("space %08x  threads %u:", (uint32_t)s, s->nthreads);
	unsigned n = 0;
	for (struct tcb *u = s->threads; u && n < 12; u = u->space_next, n++)
		kprintf(" %s", kdb_tid(u->global_id, b));
	kprintf(n < s->nthreads ? " ...\n" : "\n");
	if (s->arch.small)
		kprintf("    small space %u: slot %08x, %u KiB\n", s->arch.small, s->arch.seg_base,
		        s->arch.seg_size >> 10);
	else
		kprintf("    large space, page directory at %08x\n", s->pd_phys);
	kprintf("    %s%skernel memory %u frames", s->privileged ? "privileged  " : "",
	        s->idempotent ? "idempotent  " : "", s->kmem.used);
	if (s->kmem.limit != KMEM_UNLIMITED)
		kprintf(" (limit %u)", s->kmem.limit);
	kprintf("  kip area %08x  utcb area %08x\n", s->kip_area, s->utcb_area);
	print_ports(s);
	return true;
}

int kdb_cmd_spaces(int argc, char **argv)
{
	(void)argc, (void)argv;
	kdb_for_each_thread(list_space, 0);
	return KDB_STAY;
}

/* ---- mappings ---- */

/* Calls fn for every present user mapping of s in [lo, hi): 4 KiB pages,
 * or whole 4 MiB pages (size tells). */
static void walk_space(struct space *s, word_t lo, word_t hi,
                       void (*fn)(struct space *s, word_t va, word_t pa, word_t size,
                                  pte_t e, void *arg), void *arg)
{
	word_t limit = s->arch.small ? s->arch.seg_size : USER_LIMIT;
	if (hi > limit || hi == 0)
		hi = limit;
	for (word_t pdi = lo >> SUPERPAGE_SHIFT; pdi < (hi + SUPERPAGE_SIZE - 1) >> SUPERPAGE_SHIFT; pdi++) {
		pte_t pde = s->pd[pdi];
		word_t base = pdi << SUPERPAGE_SHIFT;
		if (!(pde & PTE_P))
			continue;
		if (pde & PTE_PS) {
			if (base + SUPERPAGE_SIZE > lo && base < hi)
				fn(s, base, pde & ~(SUPERPAGE_SIZE - 1), SUPERPAGE_SIZE, pde, arg);
			continue;
		}
		const pte_t *pt = phys_to_virt(pde & PTE_ADDR);
		for (word_t i = 0; i < 1024; i++) {
			word_t va = base + (i << PAGE_SHIFT);
			if (va >= lo && va < hi && (pt[i] & PTE_P) && (pt[i] & PTE_U))
				fn(s, va, pt[i] & PTE_ADDR, PAGE_SIZE, pt[i], arg);
		}
	}
}

static bool in_fpage(word_t fpage, word_t va)
{
	return fpage && va - fpage_base(fpage) < (1u << fpage_log2(fpage));
}

/* A run of mappings printed as one line. */
struct run {
	bool open;
	word_t va, end, pa, rights;
	const struct space *from;       /* the parent's space, NULL: a root */
	word_t from_va;
	const char *kind;               /* for pages without a node */
	unsigned lines, pages;
};

static void run_flush(struct run *r)
{
	if (!r->open)
		return;
	char b[40];
	kprintf("  %08x-%08x -> %08x %c%c%c ", r->va, r->end - 1, r->pa,
	        r->rights & RIGHT_R ? 'r' : '-', r->rights & RIGHT_W ? 'w' : '-',
	        r->rights & RIGHT_X ? 'x' : '-');
	if (r->kind)
		kprintf("%s\n", r->kind);
	else if (r->from)
		kprintf("from %s at %08x\n", space_name(r->from, b), r->from_va);
	else
		kprintf("root\n");
	r->open = false;
	r->lines++;
}

static void map_one(struct space *s, word_t va, word_t pa, word_t size, pte_t e, void *arg)
{
	struct run *r = arg;
	const struct mapnode *n = mapdb_node(s, va);
	word_t rights = RIGHT_R | RIGHT_X | (e & PTE_W ? RIGHT_W : 0);
	const struct space *from = 0;
	word_t from_va = 0;
	const char *kind = 0;
	if (!n)
		kind = in_fpage(s->kip_area, va) ? "kernel: KIP" :
		       in_fpage(s->utcb_area, va) ? "kernel: UTCB" : "no mapping node";
	else if (n->parent) {
		struct mapdb_info pi;
		mapdb_node_info(n->parent, n->parent->va & ~3u, &pi);
		from = n->parent->space;
		from_va = pi.super ? pi.va + (pa - pi.frame) : pi.va;
	}
	r->pages += size >> PAGE_SHIFT;
	if (r->open && va == r->end && pa == r->pa + (r->end - r->va) && rights == r->rights &&
	    kind == r->kind && from == r->from &&
	    (!from || from_va == r->from_va + (r->end - r->va))) {
		r->end += size;
		return;
	}
	run_flush(r);
	*r = (struct run){ true, va, va + size, pa, rights, from, from_va, kind, r->lines, r->pages };
}

int kdb_cmd_maps(int argc, char **argv)
{
	struct space *s;
	word_t lo = 0, hi = 0;
	if (argc < 2 || (argc > 2 && !kdb_parse_word(argv[2], &lo)) ||
	    (argc > 3 && !kdb_parse_word(argv[3], &hi))) {
		kprintf("usage: maps SPACE [FROM [TO]]\n");
		return KDB_STAY;
	}
	if (!(s = kdb_parse_space(argv[1])))
		return KDB_STAY;
	char b[40];
	kprintf("mappings of space %s:\n", space_name(s, b));
	struct run r = { 0 };
	walk_space(s, lo & ~(PAGE_SIZE - 1), hi, map_one, &r);
	run_flush(&r);
	kprintf("  %u pages in %u ranges\n", r.pages, r.lines);
	return KDB_STAY;
}

/* ---- the mapping tree of a frame ---- */

struct frame_hunt { word_t pa; unsigned trees; };

/* Does node n map the frame pa? Gives the address it maps it at. */
static bool node_maps(const struct mapnode *n, word_t pa, word_t *va, word_t *rights)
{
	struct mapdb_info i;
	mapdb_node_info(n, n->va & ~3u, &i);
	word_t size = i.super ? SUPERPAGE_SIZE : PAGE_SIZE;
	if (pa - i.frame >= size)
		return false;
	*va = i.va + (pa - i.frame);
	*rights = i.rights;
	return true;
}

static void print_tree(const struct mapnode *root, word_t pa)
{
	const struct mapnode *n = root;
	unsigned depth = 0;
	for (;;) {
		word_t va, rights;
		bool maps = node_maps(n, pa, &va, &rights);
		if (maps) {
			char b[40];
			kprintf("  %*s%s at %08x %c%c%c%s\n", (int)(2 * depth), "",
			        space_name(n->space, b), va, rights & RIGHT_R ? 'r' : '-',
			        rights & RIGHT_W ? 'w' : '-', rights & RIGHT_X ? 'x' : '-',
			        n->va & 1 ? " (4 MiB)" : "");
		}
		if (maps && n->child) {         /* down, where the frame goes on */
			n = n->child;
			depth++;
			continue;
		}
		while (n != root && !n->next) {
			n = n->parent;
			depth--;
		}
		if (n == root)
			return;
		n = n->next;
	}
}

static void frame_one(struct space *s, word_t va, word_t pa, word_t size, pte_t e, void *arg)
{
	(void)e;
	struct frame_hunt *h = arg;
	if (h->pa - pa >= size)
		return;
	const struct mapnode *n = mapdb_node(s, va);
	if (n && !n->parent) {
		print_tree(n, h->pa);
		h->trees++;
	}
}

static bool frame_in_space(struct tcb *t, void *arg)
{
	if (t->space && t->space->threads == t)
		walk_space(t->space, 0, 0, frame_one, arg);
	return true;
}

int kdb_cmd_frame(int argc, char **argv)
{
	struct frame_hunt h = { 0, 0 };
	if (argc < 2 || !kdb_parse_word(argv[1], &h.pa)) {
		kprintf("usage: frame PHYS\n");
		return KDB_STAY;
	}
	h.pa &= ~(PAGE_SIZE - 1);
	kprintf("mappings of frame %08x:\n", h.pa);
	kdb_for_each_thread(frame_in_space, &h);
	if (!h.trees)
		kprintf("  none\n");
	return KDB_STAY;
}

/* ---- memory ---- */

static bool read_space(struct space *s, word_t va, word_t *w)
{
	if (va > s->arch.seg_size - 4 || (!s->arch.small && va >= USER_LIMIT))
		return false;
	pte_t e = page_lookup(s->pd, va);
	if (!(e & PTE_P))
		return false;
	word_t pa = (e & PTE_ADDR) | (va & (PAGE_SIZE - 1));
	if (pa >= PHYS_WINDOW_SIZE)
		return false;
	return probe_read32((uintptr_t)phys_to_virt(pa), w);
}

static void dump(struct space *s, word_t addr, word_t words)
{
	addr &= ~3u;
	if (words > 256)
		words = 256;
	for (word_t i = 0; i < words; i++) {
		word_t va = addr + 4 * i, w;
		if (i % 4 == 0)
			kprintf("  %08x:", va);
		bool ok = s ? read_space(s, va, &w) : probe_read32(va, &w);
		if (ok)
			kprintf(" %08x", w);
		else
			kprintf(" --------");
		if (i % 4 == 3 || i + 1 == words)
			kprintf("\n");
	}
}

int kdb_cmd_mem(int argc, char **argv)
{
	word_t addr, words = 16;
	if (argc < 2 || !kdb_parse_word(argv[1], &addr) ||
	    (argc > 2 && !kdb_parse_word(argv[2], &words))) {
		kprintf("usage: mem ADDR [WORDS]   (kernel addresses; umem for a space)\n");
		return KDB_STAY;
	}
	if (addr < KERNEL_BASE) {
		kprintf("kdb: %08x is not a kernel address (umem SPACE ADDR)\n", addr);
		return KDB_STAY;
	}
	kprintf("kernel memory at ");
	kdb_print_addr(addr);
	kprintf(":\n");
	dump(0, addr, words);
	return KDB_STAY;
}

int kdb_cmd_umem(int argc, char **argv)
{
	word_t addr, words = 16;
	struct space *s;
	if (argc < 3 || !kdb_parse_word(argv[2], &addr) ||
	    (argc > 3 && !kdb_parse_word(argv[3], &words))) {
		kprintf("usage: umem SPACE ADDR [WORDS]\n");
		return KDB_STAY;
	}
	if (!(s = kdb_parse_space(argv[1])))
		return KDB_STAY;
	char b[40];
	kprintf("memory of space %s at %08x:\n", space_name(s, b), addr);
	dump(s, addr, words);
	return KDB_STAY;
}
