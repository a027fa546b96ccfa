// SPDX-License-Identifier: MIT
/*
 * space.c: creating and destroying address spaces, and the kernel-managed
 * pages inside them (KIP, UTCBs). User memory is the mapping database's
 * (mapdb.c); here only the boot-time root mappings of sigma0 and the root
 * task, and sigma0's idempotent faults, enter it.
 */
#include "kernel.h"
#include "space.h"
#include "tcb.h"
#include "kmem.h"
#include "mapdb.h"
#include "iofpage.h"
#include "../arch/ia32/layout.h"
#include "../arch/ia32/paging.h"
#include "../arch/ia32/smallspace.h"

void *kip_page;

_Static_assert(sizeof(struct space) <= PAGE_SIZE, "struct space fits one frame");
_Static_assert(sizeof(((struct space *)0)->shadow) / sizeof(void *) == USER_LIMIT >> 22,
               "a shadow slot per user page table");

struct space *space_create(void)
{
	struct space *s = kmem_alloc();         /* one frame: small enough */
	if (!s)
		return 0;
	pte_t *pd = kmem_alloc();
	if (!pd) {
		kmem_free(s);
		return 0;
	}
	/* The kernel's part (and the shared small-space area) is the same
	 * in every directory. */
	const pte_t *kpd = kernel_pd();
	for (unsigned i = SMALL_AREA_BASE >> 22; i < 1024; i++)
		pd[i] = kpd[i];
	s->pd = pd;
	s->pd_phys = virt_to_phys(pd);
	s->kmem.limit = kmem_default_limit();
	s->nodes = (struct slab_cache)SLAB_CACHE(sizeof(struct mapnode));
	s->nodes.account = &s->kmem;
	smallspace_init_space(s);
	return s;
}

bool space_initialized(const struct space *s)
{
	return s->kip_area && s->utcb_area;
}

static bool fpage_in_user(word_t f)
{
	word_t log2 = fpage_log2(f);
	if (log2 < 12 || log2 >= 32)
		return false;
	word_t base = fpage_base(f);
	return base < USER_LIMIT && (1u << log2) <= USER_LIMIT - base;
}

static bool fpages_overlap(word_t a, word_t b)
{
	word_t ab = fpage_base(a), ae = ab + (1u << fpage_log2(a));
	word_t bb = fpage_base(b), be = bb + (1u << fpage_log2(b));
	return ab < be && bb < ae;
}

word_t space_set_areas(struct space *s, word_t kip_area, word_t utcb_area)
{
	/* Once a space has threads running, its areas stay (X.2 §4.3). */
	if (space_initialized(s))
		return ERR_INVALID_SPACE;
	/* X.2 §4.3: a KIP area that overlaps the UTCB area is a bad KIP area. */
	if (!fpage_in_user(kip_area) || fpage_log2(kip_area) != 12 ||
	    fpages_overlap(kip_area, utcb_area))
		return ERR_KIP_AREA;
	if (!fpage_in_user(utcb_area))
		return ERR_UTCB_AREA;
	if (page_map(s->pd, fpage_base(kip_area), virt_to_phys(kip_page), PTE_U, &s->kmem) < 0)
		return ERR_NO_MEM;
	s->kip_area = kip_area;
	s->utcb_area = utcb_area;
	return 0;
}

bool space_utcb_ok(const struct space *s, word_t location)
{
	if (!s->utcb_area || (location & (UTCB_SIZE - 1)))
		return false;
	word_t base = fpage_base(s->utcb_area), size = 1u << fpage_log2(s->utcb_area);
	return location >= base && location - base <= size - UTCB_SIZE;
}

char *space_utcb_map(struct space *s, word_t location)
{
	uint32_t page = location & ~(PAGE_SIZE - 1);
	if (s->pd[page >> 22] & PTE_PS)
		return 0;                       /* a user superpage is there */
	pte_t e = page_lookup(s->pd, page);
	if ((e & PTE_P) && !kmem_owns(e & PTE_ADDR))
		return 0;                       /* user memory is there, not ours */
	if (!(e & PTE_P)) {
		void *frame = kmem_alloc_for(&s->kmem);
		if (!frame)
			return 0;
		if (page_map(s->pd, page, virt_to_phys(frame), PTE_U | PTE_W, &s->kmem) < 0) {
			kmem_free_for(&s->kmem, frame);
			return 0;
		}
		e = page_lookup(s->pd, page);
	}
	return (char *)phys_to_virt(e & PTE_ADDR) + (location & (PAGE_SIZE - 1));
}

void space_add_thread(struct space *s, struct tcb *t)
{
	t->space = s;
	t->local_sender = t;                    /* (nobody yet: space_remove_thread) */
	t->redirected = s->redirector != 0;     /* redirect.c */
	t->space_next = s->threads;
	s->threads = t;
	s->nthreads++;
}

/*
 * A thread's local_sender (the IPC fast path's guess for a local id it
 * sends to: the last sender of its space the fast path delivered to it,
 * sysenter.asm) is always a thread of its own space, itself at first:
 * the fast path trusts it without comparing spaces. So a thread that
 * leaves a space (deleted or moved) is forgotten by the threads staying
 * there, and forgets its own.
 */
void space_remove_thread(struct space *s, struct tcb *t)
{
	for (struct tcb **p = &s->threads; *p; p = &(*p)->space_next)
		if (*p == t) {
			*p = t->space_next;
			s->nthreads--;
			break;
		}
	for (struct tcb *u = s->threads; u; u = u->space_next)
		if (u->local_sender == t)
			u->local_sender = u;
	t->local_sender = t;
	t->space = 0;
}

/* Boot images: root mappings, so that their owners can map them on. */
bool space_map_identity(struct space *s, uint32_t va, uint32_t len, bool writable)
{
	word_t rights = RIGHT_R | RIGHT_X | (writable ? RIGHT_W : 0);
	for (uint32_t a = va & ~(PAGE_SIZE - 1); a < va + len; a += PAGE_SIZE)
		if (mapdb_map_root(s, a, a, rights) != 0)
			return false;
	return true;
}

extern char kernel_image_start[], kernel_image_end[];

bool phys_is_kernel(uint32_t pa)
{
	return kmem_owns(pa) || (pa >= virt_to_phys(kernel_image_start) &&
	                         pa < virt_to_phys(kernel_image_end));
}

int space_idempotent_map(struct space *s, uint32_t va)
{
	va &= ~(PAGE_SIZE - 1);
	if (!s->idempotent || va >= USER_LIMIT || phys_is_kernel(va))
		return 0;
	if (mapdb_has(s, va))
		return 0;                       /* mapped: a protection fault */
	int r = mapdb_map_root(s, va, va, RIGHTS_ALL);
	return r < 0 ? -1 : r == 0;
}

bool space_idempotent_fault(struct space *s, uint32_t va)
{
	return space_idempotent_map(s, va) > 0;
}

bool space_idempotent_super(struct space *s, uint32_t va)
{
	if (!s->idempotent || (va & (SUPERPAGE_SIZE - 1)) || va >= USER_LIMIT)
		return false;
	for (uint32_t pa = va; pa - va < SUPERPAGE_SIZE; pa += PAGE_SIZE)
		if (phys_is_kernel(pa))
			return false;
	return mapdb_map_root_super(s, va, va, RIGHTS_ALL) == 0;
}

/* Frees the UTCB pages (kernel frames), the page tables, the directory. */
void space_destroy(struct space *s)
{
	iofpage_space_gone(s);
	mapdb_flush_space(s);
	if (s->utcb_area) {
		word_t base = fpage_base(s->utcb_area), size = 1u << fpage_log2(s->utcb_area);
		for (word_t a = base; a - base < size; a += PAGE_SIZE) {
			pte_t e = page_lookup(s->pd, a);
			if ((e & PTE_P) && kmem_owns(e & PTE_ADDR))
				kmem_free_for(&s->kmem, phys_to_virt(e & PTE_ADDR));
		}
	}
	smallspace_destroy(s);          /* the slot's tables are not the space's */
	page_tables_free(s->pd, USER_LIMIT, &s->kmem);
	if (s->kmem.used)
		panic("space_destroy: %u frames still charged to a space", s->kmem.used);
	kmem_free(s->pd);
	kmem_free(s);
	mapdb_reclaim_idle();           /* sigma0's roots of what s had */
}
