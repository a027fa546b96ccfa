// SPDX-License-Identifier: MIT
/*
 * ata: an ATA disk driver at user level: the primary channel's master
 * (ports 0x1F0-0x1F7 and 0x3F6 as IO fpages, IRQ 14), 28-bit LBA, PIO,
 * interrupt-driven: after each command it waits for the drive's interrupt
 * as IPC from the interrupt thread (a closed receive, with a timeout)
 * before it moves the next sector. It serves the block protocol
 * (block_protocol.h) to one client buffer at a time.
 */
#include <l4/ipc.h>
#include <l4/message.h>
#include <l4/thread.h>
#include <l4/ia32/ioport.h>
#include <l4/console.h>
#include <l4/loader.h>
#include <stdio.h>
#include "block_protocol.h"

#define ATA         0x1F0
#define ATA_CTRL    0x3F6
#define REG_DATA    0
#define REG_COUNT   2
#define REG_LBA0    3
#define REG_LBA1    4
#define REG_LBA2    5
#define REG_DRIVE   6
#define REG_STATUS  7                   /* read: also ends the interrupt */
#define REG_CMD     7
#define ST_BSY      0x80
#define ST_DRQ      0x08
#define ST_DF       0x20
#define ST_ERR      0x01
#define CMD_READ    0x20
#define CMD_WRITE   0x30
#define CMD_FLUSH   0xE7
#define CMD_IDENT   0xEC
#define ATA_IRQ     14
/* The client's page lands here: 3 MiB into the 4 MiB of the driver's own
 * image (wherever it is linked), so no page table is made for it. */
extern char __image_start[];
#define BUFFER      (((L4_Word_t)__image_start & ~0x3FFFFFUL) + 0x300000UL)

static L4_ThreadId_t irq;
static bool attached;
static L4_Word_t sectors;
static uint16_t ident[256];

/* Waits for the drive's interrupt, reads the status (which ends it at
 * the drive) and acknowledges the line. Returns the status, or 0xFF. */
static uint8_t wait_irq(void)
{
	L4_MsgTag_t tag = L4_Receive_Timeout(irq, L4_TimePeriod(2000000));
	uint8_t st = l4_inb(ATA + REG_STATUS);
	if (L4_IpcFailed(tag))
		return 0xFF;
	L4_LoadMR(0, 0);
	L4_Reply(irq);
	return st;
}

static bool wait_drq(void)
{
	for (unsigned i = 0; i < 1000000; i++) {
		uint8_t st = l4_inb(ATA_CTRL);      /* alternate status */
		if (!(st & ST_BSY))
			return (st & (ST_DRQ | ST_ERR | ST_DF)) == ST_DRQ;
	}
	return false;
}

static void command(uint8_t cmd, L4_Word_t lba, unsigned count)
{
	l4_outb(ATA + REG_DRIVE, (uint8_t)(0xE0 | ((lba >> 24) & 0x0F)));
	l4_outb(ATA + REG_COUNT, (uint8_t)count);
	l4_outb(ATA + REG_LBA0, (uint8_t)lba);
	l4_outb(ATA + REG_LBA1, (uint8_t)(lba >> 8));
	l4_outb(ATA + REG_LBA2, (uint8_t)(lba >> 16));
	l4_outb(ATA + REG_CMD, cmd);
}

static bool bad(uint8_t st) { return st == 0xFF || (st & (ST_ERR | ST_DF)); }

static bool read_sectors(uint16_t *buf, L4_Word_t lba, unsigned count)
{
	command(CMD_READ, lba, count);
	for (unsigned s = 0; s < count; s++) {
		if (bad(wait_irq()) || !wait_drq())
			return false;
		for (unsigned i = 0; i < 256; i++)
			buf[s * 256 + i] = l4_inw(ATA + REG_DATA);
	}
	return true;
}

static bool write_sectors(const uint16_t *buf, L4_Word_t lba, unsigned count)
{
	command(CMD_WRITE, lba, count);
	for (unsigned s = 0; s < count; s++) {
		if (!wait_drq())
			return false;
		for (unsigned i = 0; i < 256; i++)
			l4_outw(ATA + REG_DATA, buf[s * 256 + i]);
		if (bad(wait_irq()))
			return false;
	}
	command(CMD_FLUSH, 0, 0);
	return !bad(wait_irq());
}

static bool identify(void)
{
	l4_outb(ATA_CTRL, 0);                   /* nIEN clear: interrupts on */
	l4_outb(ATA + REG_DRIVE, 0xA0);
	if (l4_inb(ATA + REG_STATUS) == 0xFF)
		return false;                   /* nothing on the channel */
	l4_outb(ATA + REG_CMD, CMD_IDENT);
	if (bad(wait_irq()) || !wait_drq())
		return false;
	for (unsigned i = 0; i < 256; i++)
		ident[i] = l4_inw(ATA + REG_DATA);
	sectors = ident[60] | (L4_Word_t)ident[61] << 16;
	return sectors != 0;
}

static void reply(L4_ThreadId_t to, L4_Word_t label, L4_Word_t w)
{
	L4_LoadMR(1, w);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1, .label = label } });
	L4_Reply(to);
}

static void serve(L4_ThreadId_t from, L4_MsgTag_t tag)
{
	L4_Word_t lba = 0, count = 0;
	L4_StoreMR(1, &lba);
	L4_StoreMR(2, &count);
	switch (L4_Label(tag)) {
	case BLOCK_ATTACH:
		if (L4_TypedWords(tag) != 2) {
			reply(from, BLOCK_ERROR, BLOCK_ERR_BUFFER);
			return;
		}
		attached = true;
		reply(from, 0, sectors);
		return;
	case BLOCK_READ:
	case BLOCK_WRITE:
		if (L4_UntypedWords(tag) != 2 || L4_TypedWords(tag) || count == 0 ||
		    count > BLOCK_MAX_SECTORS || lba >= sectors || count > sectors - lba) {
			reply(from, BLOCK_ERROR, BLOCK_ERR_RANGE);
			return;
		}
		if (!attached) {
			reply(from, BLOCK_ERROR, BLOCK_ERR_BUFFER);
			return;
		}
		bool ok = L4_Label(tag) == BLOCK_READ ?
		          read_sectors((uint16_t *)BUFFER, lba, (unsigned)count) :
		          write_sectors((const uint16_t *)BUFFER, lba, (unsigned)count);
		if (ok)
			reply(from, 0, count);
		else
			reply(from, BLOCK_ERROR, BLOCK_ERR_DEVICE);
		return;
	default:
		reply(from, BLOCK_ERROR, BLOCK_ERR_LABEL);
	}
}

int main(void)
{
	console_open();                 /* prints through the console driver, if any */
	irq = L4_GlobalId(ATA_IRQ, 1);
	bool disk = L4_Loader_AssociateInterrupt(ATA_IRQ) == 0 && identify();
	printf("ata: %lx drives the primary master (IRQ %u): %lu sectors%s\n",
	       (unsigned long)L4_Myself().raw, ATA_IRQ, (unsigned long)sectors,
	       disk ? "" : ", no usable disk");
	L4_Name_Register("ata", L4_Myself());
	L4_Loader_Ready();
	L4_Accept(L4_MapGrantItems(L4_FpageLog2(BUFFER, 12)));
	for (;;) {
		L4_ThreadId_t from;
		L4_MsgTag_t tag = L4_Wait(&from);
		if (L4_IpcSucceeded(tag) && from.raw != irq.raw)
			serve(from, tag);
	}
}
