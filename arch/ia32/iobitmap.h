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

/* What the TSS presents now (NULL: no ports). */
extern const struct io_space *io_active;

void io_bitmap_load(const struct io_space *io);

/* Called on every switch to a user thread of space 'to'. */
static inline void io_bitmap_switch(const struct space *to)
{
	if (to->io != io_active)
		io_bitmap_load(to->io);
}

/* io's ports changed, or io is about to be freed: no copy of it may be
 * used again. */
void io_bitmap_changed(const struct io_space *io);
/* Sets up the TSS area (every port denied). */
void io_bitmap_init(void);
