// SPDX-License-Identifier: MIT
/*
 * thread.c: the virtual TCB array. At boot every slot maps one shared zero
 * page read-only; creating a thread maps a fresh frame over its slot, and
 * deleting it maps the zero page back. The page tables of the TCB area are
 * allocated once at boot and shared by every page directory, so a new TCB
 * is visible in all spaces at once.
 */
#include "kernel.h"
#include "tcb.h"
#include "space.h"
#include "../arch/ia32/paging.h"

static uint32_t zero_page_phys;

void thread_init_tcbs(void)
{
	void *zero = kmem_alloc();
	if (!zero)
		panic("thread_init_tcbs: no memory for the zero page");
	zero_page_phys = virt_to_phys(zero);
	pte_t *kpd = kernel_pd();
	for (uint32_t va = TCB_AREA_BASE; va < TCB_AREA_BASE + TCB_AREA_SIZE; va += SUPERPAGE_SIZE) {
		pte_t *pt = kmem_alloc();
		if (!pt)
			panic("thread_init_tcbs: no memory for TCB page tables");
		for (unsigned i = 0; i < 1024; i++)
			pt[i] = zero_page_phys | PTE_P | PTE_G;
		kpd[va >> 22] = virt_to_phys(pt) | PTE_P | PTE_W;
	}
}

static pte_t *tcb_pte(struct tcb *t)
{
	uint32_t va = (uintptr_t)t;
	pte_t *pt = phys_to_virt(kernel_pd()[va >> 22] & PTE_ADDR);
	return &pt[(va >> 12) & 1023];
}

struct tcb *thread_alloc(word_t global_id)
{
	struct tcb *t = tcb_by_no(tid_no(global_id));
	pte_t *pte = tcb_pte(t);
	if ((*pte & PTE_ADDR) != zero_page_phys)
		panic("thread_alloc: slot %u in use", tid_no(global_id));
	void *frame = kmem_alloc();
	if (!frame)
		return 0;
	*pte = virt_to_phys(frame) | PTE_P | PTE_W | PTE_G;
	tlb_flush_page((uintptr_t)t);
	t->global_id = global_id;
	tcb_set_state(t, TS_INACTIVE);
	return t;
}

void thread_free(struct tcb *t)
{
	pte_t *pte = tcb_pte(t);
	void *frame = phys_to_virt(*pte & PTE_ADDR);
	*pte = zero_page_phys | PTE_P | PTE_G;
	tlb_flush_page((uintptr_t)t);
	kmem_free(frame);
}

struct tcb *tcb_lookup_local(const struct tcb *self, word_t id)
{
	if (id == TID_NIL || id == TID_ANYLOCAL)
		return 0;
	for (struct tcb *t = self->space->threads; t; t = t->space_next)
		if (tcb_local_id(t) == id && t->utcb)
			return t;
	return 0;
}

