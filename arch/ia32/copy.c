// SPDX-License-Identifier: MIT
/*
 * copy.c: one piece of a string copy between two address spaces. Each
 * side's page is found in its own page directory (large and small spaces
 * alike: a small space's entries below its size are its slot's tables)
 * and reached through the kernel's physical window, whichever space the
 * CPU has loaded. A piece never crosses a page boundary on either side,
 * so the generic loop (kernel/string_ipc.c) can take page faults and
 * preemption between pieces.
 *
 * Interrupts are enabled while the bytes move: an interrupt handler runs
 * and returns (the kernel preempts itself only at the points the caller
 * chooses), and it touches neither page table nor frame.
 */
#include "copy.h"
#include "paging.h"
#include "x86.h"

/* The PTE of a user page of s at va with the rights asked for, or NULL. */
static pte_t *user_pte(struct space *s, word_t va, bool write)
{
	pte_t pde = s->pd[va >> 22];
	if (!(pde & PTE_P))
		return 0;
	pte_t *pte;
	if (pde & PTE_PS)
		pte = &s->pd[va >> 22];
	else
		pte = page_slot(s->pd, va, false, 0);
	if (!pte)
		return 0;
	pte_t need = PTE_P | PTE_U | (write ? PTE_W : 0);
	return (*pte & need) == need ? pte : 0;
}

static uint32_t frame_of(pte_t *pte, word_t va)
{
	if (*pte & PTE_PS)
		return (*pte & 0xFFC00000u) + (va & 0x3FF000u);
	return *pte & PTE_ADDR;
}

word_t copy_user_piece(struct space *src, word_t sva, struct space *dst, word_t dva,
                       word_t len, enum copy_stop *stop)
{
	word_t room_s = PAGE_SIZE - (sva & (PAGE_SIZE - 1));
	word_t room_d = PAGE_SIZE - (dva & (PAGE_SIZE - 1));
	if (len > room_s)
		len = room_s;
	if (len > room_d)
		len = room_d;
	pte_t *ps = user_pte(src, sva, false);
	if (!ps) {
		*stop = COPY_FAULT_SRC;
		return 0;
	}
	pte_t *pd = user_pte(dst, dva, true);
	if (!pd) {
		*stop = COPY_FAULT_DST;
		return 0;
	}
	uint32_t fs = frame_of(ps, sva), fd = frame_of(pd, dva);
	if (fs >= PHYS_WINDOW_SIZE || fd >= PHYS_WINDOW_SIZE) {
		*stop = COPY_UNREACHABLE;
		return 0;
	}
	*ps |= PTE_A;
	*pd |= PTE_A | PTE_D;
	const char *from = (const char *)phys_to_virt(fs) + (sva & (PAGE_SIZE - 1));
	char *to = (char *)phys_to_virt(fd) + (dva & (PAGE_SIZE - 1));
	sti();
	memcpy(to, from, len);
	cli();
	*stop = COPY_OK;
	return len;
}
