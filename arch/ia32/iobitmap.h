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
 * (Bits 10..21 of a seg_key are 0: its base is 4 MiB aligned, its size
 * >> 22 below 0x400.) Every writer of io_active, user_seg_key or a
 * space's io or seg_key refreshes them. */
#define SWITCH_KEY_PORTS   0x400u
#define SWITCH_KEY_IO_ON   0x800u
extern uint32_t user_switch_key, user_seg_key;
static inline void space_switch_key_update(struct space *s)
{
	s->arch.switch_key = s->arch.seg_key | (s->io ? SWITCH_KEY_PORTS : 0);
	s->arch.loaded_key = s->arch.seg_key | (s->io ? SWITCH_KEY_IO_ON : 0);
}
static inline void user_switch_key_update(void)
{
	user_switch_key = user_seg_key | (io_active ? SWITCH_KEY_IO_ON : 0);
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
