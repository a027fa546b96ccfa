/* SPDX-License-Identifier: MIT */
/*
 * pipe.h: a byte pipe between two threads, in two address spaces or one
 * (not part of X.2; an extension library). As in ExOS, the data never goes
 * through the kernel: the two ends share a ring in memory (8 KiB, mapped
 * into both spaces by whoever sets the pipe up), and IPC is used only to
 * block and to wake: a reader that finds the ring empty, or a writer that
 * finds it full, says so in the shared header and waits for one message
 * from its partner, who sends it after making progress.
 *
 * Each wait is matched by exactly one wake: the waiter raises its flag,
 * looks at the ring once more, and if the ring changed meanwhile takes the
 * flag back with an atomic exchange; if the partner took it first, a wake
 * is on its way and the waiter receives it. So no wake-up is lost and none
 * is left over.
 */
#pragma once
#include <l4/types.h>
#include <l4/thread.h>

L4_BEGIN_DECLS                  /* C names for C++ programs */

#define PIPE_RING_SIZE  4096u           /* bytes; a power of two */
#define PIPE_BYTES      8192u           /* the shared area: header + ring */
#define PIPE_WAKE_LABEL 0x5049u         /* "PI": a wake message */

struct pipe {
	volatile L4_Word_t head;        /* bytes written in all (writer's) */
	volatile L4_Word_t tail;        /* bytes read in all (reader's) */
	volatile L4_Word_t reader_waits, writer_waits;
	volatile L4_Word_t write_closed, read_closed;
	L4_ThreadId_t reader, writer;
	L4_Word_t timeout_us;           /* how long one end waits; 0: forever */
	char pad[4096 - 9 * sizeof(L4_Word_t)];
	unsigned char ring[PIPE_RING_SIZE];
};

/* Sets up the shared area p for 'reader' and 'writer' (threads). Waits
 * never time out unless pipe_set_timeout says otherwise. */
void pipe_init(struct pipe *p, L4_ThreadId_t reader, L4_ThreadId_t writer);
/* One wait for the partner lasts at most 'us' microseconds (0: forever). */
void pipe_set_timeout(struct pipe *p, L4_Word_t us);

/* Writes all n bytes, waiting while the ring is full. Returns n; or -1 if
 * the reader closed its end, the caller is not the writer, or a wait or
 * wake failed (the partner is gone or the wait timed out); bytes written
 * before the failure stay in the ring. */
int pipe_write(struct pipe *p, const void *buf, unsigned n);
/* Reads 1..n bytes, waiting while the ring is empty. Returns the count; 0
 * at end of file (writer closed, ring drained) or when n is 0; -1 as for
 * pipe_write. */
int pipe_read(struct pipe *p, void *buf, unsigned n);
/* Closes one end; the other end sees end of file (reader) or -1 (writer). */
void pipe_close_write(struct pipe *p);
void pipe_close_read(struct pipe *p);

L4_END_DECLS
