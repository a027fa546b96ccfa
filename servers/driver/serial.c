// SPDX-License-Identifier: MIT
/*
 * serial: a 16550 UART driver at user level. Its interrupts arrive as IPC
 * from the interrupt thread (X.2 §7.2), its ports as IO fpages (A.4): the
 * first touch of a port faults to its pager (the root task), which maps
 * them; the root task also associates the line with it (it is not
 * privileged itself). It serves the console protocol (l4/console.h)
 * to any client, one request at a time, in one thread.
 *
 * Receive and transmit are interrupt-driven, through two rings; the
 * UART runs without FIFOs (16450 mode), an interrupt per byte. Nothing
 * received is dropped: when the receive ring is full the driver stops
 * taking bytes (receive interrupt off) until a reader makes room, and the
 * emulated line waits. The kernel's own console stays on COM1; this
 * driver runs COM2 (IRQ 3).
 */
#include <l4/ipc.h>
#include <l4/message.h>
#include <l4/protocols.h>
#include <l4/thread.h>
#include <l4/ia32/ioport.h>
#include <stdio.h>
#include <l4/console.h>
#include <l4/loader.h>

#define UART        0x2F8               /* COM2 */
#define UART_IRQ    3
#define DATA        0
#define IER         1
#define IIR         2                   /* read */
#define FCR         2                   /* write */
#define LCR         3
#define MCR         4
#define LSR         5
#define MSR         6
#define IER_RX      0x01
#define IER_TX      0x02
#define LSR_RX      0x01
#define LSR_THRE    0x20
#define LSR_TEMT    0x40                /* transmitter empty, shift register too */

#define RX_SIZE     8192u
#define TX_SIZE     4096u

struct ring { unsigned char *buf; unsigned size, head, tail; };
static unsigned char rx_buf[RX_SIZE], tx_buf[TX_SIZE];
static struct ring rx = { rx_buf, RX_SIZE, 0, 0 }, tx = { tx_buf, TX_SIZE, 0, 0 };
static unsigned rx_lines;               /* '\n' in the receive ring */
static unsigned char ier;
static L4_ThreadId_t reader;            /* a client waiting for a line */
static L4_ThreadId_t syncer;            /* a client waiting for the output to leave */
static L4_ThreadId_t irq;

static unsigned ring_used(const struct ring *r) { return r->head - r->tail; }
static unsigned ring_free(const struct ring *r) { return r->size - ring_used(r); }
static void ring_put(struct ring *r, unsigned char c) { r->buf[r->head++ % r->size] = c; }
static unsigned char ring_get(struct ring *r) { return r->buf[r->tail++ % r->size]; }

static void set_ier(unsigned char v)
{
	if (v != ier)
		l4_outb(UART + IER, ier = v);
}

static void receive(void)
{
	while (l4_inb(UART + LSR) & LSR_RX) {
		if (!ring_free(&rx)) {
			set_ier(ier & ~IER_RX); /* full: the line waits */
			return;
		}
		unsigned char c = l4_inb(UART + DATA);
		ring_put(&rx, c);
		rx_lines += c == '\n';
	}
}

static void transmit(void)
{
	for (int n = 0; n < 16 && ring_used(&tx) && (l4_inb(UART + LSR) & LSR_THRE); n++)
		l4_outb(UART + DATA, ring_get(&tx));
	set_ier(ring_used(&tx) ? ier | IER_TX : ier & ~IER_TX);
}

/* Answers the client waiting in CONSOLE_SYNC once the ring is empty and
 * the last byte has left the shift register (one character time, 87 us at
 * 115200 baud: polled, not worth an interrupt). */
static void complete_sync(void)
{
	if (L4_IsNilThread(syncer) || ring_used(&tx))
		return;
	for (int i = 0; i < 100000 && !(l4_inb(UART + LSR) & LSR_TEMT); i++)
		;
	L4_Set_MsgTag(L4_Niltag);
	L4_Reply(syncer);
	syncer = L4_nilthread;
}

/* Until the UART has nothing more to say: its line must drop, or the
 * (edge-triggered) PIC would never see the next interrupt. */
static void handle_interrupt(void)
{
	unsigned char iir;
	for (int guard = 0; guard < 64 && !((iir = l4_inb(UART + IIR)) & 1); guard++) {
		switch (iir & 0x0E) {
		case 0x06: (void)l4_inb(UART + LSR); break;
		case 0x04: case 0x0C: receive(); if (!(ier & IER_RX)) return; break;
		case 0x02: transmit(); break;
		default:   (void)l4_inb(UART + MSR); break;
		}
	}
}

static void pack(unsigned n, unsigned char (*next)(void))
{
	L4_LoadMR(1, n);
	for (unsigned w = 0; w < (n + 3) / 4; w++) {
		L4_Word_t v = 0;
		for (unsigned b = 0; b < 4 && w * 4 + b < n; b++)
			v |= (L4_Word_t)next() << (8 * b);
		L4_LoadMR(2 + (int)w, v);
	}
}

static unsigned char rx_next(void)
{
	unsigned char c = ring_get(&rx);
	rx_lines -= c == '\n';
	return c;
}

/* Gives the waiting reader a line, if there is one (or a full piece). */
static void complete_read(void)
{
	if (L4_IsNilThread(reader))
		return;
	unsigned n = 0, used = ring_used(&rx);
	if (rx_lines) {
		while (n < used && rx.buf[(rx.tail + n) % rx.size] != '\n')
			n++;
		n++;
	} else if (used >= CONSOLE_MAX_BYTES) {
		n = CONSOLE_MAX_BYTES;
	} else {
		return;
	}
	if (n > CONSOLE_MAX_BYTES)
		n = CONSOLE_MAX_BYTES;
	/* Peek first: the reader may have given up (its timeout). */
	unsigned tail = rx.tail, lines = rx_lines;
	pack(n, rx_next);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1 + (n + 3) / 4 } });
	if (L4_IpcFailed(L4_Reply(reader))) {
		rx.tail = tail;                 /* the line stays for the next one */
		rx_lines = lines;
	}
	reader = L4_nilthread;
	if (!(ier & IER_RX) && ring_free(&rx)) {
		set_ier(ier | IER_RX);
		receive();
	}
}

static void error_reply(L4_ThreadId_t to, L4_Word_t why)
{
	L4_LoadMR(1, why);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1, .label = CONSOLE_ERROR } });
	L4_Reply(to);
}

/* CONSOLE_WRITE into the transmit ring, CONSOLE_INPUT into the receive
 * ring (keystrokes from another driver). */
static void serve_write(L4_ThreadId_t from, L4_MsgTag_t tag)
{
	bool input = L4_Label(tag) == CONSOLE_INPUT;
	struct ring *r = input ? &rx : &tx;
	L4_Word_t n = 0;
	L4_StoreMR(1, &n);
	if (n > CONSOLE_MAX_BYTES || L4_TypedWords(tag) || L4_UntypedWords(tag) != 1 + (n + 3) / 4) {
		error_reply(from, CONSOLE_ERR_LENGTH);
		return;
	}
	unsigned taken = 0;
	for (unsigned w = 0; w < (n + 3) / 4; w++) {
		L4_Word_t v;
		L4_StoreMR(2 + (int)w, &v);
		for (unsigned b = 0; b < 4 && w * 4 + b < n && ring_free(r); b++, taken++) {
			unsigned char c = (unsigned char)(v >> (8 * b));
			ring_put(r, c);
			rx_lines += input && c == '\n';
		}
	}
	if (input)
		complete_read();
	else
		transmit();
	L4_LoadMR(1, taken);
	L4_Set_MsgTag((L4_MsgTag_t){ .X = { .u = 1 } });
	L4_Reply(from);
}

static void uart_init(void)
{
	l4_outb(UART + IER, 0);
	l4_outb(UART + LCR, 0x80);              /* divisor latch */
	l4_outb(UART + DATA, 1);                /* 115200 baud */
	l4_outb(UART + IER, 0);
	l4_outb(UART + LCR, 0x03);              /* 8N1 */
	/* No FIFOs: turning them on would clear what the line has already
	 * delivered, and a byte per interrupt is what the tests want. */
	l4_outb(UART + FCR, 0x00);
	l4_outb(UART + MCR, 0x0B);              /* DTR, RTS, OUT2: the IRQ line */
	(void)l4_inb(UART + LSR);
	(void)l4_inb(UART + MSR);
	set_ier(IER_RX);
}

/* The rings are touched once before serving: no page fault (and no
 * pager) on the way of an interrupt, and the driver's memory use is fixed
 * from the start. */
static void prefault(unsigned char *buf, unsigned size)
{
	for (unsigned i = 0; i < size; i += 4096)
		((volatile unsigned char *)buf)[i] = 0;
	((volatile unsigned char *)buf)[size - 1] = 0;     /* the rings are not page-aligned */
}

int main(void)
{
	irq = L4_GlobalId(UART_IRQ, 1);
	prefault(rx_buf, RX_SIZE);
	prefault(tx_buf, TX_SIZE);
	bool ok = L4_Loader_AssociateInterrupt(UART_IRQ) == 0;
	uart_init();
	printf("serial: %lx drives COM2 (IRQ %u)%s\n", (unsigned long)L4_Myself().raw,
	       UART_IRQ, ok ? "" : ", but has no interrupt");
	/* Clients find the console by name (l4/loader.h). */
	L4_Word_t named = L4_Name_Register("console", L4_Myself());
	if (named)
		printf("serial: the name \"console\" refused: error %lu\n", (unsigned long)named);
	L4_Loader_Ready();
	receive();                              /* what came before the interrupt */
	for (;;) {
		L4_ThreadId_t from;
		L4_MsgTag_t tag = L4_Wait(&from);
		if (L4_IpcFailed(tag))
			continue;
		if (from.raw == irq.raw) {
			handle_interrupt();
			L4_LoadMR(0, 0);
			L4_Reply(irq);          /* unmasks the line */
			complete_read();
			complete_sync();
		} else if (L4_Label(tag) == CONSOLE_WRITE || L4_Label(tag) == CONSOLE_INPUT) {
			serve_write(from, tag);
		} else if (L4_Label(tag) == CONSOLE_READ && !L4_UntypedWords(tag) &&
		           !L4_TypedWords(tag)) {
			reader = from;          /* the newest reader wins */
			complete_read();
		} else if (L4_Label(tag) == CONSOLE_SYNC && !L4_UntypedWords(tag) &&
		           !L4_TypedWords(tag)) {
			if (!L4_IsNilThread(syncer) && syncer.raw != from.raw) {
				error_reply(from, CONSOLE_ERR_BUSY);
				continue;
			}
			syncer = from;
			complete_sync();
		} else {
			bool known = L4_Label(tag) == CONSOLE_READ || L4_Label(tag) == CONSOLE_SYNC;
			error_reply(from, known ? CONSOLE_ERR_LENGTH : CONSOLE_ERR_LABEL);
		}
	}
}
