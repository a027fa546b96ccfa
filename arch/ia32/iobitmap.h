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
	tss_block.tss.iomap_base = io ? TSS_IOMAP_ON : TSS_IOMAP_OFF;
}

/* io's ports changed, or io is about to be freed: no copy of it may be
 * used again. */
void io_bitmap_changed(const struct io_space *io);
/* Sets up the TSS area (every port denied). */
void io_bitmap_init(void);
