// SPDX-License-Identifier: MIT
/*
 * kbd: a PS/2 keyboard driver at user level (IRQ 1, ports 0x60/0x64 as
 * IO fpages). Each interrupt brings a scancode (set 1: the 8042
 * translates); key presses become characters (US layout, shift only) and
 * go to the console, the serial driver, as CONSOLE_INPUT, where readers
 * get them as if typed on the serial line. The console's thread comes
 * from the pager (the root task), by name.
 */
#include <l4/ipc.h>
#include <l4/message.h>
#include <l4/thread.h>
#include <l4/ia32/ioport.h>
#include <stdio.h>
#include <l4/console.h>
#include <l4/loader.h>

#define KBD_DATA    0x60
#define KBD_STATUS  0x64                /* read */
#define KBD_CMD     0x64                /* write */
#define KBD_IRQ     1

static const char plain[0x3A] =
	"\0\0331234567890-=\b\tqwertyuiop[]\n\0asdfghjkl;'`\0\\zxcvbnm,./\0*\0 ";
static const char shifted[0x3A] =
	"\0\033!@#$%^&*()_+\b\tQWERTYUIOP{}\n\0ASDFGHJKL:\"~\0|ZXCVBNM<>?\0*\0 ";

static bool shift;
static L4_ThreadId_t console;

/* The character of a scancode, or 0 (a release, a modifier, unknown). */
static char translate(unsigned char code)
{
	bool release = code & 0x80;
	code &= 0x7F;
	if (code == 0x2A || code == 0x36) {
		shift = !release;
		return 0;
	}
	if (release || code >= sizeof plain)
		return 0;
	return shift ? shifted[code] : plain[code];
}

int main(void)
{
	bool ok = L4_Loader_AssociateInterrupt(KBD_IRQ) == 0;
	/* The console driver: where keys go, and where this driver prints. */
	console_open();
	console = console_attached();
	/* Drop what the controller holds, then keyboard interrupts on and
	 * translation to set 1 in the controller's command byte. */
	for (int i = 0; i < 32 && (l4_inb(KBD_STATUS) & 1); i++)
		(void)l4_inb(KBD_DATA);
	l4_outb(KBD_CMD, 0x20);
	for (int i = 0; i < 100000 && !(l4_inb(KBD_STATUS) & 1); i++)
		;
	unsigned char cmd = l4_inb(KBD_DATA);
	l4_outb(KBD_CMD, 0x60);
	l4_outb(KBD_DATA, (unsigned char)((cmd | 0x41) & ~0x10));   /* IRQ 1, xlate, clock on */
	l4_outb(KBD_CMD, 0xAE);                 /* keyboard interface on */
	l4_outb(KBD_DATA, 0xF4);                /* the keyboard: scan (its ACK is dropped) */
	printf("kbd: %lx reads the keyboard (IRQ %u)%s, console %lx, command byte %x: ready\n",
	       (unsigned long)L4_Myself().raw, KBD_IRQ, ok ? "" : " without its interrupt",
	       (unsigned long)console.raw, cmd);
	L4_Name_Register("kbd", L4_Myself());
	L4_Loader_Ready();
	L4_ThreadId_t irq = L4_GlobalId(KBD_IRQ, 1);
	for (;;) {
		L4_MsgTag_t tag = L4_Receive(irq);
		if (L4_IpcFailed(tag))
			continue;
		char pending[16];
		unsigned n = 0;
		while ((l4_inb(KBD_STATUS) & 1) && n < sizeof pending) {
			char c = translate(l4_inb(KBD_DATA));
			if (c)
				pending[n++] = c;
		}
		L4_LoadMR(0, 0);
		L4_Reply(irq);
		if (n)
			console_input(console, pending, n);
	}
}
