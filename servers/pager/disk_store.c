// SPDX-License-Identifier: MIT
/*
 * disk_store.c: the disk-backed store (disk_store.h). Calls to the driver
 * have timeouts, so a driver that is gone or stuck fails the request
 * instead of hanging the pager.
 */
#include "disk_store.h"
#include "block_protocol.h"
#include <l4/ipc.h>
#include <l4/message.h>
#include <string.h>

#define SECTORS_PER_SLOT 8      /* 4 KiB of 512-byte sectors */

bool disk_store_io(struct disk_store *d, L4_Word_t label, L4_Word_t lba, L4_Word_t count)
{
	L4_LoadMR(1, lba);
	L4_LoadMR(2, count);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 2, .label = label } });
	L4_MsgTag_t tag = L4_Call_Timeouts(d->driver, L4_TimePeriod(1000000), L4_TimePeriod(5000000));
	L4_Word_t r = 0;
	L4_StoreMR(1, &r);
	if (L4_IpcFailed(tag)) {
		d->last_error = 0xFFFF;
		return false;
	}
	if (L4_Label(tag) != 0 || r != count) {
		d->last_error = L4_Label(tag) == BLOCK_ERROR ? r : 0xFFFF;
		return false;
	}
	return true;
}

static L4_Word_t slot_lba(const struct disk_store *d, unsigned slot)
{
	return d->first_lba + (L4_Word_t)slot * SECTORS_PER_SLOT;
}

static bool disk_write(struct store *s, unsigned slot, const void *page)
{
	struct disk_store *d = (struct disk_store *)s;
	memcpy((void *)d->buffer, page, 4096);
	if (!disk_store_io(d, BLOCK_WRITE, slot_lba(d, slot), SECTORS_PER_SLOT))
		return false;
	s->writes++;
	return true;
}

static bool disk_read(struct store *s, unsigned slot, void *page)
{
	struct disk_store *d = (struct disk_store *)s;
	if (!disk_store_io(d, BLOCK_READ, slot_lba(d, slot), SECTORS_PER_SLOT))
		return false;
	memcpy(page, (const void *)d->buffer, 4096);
	s->reads++;
	return true;
}

bool disk_store_init(struct disk_store *d, L4_ThreadId_t driver, L4_Word_t buffer,
                     L4_Word_t first_lba, unsigned nslots)
{
	d->store.write = disk_write;
	d->store.read = disk_read;
	d->store.nslots = nslots;
	d->store.writes = d->store.reads = 0;
	d->driver = driver;
	d->buffer = buffer;
	d->first_lba = first_lba;
	d->disk_sectors = 0;
	d->last_error = 0;
	L4_Fpage_t f = L4_FpageAddRights(L4_FpageLog2(buffer, 12), L4_ReadWriteOnly);
	L4_MapItem_t m = L4_MapItem(f, 0);
	L4_LoadMR(1, m.raw[0]);
	L4_LoadMR(2, m.raw[1]);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .t = 2, .label = BLOCK_ATTACH } });
	L4_MsgTag_t tag = L4_Call_Timeouts(driver, L4_TimePeriod(1000000), L4_TimePeriod(1000000));
	L4_StoreMR(1, &d->disk_sectors);
	return L4_IpcSucceeded(tag) && L4_Label(tag) == 0;
}
