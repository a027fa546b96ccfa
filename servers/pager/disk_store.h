/* SPDX-License-Identifier: MIT */
/*
 * disk_store.h: a backing store (store.h) on a disk, through the block
 * protocol of the ATA driver (servers/driver/block_protocol.h). Slot i is
 * the 8 sectors from first_lba + 8 i. The store has one page of its own
 * space, mapped to the driver as its buffer: a page goes to the disk by a
 * copy into that page and a BLOCK_WRITE, and comes back the other way.
 * The store does not check slots against the disk's size: the driver
 * does, and its refusal (or a drive error) fails the write or read, which
 * the paging pager turns into a refused fault.
 */
#pragma once
#include "store.h"

struct disk_store {
	struct store store;
	L4_ThreadId_t driver;
	L4_Word_t buffer;               /* a page of this space, the driver's buffer */
	L4_Word_t first_lba;
	L4_Word_t disk_sectors;         /* as the driver reported at attach */
	L4_Word_t last_error;           /* BLOCK_ERR_*, or 0xFFFF if the IPC failed */
};

/* Attaches the buffer page to the driver (which then uses no other). */
bool disk_store_init(struct disk_store *d, L4_ThreadId_t driver, L4_Word_t buffer,
                     L4_Word_t first_lba, unsigned nslots);
/* One block request of up to 8 sectors on the buffer: true if the driver
 * did it. Also for tests that look at the raw sectors. */
bool disk_store_io(struct disk_store *d, L4_Word_t label, L4_Word_t lba, L4_Word_t count);
