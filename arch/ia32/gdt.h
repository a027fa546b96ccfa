/* SPDX-License-Identifier: MIT */
/*
 * gdt.h: segment selectors and the task state segment.
 *
 * The order of the first four is fixed by sysenter/sysexit: kernel CS, then
 * kernel SS = CS + 8, user CS = CS + 16, user SS = CS + 24.
 * GDT_UCODE and GDT_UDATA are the running space's user segments: 0 to
 * USER_LIMIT in gdt[] (large spaces), a small space's slot in the copy of
 * the table that small space runs with (space_arch.h).
 */
#pragma once
#include <stdint.h>
#include "tcb_arch.h"
#include "x86.h"

#define GDT_KCODE        1
#define GDT_KDATA        2
#define GDT_UCODE        3
#define GDT_UDATA        4
#define GDT_TSS          5
#define GDT_UTCB         6      /* %gs for user: base = UTCB pointer slot */
#define GDT_FIRST_FREE   7
#define GDT_ENTRIES      32

#define SEL_KCODE   (GDT_KCODE << 3)
#define SEL_KDATA   (GDT_KDATA << 3)
#define SEL_UCODE   ((GDT_UCODE << 3) | 3)
#define SEL_UDATA   ((GDT_UDATA << 3) | 3)
#define SEL_TSS     (GDT_TSS << 3)
#define SEL_UTCB    ((GDT_UTCB << 3) | 3)
_Static_assert(SEL_UTCB == TCB_UTCB_SELECTOR, "tcb_arch.h has SEL_UTCB");
_Static_assert(SEL_KDATA == TCB_KDATA_SELECTOR && SEL_UDATA == TCB_UDATA_SELECTOR,
               "tcb_arch.h has SEL_KDATA and SEL_UDATA");

void gdt_init(void);
/* The descriptors, 8 bytes each, and the stack the CPU switches to on a
 * trap from user mode (which sysenter_entry loads too). Both change on
 * every thread switch, so the switch writes them inline. */
struct tss {
	uint32_t link, esp0, ss0, esp1, ss1, esp2, ss2, cr3, eip, eflags;
	uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;
	uint32_t es, cs, ss, ds, fs, gs, ldt;
	uint16_t trap, iomap_base;
} __attribute__((packed));
/* SYSENTER_ESP points at the TSS's link field (0x2, the flags the entry
 * pops) just below esp0, and sysenter keeps the user's TF: a debug trap
 * can come on the entry's first instruction, with that esp. Its frame
 * goes into the room below the TSS. */
struct tss_block {
	uint8_t trap_room[512];
	struct tss tss;
	uint8_t iomap[8192];            /* I/O permission bitmap (iobitmap.c) */
	uint8_t iomap_end;              /* 0xFF: the CPU reads two bytes */
};
/* The TSS's I/O map base: the bitmap, or beyond the limit (no ports). */
#define TSS_IOMAP_ON   ((uint16_t)sizeof(struct tss))
#define TSS_IOMAP_OFF  ((uint16_t)0xFFFF)
extern uint64_t gdt[GDT_ENTRIES];
extern struct tss_block tss_block;
static inline void tss_set_kernel_stack(uint32_t esp0) { tss_block.tss.esp0 = esp0; }
/* The SYSENTER_ESP MSR's value: the TSS's link word (clean flags, 0x2),
 * then esp0. */
uint32_t tss_sysenter_sp(void);
/* The user %gs descriptor: four bytes, read-only, at 'base'. */
uint64_t gdt_utcb_desc(uint32_t base);
/* The user code and data descriptors of a space whose addresses 0..size-1
 * lie at linear base.. (size a multiple of 4 KiB). The loaded table's
 * GDT_UCODE and GDT_UDATA always hold the running space's: a user can
 * load no other user segment than its own space's (and the UTCB
 * segment). */
uint64_t gdt_user_code_desc(uint32_t base, uint32_t size);
uint64_t gdt_user_data_desc(uint32_t base, uint32_t size);
/* GDTR for gdt[] (large spaces). */
extern const struct dtr gdt_kernel_dtr;
/* Fills 'copy' (GDT_FIRST_FREE entries) with gdt[]'s, the user segments
 * describing base..base+size-1, and points *d at it. */
void gdt_make_copy(uint64_t *copy, struct dtr *d, uint32_t base, uint32_t size);
