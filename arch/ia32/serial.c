// SPDX-License-Identifier: MIT
/*
 * serial.c: the kernel console on COM1, a 16550 UART at 115200 8N1.
 * Output waits for the transmit-holding register to empty before every
 * byte: Bochs drops bytes otherwise. Newlines go out as CR LF. Input is
 * polled too (the kernel debugger's break key: kdb_arch.c).
 */
#include "console.h"
#include "x86.h"

#define COM1        0x3F8
#define UART_DATA   0
#define UART_IER    1
#define UART_FCR    2
#define UART_LCR    3
#define UART_MCR    4
#define UART_LSR    5
#define LSR_DATA    0x01
#define LSR_THRE    0x20

void console_init(void)
{
	outb(COM1 + UART_IER, 0x00);            /* no interrupts: polled */
	outb(COM1 + UART_LCR, 0x80);            /* DLAB on */
	outb(COM1 + UART_DATA, 1);              /* divisor 1: 115200 baud */
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, 0x03);            /* 8N1, DLAB off */
	outb(COM1 + UART_FCR, 0x00);            /* no FIFO: THRE means sent */
	outb(COM1 + UART_MCR, 0x03);            /* DTR, RTS */
}

static void uart_put(char c)
{
	/* Bounded wait: a missing UART must not hang the kernel forever. */
	for (unsigned i = 0; i < 1000000; i++)
		if (inb(COM1 + UART_LSR) & LSR_THRE)
			break;
	outb(COM1 + UART_DATA, (uint8_t)c);
}

void console_putc(char c)
{
	if (c == '\n')
		uart_put('\r');
	uart_put(c);
}

void console_flush(void)
{
	/* Transmitter empty: the holding register and the shift register.
	 * Then linger a few character times: Bochs reports the shift
	 * register empty before its device has written the byte out. */
	for (unsigned i = 0; i < 1000000; i++)
		if (inb(COM1 + UART_LSR) & 0x40)
			break;
	for (unsigned i = 0; i < 200000; i++)
		(void)inb(COM1 + UART_LSR);
}

int console_poll(void)
{
	if (inb(COM1 + UART_LSR) & LSR_DATA)
		return inb(COM1 + UART_DATA);
	return -1;
}

/* Bytes the kernel debugger's break-key poll took off the line that were
 * not the break key: ReadChar still gets them, in order. */
static char stash[64];
static unsigned stash_head, stash_tail;

void console_stash(char c)
{
	if (stash_tail - stash_head < sizeof stash)
		stash[stash_tail++ % sizeof stash] = c;
}

int console_getc(void)
{
	if (stash_head != stash_tail)
		return (unsigned char)stash[stash_head++ % sizeof stash];
	return console_poll();
}
