// SPDX-License-Identifier: MIT
/*
 * smallspace.c: small address spaces (X.2 A.5, docs/architecture.md).
 *
 * The small-space area (SMALL_AREA_BASE, 512 MiB) is SMALL_SLOTS slots of
 * 4 MiB, one page table each, allocated at boot; their directory entries
 * are the same in every page directory and never change. A small space of
 * n slots at slot k aliases its own directory entries 0..n-1 to the page
 * tables of slots k..k+n-1: a PTE the mapping database writes for address
 * va of the space is the PTE of SMALL_AREA_BASE + 4 MiB * k + va too.
 *
 *   make small: copy the PTEs of the space's own tables below its size
 *               into the slot tables, free its tables, alias.
 *   promote:    copy the slot tables into fresh tables of its own,
 *               clear the slot tables, flush the TLB. Addresses stay.
 * Invariants: slot_owner[i] is the space aliased to slot i, or NULL, and
 * a slot with no owner has an empty page table.
 */
#include "smallspace.h"
#include "gdt.h"
#include "layout.h"
#include "paging.h"
#include "uctx.h"
#include "x86.h"
#include "../../kernel/kernel.h"
#include "../../kernel/space.h"
#include "../../kernel/tcb.h"
#include "../../kernel/kip.h"
#include "../../kernel/mapdb.h"

#define PDE_USER_TABLE (PTE_P | PTE_W | PTE_U)
#define SLOT_PDI(i)    ((SMALL_AREA_BASE >> 22) + (i))

uint32_t small_spaces_live;

/* The IPC fast path leaves by sysexit, whose flat CS and SS would reach
 * the small spaces' slots: while one is live it leaves by iret, through
 * the user descriptors of the partner's space. Its exits are a table by
 * the message's untyped words, u (sysenter.asm): no words, one, two, more. */
static void fast_exit_choose(void)
{
#if CONFIG_FASTPATH
	extern void *fast_leave_by_u[128];      /* (64 and up: to a thread that
	                                           waits in the general path) */
	extern char fast_exit0_sysexit[], fast_one_mr_sysexit[], fast_two_mrs_sysexit[],
		fast_many_mrs_sysexit[];
	extern char fast_leave_iret0[], fast_one_mr_iret[], fast_two_mrs_iret[],
		fast_many_mrs_iret[];
	bool iret = small_spaces_live != 0;
	fast_leave_by_u[0] = iret ? fast_leave_iret0 : fast_exit0_sysexit;
	fast_leave_by_u[1] = iret ? fast_one_mr_iret : fast_one_mr_sysexit;
	fast_leave_by_u[2] = iret ? fast_two_mrs_iret : fast_two_mrs_sysexit;
	for (unsigned u = 3; u < 64; u++)
		fast_leave_by_u[u] = iret ? fast_many_mrs_iret : fast_many_mrs_sysexit;
#endif
}
static pte_t *slot_table[SMALL_SLOTS];
static struct space *slot_owner[SMALL_SLOTS];

void smallspace_init(void)
{
	pte_t *kpd = kernel_pd();
	for (unsigned i = 0; i < SMALL_SLOTS; i++) {
		if (!(slot_table[i] = kmem_alloc()))
			panic("smallspace_init: no memory for the small-space area");
		kpd[SLOT_PDI(i)] = virt_to_phys(slot_table[i]) | PDE_USER_TABLE;
	}
}

static void set_segments(struct space *s, uint32_t base, uint32_t size)
{
	s->arch.seg_base = base;
	s->arch.seg_size = size;
	s->arch.seg_key = base | size >> 22;
	space_switch_key_update(s);
	if (base)
		gdt_make_copy(s->arch.gdt_copy, &s->arch.gdtr, base, size);
	else
		s->arch.gdtr = gdt_kernel_dtr;
}

_Static_assert(UTCB_WORD_ADDRESS == UTCB_WORD_PAGE + KIP_UTCB_ADDRESS,
               "the UTCB segment covers the KIP's UTCB-address word");

void smallspace_map_kip(void)
{
	slot_table[SMALL_SLOTS - 1][1023] = virt_to_phys(kip_page) | PTE_P | PTE_U;
}

void smallspace_init_space(struct space *s)
{
	s->arch.small = 0;
	set_segments(s, 0, USER_LIMIT);
}

/* The slots a small-space number stands for: bit p, the lowest set one,
 * gives 2^p slots of 4 MiB; the bits above it the location in 2 MiB. */
static void decode(word_t small, unsigned *first, unsigned *count)
{
	*count = small & -small;
	*first = (small - *count) / 2;
}

static pte_t *table_of(pte_t pde)
{
	return phys_to_virt(pde & PTE_ADDR);
}

static bool fpage_below(word_t f, uint32_t size)
{
	return fpage_base(f) < size && (1u << fpage_log2(f)) <= size - fpage_base(f);
}

/* The space's segments changed: reload them where they are loaded. A
 * thread parked by the IPC fast path would leave straight from its frame,
 * unchecked: uctx_leave_by_iret sends it through user_return_check, which
 * makes sure its IP fits the new code segment. */
static void segments_changed(struct space *s)
{
	for (struct tcb *t = s->threads; t; t = t->space_next)
		uctx_leave_by_iret(t);
	if (loaded_space == s) {
		loaded_space = 0;
		if (current->space == s)
			uctx_load_user_state(current);
	}
}

static bool make_small(struct space *s, word_t small)
{
	unsigned first, count;
	decode(small, &first, &count);
	uint32_t size = count * SUPERPAGE_SIZE;
	if (s->idempotent || !s->kip_area || !fpage_below(s->kip_area, size) ||
	    !fpage_below(s->utcb_area, size))
		return false;           /* its threads could not reach their UTCBs */
	if (first + count > SMALL_SLOTS - 1)
		return false;           /* the last slot holds UTCB_WORD_PAGE */
	for (unsigned i = 0; i < count; i++)
		if (slot_owner[first + i] || (s->pd[i] & PTE_PS))
			return false;
	for (unsigned i = 0; i < count; i++) {
		pte_t *slot = slot_table[first + i];
		if (s->pd[i] & PTE_P) {
			memcpy(slot, table_of(s->pd[i]), PAGE_SIZE);
			kmem_free_for(&s->kmem, table_of(s->pd[i]));
		}
		s->pd[i] = virt_to_phys(slot) | PDE_USER_TABLE;
		mapdb_table_moved(s, i, slot);  /* its nodes' entries are here now */
		slot_owner[first + i] = s;
	}
	s->arch.small = (uint8_t)small;
	set_segments(s, SMALL_AREA_BASE + first * SUPERPAGE_SIZE, size);
	small_spaces_live++;
	fast_exit_choose();
	write_cr3(read_cr3());          /* the space's old tables are gone */
	segments_changed(s);
	return true;
}

/* s's slot goes (promoted or destroyed): the CPU must not run on its
 * table copy any more, which is about to change or be freed. */
static void leave_table_copy(const struct space *s)
{
	if (loaded_seg_key() != s->arch.seg_key)
		return;
	lgdt(&gdt_kernel_dtr);
	user_switch_key_set(LARGE_SEG_KEY);
	segment_reloads++;
}

static bool table_empty(const pte_t *t)
{
	for (unsigned i = 0; i < 1024; i++)
		if (t[i])
			return false;
	return true;
}

/* Page tables s needs of its own to keep its slot's mappings. */
static unsigned tables_needed(const struct space *s)
{
	unsigned first, count, n = 0;
	decode(s->arch.small, &first, &count);
	for (unsigned i = 0; i < count; i++)
		n += !table_empty(slot_table[first + i]);
	return n;
}

/* Detaches the slot tables from s; with 'keep', copies what they map into
 * tables of its own first (tables_needed frames must be free). */
static void unalias(struct space *s, bool keep)
{
	unsigned first, count;
	decode(s->arch.small, &first, &count);
	for (unsigned i = 0; i < count; i++) {
		pte_t *slot = slot_table[first + i];
		s->pd[i] = 0;
		if (keep && !table_empty(slot)) {
			pte_t *own = kmem_alloc_for(&s->kmem);
			if (!own)
				panic("smallspace: promotion ran out of kernel memory");
			memcpy(own, slot, PAGE_SIZE);
			s->pd[i] = virt_to_phys(own) | PDE_USER_TABLE;
			mapdb_table_moved(s, i, own);
		}
		memset(slot, 0, PAGE_SIZE);
		slot_owner[first + i] = 0;
	}
	leave_table_copy(s);
	s->arch.small = 0;
	set_segments(s, 0, USER_LIMIT);
	small_spaces_live--;
	fast_exit_choose();
	write_cr3(read_cr3());          /* the slot's entries are stale */
}

bool smallspace_promote(struct space *s)
{
	if (!s->arch.small)
		return true;
	unsigned need = tables_needed(s);
	if (kmem_free_frames() < need || !kmem_account_room(&s->kmem, need))
		return false;
	unalias(s, true);
	segments_changed(s);
	return true;
}

void smallspace_destroy(struct space *s)
{
	if (s->arch.small)
		unalias(s, false);
	if (loaded_space == s)
		loaded_space = 0;
	/* Nothing may run on a directory about to be freed. */
	if (read_cr3() == s->pd_phys) {
		write_cr3(virt_to_phys(kernel_pd()));
		cr3_loads++;
	}
}

word_t smallspace_control(struct space *s, word_t control)
{
	word_t out = s->arch.small;
	if (!(control & SPACE_CONTROL_SET_SMALL))
		return out;
	word_t small = control & 0xFF;
	if (small == s->arch.small)
		return out | SPACE_CONTROL_EFFECTIVE;
	word_t old = s->arch.small;
	if (!smallspace_promote(s))
		return out;
	if (small && !make_small(s, small)) {
		/* Back where it was if the new slot is taken; the old one
		 * is free again, since only s held it. */
		if (old)
			make_small(s, old);
		return out;
	}
	return out | SPACE_CONTROL_EFFECTIVE;
}

bool space_superpages_ok(const struct space *s)
{
	return !s->arch.small;
}

/* in, out, ins, outs: a #GP from these is about ports, not limits. */
static bool is_port_instruction(uint32_t eip)
{
	for (int i = 0; i < 4; i++, eip++) {
		uint32_t w;
		if (!uctx_peek_user(eip & ~3u, &w))
			return false;
		uint8_t op = (uint8_t)(w >> ((eip & 3) * 8));
		if (op == 0x66 || op == 0xF2 || op == 0xF3)
			continue;               /* prefixes */
		return (op >= 0xE4 && op <= 0xE7) || (op >= 0xEC && op <= 0xEF) ||
		       (op >= 0x6C && op <= 0x6F);
	}
	return false;
}

bool smallspace_limit_fault(struct tcb *t, const struct trap_frame *f, uint32_t cr2)
{
	struct space *s = t->space;
	if (!s->arch.small)
		return false;
	switch (f->vector) {
	case 14:                        /* inside the slot: an ordinary fault */
		if (cr2 - s->arch.seg_base < s->arch.seg_size)
			return false;
		break;
	case 13:
		if (is_port_instruction(f->eip))
			return false;
		break;
	case 12:
		break;
	default:
		return false;
	}
	return smallspace_promote(s);
}

bool smallspace_check_return(struct tcb *t, const struct trap_frame *f)
{
	struct space *s = t->space;
	if (s && s->arch.small && (f->eip >= s->arch.seg_size || f->user_esp > s->arch.seg_size))
		return smallspace_promote(s);
	return true;
}
