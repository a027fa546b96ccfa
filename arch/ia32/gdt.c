// SPDX-License-Identifier: MIT
/*
 * gdt.c: the global descriptor table and the one TSS; no LDT.
 * User code and data segments end below the small-space area
 * (USER_LIMIT), so a large space cannot reach it through them; a small
 * space runs with a copy of the table whose user segments describe its
 * slot (space_arch.h, space_switch in uctx.h).
 */
#include "gdt.h"
#include "layout.h"
#include "x86.h"

_Static_assert(sizeof(struct tss) == 104, "TSS size");

#define ACC_PRESENT  0x80
#define ACC_DPL3     0x60
#define ACC_SEG      0x10
#define ACC_CODE     0x0A       /* execute/read */
#define ACC_DATA     0x02       /* read/write */
#define ACC_DATA_RO  0x00       /* read-only */
#define ACC_TSS      0x09       /* 32-bit TSS, available */
#define FLG_4K       0x80
#define FLG_32       0x40

uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(8)));
const struct dtr gdt_kernel_dtr = { sizeof gdt - 1, (uint32_t)gdt };
struct tss_block tss_block __attribute__((aligned(128)));

static uint64_t make_desc(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
	if (flags & FLG_4K)
		limit >>= 12;
	return (uint64_t)(limit & 0xFFFF) | (uint64_t)(base & 0xFFFFFF) << 16 |
	       (uint64_t)access << 40 | (uint64_t)(((limit >> 16) & 0x0F) | flags) << 48 |
	       (uint64_t)(base >> 24) << 56;
}

static void set_desc(unsigned i, uint32_t base, uint32_t limit, uint8_t access,
                     uint8_t flags)
{
	gdt[i] = make_desc(base, limit, access, flags);
}

uint64_t gdt_user_code_desc(uint32_t base, uint32_t size)
{
	return make_desc(base, size - 1, ACC_PRESENT | ACC_DPL3 | ACC_SEG | ACC_CODE,
	                 FLG_4K | FLG_32);
}

uint64_t gdt_user_data_desc(uint32_t base, uint32_t size)
{
	return make_desc(base, size - 1, ACC_PRESENT | ACC_DPL3 | ACC_SEG | ACC_DATA,
	                 FLG_4K | FLG_32);
}

void gdt_init(void)
{
	set_desc(GDT_KCODE, 0, 0xFFFFFFFF, ACC_PRESENT | ACC_SEG | ACC_CODE, FLG_4K | FLG_32);
	set_desc(GDT_KDATA, 0, 0xFFFFFFFF, ACC_PRESENT | ACC_SEG | ACC_DATA, FLG_4K | FLG_32);
	gdt[GDT_UCODE] = gdt_user_code_desc(0, USER_LIMIT);
	gdt[GDT_UDATA] = gdt_user_data_desc(0, USER_LIMIT);
	gdt[GDT_UTCB] = gdt_utcb_desc(UTCB_WORD_ADDRESS);
	tss_block.tss.ss0 = SEL_KDATA;
	/* The word SYSENTER_ESP points at: the flags the entry pops first
	 * (sysenter.asm), just below esp0. The CPU reads the link field only
	 * on a task return (an iret with NT set), which never happens: the
	 * kernel switches no tasks, and clears NT before any iret. */
	tss_block.tss.link = 0x2;
	tss_block.tss.iomap_base = TSS_IOMAP_OFF;       /* every port faults (iobitmap.c) */
	set_desc(GDT_TSS, (uint32_t)&tss_block.tss,
	         sizeof tss_block.tss + sizeof tss_block.iomap + 1 - 1, ACC_PRESENT | ACC_TSS, 0);

	lgdt(&gdt_kernel_dtr);
	__asm__ volatile(
		"ljmp %0, $1f\n1:\n"
		"mov %1, %%ds\n mov %1, %%es\n mov %1, %%ss\n"
		"xor %%eax, %%eax\n mov %%ax, %%fs\n mov %%ax, %%gs\n"
		: : "i"(SEL_KCODE), "r"(SEL_KDATA) : "eax", "memory");
	ltr(SEL_TSS);
	/* No LDT. LDTR still holds what the loader left, the CPU's reset
	 * value at worst: base 0, limit 0xFFFF, the first 64 KiB of the
	 * current space, which a user may fill with descriptors (a call
	 * gate into the kernel's code segment) and load by a selector with
	 * TI set. A null LDTR makes every such selector raise #GP. */
	lldt(0);
}

/* The copy is taken after ltr, so its TSS descriptor is busy too; its
 * limit ends the table after the UTCB segment, and a selector beyond it
 * raises #GP as a null descriptor in gdt[] does. */
void gdt_make_copy(uint64_t *copy, struct dtr *d, uint32_t base, uint32_t size)
{
	for (unsigned i = 0; i < GDT_FIRST_FREE; i++)
		copy[i] = gdt[i];
	copy[GDT_UCODE] = gdt_user_code_desc(base, size);
	copy[GDT_UDATA] = gdt_user_data_desc(base, size);
	d->limit = GDT_FIRST_FREE * 8 - 1;
	d->base = (uint32_t)copy;
}

uint32_t tss_sysenter_sp(void)
{
	return (uint32_t)&tss_block.tss.link;
}

uint64_t gdt_utcb_desc(uint32_t base)
{
	/* A.1: read-only, and only as long as the word it points at. */
	return make_desc(base, 3, ACC_PRESENT | ACC_DPL3 | ACC_SEG | ACC_DATA_RO, FLG_32);
}
