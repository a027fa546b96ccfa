// SPDX-License-Identifier: MIT
/*
 * reply.c: loading map replies (X.2 §5.2 MapItem: the send fpage and the
 * send base), and the pager's own side of a mapping: a page must be in
 * the pager's space, with the rights it passes on, before it is mapped.
 */
#include <l4/pager.h>

void pager_load_map(L4_Fpage_t snd, L4_Word_t snd_base)
{
	L4_MapItem_t m = L4_MapItem(snd, snd_base);
	L4_MsgTag_t tag = L4_Niltag;
	tag.X.t = 2;
	L4_LoadMR(1, m.raw[0]);
	L4_LoadMR(2, m.raw[1]);
	L4_Set_MsgTag(tag);
}

void pager_load_map_page(L4_Word_t from, L4_Word_t rights, L4_Word_t to)
{
	pager_load_map(L4_FpageAddRights(L4_FpageLog2(from & PAGER_PAGE_MASK, 12), rights),
	               to & PAGER_PAGE_MASK);
}

/* The largest fpage that starts at both 'from' and 'to' and fits in size. */
static int chunk_log2(L4_Word_t from, L4_Word_t to, L4_Word_t size)
{
	int s = 12;
	while (s < 31) {
		L4_Word_t next = 1UL << (s + 1);
		if ((from | to) & (next - 1) || next > size)
			break;
		s++;
	}
	return s;
}

unsigned pager_load_map_region(L4_Word_t from, L4_Word_t size, L4_Word_t rights, L4_Word_t to)
{
	unsigned items = 0;
	if ((from | to | size) & ~PAGER_PAGE_MASK)
		return 0;
	while (size) {
		if (items == 31)
			return 0;
		int s = chunk_log2(from, to, size);
		L4_MapItem_t m = L4_MapItem(L4_FpageAddRights(L4_FpageLog2(from, s), rights), to);
		L4_LoadMR(1 + 2 * (int)items, m.raw[0]);
		L4_LoadMR(2 + 2 * (int)items, m.raw[1]);
		items++;
		from += 1UL << s;
		to += 1UL << s;
		size -= 1UL << s;
	}
	L4_MsgTag_t tag = L4_Niltag;
	tag.X.t = 2 * items;
	L4_Set_MsgTag(tag);
	return items;
}

void pager_load_empty(void)
{
	L4_Set_MsgTag(L4_Niltag);
}

void pager_touch(L4_Word_t addr, L4_Word_t access)
{
	volatile L4_Word_t *w = (volatile L4_Word_t *)(addr & ~3UL);
	if (access & L4_Writable)
		/* An atomic add of 0: a write that changes nothing, even if
		 * another space writes the same word at the same time. */
		__asm__ __volatile__("lock; addl $0, %0" : "+m"(*w) : : "memory");
	else
		(void)*w;
}

enum pager_result pager_share_fault(struct pager *p, struct pager_region *r,
                                    const struct pager_fault *f)
{
	(void)p;
	L4_Word_t page = pager_fault_page(f);
	pager_touch(page, f->access);
	pager_load_map_page(page, r->rights, page);
	return PAGER_REPLY;
}
