// SPDX-License-Identifier: MIT
/*
 * iobitmap.c: the TSS I/O permission bitmap (iobitmap.h). The CPU wants a
 * 1 bit for a denied port; a space's io_space has a 1 for a held port, so
 * the copy inverts. The area past the last copied extent is always 0xFF.
 */
#include "iobitmap.h"
#include "gdt.h"
#include "../../kernel/kernel.h"

const struct io_space *io_active;
const struct io_space *io_copy_of;      /* whose ports the area holds */
static uint32_t copy_extent;            /* bytes of the area that may be 0 */

void io_bitmap_init(void)
{
	memset(tss_block.iomap, 0xFF, sizeof tss_block.iomap);
	tss_block.iomap_end = 0xFF;
	tss_block.tss.iomap_base = TSS_IOMAP_OFF;
	io_active = 0;
	user_switch_key_update();
}

static void copy_in(const struct io_space *io)
{
	uint32_t n = io->extent;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *half = io->bits[i >> 12];
		tss_block.iomap[i] = half ? (uint8_t)~half[i & 4095] : 0xFF;
	}
	for (uint32_t i = n; i < copy_extent; i++)
		tss_block.iomap[i] = 0xFF;
	copy_extent = n;
	io_copy_of = io;
}

void io_bitmap_load(const struct io_space *io)
{
	io_active = io;
	user_switch_key_update();
	copy_in(io);
	tss_block.tss.iomap_base = TSS_IOMAP_ON;
}

void io_bitmap_changed(const struct io_space *io)
{
	if (io_copy_of == io)
		io_copy_of = 0;
	if (io_active == io) {
		/* Deny everything until the next load of the current space. */
		io_active = (const struct io_space *)1;
		user_switch_key_update();
		tss_block.tss.iomap_base = TSS_IOMAP_OFF;
	}
}
