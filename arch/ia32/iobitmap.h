/* SPDX-License-Identifier: MIT */
/*
 * iobitmap.h: the TSS I/O permission bitmap, switched with the address
 * space. The TSS has one bitmap area; it presents the ports of the space
 * that runs. For the common case, a space with no ports, the switch only
 * moves the TSS's I/O map base beyond its limit (every port faults), and
 * the area keeps the last copy: switching back to that space costs no
 * copy either. Keyed on the space changing, not on CR3 (small spaces
 * switch without a CR3 load).
 */
#pragma once
#include "../../kernel/iofpage.h"

#include "gdt.h"
#include "layout.h"

/* What the TSS presents now (NULL: no ports), and whose ports its area
 * holds a copy of. */
extern const struct io_space *io_active;
extern const struct io_space *io_copy_of;

/* Copies io's ports (not NULL) into the TSS area and presents them. */
void io_bitmap_load(const struct io_space *io);

/* The IPC fast path's one compare for "only the page table changes"
 * (sysenter.asm): a space's switch_key is its seg_key with a bit for
 * "has ports"; user_switch_key is the loaded seg_key with another bit
 * while the TSS presents a bitmap (or denies everything). The keys are
 * equal only between the same segments with no ports on either side.
 * A small space without ports has SWITCH_KEY_SMALL in both its keys (and
 * user_switch_key has it while its GDT is loaded and the TSS presents no
 * bitmap): a switch to it from a space whose TSS shows no ports changes
 * only GDTR, and stores its switch_key as the loaded key.
 * (Bits 10..21 of a seg_key are 0: its base is 4 MiB aligned, its size
 * >> 22 below 0x400.) Every writer of io_active, user_switch_key or a
 * space's io or seg_key refreshes them. */
#define SWITCH_KEY_PORTS   0x400u
#define SWITCH_KEY_IO_ON   0x800u
#define SWITCH_KEY_SMALL   0x1000u
#define SWITCH_KEY_FLAGS   (SWITCH_KEY_PORTS | SWITCH_KEY_IO_ON | SWITCH_KEY_SMALL)
#define LARGE_SEG_KEY      (USER_LIMIT >> 22)   /* base 0, USER_LIMIT */
extern uint32_t user_switch_key;
/* The seg_key of the segments (the GDT) loaded now. */
static inline uint32_t loaded_seg_key(void)
{
	return user_switch_key & ~SWITCH_KEY_FLAGS;
}
static inline void space_switch_key_update(struct space *s)
{
	uint32_t small = s->arch.small && !s->io ? SWITCH_KEY_SMALL : 0;
	s->arch.switch_key = s->arch.seg_key | small | (s->io ? SWITCH_KEY_PORTS : 0);
	s->arch.loaded_key = s->arch.seg_key | small | (s->io ? SWITCH_KEY_IO_ON : 0);
}
/* The segments of seg_key are loaded now (io_active as it is). */
static inline void user_switch_key_set(uint32_t seg_key)
{
	user_switch_key = seg_key | (io_active ? SWITCH_KEY_IO_ON :
	                             seg_key != LARGE_SEG_KEY ? SWITCH_KEY_SMALL : 0);
}
static inline void user_switch_key_update(void)
{
	user_switch_key_set(loaded_seg_key());
}

/* Called on every switch to a user thread of space 'to'. Between a space
 * with ports and one without (the root task, which holds the drivers'
 * ports, and a client) the area keeps its copy and only the map base
 * moves: inline, a handful of instructions on the IPC path. */
static inline void io_bitmap_switch(const struct space *to)
{
	const struct io_space *io = to->io;
	if (__builtin_expect(io == io_active, 1))
		return;
	if (io && io != io_copy_of) {
		io_bitmap_load(io);             /* a copy: out of line */
		return;
	}
	io_active = io;
	user_switch_key_update();
	tss_block.tss.iomap_base = io ? TSS_IOMAP_ON : TSS_IOMAP_OFF;
}

/* io's ports changed, or io is about to be freed: no copy of it may be
 * used again. */
void io_bitmap_changed(const struct io_space *io);
/* Sets up the TSS area (every port denied). */
void io_bitmap_init(void);
